import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { vitestBin } from "../../src/cli/vitest.js";
import { VITEST_CONFIG } from "../../src/generate/template.js";
import { formatGroups, groupFailures, type FailedTest, type RunSummary } from "../../src/runtime/reporter.js";
import type { SuiteFile } from "../../src/runtime/index.js";
import { put, workspace } from "../helpers/workspace.js";

const failure = (test: string, signature: string | undefined, pathId: number, pathLength: number, message = `path ${pathId}: ${signature}`): FailedTest => ({
  test,
  error: { name: "StepFailure", message, signature, pathId, pathLength },
});

describe("grouping failed tests", () => {
  it("groups by signature, largest first, each led by its shortest path", () => {
    const groups = groupFailures([
      failure("a", "Read v", 4, 9),
      failure("b", "Commit r", 7, 6),
      failure("c", "Read v", 2, 5),
      failure("d", "Read v", 9, 5),
      { test: "e", error: { name: "Error", message: "Cannot find module 'x'\n  more" } },
    ]);
    expect(groups.map((g) => [g.signature, g.count, g.shortest.pathId])).toEqual([
      ["Read v", 3, 2],
      ["Commit r", 1, 7],
      ["Error: Cannot find module 'x'", 1, undefined],
    ]);
    expect(groups[0]!.pathIds).toEqual([2, 4, 9]);
  });

  it("prints a line per group, then each group's shortest message whole", () => {
    const text = formatGroups(groupFailures([failure("a", "Read v", 4, 9), failure("c", "Read v", 2, 5, "path 2, step 5 of 5: Read\n  v: expected 1, actual 2"), failure("b", "Commit r", 7, 6)]));
    expect(text).toBe(
      [
        "tlabridge: 3 failed tests in 2 groups (by what failed, largest first)",
        "  2 × Read v",
        "  1 × Commit r",
        "",
        "── Read v: 2 failed; the shortest is path 2, 5 steps ──",
        "path 2, step 5 of 5: Read",
        "  v: expected 1, actual 2",
        "  all its paths: 2, 4",
        "",
        "── Commit r: 1 failed; the shortest is path 7, 6 steps ──",
        "path 7: Commit r",
      ].join("\n"),
    );
  });
});

// A counter suite: Get answers one too many once the counter moved, and Dec has no handler.
const suite: SuiteFile = {
  format: "tlabridge-suite",
  version: 1,
  constants: {},
  actions: [
    { action: "Inc", args: {} },
    { action: "Get", args: { v: 1 } },
    { action: "Get", args: { v: 2 } },
    { action: "Get", args: { v: 0 } },
    { action: "Dec", args: {} },
  ],
  paths: [
    { id: 1, name: "path 1: Inc → Inc → Get(2)", initial: 0, steps: [[0, 1], [0, 2], [2, 2]] },
    { id: 2, name: "path 2: Inc → Get(1)", initial: 0, steps: [[0, 1], [1, 1]] },
    { id: 3, name: "path 3: Get(0)", initial: 0, steps: [[3, 0]] },
    { id: 4, name: "path 4: Inc → Dec", initial: 0, steps: [[0, 1], [4, 0]] },
  ],
  states: { "0": { x: 0 }, "1": { x: 1 }, "2": { x: 2 } },
};

const TEST_FILE = `import { describe, it } from "vitest";
import { defineAdapter, loadSuiteFile, runPath } from "tlabridge/runtime";

const suite = loadSuiteFile(new URL("./counter.json", import.meta.url));
const adapter = defineAdapter({
  setup: () => ({ x: 0 }),
  actions: {
    Inc: (s) => void s.x++,
    Get: (s) => ({ v: s.x === 0 ? 0 : s.x + 1 }),
  },
});

describe("counter", () => {
  for (const path of suite.paths) it(path.name, () => runPath(adapter, suite, path));
});
`;

describe("the reporter in a real vitest run", () => {
  it("groups failures whose signature and path length crossed from the worker to the main process", () => {
    const dir = path.join(workspace("reporter"), "suite");
    put(dir, "counter.json", JSON.stringify(suite));
    put(dir, "counter.test.ts", TEST_FILE);
    put(dir, "vitest.config.mjs", VITEST_CONFIG);
    const report = path.join(dir, "..", "summary.json");
    const run = spawnSync(process.execPath, [vitestBin(), "run", "--root", dir], {
      env: { ...process.env, TLABRIDGE_REPORT: report, NO_COLOR: "1" },
      encoding: "utf8",
    });
    expect(run.status, run.stderr).toBe(1);
    const summary = JSON.parse(readFileSync(report, "utf8")) as RunSummary;
    expect(summary).toMatchObject({ passed: 1, failed: 3 });
    // Fields read off the serialized errors: the signature groups, pathLength picks path 2 over path 1.
    expect(summary.groups.map((g) => [g.signature, g.count, g.shortest.pathId, g.shortest.pathLength])).toEqual([
      ["Get v", 2, 2, 2],
      ["Dec has no handler", 1, 4, 2],
    ]);
    expect(run.stdout).toContain("tlabridge: 3 failed tests in 2 groups (by what failed, largest first)\n  2 × Get v\n  1 × Dec has no handler\n");
    expect(run.stdout).toContain("── Get v: 2 failed; the shortest is path 2, 2 steps ──\npath 2, step 2 of 2: Get(v: 1)\n  v: expected 1, actual 2\n");
    // vitest's own reporter still runs first.
    expect(run.stdout.indexOf("Tests  3 failed | 1 passed")).toBeLessThan(run.stdout.indexOf("tlabridge: 3 failed"));
    expect(run.stdout.indexOf("Tests  3 failed | 1 passed")).toBeGreaterThan(-1);
  });
});
