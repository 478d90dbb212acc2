import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { classifyUniverse, universeBounds } from "../../src/isolation/index.js";
import { cli, ROOT } from "../helpers/fixtures.js";
import { put, workspace } from "../helpers/workspace.js";

const dir = workspace("isolation-cli");
const DUMP = path.join(ROOT, "specs/kvstore/kvstore-2x2.dot");
const SPEC = path.join(ROOT, "specs/kvstore/KVStore.tla");

describe("tlabridge isolation universe", () => {
  it("--json prints exactly counts and total, as classifyUniverse computes them", async () => {
    const run = await cli("isolation", "universe", "--txns", "2", "--keys", "2", "--max-ops", "2", "--json");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json).sort()).toEqual(["counts", "total"]);
    expect(json).toEqual(classifyUniverse(universeBounds(2, 2, 2)));
    expect(json.total).toBe(5329);
  });

  it("prints a table, and refuses bounds too large to enumerate", async () => {
    const run = await cli("isolation", "universe", "--txns", "2", "--keys", "1", "--max-ops", "1");
    expect(run.stdout).toMatch(/2 transactions x 1 key x at most 1 operation: 25 histories/);
    expect(run.stdout).toMatch(/SER +\d+ +[\d.]+% +serializability/);
    const big = await cli("isolation", "universe", "--txns", "5", "--keys", "3", "--max-ops", "4");
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/histories, more than .*lower a bound\. \[UNIVERSE_TOO_LARGE\]/);
    expect((await cli("isolation", "universe", "--txns", "0", "--keys", "1", "--max-ops", "1")).code).toBe(2);
  });
});

describe("tlabridge isolation check", () => {
  const skew = put(dir, "skew.json", JSON.stringify([{ id: "t1", ops: [["r", "x", null], ["w", "y", "t1"]] }, { id: "t2", ops: [["r", "y", null], ["w", "x", "t2"]] }]));

  it("passes a history that satisfies the level (exit 0)", async () => {
    const run = await cli("isolation", "check", skew, "--level", "SI");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/2 transactions satisfy SI \(snapshot isolation\)/);
  });

  it("fails one that does not (exit 1), naming the anomaly and its witness", async () => {
    const run = await cli("isolation", "check", skew, "--level", "ser");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/write-skew \(G2-item, forbidden from SER\)/);
    expect(run.stdout).toMatch(/t1: r\(x, init\) w\(y, t1\)/);
    expect(run.stderr).toMatch(/\[ISOLATION_VIOLATION\]/);
    const json = JSON.parse((await cli("isolation", "check", skew, "--level", "SER", "--json")).stdout);
    expect(json).toMatchObject({ valid: false, level: "SER", anomaly: { name: "write-skew", phenomenon: "G2-item" } });
    expect(json.anomaly.witness.transactions.map((t: { id: string }) => t.id).sort()).toEqual(["t1", "t2"]);
  });

  it("checks Elle-style NDJSON histories", async () => {
    const lines = [
      { type: "invoke", f: "txn", value: [["r", "x", null], ["w", "x", 1]], process: 0, time: 0, index: 0 },
      { type: "invoke", f: "txn", value: [["r", "x", null], ["w", "x", 2]], process: 1, time: 1, index: 1 },
      { type: "ok", f: "txn", value: [["r", "x", null], ["w", "x", 1]], process: 0, time: 2, index: 2 },
      { type: "ok", f: "txn", value: [["r", "x", null], ["w", "x", 2]], process: 1, time: 3, index: 3 },
    ];
    const file = put(dir, "elle.ndjson", lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    const run = await cli("isolation", "check", file, "--level", "SI", "--json");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).anomaly.name).toBe("lost-update");
    expect((await cli("isolation", "check", file, "--level", "RC")).code).toBe(0);
  });

  it("rejects bad input with file:line:col and exit 2, and an unknown level", async () => {
    const bad = put(dir, "bad.json", '[{"id": "t1", "ops": [\n ["r", "x"]]}]');
    const run = await cli("isolation", "check", bad, "--level", "SER");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${bad}:2:2: [0].ops[0]: expected the value: a string, a number, or null for the initial value [HISTORY_FORMAT]\n`);
    expect((await cli("isolation", "check", path.join(dir, "missing.json"), "--level", "SER")).stderr).toMatch(/missing\.json does not exist: check the path\. \[INPUT_NOT_FOUND\]/);
    expect((await cli("isolation", "check", skew, "--level", "PL-3")).stderr).toMatch(/expected one of RU, RC, RA, SI, SER, SSER/);
  });
});

describe("tlabridge permissiveness", () => {
  it("--json has exactly the documented keys; the kvstore is sound for SI", async () => {
    const run = await cli("permissiveness", DUMP, "--level", "SI", "--json");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(Object.keys(json)).toEqual(["level", "observed", "allowed", "observedAllowed", "ratio", "violations"]);
    expect(json.violations).toEqual([]);
    expect(json.ratio).toBeCloseTo(json.observedAllowed / json.allowed, 12);
    expect(json.allowed).toBe(classifyUniverse({ transactions: ["t1", "t2"], keys: ["k1", "k2"], maxOps: 2 }).counts.SI);
  });

  it("against SER it exits 1 with write-skew witnesses; the spec explored gives the dump's numbers", async () => {
    const fromSpec = await cli("permissiveness", SPEC, "--level", "SER", "--json");
    const fromDump = await cli("permissiveness", DUMP, "--level", "SER", "--json");
    expect(fromSpec.code).toBe(1);
    expect(fromSpec.stdout).toBe(fromDump.stdout);
    const json = JSON.parse(fromSpec.stdout);
    expect(json.violations.length).toBeGreaterThan(0);
    for (const v of json.violations) expect(v).toMatchObject({ anomaly: "write-skew", phenomenon: "G2-item" });
    const text = await cli("permissiveness", DUMP, "--level", "RC");
    expect(text.stdout).toMatch(/RC \(read committed\): produces \d+ of the \d+ histories it allows: [\d.]+%/);
    expect(text.stdout).toMatch(/never produced: \d+ allowed histories, by the anomaly they show:\n(.*\n)*.*lost-update/);
  });

  it("takes a mapping file, and says what is wrong with a bad one", async () => {
    const mapping = {
      begin: { action: "Begin", txn: "t" },
      read: { action: "Read", txn: 0, key: 1, value: 2 },
      write: { action: "Write", txn: 0, key: 1 },
      commit: { action: "Commit", txn: 0, result: 1, ok: "ok" },
    };
    const good = put(dir, "mapping.json", JSON.stringify(mapping));
    const run = await cli("permissiveness", SPEC, "--level", "SI", "--mapping", good, "--json");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).observed).toBe(JSON.parse((await cli("permissiveness", DUMP, "--level", "SI", "--json")).stdout).observed);
    writeFileSync(path.join(dir, "bad-mapping.json"), JSON.stringify({ ...mapping, read: { action: "Read", txn: 0, value: 2 } }));
    const bad = await cli("permissiveness", SPEC, "--level", "SI", "--mapping", path.join(dir, "bad-mapping.json"));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/read\.key: missing: which argument is the key \[MAPPING_FORMAT\]/);
    const wrongAction = put(dir, "wrong-action.json", JSON.stringify({ ...mapping, commit: { action: "Finish", txn: 0 } }));
    expect((await cli("permissiveness", DUMP, "--level", "SI", "--mapping", wrongAction)).stderr).toMatch(/wrong-action\.json: the commit action Finish never occurs .*\[ISOLATION_MAPPING\]/);
    const noValue = put(dir, "no-value.json", JSON.stringify({ ...mapping, read: { action: "Read", txn: 0, key: 1 } }, null, 2));
    expect((await cli("permissiveness", DUMP, "--level", "SI", "--mapping", noValue)).stderr).toBe(`${noValue}:6:11: read.value: missing: which argument is the value read [MAPPING_FORMAT]\n`);
    const syntax = put(dir, "syntax.json", '{\n  "read": {"action": "Read",\n  "txn": 0\n  "key": 1}\n}');
    expect((await cli("permissiveness", DUMP, "--level", "SI", "--mapping", syntax)).stderr).toMatch(/syntax\.json:4:3: expected a JSON mapping .*\[MAPPING_SYNTAX\]/);
  });

  describe("mappings of other protocols (test/fixtures/isolation-mapping)", () => {
    const fixture = (name: string): string => path.join(ROOT, "test/fixtures/isolation-mapping", name);

    it("a role may be a list of actions, and the initial value is read from the mapping", async () => {
      const run = await cli("permissiveness", fixture("Inventory.tla"), "--level", "SI", "--mapping", fixture("inventory.json"), "--json");
      expect(run.code).toBe(0);
      // The kvstore's numbers: Add and Update are its Write, Absent its NoValue.
      expect(run.stdout).toBe((await cli("permissiveness", DUMP, "--level", "SI", "--json")).stdout);
      expect(run.stderr).not.toMatch(/initial value/);
      // Without it, reads of Absent are not reads of the initial value: a warning says so; --initial-value names it too.
      const unnamed = put(dir, "inventory-unnamed.json", readFileSync(fixture("inventory.json"), "utf8").replace(/,\s*"initialValue": "Absent"/, ""));
      const warned = await cli("permissiveness", fixture("Inventory.tla"), "--level", "SI", "--mapping", unnamed, "--json");
      expect(warned.stderr).toMatch(/warning: no read returns the initial value NoValue .*no write stores Absent: is that the initial value\? name it with "initialValue"/);
      expect(warned.stderr).toMatch(/warning: [\d,]+ of the 547 histories produced are outside the universe/);
      expect((await cli("permissiveness", fixture("Inventory.tla"), "--level", "SI", "--mapping", unnamed, "--initial-value", "Absent", "--json")).stdout).toBe(run.stdout);
    });

    it("without a read action: write-only histories, and the output says what the share means", async () => {
      const run = await cli("permissiveness", fixture("Blind.tla"), "--level", "SI", "--mapping", fixture("blind.json"));
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/25 distinct write-only histories produced/);
      expect(run.stdout).toMatch(/no read action: histories have only writes, so they are measured against the write-only histories the level allows/);
      expect(run.stdout).toMatch(/SI \(snapshot isolation\): produces 25 of the 49 write-only histories it allows: 51\.0%/);
      const same = await cli("permissiveness", fixture("Blind.tla"), "--level", "SI", "--mapping", fixture("blind-values.json"));
      expect(same.stderr).toMatch(/warning: written values are not unique in \d+ of the 25 histories \(e\.g\. t1 and t2 both write a to k\d\)/);
      expect(same.stderr).toMatch(/warning: 24 of the 25 histories produced are outside the universe/);
    });

    it("--spec gives a dump's actions their parameter names", async () => {
      const dump = fixture("inventory-2x1.dot");
      const without = await cli("permissiveness", dump, "--level", "SI", "--mapping", fixture("inventory.json"));
      expect(without.code).toBe(2);
      expect(without.stderr).toMatch(/inventory\.json: Start has no parameter names to find "tx" .*pass the spec for its parameter names \(--spec <file\.tla>\).*\[ISOLATION_MAPPING\]/);
      const run = await cli("permissiveness", dump, "--spec", fixture("Inventory.tla"), "--level", "SI", "--mapping", fixture("inventory.json"), "--json");
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ observed: 53, violations: [] });
      expect(run.stdout).toBe((await cli("permissiveness", fixture("Inventory.tla"), "--config", fixture("Inventory-2x1.cfg"), "--level", "SI", "--mapping", fixture("inventory.json"), "--json")).stdout);
      expect((await cli("permissiveness", dump, "--spec", path.join(dir, "missing.tla"), "--level", "SI")).stderr).toMatch(/missing\.tla does not exist: check the path given as the spec \(--spec\)\. \[INPUT_NOT_FOUND\]/);
    });

    it("says how much is out of bounds", async () => {
      const run = await cli("permissiveness", DUMP, "--level", "SI", "--max-ops", "1");
      expect(run.code).toBe(0);
      expect(run.stderr).toMatch(/warning: [\d,]+ behaviour prefixes commit a transaction of more than 1 operation \(t1, t2\); the histories they make are out of bounds and not counted: raise --max-ops to count them/);
    });

    it("checks a list role's entries, and unknown fields", async () => {
      const base = JSON.parse(readFileSync(fixture("inventory.json"), "utf8")) as Record<string, unknown>;
      const noKey = put(dir, "list-no-key.json", JSON.stringify({ ...base, write: [{ action: "Add", txn: "tx", key: "item" }, { action: "Update", txn: "tx" }] }, null, 2));
      const run = await cli("permissiveness", fixture("Inventory.tla"), "--level", "SI", "--mapping", noKey);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/list-no-key\.json:\d+:\d+: write\[1\]\.key: missing: which argument is the key \[MAPPING_FORMAT\]/);
      const empty = put(dir, "list-empty.json", JSON.stringify({ ...base, write: [] }));
      expect((await cli("permissiveness", fixture("Inventory.tla"), "--level", "SI", "--mapping", empty)).stderr).toMatch(/write: expected at least one action/);
      const typo = put(dir, "typo.json", JSON.stringify({ ...base, initalValue: "Absent" }));
      expect((await cli("permissiveness", fixture("Inventory.tla"), "--level", "SI", "--mapping", typo)).stderr).toMatch(/initalValue: unknown field/);
      const zero = put(dir, "zero.json", JSON.stringify({ ...base, initialValue: 0 }));
      expect((await cli("permissiveness", fixture("Inventory.tla"), "--level", "SI", "--mapping", zero)).stderr).toMatch(/no read returns the initial value 0/);
    });
  });
});
