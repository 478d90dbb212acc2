import { Option, type Command } from "commander";
import { lstat, mkdir, symlink } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { EXIT, TlabridgeError } from "../errors.js";
import { generateSuite } from "../generate/index.js";
import { formatTransaction, observeHistories, permissiveness, type Permissiveness } from "../isolation/index.js";
import type { Cluster } from "../postgres/index.js";
import { count, type CliIO } from "./io.js";
import { exploreModel } from "./model.js";
import { runVitest } from "./vitest.js";
import { describeKind, makeOutputFolder, outputError } from "../util/output.js";
import { temporaryDirectory } from "../util/temporary.js";

// The package's folder, from dist/src/cli (built) or src/cli (tests run the sources).
const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, path.basename(path.resolve(HERE, "../..")) === "dist" ? "../../.." : "../..");

/** `tlabridge demo`: the whole pipeline on the bundled KVStore example. */
export function demoCommand(program: Command, io: CliIO): void {
  program
    .command("demo")
    .description("run the whole pipeline on the bundled KVStore example: explore the spec, cover its graph, generate suites, run them against the in-memory store, measure its permissiveness")
    .option("--keep <dir>", "keep the generated suites in this folder instead of a temporary one")
    .addOption(new Option("--system <system>", "the system under test: the in-memory store, or PostgreSQL (a throwaway server, started and removed)").choices(["memory", "postgres"]).default("memory"))
    .action(async (options: { keep?: string; system: "memory" | "postgres" }) => {
      const spec = path.join(ROOT, "specs/kvstore/KVStore.tla");
      const postgres = options.system === "postgres";
      const adapter = path.join(ROOT, postgres ? "examples/kvstore-postgres/adapter.ts" : "examples/kvstore-memory/adapter.ts");
      const temporary = options.keep ? undefined : await temporaryDirectory("tlabridge-demo-");
      const work = temporary?.path ?? (await keptFolder(options.keep!));
      let allPassed = true;
      let cluster: Cluster | undefined;
      try {
        let env: NodeJS.ProcessEnv = process.env;
        // Loaded only for PostgreSQL: the pg client is not needed otherwise.
        const pgSystem = postgres ? await import("../postgres/index.js") : undefined;
        if (pgSystem) {
          const { startCluster, clusterEnv } = pgSystem;
          const starting = performance.now();
          cluster = startCluster();
          // The adapter is loaded here (generate checks it) and in vitest's workers: both find the server in the environment.
          Object.assign(process.env, clusterEnv(cluster));
          env = { ...process.env };
          io.stdout(`PostgreSQL: a throwaway server on ${cluster.host} (Unix socket only), started in ${((performance.now() - starting) / 1000).toFixed(2)} s\n`);
        }
        // The suites import "tlabridge/runtime": make this package resolvable from the work folder.
        await linkPackage(work);
        const exploring = performance.now();
        const explored = await exploreModel(spec, { engine: "explorer" }, io);
        io.stdout(
          `KVStore (2 transactions x 2 keys), ${path.relative(process.cwd(), spec) || spec}: explored by the embedded explorer in ` +
            `${((performance.now() - exploring) / 1000).toFixed(2)} s: ${count(explored.distinctStates)} states, ${count(explored.graph.transitionCount)} transitions\n`,
        );
        for (const criterion of ["transition-pairs", "transitions", "states"] as const) {
          const started = performance.now();
          const outDir = path.join(work, `suite-${criterion}`);
          const result = await generateSuite({ dump: spec, graph: explored.graph, adapter, outDir, criterion, onWarning: (w) => io.stderr(`warning: ${w}\n`) });
          const generated = (performance.now() - started) / 1000;
          const run = await runVitest(outDir, env);
          allPassed &&= run.failed === 0 && run.passed === result.tests;
          io.stdout(
            `  ${criterion.padEnd(16)} cover: ${count(result.tests)} paths (lower bound ${count(result.cover.lowerBound)})${criterion === "transition-pairs" ? " (the default)" : ""}, ` +
              `${count(result.steps)} steps, ${result.refusals > 0 ? `${count(result.refusals)} negative steps, ` : ""}${count(result.cover.covered)}/${count(result.cover.total)} ${criterion}; ` +
              `generated in ${generated.toFixed(2)} s; vitest: ${count(run.passed)} passed, ${count(run.failed)} failed in ${run.seconds.toFixed(1)} s\n`,
          );
          for (const f of run.failures) io.stdout(`    ${f.split("\n").slice(0, 3).join("\n    ")}\n`);
        }
        // The third job on the same graph: what the protocol allows, against the isolation levels.
        const started = performance.now();
        const observed = observeHistories(explored.graph, { maxOps: 2 });
        const [rc, ra, si, ser] = (["RC", "RA", "SI", "SER"] as const).map((l) => permissiveness(observed, l, 2));
        const share = (p: Permissiveness): string => `${(100 * p.ratio).toFixed(1)}% of ${p.level}`;
        io.stdout(
          `  isolation: ${count(observed.histories.size)} distinct histories (at most 2 operations per transaction) in ${((performance.now() - started) / 1000).toFixed(2)} s; ` +
            `${si!.violations.length === 0 ? "sound for SI" : `${si!.violations.length} SI violations`}; produces ${[rc!, ra!, si!].map(share).join(", ")}; ` +
            `not serializable: ${ser!.violations.length} histories with ${[...new Set(ser!.violations.map((v) => v.anomaly.name))].join(", ")}, e.g.\n` +
            (ser!.violations[0]?.anomaly.witness.transactions.map((t) => `    ${formatTransaction(t)}\n`).join("") ?? ""),
        );
        if (si!.violations.length > 0) allPassed = false;
        if (cluster && pgSystem) {
          const { recordAndCheck, formatRecorded, postgresPermissiveness, formatPostgresPermissiveness } = pgSystem;
          // What PostgreSQL itself allows: histories of concurrent clients checked, and every 2 x 2 x 2 schedule driven through it.
          const recorded = await recordAndCheck(cluster);
          for (const line of formatRecorded(recorded)) io.stdout(`  ${line}\n`);
          const measured = await postgresPermissiveness(cluster, { sequentialSerializable: true });
          for (const line of formatPostgresPermissiveness(measured)) io.stdout(`  ${line}\n`);
        }
        const system = postgres ? "PostgreSQL at REPEATABLE READ" : "the in-memory store";
        io.stdout(allPassed ? `every test passed: ${system} conforms to the spec\n` : "some tests failed: see above\n");
        if (options.keep) io.stdout(`suites kept in ${work}\n`);
      } finally {
        cluster?.stop();
        await temporary?.remove();
      }
      if (!allPassed) throw new TlabridgeError("DEMO_FAILED", "The demo's suites did not all pass.", EXIT.failed);
    });
}

/** The --keep folder: made if missing; anything but a folder there is refused (exit 2). */
async function keptFolder(keep: string): Promise<string> {
  const work = path.resolve(keep);
  const stats = await lstat(work).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT") return undefined;
    throw outputError(keep, e);
  });
  if (stats && !stats.isDirectory()) {
    throw new TlabridgeError("DEMO_KEEP_NOT_A_FOLDER", `${keep} is ${describeKind(stats)}, not a folder: --keep names a folder to keep the suites in (new or existing).`, EXIT.badInput);
  }
  if (!stats) await makeOutputFolder(work);
  return work;
}

/** Makes "tlabridge" resolvable from the work folder (the suites import "tlabridge/runtime"). */
async function linkPackage(work: string): Promise<void> {
  const modules = path.join(work, "node_modules");
  try {
    await mkdir(modules).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "EEXIST") throw e;
    });
    await symlink(ROOT, path.join(modules, "tlabridge"), "dir").catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "EEXIST") throw e;
    });
  } catch (e) {
    throw outputError(modules, e);
  }
}
