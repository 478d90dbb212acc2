import { readFile } from "node:fs/promises";
import { TlabridgeError } from "../errors.js";
import { parseConfig } from "../explorer/index.js";
import type { Value } from "../values/index.js";

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
  try {
    return await readFile(file, "utf8");
  } catch {
    throw new TlabridgeError("INPUT_NOT_FOUND", `${file} does not exist or cannot be read: check the path of the ${what}.`);
  }
}
