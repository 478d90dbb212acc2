import type { Command } from "commander";
import { readStateGraph } from "../dump/index.js";
import { graphStats } from "../graph/index.js";
import { count, ProgressLine, type CliIO } from "./io.js";
import { addInputLimitOptions } from "./options.js";
import { counted } from "../util/plural.js";

const FORMAT_NAMES = {
  dot: "TLC state graph (-dump dot)",
  plain: "TLC state list (-dump)",
  "trace-json": "TLC trace (-dumpTrace json)",
} as const;

/** `tlabridge graph <file> [--json]`: reads a dump and prints the graph's statistics. */
export function graphCommand(program: Command, io: CliIO): void {
  addInputLimitOptions(
    program
      .command("graph")
      .description("read a TLC dump (DOT, plain or trace JSON; gzipped or not) and print the state graph's statistics")
      .argument("<file>", "TLC output: -dump dot,actionlabels <file>, -dump <file> or -dumpTrace json <file>")
      .option("--json", "print the statistics as JSON: states, transitions, distinctTransitions, initialStates, selfLoops, actions, variables, stronglyConnectedComponents")
  )
    .addHelpText(
      "after",
      `
Examples:
  $ tlabridge graph specs/kvstore/kvstore-2x2.dot
  $ tlabridge graph model.dot.gz --json`,
    )
    .action(async (file: string, options: { json?: boolean }) => {
      const started = performance.now();
      const progress = new ProgressLine(io);
      const result = await readStateGraph(file, {
        onWarning: (message) => io.stderr(`warning: ${message}\n`),
        onProgress: (p) =>
          progress.update(`reading ${file}: ${Math.floor((100 * p.bytesRead) / Math.max(p.totalBytes, 1))}% (${count(p.lines)} lines)`),
      }).finally(() => progress.clear());
      const stats = graphStats(result.graph);
      if (options.json) {
        io.stdout(JSON.stringify(stats, null, 2) + "\n");
        return;
      }
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const actions = Object.entries(stats.actions)
        .map(([name, n]) => `${name === "" ? "(unlabelled)" : name} ${count(n)}`)
        .join(", ");
      io.stdout(
        [
          `${file}: ${FORMAT_NAMES[result.format]}, ${counted(result.lines, "line")} read in ${seconds} s`,
          `  states        ${count(stats.states)} (${count(stats.initialStates)} initial)`,
          `  transitions   ${count(stats.transitions)} (${counted(stats.selfLoops, "self-loop")}${stats.distinctTransitions < stats.transitions ? `; ${count(stats.distinctTransitions)} distinct, the rest identical copies` : ""})`,
          `  variables     ${stats.variables.length}: ${stats.variables.join(", ")}`,
          `  components    ${count(stats.stronglyConnectedComponents)} strongly connected`,
          `  actions       ${actions || "none"}`,
          "",
        ].join("\n"),
      );
    });
}
