import type { MultiDirectedGraph } from "graphology";
import { IntList } from "../util/int-list.js";
import { ValueTable, type Value } from "../values/index.js";
import { toGraphology, type StateNodeAttributes, type TransitionEdgeAttributes } from "./graphology.js";
import { setOwn } from "../util/own.js";

/** One state of a {@link StateGraph}. */
export interface State {
  /** Dense id, 0-based, in the order the source discovered the state. */
  readonly id: number;
  /** The fingerprint TLC gave the state (its DOT node id), when known. */
  readonly fingerprint: bigint | undefined;
  /** Whether the state is an initial state. */
  readonly initial: boolean;
  /** Whether TLC reported the state as cut off by a CONSTRAINT (`-dump dot,constrained`). */
  readonly outsideConstraint: boolean;
  /** The state's variables by name. */
  readonly variables: Readonly<Record<string, Value>>;
}

/** An action instance: an action name with its argument values. */
export interface Action {
  /** The action operator's name (empty when the dump carried no labels). */
  readonly name: string;
  /** Argument values, in the order of the operator's formal parameters. */
  readonly args: readonly Value[];
  /** The formal parameters' names, when the source knows them. */
  readonly argNames: readonly string[] | undefined;
}

/** One transition of a {@link StateGraph}. Parallel transitions and self-loops are distinct transitions. */
export interface Transition extends Action {
  /** Dense id, 0-based, in source order. */
  readonly id: number;
  /** Source state id. */
  readonly source: number;
  /** Target state id. */
  readonly target: number;
  /** Index of the transition's {@link Action} in {@link StateGraph.actions}. */
  readonly actionId: number;
}

/**
 * The compact form algorithms run on: typed arrays, transitions grouped by
 * source in compressed sparse row form.
 */
export interface GraphCore {
  /** Number of states. */
  readonly stateCount: number;
  /** Number of transitions. */
  readonly transitionCount: number;
  /** Source state of each transition. */
  readonly source: Int32Array;
  /** Target state of each transition. */
  readonly target: Int32Array;
  /** Action id of each transition. */
  readonly action: Int32Array;
  /** Transitions leaving state s are `outTransitions[outStart[s] .. outStart[s + 1])`. Length stateCount + 1. */
  readonly outStart: Int32Array;
  /** Transition ids grouped by source state, in transition order within a state. */
  readonly outTransitions: Int32Array;
  /** Ids of the initial states, ascending. */
  readonly initialStates: Int32Array;
}

const FLAG_INITIAL = 1;
const FLAG_OUTSIDE_CONSTRAINT = 2;

/**
 * The state graph a model checker explored: a directed multigraph of states
 * and transitions with initial states. Every source (TLC dumps, the embedded
 * explorer) produces one; every job consumes one.
 */
export class StateGraph {
  /** Variable names, in the order the source printed them. */
  readonly variables: readonly string[];
  /** The compact index algorithms run on. */
  readonly core: GraphCore;
  /** The distinct action instances; transitions refer to them by id. */
  readonly actions: readonly Action[];
  private readonly valueList: readonly Value[];
  private readonly stateValues: Int32Array;
  private readonly fingerprints: BigInt64Array | undefined;
  private readonly flags: Uint8Array;

  /** @internal Use {@link StateGraphBuilder}. */
  constructor(parts: {
    variables: readonly string[];
    core: GraphCore;
    actions: readonly Action[];
    values: readonly Value[];
    stateValues: Int32Array;
    fingerprints: BigInt64Array | undefined;
    flags: Uint8Array;
  }) {
    this.variables = parts.variables;
    this.core = parts.core;
    this.actions = parts.actions;
    this.valueList = parts.values;
    this.stateValues = parts.stateValues;
    this.fingerprints = parts.fingerprints;
    this.flags = parts.flags;
  }

  /** Number of states. */
  get stateCount(): number {
    return this.core.stateCount;
  }

  /** Number of transitions. */
  get transitionCount(): number {
    return this.core.transitionCount;
  }

  /** Ids of the initial states. */
  get initialStates(): readonly number[] {
    return Array.from(this.core.initialStates);
  }

  /** The value of one variable in one state, without building the whole record. */
  valueOf(stateId: number, variable: number | string): Value {
    const slot = typeof variable === "number" ? variable : this.variables.indexOf(variable);
    if (slot < 0 || slot >= this.variables.length) throw new RangeError(`no variable ${String(variable)}`);
    this.checkState(stateId);
    return this.valueList[this.stateValues[stateId * this.variables.length + slot]!]!;
  }

  /**
   * A dense id for the value of a variable in a state: two states have equal
   * values for that variable exactly when the ids are equal.
   */
  valueIdOf(stateId: number, slot: number): number {
    return this.stateValues[stateId * this.variables.length + slot]!;
  }

  /** TLC's fingerprint of a state, when known (without building the state). */
  fingerprintOf(id: number): bigint | undefined {
    this.checkState(id);
    return this.fingerprints?.[id];
  }

  /** Whether a state was cut off by a CONSTRAINT (without building the state). */
  isOutsideConstraint(id: number): boolean {
    this.checkState(id);
    return (this.flags[id]! & FLAG_OUTSIDE_CONSTRAINT) !== 0;
  }

  /** The state with this id. */
  state(id: number): State {
    this.checkState(id);
    const variables: Record<string, Value> = {};
    const base = id * this.variables.length;
    this.variables.forEach((name, slot) => {
      setOwn(variables, name, this.valueList[this.stateValues[base + slot]!]!);
    });
    const flags = this.flags[id]!;
    return {
      id,
      fingerprint: this.fingerprints?.[id],
      initial: (flags & FLAG_INITIAL) !== 0,
      outsideConstraint: (flags & FLAG_OUTSIDE_CONSTRAINT) !== 0,
      variables,
    };
  }

  /** The transition with this id. */
  transition(id: number): Transition {
    if (!(id >= 0 && id < this.core.transitionCount)) throw new RangeError(`no transition ${id}`);
    const actionId = this.core.action[id]!;
    const action = this.actions[actionId]!;
    return {
      id,
      source: this.core.source[id]!,
      target: this.core.target[id]!,
      actionId,
      name: action.name,
      args: action.args,
      argNames: action.argNames,
    };
  }

  /** All states, in id order. */
  *states(): IterableIterator<State> {
    for (let i = 0; i < this.core.stateCount; i++) yield this.state(i);
  }

  /** All transitions, in id order. */
  *transitions(): IterableIterator<Transition> {
    for (let i = 0; i < this.core.transitionCount; i++) yield this.transition(i);
  }

  /** Ids of the transitions leaving a state. */
  outgoing(stateId: number): Int32Array {
    this.checkState(stateId);
    return this.core.outTransitions.subarray(this.core.outStart[stateId]!, this.core.outStart[stateId + 1]!);
  }

  /** A graphology multigraph of this graph (see {@link toGraphology}). */
  toGraphology(): MultiDirectedGraph<StateNodeAttributes, TransitionEdgeAttributes> {
    return toGraphology(this);
  }

  private checkState(id: number): void {
    if (!(id >= 0 && id < this.core.stateCount)) throw new RangeError(`no state ${id}`);
  }
}

/** What a state is, as a source describes it to {@link StateGraphBuilder.defineState}. */
export interface StateDefinition {
  /** Value ids (from {@link StateGraphBuilder.valueId}) per variable slot. */
  readonly values: ArrayLike<number>;
  /** TLC's fingerprint, when known. */
  readonly fingerprint?: bigint;
  /** Whether it is an initial state. */
  readonly initial?: boolean;
  /** Whether TLC reported it as cut off by a CONSTRAINT. */
  readonly outsideConstraint?: boolean;
}

/**
 * Builds a {@link StateGraph} incrementally, as readers and explorers discover
 * it. States may be referred to (by transitions) before they are defined.
 */
export class StateGraphBuilder {
  private readonly valueTable = new ValueTable();
  private readonly variableNames: string[] = [];
  private readonly slots = new Map<string, number>();
  private readonly actionList: Action[] = [];
  private readonly actionIds = new Map<string, number>();
  private stateValues = new IntList();
  private readonly fingerprints: bigint[] = [];
  private flags = new Uint8Array(1024);
  private defined = new Uint8Array(1024);
  private stateTotal = 0;
  private readonly sources = new IntList();
  private readonly targets = new IntList();
  private readonly labels = new IntList();
  private anyFingerprint = false;

  /** Number of states created so far (defined or only referred to). */
  get stateCount(): number {
    return this.stateTotal;
  }

  /** Number of transitions added so far. */
  get transitionCount(): number {
    return this.sources.length;
  }

  /** Variable names known so far, by slot. */
  get variables(): readonly string[] {
    return this.variableNames;
  }

  /**
   * Fixes the variables and their order. Must be called before the first state
   * is defined; later calls must name the same set of variables.
   */
  setVariables(names: readonly string[]): void {
    if (this.variableNames.length === 0) {
      names.forEach((n, i) => {
        this.variableNames.push(n);
        this.slots.set(n, i);
      });
    }
  }

  /** The slot of a variable, or -1. */
  slotOf(name: string): number {
    return this.slots.get(name) ?? -1;
  }

  /** The dense id of a value (equal values share an id). */
  valueId(v: Value): number {
    return this.valueTable.idOf(v);
  }

  /** The value with a given id. */
  value(id: number): Value {
    return this.valueTable.get(id);
  }

  /** The id of an action instance, adding it when new. */
  actionId(name: string, args: readonly Value[], argNames?: readonly string[]): number {
    const key = name + "\u0000" + args.map((a) => this.valueTable.idOf(a)).join(",");
    let id = this.actionIds.get(key);
    if (id === undefined) {
      id = this.actionList.length;
      this.actionList.push({ name, args: args.map((a) => this.valueTable.intern(a)), argNames });
      this.actionIds.set(key, id);
    }
    return id;
  }

  /** Creates a new, not yet defined, state and returns its id. */
  newState(): number {
    const id = this.stateTotal++;
    if (id >= this.flags.length) {
      const flags = new Uint8Array(this.flags.length * 2);
      flags.set(this.flags);
      this.flags = flags;
      const defined = new Uint8Array(this.defined.length * 2);
      defined.set(this.defined);
      this.defined = defined;
    }
    return id;
  }

  /** Whether a state has been defined. */
  isDefined(id: number): boolean {
    return this.defined[id] === 1;
  }

  /** Gives a created state its variables and flags. */
  defineState(id: number, def: StateDefinition): void {
    const n = this.variableNames.length;
    if (def.values.length !== n) throw new RangeError(`state ${id} has ${def.values.length} values for ${n} variables`);
    for (let slot = 0; slot < n; slot++) this.stateValues.set(id * n + slot, def.values[slot]!);
    if (def.fingerprint !== undefined) {
      this.fingerprints[id] = def.fingerprint;
      this.anyFingerprint = true;
    }
    this.flags[id] = (def.initial ? FLAG_INITIAL : 0) | (def.outsideConstraint ? FLAG_OUTSIDE_CONSTRAINT : 0);
    this.defined[id] = 1;
  }

  /** Marks a defined state as initial. */
  markInitial(id: number): void {
    this.flags[id]! |= FLAG_INITIAL;
  }

  /** Whether two defined states have equal variables. */
  sameValues(a: number, b: number): boolean {
    const n = this.variableNames.length;
    for (let slot = 0; slot < n; slot++) {
      if (this.stateValues.data[a * n + slot] !== this.stateValues.data[b * n + slot]) return false;
    }
    return true;
  }

  /** Adds a transition and returns its id. */
  addTransition(source: number, target: number, actionId: number): number {
    this.sources.push(source);
    this.targets.push(target);
    this.labels.push(actionId);
    return this.sources.length - 1;
  }

  /** The first state that was created but never defined, or -1. */
  firstUndefinedState(): number {
    for (let i = 0; i < this.stateTotal; i++) if (this.defined[i] !== 1) return i;
    return -1;
  }

  /** Builds the graph. Every created state must have been defined. */
  build(): StateGraph {
    const undefinedState = this.firstUndefinedState();
    if (undefinedState >= 0) throw new RangeError(`state ${undefinedState} was referred to but never defined`);
    const n = this.stateTotal;
    const m = this.sources.length;
    const source = this.sources.toArray();
    const target = this.targets.toArray();
    const action = this.labels.toArray();
    const outStart = new Int32Array(n + 1);
    for (let t = 0; t < m; t++) outStart[source[t]! + 1]!++;
    for (let s = 0; s < n; s++) outStart[s + 1]! += outStart[s]!;
    const fill = outStart.slice(0, n);
    const outTransitions = new Int32Array(m);
    for (let t = 0; t < m; t++) outTransitions[fill[source[t]!]!++] = t;
    const initial: number[] = [];
    for (let s = 0; s < n; s++) if (this.flags[s]! & FLAG_INITIAL) initial.push(s);
    let fingerprints: BigInt64Array | undefined;
    if (this.anyFingerprint) {
      fingerprints = new BigInt64Array(n);
      for (let s = 0; s < n; s++) fingerprints[s] = this.fingerprints[s] ?? 0n;
    }
    return new StateGraph({
      variables: [...this.variableNames],
      core: {
        stateCount: n,
        transitionCount: m,
        source,
        target,
        action,
        outStart,
        outTransitions,
        initialStates: Int32Array.from(initial),
      },
      actions: this.actionList,
      values: this.valueTable.values,
      stateValues: this.stateValues.data.slice(0, n * this.variableNames.length),
      fingerprints,
      flags: this.flags.slice(0, n),
    });
  }
}
