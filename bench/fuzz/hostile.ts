/**
 * Hostile constructions: documents whose marking is whole and shown (or shown once the viewer
 * opens, refreshes or lays them out) but stands where a text reader may not look — a PDF form
 * XObject, a Type3 glyph, a tiling pattern, an annotation's appearance; a DOCX altChunk, a
 * data-bound content control, a VML watermark; a spreadsheet number format; an e-mail part in
 * an unusual transfer encoding. None may pass. Each is built here, deterministically, so the test
 * (tests/hostile.test.ts) needs no outside tool; the mutation harness cannot reach these places
 * because it only rearranges bytes around markings its seeds already put in ordinary text.
 */
import { deflateRawSync, deflateSync, gzipSync, inflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { addLinkedParts, pptx, rewritePart, xlsx } from '../../packages/ooxml/test/ooxml-writer.ts';
import { ofd, paragraphLines } from '../../packages/extract-ofd/test/ofd-writer.ts';
import { msg, uncompressedRtf, type MsgMessage } from '../../packages/extract-msg/test/msg-writer.ts';
import { IID_IMESSAGE, tnef } from '../../packages/extract-msg/test/tnef-writer.ts';
import { concat, crc32, newEntry, readZip, writeZip } from './bytes.ts';
import { stream, writePdf } from './generate.ts';

export interface Hostile {
  /** File name handed to the scanner; also the name of the construction. */
  name: string;
  /** Where the marking stands, in one sentence. */
  what: string;
  bytes: Uint8Array;
  /** Set while the construction still passes: why it is not closed yet (the test leaves it out). */
  open?: string;
}

const enc = new TextEncoder();
// The marking's level and the banner; hostileInputs() sets them, so the same constructions with a
// benign word in the level's place (the negative twins) show what the reading adds to ordinary text.
let L = '机密';
let MARK = `${L}★5年`;
let BANNER = 'TOP SECRET//NOFORN';
const rev = (s: string): string => [...s].reverse().join('');
const cssEscapes = (s: string): string => [...s].map((c) => (/[\x21-\x7e]/.test(c) ? c : `\\${c.codePointAt(0)!.toString(16).toUpperCase()} `)).join('');
const jsEscapes = (s: string): string => [...s].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
const utf7 = (s: string): string => Buffer.from(iconv.encode(s, 'utf7')).toString('latin1');
const BENIGN = ['江临市统计局关于开展统计业务培训的通知', '各区统计局：定于5月开展统计业务培训，请按时参加。', '江临市统计局办公室'];

// ---------------------------------------------------------------- PDF

const ucs2 = (s: string): string => [...s].map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('');
/** STSong-Light, not embedded: every PDF reader knows its glyphs and their Unicode. */
const SONG = [
  '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> /DW 1000 >>] >>',
].join('');
const HELV = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
/** The benign letter as page text (F1 = STSong). */
const benignText = (y0 = 760): string => BENIGN.map((l, i) => `BT /F1 12 Tf 72 ${y0 - i * 24} Td <${ucs2(l)}> Tj ET`).join('\n');
const cjk = (s: string, x: number, y: number, size = 16): string => `BT /F1 ${size} Tf ${x} ${y} Td <${ucs2(s)}> Tj ET`;

/**
 * A one-page PDF: objects 1 catalog, 2 pages, 3 page, 4 content, 5 STSong, 6 Helvetica, then
 * `extra` from 7 on. `resources` goes inside the page's /Resources after the fonts.
 */
function pdf(content: string, opts: { resources?: string; fonts?: string; extra?: Array<string | Uint8Array>; page?: string; catalog?: string; trailer?: string } = {}): Uint8Array {
  const objects: Array<string | Uint8Array> = [
    `<< /Type /Catalog /Pages 2 0 R ${opts.catalog ?? ''}>>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R ${opts.fonts ?? ''}>> ${opts.resources ?? ''}>> /Contents 4 0 R ${opts.page ?? ''}>>`,
    stream('', enc.encode(content)),
    SONG,
    HELV,
    ...(opts.extra ?? []),
  ];
  return writePdf(objects, opts.trailer ?? '').bytes;
}

function pdfs(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, bytes: Uint8Array) => out.push({ name: `${name}.pdf`, what, bytes });
  const fontRes = '/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >>';

  add('pdf-form-xobject', 'the marking drawn only inside a form XObject the page paints', pdf(`${benignText()}\nq 1 0 0 1 0 0 cm /X1 Do Q`, {
    resources: '/XObject << /X1 7 0 R >>',
    extra: [stream(`/Type /XObject /Subtype /Form /BBox [0 0 595 842] ${fontRes}`, enc.encode(cjk(MARK, 72, 800)))],
  }));
  add('pdf-nested-form-xobject', 'the marking three form XObjects deep', pdf(`${benignText()}\n/X1 Do`, {
    resources: '/XObject << /X1 7 0 R >>',
    extra: [
      stream('/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X2 8 0 R >> >>', enc.encode('/X2 Do')),
      stream('/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /X3 9 0 R >> >>', enc.encode('/X3 Do')),
      stream(`/Type /XObject /Subtype /Form /BBox [0 0 595 842] ${fontRes}`, enc.encode(cjk(MARK, 72, 800))),
    ],
  }));
  add('pdf-type3-glyph-text', 'a Type3 glyph procedure that itself shows the marking in a real font', pdf(`${benignText()}\nBT /T3 1 Tf 72 800 Td (a) Tj ET`, {
    extra: [
      `<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /a 8 0 R >> /Encoding << /Type /Encoding /Differences [97 /a] >> /FirstChar 97 /LastChar 97 /Widths [1000] ${fontRes} >>`,
      stream('', enc.encode(`1000 0 d0\n${cjk(MARK, 0, 0, 16)}`)),
    ],
  }));
  add('pdf-tiling-pattern', 'the marking drawn in the cell of a tiling pattern that fills a rectangle', pdf(`${benignText()}\n/Pattern cs /P1 scn 60 780 300 40 re f`, {
    resources: '/Pattern << /P1 7 0 R >>',
    extra: [stream(`/Type /Pattern /PatternType 1 /PaintType 1 /TilingType 1 /BBox [0 0 300 40] /XStep 300 /YStep 40 /Matrix [1 0 0 1 60 780] ${fontRes}`, enc.encode(cjk(MARK, 4, 12)))],
  }));
  add('pdf-annot-appearance-only', "a stamp annotation whose appearance stream draws the marking; no /Contents", pdf(benignText(), {
    page: '/Annots [7 0 R]',
    extra: [
      '<< /Type /Annot /Subtype /Stamp /Rect [60 780 300 820] /F 4 /AP << /N 8 0 R >> >>',
      stream(`/Type /XObject /Subtype /Form /BBox [0 0 240 40] ${fontRes}`, enc.encode(cjk(MARK, 4, 12))),
    ],
  }));
  add('pdf-widget-appearance', 'a text field whose value is benign but whose appearance stream shows the marking', pdf(benignText(), {
    page: '/Annots [7 0 R]',
    catalog: '/AcroForm << /Fields [7 0 R] >>',
    extra: [
      `<< /Type /Annot /Subtype /Widget /FT /Tx /T (f1) /V <FEFF${ucs2('通知')}> /Rect [60 780 300 820] /F 4 /P 3 0 R /AP << /N 8 0 R >> >>`,
      stream(`/Type /XObject /Subtype /Form /BBox [0 0 240 40] ${fontRes}`, enc.encode(`/Tx BMC ${cjk(MARK, 4, 12)} EMC`)),
    ],
  }));
  add('pdf-optional-content-off', 'the marking in an optional-content group that is switched off', pdf(`${benignText()}\n/OC /oc1 BDC ${cjk(MARK, 72, 800)} EMC`, {
    resources: '/Properties << /oc1 7 0 R >>',
    catalog: '/OCProperties << /OCGs [7 0 R] /D << /OFF [7 0 R] >> >>',
    extra: ['<< /Type /OCG /Name (Layer) >>'],
  }));
  add('pdf-render-mode-3', 'the marking in invisible text (render mode 3)', pdf(`${benignText()}\nBT 3 Tr /F1 16 Tf 72 800 Td <${ucs2(MARK)}> Tj ET`));
  add('pdf-render-mode-7', 'the marking as a clipping path only (render mode 7)', pdf(`${benignText()}\nq BT 7 Tr /F1 16 Tf 72 800 Td <${ucs2(MARK)}> Tj ET Q`));
  add('pdf-outside-mediabox', 'the marking drawn outside the media box', pdf(`${benignText()}\n${cjk(MARK, 72, 2000)}`));
  add('pdf-clipped-away', 'the marking clipped away by an empty clipping path', pdf(`${benignText()}\nq 0 0 0 0 re W n ${cjk(MARK, 72, 800)} Q`));
  add('pdf-white-on-white', 'the marking in white on the white page', pdf(`${benignText()}\nq 1 1 1 rg ${cjk(MARK, 72, 800)} Q`));
  add('pdf-zero-size-font', 'the marking in a font of size 0', pdf(`${benignText()}\nBT /F1 0 Tf 72 800 Td <${ucs2(MARK)}> Tj ET`));
  add('pdf-actualtext-benign', 'the marking shown, an /ActualText span claiming other text', pdf(`${benignText()}\n/Span << /ActualText <FEFF${ucs2('通知')}> >> BDC ${cjk(MARK, 72, 800)} EMC`));
  add('pdf-glyphs-reversed', 'the marking glyph by glyph, drawn last glyph first', pdf(`${benignText()}\n${[...MARK].map((c, i) => ({ c, i })).reverse().map(({ c, i }) => `BT /F1 16 Tf 1 0 0 1 ${72 + i * 16} 800 Tm <${ucs2(c)}> Tj ET`).join('\n')}`));
  add('pdf-banner-tounicode-remap', 'the banner shown in Helvetica, a ToUnicode map claiming other letters', (() => {
    const letters = [...new Set(BANNER)];
    const map = letters.map((c) => `<${c.charCodeAt(0).toString(16).padStart(2, '0')}> <${'0078'}>`).join('\n');
    const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def 1 begincodespacerange <00> <FF> endcodespacerange ${letters.length} beginbfchar\n${map}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end`;
    return pdf(`${benignText()}\nBT /F3 14 Tf 72 800 Td (${BANNER}) Tj ET`, {
      resources: '',
      page: '',
      extra: [`<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode 8 0 R >>`, stream('', enc.encode(cmap))],
    }).slice();
  })());
  add('pdf-vector-glyphs', 'the marking drawn as filled paths, no text and no picture', (() => {
    // Block letters S E C R E T as rectangles, large, at the top of an otherwise empty page.
    const bars: string[] = [];
    const letter = (x: number, rects: Array<[number, number, number, number]>) => rects.forEach(([a, b, w, h]) => bars.push(`${x + a} ${700 + b} ${w} ${h} re`));
    const S: Array<[number, number, number, number]> = [[0, 80, 50, 10], [0, 40, 10, 50], [0, 40, 50, 10], [40, 0, 10, 50], [0, 0, 50, 10]];
    const E: Array<[number, number, number, number]> = [[0, 0, 10, 90], [0, 80, 50, 10], [0, 40, 40, 10], [0, 0, 50, 10]];
    const C: Array<[number, number, number, number]> = [[0, 0, 10, 90], [0, 80, 50, 10], [0, 0, 50, 10]];
    const R: Array<[number, number, number, number]> = [[0, 0, 10, 90], [0, 80, 50, 10], [40, 40, 10, 50], [0, 40, 50, 10], [30, 0, 10, 40]];
    const T: Array<[number, number, number, number]> = [[0, 80, 50, 10], [20, 0, 10, 90]];
    [S, E, C, R, E, T].forEach((l, i) => letter(60 + i * 70, l));
    return pdf(`0 g\n${bars.join('\n')}\nf`);
  })());
  // A portfolio: the cover is benign, the marked document is a file in the collection.
  const inner = pdf(`${cjk(MARK, 72, 800)}\n${benignText()}`);
  add('pdf-portfolio', 'the marking in a PDF inside a PDF portfolio (collection) with a benign cover', pdf(benignText(), {
    catalog: '/Collection << /Type /Collection /View /D >> /Names << /EmbeddedFiles << /Names [(notice.pdf) 7 0 R] >> >>',
    extra: ['<< /Type /Filespec /F (notice.pdf) /UF (notice.pdf) /EF << /F 8 0 R >> >>', stream('/Type /EmbeddedFile /Subtype /application#2Fpdf', inner)],
  }));
  add('pdf-outline-title', 'the marking only as a bookmark (outline) title', pdf(benignText(), {
    catalog: '/Outlines 7 0 R /PageMode /UseOutlines',
    extra: ['<< /Type /Outlines /First 8 0 R /Last 8 0 R /Count 1 >>', `<< /Title <FEFF${ucs2(MARK)}> /Parent 7 0 R /Dest [3 0 R /XYZ 0 842 0] >>`],
  }));
  add('pdf-vertical-writing', 'the marking in vertical writing (UniGB-UCS2-V)', pdf(`${benignText(500)}\nBT /F4 16 Tf 520 800 Td <${ucs2(MARK)}> Tj ET`, {
    resources: '',
    extra: [SONG.replace('UniGB-UCS2-H /Encoding /UniGB-UCS2-H', 'UniGB-UCS2-V /Encoding /UniGB-UCS2-V')],
  }));
  return out.map((h) => fixFontRefs(h));
}

/** Pages of the constructions above that name /T3, /F3 or /F4 get those fonts (objects 7). */
function fixFontRefs(h: Hostile): Hostile {
  const s = Buffer.from(h.bytes).toString('latin1');
  const font = /\/(T3|F3|F4) \d+ Tf/.exec(s.slice(s.indexOf('4 0 obj'), s.indexOf('5 0 obj')))?.[1];
  if (!font) return h;
  const fixed = s.replace('/Font << /F1 5 0 R /F2 6 0 R >> ', `/Font << /F1 5 0 R /F2 6 0 R /${font} 7 0 R >> `);
  // Rewrite the xref: the page object grew.
  return { ...h, bytes: rexref(fixed) };
}

/** Recomputes the classic xref table of a PDF written by writePdf after an edit. */
function rexref(s: string): Uint8Array {
  const body = s.slice(0, s.indexOf('xref\n'));
  const offsets: number[] = [];
  for (const m of body.matchAll(/(?:^|\n)(\d+) 0 obj\n/g)) offsets[Number(m[1])] = m.index + (m[0].startsWith('\n') ? 1 : 0);
  const n = offsets.length;
  const trailer = /trailer\n<<(.*?)>>\nstartxref/s.exec(s)![1];
  const xref = `xref\n0 ${n}\n0000000000 65535 f \n${offsets.slice(1).map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  return new Uint8Array(Buffer.from(`${body}${xref}trailer\n<<${trailer}>>\nstartxref\n${body.length}\n%%EOF\n`, 'latin1'));
}

// ---------------------------------------------------------------- ZIP packages

type Files = Map<string, Uint8Array>;

function unzip(bytes: Uint8Array): Files {
  const files: Files = new Map();
  for (const e of readZip(bytes) ?? []) files.set(e.name, e.method === 8 ? new Uint8Array(inflateRawSync(e.data)) : e.data);
  return files;
}
const text = (f: Files, name: string): string => Buffer.from(f.get(name)!).toString('utf8');
const put = (f: Files, name: string, s: string | Uint8Array): void => void f.set(name, typeof s === 'string' ? enc.encode(s) : s);
const zip = (f: Files): Uint8Array => writeZip([...f].map(([n, d]) => newEntry(n, d)));
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const W = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="${REL}" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"`;
const para = (t: string): string => `<w:p><w:r><w:t xml:space="preserve">${t}</w:t></w:r></w:p>`;

/** Adds a relationship to a .rels part and a content-type override or default. */
function addRel(f: Files, relsPart: string, id: string, type: string, target: string, external = false): void {
  const rels = f.has(relsPart) ? text(f, relsPart) : `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`;
  put(f, relsPart, rels.replace('</Relationships>', `<Relationship Id="${id}" Type="${type.includes('://') ? type : `${REL}/${type}`}" Target="${target}"${external ? ' TargetMode="External"' : ''}/></Relationships>`));
}
function addType(f: Files, part: string, type: string): void {
  put(f, '[Content_Types].xml', text(f, '[Content_Types].xml').replace('</Types>', part.startsWith('.') ? `<Default Extension="${part.slice(1)}" ContentType="${type}"/></Types>` : `<Override PartName="/${part}" ContentType="${type}"/></Types>`));
}

/** A minimal DOCX whose body is `body` (WordprocessingML inside w:body, before sectPr). */
function docx(body: string, sectPr = '<w:sectPr/>'): Files {
  const f: Files = new Map();
  put(f, '[Content_Types].xml', `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`);
  put(f, '_rels/.rels', `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`);
  put(f, 'word/_rels/document.xml.rels', `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>`);
  put(f, 'word/document.xml', `${DECL}<w:document ${W}><w:body>${BENIGN.map(para).join('')}${body}${sectPr}</w:body></w:document>`);
  return f;
}
const DOCREL = 'word/_rels/document.xml.rels';

function docxs(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, f: Files) => out.push({ name: `${name}.docx`, what, bytes: zip(f) });

  let f = docx('<w:altChunk r:id="rIdA"/>');
  put(f, 'word/afchunk.htm', `<html><body><p>${MARK}</p></body></html>`);
  addRel(f, DOCREL, 'rIdA', 'aFChunk', 'afchunk.htm');
  addType(f, '.htm', 'application/xhtml+xml');
  add('docx-altchunk-html', 'the marking in an altChunk HTML part Word merges into the body', f);

  f = docx('<w:altChunk r:id="rIdA"/>');
  put(f, 'word/afchunk.rtf', `{\\rtf1\\ansi\\ansicpg936 {\\fonttbl{\\f0 SimSun;}}\\f0 ${iconv.encode(L, 'gbk').reduce((s, b) => s + `\\'${b.toString(16)}`, '')}\\u9733?5\\'c4\\'ea\\par}`);
  addRel(f, DOCREL, 'rIdA', 'aFChunk', 'afchunk.rtf');
  addType(f, '.rtf', 'application/rtf');
  add('docx-altchunk-rtf', 'the marking in an altChunk RTF part', f);

  f = docx('<w:altChunk r:id="rIdA"/>');
  put(f, 'word/afchunk.mht', `MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(`<html><body><p>${MARK}</p></body></html>`).toString('base64')}\r\n--b--\r\n`);
  addRel(f, DOCREL, 'rIdA', 'aFChunk', 'afchunk.mht');
  addType(f, '.mht', 'message/rfc822');
  add('docx-altchunk-mht', 'the marking in an altChunk MHT part, its HTML base64-encoded', f);

  f = docx('');
  put(f, 'word/glossary/document.xml', `${DECL}<w:glossaryDocument ${W}><w:docParts><w:docPart><w:docPartPr><w:name w:val="cover"/></w:docPartPr><w:docPartBody>${para(MARK)}</w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>`);
  addRel(f, DOCREL, 'rIdG', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/glossaryDocument', 'glossary/document.xml');
  addType(f, 'word/glossary/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.glossary+xml');
  add('docx-glossary', 'the marking in a building block of the glossary document', f);

  f = docx(`<w:sdt><w:sdtPr><w:dataBinding w:xpath="/root/level" w:storeItemID="{11111111-2222-3333-4444-555555555555}"/><w:text/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>通知</w:t></w:r></w:p></w:sdtContent></w:sdt>`);
  put(f, 'customXml/item1.xml', `${DECL}<root><level>${MARK}</level></root>`);
  put(f, 'customXml/itemProps1.xml', `${DECL}<ds:datastoreItem ds:itemID="{11111111-2222-3333-4444-555555555555}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>`);
  put(f, 'customXml/_rels/item1.xml.rels', `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/customXmlProps" Target="itemProps1.xml"/></Relationships>`);
  addRel(f, DOCREL, 'rIdX', 'customXml', '../customXml/item1.xml');
  add('docx-custom-xml-bound', 'the marking in a customXml data part a content control is bound to (Word shows the bound value)', f);

  f = docx(`<w:p><w:r><w:pict><v:shape id="w1" type="#_x0000_t136" style="position:absolute;width:400pt;height:100pt"><v:textpath style="font-family:&quot;SimSun&quot;" string="${MARK}"/></v:shape></w:pict></w:r></w:p>`);
  add('docx-vml-textpath', 'the marking as WordArt (VML textpath string attribute) in the body', f);

  f = docx('', '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>');
  put(f, 'word/header1.xml', `${DECL}<w:hdr ${W}><w:p><w:r><w:pict><v:shape id="PowerPlusWaterMarkObject1" type="#_x0000_t136" style="position:absolute;rotation:315;width:400pt;height:100pt"><v:fill opacity=".5"/><v:textpath style="font-family:&quot;SimSun&quot;" string="${MARK}"/></v:shape></w:pict></w:r></w:p></w:hdr>`);
  addRel(f, DOCREL, 'rIdH', 'header', 'header1.xml');
  addType(f, 'word/header1.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml');
  add('docx-watermark', 'the marking as a header watermark (VML textpath), the way Word writes watermarks', f);

  f = docx(`<w:p><w:r><w:pict><v:shape id="t1" style="width:200pt;height:40pt"><v:textbox><w:txbxContent>${para(MARK)}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>`);
  add('docx-vml-textbox', 'the marking in a VML text box in w:pict', f);

  f = docx(`<w:p><w:fldSimple w:instr=" QUOTE &quot;${MARK}&quot; "><w:r><w:t>通知</w:t></w:r></w:fldSimple></w:p>`);
  add('docx-field-quote', 'the marking as a QUOTE field code whose stale result is benign', f);

  f = docx(`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DOCVARIABLE level </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>通知</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`);
  put(f, 'word/settings.xml', `${DECL}<w:settings ${W}><w:docVars><w:docVar w:name="level" w:val="${MARK}"/></w:docVars></w:settings>`);
  addRel(f, DOCREL, 'rIdS', 'settings', 'settings.xml');
  addType(f, 'word/settings.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml');
  add('docx-docvariable', 'the marking in a document variable a DOCVARIABLE field shows', f);

  f = docx(`<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Text1"/><w:textInput><w:default w:val="${MARK}"/></w:textInput></w:ffData></w:fldChar></w:r><w:r><w:instrText> FORMTEXT </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>     </w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`);
  add('docx-formtext-default', 'the marking as the default text of a legacy form field', f);

  f = docx(`<w:sdt><w:sdtPr><w:comboBox><w:listItem w:displayText="${MARK}" w:value="1"/></w:comboBox></w:sdtPr><w:sdtContent><w:p><w:r><w:t>${MARK}</w:t></w:r></w:p></w:sdtContent></w:sdt>`);
  add('docx-sdt-combobox', 'the marking shown in a combo-box content control (and as its list item)', f);

  f = docx(`<w:p><w:r><w:t>${L}</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0AB"/></w:r><w:r><w:t>5年</w:t></w:r></w:p>`);
  add('docx-wingdings-star', 'the marking with its star as a Wingdings symbol (w:sym F0AB)', f);

  f = docx(`<w:p><w:r><w:t>${L}</w:t></w:r><w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:t>${String.fromCharCode(0xf0ab)}</w:t></w:r><w:r><w:t>5年</w:t></w:r></w:p>`);
  add('docx-wingdings-pua-star', 'the marking with its star as a Wingdings private-use character', f);

  f = docx(`<w:p><w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>jī mì</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>${L}</w:t></w:r></w:rubyBase></w:ruby></w:r><w:r><w:t>★5年</w:t></w:r></w:p>`);
  add('docx-ruby', 'the marking with a phonetic guide (ruby) over its level', f);

  f = docx(`<w:p><w:r><w:t>\u202E${rev(MARK)}\u202C</w:t></w:r></w:p>`);
  add('docx-rlo-reversed', 'the marking stored reversed behind a right-to-left override (U+202E), shown in order', f);

  f = docx('');
  put(f, 'word/charts/chart1.xml', `${DECL}<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart><c:title><c:tx><c:strRef><c:f>Sheet1!$A$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>${MARK}</c:v></c:pt></c:strCache></c:strRef></c:tx></c:title><c:plotArea><c:barChart><c:ser><c:cat><c:strRef><c:strCache><c:pt idx="0"><c:v>一月</c:v></c:pt></c:strCache></c:strRef></c:cat></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>`);
  addRel(f, DOCREL, 'rIdC', 'chart', 'charts/chart1.xml');
  addType(f, 'word/charts/chart1.xml', 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml');
  put(f, 'word/document.xml', text(f, 'word/document.xml').replace('<w:sectPr/>', `<w:p><w:r><w:drawing><wp:inline><wp:extent cx="5000000" cy="3000000"/><wp:docPr id="1" name="Chart 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rIdC"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p><w:sectPr/>`));
  add('docx-chart-title', "the marking as a chart's cached title", f);

  f = docx('');
  put(f, 'word/diagrams/data1.xml', `${DECL}<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt modelId="{1}" type="doc"><dgm:t><a:bodyPr/><a:p><a:r><a:t>${MARK}</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>`);
  addRel(f, DOCREL, 'rIdD', 'diagramData', 'diagrams/data1.xml');
  addType(f, 'word/diagrams/data1.xml', 'application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml');
  add('docx-smartart-data', 'the marking in SmartArt data (no cached drawing)', f);

  f = docx('', '<w:sectPr><w:headerReference w:type="first" r:id="rIdH"/></w:sectPr>');
  put(f, 'word/header1.xml', `${DECL}<w:hdr ${W}>${para(MARK)}</w:hdr>`);
  addRel(f, DOCREL, 'rIdH', 'header', 'header1.xml');
  addType(f, 'word/header1.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml');
  add('docx-first-header-unused', 'the marking in a first-page header of a section without titlePg (not shown until titlePg is set)', f);

  f = docx('');
  put(f, 'word/header9.xml', `${DECL}<w:hdr ${W}>${para(MARK)}</w:hdr>`);
  addRel(f, DOCREL, 'rIdH', 'header', 'header9.xml');
  addType(f, 'word/header9.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml');
  add('docx-header-unreferenced', 'the marking in a header part no section references', f);

  f = docx(`<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>${MARK}</w:t></w:r></w:p>`);
  add('docx-vanish', 'the marking in hidden text (w:vanish)', f);

  f = docx(`<w:p><w:r><w:rPr><w:color w:val="FFFFFF"/><w:sz w:val="2"/></w:rPr><w:t>${MARK}</w:t></w:r></w:p>`);
  add('docx-white-tiny', 'the marking in white 1pt text', f);

  f = docx(`<w:p><w:r><w:t>${L}</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>（公开）</w:t></w:r><w:r><w:t>★5年</w:t></w:r></w:p>`);
  add('docx-hidden-interleaved', 'hidden text inserted inside the marking, so the shown text is the marking', f);

  f = docx(`<w:p><w:r><w:t>${L}</w:t></w:r><w:del w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"><w:r><w:delText>（已删）</w:delText></w:r></w:del><w:r><w:t>★5年</w:t></w:r></w:p>`);
  add('docx-deletion-interleaved', 'a tracked deletion inside the marking, so the shown text is the marking', f);
  return out;
}

function xlsxs(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, f: Files) => out.push({ name: `${name}.xlsx`, what, bytes: zip(f) });
  const base = () => unzip(xlsx({ sheets: [{ name: '统计', rows: [['区', '人数'], ['东区', 12], ['西区', 9]] }] }));
  const styled = (f: Files, numFmt: string, cell: string) => {
    const styles = `${DECL}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="${numFmt}"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`;
    put(f, 'xl/styles.xml', styles);
    if (!text(f, 'xl/_rels/workbook.xml.rels').includes('styles.xml')) addRel(f, 'xl/_rels/workbook.xml.rels', 'rIdSt', 'styles', 'styles.xml');
    if (!text(f, '[Content_Types].xml').includes('styles.xml')) addType(f, 'xl/styles.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml');
    const sheet = [...f.keys()].find((k) => /^xl\/worksheets\/sheet1\.xml$/.test(k))!;
    put(f, sheet, text(f, sheet).replace('</sheetData>', `<row r="9"><c r="A9" s="1">${cell}</c></row></sheetData>`));
  };
  let f = base();
  styled(f, `&quot;${MARK}&quot;`, '<v>1</v>');
  add('xlsx-numfmt-literal', 'a number format that shows the marking as a literal whatever the value', f);
  f = base();
  styled(f, `&quot;${L}★&quot;0&quot;年&quot;`, '<v>5</v>');
  add('xlsx-numfmt-value', 'a number format putting the level and ★ before the number 5 and 年 after it', f);
  f = base();
  styled(f, ';;;', `<is><t>${MARK}</t></is>`);
  f.set('xl/worksheets/sheet1.xml', enc.encode(text(f, 'xl/worksheets/sheet1.xml').replace('<c r="A9" s="1">', '<c r="A9" s="1" t="inlineStr">')));
  add('xlsx-numfmt-hidden', 'the marking in a cell whose format ;;; hides it', f);
  f = base();
  styled(f, ';;;&quot;公开&quot;', `<is><t>${MARK}</t></is>`);
  f.set('xl/worksheets/sheet1.xml', enc.encode(text(f, 'xl/worksheets/sheet1.xml').replace('<c r="A9" s="1">', '<c r="A9" s="1" t="inlineStr">')));
  add('xlsx-numfmt-replaces-text', 'the marking in a cell whose format shows the literal 公开 in its place', f);
  f = base();
  f.set('xl/worksheets/sheet1.xml', enc.encode(text(f, 'xl/worksheets/sheet1.xml').replace('</sheetData>', `<row r="9"><c r="A9" t="str"><f>"${L}"&amp;"★"&amp;"5年"</f></c></row></sheetData>`)));
  add('xlsx-formula-concat', 'the marking built by a formula joining string literals, no cached value', f);
  f = base();
  f.set('xl/worksheets/sheet1.xml', enc.encode(text(f, 'xl/worksheets/sheet1.xml').replace('</sheetData>', `<row r="9"><c r="A9" t="str"><f>"${MARK}"</f></c></row></sheetData>`)));
  add('xlsx-formula-literal', 'the marking as a formula string literal, no cached value', f);
  f = base();
  put(f, 'xl/pivotCache/pivotCacheRecords1.xml', `${DECL}<pivotCacheRecords xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1"><r><s v="${MARK}"/></r></pivotCacheRecords>`);
  put(f, 'xl/pivotCache/pivotCacheDefinition1.xml', `${DECL}<pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}" r:id="rId1"><cacheFields count="1"><cacheField name="密级"><sharedItems><s v="${MARK}"/></sharedItems></cacheField></cacheFields></pivotCacheDefinition>`);
  put(f, 'xl/pivotCache/_rels/pivotCacheDefinition1.xml.rels', `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/pivotCacheRecords" Target="pivotCacheRecords1.xml"/></Relationships>`);
  addRel(f, 'xl/_rels/workbook.xml.rels', 'rIdP', 'pivotCacheDefinition', 'pivotCache/pivotCacheDefinition1.xml');
  add('xlsx-pivot-cache', 'the marking only in a pivot cache (attribute values)', f);
  f = base();
  put(f, 'xl/externalLinks/externalLink1.xml', `${DECL}<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><externalBook xmlns:r="${REL}" r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1" t="str"><v>${MARK}</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>`);
  addRel(f, 'xl/_rels/workbook.xml.rels', 'rIdE', 'externalLink', 'externalLinks/externalLink1.xml');
  f.set('xl/worksheets/sheet1.xml', enc.encode(text(f, 'xl/worksheets/sheet1.xml').replace('</sheetData>', `<row r="9"><c r="A9" t="str"><f>[1]Sheet1!A1</f></c></row></sheetData>`)));
  add('xlsx-external-link-cache', 'the marking in the cached values of an external link a cell shows', f);
  f = base();
  put(f, 'xl/tables/table1.xml', `${DECL}<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="1" name="T1" displayName="T1" ref="A1:B3"><tableColumns count="2"><tableColumn id="1" name="${MARK}"/><tableColumn id="2" name="人数"/></tableColumns></table>`);
  add('xlsx-table-column', 'the marking as a table column name (an attribute)', f);
  return out;
}

function pptxs(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, f: Files) => out.push({ name: `${name}.pptx`, what, bytes: zip(f) });
  const base = () => unzip(pptx({ slides: [{ shapes: [{ text: BENIGN }] }] }));
  const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
  const P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
  const sp = (t: string) => `<p:sp><p:nvSpPr><p:cNvPr id="9" name="Text 9"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>${t}</a:t></a:r></a:p></p:txBody></p:sp>`;
  let f = base();
  put(f, 'ppt/slideLayouts/slideLayout1.xml', text(f, 'ppt/slideLayouts/slideLayout1.xml').replace('<p:grpSpPr/>', `<p:grpSpPr/>${sp(MARK)}`));
  add('pptx-layout-text', 'the marking in a text box of the slide layout (shown on every slide using it)', f);
  f = base();
  put(f, 'ppt/notesMasters/notesMaster1.xml', `${DECL}<p:notesMaster xmlns:a="${A}" xmlns:r="${REL}" xmlns:p="${P}"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${sp(MARK)}</p:spTree></p:cSld></p:notesMaster>`);
  addRel(f, 'ppt/_rels/presentation.xml.rels', 'rIdNM', 'notesMaster', 'notesMasters/notesMaster1.xml');
  addType(f, 'ppt/notesMasters/notesMaster1.xml', 'application/vnd.openxmlformats-officedocument.presentationml.notesMaster+xml');
  add('pptx-notes-master', 'the marking in the notes master (printed on every notes page)', f);
  f = base();
  put(f, 'ppt/handoutMasters/handoutMaster1.xml', `${DECL}<p:handoutMaster xmlns:a="${A}" xmlns:r="${REL}" xmlns:p="${P}"><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${sp(MARK)}</p:spTree></p:cSld></p:handoutMaster>`);
  addRel(f, 'ppt/_rels/presentation.xml.rels', 'rIdHM', 'handoutMaster', 'handoutMasters/handoutMaster1.xml');
  addType(f, 'ppt/handoutMasters/handoutMaster1.xml', 'application/vnd.openxmlformats-officedocument.presentationml.handoutMaster+xml');
  add('pptx-handout-master', 'the marking in the handout master', f);
  f = base();
  put(f, 'ppt/slides/slide1.xml', text(f, 'ppt/slides/slide1.xml').replace('</p:spTree>', `<p:sp><p:nvSpPr><p:cNvPr id="9" name="WordArt"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr><a:prstTxWarp prst="textArchUp"/></a:bodyPr><a:p><a:fld id="{1}" type="slidenum"><a:t>${MARK}</a:t></a:fld></a:p></p:txBody></p:sp></p:spTree>`));
  add('pptx-field-text', 'the marking as the text of a field run (a:fld)', f);
  return out;
}

// ---------------------------------------------------------------- HTML, text, e-mail

function htmls(): Hostile[] {
  const out: Hostile[] = [];
  const page = (head: string, body: string) => enc.encode(`<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>统计业务培训</title>${head}</head><body>${BENIGN.map((l) => `<p>${l}</p>`).join('')}${body}</body></html>\n`);
  const add = (name: string, what: string, bytes: Uint8Array) => out.push({ name: `${name}.html`, what, bytes });
  add('html-css-content-escaped', 'the marking as CSS generated text written with CSS escapes', page(`<style>.m::before{content:"${cssEscapes(MARK)}"}</style>`, '<div class="m"></div>'));
  add('html-css-content-split', 'the marking built by ::before and ::after of one element', page(`<style>.m::before{content:"${L}"}.m::after{content:"5年"}</style>`, '<div class="m">★</div>'));
  add('html-template', 'the marking inside a <template>', page('', `<template id="t"><p>${MARK}</p></template><script>document.body.appendChild(document.getElementById('t').content)</script>`));
  add('html-noscript', 'the marking inside <noscript>', page('', `<noscript><p>${MARK}</p></noscript>`));
  add('html-svg-text', 'the marking in inline SVG <text>', page('', `<svg width="300" height="40"><text x="0" y="30">${MARK}</text></svg>`));
  add('html-svg-tspans', 'the marking in SVG <tspan>s placed out of order', page('', `<svg width="300" height="40"><text y="30"><tspan x="48">★5年</tspan><tspan x="0">${L}</tspan></text></svg>`));
  add('html-data-uri-svg', 'the marking in an SVG picture given as a base64 data: URI', page('', `<img alt="" src="data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40"><text x="0" y="30">${MARK}</text></svg>`).toString('base64')}">`));
  add('html-iframe-srcdoc', 'the marking in an iframe srcdoc attribute', page('', `<iframe srcdoc="&lt;p&gt;${MARK}&lt;/p&gt;"></iframe>`));
  add('html-object-data-uri', 'the marking in an HTML document embedded as a data: URI object', page('', `<object type="text/html" data="data:text/html;base64,${Buffer.from(`<p>${MARK}</p>`).toString('base64')}"></object>`));
  add('html-script-escaped', 'the marking written by script with \\u escapes', page('', `<script>document.write("${jsEscapes(MARK)}")</script>`));
  add('html-script-plain', 'the marking written by script', page('', `<script>document.write("${MARK}")</script>`));
  add('html-bdo-rtl', 'the marking stored reversed inside <bdo dir=rtl>', page('', `<p><bdo dir="rtl">${rev(MARK)}</bdo></p>`));
  add('html-css-bidi-override', 'the marking stored reversed, shown in order by unicode-bidi:bidi-override', page('<style>.r{direction:rtl;unicode-bidi:bidi-override}</style>', `<p class="r">${rev(MARK)}</p>`));
  add('html-flex-reverse', 'the marking in spans reordered by flex-direction:row-reverse', page('', `<div style="display:flex;flex-direction:row-reverse">${[...MARK].reverse().map((c) => `<span>${c}</span>`).join('')}</div>`));
  add('html-ruby', 'the marking with ruby annotations over its characters', page('', `<p><ruby>${L[0]}<rt>jī</rt>${L[1]}<rt>mì</rt></ruby>★5年</p>`));
  add('html-text-transform', 'a banner in lower case shown upper case by text-transform', page('', `<p style="text-transform:uppercase">${BANNER.toLowerCase()}</p>`));
  add('html-textarea-option', 'the marking in a <textarea> and an <option>', page('', `<textarea>${MARK}</textarea><select><option>${MARK}</option></select>`));
  add('html-input-value', 'the marking as an <input> value', page('', `<input type="text" value="${MARK}" readonly>`));
  add('html-absolute-position', 'the marking in two absolutely positioned spans written in the other order', page('', `<div style="position:relative"><span style="position:absolute;left:40px">★5年</span><span style="position:absolute;left:0">${L}</span></div>`));
  add('html-rlo', 'the marking stored reversed behind a right-to-left override character', page('', `<p>&#x202E;${rev(MARK)}&#x202C;</p>`));
  add('html-comment', 'the marking in an HTML comment', page('', `<!-- ${MARK} -->`));
  return out;
}

function texts(): Hostile[] {
  const out: Hostile[] = [];
  const doc = [MARK, ...BENIGN].join('\n') + '\n';
  out.push({ name: 'text-utf16le-nobom.txt', what: 'the notice in UTF-16LE without a BOM', bytes: new Uint8Array(iconv.encode(doc, 'utf-16le')) });
  out.push({ name: 'text-utf16be-nobom.txt', what: 'the notice in UTF-16BE without a BOM', bytes: new Uint8Array(iconv.encode(doc, 'utf-16be')) });
  out.push({ name: 'text-mixed-gbk-utf8.txt', what: 'a GBK marking line in an otherwise UTF-8 file', bytes: concat(enc.encode(`${BENIGN[0]}\n`), new Uint8Array(iconv.encode(`${MARK}\n`, 'gbk')), enc.encode(`${BENIGN.slice(1).join('\n')}\n`)) });
  out.push({ name: 'text-mixed-utf8-gbk.txt', what: 'a UTF-8 marking line in an otherwise GBK file', bytes: concat(new Uint8Array(iconv.encode(`${BENIGN[0]}\n`, 'gbk')), enc.encode(`${MARK}\n`), new Uint8Array(iconv.encode(`${BENIGN.slice(1).join('\n')}\n`, 'gbk'))) });
  out.push({ name: 'text-rlo.txt', what: 'the marking stored reversed behind a right-to-left override (U+202E)', bytes: enc.encode(`${BENIGN[0]}\n\u202E${rev(MARK)}\u202C\n${BENIGN[1]}\n`) });
  out.push({ name: 'text-hz.txt', what: 'the notice in HZ-GB-2312 (~{ ~} escapes)', bytes: enc.encode(`~{${hz(L)}~}~{${hz('★')}~}5~{${hz('年')}~}\n${BENIGN[1]}\n`) });
  out.push({ name: 'text-utf7.txt', what: 'the notice in UTF-7', bytes: enc.encode(`${utf7(MARK)}\nnotice\n`) });
  return out;
}

function rtfs(): Hostile[] {
  const u = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0) > 32767 ? c.charCodeAt(0) - 65536 : c.charCodeAt(0)}?`).join('');
  const doc = (body: string) => enc.encode(`{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0 SimSun;}}\\f0 ${u(BENIGN[0])}\\par ${body}\\par}`);
  return [
    { name: 'rtf-field-quote.rtf', what: 'the marking as a QUOTE field instruction whose stale result is benign', bytes: doc(`{\\field{\\*\\fldinst QUOTE "${u(MARK)}"}{\\fldrslt ${u('通知')}}}`) },
    { name: 'rtf-unknown-destination.rtf', what: 'the marking in an ignorable destination no reader knows', bytes: doc(`{\\*\\xyzdest ${u(MARK)}}`) },
    { name: 'rtf-uc0.rtf', what: 'the marking as \\u escapes with \\uc0 (no fallback characters)', bytes: doc(`\\uc0 ${[...MARK].map((c) => `\\u${c.charCodeAt(0)}`).join('')} `) },
  ];
}

/** HZ: GB2312 bytes with the high bits cleared. */
function hz(s: string): string {
  return [...iconv.encode(s, 'gb2312')].map((b) => String.fromCharCode(b & 0x7f)).join('');
}

function emls(): Hostile[] {
  const out: Hostile[] = [];
  const head = 'From: a@example.org\r\nTo: b@example.org\r\nSubject: =?utf-8?B?' + Buffer.from('培训通知').toString('base64') + '?=\r\nDate: Mon, 6 May 2024 09:00:00 +0800\r\nMIME-Version: 1.0\r\n';
  const add = (name: string, what: string, s: string | Uint8Array) => out.push({ name: `${name}.eml`, what, bytes: typeof s === 'string' ? enc.encode(s) : s });
  const qp = [...Buffer.from(MARK)].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`);
  add('eml-qp-soft-breaks', 'quoted-printable soft line breaks between every byte of the marking', `${head}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${qp.join('=\r\n')}\r\n${BENIGN.join('\r\n')}\r\n`);
  add('eml-base64-wrong-charset', 'a base64 UTF-8 body declared iso-8859-1', `${head}Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from([MARK, ...BENIGN].join('\n')).toString('base64')}\r\n`);
  add('eml-gbk-declared-utf8', 'a GBK body declared UTF-8', concat(enc.encode(`${head}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`), new Uint8Array(iconv.encode([MARK, ...BENIGN].join('\r\n'), 'gbk'))));
  add('eml-subject-split-encoded-word', 'the marking in a subject split across encoded-words in the middle of a character', (() => {
    const b = Buffer.from(MARK);
    return `From: a@example.org\r\nTo: b@example.org\r\nSubject: =?utf-8?B?${b.subarray(0, 4).toString('base64')}?=\r\n =?utf-8?B?${b.subarray(4).toString('base64')}?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${BENIGN.join('\r\n')}\r\n`;
  })());
  add('eml-utf7', 'the body in charset utf-7', `${head}Content-Type: text/plain; charset=utf-7\r\n\r\n${utf7(MARK)}\r\nnotice\r\n`);
  add('eml-hz', 'the body in charset hz-gb-2312', `${head}Content-Type: text/plain; charset=hz-gb-2312\r\n\r\n~{${hz(L)}~}~{${hz('★')}~}5~{${hz('年')}~}\r\n`);
  add('eml-uuencode', 'the marked body as a uuencoded attachment (x-uuencode)', `${head}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${BENIGN.join('\r\n')}\r\n--b\r\nContent-Type: text/plain; charset=utf-8; name="n.txt"\r\nContent-Disposition: attachment; filename="n.txt"\r\nContent-Transfer-Encoding: x-uuencode\r\n\r\n${uuencode(Buffer.from(`${MARK}\n`), 'n.txt')}\r\n--b--\r\n`);
  add('eml-inline-uuencode', 'a uuencoded block in a plain body', `${head}Content-Type: text/plain; charset=utf-8\r\n\r\n${BENIGN.join('\r\n')}\r\n${uuencode(Buffer.from(`${MARK}\n`), 'n.txt')}\r\n`);
  add('eml-html-only-alternative', 'a multipart/alternative whose text part is benign and HTML part marked', `${head}Content-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${BENIGN.join('\r\n')}\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(`<p>${MARK}</p>`).toString('base64')}\r\n--b--\r\n`);
  add('eml-flowed', 'format=flowed with a soft break inside the marking', `${head}Content-Type: text/plain; charset=utf-8; format=flowed\r\n\r\n${L} \r\n★5年\r\n${BENIGN.join('\r\n')}\r\n`);
  return out;
}

function uuencode(b: Buffer, name: string): string {
  const lines = [`begin 644 ${name}`];
  const ch = (n: number) => (n === 0 ? '`' : String.fromCharCode(n + 32));
  for (let i = 0; i < b.length; i += 45) {
    const chunk = b.subarray(i, i + 45);
    let line = ch(chunk.length);
    for (let j = 0; j < chunk.length; j += 3) {
      const [x, y, z] = [chunk[j], chunk[j + 1] ?? 0, chunk[j + 2] ?? 0];
      line += ch(x >> 2) + ch(((x & 3) << 4) | (y >> 4)) + ch(((y & 15) << 2) | (z >> 6)) + ch(z & 63);
    }
    lines.push(line);
  }
  lines.push('`', 'end');
  return lines.join('\r\n');
}


// ---------------------------------------------------------------- elements a reader counts as read without turning them into text

/**
 * Text in elements no reader knows (a renamed or foreign element), where the same words stand
 * elsewhere in the file as quotation, or split over several such elements so that no piece alone
 * is a marking: what the reader passed over must be compared with what it read of the same place.
 */
function unreadElements(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, f: Files) => out.push({ name: `${name}.docx`, what, bytes: zip(f) });
  const X = 'xmlns:x="urn:example:extension"';
  const quote = para(`密级标志的写法如「${MARK}」，本文件不得标注。`);
  const header = (f: Files, xml: string) => {
    put(f, 'word/header1.xml', `${DECL}<w:hdr ${W} ${X}>${xml}</w:hdr>`);
    addRel(f, DOCREL, 'rIdH', 'header', 'header1.xml');
    addType(f, 'word/header1.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml');
  };
  const split = [...MARK].map((c, i) => `<x:s${i}>${c}</x:s${i}>`).join('');
  let f = docx(quote, '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>');
  header(f, `<w:p><x:mark>${MARK}</x:mark></w:p>`);
  add('docx-header-foreign-quoted', 'the marking in a foreign element of the header while the body quotes the same words', f);
  f = docx(quote, '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>');
  header(f, `<w:p>${split}</w:p>`);
  add('docx-header-foreign-split', 'the marking one character a foreign element in the header, each character also in the body', f);
  f = docx(`${quote}<w:p ${X}>${split}</w:p>`);
  add('docx-body-foreign-split', 'the marking one character a foreign element in a body paragraph that quotes it elsewhere', f);

  // OFD: values the reader follows as locations or reads as numbers are text when they are more than that.
  const base = () => unzip(ofd({ docs: [{ title: '培训通知', pages: [{ texts: paragraphLines(BENIGN.join('\n'), { top: 40 }) }] }] }));
  const ofdAdd = (name: string, what: string, g: Files) => out.push({ name: `${name}.ofd`, what, bytes: zip(g) });
  const edit = (g: Files, name: string, from: string, to: string) => {
    const before = text(g, name);
    if (!before.includes(from)) throw new Error(`${name} has no ${from}`);
    put(g, name, before.replace(from, to));
  };
  let g = base();
  edit(g, 'OFD.xml', '<ofd:DocRoot>Doc_0/Document.xml', `<ofd:DocRoot>Doc_0/${MARK}/../Document.xml`);
  ofdAdd('ofd-docroot-dotdot', 'the marking as a folder of the document root location that a .. segment undoes', g);
  g = base();
  edit(g, 'Doc_0/PublicRes.xml', '<ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/>', `<ofd:Font ID="3" FontName="宋体" FamilyName="宋体"><ofd:FontFile>${MARK}</ofd:FontFile></ofd:Font>`);
  ofdAdd('ofd-fontfile-text', 'the marking as the location of a font file no entry has', g);
  g = base();
  edit(g, 'Doc_0/Document.xml', '<ofd:PhysicalBox>0 0 210 297', `<ofd:PhysicalBox>0 0 210 297 ${MARK}`);
  ofdAdd('ofd-physicalbox-text', 'the marking after the numbers of the page box', g);
  g = base();
  edit(g, 'Doc_0/Pages/Page_0/Content.xml', '<ofd:TextCode', `<ofd:CGTransform CodePosition="0" CodeCount="1" GlyphCount="1"><ofd:Glyphs>${MARK}</ofd:Glyphs></ofd:CGTransform><ofd:TextCode`);
  ofdAdd('ofd-glyphs-text', 'the marking as the glyph list of a text object', g);

  // Word: places a story reader may count as read without showing their text.
  f = docx(`<w:p><w:r><w:t>通知</w:t></w:r><x:level ${X}>${MARK}</x:level></w:p>`);
  add('docx-foreign-in-paragraph', 'the marking in an element of an unknown namespace inside w:p', f);
  f = docx(`<w:p><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="urn:example:wps"><mc:Choice Requires="wps"><w:r><w:t>通知</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>${MARK}</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>`);
  add('docx-alternate-fallback-only', 'the marking only in the Fallback of an mc:AlternateContent whose Choice is benign', f);
  f = docx('');
  put(f, 'customXml/item1.xml', `${DECL}<root><level>${MARK}</level></root>`);
  addRel(f, DOCREL, 'rIdX', 'customXml', '../customXml/item1.xml');
  add('docx-custom-xml-unbound', 'the marking in a custom XML part no content control is bound to', f);
  f = docx(`<w:sdt><w:sdtPr><w:alias w:val="${MARK}"/><w:tag w:val="${MARK}"/><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>点击输入文字</w:t></w:r></w:p></w:sdtContent></w:sdt>`);
  add('docx-sdt-alias-placeholder', 'the marking as the title and tag of a content control showing its placeholder', f);
  f = docx(`<w:p><w:ins w:id="1" w:author="a" w:date="2024-01-01T00:00:00Z"><w:del w:id="2" w:author="b" w:date="2024-01-02T00:00:00Z"><w:r><w:delText>${MARK}</w:delText></w:r></w:del></w:ins></w:p>`);
  add('docx-del-inside-ins', 'the marking in a run deleted inside an insertion (w:del in w:ins)', f);
  f = docx(`${quote}<w:p><w:r><w:t>通知</w:t></w:r></w:p>`, '<w:sectPr><w:footerReference w:type="default" r:id="rIdF"/></w:sectPr>');
  put(f, 'word/footer1.xml', `${DECL}<w:ftr ${W} ${X}><w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r></w:p><w:p>${split}</w:p></w:ftr>`);
  addRel(f, DOCREL, 'rIdF', 'footer', 'footer1.xml');
  addType(f, 'word/footer1.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml');
  add('docx-footer-foreign-split', 'the marking one character a foreign element in a footer with a page field, the body quoting it', f);

  // Spreadsheets and slides: a renamed text element where another part quotes the marking.
  const xq = unzip(xlsx({ sheets: [{ name: '统计', rows: [['区', '人数'], [`密级标志的写法如「${MARK}」`, 1]] }] }));
  const sheet = text(xq, 'xl/worksheets/sheet1.xml');
  put(xq, 'xl/worksheets/sheet1.xml', sheet.replace('</sheetData>', `<row r="9"><c r="A9" t="inlineStr"><is><x>${MARK}</x></is></c></row></sheetData>`));
  out.push({ name: 'xlsx-renamed-inline-quoted.xlsx', what: 'the marking in a renamed inline string element while another cell quotes it', bytes: zip(xq) });
  const pq = unzip(pptx({ slides: [{ shapes: [{ text: [`密级标志的写法如「${MARK}」`, ...BENIGN] }] }] }));
  put(pq, 'ppt/slideLayouts/slideLayout1.xml', text(pq, 'ppt/slideLayouts/slideLayout1.xml').replace('<p:grpSpPr/>', `<p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="9" name="Text 9"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:x>${MARK}</a:x></a:r></a:p></p:txBody></p:sp>`));
  out.push({ name: 'pptx-layout-renamed-quoted.pptx', what: 'the marking in a renamed a:t of the slide layout while the slide quotes it', bytes: zip(pq) });

  // OpenDocument: a foreign element in the header (styles) while the body (content) quotes it; the same in a flat document.
  const ODF_NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:x="urn:example:extension"';
  const odfBody = `<office:body><office:text>${BENIGN.map((l) => `<text:p>${l}</text:p>`).join('')}<text:p>密级标志的写法如「${MARK}」，本文件不得标注。</text:p></office:text></office:body>`;
  const odfHeader = `<office:master-styles><style:master-page style:name="Standard"><style:header><text:p>${[...MARK].map((c, i) => `<x:s${i}>${c}</x:s${i}>`).join('')}</text:p></style:header></style:master-page></office:master-styles>`;
  const odt: Files = new Map();
  put(odt, 'mimetype', 'application/vnd.oasis.opendocument.text');
  put(odt, 'META-INF/manifest.xml', `${DECL}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>`);
  put(odt, 'content.xml', `${DECL}<office:document-content ${ODF_NS}>${odfBody}</office:document-content>`);
  put(odt, 'styles.xml', `${DECL}<office:document-styles ${ODF_NS}>${odfHeader}</office:document-styles>`);
  out.push({ name: 'odt-header-foreign-split.odt', what: 'the marking one character a foreign element in the header, the body quoting it', bytes: zip(odt) });
  out.push({ name: 'fodt-header-foreign-split.fodt', what: 'the same in a flat document', bytes: enc.encode(`${DECL}<office:document ${ODF_NS} office:mimetype="application/vnd.oasis.opendocument.text">${odfHeader}${odfBody}</office:document>`) });
  return out;
}
// ---------------------------------------------------------------- more PDF

/** Appends an incremental update (new or replaced objects, an xref section, /Prev) to a PDF written by pdf(). */
function pdfUpdate(base: Uint8Array, objects: Array<[number, string | Uint8Array]>, catalogRoot = 1): Uint8Array {
  const s = Buffer.from(base).toString('latin1');
  const prev = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(s)![1]);
  const size = Math.max(Number(/\/Size (\d+)/.exec(s)![1]), ...objects.map(([n]) => n + 1));
  const chunks: Uint8Array[] = [base];
  let offset = base.length;
  const xref: string[] = [];
  for (const [n, body] of objects) {
    const b = concat(enc.encode(`${n} 0 obj\n`), typeof body === 'string' ? enc.encode(body) : body, enc.encode('\nendobj\n'));
    xref.push(`${n} 1\n${String(offset).padStart(10, '0')} 00000 n \n`);
    chunks.push(b);
    offset += b.length;
  }
  chunks.push(enc.encode(`xref\n${xref.join('')}trailer\n<< /Size ${size} /Root ${catalogRoot} 0 R /Prev ${prev} >>\nstartxref\n${offset}\n%%EOF\n`));
  return concat(...chunks);
}

/** Block letters S, E, C, R, T as 8-bit grey pixels (black on white), `scale` pixels a unit. */
function blockLetters(word: string, scale = 1): { w: number; h: number; data: Uint8Array } {
  const G: Record<string, Array<[number, number, number, number]>> = {
    S: [[0, 8, 5, 1], [0, 4, 1, 5], [0, 4, 5, 1], [4, 0, 1, 5], [0, 0, 5, 1]],
    E: [[0, 0, 1, 9], [0, 8, 5, 1], [0, 4, 4, 1], [0, 0, 5, 1]],
    C: [[0, 0, 1, 9], [0, 8, 5, 1], [0, 0, 5, 1]],
    R: [[0, 0, 1, 9], [0, 8, 5, 1], [4, 4, 1, 5], [0, 4, 5, 1], [3, 0, 1, 4]],
    T: [[0, 8, 5, 1], [2, 0, 1, 9]],
  };
  const w = (word.length * 7 + 2) * scale;
  const h = 13 * scale;
  const data = new Uint8Array(w * h).fill(255);
  [...word].forEach((c, i) => {
    for (const [x, y, rw, rh] of G[c] ?? []) {
      for (let yy = (2 + y) * scale; yy < (2 + y + rh) * scale; yy++) for (let xx = (2 + i * 7 + x) * scale; xx < (2 + i * 7 + x + rw) * scale; xx++) data[(h - 1 - yy) * w + xx] = 0;
    }
  });
  return { w, h, data };
}

function pdfsMore(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, bytes: Uint8Array) => out.push({ name: `${name}.pdf`, what, bytes });
  const fontRes = '/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >>';
  const t3 = `<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1000 1000] /FontMatrix [0.001 0 0 0.001 0 0] /CharProcs << /a 7 0 R >> /Encoding << /Type /Encoding /Differences [97 /a] >> /FirstChar 97 /LastChar 97 /Widths [1000] ${fontRes} >>`;
  add('pdf-type3-inline-font', 'a Type3 font written directly in the page resources (no object of its own) whose glyph procedure shows the marking', pdf(`${benignText()}\nBT /T3 1 Tf 72 800 Td (a) Tj ET`, {
    fonts: `/T3 ${t3}`,
    extra: [stream('', enc.encode(`1000 0 d0\n${cjk(MARK, 0, 0, 16)}`))],
  }));
  add('pdf-widget-inline', 'a text field widget written directly in the /Annots array, its appearance showing the marking', pdf(benignText(), {
    page: `/Annots [<< /Type /Annot /Subtype /Widget /FT /Tx /T (f1) /V <FEFF${ucs2('通知')}> /Rect [60 780 300 820] /F 4 /AP << /N 7 0 R >> >>]`,
    extra: [stream(`/Type /XObject /Subtype /Form /BBox [0 0 240 40] ${fontRes}`, enc.encode(`/Tx BMC ${cjk(MARK, 4, 12)} EMC`))],
  }));
  add('pdf-incremental-marked-update', 'an incremental update gives page 1 new content that carries the marking', pdfUpdate(pdf(benignText()), [
    [7, stream('', enc.encode(`${cjk(MARK, 72, 800)}\n${benignText()}`))],
    [3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> /Contents 7 0 R >>'],
  ]));
  add('pdf-cjk-tounicode-remap', 'the marking shown in a non-embedded CJK font whose codes are Unicode (UniGB-UCS2-H), a ToUnicode map claiming other characters', (() => {
    const pairs: Array<[string, string]> = [['机', '统'], ['密', '计'], ['绝', '统'], ['秘', '计']];
    const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /X def 1 begincodespacerange <0000> <FFFF> endcodespacerange ${pairs.length} beginbfchar\n${pairs.map(([a, b]) => `<${ucs2(a)}> <${ucs2(b)}>`).join('\n')}\nendbfchar endcmap CMapName currentdict /CMap defineresource pop end end`;
    return pdf(`${benignText()}\nBT /F3 16 Tf 72 800 Td <${ucs2(MARK)}> Tj ET`, { fonts: '/F3 7 0 R', extra: [SONG.replace('/DescendantFonts', '/ToUnicode 8 0 R /DescendantFonts'), stream('', enc.encode(cmap))] });
  })());
  const thumb = blockLetters(BANNER.startsWith('TOP') ? 'SECRET' : '', 4);
  add('pdf-page-thumbnail', 'the marking only in the page thumbnail image (/Thumb) a viewer shows in its page panel', pdf(benignText(), {
    page: '/Thumb 7 0 R',
    extra: [stream(`/Width ${thumb.w} /Height ${thumb.h} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode`, new Uint8Array(deflateSync(thumb.data)))],
  }));
  const img = blockLetters(BANNER.startsWith('TOP') ? 'SECRET' : '', 3);
  add('pdf-inline-image', 'the banner as an inline image (BI … ID … EI) in the page content', pdf(`${benignText()}\nq ${img.w} 0 0 ${img.h} 72 780 cm BI /W ${img.w} /H ${img.h} /CS /G /BPC 8 /F /AHx ID ${Buffer.from(img.data).toString('hex')}> EI Q`));
  add('pdf-js-field-escaped', 'an open action script that fills a field with the marking written as \\u escapes', pdf(benignText(), {
    page: '/Annots [7 0 R]',
    catalog: `/AcroForm << /Fields [7 0 R] /NeedAppearances true >> /OpenAction << /S /JavaScript /JS (this.getField\\("f1"\\).value = "${jsEscapes(MARK).replace(/\\/g, '\\\\')}";) >>`,
    extra: ['<< /Type /Annot /Subtype /Widget /FT /Tx /T (f1) /Rect [60 780 300 820] /F 4 /P 3 0 R /DA (/F1 14 Tf 0 g) >>'],
  }));
  add('pdf-js-field-fromcharcode', 'an open action script that fills a field with String.fromCharCode codes of the marking', pdf(benignText(), {
    page: '/Annots [7 0 R]',
    catalog: `/AcroForm << /Fields [7 0 R] /NeedAppearances true >> /OpenAction << /S /JavaScript /JS (this.getField\\("f1"\\).value = String.fromCharCode\\(${[...MARK].map((c) => c.charCodeAt(0)).join(',')}\\);) >>`,
    extra: ['<< /Type /Annot /Subtype /Widget /FT /Tx /T (f1) /Rect [60 780 300 820] /F 4 /P 3 0 R /DA (/F1 14 Tf 0 g) >>'],
  }));
  add('pdf-embedded-flate', 'the marking in a Flate-compressed embedded text file', pdf(benignText(), {
    catalog: '/Names << /EmbeddedFiles << /Names [(n.txt) 7 0 R] >> >>',
    extra: ['<< /Type /Filespec /F (n.txt) /UF (n.txt) /EF << /F 8 0 R >> >>', stream('/Type /EmbeddedFile /Filter /FlateDecode', new Uint8Array(deflateSync(Buffer.from(`${MARK}\n${BENIGN.join('\n')}\n`))))],
  }));
  const rc = `<?xml version="1.0"?><body xmlns="http://www.w3.org/1999/xhtml" xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/" xfa:APIVersion="Acrobat:11.0.0" xfa:spec="2.0.2"><p>${MARK}</p></body>`;
  add('pdf-freetext-rich-contents', 'a free-text annotation whose rich text (/RC) shows the marking, its plain /Contents benign, no appearance', pdf(benignText(), {
    page: '/Annots [7 0 R]',
    extra: [`<< /Type /Annot /Subtype /FreeText /Rect [60 780 300 820] /F 4 /Contents <FEFF${ucs2('通知')}> /RC <FEFF${ucs2(rc)}> /DA (/F1 14 Tf 0 g) >>`],
  }));
  const xdp = `<?xml version="1.0" encoding="UTF-8"?><xdp:xdp xmlns:xdp="http://ns.adobe.com/xdp/"><template xmlns="http://www.xfa.org/schema/xfa-template/3.3/"><subform name="form1" layout="tb" locale="zh_CN"><pageSet><pageArea name="P1"><contentArea x="0.25in" y="0.25in" w="8in" h="10.5in"/><medium stock="a4" short="210mm" long="297mm"/></pageArea></pageSet><subform w="8in" h="10in"><draw name="t1" w="3in" h="0.5in"><value><text>${MARK}</text></value></draw></subform></subform></template></xdp:xdp>`;
  add('pdf-xfa-template', 'a dynamic XFA form whose template draws the marking; the page content is a benign placeholder', pdf(benignText(), {
    catalog: '/AcroForm << /Fields [] /XFA 7 0 R >> /NeedsRendering true',
    extra: [stream('', enc.encode(xdp))],
  }));
  add('pdf-field-value-stream', 'a text field whose value is a text stream holding the marking, no appearance', pdf(benignText(), {
    page: '/Annots [7 0 R]',
    catalog: '/AcroForm << /Fields [7 0 R] /NeedAppearances true >>',
    extra: ['<< /Type /Annot /Subtype /Widget /FT /Tx /T (f1) /V 8 0 R /Rect [60 780 300 820] /F 4 /P 3 0 R /DA (/F1 14 Tf 0 g) >>', stream('', concat(new Uint8Array([0xfe, 0xff]), new Uint8Array(iconv.encode(MARK, 'utf-16be'))))],
  }));
  add('pdf-choice-display-option', 'a combo box whose selected option displays the marking (export value benign)', pdf(benignText(), {
    page: '/Annots [7 0 R]',
    catalog: '/AcroForm << /Fields [7 0 R] /NeedAppearances true >>',
    extra: [`<< /Type /Annot /Subtype /Widget /FT /Ch /Ff 131072 /T (f1) /Opt [[(a) <FEFF${ucs2(MARK)}>] [(b) <FEFF${ucs2('公开')}>]] /V (a) /Rect [60 780 300 820] /F 4 /P 3 0 R /DA (/F1 14 Tf 0 g) >>`],
  }));
  add('pdf-page-label', 'the marking as the page label prefix a viewer shows for page 1', pdf(benignText(), { catalog: `/PageLabels << /Nums [0 << /S /D /P <FEFF${ucs2(MARK)}> >>] >>` }));
  add('pdf-oc-print-only', 'the marking in an optional-content group that is off on screen (base state OFF) and printed', pdf(`${benignText()}\n/OC /oc1 BDC ${cjk(MARK, 72, 800)} EMC`, {
    resources: '/Properties << /oc1 7 0 R >>',
    catalog: '/OCProperties << /OCGs [7 0 R] /D << /BaseState /OFF /AS [<< /Event /Print /OCGs [7 0 R] /Category [/Print] >>] >> >>',
    extra: ['<< /Type /OCG /Name (Print) /Usage << /Print << /PrintState /ON >> /View << /ViewState /OFF >> >> >>'],
  }));
  return out;
}

// ---------------------------------------------------------------- more XLSX, PPTX, RTF, archives, SVG

function xlsxsMore(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, f: Files) => out.push({ name: `${name}.xlsx`, what, bytes: zip(f) });
  const rows = [['区', '人数'], ['东区', 12], ['西区', 9]];
  const base = () => unzip(xlsx({ sheets: [{ name: '统计', rows }] }));
  const sheet = 'xl/worksheets/sheet1.xml';
  const edit = (f: Files, part: string, from: string, to: string) => put(f, part, text(f, part).replace(from, to));
  const styles = (f: Files, numFmt: string, dxf = '') => {
    put(f, 'xl/styles.xml', `${DECL}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="${numFmt}"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs>${dxf}</styleSheet>`);
    addRel(f, 'xl/_rels/workbook.xml.rels', 'rIdSt', 'styles', 'styles.xml');
    addType(f, 'xl/styles.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml');
  };
  add('xlsx-very-hidden-sheet', 'the marking on a very hidden sheet (shown only through VBA)', unzip(xlsx({ sheets: [{ name: '统计', rows }, { name: 'S2', state: 'veryHidden', rows: [[MARK]] }] })));
  add('xlsx-defined-name-literal', 'a cell showing a defined name whose value is the marking as a string literal, no cached value', unzip(xlsx({ sheets: [{ name: '统计', rows: [...rows] }], definedNames: [{ name: 'lvl', value: `"${MARK}"` }] })));
  let f = base();
  edit(f, 'xl/workbook.xml', '<definedNames>', '<definedNames>');
  put(f, 'xl/workbook.xml', text(f, 'xl/workbook.xml').replace('</sheets>', `</sheets><definedNames><definedName name="lvl">"${L}"&amp;"★5年"</definedName></definedNames>`));
  edit(f, sheet, '</sheetData>', '<row r="9"><c r="A9" t="str"><f>lvl</f></c></row></sheetData>');
  add('xlsx-defined-name-formula', 'a cell whose formula is a defined name joining the marking from string literals, no cached value', f);
  f = base();
  edit(f, sheet, '</worksheet>', `<headerFooter><oddHeader>&amp;L&amp;"宋体,加粗"&amp;14${L}&amp;KFF0000★5年</oddHeader></headerFooter></worksheet>`);
  add('xlsx-header-color-code', 'the marking in a page header, a colour code (&K) inside it', f);
  f = base();
  edit(f, sheet, '</worksheet>', `<headerFooter differentFirst="1"><oddHeader>&amp;C统计</oddHeader><firstHeader>&amp;L${MARK}</firstHeader></headerFooter></worksheet>`);
  add('xlsx-first-page-header', 'the marking in the first-page header', f);
  f = base();
  edit(f, sheet, '</worksheet>', `<headerFooter><oddHeader>&amp;L${L}&amp;"-,Bold"★&amp;"-,Regular"5年</oddHeader></headerFooter></worksheet>`);
  add('xlsx-header-font-codes', 'the marking in a page header with font codes between its characters', f);
  f = base();
  styles(f, [...`${L}★`].map((c) => `\\${c}`).join('') + '0\\年');
  edit(f, sheet, '</sheetData>', '<row r="9"><c r="A9" s="1"><v>5</v></c></row></sheetData>');
  add('xlsx-numfmt-backslash', 'a number format that writes the level and ★ as backslash-escaped characters before the number 5', f);
  f = base();
  styles(f, `[Red]&quot;${MARK}&quot;;[Blue]&quot;${MARK}&quot;`);
  edit(f, sheet, '</sheetData>', '<row r="9"><c r="A9" s="1"><v>1</v></c></row></sheetData>');
  add('xlsx-numfmt-color-sections', 'a number format with colour sections, each a literal marking', f);
  f = base();
  styles(f, '0', `<dxfs count="1"><dxf><numFmt numFmtId="165" formatCode="&quot;${MARK}&quot;"/></dxf></dxfs>`);
  edit(f, sheet, '</sheetData>', '<row r="9"><c r="A9"><v>1</v></c></row></sheetData><conditionalFormatting sqref="A9"><cfRule type="expression" dxfId="0" priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting>');
  add('xlsx-conditional-numfmt', 'a conditional format that always applies and whose number format shows the marking', f);
  add('xlsx-sheet-tab-name', 'the marking as the name of the sheet (its tab)', unzip(xlsx({ sheets: [{ name: MARK.replace('★', '★'), rows }] })));
  f = base();
  edit(f, sheet, '</sheetData>', `<row r="9"><c r="A9" t="str"><f>"${MARK}"</f><v>统计</v></c></row></sheetData>`);
  edit(f, 'xl/workbook.xml', '</workbook>', '<calcPr fullCalcOnLoad="1"/></workbook>');
  add('xlsx-stale-cached-value', 'a formula string literal with the marking, a stale benign cached value, recalculated on load', f);
  f = base();
  const sst = text(f, 'xl/sharedStrings.xml');
  f.delete('xl/sharedStrings.xml');
  put(f, 'xl/strings/table.xml', sst);
  edit(f, 'xl/_rels/workbook.xml.rels', 'Target="sharedStrings.xml"', 'Target="strings/table.xml"');
  edit(f, '[Content_Types].xml', '/xl/sharedStrings.xml', '/xl/strings/table.xml');
  put(f, 'xl/strings/table.xml', text(f, 'xl/strings/table.xml').replace('<si>', `<si><t>${MARK}</t></si><si>`));
  put(f, sheet, text(f, sheet).replace(/<v>(\d+)<\/v><\/c>/g, (m, n) => m)); // indices shift by one below
  put(f, sheet, text(f, sheet).replace(/t="s"><v>(\d+)<\/v>/g, (_m, n) => `t="s"><v>${Number(n) + 1}</v>`).replace('</sheetData>', '<row r="9"><c r="A9" t="s"><v>0</v></c></row></sheetData>'));
  add('xlsx-shared-strings-elsewhere', 'the shared string table at a part name other than xl/sharedStrings.xml (found through the relationship)', f);
  f = unzip(xlsx({ sheets: [{ name: '统计', rows, textBox: '统计' }] }));
  edit(f, 'xl/drawings/drawing1.xml', '<xdr:twoCellAnchor>', `<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice xmlns:a14="http://schemas.microsoft.com/office/drawing/2010/main" Requires="a14"><xdr:twoCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:row>5</xdr:row></xdr:from><xdr:to><xdr:col>4</xdr:col><xdr:row>7</xdr:row></xdr:to><xdr:sp><xdr:nvSpPr><xdr:cNvPr id="5" name="TextBox 5"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr/><xdr:txBody><a:bodyPr/><a:p><a:r><a:t>${MARK}</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor></mc:Choice><mc:Fallback/></mc:AlternateContent><xdr:twoCellAnchor>`);
  add('xlsx-drawing-alternate-content', 'the marking in a text box inside mc:AlternateContent/mc:Choice of a drawing, the fallback empty', f);
  f = base();
  edit(f, sheet, '</worksheet>', '<legacyDrawing r:id="rIdV"/></worksheet>');
  addRel(f, 'xl/worksheets/_rels/sheet1.xml.rels', 'rIdV', 'vmlDrawing', '../drawings/vmlDrawing1.vml');
  addType(f, '.vml', 'application/vnd.openxmlformats-officedocument.vmlDrawing');
  put(f, 'xl/drawings/vmlDrawing1.vml', `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1025" type="#_x0000_t201" style="position:absolute;margin-left:20pt;margin-top:20pt;width:200pt;height:40pt;z-index:1"><v:textbox><div style="text-align:center"><font face="宋体" size="320">${MARK}</font></div></v:textbox><x:ClientData ObjectType="Button"><x:Anchor>1, 0, 1, 0, 4, 0, 3, 0</x:Anchor></x:ClientData></v:shape></xml>`);
  add('xlsx-vml-button', 'the marking as the caption of a legacy form button (VML drawing)', f);
  return out;
}

function pptxsMore(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, f: Files) => out.push({ name: `${name}.pptx`, what, bytes: zip(f) });
  const slide = 'ppt/slides/slide1.xml';
  const base = () => unzip(pptx({ slides: [{ shapes: [{ text: BENIGN }] }] }));
  const edit = (f: Files, part: string, from: string, to: string) => put(f, part, text(f, part).replace(from, to));
  const sp = (t: string, id = 9) => `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="Text ${id}"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>${t}</a:t></a:r></a:p></p:txBody></p:sp>`;
  add('pptx-notes-page', 'the marking in the speaker notes', unzip(pptx({ slides: [{ shapes: [{ text: BENIGN }], notes: MARK }] })));
  add('pptx-hidden-slide', 'the marking on a hidden slide', unzip(pptx({ slides: [{ shapes: [{ text: BENIGN }] }, { shapes: [{ text: [MARK] }], hidden: true }] })));
  add('pptx-master-footer', 'the marking in a footer of the slide master', unzip(pptx({ slides: [{ shapes: [{ text: BENIGN }] }], masterText: MARK })));
  let f = base();
  edit(f, slide, '</p:spTree>', `<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main" Requires="p14">${sp(MARK)}</mc:Choice><mc:Fallback>${sp('通知', 10)}</mc:Fallback></mc:AlternateContent></p:spTree>`);
  add('pptx-alternate-content', 'the marking in mc:Choice of an AlternateContent block whose fallback is benign', f);
  f = base();
  edit(f, slide, '</p:spTree>', `<p:grpSp><p:nvGrpSpPr><p:cNvPr id="20" name="G"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/><a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>${sp(MARK)}</p:grpSp></p:spTree>`);
  add('pptx-zero-size-group', 'the marking in a shape inside a group whose transform has zero size', f);
  f = base();
  put(f, 'ppt/diagrams/data1.xml', `${DECL}<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt modelId="{1}" type="doc"><dgm:t><a:bodyPr/><a:p><a:r><a:t>${MARK}</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>`);
  addRel(f, 'ppt/slides/_rels/slide1.xml.rels', 'rIdD', 'diagramData', '../diagrams/data1.xml');
  addType(f, 'ppt/diagrams/data1.xml', 'application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml');
  edit(f, slide, '</p:spTree>', `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="30" name="Diagram"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"><dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" r:dm="rIdD" r:lo="" r:qs="" r:cs=""/></a:graphicData></a:graphic></p:graphicFrame></p:spTree>`);
  add('pptx-smartart-data', 'the marking in SmartArt data (no cached drawing)', f);
  f = base();
  edit(f, 'ppt/presentation.xml', '</p:presentation>', `<p:extLst><p:ext uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"><p14:sectionLst xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main"><p14:section name="${MARK}" id="{11111111-0000-0000-0000-000000000001}"><p14:sldIdLst><p14:sldId id="256"/></p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst></p:presentation>`);
  add('pptx-section-name', 'the marking as the name of a section (shown in the slide sorter)', f);
  f = base();
  put(f, 'ppt/comments/modernComment_100_0.xml', `${DECL}<p188:cmLst xmlns:a="${'http://schemas.openxmlformats.org/drawingml/2006/main'}" xmlns:r="${REL}" xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main"><p188:cm id="{11111111-0000-0000-0000-000000000002}" authorId="{11111111-0000-0000-0000-000000000003}" created="2024-05-08T09:00:00.000"><pc:sldMkLst xmlns:pc="http://schemas.microsoft.com/office/powerpoint/2013/main/command"><pc:docMk/><pc:sldMk cId="0" sldId="256"/></pc:sldMkLst><p188:txBody><a:bodyPr/><a:p><a:r><a:t>${MARK}</a:t></a:r></a:p></p188:txBody></p188:cm></p188:cmLst>`);
  addRel(f, 'ppt/slides/_rels/slide1.xml.rels', 'rIdMC', 'http://schemas.microsoft.com/office/2018/10/relationships/comments', '../comments/modernComment_100_0.xml');
  addType(f, 'ppt/comments/modernComment_100_0.xml', 'application/vnd.ms-powerpoint.comments+xml');
  add('pptx-modern-comment', 'the marking in a modern (threaded) comment on the slide', f);
  return out;
}

function rtfsMore(): Hostile[] {
  const u = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0) > 32767 ? c.charCodeAt(0) - 65536 : c.charCodeAt(0)}?`).join('');
  const gbk = (s: string) => [...iconv.encode(s, 'gbk')].map((b) => `\\'${b.toString(16)}`).join('');
  const doc = (body: string, head = '\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0 SimSun;}}') => enc.encode(`{\\rtf1${head}\\f0 ${u(BENIGN[0])}\\par ${body}\\par}`);
  const out: Hostile[] = [];
  const add = (name: string, what: string, bytes: Uint8Array) => out.push({ name: `${name}.rtf`, what, bytes });
  add('rtf-hidden-v', 'the marking in hidden text (\\v)', doc(`{\\v ${u(MARK)}}`));
  add('rtf-uc2-benign-fallback', 'the marking as \\u escapes whose two-byte fallbacks spell other characters', doc(`\\uc2 ${[...MARK].map((c, i) => `\\u${c.charCodeAt(0) > 32767 ? c.charCodeAt(0) - 65536 : c.charCodeAt(0)}${gbk('统计公开通知'[i] ?? '知')}`).join('')}\\uc1 `));
  add('rtf-upr-ud', 'the marking in the Unicode branch (\\ud) of \\upr, the ANSI branch benign', doc(`{\\upr{${gbk('通知通知')}}{\\*\\ud{${u(MARK)}}}}`));
  add('rtf-font-charset-gbk', 'GBK bytes in a font whose charset is 134 (GB2312), the document code page 1252', doc(`{\\f1 ${gbk(MARK)}}`, '\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Times New Roman;}{\\f1\\fcharset134 SimSun;}}'));
  add('rtf-shape-text', 'the marking in a text box shape (\\shptxt)', doc(`{\\shp{\\*\\shpinst\\shpleft0\\shptop0\\shpright4000\\shpbottom800{\\sp{\\sn shapeType}{\\sv 202}}{\\shptxt ${u(MARK)}\\par}}}`));
  add('rtf-wordart', 'the marking as WordArt text (shape property gtextUNICODE)', doc(`{\\shp{\\*\\shpinst\\shpleft0\\shptop0\\shpright4000\\shpbottom800{\\sp{\\sn shapeType}{\\sv 136}}{\\sp{\\sn gtextUNICODE}{\\sv ${u(MARK)}}}{\\sp{\\sn gtextFont}{\\sv SimSun}}}}`));
  add('rtf-bin-brace', 'a \\bin byte that is a brace, so the marking after it stands in the body, not in the ignored group', doc(`{\\*\\xyzdest\\bin1 {}${u(MARK)}`).slice());
  add('rtf-footnote', 'the marking in a footnote', doc(`${u('通知')}{\\super\\chftn}{\\footnote\\pard{\\super\\chftn} ${u(MARK)}}`));
  add('rtf-header', 'the marking in the page header', doc(`{\\header\\pard ${u(MARK)}\\par}`));
  add('rtf-annotation', 'the marking in a comment (annotation)', doc(`${u('通知')}{\\*\\atnid a}{\\*\\atnauthor a}\\chatn{\\*\\annotation\\pard ${u(MARK)}}`));
  add('rtf-list-text-before', 'the marking as the text a list level puts before its number (\\pntxtb)', doc(`{\\*\\pn\\pnlvlbody\\pndec{\\pntxtb ${u(MARK)}}}${u('通知')}`));
  return out;
}

/** A stored ZIP entry written by hand: name bytes as given, flags, extra field and comment. */
interface RawZipEntry { name: Uint8Array; data: Uint8Array; flags?: number; extra?: Uint8Array; comment?: Uint8Array; method?: number; size?: number }
function rawZip(entries: RawZipEntry[], comment = new Uint8Array(0)): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const crc = crc32(e.method === 8 ? new Uint8Array(inflateRawSync(e.data)) : e.data);
    const size = e.size ?? e.data.length;
    const extra = e.extra ?? new Uint8Array(0);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(e.flags ?? 0, 6);
    lh.writeUInt16LE(e.method ?? 0, 8);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(e.data.length, 18);
    lh.writeUInt32LE(size, 22);
    lh.writeUInt16LE(e.name.length, 26);
    lh.writeUInt16LE(extra.length, 28);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(e.flags ?? 0, 8);
    ch.writeUInt16LE(e.method ?? 0, 10);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(e.data.length, 20);
    ch.writeUInt32LE(size, 24);
    ch.writeUInt16LE(e.name.length, 28);
    ch.writeUInt16LE(extra.length, 30);
    ch.writeUInt16LE(e.comment?.length ?? 0, 32);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, e.name, extra, e.data);
    centrals.push(ch, e.name, extra, e.comment ?? new Uint8Array(0));
    offset += 30 + e.name.length + extra.length + e.data.length;
  }
  const cd = concat(...centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  end.writeUInt16LE(comment.length, 20);
  return concat(...locals, cd, end, comment);
}

function archives(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, bytes: Uint8Array) => out.push({ name, what, bytes });
  const body = enc.encode(`${BENIGN.join('\n')}\n`);
  const marked = enc.encode(`${MARK}\n${BENIGN.join('\n')}\n`);
  add('zip-gbk-entry-name.zip', 'the marking in an entry name written in GBK without the UTF-8 flag (as Chinese Windows writes them)', rawZip([{ name: new Uint8Array(iconv.encode(`${MARK}-通知.txt`, 'gbk')), data: body }]));
  const up = enc.encode(`${MARK}-通知.txt`);
  const upx = Buffer.alloc(9 + up.length);
  upx.writeUInt16LE(0x7075, 0);
  upx.writeUInt16LE(5 + up.length, 2);
  upx.writeUInt8(1, 4);
  upx.writeUInt32LE(crc32(enc.encode('notice.txt')), 5);
  upx.set(up, 9);
  add('zip-unicode-path-extra.zip', 'the marking in the Info-ZIP Unicode path extra field (0x7075), which unzip tools show in place of the plain name', rawZip([{ name: enc.encode('notice.txt'), data: body, extra: upx }]));
  add('zip-archive-comment.zip', 'the marking in the archive comment (shown by archive tools)', rawZip([{ name: enc.encode('notice.txt'), data: body }], enc.encode(`${MARK}\r\n`)));
  add('zip-entry-comment.zip', 'the marking in an entry comment', rawZip([{ name: enc.encode('notice.txt'), data: body, comment: enc.encode(MARK), flags: 0x800 }]));
  add('gzip-text.txt.gz', 'the marked notice as a gzip-compressed text file', new Uint8Array(gzipSync(marked)));
  add('gzip-text-name.gz', 'a gzip file whose stored original name carries the marking', (() => {
    const g = Buffer.from(gzipSync(body));
    const name = Buffer.concat([Buffer.from(iconv.encode(`${MARK}.txt`, 'gbk')), Buffer.from([0])]);
    g[3] |= 0x08;
    return new Uint8Array(Buffer.concat([g.subarray(0, 10), name, g.subarray(10)]));
  })());
  const tar = (name: string, data: Uint8Array) => {
    const h = Buffer.alloc(512);
    h.write(name, 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${data.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    const pad = Buffer.alloc((512 - (data.length % 512)) % 512);
    return Buffer.concat([h, data, pad, Buffer.alloc(1024)]);
  };
  add('tar-docx.tar', 'a marked DOCX inside a tar archive', new Uint8Array(tar('notice.docx', zip(docx(para(MARK))))));
  add('tar-gz-text.tar.gz', 'the marked notice as a text file in a gzip-compressed tar', new Uint8Array(gzipSync(tar('notice.txt', marked))));
  const z64 = Buffer.alloc(20);
  z64.writeUInt16LE(0x0001, 0);
  z64.writeUInt16LE(16, 2);
  z64.writeBigUInt64LE(BigInt(marked.length), 4);
  z64.writeBigUInt64LE(BigInt(marked.length), 12);
  add('zip-zip64-sizes.zip', 'an entry whose sizes stand in a ZIP64 extra field (0xFFFFFFFF in the headers)', (() => {
    const b = rawZip([{ name: enc.encode('notice.txt'), data: marked, extra: z64, flags: 0x800 }]);
    const v = Buffer.from(b);
    // Local header sizes and central directory sizes to 0xFFFFFFFF.
    v.writeUInt32LE(0xffffffff, 18);
    v.writeUInt32LE(0xffffffff, 22);
    const c = v.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    v.writeUInt32LE(0xffffffff, c + 20);
    v.writeUInt32LE(0xffffffff, c + 24);
    return new Uint8Array(v);
  })());
  add('zip-data-descriptor.zip', 'a deflated entry with a data descriptor and zero sizes in its local header', (() => {
    const d = new Uint8Array(deflateRawSync(marked));
    const b = Buffer.from(rawZip([{ name: enc.encode('notice.txt'), data: d, method: 8, size: marked.length, flags: 0x808 }]));
    // Zero the local header's CRC and sizes, insert a descriptor after the data and shift the central directory.
    const crc = b.readUInt32LE(14);
    b.writeUInt32LE(0, 14);
    b.writeUInt32LE(0, 18);
    b.writeUInt32LE(0, 22);
    const dataEnd = 30 + 'notice.txt'.length + d.length;
    const desc = Buffer.alloc(16);
    desc.writeUInt32LE(0x08074b50, 0);
    desc.writeUInt32LE(crc, 4);
    desc.writeUInt32LE(d.length, 8);
    desc.writeUInt32LE(marked.length, 12);
    const v = Buffer.concat([b.subarray(0, dataEnd), desc, b.subarray(dataEnd)]);
    v.writeUInt32LE(v.readUInt32LE(v.length - 6) + 16, v.length - 6);
    return new Uint8Array(v);
  })());
  return out;
}

function svgs(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, s: string | Uint8Array) => out.push({ name: name.endsWith('.svgz') ? name : `${name}.svg`, what, bytes: typeof s === 'string' ? enc.encode(s) : s });
  const svg = (inner: string, defs = '') => `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="600" height="200" viewBox="0 0 600 200">${defs}<text x="10" y="120" font-size="16">${BENIGN[0]}</text>${inner}</svg>\n`;
  add('svg-text', 'the marking in SVG text', svg(`<text x="10" y="30" font-size="20">${MARK}</text>`));
  add('svg-textpath', 'the marking along a text path', svg(`<text font-size="20"><textPath xlink:href="#p">${MARK}</textPath></text>`, '<defs><path id="p" d="M10 30 L400 30"/></defs>'));
  add('svg-use-defs', 'the marking defined once in <defs> and drawn by <use>', svg('<use xlink:href="#m" x="10" y="30"/>', `<defs><text id="m" font-size="20">${MARK}</text></defs>`));
  add('svg-symbol-use', 'the marking in a <symbol> drawn by <use>', svg('<use href="#m" x="10" y="10" width="300" height="40"/>', `<symbol id="m" viewBox="0 0 300 40"><text y="30" font-size="20">${MARK}</text></symbol>`));
  add('svg-foreign-object', 'the marking in HTML inside <foreignObject>', svg(`<foreignObject x="10" y="0" width="300" height="40"><div xmlns="http://www.w3.org/1999/xhtml">${MARK}</div></foreignObject>`));
  add('svg-bidi-override-attr', 'the marking stored reversed, shown in order by direction/unicode-bidi presentation attributes', svg(`<text x="300" y="30" font-size="20" direction="rtl" unicode-bidi="bidi-override">${rev(MARK)}</text>`));
  add('svg-tspan-x-order', 'the marking in <tspan>s positioned out of their order', svg(`<text y="30" font-size="20"><tspan x="50">★5年</tspan><tspan x="10">${L}</tspan></text>`));
  add('svg-nested-data-uri', 'the marking in an SVG embedded as a base64 data: URI <image>', svg(`<image x="0" y="0" width="300" height="40" xlink:href="data:image/svg+xml;base64,${Buffer.from(svg(`<text x="10" y="30">${MARK}</text>`)).toString('base64')}"/>`));
  add('svg-compressed.svgz', 'the marking in a gzip-compressed SVG (.svgz)', new Uint8Array(gzipSync(svg(`<text x="10" y="30" font-size="20">${MARK}</text>`))));
  add('svg-entity', 'the marking as an internal DTD entity expanded in <text>', `<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE svg [<!ENTITY lv "${MARK}">]>\n<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200"><text x="10" y="30">&lv;</text><text x="10" y="120">${BENIGN[0]}</text></svg>\n`);
  add('svg-cdata-style-content', 'the marking in a CSS ::before content rule of an SVG style sheet', `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200"><style><![CDATA[ text.m::before { content: "${MARK}" } ]]></style><text class="m" x="10" y="30"></text><text x="10" y="120">${BENIGN[0]}</text></svg>\n`);
  return out;
}

function msgs(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, m: MsgMessage) => out.push({ name: `${name}.msg`, what, bytes: msg(m) });
  const base = { subject: '培训通知', senderName: '统计局', recipients: [{ name: '各区统计局', address: 'a@example.org' }] };
  const rtfU = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0) > 32767 ? c.charCodeAt(0) - 65536 : c.charCodeAt(0)}?`).join('');
  add('msg-rtf-body-only', 'the marking only in the RTF body (PidTagRtfCompressed), the plain body benign', { ...base, body: BENIGN.join('\r\n'), rtfCompressed: uncompressedRtf(`{\\rtf1\\ansi\\ansicpg936\\fromtext\\deff0{\\fonttbl{\\f0 SimSun;}}\\f0 ${rtfU(MARK)}\\par ${rtfU(BENIGN.join(' '))}\\par}`) });
  add('msg-rtf-encapsulated-html', 'the marking in HTML encapsulated in the RTF body (\\fromhtml1, \\*\\htmltag), the plain body benign', { ...base, body: BENIGN.join('\r\n'), rtfCompressed: uncompressedRtf(`{\\rtf1\\ansi\\ansicpg936\\fromhtml1\\deff0{\\fonttbl{\\f0\\fmodern Courier;}}{\\*\\htmltag1 <html><body>}{\\*\\htmltag64 <p>}{\\*\\htmltag84 ${rtfU(MARK)}}\\htmlrtf {\\htmlrtf0 {\\*\\htmltag72 </p>}{\\*\\htmltag1 </body></html>}}`) });
  add('msg-html-unicode-property', 'the marking in the HTML body written as a Unicode string property (PidTagBodyHtml, 0x1013001F)', { ...base, body: BENIGN.join('\r\n'), extra: [[0x1013, { unicode: `<html><body><p>${MARK}</p></body></html>` }]] });
  add('msg-string8-gbk-no-codepage', 'the body as an 8-bit property in GBK, no code page property', { ...base, codepage: null, extra: [[0x1000, { string8: new Uint8Array(iconv.encode([MARK, ...BENIGN].join('\r\n'), 'gbk')) }]] });
  add('msg-attachment-display-name', 'the marking in an attachment whose long file name is benign, the content a marked text file', { ...base, body: BENIGN.join('\r\n'), attachments: [{ name: 'notice.txt', mime: 'text/plain', data: enc.encode(`${MARK}\r\n${BENIGN.join('\r\n')}\r\n`) }] });
  return out;
}

/** A PNG of 8-bit grey pixels (one IDAT), with `chunks` (type, data) before the image data. */
function png(img: { w: number; h: number; data: Uint8Array }, chunks: Array<[string, Uint8Array]> = []): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(concat(new Uint8Array(head.subarray(4)), data)) >>> 0, 0);
    return concat(new Uint8Array(head), data, new Uint8Array(crc));
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(img.w, 0);
  ihdr.writeUInt32BE(img.h, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const raw = new Uint8Array((img.w + 1) * img.h);
  for (let y = 0; y < img.h; y++) raw.set(img.data.subarray((img.h - 1 - y) * img.w, (img.h - y) * img.w), y * (img.w + 1) + 1);
  return concat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', new Uint8Array(ihdr)), ...chunks.map(([t, d]) => chunk(t, d)), chunk('IDAT', new Uint8Array(deflateSync(raw))), chunk('IEND', new Uint8Array(0)));
}

/** An uncompressed little-endian grey TIFF with extra ASCII or BYTE tags. */
function tiff(img: { w: number; h: number; data: Uint8Array }, tags: Array<[number, 1 | 2, Uint8Array]>): Uint8Array {
  const all: Array<[number, number, number, Uint8Array | number]> = [
    [256, 3, 1, img.w], [257, 3, 1, img.h], [258, 3, 1, 8], [259, 3, 1, 1], [262, 3, 1, 1], [273, 4, 1, 0], [277, 3, 1, 1], [278, 3, 1, img.h], [279, 4, 1, img.data.length],
    ...tags.map(([t, type, v]) => [t, type, v.length, v] as [number, number, number, Uint8Array]),
  ];
  all.sort((a, b) => a[0] - b[0]);
  const ifdSize = 2 + all.length * 12 + 4;
  let extra = 8 + ifdSize;
  const blobs: Uint8Array[] = [];
  const ifd = Buffer.alloc(ifdSize);
  ifd.writeUInt16LE(all.length, 0);
  const pixelsAt = extra + all.reduce((n, [, , , v]) => n + (v instanceof Uint8Array && v.length > 4 ? v.length : 0), 0);
  all.forEach(([tag, type, count, v], i) => {
    const e = 2 + i * 12;
    ifd.writeUInt16LE(tag, e);
    ifd.writeUInt16LE(type, e + 2);
    ifd.writeUInt32LE(count, e + 4);
    if (tag === 273) ifd.writeUInt32LE(pixelsAt, e + 8);
    else if (typeof v === 'number') (type === 3 ? ifd.writeUInt16LE(v, e + 8) : ifd.writeUInt32LE(v, e + 8));
    else if (v.length <= 4) ifd.set(v, e + 8);
    else {
      ifd.writeUInt32LE(extra, e + 8);
      blobs.push(v);
      extra += v.length;
    }
  });
  const flipped = new Uint8Array(img.data.length);
  for (let y = 0; y < img.h; y++) flipped.set(img.data.subarray((img.h - 1 - y) * img.w, (img.h - y) * img.w), y * img.w);
  return concat(new Uint8Array([0x49, 0x49, 42, 0, 8, 0, 0, 0]), new Uint8Array(ifd), ...blobs, flipped);
}

function images(): Hostile[] {
  const out: Hostile[] = [];
  const pic = blockLetters('CREST', 6);
  const z = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
  out.push({ name: 'image-png-itxt.png', what: 'the marking in a PNG iTXt chunk (UTF-8 text field), the pixels benign', bytes: png(pic, [['iTXt', concat(z('Title\0\0\0zh\0\0'), z(MARK))]]) });
  out.push({ name: 'image-png-ztxt.png', what: 'the marking in a compressed PNG text chunk (zTXt) as GBK bytes', bytes: png(pic, [['zTXt', concat(z('Comment\0\0'), new Uint8Array(deflateSync(iconv.encode(MARK, 'gbk'))))]]) });
  out.push({ name: 'image-tiff-xpcomment.tif', what: 'the marking in the Windows comment field of a TIFF (XPComment, UTF-16), the pixels benign', bytes: tiff(pic, [[0x9c9c, 1, new Uint8Array(iconv.encode(`${MARK}\0`, 'utf-16le'))]]) });
  out.push({ name: 'image-tiff-description.tif', what: 'the marking in the ImageDescription tag of a TIFF (UTF-8)', bytes: tiff(pic, [[0x010e, 2, z(`${MARK}\0`)]]) });
  return out;
}

function moreRound2(): Hostile[] {
  const out: Hostile[] = [];
  const fontRes = '/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >>';
  const addPdf = (name: string, what: string, bytes: Uint8Array) => out.push({ name: `${name}.pdf`, what, bytes });
  addPdf('pdf-link-appearance', 'a link annotation whose appearance stream draws the marking', pdf(benignText(), {
    page: '/Annots [7 0 R]',
    extra: ['<< /Type /Annot /Subtype /Link /Rect [60 780 300 820] /F 4 /Border [0 0 0] /A << /S /URI /URI (https://example.org/) >> /AP << /N 8 0 R >> >>', stream(`/Type /XObject /Subtype /Form /BBox [0 0 240 40] ${fontRes}`, enc.encode(cjk(MARK, 4, 12)))],
  }));
  addPdf('pdf-pushbutton-caption', 'a push button whose caption (/MK /CA) and appearance show the marking', pdf(benignText(), {
    page: '/Annots [7 0 R]',
    catalog: '/AcroForm << /Fields [7 0 R] >>',
    extra: [`<< /Type /Annot /Subtype /Widget /FT /Btn /Ff 65536 /T (b1) /Rect [60 780 300 820] /F 4 /P 3 0 R /MK << /CA <FEFF${ucs2(MARK)}> >> /AP << /N 8 0 R >> >>`, stream(`/Type /XObject /Subtype /Form /BBox [0 0 240 40] ${fontRes}`, enc.encode(cjk(MARK, 4, 12)))],
  }));
  addPdf('pdf-xmp-title-only', 'the marking only as the XMP dc:title a viewer shows in its title bar (DisplayDocTitle)', pdf(benignText(), {
    catalog: '/Metadata 7 0 R /ViewerPreferences << /DisplayDocTitle true >>',
    extra: [stream('/Type /Metadata /Subtype /XML', enc.encode(`<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${MARK}</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`))],
  }));
  addPdf('pdf-article-thread-title', 'the marking as the title of an article thread (shown in the Articles panel)', pdf(benignText(), {
    catalog: '/Threads [7 0 R]',
    extra: [`<< /Type /Thread /I << /Title <FEFF${ucs2(MARK)}> >> /F 8 0 R >>`, '<< /Type /Bead /T 7 0 R /N 8 0 R /V 8 0 R /P 3 0 R /R [60 60 535 780] >>'],
  }));

  const xbase = () => unzip(xlsx({ sheets: [{ name: '统计', rows: [['区', '人数'], ['东区', 12], ['西区', 9]] }] }));
  const addX = (name: string, what: string, f: Files) => out.push({ name: `${name}.xlsx`, what, bytes: zip(f) });
  const xstyles = (f: Files, numFmt: string) => {
    put(f, 'xl/styles.xml', `${DECL}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="${numFmt}"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`);
    addRel(f, 'xl/_rels/workbook.xml.rels', 'rIdSt', 'styles', 'styles.xml');
    addType(f, 'xl/styles.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml');
  };
  const sheet = 'xl/worksheets/sheet1.xml';
  let f = xbase();
  xstyles(f, `[$${L}★-804]0&quot;年&quot;`);
  put(f, sheet, text(f, sheet).replace('</sheetData>', '<row r="9"><c r="A9" s="1"><v>5</v></c></row></sheetData>'));
  addX('xlsx-numfmt-currency-text', 'a number format whose [$text-locale] currency block writes the level and ★ before the number 5', f);
  f = xbase();
  xstyles(f, `;;;&quot;${L}★&quot;@`);
  put(f, sheet, text(f, sheet).replace('</sheetData>', '<row r="9"><c r="A9" s="1" t="inlineStr"><is><t>5年</t></is></c></row></sheetData>'));
  addX('xlsx-numfmt-text-section', 'a number format whose text section puts the level and ★ before the text 5年', f);
  f = xbase();
  put(f, 'xl/charts/chart1.xml', `${DECL}<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${MARK}</a:t></a:r></a:p></c:rich></c:tx></c:title><c:plotArea><c:barChart><c:ser><c:val><c:numRef><c:f>统计!$B$2:$B$3</c:f></c:numRef></c:val></c:ser></c:barChart></c:plotArea></c:chart></c:chartSpace>`);
  put(f, 'xl/drawings/drawing1.xml', `${DECL}<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="${REL}"><xdr:twoCellAnchor><xdr:from><xdr:col>3</xdr:col><xdr:row>1</xdr:row></xdr:from><xdr:to><xdr:col>9</xdr:col><xdr:row>15</xdr:row></xdr:to><xdr:graphicFrame><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Chart 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId1"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>`);
  put(f, 'xl/drawings/_rels/drawing1.xml.rels', `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/chart" Target="../charts/chart1.xml"/></Relationships>`);
  addRel(f, 'xl/worksheets/_rels/sheet1.xml.rels', 'rIdD', 'drawing', '../drawings/drawing1.xml');
  put(f, sheet, text(f, sheet).replace('</worksheet>', '<drawing r:id="rIdD"/></worksheet>'));
  addType(f, 'xl/drawings/drawing1.xml', 'application/vnd.openxmlformats-officedocument.drawing+xml');
  addType(f, 'xl/charts/chart1.xml', 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml');
  addX('xlsx-chart-rich-title', 'the marking as the rich-text title of a chart on the sheet', f);
  const svgMark = `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40"><text x="0" y="30" font-size="24">${MARK}</text></svg>`;
  f = unzip(xlsx({ sheets: [{ name: '统计', rows: [['区', '人数'], ['东区', 12]], picture: { png: png(blockLetters('', 2)) } }] }));
  put(f, 'xl/media/image2.svg', svgMark);
  addRel(f, 'xl/drawings/_rels/drawing1.xml.rels', 'rIdSvg', 'image', '../media/image2.svg');
  addType(f, '.svg', 'image/svg+xml');
  put(f, 'xl/drawings/drawing1.xml', text(f, 'xl/drawings/drawing1.xml').replace('<a:blip r:embed="rIdI"/>', '<a:blip r:embed="rIdI"><a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}"><asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rIdSvg"/></a:ext></a:extLst></a:blip>'));
  addX('xlsx-svg-picture', 'the marking as text of an SVG picture (svgBlip), its PNG fallback blank', f);

  let p = unzip(pptx({ slides: [{ shapes: [{ text: BENIGN }, { picture: png(blockLetters('', 2)) }] }] }));
  const rels = 'ppt/slides/_rels/slide1.xml.rels';
  put(p, 'ppt/media/image9.svg', svgMark);
  addRel(p, rels, 'rIdSvg', 'image', '../media/image9.svg');
  addType(p, '.svg', 'image/svg+xml');
  put(p, 'ppt/slides/slide1.xml', text(p, 'ppt/slides/slide1.xml').replace(/<a:blip r:embed="([^"]+)"\/>/, '<a:blip r:embed="$1"><a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}"><asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" r:embed="rIdSvg"/></a:ext></a:extLst></a:blip>'));
  out.push({ name: 'pptx-svg-picture.pptx', what: 'the marking as text of an SVG picture (svgBlip), its PNG fallback blank', bytes: zip(p) });
  p = unzip(pptx({ slides: [{ shapes: [{ text: BENIGN }] }] }));
  put(p, 'ppt/slides/slide1.xml', text(p, 'ppt/slides/slide1.xml').replace('</p:spTree>', `<p:sp><p:nvSpPr><p:cNvPr id="40" name="Link"/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:rPr><a:hlinkClick r:id="" tooltip="${MARK}"/></a:rPr><a:t>详见附件</a:t></a:r></a:p></p:txBody></p:sp></p:spTree>`));
  out.push({ name: 'pptx-hyperlink-tooltip.pptx', what: 'the marking as the screen tip of a hyperlink', bytes: zip(p) });

  const svgDoc = (inner: string, defs = '') => `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200">${defs}<text x="10" y="120">${BENIGN[0]}</text>${inner}</svg>\n`;
  out.push({ name: 'svg-clip-path-text.svg', what: 'the marking as the glyph outlines of a clipping path that a filled rectangle shows', bytes: enc.encode(svgDoc('<rect x="0" y="0" width="400" height="60" fill="black" clip-path="url(#c)"/>', `<defs><clipPath id="c"><text x="10" y="40" font-size="30">${MARK}</text></clipPath></defs>`)) });
  out.push({ name: 'svg-pattern-text.svg', what: 'the marking in the tile of a pattern that fills a rectangle', bytes: enc.encode(svgDoc('<rect x="0" y="0" width="300" height="50" fill="url(#p)"/>', `<defs><pattern id="p" width="300" height="50" patternUnits="userSpaceOnUse"><text x="5" y="35" font-size="24">${MARK}</text></pattern></defs>`)) });
  out.push({ name: 'svg-utf16.svg', what: 'an SVG document in UTF-16LE with a byte order mark', bytes: concat(new Uint8Array([0xff, 0xfe]), new Uint8Array(iconv.encode(svgDoc(`<text x="10" y="30">${MARK}</text>`), 'utf-16le'))) });
  out.push({ name: 'svg-set-display.svg', what: 'the marking hidden (display none) and shown by an animation at load', bytes: enc.encode(svgDoc(`<text x="10" y="30" display="none">${MARK}<set attributeName="display" to="inline" begin="0s"/></text>`)) });
  return out;
}

function moreRound3(): Hostile[] {
  const out: Hostile[] = [];
  out.push({ name: 'pdf-redact-overlay-text.pdf', what: 'a redaction annotation whose overlay text (/OverlayText) is the marking', bytes: pdf(benignText(), {
    page: '/Annots [7 0 R]',
    extra: [`<< /Type /Annot /Subtype /Redact /Rect [60 780 300 820] /F 4 /QuadPoints [60 820 300 820 60 780 300 780] /OverlayText <FEFF${ucs2(MARK)}> /Repeat false /DA (/F1 14 Tf 0 g) >>`],
  }) });
  out.push({ name: 'pdf-stamp-standard-name.pdf', what: 'a stamp annotation without appearance whose standard name (/Name /TopSecret) a viewer draws as the banner', bytes: pdf(benignText(), {
    page: '/Annots [7 0 R]',
    extra: [`<< /Type /Annot /Subtype /Stamp /Rect [60 760 300 820] /F 4 /Name /${BANNER.startsWith('TOP') ? 'TopSecret' : 'Draft'} >>`],
  }) });
  const u = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0) > 32767 ? c.charCodeAt(0) - 65536 : c.charCodeAt(0)}?`).join('');
  const level = `{\\listlevel\\levelnfc23\\leveljc0\\levelfollow0\\levelstartat1{\\leveltext\\'0${MARK.length.toString(16)}${u(MARK)};}{\\levelnumbers;}\\fi-360\\li360}`;
  out.push({ name: 'rtf-list-leveltext.rtf', what: 'the marking as the bullet text of a list level (\\leveltext), the paragraph carrying no cached \\listtext', bytes: enc.encode(`{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0 SimSun;}}{\\*\\listtable{\\list\\listtemplateid1\\listsimple${level}{\\listname ;}\\listid1}}{\\*\\listoverridetable{\\listoverride\\listid1\\listoverridecount0\\ls1}}\\f0 {\\pard\\ls1\\ilvl0 ${u(BENIGN[0])}\\par}${u(BENIGN[1])}\\par}`) });
  return out;
}

/** Constructions that still pass, with the reason; each is a leak to close. */
const OPEN: Record<string, string> = {
};

/** Every hostile construction, in a fixed order. */
export function hostileInputs(level = '机密', banner = 'TOP SECRET//NOFORN'): Hostile[] {
  L = level;
  MARK = `${L}★5年`;
  BANNER = banner;
  const all = [...pdfs(), ...pdfsMore(), ...docxs(), ...xlsxs(), ...xlsxsMore(), ...pptxs(), ...pptxsMore(), ...htmls(), ...rtfs(), ...rtfsMore(), ...texts(), ...emls(), ...archives(), ...svgs(), ...msgs(), ...images(), ...moreRound2(), ...moreRound3(), ...unreadElements(), ...mailWords(), ...htmlLayouts(), ...mailAddressesAndTnef(), ...passedOver(), ...tarGzipPolyglots(), ...archivesAndSniffing(), ...pdfLegacyStrings(), ...pdfOutsideBytes(), ...fieldNamesAndHeaderComments(), ...storedCompressors(), ...redTeamPlaces(), ...formsAndPlaces()];
  return all.map((h) => (OPEN[h.name] ? { ...h, open: OPEN[h.name] } : h));
}

// ---------------------------------------------------------------- e-mail parts and words, HTML layout, 7-bit text

/** E-mail attachments and header words in charsets a mail program decodes but a MIME parser may not. */
function mailWords(): Hostile[] {
  const out: Hostile[] = [];
  const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64');
  const hzText = `~{${hz(L)}~}~{${hz('★')}~}5~{${hz('年')}~}`;
  const head = (subject = '=?utf-8?B?' + b64('培训通知') + '?=', from = 'a@example.org') => `From: ${from}\r\nTo: b@example.org\r\nSubject: ${subject}\r\nDate: Mon, 6 May 2024 09:00:00 +0800\r\nMIME-Version: 1.0\r\n`;
  const plain = `Content-Type: text/plain; charset=utf-8\r\n\r\n${BENIGN.join('\r\n')}\r\n`;
  const mixed = (part: string, h = head()) => `${h}Content-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\n${plain}--b\r\n${part}\r\n--b--\r\n`;
  const add = (name: string, what: string, s: string) => out.push({ name: `${name}.eml`, what, bytes: enc.encode(s) });
  add('eml-attachment-utf7', 'a text/plain attachment in charset utf-7', mixed(`Content-Type: text/plain; charset=utf-7; name="n.txt"\r\nContent-Disposition: attachment; filename="n.txt"\r\n\r\n${utf7(MARK)}\r\n`));
  add('eml-attachment-hz-html', 'a base64 text/html attachment in charset hz-gb-2312', mixed(`Content-Type: text/html; charset=hz-gb-2312; name="n.html"\r\nContent-Disposition: attachment; filename="n.html"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(`<p>${hzText}</p>`)}\r\n`));
  add('eml-subject-utf7-word', 'the marking as the subject in a UTF-7 encoded word split in two', `${head(`=?utf-7?B?${b64(utf7(MARK).slice(0, 5))}?=\r\n =?utf-7?Q?${utf7(MARK).slice(5).replace(/[=?_]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase()}`)}?=`)}${plain}`);
  add('eml-from-hz-word', 'the marking as the sender\'s display name in an HZ encoded word', `${head(undefined, `=?hz-gb-2312?B?${b64(hzText)}?= <a@example.org>`)}${plain}`);
  add('eml-filename-utf7-word', 'the marking as an attachment file name in a UTF-7 encoded word', mixed(`Content-Type: application/octet-stream; name="=?utf-7?B?${b64(utf7(MARK))}?=.bin"\r\nContent-Disposition: attachment; filename="=?utf-7?B?${b64(utf7(MARK))}?=.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(new Uint8Array([0, 1, 2, 3]))}\r\n`));
  add('eml-attachment-unknown-charset', 'an attachment in a charset no decoder knows', mixed(`Content-Type: text/plain; charset=x-private-cjk; name="n.txt"\r\nContent-Disposition: attachment; filename="n.txt"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(new Uint8Array(iconv.encode(MARK, 'gbk')).map((b) => b ^ 0x20))}\r\n`));
  add('eml-subject-unknown-word', 'the subject in an encoded word of a charset no decoder knows', `${head(`=?x-private-cjk?B?${b64(new Uint8Array(iconv.encode(MARK, 'gbk')).map((b) => b ^ 0x20))}?=`)}${plain}`);
  add('eml-cte-typo', 'the body in base64 under a misspelt transfer encoding (base-64)', `${head()}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base-64\r\n\r\n${b64([MARK, ...BENIGN].join('\n'))}\r\n`);
  add('eml-filename-2231-utf7', 'the marking as an RFC 2231 attachment file name in charset utf-7', mixed(`Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=utf-7''${encodeURIComponent(utf7(MARK))}.bin\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(new Uint8Array([0, 1, 2, 3]))}\r\n`));
  add('eml-description-utf7', 'the marking as an attachment description in a UTF-7 encoded word', mixed(`Content-Type: application/octet-stream; name="a.bin"\r\nContent-Description: =?utf-7?B?${b64(utf7(MARK))}?=\r\nContent-Disposition: attachment; filename="a.bin"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(new Uint8Array([0, 1, 2, 3]))}\r\n`));
  const nest = (inner: string, depth: number): string => (depth === 0 ? inner : `${head()}Content-Type: multipart/mixed; boundary="n${depth}"\r\n\r\n--n${depth}\r\n${plain}--n${depth}\r\nContent-Type: message/rfc822\r\n\r\n${nest(inner, depth - 1)}\r\n--n${depth}--\r\n`);
  add('eml-nested-rfc822-3', 'the marking in a base64 body of a message attached three levels deep', nest(`${head()}Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(`${MARK}\n${BENIGN[1]}`)}\r\n`, 3));
  return out;
}

/** HTML whose layout shows the marking in another order than the source holds it. */
function htmlLayouts(): Hostile[] {
  const page = (head: string, body: string) => enc.encode(`<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>统计业务培训</title>${head}</head><body>${BENIGN.map((l) => `<p>${l}</p>`).join('')}${body}</body></html>\n`);
  const [a, b] = [L, '★5年'];
  return [
    ['html-fixed-top-left', 'the marking in fixed boxes placed by top and left, written last part first', page('', `<div><span style="position:fixed;top:10px;left:4em">${b}</span><span style="position:fixed;top:10px;left:0">${a}</span></div>`)],
    ['html-absolute-stylesheet', 'the marking in boxes placed by style sheet rules with :nth-child', page('<style>.k>span{position:absolute;top:0}.k span:nth-child(1){left:60px}.k span:nth-child(2){left:0}</style>', `<div class="k"><span>${b}</span><span>${a}</span></div>`)],
    ['html-flex-order', 'the marking in flex items reordered by order', page('', `<div style="display:flex"><span style="order:2">${b}</span><span style="order:1">${a}</span></div>`)],
    ['html-grid-columns', 'the marking in grid items placed by column lines', page('', `<div style="display:grid;grid-template-columns:auto auto"><span style="grid-column:2">${b}</span><span style="grid-column:1">${a}</span></div>`)],
    ['html-float-right', 'the marking in spans floated right, written in reverse', page('', `<div>${[...MARK].map((c) => `<span style="float:right">${c}</span>`).reverse().join('')}</div>`)],
    ['html-relative-offsets', 'the marking in spans swapped by relative offsets', page('', `<p><span style="position:relative;left:3em">${b}</span><span style="position:relative;left:-4em">${a}</span></p>`)],
    ['html-transform-swap', 'the marking in inline blocks swapped by translateX', page('', `<p><span style="display:inline-block;transform:translateX(2em)">${b}</span><span style="display:inline-block;transform:translateX(-3em)">${a}</span></p>`)],
    ['html-calc-offsets', 'the marking in boxes placed by calc() offsets', page('', `<div><span style="position:absolute;left:calc(2em + 10px)">${b}</span><span style="position:absolute;left:calc(0px)">${a}</span></div>`)],
    ['html-table-rtl', 'the marking in the cells of a right-to-left table row, written last part first', page('', `<table dir="rtl"><tr><td>${b}</td><td>${a}</td></tr></table>`)],
    ['html-flex-row-reverse-words', 'the marking in two multi-character flex items shown by row-reverse', page('', `<div style="display:flex;flex-direction:row-reverse"><span>${b}</span><span>${a}</span></div>`)],
    ['html-svg-dx-swap', 'the marking in SVG tspans swapped by dx shifts', page('', `<svg width="300" height="40"><text y="30"><tspan dx="60">${b}</tspan><tspan dx="-120">${a}</tspan></text></svg>`)],
    ['html-css-background-svg', 'the marking drawn by an SVG background given as a data: URI', page('', `<div style="width:300px;height:40px;background-image:url('data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40"><text x="0" y="30">${MARK}</text></svg>`).toString('base64')}')"></div>`)],
    ['html-srcset-svg', 'the marking in an SVG picture given only in srcset', page('', `<img alt="" srcset="data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40"><text x="0" y="30">${MARK}</text></svg>`).toString('base64')} 1x">`)],
    ['html-link-css-data', 'the marking as generated content of a style sheet linked as a data: URI', page(`<link rel="stylesheet" href="data:text/css;base64,${Buffer.from(`.m::before{content:"${MARK}"}`).toString('base64')}">`, '<div class="m"></div>')],
    ['html-import-css-data', 'the marking as generated content of a style sheet @imported as a data: URI', page(`<style>@import url("data:text/css;base64,${Buffer.from(`.m::before{content:"${MARK}"}`).toString('base64')}");</style>`, '<div class="m"></div>')],
  ].map(([name, what, bytes]) => ({ name: `${name as string}.html`, what: what as string, bytes: bytes as Uint8Array }));
}

// ---------------------------------------------------------------- e-mail address headers, TNEF

/**
 * The marking in an address header's comment (which the MIME parser drops) or display name, in an
 * Outlook message's sender name and transport headers; and in a TNEF stream (winmail.dat) — its
 * body, its compressed RTF body only, an attachment inside it, an attachment's name, a message
 * embedded in it — bare, attached to an e-mail or to an Outlook message.
 */
function mailAddressesAndTnef(): Hostile[] {
  const out: Hostile[] = [];
  const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64');
  const mail = (headers: string) => enc.encode(`${headers}\r\nSubject: =?utf-8?B?${b64('培训通知')}?=\r\nDate: Mon, 6 May 2024 09:00:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${BENIGN.join('\r\n')}\r\n`);
  const add = (name: string, what: string, bytes: Uint8Array) => out.push({ name, what, bytes });
  add('eml-from-comment.eml', 'the marking in a comment after the sender\'s display name, 8-bit UTF-8', mail(`From: 办公室 (${MARK}) <office@example.cn>\r\nTo: b@example.org`));
  add('eml-from-comment-encoded.eml', 'the marking as an RFC 2047 encoded word inside a comment of the From header', mail(`From: =?utf-8?B?${b64('办公室')}?= (=?utf-8?B?${b64(MARK)}?=) <office@example.cn>\r\nTo: b@example.org`));
  add('eml-to-trailing-comment.eml', 'the marking in a comment after a recipient\'s angle address', mail(`From: a@example.org\r\nTo: =?utf-8?B?${b64('各区统计局')}?= <b@example.org> (${MARK})`));
  add('eml-cc-comment-in-angle.eml', 'the marking in a comment inside a Cc angle address', mail(`From: a@example.org\r\nTo: b@example.org\r\nCc: =?utf-8?B?${b64('市局办公室')}?= <c@example.org (${MARK})>`));
  const base = { subject: '培训通知', body: BENIGN.join('\r\n') };
  add('msg-sender-name-comment.msg', 'the marking in brackets after the sender\'s display name of an Outlook message', msg({ ...base, senderName: `办公室（${MARK}）`, recipients: [{ name: '各区统计局', address: 'a@example.org' }] }));
  add('msg-transport-from-comment.msg', 'the marking in a comment of the From line of an Outlook message\'s transport headers, the names benign', msg({ ...base, senderName: '办公室', recipients: [{ name: '各区统计局', address: 'a@example.org' }], transportHeaders: `From: =?utf-8?B?${b64('办公室')}?= <office@example.cn> (=?utf-8?B?${b64(MARK)}?=)\r\nTo: a@example.org\r\nSubject: =?utf-8?B?${b64('培训通知')}?=\r\n` }));
  // TNEF (winmail.dat): bare, attached to an e-mail, attached to an Outlook message.
  const gbk = (x: string) => new Uint8Array(iconv.encode(x, 'gbk'));
  const rtfU = (x: string) => [...x].map((c) => `\\u${c.charCodeAt(0) > 32767 ? c.charCodeAt(0) - 65536 : c.charCodeAt(0)}?`).join('');
  const withTnef = (t: Uint8Array) => enc.encode(`From: a@example.org\r\nTo: b@example.org\r\nSubject: =?utf-8?B?${b64('培训通知')}?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${BENIGN.join('\r\n')}\r\n--b\r\nContent-Type: application/ms-tnef; name="winmail.dat"\r\nContent-Disposition: attachment; filename="winmail.dat"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(t).replace(/.{76}/g, '$&\r\n')}\r\n--b--\r\n`);
  add('tnef-body-gbk.dat', 'the marking in the attBody of a bare TNEF stream, in code page 936', tnef({ codepage: 936, subject: gbk('培训通知'), body: gbk([MARK, ...BENIGN].join('\r\n')) }));
  add('eml-tnef-rtf-only.eml', 'the marking only in the compressed RTF body (PR_RTF_COMPRESSED) of a winmail.dat, its plain body benign', withTnef(tnef({ subject: '培训通知', body: BENIGN.join('\r\n'), props: [[0x1009, { binary: uncompressedRtf(`{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0 SimSun;}}\\f0 ${rtfU(MARK)}\\par ${rtfU(BENIGN.join(' '))}\\par}`) }]] })));
  add('eml-tnef-attachment.eml', 'the marking in a text file attached inside a winmail.dat', withTnef(tnef({ subject: '培训通知', body: BENIGN.join('\r\n'), attachments: [{ title: 'notice.txt', data: enc.encode(`${MARK}\r\n${BENIGN.join('\r\n')}\r\n`), props: [[0x3707, { unicode: 'notice.txt' }]] }] })));
  add('eml-tnef-attachment-name.eml', 'the marking as the long file name (PR_ATTACH_LONG_FILENAME) of an attachment inside a winmail.dat', withTnef(tnef({ subject: '培训通知', body: BENIGN.join('\r\n'), attachments: [{ title: 'notice.txt', data: enc.encode(`${BENIGN.join('\r\n')}\r\n`), props: [[0x3707, { unicode: `${MARK}.txt` }]] }] })));
  add('msg-tnef-embedded-message.msg', 'the marking in the body of a message embedded (PR_ATTACH_DATA_OBJ) in a winmail.dat attached to an Outlook message', msg({ ...base, senderName: '办公室', attachments: [{ name: 'winmail.dat', mime: 'application/ms-tnef', data: tnef({ subject: '培训通知', body: BENIGN.join('\r\n'), attachments: [{ props: [[0x3001, { unicode: '转发' }], [0x3701, { object: { iid: IID_IMESSAGE, data: tnef({ subject: '转发', body: [MARK, ...BENIGN].join('\r\n') }) } }]] }] }) }] }));
  return out;
}

// ---------------------------------------------------------------- what a reader passes over that a viewer shows

/**
 * Text a viewer shows that a reader passed over or counted as read elsewhere. A marking split over
 * elements no reader knows, each piece three characters or more and each also shown, verbatim, as
 * read text of the same part — before or after the hidden copy, in a sentence quoting the whole
 * marking or in sentences of their own: every piece alone stands in the reading, only the pieces
 * side by side, as a viewer shows them, make the marking. A SmartArt diagram whose cached drawing
 * (what viewers draw) says other than its data.
 */
function passedOver(): Hostile[] {
  const out: Hostile[] = [];
  const X = 'xmlns:x="urn:example:extension"';
  const add = (name: string, what: string, f: Files) => out.push({ name: `${name}.docx`, what, bytes: zip(f) });
  const quote = (m: string) => para(`密级标志的写法如「${m}」，本文件不得标注。`);
  const [a, b] = [`${L}★`, '5年内'];
  add('docx-split-pieces-quote-after', 'the marking in two foreign elements of three characters each, a later sentence quoting it whole', docx(`<w:p ${X}><x:a>${a}</x:a><x:b>${b}</x:b></w:p>${quote(a + b)}`));
  add('docx-whole-quote-after', 'the marking in one foreign element, a later sentence quoting it whole', docx(`<w:p ${X}><x:a>${MARK}</x:a></w:p>${quote(MARK)}`));
  // Cut before the star: neither piece alone is a marking, and each stands in the reading.
  const [c, d] = [`文件${L}`, '★5年'];
  const cut = `<w:p ${X}><x:a>${c}</x:a><x:b>${d}</x:b></w:p>`;
  add('docx-cut-pieces-quote-before', 'the marking line cut before the star over two foreign elements, an earlier sentence quoting it whole', docx(`${quote(c + d)}${cut}`));
  add('docx-cut-pieces-quote-after', 'the same, the sentence quoting it after', docx(`${cut}${quote(c + d)}`));
  add('docx-cut-pieces-apart', 'the marking line cut before the star over two foreign elements, each piece also in a sentence of its own', docx(`${para(`说明${c}等事项`)}${para(`期限${d}以上`)}${cut}`));
  // The same in a spreadsheet's shared strings and a slide.
  const xq = unzip(xlsx({ sheets: [{ name: '统计', rows: [['区', '人数'], [`密级标志的写法如「${c}${d}」`, 1]] }] }));
  put(xq, 'xl/sharedStrings.xml', text(xq, 'xl/sharedStrings.xml').replace('</sst>', `<si><r><x:a ${X}>${c}</x:a></r><r><x:b ${X}>${d}</x:b></r></si></sst>`));
  out.push({ name: 'xlsx-cut-pieces-shared-string.xlsx', what: 'a shared string whose two runs are foreign elements holding the cut marking, another string quoting it', bytes: zip(xq) });

  // SmartArt: the data model benign, the cached drawing (dsp:drawing, what viewers without the layout engine draw) marked.
  let f = docx('<w:p><w:r><w:drawing><wp:inline><wp:extent cx="5000000" cy="3000000"/><wp:docPr id="1" name="Diagram 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/diagram"><dgm:relIds xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" r:dm="rIdD" r:lo="rIdL" r:qs="rIdQ" r:cs="rIdS"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>');
  put(f, 'word/diagrams/data1.xml', `${DECL}<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt modelId="{1}" type="doc"><dgm:t><a:bodyPr/><a:p><a:r><a:t>一月</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst><dgm:extLst><a:ext uri="http://schemas.microsoft.com/office/drawing/2008/diagram"><dsp:dataModelExt xmlns:dsp="http://schemas.microsoft.com/office/drawing/2008/diagram" relId="rIdR"/></a:ext></dgm:extLst></dgm:dataModel>`);
  put(f, 'word/diagrams/drawing1.xml', `${DECL}<dsp:drawing xmlns:dsp="http://schemas.microsoft.com/office/drawing/2008/diagram" xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dsp:spTree><dsp:nvGrpSpPr><dsp:cNvPr id="0" name=""/><dsp:cNvGrpSpPr/></dsp:nvGrpSpPr><dsp:grpSpPr/><dsp:sp modelId="{2}"><dsp:nvSpPr><dsp:cNvPr id="0" name=""/><dsp:cNvSpPr/></dsp:nvSpPr><dsp:spPr/><dsp:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:rPr lang="zh-CN"/><a:t>${MARK}</a:t></a:r></a:p></dsp:txBody></dsp:sp></dsp:spTree></dsp:drawing>`);
  addRel(f, DOCREL, 'rIdD', 'diagramData', 'diagrams/data1.xml');
  addRel(f, DOCREL, 'rIdR', 'http://schemas.microsoft.com/office/2007/relationships/diagramDrawing', 'diagrams/drawing1.xml');
  addType(f, 'word/diagrams/data1.xml', 'application/vnd.openxmlformats-officedocument.drawingml.diagramData+xml');
  addType(f, 'word/diagrams/drawing1.xml', 'application/vnd.ms-office.drawingml.diagramDrawing+xml');
  add('docx-smartart-drawing-cache', 'a SmartArt diagram whose data says 一月 and whose cached drawing shows the marking', f);

  // HTML whose layout shows the marking in another order than the source and a partial layout model hold it.
  const page = (head: string, body: string) => enc.encode(`<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>统计业务培训</title>${head}</head><body>${BENIGN.map((l) => `<p>${l}</p>`).join('')}${body}</body></html>\n`);
  const [lv, rest] = [L, '★5年'];
  const html = (name: string, what: string, bytes: Uint8Array) => out.push({ name: `${name}.html`, what, bytes });
  html('html-flex-order-row-reverse', 'flex items ordered by order and then laid out by row-reverse', page('', `<div style="display:flex;flex-direction:row-reverse"><span style="order:2">${rest}</span><span style="order:1">通知</span><span style="order:3">${lv}</span></div>`));
  html('html-specificity-order', 'flex items whose order comes from the more specific of two rules, the less specific written last', page('<style>div#k > span.b{order:3} .b{order:1}</style>', `<div id="k" style="display:flex"><span class="b">${rest}</span><span style="order:2">${lv}</span></div>`));
  html('html-vertical-rl-absolute', 'columns of vertical text placed by left, read right to left', page('', `<div style="writing-mode:vertical-rl;position:relative;height:10em"><span style="position:absolute;left:0">${rest}</span><span style="position:absolute;left:2em">${lv}</span></div>`));

  // Word: a legacy drop-down form field shows its selected entry; no run holds that text.
  const dropdown = (entries: string[], chosen: number) => `<w:p><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Dropdown1"/><w:enabled/><w:calcOnExit w:val="0"/><w:ddList><w:result w:val="${chosen}"/>${entries.map((e) => `<w:listEntry w:val="${e}"/>`).join('')}</w:ddList></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`;
  const first = (body: string): Files => {
    const g = docx('');
    put(g, 'word/document.xml', text(g, 'word/document.xml').replace('<w:body>', `<w:body>${body}`));
    return g;
  };
  add('docx-formdropdown-banner', 'a drop-down form field, the first line of the document, whose selected entry is the banner', first(dropdown(['UNCLASSIFIED', BANNER], 1)));

  // OpenDocument: a drop-down field shows its selected label (an attribute); the body quotes the marking, so the
  // attribute's text stands in the reading, though the quotation is already what answers for it.
  const ODT_NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"';
  const odtWith = (inner: string): Uint8Array => {
    const g: Files = new Map();
    put(g, 'mimetype', 'application/vnd.oasis.opendocument.text');
    put(g, 'META-INF/manifest.xml', `${DECL}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`);
    put(g, 'content.xml', `${DECL}<office:document-content ${ODT_NS}><office:body><office:text>${inner}${BENIGN.map((l) => `<text:p>${l}</text:p>`).join('')}<text:p>密级标志的写法如「${MARK}」，本文件不得标注。</text:p></office:text></office:body></office:document-content>`);
    return zip(g);
  };
  out.push({ name: 'odt-dropdown-label-quoted.odt', what: 'a drop-down field whose selected label is the marking, with no content, while the body quotes the marking', bytes: odtWith(`<text:p><text:drop-down text:name="级别"><text:label text:value="公开" text:current-selected="false"/><text:label text:value="${MARK}" text:current-selected="true"/></text:drop-down></text:p>`) });
  out.push({ name: 'odt-link-title-banner.odt', what: 'the banner as the title (screen tip) of a link', bytes: odtWith(`<text:p><text:a xmlns:xlink="http://www.w3.org/1999/xlink" xlink:type="simple" xlink:href="#a" office:title="${BANNER}">详见附件</text:a></text:p>`) });
  // Spreadsheet: the screen tip of a cell link, shown on hover.
  const xh = unzip(xlsx({ sheets: [{ name: '统计', rows: [['区', '人数'], ['东区', 12]] }] }));
  put(xh, 'xl/worksheets/sheet1.xml', text(xh, 'xl/worksheets/sheet1.xml').replace('</worksheet>', `<hyperlinks><hyperlink ref="A2" location="'统计'!A1" tooltip="${BANNER}" display="东区"/></hyperlinks></worksheet>`));
  out.push({ name: 'xlsx-link-tooltip-banner.xlsx', what: 'the banner as the screen tip of a cell link', bytes: zip(xh) });
  const pt = unzip(pptx({ slides: [{ shapes: [{ text: BENIGN }] }] }));
  put(pt, 'ppt/slides/slide1.xml', text(pt, 'ppt/slides/slide1.xml').replace('</p:spTree>', `<p:sp><p:nvSpPr><p:cNvPr id="40" name="Link"><a:hlinkClick r:id="" tooltip="${BANNER}"/></p:cNvPr><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:rPr><a:hlinkClick r:id="" tooltip="${BANNER}"/></a:rPr><a:t>详见附件</a:t></a:r></a:p></p:txBody></p:sp></p:spTree>`));
  out.push({ name: 'pptx-link-tooltip-banner.pptx', what: 'the banner as the screen tip of a link on a slide and of the shape itself', bytes: zip(pt) });
  // Word: words a viewer shows outside the text flow — a link's tooltip on hover, a table's title, a content control's title tab.
  add('docx-hyperlink-tooltip-banner', 'the banner as the tooltip of a link in the first line', first(`<w:p><w:hyperlink w:anchor="a" w:tooltip="${BANNER}"><w:r><w:t>通知</w:t></w:r></w:hyperlink></w:p>`));
  add('docx-table-caption-banner', 'the banner as the title and description (alternative text) of a table', first(`<w:tbl><w:tblPr><w:tblCaption w:val="${BANNER}"/><w:tblDescription w:val="${BANNER}"/></w:tblPr><w:tr><w:tc><w:p><w:r><w:t>通知</w:t></w:r></w:p></w:tc></w:tr></w:tbl>`));
  add('docx-sdt-title-banner', 'the banner as the title of a content control showing its placeholder', first(`<w:sdt><w:sdtPr><w:alias w:val="${BANNER}"/><w:showingPlcHdr/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>Click here</w:t></w:r></w:p></w:sdtContent></w:sdt>`));
  return out;
}

/** Builders shared by the archive constructions. */
/** The benign PDF with its cross-reference offsets moved by `base`, for where it will stand in the file. */
const benignPdfAt = (base: number): Uint8Array => {
  const t = Buffer.from(pdf(benignText())).toString('latin1').replace(/^(\d{10}) 00000 n $/gm, (_, o: string) => `${String(Number(o) + base).padStart(10, '0')} 00000 n `).replace(/startxref\n(\d+)/, (_, o: string) => `startxref\n${Number(o) + base}`);
  return new Uint8Array(Buffer.from(t, 'latin1'));
};
const octal = (n: number, width: number) => `${n.toString(8).padStart(width - 1, '0')}\0`;
/** One ustar header block and the member's data padded to whole blocks. */
const ustarMember = (name: Uint8Array | string, data: Uint8Array, type = '0', linkname = ''): Buffer => {
  const h = Buffer.alloc(512);
  h.set(typeof name === 'string' ? enc.encode(name).subarray(0, 100) : name.subarray(0, 100), 0);
  h.write(octal(0o644, 8), 100);
  h.write(octal(0, 8), 108);
  h.write(octal(0, 8), 116);
  h.write(octal(data.length, 12), 124);
  h.write(octal(1715126400, 12), 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.set(enc.encode(linkname).subarray(0, 100), 157);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return Buffer.concat([h, data, Buffer.alloc((512 - (data.length % 512)) % 512)]);
};
/** A 7z archive that stores each file uncompressed (Copy coder, one folder a file), its header plain. */
const storedSevenZip = (files: Array<[string, Uint8Array]>): Uint8Array => {
  const num = (n: number): number[] => (n < 0x80 ? [n] : n < 0x4000 ? [0x80 | (n >> 8), n & 0xff] : [0xc0 | (n >> 16), n & 0xff, (n >> 8) & 0xff]);
  const names = Buffer.concat(files.map(([n]) => Buffer.from(`${n}\0`, 'utf16le')));
  const header = Buffer.from([
    0x01, 0x04,
    0x06, 0x00, ...num(files.length), 0x09, ...files.flatMap(([, d]) => num(d.length)), 0x00,
    0x07, 0x0b, ...num(files.length), 0x00, ...files.flatMap(() => [0x01, 0x01, 0x00]), 0x0c, ...files.flatMap(([, d]) => num(d.length)), 0x00,
    0x00,
    0x05, ...num(files.length), 0x11, ...num(names.length + 1), 0x00, ...names, 0x00,
    0x00,
  ]);
  const data = Buffer.concat(files.map(([, d]) => Buffer.from(d)));
  const start = Buffer.alloc(32);
  start.set([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]);
  start.writeBigUInt64LE(BigInt(data.length), 12);
  start.writeBigUInt64LE(BigInt(header.length), 20);
  start.writeUInt32LE(crc32(new Uint8Array(header)) >>> 0, 28);
  start.writeUInt32LE(crc32(new Uint8Array(start.subarray(12, 32))) >>> 0, 8);
  return new Uint8Array(Buffer.concat([start, data, header]));
};

/**
 * Tar and gzip wrapped around a benign PDF that stands first: a reader that takes the file by the
 * `%PDF-` in its first kilobyte reads the PDF and nothing else, while an archive tool lists every
 * member, a pax comment, a GNU long name, the gzip header's comment and every concatenated member.
 */
function tarGzipPolyglots(): Hostile[] {
  const member = ustarMember;
  const sevenZip = storedSevenZip;
  const out: Hostile[] = [];
  const add = (name: string, what: string, bytes: Uint8Array) => out.push({ name, what, bytes });
  const benignPdf = benignPdfAt(512);
  const marked = enc.encode(`${MARK}\n${BENIGN.join('\n')}\n`);
  const body = enc.encode(`${BENIGN.join('\n')}\n`);
  /** A pax extended header (typeflag x) with the given records. */
  const pax = (records: Array<[string, string]>): Buffer => {
    const lines = records.map(([k, v]) => {
      const rest = ` ${k}=${v}\n`;
      let n = Buffer.byteLength(rest) + 1;
      while (Buffer.byteLength(`${n}${rest}`) !== n) n = Buffer.byteLength(`${n}${rest}`);
      return `${n}${rest}`;
    });
    return member('PaxHeaders.0/notice.txt', enc.encode(lines.join('')), 'x');
  };
  const end = Buffer.alloc(1024);
  const tar = (...members: Buffer[]) => new Uint8Array(Buffer.concat([...members, end]));
  // The PDF first, and a last small member that ends in %%EOF, so the file also ends like a whole PDF.
  const tarPdf = (...members: Buffer[]) => tar(member('report.pdf', benignPdf), ...members, member('report.sig', enc.encode('%%EOF\n')));
  /** A gzip member with FCOMMENT (and FNAME) set in its header. */
  const gzip = (data: Uint8Array, opts: { comment?: Uint8Array; name?: Uint8Array } = {}): Buffer => {
    const g = gzipSync(data);
    const fields: Buffer[] = [];
    if (opts.name) fields.push(Buffer.from(opts.name), Buffer.from([0]));
    if (opts.comment) fields.push(Buffer.from(opts.comment), Buffer.from([0]));
    const head = Buffer.from(g.subarray(0, 10));
    head[3] |= (opts.name ? 0x08 : 0) | (opts.comment ? 0x10 : 0);
    return Buffer.concat([head, ...fields, g.subarray(10)]);
  };
  add('tarpdf-second-member.tar', 'a benign PDF as the first member of a tar, the marked notice as the second', tarPdf(member('notice.txt', marked)));
  add('tarpdf-pax-comment.tar', 'the marking in the comment record of a pax extended header, after a benign PDF member', tarPdf(pax([['comment', MARK]]), member('notice.txt', body)));
  add('tarpdf-pax-path.tar', 'the marking in the pax path record that renames a member with a benign ustar name', tarPdf(pax([['path', `${MARK}-通知.txt`]]), member('notice.txt', body)));
  add('tarpdf-gnu-longname.tar', 'the marking in a GNU long name record (typeflag L) of a member', tarPdf(member('././@LongLink', enc.encode(`${'附件/'.repeat(30)}${MARK}-通知.txt\0`), 'L'), member('notice.txt', body)));
  add('tarpdf-symlink-target.tar', 'the marking as the target of a symbolic link member', tar(member('report.pdf', benignPdf), member('latest.txt', new Uint8Array(0), '2', `${MARK}-通知.txt`)));
  add('tarpdf-unknown-typeflag.tar', 'the marked notice as the data of a member of an unknown type (typeflag Q)', tarPdf(member('notice.txt', marked, 'Q')));
  add('tarpdf-after-end.tar', 'the marked notice after the end-of-archive blocks', new Uint8Array(Buffer.concat([tar(member('report.pdf', benignPdf)), marked])));
  // The gzip header's comment holds a whole PDF (no NUL byte in it): the file opens as that PDF.
  const pdfComment = (extra = '', before = 0) => new Uint8Array(Buffer.concat([Buffer.from(benignPdfAt(10 + before)), Buffer.from(extra)]));
  add('gzpdf-member.tar.gz', 'the marked notice in a gzip-compressed tar whose gzip comment is a benign PDF', new Uint8Array(gzip(tar(member('notice.txt', marked)), { comment: pdfComment() })));
  add('gzpdf-fcomment.txt.gz', 'the marking in the gzip header comment (FCOMMENT), after a benign PDF', new Uint8Array(gzip(body, { comment: pdfComment(`\n${MARK}\n`) })));
  add('gzpdf-fname-gbk.txt.gz', 'the marking in the gzip original name (FNAME) in GBK, the comment a benign PDF', new Uint8Array(gzip(body, { name: new Uint8Array(iconv.encode(`${MARK}-通知.txt`, 'gbk')), comment: pdfComment('', iconv.encode(`${MARK}-通知.txt`, 'gbk').length + 1) })));
  add('gzpdf-second-member.txt.gz', 'the marked notice in the second of two concatenated gzip members, the first one\'s comment a benign PDF', new Uint8Array(Buffer.concat([gzip(body, { comment: pdfComment() }), gzip(marked)])));
  add('zip-name-in-folder.zip', 'the marking beginning the name of a file inside a folder of a ZIP (docs/…)', rawZip([{ name: enc.encode(`docs/${MARK}-通知.txt`), data: body, flags: 0x800 }]));
  add('7zpdf-second-entry.7z', 'the marked notice stored in a 7z after a benign PDF stored first (its %PDF- in the first kilobyte)', sevenZip([['report.pdf', benignPdfAt(32)], ['notice.txt', marked]]));
  /** A RAR 4 archive that stores its files uncompressed (method 0x30); a file header is 32 bytes and the name. */
  const rar4 = (files: Array<[string, Uint8Array]>, pdfAt?: (base: number) => Uint8Array): Uint8Array => {
    const block = (type: number, flags: number, body: Buffer, data = Buffer.alloc(0)) => {
      const h = Buffer.concat([Buffer.from([type]), Buffer.alloc(4), body]);
      h.writeUInt16LE(flags, 1);
      h.writeUInt16LE(h.length + 2, 3);
      const crc = Buffer.alloc(2);
      crc.writeUInt16LE((crc32(new Uint8Array(h)) >>> 0) & 0xffff, 0);
      return Buffer.concat([crc, h, data]);
    };
    const out: Buffer[] = [Buffer.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00]), block(0x73, 0, Buffer.alloc(6))];
    let at = 7 + 13;
    for (const [name, d0] of files) {
      const n = Buffer.from(name, 'latin1');
      const d = pdfAt && name.endsWith('.pdf') ? pdfAt(at + 32 + n.length) : d0;
      const body = Buffer.alloc(25);
      body.writeUInt32LE(d.length, 0);
      body.writeUInt32LE(d.length, 4);
      body.writeUInt8(2, 8);
      body.writeUInt32LE(crc32(d) >>> 0, 9);
      body.writeUInt32LE(0x58a80000, 13);
      body.writeUInt8(20, 17);
      body.writeUInt8(0x30, 18);
      body.writeUInt16LE(n.length, 19);
      body.writeUInt32LE(0x20, 21);
      const b = block(0x74, 0x8000, Buffer.concat([body, n]), Buffer.from(d));
      out.push(b);
      at += b.length;
    }
    out.push(block(0x7b, 0x4000, Buffer.alloc(0)));
    return new Uint8Array(Buffer.concat(out));
  };
  add('rarpdf-second-entry.rar', 'the marked notice stored in a RAR after a benign PDF stored first (its %PDF- in the first kilobyte)', rar4([['report.pdf', new Uint8Array(0)], ['notice.txt', marked]], benignPdfAt));
  add('zip-pdf-stored-first.zip', 'the marked notice in a ZIP after a benign PDF stored first (its %PDF- in the first kilobyte)', rawZip([{ name: enc.encode('report.pdf'), data: benignPdfAt(30 + 'report.pdf'.length) }, { name: enc.encode('notice.txt'), data: marked, flags: 0x800 }]));
  add('gzpdf-svg.svgz', 'the marking in a gzip-compressed SVG whose gzip comment is a benign PDF', new Uint8Array(gzip(enc.encode(`<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="600" height="200"><text x="10" y="30" font-size="20">${MARK}</text><text x="10" y="120">${BENIGN[0]}</text></svg>\n`), { comment: pdfComment() })));
  return out;
}

/**
 * Archive and sniffing constructions: two 7z entries under one path (the later one replaced the
 * earlier when unpacked), a tar folder entry carrying data, a tar name in Big5, and an HTML page and
 * an e-mail that carry a whole benign PDF in their first kilobyte (they were read as that PDF alone).
 */
function archivesAndSniffing(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, bytes: Uint8Array) => out.push({ name, what, bytes });
  const marked = enc.encode(`${MARK}\n${BENIGN.join('\n')}\n`);
  let benign = `${BENIGN.join('\n')}\n`;
  while (enc.encode(benign).length < marked.length) benign = ` ${benign}`;
  add('7z-duplicate-path.7z', 'two 7z entries named notice.txt of the same size, the marked one first, a benign one after it', storedSevenZip([['notice.txt', marked], ['notice.txt', enc.encode(benign)]]));
  add('tar-folder-with-data.tar', 'the marked notice as the data of a folder entry (typeflag 5)', new Uint8Array(Buffer.concat([ustarMember('docs/', marked, '5'), Buffer.alloc(1024)])));
  // Big5 has no simplified characters: the level in traditional characters, as Big5 systems write it.
  const traditional = L.replace('机', '機').replace('统', '統').replace('计', '計');
  add('tar-big5-name.tar', 'the level as a member name written in Big5 (its GB18030 reading is other characters)', new Uint8Array(Buffer.concat([ustarMember(new Uint8Array(iconv.encode(`${traditional}.txt`, 'big5')), enc.encode(`${BENIGN.join('\n')}\n`)), Buffer.alloc(1024)])));
  const page = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>通知</title></head><body><!-- ';
  add('html-pdf-in-comment.html', 'a page with a whole benign PDF in a comment in its first kilobyte, the marking in its text', new Uint8Array(Buffer.concat([Buffer.from(page), Buffer.from(benignPdfAt(Buffer.byteLength(page))), Buffer.from(` -->\n<p>${MARK}</p>\n${BENIGN.map((l) => `<p>${l}</p>`).join('\n')}\n</body></html>\n`)])));
  const head = 'From: office@example.org\r\nTo: staff@example.org\r\nSubject: =?utf-8?B?6YCa55+l?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: application/pdf; name="report.pdf"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n';
  add('eml-8bit-pdf-part.eml', 'an e-mail whose first part is a benign PDF sent unencoded (its %PDF- in the first kilobyte), the marked notice in the second', new Uint8Array(Buffer.concat([Buffer.from(head), Buffer.from(benignPdfAt(head.length)), Buffer.from(`\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${MARK}\r\n${BENIGN.join('\r\n')}\r\n--b--\r\n`)])));
  return out;
}

// ---------------------------------------------------------------- PDF text strings in a Chinese code page

/**
 * The marking in PDF text strings written in GBK (or Big5) bytes without a byte order mark: by the
 * specification they are PDFDocEncoding, which reads them as Latin mojibake (`»úÃÜ¡ï5Äê`), while
 * Chinese viewers show them as Chinese.
 */
function pdfLegacyStrings(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, bytes: Uint8Array) => out.push({ name: `${name}.pdf`, what, bytes });
  const hex = (s: string, encoding = 'gbk'): string => `<${Buffer.from(iconv.encode(s, encoding)).toString('hex').toUpperCase()}>`;
  const gbk = hex(MARK);
  add('pdf-gbk-info-title', 'the marking as the document title (/Info /Title) in GBK bytes', pdf(benignText(), { extra: [`<< /Title ${gbk} /Producer (WPS) >>`], trailer: '/Info 7 0 R' }));
  add('pdf-gbk-annotation-contents', 'a note annotation whose /Contents holds the marking in GBK bytes', pdf(benignText(), {
    page: '/Annots [7 0 R]',
    extra: [`<< /Type /Annot /Subtype /Text /Rect [60 780 80 800] /Contents ${gbk} /T ${hex('审核人')} >>`],
  }));
  add('pdf-gbk-field-value', 'a text field whose value (/V) is the marking in GBK bytes, no appearance', pdf(benignText(), {
    page: '/Annots [7 0 R]',
    catalog: '/AcroForm << /Fields [7 0 R] /NeedAppearances true >>',
    extra: [`<< /Type /Annot /Subtype /Widget /FT /Tx /T (f1) /V ${gbk} /Rect [60 780 300 820] /F 4 /P 3 0 R /DA (/F1 14 Tf 0 g) >>`],
  }));
  add('pdf-gbk-outline-title', 'a bookmark whose title is the marking in GBK bytes', pdf(benignText(), {
    catalog: '/Outlines 7 0 R /PageMode /UseOutlines',
    extra: ['<< /Type /Outlines /First 8 0 R /Last 8 0 R /Count 1 >>', `<< /Title ${gbk} /Parent 7 0 R /Dest [3 0 R /Fit] >>`],
  }));
  add('pdf-gbk-attachment-desc', 'an attachment whose description (/Desc) is the marking in GBK bytes, its file benign', pdf(benignText(), {
    catalog: '/Names << /EmbeddedFiles << /Names [(n.txt) 7 0 R] >> >>',
    extra: [`<< /Type /Filespec /F (n.txt) /UF (n.txt) /Desc ${gbk} /EF << /F 8 0 R >> >>`, stream('/Type /EmbeddedFile', enc.encode(`${BENIGN.join('\n')}\n`))],
  }));
  add('pdf-gbk-javascript-stream', 'an open action script stream in GBK bytes that shows the marking in an alert', pdf(benignText(), {
    catalog: '/OpenAction 7 0 R',
    extra: ['<< /S /JavaScript /JS 8 0 R >>', stream('', new Uint8Array(iconv.encode(`app.alert("${MARK}");`, 'gbk')))],
  }));
  const xmp = `<?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?><?xml version="1.0" encoding="GBK"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${MARK}</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;
  add('pdf-gbk-xmp-packet', 'the marking as the XMP title in a metadata packet written in GBK', pdf(benignText(), {
    catalog: '/Metadata 7 0 R',
    extra: [stream('/Type /Metadata /Subtype /XML', new Uint8Array(iconv.encode(xmp, 'gbk')))],
  }));
  // pdf.js drops what two ESC bytes enclose in a string that is not UTF-16; a viewer shows it.
  const esc = (bytes: Uint8Array): string => `<1B${Buffer.from(bytes).toString('hex').toUpperCase()}1B>`;
  add('pdf-esc-annotation-contents', 'a note annotation whose /Contents is the banner between two ESC bytes', pdf(benignText(), {
    page: '/Annots [7 0 R]',
    extra: [`<< /Type /Annot /Subtype /Text /Rect [60 780 80 800] /Contents ${esc(enc.encode(BANNER))} >>`],
  }));
  add('pdf-esc-gbk-info-title', 'the marking in GBK bytes between two ESC bytes as the document title', pdf(benignText(), { extra: [`<< /Title ${esc(new Uint8Array(iconv.encode(MARK, 'gbk')))} >>`], trailer: '/Info 7 0 R' }));
  // Big5 text is written in traditional characters.
  const traditional = MARK.replace('机密', '機密').replace('统计', '統計');
  add('pdf-big5-info-title', 'the marking as the document title in Big5 bytes, traditional characters (a Taiwanese or Hong Kong producer)', pdf(benignText(), { extra: [`<< /Title ${hex(traditional, 'big5')} >>`], trailer: '/Info 7 0 R' }));
  // Without a declaration, Big5 bytes of `機密★` (its bytes also decode strictly as GB18030,
  // `诀盞」`) in an XMP packet: the Big5 reading must not be dropped for the GB18030 one.
  const bareMark = traditional.replace(/★.*$/, '★');
  const big5Xmp = xmp.replace('<?xml version="1.0" encoding="GBK"?>', '').replace(MARK, `國防部 ${bareMark}`);
  add('pdf-big5-xmp-packet', 'the marking (level and ★, the legal maximum period) as the XMP title in a metadata packet in Big5 bytes without an encoding declaration', pdf(benignText(), {
    catalog: '/Metadata 7 0 R',
    extra: [stream('/Type /Metadata /Subtype /XML', new Uint8Array(iconv.encode(big5Xmp, 'big5')))],
  }));
  // UTF-16BE without its byte order mark: the level alone is Chinese text only, no NUL byte
  // (机密 is 67 3A 5B C6, `g:[Æ` in PDFDocEncoding, plausible Latin text).
  const level = MARK.replace(/★.*$/, '');
  const utf16be = `<${Buffer.from(level, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
  add('pdf-utf16-nobom-info-title', 'the level as the document title in UTF-16BE bytes written without the byte order mark', pdf(benignText(), { extra: [`<< /Title ${utf16be} >>`], trailer: '/Info 7 0 R' }));
  return out;
}

/**
 * Bytes of a PDF outside its objects, which every viewer skips and every copy publishes: text
 * before the %PDF- header (readers look for it in the first kilobyte), after the last %%EOF, and
 * comment lines and bare text between objects, in UTF-8 and GB18030, and binary junk after %%EOF. The
 * cross-reference offsets are moved so the files are otherwise clean.
 */
function pdfOutsideBytes(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, bytes: Uint8Array) => out.push({ name: `${name}.pdf`, what, bytes });
  const gb = (s: string): Buffer => Buffer.from(iconv.encode(s, 'gb18030'));
  const base = Buffer.from(pdf(benignText()));
  /** The benign PDF with `extra` inserted before object `n`, offsets after it moved. */
  const withBefore = (n: number, extra: Buffer): Uint8Array => {
    const at = base.indexOf(`\n${n} 0 obj`) + 1;
    const t = base.toString('latin1');
    const moved = (o: string): number => (Number(o) >= at ? Number(o) + extra.length : Number(o));
    const head = t.slice(0, at);
    const tail = t.slice(at).replace(/^(\d{10}) 00000 n $/gm, (_, o: string) => `${String(moved(o)).padStart(10, '0')} 00000 n `).replace(/startxref\n(\d+)/, (_, o: string) => `startxref\n${moved(o)}`);
    return new Uint8Array(Buffer.concat([Buffer.from(head, 'latin1'), extra, Buffer.from(tail, 'latin1')]));
  };
  add('pdf-after-eof-utf8', 'the marking as a line of UTF-8 text after the last %%EOF', new Uint8Array(Buffer.concat([base, Buffer.from(`\n${MARK}\n`)])));
  add('pdf-after-eof-gb18030', 'the marking as a line of GB18030 text after the last %%EOF', new Uint8Array(Buffer.concat([base, Buffer.from('\r\n'), gb(MARK), Buffer.from('\r\n')])));
  const before = Buffer.from(`${MARK}\n`);
  add('pdf-before-header-utf8', 'the marking as a line of UTF-8 text before the %PDF- header, the offsets moved', new Uint8Array(Buffer.concat([before, Buffer.from(benignPdfAt(before.length))])));
  const beforeGb = Buffer.concat([gb(MARK), Buffer.from('\r\n')]);
  add('pdf-before-header-gb18030', 'the marking as a line of GB18030 text before the %PDF- header, the offsets moved', new Uint8Array(Buffer.concat([beforeGb, Buffer.from(benignPdfAt(beforeGb.length))])));
  add('pdf-comment-utf8', 'the marking in a comment line (UTF-8) between two objects', withBefore(2, Buffer.from(`% ${MARK}\n`)));
  add('pdf-comment-gb18030', 'the marking in a comment line (GB18030) between two objects', withBefore(3, Buffer.concat([Buffer.from('%'), gb(MARK), Buffer.from('\n')])));
  add('pdf-between-objects-text', 'the marking as a bare line of UTF-8 text between two objects, no comment sign', withBefore(2, Buffer.from(`${MARK}\n`)));
  // Bytes that decode to no text: whatever they hold (a compressed or encrypted note) is unread.
  const junk = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 37 + 11) % 32));
  add('pdf-after-eof-binary', 'sixty-four bytes of binary (control bytes) after the last %%EOF', new Uint8Array(Buffer.concat([base, junk])));
  return out;
}

/**
 * Form field names, text strings in byte orders and code pages without a marker, and e-mail header
 * comments: a field named with the marking in an otherwise benign form (its partial name /T, its
 * tooltip /TU, its export name /TM); the level alone as a document title in UTF-16LE without a byte
 * order mark and in Big5; the marking in a comment of a Received or Content-Type header.
 */
function fieldNamesAndHeaderComments(): Hostile[] {
  const out: Hostile[] = [];
  const addPdf = (name: string, what: string, bytes: Uint8Array) => out.push({ name: `${name}.pdf`, what, bytes });
  const utf16 = (s: string): string => `<FEFF${ucs2(s)}>`;
  const form = (field: string) => pdf(benignText(), {
    page: '/Annots [7 0 R]',
    catalog: '/AcroForm << /Fields [7 0 R] >>',
    extra: [`<< /Type /Annot /Subtype /Widget /FT /Tx ${field} /Rect [60 600 300 630] /F 4 /P 3 0 R /DA (/F1 12 Tf 0 g) >>`],
  });
  addPdf('pdf-field-name', 'a text field whose partial name (/T) is the marking, its value benign', form(`/T ${utf16(MARK)} /V ${utf16('张三')}`));
  addPdf('pdf-field-tooltip', 'a text field whose tooltip (/TU) is the marking', form(`/T (name) /TU ${utf16(MARK)} /V ${utf16('张三')}`));
  addPdf('pdf-field-export-name', 'a text field whose export name (/TM) is the marking', form(`/T (name) /TM ${utf16(MARK)} /V ${utf16('张三')}`));
  // 机密 in UTF-16LE is 3A 67 C6 5B, `:gÆ[` in PDFDocEncoding: no NUL byte, no byte order mark.
  const level = MARK.replace(/★.*$/, '');
  addPdf('pdf-utf16le-nobom-info-title', 'the level alone as the document title in UTF-16LE bytes without a byte order mark', pdf(benignText(), { extra: [`<< /Title <${Buffer.from(level, 'utf16le').toString('hex').toUpperCase()}> >>`], trailer: '/Info 7 0 R' }));
  // The lowest level, alone, in Big5 (traditional systems): 祕密 is AF B5 B1 4B, valid GB18030 too.
  const big5Level = level.replace('机密', '秘密').replace('统计', '統計');
  addPdf('pdf-big5-level-info-title', 'the level alone (no ★) as the document title in Big5 bytes', pdf(benignText(), { extra: [`<< /Title <${Buffer.from(iconv.encode(big5Level, 'big5')).toString('hex').toUpperCase()}> >>`], trailer: '/Info 7 0 R' }));
  const b64 = (s: string): string => Buffer.from(s).toString('base64');
  const body = `${BENIGN.join('\r\n')}\r\n`;
  const mail = (headers: string, contentType = 'text/plain; charset=utf-8') => enc.encode(`${headers}From: office@jl.example.org\r\nTo: staff@jl.example.org\r\nSubject: =?utf-8?B?${b64('培训通知')}?=\r\nDate: Tue, 1 Dec 2026 09:00:00 +0800\r\nMIME-Version: 1.0\r\nContent-Type: ${contentType}\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${body}`);
  const add = (name: string, what: string, bytes: Uint8Array) => out.push({ name: `${name}.eml`, what, bytes });
  add('eml-received-comment', 'the marking as a comment in a Received header (8-bit)', mail(`Received: from mail.jl.example.org (${MARK}) by mx.jl.example.org (Postfix) with ESMTP id 4Fz1;\r\n Tue, 1 Dec 2026 09:00:01 +0800\r\n`));
  add('eml-received-comment-encoded', 'the marking as an encoded word in a comment of a Received header', mail(`Received: from mail.jl.example.org (=?utf-8?B?${b64(MARK)}?=)\r\n by mx.jl.example.org (Postfix) with ESMTP id 4Fz1; Tue, 1 Dec 2026 09:00:01 +0800\r\n`));
  add('eml-content-type-comment', 'the marking as a comment in the Content-Type header', mail('', `text/plain (=?utf-8?B?${b64(MARK)}?=); charset=utf-8`));
  add('eml-message-id-comment', 'the marking as a comment after the Message-ID', mail(`Message-ID: <20261201090000.4Fz1@jl.example.org> (${MARK})\r\n`));
  return out;
}

/**
 * xz and Zstandard files that store their content (LZMA2 uncompressed chunks, raw blocks), as both
 * do for incompressible data: a compressed tar whose first member is a benign PDF (its %PDF- in the
 * file's first kilobyte) and whose second is the marked notice, and a compressed notice.
 */
function storedCompressors(): Hostile[] {
  const out: Hostile[] = [];
  const add = (name: string, what: string, bytes: Uint8Array) => out.push({ name, what, bytes });
  const u32 = (n: number): Buffer => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(n >>> 0);
    return b;
  };
  const varint = (n: number): number[] => {
    const r: number[] = [];
    while (n >= 0x80) (r.push((n & 0x7f) | 0x80), (n = Math.floor(n / 128)));
    return [...r, n];
  };
  /** An xz stream (CRC32 check) of one block of LZMA2 uncompressed chunks. */
  const xz = (data: Uint8Array): Uint8Array => {
    const flags = Buffer.from([0x00, 0x01]);
    const header = Buffer.concat([Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]), flags, u32(crc32(flags))]);
    const bh = Buffer.from([0x02, 0x00, 0x21, 0x01, 0x16, 0x00, 0x00, 0x00]);
    const blockHeader = Buffer.concat([bh, u32(crc32(bh))]);
    const chunks: Buffer[] = [];
    for (let i = 0; i < data.length; i += 0x10000) {
      const c = data.subarray(i, i + 0x10000);
      chunks.push(Buffer.from([i === 0 ? 0x01 : 0x02, (c.length - 1) >> 8, (c.length - 1) & 0xff]), Buffer.from(c));
    }
    chunks.push(Buffer.from([0x00]));
    const packed = Buffer.concat(chunks);
    const block = Buffer.concat([blockHeader, packed, Buffer.alloc((4 - (packed.length % 4)) % 4), u32(crc32(data))]);
    const records = Buffer.from([0x00, ...varint(1), ...varint(blockHeader.length + packed.length + 4), ...varint(data.length)]);
    const index0 = Buffer.concat([records, Buffer.alloc((4 - (records.length % 4)) % 4)]);
    const index = Buffer.concat([index0, u32(crc32(index0))]);
    const back = Buffer.concat([u32(index.length / 4 - 1), flags]);
    return new Uint8Array(Buffer.concat([header, block, index, u32(crc32(back)), back, Buffer.from('YZ')]));
  };
  /** A Zstandard frame of raw blocks (window 128 KiB, no checksum). */
  const zstd = (data: Uint8Array): Uint8Array => {
    const parts: Buffer[] = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38])];
    for (let i = 0; i < data.length || i === 0; i += 0x20000) {
      const c = data.subarray(i, i + 0x20000);
      const last = i + 0x20000 >= data.length ? 1 : 0;
      const h = (c.length << 3) | last;
      parts.push(Buffer.from([h & 0xff, (h >> 8) & 0xff, (h >> 16) & 0xff]), Buffer.from(c));
    }
    return new Uint8Array(Buffer.concat(parts));
  };
  const marked = enc.encode(`${MARK}\n${BENIGN.join('\n')}\n`);
  // The PDF's offsets are those it has in the compressed file: behind the headers and its tar header.
  const tarWithPdf = (at: number) => new Uint8Array(Buffer.concat([ustarMember('report.pdf', benignPdfAt(at + 512)), ustarMember('notice.txt', marked), Buffer.alloc(1024)]));
  add('xzpdf-second-member.tar.xz', 'the marked notice in an xz-compressed tar that stores a benign PDF first (its %PDF- in the first kilobyte)', xz(tarWithPdf(12 + 12 + 3)));
  add('zstpdf-second-member.tar.zst', 'the marked notice in a Zstandard-compressed tar that stores a benign PDF first (its %PDF- in the first kilobyte)', zstd(tarWithPdf(6 + 3)));
  add('notice-stored.txt.xz', 'the marked notice in an xz file of uncompressed LZMA2 chunks', xz(marked));
  add('notice-stored.txt.zst', 'the marked notice in a Zstandard file of raw blocks', zstd(marked));
  return out;
}

/** Places found by mutating other projects' documents (bench/redteam.bench.ts) that passed. */
function redTeamPlaces(): Hostile[] {
  const out: Hostile[] = [];
  // The file's own name: a benign letter uploaded as 机密★5年-….docx.
  out.push({ name: `${MARK}-江临市统计局培训通知.docx`, what: 'the marking opens the file name of a benign letter', bytes: zip(docx('')) });
  // A presentation whose chart keeps its workbook uncompressed: the workbook's entry names stand in
  // the presentation's bytes, and sniffing the bytes took the presentation for a workbook, whose
  // reader never looks at slides' alt text.
  const inner = xlsx({ sheets: [{ name: 'Sheet1', rows: [['季度', '件数'], ['一季度', '12']] }] });
  const deck = readZip(pptx({ slides: [{ shapes: [{ text: BENIGN }] }] }))!;
  const entries = deck.map((e) => {
    if (e.name !== 'ppt/slides/slide1.xml') return e;
    const x = Buffer.from(inflateRawSync(e.data)).toString('utf8').replace(/(<p:cNvPr id="\d+" name="[^"]*")/, `$1 descr="${MARK}"`);
    return newEntry(e.name, x);
  });
  entries.push({ name: 'ppt/embeddings/Microsoft_Excel_Sheet1.xlsx', method: 0, crc: crc32(inner), size: inner.length, data: inner, range: [0, 0] });
  out.push({ name: 'pptx-stored-workbook-alt-text.pptx', what: 'the marking as a slide picture description in a presentation that stores a chart workbook uncompressed', bytes: writeZip(entries) });
  // Excel shows a validation's title over its message: the message is the marking alone, under 密级.
  out.push({
    name: 'xlsx-validation-message-under-title.xlsx',
    what: 'the marking as the input message of a data validation titled 密级',
    bytes: xlsx({ sheets: [{ name: '花名册', rows: [['姓名', '科室'], ['张三', '办公室']], validation: { sqref: 'A1', promptTitle: '密级', prompt: MARK, list: ['公开', '内部'] } }] }),
  });
  return out;
}

// ---------------------------------------------------------------- round 13: forms' choices, numbering and data styles, values drawn from elsewhere

/**
 * Where a document shows a choice, a number or a value that no text run holds: legacy form fields
 * (a Word drop-down whose entry is chosen, a ticked check box; in DOCX, RTF and as LibreOffice
 * keeps them in ODT), OpenDocument form controls, numbering and list labels built around a counter,
 * data styles that put literals around a number, field pictures, property and bound values joined to
 * the text before them, CSS counters and quotes, PDF form values beside a printed label, text split
 * between the page and a form XObject. The form entries are 公开 一般 and the level, so the negative
 * twins (统计 in the level's place) list no level at all.
 */
function formsAndPlaces(): Hostile[] {
  const out: Hostile[] = [];
  const [L1, L2] = [[...L][0], [...L].slice(1).join('')];
  const OPTIONS = ['公开', '一般', L];
  const addDocx = (name: string, what: string, f: Files) => out.push({ name: `${name}.docx`, what, bytes: zip(f) });

  // Word legacy form fields.
  const dropDown = (chosen: number, result?: string) =>
    `<w:p><w:r><w:t>密级：</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Level"/><w:enabled/><w:ddList>${chosen ? `<w:result w:val="${chosen}"/>` : ''}${OPTIONS.map((o) => `<w:listEntry w:val="${o}"/>`).join('')}</w:ddList></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMDROPDOWN </w:instrText></w:r>${result === undefined ? '' : `<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>${result}</w:t></w:r>`}<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`;
  addDocx('docx-dropdown-result-stored', 'a 密级 drop-down with the level chosen and also stored as the field result (read 密级：机密机密)', docx(dropDown(2, L)));
  addDocx('docx-dropdown-stale-result', 'a 密级 drop-down with 公开 chosen whose stored result is the marking', docx(dropDown(0, MARK)));

  // The same in RTF (Word writes an empty result and draws the field from \formfield).
  const u = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 128 ? c : `\\u${c.charCodeAt(0) > 32767 ? c.charCodeAt(0) - 65536 : c.charCodeAt(0)}?`)).join('');
  const rtf = (row: string) => enc.encode(`{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0 SimSun;}}\\f0 ${u(BENIGN[0])}\\par ${row}\\par ${u(BENIGN[1])}\\par}`);
  const formfield = (kind: 'FORMDROPDOWN' | 'FORMCHECKBOX', inner: string) => `{\\field{\\*\\fldinst {${kind} {\\*\\formfield${inner}}}}{\\fldrslt }}`;
  out.push({ name: 'rtf-formdropdown-chosen.rtf', what: 'a 密级 drop-down form field with the level chosen (\\ffres2), its result empty', bytes: rtf(`${u('密级：')}${formfield('FORMDROPDOWN', `{\\fftype2\\ffres2\\ffdefres0{\\*\\ffname Level}${OPTIONS.map((o) => `{\\*\\ffl ${u(o)}}`).join('')}}`)}`) });
  out.push({ name: 'rtf-formcheckbox-ticked.rtf', what: 'a 密级 row of check box form fields with the level ticked (\\ffres1)', bytes: rtf(`${u('密级：')}${OPTIONS.map((o) => `${formfield('FORMCHECKBOX', `{\\fftype1\\ffres${o === L ? 1 : 0}\\ffdefres0\\ffhps20}`)}${u(o)} `).join('')}`) });

  // OpenDocument: form controls drawn by draw:control, and Word form fields kept as fieldmarks.
  const ODF = ['office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"', 'text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"', 'style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"', 'table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"', 'number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"', 'form="urn:oasis:names:tc:opendocument:xmlns:form:1.0"', 'draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"', 'svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"', 'field="urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0"'].map((n) => `xmlns:${n}`).join(' ');
  const odf = (kind: 'text' | 'spreadsheet', body: string, auto = '', pre = ''): Uint8Array => {
    const f: Files = new Map();
    put(f, 'mimetype', `application/vnd.oasis.opendocument.${kind}`);
    put(f, 'META-INF/manifest.xml', `${DECL}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.${kind}"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`);
    const inner = kind === 'text' ? `${pre}${body}${BENIGN.map((l) => `<text:p>${l}</text:p>`).join('')}` : body;
    put(f, 'content.xml', `${DECL}<office:document-content ${ODF} office:version="1.3"><office:automatic-styles>${auto}</office:automatic-styles><office:body><office:${kind}>${inner}</office:${kind}></office:body></office:document-content>`);
    return zip(f);
  };
  const forms = (controls: string) => `<office:forms form:automatic-focus="false" form:apply-design-mode="false"><form:form form:name="Form">${controls}</form:form></office:forms>`;
  const drawn = (ids: string[]) => `<text:p>密级：${ids.map((id) => `<draw:control text:anchor-type="as-char" svg:width="2cm" svg:height="0.5cm" draw:control="${id}"/>`).join(' ')}</text:p>`;
  const ids = OPTIONS.map((_, i) => `c${i}`);
  out.push({ name: 'odt-form-checkbox-ticked.odt', what: 'office:forms check boxes in a 密级 row, the level\'s ticked (form:current-state)', bytes: odf('text', drawn(ids), '', forms(OPTIONS.map((o, i) => `<form:checkbox form:name="c${i}" form:id="c${i}" form:label="${o}"${o === L ? ' form:current-state="checked"' : ''}/>`).join(''))) });
  out.push({ name: 'odt-form-radio-chosen.odt', what: 'office:forms option buttons in a 密级 row, the level\'s chosen', bytes: odf('text', drawn(ids), '', forms(OPTIONS.map((o, i) => `<form:radio form:name="lv" form:id="c${i}" form:label="${o}"${o === L ? ' form:current-selected="true"' : ''}/>`).join(''))) });
  out.push({ name: 'odt-form-listbox-chosen.odt', what: 'an office:forms list box after 密级：, the level chosen', bytes: odf('text', drawn(['l1']), '', forms(`<form:listbox form:name="mj" form:id="l1" form:dropdown="true" form:size="1">${OPTIONS.map((o) => `<form:option form:label="${o}"${o === L ? ' form:current-selected="true"' : ''}/>`).join('')}</form:listbox>`)) });
  out.push({ name: 'odt-form-combobox-value.odt', what: 'an office:forms combo box after 密级： showing the level', bytes: odf('text', drawn(['b1']), '', forms(`<form:combobox form:name="mj" form:id="b1" form:dropdown="true" form:current-value="${L}">${OPTIONS.map((o) => `<form:item form:label="${o}"/>`).join('')}</form:combobox>`)) });
  out.push({ name: 'odt-fieldmark-dropdown.odt', what: 'a Word drop-down kept by LibreOffice as a field:fieldmark, the level chosen (Dropdown_Selected)', bytes: odf('text', `<text:p>密级：<field:fieldmark text:name="__Fieldmark__1" field:type="vnd.oasis.opendocument.field.FORMDROPDOWN">${OPTIONS.map((o) => `<field:param field:name="Dropdown_ListEntry" field:value="${o}"/>`).join('')}<field:param field:name="Dropdown_Selected" field:value="2"/></field:fieldmark></text:p>`) });
  out.push({ name: 'odt-fieldmark-checkbox.odt', what: 'Word check boxes kept by LibreOffice as field:fieldmark, the level\'s ticked (Checkbox_Checked)', bytes: odf('text', `<text:p>密级：${OPTIONS.map((o, i) => `<field:fieldmark text:name="__Fieldmark__${i}" field:type="vnd.oasis.opendocument.field.FORMCHECKBOX">${o === L ? '<field:param field:name="Checkbox_Checked" field:value="true"/>' : ''}</field:fieldmark>${o} `).join('')}</text:p>`) });

  // Numbering and list labels, data styles, fields: the marking built around a number or value.
  const numbering = (lvlText: string, fmt: string, start: number) => `${DECL}<w:numbering ${W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="${start}"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${lvlText}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>`;
  const numbered = (lvlText: string, fmt: string, start: number) => {
    const f = docx(`<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>${BENIGN[0]}</w:t></w:r></w:p>`);
    put(f, 'word/numbering.xml', numbering(lvlText, fmt, start));
    addRel(f, DOCREL, 'rIdN', 'numbering', 'numbering.xml');
    addType(f, 'word/numbering.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml');
    return f;
  };
  addDocx('docx-numbering-counter', 'a list label (w:lvlText) of the level, ★, the counter starting at 5 and 年', numbered(`${L}★%1年`, 'decimal', 5));
  addDocx('docx-numbering-bullet-text', 'a list label (w:lvlText) that is the whole marking', numbered(MARK, 'bullet', 1));
  addDocx('docx-field-numeric-picture', 'a formula field = 5 whose numeric picture (\\#) puts the level and ★ before the number, its stale result benign', docx(`<w:p><w:fldSimple w:instr=" = 5 \\# &quot;${L}★0年&quot; "><w:r><w:t>通知</w:t></w:r></w:fldSimple></w:p>`));
  let f = docx(`<w:p><w:r><w:t>${L}</w:t></w:r><w:fldSimple w:instr=" DOCPROPERTY 期限 "><w:r><w:t></w:t></w:r></w:fldSimple></w:p>`);
  put(f, 'docProps/custom.xml', `${DECL}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="期限"><vt:lpwstr>★5年</vt:lpwstr></property></Properties>`);
  addRel(f, '_rels/.rels', 'rIdC', 'custom-properties', 'docProps/custom.xml');
  addType(f, 'docProps/custom.xml', 'application/vnd.openxmlformats-officedocument.custom-properties+xml');
  addDocx('docx-level-then-docproperty', 'the level as text, ★5年 the value of a DOCPROPERTY field after it with an empty result', f);
  f = docx(`<w:p><w:r><w:t>密级：</w:t></w:r><w:sdt><w:sdtPr><w:dataBinding w:xpath="/root/level" w:storeItemID="{11111111-2222-3333-4444-666666666666}"/><w:text/></w:sdtPr><w:sdtContent><w:r><w:t></w:t></w:r></w:sdtContent></w:sdt></w:p>`);
  put(f, 'customXml/item1.xml', `${DECL}<root><level>${L}</level></root>`);
  put(f, 'customXml/itemProps1.xml', `${DECL}<ds:datastoreItem ds:itemID="{11111111-2222-3333-4444-666666666666}" xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml"/>`);
  put(f, 'customXml/_rels/item1.xml.rels', `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/customXmlProps" Target="itemProps1.xml"/></Relationships>`);
  addRel(f, DOCREL, 'rIdX', 'customXml', '../customXml/item1.xml');
  addDocx('docx-label-bound-level', '密级： as text, the level a content control bound to customXml shows after it (its content empty)', f);
  addDocx('docx-drop-cap', 'the level\'s first character a drop cap (a framed paragraph of its own), the rest of the marking the next paragraph', docx(`<w:p><w:pPr><w:framePr w:dropCap="drop" w:lines="2" w:wrap="around" w:vAnchor="text" w:hAnchor="text"/></w:pPr><w:r><w:t>${L1}</w:t></w:r></w:p><w:p><w:r><w:t>${L2}★5年</w:t></w:r></w:p>`));
  out.push({ name: 'odt-spaces-elements.odt', what: 'the marking with text:s spaces (one of three) between its characters', bytes: odf('text', `<text:p>${L1}<text:s text:c="3"/>${L2}<text:s/>★<text:s/>5年</text:p>`) });
  out.push({ name: 'odt-list-prefix-counter.odt', what: 'a list style putting the level and ★ before the number (starting at 5) and 年 after it', bytes: odf('text', `<text:list text:style-name="L1"><text:list-item><text:p>${BENIGN[0]}</text:p></text:list-item></text:list>`, `<text:list-style style:name="L1"><text:list-level-style-number text:level="1" style:num-prefix="${L}★" style:num-suffix="年" style:num-format="1" text:start-value="5"/></text:list-style>`) });
  out.push({ name: 'odt-note-citation-star.odt', what: 'the level, a footnote whose citation label is ★, then 5年', bytes: odf('text', `<text:p>${L}<text:note text:id="n1" text:note-class="footnote"><text:note-citation text:label="★">★</text:note-citation><text:note-body><text:p>注</text:p></text:note-body></text:note>5年</text:p>`) });
  out.push({ name: 'odt-user-field-stale.odt', what: 'a user field whose declared value is the marking, its shown text a stale benign word', bytes: odf('text', `<text:p><text:user-field-get text:name="mj">通知</text:user-field-get></text:p>`, '', `<text:user-field-decls><text:user-field-decl office:value-type="string" office:string-value="${MARK}" text:name="mj"/></text:user-field-decls>`) });
  const sheet = (cell: string) => `<table:table table:name="统计"><table:table-row>${cell}</table:table-row>${BENIGN.map((l) => `<table:table-row><table:table-cell office:value-type="string"><text:p>${l}</text:p></table:table-cell></table:table-row>`).join('')}</table:table>`;
  out.push({ name: 'ods-data-style-literal.ods', what: 'a number data style with the level and ★ before the number 5 and 年 after it', bytes: odf('spreadsheet', sheet('<table:table-cell table:style-name="ce1" office:value-type="float" office:value="5"><text:p>5</text:p></table:table-cell>'), `<number:number-style style:name="N99"><number:text>${L}★</number:text><number:number number:min-integer-digits="1"/><number:text>年</number:text></number:number-style><style:style style:name="ce1" style:family="table-cell" style:data-style-name="N99"/>`) });
  out.push({ name: 'ods-text-style-literal.ods', what: 'a text data style putting the level and ★ before a cell holding 5年', bytes: odf('spreadsheet', sheet('<table:table-cell table:style-name="ce1" office:value-type="string"><text:p>5年</text:p></table:table-cell>'), `<number:text-style style:name="N99"><number:text>${L}★</number:text><number:text-content/></number:text-style><style:style style:name="ce1" style:family="table-cell" style:data-style-name="N99"/>`) });
  out.push({ name: 'rtf-pn-text-around.rtf', what: 'old-style numbering (\\pn) with the level and ★ before the number 5 (\\pntxtb) and 年 after it (\\pntxta)', bytes: rtf(`{\\*\\pn\\pnlvlbody\\pndec\\pnstart5{\\pntxtb ${u(`${L}★`)}}{\\pntxta ${u('年')}}}${u(BENIGN[2])}`) });

  // Spreadsheet number formats not yet in the set: a currency string, a condition section.
  const xf = (name: string, what: string, fmt: string, value: number) => {
    const x = unzip(xlsx({ sheets: [{ name: '统计', rows: [['区', '人数'], ['东区', 12]] }] }));
    put(x, 'xl/styles.xml', `${DECL}<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="${fmt}"/></numFmts><fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`);
    if (!text(x, 'xl/_rels/workbook.xml.rels').includes('styles.xml')) addRel(x, 'xl/_rels/workbook.xml.rels', 'rIdSt', 'styles', 'styles.xml');
    if (!text(x, '[Content_Types].xml').includes('styles.xml')) addType(x, 'xl/styles.xml', 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml');
    put(x, 'xl/worksheets/sheet1.xml', text(x, 'xl/worksheets/sheet1.xml').replace('</sheetData>', `<row r="9"><c r="A9" s="1"><v>${value}</v></c></row></sheetData>`));
    out.push({ name: `${name}.xlsx`, what, bytes: zip(x) });
  };
  xf('xlsx-numfmt-currency-literal', 'a number format whose currency string ([$…-804]) is the level and ★, the number 5 and 年 after it', `[$${L}★-804]0&quot;年&quot;`, 5);
  xf('xlsx-numfmt-condition-section', 'a number format whose [=1] section shows the marking for the value 1', `[=1]&quot;${MARK}&quot;;[=2]&quot;公开&quot;;General`, 1);

  // An Excel combo box (form control, ObjectType Drop) over the 密级 row, showing the level chosen from a column of options.
  {
    const shape = `<v:shape id="_x0000_s1025" type="#_x0000_t201" style='position:absolute;margin-left:60pt;margin-top:15pt;width:54pt;height:15pt;z-index:1' stroked="f" o:insetmode="auto"><x:ClientData ObjectType="Drop"><x:Anchor>1, 5, 1, 2, 2, 5, 1, 18</x:Anchor><x:FmlaRange>$H$10:$H$13</x:FmlaRange><x:Sel>3</x:Sel><x:DropStyle>Combo</x:DropStyle></x:ClientData></v:shape>`;
    const vml = `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">${shape}</xml>`;
    // The options column lists the levels (read alone it is a list, no marking); the twin lists 统计 among them.
    const options = ['公开', '秘密', L, '绝密'].map((o) => [null, null, null, null, null, null, null, o]);
    let x = xlsx({ sheets: [{ name: '呈批表', rows: [[BENIGN[0]], ['密级：'], ['标题', BENIGN[1]], ...Array.from({ length: 6 }, () => [null]), ...options] }] });
    x = addLinkedParts(x, 'xl/worksheets/sheet1.xml', { 'xl/drawings/vmlDrawing1.vml': vml }, [[`${REL}/vmlDrawing`, '../drawings/vmlDrawing1.vml']]);
    x = rewritePart(x, 'xl/worksheets/sheet1.xml', (s) => s.replace('</sheetData>', '</sheetData><legacyDrawing r:id="rIdLinked0"/>'));
    x = rewritePart(x, '[Content_Types].xml', (s) => s.replace('</Types>', '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/></Types>'));
    // Rewritten through this file's zip writer: the writer's part edits stamp the time.
    out.push({ name: 'xlsx-combo-box-chosen.xlsx', what: 'an Excel combo box (VML form control) over the 密级 row, the level the option it shows (x:Sel of x:FmlaRange)', bytes: zip(unzip(x)) });
  }

  // CSS: a counter and quotes build the marking.
  const page = (style: string, body: string) => enc.encode(`<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><style>${style}</style></head><body>${body}${BENIGN.map((l) => `<p>${l}</p>`).join('')}</body></html>\n`);
  out.push({ name: 'html-css-counter.html', what: 'CSS generated text of the level, ★, a counter reset to 4 and incremented, and 年', bytes: page(`body{counter-reset:c 4} h1::before{counter-increment:c;content:"${L}★" counter(c) "年"}`, '<h1></h1>') });
  out.push({ name: 'html-css-quotes.html', what: 'an empty <q> whose CSS quotes are the level\'s first character and the rest of the marking', bytes: page(`q{quotes:"${L1}" "${L2}★5年"}`, '<q></q>') });

  // PDF: a form value beside a printed label; a marking split between the page and a form XObject drawn twice.
  const ap = (s: string) => stream('/Type /XObject /Subtype /Form /BBox [0 0 150 20] /Resources << /Font << /F1 5 0 R >> >>', enc.encode(`/Tx BMC BT /F1 14 Tf 2 4 Td <${ucs2(s)}> Tj ET EMC`));
  out.push({ name: 'pdf-label-field-value.pdf', what: '密级： printed on the page, the level the value of a text field beside it', bytes: pdf(`${cjk('密级：', 72, 800, 14)}\n${benignText(700)}`, { page: '/Annots [7 0 R]', catalog: '/AcroForm << /Fields [7 0 R] /DA (/F1 14 Tf 0 g) /DR << /Font << /F1 5 0 R >> >> >>', extra: [`<< /Type /Annot /Subtype /Widget /FT /Tx /T (mj) /V <FEFF${ucs2(L)}> /Rect [116 796 266 816] /F 4 /P 3 0 R /AP << /N 8 0 R >> /DA (/F1 14 Tf 0 g) >>`, ap(L)] }) });
  out.push({ name: 'pdf-xobject-split-reused.pdf', what: 'the level\'s first character and ★5年 on the page, its second character a form XObject drawn between them and again elsewhere', bytes: pdf(`${cjk(L1, 72, 800)} q 1 0 0 1 88 800 cm /X1 Do Q ${cjk('★5年', 104, 800)} q 1 0 0 1 72 760 cm /X1 Do Q\n${benignText(700)}`, { resources: '/XObject << /X1 7 0 R >>', extra: [stream('/Type /XObject /Subtype /Form /BBox [0 0 100 100] /Resources << /Font << /F1 5 0 R >> >>', enc.encode(cjk(L2, 0, 0)))] }) });
  return out;
}
