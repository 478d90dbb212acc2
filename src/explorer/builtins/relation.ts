/**
 * CommunityModules' Relation: a relation R over S is a function with
 * `R[x, y]` (that is `R[<<x, y>>]`) a boolean for all x, y in S.
 *
 * @module
 */
import { bool, equals as equalsV, fn, printValue, seq, type Value } from "../../values/index.js";
import { FINITE_SETS, NATURALS } from "./standard.js";
import type { BuiltinModule } from "./types.js";
import { ModuleBuilder, applyFn, type Args } from "./util.js";

/** A binary relation on the elements of a set, as a test. */
export type Rel = (x: Value, y: Value) => boolean;

function asRel(a: Args, i: number): Rel {
  const R = a.value(i);
  a.fn(i);
  return (x, y) => {
    const v = applyFn(R, seq([x, y]));
    if (v === undefined) return a.host.fail(`${printValue(seq([x, y]))} is not in the domain of the relation ${printValue(R)}`);
    if (v.kind !== "bool") return a.host.fail(`${a.op}: the relation should be boolean-valued, but R[${printValue(x)}, ${printValue(y)}] is ${printValue(v)}`);
    return v.value;
  };
}

function opRel(a: Args, i: number): Rel {
  return (x, y) => a.test(i, x, y);
}

function forAll2(S: readonly Value[], p: Rel): boolean {
  return S.every((x) => S.every((y) => p(x, y)));
}

function reflexive(R: Rel, S: readonly Value[]): boolean {
  return S.every((x) => R(x, x));
}
function irreflexive(R: Rel, S: readonly Value[]): boolean {
  return S.every((x) => !R(x, x));
}
function symmetric(R: Rel, S: readonly Value[]): boolean {
  return forAll2(S, (x, y) => R(x, y) === R(y, x));
}
function antisymmetric(R: Rel, S: readonly Value[]): boolean {
  return forAll2(S, (x, y) => !(R(x, y) && R(y, x)) || equalsV(x, y));
}
function asymmetric(R: Rel, S: readonly Value[]): boolean {
  return forAll2(S, (x, y) => !(R(x, y) && R(y, x)));
}
function transitive(R: Rel, S: readonly Value[]): boolean {
  return S.every((x) => S.every((y) => !R(x, y) || S.every((z) => !R(y, z) || R(x, z))));
}
function strictlyPartial(R: Rel, S: readonly Value[]): boolean {
  return irreflexive(R, S) && antisymmetric(R, S) && transitive(R, S);
}
function partial(R: Rel, S: readonly Value[]): boolean {
  return reflexive(R, S) && antisymmetric(R, S) && transitive(R, S);
}
function strictlyTotal(R: Rel, S: readonly Value[]): boolean {
  return strictlyPartial(R, S) && forAll2(S, (x, y) => equalsV(x, y) || R(x, y) || R(y, x));
}
function total(R: Rel, S: readonly Value[]): boolean {
  return partial(R, S) && forAll2(S, (x, y) => R(x, y) || R(y, x));
}

/** The transitive closure of R on S as a matrix over S's positions (Warshall). */
export function closure(R: Rel, S: readonly Value[]): boolean[][] {
  const m = S.map((x) => S.map((y) => R(x, y)));
  for (let k = 0; k < S.length; k++) for (let i = 0; i < S.length; i++) if (m[i]![k]) for (let j = 0; j < S.length; j++) if (m[k]![j]) m[i]![j] = true;
  return m;
}

/** The function [x, y \in S |-> m[x][y]] (keys <<x, y>>, x varying slowest). */
export function matrixFunction(S: readonly Value[], m: readonly (readonly boolean[])[]): Value {
  const keys: Value[] = [];
  const values: Value[] = [];
  S.forEach((x, i) =>
    S.forEach((y, j) => {
      keys.push(seq([x, y]));
      values.push(bool(m[i]![j]!));
    }),
  );
  return fn(keys, values);
}

const PROPERTIES: [string, (R: Rel, S: readonly Value[]) => boolean][] = [
  ["IsReflexive", reflexive],
  ["IsIrreflexive", irreflexive],
  ["IsSymmetric", symmetric],
  ["IsAntiSymmetric", antisymmetric],
  ["IsAsymmetric", asymmetric],
  ["IsTransitive", transitive],
  ["IsStrictlyPartiallyOrdered", strictlyPartial],
  ["IsPartiallyOrdered", partial],
  ["IsStrictlyTotallyOrdered", strictlyTotal],
  ["IsTotallyOrdered", total],
];

const builder = new ModuleBuilder().extend(NATURALS, FINITE_SETS);
for (const [name, p] of PROPERTIES) {
  builder.def(name, 2, (a) => bool(p(asRel(a, 0), a.set(1))));
  builder.defOps(`${name}Under`, [true, false], (a) => bool(p(opRel(a, 0), a.set(1))));
}

/** Relation. */
export const RELATION: BuiltinModule = builder
  .def("TransitiveClosure", 2, (a) => {
    const S = a.set(1);
    return matrixFunction(S, closure(asRel(a, 0), S));
  })
  .def("ReflexiveTransitiveClosure", 2, (a) => {
    const S = a.set(1);
    return matrixFunction(
      S,
      closure(asRel(a, 0), S).map((row, i) => row.map((b, j) => b || i === j)),
    );
  })
  .def("IsConnected", 2, (a) => {
    const S = a.set(1);
    return bool(closure(asRel(a, 0), S).every((row, i) => row.every((b, j) => b || i === j)));
  })
  .build();
