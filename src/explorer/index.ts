/**
 * The embedded explorer: parses a spec (tree-sitter-tlaplus) and its config,
 * evaluates it and explores it breadth-first into a StateGraph, without Java.
 * Work in progress: see the README for the constructs it supports.
 *
 * @module
 */
export { exploreSpec, openSpec, parseConfig } from "./explore.js";
export type { ExplorerOutcome, ExploreSpecOptions, ModelConfig, ExplorerTraceStep, SpecStepper, SpecStep } from "./explore.js";
export { parseModule, ExplorerError } from "./syntax.js";
export type { Module, Definition, Expr } from "./syntax.js";
export { specActions, type SpecAction } from "./actions.js";
