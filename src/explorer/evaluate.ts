import {
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
import { BUILTIN_MODULES, builtinOperators, type BuiltinHost, type BuiltinOperator, type OperatorArgument } from "./builtins/index.js";
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

const NOWHERE: Location = { module: "?", line: 0, column: 0 };
const EMPTY: Env = new Map();

function where(e: Expr): Location {
  return "at" in e && typeof e.at === "object" ? (e.at as Location) : NOWHERE;
}

/** Evaluates expressions of one module, with its constants. */
export class Evaluator {
  readonly slots: ReadonlyMap<string, number>;

  private readonly constantLevel = new Map<string, boolean>();
  private readonly constantValues = new Map<string, Value>();

  constructor(
    readonly module: Module,
    readonly constants: ReadonlyMap<string, Value>,
    /** `CONSTANT Name <- Op` of the config: the constant stands for a definition. */
    readonly substitutions: ReadonlyMap<string, string> = new Map(),
  ) {
    this.slots = new Map(module.variables.map((v, i) => [v, i]));
  }

  /** Whether a zero-arity definition mentions no variable (directly or through definitions): its value never changes. */
  private isConstantLevel(name: string): boolean {
    const known = this.constantLevel.get(name);
    if (known !== undefined) return known;
    this.constantLevel.set(name, false); // recursion guard
    const def = this.definition(name);
    let constant = def !== undefined && def.params.length === 0;
    const visit = (e: unknown, bound: ReadonlySet<string>): void => {
      if (!constant || e === null || typeof e !== "object") return;
      if (Array.isArray(e)) {
        for (const x of e) visit(x, bound);
        return;
      }
      const node = e as { kind?: string; name?: string };
      if (node.kind === "prime" || node.kind === "unchanged") constant = false;
      if ((node.kind === "ref" || node.kind === "apply") && node.name !== undefined && !bound.has(node.name)) {
        if (this.slots.has(node.name)) constant = false;
        else if (this.definition(node.name) && (this.definition(node.name)!.params.length > 0 || !this.isConstantLevel(node.name))) constant = false;
      }
      for (const [k, v] of Object.entries(node)) if (k !== "at") visit(v, bound);
    };
    if (def) visit(def.body, new Set());
    this.constantLevel.set(name, constant);
    return constant;
  }

  fail(e: Expr, problem: string): never {
    throw new ExplorerError(where(e), problem, "EXPLORER_EVAL");
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
    const v = this.eval(e, ctx);
    if (v.kind === "set") return v.elements;
    if (!isSet(v)) this.fail(e, `expected a set, found ${printValue(v)}`);
    return setElements(v);
  }

  /**
   * Calls `visit` with each binding of a list of bounds, in order, until it
   * returns true (then returns true). The same map is passed each time,
   * updated: use it before returning.
   */
  eachBinding(bounds: readonly Bound[], ctx: Context, visit: (env: Map<string, Value>) => boolean | void): boolean {
    const names: string[] = [];
    const sets: Expr[] = [];
    for (const b of bounds) {
      for (const name of b.names) {
        names.push(name);
        sets.push(b.set);
      }
    }
    const env = new Map(ctx.env);
    const scoped: Context = { ...ctx, env };
    const go = (i: number): boolean => {
      if (i === names.length) return visit(env) === true;
      const name = names[i]!;
      for (const v of this.elements(sets[i]!, scoped)) {
        env.set(name, v);
        if (go(i + 1)) return true;
      }
      env.delete(name);
      return false;
    };
    return go(0);
  }

  /** Resolves a name: bound variable, state variable, constant, or zero-arity definition. */
  lookup(name: string, e: Expr, ctx: Context): Value {
    const bound = ctx.env.get(name);
    if (bound !== undefined) return bound;
    const local = ctx.locals?.get(name);
    if (local !== undefined) return this.call(local, [], e, ctx);
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
      const v = this.eval(def.body, { ...ctx, env: EMPTY });
      if (this.isConstantLevel(name)) this.constantValues.set(name, v);
      return v;
    }
    return this.builtin(name, [], e, ctx);
  }

  apply(name: string, args: readonly Expr[], e: Expr, ctx: Context): Value {
    if (name.startsWith("\u0000unsupported:")) throw new ExplorerError(where(e), name.slice("\u0000unsupported:".length).replace(/^[^:]*:\d+:\d+: /, ""), "EXPLORER_UNSUPPORTED");
    const local = ctx.locals?.get(name);
    if (local !== undefined) return this.call(local, args, e, ctx);
    const def = this.definition(name);
    if (def !== undefined) return this.call(this.closureOf(def), args, e, ctx);
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
    }
    return this.fail(arg, "expected an operator name or LAMBDA as this argument");
  }

  /** Binds a closure's parameters (values, or operators for `F(_)` parameters) to the arguments. */
  bind(closure: Closure, args: readonly Expr[], e: Expr, ctx: Context): Context {
    if (closure.params.length !== args.length) this.fail(e, `takes ${closure.params.length} argument(s), not ${args.length}`);
    if (args.length === 0) return ctx.env === closure.env && ctx.locals === closure.locals ? ctx : { ...ctx, env: closure.env, locals: closure.locals };
    const env = new Map(closure.env);
    let locals: Map<string, Closure> | undefined;
    closure.params.forEach((p, i) => {
      if (closure.operatorParams[i]) {
        locals ??= new Map(closure.locals ?? []);
        locals.set(p, this.operatorArgument(args[i]!, ctx));
      } else env.set(p, this.eval(args[i]!, ctx));
    });
    return { ...ctx, env, locals: locals ?? closure.locals };
  }

  /** Binds a closure's value parameters to values already computed (operators passed to built-ins). */
  bindValues(closure: Closure, values: readonly Value[], e: Expr, ctx: Context): Context {
    if (closure.params.length !== values.length) this.fail(e, `takes ${closure.params.length} argument(s), not ${values.length}`);
    const env = new Map(closure.env);
    closure.params.forEach((p, i) => env.set(p, values[i]!));
    return { ...ctx, env, locals: closure.locals };
  }

  call(closure: Closure, args: readonly Expr[], e: Expr, ctx: Context): Value {
    return this.eval(closure.body, this.bind(closure, args, e, ctx));
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
      member: (x, s) => (isSet(s) ? (s.kind === "interval" ? x.kind === "int" && x.value >= s.low && x.value <= s.high : s.elements.some((y) => equals(x, y))) : this.fail(e, `expected a set, found ${printValue(s)}`)),
      isSet: (v) => isSet(v),
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
    const arg = (i: number): Value => this.eval(args[i]!, ctx);
    const asSeq = (v: Value, what: string): readonly Value[] => {
      if (v.kind !== "seq") this.fail(e, `${what} expects a sequence, found ${printValue(v)}`);
      return v.elements;
    };
    switch (name) {
      case "Len":
        return int(asSeq(arg(0), "Len").length);
      case "Append":
        return seq([...asSeq(arg(0), "Append"), arg(1)]);
      case "Head": {
        const s = asSeq(arg(0), "Head");
        if (s.length === 0) this.fail(e, "Head of the empty sequence");
        return s[0]!;
      }
      case "Tail": {
        const s = asSeq(arg(0), "Tail");
        if (s.length === 0) this.fail(e, "Tail of the empty sequence");
        return seq(s.slice(1));
      }
      case "SubSeq": {
        const s = asSeq(arg(0), "SubSeq");
        return seq(s.slice(this.asInt(args[1]!, ctx) - 1, this.asInt(args[2]!, ctx)));
      }
      case "Cardinality":
        return int(this.elements(args[0]!, ctx).length);
      case "ToString":
        return str(printValue(arg(0)));
      case "BagToSet": {
        const b = arg(0);
        return b.kind === "seq" && b.elements.length === 0 ? set([]) : set(this.functionEntries(b, e).keys);
      }
      case "CopiesIn": {
        const v = arg(0);
        const b = arg(1);
        if (b.kind === "seq" && b.elements.length === 0) return int(0);
        const { keys, values } = this.functionEntries(b, e);
        const i = keys.findIndex((k) => equals(k, v));
        return i < 0 ? int(0) : values[i]!;
      }
      case "EmptyBag":
        return seq([]);
      case "Permutations": {
        const elements = this.elements(args[0]!, ctx);
        const out: Value[] = [];
        const permute = (rest: readonly Value[], acc: Value[]): void => {
          if (rest.length === 0) {
            out.push(fn(elements, acc));
            return;
          }
          rest.forEach((v, i) => permute([...rest.slice(0, i), ...rest.slice(i + 1)], [...acc, v]));
        };
        permute(elements, []);
        return set(out);
      }
      case "SetToBag":
        return fn(this.elements(args[0]!, ctx), this.elements(args[0]!, ctx).map(() => int(1)));
      case "Print":
      case "PrintT":
        return name === "Print" ? arg(1) : TRUE;
      case "Assert":
        if (!this.asBool(args[0]!, ctx)) this.fail(e, `Assert failed: ${printValue(arg(1))}`);
        return TRUE;
      default:
        this.fail(e, `the operator ${name} is not supported yet`);
    }
  }

  eval(e: Expr, ctx: Context): Value {
    switch (e.kind) {
      case "num":
        return int(e.value);
      case "str":
        return str(e.value);
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
        if (e.arg.kind !== "ref" || !this.slots.has(e.arg.name)) this.fail(e, "only variables can be primed here");
        const v = ctx.next?.[this.slots.get(e.arg.name)!];
        if (v === undefined) this.fail(e, `${e.arg.name}' is used before the action assigns it`);
        return v;
      }
      case "and":
        return bool(e.items.every((i) => this.asBool(i, ctx)));
      case "or":
        return bool(e.items.some((i) => this.asBool(i, ctx)));
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
        const domain: Value[] = [];
        const values: Value[] = [];
        const names = e.bounds.flatMap((b) => b.names);
        this.eachBinding(e.bounds, ctx, (env) => {
          domain.push(names.length === 1 ? env.get(names[0]!)! : seq(names.map((n) => env.get(n)!)));
          values.push(this.eval(e.body, { ...ctx, env }));
        });
        return fn(domain, values);
      }
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
        const sets = e.sets.map((s) => this.elements(s, ctx));
        const out: Value[] = [];
        const pick = (i: number, acc: Value[]): void => {
          if (i === sets.length) {
            out.push(record(e.fields, acc));
            return;
          }
          for (const v of sets[i]!) pick(i + 1, [...acc, v]);
        };
        pick(0, []);
        return set(out);
      }
      case "fnSet": {
        const domain = this.elements(e.domain, ctx);
        const range = this.elements(e.range, ctx);
        const out: Value[] = [];
        const pick = (i: number, acc: Value[]): void => {
          if (i === domain.length) {
            out.push(fn(domain, acc));
            return;
          }
          for (const v of range) pick(i + 1, [...acc, v]);
        };
        pick(0, []);
        return set(out);
      }
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
        let chosen: Value | undefined;
        this.eachBinding([e.bound], ctx, (env) => {
          if (!this.asBool(e.body, { ...ctx, env })) return false;
          const names = e.bound.names;
          chosen = names.length === 1 ? env.get(names[0]!)! : seq(names.map((n) => env.get(n)!));
          return true;
        });
        if (chosen === undefined) this.fail(e, "CHOOSE found no value that satisfies its condition");
        return chosen;
      }
      case "setMap": {
        const out: Value[] = [];
        this.eachBinding(e.bounds, ctx, (env) => void out.push(this.eval(e.body, { ...ctx, env })));
        return set(out);
      }
      case "setFilter": {
        const out: Value[] = [];
        const names = e.bound.names;
        this.eachBinding([e.bound], ctx, (env) => {
          if (this.asBool(e.body, { ...ctx, env })) out.push(names.length === 1 ? env.get(names[0]!)! : seq(names.map((n) => env.get(n)!)));
        });
        return set(out);
      }
      case "infiniteSet":
        return this.fail(e, `${e.which} is infinite: it can only appear on the right of \\in`);
      case "lambda":
        return this.fail(e, "LAMBDA can only be an operator's argument");
      case "stutter": {
        // As a formula over two states: [A]_v is A \/ v' = v, <<A>>_v is A /\ v' # v.
        const changed = () => !equals(this.eval({ kind: "prime", arg: e.vars, at: NOWHERE } as Expr, ctx), this.eval(e.vars, ctx));
        return bool(e.allowStutter ? this.asBool(e.action, ctx) || !changed() : this.asBool(e.action, ctx) && changed());
      }
      case "unchanged":
        this.fail(e, "UNCHANGED outside an action");
      // falls through (fail never returns)
      case "prefix":
        return this.prefix(e, ctx);
      case "infix":
        return this.infix(e, ctx);
    }
  }

  /** The context inside a LET: its definitions as closures over the current scope (later ones see earlier ones). */
  withLet(e: Extract<Expr, { kind: "let" }>, ctx: Context): Context {
    const locals = new Map(ctx.locals ?? []);
    const inner: Context = { ...ctx, locals };
    for (const d of e.definitions) locals.set(d.name, { params: d.params, operatorParams: d.operatorParams, body: d.body, env: ctx.env, locals });
    return inner;
  }

  private prefix(e: Extract<Expr, { kind: "prefix" }>, ctx: Context): Value {
    switch (e.op) {
      case "lnot":
        return bool(!this.asBool(e.arg, ctx));
      case "negative":
        return int(-this.asInt(e.arg, ctx));
      case "powerset": {
        const elements = this.elements(e.arg, ctx);
        const out: Value[] = [];
        for (let mask = 0; mask < 1 << elements.length; mask++) out.push(set(elements.filter((_, i) => mask & (1 << i))));
        return set(out);
      }
      case "union":
        return set(this.elements(e.arg, ctx).flatMap((s) => (isSet(s) ? [...setElements(s)] : this.fail(e, "UNION of a non-set"))));
      case "domain": {
        const f = this.eval(e.arg, ctx);
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
        return bool(equals(l(), r()));
      case "#":
        return bool(!equals(l(), r()));
      case "<":
        return bool(li() < ri());
      case "<=":
        return bool(li() <= ri());
      case ">":
        return bool(li() > ri());
      case ">=":
        return bool(li() >= ri());
      case "+":
        return int(li() + ri());
      case "-":
        return int(li() - ri());
      case "*":
        return int(li() * ri());
      case "\\div":
        return int(Math.floor(li() / ri()));
      case "%": {
        const m = ri();
        return int(((li() % m) + m) % m);
      }
      case "..":
        return interval(li(), ri());
      case "\\in":
      case "\\notin": {
        const member = this.member(l(), e.rhs, ctx);
        return bool(e.op === "\\in" ? member : !member);
      }
      case "\\cup":
        return set([...this.elements(e.lhs, ctx), ...this.elements(e.rhs, ctx)]);
      case "\\cap": {
        const b = this.elements(e.rhs, ctx);
        return set(this.elements(e.lhs, ctx).filter((x) => b.some((y) => equals(x, y))));
      }
      case "\\": {
        const b = this.elements(e.rhs, ctx);
        return set(this.elements(e.lhs, ctx).filter((x) => !b.some((y) => equals(x, y))));
      }
      case "\\subseteq": {
        const b = this.elements(e.rhs, ctx);
        return bool(this.elements(e.lhs, ctx).every((x) => b.some((y) => equals(x, y))));
      }
      case "\\X": {
        const a = this.elements(e.lhs, ctx);
        const b = this.elements(e.rhs, ctx);
        return set(a.flatMap((x) => b.map((y) => seq([x, y]))));
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
      case "infiniteSet":
        return s.which === "STRING" ? v.kind === "string" : v.kind === "int" && (s.which === "Int" || v.value >= 0);
      case "setEnum":
        return s.items.some((i) => equals(this.eval(i, ctx), v));
      case "fnSet": {
        if (v.kind !== "seq" && v.kind !== "record" && v.kind !== "function") return false;
        const { keys, values } = this.functionEntries(v, s);
        const domain = this.elements(s.domain, ctx);
        if (domain.length !== keys.length || !domain.every((d) => keys.some((k) => equals(k, d)))) return false;
        return values.every((x) => this.member(x, s.range, ctx));
      }
      case "recordSet":
        return v.kind === "record" && v.fields.length === s.fields.length && s.fields.every((f, i) => {
          const j = v.fields.indexOf(f);
          return j >= 0 && this.member(v.values[j]!, s.sets[i]!, ctx);
        });
      case "prefix":
        if (s.op === "powerset") return isSet(v) && setElements(v).every((x) => this.member(x, s.arg, ctx));
        break;
      case "infix":
        if (s.op === "..") return v.kind === "int" && v.value >= this.asInt(s.lhs, ctx) && v.value <= this.asInt(s.rhs, ctx);
        if (s.op === "\\cup") return this.member(v, s.lhs, ctx) || this.member(v, s.rhs, ctx);
        if (s.op === "\\cap") return this.member(v, s.lhs, ctx) && this.member(v, s.rhs, ctx);
        if (s.op === "\\") return this.member(v, s.lhs, ctx) && !this.member(v, s.rhs, ctx);
        break;
      case "ref": {
        const def = !ctx.env.has(s.name) && !this.slots.has(s.name) && !this.constants.has(s.name) ? this.definition(s.name) : undefined;
        if (def && def.params.length === 0) return this.member(v, def.body, { ...ctx, env: new Map() });
        break;
      }
      default:
        break;
    }
    return this.elements(s, ctx).some((x) => equals(x, v));
  }

  functionEntries(f: Value, e: Expr): { keys: readonly Value[]; values: readonly Value[] } {
    switch (f.kind) {
      case "seq":
        return { keys: f.elements.map((_, i) => int(i + 1)), values: f.elements };
      case "record":
        return { keys: f.fields.map(str), values: f.values };
      case "function":
        return { keys: f.domain, values: f.values };
      default:
        return this.fail(e, `expected a function, found ${printValue(f)}`);
    }
  }

  applyFunction(f: Value, key: Value, e: Expr): Value {
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

