import { describe, expect, it } from "vitest";
import { describeDifference, differences, expectedLike, mismatch, toPlain, toItfNames } from "../../src/runtime/index.js";
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

describe("differences: only the differing parts, by their path", () => {
  const v = parseValue;
  const lines = (model: string, impl: unknown, name = "x"): string[] => differences(v(model), impl).map((d) => describeDifference(name, d));

  it("a match has none", () => {
    expect(differences(v("(k1 :> t1 @@ k2 :> NoValue)"), { k2: "NoValue", k1: "t1" })).toEqual([]);
    expect(differences(v("{1, 2}"), new Set([2, 1]))).toEqual([]);
  });

  it("a function's differing key, not the whole function", () => {
    expect(lines("(k1 :> t1 @@ k2 :> t2)", { k1: "NoValue", k2: "t2" }, "db")).toEqual(['db.k1: expected "t1", actual "NoValue"']);
  });

  it("nested records and sequences give the path down to the leaf", () => {
    expect(lines('[a |-> [b |-> <<1, 2, 3>>], c |-> "same"]', { a: { b: [1, 5, 3] }, c: "same" })).toEqual(["x.a.b[1]: expected 2, actual 5"]);
  });

  it("every differing key, and the missing and extra ones", () => {
    expect(lines("(k1 :> 1 @@ k2 :> 2 @@ k3 :> 3)", { k1: 9, k2: 2, k4: 4 })).toEqual([
      "x.k1: expected 1, actual 9",
      "x.k3: missing (the model has 3)",
      "x.k4: not in the model (actual 4)",
    ]);
  });

  it("sets say which elements are missing and which are extra", () => {
    expect(lines("{1, 2, 3}", [3, 1, 4])).toEqual(["x: missing 2; extra 4"]);
    expect(lines("{t1}", ["t1", "t2"])).toEqual(['x: extra "t2"']);
    expect(differences(v("{1, 2}"), [1])).toEqual([{ kind: "elements", path: "", missing: [v("2")], extra: [] }]);
  });

  it("a key that is not a name is shown in brackets", () => {
    expect(lines("(0 :> TRUE @@ 5 :> FALSE)", { 0: true, 5: true })).toEqual(["x[5]: expected false, actual true"]);
    expect(lines('("a b" :> 1 @@ "c" :> 1)', { "a b": 2, c: 1 })).toEqual(['x["a b"]: expected 1, actual 2']);
  });

  it("values of a different shape differ as a whole", () => {
    expect(lines("<<1, 2>>", [1])).toEqual(["x: expected [1,2], actual [1]"]);
    expect(lines("[a |-> 1]", "a")).toEqual(['x: expected {"a":1}, actual "a"']);
  });
});

describe("expected values in the implementation's form", () => {
  const v = parseValue;

  it("plain where the implementation answers plain JSON, though its adapter passes ITF", () => {
    // A subprocess adapter sends ITF (toItfNames) but the program may answer plain objects.
    expect(toItfNames(v("(k1 :> t1)"))).toEqual({ "#map": [["k1", "t1"]] });
    expect(expectedLike(v("(k1 :> t1 @@ k2 :> NoValue)"), { k1: "t2", k2: "NoValue" })).toEqual({ k1: "t1", k2: "NoValue" });
  });

  it("ITF where the implementation answers ITF", () => {
    expect(expectedLike(v("(k1 :> {t1})"), { "#map": [["k1", { "#set": [] }]] })).toEqual({ "#map": [["k1", { "#set": ["t1"] }]] });
    expect(expectedLike(v("[a |-> (k :> 1)]"), { a: { "#map": [] } })).toEqual({ a: { "#map": [["k", 1]] } });
  });

  it("Sets, Maps and bigints where the implementation uses them", () => {
    expect(expectedLike(v("{1, 2}"), new Set([3]))).toEqual(new Set([1, 2]));
    expect(expectedLike(v("(k1 :> 1)"), new Map([["k1", 2]]))).toEqual(new Map([["k1", 1]]));
    expect(expectedLike(v("7"), 8n)).toBe(7n);
  });

  it("a whole-value difference prints the expected side like the actual", () => {
    const [d] = differences(v("(k1 :> t1)"), { k1: "t1", k2: "t2" });
    expect(describeDifference("db", d!)).toBe('db.k2: not in the model (actual "t2")');
    const [whole] = differences(v("<<(k1 :> t1)>>"), { "#tup": [] });
    expect(describeDifference("log", whole!)).toBe('log: expected {"#tup":[{"#map":[["k1","t1"]]}]}, actual {"#tup":[]}');
  });
});
