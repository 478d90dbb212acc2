/**
 * What generated conformance tests import: the adapter contract, the step
 * runner, value matching and the subprocess adapter. The grouping vitest
 * reporter is its own entry point, `tlabridge/reporter`.
 *
 * @module
 */
export { defineAdapter } from "./adapter.js";
export type { Adapter, ActionArgs, ActionHandler, ActionResult, Refusals, StepOutcome } from "./adapter.js";
export { runPath, loadSuiteFile, adapterOf, StepFailure } from "./suite.js";
export type { SuiteFile, SuitePath, SuiteStep, SuiteAction, SuiteRefusal, FailureInfo } from "./suite.js";
export { subprocessAdapter } from "./subprocess.js";
export type { SubprocessOptions, AdapterProgram } from "./subprocess.js";
export { toPlain, toItfNames, mismatch, differences, describeDifference, expectedLike } from "./values.js";
export type { Plain, Difference } from "./values.js";
