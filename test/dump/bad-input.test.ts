import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ROOT, cli } from "../helpers/fixtures.js";

const tmp = mkdtempSync(path.join(tmpdir(), "tlabridge-bad-"));
const GOOD = readFileSync(path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"));
const GOOD_LINES = GOOD.toString("utf8").split("\n");

function write(name: string, content: string | Buffer): string {
  const file = path.join(tmp, name);
  writeFileSync(file, content);
  return file;
}

function withLines(edit: (lines: string[]) => void): string {
  const lines = [...GOOD_LINES];
  edit(lines);
  return lines.join("\n");
}

interface BadCase {
  name: string;
  content: string | Buffer;
  /** Expected `line:col` and the start of the problem. */
  where: string;
  problem: RegExp;
  code: string;
}

const cases: BadCase[] = [
  { name: "empty file", content: "", where: "1:1", problem: /^expected a TLC dump, found an empty file/, code: "DUMP_EMPTY" },
  { name: "blank file", content: "\n\n  \n", where: "3:1", problem: /^expected a TLC dump, found an empty file/, code: "DUMP_EMPTY" },
  {
    name: "file truncated between statements",
    content: GOOD_LINES.slice(0, 40).join("\n") + "\n",
    where: "40:",
    problem: /^expected '\}' closing the graph, found the end of the file/,
    code: "DUMP_TRUNCATED",
  },
  {
    name: "file truncated inside a label",
    content: GOOD.subarray(0, 5000),
    where: "",
    problem: /^expected '"' closing a quoted string/,
    code: "DUMP_TRUNCATED",
  },
  { name: "gzip truncated", content: gzipSync(GOOD).subarray(0, 4000), where: "", problem: /^expected more gzip data/, code: "DUMP_TRUNCATED" },
  {
    name: "malformed label",
    content: withLines((l) => (l[5] = l[5]!.replace('(t1 :> \\"idle\\"', '(t1 :> {\\"idle\\"'))),
    where: "6:",
    problem: /^expected .* \(in a state variable\)/,
    code: "DUMP_LABEL",
  },
  {
    name: "malformed edge label",
    content: withLines((l) => (l[6] = l[6]!.replace("Begin(t1)", "Begin(t1,)"))),
    where: "7:",
    problem: /^expected a value, found '\)' \(in an action label/,
    code: "DUMP_LABEL",
  },
  {
    name: "unknown statement",
    content: withLines((l) => l.splice(6, 0, "this is not dot;")),
    where: "7:1",
    problem: /^expected /,
    code: "DUMP_SYNTAX",
  },
  {
    name: "edge to an undeclared state",
    content: withLines((l) => l.splice(7, 1)),
    where: "7:23",
    problem: /^expected a node statement for state -6652511346259521734/,
    code: "DUMP_UNDECLARED_STATE",
  },
  {
    name: "invalid UTF-8",
    content: Buffer.concat([GOOD.subarray(0, 200), Buffer.from([0xc3, 0x28]), GOOD.subarray(200)]),
    where: "6:",
    problem: /^expected UTF-8 text/,
    code: "DUMP_ENCODING",
  },
  {
    name: "binary file",
    content: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    where: "3:1",
    problem: /^expected text, found a NUL byte/,
    code: "DUMP_BINARY",
  },
  { name: "text that is no dump", content: "hello world\n", where: "1:1", problem: /^expected a TLC dump/, code: "DUMP_FORMAT" },
  {
    name: "a bad escape in a label",
    content: withLines((l) => (l[6] = l[6]!.replace('label="Begin(t1)"', 'label="Begin\\q(t1)"'))),
    where: "7:",
    problem: /^expected \\\\, \\" or \\n after a backslash/,
    code: "DUMP_LABEL",
  },
  {
    name: "content after the graph",
    content: GOOD.toString() + "\nnode [a=b]\n",
    where: `${GOOD_LINES.length + 1}:1`,
    problem: /^expected the end of the file/,
    code: "DUMP_SYNTAX",
  },
  {
    name: "a state without one of the variables",
    content: withLines((l) => (l[7] = l[7]!.replace(/\\n\/\\\\ writes = \(t1 :> \{\} @@ t2 :> \{\}\)",tooltip/, '",tooltip'))),
    where: "8:",
    problem: /^expected a value for every variable .* writes is missing/,
    code: "DUMP_LABEL",
  },
];

describe("bad input gives file:line:col, exit 2 and no stack trace", () => {
  for (const c of cases) {
    it(c.name, async () => {
      const file = write(c.name.replace(/\W+/g, "-") + ".dot", c.content);
      const run = await cli("graph", file);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe("");
      const m = /^(.*?):(\d+):(\d+): (.*) \[([A-Z_]+)\]\n$/s.exec(run.stderr);
      expect(m, run.stderr).not.toBeNull();
      expect(m![1]).toBe(file);
      expect(`${m![2]}:${m![3]}`.startsWith(c.where)).toBe(true);
      expect(m![4]).toMatch(c.problem);
      expect(m![5]).toBe(c.code);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    });
  }

  it("--verbose adds the stack trace", async () => {
    const file = write("verbose.dot", "hello\n");
    const run = await cli("--verbose", "graph", file);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/\n\s+at /);
  });

  it("a missing file is a clear error", async () => {
    const run = await cli("graph", path.join(tmp, "nope.dot"));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/nope\.dot does not exist: check the path\. \[INPUT_NOT_FOUND\]/);
  });
});
