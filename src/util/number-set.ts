/**
 * A set of non-negative safe integers (up to 2^53) in typed arrays: open
 * addressing with linear probing. A `Set<number>` boxes every value above
 * 2^31, which makes millions of them slow and heavy.
 */
export class NumberSet {
  private slots = new Float64Array(1 << 10).fill(-1);
  private mask = (1 << 10) - 1;
  /** How many numbers the set holds. */
  size = 0;

  /** Adds `x`; whether it was new. */
  add(x: number): boolean {
    if (2 * (this.size + 1) > this.slots.length) this.grow();
    return this.insert(x);
  }

  private insert(x: number): boolean {
    const low = x % 0x100000000;
    const high = (x - low) / 0x100000000;
    let i = (Math.imul(low | 0, 0x9e3779b1) ^ Math.imul(high | 0, 0x85ebca77)) & this.mask;
    for (;;) {
      const v = this.slots[i]!;
      if (v === x) return false;
      if (v === -1) {
        this.slots[i] = x;
        this.size++;
        return true;
      }
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2).fill(-1);
    this.mask = this.slots.length - 1;
    this.size = 0;
    for (const v of old) if (v !== -1) this.insert(v);
  }
}
