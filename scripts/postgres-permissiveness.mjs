#!/usr/bin/env node
// PostgreSQL's own isolation, measured: starts a throwaway cluster, records a
// history from concurrent clients at each PostgreSQL level and checks it
// (SI and SER, witnesses printed), then drives every schedule of 2
// transactions x 2 keys x at most --max-ops operations through PostgreSQL at
// each level and prints its permissiveness against RC, RA, SI and SER: the
// share of the allowed histories produced and the produced histories the
// level forbids. Stops the cluster.
//
// Usage: npm run build && node scripts/postgres-permissiveness.mjs
//          [--max-ops 2] [--workers 3] [--no-seq-scan] [--no-record] [--json]
import { parseArgs } from "node:util";
import { historyToJson } from "../dist/src/isolation/index.js";
import { formatPostgresPermissiveness, formatRecorded, postgresPermissiveness, recordAndCheck, serverUnavailable, startCluster } from "../dist/src/postgres/index.js";

const { values } = parseArgs({
  options: {
    "max-ops": { type: "string", default: "2" },
    workers: { type: "string", default: "3" },
    "no-seq-scan": { type: "boolean", default: false },
    "no-record": { type: "boolean", default: false },
    json: { type: "boolean", default: false },
  },
});
const why = serverUnavailable();
if (why) {
  console.error(`postgres-permissiveness: ${why}`);
  process.exit(3);
}
const log = values.json ? () => {} : (line) => console.log(line);
const cluster = startCluster();
try {
  const t0 = performance.now();
  const recorded = values["no-record"] ? [] : await recordAndCheck(cluster);
  const recordMs = performance.now() - t0;
  if (!values.json && recorded.length > 0) {
    log(`Recorded histories (8 clients, 3 keys, 200 random transactions + 6 write-skew pairs each), ${(recordMs / 1000).toFixed(1)} s:`);
    for (const line of formatRecorded(recorded)) log(line);
    log("");
  }
  const p = await postgresPermissiveness(cluster, {
    maxOps: Number(values["max-ops"]),
    workers: Number(values.workers),
    sequentialSerializable: !values["no-seq-scan"],
    onProgress: values.json ? undefined : (done, total) => process.stderr.write(`\r${done} of ${total} schedules`),
  });
  if (!values.json) process.stderr.write("\r\x1b[K");
  if (values.json) {
    const anomaly = (a) => ({ anomaly: a.name, phenomenon: a.phenomenon, description: a.description, witness: a.witness.transactions.map((t) => ({ id: t.id, ops: t.ops.map((o) => [o.type, o.key, o.value]) })) });
    const out = {
      recorded: recorded.map(({ recorded: r, verdicts }) => ({
        level: r.level,
        transactions: r.history.transactions.length,
        committed: r.committed,
        aborted: r.aborted,
        abortsByCode: r.abortsByCode,
        ms: Math.round(r.ms),
        verdicts: verdicts.map((v) => ({ level: v.level, verdict: v.kind, ...(v.kind === "fail" && anomaly(v.anomaly)) })),
      })),
      permissiveness: {
        maxOps: p.maxOps,
        schedules: p.schedules,
        scheduleMs: Math.round(p.scheduleMs),
        classifyMs: Math.round(p.classifyMs),
        rows: p.rows.map((r) => ({
          postgres: r.label,
          counts: r.counts,
          serializableAborts: r.serializableAborts && { ...r.serializableAborts, unnecessaryExample: r.serializableAborts.unnecessaryExample && { schedule: r.serializableAborts.unnecessaryExample.schedule, history: historyToJson(r.serializableAborts.unnecessaryExample.history).transactions } },
          levels: r.results.map((x) => ({
            level: x.level,
            observed: x.observed,
            allowed: x.allowed,
            observedAllowed: x.observedAllowed,
            ratio: x.ratio,
            violations: x.violations.map((v) => ({ history: historyToJson(v.history).transactions, ...anomaly(v.anomaly) })),
            neverProduced: x.neverProduced.map((g) => ({ anomaly: g.anomaly, count: g.count, example: historyToJson(g.example).transactions })),
          })),
        })),
      },
    };
    console.log(JSON.stringify(out, null, 2));
  } else for (const line of formatPostgresPermissiveness(p)) log(line);
} finally {
  cluster.stop();
}
