import { readFile } from "node:fs/promises";
import { TlabridgeError } from "../errors.js";
import { parseValue, ValueSyntaxError, type Value } from "../values/index.js";

/**
 * Formal parameter names of a spec's operators (`Read(t, k, v) == ...`),
 * read from the module text: TLC's action labels give arguments by position,
 * adapters get them by name.
 */
export function operatorParameters(moduleText: string): Map<string, string[]> {
  const params = new Map<string, string[]>();
  const definition = /^[ \t]*(?:LOCAL[ \t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(([^()]*)\)[ \t]*==/gm;
  for (const m of moduleText.matchAll(definition)) {
    const names = m[2]!.split(",").map((p) => p.trim());
    if (names.every((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n)) && !params.has(m[1]!)) params.set(m[1]!, names);
  }
  return params;
}

const CFG_KEYWORDS = /^(CONSTANTS?|INIT|NEXT|SPECIFICATION|INVARIANTS?|PROPERTY|PROPERTIES|CONSTRAINTS?|ACTION_CONSTRAINTS?|VIEW|SYMMETRY|CHECK_DEADLOCK|ALIAS|POSTCONDITION)\b/;

/**
 * The constants a TLC config assigns values to (`Name = value`; `<-`
 * substitutions are skipped), for adapters' `setup`.
 */
export function configConstants(cfgText: string, file: string): Record<string, Value> {
  const constants: Record<string, Value> = {};
  let inConstants = false;
  const lines = cfgText.replace(/\\\*.*$/gm, "").split("\n");
  let pending = "";
  let pendingLine = 0;
  const flush = (): void => {
    const text = pending.trim();
    pending = "";
    if (text === "") return;
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(=|<-)\s*([\s\S]*)$/.exec(text);
    if (!m) throw new TlabridgeError("CONFIG_SYNTAX", `${file}:${pendingLine}: expected 'Name = value' in the CONSTANTS section, found '${text.slice(0, 40)}'.`);
    if (m[2] === "<-") return;
    try {
      constants[m[1]!] = parseValue(m[3]!);
    } catch (e) {
      if (e instanceof ValueSyntaxError) throw new TlabridgeError("CONFIG_SYNTAX", `${file}:${pendingLine}: ${e.expected} in the value of ${m[1]}.`);
      throw e;
    }
  };
  lines.forEach((raw, i) => {
    let line = raw.trim();
    const keyword = CFG_KEYWORDS.exec(line);
    if (keyword) {
      flush();
      inConstants = /^CONSTANTS?$/.test(keyword[1]!);
      line = line.slice(keyword[0].length).trim();
    }
    if (!inConstants || line === "") return;
    // A new assignment starts with `Name =` or `Name <-`; anything else continues the previous one.
    if (/^[A-Za-z_][A-Za-z0-9_]*\s*(=|<-)/.test(line)) {
      // Several assignments may share a line: split before each `Name =`.
      const parts = line.split(/\s+(?=[A-Za-z_][A-Za-z0-9_]*\s*(?:=|<-))/);
      for (const part of parts) {
        flush();
        pending = part;
        pendingLine = i + 1;
      }
    } else pending += " " + line;
  });
  flush();
  return constants;
}

/** Reads a file for the generator, with a clear error when it is missing. */
export async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch {
    throw new TlabridgeError("INPUT_NOT_FOUND", `${file} does not exist or cannot be read: check the path of the ${what}.`);
  }
}
