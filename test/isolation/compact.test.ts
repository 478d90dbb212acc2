import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compactOf, PairTable } from "../../src/isolation/compact.js";
import { checkHistory, LEVELS, parseHistory, readHistory } from "../../src/isolation/index.js";
import { ROOT } from "../helpers/fixtures.js";
import { h } from "../helpers/histories.js";
import { workspace } from "../helpers/workspace.js";

const dir = workspace("isolation-compact");

describe("the compact history", () => {
  it("read line by line, gives the transactions and verdicts the full reader gives", async () => {
    for (const [workload, store] of [["list-append", "si"], ["rw-register", "si"], ["list-append", "ser"]] as const) {
      const file = path.join(dir, `${workload}-${store}.ndjson`);
      execFileSync(process.execPath, [path.join(ROOT, "scripts/elle-history.mjs"), "--workload", workload, "--store", store, "--txns", "400", "--seed", "3", "--out", file]);
      const lines = readFileSync(file, "utf8").trim().split("\n");
      // The same operations as one JSON list: read by the full reader, into objects.
      const full = parseHistory(`[${lines.join(",")}]`, "h.json");
      for (const level of LEVELS) expect(checkHistory(await readHistory(file), level), `${workload} ${store} ${level}`).toEqual(checkHistory(full, level));
      const compact = await readHistory(file);
      expect(compact.transactions).toEqual(full.transactions);
      expect(compact.versionOrder).toEqual(full.versionOrder);
    }
  });

  it("made from objects, hands back the history's own transactions and operations in witnesses", () => {
    const history = h("t1: r(x, init) w(y); t2: r(y, init) w(x)");
    const c = compactOf(history);
    expect(c.transaction(1)).toBe(history.transactions[1]);
    const outcome = checkHistory(history, "SER");
    expect(outcome.kind).toBe("fail");
    if (outcome.kind !== "fail") return;
    const witnessOps = outcome.anomaly.witness.transactions.flatMap((t) => t.ops);
    expect(witnessOps.length).toBeGreaterThan(0);
    for (const op of witnessOps) expect(history.transactions.some((t) => t.ops.includes(op))).toBe(true);
  });

  it("PairTable maps pairs as a Map of their text would, through growth and overwrites", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(50), fc.oneof(fc.integer({ min: -1000, max: 1000 }), fc.double({ noNaN: true })), fc.integer()), { maxLength: 3000 }), (entries) => {
        const table = new PairTable();
        const reference = new Map<string, number>();
        const text = (a: number, x: number): string => `${a}:${Object.is(x, -0) ? 0 : x}`;
        for (const [a, x, v] of entries) {
          table.set(a, x, v);
          reference.set(text(a, x), v);
        }
        for (const [a, x] of entries) expect(table.get(a, x)).toBe(reference.get(text(a, x)));
        expect(table.get(51, 0.5, -7)).toBe(-7);
      }),
      { numRuns: 60 },
    );
  });
});
