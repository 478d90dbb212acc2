import type { GraphCore } from "./state-graph.js";

/** The strongly connected components of a graph. */
export interface Components {
  /** Number of components. */
  readonly count: number;
  /**
   * Component of each state. Components are numbered in reverse topological
   * order of the condensation: every transition goes from a component to one
   * with an equal or smaller number.
   */
  readonly componentOf: Int32Array;
}

/**
 * Tarjan's algorithm, iterative (long chains must not overflow the stack),
 * linear in states plus transitions.
 */
export function stronglyConnectedComponents(core: GraphCore): Components {
  const n = core.stateCount;
  const { outStart, outTransitions, target } = core;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const componentOf = new Int32Array(n).fill(-1);
  const stack = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const callState = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let stackTop = 0;
  let nextIndex = 0;
  let count = 0;

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    let depth = 0;
    callState[0] = root;
    callEdge[0] = outStart[root]!;
    index[root] = low[root] = nextIndex++;
    stack[stackTop++] = root;
    onStack[root] = 1;
    while (depth >= 0) {
      const v = callState[depth]!;
      const e = callEdge[depth]!;
      if (e < outStart[v + 1]!) {
        callEdge[depth] = e + 1;
        const w = target[outTransitions[e]!]!;
        if (index[w] === -1) {
          index[w] = low[w] = nextIndex++;
          stack[stackTop++] = w;
          onStack[w] = 1;
          depth++;
          callState[depth] = w;
          callEdge[depth] = outStart[w]!;
        } else if (onStack[w] && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--stackTop]!;
          onStack[w] = 0;
          componentOf[w] = count;
        } while (w !== v);
        count++;
      }
      depth--;
      if (depth >= 0) {
        const parent = callState[depth]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
    }
  }
  return { count, componentOf };
}
