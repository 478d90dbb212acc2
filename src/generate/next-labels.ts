/**
 * Transitions labelled with the next-state relation itself. TLC names a
 * transition after the action definition it reached when it split Next into
 * actions: it splits through `\/`, through `\E` over a set it can evaluate
 * without a state (a constant), and into the definitions Next applies. A
 * disjunct written inline, or an `\E` over a set that depends on a variable
 * (`\E t \in tx : ...`), stays whole and is labelled with the enclosing
 * definition: often `Next`, with no arguments (tlaplus/Examples'
 * KeyValueStore: 25,280 edges labelled `Next`). A suite with one `Next`
 * handler cannot tell the steps apart, so generate refuses it and names the
 * spec change that gives action names.
 *
 * @module
 */
import { TlabridgeError } from "../errors.js";
import type { StateGraph } from "../graph/index.js";

/**
 * The name of the next-state relation: the config's NEXT, else the `N` of
 * its SPECIFICATION's `[][N]_v` in the spec, else `Next`.
 */
export function nextRelationName(config: { readonly next?: string | undefined; readonly specification?: string | undefined } | undefined, specText: string | undefined): string {
  if (config?.next !== undefined) return config.next;
  if (config?.specification !== undefined && specText !== undefined) {
    const name = config.specification.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    // The definition's text: up to the next line that starts a definition or the end of the module.
    const body = new RegExp(`^${name}\\s*==([\\s\\S]*?)(?=^[A-Za-z_][A-Za-z0-9_]*(?:\\([^)]*\\))?\\s*==|^====)`, "m").exec(specText)?.[1];
    const next = body !== undefined ? /\[\]\s*\[\s*([A-Za-z_][A-Za-z0-9_!]*)\s*\]_/.exec(body)?.[1] : undefined;
    if (next !== undefined) return next;
  }
  return "Next";
}

/**
 * The error for a graph whose transitions are labelled with the next-state
 * relation `next` itself (without arguments) where that label wraps several
 * actions (other actions beside it, or a state with two different `next`
 * steps), or undefined: none is, or `next` is one deterministic action.
 */
export function unsplitNextError(graph: StateGraph, next: string, source: string): TlabridgeError | undefined {
  const wrapped = graph.actions.findIndex((a) => a.name === next && a.args.length === 0);
  if (wrapped < 0) return undefined;
  const { core } = graph;
  let labelled = 0;
  for (let t = 0; t < core.transitionCount; t++) if (core.action[t] === wrapped) labelled++;
  if (labelled === 0) return undefined;
  // A Next that is one deterministic action (x' = x + 1) is a fine handler; one that wraps several has steps the label
  // cannot tell apart: other actions beside it (a disjunct TLC did split), or a state with two different Next steps.
  const split = graph.actions.some((a, id) => id !== wrapped && a.name !== "") && labelled < core.transitionCount;
  const branching = (): boolean => {
    for (let s = 0; s < core.stateCount; s++) {
      let first = -1;
      for (let i = core.outStart[s]!; i < core.outStart[s + 1]!; i++) {
        const t = core.outTransitions[i]!;
        if (core.action[t] !== wrapped) continue;
        if (first < 0) first = core.target[t]!;
        else if (core.target[t] !== first) return true;
      }
    }
    return false;
  };
  if (!split && !branching()) return undefined;
  const all = labelled === graph.core.transitionCount;
  const how = all ? `all ${labelled.toLocaleString("en-US")} transitions of ${source} are` : `${labelled.toLocaleString("en-US")} of the ${graph.core.transitionCount.toLocaleString("en-US")} transitions of ${source} are`;
  return new TlabridgeError(
    "GENERATE_UNSPLIT_NEXT",
    `${how} labelled ${next}, the next-state relation itself, so a suite would have one ${next} handler that cannot tell the steps apart: TLC names a step after the action definition it reaches when splitting ${next} through \\/, \\E over a constant set and definitions, and labels a disjunct written inline or an \\E over a set that depends on a variable (\\E t \\in tx : ...) with ${next}; write ${next} as a disjunction of action operators at the top level, quantified over constants (e.g. ${next} == \\E t \\in TxId : Begin(t) \\/ Commit(t), with t \\in tx as a guard inside the action), then dump again.`,
  );
}
