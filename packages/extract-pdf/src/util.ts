/** Small helpers of the PDF extractor: time budgets, byte search, boxes, character counts. */
import type { Box, Limits } from '@prepub/core';

export interface Budget {
  deadline: number;
  signal?: AbortSignal;
  limits: Limits;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: 'timeout' | 'aborted' };

/** Resolves with the promise's value, or with timeout/aborted, whichever comes first. Rejections pass through. */
export function within<T>(promise: Promise<T>, ms: number, signal?: AbortSignal): Promise<Outcome<T>> {
  if (signal?.aborted) {
    promise.catch(() => undefined);
    return Promise.resolve({ ok: false, reason: 'aborted' });
  }
  return new Promise<Outcome<T>>((resolve, reject) => {
    const onAbort = (): void => finish({ ok: false, reason: 'aborted' });
    const timer = setTimeout(() => finish({ ok: false, reason: 'timeout' }), Math.max(0, ms));
    let done = false;
    function finish(o: Outcome<T> | Error): void {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (o instanceof Error) reject(o);
      else resolve(o);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => finish({ ok: true, value }),
      (err: unknown) => finish(err instanceof Error ? err : new Error(String(err))),
    );
  });
}

export function message(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return String(err);
}

export function indexOfAscii(bytes: Uint8Array, needle: string, from: number, to: number): number {
  const end = Math.min(bytes.length, to) - needle.length;
  outer: for (let i = Math.max(0, from); i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return i;
  }
  return -1;
}

export function pageRange(from: number, to: number): string {
  return from === to ? `page ${from}` : `pages ${from}-${to}`;
}

export interface Viewport {
  width: number;
  height: number;
  convertToViewportPoint(x: number, y: number): number[];
}

export function rectToBox(vp: Viewport, rect: unknown): Box | undefined {
  if (!Array.isArray(rect) || rect.length !== 4 || !rect.every((v) => Number.isFinite(v))) return undefined;
  const [x1, y1] = vp.convertToViewportPoint(rect[0], rect[1]);
  const [x2, y2] = vp.convertToViewportPoint(rect[2], rect[3]);
  return {
    x: r2(Math.min(x1, x2)),
    y: r2(Math.min(y1, y2)),
    width: r2(Math.abs(x2 - x1)),
    height: r2(Math.abs(y2 - y1)),
    unit: 'pt',
  };
}

export function r2(v: number): number {
  return Math.round(v * 100) / 100;
}

export function compact(s: string): string {
  return s.replace(/\s+/g, '');
}

export function countChars(text: string): number {
  let c = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x20) c++;
  return c;
}

/** Characters that say the font had no usable Unicode mapping: private use area and U+FFFD. */
export function countUnmapped(text: string): number {
  let c = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code >= 0xe000 && code <= 0xf8ff) || code === 0xfffd) c++;
  }
  return c;
}
