/**
 * Running TLC: finding the jar and Java, running it in `-tool` mode with a
 * DOT dump, reading its messages as they arrive, and mapping its outcome.
 *
 * @module
 */
export { findTlc } from "./find.js";
export type { TlcInstallation, FindOptions } from "./find.js";
export { runTlc } from "./run.js";
export type { RunTlcOptions, TlcOutcome, TraceStep } from "./run.js";
export { ToolMessageReader, parseProgress, parseFinalCounts } from "./messages.js";
export type { ToolMessage, TlcProgress } from "./messages.js";
