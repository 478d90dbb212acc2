#!/usr/bin/env node
// Benchmark of issue 13: EWD998 implementation logs validated against
// EWD998Chan through examples/ewd998/mapping.json, next to TLC validating the
// same logs through tlaplus/Examples' EWD998ChanTrace.tla in the same run.
// Needs EXAMPLES (the specifications folder of a fetched tlaplus/Examples:
// the spec and TLC's trace spec are not part of this repository); TLC runs
// when TLA2TOOLS_JAR names a jar too. Logs: the public EWD998ChanTrace.ndjson,
// and simulated runs (examples/ewd998/simulate.mjs) of 5 nodes with 10,000
// events and 10 nodes with 1,000 events. Targets: under half of TLC's time
// for the public log, within TLC's time and 1 GB for the simulated ones.
// Runs the built code (npm run bench builds it).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const examples = process.env.EXAMPLES;
if (!examples || !existsSync(path.join(examples, "ewd998/EWD998Chan.tla"))) {
  console.log("validate-ewd998: skipped (set EXAMPLES to the specifications folder of a fetched tlaplus/Examples)");
  process.exit(0);
}
const ewd998 = path.join(examples, "ewd998");
const jar = process.env.TLA2TOOLS_JAR && existsSync(process.env.TLA2TOOLS_JAR) ? process.env.TLA2TOOLS_JAR : undefined;
const work = mkdtempSync(path.join(tmpdir(), "tlabridge-ewd998-"));
const time = existsSync("/usr/bin/time") ? ["/usr/bin/time", "-f", "%M"] : [];

/** Runs a command, with its peak RSS when GNU time is there. */
function measure(command, args, options = {}) {
  const started = performance.now();
  const opts = { encoding: "utf8", maxBuffer: 1 << 28, ...options };
  const run = time.length ? spawnSync(time[0], [...time.slice(1), command, ...args], opts) : spawnSync(command, args, opts);
  const seconds = (performance.now() - started) / 1000;
  const rss = time.length ? Number(run.stderr.trim().split("\n").pop()) : NaN;
  return { run, seconds, maxRssMB: Number.isFinite(rss) ? Math.round(rss / 1024) : undefined };
}

function tlabridge(log) {
  const { run, seconds, maxRssMB } = measure(process.execPath, [path.join(root, "bin/tlabridge.js"), "validate", log, "--model", path.join(ewd998, "EWD998Chan.tla"), "--mapping", path.join(root, "examples/ewd998/mapping.json"), "--json"]);
  let verdict = `exit ${run.status}`;
  try {
    verdict = JSON.parse(run.stdout).verdict ?? verdict;
  } catch {
    verdict = `${verdict}: ${(run.stderr || run.stdout).trim().split("\n")[0]}`;
  }
  return { verdict, seconds, maxRssMB };
}

/** TLC on the log through EWD998ChanTrace.tla, in a copy of the folder (TLC writes its state files there). */
function tlc(log) {
  const dir = mkdtempSync(path.join(work, "tlc-"));
  for (const f of readdirSync(ewd998)) if (/\.(tla|cfg)$/.test(f)) copyFileSync(path.join(ewd998, f), path.join(dir, f));
  const beside = readdirSync(path.dirname(jar)).filter((f) => /^CommunityModules.*\.jar$/.test(f)).map((f) => path.join(path.dirname(jar), f));
  const { run, seconds, maxRssMB } = measure("java", ["-XX:+UseParallelGC", "-cp", [jar, ...beside].join(path.delimiter), "tlc2.TLC", "-workers", "1", "-metadir", path.join(dir, "states"), "EWD998ChanTrace"], { cwd: dir, env: { ...process.env, JSON: log } });
  const verdict = /No error has been found/.test(run.stdout) ? "valid" : /Error:|violated/.test(run.stdout) ? "invalid" : `exit ${run.status}`;
  return { verdict, seconds, maxRssMB };
}

const logs = [{ name: "EWD998ChanTrace.ndjson (public, 5 nodes)", file: path.join(ewd998, "EWD998ChanTrace.ndjson"), target: 0.5 }];
for (const [nodes, events] of [
  [5, 10_000],
  [10, 1_000],
]) {
  const file = path.join(work, `sim-${nodes}x${events}.ndjson`);
  spawnSync(process.execPath, [path.join(root, "examples/ewd998/simulate.mjs"), "--nodes", String(nodes), "--events", String(events), "--seed", "1", "--out", file], { stdio: "inherit" });
  logs.push({ name: `simulated, ${nodes} nodes, ${events} events`, file, target: 1 });
}

const rows = [];
for (const log of logs) {
  const ours = tlabridge(log.file);
  const theirs = jar ? tlc(log.file) : undefined;
  const ratio = theirs ? ours.seconds / theirs.seconds : undefined;
  rows.push({ log: log.name, tlabridge: ours, tlc: theirs, ratio });
  console.log(
    `${log.name}: tlabridge ${ours.verdict} in ${ours.seconds.toFixed(2)} s${ours.maxRssMB ? `, ${ours.maxRssMB} MB` : ""}` +
      (theirs ? `; TLC ${theirs.verdict} in ${theirs.seconds.toFixed(2)} s${theirs.maxRssMB ? `, ${theirs.maxRssMB} MB` : ""}; time ratio ${ratio.toFixed(2)} (target ${log.target}: ${ratio <= log.target ? "met" : "MISSED"})` : " (set TLA2TOOLS_JAR for TLC's time in the same run)") +
      (log.target === 1 && ours.maxRssMB ? `; memory ${ours.maxRssMB <= 1024 ? "within" : "OVER"} 1 GB` : ""),
  );
}
console.log(JSON.stringify(rows, null, 2));
rmSync(work, { recursive: true, force: true });
