/**
 * CommunityModules' Graphs (directed, edges `<<m, n>>`) and UndirectedGraphs
 * (edges `{m, n}`). A graph is a record `[node |-> N, edge |-> E]`.
 *
 * `Path(G)` is infinite (all paths, cycles repeated): it is a lazy set, whose
 * members can be tested but which cannot be enumerated.
 *
 * @module
 */
import { FALSE, bool, equals, int, printValue, record, seq, set, str, type Value } from "../../values/index.js";
import { LazySet } from "../lazy.js";
import { kSubsets } from "./folds.js";
import { closure, matrixFunction, RELATION } from "./relation.js";
import { SEQUENCES_EXT } from "./sequences-ext.js";
import { FINITE_SETS, NATURALS, SEQUENCES } from "./standard.js";
import type { BuiltinModule } from "./types.js";
import { ModuleBuilder, applyFn, includes, indexOf, type Args } from "./util.js";

interface Graph {
  readonly nodes: readonly Value[];
  readonly edges: readonly Value[];
}

function graph(a: Args, i: number): Graph {
  const nodes = a.field(i, "node");
  const edges = a.field(i, "edge");
  if (!a.host.isSet(nodes)) return a.host.fail(`${a.op}: G.node should be a set, but it is ${printValue(nodes)}`);
  if (!a.host.isSet(edges)) return a.host.fail(`${a.op}: G.edge should be a set, but it is ${printValue(edges)}`);
  return { nodes: a.host.elements(nodes), edges: a.host.elements(edges) };
}

/** Whether G is exactly a record with the fields node and edge (`G = [node |-> G.node, edge |-> G.edge]`). */
function isGraphRecord(a: Args, i: number): boolean {
  const g = a.value(i);
  graph(a, i);
  return g.kind === "record" && g.fields.length === 2;
}

function graphValue(nodes: readonly Value[], edges: readonly Value[]): Value {
  return record(["node", "edge"], [set(nodes), set(edges)]);
}

function pair(e: Value): [Value, Value] | undefined {
  return e.kind === "seq" && e.elements.length === 2 ? [e.elements[0]!, e.elements[1]!] : undefined;
}

function endpoints(a: Args, e: Value): [Value, Value] {
  return pair(e) ?? a.host.fail(`${a.op}: the edge ${printValue(e)} is not a pair <<m, n>>`);
}

/** All subsets of a list, smallest first (deterministic). */
function subsets(xs: readonly Value[]): Value[][] {
  const out: Value[][] = [];
  for (let k = 0; k <= xs.length; k++) for (const s of kSubsets(xs, k)) out.push([...(s as { elements: readonly Value[] }).elements]);
  return out;
}

function directed(a: Args, g: Graph): (m: Value, n: Value) => boolean {
  const pairs = g.edges.map((e) => endpoints(a, e));
  return (m, n) => pairs.some(([x, y]) => equals(x, m) && equals(y, n));
}

function undirected(g: Graph): (m: Value, n: Value) => boolean {
  return (m, n) => includes(g.edges, set([m, n]));
}

/** The simple paths (non-empty, no node twice), by depth-first search from each node in order. */
function simplePaths(g: Graph, edge: (m: Value, n: Value) => boolean): Value[] {
  const out: Value[] = [];
  const path: Value[] = [];
  const used = new Array<boolean>(g.nodes.length).fill(false);
  const go = (i: number): void => {
    used[i] = true;
    path.push(g.nodes[i]!);
    out.push(seq(path));
    g.nodes.forEach((n, j) => {
      if (!used[j] && edge(g.nodes[i]!, n)) go(j);
    });
    path.pop();
    used[i] = false;
  };
  g.nodes.forEach((_, i) => go(i));
  return out;
}

/** Whether a non-empty path leads from m to n (m = n counts when m is a node). */
function connectedIn(g: Graph, edge: (m: Value, n: Value) => boolean, m: Value, n: Value): boolean {
  const start = indexOf(g.nodes, m);
  const goal = indexOf(g.nodes, n);
  if (start < 0 || goal < 0) return false;
  const seen = new Array<boolean>(g.nodes.length).fill(false);
  const todo = [start];
  seen[start] = true;
  while (todo.length > 0) {
    const i = todo.pop()!;
    if (i === goal) return true;
    g.nodes.forEach((x, j) => {
      if (!seen[j] && edge(g.nodes[i]!, x)) {
        seen[j] = true;
        todo.push(j);
      }
    });
  }
  return false;
}

/** Path(G): the infinite set of non-empty sequences of nodes joined by edges, kept lazy (membership only). */
function paths(a: Args, linked: (g: Graph) => (m: Value, n: Value) => boolean): Value {
  const g = graph(a, 0);
  const edge = linked(g);
  return new LazySet(
    `Path(${printValue(a.value(0))})`,
    (p) => p.kind === "seq" && p.elements.length > 0 && p.elements.every((x) => includes(g.nodes, x)) && p.elements.every((x, i) => i === 0 || edge(p.elements[i - 1]!, x)),
    undefined,
    Infinity,
  );
}

function directedSubgraphs(g: Graph, edgeOk: (nodes: readonly Value[], e: Value) => boolean): Value[] {
  const out: Value[] = [];
  for (const nodes of subsets(g.nodes)) {
    const eligible = g.edges.filter((e) => edgeOk(nodes, e));
    for (const edges of subsets(eligible)) out.push(graphValue(nodes, edges));
  }
  return out;
}

function isDirectedGraph(a: Args, i: number): boolean {
  if (!isGraphRecord(a, i)) return false;
  const g = graph(a, i);
  return g.edges.every((e) => {
    const p = pair(e);
    return p !== undefined && includes(g.nodes, p[0]) && includes(g.nodes, p[1]);
  });
}

function hasCycle(a: Args, g: Graph): boolean {
  const edge = directed(a, g);
  if (g.nodes.some((n) => edge(n, n))) return true;
  const c = closure((m, n) => edge(m, n), g.nodes);
  return g.nodes.some((_, i) => g.nodes.some((_, j) => i !== j && c[i]![j] && c[j]![i]));
}

function successors(a: Args, g: Graph, n: Value): Value[] {
  const edge = directed(a, g);
  return g.nodes.filter((m) => edge(n, m));
}

function predecessors(a: Args, g: Graph, n: Value): Value[] {
  const edge = directed(a, g);
  return g.nodes.filter((m) => edge(m, n));
}

/** Graphs (EXTENDS Naturals, Sequences, FiniteSets, SequencesExt, Relation). */
export const GRAPHS: BuiltinModule = new ModuleBuilder()
  .extend(NATURALS, SEQUENCES, FINITE_SETS, SEQUENCES_EXT, RELATION)
  .def("IsDirectedGraph", 1, (a) => bool(isDirectedGraph(a, 0)))
  .def("DirectedSubgraph", 1, (a) => {
    const g = graph(a, 0);
    return set(
      directedSubgraphs(g, (nodes, e) => {
        const p = pair(e);
        return p !== undefined && includes(nodes, p[0]) && includes(nodes, p[1]);
      }),
    );
  })
  .def("Transpose", 1, (a) => {
    const g = graph(a, 0);
    return record(
      ["edge", "node"],
      [
        set(
          g.edges.map((e) => {
            const [m, n] = endpoints(a, e);
            return seq([n, m]);
          }),
        ),
        a.field(0, "node"),
      ],
    );
  })
  .def("IsUndirectedGraph", 1, (a) => {
    if (!isDirectedGraph(a, 0)) return FALSE;
    const g = graph(a, 0);
    const edge = directed(a, g);
    return bool(g.edges.every((e) => edge(endpoints(a, e)[1], endpoints(a, e)[0])));
  })
  .def("UndirectedSubgraph", 1, (a) => {
    const g = graph(a, 0);
    const subs = directedSubgraphs(g, (nodes, e) => {
      const p = pair(e);
      return p !== undefined && includes(nodes, p[0]) && includes(nodes, p[1]);
    });
    return set(
      subs.filter((h) => {
        const edges = (applyFn(h, str("edge")) as { elements: readonly Value[] }).elements;
        return edges.every((e) => includes(edges, seq([pair(e)![1], pair(e)![0]])));
      }),
    );
  })
  .def("Path", 1, (a) => paths(a, (g) => directed(a, g)))
  .def("SimplePath", 1, (a) => {
    const g = graph(a, 0);
    return set(simplePaths(g, directed(a, g)));
  })
  .def("AreConnectedIn", 3, (a) => {
    const g = graph(a, 2);
    return bool(connectedIn(g, directed(a, g), a.value(0), a.value(1)));
  })
  .def("IsStronglyConnected", 1, (a) => {
    const g = graph(a, 0);
    const edge = directed(a, g);
    return bool(g.nodes.every((m) => g.nodes.every((n) => connectedIn(g, edge, m, n))));
  })
  .def("ConnectionsIn", 1, (a) => {
    const g = graph(a, 0);
    const edge = directed(a, g);
    return matrixFunction(
      g.nodes,
      closure(edge, g.nodes).map((row, i) => row.map((b, j) => b || i === j)),
    );
  })
  .def("IsTreeWithRoot", 2, (a) => {
    if (!isDirectedGraph(a, 0)) return FALSE;
    const g = graph(a, 0);
    const r = a.value(1);
    if (!includes(g.nodes, r)) return FALSE;
    const pairs = g.edges.map((e) => endpoints(a, e));
    if (!pairs.every(([from], i) => !equals(from, r) && pairs.every(([f2], j) => !equals(from, f2) || i === j || equals(g.edges[i]!, g.edges[j]!)))) return FALSE;
    const edge = directed(a, g);
    return bool(g.nodes.every((n) => connectedIn(g, edge, n, r)));
  })
  .def("GraphUnion", 2, (a) => {
    const g = graph(a, 0);
    const h = graph(a, 1);
    return graphValue([...g.nodes, ...h.nodes], [...g.edges, ...h.edges]);
  })
  .def("IsBipartiteWithPartitions", 3, (a) => {
    const g = graph(a, 0);
    const U = a.set(1);
    const V = a.set(2);
    if (U.some((u) => includes(V, u))) return FALSE;
    if (!g.nodes.every((n) => includes(U, n) || includes(V, n))) return FALSE;
    return bool(
      g.edges.every((e) => {
        const [m, n] = endpoints(a, e);
        return (includes(U, m) && includes(V, n)) || (includes(U, n) && includes(V, m));
      }),
    );
  })
  .def("HasCycle", 1, (a) => bool(hasCycle(a, graph(a, 0))))
  .def("IsDag", 1, (a) => bool(isDirectedGraph(a, 0) && !hasCycle(a, graph(a, 0))))
  .def("Successors", 2, (a) => set(successors(a, graph(a, 0), a.value(1))))
  .def("AllSuccessors", 2, (a) => {
    const g = graph(a, 0);
    return set(a.set(1).flatMap((n) => successors(a, g, n)));
  })
  .def("Predecessors", 2, (a) => set(predecessors(a, graph(a, 0), a.value(1))))
  .def("AllPredecessors", 2, (a) => {
    const g = graph(a, 0);
    return set(a.set(1).flatMap((n) => predecessors(a, g, n)));
  })
  .def("Ancestors", 2, (a) => {
    const g = graph(a, 0);
    const c = closure(directed(a, g), g.nodes);
    const j = indexOf(g.nodes, a.value(1));
    if (j < 0) return a.host.fail(`${printValue(seq([a.value(1), a.value(1)]))} is not in the domain of the transitive closure: ${printValue(a.value(1))} is not a node`);
    return set(g.nodes.filter((_, i) => c[i]![j]));
  })
  .def("Descendants", 2, (a) => {
    const g = graph(a, 0);
    const c = closure(directed(a, g), g.nodes);
    const i = indexOf(g.nodes, a.value(1));
    if (i < 0) return a.host.fail(`${printValue(seq([a.value(1), a.value(1)]))} is not in the domain of the transitive closure: ${printValue(a.value(1))} is not a node`);
    return set(g.nodes.filter((_, j) => c[i]![j]));
  })
  .def("InDegree", 2, (a) => int(predecessors(a, graph(a, 0), a.value(1)).length))
  .def("OutDegree", 2, (a) => int(successors(a, graph(a, 0), a.value(1)).length))
  .def("Roots", 1, (a) => {
    const g = graph(a, 0);
    return set(g.nodes.filter((n) => predecessors(a, g, n).length === 0));
  })
  .def("Leaves", 1, (a) => {
    const g = graph(a, 0);
    return set(g.nodes.filter((n) => successors(a, g, n).length === 0));
  })
  .def("EmptyGraph", 0, () => graphValue([], []))
  .def("Graphs", 1, (a) => {
    const S = a.set(0);
    const pairs = S.flatMap((x) => S.map((y) => seq([x, y])));
    return set(subsets(pairs).map((edges) => graphValue(S, edges)));
  })
  .build();

function isUndirectedEdge(nodes: readonly Value[], e: Value, loopFree: boolean): boolean {
  if (e.kind !== "set" && e.kind !== "interval") return false;
  const xs = e.kind === "set" ? e.elements : [int(e.low), ...(e.high > e.low ? [int(e.high)] : [])];
  if (e.kind === "interval" && e.high - e.low > 1) return false;
  if (xs.length < 1 || xs.length > 2 || (loopFree && xs.length !== 2)) return false;
  return xs.every((x) => includes(nodes, x));
}

function isUndirectedGraph(a: Args, i: number, loopFree: boolean): boolean {
  if (!isGraphRecord(a, i)) return false;
  const g = graph(a, i);
  return g.edges.every((e) => isUndirectedEdge(g.nodes, e, loopFree));
}

/** The connected components of an undirected graph (each a maximal set of nodes joined by paths). */
function components(g: Graph): Value[] {
  const edge = undirected(g);
  const seen = new Array<boolean>(g.nodes.length).fill(false);
  const out: Value[] = [];
  g.nodes.forEach((_, start) => {
    if (seen[start]) return;
    const comp: Value[] = [];
    const todo = [start];
    seen[start] = true;
    while (todo.length > 0) {
      const i = todo.pop()!;
      comp.push(g.nodes[i]!);
      g.nodes.forEach((x, j) => {
        if (!seen[j] && edge(g.nodes[i]!, x)) {
          seen[j] = true;
          todo.push(j);
        }
      });
    }
    out.push(set(g.nodes.filter((n) => includes(comp, n))));
  });
  return out;
}

/** UndirectedGraphs (its instances are LOCAL: only its own operators). */
export const UNDIRECTED_GRAPHS: BuiltinModule = new ModuleBuilder()
  .def("IsUndirectedGraph", 1, (a) => bool(isUndirectedGraph(a, 0, false)))
  .def("IsLoopFreeUndirectedGraph", 1, (a) => bool(isUndirectedGraph(a, 0, true)))
  .def("UndirectedSubgraph", 1, (a) => {
    const g = graph(a, 0);
    return set(directedSubgraphs(g, (nodes, e) => isUndirectedEdge(nodes, e, false)));
  })
  .def("Path", 1, (a) => paths(a, undirected))
  .def("SimplePath", 1, (a) => {
    const g = graph(a, 0);
    return set(simplePaths(g, undirected(g)));
  })
  .def("AreConnectedIn", 3, (a) => {
    const g = graph(a, 2);
    return bool(connectedIn(g, undirected(g), a.value(0), a.value(1)));
  })
  .def("ConnectedComponents", 1, (a) => set(components(graph(a, 0))))
  .def("IsStronglyConnected", 1, (a) => {
    const g = graph(a, 0);
    const cs = components(g);
    return bool(cs.length === 1 && equals(cs[0]!, set(g.nodes)));
  })
  .def("UndirectedGraphs", 1, (a) => {
    const S = a.set(0);
    const edges = set(S.flatMap((x) => S.map((y) => set([x, y]))));
    return set(subsets((edges as { elements: readonly Value[] }).elements).map((es) => graphValue(S, es)));
  })
  .build();

