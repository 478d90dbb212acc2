import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSpec } from "../../src/explorer/index.js";
import type { Value } from "../../src/values/index.js";

const dir = mkdtempSync(path.join(tmpdir(), "tlabridge-stepper-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("openSpec: the initial states, filtered as Init assigns", () => {
  it("asks keep after each assignment and cuts a rejected choice before the rest of Init is enumerated", async () => {
    // 1,000 x 1,000 x 2 choices in all: cutting at x leaves 1,000 x 2 of them to build.
    writeFileSync(path.join(dir, "Big.tla"), "---- MODULE Big ----\nEXTENDS Naturals\nVARIABLES x, y, z\nInit == x \\in 1..1000 /\\ y \\in 1..1000 /\\ z \\in BOOLEAN\nNext == UNCHANGED <<x, y, z>>\n====\n");
    writeFileSync(path.join(dir, "Big.cfg"), "INIT Init\nNEXT Next\n");
    const spec = await openSpec({ spec: path.join(dir, "Big.tla") });
    let asked = 0;
    let askedPartial = 0;
    const keep = (partial: readonly (Value | undefined)[]): boolean => {
      asked++;
      if (partial.some((v) => v === undefined)) askedPartial++;
      const x = partial[0];
      return x === undefined || (x.kind === "int" && x.value === 7);
    };
    const states = spec.initialStates(keep);
    expect(states).toHaveLength(2000);
    expect(states.every((s) => s[0]!.kind === "int" && (s[0] as { value: number }).value === 7)).toBe(true);
    expect(askedPartial).toBeGreaterThan(0);
    // Without the cut, keep would be asked about a million states.
    expect(asked).toBeLessThan(10_000);
  });

  it("without keep, every initial state", async () => {
    writeFileSync(path.join(dir, "Small.tla"), "---- MODULE Small ----\nEXTENDS Naturals\nVARIABLES x, y\nInit == x \\in 1..3 /\\ y \\in {x, x + 1}\nNext == UNCHANGED <<x, y>>\n====\n");
    writeFileSync(path.join(dir, "Small.cfg"), "INIT Init\nNEXT Next\n");
    const spec = await openSpec({ spec: path.join(dir, "Small.tla") });
    expect(spec.initialStates()).toHaveLength(6);
    // A keep that rejects only complete states still filters them.
    expect(spec.initialStates((p) => p[1] === undefined || (p[1].kind === "int" && p[1].value % 2 === 0))).toHaveLength(3);
  });

  it("successors of one action evaluate that action only", async () => {
    // Bad divides by zero: asking for all successors fails, asking for Good's never evaluates Bad.
    writeFileSync(path.join(dir, "Two.tla"), "---- MODULE Two ----\nEXTENDS Naturals\nVARIABLE x\nInit == x = 0\nGood(d) == x' = x + d\nBad == x' = x \\div 0\nNext == (\\E d \\in 1..2 : Good(d)) \\/ Bad\n====\n");
    writeFileSync(path.join(dir, "Two.cfg"), "INIT Init\nNEXT Next\n");
    const spec = await openSpec({ spec: path.join(dir, "Two.tla") });
    const [init] = spec.initialStates();
    expect(() => spec.successors(init!)).toThrow(/zero/);
    const good = spec.successors(init!, "Good");
    expect(good.map((s) => `${s.name}(${s.args.map((a) => (a as { value: number }).value).join(",")})`)).toEqual(["Good(1)", "Good(2)"]);
    expect(spec.successors(init!, "Missing")).toEqual([]);
  });
});
