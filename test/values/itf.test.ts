import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ItfError, equals, fromItf, int, modelValue, parseValue, printValue, toItf } from "../../src/values/index.js";
import { valueArb } from "../helpers/arbitraries.js";

describe("ITF JSON codec", () => {
  it("encodes each kind as ITF does", () => {
    expect(toItf(parseValue("[a |-> {1}, b |-> <<TRUE, \"s\">>, c |-> (p1 :> 0)]"))).toEqual({
      a: { "#set": [1] },
      b: [true, "s"],
      c: { "#map": [[{ "#unserializable": "p1" }, 0]] },
    });
    expect(toItf(parseValue("1..3"))).toEqual({ "#set": [1, 2, 3] });
  });

  it("decodes #bigint, #tup and #unserializable", () => {
    expect(equals(fromItf({ "#bigint": "-12" }), int(-12))).toBe(true);
    expect(printValue(fromItf({ "#tup": [1, "a"] }))).toBe('<<1, "a">>');
    expect(equals(fromItf({ "#unserializable": "NULL" }), modelValue("NULL"))).toBe(true);
    expect(printValue(fromItf({ "#map": [[1, "a"], [2, "b"]] }))).toBe('<<"a", "b">>');
  });

  it("property: decoding an encoded value gives it back", () => {
    fc.assert(
      fc.property(valueArb, (v) => {
        const json = JSON.parse(JSON.stringify(toItf(v)));
        expect(equals(fromItf(json), v)).toBe(true);
      }),
    );
  });

  const bad: [unknown, string, RegExp][] = [
    [null, "$", /null is not a TLA\+ value/],
    [{ a: [1, 1.5] }, "$.a[1]", /expected an integer/],
    [{ "#bigint": "1e3" }, '$["#bigint"]', /digits/],
    [{ "#bigint": "123456789012345678901234" }, '$["#bigint"]', /too large/],
    [{ "#set": 3 }, '$["#set"]', /expected an array/],
    [{ "#map": [[1]] }, '$["#map"][0]', /pair/],
    [{ "#foo": 1 }, "$", /unknown ITF tag/],
    [{ "#set": [], x: 1 }, "$", /no other keys/],
  ];
  for (const [json, path, message] of bad) {
    it(`rejects ${JSON.stringify(json)} at ${path}`, () => {
      try {
        fromItf(json);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ItfError);
        expect((e as ItfError).path).toBe(path);
        expect((e as ItfError).problem).toMatch(message);
      }
    });
  }
});

describe("ITF traces", () => {
  it("itfTrace writes #meta, vars, states with their index and action, and loop", async () => {
    const { itfTrace } = await import("../../src/values/index.js");
    const doc = itfTrace(["x", "s"], [{ values: { x: 0, s: { "#set": [] } } }, { values: { x: 1, s: { "#set": [1] } }, action: "Inc(1)" }], { source: "M.tla" }, 0);
    expect(doc).toEqual({
      "#meta": { format: "ITF", "format-description": "https://apalache-mc.org/docs/adr/015adr-trace.html", source: "M.tla" },
      vars: ["x", "s"],
      states: [
        { "#meta": { index: 0 }, x: 0, s: { "#set": [] } },
        { "#meta": { index: 1, action: "Inc(1)" }, x: 1, s: { "#set": [1] } },
      ],
      loop: 0,
    });
  });

  it("parseItfTrace reads values, leaves the action variables out, and takes actions from #meta or mbt::actionTaken and picks", async () => {
    const { parseItfTrace } = await import("../../src/values/index.js");
    const text = JSON.stringify({
      vars: ["x", "mbt::actionTaken", "mbt::nondetPicks"],
      states: [
        { "#meta": { index: 0 }, x: { "#bigint": "9007199254740991" }, "mbt::actionTaken": "init", "mbt::nondetPicks": {} },
        { "#meta": { index: 1, action: 'Put("k",2)' }, x: 1, "mbt::actionTaken": "ignored", "mbt::nondetPicks": {} },
        { x: 2, "mbt::actionTaken": "Inc", "mbt::nondetPicks": { n: { tag: "Some", value: { "#bigint": "1" } }, m: { tag: "None", value: { "#tup": [] } } } },
        { x: 3, action_taken: "Inc" },
      ],
      loop: 1,
    });
    const trace = parseItfTrace(text, "t.itf.json");
    expect(trace.vars).toEqual(["x"]);
    expect(trace.loop).toBe(1);
    expect(trace.states.map((s) => printValue(s.values.get("x")!))).toEqual(["9007199254740991", "1", "2", "3"]);
    expect(trace.states[0]!.action).toBeUndefined();
    expect(trace.states[1]!.action?.name).toBe("Put");
    expect((trace.states[1]!.action?.args as readonly unknown[]).map((v) => printValue(v as never))).toEqual(['"k"', "2"]);
    const picks = trace.states[2]!.action?.args as ReadonlyMap<string, never>;
    expect([...picks.keys()]).toEqual(["n"]);
    expect(printValue(picks.get("n")!)).toBe("1");
    expect(trace.states[3]!.action).toEqual({ name: "Inc", args: undefined });
  });

  it("parseItfTrace refuses what is not a trace, with the file and where", async () => {
    const { parseItfTrace } = await import("../../src/values/index.js");
    const fail = (text: string): string => {
      try {
        parseItfTrace(text, "t.itf.json");
      } catch (e) {
        return `${(e as { code: string }).code}: ${(e as Error).message}`;
      }
      throw new Error("accepted");
    };
    expect(fail("{")).toMatch(/^ITF_SYNTAX: t\.itf\.json:1:2: /);
    expect(fail('{"vars": ["x"]}')).toMatch(/^ITF_TRACE: t\.itf\.json:1:1: expected an object with "states"/);
    expect(fail('{"vars": ["x"], "states": []}')).toMatch(/expected at least one state at \$\.states/);
    expect(fail('{"vars": ["x", "y"], "states": [{"x": 1}]}')).toMatch(/expected a value of variable y at \$\.states\[0\]/);
    expect(fail('{"vars": ["x"], "states": [{"x": {"#bigint": "1.5"}}]}')).toMatch(/^ITF_VALUE: .*\$\.states\[0\]\.x\["#bigint"\]/);
    expect(fail('{"vars": ["x"], "states": [{"x": 1}, {"#meta": {"action": "Put("}, "x": 2}]}')).toMatch(/an action label such as Write\(t1,k1\)/);
  });
});
