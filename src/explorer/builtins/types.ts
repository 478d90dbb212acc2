import type { Value } from "../../values/index.js";

/**
 * What a built-in operator may ask of the evaluator. Sets passed to a
 * built-in may be lazy (Nat, Seq(S), SUBSET S, ...): enumerate or test them
 * through the host, never by looking at `kind` alone.
 */
export interface BuiltinHost {
  /** Stops evaluation with an error at the call site: `problem` says what is wrong. */
  fail(problem: string): never;
  /** The elements of a finite set (lazy or not), in TLC's enumeration order. */
  elements(set: Value): readonly Value[];
  /** Whether `x` is in the set (works on infinite sets). */
  member(x: Value, set: Value): boolean;
  /** Whether the value is a set (lazy or not). */
  isSet(v: Value): boolean;
  /**
   * Optional: what `TLCGet(name)` gives for a string name ("level",
   * "diameter", "distinct", "action", ...), or undefined when the evaluator
   * does not know it (the built-in then fails with a clear message).
   */
  tlcGet?(name: string): Value | undefined;
  /** Optional: handles `TLCSet(name, v)` for a string name ("exit", "pause", ...); returns whether it did. */
  tlcSet?(name: string, v: Value): boolean;
  /** Optional: where Print, PrintT and AssertEq write (TLC writes to stdout); absent, output is dropped. */
  print?(text: string): void;
  /**
   * Optional: the registers `TLCSet(i, v)` writes and `TLCGet(i)` reads (TLC
   * keeps one set per worker). Absent, a registry shared by the process is used.
   */
  registers?: Map<string, Value>;
}

/** An operator passed as an argument to a built-in (`SelectSeq(s, Test)`, `FoldSet(op, b, S)`). */
export type OperatorArgument = (args: readonly Value[]) => Value;

/** One built-in operator of a standard or community module, implemented natively (as TLC overrides them in Java). */
export interface BuiltinOperator {
  /** The number of parameters. */
  readonly arity: number;
  /** Which parameters are operators (`F(_, _)`); the others are values. */
  readonly operatorParams?: readonly boolean[];
  /**
   * Evaluates the operator. Value parameters arrive evaluated; operator
   * parameters arrive as {@link OperatorArgument}s.
   */
  readonly evaluate: (args: readonly (Value | OperatorArgument)[], host: BuiltinHost) => Value;
}

/** A module implemented natively: its operators by name (infix operators by their symbol, e.g. `\oplus`, `(+)`, `&`). */
export type BuiltinModule = ReadonlyMap<string, BuiltinOperator>;
