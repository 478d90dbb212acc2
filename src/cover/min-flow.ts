/**
 * Minimum flow with lower bounds on arcs of unbounded capacity, on a network
 * whose arcs all go "forward" (a DAG; the caller numbers nodes so that a
 * feasible flow can be built in one pass in reverse topological order).
 *
 * The minimum is reached in two steps: a feasible flow built greedily from the
 * lower bounds, then a maximum flow from sink to source in the residual
 * network (Dinic's algorithm, iterative), which cancels every unit of flow the
 * lower bounds do not force. By the min-flow max-cut theorem the result is a
 * minimum, so its value is a lower bound on any cover the network models.
 *
 * @module
 */

/** "Unbounded" residual capacity; flows here stay far below it. */
const INF = 0x3fffffff;

/** A flow network under construction: nodes are 0..nodeCount-1. */
export class FlowNetwork {
  private from: number[] = [];
  private to: number[] = [];
  private lower: number[] = [];

  constructor(readonly nodeCount: number) {}

  /** Number of arcs. */
  get arcCount(): number {
    return this.from.length;
  }

  /** Adds an arc `u → v` with lower bound `lower` and unbounded capacity; returns its index. */
  addArc(u: number, v: number, lower: number): number {
    this.from.push(u);
    this.to.push(v);
    this.lower.push(lower);
    return this.from.length - 1;
  }

  /** Tail of an arc. */
  tail(arc: number): number {
    return this.from[arc]!;
  }

  /** Head of an arc. */
  head(arc: number): number {
    return this.to[arc]!;
  }

  /** Lower bound of an arc. */
  lowerBound(arc: number): number {
    return this.lower[arc]!;
  }
}

/** A flow: units per arc, and its value (units leaving the source). */
export interface Flow {
  readonly value: number;
  readonly onArc: Int32Array;
}

/**
 * The minimum flow from `source` to `sink` meeting every arc's lower bound.
 * `order` lists the nodes other than source and sink in reverse topological
 * order (every arc between them goes from a later node to an earlier one).
 * Every node in `order` must be able to reach the sink, and every node with a
 * positive requirement must be reachable from the source; otherwise no flow
 * exists and this throws.
 */
export function minimumFlow(net: FlowNetwork, source: number, sink: number, order: Int32Array): Flow {
  const n = net.nodeCount;
  const m = net.arcCount;
  // Incidence lists (CSR) for the greedy pass.
  const outStart = new Int32Array(n + 1);
  const inStart = new Int32Array(n + 1);
  for (let a = 0; a < m; a++) {
    outStart[net.tail(a) + 1]!++;
    inStart[net.head(a) + 1]!++;
  }
  for (let v = 0; v < n; v++) {
    outStart[v + 1]! += outStart[v]!;
    inStart[v + 1]! += inStart[v]!;
  }
  const outArcs = new Int32Array(m);
  const inArcs = new Int32Array(m);
  {
    const o = outStart.slice(0, n);
    const i = inStart.slice(0, n);
    for (let a = 0; a < m; a++) {
      outArcs[o[net.tail(a)]!++] = a;
      inArcs[i[net.head(a)]!++] = a;
    }
  }

  // 1. A feasible flow: sinks first, each node asks its in-arcs for what its
  //    out-arcs carry (at least their lower bounds), and sends any surplus on
  //    to the sink.
  const flow = new Int32Array(m);
  for (let a = 0; a < m; a++) flow[a] = net.lowerBound(a);
  for (const v of order) {
    let out = 0;
    let sinkArc = -1;
    for (let k = outStart[v]!; k < outStart[v + 1]!; k++) {
      const a = outArcs[k]!;
      if (net.head(a) === sink) sinkArc = a;
      out += flow[a]!;
    }
    let into = 0;
    let feeder = -1;
    for (let k = inStart[v]!; k < inStart[v + 1]!; k++) {
      const a = inArcs[k]!;
      into += flow[a]!;
      // Prefer the source (a path may start here), else the first in-arc.
      if (feeder < 0 || net.tail(a) === source) feeder = a;
    }
    if (into > out) {
      if (sinkArc < 0) throw new Error(`node ${v} cannot pass its surplus to the sink`);
      flow[sinkArc]! += into - out;
    } else if (out > into) {
      if (feeder < 0) throw new Error(`node ${v} needs flow but nothing leads to it`);
      flow[feeder]! += out - into;
    }
  }

  // 2. Cancel what is not forced: maximum flow from sink to source in the
  //    residual network. Arc pair 2a (forward, unbounded) and 2a+1 (backward,
  //    flow - lower).
  const residual = new Int32Array(2 * m);
  const adjStart = new Int32Array(n + 1);
  for (let a = 0; a < m; a++) {
    residual[2 * a] = INF;
    residual[2 * a + 1] = flow[a]! - net.lowerBound(a);
    adjStart[net.tail(a) + 1]!++;
    adjStart[net.head(a) + 1]!++;
  }
  for (let v = 0; v < n; v++) adjStart[v + 1]! += adjStart[v]!;
  const adj = new Int32Array(2 * m);
  const arcHead = new Int32Array(2 * m);
  {
    const fill = adjStart.slice(0, n);
    for (let a = 0; a < m; a++) {
      adj[fill[net.tail(a)]!++] = 2 * a;
      adj[fill[net.head(a)]!++] = 2 * a + 1;
      arcHead[2 * a] = net.head(a);
      arcHead[2 * a + 1] = net.tail(a);
    }
  }
  maxFlow(n, adjStart, adj, arcHead, residual, sink, source);

  let value = 0;
  for (let a = 0; a < m; a++) {
    flow[a] = net.lowerBound(a) + residual[2 * a + 1]!;
    if (net.tail(a) === source) value += flow[a]!;
  }
  return { value, onArc: flow };
}

/** Dinic's maximum flow from s to t, in place on `residual`; returns the value. */
function maxFlow(
  n: number,
  adjStart: Int32Array,
  adj: Int32Array,
  arcHead: Int32Array,
  residual: Int32Array,
  s: number,
  t: number,
): number {
  const level = new Int32Array(n);
  const queue = new Int32Array(n);
  const next = new Int32Array(n);
  const pathArcs = new Int32Array(n);
  let total = 0;
  for (;;) {
    level.fill(-1);
    level[s] = 0;
    let head = 0;
    let tail = 0;
    queue[tail++] = s;
    while (head < tail) {
      const u = queue[head++]!;
      for (let k = adjStart[u]!; k < adjStart[u + 1]!; k++) {
        const e = adj[k]!;
        const v = arcHead[e]!;
        if (residual[e]! > 0 && level[v] === -1) {
          level[v] = level[u]! + 1;
          queue[tail++] = v;
        }
      }
    }
    if (level[t] === -1) return total;
    next.set(adjStart.subarray(0, n));
    // Blocking flow by repeated depth-first search with an explicit stack.
    let depth = 0;
    let u = s;
    for (;;) {
      if (u === t) {
        let push = INF;
        for (let i = 0; i < depth; i++) push = Math.min(push, residual[pathArcs[i]!]!);
        for (let i = 0; i < depth; i++) {
          residual[pathArcs[i]!]! -= push;
          residual[pathArcs[i]! ^ 1]! += push;
        }
        total += push;
        // Restart from the tail of the first saturated arc.
        let cut = 0;
        while (cut < depth && residual[pathArcs[cut]!]! > 0) cut++;
        depth = cut;
        u = depth === 0 ? s : arcHead[pathArcs[depth - 1]!]!;
        continue;
      }
      let advanced = false;
      for (; next[u]! < adjStart[u + 1]!; next[u]!++) {
        const e = adj[next[u]!]!;
        const v = arcHead[e]!;
        if (residual[e]! > 0 && level[v] === level[u]! + 1) {
          pathArcs[depth++] = e;
          u = v;
          advanced = true;
          break;
        }
      }
      if (advanced) continue;
      // Dead end: no augmenting path through u in this phase.
      level[u] = -1;
      if (depth === 0) break;
      depth--;
      u = depth === 0 ? s : arcHead[pathArcs[depth - 1]!]!;
      next[u]!++;
    }
  }
}
