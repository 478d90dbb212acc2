import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Command } from "commander";
import { EXIT, TlabridgeError } from "../errors.js";
import { SUITE_MARKER } from "../generate/index.js";
import type { RunSummary } from "../runtime/reporter.js";
import { count, type CliIO } from "./io.js";
import { vitestBin } from "./vitest.js";
import { temporaryDirectory } from "../util/temporary.js";
import { checkOutputFile } from "../util/output.js";
import { testSection } from "../report/index.js";
import { HTML_HELP, writeHtmlReport } from "./report.js";

/** `tlabridge test <suite-dir> [--bail] [--json] [-- vitest args]`: runs a generated suite, failures grouped by what failed. */
export function testCommand(program: Command, io: CliIO): void {
  program
    .command("test")
    .description("run a suite tlabridge generated with vitest: its output, then the failed tests grouped by what failed (exit 0 all passed, 1 some failed)")
    .argument("<suite-dir>", "the --out folder of tlabridge generate")
    .argument("[vitest-args...]", "after --: passed to vitest, e.g. -- --shard=1/2 or -- -t 'path 12:'")
    .option("--bail", "stop at the first failing test")
    .option("--html <file.html>", `${HTML_HELP}: each failure group's path, failing step and value difference`)
    .option("--json", "print {passed, failed, groups: [{signature, count, shortest, pathIds}]} as JSON (vitest's output goes to stderr)")
    .addHelpText(
      "after",
      `
Example:
  $ tlabridge generate specs/kvstore/kvstore-2x2.dot --adapter examples/kvstore-memory/adapter.ts --out test/conformance
  $ tlabridge test test/conformance --bail`,
    )
    .action(async (dir: string, vitestArgs: string[], options: { bail?: boolean; json?: boolean; html?: string }) => {
      if (options.html) await checkOutputFile(options.html);
      if (!existsSync(path.join(dir, SUITE_MARKER))) {
        throw new TlabridgeError("SUITE_NOT_FOUND", `${dir} is not a suite tlabridge generated (no ${SUITE_MARKER}): pass the --out folder of tlabridge generate.`);
      }
      const { code, signal, summary } = await runSuite(dir, vitestArgs, options);
      const ended = signal ? `was stopped by ${signal}` : `exited with code ${code}`;
      if (summary === undefined) {
        throw new TlabridgeError("SUITE_DID_NOT_RUN", `vitest ${ended} without reporting on ${dir}: see its output above.`);
      }
      if (options.json) io.stdout(JSON.stringify(summary, null, 2) + "\n");
      if (options.html) await writeHtmlReport(options.html, `${dir}: ${count(summary.failed)} failed, ${count(summary.passed)} passed`, [testSection(summary, dir)]);
      if (summary.failed > 0) {
        const groups = summary.groups.length;
        throw new TlabridgeError(
          "TESTS_FAILED",
          `${count(summary.failed)} failed, ${count(summary.passed)} passed; the failures fall in ${groups} ${groups === 1 ? "group" : "groups"} by what failed (above).`,
          EXIT.failed,
        );
      }
      if (code !== 0) throw new TlabridgeError("SUITE_DID_NOT_RUN", `vitest ${ended} though no test failed: see its output above.`);
    });
}

/**
 * Runs vitest on the suite with its output on this process's terminal
 * (stderr with `json`) and reads the grouping reporter's summary, which it
 * writes to the file named by TLABRIDGE_REPORT.
 */
async function runSuite(dir: string, extra: readonly string[], options: { bail?: boolean; json?: boolean }): Promise<{ code: number; signal?: NodeJS.Signals | undefined; summary?: RunSummary }> {
  const reportDir = await temporaryDirectory("tlabridge-test-");
  const report = path.join(reportDir.path, "summary.json");
  // Reporters on the command line replace the config's (and suites generated before the grouping reporter do not name it):
  // the grouping reporter always runs, beside vitest's default unless the user names reporters.
  const reporters = [...(extra.some((a) => a.startsWith("--reporter")) ? [] : ["--reporter=default"]), "--reporter=tlabridge/reporter"];
  const args = [vitestBin(), "run", "--root", dir, ...reporters, ...(options.bail ? ["--bail=1"] : []), ...extra];
  let stop = (): void => {};
  let signal: NodeJS.Signals | undefined;
  try {
    const code = await new Promise<number>((resolve, reject) => {
      const child = spawn(process.execPath, args, {
        env: { ...process.env, TLABRIDGE_REPORT: report },
        stdio: options.json ? ["ignore", process.stderr, process.stderr] : ["ignore", "inherit", "inherit"],
      });
      // If this process ends first (SIGTERM to it alone), vitest must not go on without anyone reading its report.
      stop = () => void child.kill();
      process.once("exit", stop);
      child.on("error", reject);
      child.on("exit", (c, s) => {
        signal = s ?? undefined;
        resolve(c ?? 1);
      });
    });
    const summary = existsSync(report) ? (JSON.parse(await readFile(report, "utf8")) as RunSummary) : undefined;
    return { code, signal, summary };
  } finally {
    process.removeListener("exit", stop);
    await reportDir.remove();
  }
}
