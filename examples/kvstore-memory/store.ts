/**
 * An in-memory multi-version key-value store with snapshot-isolation
 * transactions (first committer wins): the implementation the KVStore spec
 * describes. Each value is the id of the transaction that wrote it.
 *
 * Seeded bugs, switched on by name, show what the generated suites catch.
 */

/** The bugs this store can be built with. */
export const BUGS = [
  "lost-update", // commit never reports a conflict: the later committer overwrites
  "no-read-own-writes", // a read ignores the transaction's own writes
  "snapshot-at-first-read", // the snapshot is taken at the first read, not at begin
  "conflict-ignores-one-key", // the conflict check skips the first key
  "abort-leaves-writes", // aborting still installs the transaction's writes
  "read-latest", // reads see the latest committed value, not the snapshot
  "commit-loses-last-write", // commit installs all but the last key written
  "conflict-on-any-commit", // any concurrent commit makes the commit fail
  "conflict-from-aborted", // writes of aborted transactions count as conflicts
  "empty-commit-conflicts", // a transaction that wrote nothing cannot commit
  "read-uncommitted", // reads see other transactions' uncommitted writes
  "stale-snapshot", // the snapshot misses the most recent commit
] as const;

/** A seeded bug's name. */
export type Bug = (typeof BUGS)[number];

/** A transaction's state. */
export type Status = "idle" | "active" | "committed" | "aborted";

/** A committed value of a key, stamped with its commit's timestamp. */
export interface Version {
  readonly commit: number;
  readonly value: string;
}

/** What the store keeps of a transaction. */
export interface Txn {
  status: Status;
  snapshot: number;
  readonly writes: Map<string, string>;
  readAt?: number;
}

/**
 * The store. Keys and transaction ids are strings. Members are protected so
 * that the mutants of ./mutants/ can override one method each.
 */
export class MvccStore {
  protected clock = 0;
  protected readonly versions = new Map<string, Version[]>();
  protected readonly txns = new Map<string, Txn>();
  protected readonly bugs: ReadonlySet<Bug>;

  constructor(
    protected readonly keys: readonly string[],
    bugs: Iterable<Bug> = [],
  ) {
    this.bugs = new Set(bugs);
    for (const k of keys) this.versions.set(k, []);
  }

  protected txn(t: string): Txn {
    let x = this.txns.get(t);
    if (x === undefined) {
      x = { status: "idle", snapshot: 0, writes: new Map() };
      this.txns.set(t, x);
    }
    return x;
  }

  protected active(t: string): Txn {
    const x = this.txn(t);
    if (x.status !== "active") throw new Error(`transaction ${t} is ${x.status}, not active`);
    return x;
  }

  /** Starts transaction t on a snapshot of the committed data. */
  begin(t: string): void {
    const x = this.txn(t);
    if (x.status !== "idle") throw new Error(`transaction ${t} already began`);
    x.status = "active";
    x.snapshot = this.bugs.has("stale-snapshot") ? Math.max(0, this.clock - 1) : this.clock;
  }

  /** The value of k that t sees, or undefined when none was ever committed. */
  get(t: string, k: string): string | undefined {
    const x = this.active(t);
    if (!this.bugs.has("no-read-own-writes") && x.writes.has(k)) return x.writes.get(k);
    if (this.bugs.has("read-uncommitted")) {
      for (const [u, other] of this.txns) if (u !== t && other.status === "active" && other.writes.has(k)) return other.writes.get(k);
    }
    if (this.bugs.has("snapshot-at-first-read") && x.readAt === undefined) x.readAt = this.clock;
    const at = this.bugs.has("read-latest") ? this.clock : this.bugs.has("snapshot-at-first-read") ? x.readAt! : x.snapshot;
    const visible = this.versions.get(k)!.filter((v) => v.commit <= at);
    return visible.length > 0 ? visible[visible.length - 1]!.value : undefined;
  }

  /** Buffers t's write of `value` to k. */
  put(t: string, k: string, value: string): void {
    this.active(t).writes.set(k, value);
  }

  protected conflicts(t: string, x: Txn): boolean {
    if (this.bugs.has("lost-update")) return false;
    if (this.bugs.has("empty-commit-conflicts") && x.writes.size === 0) return true;
    if (this.bugs.has("conflict-on-any-commit") && this.clock > x.snapshot) return true;
    if (this.bugs.has("conflict-from-aborted")) {
      for (const [u, other] of this.txns) if (u !== t && other.status === "aborted" && [...other.writes.keys()].some((k) => x.writes.has(k))) return true;
    }
    const keys = [...x.writes.keys()].filter((k) => !(this.bugs.has("conflict-ignores-one-key") && k === this.keys[0]));
    return keys.some((k) => this.versions.get(k)!.some((v) => v.commit > x.snapshot));
  }

  /** Commits t: "ok", or "conflict" (and t aborts) when another transaction committed a key t wrote since t began. */
  commit(t: string): "ok" | "conflict" {
    const x = this.active(t);
    if (this.conflicts(t, x)) {
      x.status = "aborted";
      return "conflict";
    }
    this.install(x);
    x.status = "committed";
    return "ok";
  }

  protected install(x: Txn): void {
    const entries = [...x.writes.entries()];
    if (this.bugs.has("commit-loses-last-write")) entries.pop();
    if (entries.length === 0) return;
    this.clock++;
    for (const [k, value] of entries) this.versions.get(k)!.push({ commit: this.clock, value });
  }

  /** Aborts t, dropping its writes. */
  abort(t: string): void {
    const x = this.active(t);
    if (this.bugs.has("abort-leaves-writes")) this.install(x);
    x.status = "aborted";
  }

  /** The latest committed value of each key (undefined when none). */
  committed(): Record<string, string | undefined> {
    const out: Record<string, string | undefined> = {};
    for (const k of this.keys) {
      const vs = this.versions.get(k)!;
      out[k] = vs.length > 0 ? vs[vs.length - 1]!.value : undefined;
    }
    return out;
  }
}

/** The bugs named in the environment variable KVSTORE_BUGS (comma-separated). */
export function bugsFromEnvironment(): Bug[] {
  const names = (process.env.KVSTORE_BUGS ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!(BUGS as readonly string[]).includes(n)) throw new Error(`unknown bug ${n}; known: ${BUGS.join(", ")}`);
  return names as Bug[];
}
