import type { GraphCore } from "../graph/index.js";

/**
 * Breadth-first searches over a graph, optionally confined to one strongly
 * connected component, with scratch arrays reused across calls (a cover runs
 * thousands of them).
 */
export class Walker {
  private readonly stamp: Int32Array;
  private readonly parentTransition: Int32Array;
  private readonly queue: Int32Array;
  private epoch = 0;

  constructor(
    private readonly core: GraphCore,
    /** Component of each state, or undefined to search the whole graph. */
    private readonly componentOf?: Int32Array,
  ) {
    this.stamp = new Int32Array(core.stateCount);
    this.parentTransition = new Int32Array(core.stateCount);
    this.queue = new Int32Array(core.stateCount);
  }

  /**
   * Shortest walk from `from` to the nearest state satisfying `isGoal`,
   * staying inside `from`'s component when components were given (and
   * `confine` is true). Returns the transitions, or undefined if none is
   * reachable. `from` itself counts when it satisfies `isGoal`.
   */
  walkTo(from: number, isGoal: (state: number) => boolean, confine = true): number[] | undefined {
    if (isGoal(from)) return [];
    const { outStart, outTransitions, target } = this.core;
    const component = confine && this.componentOf ? this.componentOf[from]! : -1;
    const epoch = ++this.epoch;
    let head = 0;
    let tail = 0;
    this.queue[tail++] = from;
    this.stamp[from] = epoch;
    while (head < tail) {
      const u = this.queue[head++]!;
      for (let k = outStart[u]!; k < outStart[u + 1]!; k++) {
        const t = outTransitions[k]!;
        const v = target[t]!;
        if (this.stamp[v] === epoch) continue;
        if (component >= 0 && this.componentOf![v] !== component) continue;
        this.stamp[v] = epoch;
        this.parentTransition[v] = t;
        if (isGoal(v)) return this.trace(from, v);
        this.queue[tail++] = v;
      }
    }
    return undefined;
  }

  private trace(from: number, to: number): number[] {
    const steps: number[] = [];
    for (let v = to; v !== from; ) {
      const t = this.parentTransition[v]!;
      steps.push(t);
      v = this.core.source[t]!;
    }
    return steps.reverse();
  }
}

/**
 * Shortest paths from the initial states to every state (multi-source
 * breadth-first search): the prefix a path needs to reach a state.
 */
export class InitialDistances {
  /** Steps from the nearest initial state, or -1 when unreachable. */
  readonly distance: Int32Array;
  private readonly parentTransition: Int32Array;

  constructor(private readonly core: GraphCore) {
    const n = core.stateCount;
    this.distance = new Int32Array(n).fill(-1);
    this.parentTransition = new Int32Array(n).fill(-1);
    const queue = new Int32Array(n);
    let head = 0;
    let tail = 0;
    for (const s of core.initialStates) {
      this.distance[s] = 0;
      queue[tail++] = s;
    }
    while (head < tail) {
      const u = queue[head++]!;
      for (let k = core.outStart[u]!; k < core.outStart[u + 1]!; k++) {
        const t = core.outTransitions[k]!;
        const v = core.target[t]!;
        if (this.distance[v] !== -1) continue;
        this.distance[v] = this.distance[u]! + 1;
        this.parentTransition[v] = t;
        queue[tail++] = v;
      }
    }
  }

  /** The initial state a shortest prefix to `state` starts from. */
  origin(state: number): number {
    let v = state;
    while (this.parentTransition[v] !== -1) v = this.core.source[this.parentTransition[v]!]!;
    return v;
  }

  /** The transitions of a shortest walk from an initial state to `state`. */
  prefix(state: number): number[] {
    const steps: number[] = [];
    for (let v = state; this.parentTransition[v] !== -1; v = this.core.source[this.parentTransition[v]!]!) {
      steps.push(this.parentTransition[v]!);
    }
    return steps.reverse();
  }
}
