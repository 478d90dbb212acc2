/**
 * Reading logs as implementations write them, through a {@link Mapping}:
 * one merged file or many, in any order. Each host's events are put in the
 * order of that host's own clock entry (not file position), and every event
 * keeps its original file and line, so that every later message names them.
 *
 * @module
 */
import { InputError, TlabridgeError } from "../errors.js";
import { shown, type InputLimits } from "../util/limits.js";
import { readNdjson, type ClockProblem, type LogEvent, type Logs } from "./logs.js";
import type { Component } from "./components.js";
import { MISSING, jsonEqual, valueAt, type ComponentRule, type Condition, type EventRule, type Mapping, type ValueSource } from "./mapping.js";

/** A constant a header line gives, with where. */
export interface HeaderConstant {
  readonly value: unknown;
  readonly file: string;
  readonly line: number;
}

/** What {@link readMappedLogs} read. */
export interface MappedLogs {
  readonly logs: Logs;
  /** Constants from the header lines, by name. */
  readonly constants: ReadonlyMap<string, HeaderConstant>;
  /**
   * A host's own clock entries that skip or repeat a number (or are absent).
   * When there are any, the other clock checks are meaningless: every later
   * event of that host would be misplaced by one, so report these alone.
   */
  readonly problems: readonly ClockProblem[];
  /** Lines skipped by `ignore` rules. */
  readonly ignored: number;
}

/**
 * Reads log files through a mapping, each streamed through the input layer;
 * a line that does not fit it is an {@link InputError} with file:line, and
 * an empty file, or logs that give no event at all, an error too.
 */
export async function readMappedLogs(files: readonly string[], mapping: Mapping, options: { limits?: Partial<InputLimits> } = {}): Promise<MappedLogs> {
  const events: { event: LogEvent; own: number; order: number }[] = [];
  const constants = new Map<string, HeaderConstant>();
  const warnings: string[] = [];
  let ignored = 0;
  let initial: Component[] | undefined = mapping.initial.length === 0 ? [] : undefined;
  for (const file of files) {
    let headerLeft = mapping.header.lines;
    const read = await readNdjson(file, warnings, { what: "value", acceptTrace: false, limits: options.limits }, (json, at) => {
      if (headerLeft > 0) {
        // The initial state's components may name fields of the very first header line.
        initial ??= resolveComponents(mapping.initial, json, (what, s) => resolveSource(json, s, at, `initial ${what} of ${mapping.file}`));
        headerLeft--;
        for (const c of mapping.header.constants) readConstant(json, c, at, mapping, constants);
        return;
      }
      if (mapping.ignore.some((conditions) => holds(json, conditions))) {
        ignored++;
        return;
      }
      const { event, own } = mapLine(json, at, mapping);
      events.push({ event, own, order: events.length });
    });
    if (read.values === 0) {
      throw new TlabridgeError("LOG_EMPTY", `${file} is empty: expected the implementation's log lines, one JSON value per line (a log a crash left empty is no evidence; remove it or log again).`);
    }
  }
  if (events.length === 0 && files.length > 0) {
    throw new TlabridgeError("LOG_NO_EVENTS", `${files.length === 1 ? files[0] : `the ${files.length} logs`} give no event: every line is a header line or ignored by ${mapping.file}; check its header.lines and ignore rules.`);
  }
  const byHostList = new Map<string, { event: LogEvent; own: number; order: number }[]>();
  for (const e of events) {
    let list = byHostList.get(e.event.host);
    if (list === undefined) byHostList.set(e.event.host, (list = []));
    list.push(e);
  }
  const problems: ClockProblem[] = [];
  const byHost = new Map<string, LogEvent[]>();
  const hosts = [...byHostList.keys()].sort(compareHosts);
  for (const host of hosts) {
    // Stable on reading order, so that a repeated entry is reported at the later line.
    const list = byHostList.get(host)!.sort((a, b) => a.own - b.own || a.order - b.order);
    problems.push(...ownEntryProblems(host, list));
    byHost.set(
      host,
      list.map((e) => e.event),
    );
  }
  // Without header lines, initial components are constants: resolved against nothing.
  initial ??= resolveComponents(mapping.initial, {}, (what, s) => resolveSource({}, s, { file: files[0] ?? mapping.file, line: 1, column: 1 }, `initial ${what} of ${mapping.file} (there is no header line to take it from)`));
  return { logs: { hosts, byHost, events: events.length, warnings, initialComponents: initial }, constants, problems, ignored };
}

/** Numeric host ids in numeric order (2 before 10), others as strings after them. */
function compareHosts(a: string, b: string): number {
  const na = /^\d+$/.test(a);
  const nb = /^\d+$/.test(b);
  if (na && nb) return Number(a) - Number(b) || (a < b ? -1 : a > b ? 1 : 0);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A host's own entries, sorted, must be 1, 2, 3, ...: each gap or repeat once, at its line. */
function ownEntryProblems(host: string, list: readonly { event: LogEvent; own: number }[]): ClockProblem[] {
  const problems: ClockProblem[] = [];
  let expected = 1;
  let previous: LogEvent | undefined;
  for (const { event, own } of list) {
    const where = (e: LogEvent): string => `${e.file}:${e.line}`;
    if (own === 0) problems.push({ file: event.file, line: event.line, problem: `the clock has no entry for its own host ${shown(host, 80)}` });
    else if (own < expected) problems.push({ file: event.file, line: event.line, problem: `${shown(host, 80)}'s own clock entry ${own} is repeated (also at ${where(previous!)})` });
    else if (own > expected) {
      const missing = own === expected + 1 ? `entry ${expected} is missing` : `entries ${expected} to ${own - 1} are missing`;
      problems.push({ file: event.file, line: event.line, problem: previous === undefined ? `${shown(host, 80)}'s first event has clock ${own}: ${missing}` : `${shown(host, 80)}'s clock goes from ${expected - 1} (${where(previous)}) to ${own}: ${missing}` });
    }
    if (own > 0) {
      expected = Math.max(expected, own + 1);
      previous = event;
    }
  }
  return problems;
}

function holds(json: unknown, conditions: readonly Condition[]): boolean {
  return conditions.every((c) => jsonEqual(valueAt(json, c.path), c.equals));
}

function readConstant(json: unknown, c: Mapping["header"]["constants"][number], at: { file: string; line: number; column: number }, mapping: Mapping, constants: Map<string, HeaderConstant>): void {
  const value = valueAt(json, c.path);
  if (value === MISSING || value === null) throw new InputError("LOG_HEADER", at, `expected constant ${c.name} at "${c.path.text}" of this header line (header.constants.${c.name} of ${mapping.file})`);
  const known = constants.get(c.name);
  if (known !== undefined && !jsonEqual(known.value, value)) {
    throw new InputError("LOG_HEADER", at, `constant ${c.name} is ${shown(JSON.stringify(value), 80)} here but ${shown(JSON.stringify(known.value), 80)} at ${known.file}:${known.line}`);
  }
  if (known === undefined) constants.set(c.name, { value, file: at.file, line: at.line });
}

/** One line as an event, and its host's own clock entry (0: absent). */
function mapLine(json: unknown, at: { file: string; line: number; column: number }, mapping: Mapping): { event: LogEvent; own: number } {
  const m = mapping.file;
  const hostValue = valueAt(json, mapping.host);
  if (!((typeof hostValue === "string" && hostValue !== "") || Number.isSafeInteger(hostValue))) {
    throw new InputError("LOG_FIELD", at, hostValue === MISSING ? `expected the host at "${mapping.host.text}" (host in ${m})` : `expected the host at "${mapping.host.text}" to be a string or an integer, found ${shown(JSON.stringify(hostValue) ?? String(hostValue), 80)}`);
  }
  const host = String(hostValue);
  const clock = readClock(valueAt(json, mapping.clock.path), at, mapping);
  const rule = mapping.events.find((r) => holds(json, r.when));
  if (rule === undefined) {
    const line = shown(JSON.stringify(json), 157);
    throw new InputError("LOG_UNMAPPED", at, `no rule in events of ${m} matches this line: ${line}`);
  }
  const resolve = (what: string, s: ValueSource): unknown => {
    if (s.kind === "value") return s.value;
    const v = valueAt(json, s.path);
    if (v === MISSING || v === null) throw new InputError("LOG_FIELD", at, `${ruleName(rule)} of ${m} takes ${what} from "${s.path.text}", which this line does not have`);
    return v;
  };
  const record = (what: string, sources: Readonly<Record<string, ValueSource>>): Record<string, unknown> =>
    // fromEntries defines own properties, so a variable named __proto__ is kept as one.
    Object.fromEntries(Object.entries(sources).map(([k, s]) => [k, resolve(`${what} ${k}`, s)]));
  const state = rule.state && record("variable", rule.state);
  const components = resolveComponents(rule.components, json, resolve);
  const event: LogEvent =
    rule.kind === "stutter"
      ? { host, clock, event: rule.name ?? "stutter", args: undefined, state, components, file: at.file, line: at.line, stutter: true }
      : {
          host,
          clock,
          event: rule.action,
          args: rule.args === undefined ? undefined : Array.isArray(rule.args) ? rule.args.map((s, i) => resolve(`argument ${i + 1}`, s)) : record("argument", rule.args as Record<string, ValueSource>),
          state,
          components,
          file: at.file,
          line: at.line,
        };
  return { event, own: clock[host] ?? 0 };
}

/** A mapping's component rules with their values taken from the line. */
function resolveComponents(rules: readonly ComponentRule[], json: unknown, resolve: (what: string, s: ValueSource) => unknown): Component[] {
  return rules.map((r) => {
    const at = r.at.map((s, i) => resolve(`the argument ${i + 1} of ${r.variable}`, s));
    const check = r.check.kind === "grows" || r.check.kind === "changed" ? r.check : { kind: r.check.kind, value: resolve(`${r.check.kind} of ${r.variable}`, r.check.value) };
    return { variable: r.variable, at, check };
  });
}

function resolveSource(json: unknown, s: ValueSource, at: { file: string; line: number; column: number }, what: string): unknown {
  if (s.kind === "value") return s.value;
  const v = valueAt(json, s.path);
  if (v === MISSING || v === null) throw new InputError("LOG_FIELD", at, `${what} comes from "${s.path.text}", which this line does not have`);
  return v;
}

function ruleName(rule: EventRule): string {
  return `rule events[${rule.index}]${rule.name ? ` (${rule.name})` : ""}`;
}

/** A vector clock: an object keyed by host, or an array indexed by host id. Zero entries are dropped. */
function readClock(v: unknown, at: { file: string; line: number; column: number }, mapping: Mapping): Record<string, number> {
  const path = mapping.clock.path.text;
  if (v === MISSING) throw new InputError("LOG_FIELD", at, `expected the vector clock at "${path}" (clock in ${mapping.file})`);
  const entries: [string, unknown][] = [];
  if (Array.isArray(v)) {
    const names = mapping.clock.hosts;
    if (names !== undefined && v.length > names.length) throw new InputError("LOG_FIELD", at, `the clock at "${path}" has ${v.length} entries, but clock.hosts of ${mapping.file} names ${names.length} hosts`);
    v.forEach((n, i) => entries.push([names?.[i] ?? String(i), n]));
  } else if (typeof v === "object" && v !== null) entries.push(...Object.entries(v));
  else throw new InputError("LOG_FIELD", at, `expected the vector clock at "${path}" to be an object keyed by host or an array indexed by host id, found ${shown(JSON.stringify(v) ?? String(v), 80)}`);
  const clock: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const [h, n] of entries) {
    if (!Number.isSafeInteger(n) || (n as number) < 0) throw new InputError("LOG_FIELD", at, `the clock at "${path}" gives host ${shown(h, 80)} ${shown(JSON.stringify(n) ?? String(n), 40)}: expected a non-negative integer`);
    if (n !== 0) clock[h] = n as number;
  }
  return clock;
}
