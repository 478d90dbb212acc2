import { closeSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import path from "node:path";
import { EXIT, InputError, TlabridgeError } from "../errors.js";
import type { StateGraph } from "../graph/index.js";
import type { Adapter } from "../runtime/index.js";
import { getOwn } from "../util/own.js";

/**
 * Loads an adapter module the way vitest will (TypeScript included), so that
 * generate can check it before writing thousands of tests that need it. A
 * module that does not load is refused with where it breaks (`file:line:col`
 * when the parser says).
 */
export async function loadAdapter(file: string): Promise<Adapter> {
  checkModuleFile(file);
  let loaded: { default?: unknown };
  const vite = await import("vite").catch(() => {
    throw new TlabridgeError("VITE_NOT_FOUND", `${file} cannot be loaded: tlabridge's dependency vite is missing; reinstall tlabridge (npm install).`, EXIT.missingTool);
  });
  try {
    loaded = (await vite.runnerImport<{ default?: unknown }>(path.resolve(file), { configFile: false, logLevel: "silent" })).module;
  } catch (e) {
    throw await loadFailure(file, e, vite);
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

/** Refuses what cannot be a module before vite tries: a folder, a device, a binary. */
function checkModuleFile(file: string): void {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    throw new TlabridgeError("ADAPTER_NOT_FOUND", `${file} does not exist or cannot be read: pass the adapter module's path (.ts or .js).`);
  }
  if (!stat.isFile()) throw new TlabridgeError("ADAPTER_NOT_A_FILE", `${file} is ${stat.isDirectory() ? "a folder" : "not a regular file"}: pass the adapter module itself (.ts or .js), not ${stat.isDirectory() ? "its folder" : "a device or pipe"}.`);
  const head = Buffer.alloc(Math.min(stat.size, 8192));
  const fd = openSync(file, "r");
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.includes(0)) throw new TlabridgeError("ADAPTER_NOT_TEXT", `${file} holds NUL bytes, so it is not a JavaScript or TypeScript module: pass the adapter's source file.`);
}

interface ParseErrorLike {
  readonly message?: unknown;
  readonly loc?: { readonly line?: unknown; readonly column?: unknown };
}

/** Text of a tool's message fit for one line: its first line, without terminal colours. */
function firstLine(message: unknown): string {
  // eslint-disable-next-line no-control-regex
  const plain = String(message ?? "").replace(/\u001b\[[0-9;]*m/g, "");
  const line = (plain.split(/\r?\n|[\u2028\u2029]/).find((l) => l.trim() !== "") ?? "").replace(/^\s*\[[A-Z_]+\]\s*/, "").trim();
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) || "an error";
}

/** The first parse error with a position among a transform error's `errors`. */
function parsePosition(e: unknown): { line: number; column: number; problem: string } | undefined {
  const errors = (e as { errors?: unknown })?.errors;
  if (!Array.isArray(errors)) return undefined;
  for (const err of errors as ParseErrorLike[]) {
    const line = err?.loc?.line;
    const column = err?.loc?.column;
    if (typeof line === "number" && typeof column === "number") return { line, column: column + 1, problem: firstLine(err.message) };
  }
  return undefined;
}

/**
 * Why an adapter module did not load, as an error with its position: the
 * transform's own (TypeScript), else the parser's on a re-parse (vite's
 * import analysis of plain JavaScript places every syntax error at 1:1).
 */
async function loadFailure(file: string, e: unknown, vite: typeof import("vite")): Promise<TlabridgeError> {
  let at = parsePosition(e);
  if (at === undefined && (e as { loc?: unknown })?.loc !== undefined) {
    try {
      await vite.transformWithOxc(readFileSync(file, "utf8"), path.resolve(file));
    } catch (parseError) {
      at = parsePosition(parseError);
    }
  }
  const what = "the adapter cannot be loaded: fix the module so that it imports without error";
  if (at !== undefined) return new InputError("ADAPTER_LOAD_FAILED", { file, line: at.line, column: at.column }, `${at.problem} (${what}).`);
  return new TlabridgeError("ADAPTER_LOAD_FAILED", `${file} cannot be loaded (${firstLine((e as Error)?.message ?? e)}): fix the module so that it imports without error.`);
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
  // Own handlers only: an action named constructor or toString is not handled by Object's members.
  const missing = names.filter((n) => typeof getOwn(adapter.actions, n) !== "function");
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
