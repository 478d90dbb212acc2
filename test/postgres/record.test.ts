import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkHistory, readHistory, type History } from "../../src/isolation/index.js";
import { recordAndCheck, recordHistory, serverUnavailable, startCluster, type Cluster, type RecordedVerdicts } from "../../src/postgres/index.js";

const why = serverUnavailable();

describe.skipIf(!!why)(`recorded PostgreSQL histories${why ? ` (skipped: ${why})` : ""}`, () => {
  let cluster: Cluster;
  let dir: string;
  let results: RecordedVerdicts[];
  const at = (short: "RC" | "RR" | "SER"): RecordedVerdicts => results.find((r) => r.recorded.level === { RC: "READ COMMITTED", RR: "REPEATABLE READ", SER: "SERIALIZABLE" }[short])!;

  beforeAll(async () => {
    cluster = startCluster();
    dir = mkdtempSync(path.join(tmpdir(), "tlabridge-pg-test-"));
    results = await recordAndCheck(cluster, { against: ["RC", "SI", "SER"], files: (level) => path.join(dir, `${level.replace(" ", "-")}.json`) });
  }, 120_000);
  afterAll(() => {
    cluster?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("records what happened: every transaction once, unique written values, sessions, times, outcomes, the version order", () => {
    for (const { recorded: r } of results) {
      const h = r.history;
      expect(h.transactions.length).toBe(200 + 12);
      expect(r.committed + r.aborted).toBe(h.transactions.length);
      expect(new Set(h.transactions.map((t) => t.session)).size).toBe(8);
      const written = h.transactions.flatMap((t) => t.ops.filter((o) => o.type === "w").map((o) => `${o.key}=${o.value}`));
      expect(new Set(written).size).toBe(written.length);
      for (const t of h.transactions) {
        expect(t.start).toBeTypeOf("number");
        if (t.status === "committed") expect(t.end!).toBeGreaterThanOrEqual(t.start!);
        for (const o of t.ops) if (o.type === "w") expect(o.value).toBe(t.id);
      }
      // The version order: exactly the committed writes of each key.
      for (const [key, order] of Object.entries(h.versionOrder ?? {})) {
        const committed = h.transactions.filter((t) => t.status === "committed" && t.ops.some((o) => o.type === "w" && o.key === key)).map((t) => t.id);
        expect([...order].sort()).toEqual(committed.sort());
      }
      // Reads of a key nobody had written return null (the initial value).
      expect(h.transactions.some((t) => t.ops.some((o) => o.type === "r" && o.value === null))).toBe(true);
    }
  });

  it("READ COMMITTED passes RC and fails SI, naming the anomaly with its witness", () => {
    const [rc, si] = at("RC").verdicts;
    expect(rc!.kind).toBe("pass");
    expect(si!.kind).toBe("fail");
    if (si!.kind !== "fail") return;
    // A read skew straddling a commit is a fractured read, forbidden from RA (Bailis et al.); a lost update from SI.
    expect(["RA", "SI"]).toContain(si!.anomaly.forbiddenFrom);
    expect(["lost-update", "read-skew", "fractured-read", "non-repeatable-read", "G-nonadjacent"]).toContain(si!.anomaly.name);
    expect(si!.anomaly.witness.transactions.length).toBeGreaterThanOrEqual(2);
  });

  it("REPEATABLE READ passes SI and fails SER (a G2 cycle)", () => {
    const [, si, ser] = at("RR").verdicts;
    expect(si!.kind).toBe("pass");
    if (si!.kind === "pass") expect(si!.complete).toBe(true);
    expect(ser!.kind).toBe("fail");
    if (ser!.kind === "fail") expect(ser!.anomaly.phenomenon).toBe("G2-item");
  });

  it("SERIALIZABLE passes SER, with aborts", () => {
    const [, , ser] = at("SER").verdicts;
    expect(ser!.kind).toBe("pass");
    if (ser!.kind === "pass") expect(ser!.complete).toBe(true);
    expect(at("SER").recorded.abortsByCode["40001"]).toBeGreaterThan(0);
  });

  it("writes the history as tlabridge's JSON: read back, the same verdicts", async () => {
    for (const { recorded: r, verdicts } of results) {
      const back: History = await readHistory(path.join(dir, `${r.level.replace(" ", "-")}.json`));
      expect(back.transactions.length).toBe(r.history.transactions.length);
      expect(back.versionOrder).toEqual(r.history.versionOrder);
      for (const v of verdicts) expect(checkHistory(back, v.level).kind).toBe(v.kind);
    }
  });

  it("the write-skew pairs alone: a write skew at REPEATABLE READ, none committed at SERIALIZABLE", async () => {
    const rr = await recordHistory(cluster, { level: "REPEATABLE READ", transactions: 0, skewRounds: 3, table: "tlabridge_kv_skew_rr" });
    expect(rr.committed).toBe(6);
    const v = checkHistory(rr.history, "SER");
    expect(v.kind).toBe("fail");
    if (v.kind === "fail") expect(v.anomaly.name).toBe("write-skew");
    expect(checkHistory(rr.history, "SI").kind).toBe("pass");
    const ser = await recordHistory(cluster, { level: "SERIALIZABLE", transactions: 0, skewRounds: 3, table: "tlabridge_kv_skew_ser" });
    expect(ser.aborted).toBe(3); // one of each pair
    expect(checkHistory(ser.history, "SER").kind).toBe("pass");
  });
});
