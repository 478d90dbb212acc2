import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NumberSet } from "../../src/util/number-set.js";

describe("NumberSet", () => {
  it("adds like a Set<number>, small and large safe integers alike, across growth", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.nat(50), fc.maxSafeNat()), { maxLength: 3000 }), (xs) => {
        const ours = new NumberSet();
        const theirs = new Set<number>();
        for (const x of xs) {
          expect(ours.add(x)).toBe(!theirs.has(x));
          theirs.add(x);
        }
        expect(ours.size).toBe(theirs.size);
      }),
      { numRuns: 200 },
    );
  });
});
