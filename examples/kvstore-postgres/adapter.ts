// The KVStore spec's store on PostgreSQL (through the pg client): one row per
// key, each model transaction on a connection of its own, at REPEATABLE READ
// (PostgreSQL's snapshot isolation).
//
// The mapping (see README, "PostgreSQL as the system under test"):
// - Begin runs BEGIN ISOLATION LEVEL REPEATABLE READ and SELECT 1: PostgreSQL
//   takes the snapshot at the transaction's first statement, not at BEGIN.
// - Write is buffered here and applied at Commit (an UPDATE of the key's
//   pre-inserted row, then COMMIT): PostgreSQL is first-updater-wins and makes
//   a second writer of a row wait for the first, where the spec is
//   first-committer-wins and never blocks. A serialization failure (SQLSTATE
//   40001) while applying or committing is the spec's "conflict".
// - Read answers the transaction's own buffered write, else SELECTs in the
//   transaction: read-your-writes is this adapter's, not PostgreSQL's.
// - observe reads the committed table on a connection of its own.
//
// The server is the one TLABRIDGE_POSTGRES names (clusterFromEnv). Every
// vitest worker keeps its connections (1 + |Txns|) and its own schema across
// tests; setup rolls back whatever a failed test left open and resets the rows.
// KVSTORE_PG_LEVEL="READ COMMITTED" (or another level) is the seeded
// behaviour difference: the suites must fail with it.
import pg from "pg";
import { threadId } from "node:worker_threads";
import { defineAdapter } from "tlabridge/runtime";
import { clusterFromEnv } from "tlabridge/postgres";

const NO_VALUE = "NoValue";
/** Milliseconds a statement or a lock wait may take on the server, well within the step timeout. */
const SERVER_TIMEOUT_MS = 2000;
const LEVELS = ["READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE"] as const;
const SCHEMA_PREFIX = "tlabridge_kv_";

/** The isolation level transactions run at: REPEATABLE READ unless KVSTORE_PG_LEVEL says otherwise. */
function isolationLevel(): string {
  const level = (process.env.KVSTORE_PG_LEVEL ?? "REPEATABLE READ").trim().toUpperCase().replace(/\s+/g, " ");
  if (!(LEVELS as readonly string[]).includes(level)) throw new Error(`KVSTORE_PG_LEVEL is ${JSON.stringify(process.env.KVSTORE_PG_LEVEL)}: expected one of ${LEVELS.join(", ")}`);
  return level;
}

/** A connection and whether a transaction may be open on it. */
interface Conn {
  readonly client: pg.Client;
  open: boolean;
}

/** What a vitest worker keeps across tests: its connections and its schema. */
interface Worker {
  readonly schema: string;
  readonly table: string;
  readonly observer: Conn;
  readonly txns: Conn[];
  broken: boolean;
  /** The keys the table holds rows for (the table is recreated when they change). */
  keys: string | undefined;
}

/** One test's system. */
interface System {
  readonly worker: Worker;
  readonly level: string;
  readonly conn: ReadonlyMap<string, Conn>;
  /** Each transaction's buffered writes: key -> value. */
  readonly writes: Map<string, Map<string, string>>;
}

let current: Promise<Worker> | undefined;

async function connect(worker: () => Worker | undefined): Promise<Conn> {
  const { host, port, user, database } = clusterFromEnv();
  const client = new pg.Client({ host, port, user, database, statement_timeout: SERVER_TIMEOUT_MS, lock_timeout: SERVER_TIMEOUT_MS, connectionTimeoutMillis: 5000 });
  // A connection that breaks (the server stopped) is replaced at the next setup.
  client.on("error", () => {
    const w = worker();
    if (w) w.broken = true;
  });
  await client.connect();
  // Idle connections must not keep the worker alive: they are closed when it ends.
  (client as unknown as { connection: { stream: { unref?(): void } } }).connection.stream.unref?.();
  return { client, open: false };
}

/** This worker's connections and schema, made on first use (and again when a connection broke). */
async function workerFor(txnCount: number): Promise<Worker> {
  if (current) {
    const w = await current.catch(() => undefined);
    if (w && !w.broken && w.txns.length >= txnCount) return w;
    if (w) await Promise.allSettled([w.observer, ...w.txns].map((c) => c.client.end()));
    current = undefined;
  }
  const made = (async () => {
    let w: Worker | undefined;
    const conns = await Promise.all(Array.from({ length: txnCount + 1 }, () => connect(() => w)));
    const schema = `${SCHEMA_PREFIX}${process.pid}_${threadId}`;
    w = { schema, table: `"${schema}".kv`, observer: conns[0]!, txns: conns.slice(1), broken: false, keys: undefined };
    const o = w.observer.client;
    // The observer's session holds an advisory lock on its schema's name while it lives: a schema of this
    // prefix whose lock is free belongs to a worker that is gone, and is dropped.
    await o.query("SELECT pg_advisory_lock(hashtext($1))", [schema]);
    const stale = await o.query<{ nspname: string }>("SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1) AND nspname <> $2", [SCHEMA_PREFIX, schema]);
    for (const { nspname } of stale.rows) {
      const { rows } = await o.query<{ free: boolean }>("SELECT pg_try_advisory_lock(hashtext($1)) AS free", [nspname]);
      if (!rows[0]!.free) continue;
      await o.query(`DROP SCHEMA IF EXISTS "${nspname}" CASCADE`);
      await o.query("SELECT pg_advisory_unlock(hashtext($1))", [nspname]);
    }
    await o.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE; CREATE SCHEMA "${schema}"`);
    return w;
  })();
  current = made;
  return made;
}

export default defineAdapter<System>({
  setup: async (constants) => {
    const keys = (constants.Keys as string[]).map(String).sort();
    const txns = (constants.Txns as string[]).map(String).sort();
    const level = isolationLevel();
    const worker = await workerFor(txns.length);
    // Whatever a failed test left open is rolled back (a statement still running ends within statement_timeout).
    await Promise.all(worker.txns.filter((c) => c.open).map(async (c) => {
      await c.client.query("ROLLBACK");
      c.open = false;
    }));
    const o = worker.observer.client;
    const keyList = JSON.stringify(keys);
    if (worker.keys !== keyList) {
      await o.query(`DROP TABLE IF EXISTS ${worker.table}; CREATE TABLE ${worker.table} (k text PRIMARY KEY, v text)`);
      worker.keys = keyList;
    }
    // Every key has a row from the start, its value NULL (NoValue): Commit only ever UPDATEs.
    await o.query(`DELETE FROM ${worker.table}`);
    await o.query(`INSERT INTO ${worker.table} (k, v) SELECT unnest($1::text[]), NULL`, [keys]);
    return { worker, level, conn: new Map(txns.map((t, i) => [t, worker.txns[i]!])), writes: new Map() };
  },
  teardown: async (s) => {
    // The connections stay for the next test; what this one left open is rolled back.
    await Promise.all([...s.conn.values()].filter((c) => c.open).map(async (c) => {
      await c.client.query("ROLLBACK");
      c.open = false;
    }));
  },
  actions: {
    Begin: async (s, { t }) => {
      const c = conn(s, t);
      c.open = true;
      // PostgreSQL takes a REPEATABLE READ snapshot at the first statement after BEGIN: SELECT 1 takes it now.
      await c.client.query(`BEGIN ISOLATION LEVEL ${s.level}; SELECT 1`);
      s.writes.set(String(t), new Map());
    },
    Read: async (s, { t, k }) => {
      const own = s.writes.get(String(t))?.get(String(k));
      if (own !== undefined) return { v: own };
      const { rows } = await conn(s, t).client.query<{ v: string | null }>(`SELECT v FROM ${s.worker.table} WHERE k = $1`, [String(k)]);
      if (rows.length !== 1) throw new Error(`key ${String(k)} has ${rows.length} rows, expected 1`);
      return { v: rows[0]!.v ?? NO_VALUE };
    },
    Write: (s, { t, k }) => {
      const buffered = s.writes.get(String(t));
      if (!buffered) throw new Error(`transaction ${String(t)} has not begun`);
      buffered.set(String(k), String(t));
    },
    Commit: async (s, { t }) => {
      const c = conn(s, t);
      const buffered = s.writes.get(String(t)) ?? new Map<string, string>();
      try {
        for (const [k, v] of buffered) {
          const { rowCount } = await c.client.query(`UPDATE ${s.worker.table} SET v = $2 WHERE k = $1`, [k, v]);
          if (rowCount !== 1) throw new Error(`UPDATE of key ${k} changed ${rowCount} rows, expected 1`);
        }
        await c.client.query("COMMIT");
        c.open = false;
        return { r: "ok" };
      } catch (e) {
        await c.client.query("ROLLBACK");
        c.open = false;
        // could not serialize access due to concurrent update: someone committed a write to the row since the snapshot.
        if ((e as { code?: string }).code === "40001") return { r: "conflict" };
        throw e;
      }
    },
    Abort: async (s, { t }) => {
      const c = conn(s, t);
      await c.client.query("ROLLBACK");
      c.open = false;
    },
  },
  observe: async (s) => {
    const { rows } = await s.worker.observer.client.query<{ k: string; v: string | null }>(`SELECT k, v FROM ${s.worker.table} ORDER BY k`);
    const db: Record<string, string> = {};
    for (const { k, v } of rows) db[k] = v ?? NO_VALUE;
    return { db };
  },
  stepTimeoutMs: 5000,
});

function conn(s: System, t: unknown): Conn {
  const c = s.conn.get(String(t));
  if (!c) throw new Error(`no connection for transaction ${String(t)} (the model's Txns are ${[...s.conn.keys()].join(", ")})`);
  return c;
}
