import fc from "fast-check";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { unescapeDot } from "../../src/dump/index.js";
import {
  ValueSyntaxError,
  equals,
  fn,
  int,
  interval,
  modelValue,
  parseActionLabel,
  parseAssignment,
  parseValue,
  printActionLabel,
  printState,
  printValue,
  recordOf,
  seq,
  set,
  str,
  FALSE,
  TRUE,
} from "../../src/values/index.js";
import { valueArb } from "../helpers/arbitraries.js";
import { HAVE_FIXTURES, TLC_FIXTURES, manifest, dotFile } from "../helpers/fixtures.js";

describe("parseValue reads every form TLC prints", () => {
  const cases: [string, ReturnType<typeof parseValue>][] = [
    ["TRUE", TRUE],
    ["FALSE", FALSE],
    ["42", int(42)],
    ["-3", int(-3)],
    ['"say \\"hi\\"\\\\n\\t"', str('say "hi"\\n\t')],
    ['"é"', str("é")],
    ["NULL", modelValue("NULL")],
    ["{}", set([])],
    ["{p1, p2}", set([modelValue("p1"), modelValue("p2")])],
    ["1..3", interval(1, 3)],
    ["<<>>", seq([])],
    ["<<1, TRUE>>", seq([int(1), TRUE])],
    ["[count |-> 0, flag |-> FALSE]", recordOf({ count: int(0), flag: FALSE })],
    ["(p1 :> 0 @@ p2 :> 1)", fn([modelValue("p1"), modelValue("p2")], [int(0), int(1)])],
    ["(1 :> {} @@ 3 :> {NULL})", fn([int(1), int(3)], [set([]), set([modelValue("NULL")])])],
    ["{{}, {1}, {2}, {1, 2}}", set([set([]), set([int(1)]), set([int(2)]), set([int(1), int(2)])])],
    ["<<[q |-> {}]>>", seq([recordOf({ q: set([]) })])],
  ];
  for (const [text, value] of cases) {
    it(`${text}`, () => {
      const parsed = parseValue(text);
      expect(equals(parsed, value)).toBe(true);
      expect(printValue(parsed)).toBe(text);
    });
  }

  it("reads values wrapped over several lines", () => {
    const text = "( t1 :> (k1 :> NoValue @@ k2 :> NoValue) @@\n  t2 :> (k1 :> NoValue @@ k2 :> NoValue) )";
    const v = parseValue(text);
    expect(printValue(v)).toBe("(t1 :> (k1 :> NoValue @@ k2 :> NoValue) @@ t2 :> (k1 :> NoValue @@ k2 :> NoValue))");
  });

  it("reads assignments and action labels", () => {
    expect(parseAssignment("/\\ x = 1").name).toBe("x");
    expect(parseAssignment("x = <<1>>").name).toBe("x");
    const label = parseActionLabel('Read(t1,k1,"v,w")');
    expect(label.name).toBe("Read");
    expect(label.args.map(printValue)).toEqual(["t1", "k1", '"v,w"']);
    expect(parseActionLabel("Tick")).toEqual({ name: "Tick", args: [] });
    // TLC names an instance's action I!Op (and F!G!Op for nested instances).
    expect(parseActionLabel("L!Inc")).toEqual({ name: "L!Inc", args: [] });
    expect(parseActionLabel("F!G!Send(1,p1)").name).toBe("F!G!Send");
    expect(parseActionLabel("F!G!Send(1,p1)").args.map(printValue)).toEqual(["1", "p1"]);
  });

  const errors: [string, number, RegExp][] = [
    ["{1, 2", 6, /expected one of '}', ','.*found end of input/],
    ["<<1 2>>", 5, /expected one of '>>', ','/],
    ["[a |-> 1, a |-> 2]", 11, /field a is given twice/],
    ["(1 :> 2 @@ 1 :> 3)", 1, /key given twice/],
    ["{1}}", 4, /expected end of input/],
    ["99999999999999999999", 1, /out of range/],
    ["[a |-> ]", 8, /expected/],
    ['"open', 1, /unexpected character/],
  ];
  for (const [text, column, message] of errors) {
    it(`reports ${JSON.stringify(text)} at column ${column}`, () => {
      try {
        parseValue(text);
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValueSyntaxError);
        expect((e as ValueSyntaxError).column).toBe(column);
        expect((e as ValueSyntaxError).expected).toMatch(message);
      }
    });
  }

  it("reports values nested too deeply instead of overflowing the stack", () => {
    const deep = "{".repeat(50_000) + "}".repeat(50_000);
    expect(() => parseValue(deep)).toThrow(ValueSyntaxError);
  });

  it("property: printing then parsing gives an equal value", () => {
    fc.assert(
      fc.property(valueArb, (v) => {
        const back = parseValue(printValue(v));
        expect(equals(back, v)).toBe(true);
        expect(printValue(back)).toBe(printValue(v));
      }),
    );
  });

  it("prints states and action labels as TLC does", () => {
    expect(printState([["x", int(1)]])).toBe("x = 1");
    expect(printState([["x", int(1)], ["y", TRUE]])).toBe("/\\ x = 1\n/\\ y = TRUE");
    expect(printActionLabel("Read", [modelValue("t1"), int(2)])).toBe("Read(t1,2)");
    expect(printActionLabel("Tick", [])).toBe("Tick");
  });
});

/** Removes TLC's 80-column wrapping: newlines with indents, and the padding `[ `/` ]`/`( `/` )` it adds. */
function unwrap(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === "\\") out += text[++i];
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    if (c === "\n" && text[i + 1] === " ") {
      while (text[i + 1] === " ") i++;
      out += " ";
      continue;
    }
    out += c;
  }
  return out.replace(/([[(]) /g, "$1").replace(/ ([\])])/g, "$1");
}

describe.skipIf(!HAVE_FIXTURES)("printing a parsed fixture label gives the label back", () => {
  for (const c of manifest().filter((m) => !dotFile(m.case).endsWith(".gz"))) {
    it(c.case, () => {
      const text = readFileSync(dotFile(c.case), "utf8");
      const labels = [...text.matchAll(/^-?\d+ \[label="((?:[^"\\]|\\.)*)"/gm)].map((m) => unescapeDot(m[1]!));
      expect(labels.length).toBe(c.dot.states);
      for (const label of labels) {
        const entries = label.split(/\n(?=\/\\ )/);
        const printed = printState(entries.map((e) => {
          const a = parseAssignment(e);
          return [a.name, a.value] as const;
        }));
        expect(unwrap(printed)).toBe(unwrap(label));
      }
      const edgeLabels = [...text.matchAll(/ -> -?\d+ \[label="((?:[^"\\\n]|\\.)*)/gm)].map((m) => unescapeDot(m[1]!)).filter((l) => l !== "");
      for (const l of edgeLabels) {
        const a = parseActionLabel(l);
        expect(printActionLabel(a.name, a.args)).toBe(l);
      }
    });
  }
});

it.skipIf(!HAVE_FIXTURES)("fixture folder is where the tests expect it", () => {
  expect(path.basename(TLC_FIXTURES)).toBe("tlc");
});
