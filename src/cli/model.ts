import { readStateGraph } from "../dump/index.js";
import { EXIT, TlabridgeError } from "../errors.js";
import type { StateGraph } from "../graph/index.js";
import { findTlc, runTlc, type TlcOutcome } from "../tlc/index.js";
import { count, ProgressLine, type CliIO } from "./io.js";

/** Options shared by commands that take a spec or a dump. */
export interface ModelOptions {
  readonly config?: string;
  readonly tlcJar?: string;
  readonly workers?: number | "auto";
  readonly dump?: string;
}

/** TLC's error trace, readably: each state with the action that led to it. */
export function formatViolation(outcome: Extract<TlcOutcome, { kind: "violation" }>): string {
  const lines = [`TLC: ${outcome.message}`, `Error trace (${outcome.trace.length} state${outcome.trace.length === 1 ? "" : "s"}):`];
  for (const step of outcome.trace) {
    lines.push(`  ${step.index}: ${step.action}${step.location ? `   (${step.location})` : ""}`);
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

/** Turns a TLC run that found no graph into the error the CLI reports. */
export function outcomeError(outcome: Exclude<TlcOutcome, { kind: "success" }>, io: CliIO): TlabridgeError {
  if (outcome.kind === "violation") {
    io.stdout(formatViolation(outcome));
    return new TlabridgeError(`TLC_${outcome.problem.toUpperCase()}_VIOLATION`, `TLC found ${outcome.problem === "deadlock" ? "a deadlock" : `a${outcome.problem === "invariant" || outcome.problem === "assertion" || outcome.problem === "evaluation" ? "n" : ""} ${outcome.problem} violation`}: the error trace is above.`, EXIT.failed);
  }
  const code = outcome.category === "parse" ? "TLC_PARSE_ERROR" : outcome.category === "config" ? "TLC_CONFIG_ERROR" : "TLC_FAILED";
  return new TlabridgeError(code, outcome.message, EXIT.badInput);
}

/** A state graph from a dump, or from a spec explored by TLC. */
export async function loadModel(input: string, options: ModelOptions, io: CliIO, onProgress?: (text: string) => void): Promise<StateGraph> {
  if (input.endsWith(".tla")) {
    const outcome = await exploreWithTlc(input, options, io);
    if (outcome.kind !== "success") throw outcomeError(outcome, io);
    return outcome.graph;
  }
  const progress = new ProgressLine(io);
  const { graph } = await readStateGraph(input, {
    onWarning: (message) => io.stderr(`warning: ${message}\n`),
    onProgress: (p) => {
      const text = `reading ${input}: ${Math.floor((100 * p.bytesRead) / Math.max(p.totalBytes, 1))}%`;
      if (onProgress) onProgress(text);
      else progress.update(text);
    },
  }).finally(() => progress.clear());
  return graph;
}
