#!/usr/bin/env node
// The `tlabridge` command: runs the compiled CLI (built by `npm ci` through the prepare script).
import { existsSync } from "node:fs";

const main = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("tlabridge is not built: run `npm ci` (or `npm run build`) in its folder first. [NOT_BUILT]\n");
  process.exit(3);
}
// A reader that stops early (`| head`) is not an error: exit quietly. Any other failure to write the output
// (a full disk: `> /dev/full`) is said once on stderr and exits 2, the code for unwritable output (never 1,
// which means a failed check), without a stack trace.
const WHY = {
  ENOSPC: "the disk is full (ENOSPC): free some space or write the output elsewhere",
  EDQUOT: "the disk quota is used up (EDQUOT): free some space or write the output elsewhere",
  EIO: "of an input/output error (EIO): write the output elsewhere",
};
let failed = false;
process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  if (failed) return;
  failed = true;
  const why = WHY[e.code] ?? `of ${e.code ?? "an unknown error"}: write the output elsewhere`;
  try {
    process.stderr.write(`standard output cannot be written because ${why}. [STDOUT_UNWRITABLE]\n`);
  } catch {
    // stderr is gone too: the exit code alone tells
  }
  process.exit(2);
});
// Diagnostics that cannot be written are lost, but the command goes on and its exit code still tells how it ended.
process.stderr.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
});
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2));
