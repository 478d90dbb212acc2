import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FingerprintTable } from "../../src/dump/fingerprints.js";

describe("FingerprintTable", () => {
  it("property: behaves like a map from the decimal text of 64-bit integers", () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { maxLength: 3000 }), (fps) => {
        const table = new FingerprintTable();
        const reference = new Map<string, number>();
        for (const fp of fps) {
          const text = fp.toString();
          const buf = Buffer.from(`x ${text} y`);
          const found = table.lookup(buf, 2, 2 + text.length);
          expect(found).toBe(reference.get(text) ?? -1);
          if (found < 0) {
            reference.set(text, reference.size);
            expect(table.lookup(buf, 2, 2 + text.length, reference.size - 1)).toBe(reference.size - 1);
          }
        }
        expect(table.size).toBe(reference.size);
      }),
      { numRuns: 50 },
    );
  });

  it("keeps 0 and -0, and numbers sharing their last nine digits, apart", () => {
    const table = new FingerprintTable();
    const add = (s: string, id: number): number => table.lookup(Buffer.from(s), 0, s.length, id);
    expect(add("0", 0)).toBe(0);
    expect(add("-0", 1)).toBe(1);
    expect(add("1000000005", 2)).toBe(2);
    expect(add("2000000005", 3)).toBe(3);
    expect(add("-1000000005", 4)).toBe(4);
    expect(table.lookup(Buffer.from("1000000005"), 0, 10)).toBe(2);
  });
});
