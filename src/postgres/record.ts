/**
 * Recording a history from PostgreSQL: concurrent clients, one connection
 * each, running random read/write transactions over a few keys at one
 * isolation level, as a tlabridge history (unique written values, sessions,
 * start and end times on one clock, outcomes, each key's version order).
 *
 * @module
 */
import { writeFile } from "node:fs/promises";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { checkHistory, type CheckOutcome } from "../isolation/check.js";
import { historyToJson } from "../isolation/format.js";
import { formatTransaction, type History, type HistoryValue, type Level, type Operation, type Transaction, type TransactionStatus } from "../isolation/history.js";
import type { ClusterAddress } from "./cluster.js";

/** PostgreSQL's isolation levels (READ UNCOMMITTED is READ COMMITTED there). */
export type PostgresLevel = "READ COMMITTED" | "REPEATABLE READ" | "SERIALIZABLE";

/** PostgreSQL's levels, weakest first. */
export const POSTGRES_LEVELS: readonly PostgresLevel[] = ["READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE"];

/** Short names: RC, RR, SER. */
export const POSTGRES_LEVEL_SHORT: Readonly<Record<PostgresLevel, string>> = { "READ COMMITTED": "RC", "REPEATABLE READ": "RR", SERIALIZABLE: "SER" };

/** Options of {@link recordHistory}. */
export interface RecordOptions {
  readonly level: PostgresLevel;
  /** Concurrent clients, one connection each (default 8). */
  readonly clients?: number;
  /** Random transactions in all, shared among the clients (default 200). */
  readonly transactions?: number;
  /** Keys k1..kK (default 3). */
  readonly keys?: number;
  /** Most operations per random transaction: reads first, then writes (default 4). */
  readonly maxOps?: number;
  /** Seed of the random workload (default 1). */
  readonly seed?: number;
  /**
   * Rounds of the write-skew phase after the random one (default 6): two
   * clients each begin, read k1 and k2, wait until both have read, then
   * write one key each (different keys) and commit.
   */
  readonly skewRounds?: number;
  /** The table (default `tlabridge_kv`; it is dropped and created). */
  readonly table?: string;
  /** Also write the history here (tlabridge's JSON, what `isolation check` reads). */
  readonly file?: string;
}

/** A recorded history and what happened. */
export interface RecordedHistory {
  readonly level: PostgresLevel;
  readonly history: History;
  readonly committed: number;
  readonly aborted: number;
  /** Aborts by SQLSTATE: 40001 serialization failure, 40P01 deadlock, 55P03 lock timeout, ... */
  readonly abortsByCode: Readonly<Record<string, number>>;
  /** Wall time, milliseconds. */
  readonly ms: number;
}

/** SQLSTATEs after which the transaction is rolled back and recorded as aborted. */
const ABORT_CODES = new Set(["40001", "40P01", "55P03", "57014"]);

/** Connection settings: no statement waits forever, deadlocks are found quickly. */
export const SESSION_SETTINGS = "SET lock_timeout = '10s'; SET statement_timeout = '20s'; SET deadlock_timeout = '10ms'; SET enable_seqscan = off; SET enable_bitmapscan = off";

/** A connected client with the session settings applied. */
export async function connect(address: ClusterAddress): Promise<pg.Client> {
  const client = new pg.Client({ host: address.host, port: address.port, user: address.user, database: address.database });
  await client.connect();
  await client.query(SESSION_SETTINGS);
  return client;
}

/** Deterministic random numbers (mulberry32). */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`bad table name ${name}: use lower-case letters, digits and _`);
  return name;
}

interface Planned {
  readonly id: string;
  readonly ops: readonly { readonly type: "r" | "w"; readonly key: string }[];
}

/**
 * Runs the workload against the server at `address` and returns the history:
 * transaction `tN` writes the value `tN` (once per key), reads of a key
 * nobody wrote return null, each transaction's start (before BEGIN) and end
 * (after COMMIT returned) on one monotonic clock, its client as its session.
 * Serialization failures, deadlocks and lock timeouts roll the transaction
 * back: status `aborted`. Each key's version order is what PostgreSQL
 * installed: every write also appends its value to the row's list of
 * versions, and the committed lists are read at the end.
 */
export async function recordHistory(address: ClusterAddress, options: RecordOptions): Promise<RecordedHistory> {
  const started = performance.now();
  const clients = options.clients ?? 8;
  const total = options.transactions ?? 200;
  const keyCount = options.keys ?? 3;
  const maxOps = Math.max(1, options.maxOps ?? 4);
  const rounds = options.skewRounds ?? 6;
  const table = quoteIdent(options.table ?? "tlabridge_kv");
  const rand = random(options.seed ?? 1);
  const keys = Array.from({ length: keyCount }, (_, i) => `k${i + 1}`);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  // The random programs, planned up front so the seed fixes the workload.
  const plans: Planned[] = [];
  for (let n = 1; n <= total; n++) {
    const size = 1 + Math.floor(rand() * maxOps);
    const reads = size === 1 ? (rand() < 0.5 ? 1 : 0) : Math.floor(rand() * size);
    const ops: { type: "r" | "w"; key: string }[] = [];
    const readKeys: string[] = [];
    for (let i = 0; i < reads; i++) ops.push({ type: "r", key: pick(keys) }), readKeys.push(ops[ops.length - 1]!.key);
    // Writes: mostly keys just read (read-modify-write), each key once.
    const written = new Set<string>();
    for (let i = reads; i < size; i++) {
      const fresh = keys.filter((k) => !written.has(k));
      if (fresh.length === 0) break;
      const readFresh = readKeys.filter((k) => !written.has(k));
      const key = readFresh.length > 0 && rand() < 0.7 ? pick(readFresh) : pick(fresh);
      written.add(key);
      ops.push({ type: "w", key });
    }
    plans.push({ id: `t${n}`, ops });
  }

  const admin = await connect(address);
  const conns: pg.Client[] = [];
  try {
    await admin.query(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (k text PRIMARY KEY, v text, versions text[] NOT NULL DEFAULT '{}')`);
    await admin.query(`INSERT INTO ${table} (k) SELECT unnest($1::text[])`, [keys]);
    for (let i = 0; i < clients; i++) conns.push(await connect(address));

    const transactions: Transaction[] = [];
    const abortsByCode: Record<string, number> = {};
    const run = async (conn: pg.Client, session: string, plan: Planned, barrier?: (leaving?: boolean) => Promise<void>): Promise<void> => {
      const done: Operation[] = [];
      let waited = false;
      const start = performance.now();
      let status: TransactionStatus = "committed";
      let end: number | undefined;
      try {
        await conn.query(`BEGIN ISOLATION LEVEL ${options.level}`);
        let i = 0;
        for (const op of plan.ops) {
          if (barrier && i++ === plan.ops.findIndex((o) => o.type === "w")) {
            waited = true;
            await barrier();
          }
          if (op.type === "r") {
            const r = await conn.query<{ v: string | null }>(`SELECT v FROM ${table} WHERE k = $1`, [op.key]);
            done.push({ type: "r", key: op.key, value: (r.rows[0]?.v ?? null) as HistoryValue });
          } else {
            await conn.query(`UPDATE ${table} SET v = $1, versions = array_append(versions, $1) WHERE k = $2`, [plan.id, op.key]);
            done.push({ type: "w", key: op.key, value: plan.id });
          }
        }
        try {
          await conn.query("COMMIT");
          end = performance.now();
        } catch (e) {
          const code = (e as { code?: string }).code ?? "";
          // A serialization failure at COMMIT rolls back; anything else: the outcome is unknown.
          status = ABORT_CODES.has(code) ? "aborted" : "unknown";
          abortsByCode[code || "?"] = (abortsByCode[code || "?"] ?? 0) + 1;
        }
      } catch (e) {
        const code = (e as { code?: string }).code ?? "";
        if (!ABORT_CODES.has(code)) throw e;
        abortsByCode[code] = (abortsByCode[code] ?? 0) + 1;
        status = "aborted";
        await conn.query("ROLLBACK");
      }
      // A transaction that ended before the barrier does not keep its partner waiting.
      if (barrier && !waited) void barrier(true);
      transactions.push({ id: plan.id, ops: done, status, session, start, ...(end !== undefined && { end }) });
    };

    // Random phase: each client takes the next planned transaction until none is left.
    let next = 0;
    await Promise.all(
      conns.map(async (conn, c) => {
        while (next < plans.length) await run(conn, `c${c + 1}`, plans[next++]!);
      }),
    );
    // Write-skew phase: pairs that read both keys, wait for each other, then write different keys.
    const [a, b] = [keys[0]!, keys[1] ?? keys[0]!];
    for (let r = 0; r < rounds && conns.length >= 2; r++) {
      let arrived = 0;
      let release!: () => void;
      const both = new Promise<void>((resolve) => (release = resolve));
      const barrier = async (leaving = false): Promise<void> => {
        if (++arrived === 2) release();
        if (!leaving) await both;
      };
      const first = plans.length + 2 * r + 1;
      const p1: Planned = { id: `t${first}`, ops: [{ type: "r", key: a }, { type: "r", key: b }, { type: "w", key: a }] };
      const p2: Planned = { id: `t${first + 1}`, ops: [{ type: "r", key: a }, { type: "r", key: b }, { type: "w", key: b }] };
      await Promise.all([run(conns[0]!, "c1", p1, barrier), run(conns[1]!, "c2", p2, barrier)]);
    }
    const orders = await admin.query<{ k: string; versions: string[] }>(`SELECT k, versions FROM ${table} ORDER BY k`);
    const versionOrder = Object.fromEntries(orders.rows.filter((r) => r.versions.length > 0).map((r) => [r.k, r.versions]));
    // Listed by start time: a session's transactions one after another.
    transactions.sort((x, y) => x.start! - y.start!);
    const history: History = { transactions, versionOrder };
    if (options.file) await writeFile(options.file, JSON.stringify(historyToJson(history), null, 1) + "\n");
    return {
      level: options.level,
      history,
      committed: transactions.filter((t) => t.status === "committed").length,
      aborted: transactions.filter((t) => t.status === "aborted").length,
      abortsByCode,
      ms: performance.now() - started,
    };
  } finally {
    await Promise.all([admin, ...conns].map((c) => c.end().catch(() => undefined)));
  }
}

/** A recorded history checked at some levels. */
export interface RecordedVerdicts {
  readonly recorded: RecordedHistory;
  readonly verdicts: readonly CheckOutcome[];
}

/**
 * Records a history at each PostgreSQL level (each on its own table) and
 * checks it against `levels` (default SI and SER).
 */
export async function recordAndCheck(
  address: ClusterAddress,
  options: Omit<RecordOptions, "level" | "table" | "file"> & { readonly levels?: readonly PostgresLevel[]; readonly against?: readonly Level[]; readonly files?: (level: PostgresLevel) => string | undefined } = {},
): Promise<RecordedVerdicts[]> {
  const out: RecordedVerdicts[] = [];
  for (const level of options.levels ?? POSTGRES_LEVELS) {
    const recorded = await recordHistory(address, { ...options, level, table: `tlabridge_kv_${POSTGRES_LEVEL_SHORT[level].toLowerCase()}`, file: options.files?.(level) });
    out.push({ recorded, verdicts: (options.against ?? (["SI", "SER"] as const)).map((l) => checkHistory(recorded.history, l)) });
  }
  return out;
}

/** One line per verdict, a failure with its anomaly and witness. */
export function formatRecorded(results: readonly RecordedVerdicts[]): string[] {
  const lines: string[] = [];
  for (const { recorded: r, verdicts } of results) {
    const codes = Object.entries(r.abortsByCode).map(([code, n]) => `${n} x ${code}`).join(", ");
    lines.push(`${POSTGRES_LEVEL_SHORT[r.level]} (${r.level}): ${r.history.transactions.length} transactions from ${new Set(r.history.transactions.map((t) => t.session)).size} clients, ${r.committed} committed, ${r.aborted} aborted${codes ? ` (${codes})` : ""}, ${(r.ms / 1000).toFixed(2)} s`);
    for (const v of verdicts) {
      if (v.kind === "pass") lines.push(`  ${v.level}: pass${v.complete ? "" : " (incomplete: version order partly known)"}`);
      else {
        const a = v.anomaly;
        lines.push(`  ${v.level}: FAIL, ${a.name} (${a.phenomenon}): ${a.description}`);
        for (const t of a.witness.transactions) lines.push(`    ${formatTransaction(t)}`);
      }
    }
  }
  return lines;
}
