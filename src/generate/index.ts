/**
 * Generating conformance suites: from a state graph, a cover and an adapter,
 * thin vitest files plus JSON data, one test per path.
 *
 * @module
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { coverGraph, type Cover, type CoverOptions, type Criterion } from "../cover/index.js";
import { readStateGraph } from "../dump/index.js";
import { TlabridgeError } from "../errors.js";
import type { StateGraph } from "../graph/index.js";
import type { Value } from "../values/index.js";
import { parseConfig } from "../explorer/index.js";
import { checkAdapter, loadAdapter } from "./adapter.js";
import { concreteBehavioursOf } from "./concrete.js";
import { inferOutputs, negativeSteps, type EnabledInstances, type NegativeSteps } from "./negative.js";
import { readText, specConstants, specOperatorParameters } from "./spec-info.js";
import { actionArgNames, writeSuite, type SuiteSummary } from "./suite.js";
import { generateFromTraces, looksLikeItf } from "./traces.js";
import { nextRelationName, unsplitNextError } from "./next-labels.js";

export { writeSuite, actionArgNames, SUITE_MARKER } from "./suite.js";
export { loadAdapter, checkAdapter } from "./adapter.js";
export { inferOutputs, negativeSteps } from "./negative.js";
export type { Refusal, NegativeSteps, EnabledInstances } from "./negative.js";
export { concreteBehaviours, concreteBehavioursOf } from "./concrete.js";
export type { ConcreteBehaviours } from "./concrete.js";
export { generateFromTraces, traceSuiteGraph, readItfTraces, isItfInput } from "./traces.js";
export type { SuiteOptions, SuiteSummary } from "./suite.js";
export { operatorParameters, configConstants, specConstants, specOperatorParameters } from "./spec-info.js";

/** Options for {@link generateSuite}. */
export interface GenerateOptions {
  /** A TLC dump (`-dump dot,actionlabels`), or ITF traces: a `.itf.json` file or a folder of them (one test per trace). */
  readonly dump: string;
  /** The adapter module. */
  readonly adapter: string;
  /** The folder to write. */
  readonly outDir: string;
  /** What the paths exercise; default `transition-pairs` (`transitions` when the graph has too many pairs). */
  readonly criterion?: Criterion;
  readonly maxSteps?: number;
  /** For the `histories` criterion: how actions make a history, and the most operations per transaction. */
  readonly histories?: CoverOptions["histories"];
  /**
   * Negative steps: the actions whose disabled instances are offered (`true`:
   * all; `false`: none). Default: the adapter's `refusals`, if it has them.
   */
  readonly negative?: boolean | readonly string[];
  /** The spec (for parameter names); default: the only `.tla` beside the dump. */
  readonly spec?: string;
  /** The TLC config (for constants); default: `<spec>.cfg` beside the spec. */
  readonly config?: string;
  readonly onWarning?: (message: string) => void;
  /**
   * With SYMMETRY: `one` concrete behaviour per path of the reduced graph's
   * cover (default), or `all` its images under the symmetry group too (for
   * an implementation that may not be symmetric: every concrete pair).
   */
  readonly symmetryImages?: "one" | "all";
  /** Folders searched for modules (`--lib`), to step a spec whose config has SYMMETRY. */
  readonly lib?: readonly string[];
  /** tla2tools.jar, whose standard modules the explorer may need (SYMMETRY). */
  readonly tlcJar?: string;
  /** The graph, when the caller has it already (e.g. from TLC); else `dump` is read. */
  readonly graph?: StateGraph;
}

/** The result of {@link generateSuite}. */
export interface GenerateResult extends SuiteSummary {
  readonly graph: StateGraph;
  readonly cover: Cover;
  /** The negative steps, when any action was offered. */
  readonly negative: NegativeSteps | undefined;
  /** The config has SYMMETRY: the tests follow concrete behaviours mapped back from the reduced graph's paths. */
  readonly symmetry: boolean;
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
  // ITF traces (Apalache, Quint, explore --itf): one test per trace, not a cover of a graph.
  if (options.graph === undefined && looksLikeItf(options.dump)) return generateFromTraces(options, warn);
  const graph = options.graph ?? (await readStateGraph(options.dump, { onWarning: warn })).graph;
  const spec = options.spec ?? (options.dump.endsWith(".tla") ? options.dump : findSpec(options.dump));
  const parameters = spec ? await specOperatorParameters(spec, await readText(spec, "spec"), options.lib) : new Map<string, string[]>();
  const config = options.config ?? (spec && existsSync(spec.replace(/\.tla$/, ".cfg")) ? spec.replace(/\.tla$/, ".cfg") : undefined);
  const constants: Record<string, Value> = config ? await specConstants(spec, await readText(config, "config"), config, options.lib) : {};
  // Steps labelled Next (the relation, not an action) make a suite with one handler for every step: refused, with the spec change.
  const next = nextRelationName(config ? parseConfig(await readText(config, "config"), config) : undefined, spec ? await readText(spec, "spec") : undefined);
  const unsplit = unsplitNextError(graph, next, options.dump);
  if (unsplit) throw unsplit;
  if (!spec) warn("no spec found beside the dump (pass --spec): action arguments are named arg1, arg2, ...");
  const adapter = await loadAdapter(options.adapter);
  const { argNames } = actionArgNames(graph, parameters);
  const inferred = inferOutputs(graph, argNames);
  const outputs = new Map(inferred);
  for (const [name, ps] of Object.entries(adapter.outputs ?? {})) outputs.set(name, [...ps]);
  for (const w of checkAdapter(options.adapter, adapter, graph, outputs).warnings) warn(w);

  const criterion = options.criterion ?? defaultCriterion(graph, warn);
  let cover = coverGraph(graph, { criterion, maxSteps: options.maxSteps, histories: options.histories });
  // A model without transitions still gets a test per initial state (vitest fails a suite with no test).
  if (cover.paths.length === 0) cover = { ...cover, paths: [...graph.core.initialStates].map((s) => ({ initialState: s, transitions: [] })) };
  const offered = offeredActions(options.negative, adapter.refusals?.actions ?? (adapter.refusals ? null : undefined), graph);

  // With SYMMETRY the graph is a quotient: its paths are not behaviours until mapped back through the permutations.
  let suiteGraph = graph;
  let model: EnabledInstances | undefined;
  const symmetry = config !== undefined && parseConfig(await readText(config, "config"), config).symmetry !== undefined;
  if (symmetry) {
    if (!spec) throw new TlabridgeError("GENERATE_SYMMETRY_NO_SPEC", `${config} has SYMMETRY, and mapping the reduced graph's paths back to behaviours needs the spec: pass --spec.`);
    const concrete = await concreteBehavioursOf(graph, cover, { spec, config, libraryPaths: options.lib, tlcJar: options.tlcJar }, { images: options.symmetryImages === "all" });
    ({ graph: suiteGraph, cover } = concrete);
    const stepper = concrete.stepper;
    const concreteGraph = suiteGraph;
    model = {
      instances: graph.actions,
      enabledAt: (s) => stepper.successors(stepper.variables.map((v) => concreteGraph.state(s).variables[v]!)),
    };
  }
  const suiteArgNames = suiteGraph === graph ? argNames : actionArgNames(suiteGraph, parameters).argNames;
  const suiteOutputs = suiteGraph === graph ? outputs : renameOutputs(outputs, graph, argNames, suiteGraph, suiteArgNames);
  const negative = offered.length > 0 ? negativeSteps(suiteGraph, cover, suiteArgNames, offered, suiteOutputs, model) : undefined;
  const summary = await writeSuite({
    graph: suiteGraph,
    cover,
    adapter: options.adapter,
    outDir: options.outDir,
    source: options.dump,
    parameters,
    constants,
    refusals: negative?.refusals,
  });
  if (summary.unnamedActions.length > 0) {
    warn(`the spec does not give parameter names for ${summary.unnamedActions.join(", ")}: their arguments are named arg1, arg2, ...`);
  }
  return { ...summary, graph: suiteGraph, cover, spec, config, negative, symmetry };
}

/** The answers by the suite graph's parameter names (the explorer's), found by position in the source graph's (maybe `arg1, ...`). */
function renameOutputs(
  outputs: ReadonlyMap<string, readonly string[]>,
  graph: StateGraph,
  argNames: readonly (readonly string[])[],
  suiteGraph: StateGraph,
  suiteArgNames: readonly (readonly string[])[],
): Map<string, string[]> {
  const namesIn = (g: StateGraph, names: readonly (readonly string[])[]): Map<string, readonly string[]> => new Map(g.actions.map((a, id) => [a.name, names[id]!]));
  const from = namesIn(graph, argNames);
  const to = namesIn(suiteGraph, suiteArgNames);
  const out = new Map<string, string[]>();
  for (const [name, outs] of outputs) {
    const source = from.get(name) ?? [];
    const target = to.get(name) ?? source;
    out.set(
      name,
      outs.map((o) => (source.indexOf(o) >= 0 ? target[source.indexOf(o)]! : o)),
    );
  }
  return out;
}

/** Above this many pairs of consecutive transitions the default falls back to `transitions`. */
const MAX_DEFAULT_PAIRS = 2_000_000;

function defaultCriterion(graph: StateGraph, warn: (message: string) => void): Criterion {
  const { core } = graph;
  const into = new Float64Array(core.stateCount);
  for (let t = 0; t < core.transitionCount; t++) into[core.target[t]!]!++;
  let pairs = 0;
  for (let s = 0; s < core.stateCount; s++) pairs += into[s]! * (core.outStart[s + 1]! - core.outStart[s]!);
  if (pairs <= MAX_DEFAULT_PAIRS) return "transition-pairs";
  warn(`the graph has ${pairs.toLocaleString("en-US")} pairs of consecutive transitions, too many for the default transition-pairs cover: covering transitions (pass --criterion to choose).`);
  return "transitions";
}

/**
 * The actions whose disabled instances are offered: the option's, else the
 * adapter's (`null`: the adapter has refusals without a list, so all).
 */
function offeredActions(option: GenerateOptions["negative"], fromAdapter: readonly string[] | null | undefined, graph: StateGraph): string[] {
  const all = [...new Set(graph.actions.map((a) => a.name))].sort();
  const chosen = option === true ? all : option === false ? [] : option !== undefined ? [...option] : fromAdapter === null ? all : [...(fromAdapter ?? [])];
  const unknown = chosen.filter((n) => !all.includes(n));
  if (unknown.length > 0) throw new TlabridgeError("GENERATE_NEGATIVE_UNKNOWN", `--negative names ${unknown.join(", ")}, which the model does not have (its actions are ${all.join(", ")}): name actions of the model.`);
  return chosen.sort();
}
