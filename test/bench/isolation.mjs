#!/usr/bin/env node
// Benchmark of the isolation checkers. Each measurement is the median of 5
// runs after a warm-up run. Targets:
//   (a) classify the universe of 2 transactions x 2 keys x 2 operations
//       (5,329 histories) for every level in 1 s or less;
//   (b) kvstore-2x2's permissiveness at RC, RA, SI and SER (read the DOT,
//       observe its histories, compare with the universe) in 5 s or less;
//   (c) a recorded 10,000-transaction history of the in-memory SI store
//       (examples/kvstore-memory/record-history.mjs) read and checked for
//       SER and SI in 5 s or less: SI passes completely, SER fails.
// Then, without targets: a 100,000-transaction history (transactions per
// second, against Elle's figure) and the 3 x 2 x 2 universe.
// Exit code 1 when a target is missed. Runs the built code (npm run bench
// builds it).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { classifyUniverse, universeBounds, LEVELS, readHistory, checkHistory, observeHistories, permissiveness } = await import(path.join(root, "dist/src/isolation/index.js"));
const { readStateGraph } = await import(path.join(root, "dist/src/dump/index.js"));
const { recordHistory } = await import(path.join(root, "examples/kvstore-memory/record-history.mjs"));

const RUNS = 5;

/** Runs `job` once to warm up, then RUNS times: the median seconds and the last result. */
async function median(job) {
  let result = await job();
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = await job();
    times.push((performance.now() - started) / 1000);
  }
  times.sort((a, b) => a - b);
  return { seconds: times[Math.floor(RUNS / 2)], min: times[0], max: times[RUNS - 1], result };
}

let missed = 0;
function report(label, m, target, extra = "") {
  const ok = m.seconds <= target;
  if (!ok) missed++;
  console.log(`${label}: ${m.seconds.toFixed(3)} s median of ${RUNS} (${m.min.toFixed(3)}-${m.max.toFixed(3)}), target ${target} s: ${ok ? "PASS" : "MISS"}${extra ? `; ${extra}` : ""}`);
}
function expect(label, ok, detail) {
  if (!ok) missed++;
  console.log(`  ${label}: ${ok ? "PASS" : "MISS"} (${detail})`);
}

// (a) The 2x2x2 universe, every level classified at once.
const universe = await median(() => classifyUniverse(universeBounds(2, 2, 2)));
const { total, counts } = universe.result;
report("(a) universe 2 txns x 2 keys x 2 ops, all levels", universe, 1, `${total} histories: ${LEVELS.map((l) => `${l} ${counts[l]}`).join(", ")}`);
expect("universe size", total === 5329, `${total}, expected 5329`);

// (b) kvstore-2x2's permissiveness: read, observe, compare, for four levels.
const dot = path.join(root, "specs/kvstore/kvstore-2x2.dot");
const PERMISSIVENESS_LEVELS = ["RC", "RA", "SI", "SER"];
const perm = await median(async () => {
  const { graph } = await readStateGraph(dot);
  const observed = observeHistories(graph, { maxOps: 2 });
  return { observed, results: PERMISSIVENESS_LEVELS.map((l) => permissiveness(observed, l, 2)) };
});
report("(b) kvstore-2x2 permissiveness at RC, RA, SI, SER (read + observe + compare)", perm, 5, `${perm.result.observed.histories.size} distinct histories observed`);
for (const p of perm.result.results)
  console.log(`  ${p.level.padEnd(3)} ratio ${p.ratio.toFixed(4)} (${p.observedAllowed} of ${p.allowed} allowed histories produced), ${p.violations.length} violation(s)${p.violations.length ? `: ${p.violations[0].anomaly.name}` : ""}`);
const si = perm.result.results.find((p) => p.level === "SI");
expect("kvstore (an SI store) has no SI violation", si.violations.length === 0, `${si.violations.length} violation(s)`);

// (c) A recorded 10,000-transaction history, read and checked for SER and SI.
const dir = mkdtempSync(path.join(tmpdir(), "tlabridge-isolation-bench-"));
try {
  const file = path.join(dir, "history.json");
  const doc = recordHistory({ txns: 10000, sessions: 8, keys: 20, seed: 1 });
  writeFileSync(file, JSON.stringify(doc));
  const committed = doc.transactions.filter((t) => t.status === "committed").length;
  const check = await median(async () => {
    const history = await readHistory(file);
    return { ser: checkHistory(history, "SER"), si: checkHistory(history, "SI") };
  });
  report(`(c) recorded history of 10,000 transactions (${committed} committed), read + check SER + check SI`, check, 5);
  const { ser, si: siOutcome } = check.result;
  const verdict = (o) => `${o.kind} by ${o.method}${o.kind === "pass" ? `, complete=${o.complete}` : `: ${o.anomaly.name} (${o.anomaly.phenomenon}), ${o.anomaly.description}`}`;
  console.log(`  SER: ${verdict(ser)}`);
  console.log(`  SI:  ${verdict(siOutcome)}`);
  expect("SI passes completely", siOutcome.kind === "pass" && siOutcome.complete === true, verdict(siOutcome));
  expect("SER fails", ser.kind === "fail", ser.kind === "fail" ? ser.anomaly.name : "passed");
  // (d) Scale, for comparison with Elle (22M transactions in about 2 minutes, about 180,000 a second,
  // ../shared/notes/anchors.md): 100,000 transactions read and checked for SI, as transactions per second.
  const big = path.join(dir, "history-100k.json");
  writeFileSync(big, JSON.stringify(recordHistory({ txns: 100000, sessions: 16, keys: 200, seed: 2 })));
  const scale = await median(async () => checkHistory(await readHistory(big), "SI"));
  console.log(
    `(d) recorded history of 100,000 transactions, read + check SI: ${scale.seconds.toFixed(3)} s median of ${RUNS}, ${Math.round(100000 / scale.seconds).toLocaleString("en-US")} transactions/s (${scale.result.kind}, complete=${scale.result.complete})`,
  );
  // The same universe once more with 3 transactions (1,367,631 histories), for scale.
  const three = await median(() => classifyUniverse(universeBounds(3, 2, 2)));
  console.log(`(e) universe 3 txns x 2 keys x 2 ops, all levels: ${three.seconds.toFixed(3)} s median of ${RUNS} for ${three.result.total.toLocaleString("en-US")} histories`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

console.log(missed === 0 ? "isolation: every target met" : `isolation: ${missed} target(s) MISSED`);
process.exit(missed === 0 ? 0 : 1);
