#!/usr/bin/env node
// A survey of the embedded explorer on the models of tlaplus/Examples: runs
// `tlabridge explore --engine explorer` on every small exhaustive-search model
// listed in the manifests and compares its answer with TLC's (run here with
// one worker and cached) or, without TLC, with the manifest's recorded one.
// Not part of CI or of the test suite: `npm run examples -- --help`.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HELP = `Usage: npm run examples -- <specifications folder> [options]
       node scripts/examples.mjs <specifications folder> [options]

Runs the embedded explorer on every model of a fetched tlaplus/Examples whose
manifest says "mode": "exhaustive search" with result success (and at most
200,000 distinct states recorded), safety failure or liveness failure, and
prints per model: agree / differs / unchecked / error / timeout, both sides' distinct
states, states generated and depth (for violations: what is violated and the
error trace's length), then the totals. "unchecked": TLC found a temporal
(liveness) property violated, and the explorer, which checks safety only,
listed that property as not checked. Models run one at a time, in the order
of their manifests (folders sorted by name).

The expected answer is TLC's when known, else the manifest's (whose depths come
from multi-worker runs and which records no counts for violations). TLC runs
when a tla2tools.jar is given (--tlc-jar or TLA2TOOLS_JAR): -workers 1, -fp 0,
deadlock checking as the cfg's CHECK_DEADLOCK says, a temporary -metadir,
-Dtlc2.tool.impl.Tool.cdot=true when the spec's folder uses \\cdot, and
CommunityModules(-deps).jar beside tla2tools.jar (or --community-jar) on the
classpath. Its answers are kept in the cache file and reused by later runs.

Options:
  --timeout S          seconds per model for the explorer (default 120)
  --memory MB          the explorer's heap cap, --max-old-space-size (default 3000)
  --only TEXT          only the models whose path (spec or cfg) contains TEXT;
                       may be repeated
  --tlc-cache FILE     TLC's cached answers (read, and written when TLC runs);
                       default with a jar: <tmpdir>/tlabridge-examples-tlc.json
  --tlc-jar FILE       tla2tools.jar (default: TLA2TOOLS_JAR)
  --community-jar FILE CommunityModules jar for TLC
  --tlc-lib DIR        a folder of modules put ahead of the jars on TLC's
                       classpath: tlapm's library (TLAPS.tla), or the .tla
                       files of a newer CommunityModules; may be repeated
  --tlc-timeout S      seconds per model for TLC (default 300)
  --tlc-refresh        run TLC again even for models in the cache
  --tlc-only           only fill the TLC cache; do not run the explorer
  --json               print the results as one JSON object instead of text
  -h, --help           this help

Exit code: 0 when every model agrees, 1 otherwise, 2 on bad usage.`;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(ROOT, "bin", "tlabridge.js");
const MAX_DISTINCT = 200_000;
const RESULTS = new Set(["success", "safety failure", "liveness failure"]);

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const o = { folder: undefined, timeout: 120, memory: 3000, only: [], tlcCache: undefined, tlcJar: process.env.TLA2TOOLS_JAR || undefined, communityJar: undefined, tlcLib: [], tlcTimeout: 300, tlcRefresh: false, tlcOnly: false, json: false };
  const value = (i, name) => {
    if (i >= argv.length) usage(`${name} needs a value`);
    return argv[i];
  };
  const seconds = (text, name) => {
    const n = Number(text);
    if (!Number.isFinite(n) || n <= 0) usage(`${name} needs a positive number, not ${text}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case "-h":
      case "--help":
        process.stdout.write(HELP + "\n");
        process.exit(0);
      case "--timeout": o.timeout = seconds(value(++i, a), a); break;
      case "--memory": o.memory = seconds(value(++i, a), a); break;
      case "--only": o.only.push(value(++i, a)); break;
      case "--tlc-cache": o.tlcCache = path.resolve(value(++i, a)); break;
      case "--tlc-jar": o.tlcJar = value(++i, a); break;
      case "--community-jar": o.communityJar = path.resolve(value(++i, a)); break;
      case "--tlc-lib": o.tlcLib.push(path.resolve(value(++i, a))); break;
      case "--tlc-timeout": o.tlcTimeout = seconds(value(++i, a), a); break;
      case "--tlc-refresh": o.tlcRefresh = true; break;
      case "--tlc-only": o.tlcOnly = true; break;
      case "--json": o.json = true; break;
      default:
        if (a.startsWith("-")) usage(`unknown option ${a}`);
        if (o.folder !== undefined) usage(`one specifications folder, not ${o.folder} and ${a}`);
        o.folder = path.resolve(a);
    }
  }
  if (o.folder === undefined) usage("the specifications folder of a fetched tlaplus/Examples is missing");
  if (!existsSync(o.folder)) usage(`${o.folder} does not exist`);
  if (o.tlcJar !== undefined) {
    o.tlcJar = path.resolve(o.tlcJar);
    if (!existsSync(o.tlcJar)) usage(`tla2tools.jar not found: ${o.tlcJar}`);
    o.tlcCache ??= path.join(os.tmpdir(), "tlabridge-examples-tlc.json");
    o.communityJar ??= ["CommunityModules-deps.jar", "CommunityModules.jar"].map((n) => path.join(path.dirname(o.tlcJar), n)).find((p) => existsSync(p));
  }
  if (o.tlcOnly && o.tlcJar === undefined) usage("--tlc-only needs a tla2tools.jar (--tlc-jar or TLA2TOOLS_JAR)");
  return o;
}

function usage(problem) {
  process.stderr.write(`examples: ${problem}\n\n${HELP}\n`);
  process.exit(2);
}

// ---------------------------------------------------------------- the models

/**
 * The selected models of every `<folder>/*\/manifest.json`, in a fixed order.
 * Manifest paths start with "specifications/": they are resolved against the
 * folder's parent. A success needs its recorded distinct count (<= 200,000);
 * the manifests record no counts for failures, which are all taken.
 */
function loadModels(folder) {
  const models = [];
  const base = path.dirname(folder);
  for (const dir of readdirSync(folder, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    const file = path.join(folder, dir, "manifest.json");
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    for (const module of manifest.modules ?? []) {
      for (const model of module.models ?? []) {
        if (model.mode !== "exhaustive search" || !RESULTS.has(model.result)) continue;
        const distinct = model.distinctStates;
        if (model.result === "success" ? !(typeof distinct === "number" && distinct <= MAX_DISTINCT) : typeof distinct === "number" && distinct > MAX_DISTINCT) continue;
        const spec = path.resolve(base, module.path);
        const cfg = path.resolve(base, model.path);
        models.push({
          name: path.relative(folder, cfg),
          spec,
          cfg,
          key: `${path.relative(folder, spec)} ${path.relative(folder, cfg)}`,
          manifest: { result: model.result, distinct: model.distinctStates, generated: model.totalStates, depth: model.stateDepth },
        });
      }
    }
  }
  return models;
}

// ---------------------------------------------------------------- processes

/** The running child's process group, stopped with this script. */
let running;
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.on(signal, () => {
    if (running !== undefined) {
      try {
        process.kill(-running, "SIGKILL");
      } catch {}
    }
    process.exit(130);
  });
}

/** Runs a command, killing it (and its group) after `seconds`. */
function run(command, args, { cwd, seconds }) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], detached: true });
    running = child.pid;
    const out = [];
    const err = [];
    let size = 0;
    const LIMIT = 64 * 1024 * 1024;
    const keep = (chunks) => (c) => {
      if (size < LIMIT) chunks.push(c);
      size += c.length;
    };
    child.stdout.on("data", keep(out));
    child.stderr.on("data", keep(err));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, seconds * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      running = undefined;
      resolve({ code, signal, timedOut, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), seconds: (performance.now() - started) / 1000 });
    });
    child.on("error", (e) => {
      clearTimeout(timer);
      resolve({ code: null, signal: null, timedOut: false, stdout: "", stderr: String(e.message), seconds: (performance.now() - started) / 1000 });
    });
  });
}

const firstLine = (text) =>
  text
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l !== "" && !l.startsWith("warning:")) ?? "";

// ---------------------------------------------------------------- TLC

/** Whether a cfg turns deadlock checking off (CHECK_DEADLOCK FALSE). */
function deadlockOff(cfg) {
  const text = readFileSync(cfg, "utf8").replace(/\(\*[\s\S]*?\*\)/g, " ").replace(/\\\*.*$/gm, " ");
  const m = /\bCHECK_DEADLOCK\s+(\w+)/.exec(text);
  return m !== null && m[1] === "FALSE";
}

const number = (s) => Number(s.replace(/,/g, ""));

/** What TLC's (non -tool) output says: counts, depth, the violation and its trace. */
function parseTlc(output, code) {
  const counts = [...output.matchAll(/^([\d,]+) states generated, ([\d,]+) distinct states found, ([\d,]+) states left on queue\./gm)].at(-1);
  const depth = [...output.matchAll(/^The depth of the complete state graph search is ([\d,]+)\./gm)].at(-1);
  const answer = {
    result: { 0: "success", 10: "assumption failure", 11: "deadlock failure", 12: "safety failure", 13: "liveness failure" }[code] ?? "error",
    exitCode: code,
    distinct: counts ? number(counts[2]) : undefined,
    generated: counts ? number(counts[1]) : undefined,
    depth: depth ? number(depth[1]) : undefined,
  };
  if (answer.result === "error" || answer.result === "assumption failure") {
    const lines = output.split("\n").map((l) => l.trim()).filter((l) => l !== "" && !/^(Parsing|Semantic|Linting|Warning|\(Use the -nowarning)/.test(l));
    const at = lines.findIndex((l) => /error|cannot|false|failed/i.test(l));
    answer.error = at >= 0 ? lines.slice(at, at + 4).filter((l) => !l.startsWith("***")).join(" ") : lines.at(-1) ?? "";
  } else if (answer.result !== "success") {
    answer.violation = tlcViolation(output);
    const states = [...output.matchAll(/^State (\d+): /gm)].map((m) => Number(m[1]));
    answer.traceLength = states.length ? Math.max(...states) : undefined;
    const back = /^Back to state (\d+)/m.exec(output);
    if (back) answer.lasso = `back to state ${back[1]}`;
    else if (/^State \d+: Stuttering/m.test(output)) answer.lasso = "stuttering";
  }
  return answer;
}

function tlcViolation(output) {
  let m;
  if ((m = /^Error: Invariant (\S+) is violated/m.exec(output))) return { kind: "invariant", name: m[1] };
  if (/^Error: Deadlock reached\./m.test(output)) return { kind: "deadlock" };
  if ((m = /^Error: Action property (\S+) is violated/m.exec(output))) return { kind: "action property", name: m[1] };
  if ((m = /^Error: Property (\S+) is violated by the initial state/m.exec(output))) return { kind: "temporal property", name: m[1] };
  if ((m = /^Error: Temporal property (\S+) was violated\./m.exec(output))) return { kind: "temporal property", name: m[1] };
  if ((m = /^Error: Temporal properties (.*) were violated\./m.exec(output))) return { kind: "temporal property", ...(m[1] ? { name: m[1] } : {}) };
  if ((m = /^Error: (.*Assert.*)$/m.exec(output))) return { kind: "assertion", name: m[1].trim() };
  m = /^Error: (.*)$/m.exec(output);
  return { kind: "other", name: m ? m[1].trim() : undefined };
}

/** Whether the spec's folder uses action composition (\\cdot), which TLC implements behind a flag. */
function usesCdot(spec) {
  const dir = path.dirname(spec);
  return readdirSync(dir).some((f) => f.endsWith(".tla") && /\\cdot\b/.test(readFileSync(path.join(dir, f), "utf8")));
}

async function runTlc(model, o) {
  const metadir = mkdtempSync(path.join(os.tmpdir(), "tlabridge-examples-"));
  try {
    const classpath = [...o.tlcLib, o.tlcJar, ...(o.communityJar ? [o.communityJar] : [])].join(path.delimiter);
    const args = ["-XX:+UseParallelGC", ...(usesCdot(model.spec) ? ["-Dtlc2.tool.impl.Tool.cdot=true"] : []), "-cp", classpath, "tlc2.TLC", path.basename(model.spec), "-config", model.cfg, "-workers", "1", "-fp", "0", "-metadir", metadir, "-noGenerateSpecTE", ...(deadlockOff(model.cfg) ? ["-deadlock"] : [])];
    const r = await run("java", args, { cwd: path.dirname(model.spec), seconds: o.tlcTimeout });
    if (r.timedOut) return { result: "timeout", seconds: round(r.seconds), timeout: o.tlcTimeout };
    return { ...parseTlc(r.stdout + r.stderr, r.code), seconds: round(r.seconds) };
  } finally {
    rmSync(metadir, { recursive: true, force: true });
  }
}

const round = (s) => Math.round(s * 10) / 10;

function loadCache(file) {
  if (file === undefined || !existsSync(file)) return { models: {} };
  const cache = JSON.parse(readFileSync(file, "utf8"));
  cache.models ??= {};
  return cache;
}

function saveCache(file, cache) {
  const models = Object.fromEntries(Object.keys(cache.models).sort().map((k) => [k, cache.models[k]]));
  writeFileSync(file, JSON.stringify({ ...cache, models }, null, 2) + "\n");
}

// ---------------------------------------------------------------- the explorer

async function runExplorer(model, o) {
  const args = [`--max-old-space-size=${o.memory}`, CLI, "explore", model.spec, "--config", model.cfg, "--engine", "explorer", "--json"];
  const r = await run(process.execPath, args, { cwd: path.dirname(model.spec), seconds: o.timeout });
  const seconds = round(r.seconds);
  if (r.timedOut) return { result: "timeout", seconds };
  const json = parseJson(r.stdout);
  if (r.code === 0 && json && typeof json.distinctStates === "number") {
    return { result: "success", distinct: json.distinctStates, generated: json.statesGenerated, depth: json.depth, transitions: json.transitions, unchecked: Array.isArray(json.unchecked) ? json.unchecked : [], seconds };
  }
  if (json && (json.violation !== undefined || (typeof json.distinctStates !== "number" && (json.traceLength !== undefined || Array.isArray(json.trace))))) {
    return { ...explorerJsonViolation(json), seconds };
  }
  if (r.code === 1) {
    const message = /^explorer: (.*)$/m.exec(r.stdout);
    const trace = /^Error trace \((\d+) states?\)/m.exec(r.stdout);
    if (message) return { result: "violation", violation: explorerViolation(message[1]), traceLength: trace ? Number(trace[1]) : undefined, seconds };
  }
  const oom = /heap out of memory|Allocation failed/.test(r.stderr);
  const error = (oom ? "out of memory (JavaScript heap)" : firstLine(r.stderr) || firstLine(r.stdout) || `exit ${r.code ?? r.signal}`).replaceAll(o.folder + path.sep, "");
  return { result: "error", error, seconds };
}

function parseJson(text) {
  const t = text.trim();
  if (!t.startsWith("{")) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

/** A violation the explorer printed as text: "Invariant X is violated.", "Deadlock reached.", ... */
function explorerViolation(message) {
  let m;
  if ((m = /^Invariant (\S+) is violated/.exec(message))) return { kind: "invariant", name: m[1] };
  if (/^Deadlock reached/.test(message)) return { kind: "deadlock" };
  if ((m = /^Action property (\S+) is violated/.exec(message))) return { kind: "action property", name: m[1] };
  if (/^Temporal propert/.test(message)) return { kind: "temporal property", name: /propert\S* (\S+) is violated/.exec(message)?.[1] };
  if (/Assert/.test(message)) return { kind: "assertion", name: message };
  return { kind: "other", name: message };
}

/**
 * A violation as JSON: { violation: { problem|kind, name?, message?, trace?|traceLength? }, ... },
 * or those fields at the top level ({ engine, kind, name, message, traceLength, trace }).
 */
function explorerJsonViolation(json) {
  const v = json.violation === undefined ? json : typeof json.violation === "object" && json.violation !== null ? json.violation : { message: String(json.violation) };
  const fromMessage = v.message ? explorerViolation(String(v.message)) : { kind: "other" };
  const kind = normaliseKind(v.problem ?? v.kind) ?? fromMessage.kind;
  const name = v.name ?? v.invariant ?? v.property ?? fromMessage.name;
  const length = v.traceLength ?? json.traceLength ?? (Array.isArray(v.trace) ? v.trace.length : Array.isArray(json.trace) ? json.trace.length : undefined);
  return { result: "violation", violation: { kind, ...(kind === "deadlock" || name === undefined ? {} : { name }) }, traceLength: length, distinct: json.distinctStates, generated: json.statesGenerated, depth: json.depth };
}

function normaliseKind(k) {
  if (typeof k !== "string") return undefined;
  const s = k.toLowerCase().replace(/[_-]/g, " ");
  if (s.startsWith("invariant")) return "invariant";
  if (s.startsWith("deadlock")) return "deadlock";
  if (s.startsWith("action")) return "action property";
  if (s.startsWith("temporal") || s.startsWith("property") || s.startsWith("liveness")) return "temporal property";
  if (s.startsWith("assert")) return "assertion";
  return s;
}

// ---------------------------------------------------------------- comparing

/** TLC's answer when it has one, else the manifest's. */
function expectedOf(model, tlc) {
  if (tlc && (tlc.result === "success" || tlc.result === "safety failure" || tlc.result === "liveness failure" || tlc.result === "deadlock failure")) {
    return { source: "tlc", ...tlc, result: tlc.result === "success" ? "success" : "violation" };
  }
  const m = model.manifest;
  return { source: "manifest", result: m.result === "success" ? "success" : "violation", manifestResult: m.result, distinct: m.distinct, generated: m.generated, depth: m.depth };
}

/** agree / differs / unchecked / error / timeout, and what differs. */
function compare(expected, got) {
  if (got.result === "timeout") return { status: "timeout", why: [] };
  if (got.result === "error") return { status: "error", why: [] };
  const why = [];
  // TLC found a temporal property violated that the explorer said plainly it did not check: not a silent difference.
  if (expected.result === "violation" && got.result === "success" && expected.violation?.kind === "temporal property" && got.unchecked?.length > 0) {
    return { status: "unchecked", why: [`not checked: ${got.unchecked.join(", ")}`] };
  }
  if (expected.result !== got.result) why.push(expected.result === "success" ? "a violation where none is expected" : "no violation where one is expected");
  else if (got.result === "success") {
    for (const f of ["distinct", "generated", "depth"]) if (typeof expected[f] === "number" && expected[f] !== got[f]) why.push(f);
  } else if (expected.source === "tlc") {
    const e = expected.violation ?? {};
    const g = got.violation ?? {};
    if (e.kind !== g.kind) why.push("kind");
    else if (e.name !== undefined && g.name !== undefined && e.name !== g.name) why.push("name");
    if (typeof expected.traceLength === "number" && expected.traceLength !== got.traceLength) why.push("trace length");
  } else {
    // The manifest's result only: exit 12 is a safety violation, 13 a liveness one (11, a deadlock, is recorded as neither).
    const kind = got.violation?.kind;
    const ok = expected.manifestResult === "liveness failure" ? kind === "temporal property" : kind !== "temporal property" && kind !== "deadlock";
    if (!ok) why.push("kind");
  }
  return { status: why.length ? "differs" : "agree", why };
}

const fmt = (n) => (typeof n === "number" ? n.toLocaleString("en-US") : "?");

function describe(a) {
  if (a.result === "timeout") return `timeout after ${fmt(a.seconds)} s`;
  if (a.result === "error") return `error: ${a.error}`;
  const counts = a.distinct === undefined && a.generated === undefined && a.depth === undefined ? "" : `${fmt(a.distinct)} distinct, ${fmt(a.generated)} generated, depth ${fmt(a.depth)}`;
  if (a.result === "success") return counts;
  if (a.violation === undefined) return `${a.manifestResult ?? "violation"}${counts ? `, ${counts}` : ""}`;
  const v = a.violation;
  const what = v.kind === "deadlock" ? "deadlock" : `${v.kind}${v.name ? ` ${v.name}` : ""}`;
  const trace = a.traceLength !== undefined ? `, trace ${a.traceLength}${a.lasso ? ` (${a.lasso})` : ""}` : "";
  return `${what}${trace}${counts ? ` [${counts}]` : ""}`;
}

// ---------------------------------------------------------------- main

async function main() {
  const o = parseArgs(process.argv.slice(2));
  let models = loadModels(o.folder);
  const selected = models.length;
  if (o.only.length) models = models.filter((m) => o.only.some((s) => m.key.includes(s)));
  const cache = loadCache(o.tlcCache);
  const log = (line) => {
    if (!o.json) process.stdout.write(line + "\n");
  };
  log(`${selected} models selected from ${o.folder}${o.only.length ? `, ${models.length} matching --only` : ""}`);
  log(o.tlcJar ? `TLC: ${[...o.tlcLib, o.tlcJar, ...(o.communityJar ? [o.communityJar] : [])].join(" + ")}, cache ${o.tlcCache}` : o.tlcCache ? `TLC: cache ${o.tlcCache} (no jar: not run)` : "TLC: not run (no TLA2TOOLS_JAR, --tlc-jar or --tlc-cache): expecting the manifests' answers");
  if (o.tlcJar && !o.communityJar) log("TLC: no CommunityModules jar found beside tla2tools.jar (use --community-jar)");

  const results = [];
  const totals = { agree: 0, differs: 0, unchecked: 0, error: 0, timeout: 0 };
  for (const model of models) {
    if (o.tlcJar && (o.tlcRefresh || cache.models[model.key] === undefined)) {
      const answer = await runTlc(model, o);
      cache.models[model.key] = { spec: path.relative(o.folder, model.spec), cfg: model.name, ...answer };
      saveCache(o.tlcCache, cache);
    }
    const tlc = cache.models[model.key];
    if (o.tlcOnly) {
      const m = model.manifest;
      const mismatch = tlc.result !== m.result ? ` (manifest: ${m.result})` : m.result === "success" && (tlc.distinct !== m.distinct || tlc.generated !== m.generated || tlc.depth !== m.depth) ? ` (manifest: ${fmt(m.distinct)} distinct, ${fmt(m.generated)} generated, depth ${fmt(m.depth)})` : "";
      log(`${tlc.result.padEnd(16)} ${model.name}  tlc: ${describe(tlc.result === "timeout" || tlc.result === "error" ? tlc : { ...tlc, result: tlc.result === "success" ? "success" : "violation" })}${mismatch}  ${fmt(tlc.seconds)} s`);
      results.push({ model: model.name, spec: path.relative(o.folder, model.spec), tlc, manifest: model.manifest });
      continue;
    }
    const expected = expectedOf(model, tlc);
    const got = await runExplorer(model, o);
    const { status, why } = compare(expected, got);
    totals[status]++;
    results.push({ model: model.name, spec: path.relative(o.folder, model.spec), status, why, expected, explorer: got });
    log(`${status.padEnd(9)} ${model.name}  ${expected.source}: ${describe(expected)} | explorer: ${describe(got)}${why.length ? `  (${status === "unchecked" ? "" : "differs: "}${why.join(", ")})` : ""}  ${fmt(got.seconds)} s`);
  }
  if (o.tlcOnly) {
    if (o.json) process.stdout.write(JSON.stringify({ folder: o.folder, models: results }, null, 2) + "\n");
    return;
  }
  if (o.json) process.stdout.write(JSON.stringify({ folder: o.folder, selected, totals, models: results }, null, 2) + "\n");
  else log(`\n${models.length} models: ${totals.agree} agree, ${totals.differs} differ, ${totals.unchecked} unchecked (a liveness violation TLC found, in a property the explorer lists as not checked), ${totals.error} errors, ${totals.timeout} timeouts`);
  process.exitCode = totals.agree === models.length ? 0 : 1;
}

await main();
