import { describe, expect, it } from "vitest";
import { componentWhyNot, type Component } from "../../src/validate/components.js";
import { parseMapping } from "../../src/validate/index.js";
import { fn, int, recordOf, seq, set, str, bool, type Value } from "../../src/values/index.js";
import { cli } from "../helpers/fixtures.js";
import { put, workspace } from "../helpers/workspace.js";

const dir = workspace("components");

/** A state of a ring: `inbox` by node 0..2, `color` by node, a token record. */
const tok = (q: number): Value => recordOf({ type: str("tok"), q: int(q), color: str("black") });
const before: Record<string, Value> = {
  inbox: fn([int(0), int(1), int(2)], [seq([tok(3)]), seq([]), seq([recordOf({ type: str("pl") })])]),
  color: fn([int(0), int(1), int(2)], [str("white"), str("white"), str("white")]),
  seen: set([str("a"), str("b")]),
};
const after: Record<string, Value> = { ...before, inbox: fn([int(0), int(1), int(2)], [seq([tok(3)]), seq([recordOf({ type: str("pl") })]), seq([recordOf({ type: str("pl") })])]), color: fn([int(0), int(1), int(2)], [str("white"), str("black"), str("white")]) };
const why = (c: Component): string | undefined => componentWhyNot(c, (v) => after[v], (v) => before[v]);

describe("components of variables a log line gives", () => {
  it("a function's value at one argument, a record field, a length, presence, every, growth and change", () => {
    expect(why({ variable: "color", at: [1], check: { kind: "value", value: "black" } })).toBeUndefined();
    expect(why({ variable: "color", at: [2], check: { kind: "value", value: "black" } })).toBe('color[2] is "white" in the model, the log says "black"');
    expect(why({ variable: "inbox", at: [0, 1, "q"], check: { kind: "value", value: 3 } })).toBeUndefined();
    expect(why({ variable: "inbox", at: [0, 1, "q"], check: { kind: "value", value: 4 } })).toBe('inbox[0][1].q is 3 in the model, the log says 4');
    expect(why({ variable: "inbox", at: [1], check: { kind: "length", value: 1 } })).toBeUndefined();
    expect(why({ variable: "seen", at: [], check: { kind: "length", value: 3 } })).toBe("seen has length 2 in the model, the log says 3");
    expect(why({ variable: "inbox", at: [0], check: { kind: "contains", value: { type: "tok", q: 3, color: "black" } } })).toBeUndefined();
    expect(why({ variable: "inbox", at: [0], check: { kind: "contains", value: { type: "tok", q: 2, color: "black" } } })).toMatch(/^inbox\[0\] is .* in the model, without the log's \{"type":"tok","q":2,"color":"black"\}$/);
    expect(why({ variable: "seen", at: [], check: { kind: "contains", value: "b" } })).toBeUndefined();
    expect(why({ variable: "color", at: [], check: { kind: "every", value: "white" } })).toMatch(/^color is .* in the model, not all "white" as the log says$/);
    expect(why({ variable: "inbox", at: [1], check: { kind: "grows" } })).toBeUndefined();
    expect(why({ variable: "inbox", at: [2], check: { kind: "grows" } })).toBe("inbox[2] does not grow in the model (length 1 -> 1), the log says it does");
    expect(why({ variable: "color", at: [0], check: { kind: "changed", changed: false } })).toBeUndefined();
    expect(why({ variable: "color", at: [1], check: { kind: "changed", changed: false } })).toBe('color[1] is changed by the step in the model ("white" -> "black"), the log says it is unchanged');
    expect(why({ variable: "color", at: [7], check: { kind: "value", value: "white" } })).toMatch(/^color\[7\]: 7 is not in the domain of/);
    expect(why({ variable: "nope", at: [], check: { kind: "value", value: bool(true) } })).toBe("the log gives nope, which the model does not have");
  });

  it("the mapping's schema: one check per component, no growth in the initial state, errors with line and JSON path", () => {
    const base = { host: "h", clock: "vc" };
    const m = parseMapping(JSON.stringify({ ...base, initial: [{ var: "x", every: { value: 0 } }], events: [{ action: "A", state: [{ var: "box", at: [{ path: "to" }, { value: "q" }], value: { path: "n" } }, { var: "box", at: { path: "to" }, grows: true }] }] }), "m.json");
    expect(m.initial).toEqual([{ variable: "x", at: [], check: { kind: "every", value: { kind: "value", value: 0 } } }]);
    expect(m.events[0]!.components.map((c) => [c.variable, c.at.length, c.check.kind])).toEqual([["box", 2, "value"], ["box", 1, "grows"]]);
    const bad = '{"host": "h", "clock": "vc",\n "initial": [{"var": "x", "grows": true}],\n "events": [{"action": "A", "state": [{"var": "x", "value": {"value": 1}, "length": {"value": 2}}, {"var": 3, "value": {"value": 1}}]}]}';
    expect(() => parseMapping(bad, "bad.json")).toThrow(
      [
        'bad.json:2:36: $.initial[0].grows: "grows" compares the states before and after a step: the initial state has no step',
        'bad.json:3:39: $.events[0].state[0]: expected exactly one of "value", "length", "contains", "every", "grows", "changed" (what the line says of x), found "value" and "length"',
        "bad.json:3:108: $.events[0].state[1].var: expected a variable's name, found number 3",
      ].join("\n"),
    );
  });
});

/**
 * `Put` chooses the box internally (`\E j`), as EWD998's SendMsg chooses the
 * receiver; the log names it in `to`.
 */
const BOXES = put(
  dir,
  "boxes/Boxes.tla",
  "---- MODULE Boxes ----\nEXTENDS Naturals, Sequences\nVARIABLES box, color\nInit == /\\ box = [i \\in 1..4 |-> <<>>]\n        /\\ color \\in [1..4 -> {\"white\", \"black\"}]\nPut == \\E j \\in 1..4 : /\\ box' = [box EXCEPT ![j] = Append(@, j)]\n                       /\\ UNCHANGED color\nNext == Put\n====\n",
);
put(dir, "boxes/Boxes.cfg", "INIT Init\nNEXT Next\n");

function boxesLog(name: string, puts: readonly number[], last: object = {}): string {
  const lines = puts.map((to, i) => JSON.stringify({ h: "p", vc: { p: i + 1 }, to, ...(i === puts.length - 1 ? last : {}) }));
  return put(dir, `boxes/${name}.ndjson`, lines.join("\n") + "\n");
}

function boxesMapping(name: string, mapping: object): string {
  return put(dir, `boxes/${name}.json`, JSON.stringify({ host: "h", clock: "vc", ...mapping }));
}

describe("binding what an action chooses internally, and the initial state", () => {
  const puts = [1, 2, 3, 4, 1, 2, 3, 4, 1, 2];
  const grows = { var: "box", at: { path: "to" }, grows: true };
  const whiteStart = [{ var: "color", every: { value: "white" } }];

  it("a line naming the grown component keeps one successor per step: cuts and states grow with the log, not with its interleavings", async () => {
    // The last line says box 1 holds 11 elements: false, so the whole search space is explored.
    const log = boxesLog("bound", puts, { n: 11 });
    const bound = boxesMapping("bound", { initial: whiteStart, events: [{ when: { n: 11 }, action: "Put", state: [grows, { var: "box", at: { value: 1 }, length: { path: "n" } }] }, { action: "Put", state: [grows] }] });
    const run = await cli("validate", log, "--model", BOXES, "--mapping", bound);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\ninvalid: 10 events from 1 host, 10 consistent cuts explored/);
    // Each of Put's four successors is diagnosed at the line, by the first component it fails.
    expect(run.stdout).toMatch(/p's next event Put \(.*bound\.ndjson:10\):\n {4}- Put: box\[2\] does not grow in the model \(length 2 -> 2\), the log says it does\n {4}- Put: box\[1\] has length 3 in the model, the log says 11\n/);
    const free = boxesMapping("free", { initial: whiteStart, events: [{ when: { n: 11 }, action: "Put", state: [{ var: "box", at: { value: 1 }, length: { path: "n" } }] }, { action: "Put" }] });
    const unbound = await cli("validate", log, "--model", BOXES, "--mapping", free);
    expect(unbound.code).toBe(1);
    const cuts = Number(/(\d[\d,]*) consistent cuts/.exec(unbound.stdout)![1]!.replace(/,/g, ""));
    expect(cuts).toBeGreaterThan(100);
  });

  it("the initial components pick the initial states; none fitting is diagnosed with why", async () => {
    // The last line is false (box 2 never holds 9), so every initial state is tried.
    const log = boxesLog("init", [1, 2], { n: 9 });
    const events = [{ when: { n: 9 }, action: "Put", state: [grows, { var: "box", at: { value: 2 }, length: { path: "n" } }] }, { action: "Put", state: [grows] }];
    const cuts = async (name: string, mapping: object): Promise<string | undefined> => /(\d+) consistent cuts/.exec((await cli("validate", log, "--model", BOXES, "--mapping", boxesMapping(name, mapping))).stdout)?.[1];
    expect(await cuts("init-free", { events })).toBe("32");
    expect(await cuts("init-white", { initial: whiteStart, events })).toBe("2");
    const none = await cli("validate", log, "--model", BOXES, "--mapping", boxesMapping("init-none", { initial: [{ var: "color", at: { value: 9 }, value: { value: "white" } }], events: [{ action: "Put" }] }));
    expect(none.code).toBe(1);
    expect(none.stdout).toMatch(/no initial state of the model has the trace's first state \(in the first, color\[9\]: 9 is not in the domain of .*; the mapping's "initial" says so\)/);
  });
});
