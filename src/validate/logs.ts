import { readFile } from "node:fs/promises";
import { InputError, TlabridgeError } from "../errors.js";
import type { Component } from "./components.js";

/** One logged event of a running implementation. */
export interface LogEvent {
  /** Process, node or thread that logged it. */
  readonly host: string;
  /** Vector clock: events of each host that happened before or at this one. */
  readonly clock: Readonly<Record<string, number>>;
  /** The spec action this event is an instance of. */
  readonly event: string;
  /** Action arguments by parameter name, or by position. */
  readonly args: Readonly<Record<string, unknown>> | readonly unknown[] | undefined;
  /** Values of some spec variables after the event. */
  readonly state: Readonly<Record<string, unknown>> | undefined;
  /** Where it was logged. */
  readonly file: string;
  readonly line: number;
  /**
   * Not an action of the spec (a mapping said so): the event leaves the
   * model state as it is, and its `state` is checked against that state.
   */
  readonly stutter?: boolean;
  /** Components of variables after the event (a mapping's `state` array); the rest is free. */
  readonly components?: readonly Component[];
}

/** Events per host, in each host's own order, and what was noticed while reading. */
export interface Logs {
  readonly hosts: readonly string[];
  readonly byHost: ReadonlyMap<string, readonly LogEvent[]>;
  readonly events: number;
  readonly warnings: readonly string[];
  /** Variables the initial state must have (from a trace's first state). */
  readonly initial?: Readonly<Record<string, unknown>>;
  /** Components the initial state must have (a mapping's `initial`). */
  readonly initialComponents?: readonly Component[];
}

/** Event name that any action matches (ITF traces do not always name actions). */
export const ANY_ACTION = "*";

/**
 * Reads a totally ordered trace as a one-host log: TLC's `-dumpTrace json`
 * (actions with named arguments, states after each step) or an ITF trace
 * (`{"vars", "states": [...]}`, action names from `action_taken` or
 * `mbt::actionTaken` when present).
 */
function traceAsLog(json: Record<string, unknown>, file: string): { events: LogEvent[]; initial: Record<string, unknown> } | undefined {
  const event = (i: number, name: string, args: LogEvent["args"], state: Record<string, unknown>): LogEvent => ({
    host: "trace",
    clock: { trace: i },
    event: name,
    args,
    state,
    file,
    line: 1,
  });
  const counterexample = json.counterexample as { action?: unknown[]; state?: unknown[] } | undefined;
  if (isObject(counterexample) && Array.isArray(counterexample.action)) {
    const steps = counterexample.action as [unknown, { name: string; context?: Record<string, unknown> }, [number, Record<string, unknown>]][];
    const first = (counterexample.state as [number, Record<string, unknown>][] | undefined)?.[0]?.[1] ?? {};
    return { initial: first, events: steps.map((s, i) => event(i + 1, s[1].name, s[1].context ?? {}, s[2][1])) };
  }
  if (Array.isArray(json.states)) {
    const states = json.states as Record<string, unknown>[];
    const strip = (s: Record<string, unknown>): Record<string, unknown> => Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith("#") && k !== "action_taken" && !k.startsWith("mbt::")));
    const actionOf = (s: Record<string, unknown>): string => {
      const a = s["action_taken"] ?? s["mbt::actionTaken"];
      return typeof a === "string" && a !== "init" ? a : ANY_ACTION;
    };
    return { initial: strip(states[0] ?? {}), events: states.slice(1).map((s, i) => event(i + 1, actionOf(s), undefined, strip(s))) };
  }
  return undefined;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * The JSON values of an NDJSON text, one per non-empty line, with where each
 * is. A last line cut off mid-write (no final newline) is a warning, any
 * other line that is not JSON an error at its line.
 */
export function* ndjsonLines(text: string, file: string, warnings: string[], what: "object" | "value"): Generator<{ json: unknown; at: { file: string; line: number; column: number } }> {
  const lines = text.split("\n");
  const endsWithNewline = text.endsWith("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!.trim();
    if (raw === "") continue;
    const at = { file, line: i + 1, column: 1 };
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (e) {
      if (i === lines.length - 1 && !endsWithNewline) {
        warnings.push(`${file}:${i + 1}: the last line is cut off (a crash mid-write?) and was ignored`);
        continue;
      }
      throw new InputError("LOG_SYNTAX", at, `expected one JSON ${what} per line (${(e as Error).message.replace(/ in JSON at position \d+.*$/, "")})`);
    }
    yield { json, at };
  }
}

/**
 * Reads NDJSON logs (one or many files; one per host is fine). A last line
 * cut off mid-write is dropped with a warning; any other bad line is an
 * error with its file and line.
 */
export async function readLogs(files: readonly string[]): Promise<Logs> {
  const byHost = new Map<string, LogEvent[]>();
  const warnings: string[] = [];
  let events = 0;
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch {
      throw new TlabridgeError("INPUT_NOT_FOUND", `${file} does not exist or cannot be read: check the path of the log.`);
    }
    if (/^\s*\{\s*"(counterexample|vars|#meta|states)"/.test(text)) {
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch (e) {
        throw new InputError("LOG_SYNTAX", { file, line: 1, column: 1 }, `expected a JSON trace (${(e as Error).message})`);
      }
      const trace = isObject(json) ? traceAsLog(json, file) : undefined;
      if (trace === undefined) throw new InputError("LOG_SYNTAX", { file, line: 1, column: 1 }, "expected TLC's -dumpTrace json or an ITF trace");
      if (files.length > 1) throw new TlabridgeError("LOG_TRACE_MIXED", `${file} is a whole trace: validate it on its own, not with other logs.`);
      byHost.set("trace", trace.events);
      return { hosts: ["trace"], byHost, events: trace.events.length, warnings, initial: trace.initial };
    }
    for (const { json, at } of ndjsonLines(text, file, warnings, "object")) {
      if (!isObject(json)) throw new InputError("LOG_SYNTAX", at, "expected a JSON object with host, clock and event");
      const { host, clock, event, args, state } = json;
      if (typeof host !== "string" || host === "") throw new InputError("LOG_FIELD", at, 'expected "host": a non-empty string');
      if (!isObject(clock) || !Object.values(clock).every((v) => Number.isSafeInteger(v) && (v as number) >= 0)) {
        throw new InputError("LOG_FIELD", at, 'expected "clock": an object of host names to non-negative integers');
      }
      if (typeof event !== "string" || event === "") throw new InputError("LOG_FIELD", at, 'expected "event": the name of a spec action');
      if (args !== undefined && !isObject(args) && !Array.isArray(args)) throw new InputError("LOG_FIELD", at, 'expected "args": an object by parameter name or an array by position');
      if (state !== undefined && !isObject(state)) throw new InputError("LOG_FIELD", at, 'expected "state": an object of variable names to values');
      let list = byHost.get(host);
      if (list === undefined) byHost.set(host, (list = []));
      list.push({ host, clock: clock as Record<string, number>, event, args: args as LogEvent["args"], state: state as LogEvent["state"], file, line: at.line });
      events++;
    }
  }
  return { hosts: [...byHost.keys()].sort(), byHost, events, warnings };
}

/** A clock error found before searching, with where. */
export interface ClockProblem {
  readonly file: string;
  readonly line: number;
  readonly problem: string;
}

/**
 * Checks the vector clocks (ShiViz's list): each host's own entry present,
 * starting at 1 and growing by 1; no host referenced that never logged; no
 * entry ahead of what that host logged; no causal cycle.
 */
export function lintClocks(logs: Logs): ClockProblem[] {
  const problems: ClockProblem[] = [];
  for (const [host, list] of logs.byHost) {
    list.forEach((e, i) => {
      const own = e.clock[host];
      if (own === undefined || own === 0) problems.push({ file: e.file, line: e.line, problem: `the clock has no entry for its own host ${host}` });
      else if (own !== i + 1) {
        problems.push({ file: e.file, line: e.line, problem: i === 0 ? `${host}'s first event has clock ${own}, expected 1` : `${host}'s clock goes from ${list[i - 1]!.clock[host]} to ${own}, expected ${i + 1}` });
      }
      for (const [other, n] of Object.entries(e.clock)) {
        if (other === host || n === 0) continue;
        const events = logs.byHost.get(other);
        if (events === undefined) problems.push({ file: e.file, line: e.line, problem: `the clock refers to host ${other}, which logged nothing` });
        else if (n > events.length) problems.push({ file: e.file, line: e.line, problem: `the clock says ${other} had logged ${n} events, but it logged ${events.length}` });
        else if ((events[n - 1]!.clock[host] ?? 0) >= i + 1) {
          problems.push({ file: e.file, line: e.line, problem: `causal cycle: this event follows ${other}'s event ${n} (${events[n - 1]!.file}:${events[n - 1]!.line}), which follows it` });
        }
      }
    });
  }
  return problems;
}
