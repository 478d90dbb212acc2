import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { runCli } from "../../src/cli/main.js";

/** The project's root folder. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** TLC fixtures shared with CI at ../shared (absent on some machines). */
export const TLC_FIXTURES = path.resolve(ROOT, "../shared/fixtures/tlc");

/** Whether the shared fixtures are present; tests that need them skip (and say so) otherwise. */
export const HAVE_FIXTURES = existsSync(path.join(TLC_FIXTURES, "manifest.json"));

/** One case of the fixtures' manifest. */
export interface ManifestCase {
  case: string;
  spec: string;
  config: string;
  dumpOptions: string;
  tlcDistinctStates: number;
  tlcStatesGenerated: number;
  tlcDepth: number;
  dot: {
    states: number;
    transitions: number;
    initialStates: number;
    selfLoops: number;
    parallelPairs: number;
    actions: Record<string, number>;
  };
}

/** The fixtures' manifest (empty when the fixtures are absent). */
export function manifest(): ManifestCase[] {
  if (!HAVE_FIXTURES) return [];
  return JSON.parse(readFileSync(path.join(TLC_FIXTURES, "manifest.json"), "utf8")) as ManifestCase[];
}

/** The DOT file of a manifest case. */
export function dotFile(c: string): string {
  const plain = path.join(TLC_FIXTURES, `${c}.dot`);
  return existsSync(plain) ? plain : `${plain}.gz`;
}

/** What one in-process CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process and captures its output. */
export async function cli(...argv: string[]): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    interactive: false,
  });
  return { code, stdout, stderr };
}
