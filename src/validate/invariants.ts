/**
 * The config's invariants, evaluated on the states of the behaviour that
 * explains a log.
 *
 * @module
 */
import type { SpecStepper } from "../explorer/index.js";
import type { Value } from "../values/index.js";

/** Checks states (variables in the order the stepper gives them) against the config's invariants. */
export interface InvariantChecker {
  /** The config's invariants, in its order. */
  readonly names: readonly string[];
  /** The first invariant the state violates, or undefined. */
  violated(state: readonly Value[]): string | undefined;
}

/** A checker for the invariants of the config the spec was opened with (undefined when it has none). */
export function invariantsOf(stepper: SpecStepper): InvariantChecker | undefined {
  if (stepper.invariants.length === 0) return undefined;
  return { names: stepper.invariants, violated: (state) => stepper.violatedInvariant(state) };
}
