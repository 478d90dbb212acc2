import { TlabridgeError } from "../errors.js";
import { distinctTransitions, stronglyConnectedComponents, type GraphCore, type StateGraph } from "../graph/index.js";
import { FlowNetwork, minimumFlow } from "./min-flow.js";
import { historyWitnesses, type HistoryMapping } from "../isolation/index.js";
import { lineGraph, type LineGraph } from "./pairs.js";
import { InitialDistances, Walker } from "./walks.js";

/** What a cover must exercise. */
export type Criterion = "transitions" | "transition-pairs" | "histories" | "states" | "actions";

/** The criteria. */
export const CRITERIA: readonly Criterion[] = ["transitions", "transition-pairs", "histories", "states", "actions"];

/** One path of a cover: a walk from an initial state. */
export interface CoverPath {
  /** The initial state the walk starts in. */
  readonly initialState: number;
  /** Transition ids, in order; each starts where the previous one ended. */
  readonly transitions: readonly number[];
}

/** A set of paths that together exercise a criterion, with the bound proving how few they are. */
export interface Cover {
  readonly criterion: Criterion;
  readonly paths: readonly CoverPath[];
  /** Total number of transitions taken over all paths. */
  readonly steps: number;
  /** Items of the criterion the paths exercise (transitions, pairs, states or action names). */
  readonly covered: number;
  /** Items of the criterion in the graph. */
  readonly total: number;
  /**
   * No cover of the reachable items has fewer paths (for `transitions` and
   * `states`: the minimum flow over the condensation; for `transition-pairs`:
   * the same over the line graph, plus one per transition that takes part in
   * no pair; for `actions` and `histories`: 1 when there is anything to cover).
   */
  readonly lowerBound: number;
  /** Distinct transitions the paths exercise. */
  readonly transitionsExercised: number;
  /** Distinct states the paths visit. */
  readonly statesVisited: number;
  /** The step bound the paths were cut to, if any. */
  readonly maxSteps: number | undefined;
  /**
   * Transitions of the graph identical to another one (same source, target,
   * action and arguments; TLC prints up to 27 such copies from one state),
   * counted once: `total`, `covered` and `transitionsExercised` count
   * distinct transitions, and the paths take the first of each set of copies.
   */
  readonly duplicateTransitions?: number;
}

/** Options for {@link coverGraph}. */
export interface CoverOptions {
  /** What to cover; `transitions` by default. */
  readonly criterion?: Criterion;
  /** Longest path allowed, in transitions; long paths are cut and re-entered from an initial state. */
  readonly maxSteps?: number;
  /** For `histories`: how the actions make a transactional history, and the most operations per transaction (default 2). */
  readonly histories?: { readonly mapping?: HistoryMapping | undefined; readonly maxOps?: number | undefined };
}

/**
 * Covers a state graph with paths from its initial states: every transition,
 * every state or every action name at least once. For `transitions` and
 * `states` the number of paths is the proven minimum.
 */
export function coverGraph(graph: StateGraph, options: CoverOptions = {}): Cover {
  const criterion = options.criterion ?? "transitions";
  if (graph.core.initialStates.length === 0) {
    throw new TlabridgeError(
      "COVER_NO_INITIAL_STATES",
      "The graph has no initial states, so no path can start: cover a -dump dot file (a plain -dump has no initial states).",
    );
  }
  if (options.maxSteps !== undefined && !(Number.isInteger(options.maxSteps) && options.maxSteps >= 1)) {
    throw new TlabridgeError("COVER_BAD_MAX_STEPS", `--max-steps must be a positive integer, not ${options.maxSteps}.`);
  }
  if (criterion === "histories" && options.maxSteps !== undefined) {
    throw new TlabridgeError("COVER_MAX_STEPS_HISTORIES", "a path cut short no longer produces its history, so --max-steps does not go with the histories criterion: bound the histories with --max-ops instead.");
  }
  // Identical copies of a transition are one transition to cover (transitions, pairs, states): the algorithms run on the
  // graph without them, and the paths are mapped back to the first copy's ids.
  const distinct = criterion === "actions" || criterion === "histories" ? undefined : distinctTransitions(graph.core);
  const core = distinct?.core ?? graph.core;
  const distances = new InitialDistances(core);
  let paths: CoverPath[];
  let lowerBound: number;
  let historyCount = 0;
  let line: LineGraph | undefined;
  if (criterion === "actions") {
    paths = coverActions(graph, distances);
    lowerBound = paths.length > 0 ? 1 : 0;
  } else if (criterion === "transition-pairs") {
    ({ paths, lowerBound, line } = coverPairs(core, distances));
  } else if (criterion === "histories") {
    const histories = coverHistories(graph, options.histories ?? {});
    paths = histories.paths;
    lowerBound = paths.length > 0 ? 1 : 0;
    historyCount = histories.count;
  } else {
    ({ paths, lowerBound } = coverByFlow(core, criterion, distances));
  }
  // A cut pair-cover path repeats the transition before the cut, so the pair across the cut stays covered.
  if (options.maxSteps !== undefined) paths = cutPaths(core, paths, options.maxSteps, distances, criterion === "transition-pairs" ? 1 : 0);
  const cover = summarize(graph, core, criterion, paths, lowerBound, options.maxSteps, line);
  if (criterion === "histories") return { ...cover, covered: historyCount, total: historyCount };
  if (distinct === undefined) return cover;
  const original = distinct.original;
  return { ...cover, paths: cover.paths.map((p) => ({ initialState: p.initialState, transitions: p.transitions.map((t) => original[t]!) })), duplicateTransitions: distinct.duplicates };
}

/** The cover's counts, over `core` (the graph's, or the one without identical copies of transitions). */
function summarize(graph: StateGraph, core: GraphCore, criterion: Criterion, paths: CoverPath[], lowerBound: number, maxSteps: number | undefined, line?: LineGraph): Cover {
  const transitionSeen = new Uint8Array(core.transitionCount);
  const stateSeen = new Uint8Array(core.stateCount);
  const actionNames = new Set<string>();
  let steps = 0;
  let transitionsExercised = 0;
  let statesVisited = 0;
  const visit = (s: number): void => {
    if (!stateSeen[s]) {
      stateSeen[s] = 1;
      statesVisited++;
    }
  };
  for (const p of paths) {
    visit(p.initialState);
    steps += p.transitions.length;
    for (const t of p.transitions) {
      if (!transitionSeen[t]) {
        transitionSeen[t] = 1;
        transitionsExercised++;
        actionNames.add(graph.actions[core.action[t]!]!.name);
      }
      visit(core.target[t]!);
    }
  }
  const allActions = new Set(graph.actions.map((a) => a.name));
  const [covered, total] =
    criterion === "transitions"
      ? [transitionsExercised, core.transitionCount]
      : criterion === "transition-pairs"
        ? pairsExercised(core, paths, line ?? lineGraph(core))
      : criterion === "states"
        ? [statesVisited, core.stateCount]
        : [actionNames.size, allActions.size];
  return { criterion, paths, steps, covered, total, lowerBound, transitionsExercised, statesVisited, maxSteps };
}

// ---------------------------------------------------------------------------
// transitions and states: minimum flow over the condensation

interface Condensation {
  readonly count: number;
  readonly componentOf: Int32Array;
  /** States of each component, grouped (CSR). */
  readonly stateStart: Int32Array;
  readonly states: Int32Array;
  /** Transitions inside each component. */
  readonly internal: Int32Array;
}

function condense(core: GraphCore): Condensation {
  const { count, componentOf } = stronglyConnectedComponents(core);
  const stateStart = new Int32Array(count + 1);
  for (let s = 0; s < core.stateCount; s++) stateStart[componentOf[s]! + 1]!++;
  for (let c = 0; c < count; c++) stateStart[c + 1]! += stateStart[c]!;
  const states = new Int32Array(core.stateCount);
  const fill = stateStart.slice(0, count);
  for (let s = 0; s < core.stateCount; s++) states[fill[componentOf[s]!]!++] = s;
  const internal = new Int32Array(count);
  for (let t = 0; t < core.transitionCount; t++) {
    const c = componentOf[core.source[t]!]!;
    if (c === componentOf[core.target[t]!]) internal[c]!++;
  }
  return { count, componentOf, stateStart, states, internal };
}

function coverByFlow(core: GraphCore, criterion: "transitions" | "states", distances: InitialDistances): { paths: CoverPath[]; lowerBound: number } {
  const cond = condense(core);
  const { count, componentOf } = cond;
  const reachable = (c: number): boolean => distances.distance[cond.states[cond.stateStart[c]!]!]! >= 0;
  const needsTour = (c: number): boolean => (criterion === "transitions" ? cond.internal[c]! > 0 : cond.stateStart[c + 1]! - cond.stateStart[c]! > 1);

  // Network: source 0, sink 1, component c entered at 2 + 2c and left at 3 + 2c.
  const net = new FlowNetwork(2 + 2 * count);
  const SOURCE = 0;
  const SINK = 1;
  const nodeArc = new Int32Array(count).fill(-1);
  const sinkArc = new Int32Array(count).fill(-1);
  const entrySinkArc = new Int32Array(count).fill(-1);
  const interStart = new Int32Array(count + 1);
  const arcTarget: number[] = []; // per inter arc: target component
  const arcTransitionStart: number[] = [0];
  const arcTransitions: number[] = [];
  const firstInitial = new Int32Array(count).fill(-1);
  for (const s of core.initialStates) {
    const c = componentOf[s]!;
    if (firstInitial[c] === -1) firstInitial[c] = s;
  }
  const interArcBase: number[] = [];
  for (let c = 0; c < count; c++) {
    interStart[c] = arcTarget.length;
    if (!reachable(c)) continue;
    const required = criterion === "states" || cond.internal[c]! > 0;
    nodeArc[c] = net.addArc(2 + 2 * c, 3 + 2 * c, required ? 1 : 0);
    sinkArc[c] = net.addArc(3 + 2 * c, SINK, 0);
    // A path may also end on entering c (more paths may arrive than c sends on).
    entrySinkArc[c] = net.addArc(2 + 2 * c, SINK, 0);
    if (firstInitial[c] >= 0) net.addArc(SOURCE, 2 + 2 * c, 0);
    // Transitions to other components, grouped by target component in order of first appearance.
    const groups = new Map<number, number[]>();
    for (let k = cond.stateStart[c]!; k < cond.stateStart[c + 1]!; k++) {
      const s = cond.states[k]!;
      for (let j = core.outStart[s]!; j < core.outStart[s + 1]!; j++) {
        const t = core.outTransitions[j]!;
        const d = componentOf[core.target[t]!]!;
        if (d === c) continue;
        let group = groups.get(d);
        if (group === undefined) groups.set(d, (group = []));
        group.push(t);
      }
    }
    for (const [d, group] of groups) {
      interArcBase.push(net.addArc(3 + 2 * c, 2 + 2 * d, criterion === "transitions" ? group.length : 0));
      arcTarget.push(d);
      for (const t of group) arcTransitions.push(t);
      arcTransitionStart.push(arcTransitions.length);
    }
  }
  interStart[count] = arcTarget.length;

  const order: number[] = [];
  for (let c = 0; c < count; c++) if (reachable(c)) order.push(3 + 2 * c, 2 + 2 * c);
  const flow = minimumFlow(net, SOURCE, SINK, Int32Array.from(order));
  const remaining = flow.onArc.slice();

  // Decompose the flow into component-level paths and make each a concrete walk.
  const walker = new Walker(core, componentOf);
  const toured = new Uint8Array(count);
  const covered = new Uint8Array(core.transitionCount);
  const visited = new Uint8Array(core.stateCount);
  const uncoveredInside = cond.internal.slice();
  const unvisitedInside = new Int32Array(count);
  for (let c = 0; c < count; c++) unvisitedInside[c] = cond.stateStart[c + 1]! - cond.stateStart[c]!;
  const nextOut = core.outStart.slice(0, core.stateCount);
  const interCursor = interStart.slice(0, count);
  const uses = new Int32Array(arcTarget.length);

  const take = (steps: number[], t: number): void => {
    steps.push(t);
    if (!covered[t]) {
      covered[t] = 1;
      const c = componentOf[core.source[t]!]!;
      if (c === componentOf[core.target[t]!]) uncoveredInside[c]!--;
    }
    const v = core.target[t]!;
    if (!visited[v]) {
      visited[v] = 1;
      unvisitedInside[componentOf[v]!]!--;
    }
  };
  const walk = (steps: number[], transitions: readonly number[]): number => {
    for (const t of transitions) take(steps, t);
    return transitions.length > 0 ? core.target[transitions[transitions.length - 1]!]! : -1;
  };
  const hasUncoveredInside = (s: number): boolean => {
    const c = componentOf[s]!;
    while (nextOut[s]! < core.outStart[s + 1]!) {
      const t = core.outTransitions[nextOut[s]!]!;
      if (!covered[t] && componentOf[core.target[t]!] === c) return true;
      nextOut[s]!++;
    }
    return false;
  };
  /** Walks component c from `from`, exercising all it must, and returns where it stopped. */
  const tour = (steps: number[], c: number, from: number): number => {
    let cur = from;
    if (criterion === "transitions") {
      while (uncoveredInside[c]! > 0) {
        if (hasUncoveredInside(cur)) {
          const t = core.outTransitions[nextOut[cur]!]!;
          take(steps, t);
          cur = core.target[t]!;
          continue;
        }
        const route = walker.walkTo(cur, hasUncoveredInside);
        if (route === undefined) break;
        if (route.length > 0) cur = walk(steps, route);
      }
    } else {
      while (unvisitedInside[c]! > 0) {
        const route = walker.walkTo(cur, (s) => !visited[s]);
        if (route === undefined) break;
        cur = walk(steps, route);
      }
    }
    return cur;
  };

  const paths: CoverPath[] = [];
  for (let a = 0; a < net.arcCount; a++) {
    if (net.tail(a) !== SOURCE) continue;
    while (remaining[a]! > 0) {
      remaining[a]!--;
      let c = (net.head(a) - 2) / 2;
      const start = firstInitial[c]!;
      const steps: number[] = [];
      if (!visited[start]) {
        visited[start] = 1;
        unvisitedInside[c]!--;
      }
      let cur = start;
      for (;;) {
        if (remaining[nodeArc[c]!]! === 0) {
          remaining[entrySinkArc[c]!]!--;
          break;
        }
        remaining[nodeArc[c]!]!--;
        if (needsTour(c) && !toured[c]) {
          toured[c] = 1;
          cur = tour(steps, c, cur);
        }
        // Leave by a transition to another component while flow says so, else end here.
        while (interCursor[c]! < interStart[c + 1]! && remaining[interArcBase[interCursor[c]!]!]! === 0) interCursor[c]!++;
        const arc = interCursor[c]!;
        if (arc >= interStart[c + 1]!) {
          remaining[sinkArc[c]!]!--;
          break;
        }
        remaining[interArcBase[arc]!]!--;
        const first = arcTransitionStart[arc]!;
        const t = arcTransitions[first + (uses[arc]!++ % (arcTransitionStart[arc + 1]! - first))]!;
        const exit = core.source[t]!;
        if (exit !== cur) walk(steps, walker.walkTo(cur, (s) => s === exit)!);
        take(steps, t);
        cur = core.target[t]!;
        c = arcTarget[arc]!;
      }
      paths.push({ initialState: start, transitions: steps });
    }
  }
  return { paths, lowerBound: flow.value };
}

// ---------------------------------------------------------------------------
// transition-pairs: minimum flow over the line graph

function coverPairs(core: GraphCore, distances: InitialDistances): { paths: CoverPath[]; lowerBound: number; line: LineGraph } {
  const line = lineGraph(core);
  const lineCover = coverByFlow(line.core, "transitions", new InitialDistances(line.core));
  const paths: CoverPath[] = lineCover.paths.map((p) => ({
    initialState: core.source[p.initialState]!,
    transitions: [p.initialState, ...p.transitions.map((pair) => line.core.target[pair]!)],
  }));
  // A transition in no pair (from an initial state that nothing enters, to a state nothing leaves) is a path of its own.
  const inPath = new Uint8Array(core.transitionCount);
  for (const p of paths) for (const t of p.transitions) inPath[t] = 1;
  let alone = 0;
  for (let t = 0; t < core.transitionCount; t++) {
    if (inPath[t] || distances.distance[core.source[t]!]! < 0) continue;
    paths.push({ initialState: distances.origin(core.source[t]!), transitions: [...distances.prefix(core.source[t]!), t] });
    alone++;
  }
  return { paths, lowerBound: lineCover.lowerBound + alone, line };
}

/** Distinct pairs (and transitions in no pair) the paths exercise, and how many the graph has. */
function pairsExercised(core: GraphCore, paths: readonly CoverPath[], line: LineGraph): [number, number] {
  const entered = new Uint8Array(core.stateCount);
  for (let t = 0; t < core.transitionCount; t++) entered[core.target[t]!] = 1;
  const seen = new Uint8Array(line.core.transitionCount);
  // 1: a transition in no pair, 2: one of those, exercised.
  const alone = new Uint8Array(core.transitionCount);
  let covered = 0;
  let total = line.core.transitionCount;
  for (let t = 0; t < core.transitionCount; t++) {
    if (line.pairStart[t + 1] === line.pairStart[t] && !entered[core.source[t]!]) {
      alone[t] = 1;
      total++;
    }
  }
  for (const p of paths) {
    for (let i = 0; i < p.transitions.length; i++) {
      const t = p.transitions[i]!;
      if (alone[t] === 1) {
        alone[t] = 2;
        covered++;
      }
      if (i === 0) continue;
      const pair = line.pairStart[p.transitions[i - 1]!]! + line.position[t]!;
      if (!seen[pair]) {
        seen[pair] = 1;
        covered++;
      }
    }
  }
  return [covered, total];
}

// ---------------------------------------------------------------------------
// histories: every distinct observable history at least once

/**
 * A shortest behaviour prefix for each distinct history (and real-time
 * order) the model produces, longest first; a path already producing a
 * history on its way makes that history's own path unneeded.
 */
function coverHistories(graph: StateGraph, options: NonNullable<CoverOptions["histories"]>): { paths: CoverPath[]; count: number } {
  const maxOps = options.maxOps ?? 2;
  const { witnesses } = historyWitnesses(graph, { mapping: options.mapping, maxOps, observable: true });
  const order = witnesses.map((_, i) => i).sort((a, b) => witnesses[b]!.transitions.length - witnesses[a]!.transitions.length || a - b);
  const produced = new Uint8Array(witnesses.length);
  const chosen: number[] = [];
  for (const i of order) {
    if (produced[i]) continue;
    chosen.push(i);
    for (const j of witnesses[i]!.produces) produced[j] = 1;
  }
  // In the order the histories were found (breadth first), so short paths come first.
  chosen.sort((a, b) => a - b);
  return { paths: chosen.map((i) => ({ initialState: witnesses[i]!.initialState, transitions: witnesses[i]!.transitions })), count: witnesses.length };
}

// ---------------------------------------------------------------------------
// actions: greedy, nearest uncovered action first

function coverActions(graph: StateGraph, distances: InitialDistances): CoverPath[] {
  const core = graph.core;
  const nameOf = graph.actions.map((a) => a.name);
  const uncovered = new Set(nameOf);
  const walker = new Walker(core);
  const paths: CoverPath[] = [];
  const leavesWithUncovered = (s: number): number => {
    for (let k = core.outStart[s]!; k < core.outStart[s + 1]!; k++) {
      const t = core.outTransitions[k]!;
      if (uncovered.has(nameOf[core.action[t]!]!)) return t;
    }
    return -1;
  };
  for (;;) {
    // The reachable transition of an uncovered action nearest to an initial state.
    let best = -1;
    for (let t = 0; t < core.transitionCount; t++) {
      const d = distances.distance[core.source[t]!]!;
      if (d < 0 || !uncovered.has(nameOf[core.action[t]!]!)) continue;
      if (best < 0 || d < distances.distance[core.source[best]!]!) best = t;
    }
    if (best < 0) break;
    const steps = [...distances.prefix(core.source[best]!), best];
    const initialState = distances.origin(core.source[best]!);
    for (const t of steps) uncovered.delete(nameOf[core.action[t]!]!);
    let cur = core.target[best]!;
    for (;;) {
      const route = walker.walkTo(cur, (s) => leavesWithUncovered(s) >= 0, false);
      if (route === undefined) break;
      for (const t of route) uncovered.delete(nameOf[core.action[t]!]!);
      for (const t of route) steps.push(t);
      cur = route.length > 0 ? core.target[route[route.length - 1]!]! : cur;
      const t = leavesWithUncovered(cur);
      steps.push(t);
      uncovered.delete(nameOf[core.action[t]!]!);
      cur = core.target[t]!;
    }
    paths.push({ initialState, transitions: steps });
  }
  return paths;
}

// ---------------------------------------------------------------------------
// --max-steps: cut long paths, re-entering from an initial state

/**
 * The smallest --max-steps with which every cut succeeds: a cut resumes at
 * a path's transition (the one before the cut, for pairs) through the
 * shortest prefix to it, so each transition where a cut may resume needs
 * its source's distance plus itself (and the next, for pairs). For the
 * transitions and pairs criteria this is also the least any cover needs.
 */
function leastMaxSteps(core: GraphCore, paths: readonly CoverPath[], distances: InitialDistances, overlap: number): number {
  let least = 1;
  for (const p of paths) {
    const n = p.transitions.length;
    for (let j = overlap === 0 ? 1 : 0; j < n - overlap; j++) {
      least = Math.max(least, distances.distance[core.source[p.transitions[j]!]!]! + 1 + overlap);
    }
  }
  return least;
}

function cutPaths(core: GraphCore, paths: readonly CoverPath[], maxSteps: number, distances: InitialDistances, overlap: number): CoverPath[] {
  const out: CoverPath[] = [];
  for (const p of paths) {
    if (p.transitions.length <= maxSteps) {
      out.push(p);
      continue;
    }
    let i = 0;
    let initialState = p.initialState;
    let piece: number[] = [];
    while (i < p.transitions.length) {
      if (piece.length === maxSteps) {
        out.push({ initialState, transitions: piece });
        i -= overlap;
        const at = core.source[p.transitions[i]!]!;
        const d = distances.distance[at]!;
        if (d + 1 + overlap > maxSteps) {
          const least = leastMaxSteps(core, paths, distances, overlap);
          throw new TlabridgeError(
            "COVER_MAX_STEPS_TOO_SMALL",
            `--max-steps ${maxSteps} is too small: the longest of the shortest paths the cover needs has ${least} steps; pass --max-steps ${least} or more.`,
          );
        }
        initialState = distances.origin(at);
        piece = distances.prefix(at);
      }
      piece.push(p.transitions[i++]!);
    }
    out.push({ initialState, transitions: piece });
  }
  return out;
}
