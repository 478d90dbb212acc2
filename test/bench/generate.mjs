#!/usr/bin/env node
// Benchmark of issue 4: generate the kvstore-3x2 transitions suite in 2 s or
// less, and run it with vitest at 2,000 tests per second or more (against the
// in-memory store); issue 14: the same for the default suite (transition-pairs
// with the adapter's negative steps), which must keep that rate. Runs the
// built code (npm run bench builds it).
import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dump = process.argv[2] ?? path.join(root, "specs/kvstore/kvstore-3x2.dot.gz");
const { generateSuite } = await import(path.join(root, "dist/src/generate/index.js"));
const { runVitest } = await import(path.join(root, "dist/src/cli/vitest.js"));

const work = await mkdtemp(path.join(tmpdir(), "tlabridge-bench-"));
await mkdir(path.join(work, "node_modules"));
await symlink(root, path.join(work, "node_modules", "tlabridge"), "dir");
for (const [label, criterion] of [
  ["transitions", "transitions"],
  ["default (transition-pairs + negative steps)", undefined],
]) {
  const outDir = path.join(work, `suite-${criterion ?? "default"}`);
  const started = performance.now();
  const generated = await generateSuite({ dump, adapter: path.join(root, "examples/kvstore-memory/adapter.ts"), outDir, criterion });
  const generateSeconds = (performance.now() - started) / 1000;
  const run = await runVitest(outDir);
  const result = {
    suite: label,
    dump: path.basename(dump),
    tests: generated.tests,
    files: generated.files,
    steps: generated.steps,
    refusals: generated.refusals,
    generateSeconds: +generateSeconds.toFixed(2),
    generatedTestsPerSecond: Math.round(generated.tests / generateSeconds),
    runSeconds: +run.seconds.toFixed(2),
    passed: run.passed,
    failed: run.failed,
    testsPerSecond: Math.round(run.passed / run.seconds),
  };
  console.log(JSON.stringify(result, null, 2));
  if (criterion === "transitions") console.log(`generate ${result.generateSeconds} s (read, cover and write), target 2 s: ${result.generateSeconds <= 2 ? "met" : "MISSED"}`);
  else console.log(`generate ${result.generatedTestsPerSecond} tests/s (read, load the adapter, cover, negative steps and write)`);
  console.log(`run      ${result.testsPerSecond} tests/s over the whole vitest run, target 2,000: ${result.testsPerSecond >= 2000 ? "met" : "MISSED"}`);
}
await rm(work, { recursive: true, force: true });
