// tlabridge report and the commands' --html: what they print, --json, the
// output checked before the work, and the help that documents them.
import { mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cli, ROOT } from "../helpers/fixtures.js";

const KV = path.join(ROOT, "specs/kvstore/kvstore-2x2.dot");

describe("tlabridge report", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "tlabridge-report-cli-"));

  it("writes the page and says what it drew; --json gives the same as data", async () => {
    const out = path.join(dir, "kv.html");
    const run = await cli("report", KV, "--out", out);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: 266 states and 666 transitions drawn, 192 transitions cover paths \\([\\d,]+ bytes\\)\\n$`));
    const json = await cli("report", KV, "--out", out, "--criterion", "states", "--max-drawn-states", "10", "--json");
    expect(json.code).toBe(0);
    const data = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(data).toMatchObject({ out, layout: "summary", states: 266, transitions: 666 });
    expect(data.bytes).toBe(Buffer.byteLength(readFileSync(out, "utf8")));
    expect(readFileSync(out, "utf8")).toContain('"layout":"summary"');
  });

  it("refuses an --out that is a folder before reading the model", async () => {
    const folder = path.join(dir, "folder.html");
    mkdirSync(folder);
    const run = await cli("report", path.join(dir, "missing.dot"), "--out", folder);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/folder\.html is a folder, not a regular file.*\[OUTPUT_NOT_A_FILE\]/);
  });

  it("--help documents the page and the other commands' --html", async () => {
    const help = (await cli("report", "--help")).stdout;
    expect(help).toMatch(/--out <file\.html>/);
    expect(help).toMatch(/--max-drawn-states <n>/);
    expect(help).toMatch(/works offline/);
    expect(help).toMatch(/cover \(graph and\s+paths\), test/);
    for (const command of ["cover", "test", "validate", "permissiveness"]) expect((await cli(command, "--help")).stdout).toMatch(/--html <file\.html>\s+write a self-contained HTML report/);
    expect((await cli("--help")).stdout).toMatch(/report \[options\] <dump\|spec\.tla>/);
  });

  it("cover --html writes the graph page beside its usual output", async () => {
    const out = path.join(dir, "cover.html");
    const run = await cli("cover", KV, "--html", out);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`  report       ${out}\n`);
    expect(readFileSync(out, "utf8")).toContain('"kind":"graph"');
  });
});
