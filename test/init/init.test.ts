// `tlabridge init`: a skeleton per spec, filled in here programmatically with calls into an implementation (the
// kvstore example's store, an in-memory two-phase commit, the kvstore example's Python store), then generated and
// run with `tlabridge test`: every test passes once the TODOs are gone, and fails while they are there.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/main.js";
import type { CliIO } from "../../src/cli/io.js";
import { ROOT } from "../helpers/fixtures.js";
import { put, workspace } from "../helpers/workspace.js";

const BIN = path.join(ROOT, "bin/tlabridge.js");
const KVSTORE = path.join(ROOT, "specs/kvstore/KVStore.tla");
const TWOPHASE = path.join(ROOT, "specs/twophase/TwoPhase.tla");

/** The CLI in process, its output captured. */
async function tlabridge(cwd: string, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), interactive: false };
  const saved = process.cwd();
  process.chdir(cwd);
  try {
    return { code: await runCli(argv, io), stdout, stderr };
  } finally {
    process.chdir(saved);
  }
}

/** `tlabridge test <suite> --json` in a child process (vitest's output is inherited there). */
function runSuite(cwd: string, suite: string, ...extra: string[]): { status: number | null; passed: number; failed: number; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, "test", suite, "--json", ...extra], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", KVSTORE_BUGS: "", KVSTORE_MUTANT: "" } });
  const summary = r.stdout.trim() ? (JSON.parse(r.stdout) as { passed: number; failed: number }) : { passed: 0, failed: 0 };
  return { status: r.status, ...summary, stderr: r.stderr };
}

/** Replaces one exact piece of the skeleton (it must be there: the skeleton's shape is what is tested). */
function fill(text: string, from: string, to: string): string {
  expect(text, `the skeleton has ${from}`).toContain(from);
  return text.replace(from, () => to);
}

/** The printed `generate` command's arguments (after `npx tlabridge`), with a few more. */
function generateArgs(stdout: string, ...more: string[]): string[] {
  const line = stdout.split("\n").find((l) => l.trim().startsWith("npx tlabridge generate "));
  expect(line, stdout).toBeDefined();
  return [...line!.trim().slice("npx tlabridge ".length).split(" "), ...more];
}

describe("tlabridge init", () => {
  it("kvstore: a handler per action with the parameter names; filled in with the example store, the suite passes", async () => {
    const dir = workspace("init-kv");
    const init = await tlabridge(dir, "init", KVSTORE, "--config", KVSTORE.replace(/\.tla$/, ".cfg"));
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/^wrote adapter\.ts: 5 action handlers \(Begin\(t\), Abort\(t\), Write\(t, k\), Read\(t, k, v\), Commit\(t, r\)\),\n  5 variables for observe \(status, db, snap, writes, conflicts\), 3 constants for setup \(Txns, Keys, NoValue\)/);
    expect(init.stdout).toMatch(/\n  npx tlabridge test conformance\n/);
    let text = readFileSync(path.join(dir, "adapter.ts"), "utf8");
    expect(text).toMatch(/Read: \(system, \{ t, k, v \}\) => \{/);
    expect(text).toMatch(/\/\/ db: \.\.\.,/);

    // While the TODOs are there, generate accepts the skeleton (every action has a handler) and the tests fail.
    const gen = await tlabridge(dir, ...generateArgs(init.stdout, "--criterion", "transitions"));
    expect(gen.code, gen.stderr).toBe(0);
    const unfilled = runSuite(dir, "conformance", "--bail");
    expect(unfilled.status).toBe(1);
    expect(unfilled.failed).toBeGreaterThan(0);

    const store = path.join(ROOT, "examples/kvstore-memory/store.ts");
    text = fill(text, `import { defineAdapter } from "tlabridge/runtime";`, `import { defineAdapter } from "tlabridge/runtime";\nimport { MvccStore } from ${JSON.stringify(store)};`);
    text = fill(text, "type System = unknown;", "type System = MvccStore;");
    text = fill(text, `throw new Error("TODO: setup: create the system under test");`, "return new MvccStore(Keys as string[]);");
    text = fill(text, `throw new Error("TODO: Begin");`, "system.begin(t as string);");
    text = fill(text, `throw new Error("TODO: Abort");`, "system.abort(t as string);");
    text = fill(text, `throw new Error("TODO: Write");`, "system.put(t as string, k as string, t as string);");
    text = fill(text, `throw new Error("TODO: Read");`, `return { v: system.get(t as string, k as string) ?? "NoValue" };`);
    text = fill(text, `throw new Error("TODO: Commit");`, "return { r: system.commit(t as string) };");
    text = fill(text, "      // db: ...,", `      db: Object.fromEntries(Object.entries(system.committed()).map(([k, v]) => [k, v ?? "NoValue"])),`);
    writeFileSync(path.join(dir, "adapter.ts"), text);
    const regen = await tlabridge(dir, ...generateArgs(init.stdout, "--criterion", "transitions"));
    expect(regen.code, regen.stderr).toBe(0);
    const tests = Number(/conformance: (\d+) tests? in/.exec(regen.stdout)?.[1]);
    expect(tests).toBeGreaterThan(10);
    const run = runSuite(dir, "conformance");
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect({ passed: run.passed, failed: run.failed }).toEqual({ passed: tests, failed: 0 });
  }, 120_000);

  it("two-phase commit: filled in with an in-memory two-phase commit, the suite passes", async () => {
    const dir = workspace("init-2pc");
    const init = await tlabridge(dir, "init", TWOPHASE, "--out", "test/twophase-adapter.ts");
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/7 action handlers \(TMCommit, TMAbort, TMRcvPrepared\(r\), RMPrepare\(r\), RMChooseToAbort\(r\), RMRcvCommitMsg\(r\), RMRcvAbortMsg\(r\)\)/);
    expect(init.stdout).toMatch(/4 variables for observe \(rmState, tmState, tmPrepared, msgs\), 1 constant for setup \(RM\)/);
    let text = readFileSync(path.join(dir, "test/twophase-adapter.ts"), "utf8");
    text = fill(text, "type System = unknown;", "type System = { rm: Record<string, string>; tm: string; prepared: Set<string> };");
    text = fill(text, `throw new Error("TODO: setup: create the system under test");`, `return { rm: Object.fromEntries((RM as string[]).map((r) => [r, "working"])), tm: "init", prepared: new Set<string>() };`);
    text = fill(text, `throw new Error("TODO: TMCommit");`, `system.tm = "committed";`);
    text = fill(text, `throw new Error("TODO: TMAbort");`, `system.tm = "aborted";`);
    text = fill(text, `throw new Error("TODO: TMRcvPrepared");`, "system.prepared.add(r as string);");
    text = fill(text, `throw new Error("TODO: RMPrepare");`, `system.rm[r as string] = "prepared";`);
    text = fill(text, `throw new Error("TODO: RMChooseToAbort");`, `system.rm[r as string] = "aborted";`);
    text = fill(text, `throw new Error("TODO: RMRcvCommitMsg");`, `system.rm[r as string] = "committed";`);
    text = fill(text, `throw new Error("TODO: RMRcvAbortMsg");`, `system.rm[r as string] = "aborted";`);
    text = fill(text, "      // rmState: ...,", "      rmState: system.rm,");
    text = fill(text, "      // tmState: ...,", "      tmState: system.tm,");
    text = fill(text, "      // tmPrepared: ...,", "      tmPrepared: system.prepared,");
    writeFileSync(path.join(dir, "test/twophase-adapter.ts"), text);
    const gen = await tlabridge(dir, ...generateArgs(init.stdout, "--criterion", "transitions"));
    expect(gen.code, gen.stderr).toBe(0);
    expect(init.stdout).toMatch(/npx tlabridge test test\/conformance\n/);
    const tests = Number(/conformance: (\d+) tests? in/.exec(gen.stdout)?.[1]);
    const run = runSuite(dir, "test/conformance");
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect({ passed: run.passed, failed: run.failed }).toEqual({ passed: tests, failed: 0 });
  }, 120_000);

  it("--lang python: a program beside the adapter, found from the adapter's folder; filled in with the Python store, the suite passes", async () => {
    const dir = workspace("init-py");
    const init = await tlabridge(dir, "init", KVSTORE, "--lang", "python", "--out", "adapters/kv.ts");
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toMatch(/^wrote adapters\/kv\.ts and adapters\/kvstore_adapter\.py: 5 action handlers/);
    expect(readFileSync(path.join(dir, "adapters/kv.ts"), "utf8")).toContain(`subprocessAdapter({ command: ["python3","kvstore_adapter.py"], from: import.meta.url })`);
    const program = path.join(dir, "adapters/kvstore_adapter.py");
    let text = readFileSync(program, "utf8");
    const example = path.join(ROOT, "examples/kvstore-python");
    text = fill(text, "import json\n", `import json\nsys_path = ${JSON.stringify(example)}\nimport sys\nsys.path.insert(0, sys_path)\nfrom kvstore_adapter import Store, elements\n`);
    text = fill(text, `    raise NotImplementedError("TODO: setup: create the system under test")`, `    return Store(elements(constants["Keys"]))`);
    text = fill(text, `    raise NotImplementedError("TODO: Begin")`, "    system.begin(t)");
    text = fill(text, `    raise NotImplementedError("TODO: Abort")`, "    system.abort(t)");
    text = fill(text, `    raise NotImplementedError("TODO: Write")`, "    system.put(t, k, t)");
    text = fill(text, `    raise NotImplementedError("TODO: Read")`, `    value = system.get(t, k)\n    return {"v": "NoValue" if value is None else value}`);
    text = fill(text, `    raise NotImplementedError("TODO: Commit")`, `    return {"r": system.commit(t)}`);
    text = fill(text, `        # "db": ...,`, `        "db": {"#map": [[k, v] for k, v in sorted(system.committed().items())]},`);
    writeFileSync(program, text);
    // Run from elsewhere than the adapter's folder: the program is still found beside the adapter.
    const gen = await tlabridge(dir, ...generateArgs(init.stdout, "--criterion", "transitions"));
    expect(gen.code, gen.stderr).toBe(0);
    const tests = Number(/conformance: (\d+) tests? in/.exec(gen.stdout)?.[1]);
    const run = runSuite(dir, "adapters/conformance");
    expect(run.status, run.stderr.slice(-2000)).toBe(0);
    expect({ passed: run.passed, failed: run.failed }).toEqual({ passed: tests, failed: 0 });
  }, 120_000);

  it("an MC.tla-style wrapper (EXTENDS, or INSTANCE) gives the real spec's parameter names, to init and to generate --spec", async () => {
    const dir = workspace("init-mc");
    copyFileSync(KVSTORE, path.join(dir, "KVStore.tla"));
    put(dir, "MC.tla", "---- MODULE MC ----\nEXTENDS KVStore, TLC\nCONSTANTS t1, t2, k1, k2\nconst_txns == {t1, t2}\nconst_keys == {k1, k2}\n====\n");
    put(dir, "MC.cfg", "CONSTANTS\n  t1 = t1\n  t2 = t2\n  k1 = k1\n  k2 = k2\n  NoValue = NoValue\nCONSTANT Txns <- const_txns\nCONSTANT Keys <- const_keys\nSPECIFICATION Spec\nCHECK_DEADLOCK FALSE\n");
    put(dir, "MCI.tla", "---- MODULE MCI ----\nCONSTANTS Txns, Keys, NoValue\nVARIABLES status, db, snap, writes, conflicts\nINSTANCE KVStore\n====\n");
    put(dir, "MCI.cfg", "CONSTANTS Txns = {t1, t2}\n  Keys = {k1}\n  NoValue = NoValue\nSPECIFICATION Spec\n");
    for (const [spec, out] of [["MC.tla", "mc.ts"], ["MCI.tla", "mci.ts"]] as const) {
      const r = await tlabridge(dir, "init", spec, "--out", out, "--json");
      expect(r.code, r.stderr).toBe(0);
      const json = JSON.parse(r.stdout) as { actions: { name: string; params: string[] }[] };
      expect(json.actions).toEqual([
        { name: "Begin", params: ["t"] },
        { name: "Abort", params: ["t"] },
        { name: "Write", params: ["t", "k"] },
        { name: "Read", params: ["t", "k", "v"] },
        { name: "Commit", params: ["t", "r"] },
      ]);
      expect(readFileSync(path.join(dir, out), "utf8")).toContain("Read: (system, { t, k, v }) => {");
    }
    // The substituted constants have their values for setup: what generate passes (the example adapter reads Keys).
    const mc = await tlabridge(dir, "init", "MC.tla", "--out", "mc2.ts");
    expect(mc.stdout).toMatch(/7 constants for setup \(t1, t2, k1, k2, Txns, Keys, NoValue\)/);
    expect(readFileSync(path.join(dir, "mc2.ts"), "utf8")).toContain("//   Txns = {t1, t2}\n  //   Keys = {k1, k2}\n");
    const direct = await tlabridge(dir, "generate", "MC.tla", "--config", "MC.cfg", "--adapter", path.join(ROOT, "examples/kvstore-memory/adapter.ts"), "--out", "mc-suite", "--criterion", "transitions");
    expect(direct.code, direct.stderr).toBe(0);
    const mcTests = Number(/mc-suite: (\d+) tests? in/.exec(direct.stdout)?.[1]);
    const mcRun = runSuite(dir, "mc-suite");
    expect(mcRun.status, mcRun.stderr.slice(-2000)).toBe(0);
    expect({ passed: mcRun.passed, failed: mcRun.failed }).toEqual({ passed: mcTests, failed: 0 });
    // generate on TLC's dump with --spec MC.tla: the arguments are t, k, v, not arg1, arg2, ...
    copyFileSync(path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"), path.join(dir, "model.dot"));
    const gen = await tlabridge(dir, "generate", "model.dot", "--spec", "MC.tla", "--config", path.join(ROOT, "specs/kvstore/KVStore.cfg"), "--adapter", path.join(ROOT, "examples/kvstore-memory/adapter.ts"), "--out", "suite", "--criterion", "transitions");
    expect(gen.code, gen.stderr).toBe(0);
    expect(gen.stderr).not.toMatch(/arg1/);
    const suite = readFileSync(path.join(dir, "suite/suite-01.json"), "utf8");
    expect(suite).toMatch(/"Read"/);
    expect(suite).not.toMatch(/"arg1"/);
    expect(suite).toMatch(/"v"/);
  }, 120_000);

  it("never overwrites a file: the adapter, or the Python program beside it", async () => {
    const dir = workspace("init-exists");
    put(dir, "adapter.ts", "// mine\n");
    const r = await tlabridge(dir, "init", KVSTORE);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe("adapter.ts already exists: init never overwrites a file; move it away or pass another --out. [INIT_FILE_EXISTS]\n");
    expect(readFileSync(path.join(dir, "adapter.ts"), "utf8")).toBe("// mine\n");
    put(dir, "kvstore_adapter.py", "# mine\n");
    const py = await tlabridge(dir, "init", KVSTORE, "--lang", "python", "--out", "py.ts");
    expect(py.code).toBe(2);
    expect(py.stderr).toMatch(/^kvstore_adapter\.py already exists: .*\[INIT_FILE_EXISTS\]\n$/);
    // All or nothing: the TypeScript half was not written either.
    expect(existsSync(path.join(dir, "py.ts"))).toBe(false);
  });
});
