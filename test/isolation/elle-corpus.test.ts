/**
 * Elle's own test histories (transcribed in test/fixtures/elle/cases.json)
 * against tlabridge's checkers: per case and level, tlabridge's verdict must
 * be Elle's, except where test/fixtures/elle/disagreements.json documents why
 * the two legitimately differ, or records a known tlabridge bug (reported with
 * `it.fails`: it turns red once the bug is fixed, to prompt removing it).
 */
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { checkHistory, LEVELS, parseHistory, type Level } from "../../src/isolation/index.js";

type Verdict = "valid" | "invalid";
interface ElleCase {
  readonly name: string;
  readonly source: string;
  readonly workload: "list-append" | "rw-register";
  readonly history: unknown[];
  readonly expected: Record<Level, Verdict>;
  readonly anomalies?: string[];
  readonly note?: string;
}
interface Entry {
  readonly tlabridge: Verdict;
  readonly cells: readonly { readonly case: string; readonly levels: readonly Level[] }[];
}
interface Disagreement extends Entry {
  readonly reason: string;
  readonly reference: string;
}
interface KnownBug extends Entry {
  readonly bug: string;
}

const fixture = (f: string): string => readFileSync(new URL(`../fixtures/elle/${f}`, import.meta.url), "utf8");
const cases = JSON.parse(fixture("cases.json")) as ElleCase[];
const { disagreements, knownBugs } = JSON.parse(fixture("disagreements.json")) as { disagreements: Disagreement[]; knownBugs: KnownBug[] };

/** tlabridge's verdict, or the error it raised (a history it refuses to read or check). */
function verdict(c: ElleCase, level: Level): Verdict | `error: ${string}` {
  try {
    return checkHistory(parseHistory(JSON.stringify(c.history), `${c.name}.json`), level).kind === "pass" ? "valid" : "invalid";
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

const cellKey = (name: string, level: Level): string => `${name} @ ${level}`;
const listed = new Map<string, { kind: "disagreement"; entry: Disagreement } | { kind: "known-bug"; entry: KnownBug }>();
for (const [kind, entries] of [["disagreement", disagreements], ["known-bug", knownBugs]] as const)
  for (const entry of entries)
    for (const cell of entry.cells)
      for (const level of cell.levels) {
        const key = cellKey(cell.case, level);
        if (listed.has(key)) throw new Error(`${key} is listed twice in disagreements.json`);
        listed.set(key, kind === "disagreement" ? { kind, entry: entry as Disagreement } : { kind, entry: entry as KnownBug });
      }

const tally = { agree: 0, documented: 0, knownBugs: 0 };

describe("Elle's test histories (test/fixtures/elle)", () => {
  it("the corpus is well formed, and every listed cell names a case and level of it", () => {
    expect(cases.length).toBeGreaterThanOrEqual(60);
    const names = new Set(cases.map((c) => c.name));
    expect(names.size).toBe(cases.length);
    for (const c of cases) expect(Object.keys(c.expected).sort()).toEqual([...LEVELS].sort());
    for (const key of listed.keys()) expect(names.has(key.split(" @ ")[0]!), key).toBe(true);
    for (const d of disagreements) {
      expect(d.reason.length, "a disagreement needs its reason").toBeGreaterThan(40);
      expect(d.reference.length, "and a reference").toBeGreaterThan(10);
    }
  });

  for (const c of cases) {
    const plain = LEVELS.filter((l) => listed.get(cellKey(c.name, l))?.kind !== "known-bug");
    it(`${c.name} (${c.workload}; ${c.source})`, () => {
      for (const level of plain) {
        const got = verdict(c, level);
        const d = listed.get(cellKey(c.name, level));
        if (d?.kind === "disagreement") {
          // A documented disagreement: tlabridge gives its own verdict, not Elle's.
          expect(got, `${cellKey(c.name, level)}: documented disagreement (${d.entry.reason.split(":")[0]}); Elle says ${c.expected[level]}`).toBe(d.entry.tlabridge);
          expect(d.entry.tlabridge).not.toBe(c.expected[level]);
        } else expect(got, `${cellKey(c.name, level)}: Elle says ${c.expected[level]} (anomalies: ${c.anomalies?.join(", ") || "none"})`).toBe(c.expected[level]);
      }
    });
    for (const level of LEVELS.filter((l) => !plain.includes(l))) {
      const bug = listed.get(cellKey(c.name, level))!.entry as KnownBug;
      // Passes while the bug is there; fails once tlabridge gives the right verdict: then drop the cell from knownBugs.
      it.fails(`known bug, ${cellKey(c.name, level)}: tlabridge should say ${bug.tlabridge} (${bug.bug.split(":")[0]}) — remove from knownBugs once this fails`, () => {
        expect(verdict(c, level)).toBe(bug.tlabridge);
      });
    }
  }

  // The summary: what each cell is today (counted when the file is collected).
  for (const c of cases)
    for (const level of LEVELS) {
      const kind = listed.get(cellKey(c.name, level))?.kind;
      if (kind === "known-bug") tally.knownBugs++;
      else if (kind === "disagreement") tally.documented++;
      else tally.agree++;
    }
  afterAll(() => {
    console.log(`${cases.length} cases × ${LEVELS.length} levels: ${tally.agree} agree, ${tally.documented} documented disagreements, ${tally.knownBugs} known bugs`);
  });
});
