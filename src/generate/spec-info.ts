import { parseConfig } from "../explorer/index.js";
import type { Value } from "../values/index.js";
import { readInputText } from "../util/input.js";

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

/**
 * The constants a TLC config assigns values to (`Name = value`; `<-`
 * substitutions are skipped), for adapters' `setup`.
 */
export function configConstants(cfgText: string, file: string): Record<string, Value> {
  return Object.fromEntries(parseConfig(cfgText, file).constants);
}

/** Reads a file for the generator, with a clear error when it is missing. */
export async function readText(file: string, what: string): Promise<string> {
  // The input layer: a folder, a FIFO, a binary or a missing file is refused in one line (exit 2).
  return (await readInputText(file, { noun: `a TLA+ ${what}`, codePrefix: what === "config" ? "CONFIG" : "SPEC", pathHint: ` given as the ${what}` })).text;
}
