/**
 * PostgreSQL's permissiveness: every schedule of two transactions over two
 * keys (each a program of 1..maxOps reads and writes; every interleaving of
 * their operations and commits) driven through PostgreSQL at each of its
 * levels on two connections, the committed histories collected and compared
 * with the universe of histories each isolation level allows.
 *
 * A statement PostgreSQL blocks (a row lock held by the other transaction)
 * is seen from a monitor connection (`pg_blocking_pids`); the schedule goes
 * on with the other transaction's steps, and the blocked transaction's own
 * steps wait until the statement returns (or fails).
 *
 * @module
 */
import { performance } from "node:perf_hooks";
import type pg from "pg";
import { checkHistory } from "../isolation/check.js";
import type { ObservedHistories } from "../isolation/extract.js";
import { formatTransaction, type History, type HistoryValue, type Level, type Operation, type Transaction } from "../isolation/history.js";
import { permissiveness, type Permissiveness } from "../isolation/permissiveness.js";
import { historyKey } from "../isolation/universe.js";
import type { ClusterAddress } from "./cluster.js";
import { connect, POSTGRES_LEVEL_SHORT, POSTGRES_LEVELS, type PostgresLevel } from "./record.js";

/** A step of a program: read or write a key. */
export interface ProgramStep {
  readonly type: "r" | "w";
  readonly key: string;
}

/** A schedule: two programs and the order of their steps (each program's operations, then its commit). */
export interface Schedule {
  readonly programs: readonly [readonly ProgramStep[], readonly ProgramStep[]];
  /** Which transaction (0 or 1) takes each step; transaction i appears programs[i].length + 1 times. */
  readonly order: readonly (0 | 1)[];
}

/** The transaction and key names of the schedules. */
export const SCHEDULE_TRANSACTIONS = ["t1", "t2"] as const;
export const SCHEDULE_KEYS = ["k1", "k2"] as const;

/**
 * Every schedule of two transactions over k1, k2, each a program of
 * 0..maxOps operations (an empty program: BEGIN and COMMIT; the universe
 * counts histories where a transaction did nothing, or aborted).
 */
export function enumerateSchedules(maxOps = 2, minOps = 0): Schedule[] {
  const steps: ProgramStep[] = SCHEDULE_KEYS.flatMap((key) => [{ type: "r", key } as const, { type: "w", key } as const]);
  const programs: ProgramStep[][] = minOps === 0 ? [[]] : [];
  let layer: ProgramStep[][] = [[]];
  for (let n = 1; n <= maxOps; n++) {
    layer = layer.flatMap((p) => steps.map((s) => [...p, s]));
    if (n >= minOps) programs.push(...layer);
  }
  const out: Schedule[] = [];
  for (const p1 of programs)
    for (const p2 of programs)
      for (const order of interleavings(p1.length + 1, p2.length + 1)) out.push({ programs: [p1, p2], order });
  return out;
}

function interleavings(a: number, b: number): (0 | 1)[][] {
  if (a === 0) return [Array<0 | 1>(b).fill(1)];
  if (b === 0) return [Array<0 | 1>(a).fill(0)];
  return [...interleavings(a - 1, b).map((o) => [0 as const, ...o]), ...interleavings(a, b - 1).map((o) => [1 as const, ...o])];
}

/** `t1: r(k1) w(k2) | t2: w(k1) | t1.1 t2.1 t1.2 t2.c t1.c` */
export function formatSchedule(s: Schedule): string {
  const seen = [0, 0];
  const steps = s.order.map((t) => {
    const i = seen[t]!++;
    const p = s.programs[t]!;
    return i < p.length ? `${SCHEDULE_TRANSACTIONS[t]}.${p[i]!.type}(${p[i]!.key})` : `${SCHEDULE_TRANSACTIONS[t]}.commit`;
  });
  return steps.join(" ");
}

/** What one schedule did at one level. */
export interface ScheduleOutcome {
  /** Whether t1 and t2 committed. */
  readonly committed: readonly [boolean, boolean];
  /** SQLSTATE of each abort (40001 serialization failure, 40P01 deadlock), or undefined. */
  readonly codes: readonly [string | undefined, string | undefined];
  /** Whether some statement blocked on a lock. */
  readonly blocked: boolean;
  /** The committed transactions, their reads as PostgreSQL returned them, start and end on the schedule's step clock. */
  readonly history: History;
}

/** All schedules run at one PostgreSQL level. */
export interface ScheduleRun {
  readonly level: PostgresLevel;
  /** How reads found rows: index scans (SSI locks tuples) or sequential scans (SSI locks the table). */
  readonly scan: ScanKind;
  readonly schedules: readonly Schedule[];
  /** By schedule index. */
  readonly outcomes: readonly ScheduleOutcome[];
  /** The distinct committed histories (what permissiveness compares). */
  readonly observed: ObservedHistories;
}

/** Reads by primary-key index scans (the default: SSI takes tuple locks) or by sequential scans (SSI locks the whole table). */
export type ScanKind = "index" | "sequential";

/** Options of {@link runSchedules}. */
export interface ScheduleOptions {
  /** PostgreSQL levels (default all three). */
  readonly levels?: readonly PostgresLevel[];
  /** Most operations per program (default 2). */
  readonly maxOps?: number;
  /** Least operations per program (default 0). */
  readonly minOps?: number;
  /** Index scans (default) or sequential scans. */
  readonly scan?: ScanKind;
  /** Schedule workers in parallel, each on its own three connections and table (default 3). */
  readonly workers?: number;
  /** Called now and then with the schedules done and their total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs every schedule within bounds at each level and collects what
 * PostgreSQL produces. Writes are real `UPDATE`s, reads `SELECT`s by primary
 * key (index scans, so SSI locks tuples, not the table); t_i writes the
 * value t_i; a key nobody wrote reads null.
 */
export async function runSchedules(address: ClusterAddress, options: ScheduleOptions = {}): Promise<ScheduleRun[]> {
  const levels = options.levels ?? POSTGRES_LEVELS;
  const schedules = enumerateSchedules(options.maxOps ?? 2, options.minOps ?? 0);
  const scan = options.scan ?? "index";
  const jobs = levels.flatMap((level, l) => schedules.map((_, s) => [l, s] as const));
  const outcomes = levels.map(() => new Array<ScheduleOutcome>(schedules.length));
  const workers = Math.max(1, Math.min(options.workers ?? 3, jobs.length));
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      const worker = await Worker.open(address, `tlabridge_sched_${scan === "index" ? "" : "seq_"}${w}`, scan);
      try {
        while (next < jobs.length) {
          const [l, s] = jobs[next++]!;
          outcomes[l]![s] = await worker.run(schedules[s]!, levels[l]!);
          if (options.onProgress && ++done % 500 === 0) options.onProgress(done, jobs.length);
        }
      } finally {
        await worker.close();
      }
    }),
  );
  return levels.map((level, l) => ({ level, scan, schedules, outcomes: outcomes[l]!, observed: observe(outcomes[l]!) }));
}

function observe(outcomes: readonly ScheduleOutcome[]): ObservedHistories {
  const histories = new Map<string, History[]>();
  const orders = new Map<string, Set<string>>();
  for (const o of outcomes) {
    const key = historyKey(o.history);
    const [a, b] = o.history.transactions;
    // Distinct real-time orders of the same history (for strict serializability).
    const rt = a && b ? (a.end! < b.start! ? "<" : b.end! < a.start! ? ">" : "|") : "";
    let list = histories.get(key);
    if (!list) histories.set(key, (list = [])), orders.set(key, new Set());
    if (!orders.get(key)!.has(rt)) orders.get(key)!.add(rt), list.push(o.history);
  }
  return { histories, transactions: [...SCHEDULE_TRANSACTIONS], keys: [...SCHEDULE_KEYS], explored: outcomes.length };
}

type Settled = { ok: true; rows: { v: string | null }[] } | { ok: false; code: string; error: unknown };

interface TxnState {
  readonly conn: pg.Client;
  readonly pid: number;
  readonly name: string;
  program: readonly ProgramStep[];
  step: number;
  begun: boolean;
  finished: boolean;
  committed: boolean;
  code: string | undefined;
  ops: Operation[];
  start: number;
  end: number;
  /** The statement PostgreSQL is blocking, and the step it belongs to. */
  pending: { promise: Promise<Settled>; step: ProgramStep } | undefined;
  /** Steps of the schedule that came while it was blocked. */
  deferred: number;
}

const ABORTS = new Set(["40001", "40P01", "55P03", "57014"]);

/** One schedule worker: two transaction connections and a monitor, on its own table. */
class Worker {
  private clock = 0;
  private blockedSeen = false;

  private constructor(
    private readonly table: string,
    private readonly monitor: pg.Client,
    private readonly conns: readonly [pg.Client, pg.Client],
    private readonly pids: readonly [number, number],
  ) {}

  static async open(address: ClusterAddress, table: string, scan: ScanKind): Promise<Worker> {
    const [monitor, c1, c2] = await Promise.all([connect(address), connect(address), connect(address)]);
    if (scan === "sequential") await Promise.all([c1, c2].map((c) => c.query("SET enable_seqscan = on; SET enable_indexscan = off; SET enable_indexonlyscan = off; SET enable_bitmapscan = off")));
    await monitor.query(`DROP TABLE IF EXISTS ${table}; CREATE TABLE ${table} (k text PRIMARY KEY, v text); INSERT INTO ${table} VALUES ('k1', NULL), ('k2', NULL)`);
    const pid = async (c: pg.Client): Promise<number> => (await c.query<{ pid: number }>("SELECT pg_backend_pid() AS pid")).rows[0]!.pid;
    return new Worker(table, monitor, [c1, c2], [await pid(c1), await pid(c2)]);
  }

  async close(): Promise<void> {
    await this.monitor.query(`DROP TABLE IF EXISTS ${this.table}`).catch(() => undefined);
    await Promise.all([this.monitor, ...this.conns].map((c) => c.end().catch(() => undefined)));
  }

  async run(schedule: Schedule, level: PostgresLevel): Promise<ScheduleOutcome> {
    await this.monitor.query(`UPDATE ${this.table} SET v = NULL WHERE k IN ('k1', 'k2') AND v IS NOT NULL`);
    this.clock = 0;
    this.blockedSeen = false;
    const txns: TxnState[] = [0, 1].map((i) => ({
      conn: this.conns[i]!,
      pid: this.pids[i]!,
      name: SCHEDULE_TRANSACTIONS[i]!,
      program: schedule.programs[i]!,
      step: 0,
      begun: false,
      finished: false,
      committed: false,
      code: undefined,
      ops: [],
      start: 0,
      end: 0,
      pending: undefined,
      deferred: 0,
    }));
    for (const t of schedule.order) {
      const txn = txns[t]!;
      if (txn.finished) continue;
      if (txn.pending) {
        txn.deferred++;
        continue;
      }
      await this.step(txn, level);
      await this.unblock(txns, level);
    }
    await this.unblock(txns, level, true);
    const transactions: Transaction[] = txns
      .filter((t) => t.committed && t.ops.length > 0)
      .map((t) => ({ id: t.name, ops: t.ops, status: "committed", start: t.start, end: t.end }));
    return {
      committed: [txns[0]!.committed, txns[1]!.committed],
      codes: [txns[0]!.code, txns[1]!.code],
      blocked: this.blockedSeen,
      history: { transactions },
    };
  }

  /** Waits for blocked statements that can now return: when the other transaction ended, when both are blocked (a deadlock), or at the end. */
  private async unblock(txns: readonly TxnState[], level: PostgresLevel, final = false): Promise<void> {
    for (;;) {
      const blocked = txns.filter((t) => t.pending);
      if (blocked.length === 0) return;
      const running = txns.filter((t) => !t.pending && !t.finished);
      if (running.length > 0 && !final) return;
      const settled = await Promise.race(blocked.map((t) => t.pending!.promise.then((r) => [t, r] as const)));
      const [txn, result] = settled;
      const step = txn.pending!.step;
      txn.pending = undefined;
      await this.finishOperation(txn, step, result);
      while (txn.deferred > 0 && !txn.finished && !txn.pending) {
        txn.deferred--;
        await this.step(txn, level);
      }
      if (txn.finished) txn.deferred = 0;
      if (running.length > 0 && txns.every((t) => !t.pending || t.finished)) return;
    }
  }

  /** Takes the transaction's next step: begins it first; an operation may block. */
  private async step(txn: TxnState, level: PostgresLevel): Promise<void> {
    if (!txn.begun) {
      await txn.conn.query(`BEGIN ISOLATION LEVEL ${level}`);
      txn.begun = true;
      txn.start = this.clock++;
    }
    if (txn.step === txn.program.length) {
      const r = await settle(txn.conn.query("COMMIT"));
      txn.finished = true;
      if (r.ok) {
        txn.committed = true;
        txn.end = this.clock++;
      } else txn.code = r.code; // a serialization failure at commit rolls back
      return;
    }
    const step = txn.program[txn.step++]!;
    const promise = settle(
      step.type === "r"
        ? txn.conn.query<{ v: string | null }>(`SELECT v FROM ${this.table} WHERE k = $1`, [step.key])
        : txn.conn.query<{ v: string | null }>(`UPDATE ${this.table} SET v = $1 WHERE k = $2`, [txn.name, step.key]),
    );
    if (await this.blocks(promise, txn.pid)) {
      this.blockedSeen = true;
      txn.pending = { promise, step };
      return;
    }
    await this.finishOperation(txn, step, await promise);
  }

  private async finishOperation(txn: TxnState, step: ProgramStep, r: Settled): Promise<void> {
    if (r.ok) {
      txn.ops.push(step.type === "r" ? { type: "r", key: step.key, value: (r.rows[0]?.v ?? null) as HistoryValue } : { type: "w", key: step.key, value: txn.name });
      return;
    }
    if (!ABORTS.has(r.code)) throw r.error;
    txn.code = r.code;
    txn.finished = true;
    await txn.conn.query("ROLLBACK");
  }

  /** Whether the statement is blocked on a lock (it has not returned and the backend waits for another). */
  private async blocks(promise: Promise<Settled>, pid: number): Promise<boolean> {
    let done = false;
    void promise.then(() => (done = true));
    const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
    await Promise.race([promise, wait(1)]);
    while (!done) {
      const r = await this.monitor.query<{ b: boolean }>("SELECT cardinality(pg_blocking_pids($1)) > 0 AS b", [pid]);
      if (done) return false;
      if (r.rows[0]!.b) return true;
      await Promise.race([promise, wait(1)]);
    }
    return false;
  }
}

function settle(q: Promise<{ rows: { v: string | null }[] }>): Promise<Settled> {
  return q.then(
    (r) => ({ ok: true as const, rows: r.rows }),
    (error: unknown) => ({ ok: false as const, code: (error as { code?: string }).code ?? "", error }),
  );
}

/** The isolation levels PostgreSQL's levels are measured against. */
export const MEASURED_LEVELS: readonly Level[] = ["RC", "RA", "SI", "SER"];

/** Schedule-level counts of one PostgreSQL level. */
export interface ScheduleCounts {
  readonly schedules: number;
  readonly bothCommitted: number;
  /** Schedules where some statement blocked on a lock. */
  readonly blocked: number;
  /** Schedules with an abort, by SQLSTATE of the (first) abort. */
  readonly withAbort: number;
  readonly abortsByCode: Readonly<Record<string, number>>;
}

/** SSI's aborts judged against REPEATABLE READ (snapshot isolation) on the same schedules. */
export interface SerializableAborts {
  /** SERIALIZABLE aborted a transaction. */
  readonly aborted: number;
  /** ... and REPEATABLE READ also aborted one (first-updater-wins or a deadlock: no SSI needed). */
  readonly alsoAbortedAtRR: number;
  /** ... and REPEATABLE READ committed both with a history that is not serializable: aborts SSI needed. */
  readonly needed: number;
  /** ... and REPEATABLE READ committed both with a serializable history: SSI's conservative (false-positive) aborts. */
  readonly unnecessary: number;
  /** The first such schedule. */
  readonly unnecessaryExample?: { readonly schedule: string; readonly history: History } | undefined;
}

/** One measured PostgreSQL configuration: a level (and how reads scan). */
export interface PostgresRow {
  /** `RC`, `RR`, `SER`, or `SER (seq scan)`. */
  readonly label: string;
  readonly postgres: PostgresLevel;
  readonly scan: ScanKind;
  readonly counts: ScheduleCounts;
  /** Against each isolation level measured. */
  readonly results: readonly Permissiveness[];
  /** For SERIALIZABLE, when REPEATABLE READ was run too: its aborts judged on the same schedules. */
  readonly serializableAborts?: SerializableAborts | undefined;
}

/** PostgreSQL's permissiveness: per PostgreSQL level, per isolation level. */
export interface PostgresPermissiveness {
  readonly maxOps: number;
  readonly schedules: number;
  readonly against: readonly Level[];
  readonly rows: readonly PostgresRow[];
  readonly runs: readonly ScheduleRun[];
  /** Milliseconds running the schedules (all levels), and classifying. */
  readonly scheduleMs: number;
  readonly classifyMs: number;
}

/** Counts of a run. */
export function scheduleCounts(run: ScheduleRun): ScheduleCounts {
  const abortsByCode: Record<string, number> = {};
  let bothCommitted = 0;
  let blocked = 0;
  let withAbort = 0;
  for (const o of run.outcomes) {
    if (o.committed[0] && o.committed[1]) bothCommitted++;
    if (o.blocked) blocked++;
    const code = o.codes[0] ?? o.codes[1];
    if (code !== undefined) withAbort++, (abortsByCode[code] = (abortsByCode[code] ?? 0) + 1);
  }
  return { schedules: run.outcomes.length, bothCommitted, blocked, withAbort, abortsByCode };
}

/** SERIALIZABLE's aborts against REPEATABLE READ's outcomes on the same schedules. */
export function serializableAborts(rr: ScheduleRun, ser: ScheduleRun): SerializableAborts {
  let aborted = 0;
  let alsoAbortedAtRR = 0;
  let needed = 0;
  let unnecessary = 0;
  let unnecessaryExample: SerializableAborts["unnecessaryExample"];
  ser.outcomes.forEach((o, i) => {
    if (o.committed[0] && o.committed[1]) return;
    aborted++;
    const r = rr.outcomes[i]!;
    if (!(r.committed[0] && r.committed[1])) return void alsoAbortedAtRR++;
    if (checkHistory(r.history, "SER").kind === "fail") return void needed++;
    unnecessary++;
    unnecessaryExample ??= { schedule: `${formatPrograms(ser.schedules[i]!)}; ${formatSchedule(ser.schedules[i]!)}`, history: r.history };
  });
  return { aborted, alsoAbortedAtRR, needed, unnecessary, unnecessaryExample };
}

function formatPrograms(s: Schedule): string {
  return s.programs.map((p, i) => `${SCHEDULE_TRANSACTIONS[i]}: ${p.map((o) => `${o.type}(${o.key})`).join(" ")}`).join(", ");
}

/** Options of {@link postgresPermissiveness}. */
export interface PermissivenessOptions extends Omit<ScheduleOptions, "scan"> {
  /** Isolation levels to measure against (default RC, RA, SI, SER). */
  readonly against?: readonly Level[];
  /** Also run SERIALIZABLE with sequential scans (SSI then locks the whole table): default false. */
  readonly sequentialSerializable?: boolean;
}

/**
 * Runs every schedule within bounds through PostgreSQL at each level and
 * measures each level's permissiveness against `against` (default RC, RA,
 * SI, SER): share of allowed histories produced, histories produced the
 * level forbids, allowed histories never produced by anomaly; for
 * SERIALIZABLE, its aborts judged against REPEATABLE READ's outcomes.
 */
export async function postgresPermissiveness(address: ClusterAddress, options: PermissivenessOptions = {}): Promise<PostgresPermissiveness> {
  const maxOps = options.maxOps ?? 2;
  const against = options.against ?? MEASURED_LEVELS;
  const t0 = performance.now();
  const runs = [...(await runSchedules(address, options))];
  if (options.sequentialSerializable) runs.push(...(await runSchedules(address, { ...options, levels: ["SERIALIZABLE"], scan: "sequential" })));
  const t1 = performance.now();
  const rr = runs.find((r) => r.level === "REPEATABLE READ");
  const rows = runs.map((run): PostgresRow => ({
    label: POSTGRES_LEVEL_SHORT[run.level] + (run.scan === "sequential" ? " (seq scan)" : ""),
    postgres: run.level,
    scan: run.scan,
    counts: scheduleCounts(run),
    results: against.map((level) => permissiveness(run.observed, level, maxOps)),
    serializableAborts: run.level === "SERIALIZABLE" && rr ? serializableAborts(rr, run) : undefined,
  }));
  return { maxOps, schedules: runs[0]?.schedules.length ?? 0, against, rows, runs, scheduleMs: t1 - t0, classifyMs: performance.now() - t1 };
}

function percent(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

function historyText(h: History): string {
  const txns = h.transactions.filter((t) => t.status === "committed" && t.ops.length > 0);
  return txns.length === 0 ? "(no transaction)" : txns.map((t) => formatTransaction(t)).join("; ");
}

/** The summary `scripts/postgres-permissiveness.mjs` and the demo print: the table, then what each row refuses and violates. */
export function formatPostgresPermissiveness(p: PostgresPermissiveness): string[] {
  const lines: string[] = [];
  lines.push(
    `${p.schedules} schedules per level (2 transactions x 2 keys, programs of 0..${p.maxOps} operations, every interleaving of operations and commits), ${(p.scheduleMs / 1000).toFixed(1)} s through PostgreSQL, ${(p.classifyMs / 1000).toFixed(1)} s classifying`,
  );
  lines.push("share of the allowed histories produced / produced histories the level forbids:");
  const width = Math.max(...p.rows.map((r) => r.label.length), 10);
  lines.push(`  ${"".padEnd(width)}  ${p.against.map((l) => l.padStart(16)).join("")}`);
  for (const r of p.rows) lines.push(`  ${r.label.padEnd(width)}  ${r.results.map((x) => `${percent(x.ratio)} / ${x.violations.length}`.padStart(16)).join("")}`);
  for (const r of p.rows) {
    const c = r.counts;
    const codes = Object.entries(c.abortsByCode).map(([code, n]) => `${n} ${code === "40001" ? "serialization failures (40001)" : code === "40P01" ? "deadlocks (40P01)" : code}`).join(", ");
    lines.push(`${r.label}: ${c.schedules} schedules, ${c.blocked} with a statement blocked on a lock, ${c.withAbort} with an abort${codes ? ` (${codes})` : ""}; ${r.results[0]!.observed} distinct histories`);
    for (const x of r.results) {
      const first = x.violations[0];
      if (first) lines.push(`  vs ${x.level}: produces ${x.violations.length} forbidden histories, e.g. ${first.anomaly.name}: ${historyText(first.history)}`);
      const never = x.neverProduced.map((g) => `${g.count} ${g.anomaly}`).join(", ");
      if (never) lines.push(`  vs ${x.level}: never produces ${x.allowed - x.observedAllowed} of ${x.allowed} allowed: ${never}; e.g. ${historyText(x.neverProduced[0]!.example)}`);
    }
    const a = r.serializableAborts;
    if (a) {
      lines.push(`  aborts on ${a.aborted} schedules: ${a.alsoAbortedAtRR} also abort at RR (first-updater-wins, deadlocks), ${a.needed} commit at RR with a non-serializable history (SSI needed), ${a.unnecessary} commit at RR with a serializable history (SSI's false positives)`);
      if (a.unnecessaryExample) lines.push(`  e.g. ${a.unnecessaryExample.schedule}; at RR: ${historyText(a.unnecessaryExample.history)}`);
    }
  }
  return lines;
}
