import fc from "fast-check";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readStateGraph } from "../../src/dump/index.js";
import { TlabridgeError } from "../../src/errors.js";
import { ROOT, TLC_FIXTURES } from "../helpers/fixtures.js";

const tmp = mkdtempSync(path.join(tmpdir(), "tlabridge-mutate-"));

const SOURCES = [
  path.join(TLC_FIXTURES, "counter.dot"),
  path.join(TLC_FIXTURES, "rich.dot"),
  path.join(TLC_FIXTURES, "rich-constrained.dot"),
  path.join(TLC_FIXTURES, "clock-colorized.dot"),
  path.join(TLC_FIXTURES, "lazy.dot"),
  path.join(TLC_FIXTURES, "rich-live.dot"),
  path.join(TLC_FIXTURES, "counter.dump"),
  path.join(TLC_FIXTURES, "rich-violation.trace.json"),
]
  .filter(existsSync)
  .map((f) => readFileSync(f));
// Without ../shared, mutate the start of the bundled dump (made whole again by closing braces).
if (SOURCES.length === 0) {
  const lines = readFileSync(path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"), "utf8").split("\n").slice(0, 30);
  SOURCES.push(Buffer.from(lines.join("\n") + "\n}\n}"));
}

const TOKENS = ['"', "\\", "\\n", "\n", "[", "]", "{", "}", "->", ";", ",", "=", "<<", ">>", ":>", "@@", "|->", "/\\\\ ", "-", "9", "label=", "\u00e9"].map((t) =>
  Buffer.from(t),
);

type Mutation =
  | { kind: "delete"; at: number; length: number }
  | { kind: "insert"; at: number; bytes: Buffer }
  | { kind: "replace"; at: number; byte: number }
  | { kind: "truncate"; at: number }
  | { kind: "duplicate-line"; line: number }
  | { kind: "swap-lines"; a: number; b: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.oneof(fc.constantFrom(...TOKENS), fc.uint8Array({ minLength: 1, maxLength: 4 }).map((a) => Buffer.from(a))),
  }),
  fc.record({ kind: fc.constant("replace" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate-line" as const), line: fc.nat() }),
  fc.record({ kind: fc.constant("swap-lines" as const), a: fc.nat(), b: fc.nat() }),
);

function mutate(source: Buffer, mutations: readonly Mutation[]): Buffer {
  let buf = source;
  for (const m of mutations) {
    const at = buf.length === 0 ? 0 : ("at" in m ? m.at : 0) % buf.length;
    switch (m.kind) {
      case "delete":
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + m.length)]);
        break;
      case "insert":
        buf = Buffer.concat([buf.subarray(0, at), m.bytes, buf.subarray(at)]);
        break;
      case "replace":
        buf = Buffer.concat([buf.subarray(0, at), Buffer.from([m.byte]), buf.subarray(at + 1)]);
        break;
      case "truncate":
        buf = buf.subarray(0, at);
        break;
      case "duplicate-line":
      case "swap-lines": {
        const lines = buf.toString("latin1").split("\n");
        if (m.kind === "duplicate-line") {
          const i = m.line % lines.length;
          lines.splice(i, 0, lines[i]!);
        } else {
          const a = m.a % lines.length;
          const b = m.b % lines.length;
          [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        }
        buf = Buffer.from(lines.join("\n"), "latin1");
        break;
      }
    }
  }
  return buf;
}

describe("mutated dumps", () => {
  it("property: the reader succeeds or raises its own error, never anything else, and never hangs", async () => {
    let n = 0;
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(SOURCES.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 3 }), async (which, mutations) => {
        const file = path.join(tmp, `m${n++}.dot`);
        writeFileSync(file, mutate(SOURCES[which]!, mutations));
        const started = performance.now();
        try {
          await readStateGraph(file);
        } catch (e) {
          failures++;
          if (!(e instanceof TlabridgeError)) throw e;
          expect(e.message).toMatch(/^.+:\d+:\d+: \S|^.+ (does not exist|is a directory)/);
        }
        expect(performance.now() - started).toBeLessThan(10_000);
      }),
      { numRuns: 300 },
    );
    // The mutations must actually break inputs, or the property shows nothing.
    expect(failures).toBeGreaterThan(50);
  });
});
