import { TlabridgeError } from "../errors.js";
import { compareValues, equals, fn, hashWithParts, printValue, record, seq, set, type Value } from "../values/index.js";
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

/**
 * Picks one state of each symmetry orbit: of a state's images under every
 * permutation, the one with the least hash (ties broken by value order), as
 * TLC keeps the least fingerprint. Only that image is interned, so a state
 * costs one permutation per group element and one lookup.
 */
export class SymmetryReducer {
  private readonly images: readonly ReadonlyMap<string, Value>[];
  /** Whether a value mentions a model value some permutation moves (else it is its own image). */
  private readonly moves = new WeakMap<object, boolean>();
  private readonly moved: ReadonlySet<string>;

  constructor(permutations: readonly Permutation[]) {
    this.images = permutations.map((p) => new Map(p.keys.map((k, i) => [printValue(k), p.values[i]!] as const)));
    this.moved = new Set(this.images.flatMap((m) => [...m.keys()]));
  }

  /** Each permutation (identity left out) as a function on values. */
  permutations(): ((v: Value) => Value)[] {
    return this.images.map((image) => (v: Value) => this.permute(v, image));
  }

  /** The representative of the state's orbit (the state itself when it is the least). */
  representative(state: readonly Value[]): readonly Value[] {
    if (!state.some((v) => this.mentionsMoved(v))) return state;
    // Hashes of the images first (nothing built); only the least image, and any tie, is built.
    const hashes = state.map((v) => this.imageHashes(v));
    const ownHash = stateHash(state.map((v) => v.hash));
    let bestHash = ownHash;
    let ties: ReadonlyMap<string, Value>[] = [];
    const row: number[] = new Array(state.length);
    for (let i = 0; i < this.images.length; i++) {
      for (let j = 0; j < state.length; j++) row[j] = hashes[j]?.[i] ?? state[j]!.hash;
      const h = stateHash(row);
      if (h < bestHash) {
        bestHash = h;
        ties = [this.images[i]!];
      } else if (h === bestHash) ties.push(this.images[i]!);
    }
    let best = ownHash === bestHash ? state : undefined;
    for (const image of ties) {
      const candidate = state.map((v) => this.permute(v, image));
      if (best === undefined || compareStates(candidate, best) < 0) best = candidate;
    }
    return best!;
  }

  /** The hash of each image of a value, by permutation (undefined: no permutation moves it). Kept per value: states share their values. */
  private readonly hashesOfImages = new WeakMap<object, Float64Array>();
  private imageHashes(v: Value): Float64Array | undefined {
    if (!this.mentionsMoved(v)) return undefined;
    const known = this.hashesOfImages.get(v);
    if (known) return known;
    const out = new Float64Array(this.images.length);
    if (v.kind === "model") this.images.forEach((image, i) => (out[i] = (image.get(v.name) ?? v).hash));
    else {
      for (let i = 0; i < this.images.length; i++) out[i] = hashWithParts(v, (part) => this.imageHashes(part)?.[i] ?? part.hash);
    }
    this.hashesOfImages.set(v, out);
    return out;
  }

  private mentionsMoved(v: Value): boolean {
    switch (v.kind) {
      case "model":
        return this.moved.has(v.name);
      case "set":
      case "seq":
      case "record":
      case "function": {
        const known = this.moves.get(v);
        if (known !== undefined) return known;
        const elements = v.kind === "set" || v.kind === "seq" ? v.elements : v.values;
        const result = elements.some((e) => this.mentionsMoved(e)) || (v.kind === "function" && v.domain.some((e) => this.mentionsMoved(e)));
        this.moves.set(v, result);
        return result;
      }
      default:
        return false;
    }
  }

  private permute(v: Value, image: ReadonlyMap<string, Value>): Value {
    if (!this.mentionsMoved(v)) return v;
    switch (v.kind) {
      case "model":
        return image.get(v.name) ?? v;
      case "set":
        return set(v.elements.map((e) => this.permute(e, image)));
      case "seq":
        return seq(v.elements.map((e) => this.permute(e, image)));
      case "record":
        return record(v.fields, v.values.map((e) => this.permute(e, image)));
      case "function":
        return fn(v.domain.map((e) => this.permute(e, image)), v.values.map((e) => this.permute(e, image)));
      default:
        return v;
    }
  }
}

function stateHash(hashes: readonly number[]): number {
  let h = 0x811c9dc5;
  for (const x of hashes) h = Math.imul(h ^ x, 0x01000193) >>> 0;
  return h;
}

function compareStates(a: readonly Value[], b: readonly Value[]): number {
  for (let i = 0; i < a.length; i++) {
    const c = compareValues(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return 0;
}
