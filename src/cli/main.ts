import { Command, CommanderError } from "commander";
import { EXIT, TlabridgeError } from "../errors.js";
import { coverCommand } from "./cover.js";
import { demoCommand } from "./demo.js";
import { exploreCommand } from "./explore.js";
import { generateCommand } from "./generate.js";
import { graphCommand } from "./graph.js";
import { isolationCommand, permissivenessCommand } from "./isolation.js";
import { validateCommand } from "./validate.js";
import { reportCommand } from "./report.js";
import { initCommand } from "./init.js";
import { testCommand } from "./test.js";
import { processIO, type CliIO } from "./io.js";
import { VERSION } from "../version.js";
import { outputError } from "../util/output.js";
import { setInputLimits } from "../util/limits.js";

/** Exit code for a bug in tlabridge itself (sysexits' EX_SOFTWARE). */
const EXIT_INTERNAL = 70;

/** Builds the `tlabridge` command line. */
export function buildProgram(io: CliIO): Command {
  const program = new Command("tlabridge")
    .description("Bridge TLA+ models and the systems they describe: read TLC's state graphs, cover them, test and validate implementations, check isolation levels.")
    .version(VERSION)
    .option("--verbose", "show stack traces with errors")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    // Every command starts from the default input limits; its own flags (addInputLimitOptions) then set them.
    .hook("preAction", () => setInputLimits());
  graphCommand(program, io);
  coverCommand(program, io);
  generateCommand(program, io);
  testCommand(program, io);
  exploreCommand(program, io);
  validateCommand(program, io);
  isolationCommand(program, io);
  permissivenessCommand(program, io);
  demoCommand(program, io);
  reportCommand(program, io);
  initCommand(program, io);
  return program;
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the
 * exit code; never calls `process.exit`.
 */
export async function runCli(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  const program = buildProgram(io);
  const verbose = argv.includes("--verbose");
  try {
    await program.parseAsync([...argv], { from: "user" });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // Help and version exit 0; usage errors were already printed by commander.
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (e instanceof TlabridgeError) {
      io.stderr(`${e.message} [${e.code}]\n`);
      if (verbose && e.stack) io.stderr(e.stack + "\n");
      return e.exitCode;
    }
    const file = fileError(e);
    if (file) {
      io.stderr(`${file.message} [${file.code}]\n`);
      if (verbose && e instanceof Error && e.stack) io.stderr(e.stack + "\n");
      return file.exitCode;
    }
    io.stderr(`internal error: ${e instanceof Error ? e.message : String(e)} (please report this; --verbose shows where)\n`);
    if (verbose && e instanceof Error && e.stack) io.stderr(e.stack + "\n");
    return EXIT_INTERNAL;
  }
}

/** System calls that write: their failures are about output. */
const WRITING_CALLS = new Set(["write", "mkdir", "rename", "copyfile", "symlink", "link", "unlink", "rm", "rmdir", "chmod", "mkdtemp", "ftruncate", "fsync"]);

/**
 * A file-system error no command turned into a message (an errno with the
 * call and the path): still the user's file or disk, not a bug, so exit 2
 * with what failed rather than 70.
 */
export function fileError(e: unknown): TlabridgeError | undefined {
  const errno = e as NodeJS.ErrnoException | undefined;
  if (!(e instanceof Error) || typeof errno?.code !== "string" || !/^E[A-Z0-9]+$/.test(errno.code) || typeof errno.syscall !== "string") return undefined;
  const file = errno.path ?? (errno as { dest?: string }).dest;
  if (file === undefined) return undefined;
  if (WRITING_CALLS.has(errno.syscall)) return outputError(file, e);
  return new TlabridgeError("FILE_ERROR", `${file} cannot be used because ${errno.syscall} failed (${errno.code}): check that it exists, is the right kind of file and is readable (or writable).`, EXIT.badInput);
}
