import { Option, type Command } from "commander";
import { CRITERIA, type Criterion } from "../cover/index.js";
import { generateSuite } from "../generate/index.js";
import { checkSuiteFolder } from "../generate/suite-folder.js";
import { readMapping } from "./isolation.js";
import { ENGINES, loadModel, type Engine } from "./model.js";
import { addInputLimitOptions, positiveInteger } from "./options.js";
import { count, type CliIO } from "./io.js";
import { counted } from "../util/plural.js";

/** `tlabridge generate <dump> --adapter <file> --out <dir>`: a vitest suite, one test per cover path. */
export function generateCommand(program: Command, io: CliIO): void {
  program
    .command("generate")
    .description("write a vitest conformance suite: one test per path of a minimal cover, driving the implementation through an adapter")
    .argument("<dump|spec.tla|traces>", "TLC output (-dump dot,actionlabels <file>, gzipped or not), a spec to explore, or ITF traces (a .itf.json file or a folder of them: one test per trace)")
    .requiredOption("--adapter <file>", "module whose default export is the adapter (defineAdapter or subprocessAdapter)")
    .requiredOption("--out <dir>", "folder to write: new, empty, or one tlabridge generated (only the files it generated there are replaced); any other is refused")
    .addOption(new Option("--criterion <criterion>", "what the paths must exercise (default: transition-pairs; transitions when the graph has over 2,000,000 pairs)").choices(CRITERIA))
    .option("--negative [actions]", "negative steps: offer the instances of these actions (comma-separated; none: all) that the model does not enable, which must be refused (default: the adapter's refusals)")
    .option("--no-negative", "no negative steps, whatever the adapter says")
    .option("--max-ops <n>", "with --criterion histories: most operations per transaction (default 2)", positiveInteger)
    .option("--mapping <file.json>", "with --criterion histories: which actions begin, read, write, commit and abort (as for permissiveness; default: the kvstore spec's)")
    .option("--max-steps <n>", "cut paths longer than n steps", positiveInteger)
    .option("--spec <file.tla>", "the spec, for action parameter names, and with ITF traces the steps' actions (default: the only .tla beside the dump or traces)")
    .option("--config <file.cfg>", "the TLC config, for the constants passed to setup (default: <spec>.cfg); with SYMMETRY, tests follow concrete behaviours")
    .addOption(new Option("--symmetry-images <which>", "with SYMMETRY: one concrete behaviour per path, or all its images under the symmetry group too").choices(["one", "all"]).default("one"))
    .option("--lib <dir>", "a folder of modules the spec EXTENDS or INSTANCEs (repeatable)", (v: string, acc: string[] = []) => [...acc, v])
    .addOption(new Option("--engine <engine>", "with a spec: explorer, tlc, or auto (the explorer when it supports the spec)").choices(ENGINES).default("auto"))
    .option("--tlc-jar <path>", "with a spec: tla2tools.jar (default: TLA2TOOLS_JAR, the VS Code extension's jar, ./tla2tools.jar)")
    .option("--json", "print tests, files, paths and steps as JSON")
    .addHelpText(
      "after",
      `
Run the suite with vitest: npx vitest run --root <dir> (add --shard=i/n to spread it).

Example:
  $ tlabridge generate specs/kvstore/kvstore-2x2.dot --adapter examples/kvstore-memory/adapter.ts --out test/conformance`,
    )
    .action(async (dump: string, options: { adapter: string; out: string; criterion?: Criterion; maxSteps?: number; spec?: string; config?: string; tlcJar?: string; engine: Engine; json?: boolean; negative?: boolean | string; lib?: string[]; maxOps?: number; mapping?: string; symmetryImages: "one" | "all" }) => {
      const started = performance.now();
      // Before any work (exploring a spec can take long): a folder that cannot take the suite is refused now.
      await checkSuiteFolder(options.out, options.adapter);
      const graph = dump.endsWith(".tla") ? await loadModel(dump, options, io) : undefined;
      const result = await generateSuite({
        graph,
        dump,
        adapter: options.adapter,
        outDir: options.out,
        criterion: options.criterion,
        maxSteps: options.maxSteps,
        histories: { maxOps: options.maxOps, mapping: options.mapping ? await readMapping(options.mapping) : undefined },
        negative: typeof options.negative === "string" ? options.negative.split(",").map((a) => a.trim()).filter(Boolean) : options.negative,
        spec: options.spec,
        config: options.config,
        lib: options.lib,
        symmetryImages: options.symmetryImages,
        tlcJar: options.tlcJar,
        onWarning: (w) => io.stderr(`warning: ${w}\n`),
      });
      if (options.json) {
        io.stdout(JSON.stringify({ criterion: result.cover.criterion, tests: result.tests, files: result.files, paths: result.paths, steps: result.steps, refusals: result.refusals }, null, 2) + "\n");
        return;
      }
      io.stdout(
        [
          `${options.out}: ${counted(result.tests, "test")} in ${counted(result.files, "file")} (${result.cover.criterion} cover of ${dump}, ${counted(result.steps, "step")}, lower bound ${count(result.cover.lowerBound)})`,
          ...(result.negative
            ? [`  negative steps: ${counted(result.refusals, "refusal")} of ${[...result.negative.outputs].map(([a, outs]) => (outs.length > 0 ? `${a} (answers ${outs.join(", ")})` : a)).join(", ")}`]
            : []),
          ...(result.symmetry ? [`  SYMMETRY: the reduced graph's paths are mapped back to concrete behaviours of the spec`] : []),
          `  spec ${result.spec ?? "(none)"}, config ${result.config ?? "(none)"}, generated in ${((performance.now() - started) / 1000).toFixed(2)} s`,
          `  run: npx vitest run --root ${options.out}`,
          "",
        ].join("\n"),
      );
    });
  addInputLimitOptions(program.commands.find((c) => c.name() === "generate")!);
}
