/**
 * tlabridge's library API: TLA+ values, the StateGraph, the readers of
 * TLC's output, and the isolation checkers.
 *
 * @module
 */
export * from "./values/index.js";
export * from "./graph/index.js";
export { readStateGraph } from "./dump/index.js";
export type { DumpFormat, ReadOptions, ReadResult, ReadProgress } from "./dump/index.js";
export * from "./isolation/index.js";
export { TlabridgeError, InputError, EXIT } from "./errors.js";
export type { SourcePosition } from "./errors.js";
export { runCli } from "./cli/main.js";
export { VERSION } from "./version.js";
