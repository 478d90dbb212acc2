/**
 * Checking a history against an isolation level: the verdict, and for a
 * failure the anomaly with a minimal witness.
 *
 * @module
 */
import { TlabridgeError } from "../errors.js";
import { LEVEL_BIT, MAX_EXHAUSTIVE_TRANSACTIONS, readsOwnWrites, satisfiedLevels } from "./client-centric.js";
import { ABORTED, compactOf, effectiveMask, forEachWrite, type CompactHistory } from "./compact.js";
import { buildDependencyGraph, findCycle, isAcyclic, kinds, writesAny, writesKey, type Cycle, type Dependency, type DependencyGraph, type DependencyType } from "./dependency-graph.js";
import { effectiveTransactions, formatOperation, LEVELS, ValueIndex, type History, type Level, type Operation, type Transaction } from "./history.js";
import { listKeysOf, listReadAnomaly, lostUpdate as sameVersionWrites, type ListKeys } from "./list-append.js";

/** The anomalies the checkers name. */
export type AnomalyName =
  | "internal"
  | "incompatible-order"
  | "duplicate-elements"
  | "garbage-read"
  | "future-read"
  | "aborted-read"
  | "intermediate-read"
  | "dirty-write"
  | "circular-information-flow"
  | "fractured-read"
  | "lost-update"
  | "non-repeatable-read"
  | "read-skew"
  | "G-nonadjacent"
  | "write-skew"
  | "read-only-anomaly"
  | "real-time-violation";

/** For each anomaly: Adya's phenomenon (or the checker's own name) and the weakest level that forbids it. */
export const ANOMALIES: Readonly<Record<AnomalyName, { readonly phenomenon: string; readonly forbiddenFrom: Level; readonly summary: string }>> = {
  internal: { phenomenon: "INT", forbiddenFrom: "RU", summary: "a read after the transaction's own write of the key returned something else" },
  "incompatible-order": { phenomenon: "incompatible-order", forbiddenFrom: "RU", summary: "two reads of a list saw orders no single order of its appends explains" },
  "duplicate-elements": { phenomenon: "duplicate-elements", forbiddenFrom: "RU", summary: "a read of a list showed one appended element twice" },
  "garbage-read": { phenomenon: "garbage", forbiddenFrom: "RC", summary: "a read returned a value no transaction wrote" },
  "future-read": { phenomenon: "future-read", forbiddenFrom: "RC", summary: "a read returned the transaction's own later write" },
  "aborted-read": { phenomenon: "G1a", forbiddenFrom: "RC", summary: "a read returned the write of an aborted transaction" },
  "intermediate-read": { phenomenon: "G1b", forbiddenFrom: "RC", summary: "a read returned a write its transaction later overwrote" },
  "dirty-write": { phenomenon: "G0", forbiddenFrom: "RU", summary: "transactions overwrote each other's writes in a cycle" },
  "circular-information-flow": { phenomenon: "G1c", forbiddenFrom: "RC", summary: "transactions read from or overwrote each other in a cycle" },
  "fractured-read": { phenomenon: "fractured-read", forbiddenFrom: "RA", summary: "a transaction saw one write of another transaction and then missed a second" },
  "lost-update": { phenomenon: "G-single", forbiddenFrom: "SI", summary: "two transactions read the same version of a key and both wrote it" },
  // Bailis et al.'s fractured read with x = y (Elle: internal, forbidden from read atomic).
  "non-repeatable-read": { phenomenon: "G-single", forbiddenFrom: "RA", summary: "a transaction read one key twice and got two committed versions" },
  "read-skew": { phenomenon: "G-single", forbiddenFrom: "SI", summary: "a transaction saw another's writes in part: a read before it and a read after it" },
  "G-nonadjacent": { phenomenon: "G-nonadjacent", forbiddenFrom: "SI", summary: "a dependency cycle whose anti-dependencies never follow one another" },
  "write-skew": { phenomenon: "G2-item", forbiddenFrom: "SER", summary: "transactions each read what the other overwrote" },
  "read-only-anomaly": { phenomenon: "G2-item", forbiddenFrom: "SER", summary: "a read-only transaction saw a state no serial order has" },
  "real-time-violation": { phenomenon: "realtime", forbiddenFrom: "SSER", summary: "the only serial orders put a transaction before one that ended before it started" },
};

/** A dependency in a witness, by transaction id. */
export interface WitnessDependency {
  readonly from: string;
  readonly to: string;
  readonly type: DependencyType;
  readonly key?: string | undefined;
}

/** The transactions and operations involved in an anomaly. */
export interface Witness {
  readonly transactions: readonly { readonly id: string; readonly ops: readonly Operation[] }[];
  readonly dependencies: readonly WitnessDependency[];
}

/** A named anomaly and its witness. */
export interface Anomaly {
  readonly name: AnomalyName;
  readonly phenomenon: string;
  readonly forbiddenFrom: Level;
  readonly description: string;
  readonly witness: Witness;
}

/** How a verdict was reached. */
export type CheckMethod = "client-centric" | "dependency-graph";

/** The outcome of checking a history against a level. */
export type CheckOutcome =
  | {
      readonly kind: "pass";
      readonly level: Level;
      readonly method: CheckMethod;
      /** False when some key's version order was only partly known and the search was too big: no anomaly among the dependencies the history fixes. */
      readonly complete: boolean;
      readonly transactions: number;
      readonly partialKeys: readonly string[];
    }
  | { readonly kind: "fail"; readonly level: Level; readonly method: CheckMethod; readonly transactions: number; readonly anomaly: Anomaly };

/** Options of {@link checkHistory}. */
export interface CheckOptions {
  /** Force a method; `auto` (the default) picks the client-centric search for small histories whose version order is not wholly recorded. */
  readonly method?: "auto" | CheckMethod;
}

/**
 * Checks `history` against `level`. Small histories whose version order is
 * not wholly recorded are decided exactly by the client-centric search (the
 * recorded part constrains it); the others by cycles in the dependency graph.
 */
export function checkHistory(history: History, level: Level, options: CheckOptions = {}): CheckOutcome {
  const method = options.method ?? "auto";
  const c = compactOf(history);
  const effective = effectiveMask(c);
  // The graph's transactions: effective and not empty.
  const included = effective.slice();
  let transactions = 0;
  for (let t = 0; t < c.count; t++)
    if (included[t] && c.opStart[t + 1] === c.opStart[t]) included[t] = 0;
    else if (included[t]) transactions++;
  const lists = listKeysOf(c);
  const per = perOperationAnomaly(c, effective, lists);
  if (per && LEVELS.indexOf(per.forbiddenFrom) <= LEVELS.indexOf(level)) return { kind: "fail", level, method: "dependency-graph", transactions, anomaly: per };
  // The graph's list keys are the history's when every transaction with operations is in it.
  const graph = buildDependencyGraph(c, included, level === "SSER", transactions === withOperations(c) ? lists : undefined);
  if (per) {
    // Reads the level tolerates; what is left to check is a cycle of overwrites (G0).
    const dirty = graphAnomaly(graph, included, "RU");
    if (dirty) return { kind: "fail", level, method: "dependency-graph", transactions, anomaly: dirty };
    return { kind: "pass", level, method: "dependency-graph", complete: graph.partialKeys.length === 0, transactions, partialKeys: graph.partialKeys };
  }
  const small = transactions <= MAX_EXHAUSTIVE_TRANSACTIONS;
  if (method === "client-centric" && !small)
    throw new TlabridgeError("ISOLATION_TOO_LARGE", `The exact search takes at most ${MAX_EXHAUSTIVE_TRANSACTIONS} transactions, not ${transactions}: use the dependency graph (method "auto").`);
  if (method === "client-centric" || (method === "auto" && graph.partialKeys.length > 0 && small)) {
    const nonEmpty: Transaction[] = [];
    for (let t = 0; t < c.count; t++) if (included[t]) nonEmpty.push(c.transaction(t));
    return clientCentricCheck(history, nonEmpty, level);
  }
  const anomaly = graphAnomaly(graph, included, level);
  if (anomaly) return { kind: "fail", level, method: "dependency-graph", transactions, anomaly };
  return { kind: "pass", level, method: "dependency-graph", complete: graph.partialKeys.length === 0, transactions, partialKeys: graph.partialKeys };
}

/** Anomalies one read shows on its own, among the transactions `effective` keeps: INT, incompatible orders and duplicates of lists, then garbage, future, aborted and intermediate reads. */
function perOperationAnomaly(c: CompactHistory, effective: Uint8Array, lists: ListKeys = listKeysOf(c)): Anomaly | undefined {
  // List-append keys (the history's: lists) are list-append.ts's; the rest are registers.
  if (!lists.all) {
    const internal = internalRegisterRead(c, effective, lists);
    if (internal) return internal;
  }
  // Every list-append anomaly forbidden at RU comes before those forbidden from RC.
  const listed = listReadAnomaly(c, effective, lists);
  if (listed) return anomaly(listed.name, listed.description, listed.transactions, listed.dependencies);
  if (lists.all) return undefined;
  // Per value of a register key: its writer (the last to write it), the write, and whether it was the writer's last write of the key.
  const writer = new Int32Array(c.values.length).fill(-1);
  const writeOp = new Int32Array(c.values.length);
  const final = new Uint8Array(c.values.length);
  forEachWrite(c, (t, o, last) => {
    if (lists.isList[c.opKey[o]!]) return;
    const v = c.opValue[o]!;
    writer[v] = t;
    writeOp[v] = o;
    final[v] = last ? 1 : 0;
  });
  const written = new Int32Array(c.keyNames.length).fill(-1);
  for (let t = 0; t < c.count; t++) {
    if (!effective[t]) continue;
    for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) {
      const k = c.opKey[o]!;
      if (lists.isList[k]) continue;
      if (c.opWrite[o]) {
        written[k] = t;
        continue;
      }
      const v = c.opValue[o]!;
      if (written[k] === t || v < 0) continue;
      const w = writer[v]!;
      if (w < 0 || w === t || !effective[w] || !final[v]) return registerReadAnomaly(c, t, o, w, writeOp[v]!, effective);
    }
  }
  return undefined;
}

/** The anomaly of read `o` of `t` from writer `w`'s write `wo` (-1: nobody wrote the value), once one is known to be there. */
function registerReadAnomaly(c: CompactHistory, t: number, o: number, w: number, wo: number, effective: Uint8Array): Anomaly {
  const op = c.operation(t, o);
  const key = c.keyNames[c.opKey[o]!]!;
  if (w < 0) return anomaly("garbage-read", `${c.id(t)} read ${formatOperation(op)}, a value no transaction wrote to ${key}`, [{ id: c.id(t), ops: [op] }], []);
  const wop = c.operation(w, wo);
  if (w === t) return anomaly("future-read", `${c.id(t)} read ${formatOperation(op)} before writing it`, [{ id: c.id(t), ops: [op, wop] }], []);
  const dep = [{ from: c.id(w), to: c.id(t), type: "wr" as const, key }];
  const involved = [
    { id: c.id(w), ops: [wop] },
    { id: c.id(t), ops: [op] },
  ];
  if (!effective[w]) return anomaly("aborted-read", `${c.id(t)} read ${formatOperation(op)}, written by ${c.id(w)}, which ${c.status[w] === ABORTED ? "aborted" : "did not commit"}`, involved, dep);
  return anomaly("intermediate-read", `${c.id(t)} read ${formatOperation(op)}, which ${c.id(w)} overwrote before committing`, involved, dep);
}

/** The number of transactions with operations. */
function withOperations(c: CompactHistory): number {
  let n = 0;
  for (let t = 0; t < c.count; t++) if (c.opStart[t + 1]! > c.opStart[t]!) n++;
  return n;
}

/** A read of a register key after the transaction's own write of it that returned something else (INT). */
function internalRegisterRead(c: CompactHistory, effective: Uint8Array, lists: ListKeys): Anomaly | undefined {
  // Per key: the transaction's last write of it so far (an operation), marked by transaction.
  const ownBy = new Int32Array(c.keyNames.length).fill(-1);
  const own = new Int32Array(c.keyNames.length);
  for (let t = 0; t < c.count; t++) {
    if (!effective[t]) continue;
    for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) {
      const k = c.opKey[o]!;
      if (lists.isList[k]) continue;
      if (c.opWrite[o]) (ownBy[k] = t), (own[k] = o);
      else if (ownBy[k] === t && c.opValue[own[k]!] !== c.opValue[o]) {
        const w = c.operation(t, own[k]!);
        const r = c.operation(t, o);
        return anomaly("internal", `${c.id(t)} wrote ${formatOperation(w)} and then read ${formatOperation(r)}`, [{ id: c.id(t), ops: [w, r] }], []);
      }
    }
  }
  return undefined;
}

/** The weakest anomaly the graph of the transactions `included` keeps shows that `level` forbids. */
function graphAnomaly(g: DependencyGraph, included: Uint8Array, level: Level): Anomaly | undefined {
  const at = (l: Level): boolean => LEVELS.indexOf(l) <= LEVELS.indexOf(level);
  // One pass over every dependency the level counts: with no cycle among them, no search among any subset finds one.
  const all = at("SSER") ? kinds("ww", "wr", "rw", "rt") : at("SI") ? kinds("ww", "wr", "rw") : at("RC") ? kinds("ww", "wr") : kinds("ww");
  if (isAcyclic(g, all)) {
    if (!at("RA")) return undefined;
    const fractured = fracturedRead(g);
    if (fractured) return fractured;
    if (!at("SI")) return undefined;
    const lost = sameVersionWrites(g.history, included);
    if (lost) return anomaly(lost.name, lost.description, lost.transactions, lost.dependencies);
    return undefined;
  }
  // Under read uncommitted a read says nothing about the order of versions: only recorded orders count.
  const ww = findCycle(g, kinds("ww"), false, level === "RU");
  if (ww) return cycleAnomaly(g, ww, "dirty-write");
  if (!at("RC")) return undefined;
  const g1c = findCycle(g, kinds("ww", "wr"));
  if (g1c) return cycleAnomaly(g, g1c, "circular-information-flow");
  if (!at("RA")) return undefined;
  const fractured = fracturedRead(g);
  if (fractured) return fractured;
  if (!at("SI")) return undefined;
  const si = findCycle(g, kinds("ww", "wr", "rw"), true);
  if (si) return cycleAnomaly(g, si, siName(g, si));
  // Two transactions that read one version of a key and both wrote it, whatever order their writes took (Elle's lost update).
  const lost = sameVersionWrites(g.history, included);
  if (lost) return anomaly(lost.name, lost.description, lost.transactions, lost.dependencies);
  if (!at("SER")) return undefined;
  const ser = findCycle(g, kinds("ww", "wr", "rw"));
  if (ser) return cycleAnomaly(g, ser, ser.some((d) => !writesAny(g.history, d.from)) ? "read-only-anomaly" : "write-skew");
  if (!at("SSER")) return undefined;
  const rt = findCycle(g, kinds("ww", "wr", "rw", "rt"));
  return rt && cycleAnomaly(g, shortcutRealTime(g, rt), "real-time-violation");
}

/** Real-time edges come thinned out (a chain through transactions in between): joins a -rt-> b -rt-> c into a -rt-> c when a ended before c started. */
function shortcutRealTime(g: DependencyGraph, cycle: Cycle): Cycle {
  const first = cycle.findIndex((d) => d.type !== "rt");
  if (first < 0) return cycle;
  const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
  const c = g.history;
  const ended = (a: number, b: number): boolean => c.end[a]! < c.start[b]!;
  const out: Dependency[] = [];
  for (const d of rotated) {
    const last = out[out.length - 1];
    if (last && last.type === "rt" && d.type === "rt" && ended(last.from, d.to)) out[out.length - 1] = { from: last.from, to: d.to, type: "rt" };
    else out.push(d);
  }
  return out;
}

function siName(g: DependencyGraph, cycle: Cycle): AnomalyName {
  const rw = cycle.filter((d) => d.type === "rw");
  if (rw.length > 1) return "G-nonadjacent";
  const key = rw[0]!.key!;
  if (cycle.length === 2 && cycle.every((d) => d.key === key) && cycle.some((d) => d.type === "ww")) return "lost-update";
  // One transaction reading the key twice, on both sides of the cycle.
  const reader = rw[0]!.from;
  const c = g.history;
  const versions = new Set<number>();
  for (let r = g.readStart[reader]!; r < g.readStart[reader + 1]!; r++) if (c.keyNames[c.opKey[g.readOp[r]!]!] === key) versions.add(g.readWriter[r]!);
  return versions.size > 1 ? "non-repeatable-read" : "read-skew";
}

/**
 * A transaction that observed U's write of a key and read a version of a key
 * U wrote older than U's: a fractured read, whatever the order of the two
 * reads (Bailis et al., SIGMOD 2014: "x and y may be the same item"; Cerone
 * et al., CONCUR 2015: one visibility set per transaction). Two keys are
 * named a fractured read, one key read twice a non-repeatable read.
 */
function fracturedRead(g: DependencyGraph): Anomaly | undefined {
  const c = g.history;
  let sameKey: Anomaly | undefined;
  // The writers t observed in the order first seen, each with the last read that showed it (marked by t).
  const seenBy = new Int32Array(c.count).fill(-1);
  const lastRead = new Int32Array(c.count);
  const seen: number[] = [];
  for (let t = 0; t < c.count; t++) {
    const first = g.readStart[t]!;
    const end = g.readStart[t + 1]!;
    seen.length = 0;
    for (let r = first; r < end; r++) {
      const w = g.readWriter[r]!;
      if (w < 0 || w === t) continue;
      if (seenBy[w] !== t) (seenBy[w] = t), seen.push(w);
      lastRead[w] = g.readOp[r]!;
    }
    if (seen.length === 0) continue;
    // The latest stale read first: the tightest witness.
    for (let j = end - 1; j >= first; j--) {
      const ro = g.readOp[j]!;
      const rk = c.opKey[ro]!;
      const rw = g.readWriter[j]!;
      for (const writer of seen) {
        const o = lastRead[writer]!;
        if (writer === rw || !writesKey(c, writer, rk)) continue;
        const ok = c.opKey[o]!;
        if ((sameKey && ok === rk) || !g.versionBefore(rk, rw, writer)) continue;
        const u = c.transaction(writer);
        const tx = c.transaction(t);
        const op = c.operation(t, o);
        const rop = c.operation(t, ro);
        const uWrite = [...u.ops].reverse().find((x) => x.type === "w" && x.key === rop.key)!;
        const found = anomaly(
          ok === rk ? "non-repeatable-read" : "fractured-read",
          `${tx.id} read ${formatOperation(op)}, written by ${u.id}, and ${formatOperation(rop)}, older than ${u.id}'s ${formatOperation(uWrite)}`,
          [
            { id: tx.id, ops: tx.ops.filter((x) => x === op || x === rop) },
            { id: u.id, ops: [...new Set([u.ops.find((x) => x.type === "w" && x.key === op.key)!, uWrite])] },
          ],
          [
            { from: u.id, to: tx.id, type: "wr", key: op.key },
            { from: tx.id, to: u.id, type: "rw", key: rop.key },
          ],
        );
        if (ok !== rk) return found;
        sameKey = found;
      }
    }
  }
  return sameKey;
}

function cycleAnomaly(g: DependencyGraph, cycle: Cycle, name: AnomalyName): Anomaly {
  const c = g.history;
  const ids = (i: number): string => c.id(i);
  const involved = new Map<number, Set<Operation>>();
  const mark = (t: number, pick: (o: Operation) => boolean, last = false): void => {
    let set = involved.get(t);
    if (!set) involved.set(t, (set = new Set()));
    const ops = c.transaction(t).ops.filter(pick);
    const op = last ? ops[ops.length - 1] : ops[0];
    if (op) set.add(op);
  };
  for (const d of cycle) {
    const k = d.key;
    if (d.type === "ww") mark(d.from, (o) => o.type === "w" && o.key === k, true), mark(d.to, (o) => o.type === "w" && o.key === k, true);
    else if (d.type === "wr") mark(d.from, (o) => o.type === "w" && o.key === k, true), mark(d.to, (o) => o === d.read);
    else if (d.type === "rw") mark(d.from, (o) => o === d.read), mark(d.to, (o) => o.type === "w" && o.key === k, true);
    else mark(d.from, () => false), mark(d.to, () => false);
  }
  const transactions = [...involved].map(([t, ops]) => ({ id: ids(t), ops: c.transaction(t).ops.filter((o) => ops.has(o)) }));
  const dependencies = cycle.map((d) => ({ from: ids(d.from), to: ids(d.to), type: d.type, key: d.key }));
  const path = dependencies.map((d) => `${d.from} -${d.type}${d.key === undefined ? "" : `(${d.key})`}-> `).join("") + dependencies[0]!.from;
  return anomaly(name, `dependency cycle ${path}`, transactions, dependencies);
}

/** Exact check of a small history, with a witness shrunk to a minimal sub-history. */
function clientCentricCheck(history: History, nonEmpty: readonly Transaction[], level: Level): CheckOutcome {
  const mask = satisfiedLevels(history);
  const base = { level, method: "client-centric" as const, transactions: nonEmpty.length };
  if (mask & LEVEL_BIT[level]) return { kind: "pass", ...base, complete: true, partialKeys: [] };
  const witness = shrink(history, mask);
  return { kind: "fail", ...base, anomaly: nameClientCentric(witness, mask) };
}

/**
 * A minimal sub-history that satisfies exactly the levels `history` does:
 * transactions, then operations, removed while that holds.
 */
export function shrink(history: History, mask = satisfiedLevels(history)): History {
  // Same verdicts, and no read that is wrong on its own unless the history had one: a smaller history must show the same anomaly.
  const clean = readsAlone(history, false) === undefined;
  const same = (ts: readonly Transaction[]): boolean => {
    const candidate = { transactions: ts, versionOrder: history.versionOrder };
    return satisfiedLevels(candidate) === mask && (!clean || readsAlone(candidate, true) === undefined);
  };
  let txns = effectiveTransactions(history).filter((t) => t.ops.length > 0);
  for (let i = txns.length - 1; i >= 0; i--) {
    const without = txns.filter((_, j) => j !== i);
    if (same(without)) txns = without;
  }
  const smaller = (): Transaction[] | undefined => {
    for (const t of txns)
      for (let j = t.ops.length - 1; j >= 0; j--) {
        const cut = { ...t, ops: t.ops.filter((_, k) => k !== j) };
        const candidate = txns.map((u) => (u === t ? cut : u)).filter((u) => u.ops.length > 0);
        if (same(candidate)) return candidate;
      }
    return undefined;
  };
  for (let next = smaller(); next; next = smaller()) txns = next;
  return { transactions: txns, versionOrder: history.versionOrder };
}

/** {@link perOperationAnomaly} of an object history: its effective transactions, or (`allEffective`) all of them. */
function readsAlone(history: History, allEffective: boolean): Anomaly | undefined {
  const c = compactOf(history);
  return perOperationAnomaly(c, allEffective ? new Uint8Array(c.count).fill(1) : effectiveMask(c));
}

/** The weakest level a mask misses. */
export function weakestFailed(mask: number): Level | undefined {
  return LEVELS.find((l) => !(mask & LEVEL_BIT[l]));
}

/** Names the anomaly of a minimal history by the weakest level it breaks. */
function nameClientCentric(witness: History, mask: number): Anomaly {
  const failed = weakestFailed(mask) ?? "SSER";
  const txns = witness.transactions;
  const wr = readsFrom(txns);
  const all = txns.map((t) => ({ id: t.id, ops: t.ops }));
  const listing = txns.map((t) => t.id).join(", ");
  switch (failed) {
    case "RU":
      return anomaly("dirty-write", `no order of ${listing} installs every key's versions in the recorded order`, all, wr);
    case "RC":
      return anomaly("circular-information-flow", `${listing} each read what another wrote: no order puts every writer before its readers`, all, wr);
    case "RA": {
      const nrr = txns.find((t) => new Set(externalReads(t).map((o) => o.key)).size < externalReads(t).length);
      if (nrr) return anomaly("non-repeatable-read", `${nrr.id} read a key twice and saw two committed versions`, all, wr);
      return anomaly("fractured-read", `one transaction saw a write of another and missed a second: ${listing}`, all, wr);
    }
    case "SI": {
      const lost = lostUpdate(txns);
      if (lost) return anomaly("lost-update", `${lost.join(" and ")} both read the same version of a key and both wrote it`, all, wr);
      const nrr = txns.find((t) => new Set(externalReads(t).map((o) => o.key)).size < externalReads(t).length);
      if (nrr) return anomaly("non-repeatable-read", `${nrr.id} read a key twice and saw two committed versions`, all, wr);
      return anomaly("read-skew", `no snapshot explains every read: ${listing}`, all, wr);
    }
    case "SER": {
      const readOnly = txns.find((t) => t.ops.every((o) => o.type === "r"));
      if (readOnly && txns.length > 2) return anomaly("read-only-anomaly", `${readOnly.id} saw a state no serial order of ${listing} has`, all, wr);
      return anomaly("write-skew", `${listing} each read a version the other overwrote: snapshot isolation allows it, no serial order does`, all, wr);
    }
    default:
      return anomaly("real-time-violation", `every serial order of ${listing} puts a transaction before one that ended before it started`, all, wr);
  }
}

function externalReads(t: Transaction): Operation[] {
  const own = new Set<string>();
  const out: Operation[] = [];
  for (const op of t.ops) {
    if (op.type === "w") own.add(op.key);
    else if (!own.has(op.key)) out.push(op);
  }
  return out;
}

function lostUpdate(txns: readonly Transaction[]): [string, string] | undefined {
  for (const a of txns)
    for (const b of txns) {
      if (a.id >= b.id) continue;
      for (const ra of externalReads(a)) {
        const writesA = a.ops.some((o) => o.type === "w" && o.key === ra.key);
        const rb = externalReads(b).find((o) => o.key === ra.key && o.value === ra.value);
        if (writesA && rb && b.ops.some((o) => o.type === "w" && o.key === ra.key)) return [a.id, b.id];
      }
    }
  return undefined;
}

function readsFrom(txns: readonly Transaction[]): WitnessDependency[] {
  const writer = new ValueIndex<string>();
  for (const t of txns) for (const op of t.ops) if (op.type === "w") writer.set(op.key, op.value, t.id);
  const out: WitnessDependency[] = [];
  for (const t of txns)
    for (const op of externalReads(t)) {
      const w = op.value === null ? undefined : writer.get(op.key, op.value);
      if (w && w !== t.id) out.push({ from: w, to: t.id, type: "wr", key: op.key });
    }
  return out;
}

function anomaly(name: AnomalyName, description: string, transactions: Witness["transactions"], dependencies: readonly WitnessDependency[]): Anomaly {
  const { phenomenon, forbiddenFrom } = ANOMALIES[name];
  return { name, phenomenon, forbiddenFrom, description, witness: { transactions, dependencies } };
}

