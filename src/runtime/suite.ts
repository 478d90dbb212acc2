import { readFileSync } from "node:fs";
import { fromItf, printValue, type ItfJson, type Value } from "../values/index.js";
import type { Adapter, ActionArgs } from "./adapter.js";
import { describe as show, mismatch, toPlain, type Plain } from "./values.js";

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

/** A step that did not do what the model says: names the path, the step and the difference. */
export class StepFailure extends Error {
  override name = "StepFailure";
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
    state = decodeAll(suite.states[String(id)] ?? {});
    d.states.set(id, state);
  }
  return state;
}

function decodeAll(record: Readonly<Record<string, ItfJson>>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [k, v] of Object.entries(record)) out[k] = fromItf(v);
  return out;
}

function callText(action: string, args: Record<string, Value>): string {
  const parts = Object.entries(args).map(([k, v]) => `${k}: ${printValue(v)}`);
  return parts.length === 0 ? action : `${action}(${parts.join(", ")})`;
}

/**
 * Runs `work`; when it returns a promise, fails after `ms`. Synchronous work
 * needs no timer (it cannot be interrupted anyway), which keeps steps cheap.
 */
function withTimeout<T>(work: () => T | Promise<T>, ms: number, what: () => string): T | Promise<T> {
  const result = work();
  if (!(result instanceof Promise)) return result;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepFailure(`${what()} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([result, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Runs one generated path against an implementation: sets up a fresh system,
 * takes each step through the adapter, compares returned fields with the
 * model's arguments and observed variables with the model's state, and tears
 * the system down. Throws a {@link StepFailure} at the first difference.
 */
export async function runPath<S>(adapter: Adapter<S>, suite: SuiteFile, path: SuitePath): Promise<void> {
  const toImpl = adapter.toImpl ?? toPlain;
  const timeoutMs = adapter.stepTimeoutMs ?? 5000;
  const n = path.steps.length;
  const outline = path.name.replace(/^path \d+: /, "");
  const constants: Record<string, Plain> = {};
  for (const [k, v] of Object.entries(decoded(suite).constants)) constants[k] = toImpl(v);
  const fail = (where: string, detail: string): StepFailure =>
    new StepFailure(`path ${path.id}, ${where}\n${detail}\n  steps: ${outline}`);
  const failed = (where: string, e: unknown): StepFailure =>
    e instanceof StepFailure
      ? fail(where, `  ${e.message}`)
      : fail(where, `  threw ${e instanceof Error ? `${e.name}: ${e.message}` : show(e)}`);

  let system: S;
  try {
    system = await withTimeout(() => adapter.setup(constants), timeoutMs, () => "setup");
  } catch (e) {
    throw failed("setup", e);
  }
  try {
    const check = async (where: string, stateId: number): Promise<void> => {
      if (!adapter.observe) return;
      const state = stateOf(suite, stateId);
      let observed: Record<string, unknown>;
      try {
        observed = await withTimeout(() => adapter.observe!(system), timeoutMs, () => "observe");
      } catch (e) {
        throw failed(where, e);
      }
      const lines: string[] = [];
      for (const [name, actual] of Object.entries(observed)) {
        const expected = state[name];
        if (expected === undefined) {
          lines.push(`  observe returned ${name}, which is not a variable of the model (${Object.keys(state).join(", ")})`);
          continue;
        }
        const at = mismatch(expected, actual);
        if (at !== undefined) lines.push(`  ${name}: ${at === "the value" ? "" : `at ${at}: `}expected ${show(toImpl(expected))}, actual ${show(actual)}`);
      }
      if (lines.length > 0) throw fail(`${where}: the observed state differs from the model's`, lines.join("\n"));
    };
    await check(`initial state (before step 1 of ${n})`, path.initial);
    for (let k = 0; k < n; k++) {
      const [actionIndex, stateId] = path.steps[k]!;
      const step = { action: suite.actions[actionIndex]!.action, state: stateId };
      const { args, text } = actionOf(suite, actionIndex);
      const where = `step ${k + 1} of ${n}: ${text}`;
      const handler = adapter.actions[step.action];
      if (handler === undefined) {
        throw fail(where, `  the adapter has no handler for action ${step.action} (it handles ${Object.keys(adapter.actions).join(", ") || "none"})`);
      }
      const implArgs: ActionArgs = {};
      for (const [name, v] of Object.entries(args)) implArgs[name] = toImpl(v);
      let result: unknown;
      try {
        result = await withTimeout(() => handler(system, implArgs), timeoutMs, () => `the ${step.action} handler`);
      } catch (e) {
        throw failed(where, e);
      }
      if (result !== undefined && result !== null) {
        if (typeof result !== "object") throw fail(where, `  the handler returned ${show(result)}; return an object of fields (or nothing)`);
        const lines: string[] = [];
        for (const [field, actual] of Object.entries(result)) {
          const expected = args[field];
          if (expected === undefined) {
            lines.push(`  returned ${field}, which is not a parameter of ${step.action} (${Object.keys(args).join(", ") || "none"})`);
            continue;
          }
          const at = mismatch(expected, actual);
          if (at !== undefined) lines.push(`  ${field}: expected ${show(toImpl(expected))}, actual ${show(actual)}`);
        }
        if (lines.length > 0) throw fail(where, lines.join("\n"));
      }
      await check(where, step.state);
    }
  } finally {
    if (adapter.teardown) await adapter.teardown(system!);
  }
}
