/**
 * Adya's direct serialization graph: transactions joined by write-write
 * (ww), write-read (wr) and read-write anti-dependency (rw) edges on each
 * key's version order, plus real-time and session edges for strict
 * serializability. Every level becomes a cycle check, linear in the size of
 * the history. Keys whose version order is only partly known contribute only
 * the edges every compatible order has, so a cycle found is real; the check
 * is then incomplete, and says so.
 *
 * Built on the compact form (compact.ts), dependencies in typed columns:
 * objects are made only for the dependencies of a witness.
 *
 * @module
 */
import { stronglyConnectedComponents, type GraphCore } from "../graph/index.js";
import { IntList } from "../util/int-list.js";
import type { CompactHistory } from "./compact.js";
import type { Operation } from "./history.js";
import { listKeysOf, listOrders, type ListKeys } from "./list-append.js";

/** The kinds of dependency between transactions. */
export type DependencyType = "ww" | "wr" | "rw" | "rt";

/** Dependency kinds as numbers, and as bits of a set of kinds. */
export const WW = 0;
export const WR = 1;
export const RW = 2;
export const RT = 3;
const TYPES: readonly DependencyType[] = ["ww", "wr", "rw", "rt"];

/** A set of dependency kinds as a bit mask. */
export function kinds(...types: readonly DependencyType[]): number {
  let mask = 0;
  for (const t of types) mask |= 1 << TYPES.indexOf(t);
  return mask;
}

/** `from` must come before `to`: `to` overwrote (ww), read (wr) or overwrote what `from` read (rw), or started after `from` ended (rt). */
export interface Dependency {
  readonly from: number;
  readonly to: number;
  readonly type: DependencyType;
  /** The key, for ww, wr and rw. */
  readonly key?: string | undefined;
  /** For wr and rw: the read. */
  readonly read?: Operation | undefined;
}

/** Dependencies as columns: from, to, kind, key (-1: none), the read (an operation index, -1: none), and whether a ww order was only inferred from a read followed by a write (which holds only from RC up). */
export class DependencyList {
  readonly from = new IntList();
  readonly to = new IntList();
  readonly type = new IntList();
  readonly key = new IntList();
  readonly read = new IntList();
  readonly inferred = new IntList();

  /** The number of dependencies. */
  get length(): number {
    return this.from.length;
  }

  /** Adds one. */
  push(from: number, to: number, type: number, key: number, read: number, inferred: number): void {
    this.from.push(from);
    this.to.push(to);
    this.type.push(type);
    this.key.push(key);
    this.read.push(read);
    this.inferred.push(inferred);
  }
}

/** The serialization graph of a history's effective, non-empty transactions (nodes: every transaction of the history). */
export interface DependencyGraph {
  readonly history: CompactHistory;
  readonly dependencies: DependencyList;
  /** Keys whose version order is only partly known. */
  readonly partialKeys: readonly string[];
  /** Each transaction's external reads (of a value it did not write first): operations `readOp[readStart[t]..readStart[t+1])`, with the writer read from (-1: the initial value). */
  readonly readStart: Int32Array;
  readonly readOp: Int32Array;
  readonly readWriter: Int32Array;
  /** For key `k`, whether writer `a` is known to come before writer `b` (-1: the initial value). */
  readonly versionBefore: (k: number, a: number, b: number) => boolean;
}

/** Dependency `i` of `g` as an object. */
export function dependencyAt(g: DependencyGraph, i: number): Dependency {
  const d = g.dependencies;
  const c = g.history;
  const from = d.from.get(i);
  const to = d.to.get(i);
  const type = TYPES[d.type.get(i)]!;
  const k = d.key.get(i);
  if (k < 0) return { from, to, type };
  const r = d.read.get(i);
  // A read belongs to the reader: the source of wr's target, rw's source.
  const reader = type === "wr" ? to : from;
  return r < 0 ? { from, to, type, key: c.keyNames[k]! } : { from, to, type, key: c.keyNames[k]!, read: c.operation(reader, r) };
}

/** Whether transaction `t` writes key `k`. */
export function writesKey(c: CompactHistory, t: number, k: number): boolean {
  for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) if (c.opWrite[o] && c.opKey[o] === k) return true;
  return false;
}

/** Whether transaction `t` writes anything. */
export function writesAny(c: CompactHistory, t: number): boolean {
  for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) if (c.opWrite[o]) return true;
  return false;
}

/**
 * Builds the serialization graph of the transactions `mask` keeps
 * (effective, each read's writer among them or the initial value: check
 * that first), with real-time and session edges when `realTime` (only
 * strict serializability needs them). `listKeys`: the list-append keys of
 * those transactions, when the caller knows them.
 */
export function buildDependencyGraph(c: CompactHistory, mask: Uint8Array, realTime = true, listKeys?: ListKeys): DependencyGraph {
  const keys = c.keyNames.length;
  const lists = listKeys ?? listKeysOf(c, mask);
  const dependencies = new DependencyList();
  // List-append keys: the order every read shows, as Elle infers it (list-append.ts); their dependencies come first.
  const orders = listOrders(c, mask, lists, dependencies);
  // Writers' places in their keys' version orders: the lists', then the register chains'.
  const position = orders.position;
  const positioned = orders.positioned;

  // Each transaction's final write of each key (by value), and each register key's writers in order.
  const finalWriter = new Int32Array(c.values.length).fill(-1);
  const mark = new Int32Array(keys).fill(-1);
  for (let t = 0; t < c.count; t++) {
    if (!mask[t]) continue;
    for (let o = c.opStart[t + 1]! - 1; o >= c.opStart[t]!; o--) {
      if (!c.opWrite[o] || mark[c.opKey[o]!] === t) continue;
      mark[c.opKey[o]!] = t;
      if (c.opValue[o]! >= 0) finalWriter[c.opValue[o]!] = t;
    }
  }
  mark.fill(-1);
  const writers = new Map<number, number[]>();
  for (let t = 0; t < c.count; t++) {
    if (!mask[t]) continue;
    for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) {
      const k = c.opKey[o]!;
      if (!c.opWrite[o] || mark[k] === t) continue;
      mark[k] = t;
      if (lists.isList[k]) continue;
      let ws = writers.get(k);
      if (!ws) writers.set(k, (ws = []));
      ws.push(t);
    }
  }
  // External reads and the writer each read from.
  mark.fill(-1);
  const readStart = new Int32Array(c.count + 1);
  const readOp = new IntList();
  const readWriter = new IntList();
  for (let t = 0; t < c.count; t++) {
    readStart[t] = readOp.length;
    if (!mask[t]) continue;
    for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) {
      const k = c.opKey[o]!;
      if (c.opWrite[o]) {
        mark[k] = t;
        continue;
      }
      if (mark[k] === t) continue;
      const v = c.opValue[o]!;
      readOp.push(o);
      readWriter.push(v < 0 ? -1 : lists.isList[k] ? orders.appender[v]! : finalWriter[v]!);
    }
  }
  readStart[c.count] = readOp.length;
  const reads = { start: readStart, op: readOp.data, writer: readWriter.data };

  // Each register key's known order: a chain when recorded or forced, else successor sets.
  const partialKeys: string[] = [];
  // Per partial key: writer -> the writers known to follow it, each with whether that was only inferred from a read.
  const successors = new Map<number, Map<number, Map<number, boolean>>>();
  const chains = new Map<number, readonly number[]>();
  for (const [k, ws] of writers) {
    const recordedValues = c.versionOrder?.[c.keyNames[k]!];
    const chain = versionChain(c, k, ws, recordedValues, finalWriter);
    if (chain) {
      chains.set(k, chain);
      positioned[k] = 1;
      chain.forEach((w, i) => position.set(w, k, i));
      for (let i = 1; i < chain.length; i++) dependencies.push(chain[i - 1]!, chain[i]!, WW, k, -1, 0);
      continue;
    }
    partialKeys.push(c.keyNames[k]!);
    const next = new Map<number, Map<number, boolean>>();
    const push = (a: number, b: number, guessed = false): void => {
      let l = next.get(a);
      if (!l) next.set(a, (l = new Map()));
      // Inferred only while no recorded order says so too.
      if (!guessed) l.set(b, false);
      else if (!l.has(b)) l.set(b, true);
    };
    const recorded: number[] = [];
    for (const v of recordedValues ?? []) {
      const id = c.valueId(k, v);
      if (id >= 0 && finalWriter[id]! >= 0) recorded.push(finalWriter[id]!);
    }
    for (let i = 1; i < recorded.length; i++) push(recorded[i - 1]!, recorded[i]!);
    // A transaction that read a key and then wrote it installed its version after the one it read.
    for (const w of ws) for (let r = reads.start[w]!; r < reads.start[w + 1]!; r++) if (c.opKey[reads.op[r]!] === k && reads.writer[r] !== w) push(reads.writer[r]!, w, true);
    const hasPredecessor = new Set<number>();
    for (const [a, bs] of next) if (a !== -1) for (const b of bs.keys()) hasPredecessor.add(b);
    for (const w of ws) if (!hasPredecessor.has(w)) push(-1, w);
    successors.set(k, next);
    for (const [a, bs] of next) if (a !== -1) for (const [b, guessed] of bs) dependencies.push(a, b, WW, k, -1, guessed ? 1 : 0);
  }
  // wr to each read, and rw to the writers known to install the version right after the one read (-1: the initial value).
  for (let t = 0; t < c.count; t++)
    for (let r = reads.start[t]!; r < reads.start[t + 1]!; r++) {
      const o = reads.op[r]!;
      const k = c.opKey[o]!;
      const writer = reads.writer[r]!;
      if (writer >= 0 && writer !== t) dependencies.push(writer, t, WR, k, o, 0);
      const chain = chains.get(k);
      if (chain) {
        const at = writer === -1 ? 0 : position.get(writer, k) + 1;
        const v = at < chain.length ? chain[at]! : t;
        if (v !== t) dependencies.push(t, v, RW, k, o, 0);
        continue;
      }
      const next = successors.get(k)?.get(writer);
      if (next) for (const v of next.keys()) if (v !== t) dependencies.push(t, v, RW, k, o, 0);
    }
  if (realTime) realTimeDependencies(c, mask, dependencies);

  const closure = new Map<number, Map<number, Set<number>>>();
  const versionBefore = (k: number, a: number, b: number): boolean => {
    if (positioned[k]) return a === -1 ? b !== -1 : b !== -1 && position.get(a, k, NaN) < position.get(b, k, NaN);
    let perKey = closure.get(k);
    if (!perKey) closure.set(k, (perKey = new Map()));
    let after = perKey.get(a);
    if (!after) {
      after = new Set();
      const stack = [a];
      while (stack.length > 0) for (const s of successors.get(k)?.get(stack.pop()!)?.keys() ?? []) if (!after.has(s)) after.add(s), stack.push(s);
      perKey.set(a, after);
    }
    return after.has(b);
  };
  return { history: c, dependencies, partialKeys, readStart: reads.start, readOp: reads.op, readWriter: reads.writer, versionBefore };
}

/** The writers of key `k` in version order, when recorded or forced; undefined when only partly known. */
function versionChain(c: CompactHistory, k: number, ws: readonly number[], recorded: readonly (string | number | null)[] | undefined, finalWriter: Int32Array): number[] | undefined {
  if (ws.length === 1) return [...ws];
  if (!recorded) return undefined;
  const chain = new Set<number>();
  for (const v of recorded) {
    const id = c.valueId(k, v);
    if (id >= 0 && finalWriter[id]! >= 0) chain.add(finalWriter[id]!);
  }
  return chain.size === ws.length ? [...chain] : undefined;
}

/**
 * Real-time edges (a ended before b started) and session edges, without the
 * quadratic blow-up: each transaction links to the next few to start after it
 * ends; the rest follow by transitivity through those that started in between.
 */
function realTimeDependencies(c: CompactHistory, mask: Uint8Array, out: DependencyList): void {
  const last = new Map<number, number>();
  for (let t = 0; t < c.count; t++) {
    if (!mask[t] || c.session[t]! < 0) continue;
    const prev = last.get(c.session[t]!);
    if (prev !== undefined) out.push(prev, t, RT, -1, -1, 0);
    last.set(c.session[t]!, t);
  }
  // Any transaction with a start can follow; only those with an end can precede.
  const timed: number[] = [];
  const byStart: number[] = [];
  for (let t = 0; t < c.count; t++) {
    if (!mask[t]) continue;
    if (!Number.isNaN(c.end[t]!)) timed.push(t);
    if (!Number.isNaN(c.start[t]!)) byStart.push(t);
  }
  if (timed.length === 0 || byStart.length === 0) return;
  byStart.sort((a, b) => c.start[a]! - c.start[b]!);
  const starts = byStart.map((t) => c.start[t]!);
  // a -> b for b among those starting after a ends and before the earliest end of those: all others start after some such b ends.
  for (const a of timed) {
    const end = c.end[a]!;
    let lo = 0;
    let hi = starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid]! > end) hi = mid;
      else lo = mid + 1;
    }
    let horizon = Infinity;
    for (let j = lo; j < byStart.length && starts[j]! <= horizon; j++) {
      const b = byStart[j]!;
      out.push(a, b, RT, -1, -1, 0);
      const bEnd = c.end[b]!;
      horizon = Math.min(horizon, Number.isNaN(bEnd) ? Infinity : bEnd);
    }
  }
}

/**
 * Whether the dependencies of the kinds in `allowed` (a {@link kinds} mask)
 * form no cycle (Kahn's algorithm on a compact adjacency array): when they
 * do not, no subset of them does, and every cycle search among them can be
 * skipped.
 */
export function isAcyclic(g: DependencyGraph, allowed: number): boolean {
  const n = g.history.count;
  const d = g.dependencies;
  const m = d.length;
  const from = d.from.data;
  const to = d.to.data;
  const type = d.type.data;
  const indegree = new Int32Array(n);
  const outStart = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) {
    if (!(allowed & (1 << type[i]!))) continue;
    indegree[to[i]!]!++;
    outStart[from[i]! + 1]!++;
  }
  for (let i = 0; i < n; i++) outStart[i + 1]! += outStart[i]!;
  const fill = outStart.slice(0, n);
  const targets = new Int32Array(outStart[n]!);
  for (let i = 0; i < m; i++) if (allowed & (1 << type[i]!)) targets[fill[from[i]!]!++] = to[i]!;
  const queue = new Int32Array(n);
  let tail = 0;
  for (let v = 0; v < n; v++) if (indegree[v] === 0) queue[tail++] = v;
  for (let head = 0; head < tail; head++) {
    const v = queue[head]!;
    for (let e = outStart[v]!; e < outStart[v + 1]!; e++) {
      const w = targets[e]!;
      if (--indegree[w]! === 0) queue[tail++] = w;
    }
  }
  return tail === n;
}

/** A cycle of dependencies, first edge's source = last edge's target. */
export type Cycle = readonly Dependency[];

/**
 * A shortest cycle among the dependencies of the kinds in `allowed`, or
 * undefined when they are acyclic. With `noAdjacent`, cycles where two `rw`
 * edges follow one another are ignored: what snapshot isolation allows
 * (Cerone and Gotsman: SI forbids cycles of (D ; rw?) edges). With
 * `recordedOnly`, ww edges inferred from reads are left out.
 */
export function findCycle(g: DependencyGraph, allowed: number, noAdjacent = false, recordedOnly = false): Cycle | undefined {
  const n = g.history.count;
  const d = g.dependencies;
  const type = d.type.data;
  const inferred = d.inferred.data;
  // Nodes 0..n-1: "any edge may follow"; with noAdjacent, nodes n..2n-1: "just took a non-rw edge".
  const nodes = noAdjacent ? 2 * n : n;
  const keep = (i: number): boolean => (allowed & (1 << type[i]!)) !== 0 && !(recordedOnly && inferred[i]);
  let count = noAdjacent ? n : 0;
  for (let i = 0; i < d.length; i++) if (keep(i)) count++;
  const source = new Int32Array(count);
  const target = new Int32Array(count);
  // The dependency each arc stands for; -1 for the step from "just took a non-rw edge" back.
  const dependency = new Int32Array(count);
  let a = 0;
  for (let i = 0; i < d.length; i++) {
    if (!keep(i)) continue;
    const from = d.from.data[i]!;
    const to = d.to.data[i]!;
    const rw = type[i] === RW;
    source[a] = !noAdjacent ? from : rw ? n + from : from;
    target[a] = !noAdjacent ? to : rw ? to : n + to;
    dependency[a++] = i;
  }
  if (noAdjacent) for (let i = 0; i < n; i++) (source[a] = n + i), (target[a] = i), (dependency[a++] = -1);
  const core = csr(nodes, source, target);
  const { componentOf } = stronglyConnectedComponents(core);
  const size = new Int32Array(nodes);
  for (let v = 0; v < nodes; v++) size[componentOf[v]!]!++;
  const selfLoop = new Uint8Array(nodes);
  for (let i = 0; i < count; i++) if (source[i] === target[i]) selfLoop[source[i]!] = 1;
  let best: number[] | undefined;
  let tried = 0;
  for (let v = 0; v < nodes && tried < 64; v++) {
    if (v >= n && noAdjacent) break; // every cycle passes through some node below n
    if (size[componentOf[v]!]! < 2 && !selfLoop[v]) continue;
    tried++;
    const path = shortestCycleThrough(v, core, componentOf, best?.length ?? Infinity);
    if (path && (!best || path.length < best.length)) best = path;
    if (best && best.length <= 2) break;
  }
  if (!best) return undefined;
  return best.flatMap((arc) => (dependency[arc]! < 0 ? [] : [dependencyAt(g, dependency[arc]!)]));
}

function csr(nodes: number, source: Int32Array, target: Int32Array): GraphCore {
  const outStart = new Int32Array(nodes + 1);
  for (const s of source) outStart[s + 1]!++;
  for (let i = 0; i < nodes; i++) outStart[i + 1]! += outStart[i]!;
  const fill = outStart.slice(0, nodes);
  const outTransitions = new Int32Array(source.length);
  source.forEach((s, i) => (outTransitions[fill[s]!++] = i));
  return { stateCount: nodes, transitionCount: source.length, source, target, action: new Int32Array(source.length), outStart, outTransitions, initialStates: new Int32Array(0) };
}

/** Breadth-first search for the shortest cycle through `start`, as arc ids; none longer than `limit`. */
function shortestCycleThrough(start: number, core: GraphCore, componentOf: Int32Array, limit: number): number[] | undefined {
  const via = new Map<number, number>();
  const queue = [start];
  const depth = new Map<number, number>([[start, 0]]);
  for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    if (depth.get(v)! + 1 >= limit) break;
    for (let e = core.outStart[v]!; e < core.outStart[v + 1]!; e++) {
      const arc = core.outTransitions[e]!;
      const w = core.target[arc]!;
      if (componentOf[w] !== componentOf[start]) continue;
      if (w === start) {
        const path = [arc];
        for (let u = v; u !== start; ) {
          const a = via.get(u)!;
          path.push(a);
          u = core.source[a]!;
        }
        return path.reverse();
      }
      if (depth.has(w)) continue;
      depth.set(w, depth.get(v)! + 1);
      via.set(w, arc);
      queue.push(w);
    }
  }
  return undefined;
}
