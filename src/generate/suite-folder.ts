/**
 * The folder a suite is written to. A suite's marker file lists the files
 * `generate` wrote; regenerating replaces exactly those and keeps everything
 * else there (an adapter, a dump, notes). A non-empty folder without a
 * marker is refused. The new files are written in a staging folder beside
 * the suite first and moved in one by one, so a failure or an interrupt
 * leaves the previous suite, or the new one, and no staging folder.
 *
 * @module
 */
import type { Stats } from "node:fs";
import { lstat, mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { EXIT, TlabridgeError } from "../errors.js";
import { checkOutputFile, checkOutputFolder, describeKind, makeOutputFolder, outputError, writeFileAtomically } from "../util/output.js";
import { registerTemporary } from "../util/temporary.js";

/** The file that marks a folder as written by `tlabridge generate`, and lists what it wrote. */
export const SUITE_MARKER = "tlabridge-suite.json";

/** Files a suite written before the marker listed its files held: the marker, the config, `suite-NN.{json,test.ts}`. */
const LEGACY_GENERATED = /^(suite-\d+\.(json|test\.ts)|vitest\.config\.mjs|tlabridge-suite\.json)$/;

/** What is in the folder before writing. */
export interface SuiteFolder {
  /** The absolute path. */
  readonly path: string;
  /** Whether it exists (and is a folder). */
  readonly exists: boolean;
  /** The names of the files an earlier `generate` wrote there (the only ones it may replace or remove). */
  readonly generated: readonly string[];
}

/** A marker's `generated` list holds plain file names only: nothing outside the folder can be named. */
function isPlainName(name: unknown): name is string {
  return typeof name === "string" && name !== "" && name !== "." && name !== ".." && !/[/\\\0]/.test(name);
}

async function lstatOrNothing(file: string): Promise<Stats | undefined> {
  try {
    return await lstat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // ENOTDIR: an ancestor is a file, which the check of the nearest existing ancestor reports.
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw outputError(file, e);
  }
}

/**
 * Checks the folder a suite will be written to: absent (its nearest existing
 * ancestor a writable folder), empty, or holding a suite tlabridge wrote;
 * returns what it holds. Throws before anything is written otherwise.
 */
export async function checkSuiteFolder(outDir: string, adapter?: string): Promise<SuiteFolder> {
  const folder = await suiteFolder(outDir);
  if (adapter !== undefined) checkAdapterOutside(folder, adapter, folder.generated);
  return folder;
}

/** Refuses an adapter that is (or would be) one of the suite's generated files: regenerating would replace it. */
function checkAdapterOutside(folder: SuiteFolder, adapter: string, names: readonly string[]): void {
  const adapterName = path.relative(folder.path, path.resolve(adapter));
  if (names.includes(adapterName) || LEGACY_GENERATED.test(adapterName)) {
    throw new TlabridgeError(
      "GENERATE_ADAPTER_IN_SUITE",
      `${adapter} is one of the files the suite in ${folder.path} generates: keep the adapter under another name or outside the folder.`,
      EXIT.badInput,
    );
  }
}

async function suiteFolder(outDir: string): Promise<SuiteFolder> {
  const absolute = path.resolve(outDir);
  const stats = await lstatOrNothing(absolute);
  if (stats === undefined) {
    let ancestor = path.dirname(absolute);
    while ((await lstatOrNothing(ancestor)) === undefined && path.dirname(ancestor) !== ancestor) ancestor = path.dirname(ancestor);
    await checkOutputFolder(ancestor, outDir);
    return { path: absolute, exists: false, generated: [] };
  }
  if (!stats.isDirectory()) {
    throw new TlabridgeError("GENERATE_NOT_A_FOLDER", `${outDir} is ${describeKind(stats)}, not a folder: choose another --out.`, EXIT.badInput);
  }
  await checkOutputFolder(absolute, outDir);
  let entries: string[];
  try {
    entries = await readdir(absolute);
  } catch (e) {
    throw outputError(outDir, e);
  }
  if (entries.length === 0) return { path: absolute, exists: true, generated: [] };
  let marker: { generator?: unknown; generated?: unknown } | undefined;
  try {
    marker = JSON.parse(await readFile(path.join(absolute, SUITE_MARKER), "utf8")) as typeof marker;
  } catch {
    marker = undefined;
  }
  if (marker?.generator !== "tlabridge") {
    throw new TlabridgeError(
      "GENERATE_FOREIGN_FOLDER",
      `${outDir} holds files tlabridge did not generate (no ${SUITE_MARKER}): choose an empty or new --out folder, or remove this one.`,
      EXIT.badInput,
    );
  }
  if (marker.generated === undefined) return { path: absolute, exists: true, generated: entries.filter((f) => LEGACY_GENERATED.test(f)).sort() };
  if (!Array.isArray(marker.generated) || !marker.generated.every(isPlainName)) {
    throw new TlabridgeError(
      "GENERATE_BAD_MARKER",
      `${path.join(outDir, SUITE_MARKER)} does not list the generated files as plain file names: remove the folder's generated files and the marker, or choose another --out.`,
      EXIT.badInput,
    );
  }
  return { path: absolute, exists: true, generated: [...new Set(marker.generated as string[])].sort() };
}

/** A suite being written: files go to a staging folder beside the suite until {@link SuiteStaging.commit}. */
export interface SuiteStaging {
  /** Writes one generated file (a plain name among those planned) into the staging folder. */
  write(name: string, content: string): Promise<void>;
  /** Moves the files written into the suite folder; `marker` gives the marker's text from the generated names. */
  commit(marker: (generated: readonly string[]) => string): Promise<void>;
  /** Removes the staging folder (and any parent folder made for the suite). */
  abort(): Promise<void>;
}

/**
 * Starts writing a suite into the folder checked by {@link checkSuiteFolder},
 * after checking that `planned` (the file names to generate, the marker aside)
 * are regular files or absent there and that `adapter` is none of them. On
 * commit a new (or empty) folder appears whole, by renaming the staging
 * folder; an existing one gets the new files moved in, loses the files only
 * the previous suite had, and keeps everything else.
 */
export async function stageSuiteFolder(folder: SuiteFolder, planned: readonly string[], adapter: string): Promise<SuiteStaging> {
  const names = [...new Set([...planned, SUITE_MARKER])].sort();
  checkAdapterOutside(folder, adapter, [...names, ...folder.generated]);
  // Each file replaced must be a regular file (never a link or a folder someone put there); checked before anything is written.
  if (folder.exists) for (const n of names) await checkOutputFile(path.join(folder.path, n));

  const createdParent = await makeOutputFolder(path.dirname(folder.path));
  const unregisterParent = createdParent ? registerTemporary(createdParent) : () => {};
  const staging = `${folder.path}.tmp-${process.pid}`;
  const unregisterStaging = registerTemporary(staging);
  const written: string[] = [];
  const fail = async (e: unknown): Promise<never> => {
    await abort();
    throw outputError(folder.path, e);
  };
  const abort = async (): Promise<void> => {
    await rm(staging, { recursive: true, force: true }).catch(() => {});
    if (createdParent) await rm(createdParent, { recursive: true, force: true }).catch(() => {});
    unregisterStaging();
    unregisterParent();
  };
  try {
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging);
  } catch (e) {
    return fail(e);
  }
  return {
    async write(name, content) {
      if (!names.includes(name) || name === SUITE_MARKER) throw new Error(`internal: ${name} was not planned`);
      try {
        await writeFile(path.join(staging, name), content);
      } catch (e) {
        return fail(e);
      }
      written.push(name);
    },
    async commit(marker) {
      const generated = [...written, SUITE_MARKER].sort();
      try {
        await writeFile(path.join(staging, SUITE_MARKER), marker(generated));
        const empty = folder.exists && (await readdir(folder.path)).length === 0;
        if (!folder.exists || empty) {
          // A new (or empty) folder: one rename, so it appears whole.
          await rename(staging, folder.path);
        } else {
          // First a marker naming the old and the new files, so an interrupted move leaves no generated file unlisted.
          await writeFileAtomically(path.join(folder.path, SUITE_MARKER), marker([...new Set([...generated, ...folder.generated])].sort()));
          for (const n of written) await rename(path.join(staging, n), path.join(folder.path, n));
          for (const n of folder.generated.filter((g) => !generated.includes(g))) {
            const stats = await lstatOrNothing(path.join(folder.path, n));
            if (stats?.isFile()) await rm(path.join(folder.path, n), { force: true });
          }
          await rename(path.join(staging, SUITE_MARKER), path.join(folder.path, SUITE_MARKER));
          await rm(staging, { recursive: true, force: true });
        }
      } catch (e) {
        return fail(e);
      }
      unregisterStaging();
      unregisterParent();
    },
    abort,
  };
}
