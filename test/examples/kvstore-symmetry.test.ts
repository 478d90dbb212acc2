// KVStore with SYMMETRY, end to end: the reduced graph's cover, mapped back to
// concrete behaviours, makes a suite that passes against the correct store and
// kills every mutant the unreduced suite kills; the quotient's paths taken
// literally would fail the correct store.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import adapter from "../../examples/kvstore-memory/adapter.js";
import { MUTANT_INFO } from "../../examples/kvstore-memory/mutants/index.js";
import { runVitest } from "../../src/cli/vitest.js";
import { coverGraph, type Cover } from "../../src/cover/index.js";
import { readStateGraph } from "../../src/dump/index.js";
import { exploreSpec } from "../../src/explorer/index.js";
import { concreteBehavioursOf } from "../../src/generate/concrete.js";
import { configConstants, operatorParameters } from "../../src/generate/spec-info.js";
import { writeSuite, SUITE_MARKER } from "../../src/generate/suite.js";
import type { StateGraph } from "../../src/graph/index.js";
import { loadSuiteFile, runPath, type SuiteFile } from "../../src/runtime/index.js";
import { ROOT } from "../helpers/fixtures.js";
import { workspace } from "../helpers/workspace.js";

const SPEC = path.join(ROOT, "specs/kvstore-symmetry/MCKVStoreSym.tla");
const CONFIG = path.join(ROOT, "specs/kvstore-symmetry/KVStore-sym.cfg");
/** MCKVStoreSym EXTENDS KVStore, which is in its own folder. */
const LIB = [path.join(ROOT, "specs/kvstore")];
const ADAPTER = path.join(ROOT, "examples/kvstore-memory/adapter.ts");

/** Writes a suite for a graph and cover into `dir/name` and loads its data files. */
async function suite(dir: string, name: string, graph: StateGraph, cover: Cover): Promise<{ out: string; files: SuiteFile[]; tests: number }> {
  const out = path.join(dir, name);
  const summary = await writeSuite({
    graph,
    cover,
    adapter: ADAPTER,
    outDir: out,
    source: `${name}.dot`,
    parameters: operatorParameters(await readFile(path.join(ROOT, "specs/kvstore/KVStore.tla"), "utf8")),
    constants: configConstants(await readFile(CONFIG, "utf8"), CONFIG),
  });
  const data = (await readdir(out)).filter((f) => f.endsWith(".json") && f !== SUITE_MARKER).sort();
  return { out, files: data.map((f) => loadSuiteFile(path.join(out, f))), tests: summary.tests };
}

/** Runs every path of a suite in-process against the store (with the mutant named, "" for none); the number of failing tests. */
async function failures(files: readonly SuiteFile[], mutant: string): Promise<number> {
  process.env.KVSTORE_MUTANT = mutant; // the adapter's setup reads it
  let failed = 0;
  for (const file of files) {
    for (const p of file.paths) {
      try {
        await runPath(adapter, file, p);
      } catch {
        failed++;
      }
    }
  }
  return failed;
}

describe("KVStore with SYMMETRY TxnPerms against the in-memory store", () => {
  const saved = { mutant: process.env.KVSTORE_MUTANT, bugs: process.env.KVSTORE_BUGS };
  const dir = workspace("symmetry");
  let quotient: StateGraph;
  let reduced: Awaited<ReturnType<typeof suite>>;
  let naive: Awaited<ReturnType<typeof suite>>;
  let full: Awaited<ReturnType<typeof suite>>;
  beforeAll(async () => {
    process.env.KVSTORE_BUGS = "";
    const explored = await exploreSpec({ spec: SPEC, config: CONFIG, libraryPaths: LIB });
    if (explored.kind !== "success") throw new Error(`the explorer stopped: ${explored.kind}`);
    quotient = explored.graph;
    const cover = coverGraph(quotient, { criterion: "transitions" });
    const concrete = await concreteBehavioursOf(quotient, cover, { spec: SPEC, config: CONFIG, libraryPaths: LIB });
    reduced = await suite(dir, "symmetry", concrete.graph, concrete.cover);
    naive = await suite(dir, "quotient", quotient, cover);
    const unreduced = (await readStateGraph(path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"))).graph;
    full = await suite(dir, "full", unreduced, coverGraph(unreduced, { criterion: "transitions" }));
    unreducedStates = unreduced.stateCount;
  });
  afterAll(() => {
    for (const [name, value] of [["KVSTORE_MUTANT", saved.mutant], ["KVSTORE_BUGS", saved.bugs]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  let unreducedStates = 0;
  it("the quotient has about half the states of the unreduced graph, and its suite about half the tests", () => {
    expect([quotient.stateCount, quotient.transitionCount]).toEqual([138, 354]);
    expect(unreducedStates).toBe(266);
    expect(reduced.tests).toBe(naive.tests);
    expect(reduced.tests).toBeLessThan(full.tests);
  });

  it("passes against the correct store, where the quotient's paths taken literally fail", async () => {
    expect(await failures(reduced.files, "")).toBe(0);
    expect(await failures(full.files, "")).toBe(0);
    const broken = await failures(naive.files, "");
    expect(broken).toBeGreaterThan(0);
    console.log(`quotient ${quotient.stateCount} states, ${quotient.transitionCount} transitions; ${reduced.tests} tests (unreduced ${full.tests}); the literal quotient suite fails ${broken} of ${naive.tests}`);
  });

  it("passes under vitest too", async () => {
    const run = await runVitest(reduced.out, { ...process.env, KVSTORE_BUGS: "", KVSTORE_MUTANT: "" }, ["--maxWorkers=1"]);
    expect(run.failures).toEqual([]);
    expect(run.passed).toBe(reduced.tests);
  });

  it("kills every mutant the unreduced suite kills, and no equivalent one", async () => {
    const killedBy = async (files: readonly SuiteFile[]) => {
      const killed: string[] = [];
      for (const m of MUTANT_INFO) if ((await failures(files, m.name)) > 0) killed.push(m.name);
      return killed;
    };
    const byFull = await killedBy(full.files);
    const byReduced = await killedBy(reduced.files);
    console.log(`mutants killed: SYMMETRY suite ${byReduced.length}, unreduced suite ${byFull.length}, of ${MUTANT_INFO.length}; only unreduced: ${byFull.filter((m) => !byReduced.includes(m)).join(", ") || "none"}; only SYMMETRY: ${byReduced.filter((m) => !byFull.includes(m)).join(", ") || "none"}`);
    expect(byFull.filter((m) => !byReduced.includes(m))).toEqual([]);
    const equivalent = MUTANT_INFO.filter((m) => m.equivalent).map((m) => m.name);
    expect(byReduced.filter((m) => equivalent.includes(m))).toEqual([]);
    expect(byReduced.length).toBeGreaterThan(0);
  });
});
