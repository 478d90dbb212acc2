import type { History, HistoryValue, Level, Operation, Transaction } from "../../src/isolation/index.js";

/**
 * A history from a compact text, one transaction per `;`:
 * `t1: r(x, init) w(y); t2: r(y, t1)`. A write without a value stores its
 * transaction's id. `t3[aborted]`, `t4[0-5]` (start-end times), `t5@c1` (session).
 */
export function h(text: string, versionOrder?: Record<string, HistoryValue[]>): History {
  const transactions = text
    .split(";")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((part): Transaction => {
      const m = /^(\w+)(?:\[(aborted|unknown|(\d+)-(\d+))\])?(?:@(\w+))?:(.*)$/.exec(part);
      if (!m) throw new Error(`bad transaction ${part}`);
      const id = m[1]!;
      const ops = [...m[6]!.matchAll(/([rw])\((\w+)(?:,\s*(\w+))?\)/g)].map(
        (o): Operation => ({ type: o[1] as "r" | "w", key: o[2]!, value: o[3] === undefined ? id : o[3] === "init" ? null : /^\d+$/.test(o[3]) ? Number(o[3]) : o[3] }),
      );
      return {
        id,
        ops,
        status: m[2] === "aborted" ? "aborted" : m[2] === "unknown" ? "unknown" : "committed",
        ...(m[3] !== undefined && { start: Number(m[3]), end: Number(m[4]) }),
        ...(m[5] !== undefined && { session: m[5] }),
      };
    });
  return { transactions, versionOrder };
}

/**
 * The commit tests of notes/isolation.md transcribed literally (sets of
 * states, every execution order), with read-your-own-writes and read atomic
 * independent of the order of reads (Bailis et al.): slow, and written apart
 * from src/isolation so the two can be compared.
 */
export function referenceLevels(history: History): Set<Level> {
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
