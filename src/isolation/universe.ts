/**
 * The universe of histories within bounds: every assignment of operation
 * sequences to transactions, each write storing its own transaction's id.
 *
 * @module
 */
import { LEVEL_BIT, universeClassifier } from "./client-centric.js";
import { formatTransaction, LEVELS, type History, type Level, type Operation, type Transaction } from "./history.js";

/** Bounds of a universe. */
export interface UniverseBounds {
  /** Transaction names (t1, t2, ... by default). */
  readonly transactions: readonly string[];
  /** Key names (k1, k2, ... by default). */
  readonly keys: readonly string[];
  /** Most operations per transaction. */
  readonly maxOps: number;
}

/** Bounds with default names: `txns` transactions `t1..`, `keys` keys `k1..`. */
export function universeBounds(txns: number, keys: number, maxOps: number): UniverseBounds {
  return {
    transactions: Array.from({ length: txns }, (_, i) => `t${i + 1}`),
    keys: Array.from({ length: keys }, (_, i) => `k${i + 1}`),
    maxOps,
  };
}

/** Number of histories within bounds: (sum of a^i for i <= n)^t, a = keys * (t + 2) operations per position. */
export function universeSize(b: UniverseBounds): number {
  const alphabet = b.keys.length * (b.transactions.length + 2);
  let perTxn = 0;
  for (let i = 0, p = 1; i <= b.maxOps; i++, p *= alphabet) perTxn += p;
  return perTxn ** b.transactions.length;
}

/**
 * A canonical text for a history: its committed, non-empty transactions
 * sorted by id. Two histories with the same text are the same history for
 * permissiveness (a committed empty transaction is no transaction).
 */
export function historyKey(h: History): string {
  return h.transactions
    .filter((t) => t.status === "committed" && t.ops.length > 0)
    .map((t) => formatTransaction(t))
    .sort()
    .join("\n");
}

/**
 * Calls `visit` with every history within bounds and the levels it satisfies
 * (a mask of {@link LEVEL_BIT}s); `onProgress` now and then with how many so far.
 */
export function forEachHistory(b: UniverseBounds, visit: (history: History, levels: number) => void, onProgress?: (done: number) => void): void {
  const sequences = b.transactions.map((t) => sequencesOf(alphabetOf(t, b), b.maxOps));
  const transactions = sequences.map((seqs, i) => seqs.map((ops): Transaction => ({ id: b.transactions[i]!, ops, status: "committed" })));
  const classify = universeClassifier(b.transactions, b.keys, sequences);
  const n = b.transactions.length;
  const choice = new Int32Array(n);
  let done = 0;
  const walk = (i: number): void => {
    if (i === n) {
      const chosen: Transaction[] = [];
      for (let t = 0; t < n; t++) if (choice[t]! > 0) chosen.push(transactions[t]![choice[t]!]!);
      visit({ transactions: chosen }, classify(choice));
      if (onProgress && (++done & 0xffff) === 0) onProgress(done);
      return;
    }
    for (let j = 0; j < sequences[i]!.length; j++) {
      choice[i] = j;
      walk(i + 1);
    }
  };
  walk(0);
}

/** The counts of a classified universe. */
export interface UniverseCounts {
  readonly total: number;
  readonly counts: Readonly<Record<Level, number>>;
}

/** Classifies every history within bounds: how many satisfy each level. */
export function classifyUniverse(b: UniverseBounds, onProgress?: (done: number) => void): UniverseCounts {
  const counts = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  let total = 0;
  forEachHistory(b, (_, mask) => {
    total++;
    for (const l of LEVELS) if (mask & LEVEL_BIT[l]) counts[l]++;
  }, onProgress);
  return { total, counts };
}

/** What transaction `t` may do: write any key (its own id), read any key's initial value or any transaction's write. */
function alphabetOf(t: string, b: UniverseBounds): Operation[] {
  const ops: Operation[] = [];
  for (const key of b.keys) {
    ops.push({ type: "w", key, value: t });
    ops.push({ type: "r", key, value: null });
    for (const u of b.transactions) ops.push({ type: "r", key, value: u });
  }
  return ops;
}

function sequencesOf(alphabet: readonly Operation[], maxOps: number): Operation[][] {
  const out: Operation[][] = [[]];
  let layer: Operation[][] = [[]];
  for (let n = 1; n <= maxOps; n++) {
    const next: Operation[][] = [];
    for (const s of layer) for (const op of alphabet) next.push([...s, op]);
    out.push(...next);
    layer = next;
  }
  return out;
}
