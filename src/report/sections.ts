/**
 * Builds report sections from what the commands computed: a state graph
 * and its cover, a test run's summary, a validation verdict with its logs,
 * a permissiveness result.
 *
 * @module
 */
import type { Cover } from "../cover/index.js";
import { graphStats, stronglyConnectedComponents, type StateGraph } from "../graph/index.js";
import { formatTransaction, LEVEL_NAMES, type History, type Level, type Permissiveness } from "../isolation/index.js";
import type { FailureGroup, RunSummary } from "../runtime/reporter.js";
import type { LogEvent, Logs, Verdict } from "../validate/index.js";
import { printValue } from "../values/index.js";
import type { GraphSection, PermissivenessSection, ReportDifference, ReportEvent, ReportFailure, TestSection, ValidationSection } from "./data.js";

/** Graphs with more states than this are summarized instead of drawn (a layout of more is slow and unreadable). */
export const MAX_DRAWN_STATES = 500;
/** Nor drawn past this many transitions. */
export const MAX_DRAWN_TRANSITIONS = 3000;
/** Cover paths listed in a report. */
export const MAX_PATHS = 2000;
/** Longest text kept for one state or value (a huge state would swamp the page). */
const MAX_TEXT = 4000;

const clip = (text: string): string => (text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + " …" : text);

/** Options for {@link graphSection}. */
export interface GraphSectionOptions {
  /** Draw up to this many states (default {@link MAX_DRAWN_STATES}). */
  readonly maxDrawnStates?: number;
}

/** The graph section: the graph drawn (small) or summarized (large), with the cover's paths. */
export function graphSection(graph: StateGraph, source: string, cover?: Cover, options: GraphSectionOptions = {}): GraphSection {
  const { core } = graph;
  const actions = graph.actions.map((a) => clip(`${a.name}(${a.args.map((v, i) => (a.argNames?.[i] !== undefined ? `${a.argNames[i]}: ` : "") + printValue(v)).join(", ")})`));
  const stats = graphStats(graph);
  const drawn = core.stateCount <= (options.maxDrawnStates ?? MAX_DRAWN_STATES) && core.transitionCount <= MAX_DRAWN_TRANSITIONS;
  const initial = new Set(graph.initialStates);
  const nodes = drawn
    ? Array.from({ length: core.stateCount }, (_, id) => ({
        id,
        initial: initial.has(id),
        text: clip(graph.variables.map((name, slot) => `${name} = ${printValue(graph.valueOf(id, slot))}`).join("\n")),
      }))
    : undefined;
  const edges = drawn ? Array.from({ length: core.transitionCount }, (_, t) => [core.source[t]!, core.target[t]!, core.action[t]!] as const) : undefined;
  return {
    kind: "graph",
    source,
    stateCount: core.stateCount,
    transitionCount: core.transitionCount,
    variables: graph.variables,
    actions,
    actionCounts: Object.entries(stats.actions).map(([name, count]) => ({ name, count })),
    layout: drawn ? "drawn" : "summary",
    ...(nodes ? { nodes } : {}),
    ...(edges ? { edges } : {}),
    components: components(graph),
    initialStates: graph.initialStates,
    ...(cover ? { cover: coverOf(graph, cover) } : {}),
  };
}

/** The number of components and the 20 largest (most states, then most inner transitions, then smallest state). */
function components(graph: StateGraph): GraphSection["components"] {
  const { core } = graph;
  const { count, componentOf } = stronglyConnectedComponents(core);
  const states = new Float64Array(count);
  const inner = new Float64Array(count);
  const example = new Int32Array(count).fill(-1);
  for (let s = 0; s < core.stateCount; s++) {
    const c = componentOf[s]!;
    states[c]!++;
    if (example[c] === -1) example[c] = s;
  }
  for (let t = 0; t < core.transitionCount; t++) if (componentOf[core.source[t]!] === componentOf[core.target[t]!]) inner[componentOf[core.source[t]!]!]!++;
  const order = Array.from({ length: count }, (_, c) => c).sort((a, b) => states[b]! - states[a]! || inner[b]! - inner[a]! || example[a]! - example[b]!);
  return { count, largest: order.slice(0, 20).map((c) => ({ states: states[c]!, transitions: inner[c]!, example: example[c]! })) };
}

function coverOf(graph: StateGraph, cover: Cover): NonNullable<GraphSection["cover"]> {
  const { core } = graph;
  return {
    criterion: cover.criterion,
    lowerBound: cover.lowerBound,
    covered: cover.covered,
    total: cover.total,
    steps: cover.steps,
    pathCount: cover.paths.length,
    paths: cover.paths.slice(0, MAX_PATHS).map((p, i) => ({
      id: i + 1,
      states: [p.initialState, ...p.transitions.map((t) => core.target[t]!)],
      transitions: [...p.transitions],
      actions: p.transitions.map((t) => core.action[t]!),
    })),
  };
}

/** A difference line of a step failure: `name.path: expected A, actual B`. */
const VALUE_DIFFERENCE = /^(.+?): expected (.*), actual (.*)$/;

/**
 * A failure group laid out: the message of its shortest failure (the
 * runtime's StepFailure format: a head line, indented differences, then
 * `steps:` with the failing step marked `>`) split into its parts.
 */
export function failureOf(group: FailureGroup): ReportFailure {
  const lines = group.shortest.message.split("\n");
  const head = lines[0] ?? "";
  const differences: ReportDifference[] = [];
  const steps: { text: string; failing: boolean }[] = [];
  const other: string[] = [];
  let inSteps = false;
  for (const line of lines.slice(1)) {
    if (/^ {2}steps:/.test(line)) {
      inSteps = true;
      continue;
    }
    // The listing: `      1  Begin(t: t2)`, `    * 3  Begin(t: t1)` (the actor's steps), `  > * 6  Read(...)` (the failing one).
    const step = inSteps ? /^ {2}([> ]) ([* ]) +(\S+) {2}(.*)$/.exec(line) : null;
    if (step) {
      steps.push({ text: `${step[2] === "*" ? "* " : "  "}${step[3]!.padStart(3)}  ${step[4]!}`, failing: step[1] === ">" });
      continue;
    }
    inSteps = false;
    if (/^ {2}\S/.test(line)) {
      const text = line.slice(2);
      const m = VALUE_DIFFERENCE.exec(text);
      differences.push(m ? { text, what: m[1]!, expected: m[2]!, actual: m[3]! } : { text });
    } else other.push(line);
  }
  return {
    signature: group.signature,
    count: group.count,
    test: group.shortest.test,
    ...(group.shortest.pathId !== undefined ? { pathId: group.shortest.pathId } : {}),
    ...(group.shortest.pathLength !== undefined ? { pathLength: group.shortest.pathLength } : {}),
    ...(group.shortest.step !== undefined ? { step: group.shortest.step } : {}),
    head,
    differences,
    steps,
    other,
    pathIds: group.pathIds,
  };
}

/** The test section: a run's counts and each failure group's shortest path. */
export function testSection(summary: RunSummary, suite: string): TestSection {
  return { kind: "test", suite, passed: summary.passed, failed: summary.failed, failures: summary.groups.map(failureOf) };
}

const json = (v: unknown): string => (v === undefined ? "" : clip(JSON.stringify(v)));

/**
 * The validation section: each host's events on a lane, placed by the
 * longest chain of events before them (so causes stand left of effects), the
 * matched prefix, the events the model could not explain and what follows.
 */
export function validationSection(logs: Logs, verdict: Verdict, model: string): ValidationSection {
  const hosts = logs.hosts;
  const frontier: Record<string, number> = {};
  const explained = "frontier" in verdict ? (verdict.frontier[0] ?? {}) : undefined;
  for (const h of hosts) frontier[h] = explained ? (Object.hasOwn(explained, h) ? explained[h]! : 0) : (logs.byHost.get(h)?.length ?? 0);
  const order = new Map<LogEvent, number>();
  verdict.verdict !== "unknown" && verdict.order.forEach((e, i) => order.set(e, i + 1));
  if (verdict.verdict === "violates") {
    // Explained up to the event after which the invariant fails; the rest was never reached.
    for (const h of hosts) frontier[h] = 0;
    for (const e of verdict.order) frontier[e.host] = Math.max(frontier[e.host]!, indexOf(logs, e));
  }
  const reasons = new Map<string, readonly string[]>();
  if (verdict.verdict === "invalid") for (const d of verdict.diagnoses) reasons.set(d.host, d.reasons);
  // Columns: 1 + the longest chain before the event (own predecessor, and each other host's event the clock has seen).
  const column = new Map<string, number[]>();
  for (const h of hosts) column.set(h, []);
  const arrows: [string, number, string, number][] = [];
  const pending = hosts.map((h) => ({ host: h, next: 0, list: logs.byHost.get(h) ?? [] }));
  let placed = 0;
  const total = pending.reduce((n, p) => n + p.list.length, 0);
  // Clocks were checked acyclic before validation, so each round places at least one event.
  while (placed < total) {
    let progress = false;
    for (const p of pending) {
      while (p.next < p.list.length) {
        const e = p.list[p.next]!;
        let col = p.next > 0 ? column.get(p.host)![p.next - 1]! : 0;
        let ready = true;
        for (const [g, n] of Object.entries(e.clock)) {
          if (g === p.host || n <= 0 || !column.has(g)) continue;
          const seen = column.get(g)!;
          if (seen.length < n) {
            ready = false;
            break;
          }
          col = Math.max(col, seen[n - 1]!);
        }
        if (!ready) break;
        column.get(p.host)!.push(col + 1);
        // Arrows only for what the event heard directly: news the own predecessor lacked, and that no other such news carried already.
        const before = p.next > 0 ? p.list[p.next - 1]!.clock : {};
        const heard = Object.entries(e.clock).filter(([g, n]) => g !== p.host && column.has(g) && n > 0 && n > (Object.hasOwn(before, g) ? before[g]! : 0));
        const clockOf = (g: string, n: number) => logs.byHost.get(g)?.[n - 1]?.clock ?? {};
        for (const [g, n] of heard) {
          const carried = heard.some(([h, m]) => h !== g && Object.hasOwn(clockOf(h, m), g) && clockOf(h, m)[g]! >= n);
          if (!carried) arrows.push([g, n, p.host, p.next + 1]);
        }
        p.next++;
        placed++;
        progress = true;
      }
    }
    if (!progress) break;
  }
  const lanes = hosts.map((h) => {
    const list = logs.byHost.get(h) ?? [];
    const cols = column.get(h)!;
    const done = frontier[h]!;
    return {
      host: h,
      events: list.map((e, i): ReportEvent => {
        const violating = verdict.verdict === "violates" && verdict.event === e;
        const status = violating ? "violating" : i < done ? "matched" : i === done && verdict.verdict === "invalid" ? "unexplained" : "pending";
        return {
          host: h,
          index: i + 1,
          event: clip(e.event),
          args: json(e.args),
          state: json(e.state),
          source: `${e.file}:${e.line}`,
          clock: json(e.clock),
          column: cols[i] ?? cols.length + 1,
          status,
          reasons: status === "unexplained" ? (reasons.get(h) ?? []) : [],
          ...(order.has(e) ? { order: order.get(e)! } : {}),
        };
      }),
    };
  });
  const note = verdict.verdict === "violates" ? `invariant ${verdict.invariant} is violated` : verdict.verdict === "unknown" ? verdict.reason : undefined;
  return {
    kind: "validation",
    verdict: verdict.verdict,
    model,
    events: verdict.events,
    matched: "matched" in verdict ? verdict.matched : verdict.order.length,
    cuts: verdict.cuts,
    hosts,
    lanes,
    arrows,
    frontier,
    trace: "trace" in verdict ? verdict.trace : [],
    ...(note !== undefined ? { note } : {}),
  };
}

function indexOf(logs: Logs, e: LogEvent): number {
  return (logs.byHost.get(e.host) ?? []).indexOf(e) + 1;
}

function historyText(h: History): string {
  const txns = h.transactions.filter((t) => t.status === "committed" && t.ops.length > 0);
  return txns.length === 0 ? "(no transaction)" : txns.map(formatTransaction).join("; ");
}

/** The permissiveness section: produced against allowed, the never-produced groups and the violations by anomaly. */
export function permissivenessSection(result: Permissiveness, source: string): PermissivenessSection {
  const violations = new Map<string, { count: number; example: string }>();
  for (const v of result.violations) {
    const g = violations.get(v.anomaly.name);
    if (g) g.count++;
    else violations.set(v.anomaly.name, { count: 1, example: historyText(v.history) });
  }
  const b = result.bounds;
  return {
    kind: "permissiveness",
    source,
    level: result.level,
    levelName: LEVEL_NAMES[result.level as Level],
    observed: result.observed,
    allowed: result.allowed,
    observedAllowed: result.observedAllowed,
    ratio: result.ratio,
    bounds: `${b.transactions.length} transactions, ${b.keys.length} keys, at most ${b.maxOps} operations each${result.writesOnly ? " (write-only histories)" : ""}`,
    neverProduced: result.neverProduced.map((g) => ({ anomaly: g.anomaly, count: g.count, example: historyText(g.example) })),
    violations: [...violations].map(([anomaly, g]) => ({ anomaly, ...g })).sort((a, b) => b.count - a.count || (a.anomaly < b.anomaly ? -1 : 1)),
  };
}
