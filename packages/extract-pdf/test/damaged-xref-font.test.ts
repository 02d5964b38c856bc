/**
 * A damaged cross-reference table that makes a font unreachable. In the committed sample
 * samples/pdf/owner-password.pdf (an owner-password-encrypted LibreOffice file whose page starts
 * with the marking 秘密★1年) one stray byte in the table sends the entry of the body font's
 * descriptor past the end of the file: pdf.js substitutes its error font, draws the marking line
 * and the body as nothing and returns only the title. That must be a loss (the page is unread),
 * never a clean pass.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { createPdfExtractor } from '../src/index.ts';
import { checkXref } from '../src/xref.ts';

const SAMPLE = new Uint8Array(readFileSync(new URL('../../../samples/pdf/owner-password.pdf', import.meta.url)));
const TEXT = Buffer.from(SAMPLE).toString('latin1');
/** The last cross-reference section: from `xref` to `trailer`. */
const XREF_START = TEXT.lastIndexOf('\nxref') + 1;
const XREF_END = TEXT.indexOf('trailer', XREF_START);

const extractor = createPdfExtractor({ renderPages: false });
let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(async () => {
  await scanner.close();
});

/** The sample with `extra` inserted at byte `at`. */
function insertAt(at: number, extra: string): Uint8Array {
  return Uint8Array.from(Buffer.concat([SAMPLE.subarray(0, at), Buffer.from(extra, 'latin1'), SAMPLE.subarray(at)]));
}

describe('a cross-reference entry that loses a font', () => {
  it('reads the intact sample completely, marking included, with no loss', async () => {
    const out = await extractor.extract(SAMPLE, { limits: DEFAULT_LIMITS });
    expect(out.parts.find((p) => p.id === 'page-1')?.text).toContain('秘密★1年');
    expect(out.loss ?? []).toEqual([]);
    expect(checkXref(SAMPLE, { orphans: false })).toEqual({ badEntries: [], orphans: [], startMisplaced: false, malformed: 0 });
  });

  it('reports the font pdf.js could not load and the damaged entry when one byte lands in an offset', async () => {
    // `1` before the offset of object 10 (the body font's descriptor): 10000000002456 is past the end.
    const at = TEXT.indexOf('0000002456 00000 n', XREF_START);
    expect(at).toBeGreaterThan(XREF_START);
    const bytes = insertAt(at, '1');
    const out = await extractor.extract(bytes, { limits: DEFAULT_LIMITS });
    const page = out.parts.find((p) => p.id === 'page-1')?.text ?? '';
    // The leak this guards against: the marking is gone from the text layer...
    expect(page).not.toContain('秘密★1年');
    // ...so the extractor must say what it could not read.
    const loss = out.loss ?? [];
    const font = loss.find((l) => l.where === 'page 1' && l.kind === 'unreadable-object');
    expect(font?.detail).toMatch(/font that could not be loaded/);
    expect(font!.count).toBeGreaterThan(0);
    const table = loss.find((l) => l.where === 'cross-reference table');
    expect(table?.detail).toMatch(/objects 10\b/);
    const r = await scanner.scan(bytes, { filename: 'owner-password.pdf' });
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.complete).toBe(false);
  });

  it('reports an entry whose offset was changed to point into another object', async () => {
    // Object 8 (the body font) one byte late: its entry no longer starts at `8 0 obj`.
    const at = TEXT.indexOf('0000001502 00000 n', XREF_START);
    const bytes = Uint8Array.from(SAMPLE);
    bytes.set(Buffer.from('0000001503', 'latin1'), at);
    expect(checkXref(bytes, { orphans: false })?.badEntries).toEqual([8]);
    const r = await scanner.scan(bytes, { filename: 'owner-password.pdf' });
    expect(r.verdict).not.toBe('pass');
  });

  it('counts entries that are not three tokens as malformed', () => {
    const at = TEXT.indexOf('0000002456 00000 n', XREF_START);
    expect(checkXref(insertAt(at + 3, 'x'), { orphans: false })?.malformed).toBeGreaterThan(0);
  });

  it('never passes the sample with one stray byte anywhere in its cross-reference section', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: XREF_START, max: XREF_END }), fc.integer({ min: 0, max: 255 }), async (at, byte) => {
        const r = await scanner.scan(insertAt(at, String.fromCharCode(byte)), { filename: 'owner-password.pdf' });
        expect(r.verdict).not.toBe('pass');
      }),
      // Each run decrypts and reads the page with real pdf.js: a handful of runs per test pass.
      { numRuns: 12, examples: [[TEXT.indexOf('0000002456', XREF_START), '1'.charCodeAt(0)]] },
    );
  }, 180_000);
});
