// Messages a new user met in their first hour that pointed the wrong way: each is now said where the mistake is, with
// what it resembles, and TLC is suggested only where TLC could help.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/explorer/index.js";
import { cli, ROOT } from "../helpers/fixtures.js";
import { workspace } from "../helpers/workspace.js";

const TWOPHASE = path.join(ROOT, "specs/twophase/TwoPhase.tla");
const KVSTORE = path.join(ROOT, "specs/kvstore/KVStore.tla");
const dir = mkdtempSync(path.join(tmpdir(), "tlabridge-first-hour-"));

function file(name: string, text: string): string {
  const f = path.join(dir, name);
  writeFileSync(f, text);
  return f;
}

describe("the config: names and keywords", () => {
  it("an undefined SPECIFICATION is said at its place in the cfg, with the spec's close names or its temporal formulas", async () => {
    const cfg = file("TP1.cfg", "CONSTANTS RM = {r1, r2}\nSPECIFICATION TPSpecc\nINVARIANT Consistent\n");
    const r = await cli("explore", TWOPHASE, "--config", cfg, "--engine", "explorer");
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `${cfg}:2:15: SPECIFICATION TPSpecc is not defined in TwoPhase.tla or the modules it extends (it defines no formula Init /\\ [][Next]_vars: give INIT and NEXT instead): fix the name in the config, or define it in the spec. [CONFIG_UNDEFINED]\n`,
    );
    const kv = file("KV1.cfg", "CONSTANTS Txns = {t1}\n  Keys = {k1}\n  NoValue = NoValue\nSPECIFICATION Specc\n");
    expect((await cli("explore", KVSTORE, "--config", kv, "--engine", "explorer")).stderr).toMatch(new RegExp(`^${kv.replace(/[.]/g, "\\.")}:4:15: SPECIFICATION Specc is not defined in KVStore\\.tla or the modules it extends \\(did you mean Spec\\?\\)`));
    const kv2 = file("KV2.cfg", "CONSTANTS Txns = {t1}\n  Keys = {k1}\n  NoValue = NoValue\nSPECIFICATION Liveness\n");
    expect((await cli("explore", KVSTORE, "--config", kv2, "--engine", "explorer")).stderr).toMatch(/:4:15: SPECIFICATION Liveness is not defined in KVStore\.tla or the modules it extends \(its temporal formulas: Spec\)/);
  });

  it("a bad invariant is the cfg's line, not the spec's, with the close name; validate and generate say the same", async () => {
    const cfg = file("TP3.cfg", "CONSTANTS RM = {r1, r2}\nINIT Init\nNEXT Next\n\\* the invariant:\nINVARIANT (* a comment *) Consistentt\n");
    const expected = `${cfg}:5:27: INVARIANT Consistentt is not defined in TwoPhase.tla or the modules it extends (did you mean Consistent?): fix the name in the config, or define it in the spec. [CONFIG_UNDEFINED]\n`;
    const explore = await cli("explore", TWOPHASE, "--config", cfg, "--engine", "explorer");
    expect([explore.code, explore.stderr]).toEqual([2, expected]);
    const log = file("tm.ndjson", `{"host":"tm","clock":{"tm":1},"event":"TMAbort"}\n`);
    const validate = await cli("validate", log, "--model", TWOPHASE, "--config", cfg);
    expect([validate.code, validate.stderr]).toEqual([2, expected]);
  });

  it("a misspelled keyword is reported at file:line:col with the keyword it resembles (it was read as more invariants)", async () => {
    const cfg = file("TP2.cfg", "CONSTANTS RM = {r1, r2}\nINIT Init\nNEXT Next\nINVARIANTS Consistent\n  CHECK_DEADLOCKS FALSE\n");
    const r = await cli("explore", TWOPHASE, "--config", cfg, "--engine", "explorer");
    expect([r.code, r.stderr]).toEqual([2, `${cfg}:5:3: CHECK_DEADLOCKS is not a keyword of TLC's config; did you mean CHECK_DEADLOCK? [CONFIG_UNKNOWN_KEYWORD]\n`]);
    // After a constant's value (it was read as part of the value), and before any keyword.
    expect(() => parseConfig("CONSTANTS RM = {r1, r2}\nINVARIANTT Consistent\n", "a.cfg")).toThrow("a.cfg:2:1: INVARIANTT is not a keyword of TLC's config; did you mean INVARIANT?");
    expect(() => parseConfig("Init\nNEXT Next\n", "b.cfg")).toThrow(/^b\.cfg:1:1: expected a keyword \(CONSTANT, INIT, NEXT, SPECIFICATION, .*\), found Init \(did you mean INIT\?\)\.$/);
    // Names in capitals that are not close to a keyword are names.
    expect(parseConfig("INIT Init\nNEXT Next\nINVARIANT TYPE_OK NOT_STUCK\n", "c.cfg").invariants).toEqual(["TYPE_OK", "NOT_STUCK"]);
  });

  it("ALIAS is named ALIAS in the warning, not ALIA; ALIA is a misspelling", async () => {
    const spec = file("Al.tla", "---- MODULE Al ----\nVARIABLE x\nInit == x = 0\nNext == x < 1 /\\ x' = x + 1\nAlias == [y |-> x]\n====\n");
    const ok = await cli("explore", spec, "--config", file("Al.cfg", "INIT Init\nNEXT Next\nALIAS Alias\nCHECK_DEADLOCK FALSE\n"), "--engine", "explorer");
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toBe("warning: ALIAS Alias: not applied by the explorer\n");
    const bad = await cli("explore", spec, "--config", file("Al2.cfg", "INIT Init\nNEXT Next\nALIA Alias\n"), "--engine", "explorer");
    expect(bad.stderr).toMatch(/Al2\.cfg:3:1: ALIA is not a keyword of TLC's config; did you mean ALIAS\? \[CONFIG_UNKNOWN_KEYWORD\]/);
  });
});

describe("the spec: errors TLC would not fix", () => {
  const spec = (name: string, body: string): string => {
    file(`${name}.cfg`, "INIT Init\nNEXT Next\n");
    return file(`${name}.tla`, `---- MODULE ${name} ----\nEXTENDS Naturals\nVARIABLE x\nInit == x = 0\n${body}\n====\n`);
  };

  it("an unbounded \\E does not suggest --engine tlc (TLC cannot explore it either), nor does auto fall back to TLC", async () => {
    const f = spec("Unb", "Next == x' = x + 1 /\\ \\E y : y = 1");
    for (const engine of ["explorer", "auto"]) {
      const r = await cli("explore", f, "--engine", engine, "--tlc-jar", path.join(dir, "none.jar"));
      expect(r.code).toBe(2);
      expect(r.stderr).toBe("Unb.tla:5:9: unbounded \\E cannot be explored, by TLC either: bound it (\\E x \\in S : P) [EXPLORER_UNSUPPORTED]\n");
    }
  });

  it("an undefined operator is the spec's mistake, with close names, not an explorer limit to take to TLC", async () => {
    const r = await cli("explore", spec("Undef", "Inc(a) == a + 1\nNext == x < 3 /\\ x' = Incc(x)"), "--engine", "explorer");
    expect([r.code, r.stderr]).toEqual([2, "Undef.tla:6:23: Incc is not defined in the spec or the modules it extends (did you mean Inc?): define it, or EXTENDS the module that defines it [EXPLORER_UNDEFINED]\n"]);
    const bound = await cli("explore", spec("Undef2", "Next == \\E step \\in 1..2 : x' = x + stpe"), "--engine", "explorer");
    expect(bound.stderr).toMatch(/^Undef2\.tla:5:37: stpe is not defined in the spec or the modules it extends \(did you mean step\?\)/);
    expect(bound.stderr).not.toMatch(/engine tlc/);
  });

  it("a definition that breaks the whole module is named at its line, not as a missing module header at 1:1", async () => {
    const r = await cli("explore", spec("Broken", "Next == IF x = 0 THEN x' = 1\nOther == 2"), "--engine", "explorer");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Broken\.tla:5:1: the spec does not parse: the definition of Next is not complete \(.*\) \[EXPLORER_SYNTAX\]\n$/);
    expect(r.stderr).not.toMatch(/engine tlc|MODULE Name/);
  });
});

describe("validate: event names", () => {
  const logs = mkdtempSync(path.join(dir, "logs-"));
  const put = (name: string, lines: readonly object[]): string => {
    const f = path.join(logs, name);
    writeFileSync(f, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
    return f;
  };

  it("a misspelled event is not an action of the spec, said with its line and the close name, not 'not enabled'", async () => {
    const tm = put("tm.ndjson", [
      { host: "tm", clock: { tm: 1 }, event: "TMAbrot" },
      { host: "tm", clock: { tm: 2 }, event: "TMAbort" },
    ]);
    const r = await cli("validate", tm, "--model", TWOPHASE);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `${tm}:1: event TMAbrot is not an action of the spec (did you mean TMAbort?); its actions are TMCommit, TMAbort, TMRcvPrepared, RMPrepare, RMChooseToAbort, RMRcvCommitMsg, RMRcvAbortMsg: fix the name in the log (or the mapping's action); a step the spec does not model is a stutter in --mapping ("stutter": true). [LOG_UNKNOWN_ACTION]\n`,
    );
    const fine = put("tm-abort.ndjson", [{ host: "tm", clock: { tm: 1 }, event: "TMAbort" }]);
    const silent = await cli("validate", fine, "--model", TWOPHASE, "--silent", "TMRcvPreparde");
    expect(silent.stderr).toMatch(/^--silent TMRcvPreparde is not an action of the spec \(did you mean TMRcvPrepared\?\)/);
  });

  it("against a dump (whose transitions may lack an action): the diagnosis says the event is no action of its transitions", async () => {
    const dump = path.join(logs, "twophase.dot");
    expect((await cli("explore", TWOPHASE, "--engine", "explorer", "--dump", dump)).code).toBe(0);
    const tm = put("tm-dump.ndjson", [{ host: "tm", clock: { tm: 1 }, event: "TMAbrot" }]);
    const r = await cli("validate", tm, "--model", dump);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("    - TMAbrot is no action of the model's transitions (did you mean TMAbort?) (enabled here: TMAbort, RMPrepare, RMChooseToAbort)\n");
  });

  it("an action the logs never show but the model needs here: --silent is suggested, and then the logs are valid", async () => {
    // The transaction manager does not log receiving each Prepared: its commit comes straight after the prepares.
    const files = [
      put("r1.ndjson", [{ host: "r1", clock: { r1: 1 }, event: "RMPrepare", args: { r: "r1" } }]),
      put("r2.ndjson", [{ host: "r2", clock: { r2: 1 }, event: "RMPrepare", args: { r: "r2" } }]),
      put("r3.ndjson", [{ host: "r3", clock: { r3: 1 }, event: "RMPrepare", args: { r: "r3" } }]),
      put("tm.ndjson", [{ host: "tm", clock: { tm: 1, r1: 1, r2: 1, r3: 1 }, event: "TMCommit" }]),
    ];
    const r = await cli("validate", ...files, "--model", TWOPHASE);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^invalid: 4 events from 4 hosts, /);
    expect(r.stdout).toContain(
      "    - TMCommit is not enabled in the model state here (enabled: TMAbort, TMRcvPrepared); it fits after TMRcvPrepared x3, which the logs never show: if the implementation does it without logging, pass --silent TMRcvPrepared\n",
    );
    const fixed = await cli("validate", ...files, "--model", TWOPHASE, "--silent", "TMRcvPrepared");
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    expect(fixed.stdout).toMatch(/^valid: 4 events from 4 hosts/);
  });
});

describe("plurals", () => {
  it("1 test in 1 file, 1 step; 1 event from 1 host, 1 consistent cut", async () => {
    const ws = workspace("first-hour-plurals");
    const spec = path.join(ws, "One.tla");
    writeFileSync(spec, "---- MODULE One ----\nVARIABLE x\nInit == x = 0\nStep == x = 0 /\\ x' = 1\nNext == Step\n====\n");
    writeFileSync(path.join(ws, "One.cfg"), "INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n");
    const adapter = path.join(ws, "adapter.ts");
    writeFileSync(adapter, `export default { setup: () => ({ x: 0 }), actions: { Step: (s: { x: number }) => { s.x = 1; } }, observe: (s: { x: number }) => ({ x: s.x }) };\n`);
    const g = await cli("generate", spec, "--adapter", adapter, "--out", path.join(ws, "suite"), "--criterion", "transitions");
    expect(g.code, g.stderr).toBe(0);
    expect(g.stdout).toMatch(/suite: 1 test in 1 file \(transitions cover of .*One\.tla, 1 step, lower bound 1\)\n/);
    const log = path.join(ws, "a.ndjson");
    writeFileSync(log, `{"host":"a","clock":{"a":1},"event":"Step"}\n`);
    const v = await cli("validate", log, "--model", spec);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/^valid: 1 event from 1 host, \d+ consistent cuts? explored in [\d.]+ s \(\d+ model states?\)\n/);
    expect(v.stdout).not.toMatch(/\b1 (events|hosts|tests|files|steps)\b/);
  });
});
