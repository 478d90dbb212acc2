/**
 * Client-centric isolation (Crooks, Pu, Alvisi, Clement, PODC 2017): a set
 * of transactions satisfies a level when some execution order makes the
 * level's commit test true for every transaction. Exact, and exponential in
 * the number of transactions: for small histories (universes, protocols
 * explored under bounds, witnesses).
 *
 * @module
 */
import { effectiveTransactions, LEVELS, type History, type HistoryValue, type Level, type Operation, type Transaction } from "./history.js";
import { listKeys, readList } from "./list-append.js";

/** Bit of each level in a level mask. */
export const LEVEL_BIT: Readonly<Record<Level, number>> = { RU: 1, RC: 2, RA: 4, SI: 8, SER: 16, SSER: 32 };
const ALL_LEVELS = 63;

/** Most transactions the exhaustive search takes (8! orders at worst). */
export const MAX_EXHAUSTIVE_TRANSACTIONS = 8;

/** A history compiled to small integers. */
interface Compiled {
  readonly count: number;
  readonly keys: number;
  /** Per transaction: op kinds (0 read, 1 write), keys and value ids (0 = initial). */
  readonly opWrite: readonly Uint8Array[];
  readonly opKey: readonly Int32Array[];
  readonly opValue: readonly Int32Array[];
  /** Per transaction: the keys it writes and its last value for each. */
  readonly writeKeys: readonly Int32Array[];
  readonly finalValue: readonly Int32Array[];
  /** writer[key][value]: the transaction whose final write gave the value, or -1. */
  readonly writer: readonly Int32Array[];
  /** predecessors[t]: mask of transactions that must precede t in real time (or session order). */
  readonly predecessors: Int32Array;
  /** installedBefore[t]: mask of transactions whose writes the recorded version order puts before t's. */
  readonly installedBefore: Int32Array;
}

/** Whether a read that follows the transaction's own write of a key returns that write (INT). */
export function readsOwnWrites(t: Pick<Transaction, "ops">): boolean {
  let own: Map<string, unknown> | undefined;
  for (const op of t.ops) {
    if (op.type === "w") (own ??= new Map()).set(op.key, op.value);
    else if (own?.has(op.key) && own.get(op.key) !== op.value) return false;
  }
  return true;
}

/** Whether `a` must come before `b` in a strict serial order: it ended before `b` started, or came first in their session. */
function precedesInRealTime(a: Transaction, b: Transaction, listing: ReadonlyMap<Transaction, number>): boolean {
  if (a.end !== undefined && b.start !== undefined && a.end < b.start) return true;
  return a.session !== undefined && a.session === b.session && listing.get(a)! < listing.get(b)!;
}

function compile(txns: readonly Transaction[], versionOrder?: History["versionOrder"]): Compiled {
  const keyIds = new Map<string, number>();
  const valueIds = new Map<string | number, number>();
  const keyOf = (k: string): number => {
    let id = keyIds.get(k);
    if (id === undefined) keyIds.set(k, (id = keyIds.size));
    return id;
  };
  const valueOf = (v: string | number | null): number => {
    if (v === null) return 0;
    const name = typeof v === "number" ? `#${v}` : `$${v}`;
    let id = valueIds.get(name);
    if (id === undefined) valueIds.set(name, (id = valueIds.size + 1));
    return id;
  };
  const opWrite = txns.map((t) => Uint8Array.from(t.ops, (o) => (o.type === "w" ? 1 : 0)));
  const opKey = txns.map((t) => Int32Array.from(t.ops, (o) => keyOf(o.key)));
  const opValue = txns.map((t) => Int32Array.from(t.ops, (o) => valueOf(o.value)));
  const writer = Array.from({ length: keyIds.size }, () => new Int32Array(valueIds.size + 1).fill(-1));
  const writeKeys: Int32Array[] = [];
  const finalValue: Int32Array[] = [];
  txns.forEach((_, i) => {
    const fv = finalValues(opWrite[i]!, opKey[i]!, opValue[i]!, keyIds.size);
    finalValue.push(fv);
    writeKeys.push(writtenKeys(fv));
    for (let k = 0; k < fv.length; k++) if (fv[k]! >= 0) writer[k]![fv[k]!] = i;
  });
  const listing = new Map(txns.map((t, i) => [t, i]));
  const predecessors = new Int32Array(txns.length);
  for (let a = 0; a < txns.length; a++)
    for (let b = 0; b < txns.length; b++) if (a !== b && precedesInRealTime(txns[a]!, txns[b]!, listing)) predecessors[b]! |= 1 << a;
  // A recorded version order fixes the order of each key's writers in the execution.
  const installedBefore = new Int32Array(txns.length);
  const lists = listKeys(txns);
  for (const [key, values] of Object.entries(versionOrder ?? {})) {
    const k = keyIds.get(key);
    if (k === undefined || lists.has(key)) continue;
    let previous = -1;
    for (const v of values) {
      const id = v === null ? undefined : valueIds.get(typeof v === "number" ? `#${v}` : `$${v}`);
      const w = id === undefined ? -1 : writer[k]![id]!;
      if (w < 0) continue;
      if (previous >= 0 && previous !== w) installedBefore[w]! |= 1 << previous;
      previous = w;
    }
  }
  // List-append keys: the longest read is the order, and appends no read showed come after it (list-append.ts).
  if (lists.size > 0) {
    const longest = new Map<string, readonly HistoryValue[]>();
    const appender = new Map<string, Map<HistoryValue, number>>();
    txns.forEach((t, i) => {
      for (const op of t.ops) {
        const list = readList(op, lists);
        if (list && list.length > (longest.get(op.key)?.length ?? -1)) longest.set(op.key, list);
        if (op.type === "w" && lists.has(op.key)) {
          let m = appender.get(op.key);
          if (!m) appender.set(op.key, (m = new Map()));
          m.set(op.value, i);
        }
      }
    });
    for (const [key, byValue] of appender) {
      const k = keyIds.get(key)!;
      let previous = -1;
      const shown = new Set<number>();
      for (const v of longest.get(key) ?? []) {
        const w = byValue.get(v);
        if (w === undefined) continue;
        if (previous >= 0 && previous !== w) installedBefore[w]! |= 1 << previous;
        previous = w;
        if (finalValue[w]![k] === valueOf(v)) shown.add(w);
      }
      if (previous >= 0) for (const w of new Set(byValue.values())) if (!shown.has(w) && w !== previous) installedBefore[w]! |= 1 << previous;
    }
  }
  return { count: txns.length, keys: keyIds.size, opWrite, opKey, opValue, writeKeys, finalValue, writer, predecessors, installedBefore };
}

/** Each key's last value written by one transaction's operations (-1: not written). */
function finalValues(opWrite: Uint8Array, opKey: Int32Array, opValue: Int32Array, keys: number): Int32Array {
  const fv = new Int32Array(keys).fill(-1);
  for (let j = 0; j < opWrite.length; j++) if (opWrite[j]) fv[opKey[j]!] = opValue[j]!;
  return fv;
}

function writtenKeys(fv: Int32Array): Int32Array {
  const out: number[] = [];
  for (let k = 0; k < fv.length; k++) if (fv[k]! >= 0) out.push(k);
  return Int32Array.from(out);
}

/**
 * A classifier for the histories of a universe: transaction `i` runs one of
 * `sequences[i]`, whose values are `null` or one of `transactions`. It
 * compiles every sequence once, so a history costs only the search.
 * Returns the satisfied-levels mask of a choice of one sequence per transaction.
 */
export function universeClassifier(transactions: readonly string[], keys: readonly string[], sequences: readonly (readonly (readonly Operation[])[])[]): (choice: ArrayLike<number>) => number {
  const keyId = new Map(keys.map((k, i) => [k, i]));
  const valueId = new Map<unknown, number>(transactions.map((t, i) => [t, i + 1]));
  const compiled = sequences.map((seqs) =>
    seqs.map((ops) => {
      const opWrite = Uint8Array.from(ops, (o) => (o.type === "w" ? 1 : 0));
      const opKey = Int32Array.from(ops, (o) => keyId.get(o.key)!);
      const opValue = Int32Array.from(ops, (o) => (o.value === null ? 0 : valueId.get(o.value)!));
      const finalValue = finalValues(opWrite, opKey, opValue, keys.length);
      return { opWrite, opKey, opValue, finalValue, writeKeys: writtenKeys(finalValue), int: readsOwnWrites({ ops }), empty: ops.length === 0 };
    }),
  );
  const n = transactions.length;
  const writer = Array.from({ length: keys.length }, () => new Int32Array(n + 1));
  const noPredecessors = new Int32Array(n);
  return (choice) => {
    const chosen: (typeof compiled)[number][number][] = [];
    for (let i = 0; i < n; i++) {
      const c = compiled[i]![choice[i]!]!;
      if (!c.int) return 0;
      if (!c.empty) chosen.push(c);
    }
    for (const w of writer) w.fill(-1);
    chosen.forEach((c, i) => {
      for (const k of c.writeKeys) writer[k]![c.finalValue[k]!] = i;
    });
    return searchExecutions({
      count: chosen.length,
      keys: keys.length,
      opWrite: chosen.map((c) => c.opWrite),
      opKey: chosen.map((c) => c.opKey),
      opValue: chosen.map((c) => c.opValue),
      writeKeys: chosen.map((c) => c.writeKeys),
      finalValue: chosen.map((c) => c.finalValue),
      writer,
      predecessors: noPredecessors,
      installedBefore: noPredecessors,
    });
  };
}

/**
 * The levels a history satisfies, as a mask of {@link LEVEL_BIT}s, by
 * searching execution orders (those that install each key's versions in the
 * recorded order, when there is one). A history that breaks read-your-own-writes
 * satisfies none. Throws a RangeError above
 * {@link MAX_EXHAUSTIVE_TRANSACTIONS} effective transactions.
 */
export function satisfiedLevels(history: History): number {
  const effective = effectiveTransactions(history);
  if (!effective.every(readsOwnWrites)) return 0;
  const txns = effective.filter((t) => t.ops.length > 0);
  if (txns.length > MAX_EXHAUSTIVE_TRANSACTIONS)
    throw new RangeError(`an exhaustive search takes at most ${MAX_EXHAUSTIVE_TRANSACTIONS} transactions, not ${txns.length}`);
  return searchExecutions(compile(txns, history.versionOrder));
}

/** The levels in a mask, weakest first. */
export function levelsOf(mask: number): Level[] {
  return LEVELS.filter((l) => (mask & LEVEL_BIT[l]) !== 0);
}

function searchExecutions(c: Compiled): number {
  const n = c.count;
  if (n === 0) return ALL_LEVELS;
  // states[i]: the parent state of the i-th transaction of the order being built.
  const states: Int32Array[] = Array.from({ length: n + 1 }, () => new Int32Array(c.keys));
  const order = new Int32Array(n);
  let found = 0;
  const place = (p: number, placed: number, levels: number): void => {
    if (p === n) {
      found |= levels;
      return;
    }
    for (let t = 0; t < n; t++) {
      if (placed & (1 << t)) continue;
      if ((c.installedBefore[t]! & placed) !== c.installedBefore[t]) continue;
      let next = levels & commitTests(c, t, p, states, order);
      if ((c.predecessors[t]! & placed) !== c.predecessors[t]) next &= ~LEVEL_BIT.SSER;
      if ((next & ~found) === 0) continue;
      order[p] = t;
      const after = states[p + 1]!;
      after.set(states[p]!);
      const fv = c.finalValue[t]!;
      for (const k of c.writeKeys[t]!) after[k] = fv[k]!;
      place(p + 1, placed | (1 << t), next);
      if (found === ALL_LEVELS) return;
    }
  };
  place(0, 0, ALL_LEVELS);
  return found;
}

/** The commit tests transaction `t` passes when placed at position `p`, as a level mask. */
function commitTests(c: Compiled, t: number, p: number, states: readonly Int32Array[], order: Int32Array): number {
  const all = (2 ** (p + 1) - 1) | 0;
  const kinds = c.opWrite[t]!;
  const keys = c.opKey[t]!;
  const values = c.opValue[t]!;
  const ownWritten = new Set<number>();
  let preread = true;
  let complete = all;
  // Positions of the transactions some read of t observed, and each external read's key and states.
  let observed = 0;
  const readKeys: number[] = [];
  const readMasks: number[] = [];
  for (let j = 0; j < kinds.length; j++) {
    const k = keys[j]!;
    if (kinds[j]) {
      ownWritten.add(k);
      continue;
    }
    if (ownWritten.has(k)) continue; // INT holds: every state up to the parent is a read state.
    const v = values[j]!;
    let mask = 0;
    for (let i = 0; i <= p; i++) if (states[i]![k] === v) mask |= 1 << i;
    if (mask === 0) preread = false;
    complete &= mask;
    readKeys.push(k);
    readMasks.push(mask);
    const w = v === 0 ? -1 : c.writer[k]![v]!;
    if (w >= 0) for (let q = 0; q < p; q++) if (order[q] === w) observed |= 1 << q;
  }
  // Read atomic, whatever the order of the reads: every read of a key an observed transaction wrote sees a state that includes it.
  let atomic = true;
  for (let j = 0; j < readKeys.length && atomic; j++)
    for (let q = 0; q < p; q++) {
      if (!(observed & (1 << q)) || c.finalValue[order[q]!]![readKeys[j]!] === -1) continue;
      if ((readMasks[j]! & ~((2 ** (q + 1) - 1) | 0)) === 0) atomic = false;
    }
  if (!preread) return LEVEL_BIT.RU;
  let levels = LEVEL_BIT.RU | LEVEL_BIT.RC;
  if (atomic) levels |= LEVEL_BIT.RA;
  if (complete & (1 << p)) return levels | LEVEL_BIT.SI | LEVEL_BIT.SER | LEVEL_BIT.SSER;
  // Snapshot isolation: some complete state after which no key t writes changed.
  const parent = states[p]!;
  const writes = c.writeKeys[t]!;
  for (let i = 0; i < p; i++) {
    if (!(complete & (1 << i))) continue;
    let unchanged = true;
    for (const k of writes) if (states[i]![k] !== parent[k]) unchanged = false;
    if (unchanged) return levels | LEVEL_BIT.SI;
  }
  return levels;
}
