#!/usr/bin/env node
// Benchmark of issue 12: explore with the embedded explorer and write the DOT,
// against TLC doing the same work in the same run (-workers auto -dump
// dot,actionlabels) when TLA2TOOLS_JAR names a jar. Target: 0.5x TLC's wall
// time and at most half its memory. Models: kvstore-3x3 (77,838 states), and
// when EXAMPLES names the specifications folder of a fetched tlaplus/Examples,
// its largest models that agree (acp/ACP_SB_TLC, ewd426/TokenRing,
// nbacg_guer01), TLC's config copied without its PROPERTY lines so both do
// the same work. Each model runs in its own process (peak RSS per engine).
// Runs the built code (npm run bench builds it).
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

if (process.argv[2] === "--child") {
  // One exploration, in a process of its own: prints seconds and peak RSS.
  const [spec, config] = process.argv.slice(3);
  const { exploreSpec } = await import(path.join(root, "dist/src/explorer/index.js"));
  const { writeDot } = await import(path.join(root, "dist/src/dump/index.js"));
  const started = performance.now();
  const outcome = await exploreSpec({ spec, config });
  if (outcome.kind !== "success") throw new Error(`${spec}: ${outcome.kind}`);
  const explored = performance.now();
  const dot = path.join(tmpdir(), `tlabridge-bench-${process.pid}.dot`);
  await writeDot(outcome.graph, dot);
  const finished = performance.now();
  rmSync(dot, { force: true });
  console.log(
    JSON.stringify({
      distinctStates: outcome.distinctStates,
      statesGenerated: outcome.statesGenerated,
      exploreSeconds: (explored - started) / 1000,
      seconds: (finished - started) / 1000,
      maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
  process.exit(0);
}

const models = [];
const specs = path.resolve(root, "../shared/fixtures/tlc/specs");
const kvstore = path.join(existsSync(specs) ? specs : path.join(root, "specs/kvstore"), "KVStore.tla");
models.push({ name: "kvstore-3x3", spec: kvstore, config: kvstore.replace(/KVStore\.tla$/, "KVStore-3x3.cfg") });
const examples = process.env.EXAMPLES;
if (examples) {
  for (const [spec, config] of [
    ["acp/ACP_SB_TLC.tla", "acp/ACP_SB_TLC.cfg"],
    ["ewd426/TokenRing.tla", "ewd426/TokenRing.cfg"],
    ["nbacg_guer01/nbacg_guer01.tla", "nbacg_guer01/nbacg_guer01.cfg"],
  ]) {
    if (existsSync(path.join(examples, spec))) models.push({ name: spec.replace(/\.tla$/, ""), spec: path.join(examples, spec), config: path.join(examples, config) });
  }
}

/** A copy of the model's folder with the config's PROPERTY lines removed, so TLC does only what the explorer does. */
function withoutProperties(model) {
  const dir = mkdtempSync(path.join(tmpdir(), "tlabridge-bench-"));
  for (const f of readdirSync(path.dirname(model.spec))) if (/\.(tla|cfg)$/.test(f)) copyFileSync(path.join(path.dirname(model.spec), f), path.join(dir, f));
  const lines = readFileSync(model.config, "utf8").split("\n");
  const kept = [];
  let inProperty = false;
  for (const line of lines) {
    if (/^\s*PROPERT(Y|IES)\b/.test(line)) inProperty = true;
    else if (/^\s*[A-Z_]{4,}\b/.test(line)) inProperty = false;
    if (!inProperty) kept.push(line);
  }
  const config = path.join(dir, path.basename(model.config));
  writeFileSync(config, kept.join("\n"));
  return { dir, spec: path.join(dir, path.basename(model.spec)), config };
}

function explorer(model) {
  const out = execFileSync(process.execPath, ["--max-old-space-size=8000", fileURLToPath(import.meta.url), "--child", model.spec, model.config], { encoding: "utf8", maxBuffer: 1 << 26 });
  return JSON.parse(out.trim().split("\n").pop());
}

/** tla2tools.jar and any CommunityModules*.jar beside it. */
function classpath(jar) {
  const beside = readdirSync(path.dirname(jar)).filter((f) => /^CommunityModules.*\.jar$/.test(f));
  return [jar, ...beside.map((f) => path.join(path.dirname(jar), f))].join(path.delimiter);
}

function tlc(model, jar) {
  const copy = withoutProperties(model);
  const started = performance.now();
  // GNU time gives TLC's peak RSS; without it, TLC runs alone and only its time is known.
  const [command, ...prefix] = existsSync("/usr/bin/time") ? ["/usr/bin/time", "-f", "%M", "java"] : ["java"];
  const run = spawnSync(command, [...prefix, "-XX:+UseParallelGC", "-cp", classpath(jar), "tlc2.TLC", "-workers", "auto", "-fp", "0", "-dump", "dot,actionlabels", path.join(copy.dir, "out.dot"), "-metadir", path.join(copy.dir, "states"), "-config", copy.config, copy.spec], { cwd: copy.dir, encoding: "utf8", maxBuffer: 1 << 26 });
  const seconds = (performance.now() - started) / 1000;
  rmSync(copy.dir, { recursive: true, force: true });
  const distinct = /(\d[\d,]*) distinct states found/.exec(run.stdout)?.[1];
  const rss = Number(run.stderr.trim().split("\n").pop());
  return { seconds, distinctStates: distinct ? Number(distinct.replace(/,/g, "")) : undefined, maxRssMB: Number.isFinite(rss) ? Math.round(rss / 1024) : undefined };
}

const jar = process.env.TLA2TOOLS_JAR && existsSync(process.env.TLA2TOOLS_JAR) ? process.env.TLA2TOOLS_JAR : undefined;
const rows = [];
for (const model of models) {
  const ours = explorer(model);
  const theirs = jar ? tlc(model, jar) : undefined;
  rows.push({ model: model.name, ...ours, tlc: theirs });
  const ratio = theirs ? ours.seconds / theirs.seconds : undefined;
  const memory = theirs?.maxRssMB ? ours.maxRssMB / theirs.maxRssMB : undefined;
  console.log(
    `${model.name}: explorer ${ours.seconds.toFixed(2)} s (${ours.distinctStates} states, explore ${ours.exploreSeconds.toFixed(2)} s), ${ours.maxRssMB} MB` +
      (theirs ? `; TLC ${theirs.seconds.toFixed(2)} s${theirs.maxRssMB ? `, ${theirs.maxRssMB} MB` : ""}; time ratio ${ratio.toFixed(2)} (target 0.5: ${ratio <= 0.5 ? "met" : "MISSED"})${memory ? `, memory ratio ${memory.toFixed(2)} (target 0.5: ${memory <= 0.5 ? "met" : "MISSED"})` : ""}` : " (set TLA2TOOLS_JAR for TLC's time in the same run)"),
  );
}
console.log(JSON.stringify(rows, null, 2));
