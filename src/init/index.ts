/**
 * `tlabridge init`: an adapter skeleton for a spec, with one handler per
 * action named by the operator's parameters (found through EXTENDS and
 * INSTANCE, so a Toolbox `MC.tla` gives the real names), the variables for
 * `observe` and the constants for `setup`, in TypeScript or as a Python
 * program behind a subprocess adapter.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { link, lstat, open, rm } from "node:fs/promises";
import path from "node:path";
import { EXIT, TlabridgeError } from "../errors.js";
import { openSpec, parseConfig } from "../explorer/index.js";
import { specActions, type SpecAction } from "../explorer/actions.js";
import { loadSpecModule } from "../explorer/modules.js";
import { readInputText } from "../util/input.js";
import { checkOutputFolder, makeOutputFolder, outputError } from "../util/output.js";
import { registerTemporary } from "../util/temporary.js";
import { printValue } from "../values/index.js";
import { specConstants } from "../generate/spec-info.js";
import { getOwn } from "../util/own.js";
import { pythonAdapter, subprocessTypescriptAdapter, typescriptAdapter, type SkeletonModel } from "./templates.js";

/** The languages a skeleton is written in. */
export const INIT_LANGUAGES = ["ts", "python"] as const;

/** A skeleton's language: a TypeScript adapter, or a Python program with the TypeScript file that runs it. */
export type InitLanguage = (typeof INIT_LANGUAGES)[number];

/** What {@link scaffoldAdapter} is asked for. */
export interface InitOptions {
  readonly spec: string;
  /** The model's config (default: `<spec>.cfg` when it exists; without one, the definition `Next` is read). */
  readonly config?: string;
  readonly lang?: InitLanguage;
  /** The adapter module to write (default `adapter.ts` in the current folder). */
  readonly out?: string;
  /** Folders of modules the spec EXTENDS or INSTANCEs (`--lib`). */
  readonly lib?: readonly string[];
  /** Where the printed commands run from (default the current folder): paths in them are relative to it. */
  readonly cwd?: string;
}

/** What {@link scaffoldAdapter} wrote. */
export interface InitResult {
  /** The files written, adapter module first. */
  readonly files: readonly string[];
  readonly actions: readonly SpecAction[];
  readonly variables: readonly string[];
  readonly constants: readonly string[];
  readonly config: string | undefined;
  /** The commands that generate a suite with the adapter and run it. */
  readonly commands: readonly string[];
}

/** Reads the spec's actions, variables and constants and writes the skeleton; an existing file is never overwritten. */
export async function scaffoldAdapter(options: InitOptions): Promise<InitResult> {
  const lang = options.lang ?? "ts";
  const cwd = options.cwd ?? process.cwd();
  const spec = options.spec;
  // The input layer first: a folder, a FIFO or a binary is refused in one line.
  await readInputText(spec, { noun: "a TLA+ spec", codePrefix: "SPEC", pathHint: " given as the spec" });
  const config = options.config ?? (existsSync(spec.replace(/\.tla$/, ".cfg")) ? spec.replace(/\.tla$/, ".cfg") : undefined);
  const model = config !== undefined ? await fromConfig(spec, config, options.lib) : await fromNext(spec, options.lib);
  const out = options.out ?? "adapter.ts";
  if (!/\.[cm]?[jt]s$/.test(out)) throw new TlabridgeError("INIT_OUT_NOT_A_MODULE", `--out ${out}: the adapter is a module: give a .ts or .js file name.`, EXIT.badInput);
  const programFile = path.join(path.dirname(out), `${path.basename(spec, ".tla").replace(/[^A-Za-z0-9_]/g, "_").toLowerCase()}_adapter.py`);
  const files: { file: string; text: string; mode?: number }[] =
    lang === "python"
      ? [
          { file: out, text: subprocessTypescriptAdapter(model.specName, ["python3", path.basename(programFile)]) },
          { file: programFile, text: pythonAdapter(model), mode: 0o755 },
        ]
      : [{ file: out, text: typescriptAdapter(model) }];
  // Every file checked before any is written: init writes all of them or none.
  for (const f of files) {
    const existing = await lstat(f.file).catch(() => undefined);
    if (existing) {
      throw new TlabridgeError("INIT_FILE_EXISTS", `${f.file} already exists: init never overwrites a file; move it away or pass another --out.`, EXIT.badInput);
    }
  }
  // A missing folder (`--out test/adapter.ts`) is made; a failed run removes what it made.
  const made = await makeOutputFolder(path.dirname(path.resolve(out)));
  await checkOutputFolder(path.dirname(path.resolve(out)), out);
  const written: string[] = [];
  try {
    for (const f of files) {
      await writeNewFile(f.file, f.text, f.mode);
      written.push(f.file);
    }
  } catch (e) {
    // Half a skeleton is no use: the files this run made go again.
    for (const w of written) await rm(w, { force: true }).catch(() => {});
    if (made !== undefined) await rm(made, { recursive: true, force: true }).catch(() => {});
    throw e;
  }
  const rel = (p: string): string => {
    // Relative when under the folder the commands run from, else absolute: `../../..` helps nobody.
    const r = path.relative(cwd, path.resolve(p));
    return r === "" ? "." : r.startsWith("..") ? path.resolve(p) : r;
  };
  const suite = path.join(path.dirname(rel(out)), "conformance");
  const quote = (p: string): string => (/^[A-Za-z0-9_./:@%+=,-]+$/.test(p) ? p : `'${p.replace(/'/g, "'\\''")}'`);
  const commands = [
    `npx tlabridge generate ${quote(rel(spec))}${config !== undefined ? ` --config ${quote(rel(config))}` : ""} --adapter ${quote(rel(out))} --out ${quote(suite)}`,
    `npx tlabridge test ${quote(suite)}`,
  ];
  return { files: files.map((f) => f.file), actions: model.actions, variables: model.variables, constants: model.constants.map((c) => c.name), config, commands };
}

/** The spec as its config makes it: Next from NEXT or SPECIFICATION, the constants' values. */
async function fromConfig(spec: string, config: string, lib: readonly string[] | undefined): Promise<SkeletonModel> {
  const cfgText = (await readInputText(config, { noun: "a TLA+ config", codePrefix: "CONFIG", pathHint: " given as the config" })).text;
  const cfg = parseConfig(cfgText, config);
  const stepper = await openSpec({ spec, config, libraryPaths: lib });
  // What generate passes to setup: the config's values, and those of constants it substitutes (MC.cfg's `Txns <- const_1`).
  const values = await specConstants(spec, cfgText, config, lib);
  return {
    specName: path.basename(spec),
    actions: stepper.actions,
    variables: stepper.variables,
    constants: stepper.constants.map((name) => {
      const value = getOwn(values, name);
      return { name, value: value !== undefined ? printValue(value) : cfg.substitutions.has(name) ? `<- ${cfg.substitutions.get(name)!}` : undefined };
    }),
  };
}

/** Without a config: the definition named Next, and the constants undefined. */
async function fromNext(spec: string, lib: readonly string[] | undefined): Promise<SkeletonModel> {
  const module = await loadSpecModule(spec, undefined, { libraryPaths: lib });
  const next = module.definitions.get("Next");
  if (next === undefined) {
    throw new TlabridgeError("INIT_NO_NEXT", `${spec} has no config beside it (${path.basename(spec, ".tla")}.cfg) and defines no Next: pass the model's config with --config <file.cfg>.`, EXIT.badInput);
  }
  return {
    specName: path.basename(spec),
    actions: specActions(module, next.body, "Next"),
    variables: module.variables,
    constants: module.constants.map((name) => ({ name, value: undefined })),
  };
}

/**
 * Writes a new file whole or not at all, and only if nothing is there: a
 * temporary file beside it is filled, then hard-linked to the name (which
 * fails when something took the name meanwhile, unlike a rename) and removed.
 */
async function writeNewFile(file: string, text: string, mode = 0o644): Promise<void> {
  const absolute = path.resolve(file);
  const temporary = path.join(path.dirname(absolute), `.${path.basename(absolute)}.${process.pid}-${Math.random().toString(36).slice(2, 10)}.tmp`);
  const unregister = registerTemporary(temporary);
  try {
    const handle = await open(temporary, "wx", mode);
    try {
      await handle.writeFile(text);
    } finally {
      await handle.close();
    }
    try {
      await link(temporary, absolute);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "EEXIST") throw new TlabridgeError("INIT_FILE_EXISTS", `${file} already exists: init never overwrites a file; move it away or pass another --out.`, EXIT.badInput);
      throw e;
    }
  } catch (e) {
    throw outputError(file, e);
  } finally {
    await rm(temporary, { force: true }).catch(() => {});
    unregister();
  }
}
