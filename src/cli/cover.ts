import { Option, type Command } from "commander";
import { CRITERIA, coverGraph, coverToJson, type Criterion } from "../cover/index.js";
import { checkOutputFile } from "../util/output.js";
import { writeFileAtomically } from "./files.js";
import { readMapping } from "./isolation.js";
import { count, ProgressLine, type CliIO } from "./io.js";
import { ENGINES, loadModel, type Engine } from "./model.js";
import { addInputLimitOptions, positiveInteger } from "./options.js";
import { HTML_HELP, writeHtmlReport } from "./report.js";
import { graphSection } from "../report/index.js";
import { counted } from "../util/plural.js";

/** `tlabridge cover <dump>`: the fewest paths from the initial states that exercise a criterion. */
export function coverCommand(program: Command, io: CliIO): void {
  addInputLimitOptions(
    program
      .command("cover")
      .description("cover the state graph with the fewest paths from its initial states, and prove the number minimal")
      .argument("<dump|spec.tla>", "TLC output (-dump dot,actionlabels <file>, gzipped or not), or a spec to explore with TLC")
      .option("--config <file.cfg>", "with a spec: the model's config (default: <spec>.cfg)")
      .addOption(new Option("--engine <engine>", "with a spec: explorer, tlc, or auto (the explorer when it supports the spec)").choices(ENGINES).default("auto"))
      .option("--tlc-jar <path>", "with a spec: tla2tools.jar (default: TLA2TOOLS_JAR, the VS Code extension's jar, ./tla2tools.jar)")
      .addOption(new Option("--criterion <criterion>", "what every path set must exercise").choices(CRITERIA).default("transitions"))
      .option("--max-ops <n>", "with --criterion histories: most operations per transaction (default 2)", positiveInteger)
      .option("--mapping <file.json>", "with --criterion histories: which actions begin, read, write, commit and abort (as for permissiveness; default: the kvstore spec's)")
      .option("--max-steps <n>", "cut paths longer than n transitions (each piece starts again from an initial state)", positiveInteger)
      .option("--out <paths.json>", "write the paths (initial state, then each transition with its action and arguments) as JSON")
      .option("--html <file.html>", `${HTML_HELP}: the graph (or its summary) and the paths`)
      .option("--json", "print criterion, paths, steps, covered, total and lowerBound as JSON")
  )
    .addHelpText(
      "after",
      `
Paths start at an initial state and may end anywhere; self-loops and parallel
transitions are distinct transitions. For transitions and states the number of
paths equals a lower bound (a minimum flow over the strongly connected
components), so no cover has fewer.

Examples:
  $ tlabridge cover specs/kvstore/kvstore-2x2.dot
  $ tlabridge cover model.dot.gz --criterion states --max-steps 20 --out paths.json`,
    )
    .action(async (dump: string, options: { criterion: Criterion; maxSteps?: number; maxOps?: number; mapping?: string; out?: string; html?: string; json?: boolean; config?: string; tlcJar?: string; engine: Engine }) => {
      // A bad --out is refused before the work, not after.
      if (options.out) await checkOutputFile(options.out);
      if (options.html) await checkOutputFile(options.html);
      const progress = new ProgressLine(io);
      const started = performance.now();
      const graph = await loadModel(dump, options, io);
      const read = performance.now();
      progress.update(`covering ${count(graph.transitionCount)} transitions...`);
      const histories = { maxOps: options.maxOps, mapping: options.mapping ? await readMapping(options.mapping) : undefined };
      const cover = coverGraph(graph, { criterion: options.criterion, maxSteps: options.maxSteps, histories });
      progress.clear();
      const covered = performance.now();
      if (options.out) await writeFileAtomically(options.out, JSON.stringify(coverToJson(graph, cover)) + "\n");
      if (options.html) await writeHtmlReport(options.html, `${dump}: ${cover.criterion} cover`, [graphSection(graph, dump, cover)]);
      if (cover.covered < cover.total) {
        io.stderr(`warning: ${count(cover.total - cover.covered)} ${cover.criterion} cannot be reached from an initial state and stay uncovered\n`);
      }
      if (options.json) {
        const { criterion, steps, lowerBound } = cover;
        io.stdout(JSON.stringify({ criterion, paths: cover.paths.length, steps, covered: cover.covered, total: cover.total, lowerBound }, null, 2) + "\n");
        return;
      }
      const minimal =
        cover.paths.length === cover.lowerBound
          ? "minimal"
          : cover.maxSteps !== undefined
            ? `more than the bound: paths cut at ${cover.maxSteps} steps`
            : "not proven minimal";
      io.stdout(
        [
          `${dump}: ${cover.criterion} cover`,
          `  paths        ${count(cover.paths.length)} (lower bound ${count(cover.lowerBound)}: ${minimal})`,
          `  steps        ${count(cover.steps)} (the graph has ${counted(graph.transitionCount, "transition")}${cover.duplicateTransitions ? `, ${count(graph.transitionCount - cover.duplicateTransitions)} distinct: identical copies count once` : ""})`,
          `  covered      ${count(cover.covered)} of ${count(cover.total)} ${cover.criterion}`,
          `  exercised    ${counted(cover.transitionsExercised, "transition")}, ${counted(cover.statesVisited, "state")}`,
          `  time         read ${((read - started) / 1000).toFixed(2)} s, cover ${((covered - read) / 1000).toFixed(2)} s`,
          ...(options.out ? [`  written      ${options.out}`] : []),
          ...(options.html ? [`  report       ${options.html}`] : []),
          "",
        ].join("\n"),
      );
    });
}
