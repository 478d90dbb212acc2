/**
 * Regenerates tlc-answers.json by running TLC on every case of cases.ts
 * (skipped unless TLC_ANSWERS=1): one spec per module, each case an ASSUME
 * that prints ToString of its value; a case TLC fails on is recorded with
 * TLC's error and the spec is run again on the cases after it.
 */
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { it } from "vitest";
import { CASES, key, tlcExpression, type Case } from "./cases.js";

const JARS = "/work/ext/tla2tools.jar:/work/ext/CommunityModules.jar";
/** The CommunityModules' current definitions (the jar's may be older); the jar's Java overrides still apply by name. */
const SOURCES = "/work/ext/CommunityModules/modules";
const OUT = path.join(import.meta.dirname, "tlc-answers.json");

function unescape(s: string): string {
  return s.replace(/\\(["\\ntfr])/g, (_, c: string) => ({ n: "\n", t: "\t", f: "\f", r: "\r" })[c] ?? c);
}

/** TLC's answers for the cases: printed values by index, and the error that stopped it (with the index of the case at fault, for a semantic error). */
function runTlc(module: string, cases: readonly Case[]): { printed: Map<number, string>; error: string | undefined; culprit?: number } {
  const dir = mkdtempSync(path.join(tmpdir(), "tlc-answers-"));
  for (const f of readdirSync(SOURCES)) if (f.endsWith(".tla")) copyFileSync(path.join(SOURCES, f), path.join(dir, f));
  const extra = ["TLC", "Naturals", "Sequences", "FiniteSets"].filter((m) => m !== module);
  const lines = [`---- MODULE Answers ----`, `EXTENDS ${[module, ...extra].join(", ")}`, ...cases.map((c, i) => `ASSUME PrintT("@@${i}@@" \\o ToString(${tlcExpression(c)}))`), "===="];
  writeFileSync(path.join(dir, "Answers.tla"), lines.join("\n") + "\n");
  writeFileSync(path.join(dir, "Answers.cfg"), "\n");
  let out: string;
  try {
    out = execFileSync("java", ["-XX:+UseSerialGC", "-cp", JARS, "tlc2.TLC", "-workers", "1", "Answers.tla"], { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (err) {
    out = String((err as { stdout?: string }).stdout ?? "");
  }
  const printed = new Map<number, string>();
  for (const m of out.matchAll(/^"@@(\d+)@@(.*)"$/gm)) printed.set(Number(m[1]), unescape(m[2]!));
  const semantic = /\*\*\* Errors: \d+\s+line (\d+), col \d+ to line \d+, col \d+ of module Answers\s+([^\n]*)/.exec(out);
  if (semantic) return { printed, error: `semantic error: ${semantic[2]}`, culprit: Number(semantic[1]) - 3 };
  const error = /^Error: ([\s\S]*?)(?:\n\n|\nFinished)/m.exec(out)?.[1];
  return { printed, error: error ?? (printed.size < cases.length ? out.slice(-1500) : undefined) };
}

it.skipIf(process.env.TLC_ANSWERS !== "1")("asks TLC for every case's answer", () => {
  // Answers already known are kept (delete an entry, or the file, to ask again).
  const known = existsSync(OUT) ? (JSON.parse(readFileSync(OUT, "utf8")) as Record<string, { value: string } | { error: string }>) : {};
  const answers: Record<string, { value: string } | { error: string }> = {};
  for (const [k, v] of Object.entries(known)) answers[k] = v;
  const modules = [...new Set(CASES.map((c) => c.module))];
  for (const module of modules) {
    let todo = CASES.filter((c) => c.module === module && !(key(c) in answers));
    while (todo.length > 0) {
      const { printed, error, culprit } = runTlc(module, todo);
      if (culprit !== undefined && culprit >= 0 && culprit < todo.length) {
        answers[key(todo[culprit]!)] = { error: error! };
        todo = todo.filter((_, i) => i !== culprit);
        continue;
      }
      let i = 0;
      for (; i < todo.length && printed.has(i); i++) answers[key(todo[i]!)] = { value: printed.get(i)! };
      if (i < todo.length) {
        answers[key(todo[i]!)] = { error: error ?? "TLC printed nothing" };
        i++;
      }
      todo = todo.slice(i);
    }
  }
  const ordered: typeof answers = {};
  for (const c of CASES) if (answers[key(c)]) ordered[key(c)] = answers[key(c)]!;
  writeFileSync(OUT, JSON.stringify(ordered, null, 2) + "\n");
}, 1_800_000);
