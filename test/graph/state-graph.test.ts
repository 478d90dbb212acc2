import fc from "fast-check";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readStateGraph } from "../../src/dump/index.js";
import { StateGraphBuilder, graphStats, stronglyConnectedComponents, toGraphology, type StateGraph } from "../../src/graph/index.js";
import { int, printValue } from "../../src/values/index.js";
import { ROOT } from "../helpers/fixtures.js";

/** A graph with states 0..n-1 (variable x = id) and the given edges. */
function build(n: number, edges: readonly (readonly [number, number])[], initial: readonly number[] = [0]): StateGraph {
  const b = new StateGraphBuilder();
  b.setVariables(["x"]);
  for (let i = 0; i < n; i++) b.defineState(b.newState(), { values: [b.valueId(int(i))], initial: initial.includes(i) });
  const act = b.actionId("A", []);
  for (const [s, t] of edges) b.addTransition(s, t, act);
  return b.build();
}

const graphArb = fc.integer({ min: 1, max: 9 }).chain((n) =>
  fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 25 })),
);

function reachable(n: number, edges: readonly (readonly [number, number])[]): boolean[][] {
  const r = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => i === j));
  for (const [s, t] of edges) r[s]![t] = true;
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (r[i]![k] && r[k]![j]) r[i]![j] = true;
  return r;
}

describe("strongly connected components", () => {
  it("property: same component exactly when mutually reachable; numbering is reverse topological", () => {
    fc.assert(
      fc.property(graphArb, ([n, edges]) => {
        const g = build(n, edges);
        const { componentOf, count } = stronglyConnectedComponents(g.core);
        const r = reachable(n, edges);
        for (let i = 0; i < n; i++) {
          for (let j = 0; j < n; j++) expect(componentOf[i] === componentOf[j]).toBe(r[i]![j]! && r[j]![i]!);
        }
        expect(new Set(componentOf).size).toBe(count);
        for (const [s, t] of edges) expect(componentOf[s]!).toBeGreaterThanOrEqual(componentOf[t]!);
      }),
    );
  });

  it("handles a chain of 1,000,000 states without overflowing the stack", () => {
    const n = 1_000_000;
    const edges: [number, number][] = [];
    for (let i = 0; i + 1 < n; i++) edges.push([i, i + 1]);
    edges.push([n - 1, 0]);
    expect(stronglyConnectedComponents(build(n, edges).core).count).toBe(1);
  });
});

describe("StateGraph", () => {
  it("keeps parallel transitions and self-loops, and indexes outgoing transitions", () => {
    const g = build(3, [[0, 1], [0, 1], [1, 1], [1, 2], [2, 0]]);
    expect(graphStats(g)).toMatchObject({ states: 3, transitions: 5, selfLoops: 1, initialStates: 1, stronglyConnectedComponents: 1 });
    expect([...g.outgoing(0)]).toEqual([0, 1]);
    expect([...g.outgoing(1)]).toEqual([2, 3]);
    expect(() => g.state(3)).toThrow(RangeError);
    expect(printValue(g.valueOf(2, "x"))).toBe("2");
  });

  it("gives a graphology multigraph with the same counts", async () => {
    const { graph } = await readStateGraph(path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"));
    const g = graph.toGraphology();
    expect(toGraphology(graph).size).toBe(g.size);
    expect(g.order).toBe(266);
    expect(g.size).toBe(666);
    expect(g.multi).toBe(true);
    const first = g.getNodeAttributes("0");
    expect(first.initial).toBe(true);
    expect(first.variables.status).toEqual({ "#map": [[{ "#unserializable": "t1" }, "idle"], [{ "#unserializable": "t2" }, "idle"]] });
    const selfLoops = g.filterEdges((_, __, s, t) => s === t).length;
    expect(selfLoops).toBe(256);
  });
});
