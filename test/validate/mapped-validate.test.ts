import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadMapping, readMappedLogs } from "../../src/validate/index.js";
import { ROOT, cli } from "../helpers/fixtures.js";
import { put, workspace } from "../helpers/workspace.js";

const TWOPHASE = path.join(ROOT, "specs/twophase/TwoPhase.tla");
const dir = workspace("mapped");
const HOSTS = ["tm", "r1", "r2", "r3"];

/**
 * The two-phase commit example's mapping for a second log format, merged and
 * written as many implementations do: the host in `who`, an array clock by
 * host index, what happened in `ev` and `msg`, a header and debug lines.
 */
const MAPPING = put(
  dir,
  "twophase-mapping.json",
  JSON.stringify(
    {
      header: { lines: 1 },
      ignore: [{ when: { level: "debug" } }],
      host: "who",
      clock: { path: "vc", hosts: HOSTS },
      events: [
        { when: { ev: "prepare" }, action: "RMPrepare", args: { r: { path: "who" } } },
        { when: { ev: "abort" }, action: "RMChooseToAbort", args: { r: { path: "who" } } },
        { when: { ev: "recv", "msg.type": "Prepared" }, action: "TMRcvPrepared", args: { r: { path: "msg.rm" } } },
        { when: { ev: "decide", decision: "commit" }, action: "TMCommit" },
        { when: { ev: "decide", decision: "abort" }, action: "TMAbort" },
        { when: { ev: "recv", "msg.type": "Commit" }, action: "RMRcvCommitMsg", args: [{ path: "who" }] },
        { when: { ev: "recv", "msg.type": "Abort" }, action: "RMRcvAbortMsg", args: [{ path: "who" }] },
        { name: "Done", when: { ev: "done" }, stutter: true, state: { tmState: { path: "tm" } } },
      ],
    },
    null,
    2,
  ),
);

/** One event of the example's own format in the merged one. */
function merged(e: { host: string; clock: Record<string, number>; event: string; args: { r?: string } }): object {
  const vc = HOSTS.map((h) => e.clock[h] ?? 0);
  const at = { who: e.host, vc };
  switch (e.event) {
    case "RMPrepare":
      return { ...at, ev: "prepare" };
    case "RMChooseToAbort":
      return { ...at, ev: "abort" };
    case "TMRcvPrepared":
      return { ...at, ev: "recv", msg: { type: "Prepared", rm: e.args.r } };
    case "TMCommit":
    case "TMAbort":
      return { ...at, ev: "decide", decision: e.event === "TMCommit" ? "commit" : "abort" };
    default:
      return { ...at, ev: "recv", msg: { type: e.event === "RMRcvCommitMsg" ? "Commit" : "Abort" } };
  }
}

/**
 * Runs the two-phase commit example and rewrites its logs in the merged
 * format: each RM adds a `done` line (a stutter that says what the TM
 * decided), debug lines are mixed in, and the lines are dealt out to two
 * files in reverse order, so that no file lists a host's events in order.
 */
function mergedRun(name: string, flags: string[], tamper: (lines: object[]) => void = () => {}): string[] {
  const out = path.join(dir, name);
  execFileSync(process.execPath, [path.join(ROOT, "examples/twophase/run.mjs"), "--out", out, ...flags], { timeout: 30_000 });
  const events = readdirSync(out)
    .sort()
    .flatMap((f) => readFileSync(path.join(out, f), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Parameters<typeof merged>[0]));
  const decision = events.some((e) => e.event === "TMCommit") ? "committed" : "aborted";
  const lines: object[] = events.map(merged);
  for (const rm of HOSTS.slice(1)) {
    const last = events.filter((e) => e.host === rm).at(-1)!;
    lines.push({ who: rm, vc: HOSTS.map((h) => (h === rm ? last.clock[h]! + 1 : (last.clock[h] ?? 0))), ev: "done", tm: decision });
  }
  tamper(lines);
  lines.reverse();
  const files: [object[], object[]] = [[{ run: name }], [{ run: name }]];
  lines.forEach((l, i) => {
    files[i % 2]!.push(l);
    if (i % 3 === 0) files[i % 2]!.push({ level: "debug", text: "tick" });
  });
  return files.map((ls, k) => put(dir, `${name}/merged-${k}.log`, ls.map((l) => JSON.stringify(l)).join("\n") + "\n"));
}

describe("validating logs read through a mapping", () => {
  it("two-phase commit in a merged format, in reverse order over two files, with stutters: valid", async () => {
    const run = await cli("validate", ...mergedRun("ok", []), "--model", TWOPHASE, "--mapping", MAPPING);
    expect(run.stdout).toMatch(/^read 13 events \(3 stutters\) of 4 hosts from 2 files through .*twophase-mapping\.json in \d+\.\d\d s; \d+ lines ignored\nvalid: 13 events from 4 hosts/);
    expect(run.code).toBe(0);
    const json = await cli("validate", ...mergedRun("json", ["--abort", "r2"]), "--model", TWOPHASE, "--mapping", MAPPING, "--json");
    expect(JSON.parse(json.stdout)).toMatchObject({ verdict: "valid", hosts: 4 });
  });

  it("the protocol bug is rejected, at the original file:line of the merged log", async () => {
    const files = mergedRun("bug", ["--bug"]);
    const run = await cli("validate", ...files, "--model", TWOPHASE, "--mapping", MAPPING);
    expect(run.code).toBe(1);
    const m = /tm's next event TMCommit \((.*merged-\d\.log):(\d+)\):\n {4}- TMCommit is not enabled/.exec(run.stdout);
    expect(m).not.toBeNull();
    expect(JSON.parse(readFileSync(m![1]!, "utf8").split("\n")[Number(m![2]) - 1]!)).toMatchObject({ who: "tm", ev: "decide", decision: "commit" });
  });

  it("a stutter's state is checked where it happens", async () => {
    const files = mergedRun("stutter", [], (lines) => {
      const done = lines.find((l) => (l as { who: string; ev: string }).who === "r2" && (l as { ev: string }).ev === "done") as { tm: string };
      done.tm = "aborted";
    });
    const run = await cli("validate", ...files, "--model", TWOPHASE, "--mapping", MAPPING);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/r2's next event Done \(.*merged-\d\.log:\d+\):\n {4}- \(stutter\): state field tmState: the model has "committed" at Done, the log "aborted"/);
  });

  it("constants from the header replace the config's (a host the config's N has no room for)", async () => {
    const spec = put(dir, "ring/Ring.tla", "---- MODULE Ring ----\nEXTENDS Naturals\nCONSTANT N\nVARIABLE hits\nInit == hits = [i \\in 0..N-1 |-> 0]\nHit(i) == hits' = [hits EXCEPT ![i] = @ + 1]\nNext == \\E i \\in 0..N-1 : Hit(i)\n====\n");
    put(dir, "ring/Ring.cfg", "CONSTANTS N = 2\nINIT Init\nNEXT Next\n");
    const log = put(dir, "ring/run.ndjson", ['{"N": 3}', '{"node": 2, "vc": {"2": 1}}', '{"node": 0, "vc": {"0": 1, "2": 1}}'].join("\n") + "\n");
    const events = [{ action: "Hit", args: { i: { path: "node" } } }];
    const withN = put(dir, "ring/with-n.json", JSON.stringify({ header: { constants: { N: "N" } }, host: "node", clock: "vc", events }));
    const withoutN = put(dir, "ring/without-n.json", JSON.stringify({ header: { lines: 1 }, host: "node", clock: "vc", events }));
    const good = await cli("validate", log, "--model", spec, "--mapping", withN);
    expect(good.stderr).toMatch(/note: N = 3 from .*run\.ndjson:1 replaces N = 2 of .*Ring\.cfg/);
    expect(good.stdout).toMatch(/; header: N = 3\nvalid: 2 events from 2 hosts/);
    expect(good.code).toBe(0);
    const bad = await cli("validate", log, "--model", spec, "--mapping", withoutN);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/2's next event Hit \(.*run\.ndjson:2\)/);
  });

  it("a bad mapping exits 2 with the mapping's line and JSON path; --help explains --mapping", async () => {
    const files = mergedRun("badmap", []);
    const bad = put(dir, "bad-mapping.json", '{\n  "host": "who",\n  "clock": {"path": "vc", "host": ["tm"]},\n  "events": [{"when": {"ev": "prepare"}, "action": 3}]\n}\n');
    const run = await cli("validate", ...files, "--model", TWOPHASE, "--mapping", bad);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `${bad}:3:27: $.clock.host: unknown field "host" (expected "description", "path", "hosts")\n${bad}:4:52: $.events[0].action: expected the name of a spec action, found number 3 [MAPPING_SCHEMA]\n`,
    );
    const syntax = await cli("validate", ...files, "--model", TWOPHASE, "--mapping", put(dir, "syntax.json", '{"host": "who",}'));
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/syntax\.json:1:16: \$: not JSON: expected a key in double quotes \[MAPPING_SYNTAX\]/);
    const help = await cli("validate", "--help");
    expect(help.stdout).toMatch(/--mapping <file\.json>/);
    expect(help.stdout).toMatch(/"stutter": true/);
  });

  it("logs that do not fit the mapping exit 2 with file:line; a skipped clock entry is one lint error", async () => {
    const unmapped = mergedRun("unmapped", [], (lines) => lines.push({ who: "tm", vc: [9, 0, 0, 0], ev: "reboot" }));
    const run = await cli("validate", ...unmapped, "--model", TWOPHASE, "--mapping", MAPPING);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/merged-\d\.log:2:1: no rule in events of .*twophase-mapping\.json matches this line: \{"who":"tm","vc":\[9,0,0,0\],"ev":"reboot"\} \[LOG_UNMAPPED\]/);
    // r1 loses its first event (prepare): its later events shift by one, and the TM's clock points at a missing entry.
    const skipped = mergedRun("skipped", [], (lines) => lines.splice(lines.findIndex((l) => (l as { who: string }).who === "r1"), 1));
    const lint = await cli("validate", ...skipped, "--model", TWOPHASE, "--mapping", MAPPING);
    expect(lint.code).toBe(2);
    expect(lint.stderr).toMatch(/^[^\n]*merged-\d\.log:\d+: r1's first event has clock 2: entry 1 is missing\n1 clock error in the logs[^\n]*\[LOG_CLOCKS\]\n$/);
  });
});

const EXAMPLES = process.env.TLAPLUS_EXAMPLES ?? path.resolve(ROOT, "../ext/Examples");
const EWD998 = path.join(EXAMPLES, "specifications/ewd998/EWD998ChanTrace.ndjson");

describe("the EWD998 mapping", () => {
  it("is a valid mapping", async () => {
    const m = await loadMapping(path.join(ROOT, "examples/ewd998/mapping.json"));
    expect(m.events.map((r) => (r.kind === "action" ? r.action : `(${r.name})`))).toEqual(["InitiateProbe", "PassToken", "(RecvToken)", "SendMsg", "RecvMsg", "Deactivate", "(SendTrm)", "(RecvTrm)"]);
  });

  it.skipIf(!existsSync(EWD998))("reads tlaplus/Examples' EWD998 log (skipped without it: set TLAPLUS_EXAMPLES); a skipped clock entry is one lint error", async () => {
    const m = await loadMapping(path.join(ROOT, "examples/ewd998/mapping.json"));
    const read = await readMappedLogs([EWD998], m);
    expect(read.problems).toEqual([]);
    expect(read.logs.events).toBe(654);
    expect(read.logs.hosts).toEqual(["0", "1", "2", "3", "4"]);
    expect([...read.logs.byHost.values()].flat().filter((e) => e.stutter)).toHaveLength(218);
    expect(read.constants.get("N")?.value).toBe(5);
    // Drop node 3's 42nd event: one error at its 43rd, where TLC's own reading would report a cycle per later event.
    const lines = readFileSync(EWD998, "utf8").split("\n");
    const gone = lines.findIndex((l) => l.includes('"node":3') && l.includes('"3":42,'));
    const expectedLine = lines.findIndex((l) => l.includes('"node":3') && l.includes('"3":43,')) + 1;
    const mutated = put(dir, "ewd998-skipped.ndjson", lines.filter((_, i) => i !== gone).join("\n"));
    const skipped = await readMappedLogs([mutated], m);
    expect(skipped.problems.map((p) => `${p.line}: ${p.problem}`)).toEqual([expect.stringMatching(new RegExp(`^${expectedLine - (expectedLine > gone ? 1 : 0)}: 3's clock goes from 41 \\(.*\\) to 43: entry 42 is missing$`))]);
  });
});
