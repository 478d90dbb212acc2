// The mutant corpus of examples/kvstore-memory/mutants: well formed, selected
// by name, and measured by a generated suite (a few mutants only; the whole
// kill matrix is `npm run mutants`).
import path from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runVitest } from "../../src/cli/vitest.js";
import { generateSuite } from "../../src/generate/index.js";
import { MUTANT_INFO, createStore, mutantFromEnvironment, mutantStore } from "../../examples/kvstore-memory/mutants/index.js";
import { MvccStore } from "../../examples/kvstore-memory/store.js";
import { ROOT } from "../helpers/fixtures.js";
import { workspace } from "../helpers/workspace.js";

const KEYS = ["k1", "k2"];
const TXNS = ["t1", "t2", "t3"];

/** A small seeded generator, so the random runs are the same every time. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let x = s;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 2 ** 32;
  };
}

/** Runs one random sequence of operations (valid or not) and records every answer. */
function trace(store: MvccStore, rnd: () => number, length: number): string[] {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < length; i++) {
    const t = pick(TXNS);
    const k = pick(KEYS);
    const op = pick(["begin", "begin", "get", "get", "put", "put", "commit", "commit", "abort"]);
    let answer: unknown;
    try {
      answer = op === "begin" ? store.begin(t) : op === "get" ? store.get(t, k) : op === "put" ? store.put(t, k, t) : op === "commit" ? store.commit(t) : store.abort(t);
    } catch {
      answer = "error";
    }
    out.push(`${op}(${t}, ${k}) = ${String(answer)}; db ${JSON.stringify(store.committed())}`);
  }
  return out;
}

/** The first seed (of `tries`) on which the mutant answers differently from the store, or undefined. */
function distinguishingSeed(name: string, tries: number): number | undefined {
  for (let seed = 1; seed <= tries; seed++) {
    const a = trace(new MvccStore(KEYS), random(seed), 24);
    const b = trace(mutantStore(name, KEYS), random(seed), 24);
    if (a.join("\n") !== b.join("\n")) return seed;
  }
  return undefined;
}

describe("the mutant corpus", () => {
  const saved = process.env.KVSTORE_MUTANT;
  afterEach(() => {
    if (saved === undefined) delete process.env.KVSTORE_MUTANT;
    else process.env.KVSTORE_MUTANT = saved;
  });

  it("is well formed: unique names, a kind and a one-line description each, enough of each sort", () => {
    const names = MUTANT_INFO.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    for (const m of MUTANT_INFO) {
      expect(m.name, JSON.stringify(m)).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(m.kind, m.name).toMatch(/^[a-z-]+$/);
      expect(m.description.length, m.name).toBeGreaterThan(20);
      expect(m.description, m.name).not.toMatch(/\n/);
      expect(typeof m.equivalent, m.name).toBe("boolean");
    }
    expect(MUTANT_INFO.filter((m) => !m.equivalent).length).toBeGreaterThanOrEqual(25);
    expect(MUTANT_INFO.filter((m) => m.equivalent).length).toBeGreaterThanOrEqual(3);
  });

  it("selects a mutant by name, refuses an unknown one and a mix with seeded bugs", () => {
    expect(() => createStore(KEYS, [], "no-such-mutant")).toThrow(/unknown mutant no-such-mutant; known: visible-off-by-one/);
    expect(() => createStore(KEYS, ["lost-update"], "visible-off-by-one")).toThrow(/cannot be combined/);
    process.env.KVSTORE_MUTANT = " visible-off-by-one ";
    expect(mutantFromEnvironment()).toBe("visible-off-by-one");
    expect(Object.getPrototypeOf(createStore(KEYS))).not.toBe(MvccStore.prototype);
    process.env.KVSTORE_MUTANT = "";
    expect(mutantFromEnvironment()).toBeUndefined();
    delete process.env.KVSTORE_MUTANT;
    expect(mutantFromEnvironment()).toBeUndefined();
  });

  it("with no mutant the adapter's store is the store, seeded bugs included", () => {
    delete process.env.KVSTORE_MUTANT;
    const store = createStore(KEYS);
    expect(Object.getPrototypeOf(store)).toBe(MvccStore.prototype);
    // first committer wins, and snapshots hold
    store.begin("t1");
    store.begin("t2");
    store.put("t1", "k1", "t1");
    store.put("t2", "k1", "t2");
    expect(store.get("t1", "k1")).toBe("t1");
    expect(store.commit("t1")).toBe("ok");
    expect(store.get("t2", "k2")).toBeUndefined();
    expect(store.commit("t2")).toBe("conflict");
    expect(store.committed()).toEqual({ k1: "t1", k2: undefined });
    expect(() => store.get("t1", "k1")).toThrow(/t1 is committed, not active/);
    const buggy = createStore(KEYS, ["lost-update"]);
    buggy.begin("t1");
    buggy.begin("t2");
    buggy.put("t1", "k1", "t1");
    buggy.put("t2", "k1", "t2");
    expect([buggy.commit("t1"), buggy.commit("t2")]).toEqual(["ok", "ok"]);
  });

  it("equivalent mutants answer as the store does on 3,000 random runs of 3 transactions, valid or not", () => {
    for (const m of MUTANT_INFO.filter((x) => x.equivalent)) expect(distinguishingSeed(m.name, 3000), m.name).toBeUndefined();
  });

  it("every other mutant answers differently on some random run", () => {
    const same = MUTANT_INFO.filter((m) => !m.equivalent && distinguishingSeed(m.name, 3000) === undefined).map((m) => m.name);
    expect(same).toEqual([]);
  });
});

describe("the kvstore-2x2 transitions suite against mutants", () => {
  const dir = workspace("mutants");
  const out = path.join(dir, "transitions");
  let tests = 0;
  beforeAll(async () => {
    const suite = await generateSuite({
      dump: path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"),
      adapter: path.join(ROOT, "examples/kvstore-memory/adapter.ts"),
      outDir: out,
      criterion: "transitions",
    });
    tests = suite.tests;
  });
  const run = async (mutant: string) => runVitest(out, { ...process.env, KVSTORE_BUGS: "", KVSTORE_MUTANT: mutant }, ["--maxWorkers=1"]);

  it("kills a real mutant", async () => {
    const r = await run("visible-off-by-one");
    expect(r.failed).toBeGreaterThan(0);
    expect(r.failed).toBeLessThan(tests);
  });

  it("kills no equivalent mutant", async () => {
    for (const name of ["versions-newest-first", "conflict-by-value"]) {
      const r = await run(name);
      expect(r.failures, name).toEqual([]);
      expect(r.passed, name).toBe(tests);
    }
  });

  it("an unknown mutant fails every test", async () => {
    const r = await run("no-such-mutant");
    expect(r.failed).toBe(tests);
    expect(r.failures[0]).toMatch(/unknown mutant no-such-mutant/);
  });
});
