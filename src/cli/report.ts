import { Option, type Command } from "commander";
import { CRITERIA, coverGraph, type Criterion } from "../cover/index.js";
import { graphSection, renderReport, reportData, type ReportSection } from "../report/index.js";
import { checkOutputFile } from "../util/output.js";
import { writeFileAtomically } from "./files.js";
import { count, ProgressLine, type CliIO } from "./io.js";
import { ENGINES, loadModel, type Engine } from "./model.js";
import { addInputLimitOptions, positiveInteger } from "./options.js";

/** What `--html` adds to a command's help. */
export const HTML_HELP = "write a self-contained HTML report (works offline) to this file";

/**
 * Writes a report page of `sections` to `file` (atomically) and returns its
 * size in bytes; the commands' `--html` and `tlabridge report` share it.
 */
export async function writeHtmlReport(file: string, title: string, sections: readonly ReportSection[]): Promise<number> {
  const html = renderReport(reportData(title, sections));
  await writeFileAtomically(file, html);
  return Buffer.byteLength(html);
}

/** `tlabridge report <dump|spec.tla>`: the state graph drawn (or summarized), with a cover's paths to highlight. */
export function reportCommand(program: Command, io: CliIO): void {
  addInputLimitOptions(
    program
      .command("report")
      .description("write one self-contained HTML page (works offline) with the state graph laid out and a cover's paths to highlight; a summary of components and actions for large graphs")
      .argument("<dump|spec.tla>", "TLC output (-dump dot,actionlabels <file>, gzipped or not), or a spec to explore")
      .option("--out <file.html>", "where to write the page", "report.html")
      .addOption(new Option("--criterion <criterion>", "the cover whose paths are listed").choices(CRITERIA).default("transitions"))
      .option("--max-steps <n>", "cut the cover's paths longer than n transitions", positiveInteger)
      .option("--max-drawn-states <n>", "draw graphs of up to n states; larger ones get a summary (default 500)", positiveInteger)
      .option("--config <file.cfg>", "with a spec: the model's config (default: <spec>.cfg)")
      .addOption(new Option("--engine <engine>", "with a spec: explorer, tlc, or auto").choices(ENGINES).default("auto"))
      .option("--tlc-jar <path>", "with a spec: tla2tools.jar")
      .option("--lib <dir>", "with a spec: a folder of modules (repeatable)", (dir: string, dirs: string[]) => [...dirs, dir], [] as string[])
      .option("--json", "print out, bytes, layout, states, transitions and paths as JSON"),
  )
    .addHelpText(
      "after",
      `
The page shows the graph laid out by dagre (bundled into the page) as SVG:
click a state for its variables, a path to highlight it. Graphs of more than
--max-drawn-states states (or 3,000 transitions) get a summary instead: the
largest strongly connected components, the actions with their counts, and
the cover's paths. The page loads nothing: open it from disk, offline.

Other commands write their own reports with --html <file>: cover (graph and
paths), test (each failure group's path, failing step and value difference),
validate (the hosts' events on a vector-clock timeline, the matched prefix
and the events that could not be explained) and permissiveness (a chart).

Examples:
  $ tlabridge report specs/kvstore/kvstore-2x2.dot --out kvstore.html
  $ tlabridge report specs/kvstore/KVStore.tla --criterion states --out kvstore.html`,
    )
    .action(
      async (
        input: string,
        options: { out: string; criterion: Criterion; maxSteps?: number; maxDrawnStates?: number; config?: string; engine: Engine; tlcJar?: string; lib: string[]; json?: boolean },
      ) => {
        await checkOutputFile(options.out);
        const graph = await loadModel(input, options, io);
        const progress = new ProgressLine(io);
        progress.update(`covering ${count(graph.transitionCount)} transitions...`);
        const cover = coverGraph(graph, { criterion: options.criterion, maxSteps: options.maxSteps });
        progress.clear();
        const section = graphSection(graph, input, cover, { maxDrawnStates: options.maxDrawnStates });
        const bytes = await writeHtmlReport(options.out, `${input}: state graph and ${cover.criterion} cover`, [section]);
        if (options.json) {
          io.stdout(JSON.stringify({ out: options.out, bytes, layout: section.layout, states: graph.stateCount, transitions: graph.transitionCount, paths: cover.paths.length }, null, 2) + "\n");
          return;
        }
        const how = section.layout === "drawn" ? "drawn" : `summarized (more than ${count(options.maxDrawnStates ?? 500)} states or 3,000 transitions)`;
        io.stdout(`${options.out}: ${count(graph.stateCount)} states and ${count(graph.transitionCount)} transitions ${how}, ${count(cover.paths.length)} ${cover.criterion} cover paths (${count(bytes)} bytes)\n`);
      },
    );
}
