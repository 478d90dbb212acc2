// Fault cases of the test runtime (issue 17): broken adapters, in-process and
// subprocess, fail one step with a clear message, bounded in time, and never
// with a TypeError from tlabridge's own code.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runVitest, vitestBin } from "../../src/cli/vitest.js";
import { generateSuite } from "../../src/generate/index.js";
import { adapterOf, defineAdapter, runPath, StepFailure, subprocessAdapter, type SuiteFile } from "../../src/runtime/index.js";
import { ROOT, cli } from "../helpers/fixtures.js";
import { put, workspace } from "../helpers/workspace.js";

const suite: SuiteFile = {
  format: "tlabridge-suite",
  version: 1,
  constants: { N: 2 },
  actions: [{ action: "Inc", args: { by: 1 } }],
  paths: [{ id: 3, name: "path 3: Inc(1) (1 step)", initial: 0, steps: [[0, 1]] }],
  states: { "0": { x: 0 }, "1": { x: 1 } },
};
const path3 = suite.paths[0]!;
const dir = workspace("faults-runtime");

/** The StepFailure a path run ends in; its message must not carry a stack. */
async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(StepFailure);
    const message = (e as Error).message;
    expect(message).not.toMatch(/^\s+at /m);
    return message;
  }
  throw new Error("expected the path to fail");
}

/** A node adapter program answering each request line with `reply(req)` (JavaScript source of the reply expression). */
function program(reply: string): string {
  return put(
    dir,
    `p${Math.random().toString(36).slice(2)}.mjs`,
    `import { createInterface } from "node:readline";
let x = 0;
createInterface({ input: process.stdin }).on("line", (line) => {
  const req = JSON.parse(line);
  if (req.method === "step") x += req.args.by;
  process.stdout.write(JSON.stringify(${reply}) + "\\n");
});
`,
  );
}

describe("subprocess adapter replies", () => {
  it("a program that answers null fails the step clearly (no TypeError in the worker)", async () => {
    const message = await failure(runPath(subprocessAdapter({ command: [process.execPath, program("null")], stepTimeoutMs: 3000 }), suite, path3));
    expect(message.split("\n")[0]).toBe("path 3, setup");
    expect(message).toContain("the adapter program wrote null, which is not a reply: answer each request with {\"id\": <its id>");
  });

  it("a reply with the wrong id says so, instead of a timeout", async () => {
    const started = performance.now();
    const message = await failure(runPath(subprocessAdapter({ command: [process.execPath, program("{ id: req.id + 98, ok: true }")], stepTimeoutMs: 3000 }), suite, path3));
    expect(message).toContain("the adapter program answered id 99, but the request waiting for an answer is id 1 (setup): answer each request with the id it came with");
    expect(performance.now() - started).toBeLessThan(2500); // not the 3000 ms timeout
  });

  it("a string where observe's fields belong is shown as a string, not character by character", async () => {
    const answer = `{ id: req.id, ok: true, result: req.method === "observe" ? "x=1" : undefined }`;
    const message = await failure(runPath(subprocessAdapter({ command: [process.execPath, program(answer)], stepTimeoutMs: 3000 }), suite, path3));
    expect(message).toContain('observe returned "x=1"; return an object of the model\'s variables (x)');
    expect(message).not.toMatch(/observe returned 0,/);
  });

  it("an error text over several lines stays on one line of the failure", async () => {
    const answer = `{ id: req.id, ok: req.method !== "step", error: "Traceback\\n  line 3\\nValueError: bad" }`;
    const message = await failure(runPath(subprocessAdapter({ command: [process.execPath, program(answer)], stepTimeoutMs: 3000 }), suite, path3));
    expect(message).toContain("the adapter program reported: Traceback | line 3 | ValueError: bad\n");
  });
});

describe("in-process adapters", () => {
  const counter = (overrides: object = {}) =>
    defineAdapter<{ x: number }>({
      setup: () => ({ x: 0 }),
      actions: { Inc: (s, { by }) => void (s.x += by as number) },
      observe: (s) => ({ x: s.x }),
      stepTimeoutMs: 500,
      ...overrides,
    });

  it("a teardown that throws after a failing step reports both, the step failure first", async () => {
    const adapter = counter({
      actions: { Inc: () => void 0 }, // x stays 0: step 1 fails
      teardown: () => {
        throw new Error("pool already closed");
      },
    });
    const message = await failure(runPath(adapter, suite, path3));
    const lines = message.split("\n");
    expect(lines[0]).toBe("path 3, step 1 of 1: Inc(by: 1): the observed state differs from the model's");
    expect(lines[1]).toBe("  then teardown threw Error: pool already closed");
    expect(message).toContain("x: expected 1, actual 0");
  });

  it("a teardown that throws after a passing path fails the test at teardown", async () => {
    const adapter = counter({ teardown: () => Promise.reject(new Error("lost connection")) });
    const message = await failure(runPath(adapter, suite, path3));
    expect(message.split("\n").slice(0, 2)).toEqual(["path 3, teardown", "  threw Error: lost connection"]);
  });

  it("a handler returning a string shows it as a string", async () => {
    const message = await failure(runPath(counter({ actions: { Inc: () => "done" } }), suite, path3));
    expect(message).toContain('the handler returned "done"; return an object of fields (or nothing)');
  });

  for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"]) {
    it(`an action named ${name} is dispatched only to the adapter's own handler`, async () => {
      const named: SuiteFile = JSON.parse(JSON.stringify(suite).replace('"Inc"', JSON.stringify(name))) as SuiteFile;
      const message = await failure(runPath(counter(), named, named.paths[0]!));
      expect(message).toContain(`the adapter has no handler for action ${name} (it handles Inc)`);
      // …and its own handler of that name is the one called
      let called = 0;
      const own: Record<string, unknown> = {};
      Object.defineProperty(own, name, { enumerable: true, value: (s: { x: number }) => void (called++, (s.x += 1)) });
      await runPath(counter({ actions: own }), named, named.paths[0]!);
      expect(called).toBe(1);
    });
  }

  it("a variable and a parameter named __proto__ in the suite JSON are checked like any other", async () => {
    const text = `{"format":"tlabridge-suite","version":1,"constants":{"__proto__":5},"actions":[{"action":"Inc","args":{"__proto__":1}}],
      "paths":[{"id":1,"name":"p","initial":0,"steps":[[0,1]]}],"states":{"0":{"__proto__":0},"1":{"__proto__":1}}}`;
    const withProto = JSON.parse(text) as SuiteFile;
    let seen: unknown;
    const adapter = (inc: number) =>
      defineAdapter<{ v: number }>({
        setup: (constants) => {
          seen = Object.hasOwn(constants, "__proto__") ? constants["__proto__"] : "absent";
          return { v: 0 };
        },
        actions: { Inc: (s, args) => void (s.v += Object.hasOwn(args, "__proto__") ? inc : 0) },
        observe: (s) => JSON.parse(`{"__proto__": ${s.v}}`) as Record<string, unknown>,
      });
    await runPath(adapter(1), withProto, withProto.paths[0]!);
    expect(seen).toBe(5);
    const message = await failure(runPath(adapter(2), withProto, withProto.paths[0]!));
    expect(message).toContain("__proto__: expected 1, actual 2");
  });

  it("a module without a default export names the file and what to export", () => {
    for (const [module, problem] of [
      [{ x: 1 }, "has no default export"],
      [{ default: 3 }, "exports 3 as its adapter, not an object"],
      [{ default: { actions: {} } }, "exports an adapter without a setup function"],
    ] as const) {
      let error: unknown;
      try {
        adapterOf(module, "../adapter.ts");
      } catch (e) {
        error = e;
      }
      expect((error as Error).message).toBe(
        `ADAPTER_SHAPE: ../adapter.ts ${problem}: export default defineAdapter({ setup, actions, observe }) (or export default subprocessAdapter({ command })), then rerun.`,
      );
      expect((error as Error).stack).not.toMatch(/\n\s+at /);
    }
  });
});

describe("generated suites (run by vitest in a child process)", () => {
  const DUMP = path.join(ROOT, "specs/kvstore/kvstore-2x2.dot");
  const trivialAdapter = (begin: string, timeoutMs: number): string => `import { defineAdapter } from "tlabridge/runtime";
export default defineAdapter({
  setup: () => ({}),
  actions: { Begin: ${begin}, Read: () => {}, Write: () => {}, Commit: () => {}, Abort: () => {} },
  stepTimeoutMs: ${timeoutMs},
});
`;

  it("an adapter edited to lose its default export fails with ADAPTER_SHAPE, not a TypeError", async () => {
    const adapter = put(dir, "edited/adapter.ts", trivialAdapter("() => {}", 5000));
    const out = path.join(dir, "edited/suite");
    await generateSuite({ dump: DUMP, adapter, outDir: out, criterion: "transitions", onWarning: () => {} });
    writeFileSync(adapter, "export const adapter = {};\n");
    const run = await runVitest(out, process.env, ["--bail=1"]);
    expect(run.passed).toBe(0);
    const report = await new Promise<string>((resolve) =>
      execFile(process.execPath, [vitestBin(), "run", "--root", out, "--reporter=default"], { env: { ...process.env, NO_COLOR: "1" } }, (_, stdout, stderr) => resolve(stdout + stderr)),
    );
    expect(report).toContain("ADAPTER_SHAPE: ../adapter.ts has no default export: export default defineAdapter(");
    expect(report).not.toContain("Cannot read properties of undefined");
  }, 30_000);

  it("a synchronous infinite loop in a handler is stopped by the watchdog at the step timeout, with a message naming the remedy", async () => {
    const adapter = put(dir, "loop/adapter.ts", trivialAdapter("() => { for (;;) {} }", 300));
    const out = path.join(dir, "loop/suite");
    await generateSuite({ dump: DUMP, adapter, outDir: out, criterion: "transitions", onWarning: () => {} });
    const started = performance.now();
    const run = await cli("test", out);
    expect(performance.now() - started).toBeLessThan(9000);
    expect(run.code).not.toBe(0);
    // The watchdog writes to the test process's stderr (inherited: this process's fd 2), the CLI then says vitest did not report.
    expect(run.stderr.split("\n")[0]).toMatch(/^vitest (exited with code \d+|was stopped by SIG[A-Z]+) without reporting on .*\[SUITE_DID_NOT_RUN\]$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 20_000);

  it("the watchdog's message names the path, the step, the handler and subprocessAdapter", async () => {
    const out = path.join(dir, "loop/suite");
    const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = execFile(process.execPath, [vitestBin(), "run", "--root", out, "--reporter=dot"], { env: { ...process.env, NO_COLOR: "1" } }, (_, stdout, stderr) =>
        resolve({ code: child.exitCode, text: stdout + stderr }),
      );
    });
    expect(output.code).not.toBe(0);
    expect(output.text).toMatch(
      /tlabridge: path \d+, step \d+ of \d+: the Begin handler did not return within 300 ms and runs synchronously in the test process, where no timer can stop it, so the test run was stopped; run the implementation behind subprocessAdapter\(\.\.\.\)/,
    );
    expect(readdirSync(path.dirname(out)).sort()).toEqual(["adapter.ts", "suite"]);
  }, 20_000);

  it("generate refuses an adapter with a syntax error, at file:line:col", async () => {
    for (const ext of ["ts", "js"]) {
      const adapter = put(dir, `syntax/adapter.${ext}`, 'import { defineAdapter } from "tlabridge/runtime";\nexport default defineAdapter({\n  setup: () => ({}),\n  actions: { Put: ( => 1 },\n});\n');
      const out = path.join(dir, `syntax/out-${ext}`);
      const run = await cli("generate", DUMP, "--adapter", adapter, "--out", out);
      expect(run.code).toBe(2);
      expect(run.stderr.split("\n")[0]).toBe(`${adapter}:4:21: Unexpected token (the adapter cannot be loaded: fix the module so that it imports without error). [ADAPTER_LOAD_FAILED]`);
      expect(existsSync(out)).toBe(false);
    }
    expect(readdirSync(path.join(dir, "syntax")).sort()).toEqual(["adapter.js", "adapter.ts"]);
  });

  it("generate refuses a folder, a binary, a control character and a module that throws as --adapter, each on one line", async () => {
    const folder = path.join(dir, "kinds");
    const cases: [file: string, first: string][] = [
      [path.join(folder, "sub"), `${path.join(folder, "sub")} is a folder: pass the adapter module itself (.ts or .js), not its folder. [ADAPTER_NOT_A_FILE]`],
      [put(folder, "binary.ts", "\u0000\u0001ELF"), `${path.join(folder, "binary.ts")} holds NUL bytes, so it is not a JavaScript or TypeScript module: pass the adapter's source file. [ADAPTER_NOT_TEXT]`],
      [put(folder, "control.ts", "export default \u0001;\n"), `${path.join(folder, "control.ts")}:1:16: Invalid Character \`\\u0001\` (the adapter cannot be loaded: fix the module so that it imports without error). [ADAPTER_LOAD_FAILED]`],
      [put(folder, "throws.ts", 'throw new Error("boom\\nsecond line");\n'), `${path.join(folder, "throws.ts")} cannot be loaded (boom): fix the module so that it imports without error. [ADAPTER_LOAD_FAILED]`],
    ];
    mkdirSync(path.join(folder, "sub"), { recursive: true });
    for (const [adapter, first] of cases) {
      const run = await cli("generate", DUMP, "--adapter", adapter, "--out", path.join(folder, "out"));
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toBe(`${first}\n`);
    }
    expect(existsSync(path.join(folder, "out"))).toBe(false);
  });
});
