import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { TlabridgeError } from "../../src/errors.js";
import { checkOutputFile, describeKind, makeOutputFolder, outputError, withAtomicFile, writeFileAtomically } from "../../src/util/output.js";
import { isRegisteredTemporary } from "../../src/util/temporary.js";

const dir = mkdtempSync(path.join(tmpdir(), "tlabridge-output-test-"));

/** The error a promise rejects with. */
async function failure(p: Promise<unknown>): Promise<TlabridgeError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(TlabridgeError);
    return e as TlabridgeError;
  }
  throw new Error("expected a failure");
}

describe("atomic writes", () => {
  it("create a file, replace a regular file keeping its mode, and leave no temporary file", async () => {
    const file = path.join(dir, "a.json");
    await writeFileAtomically(file, "one\n");
    chmodSync(file, 0o640);
    await writeFileAtomically(file, "two\n");
    expect(readFileSync(file, "utf8")).toBe("two\n");
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("register the temporary file while it is written, so an exit or a signal removes it", async () => {
    const file = path.join(dir, "registered.json");
    let temporary: string | undefined;
    await withAtomicFile(file, async (out) => {
      temporary = readdirSync(dir).find((f) => f.startsWith(".registered.json.") && f.endsWith(".tmp"));
      expect(temporary && isRegisteredTemporary(path.join(dir, temporary))).toBe(true);
      await out.writeFile("x");
    });
    expect(isRegisteredTemporary(path.join(dir, temporary!))).toBe(false);
    expect(existsSync(path.join(dir, temporary!))).toBe(false);
  });

  it("leave the target untouched and no temporary file when the content fails", async () => {
    const file = path.join(dir, "kept.json");
    writeFileSync(file, "old\n");
    await expect(
      withAtomicFile(file, async (out) => {
        await out.writeFile("half");
        throw new TlabridgeError("X", "the writer failed");
      }),
    ).rejects.toThrow("the writer failed");
    expect(readFileSync(file, "utf8")).toBe("old\n");
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("refuse a symbolic link, a folder and a FIFO, naming what is there", async () => {
    const outside = path.join(dir, "outside.txt");
    writeFileSync(outside, "outside\n");
    const link = path.join(dir, "link.json");
    symlinkSync(outside, link);
    const folder = path.join(dir, "folder.json");
    mkdirSync(folder);
    const fifo = path.join(dir, "fifo.json");
    execFileSync("mkfifo", [fifo]);
    for (const [target, kind] of [
      [link, "a symbolic link"],
      [folder, "a folder"],
      [fifo, "a FIFO \\(named pipe\\)"],
    ] as const) {
      const e = await failure(writeFileAtomically(target, "x"));
      expect(e.code).toBe("OUTPUT_NOT_A_FILE");
      expect(e.exitCode).toBe(2);
      expect(e.message).toMatch(new RegExp(`^${target.replace(/[.]/g, "\\.")} is ${kind}, not a regular file: .*remove it or choose another path\\.$`));
    }
    expect(readFileSync(outside, "utf8")).toBe("outside\n");
    expect(lstatSync(link).isSymbolicLink() && lstatSync(fifo).isFIFO() && lstatSync(folder).isDirectory()).toBe(true);
  });

  it("say what is wrong with the folder: missing, a file, on /proc", async () => {
    const missing = await failure(checkOutputFile(path.join(dir, "none", "x.json")));
    expect(missing.message).toMatch(/x\.json cannot be written because its folder .*none does not exist: create it or choose another path\.$/);
    writeFileSync(path.join(dir, "plain"), "");
    const file = await failure(checkOutputFile(path.join(dir, "plain", "x.json")));
    expect(file.message).toMatch(/cannot be written because .*plain is a regular file, not a folder: choose another path\.$/);
    const proc = await failure(checkOutputFile("/proc/x.json"));
    expect(proc.message).toBe("/proc/x.json cannot be written because /proc is on proc, a virtual file system, not storage: choose a path on a disk.");
    for (const e of [missing, file, proc]) expect([e.code, e.exitCode]).toEqual(["OUTPUT_UNWRITABLE", 2]);
  });
});

describe("errno messages", () => {
  const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(code), { code });
  it.each([
    ["EACCES", /no permission to write in \/data \(EACCES\): check its permissions/],
    ["EPERM", /no permission to write in \/data \(EPERM\)/],
    ["EROFS", /\/data is on a read-only file system \(EROFS\): choose another path/],
    ["ENOSPC", /the disk is full \(ENOSPC\): free some space/],
    ["EDQUOT", /the disk is full \(EDQUOT\)/],
    ["ENAMETOOLONG", /the path is too long/],
    ["EWEIRD", /of EWEIRD: check that \/data exists and is writable/],
  ])("%s gives one sentence naming the path and what to do", (code, expected) => {
    const e = outputError("/data/out.json", errno(code));
    expect(e.message).toMatch(/^\/data\/out\.json cannot be written because /);
    expect(e.message).toMatch(expected);
    expect(e.message).not.toMatch(/\n/);
    expect([e.code, e.exitCode]).toEqual(["OUTPUT_UNWRITABLE", 2]);
  });

  it("names every kind of path", () => {
    expect(describeKind(lstatSync(dir))).toBe("a folder");
    expect(describeKind(lstatSync("/dev/null"))).toBe("a character device");
  });
});

describe("output folders", () => {
  it("are made level by level, returning the topmost one made", async () => {
    const top = path.join(dir, "made");
    expect(await makeOutputFolder(path.join(top, "b", "c"))).toBe(top);
    expect(existsSync(path.join(top, "b", "c"))).toBe(true);
    expect(await makeOutputFolder(path.join(top, "b"))).toBeUndefined();
  });

  it("are refused on /proc at once (Node's recursive mkdir loops there)", async () => {
    const started = performance.now();
    const e = await failure(makeOutputFolder("/proc/tlabridge-x/y"));
    expect(e.message).toMatch(/is on proc, a virtual file system/);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
