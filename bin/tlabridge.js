#!/usr/bin/env node
// The `tlabridge` command: runs the compiled CLI (built by `npm ci` through the prepare script).
import { existsSync } from "node:fs";

const main = new URL("../dist/src/cli/main.js", import.meta.url);
if (!existsSync(main)) {
  process.stderr.write("tlabridge is not built: run `npm ci` (or `npm run build`) in its folder first. [NOT_BUILT]\n");
  process.exit(3);
}
// A reader that stops early (`| head`) is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const { runCli } = await import(main.href);
process.exitCode = await runCli(process.argv.slice(2));
