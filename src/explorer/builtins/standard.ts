/**
 * The standard modules: Naturals, Integers, Reals (their operators are
 * syntax), Sequences, FiniteSets and Bags, with TLC's semantics and error
 * messages (tlc2.module.Sequences, FiniteSets, Bags).
 *
 * @module
 */
import { FALSE, bool, fn as makeFn, int, printValue as printOf, seq, set, str, type Value } from "../../values/index.js";
import { TLC } from "./tlc.js";
import type { BuiltinModule } from "./types.js";
import { ModuleBuilder, entriesOf, indexOf, wrongValueError, type Args, type Entries } from "./util.js";

/** Naturals: `+ - * ^ \div % .. < > <= >=` and `Nat` are syntax; no named operators. */
export const NATURALS: BuiltinModule = new ModuleBuilder().build();
/** Integers: as Naturals, with `Int` and unary minus. */
export const INTEGERS: BuiltinModule = new ModuleBuilder().extend(NATURALS).build();
/** Reals: `Real`, `/` and `Infinity` are syntax; TLC cannot evaluate reals anyway. */
export const REALS: BuiltinModule = new ModuleBuilder().extend(INTEGERS).build();

function stringOrSeq(a: Args, i: number): { s: string } | { e: readonly Value[] } {
  const v = a.value(i);
  if (v.kind === "string") return { s: v.value };
  if (v.kind === "seq") return { e: v.elements };
  return a.wrong(i, "sequence");
}

/** Sequences (without `Seq(S)` and `\o`, which are syntax for the evaluator). */
export const SEQUENCES: BuiltinModule = new ModuleBuilder()
  .extend(NATURALS)
  .def("Len", 1, (a) => {
    // TLC's Len also measures strings.
    const s = stringOrSeq(a, 0);
    return int("s" in s ? s.s.length : s.e.length);
  })
  .def("Append", 2, (a) => {
    const s = a.value(0);
    if (s.kind !== "seq") return a.host.fail(`Evaluating an expression of the form Append(s, v) when s is not a sequence:\n${printOf(s)}`);
    return seq([...s.elements, a.value(1)]);
  })
  .def("Head", 1, (a) => {
    const s = a.seq(0);
    if (s.length === 0) return a.host.fail("Attempted to apply Head to the empty sequence.");
    return s[0]!;
  })
  .def("Tail", 1, (a) => {
    const s = stringOrSeq(a, 0);
    if ("s" in s ? s.s.length === 0 : s.e.length === 0) return a.host.fail("Attempted to apply Tail to the empty sequence.");
    return "s" in s ? str(s.s.slice(1)) : seq(s.e.slice(1));
  })
  .def("SubSeq", 3, (a) => {
    const s = stringOrSeq(a, 0);
    const m = a.value(1);
    const n = a.value(2);
    if (m.kind !== "int") return a.wrong(1, "natural number");
    if (n.kind !== "int") return a.wrong(2, "natural number");
    const isString = "s" in s;
    if (m.value > n.value) return isString ? str("") : seq([]);
    const len = isString ? s.s.length : s.e.length;
    const outside = (i: number, v: number): never =>
      a.host.fail(`The ${i === 1 ? "second" : "third"} argument of SubSeq must be in the domain of its first argument:\n${printOf(a.value(0))}\n, but instead it is\n${v}`);
    if (m.value < 1 || m.value > len) outside(1, m.value);
    if (n.value < 1 || n.value > len) outside(2, n.value);
    return isString ? str(s.s.slice(m.value - 1, n.value)) : seq(s.e.slice(m.value - 1, n.value));
  })
  .defOps("SelectSeq", [false, true], (a) => seq(a.seq(0).filter((x) => a.test(1, x))))
  .build();

/** Whether a (possibly lazy) set is infinite: lazy sets say so without being enumerated. */
export function isInfiniteSet(v: Value): boolean {
  return (v as { infinite?: unknown }).infinite === true;
}

/** FiniteSets. */
export const FINITE_SETS: BuiltinModule = new ModuleBuilder()
  .extend(NATURALS)
  .def("IsFiniteSet", 1, (a) => {
    const v = a.value(0);
    if (a.host.isSet(v)) return bool(!isInfiniteSet(v));
    // TLC answers for functions too (finite unless over an infinite domain), and fails on other values.
    if (v.kind === "seq" || v.kind === "record") return bool(true);
    if (v.kind === "function") return bool(!isInfiniteSet((v as { domainSet?: Value }).domainSet ?? v));
    const what = { int: "integer", string: "string", bool: "boolean", model: "model value" }[v.kind as string] ?? "value";
    return a.host.fail(`Attempted to check if the ${what} ${printOf(v)} is a finite set.`);
  })
  .def("Cardinality", 1, (a) => {
    const v = a.value(0);
    if (!a.host.isSet(v) || isInfiniteSet(v)) return a.host.fail(`Attempted to compute cardinality of the value\n${printOf(v)}`);
    const size = (v as { size?: unknown }).size;
    return int(typeof size === "number" && Number.isFinite(size) ? size : a.host.elements(v).length);
  })
  .build();

/** A bag's entries: a function whose values are all positive integers, or TLC's error. */
export function bagEntries(a: Args, i: number, op: string, check = true): Entries {
  const v = a.value(i);
  const e = entriesOf(v);
  if (e === undefined) return wrongValueError(a.host, op, "a function with a finite domain", v);
  if (check && !e.values.every((x) => x.kind === "int" && x.value > 0)) {
    return a.host.fail(`The ${i === 0 ? "first" : "second"} argument of ${op} should be a bag, but instead it is:\n${printOf(v)}`);
  }
  return e;
}

function count(v: Value): number {
  return v.kind === "int" ? v.value : 0;
}

/** The bag with the given elements and (positive) counts. */
export function bagOf(keys: readonly Value[], counts: readonly number[]): Value {
  const k: Value[] = [];
  const c: Value[] = [];
  keys.forEach((x, i) => {
    if (counts[i]! > 0) {
      k.push(x);
      c.push(int(counts[i]!));
    }
  });
  return makeFn(k, c);
}


/** The sum of bags (`(+)`), keeping the first bag's order and then the new elements. */
function bagSum(bags: readonly Entries[]): Value {
  const keys: Value[] = [];
  const counts: number[] = [];
  for (const b of bags) {
    b.keys.forEach((k, i) => {
      const j = indexOf(keys, k);
      if (j >= 0) counts[j]! += count(b.values[i]!);
      else {
        keys.push(k);
        counts.push(count(b.values[i]!));
      }
    });
  }
  return bagOf(keys, counts);
}

/** Every sub-bag of a bag: each element taken 0..count times. */
function subBags(b: Entries): Value[] {
  const out: Value[] = [];
  const counts = new Array<number>(b.keys.length).fill(0);
  const go = (i: number): void => {
    if (i === b.keys.length) {
      out.push(bagOf(b.keys, counts));
      return;
    }
    for (let c = 0; c <= count(b.values[i]!); c++) {
      counts[i] = c;
      go(i + 1);
    }
  };
  go(0);
  return out;
}

/** Bags (TLC's tlc2.module.Bags, plus SubBag natively). Infix operators are keyed `(+)`, `(-)`, `\sqsubseteq` (and `\oplus`, `\ominus`). */
export const BAGS: BuiltinModule = new ModuleBuilder()
  .extend(TLC)
  .def("IsABag", 1, (a) => {
    const e = entriesOf(a.value(0));
    return bool(e !== undefined && e.values.every((x) => x.kind === "int" && x.value > 0));
  })
  .def("BagToSet", 1, (a) => set(bagEntries(a, 0, "BagToSet", false).keys))
  .def("SetToBag", 1, (a) => {
    const s = a.value(0);
    if (!a.host.isSet(s)) return wrongValueError(a.host, "SetToBag", "a finite set", s);
    const xs = a.host.elements(s);
    return makeFn(xs, xs.map(() => int(1)));
  })
  .def("BagIn", 2, (a) => {
    const b = bagEntries(a, 1, "BagIn", false);
    const i = indexOf(b.keys, a.value(0));
    if (i < 0) return FALSE;
    const c = b.values[i]!;
    if (c.kind !== "int") return a.wrong(1, "bag");
    return bool(c.value > 0);
  })
  .def("EmptyBag", 0, () => seq([]))
  .def("CopiesIn", 2, (a) => {
    const b = bagEntries(a, 1, "CopiesIn", false);
    const i = indexOf(b.keys, a.value(0));
    if (i < 0) return int(0);
    const c = b.values[i]!;
    return c.kind === "int" ? c : a.wrong(1, "bag");
  })
  .def("(+)", 2, (a) => bagSum([bagEntries(a, 0, "(+)"), bagEntries(a, 1, "(+)")]))
  .def("(-)", 2, (a) => {
    // TLC checks only that both are functions here.
    const b1 = bagEntries(a, 0, "(-)", false);
    const b2 = bagEntries(a, 1, "(-)", false);
    return bagOf(
      b1.keys,
      b1.keys.map((k, i) => {
        const j = indexOf(b2.keys, k);
        return count(b1.values[i]!) - (j >= 0 ? count(b2.values[j]!) : 0);
      }),
    );
  })
  .def("BagUnion", 1, (a) => {
    const s = a.value(0);
    if (!a.host.isSet(s)) return wrongValueError(a.host, "BagUnion", "a finite enumerable set", s);
    return bagSum(
      a.host.elements(s).map((b) => {
        const e = entriesOf(b);
        if (e === undefined || !e.values.every((x) => x.kind === "int" && x.value > 0)) {
          return a.host.fail(`Attempted to apply BagUnion to the following set, whose\nelement is not a bag:\n${printOf(s)}`);
        }
        return e;
      }),
    );
  })
  .def("\\sqsubseteq", 2, (a) => {
    const b1 = bagEntries(a, 0, "\\sqsubseteq", false);
    const b2 = bagEntries(a, 1, "\\sqsubseteq", false);
    return bool(
      b1.keys.every((k, i) => {
        const j = indexOf(b2.keys, k);
        return count(b1.values[i]!) - (j >= 0 ? count(b2.values[j]!) : 0) <= 0;
      }),
    );
  })
  .def("SubBag", 1, (a) => set(subBags(bagEntries(a, 0, "SubBag"))))
  .defOps("BagOfAll", [true, false], (a) => {
    const v = a.value(1);
    const b = entriesOf(v) ?? a.wrong(1, "function with a finite domain");
    const f = a.operator(0);
    const keys: Value[] = [];
    const counts: number[] = [];
    b.keys.forEach((k, i) => {
      const y = f([k]);
      const j = indexOf(keys, y);
      if (j >= 0) counts[j]! += count(b.values[i]!);
      else {
        keys.push(y);
        counts.push(count(b.values[i]!));
      }
    });
    return makeFn(keys, counts.map(int));
  })
  .def("BagCardinality", 1, (a) => {
    const v = a.value(0);
    const e = entriesOf(v);
    if (e === undefined) return wrongValueError(a.host, "BagCardinality", "a function with a finite domain", v);
    let n = 0;
    for (const c of e.values) {
      if (c.kind !== "int" || c.value <= 0) return wrongValueError(a.host, "BagCardinality", "a bag", v);
      n += c.value;
    }
    return int(n);
  })
  .alias("\\oplus", "(+)")
  .alias("\\ominus", "(-)")
  .build();
