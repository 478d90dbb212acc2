import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
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
      expect(Object.getOwnPropertyDescriptor(compact, "transactions")?.get, "read line by line").toBeDefined();
      expect(compact.transactions).toEqual(full.transactions);
      expect(compact.versionOrder).toEqual(full.versionOrder);
    }
  });

  it("an invocation whose completion failed, or that never completed, takes its operations from the invocation (parsed only then)", async () => {
    const ops = [
      { type: "invoke", f: "txn", value: [["append", 1, 1], ["r", 2, null]], process: 0, time: 0, index: 0 },
      { type: "invoke", f: "txn", value: [["append", 2, 5]], process: 1, time: 1, index: 1 },
      { type: "fail", f: "txn", value: [["append", 1, 1], ["r", 2, [9]]], process: 0, time: 2, index: 2 },
      { type: "invoke", f: "txn", value: [["r", 1, null], ["append", 1, 2]], process: 2, time: 3, index: 3 },
      { type: "ok", f: "txn", value: [["r", 1, []], ["append", 1, 2]], process: 2, time: 4, index: 4 },
      { type: "invoke", f: "txn", value: [["append", 3, 7]], process: 0, time: 5, index: 5 },
      { type: "info", f: "txn", value: [["append", 3, 7]], process: 0, time: 6, index: 6 },
    ];
    const file = path.join(dir, "unfinished.ndjson");
    writeFileSync(file, ops.map((o) => JSON.stringify(o)).join("\n") + "\n");
    const fast = await readHistory(file);
    expect(Object.getOwnPropertyDescriptor(fast, "transactions")?.get).toBeDefined();
    const full = parseHistory(JSON.stringify(ops), "h.json");
    expect(fast.transactions).toEqual(full.transactions);
    expect(fast.transactions.map((t) => [t.id, t.status, t.ops.length])).toEqual([
      ["0", "aborted", 1],
      ["3", "committed", 2],
      ["5", "unknown", 1],
      ["1", "unknown", 1],
    ]);
  });

  it("Jepsen's EDN read line by line (nemesis operations too) gives what the full EDN reader gives", async () => {
    const keyword = new Set(["invoke", "ok", "fail", "info", "txn", "r", "w", "append"]);
    const edn = (v: unknown): string => (v === null ? "nil" : Array.isArray(v) ? `[${v.map(edn).join(" ")}]` : typeof v === "string" && keyword.has(v) ? `:${v}` : JSON.stringify(v));
    for (const workload of ["list-append", "rw-register"] as const) {
      const json = path.join(dir, `${workload}-edn.ndjson`);
      execFileSync(process.execPath, [path.join(ROOT, "scripts/elle-history.mjs"), "--workload", workload, "--store", "si", "--txns", "300", "--seed", "5", "--out", json]);
      const lines = readFileSync(json, "utf8").trim().split("\n").map((l) => `{${Object.entries(JSON.parse(l) as Record<string, unknown>).map(([k, v]) => `:${k} ${edn(v)}`).join(", ")}}`);
      // A nemesis operation with what only the full reader reads (a set, a string), between client operations.
      lines.splice(7, 0, '{:type :info, :f :start-partition, :value #{"n1" "n2"}, :process :nemesis, :time 7, :index 100000}');
      const file = path.join(dir, `${workload}.edn`);
      writeFileSync(file, lines.join("\n") + "\n");
      // A vector of the same maps is not one map per line: the full reader reads it.
      const full = parseHistory(`[${lines.join("\n")}]`, "h.edn");
      const fast = await readHistory(file);
      // Read line by line into the compact form (whose transactions are made when asked for), not by the full reader.
      expect(Object.getOwnPropertyDescriptor(fast, "transactions")?.get, "read line by line").toBeDefined();
      expect(fast.transactions).toEqual(full.transactions);
      expect(fast.versionOrder).toEqual(full.versionOrder);
      for (const level of LEVELS) expect(checkHistory(await readHistory(file), level), `${workload} ${level}`).toEqual(checkHistory(full, level));
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
