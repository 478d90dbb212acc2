// Fault cases of messages (issue 17): a position where the input has one,
// the real limit where a limit is too small, one line per message, and model
// text that names Object's members printed as the names they are.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ExplorerError } from "../../src/explorer/syntax.js";
import { ModuleError } from "../../src/explorer/modules.js";
import { parseErrorMessage, sanyError } from "../../src/tlc/messages.js";
import { ROOT, cli } from "../helpers/fixtures.js";
import { workspace } from "../helpers/workspace.js";

const SPEC = "/specs/x/Main.tla";
const dir = workspace("faults-messages");

describe("TLC parse errors carry file:line:col", () => {
  const cases: [what: string, output: string[], expected: string][] = [
    [
      "Encountered … in module M",
      ["Parsing file /specs/x/Main.tla", "***Parse Error***", 'Was expecting "==== or more Module body"', 'Encountered "Beginning of definition" at line 7, column 1 in module Main'],
      '/specs/x/Main.tla:7:1: expected ==== or more Module body, found "Beginning of definition"',
    ],
    [
      "Encountered … and token (no module: the file SANY was parsing)",
      ["Parsing file /specs/lib/Helper.tla", "***Parse Error***", 'Encountered "Beginning of definition" at line 4, column 1 and token "Next"', "", "Residual stack trace follows:", "Module definition starting at line 1, column 1."],
      '/specs/lib/Helper.tla:4:1: expected something else, found "Beginning of definition"',
    ],
    [
      "a lexical error",
      ["Parsing file /specs/x/Main.tla", "***Parse Error***", 'Lexical error at line 3, column 12.  Encountered: "\\"" (34), after : ""', "Fatal errors while parsing TLA+ spec in file Main"],
      '/specs/x/Main.tla:3:12: lexical error: Encountered: "\\"" (34), after : ""',
    ],
    [
      "a semantic error: the location, then the message",
      ["Semantic errors:", "", "*** Errors: 1", "", "line 5, col 3 to line 5, col 9 of module Main", "", "Unknown operator: `Foo'.", ""],
      "/specs/x/Main.tla:5:3: Unknown operator: `Foo'.",
    ],
    [
      "a module SANY cannot find (no position: the importing module's first line)",
      ["Parsing file /specs/x/Main.tla", "Cannot find source file for module Missing imported in module Main."],
      "/specs/x/Main.tla:1:1: Cannot find source file for module Missing imported in module Main.",
    ],
    ["nothing recognisable", ["@@ garbage", "more garbage"], "/specs/x/Main.tla:1:1: @@ garbage; more garbage"],
    ["no output at all", [], "/specs/x/Main.tla:1:1: TLC could not parse the spec"],
  ];
  for (const [what, output, expected] of cases) {
    it(what, () => {
      const message = parseErrorMessage(output, SPEC);
      expect(message).toBe(expected);
      expect(message).not.toContain("\n");
      const e = sanyError(output, SPEC);
      expect(e.line).toBeGreaterThanOrEqual(1);
      expect(e.column).toBeGreaterThanOrEqual(1);
    });
  }
});

describe("cover --max-steps too small names the real minimum", () => {
  const DUMP = path.join(ROOT, "specs/kvstore/kvstore-2x2.dot");
  it("the least it names works, one less does not", async () => {
    const run = await cli("cover", DUMP, "--criterion", "transitions", "--max-steps", "1");
    expect(run.code).toBe(2);
    const first = run.stderr.split("\n")[0]!;
    expect(first).toMatch(/^--max-steps 1 is too small: the longest of the shortest paths the cover needs has (\d+) steps; pass --max-steps \1 or more\. \[COVER_MAX_STEPS_TOO_SMALL\]$/);
    const least = Number(/has (\d+) steps/.exec(first)![1]);
    expect(least).toBeGreaterThan(2);
    expect((await cli("cover", DUMP, "--criterion", "transitions", "--max-steps", String(least))).code).toBe(0);
    expect((await cli("cover", DUMP, "--criterion", "transitions", "--max-steps", String(least - 1))).stderr).toContain(`pass --max-steps ${least} or more`);
  });
});

describe("one line per message", () => {
  it("explorer and module errors flatten line breaks of the text they quote", () => {
    const at = { module: "M", line: 2, column: 3 } as ConstructorParameters<typeof ExplorerError>[0];
    expect(new ExplorerError(at, "The argument of IOExec should be a sequence, but instead it is:\n<<1>>\u2028x", "EXPLORER_EVAL").message).toBe(
      "M.tla:2:3: The argument of IOExec should be a sequence, but instead it is: <<1>> x",
    );
    expect(new ModuleError("MODULE_SYNTAX", "M.tla", undefined, "first\r\nsecond").message).toBe("M.tla:1:1: first second");
  });
});

describe("hosts named like Object's members", () => {
  for (const host of ["constructor", "toString", "__proto__"]) {
    it(`a log of host ${host} is read as that host, never as Object's ${host}`, async () => {
      const log = path.join(dir, `${host}.ndjson`);
      writeFileSync(log, `${JSON.stringify({ host, clock: { other: 1 }, event: "Begin" })}\n`);
      const run = await cli("validate", log, "--model", path.join(ROOT, "specs/kvstore/KVStore.tla"));
      expect(run.code).toBe(2);
      expect(run.stderr.split("\n")[0]).toBe(`${log}:1: the clock has no entry for its own host ${host}`);
      expect(run.stderr).not.toMatch(/native code|function Object|\n\s+at /);
    });
  }
});
