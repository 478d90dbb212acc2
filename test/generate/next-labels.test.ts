import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readStateGraph } from "../../src/dump/index.js";
import { nextRelationName, unsplitNextError } from "../../src/generate/next-labels.js";
import { ROOT, cli } from "../helpers/fixtures.js";
import { put, workspace } from "../helpers/workspace.js";

// Transitions TLC labels with the next-state relation (Next wraps the real actions): generate says so and names the fix.
const FIXTURES = path.join(ROOT, "test/fixtures/next-labels");
const dir = workspace("next-labels");
const adapter = (actions: string[]): string =>
  put(
    dir,
    `adapter-${actions.join("-")}.ts`,
    `import { defineAdapter } from "tlabridge/runtime";\nexport default defineAdapter({ setup: () => ({}), actions: { ${actions.map((a) => `${a}: () => {}`).join(", ")} } });\n`,
  );

describe("transitions labelled Next", () => {
  it("TLC's dump of a Next that quantifies over a variable (6 of 10 steps labelled Next): refused, naming the cause and the spec change", async () => {
    const run = await cli("generate", path.join(FIXTURES, "Wrapped.dot"), "--adapter", adapter(["Next", "Reset"]), "--out", path.join(dir, "wrapped"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^6 of the 10 transitions of \S*Wrapped\.dot are labelled Next, the next-state relation itself, so a suite would have one Next handler that cannot tell the steps apart: /);
    expect(run.stderr).toMatch(/an \\E over a set that depends on a variable \(\\E t \\in tx : \.\.\.\) with Next; write Next as a disjunction of action operators at the top level, quantified over constants/);
    expect(run.stderr).toMatch(/\[GENERATE_UNSPLIT_NEXT\]\n$/);
    expect(existsSync(path.join(dir, "wrapped", "suite-01.json"))).toBe(false);
  });

  it("every step labelled Next (as KeyValueStore's 25,280): 'all N transitions'", async () => {
    const dot = [
      "strict digraph DiskGraph {",
      "subgraph cluster_graph {",
      '1 [label="x = 0",style = filled]',
      '1 -> 2 [label="Next",color="black",fontcolor="black"];',
      '1 -> 3 [label="Next",color="black",fontcolor="black"];',
      '2 [label="x = 1"];',
      '3 [label="x = 2"];',
      "}",
      "}",
    ].join("\n");
    const file = put(dir, "all/all-next.dot", dot);
    const { graph } = await readStateGraph(file);
    expect(unsplitNextError(graph, "Next", file)?.message).toMatch(/^all 2 transitions of \S+all-next\.dot are labelled Next, the next-state relation itself/);
  });

  it("a Next that is one deterministic action is a fine handler: no refusal, the suite is generated", async () => {
    const dump = path.join(FIXTURES, "Tick.dot");
    const { graph } = await readStateGraph(dump);
    expect(unsplitNextError(graph, "Next", dump)).toBeUndefined();
    const run = await cli("generate", dump, "--adapter", adapter(["Next"]), "--out", path.join(dir, "tick"), "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ tests: 1, steps: 3 });
  });

  it("the relation's name comes from NEXT, else SPECIFICATION's [][N]_v, else Next", () => {
    expect(nextRelationName({ next: "Step" }, undefined)).toBe("Step");
    const spec = "---- MODULE M ----\nVARIABLE x\nInit == x = 0\nStep == x' = 1 - x\nSpec == Init /\\ [][Step]_x\nOther == 1\n====\n";
    expect(nextRelationName({ specification: "Spec" }, spec)).toBe("Step");
    expect(nextRelationName({ specification: "Missing" }, spec)).toBe("Next");
    expect(nextRelationName(undefined, undefined)).toBe("Next");
  });

  it.skipIf(!process.env.TLA2TOOLS_JAR)("generate on the spec with TLC refuses it too (runs when TLA2TOOLS_JAR names a jar; skipped here otherwise)", async () => {
    const run = await cli("generate", path.join(FIXTURES, "Wrapped.tla"), "--engine", "tlc", "--adapter", adapter(["Next", "Reset"]), "--out", path.join(dir, "wrapped-tlc"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/6 of the 10 transitions of \S*Wrapped\.tla are labelled Next.*\[GENERATE_UNSPLIT_NEXT\]/);
  }, 60_000);
});
