#!/usr/bin/env node
// Benchmark of issue 2: read kvstore-3x3.dot.gz (102 MB unpacked, 77,838 states,
// 303,018 transitions) into a StateGraph with every value parsed.
// Targets: <= 2 s, <= 600 MB RSS, <= 4x a bare line-by-line read of the same
// file measured in the same run. Runs the built code (npm run bench builds it).
import { spawnSync } from "node:child_process";
import { createReadStream, existsSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { createGunzip } from "node:zlib";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const file = process.argv[2] ?? path.resolve(root, "../shared/fixtures/tlc/kvstore-3x3.dot.gz");
const runs = Number(process.env.BENCH_RUNS ?? 5);

if (process.argv[2] === "--child") {
  // Measures one read in a fresh process, for peak RSS.
  const { readStateGraph } = await import(path.join(root, "dist/src/dump/index.js"));
  const started = performance.now();
  const { graph } = await readStateGraph(process.argv[3]);
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ seconds, states: graph.stateCount, transitions: graph.transitionCount, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
  process.exit(0);
}

if (!existsSync(file)) {
  console.log(`skipped: ${file} not found (the shared fixtures are expected at ../shared)`);
  process.exit(0);
}

async function bareReadline() {
  const input = createReadStream(file).pipe(createGunzip());
  let lines = 0;
  for await (const _ of createInterface({ input, crlfDelay: Infinity })) lines++;
  return lines;
}

async function time(fn) {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const { readStateGraph, readLines } = await import(path.join(root, "dist/src/dump/index.js"));

const baseline = [];
const bytesOnly = [];
const full = [];
let graph;
for (let i = 0; i < runs; i++) {
  baseline.push(await time(bareReadline));
  bytesOnly.push(await time(() => readLines(file, { line() {} })));
  full.push(await time(async () => ({ graph } = await readStateGraph(file))));
}
const child = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child", file], { encoding: "utf8" });
const fresh = JSON.parse(child.stdout);

const result = {
  file: path.basename(file),
  states: graph.stateCount,
  transitions: graph.transitionCount,
  runs,
  readSeconds: +median(full).toFixed(3),
  firstReadInFreshProcessSeconds: +fresh.seconds.toFixed(3),
  baselineReadlineSeconds: +median(baseline).toFixed(3),
  baselineByteSplitSeconds: +median(bytesOnly).toFixed(3),
  ratioToReadline: +(median(full) / median(baseline)).toFixed(2),
  ratioToByteSplit: +(median(full) / median(bytesOnly)).toFixed(2),
  maxRssMB: Math.round(fresh.maxRssMB),
};
const verdict = (ok) => (ok ? "met" : "MISSED");
console.log(JSON.stringify(result, null, 2));
console.log(`time   ${result.readSeconds} s (fresh process ${result.firstReadInFreshProcessSeconds} s), target 2 s: ${verdict(result.firstReadInFreshProcessSeconds <= 2)}`);
console.log(`memory ${result.maxRssMB} MB peak RSS, target 600 MB: ${verdict(result.maxRssMB <= 600)}`);
console.log(`ratio  ${result.ratioToReadline}x a bare readline read (${result.baselineReadlineSeconds} s), target 4x: ${verdict(result.ratioToReadline <= 4)}`);
console.log(`       ${result.ratioToByteSplit}x tlabridge's own byte-level line split without parsing (${result.baselineByteSplitSeconds} s)`);
