import { readFile } from "node:fs/promises";
import path from "node:path";
import { TlabridgeError } from "../errors.js";
import { StateGraphBuilder, type StateGraph } from "../graph/index.js";
import { getHeapStatistics } from "node:v8";
import { equals, fn, int, printState as printTlcState, printValue, record, seq, set, toItf, type ItfJson, type Value } from "../values/index.js";
import { parseConfig } from "./config.js";
import { Evaluator, type Closure, type Context, type Env, type Locals } from "./evaluate.js";
import { loadSpecModule } from "./modules.js";
import { SymmetryReducer, symmetryGroup } from "./symmetry.js";
import { ExplorerError, substitute, type Expr } from "./syntax.js";
import { classifyProperty, decomposeSpec, Levels, type PropertyCheck } from "./temporal.js";

export { parseConfig, type ModelConfig } from "./config.js";
import { checkConfigNames } from "./config.js";
import { specActions, type SpecAction } from "./actions.js";

/** A state the explorer found, with how it was reached. */
export interface ExplorerTraceStep {
  readonly action: string;
  /** The state as TLC prints it (`/\ x = 1` lines). */
  readonly state: string;
  /** The state as ITF JSON: each variable's value. */
  readonly values: Readonly<Record<string, ItfJson>>;
}

/** How far an exploration got. */
export interface ExplorerProgress {
  readonly distinctStates: number;
  readonly statesGenerated: number;
  /** States found but not explored yet. */
  readonly queue: number;
  readonly depth: number;
  readonly seconds: number;
}

/** The bounds an exploration stops at (see {@link ExploreSpecOptions}). */
export interface ExplorerLimits {
  readonly maxStates: number | undefined;
  readonly maxSeconds: number | undefined;
  readonly maxMemoryBytes: number;
  /** The V8 heap the explorer stays under (a share of the heap limit), so that it never runs out of memory. */
  readonly maxHeapBytes: number;
}

/** An exploration stopped before its end: by a bound, or interrupted. */
export interface ExplorerStop extends ExplorerProgress {
  readonly kind: "stopped";
  readonly reason: "states" | "time" | "memory" | "interrupted";
  readonly limits: ExplorerLimits;
  readonly unchecked: readonly string[];
  readonly warnings: readonly string[];
}

/** How an exploration ended. */
export type ExplorerOutcome =
  | {
      readonly kind: "success";
      readonly graph: StateGraph;
      readonly distinctStates: number;
      readonly statesGenerated: number;
      readonly depth: number;
      readonly warnings: readonly string[];
      /** PROPERTIES (or parts of them) the explorer does not check: liveness. */
      readonly unchecked: readonly string[];
    }
  | {
      readonly kind: "violation";
      readonly problem: "invariant" | "deadlock" | "property" | "assumption";
      /** The invariant, property or assumption violated (`deadlock` for a deadlock). */
      readonly name: string;
      /** TLC's words: `Invariant Inv is violated.`, `Action property P is violated.`, `Assumption line 3, col 8 to line 3, col 12 of module M is false.`, ... */
      readonly message: string;
      readonly trace: readonly ExplorerTraceStep[];
    }
  | ExplorerStop;

/** Thrown inside an exploration when a bound is passed. */
class Stop extends Error {
  constructor(readonly reason: ExplorerStop["reason"]) {
    super(reason);
  }
}

/** The default memory bound (MB): well under a small machine's memory. */
export const DEFAULT_MAX_MEMORY_MB = 4096;

/** The share of V8's heap limit the explorer stops at: V8 gives up (a fatal out-of-memory) when its collector frees too little, well before the heap is full. */
const HEAP_SHARE = 0.6;

function boundsOf(options: ExploreSpecOptions): ExplorerLimits {
  const heapLimit = getHeapStatistics().heap_size_limit;
  const maxMemoryBytes = (options.maxMemoryMB ?? DEFAULT_MAX_MEMORY_MB) * 1024 * 1024;
  return { maxStates: options.maxStates, maxSeconds: options.maxSeconds, maxMemoryBytes, maxHeapBytes: Math.min(maxMemoryBytes, heapLimit * HEAP_SHARE) };
}

/** Names in scope while enumerating actions. */
interface Scope {
  readonly env: Env;
  readonly locals: Locals | undefined;
}

interface Label {
  readonly name: string;
  readonly args: readonly Value[];
}

/** Options for {@link exploreSpec}. */
export interface ExploreSpecOptions {
  readonly spec: string;
  readonly config?: string;
  /** Keep states cut off by a CONSTRAINT (like `-dump dot,constrained`). */
  readonly keepConstrained?: boolean;
  /** Folders (or jars) searched for modules after the spec's folder (`--lib`), before TLA_PATH. */
  readonly libraryPaths?: readonly string[];
  /** tla2tools.jar (`--tlc-jar`), whose modules and the CommunityModules*.jar beside it are searched too. */
  readonly tlcJar?: string;
  /** Stop (outcome `stopped`) after more distinct states than this. */
  readonly maxStates?: number;
  /** Stop after this many seconds. */
  readonly maxSeconds?: number;
  /** Stop when the process's resident memory passes this (MB; default {@link DEFAULT_MAX_MEMORY_MB}), or the heap nears V8's limit. */
  readonly maxMemoryMB?: number;
  /** Aborting stops the exploration (outcome `stopped`, reason `interrupted`) at the next state. */
  readonly signal?: AbortSignal;
  /** Called every `progressEveryMs` (default 5000) while exploring. */
  readonly onProgress?: (progress: ExplorerProgress) => void;
  readonly progressEveryMs?: number;
  /**
   * Called when the breadth-first search starts, after the initial states:
   * from then on the exploration yields every 50 ms, so that `signal` can
   * stop it (before, it runs without yielding).
   */
  readonly onSearch?: () => void;
}

/**
 * Explores a spec breadth-first, as TLC does, into a {@link StateGraph}:
 * the same distinct states, and transitions labelled with the action
 * operator's name and parameter values.
 */
async function prepare(options: ExploreSpecOptions) {
  const specFile = path.resolve(options.spec);
  const configFile = options.config ? path.resolve(options.config) : specFile.replace(/\.tla$/, ".cfg");
  let specText: string;
  let configText: string;
  try {
    specText = await readFile(specFile, "utf8");
  } catch {
    throw new TlabridgeError("INPUT_NOT_FOUND", `${options.spec} does not exist or cannot be read: check the path of the spec.`);
  }
  try {
    configText = await readFile(configFile, "utf8");
  } catch {
    throw new TlabridgeError("CONFIG_NOT_FOUND", `${configFile} does not exist: pass the model's config with --config <file.cfg>.`);
  }
  const loaded = await loadSpecModule(specFile, specText, { libraryPaths: options.libraryPaths, tlcJar: options.tlcJar });
  // The config as the user named it in messages (file:line:col), not its absolute path.
  const configShown = options.config ?? path.relative(process.cwd(), configFile);
  const config = parseConfig(configText, configShown);
  // A name the config gives that the spec does not define is the config's mistake: said at its line, with close names.
  checkConfigNames(config, configShown, path.basename(specFile), loaded.definitions);
  // `Op <- Other` for a definition (not a constant) replaces it everywhere, as TLC does: in SPECIFICATION's Init too.
  const overridden = [...config.substitutions].filter(([name, by]) => loaded.definitions.has(name) && !loaded.constants.includes(name) && loaded.definitions.has(by));
  const module =
    overridden.length === 0
      ? loaded
      : {
          ...loaded,
          definitions: new Map([...loaded.definitions].map(([name, def]) => {
            const by = overridden.find(([n]) => n === name)?.[1];
            return [name, by === undefined ? def : { ...loaded.definitions.get(by)!, name }] as const;
          })),
        };
  const refused = config.unsupported.find((u) => /^POSTCONDITION/.test(u));
  if (refused) {
    throw new ExplorerError({ module: path.basename(configFile).replace(/\.cfg$/, ""), line: 1, column: 1 }, `${refused.split(" ")[0]} in the config is not supported by the explorer yet`);
  }
  for (const c of module.constants) {
    if (!config.constants.has(c) && !config.substitutions.has(c)) throw new TlabridgeError("CONFIG_MISSING_CONSTANT", `${configFile}: the spec declares CONSTANT ${c}, but the config gives it no value.`);
  }
  // `C <-[Mod] Def` overrides C in the modules that are not the spec's: their instances' copies (`I!C`), and C itself
  // unless the spec's own override names it (all modules share one namespace here).
  const substitutions = new Map(config.substitutions);
  for (const [name, def] of config.moduleSubstitutions) {
    if (!substitutions.has(name)) substitutions.set(name, def);
    for (const defined of module.definitions.keys()) if (defined.endsWith(`!${name}`)) substitutions.set(defined, def);
  }
  // `Def = value` for a definition (as `NoBlock = [Nano]NoBlockVal`) overrides it, in every instance's copy (`I!Def`) too.
  const constants = new Map(config.constants);
  for (const [name, value] of config.constants) {
    if (module.constants.includes(name)) continue;
    for (const defined of module.definitions.keys()) if (defined.endsWith(`!${name}`) && !constants.has(defined)) constants.set(defined, value);
  }
  const evaluator = new Evaluator(module, constants, substitutions);
  const vars = module.variables;
  const slots = evaluator.slots;
  const definitionOf = (name: string): Expr => {
    const def = module.definitions.get(name);
    if (!def) throw new TlabridgeError("EXPLORER_UNDEFINED", `${module.name}.tla: the config names ${name}, which the spec does not define.`);
    return def.body;
  };
  const levels = new Levels(module, config.substitutions);
  // INIT and NEXT, or SPECIFICATION taken apart as TLC does; neither: a constant-only model (ASSUMEs only).
  let initName = config.init;
  let nextName = config.next;
  let initExpr: Expr | undefined = initName ? definitionOf(initName) : undefined;
  let nextExpr: Expr | undefined = nextName ? definitionOf(nextName) : undefined;
  if (config.specification) {
    if (initName || nextName) throw new TlabridgeError("CONFIG_SYNTAX", `${configFile}: give either INIT and NEXT, or SPECIFICATION, not both (TLC refuses both too).`);
    const parts = decomposeSpec(config.specification, module, levels);
    const only = parts.init.length === 1 ? parts.init[0]! : undefined;
    initName = only?.kind === "ref" && module.definitions.has(only.name) ? only.name : config.specification;
    initExpr = only?.kind === "ref" && module.definitions.has(only.name) ? definitionOf(only.name) : { kind: "and", items: parts.init };
    const next = parts.next;
    nextName = next?.kind === "ref" && module.definitions.get(next.name)?.params.length === 0 ? next.name : config.specification;
    nextExpr = next === undefined ? undefined : next.kind === "ref" && nextName === next.name ? definitionOf(next.name) : next;
  }
  if (initExpr === undefined && (nextExpr !== undefined || config.invariants.length > 0 || config.properties.length > 0)) {
    throw new TlabridgeError("CONFIG_SYNTAX", `${configFile}: expected INIT and NEXT, or SPECIFICATION.`);
  }
  if (initExpr !== undefined && nextExpr === undefined && !config.specification) throw new TlabridgeError("CONFIG_SYNTAX", `${configFile}: INIT without NEXT: add NEXT, or use SPECIFICATION.`);
  const invariants = config.invariants.map((n) => ({ name: n, expr: definitionOf(n) }));
  const properties = config.properties.flatMap((n) => classifyProperty(n, module, levels));
  const assumptions = module.assumptions ?? [];
  const constraints = config.constraints.map(definitionOf);
  const actionConstraints = config.actionConstraints.map(definitionOf);
  const viewExpr = config.view ? definitionOf(config.view) : undefined;
  evaluator.modelValueOrder = modelValueOrder(config.constants.values());
  const permutations = config.symmetry ? symmetryGroup(evaluator, definitionOf(config.symmetry)) : [];

  /** What act counts besides the steps it yields: the intermediate states of `A \cdot B`. */
  const counters = { intermediateStates: 0 };
  /**
   * While the initial states are enumerated: called with the assignment so
   * far after each variable gets a value; false cuts that branch (a caller
   * that knows the initial state it wants, as trace validation does, so that
   * Init's product of choices is never built).
   */
  const initFilter: { keep: ((partial: readonly (Value | undefined)[]) => boolean) | undefined } = { keep: undefined };
  /** When set, split yields only the steps of the action of this name (trace validation asks for one event's action). */
  const onlyAction: { name: string | undefined } = { name: undefined };
  const initKeeps = (a: readonly (Value | undefined)[]): boolean => initFilter.keep === undefined || initFilter.keep(a);

  /**
   * Enumerates the assignments an action makes, TLC-style: conjuncts left to
   * right, `v' = e` assigns, `v' \in S` branches, disjunctions and
   * existentials branch, anything else is a guard.
   */
  const act = (e: Expr, scope: Scope, current: readonly (Value | undefined)[], assign: (Value | undefined)[], init: boolean, k: (a: (Value | undefined)[]) => void): void => {
    const env = scope.env;
    const ctx: Context = init ? { env, locals: scope.locals, state: assign, next: undefined } : { env, locals: scope.locals, state: current, next: assign };
    const target = (x: Expr): number | undefined => {
      if (init) return x.kind === "ref" && !env.has(x.name) && slots.has(x.name) ? slots.get(x.name) : undefined;
      return x.kind === "prime" && x.arg.kind === "ref" ? slots.get(x.arg.name) : undefined;
    };
    switch (e.kind) {
      case "and": {
        const step = (i: number, a: (Value | undefined)[]): void => {
          if (i === e.items.length) k(a);
          else if (i > 0 && allAssigned(a)) {
            // As TLC: once every variable has its value, the remaining conjuncts are tests and branch no more.
            const after: Context = init ? { ...ctx, state: a } : { ...ctx, next: a };
            for (let j = i; j < e.items.length; j++) if (!evaluator.asBool(e.items[j]!, after)) return;
            k(a);
          } else act(e.items[i]!, scope, current, a, init, (b) => step(i + 1, b));
        };
        step(0, assign);
        return;
      }
      case "or":
        for (const item of e.items) act(item, scope, current, [...assign], init, k);
        return;
      case "quant": {
        if (e.q === "exists") {
          evaluator.eachBinding(e.bounds, ctx, (binding) => act(e.body, { env: binding, locals: scope.locals }, current, [...assign], init, k));
          return;
        }
        // As TLC: \A x \in S : A(x) is the conjunction of A(x) for each x, so each may branch or assign.
        const bindings: Env[] = [];
        evaluator.eachBinding(e.bounds, ctx, (binding) => void bindings.push(new Map(binding)));
        const step = (i: number, a: (Value | undefined)[]): void => {
          if (i === bindings.length) k(a);
          else if (i > 0 && allAssigned(a)) {
            for (let j = i; j < bindings.length; j++) {
              const env = bindings[j]!;
              if (!evaluator.asBool(e.body, init ? { env, locals: scope.locals, state: a, next: undefined } : { env, locals: scope.locals, state: current, next: a })) return;
            }
            k(a);
          } else act(e.body, { env: bindings[i]!, locals: scope.locals }, current, a, init, (b) => step(i + 1, b));
        };
        step(0, assign);
        return;
      }
      case "if":
        act(evaluator.asBool(e.cond, ctx) ? e.then : e.else, scope, current, assign, init, k);
        return;
      case "let": {
        const inner = evaluator.withLet(e, ctx);
        act(e.body, { env: inner.env, locals: inner.locals }, current, assign, init, k);
        return;
      }
      case "case": {
        const arm = e.arms.find((a) => evaluator.asBool(a.guard, ctx));
        const chosen = arm ? arm.value : e.other;
        if (chosen === undefined) evaluator.fail(e, "no CASE arm applies and there is no OTHER");
        act(chosen!, scope, current, assign, init, k);
        return;
      }
      case "stutter":
        if (e.allowStutter) {
          act(e.action, scope, current, assign, init, k);
          act({ kind: "unchanged", arg: e.vars }, scope, current, assign, init, k);
        } else {
          // <<A>>_v: the steps of A that change v.
          act(e.action, scope, current, assign, init, (a) => {
            const after: Context = { ...ctx, next: a };
            if (!equals(evaluator.eval({ kind: "prime", arg: e.vars, at: { module: module.name, line: 0, column: 0 } }, after), evaluator.eval(e.vars, after))) k(a);
          });
        }
        return;
      case "unchanged": {
        const { slots: unchanged, others } = unchangedParts(e, env);
        const a = [...assign];
        for (const slot of unchanged) {
          const v = current[slot]!;
          if (a[slot] === undefined) a[slot] = v;
          else if (!equals(a[slot]!, v)) return;
        }
        const after: Context = { ...ctx, next: a };
        for (const x of others) if (!equals(evaluator.eval({ kind: "prime", arg: x, at: { module: module.name, line: 0, column: 0 } }, after), evaluator.eval(x, after))) return;
        k(a);
        return;
      }
      case "fnApp": {
        // As TLC (a function kept lazy is entered, not evaluated): f[a] for f a function definition or literal
        // `[x \in S |-> A]` enumerates A's steps with x bound to a, so A's disjunctions branch.
        const f = e.fn.kind === "ref" ? operatorNamed(e.fn.name, scope) : undefined;
        const body = f && f.params.length === 0 ? f.body : e.fn.kind === "fnLit" ? e.fn : undefined;
        if (body && (body.kind === "recursiveFunction" || body.kind === "fnLit") && body.bounds.length === 1 && !body.bounds[0]!.tuple && body.bounds[0]!.names.length === e.args.length) {
          const names = body.bounds[0]!.names;
          const keys = e.args.map((a) => evaluator.eval(a, ctx));
          const domain = evaluator.eval(body.bounds[0]!.set, f ? { ...ctx, env: f.env, locals: f.locals } : ctx);
          if (!keys.every((k) => evaluator.memberOf(k, domain, e))) evaluator.fail(e, `${keys.map(printValue).join(", ")} is not in the domain of the function`);
          // The function's own name stays bound to its definition, so that a recursive f[c] inside is entered too.
          const inner = new Map(f ? f.env : env);
          names.forEach((n, i) => inner.set(n, keys[i]!));
          act(body.body, { env: inner, locals: f ? f.locals : scope.locals }, current, assign, init, k);
          return;
        }
        break;
      }
      case "ref":
      case "apply": {
        if (e.kind === "apply" && e.name === "\\cdot" && e.args.length === 2 && !init && !operatorNamed(e.name, scope)) {
          // TLC's action composition: s -A-> t -B-> u. A starts from the assignments made so far, and so does B,
          // from t; TLC counts each t as a state generated.
          const intermediate: Value[][] = [];
          act(e.args[0]!, scope, current, assign, false, (t) => {
            if (!allAssigned(t)) evaluator.fail(e, "the first action of \\cdot does not assign every variable");
            intermediate.push(t as Value[]);
          });
          counters.intermediateStates += intermediate.length;
          for (const t of intermediate) act(e.args[1]!, scope, t, assign, false, k);
          return;
        }
        const closure = operatorNamed(e.name, scope);
        if (closure) {
          const args = e.kind === "apply" ? e.args : [];
          // In Init the variables themselves are assigned, so XInit(x) passes x by name there too.
          const passByName = (a: Expr, i: number): boolean => !closure.operatorParams[i] && ((!init && isAction(a, scope)) || (a.kind === "ref" && slots.has(a.name) && !env.has(a.name)));
          if (args.some(passByName)) {
            // As TLC passes arguments by name: Op(x') and Op(x) for a variable x are Op's body with x' or x in place of the
            // parameter, so that the body's p' = e assigns x' (a variable's name cannot be captured by the body's binders).
            const values: Expr[] = [];
            const params: string[] = [];
            closure.params.forEach((p, i) => {
              if (!passByName(args[i]!, i)) {
                params.push(p);
                values.push(args[i]!);
              }
            });
            const body = substitutedBody(e, closure, () => {
              const byName = new Map<string, Expr>();
              closure.params.forEach((p, i) => {
                if (passByName(args[i]!, i)) byName.set(p, args[i]!);
              });
              return substitute(closure.body, byName);
            });
            // The arguments put in by name may mention the caller's bound names and LET definitions: the body sees them too.
            const locals = ctx.locals && ctx.locals.size > 0 ? new Map([...ctx.locals, ...(closure.locals ?? [])]) : closure.locals;
            const inner = evaluator.bind({ ...closure, params, operatorParams: params.map((p) => closure.operatorParams[closure.params.indexOf(p)]!), env: new Map([...ctx.env, ...closure.env]), locals }, values, e, ctx);
            act(body, { env: inner.env, locals: inner.locals }, current, assign, init, k);
            return;
          }
          const inner = evaluator.bind(closure, args, e, ctx);
          act(closure.body, { env: inner.env, locals: inner.locals }, current, assign, init, k);
          return;
        }
        break;
      }
      case "infix": {
        if (e.op === "=>") {
          // P => A: A's successors when P holds, else the step so far.
          if (evaluator.asBool(e.lhs, ctx)) act(e.rhs, scope, current, assign, init, k);
          else k(assign);
          return;
        }
        const slot = target(e.lhs);
        if (slot !== undefined && e.op === "\\subseteq" && assign[slot] === undefined) {
          // x' \subseteq S assigns each subset of S, as TLC does.
          for (const v of evaluator.elementsOf(evaluator.powerset(evaluator.eval(e.rhs, ctx), e), e)) {
            const a = [...assign];
            a[slot] = v;
            if (!init || initKeeps(a)) k(a);
          }
          return;
        }
        if (slot !== undefined && (e.op === "=" || e.op === "\\in") && assign[slot] === undefined) {
          if (e.op === "=") {
            const a = [...assign];
            a[slot] = evaluator.eval(e.rhs, ctx);
            if (!init || initKeeps(a)) k(a);
          } else {
            for (const v of evaluator.elements(e.rhs, ctx)) {
              const a = [...assign];
              a[slot] = v;
              if (!init || initKeeps(a)) k(a);
            }
          }
          return;
        }
        break;
      }
      default:
        break;
    }
    if (evaluator.asBool(e, ctx)) k(assign);
  };

  // ENABLED A: whether A has a step from the state, found by enumerating A until its first step.
  const found = Symbol("enabled");
  evaluator.enabledHook = (action, ctx) => {
    try {
      act(action, { env: ctx.env, locals: ctx.locals }, ctx.state as readonly Value[], new Array(vars.length).fill(undefined), false, () => {
        throw found;
      });
    } catch (x) {
      if (x === found) return true;
      throw x;
    }
    return false;
  };

  /**
   * UNCHANGED e taken apart: the variables it keeps (through tuples and
   * zero-arity definitions such as vars) and any other expressions (e' = e).
   * Kept per expression, unless a bound name shadows a name it reads.
   */
  const unchangedParts = (e: Extract<Expr, { kind: "unchanged" }>, env: Env): { slots: readonly number[]; others: readonly Expr[] } => {
    const known = UNCHANGED_PARTS.get(e);
    if (known && !known.names.some((n) => env.has(n))) return known;
    const names: string[] = [];
    const kept: number[] = [];
    const others: Expr[] = [];
    const collect = (x: Expr): void => {
      if (x.kind === "tuple") x.items.forEach(collect);
      else if (x.kind === "ref" && slots.has(x.name) && !env.has(x.name)) {
        names.push(x.name);
        kept.push(slots.get(x.name)!);
      } else if (x.kind === "ref" && !env.has(x.name) && module.definitions.get(x.name)?.params.length === 0) {
        names.push(x.name);
        collect(module.definitions.get(x.name)!.body);
      } else others.push(x); // UNCHANGED e for any other e: e' = e
    };
    collect(e.arg);
    const parts = { names, slots: kept, others };
    if (others.length === 0) UNCHANGED_PARTS.set(e, parts);
    return parts;
  };

  /** Whether an argument is an action: it mentions a prime, or applies a definition that does (PostStutter(l1(self), ...)). */
  const isAction = (a: Expr, scope: Scope): boolean =>
    mentionsPrime(a) || ((a.kind === "apply" || a.kind === "ref") && !scope.env.has(a.name) && !scope.locals?.has(a.name) && evaluator.isActionLevel(a.name));

  /** The operator a name refers to in a scope, unless a bound variable or state variable shadows it. */
  const operatorNamed = (name: string, scope: Scope): Closure | undefined => {
    if (scope.env.has(name) || slots.has(name)) return undefined;
    const local = scope.locals?.get(name);
    if (local) return local;
    const def = evaluator.definition(name); // through the config's `Op <- Def` substitutions
    return def ? evaluator.closureOf(def) : undefined;
  };

  /** Splits Next into action instances: disjunctions, existentials and operator applications name the action. */
  const split = (e: Expr, scope: Scope, label: Label, current: readonly Value[], emit: (a: readonly Value[], label: Label) => void): void => {
    const ctx: Context = { env: scope.env, locals: scope.locals, state: current, next: undefined };
    if (e.kind === "or") {
      for (const item of e.items) split(item, scope, label, current, emit);
      return;
    }
    if (e.kind === "quant" && e.q === "exists") {
      evaluator.eachBinding(e.bounds, ctx, (binding) => split(e.body, { env: binding, locals: scope.locals }, label, current, emit));
      return;
    }
    if (e.kind === "let") {
      // TLC names the actions inside a LET's body, LET-defined ones included.
      const inner = evaluator.withLet(e, ctx);
      split(e.body, { env: inner.env, locals: inner.locals }, label, current, emit);
      return;
    }
    if (e.kind === "apply" || e.kind === "ref") {
      const closure = operatorNamed(e.name, scope);
      const def = scope.locals?.has(e.name) ? undefined : module.definitions.get(e.name);
      const args = e.kind === "apply" ? e.args : [];
      // A subexpression name without parameters is a LET definition (SANY's $Nop), which TLC does not enter.
      const subexpression = !def && /!(\d|<<|>>|:|\(|@)/.test(e.name);
      if (closure && !subexpression && (def || scope.locals?.has(e.name))) {
        // As TLC: an operator is entered (its actions named after it, with its arguments' values) only when every
        // argument is constant; otherwise the whole application is one action, named after the operator alone.
        const constant = args.every((a) => evaluator.expressionLevel(a, (n) => scope.env.has(n), scope.locals) === 0);
        if (!constant) {
          steps(e, scope, { name: def?.name ?? e.name, args: [] }, current, emit);
          return;
        }
        const inner = evaluator.bind(closure, args, e, ctx);
        const values = closure.params.map((p, i) => (closure.operatorParams[i] ? undefined : inner.env.get(p))).filter((v): v is Value => v !== undefined);
        split(closure.body, { env: inner.env, locals: inner.locals }, { name: def?.name ?? e.name, args: values }, current, emit);
        return;
      }
    }
    steps(e, scope, label, current, emit);
  };

  /** The steps of one action instance, each with every variable assigned. */
  const steps = (e: Expr, scope: Scope, label: Label, current: readonly Value[], emit: (a: readonly Value[], label: Label) => void): void => {
    if (onlyAction.name !== undefined && label.name !== onlyAction.name) return;
    act(e, scope, current, new Array(vars.length).fill(undefined), false, (a) => {
      const missing = vars.find((_, i) => a[i] === undefined);
      if (missing) throw new ExplorerError(module.definitions.get(label.name)?.at ?? { module: module.name, line: 1, column: 1 }, `the action ${label.name} does not assign ${missing}'`, "EXPLORER_EVAL");
      emit(a as Value[], label);
    });
  };

  return { module, config, evaluator, vars, act, split, counters, initFilter, onlyAction, initExpr, nextExpr, nextName: nextName ?? "Next", initName: initName ?? "Init", invariants, properties, assumptions, constraints, actionConstraints, viewExpr, permutations };
}

/** The model values of the config's constants in the order they appear, as TLC numbers them when it reads the config. */
function modelValueOrder(values: Iterable<Value>): Map<string, number> {
  const order = new Map<string, number>();
  const visit = (v: Value): void => {
    switch (v.kind) {
      case "model":
        if (!order.has(v.name)) order.set(v.name, order.size);
        break;
      case "set":
      case "seq":
        v.elements.forEach(visit);
        break;
      case "record":
        v.values.forEach(visit);
        break;
      case "function":
        v.domain.forEach((k, i) => (visit(k), visit(v.values[i]!)));
        break;
      default:
        break;
    }
  };
  for (const v of values) visit(v);
  return order;
}

/** Whether every variable of a step being built has its value. */
function allAssigned(a: readonly (Value | undefined)[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] === undefined) return false;
  return true;
}

const UNCHANGED_PARTS = new WeakMap<Expr, { readonly names: readonly string[]; readonly slots: readonly number[]; readonly others: readonly Expr[] }>();

/** Whether an expression mentions a primed expression (then it is passed to operators by name). */
function mentionsPrime(e: Expr): boolean {
  const known = PRIMED.get(e);
  if (known !== undefined) return known;
  const visit = (x: unknown): boolean => {
    if (x === null || typeof x !== "object") return false;
    if (Array.isArray(x)) return x.some(visit);
    const node = x as { kind?: string };
    if (node.kind === "prime" || node.kind === "unchanged") return true;
    return Object.entries(x).some(([k, v]) => k !== "at" && visit(v));
  };
  const result = visit(e);
  PRIMED.set(e, result);
  return result;
}
const PRIMED = new WeakMap<Expr, boolean>();

/** Bodies with arguments substituted by name, once per call site and operator. */
const SUBSTITUTED = new WeakMap<Expr, Map<Expr, Expr>>();
function substitutedBody(site: Expr, closure: Closure, make: () => Expr): Expr {
  let bySite = SUBSTITUTED.get(site);
  if (!bySite) SUBSTITUTED.set(site, (bySite = new Map()));
  let body = bySite.get(closure.body);
  if (!body) bySite.set(closure.body, (body = make()));
  return body;
}

export async function exploreSpec(options: ExploreSpecOptions): Promise<ExplorerOutcome> {
  const { module, config, evaluator, vars, act, split, counters, initExpr, nextExpr, nextName, initName, invariants, properties, assumptions, constraints, actionConstraints, viewExpr, permutations } = await prepare(options);
  const started = performance.now();
  const unchecked = [...new Set(properties.filter((p) => p.kind === "temporal").map((p) => p.name))];
  const warnings = config.unsupported.map((u) => `${u}: not applied by the explorer`);
  // TLC checks every ASSUME first, and stops at the first false one.
  for (const a of assumptions) {
    if (!evaluator.asBool(a.body, { env: new Map(), state: [], next: undefined })) {
      const where = `line ${a.at.line}, col ${a.at.column} to line ${a.end.line}, col ${a.end.column} of module ${a.at.module}`;
      return { kind: "violation", problem: "assumption", name: a.name ?? where, message: `Assumption ${where} is false.`, trace: [] };
    }
  }
  const builder = new StateGraphBuilder();
  builder.setVariables(vars);
  const ids = new Map<string, number>();
  const states: (readonly Value[])[] = [];
  const parent: number[] = [];
  const via: (Label | undefined)[] = [];
  const level: number[] = [];
  const keyOf = (ids: readonly number[]): string => ids.join(",");
  /** Replaces model values by their images under a permutation, everywhere in a value. */
  const symmetry = permutations.length > 0 ? new SymmetryReducer(permutations) : undefined;
  /** What tells states apart: all variables, the VIEW, or the smallest key among the symmetric states. */
  const identity = (s: readonly Value[], valueIds: readonly number[]): string => {
    if (viewExpr) return String(builder.valueId(evaluator.eval(viewExpr, { env: new Map(), state: s, next: undefined })));
    if (permutations.length === 0) return keyOf(valueIds);
    const representative = symmetry!.representative(s);
    return representative === s ? keyOf(valueIds) : keyOf(representative.map((v) => builder.valueId(v)));
  };
  const noBindings: Env = new Map();
  const holds = (e: Expr, s: readonly Value[]): boolean => evaluator.asBool(e, { env: noBindings, state: s, next: undefined });
  const printState = (s: readonly Value[]): string => printTlcState(vars.map((v, i) => [v, s[i]!] as const));
  const step = (l: Label | undefined, s: readonly Value[]): ExplorerTraceStep => ({
    action: l ? (l.args.length ? `${l.name}(${l.args.map(printValue).join(",")})` : l.name) : "Initial predicate",
    state: printState(s),
    values: Object.fromEntries(vars.map((v, i) => [v, toItf(s[i]!)])),
  });
  /** The trace to a known state, and on to a state not kept (one a constraint cuts off), when given. */
  const traceTo = (id: number, beyond?: { label: Label; state: readonly Value[] }): ExplorerTraceStep[] => {
    const steps: ExplorerTraceStep[] = [];
    for (let s = id; s >= 0; s = parent[s]!) steps.push(step(via[s], states[s]!));
    steps.reverse();
    if (beyond) steps.push(step(beyond.label, beyond.state));
    return steps;
  };
  let generated = 0;
  let keptOutside = 0; // states cut off by a CONSTRAINT but kept (keepConstrained)
  /** States by their own values, when what tells states apart is a VIEW or a symmetry reduction. */
  const exactIds = viewExpr || permutations.length > 0 ? new Map<string, number>() : undefined;
  const add = (s: readonly Value[], from: number, label: Label | undefined): { id: number; fresh: boolean; outside: boolean } => {
    const valueIds = s.map((v) => builder.valueId(v));
    // A state met before as it is needs no VIEW or symmetry reduction.
    const exact = keyOf(valueIds);
    const seen = exactIds?.get(exact);
    if (seen !== undefined) return { id: seen, fresh: false, outside: false };
    const key = identity(s, valueIds);
    const known = ids.get(key);
    if (known !== undefined) {
      exactIds?.set(exact, known);
      return { id: known, fresh: false, outside: false };
    }
    const outside = constraints.some((c) => !holds(c, s));
    if (outside && !options.keepConstrained) return { id: -1, fresh: false, outside: true };
    const id = builder.newState();
    builder.defineState(id, { values: valueIds, initial: from < 0, outsideConstraint: outside });
    if (outside) keptOutside++;
    ids.set(key, id);
    exactIds?.set(exact, id);
    // The interned values: a successor that keeps a variable's value then holds the very object, and interning it is one comparison.
    states.push(valueIds.map((v) => builder.value(v)));
    parent.push(from);
    via.push(label);
    level.push(from < 0 ? 1 : level[from]! + 1);
    return { id, fresh: true, outside };
  };

  const queue: number[] = [];
  /** The action id of each label (one label serves every step of one action instance from a state). */
  const actionIds = new WeakMap<Label, number>();
  const nextLabel: Label = { name: nextName, args: [] };
  let violation: Extract<ExplorerOutcome, { kind: "violation" }> | undefined;
  const stateInvariants = [...invariants.map((i) => ({ ...i, problem: "invariant" as const })), ...properties.filter((p) => p.kind === "invariant").map((p) => ({ ...p, problem: "invariant" as const }))];
  const impliedInits = properties.filter((p) => p.kind === "init");
  const impliedActions = properties.filter((p) => p.kind === "action");
  /** TLC's checks of a state seen for the first time (or cut off by a constraint): invariants, and `[]P` properties (which TLC reports as invariants). */
  const checkState = (s: readonly Value[], initial: boolean, trace: () => ExplorerTraceStep[]): boolean => {
    for (const inv of stateInvariants) {
      if (!holds(inv.expr, s)) {
        violation = { kind: "violation", problem: inv.problem, name: inv.name, message: `Invariant ${inv.name} is violated${initial ? " by the initial state" : ""}.`, trace: trace() };
        return false;
      }
    }
    if (initial) {
      for (const p of impliedInits) {
        if (!holds(p.expr, s)) {
          violation = { kind: "violation", problem: "property", name: p.name, message: `Property ${p.name} is violated by the initial state.`, trace: trace() };
          return false;
        }
      }
    }
    return true;
  };
  /** `[][A]_v` properties, on every step (to a new state or not). */
  const checkStep = (from: readonly Value[], to: readonly Value[], trace: () => ExplorerTraceStep[]): boolean => {
    for (const p of impliedActions) {
      if (!evaluator.asBool(p.expr, { env: noBindings, state: from, next: to })) {
        violation = { kind: "violation", problem: "property", name: p.name, message: `Action property ${p.name} is violated.`, trace: trace() };
        return false;
      }
    }
    return true;
  };

  // Bounds and progress: checked every few thousand states and between states, where the loop also yields.
  const limits = boundsOf(options);
  let depth = 0;
  let stopped: ExplorerStop["reason"] | undefined;
  const snapshot = (head: number): ExplorerProgress => ({
    distinctStates: states.length - keptOutside,
    statesGenerated: generated,
    queue: queue.length - head,
    depth,
    seconds: (performance.now() - started) / 1000,
  });
  let lastProgress = started;
  let lastYield = started;
  let lastMemory = 0;
  const overBound = (): ExplorerStop["reason"] | undefined => {
    const now = performance.now();
    if (limits.maxStates !== undefined && states.length - keptOutside > limits.maxStates) return "states";
    if (limits.maxSeconds !== undefined && now - started > limits.maxSeconds * 1000) return "time";
    if (now - lastMemory > 100) {
      lastMemory = now;
      const m = process.memoryUsage();
      if (m.rss > limits.maxMemoryBytes || m.heapUsed > limits.maxHeapBytes) return "memory";
    }
    return undefined;
  };
  let head = 0;
  /** Called for each state generated (a clock read; memory every 100 ms): throws {@link Stop} when a bound is passed, mid-state too. */
  const tick = (): void => {
    const reason = overBound();
    if (reason) throw new Stop(reason);
  };

  evaluator.tlcGetHook = (name) => {
    switch (name) {
      case "distinct":
        return int(states.length - keptOutside);
      case "generated":
        return int(generated);
      case "queue":
        return int(queue.length - head);
      case "diameter":
        return int(depth);
      case "duration":
        return int(Math.floor((performance.now() - started) / 1000));
      default:
        return undefined;
    }
  };
  try {
    if (initExpr !== undefined) {
      act(initExpr, { env: new Map(), locals: undefined }, [], new Array(vars.length).fill(undefined), true, (a) => {
        if (violation) return;
        const missing = vars.find((_, i) => a[i] === undefined);
        if (missing) throw new ExplorerError(module.definitions.get(initName)?.at ?? { module: module.name, line: 1, column: 1 }, `the initial predicate does not assign ${missing}`, "EXPLORER_EVAL");
        generated++;
        tick();
        const s = a as Value[];
        evaluator.level = 1; // TLCGet("level") of an initial state, checked
        const { id, fresh, outside } = add(s, -1, undefined);
        if (id < 0) checkState(s, true, () => [step(undefined, s)]);
        else if (fresh && checkState(s, true, () => traceTo(id)) && !outside) queue.push(id);
        evaluator.level = 0; // and 0 while the initial predicate is evaluated
      });
      if (!violation && queue.length > 0 && nextExpr === undefined) {
        throw new TlabridgeError("CONFIG_SYNTAX", `${module.name}.tla: SPECIFICATION ${config.specification} has initial states but no [][Next]_vars, so TLC cannot explore it either.`);
      }
    }
    if (!violation) options.onSearch?.();
    for (; head < queue.length && !violation; head++) {
      const now = performance.now();
      if (now - lastYield > 50) {
        lastYield = now;
        await new Promise((resolve) => setImmediate(resolve));
        if (options.signal?.aborted) {
          stopped = "interrupted";
          break;
        }
        stopped = overBound();
        if (stopped) break;
        if (options.onProgress && now - lastProgress >= (options.progressEveryMs ?? 5000)) {
          lastProgress = now;
          options.onProgress(snapshot(head));
        }
      }
      if (limits.maxStates !== undefined && states.length - keptOutside > limits.maxStates) {
        stopped = "states";
        break;
      }
      const from = queue[head]!;
      const current = states[from]!;
      depth = Math.max(depth, level[from]!);
      const before = generated;
      // TLCGet("level"): the level of the state explored, and of a new state while it is checked.
      const currentLevel = level[from]!;
      evaluator.level = currentLevel;
      split(nextExpr!, { env: noBindings, locals: undefined }, nextLabel, current, (s, label) => {
        if (violation) return;
        generated++; // TLC counts a step an ACTION_CONSTRAINT or CONSTRAINT discards as generated
        tick();
        const allowed = !actionConstraints.some((c) => !evaluator.asBool(c, { env: noBindings, state: current, next: s }));
        evaluator.level = currentLevel + 1;
        const { id, fresh, outside } = allowed ? add(s, from, label) : { id: -1, fresh: false, outside: true };
        const trace = id < 0 ? () => traceTo(from, { label, state: s }) : () => traceTo(id);
        // As TLC: a state a constraint cuts off is checked each time it is reached, a kept one when first seen.
        const checked = !((id < 0 || fresh) && !checkState(s, false, trace));
        evaluator.level = currentLevel;
        if (!checked) return;
        if (!checkStep(current, s, () => traceTo(from, { label, state: s }))) return;
        if (id < 0) return;
        let action = actionIds.get(label);
        if (action === undefined) actionIds.set(label, (action = builder.actionId(label.name, label.args, module.definitions.get(label.name)?.params)));
        builder.addTransition(from, id, action);
        if (fresh && !outside) queue.push(id);
      });
      const noSuccessor = generated === before;
      // TLC counts the intermediate states of action composition as generated, but not as successors.
      generated += counters.intermediateStates;
      counters.intermediateStates = 0;
      // TLC: a deadlock is a state with no successor at all, even one a constraint cuts off.
      if (!violation && noSuccessor && config.checkDeadlock) {
        violation = { kind: "violation", problem: "deadlock", name: "deadlock", message: "Deadlock reached.", trace: traceTo(from) };
      }
    }
  } catch (e) {
    if (e instanceof Stop) stopped = e.reason;
    else if (e instanceof RangeError && /maximum size|Invalid array length|allocation failed/i.test(e.message)) stopped = "memory";
    else throw e;
  }
  if (violation) return violation;
  if (stopped) return { kind: "stopped", reason: stopped, ...snapshot(head), limits, unchecked, warnings };
  return {
    kind: "success",
    graph: builder.build(),
    distinctStates: states.length - keptOutside,
    statesGenerated: generated,
    depth,
    warnings,
    unchecked,
  };
}

/** One step a spec's next-state relation allows from a state. */
export interface SpecStep {
  readonly name: string;
  readonly args: readonly Value[];
  readonly argNames: readonly string[] | undefined;
  readonly state: readonly Value[];
}

/** A spec's initial states and next-state relation, evaluated on demand (no graph is built). */
export interface SpecStepper {
  readonly variables: readonly string[];
  /** The constants the spec declares (through what it EXTENDS and INSTANCEs). */
  readonly constants: readonly string[];
  /** The actions of the next-state relation, read from its text (see {@link specActions}). */
  readonly actions: readonly SpecAction[];
  /**
   * The initial states; with `keep`, only those it accepts, and it is asked
   * after each variable gets its value (unassigned ones are undefined: it
   * must accept what it cannot decide yet), so that rejected choices are cut
   * before the rest of Init is enumerated.
   */
  initialStates(keep?: (partial: readonly (Value | undefined)[]) => boolean): (readonly Value[])[];
  /**
   * The steps from a state (ACTION_CONSTRAINT applied; CONSTRAINT, VIEW and
   * SYMMETRY are not); with `action`, only the steps of the action of that
   * name, the others not evaluated at all.
   */
  successors(state: readonly Value[], action?: string): SpecStep[];
  /** The config's INVARIANTs, in its order. */
  readonly invariants: readonly string[];
  /** The first of them the state violates, or undefined. */
  violatedInvariant(state: readonly Value[]): string | undefined;
  /** Whether the config has a SYMMETRY (which {@link successors} does not apply). */
  readonly symmetry: boolean;
  /**
   * With SYMMETRY: the representative of a state's orbit, the one
   * {@link exploreSpec} identifies the state by (the least image under the
   * permutations, by hash then value order). Two states are in one orbit
   * exactly when their representatives are equal, whichever orbit member a
   * graph (TLC's or the explorer's) kept. Absent without SYMMETRY.
   */
  representative?(state: readonly Value[]): readonly Value[];
  /** With SYMMETRY: the permutations of the group (identity left out), each as a function on values. */
  readonly permutations?: readonly ((v: Value) => Value)[];
}

/** Opens a spec for stepping on demand, as trace validation explores on the fly. */
export async function openSpec(options: ExploreSpecOptions): Promise<SpecStepper> {
  const p = await prepare(options);
  const { initExpr, nextExpr } = p;
  if (initExpr === undefined || nextExpr === undefined) throw new TlabridgeError("CONFIG_SYNTAX", `${options.config ?? options.spec}: the model has no initial predicate or no next-state relation to step through.`);
  const scope: Scope = { env: new Map(), locals: undefined };
  // The reducer exploreSpec uses, so that callers compare orbits as the explorer does.
  const reducer = p.permutations.length > 0 ? new SymmetryReducer(p.permutations) : undefined;
  return {
    variables: p.vars,
    constants: p.module.constants,
    actions: specActions(p.module, nextExpr, p.nextName),
    symmetry: reducer !== undefined,
    ...(reducer ? { representative: (state: readonly Value[]) => reducer.representative(state), permutations: reducer.permutations() } : {}),
    initialStates: (keep) => {
      const out: (readonly Value[])[] = [];
      p.initFilter.keep = keep;
      try {
        p.act(initExpr, scope, [], new Array(p.vars.length).fill(undefined), true, (a) => {
          const missing = p.vars.find((_, i) => a[i] === undefined);
          if (missing) throw new ExplorerError(p.module.definitions.get(p.initName)?.at ?? { module: p.module.name, line: 1, column: 1 }, `the initial predicate does not assign ${missing}`, "EXPLORER_EVAL");
          if (!keep || keep(a)) out.push(a as Value[]);
        });
      } finally {
        p.initFilter.keep = undefined;
      }
      return out;
    },
    invariants: p.invariants.map((i) => i.name),
    violatedInvariant: (state) => p.invariants.find((i) => !p.evaluator.asBool(i.expr, { env: scope.env, state, next: undefined }))?.name,
    successors: (state, action) => {
      const out: SpecStep[] = [];
      p.onlyAction.name = action;
      try {
        p.split(nextExpr, scope, { name: p.nextName, args: [] }, state, (next, label) => {
          if (p.actionConstraints.some((c) => !p.evaluator.asBool(c, { env: new Map(), state, next }))) return;
          out.push({ name: label.name, args: label.args, argNames: p.module.definitions.get(label.name)?.params, state: next });
        });
      } finally {
        p.onlyAction.name = undefined;
      }
      return out;
    },
  };
}
