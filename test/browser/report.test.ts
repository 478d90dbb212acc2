// The report pages in a real browser (Debian's Chromium through
// playwright-core): what each shows, what a click highlights, and that model
// text stays text. Skipped, and says so, where Chromium is not installed
// (.ci/run installs it). With UPDATE_SCREENSHOTS=1 the screenshots are
// copied to docs/report/ (the README's pictures).
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSuite } from "../../src/generate/index.js";
import type { GraphSection, ReportData } from "../../src/report/index.js";
import { cli, ROOT } from "../helpers/fixtures.js";
import { workspace } from "../helpers/workspace.js";

const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.warn(`test/browser/report.test.ts: skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM)`);

const BIN = path.join(ROOT, "bin/tlabridge.js");
const DOCS = path.join(ROOT, "docs/report");
/** Paths as the user types them, relative to the project: the pages (and screenshots) do not depend on where it is checked out. */
const rel = (p: string): string => path.relative(process.cwd(), path.join(ROOT, p));

/** What the page's callbacks use of a DOM element (the project's TypeScript has no DOM types; the callbacks run in the page, so only casts, no helpers). */
interface DomElement {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { x: number };
}

function embedded(file: string): ReportData {
  const m = /<script type="application\/json" id="tlabridge-data">([\s\S]*?)<\/script>/.exec(readFileSync(file, "utf8"));
  return JSON.parse(m![1]!) as ReportData;
}

describe.skipIf(!HAVE_CHROMIUM)("reports in Chromium", () => {
  const dir = workspace("report-browser");
  let browser: Browser;
  const pages: Page[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: process.getuid?.() === 0 ? ["--no-sandbox"] : [] });
  });
  afterAll(async () => {
    await browser?.close();
  });

  /** Opens a report from disk (file://) and waits for its script; page errors and console messages fail the test. */
  async function open(file: string, width = 1280, height = 800): Promise<Page> {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
    pages.push(page);
    const problems: string[] = [];
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => problems.push(`console ${m.type()}: ${m.text()}`));
    page.on("request", (r) => {
      if (!r.url().startsWith("file:")) problems.push(`requested ${r.url()}`);
    });
    await page.goto(pathToFileURL(file).href);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    expect(problems).toEqual([]);
    return page;
  }

  /** A screenshot into the workspace, copied to docs/report with UPDATE_SCREENSHOTS=1. */
  async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
    const out = path.join(dir, name);
    await page.screenshot({ path: out, fullPage });
    expect(statSync(out).size).toBeGreaterThan(5_000);
    if (process.env.UPDATE_SCREENSHOTS === "1") {
      mkdirSync(DOCS, { recursive: true });
      copyFileSync(out, path.join(DOCS, name));
    }
  }

  it("draws the kvstore graph (a node per state, an edge per transition) and highlights a cover path on click", async () => {
    const file = path.join(dir, "kvstore.html");
    const run = await cli("report", rel("specs/kvstore/kvstore-2x2.dot"), "--out", file);
    expect(run.code, run.stderr).toBe(0);
    const data = embedded(file).sections[0] as GraphSection;
    const page = await open(file);
    expect(await page.locator("svg.graph .node").count()).toBe(266);
    expect(await page.locator("svg.graph .edge").count()).toBe(666);
    expect(await page.locator("svg.graph .node.initial").count()).toBe(1);
    expect(await page.locator("button.path").count()).toBe(192);
    expect(await page.locator(".legend").first().textContent()).toBe("Abort 128Begin 26Commit 128Read 256Write 128");
    // Every drawn edge has a path from the layout.
    expect(await page.locator('svg.graph .edge:not([d^="M"])').count()).toBe(0);

    const path5 = data.cover!.paths[4]!;
    await page.click('button.path[data-path="5"]');
    expect(await page.locator("svg.graph.dim").count()).toBe(1);
    expect(await page.locator("button.path.selected").textContent()).toMatch(/^path 5 · 6 steps: Begin → /);
    const highlighted = await page.locator("svg.graph .edge.hl").evaluateAll((es) => es.map((e) => Number((e as unknown as DomElement).getAttribute("data-t"))).sort((a, b) => a - b));
    expect(highlighted).toEqual([...new Set(path5.transitions)].sort((a, b) => a - b));
    expect(await page.locator("svg.graph .node.hl").count()).toBe(new Set(path5.states).size);
    expect(await page.locator(".detail-text").textContent()).toMatch(/^path 5 from state 0\n1 {2}Begin\(/);
    await screenshot(page, "kvstore-graph-cover.png");

    // A second click clears the highlight; a state shows its variables.
    await page.click('button.path[data-path="5"]');
    expect(await page.locator("svg.graph .edge.hl").count()).toBe(0);
    await page.click('svg.graph .node[data-state="0"]');
    expect(await page.locator(".detail-text").textContent()).toMatch(/^state 0 \(initial\)\nstatus = \(t1 :> "idle" @@ t2 :> "idle"\)/);
  });

  it("keeps model text as text: a state holding </script> and markup shows it, runs nothing", async () => {
    const dump = path.join(dir, "hostile.dot");
    const text = '</script><img src=x onerror=window.pwned=1><b id=bold>b</b>\u2028';
    writeFileSync(dump, `strict digraph DiskGraph {\n1 [label="/\\\\ x = \\"${text}\\"",style = filled]\n1 -> 1 [label="Stay",color="black",fontcolor="black"];\n}\n`);
    const file = path.join(dir, "hostile.html");
    expect((await cli("report", dump, "--out", file)).code).toBe(0);
    const page = await open(file);
    expect(await page.locator("img, b#bold").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    await page.click('svg.graph .node[data-state="0"]');
    expect(await page.locator(".detail-text").textContent()).toBe(`state 0 (initial)\nx = "${text}"`);
  });

  it("summarizes a graph too large to draw (kvstore-3x2): components, actions, and the paths", async () => {
    const file = path.join(dir, "summary.html");
    const run = await cli("report", rel("specs/kvstore/kvstore-3x2.dot.gz"), "--out", file);
    expect(run.stdout).toMatch(/9,130 states and 28,038 transitions summarized .* 7,344 transitions cover paths/);
    const page = await open(file);
    expect(await page.locator("svg.graph").count()).toBe(0);
    expect(await page.locator(".summary table").first().locator("tbody tr").count()).toBe(20);
    expect(await page.locator(".summary .acyclic").count()).toBe(1);
    expect(await page.locator(".summary table").nth(1).locator("tbody tr").allTextContents()).toEqual(["Abort5,448", "Begin798", "Commit5,448", "Read10,896", "Write5,448"]);
    expect(await page.locator("button.path").count()).toBe(2000);
    expect(await page.locator(".paths .facts").textContent()).toBe("the first 2,000 are listed");
    await page.click('button.path[data-path="3"]');
    expect(await page.locator(".detail-text").textContent()).toMatch(/^path 3 from state 0\n1 {2}Begin\(t1\) {2}→ 1\n/);
    await screenshot(page, "kvstore-3x2-summary.png");
  });

  it("shows a failed suite: each group's failing step and the value difference, expected against actual", async () => {
    const suite = path.join(dir, "suite");
    await generateSuite({
      dump: path.join(ROOT, "specs/kvstore/kvstore-2x2.dot"),
      spec: path.join(ROOT, "specs/kvstore/KVStore.tla"),
      adapter: path.join(ROOT, "examples/kvstore-memory/adapter.ts"),
      outDir: suite,
      criterion: "transitions",
    });
    const file = path.join(dir, "failed-suite.html");
    // Run from the workspace with a relative suite folder, so the page names it as a user would.
    const r = spawnSync(process.execPath, [BIN, "test", "suite", "--html", file], {
      cwd: dir,
      env: { ...process.env, KVSTORE_BUGS: "", KVSTORE_MUTANT: "commit-ts-ties-snapshot", NO_COLOR: "1" },
      encoding: "utf8",
    });
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/\d+ failed, \d+ passed; the failures fall in 2 groups/);
    const page = await open(file);
    expect(await page.locator(".failure").count()).toBe(2);
    const signatures = await page.locator(".failure .signature").allTextContents();
    expect(signatures.map((s) => s.replace(/^\d+ × /, "")).sort()).toEqual(["Commit r", "Read v"]);
    const commit = page.locator(".failure", { has: page.locator(".signature", { hasText: "Commit r" }) });
    expect(await commit.locator(".head").textContent()).toMatch(/^path \d+, step (\d+) of \d+: Commit\(t: t\d, r: "conflict"\)$/);
    expect(await commit.locator("td.expected").textContent()).toBe('"conflict"');
    expect(await commit.locator("td.actual").textContent()).toBe('"ok"');
    const failing = await commit.locator("li.failing").textContent();
    const step = /step (\d+) of/.exec((await commit.locator(".head").textContent())!)![1]!;
    expect(failing).toMatch(new RegExp(`^▶ \\* +${step} {2}Commit\\(t: t\\d, r: "conflict"\\)$`));
    expect(await commit.locator(".facts").first().textContent()).toContain(`failing step ${step}`);
    await screenshot(page, "failed-suite.png", true);
  });

  it("shows an invalid two-phase-commit log as a timeline: a lane per host, the matched prefix, the events not explained", async () => {
    const logs = ["r1", "r2", "r3", "tm"].map((h) => rel(`test/report/fixtures/twophase-invalid/${h}.ndjson`));
    const file = path.join(dir, "twophase.html");
    const run = await cli("validate", ...logs, "--model", rel("specs/twophase/TwoPhase.tla"), "--html", file);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^invalid: 8 events from 4 hosts/);
    const page = await open(file);
    expect(await page.locator("svg.timeline-svg .lane .host").allTextContents()).toEqual(["r1", "r2", "r3", "tm"]);
    expect(await page.locator("svg.timeline-svg .event.matched").count()).toBe(4);
    const unexplained = await page.locator("svg.timeline-svg .event.unexplained").evaluateAll((es) => es.map((e) => `${(e as unknown as DomElement).getAttribute("data-host")}#${(e as unknown as DomElement).getAttribute("data-index")}`));
    expect(unexplained).toEqual(["r1#2", "r2#2", "r3#2", "tm#2"]);
    expect(await page.locator("svg.timeline-svg .frontier").count()).toBe(1);
    expect(await page.locator("svg.timeline-svg .band").count()).toBe(4);
    expect(await page.locator("svg.timeline-svg .hb").count()).toBeGreaterThan(0);
    // tm's commit comes after the prepare it heard of, and each RMRcvCommitMsg after tm's commit.
    const x = async (host: string, index: number) =>
      page.locator(`svg.timeline-svg .event[data-host="${host}"][data-index="${index}"]`).evaluate((e) => (e as unknown as DomElement).getBoundingClientRect().x);
    expect(await x("tm", 1)).toBeGreaterThan(await x("r2", 1));
    for (const r of ["r1", "r2", "r3"]) expect(await x(r, 2)).toBeGreaterThan(await x("tm", 2));
    const list = await page.locator(".unexplained-event").allTextContents();
    expect(list).toHaveLength(4);
    expect(list[3]).toMatch(/^tm's event 2: TMCommit \{\}.*TMCommit is not enabled in the model state here/);
    expect(await page.locator(".verdict").textContent()).toMatch(/^invalid/);
    await screenshot(page, "twophase-invalid.png", true);
  });

  it("charts permissiveness: allowed against produced, never produced and forbidden by anomaly", async () => {
    const file = path.join(dir, "permissiveness.html");
    const run = await cli("permissiveness", rel("specs/kvstore/KVStore.tla"), "--level", "SER", "--html", file);
    expect(run.code).toBe(1); // KVStore (snapshot isolation) produces write skew, which SER forbids
    const page = await open(file);
    const bars = await page.locator("svg.chart rect.bar").evaluateAll((es) => es.map((e) => [(e as unknown as DomElement).getAttribute("data-anomaly"), Number((e as unknown as DomElement).getAttribute("data-count")), (e as unknown as DomElement).getAttribute("class")]));
    expect(bars).toEqual([
      ["allowed by SER", 647, "bar allowed"],
      ["produced", 539, "bar produced"],
      ["serializable", 108, "bar never"],
      ["write-skew (forbidden, produced)", 8, "bar violation"],
    ]);
    const width = (i: number) => page.locator("svg.chart rect.bar").nth(i).evaluate((e) => Number(e.getAttribute("width")));
    expect((await width(1)) / (await width(0))).toBeCloseTo(539 / 647, 2);
    expect(await page.locator(".unsound").textContent()).toMatch(/^UNSOUND/);
    await screenshot(page, "permissiveness.png", true);
  });
});
