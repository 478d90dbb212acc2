// Use from one's own project: `npm pack` of this repository, `npm install -D <tarball>` into an empty project, then
// what the README says a user does there: `npx tlabridge init`, fill in the adapter, the printed `generate` and
// `test` commands, and the `npx vitest run --root` that generate prints; vitest comes from the project's own
// node_modules (no global install, none of this repository's node_modules on PATH). It needs the npm registry (the
// dependencies are installed from it, --prefer-offline): without it the test says it skipped. CI runs it;
// TLABRIDGE_SKIP_INSTALL_TEST=1 skips it too.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/fixtures.js";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const NPX = process.platform === "win32" ? "npx.cmd" : "npx";

/** The environment of a user's shell: no node_modules/.bin of this repository (or any other) on PATH. */
const env: NodeJS.ProcessEnv = {
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm_|VITEST|NODE_OPTIONS$)/i.test(k))),
  PATH: (process.env.PATH ?? "").split(path.delimiter).filter((p) => !/node_modules[\\/]\.bin/.test(p)).join(path.delimiter),
  NO_COLOR: "1",
};

function run(cwd: string, command: string, args: readonly string[], timeout = 180_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, env, encoding: "utf8", timeout });
}

/** Whether the npm registry answers (within a few seconds). */
function registryReachable(): boolean {
  if (process.env.TLABRIDGE_SKIP_INSTALL_TEST === "1") return false;
  return run(ROOT, NPM, ["ping", "--fetch-timeout=8000", "--fetch-retries=0"], 20_000).status === 0;
}

const work = mkdtempSync(path.join(tmpdir(), "tlabridge-install-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("npm install -D tlabridge, from an empty project", () => {
  it("installs the packed tarball; init, generate and test run with npx, and vitest is found in the project", (ctx) => {
    if (!registryReachable()) {
      console.warn("install.test.ts: skipped: the npm registry is not reachable (or TLABRIDGE_SKIP_INSTALL_TEST=1)");
      ctx.skip();
    }
    // dist/ was built by the test setup; the build's grammar copy is what an installed tlabridge parses specs with.
    const copy = run(ROOT, process.execPath, [path.join(ROOT, "scripts/copy-grammar.mjs")]);
    expect(copy.status, copy.stderr).toBe(0);
    const packs = path.join(work, "pack");
    mkdirSync(packs);
    const pack = run(ROOT, NPM, ["pack", "--ignore-scripts", "--pack-destination", packs, "--silent"], 120_000);
    const tarballs = readdirSync(packs).filter((f) => f.endsWith(".tgz"));
    expect(tarballs, pack.stderr).toHaveLength(1);

    const project = path.join(work, "project");
    const started = performance.now();
    writeFileSync(path.join(work, "package.json"), "{}\n"); // npm must not mistake a parent folder for the project
    mkdirSync(project);
    writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "my-system", version: "1.0.0", private: true, type: "module" }, null, 2) + "\n");
    const install = run(project, NPM, ["install", "-D", path.join(packs, tarballs[0]!), "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"]);
    expect(install.status, install.stderr).toBe(0);
    const installSeconds = (performance.now() - started) / 1000;
    expect(JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")).devDependencies.tlabridge).toMatch(/tlabridge-0\.\d+\.\d+\.tgz$/);

    // The user's spec and implementation.
    copyFileSync(path.join(ROOT, "specs/kvstore/KVStore.tla"), path.join(project, "KVStore.tla"));
    copyFileSync(path.join(ROOT, "specs/kvstore/KVStore.cfg"), path.join(project, "KVStore.cfg"));
    copyFileSync(path.join(ROOT, "examples/kvstore-memory/store.ts"), path.join(project, "store.ts"));

    const init = run(project, NPX, ["--no-install", "tlabridge", "init", "KVStore.tla"]);
    expect(init.status, init.stderr).toBe(0);
    const printed = init.stdout.split("\n").filter((l) => l.startsWith("  npx tlabridge ")).map((l) => l.trim().split(" "));
    expect(printed.map((c) => c.slice(0, 3).join(" "))).toEqual(["npx tlabridge generate", "npx tlabridge test"]);

    let adapter = readFileSync(path.join(project, "adapter.ts"), "utf8");
    const fill = (from: string, to: string): void => {
      expect(adapter).toContain(from);
      adapter = adapter.replace(from, () => to);
    };
    fill(`import { defineAdapter } from "tlabridge/runtime";`, `import { defineAdapter } from "tlabridge/runtime";\nimport { MvccStore } from "./store.js";`);
    fill("type System = unknown;", "type System = MvccStore;");
    fill(`throw new Error("TODO: setup: create the system under test");`, "return new MvccStore(Keys as string[]);");
    fill(`throw new Error("TODO: Begin");`, "system.begin(t as string);");
    fill(`throw new Error("TODO: Abort");`, "system.abort(t as string);");
    fill(`throw new Error("TODO: Write");`, "system.put(t as string, k as string, t as string);");
    fill(`throw new Error("TODO: Read");`, `return { v: system.get(t as string, k as string) ?? "NoValue" };`);
    fill(`throw new Error("TODO: Commit");`, "return { r: system.commit(t as string) };");
    fill("      // db: ...,", `      db: Object.fromEntries(Object.entries(system.committed()).map(([k, v]) => [k, v ?? "NoValue"])),`);
    writeFileSync(path.join(project, "adapter.ts"), adapter);

    const [, , ...generateArgs] = printed[0]!;
    const generate = run(project, NPX, ["--no-install", "tlabridge", ...generateArgs, "--criterion", "transitions"]);
    expect(generate.status, generate.stderr).toBe(0);
    const tests = Number(/^conformance: (\d+) tests in \d+ files/.exec(generate.stdout)?.[1]);
    expect(tests).toBeGreaterThan(10);

    const [, , ...testArgs] = printed[1]!;
    const test = run(project, NPX, ["--no-install", "tlabridge", ...testArgs, "--json"]);
    expect(test.status, test.stderr.slice(-3000)).toBe(0);
    expect(JSON.parse(test.stdout)).toEqual({ passed: tests, failed: 0, groups: [] });

    // generate's own hint, `npx vitest run --root <dir>`: the project's vitest (tlabridge's dependency, hoisted).
    const hint = /run: npx (vitest run --root \S+)/.exec(generate.stdout)?.[1];
    expect(hint).toBe("vitest run --root conformance");
    const vitest = run(project, NPX, ["--no-install", ...hint!.split(" ")]);
    expect(vitest.status, vitest.stdout.slice(-3000) + vitest.stderr.slice(-3000)).toBe(0);
    expect(vitest.stdout + vitest.stderr).toMatch(new RegExp(`Tests +${tests} passed`));
    console.info(`install.test.ts: npm install took ${installSeconds.toFixed(1)} s; ${tests} tests passed in the new project`);
  }, 300_000);
});
