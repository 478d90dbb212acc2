import { createReadStream, existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { createInterface } from "node:readline";
import { readStateGraph } from "../dump/index.js";
import { TlabridgeError } from "../errors.js";
import type { StateGraph } from "../graph/index.js";
import type { TlcInstallation } from "./find.js";
import { withAtomicFile } from "../util/output.js";
import { temporaryDirectory } from "../util/temporary.js";
import { parseErrorMessage, parseFinalCounts, parseProgress, ToolMessageReader, type TlcProgress, type ToolMessage } from "./messages.js";

/** Options for {@link runTlc}. */
export interface RunTlcOptions {
  /** The spec (`.tla`). */
  readonly spec: string;
  /** The model config; default `<spec>.cfg`. */
  readonly config?: string;
  readonly installation: TlcInstallation;
  /** TLC's `-workers`: a number or `auto` (default). */
  readonly workers?: number | "auto";
  /** Fingerprint polynomial, fixed so that state ids are reproducible (default 0). */
  readonly fingerprint?: number;
  /** Also keep TLC's DOT file here. */
  readonly dumpTo?: string;
  /**
   * Only the counts are wanted: TLC runs without `-dump` (writing the DOT of
   * every transition costs time and disk, 1.7 GB in 5 minutes on a large
   * model) and the outcome has no graph. Ignored with {@link dumpTo}.
   */
  readonly countsOnly?: boolean;
  readonly onProgress?: (progress: TlcProgress) => void;
  /** Aborting stops TLC and cleans up. */
  readonly signal?: AbortSignal;
  /** Folders (or jars) where TLC looks for modules beyond the spec's folder, as `--lib` and TLA_PATH give them. */
  readonly libraryPaths?: readonly string[];
}

/** One state of an error trace, as TLC reported it. */
export interface TraceStep {
  /** 1-based position in the trace. */
  readonly index: number;
  /** `Initial predicate`, or the action with its arguments, e.g. `Acquire(p1)`. */
  readonly action: string;
  /** Where the action is defined, when TLC says. */
  readonly location: string | undefined;
  /** The state, as TLC printed it (`/\ var = value` lines). */
  readonly state: string;
}

/** How a TLC run ended. */
export type TlcOutcome =
  | {
      readonly kind: "success";
      /** The state graph TLC dumped; undefined when it ran with {@link RunTlcOptions.countsOnly} (no `-dump`). */
      readonly graph: StateGraph | undefined;
      readonly distinctStates: number;
      readonly statesGenerated: number;
      readonly depth: number;
    }
  | {
      /** An invariant, property or assertion failed, or the model deadlocked. */
      readonly kind: "violation";
      readonly problem: "invariant" | "deadlock" | "property" | "assertion" | "evaluation";
      readonly message: string;
      readonly trace: readonly TraceStep[];
      /** `Back to state N` (a lasso) or `Stuttering`, when the trace ends so. */
      readonly ending: string | undefined;
      readonly exitCode: number;
    }
  | {
      /** TLC could not check the model: a parse or configuration error, or another failure. */
      readonly kind: "error";
      readonly category: "parse" | "config" | "other";
      /** `file:line:col: message` where TLC gave a location, else TLC's message. */
      readonly message: string;
      readonly exitCode: number;
    };

const VIOLATION_BY_EXIT: Record<number, "invariant" | "deadlock" | "property" | "assertion" | "evaluation"> = {
  10: "assertion",
  11: "deadlock",
  12: "invariant",
  13: "property",
  14: "assertion",
  75: "evaluation",
  76: "evaluation",
  77: "evaluation",
};

function parseTraceState(text: string): TraceStep | undefined {
  const newline = text.indexOf("\n");
  const head = newline < 0 ? text : text.slice(0, newline);
  const m = /^(\d+): <(.*)>\s*$/.exec(head);
  if (!m) return undefined;
  const label = m[2]!;
  const at = label.search(/ line \d+, col \d+ to line \d+, col \d+ of module \S+$/);
  return {
    index: Number(m[1]),
    action: at < 0 ? label : label.slice(0, at),
    location: at < 0 ? undefined : label.slice(at + 1),
    state: newline < 0 ? "" : text.slice(newline + 1).trimEnd(),
  };
}

/**
 * Runs TLC in `-tool` mode on a spec, dumping the state graph as DOT with
 * action labels into a temporary folder (removed afterwards, as are TLC's
 * state files; with `countsOnly` and no `dumpTo`, no dump at all), and maps
 * how it ended: a {@link StateGraph} (or only TLC's counts), an error trace,
 * or TLC's own error with its location.
 */
export async function runTlc(options: RunTlcOptions): Promise<TlcOutcome> {
  const spec = path.resolve(options.spec);
  if (!existsSync(spec)) throw new TlabridgeError("INPUT_NOT_FOUND", `${options.spec} does not exist: check the path of the spec.`);
  const specDir = path.dirname(spec);
  const config = options.config ? path.resolve(options.config) : spec.replace(/\.tla$/, ".cfg");
  if (!existsSync(config)) {
    throw new TlabridgeError("CONFIG_NOT_FOUND", `${config} does not exist: pass the model's config with --config <file.cfg>.`);
  }
  // Registered, so that it is removed however the process ends (its graph.dot can be hundreds of MB).
  const temporary = await temporaryDirectory("tlabridge-tlc-");
  const work = temporary.path;
  const dot = path.join(work, "graph.dot");
  const dump = options.dumpTo !== undefined || options.countsOnly !== true;
  // TLC reads modules from folders named by -DTLA-Library, and from jars on its classpath.
  const library = [...(options.libraryPaths ?? []), ...(process.env.TLA_PATH ?? "").split(path.delimiter)].filter((p) => p !== "").map((p) => path.resolve(p));
  const folders = library.filter((p) => !p.endsWith(".jar"));
  // CommunityModules*.jar beside tla2tools.jar, as the Toolbox and the VS Code extension ship it.
  const beside = (() => {
    try {
      return readdirSync(path.dirname(options.installation.jar)).filter((f) => /^CommunityModules.*\.jar$/.test(f)).map((f) => path.join(path.dirname(options.installation.jar), f));
    } catch {
      return [];
    }
  })();
  const jars = [...library.filter((p) => p.endsWith(".jar")), ...beside];
  const args = [
    "-XX:+UseParallelGC",
    ...(folders.length > 0 ? [`-DTLA-Library=${folders.join(path.delimiter)}`] : []),
    "-cp",
    [options.installation.jar, ...jars].join(path.delimiter),
    "tlc2.TLC",
    "-tool",
    ...(dump ? ["-dump", "dot,actionlabels", dot] : []),
    "-fp",
    String(options.fingerprint ?? 0),
    "-workers",
    String(options.workers ?? "auto"),
    "-noGenerateSpecTE",
    "-metadir",
    path.join(work, "states"),
    "-config",
    config,
    path.basename(spec),
  ];
  const messages: ToolMessage[] = [];
  const output: string[] = [];
  const trace: TraceStep[] = [];
  let ending: string | undefined;
  let counts: ReturnType<typeof parseFinalCounts>;
  let depth = 0;
  try {
    // Loaded here, not at startup: most commands never run TLC, and execa is a tenth of the CLI's start time.
    const { execa } = await import("execa");
    const child = execa(options.installation.java, args, {
      cwd: specDir,
      reject: false,
      stdin: "ignore",
      stderr: "pipe",
      buffer: { stdout: false, stderr: true },
      cancelSignal: options.signal,
      forceKillAfterDelay: 2000,
    });
    const reader = new ToolMessageReader(
      (m) => {
        messages.push(m);
        if (m.code === 2200) {
          const p = parseProgress(m.text);
          if (p && options.onProgress) options.onProgress(p);
        } else if (m.code === 2199) counts = parseFinalCounts(m.text);
        else if (m.code === 2194) depth = Number(/(\d+)/.exec(m.text)?.[1] ?? 0);
        else if (m.code === 2217) {
          const step = parseTraceState(m.text);
          if (step) trace.push(step);
        } else if (m.code === 2218) ending = "Stuttering";
        else if (m.code === 2122) ending = m.text.trim();
      },
      (line) => output.push(line),
    );
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (l) => reader.line(l));
    const closed = new Promise<void>((resolve) => lines.once("close", () => resolve()));
    const result = await child;
    await closed;
    if (result.isCanceled || options.signal?.aborted) {
      // The shell's codes: 128 + the signal's number (the abort's reason names SIGTERM when that stopped it).
      throw new TlabridgeError("TLC_INTERRUPTED", "TLC was stopped before it finished; nothing was written.", options.signal?.reason === "SIGTERM" ? 143 : 130);
    }
    const exitCode = result.exitCode ?? 255;
    const errors = messages.filter((m) => m.severity === 1 || m.severity === 2).map((m) => m.text.trim());
    if (exitCode === 0 && !dump) {
      return { kind: "success", graph: undefined, distinctStates: counts?.distinctStates ?? 0, statesGenerated: counts?.statesGenerated ?? 0, depth };
    }
    if (exitCode === 0) {
      if (!existsSync(dot)) {
        return { kind: "error", category: "other", message: "TLC finished but wrote no state graph (did it run with -dump?)", exitCode: 255 };
      }
      if (options.dumpTo) await copyAtomically(dot, options.dumpTo);
      const { graph } = await readStateGraph(dot);
      return {
        kind: "success",
        graph,
        distinctStates: counts?.distinctStates ?? graph.stateCount,
        statesGenerated: counts?.statesGenerated ?? 0,
        depth,
      };
    }
    const problem = VIOLATION_BY_EXIT[exitCode];
    if (problem !== undefined) {
      const message = errors.filter((e) => !/^The behavior up to this point is:|^The error occurred when TLC was evaluating/.test(e)).join("\n") || `TLC exited with code ${exitCode}`;
      return { kind: "violation", problem, message, trace, ending, exitCode };
    }
    if (exitCode === 150) {
      return { kind: "error", category: "parse", message: parseErrorMessage([...output, ...errors], spec, existsSync), exitCode };
    }
    if (exitCode === 151) {
      const text = errors.join("\n") || output.join("\n");
      const line = /line (\d+)/.exec(text);
      return { kind: "error", category: "config", message: `${config}:${line ? line[1] : 1}:1: ${text.trim() || "TLC rejected the configuration"}`, exitCode };
    }
    const stderr = String(result.stderr ?? "").trim();
    const text = [...errors, stderr].filter(Boolean).join("\n") || output.slice(-10).join("\n");
    return { kind: "error", category: "other", message: `TLC failed (exit code ${exitCode}): ${text || "no message"}`, exitCode };
  } finally {
    await temporary.remove();
  }
}

/** Copies TLC's dump to --dump through the output layer: whole or not at all, never through a link or into a FIFO. */
async function copyAtomically(from: string, to: string): Promise<void> {
  await withAtomicFile(to, async (out) => {
    for await (const chunk of createReadStream(from)) await out.writeFile(chunk as Buffer);
  });
}
