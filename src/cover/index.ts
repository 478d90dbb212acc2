/**
 * Covering a state graph with paths from its initial states: the minimum
 * number of paths for every transition or every state (proven by a minimum
 * flow over the strongly connected components), or every action name.
 *
 * @module
 */
export { coverGraph, CRITERIA } from "./cover.js";
export type { Cover, CoverPath, CoverOptions, Criterion } from "./cover.js";
export { coverToJson } from "./json.js";
export type { CoverJson, CoverPathJson, CoverStepJson } from "./json.js";
