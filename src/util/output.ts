/**
 * The output layer: every file tlabridge writes is written whole or not at
 * all (a temporary file beside it, then a rename), only over a regular file
 * or nothing, and every way a write can fail — a missing or read-only folder,
 * a full disk, a virtual file system — becomes a one-sentence error that
 * names the path and what to do (exit 2), never a hang or a stack trace.
 *
 * @module
 */
import { constants, type Stats } from "node:fs";
import { access, chmod, lstat, mkdir, open, rename, rm, stat, statfs, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { EXIT, TlabridgeError } from "../errors.js";
import { registerTemporary } from "./temporary.js";

/** What a path is, in words, for messages: `a folder`, `a symbolic link`, ... */
export function describeKind(stats: Stats): string {
  if (stats.isFile()) return "a regular file";
  if (stats.isDirectory()) return "a folder";
  if (stats.isSymbolicLink()) return "a symbolic link";
  if (stats.isFIFO()) return "a FIFO (named pipe)";
  if (stats.isSocket()) return "a socket";
  if (stats.isCharacterDevice()) return "a character device";
  if (stats.isBlockDevice()) return "a block device";
  return "not a regular file";
}

/** File systems that are not storage: writing there fails oddly or hangs (Node's recursive mkdir loops on /proc). */
const VIRTUAL_FILE_SYSTEMS = new Map<number, string>([
  [0x9fa0, "proc"],
  [0x62656572, "sysfs"],
  [0x64626720, "debugfs"],
  [0x74726163, "tracefs"],
  [0x27e0eb, "cgroup"],
  [0x63677270, "cgroup2"],
  [0x73636673, "securityfs"],
  [0x6e736673, "nsfs"],
]);

/** The lstat of a path, or undefined when nothing is there. */
async function lstatOrNothing(file: string): Promise<Stats | undefined> {
  try {
    return await lstat(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR") return undefined; // an ancestor is a file: reported when the folder is checked
    throw outputError(file, e);
  }
}

/** Why writing in `folder` failed with an errno, and what to do. */
function explain(code: string | undefined, folder: string): string {
  switch (code) {
    case "EACCES":
    case "EPERM":
      return `there is no permission to write in ${folder} (${code}): check its permissions or choose another path`;
    case "EROFS":
      return `${folder} is on a read-only file system (EROFS): choose another path`;
    case "ENOSPC":
    case "EDQUOT":
      return `the disk is full (${code}): free some space or choose another path`;
    case "ENOENT":
      return `its folder ${folder} does not exist (ENOENT): create it or choose another path`;
    case "ENOTDIR":
      return `a part of ${folder} is not a folder (ENOTDIR): choose another path`;
    case "EISDIR":
      return `it is a folder (EISDIR): choose another path`;
    case "ENAMETOOLONG":
      return `the path is too long (ENAMETOOLONG): choose a shorter one`;
    case "EMFILE":
    case "ENFILE":
      return `too many files are open (${code}): close some programs and try again`;
    default:
      return `of ${code ?? "an unknown error"}: check that ${folder} exists and is writable`;
  }
}

/** The error for a failed write of `file` (exit 2), from the errno `e` carries. */
export function outputError(file: string, e: unknown): TlabridgeError {
  if (e instanceof TlabridgeError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return unwritable(file, explain(code, path.dirname(path.resolve(file))));
}

/** `<file> cannot be written because <why>.` (OUTPUT_UNWRITABLE, exit 2). */
function unwritable(file: string, why: string): TlabridgeError {
  return new TlabridgeError("OUTPUT_UNWRITABLE", `${file} cannot be written because ${why}.`, EXIT.badInput);
}

/**
 * Checks that the folder `folder` (where `target` will be written) exists, is
 * a folder, is writable and is on a real file system; throws the error that
 * says which and what to do.
 */
export async function checkOutputFolder(folder: string, target: string = folder): Promise<void> {
  let stats: Stats;
  try {
    stats = await stat(folder);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      throw unwritable(target, `its folder ${folder} does not exist: create it or choose another path`);
    }
    if (code === "ENOTDIR") {
      const file = await firstFileAncestor(folder);
      throw unwritable(target, `${file} is a file, not a folder: choose another path`);
    }
    throw outputError(target, e);
  }
  if (!stats.isDirectory()) {
    throw unwritable(target, `${folder} is ${describeKind(stats)}, not a folder: choose another path`);
  }
  await refuseVirtual(folder, target);
  // Checked now, so a long command fails before its work rather than after it.
  try {
    await access(folder, constants.W_OK);
  } catch (e) {
    throw unwritable(target, explain((e as NodeJS.ErrnoException).code, folder));
  }
}

/** The nearest ancestor of `folder` that exists and is not a folder. */
async function firstFileAncestor(folder: string): Promise<string> {
  let at = path.resolve(folder);
  for (;;) {
    const parent = path.dirname(at);
    if (parent === at) return folder;
    try {
      if (!(await stat(parent)).isDirectory()) {
        at = parent;
        continue;
      }
      return at;
    } catch {
      at = parent;
    }
  }
}

/** Refuses a folder on /proc, /sys and the like. */
async function refuseVirtual(folder: string, target: string): Promise<void> {
  let type: number | undefined;
  try {
    type = (await statfs(folder)).type;
  } catch {
    return; // no statfs here: the write itself will say what is wrong
  }
  const name = VIRTUAL_FILE_SYSTEMS.get(type);
  if (name !== undefined) {
    throw unwritable(target, `${folder} is on ${name}, a virtual file system, not storage: choose a path on a disk`);
  }
}

/**
 * Checks that `file` can be written atomically: nothing is there, or a
 * regular file (never a symbolic link, FIFO, device, socket or folder, which a
 * rename would replace or an open would block on), and its folder is
 * writable. Returns the mode of the file it will replace, to keep it.
 */
export async function checkOutputFile(file: string): Promise<{ readonly mode?: number }> {
  const existing = await lstatOrNothing(file);
  if (existing && !existing.isFile()) {
    throw new TlabridgeError(
      "OUTPUT_NOT_A_FILE",
      `${file} is ${describeKind(existing)}, not a regular file: tlabridge writes only new or regular files; remove it or choose another path.`,
      EXIT.badInput,
    );
  }
  await checkOutputFolder(path.dirname(path.resolve(file)), file);
  return existing ? { mode: existing.mode & 0o7777 } : {};
}

/** A name beside `file` for its temporary copy: hidden, and unique to this process and write. */
function temporaryNameFor(file: string): string {
  const absolute = path.resolve(file);
  const random = Math.random().toString(36).slice(2, 10);
  return path.join(path.dirname(absolute), `.${path.basename(absolute)}.${process.pid}-${random}.tmp`);
}

/**
 * Writes `file` whole or not at all: `write` fills a new temporary file beside
 * it (created exclusively, never through a link), which then replaces `file`
 * by a rename; on any failure, or if the process is stopped, the temporary
 * file is removed and `file` is untouched.
 */
export async function withAtomicFile(file: string, write: (handle: FileHandle) => Promise<void>): Promise<void> {
  const { mode } = await checkOutputFile(file);
  const temporary = temporaryNameFor(file);
  const unregister = registerTemporary(temporary);
  let handle: FileHandle | undefined;
  try {
    // O_EXCL | O_NOFOLLOW: a path someone placed there first is never written through.
    handle = await open(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode ?? 0o666);
    await write(handle);
    await handle.close();
    handle = undefined;
    if (mode !== undefined) await chmod(temporary, mode);
    // Checked again just before the rename: the target may have been replaced while the content was written.
    await checkOutputFile(file);
    await rename(temporary, file);
  } catch (e) {
    await handle?.close().catch(() => {});
    await rm(temporary, { force: true }).catch(() => {});
    throw outputError(file, e);
  } finally {
    unregister();
  }
}

/** Writes a text or bytes to `file` atomically (see {@link withAtomicFile}). */
export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  await withAtomicFile(file, async (handle) => {
    await handle.writeFile(data);
  });
}

/**
 * Makes a folder and the missing folders above it, one level at a time
 * (Node's recursive mkdir can loop forever on a virtual file system), after
 * checking the nearest existing ancestor is a writable folder on storage.
 * Returns the topmost folder it created, if any, so a failed command can
 * remove what it made.
 */
export async function makeOutputFolder(folder: string): Promise<string | undefined> {
  const absolute = path.resolve(folder);
  const missing: string[] = [];
  let at = absolute;
  for (;;) {
    const stats = await lstatOrNothing(at);
    if (stats) break;
    missing.unshift(at);
    const parent = path.dirname(at);
    if (parent === at) break;
    at = parent;
  }
  if (missing.length === 0) return undefined;
  await checkOutputFolder(path.dirname(missing[0]!), folder);
  for (const [i, dir] of missing.entries()) {
    try {
      await mkdir(dir);
    } catch (e) {
      if (i > 0) await rm(missing[0]!, { recursive: true, force: true }).catch(() => {});
      throw outputError(folder, e);
    }
  }
  return missing[0];
}
