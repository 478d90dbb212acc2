import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain script of the example, without type declarations
import { mutations } from "../../examples/ewd998/mutate.mjs";
import { ROOT, cli } from "../helpers/fixtures.js";
import { put, workspace } from "../helpers/workspace.js";

/** The fetched tlaplus/Examples (its root, or its specifications folder); the tests skip without it. */
const EXAMPLES = process.env.TLAPLUS_EXAMPLES;
const FOLDER = EXAMPLES === undefined ? undefined : [path.join(EXAMPLES, "specifications/ewd998"), path.join(EXAMPLES, "ewd998")].find((d) => existsSync(path.join(d, "EWD998ChanTrace.ndjson")));
const MAPPING = path.join(ROOT, "examples/ewd998/mapping.json");

interface Mutation {
  name: string;
  description: string;
  text: string;
  line: number;
  lint?: boolean;
}

describe.skipIf(FOLDER === undefined)("mutations of the EWD998 log (skipped unless TLAPLUS_EXAMPLES names the fetched tlaplus/Examples)", () => {
  const dir = workspace("ewd998-mutations");
  const list: Mutation[] = FOLDER === undefined ? [] : (mutations(readFileSync(path.join(FOLDER, "EWD998ChanTrace.ndjson"), "utf8")) as Mutation[]);

  it("the unmodified log is valid with one cut per event", async () => {
    const run = await cli("validate", path.join(FOLDER!, "EWD998ChanTrace.ndjson"), "--model", path.join(FOLDER!, "EWD998Chan.tla"), "--mapping", MAPPING);
    expect(run.stdout).toMatch(/\nvalid: 654 events from 5 hosts, 655 consistent cuts/);
    expect(run.code).toBe(0);
  });

  it("lists every kind of mutation", () => {
    expect(list.map((m) => m.name)).toEqual(["drop-receive-idle", "drop-receive-active", "swap-receive-send", "token-q", "token-color", "receiver-changed", "clock-skipped"]);
  });

  for (const name of ["drop-receive-idle", "drop-receive-active", "swap-receive-send", "token-q", "token-color", "receiver-changed", "clock-skipped"]) {
    it(`${name}: rejected at the expected original line`, async () => {
      const m = list.find((x) => x.name === name)!;
      const file = put(dir, `${name}.ndjson`, m.text);
      const run = await cli("validate", file, "--model", path.join(FOLDER!, "EWD998Chan.tla"), "--mapping", MAPPING);
      if (m.lint) {
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(new RegExp(`^[^\\n]*${name}\\.ndjson:${m.line}: 3's clock goes from 41 \\(.*\\) to 43: entry 42 is missing\\n1 clock error`));
        return;
      }
      expect(run.code, m.description).toBe(1);
      // The line is diagnosed as a step the model does not take (not merely as not ready).
      const at = new RegExp(`next event \\w+ \\(${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${m.line}\\):\\n {4}- (?!not ready)`);
      expect(run.stdout, m.description).toMatch(at);
    }, 60_000);
  }
});
