import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forEachHistory, LEVELS, levelsOf, satisfiedLevels, universeBounds, universeSize, type History, type HistoryValue, type Level, type Transaction } from "../../src/isolation/index.js";
import { h } from "../helpers/histories.js";

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

/**
 * test/helpers/histories.ts's transcription of the commit tests, with read
 * atomic independent of the order of reads (the helper keeps the order).
 * The commit tests of notes/isolation.md transcribed literally (sets of
 * states, every execution order), with read-your-own-writes: slow, and
 * written apart from src/isolation so the two can be compared.
 */
function referenceLevels(history: History): Set<Level> {
  const txns = history.transactions.filter((t) => t.status === "committed" && t.ops.length > 0);
  const int = txns.every((t) => t.ops.every((o, i) => o.type === "w" || !t.ops.slice(0, i).some((w) => w.type === "w" && w.key === o.key) || [...t.ops.slice(0, i)].reverse().find((w) => w.type === "w" && w.key === o.key)!.value === o.value));
  const result = new Set<Level>();
  if (!int) return result;
  const keys = [...new Set(txns.flatMap((t) => t.ops.map((o) => o.key)))];
  for (const order of permutations(txns)) {
    // parent[i]: the state before order[i], a map from key to value.
    const parent: Map<string, HistoryValue>[] = [];
    let state = new Map<string, HistoryValue>(keys.map((k) => [k, null]));
    for (const t of order) {
      parent.push(state);
      state = new Map(state);
      for (const o of t.ops) if (o.type === "w") state.set(o.key, o.value);
    }
    const pos = (t: Transaction): number => order.indexOf(t);
    const readStates = (t: Transaction, i: number): Set<number> => {
      const o = t.ops[i]!;
      const p = pos(t);
      const all = new Set(Array.from({ length: p + 1 }, (_, s) => s));
      if (o.type === "w" || t.ops.slice(0, i).some((w) => w.type === "w" && w.key === o.key)) return all;
      return new Set([...all].filter((s) => parent[s]!.get(o.key) === o.value));
    };
    const complete = (t: Transaction): Set<number> => {
      let s = new Set(Array.from({ length: pos(t) + 1 }, (_, x) => x));
      t.ops.forEach((_, i) => (s = new Set([...s].filter((x) => readStates(t, i).has(x)))));
      return s;
    };
    const preread = (t: Transaction): boolean => t.ops.every((_, i) => readStates(t, i).size > 0);
    const writeKeys = (t: Transaction): string[] => t.ops.filter((o) => o.type === "w").map((o) => o.key);
    const writerOf = (k: string, v: HistoryValue): Transaction | undefined => txns.find((u) => [...u.ops].reverse().find((o) => o.type === "w" && o.key === k)?.value === v && v !== null);
    // Read atomic whatever the order of the reads (Bailis et al.; Cerone et al.): every external read of a key an observed transaction wrote sees it.
    const external = (t: Transaction): number[] => t.ops.flatMap((o, i) => (o.type === "w" || t.ops.slice(0, i).some((w) => w.type === "w" && w.key === o.key) ? [] : [i]));
    const atomic = (t: Transaction): boolean => {
      const observed = external(t)
        .map((i) => writerOf(t.ops[i]!.key, t.ops[i]!.value))
        .filter((w): w is Transaction => w !== undefined && w !== t && pos(w) < pos(t));
      return external(t).every((i) => observed.every((u) => !writeKeys(u).includes(t.ops[i]!.key) || [...readStates(t, i)].some((s) => s > pos(u))));
    };
    const ct: Record<Level, (t: Transaction) => boolean> = {
      RU: () => true,
      RC: preread,
      RA: (t) => preread(t) && atomic(t),
      SI: (t) => [...complete(t)].some((s) => writeKeys(t).every((k) => parent[s]!.get(k) === parent[pos(t)]!.get(k))),
      SER: (t) => complete(t).has(pos(t)),
      SSER: (t) => complete(t).has(pos(t)) && txns.every((u) => !(u.end !== undefined && t.start !== undefined && u.end < t.start) || pos(u) < pos(t)),
    };
    for (const level of Object.keys(ct) as Level[]) if (order.every(ct[level])) result.add(level);
  }
  return result;
}

function permutations<T>(xs: readonly T[]): T[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}
