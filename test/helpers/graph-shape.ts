import type { StateGraph } from "../../src/graph/index.js";
import type { ValueTable } from "../../src/values/index.js";

/** States as value keys and transitions as (source, action, arguments, target) keys, comparable across graphs. */
export function graphShape(graph: StateGraph, table: ValueTable, labelled: boolean): { states: string[]; transitions: string[] } {
  const stateKey = (id: number): string => graph.variables.map((v, slot) => `${v}=${table.idOf(graph.valueOf(id, slot))}`).sort().join(",");
  const keys = Array.from({ length: graph.stateCount }, (_, i) => stateKey(i));
  const transitions = [...graph.transitions()].map((t) => `${keys[t.source]} -${labelled ? `${t.name}(${t.args.map((a) => table.idOf(a)).join(",")})` : ""}-> ${keys[t.target]}`);
  return { states: [...keys].sort(), transitions: transitions.sort() };
}
