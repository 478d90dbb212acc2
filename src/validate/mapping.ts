/**
 * Mapping files: how to read the NDJSON an implementation already writes as
 * the events validation needs (host, vector clock, action and arguments, or a
 * stutter), checked against a schema with errors that name the file, the
 * line and the JSON path of the problem.
 *
 * @module
 */
import { readInputText, type InputKind } from "../util/input.js";
import { checkJsonShape, limitError, positionInText, ShapeLimitError, shown, type InputLimits } from "../util/limits.js";
import { TlabridgeError } from "../errors.js";
import { jsonPath, parseJsonWithPositions, type JsonPosition } from "./json-positions.js";

/** A path into a log line: its segments (`pkt.msg.type` is `["pkt", "msg", "type"]`). */
export interface FieldPath {
  readonly segments: readonly string[];
  /** As written in the mapping, for messages. */
  readonly text: string;
}

/** Where an argument or a state value comes from: a field of the line, or a constant. */
export type ValueSource = { readonly kind: "path"; readonly path: FieldPath } | { readonly kind: "value"; readonly value: unknown };

/** A field of the line that must equal a JSON value. */
export interface Condition {
  readonly path: FieldPath;
  readonly equals: unknown;
}

interface RuleBase {
  /** Position in `events`, for messages (`events[3]`). */
  readonly index: number;
  /** The rule's name, if the mapping gives one. */
  readonly name: string | undefined;
  /** Every condition must hold (none: the rule matches every line). */
  readonly when: readonly Condition[];
  /** Values of whole spec variables after the event (`state` given as an object). */
  readonly state: Readonly<Record<string, ValueSource>> | undefined;
  /** Components of variables after the event (`state` given as an array); none when absent. */
  readonly components: readonly ComponentRule[];
}

/** What a component rule asserts, its values still to be taken from the line (see {@link ComponentCheck}). */
export type ComponentRuleCheck =
  | { readonly kind: "value" | "length" | "contains" | "every"; readonly value: ValueSource }
  | { readonly kind: "grows" }
  | { readonly kind: "changed"; readonly changed: boolean };

/**
 * A component of a variable a line gives: `{"var": "inbox", "at": {"path":
 * "pkt.rcv"}, "contains": {"path": "pkt.msg"}}` says `inbox[rcv]` holds the
 * logged message.
 */
export interface ComponentRule {
  readonly variable: string;
  /** Applied in turn to the variable: function arguments, record field names, sequence indices. */
  readonly at: readonly ValueSource[];
  readonly check: ComponentRuleCheck;
}

/** A rule mapping lines to an action of the spec. */
export interface ActionRule extends RuleBase {
  readonly kind: "action";
  readonly action: string;
  /** Arguments by parameter name, or by position. */
  readonly args: Readonly<Record<string, ValueSource>> | readonly ValueSource[] | undefined;
}

/** A rule for lines that are no action of the spec but still say something about the state. */
export interface StutterRule extends RuleBase {
  readonly kind: "stutter";
}

/** One rule of `events`. */
export type EventRule = ActionRule | StutterRule;

/** A checked mapping file. */
export interface Mapping {
  /** The mapping file, for messages. */
  readonly file: string;
  /** Lines at the start of each log file that are not events, and the constants they give. */
  readonly header: { readonly lines: number; readonly constants: readonly { readonly name: string; readonly path: FieldPath }[] };
  /** Lines to skip wherever they are: each entry's conditions all hold. */
  readonly ignore: readonly (readonly Condition[])[];
  readonly host: FieldPath;
  /** The vector clock: an object keyed by host, or an array indexed by host id (`hosts[i]` when given, else `i`). */
  readonly clock: { readonly path: FieldPath; readonly hosts: readonly string[] | undefined };
  /** Tried in order: the first rule whose conditions hold maps the line. */
  readonly events: readonly EventRule[];
  /**
   * Components of the initial state (Init may allow many): constants, or
   * fields of the first header line of the first log file.
   */
  readonly initial: readonly ComponentRule[];
}

/** One problem found in a mapping file. */
export interface MappingProblem {
  /** JSON path of the problem (`$.events[2].args.i`). */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly problem: string;
}

/** A mapping file that cannot be used: every problem with its line and JSON path. */
export class MappingError extends TlabridgeError {
  override name = "MappingError";
  constructor(
    code: "MAPPING_SYNTAX" | "MAPPING_SCHEMA",
    readonly file: string,
    readonly problems: readonly MappingProblem[],
  ) {
    // One line per problem: the mapping's own text (keys, values) is escaped onto it.
    super(code, problems.map((p) => `${file}:${p.line}:${p.column}: ${shown(p.path, 200)}: ${shown(p.problem, 400)}`).join("\n"));
  }
}

/** Marks a field absent from a log line (distinct from any JSON value). */
export const MISSING: unique symbol = Symbol("missing");

/** The value at a path of a parsed line, or {@link MISSING}. Numeric segments index arrays. */
export function valueAt(line: unknown, path: FieldPath): unknown {
  let x: unknown = line;
  for (const s of path.segments) {
    if (Array.isArray(x) && /^\d+$/.test(s)) x = x[Number(s)];
    else if (typeof x === "object" && x !== null && !Array.isArray(x) && Object.hasOwn(x, s)) x = (x as Record<string, unknown>)[s];
    else return MISSING;
    if (x === undefined) return MISSING;
  }
  return x;
}

/** JSON equality (object keys in any order). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => jsonEqual(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const ob = b as Record<string, unknown>;
  return ka.length === Object.keys(ob).length && ka.every((k) => Object.hasOwn(ob, k) && jsonEqual((a as Record<string, unknown>)[k], ob[k]));
}

/** What a mapping is, for the input layer's messages and codes. */
const MAPPING_INPUT: InputKind = { noun: "a JSON mapping", codePrefix: "MAPPING", pathHint: " given to --mapping" };

/**
 * Reads and checks a mapping file through the input layer (a regular file,
 * text, within the limits); throws {@link MappingError} listing every
 * problem, `MAPPING_NOT_FOUND` for a file that does not exist.
 */
export async function loadMapping(file: string, options: { limits?: Partial<InputLimits> } = {}): Promise<Mapping> {
  let text: string;
  try {
    ({ text } = await readInputText(file, MAPPING_INPUT, options));
  } catch (e) {
    if (e instanceof TlabridgeError && e.code === "INPUT_NOT_FOUND") throw new TlabridgeError("MAPPING_NOT_FOUND", e.message, e.exitCode);
    throw e;
  }
  return parseMapping(text, file);
}

/** Checks a mapping file's text (see {@link loadMapping}); nesting and size are bounded by the limits in force. */
export function parseMapping(text: string, file: string): Mapping {
  try {
    checkJsonShape(text);
  } catch (e) {
    if (e instanceof ShapeLimitError) throw limitError(e.kind, { file, ...positionInText(text, e.offset) }, e.limit);
    throw e;
  }
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) throw new MappingError("MAPPING_SYNTAX", file, [{ path: "$", ...parsed.position, problem: `not JSON: ${parsed.problem}` }]);
  const problems: MappingProblem[] = [];
  const at = (path: string, key = false): JsonPosition => (key ? parsed.keys.get(path) : undefined) ?? parsed.values.get(path) ?? { line: 1, column: 1 };
  const fail = (path: string, problem: string, key = false): undefined => {
    problems.push({ path, ...at(path, key), problem });
    return undefined;
  };
  const c = new Checker(fail);
  const root = c.object("$", parsed.value, { description: false, header: false, initial: false, ignore: false, host: true, clock: true, events: true });
  let mapping: Mapping | undefined;
  if (root) {
    const header = c.header("$.header", root.header);
    const ignore = root.ignore === undefined ? [] : (c.array("$.ignore", root.ignore, (p, v) => c.object(p, v, { description: false, when: true }) && c.conditions(jsonPath(p, "when"), (v as Record<string, unknown>).when)) ?? []);
    const host = root.host === undefined ? undefined : c.path("$.host", root.host);
    const clock = root.clock === undefined ? undefined : c.clock("$.clock", root.clock);
    const events = root.events === undefined ? undefined : c.array("$.events", root.events, (p, v, i) => c.rule(p, v, i));
    if (Array.isArray(root.events) && root.events.length === 0) fail("$.events", "expected at least one rule");
    const initial = root.initial === undefined ? [] : c.array("$.initial", root.initial, (p, v) => c.component(p, v, false));
    if (header && host && clock && events && initial) mapping = { file, header, ignore: ignore.filter((x): x is Condition[] => x !== undefined), host, clock, events: events as EventRule[], initial };
  }
  if (problems.length > 0 || mapping === undefined) {
    problems.sort((a, b) => a.line - b.line || a.column - b.column);
    throw new MappingError("MAPPING_SCHEMA", file, problems);
  }
  return mapping;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The ways a component rule can speak of its component, one per rule. */
const CHECKS = ["value", "length", "contains", "every", "grows", "changed"] as const;
const SOURCE_HINT = 'expected {"path": "field.subfield"} (a field of the line) or {"value": <JSON>} (a constant)';

/** The schema, one method per kind of node; each returns undefined after reporting a problem. */
class Checker {
  constructor(private readonly fail: (path: string, problem: string, key?: boolean) => undefined) {}

  /** An object with only these fields (true: required); returned even with problems (they are reported). */
  object(path: string, v: unknown, fields: Record<string, boolean>): Record<string, unknown> | undefined {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return this.fail(path, `expected an object, found ${kindOf(v)}`);
    const o = v as Record<string, unknown>;
    // Problems are reported, and the fields still checked, so that one run lists every problem.
    for (const k of Object.keys(o)) {
      if (!Object.hasOwn(fields, k)) this.fail(jsonPath(path, k), `unknown field "${k}" (expected ${Object.keys(fields).map((f) => `"${f}"`).join(", ")})`, true);
    }
    for (const [k, required] of Object.entries(fields)) if (required && !Object.hasOwn(o, k)) this.fail(path, `missing field "${k}"`);
    if (typeof o.description !== "string" && Object.hasOwn(o, "description")) this.fail(jsonPath(path, "description"), `expected a string, found ${kindOf(o.description)}`);
    return o;
  }

  array<T>(path: string, v: unknown, each: (path: string, v: unknown, i: number) => T | undefined): T[] | undefined {
    if (!Array.isArray(v)) return this.fail(path, `expected an array, found ${kindOf(v)}`);
    const out = v.map((x, i) => each(jsonPath(path, i), x, i));
    return out.every((x) => x !== undefined) ? (out as T[]) : undefined;
  }

  path(path: string, v: unknown): FieldPath | undefined {
    if (typeof v !== "string") return this.fail(path, `expected a field path such as "pkt.vc", found ${kindOf(v)}`);
    const segments = v.split(".");
    if (segments.some((s) => s === "")) return this.fail(path, `"${v}" is not a field path: expected names separated by single dots, such as "pkt.vc"`);
    return { segments, text: v };
  }

  header(path: string, v: unknown): Mapping["header"] | undefined {
    if (v === undefined) return { lines: 0, constants: [] };
    const o = this.object(path, v, { description: false, lines: false, constants: false });
    if (!o) return undefined;
    const lines = o.lines ?? 1;
    if (!Number.isSafeInteger(lines) || (lines as number) < 0) return this.fail(jsonPath(path, "lines"), `expected how many lines each log file starts with (a non-negative integer), found ${kindOf(lines)}`);
    const constants: { name: string; path: FieldPath }[] = [];
    if (o.constants !== undefined) {
      if (typeof o.constants !== "object" || o.constants === null || Array.isArray(o.constants)) {
        return this.fail(jsonPath(path, "constants"), `expected an object of constant names to field paths in the header, such as {"N": "N"}, found ${kindOf(o.constants)}`);
      }
      for (const [name, p] of Object.entries(o.constants as Record<string, unknown>)) {
        const at = jsonPath(jsonPath(path, "constants"), name);
        if (!IDENTIFIER.test(name)) return this.fail(at, `"${name}" is not a constant's name`, true);
        const fp = this.path(at, p);
        if (!fp) return undefined;
        constants.push({ name, path: fp });
      }
      if (constants.length > 0 && lines === 0) return this.fail(jsonPath(path, "lines"), "constants come from header lines: lines must be at least 1");
    }
    return { lines: lines as number, constants };
  }

  clock(path: string, v: unknown): Mapping["clock"] | undefined {
    if (typeof v === "string") {
      const p = this.path(path, v);
      return p && { path: p, hosts: undefined };
    }
    const o = this.object(path, v, { description: false, path: true, hosts: false });
    if (!o) return undefined;
    const p = o.path === undefined ? undefined : this.path(jsonPath(path, "path"), o.path);
    let hosts: string[] | undefined;
    if (o.hosts !== undefined) {
      hosts = this.array(jsonPath(path, "hosts"), o.hosts, (hp, h) => (typeof h === "string" || Number.isSafeInteger(h) ? String(h) : this.fail(hp, `expected a host id (string or integer), found ${kindOf(h)}`)));
      if (hosts && new Set(hosts).size !== hosts.length) return this.fail(jsonPath(path, "hosts"), "a host is listed twice");
    }
    return p && (o.hosts === undefined || hosts) ? { path: p, hosts } : undefined;
  }

  conditions(path: string, v: unknown): Condition[] | undefined {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return this.fail(path, `expected an object of field paths to the values they must equal, such as {"event": "<", "pkt.msg.type": "tok"}, found ${kindOf(v)}`);
    const out: Condition[] = [];
    for (const [k, equals] of Object.entries(v as Record<string, unknown>)) {
      const p = this.path(jsonPath(path, k), k);
      if (!p) return undefined;
      if (equals === null) return this.fail(jsonPath(path, k), "null never appears in a log line: give the value the field must equal");
      out.push({ path: p, equals });
    }
    return out;
  }

  source(path: string, v: unknown): ValueSource | undefined {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return this.fail(path, `${SOURCE_HINT}, found ${kindOf(v)}`);
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o);
    if (keys.length !== 1 || (keys[0] !== "path" && keys[0] !== "value")) return this.fail(path, SOURCE_HINT);
    if (keys[0] === "value") return o.value === null ? this.fail(jsonPath(path, "value"), "null is not a TLA+ value") : { kind: "value", value: o.value };
    const p = this.path(jsonPath(path, "path"), o.path);
    return p && { kind: "path", path: p };
  }

  sources(path: string, v: unknown, what: "argument" | "variable"): Record<string, ValueSource> | undefined {
    if (typeof v !== "object" || v === null || Array.isArray(v)) return this.fail(path, `expected an object of ${what} names to sources, found ${kindOf(v)}`);
    // No prototype: a parameter or variable named __proto__ or constructor is one like any other.
    const out: Record<string, ValueSource> = Object.create(null) as Record<string, ValueSource>;
    let ok = true;
    for (const [k, s] of Object.entries(v as Record<string, unknown>)) {
      if (!IDENTIFIER.test(k)) {
        this.fail(jsonPath(path, k), `"${k}" is not ${what === "argument" ? "a parameter" : "a variable"} name`, true);
        ok = false;
        continue;
      }
      const src = this.source(jsonPath(path, k), s);
      if (src) out[k] = src;
      else ok = false;
    }
    return ok ? out : undefined;
  }

  /** One component of `state` (or of `initial`, where nothing came before, so "grows" and "changed" mean nothing). */
  component(path: string, v: unknown, step: boolean): ComponentRule | undefined {
    const o = this.object(path, v, { description: false, var: true, at: false, value: false, length: false, contains: false, every: false, grows: false, changed: false });
    if (!o) return undefined;
    if (typeof o.var !== "string" || !IDENTIFIER.test(o.var)) return o.var === undefined ? undefined : this.fail(jsonPath(path, "var"), `expected a variable's name, found ${kindOf(o.var)}`);
    const at = o.at === undefined ? [] : Array.isArray(o.at) ? this.array(jsonPath(path, "at"), o.at, (p, s) => this.source(p, s)) : [this.source(jsonPath(path, "at"), o.at)];
    if (at === undefined || at.some((s) => s === undefined)) return undefined;
    const given = CHECKS.filter((k) => Object.hasOwn(o, k));
    if (given.length !== 1) return this.fail(path, `expected exactly one of ${CHECKS.map((k) => `"${k}"`).join(", ")} (what the line says of ${o.var}), found ${given.length === 0 ? "none" : given.map((k) => `"${k}"`).join(" and ")}`);
    const kind = given[0]!;
    const where = jsonPath(path, kind);
    let check: ComponentRuleCheck | undefined;
    if (kind === "grows" || kind === "changed") {
      if (!step) return this.fail(where, `"${kind}" compares the states before and after a step: the initial state has no step`);
      if (kind === "grows") check = o.grows === true ? { kind } : this.fail(where, `expected true (the component is longer after the step), found ${kindOf(o.grows)}`);
      else check = typeof o.changed === "boolean" ? { kind, changed: o.changed } : this.fail(where, `expected true (changed by the step) or false (unchanged), found ${kindOf(o.changed)}`);
    } else {
      const value = this.source(where, o[kind]);
      check = value && { kind, value };
    }
    return check && { variable: o.var, at: at as ValueSource[], check };
  }

  rule(path: string, v: unknown, index: number): EventRule | undefined {
    const o = this.object(path, v, { description: false, name: false, when: false, action: false, stutter: false, args: false, state: false });
    if (!o) return undefined;
    const name = o.name === undefined ? undefined : typeof o.name === "string" && o.name !== "" ? o.name : this.fail(jsonPath(path, "name"), `expected a non-empty string, found ${kindOf(o.name)}`);
    const when = o.when === undefined ? [] : this.conditions(jsonPath(path, "when"), o.when);
    // An object gives whole variables; an array gives components of them.
    const components = Array.isArray(o.state) ? this.array(jsonPath(path, "state"), o.state, (p, x) => this.component(p, x, o.stutter === undefined)) : [];
    const state = o.state === undefined || Array.isArray(o.state) ? undefined : this.sources(jsonPath(path, "state"), o.state, "variable");
    if (o.name !== undefined && name === undefined) return undefined;
    if (!when || !components || (o.state !== undefined && !Array.isArray(o.state) && !state)) return undefined;
    if (o.stutter !== undefined) {
      if (o.stutter !== true) return this.fail(jsonPath(path, "stutter"), `expected true (the line is no action of the spec), found ${kindOf(o.stutter)}`);
      if (o.action !== undefined) return this.fail(path, 'a rule is an "action" or a "stutter", not both');
      if (o.args !== undefined) return this.fail(jsonPath(path, "args"), "a stutter has no arguments");
      return { kind: "stutter", index, name, when, state, components };
    }
    if (o.action === undefined) return this.fail(path, 'missing field "action" (or "stutter": true for a line that is no action)');
    if (typeof o.action !== "string" || !IDENTIFIER.test(o.action)) return this.fail(jsonPath(path, "action"), `expected the name of a spec action, found ${kindOf(o.action)}`);
    let args: ActionRule["args"];
    if (Array.isArray(o.args)) {
      args = this.array(jsonPath(path, "args"), o.args, (p, s) => this.source(p, s));
      if (!args) return undefined;
    } else if (o.args !== undefined) {
      args = this.sources(jsonPath(path, "args"), o.args, "argument");
      if (!args) return undefined;
    }
    return { kind: "action", index, name, when, action: o.action, args, state, components };
  }
}

function kindOf(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  if (typeof v === "object") return "an object";
  return `${typeof v} ${JSON.stringify(v)}`;
}
