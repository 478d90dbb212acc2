// The input layer's fault suite (issue 17): every bad input a reader can meet
// (dumps, logs, mappings, specs, ITF) gets exit 2, one line saying what is
// wrong and what to do, no stack trace, nothing left in the temporary folder,
// and the inputs untouched, each well within 10 s. Big inputs are made cheap:
// sparse files, a limit lowered by its flag, or one write of a buffer.
import { chmodSync, closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, cli, type CliRun } from "../helpers/fixtures.js";
import { parseItfText, fromItf, ItfError } from "../../src/values/itf.js";
import { DEFAULT_LIMITS } from "../../src/util/limits.js";
import { TlabridgeError } from "../../src/errors.js";

const DOT = readFileSync(path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"), "utf8");
const MODEL = path.join(ROOT, "specs/kvstore/kvstore-2x2.dot");
const base = mkdtempSync(path.join(tmpdir(), "tlabridge-faults-input-"));
const inputs = path.join(base, "inputs");
// The commands' own temporary folder: checked empty after every case.
const scratch = path.join(base, "tmp");
mkdirSync(inputs, { mode: 0o755 });
mkdirSync(scratch);
chmodSync(base, 0o755);
const savedTmp = process.env.TMPDIR;
beforeAll(() => {
  process.env.TMPDIR = scratch;
});
afterAll(() => {
  process.env.TMPDIR = savedTmp;
  rmSync(base, { recursive: true, force: true });
});

function put(name: string, content: string | Buffer): string {
  const file = path.join(inputs, name);
  writeFileSync(file, content);
  return file;
}

/** A file of `size` bytes that takes no disk (its bytes are NUL). */
function sparse(name: string, size: number): string {
  const file = path.join(inputs, name);
  const fd = openSync(file, "w");
  ftruncateSync(fd, size);
  closeSync(fd);
  return file;
}

const NDJSON = (...lines: object[]): string => lines.map((l) => JSON.stringify(l)).join("\n") + "\n";
const T1 = NDJSON({ host: "t1", clock: { t1: 1 }, event: "Begin", args: { t: "t1" } }, { host: "t1", clock: { t1: 2 }, event: "Write", args: { t: "t1", k: "k1" } });
const dot = (...statements: string[]): string => `strict digraph DiskGraph {\n${statements.join("\n")}\n}\n`;

interface Expected {
  /** Exit code. */
  readonly exit: number;
  /** The first line of stderr after any warnings. */
  readonly first: RegExp;
}

/** What every fault case must show, besides its exit code and first line. */
async function fault(argv: string[], expected: Expected): Promise<CliRun> {
  const listing = readdirSync(inputs).sort();
  const started = performance.now();
  const run = await cli(...argv);
  const seconds = (performance.now() - started) / 1000;
  const first = run.stderr.split("\n").find((l) => !l.startsWith("warning: "));
  expect({ exit: run.code, first }).toEqual({ exit: expected.exit, first: expect.stringMatching(expected.first) });
  expect(run.stderr).not.toMatch(/\n\s+at |internal error|native code/);
  // One message, one line: no raw line or paragraph separators inside it.
  expect(run.stderr).not.toMatch(/[\r\u2028\u2029]/);
  expect(seconds).toBeLessThan(8);
  expect(readdirSync(scratch)).toEqual([]);
  expect(readdirSync(inputs).sort()).toEqual(listing);
  return run;
}

describe("files: opened once, kind checked, errors mapped to exit 2", () => {
  it("an unreadable dump (EACCES): exit 2, not 70", async () => {
    const file = put("unreadable.dot", DOT);
    chmodSync(file, 0o000);
    // Root reads anything: drop the effective user for the one read.
    const root = process.geteuid?.() === 0;
    if (root) process.seteuid!(65534);
    try {
      await fault(["graph", file], { exit: 2, first: /unreadable\.dot cannot be read \(permission denied\): make it readable \(chmod u\+r\) or read a copy\. \[INPUT_UNREADABLE\]$/ });
    } finally {
      if (root) process.seteuid!(0);
      chmodSync(file, 0o644);
    }
  });

  it("a FIFO with no writer does not block graph", async () => {
    const fifo = path.join(inputs, "pipe.dot");
    execFileSync("mkfifo", [fifo]);
    await fault(["graph", fifo], { exit: 2, first: /pipe\.dot is a named pipe \(FIFO\), not a regular file: save a TLC dump to a file and name that\. \[INPUT_NOT_A_FILE\]$/ });
    rmSync(fifo);
  });

  it("a folder, a device and a missing file", async () => {
    mkdirSync(path.join(inputs, "folder.dot"));
    await fault(["graph", path.join(inputs, "folder.dot")], { exit: 2, first: /folder\.dot is a folder: name a TLC dump file instead\. \[INPUT_IS_DIRECTORY\]$/ });
    await fault(["graph", "/dev/zero"], { exit: 2, first: /^\/dev\/zero is a device, not a regular file/ });
    await fault(["graph", path.join(inputs, "nope.dot")], { exit: 2, first: /nope\.dot does not exist: check the path\. \[INPUT_NOT_FOUND\]$/ });
    rmSync(path.join(inputs, "folder.dot"), { recursive: true });
  });

  it("a log, a mapping and a --spec that are folders or FIFOs", async () => {
    const fifo = path.join(inputs, "pipe.ndjson");
    execFileSync("mkfifo", [fifo]);
    mkdirSync(path.join(inputs, "logs"));
    mkdirSync(path.join(inputs, "spec.tla"));
    const log = put("ok.ndjson", T1);
    await fault(["validate", fifo, "--model", MODEL], { exit: 2, first: /pipe\.ndjson is a named pipe \(FIFO\).*\[INPUT_NOT_A_FILE\]$/ });
    await fault(["validate", path.join(inputs, "logs"), "--model", MODEL], { exit: 2, first: /logs is a folder: name an NDJSON log file instead\. \[INPUT_IS_DIRECTORY\]$/ });
    await fault(["validate", log, "--model", MODEL, "--mapping", path.join(inputs, "logs")], { exit: 2, first: /logs is a folder: name a JSON mapping file instead\. \[INPUT_IS_DIRECTORY\]$/ });
    await fault(["validate", log, "--model", MODEL, "--mapping", path.join(inputs, "absent.json")], { exit: 2, first: /absent\.json does not exist: check the path given to --mapping\. \[MAPPING_NOT_FOUND\]$/ });
    await fault(["validate", log, "--model", MODEL, "--spec", path.join(inputs, "spec.tla")], { exit: 2, first: /spec\.tla is a folder: name a TLA\+ spec file instead\. \[INPUT_IS_DIRECTORY\]$/ });
    await fault(["validate", log, "--model", path.join(inputs, "spec.tla")], { exit: 2, first: /spec\.tla is a folder: name a TLA\+ spec file instead\. \[INPUT_IS_DIRECTORY\]$/ });
    // The isolation mapping (cover --criterion histories, permissiveness) too.
    await fault(["cover", MODEL, "--criterion", "histories", "--mapping", fifo], { exit: 2, first: /pipe\.ndjson is a named pipe \(FIFO\), not a regular file: save a JSON mapping to a file and name that\. \[INPUT_NOT_A_FILE\]$/ });
    await fault(["permissiveness", MODEL, "--level", "SI", "--mapping", put("deep-roles.json", "[".repeat(10_000))], { exit: 2, first: /deep-roles\.json:1:101: found a value nested more than 100 levels deep.*\[INPUT_TOO_DEEP\]$/ });
    rmSync(fifo);
    rmSync(path.join(inputs, "logs"), { recursive: true });
    rmSync(path.join(inputs, "spec.tla"), { recursive: true });
  });

  it("a binary file as --spec, as a dump and as a mapping", async () => {
    const bin = put("binary.tla", Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x0a]));
    const log = put("ok.ndjson", T1);
    await fault(["validate", log, "--model", MODEL, "--spec", bin], { exit: 2, first: /binary\.tla:1:7: expected text, found a NUL byte: this is a binary file, not a TLA\+ spec \[SPEC_BINARY\]$/ });
    await fault(["graph", bin], { exit: 2, first: /binary\.tla:1:7: expected text, found a NUL byte: this is a binary file, not a TLC dump \[DUMP_BINARY\]$/ });
    await fault(["validate", log, "--model", MODEL, "--mapping", bin], { exit: 2, first: /\[MAPPING_BINARY\]$/ });
  });
});

describe("more odd files", () => {
  it("a symlink loop, a truncated gzip, a corrupt gzip, /dev/stdin, a gzipped log", async () => {
    symlinkSync("loop-b", path.join(inputs, "loop-a"));
    symlinkSync("loop-a", path.join(inputs, "loop-b"));
    await fault(["graph", path.join(inputs, "loop-a")], { exit: 2, first: /loop-a is a loop of symbolic links: name the file itself\. \[INPUT_UNREADABLE\]$/ });
    const gz = gzipSync(DOT);
    await fault(["graph", put("cut.dot.gz", gz.subarray(0, gz.length >> 1))], { exit: 2, first: /cut\.dot\.gz:\d+:1: expected more gzip data: the compressed file is truncated or corrupt \[DUMP_TRUNCATED\]$/ });
    await fault(["graph", put("corrupt.gz", Buffer.from("\x1f\x8bgarbage", "latin1"))], { exit: 2, first: /corrupt\.gz:1:1: expected more gzip data.*\[DUMP_TRUNCATED\]$/ });
    await fault(["graph", "/dev/stdin"], { exit: 2, first: /^\/dev\/stdin is (a device|a named pipe \(FIFO\)|a socket), not a regular file/ });
    const run = await cli("validate", put("log.ndjson.gz", gzipSync(T1)), "--model", MODEL);
    // Read (a verdict about the events), not refused.
    expect(run.stderr).toMatch(/\[LOG_INVALID\]$|^$/m);
    expect(run.stderr).not.toMatch(/\[(LOG_(BINARY|ENCODING|SYNTAX|EMPTY)|INPUT_\w+)\]/);
    rmSync(path.join(inputs, "loop-a"));
    rmSync(path.join(inputs, "loop-b"));
  });

  it("bad limit values are usage errors (exit 2)", async () => {
    expect((await cli("graph", MODEL, "--max-line-bytes", "0")).code).toBe(2);
    expect((await cli("graph", MODEL, "--max-depth", "deep")).stderr).toMatch(/option '--max-depth <n>' argument 'deep' is invalid\. expected a positive integer/);
    expect((await cli("graph", MODEL, "--max-input-bytes", "2G", "--json")).code).toBe(0);
  });

  it("a plain dump value wrapped over lines, and an action label, are bounded too", async () => {
    const wrapped = `State 1:\n/\\ x = <<1,\n${"  2,2,2,2,2,2,\n".repeat(100)}  3>>\n`;
    await fault(["graph", put("wrap.dump", wrapped), "--max-line-bytes", "1K"], { exit: 2, first: /wrap\.dump:2:1: found a line longer than 1 KiB \(a value wrapped over lines\)/ });
    const label = dot('1 [label="/\\\\ x = 1",style = filled];', `1 -> 1 [label="A(${"{".repeat(500)}1${"}".repeat(500)})"];`);
    await fault(["graph", put("edge.dot", label)], { exit: 2, first: /edge\.dot:3:\d+: found a value nested more than 100 levels deep \(in an action label such as Name or Name\(v1,v2\)\)/ });
  });
});

describe("limits: each refusal names the limit and the flag that raises it", () => {
  it("a line at the default limit (16 MiB) is refused fast", async () => {
    const file = put("long.dot", Buffer.concat([Buffer.from("strict digraph DiskGraph {\n"), Buffer.alloc(DEFAULT_LIMITS.maxLineBytes + 1024, 0x61), Buffer.from("\n}\n")]));
    await fault(["graph", file], { exit: 2, first: /long\.dot:2:1: found a line longer than 16 MiB: raise the limit with --max-line-bytes <n> if the input is meant to be this large \[INPUT_LINE_TOO_LONG\]$/ });
  });

  it("a DOT label of 120 MiB: refused by the line limit quickly, no V8 crash", async () => {
    const head = Buffer.from('strict digraph DiskGraph {\n1 [label="/\\\\ x = \\"');
    const file = put("label120.dot", Buffer.concat([head, Buffer.alloc(120 << 20, 0x62), Buffer.from('\\""];\n}\n')]));
    await fault(["graph", file], { exit: 2, first: /label120\.dot:2:1: found a line longer than 16 MiB.*\[INPUT_LINE_TOO_LONG\]$/ });
    rmSync(file);
  });

  it("the line limit lowered by --max-line-bytes (an 80 KiB label against 64K)", async () => {
    const file = put("label80.dot", dot(`1 [label="/\\\\ x = \\"${"c".repeat(80 << 10)}\\"",style = filled];`));
    await fault(["graph", file, "--max-line-bytes", "64K"], { exit: 2, first: /label80\.dot:2:1: found a line longer than 64 KiB: raise the limit with --max-line-bytes/ });
    expect((await cli("graph", file, "--max-line-bytes", "1M")).code).toBe(0);
  });

  it("a gzip that inflates past --max-input-bytes stops there", async () => {
    const edges = "1 -> 1 [label=\"Next\"];\n".repeat(400_000);
    const file = put("bomb.dot.gz", gzipSync(dot('1 [label="/\\\\ x = 1",style = filled];', edges), { level: 9 }));
    expect(statSync(file).size).toBeLessThan(100_000);
    const run = await fault(["graph", file, "--max-input-bytes", "2M"], { exit: 2, first: /bomb\.dot\.gz: found more than 2 MiB of input \(inflated from .* of gzip; stopped there\): raise the limit with --max-input-bytes <n>/ });
    expect(run.stdout).toBe("");
  });

  it("a file over the default input limit (1 GiB, sparse) is refused before reading", async () => {
    const file = sparse("huge.dot", DEFAULT_LIMITS.maxInputBytes + 1);
    await fault(["graph", file], { exit: 2, first: /huge\.dot: found more than 1 GiB of input \(the file has 1,073,741,825 bytes\): raise the limit with --max-input-bytes/ });
    rmSync(file);
  });

  it("a 600 MB log is said to be too large (with the flag), not missing", async () => {
    const file = sparse("big.ndjson", 600_000_000);
    await fault(["validate", file, "--model", MODEL, "--max-input-bytes", "500M"], { exit: 2, first: /big\.ndjson: found more than 500 MiB of input \(the file has 600,000,000 bytes\): raise the limit with --max-input-bytes/ });
    rmSync(file);
  });

  it("an 8 MB-class label with 10^6 elements: refused by the element limit, fast and small", async () => {
    const file = put("elements.dot", dot(`1 [label="/\\\\ x = <<${Array.from({ length: 1_000_000 }, (_, i) => i % 10).join(",")}>>",style = filled];`));
    await fault(["graph", file], { exit: 2, first: /elements\.dot:2:\d+: found a value with more than 200,000 elements \(in a state variable\): raise the limit with --max-elements <n>.*\[INPUT_TOO_MANY_ELEMENTS\]$/ });
    await fault(["graph", file, "--max-elements", "1000"], { exit: 2, first: /more than 1,000 elements/ });
  });

  it("deep nesting: a DOT label, a plain dump, trace JSON, a log's state, a trace log, a mapping: exit 2 with file:line:col", async () => {
    const deepTla = "{".repeat(5000) + "}".repeat(5000);
    const deepJson = "[".repeat(100_000) + "]".repeat(100_000);
    await fault(["graph", put("deep.dot", dot(`1 [label="/\\\\ x = ${deepTla}",style = filled];`))], { exit: 2, first: /deep\.dot:2:\d+: found a value nested more than 100 levels deep \(in a state variable\): raise the limit with --max-depth <n>.*\[INPUT_TOO_DEEP\]$/ });
    await fault(["graph", put("deep.dump", `State 1:\n/\\ x = ${deepTla}\n`)], { exit: 2, first: /deep\.dump:2:\d+: found a value nested more than 100 levels deep/ });
    await fault(["graph", put("deep.json", `{"vars": ["x"], "counterexample": {"state": [[1, {"x": ${deepJson}}]]}}\n`)], { exit: 2, first: /deep\.json:1:\d+: found a value nested more than 100 levels deep.*\[INPUT_TOO_DEEP\]$/ });
    await fault(["validate", put("deep.ndjson", T1 + `{"host":"t1","clock":{"t1":3},"event":"Read","state":{"db":${deepJson}}}\n`), "--model", MODEL], { exit: 2, first: /deep\.ndjson:3:\d+: found a value nested more than 100 levels deep.*\[INPUT_TOO_DEEP\]$/ });
    await fault(["validate", put("deep-trace.json", `{"states": [${deepJson}]}\n`), "--model", MODEL], { exit: 2, first: /deep-trace\.json:1:\d+: found a value nested more than 100 levels deep/ });
    await fault(["validate", put("ok.ndjson", T1), "--model", MODEL, "--mapping", put("deep-mapping.json", `{"host": "h", "clock": "c", "events": [${deepJson}]}`)], { exit: 2, first: /deep-mapping\.json:1:\d+: found a value nested more than 100 levels deep/ });
    await fault(["graph", put("deep10.dot", dot(`1 [label="/\\\\ x = {{{{{{}}}}}}",style = filled];`)), "--max-depth", "3"], { exit: 2, first: /deep10\.dot:2:\d+: found a value nested more than 3 levels deep/ });
  });
});

describe("dumps: wrong content is an error, never silently accepted", () => {
  it("a BOM at the start is skipped", async () => {
    const run = await cli("graph", put("bom.dot", "\ufeff" + DOT));
    expect([run.code, run.stdout.split("\n")[1]]).toEqual([0, expect.stringMatching(/states\s+266 \(1 initial\)/)]);
  });

  it("a second, different declaration of a state id is an error with file:line", async () => {
    const file = put("twice.dot", dot('1 [label="/\\\\ x = 1",style = filled];', '2 [label="/\\\\ x = 2"];', "1 -> 2;", '2 [label="/\\\\ x = 3"];'));
    await fault(["graph", file], { exit: 2, first: /twice\.dot:5:1: expected each state declared once, found state 2 declared again with other values or style than at line 3 .*\[DUMP_DUPLICATE_STATE\]$/ });
    // The same declaration again is harmless (one state).
    const same = await cli("graph", put("same.dot", dot('1 [label="/\\\\ x = 1",style = filled];', '1 [label="/\\\\ x = 1",style = filled];')), "--json");
    expect([same.code, JSON.parse(same.stdout).states]).toEqual([0, 1]);
  });

  it("a trace JSON index given twice with other values is an error", async () => {
    const file = put("twice.json", '{"counterexample": {"state": [[1, {"x": 1}], [2, {"x": 2}]], "action": [[[1, {"x": 1}], {"name": "Next"}, [2, {"x": 3}]]]}}\n');
    await fault(["graph", file], { exit: 2, first: /twice\.json:1:1: expected the state that index 2 names elsewhere in the trace \(the same index with other values\) at counterexample\.action\[0\]\[2\] of a -dumpTrace json file \[DUMP_TRACE\]$/ });
  });

  it("007 against 7 is an error, not one state with its edges retargeted", async () => {
    const file = put("zeros.dot", dot('7 [label="/\\\\ x = 1",style = filled];', '007 [label="/\\\\ x = 2"];', "7 -> 007;"));
    await fault(["graph", file], { exit: 2, first: /zeros\.dot:3:1: expected a state id as TLC writes it, found 007 with a leading zero \(it would be the same state as 7\) \[DUMP_SYNTAX\]$/ });
  });

  it("model text in messages is escaped onto one line (U+2028, CR, ESC)", async () => {
    await fault(["graph", put("sep.dot", dot("\u2028\r\x1b[31mred"))], { exit: 2, first: /sep\.dot:2:1: expected a node, edge, subgraph or attribute statement, found '\\u2028\\r\\u001b\[31mred' \[DUMP_SYNTAX\]$/ });
    await fault(["graph", put("sep.dump", "State 1:\n/\\ x = 1\n\n\x1bjunk\u2029\n")], { exit: 2, first: /sep\.dump:4:1: expected 'State 2:', found '\\u001bjunk\\u2029'/ });
  });

  it("a trace JSON variable named __proto__ is a variable like any other", async () => {
    const run = await cli("graph", put("proto.json", '{"counterexample": {"state": [[1, {"__proto__": 1, "constructor": {"toString": 2}}]]}}\n'), "--json");
    expect([run.code, JSON.parse(run.stdout).variables]).toEqual([0, ["__proto__", "constructor"]]);
  });
});

describe("logs: validate never says valid for what is not a log", () => {
  it("an empty log: exit 2", async () => {
    await fault(["validate", put("empty.ndjson", ""), "--model", MODEL], { exit: 2, first: /empty\.ndjson is empty: expected JSON objects with host, clock and event, one per line .*\[LOG_EMPTY\]$/ });
    await fault(["validate", put("blank.ndjson", "\n \n"), "--model", MODEL], { exit: 2, first: /\[LOG_EMPTY\]$/ });
  });

  it("binary junk without a newline is not a torn last line", async () => {
    await fault(["validate", put("junk.ndjson", "\x7fELF\x01\x02junk{{{ \u00ff"), "--model", MODEL], { exit: 2, first: /junk\.ndjson:1:1: expected one JSON object per line, found '\\u007fELF\\u0001\\u0002junk\{\{\{ ÿ', which is not JSON .* not a log torn mid-write \[LOG_SYNTAX\]$/ });
    await fault(["validate", put("latin1.ndjson", Buffer.from([0x41, 0xe9, 0xff, 0x42])), "--model", MODEL], { exit: 2, first: /latin1\.ndjson:1:2: expected UTF-8 text, found an invalid byte sequence \(is this an NDJSON log\?\) \[LOG_ENCODING\]$/ });
    // A torn last line after good ones is still a warning, and the log is read.
    const torn = await cli("validate", put("torn.ndjson", T1 + '{"host":"t1","clo'), "--model", MODEL);
    expect(torn.stderr.split("\n")[0]).toMatch(/torn\.ndjson:3: the last line is cut off/);
  });

  it("300 MB of NUL bytes (sparse): exit 2 at once", async () => {
    const file = sparse("nul.ndjson", 300_000_000);
    await fault(["validate", file, "--model", MODEL], { exit: 2, first: /nul\.ndjson:1:1: expected text, found a NUL byte: this is a binary file, not an NDJSON log \[LOG_BINARY\]$/ });
    rmSync(file);
  });

  it("a long log line against --max-line-bytes", async () => {
    await fault(["validate", put("wide.ndjson", T1 + JSON.stringify({ host: "t1", clock: { t1: 3 }, event: "Read", args: { v: "x".repeat(5000) } }) + "\n"), "--model", MODEL, "--max-line-bytes", "4K"], { exit: 2, first: /wide\.ndjson:3:1: found a line longer than 4 KiB: raise the limit with --max-line-bytes/ });
  });

  it("hosts named constructor or toString are hosts, not Object's members", async () => {
    const run = await fault(["validate", put("ctor.ndjson", NDJSON({ host: "constructor", clock: { constructor: 2 }, event: "Begin" }, { host: "toString", clock: { valueOf: 1 }, event: "Begin" })), "--model", MODEL], { exit: 2, first: /ctor\.ndjson:1: constructor's first event has clock 2, expected 1/ });
    expect(run.stderr).toMatch(/the clock has no entry for its own host toString/);
    expect(run.stderr).toMatch(/the clock refers to host valueOf, which logged nothing/);
  });

  it("host names and unmapped lines with line separators are escaped in messages", async () => {
    const run = await fault(["validate", put("sep.ndjson", NDJSON({ host: "a\u2028b\rc", clock: { "a\u2028b\rc": 2 }, event: "Begin" })), "--model", MODEL], { exit: 2, first: /sep\.ndjson:1: a\\u2028b\\rc's first event has clock 2, expected 1$/ });
    expect(run.stderr.split("\n")).toHaveLength(3);
    const mapping = put("m2.json", JSON.stringify({ host: "h", clock: "c", events: [{ when: { e: "b" }, action: "Begin" }] }));
    await fault(["validate", put("unmapped.ndjson", NDJSON({ h: "n1", c: { n1: 1 }, e: "x\u2029y\n" })), "--model", MODEL, "--mapping", mapping], { exit: 2, first: /unmapped\.ndjson:1:1: no rule in events of .*m2\.json matches this line: \{"h":"n1","c":\{"n1":1\},"e":"x\\u2029y\\n"\} \[LOG_UNMAPPED\]$/ });
  });

  it("a malformed -dumpTrace json trace given as a log: exit 2, not a TypeError", async () => {
    await fault(["validate", put("bad-trace.json", '{"counterexample": {"state": [[1, {}]], "action": [[1, 2]]}}\n'), "--model", MODEL], { exit: 2, first: /bad-trace\.json:1:1: expected a \[from, action, to\] triple at counterexample\.action\[0\] of the trace \[LOG_SYNTAX\]$/ });
    await fault(["validate", put("bad-itf.json", '{"vars": ["x"], "states": [null]}\n'), "--model", MODEL], { exit: 2, first: /expected an object of variable names to values at states\[0\] of the trace \[LOG_SYNTAX\]$/ });
  });

  it("mapped logs: an empty file, and logs whose every line is ignored", async () => {
    const mapping = put("m.json", JSON.stringify({ host: "h", clock: "c", ignore: [{ when: { level: "debug" } }], events: [{ when: { e: "b" }, action: "Begin" }] }));
    await fault(["validate", put("empty2.ndjson", ""), "--model", MODEL, "--mapping", mapping], { exit: 2, first: /empty2\.ndjson is empty: .*\[LOG_EMPTY\]$/ });
    await fault(["validate", put("debug.ndjson", NDJSON({ level: "debug" }, { level: "debug" })), "--model", MODEL, "--mapping", mapping], { exit: 2, first: /debug\.ndjson give no event: every line is a header line or ignored by .*m\.json.*\[LOG_NO_EVENTS\]$/ });
  });
});

describe("mappings and ITF: prototype names are data", () => {
  it("a mapping field named constructor or __proto__ is an unknown field, not Object's", async () => {
    const mapping = put("proto-mapping.json", '{"host": "h", "clock": "c", "events": [{"action": "Begin"}], "constructor": 1, "__proto__": {"host": 2}}');
    const run = await fault(["validate", put("ok.ndjson", T1), "--model", MODEL, "--mapping", mapping], { exit: 2, first: /proto-mapping\.json/ });
    expect(run.stderr).toMatch(/unknown field "constructor"/);
    expect(run.stderr).toMatch(/unknown field "__proto__"/);
  });

  it("ITF: deep nesting is a clean error; fields named __proto__ are kept", () => {
    const deep = "[".repeat(50_000) + "]".repeat(50_000);
    expect(() => parseItfText(deep, "deep.itf.json")).toThrow(TlabridgeError);
    expect(() => parseItfText(deep, "deep.itf.json")).toThrow(/deep\.itf\.json:1:101: found a value nested more than 100 levels deep/);
    let nested: unknown = 1;
    for (let i = 0; i < 20_000; i++) nested = [nested];
    expect(() => fromItf(nested)).toThrow(ItfError);
    expect(() => fromItf(nested)).toThrow(/nested at most 100 levels deep \(raise the limit with --max-depth\)/);
    const v = parseItfText('{"__proto__": 1, "constructor": {"#set": []}}', "p.json");
    expect(v).toMatchObject({ kind: "record", fields: ["__proto__", "constructor"] });
    expect(() => parseItfText('{"#set": 1}', "t.json")).toThrow(/t\.json:1:1: expected an ITF value at \$\["#set"\]: expected an array after "#set"$/);
  });
});

describe("help", () => {
  it("graph, cover, validate, isolation check and permissiveness list the limit flags", async () => {
    for (const argv of [["graph"], ["cover"], ["validate"], ["isolation", "check"], ["permissiveness"]]) {
      const run = await cli(...argv, "--help");
      for (const flag of ["--max-line-bytes", "--max-input-bytes", "--max-elements", "--max-depth"]) expect(run.stdout, `${argv.join(" ")} ${flag}`).toContain(flag);
    }
  });
});
