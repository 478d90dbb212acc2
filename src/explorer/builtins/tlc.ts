/**
 * TLC's own modules: TLC, TLCExt, Randomization and Toolbox (tlc2.module.TLC,
 * TLCExt, TLCGetSet, Randomization).
 *
 * TLC's random operators really are random; here they are functions of their
 * arguments (a generator seeded by the arguments' hashes), so a state always
 * has the same successors and two explorations of a spec agree.
 *
 * @module
 */
import { TRUE, bool, equals, fn, int, modelValue, printValue, seq, set, str, type Value } from "../../values/index.js";
import { LazySet } from "../lazy.js";
import type { BuiltinHost, BuiltinModule } from "./types.js";
import { ModuleBuilder, tlcString, wrongValueError, type Args } from "./util.js";

const ANY = new LazySet("Any", () => true, undefined, Infinity);

/** The registers `TLCSet(i, v)` writes when the host keeps none (TLC: one set per worker). */
const SHARED_REGISTERS = new Map<string, Value>();

function registers(host: BuiltinHost): Map<string, Value> {
  return host.registers ?? SHARED_REGISTERS;
}

function print(host: BuiltinHost, text: string): void {
  host.print?.(text);
}

/** A small deterministic generator (xorshift32) for TLC's random operators. */
export class Rng {
  private state: number;

  constructor(...seeds: number[]) {
    let h = 0x9e3779b9;
    for (const s of seeds) h = Math.imul(h ^ s, 0x85ebca6b) ^ (h >>> 13);
    this.state = h >>> 0 || 1;
  }

  /** The next number in [0, 1). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}

function tlcGet(a: Args, key: Value): Value {
  const host = a.host;
  if (key.kind === "int") {
    if (key.value < 0) return a.wrong(0, "nonnegative integer");
    const v = registers(host).get(String(key.value));
    return v ?? host.fail(`TLCGet(${key.value}) was undefined.`);
  }
  if (key.kind === "string") {
    const v = host.tlcGet?.(key.value);
    if (v === undefined && key.value.startsWith("-D")) {
      // A Java system property: what TLCSet gave it, else (unset) the key itself, as TLC answers.
      return registers(host).get(key.value) ?? key;
    }
    return v ?? host.fail(`TLCGet(${printValue(key)}) is not available in the embedded explorer (it needs the model checker's ${key.value}); run TLC for it`);
  }
  return a.wrong(0, "nonnegative integer");
}

function tlcSet(a: Args, key: Value, v: Value): Value {
  const host = a.host;
  if (key.kind === "int" && key.value >= 0) {
    registers(host).set(String(key.value), v);
    return TRUE;
  }
  if (key.kind === "string") {
    if (host.tlcSet?.(key.value, v)) return TRUE;
    if (key.value.startsWith("-D")) {
      registers(host).set(key.value, str(tlcString(v)));
      return TRUE;
    }
    return host.fail(`TLCSet(${printValue(key)}, ...) is not available in the embedded explorer; run TLC for it`);
  }
  return a.wrong(0, "nonnegative integer");
}

/** The permutations of a set, as functions from it onto itself, in TLC's (lexicographic) order. */
function permutations(elements: readonly Value[]): Value[] {
  const out: Value[] = [];
  const used = new Array<boolean>(elements.length).fill(false);
  const acc: Value[] = [];
  const go = (): void => {
    if (acc.length === elements.length) {
      out.push(fn(elements, acc));
      return;
    }
    for (let j = 0; j < elements.length; j++) {
      if (used[j]) continue;
      used[j] = true;
      acc.push(elements[j]!);
      go();
      acc.pop();
      used[j] = false;
    }
  };
  go();
  return out;
}

/** TLC's SortSeq: an insertion sort that moves an element left while `Op(it, left)` holds (stable for a strict order). */
function sortSeq(a: Args): Value {
  const elems = a.seq(0);
  const lt = (x: Value, y: Value): boolean => {
    const r = a.operator(1)([x, y]);
    if (r.kind !== "bool") return a.host.fail(`The second argument of SortSeq should be a boolean function, but instead it is:\n${printValue(r)}`);
    return r.value;
  };
  const out: Value[] = [];
  for (const x of elems) {
    let j = out.length;
    while (j > 0 && lt(x, out[j - 1]!)) j--;
    out.splice(j, 0, x);
  }
  return seq(out);
}

function finiteSet(a: Args, i: number, op: string): readonly Value[] {
  const v = a.value(i);
  if (!a.host.isSet(v)) return wrongValueError(a.host, op, "a finite set", v);
  return a.host.elements(v);
}

/** TLC. `:>` and `@@` are evaluated as infix operators by the evaluator. */
export const TLC: BuiltinModule = new ModuleBuilder()
  .def("Print", 2, (a) => {
    print(a.host, `${tlcString(a.value(0))}  ${tlcString(a.value(1))}`);
    return a.value(1);
  })
  .def("PrintT", 1, (a) => {
    print(a.host, tlcString(a.value(0)));
    return TRUE;
  })
  .def("Assert", 2, (a) => {
    const v = a.value(0);
    if (v.kind === "bool" && v.value) return v;
    return a.host.fail(`The first argument of Assert evaluated to FALSE; the second argument was:\n${printValue(a.value(1))}`);
  })
  .def("JavaTime", 0, () => int(Math.floor(Date.now() / 1000) & 0x7fffffff))
  .def("TLCGet", 1, (a) => tlcGet(a, a.value(0)))
  .def("TLCSet", 2, (a) => tlcSet(a, a.value(0), a.value(1)))
  .def("Permutations", 1, (a) => {
    const xs = finiteSet(a, 0, "Permutations");
    return set(xs.length === 0 ? [seq([])] : permutations(xs));
  })
  .defOps("SortSeq", [false, true], sortSeq)
  .def("RandomElement", 1, (a) => {
    const s = a.value(0);
    const xs = finiteSet(a, 0, "RandomElement");
    if (xs.length === 0) return a.host.fail(`Applying RandomElement to the empty set ${printValue(s)}`);
    return xs[new Rng(s.hash).below(xs.length)]!;
  })
  // TLC's AnySet: every value is in it; it cannot be enumerated.
  .def("Any", 0, () => ANY)
  .def("ToString", 1, (a) => str(tlcString(a.value(0))))
  .def("TLCEval", 1, (a) => a.value(0))
  .build();

function subsetWithProbability(rng: Rng, xs: readonly Value[], p: number): Value {
  return set(xs.filter(() => rng.next() < p));
}

/** TLCExt (operators that need the trace or the checker fail clearly). */
export const TLC_EXT: BuiltinModule = new ModuleBuilder()
  .def("AssertEq", 2, (a) => {
    const same = equals(a.value(0), a.value(1));
    if (!same) {
      print(a.host, '"Assertion failed"');
      print(a.host, tlcString(a.value(0)));
      print(a.host, tlcString(a.value(1)));
    }
    return bool(same);
  })
  // TRUE when evaluating the expression fails with exactly the message err. Reached only when it
  // evaluated without error, which TLC answers FALSE; catching the error needs the evaluator to
  // pass the expression unevaluated.
  .def("AssertError", 2, () => bool(false))
  .def("TLCGetOrDefault", 2, (a) => {
    const key = a.value(0);
    if (key.kind === "int" && key.value >= 0) return registers(a.host).get(String(key.value)) ?? a.value(1);
    if (key.kind === "string") return a.host.tlcGet?.(key.value) ?? a.value(1);
    return a.wrong(0, "nonnegative integer");
  })
  .defOps("TLCGetAndSet", [false, true, false, false], (a) => {
    const key = a.value(0);
    if (key.kind !== "int" || key.value < 0) return a.wrong(0, "nonnegative integer");
    const old = registers(a.host).get(String(key.value)) ?? a.value(3);
    registers(a.host).set(String(key.value), a.operator(1)([old, a.value(2)]));
    return old;
  })
  .def("Trace", 0, (a) => a.host.fail("TLCExt!Trace needs the behavior leading to the current state, which the embedded explorer does not provide"))
  .def("CounterExample", 0, (a) => a.host.fail("TLCExt!CounterExample is only defined when TLC checks a property's counterexample"))
  .def("ToTrace", 1, (a) => a.host.fail("TLCExt!ToTrace is only defined when TLC checks a property's counterexample"))
  .def("TLCModelValue", 1, (a) => {
    const v = a.value(0);
    if (v.kind !== "string") return a.host.fail(`The argument of ModelValue should be a string, but instead it is:\n${printValue(v)}`);
    return modelValue(v.value);
  })
  .def("TLCDefer", 1, () => TRUE)
  .def("TLCNoOp", 1, (a) => a.value(0))
  .def("PickSuccessor", 1, (a) => bool(a.bool(0)))
  .def("TLCCache", 2, (a) => a.value(0))
  // TLC's fingerprint is its own 64-bit hash; ours is a 32-bit hash: equal values agree, numbers differ from TLC's.
  .def("TLCFP", 1, (a) => int(a.value(0).hash | 0))
  .def("TLCEvalDefinition", 1, (a) => a.host.fail(`TLCEvalDefinition(${printValue(a.value(0))}) needs the evaluator's definitions, which built-ins cannot reach`))
  .build();

/** Randomization: deterministic functions of their arguments (see the module comment). */
export const RANDOMIZATION: BuiltinModule = new ModuleBuilder()
  .def("RandomSubset", 2, (a) => {
    const k = a.value(0);
    const xs = finiteSet(a, 1, "RandomSubset");
    if (k.kind !== "int" || k.value < 0) return a.wrong(0, "nonnegative integer");
    // TLC takes the whole set when k exceeds its size.
    const size = Math.min(k.value, xs.length);
    const rng = new Rng(k.hash, a.value(1).hash);
    const idx = xs.map((_, i) => i);
    for (let i = 0; i < size; i++) {
      const j = i + rng.below(idx.length - i);
      [idx[i], idx[j]] = [idx[j]!, idx[i]!];
    }
    const chosen = new Set(idx.slice(0, size));
    return set(xs.filter((_, i) => chosen.has(i)));
  })
  .def("RandomSetOfSubsets", 3, (a) => {
    const k = a.int(0);
    const n = a.int(1);
    const xs = finiteSet(a, 2, "RandomSetOfSubsets");
    if (k < 0) return a.wrong(0, "nonnegative integer");
    if (n < 0 || n > xs.length) return a.host.fail(`The second argument of RandomSetOfSubsets should be a nonnegative integer in range 0..Cardinality(S), but instead it is:\n${n}`);
    const rng = new Rng(k, n, a.value(2).hash);
    const p = xs.length === 0 ? 0 : n / xs.length;
    return set(Array.from({ length: k }, () => subsetWithProbability(rng, xs, p)));
  })
  .def("RandomSubsetSet", 3, (a) => {
    const k = a.int(0);
    const prob = a.value(1);
    const xs = finiteSet(a, 2, "RandomSubsetSet");
    if (k < 0) return a.wrong(0, "nonnegative integer");
    const p = prob.kind === "string" ? Number(prob.value) : NaN;
    if (!(p >= 0 && p <= 1)) return a.host.fail(`The second argument of RandomSubsetSetProbability should be a string literal representing a probability, but instead it is:\n${printValue(prob)}`);
    const rng = new Rng(k, prob.hash, a.value(2).hash);
    return set(Array.from({ length: k }, () => subsetWithProbability(rng, xs, p)));
  })
  .def("TestRandomSetOfSubsets", 3, (a) => {
    const k = a.int(0);
    const n = a.int(1);
    const xs = finiteSet(a, 2, "TestRandomSetOfSubsets");
    const p = xs.length === 0 ? 0 : n / xs.length;
    return seq(
      [1, 2, 3, 4, 5].map((i) => {
        const rng = new Rng(i, k, n, a.value(2).hash);
        return int((set(Array.from({ length: k }, () => subsetWithProbability(rng, xs, p))) as { elements: readonly Value[] }).elements.length);
      }),
    );
  })
  .build();

/** Toolbox: its definitions only mean something inside a trace the Toolbox explores. */
export const TOOLBOX: BuiltinModule = new ModuleBuilder()
  .def("_TETrace", 0, (a) => a.host.fail("Toolbox!_TETrace is only defined when the Toolbox explores an error trace"))
  .def("_TEPosition", 0, (a) => a.host.fail("Toolbox!_TEPosition is only defined when the Toolbox explores an error trace"))
  .build();

