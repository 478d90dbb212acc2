import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, cli } from "../helpers/fixtures.js";

const BIN = path.join(ROOT, "bin/tlabridge.js");
const DUMP = path.join(ROOT, "specs/kvstore/kvstore-2x2.dot");

describe("tlabridge CLI", () => {
  it("--help lists the commands", async () => {
    const run = await cli("--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/graph \[options\] <file>/);
  });

  it("graph --help explains the file and the JSON keys", async () => {
    const run = await cli("graph", "--help");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/-dump dot,actionlabels/);
    expect(run.stdout).toMatch(/stronglyConnectedComponents/);
  });

  it("an unknown command or option exits 2 with usage help", async () => {
    expect((await cli("frobnicate")).code).toBe(2);
    const run = await cli("graph", DUMP, "--jsn");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/unknown option '--jsn'/);
  });

  it("graph prints readable statistics", async () => {
    const run = await cli("graph", DUMP);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/states +266 \(1 initial\)/);
    expect(run.stdout).toMatch(/transitions +666 \(256 self-loops\)/);
    expect(run.stdout).toMatch(/Abort 128, Begin 26, Commit 128, Read 256, Write 128/);
  });

  it("the installed bin runs, prints JSON and exits 0", () => {
    const out = execFileSync(process.execPath, [BIN, "graph", DUMP, "--json"], { encoding: "utf8" });
    expect(JSON.parse(out).transitions).toBe(666);
  });

  it("the installed bin exits 2 on bad input without a stack trace", () => {
    const run = spawnSync(process.execPath, [BIN, "graph", path.join(ROOT, ".gitignore")], { encoding: "utf8" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/\.gitignore:1:1: expected a TLC dump/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
