#!/usr/bin/env node
// Benchmark of issue 16: Elle histories at Elle's scale. Generates
// rw-register and list-append histories of 100,000 and 1,000,000
// transactions, as JSON lines and as Jepsen's history.edn
// (scripts/elle-history.mjs: a serializable store, and a
// snapshot-isolated one whose histories hold write skews), then reads and
// checks each for SER and SI in a fresh process, reporting transactions per
// second (read and check) and the process's peak RSS. Targets: 200,000
// transactions/s, and 1 M transactions within 1.5 GB. Exit code 1 when a
// target is missed. Runs the built code (npm run bench builds it).
//
//   node test/bench/elle-scale.mjs [--sizes 100000,1000000] [--formats json,edn]
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const { values: o } = parseArgs({ options: { sizes: { type: "string", default: "100000,1000000" }, formats: { type: "string", default: "json,edn" } } });
const sizes = o.sizes.split(",").map(Number);
const formats = o.formats.split(",");
const work = mkdtempSync(path.join(tmpdir(), "tlabridge-elle-"));
const TARGET_RATE = 200_000;
const TARGET_MB = 1536;

// One measurement in its own process, so that its peak RSS is its own.
const child = `
const [file, level] = process.argv.slice(1);
const { readHistory, checkHistory } = await import(${JSON.stringify(path.join(root, "dist/src/isolation/index.js"))});
const t0 = performance.now();
let out;
try {
  const h = await readHistory(file);
  const t1 = performance.now();
  const r = checkHistory(h, level);
  const t2 = performance.now();
  out = { ok: true, transactions: r.transactions, readSeconds: (t1 - t0) / 1000, checkSeconds: (t2 - t1) / 1000, verdict: r.kind, anomaly: r.kind === "fail" ? r.anomaly.name : undefined };
} catch (e) {
  out = { ok: false, error: String(e.message ?? e).split("\\n")[0] };
}
out.peakMB = Math.round(process.resourceUsage().maxRSS / 1024);
console.log(JSON.stringify(out));
`;

let missed = 0;
const rows = [];
try {
  for (const format of formats)
  for (const n of sizes) {
    for (const workload of ["rw-register", "list-append"]) {
      for (const store of ["ser", "si"]) {
        const file = path.join(work, `${workload}-${store}-${n}.${format === "edn" ? "edn" : "ndjson"}`);
        execFileSync(process.execPath, [path.join(root, "scripts/elle-history.mjs"), "--workload", workload, "--store", store, "--txns", String(n), "--format", format, "--out", file], { stdio: "inherit" });
        const mb = statSync(file).size / 2 ** 20;
        for (const level of ["SER", "SI"]) {
          const run = spawnSync(process.execPath, ["--max-old-space-size=4096", "--input-type=module", "-e", child, file, level], { encoding: "utf8" });
          const r = JSON.parse(run.stdout.trim().split("\n").pop() || '{"ok":false,"error":"no output"}');
          const seconds = r.ok ? r.readSeconds + r.checkSeconds : NaN;
          const rate = r.ok ? Math.round(n / seconds) : 0;
          const okRate = rate >= TARGET_RATE;
          const okMem = n < 1_000_000 || (r.ok && r.peakMB <= TARGET_MB);
          if (!okRate || !okMem) missed++;
          const expected = store === "ser" || level === "SI" ? "pass" : "fail";
          const verdictOk = r.ok && r.verdict === expected;
          if (!verdictOk) missed++;
          rows.push({ format, workload, store, transactions: n, fileMB: Math.round(mb), level, ...(r.ok ? { read: +r.readSeconds.toFixed(2), check: +r.checkSeconds.toFixed(2), transactionsPerSecond: rate, verdict: r.anomaly ? `${r.verdict} (${r.anomaly})` : r.verdict } : { error: r.error }), peakMB: r.peakMB });
          console.log(
            `${format} ${workload} ${store} ${n.toLocaleString("en-US")} (${Math.round(mb)} MB) ${level}: ` +
              (r.ok ? `read ${r.readSeconds.toFixed(2)} s + check ${r.checkSeconds.toFixed(2)} s = ${rate.toLocaleString("en-US")} transactions/s (target ${TARGET_RATE.toLocaleString("en-US")}: ${okRate ? "met" : "MISSED"}), ${r.verdict}${r.anomaly ? ` (${r.anomaly})` : ""} (expected ${expected})` : `ERROR ${r.error}`) +
              `, peak ${r.peakMB} MB${n >= 1_000_000 ? ` (target ${TARGET_MB}: ${okMem ? "met" : "MISSED"})` : ""}`,
          );
        }
        rmSync(file, { force: true });
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
process.exitCode = missed > 0 ? 1 : 0;
