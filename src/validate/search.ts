import type { Action, StateGraph } from "../graph/index.js";
import { mismatch } from "../runtime/index.js";
import { graphModel, type ModelStep, type PartialStateLookup, type StateLookup, type ValidationModel } from "./model.js";
import { printValue, type Value } from "../values/index.js";
import { ANY_ACTION, type LogEvent, type Logs } from "./logs.js";
import { componentWhyNot, type Component } from "./components.js";
import { EXIT, TlabridgeError } from "../errors.js";
import { didYouMean } from "../util/close-names.js";

const NO_STEPS: readonly ModelStep[] = [];
/** A step's reason for not fitting an event, when nobody reads it. */
const UNFIT = "does not fit";

/** Options for {@link validateLogs}. */
export interface ValidateOptions {
  /** Actions the model may take between logged events without a log line. */
  readonly silent?: readonly string[];
  /** Most silent steps in a row (default 3). */
  readonly maxSilent?: number;
  /** Give up (verdict `unknown`) after this many milliseconds. */
  readonly timeoutMs?: number;
  /** Give up (verdict `unknown`) when the JavaScript heap passes this many MB (default 2048). */
  readonly maxMemoryMB?: number;
  /** Parameter names per action, for logs that name arguments (when the graph does not know them). */
  readonly parameters?: ReadonlyMap<string, readonly string[]>;
  /** The first invariant a state (variables by slot) violates, or undefined: checked on every state of the explaining behaviour. */
  readonly invariant?: (state: readonly Value[]) => string | undefined;
}

/** Why a host's next event cannot be taken at the frontier. */
export interface EventDiagnosis {
  readonly host: string;
  readonly event: string;
  readonly file: string;
  readonly line: number;
  /** One reason per candidate, or why there is none. */
  readonly reasons: readonly string[];
}

/** The outcome of validating logs against a model. */
/** What every verdict counts: the logged events, the hosts, the consistent cuts searched. */
export interface VerdictCounts {
  readonly events: number;
  readonly hosts: number;
  readonly cuts: number;
}

export type Verdict =
  | (VerdictCounts & {
      readonly verdict: "valid";
      readonly trace: readonly string[];
      /** The logged events in the order the model explains them. */
      readonly order: readonly LogEvent[];
    })
  | (VerdictCounts & {
      readonly verdict: "invalid";
      /** Events consumed at the deepest cuts reached. */
      readonly matched: number;
      /** The deepest cuts (events consumed per host). */
      readonly frontier: readonly Readonly<Record<string, number>>[];
      /** For each host's next event at the first deepest cut: why no transition matches. */
      readonly diagnoses: readonly EventDiagnosis[];
      /** A matched prefix leading to that cut, readably. */
      readonly trace: readonly string[];
      /** The events of that prefix, in the order the model explains them. */
      readonly order: readonly LogEvent[];
    })
  | (VerdictCounts & {
      /** The log is explained, but by a behaviour that reaches a state violating an invariant of the config. */
      readonly verdict: "violates";
      readonly invariant: string;
      /** The event after which the state violates it (none: an initial state does). */
      readonly event: LogEvent | undefined;
      /** The explained prefix up to and including that event, readably. */
      readonly trace: readonly string[];
      readonly order: readonly LogEvent[];
    })
  | (VerdictCounts & {
      readonly verdict: "unknown";
      /** Why the search stopped: the time or the memory bound. */
      readonly reason: string;
      /** Events consumed at the deepest cuts reached so far, and those cuts. */
      readonly matched: number;
      readonly frontier: readonly Readonly<Record<string, number>>[];
    });

interface Node {
  readonly cut: Int32Array;
  readonly state: number;
  readonly silent: number;
  readonly parent: Node | undefined;
  /** The model's step taken (none for a stutter); described only when a trace is printed. */
  readonly via: Action | undefined;
  /** The logged event this step explains (none for silent steps). */
  readonly event: LogEvent | undefined;
}

/**
 * Searches for a behaviour of the model that explains the logs in some
 * order consistent with their vector clocks. A search state is (consistent
 * cut, model state); memoizing on it collapses the interleavings to the
 * number of consistent cuts. Depth-first, stopping as soon as every event is
 * explained; when none is, reports the deepest frontier and why each host's
 * next event does not fit.
 */
export function validateLogs(model: StateGraph | ValidationModel, logs: Logs, options: ValidateOptions = {}): Verdict {
  const graph: ValidationModel = "core" in model ? graphModel(model) : model;
  const hosts = logs.hosts;
  const lists = hosts.map((h) => logs.byHost.get(h)!);
  const hostIndex = new Map(hosts.map((h, i) => [h, i]));
  const silent = new Set(options.silent ?? []);
  const maxSilent = options.maxSilent ?? 3;
  refuseUnknownActions(graph, lists, silent);
  /** Every event name the logs hold: an action enabled at the frontier that no log shows may be one done silently. */
  const logged = new Set(lists.flatMap((l) => l.map((e) => e.event)));
  const deadline = options.timeoutMs !== undefined ? performance.now() + options.timeoutMs : Infinity;
  /** Why step t does not explain event e (undefined: it does). */
  const whyNot = (e: LogEvent, t: ModelStep, from: number, explain = true): string | undefined => {
    const args = argsWhyNot(e, t, explain);
    if (args !== undefined) return args;
    const after = t.values !== undefined ? valuesOf(t.values) : at(t.target);
    return stateWhyNot(e, after) ?? componentsWhyNot(e.components, after, at(from));
  };
  /** Why step t is not the event's action with its arguments (undefined: it is). */
  // `explain` false: the search only needs to know that a step does not fit, and most do not (thousands per event
  // with thousands of hosts): the reason is then not written out.
  const argsWhyNot = (e: LogEvent, t: ModelStep, explain = true): string | undefined => {
    const action = t.action;
    if (e.event !== ANY_ACTION && action.name !== e.event) return explain ? `action ${action.name} is not ${e.event}` : UNFIT;
    if (e.args !== undefined) {
      if (Array.isArray(e.args)) {
        for (let i = 0; i < e.args.length; i++) {
          const expected = action.args[i];
          if (expected === undefined) return explain ? `${e.event} has ${action.args.length} argument(s), the log gives ${e.args.length}` : UNFIT;
          if (mismatch(expected, e.args[i]) !== undefined) return explain ? `argument ${i + 1}: the model has ${printValue(expected)}, the log ${JSON.stringify(e.args[i])}` : UNFIT;
        }
      } else {
        const params = action.argNames ?? options.parameters?.get(action.name);
        for (const [name, logged] of Object.entries(e.args)) {
          const i = params ? params.indexOf(name) : -1;
          if (i < 0) return explain ? `the log names argument ${name}, which ${e.event} does not have${params ? ` (it has ${params.join(", ")})` : " (parameter names unknown: pass --spec)"}` : UNFIT;
          if (mismatch(action.args[i]!, logged) !== undefined) return explain ? `argument ${name}: the model has ${printValue(action.args[i]!)}, the log ${JSON.stringify(logged)}` : UNFIT;
        }
      }
    }
    return undefined;
  };
  const slots = new Map(graph.variables.map((v, i) => [v, i]));
  const at = (state: number): StateLookup => (slot) => graph.valueOf(state, slot);
  const valuesOf = (values: readonly Value[]): StateLookup => (slot) => values[slot]!;
  const byName = (get: StateLookup) => (name: string) => {
    const slot = slots.get(name);
    return slot === undefined ? undefined : get(slot);
  };
  /**
   * Why the state after the step from `from` (the same state for a stutter)
   * lacks a component the log gives. Successors that disagree are pruned here,
   * before they are memoized, so a value the action chooses internally (the
   * receiver of a message) never branches the search.
   */
  const componentsWhyNot = (components: readonly Component[] | undefined, state: StateLookup, from: StateLookup): string | undefined => {
    if (components === undefined || components.length === 0) return undefined;
    const after = byName(state);
    const before = byName(from);
    for (const c of components) {
      const why = componentWhyNot(c, after, before);
      if (why !== undefined) return why;
    }
    return undefined;
  };
  /** Why the model state does not have the variables the event gives (undefined: it does). */
  const stateWhyNot = (e: LogEvent, state: StateLookup): string | undefined => {
    if (e.state === undefined) return undefined;
    for (const [name, logged] of Object.entries(e.state)) {
      const slot = graph.variables.indexOf(name);
      if (slot < 0) return `the log gives variable ${name}, which the model does not have`;
      const expected = state(slot);
      if (mismatch(expected, logged) !== undefined) return `state field ${name}: the model has ${printValue(expected)} ${e.stutter ? "at" : "after"} ${e.event}, the log ${JSON.stringify(logged)}`;
    }
    return undefined;
  };

  /** Whether host h's next event is causally ready at this cut. */
  const ready = (cut: Int32Array, h: number): LogEvent | undefined => {
    const e = lists[h]![cut[h]!];
    if (e === undefined) return undefined;
    for (const [other, n] of Object.entries(e.clock)) {
      if (other === e.host) continue;
      const g = hostIndex.get(other);
      if (g !== undefined && cut[g]! < n) return undefined;
    }
    return e;
  };

  // Search states seen, by a number (a hash of cut, model state and silent steps), each stored once in one flat
  // array (model state, silent steps, the cut): no string and no object per state.
  const width = hosts.length + 2;
  let pool = new Int32Array(width * 1024);
  let stored = 0;
  const seen = new Map<number, number | number[]>();
  const sameSearchState = (entry: number, n: Node): boolean => {
    const at = entry * width;
    if (pool[at] !== n.state || pool[at + 1] !== n.silent) return false;
    for (let i = 0; i < n.cut.length; i++) if (pool[at + 2 + i] !== n.cut[i]) return false;
    return true;
  };
  const store = (n: Node): number => {
    if ((stored + 1) * width > pool.length) {
      const bigger = new Int32Array(pool.length * 2);
      bigger.set(pool);
      pool = bigger;
    }
    const at = stored * width;
    pool[at] = n.state;
    pool[at + 1] = n.silent;
    pool.set(n.cut, at + 2);
    return stored++;
  };
  /** Marks a search state seen; false when it was seen before. */
  const firstVisit = (n: Node): boolean => {
    let h = Math.imul(n.state ^ 0x9e3779b9, 0x01000193) ^ n.silent;
    for (let i = 0; i < n.cut.length; i++) h = Math.imul(h ^ n.cut[i]!, 0x01000193);
    const known = seen.get(h);
    if (known === undefined) seen.set(h, store(n));
    else if (Array.isArray(known)) {
      if (known.some((k) => sameSearchState(k, n))) return false;
      known.push(store(n));
    } else {
      if (sameSearchState(known, n)) return false;
      seen.set(h, [known, store(n)]);
    }
    return true;
  };
  const stack: Node[] = [];
  // Asked also of states Init is still building: a variable not assigned yet rules nothing out.
  const initialFits = (s: PartialStateLookup): boolean => {
    const assigned = (name: string): boolean => s(graph.variables.indexOf(name)) !== undefined;
    const full = s as StateLookup;
    return (
      Object.entries(logs.initial ?? {}).every(([name, logged]) => {
        const slot = graph.variables.indexOf(name);
        return slot >= 0 && (!assigned(name) || mismatch(full(slot), logged) === undefined);
      }) && componentsWhyNot(logs.initialComponents?.filter((c) => assigned(c.variable)), full, full) === undefined
    );
  };
  for (const s of graph.initialStates(initialFits)) stack.push({ cut: new Int32Array(hosts.length), state: s, silent: 0, parent: undefined, via: undefined, event: undefined });
  let deepest: Node[] = [];
  let deepestCount = -1;
  let cuts = 0;
  const total = logs.events;
  const consumed = (n: Node): number => n.cut.reduce((a, b) => a + b, 0);
  const orderOf = (n: Node): LogEvent[] => {
    const events: LogEvent[] = [];
    for (let x: Node | undefined = n; x?.parent; x = x.parent) if (x.event) events.push(x.event);
    return events.reverse();
  };
  const describeTrace = (n: Node): string[] => {
    const steps: string[] = [];
    for (let x: Node | undefined = n; x?.parent; x = x.parent) {
      const step = x.via === undefined ? "(stutter)" : describeStep(x.via);
      steps.push(x.event === undefined ? `(silent) ${step}` : `${x.event.host}: ${x.event.event} (${x.event.file}:${x.event.line}) -> ${step}`);
    }
    return steps.reverse();
  };

  const checked = new Map<number, string | undefined>();
  const violated = (state: number): string | undefined => {
    if (checked.has(state)) return checked.get(state);
    const why = options.invariant!(graph.variables.map((_, i) => graph.valueOf(state, i)));
    checked.set(state, why);
    return why;
  };
  let iterations = 0;
  let checks = 0;
  // A model explored on the fly computes one action's steps when asked (a whole graph has them all at hand anyway).
  const onDemand = !("core" in model);
  const clockEvery = hosts.length >= 64 ? 0 : 1023;
  const maxMemoryMB = options.maxMemoryMB ?? 2048;
  const maxHeap = maxMemoryMB * 2 ** 20;
  /** The verdict when a bound stops the search: unknown, with the deepest cuts so far. */
  const stopped = (reason: string): Verdict => ({
    verdict: "unknown",
    events: total,
    hosts: hosts.length,
    cuts,
    reason,
    matched: Math.max(deepestCount, 0),
    frontier: deepest.map((n) => Object.fromEntries(hosts.map((h, i) => [h, n.cut[i]!]))),
  });
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (!firstVisit(node)) continue;
    cuts++;
    // With many hosts one search state costs a pass over all of them: read the clock at each, else every 1,024.
    if ((++iterations & clockEvery) === 0 && performance.now() > deadline) {
      return stopped(`no answer within ${options.timeoutMs} ms`);
    }
    if (options.invariant !== undefined) {
      const broken = violated(node.state);
      // A behaviour the implementation may have taken (any order the clocks allow is one) breaks an invariant:
      // that is the verdict, whether or not the rest of the log is explained.
      if (broken !== undefined) return { verdict: "violates", events: total, hosts: hosts.length, cuts, invariant: broken, event: orderOf(node).at(-1), trace: describeTrace(node), order: orderOf(node) };
    }
    const done = consumed(node);
    if (done === total) return { verdict: "valid", events: total, hosts: hosts.length, cuts, trace: describeTrace(node), order: orderOf(node) };
    if (done > deepestCount) {
      deepestCount = done;
      deepest = [node];
    } else if (done === deepestCount && deepest.length < 5) deepest.push(node);
    if ((iterations & 1023) === 1 && process.memoryUsage().heapUsed > maxHeap) return stopped(`the memory bound of ${maxMemoryMB} MB was reached (--max-memory)`);
    // Computed only when an action needs it: a cut whose ready events are all stutters takes no model step.
    let successors: readonly ModelStep[] | undefined;
    let byName: Map<string, ModelStep[]> | undefined;
    // The steps an event may be: those of its action (all of them for an event that may be any action).
    const outgoing = (event: string): readonly ModelStep[] => {
      if (event !== ANY_ACTION && successors === undefined && onDemand) {
        const own = graph.outgoing(node.state, event);
        return own.length === 0 || own.every((t) => t.action.name === event) ? own : own.filter((t) => t.action.name === event);
      }
      successors ??= graph.outgoing(node.state);
      if (event === ANY_ACTION) return successors;
      if (byName === undefined) {
        byName = new Map();
        for (const t of successors) {
          const list = byName.get(t.action.name);
          if (list) list.push(t);
          else byName.set(t.action.name, [t]);
        }
      }
      return byName.get(event) ?? NO_STEPS;
    };
    for (let h = hosts.length - 1; h >= 0; h--) {
      if ((h & 255) === 0 && clockEvery === 0 && performance.now() > deadline) {
        return stopped(`no answer within ${options.timeoutMs} ms`);
      }
      const e = ready(node.cut, h);
      if (!e) continue;
      if (e.stutter) {
        // Not an action of the spec: the model stays where it is, and the event's state must hold there.
        if ((stateWhyNot(e, at(node.state)) ?? componentsWhyNot(e.components, at(node.state), at(node.state))) !== undefined) continue;
        const cut = node.cut.slice();
        cut[h]!++;
        stack.push({ cut, state: node.state, silent: 0, parent: node, via: undefined, event: e });
        continue;
      }
      for (const t of outgoing(e.event)) {
        // An action of many instances (one per host of thousands) is many checks: the deadline is read among them too.
        if ((++checks & 1023) === 0 && clockEvery === 0 && performance.now() > deadline) return stopped(`no answer within ${options.timeoutMs} ms`);
        if (whyNot(e, t, node.state, false) !== undefined) continue;
        const cut = node.cut.slice();
        cut[h]!++;
        stack.push({ cut, state: t.target, silent: 0, parent: node, via: t.action, event: e });
      }
    }
    if (silent.size > 0 && node.silent < maxSilent) {
      for (const t of outgoing(ANY_ACTION)) {
        if (!silent.has(t.action.name)) continue;
        stack.push({ cut: node.cut, state: t.target, silent: node.silent + 1, parent: node, via: t.action, event: undefined });
      }
    }
  }
  /** Why no initial state fits: the log's initial components, as the first initial state fails them. */
  const initialReasons = (): string[] => {
    const first = graph.initialStates()[0];
    const why = first === undefined || logs.initialComponents === undefined ? undefined : componentsWhyNot(logs.initialComponents, at(first), at(first));
    return ["no initial state of the model has the trace's first state" + (why ? ` (in the first, ${why}; the mapping's "initial" says so)` : "")];
  };
  /**
   * The shortest run (at most 6 steps, a bounded search) of actions no log
   * shows (or already --silent) from `state` after which a step fits event
   * `e`: the names of its steps, or undefined.
   */
  const silentPathTo = (state: number, e: LogEvent): string[] | undefined => {
    const quiet = (name: string): boolean => !logged.has(name) || silent.has(name);
    let layer: { state: number; path: string[] }[] = [{ state, path: [] }];
    const seen = new Set<number>([state]);
    for (let depth = 0; depth < 6 && layer.length > 0 && seen.size < 10_000; depth++) {
      const next: { state: number; path: string[] }[] = [];
      for (const node of layer) {
        for (const t of graph.outgoing(node.state)) {
          if (!quiet(t.action.name) || seen.has(t.target)) continue;
          seen.add(t.target);
          const path = [...node.path, t.action.name];
          if (graph.outgoing(t.target, e.event === ANY_ACTION ? undefined : e.event).some((u) => whyNot(e, u, t.target, false) === undefined)) return path;
          next.push({ state: t.target, path });
        }
      }
      layer = next;
    }
    return undefined;
  };
  if (deepest.length === 0) {
    return { verdict: "invalid", events: total, hosts: hosts.length, cuts, matched: 0, frontier: [], diagnoses: [{ host: hosts[0] ?? "", event: "(initial state)", file: "", line: 0, reasons: initialReasons() }], trace: [], order: [] };
  }
  const first = deepest[0]!;
  const diagnoses: EventDiagnosis[] = [];
  hosts.forEach((host, h) => {
    const e = lists[h]![first.cut[h]!];
    if (e === undefined) return;
    const reasons: string[] = [];
    if (ready(first.cut, h) === undefined) {
      const waiting = Object.entries(e.clock).filter(([o, n]) => o !== host && hostIndex.has(o) && first.cut[hostIndex.get(o)!]! < n);
      reasons.push(`not ready: it follows ${waiting.map(([o, n]) => `${o}'s event ${n}`).join(" and ")}, not yet explained`);
    } else if (e.stutter) {
      reasons.push(`(stutter): ${stateWhyNot(e, at(first.state)) ?? componentsWhyNot(e.components, at(first.state), at(first.state))}`);
    } else {
      const out = graph.outgoing(first.state);
      const sameName = out.filter((t) => e.event === ANY_ACTION || t.action.name === e.event);
      if (sameName.length === 0) {
        const enabled = [...new Set(out.map((t) => t.action.name))];
        // Actions the logs never show may be ones the implementation does without logging: when a few of them lead
        // to a state where the event fits, --silent (and --max-silent) would explain it, and the hint says which.
        const path = silentPathTo(first.state, e);
        let hint = "";
        if (path !== undefined) {
          const names = [...new Set(path)];
          const steps = names.map((n) => `${n}${path.filter((p) => p === n).length > 1 ? ` x${path.filter((p) => p === n).length}` : ""}`).join(", ");
          const more = path.length > maxSilent ? ` --max-silent ${path.length}` : "";
          hint = `; it fits after ${steps}, which the logs never show: if the implementation does ${names.length === 1 ? "it" : "them"} without logging, pass --silent ${[...new Set([...silent, ...names])].join(",")}${more}`;
        }
        const absent = graph.actionNames !== undefined && e.event !== ANY_ACTION && !graph.actionNames.includes(e.event);
        if (absent) reasons.push(`${e.event} is no action of the model's transitions${didYouMean(e.event, graph.actionNames!)} (enabled here: ${enabled.join(", ") || "nothing"})`);
        else reasons.push(`${e.event} is not enabled in the model state here (enabled: ${enabled.join(", ") || "nothing"})${hint}`);
      }
      // When no step has the log's arguments, say so first; each distinct reason is listed once (many steps share one).
      if (sameName.length > 0 && sameName.every((t) => argsWhyNot(e, t) !== undefined)) {
        reasons.push(`${e.event} with the log's arguments ${JSON.stringify(e.args)} is not enabled in the model state here`);
      }
      for (const t of sameName) {
        const reason = `${describeStep(t.action)}: ${whyNot(e, t, first.state)}`;
        if (!reasons.includes(reason)) reasons.push(reason);
      }
    }
    diagnoses.push({ host, event: e.event, file: e.file, line: e.line, reasons });
  });
  return {
    verdict: "invalid",
    events: total,
    hosts: hosts.length,
    cuts,
    matched: deepestCount,
    frontier: deepest.map((n) => Object.fromEntries(hosts.map((h, i) => [h, n.cut[i]!]))),
    diagnoses,
    trace: describeTrace(first),
    order: orderOf(first),
  };
}

/**
 * Refuses logs with an event no step of the model can have (`TMComit` for
 * `TMCommit`), before searching: the search would only call it "not enabled"
 * at the frontier. Each unknown name once, at its first line, with the
 * model's names closest to it.
 */
function refuseUnknownActions(model: ValidationModel, lists: readonly (readonly LogEvent[])[], silent: ReadonlySet<string>): void {
  const names = model.actionNames;
  // A graph's transitions may lack an action no explored state enables: only the spec's own list is every action.
  if (names === undefined || names.length === 0 || model.actionsComplete !== true) return;
  const known = new Set(names);
  const unknown = new Map<string, LogEvent>();
  for (const list of lists) for (const e of list) if (!e.stutter && e.event !== ANY_ACTION && !known.has(e.event) && !unknown.has(e.event)) unknown.set(e.event, e);
  const unknownSilent = [...silent].filter((a) => !known.has(a));
  if (unknown.size === 0 && unknownSilent.length === 0) return;
  const where = (e: LogEvent): string => (e.file ? `${e.file}:${e.line}: ` : "");
  const [name, first] = unknown.size > 0 ? [...unknown][0]! : [unknownSilent[0]!, undefined];
  const others = [...unknown.keys()].slice(1);
  const subject = first !== undefined ? `${where(first)}event ${name}` : `--silent ${name}`;
  throw new TlabridgeError(
    "LOG_UNKNOWN_ACTION",
    `${subject} is not an action of the spec${didYouMean(name, names)}${others.length > 0 ? ` (nor ${others.length === 1 ? "is" : "are"} ${others.slice(0, 5).join(", ")}${others.length > 5 ? ", ..." : ""})` : ""}` +
      `; its actions are ${names.join(", ")}: fix the name in the ${first !== undefined ? "log (or the mapping's action); a step the spec does not model is a stutter in --mapping (\"stutter\": true)" : "--silent list"}.`,
    EXIT.badInput,
  );
}

function describeStep(a: Action): string {
  return a.args.length ? `${a.name}(${a.args.map(printValue).join(", ")})` : a.name;
}
