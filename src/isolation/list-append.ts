/**
 * List-append inference, after Elle (Kingsbury and Alvaro, VLDB 2020;
 * elle/list_append.clj): a read of a list-append key returns the whole list,
 * so every read shows a prefix of the key's version order. All read lists of
 * a key must be prefixes of one another (else `incompatible-order`), and
 * hold no element twice (`duplicate-elements`); every element of a list is
 * read (an aborted append anywhere in it is an aborted read, G1a); a read
 * shows its own transaction's earlier appends at its end and none of its
 * later ones. The longest read is the version order; appends no read
 * observed come after all of it (unordered among themselves), which gives
 * ww, wr and rw dependencies per append, as Elle derives them.
 *
 * Linear in the total length of the lists read, on the compact form
 * (compact.ts); the object helpers at the end serve the exact search.
 *
 * @module
 */
import type { AnomalyName, Witness, WitnessDependency } from "./check.js";
import { ABORTED, forEachWrite, PairTable, type CompactHistory } from "./compact.js";
import { RW, WW, type DependencyList } from "./dependency-graph.js";
import type { HistoryValue, Operation, Transaction } from "./history.js";

/** An anomaly as data, before check.ts adds its phenomenon and level. */
export interface ListAnomaly {
  readonly name: AnomalyName;
  readonly description: string;
  readonly transactions: Witness["transactions"];
  readonly dependencies: readonly WitnessDependency[];
}

/** Which keys are list-append keys. */
export interface ListKeys {
  /** Per key: 1 for a list-append key. */
  readonly isList: Uint8Array;
  /** Whether any key is. */
  readonly any: boolean;
  /** Whether every key the transactions touch is (no register to check). */
  readonly all: boolean;
}

/**
 * The list-append keys of the transactions `include` keeps (all when
 * omitted): those some read returned a list for, and, when any read did,
 * every key no read returned a scalar for (so appends nobody read still
 * count as appends).
 */
export function listKeysOf(c: CompactHistory, include?: Uint8Array): ListKeys {
  const keys = c.keyNames.length;
  const isList = new Uint8Array(keys);
  const scalar = new Uint8Array(keys);
  const present = new Uint8Array(keys);
  let any = false;
  for (let t = 0; t < c.count; t++) {
    if (include && !include[t]) continue;
    for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) {
      const k = c.opKey[o]!;
      present[k] = 1;
      if (c.opWrite[o]) continue;
      if (c.opList[o]) (isList[k] = 1), (any = true);
      else if (c.opValue[o]! >= 0) scalar[k] = 1;
    }
  }
  let presentCount = 0;
  let listCount = 0;
  for (let k = 0; k < keys; k++) {
    if (!present[k]) continue;
    presentCount++;
    if (any && !scalar[k]) isList[k] = 1;
    if (isList[k]) listCount++;
  }
  return { isList, any, all: any ? listCount === presentCount : presentCount === 0 };
}

const show = (list: readonly HistoryValue[]): string => JSON.stringify(list);

/** Per key, the first longest list read among the transactions `mask` keeps, and the keys in the order first read. */
interface LongestReads {
  readonly op: Int32Array;
  readonly txn: Int32Array;
  readonly keys: readonly number[];
}

function longestReads(c: CompactHistory, mask: Uint8Array, lists: ListKeys): LongestReads {
  const op = new Int32Array(c.keyNames.length).fill(-1);
  const txn = new Int32Array(c.keyNames.length).fill(-1);
  const keys: number[] = [];
  for (let t = 0; t < c.count; t++) {
    if (!mask[t]) continue;
    for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) {
      const k = c.opKey[o]!;
      if (c.opWrite[o] || !lists.isList[k]) continue;
      const best = op[k]!;
      if (best < 0) keys.push(k);
      if (best < 0 || c.listLength[o]! > c.listLength[best]!) (op[k] = o), (txn[k] = t);
    }
  }
  return { op, txn, keys };
}

/** The shortest read of key `k` longer than `at` elements among `mask`'s transactions: the first to show element `at`. */
function shortestReadPast(c: CompactHistory, mask: Uint8Array, k: number, at: number): { t: number; o: number } {
  let best = { t: -1, o: -1 };
  for (let t = 0; t < c.count; t++) {
    if (!mask[t]) continue;
    for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++)
      if (!c.opWrite[o] && c.opKey[o] === k && c.listLength[o]! > at && (best.o < 0 || c.listLength[o]! < c.listLength[best.o]!)) best = { t, o };
  }
  return best;
}

/**
 * Anomalies of list-append reads that show on their own, weakest level
 * first: internal, incompatible-order and duplicate-elements (every level),
 * then future, garbage, aborted and intermediate reads (RC up). `effective`
 * masks the transactions whose reads count; `lists` are the history's list keys.
 */
export function listReadAnomaly(c: CompactHistory, effective: Uint8Array, lists: ListKeys): ListAnomaly | undefined {
  if (!lists.any) return undefined;
  const longest = longestReads(c, effective, lists);
  return internalAnomaly(c, effective, lists) ?? orderAnomaly(c, effective, lists, longest) ?? futureRead(c, effective, lists) ?? elementAnomaly(c, effective, lists, longest);
}

/** A read after the transaction's own appends must end with them, and equal what it read before plus them. */
function internalAnomaly(c: CompactHistory, effective: Uint8Array, lists: ListKeys): ListAnomaly | undefined {
  for (let t = 0; t < c.count; t++) {
    if (!effective[t]) continue;
    const first = c.opStart[t]!;
    const last = c.opStart[t + 1]!;
    // Only a read after a write can be wrong here.
    let wrote = false;
    let readAfter = false;
    for (let o = first; o < last && !readAfter; o++)
      if (c.opWrite[o]) wrote = true;
      else if (wrote) readAfter = true;
    if (!readAfter) continue;
    // Per key: the list last read (-1: not read), and the appends since.
    const state = new Map<number, { base: number; appended: number[]; ops: number[] }>();
    for (let o = first; o < last; o++) {
      const k = c.opKey[o]!;
      if (!lists.isList[k]) continue;
      const s = state.get(k);
      if (c.opWrite[o]) {
        if (s) s.appended.push(c.opValue[o]!), s.ops.push(o);
        else state.set(k, { base: -1, appended: [c.opValue[o]!], ops: [o] });
        continue;
      }
      if (s && s.appended.length > 0 && !extendsBy(c, o, s.base, s.appended)) {
        const value = (v: number): HistoryValue => c.value(v);
        const expected = s.base < 0 ? `[..., ${s.appended.map((v) => JSON.stringify(value(v))).join(", ")}]` : show([...c.list(s.base), ...s.appended.map(value)]);
        return {
          name: "internal",
          description: `${c.id(t)} read ${c.keyNames[k]} as ${show(c.list(o))} where its own appends make it ${expected}`,
          transactions: [{ id: c.id(t), ops: [...s.ops, o].map((p) => c.operation(t, p)) }],
          dependencies: [],
        };
      }
      state.set(k, { base: o, appended: [], ops: [o] });
    }
  }
  return undefined;
}

/** Whether read `o`'s list is read `base`'s plus `appended` (`base` -1: unknown, so only its end is checked). */
function extendsBy(c: CompactHistory, o: number, base: number, appended: readonly number[]): boolean {
  const start = c.listStart[o]!;
  const length = c.listLength[o]!;
  const e = c.elements;
  if (base < 0) {
    if (length < appended.length) return false;
    for (let i = 0; i < appended.length; i++) if (e[start + length - appended.length + i] !== appended[i]) return false;
    return true;
  }
  const baseLength = c.listLength[base]!;
  if (length !== baseLength + appended.length) return false;
  for (let i = 0; i < length; i++) if (e[start + i] !== (i < baseLength ? e[c.listStart[base]! + i] : appended[i - baseLength])) return false;
  return true;
}

/** Per key: every read list a prefix of the longest, and the longest without an element twice. */
function orderAnomaly(c: CompactHistory, effective: Uint8Array, lists: ListKeys, longest: LongestReads): ListAnomaly | undefined {
  const e = c.elements;
  for (let t = 0; t < c.count; t++) {
    if (!effective[t]) continue;
    for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) {
      const k = c.opKey[o]!;
      if (c.opWrite[o] || !lists.isList[k]) continue;
      const other = longest.op[k]!;
      if (other === o) continue;
      const a = c.listStart[o]!;
      const b = c.listStart[other]!;
      for (let i = 0; i < c.listLength[o]!; i++)
        if (e[a + i] !== e[b + i]) {
          const u = longest.txn[k]!;
          const key = c.keyNames[k];
          return {
            name: "incompatible-order",
            description: `${c.id(t)} read ${key} as ${show(c.list(o))} and ${c.id(u)} as ${show(c.list(other))}: no order of ${key}'s appends gives both`,
            transactions: t === u ? [{ id: c.id(t), ops: [c.operation(t, o), c.operation(t, other)] }] : [{ id: c.id(t), ops: [c.operation(t, o)] }, { id: c.id(u), ops: [c.operation(u, other)] }],
            dependencies: [],
          };
        }
    }
  }
  // Every list is a prefix of the longest: a duplicate anywhere is one in the longest.
  const seen = new Int32Array(c.values.length).fill(-1);
  for (const k of longest.keys) {
    const o = longest.op[k]!;
    let at = -1;
    for (let i = 0; i < c.listLength[o]! && at < 0; i++) {
      const v = e[c.listStart[o]! + i]!;
      if (seen[v] === k) at = i;
      seen[v] = k;
    }
    if (at < 0) continue;
    const w = shortestReadPast(c, effective, k, at);
    return {
      name: "duplicate-elements",
      description: `${c.id(w.t)} read ${c.keyNames[k]} as ${show(c.list(w.o))}, with ${JSON.stringify(c.value(e[c.listStart[o]! + at]!))} twice: each element is appended once`,
      transactions: [{ id: c.id(w.t), ops: [c.operation(w.t, w.o)] }],
      dependencies: [],
    };
  }
  return undefined;
}

/** A read of an element its own transaction appends later. */
function futureRead(c: CompactHistory, effective: Uint8Array, lists: ListKeys): ListAnomaly | undefined {
  const appendedBy = new Int32Array(c.values.length).fill(-1);
  const appendAt = new Int32Array(c.values.length);
  for (let t = 0; t < c.count; t++) {
    if (!effective[t]) continue;
    const first = c.opStart[t]!;
    const last = c.opStart[t + 1]!;
    // Only a read before a write can show a later append.
    let read = false;
    let writeAfter = false;
    for (let o = first; o < last && !writeAfter; o++)
      if (!c.opWrite[o]) read = true;
      else if (read) writeAfter = true;
    if (!writeAfter) continue;
    // Element (a value id: its key is known) -> the first append of it, marked by transaction.
    for (let o = last - 1; o >= first; o--) if (c.opWrite[o] && lists.isList[c.opKey[o]!] && c.opValue[o]! >= 0) (appendedBy[c.opValue[o]!] = t), (appendAt[c.opValue[o]!] = o);
    for (let o = first; o < last; o++) {
      if (c.opWrite[o] || !lists.isList[c.opKey[o]!]) continue;
      for (let i = c.listStart[o]!; i < c.listStart[o]! + c.listLength[o]!; i++) {
        const a = appendedBy[c.elements[i]!] === t ? appendAt[c.elements[i]!]! : -1;
        if (a > o)
          return {
            name: "future-read",
            description: `${c.id(t)} read ${c.keyNames[c.opKey[o]!]} as ${show(c.list(o))}, with ${JSON.stringify(c.value(c.elements[i]!))}, before appending it`,
            transactions: [{ id: c.id(t), ops: [c.operation(t, o), c.operation(t, a)] }],
            dependencies: [],
          };
      }
    }
  }
  return undefined;
}

/** Every element of the longest read of each key: appended by somebody (else garbage), by an effective transaction (else G1a); the last element of each read not an intermediate append (G1b). */
function elementAnomaly(c: CompactHistory, effective: Uint8Array, lists: ListKeys, longest: LongestReads): ListAnomaly | undefined {
  // Per value: its appender (the last to append it), the append, and whether no later append of the key follows it there.
  const appender = new Int32Array(c.values.length).fill(-1);
  const appendOp = new Int32Array(c.values.length);
  const final = new Uint8Array(c.values.length);
  forEachWrite(c, (t, o, isFinal) => {
    if (!lists.isList[c.opKey[o]!]) return;
    const v = c.opValue[o]!;
    appender[v] = t;
    appendOp[v] = o;
    final[v] = isFinal ? 1 : 0;
  });
  for (const k of longest.keys) {
    const o = longest.op[k]!;
    for (let i = 0; i < c.listLength[o]!; i++) {
      const v = c.elements[c.listStart[o]! + i]!;
      const w = appender[v]!;
      if (w >= 0 && effective[w]) continue;
      const r = shortestReadPast(c, effective, k, i);
      const key = c.keyNames[k];
      if (w < 0) return { name: "garbage-read", description: `${c.id(r.t)} read ${key} as ${show(c.list(r.o))}: no transaction appended ${JSON.stringify(c.value(v))}`, transactions: [{ id: c.id(r.t), ops: [c.operation(r.t, r.o)] }], dependencies: [] };
      return {
        name: "aborted-read",
        description: `${c.id(r.t)} read ${key} as ${show(c.list(r.o))}, with ${JSON.stringify(c.value(v))}, appended by ${c.id(w)}, which ${c.status[w] === ABORTED ? "aborted" : "did not commit"}`,
        transactions: [
          { id: c.id(w), ops: [c.operation(w, appendOp[v]!)] },
          { id: c.id(r.t), ops: [c.operation(r.t, r.o)] },
        ],
        dependencies: [{ from: c.id(w), to: c.id(r.t), type: "wr", key: key! }],
      };
    }
  }
  for (let t = 0; t < c.count; t++) {
    if (!effective[t]) continue;
    for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) {
      if (c.opWrite[o] || !lists.isList[c.opKey[o]!] || c.listLength[o] === 0) continue;
      const v = c.opValue[o]!;
      const w = appender[v]!;
      if (final[v] || w === t) continue;
      return {
        name: "intermediate-read",
        description: `${c.id(t)} read ${c.keyNames[c.opKey[o]!]} as ${show(c.list(o))}, ending with ${JSON.stringify(c.value(v))}, which ${c.id(w)} appended to before committing`,
        transactions: [
          { id: c.id(w), ops: [c.operation(w, appendOp[v]!)] },
          { id: c.id(t), ops: [c.operation(t, o)] },
        ],
        dependencies: [{ from: c.id(w), to: c.id(t), type: "wr", key: c.keyNames[c.opKey[o]!]! }],
      };
    }
  }
  return undefined;
}

/** The version order of list-append keys, as the dependency graph uses it. */
export interface ListOrders {
  /** Per value: the transaction among those ordered that appended it (-1: none). */
  readonly appender: Int32Array;
  /** Each appender's place in its key's order (its last append's index in the longest read; Infinity when no read showed it), by (transaction, key). */
  readonly position: PairTable;
  /** Per key: 1 when it has appends (and so positions). */
  readonly positioned: Uint8Array;
}

/**
 * Elle's dependencies of list-append keys among the transactions `mask`
 * keeps (committed, reads checked), pushed onto `dependencies`: an append
 * of `e` follows the element before it in the longest read, or the read's
 * last element when no read shows `e`; it depends (ww) on that element's
 * appender and anti-depends (rw) on every read ending there.
 */
export function listOrders(c: CompactHistory, mask: Uint8Array, lists: ListKeys, dependencies: DependencyList): ListOrders {
  const keys = c.keyNames.length;
  const appender = new Int32Array(c.values.length).fill(-1);
  const position = new PairTable();
  const positioned = new Uint8Array(keys);
  if (!lists.any) return { appender, position, positioned };
  const longest = longestReads(c, mask, lists);
  // Reads by the element they end with (their last value id; an empty list by key): counts, then a CSR fill in read order.
  const byValue = new Int32Array(c.values.length + 1);
  const byEmpty = new Int32Array(keys + 1);
  // Appends per key in order, as a CSR too.
  const appendCount = new Int32Array(keys + 1);
  const keyOrder: number[] = [];
  for (let t = 0; t < c.count; t++) {
    if (!mask[t]) continue;
    for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) {
      const k = c.opKey[o]!;
      if (!lists.isList[k]) continue;
      if (c.opWrite[o]) {
        if (appendCount[k + 1] === 0) keyOrder.push(k);
        appendCount[k + 1]!++;
        if (c.opValue[o]! >= 0) appender[c.opValue[o]!] = t;
      } else if (c.listLength[o] === 0) byEmpty[k + 1]!++;
      else byValue[c.opValue[o]! + 1]!++;
    }
  }
  for (let k = 0; k < keys; k++) (byEmpty[k + 1]! += byEmpty[k]!), (appendCount[k + 1]! += appendCount[k]!);
  for (let v = 0; v < c.values.length; v++) byValue[v + 1]! += byValue[v]!;
  const emptyFill = byEmpty.slice(0, keys);
  const valueFill = byValue.slice(0, c.values.length);
  const appendFill = appendCount.slice(0, keys);
  const readTxn = new Int32Array(byEmpty[keys]! + byValue[c.values.length]!);
  const readOp = new Int32Array(readTxn.length);
  const emptyBase = byValue[c.values.length]!;
  const appendTxn = new Int32Array(appendCount[keys]!);
  const appendValue = new Int32Array(appendCount[keys]!);
  for (let t = 0; t < c.count; t++) {
    if (!mask[t]) continue;
    for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) {
      const k = c.opKey[o]!;
      if (!lists.isList[k]) continue;
      if (c.opWrite[o]) {
        const at = appendFill[k]!++;
        appendTxn[at] = t;
        appendValue[at] = c.opValue[o]!;
        continue;
      }
      const at = c.listLength[o] === 0 ? emptyBase + emptyFill[k]!++ : valueFill[c.opValue[o]!]!++;
      readTxn[at] = t;
      readOp[at] = o;
    }
  }
  // Each value's first place in its key's longest read.
  const index = new Int32Array(c.values.length).fill(-1);
  for (const k of longest.keys) {
    const o = longest.op[k]!;
    for (let i = c.listLength[o]! - 1; i >= 0; i--) index[c.elements[c.listStart[o]! + i]!] = i;
  }
  // What the current (key, transaction) group of appends already depends on, marked with the group's number.
  const seenWw = new Int32Array(c.count).fill(-1);
  const seenRw = new Int32Array(c.count).fill(-1);
  let group = -1;
  for (const k of keyOrder) {
    positioned[k] = 1;
    const o = longest.op[k]!;
    const orderStart = o < 0 ? 0 : c.listStart[o]!;
    const orderLength = o < 0 ? 0 : c.listLength[o]!;
    // -1: the initial value (an empty list).
    const lastElement = orderLength === 0 ? -1 : c.elements[orderStart + orderLength - 1]!;
    // A key's appends come in transaction order: duplicates only among one transaction's, so what each transaction already depends on is reset between transactions.
    let current = -1;
    const end = appendCount[k + 1]!;
    for (let j = appendCount[k]!; j < end; j++) {
      const t = appendTxn[j]!;
      const value = appendValue[j]!;
      const several = (j + 1 < end && appendTxn[j + 1] === t) || t === current;
      if (t !== current) (current = t), group++;
      const at = value >= 0 && c.valueKey[value] === k ? index[value]! : -1;
      const place = at < 0 ? Infinity : at;
      position.set(t, k, several ? Math.max(position.get(t, k), place) : place);
      const previous = at < 0 ? lastElement : at > 0 ? c.elements[orderStart + at - 1]! : -1;
      const w = previous < 0 ? -1 : appender[previous]!;
      if (w >= 0 && w !== t && !(several && seenWw[w] === group)) {
        if (several) seenWw[w] = group;
        dependencies.push(w, t, WW, k, -1, 0);
      }
      const from = previous < 0 ? emptyBase + byEmpty[k]! : byValue[previous]!;
      const to = previous < 0 ? emptyBase + byEmpty[k + 1]! : byValue[previous + 1]!;
      // One reader's reads are next to one another (transaction order): its first read ending there stands for it.
      let previousReader = -1;
      for (let r = from; r < to; r++) {
        const reader = readTxn[r]!;
        if (reader === previousReader) continue;
        previousReader = reader;
        if (reader !== t && !(several && seenRw[reader] === group)) {
          if (several) seenRw[reader] = group;
          dependencies.push(reader, t, RW, k, readOp[r]!, 0);
        }
      }
    }
  }
  return { appender, position, positioned };
}

/**
 * Elle's lost update (elle/txn.clj lost-update-cases): two transactions read
 * the same version of a key (their first read of it) and both then wrote
 * it. Snapshot isolation forbids it whatever the order of the two writes,
 * which matters when no read showed either (appends nobody read are not
 * ordered among themselves). Linear: one Map of versions read.
 */
export function lostUpdate(c: CompactHistory, mask: Uint8Array): ListAnomaly | undefined {
  const keys = c.keyNames.length;
  // Per key, marked by transaction: its first read (an operation) and whether it was written.
  const readBy = new Int32Array(keys).fill(-1);
  const readAt = new Int32Array(keys);
  const writtenBy = new Int32Array(keys).fill(-1);
  // (key, version read) -> the first transaction to read it and write the key: a version is a value id, or -1 - key for the initial value.
  const byVersion = new Map<number, number>();
  for (let t = 0; t < c.count; t++) {
    if (!mask[t]) continue;
    for (let o = c.opStart[t]!; o < c.opStart[t + 1]!; o++) {
      const k = c.opKey[o]!;
      if (!c.opWrite[o]) {
        if (readBy[k] !== t && writtenBy[k] !== t) (readBy[k] = t), (readAt[k] = o);
        continue;
      }
      if (writtenBy[k] === t) continue;
      writtenBy[k] = t;
      if (readBy[k] !== t) continue;
      const r = readAt[k]!;
      const v = c.opValue[r]!;
      const version = v >= 0 ? v : -1 - k;
      const other = byVersion.get(version);
      if (other === undefined) {
        // The first write after the read: found again from the read.
        byVersion.set(version, t);
        continue;
      }
      return lostUpdateOf(c, other, t, k, v, r, o);
    }
  }
  return undefined;
}

/** The lost update of `u` and `t`, which both read version `v` of key `k` (`t` with read `r`, then write `w`). */
function lostUpdateOf(c: CompactHistory, u: number, t: number, k: number, v: number, r: number, w: number): ListAnomaly {
  // u's first read of k, and its first write of k after that read.
  let ur = -1;
  let uw = -1;
  for (let o = c.opStart[u]!; o < c.opStart[u + 1]! && uw < 0; o++) {
    if (c.opKey[o] !== k) continue;
    if (!c.opWrite[o] && ur < 0) ur = o;
    else if (c.opWrite[o] && ur >= 0) uw = o;
    else if (c.opWrite[o]) break;
  }
  const key = c.keyNames[k]!;
  const what = v < 0 ? "the initial state" : JSON.stringify(c.value(v));
  return {
    name: "lost-update",
    description: `${c.id(u)} and ${c.id(t)} both read ${key} at ${what} and both wrote it: one of the updates is lost`,
    transactions: [
      { id: c.id(u), ops: [c.operation(u, ur), c.operation(u, uw)] },
      { id: c.id(t), ops: [c.operation(t, r), c.operation(t, w)] },
    ],
    dependencies: [
      { from: c.id(u), to: c.id(t), type: "rw", key },
      { from: c.id(t), to: c.id(u), type: "rw", key },
    ],
  };
}

/**
 * The list-append keys of `transactions`, for the exact search on objects:
 * as {@link listKeysOf} decides them.
 */
export function listKeys(transactions: readonly Transaction[]): ReadonlySet<string> {
  const listed = new Set<string>();
  const scalar = new Set<string>();
  const all = new Set<string>();
  for (const t of transactions)
    for (const op of t.ops) {
      all.add(op.key);
      if (op.type !== "r") continue;
      if (op.list) listed.add(op.key);
      else if (op.value !== null) scalar.add(op.key);
    }
  if (listed.size === 0) return listed;
  for (const k of all) if (!scalar.has(k)) listed.add(k);
  return listed;
}

/** The list a read of a list-append key returned (a scalar read of `null` is the empty list). */
export function readList(op: Operation, keys: ReadonlySet<string>): readonly HistoryValue[] | undefined {
  if (op.type !== "r" || !keys.has(op.key)) return undefined;
  return op.list ?? (op.value === null ? [] : [op.value]);
}
