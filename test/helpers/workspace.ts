import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT } from "./fixtures.js";

/** A temporary folder where generated suites can import "tlabridge/runtime". */
export function workspace(name: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `tlabridge-${name}-`));
  mkdirSync(path.join(dir, "node_modules"));
  symlinkSync(ROOT, path.join(dir, "node_modules", "tlabridge"), "dir");
  return dir;
}

/** Writes a file (creating folders) and returns its path. */
export function put(dir: string, name: string, text: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}
