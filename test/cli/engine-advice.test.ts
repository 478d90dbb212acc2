import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ROOT, cli } from "../helpers/fixtures.js";
import { put, workspace } from "../helpers/workspace.js";

// "(use --engine tlc ...)" once in every message that carries it, whichever command met the construct and however
// deep (a definition of an instanced module, reached through this module's definitions).
const SPEC = path.join(ROOT, "test/fixtures/engine-advice/Outer.tla");
const dir = workspace("engine-advice");
const saved = process.env.TLA2TOOLS_JAR;
afterEach(() => {
  if (saved === undefined) delete process.env.TLA2TOOLS_JAR;
  else process.env.TLA2TOOLS_JAR = saved;
});

describe("the advice to use TLC", () => {
  const adapter = put(dir, "adapter.ts", 'import { defineAdapter } from "tlabridge/runtime";\nexport default defineAdapter({ setup: () => ({}), actions: { Next: () => {} } });\n');
  const commands: [string, string[]][] = [
    ["explore", ["explore", SPEC]],
    ["explore --engine explorer --json", ["explore", SPEC, "--engine", "explorer", "--json"]],
    ["generate", ["generate", SPEC, "--adapter", adapter, "--out", path.join(dir, "suite")]],
    ["cover", ["cover", SPEC]],
    ["permissiveness", ["permissiveness", SPEC, "--level", "SI"]],
  ];
  for (const [name, argv] of commands) {
    it(`${name}: printed once, with the construct and where`, async () => {
      process.env.TLA2TOOLS_JAR = "/no/such.jar"; // no TLC to take over: the explorer's refusal is the message
      const run = await cli(...argv);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^Inner\.tla:4:9: unbounded CHOOSE/);
      expect(run.stderr.match(/use --engine tlc/g)).toHaveLength(1);
      expect(run.stderr.split("\n").filter(Boolean)).toHaveLength(1);
    });
  }
});
