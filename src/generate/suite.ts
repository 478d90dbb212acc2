import ejs from "ejs";
import path from "node:path";
import type { Cover } from "../cover/index.js";
import { TlabridgeError } from "../errors.js";
import type { StateGraph } from "../graph/index.js";
import type { SuiteAction, SuiteFile, SuitePath } from "../runtime/index.js";
import { printActionLabel, toItf, type ItfJson, type Value } from "../values/index.js";
import { VERSION } from "../version.js";
import type { Refusal } from "./negative.js";
import { checkSuiteFolder, SUITE_MARKER, stageSuiteFolder } from "./suite-folder.js";
import { TEST_FILE_TEMPLATE, VITEST_CONFIG } from "./template.js";
import { setOwn } from "../util/own.js";

export { SUITE_MARKER } from "./suite-folder.js";

/** What to generate. */
export interface SuiteOptions {
  readonly graph: StateGraph;
  readonly cover: Cover;
  /** The adapter module the tests import (a file path). */
  readonly adapter: string;
  /** The folder to write: new, empty, or holding a suite tlabridge wrote (whose files alone are replaced). */
  readonly outDir: string;
  /** Where the graph came from, for the header (its base name is used). */
  readonly source: string;
  /** Parameter names per action, from the spec; positions are used where unknown. */
  readonly parameters: ReadonlyMap<string, readonly string[]>;
  /** The model's constants, passed to the adapter's setup. */
  readonly constants: Readonly<Record<string, Value>>;
  /** Number of test files (default 8, so `vitest --shard` spreads them; never more than there are tests). */
  readonly files?: number;
  /** Negative steps per cover path, from {@link negativeSteps}. */
  readonly refusals?: readonly (readonly Refusal[])[];
}

/** What was generated. */
export interface SuiteSummary {
  readonly tests: number;
  readonly files: number;
  readonly paths: number;
  readonly steps: number;
  /** Negative steps over all tests. */
  readonly refusals: number;
  /** Actions whose argument names were not found in the spec (positional names used). */
  readonly unnamedActions: readonly string[];
}

const MAX_NAME_STEPS = 6;

function importPath(from: string, to: string): string {
  const rel = path.relative(from, to).split(path.sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

/**
 * The parameter names of each action instance: the source's, else the
 * spec's, else `arg1, arg2, ...` (and the action is listed as unnamed).
 */
export function actionArgNames(graph: StateGraph, parameters: ReadonlyMap<string, readonly string[]>): { argNames: string[][]; unnamed: Set<string> } {
  const unnamed = new Set<string>();
  const argNames = graph.actions.map((a) => {
    const fromSpec = parameters.get(a.name);
    if (a.argNames && a.argNames.length === a.args.length) return [...a.argNames];
    if (fromSpec && fromSpec.length === a.args.length) return [...fromSpec];
    if (a.args.length > 0) unnamed.add(a.name);
    return a.args.map((_, i) => `arg${i + 1}`);
  });
  return { argNames, unnamed };
}

/**
 * Writes a vitest suite: one test per cover path, in thin `.test.ts` files
 * plus JSON files holding the paths and the states they visit, and a marker
 * listing them. The files are written whole or not at all, byte-identical for
 * the same input; in a folder holding an earlier suite only that suite's
 * files are replaced (see {@link stageSuiteFolder}).
 */
export async function writeSuite(options: SuiteOptions): Promise<SuiteSummary> {
  const { graph, cover } = options;
  const outDir = path.resolve(options.outDir);
  const folder = await checkSuiteFolder(options.outDir);

  const { argNames, unnamed } = actionArgNames(graph, options.parameters);
  const argsJson = graph.actions.map((a, id) => {
    const out: Record<string, ItfJson> = {};
    a.args.forEach((v, i) => setOwn(out, argNames[id]![i]!, toItf(v)));
    return out;
  });
  const labels = graph.actions.map((a) => printActionLabel(a.name, a.args));
  const constants: Record<string, ItfJson> = {};
  for (const [k, v] of Object.entries(options.constants)) setOwn(constants, k, toItf(v));
  const stateJson = new Map<number, Record<string, ItfJson>>();
  const stateOf = (id: number): Record<string, ItfJson> => {
    let json = stateJson.get(id);
    if (json === undefined) {
      json = {};
      for (const [k, v] of Object.entries(graph.state(id).variables)) setOwn(json, k, toItf(v));
      stateJson.set(id, json);
    }
    return json;
  };

  // Steps name their action instance by its id in the graph; each file carries the instances it uses.
  const paths: (SuitePath & { readonly actionIds: readonly number[]; readonly negative: readonly Refusal[] })[] = cover.paths.map((p, i) => {
    const actionIds = p.transitions.map((t) => graph.core.action[t]!);
    const steps = p.transitions.map((t) => [graph.core.action[t]!, graph.core.target[t]!] as const);
    const names = p.transitions.map((t) => labels[graph.core.action[t]!]!);
    const shown = names.length <= MAX_NAME_STEPS ? names : [...names.slice(0, 3), "…", ...names.slice(-2)];
    const name = `path ${i + 1}: ${shown.join(" → ") || "initial state"} (${names.length} step${names.length === 1 ? "" : "s"})`;
    return { id: i + 1, name, initial: p.initialState, steps, actionIds, negative: options.refusals?.[i] ?? [] };
  });

  // No file without a test: vitest fails a file that has none.
  const fileCount = Math.max(Math.min(options.files ?? 8, paths.length), 1);
  const perFile = Math.ceil(paths.length / fileCount);
  const base = (f: number): string => `suite-${String(f + 1).padStart(2, "0")}`;
  const planned = ["vitest.config.mjs", ...Array.from({ length: fileCount }, (_, f) => [`${base(f)}.json`, `${base(f)}.test.ts`]).flat()];
  const staging = await stageSuiteFolder(folder, planned, options.adapter);
  const source = path.basename(options.source);
  const adapterImport = importPath(outDir, path.resolve(options.adapter));
  let written = 0;
  try {
    for (let f = 0; f < fileCount; f++) {
      const chunk = paths.slice(f * perFile, (f + 1) * perFile);
      const name = base(f);
      const states: Record<string, Record<string, ItfJson>> = {};
      const visit = (id: number): void => {
        if (!(String(id) in states)) states[String(id)] = stateOf(id);
      };
      const actions: SuiteAction[] = [];
      const local = new Map<number, number>();
      const negativeIndex = new Map<string, number>();
      const localPaths: SuitePath[] = chunk.map((p) => {
        visit(p.initial);
        const steps = p.steps.map(([actionId, state]) => {
          visit(state);
          let index = local.get(actionId);
          if (index === undefined) {
            index = actions.length;
            local.set(actionId, index);
            actions.push({ action: graph.actions[actionId]!.name, args: argsJson[actionId]! });
          }
          return [index, state] as const;
        });
        if (p.negative.length === 0) return { id: p.id, name: p.name, initial: p.initial, steps };
        const refusals = p.negative.map((r) => {
          const args: Record<string, ItfJson> = {};
          for (const [k, v] of Object.entries(r.args)) setOwn(args, k, toItf(v));
          const key = JSON.stringify([r.action, args]);
          let index = negativeIndex.get(key);
          if (index === undefined) {
            index = actions.length;
            negativeIndex.set(key, index);
            actions.push({ action: r.action, args });
          }
          return [r.after, index] as const;
        });
        return { id: p.id, name: p.name, initial: p.initial, steps, refusals };
      });
      const data: SuiteFile = { format: "tlabridge-suite", version: 1, constants, actions, paths: localPaths, states };
      await staging.write(`${name}.json`, JSON.stringify(data) + "\n");
      const test = ejs.render(
        TEST_FILE_TEMPLATE,
        {
          source,
          criterion: cover.criterion,
          adapterImport,
          dataFile: `./${name}.json`,
          title: `${source}: ${cover.criterion} cover, file ${f + 1} of ${fileCount}`,
        },
        { escape: (s: unknown) => JSON.stringify(String(s)) },
      );
      await staging.write(`${name}.test.ts`, test);
      written++;
    }
    const steps = paths.reduce((n, p) => n + p.steps.length, 0);
    const refusals = paths.reduce((n, p) => n + p.negative.length, 0);
    const marker = {
      generator: "tlabridge",
      version: VERSION,
      source,
      criterion: cover.criterion,
      adapter: adapterImport,
      tests: paths.length,
      files: written,
      steps,
      ...(refusals > 0 ? { refusals } : {}),
      lowerBound: cover.lowerBound,
    };
    await staging.write("vitest.config.mjs", VITEST_CONFIG);
    await staging.commit((generated) => JSON.stringify({ ...marker, generated }, null, 2) + "\n");
    return { tests: paths.length, files: written, paths: paths.length, steps, refusals, unnamedActions: [...unnamed].sort() };
  } catch (e) {
    await staging.abort();
    throw e;
  }
}
