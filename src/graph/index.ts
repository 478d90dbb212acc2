/**
 * The StateGraph: the one data type every source produces and every job
 * consumes, its compact core, strongly connected components, statistics and
 * the graphology view.
 *
 * @module
 */
export { StateGraph, StateGraphBuilder } from "./state-graph.js";
export type { State, Transition, Action, GraphCore, StateDefinition } from "./state-graph.js";
export { stronglyConnectedComponents } from "./scc.js";
export type { Components } from "./scc.js";
export { graphStats } from "./stats.js";
export { distinctTransitions, countDuplicateTransitions } from "./distinct.js";
export type { DistinctTransitions } from "./distinct.js";
export type { GraphStats } from "./stats.js";
export { toGraphology } from "./graphology.js";
export type { StateNodeAttributes, TransitionEdgeAttributes } from "./graphology.js";
