import { describe, expect, it } from "vitest";
import { mismatch, toPlain, toItfNames } from "../../src/runtime/index.js";
import { parseValue } from "../../src/values/index.js";

describe("matching implementation values against model values", () => {
  const v = parseValue;
  it("maps model values to plain data", () => {
    expect(toPlain(v('[a |-> {p2, p1}, f |-> (k1 :> NoValue @@ k2 :> t1), s |-> <<1, "x">>]'))).toEqual({
      a: ["p1", "p2"],
      f: { k1: "NoValue", k2: "t1" },
      s: [1, "x"],
    });
    expect(toItfNames(v("(k1 :> {t1})"))).toEqual({ "#map": [["k1", { "#set": ["t1"] }]] });
  });

  const matches: [string, unknown][] = [
    ["NoValue", "NoValue"],
    ["NoValue", { "#unserializable": "NoValue" }],
    ["3", 3],
    ["3", 3n],
    ["3", { "#bigint": "3" }],
    ["{1, 2}", [2, 1]],
    ["{1, 2}", new Set([1, 2])],
    ["{1, 2}", { "#set": [2, 1] }],
    ["<<1, 2>>", { "#tup": [1, 2] }],
    ["(k1 :> 1 @@ k2 :> 2)", { k2: 2, k1: 1 }],
    ["(k1 :> 1 @@ k2 :> 2)", new Map([["k1", 1], ["k2", 2]])],
    ["(k1 :> 1 @@ k2 :> 2)", { "#map": [["k2", 2], [{ "#unserializable": "k1" }, 1]] }],
    ["(0 :> TRUE @@ 5 :> FALSE)", new Map<number, boolean>([[0, true], [5, false]])],
    ["[a |-> <<>>]", { a: [] }],
  ];
  for (const [model, impl] of matches) {
    it(`${model} matches ${String(JSON.stringify(impl, (_, x) => (typeof x === "bigint" ? `${x}n` : x)))}`, () => {
      expect(mismatch(v(model), impl)).toBeUndefined();
    });
  }

  const differs: [string, unknown, string][] = [
    ["NoValue", "t1", "the value"],
    ["3", "3", "the value"],
    ["{1, 2}", [1, 1], "the value"],
    ["{1, 2}", [1, 2, 3], "the value"],
    ["<<1, 2>>", [2, 1], "[0]"],
    ["(k1 :> 1 @@ k2 :> 2)", { k1: 1, k2: 3 }, "[k2]"],
    ["(k1 :> 1 @@ k2 :> 2)", { k1: 1 }, "the value"],
    ["[a |-> [b |-> 1]]", { a: { b: 2 } }, ".a.b"],
    ["TRUE", "TRUE", "the value"],
  ];
  for (const [model, impl, where] of differs) {
    it(`${model} differs from ${JSON.stringify(impl)} at ${where}`, () => {
      expect(mismatch(v(model), impl)).toBe(where);
    });
  }
});
