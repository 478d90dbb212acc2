import type { Cover } from "../cover/index.js";
import type { StateGraph } from "../graph/index.js";
import { printValue, type Value } from "../values/index.js";

/** A negative step: an action instance (inputs only) the model does not enable after step `after` of a path. */
export interface Refusal {
  readonly after: number;
  readonly action: string;
  readonly args: Readonly<Record<string, Value>>;
}

/** What {@link negativeSteps} chose. */
export interface NegativeSteps {
  /** Per cover path, its refusals in order. */
  readonly refusals: readonly (readonly Refusal[])[];
  /** Per offered action, the parameters left out as the implementation's answers. */
  readonly outputs: ReadonlyMap<string, readonly string[]>;
  /** Refusals over all paths. */
  readonly offered: number;
}

/**
 * The parameters of each action that the others always determine: at every
 * state, the transitions of the action that agree on the other parameters
 * agree on this one too. Those are the implementation's answers (a read's
 * value, a commit's outcome), not something a test can ask for.
 */
export function inferOutputs(graph: StateGraph, argNames: readonly (readonly string[])[]): Map<string, string[]> {
  const { core } = graph;
  const byName = new Map<string, number[]>();
  graph.actions.forEach((a, id) => {
    const ids = byName.get(a.name) ?? [];
    ids.push(id);
    byName.set(a.name, ids);
  });
  const printed = graph.actions.map((a) => a.args.map(printValue));
  const out = new Map<string, string[]>();
  for (const [name, ids] of [...byName].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const names = argNames[ids[0]!]!;
    const determined = names.map(() => true);
    for (let i = 0; i < names.length; i++) {
      const seen = new Map<string, string>();
      for (let s = 0; s < core.stateCount && determined[i]; s++) {
        seen.clear();
        for (let k = core.outStart[s]!; k < core.outStart[s + 1]!; k++) {
          const id = core.action[core.outTransitions[k]!]!;
          if (graph.actions[id]!.name !== name) continue;
          const args = printed[id]!;
          const others = args.filter((_, j) => j !== i).join("\u0000");
          const before = seen.get(others);
          if (before === undefined) seen.set(others, args[i]!);
          else if (before !== args[i]) {
            determined[i] = false;
            break;
          }
        }
      }
    }
    out.set(
      name,
      names.filter((_, i) => determined[i]),
    );
  }
  return out;
}

/**
 * Chooses the negative steps of a suite: along each path, the instances of
 * the offered actions (projected on their input parameters) that the model
 * does not enable at a state. Each (state, instance) is offered once over the
 * whole suite, at the first path that reaches the state, so the suite grows by
 * at most states × instances steps.
 */
export function negativeSteps(
  graph: StateGraph,
  cover: Cover,
  argNames: readonly (readonly string[])[],
  offered: readonly string[],
  outputs: ReadonlyMap<string, readonly string[]>,
): NegativeSteps {
  const { core } = graph;
  const wanted = new Set(offered);
  // Per offered action: its input parameters and its distinct input projections, in a fixed order.
  interface Offered {
    readonly inputs: readonly number[];
    readonly candidates: { readonly key: string; readonly args: Record<string, Value> }[];
  }
  const actions = new Map<string, Offered>();
  const keyOf: string[] = [];
  graph.actions.forEach((a, id) => {
    if (!wanted.has(a.name)) return;
    const names = argNames[id]!;
    let entry = actions.get(a.name);
    if (entry === undefined) {
      const outs = new Set(outputs.get(a.name) ?? []);
      entry = { inputs: names.flatMap((n, i) => (outs.has(n) ? [] : [i])), candidates: [] };
      actions.set(a.name, entry);
    }
    const key = `${a.name}(${entry.inputs.map((i) => printValue(a.args[i]!)).join(", ")})`;
    keyOf[id] = key;
    if (!entry.candidates.some((c) => c.key === key)) {
      const args: Record<string, Value> = {};
      for (const i of entry.inputs) args[names[i]!] = a.args[i]!;
      entry.candidates.push({ key, args });
    }
  });
  for (const entry of actions.values()) entry.candidates.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const names = [...actions.keys()].sort();

  const done = new Set<string>();
  let total = 0;
  const refusals = cover.paths.map((p) => {
    const list: Refusal[] = [];
    const states = [p.initialState, ...p.transitions.map((t) => core.target[t]!)];
    states.forEach((s, after) => {
      const enabled = new Set<string>();
      for (let k = core.outStart[s]!; k < core.outStart[s + 1]!; k++) {
        const key = keyOf[core.action[core.outTransitions[k]!]!];
        if (key !== undefined) enabled.add(key);
      }
      for (const name of names) {
        for (const c of actions.get(name)!.candidates) {
          if (enabled.has(c.key)) continue;
          const id = `${s}:${c.key}`;
          if (done.has(id)) continue;
          done.add(id);
          list.push({ after, action: name, args: c.args });
        }
      }
    });
    total += list.length;
    return list;
  });
  const used = new Map<string, readonly string[]>();
  for (const name of names) used.set(name, outputs.get(name) ?? []);
  return { refusals, outputs: used, offered: total };
}
