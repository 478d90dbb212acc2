#!/usr/bin/env node
// The kill matrix: generates the KVStore suite of every cover criterion once,
// runs each against the in-memory store with every mutant of
// examples/kvstore-memory/mutants/ (KVSTORE_MUTANT=<name>), and prints which
// mutants each criterion kills. An equivalent mutant killed is a false alarm:
// it is flagged and the exit code is 1 (as when the correct store fails).
//
// Paths run in this process through the same runPath the generated tests call
// (the adapter is loaded with vite, as vitest would); --runner vitest runs the
// generated files with vitest instead, as a user would (slower).
//
// Every criterion is measured without and with negative steps (+neg: the
// adapter's refusals); the default suite is transition-pairs+neg. The model
// 2x2-sym is kvstore-2x2 explored with SYMMETRY (transactions permuted), its
// paths mapped back to concrete behaviours.
//
// (2x2-sym-all: with every image of each path under the symmetry group;
// 2x2-explored: kvstore-2x2 explored by the embedded explorer, not TLC's dump.)
//
// Usage: npm run mutants [-- --model 2x2|3x2|2x2-explored|2x2-sym|2x2-sym-all] [--only <mutant>[,<mutant>...]]
//                          [--criteria transitions,transition-pairs+neg,...] [--runner inprocess|vitest]
//                          [--workers N] [--count-failures] [--json]
import { readdirSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values: opts } = parseArgs({
  options: {
    model: { type: "string", default: "2x2" },
    only: { type: "string", multiple: true },
    criteria: { type: "string" },
    workers: { type: "string", default: "1" },
    runner: { type: "string", default: "inprocess" },
    "count-failures": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const MODELS = {
  "2x2": { transactions: 2, dump: "specs/kvstore/kvstore-2x2.dot", spec: "specs/kvstore/KVStore.tla", config: "specs/kvstore/KVStore.cfg" },
  "3x2": { transactions: 3, dump: "specs/kvstore/kvstore-3x2.dot.gz", spec: "specs/kvstore/KVStore.tla", config: "specs/kvstore/KVStore-3x2.cfg" },
  "2x2-explored": { transactions: 2, explore: true, spec: "specs/kvstore/KVStore.tla", config: "specs/kvstore/KVStore.cfg" },
  "2x2-sym-all": { transactions: 2, explore: true, symmetryImages: "all", spec: "specs/kvstore-symmetry/MCKVStoreSym.tla", config: "specs/kvstore-symmetry/KVStore-sym.cfg", lib: ["specs/kvstore"] },
  "2x2-sym": { transactions: 2, explore: true, spec: "specs/kvstore-symmetry/MCKVStoreSym.tla", config: "specs/kvstore-symmetry/KVStore-sym.cfg", lib: ["specs/kvstore"] },
};
const model = MODELS[opts.model];
if (model === undefined) fail(`unknown model ${opts.model}; known: ${Object.keys(MODELS).join(", ")}`);

const { generateSuite } = await import(path.join(root, "dist/src/generate/index.js"));
const { runVitest } = await import(path.join(root, "dist/src/cli/vitest.js"));
const { runPath } = await import(path.join(root, "dist/src/runtime/index.js"));
if (!["inprocess", "vitest"].includes(opts.runner)) fail(`unknown runner ${opts.runner}; known: inprocess, vitest`);
const { CRITERIA } = await import(path.join(root, "dist/src/cover/index.js"));
const catalog = JSON.parse(readFileSync(path.join(root, "examples/kvstore-memory/mutants/catalog.json"), "utf8"));

const VARIANTS = CRITERIA.flatMap((c) => [c, `${c}+neg`]);
const criteria = opts.criteria ? opts.criteria.split(",").map((s) => s.trim()) : VARIANTS;
for (const c of criteria) if (!VARIANTS.includes(c)) fail(`unknown suite ${c}; known: ${VARIANTS.join(", ")}`);
const only = (opts.only ?? []).flatMap((s) => s.split(",")).map((s) => s.trim()).filter(Boolean);
for (const name of only) if (!catalog.some((m) => m.name === name)) fail(`unknown mutant ${name}; known: ${catalog.map((m) => m.name).join(", ")}`);
const mutants = only.length > 0 ? catalog.filter((m) => only.includes(m.name)) : catalog;

let explored;
async function exploredGraph() {
  if (explored === undefined) {
    const { exploreSpec } = await import(path.join(root, "dist/src/explorer/index.js"));
    const outcome = await exploreSpec({ spec: path.join(root, model.spec), config: path.join(root, model.config), libraryPaths: (model.lib ?? []).map((d) => path.join(root, d)) });
    if (outcome.kind !== "success") fail(`exploring ${model.spec}: ${outcome.kind}`);
    explored = outcome.graph;
  }
  return explored;
}

function fail(message) {
  process.stderr.write(`mutants: ${message}\n`);
  process.exit(2);
}

const work = await mkdtemp(path.join(tmpdir(), "tlabridge-mutants-"));
try {
  await mkdir(path.join(work, "node_modules"));
  await symlink(root, path.join(work, "node_modules", "tlabridge"), "dir");
  const adapter = path.join(root, "examples/kvstore-memory/adapter.ts");
  const vitestArgs = [`--maxWorkers=${opts.workers}`];
  const env = (mutant) => ({ ...process.env, KVSTORE_BUGS: "", KVSTORE_MUTANT: mutant ?? "" });

  /** Runs a suite folder with the mutant: vitest, or every path in this process. */
  let inProcessAdapter;
  const runSuite = async (outDir, mutant) => {
    if (opts.runner === "vitest") return runVitest(outDir, env(mutant), vitestArgs);
    if (inProcessAdapter === undefined) {
      const { runnerImport } = await import("vite");
      inProcessAdapter = (await runnerImport(adapter, { configFile: false, logLevel: "silent" })).module.default;
    }
    const started = performance.now();
    Object.assign(process.env, env(mutant));
    let passed = 0;
    let failed = 0;
    const failures = [];
    // A mutant is killed by its first failing test; counting them all (--count-failures) takes longer.
    const stopAtFirst = mutant !== undefined && !opts["count-failures"];
    files: for (const file of readdirSync(outDir).filter((f) => /^suite-\d+\.json$/.test(f)).sort()) {
      const suite = JSON.parse(readFileSync(path.join(outDir, file), "utf8"));
      for (const p of suite.paths) {
        try {
          await runPath(inProcessAdapter, suite, p);
          passed++;
        } catch (e) {
          failed++;
          if (failures.length < 3) failures.push(String(e?.message ?? e));
          if (stopAtFirst) break files;
        }
      }
    }
    return { passed, failed, seconds: (performance.now() - started) / 1000, failures };
  };

  const suites = {};
  for (const criterion of criteria) {
    const outDir = path.join(work, criterion);
    const started = performance.now();
    const graph = model.explore ? await exploredGraph() : undefined;
    const r = await generateSuite({
      dump: path.join(root, model.dump ?? model.spec),
      graph,
      spec: path.join(root, model.spec),
      config: path.join(root, model.config),
      lib: (model.lib ?? []).map((d) => path.join(root, d)),
      adapter,
      outDir,
      criterion: criterion.replace(/\+neg$/, ""),
      negative: criterion.endsWith("+neg") ? undefined : false,
      symmetryImages: model.symmetryImages,
    });
    suites[criterion] = { outDir, tests: r.tests, generateSeconds: (performance.now() - started) / 1000, runSeconds: [] };
    const base = await runSuite(outDir, undefined);
    suites[criterion].baseline = { passed: base.passed, failed: base.failed, seconds: base.seconds };
    process.stderr.write(
      `${criterion}: ${r.tests} tests, generated in ${suites[criterion].generateSeconds.toFixed(2)} s; correct store: ${base.failed} failed, ${base.passed} passed (${base.seconds.toFixed(1)} s)\n`,
    );
  }

  const rows = [];
  for (const [i, m] of mutants.entries()) {
    // A bug that needs more transactions than the model has cannot show in any of its behaviours.
    const showable = !m.equivalent && (m.minTransactions ?? 1) <= model.transactions;
    const row = { name: m.name, kind: m.kind, equivalent: m.equivalent, showable, results: {} };
    for (const criterion of criteria) {
      const run = await runSuite(suites[criterion].outDir, m.name);
      suites[criterion].runSeconds.push(run.seconds);
      row.results[criterion] = { killed: run.failed > 0, failed: run.failed, passed: run.passed, seconds: run.seconds };
    }
    rows.push(row);
    const line = criteria.map((c) => `${c} ${row.results[c].killed ? (opts["count-failures"] || opts.runner === "vitest" ? `killed (${row.results[c].failed} failed)` : "killed") : "survived"}`).join(", ");
    process.stderr.write(`[${i + 1}/${mutants.length}] ${m.name}${m.equivalent ? " (equivalent)" : ""}: ${line}\n`);
  }

  const real = rows.filter((r) => !r.equivalent);
  const showable = rows.filter((r) => r.showable);
  const summary = {};
  for (const criterion of criteria) {
    const s = suites[criterion];
    const kills = real.filter((r) => r.results[criterion].killed).length;
    const secs = s.runSeconds;
    summary[criterion] = {
      tests: s.tests,
      generateSeconds: round(s.generateSeconds),
      runSecondsMean: round(secs.reduce((a, b) => a + b, 0) / Math.max(1, secs.length)),
      correctStoreFailed: s.baseline.failed,
      killed: kills,
      nonEquivalent: real.length,
      killedPercent: real.length > 0 ? round((100 * kills) / real.length, 1) : 0,
      showable: showable.length,
      showableKilled: showable.filter((r) => r.results[criterion].killed).length,
      showableKilledPercent: showable.length > 0 ? round((100 * showable.filter((r) => r.results[criterion].killed).length) / showable.length, 1) : 0,
      equivalentKilled: rows.filter((r) => r.equivalent && r.results[criterion].killed).map((r) => r.name),
    };
  }
  const falseAlarms = criteria.filter((c) => summary[c].equivalentKilled.length > 0 || summary[c].correctStoreFailed > 0);

  if (opts.json) {
    console.log(JSON.stringify({ model: opts.model, dump: model.dump ?? model.config, criteria, summary, mutants: rows }, null, 2));
  } else {
    console.log(`\nKill matrix: mutants of examples/kvstore-memory, suites generated from ${path.basename(model.dump ?? model.config)}`);
    console.table(
      Object.fromEntries(
        rows.map((r) => [
          r.name + (r.equivalent ? " (equiv.)" : ""),
          Object.fromEntries([["kind", r.kind], ...criteria.map((c) => [c, r.results[c].killed ? (opts["count-failures"] || opts.runner === "vitest" ? `killed ${r.results[c].failed}/${suites[c].tests}` : "killed") : "survived"])]),
        ]),
      ),
    );
    for (const c of criteria) {
      const s = summary[c];
      console.log(
        `${c.padEnd(21)} ${String(s.tests).padStart(5)} tests, generated in ${s.generateSeconds} s, ${s.runSecondsMean} s a run: ` +
          `kills ${s.killed} of ${s.nonEquivalent} non-equivalent mutants (${s.killedPercent}%; ${s.showableKilled} of the ${s.showable} that ${model.transactions} transactions can show, ${s.showableKilledPercent}%), ` +
          `equivalent killed ${s.equivalentKilled.length}`,
      );
    }
    for (const c of falseAlarms) {
      const s = summary[c];
      console.log(
        `\n!!! FALSE ALARM (${c}): ` +
          (s.correctStoreFailed > 0 ? `the correct store fails ${s.correctStoreFailed} tests. ` : "") +
          (s.equivalentKilled.length > 0 ? `equivalent mutants killed: ${s.equivalentKilled.join(", ")}` : ""),
      );
    }
  }
  process.exitCode = falseAlarms.length > 0 ? 1 : 0;
} finally {
  await rm(work, { recursive: true, force: true });
}

function round(x, digits = 2) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
