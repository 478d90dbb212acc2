// The KVStore spec's store on PostgreSQL (examples/kvstore-postgres/): the
// generated kvstore-2x2 suites pass against a throwaway cluster at
// REPEATABLE READ and fail at READ COMMITTED; the cluster leaves no server
// process and no folder behind, also when its process is interrupted or throws.
// Without PostgreSQL's server binaries the tests skip, saying why in their name.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runVitest, type SuiteRun } from "../../src/cli/vitest.js";
import type { Criterion } from "../../src/cover/index.js";
import { generateSuite } from "../../src/generate/index.js";
import { clusterEnv, serverUnavailable, startCluster, type Cluster } from "../../src/postgres/index.js";
import { ROOT } from "../helpers/fixtures.js";
import { workspace } from "../helpers/workspace.js";

const why = serverUnavailable();
const ADAPTER = path.join(ROOT, "examples/kvstore-postgres/adapter.ts");
const DUMP = path.join(ROOT, "specs/kvstore/kvstore-2x2.dot");
const SPEC = path.join(ROOT, "specs/kvstore/KVStore.tla");

/** Pids of the processes whose command line contains `text`. */
function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(text)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/** Pids of the processes whose parent is `ppid` (the server's backends and helpers). */
function childrenOf(ppid: number): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === ppid) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

const alive = (pid: number): boolean => existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, "utf8").includes(") Z ");

/** The server's postmaster and the processes it started, read while it runs. */
function serverProcesses(root: string): number[] {
  const postmaster = Number(readFileSync(path.join(root, "data", "postmaster.pid"), "utf8").split("\n")[0]);
  return [postmaster, ...childrenOf(postmaster)];
}

async function waitUntil(what: string, ok: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!!why)(`PostgreSQL (${why ?? "server found"})`, () => {
  let cluster: Cluster;
  const dir = workspace("kvstore-postgres");
  const figures: string[] = [];

  beforeAll(() => {
    cluster = startCluster();
  });
  afterAll(() => {
    cluster?.stop();
    if (figures.length > 0) console.log(`kvstore-2x2 against PostgreSQL:\n  ${figures.join("\n  ")}`);
  });

  async function suite(criterion: Criterion): Promise<{ out: string; tests: number }> {
    const out = path.join(dir, criterion);
    if (!existsSync(out)) await generateSuite({ dump: DUMP, spec: SPEC, adapter: ADAPTER, outDir: out, criterion, negative: false });
    const tests = readdirSync(out)
      .filter((f) => f.endsWith(".json") && f !== "tlabridge-suite.json")
      .reduce((n, f) => n + (JSON.parse(readFileSync(path.join(out, f), "utf8")) as { paths: unknown[] }).paths.length, 0);
    return { out, tests };
  }

  async function run(criterion: Criterion, extra: NodeJS.ProcessEnv = {}): Promise<SuiteRun & { tests: number }> {
    const { out, tests } = await suite(criterion);
    const result = await runVitest(out, { ...process.env, ...clusterEnv(cluster), ...extra });
    return { ...result, tests };
  }

  /** Client connections to the cluster other than the one asking. */
  async function otherConnections(): Promise<number> {
    const client = new pg.Client({ host: cluster.host, port: cluster.port, user: cluster.user, database: cluster.database });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM pg_stat_activity WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()");
      return rows[0]!.n;
    } finally {
      await client.end();
    }
  }

  for (const criterion of ["transitions", "states", "transition-pairs"] as const) {
    it(`the ${criterion} suite passes at REPEATABLE READ, and its connections are closed after the run`, async () => {
      const r = await run(criterion);
      figures.push(`${criterion}: ${r.passed}/${r.tests} passed in ${r.seconds.toFixed(2)} s (${(r.tests / r.seconds).toFixed(0)} tests/s, vitest start included)`);
      expect(r.failures).toEqual([]);
      expect(r.failed).toBe(0);
      expect(r.passed).toBe(r.tests);
      expect(r.tests).toBeGreaterThan(0);
      // The suite's vitest has exited; its server backends end as they see their sockets close.
      let left = await otherConnections();
      for (let i = 0; i < 100 && left > 0; i++) {
        await new Promise((r) => setTimeout(r, 50));
        left = await otherConnections();
      }
      expect(left).toBe(0);
    }, 300_000);
  }

  it("the transitions suite fails at READ COMMITTED: a Read sees a commit made after its transaction began", async () => {
    const r = await run("transitions", { KVSTORE_PG_LEVEL: "READ COMMITTED" });
    figures.push(`transitions at READ COMMITTED: ${r.failed} of ${r.tests} failed in ${r.seconds.toFixed(2)} s`);
    console.log(`first failure at READ COMMITTED:\n${r.failures[0]}`);
    expect(r.failed).toBeGreaterThan(0);
    expect(r.passed + r.failed).toBe(r.tests);
    const readFailure = r.failures.find((m) => /step \d+ of \d+: Read\(/.test(m));
    expect(readFailure, r.failures.join("\n\n")).toBeDefined();
    expect(readFailure).toMatch(/v: expected "NoValue", actual "t\d"|v: expected "t\d", actual "t\d"/);
  }, 300_000);

  it("stops the server and removes its folder: no process mentions it afterwards", () => {
    const c = startCluster();
    const server = serverProcesses(c.root);
    expect(processesMentioning(c.root).length).toBeGreaterThan(0);
    expect(server.every(alive)).toBe(true);
    c.stop();
    expect(processesMentioning(c.root)).toEqual([]);
    expect(server.filter(alive)).toEqual([]);
    expect(existsSync(c.root)).toBe(false);
    c.stop(); // twice is harmless
  }, 60_000);

  /** Starts a cluster in a child node process (the built dist), then `after` it is up; returns what the child left. */
  async function childCluster(script: string, after: (child: ChildProcess) => void): Promise<{ code: number | null; signal: string | null; root: string; server: number[]; stderr: string }> {
    const dist = path.join(ROOT, "dist/src/postgres/index.js");
    expect(existsSync(dist), "run npm run build first").toBe(true);
    const child = spawn(process.execPath, ["--input-type=module", "-e", `import { startCluster } from ${JSON.stringify(dist)};\nconst c = startCluster();\nconsole.log(JSON.stringify({ root: c.root }));\n${script}`], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
    await waitUntil("the child's cluster is up", () => stdout.includes("\n") || child.exitCode !== null, 60_000);
    const root = (JSON.parse(stdout.split("\n")[0]!) as { root: string }).root;
    let server: number[] = [];
    try {
      server = serverProcesses(root);
    } catch {
      // Already stopped (a child that throws at once).
    }
    after(child);
    const { code, signal } = await exited;
    return { code, signal, root, server, stderr };
  }

  it("a child interrupted with SIGINT stops its cluster and removes its folder", async () => {
    const left = await childCluster("setInterval(() => {}, 1000);", (child) => {
      expect(child.exitCode === null && child.signalCode === null).toBe(true);
      child.kill("SIGINT");
    });
    expect(left.server.length).toBeGreaterThan(0);
    expect(left.code).toBe(130);
    await waitUntil("the server's processes are gone", () => left.server.every((p) => !alive(p)));
    expect(processesMentioning(left.root)).toEqual([]);
    expect(existsSync(left.root)).toBe(false);
  }, 90_000);

  it("a child that throws after starting its cluster stops it and removes its folder", async () => {
    const left = await childCluster(`setTimeout(() => { throw new Error("boom after the start"); }, 200);`, () => {});
    expect(left.code).toBe(1);
    expect(left.stderr).toContain("boom after the start");
    await waitUntil("the server's processes are gone", () => left.server.every((p) => !alive(p)));
    expect(processesMentioning(left.root)).toEqual([]);
    expect(existsSync(left.root)).toBe(false);
  }, 90_000);
});
