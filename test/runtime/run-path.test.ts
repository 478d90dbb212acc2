import path from "node:path";
import { describe, expect, it } from "vitest";
import { defineAdapter, runPath, StepFailure, subprocessAdapter, type SuiteFile } from "../../src/runtime/index.js";
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
    const message = await failure(runPath(subprocessAdapter({ command: ["python3", file], stepTimeoutMs: 300 }), suite, path7));
    expect(message).toMatch(/did not answer step within 300 ms \(it was restarted\)/);
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
