import type { Command } from "commander";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { temporaryDirectorySync } from "../util/temporary.js";
import { EXIT, TlabridgeError } from "../errors.js";
import { specOperatorParameters } from "../generate/index.js";
import path from "node:path";
import { openSpec } from "../explorer/index.js";
import { configWithConstants, graphModel, lazyModel, lintClocks, loadMapping, invariantsOf, readLogs, readMappedLogs, toShiViz, validateLogs, type InvariantChecker, type Logs, type MappedLogs, type ValidationModel } from "../validate/index.js";
import { checkOutputFile } from "../util/output.js";
import { writeFileAtomically } from "./files.js";
import { count, type CliIO } from "./io.js";
import { ENGINES, loadModel, readSpecText, type Engine } from "./model.js";
import { addInputLimitOptions, positiveInteger } from "./options.js";
import { validationSection } from "../report/index.js";
import { HTML_HELP, writeHtmlReport } from "./report.js";
import { counted } from "../util/plural.js";

/** `tlabridge validate <log...> --model <spec|dump>`: is what the implementation did a behaviour of the spec? */
export function validateCommand(program: Command, io: CliIO): void {
  addInputLimitOptions(
    program
      .command("validate")
      .description("check implementation logs (NDJSON with vector clocks) against the model, over every ordering the clocks allow")
      .argument("<log...>", "NDJSON log files: one object per line with host, clock, event (and optional args, state), or any NDJSON with --mapping")
      .requiredOption("--model <spec.tla|dump>", "the model: a spec to explore, or a TLC dump")
      .option("--mapping <file.json>", "read the logs as the implementation writes them: where host and clock are, which lines are which actions (see below)")
      .option("--config <file.cfg>", "with a spec: the model's config")
      .option("--engine <engine>", `with a spec: ${ENGINES.join(", ")}`, "auto")
      .option("--lib <dir>", "with a spec: a folder of modules, searched after the spec's folder and before TLA_PATH (repeatable)", (dir: string, dirs: string[]) => [...dirs, dir], [] as string[])
      .option("--spec <file.tla>", "with a dump: the spec, for argument names")
      .option("--silent <actions>", "model actions that may happen between logged events, comma-separated", (v: string) => v.split(",").map((s) => s.trim()).filter(Boolean))
      .option("--max-silent <n>", "most silent steps in a row (default 3)", positiveInteger)
      .option("--timeout <seconds>", "answer unknown (exit 4) instead of searching longer", positiveInteger)
      .option("--max-memory <MB>", "answer unknown (exit 4) when the search's heap passes this (default 2048)", positiveInteger)
      .option("--shiviz <file>", "write the explained events (all of them, or the matched prefix) in an order the model allows, for ShiViz")
      .option("--shard <i/n>", "validate only the i-th of n shares of the runs (one run per folder of logs), for CI machines in parallel")
      .option("--html <file.html>", `${HTML_HELP}: the hosts' events on a vector-clock timeline, the matched prefix and the events not explained`)
      .option("--json", "print verdict, events, hosts, cuts and the diagnostics as JSON")
  )
    .addHelpText(
      "after",
      [
        "",
        "A mapping file (--mapping) describes logs in the implementation's own format, one file or",
        "many in any order (each host's events are ordered by its own clock entry):",
        '  {"header": {"lines": 1, "constants": {"N": "N"}},   first line of each file; N comes from it',
        '   "ignore": [{"when": {"level": "debug"}}],          lines to skip',
        '   "host": "node",                                    field path of the host (string or integer id)',
        '   "clock": "pkt.vc",                                 vector clock: object by host, or array by host id',
        '   "events": [                                        first rule whose "when" holds maps the line',
        '     {"when": {"event": "d"}, "action": "Deactivate", "args": {"i": {"path": "node"}}},',
        '     {"when": {"event": "<", "pkt.msg.type": "tok"}, "stutter": true}]}   no action: the state stays',
        'Arguments and "state" take {"path": ...} or {"value": ...}. A line no rule matches is an error',
        "with its file:line; every message names the original file:line. A bad mapping exits 2 with",
        "the mapping's line and JSON path (MAPPING_SCHEMA, MAPPING_SYNTAX).",
        "",
        "With a spec, the config's INVARIANTs are checked on every state of the behaviour that explains",
        "the logs; a violation is its own verdict (violates, exit 1) with the prefix and the line.",
        "",
        "Exit codes: 0 valid, 1 invalid or violates, 2 bad input or clock errors, 4 unknown (--timeout or --max-memory reached).",
      ].join("\n"),
    )
    .action(
      async (
        files: string[],
        options: { model: string; mapping?: string; config?: string; engine: Engine; lib: string[]; spec?: string; silent?: string[]; maxSilent?: number; timeout?: number; maxMemory?: number; json?: boolean; shiviz?: string; html?: string; shard?: string },
      ) => {
        if (options.shard) {
          const m = /^(\d+)\/(\d+)$/.exec(options.shard);
          if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new TlabridgeError("BAD_SHARD", `--shard ${options.shard}: expected i/n with 1 <= i <= n, e.g. 2/4.`);
          // Logs in one folder are one run; runs are dealt out to shards in sorted order.
          const runs = [...new Set(files.map((f) => path.dirname(path.resolve(f))))].sort();
          const mine = new Set(runs.filter((_, k) => k % Number(m[2]) === Number(m[1]) - 1));
          files = files.filter((f) => mine.has(path.dirname(path.resolve(f))));
          if (files.length === 0) {
            io.stdout(`shard ${options.shard}: no runs to validate (${counted(runs.length, "run")} in all)\n`);
            return;
          }
          if (mine.size > 1) throw new TlabridgeError("SHARD_MANY_RUNS", `shard ${options.shard} holds ${mine.size} runs; validate one run per command (one folder of logs).`);
        }
        // A bad --shiviz is refused before the work, not after.
        if (options.shiviz) await checkOutputFile(options.shiviz);
        if (options.html) await checkOutputFile(options.html);
        const reading = performance.now();
        const mapped = options.mapping !== undefined ? await readMappedLogs(files, await loadMapping(options.mapping)) : undefined;
        const logs: Logs = mapped?.logs ?? (await readLogs(files));
        for (const w of logs.warnings) io.stderr(`warning: ${w}\n`);
        // Own entries that skip or repeat come first and alone: with them, every other clock check would misfire.
        const problems = mapped !== undefined && mapped.problems.length > 0 ? mapped.problems : lintClocks(logs);
        if (problems.length > 0) {
          for (const p of problems.slice(0, 20)) io.stderr(`${p.file}:${p.line}: ${p.problem}\n`);
          throw new TlabridgeError("LOG_CLOCKS", `${counted(problems.length, "clock error")} in the logs: fix how the implementation stamps its events.`, EXIT.badInput);
        }
        if (mapped !== undefined && !options.json) io.stdout(describeMapped(mapped, files.length, options.mapping!, (performance.now() - reading) / 1000));
        const { config, cleanup } = configFor(options, mapped, io);
        // With a spec and the explorer, explore on the fly: only what the logs reach is evaluated.
        let model: ValidationModel | undefined;
        let invariants: InvariantChecker | undefined;
        try {
          if (options.model.endsWith(".tla") && options.engine !== "tlc") {
            await readSpecText(options.model, "--model"); // a folder or a binary is refused before the explorer reads it
            try {
              const stepper = await openSpec({ spec: options.model, config, libraryPaths: options.lib });
              model = lazyModel(stepper);
              // The config's invariants hold on every state of the behaviour that explains the log, or that is the verdict.
              invariants = invariantsOf(stepper);
            } catch (e) {
              if (options.engine === "explorer" || !(e instanceof TlabridgeError && /^EXPLORER_(UNSUPPORTED|SYNTAX)$/.test(e.code))) throw e;
            }
          }
          model ??= graphModel(await loadModel(options.model, { config, engine: options.engine, lib: options.lib }, io));
        } finally {
          cleanup();
        }
        const spec = options.spec ?? (options.model.endsWith(".tla") ? options.model : undefined);
        const parameters = spec !== undefined && (options.spec !== undefined || existsSync(spec)) ? await specOperatorParameters(spec, await readSpecText(spec, "--spec"), options.lib) : undefined;
        const started = performance.now();
        const verdict = validateLogs(model, logs, {
          silent: options.silent,
          maxSilent: options.maxSilent,
          timeoutMs: options.timeout !== undefined ? options.timeout * 1000 : undefined,
          maxMemoryMB: options.maxMemory,
          parameters,
          invariant: invariants?.violated,
        });
        const seconds = (performance.now() - started) / 1000;
        if (options.shiviz && verdict.verdict !== "unknown") await writeFileAtomically(options.shiviz, toShiViz(verdict.order));
        if (options.html) await writeHtmlReport(options.html, `${files.length === 1 ? files[0] : `${files.length} logs`}: ${verdict.verdict} against ${options.model}`, [validationSection(logs, verdict, options.model)]);
        if (options.json) {
          const { order: _order, ...shown } = verdict as typeof verdict & { order?: unknown };
          io.stdout(JSON.stringify(shown, null, 2) + "\n");
        }
        else {
          io.stdout(
            `${verdict.verdict}: ${counted(verdict.events, "event")} from ${counted(verdict.hosts, "host")}, ${counted(verdict.cuts, "consistent cut")} explored in ${seconds.toFixed(2)} s (${counted(model.statesKnown, "model state")})\n`,
          );
          if (verdict.verdict === "invalid") {
            io.stdout(`  explained ${count(verdict.matched)} of ${counted(verdict.events, "event")}; deepest cut: ${JSON.stringify(verdict.frontier[0])}\n`);
            for (const d of verdict.diagnoses) {
              io.stdout(`  ${d.host}'s next event ${d.event} (${d.file}:${d.line}):\n`);
              for (const r of d.reasons) io.stdout(`    - ${r}\n`);
            }
            io.stdout(`  matched prefix:\n${verdict.trace.map((t) => `    ${t}`).join("\n")}\n`);
          }
          if (verdict.verdict === "unknown") {
            io.stdout(`  ${verdict.reason}\n`);
            io.stdout(`  explained ${count(verdict.matched)} of ${counted(verdict.events, "event")} so far; deepest cut: ${JSON.stringify(verdict.frontier[0] ?? {})}\n`);
          }
          if (verdict.verdict === "violates") {
            const e = verdict.event;
            io.stdout(`  invariant ${verdict.invariant} is violated ${e ? `after ${e.host}'s ${e.event} (${e.file}:${e.line})` : "in the initial state"}\n`);
            io.stdout(`  explained prefix:\n${verdict.trace.map((t) => `    ${t}`).join("\n")}\n`);
          }
        }
        if (verdict.verdict === "violates") throw new TlabridgeError("LOG_VIOLATES", `The logs are a behaviour of the model that violates ${verdict.invariant}: see the prefix above.`, EXIT.failed);
        if (verdict.verdict === "invalid") throw new TlabridgeError("LOG_INVALID", "The logs are not a behaviour of the model: see the frontier above.", EXIT.failed);
        if (verdict.verdict === "unknown") throw new TlabridgeError("LOG_UNKNOWN", "No verdict within the bounds: raise --timeout or --max-memory, or shorten the logs.", EXIT.unknown);
      },
    );
}

/** What reading through the mapping found, on one line. */
function describeMapped(mapped: MappedLogs, files: number, mapping: string, seconds: number): string {
  let stutters = 0;
  for (const list of mapped.logs.byHost.values()) for (const e of list) if (e.stutter) stutters++;
  const constants = [...mapped.constants].map(([name, c]) => `${name} = ${JSON.stringify(c.value)}`);
  return (
    `read ${counted(mapped.logs.events, "event")} (${counted(stutters, "stutter")}) of ${counted(mapped.logs.hosts.length, "host")} from ${counted(files, "file")} through ${mapping} in ${seconds.toFixed(2)} s` +
    `${mapped.ignored > 0 ? `; ${counted(mapped.ignored, "line")} ignored` : ""}${constants.length > 0 ? `; header: ${constants.join(", ")}` : ""}\n`
  );
}

/**
 * The config to explore with: the user's (or the spec's own), with the
 * constants of the log's header assigned last, in a temporary file that
 * `cleanup` removes once the model has read it.
 */
function configFor(options: { model: string; config?: string }, mapped: MappedLogs | undefined, io: CliIO): { config: string | undefined; cleanup: () => void } {
  const none = { config: options.config, cleanup: () => {} };
  if (mapped === undefined || mapped.constants.size === 0) return none;
  if (!options.model.endsWith(".tla")) {
    io.stderr(`note: the header's constants (${[...mapped.constants.keys()].join(", ")}) are not used: the model is a dump, explored already\n`);
    return none;
  }
  const base = options.config ?? options.model.replace(/\.tla$/, ".cfg");
  let text: string;
  try {
    text = readFileSync(base, "utf8");
  } catch {
    throw new TlabridgeError("CONFIG_NOT_FOUND", `${base} does not exist or cannot be read: the header gives constants, but they need a config to join (pass --config).`);
  }
  const joined = configWithConstants(text, base, mapped.constants);
  for (const n of joined.notes) io.stderr(`note: ${n}\n`);
  // Registered: removed at exit too, should the explorer be stopped before cleanup runs.
  const dir = temporaryDirectorySync("tlabridge-validate-");
  const file = path.join(dir.path, path.basename(base));
  writeFileSync(file, joined.text);
  return { config: file, cleanup: () => dir.removeSync() };
}
