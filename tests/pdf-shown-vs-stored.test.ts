/**
 * What a PDF page shows against what its file says: pictures whose data does not decode (drawn
 * blank, so OCR reads nothing there), fonts whose ToUnicode map names other characters than their
 * glyphs draw, form fields whose appearance shows other text than their value, Type3 glyphs and
 * pattern cells that paint pictures. The PDFs are written here, byte by byte.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, pdfUtf16, stream, ucs2, type Body } from '../packages/extract-pdf/test/raw-pdf.ts';
import { toUnicode, trueType } from '../packages/extract-pdf/test/truetype.ts';

const BODY = `BT /F2 12 Tf 16 TL 72 700 Td ${ucs2('关于做好2024年度安全生产检查工作的通知')} Tj T* ${ucs2('各科室：请于五月底前完成自查并报送办公室。')} Tj ET`;

/** A page with the body text and a picture (object 7) of 288 × 72 px drawn 144 × 36 pt at the top left. */
function withPicture(dict: string, data: Uint8Array | string, bits = 8): Uint8Array {
  const picture = stream(`/Type /XObject /Subtype /Image /Width 288 /Height 72 /ColorSpace /DeviceGray /BitsPerComponent ${bits} ${dict}`, data);
  return buildPdf(onePageCjk(stream('', `q 144 0 0 36 60 740 cm /Im1 Do Q\n${BODY}`), { page: '/Resources << /Font << /F1 4 0 R /F2 6 0 R >> /XObject << /Im1 7 0 R >> >>', more: [picture] }));
}

const GARBAGE = 'data that is no picture at all, repeated '.repeat(24);

describe('PDF: pictures whose data does not decode', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: { workers: 1 } });
  });
  afterAll(() => scanner.close());

  it('a JPEG, JPEG 2000 or JBIG2 picture pdf.js cannot decode, or Flate data damaged or cut short, is a loss: review, not pass', async () => {
    const white = new Uint8Array(288 * 72).fill(255);
    const deflated = zlib.deflateSync(white);
    const flipped = Uint8Array.from(deflated);
    flipped[flipped.length - 2] ^= 0xff;
    const cases: Array<[string, Uint8Array]> = [
      ['DCT', withPicture('/Filter /DCTDecode', GARBAGE)],
      ['JPX', withPicture('/Filter /JPXDecode', GARBAGE)],
      ['JBIG2', withPicture('/Filter /JBIG2Decode', GARBAGE, 1)],
      ['Flate, not Flate data', withPicture('/Filter /FlateDecode', GARBAGE)],
      ['Flate, a byte flipped', withPicture('/Filter /FlateDecode', flipped)],
      ['Flate, half the rows', withPicture('/Filter /FlateDecode', zlib.deflateSync(white.subarray(0, 288 * 36)))],
    ];
    for (const [label, bytes] of cases) {
      const r = await scanner.scan(bytes, { filename: '通知.pdf' });
      expect(r.verdict, label).toBe('review');
      expect(r.coverage.unread.map((u) => u.detail).join('\n'), label).toMatch(/could not be decoded whole/);
    }
  }, 120_000);

  it('the same page with its picture whole (white, Flate) passes with nothing unread', async () => {
    const r = await scanner.scan(withPicture('/Filter /FlateDecode', zlib.deflateSync(new Uint8Array(288 * 72).fill(255))), { filename: '通知.pdf' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  }, 60_000);
});

/**
 * `lead` (in the page's Chinese font) then the glyphs of an embedded Identity-H TrueType font
 * (objects 7-10) whose program names them `drawn` and whose ToUnicode map claims `claimed`, then
 * `tail`, at the top of the page.
 */
function embeddedFontPage(lead: string, drawn: string, claimed: string, tail: string): Uint8Array {
  const n = [...drawn].length;
  const codes = Array.from({ length: n }, (_, i) => (i + 1).toString(16).padStart(4, '0')).join('');
  const x1 = 72 + 16 * [...lead].length;
  const x2 = x1 + 16 * n;
  const top = `BT /F2 16 Tf 72 750 Td ${ucs2(lead)} Tj ET BT /F3 16 Tf ${x1} 750 Td <${codes}> Tj ET BT /F2 16 Tf ${x2} 750 Td ${ucs2(tail)} Tj ET\n`;
  const font = trueType(drawn);
  return buildPdf(
    onePageCjk(stream('', top + BODY), {
      fonts: '/F3 7 0 R',
      more: [
        '<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Song /Encoding /Identity-H /DescendantFonts [8 0 R] /ToUnicode 9 0 R >>',
        `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Song /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor << /Type /FontDescriptor /FontName /ABCDEF+Song /Flags 4 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 800 /StemV 80 /FontFile2 10 0 R >> /CIDToGIDMap /Identity /DW 1000 >>`,
        stream('', toUnicode(claimed)),
        stream(`/Length1 ${font.length}`, font),
      ],
    }),
  );
}

describe('PDF: an embedded font whose ToUnicode map claims other characters than its program gives its glyphs', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());

  it('glyphs the font names 机密 read as 会议 or as blanks through the map: review, not pass', async () => {
    const cases: Array<[string, Uint8Array]> = [
      ['other ideographs', embeddedFontPage('', '机密', '会议', '★5年')],
      ['blanks', embeddedFontPage('', '机密', '  ', '★5年')],
      ['a label whose value reads 公开', embeddedFontPage('密级：', '机密', '公开', '')],
    ];
    for (const [label, bytes] of cases) {
      const r = await scanner.scan(bytes, { filename: '通知.pdf' });
      expect(r.verdict, label).not.toBe('pass');
      expect(r.coverage.unread.map((u) => u.detail).join('\n'), label).toMatch(/named by their embedded program/);
    }
  });

  it('the same font whose map agrees with its program, drawing 保密 in 保密宣传月, passes with nothing unread', async () => {
    const r = await scanner.scan(embeddedFontPage('', '保密', '保密', '宣传月'), { filename: '通知.pdf' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
});

/** `label` on the page at (72, 750) in 16 pt and a field (object 7, its appearance 8) right after it holding `value` and showing `shown`. */
function fieldPage(label: string, field: string, shown: string, form = ''): Uint8Array {
  const x = 72 + 16 * [...label].length;
  const ap = stream('/Type /XObject /Subtype /Form /BBox [0 0 96 20] /Resources << /Font << /F2 6 0 R >> >>', `/Tx BMC BT /F2 16 Tf 0 4 Td ${ucs2(shown)} Tj ET EMC`);
  const widget = `<< /Type /Annot /Subtype /Widget ${field} /T (f1) /Rect [${x} 746 ${x + 96} 766] /F 4 /P 3 0 R /AP << /N 8 0 R >> >>`;
  return buildPdf(onePageCjk(stream('', `BT /F2 16 Tf 72 750 Td ${ucs2(label)} Tj ET\n${BODY}`), { page: '/Annots [7 0 R]', catalog: `/AcroForm << /Fields [7 0 R] ${form} >>`, more: [widget, ap] }));
}

/** `before` on the page, a widget (object 7, its appearance 8) drawing `drawn` right after it, then `after`: `field` gives its kind and state (`@AP` for the appearance). */
function buttonPage(before: string, drawn: string, after: string, field: string): Uint8Array {
  const x = 72 + 16 * [...before].length;
  const x2 = x + 16 * [...drawn].length;
  const ap = stream(`/Type /XObject /Subtype /Form /BBox [0 0 ${x2 - x} 20] /Resources << /Font << /F2 6 0 R >> >>`, `BT /F2 16 Tf 0 4 Td ${ucs2(drawn)} Tj ET`);
  const widget = `<< /Type /Annot /Subtype /Widget /T (b1) /Rect [${x} 746 ${x2} 766] /F 4 /P 3 0 R ${field.replace('@AP', '8 0 R')} >>`;
  const content = `BT /F2 16 Tf 72 750 Td ${ucs2(before)} Tj ET BT /F2 16 Tf ${x2} 750 Td ${ucs2(after)} Tj ET\n${BODY}`;
  return buildPdf(onePageCjk(stream('', content), { page: '/Annots [7 0 R]', catalog: '/AcroForm << /Fields [7 0 R] >>', more: [widget, ap] }));
}

/** A Type3 font (object 7, glyph procedures from 8) whose glyphs /a /b … each paint `proc(i)`, shown as `ab…` at the top of the page. */
function type3Page(count: number, proc: (i: number) => string): Uint8Array {
  const names = Array.from({ length: count }, (_, i) => String.fromCharCode(97 + i));
  const font = `<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << ${names.map((n, i) => `/${n} ${8 + i} 0 R`).join(' ')} >> /Encoding << /Type /Encoding /Differences [97 ${names.map((n) => `/${n}`).join(' ')}] >> /FirstChar 97 /LastChar ${96 + count} /Widths [${names.map(() => 1000).join(' ')}] /Resources << >> >>`;
  const procs = names.map((_, i) => stream('', `1000 0 0 0 1000 1000 d1 ${proc(i)}`));
  return buildPdf(onePageCjk(stream('', `BT /F3 16 Tf 72 750 Td (${names.join('')}) Tj ET\n${BODY}`), { fonts: '/F3 7 0 R', more: [font, ...procs] }));
}

/** A picture mask of 40 × 40 px (a frame), as an inline image. */
const INLINE_MASK = `q 1000 0 0 1000 0 0 cm BI /W 40 /H 40 /IM true /BPC 1 /D [1 0] /F /AHx ID ${'ff'.repeat(5) + ('80000000' + '01').repeat(38) + 'ff'.repeat(5)}> EI Q`;

/** A rectangle at the top filled with a tiling pattern (object 7) whose cell `cell` paints; `res`: the cell's resources. */
function patternPage(cell: string, res: string, more: Body[] = []): Uint8Array {
  const pattern = stream('/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 144 36] /XStep 144 /YStep 36 /Matrix [1 0 0 1 60 740] ' + `/Resources << ${res} >>`, cell);
  return buildPdf(onePageCjk(stream('', `q /Pattern cs /P1 scn 60 740 144 36 re f Q\n${BODY}`), { page: '/Resources << /Font << /F1 4 0 R /F2 6 0 R >> /Pattern << /P1 7 0 R >> >>', more: [pattern, ...more] }));
}

describe('PDF: what a viewer shows that the file reads otherwise (form appearances, Type3 pictures, pattern pictures)', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());
  const scan = (bytes: Uint8Array) => scanner.scan(bytes, { filename: '通知.pdf' });

  it('a text field holding 公开 whose appearance shows 机密★5年, or 密级： beside a field showing 机密: the appearance is read, never pass', async () => {
    const cases: Array<[string, Uint8Array, string]> = [
      ['as long as its value', fieldPage('', `/FT /Tx /V ${pdfUtf16('公开发布稿')}`, '机密★5年'), 'block'],
      ['beside its label', fieldPage('密级：', `/FT /Tx /V ${pdfUtf16('公开')}`, '机密'), 'block'],
      ['a drop-down showing what no option holds', fieldPage('密级：', `/FT /Ch /Ff 131072 /Opt [${pdfUtf16('公开')} ${pdfUtf16('内部')}] /V ${pdfUtf16('公开')}`, '机密'), 'block'],
    ];
    for (const [label, bytes, verdict] of cases) {
      const r = await scan(bytes);
      expect(r.verdict, label).toBe(verdict);
      expect(r.coverage.unread.map((u) => u.detail).join('\n'), label).toMatch(/shows other text in its appearance than its value/);
    }
  });

  it('a form asking viewers to make appearances from the values (NeedAppearances): the appearance is still read, a stale one is no loss', async () => {
    const marked = await scan(fieldPage('', `/FT /Tx /V ${pdfUtf16('公开发布稿')}`, '机密★5年', '/NeedAppearances true'));
    expect(marked.verdict).toBe('block');
    const stale = await scan(fieldPage('活动：', `/FT /Tx /V ${pdfUtf16('保密宣传月')}`, '安全宣传周', '/NeedAppearances true'));
    expect(stale.verdict).toBe('pass');
    expect(stale.coverage.unread).toEqual([]);
  });

  it('fields whose appearance shows their value (a text field, a drop-down) pass with nothing unread', async () => {
    for (const bytes of [fieldPage('活动：', `/FT /Tx /V ${pdfUtf16('保密宣传月')}`, '保密宣传月'), fieldPage('类别：', `/FT /Ch /Ff 131072 /Opt [${pdfUtf16('通知')} ${pdfUtf16('公告')}] /V ${pdfUtf16('公告')}`, '公告')]) {
      const r = await scan(bytes);
      expect(r.verdict).toBe('pass');
      expect(r.coverage.unread).toEqual([]);
    }
  });

  it('a check box, radio button, push button or signature box whose appearance draws 密 between 机 and ★5年 on the page is read in the line: block', async () => {
    const kinds: Array<[string, string]> = [
      ['check box', '/FT /Btn /V /On /AS /On /AP << /N << /On @AP >> >>'],
      ['radio button', '/FT /Btn /Ff 32768 /V /A /AS /A /AP << /N << /A @AP >> >>'],
      ['push button', '/FT /Btn /Ff 65536 /MK << /CA (OK) >> /AP << /N @AP >>'],
      ['signature', '/FT /Sig /AP << /N @AP >>'],
    ];
    for (const [label, field] of kinds) {
      const r = await scan(buttonPage('机', '密', '★5年', field));
      expect(r.verdict, label).toBe('block');
      expect(r.findings.find((f) => f.messageRef?.params?.marking === '机密★5年')?.location.part, label).toBe('page-1:as-shown');
    }
  });

  it('a multi-line text field or a list box whose first row 密★5年 stands right after 机 on the page is read in the line: block', async () => {
    const cases: Array<[string, string]> = [
      ['multi-line text field', `/FT /Tx /Ff 4096 /V ${pdfUtf16('密★5年\r（第一稿）')} /AP << /N @AP >>`],
      ['list box', `/FT /Ch /Opt [${pdfUtf16('密★5年')} ${pdfUtf16('公开')}] /V ${pdfUtf16('公开')} /AP << /N @AP >>`],
    ];
    for (const [label, field] of cases) {
      const r = await scan(buttonPage('机', '密★5年', '', field));
      expect(r.verdict, label).toBe('block');
      expect(r.findings.find((f) => f.messageRef?.params?.marking === '机密★5年')?.location.part, label).toBe('page-1:as-shown');
    }
    const twin = await scan(buttonPage('保', '密宣传月', '', `/FT /Tx /Ff 4096 /V ${pdfUtf16('密宣传月')} /AP << /N @AP >>`));
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
  });

  it('a push button whose appearance paints a picture, alone on its page among annotations, is read as a picture (rendering off: unread); one drawing a frame passes', async () => {
    const page = (apContent: string, apRes: string, more: Body[]): Uint8Array => {
      const ap = stream(`/Type /XObject /Subtype /Form /BBox [0 0 144 36] /Resources << ${apRes} >>`, apContent);
      const widget = '<< /Type /Annot /Subtype /Widget /FT /Btn /Ff 65536 /T (logo) /Rect [60 740 204 776] /F 4 /P 3 0 R /AP << /N 8 0 R >> >>';
      return buildPdf(onePageCjk(stream('', BODY), { page: '/Annots [7 0 R]', catalog: '/AcroForm << /Fields [7 0 R] >>', more: [widget, ap, ...more] }));
    };
    const grey = stream('/Type /XObject /Subtype /Image /Width 288 /Height 72 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode', Uint8Array.from(zlib.deflateSync(new Uint8Array(288 * 72).fill(128))));
    for (const [label, bytes] of [
      ['image XObject', page('q 144 0 0 36 0 0 cm /Im1 Do Q', '/XObject << /Im1 9 0 R >>', [grey])],
      ['inline image', page(INLINE_MASK.replace('1000 0 0 1000', '144 0 0 36'), '', [])],
    ] as const) {
      const r = await scan(bytes);
      expect(r.verdict, label).toBe('review');
      expect(r.coverage.unread.map((u) => `${u.reason}: ${u.detail}`).join('\n'), label).toMatch(/ocr-unavailable: 1 picture/);
    }
    const framed = await scan(page('0 0 144 36 re S', '', []));
    expect(framed.verdict).toBe('pass');
    expect(framed.coverage.unread).toEqual([]);
  });

  it('the same check box drawing 密 in 保密宣传月 passes with nothing unread', async () => {
    const r = await scan(buttonPage('保', '密', '宣传月', '/FT /Btn /V /On /AS /On /AP << /N << /On @AP >> >>'));
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });

  it('Type3 glyphs named /a /b whose procedures paint pictures send the page to OCR (rendering off: unread), vector glyphs so named do not', async () => {
    const pictured = await scan(type3Page(2, () => INLINE_MASK));
    expect(pictured.verdict).toBe('review');
    expect(pictured.coverage.unread.map((u) => u.reason)).toContain('ocr-unavailable');
    const drawn = await scan(type3Page(2, () => '100 100 800 800 re f'));
    expect(drawn.verdict).toBe('pass');
    expect(drawn.coverage.unread).toEqual([]);
  });

  it('a rectangle filled with a tiling pattern whose cell paints a picture is read as a picture (rendering off: unread); a striped cell is not', async () => {
    const pictured = await scan(patternPage('q 144 0 0 36 0 0 cm /Im1 Do Q', '/XObject << /Im1 8 0 R >>', [stream('/Type /XObject /Subtype /Image /Width 288 /Height 72 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode', Uint8Array.from(zlib.deflateSync(new Uint8Array(288 * 72).fill(128))))]));
    expect(pictured.verdict).toBe('review');
    expect(pictured.coverage.unread.map((u) => `${u.reason}: ${u.detail}`).join('\n')).toMatch(/ocr-unavailable: 1 picture/);
    const striped = await scan(patternPage('0 0 144 4 re f 0 16 144 4 re f', ''));
    expect(striped.verdict).toBe('pass');
    expect(striped.coverage.unread).toEqual([]);
  });
});
