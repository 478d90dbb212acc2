import { describe, expect, it } from "vitest";
import { MappingError, loadMapping, parseMapping, readMappedLogs, type Mapping } from "../../src/validate/index.js";
import { parseJsonWithPositions } from "../../src/validate/json-positions.js";
import { put, workspace } from "../helpers/workspace.js";

const dir = workspace("mapping");
let counter = 0;
const file = (lines: readonly (object | string)[]): string => put(dir, `log${counter++}.ndjson`, lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n");

/** The problems of a mapping text, as `line:column: path: problem`. */
function problems(text: string): string[] {
  try {
    parseMapping(text, "m.json");
  } catch (e) {
    if (e instanceof MappingError) return e.problems.map((p) => `${p.line}:${p.column}: ${p.path}: ${p.problem}`);
    throw e;
  }
  return [];
}

const BASE = { host: "node", clock: "vc", events: [{ when: { ev: "x" }, action: "X" }] };
const mapping = (m: object = BASE): Mapping => parseMapping(JSON.stringify(m), "m.json");

describe("JSON with positions", () => {
  it("records where values and keys start, and locates syntax errors", () => {
    const parsed = parseJsonWithPositions('{\n  "a": [1,\n    {"b.c": true}]\n}');
    expect(parsed.ok && parsed.value).toEqual({ a: [1, { "b.c": true }] });
    expect(parsed.ok && parsed.values.get("$.a[1]")).toEqual({ line: 3, column: 5 });
    expect(parsed.ok && parsed.keys.get('$.a[1]["b.c"]')).toEqual({ line: 3, column: 6 });
    expect(parseJsonWithPositions('{"a": 1,\n "b" 2}')).toEqual({ ok: false, position: { line: 2, column: 6 }, problem: "expected ':' after the key \"b\"" });
    expect(parseJsonWithPositions("[1, 2")).toMatchObject({ ok: false, problem: "expected ',' or ']' in an array" });
  });
});

describe("the mapping schema", () => {
  it("accepts a full mapping", () => {
    const m = mapping({
      description: "all features",
      header: { lines: 2, constants: { N: "N" } },
      ignore: [{ when: { level: "debug" } }],
      host: "node",
      clock: { path: "pkt.vc", hosts: ["tm", "r1"] },
      events: [
        { name: "A", when: { "pkt.type": "a" }, action: "A", args: { i: { path: "node" }, k: { value: 1 } }, state: { x: { path: "x" } } },
        { when: { "pkt.type": "b" }, action: "B", args: [{ value: "v" }] },
        { name: "S", stutter: true },
      ],
    });
    expect(m.header).toEqual({ lines: 2, constants: [{ name: "N", path: { segments: ["N"], text: "N" } }] });
    expect(m.clock.hosts).toEqual(["tm", "r1"]);
    expect(m.events.map((r) => r.kind)).toEqual(["action", "action", "stutter"]);
    expect(m.events[0]).toMatchObject({ name: "A", when: [{ path: { segments: ["pkt", "type"] }, equals: "a" }], args: { i: { kind: "path" }, k: { kind: "value", value: 1 } } });
  });

  it("wrong types, with the line, column and JSON path of each", () => {
    const text = ['{"host": 3,', ' "clock": {"path": "vc", "hosts": ["a", "a"]},', ' "events": [{"when": {"ev": "x"}, "action": "X", "args": {"i": "node"}},', '            {"when": ["ev"], "stutter": "yes"}]}'].join("\n");
    expect(problems(text)).toEqual([
      '1:10: $.host: expected a field path such as "pkt.vc", found number 3',
      "2:35: $.clock.hosts: a host is listed twice",
      '3:64: $.events[0].args.i: expected {"path": "field.subfield"} (a field of the line) or {"value": <JSON>} (a constant), found string "node"',
      '4:22: $.events[1].when: expected an object of field paths to the values they must equal, such as {"event": "<", "pkt.msg.type": "tok"}, found an array',
    ]);
  });

  it("unknown fields, at the key, with the fields expected", () => {
    expect(problems('{"host": "node", "clock": "vc",\n "events": [{"actoin": "X"}], "colck": 1}')).toEqual([
      '2:13: $.events[0]: missing field "action" (or "stutter": true for a line that is no action)',
      '2:14: $.events[0].actoin: unknown field "actoin" (expected "description", "name", "when", "action", "stutter", "args", "state")',
      '2:31: $.colck: unknown field "colck" (expected "description", "header", "initial", "ignore", "host", "clock", "events")',
    ]);
  });

  it("missing fields and bad paths", () => {
    expect(problems('{"host": "node..id", "events": [{"when": {"a": 1}}]}')).toEqual([
      '1:1: $: missing field "clock"',
      '1:10: $.host: "node..id" is not a field path: expected names separated by single dots, such as "pkt.vc"',
      '1:33: $.events[0]: missing field "action" (or "stutter": true for a line that is no action)',
    ]);
    expect(problems('{"host": "n", "clock": "vc", "events": []}')).toEqual(["1:40: $.events: expected at least one rule"]);
    expect(problems('{"host": "n", "clock": "vc", "events": [{"stutter": true, "action": "X"}], "header": {"lines": 0, "constants": {"N": "N"}}}')).toEqual([
      "1:41: $.events[0]: a rule is an \"action\" or a \"stutter\", not both",
      "1:96: $.header.lines: constants come from header lines: lines must be at least 1",
    ]);
  });

  it("not JSON: MAPPING_SYNTAX with line and column; an absent file: MAPPING_NOT_FOUND", async () => {
    expect(() => parseMapping('{"host": "n",\n  "clock" "vc"}', "m.json")).toThrow(expect.objectContaining({ code: "MAPPING_SYNTAX", message: "m.json:2:11: $: not JSON: expected ':' after the key \"clock\"" }));
    expect(() => parseMapping("[]", "m.json")).toThrow(expect.objectContaining({ code: "MAPPING_SCHEMA", message: "m.json:1:1: $: expected an object, found an array" }));
    await expect(loadMapping(`${dir}/absent.json`)).rejects.toMatchObject({ code: "MAPPING_NOT_FOUND" });
  });
});

describe("reading logs through a mapping", () => {
  it("numeric hosts, an object clock keyed by host, each host's events in its own clock's order across files", async () => {
    const m = mapping();
    const a = file([{ ev: "x", node: 1, vc: { "1": 2, "0": 1 } }, { ev: "x", node: 0, vc: { "0": 2 } }]);
    const b = file([{ ev: "x", node: 0, vc: { "0": 1 } }, { ev: "x", node: 1, vc: { "1": 1, "0": 0 } }]);
    const { logs, problems } = await readMappedLogs([a, b], m);
    expect(problems).toEqual([]);
    expect(logs.hosts).toEqual(["0", "1"]);
    expect(logs.byHost.get("0")!.map((e) => `${e.file === a ? "a" : "b"}:${e.line}`)).toEqual(["b:1", "a:2"]);
    expect(logs.byHost.get("1")!.map((e) => [e.line, e.clock])).toEqual([
      [2, { "1": 1 }],
      [1, { "1": 2, "0": 1 }],
    ]);
  });

  it("hosts 2 and 10 in numeric order; an array clock indexed by host id, or named by clock.hosts", async () => {
    const byIndex = await readMappedLogs([file([{ ev: "x", node: 10, vc: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1] }, { ev: "x", node: 2, vc: [0, 0, 1] }])], mapping());
    expect(byIndex.logs.hosts).toEqual(["2", "10"]);
    expect(byIndex.logs.byHost.get("10")![0]!.clock).toEqual({ "10": 1 });
    const named = await readMappedLogs([file([{ ev: "x", node: "r1", vc: [3, 1] }])], mapping({ ...BASE, clock: { path: "vc", hosts: ["tm", "r1"] } }));
    expect(named.logs.byHost.get("r1")![0]!.clock).toEqual({ tm: 3, r1: 1 });
    await expect(readMappedLogs([file([{ ev: "x", node: "r1", vc: [3, 1, 1] }])], mapping({ ...BASE, clock: { path: "vc", hosts: ["tm", "r1"] } }))).rejects.toThrow(/:1:1: the clock at "vc" has 3 entries, but clock.hosts of m.json names 2 hosts/);
  });

  it("header lines give constants (each file's header must agree); ignore rules skip lines", async () => {
    const m = mapping({ ...BASE, header: { constants: { N: "cfg.N" } }, ignore: [{ when: { level: "debug" } }] });
    const a = file([{ cfg: { N: 3 } }, { level: "debug", msg: "hello" }, { ev: "x", node: 0, vc: { "0": 1 } }]);
    const b = file([{ cfg: { N: 3 } }]);
    const read = await readMappedLogs([a, b], m);
    expect(read.logs.events).toBe(1);
    expect(read.ignored).toBe(1);
    expect(read.constants.get("N")).toEqual({ value: 3, file: a, line: 1 });
    await expect(readMappedLogs([a, file([{ cfg: { N: 4 } }])], m)).rejects.toThrow(/log\d+\.ndjson:1:1: constant N is 4 here but 3 at .*log\d+\.ndjson:1/);
    await expect(readMappedLogs([file([{ N: 3 }])], m)).rejects.toMatchObject({ code: "LOG_HEADER", message: expect.stringMatching(/:1:1: expected constant N at "cfg.N" of this header line \(header.constants.N of m.json\)/) });
  });

  it("rules: the first whose conditions all hold; arguments from fields or constants, by name or position; stutters; state", async () => {
    const m = mapping({
      host: "node",
      clock: "pkt.vc",
      events: [
        { when: { event: ">", "pkt.msg.type": "tok", "pkt.snd": 0 }, action: "InitiateProbe" },
        { when: { event: ">", "pkt.msg.type": "tok" }, action: "PassToken", args: { i: { path: "pkt.snd" }, tag: { value: { "#set": [1] } } } },
        { when: { event: "s" }, action: "Set", args: [{ path: "pkt.v" }], state: { x: { path: "pkt.v" }, y: { value: true } } },
        { name: "RecvToken", when: { event: "<", "pkt.msg.type": "tok" }, stutter: true, state: { q: { path: "pkt.msg.q" } } },
      ],
    });
    const f = file([
      { event: ">", node: 0, pkt: { snd: 0, msg: { type: "tok" }, vc: { "0": 1 } } },
      { event: ">", node: 1, pkt: { snd: 1, msg: { type: "tok" }, vc: { "1": 1 } } },
      { event: "s", node: 1, pkt: { v: 7, vc: { "1": 2 } } },
      { event: "<", node: 1, pkt: { msg: { type: "tok", q: 2 }, vc: { "1": 3 } } },
    ]);
    const { logs } = await readMappedLogs([f], m);
    const shown = (h: string): unknown[] => logs.byHost.get(h)!.map(({ event, args, state, stutter, line }) => ({ event, args, state, stutter, line }));
    expect(shown("0")).toEqual([{ event: "InitiateProbe", args: undefined, state: undefined, stutter: undefined, line: 1 }]);
    expect(shown("1")).toEqual([
      { event: "PassToken", args: { i: 1, tag: { "#set": [1] } }, state: undefined, stutter: undefined, line: 2 },
      { event: "Set", args: [7], state: { x: 7, y: true }, stutter: undefined, line: 3 },
      { event: "RecvToken", args: undefined, state: { q: 2 }, stutter: true, line: 4 },
    ]);
  });

  it("a line that does not fit the mapping is an error naming its file:line", async () => {
    const m = mapping({ ...BASE, events: [{ when: { ev: "x" }, action: "X", args: { i: { path: "who.id" } } }] });
    const ok = { ev: "x", node: 0, vc: { "0": 1 }, who: { id: 1 } };
    await expect(readMappedLogs([file([ok, { ev: "y", node: 0, vc: { "0": 2 } }])], m)).rejects.toMatchObject({
      code: "LOG_UNMAPPED",
      message: expect.stringMatching(/log\d+\.ndjson:2:1: no rule in events of m.json matches this line: \{"ev":"y","node":0,"vc":\{"0":2\}\}$/),
    });
    await expect(readMappedLogs([file([ok, { ev: "x", vc: { "0": 2 } }])], m)).rejects.toThrow(/:2:1: expected the host at "node" \(host in m.json\)/);
    await expect(readMappedLogs([file([{ ev: "x", node: 0, who: { id: 1 } }])], m)).rejects.toThrow(/:1:1: expected the vector clock at "vc" \(clock in m.json\)/);
    await expect(readMappedLogs([file([{ ev: "x", node: 0, vc: { "0": -1 }, who: { id: 1 } }])], m)).rejects.toThrow(/:1:1: the clock at "vc" gives host 0 -1: expected a non-negative integer/);
    await expect(readMappedLogs([file([ok, { ev: "x", node: 0, vc: { "0": 2 }, who: {} }])], m)).rejects.toMatchObject({
      code: "LOG_FIELD",
      message: expect.stringMatching(/:2:1: rule events\[0\] of m.json takes argument i from "who.id", which this line does not have/),
    });
    await expect(readMappedLogs([file([ok, "{not json", ok])], m)).rejects.toMatchObject({ code: "LOG_SYNTAX", message: expect.stringMatching(/:2:1: expected one JSON value per line/) });
  });

  it("a torn last line is a warning", async () => {
    const f = put(dir, "torn.ndjson", JSON.stringify({ ev: "x", node: 0, vc: { "0": 1 } }) + '\n{"ev": "x", "no');
    const read = await readMappedLogs([f], mapping());
    expect(read.logs.events).toBe(1);
    expect(read.logs.warnings).toEqual([`${f}:2: the last line is cut off (a crash mid-write?) and was ignored`]);
  });

  it("an own clock entry skipped or repeated is one problem at its line, not a cascade", async () => {
    const line = (node: number, own: number, other = 0): object => ({ ev: "x", node, vc: { [node]: own, ...(other ? { [1 - node]: other } : {}) } });
    // Host 0 skips entry 3; host 1's events follow host 0's 4th and 5th: with file positions, each would misfire.
    const skipped = await readMappedLogs([file([line(0, 5), line(0, 1), line(1, 1, 4), line(0, 4), line(0, 2), line(1, 2, 5)])], mapping());
    expect(skipped.problems.map((p) => `${p.line}: ${p.problem}`)).toEqual([expect.stringMatching(/^4: 0's clock goes from 2 \(.*:5\) to 4: entry 3 is missing$/)]);
    const repeated = await readMappedLogs([file([line(0, 1), line(0, 2), line(0, 2), line(0, 3)])], mapping());
    expect(repeated.problems.map((p) => `${p.line}: ${p.problem}`)).toEqual([expect.stringMatching(/^3: 0's own clock entry 2 is repeated \(also at .*:2\)$/)]);
    const first = await readMappedLogs([file([line(0, 3), line(0, 4)])], mapping());
    expect(first.problems.map((p) => `${p.line}: ${p.problem}`)).toEqual(["1: 0's first event has clock 3: entries 1 to 2 are missing"]);
    const own = await readMappedLogs([file([line(0, 1), { ev: "x", node: 1, vc: { "0": 1 } }])], mapping());
    expect(own.problems.map((p) => `${p.line}: ${p.problem}`)).toEqual(["2: the clock has no entry for its own host 1"]);
  });
});
