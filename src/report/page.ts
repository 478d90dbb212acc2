/**
 * The report page: one self-contained HTML file (style, data, layout
 * library and script inlined; a Content-Security-Policy that lets it load
 * nothing), so it opens offline from a file:// URL.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { VERSION } from "../version.js";
import { CLIENT } from "./client.js";
import type { ReportData, ReportSection } from "./data.js";
import { escapeHtml, inlineScript, scriptJson } from "./escape.js";
import { STYLE } from "./style.js";

let dagreSource: string | undefined;

/**
 * dagre's browser bundle (graph layout, MIT), read from node_modules and
 * cached: its licence notice first, its source-map comment dropped (the
 * map is not inlined, and the page fetches nothing).
 */
export function dagreBundle(): string {
  if (dagreSource === undefined) {
    const dir = path.dirname(createRequire(import.meta.url).resolve("@dagrejs/dagre/package.json"));
    const code = readFileSync(path.join(dir, "dist", "dagre.min.js"), "utf8").replace(/^\/\/# sourceMappingURL=.*$/m, "");
    const legal = readFileSync(path.join(dir, "dist", "dagre.min.js.LEGAL.txt"), "utf8").replace(/\*\//g, "* /");
    dagreSource = inlineScript(`/* @dagrejs/dagre, MIT licence:\n${legal}\n*/\n${code.trimEnd()}\n`, "@dagrejs/dagre");
  }
  return dagreSource;
}

/** Only nothing from outside: scripts and styles inline, no fetch, no frames, no forms. */
const CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** A report whose sections are `sections`, titled `title`. */
export function reportData(title: string, sections: readonly ReportSection[]): ReportData {
  return { format: "tlabridge-report", version: 1, title, sections };
}

/**
 * The report as one HTML page. Deterministic: the same data gives the same
 * bytes (the layout runs in the browser, from the data alone).
 */
export function renderReport(data: ReportData): string {
  const needsLayout = data.sections.some((s) => s.kind === "graph" && s.layout === "drawn");
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="tlabridge ${escapeHtml(VERSION)}">`,
    `<title>${escapeHtml(data.title)}</title>`,
    `<style>${STYLE}</style>`,
    "</head>",
    "<body>",
    `<header><h1 id="title"></h1><p class="meta">tlabridge ${escapeHtml(VERSION)} report: ${data.sections.map((s) => s.kind).join(", ")}</p></header>`,
    '<main id="report"></main>',
    `<script type="application/json" id="tlabridge-data">${scriptJson(data)}</script>`,
    ...(needsLayout ? [`<script>${dagreBundle()}</script>`] : []),
    `<script>${inlineScript(CLIENT, "the report script")}</script>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
