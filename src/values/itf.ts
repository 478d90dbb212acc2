import { FALSE, TRUE, fn, int, modelValue, recordOf, seq, set, str, type Value } from "./value.js";
import { InputError } from "../errors.js";
import { jsonPosition } from "../util/json-position.js";
import { checkJsonShape, inputLimits, LIMIT_FLAGS, limitError, positionInText, ShapeLimitError, shown, type InputLimits } from "../util/limits.js";
import { setOwn } from "../util/own.js";
import { parseActionLabel } from "./parse.js";

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

/** The Informal Trace Format's description, named in the `#meta` of every trace written. */
export const ITF_FORMAT_DESCRIPTION = "https://apalache-mc.org/docs/adr/015adr-trace.html";

/** One state of a trace to write: each variable's ITF value, and the action that led to it (none for the first). */
export interface ItfStateToWrite {
  readonly values: Readonly<Record<string, ItfJson>>;
  /** The action as TLC labels it (`Write(t1,k1)`), for the state's `#meta`. */
  readonly action?: string | undefined;
}

/**
 * A trace as an ITF document: `{"#meta", "vars", "states": [{"#meta":
 * {"index", "action"?}, var: value, ...}], "loop"?}` (Apalache's Informal
 * Trace Format). Each state's `#meta.action` is the action that led to it
 * (`Write(t1,k1)`), so that a reader needs no spec to name the steps; the
 * variables are in `vars` order, and `loop` is the 0-based index a lasso
 * goes back to.
 */
export function itfTrace(vars: readonly string[], states: readonly ItfStateToWrite[], meta: Readonly<Record<string, ItfJson>> = {}, loop?: number): { [key: string]: ItfJson } {
  return {
    "#meta": { format: "ITF", "format-description": ITF_FORMAT_DESCRIPTION, ...meta },
    vars: [...vars],
    states: states.map((s, index) => {
      const state: { [key: string]: ItfJson } = { "#meta": s.action !== undefined && index > 0 ? { index, action: s.action } : { index } };
      for (const v of vars) if (Object.hasOwn(s.values, v)) setOwn(state, v, s.values[v]!);
      return state;
    }),
    ...(loop !== undefined ? { loop } : {}),
  };
}

/** Variables of an ITF trace that name the step, not the system's state (Quint's `--mbt` and older Apalache). */
export const ITF_ACTION_VARIABLES: readonly string[] = ["mbt::actionTaken", "mbt::nondetPicks", "action_taken", "nondet_picks"];

/** How an ITF trace names the action of a step, when it does. */
export interface ItfStepAction {
  /** The action's name. */
  readonly name: string;
  /** Its arguments by position (`#meta.action` as `Write(t1,k1)`), or by name (Quint's `mbt::nondetPicks`); undefined: not given. */
  readonly args: readonly Value[] | ReadonlyMap<string, Value> | undefined;
}

/** One state of an ITF trace read back. */
export interface ItfStateRead {
  /** The state's variables (those of `vars`, without the action variables). */
  readonly values: ReadonlyMap<string, Value>;
  /** The action that led to this state, when the trace says (never for the first state). */
  readonly action: ItfStepAction | undefined;
}

/** An ITF trace read back: its variables and states. */
export interface ItfTraceRead {
  readonly vars: readonly string[];
  readonly states: readonly ItfStateRead[];
  /** The 0-based index a lasso goes back to, when the trace has one. */
  readonly loop: number | undefined;
}

/**
 * Reads an ITF trace (Apalache's, Quint's `quint run --out-itf`, or one
 * `explore --itf` wrote) from its text: the limits checked before parsing,
 * then `vars` and `states` decoded. Actions come from each state's
 * `#meta.action` (a TLC label such as `Write(t1,k1)`, or `{"name", "args"}`),
 * else from `mbt::actionTaken` or `action_taken` (a name; `init` and `""`
 * name none) with named arguments from `mbt::nondetPicks` or `nondet_picks`
 * (Quint's `{"tag": "Some", "value": v}` unwrapped, `None` left out).
 * Every failure is an {@link InputError} with the file: `ITF_SYNTAX`,
 * `ITF_TRACE` (not a trace's shape) or `ITF_VALUE`.
 */
export function parseItfTrace(text: string, file: string, limits: InputLimits = inputLimits()): ItfTraceRead {
  let json: unknown;
  try {
    checkJsonShape(text, limits);
    json = JSON.parse(text);
  } catch (e) {
    if (e instanceof ShapeLimitError) throw limitError(e.kind, { file, ...positionInText(text, e.offset) }, e.limit);
    throw new InputError("ITF_SYNTAX", { file, ...jsonPosition(text) }, `expected an ITF trace (${shown((e as Error).message.replace(/ in JSON at position \d+.*$/, "").replace(/, "[^"]*" is not valid JSON$/, ""), 60)})`);
  }
  const at = { file, line: 1, column: 1 };
  const shape = (where: string, what: string): InputError => new InputError("ITF_TRACE", at, `expected ${what} at ${where} of the ITF trace`);
  const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null && !Array.isArray(x);
  if (!isObject(json) || !Array.isArray(json.states)) throw shape("$", 'an object with "states": a list of states');
  const states = json.states as unknown[];
  if (states.length === 0) throw shape("$.states", "at least one state");
  states.forEach((s, i) => {
    if (!isObject(s)) throw shape(`$.states[${i}]`, "an object of variable names to values");
  });
  const objects = states as Record<string, unknown>[];
  let vars: string[];
  if (json.vars !== undefined) {
    if (!Array.isArray(json.vars) || !json.vars.every((v) => typeof v === "string")) throw shape("$.vars", "a list of variable names");
    vars = (json.vars as string[]).filter((v) => !ITF_ACTION_VARIABLES.includes(v));
  } else vars = Object.keys(objects[0]!).filter((k) => !k.startsWith("#") && !ITF_ACTION_VARIABLES.includes(k));
  const decoded = (j: unknown, where: string): Value => {
    try {
      return fromItf(j, where, limits.maxDepth);
    } catch (e) {
      if (!(e instanceof ItfError)) throw e;
      throw new InputError("ITF_VALUE", at, `expected an ITF value at ${shown(e.path, 60)}: ${shown(e.problem, 120)}`);
    }
  };
  const read = objects.map((s, i): ItfStateRead => {
    const values = new Map<string, Value>();
    for (const v of vars) {
      if (!Object.hasOwn(s, v)) throw shape(`$.states[${i}]`, `a value of variable ${shown(v, 60)}`);
      values.set(v, decoded(s[v], `$.states[${i}].${v}`));
    }
    return { values, action: i === 0 ? undefined : stepAction(s, `$.states[${i}]`, decoded, shape) };
  });
  const loop = json.loop;
  return { vars, states: read, loop: typeof loop === "number" && Number.isSafeInteger(loop) ? loop : undefined };
}

function stepAction(
  s: Record<string, unknown>,
  where: string,
  decoded: (j: unknown, where: string) => Value,
  shape: (where: string, what: string) => InputError,
): ItfStepAction | undefined {
  const meta = s["#meta"];
  const action = typeof meta === "object" && meta !== null && !Array.isArray(meta) ? (meta as Record<string, unknown>).action : undefined;
  if (typeof action === "string" && action !== "") {
    try {
      const label = parseActionLabel(action);
      return { name: label.name, args: label.args };
    } catch {
      throw shape(`${where}["#meta"].action`, `an action label such as Write(t1,k1), not ${shown(action, 60)}`);
    }
  }
  if (typeof action === "object" && action !== null && !Array.isArray(action)) {
    const { name, args } = action as Record<string, unknown>;
    if (typeof name !== "string" || name === "") throw shape(`${where}["#meta"].action`, 'an object with a "name"');
    if (args === undefined) return { name, args: undefined };
    if (Array.isArray(args)) return { name, args: args.map((a, i) => decoded(a, `${where}["#meta"].action.args[${i}]`)) };
    if (typeof args !== "object" || args === null) throw shape(`${where}["#meta"].action.args`, "a list of values or an object of parameter names to values");
    return { name, args: new Map(Object.entries(args).map(([k, v]) => [k, decoded(v, `${where}["#meta"].action.args.${k}`)])) };
  }
  const taken = Object.hasOwn(s, "mbt::actionTaken") ? s["mbt::actionTaken"] : s["action_taken"];
  if (typeof taken !== "string" || taken === "" || taken === "init") return undefined;
  const picks = Object.hasOwn(s, "mbt::nondetPicks") ? s["mbt::nondetPicks"] : s["nondet_picks"];
  if (typeof picks !== "object" || picks === null || Array.isArray(picks)) return { name: taken, args: undefined };
  const args = new Map<string, Value>();
  for (const [k, v] of Object.entries(picks)) {
    // Quint's Option: {"tag": "Some", "value": v} or {"tag": "None", ...}; a plain value stands for itself.
    if (typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as Record<string, unknown>).tag === "string" && Object.hasOwn(v, "value")) {
      const o = v as { tag: string; value: unknown };
      if (o.tag === "Some") args.set(k, decoded(o.value, `${where}["mbt::nondetPicks"].${k}.value`));
      continue;
    }
    args.set(k, decoded(v, `${where}["mbt::nondetPicks"].${k}`));
  }
  return { name: taken, args };
}
