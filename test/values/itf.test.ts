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
