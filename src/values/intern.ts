import { equals, type Value } from "./value.js";

/**
 * Keeps one representative per distinct value, so that equal values read from
 * a dump share one object and can be referred to by a dense integer id.
 *
 * The representative is the first value interned: two values that are equal
 * but print differently (`1..3` and `{1, 2, 3}`) share the first one's form.
 */
export class ValueTable {
  private readonly byHash = new Map<number, number | number[]>();
  private readonly list: Value[] = [];

  /** Number of distinct values held. */
  get size(): number {
    return this.list.length;
  }

  /** All distinct values, indexed by id. */
  get values(): readonly Value[] {
    return this.list;
  }

  /** The value with this id. */
  get(id: number): Value {
    const v = this.list[id];
    if (v === undefined) throw new RangeError(`no value with id ${id}`);
    return v;
  }

  /** The id of `v`, adding it when no equal value is held yet. */
  idOf(v: Value): number {
    const slot = this.byHash.get(v.hash);
    if (slot === undefined) {
      this.byHash.set(v.hash, this.list.length);
    } else if (typeof slot === "number") {
      if (equals(this.list[slot]!, v)) return slot;
      this.byHash.set(v.hash, [slot, this.list.length]);
    } else {
      for (const id of slot) if (equals(this.list[id]!, v)) return id;
      slot.push(this.list.length);
    }
    this.list.push(v);
    return this.list.length - 1;
  }

  /** The representative equal to `v`. */
  intern<V extends Value>(v: V): V {
    return this.list[this.idOf(v)] as V;
  }
}
