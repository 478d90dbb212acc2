/**
 * Sets and functions the explorer keeps unevaluated, as TLC does: `Nat`,
 * `Seq(S)`, `SUBSET S`, `[S -> T]` and functions over infinite domains are
 * tested for membership or applied without being enumerated. They look like
 * ordinary values (kind `set` or `function`), so anything that needs their
 * elements gets them enumerated on first use, or an error for an infinite one.
 *
 * @module
 */
import { TlabridgeError } from "../errors.js";
import { distinctSet, fn, set, type FunctionValue, type SetValue, type Value } from "../values/index.js";

/** Enumerating an infinite set, or one too large to hold. */
export class InfiniteSetError extends TlabridgeError {
  constructor(readonly description: string, reason = "is infinite") {
    super("EXPLORER_INFINITE_SET", `${description} ${reason}: it can only be tested for membership (x \\in S), not enumerated`);
  }
}

/** A set known by its membership test; elements are enumerated on first use (finite ones only). */
export class LazySet implements SetValue {
  readonly kind = "set" as const;
  private materialized: SetValue | undefined;
  private describe: string | (() => string);

  constructor(
    /** How TLC would print the set's definition, for messages (a function: computed only if a message needs it). */
    description: string | (() => string),
    /** Whether `v` is an element (never enumerates). */
    readonly contains: (v: Value) => boolean,
    /** The elements, or undefined for an infinite set. */
    private readonly enumerate: (() => readonly Value[]) | undefined,
    /** The number of elements without enumerating them, when cheap; Infinity for an infinite set. */
    readonly size?: number,
    /** Whether the enumeration never repeats an element (a function set, a product): then it is not checked for duplicates. */
    private readonly distinct = false,
  ) {
    this.describe = description;
  }

  /** How TLC would print the set's definition. */
  get description(): string {
    if (typeof this.describe === "function") this.describe = this.describe();
    return this.describe;
  }

  /** Whether the set is infinite (has no enumeration). */
  get infinite(): boolean {
    return this.enumerate === undefined;
  }

  private force(): SetValue {
    if (this.materialized) return this.materialized;
    if (!this.enumerate) throw new InfiniteSetError(this.description);
    if (this.size !== undefined && this.size > 50_000_000) throw new InfiniteSetError(this.description, `has ${this.size} elements, too many to enumerate`);
    this.materialized = this.distinct ? distinctSet(this.enumerate()) : set(this.enumerate());
    return this.materialized;
  }

  get elements(): readonly Value[] {
    return this.force().elements;
  }

  get hash(): number {
    return this.force().hash;
  }
}

/** A function known by how to compute its value at a point (recursive definitions, infinite domains). */
export class LazyFunction implements FunctionValue {
  readonly kind = "function" as const;
  private materialized: Value | undefined;
  private readonly memo = new Map<number, { key: Value; value: Value }[]>();

  constructor(
    /** The function's domain (possibly a {@link LazySet}). */
    readonly domainSet: SetValue | Value,
    /** Whether `k` is in the domain. */
    readonly inDomain: (k: Value) => boolean,
    /** The function's value at `k` (called once per key). */
    private readonly compute: (k: Value) => Value,
    private readonly equals: (a: Value, b: Value) => boolean,
    /** The domain's elements (for a finite domain). */
    private readonly domainElements: () => readonly Value[],
  ) {}

  /** f[k], computed once per key. */
  at(k: Value): Value {
    const bucket = this.memo.get(k.hash);
    const hit = bucket?.find((e) => this.equals(e.key, k));
    if (hit) return hit.value;
    const value = this.compute(k);
    if (bucket) bucket.push({ key: k, value });
    else this.memo.set(k.hash, [{ key: k, value }]);
    return value;
  }

  /** The function as an ordinary value (enumerating its domain). */
  force(): Value {
    if (this.materialized) return this.materialized;
    const domain = this.domainElements();
    this.materialized = fn(domain, domain.map((k) => this.at(k)));
    return this.materialized;
  }

  private forced(): FunctionValue {
    const v = this.force();
    // A forced function over 1..n or strings is a sequence or record; give its entries as a function's.
    if (v.kind === "function") return v;
    if (v.kind === "seq") return { kind: "function", domain: v.elements.map((_, i) => ({ kind: "int", value: i + 1 }) as Value), values: v.elements, hash: v.hash };
    if (v.kind === "record") return { kind: "function", domain: v.fields.map((f) => ({ kind: "string", value: f }) as Value), values: v.values, hash: v.hash };
    throw new Error("unreachable");
  }

  get domain(): readonly Value[] {
    return this.forced().domain;
  }

  get values(): readonly Value[] {
    return this.forced().values;
  }

  get hash(): number {
    return this.force().hash;
  }
}

/** Whether a value is kept unevaluated. */
export function isLazy(v: Value): v is LazySet | LazyFunction {
  return v instanceof LazySet || v instanceof LazyFunction;
}

/** The value itself, with a lazy one made ordinary (for states, printing and equality). */
export function forceValue(v: Value): Value {
  if (v instanceof LazySet) return set(v.elements);
  if (v instanceof LazyFunction) return v.force();
  return v;
}
