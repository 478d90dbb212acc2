/**
 * Trace validation: implementation logs with vector clocks checked against a
 * state graph, over all orderings the clocks allow at once. With a spec, the model
 * is explored on the fly: only the states the logs lead to are evaluated.
 *
 * @module
 */
export { readLogs, lintClocks, ANY_ACTION } from "./logs.js";
export { toShiViz } from "./shiviz.js";
export { loadMapping, parseMapping, MappingError } from "./mapping.js";
export type { Mapping, EventRule, ActionRule, StutterRule, Condition, ValueSource, FieldPath, MappingProblem } from "./mapping.js";
export { readMappedLogs } from "./mapped-logs.js";
export type { MappedLogs, HeaderConstant } from "./mapped-logs.js";
export { configWithConstants } from "./constants.js";
export type { LogEvent, Logs, ClockProblem } from "./logs.js";
export { validateLogs } from "./search.js";
export { graphModel, lazyModel } from "./model.js";
export { invariantsOf } from "./invariants.js";
export type { InvariantChecker } from "./invariants.js";
export type { ValidationModel, ModelStep } from "./model.js";
export type { Verdict, ValidateOptions, EventDiagnosis } from "./search.js";
