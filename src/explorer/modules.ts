/**
 * Finding and loading the modules a spec EXTENDS and INSTANCEs, as TLC
 * (SANY) finds them: the modules of the spec's own file (nested ones and
 * those after it), the spec's folder, the library paths (`--lib`, then
 * `TLA_PATH`, like TLC's `-DTLA-Library`), the `.tla` files inside
 * tla2tools.jar (its StandardModules) and CommunityModules*.jar, then the
 * modules built into the explorer: the standard modules and the community
 * modules of `builtins/` (native operators), and TLAPS, Toolbox,
 * RealTime and the TLAPS proof library's modules (small TLA+ texts of our
 * own, below).
 *
 * @module
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { TlabridgeError } from "../errors.js";
import { BUILTIN_MODULES } from "./builtins/index.js";
import { ExplorerError, parseModules, selectorOf, substitute, type Definition, type Expr, type Instance, type Location, type Module, type SelectorStep } from "./syntax.js";
import { oneLine } from "../util/one-line.js";

/** Where to look for modules besides the spec's folder, and (for tests) the environment. */
export interface ModuleSearchOptions {
  /** `--lib <dir>`: folders (or jars) searched after the spec's folder, before TLA_PATH. */
  readonly libraryPaths?: readonly string[];
  /** `--tlc-jar`: the tla2tools.jar whose modules (and the CommunityModules*.jar beside it) are searched. */
  readonly tlcJar?: string;
  /** TLA_PATH (library folders, `:`-separated) and TLA2TOOLS_JAR; default process.env. */
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly home?: string;
}

/** Standard modules whose operators the evaluator implements: their .tla is never read (TLC overrides them in Java). */
const NATIVE_STANDARD = new Set(["Naturals", "Integers", "Reals", "Sequences", "FiniteSets", "Bags", "TLC", "TLCExt", "Json", "Randomization"]);

/** TLAPS proof backends and pragmas: each `Name` (and `NameT(X)` for the timed backends) is a constant the prover reads. */
const TLAPS_BACKENDS = ["SMT", "CVC3", "CVC4", "Yices", "veriT", "Z3", "Spass", "Zenon", "Isa", "AllProvers", "AllSMT", "AllIsa"];
const TLAPS_PRAGMAS = [
  "LS4", "PTL", "PropositionalTemporalLogic", "SimpleArithmetic", "IsaWithSetExtensionality", "Auto", "SlowAuto", "SlowerAuto", "SlowestAuto",
  "Force", "SlowForce", "SlowerForce", "SlowestForce", "Blast", "SlowBlast", "SlowerBlast", "SlowestBlast", "AutoBlast", "SlowZenon", "SlowerZenon",
  "VerySlowZenon", "SlowestZenon", "SimplifyAndSolve", "SlowSimplifyAndSolve", "SlowerSimplifyAndSolve", "SlowestSimplifyAndSolve", "Simplification",
  "SlowSimplification", "SlowerSimplification", "SlowestSimplification", "ExpandENABLED", "ExpandCdot", "AutoUSE", "Lambdify", "ENABLEDaxioms",
  "ENABLEDrewrites", "ENABLEDrules", "LevelComparison", "Trivial",
];

/**
 * The modules of the TLAPS proof library that specs EXTEND for their
 * proofs: theorems only, as far as model checking goes; each extends what
 * its tlapm original extends, so the operators a spec reaches through it
 * stay in scope. (Pass tlapm's library folder with --lib to use the
 * originals.)
 */
const PROOF_LIBRARY: ReadonlyMap<string, readonly string[]> = new Map([
  ["NaturalsInduction", ["Integers", "TLAPS"]],
  ["WellFoundedInduction", ["NaturalsInduction"]],
  ["FunctionTheorems", ["Functions", "NaturalsInduction"]],
  ["FiniteSetTheorems", ["FiniteSets", "FunctionTheorems", "WellFoundedInduction"]],
  ["SequenceTheorems", ["Sequences", "Integers", "WellFoundedInduction", "Functions", "TLAPS"]],
  ["SequencesExtTheorems", ["SequencesExt", "SequenceTheorems", "FiniteSetTheorems"]],
]);

/**
 * Our own texts of the modules whose operators only matter to the prover
 * or to real-time (temporal) specs: enough for a spec that EXTENDS them to
 * be model checked as TLC checks it.
 */
const EMBEDDED: ReadonlyMap<string, string> = new Map([
  [
    "TLAPS",
    [
      "---- MODULE TLAPS ----",
      "(* tlabridge: the names of the TLAPS backends and pragmas, meaningful only in proofs. *)",
      ...TLAPS_BACKENDS.flatMap((n) => [`${n} == TRUE`, `${n}T(X) == TRUE`]),
      ...TLAPS_PRAGMAS.map((n) => `${n} == TRUE`),
      "IsaM(X) == TRUE",
      "IsaMT(X, Y) == TRUE",
      "====",
    ].join("\n"),
  ],
  [
    "Toolbox",
    [
      "---- MODULE Toolbox ----",
      "(* tlabridge: the Toolbox's trace-exploration names; there is no trace being explored. *)",
      "LOCAL INSTANCE Naturals",
      "LOCAL INSTANCE TLC",
      "_TETrace == <<>>",
      '_TEPosition == IF TLCGet("level") = 0 THEN 1 ELSE TLCGet("level")',
      "====",
    ].join("\n"),
  ],
  [
    "RealTime",
    [
      "---- MODULE RealTime ----",
      "(* tlabridge: real time as in Specifying Systems, chapter 9: a clock now and timers that bound how long an action waits. *)",
      "EXTENDS Reals",
      "VARIABLE now",
      "RTBound(A, v, D, E) ==",
      "  LET Tick(clk) == clk' = IF <<A>>_v \\/ ~(ENABLED <<A>>_v)' THEN 0 ELSE clk + (now' - now)",
      "      Started(clk) == clk = 0 /\\ [][Tick(clk)]_<<clk, v, now>>",
      "      AtMost(clk) == [](clk <= E)",
      "      AtLeast(clk) == [][A => clk >= D]_v",
      "  IN  \\EE clk : Started(clk) /\\ AtMost(clk) /\\ AtLeast(clk)",
      "RTnow(v) ==",
      "  LET Advance == now' \\in {r \\in Real : r > now} /\\ UNCHANGED v",
      "  IN  now \\in Real /\\ [][Advance]_now /\\ \\A r \\in Real : WF_now(Advance /\\ (now' > r))",
      "====",
    ].join("\n"),
  ],
  ...[...PROOF_LIBRARY].map(([name, extended]): [string, string] => [name, `---- MODULE ${name} ----\n(* tlabridge: a TLAPS proof library module, without its theorems. *)\nEXTENDS ${extended.join(", ")}\n====\n`]),
]);

/** Whether a module is built into the explorer (found even when no .tla of it is anywhere). */
export function isBuiltinModule(name: string): boolean {
  return NATIVE_STANDARD.has(name) || EMBEDDED.has(name) || BUILTIN_MODULES.has(name);
}

// ---------------------------------------------------------------------------
// Zip (jar) reading: the central directory, then each entry on demand.

interface ZipEntry {
  readonly method: number;
  readonly compressedSize: number;
  readonly localHeader: number;
}

/** A zip archive's entries by name, read from its central directory. */
export class ZipArchive {
  private constructor(
    private readonly data: Buffer,
    readonly entries: ReadonlyMap<string, ZipEntry>,
  ) {}

  /** Reads a zip file; throws when it is not a zip. */
  static read(file: string): ZipArchive {
    return ZipArchive.fromBuffer(readFileSync(file), file);
  }

  static fromBuffer(data: Buffer, what = "the archive"): ZipArchive {
    // The end-of-central-directory record is in the last 22 + 65535 bytes.
    let end = -1;
    for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 0xffff); i--) {
      if (data.readUInt32LE(i) === 0x06054b50) {
        end = i;
        break;
      }
    }
    if (end < 0) throw new TlabridgeError("EXPLORER_BAD_JAR", `${what} is not a zip (jar) file: no central directory.`);
    const count = data.readUInt16LE(end + 10);
    let at = data.readUInt32LE(end + 16);
    const entries = new Map<string, ZipEntry>();
    for (let k = 0; k < count && at + 46 <= data.length; k++) {
      if (data.readUInt32LE(at) !== 0x02014b50) break;
      const nameLength = data.readUInt16LE(at + 28);
      const extraLength = data.readUInt16LE(at + 30);
      const commentLength = data.readUInt16LE(at + 32);
      const name = data.toString("utf8", at + 46, at + 46 + nameLength);
      entries.set(name, { method: data.readUInt16LE(at + 10), compressedSize: data.readUInt32LE(at + 20), localHeader: data.readUInt32LE(at + 42) });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return new ZipArchive(data, entries);
  }

  /** An entry's bytes (stored or deflated), or undefined when there is no such entry. */
  bytes(name: string): Buffer | undefined {
    const e = this.entries.get(name);
    if (!e) return undefined;
    const h = e.localHeader;
    if (this.data.readUInt32LE(h) !== 0x04034b50) throw new TlabridgeError("EXPLORER_BAD_JAR", `the zip entry ${name} is damaged.`);
    const start = h + 30 + this.data.readUInt16LE(h + 26) + this.data.readUInt16LE(h + 28);
    const raw = this.data.subarray(start, start + e.compressedSize);
    if (e.method === 0) return Buffer.from(raw);
    if (e.method === 8) return inflateRawSync(raw);
    throw new TlabridgeError("EXPLORER_BAD_JAR", `the zip entry ${name} uses compression method ${e.method}, which is not supported.`);
  }
}

// ---------------------------------------------------------------------------
// Where modules are looked for.

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** tla2tools.jar as the TLC engine finds it (src/tlc/find.ts), without needing Java. */
function findToolsJar(options: ModuleSearchOptions): string | undefined {
  const env = options.env ?? process.env;
  const home = options.home ?? homedir();
  for (const candidate of [options.tlcJar, env.TLA2TOOLS_JAR]) if (candidate && isFile(candidate)) return path.resolve(candidate);
  for (const root of listDir(home).filter((d) => d.startsWith(".vscode"))) {
    const extensions = path.join(home, root, "extensions");
    for (const ext of listDir(extensions).filter((d) => /tlaplus/i.test(d)).reverse()) {
      for (const candidate of [path.join(extensions, ext, "tools", "tla2tools.jar"), path.join(extensions, ext, "tla2tools.jar")]) if (isFile(candidate)) return candidate;
    }
  }
  const local = path.join(options.cwd ?? process.cwd(), "tla2tools.jar");
  return isFile(local) ? local : undefined;
}

/** One place a module's .tla may be: a folder, or a jar with the folder inside it. */
type Place = { readonly kind: "dir"; readonly dir: string } | { readonly kind: "jar"; readonly jar: string; readonly prefix: string };

/** The places searched after the spec's folder, in order. */
export function searchPlaces(options: ModuleSearchOptions = {}): Place[] {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const lib = [...(options.libraryPaths ?? []), ...(env.TLA_PATH ?? "").split(path.delimiter)].filter((p) => p !== "").map((p) => path.resolve(cwd, p));
  const places: Place[] = [];
  const jars: string[] = [];
  const communityJarsIn = (dir: string): string[] => listDir(dir).filter((f) => /^CommunityModules.*\.jar$/.test(f)).map((f) => path.join(dir, f));
  for (const p of lib) {
    if (/\.jar$/i.test(p) && isFile(p)) jars.push(p);
    else {
      places.push({ kind: "dir", dir: p });
      jars.push(...communityJarsIn(p));
    }
  }
  const tools = findToolsJar(options);
  if (tools) {
    places.push({ kind: "jar", jar: tools, prefix: "tla2sany/StandardModules/" });
    jars.push(...communityJarsIn(path.dirname(tools)));
  }
  for (const jar of new Set(jars)) if (jar !== tools) places.push({ kind: "jar", jar, prefix: "" });
  return places;
}

function describe(place: Place): string {
  return place.kind === "dir" ? place.dir : `${place.jar}${place.prefix ? `!/${place.prefix}` : ""}`;
}

/** How a file is named in errors: relative to the current folder when inside it. */
function shown(file: string, cwd: string): string {
  if (file.includes("!/")) return file;
  const rel = path.relative(cwd, file);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

/** A problem with the modules of a spec: `file:line:col: what is wrong`. */
export class ModuleError extends TlabridgeError {
  override name = "ModuleError";
  constructor(code: string, file: string, at: Location | undefined, problem: string) {
    super(code, oneLine(`${file}:${at?.line ?? 1}:${at?.column ?? 1}: ${problem}`));
  }
}

// ---------------------------------------------------------------------------
// Loading.

/** A module found, with the other modules of its file and how to name that file. */
interface Found {
  readonly module: Module;
  readonly file: string;
}

/** Loads a spec and every module it reaches into one module whose definitions the evaluator sees. */
export class ModuleLoader {
  private readonly cwd: string;
  private places: Place[] | undefined;
  private readonly archives = new Map<string, ZipArchive | undefined>();
  /** Parsed files, by where they are (a path, or `jar!/entry`). */
  private readonly files = new Map<string, readonly Module[]>();
  /** Each parsed module's file (as shown in errors) and the modules beside it. */
  private readonly homes = new Map<Module, { readonly file: string; readonly siblings: readonly Module[] }>();
  private readonly resolved = new Map<Module, Module>();
  /** Modules found as .tla and built in, without the definitions their native operators replace. */
  private readonly trimmed = new Map<Module, Module>();

  constructor(private readonly options: ModuleSearchOptions = {}) {
    this.cwd = options.cwd ?? process.cwd();
  }

  /** The spec (its file's first module) with everything it EXTENDS and INSTANCEs merged in. */
  async loadSpec(specFile: string, specText?: string): Promise<Module> {
    const file = path.resolve(this.cwd, specFile);
    const text = specText ?? (await readFile(file, "utf8"));
    const found = await this.parseFile(file, text, shown(file, this.cwd), file, path.basename(file).replace(/\.tla$/, ""));
    return this.resolve(found.module, path.dirname(file), []);
  }

  /** Parses a file once (`key` says where it is, `display` how errors name it, `parseAs` the path its locations name). */
  private async parseFile(key: string, text: string | (() => string), display: string, parseAs: string, expected: string): Promise<Found> {
    let modules = this.files.get(key);
    if (!modules) {
      modules = await parseModules(typeof text === "string" ? text : text(), parseAs);
      this.files.set(key, modules);
      for (const m of modules) this.homes.set(m, { file: display, siblings: modules });
    }
    const first = modules[0]!;
    if (first.name !== expected) {
      throw new ModuleError(
        "EXPLORER_MODULE_NAME",
        display,
        first.at,
        `file name '${expected}' does not match the name '${first.name}' of the top level module it contains: rename the file to ${first.name}.tla or the module to ${expected}`,
      );
    }
    return { module: first, file: display };
  }

  private archive(jar: string): ZipArchive | undefined {
    if (!this.archives.has(jar)) {
      let a: ZipArchive | undefined;
      try {
        a = ZipArchive.read(jar);
      } catch {
        a = undefined;
      }
      this.archives.set(jar, a);
    }
    return this.archives.get(jar);
  }

  /** A module's .tla in the spec's folder, the library paths or the jars; undefined when none has it. */
  private async findFile(name: string, specDir: string): Promise<Found | undefined> {
    const file = path.join(specDir, `${name}.tla`);
    if (isFile(file)) return this.parseFile(file, await readFile(file, "utf8"), shown(file, this.cwd), file, name);
    for (const place of (this.places ??= searchPlaces(this.options))) {
      if (place.kind === "dir") {
        const f = path.join(place.dir, `${name}.tla`);
        if (isFile(f)) return this.parseFile(f, await readFile(f, "utf8"), shown(f, this.cwd), f, name);
      } else {
        const entry = `${place.prefix}${name}.tla`;
        const archive = this.archive(place.jar);
        const key = `${place.jar}!/${entry}`;
        if (archive?.entries.has(entry)) return this.parseFile(key, () => archive.bytes(entry)!.toString("utf8"), key, `${name}.tla`, name);
      }
    }
    return undefined;
  }

  /** The module `name` as seen from `from`: beside it in its file, on disk or in a jar, or built in. */
  private async find(name: string, from: Module, specDir: string, at: Location | undefined, how: string): Promise<{ module?: Module; builtin: boolean }> {
    const home = this.homes.get(from);
    const sibling = home?.siblings.find((m) => m.name === name);
    if (sibling) return { module: sibling, builtin: false };
    if (NATIVE_STANDARD.has(name)) return { builtin: true };
    const native = BUILTIN_MODULES.get(name);
    let found: Found | undefined;
    try {
      found = await this.findFile(name, specDir);
    } catch (e) {
      // A built-in module's .tla the parser cannot read: its native operators still are there.
      if (!(native && e instanceof TlabridgeError && e.code === "EXPLORER_SYNTAX")) throw e;
    }
    const embedded = EMBEDDED.get(name);
    if (!found && embedded !== undefined) found = await this.parseFile(`\u0000${name}`, embedded, `${name}.tla (built in)`, `${name}.tla`, name);
    if (found && !native) return { module: found.module, builtin: EMBEDDED.has(name) };
    if (found && native) {
      // Native operators win over the .tla's definitions; its other definitions stay.
      let trimmed = this.trimmed.get(found.module);
      if (!trimmed) {
        trimmed = { ...found.module, definitions: new Map([...found.module.definitions].filter(([n]) => !native.has(n))) };
        this.trimmed.set(found.module, trimmed);
        this.homes.set(trimmed, this.homes.get(found.module)!);
      }
      return { module: trimmed, builtin: true };
    }
    if (native) return { builtin: true };
    const places = (this.places ??= searchPlaces(this.options));
    const where = [specDir, ...places.map(describe)].join(", ");
    const jars = places.some((p) => p.kind === "jar") ? "" : " (no tla2tools.jar or CommunityModules*.jar was found: --tlc-jar, TLA2TOOLS_JAR)";
    throw new ModuleError(
      "EXPLORER_MODULE_NOT_FOUND",
      home?.file ?? `${from.name}.tla`,
      at,
      `cannot find source file for module ${name} imported (${how}) in module ${from.name}; looked in ${where}${jars} and the built-in modules: put ${name}.tla beside the spec, or pass its folder with --lib <dir> or TLA_PATH`,
    );
  }

  /** A module with what it EXTENDS and INSTANCEs merged in; `stack` is the chain of modules being loaded (for cycles). */
  private async resolve(module: Module, specDir: string, stack: readonly { module: Module; at: Location | undefined }[]): Promise<Module> {
    const done = this.resolved.get(module);
    if (done) return done;
    const definitions = new Map<string, Definition>();
    const constants = [...module.constants];
    const variables = [...module.variables];
    const builtins = new Set<string>();
    const chain = [...stack.map((s) => s.module), module];
    const enter = async (name: string, at: Location | undefined, how: string): Promise<Module | undefined> => {
      const { module: target, builtin } = await this.find(name, module, specDir, at, how);
      if (builtin) builtins.add(name);
      if (!target) return undefined;
      const i = chain.indexOf(target);
      if (i >= 0) {
        const cycle = [...chain.slice(i), target].map((m) => `${m.name}.tla`).join(" --> ");
        throw new ModuleError(
          "EXPLORER_MODULE_CYCLE",
          this.homes.get(module)?.file ?? `${module.name}.tla`,
          at,
          `circular dependency among .tla files; dependency cycle is: ${cycle}: a module cannot EXTEND or INSTANCE itself, directly or not`,
        );
      }
      const r = await this.resolve(target, specDir, [...stack, { module, at }]);
      for (const b of r.builtinModules ?? []) builtins.add(b);
      return r;
    };
    for (const [k, name] of module.extends.entries()) {
      const extended = await enter(name, module.extendsAt?.[k], "EXTENDS");
      if (!extended) continue;
      for (const [n, d] of extended.definitions) definitions.set(n, d);
      constants.push(...extended.constants.filter((c) => !constants.includes(c)));
      variables.unshift(...extended.variables.filter((v) => !variables.includes(v)));
    }
    for (const inst of module.instances) {
      const instantiated = await enter(inst.module, inst.at, "INSTANCE");
      // A natively implemented module's operators (I!Op), also when its .tla (without them) is found.
      for (const def of nativeInstance(inst)) definitions.set(def.name, def);
      if (instantiated) for (const def of instantiate(instantiated, inst)) definitions.set(def.name, def);
    }
    for (const [n, d] of module.definitions) definitions.set(n, d);
    // LET I == INSTANCE M in the module's own definitions and ASSUMEs: M is loaded as any instantiated module is.
    const letModules = new Map<string, Module | undefined>();
    for (const inst of letInstances([[...module.definitions.values()].map((d) => d.body), module.assumptions?.map((a) => a.body)])) {
      if (!letModules.has(inst.module)) letModules.set(inst.module, await enter(inst.module, inst.at, "INSTANCE"));
    }
    if (letModules.size > 0) {
      for (const [n, d] of module.definitions) if (needsResolving(d.body)) definitions.set(n, { ...d, body: expandLetInstancesIn(d.body, new Set(d.params), letModules) });
    }
    const expand = (e: Expr): Expr => (letModules.size > 0 ? expandLetInstancesIn(e, new Set(), letModules) : e);
    // Then subexpression names, selected from definitions whose LET instances are expanded.
    const selectors = new SelectorResolver(definitions);
    for (const n of module.definitions.keys()) {
      const d = definitions.get(n)!;
      if (needsResolving(d.body)) definitions.set(n, { ...d, body: selectors.resolve(d.body, new Set(d.params)) });
    }
    const assumptions = module.assumptions?.map((a) => (needsResolving(a.body) ? { ...a, body: selectors.resolve(expand(a.body), new Set()) } : a));
    for (const [name, def] of selectors.lambdas()) definitions.set(name, def);
    // Subexpression names in substitutions (I == INSTANCE M WITH x <- Inv!2) are in the instance's definitions, made
    // before: module definitions for them.
    for (const inst of module.instances) {
      for (const sub of inst.substitutions.values()) {
        if (!needsResolving(sub)) continue;
        selectors.resolve(sub, new Set());
        for (const name of mentionedNames(sub)) if (!definitions.has(name) && selectors.made(name)) definitions.set(name, selectors.made(name)!);
      }
    }
    // An instance's copy of a parameterized subexpression's definition (I!Inv!2) is named LAMBDA too.
    for (const [name, def] of definitions) if (def.name === name && def.params.length > 0 && selectorOf(name) !== undefined) definitions.set(name, { ...def, name: "LAMBDA" });
    const out: Module = { ...module, definitions, constants, variables, builtinModules: [...builtins], ...(assumptions ? { assumptions } : {}) };
    this.resolved.set(module, out);
    return out;
  }
}

/** Loads a spec's module with the modules it reaches (see {@link ModuleLoader}). */
export async function loadSpecModule(specFile: string, specText: string | undefined, options: ModuleSearchOptions = {}): Promise<Module> {
  return new ModuleLoader(options).loadSpec(specFile, specText);
}

// ---------------------------------------------------------------------------
// INSTANCE.

type NameExpr = Extract<Expr, { kind: "ref" | "apply" }>;

/**
 * Rewrites the operator and variable names an expression mentions (refs and
 * applications not bound by a quantifier, a function or set constructor,
 * CHOOSE, LAMBDA, LET or a recursive function's own name): `visit` returns
 * the replacement, or undefined to keep the name (its arguments rewritten).
 */
export function rewriteNames(e: Expr, bound: ReadonlySet<string>, visit: (e: NameExpr, bound: ReadonlySet<string>) => Expr | undefined): Expr {
  const go = (x: Expr, b: ReadonlySet<string>): Expr => rewriteNames(x, b, visit);
  if (e.kind === "ref" || e.kind === "apply") {
    const self: NameExpr = e.kind === "apply" ? { ...e, args: e.args.map((a) => go(a, bound)) } : e;
    return bound.has(e.name) ? self : (visit(self, bound) ?? self);
  }
  return mapChildren(e, bound, go);
}

/**
 * The expression with `f` applied to each of its direct subexpressions,
 * given the names bound around each: a quantifier's, a function or set
 * constructor's, CHOOSE's, LAMBDA's, LET's and a recursive function's own
 * name bind inside its body (a binder's sets are outside its scope; a LET
 * definition's body also sees its parameters). Subexpressions inside a LET's
 * unexpanded `instances` (their substitutions) count as inside the LET.
 */
export function mapChildren(e: Expr, bound: ReadonlySet<string>, f: (child: Expr, bound: ReadonlySet<string>) => Expr): Expr {
  const binders: string[] = [];
  const bounds = "bounds" in e ? e.bounds : "bound" in e ? [e.bound] : [];
  for (const b of bounds) binders.push(...b.names);
  if (e.kind === "lambda") binders.push(...e.params);
  if (e.kind === "let") binders.push(...e.definitions.map((d) => d.name), ...(e.instances ?? []).flatMap((i) => (i.name ? [i.name] : [])));
  // A recursive function definition's own name (`f[x \in S] == ... f[x - 1] ...`) is bound inside it.
  const own = e as { readonly kind: string; readonly name?: unknown };
  if (own.kind === "recursiveFunction" && typeof own.name === "string") binders.push(own.name);
  const inner = binders.length > 0 ? new Set([...bound, ...binders]) : bound;
  const any = (v: unknown, b: ReadonlySet<string>): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x) => any(x, b));
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, any(x, b)]));
    if ("kind" in v) return f(v as Expr, b);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = any(x, b);
    return out;
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === "at") out[k] = v;
    else if (k === "bounds" || k === "bound") out[k] = any(v, bound); // the sets are outside the names' scope
    else if (k === "definitions" && e.kind === "let") {
      out[k] = e.definitions.map((d) => ({ ...d, body: f(d.body, new Set([...inner, ...d.params])) }));
    } else out[k] = any(v, inner);
  }
  return out as unknown as Expr;
}

/**
 * The definitions an INSTANCE brings in: the instantiated module's
 * definitions, named `I!Op` for a named instance, with its constants and
 * variables replaced by the substitutions (a parameter without one stands
 * for the symbol of the same name, as TLA+ says). For `F(x, y) == INSTANCE M`
 * each `F!Op` takes the instance's parameters first: `F(a, b)!Op(c)` is
 * `F!Op(a, b, c)`. The instance's parameters are renamed `F!x`, `F!y` inside
 * the definitions, so they cannot clash with the operator's own.
 * `asValue` gives, for some parameters, what stands for them where they are
 * used as values rather than applied (a LET instance's `I!x`, see
 * {@link letInstanceDefinitions}).
 */
export function instantiate(module: Module, inst: Instance, asValue: ReadonlyMap<string, Expr> = new Map()): Definition[] {
  const prefix = inst.name;
  const instanceParams = prefix ? (inst.params ?? []) : [];
  const fresh = new Map(instanceParams.map((p) => [p, `${prefix}!${p}`]));
  const freshRefs: Expr[] = instanceParams.map((p) => ({ kind: "ref", name: fresh.get(p)!, at: inst.at }));
  const renameParams = (e: Expr): Expr => (fresh.size === 0 ? e : rewriteNames(e, new Set(), (r) => (fresh.has(r.name) ? { ...r, name: fresh.get(r.name)! } : undefined)));
  const params = new Set([...module.constants, ...module.variables]);
  const substitutions = new Map<string, Expr>();
  for (const p of params) {
    const s = inst.substitutions.get(p);
    if (s) substitutions.set(p, renameParams(s));
    else if (fresh.has(p)) substitutions.set(p, { kind: "ref", name: fresh.get(p)!, at: inst.at });
  }
  // Without instance parameters a substitution's value depends on the state only: one shared node, computed once per state.
  const memoized = new Map<string, Expr>();
  if (fresh.size === 0) for (const [p, s] of substitutions) if (isStateFunction(s)) memoized.set(p, { kind: "substituted", expr: s });
  const defs = module.definitions;
  const visit = (e: NameExpr): Expr | undefined => {
    if (params.has(e.name)) {
      if (e.kind === "ref" && asValue.has(e.name)) return asValue.get(e.name);
      const s = substitutions.get(e.name);
      if (!s) return undefined;
      if (e.kind === "ref") return memoized.get(e.name) ?? s;
      // An operator constant `Op(_)` applied: substituted by an operator's name, or by a LAMBDA applied in place.
      if (s.kind === "ref") return { ...e, name: s.name };
      if (s.kind === "lambda" && s.params.length === e.args.length) return substitute(s.body, new Map(s.params.map((p, i) => [p, e.args[i]!] as const)));
      return undefined;
    }
    if (!prefix || !defs.has(e.name)) return undefined;
    const name = `${prefix}!${e.name}`;
    if (instanceParams.length === 0) return { ...e, name };
    if (e.kind === "apply") return { ...e, name, args: [...freshRefs, ...e.args] };
    const def = defs.get(e.name)!;
    if (def.params.length === 0) return { kind: "apply", name, args: freshRefs, at: e.at };
    // An operator passed as an argument: close over the instance's parameters.
    return { kind: "lambda", params: def.params, body: { kind: "apply", name, args: [...freshRefs, ...def.params.map((p): Expr => ({ kind: "ref", name: p, at: e.at }))], at: e.at } };
  };
  // Named by the module's keys: a subexpression's definition is keyed `Inv!2` but named LAMBDA, as TLC names its action.
  return [...defs].map(([key, def]) => ({
    ...def,
    name: prefix ? `${prefix}!${key}` : key,
    params: [...instanceParams.map((p) => fresh.get(p)!), ...def.params],
    operatorParams: [...instanceParams.map(() => false), ...def.operatorParams],
    body: rewriteNames(def.body, new Set(def.params), visit),
  }));
}

/** Whether an expression is worth computing once per state and can be: not a name or literal, and with no prime, UNCHANGED, ENABLED or LAMBDA inside. */
function isStateFunction(e: Expr): boolean {
  if (e.kind === "ref" || e.kind === "num" || e.kind === "str" || e.kind === "bool" || e.kind === "lambda") return false;
  let ok = true;
  const visit = (x: unknown): void => {
    if (!ok || x === null || typeof x !== "object") return;
    if (Array.isArray(x)) return x.forEach(visit);
    const kind = (x as { kind?: unknown }).kind;
    if (kind === "prime" || kind === "unchanged" || kind === "enabled" || kind === "stutter" || kind === "lambda") ok = false;
    for (const [k, v] of Object.entries(x)) if (k !== "at") visit(v);
  };
  visit(e);
  return ok;
}

/** `I == INSTANCE SequencesExt` of a natively implemented module: `I!Op(a)` calls the native `Op(a)`. */
function nativeInstance(inst: Instance): Definition[] {
  const native = BUILTIN_MODULES.get(inst.module);
  if (!native || !inst.name) return [];
  const instanceParams = inst.params ?? [];
  return [...native].map(([op, impl]) => {
    const params = Array.from({ length: impl.arity }, (_, i) => `${inst.name}!#${i + 1}`);
    const body: Expr = { kind: "apply", name: op, args: params.map((p): Expr => ({ kind: "ref", name: p, at: inst.at })), at: inst.at };
    return {
      name: `${inst.name}!${op}`,
      params: [...instanceParams.map((p) => `${inst.name}!${p}`), ...params],
      operatorParams: [...instanceParams.map(() => false), ...params.map((_, i) => impl.operatorParams?.[i] ?? false)],
      body: impl.arity === 0 ? { kind: "ref", name: op, at: inst.at } : body,
      text: `${op}(...)`,
      at: inst.at,
    };
  });
}

// ---------------------------------------------------------------------------
// INSTANCE inside LET.

/** The names an expression mentions that nothing inside it binds: operators, variables, constants and names bound around it. */
function freeNames(e: Expr): Set<string> {
  const names = new Set<string>();
  rewriteNames(e, new Set(), (x) => void names.add(x.name));
  return names;
}

/** Every name an expression (or anything holding expressions) refers to or applies, bound or not. */
function mentionedNames(x: unknown, into = new Set<string>()): Set<string> {
  if (x === null || typeof x !== "object") return into;
  if (Array.isArray(x)) {
    for (const y of x) mentionedNames(y, into);
    return into;
  }
  if (x instanceof Map) {
    for (const y of x.values()) mentionedNames(y, into);
    return into;
  }
  const node = x as { kind?: unknown; name?: unknown };
  if ((node.kind === "ref" || node.kind === "apply") && typeof node.name === "string") into.add(node.name);
  for (const [k, v] of Object.entries(x)) if (k !== "at") mentionedNames(v, into);
  return into;
}

/**
 * The definitions among `defs` that `roots` use, directly or through each
 * other (a subexpression name `I!Op!2` uses `I!Op`): a LET instance brings
 * only these into its LET, not the whole module.
 */
function usedDefinitions(defs: readonly Definition[], roots: readonly Expr[]): Definition[] {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const used = new Set<string>();
  const todo: unknown[] = [...roots];
  while (todo.length > 0) {
    for (const n of mentionedNames(todo.pop())) {
      for (const m of [n, selectorOf(n)?.head]) {
        if (m === undefined || used.has(m) || !byName.has(m)) continue;
        used.add(m);
        todo.push(byName.get(m)!.body);
      }
    }
  }
  return defs.filter((d) => used.has(d.name));
}

/**
 * The definitions `LET I == INSTANCE M WITH ...` brings into its LET, as TLC
 * reads it: M's definitions as `I!Op` (`module` is M, loaded; undefined for
 * a natively implemented one without a .tla), and a natively implemented
 * module's operators. A substitution that mentions a name local to
 * where the LET is (a parameter, a bound variable, a LET definition; an
 * omitted `x <- x` too, when x is local) becomes a LET definition `I!x` of
 * its own, so it is evaluated where the LET is and M's binders cannot
 * capture its names (`Op(y) == y + N` with `N <- y`). The others are put in
 * place as a module-level INSTANCE's are, so that `v' = e` in M still
 * assigns the variable substituted for v.
 */
export function letInstanceDefinitions(module: Module | undefined, inst: Instance, scope: ReadonlySet<string>): Definition[] {
  const native = nativeInstance(inst);
  if (!module) return native;
  const prefix = inst.name ?? "";
  const instanceParams = new Set(inst.params ?? []);
  const asValue = new Map<string, Expr>();
  const locals: Definition[] = [];
  for (const p of [...module.constants, ...module.variables]) {
    const s: Expr = inst.substitutions.get(p) ?? { kind: "ref", name: p, at: inst.at };
    const free = [...freeNames(s)];
    // One that also mentions the instance's own parameters stays in place (renamed, as instantiate does).
    if (!free.some((n) => scope.has(n)) || free.some((n) => instanceParams.has(n))) continue;
    const name = `${prefix}!${p}`;
    asValue.set(p, { kind: "ref", name, at: inst.at });
    // An operator substituted by a LAMBDA is a LET operator with its parameters.
    const [params, body] = s.kind === "lambda" ? [s.params, s.body] : [[], s];
    locals.push({ name, params, operatorParams: params.map(() => false), body, text: `${p} <- ...`, at: inst.at });
  }
  return [...native, ...locals, ...instantiate(module, inst, asValue)];
}

/**
 * A LET's definitions with each after those it uses (in TLA+ a LET
 * definition sees only the earlier ones, and the level of a LET definition
 * is computed in that order, see temporal.ts); the given order otherwise.
 */
function inDependencyOrder(defs: readonly Definition[]): Definition[] {
  const byName = new Map(defs.map((d) => [d.name, d]));
  const placed = new Set<string>();
  const out: Definition[] = [];
  const place = (d: Definition): void => {
    if (placed.has(d.name)) return;
    placed.add(d.name); // before its uses: a recursive definition ends here
    for (const n of mentionedNames(d.body)) {
      for (const m of [n, selectorOf(n)?.head]) {
        const used = m === undefined ? undefined : byName.get(m);
        if (used) place(used);
      }
    }
    out.push(d);
  };
  defs.forEach(place);
  return out;
}

/** A LET with its INSTANCE definitions replaced by the definitions they bring (see {@link letInstanceDefinitions}). */
function expandLetInstances(e: Extract<Expr, { kind: "let" }>, bound: ReadonlySet<string>, modules: ReadonlyMap<string, Module | undefined>): Expr {
  const { instances = [], ...plain } = e;
  const scope = new Set([...bound, ...plain.definitions.map((d) => d.name), ...instances.flatMap((i) => (i.name ? [i.name] : []))]);
  const brought = instances.flatMap((inst) => letInstanceDefinitions(modules.get(inst.module), inst, scope));
  const used = usedDefinitions(brought, [plain.body, ...plain.definitions.map((d) => d.body)]);
  return { ...plain, definitions: inDependencyOrder([...plain.definitions, ...used]) };
}

/** The expression with each LET's INSTANCE definitions expanded, innermost first. */
function expandLetInstancesIn(e: Expr, bound: ReadonlySet<string>, modules: ReadonlyMap<string, Module | undefined>): Expr {
  const go = (x: Expr, b: ReadonlySet<string>): Expr => {
    const y = mapChildren(x, b, go);
    return y.kind === "let" && y.instances !== undefined ? expandLetInstances(y, b, modules) : y;
  };
  return go(e, bound);
}

/** The INSTANCEs inside LETs anywhere in `x` (definitions, ASSUMEs). */
function letInstances(x: unknown, into: Instance[] = []): Instance[] {
  if (x === null || typeof x !== "object") return into;
  if (Array.isArray(x)) {
    for (const y of x) letInstances(y, into);
    return into;
  }
  if (x instanceof Map) {
    for (const y of x.values()) letInstances(y, into);
    return into;
  }
  const node = x as { kind?: unknown; instances?: readonly Instance[] };
  if (node.kind === "let" && node.instances) into.push(...node.instances);
  for (const [k, v] of Object.entries(x)) if (k !== "at") letInstances(v, into);
  return into;
}

// ---------------------------------------------------------------------------
// Subexpression names.

/** An expression that fails, when evaluated, with the explorer's "not supported" error at `at`. */
function unsupportedAt(at: Location, problem: string): Expr {
  return { kind: "apply", name: `\u0000unsupported:${problem}`, args: [], at };
}

/** How a step is written. */
function stepText(step: SelectorStep): string {
  switch (step.kind) {
    case "operand":
      return `!${step.index}`;
    case "first":
      return "!<<";
    case "second":
      return "!>>";
    case "bind":
      return "!(...)";
    default:
      return `!${step.text}`;
  }
}

/** SANY's ArgNum: which operand (1-based) of `count` a step selects, or -1 for none. */
function operandNumber(step: SelectorStep, count: number): number {
  if (step.kind === "operand") return step.index >= 1 && step.index <= count ? step.index : -1;
  if (step.kind === "first") return count > 0 ? 1 : -1;
  if (step.kind === "second") return count === 2 ? 2 : -1;
  return -1;
}

/**
 * The operands `!1`, `!2`, ... select in an expression, in SANY's order:
 * the arguments of an operator (infix and prefix ones too, `\in`, `~`, `'`,
 * UNCHANGED, ENABLED, `[]`, `WF_v(A)` as v then A), the junctions of `/\`
 * and `\/` and of their lists, IF's three parts, `[A]_v` as A then v, a
 * tuple's, set's, record's (values) and product's items, `f[a]` as f then a
 * (a tuple for `f[a, b]`), `r.f` as r then the string "f", a function set's
 * domain and range, EXCEPT's base, and a binder's sets (`\A x \in S : P`,
 * CHOOSE, `{e : x \in S}`, `{x \in S : P}`, `[x \in S |-> e]`). Otherwise
 * why an expression has none: a spec error (SANY's), or one the explorer
 * does not support (`unsupported`).
 */
function operandsOf(e: Expr): readonly Expr[] | { readonly problem: string; readonly unsupported: boolean } {
  switch (e.kind) {
    case "and":
    case "or":
    case "setEnum":
    case "tuple":
      return e.items;
    case "infix":
      return [e.lhs, e.rhs];
    case "prefix":
    case "prime":
    case "unchanged":
      return [e.arg];
    case "enabled":
      return [e.action];
    case "apply":
      if (e.name.startsWith("\u0000unsupported:")) return { problem: e.name.slice("\u0000unsupported:".length).replace(/^[^:]*:\d+:\d+: /, ""), unsupported: true };
      if (e.name === "\\EE" || e.name === "\\AA") return { problem: "subexpressions of \\EE and \\AA are not supported by the explorer", unsupported: true };
      return e.args;
    case "fnApp":
      return [e.fn, e.args.length === 1 ? e.args[0]! : { kind: "tuple", items: e.args }];
    case "record":
      return e.values;
    case "recordSet":
      return e.sets;
    case "fnSet":
      return [e.domain, e.range];
    case "field":
      return [e.record, { kind: "str", value: e.field }];
    case "except":
      return [e.base];
    case "if":
      return [e.cond, e.then, e.else];
    case "stutter":
      return [e.action, e.vars];
    case "product":
      return e.sets;
    case "quant":
    case "setMap":
    case "fnLit":
    case "recursiveFunction":
      return e.bounds.map((b) => b.set);
    case "choose":
    case "setFilter":
      return [e.bound.set];
    case "lambda":
      return { problem: "a LAMBDA's body is selected with !(args), not by number", unsupported: false };
    default:
      return { problem: "the expression there has no operands (a name or a literal)", unsupported: false };
  }
}

/** The names a binder binds, in order, and its body: what `!(e1, ..., en)` selects (with the names replaced). */
function bodyOfBinder(e: Expr): { readonly names: readonly string[]; readonly body: Expr } | undefined {
  switch (e.kind) {
    case "quant":
    case "setMap":
    case "fnLit":
    case "recursiveFunction":
      return { names: e.bounds.flatMap((b) => b.names), body: e.body };
    case "choose":
    case "setFilter":
      return { names: e.bound.names, body: e.body };
    case "lambda":
      return { names: e.params, body: e.body };
    default:
      return undefined;
  }
}

/**
 * The definition a subexpression name stands for, as SANY makes it (a
 * LAMBDA applied to the arguments): the head's parameters, then the names
 * each `!(...)` step binds, as parameters; the selected expression as the
 * body, inside the LETs the path went through (so the names they define keep
 * their meaning). Labels are not kept by the parser, so a labelled
 * expression is its body, as SANY steps over labels. A path that selects
 * nothing is an error of the spec, as SANY's (EXPLORER_SYNTAX, where the
 * name is used: `at`); one the explorer does not support (`!@`, labels) is
 * a definition that fails where it is used.
 */
export function selectorDefinition(name: string, head: Definition, at: Location): Definition {
  const steps = selectorOf(name)?.steps ?? [];
  const bindParams: string[] = [];
  const lets: (readonly Definition[])[] = [];
  const unsupported = (problem: string): Definition => {
    const extra = steps.flatMap((s, i) => (s.kind === "bind" ? Array.from({ length: s.arity }, (_, j) => `${name}#${i}.${j}`) : []));
    return { name, params: [...head.params, ...extra], operatorParams: [...head.operatorParams, ...extra.map(() => false)], body: unsupportedAt(at, `${name}: ${problem}`), text: name, at };
  };
  const rejected = (problem: string): never => {
    throw new ExplorerError(at, `${name} names no subexpression of ${head.name}: ${problem}`, "EXPLORER_SYNTAX");
  };
  let current = head.body;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const shown = stepText(step);
    if (step.kind === "other") {
      if (step.text === "@") return unsupported("!@ (a binder's body with its names unbound) is not supported by the explorer: use !(e1, ..., en)");
      return unsupported(`${shown}: labels in subexpression names are not supported by the explorer`);
    }
    if (step.kind === "bind") {
      const binder = bodyOfBinder(current);
      if (!binder) return rejected(`${shown} selects the body of a quantifier, CHOOSE, set or function constructor or LAMBDA, and the expression there is none`);
      if (binder.names.length !== step.arity) return rejected(`${shown} gives ${step.arity} argument(s) for ${binder.names.length} bound identifier(s)`);
      bindParams.push(...binder.names);
      current = binder.body;
      continue;
    }
    if (current.kind === "let") {
      if (operandNumber(step, 1) !== 1) return rejected(`${shown}: a LET/IN expression has only one operand, its body`);
      lets.push(current.definitions);
      current = current.body;
      continue;
    }
    if (current.kind === "case") {
      // CASE p1 -> e1 [] ... [] OTHER -> e: !i!1 is p_i, !i!2 is e_i (OTHER is the last arm, without a guard).
      const arms: (readonly [Expr | undefined, Expr])[] = [...current.arms.map((a) => [a.guard, a.value] as const), ...(current.other ? [[undefined, current.other] as const] : [])];
      const k = operandNumber(step, arms.length);
      const next = steps[++i];
      if (k < 0) return rejected(`${shown}: the CASE has ${arms.length} arm(s)`);
      if (!next) return rejected("a subexpression of CASE must have the form !i!j");
      const j = operandNumber(next, 2);
      if (j < 0) return rejected("the second selector of a CASE subexpression must be 1 (the guard) or 2 (the value)");
      const chosen = arms[k - 1]![j - 1];
      if (!chosen) return rejected("it selects OTHER's guard in a CASE, which has none");
      current = chosen;
      continue;
    }
    const operands = operandsOf(current);
    if (!Array.isArray(operands)) {
      const why = operands as { readonly problem: string; readonly unsupported: boolean };
      return why.unsupported ? unsupported(why.problem) : rejected(`${shown}: ${why.problem}`);
    }
    // EXCEPT's operands are its base and each update, but SANY selects only the base (an update may hold a dangling @).
    const k = operandNumber(step, current.kind === "except" ? 1 + current.updates.length : operands.length);
    if (current.kind === "except" && k > 1) return rejected("selecting a subexpression of an EXCEPT other than its base is not implemented by SANY");
    if (k < 0) return rejected(`${shown} names no operand: the expression there has ${operands.length}`);
    current = operands[k - 1]!;
  }
  const body = lets.reduceRight((b: Expr, definitions): Expr => ({ kind: "let", definitions, body: b }), current);
  return { name, params: [...head.params, ...bindParams], operatorParams: [...head.operatorParams, ...bindParams.map(() => false)], body, text: name, at };
}

/** The subexpression names used in `x` whose head is one of `heads`, not yet defined, with where each is used first. */
function selectorUses(x: unknown, heads: ReadonlyMap<string, Definition>, into = new Map<string, Location>()): Map<string, Location> {
  if (x === null || typeof x !== "object") return into;
  if (Array.isArray(x)) {
    for (const y of x) selectorUses(y, heads, into);
    return into;
  }
  const node = x as { kind?: unknown; name?: unknown; at?: Location };
  if ((node.kind === "ref" || node.kind === "apply") && typeof node.name === "string" && !heads.has(node.name) && !into.has(node.name)) {
    const head = selectorOf(node.name)?.head;
    if (head !== undefined && heads.has(head)) into.set(node.name, node.at!);
  }
  for (const [k, v] of Object.entries(x)) if (k !== "at") selectorUses(v, heads, into);
  return into;
}

/** A LET with a definition for each subexpression name of its own definitions (`LET F == A /\ B IN F!2`) used inside it. */
function defineLetSelectors(e: Extract<Expr, { kind: "let" }>): Expr {
  const local = new Map(e.definitions.map((d) => [d.name, d]));
  const uses = selectorUses([e.body, e.definitions.map((d) => d.body)], local);
  if (uses.size === 0) return e;
  return { ...e, definitions: inDependencyOrder([...e.definitions, ...[...uses].map(([name, at]) => selectorDefinition(name, local.get(selectorOf(name)!.head)!, at))]) };
}

/**
 * Resolves the subexpression names of a module's expressions against its
 * definitions (`definitions`, everything it EXTENDS and INSTANCEs merged
 * in), as TLC makes them: one without parameters (SANY's `$Nop(e)`, which
 * TLC does not split into actions, naming its steps by the action around
 * it) is a LET at the place it is used, `LET Inv!2 == e IN Inv!2`; one with
 * parameters (SANY's LAMBDA applied, whose steps TLC names `LAMBDA(args)`)
 * is a module definition named LAMBDA, which `lambdas` lists. Those of LET
 * definitions get a definition in their LET. One whose head is a parameter
 * or a bound name, or nothing defined, fails where it is used.
 */
class SelectorResolver {
  private readonly defined = new Map<string, Definition>();

  constructor(private readonly definitions: ReadonlyMap<string, Definition>) {}

  /** The definition made for a module-level head's subexpression name, if any. */
  made(name: string): Definition | undefined {
    return this.defined.get(name);
  }

  /** The module definitions the parameterized subexpression names resolved so far stand for (keyed by the names). */
  lambdas(): [string, Definition][] {
    return [...this.defined].filter(([, d]) => d.params.length > 0).map(([name, d]) => [name, { ...d, name: "LAMBDA" }]);
  }

  /** The expression with its subexpression names resolved (`bound`: the names bound around it). */
  resolve(e: Expr, bound: ReadonlySet<string>): Expr {
    return this.go(e, bound, new Set());
  }

  private go(x: Expr, bound: ReadonlySet<string>, lets: ReadonlySet<string>): Expr {
    if (x.kind === "ref" || x.kind === "apply") {
      const self: Expr = x.kind === "apply" ? { ...x, args: x.args.map((a) => this.go(a, bound, lets)) } : x;
      const head = selectorOf(x.name)?.head;
      if (head === undefined) return this.definitions.has(x.name) || lets.has(x.name) || bound.has(x.name) ? self : (this.labelReference(x) ?? self);
      if (this.definitions.has(x.name) || lets.has(head)) return self;
      if (bound.has(head)) return unsupportedAt(x.at, `${x.name}: subexpressions of ${head}, a parameter or bound name here, are not supported by the explorer`);
      if (!this.definitions.has(head)) return this.labelReference(x) ?? unsupportedAt(x.at, `${x.name}: ${head} is not an operator defined here`);
      const def = this.definitionOf(x.name, head, x.at);
      return def.params.length > 0 ? self : { kind: "let", definitions: [def], body: self };
    }
    const inner = x.kind === "let" ? new Set([...lets, ...x.definitions.map((d) => d.name)]) : lets;
    const y = mapChildren(x, bound, (c, b) => this.go(c, b, inner));
    return y.kind === "let" ? defineLetSelectors(y) : y;
  }

  /**
   * `Op!lab` (or `Op!Def`) for an operator Op defined here: a label inside
   * Op's body, or a LET definition there, which the explorer does not keep;
   * undefined for any other name.
   */
  private labelReference(x: Extract<Expr, { kind: "ref" | "apply" }>): Expr | undefined {
    const parts = x.name.split("!");
    for (let k = parts.length - 1; k >= 1; k--) {
      const op = parts.slice(0, k).join("!");
      if (this.definitions.has(op)) return unsupportedAt(x.at, `${x.name}: ${parts.slice(k).join("!")} inside ${op} (a label, or a LET definition there) cannot be named from outside in the explorer`);
    }
    return undefined;
  }

  /** A module-level head's subexpression, made once; the subexpression names inside it resolved too. */
  private definitionOf(name: string, head: string, at: Location): Definition {
    const known = this.defined.get(name);
    if (known) return known;
    const def = selectorDefinition(name, this.definitions.get(head)!, at);
    this.defined.set(name, def); // before its body is resolved: a name that selects itself ends here
    const resolved = { ...def, body: this.resolve(def.body, new Set(def.params)) };
    this.defined.set(name, resolved);
    return resolved;
  }
}

/** Whether an expression has a name with "!" (a subexpression or label name, or an instance's) or a LET INSTANCE in it (most have neither, and are kept as they are). */
function needsResolving(x: unknown): boolean {
  if (x === null || typeof x !== "object") return false;
  if (Array.isArray(x)) return x.some(needsResolving);
  if (x instanceof Map) return [...x.values()].some(needsResolving);
  const node = x as { kind?: unknown; name?: unknown; instances?: unknown };
  if ((node.kind === "ref" || node.kind === "apply") && typeof node.name === "string" && node.name.includes("!")) return true;
  if (node.kind === "let" && node.instances !== undefined) return true;
  for (const [k, v] of Object.entries(x)) if (k !== "at" && needsResolving(v)) return true;
  return false;
}
