/**
 * Generating conformance suites: from a state graph, a cover and an adapter,
 * thin vitest files plus JSON data, one test per path.
 *
 * @module
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { coverGraph, type Cover, type Criterion } from "../cover/index.js";
import { readStateGraph } from "../dump/index.js";
import { TlabridgeError } from "../errors.js";
import type { StateGraph } from "../graph/index.js";
import type { Value } from "../values/index.js";
import { configConstants, operatorParameters, readText } from "./spec-info.js";
import { writeSuite, type SuiteSummary } from "./suite.js";

export { writeSuite, SUITE_MARKER } from "./suite.js";
export type { SuiteOptions, SuiteSummary } from "./suite.js";
export { operatorParameters, configConstants } from "./spec-info.js";

/** Options for {@link generateSuite}. */
export interface GenerateOptions {
  /** A TLC dump (`-dump dot,actionlabels`). */
  readonly dump: string;
  /** The adapter module. */
  readonly adapter: string;
  /** The folder to write. */
  readonly outDir: string;
  readonly criterion?: Criterion;
  readonly maxSteps?: number;
  /** The spec (for parameter names); default: the only `.tla` beside the dump. */
  readonly spec?: string;
  /** The TLC config (for constants); default: `<spec>.cfg` beside the spec. */
  readonly config?: string;
  readonly onWarning?: (message: string) => void;
  /** The graph, when the caller has it already (e.g. from TLC); else `dump` is read. */
  readonly graph?: StateGraph;
}

/** The result of {@link generateSuite}. */
export interface GenerateResult extends SuiteSummary {
  readonly graph: StateGraph;
  readonly cover: Cover;
  readonly spec: string | undefined;
  readonly config: string | undefined;
}

function findSpec(dump: string): string | undefined {
  const dir = path.dirname(dump);
  const candidates = readdirSync(dir).filter((f) => f.endsWith(".tla"));
  return candidates.length === 1 ? path.join(dir, candidates[0]!) : undefined;
}

/** Reads a dump, covers it and writes a suite. */
export async function generateSuite(options: GenerateOptions): Promise<GenerateResult> {
  const warn = options.onWarning ?? (() => {});
  if (options.dump.endsWith(".tla") && options.graph === undefined) {
    throw new TlabridgeError(
      "GENERATE_SPEC_INPUT",
      `${options.dump} is a spec; this version reads TLC's dumps: run TLC with -dump dot,actionlabels <file> and pass that file.`,
    );
  }
  if (!existsSync(options.adapter)) {
    throw new TlabridgeError("ADAPTER_NOT_FOUND", `${options.adapter} does not exist: --adapter names the module whose default export is the adapter.`);
  }
  const graph = options.graph ?? (await readStateGraph(options.dump, { onWarning: warn })).graph;
  const spec = options.spec ?? (options.dump.endsWith(".tla") ? options.dump : findSpec(options.dump));
  const parameters = spec ? operatorParameters(await readText(spec, "spec")) : new Map<string, string[]>();
  const config = options.config ?? (spec && existsSync(spec.replace(/\.tla$/, ".cfg")) ? spec.replace(/\.tla$/, ".cfg") : undefined);
  const constants: Record<string, Value> = config ? configConstants(await readText(config, "config"), config) : {};
  if (!spec) warn("no spec found beside the dump (pass --spec): action arguments are named arg1, arg2, ...");
  const cover = coverGraph(graph, { criterion: options.criterion, maxSteps: options.maxSteps });
  const summary = await writeSuite({
    graph,
    cover,
    adapter: options.adapter,
    outDir: options.outDir,
    source: options.dump,
    parameters,
    constants,
  });
  if (summary.unnamedActions.length > 0) {
    warn(`the spec does not give parameter names for ${summary.unnamedActions.join(", ")}: their arguments are named arg1, arg2, ...`);
  }
  return { ...summary, graph, cover, spec, config };
}
