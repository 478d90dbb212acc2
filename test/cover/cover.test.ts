import fc from "fast-check";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { coverGraph, type Cover, type Criterion } from "../../src/cover/index.js";
import { readStateGraph } from "../../src/dump/index.js";
import { StateGraphBuilder, type StateGraph } from "../../src/graph/index.js";
import { int, printValue } from "../../src/values/index.js";
import { HAVE_FIXTURES, ROOT, dotFile, manifest } from "../helpers/fixtures.js";

/**
 * A graph with states 0..n-1, the given transitions and initial states. Each transition is action A<i % 3> with
 * argument i, so parallel transitions are never identical copies (which covers count once); with `copies`, action
 * A<i % 2> without arguments, so parallel transitions of one action are copies.
 */
function build(n: number, edges: readonly (readonly [number, number])[], initial: readonly number[], copies = false): StateGraph {
  const b = new StateGraphBuilder();
  b.setVariables(["x"]);
  for (let i = 0; i < n; i++) b.defineState(b.newState(), { values: [b.valueId(int(i))], initial: initial.includes(i) });
  edges.forEach(([s, t], i) => b.addTransition(s, t, copies ? b.actionId(`A${i % 2}`, []) : b.actionId(`A${i % 3}`, [int(i)])));
  return b.build();
}

/** Checks that every path is a walk from an initial state and returns what the paths cover. */
function checkWalks(graph: StateGraph, cover: Cover): { transitions: Set<number>; states: Set<number> } {
  const { core } = graph;
  const initial = new Set(core.initialStates);
  const transitions = new Set<number>();
  const states = new Set<number>();
  const problems: string[] = [];
  let steps = 0;
  cover.paths.forEach((p, i) => {
    if (!initial.has(p.initialState)) problems.push(`path ${i} starts at ${p.initialState}, not an initial state`);
    let at = p.initialState;
    states.add(at);
    for (const t of p.transitions) {
      if (core.source[t] !== at) problems.push(`path ${i}: transition ${t} does not leave state ${at}`);
      at = core.target[t]!;
      transitions.add(t);
      states.add(at);
    }
    steps += p.transitions.length;
  });
  expect(problems.slice(0, 5)).toEqual([]);
  expect(cover.steps).toBe(steps);
  return { transitions, states };
}

/**
 * The exact minimum number of walks from initial states covering every
 * reachable transition (or state), by brute force over (state, covered set).
 */
function bruteForce(graph: StateGraph, criterion: "transitions" | "states"): number {
  const { core } = graph;
  const bit = (i: number): number => 1 << i;
  const masks = new Set<number>();
  const seen = new Set<string>();
  const stack: [number, number][] = [];
  for (const s of core.initialStates) stack.push([s, criterion === "states" ? bit(s) : 0]);
  while (stack.length > 0) {
    const [v, mask] = stack.pop()!;
    const key = `${v}:${mask}`;
    if (seen.has(key)) continue;
    seen.add(key);
    masks.add(mask);
    for (let k = core.outStart[v]!; k < core.outStart[v + 1]!; k++) {
      const t = core.outTransitions[k]!;
      const w = core.target[t]!;
      stack.push([w, mask | (criterion === "states" ? bit(w) : bit(t))]);
    }
  }
  const full = [...masks].reduce((a, b) => a | b, 0);
  if (full === 0 && criterion === "transitions") return 0;
  return fewestUnions([...masks].map(BigInt), BigInt(full));
}

/** The fewest of the walks' covered sets (bit masks) whose union is `full`, breadth first over unions. */
function fewestUnions(masks: readonly bigint[], full: bigint): number {
  if (full === 0n) return 0;
  const dist = new Map<bigint, number>([[0n, 0]]);
  let frontier = [0n];
  for (let k = 1; ; k++) {
    const next: bigint[] = [];
    for (const m of frontier) {
      for (const r of masks) {
        const u = m | r;
        if (!dist.has(u)) {
          dist.set(u, k);
          next.push(u);
        }
      }
    }
    if (dist.has(full)) return dist.get(full)!;
    frontier = next;
  }
}

/**
 * The exact minimum number of walks from initial states covering every
 * reachable pair of consecutive transitions and every reachable transition,
 * by brute force over (state, last transition, covered set).
 */
function bruteForcePairs(graph: StateGraph): number {
  const { core } = graph;
  const T = core.transitionCount;
  const bit = (i: number): bigint => 1n << BigInt(i);
  const masks = new Set<bigint>();
  const seen = new Set<string>();
  const stack: [number, number, bigint][] = [];
  for (const s of core.initialStates) stack.push([s, -1, 0n]);
  while (stack.length > 0) {
    const [v, last, mask] = stack.pop()!;
    const key = `${v}:${last}:${mask}`;
    if (seen.has(key)) continue;
    seen.add(key);
    masks.add(mask);
    for (let k = core.outStart[v]!; k < core.outStart[v + 1]!; k++) {
      const t = core.outTransitions[k]!;
      const item = (last >= 0 ? bit(last * T + t) : 0n) | bit(T * T + t);
      stack.push([core.target[t]!, t, mask | item]);
    }
  }
  return fewestUnions([...masks], [...masks].reduce((a, b) => a | b, 0n));
}

/** The pairs of consecutive transitions the paths take. */
function pairsTaken(cover: Cover): Set<string> {
  const out = new Set<string>();
  for (const p of cover.paths) for (let i = 1; i < p.transitions.length; i++) out.add(`${p.transitions[i - 1]}>${p.transitions[i]}`);
  return out;
}

const smallGraph = fc.integer({ min: 1, max: 6 }).chain((n) =>
  fc.tuple(
    fc.constant(n),
    fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 9 }),
    fc.uniqueArray(fc.nat(n - 1), { minLength: 1, maxLength: Math.min(n, 3) }),
  ),
);

describe("coverGraph on random small graphs", () => {
  for (const criterion of ["transitions", "states"] as const) {
    it(`property: ${criterion}: valid walks, everything reachable covered, as few paths as brute force finds, equal to the lower bound`, () => {
      fc.assert(
        fc.property(smallGraph, ([n, edges, initial]) => {
          const graph = build(n, edges, initial);
          const cover = coverGraph(graph, { criterion });
          const { transitions, states } = checkWalks(graph, cover);
          const exact = bruteForce(graph, criterion);
          expect(cover.paths.length).toBe(exact);
          expect(cover.lowerBound).toBe(exact);
          // Everything reachable is covered.
          const reach = coverGraph(graph, { criterion: "states" });
          const reachable = checkWalks(graph, reach).states;
          if (criterion === "states") expect(states).toEqual(reachable);
          else {
            const expected = new Set([...Array(graph.transitionCount).keys()].filter((t) => reachable.has(graph.core.source[t]!)));
            expect(transitions).toEqual(expected);
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it("property: transition-pairs: valid walks, every reachable pair taken, as few paths as brute force finds, equal to the lower bound", () => {
    const smaller = fc.integer({ min: 1, max: 5 }).chain((n) =>
      fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 6 }), fc.uniqueArray(fc.nat(n - 1), { minLength: 1, maxLength: Math.min(n, 2) })),
    );
    fc.assert(
      fc.property(smaller, ([n, edges, initial]) => {
        const graph = build(n, edges, initial);
        const cover = coverGraph(graph, { criterion: "transition-pairs" });
        // The brute force is exponential in the number of pairs.
        fc.pre(cover.total <= 12);
        const { transitions } = checkWalks(graph, cover);
        const exact = bruteForcePairs(graph);
        expect(cover.paths.length).toBe(exact);
        expect(cover.lowerBound).toBe(exact);
        expect(cover.covered).toBeLessThanOrEqual(cover.total);
        // Every pair leaving a reachable transition is taken, and every reachable transition.
        const reachable = checkWalks(graph, coverGraph(graph, { criterion: "transitions" })).transitions;
        expect(transitions).toEqual(reachable);
        const { core } = graph;
        const taken = pairsTaken(cover);
        for (const t of reachable)
          for (let k = core.outStart[core.target[t]!]!; k < core.outStart[core.target[t]! + 1]!; k++) expect(taken).toContain(`${t}>${core.outTransitions[k]}`);
      }),
      { numRuns: 300 },
    );
  });

  it("property: --max-steps keeps every pair of a transition-pairs cover", () => {
    fc.assert(
      fc.property(smallGraph, fc.integer({ min: 2, max: 5 }), ([n, edges, initial], maxSteps) => {
        const graph = build(n, edges, initial);
        const free = coverGraph(graph, { criterion: "transition-pairs" });
        let bounded: Cover;
        try {
          bounded = coverGraph(graph, { criterion: "transition-pairs", maxSteps });
        } catch (e) {
          expect((e as { code?: string }).code).toBe("COVER_MAX_STEPS_TOO_SMALL");
          // The least it names is the least that works: with it the cut succeeds, with one less it does not.
          const least = Number(/pass --max-steps (\d+) or more\.$/.exec((e as Error).message)![1]);
          expect(least).toBeGreaterThan(maxSteps);
          expect(() => coverGraph(graph, { criterion: "transition-pairs", maxSteps: least })).not.toThrow();
          expect(() => coverGraph(graph, { criterion: "transition-pairs", maxSteps: least - 1 })).toThrow(/too small/);
          return;
        }
        checkWalks(graph, bounded);
        for (const p of bounded.paths) expect(p.transitions.length).toBeLessThanOrEqual(maxSteps);
        expect(bounded.covered).toBe(free.covered);
        for (const pair of pairsTaken(free)) expect(pairsTaken(bounded)).toContain(pair);
      }),
      { numRuns: 200 },
    );
  });

  it("property: actions covers every reachable action name with valid walks", () => {
    fc.assert(
      fc.property(smallGraph, ([n, edges, initial]) => {
        const graph = build(n, edges, initial);
        const cover = coverGraph(graph, { criterion: "actions" });
        const { transitions } = checkWalks(graph, cover);
        const reachable = checkWalks(graph, coverGraph(graph, { criterion: "transitions" })).transitions;
        const names = (ts: Iterable<number>): Set<string> => new Set([...ts].map((t) => graph.transition(t).name));
        expect(names(transitions)).toEqual(names(reachable));
      }),
      { numRuns: 200 },
    );
  });

  it("property: --max-steps bounds every path and keeps everything covered", () => {
    fc.assert(
      fc.property(smallGraph, fc.integer({ min: 1, max: 4 }), ([n, edges, initial], maxSteps) => {
        const graph = build(n, edges, initial);
        const free = coverGraph(graph, { criterion: "transitions" });
        let bounded: Cover;
        try {
          bounded = coverGraph(graph, { criterion: "transitions", maxSteps });
        } catch (e) {
          expect((e as { code?: string }).code).toBe("COVER_MAX_STEPS_TOO_SMALL");
          // The least it names is the least that works: with it the cut succeeds, with one less it does not.
          const least = Number(/pass --max-steps (\d+) or more\.$/.exec((e as Error).message)![1]);
          expect(least).toBeGreaterThan(maxSteps);
          expect(() => coverGraph(graph, { criterion: "transitions", maxSteps: least })).not.toThrow();
          expect(() => coverGraph(graph, { criterion: "transitions", maxSteps: least - 1 })).toThrow(/too small/);
          return;
        }
        checkWalks(graph, bounded);
        for (const p of bounded.paths) expect(p.transitions.length).toBeLessThanOrEqual(maxSteps);
        expect(bounded.covered).toBe(free.covered);
        expect(bounded.paths.length).toBeGreaterThanOrEqual(free.paths.length);
      }),
      { numRuns: 200 },
    );
  });

  it("is deterministic: the same graph gives the same paths", () => {
    fc.assert(
      fc.property(smallGraph, ([n, edges, initial]) => {
        const a = coverGraph(build(n, edges, initial));
        const b = coverGraph(build(n, edges, initial));
        expect(b.paths).toEqual(a.paths);
      }),
      { numRuns: 50 },
    );
  });
});

describe("coverGraph on TLC's graphs", () => {
  it("kvstore-2x2 (bundled): complete and minimal for transitions, transition-pairs and states", async () => {
    const { graph } = await readStateGraph(path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"));
    for (const criterion of ["transitions", "transition-pairs", "states"] as const) {
      const cover = coverGraph(graph, { criterion });
      checkWalks(graph, cover);
      expect(cover.covered).toBe(cover.total);
      expect(cover.paths.length).toBe(cover.lowerBound);
    }
  });

  for (const c of manifest()) {
    it.skipIf(!HAVE_FIXTURES)(`${c.case}: covered == total, paths == lowerBound`, async () => {
      const { graph } = await readStateGraph(dotFile(c.case));
      for (const criterion of ["transitions", "states", "actions"] as Criterion[]) {
        const cover = coverGraph(graph, { criterion });
        checkWalks(graph, cover);
        expect(cover.covered).toBe(cover.total);
        if (criterion !== "actions") expect(cover.paths.length).toBe(cover.lowerBound);
      }
    });
  }

  it("refuses a graph without initial states", async () => {
    const b = new StateGraphBuilder();
    b.setVariables(["x"]);
    b.defineState(b.newState(), { values: [b.valueId(int(0))] });
    expect(() => coverGraph(b.build())).toThrow(/no initial states/);
  });
});

describe("the histories criterion", () => {
  /**
   * A client's view of a kvstore behaviour, computed independently of the
   * extraction: per transaction that began, its reads and writes, how it
   * stands, and who had committed when it began.
   */
  function observe(graph: StateGraph, initial: number, transitions: readonly number[]): { key: string; ops: number } {
    const txns = new Map<string, { ops: string[]; status: string; after: string[] }>();
    const committed: string[] = [];
    let most = 0;
    for (const t of transitions) {
      const a = graph.transition(t);
      const id = printValue(a.args[0]!);
      if (a.name === "Begin") txns.set(id, { ops: [], status: "active", after: [...committed].sort() });
      const x = txns.get(id);
      if (!x) continue;
      if (a.name === "Read") x.ops.push(`r(${printValue(a.args[1]!)})=${printValue(a.args[2]!)}`);
      if (a.name === "Write") x.ops.push(`w(${printValue(a.args[1]!)})`);
      if (a.name === "Commit") {
        x.status = printValue(a.args[1]!) === '"ok"' ? "committed" : "refused";
        if (x.status === "committed") committed.push(id);
      }
      if (a.name === "Abort") x.status = "aborted";
      most = Math.max(most, x.ops.length);
    }
    void initial;
    return { key: [...txns].sort(([a], [b]) => (a < b ? -1 : 1)).map(([id, x]) => `${id} ${x.ops.join(" ")} [${x.status}; ${x.after.join(",")}]`).join("\n"), ops: most };
  }

  it("kvstore-2x2, one operation per transaction: the paths are walks and show every observable history there is", async () => {
    const { graph } = await readStateGraph(path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"));
    const cover = coverGraph(graph, { criterion: "histories", histories: { maxOps: 1 } });
    checkWalks(graph, cover);
    const shown = new Set<string>();
    for (const p of cover.paths) for (let i = 0; i <= p.transitions.length; i++) shown.add(observe(graph, p.initialState, p.transitions.slice(0, i)).key);
    // Every history of every behaviour within the bound, by depth-first search over (state, history so far).
    const all = new Set<string>();
    const seen = new Set<string>();
    const walk = (s: number, prefix: number[]): void => {
      const h = observe(graph, 0, prefix);
      if (h.ops > 1 || seen.has(`${s}|${h.key}`)) return;
      seen.add(`${s}|${h.key}`);
      all.add(h.key);
      for (const t of graph.outgoing(s)) walk(graph.core.target[t]!, [...prefix, t]);
    };
    for (const s of graph.core.initialStates) walk(s, []);
    expect(all.size).toBe(cover.total);
    expect([...all].filter((k) => !shown.has(k))).toEqual([]);
    expect(cover.covered).toBe(cover.total);
  });

  it("does not go with --max-steps (a cut path loses its history)", async () => {
    const { graph } = await readStateGraph(path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"));
    expect(() => coverGraph(graph, { criterion: "histories", maxSteps: 5 })).toThrow(/--max-ops instead/);
  });
});

describe("identical transitions (TLC prints up to 27 copies of one step from a state)", () => {
  it("property: a cover of a graph with copies is the cover of the graph without them (transitions, pairs, states)", () => {
    const graphs = fc.integer({ min: 1, max: 4 }).chain((n) =>
      fc.tuple(fc.constant(n), fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 10 }), fc.uniqueArray(fc.nat(n - 1), { minLength: 1, maxLength: Math.min(n, 2) })),
    );
    fc.assert(
      fc.property(graphs, ([n, edges, initial]) => {
        const withCopies = build(n, edges, initial, true);
        // The same graph with each (source, target, action) once: the first copy kept.
        const seen = new Set<string>();
        const kept = edges.filter(([s, t], i) => {
          const key = `${s},${t},${i % 2}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        });
        const b = new StateGraphBuilder();
        b.setVariables(["x"]);
        for (let i = 0; i < n; i++) b.defineState(b.newState(), { values: [b.valueId(int(i))], initial: initial.includes(i) });
        edges.forEach(([s, t], i) => {
          if (kept.includes(edges[i]!) && edges.indexOf(edges[i]!) === i) b.addTransition(s, t, b.actionId(`A${i % 2}`, []));
        });
        const without = b.build();
        for (const criterion of ["transitions", "transition-pairs", "states"] as const) {
          const a = coverGraph(withCopies, { criterion });
          const c = coverGraph(without, { criterion });
          expect({ paths: a.paths.length, covered: a.covered, total: a.total, lowerBound: a.lowerBound, steps: a.steps }).toEqual({ paths: c.paths.length, covered: c.covered, total: c.total, lowerBound: c.lowerBound, steps: c.steps });
          expect(a.duplicateTransitions ?? 0).toBe(edges.length - kept.length);
          checkWalks(withCopies, a);
        }
      }),
      { numRuns: 300 },
    );
  });

  // 1 -Pick-> 2 twenty-seven times (\E x \in S : Pick where Pick's label omits x), 2 -Go(1)-> 3 and 2 -Go(2)-> 3 (parallel, different
  // arguments: two transitions), 3 -Back-> 1.
  const dot = [
    "strict digraph DiskGraph {",
    "nodesep=0.35;",
    "subgraph cluster_graph {",
    'color="white";',
    '1 [label="x = 1",style = filled]',
    ...Array.from({ length: 27 }, () => '1 -> 2 [label="Pick",color="black",fontcolor="black"];'),
    '2 [label="x = 2"];',
    '2 -> 3 [label="Go(1)",color="black",fontcolor="black"];',
    '2 -> 3 [label="Go(2)",color="black",fontcolor="black"];',
    '3 [label="x = 3"];',
    '3 -> 1 [label="Back",color="black",fontcolor="black"];',
    "}",
    "}",
  ].join("\n");

  it("count once for covering: transitions, pairs and states; the graph keeps every edge and says how many are distinct", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const file = path.join(mkdtempSync(path.join(tmpdir(), "tlabridge-copies-")), "copies.dot");
    writeFileSync(file, dot);
    const { graph } = await readStateGraph(file);
    expect(graph.transitionCount).toBe(30);
    const { graphStats } = await import("../../src/graph/index.js");
    expect(graphStats(graph)).toMatchObject({ transitions: 30, distinctTransitions: 4 });

    const transitions = coverGraph(graph, { criterion: "transitions" });
    expect(transitions).toMatchObject({ covered: 4, total: 4, duplicateTransitions: 26, transitionsExercised: 4 });
    // One path through Pick, Go(1), Back, Pick, Go(2): the 26 other Picks are not steps to take.
    expect(transitions.paths).toHaveLength(1);
    expect(transitions.steps).toBe(5);
    checkWalks(graph, transitions);
    const picks = new Set(transitions.paths.flatMap((p) => p.transitions).filter((t) => graph.actions[graph.core.action[t]!]!.name === "Pick"));
    expect(picks).toEqual(new Set([0])); // the first copy

    const pairs = coverGraph(graph, { criterion: "transition-pairs" });
    // Pairs of distinct transitions: Pick→Go(1), Pick→Go(2), Go(1)→Back, Go(2)→Back, Back→Pick.
    expect(pairs).toMatchObject({ covered: 5, total: 5, duplicateTransitions: 26 });
    checkWalks(graph, pairs);

    const { cli } = await import("../helpers/fixtures.js");
    const graphCli = await cli("graph", file);
    expect(graphCli.stdout).toMatch(/^  transitions   30 \(0 self-loops; 4 distinct, the rest identical copies\)$/m);
    const coverCli = await cli("cover", file, "--criterion", "transitions");
    expect(coverCli.stdout).toMatch(/^  steps        5 \(the graph has 30 transitions, 4 distinct: identical copies count once\)$/m);
    expect(coverCli.stdout).toMatch(/^  covered      4 of 4 transitions$/m);
  });
});
