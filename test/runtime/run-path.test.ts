import path from "node:path";
import { describe, expect, it } from "vitest";
import { defineAdapter, runPath, StepFailure, subprocessAdapter, type SuiteFile, type SuitePath } from "../../src/runtime/index.js";
import { put, workspace } from "../helpers/workspace.js";

const suite: SuiteFile = {
  format: "tlabridge-suite",
  version: 1,
  constants: { N: 2 },
  actions: [
    { action: "Inc", args: { by: 1 } },
    { action: "Get", args: { v: 1 } },
  ],
  paths: [
    {
      id: 7,
      name: "path 7: Inc(1) → Get(1) (2 steps)",
      initial: 0,
      steps: [
        [0, 1],
        [1, 1],
      ],
    },
  ],
  states: { "0": { x: 0 }, "1": { x: 1 } },
};
const path7 = suite.paths[0]!;

function counter(overrides: Partial<Parameters<typeof defineAdapter<{ x: number }>>[0]> = {}) {
  return defineAdapter<{ x: number }>({
    setup: () => ({ x: 0 }),
    actions: {
      Inc: (s, { by }) => {
        s.x += by as number;
      },
      Get: (s) => ({ v: s.x }),
    },
    observe: (s) => ({ x: s.x }),
    stepTimeoutMs: 200,
    ...overrides,
  });
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StepFailure);
    return (e as Error).message;
  }
  throw new Error("expected the path to fail");
}

describe("runPath", () => {
  it("passes when the implementation does what the model says, and tears down", async () => {
    let tornDown = 0;
    await runPath(counter({ teardown: () => void tornDown++ }), suite, path7);
    expect(tornDown).toBe(1);
  });

  it("a wrong returned field names the step, the action with its arguments, expected and actual", async () => {
    const message = await failure(runPath(counter({ actions: { Inc: () => {}, Get: () => ({ v: 5 }) }, observe: undefined }), suite, path7));
    expect(message).toBe(
      ["path 7, step 2 of 2: Get(v: 1)", "  v: expected 1, actual 5", "  steps: (> the failing step, * the steps of 1)", "    * 1  Inc(by: 1)", "  > * 2  Get(v: 1)"].join("\n"),
    );
  });

  it("a wrong observed variable fails the step after which it differs", async () => {
    const message = await failure(runPath(counter({ observe: () => ({ x: 0 }) }), suite, path7));
    expect(message).toMatch(/^path 7, step 1 of 2: Inc\(by: 1\): the observed state differs from the model's\n  x: expected 1, actual 0/);
  });

  it("a handler that throws fails with its error and the step", async () => {
    let tornDown = 0;
    const adapter = counter({
      actions: {
        Inc: () => {
          throw new RangeError("boom");
        },
      },
      teardown: () => void tornDown++,
    });
    expect(await failure(runPath(adapter, suite, path7))).toMatch(/^path 7, step 1 of 2: Inc\(by: 1\)\n  threw RangeError: boom/);
    expect(tornDown).toBe(1);
  });

  it("a handler that hangs fails after the step timeout", async () => {
    const adapter = counter({ actions: { Inc: () => new Promise(() => {}), Get: () => ({ v: 1 }) } });
    expect(await failure(runPath(adapter, suite, path7))).toMatch(/step 1 of 2: Inc\(by: 1\)\n  the Inc handler did not finish within 200 ms/);
  });

  it("an action without a handler says which actions the adapter handles", async () => {
    const adapter = counter({ actions: { Inc: () => {} }, observe: undefined });
    expect(await failure(runPath(adapter, suite, path7))).toMatch(/the adapter has no handler for action Get \(it handles Inc\)/);
  });

  it("a returned field that is not a parameter is reported", async () => {
    const adapter = counter({ actions: { Inc: () => ({ total: 1 }), Get: () => ({ v: 1 }) } });
    expect(await failure(runPath(adapter, suite, path7))).toMatch(/returned total, which is not a parameter of Inc \(by\)/);
  });
});

describe("subprocess adapters", () => {
  const dir = workspace("subprocess");
  const program = (body: string): string =>
    put(
      dir,
      `p${Math.random().toString(36).slice(2)}.py`,
      `import json, sys, time
state = {"x": 0}
for line in sys.stdin:
    req = json.loads(line)
    reply = {"id": req["id"], "ok": True}
${body}
    sys.stdout.write(json.dumps(reply) + "\\n")
    sys.stdout.flush()
`,
    );

  it("drives a program over NDJSON", async () => {
    const file = program(`    if req["method"] == "step" and req["action"] == "Inc":
        state["x"] += req["args"]["by"]
    if req["method"] == "step" and req["action"] == "Get":
        reply["result"] = {"v": state["x"]}
    if req["method"] == "observe":
        reply["result"] = {"x": state["x"]}
    if req["method"] == "setup":
        state["x"] = 0`);
    await runPath(subprocessAdapter({ command: ["python3", file] }), suite, path7);
  });

  it("a program that dies fails the step with its exit code and last output, and is restarted for the next test", async () => {
    const file = program(`    if req["method"] == "step":
        sys.stderr.write("segfault in Inc\\n")
        sys.exit(3)`);
    const adapter = subprocessAdapter({ command: ["python3", file], stepTimeoutMs: 2000 });
    const message = await failure(runPath(adapter, suite, path7));
    expect(message).toMatch(/step 1 of 2: Inc\(by: 1\)\n  the adapter program python3 .* exited with code 3; its last output: segfault in Inc/);
    expect(await failure(runPath(adapter, suite, path7))).toMatch(/exited with code 3/);
  });

  it("a program that hangs is killed after the step timeout", async () => {
    const file = program(`    if req["method"] == "step":
        time.sleep(60)`);
    // Long enough for python3 to start and answer setup on a loaded machine; the step then hangs past it.
    const message = await failure(runPath(subprocessAdapter({ command: ["python3", file], stepTimeoutMs: 2000 }), suite, path7));
    expect(message).toMatch(/did not answer step within 2000 ms \(it was restarted\)/);
  });

  it("an error the program reports fails the step with it", async () => {
    const file = program(`    if req["method"] == "step":
        reply = {"id": req["id"], "ok": False, "error": "ValueError: not active"}`);
    expect(await failure(runPath(subprocessAdapter({ command: ["python3", file] }), suite, path7))).toMatch(/reported: ValueError: not active/);
  });

  it("a program that cannot start fails setup clearly", async () => {
    const adapter = subprocessAdapter({ command: [path.join(dir, "no-such-program")] });
    expect(await failure(runPath(adapter, suite, path7))).toMatch(/^path 7, setup\n  the adapter program .*no-such-program could not run/);
  });
});

// A store where each transaction writes its name once, and reads only after writing.
const mv = (name: string) => ({ "#unserializable": name });
const db = (k1: string, k2: string) => ({ db: { "#map": [[mv("k1"), mv(k1)], [mv("k2"), mv(k2)]] } });
const kv: SuiteFile = {
  format: "tlabridge-suite",
  version: 1,
  constants: {},
  actions: [
    { action: "Put", args: { t: mv("t1"), k: mv("k1") } },
    { action: "Put", args: { t: mv("t2"), k: mv("k2") } },
    { action: "Get", args: { t: mv("t2"), k: mv("k1"), v: mv("t1") } },
    { action: "Get", args: { t: mv("t1"), k: mv("k1"), v: mv("t1") } },
    { action: "Put", args: { t: mv("t1"), k: mv("k2") } },
    { action: "Get", args: { t: mv("t1"), k: mv("k1") } },
    { action: "Delete", args: { t: mv("t1") } },
  ],
  paths: [
    {
      id: 3,
      name: "path 3: Put(t1,k1) → Put(t2,k2) → Get(t2,k1,t1) → Get(t1,k1,t1) (4 steps)",
      initial: 0,
      steps: [
        [0, 1],
        [1, 2],
        [2, 2],
        [3, 2],
      ],
      refusals: [
        [0, 5],
        [1, 4],
      ],
    },
  ],
  states: { "0": db("NoValue", "NoValue"), "1": db("t1", "NoValue"), "2": db("t1", "t2") },
};
const path3 = kv.paths[0]!;

interface Kv {
  db: Record<string, string>;
  wrote: Set<string>;
}

function kvAdapter(overrides: Partial<Parameters<typeof defineAdapter<Kv>>[0]> = {}) {
  return defineAdapter<Kv>({
    setup: () => ({ db: { k1: "NoValue", k2: "NoValue" }, wrote: new Set() }),
    actions: {
      Put: (s, { t, k }) => {
        if (s.wrote.has(t as string)) throw new Error(`${t} already wrote`);
        s.wrote.add(t as string);
        s.db[k as string] = t as string;
      },
      Get: (s, { t, k }) => {
        if (!s.wrote.has(t as string)) throw new Error(`${t} has not written`);
        return { v: s.db[k as string] };
      },
    },
    observe: (s) => ({ db: { ...s.db } }),
    ...overrides,
  });
}

async function stepFailure(p: Promise<unknown>): Promise<StepFailure> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StepFailure);
    return e as StepFailure;
  }
  throw new Error("expected the path to fail");
}

const HERE = path.basename(import.meta.url);

describe("failures a person can act on", () => {
  it("a path whose negative steps are refused passes", async () => {
    await runPath(kvAdapter(), kv, path3);
  });

  it("lists the whole path, negative steps at their place, the failing step and its actor's steps marked", async () => {
    const base = kvAdapter();
    const adapter = kvAdapter({
      actions: { ...base.actions, Get: (s, args) => (args.t === "t2" ? { v: "NoValue" } : base.actions.Get!(s, args)) },
    });
    const e = await stepFailure(runPath(adapter, kv, path3));
    expect(e.message).toBe(
      [
        "path 3, step 3 of 4: Get(t: t2, k: k1, v: t1)",
        '  v: expected "t1", actual "NoValue"',
        "  steps: (> the failing step, * the steps of t2)",
        "       0  initial state",
        "      0a  refused? Get(t: t1, k: k1)",
        "       1  Put(t: t1, k: k1)",
        "      1a  refused? Put(t: t1, k: k2)",
        "    *  2  Put(t: t2, k: k2)",
        "  > *  3  Get(t: t2, k: k1, v: t1)",
        "       4  Get(t: t1, k: k1, v: t1)",
      ].join("\n"),
    );
    expect({ ...e }).toMatchObject({ signature: "Get v", pathId: 3, pathLength: 4, step: "3" });
  });

  it("negative steps after one step share a line; where one fails they are listed one by one, up to it", async () => {
    const many: SuitePath = { ...path3, refusals: [[1, 4], [1, 0], [1, 4]] };
    const base = kvAdapter();
    const wrongGet = kvAdapter({ actions: { ...base.actions, Get: () => ({ v: "NoValue" }) } });
    const e = await stepFailure(runPath(wrongGet, { ...kv, paths: [many] }, many));
    expect(e.message).toMatch(/\n {10}1  Put\(t: t1, k: k1\)\n {6}1a-1c  refused\? Put\(t1,k2\), Put\(t1,k1\), Put\(t1,k2\)\n {4}\* {5}2  Put/);
    let offered = 0;
    const acceptsSecond = kvAdapter({
      actions: {
        ...base.actions,
        Put: (s, args) => {
          if (s.wrote.has(args.t as string) && ++offered === 2) return;
          return base.actions.Put!(s, args);
        },
      },
    });
    const second = await stepFailure(runPath(acceptsSecond, { ...kv, paths: [many] }, many));
    expect(second.step).toBe("1b");
    expect(second.message).toMatch(/\n {4}\* 1a  refused\? Put\(t: t1, k: k2\)\n  > \* 1b  refused\? Put\(t: t1, k: k1\)\n {7}2  Put\(t: t2, k: k2\)\n/);
    expect(second.message).not.toContain("1c");
  });

  it("the adapter's actor function picks the steps out", async () => {
    const adapter = kvAdapter({ actor: (_, args) => args.k, observe: (s) => ({ db: { ...s.db, k2: s.wrote.has("t2") ? "lost" : s.db.k2! } }) });
    const e = await stepFailure(runPath(adapter, kv, path3));
    expect(e.message).toMatch(/\(> the failing step, \* the steps of k2\)\n(?:.*\n){3} {4}\* 1a  refused\? Put\(t: t1, k: k2\)\n  > \*  2  Put\(t: t2, k: k2\)\n {7}3  Get/);
  });

  it("an observed difference names only the differing key, with the signature of the variable and the action", async () => {
    const e = await stepFailure(runPath(kvAdapter({ observe: (s) => ({ db: { ...s.db, k1: s.db.k1 === "t1" ? "oops" : s.db.k1! } }) }), kv, path3));
    expect(e.message).toMatch(/^path 3, step 1 of 4: Put\(t: t1, k: k1\): the observed state differs from the model's\n {2}db\.k1: expected "t1", actual "oops"\n {2}steps:/);
    expect({ ...e }).toMatchObject({ signature: "observe db after Put", step: "1" });
  });

  it("a negative step the implementation accepts fails, saying what it returned", async () => {
    const base = kvAdapter();
    const adapter = kvAdapter({ actions: { ...base.actions, Put: (s, { t, k }) => void (s.db[k as string] = t as string) } });
    const e = await stepFailure(runPath(adapter, kv, path3));
    expect(e.message.split("\n")[0]).toBe(
      "path 3, step 1a of 4: offered Put(t: t1, k: k2), which the model does not enable here; the implementation accepted it (returned nothing)",
    );
    expect(e.message).toMatch(/\n  > \* 1a  refused\? Put\(t: t1, k: k2\)\n/);
    expect({ ...e }).toMatchObject({ signature: "Put accepted while refused", step: "1a" });
  });

  it("a refusal that changed the state fails the observe after it", async () => {
    const base = kvAdapter();
    const adapter = kvAdapter({
      actions: {
        ...base.actions,
        Put: (s, { t, k }) => {
          s.db[k as string] = t as string; // writes before checking: a refused step leaves a trace
          if (s.wrote.has(t as string)) throw new Error(`${t} already wrote`);
          s.wrote.add(t as string);
        },
      },
    });
    const e = await stepFailure(runPath(adapter, kv, path3));
    expect(e.message).toMatch(/^path 3, step 1a of 4: refused Put\(t: t1, k: k2\): the observed state differs from the model's\n {2}db\.k2: expected "NoValue", actual "t1"\n/);
    expect({ ...e }).toMatchObject({ signature: "observe db after refused Put", step: "1a" });
  });

  it("refusals.refused decides what counts as refusing", async () => {
    const base = kvAdapter();
    const answering = { ...base.actions, Put: (s: Kv, args: Record<string, unknown>) => (s.wrote.has(args.t as string) ? { error: "denied" } : base.actions.Put!(s, args as never)) };
    const Get = (s: Kv, args: Record<string, unknown>) => (s.wrote.has(args.t as string) ? base.actions.Get!(s, args as never) : { error: "denied" });
    await runPath(kvAdapter({ actions: { ...answering, Get }, refusals: { refused: (o) => o.kind === "returned" && (o.value as { error?: string })?.error === "denied" } }), kv, path3);
    const e = await stepFailure(runPath(kvAdapter({ actions: { ...answering, Get } }), kv, path3));
    expect(e.message.split("\n")[0]).toMatch(/step 0a of 4: offered Get\(t: t1, k: k1\), .*accepted it \(returned \{"error":"denied"\}\)$/);
  });

  it("a negative step that hangs is a failure, not a refusal", async () => {
    const base = kvAdapter();
    const hangs = kvAdapter({
      stepTimeoutMs: 100,
      actions: { ...base.actions, Put: (s, args) => (s.wrote.has(args.t as string) ? new Promise<undefined>(() => {}) : base.actions.Put!(s, args)) },
    });
    const e = await stepFailure(runPath(hangs, kv, path3));
    expect(e.message).toMatch(/^path 3, step 1a of 4: offered Put\(t: t1, k: k2\), which the model does not enable here\n {2}the Put handler did not finish within 100 ms\n/);
    expect(e.signature).toBe("Put timed out while refused");
  });

  it("a negative step whose action has no handler fails clearly", async () => {
    const deleting: SuitePath = { ...path3, refusals: [[2, 6]] };
    const e = await stepFailure(runPath(kvAdapter(), { ...kv, paths: [deleting] }, deleting));
    expect(e.message).toMatch(/^path 3, step 2a of 4: offered Delete\(t: t1\), which the model does not enable here\n {2}the adapter has no handler for action Delete \(it handles Put, Get\), so it cannot be offered\n/);
    expect(e.signature).toBe("Delete has no handler");
  });

  it("a handler that throws: the stack shows the adapter's frame and no tlabridge internals; the error is the cause", async () => {
    const boom = new RangeError("no such key");
    const base = kvAdapter();
    const adapter = kvAdapter({
      actions: {
        ...base.actions,
        Get: () => {
          throw boom;
        },
      },
    });
    const e = await stepFailure(runPath(adapter, kv, path3));
    expect(e.cause).toBe(boom);
    expect({ ...e }).toMatchObject({ signature: "Get threw RangeError", step: "3" });
    const frames = e.stack!.split("\n").filter((l) => /^\s+at /.test(l));
    expect(frames.length).toBeGreaterThan(0);
    expect(frames[0]).toContain(HERE);
    expect(e.stack).not.toMatch(/src[\\/]runtime[\\/]suite\.ts|node_modules/);
    expect(e.stack!.startsWith(`StepFailure: ${e.message}\n`)).toBe(true);
  });

  it("a mismatch's stack points at the test that ran the path, not into tlabridge", async () => {
    const e = await stepFailure(runPath(kvAdapter({ observe: () => ({ db: {} }) }), kv, path3));
    expect(e.stack).toContain(HERE);
    expect(e.stack).not.toMatch(/src[\\/]runtime[\\/]|node_modules/);
    expect(e.message).toMatch(/db\.k1: missing \(the model has "NoValue"\)\n {2}db\.k2: missing/);
  });
});

describe("a subprocess adapter answering plain JSON", () => {
  const dir = workspace("plain-answers");
  it("sees expected values in its own form, not ITF", async () => {
    const file = put(
      dir,
      "plain.py",
      `import json, sys
for line in sys.stdin:
    req = json.loads(line)
    reply = {"id": req["id"], "ok": True}
    if req["method"] == "observe":
        reply["result"] = {"db": ["t1"]}
    sys.stdout.write(json.dumps(reply) + "\\n")
    sys.stdout.flush()
`,
    );
    const e = await stepFailure(runPath(subprocessAdapter({ command: ["python3", file] }), kv, path3));
    expect(e.message).toMatch(/^path 3, initial state \(before step 1 of 4\): the observed state differs from the model's\n {2}db: expected \{"k1":"NoValue","k2":"NoValue"\}, actual \["t1"\]\n/);
    expect(e.message).not.toContain("#map");
  });
});
