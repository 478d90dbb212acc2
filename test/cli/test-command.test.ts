import { spawnSync } from "node:child_process";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateSuite } from "../../src/generate/index.js";
import type { RunSummary } from "../../src/runtime/reporter.js";
import { ROOT, cli } from "../helpers/fixtures.js";
import { workspace } from "../helpers/workspace.js";

const BIN = path.join(ROOT, "bin/tlabridge.js");

describe("tlabridge test", () => {
  const dir = workspace("test-command");
  const out = path.join(dir, "suite");
  let tests = 0;
  beforeAll(async () => {
    const generated = await generateSuite({
      dump: path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"),
      spec: path.join(ROOT, "specs/kvstore/KVStore.tla"),
      adapter: path.join(ROOT, "examples/kvstore-memory/adapter.ts"),
      outDir: out,
      criterion: "transitions",
    });
    tests = generated.tests;
  });

  // The real binary: vitest's output is inherited, so only a child process can capture it.
  const run = (mutant: string, ...args: string[]) =>
    spawnSync(process.execPath, [BIN, "test", out, ...args], {
      env: { ...process.env, KVSTORE_BUGS: "", KVSTORE_MUTANT: mutant, NO_COLOR: "1" },
      encoding: "utf8",
    });

  it("exits 0 when every test passes; --json gives the counts", () => {
    const r = run("", "--json");
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ passed: tests, failed: 0, groups: [] });
  });

  it("exits 1 when tests fail, after vitest's output and the failures grouped by what failed", () => {
    const r = run("commit-ts-ties-snapshot");
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/Tests {2}\d+ failed \| \d+ passed/);
    expect(r.stdout).toMatch(/tlabridge: \d+ failed tests in 2 groups \(by what failed, largest first\)\n +\d+ × (Commit r|Read v)\n +\d+ × (Commit r|Read v)\n/);
    expect(r.stdout).toMatch(/── Commit r: \d+ failed; the shortest is path \d+, \d+ steps ──\npath \d+, step \d+ of \d+: Commit\(t: t\d, r: "conflict"\)\n  r: expected "conflict", actual "ok"\n  steps: /);
    expect(r.stderr).toMatch(/\d+ failed, \d+ passed; the failures fall in 2 groups by what failed \(above\)\. \[TESTS_FAILED\]/);
  });

  it("--bail stops at the first failure; --json keeps stdout for the JSON", () => {
    const r = run("commit-ts-ties-snapshot", "--bail", "--json");
    expect(r.status).toBe(1);
    const summary = JSON.parse(r.stdout) as RunSummary;
    expect(summary.failed).toBe(1);
    expect(summary.passed).toBeLessThan(tests - 1);
    expect(summary.groups).toHaveLength(1);
    expect(summary.groups[0]).toMatchObject({ count: 1, shortest: { message: expect.stringMatching(/^path \d+, step \d+ of \d+: /) } });
    expect(r.stderr).toMatch(/Test Files/); // vitest's own output went to stderr
  });

  it("passes what follows -- to vitest", () => {
    const r = run("commit-ts-ties-snapshot", "--json", "--", "-t", "path 32:");
    expect(r.status).toBe(1);
    const summary = JSON.parse(r.stdout) as RunSummary;
    expect(summary).toMatchObject({ passed: 0, failed: 1 });
    expect(summary.groups[0]).toMatchObject({ signature: "Commit r", count: 1, shortest: { pathId: 32, pathLength: 6 } });
  });

  it("refuses a folder that is not a generated suite", async () => {
    const r = await cli("test", dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a suite tlabridge generated \(no tlabridge-suite\.json\): pass the --out folder of tlabridge generate\. \[SUITE_NOT_FOUND\]/);
  });

  it("is listed in --help", async () => {
    expect((await cli("--help")).stdout).toMatch(/test \[options\] <suite-dir> \[vitest-args\.\.\.\]/);
  });
});
