// Issue 17's faults in the isolation commands: bounds refused before the work that would exhaust memory.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { observeHistories } from "../../src/isolation/index.js";
import { readStateGraph } from "../../src/dump/index.js";
import { cli, ROOT } from "../helpers/fixtures.js";

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
