import { stronglyConnectedComponents } from "./scc.js";
import type { StateGraph } from "./state-graph.js";
import { setOwn } from "../util/own.js";
import { countDuplicateTransitions } from "./distinct.js";

/** What `tlabridge graph --json` prints. */
export interface GraphStats {
  /** Number of states. */
  readonly states: number;
  /** Number of transitions (parallel transitions and self-loops included): every edge the source printed. */
  readonly transitions: number;
  /** Number of distinct transitions: identical copies (same source, target, action and arguments) counted once, as covers count them. */
  readonly distinctTransitions: number;
  /** Number of initial states. */
  readonly initialStates: number;
  /** Number of transitions from a state to itself. */
  readonly selfLoops: number;
  /** Number of transitions per action name, names in ascending order. */
  readonly actions: Readonly<Record<string, number>>;
  /** Variable names, in the order the source printed them. */
  readonly variables: readonly string[];
  /** Number of strongly connected components. */
  readonly stronglyConnectedComponents: number;
}

/** Counts a graph's states, transitions, self-loops, actions and components. */
export function graphStats(graph: StateGraph): GraphStats {
  const { core } = graph;
  let selfLoops = 0;
  const perAction = new Float64Array(graph.actions.length);
  for (let t = 0; t < core.transitionCount; t++) {
    if (core.source[t] === core.target[t]) selfLoops++;
    perAction[core.action[t]!]!++;
  }
  const byName = new Map<string, number>();
  graph.actions.forEach((a, id) => byName.set(a.name, (byName.get(a.name) ?? 0) + perAction[id]!));
  const actions: Record<string, number> = {};
  for (const name of [...byName.keys()].sort()) setOwn(actions, name, byName.get(name)!);
  return {
    states: core.stateCount,
    transitions: core.transitionCount,
    distinctTransitions: core.transitionCount - countDuplicateTransitions(core),
    initialStates: core.initialStates.length,
    selfLoops,
    actions,
    variables: graph.variables,
    stronglyConnectedComponents: stronglyConnectedComponents(core).count,
  };
}
