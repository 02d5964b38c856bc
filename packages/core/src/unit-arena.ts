/**
 * Reusable memory for UTF-16 units. Writing a document's units into memory that was written
 * before is measurably cheaper than into fresh buffers: a fresh buffer of more than a few hundred
 * kB is mapped from the kernel, and each of its pages costs a page fault on first touch (~20 µs on
 * a paravirtualised machine, ~2 ms per MB of decoded text; see bench/RESULTS.md). What `take`
 * returns stays valid until the arena's next `reset()`; the owner resets only when nothing that
 * was handed out (parts, normalized texts) is used any more.
 */
export class UnitArena implements UnitMemory {
  private units = new Uint16Array(0);
  private used = 0;
  /** Where the last `take` began, for {@link giveBack}. */
  private lastFrom = -1;
  private scratchUnits = new Uint16Array(0);
  /**
   * @param keepAtMost buffers larger than this (in units) are not kept between documents: the
   *   default 4 Mi units hold a ~12 MB Chinese text and keep at most ~16 MB alive per arena
   */
  constructor(private readonly keepAtMost = 4 * 1024 * 1024) {}
  /** Makes all the memory reusable; earlier results must no longer be used. */
  reset(): void {
    this.used = 0;
    this.lastFrom = -1;
    if (this.units.length > this.keepAtMost) this.units = new Uint16Array(0);
    if (this.scratchUnits.length > this.keepAtMost) this.scratchUnits = new Uint16Array(0);
  }
  /** Temporary room for `n` units, overwritten by the next call. */
  scratch(n: number): Uint16Array {
    if (this.scratchUnits.length < n) this.scratchUnits = new Uint16Array(Math.max(n, this.scratchUnits.length * 2));
    return this.scratchUnits.subarray(0, n);
  }
  /**
   * Room for `n` units. Earlier results keep their memory when it grows. A buffer transferred to
   * another thread (detached: length 0) is simply replaced.
   */
  take(n: number): Uint16Array {
    if (this.used + n > this.units.length) {
      const size = Math.max(n, this.units.length * 2, 4096);
      this.units = new Uint16Array(size);
      this.used = 0;
    }
    const from = this.used;
    this.used += n;
    this.lastFrom = from;
    return this.units.subarray(from, from + n);
  }
  /**
   * Only the first `kept` units of `view`, the last thing taken, are used: the rest is free again.
   * Anything else is ignored (the memory then stays taken until `reset`).
   */
  giveBack(view: Uint16Array, kept: number): void {
    if (this.lastFrom < 0 || view.buffer !== this.units.buffer || view.byteOffset !== this.lastFrom * 2 || this.lastFrom + view.length !== this.used) return;
    this.used = this.lastFrom + Math.max(0, Math.min(kept, view.length));
  }
}

/**
 * Memory an extractor may decode text units into instead of fresh arrays (see
 * `ExtractContext.unitMemory`). Parts then hold views of it: the caller that passes it owns their
 * lifetime.
 */
export interface UnitMemory {
  /** Room for `n` units. */
  take(n: number): Uint16Array;
  /** Only the first `kept` units of `view`, the last thing taken, are used. */
  giveBack(view: Uint16Array, kept: number): void;
}
