/**
 * Text a reader gives that the glyphs do not back, and text pdf.js never hands over:
 * Type3 glyphs whose character is a guess from their codes, a legacy code page CMap (GBK-EUC-H)
 * whose ToUnicode map claims other characters, ActualText/Alt in marked content, and annotation
 * appearances pdf.js does not draw (hidden, NoView + Print, rollover, down).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createPdfExtractor } from '../src/index.ts';
import { meaningfulGlyphName } from '../src/type3.ts';
import { buildPdf, CJK_FONT, linesContent, onePage, onePageCjk, pdfUtf16, stream, ucs2 } from './raw-pdf.ts';

const extractor = createPdfExtractor({ renderPages: false });
const read = (bytes: Uint8Array) => extractor.extract(bytes, { limits: DEFAULT_LIMITS, filename: 'x.pdf' });
const MARK = '机密★5年';
const FONT_RES = '/Resources << /Font << /F2 6 0 R >> >>';

/** A Type3 font (object 6) whose five glyphs fill boxes, named `names`, at codes `N o t i c`, with an optional ToUnicode (object 12). */
function type3Page(names: string[], toUnicode?: string): Uint8Array {
  const codes = [...'Notic'].map((c) => c.charCodeAt(0));
  const diffs = codes.map((c, i) => `${c} /${names[i]}`).join(' ');
  const procs = names.map((n, i) => `/${n} ${7 + i} 0 R`).join(' ');
  const glyphs = names.map((_, i) => stream('', `1000 0 0 0 1000 1000 d1\n${100 + i * 10} 0 600 700 re f`));
  const font = `<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << ${procs} >> /Encoding << /Type /Encoding /Differences [${diffs}] >> /FirstChar 78 /LastChar 116 /Widths [${Array(39).fill(1000).join(' ')}] /Resources << >>${toUnicode ? ' /ToUnicode 12 0 R' : ''} >>`;
  const body = linesContent(['Quarterly supply report for the district office.', 'All figures below are final and approved.']);
  return buildPdf(onePage(stream('', `${body}\nBT /T3 18 Tf 72 600 Td (Notic) Tj ET`), { fonts: '/T3 6 0 R', more: [font, ...glyphs, ...(toUnicode ? [stream('', toUnicode)] : [])] }));
}

const cmap = (pairs: Array<[string, string]>) =>
  '/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def /CMapType 2 def 2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange\n' +
  `${pairs.length} beginbfchar\n${pairs.map(([c, u]) => `<${c}> <${Buffer.from(u, 'utf16le').swap16().toString('hex')}>`).join('\n')}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end`;

describe('Type3 glyphs without Unicode', () => {
  it('glyph names that name no character: the text read is a guess, a loss and the page goes to OCR', async () => {
    const x = await read(type3Page(['x0', 'x1', 'x2', 'x3', 'x4']));
    expect(x.loss).toEqual([expect.objectContaining({ where: 'page 1', kind: 'unmapped-glyphs', count: 5, detail: expect.stringContaining('glyphs-without-unicode') })]);
    // With rendering off, the page that needs OCR is named as not read.
    expect(x.unread).toEqual([expect.objectContaining({ where: 'page 1', reason: 'ocr-unavailable' })]);
  });

  it('standard glyph names tell the characters: nothing is reported', async () => {
    const x = await read(type3Page(['N', 'o', 't', 'i', 'c']));
    expect(x.loss).toEqual([]);
    expect(x.unread).toEqual([]);
  });

  it('a ToUnicode map of path glyphs cannot be checked: the page is read from its pixels too', async () => {
    const tu = cmap([...'Notic'].map((c, i) => [c.charCodeAt(0).toString(16).padStart(2, '0'), '公开·5年'[i]])).replace('<8140> <FEFE> ', '').replace('2 begincodespacerange', '1 begincodespacerange');
    const x = await read(type3Page(['x0', 'x1', 'x2', 'x3', 'x4'], tu));
    expect(x.loss).toEqual([]);
    expect(x.unread).toEqual([expect.objectContaining({ where: 'page 1', reason: 'ocr-unavailable' })]);
  });

  it('knows which glyph names carry a character', () => {
    for (const n of ['a', 'A', 'one', 'uni673A', 'uni673A5BC6', 'u1F600', 'afii10017', 'f_i', 'a.sc', 'germandbls']) expect(meaningfulGlyphName(n)).toBe(true);
    for (const n of ['x0', 'g12', 'a65', 'cid123', 'glyph7', 'G1A', '']) expect(meaningfulGlyphName(n)).toBe(false);
  });
});

describe('a code page CMap with a ToUnicode map that claims other characters', () => {
  const gbk = (s: string) => Buffer.from(new Uint8Array([...s].flatMap((ch) => [...gbkBytes(ch)])));
  const font = (tu: string) => CJK_FONT.replace('/Encoding /UniGB-UCS2-H', '/Encoding /GBK-EUC-H /ToUnicode 7 0 R') + '\n';

  it('GBK codes of 机密 mapped to 公开 are a loss; a map that tells the truth is not', async () => {
    const codes = gbk(MARK);
    const pairs = (claimed: string): Array<[string, string]> => [...MARK].map((ch, i) => [gbk(ch).toString('hex'), claimed[i]]);
    const page = (claimed: string) => buildPdf(onePage(stream('', `BT /F2 16 Tf 72 700 Td <${codes.toString('hex')}> Tj ET`), { fonts: '/F2 6 0 R', more: [font(''), stream('', cmap(pairs(claimed)))] }));
    const lie = await read(page('公开·5年'));
    expect(lie.parts.find((p) => p.id === 'page-1')?.text).toBe('公开·5年');
    expect(lie.loss).toEqual([expect.objectContaining({ kind: 'unreadable-object', detail: expect.stringContaining('GBK-EUC-H') })]);
    expect((await read(page(MARK))).loss).toEqual([]);
  });
});

/** GBK bytes of one character (the encoder Node has: through a TextDecoder search of the GBK table). */
function gbkBytes(ch: string): Uint8Array {
  if (ch.charCodeAt(0) < 0x80) return new Uint8Array([ch.charCodeAt(0)]);
  const d = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) if (d.decode(new Uint8Array([hi, lo])) === ch) return new Uint8Array([hi, lo]);
  throw new Error(`no GBK code for ${ch}`);
}

describe('marked-content property lists', () => {
  it('ActualText replacing visible text is read as text of the page, Alt as alternate text, other keys as hidden text', async () => {
    const content =
      `/Span << /ActualText ${pdfUtf16(`份号000012 ${MARK}`)} >> BDC BT /F2 16 Tf 72 700 Td ${ucs2('公开发布')} Tj ET EMC\n` +
      `/Figure << /Alt ${pdfUtf16('秘密★10年 布防图')} >> BDC 72 600 100 50 re f EMC\n` +
      `/Span << /MCID 3 /Lang (zh-CN) /X-Note ${pdfUtf16('绝密★长期')} >> BDC EMC\n` +
      `/P /Pr1 BDC EMC`;
    const x = await read(buildPdf(onePageCjk(stream('', content), { page: '', more: [] }).map((b, i) => (i === 2 && typeof b === 'string' ? b.replace('>> >> /Contents', `>> /Properties << /Pr1 7 0 R >> >> /Contents`) : b)).concat([`<< /E ${pdfUtf16('内部资料 注意保存')} >>`])));
    const part = (id: string) => x.parts.find((p) => p.id === id);
    expect(part('page-1')?.text).toBe('公开发布');
    expect(part('page-1:actual-text')).toMatchObject({ role: 'body', text: `份号000012 ${MARK}`, origin: { page: 1 }, blocks: [expect.objectContaining({ start: 0, end: 14, page: 1 })] });
    expect(part('page-1:alt-text')).toMatchObject({ role: 'alt-text', text: '秘密★10年 布防图\n内部资料 注意保存', origin: { page: 1 } });
    expect(part('page-1:marked-content')).toMatchObject({ role: 'hidden', text: '绝密★长期', origin: { page: 1 } });
  });
});

describe('marked-content property lists past the caps', () => {
  it('strings past the cap, or nested deeper than it, are a limit the file is not counted as read past', async () => {
    const many = Array.from({ length: 5001 }, (_, i) => `/Span << /X-N (${i}) >> BDC EMC`).join('\n');
    const x = await read(buildPdf(onePageCjk(stream('', `${many}\n/Span << /X-Note ${pdfUtf16(MARK)} >> BDC EMC`), { page: '', more: [] })));
    expect(x.unread).toEqual(expect.arrayContaining([expect.objectContaining({ where: 'page 1: marked content', reason: 'limit' })]));
    const deep = `/Span << /X-A << /B << /C << /D << /E ${pdfUtf16(MARK)} >> >> >> >> >> BDC EMC`;
    const y = await read(buildPdf(onePageCjk(stream('', deep), { page: '', more: [] })));
    expect(y.unread).toEqual(expect.arrayContaining([expect.objectContaining({ where: 'page 1: marked content', reason: 'limit' })]));
    // Within the caps nothing is reported.
    const z = await read(buildPdf(onePageCjk(stream('', `/Span << /X-Note ${pdfUtf16('公开发布')} >> BDC EMC`), { page: '', more: [] })));
    expect(z.unread.filter((u) => u.where.includes('marked content'))).toEqual([]);
  });
});

describe('annotation appearances pdf.js does not draw', () => {
  const ap = (text: string) => stream(`/Type /XObject /Subtype /Form /BBox [0 0 200 40] ${FONT_RES}`, `BT /F2 16 Tf 4 12 Td ${ucs2(text)} Tj ET`);
  const page = (annot: string, streams: string[]) =>
    buildPdf(onePageCjk(stream('', linesContent(['Notice on the annual inspection of fire equipment.'])), { page: '/Annots [7 0 R]', more: [annot, ...streams.map(ap)] }));
  const annot = (f: number, appearance: string) => `<< /Type /Annot /Subtype /Stamp /Rect [300 700 500 740] /F ${f} /P 3 0 R /AP << ${appearance} >> >>`;

  it('a stamp printed but not shown (NoView + Print) is read as an annotation, on its rectangle', async () => {
    const x = await read(page(annot(36, '/N 8 0 R'), [MARK]));
    expect(x.parts.find((p) => p.id === 'page-1:annot:7R:N')).toMatchObject({ role: 'annotation', text: MARK, origin: { page: 1, box: { x: 300, y: 52, width: 200, height: 40, unit: 'pt' } } });
  });

  it('a hidden stamp is read as hidden text', async () => {
    const x = await read(page(annot(2, '/N 8 0 R'), [MARK]));
    expect(x.parts.find((p) => p.id === 'page-1:annot:7R:N')).toMatchObject({ role: 'hidden', text: MARK });
  });

  it('rollover and down appearances, and every state, are read', async () => {
    const x = await read(page(annot(4, '/N 8 0 R /R 9 0 R /D << /On 10 0 R /Off 11 0 R >>'), ['公开发布', MARK, '秘密★1年', '内部']));
    const text = (id: string) => x.parts.find((p) => p.id === id)?.text;
    expect(text('page-1:annot:7R')).toBe('公开发布');
    expect(text('page-1:annot:7R:R')).toBe(MARK);
    expect(text('page-1:annot:7R:D/On')).toBe('秘密★1年');
    expect(text('page-1:annot:7R:D/Off')).toBe('内部');
  });
});
