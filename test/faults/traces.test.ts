import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runVitest } from "../../src/cli/vitest.js";
import { ROOT, cli } from "../helpers/fixtures.js";
import { put, workspace } from "../helpers/workspace.js";

// ITF traces out (explore --itf, explore --json) and in (validate, generate), on a small spec whose invariant fails.
const FIXTURES = path.join(ROOT, "test/fixtures/itf");
const SPEC = path.join(FIXTURES, "Tally.tla");
const CONFIG = path.join(FIXTURES, "Tally.cfg");
/** The same model without its INVARIANT: a violation trace is then just a behaviour. */
const BEHAVIOURS = path.join(FIXTURES, "Tally-behaviours.cfg");
const ADAPTER = readFileSync(path.join(FIXTURES, "adapter.ts"), "utf8");

/** A Quint-style trace (quint run --mbt --out-itf): #bigint integers, maps as #map, mbt::actionTaken and mbt::nondetPicks. */
const QUINT = {
  "#meta": { format: "ITF", "format-description": "https://apalache-mc.org/docs/adr/015adr-trace.html", source: "tally.qnt", status: "ok", description: "Created by Quint", timestamp: 1764660000000 },
  vars: ["by", "count", "mbt::actionTaken", "mbt::nondetPicks", "who"],
  states: [
    { "#meta": { index: 0 }, by: { "#map": [["a", { "#bigint": "0" }], ["b", { "#bigint": "0" }]] }, count: { "#bigint": "0" }, "mbt::actionTaken": "init", "mbt::nondetPicks": { p: { tag: "None", value: { "#tup": [] } } }, who: { "#set": [] } },
    { "#meta": { index: 1 }, by: { "#map": [["a", { "#bigint": "0" }], ["b", { "#bigint": "1" }]] }, count: { "#bigint": "1" }, "mbt::actionTaken": "Bump", "mbt::nondetPicks": { p: { tag: "Some", value: "b" } }, who: { "#set": ["b"] } },
    { "#meta": { index: 2 }, by: { "#map": [["a", { "#bigint": "1" }], ["b", { "#bigint": "1" }]] }, count: { "#bigint": "2" }, "mbt::actionTaken": "Bump", "mbt::nondetPicks": { p: { tag: "Some", value: "a" } }, who: { "#set": ["a", "b"] } },
    { "#meta": { index: 3 }, by: { "#map": [["a", { "#bigint": "0" }], ["b", { "#bigint": "0" }]] }, count: { "#bigint": "0" }, "mbt::actionTaken": "Reset", "mbt::nondetPicks": { p: { tag: "Some", value: "a" } }, who: { "#set": [] } },
  ],
};

/** An Apalache-style trace: no action names at all. */
const APALACHE = {
  "#meta": { format: "ITF", "format-description": "https://apalache-mc.org/docs/adr/015adr-trace.html", source: "Tally.tla" },
  vars: ["count", "by", "who"],
  states: [
    { "#meta": { index: 0 }, count: { "#bigint": "0" }, by: { a: { "#bigint": "0" }, b: { "#bigint": "0" } }, who: { "#set": [] } },
    { "#meta": { index: 1 }, count: { "#bigint": "1" }, by: { a: { "#bigint": "1" }, b: { "#bigint": "0" } }, who: { "#set": ["a"] } },
    { "#meta": { index: 2 }, count: { "#bigint": "0" }, by: { a: { "#bigint": "0" }, b: { "#bigint": "0" } }, who: { "#set": [] } },
  ],
};

const json = (v: unknown): string => JSON.stringify(v, null, 2) + "\n";

describe("ITF round trip: explore a violation, then validate and generate from its trace", () => {
  const dir = workspace("itf-roundtrip");
  const itf = path.join(dir, "violation.itf.json");

  it("explore --itf writes the trace in ITF; --json prints the same document under itf", async () => {
    const run = await cli("explore", SPEC, "--itf", itf);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/Invariant Small is violated/);
    const written = JSON.parse(readFileSync(itf, "utf8")) as { "#meta": Record<string, unknown>; vars: string[]; states: Record<string, unknown>[] };
    expect(written["#meta"]).toMatchObject({ format: "ITF", kind: "invariant", name: "Small" });
    expect(written.vars).toEqual(["count", "by", "who"]);
    expect(written.states).toHaveLength(4);
    expect(written.states[0]).toEqual({ "#meta": { index: 0 }, count: 0, by: { a: 0, b: 0 }, who: { "#set": [] } });
    expect(written.states[3]).toEqual({ "#meta": { index: 3, action: 'Bump("a")' }, count: 3, by: { a: 3, b: 0 }, who: { "#set": ["a"] } });
    const asJson = await cli("explore", SPEC, "--json");
    expect(asJson.code).toBe(1);
    expect((JSON.parse(asJson.stdout) as { itf: unknown }).itf).toEqual(written);
  });

  it("explore --itf without a violation says there is no trace and writes nothing", async () => {
    const none = path.join(dir, "none.itf.json");
    const run = await cli("explore", path.join(ROOT, "test/fixtures/next-labels/Tick.tla"), "--itf", none);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`note: no violation found, so there is no error trace to write to ${none}\n`);
    expect(existsSync(none)).toBe(false);
  });

  it("validate reads it as a totally ordered log: valid against the model's behaviours (exit 0), violating Small with the invariant (exit 1)", async () => {
    const valid = await cli("validate", itf, "--model", SPEC, "--config", BEHAVIOURS);
    expect(valid.stderr).toBe("");
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/^valid: 3 events/);
    const violates = await cli("validate", itf, "--model", SPEC, "--config", CONFIG);
    expect(violates.code).toBe(1);
    expect(violates.stdout).toMatch(/invariant Small is violated/);
    expect(violates.stdout).toMatch(/-> Bump\("a"\)/);
  });

  it("generate makes one test per trace, which passes against the trivial adapter and fails against a wrong one", async () => {
    const adapter = put(dir, "adapter.ts", ADAPTER);
    const out = path.join(dir, "suite");
    const run = await cli("generate", itf, "--spec", SPEC, "--adapter", adapter, "--out", out, "--json");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ tests: 1, paths: 1, steps: 3 });
    expect(await runVitest(out)).toMatchObject({ passed: 1, failed: 0 });
    const wrong = put(dir, "wrong.ts", ADAPTER.replace("s.count++;", "s.count += 2;"));
    await cli("generate", itf, "--spec", SPEC, "--adapter", wrong, "--out", out);
    const failed = await runVitest(out);
    expect(failed).toMatchObject({ passed: 0, failed: 1 });
    expect(failed.failures[0]).toMatch(/count: expected 1, actual 2/);
  }, 60_000);
});

describe("ITF traces from Quint and Apalache", () => {
  const dir = workspace("itf-quint");
  const adapter = put(dir, "adapter.ts", ADAPTER);
  const traces = path.join(dir, "traces");
  put(dir, "traces/1-quint.itf.json", json(QUINT));
  put(dir, "traces/2-apalache.itf.json", json(APALACHE));

  it("a folder of traces gives one test per trace, actions inferred from the spec and checked, and the suite passes", async () => {
    const out = path.join(dir, "suite");
    const run = await cli("generate", traces, "--spec", SPEC, "--config", CONFIG, "--adapter", adapter, "--out", out, "--json");
    // The Apalache trace's Reset is Reset("a") or Reset("b"), the same step: said, and the first taken.
    expect(run.stderr).toBe("warning: 1 step of the traces could be taken by more than one action instance of the spec: the first the spec lists was chosen (name the actions in the traces, e.g. with Quint's mbt::actionTaken, to choose)\n");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ tests: 2, paths: 2, steps: 5 });
    const data = readFileSync(path.join(out, "suite-01.json"), "utf8") + (existsSync(path.join(out, "suite-02.json")) ? readFileSync(path.join(out, "suite-02.json"), "utf8") : "");
    expect(data).toMatch(/"action":"Bump","args":\{"p":"b"\}/);
    expect(data).toMatch(/"action":"Reset","args":\{"p":"a"\}/);
    expect(await runVitest(out)).toMatchObject({ passed: 2, failed: 0 });
  }, 60_000);

  it("without a spec, the Quint trace's own actions (mbt::actionTaken, arguments from mbt::nondetPicks) drive the test", async () => {
    const solo = put(dir, "solo/quint.itf.json", json(QUINT));
    const out = path.join(dir, "suite-solo");
    // The config alone gives the constants for setup.
    const run = await cli("generate", solo, "--config", CONFIG, "--adapter", adapter, "--out", out, "--json");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/no spec given/);
    expect(JSON.parse(run.stdout)).toMatchObject({ tests: 1, steps: 3 });
    expect(await runVitest(out)).toMatchObject({ passed: 1, failed: 0 });
  }, 60_000);

  it("without a spec, a trace that names no actions is refused, saying what is required", async () => {
    const bare = put(dir, "bare/apalache.itf.json", json(APALACHE));
    const run = await cli("generate", bare, "--adapter", adapter, "--out", path.join(dir, "suite-bare"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/apalache\.itf\.json: state 1 does not say which action led to it .*mbt::actionTaken.*pass --spec <file\.tla> to infer the actions from the spec.* \[GENERATE_TRACE_NO_ACTION\]/);
  });

  it("with a spec, a trace that is not a behaviour of it is refused at its step", async () => {
    const skipped = { ...APALACHE, states: [APALACHE.states[0], { ...APALACHE.states[1], count: { "#bigint": "2" } }] };
    const file = put(dir, "bad/skip.itf.json", json(skipped));
    const run = await cli("generate", file, "--spec", SPEC, "--adapter", adapter, "--out", path.join(dir, "suite-bad"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/skip\.itf\.json: state 1 \(#meta index 1\) does not follow from state 0 by any action of the spec.* \[GENERATE_TRACE_STEP\]/);
    const named = { ...QUINT, states: [QUINT.states[0], { ...QUINT.states[1], "mbt::actionTaken": "Reset" }] };
    const wrongName = await cli("generate", put(dir, "bad/name.itf.json", json(named)), "--spec", SPEC, "--adapter", adapter, "--out", path.join(dir, "suite-bad"));
    expect(wrongName.stderr).toMatch(/does not follow from state 0 by Reset with p as the trace picks them/);
  });

  it("validate accepts the Quint trace as a log (exit 0) and finds where a wrong one leaves the model (exit 1)", async () => {
    const file = path.join(traces, "1-quint.itf.json");
    const valid = await cli("validate", file, "--model", SPEC, "--config", BEHAVIOURS);
    expect(valid.code).toBe(0);
    expect(valid.stdout).toMatch(/^valid: 3 events/);
    const broken = { ...QUINT, states: [...QUINT.states.slice(0, 3), { ...QUINT.states[3], count: { "#bigint": "7" } }] };
    const invalid = await cli("validate", put(dir, "broken.itf.json", json(broken)), "--model", SPEC, "--config", BEHAVIOURS);
    expect(invalid.code).toBe(1);
  });
});
