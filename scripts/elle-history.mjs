#!/usr/bin/env node
// Writes an Elle history (one JSON op per line, as Jepsen's generators make
// them) of a simulated store, for benchmarks and for `tlabridge isolation
// check`. S sessions run N transactions in all, one after another per
// session, their steps interleaved at random (seeded). Each transaction does
// 1 to 4 micro-operations over a pool of K live keys; a key takes at most 16
// writes, then a fresh key replaces it (as Elle's generators rotate keys, so
// read lists stay short).
//
//   --workload list-append|rw-register
//   --store ser   each transaction takes effect at once at its commit, reading
//                 the latest committed state: serializable (strict, since the
//                 commit lies between invoke and ok)
//   --store si    reads see the snapshot taken when the transaction began,
//                 writes are buffered, first committer wins: snapshot isolated,
//                 not serializable (write skews)
//
//   --format json one JSON object per line (the default); edn: Jepsen's history.edn, a map per line
//
//   node scripts/elle-history.mjs --workload list-append --store si --txns 100000 [--sessions 10] [--keys 8] [--seed 1] [--format edn] --out h.ndjson
import { createWriteStream } from "node:fs";
import { parseArgs } from "node:util";

const { values: o } = parseArgs({
  options: {
    workload: { type: "string", default: "list-append" },
    store: { type: "string", default: "ser" },
    txns: { type: "string", default: "100000" },
    sessions: { type: "string", default: "10" },
    keys: { type: "string", default: "8" },
    seed: { type: "string", default: "1" },
    format: { type: "string", default: "json" },
    out: { type: "string" },
  },
});
const N = Number(o.txns);
const S = Number(o.sessions);
const K = Number(o.keys);
const append = o.workload === "list-append";
if (!["list-append", "rw-register"].includes(o.workload) || !["ser", "si"].includes(o.store) || !["json", "edn"].includes(o.format)) {
  process.stderr.write("elle-history: --workload list-append|rw-register, --store ser|si, --format json|edn\n");
  process.exit(2);
}

let seed = Number(o.seed) >>> 0;
function rnd() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let x = seed;
  x = Math.imul(x ^ (x >>> 15), x | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
}
const pick = (n) => Math.floor(rnd() * n);

const out = o.out ? createWriteStream(o.out) : process.stdout;
let buffered = [];
// Jepsen's history.edn: a map per line, keywords for names.
const KEYWORDS = new Set(["invoke", "ok", "fail", "info", "txn", "r", "w", "append"]);
const edn = (v) => (v === null ? "nil" : Array.isArray(v) ? `[${v.map(edn).join(" ")}]` : typeof v === "string" && KEYWORDS.has(v) ? `:${v}` : JSON.stringify(v));
function emit(op) {
  buffered.push(o.format === "edn" ? `{${Object.entries(op).map(([k, v]) => `:${k} ${edn(v)}`).join(", ")}}` : JSON.stringify(op));
  if (buffered.length >= 4096) flush();
}
function flush() {
  if (buffered.length === 0) return;
  out.write(buffered.join("\n") + "\n");
  buffered = [];
}

// Keys: a pool of K live keys; each committed version is [commitTs, value].
let nextKey = 0;
const live = Array.from({ length: K }, () => nextKey++);
const versions = new Map(); // key -> [[ts, value]] (value: the list, or the register's value)
const writes = new Map(); // key -> writes committed
let clock = 0; // commit timestamps
let nextValue = 1;
const latest = (k, at) => {
  const vs = versions.get(k);
  if (!vs) return null;
  for (let i = vs.length - 1; i >= 0; i--) if (vs[i][0] <= at) return vs[i][1];
  return null;
};

let index = 0;
let time = 0;
let started = 0;
let done = 0;
const sessions = Array.from({ length: S }, (_, p) => ({ p, txn: undefined }));

function begin(s) {
  const ops = [];
  const n = 1 + pick(4);
  for (let i = 0; i < n; i++) {
    const k = live[pick(live.length)];
    ops.push(rnd() < 0.5 ? ["r", k, null] : [append ? "append" : "w", k, nextValue++]);
  }
  s.txn = { ops, snapshot: clock, step: 0, own: new Map(), results: [] };
  emit({ type: "invoke", f: "txn", value: ops, process: s.p, time: time++, index: index++ });
  started++;
}

/** Reads and buffers one micro-op (si); ser does everything at commit. */
function step(s) {
  const t = s.txn;
  const [f, k, v] = t.ops[t.step++];
  if (o.store === "ser") return;
  if (f === "r") {
    const own = t.own.get(k);
    const base = latest(k, t.snapshot);
    t.results.push(["r", k, append ? [...(base ?? []), ...(own ?? [])] : own !== undefined ? own : base]);
  } else {
    t.own.set(k, append ? [...(t.own.get(k) ?? []), v] : v);
    t.results.push([f, k, v]);
  }
}

function commit(s) {
  const t = s.txn;
  s.txn = undefined;
  done++;
  let ok = true;
  let results = t.results;
  if (o.store === "ser") {
    // Atomic at this point: reads see the latest committed state and the transaction's own writes.
    const own = new Map();
    results = t.ops.map(([f, k, v]) => {
      if (f === "r") {
        const base = latest(k, clock);
        return ["r", k, append ? [...(base ?? []), ...(own.get(k) ?? [])] : own.has(k) ? own.get(k) : base];
      }
      own.set(k, append ? [...(own.get(k) ?? []), v] : v);
      return [f, k, v];
    });
    t.own = own;
  } else {
    // First committer wins: a key written here and committed by another since the snapshot aborts it.
    for (const k of t.own.keys()) {
      const vs = versions.get(k);
      if (vs && vs[vs.length - 1][0] > t.snapshot) ok = false;
    }
  }
  if (ok && t.own.size > 0) {
    clock++;
    for (const [k, v] of t.own) {
      const base = latest(k, clock);
      const value = append ? [...(base ?? []), ...v] : v;
      if (!versions.has(k)) versions.set(k, []);
      versions.get(k).push([clock, value]);
      writes.set(k, (writes.get(k) ?? 0) + 1);
      // A key full of writes retires; a fresh one takes its place in the pool.
      if (writes.get(k) >= 16) {
        const i = live.indexOf(k);
        if (i >= 0) live[i] = nextKey++;
        retired.push([k, clock]);
      }
    }
  }
  emit(ok ? { type: "ok", f: "txn", value: results, process: s.p, time: time++, index: index++ } : { type: "fail", f: "txn", value: t.ops, process: s.p, time: time++, index: index++ });
}

// A retired key's versions are kept while a running transaction may still read them (far longer than any lives).
const retired = [];
function forget() {
  while (retired.length > 0 && retired[0][1] < clock - 1000) {
    const [k] = retired.shift();
    versions.delete(k);
    writes.delete(k);
  }
}

while (done < N) {
  if ((done & 1023) === 0) forget();
  const s = sessions[pick(S)];
  if (!s.txn) {
    if (started < N) begin(s);
    continue;
  }
  if (s.txn.step < s.txn.ops.length) step(s);
  else commit(s);
}
flush();
if (o.out) out.end();
