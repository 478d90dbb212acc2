/**
 * List-append inference, after Elle (Kingsbury and Alvaro, VLDB 2020;
 * elle/list_append.clj): a read of a list-append key returns the whole list,
 * so every read shows a prefix of the key's version order. All read lists of
 * a key must be prefixes of one another (else `incompatible-order`), and
 * hold no element twice (`duplicate-elements`); every element of a list is
 * read (an aborted append anywhere in it is an aborted read, G1a); a read
 * shows its own transaction's earlier appends at its end and none of its
 * later ones. The longest read is the version order; appends no read
 * observed come after all of it (unordered among themselves), which gives
 * ww, wr and rw dependencies per append, as Elle derives them.
 *
 * Linear in the total length of the lists read; Maps keyed by key.
 *
 * @module
 */
import type { AnomalyName, Witness, WitnessDependency } from "./check.js";
import type { Dependency } from "./dependency-graph.js";
import { ValueIndex, type History, type HistoryValue, type Operation, type Transaction } from "./history.js";

/** An anomaly as data, before check.ts adds its phenomenon and level. */
export interface ListAnomaly {
  readonly name: AnomalyName;
  readonly description: string;
  readonly transactions: Witness["transactions"];
  readonly dependencies: readonly WitnessDependency[];
}

/**
 * The list-append keys of `transactions`: those some read returned a list
 * for, and, when any read did, every key no read returned a scalar for (so
 * appends nobody read still count as appends).
 */
export function listKeys(transactions: readonly Transaction[]): ReadonlySet<string> {
  // The same array is asked about several times per check (histories are read-only).
  return listKeyInfo(transactions).keys;
}

/** Whether every key of `transactions` is a list-append key (no register to check). */
export function onlyListKeys(transactions: readonly Transaction[]): boolean {
  return listKeyInfo(transactions).all;
}

function listKeyInfo(transactions: readonly Transaction[]): { length: number; keys: ReadonlySet<string>; all: boolean } {
  const known = listKeysCache.get(transactions);
  if (known && known.length === transactions.length) return known;
  const info = { length: transactions.length, ...computeListKeys(transactions) };
  listKeysCache.set(transactions, info);
  return info;
}

const listKeysCache = new WeakMap<readonly Transaction[], { length: number; keys: ReadonlySet<string>; all: boolean }>();

function computeListKeys(transactions: readonly Transaction[]): { keys: ReadonlySet<string>; all: boolean } {
  const listed = new Set<string>();
  const scalar = new Set<string>();
  const all = new Set<string>();
  for (const t of transactions)
    for (const op of t.ops) {
      all.add(op.key);
      if (op.type !== "r") continue;
      if (op.list) listed.add(op.key);
      else if (op.value !== null) scalar.add(op.key);
    }
  if (listed.size === 0) return { keys: listed, all: all.size === 0 };
  for (const k of all) if (!scalar.has(k)) listed.add(k);
  return { keys: listed, all: listed.size === all.size };
}

/** The list a read of a list-append key returned (a scalar read of `null` is the empty list). */
export function readList(op: Operation, keys: ReadonlySet<string>): readonly HistoryValue[] | undefined {
  if (op.type !== "r" || !keys.has(op.key)) return undefined;
  return op.list ?? (op.value === null ? [] : [op.value]);
}

const effectiveSets = new WeakMap<readonly Transaction[], ReadonlySet<Transaction>>();

/** `effective` as a Set, made once per array (histories are read-only). */
export function effectiveSet(effective: readonly Transaction[]): ReadonlySet<Transaction> {
  let set = effectiveSets.get(effective);
  if (!set || set.size !== effective.length) effectiveSets.set(effective, (set = new Set(effective)));
  return set;
}

const show = (list: readonly HistoryValue[]): string => JSON.stringify(list);

/**
 * Anomalies of list-append reads that show on their own, weakest level
 * first: internal, incompatible-order and duplicate-elements (every level),
 * then future, garbage, aborted and intermediate reads (RC up).
 */
export function listReadAnomaly(history: History, effective: readonly Transaction[]): ListAnomaly | undefined {
  const keys = listKeys(history.transactions);
  if (keys.size === 0) return undefined;
  const longest = longestReads(effective, keys);
  return internalAnomaly(effective, keys) ?? orderAnomaly(effective, keys, longest) ?? futureRead(effective, keys) ?? elementAnomaly(history, effective, keys, longest);
}

/** A read after the transaction's own appends must end with them, and equal what it read before plus them. */
function internalAnomaly(effective: readonly Transaction[], keys: ReadonlySet<string>): ListAnomaly | undefined {
  for (const t of effective) {
    // Only a read after a write can be wrong here.
    let wrote = false;
    let readAfter = false;
    for (const op of t.ops)
      if (op.type === "w") wrote = true;
      else if (wrote) {
        readAfter = true;
        break;
      }
    if (!readAfter) continue;
    // Per key: the list last read (undefined: not read), and the appends since.
    let state: Map<string, { base: readonly HistoryValue[] | undefined; appended: HistoryValue[]; ops: Operation[] }> | undefined;
    for (const op of t.ops) {
      if (!keys.has(op.key)) continue;
      const s = state?.get(op.key);
      if (op.type === "w") {
        if (s) s.appended.push(op.value), s.ops.push(op);
        else (state ??= new Map()).set(op.key, { base: undefined, appended: [op.value], ops: [op] });
        continue;
      }
      const list = readList(op, keys)!;
      if (s && s.appended.length > 0) {
        const tail = list.slice(list.length - s.appended.length);
        const ok = s.base === undefined ? list.length >= s.appended.length && tail.every((v, i) => v === s.appended[i]) : list.length === s.base.length + s.appended.length && list.every((v, i) => v === (i < s.base!.length ? s.base![i] : s.appended[i - s.base!.length]));
        if (!ok) {
          const expected = s.base === undefined ? `[..., ${s.appended.map((v) => JSON.stringify(v)).join(", ")}]` : show([...s.base, ...s.appended]);
          return { name: "internal", description: `${t.id} read ${op.key} as ${show(list)} where its own appends make it ${expected}`, transactions: [{ id: t.id, ops: [...s.ops, op] }], dependencies: [] };
        }
      }
      (state ??= new Map()).set(op.key, { base: list, appended: [], ops: [op] });
    }
  }
  return undefined;
}

/** Per key: every read list a prefix of the longest, and the longest without an element twice. */
function orderAnomaly(effective: readonly Transaction[], keys: ReadonlySet<string>, longest: ReadonlyMap<string, Read>): ListAnomaly | undefined {
  for (const t of effective)
    for (const op of t.ops) {
      const list = readList(op, keys);
      const other = list && longest.get(op.key);
      if (!other || other.list === list) continue;
      for (let i = 0; i < list.length; i++)
        if (list[i] !== other.list[i])
          return {
            name: "incompatible-order",
            description: `${t.id} read ${op.key} as ${show(list)} and ${other.t.id} as ${show(other.list)}: no order of ${op.key}'s appends gives both`,
            transactions: t === other.t ? [{ id: t.id, ops: [op, other.op] }] : [{ id: t.id, ops: [op] }, { id: other.t.id, ops: [other.op] }],
            dependencies: [],
          };
    }
  // Every list is a prefix of the longest: a duplicate anywhere is one in the longest.
  for (const [key, { list }] of longest) {
    const seen = new Set<HistoryValue>();
    const at = list.findIndex((v) => (seen.has(v) ? true : (seen.add(v), false)));
    if (at < 0) continue;
    const w = shortestReadPast(effective, keys, key, at)!;
    const wl = readList(w.op, keys)!;
    return { name: "duplicate-elements", description: `${w.t.id} read ${key} as ${show(wl)}, with ${JSON.stringify(list[at])} twice: each element is appended once`, transactions: [{ id: w.t.id, ops: [w.op] }], dependencies: [] };
  }
  return undefined;
}

interface Read {
  readonly t: Transaction;
  readonly op: Operation;
  readonly list: readonly HistoryValue[];
}

/** Each key's longest read list among `transactions`. */
function longestReads(transactions: readonly Transaction[], keys: ReadonlySet<string>): Map<string, Read> {
  const longest = new Map<string, Read>();
  for (const t of transactions)
    for (const op of t.ops) {
      const list = readList(op, keys);
      if (list && list.length > (longest.get(op.key)?.list.length ?? -1)) longest.set(op.key, { t, op, list });
    }
  return longest;
}

/** The shortest read of `key` longer than `at` elements: the first to show element `at`. */
function shortestReadPast(effective: readonly Transaction[], keys: ReadonlySet<string>, key: string, at: number): Read | undefined {
  let best: Read | undefined;
  for (const t of effective)
    for (const op of t.ops) {
      if (op.key !== key) continue;
      const list = readList(op, keys);
      if (list && list.length > at && (!best || list.length < best.list.length)) best = { t, op, list };
    }
  return best;
}

/** A read of an element its own transaction appends later. */
function futureRead(effective: readonly Transaction[], keys: ReadonlySet<string>): ListAnomaly | undefined {
  for (const t of effective) {
    // Only a read before a write can show a later append.
    let read = false;
    let writeAfter = false;
    for (const op of t.ops)
      if (op.type === "r") read = true;
      else if (read) {
        writeAfter = true;
        break;
      }
    if (!writeAfter) continue;
    // Per key: element -> the append of it, for keys t appends to.
    let appends: Map<string, Map<HistoryValue, { op: Operation; at: number }>> | undefined;
    t.ops.forEach((op, at) => {
      if (op.type !== "w" || !keys.has(op.key)) return;
      let m = (appends ??= new Map()).get(op.key);
      if (!m) appends.set(op.key, (m = new Map()));
      if (!m.has(op.value)) m.set(op.value, { op, at });
    });
    if (!appends) continue;
    for (let j = 0; j < t.ops.length; j++) {
      const op = t.ops[j]!;
      const mine = appends.get(op.key);
      const list = mine && readList(op, keys);
      if (!list) continue;
      for (const v of list) {
        const a = mine!.get(v);
        if (a && a.at > j) return { name: "future-read", description: `${t.id} read ${op.key} as ${show(list)}, with ${JSON.stringify(v)}, before appending it`, transactions: [{ id: t.id, ops: [op, a.op] }], dependencies: [] };
      }
    }
  }
  return undefined;
}

/** Every element of the longest read of each key: appended by somebody (else garbage), by an effective transaction (else G1a); the last element of each read not an intermediate append (G1b). */
function elementAnomaly(history: History, effective: readonly Transaction[], keys: ReadonlySet<string>, longest: ReadonlyMap<string, Read>): ListAnomaly | undefined {
  const appender = new ValueIndex<{ t: Transaction; op: Operation; final: boolean }>();
  for (const t of history.transactions) {
    const ops = t.ops;
    let last: Map<string, Operation> | undefined;
    if (ops.length > 16) {
      last = new Map();
      for (const op of ops) if (op.type === "w" && keys.has(op.key)) last.set(op.key, op);
    }
    for (let j = 0; j < ops.length; j++) {
      const op = ops[j]!;
      if (op.type !== "w" || !keys.has(op.key)) continue;
      let final = true;
      if (last) final = last.get(op.key) === op;
      else for (let k = j + 1; k < ops.length && final; k++) if (ops[k]!.type === "w" && ops[k]!.key === op.key) final = false;
      appender.set(op.key, op.value, { t, op, final });
    }
  }
  const isEffective = effectiveSet(effective);
  for (const [key, { list }] of longest)
    for (let i = 0; i < list.length; i++) {
      const w = appender.get(key, list[i]!);
      if (w && isEffective.has(w.t)) continue;
      const r = shortestReadPast(effective, keys, key, i)!;
      const rl = readList(r.op, keys)!;
      if (!w) return { name: "garbage-read", description: `${r.t.id} read ${key} as ${show(rl)}: no transaction appended ${JSON.stringify(list[i])}`, transactions: [{ id: r.t.id, ops: [r.op] }], dependencies: [] };
      return {
        name: "aborted-read",
        description: `${r.t.id} read ${key} as ${show(rl)}, with ${JSON.stringify(list[i])}, appended by ${w.t.id}, which ${w.t.status === "aborted" ? "aborted" : "did not commit"}`,
        transactions: [
          { id: w.t.id, ops: [w.op] },
          { id: r.t.id, ops: [r.op] },
        ],
        dependencies: [{ from: w.t.id, to: r.t.id, type: "wr", key }],
      };
    }
  for (const t of effective)
    for (const op of t.ops) {
      const list = readList(op, keys);
      if (!list || list.length === 0) continue;
      const w = appender.get(op.key, list[list.length - 1]!)!;
      if (w.final || w.t === t) continue;
      return {
        name: "intermediate-read",
        description: `${t.id} read ${op.key} as ${show(list)}, ending with ${JSON.stringify(list[list.length - 1])}, which ${w.t.id} appended to before committing`,
        transactions: [
          { id: w.t.id, ops: [w.op] },
          { id: t.id, ops: [op] },
        ],
        dependencies: [{ from: w.t.id, to: t.id, type: "wr", key: op.key }],
      };
    }
  return undefined;
}

/** The version order of list-append keys, as the dependency graph uses it. */
export interface ListOrders {
  /** The list-append keys. */
  readonly keys: ReadonlySet<string>;
  /** ww and rw dependencies of every append (wr come from the reads, with {@link ListOrders.writerOf}). */
  readonly dependencies: readonly Dependency[];
  /** Per key: each appender's place (its last append's index in the longest read; Infinity when a read never showed it). */
  readonly position: ReadonlyMap<string, ReadonlyMap<number, number>>;
  /** The transaction (index) that appended an element. */
  readonly writerOf: (key: string, value: HistoryValue) => number | undefined;
}

/**
 * Elle's dependencies of list-append keys among `transactions` (committed,
 * reads checked): an append of `e` follows the element before it in the
 * longest read, or the read's last element when no read shows `e`; it
 * depends (ww) on that element's appender and anti-depends (rw) on every
 * read ending there.
 */
export function listOrders(transactions: readonly Transaction[]): ListOrders {
  const keys = listKeys(transactions);
  const dependencies: Dependency[] = [];
  const position = new Map<string, Map<number, number>>();
  const appender = new ValueIndex<number>();
  if (keys.size === 0) return { keys, dependencies, position, writerOf: () => undefined };
  const INIT = Symbol("init");
  type Element = HistoryValue | typeof INIT;
  const longest = new Map<string, readonly HistoryValue[]>();
  // Per key: reads by the element they end with.
  const readers = new Map<string, Map<Element, { t: number; op: Operation }[]>>();
  const appends = new Map<string, { t: number; value: HistoryValue }[]>();
  transactions.forEach((t, i) => {
    for (const op of t.ops) {
      if (!keys.has(op.key)) continue;
      if (op.type === "w") {
        appender.set(op.key, op.value, i);
        let a = appends.get(op.key);
        if (!a) appends.set(op.key, (a = []));
        a.push({ t: i, value: op.value });
        continue;
      }
      const list = readList(op, keys)!;
      if (list.length > (longest.get(op.key)?.length ?? -1)) longest.set(op.key, list);
      let byEnd = readers.get(op.key);
      if (!byEnd) readers.set(op.key, (byEnd = new Map()));
      const end: Element = list.length === 0 ? INIT : list[list.length - 1]!;
      let rs = byEnd.get(end);
      if (!rs) byEnd.set(end, (rs = []));
      rs.push({ t: i, op });
    }
  });
  for (const [key, as] of appends) {
    const order = longest.get(key) ?? [];
    const index = new Map<HistoryValue, number>();
    order.forEach((v, i) => index.has(v) || index.set(v, i));
    const last: Element = order.length === 0 ? INIT : order[order.length - 1]!;
    const pos = new Map<number, number>();
    // A key's appends come in transaction order: duplicates only among one transaction's, so the sets of what each transaction already depends on are reset between transactions.
    const seenWw = new Set<number>();
    const seenRw = new Set<number>();
    let current = -1;
    const byEnd = readers.get(key);
    for (let j = 0; j < as.length; j++) {
      const { t, value } = as[j]!;
      const several = (j + 1 < as.length && as[j + 1]!.t === t) || t === current;
      if (t !== current) {
        current = t;
        if (seenWw.size > 0) seenWw.clear();
        if (seenRw.size > 0) seenRw.clear();
      }
      const at = index.get(value);
      pos.set(t, Math.max(pos.get(t) ?? -1, at ?? Infinity));
      const previous: Element = at === undefined ? last : at > 0 ? order[at - 1]! : INIT;
      const w = previous === INIT ? undefined : appender.get(key, previous);
      if (w !== undefined && w !== t && !(several && seenWw.has(w))) {
        if (several) seenWw.add(w);
        dependencies.push({ from: w, to: t, type: "ww", key });
      }
      const rs = byEnd?.get(previous);
      if (rs) {
        // One reader's reads are next to one another (transaction order): its first read ending there stands for it.
        let previousReader = -1;
        for (const r of rs) {
          if (r.t === previousReader) continue;
          previousReader = r.t;
          if (r.t !== t && !(several && seenRw.has(r.t))) {
            if (several) seenRw.add(r.t);
            dependencies.push({ from: r.t, to: t, type: "rw", key, read: r.op });
          }
        }
      }
    }
    position.set(key, pos);
  }
  return { keys, dependencies, position, writerOf: (key, value) => appender.get(key, value) };
}

/**
 * Elle's lost update (elle/txn.clj lost-update-cases): two transactions read
 * the same version of a key (their first read of it) and both then wrote
 * it. Snapshot isolation forbids it whatever the order of the two writes,
 * which matters when no read showed either (appends nobody read are not
 * ordered among themselves). Linear: a Map per key of versions read.
 */
export function lostUpdate(transactions: readonly Transaction[]): ListAnomaly | undefined {
  const keys = listKeys(transactions);
  const INIT = Symbol("init");
  const byKey = new Map<string, Map<HistoryValue | typeof INIT, { t: Transaction; read: Operation; write: Operation }>>();
  for (const t of transactions) {
    let read: Map<string, Operation> | undefined;
    let written: Set<string> | undefined;
    for (const op of t.ops) {
      if (op.type === "r") {
        if (!read?.has(op.key) && !written?.has(op.key)) (read ??= new Map()).set(op.key, op);
        continue;
      }
      if (written?.has(op.key)) continue;
      (written ??= new Set()).add(op.key);
      const r = read?.get(op.key);
      if (!r) continue;
      const list = readList(r, keys);
      const version = list ? (list.length === 0 ? INIT : list[list.length - 1]!) : (r.value ?? INIT);
      let versions = byKey.get(op.key);
      if (!versions) byKey.set(op.key, (versions = new Map()));
      const other = versions.get(version);
      if (!other) {
        versions.set(version, { t, read: r, write: op });
        continue;
      }
      const what = version === INIT ? "the initial state" : JSON.stringify(version);
      return {
        name: "lost-update",
        description: `${other.t.id} and ${t.id} both read ${op.key} at ${what} and both wrote it: one of the updates is lost`,
        transactions: [
          { id: other.t.id, ops: [other.read, other.write] },
          { id: t.id, ops: [r, op] },
        ],
        dependencies: [
          { from: other.t.id, to: t.id, type: "rw", key: op.key },
          { from: t.id, to: other.t.id, type: "rw", key: op.key },
        ],
      };
    }
  }
  return undefined;
}
