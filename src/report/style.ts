/** The report page's style sheet (inlined: the page loads nothing). */
export const STYLE = String.raw`
:root { --fg: #1d2330; --muted: #5b6475; --line: #d5d9e2; --bg: #ffffff; --panel: #f5f7fa; --ok: #2e8b57; --bad: #c62828; --warn: #ef6c00; --hl: #ff6f00; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: var(--fg); background: var(--bg); }
header { padding: 12px 20px; border-bottom: 1px solid var(--line); background: var(--panel); }
header h1 { margin: 0; font-size: 18px; }
header .meta { margin: 2px 0 0; color: var(--muted); font-size: 12px; }
main { padding: 12px 20px 40px; }
section.section { margin: 0 0 28px; }
h2 { font-size: 16px; margin: 8px 0; }
h3 { font-size: 14px; margin: 10px 0 6px; }
.facts { color: var(--muted); margin: 0 0 8px; }
.facts b { color: var(--fg); font-weight: 600; }
.verdict-valid, .sound { color: var(--ok); font-weight: 600; }
.verdict-invalid, .verdict-violates, .unsound { color: var(--bad); font-weight: 600; }
.verdict-unknown { color: var(--warn); font-weight: 600; }
.graph-layout { display: flex; gap: 12px; align-items: flex-start; }
.graph-view { flex: 1 1 auto; min-width: 0; position: relative; border: 1px solid var(--line); border-radius: 4px; overflow: auto; max-height: 640px; background: #fff; }
.side { flex: 0 0 340px; width: 340px; min-width: 0; max-height: 640px; display: flex; flex-direction: column; gap: 8px; }
.panel { border: 1px solid var(--line); border-radius: 4px; background: var(--panel); padding: 8px; overflow: auto; }
.details { flex: 0 0 auto; max-height: 45%; }
.paths { flex: 1 1 auto; min-height: 120px; }
.paths ol { list-style: none; margin: 0; padding: 0; }
.paths button { all: unset; display: block; width: 100%; padding: 3px 6px; border-radius: 3px; cursor: pointer; font-size: 12px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.paths button:hover, .paths button:focus-visible { background: #e3e8f0; }
.paths button.selected { background: var(--hl); color: #fff; }
.zoom { position: sticky; top: 4px; left: 4px; z-index: 1; font-size: 12px; }
svg.graph.fit { width: 100%; height: auto; }
pre { margin: 0; font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre-wrap; word-break: break-word; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 12px; font-size: 12px; margin: 6px 0; }
.legend span::before { content: ""; display: inline-block; width: 10px; height: 10px; margin-right: 4px; border-radius: 2px; background: var(--c); vertical-align: -1px; }
svg text { font: 10px system-ui, "DejaVu Sans", sans-serif; fill: var(--fg); }
svg .edge { fill: none; stroke-width: 1; opacity: .55; }
svg .edge.hl { stroke: var(--hl) !important; stroke-width: 3; opacity: 1; }
svg .node circle { fill: #fff; stroke: #42526e; stroke-width: 1.2; cursor: pointer; }
svg .node.initial circle { fill: #42526e; }
svg .node.initial text { fill: #fff; }
svg .node text { font-size: 8px; text-anchor: middle; dominant-baseline: central; pointer-events: none; }
svg .node.hl circle { stroke: var(--hl); stroke-width: 3; }
svg .node.picked circle { fill: #ffe0b2; }
svg.dim .edge:not(.hl) { opacity: .12; }
svg.dim .node:not(.hl) { opacity: .35; }
table { border-collapse: collapse; font-size: 12px; margin: 4px 0 8px; }
th, td { border: 1px solid var(--line); padding: 3px 8px; text-align: left; vertical-align: top; }
th { background: var(--panel); font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.failure { border: 1px solid var(--line); border-left: 4px solid var(--bad); border-radius: 4px; padding: 8px 12px; margin: 0 0 12px; }
.failure .head { font-weight: 600; margin: 4px 0; }
.failure .signature { font-weight: 700; color: var(--bad); }
.failure ol.steps { margin: 4px 0; padding-left: 0; list-style: none; font: 12px/1.5 ui-monospace, "DejaVu Sans Mono", monospace; }
.failure ol.steps li { white-space: pre; padding: 0 6px; border-radius: 3px; }
.failure ol.steps li.failing { background: #ffebee; color: var(--bad); font-weight: 700; }
td.expected { color: var(--ok); font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
td.actual { color: var(--bad); font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.timeline { border: 1px solid var(--line); border-radius: 4px; overflow: auto; background: #fff; }
svg .lane line { stroke: #9aa5b8; stroke-width: 1.5; }
svg .lane .host { font-size: 12px; font-weight: 600; }
svg .band { fill: #e8f5e9; }
svg .hb { stroke: #9aa5b8; stroke-width: 1; fill: none; }
svg .event circle { stroke-width: 1.5; cursor: default; }
svg .event.matched circle { fill: var(--ok); stroke: #1b5e20; }
svg .event.unexplained circle { fill: var(--bad); stroke: #7f0000; r: 9; }
svg .event.violating circle { fill: var(--warn); stroke: #8d3a00; r: 9; }
svg .event.pending circle { fill: #fff; stroke: #9aa5b8; }
svg .event text { font-size: 9px; text-anchor: middle; }
svg .event.unexplained text { fill: var(--bad); font-weight: 700; }
svg .frontier { stroke: var(--bad); stroke-width: 2; stroke-dasharray: 5 3; fill: none; }
.unexplained-list li { margin: 0 0 6px; }
.unexplained-list .where { color: var(--muted); font-size: 12px; }
svg .bar { stroke: none; }
svg .bar.produced { fill: var(--ok); }
svg .bar.allowed { fill: #cfd8dc; }
svg .bar.never { fill: #90a4ae; }
svg .bar.violation { fill: var(--bad); }
svg .bar-label { font-size: 12px; }
svg .bar-value { font-size: 11px; fill: var(--muted); }
`;
