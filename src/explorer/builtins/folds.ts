/**
 * CommunityModules' Folds, Functions and FiniteSetsExt, with the folding
 * order of their Java overrides (elements in enumeration order, each folded
 * into the accumulator: `op(x_n, ... op(x_1, base))`).
 *
 * @module
 */
import { bool, equals, fn, int, printValue, set, type Value } from "../../values/index.js";
import { FINITE_SETS, INTEGERS } from "./standard.js";
import type { BuiltinModule } from "./types.js";
import { LazySet } from "../lazy.js";
import { ModuleBuilder, applyFn, at, cartesian, entriesOf, includes, indexOf, type Args, type Entries } from "./util.js";

/** TLC's message when a CHOOSE finds nothing (Max({}), ChooseUnique, Inverse, ...). */
export function chooseFailed(a: Args, what: string): never {
  return a.host.fail(`Attempted to compute the value of an expression of form\nCHOOSE x \\in S: P, but no element of S satisfied P.\n(${a.op}${what ? `: ${what}` : ""})`);
}

/** Folds: MapThenFoldSet, by its TLA+ definition (innermost fold first: `op(f(x1), op(f(x2), ... base))`, x1 = choose(S)). */
export const FOLDS: BuiltinModule = new ModuleBuilder()
  .defOps("MapThenFoldSet", [true, false, true, true, false], (a) => {
    const op = a.operator(0);
    const f = a.operator(2);
    const choose = a.operator(3);
    let rest = [...a.set(4)];
    const order: Value[] = [];
    while (rest.length > 0) {
      const x = choose([set(rest)]);
      const i = indexOf(rest, x);
      if (i < 0) return a.host.fail(`the choose operator of MapThenFoldSet returned ${printValue(x)}, which is not in ${printValue(set(rest))}`);
      order.push(x);
      rest = [...rest.slice(0, i), ...rest.slice(i + 1)];
    }
    let acc = a.value(1);
    for (let i = order.length - 1; i >= 0; i--) acc = op([f([order[i]!]), acc]);
    return acc;
  })
  .build();

function foldOnSet(a: Args, op: (xs: readonly Value[]) => Value, base: Value, fun: Value, indices: readonly Value[]): Value {
  let acc = base;
  for (const k of indices) {
    acc = op([at(a.host, fun, k), acc]);
  }
  return acc;
}

function sumInts(a: Args, xs: readonly Value[]): Value {
  let n = 0;
  for (const x of xs) {
    if (x.kind !== "int") return a.host.fail(`${a.op} adds integers, but found ${printValue(x)}`);
    n += x.value;
  }
  return int(n);
}

/** [S -> T] with `keep` applied, enumerated like the evaluator enumerates function sets (last key varies fastest). */
export function functionsFromTo(domain: readonly Value[], range: readonly Value[], keep: (values: readonly Value[]) => boolean): Value[] {
  const out: Value[] = [];
  const acc: Value[] = [];
  const go = (i: number): void => {
    if (i === domain.length) {
      if (keep(acc)) out.push(fn(domain, acc));
      return;
    }
    for (const v of range) {
      acc.push(v);
      go(i + 1);
      acc.pop();
    }
  };
  go(0);
  return out;
}

/** {f \in [S -> T] : keep(f's values, T)}, lazy: membership is tested without enumerating [S -> T]. */
function functionSet(a: Args, keep: (values: readonly Value[], T: readonly Value[]) => boolean): Value {
  const S = a.set(0);
  const T = a.set(1);
  const contains = (f: Value): boolean => {
    const e = entriesOf(f);
    return e !== undefined && e.keys.length === S.length && S.every((k) => includes(e.keys, k)) && e.values.every((v) => includes(T, v)) && keep(e.values, T);
  };
  return new LazySet(`${a.op}(${printValue(a.value(0))}, ${printValue(a.value(1))})`, contains, () => functionsFromTo(S, T, (vs) => keep(vs, T)));
}

function isInjective(e: Entries): boolean {
  return distinct(e.values);
}

function distinct(values: readonly Value[]): boolean {
  for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) if (equals(values[i]!, values[j]!)) return false;
  return true;
}

function range(e: Entries): Value {
  return set(e.values);
}

/** Functions. */
export const FUNCTIONS: BuiltinModule = new ModuleBuilder()
  .extend(INTEGERS, FOLDS)
  .def("Restrict", 2, (a) => {
    const f = a.value(0);
    a.fn(0);
    const keys = a.set(1);
    return fn(
      keys,
      keys.map((k) => at(a.host, f, k)),
    );
  })
  .defOps("RestrictDomain", [false, true], (a) => {
    const e = a.fn(0);
    const keep = e.keys.map((k) => a.test(1, k));
    return fn(
      e.keys.filter((_, i) => keep[i]),
      e.values.filter((_, i) => keep[i]),
    );
  })
  .defOps("RestrictValues", [false, true], (a) => {
    const e = a.fn(0);
    const keep = e.values.map((v) => a.test(1, v));
    return fn(
      e.keys.filter((_, i) => keep[i]),
      e.values.filter((_, i) => keep[i]),
    );
  })
  .def("IsRestriction", 2, (a) => {
    const n = a.fn(0);
    const w = a.value(1);
    const we = a.fn(1);
    return bool(n.keys.every((k, i) => includes(we.keys, k) && equals(n.values[i]!, applyFn(w, k)!)));
  })
  .def("Range", 1, (a) => range(a.fn(0)))
  .defOps("Pointwise", [false, false, true], (a) => {
    const f = a.fn(0);
    const g = a.value(1);
    a.fn(1);
    return fn(
      f.keys,
      f.keys.map((k, i) => a.operator(2)([f.values[i]!, at(a.host, g, k)])),
    );
  })
  .def("Inverse", 3, (a) => {
    const f = a.fn(0);
    const S = a.set(1);
    const T = a.set(2);
    const f0 = a.value(0);
    return fn(
      T,
      T.map((t) => {
        const inRange = includes(f.values, t);
        const s = S.find((x) => !inRange || equals(t, at(a.host, f0, x)));
        return s ?? chooseFailed(a, `no inverse image of ${printValue(t)}`);
      }),
    );
  })
  .def("AntiFunction", 1, (a) => {
    const f = a.fn(0);
    const values = (set(f.values) as { elements: readonly Value[] }).elements;
    return fn(
      values,
      values.map((t) => f.keys[indexOf(f.values, t)]!),
    );
  })
  .def("IsInjective", 1, (a) => bool(isInjective(a.fn(0))))
  .def("Injection", 2, (a) => functionSet(a, (vs) => distinct(vs)))
  .def("Surjection", 2, (a) => functionSet(a, (vs, T) => T.every((t) => includes(vs, t))))
  .def("Bijection", 2, (a) => functionSet(a, (vs, T) => distinct(vs) && T.every((t) => includes(vs, t))))
  .def("ExistsInjection", 2, (a) => bool(a.set(0).length <= a.set(1).length))
  .def("ExistsSurjection", 2, (a) => {
    const s = a.set(0).length;
    const t = a.set(1).length;
    return bool(t <= s && (t > 0 || s === 0));
  })
  .def("ExistsBijection", 2, (a) => bool(a.set(0).length === a.set(1).length))
  .defOps("FoldFunctionOnSet", [true, false, false, false], (a) => {
    a.fn(2);
    return foldOnSet(a, a.operator(0), a.value(1), a.value(2), a.set(3));
  })
  .defOps("FoldFunction", [true, false, false], (a) => foldOnSet(a, a.operator(0), a.value(1), a.value(2), a.fn(2).keys))
  .def("SumFunctionOnSet", 2, (a) => {
    const f = a.value(0);
    a.fn(0);
    return sumInts(
      a,
      a.set(1).map((k) => at(a.host, f, k)),
    );
  })
  .def("SumFunction", 1, (a) => sumInts(a, a.fn(0).values))
  .build();

function ints(a: Args, i: number): number[] {
  return a.set(i).map((x) => (x.kind === "int" ? x.value : a.host.fail(`${a.op} compares integers, but found ${printValue(x)}`)));
}

/** The k-element subsets of `xs`, in lexicographic order of positions. */
export function kSubsets(xs: readonly Value[], k: number): Value[] {
  const out: Value[] = [];
  const acc: Value[] = [];
  const go = (start: number): void => {
    if (acc.length === k) {
      out.push(set(acc));
      return;
    }
    for (let i = start; i <= xs.length - (k - acc.length); i++) {
      acc.push(xs[i]!);
      go(i + 1);
      acc.pop();
    }
  };
  go(0);
  return out;
}

/** FiniteSetsExt. */
export const FINITE_SETS_EXT: BuiltinModule = new ModuleBuilder()
  .extend(INTEGERS, FINITE_SETS, FOLDS, FUNCTIONS)
  .defOps("FoldSet", [true, false, false], (a) => {
    let acc = a.value(1);
    for (const x of a.set(2)) acc = a.operator(0)([x, acc]);
    return acc;
  })
  .def("SumSet", 1, (a) => sumInts(a, a.set(0)))
  .def("ProductSet", 1, (a) => int(ints(a, 0).reduce((p, x) => p * x, 1)))
  .defOps("ReduceSet", [true, false, false], (a) => {
    let acc = a.value(2);
    for (const x of a.set(1)) acc = a.operator(0)([x, acc]);
    return acc;
  })
  .defOps("MapThenSumSet", [true, false], (a) =>
    sumInts(
      a,
      a.set(1).map((x) => a.operator(0)([x])),
    ),
  )
  .def("FlattenSet", 1, (a) => set(a.set(0).flatMap((s) => (a.host.isSet(s) ? [...a.host.elements(s)] : a.host.fail(`FlattenSet: ${printValue(s)} is not a set`)))))
  .def("SymDiff", 2, (a) => {
    const A = a.set(0);
    const B = a.set(1);
    return set([...A.filter((x) => !includes(B, x)), ...B.filter((x) => !includes(A, x))]);
  })
  .defOps("Quantify", [false, true], (a) => int(a.set(0).filter((x) => a.test(1, x)).length))
  .def("kSubset", 2, (a) => {
    const k = a.value(0);
    if (k.kind !== "int" || k.value < 0) return a.wrong(0, "natural number");
    const xs = a.set(1);
    return set(k.value > xs.length ? [] : kSubsets(xs, k.value));
  })
  .def("Max", 1, (a) => {
    const xs = ints(a, 0);
    return xs.length === 0 ? chooseFailed(a, "the set is empty") : int(Math.max(...xs));
  })
  .def("Min", 1, (a) => {
    const xs = ints(a, 0);
    return xs.length === 0 ? chooseFailed(a, "the set is empty") : int(Math.min(...xs));
  })
  .def("Choices", 1, (a) => {
    const sets = a.set(0).map((s) => (a.host.isSet(s) ? a.host.elements(s) : a.host.fail(`Choices: ${printValue(s)} is not a set`)));
    return set(cartesian(sets, set));
  })
  .defOps("ChooseUnique", [false, true], (a) => {
    const hits = a.set(0).filter((x) => a.test(1, x));
    return hits.length === 1 ? hits[0]! : chooseFailed(a, hits.length === 0 ? "no element satisfies the predicate" : "more than one element satisfies the predicate");
  })
  .build();

