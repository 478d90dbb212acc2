#!/usr/bin/env node
// Mutated copies of tlaplus/Examples' EWD998ChanTrace.ndjson, each with the
// original line at which a validator should reject it:
//   node examples/ewd998/mutate.mjs <EWD998ChanTrace.ndjson> <out-dir>
// writes <out-dir>/<name>.ndjson per mutation and prints their list as JSON.
// Lines are 1-based positions in the mutated file (a dropped line shifts the
// later ones up by one).
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * @typedef {{ name: string, description: string, text: string, line: number, lint?: boolean }} Mutation
 * `line`: where the mutation is rejected; `lint`: as a clock error, before any search.
 */

/** @param {string} text the log @returns {Mutation[]} */
export function mutations(text) {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  const header = lines[0];
  const events = lines.slice(1).map((l, i) => ({ json: JSON.parse(l), index: i }));
  const own = (e) => e.json.pkt.vc[String(e.json.node)];
  /** Each node's events in its own clock order. */
  const byNode = new Map();
  for (const e of events) {
    const list = byNode.get(e.json.node) ?? [];
    list.push(e);
    byNode.set(e.json.node, list);
  }
  for (const list of byNode.values()) list.sort((a, b) => own(a) - own(b));
  const kind = (e) => (e.json.event === "d" ? "d" : `${e.json.event}${e.json.pkt.msg.type}`);
  /** The first place in a node's order where its events have these kinds, skipping node 0 (the initiator decides differently). */
  const find = (kinds, from = 1) => {
    for (const [node, list] of [...byNode].sort((a, b) => a[0] - b[0])) {
      if (node < from) continue;
      for (let i = 0; i + kinds.length <= list.length; i++) if (kinds.every((k, j) => kind(list[i + j]) === k)) return { node, list, i };
    }
    throw new Error(`no node has events ${kinds.join(", ")} in a row`);
  };
  const render = (evs, drop) => [header, ...evs.filter((e) => e !== drop).map((e) => JSON.stringify(e.json))].join("\n") + "\n";
  /** File line (1-based) of event e in a file rendered without `drop`. */
  const lineOf = (e, drop) => 2 + e.index - (drop !== undefined && drop.index < e.index ? 1 : 0);
  const clone = () => events.map((e) => ({ index: e.index, json: structuredClone(e.json) }));

  /**
   * A receive the implementation never logged (as if it never happened):
   * the node's later own entries, and every clock's entry for it, move down
   * by one so that the clocks stay consistent and only the state is wrong.
   */
  const dropReceive = (at) => {
    const evs = clone();
    const gone = evs[at.list[at.i].index];
    const node = String(gone.json.node);
    const k = gone.json.pkt.vc[node];
    for (const e of evs) if (e !== gone && (e.json.pkt.vc[node] ?? 0) >= k) e.json.pkt.vc[node] -= 1;
    return { evs, gone };
  };
  const out = [];

  // Idle node: the receive would have activated it, so its next event (a send) is not enabled.
  {
    const at = find(["d", "<pl", ">pl"]);
    const { evs, gone } = dropReceive({ list: at.list, i: at.i + 1 });
    out.push({ name: "drop-receive-idle", description: `node ${at.node}'s receive at line ${lineOf(gone)} dropped while it is idle; its next event sends`, text: render(evs, gone), line: lineOf(evs[at.list[at.i + 2].index], gone) });
  }
  // Active node: nothing is disabled, but its counter is one higher, so the token it passes next carries the wrong q.
  {
    const at = find([">pl", "<pl"]);
    const list = at.list;
    const next = list.slice(at.i + 2).find((e) => kind(e) === ">tok");
    const { evs, gone } = dropReceive({ list, i: at.i + 1 });
    out.push({ name: "drop-receive-active", description: `node ${at.node}'s receive at line ${lineOf(gone)} dropped while it is active; its next token pass has the wrong q`, text: render(evs, gone), line: lineOf(evs[next.index], gone) });
  }
  // Two causally ordered events of one node swapped: it sends before the receive that activated it.
  {
    const at = find(["d", "<pl", ">pl"]);
    const evs = clone();
    const recv = evs[at.list[at.i + 1].index];
    const send = evs[at.list[at.i + 2].index];
    const node = String(at.node);
    [recv.json.pkt.vc[node], send.json.pkt.vc[node]] = [send.json.pkt.vc[node], recv.json.pkt.vc[node]];
    out.push({ name: "swap-receive-send", description: `node ${at.node}'s receive (line ${lineOf(recv)}) and the send after it (line ${lineOf(send)}) swapped`, text: render(evs), line: lineOf(send) });
  }
  // The token's counter and colour as a node passes it on.
  for (const [name, change] of [
    ["token-q", (msg) => (msg.q += 1)],
    ["token-color", (msg) => (msg.color = msg.color === "black" ? "white" : "black")],
  ]) {
    const at = find(["<tok", ">tok"]);
    const evs = clone();
    const pass = evs[at.list[at.i + 1].index];
    change(pass.json.pkt.msg);
    out.push({ name, description: `node ${at.node}'s token pass at line ${lineOf(pass)}: ${name === "token-q" ? "q + 1" : "colour flipped"}`, text: render(evs), line: lineOf(pass) });
  }
  // A message sent to another receiver: the real receiver's inbox then lacks it when it receives.
  {
    const at = find([">pl"]);
    const evs = clone();
    const send = evs[at.list[at.i].index];
    const rcv = send.json.pkt.rcv;
    const other = [...byNode.keys()].sort((a, b) => a - b).find((n) => n !== rcv && n !== send.json.node);
    send.json.pkt.rcv = other;
    // Messages carry no sender in EWD998Chan, so the real receiver takes another pending message for it, and is
    // caught at its first receive for which fewer messages were sent to it (not causally after) than it has received.
    const receives = byNode.get(rcv).filter((e) => kind(e) === "<pl");
    const sends = evs.filter((e) => e.json.event === ">" && e.json.pkt.msg.type === "pl" && e.json.pkt.rcv === rcv);
    const receive = receives.find((r, k) => sends.filter((x) => (x.json.pkt.vc[String(rcv)] ?? 0) < own(r)).length < k + 1);
    out.push({ name: "receiver-changed", description: `node ${at.node}'s send at line ${lineOf(send)} names receiver ${other} instead of ${rcv}; ${rcv}'s receive at line ${lineOf(receive)} is the first with no message left for it`, text: render(evs), line: lineOf(receive) });
  }
  // A line lost without renumbering: node 3's own clock skips an entry, one lint error at its next event.
  {
    const list = byNode.get(3);
    const evs = clone();
    const gone = evs[list[41].index];
    out.push({ name: "clock-skipped", description: `node 3's 42nd event (line ${lineOf(gone)}) lost`, text: render(evs, gone), line: lineOf(evs[list[42].index], gone), lint: true });
  }
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [log, dir] = process.argv.slice(2);
  if (!log || !dir) {
    process.stderr.write("usage: node examples/ewd998/mutate.mjs <EWD998ChanTrace.ndjson> <out-dir>\n");
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  const list = mutations(readFileSync(log, "utf8")).map(({ text, ...m }) => {
    const file = path.join(dir, `${m.name}.ndjson`);
    writeFileSync(file, text);
    return { ...m, file };
  });
  process.stdout.write(JSON.stringify(list, null, 2) + "\n");
}
