import { existsSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { exploreSpec } from "../../src/explorer/index.js";
import { parseModule } from "../../src/explorer/syntax.js";
import { classifyProperty, decomposeSpec, Levels } from "../../src/explorer/temporal.js";
import { ROOT } from "../helpers/fixtures.js";

// TLC's answers below were recorded from tla2tools.jar (`-workers 1`) on these fixtures.
const DIR = path.join(ROOT, "test/fixtures/explorer-driver");
const EXAMPLES = "/work/ext/Examples/specifications";
const run = (spec: string, config: string, extra: Record<string, unknown> = {}) => exploreSpec({ spec: path.join(DIR, spec), config: path.join(DIR, config), ...extra });

describe("SPECIFICATION read as TLC reads it", () => {
  it("PrintT /\\ Init /\\ [][Next \\/ Stop]_vars /\\ fairness, through spec_1 == Spec: TLC's 8 distinct, 16 generated, depth 5", async () => {
    const outcome = await run("Shapes.tla", "Shapes.cfg");
    expect(outcome.kind).toBe("success");
    if (outcome.kind !== "success") return;
    expect([outcome.distinctStates, outcome.statesGenerated, outcome.depth, outcome.graph.transitionCount]).toEqual([8, 16, 5, 15]);
    // TLC checks these temporal properties; the explorer says it does not.
    expect(outcome.unchecked).toEqual(["Live", "LeadsTo"]);
  });

  it("takes a spec apart by level: init conjuncts, the next-state relation, fairness", async () => {
    const module = await parseModule(
      `---- MODULE L ----
VARIABLE x
Init == x = 0
Next == x' = x + 1
F == WF_x(Next)
Spec == PrintT(1) /\\ Init /\\ [][Next \\/ x' = 0]_x /\\ F /\\ \\A i \\in {1} : SF_x(Next)
Two == Init /\\ [][Next]_x /\\ [][Next]_x
Hidden == \\EE y : Init
====`,
      "L.tla",
    );
    const levels = new Levels(module);
    const parts = decomposeSpec("Spec", module, levels);
    expect(parts.init.map((e) => (e.kind === "ref" || e.kind === "apply" ? e.name : e.kind))).toEqual(["PrintT", "Init"]);
    expect(parts.next?.kind).toBe("or");
    expect(parts.fairness).toHaveLength(2);
    expect(() => decomposeSpec("Two", module, levels)).toThrow(/more than one \[\]\[Next\]_vars/);
    expect(() => decomposeSpec("Hidden", module, levels)).toThrow(/\\EE/);
    expect([levels.ofDefinition("Init"), levels.ofDefinition("Next"), levels.ofDefinition("F"), levels.ofDefinition("Spec")]).toEqual([1, 2, 3, 3]);
  });

  it("splits PROPERTIES as TLC: []P an invariant, [][A]_v a step check, P on the initial states, the rest temporal", async () => {
    const module = await parseModule(
      `---- MODULE P ----
VARIABLE x
Inv == x > 0
P == /\\ []Inv /\\ [](x < 9) /\\ [][x' > x]_x /\\ x = 1 /\\ <>(x = 3) /\\ \\A i \\in {1, 2} : [](x # i)
====`,
      "P.tla",
    );
    const checks = classifyProperty("P", module, new Levels(module));
    expect(checks.map((c) => `${c.kind}:${c.name}`)).toEqual(["invariant:Inv", "invariant:P", "action:P", "init:P", "temporal:P", "invariant:P"]);
  });
});

describe("PROPERTY checked as TLC checks it", () => {
  it("[](x < 4): TLC's 'Invariant Small is violated.' (exit 12, an invariant violation) with its 4-state trace", async () => {
    const outcome = await run("Violations.tla", "ViolationsSmall.cfg");
    expect(outcome.kind === "violation" && [outcome.problem, outcome.name, outcome.message, outcome.trace.map((s) => s.state)]).toEqual([
      "invariant",
      "Small",
      "Invariant Small is violated.",
      ["x = 1", "x = 2", "x = 3", "x = 4"],
    ]);
  });

  it("[][x' > x]_x: TLC's 'Action property Mono is violated.' on the step 4 -> 0, 5 states", async () => {
    const outcome = await run("Violations.tla", "ViolationsMono.cfg");
    expect(outcome.kind === "violation" && [outcome.message, outcome.trace.map((s) => s.values)]).toEqual([
      "Action property Mono is violated.",
      [{ x: 1 }, { x: 2 }, { x: 3 }, { x: 4 }, { x: 0 }],
    ]);
  });

  it("x = 0: TLC's 'Property StartsAtZero is violated by the initial state' x = 1", async () => {
    const outcome = await run("Violations.tla", "ViolationsInit.cfg");
    expect(outcome.kind === "violation" && [outcome.message, outcome.trace.map((s) => s.state)]).toEqual(["Property StartsAtZero is violated by the initial state.", ["x = 1"]]);
  });

  it.skipIf(!existsSync(path.join(EXAMPLES, "acp")))("acp/ACP_NB_WRONG_TLC.cfg: TLC's 'Invariant AC1 is violated.' with its 13-state trace", async () => {
    const dir = path.join(EXAMPLES, "acp");
    const outcome = await exploreSpec({ spec: path.join(dir, "ACP_NB_WRONG_TLC.tla"), config: path.join(dir, "ACP_NB_WRONG_TLC.cfg") });
    expect(outcome.kind === "violation" && [outcome.problem, outcome.message, outcome.trace.map((s) => s.action)]).toEqual([
      "invariant",
      "Invariant AC1 is violated.",
      ["Initial predicate", "request(p0)", "sendVote(p0)", "request(p1)", "sendVote(p1)", "getVote(p0)", "getVote(p1)", "makeDecision", "coordBroadcast(p0)", "decide(p0)", "parDie(p0)", "coordDie", "abortOnTimeout(p1)"],
    ]);
  }, 120_000);
});

describe("ASSUME and constant-only models", () => {
  it("a false ASSUME: TLC's 'Assumption line 5, col 15 to line 5, col 19 of module Assumptions is false.'", async () => {
    const outcome = await run("Assumptions.tla", "Assumptions.cfg");
    expect(outcome.kind === "violation" && [outcome.problem, outcome.name, outcome.message, outcome.trace]).toEqual([
      "assumption",
      "Big",
      "Assumption line 5, col 15 to line 5, col 19 of module Assumptions is false.",
      [],
    ]);
  });

  it("true ASSUMEs and no INIT/NEXT: TLC's 0 states generated, 0 distinct, depth 0", async () => {
    const outcome = await run("Assumptions.tla", "AssumptionsOk.cfg");
    expect(outcome.kind === "success" && [outcome.distinctStates, outcome.statesGenerated, outcome.depth]).toEqual([0, 0, 0]);
  });

  it.skipIf(!existsSync(path.join(EXAMPLES, "SpecifyingSystems/SimpleMath")))("SpecifyingSystems/SimpleMath: TLC's success with 0 states", async () => {
    const dir = path.join(EXAMPLES, "SpecifyingSystems/SimpleMath");
    const outcome = await exploreSpec({ spec: path.join(dir, "SimpleMath.tla") });
    expect(outcome.kind === "success" && outcome.distinctStates).toBe(0);
  });
});

describe("bounds: an infinite state space ends by a bound, with the counts so far", () => {
  it("--max-states", async () => {
    const outcome = await run("Grow.tla", "Grow.cfg", { maxStates: 200 });
    expect(outcome.kind === "stopped" && [outcome.reason, outcome.distinctStates, outcome.depth]).toEqual(["states", 201, 200]);
  });

  it("--max-seconds", async () => {
    const started = performance.now();
    const outcome = await run("Grow.tla", "Grow.cfg", { maxSeconds: 1 });
    expect(outcome.kind === "stopped" && outcome.reason).toBe("time");
    expect(performance.now() - started).toBeLessThan(10_000);
    expect(outcome.kind === "stopped" && outcome.distinctStates).toBeGreaterThan(0);
  });

  it("--max-memory", async () => {
    const outcome = await run("Grow.tla", "Grow.cfg", { maxMemoryMB: 1 });
    expect(outcome.kind === "stopped" && outcome.reason).toBe("memory");
  });

  it("an abort (Ctrl-C) stops it between states; progress is reported meanwhile", async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    setTimeout(() => controller.abort(), 700);
    const outcome = await run("Grow.tla", "Grow.cfg", { signal: controller.signal, progressEveryMs: 100, onProgress: (p: { distinctStates: number }) => seen.push(p.distinctStates) });
    expect(outcome.kind === "stopped" && outcome.reason).toBe("interrupted");
    expect(seen.length).toBeGreaterThan(0);
  });
});
