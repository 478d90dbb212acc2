import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readStateGraph } from "../../src/dump/index.js";
import { exploreSpec, openSpec } from "../../src/explorer/index.js";
import { StateGraphBuilder, type StateGraph } from "../../src/graph/index.js";
import { lazyModel, lintClocks, readLogs, validateLogs } from "../../src/validate/index.js";
import { int, toItf } from "../../src/values/index.js";
import { HAVE_FIXTURES, ROOT, TLC_FIXTURES, cli } from "../helpers/fixtures.js";
import { put, workspace } from "../helpers/workspace.js";

const SPEC = path.join(ROOT, "specs/kvstore/KVStore.tla");
const dir = workspace("validate");
let counter = 0;
const log = (...lines: object[]): string => put(dir, `log${counter++}.ndjson`, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");

const T1 = [
  { host: "t1", clock: { t1: 1 }, event: "Begin", args: { t: "t1" } },
  { host: "t1", clock: { t1: 2 }, event: "Write", args: { t: "t1", k: "k1" } },
  { host: "t1", clock: { t1: 3 }, event: "Commit", args: { t: "t1", r: "ok" }, state: { db: { k1: "t1", k2: "NoValue" } } },
];

async function kvstore(): Promise<StateGraph> {
  const outcome = await exploreSpec({ spec: SPEC });
  if (outcome.kind !== "success") throw new Error("explore failed");
  return outcome.graph;
}

describe("reading and linting logs", () => {
  it("tolerates a torn last line with a warning", async () => {
    const file = put(dir, "torn.ndjson", JSON.stringify(T1[0]) + '\n{"host":"t1","clo');
    const logs = await readLogs([file]);
    expect(logs.events).toBe(1);
    expect(logs.warnings[0]).toMatch(/torn\.ndjson:2: the last line is cut off/);
  });

  it("rejects a bad line elsewhere with file:line", async () => {
    const file = put(dir, "bad.ndjson", '{"host":"t1"\n' + JSON.stringify(T1[0]) + "\n");
    await expect(readLogs([file])).rejects.toThrow(/bad\.ndjson:1:1: expected one JSON object per line/);
    const noClock = log({ host: "t1", event: "Begin" });
    await expect(readLogs([noClock])).rejects.toThrow(/:1:1: expected "clock"/);
  });

  const lint = async (...lines: object[]): Promise<string[]> => lintClocks(await readLogs([log(...lines)])).map((p) => `${p.line}: ${p.problem}`);
  it("own entry missing", async () => expect(await lint({ host: "a", clock: { b: 1 }, event: "X" }, { host: "b", clock: { b: 1 }, event: "X" })).toEqual(["1: the clock has no entry for its own host a"]));
  it("not starting at 1", async () => expect(await lint({ host: "a", clock: { a: 2 }, event: "X" })).toEqual(["1: a's first event has clock 2, expected 1"]));
  it("not increasing by 1", async () => expect(await lint({ host: "a", clock: { a: 1 }, event: "X" }, { host: "a", clock: { a: 3 }, event: "X" })).toEqual(["2: a's clock goes from 1 to 3, expected 2"]));
  it("an unknown host", async () => expect(await lint({ host: "a", clock: { a: 1, z: 1 }, event: "X" })).toEqual(["1: the clock refers to host z, which logged nothing"]));
  it("an entry ahead of its host", async () =>
    expect(await lint({ host: "a", clock: { a: 1, b: 2 }, event: "X" }, { host: "b", clock: { b: 1 }, event: "X" })).toEqual(["1: the clock says b had logged 2 events, but it logged 1"]));
  it("a causal cycle", async () => {
    const problems = await lint({ host: "a", clock: { a: 1, b: 1 }, event: "X" }, { host: "b", clock: { a: 1, b: 1 }, event: "X" });
    expect(problems[0]).toMatch(/^1: causal cycle: this event follows b's event 1/);
  });
});

describe("validating logs against the KVStore model", () => {
  it("valid: t2 reads before t1's commit, concurrently", async () => {
    const logs = await readLogs([log(...T1), log({ host: "t2", clock: { t2: 1 }, event: "Begin", args: { t: "t2" } }, { host: "t2", clock: { t2: 2 }, event: "Read", args: { t: "t2", k: "k1", v: "NoValue" } })]);
    const verdict = validateLogs(await kvstore(), logs);
    expect(verdict.verdict).toBe("valid");
  });

  it("valid only in an order other than the files': t2 read NoValue, so it began before t1 committed", async () => {
    // The files list t1 first; only interleavings with t2's Begin before t1's Commit explain the read.
    const logs = await readLogs([log(...T1), log({ host: "t2", clock: { t2: 1 }, event: "Begin", args: { t: "t2" } }, { host: "t2", clock: { t2: 2, t1: 1 }, event: "Read", args: { t: "t2", k: "k1", v: "NoValue" } })]);
    const verdict = validateLogs(await kvstore(), logs);
    expect(verdict.verdict).toBe("valid");
    if (verdict.verdict === "valid") expect(verdict.trace.findIndex((s) => s.startsWith("t2: Begin"))).toBeLessThan(verdict.trace.findIndex((s) => s.startsWith("t1: Commit")));
  });

  it("invalid: explains the frontier, each host's next event and why no transition fits", async () => {
    const logs = await readLogs([log(...T1), log({ host: "t2", clock: { t1: 3, t2: 1 }, event: "Begin", args: { t: "t2" } }, { host: "t2", clock: { t1: 3, t2: 2 }, event: "Read", args: { t: "t2", k: "k1", v: "NoValue" } })]);
    const verdict = validateLogs(await kvstore(), logs);
    expect(verdict.verdict).toBe("invalid");
    if (verdict.verdict !== "invalid") return;
    expect(verdict.matched).toBe(4);
    expect(verdict.frontier[0]).toEqual({ t1: 3, t2: 1 });
    expect(verdict.diagnoses).toHaveLength(1);
    expect(verdict.diagnoses[0]!.reasons).toContain('Read(t2, k1, t1): argument v: the model has t1, the log "NoValue"');
    expect(verdict.trace).toHaveLength(4);
  });

  it("a state field that differs is named with expected and logged values", async () => {
    const bad = { ...T1[2], state: { db: { k1: "NoValue", k2: "NoValue" } } };
    const verdict = validateLogs(await kvstore(), await readLogs([log(T1[0]!, T1[1]!, bad)]));
    expect(verdict.verdict === "invalid" && verdict.diagnoses[0]!.reasons.join("\n")).toMatch(/state field db: the model has \(k1 :> t1 @@ k2 :> NoValue\) after Commit, the log/);
  });

  it("explores on the fly: a spec's states are evaluated only where the logs lead", async () => {
    const model = lazyModel(await openSpec({ spec: SPEC }));
    const verdict = validateLogs(model, await readLogs([log(...T1)]));
    expect(verdict.verdict).toBe("valid");
    expect(model.statesKnown).toBeGreaterThan(3);
    expect(model.statesKnown).toBeLessThan(266 / 4);
  });

  it("silent steps: unlogged Begin of t1 is allowed only with --silent Begin", async () => {
    const logs = await readLogs([log({ host: "t1", clock: { t1: 1 }, event: "Write", args: { t: "t1", k: "k1" } })]);
    const graph = await kvstore();
    expect(validateLogs(graph, logs).verdict).toBe("invalid");
    expect(validateLogs(graph, logs, { silent: ["Begin"] }).verdict).toBe("valid");
    expect(validateLogs(graph, logs, { silent: ["Begin"], maxSilent: 0 }).verdict).toBe("invalid");
  });

  it("positional arguments work with a dump, whose actions have no parameter names", async () => {
    const { graph } = await readStateGraph(path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"));
    const logs = await readLogs([log({ host: "t1", clock: { t1: 1 }, event: "Begin", args: ["t1"] }, { host: "t1", clock: { t1: 2 }, event: "Read", args: ["t1", "k1", "NoValue"] })]);
    expect(validateLogs(graph, logs).verdict).toBe("valid");
  });
});

describe("tlabridge validate", () => {
  it("exit 0 valid, 1 invalid with the diagnosis, 2 on clock errors; --json has verdict, events, hosts, cuts", async () => {
    const good = await cli("validate", log(...T1), "--model", SPEC, "--json");
    expect(good.code).toBe(0);
    expect(JSON.parse(good.stdout)).toMatchObject({ verdict: "valid", events: 3, hosts: 1 });
    expect(JSON.parse(good.stdout).cuts).toBeGreaterThan(0);
    const bad = await cli("validate", log(T1[0]!, { ...T1[1]!, args: { t: "t1", k: "k9" } }), "--model", SPEC);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/argument k: the model has k\d, the log "k9"/);
    const clocks = await cli("validate", log({ host: "a", clock: { a: 2 }, event: "Begin" }), "--model", SPEC);
    expect(clocks.code).toBe(2);
    expect(clocks.stderr).toMatch(/:1: a's first event has clock 2, expected 1\n.*\[LOG_CLOCKS\]/s);
  });
});

describe("totally ordered traces, ShiViz output and shards", () => {
  it.skipIf(!HAVE_FIXTURES)("TLC's -dumpTrace json is a valid behaviour of its model; a tampered one is not", async () => {
    const model = ["--model", path.join(TLC_FIXTURES, "specs/Rich.tla"), "--config", path.join(TLC_FIXTURES, "specs/Rich.cfg")];
    const trace = path.join(TLC_FIXTURES, "rich-violation.trace.json");
    const shiviz = path.join(dir, "trace.shiviz");
    const run = await cli("validate", trace, ...model, "--shiviz", shiviz);
    expect(run.code).toBe(0);
    const lines = readFileSync(shiviz, "utf8").split("\n");
    const regex = new RegExp(lines[0]!);
    expect(lines.slice(2).filter(Boolean).map((l) => regex.exec(l)?.groups?.event)).toEqual(["Acquire", "Release", "Acquire"]);
    const tampered = put(dir, "tampered.json", readFileSync(trace, "utf8").replace('"context":{"p":"p1"},"parameters":["p"]},[3', '"context":{"p":"p2"},"parameters":["p"]},[3'));
    const bad = await cli("validate", tampered, ...model);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/argument p: the model has p1, the log "p2"/);
  });

  it("an ITF trace (states only) is checked state by state", async () => {
    const graph = await kvstore();
    const states = [0, ...[...graph.outgoing(0)].slice(0, 1).map((t) => graph.core.target[t]!)].map((s) =>
      Object.fromEntries(graph.variables.map((v, slot) => [v, toItf(graph.valueOf(s, slot))])),
    );
    const good = put(dir, "good.itf.json", JSON.stringify({ vars: graph.variables, states }));
    expect((await cli("validate", good, "--model", SPEC)).code).toBe(0);
    const wrong = put(dir, "wrong.itf.json", JSON.stringify({ vars: graph.variables, states: [states[0], states[0], states[1]] }));
    const run = await cli("validate", wrong, "--model", SPEC);
    expect(run.code).toBe(1);
  });

  it("--shard deals runs (folders of logs) out to CI machines", async () => {
    const runA = put(dir, "runs/a/t1.ndjson", T1.map((l) => JSON.stringify(l)).join("\n") + "\n");
    const runB = put(dir, "runs/b/t1.ndjson", JSON.stringify(T1[0]) + "\n");
    const first = await cli("validate", runA, runB, "--model", SPEC, "--shard", "1/2", "--json");
    expect(JSON.parse(first.stdout)).toMatchObject({ verdict: "valid", events: 3 });
    const second = await cli("validate", runA, runB, "--model", SPEC, "--shard", "2/2", "--json");
    expect(JSON.parse(second.stdout)).toMatchObject({ verdict: "valid", events: 1 });
    expect((await cli("validate", runA, "--model", SPEC, "--shard", "3/2")).stderr).toMatch(/\[BAD_SHARD\]/);
  });

  it("a timeout answers unknown instead of searching on", async () => {
    // A chain of 3,000 states and a log that leaves it only at the end: thousands of search states.
    const b = new StateGraphBuilder();
    b.setVariables(["x"]);
    for (let i = 0; i < 3000; i++) b.defineState(b.newState(), { values: [b.valueId(int(i))], initial: i === 0 });
    for (let i = 0; i + 1 < 3000; i++) b.addTransition(i, i + 1, b.actionId("Step", []));
    // The last event is a Step where the chain has none left: invalid only after the whole chain is searched.
    const events = Array.from({ length: 2999 }, (_, i) => ({ host: "h", clock: { h: i + 1 }, event: "Step" }));
    const logs = await readLogs([log(...events, { host: "h", clock: { h: 3000 }, event: "Step" })]);
    const graph = b.build();
    expect(validateLogs(graph, logs).verdict).toBe("invalid");
    const verdict = validateLogs(graph, logs, { timeoutMs: 0 });
    expect(verdict).toMatchObject({ verdict: "unknown", reason: "no answer within 0 ms" });
    // The memory bound ends the same way, with the deepest cut reached so far.
    const bounded = validateLogs(graph, logs, { maxMemoryMB: 1 });
    expect(bounded).toMatchObject({ verdict: "unknown", reason: expect.stringMatching(/memory bound of 1 MB/) });
    if (bounded.verdict !== "unknown") throw new Error("expected unknown");
    expect(bounded.frontier).toEqual([{ h: bounded.matched }]);
  });
});
