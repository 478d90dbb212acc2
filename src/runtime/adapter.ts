import type { Value } from "../values/index.js";
import type { Plain } from "./values.js";

/** Named arguments of an action, as the implementation sees them. */
export type ActionArgs = Record<string, Plain>;

/** What a handler may return: fields compared with the model's arguments of the same name. */
export type ActionResult = Record<string, unknown> | void | undefined;

/** One handler per action of the model. */
export type ActionHandler<S> = (system: S, args: ActionArgs) => ActionResult | Promise<ActionResult>;

/** How a step ended: what the handler returned, or what it threw. */
export type StepOutcome = { readonly kind: "returned"; readonly value: ActionResult } | { readonly kind: "threw"; readonly error: unknown };

/**
 * Negative steps: at states along a path, instances of these actions that the
 * model does not enable are offered to the implementation, which must refuse
 * them and stay as it was.
 */
export interface Refusals {
  /** The actions whose disabled instances are offered (default: every action of the model). */
  readonly actions?: readonly string[];
  /** Whether an outcome is the implementation refusing the step (default: the handler threw). */
  refused?(outcome: StepOutcome, action: string): boolean;
}

/**
 * How tlabridge drives an implementation: written once per implementation.
 * A fresh system is set up for every test and torn down after it.
 */
export interface Adapter<S = unknown> {
  /** A fresh system for one test; receives the model's constants. */
  setup(constants: Record<string, Plain>): S | Promise<S>;
  /** Releases a system after its test (also after a failure). */
  teardown?(system: S): void | Promise<void>;
  /** Handlers by action name. Arguments are named after the operator's parameters. */
  actions: Record<string, ActionHandler<S>>;
  /** Optional: variables of the implementation, compared with the model's after each step. */
  observe?(system: S): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Optional: how a model value becomes an implementation value (default: {@link toPlain}). */
  toImpl?(value: Value): Plain;
  /** Milliseconds a step may take before it fails (default 5000). */
  stepTimeoutMs?: number;
  /**
   * Optional: per action, the parameters the implementation answers (its
   * handler returns them) rather than takes. When absent they are inferred
   * from the graph: a parameter whose value the others always determine.
   */
  outputs?: Record<string, readonly string[]>;
  /** Optional: opt in to negative steps, and say how a refusal shows. */
  refusals?: Refusals;
  /**
   * Optional: the process or transaction a step belongs to, for failure
   * output (default: the value of its first argument).
   */
  actor?(action: string, args: ActionArgs): unknown;
}

/** Declares an adapter; the identity, for type inference of the system type. */
export function defineAdapter<S>(adapter: Adapter<S>): Adapter<S> {
  return adapter;
}
