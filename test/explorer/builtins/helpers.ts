/**
 * Calls built-in operators directly, with a host that knows finite sets only,
 * and the table of cases whose answers TLC gave (tlc-answers.json).
 */
import { equals, isSet, parseValue, printValue, setElements, type Value } from "../../../src/values/index.js";
import { LazySet } from "../../../src/explorer/lazy.js";
import { BUILTIN_MODULES, type BuiltinHost, type OperatorArgument } from "../../../src/explorer/builtins/index.js";

/** What a built-in reported through host.fail. */
export class BuiltinFailure extends Error {}

/** A host over plain values; `printed` collects what Print and PrintT write. */
export function testHost(printed: string[] = []): BuiltinHost {
  return {
    fail: (problem) => {
      throw new BuiltinFailure(problem);
    },
    elements: (v) => (v.kind === "set" ? v.elements : isSet(v) ? setElements(v) : (() => {
      throw new BuiltinFailure(`expected a set, found ${printValue(v)}`);
    })()),
    member: (x, s) => (s instanceof LazySet ? s.contains(x) : s.kind === "interval" ? x.kind === "int" && x.value >= s.low && x.value <= s.high : s.kind === "set" && s.elements.some((y) => equals(x, y))),
    isSet: (v) => isSet(v),
    print: (text) => void printed.push(text),
    registers: new Map(),
  };
}

/** An operator argument: its TLA+ text (for TLC) and its meaning (for us). */
export interface OpArg {
  readonly tla: string;
  readonly fn: OperatorArgument;
}

/** A value argument written as a TLA+ expression for TLC (`1 = 2`, `[p \in S \X S |-> ...]`), with its value for us. */
export interface ExprArg {
  readonly tla: string;
  readonly value: Value;
}

/** A value argument given by a TLA+ expression. */
export function ex(tla: string, value: Value | string): ExprArg {
  return { tla, value: typeof value === "string" ? parseValue(value) : value };
}

/** An operator argument. */
export function op(tla: string, fn: (xs: readonly Value[]) => Value): OpArg {
  return { tla, fn };
}

/** Calls `module!name` on arguments given as TLC value text (or operators). */
export function call(module: string, name: string, args: readonly (string | Value | OpArg | ExprArg)[], host: BuiltinHost = testHost()): Value {
  const m = BUILTIN_MODULES.get(module);
  if (!m) throw new Error(`no built-in module ${module}`);
  const o = m.get(name);
  if (!o) throw new Error(`no operator ${name} in ${module}`);
  if (o.arity !== args.length) throw new Error(`${name} takes ${o.arity} arguments`);
  const values = args.map((a) => (typeof a === "string" ? parseValue(a) : "fn" in a ? a.fn : "tla" in a ? a.value : a));
  return o.evaluate(values, host);
}

/** The integer inside a value (for operator arguments in tests). */
export function n(v: Value | undefined): number {
  if (v?.kind !== "int") throw new Error(`not an integer: ${v ? printValue(v) : "undefined"}`);
  return v.value;
}
