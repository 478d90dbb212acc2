/**
 * Maps TLC fingerprints, as the decimal digits of a signed 64-bit integer in a
 * buffer, to dense state ids without building a string per lookup: the digits
 * are split into two exact doubles (all but the last nine digits, and the last
 * nine) and kept in an open-addressing table.
 */
export class FingerprintTable {
  private high = new Float64Array(1 << 16);
  private low = new Float64Array(1 << 16);
  private ids = new Int32Array(1 << 16).fill(-1);
  private mask = (1 << 16) - 1;
  private count = 0;

  /** Number of fingerprints held. */
  get size(): number {
    return this.count;
  }

  /**
   * The id of the fingerprint in `buf[start, end)` (an optional `-` and 1 to
   * 19 digits), or `-1`; when absent and `newId` is given, adds it with that id.
   */
  lookup(buf: Buffer, start: number, end: number, newId = -1): number {
    const negative = buf[start] === 0x2d;
    const digits = negative ? start + 1 : start;
    const split = Math.max(digits, end - 9);
    let high = 0;
    for (let i = digits; i < split; i++) high = high * 10 + (buf[i]! - 48);
    let low = 0;
    for (let i = split; i < end; i++) low = low * 10 + (buf[i]! - 48);
    if (negative) high = -high - 1; // keeps -0 and 0 apart
    let slot = this.hash(high, low) & this.mask;
    for (;;) {
      const id = this.ids[slot]!;
      if (id === -1) break;
      if (this.high[slot] === high && this.low[slot] === low) return id;
      slot = (slot + 1) & this.mask;
    }
    if (newId < 0) return -1;
    this.high[slot] = high;
    this.low[slot] = low;
    this.ids[slot] = newId;
    if (++this.count * 2 > this.mask) this.grow();
    return newId;
  }

  private hash(high: number, low: number): number {
    let h = Math.imul((high | 0) ^ ((high / 4294967296) | 0), 0x9e3779b1) ^ Math.imul(low | 0, 0x85ebca6b);
    h ^= h >>> 15;
    return Math.imul(h, 0x2c1b3c6d) ^ (h >>> 13);
  }

  private grow(): void {
    const { high, low, ids } = this;
    const capacity = (this.mask + 1) * 2;
    this.high = new Float64Array(capacity);
    this.low = new Float64Array(capacity);
    this.ids = new Int32Array(capacity).fill(-1);
    this.mask = capacity - 1;
    for (let i = 0; i < ids.length; i++) {
      if (ids[i] === -1) continue;
      let slot = this.hash(high[i]!, low[i]!) & this.mask;
      while (this.ids[slot] !== -1) slot = (slot + 1) & this.mask;
      this.high[slot] = high[i]!;
      this.low[slot] = low[i]!;
      this.ids[slot] = ids[i]!;
    }
  }
}
