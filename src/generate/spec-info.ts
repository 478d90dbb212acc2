import { parseConfig } from "../explorer/index.js";
import { loadSpecModule } from "../explorer/modules.js";
import { Evaluator } from "../explorer/evaluate.js";
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
 * Formal parameter names of the operators a spec defines or reaches through
 * EXTENDS and INSTANCE (a Toolbox `MC.tla` that only extends the real spec
 * and sets constants gives the real spec's names, not `arg1, arg2`): the
 * module loader's merged definitions, over the names read from the text
 * itself (which win, as the spec's own definitions do). When the modules do
 * not load (a module only TLC has, a construct the parser refuses), the
 * spec's own text is all there is.
 */
export async function specOperatorParameters(specFile: string, moduleText: string, libraryPaths?: readonly string[]): Promise<Map<string, string[]>> {
  const own = operatorParameters(moduleText);
  let loaded;
  try {
    loaded = await loadSpecModule(specFile, moduleText, { libraryPaths });
  } catch {
    return own;
  }
  const params = new Map<string, string[]>();
  for (const [name, def] of loaded.definitions) if (def.params.length > 0 && !def.operatorParams.some(Boolean)) params.set(name, [...def.params]);
  for (const [name, names] of own) params.set(name, names);
  return params;
}

/**
 * The constants a TLC config assigns values to (`Name = value`; `<-`
 * substitutions are skipped), for adapters' `setup`.
 */
export function configConstants(cfgText: string, file: string): Record<string, Value> {
  return Object.fromEntries(parseConfig(cfgText, file).constants);
}

/**
 * The constants passed to `setup`: the config's `Name = value`s, and the
 * values of constants it substitutes by a definition (`Txns <- const_txns`,
 * as the Toolbox's MC.cfg does), computed from the spec. A substitution that
 * does not evaluate to a constant value (or a spec that does not load) is
 * left out, as before.
 */
export async function specConstants(specFile: string | undefined, cfgText: string, cfgFile: string, libraryPaths?: readonly string[]): Promise<Record<string, Value>> {
  const config = parseConfig(cfgText, cfgFile);
  const out: Record<string, Value> = Object.fromEntries(config.constants);
  if (specFile === undefined || config.substitutions.size === 0) return out;
  try {
    const module = await loadSpecModule(specFile, undefined, { libraryPaths });
    const evaluator = new Evaluator(module, config.constants, config.substitutions);
    for (const [name, by] of config.substitutions) {
      const def = module.definitions.get(by);
      if (!module.constants.includes(name) || def === undefined || def.params.length > 0) continue;
      try {
        out[name] = evaluator.eval(def.body, { env: new Map(), state: [], next: undefined });
      } catch {
        // Not a constant (it reads a variable), or an error the explorer reports when it explores: not passed.
      }
    }
  } catch {
    // The spec does not load here (a module only TLC has): the config's own values are all there is.
  }
  return out;
}

/** Reads a file for the generator, with a clear error when it is missing. */
export async function readText(file: string, what: string): Promise<string> {
  // The input layer: a folder, a FIFO, a binary or a missing file is refused in one line (exit 2).
  return (await readInputText(file, { noun: `a TLA+ ${what}`, codePrefix: what === "config" ? "CONFIG" : "SPEC", pathHint: ` given as the ${what}` })).text;
}
