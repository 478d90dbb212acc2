import { readFileSync } from "node:fs";
import { dirname, join, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { getOwn, setOwn } from "../util/own.js";
import { fromItf, printValue, type ItfJson, type Value } from "../values/index.js";
import type { Adapter, ActionArgs, ActionHandler, ActionResult, StepOutcome } from "./adapter.js";
import { describe as show, describeDifference, differences, toPlain, type Difference, type Plain } from "./values.js";
import { guardSynchronous } from "./watchdog.js";

/** An action instance used by a suite's steps. */
export interface SuiteAction {
  readonly action: string;
  /** Arguments by parameter name (ITF JSON). */
  readonly args: Readonly<Record<string, ItfJson>>;
}

/**
 * One step of a generated path: the index of its action in
 * {@link SuiteFile.actions} and the id of the state after it (a key of
 * {@link SuiteFile.states}).
 */
export type SuiteStep = readonly [action: number, state: number];

/** One generated path: a test. */
export interface SuitePath {
  /** 1-based path number across the suite. */
  readonly id: number;
  /** The test's name. */
  readonly name: string;
  /** Id of the initial state. */
  readonly initial: number;
  readonly steps: readonly SuiteStep[];
  /**
   * Negative steps, in order of `after`: after step `after` (0: in the
   * initial state), the action instance `actions[action]` (its input
   * parameters only), which the model does not enable there, is offered and
   * must be refused, leaving the observed state as it was.
   */
  readonly refusals?: readonly SuiteRefusal[];
}

/** A negative step: `[after, action]`, see {@link SuitePath.refusals}. */
export type SuiteRefusal = readonly [after: number, action: number];

/** A suite data file: paths and the model states they visit. */
export interface SuiteFile {
  readonly format: "tlabridge-suite";
  readonly version: 1;
  /** The model's constants (ITF JSON). */
  readonly constants: Readonly<Record<string, ItfJson>>;
  /** The action instances the steps refer to. */
  readonly actions: readonly SuiteAction[];
  readonly paths: readonly SuitePath[];
  /** Variables of each state the paths visit, by state id (ITF JSON). */
  readonly states: Readonly<Record<string, Readonly<Record<string, ItfJson>>>>;
}

/** Reads a suite data file written by `tlabridge generate`. */
export function loadSuiteFile(file: URL | string): SuiteFile {
  return JSON.parse(readFileSync(file, "utf8")) as SuiteFile;
}

/** What a {@link StepFailure} is about, as data: survives vitest's error serialization, for grouping. */
export interface FailureInfo {
  /**
   * What went wrong, without the path: the same bug fails many paths with
   * one signature (`Commit r`, `Read threw`, `observe db after Commit`,
   * `Read accepted while refused`).
   */
  readonly signature: string;
  /** The path's number ({@link SuitePath.id}). */
  readonly pathId: number;
  /** The path's number of steps. */
  readonly pathLength: number;
  /** The failing step: `"setup"`, `"0"` (the initial state), `"1"`…, or `"3a"` for a negative step after step 3. */
  readonly step: string;
}

/**
 * A step that did not do what the model says: names the path, the step and
 * the difference; its {@link FailureInfo} fields are own properties, and an
 * error the implementation threw is its `cause`.
 */
export class StepFailure extends Error implements Partial<FailureInfo> {
  override name = "StepFailure";
  signature?: string;
  pathId?: number;
  pathLength?: number;
  step?: string;

  constructor(message: string, info?: FailureInfo, options?: ErrorOptions) {
    super(message, options);
    if (info) Object.assign(this, info);
  }
}

interface Decoded {
  readonly actions: (DecodedAction | undefined)[];
  readonly states: Map<number, Record<string, Value>>;
  readonly constants: Record<string, Value>;
}

interface DecodedAction {
  readonly args: Record<string, Value>;
  readonly text: string;
}

// Each action instance and state is decoded once per suite file, not once per step.
const DECODED = new WeakMap<SuiteFile, Decoded>();

function decoded(suite: SuiteFile): Decoded {
  let d = DECODED.get(suite);
  if (d === undefined) {
    d = { actions: [], states: new Map(), constants: decodeAll(suite.constants) };
    DECODED.set(suite, d);
  }
  return d;
}

function actionOf(suite: SuiteFile, index: number): DecodedAction {
  const d = decoded(suite);
  let a = d.actions[index];
  if (a === undefined) {
    const raw = suite.actions[index]!;
    const args = decodeAll(raw.args);
    a = { args, text: callText(raw.action, args) };
    d.actions[index] = a;
  }
  return a;
}

function stateOf(suite: SuiteFile, id: number): Record<string, Value> {
  const d = decoded(suite);
  let state = d.states.get(id);
  if (state === undefined) {
    state = decodeAll(getOwn(suite.states, String(id)) ?? {});
    d.states.set(id, state);
  }
  return state;
}

function decodeAll(record: Readonly<Record<string, ItfJson>>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(record)) setOwn(out, k, fromItf(v));
  return out;
}

function callText(action: string, args: Record<string, Value>): string {
  const parts = Object.entries(args).map(([k, v]) => `${k}: ${printValue(v)}`);
  return parts.length === 0 ? action : `${action}(${parts.join(", ")})`;
}

// Steps that ran out of time, for their signature.
const TIMEOUTS = new WeakSet<object>();

/**
 * Errors that say the implementation broke down (a timeout, an adapter
 * program that died or wrote garbage) rather than answered: an offered
 * negative step that ends in one is a failure, never a refusal. Internal
 * to the runtime (the subprocess adapter adds its own).
 */
export const BREAKDOWNS = new WeakSet<object>();

const brokeDown = (e: unknown): boolean => typeof e === "object" && e !== null && BREAKDOWNS.has(e);

/**
 * Runs `work`; when it returns a promise, fails after `ms`. Its synchronous
 * part cannot be interrupted by a timer: the watchdog ends the test process
 * when that part outlives `ms`, with `stopped()` as the message.
 */
function withTimeout<T>(work: () => T | Promise<T>, ms: number, what: () => string, stopped: () => string): T | Promise<T> {
  const result = guardSynchronous(work, ms, stopped);
  if (!(result instanceof Promise)) return result;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new StepFailure(`${what()} did not finish within ${ms} ms`);
      TIMEOUTS.add(e);
      BREAKDOWNS.add(e);
      reject(e);
    }, ms);
  });
  return Promise.race([result, timeout]).finally(() => clearTimeout(timer));
}

/** Where along a path a failure is: after how many steps, and which negative step there (if one). */
interface At {
  readonly after: number;
  /** Index among the negative steps offered after step `after`. */
  readonly refusal?: number;
  readonly setup?: boolean;
  /** The failure is the system's teardown, after the path's last step. */
  readonly teardown?: boolean;
}

/** `"3"` for step 3, `"3a"`, `"3b"`… for the negative steps after it (then `"3aa"`, `"3bb"`… past 26). */
function stepLabel(at: At): string {
  if (at.setup) return "setup";
  if (at.teardown) return "teardown";
  return at.refusal === undefined ? String(at.after) : `${at.after}${String.fromCharCode(97 + (at.refusal % 26)).repeat(1 + Math.floor(at.refusal / 26))}`;
}

/** Lines of a multi-part difference shown per value before the rest is counted. */
const MAX_DIFFERENCES = 8;

function differenceLines(name: string, diffs: readonly Difference[]): string[] {
  const lines = diffs.slice(0, MAX_DIFFERENCES).map((d) => describeDifference(name, d));
  if (diffs.length > MAX_DIFFERENCES) lines.push(`… and ${diffs.length - MAX_DIFFERENCES} more differences in ${name}`);
  return lines;
}

function threwText(e: unknown): string {
  if (e instanceof StepFailure) return e.message;
  return `threw ${e instanceof Error ? `${e.name}: ${e.message}` : show(e)}`;
}

function thrownSignature(who: string, e: unknown): string {
  if (typeof e === "object" && e !== null && TIMEOUTS.has(e)) return `${who} timed out`;
  const name = e instanceof Error && e.name !== "Error" && e.name !== "StepFailure" ? ` ${e.name}` : "";
  return `${who} threw${name}`;
}

// tlabridge's own runtime files, in src/ (tests) and dist/ (generated suites): frames there say nothing about the adapter.
const RUNTIME_DIR = dirname(fileURLToPath(import.meta.url));
const PACKAGE_ROOT = RUNTIME_DIR.replace(/[\\/](?:dist[\\/])?src[\\/]runtime$/, "");
const INTERNAL_DIRS = [join(PACKAGE_ROOT, "src", "runtime") + sep, join(PACKAGE_ROOT, "dist", "src", "runtime") + sep];

/** The frames of a stack that are the user's: not tlabridge's runtime, node_modules or Node's internals. */
function userFrames(stack: string | undefined): string[] {
  if (stack === undefined) return [];
  return stack
    .split("\n")
    .filter((l) => /^\s+at /.test(l) && !/node_modules|[( ]node:|<anonymous>/.test(l) && !INTERNAL_DIRS.some((d) => l.includes(d)));
}

/**
 * Builds the failures of one path run: the message (what differs, then the
 * whole path with the failing step and its actor's steps marked), the
 * structured fields, and a stack of the adapter's and the test's frames.
 */
class FailureReport<S> {
  // The refusals offered after each step, in the order the suite lists them.
  readonly refusalsAfter = new Map<number, number[]>();

  constructor(
    private readonly adapter: Adapter<S>,
    private readonly suite: SuiteFile,
    private readonly path: SuitePath,
    private readonly callerStack: string | undefined,
  ) {
    for (const [after, action] of path.refusals ?? []) {
      const list = this.refusalsAfter.get(after) ?? [];
      list.push(action);
      this.refusalsAfter.set(after, list);
    }
  }

  /** A failure at `at`: `head` after the path's number, `lines` indented below it, then the path's listing. */
  fail(at: At, head: string, lines: readonly string[], signature: string, cause?: unknown): StepFailure {
    const { path } = this;
    const message = [`path ${path.id}, ${head}`, ...lines.map((l) => `  ${l}`), this.listing(at)].join("\n");
    const info: FailureInfo = { signature, pathId: path.id, pathLength: path.steps.length, step: stepLabel(at) };
    const e = new StepFailure(message, info, cause === undefined ? undefined : { cause });
    const frames = [...new Set([...userFrames(cause instanceof Error ? cause.stack : undefined), ...userFrames(this.callerStack)])];
    e.stack = [`${e.name}: ${message}`, ...frames].join("\n");
    return e;
  }

  /** The actor of an action instance, as text to compare steps by (undefined: none). */
  private actor(actionIndex: number): string | undefined {
    const raw = this.suite.actions[actionIndex]!;
    const toImpl = this.adapter.toImpl ?? toPlain;
    const args: ActionArgs = {};
    for (const [k, v] of Object.entries(actionOf(this.suite, actionIndex).args)) setOwn(args, k, toImpl(v));
    let a: unknown;
    try {
      a = this.adapter.actor ? this.adapter.actor(raw.action, args) : Object.values(args)[0];
    } catch {
      return undefined; // a broken actor function must not hide the failure itself
    }
    return a === undefined ? undefined : typeof a === "string" ? a : show(a);
  }

  /**
   * One line per step, `>` at the failing step and `*` at its actor's. The
   * negative steps offered so far stand at their place: those after one step
   * share a line (a dozen refusals after every step would bury the path),
   * except where the failing one is; those never offered are left out.
   */
  private listing(at: At): string {
    const rows: { label: string; text: string; actors: (string | undefined)[] }[] = [];
    const refusals = (after: number): void => {
      const all = this.refusalsAfter.get(after) ?? [];
      const failsHere = at.after === after && at.refusal !== undefined;
      if (after > at.after || (after === at.after && !failsHere) || at.setup) return;
      const offered = failsHere ? all.slice(0, at.refusal! + 1) : all;
      if (offered.length === 1 || failsHere) {
        offered.forEach((action, j) =>
          rows.push({ label: stepLabel({ after, refusal: j }), text: `refused? ${actionOf(this.suite, action).text}`, actors: [this.actor(action)] }),
        );
      } else if (offered.length > 1) {
        const label = `${stepLabel({ after, refusal: 0 })}-${stepLabel({ after, refusal: offered.length - 1 })}`;
        rows.push({ label, text: `refused? ${offered.map((a) => this.shortText(a)).join(", ")}`, actors: offered.map((a) => this.actor(a)) });
      }
    };
    if ((at.after === 0 && !at.setup) || (this.refusalsAfter.has(0) && at.after > 0)) rows.push({ label: "0", text: "initial state", actors: [] });
    refusals(0);
    this.path.steps.forEach(([action], k) => {
      rows.push({ label: String(k + 1), text: actionOf(this.suite, action).text, actors: [this.actor(action)] });
      refusals(k + 1);
    });
    const failing = stepLabel(at);
    const actor = rows.find((r) => r.label === failing)?.actors[0];
    const width = Math.max(...rows.map((r) => r.label.length));
    const lines = rows.map(
      (r) => `  ${r.label === failing ? ">" : " "} ${actor !== undefined && r.actors.includes(actor) ? "*" : " "} ${r.label.padStart(width)}  ${r.text}`,
    );
    return [`  steps: (> the failing step${actor === undefined ? "" : `, * the steps of ${actor}`})`, ...lines].join("\n");
  }

  /** `Read(t1,k1)`: an action instance as the path's name writes it. */
  private shortText(actionIndex: number): string {
    const args = Object.values(actionOf(this.suite, actionIndex).args).map(printValue);
    return `${this.suite.actions[actionIndex]!.action}${args.length === 0 ? "" : `(${args.join(",")})`}`;
  }
}

/**
 * Checks that what a test file imported is an adapter, so that a module
 * without a default export (or with something else there) fails with what to
 * export instead of a TypeError deep inside a step.
 */
export function adapterOf<S = unknown>(module: unknown, file: string): Adapter<S> {
  const hasDefault = typeof module === "object" && module !== null && "default" in module;
  const candidate = hasDefault ? (module as { default: unknown }).default : undefined;
  const problem = candidate === undefined ? "has no default export" : adapterProblem(candidate);
  if (problem !== undefined) throw shapeFailure(`${file} ${problem}`);
  return candidate as Adapter<S>;
}

/** An ADAPTER_SHAPE failure: what is wrong, then what to export. */
function shapeFailure(what: string): StepFailure {
  const e = new StepFailure(
    `ADAPTER_SHAPE: ${what}: export default defineAdapter({ setup, actions, observe }) (or export default subprocessAdapter({ command })), then rerun.`,
  );
  e.stack = `${e.name}: ${e.message}`; // the message says all; a stack into tlabridge would only bury it
  return e;
}

/** What is wrong with a would-be adapter, or undefined when it has the contract's shape. */
function adapterProblem(candidate: unknown): string | undefined {
  if (typeof candidate !== "object" || candidate === null) return `exports ${show(candidate)} as its adapter, not an object`;
  const a = candidate as Partial<Adapter>;
  if (typeof a.setup !== "function") return "exports an adapter without a setup function";
  if (typeof a.actions !== "object" || a.actions === null) return "exports an adapter without an actions object";
  return undefined;
}

/** The adapter's own handler for `action`: never one of Object's members (`constructor`, `toString`…). */
function handlerOf<S>(adapter: Adapter<S>, action: string): ActionHandler<S> | undefined {
  const handler = getOwn(adapter.actions, action);
  return typeof handler === "function" ? handler : undefined;
}

/** Whether a returned or observed value is a record of fields (not a string, array, number…). */
function isFields(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Map) && !(x instanceof Set);
}

/**
 * Runs one generated path against an implementation: sets up a fresh system,
 * takes each step through the adapter, compares returned fields with the
 * model's arguments and observed variables with the model's state, offers
 * the path's negative steps (which must be refused, leaving the observed
 * state as it was), and tears the system down. Throws a {@link StepFailure}
 * at the first difference (a teardown that fails too is added to it).
 */
export async function runPath<S>(adapter: Adapter<S>, suite: SuiteFile, path: SuitePath): Promise<void> {
  const problem = adapterProblem(adapter);
  if (problem !== undefined) throw shapeFailure(`the module that passed it to runPath ${problem}`);
  // The test file's frame is on the stack only until the first await.
  const report = new FailureReport(adapter, suite, path, new Error().stack);
  const toImpl = adapter.toImpl ?? toPlain;
  const timeoutMs = adapter.stepTimeoutMs ?? 5000;
  const n = path.steps.length;
  const constants: Record<string, Plain> = {};
  for (const [k, v] of Object.entries(decoded(suite).constants)) setOwn(constants, k, toImpl(v));
  const implArgs = (args: Record<string, Value>): ActionArgs => {
    const out: ActionArgs = {};
    for (const [name, v] of Object.entries(args)) setOwn(out, name, toImpl(v));
    return out;
  };
  const handles = (): string => Object.keys(adapter.actions).join(", ") || "none";
  /** The watchdog's message when `what` at `where` runs synchronously past the timeout. */
  const stopped = (where: string, what: string) => (): string =>
    `tlabridge: path ${path.id}, ${where}: ${what} did not return within ${timeoutMs} ms and runs synchronously in the test process, where no timer can stop it, so the test run was stopped; run the implementation behind subprocessAdapter(...) (a step that hangs there is killed and fails only its test), or raise stepTimeoutMs.`;

  let system: S;
  try {
    system = await withTimeout(() => adapter.setup(constants), timeoutMs, () => "setup", stopped("setup", "setup"));
  } catch (e) {
    throw report.fail({ after: 0, setup: true }, "setup", [threwText(e)], thrownSignature("setup", e), e);
  }

  /** Compares the observed variables with the model's at `stateId`; `when` ends the signature. */
  const check = async (at: At, where: string, stateId: number, when: string): Promise<void> => {
    if (!adapter.observe) return;
    const state = stateOf(suite, stateId);
    let observed: unknown;
    try {
      observed = await withTimeout(() => adapter.observe!(system), timeoutMs, () => "observe", stopped(where, "observe"));
    } catch (e) {
      throw report.fail(at, where, [threwText(e)], thrownSignature("observe", e), e);
    }
    if (!isFields(observed)) {
      throw report.fail(at, where, [`observe returned ${show(observed)}; return an object of the model's variables (${Object.keys(state).join(", ")})`], "observe returned a non-object");
    }
    const lines: string[] = [];
    const names: string[] = [];
    for (const [name, actual] of Object.entries(observed)) {
      const expected = getOwn(state, name);
      if (expected === undefined) {
        names.push(name);
        lines.push(`observe returned ${name}, which is not a variable of the model (${Object.keys(state).join(", ")})`);
        continue;
      }
      const diffs = differences(expected, actual);
      if (diffs.length === 0) continue;
      names.push(name);
      lines.push(...differenceLines(name, diffs));
    }
    if (lines.length > 0) throw report.fail(at, `${where}: the observed state differs from the model's`, lines, `observe ${names.join(", ")} ${when}`);
  };

  /** Offers the negative steps after step `after`: each must be refused and leave the state as it was. */
  const offerRefusals = async (after: number, stateId: number): Promise<void> => {
    for (const [j, actionIndex] of (report.refusalsAfter.get(after) ?? []).entries()) {
      const at: At = { after, refusal: j };
      const name = suite.actions[actionIndex]!.action;
      const { args, text } = actionOf(suite, actionIndex);
      const offered = `step ${stepLabel(at)} of ${n}: offered ${text}, which the model does not enable here`;
      const handler = handlerOf(adapter, name);
      if (handler === undefined) {
        throw report.fail(at, offered, [`the adapter has no handler for action ${name} (it handles ${handles()}), so it cannot be offered`], `${name} has no handler`);
      }
      let outcome: StepOutcome;
      try {
        const value = await withTimeout(() => handler(system, implArgs(args)), timeoutMs, () => `the ${name} handler`, stopped(`step ${stepLabel(at)} of ${n}`, `the ${name} handler`));
        outcome = { kind: "returned", value: value as ActionResult };
      } catch (e) {
        if (brokeDown(e)) throw report.fail(at, offered, [threwText(e)], `${thrownSignature(name, e)} while refused`, e);
        outcome = { kind: "threw", error: e };
      }
      const refused = adapter.refusals?.refused ? adapter.refusals.refused(outcome, name) : outcome.kind === "threw";
      if (!refused) {
        const how =
          outcome.kind === "threw"
            ? `it ${threwText(outcome.error)}, which refusals.refused does not count as refusing`
            : outcome.value === undefined || outcome.value === null
              ? "returned nothing"
              : `returned ${show(outcome.value)}`;
        throw report.fail(at, `${offered}; the implementation accepted it (${how})`, [], `${name} accepted while refused`, outcome.kind === "threw" ? outcome.error : undefined);
      }
      await check(at, `step ${stepLabel(at)} of ${n}: refused ${text}`, stateId, `after refused ${name}`);
    }
  };

  const steps = async (): Promise<void> => {
    await check({ after: 0 }, `initial state (before step 1 of ${n})`, path.initial, "in the initial state");
    await offerRefusals(0, path.initial);
    for (let k = 0; k < n; k++) {
      const [actionIndex, stateId] = path.steps[k]!;
      const at: At = { after: k + 1 };
      const action = suite.actions[actionIndex]!.action;
      const { args, text } = actionOf(suite, actionIndex);
      const where = `step ${k + 1} of ${n}: ${text}`;
      const handler = handlerOf(adapter, action);
      if (handler === undefined) {
        throw report.fail(at, where, [`the adapter has no handler for action ${action} (it handles ${handles()})`], `${action} has no handler`);
      }
      let result: unknown;
      try {
        result = await withTimeout(() => handler(system, implArgs(args)), timeoutMs, () => `the ${action} handler`, stopped(`step ${k + 1} of ${n}`, `the ${action} handler`));
      } catch (e) {
        throw report.fail(at, where, [threwText(e)], thrownSignature(action, e), e);
      }
      if (result !== undefined && result !== null) {
        if (!isFields(result)) {
          throw report.fail(at, where, [`the handler returned ${show(result)}; return an object of fields (or nothing)`], `${action} returned a non-object`);
        }
        const lines: string[] = [];
        const fields: string[] = [];
        for (const [field, actual] of Object.entries(result)) {
          const expected = getOwn(args, field);
          if (expected === undefined) {
            fields.push(field);
            lines.push(`returned ${field}, which is not a parameter of ${action} (${Object.keys(args).join(", ") || "none"})`);
            continue;
          }
          const diffs = differences(expected, actual);
          if (diffs.length === 0) continue;
          fields.push(field);
          lines.push(...differenceLines(field, diffs));
        }
        if (lines.length > 0) throw report.fail(at, where, lines, `${action} ${fields.join(", ")}`);
      }
      await check(at, where, stateId, `after ${action}`);
      await offerRefusals(k + 1, stateId);
    }
  };

  let failure: { error: unknown } | undefined;
  try {
    await steps();
  } catch (e) {
    failure = { error: e };
  }
  if (adapter.teardown) {
    try {
      await withTimeout(() => adapter.teardown!(system), timeoutMs, () => "teardown", stopped("teardown", "teardown"));
    } catch (e) {
      // The step failure is what the test is about; a teardown failing after it is added, never put in its place.
      if (failure === undefined) throw report.fail({ after: n, teardown: true }, "teardown", [threwText(e)], thrownSignature("teardown", e), e);
      if (failure.error instanceof StepFailure) addTeardownFailure(failure.error, e);
    }
  }
  if (failure !== undefined) throw failure.error;
}

/** Adds "then teardown threw …" to a step failure, after its first line, in message and stack alike. */
function addTeardownFailure(failure: StepFailure, teardownError: unknown): void {
  const line = `  then teardown ${threwText(teardownError).replace(/\n/g, " ")}`;
  const [first, ...rest] = failure.message.split("\n");
  const message = [first, line, ...rest].join("\n");
  if (failure.stack?.startsWith(`${failure.name}: ${failure.message}`)) failure.stack = `${failure.name}: ${message}${failure.stack.slice(failure.name.length + 2 + failure.message.length)}`;
  failure.message = message;
}
