/**
 * The TLA+ value model, with TLC's equalities.
 *
 * Values are immutable plain objects built by the constructors below, which
 * normalize the way TLC does: a function whose domain is `1..n` is a sequence,
 * a function whose domain is a non-empty set of strings is a record, and an
 * empty function, record or sequence is `<<>>`. Sets, records and functions
 * keep the order they were built in (TLC orders strings and record fields by
 * when it first saw them, which a printed value cannot tell us), so printing a
 * value that was parsed from TLC output gives TLC's text back; equality and
 * hashing ignore that order.
 *
 * @module
 */

/** `TRUE` or `FALSE`. */
export interface BoolValue {
  readonly kind: "bool";
  readonly value: boolean;
  readonly hash: number;
}

/** An integer. TLC's integers are 32-bit; any safe JavaScript integer is accepted. */
export interface IntValue {
  readonly kind: "int";
  readonly value: number;
  readonly hash: number;
}

/** A string such as `"idle"`. */
export interface StringValue {
  readonly kind: "string";
  readonly value: string;
  readonly hash: number;
}

/** A model value such as `NULL` or `p1`: equal only to itself. */
export interface ModelValue {
  readonly kind: "model";
  readonly name: string;
  readonly hash: number;
}

/** A finite set, without duplicates, in the order it was built. */
export interface SetValue {
  readonly kind: "set";
  readonly elements: readonly Value[];
  readonly hash: number;
}

/** The set `low..high` (never empty: an empty interval is the empty set). */
export interface IntervalValue {
  readonly kind: "interval";
  readonly low: number;
  readonly high: number;
  readonly hash: number;
}

/** A tuple or sequence `<<a, b>>`: a function with domain `1..n`. */
export interface SeqValue {
  readonly kind: "seq";
  readonly elements: readonly Value[];
  readonly hash: number;
}

/** A record `[a |-> 1, b |-> 2]`: a function with a non-empty domain of strings. */
export interface RecordValue {
  readonly kind: "record";
  readonly fields: readonly string[];
  readonly values: readonly Value[];
  readonly hash: number;
}

/** Any other function, printed `(k1 :> v1 @@ k2 :> v2)`. */
export interface FunctionValue {
  readonly kind: "function";
  readonly domain: readonly Value[];
  readonly values: readonly Value[];
  readonly hash: number;
}

/** A TLA+ value as TLC knows it. */
export type Value =
  | BoolValue
  | IntValue
  | StringValue
  | ModelValue
  | SetValue
  | IntervalValue
  | SeqValue
  | RecordValue
  | FunctionValue;

/** The kinds of {@link Value}. */
export type ValueKind = Value["kind"];

// ---------------------------------------------------------------------------
// Hashing: 32-bit, structural, independent of the order of set elements,
// record fields and function entries (those are mathematically unordered).

function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function combine(seed: number, h: number): number {
  return mix((Math.imul(seed, 31) + h) | 0);
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  }
  return mix(h);
}

const SEED = {
  bool: 0x1b873593,
  int: 0x2c1b3c6d,
  string: 0x297a2d39,
  model: 0x4f6cdd1d,
  set: 0x68e31da4,
  seq: 0x1e35a7bd,
  fn: 0x5bd1e995,
};

function hashInt(n: number): number {
  // Split so that integers beyond 32 bits still hash on every bit.
  const lo = n | 0;
  const hi = Math.floor(n / 4294967296) | 0;
  return combine(combine(SEED.int, lo), hi);
}

const INTERVAL_HASHES = new Map<string, number>();
/** The hash of `low..high`, equal to that of the set of its elements; cached, as specs build the same few intervals over and over. */
function intervalHash(low: number, high: number): number {
  const key = `${low},${high}`;
  let h = INTERVAL_HASHES.get(key);
  if (h === undefined) {
    let sum = 0;
    for (let i = low; i <= high; i++) sum = (sum + mix(hashInt(i) ^ 0x9e3779b9)) | 0;
    h = combine(combine(SEED.set, high - low + 1), sum);
    if (INTERVAL_HASHES.size < 100_000) INTERVAL_HASHES.set(key, h);
  }
  return h;
}

function hashFunctionEntries(keyHashes: readonly number[], values: readonly Value[]): number {
  // Records, functions and sequences are all functions; their hashes must agree
  // whenever TLC would call them equal (normalization guarantees one kind per
  // mathematical value, so only order-independence matters here).
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum = (sum + mix(combine(keyHashes[i]!, values[i]!.hash))) | 0;
  }
  return combine(combine(SEED.fn, values.length), sum);
}

// ---------------------------------------------------------------------------
// Constructors

/** `TRUE`. */
export const TRUE: BoolValue = Object.freeze({ kind: "bool", value: true, hash: combine(SEED.bool, 1) });
/** `FALSE`. */
export const FALSE: BoolValue = Object.freeze({ kind: "bool", value: false, hash: combine(SEED.bool, 0) });

/** A boolean value. */
export function bool(value: boolean): BoolValue {
  return value ? TRUE : FALSE;
}

/** An integer value; throws a `RangeError` for a non-integer or unsafe number. */
export function int(value: number): IntValue {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a safe integer: ${value}`);
  return { kind: "int", value: value === 0 ? 0 : value, hash: hashInt(value) };
}

/** A string value. */
export function str(value: string): StringValue {
  return { kind: "string", value, hash: combine(SEED.string, hashString(value)) };
}

/** A model value. */
export function modelValue(name: string): ModelValue {
  return { kind: "model", name, hash: combine(SEED.model, hashString(name)) };
}

/** A set of the given elements (duplicates dropped, first occurrence kept). */
export function set(elements: readonly Value[]): SetValue {
  return distinctSet(dedupe(elements));
}

/**
 * A set of elements known to be pairwise distinct (the functions of a
 * function set, the tuples of a product): no duplicate check. Not for
 * anything else: a duplicate would make a set that is not one.
 */
export function distinctSet(unique: readonly Value[]): SetValue {
  let sum = 0;
  for (const e of unique) sum = (sum + mix(e.hash ^ 0x9e3779b9)) | 0;
  return { kind: "set", elements: unique, hash: combine(combine(SEED.set, unique.length), sum) };
}

/** The set `low..high`; an empty range is the empty set. */
export function interval(low: number, high: number): IntervalValue | SetValue {
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high)) {
    throw new RangeError(`interval bounds must be safe integers: ${low}..${high}`);
  }
  if (high < low) return set([]);
  return { kind: "interval", low, high, hash: intervalHash(low, high) };
}

const FIELD_HASHES = new Map<string, number>();
/** The hash of a record field's name as a string key, cached: field names are few and hashed often. */
function fieldHash(f: string): number {
  let h = FIELD_HASHES.get(f);
  if (h === undefined) {
    h = str(f).hash;
    if (FIELD_HASHES.size < 100_000) FIELD_HASHES.set(f, h);
  }
  return h;
}

const INDEX_HASHES: number[] = [];
function indexHash(i: number): number {
  // Hash of the integer key i (1-based), cached: sequences are hashed as functions.
  let h = INDEX_HASHES[i];
  if (h === undefined) {
    h = int(i).hash;
    INDEX_HASHES[i] = h;
  }
  return h;
}

/** A tuple or sequence. */
export function seq(elements: readonly Value[]): SeqValue {
  const keyHashes = elements.map((_, i) => indexHash(i + 1));
  return { kind: "seq", elements: [...elements], hash: hashFunctionEntries(keyHashes, elements) };
}

/**
 * A record from field names and values, in print order. An empty record is
 * the empty sequence (TLC prints both as `<<>>`). Duplicate field names throw.
 */
export function record(fields: readonly string[], values: readonly Value[]): RecordValue | SeqValue {
  if (fields.length !== values.length) throw new RangeError("record: fields and values differ in length");
  if (fields.length === 0) return seq([]);
  if (new Set(fields).size !== fields.length) throw new RangeError(`record has a duplicate field: [${fields.join(", ")}]`);
  const keyHashes = fields.map(fieldHash);
  return { kind: "record", fields: [...fields], values: [...values], hash: hashFunctionEntries(keyHashes, values) };
}

/** A record from an object of named values. */
export function recordOf(entries: Readonly<Record<string, Value>>): RecordValue | SeqValue {
  const names = Object.keys(entries);
  return record(
    names,
    names.map((n) => entries[n]!),
  );
}

/**
 * A function from its domain and values, in print order, normalized like TLC:
 * domain `1..n` gives a sequence, a domain of strings gives a record.
 * A key given twice throws.
 */
export function fn(domain: readonly Value[], values: readonly Value[]): FunctionValue | SeqValue | RecordValue {
  if (domain.length !== values.length) throw new RangeError("function: domain and values differ in length");
  if (dedupe(domain).length !== domain.length) throw new RangeError("function has a key given twice");
  if (domain.length === 0) return seq([]);
  if (domain.every((k) => k.kind === "string")) {
    return record(
      domain.map((k) => (k as StringValue).value),
      values,
    ) as RecordValue;
  }
  if (domain.every((k) => k.kind === "int" && k.value >= 1 && k.value <= domain.length)) {
    const elements: Value[] = new Array(domain.length);
    domain.forEach((k, i) => {
      elements[(k as IntValue).value - 1] = values[i]!;
    });
    return seq(elements);
  }
  return {
    kind: "function",
    domain: [...domain],
    values: [...values],
    hash: hashFunctionEntries(
      domain.map((k) => k.hash),
      values,
    ),
  };
}

function dedupe(elements: readonly Value[]): Value[] {
  if (elements.length <= 16) {
    // Small sets are the common case: pairwise checks beat a hash map's allocation.
    const out: Value[] = [];
    for (const e of elements) {
      let seen = false;
      for (const o of out) {
        if (o.hash === e.hash && equals(o, e)) {
          seen = true;
          break;
        }
      }
      if (!seen) out.push(e);
    }
    return out;
  }
  const out: Value[] = [];
  // One value per hash, a list only where hashes collide.
  const byHash = new Map<number, Value | Value[]>();
  for (const e of elements) {
    const bucket = byHash.get(e.hash);
    if (bucket === undefined) byHash.set(e.hash, e);
    else if (Array.isArray(bucket)) {
      if (bucket.some((b) => equals(b, e))) continue;
      bucket.push(e);
    } else {
      if (equals(bucket as Value, e)) continue;
      byHash.set(e.hash, [bucket as Value, e]);
    }
    out.push(e);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Order, equality

const KIND_RANK: Record<ValueKind, number> = {
  bool: 0,
  int: 1,
  string: 2,
  model: 3,
  set: 4,
  interval: 4,
  seq: 5,
  record: 6,
  function: 7,
};

/** The elements of a set or interval, in canonical order. */
export function setElements(v: SetValue | IntervalValue): readonly Value[] {
  if (v.kind === "interval") {
    const out: Value[] = [];
    for (let i = v.low; i <= v.high; i++) out.push(int(i));
    return out;
  }
  return canonicalOrder(v.elements);
}

const CANONICAL = new WeakMap<readonly Value[], readonly Value[]>();

function canonicalOrder(elements: readonly Value[]): readonly Value[] {
  let sorted = CANONICAL.get(elements);
  if (sorted === undefined) {
    sorted = [...elements].sort(compareValues);
    CANONICAL.set(elements, sorted);
  }
  return sorted;
}

interface Entry {
  readonly key: Value;
  readonly value: Value;
}

const CANONICAL_ENTRIES = new WeakMap<object, readonly Entry[]>();

function canonicalEntries(v: RecordValue | FunctionValue): readonly Entry[] {
  let entries = CANONICAL_ENTRIES.get(v);
  if (entries === undefined) {
    const keys: readonly Value[] = v.kind === "record" ? v.fields.map(str) : v.domain;
    entries = keys.map((key, i) => ({ key, value: v.values[i]! })).sort((a, b) => compareValues(a.key, b.key));
    CANONICAL_ENTRIES.set(v, entries);
  }
  return entries;
}

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * A total order on values, consistent with {@link equals}: kinds first, then
 * sizes, then contents in canonical order. Used to normalize sets for equality
 * and to make output deterministic; it is not TLC's print order.
 */
export function compareValues(a: Value, b: Value): number {
  if (a === b) return 0;
  const rank = KIND_RANK[a.kind] - KIND_RANK[b.kind];
  if (rank !== 0) return rank;
  switch (a.kind) {
    case "bool":
      return compareNumbers(Number(a.value), Number((b as BoolValue).value));
    case "int":
      return compareNumbers(a.value, (b as IntValue).value);
    case "string":
      return compareStrings(a.value, (b as StringValue).value);
    case "model":
      return compareStrings(a.name, (b as ModelValue).name);
    case "set":
    case "interval": {
      const bs = b as SetValue | IntervalValue;
      const sizeA = a.kind === "set" ? a.elements.length : a.high - a.low + 1;
      const sizeB = bs.kind === "set" ? bs.elements.length : bs.high - bs.low + 1;
      if (sizeA !== sizeB) return compareNumbers(sizeA, sizeB);
      if (a.kind === "interval" && bs.kind === "interval") return compareNumbers(a.low, bs.low);
      return compareLists(setElements(a), setElements(bs));
    }
    case "seq": {
      const bs = b as SeqValue;
      if (a.elements.length !== bs.elements.length) return compareNumbers(a.elements.length, bs.elements.length);
      return compareLists(a.elements, bs.elements);
    }
    case "record":
    case "function": {
      // Fast path for equal values built with their keys in the same order (EXCEPT keeps the order):
      // only a "same" answer is taken from it, so the order stays the canonical one.
      const bf = b as RecordValue | FunctionValue;
      const ka: readonly unknown[] = a.kind === "record" ? a.fields : a.domain;
      const kb: readonly unknown[] = bf.kind === "record" ? bf.fields : bf.domain;
      if (ka.length === kb.length && ka.every((k, i) => k === kb[i]) && a.values.every((v, i) => compareValues(v, bf.values[i]!) === 0)) return 0;
      const ea = canonicalEntries(a);
      const eb = canonicalEntries(b as RecordValue | FunctionValue);
      if (ea.length !== eb.length) return compareNumbers(ea.length, eb.length);
      for (let i = 0; i < ea.length; i++) {
        const c = compareValues(ea[i]!.key, eb[i]!.key) || compareValues(ea[i]!.value, eb[i]!.value);
        if (c !== 0) return c;
      }
      return 0;
    }
  }
}

function compareLists(a: readonly Value[], b: readonly Value[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** TLC's equality: structural, ignoring the order of sets, records and functions. */
export function equals(a: Value, b: Value): boolean {
  if (a === b) return true;
  if (a.hash !== b.hash) return false;
  // Values built from one another (EXCEPT, x' = x \cup {e}) mostly keep their parts' order: compare part by part
  // without sorting; only parts in a different order need the canonical comparison.
  if (a.kind === b.kind) {
    switch (a.kind) {
      case "seq":
        return sameList(a.elements, (b as SeqValue).elements) ?? false;
      case "record": {
        const r = b as RecordValue;
        if (a.fields.length === r.fields.length && a.fields.every((f, i) => f === r.fields[i])) return sameList(a.values, r.values) ?? false;
        break;
      }
      case "function": {
        const f = b as FunctionValue;
        if (sameList(a.domain, f.domain) === true) return sameList(a.values, f.values) ?? false;
        break;
      }
      case "set":
        if (sameList(a.elements, (b as SetValue).elements) === true) return true;
        break;
      default:
        break;
    }
  }
  return compareValues(a, b) === 0;
}

/** Whether two lists are equal element by element (undefined: of different lengths). */
function sameList(a: readonly Value[], b: readonly Value[]): boolean | undefined {
  if (a.length !== b.length) return undefined;
  for (let i = 0; i < a.length; i++) if (!equals(a[i]!, b[i]!)) return false;
  return true;
}

/** Whether `v` is a set (an enumerated set or an interval). */
export function isSet(v: Value): v is SetValue | IntervalValue {
  return v.kind === "set" || v.kind === "interval";
}

// ---------------------------------------------------------------------------
// Hashes of images under a renaming of model values, without building them

/**
 * The hash `v` would have if each of its parts (elements, record values,
 * function keys and values) had the hash `partHash` gives, computed without
 * building it: with `partHash` giving the parts' hashes under a renaming of
 * model values, it is the hash of `v`'s image. The renaming must be a
 * bijection on model values (a symmetry permutation), so no two elements of a
 * set or keys of a function collide. A model value, or any other value
 * without parts, keeps its own hash.
 */
export function hashWithParts(v: Value, partHash: (part: Value) => number): number {
  switch (v.kind) {
    case "set": {
      let sum = 0;
      for (const e of v.elements) sum = (sum + mix(partHash(e) ^ 0x9e3779b9)) | 0;
      return combine(combine(SEED.set, v.elements.length), sum);
    }
    case "seq": {
      let sum = 0;
      for (let i = 0; i < v.elements.length; i++) sum = (sum + mix(combine(indexHash(i + 1), partHash(v.elements[i]!)))) | 0;
      return combine(combine(SEED.fn, v.elements.length), sum);
    }
    case "record": {
      let sum = 0;
      for (let i = 0; i < v.values.length; i++) sum = (sum + mix(combine(fieldHash(v.fields[i]!), partHash(v.values[i]!)))) | 0;
      return combine(combine(SEED.fn, v.values.length), sum);
    }
    case "function": {
      // A renamed domain may turn into 1..n or strings only if model values were renamed to those: never for permutations.
      let sum = 0;
      for (let i = 0; i < v.values.length; i++) sum = (sum + mix(combine(partHash(v.domain[i]!), partHash(v.values[i]!)))) | 0;
      return combine(combine(SEED.fn, v.values.length), sum);
    }
    default:
      return v.hash;
  }
}
