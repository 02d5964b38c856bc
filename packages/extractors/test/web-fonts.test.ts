/**
 * A page whose web font draws other characters than its text holds. The hostile pages are built
 * here: a TrueType program written byte by byte (extract-pdf's test/truetype.ts) whose cmap sends
 * 一 and 二 to glyphs named uni673A and uni5BC6 (机, 密), given as a data: URI in `@font-face`
 * (bare, and wrapped in WOFF 1.0); a page writing 一二★5年 in it shows 机密★5年: block, found in the
 * `@as-drawn` reading (it was review before: the font, handed on as an embedded file, is binary
 * data of no known format). A font naming no glyphs whose a and b are glyphs of ten contours: a
 * loss of its own. Their twins (glyphs named as the characters they are drawn for, letters of one
 * or two contours) have no such reading or loss (review only for the font file itself, as before).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';
import { trueType } from '../../extract-pdf/test/truetype.ts';

/** The font wrapped in WOFF 1.0, its tables stored as they are (not compressed). */
function woff(sfnt: Uint8Array): Uint8Array {
  const b = Buffer.from(sfnt);
  const n = b.readUInt16BE(4);
  const head = Buffer.alloc(44 + 20 * n);
  const data: Buffer[] = [];
  let offset = head.length;
  head.write('wOFF', 0, 'latin1');
  head.writeUInt32BE(b.readUInt32BE(0), 4);
  head.writeUInt16BE(n, 12);
  for (let i = 0; i < n; i++) {
    const d = 12 + 16 * i;
    const off = b.readUInt32BE(d + 8);
    const len = b.readUInt32BE(d + 12);
    const e = 44 + 20 * i;
    b.copy(head, e, d, d + 4);
    head.writeUInt32BE(offset, e + 4);
    head.writeUInt32BE(len, e + 8);
    head.writeUInt32BE(len, e + 12);
    const t = Buffer.concat([b.subarray(off, off + len), Buffer.alloc((4 - (len % 4)) % 4)]);
    data.push(t);
    offset += t.length;
  }
  head.writeUInt32BE(offset, 8);
  return Uint8Array.from(Buffer.concat([head, ...data]));
}

/** A page whose first line `text` is written in a web font (`font`, as a data: URI of `type`). */
function page(font: Uint8Array, text: string, type = 'font/ttf'): Uint8Array {
  const uri = `data:${type};base64,${Buffer.from(font).toString('base64')}`;
  return new TextEncoder().encode(
    `<!DOCTYPE html><html><head><meta charset="utf-8"><style>@font-face{font-family:"Song X";src:url(${uri}) format("truetype")}</style></head>` +
      `<body><h1 style="font-family:'Song X'">${text}</h1><p>关于做好汛期物资调度工作的通知</p><p>各区县应急管理局：为切实做好今年汛期物资调度工作，现将有关事项通知如下。</p></body></html>`,
  );
}

describe('HTML: a web font that draws other characters than the page holds', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false, isolation: false });
  });
  afterAll(() => scanner.close());
  const scan = (bytes: Uint8Array) => scanner.scan(bytes, { filename: '通知.html' });

  it('一二★5年 in a font whose glyphs for 一 二 are named uni673A uni5BC6 (机密) is read as drawn: block, bare or in WOFF', async () => {
    const font = trueType('一二', undefined, { glyphNames: ['uni673A', 'uni5BC6'] });
    for (const [label, bytes] of [['ttf', page(font, '一二★5年')], ['woff', page(woff(font), '一二★5年', 'font/woff')]] as const) {
      const r = await scan(bytes);
      expect(r.verdict, label).toBe('block');
      expect(r.findings.some((f) => f.location.part.endsWith('@as-drawn')), label).toBe(true);
      expect(r.coverage.unread.map((u) => u.detail).join('\n'), label).toMatch(/glyphs named as other ideographs/);
    }
  });

  it('a font naming no glyphs whose a and b are drawn with glyphs of ten contours is a loss: review', async () => {
    const r = await scan(page(trueType('ab', undefined, { contours: [10, 11] }), 'ab 会议纪要'));
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.detail).join('\n')).toMatch(/glyphs of an ideograph's many contours/);
  });

  it('twins: glyphs named as the characters they are drawn for, letters of one or two contours: no reading as drawn, no font loss, no block', async () => {
    for (const bytes of [
      page(trueType('一二', undefined, { glyphNames: ['uni4E00', 'uni4E8C'] }), '一二★5年'),
      page(woff(trueType('一二', undefined, { glyphNames: ['uni4E00', 'uni4E8C'] })), '一二★5年', 'font/woff'),
      page(trueType('ab', undefined, { contours: [1, 2] }), 'ab 会议纪要'),
    ]) {
      const r = await scan(bytes);
      expect(r.verdict).not.toBe('block');
      expect(r.findings.some((f) => f.location.part.endsWith('@as-drawn'))).toBe(false);
      expect(r.coverage.unread.map((u) => u.detail).join('\n')).not.toMatch(/glyphs named as other ideographs|many contours/);
    }
  });
});
