import type { GraphCore } from "../graph/index.js";

/**
 * The line graph of a state graph: one node per transition, one arc per pair
 * of consecutive transitions (t1 ends where t2 starts). Covering its arcs
 * covers every pair of the state graph; its "initial states" are the
 * transitions that leave an initial state.
 */
export interface LineGraph {
  readonly core: GraphCore;
  /** Pair id of (t1, t2) is `pairStart[t1] + position of t2 among the transitions leaving its source`. */
  readonly pairStart: Int32Array;
  /** Position of each transition among those leaving its source state. */
  readonly position: Int32Array;
}

/** Builds the line graph in compressed form; arcs leaving node t1 are in the order of the transitions leaving t1's target. */
export function lineGraph(core: GraphCore): LineGraph {
  const T = core.transitionCount;
  const position = new Int32Array(T);
  for (let s = 0; s < core.stateCount; s++) {
    for (let k = core.outStart[s]!; k < core.outStart[s + 1]!; k++) position[core.outTransitions[k]!] = k - core.outStart[s]!;
  }
  const pairStart = new Int32Array(T + 1);
  for (let t = 0; t < T; t++) {
    const v = core.target[t]!;
    pairStart[t + 1] = pairStart[t]! + (core.outStart[v + 1]! - core.outStart[v]!);
  }
  const P = pairStart[T]!;
  const source = new Int32Array(P);
  const target = new Int32Array(P);
  for (let t = 0; t < T; t++) {
    const v = core.target[t]!;
    let p = pairStart[t]!;
    for (let k = core.outStart[v]!; k < core.outStart[v + 1]!; k++) {
      source[p] = t;
      target[p++] = core.outTransitions[k]!;
    }
  }
  // Arcs are already grouped by their source node, in order.
  const outTransitions = new Int32Array(P);
  for (let p = 0; p < P; p++) outTransitions[p] = p;
  const initial: number[] = [];
  const isInitial = new Uint8Array(core.stateCount);
  for (const s of core.initialStates) isInitial[s] = 1;
  for (let t = 0; t < T; t++) if (isInitial[core.source[t]!]) initial.push(t);
  return {
    core: {
      stateCount: T,
      transitionCount: P,
      source,
      target,
      action: new Int32Array(P),
      outStart: pairStart,
      outTransitions,
      initialStates: Int32Array.from(initial),
    },
    pairStart,
    position,
  };
}
