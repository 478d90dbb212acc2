import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Parser from "web-tree-sitter";
import { TlabridgeError } from "../errors.js";
import { oneLine } from "../util/one-line.js";

/** Where a construct is in its module, for errors. */
export interface Location {
  readonly module: string;
  readonly line: number;
  readonly column: number;
}

/** An expression of the subset of TLA+ the explorer evaluates. */
export type Expr =
  | { readonly kind: "num"; readonly value: number }
  | { readonly kind: "str"; readonly value: string }
  | { readonly kind: "bool"; readonly value: boolean }
  | { readonly kind: "ref"; readonly name: string; readonly at: Location }
  | { readonly kind: "apply"; readonly name: string; readonly args: readonly Expr[]; readonly at: Location }
  | { readonly kind: "infix"; readonly op: string; readonly lhs: Expr; readonly rhs: Expr; readonly at: Location }
  | { readonly kind: "prefix"; readonly op: string; readonly arg: Expr; readonly at: Location }
  | { readonly kind: "prime"; readonly arg: Expr; readonly at: Location }
  | { readonly kind: "and" | "or"; readonly items: readonly Expr[] }
  | { readonly kind: "quant"; readonly q: "forall" | "exists"; readonly bounds: readonly Bound[]; readonly body: Expr }
  | { readonly kind: "setEnum" | "tuple"; readonly items: readonly Expr[] }
  | { readonly kind: "fnLit"; readonly bounds: readonly Bound[]; readonly body: Expr }
  | { readonly kind: "fnApp"; readonly fn: Expr; readonly args: readonly Expr[]; readonly at: Location }
  | { readonly kind: "record"; readonly fields: readonly string[]; readonly values: readonly Expr[] }
  | { readonly kind: "recordSet"; readonly fields: readonly string[]; readonly sets: readonly Expr[] }
  | { readonly kind: "fnSet"; readonly domain: Expr; readonly range: Expr }
  | { readonly kind: "field"; readonly record: Expr; readonly field: string; readonly at: Location }
  | { readonly kind: "except"; readonly base: Expr; readonly updates: readonly ExceptUpdate[] }
  | { readonly kind: "at" }
  | { readonly kind: "if"; readonly cond: Expr; readonly then: Expr; readonly else: Expr }
  | { readonly kind: "unchanged"; readonly arg: Expr }
  | { readonly kind: "boolSet" }
  | { readonly kind: "infiniteSet"; readonly which: "Nat" | "Int" | "STRING" }
  /**
   * LET. `instances` are its `I == INSTANCE M WITH ...` definitions, as parsed:
   * the module loader (modules.ts) replaces them by the instance's definitions
   * (`I!Op`) among `definitions`, so that the evaluator never sees them.
   */
  | { readonly kind: "let"; readonly definitions: readonly Definition[]; readonly body: Expr; readonly instances?: readonly Instance[] }
  | { readonly kind: "case"; readonly arms: readonly { readonly guard: Expr; readonly value: Expr }[]; readonly other: Expr | undefined; readonly at: Location }
  | { readonly kind: "choose"; readonly bound: Bound; readonly body: Expr; readonly at: Location }
  | { readonly kind: "setMap"; readonly bounds: readonly Bound[]; readonly body: Expr }
  | { readonly kind: "setFilter"; readonly bound: Bound; readonly body: Expr }
  | { readonly kind: "lambda"; readonly params: readonly string[]; readonly body: Expr }
  | { readonly kind: "stutter"; readonly action: Expr; readonly vars: Expr; readonly allowStutter: boolean }
  | { readonly kind: "product"; readonly sets: readonly Expr[]; readonly at: Location }
  | { readonly kind: "enabled"; readonly action: Expr; readonly at: Location }
  | { readonly kind: "recursiveFunction"; readonly name: string; readonly bounds: readonly Bound[]; readonly body: Expr; readonly at: Location }
  /**
   * An INSTANCE's `x <- e` where the instantiated module says x: e mentions
   * only the instancing module's names and no primes, so its value depends on
   * the state alone and is computed once per state (TLC keeps it lazily, too),
   * however often and however deeply nested the instance mentions x.
   */
  | { readonly kind: "substituted"; readonly expr: Expr };

/** `x \in S` in a quantifier or constructor. */
export interface Bound {
  readonly names: readonly string[];
  readonly set: Expr;
  /** `<<x, y>> \in S`: each element of S is a tuple whose components bind the names. */
  readonly tuple?: boolean;
}

/** One `![a].b = e` of an EXCEPT. */
export interface ExceptUpdate {
  readonly path: readonly ({ readonly kind: "index"; readonly args: readonly Expr[] } | { readonly kind: "field"; readonly name: string })[];
  readonly value: Expr;
}

/** An operator definition. */
export interface Definition {
  readonly name: string;
  readonly params: readonly string[];
  /** Which parameters are operators (`F(_)`), for higher-order definitions. */
  readonly operatorParams: readonly boolean[];
  readonly body: Expr;
  /** The definition's text, for what the explorer reads by shape (SPECIFICATION). */
  readonly text: string;
  readonly at: Location;
}

/** `I == INSTANCE M WITH a <- e` (named) or `INSTANCE M WITH ...`. */
export interface Instance {
  /** The prefix of the imported definitions (`I` for `I!Op`), or undefined for an unnamed instance. */
  readonly name: string | undefined;
  readonly module: string;
  readonly substitutions: ReadonlyMap<string, Expr>;
  readonly at: Location;
  /** `F(x, y) == INSTANCE M`: the parameters, prepended to those of each `F!Op`. */
  readonly params?: readonly string[];
  /** `LOCAL INSTANCE M` or `LOCAL I == INSTANCE M`. */
  readonly local?: boolean;
}

/** `ASSUME P`, `ASSUME Name == P` (or AXIOM, ASSUMPTION): a constant formula TLC checks before exploring. */
export interface Assumption {
  readonly name: string | undefined;
  readonly body: Expr;
  /** Where the formula starts, and (1-based, inclusive) where it ends: TLC names an assumption by this span. */
  readonly at: Location;
  readonly end: { readonly line: number; readonly column: number };
}

/** A parsed module. */
export interface Module {
  readonly name: string;
  readonly extends: readonly string[];
  readonly instances: readonly Instance[];
  readonly constants: readonly string[];
  readonly variables: readonly string[];
  readonly definitions: ReadonlyMap<string, Definition>;
  /** The natively implemented modules (see `builtins/`) this module extends, directly or not; undefined: all. */
  readonly builtinModules?: readonly string[];
  /** The module's own ASSUMEs, in order. */
  readonly assumptions?: readonly Assumption[];
  /** The file the module is in. */
  readonly file?: string;
  /** Where its name is, in the header `---- MODULE Name ----`. */
  readonly at?: Location;
  /** Where each name of `extends` is (same order). */
  readonly extendsAt?: readonly Location[];
  /** The module this one is nested in (its definitions, constants and variables are in scope), if any. */
  readonly enclosing?: string;
}

type Node = Parser.SyntaxNode;

let parser: Parser | undefined;

/**
 * The TLA+ grammar's wasm: the copy the build puts in dist/grammars/ (an
 * installed tlabridge has no @tlaplus/tree-sitter-tlaplus: see
 * scripts/copy-grammar.mjs), else the build-time dependency's own.
 */
function grammarWasm(): string {
  const shipped = fileURLToPath(new URL("../../grammars/tree-sitter-tlaplus.wasm", import.meta.url));
  if (existsSync(shipped)) return shipped;
  return path.join(path.dirname(createRequire(import.meta.url).resolve("@tlaplus/tree-sitter-tlaplus/package.json")), "tree-sitter-tlaplus.wasm");
}

/** The tree-sitter TLA+ parser (wasm), loaded once. */
async function tlaParser(): Promise<Parser> {
  if (parser) return parser;
  await Parser.init();
  const language = await Parser.Language.load(grammarWasm());
  parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

/** An unsupported construct or a syntax error, with where and what to do. */
export class ExplorerError extends TlabridgeError {
  /** `tlcHelps`: false for what TLC refuses too (an unbounded \\E), where suggesting TLC would send the user astray. */
  constructor(at: Location, problem: string, code = "EXPLORER_UNSUPPORTED", tlcHelps = true) {
    // The advice once, even when the problem is another error's message (a definition that did not parse).
    // A problem deferred to evaluation (a definition that did not convert) keeps its "by TLC either" through the re-throw.
    const advice = code === "EXPLORER_UNSUPPORTED" && tlcHelps && !problem.includes("by TLC either") && !problem.includes("(use --engine tlc") ? " (use --engine tlc for specs the explorer does not support)" : "";
    super(code, oneLine(`${at.module}.tla:${at.line}:${at.column}: ${problem}${advice}`));
  }
}

const INFIX: Record<string, string> = {
  eq: "=",
  neq: "#",
  lt: "<",
  leq: "<=",
  gt: ">",
  geq: ">=",
  plus: "+",
  minus: "-",
  mul: "*",
  div: "\\div",
  mod: "%",
  in: "\\in",
  notin: "\\notin",
  cup: "\\cup",
  cap: "\\cap",
  setminus: "\\",
  dots_2: "..",
  circ: "\\o",
  map_to: ":>",
  compose: "@@",
  times: "\\X",
  subseteq: "\\subseteq",
  implies: "=>",
  iff: "<=>",
  equiv: "<=>",
  pow: "^",
  subset: "\\subset",
  supseteq: "\\supseteq",
  supset: "\\supset",
};

/** The expression with each free reference to a name in `by` replaced by its expression (binders inside shadow it). */
export function substitute(e: Expr, by: ReadonlyMap<string, Expr>): Expr {
  const rewrite = (x: unknown, shadowed: ReadonlySet<string>): unknown => {
    if (x === null || typeof x !== "object") return x;
    if (Array.isArray(x)) return x.map((y) => rewrite(y, shadowed));
    const node = x as { kind?: string; name?: string; bounds?: readonly { names: readonly string[] }[]; bound?: { names: readonly string[] } };
    if (node.kind === "ref" && node.name !== undefined && by.has(node.name) && !shadowed.has(node.name)) return by.get(node.name);
    let inner = shadowed;
    const binders = node.bounds ?? (node.bound ? [node.bound] : []);
    if (binders.length > 0) inner = new Set([...shadowed, ...binders.flatMap((b) => b.names)]);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(x)) out[k] = k === "at" ? v : rewrite(v, inner);
    return out;
  };
  return rewrite(e, new Set()) as Expr;
}

/** Spellings of one user-definable operator; the first is the name definitions and built-ins use. */
const SYNONYMS: readonly (readonly string[])[] = [
  ["(+)", "\\oplus"],
  ["(-)", "\\ominus"],
  ["(.)", "\\odot"],
  ["(/)", "\\oslash"],
  ["(\\X)", "\\otimes"],
  ["\\o", "\\circ"],
  ["<=", "=<", "\\leq"],
  [">=", "\\geq"],
  ["#", "/=", "\\neq"],
  ["\\cup", "\\union"],
  ["\\cap", "\\intersect"],
  ["\\in"],
];
const CANONICAL = new Map(SYNONYMS.flatMap((names) => names.map((n) => [n, names[0]!] as const)));

/** The name an operator symbol is defined and looked up by (`-.` for prefix minus). */
function operatorName(symbol: string, prefix = false): string {
  const s = symbol.trim();
  if (prefix && s === "-") return "-.";
  return CANONICAL.get(s) ?? s;
}

/** Parses a module's text into definitions the explorer evaluates: the file's first module. */
export async function parseModule(text: string, file: string): Promise<Module> {
  return (await parseModules(text, file))[0]!;
}

/**
 * Parses every module of a file: the first top-level module first, each
 * module followed by those nested in it, then the top-level modules after
 * it (`---- MODULE Common ----` below the spec's `====`). Locations name
 * the file (its base name), whichever module they are in.
 */
export async function parseModules(text: string, file: string): Promise<Module[]> {
  // The same file is often read twice in one run (a spec and a module generated around it, the tests): parse it once.
  const key = `${file}\u0000${text}`;
  let parsed = PARSED.get(key);
  if (parsed === undefined) {
    if (PARSED.size >= 256) PARSED.clear();
    parsed = parseModulesOnce(text, file);
    PARSED.set(key, parsed);
    parsed.catch(() => PARSED.delete(key));
  }
  return parsed;
}

/** Parsed modules by file and text (their values are never changed once made). */
const PARSED = new Map<string, Promise<Module[]>>();

async function parseModulesOnce(text: string, file: string): Promise<Module[]> {
  checkNesting(text, path.basename(file).replace(/\.tla$/, ""));
  const tree = (await tlaParser()).parse(text);
  const moduleName = path.basename(file).replace(/\.tla$/, "");
  const locate = (n: Node): Location => ({ module: moduleName, line: n.startPosition.row + 1, column: n.startPosition.column + 1 });
  const roots = tree.rootNode.children.filter((c) => c.type === "module");
  if (roots.length === 0) {
    // A module whose header parsed but whose body did not is one ERROR node: point at the unit that broke it.
    const broken = brokenUnit(tree.rootNode);
    if (broken !== undefined) {
      const at = locate(broken);
      const defines = broken.type === "identifier" && /^(def_eq|\()$/.test(broken.nextSibling?.type ?? "");
      const what = defines ? `the definition of ${broken.text}` : `what starts here (${oneLine(broken.text).slice(0, 40)})`;
      throw new ExplorerError(at, `the spec does not parse: ${what} is not complete (a bracket, an operand, THEN/ELSE, IN or a separator missing or extra, up to the module's end)`, "EXPLORER_SYNTAX");
    }
    throw new ExplorerError({ module: moduleName, line: 1, column: 1 }, "expected a module (---- MODULE Name ----)", "EXPLORER_SYNTAX");
  }
  for (const root of roots) {
    const error = findError(root);
    if (error) throw new ExplorerError(locate(error), `the spec does not parse here (${error.isMissing ? `missing ${error.type}` : "unexpected text"})`, "EXPLORER_SYNTAX");
  }

  // `children` filtered by `isNamed`: namedChildren of web-tree-sitter 0.24 is unreliable here.
  const named = (n: Node): Node[] => n.children.filter((c) => c.isNamed && c.type !== "comment" && c.type !== "block_comment");
  const symbolOf = (n: Node): string => one(n, "symbol").type;
  // childrenForFieldName of web-tree-sitter 0.24 returns wrong nodes; go by fieldNameForChild.
  const field = (n: Node, name: string): Node[] => {
    const out: Node[] = [];
    for (let i = 0; i < n.childCount; i++) if (n.fieldNameForChild(i) === name && n.child(i)!.isNamed) out.push(n.child(i)!);
    return out;
  };
  const one = (n: Node, name: string): Node => {
    const found = field(n, name)[0];
    if (found === undefined) throw new ExplorerError(locate(n), `expected ${name.replace(/_/g, " ")} in this ${n.type.replace(/_/g, " ")}`, "EXPLORER_SYNTAX");
    return found;
  };

  /** `[a |-> e, ...]` or `[a : S, ...]`: field names and their expressions, separators skipped. */
  const fieldPairs = (n: Node, separator: string): { fields: string[]; exprs: Expr[] } => {
    const parts = named(n).filter((c) => c.type !== separator);
    const fields: string[] = [];
    const exprs: Expr[] = [];
    for (let i = 0; i + 1 < parts.length; i += 2) {
      fields.push(parts[i]!.text);
      exprs.push(expr(parts[i + 1]!));
    }
    return { fields, exprs };
  };

  const bound = (n: Node): Bound => {
    const intro = field(n, "intro");
    if (intro.length === 1 && intro[0]!.type === "tuple_of_identifiers") {
      return { names: named(intro[0]!).filter((c) => c.type === "identifier").map((c) => c.text), set: expr(one(n, "set")), tuple: true };
    }
    return { names: intro.map((i) => i.text), set: expr(one(n, "set")) };
  };

  /**
   * `Inv!2`, `Op(a)!1!(x)`, `I!Inv!<<`, `Thm!:`: a reference to the
   * definition named by the components (joined by "!", as `I!Op`) followed by
   * the navigation steps (see {@link selectorOf}); the arguments of the
   * components and of `!(e, ...)` steps, in order. `Name!:` at the end is
   * `Name` itself (the body of a definition or THEOREM).
   */
  const subexpression = (n: Node): Expr => {
    const [prefix, last] = named(n);
    const parts: string[] = [];
    const args: Expr[] = [];
    for (const item of [...named(prefix!), last!]) {
      const inner = named(item)[0];
      if (item.type === "subexpr_component" && inner?.type === "identifier_ref") parts.push(inner.text);
      else if (item.type === "subexpr_component" && inner?.type === "bound_op") {
        parts.push(one(inner, "name").text);
        args.push(...field(inner, "parameter").map(expr));
      } else if (item.type === "subexpr_tree_nav" && inner !== undefined) {
        if (inner.type === "operator_args") args.push(...named(inner).map(expr));
        parts.push(navigationStep(inner));
      } else throw new ExplorerError(locate(item), `the subexpression name ${n.text} is not supported by the explorer (only Name!... and Op(args)!... are)`);
    }
    if (parts.length > 1 && parts[parts.length - 1] === ":") parts.pop();
    const name = parts.join("!");
    return args.length > 0 ? { kind: "apply", name, args, at: locate(n) } : { kind: "ref", name, at: locate(n) };
  };

  const expr = (n: Node): Expr => {
    switch (n.type) {
      case "nat_number":
        return { kind: "num", value: Number(n.text) };
      case "hex_number":
      case "octal_number":
      case "binary_number": {
        const digits = named(n).find((c) => c.type === "value")?.text ?? "";
        return { kind: "num", value: parseInt(digits, n.type === "hex_number" ? 16 : n.type === "octal_number" ? 8 : 2) };
      }
      case "string":
        return { kind: "str", value: unescapeTla(n.text) };
      case "boolean":
        return { kind: "bool", value: n.text === "TRUE" };
      case "boolean_set":
        return { kind: "boolSet" };
      case "identifier_ref":
        return { kind: "ref", name: n.text, at: locate(n) };
      case "parentheses":
        return expr(named(n)[0]!);
      case "prev_func_val":
        return { kind: "at" };
      case "bound_op": {
        const name = one(n, "name").text;
        return { kind: "apply", name, args: field(n, "parameter").map(expr), at: locate(n) };
      }
      case "bound_infix_op": {
        const sym = symbolOf(n);
        const lhs = expr(one(n, "lhs"));
        const rhs = expr(one(n, "rhs"));
        if (sym === "land") return { kind: "and", items: [lhs, rhs] };
        if (sym === "lor") return { kind: "or", items: [lhs, rhs] };
        if (sym === "times") {
          // A \X B \X C is one product of three sets (triples), unlike (A \X B) \X C.
          const left = one(n, "lhs");
          const sets = left.type === "bound_infix_op" && symbolOf(left) === "times" ? [...(lhs as Extract<Expr, { kind: "product" }>).sets, rhs] : [lhs, rhs];
          return { kind: "product", sets, at: locate(n) };
        }
        const op = INFIX[sym];
        if (op === undefined) return { kind: "apply", name: operatorName(one(n, "symbol").text), args: [lhs, rhs], at: locate(n) };
        return { kind: "infix", op, lhs, rhs, at: locate(n) };
      }
      case "bound_prefix_op": {
        const sym = symbolOf(n);
        const arg = expr(one(n, "rhs"));
        if (sym === "unchanged") return { kind: "unchanged", arg };
        if (sym === "lnot" || sym === "negative" || sym === "powerset" || sym === "union" || sym === "domain") {
          return { kind: "prefix", op: sym, arg, at: locate(n) };
        }
        if (sym === "enabled") return { kind: "enabled", action: arg, at: locate(n) };
        // Temporal operators: applications of "[]" and "<>", which the explorer reads by level (see temporal.ts) and never evaluates.
        if (sym === "always" || sym === "eventually") return { kind: "apply", name: sym === "always" ? "[]" : "<>", args: [arg], at: locate(n) };
        return { kind: "apply", name: operatorName(one(n, "symbol").text, true), args: [arg], at: locate(n) };
      }
      case "bound_postfix_op":
        if (symbolOf(n) !== "prime") return { kind: "apply", name: operatorName(one(n, "symbol").text), args: [expr(one(n, "lhs"))], at: locate(n) };
        return { kind: "prime", arg: expr(one(n, "lhs")), at: locate(n) };
      case "label":
        return expr(one(n, "expression"));
      case "infix_op_symbol": {
        // An operator symbol passed as an argument (FoldSet(+, 0, S)): the operator as a LAMBDA, or the definition it names.
        const sym = named(n)[0]?.type ?? "";
        const at = locate(n);
        const a: Expr = { kind: "ref", name: "\u0000lhs", at };
        const b: Expr = { kind: "ref", name: "\u0000rhs", at };
        const op = INFIX[sym];
        if (sym === "land" || sym === "lor") return { kind: "lambda", params: ["\u0000lhs", "\u0000rhs"], body: { kind: sym === "land" ? "and" : "or", items: [a, b] } };
        if (op !== undefined) return { kind: "lambda", params: ["\u0000lhs", "\u0000rhs"], body: { kind: "infix", op, lhs: a, rhs: b, at } };
        return { kind: "ref", name: operatorName(n.text), at };
      }
      case "conj_list":
        return { kind: "and", items: named(n).map((item) => expr(named(item).find((c) => c.type !== "bullet_conj")!)) };
      case "disj_list":
        return { kind: "or", items: named(n).map((item) => expr(named(item).find((c) => c.type !== "bullet_disj")!)) };
      case "bounded_quantification": {
        const q = one(n, "quantifier").type;
        if (q !== "forall" && q !== "exists") throw new ExplorerError(locate(n), "this quantifier is not supported");
        return { kind: "quant", q, bounds: field(n, "bound").map(bound), body: expr(one(n, "expression")) };
      }
      case "finite_set_literal":
        return { kind: "setEnum", items: named(n).map(expr) };
      case "tuple_literal":
        return { kind: "tuple", items: named(n).filter((c) => c.type !== "langle_bracket" && c.type !== "rangle_bracket").map(expr) };
      case "function_literal": {
        const parts = named(n);
        const bounds = parts.filter((c) => c.type === "quantifier_bound").map(bound);
        return { kind: "fnLit", bounds, body: expr(parts[parts.length - 1]!) };
      }
      case "function_evaluation": {
        const [fn, ...args] = named(n);
        return { kind: "fnApp", fn: expr(fn!), args: args.map(expr), at: locate(n) };
      }
      case "record_literal": {
        const { fields, exprs } = fieldPairs(n, "all_map_to");
        return { kind: "record", fields, values: exprs };
      }
      case "set_of_records": {
        const { fields, exprs } = fieldPairs(n, "colon");
        return { kind: "recordSet", fields, sets: exprs };
      }
      case "set_of_functions": {
        const parts = named(n).filter((c) => c.type !== "maps_to");
        return { kind: "fnSet", domain: expr(parts[0]!), range: expr(parts[1]!) };
      }
      case "record_value": {
        const [record, field] = named(n);
        return { kind: "field", record: expr(record!), field: field!.text, at: locate(n) };
      }
      case "except": {
        const base = expr(one(n, "expr_to_update"));
        const updates = named(n)
          .filter((c) => c.type === "except_update")
          .map((u) => {
            const spec = one(u, "update_specifier");
            const path = named(spec).map((p) =>
              p.type === "except_update_record_field"
                ? ({ kind: "field", name: named(p)[0]!.text } as const)
                : ({ kind: "index", args: named(p).map(expr) } as const),
            );
            return { path, value: expr(one(u, "new_val")) };
          });
        return { kind: "except", base, updates };
      }
      case "if_then_else":
        return { kind: "if", cond: expr(one(n, "if")), then: expr(one(n, "then")), else: expr(one(n, "else")) };
      case "nat_number_set":
        return { kind: "infiniteSet", which: "Nat" };
      case "int_number_set":
        return { kind: "infiniteSet", which: "Int" };
      case "string_set":
        return { kind: "infiniteSet", which: "STRING" };
      case "let_in": {
        const units = field(n, "definitions");
        // LET I == INSTANCE M ...: kept as parsed; the module loader, which finds M, turns it into definitions.
        const instances = units.filter((d) => d.type === "module_definition").map((d) => instanceOf(d, false));
        return {
          kind: "let",
          definitions: units.filter((d) => d.type === "operator_definition" || d.type === "function_definition").map(definition),
          body: expr(one(n, "expression")),
          ...(instances.length > 0 ? { instances } : {}),
        };
      }
      case "case": {
        const arms = named(n)
          .filter((c) => c.type === "case_arm")
          .map((arm) => {
            const [guard, value] = named(arm).filter((c) => c.type !== "case_arrow");
            return { guard: expr(guard!), value: expr(value!) };
          });
        const other = named(n).find((c) => c.type === "other_arm");
        const otherValue = other ? named(other).find((c) => c.type !== "case_arrow") : undefined;
        return { kind: "case", arms, other: otherValue ? expr(otherValue) : undefined, at: locate(n) };
      }
      case "choose": {
        const names = field(n, "intro").map((i) => i.text);
        const set = field(n, "set")[0];
        if (!set) throw new ExplorerError(locate(n), "unbounded CHOOSE is not supported (bound it: CHOOSE x \\in S : P)");
        return { kind: "choose", bound: { names, set: expr(set) }, body: expr(one(n, "expression")), at: locate(n) };
      }
      case "set_map":
        return { kind: "setMap", bounds: field(n, "generator").map(bound), body: expr(one(n, "map")) };
      case "set_filter": {
        const generator = one(n, "generator");
        return { kind: "setFilter", bound: bound(generator), body: expr(one(n, "filter")) };
      }
      case "lambda": {
        const parts = named(n);
        return { kind: "lambda", params: parts.slice(0, -1).map((p) => p.text), body: expr(parts[parts.length - 1]!) };
      }
      case "subexpression":
        return subexpression(n);
      case "prefixed_op": {
        // I!Op, F(e)!Op(a), I!G(e)!Op(a): the components' names joined by "!", their arguments in order.
        const names: string[] = [];
        const args: Expr[] = [];
        for (const component of named(one(n, "prefix")).flatMap((c) => named(c))) {
          if (component.type === "identifier_ref") names.push(component.text);
          else if (component.type === "bound_op") {
            names.push(one(component, "name").text);
            args.push(...field(component, "parameter").map(expr));
          } else throw new ExplorerError(locate(component), `the instance reference ${component.text} is not supported (use I!Op or F(e)!Op)`);
        }
        const op = one(n, "op");
        if (op.type === "bound_op") {
          names.push(one(op, "name").text);
          args.push(...field(op, "parameter").map(expr));
        } else names.push(op.text);
        const name = names.join("!");
        return args.length > 0 || op.type === "bound_op" ? { kind: "apply", name, args, at: locate(n) } : { kind: "ref", name, at: locate(n) };
      }
      case "step_expr_or_stutter":
      case "step_expr_no_stutter": {
        const parts = named(n).filter((c) => c.type !== "langle_bracket" && c.type !== "rangle_bracket_sub");
        return { kind: "stutter", action: expr(parts[0]!), vars: expr(parts[parts.length - 1]!), allowStutter: n.type === "step_expr_or_stutter" };
      }
      case "fairness": {
        // WF_v(A), SF_v(A): applications of "WF_" / "SF_" to v and A (temporal, read by level, never evaluated).
        const [vars, action] = named(n);
        return { kind: "apply", name: n.text.trimStart().startsWith("SF") ? "SF_" : "WF_", args: [expr(vars!), expr(action!)], at: locate(n) };
      }
      case "unbounded_quantification": {
        const q = one(n, "quantifier").type;
        if (q === "temporal_exists" || q === "temporal_forall") {
          // \EE x : F, \AA x : F: temporal quantifiers (TLC does not check them either).
          return { kind: "apply", name: q === "temporal_exists" ? "\\EE" : "\\AA", args: [expr(one(n, "expression"))], at: locate(n) };
        }
        // TLC cannot enumerate an unbounded quantifier either ("TLC cannot handle this unbounded quantifier").
        throw new ExplorerError(locate(n), `unbounded ${q === "forall" ? "\\A" : "\\E"} cannot be explored, by TLC either: bound it (${q === "forall" ? "\\A" : "\\E"} x \\in S : P)`, "EXPLORER_UNSUPPORTED", false);
      }
      default:
        throw new ExplorerError(locate(n), `the construct ${n.type.replace(/_/g, " ")} is not supported yet`);
    }
  };

  /** `f[x \in S] == e`: a zero-arity definition whose value is a (possibly recursive) function. */
  const functionDefinition = (unit: Node): Definition => {
    const name = one(unit, "name").text;
    const body = one(unit, "definition");
    const bounds = named(unit).filter((c) => c.type === "quantifier_bound").map(bound);
    let parsed: Expr;
    try {
      parsed = { kind: "recursiveFunction", name, bounds, body: expr(body), at: locate(unit) };
    } catch (e) {
      if (!(e instanceof ExplorerError)) throw e;
      parsed = { kind: "apply", name: `\u0000unsupported:${e.message}`, args: [], at: locate(body) };
    }
    return { name, params: [], operatorParams: [], body: parsed, text: unit.text, at: locate(unit) };
  };

  const definition = (unit: Node): Definition => {
    if (unit.type === "function_definition") return functionDefinition(unit);
    const nameNode = one(unit, "name");
    const name = /_op_symbol$/.test(nameNode.type) ? operatorName(nameNode.text, nameNode.type === "prefix_op_symbol") : nameNode.text;
    const body = one(unit, "definition");
    // Temporal formulas (Spec, liveness) are not evaluated; keep them out of the way until used.
    let parsed: Expr;
    try {
      parsed = expr(body);
    } catch (e) {
      if (!(e instanceof ExplorerError)) throw e;
      parsed = { kind: "apply", name: `\u0000unsupported:${e.message}`, args: [], at: locate(body) };
    }
    const params = field(unit, "parameter");
    return {
      name,
      params: params.map((p) => (p.type === "operator_declaration" ? one(p, "name").text : p.text)),
      operatorParams: params.map((p) => p.type === "operator_declaration"),
      body: parsed,
      text: body.text,
      at: locate(unit),
    };
  };

  /** `I == INSTANCE M WITH ...`, `F(x) == INSTANCE M`, `INSTANCE M` (LOCAL or not). */
  const instanceOf = (unit: Node, local: boolean): Instance => {
    const inst = unit.type === "instance" ? unit : one(unit, "definition");
    const parts = named(inst);
    const substitutions = new Map<string, Expr>();
    for (const sub of parts.filter((c) => c.type === "substitution")) {
      const [target, value] = named(sub).filter((c) => c.type !== "gets");
      substitutions.set(target!.text, expr(value!));
    }
    const params = unit.type === "module_definition" ? field(unit, "parameter").map((p) => (p.type === "operator_declaration" ? one(p, "name").text : p.text)) : [];
    return {
      name: unit.type === "instance" ? undefined : one(unit, "name").text,
      module: parts[0]!.text,
      substitutions,
      at: locate(unit),
      ...(params.length > 0 ? { params } : {}),
      ...(local ? { local } : {}),
    };
  };

  const modules: Module[] = [];
  /** The module of a `module` node; nested modules are added to `modules` after it. */
  const moduleOf = (root: Node, enclosing: string | undefined): void => {
    const nameNode = field(root, "name")[0];
    const name = nameNode?.text ?? moduleName;
    const slot = modules.length;
    modules.push(undefined as unknown as Module);
    const definitions = new Map<string, Definition>();
    const constants: string[] = [];
    const variables: string[] = [];
    const extendsList: string[] = [];
    const extendsAt: Location[] = [];
    const instances: Instance[] = [];
    const assumptions: Assumption[] = [];
    for (const unit of named(root)) {
      switch (unit.type) {
        case "assumption": {
          const parts = named(unit);
          const formula = parts[parts.length - 1]!;
          let body: Expr;
          try {
            body = expr(formula);
          } catch (e) {
            if (!(e instanceof ExplorerError)) throw e;
            body = { kind: "apply", name: `\u0000unsupported:${e.message}`, args: [], at: locate(formula) };
          }
          assumptions.push({ name: field(unit, "name")[0]?.text, body, at: locate(formula), end: { line: formula.endPosition.row + 1, column: formula.endPosition.column } });
          // ASSUME Name == F also defines Name (ASSUME PaxosAssume /\ FastAssume uses it).
          const assumed = field(unit, "name")[0];
          if (assumed) definitions.set(assumed.text, { name: assumed.text, params: [], operatorParams: [], body, text: formula.text, at: locate(unit) });
          break;
        }
        case "theorem": {
          // THEOREM Name == F names F, which an ASSUME may use (TLC evaluates it there).
          const nameNode = field(unit, "name")[0];
          const statement = field(unit, "statement")[0];
          if (!nameNode || !statement) break;
          let body: Expr;
          try {
            body = expr(statement);
          } catch (e) {
            if (!(e instanceof ExplorerError)) throw e;
            body = { kind: "apply", name: `\u0000unsupported:${e.message}`, args: [], at: locate(statement) };
          }
          definitions.set(nameNode.text, { name: nameNode.text, params: [], operatorParams: [], body, text: statement.text, at: locate(unit) });
          break;
        }
        case "extends":
          for (const c of named(unit)) {
            extendsList.push(c.text);
            extendsAt.push(locate(c));
          }
          break;
        case "constant_declaration":
          constants.push(...named(unit).map((c) => (c.type === "operator_declaration" ? one(c, "name").text : c.text)));
          break;
        case "variable_declaration":
          variables.push(...named(unit).map((c) => c.text));
          break;
        case "operator_definition":
        case "function_definition": {
          const def = definition(unit);
          definitions.set(def.name, def);
          break;
        }
        case "local_definition":
          for (const inner of named(unit)) {
            if (inner.type === "operator_definition" || inner.type === "function_definition") {
              const def = definition(inner);
              definitions.set(def.name, def);
            } else if (inner.type === "instance" || inner.type === "module_definition") instances.push(instanceOf(inner, true));
          }
          break;
        case "module_definition":
        case "instance":
          instances.push(instanceOf(unit, false));
          break;
        case "module":
          moduleOf(unit, name);
          break;
        default:
          break;
      }
    }
    modules[slot] = {
      name,
      extends: extendsList,
      instances,
      constants,
      variables,
      definitions,
      ...(assumptions.length > 0 ? { assumptions } : {}),
      file,
      at: nameNode ? locate(nameNode) : { module: moduleName, line: 1, column: 1 },
      extendsAt,
      ...(enclosing !== undefined ? { enclosing } : {}),
    };
  };
  for (const root of roots) moduleOf(root, undefined);
  return modules;
}

// ---------------------------------------------------------------------------
// Subexpression names (`Inv!2`): the parser names the selected expression by
// its path, `Inv!2`, `Op!1!(_)`; the module loader defines that name.

/** One navigation step of a subexpression name, after the operator's name. */
export type SelectorStep =
  /** `!n`: the n-th operand (1-based). */
  | { readonly kind: "operand"; readonly index: number }
  /** `!<<`: the first operand; `!>>`: the second of exactly two. */
  | { readonly kind: "first" | "second" }
  /** `!(e1, ..., en)`: the body of a quantifier (or LAMBDA...) with its n bound names replaced by the arguments. */
  | { readonly kind: "bind"; readonly arity: number }
  /** `!@`, `!:` inside the path, or a label's name: not evaluated by the explorer. */
  | { readonly kind: "other"; readonly text: string };

/** A subexpression name taken apart: the definition it starts from (`I!Inv` for `I!Inv!2`) and the steps. */
export interface Selector {
  readonly head: string;
  readonly steps: readonly SelectorStep[];
}

/** How a tree-sitter navigation node (`child_id`, `langle_bracket`, ...) is written in a subexpression name. */
function navigationStep(nav: Node): string {
  switch (nav.type) {
    case "child_id":
      return String(Number(nav.text));
    case "langle_bracket":
      return "<<";
    case "rangle_bracket":
      return ">>";
    case "colon":
      return ":";
    case "address":
      return "@";
    default:
      // operator_args: one "_" per argument, the arguments themselves being the reference's.
      return `(${nav.children.filter((c) => c.isNamed && c.type !== "comment" && c.type !== "block_comment").map(() => "_").join(",")})`;
  }
}

/** Whether one "!"-separated part of a name is a navigation step (identifiers always have a letter). */
function isStepText(part: string): boolean {
  return /^\d+$/.test(part) || part === "<<" || part === ">>" || part === "@" || part === ":" || /^\(_(,_)*\)$/.test(part);
}

/**
 * The subexpression name a reference's name is (`Inv!2`, `Op!1!(_)`,
 * `I!Inv!<<`), or undefined for an ordinary name (`I!Op` included). After
 * the first navigation step, a part that is not one (a label's name) is an
 * `other` step.
 */
export function selectorOf(name: string): Selector | undefined {
  if (!name.includes("!")) return undefined;
  const parts = name.split("!");
  const first = parts.findIndex((p, i) => i > 0 && isStepText(p));
  if (first < 0) return undefined;
  const steps = parts.slice(first).map((p): SelectorStep => {
    if (/^\d+$/.test(p)) return { kind: "operand", index: Number(p) };
    if (p === "<<") return { kind: "first" };
    if (p === ">>") return { kind: "second" };
    if (p.startsWith("(")) return { kind: "bind", arity: p.split(",").length };
    return { kind: "other", text: p };
  });
  return { head: parts.slice(0, first).join("!"), steps };
}

/** How deeply brackets may nest: the parser's time grows with the square of the depth. */
export const MAX_NESTING = 500;

/**
 * Refuses text whose brackets nest deeper than {@link MAX_NESTING}, in one
 * linear scan (strings and comments skipped), before the parser would take
 * minutes on it.
 */
function checkNesting(text: string, module: string): void {
  let depth = 0;
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "\n") {
      line++;
      lineStart = i + 1;
    } else if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== "\n"; i++) if (text[i] === "\\") i++;
    } else if (c === "\\" && text[i + 1] === "*") {
      while (i < text.length && text[i] !== "\n") i++;
      i--;
    } else if (c === "(" && text[i + 1] === "*") {
      let comments = 1;
      for (i += 2; i < text.length && comments > 0; i++) {
        if (text[i] === "\n") {
          line++;
          lineStart = i + 1;
        } else if (text[i] === "(" && text[i + 1] === "*") (comments++, i++);
        else if (text[i] === "*" && text[i + 1] === ")") (comments--, i++);
      }
      i--;
    } else if (c === "(" || c === "[" || c === "{" || (c === "<" && text[i + 1] === "<")) {
      if (++depth > MAX_NESTING) {
        throw new ExplorerError({ module, line, column: i - lineStart + 1 }, `expressions are nested more than ${MAX_NESTING} deep here: split the expression into definitions`, "EXPLORER_NESTING");
      }
      if (c === "<") i++;
    } else if (c === ")" || c === "]" || c === "}" || (c === ">" && text[i + 1] === ">")) {
      depth = Math.max(0, depth - 1);
      if (c === ">") i++;
    }
  }
}

/** Units of a module body that parse on their own (a broken module's ERROR node keeps those before the break). */
const COMPLETE_UNITS = new Set([
  "extends", "variable_declaration", "constant_declaration", "operator_definition", "function_definition", "module_definition", "instance",
  "local_definition", "recursive_declaration", "assumption", "theorem", "comment", "block_comment", "single_line", "double_line", "use_or_hide",
]);

/**
 * In a file whose module did not parse at all (the root holds one ERROR with
 * the header's tokens), the first child after the header that is not a whole
 * unit: where the broken definition starts.
 */
function brokenUnit(root: Node): Node | undefined {
  const error = root.type === "ERROR" ? root : root.children.find((c) => c.type === "ERROR");
  if (!error) return undefined;
  const kids = error.children;
  const header = kids.findIndex((c) => c.type === "MODULE");
  if (header < 0) return undefined;
  // The header: ---- MODULE Name ----.
  for (let i = header + 2; i < kids.length; i++) {
    const k = kids[i]!;
    if (i === header + 2 && k.type === "single_line") continue;
    if (!COMPLETE_UNITS.has(k.type)) return k;
  }
  return undefined;
}

function findError(n: Node): Node | undefined {
  if (n.type === "ERROR" || n.isMissing) return n;
  if (!n.hasError) return undefined;
  for (const c of n.children) {
    const e = findError(c);
    if (e) return e;
  }
  return n;
}

/** The value of a TLA+ string literal (quotes included): `\"`, `\\`, `\n`, `\t`, `\f`, `\r`. */
function unescapeTla(literal: string): string {
  const escapes: Record<string, string> = { n: "\n", t: "\t", f: "\f", r: "\r" };
  return literal.slice(1, -1).replace(/\\(.)/g, (_, c: string) => escapes[c] ?? c);
}
