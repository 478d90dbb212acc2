import { setOwn } from "../util/own.js";
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
      v.fields.forEach((f, i) => setOwn(out, f, toPlain(v.values[i]!)));
      return out;
    }
    case "function": {
      if (v.domain.every((k) => k.kind === "model" || k.kind === "string" || k.kind === "int")) {
        const out: { [key: string]: Plain } = {};
        v.domain.forEach((k, i) => setOwn(out, String(toPlain(k)), toPlain(v.values[i]!)));
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
  keys(): Iterable<string>;
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
  return { size: map.size, has: (k) => map.has(k), value: (k) => map.get(k), keys: () => map.keys() };
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
      v.fields.forEach((f, i) => setOwn(out, f, toItfNames(v.values[i]!)));
      return out;
    }
    case "function":
      return { "#map": v.domain.map((k, i) => [toItfNames(k), toItfNames(v.values[i]!)]) };
    default:
      return toPlain(v);
  }
}

/**
 * One place where an implementation's value differs from the model's.
 * `path` leads from the compared value to that place (`""`: the whole value,
 * `.f` a record field or a function's key named f, `[i]` a sequence index
 * counted from 0 as the implementation does, `[k]` any other key).
 */
export type Difference =
  /** The values differ here as a whole: leaves, or shapes that cannot be compared part by part. */
  | { readonly kind: "value"; readonly path: string; readonly expected: Value; readonly actual: unknown }
  /** The model has this field or key; the implementation does not. */
  | { readonly kind: "missing"; readonly path: string; readonly expected: Value }
  /** The implementation has this key; the model does not. */
  | { readonly kind: "extra"; readonly path: string; readonly actual: unknown }
  /** Sets: the model's elements the implementation lacks, and the elements it has beyond them. */
  | { readonly kind: "elements"; readonly path: string; readonly missing: readonly Value[]; readonly extra: readonly unknown[] };

/**
 * Where and how an implementation's value differs from a model value, down
 * to the smallest differing parts (a record's field, a function's key, a
 * set's missing and extra elements), in the forms {@link mismatch} accepts.
 * Empty when they match.
 */
export function differences(expected: Value, actual: unknown, path = ""): Difference[] {
  if (mismatch(expected, actual) === undefined) return [];
  const found = partDifferences(expected, actual, path);
  // A difference mismatch sees but no part shows (e.g. duplicate set elements) is shown whole.
  return found.length > 0 ? found : [{ kind: "value", path, expected, actual }];
}

function partDifferences(expected: Value, actual: unknown, path: string): Difference[] {
  switch (expected.kind) {
    case "seq": {
      const items = itfElements(actual, "#tup");
      if (items === undefined || items.length !== expected.elements.length) return [];
      return expected.elements.flatMap((e, i) => differences(e, items[i], `${path}[${i}]`));
    }
    case "set":
    case "interval": {
      const items = itfElements(actual, "#set");
      if (items === undefined) return [];
      const used = new Uint8Array(items.length);
      const missing: Value[] = [];
      for (const e of setElements(expected)) {
        const i = items.findIndex((a, j) => !used[j] && mismatch(e, a) === undefined);
        if (i < 0) missing.push(e);
        else used[i] = 1;
      }
      const extra = items.filter((_, j) => !used[j]);
      return missing.length + extra.length > 0 ? [{ kind: "elements", path, missing, extra }] : [];
    }
    case "record":
    case "function": {
      const get = entryGetter(actual);
      if (get === undefined) return [];
      const entries =
        expected.kind === "record"
          ? expected.fields.map((f, i) => ({ key: f, label: keyLabel(f), value: expected.values[i]! }))
          : expected.domain.map((k, i) => ({ key: String(toPlain(k)), label: domainLabel(k), value: expected.values[i]! }));
      const out: Difference[] = [];
      for (const { key, label, value } of entries) {
        if (get.has(key)) out.push(...differences(value, get.value(key), path + label));
        else out.push({ kind: "missing", path: path + label, expected: value });
      }
      const known = new Set(entries.map((e) => e.key));
      for (const key of get.keys()) if (!known.has(key)) out.push({ kind: "extra", path: path + keyLabel(key), actual: get.value(key) });
      return out;
    }
    default:
      return [];
  }
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function keyLabel(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function domainLabel(key: Value): string {
  if (key.kind === "model" && IDENTIFIER.test(key.name)) return `.${key.name}`;
  if (key.kind === "string" && IDENTIFIER.test(key.value)) return `.${key.value}`;
  return `[${printValue(key)}]`;
}

const ITF_TAGS = ["#set", "#tup", "#map", "#bigint", "#unserializable"];

/** Whether an implementation value uses ITF's tagged forms anywhere. */
function usesItf(x: unknown, depth = 0): boolean {
  if (depth > 20 || typeof x !== "object" || x === null) return false;
  if (x instanceof Map) return [...x.entries()].some(([k, v]) => usesItf(k, depth + 1) || usesItf(v, depth + 1));
  if (x instanceof Set) return [...x].some((v) => usesItf(v, depth + 1));
  if (Array.isArray(x)) return x.some((v) => usesItf(v, depth + 1));
  return Object.entries(x).some(([k, v]) => ITF_TAGS.includes(k) || usesItf(v, depth + 1));
}

/**
 * A model value in the form an implementation's value takes, so that
 * expected and actual read alike: Sets for Sets, Maps for Maps, plain
 * objects for objects, ITF tags where the implementation uses them. Parts
 * the implementation lacks take its overall style (ITF or plain).
 */
export function expectedLike(expected: Value, actual: unknown, itf: boolean = usesItf(actual)): unknown {
  const styled = (): unknown => (itf ? toItfNames(expected) : toPlain(expected));
  switch (expected.kind) {
    case "bool":
    case "string":
      return expected.value;
    case "int":
      if (typeof actual === "bigint") return BigInt(expected.value);
      if (isObject(actual) && "#bigint" in actual) return { "#bigint": String(expected.value) };
      return expected.value;
    case "model":
      return isObject(actual) && "#unserializable" in actual ? { "#unserializable": expected.name } : expected.name;
    case "seq":
    case "set":
    case "interval": {
      const tag = expected.kind === "seq" ? "#tup" : "#set";
      const items = itfElements(actual, tag);
      if (items === undefined) return styled();
      const elements = expected.kind === "seq" ? expected.elements : [...setElements(expected)].sort(compareValues);
      const out = elements.map((e, i) => expectedLike(e, expected.kind === "seq" ? items[i] : items[0], itf));
      if (actual instanceof Set) return new Set(out);
      return isObject(actual) ? { [tag]: out } : out;
    }
    case "record":
    case "function": {
      const get = entryGetter(actual);
      if (get === undefined) return styled();
      const keys: [plain: Plain, itf: Plain][] =
        expected.kind === "record" ? expected.fields.map((f) => [f, f]) : expected.domain.map((k) => [toPlain(k), toItfNames(k)]);
      const pairs = keys.map(([plain, itfKey], i): [Plain, Plain, unknown] => {
        const key = String(plain);
        return [plain, itfKey, expectedLike(expected.values[i]!, get.has(key) ? get.value(key) : undefined, itf)];
      });
      if (actual instanceof Map) return new Map(pairs.map(([k, , v]) => [k, v]));
      if (isObject(actual) && Array.isArray(actual["#map"])) return { "#map": pairs.map(([, k, v]) => [k, v]) };
      if (Array.isArray(actual)) return pairs.map(([k, , v]) => [k, v]);
      return Object.fromEntries(pairs.map(([k, , v]) => [String(k), v]));
    }
  }
}

/**
 * One line per difference, each starting with `name` and the difference's
 * path: `db.k1: expected "t1", actual "NoValue"`; the expected side is
 * printed in the implementation's form ({@link expectedLike}).
 */
export function describeDifference(name: string, d: Difference): string {
  const at = `${name}${d.path}`;
  switch (d.kind) {
    case "value":
      return `${at}: expected ${describe(expectedLike(d.expected, d.actual))}, actual ${describe(d.actual)}`;
    case "missing":
      return `${at}: missing (the model has ${describe(toPlain(d.expected))})`;
    case "extra":
      return `${at}: not in the model (actual ${describe(d.actual)})`;
    case "elements": {
      const template = d.extra[0];
      const parts: string[] = [];
      if (d.missing.length > 0) parts.push(`missing ${d.missing.map((e) => describe(expectedLike(e, template))).join(", ")}`);
      if (d.extra.length > 0) parts.push(`extra ${d.extra.map(describe).join(", ")}`);
      return `${at}: ${parts.join("; ")}`;
    }
  }
}
