import type { Definition, Expr, Module } from "./syntax.js";

/** An action of a spec's next-state relation, as the explorer and TLC label its steps. */
export interface SpecAction {
  /** The operator's name (`Read`), the label of its transitions. */
  readonly name: string;
  /** Its parameters (`t, k, v`): the names adapters get arguments by. */
  readonly params: readonly string[];
}

/**
 * The actions of a next-state relation, read from its syntax without
 * evaluating it: the split the explorer makes at every state (and TLC's
 * action labels), done once. Disjunctions, `\E` and LET bodies are looked
 * into; an application of a definition names the action after it and is
 * entered; anything else is a step of the action named so far. Actions are
 * listed once each, in the order Next mentions them. (A disjunct guarded by
 * a condition that is never true is still listed: this is the spec's text.)
 */
export function specActions(module: Module, next: Expr, nextName = "Next"): SpecAction[] {
  const found = new Map<string, SpecAction>();
  const variables = new Set(module.variables);
  const entered = new Set<string>();
  const walk = (e: Expr, label: SpecAction, bound: ReadonlySet<string>, locals: ReadonlyMap<string, Definition>): void => {
    if (e.kind === "or") {
      for (const item of e.items) walk(item, label, bound, locals);
      return;
    }
    if (e.kind === "quant" && e.q === "exists") {
      walk(e.body, label, new Set([...bound, ...e.bounds.flatMap((b) => b.names)]), locals);
      return;
    }
    if (e.kind === "let") {
      const inner = new Map(locals);
      for (const d of e.definitions) inner.set(d.name, d);
      walk(e.body, label, bound, inner);
      return;
    }
    if ((e.kind === "apply" || e.kind === "ref") && !bound.has(e.name)) {
      const def = locals.get(e.name) ?? module.definitions.get(e.name);
      // A subexpression name without parameters (SANY's $Nop) is not entered, as the explorer does not.
      if (def !== undefined && !/!(\d|<<|>>|:|\(|@)/.test(e.name)) {
        const action = { name: def.name === "LAMBDA" ? e.name : def.name, params: def.params };
        // As the explorer (and TLC): an application with an argument that is not constant is one action, not entered.
        if (e.kind === "apply" && e.args.some((a) => mentionsState(a, variables, bound))) {
          if (!found.has(action.name)) found.set(action.name, { name: action.name, params: [] });
          return;
        }
        // A definition entered twice (recursion, or one action reached from two disjuncts) is read once.
        if (entered.has(action.name)) return;
        entered.add(action.name);
        walk(def.body, action, new Set(def.params), locals);
        return;
      }
    }
    if (!found.has(label.name)) found.set(label.name, label);
  };
  const top = module.definitions.get(nextName);
  walk(next, { name: nextName, params: top?.params ?? [] }, new Set(), new Map());
  return [...found.values()];
}

/** Whether an expression mentions a variable (not shadowed by a bound name) or a prime: it is not constant. */
function mentionsState(e: unknown, variables: ReadonlySet<string>, bound: ReadonlySet<string>): boolean {
  if (typeof e !== "object" || e === null) return false;
  if (Array.isArray(e)) return e.some((x) => mentionsState(x, variables, bound));
  const node = e as { kind?: unknown; name?: unknown };
  if (node.kind === "prime") return true;
  if (node.kind === "ref" && typeof node.name === "string" && variables.has(node.name) && !bound.has(node.name)) return true;
  for (const [key, value] of Object.entries(e)) if (key !== "at" && mentionsState(value, variables, bound)) return true;
  return false;
}
