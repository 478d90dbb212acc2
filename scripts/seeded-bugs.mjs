#!/usr/bin/env node
// Runs the generated KVStore suites (transitions cover and state cover)
// against the in-memory store with each seeded bug switched on, and reports
// which bugs each suite catches. Usage: npm run bugs [-- <dump>]
import { mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dump = process.argv[2] ?? path.join(root, "specs/kvstore/kvstore-2x2.dot");
const { generateSuite } = await import(path.join(root, "dist/src/generate/index.js"));
const { runVitest } = await import(path.join(root, "dist/src/cli/vitest.js"));
const { BUGS } = await import(path.join(root, "examples/kvstore-memory/store.ts")).catch(() => ({ BUGS: undefined }));
const bugs =
  BUGS ??
  (await import("node:fs")).readFileSync(path.join(root, "examples/kvstore-memory/store.ts"), "utf8")
    .match(/export const BUGS = \[([\s\S]*?)\] as const/)[1]
    .match(/"([a-z-]+)"/g)
    .map((s) => s.slice(1, -1));

const work = await mkdtemp(path.join(tmpdir(), "tlabridge-bugs-"));
await mkdir(path.join(work, "node_modules"));
await symlink(root, path.join(work, "node_modules", "tlabridge"), "dir");
const adapter = path.join(root, "examples/kvstore-memory/adapter.ts");
const suites = {};
for (const criterion of ["transitions", "states"]) {
  const outDir = path.join(work, criterion);
  const r = await generateSuite({ dump, adapter, outDir, criterion });
  suites[criterion] = { outDir, tests: r.tests };
}
const rows = [];
const caught = { transitions: 0, states: 0 };
for (const bug of ["(none)", ...bugs]) {
  const row = { bug };
  for (const criterion of ["transitions", "states"]) {
    const env = { ...process.env, KVSTORE_BUGS: bug === "(none)" ? "" : bug };
    const run = await runVitest(suites[criterion].outDir, env);
    row[criterion] = `${run.failed}/${suites[criterion].tests} failed`;
    if (bug !== "(none)" && run.failed > 0) caught[criterion]++;
  }
  rows.push(row);
  process.stderr.write(`${bug}: transitions ${row.transitions}, states ${row.states}\n`);
}
console.log(`\nSeeded bugs in examples/kvstore-memory, suites generated from ${path.basename(dump)}:`);
console.table(rows);
console.log(`transitions cover (${suites.transitions.tests} tests) catches ${caught.transitions} of ${bugs.length} bugs`);
console.log(`state cover (${suites.states.tests} tests) catches ${caught.states} of ${bugs.length} bugs`);
await rm(work, { recursive: true, force: true });
