// tlabridge demo --system postgres: the whole pipeline against a throwaway
// PostgreSQL server, and nothing left behind, also after Ctrl-C.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { serverUnavailable } from "../../src/postgres/index.js";
import { ROOT } from "../helpers/fixtures.js";

const why = serverUnavailable();

/** Processes whose command line mentions `text` (the cluster's folder). */
function processesMentioning(text: string): number[] {
  const out: number[] = [];
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(text)) out.push(Number(pid));
    } catch {
      // The process ended meanwhile.
    }
  }
  return out;
}

/** Runs the built CLI; `interruptWhen` sends SIGINT as soon as stdout matches it. */
function demo(interruptWhen?: RegExp): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, "bin/tlabridge.js"), "demo", "--system", "postgres"], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let sent = false;
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (interruptWhen && !sent && interruptWhen.test(stdout)) {
        sent = true;
        child.kill("SIGINT");
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

const serverFolder = (stdout: string): string => /PostgreSQL: a throwaway server on (\S+) /.exec(stdout)![1]!;

describe.skipIf(!!why)(`tlabridge demo --system postgres (${why ?? "PostgreSQL server binaries found"})`, () => {
  it("runs the suites against PostgreSQL, measures its isolation levels, and removes the server", async () => {
    const run = await demo();
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/transition-pairs +cover: 772 paths .*vitest: 772 passed, 0 failed/);
    expect(run.stdout).toMatch(/transitions +cover: 192 paths .*vitest: 192 passed, 0 failed/);
    expect(run.stdout).toMatch(/states +cover: 137 paths .*vitest: 137 passed, 0 failed/);
    expect(run.stdout).toMatch(/RR \(REPEATABLE READ\).*\n    SI: pass\n    SER: FAIL, write-skew/);
    expect(run.stdout).toMatch(/\n {4}RR +[\d.]+% \/ 0 +[\d.]+% \/ 0 +100\.0% \/ 0 +100\.0% \/ \d+\n/);
    expect(run.stdout).toMatch(/every test passed: PostgreSQL at REPEATABLE READ conforms to the spec/);
    const folder = serverFolder(run.stdout);
    expect(existsSync(folder)).toBe(false);
    expect(processesMentioning(folder)).toEqual([]);
  }, 180_000);

  it("Ctrl-C in the middle stops the server and removes its folder", async () => {
    const run = await demo(/transition-pairs +cover/);
    expect(run.code).not.toBe(0);
    const folder = serverFolder(run.stdout);
    expect(existsSync(folder)).toBe(false);
    expect(processesMentioning(folder)).toEqual([]);
  }, 120_000);
});
