import path from "node:path";
import { TlabridgeError } from "../errors.js";
import type { StateGraph } from "../graph/index.js";
import type { Adapter } from "../runtime/index.js";

/**
 * Loads an adapter module the way vitest will (TypeScript included), so that
 * generate can check it before writing thousands of tests that need it.
 */
export async function loadAdapter(file: string): Promise<Adapter> {
  let loaded: { default?: unknown };
  try {
    const { runnerImport } = await import("vite");
    loaded = (await runnerImport<{ default?: unknown }>(path.resolve(file), { configFile: false, logLevel: "silent" })).module;
  } catch (e) {
    const first = String((e as Error)?.message ?? e).split("\n")[0];
    throw new TlabridgeError("ADAPTER_LOAD_FAILED", `${file} cannot be loaded (${first}): fix the module so that it imports without error.`);
  }
  const adapter = loaded.default as Partial<Adapter> | undefined;
  if (typeof adapter !== "object" || adapter === null || typeof adapter.setup !== "function" || typeof adapter.actions !== "object" || adapter.actions === null) {
    throw new TlabridgeError(
      "ADAPTER_SHAPE",
      `${file} does not export an adapter by default: export default defineAdapter({ setup, actions, observe }) (or subprocessAdapter(...)).`,
    );
  }
  return adapter as Adapter;
}

/** What {@link checkAdapter} found that is worth a warning. */
export interface AdapterFindings {
  readonly warnings: readonly string[];
}

/**
 * Checks an adapter against the graph it will be driven by: a handler for
 * every action (else an error naming the missing ones), refusals naming
 * actions of the model, and a warning when the tests could compare nothing.
 */
export function checkAdapter(file: string, adapter: Adapter, graph: StateGraph, outputs: ReadonlyMap<string, readonly string[]>): AdapterFindings {
  const names = [...new Set(graph.actions.map((a) => a.name))].sort();
  // Looked up, not listed: a subprocess adapter answers every name through a proxy.
  const missing = names.filter((n) => typeof adapter.actions[n] !== "function");
  if (missing.length > 0) {
    throw new TlabridgeError(
      "ADAPTER_MISSING_HANDLERS",
      `${file} has no handler for ${missing.join(", ")} (the model's actions are ${names.join(", ")}): add them to its actions.`,
    );
  }
  const unknown = (adapter.refusals?.actions ?? []).filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    throw new TlabridgeError("ADAPTER_REFUSALS_UNKNOWN", `${file}'s refusals name ${unknown.join(", ")}, which the model does not have (its actions are ${names.join(", ")}): fix refusals.actions.`);
  }
  const warnings: string[] = [];
  if (adapter.observe === undefined && adapter.outputs === undefined) {
    const answered = [...outputs].filter(([, ps]) => ps.length > 0).map(([a, ps]) => ps.map((p) => `${a}.${p}`).join(", "));
    warnings.push(
      answered.length > 0
        ? `${path.basename(file)} has no observe and declares no outputs: the tests compare only what its handlers return (the model's answers are ${answered.join(", ")}); a handler that returns nothing checks nothing.`
        : `${path.basename(file)} has no observe and the model's actions answer nothing: the tests compare nothing, they only check that no step throws; add observe to compare the implementation's state.`,
    );
  }
  return { warnings };
}
