import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import { afterEach, describe, expect, it } from "vitest";
import { TlabridgeError } from "../../src/errors.js";
import { BUILTIN_MODULES, type BuiltinModule } from "../../src/explorer/builtins/index.js";
import { exploreSpec } from "../../src/explorer/index.js";
import { instantiate, loadSpecModule, selectorDefinition, ZipArchive } from "../../src/explorer/modules.js";
import { parseModules, selectorOf, type Expr } from "../../src/explorer/syntax.js";
import { ROOT, cli } from "../helpers/fixtures.js";
import { int } from "../../src/values/index.js";

const FIXTURES = path.join(ROOT, "test", "fixtures", "explorer-modules");
const fixture = (...p: string[]): string => path.join(FIXTURES, ...p);

/** An environment with nothing to find: no TLA_PATH, no jar, no VS Code extension. */
const bare = (dir: string) => ({ env: {}, home: dir, cwd: dir });

/** A zip of the given files (stored when `store`, else deflated), as a jar is. */
function zip(files: Record<string, string>, store: readonly string[] = []): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const raw = Buffer.from(text, "utf8");
    const method = store.includes(name) ? 0 : 8;
    const data = method === 0 ? raw : deflateRawSync(raw);
    const nameBytes = Buffer.from(name, "utf8");
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(raw.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(raw.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const tmp = (): string => mkdtempSync(path.join(tmpdir(), "tlabridge-modules-"));

const COUNTER_SPEC = (ext: string): string => `---- MODULE Spec ----
EXTENDS Naturals, ${ext}
VARIABLE x
Init == x = 0
Next == x < Bound /\\ x' = x + 1
====
`;
const CFG = "INIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n";

/** Explores a spec written to a fresh folder. */
async function exploreIn(dir: string, spec: string, options: { libraryPaths?: string[]; tlcJar?: string } = {}) {
  writeFileSync(path.join(dir, "Spec.tla"), spec);
  writeFileSync(path.join(dir, "Spec.cfg"), CFG);
  return exploreSpec({ spec: path.join(dir, "Spec.tla"), ...options });
}

async function failure(p: Promise<unknown>): Promise<TlabridgeError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof TlabridgeError) return e;
    throw e;
  }
  throw new Error("expected an error");
}

describe("modules: where they are found", () => {
  const saved = process.env.TLA_PATH;
  afterEach(() => {
    if (saved === undefined) delete process.env.TLA_PATH;
    else process.env.TLA_PATH = saved;
  });

  it("--lib <dir>: a module beside neither the spec nor TLC is found in a library folder (TLC: -DTLA-Library; 4 states)", async () => {
    const outcome = await exploreSpec({ spec: fixture("uses-lib", "UsesLib.tla"), libraryPaths: [fixture("lib")] });
    expect(outcome.kind === "success" && [outcome.distinctStates, outcome.statesGenerated, outcome.depth]).toEqual([4, 4, 4]);
  });

  it("the CLI: explore --lib <dir> (repeatable); without it, the error says where it looked (exit 2)", async () => {
    const spec = fixture("uses-lib", "UsesLib.tla");
    const found = await cli("explore", spec, "--engine", "explorer", "--lib", fixture("nested"), "--lib", fixture("lib"), "--json");
    expect(found.code).toBe(0);
    expect(JSON.parse(found.stdout)).toMatchObject({ engine: "explorer", distinctStates: 4, statesGenerated: 4, depth: 4 });
    const missing = await cli("explore", spec, "--engine", "explorer");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/UsesLib\.tla:2:19: cannot find source file for module LibMod imported \(EXTENDS\) in module UsesLib; .*--lib <dir> or TLA_PATH \[EXPLORER_MODULE_NOT_FOUND\]/);
  });

  it("TLA_PATH: library folders, colon-separated, searched after --lib", async () => {
    process.env.TLA_PATH = ["/nonexistent/folder", fixture("lib")].join(path.delimiter);
    const outcome = await exploreSpec({ spec: fixture("uses-lib", "UsesLib.tla") });
    expect(outcome.kind === "success" && outcome.distinctStates).toBe(4);
  });

  it("the spec's folder comes first, then --lib in order", async () => {
    const dir = tmp();
    const lib1 = path.join(dir, "lib1");
    const lib2 = path.join(dir, "lib2");
    mkdirSync(lib1);
    mkdirSync(lib2);
    const mod = (n: number) => `---- MODULE Limits ----\nBound == ${n}\n====\n`;
    writeFileSync(path.join(lib1, "Limits.tla"), mod(2));
    writeFileSync(path.join(lib2, "Limits.tla"), mod(5));
    const first = await exploreIn(dir, COUNTER_SPEC("Limits"), { libraryPaths: [lib1, lib2] });
    expect(first.kind === "success" && first.distinctStates).toBe(3);
    writeFileSync(path.join(dir, "Limits.tla"), mod(1));
    const beside = await exploreIn(dir, COUNTER_SPEC("Limits"), { libraryPaths: [lib1, lib2] });
    expect(beside.kind === "success" && beside.distinctStates).toBe(2);
  });

  it("reads a module out of a CommunityModules*.jar in a library folder (deflated and stored entries)", async () => {
    const dir = tmp();
    const lib = path.join(dir, "lib");
    mkdirSync(lib);
    writeFileSync(
      path.join(lib, "CommunityModules-deps.jar"),
      zip(
        {
          "META-INF/MANIFEST.MF": "Manifest-Version: 1.0\n",
          "JarLimits.tla": "---- MODULE JarLimits ----\nEXTENDS Naturals, JarMore\nBound == More + 1\n====\n",
          "JarMore.tla": "---- MODULE JarMore ----\nMore == 3\n====\n",
        },
        ["JarMore.tla"],
      ),
    );
    const outcome = await exploreIn(dir, COUNTER_SPEC("JarLimits"), { libraryPaths: [lib] });
    expect(outcome.kind === "success" && outcome.distinctStates).toBe(5);
  });

  it("reads tla2tools.jar's StandardModules (--tlc-jar) and a CommunityModules.jar beside it", async () => {
    const dir = tmp();
    const tools = path.join(dir, "tools");
    mkdirSync(tools);
    writeFileSync(path.join(tools, "tla2tools.jar"), zip({ "tla2sany/StandardModules/StdLimits.tla": "---- MODULE StdLimits ----\nBound == 2\n====\n", "Root.tla": "---- MODULE Root ----\nBound == 9\n====\n" }));
    writeFileSync(path.join(tools, "CommunityModules.jar"), zip({ "ComLimits.tla": "---- MODULE ComLimits ----\nBound == 4\n====\n" }));
    const std = await exploreIn(dir, COUNTER_SPEC("StdLimits"), { tlcJar: path.join(tools, "tla2tools.jar") });
    expect(std.kind === "success" && std.distinctStates).toBe(3);
    const com = await exploreIn(dir, COUNTER_SPEC("ComLimits"), { tlcJar: path.join(tools, "tla2tools.jar") });
    expect(com.kind === "success" && com.distinctStates).toBe(5);
    // tla2tools.jar's own root is not searched (TLC finds StandardModules there, the root of the other jars).
    const e = await failure(exploreIn(dir, COUNTER_SPEC("Root"), { tlcJar: path.join(tools, "tla2tools.jar") }));
    expect(e.code).toBe("EXPLORER_MODULE_NOT_FOUND");
  });

  it("ZipArchive lists the central directory and inflates entries", () => {
    const archive = ZipArchive.fromBuffer(zip({ "a.tla": "x".repeat(1000), "b.txt": "stored" }, ["b.txt"]));
    expect([...archive.entries.keys()]).toEqual(["a.tla", "b.txt"]);
    expect(archive.bytes("a.tla")!.toString()).toBe("x".repeat(1000));
    expect(archive.bytes("b.txt")!.toString()).toBe("stored");
    expect(archive.bytes("c")).toBeUndefined();
    expect(() => ZipArchive.fromBuffer(Buffer.from("not a zip at all, not at all, not at all"))).toThrow(/not a zip/);
  });

  it("built in: the standard modules, and TLAPS, Toolbox and RealTime from our own texts", async () => {
    const dir = tmp();
    const spec = `---- MODULE Spec ----
EXTENDS Naturals, Integers, Sequences, FiniteSets, Bags, TLC, TLCExt, Json, Randomization, Toolbox, TLAPS, RealTime
Init == now = 0
Next == now < 2 /\\ now' = now + 1
Bound == 1
THEOREM Init => now = 0 BY PTL, Zenon, SMTT(30), ExpandENABLED DEF Init
====
`;
    writeFileSync(path.join(dir, "Spec.tla"), spec);
    writeFileSync(path.join(dir, "Spec.cfg"), CFG);
    const module = await loadSpecModule(path.join(dir, "Spec.tla"), undefined, bare(dir));
    expect(module.variables).toEqual(["now"]);
    for (const name of ["PTL", "Zenon", "SMTT", "ExpandENABLED", "RTBound", "RTnow"]) expect(module.definitions.has(name)).toBe(true);
    // Toolbox: our text, unless its operators are native (then those win).
    expect(module.definitions.has("_TETrace") !== (BUILTIN_MODULES.get("Toolbox")?.has("_TETrace") ?? false)).toBe(true);
    expect([...module.builtinModules!].sort()).toEqual(["Bags", "FiniteSets", "Integers", "Json", "Naturals", "Randomization", "RealTime", "Reals", "Sequences", "TLAPS", "TLC", "TLCExt", "Toolbox"]);
    const outcome = await exploreSpec({ spec: path.join(dir, "Spec.tla") });
    expect(outcome.kind === "success" && outcome.distinctStates).toBe(3);
    // The TLAPS proof library: theorems only, extending what tlapm's modules extend.
    const proofs = await loadSpecModule(path.join(dir, "P.tla"), "---- MODULE P ----\nEXTENDS WellFoundedInduction\n====\n", bare(dir));
    expect([...proofs.builtinModules!].sort()).toEqual(["Integers", "NaturalsInduction", "TLAPS", "WellFoundedInduction"]);
  });

  it("a built-in community module's .tla found: native operators win, its other definitions stay", async () => {
    const registry = BUILTIN_MODULES as Map<string, BuiltinModule>;
    const had = registry.get("FakeExt");
    registry.set("FakeExt", new Map([["Cap", { arity: 0, evaluate: () => int(2) }]]));
    try {
      const dir = tmp();
      writeFileSync(path.join(dir, "FakeExt.tla"), "---- MODULE FakeExt ----\nEXTENDS Naturals\nCap == 100\nBound == Cap + 1\n====\n");
      const module = await loadSpecModule(path.join(dir, "Spec.tla"), COUNTER_SPEC("FakeExt"), bare(dir));
      expect(module.definitions.has("Cap")).toBe(false);
      expect(module.definitions.has("Bound")).toBe(true);
      expect(module.builtinModules).toContain("FakeExt");
      // Without a .tla it is built in all the same.
      const other = tmp();
      const alone = await loadSpecModule(path.join(other, "Spec.tla"), "---- MODULE Spec ----\nEXTENDS FakeExt\nI == INSTANCE FakeExt\n====\n", bare(other));
      expect(alone.builtinModules).toEqual(["FakeExt"]);
      expect(alone.definitions.get("I!Cap")?.body).toMatchObject({ kind: "ref", name: "Cap" });
      // A named instance of it, its .tla found, at module level and inside LET: its native operators and its other definitions.
      const both = await loadSpecModule(path.join(dir, "Spec.tla"), "---- MODULE Spec ----\nI == INSTANCE FakeExt\nUse == LET J == INSTANCE FakeExt IN J!Cap + J!Bound\n====\n", bare(dir));
      expect(both.definitions.get("I!Cap")?.body).toMatchObject({ kind: "ref", name: "Cap" });
      expect(both.definitions.has("I!Bound")).toBe(true);
      const use = both.definitions.get("Use")!.body;
      expect(use.kind === "let" && use.definitions.map((d) => d.name).sort()).toEqual(["J!Bound", "J!Cap"]);
    } finally {
      if (had) registry.set("FakeExt", had);
      else registry.delete("FakeExt");
    }
  });
});

describe("modules: several in one file, LOCAL INSTANCE", () => {
  it("parseModules returns every module of a file: nested ones after their parent, later ones after the first", async () => {
    const modules = await parseModules(
      "---- MODULE A ----\nVARIABLE x\n  ---- MODULE In ----\n  VARIABLE y\n  ====\nI == INSTANCE In WITH y <- x\n====\n---- MODULE B ----\nEXTENDS A\n====\n",
      "/tmp/A.tla",
    );
    expect(modules.map((m) => [m.name, m.enclosing])).toEqual([
      ["A", undefined],
      ["In", "A"],
      ["B", undefined],
    ]);
    expect(modules[0]!.instances[0]).toMatchObject({ name: "I", module: "In" });
    expect(modules[2]!.extendsAt).toEqual([{ module: "A", line: 9, column: 9 }]);
  });

  it("a nested module (INSTANCE, sees the enclosing module's constants), a module after the spec (EXTENDS) and LOCAL INSTANCE: TLC's counts", async () => {
    // TLC 2026.12: 89 states generated, 32 distinct states found, depth 7.
    const outcome = await exploreSpec({ spec: fixture("nested", "Nested.tla") });
    expect(outcome.kind === "success" && [outcome.distinctStates, outcome.statesGenerated, outcome.depth]).toEqual([32, 89, 7]);
  });
});

describe("modules: parameterized INSTANCE", () => {
  it("F(x) == INSTANCE M: each F!Op takes F's parameters first, renamed F!x", async () => {
    const [m] = await parseModules("---- MODULE M ----\nCONSTANT a\nVARIABLE v\nOp(b) == v + a + b + Z\nZ == a\nUse == Op(1)\nPass == Apply(Z2, 1)\nZ2(n) == n\n====\n", "M.tla");
    const [outer] = await parseModules("---- MODULE O ----\nVARIABLE w\nF(x) == INSTANCE M WITH a <- x, v <- w\n====\n", "O.tla");
    const defs = new Map(instantiate(m!, outer!.instances[0]!).map((d) => [d.name, d]));
    expect(outer!.instances[0]!.params).toEqual(["x"]);
    expect(defs.get("F!Op")!.params).toEqual(["F!x", "b"]);
    expect(JSON.stringify(defs.get("F!Z")!.body)).toContain('"name":"F!x"');
    expect(defs.get("F!Use")!.body).toMatchObject({ kind: "apply", name: "F!Op", args: [{ kind: "ref", name: "F!x" }, { kind: "num", value: 1 }] });
    // An operator passed as an argument closes over the instance's parameters.
    expect(defs.get("F!Pass")!.body).toMatchObject({ kind: "apply", name: "Apply", args: [{ kind: "lambda", params: ["n"], body: { kind: "apply", name: "F!Z2" } }, { kind: "num", value: 1 }] });
    const body = JSON.stringify(defs.get("F!Op")!.body);
    expect(body).toContain('"name":"w"');
    expect(body).not.toContain('"name":"v"');
  });

  it("Param.tla: Cnt(s, 5)!Bump, Other(3)!Bounded(y), an operator argument inside the instance: TLC's counts", async (ctx) => {
    // The parser gives `F(a, b)!Op(c)` as the application of `F!Op` to a, b, c; until it does, there is nothing to run.
    const [param] = await parseModules(readFileSync(fixture("param", "Param.tla"), "utf8"), fixture("param", "Param.tla"));
    const inv = param!.definitions.get("Inv")!.body;
    if (inv.kind === "apply" && inv.name.startsWith("\u0000unsupported")) ctx.skip("the parser does not give F(e)!Op as apply F!Op [e] yet");
    // TLC 2026.12: 75 states generated, 24 distinct states found, depth 7.
    const outcome = await exploreSpec({ spec: fixture("param", "Param.tla") });
    expect(outcome.kind === "success" && [outcome.distinctStates, outcome.statesGenerated, outcome.depth]).toEqual([24, 75, 7]);
  });
});

describe("modules: TLC's errors, each file:line:col", () => {
  it("a module found nowhere: where it looked, and --lib or TLA_PATH", async () => {
    const e = await failure(exploreSpec({ spec: fixture("errors", "missing", "E.tla") }));
    expect(e.code).toBe("EXPLORER_MODULE_NOT_FOUND");
    expect(e.message).toMatch(/E\.tla:2:9: cannot find source file for module Nowhere imported \(EXTENDS\) in module E; looked in .*errors\/missing.*--lib <dir> or TLA_PATH/);
  });

  it("circular EXTENDS (TLC: A.tla --> B.tla --> A.tla)", async () => {
    const e = await failure(exploreSpec({ spec: fixture("errors", "cycle", "A.tla") }));
    expect(e.code).toBe("EXPLORER_MODULE_CYCLE");
    expect(e.message).toMatch(/B\.tla:2:9: circular dependency among \.tla files; dependency cycle is: A\.tla --> B\.tla --> A\.tla/);
  });

  it("I == INSTANCE SelfInst in SelfInst ends at once with TLC's circular dependency", async () => {
    const started = Date.now();
    const e = await failure(exploreSpec({ spec: fixture("errors", "self", "SelfInst.tla") }));
    expect(e.code).toBe("EXPLORER_MODULE_CYCLE");
    expect(e.message).toMatch(/SelfInst\.tla:3:1: circular dependency among \.tla files; dependency cycle is: SelfInst\.tla --> SelfInst\.tla/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it("a module whose name is not its file's (TLC: File name 'Foo' does not match the name 'Bar' ...)", async () => {
    const e = await failure(exploreSpec({ spec: fixture("errors", "name", "Foo.tla") }));
    expect(e.code).toBe("EXPLORER_MODULE_NAME");
    expect(e.message).toMatch(/Foo\.tla:1:13: file name 'Foo' does not match the name 'Bar' of the top level module it contains/);
    // The same for a module EXTENDed.
    const dir = tmp();
    writeFileSync(path.join(dir, "Limits.tla"), "---- MODULE Limit ----\nBound == 1\n====\n");
    const ext = await failure(loadSpecModule(path.join(dir, "Spec.tla"), COUNTER_SPEC("Limits"), bare(dir)));
    expect(ext.code).toBe("EXPLORER_MODULE_NAME");
    expect(ext.message).toMatch(/Limits\.tla:1:13: file name 'Limits' does not match the name 'Limit'/);
  });
});

describe("modules: subexpression names (Inv!2)", () => {
  /** The definitions of a module's text, as parsed. */
  const parsed = async (text: string) => (await parseModules(`---- MODULE M ----\nEXTENDS Naturals\nVARIABLES x, y\n${text}\n====\n`, "M.tla"))[0]!.definitions;
  /** Where `name` (a subexpression name of `head`) leads in `text`. */
  const select = async (text: string, head: string, name: string): Promise<Expr> => {
    const defs = await parsed(text);
    return selectorDefinition(name, defs.get(head)!, { module: "M", line: 1, column: 1 }).body;
  };

  it("the parser names the selected expression by its path, the components' arguments and !(...)'s in order", async () => {
    const defs = await parsed("A == Inv!2\nB == Op(1, 2)!1!(x)!<<\nC == I!Inv!>>\nD == Thm!:\nE == Op(3)!:");
    expect(defs.get("A")!.body).toMatchObject({ kind: "ref", name: "Inv!2" });
    expect(defs.get("B")!.body).toMatchObject({ kind: "apply", name: "Op!1!(_)!<<", args: [{ value: 1 }, { value: 2 }, { kind: "ref", name: "x" }] });
    expect(defs.get("C")!.body).toMatchObject({ kind: "ref", name: "I!Inv!>>" });
    // Name!: is the definition (or THEOREM) itself.
    expect(defs.get("D")!.body).toMatchObject({ kind: "ref", name: "Thm" });
    expect(defs.get("E")!.body).toMatchObject({ kind: "apply", name: "Op", args: [{ value: 3 }] });
    expect(selectorOf("Op!1!(_,_)!<<")).toEqual({ head: "Op", steps: [{ kind: "operand", index: 1 }, { kind: "bind", arity: 2 }, { kind: "first" }] });
    expect(selectorOf("I!Inv!lab!2")).toEqual({ head: "I!Inv!lab", steps: [{ kind: "operand", index: 2 }] });
    expect(selectorOf("I!Op")).toBeUndefined();
  });

  it("selects operands in SANY's order: junctions, an operator's arguments, IF, CASE !i!j, f[a, b], r.f, [A]_v, a binder's set, nested", async () => {
    const inv = "Inv == /\\ x = 0\n       /\\ (y < 1 /\\ y > x)\n       /\\ x + y \\in {1, 2}";
    expect(await select(inv, "Inv", "Inv!2!2")).toMatchObject({ kind: "infix", op: ">" });
    expect(await select(inv, "Inv", "Inv!3!1!>>")).toMatchObject({ kind: "ref", name: "y" });
    expect(await select(inv, "Inv", "Inv!3!2!2")).toMatchObject({ kind: "num", value: 2 });
    // A /\ B /\ C is (A /\ B) /\ C.
    expect(await select("J == x = 1 /\\ x = 2 /\\ x = 3", "J", "J!1")).toMatchObject({ kind: "and", items: [{ rhs: { value: 1 } }, { rhs: { value: 2 } }] });
    expect(await select("K == IF x > 0 THEN y ELSE 7", "K", "K!3")).toMatchObject({ kind: "num", value: 7 });
    expect(await select('C == CASE x = 0 -> "a" [] OTHER -> "b"', "C", "C!2!2")).toMatchObject({ kind: "str", value: "b" });
    expect(await select("F == x[1, 2]", "F", "F!2")).toMatchObject({ kind: "tuple", items: [{ value: 1 }, { value: 2 }] });
    expect(await select("R == x.field", "R", "R!2")).toMatchObject({ kind: "str", value: "field" });
    expect(await select("S == [x' = 1]_<<x, y>>", "S", "S!>>")).toMatchObject({ kind: "tuple" });
    expect(await select("Q == \\A k \\in 1..3, j \\in {4} : k # j", "Q", "Q!2")).toMatchObject({ kind: "setEnum" });
  });

  it("!(e1, ..., en) is a binder's body with its names as parameters; a LET on the way stays around the selected expression", async () => {
    const defs = await parsed("P(n) == LET h == n + 1 IN \\E k \\in 1..n, <<a, b>> \\in {<<1, 2>>} : k + a = h");
    const def = selectorDefinition("P!1!(_,_,_)", defs.get("P")!, { module: "M", line: 9, column: 1 });
    expect(def.params).toEqual(["n", "k", "a", "b"]);
    expect(def.name).toBe("P!1!(_,_,_)");
    expect(def.body).toMatchObject({ kind: "let", definitions: [{ name: "h" }], body: { kind: "infix", op: "=" } });
  });

  it("a path that selects nothing is SANY's error when the spec loads, even unused (TLC: Nonexistent operand), where it is written", async () => {
    const dir = tmp();
    const spec = (use: string) => `---- MODULE Spec ----\nEXTENDS Naturals\nVARIABLE x\nInv == /\\ x >= 0\n       /\\ x < 3\nInit == x = 0\nNext == x' = (x + 1) % 3\nUnused == ${use}\n====\n`;
    for (const [use, why] of [
      ["Inv!3", /Spec\.tla:8:11: Inv!3 names no subexpression of Inv: !3 names no operand: the expression there has 2/],
      ["Inv!1!1!1", /Spec\.tla:8:11: Inv!1!1!1 names no subexpression of Inv: !1: the expression there has no operands/],
      ["Inv!(1)", /Spec\.tla:8:11: Inv!\(_\) names no subexpression of Inv: .*selects the body of a quantifier/],
    ] as const) {
      const e = await failure(loadSpecModule(path.join(dir, "Spec.tla"), spec(use), bare(dir)));
      expect(e.code).toBe("EXPLORER_SYNTAX");
      expect(e.message).toMatch(why);
    }
  });

  it("!@, labels (Inv!lab, Inv!lab!1) and subexpressions of parameters are EXPLORER_UNSUPPORTED where they are used, when evaluated", async () => {
    const dir = tmp();
    const spec = (inv: string) =>
      `---- MODULE Spec ----\nEXTENDS Naturals\nVARIABLE x\nAll == \\A k \\in 1..2 : x # k + 5\nInv == /\\ x >= 0\n       /\\ x < 3\nInit == x = 0\nNext == x' = (x + 1) % 3\nAt == All!@\nLab == Inv!lab!1\nOf(F) == F!1\nTest == ${inv}\n====\n`;
    writeFileSync(path.join(dir, "Spec.cfg"), "INIT Init\nNEXT Next\nINVARIANT Test\n");
    // Unused, they do not stop the spec (TLC accepts them).
    writeFileSync(path.join(dir, "Spec.tla"), spec("Inv!2"));
    const ok = await exploreSpec({ spec: path.join(dir, "Spec.tla") });
    expect(ok.kind === "success" && ok.distinctStates).toBe(3);
    for (const [inv, where] of [
      ["At", /Spec\.tla:9:7: All!@: !@ .*not supported by the explorer/],
      ["Lab", /Spec\.tla:10:8: Inv!lab!1: lab!1 inside Inv \(a label, or a LET definition there\) cannot be named from outside in the explorer/],
      ["Inv!lab", /Spec\.tla:12:9: Inv!lab: lab inside Inv \(a label, or a LET definition there\) cannot be named/],
      ["Of(Inv)", /Spec\.tla:11:10: F!1: subexpressions of F, a parameter or bound name here, are not supported/],
    ] as const) {
      writeFileSync(path.join(dir, "Spec.tla"), spec(inv));
      const e = await failure(exploreSpec({ spec: path.join(dir, "Spec.tla") }));
      expect(e.code).toBe("EXPLORER_UNSUPPORTED");
      expect(e.message).toMatch(where);
    }
  });

  it("loading: Inv!1 is a LET where it is used (TLC names its steps by the action around it); Op(a)!2 a module definition named LAMBDA, in instances too", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "N.tla"), "---- MODULE N ----\nVARIABLE v\nStep(d) == \\/ v' = d\n           \\/ v' = d + 1\nFirst == Step(0)!1\n====\n");
    const text = "---- MODULE Spec ----\nEXTENDS Naturals\nVARIABLE x\nI == INSTANCE N WITH v <- x\nInv == x >= 0 /\\ x < 9\nInv1 == Inv!1\nNext == I!Step(2)!2 \\/ I!First\n====\n";
    const module = await loadSpecModule(path.join(dir, "Spec.tla"), text, bare(dir));
    expect(module.definitions.get("Inv1")!.body).toMatchObject({ kind: "let", definitions: [{ name: "Inv!1", params: [] }], body: { kind: "ref", name: "Inv!1" } });
    expect(module.definitions.has("Inv!1")).toBe(false);
    expect(module.definitions.get("I!Step!2")).toMatchObject({ name: "LAMBDA", params: ["d"] });
    expect(module.definitions.get("I!Step!1")).toMatchObject({ name: "LAMBDA", params: ["d"] });
    expect(module.definitions.get("Next")!.body).toMatchObject({ kind: "or", items: [{ kind: "apply", name: "I!Step!2" }, { kind: "ref", name: "I!First" }] });
  });

  it("ASSUME Thm!: checks the theorem's statement, as MCVoting's ASSUME QuorumNonEmpty!: (a false one is TLC's false assumption)", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "Spec.tla"), "---- MODULE Spec ----\nEXTENDS Naturals\nVARIABLE x\nTHEOREM Small == 2 + 2 = 5\nASSUME Small!:\nInit == x = 0\nNext == x' = x\n====\n");
    writeFileSync(path.join(dir, "Spec.cfg"), CFG);
    const outcome = await exploreSpec({ spec: path.join(dir, "Spec.tla") });
    expect(outcome.kind === "violation" && outcome.problem).toBe("assumption");
  });
});

describe("modules: INSTANCE inside LET", () => {
  const M = "---- MODULE M ----\nEXTENDS Naturals\nCONSTANT N\nVARIABLE v\nStep(k) == v' = (v + k * N) % 5\nLimit == v + N\nUnused == v\n====\n";

  it("brings the definitions the LET uses as LET definitions I!Op; a substitution that mentions a local name is a LET definition I!N of its own", async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, "M.tla"), M);
    const text = "---- MODULE Spec ----\nEXTENDS Naturals\nVARIABLE x\nShift(d) == LET I == INSTANCE M WITH N <- d, v <- x IN I!Step(1)\nFixed == LET J == INSTANCE M WITH N <- 2, v <- x IN J!Limit\n====\n";
    const module = await loadSpecModule(path.join(dir, "Spec.tla"), text, bare(dir));
    const shift = module.definitions.get("Shift")!.body;
    expect(shift.kind === "let" && shift.instances).toBe(undefined);
    expect(shift.kind === "let" && shift.definitions.map((d) => d.name).sort()).toEqual(["I!N", "I!Step"]);
    // N <- d is evaluated where the LET is (Step's own parameter k cannot capture it); v <- x is put in place, so x' is assigned.
    const step = shift.kind === "let" ? shift.definitions.find((d) => d.name === "I!Step")! : undefined;
    expect(JSON.stringify(step!.body)).toContain('"name":"I!N"');
    expect(step!.body).toMatchObject({ kind: "infix", op: "=", lhs: { kind: "prime", arg: { kind: "ref", name: "x" } } });
    const fixed = module.definitions.get("Fixed")!.body;
    expect(fixed.kind === "let" && fixed.definitions.map((d) => d.name)).toEqual(["J!Limit"]);
  });

  it("explores with TLC's answers: LET F(a) == INSTANCE M, and natively implemented modules (SequencesExt, Functions)", async () => {
    // TLC 2026.12: 6 states generated, 5 distinct states found, depth 5.
    const dir = tmp();
    writeFileSync(path.join(dir, "M.tla"), M);
    const outcome = await exploreIn(
      dir,
      "---- MODULE Spec ----\nEXTENDS Naturals\nVARIABLE x\nInit == x = 0\nNext == LET F(a) == INSTANCE M WITH N <- a, v <- x\n            S == INSTANCE SequencesExt\n        IN  /\\ F(2)!Step(1)\n            /\\ S!Reverse(<<1, 2>>) = <<2, 1>>\nInv == LET G == INSTANCE Functions IN G!Range([i \\in 1..2 |-> x]) = {x}\n====\n",
    );
    expect(outcome.kind === "success" && [outcome.distinctStates, outcome.statesGenerated, outcome.depth]).toEqual([5, 6, 5]);
  });

  it("a module found nowhere: TLC's error, where the LET's INSTANCE is", async () => {
    const dir = tmp();
    const e = await failure(loadSpecModule(path.join(dir, "Spec.tla"), "---- MODULE Spec ----\nVARIABLE x\nOp == LET I == INSTANCE Nowhere IN I!A\n====\n", bare(dir)));
    expect(e.code).toBe("EXPLORER_MODULE_NOT_FOUND");
    expect(e.message).toMatch(/Spec\.tla:3:11: cannot find source file for module Nowhere imported \(INSTANCE\) in module Spec/);
  });
});
