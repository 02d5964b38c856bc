/**
 * PDFs that used to answer `pass` with coverage complete although they carry a marking: each class
 * is generated here byte by byte (test/raw-pdf.ts) and scanned through the real scanner.
 */
import { readFileSync } from 'node:fs';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { createPdfExtractor } from '../src/index.ts';
import { appendUpdate, buildPdf, CJK_FONT, linesContent, onePage, onePageCjk, pdfUtf16, stream, ucs2 } from './raw-pdf.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

const MINUTES = ['TOP SECRET//NOFORN', 'The committee met on 4 May to review the supply schedule.', 'Second paragraph of the minutes, with more words.'];
const extractor = createPdfExtractor({ renderPages: false });

async function scan(bytes: Uint8Array) {
  return scanner.scan(bytes, { filename: 'x.pdf' });
}

function unreadKinds(r: Awaited<ReturnType<typeof scan>>): string[] {
  return r.coverage.unread.map((u) => /\((\S+): \d/.exec(u.detail)?.[1] ?? u.reason);
}

describe('damaged page content streams', () => {
  const content = linesContent(MINUTES);
  const z = new Uint8Array(zlib.deflateSync(Buffer.from(content, 'latin1')));
  const flipped = (at: number): Uint8Array => {
    const b = z.slice();
    b[at] ^= 0x20;
    return b;
  };
  const cases: Array<[string, Uint8Array]> = [
    ['one byte flipped early', stream('/Filter /FlateDecode', flipped(10))],
    ['one byte flipped in the middle', stream('/Filter /FlateDecode', flipped(Math.floor(z.length / 2)))],
    ['cut short', stream('/Filter /FlateDecode', z.slice(0, Math.floor(z.length * 0.6)))],
    ['bad filter data', stream('/Filter /FlateDecode', content)],
    ['an unknown filter', stream('/Filter /BogusDecode', z)],
  ];
  it.each(cases)('never passes a page whose content stream is %s', async (_, body) => {
    const r = await scan(buildPdf(onePage(body)));
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.complete).toBe(false);
    expect(unreadKinds(r)).toContain('failed-stream');
    expect(r.coverage.unread.find((u) => u.reason === 'text-loss')?.origin?.page).toBe(1);
  });

  it('blocks the marking read before garbage in an uncompressed stream, and reports the garbage', async () => {
    const body = stream('', 'BT /F1 12 Tf 72 740 Td (TOP SECRET//NOFORN) Tj ET\n\x01\x9f\xd3garbage \xff{x} Qz 12 kk BT /F1 12 Tf 72 700 Td (The committee met) Tj ET');
    const r = await scan(buildPdf(onePage(body)));
    expect(r.verdict).toBe('block');
    expect(unreadKinds(r)).toContain('failed-stream');
  });

  it('reports page contents that are no stream at all', async () => {
    const r = await scan(buildPdf(onePage(content)));
    expect(r.verdict).not.toBe('pass');
    expect(unreadKinds(r)).toContain('failed-stream');
  });

  it('renders a damaged page for OCR when rendering is on', async () => {
    const r = await createPdfExtractor().extract(buildPdf(onePage(stream('/Filter /FlateDecode', flipped(Math.floor(z.length / 2))))), { limits: DEFAULT_LIMITS });
    expect(r.images?.map((i) => i.id)).toEqual(['page-1']);
    expect(r.loss?.map((l) => l.kind)).toEqual(['failed-stream']);
  });

  it('leaves intact streams alone', async () => {
    const r = await scan(buildPdf(onePage(stream('/Filter /FlateDecode', z))));
    expect(r.verdict).toBe('block');
    expect(r.coverage.complete).toBe(true);
  });
});

describe('glyphs without a usable Unicode mapping', () => {
  // A composite font with Identity encoding and no ToUnicode: pdf.js hands out glyph ids as text.
  const IDENTITY_FONT =
    '<< /Type /Font /Subtype /Type0 /BaseFont /SimHei /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimHei ' +
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor << /Type /FontDescriptor /FontName /SimHei /Flags 4 ' +
    '/FontBBox [0 -200 1000 800] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >> /DW 1000 >>] >>';
  // A simple font whose codes map to control characters (no ToUnicode, no encoding names): pdf.js
  // passes the raw codes through, as in pdf.js's own bug1068432.pdf and issue3405r.pdf.
  const RAW_CODES_FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding << /Type /Encoding /Differences [1 /g1 /g2 /g3 /g4 /g5] >> >>';

  it.each([
    ['Identity-H without ToUnicode', IDENTITY_FONT, '<0C1A0B2F3C4D5E6F>'],
    ['raw control codes', RAW_CODES_FONT, '<0102030405>'],
  ])('never passes a page whose heading font is %s, and renders it for OCR', async (_, font, shown) => {
    const content = `BT /F9 20 Tf 72 720 Td ${shown} Tj ET\n${linesContent(MINUTES.slice(1))}`;
    const bytes = buildPdf(onePage(stream('', content), { fonts: '/F9 6 0 R', more: [font] }));
    const r = await scan(bytes);
    expect(r.verdict).not.toBe('pass');
    expect(unreadKinds(r)).toContain('unmapped-glyphs');
    const loss = (await extractor.extract(bytes, { limits: DEFAULT_LIMITS })).loss!.find((l) => l.kind === 'unmapped-glyphs')!;
    expect(loss.count).toBeGreaterThanOrEqual(4);
    expect(loss.total).toBeGreaterThan(loss.count);
    const rendered = await createPdfExtractor().extract(bytes, { limits: DEFAULT_LIMITS });
    expect(rendered.images?.map((i) => i.id)).toEqual(['page-1']);
  });

  it('does not count well-mapped text, Latin or Chinese', async () => {
    const content = `BT /F2 14 Tf 72 760 Td ${ucs2('机密★5年')} Tj ET\n${linesContent(MINUTES.slice(1))}`;
    const r = await scan(buildPdf(onePageCjk(stream('', content))));
    expect(r.verdict).toBe('block');
    expect(r.coverage.complete).toBe(true);
  });
});

describe('word spaces', () => {
  const variants: Array<[string, string]> = [
    ['a trailing space in the first run', '(TOP ) Tj (SECRET//NOFORN) Tj'],
    ['a kerning gap in a TJ array', '[(TOP) -250 (SECRET//NOFORN)] TJ'],
    ['positioning alone', '(TOP) Tj 27 0 Td (SECRET//NOFORN) Tj'],
  ];
  it.each(variants)('keeps the space between Latin words set apart by %s', async (_, shown) => {
    const content = `BT /F1 12 Tf 72 740 Td ${shown} ET\n${linesContent(MINUTES.slice(1)).replace('740', '700')}`;
    const bytes = buildPdf(onePage(stream('', content)));
    const r = await scan(bytes);
    expect(r.verdict).toBe('block');
    const page = (await extractor.extract(bytes, { limits: DEFAULT_LIMITS })).parts.find((p) => p.id === 'page-1')!;
    expect(page.text.split('\n')[0]).toBe('TOP SECRET//NOFORN');
  });

  it('keeps Chinese set with the same gaps unspaced', async () => {
    const content = `BT /F2 12 Tf 72 740 Td [${ucs2('关于开展')} -200 ${ucs2('检查')}] TJ ET BT /F2 12 Tf 72 720 Td ${ucs2('机密')} Tj 26 0 Td ${ucs2('★5年')} Tj ET`;
    const r = await extractor.extract(buildPdf(onePageCjk(stream('', content))), { limits: DEFAULT_LIMITS });
    expect(r.parts.find((p) => p.id === 'page-1')!.text).toBe('关于开展检查\n机密★5年');
  });
});

describe('vertical text', () => {
  const column = (chars: string, x: number): string => `BT /F2 14 Tf 16 TL ${x} 700 Td ${[...chars].map((c) => `${ucs2(c)} Tj T*`).join(' ')} ET`;

  it('reads a marking written one character per line as one line, each character keeping its box', async () => {
    const content = `${column('机密★5年', 540)}\nBT /F2 12 Tf 72 600 Td ${ucs2('关于开展数据安全检查的通知')} Tj ET`;
    const bytes = buildPdf(onePageCjk(stream('', content)));
    const r = await scan(bytes);
    expect(r.verdict).toBe('block');
    const finding = r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')!;
    expect(finding.location.page).toBe(1);
    const page = (await extractor.extract(bytes, { limits: DEFAULT_LIMITS })).parts.find((p) => p.id === 'page-1')!;
    expect(page.text).toBe('机密★5年\n关于开展数据安全检查的通知');
    expect(page.text.slice(finding.location.start, finding.location.end)).toBe('机密★5年');
    const words = page.blocks![0].words!;
    expect(words.map((w) => page.text.slice(w.start, w.end))).toEqual([...'机密★5年']);
    // One box per character, each under the one before.
    for (let i = 1; i < words.length; i++) expect(words[i].box.y).toBeGreaterThan(words[i - 1].box.y);
  });

  it('keeps horizontal lines and widely spaced single characters apart', async () => {
    const content = `BT /F2 12 Tf 20 TL 72 700 Td ${ucs2('第一行正文')} Tj T* ${ucs2('第二行正文')} Tj ET BT /F2 12 Tf 300 500 Td ${ucs2('甲')} Tj 0 -60 Td ${ucs2('乙')} Tj ET`;
    const r = await extractor.extract(buildPdf(onePageCjk(stream('', content))), { limits: DEFAULT_LIMITS });
    expect(r.parts.find((p) => p.id === 'page-1')!.text).toBe('第一行正文\n第二行正文\n甲\n乙');
  });
});


describe('embedded files under every key', () => {
  const body = stream('', linesContent(['The committee met on 4 May to review the supply schedule.']));
  const utf8 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf8'));

  it('reads the /DOS stream next to a harmless /UF and an associated file (/AF) on a page, each stream once', async () => {
    const bytes = buildPdf(
      onePage(body, {
        catalog: '/Names << /EmbeddedFiles << /Names [(notes.txt) 6 0 R] >> >>',
        page: '/AF [9 0 R]',
        more: [
          '<< /Type /Filespec /F (notes.txt) /UF (notes.txt) /EF << /UF 7 0 R /F 7 0 R /DOS 8 0 R >> >>',
          stream('/Type /EmbeddedFile', 'Agenda and list of participants.'),
          stream('/Type /EmbeddedFile', utf8('机密★5年\n关于开展数据安全检查的通知\n')),
          '<< /Type /Filespec /F (source.txt) /UF (source.txt) /AFRelationship /Source /EF << /F 10 0 R >> >>',
          stream('/Type /EmbeddedFile /Subtype /text#2Fplain', 'TOP SECRET//NOFORN\nThe plan as drafted.\n'),
        ],
      }),
    );
    const r = await scan(bytes);
    expect(r.verdict).toBe('block');
    const where = r.findings.map((f) => `${f.ruleId} ${f.location.part}`).sort();
    expect(where).toEqual(['marking.cn-state-secret notes.txt/body', 'marking.foreign source.txt/body']);
    const x = await extractor.extract(bytes, { limits: DEFAULT_LIMITS });
    // /UF and /F share one stream: three streams, three files.
    expect(x.embedded!.map((e) => e.name).sort()).toEqual(['notes.txt', 'notes.txt', 'source.txt']);
    expect(new Set(x.embedded!.map((e) => Buffer.from(e.bytes).toString('hex'))).size).toBe(3);
  });

  it('reads an associated file on the catalog and an embedded file stream no specification names', async () => {
    const bytes = buildPdf(
      onePage(body, {
        catalog: '/AF [6 0 R]',
        more: [
          '<< /Type /Filespec /F (data.txt) /EF << /F 7 0 R >> >>',
          stream('/Type /EmbeddedFile', 'TOP SECRET//NOFORN\nFigures.\n'),
          stream('/Type /EmbeddedFile', utf8('秘密★1年\n附件\n')),
        ],
      }),
    );
    const r = await scan(bytes);
    expect(r.verdict).toBe('block');
    expect(r.findings.map((f) => f.location.part).sort()).toEqual(['data.txt/body', 'embedded file 8/body']);
  });
});

describe('JavaScript', () => {
  const body = stream('', linesContent(['The committee met on 4 May to review the supply schedule.']));
  const js = (s: string): string => `<< /S /JavaScript /JS ${pdfUtf16(s)} >>`;
  const cases: Array<[string, Uint8Array, string]> = [
    ['a document-level script', buildPdf(onePage(body, { catalog: '/Names << /JavaScript << /Names [(init) 6 0 R] >> >>', more: [js('app.alert("机密★5年");')] })), 'marking.cn-state-secret'],
    ['the open action, as a stream', buildPdf(onePage(body, { catalog: '/OpenAction 6 0 R', more: ['<< /S /JavaScript /JS 7 0 R >>', stream('', 'var banner = "TOP SECRET//NOFORN";\napp.alert(banner);')] })), 'marking.foreign'],
    ['a link annotation action', buildPdf(onePage(body, { page: '/Annots [6 0 R]', more: [`<< /Type /Annot /Subtype /Link /Rect [0 0 100 100] /A ${js('this.print();\n// 机密★5年')} >>`] })), 'marking.cn-state-secret'],
    ['a page additional action', buildPdf(onePage(body, { page: `/AA << /O ${js("app.alert('秘密★1年')")} >>` })), 'marking.cn-state-secret'],
    // The action's kind scrambled whole: no reader runs it, the script still travels with the file.
    ['an action whose /S /JavaScript was scrambled', buildPdf(onePage(body, { catalog: `/OpenAction ${js("app.alert('机密★5年')").replace('/JavaScript', '/Lrjkrkdasx')}` })), 'marking.cn-state-secret'],
  ];
  it.each(cases)('reads the text of %s as a hidden part', async (_, bytes, rule) => {
    const r = await scan(bytes);
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === rule)!;
    expect(f.location.role).toBe('hidden');
    expect(f.location.part).toMatch(/^javascript:\d+/);
  });

  it('reads no script where there is none', async () => {
    const r = await extractor.extract(buildPdf(onePage(body)), { limits: DEFAULT_LIMITS });
    expect(r.parts.filter((p) => p.id.startsWith('javascript'))).toEqual([]);
  });
});

describe('a stamp drawn by the viewer', () => {
  const body = stream('', linesContent(['The committee met on 4 May to review the supply schedule.']));
  const stamp = (keys: string) => buildPdf(onePage(body, { page: '/Annots [6 0 R]', more: [`<< /Type /Annot /Subtype /Stamp /Rect [72 700 272 760] ${keys} >>`] }));
  it('is read as the standard stamp its /Name names, and as the one the file named under a damaged /Name', async () => {
    expect((await scan(stamp('/Name /TopSecret'))).verdict).toBe('block');
    const damaged = await scan(stamp('/Ztbz /TopSecret'));
    expect(damaged.verdict).toBe('block');
    expect(damaged.findings.find((f) => f.ruleId === 'marking.foreign')?.location.part).toMatch(/^stamp-name:/);
    // Without any name the viewer draws its default, DRAFT: nothing to block.
    expect((await scan(stamp(''))).verdict).toBe('pass');
  });
});

describe('annotation appearances past the most read per file', () => {
  // A form of many boxes, each with a down appearance (read: a viewer shows it while clicked), and
  // after them a hidden stamp whose appearance draws the marking.
  const form = (boxes: number) => {
    const body = stream('', linesContent(['Quarterly supply schedule: tick each item received.']));
    const more: Array<string | Uint8Array> = [CJK_FONT];
    const ap = (text: string) => (more.push(stream('/Type /XObject /Subtype /Form /BBox [0 0 40 12] /Resources << /Font << /F2 6 0 R >> >>', `BT /F2 8 Tf 1 2 Td ${ucs2(text)} Tj ET`)), more.length + 5);
    const annots: number[] = [];
    for (let i = 0; i < boxes; i++) {
      const n = ap('□'), d = ap('■');
      more.push(`<< /Type /Annot /Subtype /Square /Rect [${20 + (i % 20) * 28} ${20 + Math.floor(i / 20) * 14} ${46 + (i % 20) * 28} ${32 + Math.floor(i / 20) * 14}] /AP << /N ${n} 0 R /D ${d} 0 R >> >>`);
      annots.push(more.length + 5);
    }
    const s = ap('机密★5年');
    more.push(`<< /Type /Annot /Subtype /Stamp /F 2 /Rect [300 700 500 740] /AP << /N ${s} 0 R >> >>`);
    annots.push(more.length + 5);
    return buildPdf(onePage(body, { page: `/Annots [${annots.map((a) => `${a} 0 R`).join(' ')}]`, more }));
  };
  it('are counted as not read (limit), never dropped: a hidden stamp after 520 boxes does not pass', async () => {
    const x = await extractor.extract(form(520), { limits: DEFAULT_LIMITS });
    expect(x.loss).toContainEqual(expect.objectContaining({ where: 'annotation appearances', reason: 'limit', count: 21 }));
    expect((await scan(form(520))).verdict).toBe('review');
    // Under the limit the stamp's appearance is read, and blocks.
    expect((await scan(form(10))).verdict).toBe('block');
  }, 60_000);
});

describe('an encrypted file whose streams pdf.js could not decrypt', () => {
  const sample = readFileSync(new URL('../../../samples/pdf/owner-password.pdf', import.meta.url));
  it('a page of encrypted content bytes of which nothing was drawn is not read (a scrambled /StmF)', async () => {
    const scrambled = new Uint8Array(Buffer.from(sample.toString('latin1').replace('/StmF', '/Qrnd'), 'latin1'));
    const x = await extractor.extract(scrambled, { limits: DEFAULT_LIMITS });
    expect(x.loss).toContainEqual(expect.objectContaining({ where: 'page 1', kind: 'failed-stream', detail: expect.stringMatching(/^Page 1's content streams hold \d+ encrypted bytes of which pdf.js drew nothing/) }));
    expect((await scan(scrambled)).verdict).toBe('review');
    // Intact, the same file's page draws its text and blocks.
    const intact = await extractor.extract(new Uint8Array(sample), { limits: DEFAULT_LIMITS });
    expect((intact.loss ?? []).filter((l) => l.kind === 'failed-stream')).toEqual([]);
  });
});

describe('a PDF without its %PDF- header', () => {
  const marked = buildPdf(onePage(stream('', linesContent(['TOP SECRET//NOFORN', 'Quarterly supply report']))));

  it('is read as far as its objects allow (a marking blocks), never as read whole', async () => {
    for (const damaged of [Uint8Array.from([0x05, ...marked.subarray(1)]), marked.subarray(marked.indexOf(0x0a) + 1)]) {
      const x = await extractor.extract(damaged, { limits: DEFAULT_LIMITS });
      expect(x.unread).toContainEqual(expect.objectContaining({ reason: 'corrupt', detail: expect.stringMatching(/no %PDF- header \(damaged or cut off\)/) }));
      const r = await scan(damaged);
      expect(r.verdict).toBe('block');
      expect(r.findings.some((f) => f.ruleId === 'marking.foreign')).toBe(true);
    }
  });

  it('without objects either, it is not read at all', async () => {
    const x = await extractor.extract(new TextEncoder().encode('<html><body>not a document</body></html>'), { limits: DEFAULT_LIMITS });
    expect(x.unread).toEqual([expect.objectContaining({ reason: 'corrupt', detail: expect.stringMatching(/not a PDF at all/) })]);
    expect(x.parts).toEqual([]);
  });
});

describe('earlier revisions', () => {
  const original = buildPdf(onePage(stream('', linesContent(MINUTES))));
  const cleaned = stream('', linesContent(MINUTES.slice(1)));

  it('reads text an incremental update replaced, as hidden text of the previous revision', async () => {
    const bytes = appendUpdate(original, [[5, cleaned]], 6);
    // What a viewer shows has no marking any more.
    const x = await extractor.extract(bytes, { limits: DEFAULT_LIMITS });
    expect(x.parts.find((p) => p.id === 'page-1')!.text).not.toContain('SECRET');
    const r = await scan(bytes);
    expect(r.verdict).toBe('block');
    const f = r.findings.find((y) => y.ruleId === 'marking.foreign')!;
    expect(f.location.part).toBe('revision-1:page-1');
    expect(f.location.role).toBe('hidden');
    expect(f.location.detail).toBe('previous revision 1');
    expect(f.location.page).toBe(1);
    // Only what the final revision lacks is reported.
    expect(x.parts.find((p) => p.id === 'revision-1:page-1')!.text).toBe('TOP SECRET//NOFORN');
    expect(x.info?.revisions).toBe(2);
  });

  it('reports nothing for an update that keeps the text', async () => {
    const bytes = appendUpdate(original, [[2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>']], 6);
    const x = await extractor.extract(bytes, { limits: DEFAULT_LIMITS });
    expect(x.parts.filter((p) => p.id.startsWith('revision-'))).toEqual([]);
    expect(x.loss).toEqual([]);
  });

  it('reads at most a bounded number of revisions and reports the rest', async () => {
    let bytes = original;
    for (let i = 0; i < 10; i++) bytes = appendUpdate(bytes, [[5, stream('', linesContent([`Draft ${i}`, ...MINUTES.slice(1)]))]], 6);
    const x = await extractor.extract(bytes, { limits: DEFAULT_LIMITS });
    expect(x.info?.revisions).toBe(11);
    const loss = x.loss!.find((l) => l.where === 'earlier revisions')!;
    expect(loss).toMatchObject({ count: 2, total: 10 });
    // The original (revision 1) is among those read.
    expect(x.parts.find((p) => p.id === 'revision-1:page-1')?.text).toContain('TOP SECRET//NOFORN');
    const r = await scan(bytes);
    expect(r.verdict).toBe('block');
  });
});

describe('text shown with a font that does not load', () => {
  // CJK_FONT with its descendant key damaged by one bit, as a flipped byte on disk does it.
  const BROKEN_CJK = CJK_FONT.replace('/DescendantFonts', '/DercendantFonts');
  const marking = `BT /F2 14 Tf 72 760 Td ${ucs2('机密★5年')} Tj ET\n`;

  it('never passes a marking drawn with a font whose descendant font is lost, and renders the page for OCR', async () => {
    const bytes = buildPdf(onePage(stream('', marking + linesContent(MINUTES.slice(1))), { fonts: '/F2 6 0 R', more: [BROKEN_CJK] }));
    const r = await scan(bytes);
    expect(r.verdict).not.toBe('pass');
    expect(unreadKinds(r)).toContain('unmapped-glyphs');
    const loss = (await extractor.extract(bytes, { limits: DEFAULT_LIMITS })).loss!.find((l) => l.kind === 'unmapped-glyphs')!;
    expect(loss.detail).toMatch(/no descendant font/);
    const rendered = await createPdfExtractor().extract(bytes, { limits: DEFAULT_LIMITS });
    expect(rendered.images?.map((i) => i.id)).toEqual(['page-1']);
  });

  it('never passes text whose font resource points at no object', async () => {
    const bytes = buildPdf(onePage(stream('', `BT /F7 14 Tf 72 760 Td (TOP SECRET) Tj ET\n${linesContent(MINUTES.slice(1))}`), { fonts: '/F7 40 0 R' }));
    const r = await scan(bytes);
    expect(r.verdict).not.toBe('pass');
    expect(unreadKinds(r)).toContain('unmapped-glyphs');
  });

  it('counts the bytes every text operator shows against the glyphs drawn, whatever the font', async () => {
    const bytes = buildPdf(onePageCjk(stream('', marking + linesContent(MINUTES.slice(1)))));
    const r = await extractor.extract(bytes, { limits: DEFAULT_LIMITS });
    expect(r.loss).toEqual([]);
  });
});

describe('small pictures on a page with text', () => {
  // A grey picture of `pw` × `ph` pixels drawn at `w` × `h` pt in the top left corner.
  const picturePdf = (w: number, h: number, pw: number, ph: number): Uint8Array => {
    const pixels = new Uint8Array(pw * ph).fill(0x80);
    const image = stream(`/Type /XObject /Subtype /Image /Width ${pw} /Height ${ph} /ColorSpace /DeviceGray /BitsPerComponent 8`, pixels);
    const content = `q ${w} 0 0 ${h} 40 ${792 - 40 - h} cm /Im1 Do Q\n${linesContent(MINUTES.slice(1))}`;
    return buildPdf(onePage(stream('', content), { page: '', more: [image] }).map((b, i) => (i === 2 ? (b as string).replace('>> >>', '>> /XObject << /Im1 6 0 R >> >>') : b)));
  };

  it.each([
    ['a one-line marking (95 × 30 pt, 190 × 60 px)', 95, 30, 190, 60],
    ['a vertical marking (16 × 90 pt, 40 × 200 px)', 16, 90, 40, 200],
    ['a short line (20 × 8 pt, 64 × 26 px)', 20, 8, 64, 26],
    // Under 64 pixels along the longer side, these used to be skipped as icons and the page passed.
    ['two characters at 16 px a character (28 × 16 pt, 37 × 21 px)', 28, 16, 37, 21],
    ['a marking line at 12 px a character (44 × 12 pt, 59 × 16 px)', 44, 12, 59, 16],
    ['two characters at 10 px a character (18 × 11 pt, 24 × 14 px)', 18, 11, 24, 14],
    // Drawn under 16 × 8 pt but with the pixels of a legible line: a viewer zooms in.
    ['a marking line of 101 × 26 px drawn 15 × 4 pt', 15, 4, 101, 26],
  ])('hands %s to OCR, and reports it unread when rendering is off', async (_, w, h, pw, ph) => {
    const bytes = picturePdf(w, h, pw, ph);
    const rendered = await createPdfExtractor().extract(bytes, { limits: DEFAULT_LIMITS });
    expect(rendered.images?.map((i) => i.id)).toEqual(['page-1:picture-1']);
    const r = await scan(bytes);
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('ocr-unavailable');
  });

  it.each([
    ['a bullet (6 × 6 pt)', 6, 6, 24, 24],
    ['a rule (300 × 2 pt)', 300, 2, 600, 4],
    ['a 16 × 16 px icon drawn large (40 × 40 pt)', 40, 40, 16, 16],
    ['a 1-pixel line drawn 300 × 8 pt (400 × 1 px)', 300, 8, 400, 1],
    ['a picture bullet of many pixels drawn small (9 × 9 pt, 64 × 64 px)', 9, 9, 64, 64],
  ])('counts %s without reporting it', async (_, w, h, pw, ph) => {
    const bytes = picturePdf(w, h, pw, ph);
    const rendered = await createPdfExtractor().extract(bytes, { limits: DEFAULT_LIMITS });
    expect(rendered.images).toEqual([]);
    expect(rendered.info?.picturesSkipped).toBe(1);
    const r = await scan(bytes);
    expect(r.verdict).toBe('pass');
    expect(r.coverage.complete).toBe(true);
  });
});
