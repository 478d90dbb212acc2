// Fault cases of the output layer (issue 17): atomic writes refuse what is not
// a regular file and folders that cannot take a file, with one sentence and
// exit 2, never a hang, a stack trace or exit 70; stdout failures are clean;
// temporary files and folders are gone after every exit path, Ctrl-C and
// SIGTERM included; regenerating a suite replaces only its own files.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { fileError } from "../../src/cli/main.js";
import { SUITE_MARKER } from "../../src/generate/index.js";
import { ROOT, cli, type CliRun } from "../helpers/fixtures.js";
import { fakeTlc } from "../helpers/fake-tlc.js";
import { put, workspace } from "../helpers/workspace.js";

const BIN = path.join(ROOT, "bin/tlabridge.js");
const DUMP = path.join(ROOT, "specs/kvstore/kvstore-2x2.dot");
const BIG_DUMP = path.join(ROOT, "specs/kvstore/kvstore-3x2.dot.gz");
const SPEC = path.join(ROOT, "specs/kvstore/KVStore.tla");
const MEMORY = path.join(ROOT, "examples/kvstore-memory/adapter.ts");
const dir = workspace("faults-output");
const ROOT_USER = process.getuid?.() === 0;

/** What a spawned `tlabridge` did. */
interface Spawned extends CliRun {
  readonly code: number;
  /** Its private TMPDIR's entries after it ended. */
  readonly leftInTmp: readonly string[];
}

/** A new, empty folder as the child's TMPDIR, readable by any user (for the runs as another user). */
function privateTmp(): string {
  const tmp = mkdtempSync(path.join(tmpdir(), "tlabridge-faults-tmp-"));
  chmodSync(tmp, 0o755);
  return tmp;
}

/**
 * Runs the built `tlabridge` with a private TMPDIR; `when(output, child)` sees
 * stdout and stderr as they come (to send a signal mid-run). Killed after 20 s.
 */
async function run(
  args: readonly string[],
  options: { env?: NodeJS.ProcessEnv; stdout?: number; uid?: number; when?: (output: string, child: ChildProcess, tmp: string) => void; poll?: (child: ChildProcess, tmp: string) => void } = {},
): Promise<Spawned> {
  const tmp = privateTmp();
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...options.env, TMPDIR: tmp },
    stdio: ["ignore", options.stdout ?? "pipe", "pipe"],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.uid } : {}),
  });
  let stdout = "";
  let stderr = "";
  const seen = (): void => options.when?.(stdout + stderr, child, tmp);
  child.stdout?.on("data", (d) => {
    stdout += d;
    seen();
  });
  child.stderr!.on("data", (d) => {
    stderr += d;
    seen();
  });
  const poller = options.poll ? setInterval(() => options.poll!(child, tmp), 10) : undefined;
  const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
  const code = await new Promise<number>((resolve) => child.on("close", (c, s) => resolve(c ?? (s ? -1 : -2))));
  clearTimeout(killer);
  if (poller) clearInterval(poller);
  const leftInTmp = readdirSync(tmp);
  rmSync(tmp, { recursive: true, force: true });
  return { code, stdout, stderr, leftInTmp };
}

/** The run ended with `code`, its message's first line matching `first`, and no stack trace. */
function expectClean(r: CliRun, code: number, first: RegExp): void {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.split("\n")[0]).toMatch(first);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/internal error/);
}

/** The file names in `folder` that a write left behind (temporary files, staging folders). */
function leftovers(folder: string): string[] {
  return readdirSync(folder).filter((f) => f.endsWith(".tmp") || f.includes(".tmp-"));
}

/** A folder for one case, with a file outside the output that must stay untouched. */
function scene(name: string): { at: string; outside: string } {
  const at = path.join(dir, name);
  mkdirSync(at, { recursive: true });
  const outside = put(at, "outside.txt", "not yours\n");
  return { at, outside };
}

const MKNOD_WORKS = (() => {
  if (!ROOT_USER) return false;
  try {
    const probe = path.join(dir, "probe-device");
    execFileSync("mknod", [probe, "c", "1", "3"], { stdio: "ignore" });
    return lstatSync(probe).isCharacterDevice();
  } catch {
    return false;
  }
})();

describe("atomic writes refuse what is not a regular file", () => {
  it("cover --out through a symbolic link: refused, the link and its target untouched", async () => {
    const { at, outside } = scene("symlink");
    const link = path.join(at, "paths.json");
    symlinkSync(outside, link);
    const r = await cli("cover", DUMP, "--out", link);
    expectClean(r, 2, /paths\.json is a symbolic link, not a regular file: .*remove it or choose another path\. \[OUTPUT_NOT_A_FILE\]$/);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(outside, "utf8")).toBe("not yours\n");
    expect(leftovers(at)).toEqual([]);
  });

  it("cover --out to a FIFO with no reader: refused at once, no hang, still a FIFO", async () => {
    const { at } = scene("fifo");
    const fifo = path.join(at, "paths.json");
    execFileSync("mkfifo", [fifo]);
    const started = performance.now();
    const r = await cli("cover", DUMP, "--out", fifo);
    expectClean(r, 2, /is a FIFO \(named pipe\), not a regular file: .*\[OUTPUT_NOT_A_FILE\]$/);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it.skipIf(!MKNOD_WORKS)("cover --out to a device node (as root): refused, still a device", async () => {
    const { at } = scene("device");
    const device = path.join(at, "null");
    execFileSync("mknod", [device, "c", "1", "3"]);
    const r = await cli("cover", DUMP, "--out", device);
    expectClean(r, 2, /null is a character device, not a regular file: .*\[OUTPUT_NOT_A_FILE\]$/);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
  });

  it("cover --out to a folder: refused, the folder untouched", async () => {
    const { at } = scene("folder");
    const folder = path.join(at, "paths.json");
    put(folder, "inside.txt", "x");
    const r = await cli("cover", DUMP, "--out", folder);
    expectClean(r, 2, /paths\.json is a folder, not a regular file: .*\[OUTPUT_NOT_A_FILE\]$/);
    expect(readdirSync(folder)).toEqual(["inside.txt"]);
  });

  it("explore --dump to a folder or a missing folder: exit 2 before exploring (was 70)", async () => {
    const { at } = scene("explore-dump");
    const folder = path.join(at, "graph.dot");
    mkdirSync(folder);
    expectClean(await cli("explore", SPEC, "--dump", folder), 2, /graph\.dot is a folder, not a regular file: .*\[OUTPUT_NOT_A_FILE\]$/);
    const missing = path.join(at, "none", "graph.dot");
    expectClean(await cli("explore", SPEC, "--dump", missing), 2, /graph\.dot cannot be written because its folder .*none does not exist: create it or choose another path\. \[OUTPUT_UNWRITABLE\]$/);
    expect(existsSync(path.join(at, "none"))).toBe(false);
  });

  it("explore --dump through a symbolic link: refused, its target untouched", async () => {
    const { at, outside } = scene("explore-link");
    const link = path.join(at, "graph.dot");
    symlinkSync(outside, link);
    expectClean(await cli("explore", SPEC, "--dump", link), 2, /graph\.dot is a symbolic link, not a regular file: .*\[OUTPUT_NOT_A_FILE\]$/);
    expect(readFileSync(outside, "utf8")).toBe("not yours\n");
  });

  it("validate --shiviz through a symbolic link or to a FIFO: refused, the target untouched", async () => {
    const { at, outside } = scene("shiviz");
    const log = put(
      at,
      "t1.ndjson",
      [
        { host: "t1", clock: { t1: 1 }, event: "Begin", args: { t: "t1" } },
        { host: "t1", clock: { t1: 2 }, event: "Write", args: { t: "t1", k: "k1" } },
      ]
        .map((l) => JSON.stringify(l))
        .join("\n") + "\n",
    );
    const link = path.join(at, "order.shiviz");
    symlinkSync(outside, link);
    const viaLink = await cli("validate", log, "--model", DUMP, "--spec", SPEC, "--shiviz", link);
    expectClean(viaLink, 2, /order\.shiviz is a symbolic link, not a regular file: .*\[OUTPUT_NOT_A_FILE\]$/);
    const fifo = path.join(at, "fifo.shiviz");
    execFileSync("mkfifo", [fifo]);
    expectClean(await cli("validate", log, "--model", DUMP, "--spec", SPEC, "--shiviz", fifo), 2, /fifo\.shiviz is a FIFO \(named pipe\), not a regular file/);
    expect(readFileSync(outside, "utf8")).toBe("not yours\n");
    expect(leftovers(at)).toEqual([]);
  });
});

describe("folders that cannot take a file: exit 2 with the path and what to do", () => {
  it("cover --out under a missing folder, or under a file", async () => {
    const { at } = scene("parents");
    expectClean(await cli("cover", DUMP, "--out", path.join(at, "none", "p.json")), 2, /cannot be written because its folder .*none does not exist: create it or choose another path\. \[OUTPUT_UNWRITABLE\]$/);
    expectClean(await cli("cover", DUMP, "--out", path.join(at, "outside.txt", "p.json")), 2, /cannot be written because .*outside\.txt is a regular file, not a folder: choose another path\. \[OUTPUT_UNWRITABLE\]$/);
    expect(readFileSync(path.join(at, "outside.txt"), "utf8")).toBe("not yours\n");
  });

  it("cover --out and generate --out on /proc: exit 2 at once (generate hung)", async () => {
    const started = performance.now();
    expectClean(await cli("cover", DUMP, "--out", "/proc/tlabridge-paths.json"), 2, /^\/proc\/tlabridge-paths\.json cannot be written because \/proc is on proc, a virtual file system, not storage: choose a path on a disk\. \[OUTPUT_UNWRITABLE\]$/);
    expectClean(await cli("generate", DUMP, "--adapter", MEMORY, "--out", "/proc/tlabridge-suite"), 2, /^\/proc\/tlabridge-suite cannot be written because \/proc is on proc, a virtual file system/);
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it("generate and cover into a folder without write permission: exit 2 (was 70), nothing made", async () => {
    const tmp = privateTmp();
    const locked = path.join(tmp, "locked");
    mkdirSync(locked);
    chmodSync(locked, 0o555);
    // Root writes anywhere: the child runs as nobody then, as a user would meet it.
    const as = ROOT_USER ? { uid: 65534 } : {};
    const suite = await run(["generate", DUMP, "--adapter", MEMORY, "--out", path.join(locked, "suite")], as);
    expectClean(suite, 2, /suite cannot be written because there is no permission to write in .*locked \(EACCES\): check its permissions or choose another path\. \[OUTPUT_UNWRITABLE\]$/);
    const paths = await run(["cover", DUMP, "--out", path.join(locked, "p.json")], as);
    expectClean(paths, 2, /p\.json cannot be written because there is no permission to write in .*locked \(EACCES\)/);
    expect(readdirSync(locked)).toEqual([]);
    expect([...suite.leftInTmp, ...paths.leftInTmp]).toEqual([]);
    rmSync(tmp, { recursive: true, force: true });
  });

  it("demo --keep <a file>: exit 2 (was 70), the file untouched", async () => {
    const { outside } = scene("demo-keep");
    expectClean(await cli("demo", "--keep", outside), 2, /outside\.txt is a regular file, not a folder: --keep names a folder .* \[DEMO_KEEP_NOT_A_FOLDER\]$/);
    expect(readFileSync(outside, "utf8")).toBe("not yours\n");
  });
});

describe("standard output that cannot be written", () => {
  it("graph > /dev/full: one line, exit 2 (not 1, a failed check), no stack trace", async () => {
    const full = openSync("/dev/full", "w");
    try {
      const r = await run(["graph", DUMP], { stdout: full });
      expectClean(r, 2, /^standard output cannot be written because the disk is full \(ENOSPC\): free some space or write the output elsewhere\. \[STDOUT_UNWRITABLE\]$/);
    } finally {
      closeSync(full);
    }
  });

  it("validate 2>/dev/full: the lost diagnostics do not change the exit code (1, invalid log)", async () => {
    const { at } = scene("stderr-full");
    const log = put(at, "l.ndjson", JSON.stringify({ host: "t1", clock: { t1: 1 }, event: "Commit", args: { t: "t1" } }) + "\n");
    const full = openSync("/dev/full", "w");
    try {
      const child = spawn(process.execPath, [BIN, "validate", log, "--model", DUMP, "--spec", SPEC], { stdio: ["ignore", "ignore", full] });
      expect(await new Promise((resolve) => child.on("close", (c) => resolve(c)))).toBe(1);
    } finally {
      closeSync(full);
    }
  });

  it("graph into a closed pipe: exits quietly", async () => {
    const r = await run(["graph", DUMP], { when: (_, child) => child.stdout?.destroy() });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
  });
});

describe("temporary files and folders are removed on every exit path", () => {
  it("Ctrl-C during generate: exit 130, no <out>.tmp-<pid> staging folder, no suite", async () => {
    const { at } = scene("interrupt-generate");
    const out = path.join(at, "suite");
    let sent = false;
    const r = await run(["generate", BIG_DUMP, "--adapter", MEMORY, "--out", out, "--spec", SPEC, "--config", path.join(ROOT, "specs/kvstore/KVStore-3x2.cfg")], {
      poll: (child) => {
        if (!sent && readdirSync(at).some((f) => f.startsWith("suite.tmp-"))) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(at).sort()).toEqual(["outside.txt"]);
    expect(r.leftInTmp).toEqual([]);
  });

  const fake = fakeTlc();
  const tlcEnv = { JAVA_HOME: fake.javaHome, TLA2TOOLS_JAR: fake.jar, FAKE_TLC_HANG: "1" };
  const tlcStarted = (child: ChildProcess, tmp: string, signal: NodeJS.Signals, state: { sent: boolean }): void => {
    const work = readdirSync(tmp).find((f) => f.startsWith("tlabridge-tlc-"));
    // Once TLC has written its state file into the folder, as a real run would have.
    if (!state.sent && work && existsSync(path.join(tmp, work, "states", "states.fp"))) {
      state.sent = true;
      child.kill(signal);
    }
  };

  it("SIGTERM during a TLC run: TLC stopped, exit 143 with a message, its tlabridge-tlc-* folder removed", async () => {
    const state = { sent: false };
    const r = await run(["explore", SPEC, "--engine", "tlc"], { env: tlcEnv, poll: (child, tmp) => tlcStarted(child, tmp, "SIGTERM", state) });
    expect(state.sent).toBe(true);
    expectClean(r, 143, /TLC was stopped before it finished.*\[TLC_INTERRUPTED\]$/);
    expect(r.leftInTmp).toEqual([]);
  });

  it("Ctrl-C during a TLC run: TLC stopped, exit 130 with a message, its folder removed", async () => {
    const state = { sent: false };
    const r = await run(["explore", SPEC, "--engine", "tlc"], { env: tlcEnv, poll: (child, tmp) => tlcStarted(child, tmp, "SIGINT", state) });
    expect(state.sent).toBe(true);
    expectClean(r, 130, /TLC was stopped before it finished.*\[TLC_INTERRUPTED\]$/);
    expect(r.leftInTmp).toEqual([]);
  });

  it("Ctrl-C during demo: exit 130, its work and report folders removed", async () => {
    let sent = false;
    const r = await run(["demo"], {
      poll: (child, tmp) => {
        if (!sent && readdirSync(tmp).some((f) => f.startsWith("tlabridge-report-"))) {
          sent = true;
          child.kill("SIGINT");
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(130);
    expect(r.leftInTmp).toEqual([]);
  });

  it("SIGTERM during tlabridge test: exit 143, its report folder removed", async () => {
    const out = path.join(dir, "suite-for-test");
    expect((await cli("generate", DUMP, "--adapter", MEMORY, "--out", out, "--criterion", "states")).code).toBe(0);
    let sent = false;
    const r = await run(["test", out], {
      poll: (child, tmp) => {
        if (!sent && readdirSync(tmp).some((f) => f.startsWith("tlabridge-test-"))) {
          sent = true;
          child.kill("SIGTERM");
        }
      },
    });
    expect(sent).toBe(true);
    expect(r.code).toBe(143);
    expect(r.leftInTmp).toEqual([]);
  });
});

describe("regenerating into a generated folder replaces only its own files", () => {
  /** Generates into `out` in-process. */
  const generate = (out: string, adapter = MEMORY, ...extra: string[]): Promise<CliRun> => cli("generate", DUMP, "--adapter", adapter, "--out", out, ...extra);
  const marker = (out: string): { generated: string[] } => JSON.parse(readFileSync(path.join(out, SUITE_MARKER), "utf8")) as { generated: string[] };

  it("keeps an adapter, the dump and notes kept there, and the new suite imports the kept adapter", async () => {
    const out = path.join(dir, "regenerate-keeps");
    expect((await generate(out)).code).toBe(0);
    const adapter = put(out, "my-adapter.ts", readFileSync(MEMORY, "utf8").replace(/from "\.\//g, `from "${path.dirname(MEMORY)}/`));
    put(out, "notes.md", "my notes\n");
    put(out, "graph.dot", readFileSync(DUMP, "utf8"));
    const r = await generate(out, adapter, "--criterion", "states");
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(path.join(out, "notes.md"), "utf8")).toBe("my notes\n");
    expect(existsSync(adapter) && existsSync(path.join(out, "graph.dot"))).toBe(true);
    const listed = marker(out).generated;
    expect(listed).not.toContain("my-adapter.ts");
    expect(readdirSync(out).sort()).toEqual([...listed, "graph.dot", "my-adapter.ts", "notes.md"].sort());
    const test = readFileSync(path.join(out, "suite-01.test.ts"), "utf8");
    const imported = /from "(\.\/my-adapter\.ts)"/.exec(test)?.[1];
    expect(imported).toBe("./my-adapter.ts");
    expect(leftovers(dir)).toEqual([]);
  });

  it("removes the files only the previous suite listed, keeps the unlisted ones", async () => {
    const out = path.join(dir, "regenerate-stale");
    expect((await generate(out)).code).toBe(0);
    // As if the previous suite had had more files.
    put(out, "suite-99.json", "{}\n");
    put(out, "suite-99.test.ts", "// old\n");
    const m = JSON.parse(readFileSync(path.join(out, SUITE_MARKER), "utf8")) as { generated: string[] };
    writeFileSync(path.join(out, SUITE_MARKER), JSON.stringify({ ...m, generated: [...m.generated, "suite-99.json", "suite-99.test.ts"] }));
    put(out, "suite-98.test.ts", "// the user's own test, not listed\n");
    expect((await generate(out)).code).toBe(0);
    expect(existsSync(path.join(out, "suite-99.json")) || existsSync(path.join(out, "suite-99.test.ts"))).toBe(false);
    expect(readFileSync(path.join(out, "suite-98.test.ts"), "utf8")).toMatch(/the user's own/);
  });

  it("a suite written before the marker listed its files: its pattern is replaced, anything else kept", async () => {
    const out = path.join(dir, "regenerate-legacy");
    expect((await generate(out)).code).toBe(0);
    const { generated: _generated, ...legacy } = marker(out) as { generated: string[] } & Record<string, unknown>;
    writeFileSync(path.join(out, SUITE_MARKER), JSON.stringify(legacy));
    put(out, "adapter-notes.txt", "keep\n");
    expect((await generate(out)).code).toBe(0);
    expect(readFileSync(path.join(out, "adapter-notes.txt"), "utf8")).toBe("keep\n");
    expect(marker(out).generated).toContain("suite-01.json");
  });

  it("a non-empty folder without a marker is refused, untouched", async () => {
    const { at } = scene("foreign");
    const r = await generate(at);
    expectClean(r, 2, /holds files tlabridge did not generate \(no tlabridge-suite\.json\): choose an empty or new --out folder, or remove this one\. \[GENERATE_FOREIGN_FOLDER\]$/);
    expect(readdirSync(at)).toEqual(["outside.txt"]);
    expect(leftovers(dir)).toEqual([]);
  });

  it("a marker naming a file outside the folder is refused, and that file untouched", async () => {
    const { at, outside } = scene("bad-marker");
    const out = path.join(at, "suite");
    expect((await generate(out)).code).toBe(0);
    writeFileSync(path.join(out, SUITE_MARKER), JSON.stringify({ ...marker(out), generated: ["../outside.txt", "suite-01.json"] }));
    expectClean(await generate(out), 2, /does not list the generated files as plain file names: .* \[GENERATE_BAD_MARKER\]$/);
    expect(readFileSync(outside, "utf8")).toBe("not yours\n");
  });

  it("an adapter that is one of the generated files is refused", async () => {
    const out = path.join(dir, "adapter-in-suite");
    expect((await generate(out)).code).toBe(0);
    const adapter = put(out, "suite-01.test.ts", "export default {};\n");
    expectClean(await generate(out, adapter), 2, /suite-01\.test\.ts is one of the files the suite in .* generates: keep the adapter under another name or outside the folder\. \[GENERATE_ADAPTER_IN_SUITE\]$/);
  });

  it("a generated file replaced by a symbolic link is refused before anything is written, its target untouched", async () => {
    const { at, outside } = scene("link-in-suite");
    const out = path.join(at, "suite");
    expect((await generate(out)).code).toBe(0);
    const before = readFileSync(path.join(out, "suite-02.json"));
    const link = path.join(out, "suite-01.json");
    execFileSync("rm", [link]);
    symlinkSync(outside, link);
    expectClean(await generate(out), 2, /suite-01\.json is a symbolic link, not a regular file: .*\[OUTPUT_NOT_A_FILE\]$/);
    expect(readFileSync(outside, "utf8")).toBe("not yours\n");
    expect(readFileSync(path.join(out, "suite-02.json"))).toEqual(before);
    expect(leftovers(at)).toEqual([]);
  });
});

describe("a file-system error no command explained", () => {
  const errno = (code: string, syscall: string, file?: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: ${syscall}`), { code, syscall, ...(file ? { path: file } : {}) });
  it("is the user's file or disk (exit 2, the path named), not an internal error (70)", () => {
    const written = fileError(errno("ENOSPC", "write", "/data/out.json"))!;
    expect([written.code, written.exitCode, written.message]).toEqual(["OUTPUT_UNWRITABLE", 2, "/data/out.json cannot be written because the disk is full (ENOSPC): free some space or choose another path."]);
    const read = fileError(errno("EACCES", "open", "/data/in.dot"))!;
    expect([read.code, read.exitCode]).toEqual(["FILE_ERROR", 2]);
    expect(read.message).toMatch(/^\/data\/in\.dot cannot be used because open failed \(EACCES\): check that it exists/);
  });
  it("leaves errors without a path, and others, to the internal-error report", () => {
    expect(fileError(errno("ECONNRESET", "read"))).toBeUndefined();
    expect(fileError(new TypeError("x"))).toBeUndefined();
  });
});
