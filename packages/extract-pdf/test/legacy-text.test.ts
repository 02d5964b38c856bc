/**
 * PDF text strings written in GBK or Big5 bytes without a byte order mark: read as PDFDocEncoding
 * they are mojibake (`»úÃÜ¡ï5Äê`), so each such string is also read in the code page a Chinese
 * viewer applies; Latin-1 text keeps its one reading, and bytes no reading fits are a loss.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_LIMITS, type Extraction } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { createPdfExtractor } from '../src/index.ts';
import { otherReadings, otherReadingsOfPdfJs, pdfDocBytes, pdfDocDecode, plausiblePdfDoc } from '../src/legacy-text.ts';
import { xmlReadings } from '../src/xfa.ts';
import { encodeLegacy, legacyHex } from './legacy-encode.ts';
import { buildPdf, linesContent, onePage, stream } from './raw-pdf.ts';

const MARK = '机密★5年';
const latin1 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const extractor = createPdfExtractor({ renderPages: false });
const extract = (bytes: Uint8Array): Promise<Extraction> => extractor.extract(bytes, { limits: DEFAULT_LIMITS, filename: 'x.pdf' });

/** Ordinary Latin-1 strings a PDF's metadata, notes and fields carry. */
const LATIN1 = [
  'Café Müller ©2024', 'Ångström', 'naïve résumé', 'Größe und Maße', 'Straße 12, München', 'Françoise Dupont-Lefèvre', 'Señor Muñoz, año 2023',
  'São Paulo — Relatório anual', 'Ærøskøbing Kommune', 'BLÅBÆR SYLTETØY', 'Ça va? Où êtes-vous?', 'Zürich, Österreich, Übersicht', 'déjà vu, à la carte',
  'Crème brûlée', 'El Niño', 'Þórður Guðjónsson', 'Smørrebrød', 'Kjøbenhavn', 'über 50 °C', '± 0,5 µm', '« Bonjour »', '½ tasse de sucre', '£100 or €120',
  'Microsoft® Word 2016', 'Adobe® Acrobat® Pro DC', 'Entwurf — nicht veröffentlichen', 'Résumé: María José García', 'Ölçüm üçüncü gün', 'Jørgen Ibsen',
  'Æther', 'Œuvres complètes', 'Ångströmsfysik', 'façade', 'coöperate', 'Noël', 'Bjørn Ødegård', 'Àìkú', 'Ñandú', 'Øresund', 'São Tomé e Príncipe',
];

describe('other readings of a text string\'s bytes', () => {
  it('a GBK marking reads as GB18030 and a Big5 one as Big5', () => {
    expect(otherReadings(encodeLegacy(MARK, 'gbk'))).toEqual({ readings: [{ encoding: 'gb18030', text: MARK }], lost: false });
    const big5 = otherReadings(encodeLegacy('機密★5年', 'big5'));
    expect(big5?.lost).toBe(false);
    expect(big5?.readings.map((r) => r.text)).toContain('機密★5年');
  });

  it('ordinary Latin-1 strings get no other reading and no loss', () => {
    const read = LATIN1.map((s) => [s, otherReadings(latin1(s))] as const).filter(([, r]) => r !== undefined);
    expect(read).toEqual([]);
    for (const s of LATIN1) expect(plausiblePdfDoc(latin1(s)), s).toBe(true);
  });

  it('a string without bytes above 0x7F, or UTF-16 with its mark, has nothing to add', () => {
    expect(otherReadings(latin1('Quarterly report 2024'))).toBeUndefined();
    expect(otherReadings(Uint8Array.from([0xfe, 0xff, 0x67, 0x3a, 0x5b, 0xc6]))).toBeUndefined();
    expect(otherReadingsOfPdfJs(MARK)).toBeUndefined();
  });

  it('UTF-8 written without its mark reads as UTF-8', () => {
    expect(otherReadings(new TextEncoder().encode(MARK))).toEqual({ readings: [{ encoding: 'utf-8', text: MARK }], lost: false });
  });

  it('UTF-16BE written without its mark reads as UTF-16BE', () => {
    const be = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf16le').swap16());
    // With ASCII characters (NUL high bytes) and without any (Chinese text only, `g:[Æ`).
    expect(otherReadings(be(MARK))).toEqual({ readings: [{ encoding: 'utf-16be', text: MARK }], lost: false });
    expect(otherReadings(be('绝密'))?.readings).toContainEqual({ encoding: 'utf-16be', text: '绝密' });
    expect(otherReadings(be('密级：机密'))).toEqual({ readings: [{ encoding: 'utf-16be', text: '密级：机密' }], lost: false });
    expect(otherReadingsOfPdfJs(pdfDocDecode(be('绝密')))?.readings.map((r) => r.text)).toContain('绝密');
    // A C-string terminator is no UTF-16; NUL-laden bytes that are no UTF-16 either are a loss.
    expect(otherReadings(Uint8Array.from([...Buffer.from('Report'), 0]))).toBeUndefined();
    expect(otherReadings(Uint8Array.from([0x00, 0x41, 0xd8, 0x00, 0x00, 0xdc]))).toEqual({ readings: [], lost: true });
  });

  it('UTF-16LE written without its mark reads as UTF-16LE, told from UTF-16BE by where its NULs stand', () => {
    const le = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf16le'));
    // With ASCII characters (NULs at odd offsets; its UTF-16BE reading is other characters) and without (`:gÆ[`).
    expect(otherReadings(le(MARK))).toEqual({ readings: [{ encoding: 'utf-16le', text: MARK }], lost: false });
    expect(otherReadings(le('Quarterly report 2024'))).toEqual({ readings: [{ encoding: 'utf-16le', text: 'Quarterly report 2024' }], lost: false });
    expect(otherReadings(le('机密'))?.readings).toContainEqual({ encoding: 'utf-16le', text: '机密' });
    expect(otherReadings(le('密级：机密'))?.readings).toContainEqual({ encoding: 'utf-16le', text: '密级：机密' });
    const any = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
    fc.assert(
      fc.property(fc.array(fc.oneof(any, fc.constantFrom('★', '5', 'A', ' ', '：')), { minLength: 1, maxLength: 30 }), fc.constantFrom('5', 'A', ' '), (chars, ascii) => {
        const s = chars.join('') + ascii;
        expect(otherReadings(le(s))?.readings.map((r) => r.text)).toContain(s);
      }),
    );
  });

  it('a Han character whose low byte is zero (匀 is 53 00, 一 is 4E 00) does not hide the byte order', () => {
    const be = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf16le').swap16());
    for (const s of ['匀：啊', '匀匀', '匀机密★']) expect(otherReadings(be(s))?.readings.map((r) => r.text), s).toContain(s);
    // The same in UTF-16LE: 一 (4E00) puts its zero byte where a UTF-16BE ASCII character would.
    const le = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf16le'));
    for (const s of ['一一5', '一二三5年', '一机密★5']) expect(otherReadings(le(s))?.readings.map((r) => r.text), s).toContain(s);
  });

  it('UTF-16BE Chinese text reads back as itself (property)', () => {
    const be = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf16le').swap16());
    // Everyday Han characters (GB2312 level 1); with an ASCII character among them, any Han character.
    const common = fc.tuple(fc.integer({ min: 0xb0, max: 0xd6 }), fc.integer({ min: 0xa1, max: 0xfe })).map(([l, t]) => new TextDecoder('gb18030').decode(Uint8Array.of(l, t)));
    const any = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
    const read = (s: string): string[] | undefined => otherReadings(be(s))?.readings.map((r) => r.text);
    fc.assert(
      fc.property(fc.array(fc.oneof(common, fc.constantFrom('★', '：', '，')), { minLength: 2, maxLength: 30 }), (chars) => {
        const s = chars.join('');
        fc.pre(be(s).some((b) => b >= 0x80));
        expect(read(s)).toContain(s);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.oneof(any, common, fc.constantFrom('★', '5', 'A', ' ')), { minLength: 1, maxLength: 30 }), fc.constantFrom('5', 'A', ' '), (chars, ascii) => {
        const s = chars.join('') + ascii;
        expect(read(s)).toContain(s);
      }),
    );
  });

  it('bytes that are neither Latin text nor text in a CJK code page are a loss', () => {
    // The marking with a lead byte left without its trail byte: no code page decodes it whole.
    expect(otherReadings(Uint8Array.from([...encodeLegacy(MARK, 'gbk'), 0xb0]))).toEqual({ readings: [], lost: true });
    // UTF-16 after its mark that is no UTF-16 (a lone surrogate) was read as mojibake.
    expect(otherReadings(Uint8Array.from([0xfe, 0xff, 0xd8, 0x00, 0x00, 0x41]))).toEqual({ readings: [], lost: true });
  });

  it('Chinese text in GBK reads back as itself (property)', () => {
    // GB2312 level-1 characters (rows B0–D7) and ASCII, with at least two Chinese characters in a row.
    const hanzi = fc.tuple(fc.integer({ min: 0xb0, max: 0xd7 }), fc.integer({ min: 0xa1, max: 0xfe })).filter(([l, t]) => !(l === 0xd7 && t > 0xf9)).map(([l, t]) => new TextDecoder('gbk').decode(Uint8Array.from([l, t])));
    const text = fc.tuple(fc.array(fc.oneof(hanzi, fc.constantFrom('A', '1', ' ', '-', '★', '：')), { maxLength: 12 }), hanzi, hanzi).map(([a, h1, h2]) => [...a, h1, h2].join(''));
    fc.assert(
      fc.property(text, (s) => {
        const r = otherReadings(encodeLegacy(s, 'gbk'));
        expect(r?.readings).toContainEqual({ encoding: 'gb18030', text: s });
      }),
      { numRuns: 300 },
    );
  });
});

describe('GBK text strings in a PDF', () => {
  it('pdf.js\'s PDFDocEncoding reading is inverted back to the bytes exactly', async () => {
    const bytes = [0x20, 0x18, 0x19, 0x1a, 0x1c, 0x1d, 0x1e, 0x1f];
    for (let b = 0x21; b <= 0xff; b++) bytes.push(b);
    const hex = Buffer.from(bytes).toString('hex');
    const out = await extract(buildPdf([...onePage(stream('', linesContent(['x']))), `<< /Subject <${hex}> >>`], '/Info 6 0 R'));
    const subject = out.parts.find((p) => p.id === 'info:Subject');
    expect(subject).toBeDefined();
    // linesPart trims the line; the inversion holds for what is left.
    expect([...pdfDocBytes(subject!.text)!]).toEqual(bytes.slice(1));
  });

  it('every place that takes a text string reads it as GB18030 too, located where the string is', async () => {
    const gbk = legacyHex(MARK);
    const pdf = buildPdf(
      onePage(stream('', linesContent(['Quarterly supply report'])), {
        page: '/Annots [6 0 R 7 0 R]',
        catalog: `/AcroForm << /Fields [7 0 R] >> /Outlines 8 0 R /Names << /EmbeddedFiles << /Names [(a.txt) 10 0 R] >> /JavaScript << /Names [(j) 12 0 R] >> >> /PageLabels << /Nums [0 << /S /D /P ${gbk} >>] >>`,
        more: [
          `<< /Type /Annot /Subtype /Text /Rect [10 10 20 20] /Contents ${gbk} /T ${legacyHex('张三')} >>`,
          `<< /Type /Annot /Subtype /Widget /FT /Tx /T (f1) /V ${gbk} /Rect [60 700 300 740] /F 4 /P 3 0 R >>`,
          '<< /Type /Outlines /First 9 0 R /Last 9 0 R /Count 1 >>',
          `<< /Title ${gbk} /Parent 8 0 R /Dest [3 0 R /Fit] >>`,
          `<< /Type /Filespec /F (a.txt) /UF (a.txt) /Desc ${gbk} /EF << /F 11 0 R >> >>`,
          stream('/Type /EmbeddedFile', 'hello'),
          '<< /S /JavaScript /JS 13 0 R >>',
          stream('', encodeLegacy(`app.alert("${MARK}");`, 'gbk')),
          `<< /Title ${gbk} /Subject (Caf\\351 M\\374ller \\2512024) /Custom ${gbk} >>`,
        ],
      }),
      '/Info 14 0 R',
    );
    const out = await extract(pdf);
    const read = out.parts.filter((p) => p.id.endsWith(':gb18030'));
    const byId = new Map(out.parts.map((p) => [p.id, p]));
    for (const id of ['info:Title', 'info:Custom.Custom', 'page-1:annot:6R', 'page-1:field:7R', 'bookmarks', 'attachment:spec-1', 'javascript:1', 'javascript:1:strings', 'page-labels']) {
      const p = byId.get(`${id}:gb18030`);
      expect(p?.text, id).toContain(MARK);
      expect(p?.origin.detail, id).toMatch(/read as GB18030/);
      const first = byId.get(id) ?? byId.get('attachment:1');
      if (id !== 'info:Custom.Custom') expect(p?.origin.filePart, id).toBe(first?.origin.filePart);
    }
    // The annotation's reading keeps the page, the box, and reads the author too.
    expect(byId.get('page-1:annot:6R:gb18030')).toMatchObject({ text: `${MARK}\n张三`, origin: { page: 1, box: byId.get('page-1:annot:6R')!.origin.box } });
    // Latin-1 strings keep their one reading.
    expect(byId.get('info:Subject')?.text).toBe('Café Müller ©2024');
    expect(read.some((p) => p.id.startsWith('info:Subject'))).toBe(false);
    expect(out.loss).toEqual([]);
  });

  it('a string no code page reads whole is a loss located at its place', async () => {
    const broken = `<${Buffer.from([...encodeLegacy(MARK, 'gbk'), 0xb0]).toString('hex')}>`;
    const out = await extract(buildPdf([...onePage(stream('', linesContent(['x']))), `<< /Title ${broken} >>`], '/Info 6 0 R'));
    expect(out.loss).toEqual([expect.objectContaining({ kind: 'undecodable-bytes', where: 'info: Title', count: 1 })]);
  });
});

describe('text strings with ESC bytes', () => {
  it('are read whole: pdf.js drops what two ESC bytes enclose in a string that is not UTF-16', async () => {
    const esc = (b: Uint8Array) => `<1B${Buffer.from(b).toString('hex')}1B>`;
    const pdf = buildPdf(
      [
        ...onePage(stream('', linesContent(['x'])), { page: '/Annots [6 0 R]', more: [`<< /Type /Annot /Subtype /Text /Rect [1 1 9 9] /Contents ${esc(latin1('TOP SECRET'))} >>`] }),
        `<< /Title ${esc(encodeLegacy(MARK, 'gbk'))} /Custom ${esc(latin1('Café'))} /Lang <FEFF001B006A0061001B0041> >>`,
      ],
      '/Info 7 0 R',
    );
    const out = await extract(pdf);
    const escaped = out.parts.filter((p) => p.id.startsWith('escaped:')).map((p) => [p.role, p.text, p.origin.filePart]);
    expect(escaped).toEqual([
      ['annotation', 'TOP SECRET', 'object 6 0'],
      ['metadata', '»úÃÜ¡ï5Äê', 'object 7 0'],
      ['metadata', MARK, 'object 7 0'],
      ['metadata', 'Café', 'object 7 0'],
    ]);
    // A UTF-16 string's ESC pair is a language code, which a viewer does not show either.
    expect(out.parts.some((p) => p.text.includes('ja'))).toBe(false);
  });
});

describe('XML packets in a Chinese code page', () => {
  const xmp = (encoding: string, title: string) =>
    `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><?xml version="1.0" encoding="${encoding}"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${title}</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

  const texts = (bytes: Uint8Array): string[] | undefined => xmlReadings(bytes)?.map((r) => r.text);

  it('are decoded by their byte order mark, their declared encoding, UTF-8, or a GB18030 reading', () => {
    expect(texts(encodeLegacy(xmp('GBK', MARK), 'gbk'))).toEqual([expect.stringContaining(MARK)]);
    expect(texts(encodeLegacy(xmp('big5', '機密★5年'), 'big5'))).toEqual([expect.stringContaining('機密★5年')]);
    expect(xmlReadings(Uint8Array.from([0xff, 0xfe, ...Buffer.from(`<a>${MARK}</a>`, 'utf16le')]))).toEqual([{ encoding: 'utf-16le', text: `<a>${MARK}</a>`, exact: true }]);
    // Declared UTF-8 but written in GBK.
    expect(texts(encodeLegacy(`<?xml version="1.0" encoding="UTF-8"?><a>${MARK}</a>`, 'gbk'))).toContainEqual(expect.stringContaining(MARK));
    expect(xmlReadings(Uint8Array.from([0x3c, 0x61, 0x3e, 0xaa, 0xa1, 0xab, 0xa2, 0xff, 0x80]))).toBeUndefined();
  });

  it('without a declaration, keep the Big5 reading beside the GB18030 one the same bytes decode to', () => {
    const title = '極機密 國防部';
    const bytes = encodeLegacy(xmp('x', title).replace('<?xml version="1.0" encoding="x"?>', ''), 'big5');
    const readings = xmlReadings(bytes);
    // Big5 bytes decode strictly as GB18030 nonsense: that reading comes first.
    expect(readings?.map((r) => [r.encoding, r.exact])).toEqual([['gb18030', false], ['big5', false]]);
    expect(readings?.[0].text).not.toContain(title);
    expect(readings?.[1].text).toContain(title);
  });

  it('an XMP packet pdf.js skips is read from the catalog, and one that does not decode is a loss', async () => {
    const withXmp = (data: Uint8Array) => buildPdf(onePage(stream('', linesContent(['x'])), { catalog: '/Metadata 6 0 R', more: [stream('/Type /Metadata /Subtype /XML', data)] }));
    const read = await extract(withXmp(encodeLegacy(xmp('GBK', MARK), 'gbk')));
    expect(read.parts.find((p) => p.id === 'xmp:packet')?.text).toContain(MARK);
    expect(read.loss).toEqual([]);
    const broken = await extract(withXmp(Uint8Array.from([...Buffer.from('<x:xmpmeta>'), 0xaa, 0xa1, 0xab, 0xa2, 0xff, 0x80, ...Buffer.from('</x:xmpmeta>')])));
    expect(broken.loss).toEqual([expect.objectContaining({ where: 'xmp', kind: 'undecodable-bytes' })]);
    // A UTF-8 packet pdf.js reads is not read twice.
    // No declaration, Big5 bytes: every reading is a part, the Big5 one naming its code page.
    const big5 = await extract(withXmp(encodeLegacy(xmp('x', '機密★').replace('<?xml version="1.0" encoding="x"?>', ''), 'big5')));
    expect(big5.parts.find((p) => p.id === 'xmp:packet:big5')).toMatchObject({ role: 'metadata', text: expect.stringContaining('機密★'), origin: { filePart: 'xmp', detail: expect.stringContaining('Big5') } });
    expect(big5.parts.find((p) => p.id === 'xmp:packet')?.origin.detail).toContain('GB18030');
    expect(big5.loss).toEqual([]);
    const utf8 = await extract(withXmp(new TextEncoder().encode(xmp('UTF-8', '统计报表'))));
    expect(utf8.parts.some((p) => p.id === 'xmp:packet')).toBe(false);
    expect(utf8.parts.some((p) => p.text.includes('统计报表'))).toBe(true);
  });
});

describe('scanning', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false, isolation: false });
  });
  afterAll(async () => {
    await scanner.close();
  });
  const withInfo = (info: string): Uint8Array => buildPdf([...onePage(stream('', linesContent(['Quarterly supply report', 'All figures are final.']))), `<< ${info} >>`], '/Info 6 0 R');
  const octal = (s: string): string => `(${[...latin1(s)].map((b) => `\\${b.toString(8).padStart(3, '0')}`).join('')})`;

  it('a GBK marking in the title blocks; Latin-1 metadata passes', { timeout: 60_000 }, async () => {
    const marked = await scanner.scan(withInfo(`/Title ${legacyHex(MARK)}`), { filename: 'm.pdf' });
    expect(marked.verdict).toBe('block');
    const f = marked.findings.find((x) => x.ruleId === 'marking.cn-state-secret');
    expect(f).toBeDefined();
    const latin = await scanner.scan(withInfo(LATIN1.slice(0, 6).map((s, i) => `/K${i} ${octal(s)}`).join(' ') + ` /Title ${octal('Ångström')} /Author ${octal('naïve résumé')}`), { filename: 'l.pdf' });
    expect(latin.verdict).toBe('pass');
    expect(latin.coverage.unread).toEqual([]);
  });

  it('a title in UTF-16 without its mark passes when its reading is whole and benign, and blocks when it is a marking', { timeout: 60_000 }, async () => {
    const hex = (s: string, order: 'be' | 'le'): string => {
      const b = Buffer.from(s, 'utf16le');
      return `<${(order === 'be' ? b.swap16() : b).toString('hex')}>`;
    };
    for (const order of ['be', 'le'] as const) {
      for (const title of ['Quarterly report 2024', '2024年统计报告', '统计']) {
        const r = await scanner.scan(withInfo(`/Title ${hex(title, order)}`), { filename: 'u.pdf' });
        expect(r.verdict, `${title} ${order}`).toBe('pass');
        expect(r.coverage.unread, `${title} ${order}`).toEqual([]);
      }
      for (const title of [MARK, '机密']) {
        const r = await scanner.scan(withInfo(`/Title ${hex(title, order)}`), { filename: 'u.pdf' });
        expect(r.verdict, `${title} ${order}`).toBe('block');
      }
    }
  });

  it('a Big5 marking in the title does not pass', { timeout: 60_000 }, async () => {
    const r = await scanner.scan(withInfo(`/Title ${legacyHex('機密★5年', 'big5')}`), { filename: 'b.pdf' });
    expect(r.verdict).not.toBe('pass');
  });
});
