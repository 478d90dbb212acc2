/**
 * CommunityModules' SequencesExt. Like TLC's overrides, the operators on
 * sub-sequences also take strings (as sequences of characters) and give
 * strings back.
 *
 * @module
 */
import { bool, equals, fn as fnOf, int, printValue, seq, set, str, type Value } from "../../values/index.js";
import { FINITE_SETS_EXT, FOLDS, FUNCTIONS, chooseFailed, functionsFromTo, kSubsets } from "./folds.js";
import { BAGS, FINITE_SETS, NATURALS, SEQUENCES } from "./standard.js";
import { LazySet } from "../lazy.js";
import { TLC } from "./tlc.js";
import type { BuiltinModule } from "./types.js";
import { ModuleBuilder, includes, indexOf, notInDomain, type Args } from "./util.js";

/** A sequence or a string, as a list of elements (a string's are one-character strings). */
interface SeqLike {
  readonly elements: readonly Value[];
  readonly isString: boolean;
}

function seqLike(a: Args, i: number): SeqLike {
  const v = a.value(i);
  if (v.kind === "seq") return { elements: v.elements, isString: false };
  if (v.kind === "string") return { elements: [...v.value].map(str), isString: true };
  return a.wrong(i, "sequence");
}

/** Rebuilds a value of the input's kind: a string from characters, else a sequence. */
function like(isString: boolean, elements: readonly Value[]): Value {
  return isString && elements.every((e) => e.kind === "string") ? str(elements.map((e) => (e as { value: string }).value).join("")) : seq(elements);
}

function sameList(a: readonly Value[], b: readonly Value[]): boolean {
  return a.length === b.length && a.every((x, i) => equals(x, b[i]!));
}

/** The first position (0-based) at which `s` occurs in `t`, or -1. */
function indexOfSub(s: readonly Value[], t: readonly Value[], from = 0): number {
  for (let i = from; i + s.length <= t.length; i++) if (sameList(s, t.slice(i, i + s.length))) return i;
  return -1;
}

function subSeq(a: Args, elements: readonly Value[], m: number, n: number): readonly Value[] {
  if (m > n) return [];
  if (m < 1 || m > elements.length || n < 1 || n > elements.length) {
    return a.host.fail(`${a.op}: the range ${m}..${n} is outside the domain 1..${elements.length} of the sequence`);
  }
  return elements.slice(m - 1, n);
}

/** The position (1-based, in the whole sequence) of the first (or last) element in from..to passing the test, or 0. */
function selectIn(a: Args, elements: readonly Value[], test: number, last: boolean, from = 1, to = elements.length): number {
  if (from > to) return 0;
  const outside = (i: number, v: number): never =>
    a.host.fail(`The ${i === 1 ? "second" : "third"} argument of ${a.op} must be in the domain of its first argument:\n${printValue(a.value(0))}\n, but instead it is\n${v}`);
  if (from < 1 || from > elements.length) outside(1, from);
  if (to < 1 || to > elements.length) outside(2, to);
  if (last) {
    for (let i = to; i >= from; i--) if (a.test(test, elements[i - 1]!)) return i;
  } else {
    for (let i = from; i <= to; i++) if (a.test(test, elements[i - 1]!)) return i;
  }
  return 0;
}

function permutationsOf(xs: readonly Value[]): Value[] {
  const out: Value[] = [];
  const used = new Array<boolean>(xs.length).fill(false);
  const acc: Value[] = [];
  const go = (): void => {
    if (acc.length === xs.length) {
      out.push(seq(acc));
      return;
    }
    xs.forEach((x, j) => {
      if (used[j]) return;
      used[j] = true;
      acc.push(x);
      go();
      acc.pop();
      used[j] = false;
    });
  };
  go();
  return out;
}

function tuplesOf(xs: readonly Value[], n: number): Value[] {
  const domain = Array.from({ length: n }, (_, i) => int(i + 1));
  return functionsFromTo(domain, xs, () => true);
}

/**
 * The sequences over S of length min..max, kept lazy: TypeOK-style
 * `s \in BoundedSeq(S, n)` tests membership without building |S|^n tuples.
 */
function lazySeqs(a: Args, setIndex: number, min: number, max: number, description: string): Value {
  const S = a.value(setIndex);
  if (!a.host.isSet(S)) return a.wrong(setIndex, "set");
  const contains = (v: Value): boolean => v.kind === "seq" && v.elements.length >= min && v.elements.length <= max && v.elements.every((x) => a.host.member(x, S));
  const enumerate = (): Value[] => {
    const xs = a.host.elements(S);
    const out: Value[] = [];
    for (let m = min; m <= max; m++) out.push(...tuplesOf(xs, m));
    return out;
  };
  const size = (S as { size?: unknown }).size;
  const k = typeof size === "number" ? size : S.kind === "interval" ? S.high - S.low + 1 : S.kind === "set" && !(S instanceof LazySet) ? S.elements.length : undefined;
  let count: number | undefined;
  if (k !== undefined) {
    count = 0;
    for (let m = min; m <= max; m++) count += k ** m;
  }
  return new LazySet(description, contains, enumerate, count);
}

function concat(a: Args, parts: readonly Value[]): Value {
  if (parts.length === 0) return seq([]);
  if (parts.every((p) => p.kind === "string")) return str(parts.map((p) => (p as { value: string }).value).join(""));
  const out: Value[] = [];
  for (const p of parts) {
    if (p.kind !== "seq") return a.host.fail(`${a.op}: ${printValue(p)} is not a sequence`);
    out.push(...p.elements);
  }
  return seq(out);
}

function isPrefix(s: readonly Value[], t: readonly Value[]): boolean {
  return s.length <= t.length && sameList(s, t.slice(0, s.length));
}

function commonPrefixLength(seqs: readonly (readonly Value[])[]): number {
  if (seqs.length === 0) return 0;
  let n = Math.min(...seqs.map((s) => s.length));
  for (const s of seqs) {
    let i = 0;
    while (i < n && equals(s[i]!, seqs[0]![i]!)) i++;
    n = i;
  }
  return n;
}

function sequenceOrString(a: Args, v: Value): SeqLike {
  if (v.kind === "seq") return { elements: v.elements, isString: false };
  if (v.kind === "string") return { elements: [...v.value].map(str), isString: true };
  return a.host.fail(`${a.op}: ${printValue(v)} is not a sequence`);
}

function foldLeft(a: Args, op: number, base: Value, elements: readonly Value[]): Value {
  let acc = base;
  for (const x of elements) acc = a.operator(op)([acc, x]);
  return acc;
}

function foldRight(a: Args, op: number, elements: readonly Value[], base: Value): Value {
  let acc = base;
  for (let i = elements.length - 1; i >= 0; i--) acc = a.operator(op)([elements[i]!, acc]);
  return acc;
}

/** SequencesExt (EXTENDS Sequences, Naturals, FiniteSets, FiniteSetsExt, Folds, Functions, Bags, TLC). */
export const SEQUENCES_EXT: BuiltinModule = new ModuleBuilder()
  .extend(SEQUENCES, NATURALS, FINITE_SETS, FINITE_SETS_EXT, FOLDS, FUNCTIONS, BAGS, TLC)
  .def("ToSet", 1, (a) => set(a.fn(0).values))
  .def("ToBag", 1, (a) => {
    const vs = a.fn(0).values;
    const keys: Value[] = [];
    const counts: number[] = [];
    for (const v of vs) {
      const i = indexOf(keys, v);
      if (i >= 0) counts[i]!++;
      else {
        keys.push(v);
        counts.push(1);
      }
    }
    return fnOf(keys, counts.map(int));
  })
  .def("SetToSeq", 1, (a) => seq(a.set(0)))
  .def("SetToSeqs", 1, (a) => set(permutationsOf(a.set(0))))
  .defOps("SetToSortSeq", [false, true], (a) => {
    const out: Value[] = [];
    for (const x of a.set(0)) {
      let j = out.length;
      while (j > 0 && a.test(1, x, out[j - 1]!)) j--;
      out.splice(j, 0, x);
    }
    return seq(out);
  })
  .def("SetToAllKPermutations", 1, (a) => {
    const xs = a.set(0);
    const out: Value[] = [];
    for (let k = 0; k <= xs.length; k++) for (const s of kSubsets(xs, k)) out.push(...permutationsOf(a.host.elements(s)));
    return set(out);
  })
  .def("TupleOf", 2, (a) => lazySeqs(a, 0, a.nat(1), a.nat(1), `TupleOf(${printValue(a.value(0))}, ${a.nat(1)})`))
  .def("SeqOf", 2, (a) => lazySeqs(a, 0, 0, a.nat(1), `SeqOf(${printValue(a.value(0))}, ${a.nat(1)})`))
  .alias("BoundedSeq", "SeqOf")
  .def("Contains", 2, (a) => bool(includes(a.seq(0), a.value(1))))
  .defOps("IsSorted", [false, true], (a) => {
    const s = a.seq(0);
    for (let i = 0; i < s.length; i++) for (let j = i + 1; j < s.length; j++) if (!a.test(1, s[i]!, s[j]!)) return bool(false);
    return bool(true);
  })
  .def("Reverse", 1, (a) => {
    const s = seqLike(a, 0);
    return like(s.isString, [...s.elements].reverse());
  })
  .def("Remove", 2, (a) => seq(a.seq(0).filter((x) => !equals(x, a.value(1)))))
  .def("ReplaceAll", 3, (a) => seq(a.seq(0).map((x) => (equals(x, a.value(1)) ? a.value(2) : x))))
  .defOps("SelectInSeq", [false, true], (a) => int(selectIn(a, a.seq(0), 1, false)))
  // TLC's override answers a position in the whole sequence (the TLA+ definition's is within the subsequence).
  .defOps("SelectInSubSeq", [false, false, false, true], (a) => int(selectIn(a, a.seq(0), 3, false, a.int(1), a.int(2))))
  .defOps("SelectLastInSeq", [false, true], (a) => int(selectIn(a, a.seq(0), 1, true)))
  .defOps("SelectLastInSubSeq", [false, false, false, true], (a) => int(selectIn(a, a.seq(0), 3, true, a.int(1), a.int(2))))
  .def("InsertAt", 3, (a) => {
    const s = a.seq(0);
    const i = a.int(1);
    if (i < 1 || i > s.length + 1) return a.host.fail(`InsertAt: the position ${i} is outside 1..${s.length + 1}`);
    return seq([...s.slice(0, i - 1), a.value(2), ...s.slice(i - 1)]);
  })
  .def("ReplaceAt", 3, (a) => {
    const s = a.seq(0);
    const i = a.int(1);
    // [s EXCEPT ![i] = e] leaves s as it is outside its domain.
    if (i < 1 || i > s.length) return a.value(0);
    return seq(s.map((x, j) => (j === i - 1 ? a.value(2) : x)));
  })
  .def("RemoveAt", 2, (a) => {
    const s = a.seq(0);
    const i = a.int(1);
    if (i < 1 || i > s.length) return a.host.fail(`RemoveAt: the position ${i} is outside the domain 1..${s.length} of the sequence`);
    return seq([...s.slice(0, i - 1), ...s.slice(i)]);
  })
  .def("RemoveFirst", 2, (a) => {
    const s = a.seq(0);
    const i = indexOf(s, a.value(1));
    return i < 0 ? a.value(0) : seq([...s.slice(0, i), ...s.slice(i + 1)]);
  })
  .defOps("RemoveFirstMatch", [false, true], (a) => {
    const s = a.seq(0);
    const i = s.findIndex((x) => a.test(1, x));
    return i < 0 ? a.value(0) : seq([...s.slice(0, i), ...s.slice(i + 1)]);
  })
  .def("Cons", 2, (a) => seq([a.value(0), ...a.seq(1)]))
  .def("Snoc", 2, (a) => seq([...a.seq(1), a.value(0)]))
  .def("Front", 1, (a) => {
    // SubSeq(s, 1, Len(s) - 1): the empty sequence for an empty s.
    const s = seqLike(a, 0);
    return like(s.isString, s.elements.slice(0, -1));
  })
  .def("Last", 1, (a) => {
    const s = seqLike(a, 0);
    if (s.elements.length === 0) return notInDomain(a.host, a.value(0), int(0));
    return s.elements[s.elements.length - 1]!;
  })
  .def("IsPrefix", 2, (a) => bool(isPrefix(seqLike(a, 0).elements, seqLike(a, 1).elements)))
  .def("IsStrictPrefix", 2, (a) => bool(isPrefix(seqLike(a, 0).elements, seqLike(a, 1).elements) && !equals(a.value(0), a.value(1))))
  .def("IsSuffix", 2, (a) => bool(isPrefix([...seqLike(a, 0).elements].reverse(), [...seqLike(a, 1).elements].reverse())))
  .def("IsStrictSuffix", 2, (a) => bool(isPrefix([...seqLike(a, 0).elements].reverse(), [...seqLike(a, 1).elements].reverse()) && !equals(a.value(0), a.value(1))))
  .def("Prefixes", 1, (a) => {
    const s = seqLike(a, 0);
    return set(Array.from({ length: s.elements.length + 1 }, (_, l) => like(s.isString, s.elements.slice(0, l))));
  })
  .def("CommonPrefixes", 1, (a) => {
    const seqs = a.set(0).map((v) => sequenceOrString(a, v));
    const n = commonPrefixLength(seqs.map((s) => s.elements));
    if (seqs.length === 0) return set([]);
    return set(Array.from({ length: n + 1 }, (_, l) => like(seqs[0]!.isString, seqs[0]!.elements.slice(0, l))));
  })
  .def("LongestCommonPrefix", 1, (a) => {
    const seqs = a.set(0).map((v) => sequenceOrString(a, v));
    if (seqs.length === 0) return chooseFailed(a, "the set of sequences is empty");
    return like(seqs[0]!.isString, seqs[0]!.elements.slice(0, commonPrefixLength(seqs.map((s) => s.elements))));
  })
  .def("Suffixes", 1, (a) => {
    // TLC's order: <<>>, then the shorter suffixes first.
    const s = a.seq(0);
    return set(Array.from({ length: s.length + 1 }, (_, l) => seq(s.slice(s.length - l))));
  })
  .def("SeqMod", 2, (a) => {
    const x = a.int(0);
    const b = a.int(1);
    if (b <= 0) return a.host.fail(`The second argument of % should be a positive number, but instead it is:\n${b}`);
    const m = ((x % b) + b) % b;
    return int(m === 0 ? b : m);
  })
  .defOps("FoldSeq", [true, false, false], (a) => {
    // FoldFunction over DOMAIN s: op(s[n], ... op(s[1], base)).
    let acc = a.value(1);
    for (const x of a.seq(2)) acc = a.operator(0)([x, acc]);
    return acc;
  })
  .defOps("FoldLeft", [true, false, false], (a) => foldLeft(a, 0, a.value(1), a.seq(2)))
  .defOps("FoldRight", [true, false, false], (a) => foldRight(a, 0, a.seq(1), a.value(2)))
  .defOps("FoldLeftDomain", [true, false, false], (a) =>
    foldLeft(
      a,
      0,
      a.value(1),
      a.seq(2).map((_, i) => int(i + 1)),
    ),
  )
  .defOps("FoldRightDomain", [true, false, false], (a) =>
    foldRight(
      a,
      0,
      a.seq(1).map((_, i) => int(i + 1)),
      a.value(2),
    ),
  )
  .def("FlattenSeq", 1, (a) => {
    const s = a.seq(0);
    return s.length === 0 ? a.value(0) : concat(a, s);
  })
  .def("Zip", 2, (a) => {
    const s = a.seq(0);
    const t = a.seq(1);
    return seq(Array.from({ length: Math.min(s.length, t.length) }, (_, i) => seq([s[i]!, t[i]!])));
  })
  .def("Interleave", 2, (a) => {
    const s = a.seq(0);
    const t = a.seq(1);
    if (s.length !== t.length) return a.host.fail("Attempted to evaluate a CASE with no conditions true (Interleave: the sequences differ in length).");
    if (s.length === 0) return seq([seq([]), seq([])]);
    return seq(s.flatMap((x, i) => [seq([x]), seq([t[i]!])]));
  })
  .def("SubSeqs", 1, (a) => {
    const s = seqLike(a, 0);
    const n = s.elements.length;
    const out: Value[] = [];
    for (let i = 0; i <= n; i++) for (let j = 0; j <= n; j++) out.push(like(s.isString, j >= i + 1 ? s.elements.slice(i, j) : []));
    return set(out);
  })
  .def("AllSubSeqs", 1, (a) => {
    const s = a.seq(0);
    const out: Value[] = [];
    for (let mask = 0; mask < 2 ** s.length; mask++) out.push(seq(s.filter((_, i) => Math.floor(mask / 2 ** i) % 2 === 1)));
    return set(out);
  })
  .def("IndexFirstSubSeq", 2, (a) => {
    const s = seqLike(a, 0).elements;
    const t = seqLike(a, 1).elements;
    const i = indexOfSub(s, t);
    // The TLA+ definition CHOOSEs the shortest prefix of t containing s; none exists when s is not in t.
    if (i < 0) return chooseFailed(a, `${printValue(a.value(0))} is not a subsequence of ${printValue(a.value(1))}`);
    return int(i + 1);
  })
  .def("ReplaceSubSeqAt", 4, (a) => {
    const i = a.int(0);
    const r = seqLike(a, 1);
    const s = seqLike(a, 2).elements;
    const t = seqLike(a, 3);
    const prefix = subSeq(a, t.elements, 1, i - 1);
    const suffix = subSeq(a, t.elements, i + s.length, t.elements.length);
    return like(t.isString && r.isString, [...prefix, ...r.elements, ...suffix]);
  })
  .def("ReplaceFirstSubSeq", 3, (a) => {
    const r = seqLike(a, 0);
    const s = seqLike(a, 1).elements;
    const t = seqLike(a, 2);
    const i = indexOfSub(s, t.elements);
    if (i < 0) return a.value(2);
    return like(t.isString && r.isString, [...t.elements.slice(0, i), ...r.elements, ...t.elements.slice(i + s.length)]);
  })
  .def("ReplaceAllSubSeqs", 3, (a) => {
    const r = seqLike(a, 0);
    const s = seqLike(a, 1).elements;
    const t = seqLike(a, 2);
    const out = t.isString && r.isString;
    if (sameList(s, t.elements)) return a.value(0);
    if (s.length === 0) return like(out, t.elements.flatMap((x) => [...r.elements, x]));
    const result: Value[] = [];
    let i = 0;
    for (let j = indexOfSub(s, t.elements); j >= 0; j = indexOfSub(s, t.elements, i)) {
      result.push(...t.elements.slice(i, j), ...r.elements);
      i = j + s.length;
    }
    if (i === 0) return a.value(2);
    result.push(...t.elements.slice(i));
    return like(out, result);
  })
  .build();

