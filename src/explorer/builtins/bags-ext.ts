/**
 * CommunityModules' BagsExt (it instantiates Bags LOCALly, so it exports only its own operators).
 *
 * @module
 */
import { int, printValue, set as setOf, type Value } from "../../values/index.js";
import { bagEntries, bagOf } from "./standard.js";
import type { BuiltinModule } from "./types.js";
import { ModuleBuilder, entriesOf, indexOf, type Args } from "./util.js";

function bag(a: Args, i: number): { keys: readonly Value[]; counts: number[] } {
  const e = entriesOf(a.value(i)) ?? a.wrong(i, "bag");
  return { keys: e.keys, counts: e.values.map((v) => (v.kind === "int" ? v.value : a.wrong(i, "bag"))) };
}

/** FoldBag's order (TLC's override): each element, as many times as it occurs, folded as `op(acc, x)`. */
function foldBag(a: Args, op: (xs: readonly Value[]) => Value, base: Value, i: number, f: (x: Value) => Value = (x) => x): Value {
  const b = bagEntries(a, i, a.op, false);
  let acc = base;
  b.keys.forEach((k, j) => {
    const c = b.values[j]!;
    if (c.kind !== "int" || c.value <= 0) {
      a.host.fail(`Applying ${a.op} to the following value,\nwhich is not an element of Nat:\n${printValue(c)} (in: ${printValue(k)}:>${printValue(c)})`);
    }
    const fx = f(k);
    for (let n = 0; n < c.value; n++) acc = op([acc, fx]);
  });
  return acc;
}

/** BagsExt. */
export const BAGS_EXT: BuiltinModule = new ModuleBuilder()
  .def("BagAdd", 2, (a) => {
    const b = bag(a, 0);
    const x = a.value(1);
    const i = indexOf(b.keys, x);
    if (i >= 0) b.counts[i]!++;
    return i >= 0 ? bagOf(b.keys, b.counts) : bagOf([...b.keys, x], [...b.counts, 1]);
  })
  .def("BagRemove", 2, (a) => {
    const b = bag(a, 0);
    const i = indexOf(b.keys, a.value(1));
    if (i < 0) return a.value(0);
    b.counts[i]!--;
    return bagOf(b.keys, b.counts);
  })
  .def("BagRemoveAll", 2, (a) => {
    const b = bag(a, 0);
    const i = indexOf(b.keys, a.value(1));
    if (i >= 0) b.counts[i] = 0;
    return bagOf(b.keys, b.counts);
  })
  .defOps("MapThenFoldBag", [true, false, true, true, false], (a) => {
    // The TLA+ definition: each element x contributes handle(x) = op(...op(base, f(x))..., f(x)) (B[x] times),
    // and those are folded by MapThenFoldSet: op(handle(x1), op(handle(x2), ... base)), x1 = choose(DOMAIN B).
    const op = a.operator(0);
    const f = a.operator(2);
    const choose = a.operator(3);
    const b = bag(a, 4);
    let rest = [...b.keys];
    const order: Value[] = [];
    while (rest.length > 0) {
      const x = choose([setOf(rest)]);
      const i = indexOf(rest, x);
      if (i < 0) return a.host.fail(`the choose operator of MapThenFoldBag returned ${printValue(x)}, which is not in the bag`);
      order.push(x);
      rest = [...rest.slice(0, i), ...rest.slice(i + 1)];
    }
    const base = a.value(1);
    const handle = (x: Value): Value => {
      let acc = base;
      const n = b.counts[indexOf(b.keys, x)]!;
      const fx = f([x]);
      for (let k = 0; k < n; k++) acc = op([acc, fx]);
      return acc;
    };
    let acc = base;
    for (let i = order.length - 1; i >= 0; i--) acc = op([handle(order[i]!), acc]);
    return acc;
  })
  .defOps("FoldBag", [true, false, false], (a) => foldBag(a, a.operator(0), a.value(1), 2))
  .def("SumBag", 1, (a) =>
    foldBag(a, ([x, y]) => (x!.kind === "int" && y!.kind === "int" ? int(x!.value + y!.value) : a.host.fail(`SumBag adds integers, but found ${printValue(y!)}`)), int(0), 0),
  )
  .def("ProductBag", 1, (a) =>
    foldBag(a, ([x, y]) => (x!.kind === "int" && y!.kind === "int" ? int(x!.value * y!.value) : a.host.fail(`ProductBag multiplies integers, but found ${printValue(y!)}`)), int(1), 0),
  )
  .build();


