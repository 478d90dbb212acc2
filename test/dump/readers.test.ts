import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { readStateGraph } from "../../src/dump/index.js";
import { graphStats } from "../../src/graph/index.js";
import { equals, parseValue, printValue } from "../../src/values/index.js";
import { HAVE_FIXTURES, ROOT, TLC_FIXTURES, dotFile, manifest } from "../helpers/fixtures.js";

const tmp = mkdtempSync(path.join(tmpdir(), "tlabridge-readers-"));
function write(name: string, text: string | Buffer): string {
  const file = path.join(tmp, name);
  writeFileSync(file, text);
  return file;
}

const SMALL = `strict digraph DiskGraph {
node [shape=box,style=rounded]
nodesep=0.35;
subgraph cluster_graph {
color="white";
1 [label="/\\\\ x = 0\\n/\\\\ s = \\"a\\\\\\\\n/\\\\\\\\ b\\"",style = filled]
1 -> 2 [label="Go(1)",color="black",fontcolor="black"];
2 [label="/\\\\ x = 1\\n/\\\\ s = \\"b\\"",tooltip="/\\\\ x = 1\\n/\\\\ s = \\"b\\""];
1 -> 2 [label="Go(2)",color="black",fontcolor="black"];
1 -> 2 [label="Go(2)",color="black",fontcolor="black"];
2 -> 2 [label="Stay",color="black",fontcolor="black"];
{rank = same; 1;}
{rank = same; 2;}
}
}`;

describe("DOT reader", () => {
  it("keeps parallel transitions and self-loops, and reads action arguments", async () => {
    const { graph } = await readStateGraph(write("small.dot", SMALL));
    expect(graph.stateCount).toBe(2);
    expect(graph.transitionCount).toBe(4);
    expect([...graph.transitions()].map((t) => `${t.source}->${t.target} ${t.name}(${t.args.map(printValue).join(",")})`)).toEqual([
      "0->1 Go(1)",
      "0->1 Go(2)",
      "0->1 Go(2)",
      "1->1 Stay()",
    ]);
    expect(graph.transition(1).actionId).toBe(graph.transition(2).actionId);
    expect(graph.initialStates).toEqual([0]);
    expect(graph.state(0).fingerprint).toBe(1n);
  });

  it("does not split a state at an escaped backslash followed by n/\\ inside a string", async () => {
    const { graph } = await readStateGraph(write("small2.dot", SMALL));
    expect(graph.variables).toEqual(["x", "s"]);
    expect((graph.state(0).variables.s as { value: string }).value).toBe("a\\n/\\ b");
  });

  it("reads a gzipped file transparently, whatever its name", async () => {
    const plain = await readStateGraph(write("g.dot", SMALL));
    const zipped = await readStateGraph(write("g.data", gzipSync(SMALL)));
    expect(graphStats(zipped.graph)).toEqual(graphStats(plain.graph));
  });

  it("reads the bundled kvstore dump without ../shared", async () => {
    const { graph } = await readStateGraph(path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"));
    expect(graphStats(graph).states).toBe(266);
    const s0 = graph.state(graph.initialStates[0]!);
    expect(printValue(s0.variables.status!)).toBe('(t1 :> "idle" @@ t2 :> "idle")');
  });

  it.skipIf(!HAVE_FIXTURES)("reads every state's variables: rich.dot's first state", async () => {
    const { graph } = await readStateGraph(path.join(TLC_FIXTURES, "rich.dot"));
    const s = graph.state(0).variables;
    expect(equals(s.nested!, parseValue('[log |-> <<>>, map |-> (1 :> {} @@ 3 :> {NULL}), arr |-> <<10, 20>>, sdom |-> [x |-> "x", y |-> "y"], iv |-> 1..3, sor |-> {[a |-> 1], [a |-> 2]}]'))).toBe(true);
    expect(printValue(s.msg!)).toBe('"say \\"hi\\"\\\\n"');
  });

  it.skipIf(!HAVE_FIXTURES)("marks states cut off by a CONSTRAINT and keeps their edges", async () => {
    const { graph } = await readStateGraph(path.join(TLC_FIXTURES, "rich-constrained.dot"));
    const outside = [...graph.states()].filter((s) => s.outsideConstraint);
    expect(outside.length).toBe(8);
    expect(outside.every((s) => !s.initial)).toBe(true);
  });

  it.skipIf(!HAVE_FIXTURES)("skips dashed stuttering edges", async () => {
    const { graph } = await readStateGraph(path.join(TLC_FIXTURES, "rich-live.dot"));
    expect(graph.transitionCount).toBe(12);
  });

  it.skipIf(!HAVE_FIXTURES)("warns once that a model with an ALIAS labels states with the alias", async () => {
    const warnings: string[] = [];
    const { graph } = await readStateGraph(path.join(TLC_FIXTURES, "counter-alias.dot"), { onWarning: (w) => warnings.push(w) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ALIAS/);
    expect(graph.variables).toEqual(["x", "twice", "pcs"]);
  });

  it.skipIf(!HAVE_FIXTURES)("reads the colorize legend as layout, not states", async () => {
    const { graph } = await readStateGraph(path.join(TLC_FIXTURES, "clock-colorized.dot"));
    expect(graph.stateCount).toBe(8);
    expect(graph.initialStates).toHaveLength(8);
  });
});

describe.skipIf(!HAVE_FIXTURES)("plain dump reader", () => {
  for (const c of manifest().filter((m) => !m.case.includes("3x3"))) {
    it(`${c.case}.dump has TLC's distinct states, equal to the DOT's`, async () => {
      const plain = await readStateGraph(path.join(TLC_FIXTURES, `${c.case}.dump`));
      expect(plain.format).toBe("plain");
      expect(plain.graph.stateCount).toBe(c.tlcDistinctStates);
      if (c.case.includes("alias") || c.case.includes("symmetry") || c.case.includes("constrained") || c.case.includes("view")) return;
      const dot = await readStateGraph(dotFile(c.case));
      const key = (g: typeof dot.graph, id: number): string =>
        g.variables.map((v) => `${v}=${printValue(g.valueOf(id, v))}`).sort().join(";");
      const dotStates = new Set([...Array(dot.graph.stateCount).keys()].map((i) => key(dot.graph, i)));
      for (let i = 0; i < plain.graph.stateCount; i++) expect(dotStates.has(key(plain.graph, i))).toBe(true);
    });
  }
});

describe.skipIf(!HAVE_FIXTURES)("-dumpTrace json reader", () => {
  it("reads the trace as a path with named arguments", async () => {
    const { graph, format } = await readStateGraph(path.join(TLC_FIXTURES, "rich-violation.trace.json"));
    expect(format).toBe("trace-json");
    expect(graph.stateCount).toBe(4);
    expect([...graph.transitions()].map((t) => `${t.name}(${t.argNames?.join(",")}=${t.args.map(printValue).join(",")})`)).toEqual([
      'Acquire(p="p1")',
      'Release(p="p1")',
      'Acquire(p="p1")',
    ]);
    expect(graph.variables).toEqual(JSON.parse(readFileSync(path.join(TLC_FIXTURES, "rich-violation.trace.json"), "utf8")).vars);
  });
});
