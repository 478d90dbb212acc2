import type { Cover } from "../cover/index.js";
import type { StateGraph } from "../graph/index.js";
import { equals, printValue, type Value } from "../values/index.js";
import { setOwn } from "../util/own.js";

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
 * does not enable at a state. In an initial state all of them; after a step,
 * those of the step's actor (an instance with its first argument among its
 * inputs: what a transaction or process may no longer do once it moved).
 * Each is offered once over the whole suite after each transition, at the
 * first path that takes it: a state is reached in ways an implementation may
 * tell apart (a commit that fails reaches the state an abort does).
 */
/**
 * Where the instances come from when the graph does not hold every
 * transition of its states (the concrete paths of a SYMMETRY-reduced model):
 * more instances to offer, and the instances enabled at a state.
 */
export interface EnabledInstances {
  /** Instances of the model's actions besides the graph's (e.g. the reduced graph's). */
  readonly instances: readonly { readonly name: string; readonly args: readonly Value[] }[];
  /** The instances enabled at a state of the graph. */
  enabledAt(state: number): readonly { readonly name: string; readonly args: readonly Value[] }[];
}

export function negativeSteps(
  graph: StateGraph,
  cover: Cover,
  argNames: readonly (readonly string[])[],
  offered: readonly string[],
  outputs: ReadonlyMap<string, readonly string[]>,
  model?: EnabledInstances,
): NegativeSteps {
  const { core } = graph;
  const wanted = new Set(offered);
  // Per offered action: its input parameters and its distinct input projections, in a fixed order.
  interface Offered {
    readonly inputs: readonly number[];
    readonly candidates: { readonly key: string; readonly args: Record<string, Value>; readonly values: readonly Value[] }[];
  }
  const actions = new Map<string, Offered>();
  const namesOf = new Map<string, readonly string[]>();
  graph.actions.forEach((a, id) => namesOf.set(a.name, argNames[id]!));
  const keyOf = (name: string, args: readonly Value[]): string | undefined => {
    const entry = actions.get(name);
    return entry && `${name}(${entry.inputs.map((i) => printValue(args[i]!)).join(", ")})`;
  };
  const candidate = (name: string, args: readonly Value[]): void => {
    if (!wanted.has(name)) return;
    const names = namesOf.get(name)!;
    let entry = actions.get(name);
    if (entry === undefined) {
      const outs = new Set(outputs.get(name) ?? []);
      entry = { inputs: names.flatMap((n, i) => (outs.has(n) ? [] : [i])), candidates: [] };
      actions.set(name, entry);
    }
    const key = keyOf(name, args)!;
    if (!entry.candidates.some((c) => c.key === key)) {
      const inputs: Record<string, Value> = {};
      for (const i of entry.inputs) setOwn(inputs, names[i]!, args[i]!); // a parameter named __proto__ stays a parameter
      entry.candidates.push({ key, args: inputs, values: Object.values(inputs) });
    }
  };
  for (const a of graph.actions) candidate(a.name, a.args);
  for (const a of model?.instances ?? []) if (namesOf.has(a.name)) candidate(a.name, a.args);
  for (const entry of actions.values()) entry.candidates.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const names = [...actions.keys()].sort();
  const enabledAt = (s: number): Set<string> => {
    const enabled = new Set<string>();
    if (model) {
      for (const a of model.enabledAt(s)) {
        const key = keyOf(a.name, a.args);
        if (key !== undefined) enabled.add(key);
      }
      return enabled;
    }
    for (let k = core.outStart[s]!; k < core.outStart[s + 1]!; k++) {
      const a = graph.actions[core.action[core.outTransitions[k]!]!]!;
      const key = keyOf(a.name, a.args);
      if (key !== undefined) enabled.add(key);
    }
    return enabled;
  };

  const done = new Set<string>();
  let total = 0;
  const refusals = cover.paths.map((p) => {
    const list: Refusal[] = [];
    const states = [p.initialState, ...p.transitions.map((t) => core.target[t]!)];
    states.forEach((s, after) => {
      let enabled: Set<string> | undefined;
      // After a step, the instances of its actor (its first argument: the transaction or process it moved).
      const actor = after === 0 ? undefined : graph.actions[core.action[p.transitions[after - 1]!]!]!.args[0];
      for (const name of names) {
        for (const c of actions.get(name)!.candidates) {
          if (actor !== undefined && !c.values.some((v) => equals(v, actor))) continue;
          const id = `${after === 0 ? `i${s}` : p.transitions[after - 1]}:${c.key}`;
          if (done.has(id)) continue;
          enabled ??= enabledAt(s);
          if (enabled.has(c.key)) continue;
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
