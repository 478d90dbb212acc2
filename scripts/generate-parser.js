#!/usr/bin/env node
// Regenerates generated/parser from grammars/*.g4 with antlr-ng (no Java).
import { execFileSync } from "node:child_process";
import { rmSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const out = path.join(root, "generated", "parser");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const antlr = path.join(root, "node_modules", ".bin", "antlr-ng");
for (const grammar of readdirSync(path.join(root, "grammars")).filter((f) => f.endsWith(".g4")).sort()) {
  execFileSync(antlr, ["-Dlanguage=TypeScript", "--exact-output-dir", "-o", out, path.join(root, "grammars", grammar)], {
    stdio: "inherit",
  });
}
// antlr-ng writes absolute grammar paths into headers; keep output machine-independent.
for (const file of readdirSync(out)) {
  const p = path.join(out, file);
  const text = readFileSync(p, "utf8").split(root + path.sep).join("");
  writeFileSync(p, text);
}
