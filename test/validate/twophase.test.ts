import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, cli } from "../helpers/fixtures.js";
import { workspace } from "../helpers/workspace.js";

const SPEC = path.join(ROOT, "specs/twophase/TwoPhase.tla");
const dir = workspace("twophase");

function run(name: string, ...flags: string[]): string[] {
  const out = path.join(dir, name);
  execFileSync(process.execPath, [path.join(ROOT, "examples/twophase/run.mjs"), "--out", out, ...flags], { timeout: 30_000 });
  return readdirSync(out).map((f) => path.join(out, f));
}

describe("two-phase commit as separate processes on loopback", () => {
  it("a correct run is valid", async () => {
    const logs = run("ok");
    expect(logs).toHaveLength(4);
    const result = await cli("validate", ...logs, "--model", SPEC, "--json");
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ verdict: "valid", events: 10, hosts: 4 });
  });

  it("a run where an RM aborts is valid", async () => {
    const result = await cli("validate", ...run("abort", "--abort", "r2"), "--model", SPEC);
    expect(result.code).toBe(0);
  });

  it("the protocol bug (commit after the first prepare) is rejected, and the explanation names TMCommit", async () => {
    const result = await cli("validate", ...run("bug", "--bug"), "--model", SPEC);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/tm's next event TMCommit \(.*tm\.ndjson:\d+\):\n {4}- TMCommit is not enabled in the model state here/);
  });
});
