/**
 * PostgreSQL as a system under test: a throwaway cluster for a run (initdb
 * into a temporary folder, a Unix socket only, stopped and removed after it,
 * also on Ctrl-C), started as an unprivileged user when tlabridge runs as root.
 *
 * @module
 */
export { startCluster, serverUnavailable, findServerBinaries, clusterEnv, clusterFromEnv, CLUSTER_ENV } from "./cluster.js";
export type { Cluster, ClusterAddress } from "./cluster.js";
export { recordHistory, recordAndCheck, formatRecorded, POSTGRES_LEVELS, POSTGRES_LEVEL_SHORT } from "./record.js";
export type { PostgresLevel, RecordOptions, RecordedHistory, RecordedVerdicts } from "./record.js";
export { enumerateSchedules, formatSchedule, runSchedules, postgresPermissiveness, formatPostgresPermissiveness, scheduleCounts, serializableAborts, MEASURED_LEVELS } from "./schedules.js";
export type { Schedule, ProgramStep, ScheduleOutcome, ScheduleRun, ScheduleOptions, ScanKind, ScheduleCounts, SerializableAborts, PostgresRow, PostgresPermissiveness, PermissivenessOptions } from "./schedules.js";
