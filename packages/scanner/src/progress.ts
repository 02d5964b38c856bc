/**
 * What a reading worker leaves where the pool can reach it if the worker is stopped mid-file: the
 * step under way (in the task's begin stamp, see `stampStep`) and the text of the pages read so far
 * (in a page journal, shared memory). A PDF page that spins inside one synchronous pdf.js call
 * cannot be stopped by the reader's own timer; the pool stops its worker at the page time limit
 * instead, and the pages already read are still checked (a marking on page 1 still blocks when
 * page 3 spins). No message per page: the journal is written in place and read only after a stop.
 */
import type { PartOrigin, PartRole, ReadProgress, TextPart } from '@prepub/core';
import { stampStep, type BeginStamp } from './begun.ts';

/** Bytes of one journal: 1 MiB, ~500,000 characters of page text (some 200 dense pages). */
export const JOURNAL_BYTES = 1024 * 1024;
/** Header: Int32 [0] units written, [1] the first page whose text did not fit (0: none). */
const HEADER_BYTES = 8;

export function newJournal(bytes = JOURNAL_BYTES): SharedArrayBuffer {
  return new SharedArrayBuffer(bytes);
}

/** Empties a journal for the next task. */
export function resetJournal(journal: SharedArrayBuffer): void {
  const h = new Int32Array(journal, 0, 2);
  Atomics.store(h, 1, 0);
  Atomics.store(h, 0, 0);
}

/**
 * Appends parts to the journal: per part a 2-unit length and the JSON of its id, role and origin,
 * then a 2-unit length and its text's units. The count of units written moves past an entry only
 * once it is whole, so a worker stopped mid-write leaves the entries before it readable. A part
 * that does not fit marks its page as the first not kept, and nothing is written after it.
 */
export function writeJournal(journal: SharedArrayBuffer, parts: readonly TextPart[]): void {
  const h = new Int32Array(journal, 0, 2);
  if (Atomics.load(h, 1) !== 0) return;
  const u = new Uint16Array(journal, HEADER_BYTES);
  let at = Atomics.load(h, 0);
  for (const p of parts) {
    const meta = JSON.stringify({ id: p.id, role: p.role, origin: p.origin, ...(p.leading ? { leading: true } : {}) });
    const units = p.units;
    const textLength = units ? units.length : p.text.length;
    if (at + 4 + meta.length + textLength > u.length) {
      Atomics.store(h, 1, Math.max(1, p.origin?.page ?? 1));
      return;
    }
    let i = at;
    u[i++] = meta.length & 0xffff;
    u[i++] = meta.length >>> 16;
    for (let k = 0; k < meta.length; k++) u[i++] = meta.charCodeAt(k);
    u[i++] = textLength & 0xffff;
    u[i++] = textLength >>> 16;
    if (units) u.set(units, i);
    else {
      const text = p.text;
      for (let k = 0; k < textLength; k++) u[i + k] = text.charCodeAt(k);
    }
    at = i + textLength;
    Atomics.store(h, 0, at);
  }
}

/** What a journal holds: the parts kept, and the first page whose text did not fit (if one did not). */
export function readJournal(journal: SharedArrayBuffer): { parts: TextPart[]; overflowPage?: number } {
  const h = new Int32Array(journal, 0, 2);
  const end = Atomics.load(h, 0);
  const overflow = Atomics.load(h, 1);
  const u = new Uint16Array(journal, HEADER_BYTES);
  const parts: TextPart[] = [];
  // Unit for unit, as the reader wrote them: a decoder would drop a leading U+FEFF and turn lone
  // surrogates into U+FFFD, and findings' offsets and excerpts would no longer be the reader's.
  const str = (from: number, length: number): string => {
    let out = '';
    for (let k = from; k < from + length; k += 8192) out += String.fromCharCode(...u.subarray(k, Math.min(from + length, k + 8192)));
    return out;
  };
  for (let i = 0; i + 4 <= end; ) {
    const metaLength = u[i] | (u[i + 1] << 16);
    const meta = JSON.parse(str(i + 2, metaLength)) as { id: string; role: PartRole; origin: PartOrigin; leading?: boolean };
    i += 2 + metaLength;
    const textLength = u[i] | (u[i + 1] << 16);
    const text = str(i + 2, textLength);
    i += 2 + textLength;
    parts.push({ id: meta.id, role: meta.role, origin: meta.origin, text, ...(meta.leading ? { leading: true } : {}) });
  }
  return overflow ? { parts, overflowPage: overflow } : { parts };
}

/**
 * Test-only: `PREPUB_TEST_SPIN_PAGE=<file name>:<page>:<ms>[,…]` makes the worker reading a file of
 * that name spin synchronously for `ms` as that page begins (`-1`: the annotation appearances), as
 * pdf.js did in one font path: a real busy loop, where no timer of the worker's own can fire. Read
 * once per worker thread.
 */
const SPIN: Array<{ file: string; page: number; ms: number }> = (process.env.PREPUB_TEST_SPIN_PAGE ?? '')
  .split(',')
  .map((e) => /^(.*):(-?\d+):(\d+)$/.exec(e))
  .filter((m): m is RegExpExecArray => m !== null)
  .map((m) => ({ file: m[1], page: Number(m[2]), ms: Number(m[3]) }));

/** The progress of one task in a worker: steps into its begin stamp, pages into its journal. */
export function workerProgress(began: BeginStamp | undefined, journal: SharedArrayBuffer | undefined, filename: string | undefined): ReadProgress | undefined {
  if (!began && !journal) return undefined;
  const spin = SPIN.length ? SPIN.find((x) => x.file === filename) : undefined;
  return {
    step(id: number): void {
      stampStep(began, id);
      // In the step itself: the reader's own page timer is armed by then (it begins the page, then
      // arms the timer, then awaits), and cannot fire until the loop ends.
      if (spin && id === spin.page) {
        const end = performance.now() + spin.ms;
        queueMicrotask(() => {
          while (performance.now() < end);
        });
      }
    },
    keep(parts: readonly TextPart[]): void {
      if (journal && parts.length) writeJournal(journal, parts);
    },
  };
}
