/**
 * SheetJS's module is the largest source a reading worker loads after pdf.js, and V8 keeps a
 * module's source for lazy compilation: one byte per character when every character is at most
 * U+00FF, two otherwise. The patch writes the characters above U+00FF as `\u` escapes; this fails
 * when an upgrade brings new ones, or the patch is not applied.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as XLSX from '@e965/xlsx';

// The module itself, as Node resolves the import above.
const source = fileURLToPath(import.meta.resolve('@e965/xlsx'));

describe('SheetJS source', () => {
  it('xlsx.mjs has no character above U+00FF (a one-byte string in V8)', () => {
    expect(source).toMatch(/xlsx\.mjs$/);
    const text = readFileSync(source, 'utf8');
    const wide = [...text.matchAll(/[^\u0000-\u00ff]/gu)].map((m) => `U+${m[0].codePointAt(0)!.toString(16).toUpperCase()} at ${m.index}`);
    expect(wide).toEqual([]);
  });

  it('reads the escaped literals as the characters they stand for', () => {
    // The 上午/下午 (a.m./p.m.) number format is recognised by comparing with an escaped literal.
    expect(XLSX.SSF.format('上午/下午 h:mm', 0.25)).toBe('上午 6:00');
    expect(XLSX.SSF.format('上午/下午 h:mm', 0.75)).toBe('下午 6:00');
  });
});
