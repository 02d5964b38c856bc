/**
 * The order in which waiting work starts when quick work (short texts, small documents) may go ahead
 * of slow work (PDFs): quick items first, each kind in arrival order, but at most a pass limit of
 * quick items take a shared place while a slow one waits; then the slow one starts next. A stream of
 * quick work thus delays slow work by a bounded amount, never forever. Used by the reader pool (the
 * order files reach the workers) and by the review service (the order uploads get scan slots).
 */

/** Quick items that may take a shared place ahead of a waiting slow one before it starts. */
export const QUICK_PASS_LIMIT = 8;

/** Two lines of waiting items, quick and slow, and the pass-limit policy between them. */
export class QuickFirstLine<T> {
  private readonly quick: T[] = [];
  private readonly slow: T[] = [];
  /** Quick items that took a shared place while a slow one waited, since a slow one last took one. */
  private passes = 0;

  constructor(readonly passLimit = QUICK_PASS_LIMIT) {}

  /** Items waiting. */
  get length(): number {
    return this.quick.length + this.slow.length;
  }

  /** Adds an item at the end of its kind's line. */
  push(item: T, quick: boolean): void {
    (quick ? this.quick : this.slow).push(item);
  }

  /** Takes an item out of its line (it stopped waiting); false when it was not waiting. */
  remove(item: T): boolean {
    for (const line of [this.quick, this.slow]) {
      const i = line.indexOf(item);
      if (i < 0) continue;
      line.splice(i, 1);
      if (this.slow.length === 0) this.passes = 0;
      return true;
    }
    return false;
  }

  /**
   * Whether a quick item may take a shared place now: not once the pass limit is reached while a
   * slow item waits (places kept for quick items only are not shared and need not ask).
   */
  quickMayPass(): boolean {
    return this.slow.length === 0 || this.passes < this.passLimit;
  }

  /**
   * Notes that an item took a place, from the line or directly. `shared`: a place slow items may
   * take too (a quick item there passes any slow one waiting).
   */
  took(quick: boolean, shared = true): void {
    if (!shared) return;
    if (!quick) this.passes = 0;
    else if (this.slow.length > 0) this.passes++;
  }

  /**
   * The next item to start, taken out of its line and counted (see {@link took}), or undefined when
   * none may start: quick first unless the pass limit has been reached while a slow one waits.
   * `placeFor` says which place an item of that kind would take now (undefined: none), and whether
   * that place is shared.
   */
  next<P>(placeFor: (quick: boolean) => { place: P; shared: boolean } | undefined): { item: T; quick: boolean; place: P } | undefined {
    if (this.slow.length === 0) this.passes = 0;
    const order = this.slow.length > 0 && this.passes >= this.passLimit ? [false, true] : [true, false];
    for (const quick of order) {
      const line = quick ? this.quick : this.slow;
      if (line.length === 0) continue;
      const p = placeFor(quick);
      if (!p) continue;
      const item = line.shift()!;
      this.took(quick, p.shared);
      return { item, quick, place: p.place };
    }
    return undefined;
  }
}
