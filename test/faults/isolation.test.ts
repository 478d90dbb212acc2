// Issue 17's faults in the isolation commands: bounds refused before the work that would exhaust memory.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { observeHistories } from "../../src/isolation/index.js";
import { readStateGraph } from "../../src/dump/index.js";
import { cli, ROOT } from "../helpers/fixtures.js";
import { put, workspace } from "../helpers/workspace.js";

const DUMP = path.join(ROOT, "specs/kvstore/kvstore-2x2.dot");

describe("permissiveness bounds", () => {
  it("refuses --max-ops 6 before exploring (it ran out of heap collecting histories first)", async () => {
    const started = performance.now();
    const run = await cli("permissiveness", DUMP, "--level", "SI", "--max-ops", "6");
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe("2 transactions x 2 keys x 6 operations make 89,755,965,649 histories, more than 50,000,000: explore smaller bounds or lower --max-ops. [UNIVERSE_TOO_LARGE]");
    expect(run.stderr).not.toMatch(/^\s+at /m);
    expect(run.stdout).toBe("");
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("observeHistories checks the limit before any behaviour is visited", async () => {
    const { graph } = await readStateGraph(DUMP);
    let visited = 0;
    expect(() => observeHistories(graph, { maxOps: 3, universeLimit: 1000, onProgress: (n) => (visited = n) })).toThrow(/2 transactions x 2 keys x 3 operations make [\d,]+ histories, more than 1,000: explore smaller bounds/);
    expect(visited).toBe(0);
    // Within the limit the same call explores.
    expect(observeHistories(graph, { maxOps: 1, universeLimit: 50_000_000 }).histories.size).toBeGreaterThan(0);
  });
});

describe("isolation check inputs", () => {
  const dir = workspace("faults-isolation");

  it("refuses a FIFO at once instead of waiting for a writer", async () => {
    const fifo = path.join(dir, "history.fifo");
    execFileSync("mkfifo", [fifo]);
    const started = performance.now();
    const run = await cli("isolation", "check", fifo, "--level", "SER");
    expect(run.code).toBe(2);
    expect(run.stderr.split("\n")[0]).toMatch(/history\.fifo is a named pipe \(FIFO\), not a regular file: .*\[INPUT_NOT_A_FILE\]$/);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it("refuses nesting past --max-depth in JSON and EDN with file:line:col (it overflowed the stack: exit 70)", async () => {
    const deep = 20_000;
    const json = put(dir, "deep.json", `[{"id": "t1", "ops": [["w", "x", ${"[".repeat(deep)}1${"]".repeat(deep)}]]}]`);
    const edn = put(dir, "deep.edn", `{:type :ok, :f :txn, :value [[:w :x ${"#tag ".repeat(deep)}1]], :process 0, :index 0}\n`);
    const ednSets = put(dir, "sets.edn", `{:type :ok, :f :txn, :value [[:w :x ${"#{".repeat(deep)}${"}".repeat(deep)}]], :process 0, :index 0}\n`);
    for (const file of [json, edn, ednSets]) {
      const run = await cli("isolation", "check", file, "--level", "SER");
      expect(run.code, file).toBe(2);
      expect(run.stderr.split("\n")[0], file).toMatch(/:1:\d+: found a value nested more than 100 levels deep: raise the limit with --max-depth <n> .*\[INPUT_TOO_DEEP\]$/);
      expect(run.stderr).not.toMatch(/^\s+at /m);
    }
    // The limit is the user's to raise; past what the reader's stack holds, the answer is still clean.
    const raised = await cli("isolation", "check", json, "--level", "SER", "--max-depth", "30000");
    expect(raised.code).toBe(2);
    expect(raised.stderr.split("\n")[0]).toMatch(/deep\.json:1:1: the history nests values deeper than the reader can follow with --max-depth 30000: lower --max-depth .*\[INPUT_TOO_DEEP\]$/);
  });
});
