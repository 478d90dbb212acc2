/**
 * The report page's script, inlined after the data block and the layout
 * library. It reads the data with JSON.parse and builds every element with
 * createElement and textContent: model text is never parsed as markup.
 * Plain ES2020 in a string (the project's TypeScript has no DOM types);
 * it has no backquotes, so it sits in a template literal as it is.
 */
export const CLIENT = String.raw`
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("tlabridge-data").textContent);
  var PALETTE = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f", "#d62728", "#ff7f0e"];

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function sv(tag, attrs, text) {
    var e = document.createElementNS(SVG, tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (text !== undefined) e.textContent = String(text);
    return e;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function num(n) { return Number(n).toLocaleString("en-US"); }
  function facts(parent, pairs) {
    var p = add(parent, el("p", { class: "facts" }));
    pairs.forEach(function (pair, i) {
      if (i > 0) p.appendChild(document.createTextNode(" \u00b7 "));
      p.appendChild(document.createTextNode(pair[0] + " "));
      add(p, el("b", null, pair[1]));
    });
    return p;
  }
  function tip(node, text) { add(node, sv("title", null, text)); }
  function actionName(text) { var i = text.indexOf("("); return i < 0 ? text : text.slice(0, i); }

  function table(parent, head, rows, numeric) {
    var t = add(parent, el("table"));
    var tr = add(add(t, el("thead")), el("tr"));
    head.forEach(function (h) { add(tr, el("th", null, h)); });
    var body = add(t, el("tbody"));
    rows.forEach(function (r) {
      var row = add(body, el("tr"));
      r.forEach(function (c, i) { add(row, el("td", numeric && numeric[i] ? { class: "num" } : null, c)); });
    });
    return t;
  }

  // ---- the state graph and the cover ----
  function renderGraph(s, root) {
    add(root, el("h2", null, "State graph"));
    facts(root, [["source", s.source], ["states", num(s.stateCount)], ["transitions", num(s.transitionCount)], ["initial", num(s.initialStates.length)], ["strongly connected components", num(s.components.count)]]);
    var colors = {};
    s.actionCounts.forEach(function (a, i) { colors[a.name] = PALETTE[i % PALETTE.length]; });
    var legend = add(root, el("div", { class: "legend" }));
    s.actionCounts.forEach(function (a) {
      var item = add(legend, el("span", { class: "action", style: "--c: " + colors[a.name] }, a.name + " " + num(a.count)));
      item.dataset.action = a.name;
    });
    var layout = add(root, el("div", { class: "graph-layout" }));
    var view = add(layout, el("div", { class: "graph-view" }));
    var side = add(layout, el("div", { class: "side" }));
    var details = add(side, el("div", { class: "panel details" }));
    add(details, el("h3", null, "Selection"));
    var detailText = add(details, el("pre", { class: "detail-text" }, s.layout === "drawn" ? "Click a state or a path." : "Click a path."));
    var svgRoot = null;
    if (s.layout === "drawn") svgRoot = drawGraph(s, view, colors, detailText);
    else summarize(s, view);
    if (s.cover) renderPaths(s, side, svgRoot, detailText);
  }

  function drawGraph(s, view, colors, detailText) {
    var g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: "TB", nodesep: 14, ranksep: 46, edgesep: 6, marginx: 16, marginy: 16 });
    g.setDefaultEdgeLabel(function () { return {}; });
    s.nodes.forEach(function (n) { g.setNode(String(n.id), { width: 22, height: 22 }); });
    s.edges.forEach(function (e, t) { if (e[0] !== e[1]) g.setEdge(String(e[0]), String(e[1]), {}, "t" + t); });
    dagre.layout(g);
    var size = g.graph();
    var zoom = add(view, el("button", { type: "button", class: "zoom" }, "actual size"));
    var root = sv("svg", { class: "graph fit", width: Math.ceil(size.width + 24), height: Math.ceil(size.height + 24), viewBox: "-12 -12 " + Math.ceil(size.width + 24) + " " + Math.ceil(size.height + 24) });
    var defs = add(root, sv("defs"));
    Object.keys(colors).forEach(function (name, i) {
      var m = add(defs, sv("marker", { id: "arrow-" + i, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 5, markerHeight: 5, orient: "auto-start-reverse" }));
      add(m, sv("path", { d: "M0,0 L10,5 L0,10 z", fill: colors[name] }));
    });
    var markerOf = {};
    Object.keys(colors).forEach(function (name, i) { markerOf[name] = "url(#arrow-" + i + ")"; });
    var edges = add(root, sv("g", { class: "edges" }));
    var nodes = add(root, sv("g", { class: "nodes" }));
    s.edges.forEach(function (e, t) {
      var text = s.actions[e[2]];
      var name = actionName(text);
      var d;
      if (e[0] === e[1]) {
        var n = g.node(String(e[0]));
        d = "M" + (n.x + 7) + "," + (n.y - 7) + " C" + (n.x + 26) + "," + (n.y - 22) + " " + (n.x + 26) + "," + (n.y + 22) + " " + (n.x + 8) + "," + (n.y + 7);
      } else {
        var pts = g.edge(String(e[0]), String(e[1]), "t" + t).points;
        d = "M" + pts.map(function (p) { return p.x.toFixed(1) + "," + p.y.toFixed(1); }).join(" L");
      }
      var path = add(edges, sv("path", { class: "edge", d: d, stroke: colors[name] || "#555", "marker-end": markerOf[name] || "" }));
      path.dataset.t = String(t);
      path.dataset.action = name;
      tip(path, "transition " + t + ": " + e[0] + " \u2192 " + e[1] + "  " + text);
    });
    s.nodes.forEach(function (n) {
      var p = g.node(String(n.id));
      var node = add(nodes, sv("g", { class: "node" + (n.initial ? " initial" : ""), transform: "translate(" + p.x + "," + p.y + ")" }));
      node.dataset.state = String(n.id);
      add(node, sv("circle", { r: 10 }));
      add(node, sv("text", null, String(n.id)));
      tip(node, "state " + n.id + (n.initial ? " (initial)" : "") + "\n" + n.text);
      node.addEventListener("click", function () {
        root.querySelectorAll(".node.picked").forEach(function (x) { x.classList.remove("picked"); });
        node.classList.add("picked");
        detailText.textContent = "state " + n.id + (n.initial ? " (initial)" : "") + "\n" + n.text;
      });
    });
    zoom.addEventListener("click", function () {
      var fit = root.classList.toggle("fit");
      zoom.textContent = fit ? "actual size" : "fit to width";
    });
    view.appendChild(root);
    // Fitted, a wide graph's states shrink to dots: start at actual size then, and scroll to what is picked.
    if (view.clientWidth / (size.width + 24) < 0.5) {
      root.classList.remove("fit");
      zoom.textContent = "fit to width";
    }
    return root;
  }

  function summarize(s, view) {
    var box = add(view, el("div", { class: "panel summary" }));
    add(box, el("p", null, "The graph has " + num(s.stateCount) + " states: too many to draw. Its strongly connected components, its actions and the cover's paths instead."));
    add(box, el("h3", null, "Largest strongly connected components (of " + num(s.components.count) + ")"));
    if (s.components.largest.length > 0 && s.components.largest[0].states === 1) add(box, el("p", { class: "facts acyclic" }, "Every component is a single state: the graph has no cycle but its self-loops."));
    table(box, ["states", "transitions inside", "a state in it"], s.components.largest.map(function (c) { return [num(c.states), num(c.transitions), String(c.example)]; }), [true, true, true]);
    add(box, el("h3", null, "Actions"));
    table(box, ["action", "transitions"], s.actionCounts.map(function (a) { return [a.name, num(a.count)]; }), [false, true]);
  }

  function renderPaths(s, side, svgRoot, detailText) {
    var c = s.cover;
    var box = add(side, el("div", { class: "panel paths" }));
    add(box, el("h3", null, c.criterion + " cover: " + num(c.pathCount) + " paths (lower bound " + num(c.lowerBound) + "), " + num(c.steps) + " steps, " + num(c.covered) + " of " + num(c.total) + " covered"));
    if (c.paths.length < c.pathCount) add(box, el("p", { class: "facts" }, "the first " + num(c.paths.length) + " are listed"));
    var list = add(box, el("ol"));
    c.paths.forEach(function (p) {
      var names = p.actions.map(function (a) { return s.actions[a]; });
      var button = add(add(list, el("li")), el("button", { type: "button", class: "path" }, "path " + p.id + " \u00b7 " + p.transitions.length + " steps: " + names.map(actionName).join(" \u2192 ")));
      button.dataset.path = String(p.id);
      button.addEventListener("click", function () {
        var on = !button.classList.contains("selected");
        side.querySelectorAll("button.path.selected").forEach(function (b) { b.classList.remove("selected"); });
        if (svgRoot) {
          svgRoot.querySelectorAll(".hl").forEach(function (x) { x.classList.remove("hl"); });
          svgRoot.classList.toggle("dim", on);
        }
        if (!on) { detailText.textContent = "Click a state or a path."; return; }
        button.classList.add("selected");
        if (svgRoot) {
          p.transitions.forEach(function (t) { var e = svgRoot.querySelector('.edge[data-t="' + t + '"]'); if (e) e.classList.add("hl"); });
          p.states.forEach(function (st) { var n = svgRoot.querySelector('.node[data-state="' + st + '"]'); if (n) n.classList.add("hl"); });
          var first = svgRoot.querySelector('.node[data-state="' + p.states[Math.floor(p.states.length / 2)] + '"]');
          if (first && !svgRoot.classList.contains("fit")) {
            // Scroll the graph's own box (not the page) to the path's middle state.
            var view = svgRoot.parentNode, box = first.getBoundingClientRect(), frame = view.getBoundingClientRect();
            view.scrollLeft += box.left - frame.left - view.clientWidth / 2;
            view.scrollTop += box.top - frame.top - view.clientHeight / 2;
          }
        }
        detailText.textContent = "path " + p.id + " from state " + p.states[0] + "\n" + names.map(function (n, i) { return (i + 1) + "  " + n + "  \u2192 " + p.states[i + 1]; }).join("\n");
      });
    });
  }

  // ---- a test run's failures ----
  function renderTest(s, root) {
    add(root, el("h2", null, "Test run"));
    facts(root, [["suite", s.suite], ["passed", num(s.passed)], ["failed", num(s.failed)], ["groups", num(s.failures.length)]]);
    if (s.failures.length === 0) add(root, el("p", { class: "sound" }, "Every test passed."));
    s.failures.forEach(function (f) {
      var card = add(root, el("div", { class: "failure" }));
      add(card, el("div", { class: "signature" }, f.count + " \u00d7 " + f.signature));
      add(card, el("div", { class: "facts" }, "shortest: " + (f.pathId !== undefined ? "path " + f.pathId + (f.pathLength !== undefined ? ", " + f.pathLength + " steps" : "") : f.test) + (f.step !== undefined ? "; failing step " + f.step : "")));
      add(card, el("div", { class: "head" }, f.head));
      if (f.differences.length > 0) {
        var t = add(card, el("table", { class: "diff" }));
        var hr = add(add(t, el("thead")), el("tr"));
        ["value", "expected (model)", "actual (implementation)"].forEach(function (h) { add(hr, el("th", null, h)); });
        var body = add(t, el("tbody"));
        f.differences.forEach(function (d) {
          var row = add(body, el("tr"));
          if (d.what !== undefined) {
            add(row, el("td", null, d.what));
            add(row, el("td", { class: "expected" }, d.expected));
            add(row, el("td", { class: "actual" }, d.actual));
          } else add(row, el("td", { colspan: 3 }, d.text));
        });
      }
      if (f.steps.length > 0) {
        var ol = add(card, el("ol", { class: "steps" }));
        f.steps.forEach(function (st) { add(ol, el("li", st.failing ? { class: "failing" } : null, (st.failing ? "\u25b6 " : "  ") + st.text)); });
      }
      if (f.other.length > 0) add(card, el("pre", { class: "other" }, f.other.join("\n")));
      if (f.pathIds.length > 1) add(card, el("div", { class: "facts" }, "all its paths: " + f.pathIds.slice(0, 40).join(", ") + (f.pathIds.length > 40 ? ", \u2026 (" + (f.pathIds.length - 40) + " more)" : "")));
    });
  }

  // ---- a validation frontier as a vector-clock timeline ----
  function renderValidation(s, root) {
    add(root, el("h2", null, "Validation"));
    var p = facts(root, [["model", s.model], ["events", num(s.events)], ["hosts", num(s.hosts.length)], ["explained", num(s.matched)], ["consistent cuts", num(s.cuts)]]);
    p.insertBefore(el("span", { class: "verdict verdict-" + s.verdict }, s.verdict + "  "), p.firstChild);
    if (s.note) add(root, el("p", { class: "note" }, s.note));
    var COL = 64, LANE = 56, LEFT = 90, TOP = 24;
    var columns = 1;
    s.lanes.forEach(function (l) { l.events.forEach(function (e) { columns = Math.max(columns, e.column); }); });
    var width = LEFT + (columns + 1) * COL, height = TOP + s.lanes.length * LANE;
    var box = add(root, el("div", { class: "timeline" }));
    var svgRoot = add(box, sv("svg", { class: "timeline-svg", width: width, height: height, viewBox: "0 0 " + width + " " + height }));
    var laneOf = {};
    s.lanes.forEach(function (l, i) { laneOf[l.host] = i; });
    var xOf = function (col) { return LEFT + col * COL - COL / 2; };
    var yOf = function (host) { return TOP + laneOf[host] * LANE + LANE / 2 - 8; };
    var where = {};
    s.lanes.forEach(function (l) { l.events.forEach(function (e) { where[l.host + "#" + e.index] = e; }); });
    var bands = add(svgRoot, sv("g", { class: "bands" }));
    var lanes = add(svgRoot, sv("g", { class: "lanes" }));
    var arrows = add(svgRoot, sv("g", { class: "arrows" }));
    var events = add(svgRoot, sv("g", { class: "events" }));
    var cut = [];
    s.lanes.forEach(function (l) {
      var y = yOf(l.host);
      var g = add(lanes, sv("g", { class: "lane" }));
      g.dataset.host = l.host;
      add(g, sv("text", { class: "host", x: 8, y: y + 4 }, l.host));
      add(g, sv("line", { x1: LEFT - 20, y1: y, x2: width - 10, y2: y }));
      var done = s.frontier[l.host] || 0;
      var fx = done > 0 ? xOf(l.events[done - 1].column) + COL / 2 : LEFT - 20;
      if (done > 0) add(bands, sv("rect", { class: "band", x: LEFT - 20, y: y - LANE / 2 + 6, width: fx - LEFT + 20, height: LANE - 12 }));
      cut.push([fx, y]);
    });
    s.arrows.forEach(function (a) {
      var from = where[a[0] + "#" + a[1]], to = where[a[2] + "#" + a[3]];
      if (!from || !to) return;
      add(arrows, sv("line", { class: "hb", x1: xOf(from.column), y1: yOf(a[0]), x2: xOf(to.column), y2: yOf(a[2]) }));
    });
    s.lanes.forEach(function (l) {
      var y = yOf(l.host);
      l.events.forEach(function (e) {
        var g = add(events, sv("g", { class: "event " + e.status, transform: "translate(" + xOf(e.column) + "," + y + ")" }));
        g.dataset.host = l.host;
        g.dataset.index = String(e.index);
        add(g, sv("circle", { r: 7 }));
        add(g, sv("text", { y: 20 }, e.event.length > 12 ? e.event.slice(0, 11) + "\u2026" : e.event));
        tip(g, l.host + " event " + e.index + ": " + e.event + (e.args ? " " + e.args : "") + "\n" + e.source + "\nclock " + e.clock + (e.state ? "\nstate " + e.state : "") + "\n" + e.status + (e.reasons.length ? "\n- " + e.reasons.join("\n- ") : ""));
      });
    });
    if (s.verdict !== "valid") {
      cut.sort(function (a, b) { return a[1] - b[1]; });
      add(svgRoot, sv("polyline", { class: "frontier", points: cut.map(function (c) { return c[0] + "," + (c[1] - LANE / 2 + 4) + " " + c[0] + "," + (c[1] + LANE / 2 - 4); }).join(" ") }));
    }
    var legend = add(root, el("div", { class: "legend" }));
    [["matched prefix", "var(--ok)"], ["could not be explained", "var(--bad)"], ["violates an invariant", "var(--warn)"], ["not reached", "#cfd8dc"]].forEach(function (x) { add(legend, el("span", { style: "--c: " + x[1] }, x[0])); });
    var unexplained = [];
    s.lanes.forEach(function (l) { l.events.forEach(function (e) { if (e.status === "unexplained" || e.status === "violating") unexplained.push(e); }); });
    if (unexplained.length > 0) {
      add(root, el("h3", null, s.verdict === "violates" ? "The event after which the invariant fails" : "Events that could not be explained"));
      var ul = add(root, el("ul", { class: "unexplained-list" }));
      unexplained.forEach(function (e) {
        var li = add(ul, el("li", { class: "unexplained-event" }));
        add(li, el("b", null, e.host + "'s event " + e.index + ": " + e.event + (e.args ? " " + e.args : "")));
        add(li, el("span", { class: "where" }, "  " + e.source + "  clock " + e.clock));
        if (e.reasons.length) {
          var rs = add(li, el("ul"));
          e.reasons.forEach(function (r) { add(rs, el("li", null, r)); });
        }
      });
    }
    if (s.trace.length > 0) {
      add(root, el("h3", null, s.verdict === "valid" ? "The explaining behaviour" : "Matched prefix"));
      add(root, el("pre", { class: "trace panel" }, s.trace.join("\n")));
    }
  }

  // ---- permissiveness as a chart ----
  function renderPermissiveness(s, root) {
    add(root, el("h2", null, "Permissiveness at " + s.level + " (" + s.levelName + ")"));
    facts(root, [["protocol", s.source], ["bounds", s.bounds], ["histories produced", num(s.observed)], ["allowed", num(s.allowed)], ["allowed and produced", num(s.observedAllowed) + " (" + (100 * s.ratio).toFixed(1) + "%)"]]);
    add(root, el("p", { class: s.violations.length ? "unsound" : "sound" }, s.violations.length ? "UNSOUND: the protocol produces histories " + s.level + " forbids" : "sound: every history produced satisfies " + s.level));
    var rows = [{ label: "allowed by " + s.level, value: s.allowed, cls: "allowed", part: s.observedAllowed, group: "" }];
    s.neverProduced.forEach(function (g) { rows.push({ label: g.anomaly, value: g.count, cls: "never", example: g.example, group: "allowed, never produced, by the anomaly they show:" }); });
    s.violations.forEach(function (g) { rows.push({ label: g.anomaly + " (forbidden, produced)", value: g.count, cls: "violation", example: g.example, group: "produced, though " + s.level + " forbids them:" }); });
    var max = 1;
    rows.forEach(function (r) { max = Math.max(max, r.value); });
    var LABEL = 240, BAR = 520, H = 26, HEAD = 16;
    var heads = 0;
    rows.forEach(function (r, i) { if (i > 0 && r.group !== rows[i - 1].group) heads++; });
    var width = LABEL + BAR + 200, height = rows.length * H + heads * HEAD + 20;
    var svgRoot = add(root, sv("svg", { class: "chart", width: width, height: height, viewBox: "0 0 " + width + " " + height }));
    var y = 10;
    rows.forEach(function (r, i) {
      if (i > 0 && r.group !== rows[i - 1].group) {
        add(svgRoot, sv("text", { class: "bar-value group", x: 8, y: y + 10 }, r.group));
        y += HEAD;
      }
      add(svgRoot, sv("text", { class: "bar-label", x: 8, y: y + 14 }, r.label));
      var w = Math.max(1, (BAR * r.value) / max);
      var bar = add(svgRoot, sv("rect", { class: "bar " + r.cls, x: LABEL, y: y + 2, width: w.toFixed(1), height: H - 8 }));
      bar.dataset.anomaly = r.label;
      bar.dataset.count = String(r.value);
      tip(bar, r.label + ": " + num(r.value) + (r.example ? "\ne.g. " + r.example : ""));
      if (r.part !== undefined) {
        var produced = add(svgRoot, sv("rect", { class: "bar produced", x: LABEL, y: y + 2, width: Math.max(r.part > 0 ? 1 : 0, (BAR * r.part) / max).toFixed(1), height: H - 8 }));
        produced.dataset.anomaly = "produced";
        produced.dataset.count = String(r.part);
        tip(produced, "produced: " + num(r.part));
      }
      add(svgRoot, sv("text", { class: "bar-value", x: LABEL + w + 6, y: y + 14 }, num(r.value) + (r.part !== undefined ? " (" + num(r.part) + " produced)" : "")));
      y += H;
    });
    var legend = add(root, el("div", { class: "legend" }));
    [["produced", "var(--ok)"], ["allowed, never produced", "#90a4ae"], ["produced, forbidden", "var(--bad)"]].forEach(function (x) { add(legend, el("span", { style: "--c: " + x[1] }, x[0])); });
    if (s.neverProduced.length + s.violations.length > 0) {
      table(root, ["anomaly", "histories", "example"], s.violations.map(function (g) { return [g.anomaly + " (produced, forbidden)", num(g.count), g.example]; }).concat(s.neverProduced.map(function (g) { return [g.anomaly, num(g.count), g.example]; })), [false, true, false]);
    }
  }

  var RENDER = { graph: renderGraph, test: renderTest, validation: renderValidation, permissiveness: renderPermissiveness };
  document.getElementById("title").textContent = data.title;
  var main = document.getElementById("report");
  data.sections.forEach(function (s, i) {
    var section = add(main, el("section", { class: "section " + s.kind, id: "section-" + i }));
    RENDER[s.kind](s, section);
  });
  document.body.dataset.ready = "true";
})();
`;
