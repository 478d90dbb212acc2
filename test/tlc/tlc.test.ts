import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { findTlc, parseFinalCounts, parseProgress, runTlc, ToolMessageReader, type ToolMessage } from "../../src/tlc/index.js";
import { HAVE_FIXTURES, ROOT, TLC_FIXTURES, cli, dotFile, manifest } from "../helpers/fixtures.js";
import { fakeTlc } from "../helpers/fake-tlc.js";

const tmp = mkdtempSync(path.join(tmpdir(), "tlabridge-tlc-test-"));
const SPEC = path.join(ROOT, "specs/kvstore/KVStore.tla");
const fake = fakeTlc();
const saved = { ...process.env };

function replay(toolOutput: string, options: { dot?: string; exit?: number; delayMs?: number; hang?: boolean } = {}): string {
  const argsFile = path.join(tmp, `args-${Math.random().toString(36).slice(2)}.json`);
  process.env.JAVA_HOME = fake.javaHome;
  process.env.TLA2TOOLS_JAR = fake.jar;
  process.env.FAKE_TLC_STDOUT = toolOutput;
  process.env.FAKE_TLC_EXIT = String(options.exit ?? 0);
  process.env.FAKE_TLC_ARGS = argsFile;
  process.env.FAKE_TLC_DELAY_MS = String(options.delayMs ?? 0);
  if (options.dot) process.env.FAKE_TLC_DOT = options.dot;
  else delete process.env.FAKE_TLC_DOT;
  if (options.hang) process.env.FAKE_TLC_HANG = "1";
  else delete process.env.FAKE_TLC_HANG;
  return argsFile;
}

afterEach(() => {
  for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
  Object.assign(process.env, saved);
});

describe("finding TLC and Java", () => {
  const home = path.join(tmp, "home");
  const ext = path.join(home, ".vscode", "extensions", "tlaplus.vscode-ide-2026.1.0", "tools");
  beforeAll(() => {
    mkdirSync(ext, { recursive: true });
    writeFileSync(path.join(ext, "tla2tools.jar"), "jar");
  });
  const env = (extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => ({ PATH: "", JAVA_HOME: fake.javaHome, ...extra });

  it("takes --tlc-jar first, then TLA2TOOLS_JAR, then the VS Code extension's jar, then ./tla2tools.jar", () => {
    expect(findTlc({ tlcJar: fake.jar, env: env({ TLA2TOOLS_JAR: "/nope" }), home }).jar).toBe(fake.jar);
    expect(findTlc({ env: env({ TLA2TOOLS_JAR: fake.jar }), home }).jar).toBe(fake.jar);
    expect(findTlc({ env: env({}), home }).jar).toBe(path.join(ext, "tla2tools.jar"));
    expect(findTlc({ env: env({}), home: path.join(tmp, "empty"), cwd: fake.javaHome }).jar).toBe(fake.jar);
  });

  it("finds Java through JAVA_HOME, then PATH", () => {
    expect(findTlc({ tlcJar: fake.jar, env: env({}) }).java).toBe(path.join(fake.javaHome, "bin", "java"));
    expect(findTlc({ tlcJar: fake.jar, env: { PATH: path.join(fake.javaHome, "bin") } }).java).toBe(path.join(fake.javaHome, "bin", "java"));
  });

  it("says what it searched and how to point at a jar (exit 3)", () => {
    try {
      findTlc({ env: env({ TLA2TOOLS_JAR: "/no/such.jar" }), home: path.join(tmp, "empty"), cwd: tmp });
      expect.unreachable();
    } catch (e) {
      const err = e as { code: string; exitCode: number; message: string };
      expect(err.code).toBe("TLC_NOT_FOUND");
      expect(err.exitCode).toBe(3);
      expect(err.message).toMatch(/searched TLA2TOOLS_JAR: \/no\/such\.jar; the TLA\+ VS Code extension under .*; the current folder: .*tla2tools\.jar\. Pass --tlc-jar <path> or set TLA2TOOLS_JAR/);
    }
    expect(() => findTlc({ tlcJar: fake.jar, env: { PATH: tmp } })).toThrow(/Java was not found; searched PATH\. Install a JDK/);
  });

  it("the CLI exits 3 when TLC is missing", async () => {
    process.env.TLA2TOOLS_JAR = "/no/such.jar";
    const run = await cli("explore", SPEC, "--engine", "tlc", "--tlc-jar", "/no/such.jar");
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/\[TLC_NOT_FOUND\]/);
  });
});

describe.skipIf(!HAVE_FIXTURES)("TLC's -tool messages", () => {
  it("splits messages and reads progress and final counts", () => {
    const messages: ToolMessage[] = [];
    const plain: string[] = [];
    const reader = new ToolMessageReader((m) => messages.push(m), (l) => plain.push(l));
    for (const line of readFileSync(path.join(TLC_FIXTURES, "kvstore-3x2.tool.txt"), "utf8").split("\n")) reader.line(line);
    const progress = parseProgress(messages.find((m) => m.code === 2200)!.text)!;
    expect(progress).toEqual({ statesGenerated: 28039, distinctStates: 9130, queue: 0, distinctPerSecond: 471023 / 60 });
    expect(parseFinalCounts(messages.find((m) => m.code === 2199)!.text)).toEqual({ statesGenerated: 28039, distinctStates: 9130, queue: 0 });
    expect(plain.some((l) => l.startsWith("Parsing file"))).toBe(true);
  });
});

describe.skipIf(!HAVE_FIXTURES)("running TLC (a stand-in java replaying recorded runs)", () => {
  it("maps success to the state graph, with TLC's counts, and passes the documented options", async () => {
    const argsFile = replay(path.join(TLC_FIXTURES, "kvstore-2x2.tool.txt"), { dot: dotFile("kvstore-2x2") });
    const outcome = await runTlc({ spec: SPEC, installation: findTlc() });
    expect(outcome.kind).toBe("success");
    if (outcome.kind !== "success") return;
    expect(outcome).toMatchObject({ distinctStates: 266, statesGenerated: 667, depth: 9 });
    expect(outcome.graph?.transitionCount).toBe(666);
    const { args, cwd } = JSON.parse(readFileSync(argsFile, "utf8")) as { args: string[]; cwd: string };
    expect(cwd).toBe(path.dirname(SPEC));
    expect(args.slice(0, 7)).toEqual(["-XX:+UseParallelGC", "-cp", fake.jar, "tlc2.TLC", "-tool", "-dump", "dot,actionlabels"]);
    expect(args).toEqual(expect.arrayContaining(["-fp", "0", "-workers", "auto", "-noGenerateSpecTE", "-metadir", "-config", "KVStore.tla"]));
    expect(args[args.indexOf("-config") + 1]).toBe(SPEC.replace(/\.tla$/, ".cfg"));
    // TLC's state files and the dump lived in a temporary folder that is gone.
    expect(existsSync(args[args.indexOf("-metadir") + 1]!)).toBe(false);
    expect(existsSync(path.dirname(args[args.indexOf("-dump") + 2]!))).toBe(false);
  });

  it("gives TLC the library folders (--lib, TLA_PATH) as -DTLA-Library and jars on its classpath", async () => {
    const argsFile = replay(path.join(TLC_FIXTURES, "kvstore-2x2.tool.txt"), { dot: dotFile("kvstore-2x2") });
    const lib = path.join(tmp, "lib");
    const fromEnv = path.join(tmp, "env-lib");
    process.env.TLA_PATH = fromEnv;
    await runTlc({ spec: SPEC, installation: findTlc(), libraryPaths: [lib, path.join(tmp, "Extra.jar")] });
    const { args } = JSON.parse(readFileSync(argsFile, "utf8")) as { args: string[] };
    expect(args[1]).toBe(`-DTLA-Library=${lib}${path.delimiter}${fromEnv}`);
    expect(args[3]).toBe([fake.jar, path.join(tmp, "Extra.jar")].join(path.delimiter));
  });

  it("explore --json prints exactly engine, distinctStates, statesGenerated, transitions and depth; --dump keeps the graph", async () => {
    replay(path.join(TLC_FIXTURES, "kvstore-2x2.tool.txt"), { dot: dotFile("kvstore-2x2") });
    const kept = path.join(tmp, "kept.dot");
    const run = await cli("explore", SPEC, "--engine", "tlc", "--json", "--dump", kept);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ engine: "tlc", distinctStates: 266, statesGenerated: 667, transitions: 666, depth: 9 });
    expect(readFileSync(kept)).toEqual(readFileSync(dotFile("kvstore-2x2")));
  });

  it("counts only: TLC runs without -dump, and the outcome has TLC's counts and no graph", async () => {
    const argsFile = replay(path.join(TLC_FIXTURES, "kvstore-2x2.tool.txt"), { dot: dotFile("kvstore-2x2") });
    const outcome = await runTlc({ spec: SPEC, installation: findTlc(), countsOnly: true });
    expect(outcome).toMatchObject({ kind: "success", graph: undefined, distinctStates: 266, statesGenerated: 667, depth: 9 });
    const { args } = JSON.parse(readFileSync(argsFile, "utf8")) as { args: string[] };
    expect(args).not.toContain("-dump");
    expect(args.slice(0, 5)).toEqual(["-XX:+UseParallelGC", "-cp", fake.jar, "tlc2.TLC", "-tool"]);
  });

  it("explore --engine tlc without --dump runs TLC without -dump: counts of states, transitions not counted", async () => {
    const argsFile = replay(path.join(TLC_FIXTURES, "kvstore-2x2.tool.txt"), { dot: dotFile("kvstore-2x2") });
    const json = await cli("explore", SPEC, "--engine", "tlc", "--json");
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ engine: "tlc", distinctStates: 266, statesGenerated: 667, depth: 9 });
    expect((JSON.parse(readFileSync(argsFile, "utf8")) as { args: string[] }).args).not.toContain("-dump");
    replay(path.join(TLC_FIXTURES, "kvstore-2x2.tool.txt"), { dot: dotFile("kvstore-2x2") });
    const text = await cli("explore", SPEC, "--engine", "tlc");
    expect(text.stdout).toMatch(/^  transitions +not counted \(TLC ran without -dump; --dump <file\.dot> counts them\)$/m);
    // Commands that need the graph still get it: cover asks TLC to dump.
    const argsCover = replay(path.join(TLC_FIXTURES, "kvstore-2x2.tool.txt"), { dot: dotFile("kvstore-2x2") });
    expect(JSON.parse((await cli("cover", SPEC, "--engine", "tlc", "--json")).stdout)).toMatchObject({ covered: 666 });
    expect((JSON.parse(readFileSync(argsCover, "utf8")) as { args: string[] }).args).toContain("-dump");
  });

  it("prints a progress line per TLC progress message", async () => {
    replay(path.join(TLC_FIXTURES, "kvstore-3x2.tool.txt"), { dot: dotFile("kvstore-3x2") });
    const run = await cli("explore", SPEC, "--engine", "tlc");
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^TLC: 9,130 distinct states \(7,850\/s\), 0 on the queue$/m);
    expect(run.stdout).toMatch(/distinct states +9,130/);
  });

  it("maps an invariant violation to a readable error trace and exit 1", async () => {
    replay(path.join(TLC_FIXTURES, "rich-violation.tool.txt"), { exit: 12 });
    const outcome = await runTlc({ spec: SPEC, installation: findTlc() });
    expect(outcome.kind).toBe("violation");
    if (outcome.kind !== "violation") return;
    expect(outcome.problem).toBe("invariant");
    expect(outcome.message).toBe("Invariant NotThree is violated.");
    expect(outcome.trace.map((s) => s.action)).toEqual(["Initial predicate", "Acquire(p1)", "Release(p1)", "Acquire(p1)"]);
    expect(outcome.trace[1]!.location).toBe("line 17, col 15 to line 24, col 30 of module Rich");
    const run = await cli("explore", SPEC, "--engine", "tlc");
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^TLC: Invariant NotThree is violated\.\nError trace \(4 states\):\n  1: Initial predicate\n     \/\\ fn = \(p1 :> 0 @@ p2 :> 0\)/);
    expect(run.stdout).toMatch(/  2: Acquire\(p1\)   \(line 17, col 15 to line 24, col 30 of module Rich\)/);
    expect(run.stderr).toMatch(/\[TLC_INVARIANT_VIOLATION\]/);
  });

  it("explore --engine tlc --itf writes TLC's error trace in ITF (each state's action in #meta), --json prints it under itf", async () => {
    replay(path.join(TLC_FIXTURES, "rich-violation.tool.txt"), { exit: 12 });
    const itf = path.join(tmp, "rich-violation.itf.json");
    const run = await cli("explore", SPEC, "--engine", "tlc", "--itf", itf);
    expect(run.code).toBe(1);
    const trace = JSON.parse(readFileSync(itf, "utf8")) as { "#meta": Record<string, unknown>; vars: string[]; states: Record<string, unknown>[] };
    expect(trace["#meta"]).toMatchObject({ format: "ITF", kind: "invariant", name: "NotThree", description: "Invariant NotThree is violated." });
    expect(trace.states.map((s) => (s["#meta"] as { action?: string }).action)).toEqual([undefined, "Acquire(p1)", "Release(p1)", "Acquire(p1)"]);
    expect(trace.states[0]).toMatchObject({ "#meta": { index: 0 }, fn: { "#map": [[{ "#unserializable": "p1" }, 0], [{ "#unserializable": "p2" }, 0]] } });
    expect(trace.vars.every((v) => v in trace.states[3]!)).toBe(true);
    replay(path.join(TLC_FIXTURES, "rich-violation.tool.txt"), { exit: 12 });
    const json = await cli("explore", SPEC, "--engine", "tlc", "--json");
    expect((JSON.parse(json.stdout) as { itf: unknown }).itf).toEqual(trace);
  });

  it("maps a parse error to TLC's file:line and exit 2", async () => {
    const out = path.join(tmp, "parse.txt");
    writeFileSync(
      out,
      [
        "@!@!@STARTMSG 2262:0 @!@!@",
        "TLC2 Version 2026.04.29",
        "@!@!@ENDMSG 2262 @!@!@",
        "Parsing file /x/Broken.tla",
        "***Parse Error***",
        'Was expecting "==== or more Module body"',
        'Encountered "Beginning of definition" at line 7, column 1 in module Broken',
        "@!@!@STARTMSG 1000:1 @!@!@",
        "Fatal errors while parsing TLA+ spec in file Broken",
        "@!@!@ENDMSG 1000 @!@!@",
      ].join("\n"),
    );
    replay(out, { exit: 150 });
    const run = await cli("explore", SPEC, "--engine", "tlc");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`${path.join(path.dirname(SPEC), "Broken.tla")}:7:1: expected ==== or more Module body, found "Beginning of definition" [TLC_PARSE_ERROR]\n`);
  });

  it("maps a semantic error to the line SANY names and its message", async () => {
    const out = path.join(tmp, "semantic.txt");
    writeFileSync(
      out,
      ["Semantic errors:", "", "*** Errors: 2", "", "line 12, col 50 to line 12, col 51 of module Funcs", "", "Could not find declaration or definition of symbol '@@'.", ""].join("\n"),
    );
    replay(out, { exit: 150 });
    const run = await cli("explore", SPEC, "--engine", "tlc");
    expect(run.stderr).toBe(`${path.join(path.dirname(SPEC), "Funcs.tla")}:12:50: Could not find declaration or definition of symbol '@@'. [TLC_PARSE_ERROR]\n`);
  });

  it("maps a configuration error to the config's file:line and exit 2", async () => {
    const out = path.join(tmp, "config.txt");
    writeFileSync(out, ["@!@!@STARTMSG 1000:1 @!@!@", "TLC found an error in the configuration file at line 4", "It was expecting = or <- and didn't find it.", "@!@!@ENDMSG 1000 @!@!@"].join("\n"));
    replay(out, { exit: 151 });
    const run = await cli("explore", SPEC, "--engine", "tlc");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/KVStore\.cfg:4:1: TLC found an error in the configuration file at line 4\nIt was expecting = or <- and didn't find it\. \[TLC_CONFIG_ERROR\]/);
  });

  it("stops TLC when aborted (Ctrl-C) and cleans up", async () => {
    const argsFile = replay(path.join(TLC_FIXTURES, "kvstore-2x2.tool.txt"), { hang: true });
    const controller = new AbortController();
    const run = runTlc({ spec: SPEC, installation: findTlc(), signal: controller.signal });
    await new Promise((r) => setTimeout(r, 500));
    controller.abort();
    await expect(run).rejects.toMatchObject({ code: "TLC_INTERRUPTED" });
    const { args } = JSON.parse(readFileSync(argsFile, "utf8")) as { args: string[] };
    expect(existsSync(args[args.indexOf("-metadir") + 1]!)).toBe(false);
  });

  it("cover and generate accept a spec", async () => {
    replay(path.join(TLC_FIXTURES, "kvstore-2x2.tool.txt"), { dot: dotFile("kvstore-2x2") });
    const cover = await cli("cover", SPEC, "--engine", "tlc", "--json");
    expect(JSON.parse(cover.stdout)).toMatchObject({ paths: 192, covered: 666 });
    const out = path.join(tmp, "suite-from-spec");
    const generated = await cli("generate", SPEC, "--adapter", path.join(ROOT, "examples/kvstore-memory/adapter.ts"), "--out", out, "--engine", "tlc", "--json");
    expect(generated.code).toBe(0);
    expect(JSON.parse(generated.stdout)).toMatchObject({ criterion: "transition-pairs", tests: 772, steps: 10325 });
  });
});

const JAR = process.env.TLA2TOOLS_JAR;
describe.skipIf(!JAR || !HAVE_FIXTURES)("real TLC (runs when TLA2TOOLS_JAR names a jar; skipped here otherwise)", () => {
  for (const c of manifest().filter((m) => !m.case.includes("3x3"))) {
    it(`${c.case}: explore --engine tlc --json gives TLC's counts`, async () => {
      const spec = path.join(TLC_FIXTURES, "specs", c.spec);
      const run = await cli("explore", spec, "--config", path.join(TLC_FIXTURES, "specs", c.config), "--engine", "tlc", "--json", "--workers", "1");
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ distinctStates: c.tlcDistinctStates, statesGenerated: c.tlcStatesGenerated });
    });
  }
});
