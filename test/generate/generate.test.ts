import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runVitest } from "../../src/cli/vitest.js";
import { configConstants, generateSuite, operatorParameters, SUITE_MARKER } from "../../src/generate/index.js";
import { printValue, str } from "../../src/values/index.js";
import { ROOT, cli } from "../helpers/fixtures.js";
import { put, workspace } from "../helpers/workspace.js";

const DUMP = path.join(ROOT, "specs/kvstore/kvstore-2x2.dot");
const MEMORY = path.join(ROOT, "examples/kvstore-memory/adapter.ts");
const PYTHON = path.join(ROOT, "examples/kvstore-python/adapter.ts");
const dir = workspace("generate");

describe("reading the spec and config", () => {
  it("finds operator parameter names", () => {
    const params = operatorParameters(readFileSync(path.join(ROOT, "specs/kvstore/KVStore.tla"), "utf8"));
    expect(params.get("Read")).toEqual(["t", "k", "v"]);
    expect(params.get("Commit")).toEqual(["t", "r"]);
    expect(params.get("Begin")).toEqual(["t"]);
  });

  it("reads constants, several to a line or spread over lines", () => {
    const c = configConstants("CONSTANTS Procs = {p1, p2}\n          NULL = NULL\n  N = 3 M <- Op\nSPECIFICATION Spec\n", "x.cfg");
    expect(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, printValue(v)]))).toEqual({ Procs: "{p1, p2}", NULL: "NULL", N: "3" });
    expect(() => configConstants("CONSTANTS\n  N = {1,\n", "bad.cfg")).toThrow(/bad\.cfg:2: expected/);
  });
});

describe("tlabridge generate", () => {
  it("--json prints exactly criterion, tests, files, paths, steps and refusals; 8 files", async () => {
    const out = path.join(dir, "json");
    const run = await cli("generate", DUMP, "--adapter", MEMORY, "--out", out, "--json");
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(Object.keys(summary)).toEqual(["criterion", "tests", "files", "paths", "steps", "refusals"]);
    // The default criterion; the in-memory adapter opts in to negative steps.
    expect(summary).toMatchObject({ criterion: "transition-pairs", tests: 772, paths: 772, steps: 10325 });
    expect(summary.refusals).toBeGreaterThan(0);
    expect(summary.files).toBeGreaterThanOrEqual(8);
    expect(readdirSync(out).filter((f) => f.endsWith(".test.ts"))).toHaveLength(summary.files);
  });

  it("is byte-identical when regenerated, and replaces its own folder", async () => {
    const out = path.join(dir, "twice");
    await cli("generate", DUMP, "--adapter", MEMORY, "--out", out);
    const first = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(path.join(out, f))]));
    expect((await cli("generate", DUMP, "--adapter", MEMORY, "--out", out)).code).toBe(0);
    const second = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(path.join(out, f))]));
    expect(second).toEqual(first);
  });

  it("refuses to overwrite a folder it did not generate, and leaves it untouched", async () => {
    const out = path.join(dir, "mine");
    put(out, "notes.txt", "keep me");
    const run = await cli("generate", DUMP, "--adapter", MEMORY, "--out", out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/holds files tlabridge did not generate \(no tlabridge-suite\.json\).*\[GENERATE_FOREIGN_FOLDER\]/);
    expect(readdirSync(out)).toEqual(["notes.txt"]);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("explains a spec without TLC, and a missing adapter", async () => {
    const spec = await cli("generate", path.join(ROOT, "specs/kvstore/KVStore.tla"), "--adapter", MEMORY, "--out", path.join(dir, "x"), "--engine", "tlc", "--tlc-jar", "/no/tla2tools.jar");
    expect(spec.code).toBe(3);
    expect(spec.stderr).toMatch(/\[TLC_NOT_FOUND\]/);
    expect((await cli("generate", DUMP, "--adapter", path.join(dir, "none.ts"), "--out", path.join(dir, "y"))).stderr).toMatch(/\[ADAPTER_NOT_FOUND\]/);
  });
});

describe("generated kvstore suites", () => {
  for (const [name, adapter] of [
    ["in-memory store", MEMORY],
    ["Python store over NDJSON", PYTHON],
  ] as const) {
    for (const criterion of ["transitions", "states"] as const) {
      it(`${criterion} suite passes against the ${name}`, async () => {
        const out = path.join(dir, `${criterion}-${path.basename(path.dirname(adapter))}`);
        const generated = await generateSuite({ dump: DUMP, adapter, outDir: out, criterion });
        const run = await runVitest(out);
        expect(run.failures).toEqual([]);
        expect(run.passed).toBe(generated.tests);
      });
    }
  }

  it("a seeded bug fails tests with the step, the arguments and expected against actual", async () => {
    const out = path.join(dir, "buggy");
    await generateSuite({ dump: DUMP, adapter: MEMORY, outDir: out });
    const run = await runVitest(out, { ...process.env, KVSTORE_BUGS: "no-read-own-writes" });
    expect(run.failed).toBeGreaterThan(0);
    expect(run.passed).toBeGreaterThan(0); // one failing path does not stop the rest
    expect(run.failures[0]).toMatch(/^StepFailure: path \d+, step \d+ of \d+: Read\(t: t\d, k: k\d, v: t\d\)\n  v: expected "t\d", actual "NoValue"\n  steps: /);
  });
});

describe("model text is data, never code", () => {
  const nasty = 'q"uote `tick` ${process.exit(9)} */ end\nline \\ back';
  const dotEscape = (s: string): string => s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  const label = (v: string): string => dotEscape(`/\\ msg = ${printValue(str(v))}`);
  const dot = [
    "strict digraph DiskGraph {",
    "subgraph cluster_graph {",
    `1 [label="${label("start")}",style = filled]`,
    `1 -> 2 [label="${dotEscape(`Say(${printValue(str(nasty))})`)}",color="black",fontcolor="black"];`,
    `2 [label="${label(nasty)}",tooltip="${label(nasty)}"];`,
    "}",
    "}",
  ].join("\n");
  const spec = "---- MODULE Crafted ----\nVARIABLE msg\nSay(m) == msg' = m\n====\n";
  const adapter = (echo: string): string => `import { defineAdapter } from "tlabridge/runtime";
export default defineAdapter({
  setup: () => ({ msg: "start" }),
  actions: { Say: (s: { msg: string }, { m }) => { s.msg = ${echo}; } },
  observe: (s: { msg: string }) => ({ msg: s.msg }),
});
`;

  it("a dump whose strings hold quotes, backticks, ${...}, */ and newlines gives a suite that runs and shows them literally", async () => {
    const model = put(dir, "crafted/model.dot", dot);
    put(dir, "crafted/Crafted.tla", spec);
    const good = put(dir, "crafted/echo.ts", adapter("m as string"));
    const out = path.join(dir, "crafted-suite");
    const generated = await generateSuite({ dump: model, adapter: good, outDir: out });
    expect(generated.tests).toBe(1);
    for (const f of readdirSync(out).filter((f) => f.endsWith(".test.ts"))) {
      expect(readFileSync(path.join(out, f), "utf8")).not.toContain("process.exit");
    }
    const run = await runVitest(out);
    expect(run).toMatchObject({ passed: 1, failed: 0 });

    const bad = put(dir, "crafted/wrong.ts", adapter('"other"'));
    await generateSuite({ dump: model, adapter: bad, outDir: out });
    const failed = await runVitest(out);
    expect(failed.failed).toBe(1);
    expect(failed.failures[0]).toContain(JSON.stringify(nasty));
    expect(existsSync(path.join(out, SUITE_MARKER))).toBe(true);
  });
});
