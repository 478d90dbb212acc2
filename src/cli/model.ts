import { readdirSync } from "node:fs";
import path from "node:path";
import { readStateGraph, writeDot } from "../dump/index.js";
import { EXIT, TlabridgeError } from "../errors.js";
import { exploreSpec } from "../explorer/index.js";
import type { ExplorerProgress, ExplorerStop } from "../explorer/explore.js";
import { ZipArchive } from "../explorer/modules.js";
import type { StateGraph } from "../graph/index.js";
import { findTlc, runTlc, type TlcOutcome } from "../tlc/index.js";
import { itfTrace, parseAssignment, toItf, type ItfJson } from "../values/index.js";
import { writeFileAtomically } from "../util/output.js";
import { count, ProgressLine, type CliIO } from "./io.js";
import { readInputText } from "../util/input.js";

/** Which model checker explores a spec. */
export type Engine = "explorer" | "tlc" | "auto";

/** The engines, default last. */
export const ENGINES: readonly Engine[] = ["explorer", "tlc", "auto"];

/** Options shared by commands that take a spec or a dump. */
export interface ModelOptions {
  readonly engine?: Engine;
  readonly config?: string;
  readonly tlcJar?: string;
  /** `--lib <dir>`: module folders the explorer searches after the spec's folder. */
  readonly lib?: readonly string[];
  readonly workers?: number | "auto";
  readonly dump?: string;
  /** The explorer's bounds: it stops (exit 4) after more distinct states, seconds, or MB of memory. */
  readonly maxStates?: number;
  readonly maxSeconds?: number;
  readonly maxMemory?: number;
  /** Violations and stops are printed as JSON on stdout. */
  readonly json?: boolean;
  /** `--itf <file>`: a violation's trace is also written there in ITF. */
  readonly itf?: string;
}

/** A violation found by either engine. */
export interface Violation {
  readonly engine: "tlc" | "explorer";
  readonly problem: string;
  /** What is violated, when known: the invariant's or property's name. */
  readonly name?: string | undefined;
  readonly message: string;
  readonly trace: readonly { readonly action: string; readonly location?: string | undefined; readonly state: string; readonly values?: Readonly<Record<string, ItfJson>> }[];
  readonly ending?: string | undefined;
}

/** What is violated: the invariant's or property's name, `deadlock`, or undefined. */
function violatedName(v: Violation): string | undefined {
  return v.name ?? /^(?:Invariant|Action property|Property|Temporal properties?) (\S+) (?:is|are) violated/.exec(v.message)?.[1] ?? (v.problem === "deadlock" ? "deadlock" : undefined);
}

/**
 * A violation's trace as an ITF document (Apalache's Informal Trace Format):
 * the variables of the first state, every state with its `#meta` index and
 * the action that led to it, `loop` for a lasso (`Back to state N`). Throws
 * `TRACE_NOT_ITF` when a state TLC printed does not read back as values.
 */
export function violationItf(v: Violation, spec: string): { [key: string]: ItfJson } {
  const states = v.trace.map((s, i) => {
    const values = s.values ?? itfOfPrinted(s.state);
    if (typeof values !== "object" || values === null || Array.isArray(values)) {
      throw new TlabridgeError("TRACE_NOT_ITF", `state ${i + 1} of the error trace does not read as TLA+ values, so the trace has no ITF form: see the trace printed above.`);
    }
    return { values, action: i > 0 ? s.action : undefined };
  });
  const vars = states.length > 0 ? Object.keys(states[0]!.values) : [];
  const back = /^Back to state (\d+)/.exec(v.ending ?? "");
  const name = violatedName(v);
  // The same document whichever engine found the violation (they agree on the message and the trace).
  const meta: Record<string, ItfJson> = { source: spec, description: v.message, kind: v.problem, ...(name !== undefined ? { name } : {}) };
  return itfTrace(vars, states, meta, back ? Number(back[1]) - 1 : undefined);
}

/** A violation as JSON: kind, name, message, traceLength, the trace's states in ITF JSON, and (with `spec`, when there is a trace) the whole trace as an ITF document (`itf`). */
export function violationJson(v: Violation, spec?: string): object {
  const name = violatedName(v);
  let itf: object | undefined;
  try {
    itf = spec !== undefined && v.trace.length > 0 ? violationItf(v, spec) : undefined;
  } catch {
    itf = undefined; // a state that is not values: the trace above still shows it
  }
  return {
    engine: v.engine,
    kind: v.problem,
    ...(name !== undefined ? { name } : {}),
    message: v.message,
    traceLength: v.trace.length,
    trace: v.trace.map((s) => ({ action: s.action, state: s.values ?? itfOfPrinted(s.state) })),
    ...(v.ending ? { ending: v.ending } : {}),
    ...(itf !== undefined ? { itf } : {}),
  };
}

/** A state TLC printed (`/\ x = 1` lines) as ITF JSON, or its text when it does not read back. */
function itfOfPrinted(text: string): ItfJson {
  try {
    const out: { [name: string]: ItfJson } = {};
    for (const part of text.split(/^(?=\/\\ )/m)) {
      if (part.trim() === "") continue;
      const { name, value } = parseAssignment(part.trim());
      out[name] = toItf(value);
    }
    return out;
  } catch {
    return text;
  }
}

/** An error trace, readably: each state with the action that led to it. */
export function formatViolation(outcome: Violation): string {
  const who = outcome.engine === "tlc" ? "TLC" : "explorer";
  const lines = [`${who}: ${outcome.message}`];
  if (outcome.trace.length > 0) lines.push(`Error trace (${outcome.trace.length} state${outcome.trace.length === 1 ? "" : "s"}):`);
  for (const [i, step] of outcome.trace.entries()) {
    lines.push(`  ${i + 1}: ${step.action}${step.location ? `   (${step.location})` : ""}`);
    for (const l of step.state.split("\n")) if (l.trim() !== "") lines.push(`     ${l}`);
  }
  if (outcome.ending) lines.push(`  ${outcome.ending}`);
  return lines.join("\n") + "\n";
}

/** Runs TLC on a spec with a progress line, stopping it cleanly on Ctrl-C. */
export async function exploreWithTlc(spec: string, options: ModelOptions, io: CliIO, countsOnly = false): Promise<TlcOutcome> {
  const installation = findTlc({ tlcJar: options.tlcJar });
  const progress = new ProgressLine(io);
  const controller = new AbortController();
  const interrupt = (): void => controller.abort("SIGINT");
  const terminate = (): void => controller.abort("SIGTERM");
  process.once("SIGINT", interrupt);
  process.once("SIGTERM", terminate);
  try {
    return await runTlc({
      spec,
      config: options.config,
      installation,
      workers: options.workers,
      dumpTo: options.dump,
      countsOnly,
      signal: controller.signal,
      libraryPaths: options.lib,
      onProgress: (p) => {
        const text = `TLC: ${count(p.distinctStates)} distinct states (${count(Math.round(p.distinctPerSecond))}/s), ${count(p.queue)} on the queue`;
        if (io.interactive) progress.update(text);
        else io.stderr(text + "\n");
      },
    });
  } finally {
    progress.clear();
    process.removeListener("SIGINT", interrupt);
    process.removeListener("SIGTERM", terminate);
  }
}

/** Prints a violation's trace (as JSON with `json`; with `spec`, its ITF form in `itf` too) and gives the error the CLI exits with (1). */
export function violationError(v: Violation, io: CliIO, json = false, spec?: string): TlabridgeError {
  io.stdout(json ? JSON.stringify(violationJson(v, spec), null, 2) + "\n" : formatViolation(v));
  const who = v.engine === "tlc" ? "TLC" : "The explorer";
  if (v.problem === "assumption") return new TlabridgeError(`${v.engine === "tlc" ? "TLC" : "EXPLORER"}_ASSUMPTION_FALSE`, `${who} found a false ASSUME: see above.`, EXIT.failed);
  const what = v.problem === "deadlock" ? "a deadlock" : `a${/^[aeiou]/.test(v.problem) ? "n" : ""} ${v.problem} violation`;
  return new TlabridgeError(`${v.engine === "tlc" ? "TLC" : "EXPLORER"}_${v.problem.toUpperCase()}_VIOLATION`, `${who} found ${what}: the error trace is above.`, EXIT.failed);
}

/** Prints a violation, writes its ITF trace to `--itf` (atomically) when asked, and gives the error the CLI exits with (1). */
async function violationFailure(v: Violation, spec: string, options: ModelOptions, io: CliIO): Promise<TlabridgeError> {
  if (options.itf !== undefined && v.trace.length === 0) io.stderr(`note: the ${v.problem} has no error trace, so nothing is written to ${options.itf}\n`);
  else if (options.itf !== undefined) await writeFileAtomically(options.itf, JSON.stringify(violationItf(v, spec), null, 2) + "\n");
  return violationError(v, io, options.json, spec);
}

/** Turns a TLC run that found no graph into the error the CLI reports. */
export function outcomeError(outcome: Exclude<TlcOutcome, { kind: "success" }>, io: CliIO, json = false): TlabridgeError {
  if (outcome.kind === "violation") return violationError({ ...outcome, engine: "tlc" }, io, json);
  const code = outcome.category === "parse" ? "TLC_PARSE_ERROR" : outcome.category === "config" ? "TLC_CONFIG_ERROR" : "TLC_FAILED";
  return new TlabridgeError(code, outcome.message, EXIT.badInput);
}

/** What exploring a spec found. */
export interface Explored {
  readonly engine: "explorer" | "tlc";
  readonly graph: StateGraph;
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  /** Properties the engine did not check (the explorer: liveness). */
  readonly unchecked: readonly string[];
}

/** What exploring a spec for its counts found: TLC, run without -dump, gives no graph (so no transition count). */
export interface ExploredCounts {
  readonly engine: "explorer" | "tlc";
  /** The state graph; undefined when TLC ran without -dump. */
  readonly graph: StateGraph | undefined;
  readonly distinctStates: number;
  readonly statesGenerated: number;
  readonly depth: number;
  /** Properties the engine did not check (the explorer: liveness). */
  readonly unchecked: readonly string[];
}

/** `explorer: 11,852 distinct states (4,012/s), 59,286 states generated, 1,248 on the queue, depth 13`. */
export function formatExplorerProgress(p: ExplorerProgress): string {
  const rate = p.seconds > 0 ? Math.round(p.distinctStates / p.seconds) : 0;
  return `explorer: ${count(p.distinctStates)} distinct states (${count(rate)}/s), ${count(p.statesGenerated)} states generated, ${count(p.queue)} on the queue, depth ${count(p.depth)}`;
}

const EXIT_SIGNAL = { SIGINT: 130, SIGTERM: 143 } as const;

/** The error an exploration stopped early ends with: exit 4 at a bound, 130/143 on Ctrl-C/SIGTERM; the counts so far in its message. */
function stoppedError(stop: ExplorerStop, signal: keyof typeof EXIT_SIGNAL | undefined, io: CliIO, json: boolean): TlabridgeError {
  const why =
    stop.reason === "states"
      ? `after more than ${count(stop.limits.maxStates ?? 0)} distinct states (--max-states)`
      : stop.reason === "time"
        ? `at the time bound of ${stop.limits.maxSeconds} s (--max-seconds)`
        : stop.reason === "memory"
          ? `at the memory bound (${count(Math.round(stop.limits.maxMemoryBytes / 1048576))} MB of memory, --max-memory; or ${count(Math.round(stop.limits.maxHeapBytes / 1048576))} MB of heap, node's limit allowing)`
          : `on ${signal ?? "an interrupt"}`;
  const counts = `${count(stop.distinctStates)} distinct states, ${count(stop.statesGenerated)} states generated, ${count(stop.queue)} on the queue, depth ${count(stop.depth)}, ${stop.seconds.toFixed(1)} s`;
  if (json) {
    const { kind: _kind, reason: _reason, limits: _limits, warnings: _warnings, ...rest } = stop;
    io.stdout(JSON.stringify({ engine: "explorer", stopped: stop.reason, ...rest, seconds: Number(stop.seconds.toFixed(3)) }, null, 2) + "\n");
  }
  const exit = stop.reason === "interrupted" ? EXIT_SIGNAL[signal ?? "SIGINT"] : EXIT.unknown;
  return new TlabridgeError(stop.reason === "interrupted" ? "EXPLORER_INTERRUPTED" : "EXPLORER_STOPPED", `The explorer stopped ${why}: ${counts}; the state space is not fully explored.`, exit);
}

/** The module a "cannot find source file for module M" error names. */
function missingModule(e: TlabridgeError): string | undefined {
  return e.code === "EXPLORER_MODULE_NOT_FOUND" ? /module (\w+) imported/.exec(e.message)?.[1] : undefined;
}

/** Whether TLC's jar (or a CommunityModules jar beside it) has a module. */
function jarHasModule(jar: string, name: string): boolean {
  const jars = [jar];
  try {
    const dir = path.dirname(jar);
    jars.push(...readdirSync(dir).filter((f) => /^CommunityModules.*\.jar$/.test(f)).map((f) => path.join(dir, f)));
  } catch {
    // no folder listing: the jar alone
  }
  return jars.some((j) => {
    try {
      const entries = ZipArchive.read(j).entries;
      return entries.has(`tla2sany/StandardModules/${name}.tla`) || entries.has(`${name}.tla`);
    } catch {
      return false;
    }
  });
}

/**
 * Whether TLC should take over from the explorer: the spec uses something
 * the explorer does not support (a construct, a parse it cannot make, an
 * operator it says to use TLC for, a module only TLC's jar has), as opposed
 * to an error in the spec, which TLC would report too.
 */
function tlcTakesOver(e: unknown, jar: string | undefined): boolean {
  if (!(e instanceof TlabridgeError)) return false;
  if (/^EXPLORER_(UNSUPPORTED|SYNTAX)$/.test(e.code)) return true;
  if (/^EXPLORER_/.test(e.code) && /--engine tlc|run TLC for it/.test(e.message)) return true;
  const missing = missingModule(e);
  return missing !== undefined && jar !== undefined && jarHasModule(jar, missing);
}

/** Runs the explorer with a progress line, stopping it cleanly on Ctrl-C and SIGTERM. */
async function exploreWithExplorer(spec: string, options: ModelOptions, io: CliIO, tlcJar: string | undefined) {
  const progress = new ProgressLine(io);
  const controller = new AbortController();
  let signal: keyof typeof EXIT_SIGNAL | undefined;
  const onInt = (): void => {
    signal = "SIGINT";
    controller.abort();
  };
  const onTerm = (): void => {
    signal = "SIGTERM";
    controller.abort();
  };
  // Only once the search runs, yielding between states: before (parsing, the initial states), and whenever a
  // handler is not installed, Ctrl-C and SIGTERM end the process at once, as a long synchronous step would not see them.
  const listen = (): void => {
    process.on("SIGINT", onInt);
    process.on("SIGTERM", onTerm);
  };
  try {
    const outcome = await exploreSpec({
      onSearch: listen,
      spec,
      config: options.config,
      tlcJar,
      libraryPaths: options.lib,
      maxStates: options.maxStates,
      maxSeconds: options.maxSeconds,
      maxMemoryMB: options.maxMemory,
      signal: controller.signal,
      progressEveryMs: io.interactive ? 1000 : 5000,
      onProgress: (p) => {
        if (io.interactive) progress.update(formatExplorerProgress(p));
        else io.stderr(formatExplorerProgress(p) + "\n");
      },
    });
    return { outcome, signal };
  } finally {
    progress.clear();
    process.removeListener("SIGINT", onInt);
    process.removeListener("SIGTERM", onTerm);
  }
}

/**
 * Explores a spec with the chosen engine. `auto` uses the embedded explorer
 * and hands over to TLC (when one is found), with one line saying why, for
 * specs it does not support.
 */
export async function exploreModel(spec: string, options: ModelOptions, io: CliIO): Promise<Explored> {
  const explored = await explore(spec, options, io, false);
  if (explored.graph === undefined) throw new Error("internal: TLC ran without -dump though the graph was asked for");
  return { ...explored, graph: explored.graph };
}

/**
 * Explores a spec for its counts only: as {@link exploreModel}, but TLC runs
 * without `-dump` unless `options.dump` asks for the graph, so the result
 * may have no graph (and no transition count).
 */
export async function exploreCounts(spec: string, options: ModelOptions, io: CliIO): Promise<ExploredCounts> {
  return explore(spec, options, io, options.dump === undefined);
}

async function explore(spec: string, options: ModelOptions, io: CliIO, countsOnly: boolean): Promise<ExploredCounts> {
  const engine = options.engine ?? "auto";
  if (engine !== "tlc") {
    let jar: string | undefined;
    try {
      jar = findTlc({ tlcJar: options.tlcJar }).jar;
    } catch {
      jar = undefined;
    }
    try {
      const { outcome, signal } = await exploreWithExplorer(spec, options, io, options.tlcJar ?? jar);
      if (outcome.kind === "violation") throw await violationFailure({ ...outcome, engine: "explorer" }, spec, options, io);
      for (const w of outcome.warnings) io.stderr(`warning: ${w}\n`);
      if (outcome.kind === "stopped") throw stoppedError(outcome, signal, io, options.json ?? false);
      if (options.dump) await writeDot(outcome.graph, options.dump);
      return { engine: "explorer", graph: outcome.graph, distinctStates: outcome.distinctStates, statesGenerated: outcome.statesGenerated, depth: outcome.depth, unchecked: outcome.unchecked };
    } catch (e) {
      if (engine === "explorer" || jar === undefined || !tlcTakesOver(e, jar)) throw e;
      const why = (e as Error).message.replace(/ \(use --engine tlc[^)]*\)/g, "").replace(/\s*\n\s*/g, " ");
      io.stderr(`note: ${why}; exploring with TLC instead\n`);
    }
  }
  const outcome = await exploreWithTlc(spec, options, io, countsOnly);
  if (outcome.kind === "violation") throw await violationFailure({ ...outcome, engine: "tlc" }, spec, options, io);
  if (outcome.kind !== "success") throw outcomeError(outcome, io, options.json);
  return { engine: "tlc", graph: outcome.graph, distinctStates: outcome.distinctStates, statesGenerated: outcome.statesGenerated, depth: outcome.depth, unchecked: [] };
}

/**
 * Reads a spec named on the command line (`--spec`, or the model itself)
 * through the input layer: a regular file of UTF-8 text, or a clear error
 * (exit 2) for a folder, a FIFO, a binary file or one that does not exist.
 */
export async function readSpecText(file: string, flag: string): Promise<string> {
  return (await readInputText(file, { noun: "a TLA+ spec", codePrefix: "SPEC", pathHint: ` given to ${flag}` })).text;
}

/** A state graph from a dump, or from a spec explored by an engine. */
export async function loadModel(input: string, options: ModelOptions, io: CliIO): Promise<StateGraph> {
  if (input.endsWith(".tla")) {
    // A folder or a binary named x.tla is refused here, before an engine reads it.
    await readSpecText(input, "the command line");
    return (await exploreModel(input, options, io)).graph;
  }
  const progress = new ProgressLine(io);
  const { graph } = await readStateGraph(input, {
    onWarning: (message) => io.stderr(`warning: ${message}\n`),
    onProgress: (p) => progress.update(`reading ${input}: ${Math.floor((100 * p.bytesRead) / Math.max(p.totalBytes, 1))}%`),
  }).finally(() => progress.clear());
  return graph;
}
