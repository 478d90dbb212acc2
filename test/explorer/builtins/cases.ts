/**
 * Operator calls whose answers TLC gave: tlc-answers.json holds, for each
 * case's TLA+ expression, TLC's value (printed) or its error. Regenerate it
 * with `TLC_ANSWERS=1 npx vitest run test/explorer/builtins/tlc-answers.test.ts`
 * (needs java and /work/ext/tla2tools.jar, /work/ext/CommunityModules.jar).
 */
import { bool, fn, int, seq, str, type Value } from "../../../src/values/index.js";
import { ex, n, op, type ExprArg, type OpArg } from "./helpers.js";

/** One call of a built-in operator. */
export interface Case {
  readonly module: string;
  readonly op: string;
  readonly args: readonly (string | OpArg | ExprArg)[];
  /** Written `a op b` in TLA+. */
  readonly infix?: boolean;
  /**
   * What TLC evaluates instead, when it cannot evaluate the call itself: the
   * jar lacks a library its override needs, or lacks the override and the
   * TLA+ definition quantifies over Seq(S). An equivalent finite expression,
   * or a value computed by hand from the override's Java code.
   */
  readonly tlc?: string;
}

/** The TLA+ text of a case's call. */
export function expression(c: Case): string {
  const args = c.args.map((a) => (typeof a === "string" ? a : a.tla));
  if (c.infix) return `(${args[0]} ${c.op} ${args[1]})`;
  return args.length === 0 ? c.op : `${c.op}(${args.join(", ")})`;
}

/** The TLA+ text TLC evaluates for a case. */
export function tlcExpression(c: Case): string {
  return c.tlc ?? expression(c);
}

/** The key of a case in tlc-answers.json. */
export function key(c: Case): string {
  return `${c.module}: ${expression(c)}`;
}

const lt = op("LAMBDA x, y: x < y", ([x, y]) => bool(n(x) < n(y)));
const gt = op("LAMBDA x, y: x > y", ([x, y]) => bool(n(x) > n(y)));
const plus = op("LAMBDA x, y: x + y", ([x, y]) => int(n(x) + n(y)));
const minus = op("LAMBDA x, y: x - y", ([x, y]) => int(n(x) - n(y)));
const pairUp = op("LAMBDA x, y: <<x, y>>", ([x, y]) => seq([x!, y!]));
const isEven = op("LAMBDA x: x % 2 = 0", ([x]) => bool(n(x) % 2 === 0));
const isBig = op("LAMBDA x: x > 2", ([x]) => bool(n(x) > 2));
const double = op("LAMBDA x: 2 * x", ([x]) => int(2 * n(x)));
const mod3 = op("LAMBDA x: x % 3", ([x]) => int(n(x) % 3));
const firstOf = op("LAMBDA S: CHOOSE x \\in S: \\A y \\in S: x <= y", ([s]) => {
  const xs = (s as { elements: readonly Value[] }).elements;
  return xs.reduce((m, x) => (n(x) < n(m) ? x : m));
});
const divides = op("LAMBDA x, y: y % x = 0", ([x, y]) => bool(n(y) % n(x) === 0));
const leq = op("LAMBDA x, y: x <= y", ([x, y]) => bool(n(x) <= n(y)));
const cat = op("LAMBDA x, y: x \\o y", ([x, y]) => (x!.kind === "string" && y!.kind === "string" ? str(x!.value + y!.value) : seq([...elems(x!), ...elems(y!)])));

function elems(v: Value): readonly Value[] {
  if (v.kind !== "seq") throw new Error("not a sequence");
  return v.elements;
}

const G = "[node |-> {1, 2, 3, 4}, edge |-> {<<1, 2>>, <<2, 3>>, <<3, 1>>, <<3, 4>>}]";
const T = "[node |-> {1, 2, 3}, edge |-> {<<2, 1>>, <<3, 1>>}]";
const U = "[node |-> {1, 2, 3, 4}, edge |-> {{1, 2}, {2, 3}}]";
/** A relation on 1..3 as a function over pairs, written for TLC and built for us. */
function relation(tla: string, holds: (x: number, y: number) => boolean): ExprArg {
  const keys: Value[] = [];
  const values: Value[] = [];
  for (let x = 1; x <= 3; x++) for (let y = 1; y <= 3; y++) {
    keys.push(seq([int(x), int(y)]));
    values.push(bool(holds(x, y)));
  }
  return ex(`[p \\in {1, 2, 3} \\X {1, 2, 3} |-> ${tla}]`, fn(keys, values));
}
const R = relation("p[1] <= p[2]", (x, y) => x <= y);
const R2 = relation("p[2] = p[1] + 1", (x, y) => y === x + 1);

/** The simple paths of G with edges given by `linked(a, b)`, bounded by the number of nodes (as TLC can enumerate them). */
function simplePaths(g: string, linked: (a: string, b: string) => string): string {
  return `{p \\in UNION {[1..k -> (${g}).node] : k \\in 1..Cardinality((${g}).node)} : (\\A i \\in 1..Len(p)-1 : ${linked("p[i]", "p[i+1]")} \\in (${g}).edge) /\\ \\A i, j \\in 1..Len(p) : p[i] = p[j] => i = j}`;
}
const directed = (a: string, b: string): string => `<<${a}, ${b}>>`;
const undirected = (a: string, b: string): string => `{${a}, ${b}}`;
function connected(m: string, n: string, g: string, linked: (a: string, b: string) => string): string {
  return `(\\E p \\in ${simplePaths(g, linked)} : p[1] = ${m} /\\ p[Len(p)] = ${n})`;
}
function components(g: string): string {
  return `{ {m \\in (${g}).node : ${connected("n", "m", g, undirected)}} : n \\in (${g}).node }`;
}

/** The cases, by module. */
export const CASES: readonly Case[] = [
  // Sequences
  { module: "Sequences", op: "Len", args: ["<<1, 2, 3>>"] },
  { module: "Sequences", op: "Len", args: ['"abc"'] },
  { module: "Sequences", op: "Len", args: ["{1}"] },
  { module: "Sequences", op: "Append", args: ["<<1>>", "2"] },
  { module: "Sequences", op: "Append", args: ['"ab"', '"c"'] },
  { module: "Sequences", op: "Head", args: ["<<4, 5>>"] },
  { module: "Sequences", op: "Head", args: ["<<>>"] },
  { module: "Sequences", op: "Tail", args: ["<<4, 5>>"] },
  { module: "Sequences", op: "Tail", args: ['"xyz"'] },
  { module: "Sequences", op: "Tail", args: ["<<>>"] },
  { module: "Sequences", op: "SubSeq", args: ["<<1, 2, 3, 4>>", "2", "3"] },
  { module: "Sequences", op: "SubSeq", args: ["<<1, 2, 3, 4>>", "3", "2"] },
  { module: "Sequences", op: "SubSeq", args: ['"hello"', "2", "4"] },
  { module: "Sequences", op: "SubSeq", args: ["<<1, 2>>", "0", "1"] },
  { module: "Sequences", op: "SubSeq", args: ["<<1, 2>>", "1", "3"] },
  { module: "Sequences", op: "SelectSeq", args: ["<<1, 2, 3, 4>>", isEven] },
  // FiniteSets
  { module: "FiniteSets", op: "Cardinality", args: ["{1, 2, 3}"] },
  { module: "FiniteSets", op: "Cardinality", args: ["1..10"] },
  { module: "FiniteSets", op: "Cardinality", args: ["<<1>>"] },
  { module: "FiniteSets", op: "IsFiniteSet", args: ["{1, 2}"] },
  { module: "FiniteSets", op: "IsFiniteSet", args: ["3"] },
  { module: "FiniteSets", op: "IsFiniteSet", args: ["<<1, 2>>"] },
  { module: "FiniteSets", op: "Cardinality", args: ["{}"] },
  // Bags
  { module: "Bags", op: "IsABag", args: ['[a |-> 1, b |-> 2]'] },
  { module: "Bags", op: "IsABag", args: ['[a |-> 0]'] },
  { module: "Bags", op: "IsABag", args: ["3"] },
  { module: "Bags", op: "BagToSet", args: ['[a |-> 1, b |-> 2]'] },
  { module: "Bags", op: "SetToBag", args: ["{1, 2}"] },
  { module: "Bags", op: "BagIn", args: ['"a"', '[a |-> 1, b |-> 2]'] },
  { module: "Bags", op: "BagIn", args: ['"c"', '[a |-> 1, b |-> 2]'] },
  { module: "Bags", op: "EmptyBag", args: [] },
  { module: "Bags", op: "CopiesIn", args: ['"b"', '[a |-> 1, b |-> 2]'] },
  { module: "Bags", op: "CopiesIn", args: ['"c"', '[a |-> 1, b |-> 2]'] },
  { module: "Bags", op: "(+)", args: ['[a |-> 1, b |-> 2]', '[b |-> 3, c |-> 1]'], infix: true },
  { module: "Bags", op: "(-)", args: ['[a |-> 1, b |-> 2]', '[b |-> 3, a |-> 0]'], infix: true },
  { module: "Bags", op: "(-)", args: ['[a |-> 3, b |-> 2]', '[a |-> 1]'], infix: true },
  { module: "Bags", op: "(+)", args: ['[a |-> 0]', '[a |-> 1]'], infix: true },
  { module: "Bags", op: "BagUnion", args: ['{[a |-> 1], [a |-> 2, b |-> 1], [c |-> 1]}'] },
  { module: "Bags", op: "\\sqsubseteq", args: ['[a |-> 1]', '[a |-> 2, b |-> 1]'], infix: true },
  { module: "Bags", op: "\\sqsubseteq", args: ['[a |-> 3]', '[a |-> 2, b |-> 1]'], infix: true },
  { module: "Bags", op: "\\sqsubseteq", args: ['[c |-> 1]', '[a |-> 2, b |-> 1]'], infix: true },
  { module: "Bags", op: "SubBag", args: ['[a |-> 2, b |-> 1]'] },
  { module: "Bags", op: "SubBag", args: ["<<>>"] },
  { module: "Bags", op: "BagOfAll", args: [mod3, "(1 :> 2 @@ 4 :> 1 @@ 5 :> 3)"] },
  { module: "Bags", op: "BagCardinality", args: ['[a |-> 2, b |-> 3]'] },
  { module: "Bags", op: "BagCardinality", args: ['[a |-> 0]'] },
  // TLC
  { module: "TLC", op: "Print", args: ['"hi"', "42"] },
  { module: "TLC", op: "PrintT", args: ['"hi"'] },
  { module: "TLC", op: "Assert", args: ["TRUE", '"fine"'] },
  { module: "TLC", op: "Assert", args: [ex("1 = 2", "FALSE"), '"broken"'] },
  { module: "TLC", op: "Permutations", args: ["{1, 2, 3}"] },
  { module: "TLC", op: "Permutations", args: ["{}"] },
  { module: "TLC", op: "SortSeq", args: ["<<3, 1, 2, 1>>", lt] },
  { module: "TLC", op: "SortSeq", args: ["<<3, 1, 2>>", gt] },
  { module: "TLC", op: "SortSeq", args: ["<<>>", lt] },
  { module: "TLC", op: "ToString", args: ['<<1, "a", {TRUE}, [x |-> 2]>>'] },
  { module: "TLC", op: "ToString", args: ["1..3"] },
  { module: "TLC", op: "TLCEval", args: ["<<1, 2>>"] },
  // TLCExt
  { module: "TLCExt", op: "AssertEq", args: ["<<1>>", "<<1>>"] },
  { module: "TLCExt", op: "AssertEq", args: ["1", "2"] },
  { module: "TLCExt", op: "TLCNoOp", args: ["7"] },
  { module: "TLCExt", op: "TLCModelValue", args: ['"m1"'] },
  
  { module: "TLCExt", op: "TLCDefer", args: ["7"] },
  { module: "TLCExt", op: "AssertError", args: ['"x"', ex("1 + 1", "2")] },
  { module: "TLCExt", op: "TLCGetOrDefault", args: ["42", '"none"'] },
  // Randomization
  { module: "Randomization", op: "RandomSubset", args: ["0", "{1, 2}"] },
  { module: "Randomization", op: "RandomSubset", args: ["2", "{1, 2}"] },
  { module: "Randomization", op: "RandomSubset", args: ["3", "{1, 2}"] },
  { module: "Randomization", op: "RandomSetOfSubsets", args: ["1", "0", "{1, 2}"] },
  // Json
  { module: "Json", op: "ToJson", args: ['[a |-> 1, b |-> <<TRUE, "x">>, c |-> {1, 2}]'] },
  { module: "Json", op: "ToJson", args: ["<<>>"] },
  { module: "Json", op: "ToJson", args: ['"q\\"uote\\\\ <&>"'] },
  { module: "Json", op: "ToJson", args: ["(0 :> 1 @@ 2 :> 3)"] },
  { module: "Json", op: "ToJson", args: ["({1} :> 1)"] },
  { module: "Json", op: "ToJsonArray", args: ["<<1, 2>>"] },
  { module: "Json", op: "ToJsonArray", args: ["{3, 4}"] },
  { module: "Json", op: "ToJsonArray", args: ["(0 :> 1 @@ 2 :> 3)"] },
  { module: "Json", op: "ToJsonObject", args: ["[a |-> 1]"] },
  { module: "Json", op: "ToJsonObject", args: ['<<"a", "b">>'] },
  { module: "Json", op: "ToJsonObject", args: ["(0 :> 1 @@ 2 :> 3)"] },
  // Folds
  { module: "Folds", op: "MapThenFoldSet", args: [pairUp, "<<>>", double, firstOf, "{3, 1, 2}"] },
  // Functions
  { module: "Functions", op: "Restrict", args: ["<<5, 6, 7>>", "{1, 3}"] },
  { module: "Functions", op: "Restrict", args: ["<<5, 6, 7>>", "{1, 4}"] },
  { module: "Functions", op: "RestrictDomain", args: ["<<5, 6, 7, 8>>", isEven] },
  { module: "Functions", op: "RestrictValues", args: ["<<5, 6, 7, 8>>", isEven] },
  { module: "Functions", op: "IsRestriction", args: ["(1 :> 5)", "<<5, 6>>"] },
  { module: "Functions", op: "IsRestriction", args: ["(1 :> 6)", "<<5, 6>>"] },
  { module: "Functions", op: "IsRestriction", args: ["(3 :> 6)", "<<5, 6>>"] },
  { module: "Functions", op: "Range", args: ["<<1, 2, 1>>"] },
  { module: "Functions", op: "Range", args: ["[a |-> 3]"] },
  { module: "Functions", op: "Pointwise", args: ["<<1, 2>>", "<<10, 20>>", plus] },
  { module: "Functions", op: "Inverse", args: ["<<1, 1, 2>>", "{1, 2, 3}", "{1, 2, 4}"] },
  { module: "Functions", op: "AntiFunction", args: ['<<"a", "b">>'] },
  { module: "Functions", op: "IsInjective", args: ["<<1, 2>>"] },
  { module: "Functions", op: "IsInjective", args: ["<<1, 1>>"] },
  { module: "Functions", op: "Injection", args: ["{1, 2}", "{1, 2}"] },
  { module: "Functions", op: "Injection", args: ["{1, 2}", "{1}"] },
  { module: "Functions", op: "Surjection", args: ["{1, 2}", "{1}"] },
  { module: "Functions", op: "Surjection", args: ["{1}", "{1, 2}"] },
  { module: "Functions", op: "Bijection", args: ["{1, 2}", "{3, 4}"] },
  { module: "Functions", op: "ExistsInjection", args: ["{1, 2}", "{1}"] },
  { module: "Functions", op: "ExistsSurjection", args: ["{1, 2}", "{1}"] },
  { module: "Functions", op: "ExistsSurjection", args: ["{1}", "{}"] },
  { module: "Functions", op: "ExistsBijection", args: ["{1, 2}", "{3, 4}"] },
  { module: "Functions", op: "FoldFunction", args: [minus, "0", "<<1, 2, 3>>"] },
  { module: "Functions", op: "FoldFunction", args: [pairUp, "<<>>", "<<1, 2, 3>>"] },
  { module: "Functions", op: "FoldFunctionOnSet", args: [plus, "0", "<<1, 2, 3>>", "{1, 3}"] },
  { module: "Functions", op: "SumFunction", args: ["<<1, 2, 3>>"] },
  { module: "Functions", op: "SumFunctionOnSet", args: ["<<1, 2, 3>>", "{2, 3}"] },
  // FiniteSetsExt
  { module: "FiniteSetsExt", op: "FoldSet", args: [pairUp, "<<>>", "{1, 2, 3}"] },
  { module: "FiniteSetsExt", op: "SumSet", args: ["{1, 2, 3}"] },
  { module: "FiniteSetsExt", op: "ProductSet", args: ["{2, 3, 4}"] },
  { module: "FiniteSetsExt", op: "ReduceSet", args: [plus, "{1, 2, 3}", "10"] },
  { module: "FiniteSetsExt", op: "MapThenSumSet", args: [double, "{1, 2}"] },
  { module: "FiniteSetsExt", op: "FlattenSet", args: ["{{1, 2}, {2, 3}}"] },
  { module: "FiniteSetsExt", op: "SymDiff", args: ["{1, 2, 3}", "{2, 3, 4}"] },
  { module: "FiniteSetsExt", op: "Quantify", args: ["1..10", isEven] },
  { module: "FiniteSetsExt", op: "kSubset", args: ["2", "{1, 2, 3}"] },
  { module: "FiniteSetsExt", op: "kSubset", args: ["0", "{1, 2, 3}"] },
  { module: "FiniteSetsExt", op: "kSubset", args: ["4", "{1, 2, 3}"] },
  { module: "FiniteSetsExt", op: "Max", args: ["{1, 5, 3}"] },
  { module: "FiniteSetsExt", op: "Min", args: ["{4, 5, 3}"] },
  { module: "FiniteSetsExt", op: "Max", args: ["{}"] },
  { module: "FiniteSetsExt", op: "Choices", args: ["{{1, 2}, {3}}"] },
  { module: "FiniteSetsExt", op: "Choices", args: ["{{1, 2}, {2, 3}}"] },
  { module: "FiniteSetsExt", op: "Choices", args: ["{}"] },
  { module: "FiniteSetsExt", op: "ChooseUnique", args: ["{1, 2, 3}", isBig] },
  // SequencesExt
  { module: "SequencesExt", op: "ToSet", args: ["<<1, 2, 1>>"] },
  { module: "SequencesExt", op: "ToBag", args: ['<<"a", "b", "a">>'] },
  { module: "SequencesExt", op: "SetToSeq", args: ["{1}"] },
  { module: "SequencesExt", op: "SetToSeqs", args: ["{1, 2}"] },
  { module: "SequencesExt", op: "SetToSortSeq", args: ["{3, 1, 2}", lt] },
  { module: "SequencesExt", op: "SetToAllKPermutations", args: ["{1, 2}"] },
  { module: "SequencesExt", op: "TupleOf", args: ["{0, 1}", "2"] },
  { module: "SequencesExt", op: "SeqOf", args: ["{0, 1}", "2"] },
  { module: "SequencesExt", op: "BoundedSeq", args: ["{7}", "3"] },
  { module: "SequencesExt", op: "Contains", args: ["<<1, 2>>", "2"] },
  { module: "SequencesExt", op: "Contains", args: ["<<1, 2>>", "3"] },
  { module: "SequencesExt", op: "IsSorted", args: ["<<1, 2, 2>>", leq] },
  { module: "SequencesExt", op: "IsSorted", args: ["<<1, 3, 2>>", leq] },
  { module: "SequencesExt", op: "Reverse", args: ["<<1, 2, 3>>"] },
  { module: "SequencesExt", op: "Reverse", args: ["<<>>"] },
  { module: "SequencesExt", op: "Remove", args: ["<<1, 2, 1, 3>>", "1"] },
  { module: "SequencesExt", op: "ReplaceAll", args: ["<<1, 2, 1, 3>>", "1", "9"] },
  { module: "SequencesExt", op: "SelectInSeq", args: ["<<1, 2, 3, 4>>", isEven] },
  { module: "SequencesExt", op: "SelectInSeq", args: ["<<1, 3>>", isEven] },
  { module: "SequencesExt", op: "SelectInSubSeq", args: ["<<1, 2, 3, 4>>", "3", "4", isEven] },
  { module: "SequencesExt", op: "SelectLastInSeq", args: ["<<1, 2, 3, 4>>", isEven] },
  { module: "SequencesExt", op: "SelectLastInSubSeq", args: ["<<2, 2, 3, 4, 5>>", "1", "3", isEven] },
  { module: "SequencesExt", op: "SelectLastInSubSeq", args: ["<<2, 2, 3, 4, 5>>", "2", "5", isEven] },
  { module: "SequencesExt", op: "SelectInSubSeq", args: ["<<2, 2, 3, 4, 5>>", "3", "2", isEven] },
  { module: "SequencesExt", op: "InsertAt", args: ["<<1, 2>>", "2", "9"] },
  { module: "SequencesExt", op: "InsertAt", args: ["<<1, 2>>", "3", "9"] },
  { module: "SequencesExt", op: "ReplaceAt", args: ["<<1, 2>>", "2", "9"] },
  { module: "SequencesExt", op: "ReplaceAt", args: ["<<1, 2>>", "3", "9"] },
  { module: "SequencesExt", op: "RemoveAt", args: ["<<1, 2, 3>>", "2"] },
  { module: "SequencesExt", op: "RemoveFirst", args: ["<<1, 2, 1>>", "1"] },
  { module: "SequencesExt", op: "RemoveFirst", args: ["<<1, 2, 1>>", "3"] },
  { module: "SequencesExt", op: "RemoveFirstMatch", args: ["<<1, 2, 4>>", isEven] },
  { module: "SequencesExt", op: "Cons", args: ["0", "<<1>>"] },
  { module: "SequencesExt", op: "Snoc", args: ["0", "<<1>>"] },
  { module: "SequencesExt", op: "Front", args: ["<<1, 2, 3>>"] },
  { module: "SequencesExt", op: "Front", args: ["<<>>"] },
  { module: "SequencesExt", op: "Last", args: ["<<1, 2, 3>>"] },
  { module: "SequencesExt", op: "Last", args: ["<<>>"] },
  { module: "SequencesExt", op: "IsPrefix", args: ["<<1>>", "<<1, 2>>"] },
  { module: "SequencesExt", op: "IsPrefix", args: ['"ab"', '"abc"'] },
  { module: "SequencesExt", op: "IsPrefix", args: ["<<2>>", "<<1, 2>>"] },
  { module: "SequencesExt", op: "IsStrictPrefix", args: ["<<1, 2>>", "<<1, 2>>"] },
  { module: "SequencesExt", op: "IsSuffix", args: ["<<2>>", "<<1, 2>>"] },
  { module: "SequencesExt", op: "IsStrictSuffix", args: ["<<>>", "<<1, 2>>"] },
  { module: "SequencesExt", op: "Prefixes", args: ["<<1, 2>>"] },
  { module: "SequencesExt", op: "CommonPrefixes", args: ["{<<1, 2, 3>>, <<1, 2, 4>>}"] },
  { module: "SequencesExt", op: "LongestCommonPrefix", args: ["{<<1, 2, 3>>, <<1, 2, 4>>, <<1, 2>>}"] },
  { module: "SequencesExt", op: "LongestCommonPrefix", args: ['{"abcd", "abx"}'] },
  { module: "SequencesExt", op: "Suffixes", args: ["<<1, 2, 3>>"] },
  { module: "SequencesExt", op: "SeqMod", args: ["6", "3"] },
  { module: "SequencesExt", op: "SeqMod", args: ["7", "3"] },
  { module: "SequencesExt", op: "FoldSeq", args: [pairUp, "<<>>", "<<1, 2, 3>>"] },
  { module: "SequencesExt", op: "FoldLeft", args: [pairUp, "0", "<<1, 2, 3>>"] },
  { module: "SequencesExt", op: "FoldRight", args: [pairUp, "<<1, 2, 3>>", "0"] },
  { module: "SequencesExt", op: "FoldLeftDomain", args: [pairUp, "0", '<<"a", "b">>'] },
  { module: "SequencesExt", op: "FoldRightDomain", args: [pairUp, '<<"a", "b">>', "0"] },
  { module: "SequencesExt", op: "FoldLeft", args: [cat, '""', '<<"a", "b", "c">>'] },
  { module: "SequencesExt", op: "FlattenSeq", args: ["<<<<1, 2>>, <<>>, <<3>>>>"] },
  { module: "SequencesExt", op: "FlattenSeq", args: ['<<"ab", "c">>'] },
  { module: "SequencesExt", op: "FlattenSeq", args: ["<<>>"] },
  { module: "SequencesExt", op: "Zip", args: ["<<1, 2, 3>>", '<<"a", "b">>'] },
  { module: "SequencesExt", op: "Interleave", args: ["<<1, 2>>", "<<3, 4>>"] },
  { module: "SequencesExt", op: "Interleave", args: ["<<>>", "<<>>"] },
  { module: "SequencesExt", op: "SubSeqs", args: ["<<1, 2, 3>>"] },
  { module: "SequencesExt", op: "SubSeqs", args: ['"ab"'] },
  { module: "SequencesExt", op: "AllSubSeqs", args: ["<<1, 2, 3>>"] },
  { module: "SequencesExt", op: "IndexFirstSubSeq", args: ["<<2, 3>>", "<<1, 2, 3, 2, 3>>"] },
  { module: "SequencesExt", op: "IndexFirstSubSeq", args: ["<<>>", "<<1, 2>>"] },
  { module: "SequencesExt", op: "IndexFirstSubSeq", args: ['"lo"', '"hello lo"'] },
  { module: "SequencesExt", op: "ReplaceSubSeqAt", args: ["2", "<<9, 9>>", "<<2>>", "<<1, 2, 3>>"] },
  { module: "SequencesExt", op: "ReplaceFirstSubSeq", args: ["<<9>>", "<<2, 3>>", "<<1, 2, 3, 2, 3>>"] },
  { module: "SequencesExt", op: "ReplaceFirstSubSeq", args: ['"X"', '"l"', '"hello"'] },
  { module: "SequencesExt", op: "ReplaceFirstSubSeq", args: ['"X"', '""', '"ab"'] },
  { module: "SequencesExt", op: "ReplaceFirstSubSeq", args: ["<<9>>", "<<7>>", "<<1, 2>>"] },
  // TLC runs out of room on the definition (>1000000 elements): the answer by hand.
  { module: "SequencesExt", op: "ReplaceAllSubSeqs", args: ["<<9>>", "<<2, 3>>", "<<1, 2, 3, 2, 3>>"], tlc: "<<1, 9, 9>>" },
  { module: "SequencesExt", op: "ReplaceAllSubSeqs", args: ["<<9>>", "<<1, 1>>", "<<1, 1, 1>>"] },
  { module: "SequencesExt", op: "ReplaceAllSubSeqs", args: ["<<0>>", "<<>>", "<<1, 2>>"] },
  // The jar lacks commons-lang3, whose StringUtils.replace the override calls.
  { module: "SequencesExt", op: "ReplaceAllSubSeqs", args: ['"_"', '"l"', '"hello"'], tlc: '"he__o"' },
  { module: "SequencesExt", op: "ReplaceAllSubSeqs", args: ['"_"', '""', '"ab"'] },
  // BagsExt
  { module: "BagsExt", op: "BagAdd", args: ["[a |-> 1]", '"a"'] },
  { module: "BagsExt", op: "BagAdd", args: ["[a |-> 1]", '"b"'] },
  { module: "BagsExt", op: "BagRemove", args: ["[a |-> 2, b |-> 1]", '"b"'] },
  { module: "BagsExt", op: "BagRemove", args: ["[a |-> 2, b |-> 1]", '"a"'] },
  { module: "BagsExt", op: "BagRemove", args: ["[a |-> 2]", '"c"'] },
  { module: "BagsExt", op: "BagRemoveAll", args: ["[a |-> 2, b |-> 1]", '"a"'] },
  { module: "BagsExt", op: "FoldBag", args: [pairUp, "0", "(1 :> 2 @@ 2 :> 1)"] },
  { module: "BagsExt", op: "SumBag", args: ["(1 :> 2 @@ 5 :> 1)"] },
  { module: "BagsExt", op: "ProductBag", args: ["(2 :> 2 @@ 5 :> 1)"] },
  { module: "BagsExt", op: "MapThenFoldBag", args: [plus, "0", double, firstOf, "(1 :> 2 @@ 5 :> 1)"] },
  // Bitwise
  { module: "Bitwise", op: "&", args: ["12", "10"], infix: true },
  { module: "Bitwise", op: "|", args: ["12", "10"], infix: true },
  { module: "Bitwise", op: "^^", args: ["12", "10"], infix: true },
  { module: "Bitwise", op: "&", args: ["0", "7"], infix: true },
  { module: "Bitwise", op: "Not", args: ["10"] },
  { module: "Bitwise", op: "Not", args: ["0"] },
  { module: "Bitwise", op: "shiftR", args: ["20", "2"] },
  { module: "Bitwise", op: "shiftR", args: ["1", "0"] },
  // Relation
  { module: "Relation", op: "IsReflexive", args: [R, "{1, 2, 3}"] },
  { module: "Relation", op: "IsReflexive", args: [R2, "{1, 2, 3}"] },
  { module: "Relation", op: "IsIrreflexive", args: [R2, "{1, 2, 3}"] },
  { module: "Relation", op: "IsSymmetric", args: [R, "{1, 2, 3}"] },
  { module: "Relation", op: "IsAntiSymmetric", args: [R, "{1, 2, 3}"] },
  { module: "Relation", op: "IsAsymmetric", args: [R2, "{1, 2, 3}"] },
  { module: "Relation", op: "IsTransitive", args: [R, "{1, 2, 3}"] },
  { module: "Relation", op: "IsTransitive", args: [R2, "{1, 2, 3}"] },
  { module: "Relation", op: "IsPartiallyOrdered", args: [R, "{1, 2, 3}"] },
  { module: "Relation", op: "IsStrictlyPartiallyOrdered", args: [R, "{1, 2, 3}"] },
  { module: "Relation", op: "IsTotallyOrdered", args: [R, "{1, 2, 3}"] },
  { module: "Relation", op: "IsStrictlyTotallyOrderedUnder", args: [lt, "{1, 2, 3}"] },
  { module: "Relation", op: "IsReflexiveUnder", args: [leq, "{1, 2}"] },
  { module: "Relation", op: "IsSymmetricUnder", args: [divides, "{1, 2}"] },
  { module: "Relation", op: "TransitiveClosure", args: [R2, "{1, 2, 3}"] },
  { module: "Relation", op: "ReflexiveTransitiveClosure", args: [R2, "{1, 2, 3}"] },
  { module: "Relation", op: "IsConnected", args: [R2, "{1, 2, 3}"] },
  { module: "Relation", op: "IsConnected", args: [R, "{1, 2, 3}"] },
  // Graphs
  { module: "Graphs", op: "IsDirectedGraph", args: [G] },
  { module: "Graphs", op: "IsDirectedGraph", args: ["[node |-> {1}, edge |-> {<<1, 2>>}]"] },
  { module: "Graphs", op: "DirectedSubgraph", args: ["[node |-> {1, 2}, edge |-> {<<1, 2>>}]"] },
  { module: "Graphs", op: "Transpose", args: [G] },
  { module: "Graphs", op: "IsUndirectedGraph", args: ["[node |-> {1, 2}, edge |-> {<<1, 2>>, <<2, 1>>}]"] },
  { module: "Graphs", op: "IsUndirectedGraph", args: [G] },
  { module: "Graphs", op: "UndirectedSubgraph", args: ["[node |-> {1, 2}, edge |-> {<<1, 2>>, <<2, 1>>}]"] },
  { module: "Graphs", op: "SimplePath", args: ["[node |-> {1, 2, 3}, edge |-> {<<1, 2>>, <<2, 3>>, <<3, 1>>}]"], tlc: simplePaths("[node |-> {1, 2, 3}, edge |-> {<<1, 2>>, <<2, 3>>, <<3, 1>>}]", directed) },
  { module: "Graphs", op: "AreConnectedIn", args: ["1", "4", G], tlc: connected("1", "4", G, directed) },
  { module: "Graphs", op: "AreConnectedIn", args: ["4", "1", G], tlc: connected("4", "1", G, directed) },
  { module: "Graphs", op: "AreConnectedIn", args: ["4", "4", G], tlc: connected("4", "4", G, directed) },
  { module: "Graphs", op: "IsStronglyConnected", args: [G], tlc: `\\A m, n \\in (${G}).node : ${connected("m", "n", G, directed)}` },
  { module: "Graphs", op: "IsStronglyConnected", args: ["[node |-> {1, 2}, edge |-> {<<1, 2>>, <<2, 1>>}]"], tlc: `\\A m, n \\in {1, 2} : ${connected("m", "n", "[node |-> {1, 2}, edge |-> {<<1, 2>>, <<2, 1>>}]", directed)}` },
  { module: "Graphs", op: "ConnectionsIn", args: ["[node |-> {1, 2}, edge |-> {<<1, 2>>}]"] },
  { module: "Graphs", op: "IsTreeWithRoot", args: [T, "1"], tlc: `IsDirectedGraph(${T}) /\\ (\\A e \\in (${T}).edge : e[1] # 1 /\\ \\A f \\in (${T}).edge : (e[1] = f[1]) => (e = f)) /\\ \\A n \\in (${T}).node : ${connected("n", "1", T, directed)}` },
  { module: "Graphs", op: "IsTreeWithRoot", args: [G, "1"], tlc: `IsDirectedGraph(${G}) /\\ (\\A e \\in (${G}).edge : e[1] # 1 /\\ \\A f \\in (${G}).edge : (e[1] = f[1]) => (e = f)) /\\ \\A n \\in (${G}).node : ${connected("n", "1", G, directed)}` },
  { module: "Graphs", op: "GraphUnion", args: [T, "[node |-> {4}, edge |-> {}]"] },
  { module: "Graphs", op: "IsBipartiteWithPartitions", args: [T, "{1}", "{2, 3}"] },
  { module: "Graphs", op: "IsBipartiteWithPartitions", args: [G, "{1, 3}", "{2, 4}"] },
  { module: "Graphs", op: "HasCycle", args: [G] },
  { module: "Graphs", op: "HasCycle", args: [T] },
  { module: "Graphs", op: "IsDag", args: [T] },
  { module: "Graphs", op: "IsDag", args: [G] },
  { module: "Graphs", op: "Successors", args: [G, "3"] },
  { module: "Graphs", op: "AllSuccessors", args: [G, "{1, 3}"] },
  { module: "Graphs", op: "Predecessors", args: [G, "1"] },
  { module: "Graphs", op: "AllPredecessors", args: [G, "{1, 4}"] },
  { module: "Graphs", op: "Ancestors", args: [G, "4"] },
  { module: "Graphs", op: "Descendants", args: [T, "2"] },
  { module: "Graphs", op: "Descendants", args: [G, "1"] },
  { module: "Graphs", op: "InDegree", args: [G, "1"] },
  { module: "Graphs", op: "OutDegree", args: [G, "3"] },
  { module: "Graphs", op: "Roots", args: [T] },
  { module: "Graphs", op: "Leaves", args: [G] },
  { module: "Graphs", op: "EmptyGraph", args: [] },
  { module: "Graphs", op: "Graphs", args: ["{1, 2}"] },
  // UndirectedGraphs
  { module: "UndirectedGraphs", op: "IsUndirectedGraph", args: [U] },
  { module: "UndirectedGraphs", op: "IsUndirectedGraph", args: ["[node |-> {1}, edge |-> {{1, 2}}]"] },
  { module: "UndirectedGraphs", op: "IsLoopFreeUndirectedGraph", args: ["[node |-> {1}, edge |-> {{1}}]"] },
  { module: "UndirectedGraphs", op: "IsUndirectedGraph", args: ["[node |-> {1}, edge |-> {{1}}]"] },
  { module: "UndirectedGraphs", op: "UndirectedSubgraph", args: ["[node |-> {1, 2}, edge |-> {{1, 2}}]"] },
  { module: "UndirectedGraphs", op: "SimplePath", args: ["[node |-> {1, 2, 3}, edge |-> {{1, 2}, {2, 3}}]"], tlc: simplePaths("[node |-> {1, 2, 3}, edge |-> {{1, 2}, {2, 3}}]", undirected) },
  { module: "UndirectedGraphs", op: "AreConnectedIn", args: ["1", "3", U], tlc: connected("1", "3", U, undirected) },
  { module: "UndirectedGraphs", op: "AreConnectedIn", args: ["1", "4", U], tlc: connected("1", "4", U, undirected) },
  { module: "UndirectedGraphs", op: "ConnectedComponents", args: [U], tlc: components(U) },
  { module: "UndirectedGraphs", op: "IsStronglyConnected", args: [U], tlc: `${components(U)} = {(${U}).node}` },
  { module: "UndirectedGraphs", op: "IsStronglyConnected", args: ["[node |-> {1, 2}, edge |-> {{1, 2}}]"], tlc: `${components("[node |-> {1, 2}, edge |-> {{1, 2}}]")} = {{1, 2}}` },
  { module: "UndirectedGraphs", op: "UndirectedGraphs", args: ["{1, 2}"] },
  // IOUtils
  { module: "IOUtils", op: "atoi", args: ['"-42"'] },
  { module: "IOUtils", op: "atoi", args: ['"4x"'] },
  { module: "IOUtils", op: "zeroPadN", args: ["7", "3"] },
  { module: "IOUtils", op: "zeroPadN", args: ["1234", "3"] },
  // SVG
  { module: "SVG", op: "Line", args: ["1", "2", "3", "4", '[stroke |-> "black"]'] },
  { module: "SVG", op: "Circle", args: ["1", "2", "3", '[fill |-> "red", r |-> "9"]'] },
  { module: "SVG", op: "Rect", args: ["1", "2", "3", "4", "<<>>"] },
  { module: "SVG", op: "Text", args: ["1", "2", '"hi"', "<<>>"] },
  { module: "SVG", op: "Group", args: ["<<>>", '[id |-> "g"]'] },
  { module: "SVG", op: "SVGElemToString", args: ['[name |-> "g", attrs |-> [stroke_width |-> "1"], children |-> <<[name |-> "text", attrs |-> [x |-> "1"], children |-> <<>>, innerText |-> "<<a>>"]>>, innerText |-> ""]'] },
  { module: "SVG", op: "NodeOfRingNetwork", args: ["10", "10", "5", "1", "4"] },
  { module: "SVG", op: "PointOnLine", args: ["[x |-> 0, y |-> 0]", "[x |-> 10, y |-> 5]", "3"] },
  // Combinatorics
  { module: "Combinatorics", op: "choose", args: ["5", "2"] },
  { module: "Combinatorics", op: "choose", args: ["4", "0"] },
  // DyadicRationals
  { module: "DyadicRationals", op: "Add", args: ["[num |-> 1, den |-> 4]", "[num |-> 1, den |-> 4]"] },
  { module: "DyadicRationals", op: "Add", args: ["[num |-> 0, den |-> 1]", "[num |-> 2, den |-> 4]"] },
  { module: "DyadicRationals", op: "Add", args: ["[num |-> 1, den |-> 2]", "[num |-> 3, den |-> 8]"] },
  { module: "DyadicRationals", op: "Half", args: ["[num |-> 1, den |-> 1]"] },
  { module: "DyadicRationals", op: "Half", args: ["[num |-> 2, den |-> 4]"] },
  { module: "DyadicRationals", op: "IsDyadicRational", args: ["[num |-> 1, den |-> 8]"] },
  { module: "DyadicRationals", op: "IsDyadicRational", args: ["[num |-> 1, den |-> 6]"] },
  { module: "DyadicRationals", op: "PrettyPrint", args: ["[num |-> 3, den |-> 8]"] },
  { module: "DyadicRationals", op: "PrettyPrint", args: ["[num |-> 0, den |-> 1]"] },
  { module: "DyadicRationals", op: "Zero", args: [] },
  { module: "TLC", op: "TLCGet", args: ['"-Dsome.unset.property"'] },
  // Statistics
  // The jar lacks commons-math3: Pearson's statistic by hand, 0.2 and 48.6 with 2 degrees of freedom (p = e^-0.1, e^-24.3).
  { module: "Statistics", op: "ChiSquare", args: ["<<10, 10, 10>>", "<<9, 11, 10>>", '"0.05"'], tlc: "TRUE" },
  { module: "Statistics", op: "ChiSquare", args: ["<<10, 10, 10>>", "<<1, 1, 28>>", '"0.05"'], tlc: "FALSE" },
];
