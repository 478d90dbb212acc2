/**
 * Histories a protocol produces, read off its state graph: along every
 * behaviour, the committed transactions' operations (and which transactions
 * had committed before each began), either from the actions that begin,
 * read, write, commit and abort, or from a history variable in the state.
 *
 * @module
 */
import { EXIT, TlabridgeError } from "../errors.js";
import type { StateGraph } from "../graph/index.js";
import { printValue, str, type Value } from "../values/index.js";
import { IntList } from "../util/int-list.js";
import { counted } from "../util/plural.js";
import { NumberSet } from "../util/number-set.js";
import { formatTransaction, type History, type HistoryValue, type Operation, type Transaction } from "./history.js";
import { historyKey, universeSize, type UniverseBounds } from "./universe.js";

/** An action argument: its position (0-based) or its parameter name. */
export type ArgumentRef = number | string;

/** Which action plays a role, and which arguments are the transaction, key, value and result. */
export interface ActionRole {
  readonly action: string;
  readonly txn: ArgumentRef;
  readonly key?: ArgumentRef | undefined;
  /** For reads, the value read; for writes, the value written (default: the transaction's id). */
  readonly value?: ArgumentRef | undefined;
  /** For commits: the argument saying whether it succeeded, and the value that means success. */
  readonly result?: ArgumentRef | undefined;
  readonly ok?: string | undefined;
}

/** The action that plays a role, or several (e.g. `Add`, `Update` and `Remove` all write). */
export type RoleMapping = ActionRole | readonly ActionRole[];

/** How a protocol's actions map to history events. */
export interface HistoryMapping {
  readonly begin?: RoleMapping | undefined;
  /** Omitted when the protocol has no read action: its histories then have only writes (see {@link ObservedHistories.writesOnly}). */
  readonly read?: RoleMapping | undefined;
  readonly write: RoleMapping;
  readonly commit: RoleMapping;
  readonly abort?: RoleMapping | undefined;
  /** The value a read returns for a key nobody wrote (default `NoValue`), by name: a model value, a string, or an integer's digits. Reads of it are `null`. */
  readonly initialValue?: string | undefined;
}

/** The actions a role names, as a list. */
export function roleActions(role: RoleMapping | undefined): readonly ActionRole[] {
  return role === undefined ? [] : Array.isArray(role) ? role : [role as ActionRole];
}

/** The mapping of `specs/kvstore`: Begin(t), Read(t, k, v), Write(t, k), Commit(t, r) with r = "ok", Abort(t). */
export const KVSTORE_MAPPING: HistoryMapping = {
  begin: { action: "Begin", txn: 0 },
  read: { action: "Read", txn: 0, key: 1, value: 2 },
  write: { action: "Write", txn: 0, key: 1 },
  commit: { action: "Commit", txn: 0, result: 1, ok: "ok" },
  abort: { action: "Abort", txn: 0 },
};

/** Options of {@link observeHistories}. */
export interface ObserveOptions {
  /** Actions to history events (default {@link KVSTORE_MAPPING}); ignored with `historyVariable`. */
  readonly mapping?: HistoryMapping | undefined;
  /** A state variable holding the committed transactions' operations: a function from transaction to a sequence of `[op |-> "read"/"write", key |-> k, value |-> v]`. */
  readonly historyVariable?: string | undefined;
  /** Histories with a transaction of more operations are out of bounds. */
  readonly maxOps: number;
  /** Called now and then with the number of behaviour prefixes visited. */
  readonly onProgress?: ((explored: number) => void) | undefined;
  /**
   * Parameter names of the spec's operators (`operatorParameters` of its
   * text), for graphs whose actions carry none (TLC's DOT dumps): a mapping
   * may then name arguments by parameter name.
   */
  readonly parameters?: ReadonlyMap<string, readonly string[]> | undefined;
  /** The value unwritten keys hold, overriding the mapping's `initialValue` (also for `historyVariable`; default `NoValue`). */
  readonly initialValue?: string | undefined;
  /**
   * The most histories the universe of these bounds may hold: checked as
   * soon as the protocol's transactions and keys are known, before any
   * behaviour is explored (exploring first can exhaust the heap).
   */
  readonly universeLimit?: number | undefined;
}

/** What a protocol produces. */
export interface ObservedHistories {
  /** Distinct histories by {@link historyKey}; each with its distinct real-time orders (start/end set). */
  readonly histories: ReadonlyMap<string, readonly History[]>;
  /** Transaction and key names met. */
  readonly transactions: readonly string[];
  readonly keys: readonly string[];
  /** Behaviour prefixes (state and history so far) visited. */
  readonly explored: number;
  /** The mapping names no read action: histories have only writes, and are compared with the write-only histories a level allows. */
  readonly writesOnly?: boolean | undefined;
  /**
   * What was left out for being past `maxOps`: behaviour prefixes where a
   * transaction of more operations commits (with a history variable: states),
   * and, when known, the distinct histories they make.
   */
  readonly outOfBounds?: { readonly prefixes: number; readonly histories?: number | undefined; readonly transactions: readonly string[] } | undefined;
  /** Doubts about the mapping or the histories: an initial value no read returns, written values that are not unique, histories out of bounds. */
  readonly warnings?: readonly string[] | undefined;
}

/** A malformed mapping or history variable. */
export class MappingError extends TlabridgeError {
  override name = "MappingError";
  constructor(message: string) {
    super("ISOLATION_MAPPING", message, EXIT.badInput);
  }
}

/** The histories a protocol's state graph produces within `maxOps` operations per transaction. */
export function observeHistories(graph: StateGraph, options: ObserveOptions): ObservedHistories {
  const mapping = options.mapping ?? KVSTORE_MAPPING;
  const initial = options.initialValue ?? mapping.initialValue ?? "NoValue";
  const warnings: string[] = [];
  const observed =
    options.historyVariable === undefined
      ? observeByActions(graph, mapping, options.maxOps, options.onProgress, undefined, { initial, parameters: options.parameters, warnings, universeLimit: options.universeLimit })
      : observeVariable(graph, options.historyVariable, options.maxOps, initial);
  const out = observed.outOfBounds;
  if (out && out.prefixes > 0)
    warnings.push(
      `${out.histories === undefined ? "" : `${count(out.histories)} histories out of bounds and not counted: `}${count(out.prefixes)} ${options.historyVariable === undefined ? "behaviour prefixes commit" : "states hold"} a transaction of more than ${counted(options.maxOps, "operation")} (${out.transactions.join(", ")})${out.histories === undefined ? "; the histories they make are out of bounds and not counted" : ""}: raise --max-ops to count them.`,
    );
  warnings.push(...valueWarnings(observed.histories, initial));
  return { ...observed, warnings: [...(observed.warnings ?? []), ...warnings] };
}

const count = (n: number): string => n.toLocaleString("en-US");

/** Refuses bounds whose universe holds more than `limit` histories (`UNIVERSE_TOO_LARGE`). */
export function assertUniverseWithin(bounds: UniverseBounds, limit: number): void {
  const size = universeSize(bounds);
  if (size > limit)
    throw new TlabridgeError(
      "UNIVERSE_TOO_LARGE",
      `${counted(bounds.transactions.length, "transaction")} x ${counted(bounds.keys.length, "key")} x ${counted(bounds.maxOps, "operation")} make ${count(size)} histories, more than ${count(limit)}: explore smaller bounds or lower --max-ops.`,
    );
}

/**
 * Written values the checkers cannot tell apart: they infer which write a
 * read saw from its value, so two transactions writing the same value to a
 * key (or a write of the initial value) make that inference ambiguous.
 */
function valueWarnings(histories: ReadonlyMap<string, readonly History[]>, initial: string): string[] {
  let clashes = 0;
  let example = "";
  for (const variants of histories.values()) {
    const writers = new Map<string, string>();
    let clash = "";
    for (const t of variants[0]?.transactions ?? [])
      for (const o of t.ops) {
        if (o.type !== "w") continue;
        if (o.value === null) clash ||= `${t.id} writes the initial value ${initial} to ${o.key}`;
        const k = `${o.key}\u0000${String(o.value)}`;
        const other = writers.get(k);
        if (other !== undefined && other !== t.id) clash ||= `${other} and ${t.id} both write ${String(o.value)} to ${o.key}`;
        writers.set(k, t.id);
      }
    if (clash) {
      clashes++;
      example ||= clash;
    }
  }
  return clashes === 0
    ? []
    : [`written values are not unique in ${count(clashes)} of the ${count(histories.size)} histories (e.g. ${example}): the checkers tell which write a read saw by its value, so their verdicts on those histories may be wrong; make each write store a value of its own (by default, its transaction's id).`];
}

/** A value's name as a mapping gives it: model values and strings by name, integers by their digits. */
function valueText(v: Value): string {
  return v.kind === "model" ? v.name : v.kind === "string" ? v.value : v.kind === "int" ? String(v.value) : printValue(v);
}

/** A history value from a TLA+ value: model values and strings by name, integers as numbers; the initial value is `null`. */
function historyValue(v: Value, initial: string): HistoryValue {
  const text = valueText(v);
  return text === initial ? null : v.kind === "int" ? Number(v.value) : text;
}

type Role = "begin" | "read" | "write" | "commit" | "abort";
interface Event {
  readonly role: Role;
  readonly txn: string;
  readonly key?: string;
  readonly value?: HistoryValue;
  readonly ok?: boolean;
}

/** How {@link decodeActions} reads values and argument names, and where it says what it doubts. */
interface DecodeOptions {
  readonly initial: string;
  readonly parameters?: ReadonlyMap<string, readonly string[]> | undefined;
  readonly warnings?: string[] | undefined;
  /** See {@link ObserveOptions.universeLimit}. */
  readonly universeLimit?: number | undefined;
}

const ROLES = ["begin", "read", "write", "commit", "abort"] as const;

function decodeActions(graph: StateGraph, mapping: HistoryMapping, options: DecodeOptions): (Event | undefined)[] {
  const { initial } = options;
  const roles = ROLES.flatMap((r) => roleActions(mapping[r]).map((spec) => [r, spec] as const));
  for (const r of ["write", "commit"] as const)
    if (roleActions(mapping[r]).length === 0) throw new MappingError(`the ${r} mapping names no action; name the protocol's ${r} action(s).`);
  for (const [r, spec] of roles) {
    if (r === "read" && spec.value === undefined) throw new MappingError(`the read mapping of ${spec.action} names no value argument; say which argument of the read action is the value read.`);
    if ((r === "read" || r === "write") && spec.key === undefined) throw new MappingError(`the ${r} mapping of ${spec.action} names no key argument; the read and write mappings must name their key argument.`);
  }
  const playing = new Map<string, string>();
  for (const [r, spec] of roles) {
    const other = playing.get(spec.action);
    if (other !== undefined) throw new MappingError(`${spec.action} is mapped twice (${other} and ${r}); an action plays one role.`);
    playing.set(spec.action, r);
  }
  const names = new Set(graph.actions.map((a) => a.name));
  for (const [r, role] of roles)
    if (!names.has(role.action))
      throw new MappingError(`the ${r} action ${role.action} never occurs in the state graph (actions: ${[...names].sort().join(", ")}); name the protocol's ${r} action in the mapping.`);
  const readTexts = new Set<string>();
  const writtenTexts = new Set<string>();
  const events = graph.actions.map((a): Event | undefined => {
    const found = roles.find(([, role]) => role.action === a.name);
    if (!found) return undefined;
    const [role, spec] = found;
    const fromSpec = options.parameters?.get(a.name);
    const argNames = a.argNames ?? (fromSpec && fromSpec.length === a.args.length ? fromSpec : undefined);
    const arg = (ref: ArgumentRef | undefined, what: string): Value | undefined => {
      if (ref === undefined) return undefined;
      const i = typeof ref === "number" ? ref : (argNames ?? []).indexOf(ref);
      const v = a.args[i];
      if (v === undefined && typeof ref === "string" && !argNames)
        throw new MappingError(
          `${a.name} has no parameter names to find ${JSON.stringify(ref)} (the ${what}) by: the state graph gives its ${a.args.length} argument(s) by position (a TLC dump does)${fromSpec ? `, and the spec's ${a.name} has ${fromSpec.length} parameter(s)` : ""}; pass the spec for its parameter names (--spec <file.tla>), or give positions (0, 1, ...) in the ${role} mapping.`,
        );
      if (v === undefined)
        throw new MappingError(`${a.name} has no argument ${JSON.stringify(ref)} for the ${what} (it has ${a.args.length}${argNames ? `: ${argNames.join(", ")}` : ""}); fix the ${role} mapping.`);
      return v;
    };
    // The transaction's id as a value too: what its writes store by default, and what reads of them return.
    const txnArg = arg(spec.txn, "transaction")!;
    const txnValue = historyValue(txnArg, "\u0000");
    const txn = String(txnValue);
    const key = arg(spec.key, "key");
    const value = arg(spec.value, "value");
    const result = arg(spec.result, "result");
    if (role === "read" && value) readTexts.add(valueText(value));
    if (role === "write") writtenTexts.add(valueText(value ?? txnArg));
    return {
      role,
      txn,
      ...(key && { key: String(historyValue(key, "\u0000")) }),
      value: value ? historyValue(value, initial) : txnValue,
      ok: result === undefined || valueText(result) === (spec.ok ?? "ok"),
    };
  });
  // Reads exist, yet none returns the initial value: it is likely named wrong.
  if (readTexts.size > 0 && !readTexts.has(initial)) {
    const unwritten = [...readTexts].filter((v) => !writtenTexts.has(v)).sort();
    const shown = [...readTexts].sort().slice(0, 6);
    options.warnings?.push(
      `no read returns the initial value ${initial} (reads return ${shown.join(", ")}${readTexts.size > shown.length ? ", ..." : ""})${unwritten.length > 0 ? `; no write stores ${unwritten.join(", ")}: is that the initial value? name it with "initialValue"` : ""}; unless reads of unwritten keys return ${initial}, they are taken for reads of a written value.`,
    );
  }
  return events;
}

const IDLE = 0;
const ACTIVE = 1;
const COMMITTED = 2;
const ABORTED = 3;
/** A commit the protocol refused (told apart from an abort only in observable histories). */
const REFUSED = 4;

/** Where each distinct history (and real-time order) first appears: recorded when witnesses are asked for. */
interface WitnessTrail {
  /** Per visited (state, history so far): the visit it came from (-1 at an initial state), the transition taken, its state, and the variant it completes (-1: none new). */
  readonly parent: IntList;
  readonly via: IntList;
  readonly state: IntList;
  readonly variant: IntList;
  /** Per variant: its history's key and real-time order, and the visit where it first appears. */
  readonly variants: { readonly key: string; readonly timing: string; readonly visit: number }[];
  /**
   * Histories as a client observes them: every transaction that began, with
   * its operations, how it stands (active, committed, aborted, refused) and
   * which had committed when it began; not only the committed ones.
   */
  readonly observable: boolean;
}

function observeByActions(
  graph: StateGraph,
  mapping: HistoryMapping,
  maxOps: number,
  onProgress?: (explored: number) => void,
  trail?: WitnessTrail,
  decode: DecodeOptions = { initial: mapping.initialValue ?? "NoValue" },
): ObservedHistories {
  const events = decodeActions(graph, mapping, decode);
  const txnNames = [...new Set(events.flatMap((e) => (e ? [e.txn] : [])))].sort();
  const keyNames = [...new Set(events.flatMap((e) => (e?.key === undefined ? [] : [e.key])))].sort();
  if (txnNames.length > 30) throw new MappingError(`the state graph has ${txnNames.length} transactions; permissiveness takes at most 30: use smaller bounds.`);
  if (decode.universeLimit !== undefined) assertUniverseWithin({ transactions: txnNames, keys: keyNames, maxOps }, decode.universeLimit);
  const txnIndex = new Map(txnNames.map((t, i) => [t, i]));
  const n = txnNames.length;
  // Each transaction's operation sequences interned: seq 0 is empty, OVERFLOW is "more than maxOps".
  const OVERFLOW = -1;
  const seqOps: Operation[][][] = txnNames.map(() => [[]]);
  const seqIds = txnNames.map(() => new Map<string, number>());
  const extend = (t: number, seq: number, op: Operation, opCode: number): number => {
    if (seq === OVERFLOW || seqOps[t]![seq]!.length >= maxOps) return OVERFLOW;
    const k = `${seq},${opCode}`;
    let id = seqIds[t]!.get(k);
    if (id === undefined) {
      id = seqOps[t]!.length;
      seqIds[t]!.set(k, id);
      seqOps[t]!.push([...seqOps[t]![seq]!, op]);
    }
    return id;
  };
  const opCodes = events.map((e, i) => (e && (e.role === "read" || e.role === "write") ? i : -1));
  const opOf = events.map((e) => (e && (e.role === "read" || e.role === "write") ? ({ type: e.role === "read" ? "r" : "w", key: e.key!, value: e.value ?? null } as Operation) : undefined));

  // A context: per transaction status, operation sequence and the mask of transactions committed when it began.
  type Ctx = Int32Array; // [status0, seq0, pred0, status1, ...]
  const histories = new Map<string, Map<string, History>>();
  // Many prefixes share their committed part: each distinct one is recorded once.
  // ... and remembered by its variant's index when witnesses are asked for.
  const recorded = new Map<string, number>();
  const variantIds = new Map<string, number>();
  const record = (ctx: Ctx, visit: number): void => {
    if (trail?.observable) return recordObservable(ctx, visit, trail);
    const committed: number[] = [];
    let part = "";
    for (let t = 0; t < n; t++)
      if (ctx[3 * t] === COMMITTED && ctx[3 * t + 1]! > 0) {
        committed.push(t);
        part += `${t}:${ctx[3 * t + 1]}:${ctx[3 * t + 2]};`;
      }
    const known = recorded.get(part);
    if (known !== undefined) {
      if (trail) trail.variant.set(visit, known);
      return;
    }
    const txns: Transaction[] = [];
    // Start and end times from "committed before it began" sets, which nest: a set is those committed before some moment.
    const pred = committed.map((t) => ctx[3 * t + 2]!);
    for (const [i, t] of committed.entries()) {
      const predCount = popcount(pred[i]!);
      let end = 2 * (n + 1);
      for (const [j] of committed.entries()) if (pred[j]! & (1 << t)) end = Math.min(end, 2 * popcount(pred[j]!) - 1);
      txns.push({ id: txnNames[t]!, ops: seqOps[t]![ctx[3 * t + 1]!]!, status: "committed", start: 2 * predCount, end });
    }
    const history: History = { transactions: txns };
    const key = historyKey(history);
    let variants = histories.get(key);
    if (!variants) histories.set(key, (variants = new Map()));
    const timing = txns.map((t) => `${t.start}/${t.end}`).join(" ");
    if (!variants.has(timing)) variants.set(timing, history);
    if (!trail) {
      recorded.set(part, -1);
      return;
    }
    const name = `${key}\u0001${timing}`;
    let id = variantIds.get(name);
    if (id === undefined) {
      id = trail.variants.length;
      variantIds.set(name, id);
      trail.variants.push({ key, timing, visit });
    }
    recorded.set(part, id);
    trail.variant.set(visit, id);
  };

  const STATUS = ["idle", "active", "committed", "aborted", "refused"];
  const recordObservable = (ctx: Ctx, visit: number, trail: WitnessTrail): void => {
    const parts: string[] = [];
    for (let t = 0; t < n; t++) {
      if (ctx[3 * t] === IDLE) continue;
      const seq = ctx[3 * t + 1]!;
      if (seq === OVERFLOW) return;
      const before = txnNames.filter((_, u) => ctx[3 * t + 2]! & (1 << u)).join(",");
      parts.push(`${formatTransaction({ id: txnNames[t]!, ops: seqOps[t]![seq]! })} [${STATUS[ctx[3 * t]!]}; after ${before || "none"}]`);
    }
    const key = parts.join("\n");
    let id = variantIds.get(key);
    if (id === undefined) {
      id = trail.variants.length;
      variantIds.set(key, id);
      trail.variants.push({ key, timing: "", visit });
    }
    trail.variant.set(visit, id);
  };

  // A visited (state, context) as one number when it fits (mixed radix), else as text.
  const opsPerTxn = new Array<number>(n).fill(0);
  events.forEach((e) => {
    if (e && (e.role === "read" || e.role === "write")) opsPerTxn[txnIndex.get(e.txn)!]!++;
  });
  // A transaction with a operations has at most 1 + a + ... + a^maxOps sequences.
  const seqBound = Math.max(...opsPerTxn.map((a) => (a <= 1 ? maxOps + 1 : (a ** (maxOps + 1) - 1) / (a - 1))), 1);
  const radix = [5, seqBound + 1, 2 ** n];
  const numeric = graph.stateCount * (5 * (seqBound + 1) * 2 ** n) ** n < Number.MAX_SAFE_INTEGER;
  const encode = (state: number, ctx: Ctx): number | string => {
    if (!numeric) return `${state}:${ctx.join(",")}`;
    let code = 0;
    for (let i = 0; i < ctx.length; i++) code = code * radix[i % 3]! + ctx[i]! + (i % 3 === 1 ? 1 : 0);
    return code * graph.stateCount + state;
  };
  // Commits of transactions past the bound, not followed.
  let cutPrefixes = 0;
  const cutTxns = new Set<string>();
  const seenNumbers = new NumberSet();
  const seenTexts = new Set<string>();
  const explored = (): number => seenNumbers.size + seenTexts.size;
  // Depth first, or breadth first when witnesses are asked for (they are then shortest).
  const stack: { state: number; ctx: Ctx; visit: number }[] = [];
  let head = 0;
  let from = -1;
  let via = -1;
  const push = (state: number, ctx: Ctx): void => {
    const id = encode(state, ctx);
    if (typeof id === "number" ? !seenNumbers.add(id) : seenTexts.has(id)) return;
    if (typeof id === "string") seenTexts.add(id);
    if (onProgress && (explored() & 0xffff) === 0) onProgress(explored());
    const visit = explored() - 1;
    if (trail) {
      trail.parent.set(visit, from);
      trail.via.set(visit, via);
      trail.state.set(visit, state);
      trail.variant.set(visit, -1);
    }
    stack.push({ state, ctx, visit });
  };
  for (const s of graph.initialStates) push(s, new Int32Array(3 * n));
  const { outStart, outTransitions, target, action } = graph.core;
  while (stack.length > head) {
    const { state, ctx, visit } = trail ? stack[head++]! : stack.pop()!;
    record(ctx, visit);
    from = visit;
    for (let e = outStart[state]!; e < outStart[state + 1]!; e++) {
      const tr = outTransitions[e]!;
      via = tr;
      const ev = events[action[tr]!];
      const to = target[tr]!;
      if (!ev) {
        push(to, ctx);
        continue;
      }
      const t = txnIndex.get(ev.txn)!;
      const next = ctx.slice();
      const status = ctx[3 * t]!;
      const operation = ev.role === "read" || ev.role === "write";
      // A committed transaction's history is final: later events of the same id are not its.
      if (status === COMMITTED) {
        push(to, ctx);
        continue;
      }
      // A (re)start: after an abort, a new attempt begins with no operations.
      if (ev.role === "begin" || (operation && (status === IDLE || status === ABORTED || status === REFUSED))) {
        let committedMask = 0;
        for (let u = 0; u < n; u++) if (ctx[3 * u] === COMMITTED) committedMask |= 1 << u;
        next[3 * t] = ACTIVE;
        next[3 * t + 1] = 0;
        next[3 * t + 2] = committedMask;
      }
      if (operation) {
        next[3 * t + 1] = extend(t, next[3 * t + 1]!, opOf[action[tr]!]!, opCodes[action[tr]!]!);
        // An observable history past the bound is out of bounds as a whole.
        if (trail?.observable && next[3 * t + 1] === OVERFLOW) continue;
      }
      else if (ev.role === "commit") {
        // A transaction past the bound commits only in out-of-bounds histories: not followed.
        if (ev.ok && ctx[3 * t + 1] === OVERFLOW) {
          cutPrefixes++;
          cutTxns.add(ev.txn);
          continue;
        }
        next[3 * t] = ev.ok ? COMMITTED : trail?.observable ? REFUSED : ABORTED;
      } else if (ev.role === "abort") next[3 * t] = ABORTED;
      push(to, next);
    }
  }
  return {
    histories: new Map([...histories].map(([k, v]) => [k, [...v.values()]])),
    transactions: txnNames,
    keys: keyNames,
    explored: explored(),
    writesOnly: roleActions(mapping.read).length === 0,
    outOfBounds: { prefixes: cutPrefixes, transactions: [...cutTxns].sort() },
  };
}

/** A behaviour prefix that produces a distinct history: the path to the first visit where it appears. */
export interface HistoryWitness {
  /** The history's key ({@link historyKey}) and its real-time order (start/end of each committed transaction). */
  readonly key: string;
  readonly timing: string;
  readonly initialState: number;
  /** Transition ids from the initial state, shortest. */
  readonly transitions: readonly number[];
  /** Indices (into the witnesses) of the histories produced along the way, in order, this one last. */
  readonly produces: readonly number[];
}

/**
 * For every distinct history the protocol produces within `maxOps` (and each
 * of its real-time orders), a shortest behaviour prefix that produces it.
 */
export function historyWitnesses(
  graph: StateGraph,
  options: Omit<ObserveOptions, "historyVariable"> & { readonly observable?: boolean },
): { readonly witnesses: readonly HistoryWitness[]; readonly explored: number } {
  const trail: WitnessTrail = { parent: new IntList(), via: new IntList(), state: new IntList(), variant: new IntList(), variants: [], observable: options.observable ?? false };
  const mapping = options.mapping ?? KVSTORE_MAPPING;
  const decode = { initial: options.initialValue ?? mapping.initialValue ?? "NoValue", parameters: options.parameters };
  const observed = observeByActions(graph, mapping, options.maxOps, options.onProgress, trail, decode);
  const witnesses = trail.variants.map((v): HistoryWitness => {
    const transitions: number[] = [];
    const produces: number[] = [];
    let at = v.visit;
    for (; trail.parent.get(at) >= 0; at = trail.parent.get(at)) {
      transitions.push(trail.via.get(at));
      produces.push(trail.variant.get(at));
    }
    produces.push(trail.variant.get(at));
    return { key: v.key, timing: v.timing, initialState: trail.state.get(at), transitions: transitions.reverse(), produces: [...new Set(produces.reverse())] };
  });
  return { witnesses, explored: observed.explored };
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

function observeVariable(graph: StateGraph, variable: string, maxOps: number, initial: string): ObservedHistories {
  if (!graph.variables.includes(variable))
    throw new MappingError(`the state graph has no variable ${variable} (variables: ${graph.variables.join(", ")}); name the history variable.`);
  const histories = new Map<string, History[]>();
  const txnNames = new Set<string>();
  const keyNames = new Set<string>();
  let cutStates = 0;
  const cutHistories = new Set<string>();
  const cutTxns = new Set<string>();
  for (let s = 0; s < graph.stateCount; s++) {
    const v = graph.valueOf(s, variable);
    const entries = functionEntries(v);
    if (!entries) throw new MappingError(`${variable} is ${printValue(v)} in state ${s}, not a function from transactions to sequences of operations.`);
    const txns: Transaction[] = [];
    for (const [t, opsValue] of entries) {
      const id = String(historyValue(t, "\u0000"));
      txnNames.add(id);
      const ops = opsValue.kind === "seq" ? opsValue.elements.map((o) => operationOf(o, variable, initial)) : undefined;
      if (!ops) throw new MappingError(`${variable}[${id}] is ${printValue(opsValue)}, not a sequence of operations.`);
      for (const o of ops) keyNames.add(o.key);
      txns.push({ id, ops, status: "committed" });
    }
    const history = { transactions: txns.filter((t) => t.ops.length > 0) };
    const over = txns.filter((t) => t.ops.length > maxOps);
    if (over.length > 0) {
      cutStates++;
      cutHistories.add(historyKey(history));
      for (const t of over) cutTxns.add(t.id);
      continue;
    }
    const key = historyKey(history);
    if (!histories.has(key)) histories.set(key, [history]);
  }
  return {
    histories,
    transactions: [...txnNames].sort(),
    keys: [...keyNames].sort(),
    explored: graph.stateCount,
    outOfBounds: { prefixes: cutStates, histories: cutHistories.size, transactions: [...cutTxns].sort() },
  };
}

function functionEntries(v: Value): [Value, Value][] | undefined {
  if (v.kind === "function") return v.domain.map((d, i) => [d, v.values[i]!]);
  if (v.kind === "record") return v.fields.map((f, i) => [str(f), v.values[i]!]);
  return undefined;
}

function operationOf(o: Value, variable: string, initial: string): Operation {
  const field = (name: string): Value | undefined => (o.kind === "record" ? o.values[o.fields.indexOf(name)] : undefined);
  const [kind, key, value] = o.kind === "seq" && o.elements.length === 3 ? o.elements : [field("op"), field("key"), field("value")];
  const k = kind && historyValue(kind, "\u0000");
  if (!kind || !key || !value || !["read", "write", "r", "w"].includes(String(k)))
    throw new MappingError(`an operation in ${variable} is ${printValue(o)}; expected [op |-> "read" or "write", key |-> k, value |-> v].`);
  return { type: String(k).startsWith("r") ? "r" : "w", key: String(historyValue(key, "\u0000")), value: historyValue(value, initial) };
}
