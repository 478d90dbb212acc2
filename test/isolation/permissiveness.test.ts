import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readStateGraph } from "../../src/dump/index.js";
import { exploreSpec } from "../../src/explorer/index.js";
import type { StateGraph } from "../../src/graph/index.js";
import {
  classifyUniverse,
  historyKey,
  KVSTORE_MAPPING,
  LEVELS,
  observeHistories,
  permissiveness,
  type History,
  type HistoryMapping,
  type Operation,
  type Transaction,
} from "../../src/isolation/index.js";
import { roleActions } from "../../src/isolation/extract.js";
import { operatorParameters } from "../../src/generate/spec-info.js";
import { printValue } from "../../src/values/index.js";
import { ROOT } from "../helpers/fixtures.js";
import { h } from "../helpers/histories.js";
import { put, workspace } from "../helpers/workspace.js";

const KVSTORE = path.join(ROOT, "specs/kvstore/KVStore.tla");
const dir = workspace("isolation");

async function explore(spec: string, cfg: string): Promise<StateGraph> {
  const outcome = await exploreSpec({ spec, config: cfg });
  if (outcome.kind !== "success") throw new Error(outcome.kind);
  return outcome.graph;
}

/** The kvstore spec with `edit` applied, explored with its 2 x 2 config. */
async function variant(name: string, edit: (text: string) => string): Promise<StateGraph> {
  const text = edit(readFileSync(KVSTORE, "utf8")).replace("MODULE KVStore", `MODULE ${name}`);
  const spec = put(dir, `${name}.tla`, text);
  const cfg = put(dir, `${name}.cfg`, readFileSync(path.join(ROOT, "specs/kvstore/KVStore.cfg"), "utf8"));
  return explore(spec, cfg);
}

const kvstore = (await readStateGraph(path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"))).graph;
const observed = observeHistories(kvstore, { maxOps: 2 });
const kvstore3x2 = (await readStateGraph(path.join(ROOT, "specs/kvstore/kvstore-3x2.dot.gz"))).graph;

describe("histories a protocol produces", () => {
  it.each([
    ["2x2", () => kvstore, () => observed],
    ["3x2", () => kvstore3x2, () => observeHistories(kvstore3x2, { maxOps: 2 })],
  ])("every history of a random walk through the kvstore-%s graph is among those observed", (_, graphOf, observedOf) => {
    const kvstore = graphOf();
    const observed = observedOf();
    // A walk rebuilt independently: committed transactions' operations after each step.
    let seed = 7;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
    let checked = 0;
    for (let walk = 0; walk < 300; walk++) {
      let state = kvstore.initialStates[0]!;
      const ops = new Map<string, Operation[]>();
      const committed = new Set<string>();
      for (let step = 0; step < 14; step++) {
        const out = kvstore.outgoing(state);
        if (out.length === 0) break;
        const tr = kvstore.transition(out[random(out.length)]!);
        state = tr.target;
        const [t, k, v] = tr.args.map((a) => printValue(a).replace(/"/g, ""));
        if (tr.name === "Read") ops.set(t!, [...(ops.get(t!) ?? []), { type: "r", key: k!, value: v === "NoValue" ? null : v! }]);
        if (tr.name === "Write") ops.set(t!, [...(ops.get(t!) ?? []), { type: "w", key: k!, value: t! }]);
        if (tr.name === "Commit" && k === "ok") committed.add(t!);
        const txns: Transaction[] = [...committed].map((id) => ({ id, ops: ops.get(id) ?? [], status: "committed" }));
        if (txns.some((x) => x.ops.length > 2)) break;
        expect(observed.histories.has(historyKey({ transactions: txns })), JSON.stringify(txns)).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("stays within the bounds and names the spec's transactions and keys", () => {
    expect(observed.transactions).toEqual(["t1", "t2"]);
    expect(observed.keys).toEqual(["k1", "k2"]);
    for (const variants of observed.histories.values()) for (const v of variants) for (const t of v.transactions) expect(t.ops.length).toBeLessThanOrEqual(2);
  });

  it("include write skew and exclude lost updates and double writes (the store's first-committer-wins rule)", () => {
    const has = (history: History): boolean => observed.histories.has(historyKey(history));
    expect(has(h("t1: r(k1, init) w(k2); t2: r(k2, init) w(k1)"))).toBe(true);
    expect(has(h("t1: r(k1, init) w(k1); t2: r(k1, init) w(k1)"))).toBe(false);
    expect(has(h("t1: w(k1) w(k1)"))).toBe(false);
    expect(has(h("t1: w(k1); t2: r(k1, t1) w(k1)"))).toBe(true);
  });

  it("read the same histories through a mapping by parameter names as through the kvstore defaults", async () => {
    const names: [string, string][] = [["Begin", "Start"], ["Read", "Get"], ["Write", "Put"], ["Commit", "Finish"], ["Abort", "Cancel"]];
    const renamed = await variant("Renamed", (text) => {
      for (const [from, to] of names) text = text.replace(new RegExp(`\\b${from}\\(`, "g"), `${to}(`);
      // Each action's parameters renamed inside its own definition.
      return text.replace(/^(Start|Get|Put|Finish|Cancel)\([^)]*\) ==[\s\S]*?(?=\n\n)/gm, (body) =>
        body.replace(/\bt\b/g, "tx").replace(/\bk\b/g, "key").replace(/\bv\b/g, "val").replace(/\br\b/g, "res"),
      );
    });
    const mapping = {
      begin: { action: "Start", txn: "tx" },
      read: { action: "Get", txn: "tx", key: "key", value: "val" },
      write: { action: "Put", txn: "tx", key: "key" },
      commit: { action: "Finish", txn: "tx", result: "res", ok: "ok" },
      abort: { action: "Cancel", txn: "tx" },
    } satisfies HistoryMapping;
    const mapped = observeHistories(renamed, { maxOps: 2, mapping });
    expect([...mapped.histories.keys()].sort()).toEqual([...observed.histories.keys()].sort());
    expect(() => observeHistories(renamed, { maxOps: 2 })).toThrow(/the begin action Begin never occurs/);
    expect(() => observeHistories(renamed, { maxOps: 2, mapping: { ...mapping, read: { ...mapping.read, key: "nope" } } })).toThrow(/Get has no argument "nope"/);
  });

  it("read histories from a history variable", async () => {
    const spec = put(
      dir,
      "Blind.tla",
      `---- MODULE Blind ----
EXTENDS Sequences
CONSTANTS T, K
VARIABLE hist
Init == hist = [t \\in T |-> <<>>]
Next == \\E t \\in T, k \\in K : hist[t] = <<>> /\\ hist' = [hist EXCEPT ![t] = <<[op |-> "write", key |-> k, value |-> t]>>]
====`,
    );
    const cfg = put(dir, "Blind.cfg", "CONSTANTS T = {t1, t2}\n K = {k1, k2}\nINIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n");
    const graph = await explore(spec, cfg);
    const blind = observeHistories(graph, { maxOps: 2, historyVariable: "hist" });
    // Each transaction: nothing, or one blind write of either key.
    expect(blind.histories.size).toBe(9);
    expect(permissiveness(blind, "SER", 2)).toMatchObject({ observed: 9, violations: [] });
    expect(() => observeHistories(graph, { maxOps: 2, historyVariable: "nope" })).toThrow(/no variable nope/);
  });
});

describe("permissiveness", () => {
  it("the kvstore is sound for RC, RA and SI, and its allowed counts are the universe's", () => {
    const universe = classifyUniverse({ transactions: observed.transactions, keys: observed.keys, maxOps: 2 });
    for (const level of ["RC", "RA", "SI"] as const) {
      const p = permissiveness(observed, level, 2);
      expect(p.violations).toEqual([]);
      expect(p.allowed).toBe(universe.counts[level]);
      expect(p.observedAllowed).toBe(p.observed);
      expect(p.ratio).toBeCloseTo(p.observedAllowed / p.allowed, 12);
      // Allowed but never produced: the groups add up.
      expect(p.neverProduced.reduce((n, g) => n + g.count, 0)).toBe(p.allowed - p.observedAllowed);
    }
    // The weaker the level, the smaller the share of it the store produces.
    const ratios = (["RC", "RA", "SI"] as const).map((l) => permissiveness(observed, l, 2).ratio);
    expect(ratios[0]).toBeLessThan(ratios[1]!);
    expect(ratios[1]).toBeLessThan(ratios[2]!);
  });

  it("against SER the kvstore's violations are write skews, each with its two transactions", () => {
    const p = permissiveness(observed, "SER", 2);
    expect(p.violations.length).toBeGreaterThan(0);
    for (const v of p.violations) {
      expect(v.anomaly.name).toBe("write-skew");
      expect(v.anomaly.witness.transactions.map((t) => t.id).sort()).toEqual(["t1", "t2"]);
    }
    expect(p.observedAllowed + p.violations.length).toBe(p.observed);
    // What SI allows and the store refuses under RC: lost updates and fractured reads among them.
    const groups = permissiveness(observed, "RC", 2).neverProduced.map((g) => g.anomaly);
    expect(groups).toEqual(expect.arrayContaining(["lost-update", "fractured-read"]));
  });

  it("a store without the conflict check is unsound for SI: lost updates", async () => {
    const broken = await variant("NoConflict", (t) => t.replace('r = IF writes[t] \\cap conflicts[t] = {} THEN "ok" ELSE "conflict"', 'r = "ok"'));
    const p = permissiveness(observeHistories(broken, { maxOps: 2 }), "SI", 2);
    expect(p.violations.length).toBeGreaterThan(0);
    expect(new Set(p.violations.map((v) => v.anomaly.name))).toEqual(new Set(["lost-update"]));
    expect(permissiveness(observeHistories(broken, { maxOps: 2 }), "RA", 2).violations).toEqual([]);
  });

  it("integer transaction ids give the same verdicts as model values", async () => {
    const text = readFileSync(KVSTORE, "utf8").replace("MODULE KVStore", "MODULE Ints");
    const spec = put(dir, "Ints.tla", text);
    const cfg = put(dir, "Ints.cfg", readFileSync(path.join(ROOT, "specs/kvstore/KVStore.cfg"), "utf8").replace("Txns = {t1, t2}", "Txns = {1, 2}"));
    const ints = observeHistories(await explore(spec, cfg), { maxOps: 2 });
    expect(ints.transactions).toEqual(["1", "2"]);
    for (const level of ["RC", "SI"] as const) {
      const p = permissiveness(ints, level, 2);
      expect(p.violations).toEqual([]);
      expect([p.observed, p.allowed, p.observedAllowed]).toEqual([547, permissiveness(observed, level, 2).allowed, 547]);
    }
  });

  it("a transaction that retries after aborting starts its history afresh", async () => {
    // Begin may restart an aborted transaction, with its writes and conflicts cleared.
    const begin = String.raw`Begin(t) ==
    /\ status[t] \in {"idle", "aborted"}
    /\ status' = [status EXCEPT ![t] = "active"]
    /\ snap' = [snap EXCEPT ![t] = db]
    /\ writes' = [writes EXCEPT ![t] = {}]
    /\ conflicts' = [conflicts EXCEPT ![t] = {}]
    /\ UNCHANGED db`;
    const retry = await variant("Retry", (t) => t.replace(/Begin\(t\) ==[\s\S]*?(?=\n\n)/, begin));
    expect(retry.transitionCount).toBeGreaterThan(kvstore.transitionCount);
    const obs = observeHistories(retry, { maxOps: 2 });
    expect(permissiveness(obs, "SI", 2).violations).toEqual([]);
    // Retrying produces nothing new: every history is one the store produces without retries.
    expect([...obs.histories.keys()].every((k) => observed.histories.has(k))).toBe(true);
  });

  it("strict serializability is checked with each behaviour's real-time order", async () => {
    // Reads from the snapshot even after another transaction committed before this one began: stale reads.
    const stale = await variant("Stale", (t) => t.replace("/\\ snap' = [snap EXCEPT ![t] = db]", "/\\ snap' = [snap EXCEPT ![t] = [k \\in Keys |-> NoValue]]"));
    const obs = observeHistories(stale, { maxOps: 2 });
    const sser = permissiveness(obs, "SSER", 2);
    expect(sser.violations.some((v) => v.anomaly.name === "real-time-violation")).toBe(true);
    expect(sser.allowed).toBe(permissiveness(obs, "SER", 2).allowed);
    for (const l of LEVELS) expect(typeof permissiveness(obs, l, 2).ratio).toBe("number");
  });
});

const fixture = (name: string): string => path.join(ROOT, "test/fixtures/isolation-mapping", name);
const mappingOf = (name: string): HistoryMapping => JSON.parse(readFileSync(fixture(name), "utf8")) as HistoryMapping;
const inventory = await explore(fixture("Inventory.tla"), fixture("Inventory.cfg"));
const blind = await explore(fixture("Blind.tla"), fixture("Blind.cfg"));

describe("mappings of other protocols (test/fixtures/isolation-mapping)", () => {

  it("a role may be several actions (Add and Update both write), and the initial value is named (Absent)", () => {
    const mapping = mappingOf("inventory.json");
    expect(Array.isArray(mapping.write)).toBe(true);
    const obs = observeHistories(inventory, { maxOps: 2, mapping });
    // The kvstore's histories: Add and Update together are its Write, Absent its NoValue.
    expect([...obs.histories.keys()].sort()).toEqual([...observed.histories.keys()].sort());
    expect(obs.warnings?.some((w) => /initial value/.test(w))).toBe(false);
    expect(permissiveness(obs, "SI", 2)).toMatchObject({ observed: 547, observedAllowed: 547, violations: [], outsideUniverse: 0 });
    // Only Add mapped: Update's writes go unseen, and reads of them look like reads of nothing written.
    const addOnly = observeHistories(inventory, { maxOps: 2, mapping: { ...mapping, write: roleActions(mapping.write)[0]! } });
    expect(addOnly.histories.has(historyKey(h("t1: w(k1); t2: r(k1, t1) w(k1)")))).toBe(false);
    expect(obs.histories.has(historyKey(h("t1: w(k1); t2: r(k1, t1) w(k1)")))).toBe(true);
    expect(() => observeHistories(inventory, { maxOps: 2, mapping: { ...mapping, write: [...roleActions(mapping.write), { action: "Get", txn: 0, key: 1 }] } })).toThrow(/Get is mapped twice \(read and write\)/);
  });

  it("the initial value is honoured (reads of it are null), and a warning says when no read returns it", () => {
    const { initialValue: _, ...unnamed } = mappingOf("inventory.json");
    const obs = observeHistories(inventory, { maxOps: 2, mapping: unnamed });
    expect(obs.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/no read returns the initial value NoValue \(reads return Absent, t1, t2\); no write stores Absent: is that the initial value\? name it with "initialValue"/)]));
    // Reads of Absent are reads of a value nobody writes: outside the universe.
    expect(permissiveness(obs, "SI", 2).outsideUniverse).toBeGreaterThan(0);
    // The option overrides the mapping.
    const named = observeHistories(inventory, { maxOps: 2, mapping: unnamed, initialValue: "Absent" });
    expect([...named.histories.keys()].sort()).toEqual([...observed.histories.keys()].sort());
  });

  it("an integer initial value (NoValue = 0, transactions 1 and 2) reads as null", async () => {
    const spec = put(dir, "Zero.tla", readFileSync(KVSTORE, "utf8").replace("MODULE KVStore", "MODULE Zero"));
    const cfg = put(dir, "Zero.cfg", readFileSync(path.join(ROOT, "specs/kvstore/KVStore.cfg"), "utf8").replace("Txns = {t1, t2}", "Txns = {1, 2}").replace("NoValue = NoValue", "NoValue = 0"));
    const graph = await explore(spec, cfg);
    const zero = observeHistories(graph, { maxOps: 2, mapping: { ...KVSTORE_MAPPING, initialValue: "0" } });
    expect(zero.warnings?.filter((w) => /initial value/.test(w))).toEqual([]);
    expect(permissiveness(zero, "SI", 2)).toMatchObject({ observed: 547, observedAllowed: 547, violations: [], outsideUniverse: 0 });
    expect(observeHistories(graph, { maxOps: 2 }).warnings).toEqual(expect.arrayContaining([expect.stringMatching(/no read returns the initial value NoValue .*no write stores 0/)]));
  });

  it("a protocol with no read action: write-only histories, measured against the write-only histories a level allows", () => {
    const obs = observeHistories(blind, { maxOps: 2, mapping: mappingOf("blind.json") });
    expect(obs.writesOnly).toBe(true);
    for (const variants of obs.histories.values()) for (const t of variants[0]!.transactions) expect(t.ops.every((o) => o.type === "w")).toBe(true);
    // Per transaction: nothing, w(k1), w(k2), w(k1) w(k2) or w(k2) w(k1); first committer wins lets both commit in turn.
    expect(obs.histories.size).toBe(25);
    const p = permissiveness(obs, "SI", 2);
    // The universe's write-only histories: 1 + 2 + 4 sequences per transaction, all allowed.
    expect(p).toMatchObject({ writesOnly: true, observed: 25, allowed: 49, observedAllowed: 25, violations: [] });
    // With reads in the universe the same histories would be a sliver of it.
    expect(permissiveness({ ...obs, writesOnly: false }, "SI", 2).allowed).toBe(655);
  });

  it("warns when written values are not unique, and such histories fall outside the universe", () => {
    const same = observeHistories(blind, { maxOps: 2, mapping: mappingOf("blind-values.json") });
    expect(same.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/written values are not unique in \d+ of the 25 histories \(e\.g\. t1 and t2 both write a to k\d\)/)]));
    expect(permissiveness(same, "SI", 2).outsideUniverse).toBe(24);
    const own = observeHistories(blind, { maxOps: 2, mapping: mappingOf("blind.json") });
    expect(own.warnings?.filter((w) => /not unique/.test(w))).toEqual([]);
  });

  it("says how much is out of bounds (--max-ops)", async () => {
    expect(observed.outOfBounds).toEqual({ prefixes: 628, transactions: ["t1", "t2"] });
    expect(observed.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/628 behaviour prefixes commit a transaction of more than 2 operations \(t1, t2\)/)]));
    expect(observeHistories(kvstore, { maxOps: 1 }).outOfBounds!.prefixes).toBeGreaterThan(0);
    expect(observeHistories(kvstore, { maxOps: 3 }).outOfBounds!.prefixes).toBeGreaterThan(0);
    // A history variable: states and distinct histories; its initial value named too.
    const spec = put(
      dir,
      "TwoOps.tla",
      `---- MODULE TwoOps ----
EXTENDS Sequences
CONSTANTS T, K
VARIABLE hist
Init == hist = [t \\in T |-> <<>>]
Next == \\E t \\in T, k \\in K : Len(hist[t]) = 0 /\\ hist' = [hist EXCEPT ![t] = <<[op |-> "read", key |-> k, value |-> "none"], [op |-> "write", key |-> k, value |-> t]>>]
====`,
    );
    const cfg = put(dir, "TwoOps.cfg", "CONSTANTS T = {t1, t2}\n K = {k1}\nINIT Init\nNEXT Next\nCHECK_DEADLOCK FALSE\n");
    const graph = await explore(spec, cfg);
    const one = observeHistories(graph, { maxOps: 1, historyVariable: "hist", initialValue: "none" });
    expect(one.outOfBounds).toEqual({ prefixes: 3, histories: 3, transactions: ["t1", "t2"] });
    expect(one.warnings).toEqual(expect.arrayContaining([expect.stringMatching(/^3 histories out of bounds and not counted: 3 states hold a transaction of more than 1 operation /)]));
    const two = observeHistories(graph, { maxOps: 2, historyVariable: "hist", initialValue: "none" });
    expect(two.histories.has(historyKey(h("t1: r(k1, init) w(k1, t1)")))).toBe(true);
  });

  it("a DOT dump has no parameter names: the spec's (operatorParameters) let the mapping name them", async () => {
    const dump = (await readStateGraph(fixture("inventory-2x1.dot"))).graph;
    const mapping = mappingOf("inventory.json");
    expect(() => observeHistories(dump, { maxOps: 2, mapping })).toThrow(/Start has no parameter names to find "tx" .*--spec <file\.tla>/);
    const parameters = operatorParameters(readFileSync(fixture("Inventory.tla"), "utf8"));
    const fromDump = observeHistories(dump, { maxOps: 2, mapping, parameters });
    const fromSpec = observeHistories(await explore(fixture("Inventory.tla"), fixture("Inventory-2x1.cfg")), { maxOps: 2, mapping });
    expect([...fromDump.histories.keys()].sort()).toEqual([...fromSpec.histories.keys()].sort());
    expect(fromDump.histories.size).toBe(53);
  });
});
