import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { equals, fn, hashWithParts, modelValue, printValue, record, seq, set, type Value } from "../../src/values/index.js";
import { SymmetryReducer } from "../../src/explorer/symmetry.js";
import { valueArb } from "../helpers/arbitraries.js";

const p1 = modelValue("p1");
const p2 = modelValue("p2");
const nul = modelValue("NULL");

/** The image of a value under a renaming, built (the reference hashWithParts must agree with). */
function image(v: Value, rename: ReadonlyMap<string, Value>): Value {
  switch (v.kind) {
    case "model":
      return rename.get(v.name) ?? v;
    case "set":
      return set(v.elements.map((e) => image(e, rename)));
    case "seq":
      return seq(v.elements.map((e) => image(e, rename)));
    case "record":
      return record(v.fields, v.values.map((e) => image(e, rename)));
    case "function":
      return fn(v.domain.map((e) => image(e, rename)), v.values.map((e) => image(e, rename)));
    default:
      return v;
  }
}

describe("symmetry", () => {
  it("hashWithParts, given the parts' renamed hashes, is the hash of the built image, for swaps of model values", () => {
    const swaps = [new Map([["p1", p2], ["p2", p1]]), new Map([["p1", nul], ["NULL", p1]]), new Map<string, Value>()];
    /** The hash of the image, each part's computed the same way (the symmetry reducer keeps these per value). */
    const renamed = (v: Value, rename: ReadonlyMap<string, Value>): number => (v.kind === "model" ? (rename.get(v.name) ?? v).hash : hashWithParts(v, (part) => renamed(part, rename)));
    fc.assert(
      fc.property(valueArb, fc.integer({ min: 0, max: 2 }), (v, i) => {
        const rename = swaps[i]!;
        expect(renamed(v, rename)).toBe(image(v, rename).hash);
      }),
      { numRuns: 500 },
    );
  });

  it("every state of an orbit gets the same representative", () => {
    const swap = { keys: [p1, p2], values: [p2, p1] };
    const reducer = new SymmetryReducer([swap]);
    fc.assert(
      fc.property(fc.array(valueArb, { minLength: 1, maxLength: 3 }), (state) => {
        const other = state.map((v) => image(v, new Map([["p1", p2], ["p2", p1]])));
        const a = reducer.representative(state);
        const b = reducer.representative(other);
        expect(a.every((v, i) => equals(v, b[i]!)), `${a.map(printValue)} against ${b.map(printValue)}`).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
