/**
 * The standard and community modules the explorer implements natively, as
 * TLC overrides them in Java: a spec that EXTENDS one needs no file for it.
 * A module's table also holds the operators of the modules it EXTENDS (not
 * those it instantiates LOCALly), as TLA+ scoping makes them visible too.
 *
 * @module
 */
import { BAGS_EXT } from "./bags-ext.js";
import { BITWISE } from "./bitwise.js";
import { DYADIC_RATIONALS } from "./dyadic.js";
import { FINITE_SETS_EXT, FOLDS, FUNCTIONS } from "./folds.js";
import { GRAPHS, UNDIRECTED_GRAPHS } from "./graphs.js";
import { CSV, IO_UTILS } from "./io.js";
import { JSON_MODULE } from "./json.js";
import { COMBINATORICS, SHIVIZ, STATISTICS, VECTOR_CLOCKS } from "./misc.js";
import { RELATION } from "./relation.js";
import { SEQUENCES_EXT } from "./sequences-ext.js";
import { BAGS, FINITE_SETS, INTEGERS, NATURALS, REALS, SEQUENCES } from "./standard.js";
import { SVG } from "./svg.js";
import { RANDOMIZATION, TLC, TLC_EXT, TOOLBOX } from "./tlc.js";
import type { BuiltinHost, BuiltinModule, BuiltinOperator, OperatorArgument } from "./types.js";

export type { BuiltinHost, BuiltinModule, BuiltinOperator, OperatorArgument } from "./types.js";

/** Every natively implemented module, by module name. */
export const BUILTIN_MODULES: ReadonlyMap<string, BuiltinModule> = new Map<string, BuiltinModule>([
  // Standard modules
  ["Naturals", NATURALS],
  ["Integers", INTEGERS],
  ["Reals", REALS],
  ["Sequences", SEQUENCES],
  ["FiniteSets", FINITE_SETS],
  ["Bags", BAGS],
  ["TLC", TLC],
  ["TLCExt", TLC_EXT],
  ["Randomization", RANDOMIZATION],
  ["Toolbox", TOOLBOX],
  ["Json", JSON_MODULE],
  // CommunityModules
  ["Folds", FOLDS],
  ["Functions", FUNCTIONS],
  ["FiniteSetsExt", FINITE_SETS_EXT],
  ["SequencesExt", SEQUENCES_EXT],
  ["BagsExt", BAGS_EXT],
  ["Bitwise", BITWISE],
  ["Relation", RELATION],
  ["Graphs", GRAPHS],
  ["UndirectedGraphs", UNDIRECTED_GRAPHS],
  ["IOUtils", IO_UTILS],
  ["CSV", CSV],
  ["SVG", SVG],
  ["Combinatorics", COMBINATORICS],
  ["Statistics", STATISTICS],
  ["VectorClocks", VECTOR_CLOCKS],
  ["ShiViz", SHIVIZ],
  ["DyadicRationals", DYADIC_RATIONALS],
]);

/** The operators of the given built-in modules (later modules win on a clash), by name. */
export function builtinOperators(modules: Iterable<string>): ReadonlyMap<string, BuiltinOperator> {
  const out = new Map<string, BuiltinOperator>();
  for (const m of modules) for (const [name, op] of BUILTIN_MODULES.get(m) ?? []) out.set(name, op);
  return out;
}

/**
 * A built-in operator passed as another operator's argument
 * (`FoldFunction(Add, Zero, f)` with DyadicRationals' Add): the evaluator's
 * operatorArgument can hand this to built-ins or bind it as a closure.
 * Only operators whose parameters are all values can be passed so.
 */
export function builtinAsArgument(op: BuiltinOperator, host: BuiltinHost): OperatorArgument {
  return (args) => {
    if (args.length !== op.arity) host.fail(`takes ${op.arity} argument(s), not ${args.length}`);
    return op.evaluate(args, host);
  };
}
