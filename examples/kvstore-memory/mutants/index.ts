/**
 * A corpus of mutants of the in-memory store (../store.ts), written to
 * measure what the generated suites catch, apart from the seeded bugs. Each
 * mutant subclasses MvccStore and overrides one or two methods; catalog.json
 * gives each one's name, kind, one-line description and whether it is
 * equivalent (behaves as the store does: a control that no suite may kill).
 *
 * Selected by name with the environment variable KVSTORE_MUTANT (one name);
 * createStore() is what the adapter calls.
 */
import { MvccStore, type Bug, type Txn, type Version } from "../store.js";
import catalog from "./catalog.json" with { type: "json" };

/** A mutant's description, from catalog.json. */
export interface MutantInfo {
  readonly name: string;
  readonly kind: string;
  readonly description: string;
  readonly equivalent: boolean;
  /** Transactions a behaviour needs to show the bug, when more than 2 (a kvstore-2x2 model cannot show it). */
  readonly minTransactions?: number;
}

type StoreClass = new (keys: readonly string[]) => MvccStore;

/** Helpers the mutants share; behaviour is MvccStore's. */
class Base extends MvccStore {
  constructor(keys: readonly string[]) {
    super(keys);
  }
  /** The newest version of k that passes `visible`. */
  protected newest(k: string, visible: (v: Version) => boolean = () => true): string | undefined {
    const vs = this.versions.get(k)!.filter(visible);
    return vs.length > 0 ? vs[vs.length - 1]!.value : undefined;
  }
  protected atSnapshot(x: Txn, k: string): string | undefined {
    return this.newest(k, (v) => v.commit <= x.snapshot);
  }
  protected committedSince(k: string, ts: number): boolean {
    return this.versions.get(k)!.some((v) => v.commit > ts);
  }
  /** A read with the given snapshot lookup (own writes first). */
  protected readWith(t: string, k: string, lookup: (x: Txn) => string | undefined): string | undefined {
    const x = this.active(t);
    if (x.writes.has(k)) return x.writes.get(k);
    return lookup(x);
  }
}

/** Remembers the order in which transactions began and who wrote each version. */
class Tracking extends Base {
  protected begun = 0;
  protected readonly beganAt = new WeakMap<Txn, number>();
  protected readonly writer = new WeakMap<Version, Txn>();
  override begin(t: string): void {
    super.begin(t);
    this.beganAt.set(this.txn(t), this.begun++);
  }
  protected override install(x: Txn): void {
    const before = new Map([...this.versions].map(([k, vs]) => [k, vs.length]));
    super.install(x);
    for (const [k, vs] of this.versions) for (const v of vs.slice(before.get(k))) this.writer.set(v, x);
  }
}

const MUTANTS: Record<string, StoreClass> = {
  "visible-off-by-one": class extends Base {
    override get(t: string, k: string) {
      return this.readWith(t, k, (x) => this.newest(k, (v) => v.commit < x.snapshot));
    }
  },
  "visible-includes-next": class extends Base {
    override get(t: string, k: string) {
      return this.readWith(t, k, (x) => this.newest(k, (v) => v.commit <= x.snapshot + 1));
    }
  },
  "visible-by-writer-begin": class extends Tracking {
    override get(t: string, k: string) {
      return this.readWith(t, k, (x) => this.newest(k, (v) => this.beganAt.get(this.writer.get(v)!)! < this.beganAt.get(x)!));
    }
  },
  "read-only-reads-latest": class extends Base {
    override get(t: string, k: string) {
      return this.readWith(t, k, (x) => (x.writes.size === 0 ? this.newest(k) : this.atSnapshot(x, k)));
    }
  },
  "begin-joins-active-snapshot": class extends Base {
    override begin(t: string): void {
      const joined = [...this.txns.values()].find((u) => u.status === "active");
      super.begin(t);
      if (joined !== undefined) this.txn(t).snapshot = joined.snapshot;
    }
  },
  "commit-ts-ties-snapshot": class extends Base {
    protected override install(x: Txn): void {
      if (x.writes.size === 0) return;
      for (const [k, value] of x.writes) this.versions.get(k)!.push({ commit: this.clock, value });
      this.clock++;
    }
  },
  "ww-check-includes-snapshot": class extends Base {
    protected override conflicts(_t: string, x: Txn): boolean {
      return [...x.writes.keys()].some((k) => this.versions.get(k)!.some((v) => v.commit >= x.snapshot));
    }
  },
  "ww-window-excludes-latest": class extends Base {
    protected override conflicts(_t: string, x: Txn): boolean {
      return [...x.writes.keys()].some((k) => this.versions.get(k)!.some((v) => v.commit > x.snapshot && v.commit < this.clock));
    }
  },
  "ww-window-from-write": class extends Base {
    private readonly writtenAt = new WeakMap<Txn, Map<string, number>>();
    override put(t: string, k: string, value: string): void {
      super.put(t, k, value);
      const x = this.txn(t);
      if (!this.writtenAt.has(x)) this.writtenAt.set(x, new Map());
      const at = this.writtenAt.get(x)!;
      if (!at.has(k)) at.set(k, this.clock);
    }
    protected override conflicts(_t: string, x: Txn): boolean {
      return [...x.writes.keys()].some((k) => this.committedSince(k, this.writtenAt.get(x)!.get(k)!));
    }
  },
  "ww-skipped-at-time-zero": class extends Base {
    protected override conflicts(t: string, x: Txn): boolean {
      return x.snapshot === 0 ? false : super.conflicts(t, x);
    }
  },
  "ww-check-at-write-time": class extends Base {
    override put(t: string, k: string, value: string): void {
      const x = this.active(t);
      if (this.committedSince(k, x.snapshot)) {
        x.status = "aborted";
        throw new Error(`write-write conflict on ${k}: ${t} aborted`);
      }
      super.put(t, k, value);
    }
  },
  "ww-ignores-later-begun-committer": class extends Tracking {
    protected override conflicts(_t: string, x: Txn): boolean {
      const mine = this.beganAt.get(x)!;
      return [...x.writes.keys()].some((k) =>
        this.versions.get(k)!.some((v) => v.commit > x.snapshot && this.beganAt.get(this.writer.get(v)!)! < mine),
      );
    }
  },
  "ww-check-first-commit-only": class extends Base {
    protected override conflicts(_t: string, x: Txn): boolean {
      const after = [...this.versions.values()].flat().filter((v) => v.commit > x.snapshot);
      if (after.length === 0) return false;
      const first = Math.min(...after.map((v) => v.commit));
      return [...x.writes.keys()].some((k) => this.versions.get(k)!.some((v) => v.commit === first));
    }
  },
  "conflict-set-overwritten": class extends Base {
    private readonly conflictSet = new WeakMap<Txn, ReadonlySet<string>>();
    override begin(t: string): void {
      super.begin(t);
      this.conflictSet.set(this.txn(t), new Set());
    }
    override commit(t: string): "ok" | "conflict" {
      const r = super.commit(t);
      if (r === "ok") {
        const written = new Set(this.txn(t).writes.keys());
        for (const [u, other] of this.txns) if (u !== t && other.status === "active") this.conflictSet.set(other, written);
      }
      return r;
    }
    protected override conflicts(_t: string, x: Txn): boolean {
      const set = this.conflictSet.get(x)!;
      return [...x.writes.keys()].some((k) => set.has(k));
    }
  },
  "conflict-needs-all-keys": class extends Base {
    protected override conflicts(_t: string, x: Txn): boolean {
      const keys = [...x.writes.keys()];
      return keys.length > 0 && keys.every((k) => this.committedSince(k, x.snapshot));
    }
  },
  "occ-validates-reads": class extends Base {
    private readonly reads = new WeakMap<Txn, Set<string>>();
    override get(t: string, k: string) {
      const x = this.active(t);
      if (!this.reads.has(x)) this.reads.set(x, new Set());
      this.reads.get(x)!.add(k);
      return super.get(t, k);
    }
    protected override conflicts(t: string, x: Txn): boolean {
      return super.conflicts(t, x) || [...(this.reads.get(x) ?? [])].some((k) => this.committedSince(k, x.snapshot));
    }
  },
  "group-commit-skips-check": class extends Base {
    private grouped = false;
    override begin(t: string) {
      this.grouped = false;
      super.begin(t);
    }
    override get(t: string, k: string) {
      this.grouped = false;
      return super.get(t, k);
    }
    override put(t: string, k: string, value: string) {
      this.grouped = false;
      super.put(t, k, value);
    }
    override abort(t: string) {
      this.grouped = false;
      super.abort(t);
    }
    override commit(t: string): "ok" | "conflict" {
      if (this.grouped) {
        const x = this.active(t);
        this.install(x);
        x.status = "committed";
        return "ok";
      }
      const r = super.commit(t);
      this.grouped = r === "ok";
      return r;
    }
  },
  "read-cache-keyed-by-key": class extends Base {
    private readonly cache = new Map<string, string | undefined>();
    override get(t: string, k: string) {
      return this.readWith(t, k, (x) => {
        if (!this.cache.has(k)) this.cache.set(k, this.atSnapshot(x, k));
        return this.cache.get(k);
      });
    }
    protected override install(x: Txn): void {
      super.install(x);
      for (const k of x.writes.keys()) this.cache.delete(k);
    }
  },
  "read-cache-never-invalidated": class extends Base {
    private readonly cache = new Map<string, string | undefined>();
    override get(t: string, k: string) {
      return this.readWith(t, k, (x) => {
        if (!this.cache.has(k)) this.cache.set(k, this.atSnapshot(x, k));
        return this.cache.get(k);
      });
    }
  },
  "txn-cache-before-own-writes": class extends Base {
    private readonly cache = new WeakMap<Txn, Map<string, string | undefined>>();
    override get(t: string, k: string) {
      const x = this.active(t);
      if (!this.cache.has(x)) this.cache.set(x, new Map());
      const cache = this.cache.get(x)!;
      if (cache.has(k)) return cache.get(k);
      if (x.writes.has(k)) return x.writes.get(k);
      const v = this.atSnapshot(x, k);
      cache.set(k, v);
      return v;
    }
  },
  "own-writes-only-uncommitted-keys": class extends Base {
    override get(t: string, k: string) {
      const x = this.active(t);
      return this.atSnapshot(x, k) ?? x.writes.get(k);
    }
  },
  "own-writes-last-key-only": class extends Base {
    private readonly last = new WeakMap<Txn, string>();
    override put(t: string, k: string, value: string) {
      super.put(t, k, value);
      this.last.set(this.txn(t), k);
    }
    override get(t: string, k: string) {
      const x = this.active(t);
      return this.last.get(x) === k ? x.writes.get(k) : this.atSnapshot(x, k);
    }
  },
  "conflict-installs-other-keys": class extends Base {
    override commit(t: string): "ok" | "conflict" {
      const x = this.active(t);
      if (!this.conflicts(t, x)) return super.commit(t);
      const clean = new Map([...x.writes].filter(([k]) => !this.committedSince(k, x.snapshot)));
      this.install({ ...x, writes: clean });
      x.status = "aborted";
      return "conflict";
    }
  },
  "committed-returns-first-version": class extends Base {
    override committed(): Record<string, string | undefined> {
      return Object.fromEntries(this.keys.map((k) => [k, this.versions.get(k)![0]?.value]));
    }
  },
  "finished-keeps-reading": class extends Base {
    override get(t: string, k: string) {
      const x = this.txn(t);
      if (x.status === "idle") throw new Error(`transaction ${t} is idle, not active`);
      return x.writes.has(k) ? x.writes.get(k) : this.atSnapshot(x, k);
    }
  },
  "finished-keeps-committing": class extends Base {
    protected override active(t: string): Txn {
      const x = this.txn(t);
      if (x.status === "committed") return x;
      return super.active(t);
    }
  },
  "conflict-leaves-txn-active": class extends Base {
    override commit(t: string): "ok" | "conflict" {
      const x = this.active(t);
      return this.conflicts(t, x) ? "conflict" : super.commit(t);
    }
  },
  "commit-idle-accepted": class extends Base {
    override commit(t: string): "ok" | "conflict" {
      return this.txn(t).status === "idle" ? "ok" : super.commit(t);
    }
  },
  "commit-aborted-accepted": class extends Base {
    override commit(t: string): "ok" | "conflict" {
      return this.txn(t).status === "aborted" ? "ok" : super.commit(t);
    }
  },
  "begin-twice-resets-snapshot": class extends Base {
    override begin(t: string): void {
      const x = this.txn(t);
      if (x.status === "active") x.snapshot = this.clock;
      else super.begin(t);
    }
  },

  // Equivalent mutants: controls.
  "versions-newest-first": class extends Base {
    protected override install(x: Txn): void {
      if (x.writes.size === 0) return;
      this.clock++;
      for (const [k, value] of x.writes) this.versions.get(k)!.unshift({ commit: this.clock, value });
    }
    override get(t: string, k: string) {
      return this.readWith(t, k, (x) => this.versions.get(k)!.find((v) => v.commit <= x.snapshot)?.value);
    }
    override committed(): Record<string, string | undefined> {
      return Object.fromEntries(this.keys.map((k) => [k, this.versions.get(k)![0]?.value]));
    }
  },
  "conflict-by-value": class extends Base {
    protected override conflicts(_t: string, x: Txn): boolean {
      return [...x.writes.keys()].some((k) => this.newest(k) !== this.atSnapshot(x, k));
    }
  },
  "conflict-checks-last-version": class extends Base {
    protected override conflicts(_t: string, x: Txn): boolean {
      return [...x.writes.keys()].some((k) => (this.versions.get(k)!.at(-1)?.commit ?? 0) > x.snapshot);
    }
  },
  "clock-ticks-on-empty-commit": class extends Base {
    protected override install(x: Txn): void {
      if (x.writes.size === 0) this.clock++;
      else super.install(x);
    }
  },
  "group-commit-shared-timestamp": class extends Base {
    private open = false;
    override begin(t: string): void {
      this.open = false;
      super.begin(t);
    }
    protected override install(x: Txn): void {
      if (x.writes.size === 0) return;
      if (!this.open) this.clock++;
      this.open = true;
      for (const [k, value] of x.writes) this.versions.get(k)!.push({ commit: this.clock, value });
    }
  },
  // Blind mutants: written from store.ts and the spec only, without reading the mutants above.
  "blind-not-found-fast-path": class extends Base {
    // A key nobody ever committed is answered "not found" before the write buffer is consulted.
    override get(t: string, k: string) {
      this.active(t);
      if (this.versions.get(k)!.length === 0) return undefined;
      return super.get(t, k);
    }
  },
  "blind-shared-read-cache-with-own-writes": class extends Base {
    // A store-wide memo of reads by (snapshot, key), filled with whatever get answered, own writes included.
    private readonly memo = new Map<string, string | undefined>();
    override get(t: string, k: string) {
      const x = this.active(t);
      const key = `${x.snapshot}\u0000${k}`;
      if (this.memo.has(key)) return this.memo.get(key);
      const v = super.get(t, k);
      this.memo.set(key, v);
      return v;
    }
  },
  "blind-commit-ts-at-first-write": class extends Base {
    // The commit timestamp is drawn from the clock when the transaction first writes, not when it commits.
    private readonly ts = new WeakMap<Txn, number>();
    override put(t: string, k: string, value: string): void {
      const x = this.active(t);
      if (!this.ts.has(x)) this.ts.set(x, ++this.clock);
      super.put(t, k, value);
    }
    protected override install(x: Txn): void {
      if (x.writes.size === 0) return;
      const ts = this.ts.get(x)!;
      for (const [k, value] of x.writes) this.versions.get(k)!.push({ commit: ts, value });
    }
  },
  "blind-unread-writes-skip-check": class extends Base {
    // Thomas-write-rule thinking: only keys the transaction read can lose an update, so blind writes are not checked.
    private readonly reads = new WeakMap<Txn, Set<string>>();
    override get(t: string, k: string) {
      const v = super.get(t, k);
      const x = this.txn(t);
      if (!this.reads.has(x)) this.reads.set(x, new Set());
      this.reads.get(x)!.add(k);
      return v;
    }
    protected override conflicts(_t: string, x: Txn): boolean {
      const read = this.reads.get(x) ?? new Set<string>();
      return [...x.writes.keys()].some((k) => read.has(k) && this.committedSince(k, x.snapshot));
    }
  },
  "blind-conflict-loop-breaks": class extends Base {
    // The check walks the store's keys in order and stops (break, meant continue) at the first key not written.
    protected override conflicts(_t: string, x: Txn): boolean {
      for (const k of this.keys) {
        if (!x.writes.has(k)) break;
        if (this.committedSince(k, x.snapshot)) return true;
      }
      return false;
    }
  },
  "blind-write-intent-dooms-second-writer": class extends Base {
    // Eager write-write detection: writing a key another active transaction has written dooms the writer.
    private readonly doomed = new WeakSet<Txn>();
    override put(t: string, k: string, value: string): void {
      const x = this.active(t);
      for (const [u, other] of this.txns) if (u !== t && other.status === "active" && other.writes.has(k)) this.doomed.add(x);
      super.put(t, k, value);
    }
    protected override conflicts(t: string, x: Txn): boolean {
      return this.doomed.has(x) || super.conflicts(t, x);
    }
  },
  "blind-abort-undoes-newer-versions": class extends Base {
    // Abort "rolls back" each key it wrote to its snapshot, as if writes were installed in place.
    override abort(t: string): void {
      const x = this.active(t);
      for (const k of x.writes.keys()) this.versions.set(k, this.versions.get(k)!.filter((v) => v.commit <= x.snapshot));
      super.abort(t);
    }
  },
  "blind-read-only-commit-stays-active": class extends Base {
    // Fast path for a transaction that wrote nothing: answer ok, forgetting to finish it.
    override commit(t: string): "ok" | "conflict" {
      const x = this.active(t);
      if (x.writes.size === 0) return "ok";
      return super.commit(t);
    }
  },
  "blind-abort-clears-all-intents": class extends Base {
    // Writes are also kept as per-key intents, which commit installs; releasing a finished
    // transaction's intents clears every transaction's intents on its keys.
    private readonly intents = new Map<string, Map<Txn, string>>();
    override put(t: string, k: string, value: string): void {
      super.put(t, k, value);
      if (!this.intents.has(k)) this.intents.set(k, new Map());
      this.intents.get(k)!.set(this.txn(t), value);
    }
    protected override install(x: Txn): void {
      const entries = [...x.writes.keys()].flatMap((k): [string, string][] => {
        const v = this.intents.get(k)?.get(x);
        return v === undefined ? [] : [[k, v]];
      });
      if (entries.length === 0) return;
      this.clock++;
      for (const [k, value] of entries) this.versions.get(k)!.push({ commit: this.clock, value });
    }
    private release(x: Txn): void {
      for (const k of x.writes.keys()) this.intents.get(k)?.clear();
    }
    override commit(t: string): "ok" | "conflict" {
      const x = this.active(t);
      const r = super.commit(t);
      this.release(x);
      return r;
    }
    override abort(t: string): void {
      const x = this.active(t);
      super.abort(t);
      this.release(x);
    }
  },
  "blind-snapshot-zero-falsy": class extends Base {
    // `x.snapshot || this.clock` (meant for a missing snapshot) turns snapshot 0 into "read the latest".
    override get(t: string, k: string) {
      return this.readWith(t, k, (x) => this.newest(k, (v) => v.commit <= (x.snapshot || this.clock)));
    }
  },
  "blind-commit-log-trimmed-to-newest-snapshot": class extends Base {
    // Write-write checks use a log of recent commits' write sets, trimmed whenever a transaction begins or
    // commits to the entries newer than the active snapshots' horizon: Math.max where Math.min was meant.
    private log: { readonly ts: number; readonly keys: ReadonlySet<string> }[] = [];
    private trim(): void {
      const snaps = [...this.txns.values()].filter((o) => o.status === "active").map((o) => o.snapshot);
      const horizon = snaps.length > 0 ? Math.max(...snaps) : this.clock;
      this.log = this.log.filter((e) => e.ts > horizon);
    }
    override begin(t: string): void {
      super.begin(t);
      this.trim();
    }
    override commit(t: string): "ok" | "conflict" {
      const r = super.commit(t);
      this.trim();
      return r;
    }
    protected override install(x: Txn): void {
      const before = this.clock;
      super.install(x);
      if (this.clock > before) this.log.push({ ts: this.clock, keys: new Set(x.writes.keys()) });
    }
    protected override conflicts(_t: string, x: Txn): boolean {
      return this.log.some((e) => e.ts > x.snapshot && [...x.writes.keys()].some((k) => e.keys.has(k)));
    }
  },
  "blind-commit-ts-per-key": class extends Base {
    // The commit stamp is one past the newest version of the keys written (a per-key version counter), not a global tick.
    protected override install(x: Txn): void {
      if (x.writes.size === 0) return;
      const ts = 1 + Math.max(0, ...[...x.writes.keys()].map((k) => this.versions.get(k)!.at(-1)?.commit ?? 0));
      this.clock = Math.max(this.clock, ts);
      for (const [k, value] of x.writes) this.versions.get(k)!.push({ commit: ts, value });
    }
  },
  "blind-finished-frees-write-buffer": class extends Base {
    // Control: a finished transaction's write buffer is freed (nothing reads it again).
    override commit(t: string): "ok" | "conflict" {
      const x = this.active(t);
      const r = super.commit(t);
      x.writes.clear();
      return r;
    }
    override abort(t: string): void {
      const x = this.active(t);
      super.abort(t);
      x.writes.clear();
    }
  },
  "blind-snapshot-read-cache": class extends Base {
    // Control: a store-wide cache of snapshot reads by (snapshot, key), consulted after the write buffer.
    private readonly cache = new Map<string, string | undefined>();
    override get(t: string, k: string) {
      return this.readWith(t, k, (x) => {
        const key = `${x.snapshot}\u0000${k}`;
        if (!this.cache.has(key)) this.cache.set(key, this.atSnapshot(x, k));
        return this.cache.get(key);
      });
    }
  },
};

/** Every mutant, in catalog order. */
export const MUTANT_INFO: readonly MutantInfo[] = catalog as MutantInfo[];

for (const m of MUTANT_INFO) if (!(m.name in MUTANTS)) throw new Error(`mutant ${m.name} is in catalog.json but has no store`);
for (const name of Object.keys(MUTANTS)) if (!MUTANT_INFO.some((m) => m.name === name)) throw new Error(`mutant ${name} has no entry in catalog.json`);

/** A store built with the named mutant. */
export function mutantStore(name: string, keys: readonly string[]): MvccStore {
  const Store = Object.hasOwn(MUTANTS, name) ? MUTANTS[name] : undefined;
  if (Store === undefined) throw new Error(`unknown mutant ${name}; known: ${MUTANT_INFO.map((m) => m.name).join(", ")}`);
  return new Store(keys);
}

/** The mutant named in the environment variable KVSTORE_MUTANT, or undefined when it is unset or empty. */
export function mutantFromEnvironment(): string | undefined {
  const name = (process.env.KVSTORE_MUTANT ?? "").trim();
  return name === "" ? undefined : name;
}

/**
 * The store the adapter drives: MvccStore with the seeded bugs given, or,
 * when a mutant is named, that mutant (mutants are not combined with bugs).
 */
export function createStore(keys: readonly string[], bugs: readonly Bug[] = [], mutant = mutantFromEnvironment()): MvccStore {
  if (mutant === undefined) return new MvccStore(keys, bugs);
  if (bugs.length > 0) throw new Error(`KVSTORE_MUTANT=${mutant} cannot be combined with seeded bugs (${bugs.join(", ")})`);
  return mutantStore(mutant, keys);
}
