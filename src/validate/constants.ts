/**
 * Constants a log's header gives (`{"N": 5}`), put into the model's config:
 * the log says how many nodes the run had, so it, not the config written
 * for model checking, decides.
 *
 * @module
 */
import { parseConfig } from "../explorer/index.js";
import { TlabridgeError } from "../errors.js";
import { fromItf, printValue, type Value } from "../values/index.js";
import type { HeaderConstant } from "./mapped-logs.js";
import { oneLine } from "../util/one-line.js";

/** The outcome of {@link configWithConstants}. */
export interface ConfigWithConstants {
  /** The config's text with the header's constants assigned last (the last assignment wins). */
  readonly text: string;
  /** One line per constant whose value in the config differs from the header's. */
  readonly notes: readonly string[];
}

/**
 * The config text (`base`, from `baseFile`) with a CONSTANTS section for the
 * header's constants appended. Values are JSON or ITF: integers, strings,
 * booleans, and sets or tuples of them (what a config can spell).
 */
export function configWithConstants(base: string, baseFile: string, constants: ReadonlyMap<string, HeaderConstant>): ConfigWithConstants {
  const given = parseConfig(base, baseFile).constants;
  const notes: string[] = [];
  const lines: string[] = [];
  for (const [name, c] of [...constants].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let value: Value;
    try {
      value = fromItf(c.value);
    } catch (e) {
      throw new TlabridgeError("LOG_HEADER", oneLine(`${c.file}:${c.line}: constant ${name}: ${(e as Error).message}`));
    }
    if (!printable(value)) throw new TlabridgeError("LOG_HEADER", `${c.file}:${c.line}: constant ${name} is ${JSON.stringify(c.value)}: a config can only assign integers, strings, booleans, and sets or tuples of them.`);
    const text = printValue(value);
    const old = given.get(name);
    if (old !== undefined && printValue(old) !== text) notes.push(`${name} = ${text} from ${c.file}:${c.line} replaces ${name} = ${printValue(old)} of ${baseFile}`);
    lines.push(`    ${name} = ${text}`);
  }
  if (lines.length === 0) return { text: base, notes };
  return { text: `${base}\n\\* Constants from the log's header lines (tlabridge validate --mapping).\nCONSTANTS\n${lines.join("\n")}\n`, notes };
}

function printable(v: Value): boolean {
  switch (v.kind) {
    case "int":
    case "string":
    case "bool":
    case "interval":
      return true;
    case "set":
    case "seq":
      return v.elements.every(printable);
    default:
      return false;
  }
}
