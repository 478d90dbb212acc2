/**
 * A vitest reporter for generated suites: at the end of a run, the failed
 * tests grouped by what failed ({@link StepFailure}'s `signature`), largest
 * group first, each with the whole message of its shortest failing path.
 * One bug that fails hundreds of paths reads as one group.
 *
 * Use it beside vitest's own: `reporters: ["default", "tlabridge/reporter"]`.
 * With `TLABRIDGE_REPORT=<file>` in the environment it also writes the
 * summary there as JSON ({@link RunSummary}).
 *
 * @module
 */
import { writeFileSync } from "node:fs";
import type { Reporter, TestModule, Vitest } from "vitest/node";

/** What a failed test's error carries, as vitest hands it over (serialized). */
export interface FailedError {
  readonly message: string;
  readonly name?: string;
  readonly signature?: unknown;
  readonly pathId?: unknown;
  readonly pathLength?: unknown;
  readonly step?: unknown;
}

/** A failed test: its full name and its first error. */
export interface FailedTest {
  readonly test: string;
  readonly error: FailedError;
}

/** Failed tests that failed the same way. */
export interface FailureGroup {
  readonly signature: string;
  readonly count: number;
  /** The failing test with the shortest path: the easiest to replay. */
  readonly shortest: {
    readonly test: string;
    readonly pathId?: number;
    readonly pathLength?: number;
    /** The failing step (`"3"`, `"3a"`, `"setup"`), when the error says. */
    readonly step?: string;
    readonly message: string;
  };
  /** Path numbers of the group's tests, ascending (tests that are not paths have none). */
  readonly pathIds: readonly number[];
}

/** A run's outcome: counts and the failure groups. */
export interface RunSummary {
  readonly passed: number;
  readonly failed: number;
  readonly groups: readonly FailureGroup[];
}

const number = (x: unknown): number | undefined => (typeof x === "number" && Number.isFinite(x) ? x : undefined);

/** What an error is about: its signature, or, for errors that are not a step's, its name and first line. */
function signatureOf(error: FailedError): string {
  if (typeof error.signature === "string" && error.signature !== "") return error.signature;
  return `${error.name ?? "Error"}: ${error.message.split("\n")[0]}`;
}

/** Groups failed tests by signature: largest group first, then by signature. */
export function groupFailures(failed: Iterable<FailedTest>): FailureGroup[] {
  const groups = new Map<string, FailedTest[]>();
  for (const f of failed) {
    const signature = signatureOf(f.error);
    const list = groups.get(signature) ?? [];
    list.push(f);
    groups.set(signature, list);
  }
  const length = (f: FailedTest): number => number(f.error.pathLength) ?? Infinity;
  return [...groups.entries()]
    .map(([signature, tests]): FailureGroup => {
      const best = tests.reduce((a, b) => (length(b) < length(a) || (length(b) === length(a) && (number(b.error.pathId) ?? Infinity) < (number(a.error.pathId) ?? Infinity)) ? b : a));
      const pathIds = tests.map((t) => number(t.error.pathId)).filter((id): id is number => id !== undefined).sort((a, b) => a - b);
      return {
        signature,
        count: tests.length,
        shortest: { test: best.test, pathId: number(best.error.pathId), pathLength: number(best.error.pathLength), step: typeof best.error.step === "string" ? best.error.step : undefined, message: best.error.message },
        pathIds,
      };
    })
    .sort((a, b) => b.count - a.count || (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0));
}

/** Path numbers listed per group before the rest is counted. */
const MAX_IDS = 20;

/** The summary's text: a line per group, then each group with its shortest failure's whole message. */
export function formatGroups(groups: readonly FailureGroup[]): string {
  const failed = groups.reduce((n, g) => n + g.count, 0);
  const out = [`tlabridge: ${failed} failed ${failed === 1 ? "test" : "tests"} in ${groups.length} ${groups.length === 1 ? "group" : "groups"} (by what failed, largest first)`];
  const width = String(groups[0]?.count ?? 0).length;
  for (const g of groups) out.push(`  ${String(g.count).padStart(width)} × ${g.signature}`);
  for (const g of groups) {
    const { pathId, pathLength } = g.shortest;
    const where = pathId === undefined ? g.shortest.test : `path ${pathId}${pathLength === undefined ? "" : `, ${pathLength} steps`}`;
    out.push("", `── ${g.signature}: ${g.count} failed; the shortest is ${where} ──`, g.shortest.message);
    if (g.pathIds.length > 1) {
      const more = g.pathIds.length > MAX_IDS ? `, … (${g.pathIds.length - MAX_IDS} more)` : "";
      out.push(`  all its paths: ${g.pathIds.slice(0, MAX_IDS).join(", ")}${more}`);
    }
  }
  return out.join("\n");
}

/** The failed tests of a run, and the modules that failed to load (a test each). */
export function summarize(modules: ReadonlyArray<TestModule>): RunSummary {
  const failed: FailedTest[] = [];
  let passed = 0;
  for (const m of modules) {
    for (const error of m.errors()) failed.push({ test: m.moduleId, error });
    for (const t of m.children.allTests()) {
      const result = t.result();
      if (result.state === "passed") passed++;
      else if (result.state === "failed") failed.push({ test: t.fullName, error: result.errors[0] ?? { message: "failed without an error" } });
    }
  }
  return { passed, failed: failed.length, groups: groupFailures(failed) };
}

/** The grouping reporter (the default export is what vitest loads). */
export default class GroupingReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    const summary = summarize(modules);
    const file = process.env.TLABRIDGE_REPORT;
    if (file) writeFileSync(file, JSON.stringify(summary, null, 2) + "\n");
    if (summary.groups.length === 0) return;
    const text = "\n" + formatGroups(summary.groups) + "\n";
    if (this.vitest) this.vitest.logger.log(text);
    else process.stdout.write(text + "\n");
  }
}
