#!/usr/bin/env node
// Records a history of a snapshot-isolation key-value store, for
// `tlabridge isolation check`. The store is a plain-JS copy of the idea in
// store.ts: multi-version, each transaction reads the snapshot committed
// when it began (or its own write), writes are buffered and store the
// writing transaction's id, and commit aborts the transaction when another
// committed one of the keys it wrote since it began (first committer wins).
//
// S client sessions run N transactions in all, one after another per
// session, their steps interleaved at random (a seeded mulberry32 generator,
// so the same arguments give the same file). Each transaction does 1 to 4
// random reads and writes over K keys, then commits or, on a conflict,
// aborts. The document lists every transaction with its session, its start
// (and, when committed, its end) on one logical clock, its status and its
// operations, plus each key's version order (the commit order of the
// committed writes):
//   {"transactions": [{"id": "t1", "session": "c1", "start": 1, "end": 7,
//     "status": "committed", "ops": [["r", "k3", null], ["w", "k3", "t1"]]}, ...],
//    "versionOrder": {"k1": ["t4", "t9", ...], ...}}
// Such a store is snapshot isolated, not serializable: the history passes
// --level SI and, with enough transactions, fails --level SER (write skew).
//
//   node examples/kvstore-memory/record-history.mjs [--txns 10000] [--sessions 8] [--keys 20] [--seed 1] [--out history.json]
//   npx tlabridge isolation check history.json --level SI
// Without --out the document goes to standard output.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

/** A deterministic pseudo-random generator (mulberry32): numbers in [0, 1). */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A multi-version store with snapshot-isolation transactions, first committer wins. */
class SnapshotStore {
  constructor(keys) {
    this.commits = 0; // commits that installed writes, the versions' timestamps
    this.versions = new Map(keys.map((k) => [k, []])); // key -> [{commit, value}], oldest first
  }

  /** A new transaction on a snapshot of what is committed now. */
  begin(id) {
    return { id, snapshot: this.commits, writes: new Map() };
  }

  /** What t reads from k: its own write, else the latest version in its snapshot (null: never written). */
  get(t, k) {
    if (t.writes.has(k)) return t.writes.get(k);
    const vs = this.versions.get(k);
    for (let i = vs.length - 1; i >= 0; i--) if (vs[i].commit <= t.snapshot) return vs[i].value;
    return null;
  }

  /** Buffers t's write of its own id to k. */
  put(t, k) {
    t.writes.set(k, t.id);
    return t.id;
  }

  /** Installs t's writes, or returns false (t aborts) when a key t wrote got a newer version since t began. */
  commit(t) {
    for (const k of t.writes.keys()) {
      const vs = this.versions.get(k);
      if (vs.length > 0 && vs[vs.length - 1].commit > t.snapshot) return false;
    }
    if (t.writes.size === 0) return true;
    this.commits++;
    for (const [k, value] of t.writes) this.versions.get(k).push({ commit: this.commits, value });
    return true;
  }
}

/**
 * Runs the store and returns the recorded history document: `txns`
 * transactions from `sessions` sessions over `keys` keys, interleaved by
 * the generator seeded with `seed`.
 */
export function recordHistory({ txns = 10000, sessions = 8, keys = 20, seed = 1 } = {}) {
  for (const [name, n] of Object.entries({ txns, sessions, keys }))
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be a positive integer, not ${n}`);
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, not ${seed}`);
  const rnd = random(seed);
  const pick = (n) => Math.floor(rnd() * n);
  const keyNames = Array.from({ length: keys }, (_, i) => `k${i + 1}`);
  const store = new SnapshotStore(keyNames);
  const versionOrder = Object.fromEntries(keyNames.map((k) => [k, []]));
  const transactions = [];
  // Per session: the running transaction (store handle, record, operations left) or null.
  const running = Array.from({ length: sessions }, () => null);
  let clock = 0;
  let begun = 0;
  let finished = 0;
  while (finished < txns) {
    // A session with something to do: a step of its transaction, or a new one while some remain.
    const ready = [];
    for (let s = 0; s < sessions; s++) if (running[s] !== null || begun < txns) ready.push(s);
    const s = ready[pick(ready.length)];
    clock++;
    let run = running[s];
    if (run === null) {
      const id = `t${++begun}`;
      const record = { id, session: `c${s + 1}`, start: clock, status: "committed", ops: [] };
      transactions.push(record);
      running[s] = { txn: store.begin(id), record, left: 1 + pick(4) };
      continue;
    }
    if (run.left > 0) {
      const k = keyNames[pick(keys)];
      if (rnd() < 0.5) run.record.ops.push(["r", k, store.get(run.txn, k)]);
      else run.record.ops.push(["w", k, store.put(run.txn, k)]);
      run.left--;
      continue;
    }
    if (store.commit(run.txn)) {
      run.record.end = clock;
      for (const k of run.txn.writes.keys()) versionOrder[k].push(run.txn.id);
    } else {
      run.record.status = "aborted";
    }
    running[s] = null;
    finished++;
  }
  // A fixed field order, so the same arguments give the same bytes.
  return {
    transactions: transactions.map(({ id, session, start, end, status, ops }) => ({ id, session, start, ...(end !== undefined && { end }), status, ops })),
    versionOrder,
  };
}

const main = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (main) {
  const usage = "usage: record-history.mjs [--txns 10000] [--sessions 8] [--keys 20] [--seed 1] [--out history.json]";
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        txns: { type: "string", default: "10000" },
        sessions: { type: "string", default: "8" },
        keys: { type: "string", default: "20" },
        seed: { type: "string", default: "1" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (e) {
    console.error(`${e.message}\n${usage}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const number = (name) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || (name !== "seed" && n < 1)) {
      console.error(`--${name} ${values[name]}: expected ${name === "seed" ? "an integer" : "a positive integer"}\n${usage}`);
      process.exit(2);
    }
    return n;
  };
  const doc = recordHistory({ txns: number("txns"), sessions: number("sessions"), keys: number("keys"), seed: number("seed") });
  // One transaction a line: readable, and error positions point at a transaction.
  const lines = doc.transactions.map((t) => `  ${JSON.stringify(t)}`);
  const order = Object.entries(doc.versionOrder).map(([k, vs]) => `  ${JSON.stringify(k)}: ${JSON.stringify(vs)}`);
  const text = `{"transactions": [\n${lines.join(",\n")}\n],\n"versionOrder": {\n${order.join(",\n")}\n}}\n`;
  if (values.out === undefined) process.stdout.write(text);
  else {
    writeFileSync(values.out, text);
    const committed = doc.transactions.filter((t) => t.status === "committed").length;
    console.error(`${doc.transactions.length} transactions (${committed} committed, ${doc.transactions.length - committed} aborted) in ${values.out}`);
  }
}
