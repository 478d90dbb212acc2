import { MultiDirectedGraph } from "graphology";
import { printActionLabel, toItf, type ItfJson } from "../values/index.js";
import type { StateGraph } from "./state-graph.js";

/** Node attributes of the graphology view. */
export interface StateNodeAttributes {
  /** TLC's fingerprint as a decimal string, when known. */
  fingerprint: string | undefined;
  initial: boolean;
  outsideConstraint: boolean;
  /** The state's variables as ITF JSON. */
  variables: Record<string, ItfJson>;
}

/** Edge attributes of the graphology view. */
export interface TransitionEdgeAttributes {
  action: string;
  /** Arguments as ITF JSON. */
  args: ItfJson[];
  /** `Name(v1,v2)` as TLC labels the edge. */
  label: string;
}

/**
 * A graphology multigraph of a state graph, for queries, export and
 * pictures. Node keys are state ids, edge keys transition ids (as strings).
 * About 300 bytes per element: for large graphs, prefer the typed-array core.
 */
export function toGraphology(graph: StateGraph): MultiDirectedGraph<StateNodeAttributes, TransitionEdgeAttributes> {
  const g = new MultiDirectedGraph<StateNodeAttributes, TransitionEdgeAttributes>();
  for (const s of graph.states()) {
    const variables: Record<string, ItfJson> = {};
    for (const [name, v] of Object.entries(s.variables)) variables[name] = toItf(v);
    g.addNode(String(s.id), {
      fingerprint: s.fingerprint?.toString(),
      initial: s.initial,
      outsideConstraint: s.outsideConstraint,
      variables,
    });
  }
  for (const t of graph.transitions()) {
    g.addDirectedEdgeWithKey(String(t.id), String(t.source), String(t.target), {
      action: t.name,
      args: t.args.map(toItf),
      label: printActionLabel(t.name, t.args),
    });
  }
  return g;
}
