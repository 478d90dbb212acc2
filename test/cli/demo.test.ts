import { describe, expect, it } from "vitest";
import { cli } from "../helpers/fixtures.js";

describe("tlabridge demo", () => {
  it("explores the bundled spec, runs both generated suites against the store, and measures its permissiveness", async () => {
    const run = await cli("demo");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/: 266 states, 666 transitions\n/);
    expect(run.stdout).toMatch(/transition-pairs +cover: 772 paths \(lower bound 772\) \(the default\), [\d,]+ steps, [\d,]+ negative steps, 2,894\/2,894 transition-pairs; .*vitest: 772 passed, 0 failed/);
    expect(run.stdout).toMatch(/transitions +cover: 192 paths \(lower bound 192\), [\d,]+ steps, [\d,]+ negative steps, 666\/666 transitions; .*vitest: 192 passed, 0 failed/);
    expect(run.stdout).toMatch(/states +cover: 137 paths \(lower bound 137\), [\d,]+ steps, [\d,]+ negative steps, 266\/266 states; .*vitest: 137 passed, 0 failed/);
    expect(run.stdout).toMatch(/isolation: 547 distinct histories .*; sound for SI; produces [\d.]+% of RC, [\d.]+% of RA, [\d.]+% of SI; not serializable: 8 histories with write-skew, e\.g\.\n {4}t1: /);
    expect(run.stdout).toMatch(/every test passed: the in-memory store conforms to the spec\n$/);
  });
});
