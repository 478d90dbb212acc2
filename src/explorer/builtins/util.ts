/**
 * Helpers shared by the built-in modules: argument checks with TLC's error
 * messages, function entries, and a small builder for module tables.
 *
 * @module
 */
import { compareValues, equals, fn, int, printString, printValue, str, type Value } from "../../values/index.js";
import type { BuiltinHost, BuiltinModule, BuiltinOperator, OperatorArgument } from "./types.js";

const ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"];

/** The argument position as TLC words it ("first", "second", ...); `i` is 0-based. */
export function ordinal(i: number): string {
  return ORDINALS[i] ?? `${i + 1}th`;
}

/** TLC's `TLC_MODULE_ARGUMENT_ERROR`: "The second argument of SubSeq should be a natural number, but instead it is: ...". */
export function argumentError(host: BuiltinHost, i: number, op: string, expected: string, v: Value): never {
  const article = /^[aeiou]/i.test(expected) ? "an" : "a";
  return host.fail(`The ${ordinal(i)} argument of ${op} should be ${article} ${expected}, but instead it is:\n${printValue(v)}`);
}

/** TLC's `TLC_MODULE_ONE_ARGUMENT_ERROR`, for operators of one argument. */
export function oneArgumentError(host: BuiltinHost, op: string, expected: string, v: Value): never {
  const article = /^[aeiou]/i.test(expected) ? "an" : "a";
  return host.fail(`The argument of ${op} should be ${article} ${expected}, but instead it is:\n${printValue(v)}`);
}

/** TLC's `TLC_MODULE_APPLYING_TO_WRONG_VALUE`. */
export function wrongValueError(host: BuiltinHost, op: string, expected: string, v: Value): never {
  return host.fail(`Applying ${op} to the following value,\nwhich is not ${expected}:\n${printValue(v)}`);
}

/**
 * A value as TLC's ToString writes it: like printValue, but with sets and
 * function domains in normalized (sorted) order, as TLC normalizes them
 * before printing. (TLC orders strings by first use, which no value records;
 * they are sorted here.)
 */
export function tlcString(v: Value): string {
  switch (v.kind) {
    case "set":
      return "{" + [...v.elements].sort(compareValues).map(tlcString).join(", ") + "}";
    case "seq":
      return "<<" + v.elements.map(tlcString).join(", ") + ">>";
    case "record":
      return "[" + v.fields.map((f, i) => `${f} |-> ${tlcString(v.values[i]!)}`).join(", ") + "]";
    case "function": {
      const order = v.domain.map((_, i) => i).sort((i, j) => compareValues(v.domain[i]!, v.domain[j]!));
      return "(" + order.map((i) => `${tlcString(v.domain[i]!)} :> ${tlcString(v.values[i]!)}`).join(" @@ ") + ")";
    }
    case "string":
      return printString(v.value);
    default:
      return printValue(v);
  }
}

/** TLC's message for applying a function outside its domain (`s[4]` of a 3-tuple, a missing field, ...). */
export function notInDomain(host: BuiltinHost, f: Value, k: Value): never {
  if (f.kind === "seq" && k.kind === "int") return host.fail(`Attempted to access index ${k.value} of tuple\n${printValue(f)}\nwhich is out of bounds.`);
  if (f.kind === "record" && k.kind === "string") return host.fail(`Attempted to access nonexistent field '${k.value}' of record\n${printValue(f)}`);
  return host.fail(`Attempted to apply function:\n${printValue(f)}\nto argument ${printValue(k)}, which is not in the domain of the function.`);
}

/** `f[k]`, or TLC's error outside the domain. */
export function at(host: BuiltinHost, f: Value, k: Value): Value {
  return applyFn(f, k) ?? notInDomain(host, f, k);
}

/** The keys and values of a function (sequence, record or other function), in their order. */
export interface Entries {
  readonly keys: readonly Value[];
  readonly values: readonly Value[];
}

/** The entries of `f`, or undefined when `f` is not a function. */
export function entriesOf(f: Value): Entries | undefined {
  switch (f.kind) {
    case "seq":
      return { keys: f.elements.map((_, i) => int(i + 1)), values: f.elements };
    case "record":
      return { keys: f.fields.map(str), values: f.values };
    case "function":
      return { keys: f.domain, values: f.values };
    default:
      return undefined;
  }
}

/** Whether `v` is a function (a sequence and a record are functions too). */
export function isFunction(v: Value): boolean {
  return v.kind === "seq" || v.kind === "record" || v.kind === "function";
}

/** The index of `key` in `keys`, or -1. */
export function indexOf(keys: readonly Value[], key: Value): number {
  for (let i = 0; i < keys.length; i++) if (equals(keys[i]!, key)) return i;
  return -1;
}

/** Whether `x` is in the list (by TLC's equality). */
export function includes(list: readonly Value[], x: Value): boolean {
  return indexOf(list, x) >= 0;
}

/** A function the evaluator keeps unevaluated (over an infinite domain, or recursive): applied without enumerating it. */
interface LazyFunctionLike {
  at(k: Value): Value;
  inDomain(k: Value): boolean;
}

function isLazyFunction(f: Value): f is Value & LazyFunctionLike {
  const g = f as Partial<LazyFunctionLike>;
  return f.kind === "function" && typeof g.at === "function" && typeof g.inDomain === "function";
}

/** `f[key]`, or undefined outside the domain. */
export function applyFn(f: Value, key: Value): Value | undefined {
  if (isLazyFunction(f)) return f.inDomain(key) ? f.at(key) : undefined;
  if (f.kind === "seq") return key.kind === "int" ? f.elements[key.value - 1] : undefined;
  if (f.kind === "record") {
    if (key.kind !== "string") return undefined;
    const i = f.fields.indexOf(key.value);
    return i < 0 ? undefined : f.values[i];
  }
  const e = entriesOf(f);
  if (e === undefined) return undefined;
  const i = indexOf(e.keys, key);
  return i < 0 ? undefined : e.values[i];
}

/** A function from parallel key and value lists (normalized like TLC: 1..n gives a sequence, strings a record). */
export function fnOf(keys: readonly Value[], values: readonly Value[]): Value {
  return fn(keys, values);
}

/** Checked argument accessors for one call: they fail with TLC's messages. */
export class Args {
  constructor(
    readonly op: string,
    readonly raw: readonly (Value | OperatorArgument)[],
    readonly host: BuiltinHost,
  ) {}

  /** The i-th argument, a value. */
  value(i: number): Value {
    const v = this.raw[i];
    if (typeof v === "function" || v === undefined) return this.host.fail(`the ${ordinal(i)} argument of ${this.op} must be a value, not an operator`);
    return v;
  }

  /** The i-th argument, an operator. */
  operator(i: number): OperatorArgument {
    const v = this.raw[i];
    if (typeof v !== "function") return this.host.fail(`the ${ordinal(i)} argument of ${this.op} must be an operator`);
    return v;
  }

  /** Fails with TLC's argument error for the i-th argument. */
  wrong(i: number, expected: string): never {
    if (this.raw.length === 1) return oneArgumentError(this.host, this.op, expected, this.value(i));
    return argumentError(this.host, i, this.op, expected, this.value(i));
  }

  /** The i-th argument, an integer. */
  int(i: number): number {
    const v = this.value(i);
    return v.kind === "int" ? v.value : this.wrong(i, "integer");
  }

  /** The i-th argument, a natural number. */
  nat(i: number): number {
    const v = this.value(i);
    return v.kind === "int" && v.value >= 0 ? v.value : this.wrong(i, "natural number");
  }

  /** The i-th argument, a boolean. */
  bool(i: number): boolean {
    const v = this.value(i);
    return v.kind === "bool" ? v.value : this.wrong(i, "boolean");
  }

  /** The i-th argument, a string. */
  string(i: number): string {
    const v = this.value(i);
    return v.kind === "string" ? v.value : this.wrong(i, "string");
  }

  /** A sequence's elements (a function with domain 1..n is already a sequence). */
  seq(i: number): readonly Value[] {
    const v = this.value(i);
    return v.kind === "seq" ? v.elements : this.wrong(i, "sequence");
  }

  /** The elements of a finite set, in the host's (TLC's) enumeration order. */
  set(i: number): readonly Value[] {
    const v = this.value(i);
    return this.host.isSet(v) ? this.host.elements(v) : this.wrong(i, "set");
  }

  /** A function's entries. */
  fn(i: number): Entries {
    return entriesOf(this.value(i)) ?? this.wrong(i, "function");
  }

  /** A record's field, failing when it is missing. */
  field(i: number, name: string): Value {
    const v = this.value(i);
    const x = applyFn(v, str(name));
    return x ?? this.host.fail(`The ${ordinal(i)} argument of ${this.op} should be a record with a field ${name}, but instead it is:\n${printValue(v)}`);
  }

  /** Calls the i-th (operator) argument and requires a boolean. */
  test(i: number, ...xs: Value[]): boolean {
    const r = this.operator(i)(xs);
    if (r.kind !== "bool") return this.host.fail(`The ${ordinal(i)} argument of ${this.op} should be a boolean-valued operator, but it returned:\n${printValue(r)}`);
    return r.value;
  }
}

/** The implementation of one operator, with checked access to its arguments. */
export type Impl = (a: Args) => Value;

/** Builds a module's operator table; `extend` copies the operators of modules it EXTENDS. */
export class ModuleBuilder {
  private readonly ops = new Map<string, BuiltinOperator>();

  /** Adds the operators of an extended module (EXTENDS makes them the extender's too). */
  extend(...modules: BuiltinModule[]): this {
    for (const m of modules) for (const [k, v] of m) this.ops.set(k, v);
    return this;
  }

  /** Adds an operator whose parameters are all values. */
  def(name: string, arity: number, impl: Impl): this {
    return this.defOps(name, new Array<boolean>(arity).fill(false), impl);
  }

  /** Adds an operator; `operatorParams[i]` says whether parameter i is an operator. */
  defOps(name: string, operatorParams: readonly boolean[], impl: Impl): this {
    const op: BuiltinOperator = {
      arity: operatorParams.length,
      ...(operatorParams.some((x) => x) ? { operatorParams } : {}),
      evaluate: (args, host) => impl(new Args(name, args, host)),
    };
    this.ops.set(name, op);
    return this;
  }

  /** Makes `alias` another name of `name` (e.g. `\oplus` for `(+)`). */
  alias(alias: string, name: string): this {
    const op = this.ops.get(name);
    if (op === undefined) throw new Error(`alias of an unknown operator ${name}`);
    this.ops.set(alias, op);
    return this;
  }

  /** The module's operator table. */
  build(): BuiltinModule {
    return new Map(this.ops);
  }
}

/** One `build(choice)` per way of choosing an element from each list, in order (the last list varies fastest). */
export function cartesian(lists: readonly (readonly Value[])[], build: (choice: readonly Value[]) => Value): Value[] {
  const out: Value[] = [];
  const choice: Value[] = [];
  const pick = (i: number): void => {
    if (i === lists.length) {
      out.push(build([...choice]));
      return;
    }
    for (const v of lists[i]!) {
      choice.push(v);
      pick(i + 1);
      choice.pop();
    }
  };
  pick(0);
  return out;
}
