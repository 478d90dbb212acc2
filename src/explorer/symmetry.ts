import { TlabridgeError } from "../errors.js";
import { equals, printValue, type Value } from "../values/index.js";
import type { Evaluator } from "./evaluate.js";
import type { Expr } from "./syntax.js";

/** A permutation of model values, as the keys it moves and their images. */
export interface Permutation {
  readonly keys: readonly Value[];
  readonly values: readonly Value[];
}

/**
 * The permutations a SYMMETRY set gives, closed under composition as TLC
 * closes them (`Permutations(A) \union Permutations(B)` also permutes A and B
 * together), identity left out.
 */
export function symmetryGroup(evaluator: Evaluator, definition: Expr): Permutation[] {
  const given = evaluator.elements(definition, { env: new Map(), state: [], next: undefined }).map((p) => evaluator.functionEntries(p, definition));
  const toMap = (p: Permutation): Map<string, Value> => {
    const m = new Map<string, Value>();
    p.keys.forEach((k, i) => {
      if (!equals(k, p.values[i]!)) m.set(printValue(k), p.values[i]!);
    });
    return m;
  };
  const keyOf = (m: Map<string, Value>): string => [...m].map(([k, v]) => `${k}>${printValue(v)}`).sort().join(",");
  const generators = given.map(toMap).filter((m) => m.size > 0);
  const seen = new Map<string, Map<string, Value>>();
  const queue = [...generators];
  for (const g of generators) seen.set(keyOf(g), g);
  while (queue.length > 0) {
    const p = queue.shift()!;
    for (const g of generators) {
      // (g . p)(x) = g(p(x)); the identity is dropped.
      const composed = new Map<string, Value>();
      for (const x of new Set([...p.keys(), ...g.keys()])) {
        const px = p.get(x);
        const image = g.get(px === undefined ? x : printValue(px)) ?? px;
        if (image !== undefined && printValue(image) !== x) composed.set(x, image);
      }
      const key = keyOf(composed);
      if (composed.size === 0 || seen.has(key)) continue;
      if (seen.size > 100_000) throw new TlabridgeError("EXPLORER_SYMMETRY", "the SYMMETRY set generates more than 100,000 permutations: use a smaller symmetry set.");
      seen.set(key, composed);
      queue.push(composed);
    }
  }
  const byName = new Map<string, Value>();
  for (const p of given) for (const k of p.keys) byName.set(printValue(k), k);
  return [...seen.values()].map((m) => ({ keys: [...m.keys()].map((k) => byName.get(k)!), values: [...m.values()] }));
}
