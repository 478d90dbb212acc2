import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHistory, historyKey, universeBounds, universeSize, type Level } from "../../src/isolation/index.js";
import { h } from "../helpers/histories.js";
import { enumerateSchedules, postgresPermissiveness, serverUnavailable, startCluster, type Cluster, type PostgresPermissiveness, type PostgresRow } from "../../src/postgres/index.js";

const why = serverUnavailable();

describe("enumerateSchedules", () => {
  it("every pair of programs of 0..2 operations over r/w k1/k2, every interleaving of their steps and commits", () => {
    // Programs: 1 + 4 + 16 = 21; a pair of sizes a, b has C(a+b+2, a+1) interleavings.
    const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n - 1, k - 1) * n) / k);
    const count = (a: number): number => 4 ** a;
    let expected = 0;
    for (let a = 0; a <= 2; a++) for (let b = 0; b <= 2; b++) expected += count(a) * count(b) * choose(a + b + 2, a + 1);
    const all = enumerateSchedules(2);
    expect(all.length).toBe(expected);
    expect(enumerateSchedules(2, 1).length).toBe(6496);
    for (const s of all) {
      expect(s.order.filter((t) => t === 0).length).toBe(s.programs[0].length + 1);
      expect(s.order.filter((t) => t === 1).length).toBe(s.programs[1].length + 1);
    }
    expect(new Set(all.map((s) => JSON.stringify(s))).size).toBe(all.length);
  });
});

describe.skipIf(!!why)(`PostgreSQL's permissiveness, 2 transactions x 2 keys x 2 operations${why ? ` (skipped: ${why})` : ""}`, () => {
  let cluster: Cluster;
  let p: PostgresPermissiveness;
  const row = (label: string): PostgresRow => p.rows.find((r) => r.label === label)!;
  const vs = (label: string, level: Level) => row(label).results.find((x) => x.level === level)!;
  const produced = (label: string, text: string): boolean => p.runs.find((r) => r.level === row(label).postgres)!.observed.histories.has(historyKey(h(text)));

  beforeAll(async () => {
    cluster = startCluster();
    p = await postgresPermissiveness(cluster, { maxOps: 2, workers: 3 });
  }, 300_000);
  afterAll(() => cluster?.stop());

  it("runs every schedule at every level, and reads nothing but the initial value or a committed write", () => {
    expect(p.rows.map((r) => r.label)).toEqual(["RC", "RR", "SER"]);
    for (const r of p.rows) expect(r.counts.schedules).toBe(enumerateSchedules(2).length);
    for (const run of p.runs) for (const o of run.outcomes) for (const t of o.history.transactions) for (const op of t.ops) if (op.type === "r") expect([null, "t1", "t2"]).toContain(op.value);
    // Every produced history is within the universe's bounds (and the bounds are the universe's).
    expect(universeSize(vs("SER", "SER").bounds)).toBe(universeSize(universeBounds(2, 2, 2)));
  });

  it("SERIALIZABLE produces only serializable histories, and every one of them (serial schedules never abort)", () => {
    for (const x of row("SER").results) expect(x.violations).toEqual([]);
    const ser = vs("SER", "SER");
    expect(ser.observedAllowed).toBe(ser.observed);
    expect(ser.ratio).toBe(1);
  });

  it("REPEATABLE READ is snapshot isolation: nothing SI forbids, all of SI's histories; its SER violations are write skews", () => {
    expect(vs("RR", "SI").violations).toEqual([]);
    expect(vs("RR", "SI").ratio).toBe(1);
    const ser = vs("RR", "SER").violations;
    expect(ser.length).toBeGreaterThan(0);
    for (const v of ser) expect(v.anomaly.name).toBe("write-skew");
    expect(produced("RR", "t1: r(k1, init) w(k2); t2: r(k2, init) w(k1)")).toBe(true);
    // First-updater-wins: no lost update.
    expect(produced("RR", "t1: r(k1, init) w(k1); t2: r(k1, init) w(k1)")).toBe(false);
  });

  it("SERIALIZABLE refuses of SI's histories exactly the write skews", () => {
    const si = vs("SER", "SI");
    expect(si.ratio).toBeLessThan(1);
    expect(si.neverProduced.map((g) => g.anomaly)).toEqual(["write-skew"]);
    expect(produced("SER", "t1: r(k1, init) w(k2); t2: r(k2, init) w(k1)")).toBe(false);
  });

  it("READ COMMITTED is sound for RC, produces lost updates SI forbids and fractured reads RA forbids, and never reads backwards", () => {
    expect(vs("RC", "RC").violations).toEqual([]);
    const si = vs("RC", "SI").violations;
    expect(si.length).toBeGreaterThan(0);
    // Reads of one transaction straddling another's commit are fractured reads, forbidden from RA (Bailis et al.).
    for (const v of si) expect(["RA", "SI"]).toContain(v.anomaly.forbiddenFrom);
    expect(si.some((v) => v.anomaly.forbiddenFrom === "SI")).toBe(true);
    expect(produced("RC", "t1: r(k1, init) w(k1); t2: r(k1, init) w(k1)")).toBe(true);
    expect(produced("RC", "t1: r(k1, init) r(k2, t2); t2: w(k1) w(k2)")).toBe(true);
    // Each statement reads the latest committed version: never t2's write and then the initial value.
    expect(produced("RC", "t1: r(k1, t2) r(k1, init); t2: w(k1)")).toBe(false);
    expect(vs("RC", "RC").ratio).toBeLessThan(1);
    // What RC allows and PostgreSQL never produces: reading backwards (named by the stronger level each breaks).
    for (const g of vs("RC", "RC").neverProduced) expect(["fractured-read", "non-repeatable-read"]).toContain(g.anomaly);
  });

  it("blocking: only writes of a row the other transaction wrote wait; serial schedules never block or abort", () => {
    for (const run of p.runs) {
      run.outcomes.forEach((o, i) => {
        const s = run.schedules[i]!;
        const serial = s.order.every((t, j) => j === 0 || t === s.order[j - 1] || s.order.slice(j).every((u) => u === t));
        if (serial) {
          expect(o.blocked).toBe(false);
          expect(o.committed).toEqual([true, true]);
        }
        const w = s.programs.map((prog) => new Set(prog.filter((x) => x.type === "w").map((x) => x.key)));
        if (![...w[0]!].some((k) => w[1]!.has(k))) expect(o.blocked).toBe(false);
      });
    }
    // RC never fails serialization; only deadlocks abort there.
    expect(Object.keys(row("RC").counts.abortsByCode).filter((c) => c !== "40P01")).toEqual([]);
  });

  it("SSI aborts every schedule REPEATABLE READ commits with a non-serializable history", () => {
    const a = row("SER").serializableAborts!;
    expect(a.needed).toBeGreaterThan(0);
    expect(a.aborted).toBe(a.alsoAbortedAtRR + a.needed + a.unnecessary);
    const [rr, ser] = [p.runs[1]!, p.runs[2]!];
    rr.outcomes.forEach((o, i) => {
      if (o.committed[0] && o.committed[1] && checkHistory(o.history, "SER").kind === "fail") expect(ser.outcomes[i]!.committed).not.toEqual([true, true]);
    });
  });
});
