import type { GraphCore } from "./state-graph.js";

/**
 * A graph's transitions with identical copies left out: TLC's DOT prints one
 * edge per successor it generated, so a step reached by several choices the
 * label does not show (`\E x \in S : A` where A's label omits x) comes up to
 * 27 times from one state, with the same source, target, action and
 * arguments. For covering such copies are one transition: requiring each
 * would make paths repeat a step for nothing and count it 27 times.
 */
export interface DistinctTransitions {
  /** The core with only the first of each set of identical transitions; transition ids renumbered densely, in the original order. */
  readonly core: GraphCore;
  /** The original id of each of {@link core}'s transitions. */
  readonly original: Int32Array;
  /** How many transitions were left out (copies of another). */
  readonly duplicates: number;
}

/**
 * Counts the transitions that are identical to an earlier one (same source,
 * target and action instance), without building anything: 0 for most graphs.
 */
export function countDuplicateTransitions(core: GraphCore): number {
  let duplicates = 0;
  const seen = new Set<number | string>();
  for (let s = 0; s < core.stateCount; s++) {
    const from = core.outStart[s]!;
    const to = core.outStart[s + 1]!;
    if (to - from < 2) continue;
    seen.clear();
    for (let i = from; i < to; i++) {
      const key = keyOf(core, core.outTransitions[i]!);
      if (seen.has(key)) duplicates++;
      else seen.add(key);
    }
  }
  return duplicates;
}

/** Which transitions of one source are identical: target * 2^21 + action stays below 2^53 for up to 2^32 states and 2^21 action instances; past that, a string. */
function keyOf(core: GraphCore, t: number): number | string {
  const action = core.action[t]!;
  const target = core.target[t]!;
  return action < 2 ** 21 ? target * 2 ** 21 + action : `${target},${action}`;
}

/**
 * The core without identical copies of transitions (see
 * {@link DistinctTransitions}), or undefined when there are none (the
 * common case: nothing is copied).
 */
export function distinctTransitions(core: GraphCore): DistinctTransitions | undefined {
  const keep = new Uint8Array(core.transitionCount).fill(1);
  let duplicates = 0;
  const seen = new Set<number | string>();
  for (let s = 0; s < core.stateCount; s++) {
    const from = core.outStart[s]!;
    const to = core.outStart[s + 1]!;
    if (to - from < 2) continue;
    seen.clear();
    for (let i = from; i < to; i++) {
      const t = core.outTransitions[i]!;
      const key = keyOf(core, t);
      if (seen.has(key)) {
        keep[t] = 0;
        duplicates++;
      } else seen.add(key);
    }
  }
  if (duplicates === 0) return undefined;
  const count = core.transitionCount - duplicates;
  const original = new Int32Array(count);
  const source = new Int32Array(count);
  const target = new Int32Array(count);
  const action = new Int32Array(count);
  let n = 0;
  for (let t = 0; t < core.transitionCount; t++) {
    if (!keep[t]) continue;
    original[n] = t;
    source[n] = core.source[t]!;
    target[n] = core.target[t]!;
    action[n] = core.action[t]!;
    n++;
  }
  // Grouped by source in transition order, as the original core is.
  const outStart = new Int32Array(core.stateCount + 1);
  for (let t = 0; t < count; t++) outStart[source[t]! + 1]!++;
  for (let s = 0; s < core.stateCount; s++) outStart[s + 1]! += outStart[s]!;
  const fill = outStart.slice(0, core.stateCount);
  const outTransitions = new Int32Array(count);
  for (let t = 0; t < count; t++) outTransitions[fill[source[t]!]!++] = t;
  return {
    core: { stateCount: core.stateCount, transitionCount: count, source, target, action, outStart, outTransitions, initialStates: core.initialStates },
    original,
    duplicates,
  };
}
