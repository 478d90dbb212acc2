import { Option, type Command } from "commander";
import { outcomeError, exploreWithTlc } from "./model.js";
import { count, type CliIO } from "./io.js";
import { workersOption } from "./options.js";

/** `tlabridge explore <spec.tla>`: explores a spec's state graph with TLC. */
export function exploreCommand(program: Command, io: CliIO): void {
  program
    .command("explore")
    .description("explore a spec's state graph with TLC and print its counts (or the error trace TLC found)")
    .argument("<spec.tla>", "the TLA+ spec")
    .option("--config <file.cfg>", "the model's config (default: <spec>.cfg)")
    .addOption(new Option("--engine <engine>", "the model checker").choices(["tlc"]).default("tlc"))
    .option("--dump <out.dot>", "keep TLC's state graph (-dump dot,actionlabels) in this file")
    .option("--tlc-jar <path>", "tla2tools.jar (default: TLA2TOOLS_JAR, the TLA+ VS Code extension's jar, ./tla2tools.jar)")
    .option("--workers <n>", "TLC worker threads, or auto", workersOption, "auto")
    .option("--json", "print engine, distinctStates, statesGenerated, transitions and depth as JSON")
    .addHelpText(
      "after",
      `
TLC runs with -tool, -fp 0 (reproducible state ids) and -noGenerateSpecTE; its
state files live in a temporary folder that is removed. Exit codes: 0 explored,
1 a violation (invariant, deadlock, property, assertion: the trace is printed),
2 a parse or configuration error (TLC's file:line), 3 TLC or Java not found.

Example:
  $ tlabridge explore specs/kvstore/KVStore.tla --dump kvstore.dot`,
    )
    .action(async (spec: string, options: { config?: string; engine: string; dump?: string; tlcJar?: string; workers: number | "auto"; json?: boolean }) => {
      const started = performance.now();
      const outcome = await exploreWithTlc(spec, options, io);
      if (outcome.kind !== "success") throw outcomeError(outcome, io);
      const summary = {
        engine: options.engine,
        distinctStates: outcome.distinctStates,
        statesGenerated: outcome.statesGenerated,
        transitions: outcome.graph.transitionCount,
        depth: outcome.depth,
      };
      if (options.json) {
        io.stdout(JSON.stringify(summary, null, 2) + "\n");
        return;
      }
      io.stdout(
        [
          `${spec}: explored by TLC in ${((performance.now() - started) / 1000).toFixed(2)} s`,
          `  distinct states   ${count(summary.distinctStates)}`,
          `  states generated  ${count(summary.statesGenerated)}`,
          `  transitions       ${count(summary.transitions)}`,
          `  depth             ${count(summary.depth)}`,
          ...(options.dump ? [`  state graph       ${options.dump}`] : []),
          "",
        ].join("\n"),
      );
    });
}
