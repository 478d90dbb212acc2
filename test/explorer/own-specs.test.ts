import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readStateGraph } from "../../src/dump/index.js";
import { exploreSpec } from "../../src/explorer/index.js";
import { ValueTable } from "../../src/values/index.js";
import { ROOT } from "../helpers/fixtures.js";
import { graphShape } from "../helpers/graph-shape.js";

// Counts and DOT graphs TLC wrote for these specs (a jar built locally from
// TLC's public sources, `-workers 1 -fp 0 -dump dot,actionlabels`).
const FIXTURES = path.join(ROOT, "test/fixtures/explorer");
const expected = JSON.parse(readFileSync(path.join(FIXTURES, "tlc-counts.json"), "utf8")) as {
  spec: string;
  distinctStates: number;
  statesGenerated: number;
  transitions: number;
  depth: number;
}[];

describe("the explorer agrees with TLC on the project's own specs", () => {
  for (const c of expected) {
    it(`${c.spec}: TLC's counts, states and transitions`, async () => {
      const outcome = await exploreSpec({ spec: path.join(ROOT, "specs/explorer", `${c.spec}.tla`) });
      expect(outcome.kind).toBe("success");
      if (outcome.kind !== "success") return;
      expect({ distinctStates: outcome.distinctStates, statesGenerated: outcome.statesGenerated, transitions: outcome.graph.transitionCount, depth: outcome.depth }).toEqual({
        distinctStates: c.distinctStates,
        statesGenerated: c.statesGenerated,
        transitions: c.transitions,
        depth: c.depth,
      });
      const table = new ValueTable();
      const { graph: tlc } = await readStateGraph(path.join(FIXTURES, `${c.spec}.dot`));
      expect(graphShape(outcome.graph, table, true)).toEqual(graphShape(tlc, table, true));
    });
  }

  it("Stuck: the deadlock TLC reports, with its 3-state trace", async () => {
    const outcome = await exploreSpec({ spec: path.join(ROOT, "specs/explorer/Stuck.tla") });
    expect(outcome.kind).toBe("violation");
    if (outcome.kind !== "violation") return;
    expect(outcome.problem).toBe("deadlock");
    expect(outcome.trace.map((s) => s.state)).toEqual(["x = 0", "x = 1", "x = 2"]);
  });
});

describe("the explorer on the project's KVStore configs (TLC's counts from the fixtures' manifest)", () => {
  const cases = [
    { config: "KVStore.cfg", distinct: 266, generated: 667, depth: 9 },
    { config: "KVStore-3x2.cfg", distinct: 9130, generated: 28039, depth: 13 },
    { config: "KVStore-3x3.cfg", distinct: 77838, generated: 303019, depth: 16 },
  ];
  for (const c of cases) {
    it(`specs/kvstore/${c.config}`, async () => {
      const outcome = await exploreSpec({ spec: path.join(ROOT, "specs/kvstore/KVStore.tla"), config: path.join(ROOT, "specs/kvstore", c.config) });
      expect(outcome.kind === "success" && [outcome.distinctStates, outcome.statesGenerated, outcome.depth]).toEqual([c.distinct, c.generated, c.depth]);
    }, 120_000);
  }
});
