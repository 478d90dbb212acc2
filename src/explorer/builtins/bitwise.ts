/**
 * CommunityModules' Bitwise: `&`, `|`, `^^`, Not and shiftR, with the 32-bit
 * semantics of TLC's Java overrides (TLC's integers are 32-bit; the TLA+
 * definitions agree with them on natural numbers).
 *
 * @module
 */
import { int } from "../../values/index.js";
import type { BuiltinModule } from "./types.js";
import { ModuleBuilder, type Args } from "./util.js";

function i32(a: Args, i: number): number {
  return a.int(i) | 0;
}

/** Bitwise. */
export const BITWISE: BuiltinModule = new ModuleBuilder()
  .def("&", 2, (a) => int(i32(a, 0) & i32(a, 1)))
  .def("|", 2, (a) => int(i32(a, 0) | i32(a, 1)))
  .def("^^", 2, (a) => int(i32(a, 0) ^ i32(a, 1)))
  .def("Not", 1, (a) => {
    // The bits below the highest set bit, flipped (Not(0) = 0; Java's shift by a negative count masks it, giving 0 for negatives).
    const x = i32(a, 0);
    const mask = 0x7fffffff >> ((Math.clz32(x) - 1) & 31);
    return int(~x & mask);
  })
  .def("shiftR", 2, (a) => int((i32(a, 0) >>> i32(a, 1)) | 0))
  .build();
