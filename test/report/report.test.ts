// The report page: model text embedded as data that cannot break out of its
// script block, deterministic bytes, nothing loaded from outside, and the
// sections built from what the commands computed.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { coverGraph } from "../../src/cover/index.js";
import { readStateGraph } from "../../src/dump/index.js";
import { failureOf, graphSection, renderReport, reportData, scriptJson, type GraphSection, type ReportData, type ValidationSection } from "../../src/report/index.js";
import { groupFailures } from "../../src/runtime/reporter.js";
import { cli, ROOT } from "../helpers/fixtures.js";

const KV = path.join(ROOT, "specs/kvstore/kvstore-2x2.dot");
const HOSTILE = '</script><img src=x onerror="window.pwned=1"><!-- \u2028 & \u2029';

/** A two-state DOT dump whose string variable holds `text`. */
function hostileDump(dir: string, text: string): string {
  const tla = `"${text.replace(/["\\]/g, (c) => "\\" + c)}"`;
  const dot = (s: string): string => s.replace(/["\\]/g, (c) => "\\" + c);
  const file = path.join(dir, "hostile.dot");
  writeFileSync(
    file,
    [
      "strict digraph DiskGraph {",
      `1 [label="${dot(`/\\ x = ${tla}`)}",style = filled]`,
      `1 -> 2 [label="Step",color="black",fontcolor="black"];`,
      `2 [label="${dot("/\\ x = \"b\"")}"];`,
      `2 -> 2 [label="Stay",color="black",fontcolor="black"];`,
      "}",
      "",
    ].join("\n"),
  );
  return file;
}

/** The JSON in the page's data block, parsed. */
function embedded(html: string): ReportData {
  const m = /<script type="application\/json" id="tlabridge-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse(m![1]!) as ReportData;
}

describe("scriptJson", () => {
  it("escapes what could end a script block or a JavaScript line, and reads back the same value", () => {
    const value = { text: HOSTILE, nested: ["</SCRIPT >", "<!--", "-->"] };
    const out = scriptJson(value);
    expect(out).not.toMatch(/[<>&\u2028\u2029]/);
    expect(out).toContain("\\u003c/script\\u003e");
    expect(out).toContain("\\u2028");
    expect(JSON.parse(out)).toEqual(value);
  });
});

describe("renderReport", () => {
  it("embeds model text only as escaped data: one data block, no markup from the model, every script closed once", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tlabridge-report-"));
    const { graph } = await readStateGraph(hostileDump(dir, HOSTILE));
    const html = renderReport(reportData(`title ${HOSTILE}`, [graphSection(graph, "hostile.dot", coverGraph(graph))]));
    expect(html).not.toContain("<img");
    expect(html).not.toContain("\u2028");
    expect(html).not.toContain("\u2029");
    expect(html.match(/<script\b/g)).toHaveLength(3); // data, dagre, the page's script
    expect(html.match(/<\/script>/g)).toHaveLength(3);
    expect(html).toContain("<title>title &#60;/script&#62;&#60;img");
    const data = embedded(html);
    const section = data.sections[0] as GraphSection;
    expect(section.nodes?.[0]?.text).toBe(`x = "${HOSTILE.replace(/"/g, '\\"')}"`); // as TLC prints the string
    expect(data.title).toBe(`title ${HOSTILE}`);
    // The page's script never parses markup.
    expect(html).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
  });

  it("is self-contained: no URL is loaded, a CSP allows nothing from outside, dagre is inlined with its licence", async () => {
    const html = renderReport(reportData("kv", [graphSection((await readStateGraph(KV)).graph, "kv")]));
    expect(html).not.toMatch(/<(link|img|iframe)\b|\bsrc=|@import|url\(http/i);
    expect(html).toContain(`content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'`);
    expect(html).toContain("@dagrejs/dagre, MIT licence");
    expect(html).toContain("Permission is hereby granted");
    expect(html).not.toContain("sourceMappingURL");
    expect(html).toMatch(/var dagre=/);
  });

  it("gives the same bytes for the same input, from separate reads and runs", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "tlabridge-report-"));
    const a = path.join(dir, "a.html");
    const b = path.join(dir, "b.html");
    expect((await cli("report", KV, "--out", a)).code).toBe(0);
    expect((await cli("cover", KV, "--html", b)).code).toBe(0);
    const first = readFileSync(a, "utf8");
    expect((await cli("report", KV, "--out", b)).code).toBe(0);
    expect(readFileSync(b, "utf8")).toBe(first);
    const data = embedded(first);
    const g = data.sections[0] as GraphSection;
    expect(g).toMatchObject({ kind: "graph", layout: "drawn", stateCount: 266, transitionCount: 666 });
    expect(g.nodes).toHaveLength(266);
    expect(g.edges).toHaveLength(666);
    expect(g.cover).toMatchObject({ criterion: "transitions", pathCount: 192, lowerBound: 192, covered: 666, total: 666 });
    // Each path's states follow its transitions.
    for (const p of g.cover!.paths) p.transitions.forEach((t, i) => expect([g.edges![t]![0], g.edges![t]![1]]).toEqual([p.states[i], p.states[i + 1]]));
  });
});

describe("report sections", () => {
  it("summarizes a graph too large to draw: components, actions with counts, and the cover's paths", async () => {
    const { graph } = await readStateGraph(KV);
    const s = graphSection(graph, "kv", coverGraph(graph, { criterion: "states" }), { maxDrawnStates: 100 });
    expect(s.layout).toBe("summary");
    expect(s.nodes).toBeUndefined();
    expect(s.edges).toBeUndefined();
    expect(s.components.count).toBe(266);
    expect(s.components.largest).toHaveLength(20);
    expect(s.actionCounts).toEqual([
      { name: "Abort", count: 128 },
      { name: "Begin", count: 26 },
      { name: "Commit", count: 128 },
      { name: "Read", count: 256 },
      { name: "Write", count: 128 },
    ]);
    expect(s.cover?.criterion).toBe("states");
    expect(s.cover!.paths.length).toBe(s.cover!.pathCount);
  });

  it("lays out a step failure: the failing step, each value difference as expected against actual, the listing", () => {
    const message = [
      "path 7, step 2 of 3: Read(t: t1, k: k1, v: NoValue)",
      '  v: expected "NoValue", actual "t2"',
      "  db[k1]: missing (the model has 1)",
      "  steps: (> the failing step, * the steps of t1)",
      "    * 1  Begin(t: t1)",
      "  > * 2  Read(t: t1, k: k1, v: NoValue)",
      "      3  Begin(t: t2)",
      "      3a  refused? Commit(t2)",
    ].join("\n");
    const [group] = groupFailures([{ test: "path 7", error: { message, name: "StepFailure", signature: "Read v", pathId: 7, pathLength: 3, step: "2" } }]);
    expect(group!.shortest.step).toBe("2");
    const f = failureOf(group!);
    expect(f).toMatchObject({ signature: "Read v", count: 1, pathId: 7, pathLength: 3, step: "2", head: "path 7, step 2 of 3: Read(t: t1, k: k1, v: NoValue)" });
    expect(f.differences).toEqual([
      { text: 'v: expected "NoValue", actual "t2"', what: "v", expected: '"NoValue"', actual: '"t2"' },
      { text: "db[k1]: missing (the model has 1)" },
    ]);
    expect(f.steps).toEqual([
      { text: "*   1  Begin(t: t1)", failing: false },
      { text: "*   2  Read(t: t1, k: k1, v: NoValue)", failing: true },
      { text: "    3  Begin(t: t2)", failing: false },
      { text: "   3a  refused? Commit(t2)", failing: false },
    ]);
  });
});

describe("the validation section", () => {
  const section = async (name: string) => {
    const dir = mkdtempSync(path.join(tmpdir(), "tlabridge-report-"));
    const out = path.join(dir, "v.html");
    const logs = ["r1", "r2", "r3", "tm"].map((h) => path.join(ROOT, `test/report/fixtures/${name}/${h}.ndjson`));
    const run = await cli("validate", ...logs, "--model", path.join(ROOT, "specs/twophase/TwoPhase.tla"), "--html", out);
    return { run, s: embedded(readFileSync(out, "utf8")).sections[0] as ValidationSection };
  };
  const lanes = (s: ValidationSection) => Object.fromEntries(s.lanes.map((l) => [l.host, l.events.map((e) => [e.column, e.status, e.order ?? null])]));

  it("places a valid log's events after what they happened after, all matched in the model's order, arrows for direct news only", async () => {
    const { run, s } = await section("twophase-valid");
    expect(run.code).toBe(0);
    expect(s).toMatchObject({ verdict: "valid", events: 10, matched: 10, hosts: ["r1", "r2", "r3", "tm"], frontier: { r1: 2, r2: 2, r3: 2, tm: 4 } });
    expect(lanes(s)).toEqual({
      r1: [[1, "matched", 1], [6, "matched", 8]],
      r2: [[1, "matched", 2], [6, "matched", 9]],
      r3: [[1, "matched", 3], [6, "matched", 10]],
      tm: [[2, "matched", 4], [3, "matched", 5], [4, "matched", 6], [5, "matched", 7]],
    });
    // r1's commit message carries r2's and r3's prepares through tm: one arrow, from tm.
    expect(s.arrows).toEqual([["r1", 1, "tm", 1], ["r2", 1, "tm", 2], ["r3", 1, "tm", 3], ["tm", 4, "r1", 2], ["tm", 4, "r2", 2], ["tm", 4, "r3", 2]]);
  });

  it("marks an invalid log's frontier: the matched prefix, each host's next event unexplained with why, nothing after", async () => {
    const { run, s } = await section("twophase-invalid");
    expect(run.code).toBe(1);
    expect(s).toMatchObject({ verdict: "invalid", events: 8, matched: 4, frontier: { r1: 1, r2: 1, r3: 1, tm: 1 } });
    expect(Object.values(lanes(s)).map((l) => l.map((e) => e[1]))).toEqual([["matched", "unexplained"], ["matched", "unexplained"], ["matched", "unexplained"], ["matched", "unexplained"]]);
    const tm = s.lanes[3]!.events[1]!;
    expect(tm).toMatchObject({ event: "TMCommit", args: "{}", reasons: [expect.stringMatching(/^TMCommit is not enabled in the model state here/)] });
    expect(tm.source).toMatch(/twophase-invalid\/tm\.ndjson:2$/);
    expect(s.trace).toHaveLength(4);
  });
});
