import {
  compareValues,
  distinctSet,
  FALSE,
  TRUE,
  bool,
  equals,
  fn,
  int,
  interval,
  isSet,
  printValue,
  record,
  seq,
  set,
  setElements,
  str,
  type Value,
} from "../values/index.js";
import { cartesian, entriesOf } from "./builtins/util.js";
import { BUILTIN_MODULES, builtinOperators, type BuiltinHost, type BuiltinOperator, type OperatorArgument } from "./builtins/index.js";
import { InfiniteSetError, LazyFunction, LazySet } from "./lazy.js";
import { didYouMean } from "../util/close-names.js";

/** The standard modules (TLC's StandardModules): every operator of theirs is in the registry, so an unknown name is not one of theirs. */
const STANDARD_MODULES = new Set(["Naturals", "Integers", "Reals", "Sequences", "FiniteSets", "Bags", "TLC", "TLCExt", "Randomization", "Toolbox", "Json"]);
import { ExplorerError, type Bound, type Definition, type ExceptUpdate, type Expr, type Location, type Module } from "./syntax.js";

/** Bindings of bound variables and operator parameters. */
export type Env = ReadonlyMap<string, Value>;

/** An operator defined by LET, passed as an argument, or written as LAMBDA, with its scope. */
export interface Closure {
  readonly params: readonly string[];
  readonly operatorParams: readonly boolean[];
  readonly body: Expr;
  readonly env: Env;
  readonly locals: Locals | undefined;
  /**
   * For a zero-arity LET definition: its value where it was last evaluated.
   * TLC evaluates such a definition once per evaluation of the LET, however
   * often its body mentions it (a recursive operator's LET would otherwise
   * multiply the work at each level).
   */
  letValue?: { readonly state: Context["state"]; readonly next: Context["next"]; readonly at: Value | undefined; readonly value: Value };
}

/** Operators in scope beyond the module's definitions. */
export type Locals = ReadonlyMap<string, Closure>;

/** What an expression is evaluated against. */
export interface Context {
  readonly env: Env;
  /** LET definitions and operator arguments in scope. */
  readonly locals?: Locals;
  /** Current state, by variable slot. */
  readonly state: readonly (Value | undefined)[];
  /** Next state being built, by variable slot (undefined: not assigned yet). */
  readonly next: readonly (Value | undefined)[] | undefined;
  /** The value `@` stands for inside EXCEPT. */
  readonly at?: Value;
}

/** `Nat`, `Int` and `STRING`. */
const INFINITE_SETS = {
  Nat: new LazySet("Nat", (v) => v.kind === "int" && v.value >= 0, undefined, Infinity),
  Int: new LazySet("Int", (v) => v.kind === "int", undefined, Infinity),
  STRING: new LazySet("STRING", (v) => v.kind === "string", undefined, Infinity),
} as const;

/** A copy of bindings to add to (most operator bodies start from none: no copying then). */
function extend(env: Env): Map<string, Value> {
  return env.size === 0 ? new Map() : new Map(env);
}

/** A set for a message, without enumerating a lazy one. */
function printLazy(v: Value): string {
  return v instanceof LazySet ? v.description : printValue(v);
}

const NOWHERE: Location = { module: "?", line: 0, column: 0 };
const EMPTY: Env = new Map();

/** Where an expression is: its own location, or the first one found inside it. */
function where(e: Expr): Location {
  const search = (x: unknown, depth: number): Location | undefined => {
    if (x === null || typeof x !== "object" || depth > 6) return undefined;
    const at = (x as { at?: unknown }).at;
    if (at && typeof at === "object" && "line" in at) return at as Location;
    for (const v of Array.isArray(x) ? x : Object.values(x)) {
      const found = search(v, depth + 1);
      if (found) return found;
    }
    return undefined;
  };
  return search(e, 0) ?? NOWHERE;
}

/** Evaluates expressions of one module, with its constants. */
export class Evaluator {
  readonly slots: ReadonlyMap<string, number>;
  /** TLCGet("level"): 0 in ASSUMEs and the initial predicate, else the level of the state being explored or checked (the explorer sets it). */
  level = 0;
  /** TLCGet of the other names the explorer knows (distinct, queue, generated, diameter, duration). */
  tlcGetHook: ((name: string) => Value | undefined) | undefined;
  /** Where Print and PrintT write: stderr, so that stdout keeps the command's own output (--json). */
  printHook: (text: string) => void = (text) => void process.stderr.write(text + "\n");
  /** Decides `ENABLED A` in a state (the explorer's action enumeration sets it). */
  enabledHook: ((action: Expr, ctx: Context) => boolean) | undefined;

  private readonly definitionLevels = new Map<string, 0 | 1 | 2>();
  /** Zero-arity state-level definitions: the value in the last state each was evaluated in. */
  private readonly stateValues = new Map<string, { readonly state: Context["state"]; readonly value: Value }>();
  private readonly literals = new WeakMap<Expr, Value>();
  /** The value of each INSTANCE substitution in the last state it was evaluated in. */
  private readonly substitutedValues = new WeakMap<Expr, { readonly state: Context["state"]; readonly value: Value }>();
  private readonly constantValues = new Map<string, Value>();

  constructor(
    readonly module: Module,
    readonly constants: ReadonlyMap<string, Value>,
    /** `CONSTANT Name <- Op` of the config: the constant stands for a definition. */
    readonly substitutions: ReadonlyMap<string, string> = new Map(),
  ) {
    this.slots = new Map(module.variables.map((v, i) => [v, i]));
  }

  /**
   * The level of an expression where `isBound` names are bound to values
   * (quantified variables: constants) and `locals` are the LET definitions in
   * scope: 0 constant, 1 state, 2 action (as SANY's levels, which TLC reads to
   * decide whether to name an action after the operator it applies).
   */
  expressionLevel(e: Expr, isBound: (name: string) => boolean, locals?: Locals, depth = 0): 0 | 1 | 2 {
    const { primed, names } = this.freeNamesOf(e);
    if (primed) return 2;
    let level: 0 | 1 | 2 = 0;
    for (const name of names) {
      if (isBound(name)) continue;
      const local = locals?.get(name);
      if (local) level = Math.max(level, depth > 20 ? 1 : this.expressionLevel(local.body, (n) => local.params.includes(n) || local.env.has(n), local.locals, depth + 1)) as 0 | 1 | 2;
      else if (this.slots.has(name)) level = Math.max(level, 1) as 0 | 1;
      else if (this.definition(name)) level = Math.max(level, this.levelOf(name)) as 0 | 1 | 2;
      if (level === 2) break;
    }
    return level;
  }

  private readonly freeNames = new WeakMap<Expr, { readonly primed: boolean; readonly names: readonly string[] }>();

  /** The names an expression mentions that it does not bind itself, and whether it has a prime, UNCHANGED or ENABLED (kept per expression). */
  private freeNamesOf(e: Expr): { readonly primed: boolean; readonly names: readonly string[] } {
    const known = this.freeNames.get(e);
    if (known) return known;
    let primed = false;
    const names = new Set<string>();
    const inner = new Set<string>();
    const visit = (x: unknown): void => {
      if (x === null || typeof x !== "object") return;
      if (Array.isArray(x)) return x.forEach(visit);
      const node = x as { kind?: string; name?: string; bounds?: readonly Bound[]; bound?: Bound; params?: readonly string[] };
      if (node.kind === "prime" || node.kind === "unchanged" || node.kind === "enabled" || node.kind === "stutter") primed = true;
      for (const b of node.bounds ?? (node.bound ? [node.bound] : [])) b.names.forEach((n) => inner.add(n));
      if (node.kind === "lambda") node.params?.forEach((n) => inner.add(n));
      if ((node.kind === "ref" || node.kind === "apply") && node.name !== undefined && !inner.has(node.name)) names.add(node.name);
      for (const [k, v] of Object.entries(node)) if (k !== "at") visit(v);
    };
    visit(e);
    const result = { primed, names: [...names] };
    this.freeNames.set(e, result);
    return result;
  }

  /** Whether a definition mentions primes, UNCHANGED or ENABLED, directly or through the definitions it uses. */
  isActionLevel(name: string): boolean {
    return this.definition(name) !== undefined && this.levelOf(name) === 2;
  }

  /**
   * A definition's level: 0 when it mentions no variable (directly or through
   * the definitions it uses), so that applied to constant arguments its value
   * never changes; 1 when it mentions variables but no primes, UNCHANGED or
   * ENABLED, so that its value depends on the state alone; 2 otherwise.
   * Zero-arity definitions of level 0 are computed once (as TLC does at
   * startup), those of level 1 once per state.
   */
  private levelOf(name: string): 0 | 1 | 2 {
    const known = this.definitionLevels.get(name);
    if (known !== undefined) return known;
    const def = this.definition(name);
    if (def === undefined) return 2;
    // A recursive definition's level is the least fixpoint: a reference to a definition still being computed counts 0.
    // Levels found inside such a cycle are provisional (they may lean on an unfinished one): only the cycle's head keeps its.
    const depth = this.levelStack.length;
    this.levelStack.push(name);
    let cycleAt = Infinity;
    let level: 0 | 1 | 2 = 0;
    const visit = (e: unknown): void => {
      if (level === 2 || e === null || typeof e !== "object") return;
      if (Array.isArray(e)) {
        for (const x of e) visit(x);
        return;
      }
      const node = e as { kind?: string; name?: string };
      if (node.kind === "prime" || node.kind === "unchanged" || node.kind === "enabled" || node.kind === "stutter") level = 2;
      if ((node.kind === "ref" || node.kind === "apply") && node.name !== undefined && !def.params.includes(node.name)) {
        if (this.slots.has(node.name)) level = Math.max(level, 1) as 0 | 1;
        else if (this.definition(node.name)) {
          const pending = this.levelStack.indexOf(node.name);
          if (pending >= 0) cycleAt = Math.min(cycleAt, pending);
          else {
            level = Math.max(level, this.levelOf(node.name)) as 0 | 1 | 2;
            cycleAt = Math.min(cycleAt, this.innerCycleAt);
          }
        } else if (node.name === "TLCGet" || node.name.startsWith("\u0000")) level = 2; // TLCGet("distinct") and the like change as the search goes
      }
      for (const [k, v] of Object.entries(node)) if (k !== "at") visit(v);
    };
    visit(def.body);
    this.levelStack.pop();
    if (cycleAt >= depth) this.definitionLevels.set(name, level);
    this.innerCycleAt = cycleAt >= depth ? Infinity : cycleAt;
    return level;
  }

  /** The definitions whose levels are being computed, outermost first. */
  private readonly levelStack: string[] = [];
  /** Set by levelOf on return: the depth of the unfinished definition its result leaned on (Infinity: none). */
  private innerCycleAt = Infinity;

  fail(e: Expr, problem: string, code = "EXPLORER_EVAL"): never {
    throw new ExplorerError(where(e), problem, code);
  }

  /** An arithmetic result, or TLC's overflow error past 32-bit integers. */
  intResult(n: number, e: Expr, what: string): Value {
    if (n > 2147483647 || n < -2147483648) this.fail(e, `integer overflow: ${what} is outside TLC's range -2^31..2^31-1`, "EXPLORER_OVERFLOW");
    return int(n);
  }

  definition(name: string): Definition | undefined {
    return this.module.definitions.get(this.substitutions.get(name) ?? name);
  }

  asBool(e: Expr, ctx: Context): boolean {
    const v = this.eval(e, ctx);
    if (v.kind !== "bool") this.fail(e, `expected a boolean, found ${printValue(v)}`);
    return v.value;
  }

  asInt(e: Expr, ctx: Context): number {
    const v = this.eval(e, ctx);
    if (v.kind !== "int") this.fail(e, `expected an integer, found ${printValue(v)}`);
    return v.value;
  }

  /** The elements of a set, in the order it was built (enumeration order needs no canonical sort). */
  elements(e: Expr, ctx: Context): readonly Value[] {
    return this.elementsOf(this.eval(e, ctx), e);
  }

  /**
   * Calls `visit` with each binding of a list of bounds, in order, until it
   * returns true (then returns true). The same map is passed each time,
   * updated: use it before returning.
   */
  eachBinding(bounds: readonly Bound[], ctx: Context, visit: (env: Map<string, Value>) => boolean | void, ordered = false): boolean {
    const only = bounds.length === 1 && !bounds[0]!.tuple && bounds[0]!.names.length === 1 ? bounds[0]! : undefined;
    if (only) {
      // The common `\E x \in S`, without the general case's bookkeeping.
      const env = extend(ctx.env);
      const name = only.names[0]!;
      for (const v of ordered ? this.orderedElements(this.eval(only.set, ctx), only.set) : this.elements(only.set, ctx)) {
        env.set(name, v);
        if (visit(env) === true) return true;
      }
      return false;
    }
    // One slot per bound name, or per tuple pattern `<<x, y>> \in S`.
    const slots: { names: readonly string[]; set: Expr; tuple: boolean }[] = [];
    for (const b of bounds) {
      if (b.tuple) slots.push({ names: b.names, set: b.set, tuple: true });
      else for (const name of b.names) slots.push({ names: [name], set: b.set, tuple: false });
    }
    const env = extend(ctx.env);
    const scoped: Context = { ...ctx, env };
    const go = (i: number): boolean => {
      if (i === slots.length) return visit(env) === true;
      const slot = slots[i]!;
      for (const v of ordered ? this.orderedElements(this.eval(slot.set, scoped), slot.set) : this.elements(slot.set, scoped)) {
        if (slot.tuple) {
          if (v.kind !== "seq" || v.elements.length !== slot.names.length) this.fail(slot.set, `expected tuples of ${slot.names.length} components to bind <<${slot.names.join(", ")}>>, found ${printValue(v)}`);
          slot.names.forEach((n, j) => env.set(n, v.elements[j]!));
        } else env.set(slot.names[0]!, v);
        if (go(i + 1)) return true;
      }
      for (const n of slot.names) env.delete(n);
      return false;
    };
    return go(0);
  }

  /** The value a bound stands for in a binding: the variable, or the tuple of a tuple pattern or of several names. */
  boundValue(bounds: readonly Bound[], env: ReadonlyMap<string, Value>): Value {
    if (bounds.length === 1 && !bounds[0]!.tuple && bounds[0]!.names.length === 1) return env.get(bounds[0]!.names[0]!)!;
    if (bounds.length === 1 && bounds[0]!.tuple) return seq(bounds[0]!.names.map((n) => env.get(n)!));
    return seq(bounds.flatMap((b) => b.names).map((n) => env.get(n)!));
  }

  /** Resolves a name: bound variable, state variable, constant, or zero-arity definition. */
  lookup(name: string, e: Expr, ctx: Context): Value {
    const bound = ctx.env.get(name);
    if (bound !== undefined) return bound;
    const local = ctx.locals?.get(name);
    if (local !== undefined) {
      if (!("letValue" in local)) return this.call(local, [], e, ctx);
      const memo = local.letValue;
      if (memo !== undefined && memo.state === ctx.state && memo.next === ctx.next && memo.at === ctx.at) return memo.value;
      const value = this.call(local, [], e, ctx);
      local.letValue = { state: ctx.state, next: ctx.next, at: ctx.at, value };
      return value;
    }
    const slot = this.slots.get(name);
    if (slot !== undefined) {
      const v = ctx.state[slot];
      if (v === undefined) this.fail(e, `${name} has no value yet`);
      return v;
    }
    const c = this.substitutions.has(name) ? undefined : this.constants.get(name);
    if (c !== undefined) return c;
    const def = this.definition(name);
    if (def !== undefined) {
      if (def.params.length > 0) this.fail(e, `${name} needs ${def.params.length} argument(s)`);
      const cached = this.constantValues.get(name);
      if (cached !== undefined) return cached;
      const perState = this.stateValues.get(name);
      if (perState !== undefined && perState.state === ctx.state) return perState.value;
      const v = this.eval(def.body, { ...ctx, env: EMPTY, locals: undefined });
      const level = this.levelOf(name);
      if (level === 0) this.constantValues.set(name, v);
      else if (level === 1) this.stateValues.set(name, { state: ctx.state, value: v });
      return v;
    }
    const substitute = this.substitutions.get(name);
    if (substitute === "Nat" || substitute === "Int" || substitute === "STRING") return INFINITE_SETS[substitute];
    if (substitute === "BOOLEAN") return set([FALSE, TRUE]);
    return this.builtin(substitute ?? name, [], e, ctx);
  }

  /** TLC's typed model values (`p_1` has type p) are compared only with model values of their own type. */
  private checkModelValueTypes(a: Value, b: Value, e: Expr): void {
    const typeOf = (v: Value): string | undefined => (v.kind === "model" && v.name.length > 2 && v.name[1] === "_" ? v.name[0] : undefined);
    const ta = typeOf(a);
    const tb = typeOf(b);
    if (ta === undefined && tb === undefined) return;
    if (a.kind === "model" && b.kind === "model") {
      if (ta !== undefined && tb !== undefined && ta !== tb) this.fail(e, `Attempted to check equality of the differently-typed model values ${printValue(a)} and ${printValue(b)}`, "EXPLORER_TYPED_MODEL_VALUE");
      return;
    }
    const typed = ta !== undefined ? a : b;
    const other = ta !== undefined ? b : a;
    this.fail(e, `Attempted to check equality of the typed model value ${printValue(typed)} and the non-model value ${printValue(other)}`, "EXPLORER_TYPED_MODEL_VALUE");
  }

  apply(name: string, args: readonly Expr[], e: Expr, ctx: Context): Value {
    if (name.startsWith("\u0000unsupported:")) throw new ExplorerError(where(e), name.slice("\u0000unsupported:".length).replace(/^[^:]*:\d+:\d+: /, ""), "EXPLORER_UNSUPPORTED");
    const local = ctx.locals?.get(name);
    if (local !== undefined) return this.call(local, args, e, ctx);
    const def = this.definition(name);
    if (def !== undefined) return this.call(this.closureOf(def), args, e, ctx);
    if (name === "Seq" && args.length === 1) return this.seqSet(this.eval(args[0]!, ctx), e);
    return this.builtin(name, args, e, ctx);
  }

  private readonly closures = new Map<Definition, Closure>();

  /** The closure of a module-level definition (made once). */
  closureOf(def: Definition): Closure {
    let c = this.closures.get(def);
    if (c === undefined) {
      c = { params: def.params, operatorParams: def.operatorParams, body: def.body, env: EMPTY, locals: undefined };
      this.closures.set(def, c);
    }
    return c;
  }

  /** The operator an argument names: a definition, an operator in scope, or a LAMBDA. */
  operatorArgument(arg: Expr, ctx: Context): Closure {
    if (arg.kind === "lambda") return { params: arg.params, operatorParams: arg.params.map(() => false), body: arg.body, env: ctx.env, locals: ctx.locals };
    if (arg.kind === "ref") {
      const local = ctx.locals?.get(arg.name);
      if (local) return local;
      const def = this.definition(arg.name);
      if (def) return this.closureOf(def);
      const native = this.builtins.get(arg.name);
      if (native) {
        // A built-in passed as an argument (FoldFunction(Add, 0, f)): a closure that applies it to its parameters.
        const params = Array.from({ length: native.arity }, (_, i) => `\u0000arg${i}`);
        return { params, operatorParams: params.map(() => false), body: { kind: "apply", name: arg.name, args: params.map((p) => ({ kind: "ref", name: p, at: arg.at })), at: arg.at }, env: ctx.env, locals: ctx.locals };
      }
    }
    return this.fail(arg, "expected an operator name or LAMBDA as this argument");
  }

  /** Binds a closure's parameters (values, or operators for `F(_)` parameters) to the arguments. */
  bind(closure: Closure, args: readonly Expr[], e: Expr, ctx: Context): Context {
    if (closure.params.length !== args.length) this.fail(e, `takes ${closure.params.length} argument(s), not ${args.length}`);
    if (args.length === 0) return ctx.env === closure.env && ctx.locals === closure.locals ? ctx : { ...ctx, env: closure.env, locals: closure.locals };
    const env = extend(closure.env);
    let locals: Map<string, Closure> | undefined;
    for (let i = 0; i < args.length; i++) {
      const p = closure.params[i]!;
      if (closure.operatorParams[i]) {
        locals ??= new Map(closure.locals ?? []);
        locals.set(p, this.operatorArgument(args[i]!, ctx));
      } else env.set(p, this.eval(args[i]!, ctx));
    }
    return { ...ctx, env, locals: locals ?? closure.locals };
  }

  /** Binds a closure's value parameters to values already computed (operators passed to built-ins). */
  bindValues(closure: Closure, values: readonly Value[], e: Expr, ctx: Context): Context {
    if (closure.params.length !== values.length) this.fail(e, `takes ${closure.params.length} argument(s), not ${values.length}`);
    const env = extend(closure.env);
    closure.params.forEach((p, i) => env.set(p, values[i]!));
    return { ...ctx, env, locals: closure.locals };
  }

  call(closure: Closure, args: readonly Expr[], e: Expr, ctx: Context): Value {
    try {
      return this.eval(closure.body, this.bind(closure, args, e, ctx));
    } catch (err) {
      // Runaway recursion exhausts JavaScript's stack: report it where the recursion is, as TLC does.
      if (err instanceof RangeError) this.fail(e, "the recursion here does not end (the evaluation stack is exhausted): check the recursive definition's base case", "EXPLORER_RECURSION");
      throw err;
    }
  }

  /** The natively implemented operators in scope (the modules the spec extends, or all of them). */
  private builtinsInScope: ReadonlyMap<string, BuiltinOperator> | undefined;
  private get builtins(): ReadonlyMap<string, BuiltinOperator> {
    return (this.builtinsInScope ??= builtinOperators(this.module.builtinModules ?? BUILTIN_MODULES.keys()));
  }

  /** The host a built-in operator calls back into, failing at `e`. */
  private hostAt(e: Expr): BuiltinHost {
    return {
      fail: (problem) => this.fail(e, problem),
      elements: (v) => (v.kind === "set" ? v.elements : isSet(v) ? setElements(v) : this.fail(e, `expected a set, found ${printValue(v)}`)),
      member: (x, s) => this.memberOf(x, s, e),
      isSet: (v) => isSet(v),
      tlcGet: (name) => {
        if (name === "level") return int(this.level);
        // Specs that use \cdot check that TLC's action composition is switched on; the explorer always has it.
        if (name === "-Dtlc2.tool.impl.Tool.cdot") return str("true");
        return this.tlcGetHook?.(name);
      },
      print: (text) => this.printHook(text),
    };
  }

  builtin(name: string, args: readonly Expr[], e: Expr, ctx: Context): Value {
    const native = this.builtins.get(name);
    if (native !== undefined) {
      if (native.arity !== args.length) this.fail(e, `${name} takes ${native.arity} argument(s), not ${args.length}`);
      const values = args.map((a, i): Value | OperatorArgument => {
        if (!native.operatorParams?.[i]) return this.eval(a, ctx);
        const closure = this.operatorArgument(a, ctx);
        return (xs) => this.eval(closure.body, this.bindValues(closure, xs, e, ctx));
      });
      return native.evaluate(values, this.hostAt(e));
    }
    // Every standard and community operator is in the registry (builtins/); a name reaching here is unknown. It is
    // the spec's mistake (SANY refuses it too), unless a community module the spec extends is read natively without
    // its .tla, where an operator the registry lacks could be: only then may TLC help.
    const nativeModules = this.module.builtinModules ?? [...BUILTIN_MODULES.keys()];
    const community = nativeModules.filter((m) => BUILTIN_MODULES.has(m) && !STANDARD_MODULES.has(m));
    if (community.length > 0) {
      return this.fail(e, `${name} is not defined here, nor an operator of ${community.join(", ")} as the explorer implements ${community.length === 1 ? "it" : "them"}`, "EXPLORER_UNSUPPORTED");
    }
    const known = [...ctx.env.keys(), ...this.module.variables, ...this.module.constants, ...this.module.definitions.keys(), ...this.builtins.keys()].filter((d) => !d.includes("!"));
    throw new ExplorerError(where(e), `${name} is not defined in the spec or the modules it extends${didYouMean(name, known)}: define it, or EXTENDS the module that defines it`, "EXPLORER_UNDEFINED");
  }

  eval(e: Expr, ctx: Context): Value {
    switch (e.kind) {
      case "num":
      case "str": {
        // A literal's value is made once: its hash is not free.
        let v = this.literals.get(e);
        if (v === undefined) this.literals.set(e, (v = e.kind === "num" ? int(e.value) : str(e.value)));
        return v;
      }
      case "bool":
        return bool(e.value);
      case "boolSet":
        return set([FALSE, TRUE]);
      case "at":
        if (ctx.at === undefined) this.fail(e, "@ outside EXCEPT");
        return ctx.at;
      case "ref":
        return this.lookup(e.name, e, ctx);
      case "apply":
        return this.apply(e.name, e.args, e, ctx);
      case "prime": {
        if (e.arg.kind !== "ref" || !this.slots.has(e.arg.name) || ctx.env.has(e.arg.name)) {
          // e' for an expression: e evaluated in the next state.
          if (ctx.next === undefined) this.fail(e, "a primed expression outside an action");
          return this.eval(e.arg, { ...ctx, state: ctx.next, next: undefined });
        }
        const v = ctx.next?.[this.slots.get(e.arg.name)!];
        if (v === undefined) this.fail(e, `${e.arg.name}' is used before the action assigns it`);
        return v;
      }
      case "and":
        for (const item of e.items) if (!this.asBool(item, ctx)) return FALSE;
        return TRUE;
      case "or":
        for (const item of e.items) if (this.asBool(item, ctx)) return TRUE;
        return FALSE;
      case "quant": {
        const scoped = { ...ctx };
        const decided = this.eachBinding(e.bounds, ctx, (env) => {
          (scoped as { env: Env }).env = env;
          return this.asBool(e.body, scoped) === (e.q === "exists");
        });
        return bool(e.q === "exists" ? decided : !decided);
      }
      case "setEnum":
        return set(e.items.map((i) => this.eval(i, ctx)));
      case "tuple":
        return seq(e.items.map((i) => this.eval(i, ctx)));
      case "fnLit": {
        const only = e.bounds.length === 1 && e.bounds[0]!.names.length === 1 && !e.bounds[0]!.tuple ? e.bounds[0]! : undefined;
        if (only) {
          const base = this.eval(only.set, ctx);
          if (base instanceof LazySet && base.infinite) {
            // [n \in Nat |-> e] is computed where it is applied.
            const name = only.names[0]!;
            return new LazyFunction(base, (k) => base.contains(k), (k) => this.eval(e.body, { ...ctx, env: extend(ctx.env).set(name, k) }), equals, () => this.elementsOf(base, e));
          }
        }
        const domain: Value[] = [];
        const values: Value[] = [];
        this.eachBinding(e.bounds, ctx, (env) => {
          domain.push(this.boundValue(e.bounds, env));
          values.push(this.eval(e.body, { ...ctx, env }));
        });
        return fn(domain, values);
      }
      case "product":
        return this.product(e.sets.map((x) => this.eval(x, ctx)), e);
      case "enabled":
        if (!this.enabledHook) this.fail(e, "ENABLED is not available here");
        return bool(this.enabledHook(e.action, ctx));
      case "recursiveFunction":
        return this.functionDefinition(e, ctx);
      case "fnApp": {
        const f = this.eval(e.fn, ctx);
        const key = e.args.length === 1 ? this.eval(e.args[0]!, ctx) : seq(e.args.map((a) => this.eval(a, ctx)));
        return this.applyFunction(f, key, e);
      }
      case "record":
        return record(
          e.fields,
          e.values.map((v) => this.eval(v, ctx)),
        );
      case "recordSet": {
        const sets = e.sets.map((x) => this.eval(x, ctx));
        return this.recordSet(e.fields, sets, e);
      }
      case "fnSet":
        return this.functionSet(this.eval(e.domain, ctx), this.eval(e.range, ctx), e);
      case "field": {
        const r = this.eval(e.record, ctx);
        return this.applyFunction(r, str(e.field), e);
      }
      case "except": {
        let value = this.eval(e.base, ctx);
        for (const u of e.updates) value = this.update(value, u, 0, ctx);
        return value;
      }
      case "if":
        return this.asBool(e.cond, ctx) ? this.eval(e.then, ctx) : this.eval(e.else, ctx);
      case "let":
        return this.eval(e.body, this.withLet(e, ctx));
      case "case": {
        for (const arm of e.arms) if (this.asBool(arm.guard, ctx)) return this.eval(arm.value, ctx);
        if (e.other) return this.eval(e.other, ctx);
        return this.fail(e, "no CASE arm applies and there is no OTHER");
      }
      case "choose": {
        if (!e.bound.tuple && e.bound.names.length === 1) {
          // Most CHOOSEs take the first element (CHOOSE x \in S : TRUE, or a unique one): try the least before sorting.
          const elements = this.elements(e.bound.set, ctx);
          let least: Value | undefined;
          for (const x of elements) if (least === undefined || this.compareAsTlc(x, least) < 0) least = x;
          if (least !== undefined && this.asBool(e.body, { ...ctx, env: extend(ctx.env).set(e.bound.names[0]!, least) })) return least;
        }
        let chosen: Value | undefined;
        this.eachBinding([e.bound], ctx, (env) => {
          if (!this.asBool(e.body, { ...ctx, env })) return false;
          chosen = this.boundValue([e.bound], env);
          return true;
        }, true); // CHOOSE takes the first element in TLC's order of values, not in the order the set was built
        if (chosen === undefined) this.fail(e, "CHOOSE found no value that satisfies its condition");
        return chosen;
      }
      case "setMap": {
        const out: Value[] = [];
        this.eachBinding(e.bounds, ctx, (env) => void out.push(this.eval(e.body, { ...ctx, env })));
        return set(out);
      }
      case "setFilter": {
        const base = this.eval(e.bound.set, ctx);
        if (base instanceof LazySet && !e.bound.tuple && e.bound.names.length === 1) {
          // {x \in Nat : P(x)} stays a membership test, and so does {f \in [S -> T] : P(f)}: enumerated only if needed.
          const name = e.bound.names[0]!;
          const holds = (x: Value): boolean => this.asBool(e.body, { ...ctx, env: extend(ctx.env).set(name, x) });
          return new LazySet(
            () => `{${name} \\in ${base.description} : ...}`,
            (x) => base.contains(x) && holds(x),
            base.infinite ? undefined : () => base.elements.filter(holds),
            base.infinite ? Infinity : undefined,
            true,
          );
        }
        const out: Value[] = [];
        this.eachBinding([e.bound], ctx, (env) => {
          if (this.asBool(e.body, { ...ctx, env })) out.push(this.boundValue([e.bound], env));
        });
        return set(out);
      }
      case "infiniteSet": {
        // The config may override even these (Nat <- MCNat, as TLC allows).
        const def = this.substitutions.has(e.which) ? this.definition(e.which) : undefined;
        return def ? this.eval(def.body, { ...ctx, env: EMPTY }) : INFINITE_SETS[e.which];
      }
      case "lambda":
        return this.fail(e, "LAMBDA can only be an operator's argument");
      case "stutter": {
        // As a formula over two states: [A]_v is A \/ v' = v, <<A>>_v is A /\ v' # v.
        const changed = () => !equals(this.eval({ kind: "prime", arg: e.vars, at: NOWHERE } as Expr, ctx), this.eval(e.vars, ctx));
        return bool(e.allowStutter ? this.asBool(e.action, ctx) || !changed() : this.asBool(e.action, ctx) && changed());
      }
      case "unchanged":
        // As a formula over a step (action properties, ENABLED): e' = e.
        if (ctx.next === undefined) this.fail(e, "UNCHANGED outside an action");
        return bool(equals(this.eval({ kind: "prime", arg: e.arg, at: where(e) }, ctx), this.eval(e.arg, ctx)));
      case "substituted": {
        // Evaluated as the instancing module's expression it is: outside any binder of the instance's body.
        const cached = this.substitutedValues.get(e);
        if (cached !== undefined && cached.state === ctx.state) return cached.value;
        const value = this.eval(e.expr, { env: EMPTY, state: ctx.state, next: undefined });
        this.substitutedValues.set(e, { state: ctx.state, value });
        return value;
      }
      case "prefix":
        return this.prefix(e, ctx);
      case "infix":
        return this.infix(e, ctx);
    }
  }

  /**
   * `f[x \in S] == e`: the function, which may call itself. Over a finite
   * domain it is computed whole (each point once); over an infinite one it
   * stays lazy and is computed where it is applied, as TLC does.
   */
  functionDefinition(e: Extract<Expr, { kind: "recursiveFunction" }>, ctx: Context): Value {
    const sets = e.bounds.flatMap((b) => (b.tuple ? [this.eval(b.set, ctx)] : b.names.map(() => this.eval(b.set, ctx))));
    const domain = sets.length === 1 ? sets[0]! : this.product(sets, e);
    const names = e.bounds.flatMap((b) => b.names);
    const single = names.length === 1 && !e.bounds[0]!.tuple;
    const env = extend(ctx.env);
    const inner: Context = { ...ctx, env };
    const self: LazyFunction = new LazyFunction(
      domain,
      (k) => this.memberOf(k, domain, e),
      (k) => {
        const local = new Map(env);
        if (single) local.set(names[0]!, k);
        else if (k.kind === "seq" && k.elements.length === names.length) names.forEach((n, i) => local.set(n, k.elements[i]!));
        else this.fail(e, `${printValue(k)} is not in the domain of ${e.name}`);
        return this.eval(e.body, { ...inner, env: local });
      },
      equals,
      () => this.elementsOf(domain, e),
    );
    env.set(e.name, self);
    if (domain instanceof LazySet && domain.infinite) return self;
    return self.force();
  }

  /** The context inside a LET: its definitions as closures over the current scope (later ones see earlier ones). */
  withLet(e: Extract<Expr, { kind: "let" }>, ctx: Context): Context {
    const locals = new Map(ctx.locals ?? []);
    const inner: Context = { ...ctx, locals };
    for (const d of e.definitions) {
      const closure: Closure = { params: d.params, operatorParams: d.operatorParams, body: d.body, env: ctx.env, locals };
      if (d.params.length === 0) closure.letValue = undefined; // computed once, on first use
      locals.set(d.name, closure);
    }
    return inner;
  }

  private prefix(e: Extract<Expr, { kind: "prefix" }>, ctx: Context): Value {
    switch (e.op) {
      case "lnot":
        return bool(!this.asBool(e.arg, ctx));
      case "negative":
        return int(-this.asInt(e.arg, ctx));
      case "powerset":
        return this.powerset(this.eval(e.arg, ctx), e);
      case "union": {
        // UNION {S1, ..., Sn} with an infinite Si stays a membership test (TLC's TypeOk idiom UNION {[D -> Int]}).
        const parts = e.arg.kind === "setEnum" ? e.arg.items.map((i) => this.eval(i, ctx)) : this.elements(e.arg, ctx);
        if (parts.some((p) => p instanceof LazySet)) {
          // Kept unevaluated like its parts: TypeOk's `r \in UNION {[D -> S]}` is a membership test, never an enumeration.
          const infinite = parts.some((p) => p instanceof LazySet && p.infinite);
          return new LazySet(
            () => `UNION {${parts.map(printLazy).join(", ")}}`,
            (x) => parts.some((p) => this.memberOf(x, p, e)),
            infinite ? undefined : () => parts.flatMap((p) => (isSet(p) ? [...this.elementsOf(p, e)] : this.fail(e, "UNION of a non-set"))),
            infinite ? Infinity : undefined,
          );
        }
        return set(parts.flatMap((p) => (isSet(p) ? [...this.elementsOf(p, e)] : this.fail(e, "UNION of a non-set"))));
      }
      case "domain": {
        const f = this.eval(e.arg, ctx);
        if (f instanceof LazyFunction) return f.domainSet;
        if (f.kind === "seq") return interval(1, f.elements.length);
        if (f.kind === "record") return set(f.fields.map(str));
        if (f.kind === "function") return set(f.domain);
        return this.fail(e, `DOMAIN of ${printValue(f)}`);
      }
      default:
        return this.fail(e, `unsupported operator ${e.op}`);
    }
  }

  private infix(e: Extract<Expr, { kind: "infix" }>, ctx: Context): Value {
    const l = (): Value => this.eval(e.lhs, ctx);
    const r = (): Value => this.eval(e.rhs, ctx);
    const li = (): number => this.asInt(e.lhs, ctx);
    const ri = (): number => this.asInt(e.rhs, ctx);
    switch (e.op) {
      case "=":
      case "#": {
        const a = l();
        const b = r();
        if (a.kind === "model" || b.kind === "model") this.checkModelValueTypes(a, b, e);
        return bool(equals(a, b) === (e.op === "="));
      }
      case "<":
        return bool(li() < ri());
      case "<=":
        return bool(li() <= ri());
      case ">":
        return bool(li() > ri());
      case ">=":
        return bool(li() >= ri());
      case "+": {
        const a = li();
        const b = ri();
        return this.intResult(a + b, e, `${a} + ${b}`);
      }
      case "-": {
        const a = li();
        const b = ri();
        return this.intResult(a - b, e, `${a} - ${b}`);
      }
      case "*": {
        const a = li();
        const b = ri();
        return this.intResult(a * b, e, `${a} * ${b}`);
      }
      case "\\div": {
        const a = li();
        const b = ri();
        if (b === 0) this.fail(e, `division by zero: ${a} \\div 0`, "EXPLORER_DIVISION_BY_ZERO");
        return int(Math.floor(a / b));
      }
      case "%": {
        const a = li();
        const m = ri();
        if (m <= 0) this.fail(e, m === 0 ? `division by zero: ${a} % 0` : `${a} % ${m}: the modulus must be positive`, "EXPLORER_DIVISION_BY_ZERO");
        return int(((a % m) + m) % m);
      }
      case "..":
        return interval(li(), ri());
      case "\\in":
      case "\\notin": {
        const member = this.member(l(), e.rhs, ctx);
        return bool(e.op === "\\in" ? member : !member);
      }
      case "\\cup":
      case "\\cap":
      case "\\": {
        // With an infinite operand (Int \cup {-1}, Nat \ {0}) the result stays a membership test.
        const a = l();
        const b = r();
        const infinite = (v: Value): boolean => v instanceof LazySet && v.infinite;
        if (infinite(a) || infinite(b)) return this.lazySetAlgebra(e.op, a, b, e);
        if (e.op === "\\cup") return set([...this.elementsOf(a, e), ...this.elementsOf(b, e)]);
        if (e.op === "\\cap") return set(this.elementsOf(a, e).filter((x) => this.memberOf(x, b, e)));
        return set(this.elementsOf(a, e).filter((x) => !this.memberOf(x, b, e)));
      }
      case "\\subseteq": {
        const b = r();
        return bool(this.elements(e.lhs, ctx).every((x) => this.memberOf(x, b, e.rhs)));
      }
      case "\\supseteq": {
        const a = l();
        return bool(this.elements(e.rhs, ctx).every((x) => this.memberOf(x, a, e.lhs)));
      }
      case "\\subset":
      case "\\supset": {
        const [small, big] = e.op === "\\subset" ? [e.lhs, e.rhs] : [e.rhs, e.lhs];
        const a = this.elements(small, ctx);
        const b = this.elements(big, ctx);
        return bool(a.length < b.length && a.every((x) => b.some((y) => equals(x, y))));
      }
      case "^": {
        const base = li();
        const exp = ri();
        if (exp < 0) this.fail(e, `${base}^${exp}: the exponent must be a natural number`);
        if (base === 0 && exp === 0) this.fail(e, "0^0 is undefined");
        return this.intResult(base ** exp, e, `${base}^${exp}`);
      }
      case "\\o": {
        const a = l();
        const b = r();
        if (a.kind === "string" && b.kind === "string") return str(a.value + b.value);
        if (a.kind === "seq" && b.kind === "seq") return seq([...a.elements, ...b.elements]);
        return this.fail(e, `\\o of ${printValue(a)} and ${printValue(b)}`);
      }
      case ":>":
        return fn([l()], [r()]);
      case "@@": {
        const a = this.functionEntries(l(), e);
        const b = this.functionEntries(r(), e);
        const keys = [...a.keys];
        const values = [...a.values];
        b.keys.forEach((k, i) => {
          if (!keys.some((x) => equals(x, k))) {
            keys.push(k);
            values.push(b.values[i]!);
          }
        });
        return fn(keys, values);
      }
      case "=>":
        return bool(!this.asBool(e.lhs, ctx) || this.asBool(e.rhs, ctx));
      case "<=>":
        return bool(this.asBool(e.lhs, ctx) === this.asBool(e.rhs, ctx));
      default:
        return this.fail(e, `unsupported operator ${e.op}`);
    }
  }

  /**
   * Whether v is in the set S denotes, without enumerating S where its shape
   * allows (`[S -> T]`, `[a : S]`, `SUBSET S`, `BOOLEAN`, `a..b`, unions...):
   * TypeOK-style invariants would otherwise build huge sets in every state.
   */
  member(v: Value, s: Expr, ctx: Context): boolean {
    switch (s.kind) {
      case "boolSet":
        return v.kind === "bool";
      case "setEnum":
        return s.items.some((i) => equals(this.eval(i, ctx), v));
      case "infix":
        if (s.op === "..") return v.kind === "int" && v.value >= this.asInt(s.lhs, ctx) && v.value <= this.asInt(s.rhs, ctx);
        if (s.op === "\\cup") return this.member(v, s.lhs, ctx) || this.member(v, s.rhs, ctx);
        if (s.op === "\\cap") return this.member(v, s.lhs, ctx) && this.member(v, s.rhs, ctx);
        if (s.op === "\\") return this.member(v, s.lhs, ctx) && !this.member(v, s.rhs, ctx);
        break;
      case "ref": {
        const def = !ctx.env.has(s.name) && !this.slots.has(s.name) && !this.constants.has(s.name) ? this.definition(s.name) : undefined;
        // A constant set is computed once (and kept lazy if it is a membership test); any other is tested through its definition.
        if (def && def.params.length === 0) return this.levelOf(s.name) === 0 ? this.memberOf(v, this.lookup(s.name, s, ctx), s) : this.member(v, def.body, { ...ctx, env: EMPTY, locals: undefined });
        break;
      }
      default:
        break;
    }
    return this.memberOf(v, this.eval(s, ctx), s);
  }

  /** Whether x is in the set value s (lazy sets by their membership test). */
  memberOf(x: Value, s: Value, e: Expr): boolean {
    if (s instanceof LazySet) return s.contains(x);
    if (s.kind === "interval") return x.kind === "int" && x.value >= s.low && x.value <= s.high;
    if (s.kind !== "set") this.fail(e, `expected a set on the right of \\in, found ${printValue(s)}`);
    return s.elements.some((y) => equals(x, y));
  }

  /** The elements of a set value, with a located error for an infinite or non-set one. */
  elementsOf(s: Value, e: Expr): readonly Value[] {
    if (s.kind === "interval") return setElements(s);
    if (s.kind !== "set") this.fail(e, `expected a set, found ${printValue(s)}`);
    try {
      return s.elements;
    } catch (err) {
      if (err instanceof InfiniteSetError) this.fail(e, err.message);
      throw err;
    }
  }

  /** The elements of a set in canonical (sorted) order, as TLC enumerates a normalized set. */
  orderedElements(s: Value, e: Expr): readonly Value[] {
    const elements = s.kind === "set" || s.kind === "interval" ? setElements(s) : this.elementsOf(s, e);
    if (s instanceof LazySet) return [...elements].sort((a, b) => this.compareAsTlc(a, b));
    return this.modelValueOrder.size > 0 && elements.some((x) => x.kind === "model") ? [...elements].sort((a, b) => this.compareAsTlc(a, b)) : elements;
  }

  /** Model values in the order TLC made them (as the config names them): TLC orders model values so, not by name. */
  modelValueOrder: ReadonlyMap<string, number> = new Map();

  private compareAsTlc(a: Value, b: Value): number {
    if (a.kind === "model" && b.kind === "model") {
      const ia = this.modelValueOrder.get(a.name);
      const ib = this.modelValueOrder.get(b.name);
      if (ia !== undefined && ib !== undefined) return ia - ib;
    }
    return compareValues(a, b);
  }

  /** `A \\cup B`, `A \\cap B`, `A \\ B` where A or B is infinite: a membership test, enumerable when the result is finite. */
  private lazySetAlgebra(op: string, a: Value, b: Value, e: Expr): Value {
    const infinite = (v: Value): boolean => v instanceof LazySet && v.infinite;
    const contains =
      op === "\\cup" ? (x: Value) => this.memberOf(x, a, e) || this.memberOf(x, b, e) : op === "\\cap" ? (x: Value) => this.memberOf(x, a, e) && this.memberOf(x, b, e) : (x: Value) => this.memberOf(x, a, e) && !this.memberOf(x, b, e);
    const finite = op === "\\cup" ? undefined : op === "\\cap" ? (!infinite(a) ? a : !infinite(b) ? b : undefined) : !infinite(a) ? a : undefined;
    const opText = op === "\\cup" ? "\\cup" : op === "\\cap" ? "\\cap" : "\\";
    return new LazySet(() => `${printLazy(a)} ${opText} ${printLazy(b)}`, contains, finite ? () => this.elementsOf(finite, e).filter(contains) : undefined, finite ? undefined : Infinity);
  }

  /** `SUBSET S`, enumerated only when needed. */
  powerset(base: Value, e: Expr): Value {
    const size = base instanceof LazySet ? base.size : undefined;
    return new LazySet(
      () => `SUBSET ${printLazy(base)}`,
      (x) => isSet(x) && this.elementsOf(x, e).every((y) => this.memberOf(y, base, e)),
      base instanceof LazySet && base.infinite
        ? undefined
        : () => {
            const elements = this.elementsOf(base, e);
            if (elements.length > 24) this.fail(e, `SUBSET of a set of ${elements.length} elements is too large to enumerate`);
            const out: Value[] = [];
            for (let mask = 0; mask < 1 << elements.length; mask++) out.push(distinctSet(elements.filter((_, i) => mask & (1 << i))));
            return out;
          },
      size === undefined ? undefined : 2 ** size,
      true,
    );
  }

  /** `[S -> T]`, enumerated only when needed. */
  functionSet(domainSet: Value, range: Value, e: Expr): Value {
    const infinite = (domainSet instanceof LazySet && domainSet.infinite) || (range instanceof LazySet && range.infinite);
    return new LazySet(
      () => `[${printLazy(domainSet)} -> ${printLazy(range)}]`,
      (f) => {
        if (f.kind !== "seq" && f.kind !== "record" && f.kind !== "function") return false;
        const { keys, values } = this.functionEntries(f, e);
        const domain = this.elementsOf(domainSet, e);
        if (domain.length !== keys.length || !keys.every((k) => this.memberOf(k, domainSet, e))) return false;
        return values.every((v) => this.memberOf(v, range, e));
      },
      infinite
        ? undefined
        : () => {
            const domain = this.elementsOf(domainSet, e);
            const values = this.elementsOf(range, e);
            return cartesian(domain.map(() => values), (acc) => fn(domain, acc));
          },
      undefined,
      true,
    );
  }

  /** `[a : S, b : T]`, enumerated only when needed. */
  recordSet(fields: readonly string[], sets: readonly Value[], e: Expr): Value {
    return new LazySet(
      () => `[${fields.map((f, i) => `${f} : ${printLazy(sets[i]!)}`).join(", ")}]`,
      (r) => r.kind === "record" && r.fields.length === fields.length && fields.every((f, i) => {
        const j = r.fields.indexOf(f);
        return j >= 0 && this.memberOf(r.values[j]!, sets[i]!, e);
      }),
      sets.some((x) => x instanceof LazySet && x.infinite)
        ? undefined
        : () => {
            return cartesian(sets.map((x) => this.elementsOf(x, e)), (acc) => record(fields, acc));
          },
      undefined,
      true,
    );
  }

  /** `S1 \X S2 \X ...`: tuples of as many components as there are sets. */
  product(sets: readonly Value[], e: Expr): Value {
    return new LazySet(
      () => sets.map(printLazy).join(" \\X "),
      (t) => t.kind === "seq" && t.elements.length === sets.length && t.elements.every((x, i) => this.memberOf(x, sets[i]!, e)),
      sets.some((x) => x instanceof LazySet && x.infinite)
        ? undefined
        : () => {
            return cartesian(sets.map((x) => this.elementsOf(x, e)), (acc) => seq(acc));
          },
      undefined,
      true,
    );
  }

  /** `Seq(S)`: infinite unless S is empty. */
  seqSet(base: Value, e: Expr): Value {
    const empty = !(base instanceof LazySet && base.infinite) && this.elementsOf(base, e).length === 0;
    return new LazySet(
      () => `Seq(${printLazy(base)})`,
      (s) => s.kind === "seq" && s.elements.every((x) => this.memberOf(x, base, e)),
      empty ? () => [seq([])] : undefined,
      empty ? 1 : Infinity,
    );
  }

  functionEntries(f: Value, e: Expr): { keys: readonly Value[]; values: readonly Value[] } {
    return entriesOf(f) ?? this.fail(e, `expected a function, found ${printValue(f)}`);
  }


  applyFunction(f: Value, key: Value, e: Expr): Value {
    if (f instanceof LazyFunction) {
      if (!f.inDomain(key)) this.fail(e, `${printValue(key)} is not in the domain of the function`);
      return f.at(key);
    }
    if (f.kind === "seq" && key.kind === "int") {
      const v = f.elements[key.value - 1];
      if (v === undefined) this.fail(e, `index ${key.value} is out of the domain 1..${f.elements.length}`);
      return v;
    }
    if (f.kind === "record" && key.kind === "string") {
      const i = f.fields.indexOf(key.value);
      if (i < 0) this.fail(e, `the record has no field ${key.value}`);
      return f.values[i]!;
    }
    const { keys, values } = this.functionEntries(f, e);
    const i = keys.findIndex((k) => equals(k, key));
    if (i < 0) this.fail(e, `${printValue(key)} is not in the domain of ${printValue(f)}`);
    return values[i]!;
  }

  private update(value: Value, u: ExceptUpdate, depth: number, ctx: Context): Value {
    if (depth === u.path.length) return this.eval(u.value, { ...ctx, at: value });
    const step = u.path[depth]!;
    const key = step.kind === "field" ? str(step.name) : step.args.length === 1 ? this.eval(step.args[0]!, ctx) : seq(step.args.map((a) => this.eval(a, ctx)));
    const { keys, values } = this.functionEntries(value, u.value);
    const i = keys.findIndex((k) => equals(k, key));
    if (i < 0) return value; // TLC: updating outside the domain leaves the function as it is
    const next = [...values];
    next[i] = this.update(values[i]!, u, depth + 1, ctx);
    if (value.kind === "record") return record(value.fields, next);
    if (value.kind === "seq") return seq(next);
    return fn(keys, next);
  }
}

