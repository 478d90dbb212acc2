/**
 * Adya's direct serialization graph: transactions joined by write-write
 * (ww), write-read (wr) and read-write anti-dependency (rw) edges on each
 * key's version order, plus real-time and session edges for strict
 * serializability. Every level becomes a cycle check, linear in the size of
 * the history. Keys whose version order is only partly known contribute only
 * the edges every compatible order has, so a cycle found is real; the check
 * is then incomplete, and says so.
 *
 * @module
 */
import { stronglyConnectedComponents, type GraphCore } from "../graph/index.js";
import { ValueIndex, type History, type HistoryValue, type Operation, type Transaction } from "./history.js";
import { listOrders } from "./list-append.js";

/** The kinds of dependency between transactions. */
export type DependencyType = "ww" | "wr" | "rw" | "rt";

/** `from` must come before `to`: `to` overwrote (ww), read (wr) or overwrote what `from` read (rw), or started after `from` ended (rt). */
export interface Dependency {
  readonly from: number;
  readonly to: number;
  readonly type: DependencyType;
  /** The key, for ww, wr and rw. */
  readonly key?: string | undefined;
  /** For wr and rw: the read. */
  readonly read?: Operation | undefined;
  /** For ww: the order was inferred from a read followed by a write (which only holds from RC up), not recorded. */
  readonly inferred?: boolean | undefined;
}

/** The serialization graph of a history's committed transactions. */
export interface DependencyGraph {
  readonly transactions: readonly Transaction[];
  readonly dependencies: readonly Dependency[];
  /** Keys whose version order is only partly known. */
  readonly partialKeys: readonly string[];
  /** Reads, per transaction, in order: the key, the writer read from (-1: the initial value) and the op. */
  readonly reads: readonly (readonly ExternalRead[])[];
  /** For a key, whether writer `a` is known to come before writer `b` (-1: the initial value). */
  readonly versionBefore: (key: string, a: number, b: number) => boolean;
  /** The keys each transaction writes. */
  readonly writeKeys: readonly ReadonlySet<string>[];
}

/** A read of a value some other transaction (or nobody: the initial value) wrote. */
export interface ExternalRead {
  readonly op: Operation;
  readonly writer: number;
}

/**
 * Builds the serialization graph of `transactions` (committed, and each
 * read's writer among them or the initial value: check that first), with
 * real-time and session edges when `realTime` (only strict serializability
 * needs them).
 */
export function buildDependencyGraph(transactions: readonly Transaction[], versionOrder: History["versionOrder"], realTime = true): DependencyGraph {
  // List-append keys: the order every read shows, as Elle infers it (list-append.ts).
  const lists = listOrders(transactions);
  const finalWriter = new ValueIndex<number>();
  const writers = new Map<string, number[]>();
  const writeKeys: ReadonlySet<string>[] = new Array(transactions.length);
  const none: ReadonlySet<string> = new Set<string>();
  for (let i = 0; i < transactions.length; i++) {
    const ops = transactions[i]!.ops;
    let keys: Set<string> | undefined;
    // Each key's last write (a Map only for long transactions).
    const last = ops.length > 16 ? new Map<string, HistoryValue>() : undefined;
    if (last) for (const op of ops) if (op.type === "w") last.set(op.key, op.value);
    for (let j = 0; j < ops.length; j++) {
      const op = ops[j]!;
      if (op.type !== "w") continue;
      const k = op.key;
      let v = op.value;
      if (last) {
        if (keys?.has(k)) continue;
        v = last.get(k)!;
      } else {
        let first = true;
        for (let q = 0; q < j && first; q++) if (ops[q]!.type === "w" && ops[q]!.key === k) first = false;
        if (!first) continue;
        for (let q = j + 1; q < ops.length; q++) if (ops[q]!.type === "w" && ops[q]!.key === k) v = ops[q]!.value;
      }
      finalWriter.set(k, v, i);
      (keys ??= new Set()).add(k);
      if (lists.keys.has(k)) continue;
      let list = writers.get(k);
      if (!list) writers.set(k, (list = []));
      list.push(i);
    }
    writeKeys[i] = keys ?? none;
  }
  const reads: ExternalRead[][] = transactions.map((t) => {
    let own: Set<string> | undefined;
    const out: ExternalRead[] = [];
    for (const op of t.ops) {
      if (op.type === "w") (own ??= new Set()).add(op.key);
      else if (!own?.has(op.key)) out.push({ op, writer: op.value === null ? -1 : ((lists.keys.has(op.key) ? lists.writerOf(op.key, op.value) : finalWriter.get(op.key, op.value)) ?? -1) });
    }
    return out;
  });

  // Each key's known order: a chain when recorded or forced, else constraints.
  const dependencies: Dependency[] = [];
  const partialKeys: string[] = [];
  // Known orders: a chain (recorded or forced) as positions, else successor sets.
  // Per key: writer -> the writers known to follow it, each with whether that was only inferred from a read.
  const successors = new Map<string, Map<number, Map<number, boolean>>>();
  const chains = new Map<string, readonly number[]>();
  const positions = new Map<string, ReadonlyMap<number, number>>(lists.position);
  for (const d of lists.dependencies) dependencies.push(d);
  for (const [key, ws] of writers) {
    const chain = versionChain(key, ws, versionOrder?.[key], finalWriter);
    if (chain) {
      chains.set(key, chain);
      positions.set(key, new Map(chain.map((w, i) => [w, i])));
      for (let i = 1; i < chain.length; i++) dependencies.push({ from: chain[i - 1]!, to: chain[i]!, type: "ww", key });
      continue;
    }
    partialKeys.push(key);
    const next = new Map<number, Map<number, boolean>>();
    const push = (a: number, b: number, guessed = false): void => {
      let l = next.get(a);
      if (!l) next.set(a, (l = new Map()));
      // Inferred only while no recorded order says so too.
      if (!guessed) l.set(b, false);
      else if (!l.has(b)) l.set(b, true);
    };
    const recorded = (versionOrder?.[key] ?? []).map((v) => finalWriter.get(key, v)).filter((w): w is number => w !== undefined);
    for (let i = 1; i < recorded.length; i++) push(recorded[i - 1]!, recorded[i]!);
    // A transaction that read a key and then wrote it installed its version after the one it read.
    for (const w of ws) for (const r of reads[w]!) if (r.op.key === key && r.writer !== w) push(r.writer, w, true);
    const hasPredecessor = new Set<number>();
    for (const [a, bs] of next) if (a !== -1) for (const b of bs.keys()) hasPredecessor.add(b);
    for (const w of ws) if (!hasPredecessor.has(w)) push(-1, w);
    successors.set(key, next);
    for (const [a, bs] of next) if (a !== -1) for (const [b, guessed] of bs) dependencies.push(guessed ? { from: a, to: b, type: "ww", key, inferred: true } : { from: a, to: b, type: "ww", key });
  }
  // rw: to the writers known to install the version right after the one read (-1: the initial value).
  for (let i = 0; i < transactions.length; i++)
    for (const r of reads[i]!) {
      const key = r.op.key;
      if (r.writer >= 0 && r.writer !== i) dependencies.push({ from: r.writer, to: i, type: "wr", key, read: r.op });
      const chain = chains.get(key);
      if (chain) {
        const at = r.writer === -1 ? 0 : positions.get(key)!.get(r.writer)! + 1;
        const v = at < chain.length ? chain[at]! : i;
        if (v !== i) dependencies.push({ from: i, to: v, type: "rw", key, read: r.op });
        continue;
      }
      const next = successors.get(key)?.get(r.writer);
      if (next) for (const v of next.keys()) if (v !== i) dependencies.push({ from: i, to: v, type: "rw", key, read: r.op });
    }
  if (realTime) for (const d of realTimeDependencies(transactions, new Map(transactions.map((t, i) => [t, i])))) dependencies.push(d);

  const closure = new Map<string, Map<number, Set<number>>>();
  const versionBefore = (key: string, a: number, b: number): boolean => {
    const pos = positions.get(key);
    if (pos) return a === -1 ? b !== -1 : b !== -1 && pos.get(a)! < pos.get(b)!;
    let perKey = closure.get(key);
    if (!perKey) closure.set(key, (perKey = new Map()));
    let after = perKey.get(a);
    if (!after) {
      after = new Set();
      const stack = [a];
      while (stack.length > 0) for (const s of successors.get(key)?.get(stack.pop()!)?.keys() ?? []) if (!after.has(s)) after.add(s), stack.push(s);
      perKey.set(a, after);
    }
    return after.has(b);
  };
  return { transactions, dependencies, partialKeys, reads, versionBefore, writeKeys };
}

/** The writers of `key` in version order, when recorded or forced; undefined when only partly known. */
function versionChain(key: string, ws: readonly number[], recorded: readonly HistoryValue[] | undefined, finalWriter: ValueIndex<number>): number[] | undefined {
  if (ws.length === 1) return [...ws];
  if (!recorded) return undefined;
  const chain = new Set<number>();
  for (const v of recorded) {
    const w = v === null ? undefined : finalWriter.get(key, v);
    if (w !== undefined) chain.add(w);
  }
  return chain.size === ws.length ? [...chain] : undefined;
}

/**
 * Real-time edges (a ended before b started) and session edges, without the
 * quadratic blow-up: each transaction links to the next few to start after it
 * ends; the rest follow by transitivity through those that started in between.
 */
function realTimeDependencies(transactions: readonly Transaction[], index: ReadonlyMap<Transaction, number>): Dependency[] {
  const out: Dependency[] = [];
  const last = new Map<string, number>();
  for (const t of transactions) {
    if (t.session === undefined) continue;
    const prev = last.get(t.session);
    const i = index.get(t)!;
    if (prev !== undefined) out.push({ from: prev, to: i, type: "rt" });
    last.set(t.session, i);
  }
  // Any transaction with a start can follow; only those with an end can precede.
  const timed = transactions.map((_, i) => i).filter((i) => transactions[i]!.end !== undefined);
  const byStart = transactions.map((_, i) => i).filter((i) => transactions[i]!.start !== undefined);
  if (timed.length === 0 || byStart.length === 0) return out;
  byStart.sort((a, b) => transactions[a]!.start! - transactions[b]!.start!);
  const starts = byStart.map((i) => transactions[i]!.start!);
  // a -> b for b among those starting after a ends and before the earliest end of those: all others start after some such b ends.
  for (const a of timed) {
    const end = transactions[a]!.end!;
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
      out.push({ from: a, to: b, type: "rt" });
      horizon = Math.min(horizon, transactions[b]!.end ?? Infinity);
    }
  }
  return out;
}

/**
 * Whether the dependencies `allowed` keeps form no cycle (Kahn's algorithm
 * on a compact adjacency array): when they do not, no subset of them does,
 * and every cycle search among them can be skipped.
 */
export function isAcyclic(g: DependencyGraph, allowed: ReadonlySet<DependencyType>): boolean {
  const n = g.transactions.length;
  const deps = g.dependencies;
  const m = deps.length;
  const kept = new Uint8Array(m);
  const indegree = new Int32Array(n);
  const outStart = new Int32Array(n + 1);
  for (let i = 0; i < m; i++) {
    const d = deps[i]!;
    if (!allowed.has(d.type)) continue;
    kept[i] = 1;
    indegree[d.to]!++;
    outStart[d.from + 1]!++;
  }
  for (let i = 0; i < n; i++) outStart[i + 1]! += outStart[i]!;
  const fill = outStart.slice(0, n);
  const targets = new Int32Array(outStart[n]!);
  for (let i = 0; i < m; i++) if (kept[i]) targets[fill[deps[i]!.from]!++] = deps[i]!.to;
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
 * A shortest cycle among the dependencies `allowed` keeps, or undefined when
 * they are acyclic. With `noAdjacent`, cycles where two `rw` edges follow one
 * another are ignored: what snapshot isolation allows (Cerone and Gotsman:
 * SI forbids cycles of (D ; rw?) edges). With `recordedOnly`, ww edges
 * inferred from reads are left out.
 */
export function findCycle(g: DependencyGraph, allowed: ReadonlySet<DependencyType>, noAdjacent = false, recordedOnly = false): Cycle | undefined {
  const n = g.transactions.length;
  const deps = g.dependencies;
  // Nodes 0..n-1: "any edge may follow"; with noAdjacent, nodes n..2n-1: "just took a non-rw edge".
  const nodes = noAdjacent ? 2 * n : n;
  let count = noAdjacent ? n : 0;
  const keep = (d: Dependency): boolean => allowed.has(d.type) && !(recordedOnly && d.inferred);
  for (const d of deps) if (keep(d)) count++;
  const source = new Int32Array(count);
  const target = new Int32Array(count);
  // The dependency each arc stands for; -1 for the step from "just took a non-rw edge" back.
  const dependency = new Int32Array(count);
  let a = 0;
  for (let i = 0; i < deps.length; i++) {
    const d = deps[i]!;
    if (!keep(d)) continue;
    source[a] = !noAdjacent ? d.from : d.type === "rw" ? n + d.from : d.from;
    target[a] = !noAdjacent ? d.to : d.type === "rw" ? d.to : n + d.to;
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
  return best.flatMap((arc) => (dependency[arc]! < 0 ? [] : [deps[dependency[arc]!]!]));
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
