import { describe, expect, it } from "vitest";
import { HAVE_FIXTURES, cli, dotFile, manifest } from "../helpers/fixtures.js";

const KEYS = ["states", "transitions", "distinctTransitions", "initialStates", "selfLoops", "actions", "variables", "stronglyConnectedComponents"];

describe.skipIf(!HAVE_FIXTURES)("tlabridge graph --json agrees with TLC's manifest", () => {
  for (const c of manifest()) {
    it(c.case, async () => {
      const run = await cli("graph", dotFile(c.case), "--json");
      expect(run.code).toBe(0);
      const stats = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(Object.keys(stats)).toEqual(KEYS);
      expect(stats.states).toBe(c.dot.states);
      expect(stats.transitions).toBe(c.dot.transitions);
      expect(stats.initialStates).toBe(c.dot.initialStates);
      expect(stats.selfLoops).toBe(c.dot.selfLoops);
      expect(stats.actions).toEqual(c.dot.actions);
    });
  }
});
