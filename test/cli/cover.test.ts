import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { HAVE_FIXTURES, ROOT, TLC_FIXTURES, cli } from "../helpers/fixtures.js";

const DUMP = path.join(ROOT, "specs/kvstore/kvstore-2x2.dot");
const tmp = mkdtempSync(path.join(tmpdir(), "tlabridge-cover-"));

describe("tlabridge cover", () => {
  it("--json prints exactly the documented keys", async () => {
    const run = await cli("cover", DUMP, "--json");
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout);
    expect(Object.keys(out)).toEqual(["criterion", "paths", "steps", "covered", "total", "lowerBound"]);
    expect(out).toMatchObject({ criterion: "transitions", covered: 666, total: 666 });
    expect(out.paths).toBe(out.lowerBound);
  });

  it("--out writes every path with actions and arguments, byte-identical across runs", async () => {
    const a = path.join(tmp, "a.json");
    const b = path.join(tmp, "b.json");
    expect((await cli("cover", DUMP, "--criterion", "states", "--out", a)).code).toBe(0);
    expect((await cli("cover", DUMP, "--criterion", "states", "--out", b)).code).toBe(0);
    expect(readFileSync(a)).toEqual(readFileSync(b));
    const json = JSON.parse(readFileSync(a, "utf8"));
    expect(json.criterion).toBe("states");
    expect(json.paths.length).toBe(json.lowerBound);
    const step = json.paths[0].steps[0];
    expect(step).toMatchObject({ action: "Begin", from: json.paths[0].initialState });
    expect(step.args).toEqual([{ "#unserializable": expect.stringMatching(/^t[12]$/) }]);
  });

  it("--max-steps bounds the paths and reports the resulting count", async () => {
    const run = await cli("cover", DUMP, "--max-steps", "9", "--json");
    const out = JSON.parse(run.stdout);
    const free = JSON.parse((await cli("cover", DUMP, "--json")).stdout);
    expect(out.covered).toBe(666);
    expect(out.paths).toBeGreaterThan(free.paths);
    const file = path.join(tmp, "bounded.json");
    await cli("cover", DUMP, "--max-steps", "9", "--out", file);
    for (const p of JSON.parse(readFileSync(file, "utf8")).paths) expect(p.steps.length).toBeLessThanOrEqual(9);
  });

  it("refuses a --max-steps that cannot reach some transition", async () => {
    const run = await cli("cover", DUMP, "--max-steps", "2");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--max-steps 2 is too small: the longest of the shortest paths the cover needs has \d+ steps; pass --max-steps \d+ or more\. \[COVER_MAX_STEPS_TOO_SMALL\]/);
  });

  it("rejects a bad criterion or step count with usage help", async () => {
    expect((await cli("cover", DUMP, "--criterion", "edges")).stderr).toMatch(/Allowed choices are transitions, transition-pairs, histories, states, actions/);
    const run = await cli("cover", DUMP, "--max-steps", "0");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/expected a positive integer/);
  });

  it("writes nothing when the output folder does not exist", async () => {
    const out = path.join(tmp, "missing", "paths.json");
    const run = await cli("cover", DUMP, "--out", out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot be written .* \[OUTPUT_UNWRITABLE\]/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(tmp).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it.skipIf(!HAVE_FIXTURES)("explains that a plain dump has no initial states", async () => {
    const run = await cli("cover", path.join(TLC_FIXTURES, "counter.dump"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no initial states.*\[COVER_NO_INITIAL_STATES\]/);
  });
});
