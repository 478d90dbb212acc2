/**
 * What a report shows, as plain data: one section per kind (the state graph
 * with a cover, a test run's failures, a validation frontier, a
 * permissiveness breakdown). The page embeds it as JSON and draws it in the
 * browser; model text stays data throughout.
 *
 * @module
 */

/** A report: a title and its sections, in order. */
export interface ReportData {
  readonly format: "tlabridge-report";
  readonly version: 1;
  readonly title: string;
  readonly sections: readonly ReportSection[];
}

/** One section of a report. */
export type ReportSection = GraphSection | TestSection | ValidationSection | PermissivenessSection;

/** One path of a cover: its states and transitions in order, and each step's action text. */
export interface ReportPath {
  /** 1-based path number (as in `cover --out` and generated suites). */
  readonly id: number;
  /** State ids: the initial state, then the target of each step. */
  readonly states: readonly number[];
  /** Transition ids (indexes into {@link GraphSection.edges} when the graph is drawn). */
  readonly transitions: readonly number[];
  /** Action instance of each step (indexes into {@link GraphSection.actions}). */
  readonly actions: readonly number[];
}

/** A cover of the graph, for the path list. */
export interface ReportCover {
  readonly criterion: string;
  readonly lowerBound: number;
  readonly covered: number;
  readonly total: number;
  readonly steps: number;
  /** Paths shown: the first of {@link ReportCover.pathCount} (at most {@link MAX_PATHS}). */
  readonly paths: readonly ReportPath[];
  readonly pathCount: number;
}

/** A strongly connected component, for the summary of a large graph. */
export interface ReportComponent {
  /** Number of states in it. */
  readonly states: number;
  /** Transitions between its own states. */
  readonly transitions: number;
  /** One of its states (the smallest id). */
  readonly example: number;
}

/** The state graph (drawn when small enough, else summarized) and its cover. */
export interface GraphSection {
  readonly kind: "graph";
  /** The dump or spec it came from. */
  readonly source: string;
  readonly stateCount: number;
  readonly transitionCount: number;
  readonly variables: readonly string[];
  /** Action instances as text, `Name(arg, ...)`; transitions refer to them by index. */
  readonly actions: readonly string[];
  /** Transitions per action name, names ascending. */
  readonly actionCounts: readonly { readonly name: string; readonly count: number }[];
  /** "drawn": nodes and edges are given; "summary": too large to draw, components instead. */
  readonly layout: "drawn" | "summary";
  /** With "drawn": every state, its variables printed (`name = value` per line), and whether it is initial. */
  readonly nodes?: readonly { readonly id: number; readonly initial: boolean; readonly text: string }[];
  /** With "drawn": every transition as [source, target, action index]. */
  readonly edges?: readonly (readonly [number, number, number])[];
  /** Strongly connected components: how many, and the largest (at most 20). */
  readonly components: { readonly count: number; readonly largest: readonly ReportComponent[] };
  readonly initialStates: readonly number[];
  readonly cover?: ReportCover;
}

/** One difference of a failing step: what, expected and actual (or only its text when it is not a value difference). */
export interface ReportDifference {
  readonly text: string;
  readonly what?: string;
  readonly expected?: string;
  readonly actual?: string;
}

/** A group of tests that failed the same way, with its shortest path laid out. */
export interface ReportFailure {
  readonly signature: string;
  readonly count: number;
  readonly test: string;
  readonly pathId?: number;
  readonly pathLength?: number;
  /** The failing step's label (`"3"`, `"3a"`, `"setup"`), when the error carried it. */
  readonly step?: string;
  /** The message's first line: the path, the step and its action. */
  readonly head: string;
  readonly differences: readonly ReportDifference[];
  /** The path's steps as listed in the message, the failing one marked. */
  readonly steps: readonly { readonly text: string; readonly failing: boolean }[];
  /** The message's other lines (a stack, an error's text). */
  readonly other: readonly string[];
  readonly pathIds: readonly number[];
}

/** A generated suite's run: counts and the failure groups. */
export interface TestSection {
  readonly kind: "test";
  readonly suite: string;
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly ReportFailure[];
}

/** One logged event on its host's lane. */
export interface ReportEvent {
  readonly host: string;
  /** 1-based position in its host's log. */
  readonly index: number;
  readonly event: string;
  /** Arguments and state as JSON text (empty when the line had none). */
  readonly args: string;
  readonly state: string;
  readonly source: string;
  readonly clock: string;
  /** Column on the timeline: 1 + the longest chain of events it follows. */
  readonly column: number;
  /** matched: in the explained prefix; unexplained: a host's next event that no step explains; pending: after those. */
  readonly status: "matched" | "unexplained" | "pending" | "violating";
  /** Why it could not be explained (for unexplained events). */
  readonly reasons: readonly string[];
  /** Position in the explained order (matched events only). */
  readonly order?: number;
}

/** A validation verdict as a vector-clock timeline. */
export interface ValidationSection {
  readonly kind: "validation";
  readonly verdict: "valid" | "invalid" | "violates" | "unknown";
  readonly model: string;
  readonly events: number;
  readonly matched: number;
  readonly cuts: number;
  readonly hosts: readonly string[];
  readonly lanes: readonly { readonly host: string; readonly events: readonly ReportEvent[] }[];
  /** Happens-before arrows between hosts: [from host, from index, to host, to index] (each event's newest news from another host). */
  readonly arrows: readonly (readonly [string, number, string, number])[];
  /** The deepest cut: events explained per host. */
  readonly frontier: Readonly<Record<string, number>>;
  /** The explained prefix, readably. */
  readonly trace: readonly string[];
  /** The verdict's other words (an invariant, the reason for unknown). */
  readonly note?: string;
}

/** A permissiveness breakdown: the allowed histories produced or not, by anomaly. */
export interface PermissivenessSection {
  readonly kind: "permissiveness";
  readonly source: string;
  readonly level: string;
  readonly levelName: string;
  readonly observed: number;
  readonly allowed: number;
  readonly observedAllowed: number;
  readonly ratio: number;
  readonly bounds: string;
  /** Allowed but never produced, by the anomaly they show. */
  readonly neverProduced: readonly { readonly anomaly: string; readonly count: number; readonly example: string }[];
  /** Produced but forbidden, by anomaly. */
  readonly violations: readonly { readonly anomaly: string; readonly count: number; readonly example: string }[];
}
