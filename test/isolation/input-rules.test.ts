import { mkdtempSync, rmSync, truncateSync, writeFileSync } from "node:fs";
import { constants as bufferConstants } from "node:buffer";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { checkHistory, parseHistory, readHistory } from "../../src/isolation/index.js";
import { readEdn } from "../../src/isolation/edn.js";
import { cli, ROOT } from "../helpers/fixtures.js";

const FIXTURES = path.join(ROOT, "test/fixtures/isolation");

function inputError(text: string, file = "h.json"): InputError {
  try {
    parseHistory(text, file);
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("no error");
}

/** Elle operations, one JSON object per line. */
const ndjson = (...ops: object[]): string => ops.map((o) => JSON.stringify(o)).join("\n");
const ok = (index: number, value: unknown[], process = index): object => ({ type: "ok", f: "txn", value, process, index });

describe("the input rules of histories", () => {
  it("a list read that holds a value twice is read, and is the database's anomaly (Elle's duplicate-elements) at every level", () => {
    const h = parseHistory(ndjson(ok(0, [["append", "x", 1], ["append", "x", 2]]), ok(1, [["r", "x", [1, 2, 1]]])), "h.json");
    for (const level of ["RU", "SER"] as const) expect(checkHistory(h, level)).toMatchObject({ kind: "fail", anomaly: { name: "duplicate-elements" } });
  });

  it.each<[string, string, string, number, string]>([
    ["an f other than txn from a client", "HISTORY_OP_F", ndjson(ok(0, [["w", "x", 1]]), { type: "ok", f: "read", value: [["r", "x", 1]], process: 1, index: 1 }), 2, 'operation f "read" is not a transaction'],
    ["a write of a value another transaction wrote", "HISTORY_DUPLICATE_WRITE", ndjson(ok(0, [["w", "x", 1]]), ok(1, [["w", "x", 1]])), 2, "value 1 is written to key x here and by another transaction at line 1"],
    ["an append of a value another transaction appended", "HISTORY_DUPLICATE_WRITE", ndjson(ok(0, [["append", "x", 1]]), ok(1, [["append", "x", 1]])), 2, "value 1 is appended to key x"],
    ["an append twice in one transaction", "HISTORY_DUPLICATE_WRITE", ndjson(ok(0, [["append", "x", 1], ["append", "x", 1]])), 1, "earlier in this transaction"],
    ["an append of null", "HISTORY_NULL_WRITE", ndjson(ok(0, [["append", "x", 1]]), ok(1, [["append", "x", null]])), 2, "null appended to key x"],
    ["two operations with one index", "HISTORY_DUPLICATE_INDEX", ndjson(ok(0, [["w", "x", 1]]), ok(1, [["w", "x", 2]]), ok(1, [["w", "x", 3]], 2)), 3, "index 1 is also the index of the operation at line 2"],
    [
      "two outstanding invocations on one process",
      "HISTORY_PROCESS_BUSY",
      ndjson({ type: "invoke", f: "txn", value: [["w", "x", 1]], process: 0, index: 0 }, { type: "invoke", f: "txn", value: [["w", "x", 2]], process: 0, index: 1 }),
      2,
      "process 0 invokes again while its invocation at line 1 is outstanding",
    ],
    ["a string time", "HISTORY_TIME", ndjson(ok(0, [["w", "x", 1]]), { ...ok(1, [["r", "x", 1]]), time: "12:00" }), 2, 'expected the operation\'s time, a number (nanoseconds), not "12:00"'],
    ["key 1 and key \"1\"", "HISTORY_AMBIGUOUS_KEY", ndjson(ok(0, [["w", 1, 1]]), ok(1, [["r", "1", 1]])), 2, 'key "1" is a string here and a number at line 1'],
  ])("refuses %s (%s)", (_, code, text, line, problem) => {
    const e = inputError(text);
    expect(e.code).toBe(code);
    expect(e.position.line).toBe(line);
    expect(e.message).toContain(problem);
    expect(e.message.startsWith(`h.json:${line}:`)).toBe(true);
  });

  it.each<[string, string, string, number, string]>([
    ["a cyclic recorded version order", "HISTORY_VERSION_ORDER", '{"transactions": [{"id": "t1", "ops": [["w", "x", 1]]}, {"id": "t2", "ops": [["w", "x", 2]]}],\n "versionOrder": {"x": [1, 2, 1]}}', 2, "versionOrder.x[2]: 1 appears twice (at [0] and [2])"],
    ["a version order naming a value nobody wrote", "HISTORY_VERSION_ORDER", '{"transactions": [{"id": "t1", "ops": [["w", "x", 1]]}],\n "versionOrder": {"x": [1, 7]}}', 2, "versionOrder.x[1]: 7 is a value no transaction wrote to x"],
    ["a write of a value another transaction wrote", "HISTORY_DUPLICATE_WRITE", '[{"id": "t1", "ops": [["w", "x", 1]]},\n {"id": "t2", "ops": [["w", "x", 1]]}]', 2, "[1].ops[0]: value 1 is written to key x here and by another transaction at line 1"],
    ["a write of null", "HISTORY_NULL_WRITE", '[{"id": "t1", "ops": [["w", "x", null]]}]', 1, "null written to key x"],
    ["a string start", "HISTORY_TIME", '[{"id": "t1", "start": "noon", "ops": []}]', 1, "[0].start: expected a number"],
  ])("refuses in tlabridge's document %s (%s)", (_, code, text, line, problem) => {
    const e = inputError(text);
    expect(e.code).toBe(code);
    expect(e.position.line).toBe(line);
    expect(e.message).toContain(problem);
  });

  it("keeps values typed: 1 and \"1\" are different values (a read of \"1\" after a write of 1 is a garbage read)", () => {
    const history = parseHistory(ndjson(ok(0, [["w", "x", 1]]), ok(1, [["r", "x", "1"]])));
    expect(history.transactions.map((t) => t.ops[0]!.value)).toEqual([1, "1"]);
    expect(checkHistory(history, "RC")).toMatchObject({ kind: "fail", anomaly: { name: "garbage-read" } });
    // EDN keywords and strings name keys and values by the same text: one history may not use both.
    expect(inputError('{:type :ok, :value [[:w :x :a]], :process 0}\n{:type :ok, :value [[:r :x "a"]], :process 1}', "h.edn")).toMatchObject({ code: "HISTORY_AMBIGUOUS_VALUE", position: { line: 2 } });
    expect(inputError('{:type :ok, :value [[:w :x 1]], :process 0}\n{:type :ok, :value [[:r "x" 1]], :process 1}', "h.edn")).toMatchObject({ code: "HISTORY_AMBIGUOUS_KEY", position: { line: 2 } });
  });

  it("lets a transaction write its own value again (the same write, as readers see it)", () => {
    expect(parseHistory('[{"id": "t1", "ops": [["w", "x", "t1"], ["w", "x", "t1"]]}]').transactions[0]!.ops).toHaveLength(2);
  });

  it("reads f null or absent as txn, and skips the nemesis's operations whatever their f", () => {
    const history = parseHistory(ndjson({ type: "ok", value: [["w", "x", 1]], process: 0, index: 0 }, { type: "ok", f: null, value: [["r", "x", 1]], process: 1, index: 1 }, { type: "info", f: "kill", value: null, process: "nemesis", index: 2 }));
    expect(history.transactions.map((t) => [t.id, t.status, t.ops.length])).toEqual([
      ["0", "committed", 1],
      ["1", "committed", 1],
    ]);
  });

  it("reads integers exactly: keys and values 2^53 and 2^53 + 1 stay apart", () => {
    const history = parseHistory('{"type": "ok", "value": [["w", "x", 9007199254740992]], "process": 0}\n{"type": "ok", "value": [["w", "x", 9007199254740993]], "process": 1}');
    expect(history.transactions.map((t) => t.ops[0]!.value)).toEqual(["9007199254740992", "9007199254740993"]);
    const keys = parseHistory('[{"id": "t1", "ops": [["w", 9007199254740992, 1], ["w", 9007199254740993, 1]]}]');
    expect(keys.transactions[0]!.ops.map((o) => o.key)).toEqual(["9007199254740992", "9007199254740993"]);
    // A big integer and the string of its digits are different values: refused, not merged.
    const e = inputError('[{"id": "t1", "ops": [["w", "x", 9007199254740993]]},\n {"id": "t2", "ops": [["r", "x", "9007199254740993"]]}]');
    expect([e.code, e.position.line]).toEqual(["HISTORY_AMBIGUOUS_VALUE", 2]);
    expect(readEdn("[12345678901234567890123 -9007199254740993N 7]").map((d) => d.kind === "vector" && d.items.map((i) => (i.kind === "integer" ? i.value : undefined)))).toEqual([[12345678901234567890123n, -9007199254740993n, 7]]);
  });

  it("gives the same verdict however a history with unique values is reordered", () => {
    const ops = [ok(0, [["r", "x", null], ["w", "y", 1]]), ok(1, [["r", "y", null], ["w", "x", 1]])];
    for (const order of [ops, [...ops].reverse()]) expect(checkHistory(parseHistory(ndjson(...order)), "SER")).toMatchObject({ kind: "fail", anomaly: { name: "write-skew" } });
  });
});

describe("EDN histories", () => {
  it("reads Jepsen's list-append history.edn as the same history as its JSON", async () => {
    const edn = await readHistory(path.join(FIXTURES, "list-append.edn"));
    expect(edn).toEqual(await readHistory(path.join(FIXTURES, "list-append.json")));
    expect(edn.versionOrder).toEqual({ "5": [1], "6": [1] });
    expect(edn.transactions.map((t) => [t.id, t.status, t.session, t.start, t.end])).toEqual([
      ["0", "committed", "0", 1000, 2000],
      ["1", "committed", "1", 1100, 2100],
      ["5", "committed", "0", 3000, 4000],
    ]);
    expect(checkHistory(edn, "SER")).toMatchObject({ kind: "fail" });
    expect(checkHistory(edn, "RA").kind).toBe("pass");
  });

  it("reads Elle's rw-register EDN (f absent or nil, keyword keys) as the same history as its JSON", async () => {
    const edn = await readHistory(path.join(FIXTURES, "rw-register.edn"));
    expect(edn).toEqual(await readHistory(path.join(FIXTURES, "rw-register.json")));
    expect(edn.transactions.map((t) => [t.id, t.status])).toEqual([
      ["0", "committed"],
      ["1", "committed"],
      ["4", "aborted"],
    ]);
    expect(edn.transactions[0]!.ops).toEqual([{ type: "w", key: "x", value: 1 }, { type: "r", key: "y", value: null }]);
  });

  it("reads EDN by its look without the .edn name: a vector of maps, commas, comments, sets, tags, #_", () => {
    const text = '[{:type :ok, :value [[:w 1 "a"]], :process 0, :index 0, :error #{:x}} ; first\n #_ {:ignored true}\n #jepsen.history.Op{:type :ok, :value [[:r 1 "a"]], :process 1, :index 1, :when #inst "2024-01-01"}]';
    const history = parseHistory(text, "history.txt");
    expect(history.transactions.map((t) => t.ops)).toEqual([[{ type: "w", key: "1", value: "a" }], [{ type: "r", key: "1", value: "a" }]]);
  });

  it.each([
    ["{:type :ok, :value [[:w 1 2]]\n{:type :ok}", 1, "never closed"],
    ['{:type :ok, :value [[:w 1 "a]]}', 1, "never closed"],
    ["{:type :ok, :value [[:w 1 2)]}", 1, "expected ], not )"],
    ["{:type :ok,\n :value [[:w 1 2]] :process}", 2, "a map with a key but no value"],
  ])("says where EDN is not EDN (%#)", (text, line, problem) => {
    const e = inputError(text, "h.edn");
    expect([e.code, e.position.line]).toEqual(["HISTORY_SYNTAX", line]);
    expect(e.message).toContain(problem);
  });

  it("applies the same rules to EDN: a duplicate append is refused with where", async () => {
    await expect(readHistory(path.join(FIXTURES, "duplicate-append.edn"))).rejects.toMatchObject({ code: "HISTORY_DUPLICATE_WRITE", position: { line: 4 } });
    expect(inputError("{:type :ok, :f :write, :value [[:w 1 2]], :process 0}", "h.edn")).toMatchObject({ code: "HISTORY_OP_F", message: expect.stringContaining("operation f :write is not a transaction") });
  });
});

describe("isolation check on bad input", () => {
  it("exits 2 with the rule's code and file:line", async () => {
    const run = await cli("isolation", "check", path.join(FIXTURES, "duplicate-append.edn"), "--level", "SI");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("HISTORY_DUPLICATE_WRITE");
    expect(run.stderr).toContain("duplicate-append.edn:4:");
  });

  it("says a history too large to read is too large (not: check the path)", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tlabridge-large-"));
    try {
      const file = path.join(dir, "history.edn");
      writeFileSync(file, "");
      truncateSync(file, bufferConstants.MAX_STRING_LENGTH + 1); // sparse: nothing is written or read
      await expect(readHistory(file)).rejects.toMatchObject({ code: "HISTORY_TOO_LARGE", message: expect.stringContaining("reads a history whole") });
      const run = await cli("isolation", "check", file, "--level", "SI");
      expect(run.code).toBe(2);
      expect(run.stderr).toContain("HISTORY_TOO_LARGE");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
