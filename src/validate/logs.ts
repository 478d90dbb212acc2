import { readFile } from "node:fs/promises";
import { InputError, TlabridgeError } from "../errors.js";

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
}

/** Events per host, in each host's own order, and what was noticed while reading. */
export interface Logs {
  readonly hosts: readonly string[];
  readonly byHost: ReadonlyMap<string, readonly LogEvent[]>;
  readonly events: number;
  readonly warnings: readonly string[];
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
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
        throw new InputError("LOG_SYNTAX", at, `expected one JSON object per line (${(e as Error).message.replace(/ in JSON at position \d+.*$/, "")})`);
      }
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
      list.push({ host, clock: clock as Record<string, number>, event, args: args as LogEvent["args"], state: state as LogEvent["state"], file, line: i + 1 });
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
