/**
 * A history as flat typed arrays: keys and values interned to integers,
 * every operation a row. The dependency-graph checker runs on this form
 * (no object per operation or dependency, which at a million transactions
 * is what the time goes to: copying them in the garbage collector), and
 * the line-per-operation reader builds it directly; {@link Transaction}
 * objects are made only when asked for (witnesses, or a caller reading
 * `history.transactions`).
 *
 * @module
 */
import type { History, HistoryValue, Operation, Transaction, TransactionStatus } from "./history.js";

/** Transaction statuses as numbers. */
export const COMMITTED = 0;
export const ABORTED = 1;
export const UNKNOWN = 2;
const STATUS: readonly TransactionStatus[] = ["committed", "aborted", "unknown"];

/** A history interned: transactions `0..count-1`, operations `0..opStart[count]-1` in program order. */
export class CompactHistory {
  private readonly materialized: (Transaction | undefined)[];
  private valueIndex: Map<number, Map<HistoryValue, number>> | undefined;
  private keyIndex: Map<string, number> | undefined;

  constructor(
    readonly count: number,
    /** Per transaction: {@link COMMITTED}, {@link ABORTED} or {@link UNKNOWN}. */
    readonly status: Uint8Array,
    /** Per transaction: its first operation; `opStart[count]` is the number of operations. */
    readonly opStart: Int32Array,
    /** Per operation: 1 for a write (or append), 0 for a read. */
    readonly opWrite: Uint8Array,
    readonly opKey: Int32Array,
    /** Per operation: the value written or read (a list read: its last element), -1 for null (the initial value). */
    readonly opValue: Int32Array,
    /** Per operation: 1 when the read returned a whole list. */
    readonly opList: Uint8Array,
    /** Per read: its elements in {@link elements} (a scalar read: the value, or none for null). */
    readonly listStart: Int32Array,
    readonly listLength: Int32Array,
    readonly elements: Int32Array,
    readonly keyNames: readonly string[],
    /** Per value id: its key, and the value. */
    readonly valueKey: Int32Array,
    readonly values: readonly HistoryValue[],
    /** Per transaction: its session's number (-1: none), start and end (NaN: none). */
    readonly session: Int32Array,
    readonly start: Float64Array,
    readonly end: Float64Array,
    /** Per transaction: its id, or a number whose decimal digits are its id. */
    private readonly ids: readonly (string | number)[],
    readonly versionOrder: History["versionOrder"],
    /** The history this was made from, whose objects witnesses reuse. */
    private readonly source?: History | undefined,
  ) {
    this.materialized = source ? [] : new Array(count);
  }

  /** The number of operations. */
  get operationCount(): number {
    return this.opStart[this.count]!;
  }

  /** Transaction `i`'s id. */
  id(i: number): string {
    return String(this.ids[i]!);
  }

  /** Transaction `i` as an object (the source's own, when made from one). */
  transaction(i: number): Transaction {
    if (this.source) return this.source.transactions[i]!;
    let t = this.materialized[i];
    if (!t) {
      const ops: Operation[] = [];
      for (let o = this.opStart[i]!; o < this.opStart[i + 1]!; o++) ops.push(this.makeOperation(o));
      const s = this.session[i]!;
      t = { id: this.id(i), ops, status: STATUS[this.status[i]!]!, session: s < 0 ? undefined : this.sessionName(s), start: numberOrUndefined(this.start[i]!), end: numberOrUndefined(this.end[i]!) };
      this.materialized[i] = t;
    }
    return t;
  }

  /** Operation `o` (of transaction `t`) as the object in `transaction(t).ops`. */
  operation(t: number, o: number): Operation {
    return this.transaction(t).ops[o - this.opStart[t]!]!;
  }

  /** The value of value id `v` (-1: null). */
  value(v: number): HistoryValue {
    return v < 0 ? null : this.values[v]!;
  }

  /** The values of a read's list. */
  list(o: number): HistoryValue[] {
    const out: HistoryValue[] = [];
    for (let e = this.listStart[o]!; e < this.listStart[o]! + this.listLength[o]!; e++) out.push(this.values[this.elements[e]!]!);
    return out;
  }

  /** The id of `value` of key `k`, or -1 (null, or a value no operation names). */
  valueId(k: number, value: HistoryValue): number {
    if (value === null) return -1;
    if (!this.valueIndex) {
      this.valueIndex = new Map();
      for (let v = 0; v < this.values.length; v++) {
        let m = this.valueIndex.get(this.valueKey[v]!);
        if (!m) this.valueIndex.set(this.valueKey[v]!, (m = new Map()));
        m.set(this.values[v]!, v);
      }
    }
    return this.valueIndex.get(k)?.get(value) ?? -1;
  }

  /** The number of key `name`, or -1. */
  keyId(name: string): number {
    this.keyIndex ??= new Map(this.keyNames.map((k, i) => [k, i]));
    return this.keyIndex.get(name) ?? -1;
  }

  /** Session names, set by the builder. */
  sessionNames: readonly string[] = [];
  private sessionName(s: number): string {
    return this.sessionNames[s]!;
  }

  private makeOperation(o: number): Operation {
    const key = this.keyNames[this.opKey[o]!]!;
    const value = this.value(this.opValue[o]!);
    if (this.opWrite[o]) return { type: "w", key, value };
    return this.opList[o] ? { type: "r", key, value, list: this.list(o) } : { type: "r", key, value };
  }
}

function numberOrUndefined(x: number): number | undefined {
  return Number.isNaN(x) ? undefined : x;
}

/**
 * A map from pairs (a small integer, a number) to numbers, by open
 * addressing in typed arrays: the garbage collector never walks it, unlike
 * a Map (or a Map per key), and lookups hash two numbers, not a string.
 */
export class PairTable {
  private firsts = new Int32Array(1 << 12).fill(-1);
  private seconds = new Float64Array(1 << 12);
  private entries = new Float64Array(1 << 12);
  private size = 0;

  /** The number stored for (a, x) (a >= 0), or `missing`. */
  get(a: number, x: number, missing = -1): number {
    const mask = this.firsts.length - 1;
    for (let i = hashPair(a, x) & mask; ; i = (i + 1) & mask) {
      const f = this.firsts[i]!;
      if (f === -1) return missing;
      if (f === a && this.seconds[i] === x) return this.entries[i]!;
    }
  }

  /** Stores `v` for (a, x) (a >= 0). */
  set(a: number, x: number, v: number): void {
    const mask = this.firsts.length - 1;
    for (let i = hashPair(a, x) & mask; ; i = (i + 1) & mask) {
      const f = this.firsts[i]!;
      if (f === -1) break;
      if (f === a && this.seconds[i] === x) {
        this.entries[i] = v;
        return;
      }
    }
    if (2 * (this.size + 1) > this.firsts.length) this.grow();
    this.place(a, x, v);
    this.size++;
  }

  private place(a: number, x: number, v: number): void {
    const mask = this.firsts.length - 1;
    let i = hashPair(a, x) & mask;
    while (this.firsts[i] !== -1) i = (i + 1) & mask;
    this.firsts[i] = a;
    this.seconds[i] = x;
    this.entries[i] = v;
  }

  private grow(): void {
    const { firsts, seconds, entries } = this;
    this.firsts = new Int32Array(firsts.length * 2).fill(-1);
    this.seconds = new Float64Array(firsts.length * 2);
    this.entries = new Float64Array(firsts.length * 2);
    for (let i = 0; i < firsts.length; i++) if (firsts[i] !== -1) this.place(firsts[i]!, seconds[i]!, entries[i]!);
  }
}

/** A hash of a key number and a numeric value (integers mostly; others by their low bits). */
function hashPair(k: number, x: number): number {
  const low = x | 0;
  const high = ((x - low) / 4294967296) | 0;
  let h = Math.imul(k ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(low, 0xc2b2ae35) ^ Math.imul(high, 0x27d4eb2f);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 13);
}

/** A growable typed array. */
class Column<T extends Int32Array | Uint8Array | Float64Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  done(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

const ints = (n: number): Int32Array => new Int32Array(n);
const bytes = (n: number): Uint8Array => new Uint8Array(n);
const floats = (n: number): Float64Array => new Float64Array(n);

/**
 * Builds a {@link CompactHistory} a transaction at a time: operations
 * first, then {@link HistoryBuilder.endTransaction}.
 */
export class HistoryBuilder {
  private readonly status = new Column(bytes(1024), bytes);
  private readonly opStart = new Column(ints(1024), ints);
  private readonly opWrite = new Column(bytes(4096), bytes);
  private readonly opKey = new Column(ints(4096), ints);
  private readonly opValue = new Column(ints(4096), ints);
  private readonly opList = new Column(bytes(4096), bytes);
  private readonly listStart = new Column(ints(4096), ints);
  private readonly listLength = new Column(ints(4096), ints);
  private readonly elements = new Column(ints(4096), ints);
  private readonly session = new Column(ints(1024), ints);
  private readonly start = new Column(floats(1024), floats);
  private readonly end = new Column(floats(1024), floats);
  private readonly valueKey = new Column(ints(4096), ints);
  private readonly values: HistoryValue[] = [];
  private readonly ids: (string | number)[] = [];
  private readonly keyNames: string[] = [];
  private readonly keyIds = new Map<string, number>();
  /** Numeric values' ids in one table of numbers (no Map per key); string values' per key. */
  private readonly numberIds = new PairTable();
  private readonly stringIds: Map<string, number>[] = [];
  private readonly sessionNames: string[] = [];
  private readonly sessionIds = new Map<string, number>();
  private open = false;

  /** The number of key `name` (interned). */
  key(name: string): number {
    let k = this.keyIds.get(name);
    if (k === undefined) {
      k = this.keyNames.length;
      this.keyIds.set(name, k);
      this.keyNames.push(name);
    }
    return k;
  }

  /** Key `k`'s name. */
  keyName(k: number): string {
    return this.keyNames[k]!;
  }

  /** The value of value id `v`. */
  valueOf(v: number): HistoryValue {
    return this.values[v]!;
  }

  /** The id of `value` of key `k` (interned; -1 for null). */
  value(k: number, value: HistoryValue): number {
    if (value === null) return -1;
    if (typeof value === "number") {
      const known = this.numberIds.get(k, value);
      if (known >= 0) return known;
      const v = this.values.length;
      this.numberIds.set(k, value, v);
      this.values.push(value);
      this.valueKey.push(k);
      return v;
    }
    const m = (this.stringIds[k] ??= new Map());
    let v = m.get(value);
    if (v === undefined) {
      v = this.values.length;
      m.set(value, v);
      this.values.push(value);
      this.valueKey.push(k);
    }
    return v;
  }

  /** An id for a null element of a list read of key `k`: a value nobody appended (a garbage read). */
  nullElement(k: number): number {
    const v = this.values.length;
    this.values.push(null);
    this.valueKey.push(k);
    return v;
  }

  private begin(): void {
    if (!this.open) (this.open = true), this.opStart.push(this.opWrite.length);
  }

  /** A write (or append) of value id `v` to key `k`. */
  write(k: number, v: number): void {
    this.begin();
    this.opWrite.push(1);
    this.opKey.push(k);
    this.opValue.push(v);
    this.opList.push(0);
    this.listStart.push(this.elements.length);
    this.listLength.push(0);
  }

  /** A read of one value (id `v`, -1 for null). */
  read(k: number, v: number): void {
    this.begin();
    this.opWrite.push(0);
    this.opKey.push(k);
    this.opValue.push(v);
    this.opList.push(0);
    this.listStart.push(this.elements.length);
    this.listLength.push(v < 0 ? 0 : 1);
    if (v >= 0) this.elements.push(v);
  }

  /** A read of a whole list, as value ids. */
  readList(k: number, list: ArrayLike<number>): void {
    this.begin();
    this.opWrite.push(0);
    this.opKey.push(k);
    this.opValue.push(list.length === 0 ? -1 : list[list.length - 1]!);
    this.opList.push(1);
    this.listStart.push(this.elements.length);
    this.listLength.push(list.length);
    for (let i = 0; i < list.length; i++) this.elements.push(list[i]!);
  }

  /** Ends the transaction whose operations were just given; a number id stands for its decimal digits. */
  endTransaction(id: string | number, status: number, session: string | undefined, start: number | undefined, end: number | undefined): void {
    this.begin();
    this.open = false;
    this.ids.push(id);
    this.status.push(status);
    let s = -1;
    if (session !== undefined) {
      s = this.sessionIds.get(session) ?? -1;
      if (s < 0) this.sessionIds.set(session, (s = this.sessionNames.length)), this.sessionNames.push(session);
    }
    this.session.push(s);
    this.start.push(start ?? NaN);
    this.end.push(end ?? NaN);
  }

  /** The number of transactions ended so far. */
  get transactions(): number {
    return this.ids.length;
  }

  /** The history built. */
  finish(versionOrder: History["versionOrder"], source?: History): CompactHistory {
    const opStart = new Int32Array(this.ids.length + 1);
    opStart.set(this.opStart.done());
    opStart[this.ids.length] = this.opWrite.length;
    const c = new CompactHistory(
      this.ids.length,
      this.status.done(),
      opStart,
      this.opWrite.done(),
      this.opKey.done(),
      this.opValue.done(),
      this.opList.done(),
      this.listStart.done(),
      this.listLength.done(),
      this.elements.done(),
      this.keyNames,
      this.valueKey.done(),
      this.values,
      this.session.done(),
      this.start.done(),
      this.end.done(),
      this.ids,
      versionOrder,
      source,
    );
    c.sessionNames = this.sessionNames;
    return c;
  }
}

/** Transaction statuses by name. */
export const STATUS_NUMBER: Readonly<Record<TransactionStatus, number>> = { committed: COMMITTED, aborted: ABORTED, unknown: UNKNOWN };

/** Histories read into compact form, found again without making their objects. */
const compacted = new WeakMap<History, CompactHistory>();

/** `history` in compact form (made once for a history the reader built compact). */
export function compactOf(history: History): CompactHistory {
  const known = compacted.get(history);
  if (known) return known;
  const b = new HistoryBuilder();
  const list: number[] = [];
  for (const t of history.transactions) {
    for (const op of t.ops) {
      const k = b.key(op.key);
      if (op.type === "w") b.write(k, b.value(k, op.value));
      else if (op.list) {
        list.length = 0;
        for (const e of op.list) list.push(e === null ? b.nullElement(k) : b.value(k, e));
        b.readList(k, list);
      } else b.read(k, b.value(k, op.value));
    }
    b.endTransaction(t.id, STATUS_NUMBER[t.status], t.session, t.start, t.end);
  }
  return b.finish(history.versionOrder, history);
}

/**
 * A {@link History} over a compact one: its transactions are made on first
 * access to `transactions`; the checkers use the compact form directly.
 */
export function lazyHistory(c: CompactHistory): History {
  let transactions: readonly Transaction[] | undefined;
  const history: History = {
    get transactions(): readonly Transaction[] {
      if (!transactions) {
        const out: Transaction[] = new Array(c.count);
        for (let i = 0; i < c.count; i++) out[i] = c.transaction(i);
        transactions = out;
      }
      return transactions;
    },
    versionOrder: c.versionOrder,
  };
  compacted.set(history, c);
  return history;
}

/**
 * The transactions whose effects count, as a mask: committed ones, plus
 * those of unknown outcome whose writes an effective transaction read
 * (they must have committed); every element of a list read counts as read.
 */
export function effectiveMask(c: CompactHistory): Uint8Array {
  const mask = new Uint8Array(c.count);
  let unknown = false;
  for (let t = 0; t < c.count; t++)
    if (c.status[t] === COMMITTED) mask[t] = 1;
    else if (c.status[t] === UNKNOWN) unknown = true;
  if (!unknown) return mask;
  const writtenBy = new Int32Array(c.values.length).fill(-1);
  for (let t = 0; t < c.count; t++) if (c.status[t] === UNKNOWN) for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) if (c.opWrite[o] && c.opValue[o]! >= 0) writtenBy[c.opValue[o]!] = t;
  let frontier: number[] = [];
  for (let t = 0; t < c.count; t++) if (mask[t]) frontier.push(t);
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const t of frontier)
      for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) {
        if (c.opWrite[o]) continue;
        for (let e = c.listStart[o]!; e < c.listStart[o]! + c.listLength[o]!; e++) {
          const w = writtenBy[c.elements[e]!]!;
          if (w >= 0 && !mask[w]) (mask[w] = 1), next.push(w);
        }
      }
    frontier = next;
  }
  return mask;
}

/**
 * Calls `visit` for each write of a non-null value, transaction by
 * transaction, with whether it is the transaction's last write of its key;
 * of one transaction's writes of one value, only the last is visited (as a
 * later write of the value overrides an earlier one in an index by value).
 */
export function forEachWrite(c: CompactHistory, visit: (t: number, o: number, last: boolean) => void): void {
  // Marks, per key and per value, the transaction that last touched them: no allocation per transaction.
  const keySeen = new Int32Array(c.keyNames.length).fill(-1);
  const valueSeen = new Int32Array(c.values.length).fill(-1);
  for (let t = 0; t < c.count; t++)
    for (let o = c.opStart[t + 1]! - 1; o >= c.opStart[t]!; o--) {
      const v = c.opValue[o]!;
      if (!c.opWrite[o] || v < 0) continue;
      const k = c.opKey[o]!;
      const last = keySeen[k] !== t;
      keySeen[k] = t;
      if (valueSeen[v] === t) continue;
      valueSeen[v] = t;
      visit(t, o, last);
    }
}
