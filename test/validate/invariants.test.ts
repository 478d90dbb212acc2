import { describe, expect, it } from "vitest";
import { cli } from "../helpers/fixtures.js";
import { put, workspace } from "../helpers/workspace.js";

const dir = workspace("invariants");
/** Counters per host; `Small` says none passes 2, `Typed` that all are naturals. */
const SPEC = put(
  dir,
  "Count.tla",
  "---- MODULE Count ----\nEXTENDS Naturals\nVARIABLE n\nInit == n = [h \\in {\"a\", \"b\"} |-> 0]\nInc(h) == n' = [n EXCEPT ![h] = @ + 1]\nNext == \\E h \\in {\"a\", \"b\"} : Inc(h)\nTyped == n \\in [{\"a\", \"b\"} -> Nat]\nSmall == \\A h \\in DOMAIN n : n[h] <= 2\n====\n",
);
const MAPPING = put(dir, "mapping.json", JSON.stringify({ host: "h", clock: "vc", events: [{ action: "Inc", args: { h: { path: "h" } } }] }));
const LOG = put(dir, "run.ndjson", ['{"h": "b", "vc": {"b": 1}}', '{"h": "a", "vc": {"a": 1}}', '{"h": "a", "vc": {"a": 2}}', '{"h": "a", "vc": {"a": 3, "b": 1}}', '{"h": "b", "vc": {"b": 2}}'].join("\n") + "\n");

describe("invariants along the behaviour that explains the log", () => {
  it("a violation is its own verdict, with the invariant, the line and the prefix", async () => {
    const cfg = put(dir, "small.cfg", "INIT Init\nNEXT Next\nINVARIANTS Typed Small\n");
    const run = await cli("validate", LOG, "--model", SPEC, "--config", cfg, "--mapping", MAPPING);
    expect(run.stdout).toMatch(/^read 5 events[^\n]*\nviolates: 5 events from 2 hosts, \d+ consistent cuts explored/);
    expect(run.stdout).toContain(`  invariant Small is violated after a's Inc (${LOG}:4)\n  explained prefix:\n`);
    expect(run.stdout).toMatch(/explained prefix:\n(    .*\n){3}    a: Inc \(.*run\.ndjson:4\) -> Inc\("a"\)\n$/);
    expect(run.stderr).toMatch(/violates Small: see the prefix above\. \[LOG_VIOLATES\]/);
    expect(run.code).toBe(1);
    const json = await cli("validate", LOG, "--model", SPEC, "--config", cfg, "--mapping", MAPPING, "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ verdict: "violates", invariant: "Small", event: { line: 4 } });
  });

  it("invariants that hold leave the log valid", async () => {
    const cfg = put(dir, "typed.cfg", "INIT Init\nNEXT Next\nINVARIANT Typed\n");
    const run = await cli("validate", LOG, "--model", SPEC, "--config", cfg, "--mapping", MAPPING);
    expect(run.stdout).toMatch(/\nvalid: 5 events from 2 hosts/);
    expect(run.code).toBe(0);
  });
});
