import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runVitest } from "../../src/cli/vitest.js";
import { coverGraph } from "../../src/cover/index.js";
import { readStateGraph } from "../../src/dump/index.js";
import { actionArgNames, generateSuite, inferOutputs, negativeSteps, operatorParameters } from "../../src/generate/index.js";
import { ROOT, cli } from "../helpers/fixtures.js";
import { put, workspace } from "../helpers/workspace.js";

const DUMP = path.join(ROOT, "specs/kvstore/kvstore-2x2.dot");
const SPEC = path.join(ROOT, "specs/kvstore/KVStore.tla");
const MEMORY = path.join(ROOT, "examples/kvstore-memory/adapter.ts");
const dir = workspace("generate-checks");

/** An adapter module over the real in-memory store, with its handlers and options replaced. */
function storeAdapter(name: string, body: string): string {
  return put(
    dir,
    `${name}/adapter.ts`,
    `import { defineAdapter } from "tlabridge/runtime";
import { createStore } from ${JSON.stringify(path.join(ROOT, "examples/kvstore-memory/mutants/index.ts"))};
export default defineAdapter({
  setup: (constants) => createStore(constants.Keys as string[], []),
  ${body}
});
`,
  );
}

const HANDLERS = `actions: {
    Begin: (s, { t }) => s.begin(t as string),
    Read: (s, { t, k }) => ({ v: s.get(t as string, k as string) ?? "NoValue" }),
    Write: (s, { t, k }) => s.put(t as string, k as string, t as string),
    Commit: (s, { t }) => ({ r: s.commit(t as string) }),
    Abort: (s, { t }) => s.abort(t as string),
  },`;

describe("generate checks the adapter first", () => {
  it("an adapter without handlers for some actions is refused, naming them, and nothing is written", async () => {
    const adapter = storeAdapter("missing", `actions: { Begin: (s, { t }) => s.begin(t as string), Read: () => ({ v: "NoValue" }) },`);
    const out = path.join(dir, "missing-out");
    const run = await cli("generate", DUMP, "--adapter", adapter, "--out", out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/has no handler for Abort, Commit, Write \(the model's actions are Abort, Begin, Commit, Read, Write\): add them.*\[ADAPTER_MISSING_HANDLERS\]/);
    expect(existsSync(out)).toBe(false);
  });

  it("an adapter that cannot compare anything gets a warning; one with observe does not", async () => {
    const stub = storeAdapter("stub", `actions: { Begin: () => {}, Read: () => {}, Write: () => {}, Commit: () => {}, Abort: () => {} },`);
    const warned = await cli("generate", DUMP, "--adapter", stub, "--out", path.join(dir, "stub-out"));
    expect(warned.code).toBe(0);
    expect(warned.stderr).toMatch(/warning: adapter\.ts has no observe and declares no outputs: the tests compare only what its handlers return \(the model's answers are Commit\.r, Read\.v\)/);
    const quiet = await cli("generate", DUMP, "--adapter", MEMORY, "--out", path.join(dir, "memory-out"));
    expect(quiet.stderr).not.toMatch(/compare/);
  });

  it("a module that does not load, or exports no adapter, is refused with a code", async () => {
    const broken = put(dir, "broken/adapter.ts", `export default {;\n`);
    expect((await cli("generate", DUMP, "--adapter", broken, "--out", path.join(dir, "b"))).stderr).toMatch(/cannot be loaded.*\[ADAPTER_LOAD_FAILED\]/);
    const shapeless = put(dir, "shapeless/adapter.ts", `export default { hello: 1 };\n`);
    expect((await cli("generate", DUMP, "--adapter", shapeless, "--out", path.join(dir, "c"))).stderr).toMatch(/does not export an adapter by default.*\[ADAPTER_SHAPE\]/);
  });

  it("a model with fewer paths than 8 gets as many files as tests, and none is empty", async () => {
    const dot = put(
      dir,
      "small/Small.dot",
      ["strict digraph DiskGraph {", "subgraph cluster_graph {", '1 [label="/\\\\ x = 0",style = filled]', '1 -> 2 [label="Inc",color="black",fontcolor="black"];', '2 [label="/\\\\ x = 1"];', "}", "}"].join("\n"),
    );
    put(dir, "small/Small.tla", "---- MODULE Small ----\nVARIABLE x\nInc == x' = x + 1\n====\n");
    const adapter = put(dir, "small/adapter.ts", `import { defineAdapter } from "tlabridge/runtime";\nexport default defineAdapter({ setup: () => ({ x: 0 }), actions: { Inc: (s: { x: number }) => { s.x++; } }, observe: (s: { x: number }) => ({ x: s.x }) });\n`);
    const out = path.join(dir, "small-out");
    const generated = await generateSuite({ dump: dot, adapter, outDir: out });
    expect(generated.tests).toBe(1);
    expect(readdirSync(out).filter((f) => f.endsWith(".test.ts"))).toEqual(["suite-01.test.ts"]);
    const run = await runVitest(out);
    expect(run).toMatchObject({ passed: 1, failed: 0 });
  });
});

describe("negative steps", () => {
  it("infers the actions' answers: a parameter the others always determine", async () => {
    const { graph } = await readStateGraph(DUMP);
    const { argNames } = actionArgNames(graph, operatorParameters(readFileSync(SPEC, "utf8")));
    expect(Object.fromEntries(inferOutputs(graph, argNames))).toEqual({ Abort: [], Begin: [], Commit: ["r"], Read: ["v"], Write: [] });
  });

  it("offers only instances the model does not enable there, each once after each transition", async () => {
    const { graph } = await readStateGraph(DUMP);
    const { argNames } = actionArgNames(graph, operatorParameters(readFileSync(SPEC, "utf8")));
    const cover = coverGraph(graph, { criterion: "transitions" });
    const chosen = negativeSteps(graph, cover, argNames, ["Begin", "Commit", "Read"], inferOutputs(graph, argNames));
    const seen = new Set<string>();
    cover.paths.forEach((p, i) => {
      const states = [p.initialState, ...p.transitions.map((t) => graph.core.target[t]!)];
      for (const r of chosen.refusals[i]!) {
        const s = states[r.after]!;
        const key = `${r.after === 0 ? `i${s}` : p.transitions[r.after - 1]}:${r.action}:${JSON.stringify(r.args)}`;
        expect(seen.has(key)).toBe(false);
        seen.add(key);
        // No transition of the state has this action with these inputs.
        for (const t of graph.outgoing(s)) {
          const a = graph.transition(t);
          if (a.name !== r.action) continue;
          const inputs = Object.fromEntries(Object.keys(r.args).map((n) => [n, a.args[argNames[graph.core.action[t]!]!.indexOf(n)]]));
          expect(inputs).not.toEqual(r.args);
        }
      }
    });
    expect(chosen.offered).toBe(seen.size);
    expect(Object.fromEntries(chosen.outputs)).toEqual({ Begin: [], Commit: ["r"], Read: ["v"] });
  });

  it("catch a finished transaction that keeps operating, which the suite without them passes", async () => {
    const env = { ...process.env, KVSTORE_BUGS: "", KVSTORE_MUTANT: "finished-keeps-reading" };
    const without = path.join(dir, "no-negative");
    await generateSuite({ dump: DUMP, spec: SPEC, adapter: MEMORY, outDir: without, criterion: "transitions", negative: false });
    expect((await runVitest(without, env)).failed).toBe(0);
    const withThem = path.join(dir, "negative");
    const generated = await generateSuite({ dump: DUMP, spec: SPEC, adapter: MEMORY, outDir: withThem, criterion: "transitions" });
    expect(generated.refusals).toBeGreaterThan(0);
    expect((await runVitest(withThem, { ...env, KVSTORE_MUTANT: "" })).failed).toBe(0);
    const run = await runVitest(withThem, env);
    expect(run.failed).toBeGreaterThan(0);
    expect(run.failures[0]).toMatch(/offered Read\(t: t\d, k: k\d\), which the model does not enable here/);
  });

  it("--negative names actions of the model", async () => {
    const run = await cli("generate", DUMP, "--adapter", MEMORY, "--out", path.join(dir, "neg-bad"), "--negative", "Begin,Launch");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--negative names Launch, which the model does not have.*\[GENERATE_NEGATIVE_UNKNOWN\]/);
  });
});
