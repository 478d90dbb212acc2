#!/usr/bin/env node
// Runs the two-phase commit example: a transaction manager and N resource
// managers as separate processes on loopback, each writing <out>/<host>.ndjson.
//   node examples/twophase/run.mjs --out <dir> [--rms 3] [--bug] [--abort r2]
import { fork } from "node:child_process";
import { mkdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { out: { type: "string" }, rms: { type: "string", default: "3" }, bug: { type: "boolean" }, abort: { type: "string" } } });
if (!values.out) {
  console.error("usage: run.mjs --out <dir> [--rms 3] [--bug] [--abort r2]");
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const node = path.join(here, "node.mjs");
mkdirSync(values.out, { recursive: true });
const rms = Array.from({ length: Number(values.rms) }, (_, i) => `r${i + 1}`);
const port = await new Promise((resolve) => {
  const probe = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = probe.address();
    probe.close(() => resolve(port));
  });
});
const exited = (child) => new Promise((resolve) => child.on("exit", resolve));
const tm = fork(node, ["tm", String(port), rms.join(","), path.join(values.out, "tm.ndjson"), ...(values.bug ? ["--bug"] : [])]);
await new Promise((resolve) => tm.once("message", resolve));
const children = rms.map((rm) => fork(node, [rm, String(port), path.join(values.out, `${rm}.ndjson`), ...(values.abort === rm ? ["--abort"] : [])]));
await Promise.all([exited(tm), ...children.map(exited)]);
console.log(`logs of tm and ${rms.join(", ")} in ${values.out}${values.bug ? " (with the protocol bug)" : ""}`);
