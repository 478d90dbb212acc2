import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readStateGraph } from "../../src/dump/index.js";
import { exploreSpec } from "../../src/explorer/index.js";
import { ValueTable } from "../../src/values/index.js";
import { HAVE_FIXTURES, ROOT, TLC_FIXTURES, cli, dotFile, manifest } from "../helpers/fixtures.js";
import { graphShape } from "../helpers/graph-shape.js";

const SUPPORTED = ["kvstore-2x2", "kvstore-3x2", "counter", "counter-view", "clock", "clock-colorized", "clock-nolabels", "rich", "rich-live", "rich-constrained", "rich-symmetry", "lazy"];

describe.skipIf(!HAVE_FIXTURES)("the embedded explorer agrees with TLC", () => {
  for (const c of manifest().filter((m) => SUPPORTED.includes(m.case))) {
    it(`${c.case}: TLC's counts, and the same states and transitions as TLC's graph`, async () => {
      const outcome = await exploreSpec({
        spec: path.join(TLC_FIXTURES, "specs", c.spec),
        config: path.join(TLC_FIXTURES, "specs", c.config),
        keepConstrained: c.dumpOptions.includes("constrained"),
      });
      expect(outcome.kind).toBe("success");
      if (outcome.kind !== "success") return;
      expect({ distinct: outcome.distinctStates, generated: outcome.statesGenerated, depth: outcome.depth }).toEqual({
        distinct: c.tlcDistinctStates,
        generated: c.tlcStatesGenerated,
        depth: c.tlcDepth,
      });
      const { graph: tlc } = await readStateGraph(dotFile(c.case));
      const table = new ValueTable();
      const labelled = c.dumpOptions.includes("actionlabels");
      const ours = graphShape(outcome.graph, table, labelled);
      const theirs = graphShape(tlc, table, labelled);
      expect(ours.states).toEqual(theirs.states);
      expect(ours.transitions).toEqual(theirs.transitions);
      expect(outcome.graph.initialStates.length).toBe(c.dot.initialStates);
    });
  }

  it("counter-alias (an ALIAS): TLC's counts, and the raw states TLC's plain dump lists", async () => {
    const c = manifest().find((m) => m.case === "counter-alias")!;
    const outcome = await exploreSpec({ spec: path.join(TLC_FIXTURES, "specs", c.spec), config: path.join(TLC_FIXTURES, "specs", c.config) });
    expect(outcome.kind).toBe("success");
    if (outcome.kind !== "success") return;
    expect([outcome.distinctStates, outcome.statesGenerated, outcome.graph.transitionCount]).toEqual([c.tlcDistinctStates, c.tlcStatesGenerated, c.dot.transitions]);
    const table = new ValueTable();
    const { graph: dump } = await readStateGraph(path.join(TLC_FIXTURES, "counter-alias.dump"));
    expect(graphShape(outcome.graph, table, true).states).toEqual(graphShape(dump, table, true).states);
  });

  it("explore --engine explorer --json reports TLC's distinct states, and its DOT reads back as the same graph", async () => {
    const dump = path.join(ROOT, "test-explorer-kv.dot");
    const run = await cli("explore", path.join(ROOT, "specs/kvstore/KVStore.tla"), "--engine", "explorer", "--json", "--dump", dump);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ engine: "explorer", distinctStates: 266, statesGenerated: 667, transitions: 666, depth: 9 });
    const table = new ValueTable();
    const { graph } = await readStateGraph(dump);
    const { graph: tlc } = await readStateGraph(path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"));
    expect(graphShape(graph, table, true)).toEqual(graphShape(tlc, table, true));
    await import("node:fs/promises").then((fs) => fs.rm(dump));
  });

  it("reports an invariant violation with its trace (exit 1)", async () => {
    const run = await cli("explore", path.join(TLC_FIXTURES, "specs/Rich.tla"), "--config", path.join(TLC_FIXTURES, "specs/Rich-Violate.cfg"), "--engine", "explorer");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^explorer: Invariant NotThree is violated\.\nError trace \(4 states\):\n  1: Initial predicate\n/);
    expect(run.stdout).toMatch(/\n  2: Acquire\(p1\)\n/);
  });

  it("refuses what it does not support, naming it and where, and suggests --engine tlc", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tlabridge-explorer-"));
    writeFileSync(path.join(dir, "Nav.tla"), "---- MODULE Nav ----\nVARIABLE x\nInit == x = 0\nNext == x' = CHOOSE v : v > x\n====\n");
    writeFileSync(path.join(dir, "Nav.cfg"), "INIT Init\nNEXT Next\n");
    const run = await cli("explore", path.join(dir, "Nav.tla"), "--engine", "explorer");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^Nav\.tla:4:9: unbounded CHOOSE is not supported .*\(use --engine tlc/);
  });

  it("with --engine auto and no TLC, reports the unsupported construct", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tlabridge-explorer-"));
    writeFileSync(path.join(dir, "Nav.tla"), "---- MODULE Nav ----\nVARIABLE x\nInit == x = 0\nNext == x' = CHOOSE v : v > x\n====\n");
    writeFileSync(path.join(dir, "Nav.cfg"), "INIT Init\nNEXT Next\n");
    const run = await cli("explore", path.join(dir, "Nav.tla"), "--tlc-jar", path.join(dir, "none.jar"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unbounded CHOOSE is not supported/);
  });
});
