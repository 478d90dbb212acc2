import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, cli } from "../helpers/fixtures.js";

// TLC's answers below were recorded from tla2tools.jar (`-workers 1`) on these fixtures.
const DIR = path.join(ROOT, "test/fixtures/explorer-driver");
const JAR = process.env.TLA2TOOLS_JAR ?? "/work/ext/tla2tools.jar";
const fixture = (f: string): string => path.join(DIR, f);

describe("explore --json", () => {
  it("a violation: kind, name, TLC's message, traceLength and the trace's states in ITF JSON; exit 1", async () => {
    const run = await cli("explore", fixture("Violations.tla"), "--config", fixture("ViolationsMono.cfg"), "--engine", "explorer", "--json");
    expect(run.code).toBe(1);
    const { itf, ...json } = JSON.parse(run.stdout);
    expect(json).toEqual({
      engine: "explorer",
      kind: "property",
      name: "Mono",
      message: "Action property Mono is violated.",
      traceLength: 5,
      trace: [1, 2, 3, 4, 0].map((x, i) => ({ action: i === 0 ? "Initial predicate" : "Next", state: { x } })),
    });
    // The whole trace as an ITF document too (explore --itf writes the same).
    expect(itf).toMatchObject({ "#meta": { format: "ITF", kind: "property", name: "Mono" }, vars: ["x"] });
    expect(itf.states).toEqual([1, 2, 3, 4, 0].map((x, i) => ({ "#meta": i === 0 ? { index: 0 } : { index: i, action: "Next" }, x })));
  });

  it.skipIf(!existsSync(JAR))("TLC's violation as JSON too: the same kind, name, message and ITF states as the explorer's", async () => {
    const args = ["explore", fixture("Violations.tla"), "--config", fixture("ViolationsMono.cfg"), "--json", "--tlc-jar", JAR];
    const [ours, tlc] = [await cli(...args, "--engine", "explorer"), await cli(...args, "--engine", "tlc")];
    expect(tlc.code).toBe(1);
    const strip = (j: { engine?: string }): object => ({ ...j, engine: undefined });
    expect(strip(JSON.parse(tlc.stdout))).toEqual(strip(JSON.parse(ours.stdout)));
    expect(JSON.parse(tlc.stdout).engine).toBe("tlc");
  }, 60_000);

  it("a false ASSUME: kind assumption with TLC's message, no trace; exit 1", async () => {
    const run = await cli("explore", fixture("Assumptions.tla"), "--engine", "explorer", "--json");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      engine: "explorer",
      kind: "assumption",
      name: "Big",
      message: "Assumption line 5, col 15 to line 5, col 19 of module Assumptions is false.",
      traceLength: 0,
      trace: [],
    });
  });

  it("temporal properties the explorer does not check are listed, in JSON and in the summary", async () => {
    const json = await cli("explore", fixture("Shapes.tla"), "--engine", "explorer", "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ engine: "explorer", distinctStates: 8, statesGenerated: 16, transitions: 15, depth: 5, unchecked: ["Live", "LeadsTo"] });
    const text = await cli("explore", fixture("Shapes.tla"), "--engine", "explorer");
    expect(text.stdout).toMatch(/not checked\s+Live, LeadsTo \(temporal properties/);
  });
});

describe("explore's bounds and signals", () => {
  it("--max-states: exit 4 with the counts so far", async () => {
    const run = await cli("explore", fixture("Grow.tla"), "--engine", "explorer", "--max-states", "100");
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/stopped after more than 100 distinct states \(--max-states\): 101 distinct states, 101 states generated, 1 on the queue, depth 100/);
  });

  it("--max-seconds --json: exit 4 and the counts as JSON", async () => {
    const run = await cli("explore", fixture("Grow.tla"), "--engine", "explorer", "--max-seconds", "1", "--json");
    expect(run.code).toBe(4);
    expect(JSON.parse(run.stdout)).toMatchObject({ engine: "explorer", stopped: "time", queue: 1 });
  });

  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    it(`${signal}: stops cleanly with exit ${code} and the counts, no stack`, async () => {
      const child = spawn(process.execPath, [path.join(ROOT, "bin/tlabridge.js"), "explore", fixture("Grow.tla"), "--engine", "explorer"], { stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
      await new Promise((r) => setTimeout(r, 2500));
      child.kill(signal);
      const exit = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
      expect(exit).toBe(code);
      expect(stderr).toMatch(new RegExp(`stopped on ${signal}: [\\d,]+ distinct states, [\\d,]+ states generated`));
      expect(stderr).not.toMatch(/\n\s+at /);
    }, 30_000);
  }
});

describe("explore --engine auto", () => {
  it("the explorer's advice to use TLC is printed once", async () => {
    // An unbounded CHOOSE: TLC evaluates CHOOSE x : x \notin S, so the advice stands (an unbounded \A gets none: TLC refuses it too).
    const run = await cli("explore", fixture("UnboundedChoose.tla"), "--engine", "explorer");
    expect(run.code).toBe(2);
    expect(run.stderr.match(/use --engine tlc/g)).toHaveLength(1);
    const forall = await cli("explore", fixture("Unbounded.tla"), "--engine", "explorer");
    expect([forall.code, forall.stderr.match(/use --engine tlc/g)]).toEqual([2, null]);
  });

  it.skipIf(!existsSync(JAR))("TLC takes over a config the explorer does not support, with one line saying why: TLC's 3 states", async () => {
    const run = await cli("explore", fixture("Post.tla"), "--tlc-jar", JAR, "--json");
    expect(run.code).toBe(0);
    const notes = run.stderr.split("\n").filter((l) => l.startsWith("note: "));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/POSTCONDITION in the config is not supported by the explorer yet; exploring with TLC instead$/);
    expect(run.stderr).not.toMatch(/use --engine tlc/);
    expect(JSON.parse(run.stdout)).toMatchObject({ engine: "tlc", distinctStates: 3, statesGenerated: 3, depth: 3 });
  }, 60_000);
});
