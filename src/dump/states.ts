import type { StateGraphBuilder } from "../graph/index.js";
import { parseAssignment } from "../values/index.js";
import { checkValueShape, inputLimits } from "../util/limits.js";

/** Why a printed state does not fit the states before it. */
export type StateShapeProblem =
  | { readonly kind: "unknown-variable"; readonly name: string; readonly entry: number }
  | { readonly kind: "repeated-variable"; readonly name: string; readonly entry: number }
  | { readonly kind: "missing-variable"; readonly name: string };

interface Decoded {
  readonly name: string;
  readonly valueId: number;
}

/**
 * Turns printed states (`/\ var = value` entries) into value ids for a
 * {@link StateGraphBuilder}. The same entry text repeats across thousands of
 * states, so each distinct entry is parsed once and then found by its text.
 */
export class StateDecoder {
  private readonly cache = new Map<string, Decoded>();
  private slots: Map<string, number> | undefined;
  private current: Int32Array = new Int32Array(0);
  private filled = 0;

  constructor(
    private readonly builder: StateGraphBuilder,
    private readonly limits = inputLimits(),
  ) {}

  /** Number of distinct entries parsed so far. */
  get distinctEntries(): number {
    return this.cache.size;
  }

  /**
   * Decodes the entries of one state. `key` is the entry as it appears in the
   * input (the cache key) and `text(i)` its TLA+ text; parse errors propagate
   * as {@link ValueSyntaxError} with the entry index in `onEntry`, and a
   * value past the element or depth limit as a `ShapeLimitError` (src/util/limits.ts)
   * (checked before parsing, so that it is refused in one quick pass).
   * Returns the value ids per variable slot, or the problem with the state.
   */
  decode(
    keys: readonly string[],
    text: (i: number) => string,
    onEntry: (i: number) => void,
  ): Int32Array | StateShapeProblem {
    const decoded: Decoded[] = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      let d = this.cache.get(key);
      if (d === undefined) {
        onEntry(i);
        const entry = text(i);
        checkValueShape(entry, this.limits);
        const { name, value } = parseAssignment(entry);
        d = { name, valueId: this.builder.valueId(value) };
        this.cache.set(key, d);
      }
      decoded[i] = d;
    }
    if (this.slots === undefined) {
      const names = decoded.map((d) => d.name);
      const seen = new Set<string>();
      for (let i = 0; i < names.length; i++) {
        if (seen.has(names[i]!)) return { kind: "repeated-variable", name: names[i]!, entry: i };
        seen.add(names[i]!);
      }
      this.builder.setVariables(names);
      this.slots = new Map(names.map((n, i) => [n, i]));
    }
    const n = this.slots.size;
    if (this.current.length !== n) this.current = new Int32Array(n);
    this.current.fill(-1);
    this.filled = 0;
    for (let i = 0; i < decoded.length; i++) {
      const d = decoded[i]!;
      const slot = this.slots.get(d.name);
      if (slot === undefined) return { kind: "unknown-variable", name: d.name, entry: i };
      if (this.current[slot] !== -1) return { kind: "repeated-variable", name: d.name, entry: i };
      this.current[slot] = d.valueId;
      this.filled++;
    }
    if (this.filled !== n) {
      const missing = [...this.slots].find(([, slot]) => this.current[slot] === -1)![0];
      return { kind: "missing-variable", name: missing };
    }
    return this.current;
  }

  /** A sentence for a {@link StateShapeProblem}. */
  static explain(problem: StateShapeProblem, variables: readonly string[]): string {
    const known = variables.join(", ");
    switch (problem.kind) {
      case "unknown-variable":
        return `expected one of the variables of the first state (${known}), found ${problem.name}`;
      case "repeated-variable":
        return `expected each variable once, found ${problem.name} twice`;
      case "missing-variable":
        return `expected a value for every variable (${known}), but ${problem.name} is missing`;
    }
  }
}
