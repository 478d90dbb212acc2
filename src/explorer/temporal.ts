/**
 * What TLC makes of a SPECIFICATION and of PROPERTIES, read from the parsed
 * formulas by their level (constant, state, action, temporal), as TLC's
 * SpecProcessor does: a specification's state-level conjuncts join the
 * initial predicate, `[][A]_v` is the next-state relation and the temporal
 * rest (fairness) matters only for liveness; a property's `[]P` with P a
 * state predicate is checked on every state, `[][A]_v` on every step, a
 * state predicate on the initial states, and anything else is liveness.
 *
 * @module
 */
import { ExplorerError, type Expr, type Location, type Module } from "./syntax.js";

/** 0 constant, 1 state, 2 action, 3 temporal: TLA+'s levels. */
export type Level = 0 | 1 | 2 | 3;

/** Operators the parser keeps as applications of these names, never evaluated: they make a formula temporal. */
const TEMPORAL = new Set(["[]", "<>", "~>", "WF_", "SF_", "\\EE", "\\AA", "-+->"]);

const max = (a: Level, b: Level): Level => (a > b ? a : b);

/** Computes the level of expressions of one module. */
export class Levels {
  private readonly memo = new Map<string, Level>();
  private readonly variables: ReadonlySet<string>;

  constructor(
    private readonly module: Module,
    /** `CONSTANT Name <- Op` of the config. */
    private readonly substitutions: ReadonlyMap<string, string> = new Map(),
  ) {
    this.variables = new Set(module.variables);
  }

  /** The level of a definition's body (its parameters count as constants). */
  ofDefinition(name: string): Level {
    const known = this.memo.get(name);
    if (known !== undefined) return known;
    const def = this.module.definitions.get(this.substitutions.get(name) ?? name);
    if (!def) return 0;
    this.memo.set(name, 0); // recursion guard
    const level = this.of(def.body, new Set(def.params), undefined);
    this.memo.set(name, level);
    return level;
  }

  /** The level of an expression; `bound` are names bound around it, `locals` LET definitions in scope. */
  of(e: Expr, bound: ReadonlySet<string> = new Set(), locals?: ReadonlyMap<string, Level>): Level {
    switch (e.kind) {
      case "ref": {
        if (bound.has(e.name)) return 0;
        const local = locals?.get(e.name);
        if (local !== undefined) return local;
        if (this.variables.has(e.name)) return 1;
        return this.ofDefinition(e.name);
      }
      case "apply": {
        let level: Level = TEMPORAL.has(e.name) ? 3 : 0;
        for (const a of e.args) level = max(level, this.of(a, bound, locals));
        if (bound.has(e.name)) return level;
        const local = locals?.get(e.name);
        return max(level, local ?? this.ofDefinition(e.name));
      }
      case "prime":
      case "unchanged":
        return max(2, this.children(e, bound, locals));
      case "stutter":
        return max(2, this.children(e, bound, locals));
      case "enabled":
        return max(1, this.children(e, bound, locals) === 3 ? 3 : 1);
      case "let": {
        const inner = new Map(locals ?? []);
        for (const d of e.definitions) inner.set(d.name, this.of(d.body, new Set([...bound, ...d.params]), inner));
        return this.of(e.body, bound, inner);
      }
      default:
        return this.children(e, bound, locals);
    }
  }

  /** The highest level among an expression's parts, with the names it binds bound in them. */
  private children(e: Expr, bound: ReadonlySet<string>, locals: ReadonlyMap<string, Level> | undefined): Level {
    const node = e as unknown as Record<string, unknown>;
    const names: string[] = [];
    const binders = [...(Array.isArray(node["bounds"]) ? (node["bounds"] as { names: string[] }[]) : []), ...(node["bound"] ? [node["bound"] as { names: string[] }] : [])];
    for (const b of binders) names.push(...b.names);
    if (e.kind === "lambda") names.push(...e.params);
    if (e.kind === "recursiveFunction") names.push(e.name);
    const inner = names.length > 0 ? new Set([...bound, ...names]) : bound;
    let level: Level = 0;
    const walk = (v: unknown): void => {
      if (level === 3 || v === null || typeof v !== "object") return;
      if (Array.isArray(v)) {
        for (const x of v) walk(x);
        return;
      }
      if (v instanceof Map) {
        for (const x of v.values()) walk(x);
        return;
      }
      const o = v as Record<string, unknown>;
      // An expression, unless a path step of EXCEPT ({kind: "index"} or {kind: "field", name}).
      if (typeof o["kind"] === "string" && o["kind"] !== "index" && !(o["kind"] === "field" && !("record" in o))) {
        level = max(level, this.of(o as unknown as Expr, inner, locals));
        return;
      }
      for (const [k, x] of Object.entries(o)) if (k !== "at") walk(x);
    };
    for (const [k, x] of Object.entries(node)) if (k !== "at" && k !== "kind") walk(x);
    return level;
  }
}

const NOWHERE: Location = { module: "?", line: 1, column: 1 };

function where(e: Expr): Location {
  return "at" in e && typeof e.at === "object" ? (e.at as Location) : NOWHERE;
}

/** A SPECIFICATION taken apart as TLC does. */
export interface SpecParts {
  /** The state-level conjuncts: together, the initial predicate. */
  readonly init: readonly Expr[];
  /** A of `[][A]_v`, the next-state relation (undefined: the spec allows no step). */
  readonly next: Expr | undefined;
  /** The temporal conjuncts (fairness): they constrain behaviors, not which states are reachable. */
  readonly fairness: readonly Expr[];
}

/**
 * Takes apart the body of a SPECIFICATION, going through definitions without
 * parameters, as TLC's SpecProcessor.processConfigSpec does.
 */
export function decomposeSpec(name: string, module: Module, levels: Levels): SpecParts {
  const def = module.definitions.get(name);
  if (!def) throw new ExplorerError({ module: module.name, line: 1, column: 1 }, `the config's SPECIFICATION ${name} is not defined in the spec`, "EXPLORER_UNDEFINED");
  const init: Expr[] = [];
  const fairness: Expr[] = [];
  let next: Expr | undefined;
  const visit = (e: Expr): void => {
    if (e.kind === "ref" && !module.variables.includes(e.name)) {
      const d = module.definitions.get(e.name);
      if (d && d.params.length === 0) {
        if (levels.ofDefinition(e.name) <= 1) init.push(e);
        else visit(d.body);
        return;
      }
    }
    if (e.kind === "and") {
      for (const item of e.items) visit(item);
      return;
    }
    if (e.kind === "apply" && e.name === "[]") {
      const arg = e.args[0]!;
      if (arg.kind === "stutter" && arg.allowStutter) {
        if (next) throw new ExplorerError(where(e), `SPECIFICATION ${name} has more than one [][Next]_vars conjunct, which TLC does not handle either`);
        next = arg.action;
        return;
      }
      if (levels.of(arg) <= 1) throw new ExplorerError(where(e), `SPECIFICATION ${name} has a conjunct []P with P a state predicate, which TLC cannot handle`);
      fairness.push(e);
      return;
    }
    if (e.kind === "apply" && (e.name === "\\EE" || e.name === "\\AA")) {
      throw new ExplorerError(where(e), `SPECIFICATION ${name} quantifies over variables (${e.name}), which TLC does not support either`);
    }
    const level = levels.of(e);
    if (level <= 1) init.push(e);
    else if (level === 3) {
      // TLC finds [][Next]_vars through operators with parameters too (R(42) with R == INSTANCE ...); the explorer does not yet.
      const through = e.kind === "apply" ? module.definitions.get(e.name) : undefined;
      if (through && containsBoxedAction(through.body)) throw new ExplorerError(where(e), `the explorer reads SPECIFICATION ${name}'s [][Next]_vars only through conjunctions and definitions without parameters`);
      fairness.push(e);
    } else throw new ExplorerError(where(e), `SPECIFICATION ${name} has an action-level conjunct outside [][Next]_vars, which TLC cannot handle`);
  };
  visit(def.body);
  return { init, next, fairness };
}

/** Whether a formula has a `[][A]_v` in it (somewhere TLC would find its next-state relation). */
function containsBoxedAction(e: unknown): boolean {
  if (e === null || typeof e !== "object") return false;
  if (Array.isArray(e)) return e.some(containsBoxedAction);
  const o = e as Record<string, unknown>;
  if (o["kind"] === "apply" && o["name"] === "[]" && Array.isArray(o["args"]) && (o["args"][0] as { kind?: string } | undefined)?.kind === "stutter") return true;
  return Object.entries(o).some(([k, v]) => k !== "at" && containsBoxedAction(v));
}

/** One check a PROPERTY makes, as TLC splits properties. */
export interface PropertyCheck {
  /**
   * `invariant`: `[]P`, P a state predicate, checked on every reachable state;
   * `action`: `[][A]_v`, checked on every step; `init`: a state predicate,
   * checked on the initial states; `temporal`: anything else (liveness), not
   * checked by the explorer.
   */
  readonly kind: "invariant" | "action" | "init" | "temporal";
  /** The name TLC reports it by. */
  readonly name: string;
  /** P, `[A]_v`, the predicate, or the temporal formula. */
  readonly expr: Expr;
}

/** Splits a PROPERTY into its checks, as TLC's SpecProcessor.processConfigProps does. */
export function classifyProperty(name: string, module: Module, levels: Levels): PropertyCheck[] {
  const def = module.definitions.get(name);
  if (!def) throw new ExplorerError({ module: module.name, line: 1, column: 1 }, `the config's PROPERTY ${name} is not defined in the spec`, "EXPLORER_UNDEFINED");
  const out: PropertyCheck[] = [];
  const visit = (label: string, e: Expr, wrap: (x: Expr) => Expr): void => {
    if (e.kind === "ref" && !module.variables.includes(e.name)) {
      const d = module.definitions.get(e.name);
      if (d && d.params.length === 0) {
        visit(e.name, d.body, wrap);
        return;
      }
    }
    if (e.kind === "and") {
      for (const item of e.items) visit(label, item, wrap);
      return;
    }
    if (e.kind === "quant" && e.q === "forall" && e.bounds.every((b) => levels.of(b.set) === 0)) {
      // \A x \in S : []P(x) is [](\A x \in S : P(x)) (and so for [][A]_v): check it so.
      visit(label, e.body, (x) => wrap({ ...e, body: x }));
      return;
    }
    if (e.kind === "apply" && e.name === "[]") {
      const arg = e.args[0]!;
      if (arg.kind === "stutter" && arg.allowStutter) out.push({ kind: "action", name: label, expr: wrap(arg) });
      else if (levels.of(arg) <= 1) out.push({ kind: "invariant", name: arg.kind === "ref" ? arg.name : label, expr: wrap(arg) });
      else out.push({ kind: "temporal", name: label, expr: wrap(e) });
      return;
    }
    const level = levels.of(e);
    if (level <= 1) out.push({ kind: "init", name: label, expr: wrap(e) });
    else if (level === 3) out.push({ kind: "temporal", name: label, expr: wrap(e) });
    else throw new ExplorerError(where(e), `PROPERTY ${label} is an action-level formula, not a temporal one (write [][A]_vars), which TLC rejects too`);
  };
  visit(name, def.body, (x) => x);
  return out;
}
