/**
 * An embedded TrueType glyph without an outline draws nothing; its ToUnicode map may still claim an
 * ideograph for it. 机 + such a glyph read 开 (no width) + 密★5年 shows 机密★5年 and read 机开密★5年:
 * pass. An ideograph always has ink, so a glyph without one claimed as an ideograph is a font whose
 * map claims other characters than it draws: the page is unread (review), as for 机密 claimed 会议.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, stream, ucs2 } from './raw-pdf.ts';

const be = (bits: 16 | 32, ...v: number[]) => {
  const b = Buffer.alloc((bits / 8) * v.length);
  v.forEach((x, i) => (bits === 16 ? b.writeUInt16BE(x & 0xffff, 2 * i) : b.writeUInt32BE(x >>> 0, 4 * i)));
  return b;
};

/** A TrueType program of glyphs 1…n, glyph i + 1 named `chars[i]` by its cmap; a glyph is an empty outline where `inked[i]` is false, else a square. */
function trueType(chars: string, inked: boolean[]): Uint8Array {
  const list = [...chars];
  const n = list.length + 1;
  // One contour of four on-curve points, coordinates as int16 deltas; padded to four bytes.
  const square = Buffer.concat([be(16, 1, 100, 0, 900, 800, 3, 0), Buffer.from([1, 1, 1, 1]), be(16, 100, 800, 0, -800), be(16, 0, 0, 800, 0)]);
  const glyph = Buffer.concat([square, Buffer.alloc(square.length % 4 ? 4 - (square.length % 4) : 0)]);
  const offsets = [0, 0];
  for (let i = 0; i < list.length; i++) offsets.push(offsets[offsets.length - 1] + (inked[i] ? glyph.length : 0));
  const glyf = Buffer.concat(list.map((_, i) => (inked[i] ? glyph : Buffer.alloc(0))));
  const loca = be(32, ...offsets);
  const head = Buffer.concat([be(32, 0x10000, 0x10000, 0, 0x5f0f3cf5), be(16, 0, 1000), Buffer.alloc(16), be(16, 0, 0xff38, 1000, 900, 0, 8, 2, 1, 0)]);
  const hhea = Buffer.concat([be(32, 0x10000), be(16, 900, 0xff38, 0, 1000, 0, 0, 1000, 1, 0, 0), Buffer.alloc(10), be(16, 0, n)]);
  const maxp = Buffer.concat([be(32, 0x10000), be(16, n, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0)]);
  const hmtx = be(16, ...Array.from({ length: n }, () => [1000, 0]).flat());
  const cps = list.map((c, i) => [c.codePointAt(0)!, i + 1]).sort((a, b) => a[0] - b[0]);
  const seg = cps.length + 1;
  const f4 = Buffer.concat([
    be(16, 4, 16 + 8 * seg, 0, 2 * seg, 0, 0, 0),
    be(16, ...cps.map((c) => c[0]), 0xffff),
    be(16, 0),
    be(16, ...cps.map((c) => c[0]), 0xffff),
    be(16, ...cps.map((c) => c[1] - c[0]), 1),
    be(16, ...Array(seg).fill(0)),
  ]);
  const cmap = Buffer.concat([be(16, 0, 1, 3, 1), be(32, 12), f4]);
  const post = Buffer.concat([be(32, 0x30000), Buffer.alloc(28)]);
  const tables: Array<[string, Buffer]> = [['cmap', cmap], ['glyf', glyf], ['head', head], ['hhea', hhea], ['hmtx', hmtx], ['loca', loca], ['maxp', maxp], ['post', post]];
  let offset = 12 + 16 * tables.length;
  const dir = [be(32, 0x10000), be(16, tables.length, 128, 3, 0)];
  const data: Buffer[] = [];
  for (const [tag, t] of tables) {
    const padded = Buffer.concat([t, Buffer.alloc(t.length % 4 ? 4 - (t.length % 4) : 0)]);
    dir.push(Buffer.from(tag, 'latin1'), be(32, 0, offset, t.length));
    data.push(padded);
    offset += padded.length;
  }
  return Uint8Array.from(Buffer.concat([...dir, ...data]));
}

/** A ToUnicode CMap giving two-byte codes 1…n the characters of `claimed`. */
function toUnicode(claimed: string): string {
  const list = [...claimed];
  const pairs = list.map((c, i) => `<${(i + 1).toString(16).padStart(4, '0')}> <${Buffer.from(c, 'utf16le').swap16().toString('hex')}>`).join('\n');
  return `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n${list.length} beginbfchar\n${pairs}\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end`;
}

const BODY = `BT /F2 14 Tf 72 660 Td ${ucs2('关于做好汛期物资调度工作的通知')} Tj ET BT /F2 12 Tf 72 630 Td ${ucs2('各区县应急管理局：为切实做好今年汛期物资调度工作，现将有关事项通知如下。')} Tj ET`;

/** `lead` in the page's Chinese font, then glyph 1 of an embedded font (claimed `piece`, inked or not, no width), then `tail`; `unused` more glyphs the map claims, without outlines, that the page does not draw. */
function page(lead: string, piece: string, inked: boolean, tail: string, unused = ''): Uint8Array {
  const font = trueType(piece + unused, [inked, ...[...unused].map(() => false)]);
  const x = 72 + 16 * [...lead].length;
  const top = `BT /F2 16 Tf 72 750 Td ${ucs2(lead)} Tj ET BT /F3 16 Tf ${x} 750 Td <0001> Tj ET BT /F2 16 Tf ${x} 750 Td ${ucs2(tail)} Tj ET\n`;
  return buildPdf(
    onePageCjk(stream('', top + BODY), {
      fonts: '/F3 7 0 R',
      more: [
        '<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Song /Encoding /Identity-H /DescendantFonts [8 0 R] /ToUnicode 9 0 R >>',
        `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Song /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+Song /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 800 /StemV 80 /FontFile2 10 0 R >> /CIDToGIDMap /Identity /DW 1000 /W [1 [0]] >>`,
        stream('', toUnicode(piece + unused)),
        stream(`/Length1 ${font.length}`, font),
      ],
    }),
  );
}

describe('PDF: a glyph without an outline claimed as an ideograph', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());

  it('机 + an empty glyph claimed 开 + 密★5年 (shown 机密★5年) is not pass: the font draws other text than it claims', async () => {
    const r = await scanner.scan(page('机', '开', false, '密★5年'), { filename: '通知.pdf' });
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.map((u) => u.detail).join('\n')).toMatch(/named by their embedded program/);
  });

  it('a subset font whose map also claims ideographs whose outlines it left out, not drawn on the page, passes with nothing unread', async () => {
    const r = await scanner.scan(page('保', '密', true, '宣传月', '机秘绝'), { filename: '通知.pdf' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });

  it('the same glyph with its outline (保 + 密 + 宣传月 drawn through it) passes with nothing unread', async () => {
    const r = await scanner.scan(page('保', '密', true, '宣传月'), { filename: '通知.pdf' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
});
