import { FALSE, TRUE, fn, int, modelValue, recordOf, seq, set, str, type Value } from "./value.js";
import { InputError } from "../errors.js";
import { jsonPosition } from "../util/json-position.js";
import { checkJsonShape, inputLimits, LIMIT_FLAGS, limitError, positionInText, ShapeLimitError, shown, type InputLimits } from "../util/limits.js";
import { setOwn } from "../util/own.js";

/** JSON as the Informal Trace Format (ITF) writes TLA+ values. */
export type ItfJson = boolean | number | string | ItfJson[] | { [key: string]: ItfJson };

/** A JSON value that is not an ITF value; `path` locates it (`$.db.k1[0]`). */
export class ItfError extends Error {
  override readonly name = "ItfError";
  constructor(
    /** What is wrong and what was expected. */
    readonly problem: string,
    /** Where, as a JSONPath-like string. */
    readonly path: string,
  ) {
    super(`${path}: ${problem}`);
  }
}

/**
 * Encodes a value as ITF JSON: booleans, numbers and strings as themselves,
 * sequences as arrays, records as objects, `{"#set": [...]}`,
 * `{"#map": [[k, v], ...]}`, and model values as `{"#unserializable": name}`
 * (ITF has no model values; readers treat them as opaque).
 */
export function toItf(v: Value): ItfJson {
  switch (v.kind) {
    case "bool":
      return v.value;
    case "int":
      return v.value;
    case "string":
      return v.value;
    case "model":
      return { "#unserializable": v.name };
    case "set":
      return { "#set": v.elements.map(toItf) };
    case "interval": {
      const elements: ItfJson[] = [];
      for (let i = v.low; i <= v.high; i++) elements.push(i);
      return { "#set": elements };
    }
    case "seq":
      return v.elements.map(toItf);
    case "record": {
      const out: { [key: string]: ItfJson } = {};
      v.fields.forEach((f, i) => setOwn(out, f, toItf(v.values[i]!)));
      return out;
    }
    case "function":
      return { "#map": v.domain.map((k, i) => [toItf(k), toItf(v.values[i]!)]) };
  }
}

function key(path: string, k: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(k) ? `${path}.${k}` : `${path}[${JSON.stringify(k)}]`;
}

function list(json: unknown, path: string, tag: string): unknown[] {
  if (!Array.isArray(json)) throw new ItfError(`expected an array after "${tag}"`, path);
  return json;
}

/**
 * Decodes ITF JSON into a value. Accepts `{"#bigint": "..."}` and plain
 * numbers for integers, arrays and `{"#tup": [...]}` for sequences, and
 * `{"#unserializable": name}` for model values. Throws {@link ItfError},
 * also for a value nested deeper than `maxDepth` (the `--max-depth` limit in
 * force by default), before the stack could run out.
 */
export function fromItf(json: unknown, path = "$", maxDepth: number = inputLimits().maxDepth): Value {
  return decode(json, path, 0, maxDepth);
}

function decode(json: unknown, path: string, depth: number, maxDepth: number): Value {
  if (depth > maxDepth) throw new ItfError(`expected a value nested at most ${maxDepth} levels deep (raise the limit with ${LIMIT_FLAGS.maxDepth})`, path);
  const fromItf = (j: unknown, p: string): Value => decode(j, p, depth + 1, maxDepth);
  switch (typeof json) {
    case "boolean":
      return json ? TRUE : FALSE;
    case "number":
      if (!Number.isSafeInteger(json)) throw new ItfError(`expected an integer, found ${json}`, path);
      return int(json);
    case "string":
      return str(json);
    case "object": {
      if (json === null) throw new ItfError("null is not a TLA+ value", path);
      if (Array.isArray(json)) return seq(json.map((e, i) => fromItf(e, `${path}[${i}]`)));
      const obj = json as Record<string, unknown>;
      const keys = Object.keys(obj);
      const tag = keys.find((k) => k.startsWith("#"));
      if (tag === undefined) {
        // No prototype: a field named __proto__ is a field like any other.
        const fields: Record<string, Value> = Object.create(null) as Record<string, Value>;
        for (const k of keys) fields[k] = fromItf(obj[k], key(path, k));
        return recordOf(fields);
      }
      if (keys.length !== 1) throw new ItfError(`an object with "${tag}" must have no other keys`, path);
      const body = obj[tag];
      const at = `${path}["${tag}"]`;
      switch (tag) {
        case "#bigint": {
          if (typeof body !== "string" || !/^-?[0-9]+$/.test(body)) {
            throw new ItfError('expected a string of digits after "#bigint"', at);
          }
          const n = Number(body);
          if (!Number.isSafeInteger(n)) throw new ItfError(`integer ${body} is too large`, at);
          return int(n);
        }
        case "#tup":
          return seq(list(body, at, tag).map((e, i) => fromItf(e, `${at}[${i}]`)));
        case "#set":
          return set(list(body, at, tag).map((e, i) => fromItf(e, `${at}[${i}]`)));
        case "#map": {
          const pairs = list(body, at, tag);
          const keys: Value[] = [];
          const values: Value[] = [];
          pairs.forEach((p, i) => {
            if (!Array.isArray(p) || p.length !== 2) throw new ItfError("expected a [key, value] pair", `${at}[${i}]`);
            keys.push(fromItf(p[0], `${at}[${i}][0]`));
            values.push(fromItf(p[1], `${at}[${i}][1]`));
          });
          try {
            return fn(keys, values);
          } catch (e) {
            throw new ItfError((e as Error).message, at);
          }
        }
        case "#unserializable":
          if (typeof body !== "string") throw new ItfError('expected a name after "#unserializable"', at);
          return modelValue(body);
        default:
          throw new ItfError(`unknown ITF tag "${tag}" (expected #bigint, #tup, #set, #map or #unserializable)`, path);
      }
    }
    default:
      throw new ItfError(`${typeof json} is not a TLA+ value`, path);
  }
}

/**
 * Reads a value from ITF JSON text (a file's contents, a reply): the element
 * and depth limits checked before parsing, then {@link fromItf}. Every
 * failure is an {@link InputError} with `file:line:col`: `ITF_SYNTAX` (not
 * JSON), `ITF_VALUE` (JSON that is no ITF value) or a limit's code.
 */
export function parseItfText(text: string, file: string, limits: InputLimits = inputLimits()): Value {
  let json: unknown;
  try {
    checkJsonShape(text, limits);
    json = JSON.parse(text);
  } catch (e) {
    if (e instanceof ShapeLimitError) throw limitError(e.kind, { file, ...positionInText(text, e.offset) }, e.limit);
    throw new InputError("ITF_SYNTAX", { file, ...jsonPosition(text) }, `expected ITF JSON (${shown((e as Error).message.replace(/ in JSON at position \d+.*$/, "").replace(/, "[^"]*" is not valid JSON$/, ""), 60)})`);
  }
  try {
    return fromItf(json, "$", limits.maxDepth);
  } catch (e) {
    if (!(e instanceof ItfError)) throw e;
    throw new InputError("ITF_VALUE", { file, line: 1, column: 1 }, `expected an ITF value at ${shown(e.path, 60)}: ${shown(e.problem, 120)}`);
  }
}
