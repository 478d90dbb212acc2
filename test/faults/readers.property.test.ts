// Property (issue 17): every reader of user input, fed random bytes, random
// truncations and byte flips of valid inputs, and random nesting spliced into
// them, either reads the input or throws a TlabridgeError with a code and
// exit code 2, never a TypeError or RangeError, each run within 2 s and a
// bounded heap. Readers: dumps (DOT, plain, trace JSON), logs (NDJSON, whole
// traces, through a mapping), mappings, isolation histories (JSON, NDJSON,
// EDN; called, not changed here) and ITF.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { readStateGraph } from "../../src/dump/index.js";
import { TlabridgeError } from "../../src/errors.js";
import { parseHistory, readHistory } from "../../src/isolation/index.js";
import { loadMapping, readLogs, readMappedLogs } from "../../src/validate/index.js";
import { parseMapping } from "../../src/validate/mapping.js";
import { parseItfText } from "../../src/values/itf.js";
import { ROOT } from "../helpers/fixtures.js";

const tmp = mkdtempSync(path.join(tmpdir(), "tlabridge-readers-property-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const MAPPING_TEXT = JSON.stringify({ host: "h", clock: "c", header: { lines: 0 }, events: [{ when: { e: "b" }, action: "Begin", args: { t: { path: "t" } } }, { when: { e: "s" }, stutter: true }] });
const MAPPING = parseMapping(MAPPING_TEXT, "mapping.json");

interface Reader {
  readonly name: string;
  /** Valid inputs to truncate, flip and nest into. */
  readonly samples: readonly string[];
  /** Opening and closing brackets this format nests with. */
  readonly nest: readonly (readonly [string, string])[];
  read(file: string, bytes: Buffer): Promise<unknown>;
}

const DOT_FULL = readFileSync(path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"), "utf8");
const JSON_NEST = [["[", "]"], ['{"a":', "}"]] as const;
const TLA_NEST = [["{", "}"], ["<<", ">>"], ["[a |-> ", "]"], ["(1 :> ", ")"]] as const;

const READERS: readonly Reader[] = [
  {
    name: "DOT dump",
    samples: [DOT_FULL, 'strict digraph DiskGraph {\n1 [label="/\\\\ x = {<<1, \\"a\\">>}",style = filled];\n-2 [label="/\\\\ x = [f |-> TRUE]"];\n1 -> -2 [label="Next(1)"];\n}\n'],
    nest: TLA_NEST,
    read: (file) => readStateGraph(file),
  },
  {
    name: "plain dump",
    samples: ['State 1:\n/\\ x = 1\n/\\ y = {<<1, "a">>, [f |-> TRUE]}\n\nState 2:\n/\\ x = 2\n/\\ y = {}\n'],
    nest: TLA_NEST,
    read: (file) => readStateGraph(file),
  },
  {
    name: "trace JSON dump",
    samples: ['{"vars": ["x", "y"], "counterexample": {"state": [[1, {"x": 1, "y": [1, 2]}], [2, {"x": 2, "y": {"a": true}}]], "action": [[[1, {"x": 1, "y": [1, 2]}], {"name": "Next", "context": {"p": 1}}, [2, {"x": 2, "y": {"a": true}}]]]}}\n'],
    nest: JSON_NEST,
    read: (file) => readStateGraph(file),
  },
  {
    name: "NDJSON log",
    samples: ['{"host":"t1","clock":{"t1":1},"event":"Begin","args":{"t":"t1"}}\n{"host":"t2","clock":{"t1":1,"t2":1},"event":"Read","args":{"t":"t2","k":"k1","v":"NoValue"},"state":{"db":{"k1":[1,2]}}}\n'],
    nest: JSON_NEST,
    read: (file) => readLogs([file]),
  },
  {
    name: "trace log (ITF, -dumpTrace json)",
    samples: ['{"vars": ["x"], "states": [{"#meta": {"index": 0}, "x": {"#set": [1]}}, {"x": {"#tup": [2]}, "action_taken": "Next"}]}\n', '{"counterexample": {"state": [[1, {"x": 1}]], "action": [[[1, {"x": 1}], {"name": "Next", "context": {}}, [2, {"x": 2}]]]}}\n'],
    nest: JSON_NEST,
    read: (file) => readLogs([file]),
  },
  {
    name: "log through a mapping",
    samples: ['{"h":"n1","c":{"n1":1},"e":"b","t":"t1"}\n{"h":2,"c":[0,0,1],"e":"s"}\n'],
    nest: JSON_NEST,
    read: (file) => readMappedLogs([file], MAPPING),
  },
  {
    name: "mapping",
    samples: [MAPPING_TEXT, readFileSync(path.join(ROOT, "examples/ewd998/mapping.json"), "utf8")],
    nest: JSON_NEST,
    read: (file) => loadMapping(file),
  },
  {
    name: "history (file)",
    samples: ['[{"id": "t1", "ops": [["w", "x", 1], ["r", "x", 1]]}, {"id": 2, "status": "aborted", "ops": [{"type": "read", "key": "y", "value": null}]}]', '{"type": "ok", "f": "txn", "value": [["r", "x", 1]], "process": 0}\n{"type": "ok", "f": "txn", "value": [["w", "x", 2]], "process": 1}\n'],
    nest: JSON_NEST,
    read: (file) => readHistory(file),
  },
  {
    name: "history (EDN text)",
    samples: ['{:type :ok, :f :txn, :value [[:w :x 1]], :process 0, :index 0}\n{:type :ok, :f :txn, :value [[:r :x 1]], :process 1, :index 1}\n'],
    nest: [["[", "]"], ["{:a ", "}"], ["#{", "}"]],
    read: async (file, bytes) => parseHistory(bytes.toString("utf8"), file.replace(/\.input$/, ".edn")),
  },
  {
    name: "ITF value",
    samples: ['{"db": {"#map": [["k1", {"#set": [1, {"#bigint": "2"}]}]]}, "log": {"#tup": ["a", true]}, "p": {"#unserializable": "p1"}}'],
    nest: JSON_NEST,
    read: async (file, bytes) => parseItfText(bytes.toString("utf8"), file),
  },
];

/** One input to feed: random bytes, a cut or flipped sample, or a sample with deep nesting spliced in. */
const inputFor = (reader: Reader, kinds: "flat" | "nested" | "all" = "all"): fc.Arbitrary<Buffer> => {
  const sample = fc.constantFrom(...reader.samples).map((s) => Buffer.from(s));
  const flat = [
    fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
    fc.tuple(sample, fc.double({ min: 0, max: 1, noNaN: true })).map(([b, f]) => b.subarray(0, Math.floor(b.length * f))),
    fc.tuple(sample, fc.nat(), fc.nat({ max: 255 })).map(([b, at, byte]) => {
      const copy = Buffer.from(b);
      if (copy.length > 0) copy[at % copy.length] = byte;
      return copy;
    }),
  ];
  const nested = [
    fc.tuple(sample, fc.nat(), fc.integer({ min: 1, max: 20_000 }), fc.constantFrom(...reader.nest), fc.boolean()).map(([b, at, depth, [open, close], balanced]) => {
      const text = b.toString("utf8");
      const cut = at % (text.length + 1);
      return Buffer.from(text.slice(0, cut) + open.repeat(depth) + "1" + (balanced ? close.repeat(depth) : "") + text.slice(cut));
    }),
  ];
  return fc.oneof(...(kinds === "flat" ? flat : kinds === "nested" ? nested : [...flat, ...nested]));
};

async function check(reader: Reader, kinds: "flat" | "nested" | "all", numRuns: number): Promise<void> {
  const out = await fc.check(
    fc.asyncProperty(inputFor(reader, kinds), (bytes) => feed(reader, bytes)),
    { numRuns: numRuns * RUNS_SCALE, seed: SEED, endOnFailure: true },
  );
  // A short report: the inputs can be megabytes of brackets.
  if (out.failed) {
    const input = out.counterexample?.[0]?.toString("latin1") ?? "";
    expect.fail(`${String(out.errorInstance).slice(0, 400)}; input (${input.length} bytes): ${JSON.stringify(input.slice(0, 120))}...`);
  }
}

let run = 0;
// Fixed for CI; FC_SEED and FC_RUNS_SCALE explore further locally.
const SEED = Number(process.env.FC_SEED ?? 17);
const RUNS_SCALE = Number(process.env.FC_RUNS_SCALE ?? 1);

async function feed(reader: Reader, bytes: Buffer): Promise<void> {
  const file = path.join(tmp, `${run++}.input`);
  writeFileSync(file, bytes);
  const heap = process.memoryUsage().heapUsed;
  const started = performance.now();
  let error: unknown;
  try {
    await reader.read(file, bytes);
  } catch (e) {
    error = e;
  } finally {
    rmSync(file, { force: true });
  }
  const ms = performance.now() - started;
  if (error !== undefined && !(error instanceof TlabridgeError)) {
    throw new Error(`${reader.name}: ${String(error).slice(0, 300)}`);
  }
  if (error instanceof TlabridgeError) {
    expect(error.code).toMatch(/^[A-Z][A-Z0-9_]+$/);
    expect(error.exitCode).toBe(2);
    // One line per problem (a mapping's problems are listed a line each): what is wrong, where, what to do.
    for (const line of error.message.split("\n")) expect(line).toMatch(/^\S.*$/);
    expect(error.message).not.toMatch(/[\r\u2028\u2029]/);
  }
  expect(ms, `${reader.name} took ${ms.toFixed(0)} ms`).toBeLessThan(2000);
  expect(process.memoryUsage().heapUsed - heap, `${reader.name} heap growth`).toBeLessThan(256 * 1024 * 1024);
}

describe("property: readers give only clean errors, quickly", () => {
  it("the samples themselves read", async () => {
    for (const reader of READERS) {
      for (const s of reader.samples) {
        const file = path.join(tmp, `sample-${run++}.input`);
        writeFileSync(file, s);
        await expect(reader.read(file, Buffer.from(s)), reader.name).resolves.toBeDefined();
      }
    }
  });

  for (const reader of READERS) {
    it(reader.name, () => check(reader, "all", 150));
  }
});
