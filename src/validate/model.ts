import type { SpecStepper } from "../explorer/index.js";
import type { Action, StateGraph } from "../graph/index.js";
import { ValueTable, type Value } from "../values/index.js";

/** A step of the model: the action instance and the state it leads to. */
export interface ModelStep {
  readonly action: Action;
  /** The target's id (for a model explored on the fly, given on first use: most steps are pruned before). */
  readonly target: number;
  /** The target's variables, when the model has them without an id. */
  readonly values?: readonly Value[];
}

/** A state's variables by slot. */
export type StateLookup = (slot: number) => Value;

/** A state being built (Init's enumeration): a variable not assigned yet is undefined. */
export type PartialStateLookup = (slot: number) => Value | undefined;

/** What validation needs of a model: states by id, their variables and their steps. */
export interface ValidationModel {
  readonly variables: readonly string[];
  /**
   * The initial states, only those `keep` accepts when given (checked before
   * they get ids). `keep` may be asked about a state still being built: it
   * must accept what the variables assigned so far do not rule out.
   */
  initialStates(keep?: (state: PartialStateLookup) => boolean): readonly number[];
  /** The steps from a state; with `action`, only those of that action (a model may still give them all). */
  outgoing(state: number, action?: string): readonly ModelStep[];
  valueOf(state: number, slot: number): Value;
  /** States the model has produced so far (for a model explored on the fly). */
  readonly statesKnown: number;
  /** Action names of the model's steps: those of the graph's transitions, or every action of the spec's Next. */
  readonly actionNames?: readonly string[];
  /** Whether {@link actionNames} are all the spec's actions (read from Next), not only those a graph's transitions have. */
  readonly actionsComplete?: boolean;
}

/** A model from a whole state graph. */
export function graphModel(graph: StateGraph): ValidationModel {
  const cache = new Map<number, ModelStep[]>();
  return {
    variables: graph.variables,
    initialStates: (keep) => (keep ? graph.initialStates.filter((s) => keep((slot) => graph.valueOf(s, slot))) : graph.initialStates),
    outgoing: (state) => {
      let steps = cache.get(state);
      if (steps === undefined) {
        steps = [...graph.outgoing(state)].map((t) => ({ action: graph.actions[graph.core.action[t]!]!, target: graph.core.target[t]! }));
        cache.set(state, steps);
      }
      return steps;
    },
    valueOf: (state, slot) => graph.valueOf(state, slot),
    get statesKnown() {
      return graph.stateCount;
    },
    actionNames: [...new Set(graph.actions.map((a) => a.name))],
  };
}

/**
 * A model explored on the fly: states get ids as the search reaches them, and
 * a state's steps are computed the first time the search asks for them, so
 * only the part of the state space the logs lead to is ever evaluated.
 */
export function lazyModel(spec: SpecStepper): ValidationModel {
  const table = new ValueTable();
  const ids = new Map<string, number>();
  const states: (readonly Value[])[] = [];
  const steps = new Map<string, ModelStep[]>();
  const actions = new Map<string, Action>();
  const idOf = (s: readonly Value[]): number => {
    const key = s.map((v) => table.idOf(v)).join(",");
    let id = ids.get(key);
    if (id === undefined) {
      id = states.length;
      ids.set(key, id);
      states.push(s);
    }
    return id;
  };
  let initial: number[] | undefined;
  return {
    variables: spec.variables,
    // The log's initial state is checked as Init assigns each variable, so that Init's choices (N·4^N in EWD998) are cut early.
    initialStates: (keep) => (keep ? spec.initialStates((partial) => keep((slot) => partial[slot]!)).map(idOf) : (initial ??= spec.initialStates().map(idOf))),
    outgoing: (state, action) => {
      // With an action, only its steps: an event is one action, and the others are not evaluated.
      const cacheKey = action === undefined ? String(state) : `${state}\u0000${action}`;
      let out = steps.get(cacheKey);
      if (out === undefined) {
        out = spec.successors(states[state]!, action).map((step) => {
          const key = `${step.name}\u0000${step.args.map((a) => table.idOf(a)).join(",")}`;
          let action = actions.get(key);
          if (action === undefined) actions.set(key, (action = { name: step.name, args: step.args, argNames: step.argNames }));
          // Interning a state costs more than evaluating the log's checks on it, and all but a few steps fail them.
          let target: number | undefined;
          return {
            action,
            values: step.state,
            get target() {
              return (target ??= idOf(step.state));
            },
          };
        });
        steps.set(cacheKey, out);
      }
      return out;
    },
    valueOf: (state, slot) => states[state]![slot]!,
    get statesKnown() {
      return states.length;
    },
    // Read from Next's text, as the explorer splits it (a spec's every action, also those no state enables).
    actionNames: spec.actions.map((a) => a.name),
    actionsComplete: true,
  };
}
