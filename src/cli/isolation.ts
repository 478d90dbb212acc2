import type { Command } from "commander";
import { EXIT, InputError, TlabridgeError } from "../errors.js";
import {
  checkHistory,
  classifyUniverse,
  formatTransaction,
  historyToJson,
  isLevel,
  LEVEL_NAMES,
  LEVELS,
  MappingError,
  assertUniverseWithin,
  observeHistories,
  permissiveness,
  readHistory,
  universeBounds,
  universeSize,
  type ActionRole,
  type Anomaly,
  type History,
  type HistoryMapping,
  type Level,
  type ObservedHistories,
} from "../isolation/index.js";
import { jsonPosition, type JsonPath } from "../util/json-position.js";
import { count, ProgressLine, type CliIO } from "./io.js";
import { ENGINES, loadModel, type Engine } from "./model.js";
import { addInputLimitOptions, positiveInteger } from "./options.js";
import { readInputText } from "../util/input.js";
import { checkJsonShape, limitError, positionInText, ShapeLimitError } from "../util/limits.js";
import { operatorParameters, readText } from "../generate/spec-info.js";
import { permissivenessSection } from "../report/index.js";
import { checkOutputFile } from "../util/output.js";
import { HTML_HELP, writeHtmlReport } from "./report.js";
import { counted } from "../util/plural.js";

/** Histories a universe may have before `isolation universe` refuses (minutes of work). */
const UNIVERSE_LIMIT = 50_000_000;

function levelOption(levels: readonly Level[]) {
  return (text: string): Level => {
    const upper = text.toUpperCase();
    if (!isLevel(upper) || !levels.includes(upper)) throw new TlabridgeError("BAD_LEVEL", `--level ${text}: expected one of ${levels.join(", ")}.`);
    return upper;
  };
}

const seconds = (since: number): string => ((performance.now() - since) / 1000).toFixed(2);

/** `tlabridge isolation universe|check`: the universe of histories within bounds, and recorded histories checked. */
export function isolationCommand(program: Command, io: CliIO): void {
  const isolation = program.command("isolation").description("isolation levels: classify every history within bounds, or check a recorded history");
  isolation
    .command("universe")
    .description("count the histories within bounds that each isolation level allows (each write stores its transaction's id)")
    .requiredOption("--txns <n>", "transactions", positiveInteger)
    .requiredOption("--keys <n>", "keys", positiveInteger)
    .requiredOption("--max-ops <n>", "most operations per transaction", positiveInteger)
    .option("--json", "print {counts: {level: number}, total} as JSON")
    .addHelpText("after", "\nExample:\n  $ tlabridge isolation universe --txns 2 --keys 2 --max-ops 2")
    .action((options: { txns: number; keys: number; maxOps: number; json?: boolean }) => {
      const bounds = universeBounds(options.txns, options.keys, options.maxOps);
      const size = universeSize(bounds);
      if (size > UNIVERSE_LIMIT)
        throw new TlabridgeError("UNIVERSE_TOO_LARGE", `${counted(options.txns, "transaction")} x ${counted(options.keys, "key")} x ${counted(options.maxOps, "operation")} make ${count(size)} histories, more than ${count(UNIVERSE_LIMIT)}: lower a bound.`);
      const started = performance.now();
      const progress = new ProgressLine(io);
      const { counts, total } = classifyUniverse(bounds, (done) => progress.update(`classifying: ${count(done)} of ${count(size)} histories`));
      progress.clear();
      if (options.json) {
        io.stdout(JSON.stringify({ counts, total }, null, 2) + "\n");
        return;
      }
      const lines = [`${counted(options.txns, "transaction")} x ${counted(options.keys, "key")} x at most ${counted(options.maxOps, "operation")}: ${count(total)} histories, classified in ${seconds(started)} s`];
      for (const l of LEVELS) lines.push(`  ${l.padEnd(5)} ${count(counts[l]).padStart(12)}  ${((100 * counts[l]) / total).toFixed(1).padStart(5)}%  ${LEVEL_NAMES[l]}`);
      io.stdout(lines.join("\n") + "\n");
    });

  isolation
    .command("check")
    .description("check a recorded history against an isolation level and name the anomaly it shows")
    .argument("<history.json>", 'a list of transactions {"id", "ops": [["r", k, v], ["w", k, v], ...], "status"?, "session"?, "start"?, "end"?} (or {"transactions": [...], "versionOrder": {k: [v, ...]}}), or an Elle history')
    .requiredOption("--level <level>", LEVELS.join(", "), levelOption(LEVELS))
    .option("--json", "print the verdict, and the anomaly with its witness, as JSON")
    .addHelpText("after", "\nExit codes: 0 the level holds, 1 it does not (the anomaly is printed), 2 bad input.\n\nExample:\n  $ tlabridge isolation check history.json --level SER")
    .action(async (file: string, options: { level: Level; json?: boolean }) => {
      const started = performance.now();
      const history = await readHistory(file);
      const outcome = checkHistory(history, options.level);
      const time = seconds(started);
      if (options.json) {
        const { kind, ...rest } = outcome;
        io.stdout(JSON.stringify({ valid: kind === "pass", ...rest }, null, 2) + "\n");
      } else if (outcome.kind === "pass") {
        const partial = outcome.complete ? "" : ` among the dependencies the history fixes (the version order of ${counted(outcome.partialKeys.length, "key")} is not recorded: ${outcome.partialKeys.slice(0, 5).join(", ")}${outcome.partialKeys.length > 5 ? ", ..." : ""})`;
        io.stdout(`${file}: ${counted(outcome.transactions, "transaction")} ${outcome.transactions === 1 ? "satisfies" : "satisfy"} ${options.level} (${LEVEL_NAMES[options.level]})${partial}; ${outcome.method}, ${time} s\n`);
      } else {
        io.stdout(`${file}: ${counted(outcome.transactions, "transaction")} ${outcome.transactions === 1 ? "does" : "do"} not satisfy ${options.level} (${LEVEL_NAMES[options.level]}); ${outcome.method}, ${time} s\n${formatAnomaly(outcome.anomaly, "  ")}`);
      }
      if (outcome.kind === "fail") throw new TlabridgeError("ISOLATION_VIOLATION", `The history violates ${options.level}: ${outcome.anomaly.name}; its witness is printed.`, EXIT.failed);
    });
  // The input limits (line length, bytes, elements, depth) for the history and the mapping.
  addInputLimitOptions(isolation.commands.find((c) => c.name() === "check")!);
}

/** `tlabridge permissiveness <spec|dump> --level L`: what a protocol produces against what the level allows. */
export function permissivenessCommand(program: Command, io: CliIO): void {
  const levels = LEVELS.filter((l) => l !== "RU");
  program
    .command("permissiveness")
    .description("compare the histories a transaction protocol produces with every history an isolation level allows within the same bounds")
    .argument("<spec.tla|dump>", "the protocol: a spec to explore, or a TLC dump of its state graph")
    .requiredOption("--level <level>", levels.join(", "), levelOption(levels))
    .option("--max-ops <n>", "most operations per transaction (default 2)", positiveInteger)
    .option("--mapping <file.json>", 'which actions begin, read, write, commit and abort (a role may be a list of actions; "read" may be left out), e.g. {"read": {"action": "Read", "txn": "t", "key": "k", "value": "v"}, ...}; default: the kvstore spec\'s Begin, Read, Write, Commit, Abort')
    .option("--history-var <name>", "read histories from this state variable (transaction -> sequence of [op, key, value]) instead of from actions")
    .option("--spec <file.tla>", "with a dump: the spec, for its actions' parameter names (a TLC dump gives arguments by position), so the mapping may name them")
    .option("--initial-value <name>", "the value unwritten keys hold, read as the initial value (default: the mapping's initialValue, else NoValue)")
    .option("--config <file.cfg>", "with a spec: the model's config")
    .option("--engine <engine>", `with a spec: ${ENGINES.join(", ")}`, "auto")
    .option("--lib <dir>", "with a spec: a folder of modules, searched after the spec's folder and before TLA_PATH (repeatable)", (dir: string, dirs: string[]) => [...dirs, dir], [] as string[])
    .option("--html <file.html>", `${HTML_HELP}: a chart of the allowed histories produced, never produced (by anomaly) and forbidden`)
    .option("--json", "print level, observed, allowed, observedAllowed, ratio and violations as JSON")
    .addHelpText("after", "\nExit codes: 0 sound at the level, 1 the protocol produces histories the level forbids (witnesses printed), 2 bad input.\n\nExample:\n  $ tlabridge permissiveness specs/kvstore/KVStore.tla --level SI")
    .action(async (input: string, options: { level: Level; maxOps?: number; mapping?: string; historyVar?: string; spec?: string; initialValue?: string; config?: string; engine: Engine; lib: string[]; json?: boolean; html?: string }) => {
      if (options.html) await checkOutputFile(options.html);
      const started = performance.now();
      const maxOps = options.maxOps ?? 2;
      const mapping = options.mapping ? await readMapping(options.mapping) : undefined;
      // Parameter names from the spec: --spec, or the input when it is one (TLC's graphs have none).
      const specFile = options.spec ?? (input.endsWith(".tla") ? input : undefined);
      const parameters = specFile ? operatorParameters(await readText(specFile, "spec (--spec)")) : undefined;
      const graph = await loadModel(input, { engine: options.engine, config: options.config, lib: options.lib }, io);
      const progress = new ProgressLine(io);
      let observed: ObservedHistories;
      try {
        observed = observeHistories(graph, {
          maxOps,
          mapping,
          parameters,
          initialValue: options.initialValue,
          historyVariable: options.historyVar,
          universeLimit: UNIVERSE_LIMIT,
          onProgress: (n) => progress.update(`reading histories: ${count(n)} behaviour prefixes`),
        });
      } catch (e) {
        // Say which file's mapping does not fit the protocol.
        if (e instanceof MappingError && options.mapping) throw new MappingError(`${options.mapping}: ${e.message}`);
        throw e;
      }
      const bounds = { transactions: observed.transactions, keys: observed.keys, maxOps };
      assertUniverseWithin(bounds, UNIVERSE_LIMIT);
      const size = universeSize(bounds);
      const result = permissiveness(observed, options.level, maxOps, (done) => progress.update(`classifying the universe: ${count(done)} of ${count(size)} histories`));
      progress.clear();
      const warnings = [...(observed.warnings ?? [])];
      if (result.outsideUniverse > 0)
        warnings.push(
          `${count(result.outsideUniverse)} of the ${count(result.observed)} histories produced are outside the universe they are measured against (its writes store their transaction's id; its reads return the initial value or a transaction's id): they count as produced, never as allowed and produced; map each write's value to its transaction (leave "value" out) to measure them.`,
        );
      for (const w of warnings) io.stderr(`warning: ${w}\n`);
      if (options.html) await writeHtmlReport(options.html, `${input}: permissiveness at ${options.level}`, [permissivenessSection(result, input)]);
      if (options.json) {
        const { level, observed: o, allowed, observedAllowed, ratio, violations } = result;
        io.stdout(
          JSON.stringify(
            { level, observed: o, allowed, observedAllowed, ratio, violations: violations.map((v) => ({ history: historyToJson(v.history).transactions, ...anomalyJson(v.anomaly) })) },
            null,
            2,
          ) + "\n",
        );
      } else {
        const b = result.bounds;
        const only = result.writesOnly ? "write-only " : "";
        const lines = [
          `${input}: ${counted(result.observed, `distinct ${only}history`, `distinct ${only}histories`)} produced (${counted(b.transactions.length, "transaction")}, ${counted(b.keys.length, "key")}, at most ${counted(maxOps, "operation")} each; ${counted(observed.explored, "behaviour prefix", "behaviour prefixes")}), ${seconds(started)} s`,
          ...(result.writesOnly ? ["no read action: histories have only writes, so they are measured against the write-only histories the level allows (which sets of writes commit together); reads' anomalies are not measured"] : []),
          `${options.level} (${LEVEL_NAMES[options.level]}): produces ${count(result.observedAllowed)} of the ${count(result.allowed)} ${only}histories it allows: ${(100 * result.ratio).toFixed(1)}%`,
        ];
        if (result.violations.length === 0) lines.push(`sound: every history produced satisfies ${options.level}`);
        else {
          lines.push(`UNSOUND: ${counted(result.violations.length, "history", "histories")} produced ${result.violations.length === 1 ? "violates" : "violate"} ${options.level}:`);
          for (const v of result.violations.slice(0, 10)) lines.push(formatAnomaly(v.anomaly, "  ").trimEnd(), ...historyLines(v.history, "      history: "));
          if (result.violations.length > 10) lines.push(`  ... and ${result.violations.length - 10} more (--json lists them all)`);
        }
        const never = result.allowed - result.observedAllowed;
        if (never > 0) {
          lines.push(`never produced: ${counted(never, `allowed ${only}history`, `allowed ${only}histories`)}, by the anomaly ${never === 1 ? "it shows" : "they show"}:`);
          for (const g of result.neverProduced) lines.push(`  ${count(g.count).padStart(7)}  ${g.anomaly.padEnd(26)} e.g. ${historyLines(g.example, "").join("; ")}`);
        }
        io.stdout(lines.join("\n") + "\n");
      }
      if (result.violations.length > 0)
        throw new TlabridgeError("PERMISSIVENESS_UNSOUND", `The protocol produces ${result.violations.length} histories that ${options.level} forbids; their witnesses are printed.`, EXIT.failed);
    });
  // The input limits for the dump, the mapping and the spec.
  addInputLimitOptions(program.commands.find((c) => c.name() === "permissiveness")!);
}

function historyLines(h: History, prefix: string): string[] {
  const txns = h.transactions.filter((t) => t.status === "committed" && t.ops.length > 0);
  return txns.length === 0 ? [`${prefix}(no transaction)`] : txns.map((t, i) => (i === 0 ? prefix : " ".repeat(prefix.length)) + formatTransaction(t));
}

function formatAnomaly(a: Anomaly, indent: string): string {
  const lines = [`${indent}${a.name} (${a.phenomenon}, forbidden from ${a.forbiddenFrom}): ${a.description}`, `${indent}  witness:`];
  for (const t of a.witness.transactions) lines.push(`${indent}    ${formatTransaction(t)}`);
  return lines.join("\n") + "\n";
}

function anomalyJson(a: Anomaly): object {
  return { anomaly: a.name, phenomenon: a.phenomenon, description: a.description, witness: { transactions: a.witness.transactions.map((t) => ({ id: t.id, ops: t.ops.map((o) => [o.type, o.key, o.value]) })), dependencies: a.witness.dependencies } };
}

/** Reads and checks a `--mapping` file. */
export async function readMapping(file: string): Promise<HistoryMapping> {
  // Through the input layer: a regular file (a FIFO is refused, not waited on), text, within the limits.
  const { text } = await readInputText(file, { noun: "a JSON mapping", codePrefix: "MAPPING", pathHint: " given to --mapping" });
  let json: unknown;
  try {
    checkJsonShape(text);
    json = JSON.parse(text);
  } catch (e) {
    if (e instanceof ShapeLimitError) throw limitError(e.kind, { file, ...positionInText(text, e.offset) }, e.limit);
    throw new InputError("MAPPING_SYNTAX", { file, ...jsonPosition(text) }, `expected a JSON mapping (${(e as Error).message.replace(/ in JSON at position \d+.*$/, "")})`);
  }
  // Paths are shown as read.key or write[1].action, and pointed at in the file.
  const fail = (parts: JsonPath, problem: string): never => {
    const shown = parts.length === 0 ? "mapping" : parts.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
    // A missing field is pointed at in the object that lacks it.
    throw new InputError("MAPPING_FORMAT", { file, ...jsonPosition(text, problem.startsWith("missing") ? parts.slice(0, -1) : parts) }, `${shown}: ${problem}`);
  };
  if (typeof json !== "object" || json === null || Array.isArray(json)) return fail([], 'expected an object with "write" and "commit" (and optional "read", "begin", "abort", "initialValue")');
  const m = json as Record<string, unknown>;
  const known = ["begin", "read", "write", "commit", "abort", "initialValue"];
  for (const f of Object.keys(m)) if (!known.includes(f)) fail([f], `unknown field (expected ${known.join(", ")})`);
  const example: Record<string, string> = {
    begin: '{"action": "Begin", "txn": 0}',
    read: '{"action": "Read", "txn": 0, "key": 1, "value": 2}',
    write: '{"action": "Write", "txn": 0, "key": 1}',
    commit: '{"action": "Commit", "txn": 0, "result": 1, "ok": "ok"}',
    abort: '{"action": "Abort", "txn": 0}',
  };
  const one = (name: string, r: unknown, at: JsonPath): ActionRole => {
    if (typeof r !== "object" || r === null || Array.isArray(r)) return fail(at, `expected {"action": ..., "txn": ...}${at.length === 1 ? " or a list of them" : ""}, e.g. ${example[name]}`);
    const o = r as Record<string, unknown>;
    if (typeof o.action !== "string") fail([...at, "action"], "expected the action's name");
    for (const f of ["txn", "key", "value", "result"])
      if (o[f] !== undefined && typeof o[f] !== "string" && !(Number.isInteger(o[f]) && (o[f] as number) >= 0)) fail([...at, f], "expected an argument position (0, 1, ...) or parameter name");
    if (o.txn === undefined) fail([...at, "txn"], "missing: which argument is the transaction");
    if (name === "read" && o.value === undefined) fail([...at, "value"], "missing: which argument is the value read");
    if ((name === "read" || name === "write") && o.key === undefined) fail([...at, "key"], "missing: which argument is the key");
    if (o.ok !== undefined && typeof o.ok !== "string") fail([...at, "ok"], "expected the result value that means success");
    return o as unknown as ActionRole;
  };
  // A role: one action, or a list of them (Add, Update and Remove all write).
  const role = (name: string, required: boolean): HistoryMapping["write"] | undefined => {
    const r = m[name];
    if (r === undefined) return required ? fail([name], `missing: name the action that plays ${name}, e.g. ${example[name]}`) : undefined;
    if (!Array.isArray(r)) return one(name, r, [name]);
    if (r.length === 0) return fail([name], `expected at least one action, e.g. [${example[name]}]`);
    return r.map((x, i) => one(name, x, [name, i]));
  };
  const read = role("read", false);
  const write = role("write", true)!;
  const commit = role("commit", true)!;
  const initial = m.initialValue;
  if (initial !== undefined && typeof initial !== "string" && !Number.isInteger(initial)) fail(["initialValue"], "expected the name of the value unwritten keys hold, e.g. NoValue (or an integer, e.g. 0)");
  return { begin: role("begin", false), read, write, commit, abort: role("abort", false), initialValue: initial === undefined ? undefined : String(initial) };
}
