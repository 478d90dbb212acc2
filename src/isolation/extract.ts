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
import { NumberSet } from "../util/number-set.js";
import type { History, HistoryValue, Operation, Transaction } from "./history.js";
import { historyKey } from "./universe.js";

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

/** How a protocol's actions map to history events. */
export interface HistoryMapping {
  readonly begin?: ActionRole | undefined;
  readonly read: ActionRole;
  readonly write: ActionRole;
  readonly commit: ActionRole;
  readonly abort?: ActionRole | undefined;
  /** The value a read returns for a key nobody wrote (default `NoValue`). */
  readonly initialValue?: string | undefined;
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
  return options.historyVariable === undefined
    ? observeByActions(graph, options.mapping ?? KVSTORE_MAPPING, options.maxOps, options.onProgress)
    : observeVariable(graph, options.historyVariable, options.maxOps);
}

/** A history value from a TLA+ value: model values and strings by name, integers as numbers. */
function historyValue(v: Value, initial: string): HistoryValue {
  const text = v.kind === "model" ? v.name : v.kind === "string" ? v.value : v.kind === "int" ? v.value : printValue(v);
  return text === initial ? null : typeof text === "bigint" ? Number(text) : text;
}

type Role = "begin" | "read" | "write" | "commit" | "abort";
interface Event {
  readonly role: Role;
  readonly txn: string;
  readonly key?: string;
  readonly value?: HistoryValue;
  readonly ok?: boolean;
}

function decodeActions(graph: StateGraph, mapping: HistoryMapping): (Event | undefined)[] {
  const initial = mapping.initialValue ?? "NoValue";
  const roles = (["begin", "read", "write", "commit", "abort"] as const).flatMap((r) => (mapping[r] ? [[r, mapping[r]!] as const] : []));
  if (mapping.read.value === undefined) throw new MappingError("the read mapping names no value argument; say which argument of the read action is the value read.");
  if (mapping.read.key === undefined || mapping.write.key === undefined) throw new MappingError("the read and write mappings must name their key argument.");
  const names = new Set(graph.actions.map((a) => a.name));
  for (const [r, role] of roles)
    if (!names.has(role.action))
      throw new MappingError(`the ${r} action ${role.action} never occurs in the state graph (actions: ${[...names].sort().join(", ")}); name the protocol's ${r} action in the mapping.`);
  return graph.actions.map((a) => {
    const found = roles.find(([, role]) => role.action === a.name);
    if (!found) return undefined;
    const [role, spec] = found;
    const arg = (ref: ArgumentRef | undefined, what: string): Value | undefined => {
      if (ref === undefined) return undefined;
      const i = typeof ref === "number" ? ref : (a.argNames ?? []).indexOf(ref);
      const v = a.args[i];
      if (v === undefined)
        throw new MappingError(`${a.name} has no argument ${JSON.stringify(ref)} for the ${what} (it has ${a.args.length}${a.argNames ? `: ${a.argNames.join(", ")}` : ""}); fix the ${role} mapping.`);
      return v;
    };
    // The transaction's id as a value too: what its writes store by default, and what reads of them return.
    const txnValue = historyValue(arg(spec.txn, "transaction")!, "\u0000");
    const txn = String(txnValue);
    const key = arg(spec.key, "key");
    const value = arg(spec.value, "value");
    const result = arg(spec.result, "result");
    return {
      role,
      txn,
      ...(key && { key: String(historyValue(key, "\u0000")) }),
      value: value ? historyValue(value, initial) : txnValue,
      ok: result === undefined || String(historyValue(result, "\u0000")) === (spec.ok ?? "ok"),
    };
  });
}

const IDLE = 0;
const ACTIVE = 1;
const COMMITTED = 2;
const ABORTED = 3;

function observeByActions(graph: StateGraph, mapping: HistoryMapping, maxOps: number, onProgress?: (explored: number) => void): ObservedHistories {
  const events = decodeActions(graph, mapping);
  const txnNames = [...new Set(events.flatMap((e) => (e ? [e.txn] : [])))].sort();
  const keyNames = [...new Set(events.flatMap((e) => (e?.key === undefined ? [] : [e.key])))].sort();
  if (txnNames.length > 30) throw new MappingError(`the state graph has ${txnNames.length} transactions; permissiveness takes at most 30: use smaller bounds.`);
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
  const recorded = new Set<string>();
  const record = (ctx: Ctx): void => {
    const committed: number[] = [];
    let part = "";
    for (let t = 0; t < n; t++)
      if (ctx[3 * t] === COMMITTED && ctx[3 * t + 1]! > 0) {
        committed.push(t);
        part += `${t}:${ctx[3 * t + 1]}:${ctx[3 * t + 2]};`;
      }
    if (recorded.has(part)) return;
    recorded.add(part);
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
  };

  // A visited (state, context) as one number when it fits (mixed radix), else as text.
  const opsPerTxn = new Array<number>(n).fill(0);
  events.forEach((e) => {
    if (e && (e.role === "read" || e.role === "write")) opsPerTxn[txnIndex.get(e.txn)!]!++;
  });
  // A transaction with a operations has at most 1 + a + ... + a^maxOps sequences.
  const seqBound = Math.max(...opsPerTxn.map((a) => (a <= 1 ? maxOps + 1 : (a ** (maxOps + 1) - 1) / (a - 1))), 1);
  const radix = [4, seqBound + 1, 2 ** n];
  const numeric = graph.stateCount * (4 * (seqBound + 1) * 2 ** n) ** n < Number.MAX_SAFE_INTEGER;
  const encode = (state: number, ctx: Ctx): number | string => {
    if (!numeric) return `${state}:${ctx.join(",")}`;
    let code = 0;
    for (let i = 0; i < ctx.length; i++) code = code * radix[i % 3]! + ctx[i]! + (i % 3 === 1 ? 1 : 0);
    return code * graph.stateCount + state;
  };
  const seenNumbers = new NumberSet();
  const seenTexts = new Set<string>();
  const explored = (): number => seenNumbers.size + seenTexts.size;
  const stack: { state: number; ctx: Ctx }[] = [];
  const push = (state: number, ctx: Ctx): void => {
    const id = encode(state, ctx);
    if (typeof id === "number" ? !seenNumbers.add(id) : seenTexts.has(id)) return;
    if (typeof id === "string") seenTexts.add(id);
    if (onProgress && (explored() & 0xffff) === 0) onProgress(explored());
    stack.push({ state, ctx });
  };
  for (const s of graph.initialStates) push(s, new Int32Array(3 * n));
  const { outStart, outTransitions, target, action } = graph.core;
  while (stack.length > 0) {
    const { state, ctx } = stack.pop()!;
    record(ctx);
    for (let e = outStart[state]!; e < outStart[state + 1]!; e++) {
      const tr = outTransitions[e]!;
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
      if (ev.role === "begin" || (operation && (status === IDLE || status === ABORTED))) {
        let committedMask = 0;
        for (let u = 0; u < n; u++) if (ctx[3 * u] === COMMITTED) committedMask |= 1 << u;
        next[3 * t] = ACTIVE;
        next[3 * t + 1] = 0;
        next[3 * t + 2] = committedMask;
      }
      if (operation) next[3 * t + 1] = extend(t, next[3 * t + 1]!, opOf[action[tr]!]!, opCodes[action[tr]!]!);
      else if (ev.role === "commit") {
        // A transaction past the bound commits only in out-of-bounds histories: not followed.
        if (ev.ok && ctx[3 * t + 1] === OVERFLOW) continue;
        next[3 * t] = ev.ok ? COMMITTED : ABORTED;
      } else if (ev.role === "abort") next[3 * t] = ABORTED;
      push(to, next);
    }
  }
  return {
    histories: new Map([...histories].map(([k, v]) => [k, [...v.values()]])),
    transactions: txnNames,
    keys: keyNames,
    explored: explored(),
  };
}

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

function observeVariable(graph: StateGraph, variable: string, maxOps: number): ObservedHistories {
  if (!graph.variables.includes(variable))
    throw new MappingError(`the state graph has no variable ${variable} (variables: ${graph.variables.join(", ")}); name the history variable.`);
  const histories = new Map<string, History[]>();
  const txnNames = new Set<string>();
  const keyNames = new Set<string>();
  for (let s = 0; s < graph.stateCount; s++) {
    const v = graph.valueOf(s, variable);
    const entries = functionEntries(v);
    if (!entries) throw new MappingError(`${variable} is ${printValue(v)} in state ${s}, not a function from transactions to sequences of operations.`);
    const txns: Transaction[] = [];
    for (const [t, opsValue] of entries) {
      const id = String(historyValue(t, "\u0000"));
      txnNames.add(id);
      const ops = opsValue.kind === "seq" ? opsValue.elements.map((o) => operationOf(o, variable)) : undefined;
      if (!ops) throw new MappingError(`${variable}[${id}] is ${printValue(opsValue)}, not a sequence of operations.`);
      for (const o of ops) keyNames.add(o.key);
      txns.push({ id, ops, status: "committed" });
    }
    if (txns.some((t) => t.ops.length > maxOps)) continue;
    const history = { transactions: txns.filter((t) => t.ops.length > 0) };
    const key = historyKey(history);
    if (!histories.has(key)) histories.set(key, [history]);
  }
  return { histories, transactions: [...txnNames].sort(), keys: [...keyNames].sort(), explored: graph.stateCount };
}

function functionEntries(v: Value): [Value, Value][] | undefined {
  if (v.kind === "function") return v.domain.map((d, i) => [d, v.values[i]!]);
  if (v.kind === "record") return v.fields.map((f, i) => [str(f), v.values[i]!]);
  return undefined;
}

function operationOf(o: Value, variable: string): Operation {
  const field = (name: string): Value | undefined => (o.kind === "record" ? o.values[o.fields.indexOf(name)] : undefined);
  const [kind, key, value] = o.kind === "seq" && o.elements.length === 3 ? o.elements : [field("op"), field("key"), field("value")];
  const k = kind && historyValue(kind, "\u0000");
  if (!kind || !key || !value || !["read", "write", "r", "w"].includes(String(k)))
    throw new MappingError(`an operation in ${variable} is ${printValue(o)}; expected [op |-> "read" or "write", key |-> k, value |-> v].`);
  return { type: String(k).startsWith("r") ? "r" : "w", key: String(historyValue(key, "\u0000")), value: historyValue(value, "NoValue") };
}
