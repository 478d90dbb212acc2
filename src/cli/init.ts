import { Option, type Command } from "commander";
import { INIT_LANGUAGES, scaffoldAdapter, type InitLanguage } from "../init/index.js";
import { counted } from "../util/plural.js";
import type { CliIO } from "./io.js";

/** `tlabridge init <spec.tla>`: an adapter skeleton with one handler per action of the spec. */
export function initCommand(program: Command, io: CliIO): void {
  program
    .command("init")
    .description("write an adapter skeleton for a spec: one handler per action (named by the operator's parameters), the variables for observe, the constants for setup")
    .argument("<spec.tla>", "the spec (a Toolbox MC.tla that EXTENDS or INSTANCEs the real spec works too)")
    .option("--config <file.cfg>", "the model's config, for Next (NEXT or SPECIFICATION) and the constants (default: <spec>.cfg when it exists)")
    .addOption(new Option("--lang <lang>", "ts: a TypeScript adapter; python: a Python program (NDJSON over stdin/stdout) and the TypeScript file that runs it").choices(INIT_LANGUAGES).default("ts"))
    .option("--out <file>", "the adapter module to write (the Python program goes beside it)", "adapter.ts")
    .option("--lib <dir>", "a folder of modules the spec EXTENDS or INSTANCEs (repeatable)", (v: string, acc: string[] = []) => [...acc, v])
    .option("--json", "print files, actions (name, params), variables, constants and commands as JSON")
    .addHelpText(
      "after",
      `
An existing file is never overwritten (INIT_FILE_EXISTS, exit 2).

Examples:
  $ tlabridge init specs/kvstore/KVStore.tla
  $ tlabridge init MC.tla --config MC.cfg --lang python --out test/adapter.ts`,
    )
    .action(async (spec: string, options: { config?: string; lang: InitLanguage; out: string; lib?: string[]; json?: boolean }) => {
      const result = await scaffoldAdapter({ spec, config: options.config, lang: options.lang, out: options.out, lib: options.lib });
      if (options.json) {
        io.stdout(JSON.stringify({ files: result.files, actions: result.actions, variables: result.variables, constants: result.constants, commands: result.commands }, null, 2) + "\n");
        return;
      }
      io.stdout(
        [
          `wrote ${result.files.join(" and ")}: ${counted(result.actions.length, "action handler")} (${result.actions.map((a) => (a.params.length > 0 ? `${a.name}(${a.params.join(", ")})` : a.name)).join(", ")}),`,
          `  ${counted(result.variables.length, "variable")} for observe (${result.variables.join(", ") || "none"}), ${counted(result.constants.length, "constant")} for setup (${result.constants.join(", ") || "none"})${result.config ? ` from ${result.config}` : ""}`,
          `fill in the TODOs, then generate a suite and run it:`,
          ...result.commands.map((c) => `  ${c}`),
          "",
        ].join("\n"),
      );
    });
}
