/**
 * Concrete behaviours from a symmetry-reduced state graph.
 *
 * With SYMMETRY, TLC (and the embedded explorer) keep one state per orbit:
 * a transition `s → r` of the graph means "some step leads from s to a state
 * in r's orbit", not "s steps to r". A cover path of such a graph is then a
 * walk through orbits, and replaying it literally drives an implementation
 * through steps the spec does not take (a test that fails a correct system).
 * This module walks each cover path again with the spec's own next-state
 * relation, no symmetry applied, choosing at each step the concrete
 * successor in the orbit the graph names: the result is a set of real
 * behaviours, one per cover path, that exercise the same orbits.
 *
 * @module
 */
import type { Cover, CoverPath } from "../cover/index.js";
import { TlabridgeError } from "../errors.js";
import { openSpec, type ExploreSpecOptions, type SpecStep, type SpecStepper } from "../explorer/index.js";
import { StateGraphBuilder, type StateGraph } from "../graph/index.js";
import { equals, printActionLabel, ValueTable, type Value } from "../values/index.js";

/** A state graph of concrete behaviours and the cover whose paths are those behaviours. */
export interface ConcreteBehaviours {
  /**
   * The states and transitions the concrete paths take, and nothing else:
   * each distinct state and each distinct (source, action instance, target)
   * once, in the order the paths first meet them. No fingerprints (these
   * are not the states TLC fingerprinted).
   */
  readonly graph: StateGraph;
  /**
   * One path per path of the quotient's cover, in the same order and of the
   * same length, over {@link graph}. `criterion`, `lowerBound`, `maxSteps`,
   * `covered` and `total` are the quotient cover's: they count the orbits
   * (of transitions, states or action names) the paths exercise.
   * `transitionsExercised` and `statesVisited` count the concrete ones.
   */
  readonly cover: Cover;
}

/**
 * Maps every path of a cover of a symmetry-reduced graph to a concrete
 * behaviour of the spec.
 *
 * For a cover path through graph states s0 … sn by actions a1 … an, it
 * takes c0, an initial state of the spec in s0's orbit (s0 itself when it is
 * initial), then for each step a successor of c(i-1) by an action named as
 * a(i) whose orbit is s(i)'s: preferably the one with a(i)'s arguments and
 * state s(i) itself (the identity permutation), then one with a(i)'s
 * arguments, then one with state s(i), then the first. The step's action
 * instance is the concrete successor's, so its arguments are the ones the
 * behaviour really takes. When SYMMETRY is sound (the permutations map
 * steps to steps) such a successor always exists; the orbits are compared
 * by the stepper's representatives, so the graph may keep any member of an
 * orbit (TLC keeps the first one it met).
 *
 * A stepper without SYMMETRY compares states by equality: the paths are then
 * checked to be behaviours and come back unchanged.
 *
 * @param graph The (symmetry-reduced) graph the cover is of.
 * @param cover A cover of `graph`.
 * @param stepper The spec opened with the config that produced `graph` ({@link openSpec}).
 * @throws TlabridgeError `GENERATE_SYMMETRY_UNSOUND` when a path has no concrete counterpart
 *   (the SYMMETRY is not a symmetry of the spec, or the graph is not this spec's),
 *   `GENERATE_SYMMETRY_UNSUPPORTED` when the explorer cannot evaluate the spec's steps,
 *   `GENERATE_SYMMETRY_MISMATCH` when the graph and the spec have different variables.
 */
export function concreteBehaviours(graph: StateGraph, cover: Cover, stepper: SpecStepper, options: { readonly images?: boolean } = {}): ConcreteBehaviours {
  // The stepper's variable i is the graph's slot slots[i]: sources may print variables in another order.
  const slots = stepper.variables.map((v) => graph.variables.indexOf(v));
  if (slots.includes(-1) || graph.variables.length !== stepper.variables.length) {
    throw new TlabridgeError(
      "GENERATE_SYMMETRY_MISMATCH",
      `the graph's variables (${graph.variables.join(", ")}) are not the spec's (${stepper.variables.join(", ")}): generate from the dump of this spec and config.`,
    );
  }
  const permutations = stepper.permutations ?? [];
  const represent = stepper.representative ? (s: readonly Value[]) => stepper.representative!(s) : (s: readonly Value[]) => s;
  const guarded = <T>(work: () => T): T => {
    try {
      return work();
    } catch (e) {
      if (e instanceof TlabridgeError && !e.code.startsWith("GENERATE_SYMMETRY")) {
        throw new TlabridgeError(
          "GENERATE_SYMMETRY_UNSUPPORTED",
          `the embedded explorer cannot step this spec (${reason(e)}), and a SYMMETRY-reduced graph needs it to map tests back to real behaviours: generate from a config without SYMMETRY.`,
        );
      }
      throw e;
    }
  };

  // Graph states in the stepper's variable order, and their orbits' representatives, computed once each.
  const graphStates = new Map<number, readonly Value[]>();
  const graphState = (id: number): readonly Value[] => {
    let s = graphStates.get(id);
    if (s === undefined) graphStates.set(id, (s = slots.map((slot) => graph.valueOf(id, slot))));
    return s;
  };
  const representatives = new Map<number, readonly Value[]>();
  const representativeOf = (id: number): readonly Value[] => {
    let r = representatives.get(id);
    if (r === undefined) representatives.set(id, (r = guarded(() => represent(graphState(id)))));
    return r;
  };

  const initials = guarded(() => stepper.initialStates());
  // Which concrete states are initial (a path may pass through one again).
  const keys = new ValueTable();
  const keyOf = (s: readonly Value[]): string => s.map((v) => keys.idOf(v)).join(",");
  const initialKeys = new Set(initials.map(keyOf));

  const out = new StateGraphBuilder();
  out.setVariables(graph.variables);
  const stateIds = new Map<string, number>();
  const addState = (s: readonly Value[], like: number): number => {
    const key = keyOf(s);
    let id = stateIds.get(key);
    if (id === undefined) {
      id = out.newState();
      const values = new Array<number>(s.length);
      slots.forEach((slot, i) => (values[slot] = out.valueId(s[i]!)));
      out.defineState(id, { values, initial: initialKeys.has(key), outsideConstraint: graph.isOutsideConstraint(like) });
      stateIds.set(key, id);
    }
    return id;
  };
  const transitionIds = new Map<string, number>();
  const addTransition = (source: number, step: SpecStep, target: number): number => {
    const action = out.actionId(step.name, step.args, step.argNames);
    const key = `${source},${action},${target}`;
    let id = transitionIds.get(key);
    if (id === undefined) transitionIds.set(key, (id = out.addTransition(source, target, action)));
    return id;
  };

  // Each path's concrete states and steps, for its images under the symmetry group.
  const walked: { states: (readonly Value[])[]; steps: SpecStep[] }[] = [];
  const mapped: CoverPath[] = cover.paths.map((p, index) => {
    const where = `path ${index + 1}`;
    const start = graphState(p.initialState);
    const startOrbit = representativeOf(p.initialState);
    const c0 = initials.find((s) => sameState(s, start)) ?? initials.find((s) => sameState(guarded(() => represent(s)), startOrbit));
    if (c0 === undefined) {
      throw new TlabridgeError(
        "GENERATE_SYMMETRY_UNSOUND",
        `${where}: no initial state of the spec is in the symmetry orbit of the graph's initial state ${p.initialState}, so the graph is not this spec's or its SYMMETRY is unsound: remove SYMMETRY from the config (or generate from this spec's own dump).`,
      );
    }
    let current = c0;
    let currentId = addState(c0, p.initialState);
    const initialState = currentId;
    const walk = { states: [c0] as (readonly Value[])[], steps: [] as SpecStep[] };
    walked.push(walk);
    const transitions = p.transitions.map((t, i) => {
      const target = graph.core.target[t]!;
      const action = graph.actions[graph.core.action[t]!]!;
      // The permutation that took the graph's state to the concrete one takes the graph's step to the concrete step:
      // following it keeps the path's pairs of steps what they were, not just their orbits.
      const source = graphState(graph.core.source[t]!);
      const rho = sameState(source, current) ? undefined : permutations.find((perm) => sameState(source.map(perm), current));
      const args = rho ? action.args.map(rho) : action.args;
      const wanted = graphState(target);
      const orbit = representativeOf(target);
      const from = current;
      const candidates = guarded(() => stepper.successors(from, action.name === "" ? undefined : action.name));
      let best: SpecStep | undefined;
      let bestScore = -1;
      for (const step of candidates) {
        // Cheap tests first: the exact state and arguments need no representative.
        const exact = sameState(step.state, wanted);
        const sameArgs = step.args.length === args.length && step.args.every((a, j) => equals(a, args[j]!));
        const score = (sameArgs ? 2 : 0) + (exact ? 1 : 0);
        if (score <= bestScore) continue;
        if (!exact && !sameState(guarded(() => represent(step.state)), orbit)) continue;
        best = step;
        bestScore = score;
        if (score === 3) break;
      }
      if (best === undefined) {
        throw new TlabridgeError(
          "GENERATE_SYMMETRY_UNSOUND",
          `${where}, step ${i + 1} (${printActionLabel(action.name, action.args)}): no step of the spec leads from the concrete state into the symmetry orbit of graph state ${target}, so the config's SYMMETRY is not a symmetry of this spec: remove SYMMETRY from the config and generate again.`,
        );
      }
      const next = addState(best.state, target);
      const id = addTransition(currentId, best, next);
      walk.states.push(best.state);
      walk.steps.push(best);
      current = best.state;
      currentId = next;
      return id;
    });
    return { initialState, transitions };
  });

  // With images, every permutation of every path too (an implementation need not be symmetric), each distinct path once.
  let paths = mapped;
  if (options.images && permutations.length > 0) {
    paths = [];
    const seen = new Set<string>();
    const keep = (path: CoverPath): void => {
      const key = `${path.initialState}:${path.transitions.join(",")}`;
      if (seen.has(key)) return;
      seen.add(key);
      paths.push(path);
    };
    mapped.forEach((path, i) => {
      keep(path);
      const { states, steps } = walked[i]!;
      for (const perm of permutations) {
        // An image is a behaviour only if SYMMETRY is a symmetry of the spec: asked of the spec, not assumed.
        const image = states.map((st) => st.map(perm));
        const isBehaviour =
          initials.some((st) => sameState(st, image[0]!)) &&
          steps.every((step, k) => {
            const args = step.args.map(perm);
            return guarded(() => stepper.successors(image[k]!, step.name)).some((x) => sameState(x.state, image[k + 1]!) && x.args.length === args.length && x.args.every((a, j) => equals(a, args[j]!)));
          });
        if (!isBehaviour) {
          throw new TlabridgeError(
            "GENERATE_SYMMETRY_UNSOUND",
            `path ${i + 1}: an image of its concrete behaviour under the config's SYMMETRY is not a behaviour of the spec, so the SYMMETRY is not a symmetry of this spec: remove SYMMETRY from the config and generate again.`,
          );
        }
        const ids = states.map((st, k) => addState(st.map(perm), k === 0 ? cover.paths[i]!.initialState : graph.core.target[cover.paths[i]!.transitions[k - 1]!]!));
        const transitions = steps.map((step, k) => addTransition(ids[k]!, { ...step, args: step.args.map(perm), state: step.state.map(perm) }, ids[k + 1]!));
        keep({ initialState: ids[0]!, transitions });
      }
    });
  }

  const concrete = out.build();
  const { transitionsExercised, statesVisited } = exercisedBy(concrete, paths);
  return {
    graph: concrete,
    cover: {
      criterion: cover.criterion,
      paths,
      steps: paths.reduce((n, p) => n + p.transitions.length, 0),
      covered: cover.covered,
      total: cover.total,
      lowerBound: cover.lowerBound,
      transitionsExercised,
      statesVisited,
      maxSteps: cover.maxSteps,
    },
  };
}

/**
 * Opens the spec with {@link openSpec} and maps the cover's paths to concrete
 * behaviours with {@link concreteBehaviours}. A spec using a construct the
 * explorer does not support is refused with `GENERATE_SYMMETRY_UNSUPPORTED`
 * (and the advice to drop SYMMETRY); other errors (a module not found, a
 * syntax or config error) are thrown as the explorer reports them.
 *
 * @param options The spec and the config that produced `graph` (with its SYMMETRY), and where to find modules.
 */
export async function concreteBehavioursOf(
  graph: StateGraph,
  cover: Cover,
  options: ExploreSpecOptions,
  mapping: { readonly images?: boolean } = {},
): Promise<ConcreteBehaviours & { readonly stepper: SpecStepper }> {
  let stepper: SpecStepper;
  try {
    stepper = await openSpec(options);
  } catch (e) {
    // Only a construct the explorer lacks needs the advice; a missing module (no --lib), a syntax or config error is the user's to fix as reported.
    if (e instanceof TlabridgeError && e.code === "EXPLORER_UNSUPPORTED") {
      throw new TlabridgeError(
        "GENERATE_SYMMETRY_UNSUPPORTED",
        `the embedded explorer cannot open this spec (${reason(e)}), and a SYMMETRY-reduced graph needs it to map tests back to real behaviours: generate from a config without SYMMETRY.`,
      );
    }
    throw e;
  }
  return { ...concreteBehaviours(graph, cover, stepper, mapping), stepper };
}

/** An error's message without the explorer's "use --engine tlc" advice, which the refusal replaces with its own. */
function reason(e: Error): string {
  return e.message.replace(/ \(use --engine tlc[^)]*\)$/, "");
}

function sameState(a: readonly Value[], b: readonly Value[]): boolean {
  return a.length === b.length && a.every((v, i) => equals(v, b[i]!));
}

/** The distinct transitions and states `paths` take through `graph`. */
export function exercisedBy(graph: StateGraph, paths: readonly { readonly initialState: number; readonly transitions: readonly number[] }[]): { transitionsExercised: number; statesVisited: number } {
  const transitionSeen = new Set<number>();
  const stateSeen = new Set<number>();
  for (const p of paths) {
    stateSeen.add(p.initialState);
    for (const t of p.transitions) {
      transitionSeen.add(t);
      stateSeen.add(graph.core.target[t]!);
    }
  }
  return { transitionsExercised: transitionSeen.size, statesVisited: stateSeen.size };
}
