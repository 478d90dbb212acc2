import { readStateGraph, writeDot } from "../dump/index.js";
import { EXIT, TlabridgeError } from "../errors.js";
import { exploreSpec } from "../explorer/index.js";
import type { StateGraph } from "../graph/index.js";
import { findTlc, runTlc, type TlcOutcome } from "../tlc/index.js";
import { count, ProgressLine, type CliIO } from "./io.js";

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
}

/** A violation found by either engine. */
export interface Violation {
  readonly engine: "tlc" | "explorer";
  readonly problem: string;
  readonly message: string;
  readonly trace: readonly { readonly action: string; readonly location?: string | undefined; readonly state: string }[];
  readonly ending?: string | undefined;
}

/** An error trace, readably: each state with the action that led to it. */
export function formatViolation(outcome: Violation): string {
  const who = outcome.engine === "tlc" ? "TLC" : "explorer";
  const lines = [`${who}: ${outcome.message}`, `Error trace (${outcome.trace.length} state${outcome.trace.length === 1 ? "" : "s"}):`];
  for (const [i, step] of outcome.trace.entries()) {
    lines.push(`  ${i + 1}: ${step.action}${step.location ? `   (${step.location})` : ""}`);
    for (const l of step.state.split("\n")) if (l.trim() !== "") lines.push(`     ${l}`);
  }
  if (outcome.ending) lines.push(`  ${outcome.ending}`);
  return lines.join("\n") + "\n";
}

/** Runs TLC on a spec with a progress line, stopping it cleanly on Ctrl-C. */
export async function exploreWithTlc(spec: string, options: ModelOptions, io: CliIO): Promise<TlcOutcome> {
  const installation = findTlc({ tlcJar: options.tlcJar });
  const progress = new ProgressLine(io);
  const controller = new AbortController();
  const interrupt = (): void => controller.abort();
  process.once("SIGINT", interrupt);
  try {
    return await runTlc({
      spec,
      config: options.config,
      installation,
      workers: options.workers,
      dumpTo: options.dump,
      signal: controller.signal,
      onProgress: (p) => {
        const text = `TLC: ${count(p.distinctStates)} distinct states (${count(Math.round(p.distinctPerSecond))}/s), ${count(p.queue)} on the queue`;
        if (io.interactive) progress.update(text);
        else io.stderr(text + "\n");
      },
    });
  } finally {
    progress.clear();
    process.removeListener("SIGINT", interrupt);
  }
}

/** Prints a violation's trace and gives the error the CLI exits with (1). */
export function violationError(v: Violation, io: CliIO): TlabridgeError {
  io.stdout(formatViolation(v));
  const who = v.engine === "tlc" ? "TLC" : "The explorer";
  const what = v.problem === "deadlock" ? "a deadlock" : `a${/^[aeiou]/.test(v.problem) ? "n" : ""} ${v.problem} violation`;
  return new TlabridgeError(`${v.engine === "tlc" ? "TLC" : "EXPLORER"}_${v.problem.toUpperCase()}_VIOLATION`, `${who} found ${what}: the error trace is above.`, EXIT.failed);
}

/** Turns a TLC run that found no graph into the error the CLI reports. */
export function outcomeError(outcome: Exclude<TlcOutcome, { kind: "success" }>, io: CliIO): TlabridgeError {
  if (outcome.kind === "violation") return violationError({ ...outcome, engine: "tlc" }, io);
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
}

/**
 * Explores a spec with the chosen engine. `auto` uses the embedded explorer
 * and falls back to TLC (when one is found) for specs it does not support.
 */
export async function exploreModel(spec: string, options: ModelOptions, io: CliIO): Promise<Explored> {
  const engine = options.engine ?? "auto";
  if (engine !== "tlc") {
    try {
      const outcome = await exploreSpec({ spec, config: options.config, libraryPaths: options.lib, tlcJar: options.tlcJar });
      if (outcome.kind === "violation") throw violationError({ ...outcome, engine: "explorer" }, io);
      for (const w of outcome.warnings) io.stderr(`warning: ${w}\n`);
      if (options.dump) await writeDot(outcome.graph, options.dump);
      return { engine: "explorer", graph: outcome.graph, distinctStates: outcome.distinctStates, statesGenerated: outcome.statesGenerated, depth: outcome.depth };
    } catch (e) {
      const unsupported = e instanceof TlabridgeError && /^EXPLORER_(UNSUPPORTED|SYNTAX)$/.test(e.code);
      if (engine === "explorer" || !unsupported) throw e;
      try {
        findTlc({ tlcJar: options.tlcJar });
      } catch {
        throw e;
      }
      io.stderr(`note: ${(e as Error).message.replace(/ \(use --engine tlc.*\)$/, "")}; exploring with TLC instead\n`);
    }
  }
  const outcome = await exploreWithTlc(spec, options, io);
  if (outcome.kind !== "success") throw outcomeError(outcome, io);
  return { engine: "tlc", graph: outcome.graph, distinctStates: outcome.distinctStates, statesGenerated: outcome.statesGenerated, depth: outcome.depth };
}

/** A state graph from a dump, or from a spec explored by an engine. */
export async function loadModel(input: string, options: ModelOptions, io: CliIO): Promise<StateGraph> {
  if (input.endsWith(".tla")) return (await exploreModel(input, options, io)).graph;
  const progress = new ProgressLine(io);
  const { graph } = await readStateGraph(input, {
    onWarning: (message) => io.stderr(`warning: ${message}\n`),
    onProgress: (p) => progress.update(`reading ${input}: ${Math.floor((100 * p.bytesRead) / Math.max(p.totalBytes, 1))}%`),
  }).finally(() => progress.clear());
  return graph;
}
