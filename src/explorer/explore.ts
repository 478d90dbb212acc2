import { readFile } from "node:fs/promises";
import path from "node:path";
import { TlabridgeError } from "../errors.js";
import { StateGraphBuilder, type StateGraph } from "../graph/index.js";
import { equals, fn, printState as printTlcState, printValue, parseValue, record, seq, set, ValueSyntaxError, type Value } from "../values/index.js";
import { Evaluator, type Closure, type Context, type Env, type Locals } from "./evaluate.js";
import { loadSpecModule } from "./modules.js";
import { ExplorerError, type Expr } from "./syntax.js";

/** A TLC model config, as far as the explorer uses it. */
export interface ModelConfig {
  readonly constants: ReadonlyMap<string, Value>;
  readonly init: string | undefined;
  readonly next: string | undefined;
  readonly specification: string | undefined;
  readonly invariants: readonly string[];
  readonly constraints: readonly string[];
  readonly checkDeadlock: boolean;
  /** VIEW: states are told apart by this expression's value. */
  readonly view: string | undefined;
  /** SYMMETRY: a set of permutations of model values. */
  readonly symmetry: string | undefined;
  /** ACTION_CONSTRAINT: formulas over a step that transitions must satisfy. */
  readonly actionConstraints: readonly string[];
  /** `CONSTANT Name <- Op`: the constant stands for a definition. */
  readonly substitutions: ReadonlyMap<string, string>;
  /** Directives the explorer does not apply (reported). */
  readonly unsupported: readonly string[];
}

const KEYWORD = /^(CONSTANTS?|INIT|NEXT|SPECIFICATION|INVARIANTS?|PROPERTY|PROPERTIES|CONSTRAINTS?|ACTION_CONSTRAINTS?|VIEW|SYMMETRY|CHECK_DEADLOCK|ALIAS|POSTCONDITION)\b/;

/** Parses a TLC `.cfg`. */
export function parseConfig(text: string, file: string): ModelConfig {
  const tokens: { word: string; line: number }[] = [];
  text
    .replace(/\\\*.*$/gm, "")
    .replace(/\(\*[\s\S]*?\*\)/g, "")
    .split("\n")
    .forEach((line, i) => {
      for (const m of line.matchAll(/"(?:[^"\\]|\\.)*"|<-|[{}(),=]|<<|>>|[^\s{}(),=<>"]+/g)) tokens.push({ word: m[0], line: i + 1 });
    });
  const constants = new Map<string, Value>();
  const invariants: string[] = [];
  const constraints: string[] = [];
  const unsupported: string[] = [];
  const actionConstraints: string[] = [];
  const substitutions = new Map<string, string>();
  let view: string | undefined;
  let symmetry: string | undefined;
  let init: string | undefined;
  let next: string | undefined;
  let specification: string | undefined;
  let checkDeadlock = true;
  let section = "";
  for (let i = 0; i < tokens.length; i++) {
    const { word, line } = tokens[i]!;
    if (KEYWORD.test(word)) {
      section = word.replace(/S$/, "").replace(/PROPERTIE$/, "PROPERTY");
      continue;
    }
    switch (section) {
      case "CONSTANT": {
        if (tokens[i + 1]?.word === "<-") {
          substitutions.set(word, tokens[i + 2]?.word ?? "");
          i += 2;
          break;
        }
        if (tokens[i + 1]?.word !== "=") throw new TlabridgeError("CONFIG_SYNTAX", `${file}:${line}: expected 'Name = value' after CONSTANTS, found ${word}.`);
        // The value runs until the next `Name =`, `Name <-` or keyword.
        let j = i + 2;
        let depth = 0;
        const parts: string[] = [];
        while (j < tokens.length) {
          const w = tokens[j]!.word;
          if (depth === 0 && parts.length > 0 && (KEYWORD.test(w) || tokens[j + 1]?.word === "=" || tokens[j + 1]?.word === "<-")) break;
          if (w === "{" || w === "<<" || w === "(") depth++;
          if (w === "}" || w === ">>" || w === ")") depth--;
          parts.push(w);
          j++;
        }
        try {
          constants.set(word, parseValue(parts.join(" ")));
        } catch (e) {
          if (e instanceof ValueSyntaxError) throw new TlabridgeError("CONFIG_SYNTAX", `${file}:${line}: ${e.expected} in the value of ${word}.`);
          throw e;
        }
        i = j - 1;
        break;
      }
      case "INIT":
        init = word;
        break;
      case "NEXT":
        next = word;
        break;
      case "SPECIFICATION":
        specification = word;
        break;
      case "INVARIANT":
        invariants.push(word);
        break;
      case "CONSTRAINT":
        constraints.push(word);
        break;
      case "VIEW":
        view = word;
        break;
      case "SYMMETRY":
        symmetry = word;
        break;
      case "ACTION_CONSTRAINT":
        actionConstraints.push(word);
        break;
      case "CHECK_DEADLOCK":
        checkDeadlock = word === "TRUE";
        break;
      case "PROPERTY":
        unsupported.push(`PROPERTY ${word} (not checked)`);
        break;
      default:
        unsupported.push(`${section} ${word}`);
    }
  }
  return { constants, init, next, specification, invariants, constraints, checkDeadlock, view, symmetry, actionConstraints, substitutions, unsupported };
}

/** A state the explorer found, with how it was reached. */
export interface ExplorerTraceStep {
  readonly action: string;
  readonly state: string;
}

/** How an exploration ended. */
export type ExplorerOutcome =
  | { readonly kind: "success"; readonly graph: StateGraph; readonly distinctStates: number; readonly statesGenerated: number; readonly depth: number; readonly warnings: readonly string[] }
  | {
      readonly kind: "violation";
      readonly problem: "invariant" | "deadlock";
      readonly message: string;
      readonly trace: readonly ExplorerTraceStep[];
    };

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
  const module = await loadSpecModule(specFile, specText, { libraryPaths: options.libraryPaths, tlcJar: options.tlcJar });
  const config = parseConfig(configText, configFile);
  const refused = config.unsupported.find((u) => /^POSTCONDITION/.test(u));
  if (refused) {
    throw new ExplorerError({ module: path.basename(configFile).replace(/\.cfg$/, ""), line: 1, column: 1 }, `${refused.split(" ")[0]} in the config is not supported by the explorer yet`);
  }
  for (const c of module.constants) {
    if (!config.constants.has(c) && !config.substitutions.has(c)) throw new TlabridgeError("CONFIG_MISSING_CONSTANT", `${configFile}: the spec declares CONSTANT ${c}, but the config gives it no value.`);
  }
  let initName = config.init;
  let nextName = config.next;
  if (config.specification) {
    const def = module.definitions.get(config.specification);
    const m = def && /^\s*(?:\/\\\s*)?(\w+)\s*\/\\\s*\[\]\s*\[\s*(\w+)\s*\]_/.exec(def.text);
    if (!m) throw new ExplorerError(def?.at ?? { module: module.name, line: 1, column: 1 }, `expected SPECIFICATION ${config.specification} to read Init /\\ [][Next]_vars`);
    initName = m[1];
    nextName = m[2];
  }
  if (!initName || !nextName) throw new TlabridgeError("CONFIG_SYNTAX", `${configFile}: expected INIT and NEXT, or SPECIFICATION.`);
  const evaluator = new Evaluator(module, config.constants, config.substitutions);
  const vars = module.variables;
  const slots = evaluator.slots;
  const definitionOf = (name: string): Expr => {
    const def = module.definitions.get(name);
    if (!def) throw new TlabridgeError("EXPLORER_UNDEFINED", `${module.name}.tla: the config names ${name}, which the spec does not define.`);
    return def.body;
  };
  const initExpr = definitionOf(initName);
  const nextExpr = definitionOf(nextName);
  const invariants = config.invariants.map((n) => ({ name: n, expr: definitionOf(n) }));
  const constraints = config.constraints.map(definitionOf);
  const actionConstraints = config.actionConstraints.map(definitionOf);
  const viewExpr = config.view ? definitionOf(config.view) : undefined;
  const permutations = config.symmetry
    ? evaluator.elements(definitionOf(config.symmetry), { env: new Map(), state: [], next: undefined }).map((p) => {
        const { keys, values } = evaluator.functionEntries(p, definitionOf(config.symmetry!));
        return { keys, values };
      })
    : [];

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
          else act(e.items[i]!, scope, current, a, init, (b) => step(i + 1, b));
        };
        step(0, assign);
        return;
      }
      case "or":
        for (const item of e.items) act(item, scope, current, [...assign], init, k);
        return;
      case "quant":
        if (e.q === "exists") {
          evaluator.eachBinding(e.bounds, ctx, (binding) => act(e.body, { env: binding, locals: scope.locals }, current, [...assign], init, k));
          return;
        }
        break;
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
        act(e.action, scope, current, assign, init, k);
        if (e.allowStutter) act({ kind: "unchanged", arg: e.vars }, scope, current, assign, init, k);
        return;
      case "unchanged": {
        const names: Expr[] = [];
        const collect = (x: Expr): void => {
          if (x.kind === "tuple") x.items.forEach(collect);
          else if (x.kind === "ref" && slots.has(x.name)) names.push(x);
          else if (x.kind === "ref" && module.definitions.has(x.name)) collect(module.definitions.get(x.name)!.body);
          else evaluator.fail(x, "UNCHANGED expects variables or tuples of them");
        };
        collect(e.arg);
        const a = [...assign];
        for (const n of names) {
          const slot = slots.get((n as { name: string }).name)!;
          const v = current[slot]!;
          if (a[slot] === undefined) a[slot] = v;
          else if (!equals(a[slot]!, v)) return;
        }
        k(a);
        return;
      }
      case "ref":
      case "apply": {
        const closure = operatorNamed(e.name, scope);
        if (closure) {
          const inner = evaluator.bind(closure, e.kind === "apply" ? e.args : [], e, ctx);
          act(closure.body, { env: inner.env, locals: inner.locals }, current, assign, init, k);
          return;
        }
        break;
      }
      case "infix": {
        const slot = target(e.lhs);
        if (slot !== undefined && (e.op === "=" || e.op === "\\in") && assign[slot] === undefined) {
          if (e.op === "=") {
            const a = [...assign];
            a[slot] = evaluator.eval(e.rhs, ctx);
            k(a);
          } else {
            for (const v of evaluator.elements(e.rhs, ctx)) {
              const a = [...assign];
              a[slot] = v;
              k(a);
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

  /** The operator a name refers to in a scope, unless a bound variable or state variable shadows it. */
  const operatorNamed = (name: string, scope: Scope): Closure | undefined => {
    if (scope.env.has(name) || slots.has(name)) return undefined;
    const local = scope.locals?.get(name);
    if (local) return local;
    const def = module.definitions.get(name);
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
    if (e.kind === "apply" || e.kind === "ref") {
      const closure = operatorNamed(e.name, scope);
      const def = module.definitions.get(e.name);
      if (closure && def && !scope.locals?.has(e.name)) {
        const inner = evaluator.bind(closure, e.kind === "apply" ? e.args : [], e, ctx);
        const args = def.params.map((p, i) => (def.operatorParams[i] ? undefined : inner.env.get(p))).filter((v): v is Value => v !== undefined);
        split(def.body, { env: inner.env, locals: inner.locals }, { name: def.name, args }, current, emit);
        return;
      }
    }
    act(e, scope, current, new Array(vars.length).fill(undefined), false, (a) => {
      const missing = vars.find((_, i) => a[i] === undefined);
      if (missing) throw new ExplorerError(module.definitions.get(label.name)?.at ?? { module: module.name, line: 1, column: 1 }, `the action ${label.name} does not assign ${missing}'`, "EXPLORER_EVAL");
      emit(a as Value[], label);
    });
  };

  return { module, config, evaluator, vars, act, split, initExpr, nextExpr, nextName: nextName!, initName: initName!, invariants, constraints, actionConstraints, viewExpr, permutations };
}

export async function exploreSpec(options: ExploreSpecOptions): Promise<ExplorerOutcome> {
  const { module, config, evaluator, vars, act, split, initExpr, nextExpr, nextName, initName, invariants, constraints, actionConstraints, viewExpr, permutations } = await prepare(options);
  const builder = new StateGraphBuilder();
  builder.setVariables(vars);
  const ids = new Map<string, number>();
  const states: (readonly Value[])[] = [];
  const parent: number[] = [];
  const via: (Label | undefined)[] = [];
  const level: number[] = [];
  const keyOf = (ids: readonly number[]): string => ids.join(",");
  /** Replaces model values by their images under a permutation, everywhere in a value. */
  const permute = (v: Value, p: { keys: readonly Value[]; values: readonly Value[] }): Value => {
    switch (v.kind) {
      case "model": {
        const i = p.keys.findIndex((k) => k.kind === "model" && k.name === v.name);
        return i < 0 ? v : p.values[i]!;
      }
      case "set":
        return set(v.elements.map((e) => permute(e, p)));
      case "seq":
        return seq(v.elements.map((e) => permute(e, p)));
      case "record":
        return record(v.fields, v.values.map((e) => permute(e, p)));
      case "function":
        return fn(v.domain.map((e) => permute(e, p)), v.values.map((e) => permute(e, p)));
      default:
        return v;
    }
  };
  /** What tells states apart: all variables, the VIEW, or the smallest key among the symmetric states. */
  const identity = (s: readonly Value[], valueIds: readonly number[]): string => {
    if (viewExpr) return String(builder.valueId(evaluator.eval(viewExpr, { env: new Map(), state: s, next: undefined })));
    if (permutations.length === 0) return keyOf(valueIds);
    let best = keyOf(valueIds);
    for (const p of permutations) {
      const key = keyOf(s.map((v) => builder.valueId(permute(v, p))));
      if (key < best) best = key;
    }
    return best;
  };
  const holds = (e: Expr, s: readonly Value[]): boolean => evaluator.asBool(e, { env: new Map(), state: s, next: undefined });
  const printState = (s: readonly Value[]): string => printTlcState(vars.map((v, i) => [v, s[i]!] as const));
  const traceTo = (id: number): ExplorerTraceStep[] => {
    const steps: ExplorerTraceStep[] = [];
    for (let s = id; s >= 0; s = parent[s]!) {
      const l = via[s];
      steps.push({ action: l ? (l.args.length ? `${l.name}(${l.args.map(printValue).join(",")})` : l.name) : "Initial predicate", state: printState(states[s]!) });
    }
    return steps.reverse();
  };
  let generated = 0;
  let keptOutside = 0; // states cut off by a CONSTRAINT but kept (keepConstrained)
  const add = (s: readonly Value[], from: number, label: Label | undefined): { id: number; fresh: boolean; outside: boolean } => {
    const valueIds = s.map((v) => builder.valueId(v));
    const key = identity(s, valueIds);
    const known = ids.get(key);
    if (known !== undefined) return { id: known, fresh: false, outside: false };
    const outside = constraints.some((c) => !holds(c, s));
    if (outside && !options.keepConstrained) return { id: -1, fresh: false, outside: true };
    const id = builder.newState();
    builder.defineState(id, { values: valueIds, initial: from < 0, outsideConstraint: outside });
    if (outside) keptOutside++;
    ids.set(key, id);
    states.push(s);
    parent.push(from);
    via.push(label);
    level.push(from < 0 ? 1 : level[from]! + 1);
    return { id, fresh: true, outside };
  };

  const queue: number[] = [];
  let violation: ExplorerOutcome | undefined;
  const checkInvariants = (id: number): boolean => {
    for (const inv of invariants) {
      if (!holds(inv.expr, states[id]!)) {
        violation = { kind: "violation", problem: "invariant", message: `Invariant ${inv.name} is violated.`, trace: traceTo(id) };
        return false;
      }
    }
    return true;
  };
  act(initExpr, { env: new Map(), locals: undefined }, [], new Array(vars.length).fill(undefined), true, (a) => {
    if (violation) return;
    const missing = vars.find((_, i) => a[i] === undefined);
    if (missing) throw new ExplorerError(module.definitions.get(initName!)!.at, `the initial predicate does not assign ${missing}`, "EXPLORER_EVAL");
    generated++;
    const { id, fresh, outside } = add(a as Value[], -1, undefined);
    if (fresh && !outside && checkInvariants(id)) queue.push(id);
  });
  let depth = 0;
  for (let head = 0; head < queue.length && !violation; head++) {
    const from = queue[head]!;
    depth = Math.max(depth, level[from]!);
    let successors = 0;
    split(nextExpr, { env: new Map(), locals: undefined }, { name: nextName, args: [] }, states[from]!, (s, label) => {
      if (violation) return;
      generated++; // TLC counts a step an ACTION_CONSTRAINT discards as generated
      if (actionConstraints.some((c) => !evaluator.asBool(c, { env: new Map(), state: states[from]!, next: s }))) return;
      successors++;
      const { id, fresh, outside } = add(s, from, label);
      if (id < 0) return;
      builder.addTransition(from, id, builder.actionId(label.name, label.args, module.definitions.get(label.name)?.params));
      if (fresh && !outside && checkInvariants(id)) queue.push(id);
    });
    if (!violation && successors === 0 && config.checkDeadlock) {
      violation = { kind: "violation", problem: "deadlock", message: "Deadlock reached.", trace: traceTo(from) };
    }
  }
  if (violation) return violation;
  return {
    kind: "success",
    graph: builder.build(),
    distinctStates: states.length - keptOutside,
    statesGenerated: generated,
    depth,
    warnings: config.unsupported.map((u) => `${u}: not applied by the explorer`),
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
  initialStates(): (readonly Value[])[];
  /** The steps from a state (ACTION_CONSTRAINT applied; CONSTRAINT, VIEW and SYMMETRY are not). */
  successors(state: readonly Value[]): SpecStep[];
}

/** Opens a spec for stepping on demand, as trace validation explores on the fly. */
export async function openSpec(options: ExploreSpecOptions): Promise<SpecStepper> {
  const p = await prepare(options);
  const scope: Scope = { env: new Map(), locals: undefined };
  return {
    variables: p.vars,
    initialStates: () => {
      const out: (readonly Value[])[] = [];
      p.act(p.initExpr, scope, [], new Array(p.vars.length).fill(undefined), true, (a) => {
        const missing = p.vars.find((_, i) => a[i] === undefined);
        if (missing) throw new ExplorerError(p.module.definitions.get(p.initName)!.at, `the initial predicate does not assign ${missing}`, "EXPLORER_EVAL");
        out.push(a as Value[]);
      });
      return out;
    },
    successors: (state) => {
      const out: SpecStep[] = [];
      p.split(p.nextExpr, scope, { name: p.nextName, args: [] }, state, (next, label) => {
        if (p.actionConstraints.some((c) => !p.evaluator.asBool(c, { env: new Map(), state, next }))) return;
        out.push({ name: label.name, args: label.args, argNames: p.module.definitions.get(label.name)?.params, state: next });
      });
      return out;
    },
  };
}
