import { compareValues, printValue, setElements, type Value } from "../values/index.js";

/** JSON-like data as implementations see model values. */
export type Plain = null | boolean | number | string | Plain[] | { [key: string]: Plain };

/**
 * The default mapping from model values to implementation values: integers,
 * strings and booleans as themselves, model values as their names, sequences
 * and sets as arrays (sets in a fixed order), records as objects, functions
 * whose keys are strings or model values as objects keyed by name, other
 * functions as `[key, value]` pairs.
 */
export function toPlain(v: Value): Plain {
  switch (v.kind) {
    case "bool":
    case "int":
    case "string":
      return v.value;
    case "model":
      return v.name;
    case "set":
    case "interval":
      return [...setElements(v)].sort(compareValues).map(toPlain);
    case "seq":
      return v.elements.map(toPlain);
    case "record": {
      const out: { [key: string]: Plain } = {};
      v.fields.forEach((f, i) => (out[f] = toPlain(v.values[i]!)));
      return out;
    }
    case "function": {
      if (v.domain.every((k) => k.kind === "model" || k.kind === "string" || k.kind === "int")) {
        const out: { [key: string]: Plain } = {};
        v.domain.forEach((k, i) => (out[String(toPlain(k))] = toPlain(v.values[i]!)));
        return out;
      }
      return v.domain.map((k, i) => [toPlain(k), toPlain(v.values[i]!)]);
    }
  }
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Map) && !(x instanceof Set);
}

/** Unwraps ITF tags an implementation may reply with. */
function itfElements(actual: unknown, tag: "#set" | "#tup"): unknown[] | undefined {
  if (Array.isArray(actual)) return actual;
  if (actual instanceof Set) return [...actual];
  if (isObject(actual) && Array.isArray(actual[tag])) return actual[tag] as unknown[];
  return undefined;
}

/**
 * Whether an implementation's value matches a model value, tolerating the
 * forms implementations use: arrays or Sets for sets (any order), objects,
 * Maps or ITF `#map` pairs for functions, `#bigint` or bigint for integers,
 * names for model values. Returns undefined on a match, else where it differs.
 */
export function mismatch(expected: Value, actual: unknown, path = ""): string | undefined {
  const here = path === "" ? "the value" : path;
  switch (expected.kind) {
    case "bool":
    case "string":
      return actual === expected.value ? undefined : here;
    case "int": {
      let n: unknown = actual;
      if (isObject(actual) && typeof actual["#bigint"] === "string") n = Number(actual["#bigint"]);
      if (typeof n === "bigint") n = Number(n);
      return n === expected.value ? undefined : here;
    }
    case "model":
      return actual === expected.name || (isObject(actual) && actual["#unserializable"] === expected.name) ? undefined : here;
    case "seq": {
      const items = itfElements(actual, "#tup");
      if (items === undefined || items.length !== expected.elements.length) return here;
      for (let i = 0; i < items.length; i++) {
        const m = mismatch(expected.elements[i]!, items[i], `${path}[${i}]`);
        if (m) return m;
      }
      return undefined;
    }
    case "set":
    case "interval": {
      const items = itfElements(actual, "#set");
      const want = setElements(expected);
      if (items === undefined || items.length !== want.length) return here;
      const used = new Uint8Array(items.length);
      for (const e of want) {
        const i = items.findIndex((a, j) => !used[j] && mismatch(e, a) === undefined);
        if (i < 0) return here;
        used[i] = 1;
      }
      return undefined;
    }
    case "record": {
      const get = entryGetter(actual);
      if (get === undefined || get.size !== expected.fields.length) return here;
      for (let i = 0; i < expected.fields.length; i++) {
        const f = expected.fields[i]!;
        if (!get.has(f)) return `${path}.${f}`;
        const m = mismatch(expected.values[i]!, get.value(f), `${path}.${f}`);
        if (m) return m;
      }
      return undefined;
    }
    case "function": {
      const get = entryGetter(actual);
      if (get === undefined || get.size !== expected.domain.length) return here;
      for (let i = 0; i < expected.domain.length; i++) {
        const key = String(toPlain(expected.domain[i]!));
        const at = `${path}[${printValue(expected.domain[i]!)}]`;
        if (!get.has(key)) return at;
        const m = mismatch(expected.values[i]!, get.value(key), at);
        if (m) return m;
      }
      return undefined;
    }
  }
}

interface EntryGetter {
  size: number;
  has(key: string): boolean;
  value(key: string): unknown;
}

/** Key lookup over objects, Maps and ITF `#map` pairs, keys compared by their plain text. */
function entryGetter(actual: unknown): EntryGetter | undefined {
  let pairs: [unknown, unknown][] | undefined;
  if (actual instanceof Map) pairs = [...actual.entries()];
  else if (isObject(actual) && Array.isArray(actual["#map"])) pairs = actual["#map"] as [unknown, unknown][];
  else if (Array.isArray(actual) && actual.every((p) => Array.isArray(p) && p.length === 2)) pairs = actual as [unknown, unknown][];
  else if (isObject(actual)) pairs = Object.entries(actual);
  if (pairs === undefined) return undefined;
  const map = new Map<string, unknown>();
  for (const [k, v] of pairs) {
    const key = isObject(k) && typeof k["#unserializable"] === "string" ? k["#unserializable"] : typeof k === "string" ? k : JSON.stringify(k);
    map.set(key, v);
  }
  return { size: map.size, has: (k) => map.has(k), value: (k) => map.get(k) };
}

/** Text of an implementation value for messages. */
export function describe(actual: unknown): string {
  if (actual === undefined) return "undefined";
  if (actual instanceof Set) return `Set ${describe([...actual])}`;
  if (actual instanceof Map) return `Map ${describe([...actual.entries()])}`;
  try {
    return JSON.stringify(actual, (_, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
  } catch {
    return String(actual);
  }
}

/**
 * ITF JSON for implementations in other languages: like `toItf`, but model
 * values are their names (implementations have no model values).
 */
export function toItfNames(v: Value): Plain {
  switch (v.kind) {
    case "model":
      return v.name;
    case "set":
    case "interval":
      return { "#set": [...setElements(v)].sort(compareValues).map(toItfNames) };
    case "seq":
      return v.elements.map(toItfNames);
    case "record": {
      const out: { [key: string]: Plain } = {};
      v.fields.forEach((f, i) => (out[f] = toItfNames(v.values[i]!)));
      return out;
    }
    case "function":
      return { "#map": v.domain.map((k, i) => [toItfNames(k), toItfNames(v.values[i]!)]) };
    default:
      return toPlain(v);
  }
}
