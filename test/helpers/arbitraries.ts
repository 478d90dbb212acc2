import fc from "fast-check";
import { FALSE, TRUE, fn, int, interval, modelValue, record, seq, set, str, type Value } from "../../src/values/index.js";

const fieldName = fc.stringMatching(/^[a-z][a-z0-9_]{0,5}$/);

/** Arbitrary TLA+ values of every kind, nested a few levels deep. */
export const valueArb: fc.Arbitrary<Value> = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom<Value>(TRUE, FALSE),
    fc.integer({ min: -1000, max: 1000 }).map(int),
    fc.string({ maxLength: 6, unit: fc.constantFrom("a", "b", '"', "\\", "\n", "\t", "é", " ", "}", "|->") }).map(str),
    fc.constantFrom("p1", "p2", "NULL", "NoValue").map(modelValue),
    fc.array(tie("value"), { maxLength: 4 }).map((es) => set(es) as Value),
    fc.tuple(fc.integer({ min: -3, max: 3 }), fc.integer({ min: 0, max: 4 })).map(([lo, n]) => interval(lo, lo + n) as Value),
    fc.array(tie("value"), { maxLength: 4 }).map((es) => seq(es) as Value),
    fc
      .uniqueArray(fc.tuple(fieldName, tie("value")), { maxLength: 4, selector: ([k]) => k })
      .map((entries) => record(entries.map(([k]) => k), entries.map(([, v]) => v)) as Value),
    fc
      .uniqueArray(fc.tuple(fc.oneof(fc.integer({ min: -5, max: 9 }).map(int), fc.constantFrom("p1", "p2").map(modelValue)), tie("value")), {
        maxLength: 4,
        selector: ([k]) => (k.kind === "int" ? `i${k.value}` : `m${(k as { name: string }).name}`),
      })
      .map((entries) => fn(entries.map(([k]) => k), entries.map(([, v]) => v)) as Value),
  ),
})).value;

/** The same value rebuilt with its sets, records and functions in another order. */
export function shuffled(v: Value, rotate: number): Value {
  const rot = <T>(xs: readonly T[]): T[] => (xs.length === 0 ? [] : [...xs.slice(rotate % xs.length), ...xs.slice(0, rotate % xs.length)]);
  switch (v.kind) {
    case "set":
      return set(rot(v.elements.map((e) => shuffled(e, rotate))));
    case "interval": {
      const es: Value[] = [];
      for (let i = v.low; i <= v.high; i++) es.push(int(i));
      return set(rot(es));
    }
    case "seq":
      return seq(v.elements.map((e) => shuffled(e, rotate)));
    case "record": {
      const idx = rot(v.fields.map((_, i) => i));
      return record(idx.map((i) => v.fields[i]!), idx.map((i) => shuffled(v.values[i]!, rotate)));
    }
    case "function": {
      const idx = rot(v.domain.map((_, i) => i));
      return fn(idx.map((i) => v.domain[i]!), idx.map((i) => shuffled(v.values[i]!, rotate)));
    }
    default:
      return v;
  }
}
