/**
 * TLA+ values: the model with TLC's equalities, hashing, interning, parsing
 * and printing in TLC's syntax, and the ITF JSON codec.
 *
 * @module
 */
export * from "./value.js";
export { ValueTable } from "./intern.js";
export { printValue, printState, printString, printActionLabel } from "./print.js";
export { parseValue, parseAssignment, parseActionLabel, ValueSyntaxError } from "./parse.js";
export type { Assignment, ActionLabel } from "./parse.js";
export { toItf, fromItf, ItfError, itfTrace, parseItfTrace, ITF_ACTION_VARIABLES, ITF_FORMAT_DESCRIPTION } from "./itf.js";
export type { ItfJson, ItfStateToWrite, ItfStepAction, ItfStateRead, ItfTraceRead } from "./itf.js";
