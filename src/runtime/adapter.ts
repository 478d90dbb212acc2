import type { Value } from "../values/index.js";
import type { Plain } from "./values.js";

/** Named arguments of an action, as the implementation sees them. */
export type ActionArgs = Record<string, Plain>;

/** What a handler may return: fields compared with the model's arguments of the same name. */
export type ActionResult = Record<string, unknown> | void | undefined;

/** One handler per action of the model. */
export type ActionHandler<S> = (system: S, args: ActionArgs) => ActionResult | Promise<ActionResult>;

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
}

/** Declares an adapter; the identity, for type inference of the system type. */
export function defineAdapter<S>(adapter: Adapter<S>): Adapter<S> {
  return adapter;
}
