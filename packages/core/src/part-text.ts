/**
 * A part's text made from its UTF-16 units only when something reads the whole string.
 *
 * Why: a string of 64K to ~1M UTF-16 units is a "large object" to V8 (Node 20): each one gets
 * pages of its own from the kernel, and filling fresh pages costs page faults — on this project's
 * machines about 5–6 ms per MB of string, a hundred times a copy into reused memory. A text file of
 * Chinese read as UTF-8 gave two such strings (the text, then the normalized text). The engine
 * needs only the normalized string; of the original it reads a few short slices (excerpts, gaps
 * between words) and line starts, which the units answer. So a reader that has the units defines
 * `text` with {@link defineLazyText}: the string is built on first read, and the engine's own
 * reads ({@link partLength}, {@link partSlice}, normalization) do not build it.
 */
import type { TextPart } from './types.ts';

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The string of UTF-16 units `units` (lone surrogates kept): one copy. */
export function unitsString(units: Uint16Array): string {
  const n = units.length;
  if (n === 0) return '';
  // Short slices: fromCharCode needs no Buffer object; long ones: one native copy.
  if (n <= 64) return String.fromCharCode.apply(null, units as unknown as number[]);
  if (LITTLE_ENDIAN) return Buffer.from(units.buffer, units.byteOffset, n * 2).toString('utf16le');
  let s = '';
  for (let i = 0; i < n; i += 8192) s += String.fromCharCode.apply(null, units.subarray(i, i + 8192) as unknown as number[]);
  return s;
}

/** `String.prototype.slice(start, end)` of the text whose units are `units`, for `start, end >= 0`. */
export function sliceUnits(units: Uint16Array, start: number, end: number = units.length): string {
  const a = Math.min(Math.max(0, start), units.length);
  const b = Math.min(Math.max(0, end), units.length);
  return b > a ? unitsString(units.subarray(a, b)) : '';
}

/** One getter shared by every lazy part: how {@link hasLazyText} knows one. */
function lazyTextGet(this: { units: Uint16Array }): string {
  const text = unitsString(this.units);
  Object.defineProperty(this, 'text', { value: text, writable: true, enumerable: true, configurable: true });
  return text;
}

function lazyTextSet(this: object, text: string): void {
  Object.defineProperty(this, 'text', { value: text, writable: true, enumerable: true, configurable: true });
}

/**
 * Gives `part` a `text` property built from `part.units` on first read (then kept as a plain
 * value; assigning replaces it). It is enumerable, so a spread or a structured clone of the part
 * reads it and carries the string; {@link copyPart} keeps it lazy.
 */
export function defineLazyText<T extends { units: Uint16Array }>(part: T): T & { text: string } {
  Object.defineProperty(part, 'text', { get: lazyTextGet, set: lazyTextSet, enumerable: true, configurable: true });
  return part as T & { text: string };
}

/** Whether `part.text` is still to be built from `part.units` (nothing has read it yet). */
export function hasLazyText(part: object): part is { text: string; units: Uint16Array } {
  return Object.getOwnPropertyDescriptor(part, 'text')?.get === lazyTextGet;
}

/** The length of `part.text`, without building a lazy text. */
export function partLength(part: Pick<TextPart, 'text' | 'units'>): number {
  return hasLazyText(part) ? part.units.length : part.text.length;
}

/** `part.text.slice(start, end)` (`start, end >= 0`), without building a lazy text. */
export function partSlice(part: Pick<TextPart, 'text' | 'units'>, start: number, end?: number): string {
  return hasLazyText(part) ? sliceUnits(part.units, start, end) : part.text.slice(start, end);
}

/** A shallow copy of `part` with `changes`, keeping a lazy text lazy (a spread would build it). */
export function copyPart<T extends TextPart>(part: T, changes: Partial<TextPart>): T {
  const copy = Object.defineProperties({}, Object.getOwnPropertyDescriptors(part)) as T;
  return Object.assign(copy, changes);
}
