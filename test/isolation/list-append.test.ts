import { describe, expect, it } from "vitest";
import { checkHistory, LEVELS, parseHistory, type CheckOutcome, type History, type Level } from "../../src/isolation/index.js";

/**
 * Elle's list-append histories, written in the language of Elle's own tests
 * (elle/list_append_test.clj): `ax1` appends 1 to x, `ry12` reads y = [1 2],
 * `rx` reads x = [] (nil). Each transaction runs on its own process, invoked
 * and completed in turn; `fail:` and `info:` before one mark how it ended.
 */
function elle(...txns: readonly string[]): History {
  const ops: unknown[] = [];
  txns.forEach((text, process) => {
    const [, status, body] = /^(?:(ok|fail|info):)?(.*)$/.exec(text)!;
    const value = mops(body!);
    // The invocation does not know what its reads will return.
    ops.push({ type: "invoke", f: "txn", value: value.map(([f, k, v]) => (f === "r" ? [f, k, null] : [f, k, v])), process, index: ops.length });
    ops.push({ type: status ?? "ok", f: "txn", value, process, index: ops.length });
  });
  return parseHistory(JSON.stringify(ops));
}

/** `ax1rx01` → [["append", "x", 1], ["r", "x", [0, 1]]]. */
function mops(text: string): [string, string, number | number[] | null][] {
  const out: [string, string, number | number[] | null][] = [];
  for (const [, f, k, digits] of text.matchAll(/([ar])([a-z])(\d*)/g))
    out.push(f === "a" ? ["append", k!, Number(digits)] : ["r", k!, [...digits!].map(Number)]);
  return out;
}

/** Elle's read-write register histories: `[["r", "x", null], ["w", "y", 1]]` per transaction. */
function register(...txns: readonly (readonly [string, string, number | null])[][]): History {
  const ops: unknown[] = [];
  txns.forEach((value, process) => {
    ops.push({ type: "invoke", f: "txn", value: value.map(([f, k, v]) => [f, k, f === "r" ? null : v]), process, index: ops.length });
    ops.push({ type: "ok", f: "txn", value, process, index: ops.length });
  });
  return parseHistory(JSON.stringify(ops));
}

/** The outcome at every level. */
function verdicts(history: History, options?: Parameters<typeof checkHistory>[2]): Record<Level, CheckOutcome> {
  return Object.fromEntries(LEVELS.map((l) => [l, checkHistory(history, l, options)])) as Record<Level, CheckOutcome>;
}

/** Passes below `from`, fails from `from` up naming `name`, as Elle's `:not` says. */
function expectForbiddenFrom(history: History, from: Level, name: string, options?: Parameters<typeof checkHistory>[2]): void {
  const all = verdicts(history, options);
  for (const level of LEVELS) {
    if (LEVELS.indexOf(level) < LEVELS.indexOf(from)) expect(all[level], level).toMatchObject({ kind: "pass", complete: true });
    else expect(all[level], level).toMatchObject({ kind: "fail" });
  }
  expect(all[from]).toMatchObject({ kind: "fail", anomaly: { name } });
}

describe("list-append histories, as Elle checks them", () => {
  it("finds an aborted append anywhere in a read list (dirty update, G1a), not only as its last element", () => {
    // Elle checker-test "dirty update / direct": :not #{:read-committed}.
    const direct = elle("fail:ax1", "ax2", "rx12");
    expectForbiddenFrom(direct, "RC", "aborted-read");
    const outcome = checkHistory(direct, "RC");
    expect(outcome.kind === "fail" && outcome.anomaly.witness.transactions.map((t) => t.id)).toEqual(["0", "4"]);
    // "dirty update / indirect": an indeterminate append between them changes nothing.
    expectForbiddenFrom(elle("fail:ax1", "info:ax2", "ax3", "rx123"), "RC", "aborted-read");
    // An indeterminate append somebody read committed: no anomaly, wherever it is in the list.
    for (const l of LEVELS) expect(checkHistory(elle("info:ax1", "ax2", "rx12"), l), l).toMatchObject({ kind: "pass", complete: true });
  });

  it("finds a read of an element the same transaction appends later (future read)", () => {
    // Elle internal-cases-test "future read internal": ax1 rx01 ax0 ax3; future-read implies G1c, :not #{:read-committed}.
    expectForbiddenFrom(elle("ax1rx01ax0ax3"), "RC", "future-read");
    // "future read external": rx012 ax1.
    expectForbiddenFrom(elle("ax0", "ax2", "rx012ax1"), "RC", "future-read");
    // A read shows the transaction's earlier appends at its end: read [1], appended 3, then read [1 2 3] (Elle expected [1 3]).
    // Elle forbids :internal from read atomic up; tlabridge's INT is forbidden at every level.
    const internal = elle("ax1", "ax2", "rx1ax3rx123");
    for (const l of LEVELS) expect(checkHistory(internal, l), l).toMatchObject({ kind: "fail", anomaly: { name: "internal" } });
    // Its own appends in order at the end of the list, after what it read before: fine.
    for (const l of LEVELS) expect(checkHistory(elle("ax1", "rx1ax2ax3rx123"), l), l).toMatchObject({ kind: "pass", complete: true });
  });

  it("orders appends no read observed after the longest read, and finds the G0 that shows (Elle unobserved-write-test)", () => {
    // w1 -ww(x)-> w2 by rx12; w2 -ww(y)-> w1 because y = [2] never shows w1's append. :not #{:read-uncommitted}.
    const history = elle("ax1ay1", "ax2ay2", "ax3ay3", "rx12", "ry2");
    for (const level of LEVELS) expect(checkHistory(history, level), level).toMatchObject({ kind: "fail", anomaly: { name: "dirty-write", phenomenon: "G0" } });
    const outcome = checkHistory(history, "RU");
    expect(outcome.kind === "fail" && outcome.anomaly.witness.dependencies.map((d) => `${d.from}-${d.type}(${d.key})->${d.to}`).sort()).toEqual(["0-ww(x)->2", "2-ww(y)->0"]);
    // The inferred order is complete: a pass on a list-append history says so, by the dependency graph.
    const fine = elle("ax1ay1", "ax2", "ax3ay3", "ay4", "rx12", "ry13");
    for (const level of LEVELS) expect(checkHistory(fine, level, { method: "dependency-graph" }), level).toMatchObject({ kind: "pass", complete: true, partialKeys: [] });
    // Reads of a key that are not prefixes of one another: incompatible order.
    expect(checkHistory(elle("ax1", "ax2", "ax3", "rx12", "rx13"), "RU")).toMatchObject({ kind: "fail", anomaly: { name: "incompatible-order" } });
  });

  it("finds an element read twice in a list (duplicate elements) at every level", () => {
    // Elle checker-test "duplicated elements": [:G1c :duplicate-elements], :not #{:read-uncommitted}.
    // Built by putting the duplicate back into a parsed [1 2] (format.ts now reads [1 2 1] as it is too).
    const parsed = elle("ax1ry1", "ax2ay1", "rx12");
    const history: History = {
      ...parsed,
      transactions: parsed.transactions.map((t) => (t.id === "4" ? { ...t, ops: [{ type: "r" as const, key: "x", value: 1, list: [1, 2, 1] }] } : t)),
    };
    for (const level of LEVELS) expect(checkHistory(history, level), level).toMatchObject({ kind: "fail", anomaly: { name: "duplicate-elements", forbiddenFrom: "RU" } });
    const outcome = checkHistory(history, "RU");
    expect(outcome.kind === "fail" && outcome.anomaly.witness.transactions).toEqual([{ id: "4", ops: [{ type: "r", key: "x", value: 1, list: [1, 2, 1] }] }]);
  });

  it("finds a fractured read whatever the order of the reads (Bailis et al.; Cerone et al.)", () => {
    const writer: [string, string, number][] = [
      ["w", "y", 1],
      ["w", "x", 2],
    ];
    const readsInitialFirst = register(writer, [
      ["r", "x", null],
      ["r", "y", 1],
    ]);
    const readsInitialLast = register(writer, [
      ["r", "y", 1],
      ["r", "x", null],
    ]);
    for (const history of [readsInitialFirst, readsInitialLast])
      for (const method of ["dependency-graph", "client-centric"] as const) expectForbiddenFrom(history, "RA", "fractured-read", { method });
    // The same with lists: r x [] beside r y [1], against append y 1, append x 2 (Elle itself reports this as G-single, from SI up).
    for (const reads of ["rxry1", "ry1rx"]) expectForbiddenFrom(elle("ay1ax2", reads), "RA", "fractured-read");
  });
});
