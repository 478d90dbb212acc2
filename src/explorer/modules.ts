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
import { parseModules, substitute, type Definition, type Expr, type Instance, type Location, type Module } from "./syntax.js";

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
    super(code, `${file}:${at?.line ?? 1}:${at?.column ?? 1}: ${problem}`);
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
      if (instantiated) for (const def of instantiate(instantiated, inst)) definitions.set(def.name, def);
      else if (inst.name) for (const def of nativeInstance(inst)) definitions.set(def.name, def);
    }
    for (const [n, d] of module.definitions) definitions.set(n, d);
    const out: Module = { ...module, definitions, constants, variables, builtinModules: [...builtins] };
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
  const binders: string[] = [];
  const bounds = "bounds" in e ? e.bounds : "bound" in e ? [e.bound] : [];
  for (const b of bounds) binders.push(...b.names);
  if (e.kind === "lambda") binders.push(...e.params);
  if (e.kind === "let") binders.push(...e.definitions.map((d) => d.name));
  // A recursive function definition's own name (`f[x \in S] == ... f[x - 1] ...`) is bound inside it.
  const own = e as { readonly kind: string; readonly name?: unknown };
  if (own.kind === "recursiveFunction" && typeof own.name === "string") binders.push(own.name);
  const inner = binders.length > 0 ? new Set([...bound, ...binders]) : bound;
  const any = (v: unknown, b: ReadonlySet<string>): unknown => {
    if (v === null || typeof v !== "object") return v;
    if (Array.isArray(v)) return v.map((x) => any(x, b));
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, any(x, b)]));
    if ("kind" in v) return go(v as Expr, b);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = any(x, b);
    return out;
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(e)) {
    if (k === "at") out[k] = v;
    else if (k === "bounds" || k === "bound") out[k] = any(v, bound); // the sets are outside the names' scope
    else if (k === "definitions" && e.kind === "let") {
      out[k] = e.definitions.map((d) => ({ ...d, body: go(d.body, new Set([...inner, ...d.params])) }));
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
 */
export function instantiate(module: Module, inst: Instance): Definition[] {
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
  return [...defs.values()].map((def) => ({
    ...def,
    name: prefix ? `${prefix}!${def.name}` : def.name,
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
