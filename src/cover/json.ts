import type { StateGraph } from "../graph/index.js";
import { toItf, type ItfJson } from "../values/index.js";
import type { Cover } from "./cover.js";

/** One step of a path in `paths.json`. */
export interface CoverStepJson {
  /** Transition id in the graph. */
  readonly transition: number;
  readonly action: string;
  /** Argument values as ITF JSON, in the order of the operator's parameters. */
  readonly args: readonly ItfJson[];
  /** Parameter names, when the source knew them. */
  readonly argNames?: readonly string[];
  /** State ids before and after the step. */
  readonly from: number;
  readonly to: number;
}

/** One path in `paths.json`. */
export interface CoverPathJson {
  /** 1-based path number. */
  readonly id: number;
  readonly initialState: number;
  /** TLC's fingerprint of the initial state, when known (decimal). */
  readonly initialFingerprint?: string;
  readonly steps: readonly CoverStepJson[];
}

/** What `tlabridge cover --out paths.json` writes. */
export interface CoverJson {
  readonly format: "tlabridge-cover";
  readonly version: 1;
  readonly criterion: Cover["criterion"];
  readonly lowerBound: number;
  readonly covered: number;
  readonly total: number;
  readonly steps: number;
  readonly maxSteps: number | null;
  readonly paths: readonly CoverPathJson[];
}

/** A cover as JSON data: every step with its action, arguments and states. */
export function coverToJson(graph: StateGraph, cover: Cover): CoverJson {
  const args = graph.actions.map((a) => a.args.map(toItf));
  return {
    format: "tlabridge-cover",
    version: 1,
    criterion: cover.criterion,
    lowerBound: cover.lowerBound,
    covered: cover.covered,
    total: cover.total,
    steps: cover.steps,
    maxSteps: cover.maxSteps ?? null,
    paths: cover.paths.map((p, i) => {
      const fingerprint = graph.state(p.initialState).fingerprint;
      return {
        id: i + 1,
        initialState: p.initialState,
        ...(fingerprint !== undefined ? { initialFingerprint: fingerprint.toString() } : {}),
        steps: p.transitions.map((t) => {
          const actionId = graph.core.action[t]!;
          const action = graph.actions[actionId]!;
          return {
            transition: t,
            action: action.name,
            args: args[actionId]!,
            ...(action.argNames ? { argNames: action.argNames } : {}),
            from: graph.core.source[t]!,
            to: graph.core.target[t]!,
          };
        }),
      };
    }),
  };
}
