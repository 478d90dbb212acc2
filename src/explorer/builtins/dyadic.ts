/**
 * CommunityModules' DyadicRationals: rationals `[num |-> n, den |-> d]` whose
 * denominators are powers of two, reduced by their greatest common divisor
 * (as TLC's override of the LOCAL Reduce does).
 *
 * @module
 */
import { bool, int, record, str, type Value } from "../../values/index.js";
import type { BuiltinModule } from "./types.js";
import { ModuleBuilder, tlcString, type Args } from "./util.js";

function gcd(a: number, b: number): number {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

function rational(num: number, den: number): Value {
  return record(["num", "den"], [int(num), int(den)]);
}

function reduce(num: number, den: number): Value {
  const g = gcd(num, den);
  // TLC's override builds a reduced rational with the fields in the order den, num (it prints so).
  return g === 1 || g === 0 ? rational(num, den) : record(["den", "num"], [int(den / g), int(num / g)]);
}

function parts(a: Args, i: number): [number, number] {
  const num = a.field(i, "num");
  const den = a.field(i, "den");
  if (num.kind !== "int" || den.kind !== "int") return a.wrong(i, "record [num |-> Int, den |-> Int]");
  return [num.value, den.value];
}

/** DyadicRationals. */
export const DYADIC_RATIONALS: BuiltinModule = new ModuleBuilder()
  .def("IsDyadicRational", 1, (a) => {
    const [, den] = parts(a, 0);
    return bool(den >= 1 && (den & (den - 1)) === 0);
  })
  .def("Zero", 0, () => rational(0, 1))
  .def("One", 0, () => rational(1, 1))
  .def("Add", 2, (a) => {
    const [pn, pd] = parts(a, 0);
    if (pn === 0 && pd === 1) return a.value(1);
    const [qn, qd] = parts(a, 1);
    // Dyadic: the larger denominator is a multiple of the other.
    const lcn = Math.max(pd, qd);
    return reduce(qn * Math.trunc(lcn / qd) + pn * Math.trunc(lcn / pd), lcn);
  })
  .def("Half", 1, (a) => {
    const [num, den] = parts(a, 0);
    return reduce(num, den * 2);
  })
  .def("PrettyPrint", 1, (a) => {
    const [num, den] = parts(a, 0);
    if (num === 0 && den === 1) return str("0");
    if (num === 1 && den === 1) return str("1");
    return str(`${tlcString(int(num))}/${tlcString(int(den))}`);
  })
  .build();
