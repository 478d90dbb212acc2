import { execFileSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers/fixtures.js";

// The EWD998 log simulator (examples/ewd998/simulate.mjs) stands in for the
// implementation when benchmarks need long runs: its logs must be well formed
// the way the Java nodes' are. (That they are valid behaviours of EWD998Chan
// is checked against the spec where tlaplus/Examples is fetched: the
// benchmark test/bench/validate-ewd998.mjs validates them with TLC too.)
const SIMULATE = path.join(ROOT, "examples/ewd998/simulate.mjs");

interface Line {
  event: string;
  node: number;
  pkt: { snd?: number; rcv?: number; msg?: { type: string; q?: number; color?: string }; vc: Record<string, number> };
}

function simulate(...args: string[]): string {
  return execFileSync(process.execPath, [SIMULATE, ...args], { encoding: "utf8" });
}

function parse(text: string): { header: { N: number }; lines: Line[] } {
  const [header, ...rest] = text.trimEnd().split("\n");
  return { header: JSON.parse(header!), lines: rest.map((l) => JSON.parse(l) as Line) };
}

describe("the EWD998 log simulator", () => {
  it("is deterministic: the same seed gives the same log, another seed another", () => {
    expect(simulate("--nodes", "4", "--events", "200", "--seed", "7")).toBe(simulate("--nodes", "4", "--events", "200", "--seed", "7"));
    expect(simulate("--nodes", "4", "--events", "200", "--seed", "8")).not.toBe(simulate("--nodes", "4", "--events", "200", "--seed", "7"));
  });

  it("writes at least the events asked for, each host's own clock entry counting its events, and ends in termination", () => {
    const { header, lines } = parse(simulate("--nodes", "6", "--events", "500", "--seed", "2"));
    expect(header).toEqual({ N: 6 });
    expect(lines.length).toBeGreaterThanOrEqual(500);
    for (let host = 0; host < 6; host++) {
      const own = lines.filter((l) => l.node === host).map((l) => l.pkt.vc[String(host)]);
      expect(own).toEqual(own.map((_, i) => i + 1));
    }
    // Every node receives the initiator's termination message last.
    for (let host = 0; host < 6; host++) expect(lines.filter((l) => l.node === host).at(-1)).toMatchObject({ event: "<", pkt: { msg: { type: "trm" } } });
  });

  it("receives only what was sent: a receive's clock covers its send's, and every payload sent is received", () => {
    const { lines } = parse(simulate("--nodes", "5", "--events", "400", "--seed", "5"));
    const sent = lines.filter((l) => l.event === ">" && l.pkt.msg?.type === "pl");
    const received = lines.filter((l) => l.event === "<" && l.pkt.msg?.type === "pl");
    expect(received.length).toBe(sent.length);
    for (const r of received) {
      const send = sent.find((s) => s.pkt.snd === r.pkt.snd && s.pkt.rcv === r.pkt.rcv && s.pkt.vc[String(s.node)]! <= (r.pkt.vc[String(s.node)] ?? 0));
      expect(send, JSON.stringify(r)).toBeDefined();
    }
  });

  it("--shuffle keeps the header first and every line, in another order", () => {
    const plain = simulate("--nodes", "3", "--events", "100", "--seed", "4").trimEnd().split("\n");
    const shuffled = simulate("--nodes", "3", "--events", "100", "--seed", "4", "--shuffle").trimEnd().split("\n");
    expect(shuffled[0]).toBe(plain[0]);
    expect(shuffled).not.toEqual(plain);
    expect([...shuffled].sort()).toEqual([...plain].sort());
  });

  it("refuses a bad argument with exit 2", () => {
    expect(() => execFileSync(process.execPath, [SIMULATE, "--nodes", "zero"], { stdio: "pipe" })).toThrow(/status 2|expects an integer/);
  });
});
