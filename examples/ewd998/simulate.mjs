#!/usr/bin/env node
// A simulation of the EWD998 implementation of tlaplus/Examples
// (specifications/ewd998/impl/src/EWD998.java): N nodes that exchange payload
// messages and pass Safra's token, each with its own vector clock, writing
// the same NDJSON log lines the Java nodes print (a header {"N": n}, then
// "<" receive, ">" send and "d" deactivate events with the packet and clock).
// It runs the nodes' loops one received packet at a time, in an order a
// seeded random scheduler picks, so its logs are valid behaviours of
// EWD998Chan of any length: `--events` sets how long the nodes keep working
// before they let termination be detected.
//
//   node examples/ewd998/simulate.mjs --nodes 5 --events 10000 --seed 1 > run.ndjson
import { writeFileSync } from "node:fs";

const HELP = `Usage: node examples/ewd998/simulate.mjs [--nodes N] [--events E] [--seed S] [--shuffle] [--out FILE]

Writes an EWD998 implementation log (tlaplus/Examples' EWD998ChanTrace.ndjson
format) of N nodes (default 5) with at least E events (default 1000), to
stdout or FILE. --shuffle writes the lines in a random order (each host's
events keep their clocks, so the log means the same). Same seed, same log.`;

function parseArgs(argv) {
  const o = { nodes: 5, events: 1000, seed: 1, shuffle: false, out: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === "--nodes") o.nodes = integer(value(), a, 1);
    else if (a === "--events") o.events = integer(value(), a, 0);
    else if (a === "--seed") o.seed = integer(value(), a, 0);
    else if (a === "--shuffle") o.shuffle = true;
    else if (a === "--out") o.out = value();
    else if (a === "-h" || a === "--help") {
      console.log(HELP);
      process.exit(0);
    } else usage(`unknown argument ${a}`);
  }
  return o;
}

function integer(text, flag, min) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) usage(`${flag} expects an integer >= ${min}, not ${text}`);
  return n;
}

function usage(problem) {
  console.error(`simulate.mjs: ${problem}\n\n${HELP}`);
  process.exit(2);
}

/** mulberry32: a small seeded generator, so that a seed always gives the same log. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The nodes' vector clocks as VectorClock.java keeps them: only the entries it has seen, printed in key order. */
class VectorClock {
  constructor(id) {
    this.id = id;
    this.entries = new Map([[id, 0]]);
  }
  tick() {
    this.entries.set(this.id, this.entries.get(this.id) + 1);
    return this.toJson();
  }
  tickAndMerge(other) {
    this.tick();
    for (const [k, v] of Object.entries(other)) this.entries.set(Number(k), Math.max(this.entries.get(Number(k)) ?? 0, v));
    return this.toJson();
  }
  toJson() {
    return Object.fromEntries([...this.entries].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v]));
  }
}

function simulate({ nodes: n, events, seed }) {
  const rnd = random(seed);
  const lines = [JSON.stringify({ N: n })];
  const node = Array.from({ length: n }, (_, id) => ({ id, active: true, color: "white", counter: 0, inbox: [], vc: new VectorClock(id), done: false }));
  const log = (event, id, pkt) => lines.push(JSON.stringify({ event, node: id, pkt }));
  const send = (from, to, msg) => {
    const pkt = { snd: from.id, rcv: to, msg, vc: from.vc.tick() };
    node[to].inbox.push(structuredClone(pkt));
    log(">", from.id, pkt);
  };
  // The initiator starts with a black token to itself, so that the first probe is inconclusive (EWD998.java).
  node[0].inbox.push({ snd: 0, rcv: 0, msg: { type: "tok", q: 0, color: "black" }, vc: node[0].vc.toJson() });
  const working = () => lines.length - 1 < events;
  while (true) {
    const ready = node.filter((x) => !x.done && x.inbox.length > 0);
    if (ready.length === 0) break;
    const self = ready[Math.floor(rnd() * ready.length)];
    // The Java loop takes the oldest packet in its inbox.
    const pkt = self.inbox.shift();
    pkt.vc = self.vc.tickAndMerge(pkt.vc);
    log("<", self.id, pkt);
    const msg = pkt.msg;
    if (msg.type === "pl") {
      self.active = true;
      self.counter--;
      self.color = "black";
    } else if (msg.type === "trm") {
      self.done = true;
      continue;
    }
    if (self.active) {
      if (n > 1 && rnd() < 0.5) {
        self.counter++;
        let receiver;
        do receiver = Math.floor(rnd() * n);
        while (receiver === self.id);
        send(self, receiver, { type: "pl" });
      }
      // While there is work left the nodes mostly stay busy; then they wind down and let termination be detected.
      self.active = rnd() < (working() ? 0.9 : 0.5);
      if (!self.active) log("d", self.id, { vc: self.vc.tick() });
    }
    if (msg.type === "tok") {
      if (self.id === 0) {
        const conclusive = msg.color === "white" && self.color === "white" && msg.q + self.counter === 0;
        if (conclusive && !self.active) {
          for (let to = 0; to < n; to++) send(self, to, { type: "trm" });
        } else if (!conclusive) {
          send(self, n - 1, { type: "tok", q: 0, color: "white" });
          self.color = "white";
        } else self.inbox.push(pkt);
      } else if (!self.active) {
        send(self, self.id - 1, { type: "tok", q: msg.q + self.counter, color: self.color === "black" ? "black" : msg.color });
        self.color = "white";
      } else self.inbox.push(pkt);
    }
  }
  return lines;
}

const o = parseArgs(process.argv.slice(2));
const lines = simulate(o);
if (o.shuffle) {
  const rnd = random(o.seed ^ 0x5eed);
  for (let i = lines.length - 1; i > 1; i--) {
    const j = 1 + Math.floor(rnd() * i);
    [lines[i], lines[j]] = [lines[j], lines[i]];
  }
}
const text = lines.join("\n") + "\n";
if (o.out) writeFileSync(o.out, text);
else process.stdout.write(text);
