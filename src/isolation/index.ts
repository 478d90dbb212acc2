/**
 * Isolation: transaction histories, checkers for RU, RC, RA, SI, SER and
 * strict SER (client-centric commit tests and Adya's dependency cycles), the
 * universe of histories within bounds, and the permissiveness of a protocol
 * explored as a state graph.
 *
 * @module
 */
export { LEVELS, LEVEL_NAMES, isLevel, formatOperation, formatTransaction, effectiveTransactions } from "./history.js";
export { listKeys } from "./list-append.js";
export type { History, HistoryValue, Operation, Transaction, TransactionStatus, Level } from "./history.js";
export { satisfiedLevels, levelsOf, LEVEL_BIT, MAX_EXHAUSTIVE_TRANSACTIONS } from "./client-centric.js";
export { checkHistory, shrink, weakestFailed, ANOMALIES } from "./check.js";
export type { CheckOutcome, CheckOptions, CheckMethod, Anomaly, AnomalyName, Witness, WitnessDependency } from "./check.js";
export type { DependencyType } from "./dependency-graph.js";
export { classifyUniverse, forEachHistory, historyKey, universeBounds, universeSize } from "./universe.js";
export type { UniverseBounds, UniverseCounts } from "./universe.js";
export { assertUniverseWithin, observeHistories, historyWitnesses, KVSTORE_MAPPING, MappingError } from "./extract.js";
export type { HistoryWitness } from "./extract.js";
export type { HistoryMapping, ActionRole, ArgumentRef, ObserveOptions, ObservedHistories } from "./extract.js";
export { permissiveness } from "./permissiveness.js";
export type { Permissiveness, SoundnessViolation, RefusedGroup } from "./permissiveness.js";
export { readHistory, parseHistory, historyToJson } from "./format.js";
