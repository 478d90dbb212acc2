/**
 * Trace validation: implementation logs with vector clocks checked against a
 * state graph, over all orderings the clocks allow at once. Work in progress
 * (issue 7): no ShiViz output, on-the-fly exploration or sharding yet.
 *
 * @module
 */
export { readLogs, lintClocks, ANY_ACTION } from "./logs.js";
export { toShiViz } from "./shiviz.js";
export type { LogEvent, Logs, ClockProblem } from "./logs.js";
export { validateLogs } from "./search.js";
export type { Verdict, ValidateOptions, EventDiagnosis } from "./search.js";
