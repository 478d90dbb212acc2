// What the default suite catches: generated for kvstore-2x2 with every
// default (transition-pairs, the adapter's negative steps), run in process
// against each mutant of the corpus. It must kill at least 90% of the
// mutants two transactions can show and no equivalent one, and so must the
// suite of the SYMMETRY-reduced model (mapped back to concrete behaviours).
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import adapter from "../../examples/kvstore-memory/adapter.js";
import { MUTANT_INFO } from "../../examples/kvstore-memory/mutants/index.js";
import { exploreSpec } from "../../src/explorer/index.js";
import { generateSuite, SUITE_MARKER } from "../../src/generate/index.js";
import { loadSuiteFile, runPath, type SuiteFile } from "../../src/runtime/index.js";
import { ROOT } from "../helpers/fixtures.js";
import { workspace } from "../helpers/workspace.js";

const ADAPTER = path.join(ROOT, "examples/kvstore-memory/adapter.ts");
const dir = workspace("default-suite");

function load(out: string): SuiteFile[] {
  return readdirSync(out)
    .filter((f) => f.endsWith(".json") && f !== SUITE_MARKER)
    .sort()
    .map((f) => loadSuiteFile(path.join(out, f)));
}

/** Whether some path of the suite fails against the store with the mutant ("" for the correct store). */
async function kills(files: readonly SuiteFile[], mutant: string): Promise<boolean> {
  const saved = process.env.KVSTORE_MUTANT;
  process.env.KVSTORE_MUTANT = mutant; // the adapter's setup reads it
  try {
    for (const file of files)
      for (const p of file.paths) {
        try {
          await runPath(adapter, file, p);
        } catch {
          return true;
        }
      }
    return false;
  } finally {
    if (saved === undefined) delete process.env.KVSTORE_MUTANT;
    else process.env.KVSTORE_MUTANT = saved;
  }
}

async function killed(files: readonly SuiteFile[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const m of MUTANT_INFO) if (await kills(files, m.name)) out.add(m.name);
  return out;
}

describe("the default kvstore-2x2 suite against the mutant corpus", () => {
  it("kills at least 90% of the mutants 2 transactions can show and no equivalent one, and so does the SYMMETRY suite", async () => {
    const unreducedOut = path.join(dir, "unreduced");
    const generated = await generateSuite({ dump: path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"), spec: path.join(ROOT, "specs/kvstore/KVStore.tla"), adapter: ADAPTER, outDir: unreducedOut });
    expect(generated.cover.criterion).toBe("transition-pairs");
    expect(generated.refusals).toBeGreaterThan(0);
    const unreduced = load(unreducedOut);
    expect(await kills(unreduced, "")).toBe(false);
    const byUnreduced = await killed(unreduced);

    const showable = MUTANT_INFO.filter((m) => !m.equivalent && (m.minTransactions ?? 2) <= 2);
    const caught = showable.filter((m) => byUnreduced.has(m.name));
    expect(caught.length / showable.length).toBeGreaterThanOrEqual(0.9);
    expect(MUTANT_INFO.filter((m) => m.equivalent && byUnreduced.has(m.name)).map((m) => m.name)).toEqual([]);

    const spec = path.join(ROOT, "specs/kvstore-symmetry/MCKVStoreSym.tla");
    const config = path.join(ROOT, "specs/kvstore-symmetry/KVStore-sym.cfg");
    const lib = [path.join(ROOT, "specs/kvstore")];
    const explored = await exploreSpec({ spec, config, libraryPaths: lib });
    if (explored.kind !== "success") throw new Error(explored.kind);
    const reducedOut = path.join(dir, "reduced");
    const reducedSuite = await generateSuite({ dump: spec, graph: explored.graph, spec, config, lib, adapter: ADAPTER, outDir: reducedOut });
    expect(reducedSuite.symmetry).toBe(true);
    expect(reducedSuite.tests).toBeLessThan(generated.tests);
    const reduced = load(reducedOut);
    expect(await kills(reduced, "")).toBe(false);
    const byReduced = await killed(reduced);
    expect(showable.filter((m) => byReduced.has(m.name)).length / showable.length).toBeGreaterThanOrEqual(0.9);
    expect(MUTANT_INFO.filter((m) => m.equivalent && byReduced.has(m.name)).map((m) => m.name)).toEqual([]);
  }, 120_000);
});
