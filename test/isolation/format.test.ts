import { describe, expect, it } from "vitest";
import { InputError } from "../../src/errors.js";
import { checkHistory, historyToJson, parseHistory } from "../../src/isolation/index.js";
import { h } from "../helpers/histories.js";

function inputError(text: string): InputError {
  try {
    parseHistory(text, "h.json");
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("reading histories", () => {
  it("reads tlabridge's document: a list of transactions, or an object with a version order", () => {
    const list = parseHistory('[{"id": "t1", "ops": [["w", "x", 1], ["r", "x", 1]]}, {"id": 2, "status": "aborted", "session": "c", "start": 3, "end": 4, "ops": [{"type": "read", "key": "y", "value": null}]}]');
    expect(list.transactions).toEqual([
      { id: "t1", ops: [{ type: "w", key: "x", value: 1 }, { type: "r", key: "x", value: 1 }], status: "committed", session: undefined, start: undefined, end: undefined },
      { id: "2", ops: [{ type: "r", key: "y", value: null }], status: "aborted", session: "c", start: 3, end: 4 },
    ]);
    const doc = parseHistory('{"transactions": [{"id": "a", "ops": [["w", "x", "a"]]}], "versionOrder": {"x": ["a"]}}');
    expect(doc.versionOrder).toEqual({ x: ["a"] });
  });

  it("writes what it reads: historyToJson gives the document back", () => {
    for (const history of [h("t1[0-4]@c1: r(x, init) w(y); t2[aborted]: w(x, 3)"), h("t1: w(x); t2: r(x, t1)", { x: ["t1"] })]) {
      const again = parseHistory(JSON.stringify(historyToJson(history)));
      expect(historyToJson(again)).toEqual(historyToJson(history));
    }
  });

  it("reads Elle's read-write register histories: ok commits, fail aborts, info is unknown, processes are sessions", () => {
    const elle = [
      { type: "invoke", f: "txn", value: [["w", 1, 10], ["r", 2, null]], process: 0, time: 1, index: 0 },
      { type: "invoke", f: "txn", value: [["r", 1, null]], process: 1, time: 2, index: 1 },
      { type: "ok", f: "txn", value: [["w", 1, 10], ["r", 2, null]], process: 0, time: 3, index: 2 },
      { type: "fail", f: "txn", value: [["r", 1, null]], process: 1, time: 4, index: 3 },
      { type: "invoke", f: "txn", value: [["w", 2, 20]], process: 2, time: 5, index: 4 },
      { type: "info", f: "txn", value: [["w", 2, 20]], process: 2, time: 6, index: 5 },
      { type: "invoke", f: "start", value: null, process: "nemesis", index: 6 },
    ];
    const history = parseHistory(JSON.stringify(elle));
    expect(history.transactions.map((t) => [t.id, t.status, t.session, t.start, t.end])).toEqual([
      ["0", "committed", "0", 1, 3],
      ["1", "aborted", "1", 2, undefined],
      ["4", "unknown", "2", 5, undefined],
    ]);
    expect(history.transactions[0]!.ops).toEqual([{ type: "w", key: "1", value: 10 }, { type: "r", key: "2", value: null }]);
    // As NDJSON, the same, blank lines or not.
    expect(parseHistory(elle.map((o) => JSON.stringify(o)).join("\n"))).toEqual(history);
    expect(parseHistory("\n" + elle.map((o) => JSON.stringify(o)).join("\n\n") + "\n")).toEqual(history);
  });

  it("reads Elle's list-append histories: the longest read of a key gives its version order", () => {
    const ops = [
      { type: "ok", f: "txn", value: [["append", "x", 1]], process: 0, index: 1 },
      { type: "ok", f: "txn", value: [["append", "x", 2], ["r", "x", [1, 2]]], process: 1, index: 3 },
      { type: "ok", f: "txn", value: [["r", "x", [1]], ["r", "x", [1, 2]]], process: 2, index: 5 },
    ];
    const history = parseHistory(JSON.stringify(ops));
    expect(history.versionOrder).toEqual({ x: [1, 2] });
    expect(history.transactions[2]!.ops.map((o) => o.value)).toEqual([1, 2]);
    const outcome = checkHistory(history, "SI");
    expect(outcome).toMatchObject({ kind: "fail", method: "dependency-graph", anomaly: { name: "non-repeatable-read" } });
    // One transaction reads x at two committed versions: forbidden from read atomic (Elle calls it internal).
    expect(checkHistory(history, "RA")).toMatchObject({ kind: "fail", anomaly: { name: "non-repeatable-read" } });
    expect(checkHistory(history, "RC").kind).toBe("pass");
  });

  it("finds list reads no single order of appends explains (incompatible order)", () => {
    const ops = [
      { type: "ok", f: "txn", value: [["append", "x", 1], ["append", "x", 2]], process: 0, index: 1 },
      { type: "ok", f: "txn", value: [["append", "x", 3]], process: 1, index: 2 },
      { type: "ok", f: "txn", value: [["r", "x", [1, 2]]], process: 2, index: 3 },
      { type: "ok", f: "txn", value: [["r", "x", [1, 3]]], process: 3, index: 4 },
    ];
    for (const level of ["RU", "SER"] as const) expect(checkHistory(parseHistory(JSON.stringify(ops)), level)).toMatchObject({ kind: "fail", anomaly: { name: "incompatible-order" } });
  });

  it.each([
    ['[{"id": "t1", "ops": [["w", "x", 1]]},\n {"id": "t2", "ops": [["x", "y", 1]]}]', 2, "[1].ops[0]: expected an operation"],
    ['{"transactions": [\n{"id": "t1", "ops": []},\n{"id": "t1", "ops": []}]}', 3, "transactions[1].id: transaction t1 appears twice"],
    ['[{"id": "t1",\n "ops": [["r", "x", {"a": 1}]]}]', 2, "[0].ops[0]: expected the value"],
    ['[{"id": "t1", "ops": [], "status": "maybe"}]', 1, '[0].status: expected "committed", "aborted" or "unknown"'],
    ['{"transactions": [], "versionOrder": {"x": 3}}', 1, "versionOrder.x: expected a list"],
    ['{"events": []}', 1, "expected a list of transactions"],
    ['[{"id": "t1", "start": 5,\n "end": 2, "ops": []}]', 2, "[0].end: ends (2) before it starts (5)"],
    ['{\n "transactions": [\n {"id": "t1", "ops": []},\n {"id": "t2" "ops": []}]}', 4, "expected a JSON history"],
    ['[{"id": "t1",\n "ops": [}', 2, "expected a JSON history"],
    ['{"type": "ok", "f": "txn", "value": [["r", "x", 1]], "process": 0}\n{"type": "ok", "f": "txn", "value": [["q", "x", 1]], "process": 0}', 2, 'expected a micro-operation "r", "w" or "append"'],
  ])("says where a bad history is wrong (%#)", (text, line, problem) => {
    const e = inputError(text);
    expect(e.position.line).toBe(line);
    expect(e.message).toContain(problem);
    expect(e.message.startsWith(`h.json:${line}:`)).toBe(true);
  });
});
