#!/usr/bin/env node
// Benchmark of issue 18: the TLC engine's time when only counts are asked for
// (explore --engine tlc: TLC without -dump) against the same run with -dump
// dot,actionlabels and the DOT read back (what every TLC run did before), on
// kvstore-3x2 (specs/kvstore/KVStore.tla with KVStore-3x2.cfg, 9,130 states)
// and kvstore-3x3 (77,838 states). Runs when TLA2TOOLS_JAR names a jar; says
// it skipped otherwise. Each variant runs ROUNDS times (default 3), the
// median is kept. Runs the built code (npm run bench builds it).
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const jar = process.env.TLA2TOOLS_JAR;
if (!jar || !existsSync(jar)) {
  console.log("tlc-dump: skipped (set TLA2TOOLS_JAR to a tla2tools.jar to measure TLC with and without -dump)");
  process.exit(0);
}
const { findTlc, runTlc } = await import(path.join(root, "dist/src/tlc/index.js"));
const installation = findTlc({ tlcJar: jar });
const rounds = Number(process.env.ROUNDS ?? 3);
const spec = path.join(root, "specs/kvstore/KVStore.tla");
const models = (process.env.MODELS ?? "3x2,3x3").split(",");

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(config, countsOnly) {
  const seconds = [];
  let counts;
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const outcome = await runTlc({ spec, config, installation, workers: 1, countsOnly });
    seconds.push((performance.now() - started) / 1000);
    if (outcome.kind !== "success") throw new Error(`${config}: ${outcome.kind}: ${outcome.message ?? ""}`);
    counts = { distinctStates: outcome.distinctStates, statesGenerated: outcome.statesGenerated, transitions: outcome.graph?.transitionCount };
  }
  return { seconds: median(seconds), counts };
}

for (const model of models) {
  const config = path.join(root, `specs/kvstore/KVStore-${model}.cfg`);
  const withDump = await time(config, false);
  const without = await time(config, true);
  if (withDump.counts.distinctStates !== without.counts.distinctStates || withDump.counts.statesGenerated !== without.counts.statesGenerated) {
    throw new Error(`kvstore-${model}: the counts differ with and without -dump`);
  }
  console.log(
    `kvstore-${model} (${withDump.counts.distinctStates.toLocaleString("en-US")} states, ${withDump.counts.transitions.toLocaleString("en-US")} transitions), TLC -workers 1, median of ${rounds}: ` +
      `with -dump (and the DOT read) ${withDump.seconds.toFixed(2)} s, without -dump ${without.seconds.toFixed(2)} s: ${(withDump.seconds / without.seconds).toFixed(2)}x`,
  );
}
