import { Option, type Command } from "commander";
import { ENGINES, exploreCounts, type Engine } from "./model.js";
import { count, type CliIO } from "./io.js";
import { addInputLimitOptions, positiveInteger, workersOption } from "./options.js";
import { DEFAULT_MAX_MEMORY_MB } from "../explorer/explore.js";
import { checkOutputFile } from "../util/output.js";

/** `tlabridge explore <spec.tla>`: explores a spec's state graph with TLC. */
export function exploreCommand(program: Command, io: CliIO): void {
  program
    .command("explore")
    .description("explore a spec's state graph (embedded explorer or TLC) and print its counts, or the error trace found")
    .argument("<spec.tla>", "the TLA+ spec")
    .option("--config <file.cfg>", "the model's config (default: <spec>.cfg)")
    .addOption(new Option("--engine <engine>", "explorer (built in, no Java), tlc, or auto: the explorer when it supports the spec, else TLC").choices(ENGINES).default("auto"))
    .option("--dump <out.dot>", "write the state graph in TLC's -dump dot,actionlabels format (TLC runs with -dump only then: the counts need no dump)")
    .option("--itf <file>", "on a violation, also write the error trace in ITF (Apalache's Informal Trace Format), for validate and generate")
    .option("--tlc-jar <path>", "tla2tools.jar (default: TLA2TOOLS_JAR, the TLA+ VS Code extension's jar, ./tla2tools.jar)")
    .option("--lib <dir>", "a folder of modules, searched after the spec's folder and before TLA_PATH (repeatable)", (dir: string, dirs: string[]) => [...dirs, dir], [] as string[])
    .option("--workers <n>", "TLC worker threads, or auto", workersOption, "auto")
    .option("--json", "print engine, distinctStates, statesGenerated, transitions (when counted) and depth (and unchecked properties) as JSON; a violation as JSON too, its trace in ITF under itf")
    .option("--max-states <n>", "the explorer stops (exit 4) after more distinct states than this", positiveInteger)
    .option("--max-seconds <s>", "the explorer stops (exit 4) after this many seconds", positiveInteger)
    .option("--max-memory <MB>", `the explorer stops (exit 4) when it uses more memory than this (default ${DEFAULT_MAX_MEMORY_MB})`, positiveInteger)
    .addHelpText(
      "after",
      `
The explorer evaluates the spec in-process and agrees with TLC on states,
transitions, action names and arguments; for constructs it does not support
it names the construct and its location. TLC runs with -tool, -fp 0 (reproducible state ids) and -noGenerateSpecTE; its
state files live in a temporary folder that is removed. TLC writes its state
graph (-dump) only with --dump: without it TLC gives the counts of states but
not of transitions, and a large model's dump (gigabytes) is never written.

On a violation, --itf <file> writes the error trace in ITF (Apalache's
Informal Trace Format: {"#meta", "vars", "states": [{"#meta": {"index",
"action"}, var: value}], "loop"}), which validate reads as a log and generate
turns into a test; --json prints it under "itf".

The explorer checks INVARIANTs, ASSUMEs, and PROPERTIES that are []P (P a
state predicate: on every state), [][A]_v (on every step) or a state
predicate (on the initial states); other temporal properties (liveness) are
listed as not checked. It prints its progress every few seconds when a run
takes long, and stops at --max-states, --max-seconds or --max-memory, or on
Ctrl-C, printing how far it got.

Exit codes: 0 explored, 1 a violation (invariant, deadlock, property,
assumption, assertion: the trace is printed), 2 a parse or configuration error
(TLC's file:line), 3 TLC or Java not found, 4 the explorer stopped at a bound
(130 on Ctrl-C, 143 on SIGTERM).

Example:
  $ tlabridge explore specs/kvstore/KVStore.tla --dump kvstore.dot`,
    )
    .action(async (spec: string, options: { config?: string; engine: Engine; dump?: string; itf?: string; tlcJar?: string; lib: string[]; workers: number | "auto"; json?: boolean; maxStates?: number; maxSeconds?: number; maxMemory?: number }) => {
      const started = performance.now();
      // Before exploring, which can take long: a --dump path that cannot be written is refused now.
      if (options.dump) await checkOutputFile(options.dump);
      if (options.itf) await checkOutputFile(options.itf);
      const outcome = await exploreCounts(spec, options, io);
      if (options.itf) io.stderr(`note: no violation found, so there is no error trace to write to ${options.itf}\n`);
      const summary = {
        engine: outcome.engine,
        distinctStates: outcome.distinctStates,
        statesGenerated: outcome.statesGenerated,
        ...(outcome.graph !== undefined ? { transitions: outcome.graph.transitionCount } : {}),
        depth: outcome.depth,
        ...(outcome.unchecked.length > 0 ? { unchecked: outcome.unchecked } : {}),
      };
      if (options.json) {
        io.stdout(JSON.stringify(summary, null, 2) + "\n");
        return;
      }
      io.stdout(
        [
          `${spec}: explored by ${outcome.engine === "tlc" ? "TLC" : "the embedded explorer"} in ${((performance.now() - started) / 1000).toFixed(2)} s`,
          `  distinct states   ${count(summary.distinctStates)}`,
          `  states generated  ${count(summary.statesGenerated)}`,
          outcome.graph !== undefined ? `  transitions       ${count(outcome.graph.transitionCount)}` : `  transitions       not counted (TLC ran without -dump; --dump <file.dot> counts them)`,
          `  depth             ${count(summary.depth)}`,
          ...(outcome.unchecked.length > 0 ? [`  not checked       ${outcome.unchecked.join(", ")} (temporal properties: the explorer checks safety only; --engine tlc checks them)`] : []),
          ...(options.dump ? [`  state graph       ${options.dump}`] : []),
          "",
        ].join("\n"),
      );
    });
  addInputLimitOptions(program.commands.find((c) => c.name() === "explore")!);
}
