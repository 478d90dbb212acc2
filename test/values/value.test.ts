import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  TRUE,
  ValueTable,
  compareValues,
  equals,
  fn,
  int,
  interval,
  modelValue,
  record,
  recordOf,
  seq,
  set,
  str,
} from "../../src/values/index.js";
import { shuffled, valueArb } from "../helpers/arbitraries.js";

describe("TLC's equalities", () => {
  it("a function with domain 1..n is a sequence", () => {
    const f = fn([int(2), int(1)], [str("b"), str("a")]);
    expect(f.kind).toBe("seq");
    expect(equals(f, seq([str("a"), str("b")]))).toBe(true);
  });

  it("a function with a domain of strings is a record", () => {
    const f = fn([str("y"), str("x")], [int(2), int(1)]);
    expect(f.kind).toBe("record");
    expect(equals(f, recordOf({ x: int(1), y: int(2) }))).toBe(true);
  });

  it("a function on 0..n or on model values stays a function", () => {
    expect(fn([int(0), int(1)], [TRUE, TRUE]).kind).toBe("function");
    expect(fn([modelValue("p1")], [TRUE]).kind).toBe("function");
    expect(fn([int(1), int(3)], [TRUE, TRUE]).kind).toBe("function");
  });

  it("empty functions, records and sequences are one value", () => {
    expect(equals(fn([], []), seq([]))).toBe(true);
    expect(equals(record([], []), seq([]))).toBe(true);
  });

  it("an interval equals the enumerated set, an empty interval the empty set", () => {
    expect(equals(interval(1, 3), set([int(3), int(1), int(2)]))).toBe(true);
    expect(equals(interval(2, 1), set([]))).toBe(true);
    expect(equals(interval(1, 3), set([int(1), int(2)]))).toBe(false);
  });

  it("sets drop duplicates and ignore order", () => {
    const s = set([int(1), int(2), int(1)]);
    expect(s.kind === "set" && s.elements.length).toBe(2);
    expect(equals(s, set([int(2), int(1)]))).toBe(true);
  });

  it("distinguishes kinds TLC distinguishes", () => {
    expect(equals(str("p1"), modelValue("p1"))).toBe(false);
    expect(equals(int(1), str("1"))).toBe(false);
    expect(equals(seq([int(1)]), set([int(1)]))).toBe(false);
    expect(equals(modelValue("a"), modelValue("b"))).toBe(false);
  });

  it("rejects records with a field given twice and functions with a key given twice", () => {
    expect(() => record(["a", "a"], [TRUE, TRUE])).toThrow(/duplicate field/);
    expect(() => fn([int(0), int(0)], [TRUE, TRUE])).toThrow(/twice/);
  });

  it("rejects integers that are not safe integers", () => {
    expect(() => int(1.5)).toThrow(RangeError);
    expect(() => int(2 ** 60)).toThrow(RangeError);
  });

  it("property: order of sets, records and functions changes neither equality nor hash", () => {
    fc.assert(
      fc.property(valueArb, fc.nat(5), (v, r) => {
        const w = shuffled(v, r);
        expect(equals(v, w)).toBe(true);
        expect(w.hash).toBe(v.hash);
        expect(compareValues(v, w)).toBe(0);
      }),
    );
  });

  it("property: compareValues is a total order consistent with equals", () => {
    fc.assert(
      fc.property(valueArb, valueArb, valueArb, (a, b, c) => {
        const ab = compareValues(a, b);
        expect(Math.sign(ab) + Math.sign(compareValues(b, a))).toBe(0);
        expect(ab === 0).toBe(equals(a, b));
        if (ab <= 0 && compareValues(b, c) <= 0) expect(compareValues(a, c)).toBeLessThanOrEqual(0);
      }),
    );
  });
});

describe("ValueTable", () => {
  it("interns equal values to one id and one object", () => {
    const table = new ValueTable();
    const a = table.idOf(set([int(1), int(2)]));
    const b = table.idOf(interval(1, 2));
    const c = table.idOf(set([int(1)]));
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(table.size).toBe(2);
    expect(table.intern(set([int(2), int(1)]))).toBe(table.get(a));
  });

  it("property: ids agree with equality", () => {
    fc.assert(
      fc.property(fc.array(valueArb, { maxLength: 12 }), (values) => {
        const table = new ValueTable();
        const ids = values.map((v) => table.idOf(v));
        for (let i = 0; i < values.length; i++) {
          for (let j = 0; j < values.length; j++) expect(ids[i] === ids[j]).toBe(equals(values[i]!, values[j]!));
        }
      }),
    );
  });
});
