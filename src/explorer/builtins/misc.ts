/**
 * The smaller CommunityModules: Combinatorics, Statistics, VectorClocks and
 * ShiViz.
 *
 * @module
 */
import { bool, int, printValue, seq, type Value } from "../../values/index.js";
import { FUNCTIONS } from "./folds.js";
import { INTEGERS, NATURALS, SEQUENCES } from "./standard.js";
import { TOOLBOX } from "./tlc.js";
import type { BuiltinModule } from "./types.js";
import { ModuleBuilder, applyFn, entriesOf, fnOf, includes, indexOf, type Args } from "./util.js";

/** n! for the n whose factorial is a safe integer (0..18). */
const FACTORIALS: number[] = [1];
for (let n = 1; n <= 18; n++) FACTORIALS.push(FACTORIALS[n - 1]! * n);

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= Math.min(k, n - k); i++) r = (r * (n - Math.min(k, n - k) + i)) / i;
  return Math.round(r);
}

/**
 * Combinatorics. `factorial` is a function over Nat in TLA+; here it is the
 * finite function over 0..18 (beyond, n! is no longer an exact JavaScript
 * integer, and TLC's 32-bit integers overflow from 13! on).
 */
export const COMBINATORICS: BuiltinModule = new ModuleBuilder()
  .extend(NATURALS)
  .def("factorial", 0, () =>
    fnOf(
      FACTORIALS.map((_, n) => int(n)),
      FACTORIALS.map((f) => int(f)),
    ),
  )
  .def("choose", 2, (a) => {
    const n = a.nat(0);
    const k = a.nat(1);
    if (k > n) return a.host.fail(`choose(${n}, ${k}): ${n - k} is not in the domain Nat of factorial`);
    return int(binomial(n, k));
  })
  .build();

/** ln Γ(x) (Lanczos). */
function logGamma(x: number): number {
  const g = 7;
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let s = c[0]!;
  for (let i = 1; i < g + 2; i++) s += c[i]! / (x + i);
  const t = x + g + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(s);
}

/** The regularized lower incomplete gamma function P(a, x). */
function gammaP(a: number, x: number): number {
  if (x <= 0) return 0;
  if (x < a + 1) {
    let sum = 1 / a;
    let term = sum;
    for (let n = 1; n < 1000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-15) break;
    }
    return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
  }
  // Continued fraction for Q(a, x) (Lentz).
  let b = x + 1 - a;
  let c = 1 / 1e-300;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 1000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < 1e-300) d = 1e-300;
    c = b + an / c;
    if (Math.abs(c) < 1e-300) c = 1e-300;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return 1 - Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

function counts(a: Args, i: number): number[] {
  const e = entriesOf(a.value(i)) ?? a.wrong(i, "function");
  return e.values.map((v) => (v.kind === "int" ? v.value : a.wrong(i, "function")));
}

/** Statistics: ChiSquare is Pearson's test as Apache Commons Math runs it for TLC (TRUE: the hypothesis is not rejected). */
export const STATISTICS: BuiltinModule = new ModuleBuilder()
  .extend(NATURALS)
  .def("ChiSquare", 3, (a) => {
    const expected = counts(a, 0);
    const actual = counts(a, 1);
    const alphaV = a.value(2);
    const alpha = alphaV.kind === "string" ? Number(alphaV.value) : NaN;
    if (!(alpha > 0 && alpha <= 0.5)) return a.host.fail(`The third argument of ChiSquare should be a StringValue representing a double in (0, .5], but instead it is:\n${printValue(alphaV)}`);
    if (expected.length < 2 || expected.length !== actual.length) return a.host.fail(`ChiSquare: the expected and actual counts must have the same length, at least 2 (${expected.length}, ${actual.length})`);
    if (expected.some((e) => e <= 0) || actual.some((o) => o < 0)) return a.host.fail("ChiSquare: expected counts must be positive and actual counts non-negative");
    const sumE = expected.reduce((s, x) => s + x, 0);
    const sumO = actual.reduce((s, x) => s + x, 0);
    const ratio = Math.abs(sumE - sumO) > 1e-5 ? sumO / sumE : 1;
    let stat = 0;
    expected.forEach((e, i) => {
      const d = actual[i]! - e * ratio;
      stat += (d * d) / (e * ratio);
    });
    const p = 1 - gammaP((expected.length - 1) / 2, stat / 2);
    return bool(!(p < alpha));
  })
  .build();

/** Whether v1 happened before v2 (both filled to the same domain). */
function happenedBefore(d: readonly Value[], v1: (k: Value) => number, v2: (k: Value) => number): boolean {
  return d.every((i) => v1(i) <= v2(i)) && d.some((i) => v1(i) < v2(i));
}

function concurrent(d: readonly Value[], v1: (k: Value) => number, v2: (k: Value) => number): boolean {
  return d.some((i) => d.some((j) => printValue(i) !== printValue(j) && v1(i) < v2(i) && v1(j) > v2(j)));
}

function clockOf(a: Args, c: Value): { keys: readonly Value[]; at: (k: Value) => number } {
  const e = entriesOf(c) ?? a.host.fail(`${a.op}: the clock ${printValue(c)} is not a function`);
  return {
    keys: e.keys,
    at: (k) => {
      const v = applyFn(c, k);
      if (v === undefined) return 0;
      return v.kind === "int" ? v.value : a.host.fail(`${a.op}: the clock ${printValue(c)} has a non-integer entry`);
    },
  };
}

/** VectorClocks. */
export const VECTOR_CLOCKS: BuiltinModule = new ModuleBuilder()
  .extend(NATURALS, SEQUENCES, FUNCTIONS)
  .defOps("IsCausalOrder", [false, true], (a) => {
    const log = a.seq(0);
    const clock = a.operator(1);
    const clocks = log.map((x) => clockOf(a, clock([x])));
    for (let i = 0; i < log.length; i++) {
      for (let j = 0; j < i; j++) {
        const d = [...clocks[i]!.keys];
        for (const k of clocks[j]!.keys) if (!includes(d, k)) d.push(k);
        const vi = clocks[i]!.at;
        const vj = clocks[j]!.at;
        if (!(happenedBefore(d, vj, vi) || concurrent(d, vj, vi))) return bool(false);
      }
    }
    return bool(true);
  })
  .defOps("CausalOrder", [false, true, true, true], (a) => {
    // TLC's override: per node, its events by local time; an event waits for the events its clock has seen; then
    // the nodes are visited in turn, each emitting its next event once nothing it depends on is pending.
    const log = a.seq(0);
    const nodes: Value[] = [];
    type Ev = { value: Value; clock: Value; time: number; hosts: readonly Value[]; parents: Set<object>; id: object };
    const events: Ev[][] = [];
    for (const x of log) {
      const node = a.operator(2)([x]);
      const clock = a.operator(1)([x]);
      const t = applyFn(clock, node);
      if (t === undefined || t.kind !== "int") return a.host.fail(`CausalOrder: the clock ${printValue(clock)} has no time for its node ${printValue(node)}`);
      const dom = a.operator(3)([clock]);
      const hosts = a.host.isSet(dom) ? a.host.elements(dom) : a.host.fail(`CausalOrder: the domain ${printValue(dom)} is not a set`);
      let n = indexOf(nodes, node);
      if (n < 0) {
        n = nodes.length;
        nodes.push(node);
        events.push([]);
      }
      events[n]!.push({ value: x, clock, time: t.value, hosts, parents: new Set(), id: {} });
    }
    for (const list of events) list.sort((p, q) => p.time - q.time);
    const children = new Map<object, Ev[]>();
    events.forEach((list, n) => {
      const global = nodes.map(() => 0);
      for (const ev of list) {
        global[n] = ev.time;
        for (const h of ev.hosts) {
          const time = applyFn(ev.clock, h);
          const hi = indexOf(nodes, h);
          if (time === undefined || time.kind !== "int" || hi < 0) continue;
          if (global[hi]! < time.value) {
            global[hi] = time.value;
            const parent = events[hi]![time.value - 1];
            if (parent === undefined) return a.host.fail(`CausalOrder: ${printValue(ev.value)} depends on event ${time.value} of ${printValue(h)}, which the log lacks`);
            ev.parents.add(parent.id);
            const cs = children.get(parent.id) ?? [];
            cs.push(ev);
            children.set(parent.id, cs);
          }
        }
      }
    });
    const sorted: Value[] = [];
    for (let round = 0; round < log.length; round++) {
      for (const list of events) {
        const head = list[0];
        if (head === undefined || head.parents.size > 0) continue;
        list.shift();
        for (const c of children.get(head.id) ?? []) c.parents.delete(head.id);
        sorted.push(head.value);
      }
    }
    if (sorted.length !== log.length) return a.host.fail("CausalOrder: the log's clocks are not causally consistent");
    return seq(sorted);
  })
  .build();

/** ShiViz: its Host and Clock are defined over the Toolbox's error trace, which the explorer does not have. */
export const SHIVIZ: BuiltinModule = new ModuleBuilder()
  .extend(INTEGERS, TOOLBOX)
  .def("Host", 0, (a) => a.host.fail("ShiViz!Host is only defined over the Toolbox's error trace (_TETrace)"))
  .def("Clock", 0, (a) => a.host.fail("ShiViz!Clock is only defined over the Toolbox's error trace (_TETrace)"))
  .build();
