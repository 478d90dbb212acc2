import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forEachHistory, LEVELS, levelsOf, satisfiedLevels, universeBounds, universeSize, type History, type HistoryValue, type Level, type Transaction } from "../../src/isolation/index.js";
import { h, referenceLevels } from "../helpers/histories.js";

describe("client-centric commit tests", () => {
  it("classify every history of the 2 x 2 x 2 universe as the literal transcription does", () => {
    const bounds = universeBounds(2, 2, 2);
    let total = 0;
    const differing: string[] = [];
    forEachHistory(bounds, (history, mask) => {
      total++;
      const expected = [...referenceLevels(history)].sort().join(",");
      const got = levelsOf(mask).sort().join(",");
      if (expected !== got && differing.length < 5) differing.push(`${JSON.stringify(history.transactions.map((t) => [t.id, t.ops]))}: ${got} != ${expected}`);
    });
    expect(total).toBe(universeSize(bounds));
    expect(total).toBe(5329);
    expect(differing).toEqual([]);
  });

  it("agree with the transcription on random 3-transaction histories with real-time order", () => {
    const op = fc.record({
      type: fc.constantFrom("r" as const, "w" as const),
      key: fc.constantFrom("x", "y"),
      value: fc.constantFrom(null, "a", "b", "c"),
    });
    const history = fc
      .tuple(...(["a", "b", "c"] as const).map((id) => fc.record({ ops: fc.array(op, { maxLength: 3 }), start: fc.nat(6), length: fc.nat(3) }).map((t) => ({ id, ...t }))))
      .map(
        (ts): History => ({
          transactions: ts.map((t) => ({
            id: t.id,
            status: "committed" as const,
            start: t.start,
            end: t.start + t.length,
            // A write stores its own transaction's id, as in every universe.
            ops: t.ops.map((o) => (o.type === "w" ? { ...o, value: t.id } : o)),
          })),
        }),
      );
    fc.assert(
      fc.property(history, (hist) => {
        expect(levelsOf(satisfiedLevels(hist)).sort()).toEqual([...referenceLevels(hist)].sort());
      }),
      { numRuns: 400 },
    );
  });

  it("nest the levels: whatever a level allows, every weaker level allows", () => {
    forEachHistory(universeBounds(2, 2, 2), (_, mask) => {
      const held = LEVELS.map((l) => levelsOf(mask).includes(l));
      for (let i = 1; i < held.length; i++) if (held[i]) expect(held[i - 1], `${LEVELS[i]} without ${LEVELS[i - 1]}`).toBe(true);
    });
  });

  it("refuse every level to a history that does not read its own writes (INT)", () => {
    expect(satisfiedLevels(h("t1: w(x) r(x, init)"))).toBe(0);
    // Without INT the transcription would call it serializable; reading after one's own write is fine.
    expect(levelsOf(satisfiedLevels(h("t1: w(x) r(x, t1)")))).toEqual([...LEVELS]);
  });

  it("refuse an exhaustive search beyond eight transactions", () => {
    const nine = h(Array.from({ length: 9 }, (_, i) => `t${i}: w(x)`).join(";"));
    expect(() => satisfiedLevels(nine)).toThrow(RangeError);
  });

  it.each<[string, Level[]]>([
    ["t1: r(x, t2); t2: w(x)", [...LEVELS]],
    ["t1: r(x, init) w(x); t2: r(x, init) w(x)", ["RU", "RC", "RA"]],
    ["t1: r(x, init) w(y); t2: r(y, init) w(x)", ["RU", "RC", "RA", "SI"]],
    ["t1[0-1]: w(x); t2[2-3]: r(x, init)", ["RU", "RC", "RA", "SI", "SER"]],
  ])("%s satisfies exactly %j", (text, levels) => {
    expect(levelsOf(satisfiedLevels(h(text)))).toEqual(levels);
  });
});


function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}
