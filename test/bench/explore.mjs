#!/usr/bin/env node
// Benchmark of issue 6: explore kvstore-3x3 (77,838 distinct states, 303,018
// transitions) with the embedded explorer and write its DOT. Target: no
// slower than TLC, which needed 12 s here for the same job, and 1 GB RSS or
// less. Runs the built code (npm run bench builds it).
import { existsSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const specs = path.resolve(root, "../shared/fixtures/tlc/specs");
const spec = path.join(existsSync(specs) ? specs : path.join(root, "specs/kvstore"), "KVStore.tla");
const config = spec.replace(/KVStore\.tla$/, "KVStore-3x3.cfg");
const { exploreSpec } = await import(path.join(root, "dist/src/explorer/index.js"));
const { writeDot } = await import(path.join(root, "dist/src/dump/index.js"));

const started = performance.now();
const outcome = await exploreSpec({ spec, config });
const explored = performance.now();
const dot = path.join(tmpdir(), `tlabridge-bench-${process.pid}.dot`);
await writeDot(outcome.graph, dot);
const finished = performance.now();
await rm(dot, { force: true });
const seconds = (finished - started) / 1000;
const result = {
  spec: `${path.basename(spec)} with ${path.basename(config)}`,
  distinctStates: outcome.distinctStates,
  statesGenerated: outcome.statesGenerated,
  transitions: outcome.graph.transitionCount,
  exploreSeconds: +((explored - started) / 1000).toFixed(2),
  writeDotSeconds: +((finished - explored) / 1000).toFixed(2),
  totalSeconds: +seconds.toFixed(2),
  distinctStatesPerSecond: Math.round(outcome.distinctStates / ((explored - started) / 1000)),
  maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
};
console.log(JSON.stringify(result, null, 2));
console.log(`time   ${result.totalSeconds} s to explore and write the DOT, TLC needed 12 s: ${result.totalSeconds <= 12 ? "met" : "MISSED"} (ratio ${(result.totalSeconds / 12).toFixed(2)})`);
console.log(`memory ${result.maxRssMB} MB peak RSS, target 1,024 MB: ${result.maxRssMB <= 1024 ? "met" : "MISSED"}`);
