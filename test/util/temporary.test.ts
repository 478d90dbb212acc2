import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { isRegisteredTemporary, registerTemporary, temporaryDirectory, temporaryDirectorySync } from "../../src/util/temporary.js";
import { ROOT } from "../helpers/fixtures.js";

const MODULE = path.join(ROOT, "dist/src/util/temporary.js");

/**
 * Runs a child that makes a temporary folder and a registered staging folder
 * in its own TMPDIR, prints "ready", then does `then`; resolves with its exit
 * code and what is left in that TMPDIR.
 */
async function child(then: string, signal?: NodeJS.Signals): Promise<{ code: number | null; left: string[]; stderr: string }> {
  const tmp = mkdtempSync(path.join(tmpdir(), "tlabridge-temporary-test-"));
  try {
    const script = `
      import { mkdirSync, writeFileSync } from "node:fs";
      import path from "node:path";
      const { temporaryDirectory, temporaryDirectorySync, registerTemporary } = await import(${JSON.stringify(MODULE)});
      const a = await temporaryDirectory("tlabridge-a-");
      writeFileSync(path.join(a.path, "graph.dot"), "x");
      temporaryDirectorySync("tlabridge-b-");
      const staging = path.join(process.env.TMPDIR, "out.tmp-" + process.pid);
      mkdirSync(staging);
      registerTemporary(staging);
      process.stdout.write("ready\\n");
      ${then}
    `;
    const proc = spawn(process.execPath, ["--input-type=module", "-e", script], { env: { ...process.env, TMPDIR: tmp }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    proc.stderr.on("data", (d) => (stderr += d));
    proc.stdout.on("data", (d) => {
      if (signal && String(d).includes("ready")) proc.kill(signal);
    });
    const code = await new Promise<number | null>((resolve) => proc.on("exit", (c) => resolve(c)));
    return { code, left: readdirSync(tmp), stderr };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

describe("temporary folders", () => {
  const made: string[] = [];
  afterEach(() => {
    for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("are removed by remove() and removeSync(), and unregistered", async () => {
    const a = await temporaryDirectory("tlabridge-unit-");
    const b = temporaryDirectorySync("tlabridge-unit-");
    made.push(a.path, b.path);
    expect(isRegisteredTemporary(a.path) && isRegisteredTemporary(b.path)).toBe(true);
    await a.remove();
    b.removeSync();
    expect(existsSync(a.path) || existsSync(b.path)).toBe(false);
    expect(isRegisteredTemporary(a.path) || isRegisteredTemporary(b.path)).toBe(false);
    await a.remove(); // twice is harmless
  });

  it("registerTemporary's unregister counts registrations", () => {
    const p = path.join(tmpdir(), `tlabridge-unit-${process.pid}-x`);
    const one = registerTemporary(p);
    const two = registerTemporary(p);
    one();
    one();
    expect(isRegisteredTemporary(p)).toBe(true);
    two();
    expect(isRegisteredTemporary(p)).toBe(false);
  });

  it("are removed on a normal exit", async () => {
    const r = await child("");
    expect(r.code).toBe(0);
    expect(r.left).toEqual([]);
  });

  it("are removed on process.exit", async () => {
    const r = await child("process.exit(5);");
    expect(r.code).toBe(5);
    expect(r.left).toEqual([]);
  });

  it("are removed on an uncaught error and an unhandled rejection", async () => {
    const thrown = await child("setTimeout(() => { throw new Error('boom'); }, 1);");
    expect(thrown.code).toBe(1);
    expect(thrown.stderr).toContain("boom");
    expect(thrown.left).toEqual([]);
    const rejected = await child("Promise.reject(new Error('late'));");
    expect(rejected.code).toBe(1);
    expect(rejected.left).toEqual([]);
  });

  it("are removed on SIGINT (exit 130) and SIGTERM (exit 143)", async () => {
    const hold = "setInterval(() => {}, 1000);";
    const int = await child(hold, "SIGINT");
    expect(int.code).toBe(130);
    expect(int.left).toEqual([]);
    const term = await child(hold, "SIGTERM");
    expect(term.code).toBe(143);
    expect(term.left).toEqual([]);
  });

  it("leave a signal to a graceful handler, and are removed when it ends the process", async () => {
    const r = await child(
      `const t = setInterval(() => {}, 1000);
       process.once("SIGINT", () => { clearInterval(t); process.stdout.write("stopping\\n"); process.exitCode = 130; });`,
      "SIGINT",
    );
    expect(r.code).toBe(130);
    expect(r.left).toEqual([]);
  });
});
