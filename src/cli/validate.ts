import type { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import { EXIT, TlabridgeError } from "../errors.js";
import { operatorParameters } from "../generate/index.js";
import path from "node:path";
import { openSpec } from "../explorer/index.js";
import { graphModel, lazyModel, lintClocks, readLogs, toShiViz, validateLogs, type ValidationModel } from "../validate/index.js";
import { writeFileAtomically } from "./files.js";
import { count, type CliIO } from "./io.js";
import { ENGINES, loadModel, type Engine } from "./model.js";
import { positiveInteger } from "./options.js";

/** `tlabridge validate <log...> --model <spec|dump>`: is what the implementation did a behaviour of the spec? */
export function validateCommand(program: Command, io: CliIO): void {
  program
    .command("validate")
    .description("check implementation logs (NDJSON with vector clocks) against the model, over every ordering the clocks allow")
    .argument("<log...>", "NDJSON log files: one object per line with host, clock, event (and optional args, state)")
    .requiredOption("--model <spec.tla|dump>", "the model: a spec to explore, or a TLC dump")
    .option("--config <file.cfg>", "with a spec: the model's config")
    .option("--engine <engine>", `with a spec: ${ENGINES.join(", ")}`, "auto")
    .option("--lib <dir>", "with a spec: a folder of modules, searched after the spec's folder and before TLA_PATH (repeatable)", (dir: string, dirs: string[]) => [...dirs, dir], [] as string[])
    .option("--spec <file.tla>", "with a dump: the spec, for argument names")
    .option("--silent <actions>", "model actions that may happen between logged events, comma-separated", (v: string) => v.split(",").map((s) => s.trim()).filter(Boolean))
    .option("--max-silent <n>", "most silent steps in a row (default 3)", positiveInteger)
    .option("--timeout <seconds>", "answer unknown (exit 4) instead of searching longer", positiveInteger)
    .option("--shiviz <file>", "write the explained events (all of them, or the matched prefix) in an order the model allows, for ShiViz")
    .option("--shard <i/n>", "validate only the i-th of n shares of the runs (one run per folder of logs), for CI machines in parallel")
    .option("--json", "print verdict, events, hosts, cuts and the diagnostics as JSON")
    .addHelpText("after", "\nExit codes: 0 valid, 1 invalid, 2 bad input or clock errors, 4 unknown (timeout).")
    .action(
      async (
        files: string[],
        options: { model: string; config?: string; engine: Engine; lib: string[]; spec?: string; silent?: string[]; maxSilent?: number; timeout?: number; json?: boolean; shiviz?: string; shard?: string },
      ) => {
        if (options.shard) {
          const m = /^(\d+)\/(\d+)$/.exec(options.shard);
          if (!m || Number(m[1]) < 1 || Number(m[1]) > Number(m[2])) throw new TlabridgeError("BAD_SHARD", `--shard ${options.shard}: expected i/n with 1 <= i <= n, e.g. 2/4.`);
          // Logs in one folder are one run; runs are dealt out to shards in sorted order.
          const runs = [...new Set(files.map((f) => path.dirname(path.resolve(f))))].sort();
          const mine = new Set(runs.filter((_, k) => k % Number(m[2]) === Number(m[1]) - 1));
          files = files.filter((f) => mine.has(path.dirname(path.resolve(f))));
          if (files.length === 0) {
            io.stdout(`shard ${options.shard}: no runs to validate (${runs.length} run(s) in all)\n`);
            return;
          }
          if (mine.size > 1) throw new TlabridgeError("SHARD_MANY_RUNS", `shard ${options.shard} holds ${mine.size} runs; validate one run per command (one folder of logs).`);
        }
        const logs = await readLogs(files);
        for (const w of logs.warnings) io.stderr(`warning: ${w}\n`);
        const problems = lintClocks(logs);
        if (problems.length > 0) {
          for (const p of problems.slice(0, 20)) io.stderr(`${p.file}:${p.line}: ${p.problem}\n`);
          throw new TlabridgeError("LOG_CLOCKS", `${problems.length} clock error(s) in the logs: fix how the implementation stamps its events.`, EXIT.badInput);
        }
        // With a spec and the explorer, explore on the fly: only what the logs reach is evaluated.
        let model: ValidationModel | undefined;
        if (options.model.endsWith(".tla") && options.engine !== "tlc") {
          try {
            model = lazyModel(await openSpec({ spec: options.model, config: options.config, libraryPaths: options.lib }));
          } catch (e) {
            if (options.engine === "explorer" || !(e instanceof TlabridgeError && /^EXPLORER_(UNSUPPORTED|SYNTAX)$/.test(e.code))) throw e;
          }
        }
        model ??= graphModel(await loadModel(options.model, { config: options.config, engine: options.engine, lib: options.lib }, io));
        const spec = options.spec ?? (options.model.endsWith(".tla") ? options.model : undefined);
        const parameters = spec && existsSync(spec) ? operatorParameters(readFileSync(spec, "utf8")) : undefined;
        const started = performance.now();
        const verdict = validateLogs(model, logs, {
          silent: options.silent,
          maxSilent: options.maxSilent,
          timeoutMs: options.timeout !== undefined ? options.timeout * 1000 : undefined,
          parameters,
        });
        const seconds = (performance.now() - started) / 1000;
        if (options.shiviz && verdict.verdict !== "unknown") await writeFileAtomically(options.shiviz, toShiViz(verdict.order));
        if (options.json) {
          const { order: _order, ...shown } = verdict as typeof verdict & { order?: unknown };
          io.stdout(JSON.stringify(shown, null, 2) + "\n");
        }
        else {
          io.stdout(
            `${verdict.verdict}: ${count(verdict.events)} events from ${verdict.hosts} hosts, ${count(verdict.cuts)} consistent cuts explored in ${seconds.toFixed(2)} s (${count(model.statesKnown)} model states)\n`,
          );
          if (verdict.verdict === "invalid") {
            io.stdout(`  explained ${count(verdict.matched)} of ${count(verdict.events)} events; deepest cut: ${JSON.stringify(verdict.frontier[0])}\n`);
            for (const d of verdict.diagnoses) {
              io.stdout(`  ${d.host}'s next event ${d.event} (${d.file}:${d.line}):\n`);
              for (const r of d.reasons) io.stdout(`    - ${r}\n`);
            }
            io.stdout(`  matched prefix:\n${verdict.trace.map((t) => `    ${t}`).join("\n")}\n`);
          }
          if (verdict.verdict === "unknown") io.stdout(`  ${verdict.reason}\n`);
        }
        if (verdict.verdict === "invalid") throw new TlabridgeError("LOG_INVALID", "The logs are not a behaviour of the model: see the frontier above.", EXIT.failed);
        if (verdict.verdict === "unknown") throw new TlabridgeError("LOG_UNKNOWN", "No verdict within the timeout: raise --timeout or shorten the logs.", EXIT.unknown);
      },
    );
}
