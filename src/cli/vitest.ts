import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { temporaryDirectory } from "../util/temporary.js";

/** What a vitest run of a generated suite reported. */
export interface SuiteRun {
  readonly passed: number;
  readonly failed: number;
  readonly seconds: number;
  /** The first failure messages, for a summary. */
  readonly failures: readonly string[];
}

/** The vitest command-line script of the vitest tlabridge depends on. */
export function vitestBin(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
}

/**
 * Runs vitest on a generated suite folder and reads its JSON report (the
 * `--reporter=json` on the command line replaces the suite config's reporters).
 */
export async function runVitest(root: string, env: NodeJS.ProcessEnv = process.env, extraArgs: readonly string[] = []): Promise<SuiteRun> {
  const vitest = vitestBin();
  const reportDir = await temporaryDirectory("tlabridge-report-");
  const report = path.join(reportDir.path, "report.json");
  const started = performance.now();
  let stop = (): void => {};
  try {
    await new Promise<void>((resolve) => {
      const child = execFile(
        process.execPath,
        [vitest, "run", "--root", root, "--reporter=json", `--outputFile=${report}`, ...extraArgs],
        { env, maxBuffer: 64 << 20 },
        () => resolve(),
      );
      // If this process ends first (Ctrl-C), vitest must not go on running the suite, whose folder is being removed.
      stop = () => void child.kill();
      process.once("exit", stop);
    });
    const json = JSON.parse(await readFile(report, "utf8")) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: { assertionResults: { status: string; failureMessages: string[] }[] }[];
    };
    const failures = json.testResults.flatMap((f) => f.assertionResults.filter((a) => a.status === "failed").flatMap((a) => a.failureMessages.slice(0, 1)));
    return { passed: json.numPassedTests, failed: json.numFailedTests, seconds: (performance.now() - started) / 1000, failures: failures.slice(0, 3) };
  } finally {
    process.removeListener("exit", stop);
    await reportDir.remove();
  }
}
