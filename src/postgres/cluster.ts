import { execFileSync, spawnSync } from "node:child_process";
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { EXIT, TlabridgeError } from "../errors.js";

/** Where a running throwaway cluster listens: a Unix socket only, no TCP. */
export interface ClusterAddress {
  /** The folder holding the socket (what `pg`'s `host` takes). */
  readonly host: string;
  readonly port: number;
  /** A superuser role that needs no password on the socket. */
  readonly user: string;
  readonly database: string;
}

/** A throwaway PostgreSQL cluster: started for a run, stopped and removed after it. */
export interface Cluster extends ClusterAddress {
  /** The temporary folder holding the data directory and the socket. */
  readonly root: string;
  /** Stops the server (immediately) and removes its folder; safe to call twice. */
  stop(): void;
}

/** The environment variable that tells adapters and recorders where the cluster is (JSON of {@link ClusterAddress}). */
export const CLUSTER_ENV = "TLABRIDGE_POSTGRES";

/** The folder of the machine's PostgreSQL server binaries (initdb, pg_ctl, postgres), or undefined. */
export function findServerBinaries(): string | undefined {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  // Debian keeps them out of PATH, one folder per major version; the newest first.
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    for (const v of readdirSync(debian).sort((a, b) => Number(b) - Number(a))) candidates.push(path.join(debian, v, "bin"));
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) if (dir) candidates.push(dir);
  return candidates.find((dir) => existsSync(path.join(dir, "initdb")) && existsSync(path.join(dir, "pg_ctl")) && existsSync(path.join(dir, "postgres")));
}

/** Why a PostgreSQL test cannot run here, or undefined when it can. */
export function serverUnavailable(): string | undefined {
  if (process.platform === "win32") return "PostgreSQL tests need a Unix socket (not on Windows)";
  if (findServerBinaries() === undefined) return "no PostgreSQL server binaries (initdb, pg_ctl, postgres) found: install Debian's postgresql package or set PG_BIN";
  if (process.getuid?.() === 0 && runAsUser() === undefined) return "running as root and no unprivileged user (postgres or nobody) to start PostgreSQL as";
  return undefined;
}

/** PostgreSQL refuses to run as root: as root, the server runs as this user. */
function runAsUser(): { readonly name: string; readonly uid: number; readonly gid: number } | undefined {
  for (const name of ["postgres", "nobody"]) {
    const r = spawnSync("id", ["-u", name], { encoding: "utf8" });
    const g = spawnSync("id", ["-g", name], { encoding: "utf8" });
    if (r.status === 0 && g.status === 0) return { name, uid: Number(r.stdout.trim()), gid: Number(g.stdout.trim()) };
  }
  return undefined;
}

const live = new Set<Cluster>();
let hooked = false;

/** Every cluster still running is stopped when the process ends, also on Ctrl-C or a kill. */
function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const stopAll = (): void => {
    for (const c of [...live]) c.stop();
  };
  process.on("exit", stopAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.on(signal, () => {
      stopAll();
      process.exit(128 + (signal === "SIGINT" ? 2 : signal === "SIGTERM" ? 15 : 1));
    });
  }
}

/**
 * Starts a throwaway cluster: initdb into a temporary folder, a server that
 * listens on a Unix socket in that folder only, as an unprivileged user when
 * this process is root. Stop it with {@link Cluster.stop}; it is also stopped
 * when the process exits.
 */
export function startCluster(options: { readonly log?: (line: string) => void } = {}): Cluster {
  const why = serverUnavailable();
  if (why) throw new TlabridgeError("POSTGRES_UNAVAILABLE", `${why}.`, EXIT.missingTool);
  const bin = findServerBinaries()!;
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? runAsUser()! : undefined;
  const root = mkdtempSync(path.join(tmpdir(), "tlabridge-pg-"));
  const data = path.join(root, "data");
  const user = "tlabridge";
  // A port number only names the socket file, so any free one will do.
  const port = 20000 + Math.floor(Math.random() * 40000);
  const run = (program: string, args: readonly string[]): void => {
    const argv = owner ? ["runuser", "-u", owner.name, "--", path.join(bin, program), ...args] : [path.join(bin, program), ...args];
    try {
      execFileSync(argv[0]!, argv.slice(1), { stdio: ["ignore", "pipe", "pipe"], cwd: root, timeout: 60_000 });
    } catch (e) {
      const err = e as { stderr?: Buffer; stdout?: Buffer; message: string };
      const detail = (err.stderr?.toString() || err.stdout?.toString() || err.message).trim().split("\n").slice(-3).join(" ");
      throw new TlabridgeError("POSTGRES_START_FAILED", `${program} failed (${detail}): check the PostgreSQL installation.`, EXIT.missingTool);
    }
  };
  let stopped = false;
  let started = false;
  const cluster: Cluster = {
    root,
    host: root,
    port,
    user,
    database: "postgres",
    stop: () => {
      if (stopped) return;
      stopped = true;
      live.delete(cluster);
      // A start that timed out may still leave a server running: its postmaster.pid says so.
      if (started || existsSync(path.join(data, "postmaster.pid"))) {
        try {
          run("pg_ctl", ["stop", "-D", data, "-m", "immediate", "-w", "-t", "30"]);
        } catch {
          // Already gone; the folder is removed anyway.
        }
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
  hookExit();
  live.add(cluster);
  try {
    if (owner) {
      chownSync(root, owner.uid, owner.gid);
      chmodSync(root, 0o755);
    }
    options.log?.(`initdb ${data}`);
    run("initdb", ["-D", data, "-U", user, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
    // Unix socket only, in the cluster's own folder; durability is not what is tested.
    const conf = [`listen_addresses = ''`, `unix_socket_directories = '${root}'`, `port = ${port}`, "fsync = off", "synchronous_commit = off", "full_page_writes = off", "max_connections = 200", "log_min_messages = warning"];
    appendFileSync(path.join(data, "postgresql.conf"), "\n# tlabridge: a throwaway cluster\n" + conf.join("\n") + "\n");
    try {
      run("pg_ctl", ["start", "-D", data, "-w", "-t", "60", "-l", path.join(root, "server.log")]);
    } catch (e) {
      const log = existsSync(path.join(root, "server.log")) ? readFileSync(path.join(root, "server.log"), "utf8").trim().split("\n").slice(-3).join(" ") : "";
      throw log ? new TlabridgeError("POSTGRES_START_FAILED", `the server did not start (${log}): check the PostgreSQL installation.`, EXIT.missingTool) : e;
    }
    started = true;
    options.log?.(`PostgreSQL listening on ${root}/.s.PGSQL.${port}`);
    return cluster;
  } catch (e) {
    cluster.stop();
    throw e;
  }
}

/** The address of a cluster as the environment passes it on ({@link CLUSTER_ENV}). */
export function clusterEnv(cluster: ClusterAddress): Record<string, string> {
  const { host, port, user, database } = cluster;
  return { [CLUSTER_ENV]: JSON.stringify({ host, port, user, database }) };
}

/** The cluster the environment names, or an error saying how to get one. */
export function clusterFromEnv(env: NodeJS.ProcessEnv = process.env): ClusterAddress {
  const text = env[CLUSTER_ENV];
  if (!text) throw new TlabridgeError("POSTGRES_NOT_RUNNING", `${CLUSTER_ENV} is not set: run this through tlabridge demo --system postgres, or set it to {"host", "port", "user", "database"} of a running server.`);
  return JSON.parse(text) as ClusterAddress;
}
