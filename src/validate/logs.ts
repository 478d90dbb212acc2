import { InputError, TlabridgeError } from "../errors.js";
import { MAX_TEXT_BYTES, readInputLines, type InputKind } from "../util/input.js";
import { jsonPosition } from "../util/json-position.js";
import { checkJsonShape, limitError, limitsWith, positionInText, ShapeLimitError, shown, type InputLimits } from "../util/limits.js";
import type { Component } from "./components.js";
import { parseActionLabel, toItf } from "../values/index.js";

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

/** What a log is, for the input layer's messages and codes (LOG_BINARY, LOG_ENCODING, LOG_TRUNCATED). */
export const LOG_INPUT: InputKind = { noun: "an NDJSON log", codePrefix: "LOG", pathHint: " of the log" };

/** Where a line of a log is. */
type At = { file: string; line: number; column: number };

function traceProblem(file: string, where: string, what: string): InputError {
  return new InputError("LOG_SYNTAX", { file, line: 1, column: 1 }, `expected ${what} at ${where} of the trace`);
}

/**
 * Reads a totally ordered trace as a one-host log: TLC's `-dumpTrace json`
 * (actions with named arguments, states after each step) or an ITF trace
 * (`{"vars", "states": [...]}`, actions from each state's `#meta.action`
 * as `explore --itf` writes it, else names from `action_taken` or
 * `mbt::actionTaken` when present). A trace of another shape is an
 * {@link InputError}, never a crash.
 */
function traceAsLog(json: Record<string, unknown>, file: string): { events: LogEvent[]; initial: Record<string, unknown> } | undefined {
  const event = (i: number, name: string, args: LogEvent["args"], state: Record<string, unknown>): LogEvent => ({
    host: "trace",
    clock: ownRecord({ trace: i }),
    event: name,
    args,
    state,
    file,
    line: 1,
  });
  const counterexample = json.counterexample;
  if (isObject(counterexample) && Array.isArray(counterexample.action)) {
    const states = Array.isArray(counterexample.state) ? counterexample.state : [];
    const first = Array.isArray(states[0]) && isObject(states[0][1]) ? states[0][1] : {};
    const events = counterexample.action.map((s: unknown, i: number) => {
      const where = `counterexample.action[${i}]`;
      if (!Array.isArray(s) || s.length !== 3) throw traceProblem(file, where, "a [from, action, to] triple");
      const [, info, to] = s as [unknown, unknown, unknown];
      if (!isObject(info) || typeof info.name !== "string" || info.name === "") throw traceProblem(file, `${where}[1]`, 'an object with a "name"');
      if (info.context !== undefined && !isObject(info.context)) throw traceProblem(file, `${where}[1].context`, "an object of parameter names to values");
      if (!Array.isArray(to) || to.length !== 2 || !isObject(to[1])) throw traceProblem(file, `${where}[2]`, "an [index, {variable: value}] pair");
      return event(i + 1, info.name, ownRecord(info.context ?? {}), ownRecord(to[1]));
    });
    return { initial: ownRecord(first), events };
  }
  if (Array.isArray(json.states)) {
    const states = json.states as unknown[];
    states.forEach((s, i) => {
      if (!isObject(s)) throw traceProblem(file, `states[${i}]`, "an object of variable names to values");
    });
    const strip = (s: Record<string, unknown>): Record<string, unknown> => ownRecord(Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith("#") && k !== "action_taken" && !k.startsWith("mbt::"))));
    const actionOf = (s: Record<string, unknown>, i: number): { name: string; args: LogEvent["args"] } => {
      // explore --itf names each step in the state's #meta (`Bump("a")`): the action and its arguments by position.
      const meta = s["#meta"];
      const label = isObject(meta) ? meta.action : undefined;
      if (typeof label === "string" && label !== "") {
        try {
          const { name, args } = parseActionLabel(label);
          return { name, args: args.length > 0 ? args.map(toItf) : undefined };
        } catch {
          throw traceProblem(file, `states[${i}]["#meta"].action`, `an action label such as Write(t1,k1), not ${shown(label, 60)}`);
        }
      }
      const a = s["action_taken"] ?? s["mbt::actionTaken"];
      return { name: typeof a === "string" && a !== "init" && a !== "" ? a : ANY_ACTION, args: undefined };
    };
    const objects = states as Record<string, unknown>[];
    return {
      initial: strip(objects[0] ?? {}),
      events: objects.slice(1).map((s, i) => {
        const { name, args } = actionOf(s, i + 1);
        return event(i + 1, name, args, strip(s));
      }),
    };
  }
  return undefined;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

/**
 * The same fields in an object without a prototype, so that a host, an
 * argument or a variable named `constructor`, `toString` or `__proto__` is
 * looked up as the log wrote it, never as one of Object's own members.
 */
export function ownRecord<T>(o: Readonly<Record<string, T>>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const k of Object.keys(o)) out[k] = o[k]!;
  return out;
}

/**
 * A field of a parsed object by a name from the input: only its own, so that
 * `constructor` or `toString` is never one of Object's members.
 */
export function ownValue<T>(o: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** Where a first line says the whole file is one JSON trace (TLC's -dumpTrace json, ITF), not NDJSON. */
const TRACE_START = /^\{\s*(?:$|"(?:counterexample|vars|#meta|states)")/;

/** Options for {@link readNdjson}. */
export interface NdjsonOptions {
  /** What each line must be, for messages. */
  readonly what: "object" | "value";
  /** Whether a whole-file JSON trace may stand for the log (its text is returned instead of lines). */
  readonly acceptTrace: boolean;
  /** Limits that differ from the ones in force. */
  readonly limits?: Partial<InputLimits>;
}

/** What {@link readNdjson} read. */
export interface NdjsonRead {
  /** Values delivered. */
  readonly values: number;
  /** The file's text when it is a whole JSON trace. */
  readonly trace?: string;
}

/**
 * Streams one NDJSON log through the input layer (a regular file, bounded
 * lines and bytes, text): each non-empty line, checked against the element
 * and depth limits, parsed and given to `onValue` with where it is. A last
 * line cut off mid-write (no final newline, after at least one good line)
 * is a warning; any other line that is not JSON is an error at its line,
 * and so is a file that is nothing but one unterminated line that is not
 * JSON (binary junk, not a torn log).
 */
export async function readNdjson(file: string, warnings: string[], options: NdjsonOptions, onValue: (json: unknown, at: At) => void): Promise<NdjsonRead> {
  const limits = limitsWith(options.limits);
  let values = 0;
  let traceLines: string[] | undefined;
  let traceBytes = 0;
  let seenLine = false;
  await readInputLines(
    file,
    LOG_INPUT,
    {
      line(buf, start, end, lineNo, unterminated) {
        const text = buf.toString("utf8", start, end);
        if (traceLines !== undefined) {
          // A whole-file trace becomes one string: it must fit in one.
          traceBytes += end - start + 1;
          if (traceBytes > MAX_TEXT_BYTES) throw limitError("maxInputBytes", file, MAX_TEXT_BYTES, " (a whole-file trace is read at once, and that is the most a string can hold)");
          traceLines.push(text);
          return;
        }
        const raw = text.trim();
        if (raw === "") return;
        if (!seenLine && options.acceptTrace && TRACE_START.test(raw)) {
          traceLines = [text];
          return;
        }
        seenLine = true;
        const at = { file, line: lineNo, column: 1 };
        let json: unknown;
        try {
          checkJsonShape(raw, limits);
          json = JSON.parse(raw);
        } catch (e) {
          if (e instanceof ShapeLimitError) throw limitError(e.kind, { file, line: lineNo, column: text.indexOf(raw[0]!) + e.offset + 1 }, e.limit);
          if (unterminated && values > 0) {
            warnings.push(`${file}:${lineNo}: the last line is cut off (a crash mid-write?) and was ignored`);
            return;
          }
          const why = (e as Error).message.replace(/ in JSON at position \d+.*$/, "").replace(/, "[^"]*" is not valid JSON$/, "");
          if (values === 0 && unterminated) {
            // Nothing before it to be the torn end of: not a log at all (binary junk, a wrong file).
            throw new InputError("LOG_SYNTAX", at, `expected one JSON ${options.what} per line, found '${shown(raw, 24)}', which is not JSON (${shown(why, 60)}) and, with no line before it, not a log torn mid-write`);
          }
          throw new InputError("LOG_SYNTAX", at, `expected one JSON ${options.what} per line (${shown(why, 60)})`);
        }
        values++;
        onValue(json, at);
      },
    },
    { limits },
  );
  return traceLines !== undefined ? { values, trace: traceLines.join("\n") } : { values };
}

/** The error for a log file with no line to read. */
function emptyLog(file: string, what: string): TlabridgeError {
  return new TlabridgeError("LOG_EMPTY", `${file} is empty: expected ${what}, one per line (a log a crash left empty is no evidence; remove it or log again).`);
}

/**
 * Reads NDJSON logs (one or many files; one per host is fine), each through
 * the input layer. A last line cut off mid-write is dropped with a warning;
 * any other bad line, and an empty file, is an error with its file and line.
 */
export async function readLogs(files: readonly string[], options: { limits?: Partial<InputLimits> } = {}): Promise<Logs> {
  const byHost = new Map<string, LogEvent[]>();
  const warnings: string[] = [];
  let events = 0;
  for (const file of files) {
    const read = await readNdjson(file, warnings, { what: "object", acceptTrace: true, limits: options.limits }, (json, at) => {
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
      // JSON.parse makes every key an own property (even __proto__); readers look keys up with ownValue.
      list.push({ host, clock: clock as Record<string, number>, event, args: args as LogEvent["args"], state: state as LogEvent["state"], file, line: at.line });
      events++;
    });
    if (read.trace !== undefined) {
      const text = read.trace;
      let json: unknown;
      try {
        checkJsonShape(text, limitsWith(options.limits));
        json = JSON.parse(text);
      } catch (e) {
        if (e instanceof ShapeLimitError) throw limitError(e.kind, { file, ...positionInText(text, e.offset) }, e.limit);
        throw new InputError("LOG_SYNTAX", { file, ...jsonPosition(text) }, `expected a JSON trace (${(e as Error).message.replace(/ in JSON at position \d+.*$/, "")})`);
      }
      const trace = isObject(json) ? traceAsLog(json, file) : undefined;
      if (trace === undefined) throw new InputError("LOG_SYNTAX", { file, line: 1, column: 1 }, "expected TLC's -dumpTrace json or an ITF trace");
      if (files.length > 1) throw new TlabridgeError("LOG_TRACE_MIXED", `${file} is a whole trace: validate it on its own, not with other logs.`);
      byHost.set("trace", trace.events);
      return { hosts: ["trace"], byHost, events: trace.events.length, warnings, initial: trace.initial };
    }
    if (read.values === 0) throw emptyLog(file, "JSON objects with host, clock and event");
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
      const own = ownValue(e.clock, host);
      if (own === undefined || own === 0) problems.push({ file: e.file, line: e.line, problem: `the clock has no entry for its own host ${shown(host, 80)}` });
      else if (own !== i + 1) {
        problems.push({ file: e.file, line: e.line, problem: i === 0 ? `${shown(host, 80)}'s first event has clock ${own}, expected 1` : `${shown(host, 80)}'s clock goes from ${ownValue(list[i - 1]!.clock, host)} to ${own}, expected ${i + 1}` });
      }
      for (const [other, n] of Object.entries(e.clock)) {
        if (other === host || n === 0) continue;
        const events = logs.byHost.get(other);
        if (events === undefined) problems.push({ file: e.file, line: e.line, problem: `the clock refers to host ${shown(other, 80)}, which logged nothing` });
        else if (n > events.length) problems.push({ file: e.file, line: e.line, problem: `the clock says ${shown(other, 80)} had logged ${n} events, but it logged ${events.length}` });
        else if ((ownValue(events[n - 1]!.clock, host) ?? 0) >= i + 1) {
          problems.push({ file: e.file, line: e.line, problem: `causal cycle: this event follows ${shown(other, 80)}'s event ${n} (${events[n - 1]!.file}:${events[n - 1]!.line}), which follows it` });
        }
      }
    });
  }
  return problems;
}
