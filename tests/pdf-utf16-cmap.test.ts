/**
 * A CID font over a UTF-16 CMap (UniGB-UTF16-H) without a ToUnicode map: pdf.js builds the Unicode
 * map from Adobe-GB1-UCS2, indexed by character code. The CMap's 4-byte codes (surrogate pairs)
 * make that array ~3.6e9 long, sparse. The pdf.js patch copied it with Array.prototype.slice,
 * which visits every index in one runtime call: minutes of CPU for a two-character page, inside a
 * call that a worker's termination cannot interrupt, so the pool's deadline could not stop the
 * thread, and even the process's exit waited for it (pdf.js's own issue8372.pdf). The file is read
 * here through the reading pool, as `prepub scan` reads it, first in a fresh worker. pdf.js's own
 * copy of a CMap named as a ToUnicode map (`/ToUnicode /UniGB-UTF16-H`, which a hostile file can
 * write) did the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePage, stream } from '../packages/extract-pdf/test/raw-pdf.ts';

/** Text as UTF-16BE hex, the codes of UniGB-UTF16-H. */
const utf16 = (s: string) => `<${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;

const FONT =
  '<< /Type /Font /Subtype /Type0 /BaseFont /AdobeHeitiStd-Regular /Encoding /UniGB-UTF16-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 ' +
  '/BaseFont /AdobeHeitiStd-Regular /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor << /Type /FontDescriptor ' +
  '/FontName /AdobeHeitiStd-Regular /Flags 32 /FontBBox [-163 -283 1087 967] /ItalicAngle 0 /Ascent 967 /Descent -283 /CapHeight 763 /StemV 56 >> >>] >>';

/** A notice whose first line is `top`, in `font` (the UTF-16 font by default). */
function notice(top: string, font = FONT): Uint8Array {
  const lines = [top, '关于做好年终物资盘点工作的通知', '各科室：请于本月二十日前完成盘点并报送结果。', '附：盘点表'];
  const content = lines.map((l, i) => `BT /F7 16 Tf 72 ${740 - i * 30} Td ${utf16(l)} Tj ET`).join('\n');
  return buildPdf(onePage(stream('', content), { fonts: '/F7 6 0 R', more: [font] }));
}

let scanner: Scanner;
beforeAll(async () => {
  // One worker, a short file budget: a read that takes minutes ends as a timeout, not a pass.
  scanner = await createScanner({ ocr: false, isolation: { workers: 1 }, limits: { fileTimeoutMs: 15_000 } });
});
afterAll(() => scanner.close());

describe('a CID font over UniGB-UTF16-H', () => {
  it('is read at once: the marking blocks, the plain notice passes, both read completely', async () => {
    const marked = await scanner.scan(notice('机密★5年'), { filename: 'notice.pdf' });
    expect(marked.coverage.unread).toEqual([]);
    expect(marked.verdict).toBe('block');
    const plain = await scanner.scan(notice('年终盘点'), { filename: 'notice.pdf' });
    expect(plain.coverage.unread).toEqual([]);
    expect(plain.verdict).toBe('pass');
  });

  it('named as the ToUnicode map of a UCS-2 font, is read at once (as text not read: review)', async () => {
    const font = FONT.replace('/Encoding /UniGB-UTF16-H', '/Encoding /UniGB-UCS2-H /ToUnicode /UniGB-UTF16-H').replace('/CIDFontType2', '/CIDFontType0');
    const r = await scanner.scan(notice('机密★5年', font), { filename: 'notice.pdf' });
    expect(r.coverage.unread.map((u) => u.reason)).not.toContain('timeout');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('text-loss');
    expect(r.verdict).toBe('review');
  });
});
