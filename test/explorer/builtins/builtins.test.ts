import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { BUILTIN_MODULES, builtinAsArgument, builtinOperators } from "../../../src/explorer/builtins/index.js";
import { bool, equals, int, isSet, parseValue, printValue, record, seq, set, setElements, str, type Value } from "../../../src/values/index.js";
import { CASES, expression, key } from "./cases.js";
import { BuiltinFailure, call, n, op, testHost } from "./helpers.js";

const ANSWERS = JSON.parse(readFileSync(path.join(import.meta.dirname, "tlc-answers.json"), "utf8")) as Record<string, { value: string } | { error: string }>;

/** The modules whose errors we word exactly as TLC does. */
const SAME_MESSAGES = new Set(["Sequences", "FiniteSets", "Bags", "TLC", "IOUtils", "Functions", "FiniteSetsExt", "SequencesExt", "Randomization", "TLCExt"]);

/** Runs a case: its value, or the failure's message. */
function run(c: (typeof CASES)[number]): { value: Value } | { error: string } {
  try {
    return { value: call(c.module, c.op, c.args) };
  } catch (err) {
    if (err instanceof BuiltinFailure) return { error: err.message };
    throw err;
  }
}

describe("built-in operators agree with TLC", () => {
  for (const module of new Set(CASES.map((c) => c.module))) {
    it(`${module}`, () => {
      for (const c of CASES.filter((x) => x.module === module)) {
        const answer = ANSWERS[key(c)];
        expect.soft(answer, `no TLC answer for ${key(c)}`).toBeDefined();
        if (answer === undefined) continue;
        const ours = run(c);
        if ("error" in answer) {
          // Where we word the error as TLC does, it is TLC's message after its "Evaluating assumption ... failed." line.
          // (For an error inside a Java override, the override's own message.)
          const tlcMessage = answer.error.replace(/^Evaluating assumption [^\n]*\n/, "").replace(/^Attempted to apply the operator overridden by the Java method\n[^\n]*\nbut it produced the following error:\n/, "");
          if ("error" in ours && SAME_MESSAGES.has(c.module)) expect.soft(tlcMessage.startsWith(ours.error.split("\n(")[0]!), `${expression(c)}: we say\n${ours.error}\nTLC says\n${tlcMessage}`).toBe(true);
          expect.soft("error" in ours, `${expression(c)}: TLC fails (${answer.error.split("\n")[0]}), we gave ${"value" in ours ? printValue(ours.value) : ""}`).toBe(true);
        } else {
          expect.soft("value" in ours, `${expression(c)}: TLC gives ${answer.value}, we fail: ${"error" in ours ? ours.error : ""}`).toBe(true);
          if (!("value" in ours)) continue;
          const theirs = parseValue(answer.value);
          expect.soft(equals(ours.value, theirs), `${expression(c)}: TLC gives ${answer.value}, we give ${printValue(ours.value)}`).toBe(true);
        }
      }
    });
  }
});

function fails(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof BuiltinFailure) return err.message;
    throw err;
  }
  throw new Error("expected a failure");
}

describe("error messages say what TLC says", () => {
  it("Sequences", () => {
    expect(fails(() => call("Sequences", "Head", ["<<>>"]))).toBe("Attempted to apply Head to the empty sequence.");
    expect(fails(() => call("Sequences", "Tail", ['""']))).toBe("Attempted to apply Tail to the empty sequence.");
    expect(fails(() => call("Sequences", "Len", ["{1}"]))).toBe("The argument of Len should be a sequence, but instead it is:\n{1}");
    expect(fails(() => call("Sequences", "SubSeq", ["<<1, 2>>", '"a"', "1"]))).toBe('The second argument of SubSeq should be a natural number, but instead it is:\n"a"');
    expect(fails(() => call("Sequences", "SubSeq", ["<<1, 2>>", "1", "3"]))).toBe("The third argument of SubSeq must be in the domain of its first argument:\n<<1, 2>>\n, but instead it is\n3");
    expect(fails(() => call("Sequences", "Append", ["{}", "1"]))).toBe("Evaluating an expression of the form Append(s, v) when s is not a sequence:\n{}");
    expect(fails(() => call("Sequences", "SelectSeq", ["<<1>>", op("LAMBDA x: 1", () => int(1))]))).toMatch(/boolean-valued operator/);
  });

  it("FiniteSets, Bags, TLC", () => {
    expect(fails(() => call("FiniteSets", "Cardinality", ["<<1>>"]))).toBe("Attempted to compute cardinality of the value\n<<1>>");
    expect(fails(() => call("Bags", "BagCardinality", ["[a |-> 0]"]))).toBe("Applying BagCardinality to the following value,\nwhich is not a bag:\n[a |-> 0]");
    expect(fails(() => call("Bags", "(+)", ["[a |-> 0]", "[a |-> 1]"]))).toBe("The first argument of (+) should be a bag, but instead it is:\n[a |-> 0]");
    expect(fails(() => call("TLC", "Assert", ["FALSE", '"broken"']))).toBe('The first argument of Assert evaluated to FALSE; the second argument was:\n"broken"');
    expect(fails(() => call("TLC", "TLCGet", ["3"]))).toBe("TLCGet(3) was undefined.");
    expect(fails(() => call("TLC", "TLCGet", ['"level"']))).toMatch(/TLCGet\("level"\) is not available/);
    expect(fails(() => call("FiniteSetsExt", "Max", ["{}"]))).toMatch(/CHOOSE/);
  });

  it("lazy sets: Path(G) is infinite, BoundedSeq and Injection are tested without being built", () => {
    const host = testHost();
    const paths = call("Graphs", "Path", ["[node |-> {1, 2}, edge |-> {<<1, 2>>}]"], host);
    expect(host.member(parseValue("<<1, 2>>"), paths)).toBe(true);
    expect(host.member(parseValue("<<2, 1>>"), paths)).toBe(false);
    expect(call("FiniteSets", "IsFiniteSet", [paths], host)).toEqual(bool(false));
    expect(() => call("FiniteSets", "Cardinality", [paths], host)).toThrow(/infinite/);
    const seqs = call("SequencesExt", "BoundedSeq", ["1..3", "10"], host);
    expect(host.member(parseValue("<<1, 2, 3, 3>>"), seqs)).toBe(true);
    expect(host.member(parseValue("<<4>>"), seqs)).toBe(false);
    expect(call("FiniteSets", "Cardinality", [seqs], host)).toEqual(int(88573)); // sum of 3^m for m in 0..10, not built
    const inj = call("Functions", "Injection", ["1..3", "1..3"], host);
    expect(host.member(parseValue("<<2, 3, 1>>"), inj)).toBe(true);
    expect(host.member(parseValue("<<2, 2, 1>>"), inj)).toBe(false);
    expect(call("FiniteSets", "Cardinality", [inj], host)).toEqual(int(6));
    const any = call("TLC", "Any", [], host);
    expect(host.member(parseValue('[a |-> {1}]'), any)).toBe(true);
    expect(call("FiniteSets", "IsFiniteSet", [any], host)).toEqual(bool(false));
  });
});

describe("TLC's stateful and random operators", () => {
  it("Print and PrintT write through the host; TLCSet and TLCGet share its registers", () => {
    const printed: string[] = [];
    const host = testHost(printed);
    expect(call("TLC", "Print", ['"x"', "1"], host)).toEqual(int(1));
    expect(call("TLC", "PrintT", ["<<1>>"], host).kind).toBe("bool");
    expect(printed).toEqual(['"x"  1', "<<1>>"]);
    call("TLC", "TLCSet", ["1", "5"], host);
    expect(call("TLC", "TLCGet", ["1"], host)).toEqual(int(5));
    expect(call("TLCExt", "TLCGetOrDefault", ["1", "0"], host)).toEqual(int(5));
    const old = call("TLCExt", "TLCGetAndSet", ["1", op("LAMBDA a, b: a + b", ([a, b]) => int(n(a) + n(b))), "2", "0"], host);
    expect(old).toEqual(int(5));
    expect(call("TLC", "TLCGet", ["1"], host)).toEqual(int(7));
    const withLevel = { ...testHost(), tlcGet: (k: string) => (k === "level" ? int(3) : undefined) };
    expect(call("TLC", "TLCGet", ['"level"'], withLevel)).toEqual(int(3));
  });

  it("random choices are elements of the right sets, and the same for the same arguments", () => {
    const e = call("TLC", "RandomElement", ["{1, 2, 3}"]);
    expect([1, 2, 3]).toContain(n(e));
    expect(call("TLC", "RandomElement", ["{1, 2, 3}"])).toEqual(e);
    const s = call("Randomization", "RandomSubset", ["2", "{1, 2, 3, 4}"]);
    expect(isSet(s) && setElements(s).length).toBe(2);
    const ss = call("Randomization", "RandomSetOfSubsets", ["3", "2", "1..5"]);
    expect(isSet(ss) && setElements(ss).length).toBeLessThanOrEqual(3);
    const rs = call("Randomization", "RandomSubsetSet", ["2", '"0.5"', "1..5"]);
    expect(isSet(rs) && setElements(rs).every((x) => isSet(x))).toBe(true);
    const t = call("Randomization", "TestRandomSetOfSubsets", ["3", "2", "1..5"]);
    expect(t.kind === "seq" && t.elements.length).toBe(5);
    expect(n(call("TLC", "JavaTime", []))).toBeGreaterThan(1_700_000_000);
  });
});

describe("modules TLC checks only through files, processes or its own state", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "builtins-"));

  it("Json files round-trip", () => {
    const file = path.join(dir, "v.json");
    const v = parseValue('[a |-> <<1, "x">>, b |-> TRUE]');
    call("Json", "JsonSerialize", [str(file), v]);
    expect(readFileSync(file, "utf8")).toBe('{"a":[1,"x"],"b":true}\n');
    expect(equals(call("Json", "JsonDeserialize", [str(file)]), v)).toBe(true);
    const nd = path.join(dir, "v.ndjson");
    call("Json", "ndJsonSerialize", [str(nd), seq([int(1), v])]);
    expect(equals(call("Json", "ndJsonDeserialize", [str(nd)]), seq([int(1), v]))).toBe(true);
  });

  it("IOUtils: environment, processes, text files", () => {
    const env = call("IOUtils", "IOEnv", []);
    expect(env.kind).toBe("record");
    const r = call("IOUtils", "IOExec", ['<<"echo", "hi">>']);
    expect(equals(r, record(["exitValue", "stdout", "stderr"], [int(0), str("hi\n"), str("")]))).toBe(true);
    const t = call("IOUtils", "IOExecTemplate", ['<<"echo", "%s-%s">>', '<<"a", "b">>']);
    expect(equals(t, record(["exitValue", "stdout", "stderr"], [int(0), str("a-b\n"), str("")]))).toBe(true);
    const e = call("IOUtils", "IOEnvExec", ['[X |-> "42"]', '<<"sh", "-c", "echo $X">>']);
    expect(printValue(e)).toContain('stdout |-> "42\\n"');
    const file = path.join(dir, "t.txt");
    call("IOUtils", "Serialize", [str("text"), str(file), parseValue('[format |-> "TXT", charset |-> "UTF-8", openOptions |-> <<"WRITE", "CREATE", "TRUNCATE_EXISTING">>]')]);
    expect(printValue(call("IOUtils", "Deserialize", [str(file), parseValue('[format |-> "TXT", charset |-> "UTF-8"]')]))).toContain('stdout |-> "text"');
    expect(fails(() => call("IOUtils", "IOSerialize", ["1", str(file), "FALSE"]))).toMatch(/binary/);
  });

  it("CSV writes and reads records", () => {
    const file = path.join(dir, "t.csv");
    expect(call("CSV", "CSVRecords", [str(file)])).toEqual(int(0));
    call("CSV", "CSVWrite", ['"%1$s#%2$s"', "<<1, 2>>", str(file)]);
    call("CSV", "CSVWriteRecord", ["[a |-> 3, b |-> 4]", '"#"', "FALSE", str(file)]);
    expect(existsSync(file)).toBe(true);
    expect(call("CSV", "CSVRecords", [str(file)])).toEqual(int(2));
    expect(equals(call("CSV", "CSVRead", ['<<"x", "y">>', '"#"', str(file)]), parseValue('<<[x |-> "1", y |-> "2"], [x |-> "3", y |-> "4"]>>'))).toBe(true);
  });

  it("SVG documents serialize to files", () => {
    const prefix = path.join(dir, "frame");
    const doc = call("SVG", "SVGDoc", [call("SVG", "Circle", ["1", "2", "3", "<<>>"]), "0", "0", "10", "10", "<<>>"]);
    call("SVG", "SVGSerialize", [doc, str(prefix), int(7)]);
    expect(readFileSync(`${prefix}007.svg`, "utf8")).toBe(
      "<svg xmlns:xlink='http://www.w3.org/1999/xlink' xmlns='http://www.w3.org/2000/svg' viewBox='0 0 10 10'><circle cx='1' cy='2' r='3'></circle></svg>",
    );
    writeFileSync(path.join(dir, "unused"), "");
  });
});

describe("the registry", () => {
  it("knows every module, and a module's table holds what it EXTENDS", () => {
    for (const m of ["Naturals", "Integers", "Reals", "Sequences", "FiniteSets", "Bags", "TLC", "TLCExt", "Randomization", "Toolbox", "Json", "Folds", "Functions", "FiniteSetsExt", "SequencesExt", "BagsExt", "Bitwise", "Relation", "Graphs", "UndirectedGraphs", "IOUtils", "CSV", "SVG", "Combinatorics", "Statistics", "VectorClocks", "ShiViz", "DyadicRationals"]) {
      expect(BUILTIN_MODULES.has(m), m).toBe(true);
    }
    const ops = builtinOperators(["SequencesExt"]);
    for (const name of ["Len", "FoldSet", "Range", "MapThenFoldSet", "BagToSet", "Print", "Cardinality", "Max"]) expect(ops.has(name), name).toBe(true);
    expect(BUILTIN_MODULES.get("BagsExt")!.has("BagToSet")).toBe(false); // LOCAL INSTANCE Bags
    expect(BUILTIN_MODULES.get("Graphs")!.has("TransitiveClosure")).toBe(true);
    expect(BUILTIN_MODULES.get("Bags")!.get("\\oplus")).toBe(BUILTIN_MODULES.get("Bags")!.get("(+)"));
    expect(BUILTIN_MODULES.get("TLC")!.get("SortSeq")!.operatorParams).toEqual([false, true]);
  });

  it("passes a built-in as another's operator argument (FoldFunction(Add, Zero, f))", () => {
    const host = testHost();
    const add = builtinAsArgument(BUILTIN_MODULES.get("DyadicRationals")!.get("Add")!, host);
    const f = parseValue("<<[num |-> 1, den |-> 2], [num |-> 1, den |-> 4], [num |-> 1, den |-> 4]>>");
    const sum = call("Functions", "FoldFunction", [{ tla: "Add", fn: add }, "[num |-> 0, den |-> 1]", f], host);
    expect(equals(sum, parseValue("[num |-> 1, den |-> 1]"))).toBe(true);
  });

  it("Combinatorics' factorial is a function; VectorClocks orders a log causally", () => {
    const f = call("Combinatorics", "factorial", []);
    expect(f.kind === "function" && printValue(f).startsWith("(0 :> 1 @@ 1 :> 1 @@ 2 :> 2 @@ 3 :> 6")).toBe(true);
    const clock = op("LAMBDA e: e.vc", ([e]) => (e!.kind === "record" ? e!.values[e!.fields.indexOf("vc")]! : int(0)));
    const node = op("LAMBDA e: e.n", ([e]) => (e!.kind === "record" ? e!.values[e!.fields.indexOf("n")]! : int(0)));
    const dom = op("LAMBDA vc: DOMAIN vc", ([vc]) => (vc!.kind === "record" ? set(vc!.fields.map(str)) : set([])));
    // b receives a's message: a1 -> b1 (b's clock has seen a's first event) and b2 after b1.
    const log = parseValue('<<[n |-> "b", vc |-> [a |-> 1, b |-> 1]], [n |-> "a", vc |-> [a |-> 1, b |-> 0]], [n |-> "b", vc |-> [a |-> 1, b |-> 2]]>>');
    const sorted = call("VectorClocks", "CausalOrder", [log, clock, node, dom]);
    expect(printValue(sorted)).toBe('<<[n |-> "a", vc |-> [a |-> 1, b |-> 0]], [n |-> "b", vc |-> [a |-> 1, b |-> 1]], [n |-> "b", vc |-> [a |-> 1, b |-> 2]]>>');
    expect(call("VectorClocks", "IsCausalOrder", [sorted, clock]).kind).toBe("bool");
    expect(printValue(call("VectorClocks", "IsCausalOrder", [sorted, clock]))).toBe("TRUE");
    expect(printValue(call("VectorClocks", "IsCausalOrder", [log, clock]))).toBe("FALSE");
  });
});
