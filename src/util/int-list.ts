/** A growable Int32Array: push, or set at any index (growing as needed). */
export class IntList {
  /** Backing store; only `[0, length)` is meaningful. */
  data = new Int32Array(1024);
  /** Number of elements. */
  length = 0;

  /** Appends a value. */
  push(v: number): void {
    if (this.length === this.data.length) this.grow(this.length + 1);
    this.data[this.length++] = v;
  }

  /** Sets index i, growing the list to include it. */
  set(i: number, v: number): void {
    if (i >= this.data.length) this.grow(i + 1);
    this.data[i] = v;
    if (i >= this.length) this.length = i + 1;
  }

  /** The value at index i. */
  get(i: number): number {
    return this.data[i]!;
  }

  /** A copy of the elements. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }

  private grow(min: number): void {
    let capacity = this.data.length;
    while (capacity < min) capacity *= 2;
    const bigger = new Int32Array(capacity);
    bigger.set(this.data);
    this.data = bigger;
  }
}
