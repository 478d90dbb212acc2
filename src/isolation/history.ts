/**
 * Transaction histories: what a database (or a model of one) did, as the
 * isolation checkers see it.
 *
 * @module
 */
import { compactOf, effectiveMask } from "./compact.js";

/** A value read or written: `null` is the initial value of every key (no write yet). */
export type HistoryValue = string | number | null;

/** One operation of a transaction: `r(k, v)` read `v` from `k`, `w(k, v)` wrote `v` to `k`. */
export interface Operation {
  readonly type: "r" | "w";
  readonly key: string;
  readonly value: HistoryValue;
  /** For a read of a list-append key: the whole list read (`value` is its last element). */
  readonly list?: readonly HistoryValue[] | undefined;
}

/** How a transaction ended. `unknown`: the client never learned (Elle's `info`). */
export type TransactionStatus = "committed" | "aborted" | "unknown";

/** A transaction: its operations in program order and how it ended. */
export interface Transaction {
  /** Unique name. */
  readonly id: string;
  readonly ops: readonly Operation[];
  readonly status: TransactionStatus;
  /** The client session (process) that ran it; a session's transactions run one after another in listing order. */
  readonly session?: string | undefined;
  /** When it started and when its commit returned, on one clock (real-time order). */
  readonly start?: number | undefined;
  readonly end?: number | undefined;
}

/** A history: the transactions, and each key's version order when the database recorded it. */
export interface History {
  readonly transactions: readonly Transaction[];
  /**
   * For each key, the values it took in the order they were installed
   * (initial value first implied). Known for list-append histories and for
   * stores that record commit order; without it the checkers search for one.
   */
  readonly versionOrder?: Readonly<Record<string, readonly HistoryValue[]>> | undefined;
}

/** The isolation levels, weakest first. */
export const LEVELS = ["RU", "RC", "RA", "SI", "SER", "SSER"] as const;

/** An isolation level: read uncommitted, read committed, read atomic, snapshot isolation, serializable, strict serializable. */
export type Level = (typeof LEVELS)[number];

/** Long names of the levels. */
export const LEVEL_NAMES: Readonly<Record<Level, string>> = {
  RU: "read uncommitted",
  RC: "read committed",
  RA: "read atomic",
  SI: "snapshot isolation",
  SER: "serializability",
  SSER: "strict serializability",
};

/** Whether `text` names a level. */
export function isLevel(text: string): text is Level {
  return (LEVELS as readonly string[]).includes(text);
}

/** `r(k1, t2)`, `w(k1, t1)`, `r(k2, init)`. */
export function formatOperation(op: Operation): string {
  return `${op.type}(${op.key}, ${op.value === null ? "init" : String(op.value)})`;
}

/** `t1: r(k1, init) w(k1, t1)`. */
export function formatTransaction(t: Pick<Transaction, "id" | "ops">): string {
  return `${t.id}: ${t.ops.length === 0 ? "(no operations)" : t.ops.map(formatOperation).join(" ")}`;
}

/**
 * The transactions whose effects count: committed ones, plus those of
 * unknown outcome whose writes somebody read (they must have committed);
 * every element of a list read counts as read.
 */
export function effectiveTransactions(h: History): readonly Transaction[] {
  if (!h.transactions.some((t) => t.status === "unknown")) return h.transactions.filter((t) => t.status === "committed");
  const mask = effectiveMask(compactOf(h));
  return h.transactions.filter((_, i) => mask[i]);
}

/** A map from (key, value) pairs: `1` and `"1"` are different values. */
export class ValueIndex<T> {
  private readonly byKey = new Map<string, Map<HistoryValue, T>>();

  /** What is stored for `value` of `key`. */
  get(key: string, value: HistoryValue): T | undefined {
    return this.byKey.get(key)?.get(value);
  }

  /** Stores `item` for `value` of `key`. */
  set(key: string, value: HistoryValue, item: T): void {
    let values = this.byKey.get(key);
    if (!values) this.byKey.set(key, (values = new Map()));
    values.set(value, item);
  }
}
