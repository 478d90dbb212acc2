/**
 * Suites from ITF traces: one test per trace of Apalache, Quint (`quint run
 * --out-itf`, `quint test --out-itf`) or `tlabridge explore --itf`.
 *
 * ITF gives each state's variables but, unless the producer adds them, not
 * the action between two states. The action of a step is taken from the
 * trace when it says (`#meta.action` as `explore --itf` writes it, or Quint's
 * `mbt::actionTaken` with `mbt::nondetPicks` for the arguments), and from
 * the spec when one is given: the step of the spec's next-state relation
 * that leads from the state to the next (of the named action, with the given
 * arguments, when the trace names them). With a spec every step is checked
 * to be a step of the spec, so a test never drives an implementation through
 * a behaviour the model does not have.
 *
 * @module
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, statSync } from "node:fs";
import path from "node:path";
import type { Cover } from "../cover/index.js";
import { TlabridgeError } from "../errors.js";
import { openSpec, type SpecStep, type SpecStepper } from "../explorer/index.js";
import { StateGraphBuilder, type StateGraph } from "../graph/index.js";
import { readInputText } from "../util/input.js";
import { shown } from "../util/limits.js";
import { checkAdapter, loadAdapter } from "./adapter.js";
import type { GenerateOptions, GenerateResult } from "./index.js";
import { inferOutputs } from "./negative.js";
import { readText, specConstants, specOperatorParameters } from "./spec-info.js";
import { actionArgNames, writeSuite } from "./suite.js";
import { equals, parseItfTrace, printActionLabel, ValueTable, type ItfStepAction, type ItfTraceRead, type Value } from "../values/index.js";
import { exercisedBy } from "./concrete.js";

/** Whether a generate input is ITF: a folder (of `.itf.json` files), a `.itf.json` file, or a `.json` whose start reads as an ITF trace. */
export function isItfInput(input: string, startOfFile?: string): boolean {
  try {
    if (statSync(input).isDirectory()) return true;
  } catch {
    return false;
  }
  if (input.endsWith(".itf.json")) return true;
  if (!input.endsWith(".json") || startOfFile === undefined) return false;
  return /^\s*\{\s*"(?:#meta|vars|states)"/.test(startOfFile) && !/"counterexample"/.test(startOfFile);
}

/** {@link isItfInput}, reading the start of a `.json` file (a regular file only: never waits on a FIFO). */
export function looksLikeItf(input: string): boolean {
  let start: string | undefined;
  try {
    if (input.endsWith(".json") && !input.endsWith(".itf.json") && statSync(input).isFile()) {
      const fd = openSync(input, "r");
      try {
        const buf = Buffer.alloc(4096);
        start = buf.toString("utf8", 0, readSync(fd, buf, 0, buf.length, 0));
      } finally {
        closeSync(fd);
      }
    }
  } catch {
    start = undefined; // unreadable: the reader that follows says why
  }
  return isItfInput(input, start);
}

/** The trace files of an ITF input: the file itself, or a folder's `*.itf.json` files in name order. */
export function itfFiles(input: string): string[] {
  let folder = false;
  try {
    folder = statSync(input).isDirectory();
  } catch {
    folder = false;
  }
  if (!folder) return [input];
  const files = readdirSync(input)
    .filter((f) => f.endsWith(".itf.json"))
    .sort()
    .map((f) => path.join(input, f));
  if (files.length === 0) throw new TlabridgeError("GENERATE_NO_TRACES", `${input} has no .itf.json files: pass an ITF trace, or a folder of them (quint run --out-itf writes one per run).`);
  return files;
}

/** One trace, read. */
export interface NamedTrace {
  readonly file: string;
  readonly trace: ItfTraceRead;
}

/** Reads ITF traces through the input layer (each a regular UTF-8 file within the limits). */
export async function readItfTraces(input: string): Promise<NamedTrace[]> {
  const out: NamedTrace[] = [];
  for (const file of itfFiles(input)) {
    const { text } = await readInputText(file, { noun: "an ITF trace", codePrefix: "ITF", pathHint: " of the ITF trace" });
    out.push({ file, trace: parseItfTrace(text, file) });
  }
  return out;
}

/** The graph of the traces' states and steps, and the cover with one path per trace. */
export interface TraceSuiteGraph {
  readonly graph: StateGraph;
  readonly cover: Cover;
  /** How the steps' actions were found: from the spec, or from the traces. */
  readonly actionsFrom: "spec" | "trace";
}

/**
 * Opens the spec for inferring steps, or says why not (undefined with a
 * warning when the traces name every action and the explorer cannot step
 * the spec; an error otherwise).
 */
export async function traceStepper(
  spec: string,
  config: string | undefined,
  traces: readonly NamedTrace[],
  options: { readonly libraryPaths?: readonly string[]; readonly tlcJar?: string },
  warn: (m: string) => void,
): Promise<SpecStepper | undefined> {
  try {
    return await openSpec({ spec, config, libraryPaths: options.libraryPaths, tlcJar: options.tlcJar });
  } catch (e) {
    const named = traces.every((t) => t.trace.states.every((s, i) => i === 0 || s.action !== undefined));
    if (named && e instanceof TlabridgeError && e.code === "EXPLORER_UNSUPPORTED") {
      warn(`the embedded explorer cannot step ${spec} (${e.message.replace(/ \(use --engine tlc[^)]*\)$/, "")}): the steps are the traces' own actions, not checked against the spec`);
      return undefined;
    }
    throw e;
  }
}

/**
 * Builds the graph of the traces and one cover path per trace: each
 * distinct state and each distinct (source, action instance, target) once.
 * With a stepper, the first state must be an initial state of the spec and
 * each step a step of it; the action instance is the spec's (its parameter
 * names included). Without one, every step must name its action.
 *
 * @throws TlabridgeError `GENERATE_TRACE_VARIABLES` (the trace's variables are
 *   not the spec's), `GENERATE_TRACE_INIT`, `GENERATE_TRACE_STEP` (not a
 *   behaviour of the spec), `GENERATE_TRACE_NO_ACTION` (no spec and a step
 *   without an action name), `GENERATE_TRACE_MIXED` (traces of different variables).
 */
export function traceSuiteGraph(traces: readonly NamedTrace[], stepper: SpecStepper | undefined, warn: (m: string) => void): TraceSuiteGraph {
  const first = traces[0]!;
  const vars = stepper ? [...stepper.variables] : [...first.trace.vars];
  for (const { file, trace } of traces) {
    const missing = vars.filter((v) => !trace.vars.includes(v));
    const extra = trace.vars.filter((v) => !vars.includes(v));
    if (missing.length > 0 || extra.length > 0) {
      const against = stepper ? "the spec's" : `those of ${first.file}`;
      throw new TlabridgeError(
        stepper ? "GENERATE_TRACE_VARIABLES" : "GENERATE_TRACE_MIXED",
        `${file}: the trace's variables (${trace.vars.join(", ")}) are not ${against} (${vars.join(", ")}): generate from traces of this spec${stepper ? " (or pass the right --spec and --config)" : ""}.`,
      );
    }
  }
  const keys = new ValueTable();
  const keyOf = (s: readonly Value[]): string => s.map((v) => keys.idOf(v)).join(",");
  const initialKeys = stepper ? new Set(stepper.initialStates().map(keyOf)) : undefined;
  const out = new StateGraphBuilder();
  out.setVariables(vars);
  const stateIds = new Map<string, number>();
  const addState = (s: readonly Value[], initial: boolean): number => {
    const key = keyOf(s);
    let id = stateIds.get(key);
    if (id === undefined) {
      id = out.newState();
      out.defineState(id, { values: s.map((v) => out.valueId(v)), initial });
      stateIds.set(key, id);
    } else if (initial) out.markInitial(id);
    return id;
  };
  const transitionIds = new Map<string, number>();
  const addTransition = (source: number, name: string, args: readonly Value[], argNames: readonly string[] | undefined, target: number): number => {
    const action = out.actionId(name, args, argNames);
    const key = `${source},${action},${target}`;
    let id = transitionIds.get(key);
    if (id === undefined) transitionIds.set(key, (id = out.addTransition(source, target, action)));
    return id;
  };
  let ambiguous = 0;
  const paths = traces.map(({ file, trace }) => {
    const states = trace.states.map((s) => vars.map((v) => s.values.get(v)!));
    if (initialKeys && !initialKeys.has(keyOf(states[0]!))) {
      throw new TlabridgeError("GENERATE_TRACE_INIT", `${file}: the trace's first state is not an initial state of the spec: generate from traces of this spec and config (or pass the right --spec and --config).`);
    }
    const initialState = addState(states[0]!, true);
    let current = initialState;
    const transitions = states.slice(1).map((next, i) => {
      const index = i + 1;
      const given = trace.states[index]!.action;
      let step: { name: string; args: readonly Value[]; argNames: readonly string[] | undefined };
      if (stepper) {
        const candidates = stepper.successors(states[i]!, given?.name).filter((c) => sameState(c.state, next) && argsAgree(c, given));
        if (candidates.length === 0) {
          const what = given ? `by ${describe(given)}` : "by any action";
          throw new TlabridgeError(
            "GENERATE_TRACE_STEP",
            `${file}: state ${index} (#meta index ${index}) does not follow from state ${index - 1} ${what} of the spec, so the trace is not a behaviour of this spec and config: generate from traces of this spec (or pass the right --spec and --config).`,
          );
        }
        const distinct = new Set(candidates.map((c) => printActionLabel(c.name, c.args)));
        if (distinct.size > 1) ambiguous++;
        const chosen = candidates[0]!;
        step = { name: chosen.name, args: chosen.args, argNames: chosen.argNames };
      } else {
        if (given === undefined) {
          throw new TlabridgeError(
            "GENERATE_TRACE_NO_ACTION",
            `${file}: state ${index} does not say which action led to it (ITF names none unless the state's "#meta" has "action", or a variable such as Quint's mbt::actionTaken does): pass --spec <file.tla> to infer the actions from the spec, or write the trace with quint run --mbt.`,
          );
        }
        const args = given.args;
        step = args === undefined ? { name: given.name, args: [], argNames: undefined } : isNamed(args) ? { name: given.name, args: [...args.values()], argNames: [...args.keys()] } : { name: given.name, args, argNames: undefined };
      }
      const target = addState(next, false);
      const id = addTransition(current, step.name, step.args, step.argNames, target);
      current = target;
      return id;
    });
    return { initialState, transitions };
  });
  if (ambiguous > 0) warn(`${ambiguous} step${ambiguous === 1 ? "" : "s"} of the traces could be taken by more than one action instance of the spec: the first the spec lists was chosen (name the actions in the traces, e.g. with Quint's mbt::actionTaken, to choose)`);
  const graph = out.build();
  const { transitionsExercised, statesVisited } = exercisedBy(graph, paths);
  return {
    graph,
    actionsFrom: stepper ? "spec" : "trace",
    cover: {
      // The tests are the traces: every transition they take, each trace one path.
      criterion: "transitions",
      paths,
      steps: paths.reduce((n, p) => n + p.transitions.length, 0),
      covered: transitionsExercised,
      total: graph.transitionCount,
      lowerBound: paths.length,
      transitionsExercised,
      statesVisited,
      maxSteps: undefined,
    },
  };
}

/** Whether a spec's step has the arguments the trace gives (by position, or by parameter name), or the trace gives none. */
function argsAgree(step: SpecStep, given: ItfStepAction | undefined): boolean {
  const args = given?.args;
  if (args === undefined) return true;
  if (isNamed(args)) {
    // Quint's nondet picks are named by its binders; only the ones that are the action's parameters can be compared.
    return (step.argNames ?? []).every((n, i) => !args.has(n) || equals(args.get(n)!, step.args[i]!));
  }
  return args.length === step.args.length && args.every((a, i) => equals(a, step.args[i]!));
}

function describe(action: ItfStepAction): string {
  const args = action.args;
  if (args === undefined) return shown(action.name, 60);
  if (isNamed(args)) return `${shown(action.name, 60)} with ${[...args.keys()].map((k) => shown(k, 30)).join(", ")} as the trace picks them`;
  return shown(printActionLabel(action.name, args), 80);
}

/** Arguments by name (Quint's picks), not by position. */
function isNamed(args: readonly Value[] | ReadonlyMap<string, Value>): args is ReadonlyMap<string, Value> {
  return !Array.isArray(args);
}

function sameState(a: readonly Value[], b: readonly Value[]): boolean {
  return a.length === b.length && a.every((v, i) => equals(v, b[i]!));
}

/** The spec beside an ITF trace (or inside a folder of them), when there is exactly one `.tla`. */
export function specBesideTraces(input: string): string | undefined {
  let dir: string;
  try {
    dir = statSync(input).isDirectory() ? input : path.dirname(input);
  } catch {
    return undefined;
  }
  const candidates = readdirSync(dir).filter((f) => f.endsWith(".tla"));
  const spec = candidates.length === 1 ? path.join(dir, candidates[0]!) : undefined;
  return spec !== undefined && existsSync(spec) ? spec : undefined;
}

/**
 * Generates a suite with one test per ITF trace (a file, or a folder of
 * `.itf.json` files): the steps' actions from the spec (`--spec`, else the
 * only `.tla` beside the traces) or from the traces, the constants from the
 * config. No negative steps: a trace holds only its own steps, not what the
 * model disables.
 */
export async function generateFromTraces(options: GenerateOptions, warn: (m: string) => void): Promise<GenerateResult> {
  const traces = await readItfTraces(options.dump);
  if (options.criterion !== undefined || options.maxSteps !== undefined) warn("with ITF traces each trace is one test, as it is: --criterion and --max-steps do not apply");
  const spec = options.spec ?? specBesideTraces(options.dump);
  const config = options.config ?? (spec && existsSync(spec.replace(/\.tla$/, ".cfg")) ? spec.replace(/\.tla$/, ".cfg") : undefined);
  const stepper = spec ? await traceStepper(spec, config, traces, { libraryPaths: options.lib, tlcJar: options.tlcJar }, warn) : undefined;
  if (!spec) warn("no spec given (--spec) or beside the traces: the steps are the traces' own actions, not checked against a spec");
  const { graph, cover } = traceSuiteGraph(traces, stepper, warn);
  const parameters = spec ? await specOperatorParameters(spec, await readText(spec, "spec"), options.lib) : new Map<string, string[]>();
  // As for a state graph: the config's constants, with those it substitutes by a definition (`<-`) computed.
  const constants: Record<string, Value> = config ? await specConstants(spec, await readText(config, "config"), config, options.lib) : {};
  if (options.negative !== undefined && options.negative !== false && (options.negative === true || options.negative.length > 0)) {
    warn("negative steps need the whole state graph, and traces hold only their own steps: none are offered");
  }
  const adapter = await loadAdapter(options.adapter);
  const { argNames } = actionArgNames(graph, parameters);
  const outputs = new Map(inferOutputs(graph, argNames));
  for (const [name, ps] of Object.entries(adapter.outputs ?? {})) outputs.set(name, [...ps]);
  for (const w of checkAdapter(options.adapter, adapter, graph, outputs).warnings) warn(w);
  const summary = await writeSuite({ graph, cover, adapter: options.adapter, outDir: options.outDir, source: options.dump, parameters, constants });
  if (summary.unnamedActions.length > 0) {
    warn(`the spec does not give parameter names for ${summary.unnamedActions.join(", ")}: their arguments are named arg1, arg2, ...`);
  }
  return { ...summary, graph, cover, spec, config, negative: undefined, symmetry: false };
}
