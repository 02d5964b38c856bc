/**
 * Renders one abstract document into text, HTML, DOCX or PDF bytes. The document is a title, body
 * paragraphs and tables, and the side places a marking can hide in (header, footer, comment,
 * footnote, text box, properties, alt text, attributes, CSS, hidden text, vertical text).
 *
 * DOCX is written as OOXML by hand (zipped with fflate) so that every part is exactly what the
 * variant needs. PDF bytes are written by hand too, with non-embedded fonts: CJK text uses
 * `STSong-Light` (Adobe-GB1, `UniGB-UCS2-H`), Hangul `HYSMyeongJo-Medium` (Adobe-Korea1), Latin-1
 * text Helvetica; pdf.js reads them through its bundled CMaps, so no font file is needed.
 */
import { zipSync, strToU8 } from 'fflate';
import type { Format, Seg } from './forms.ts';

/** A body block: a paragraph of segments, or a table whose cells are segment lists. */
export type Block = { kind: 'p'; segs: Seg[]; align?: 'left' | 'center' | 'right' } | { kind: 'table'; rows: Seg[][][] };

/** Where the marking text can be besides the body. */
export interface Doc {
  lang: 'zh' | 'en';
  /** The document title (shown as a heading; also the title property unless `properties` is set). */
  title: string;
  /** Blocks above the title: where GB/T 9704 puts 份号, 密级和保密期限 and 紧急程度, or a cover table. */
  pre?: Block[];
  body: Block[];
  header?: Seg[];
  footer?: Seg[];
  /** A comment anchored on the title. */
  comment?: Seg[];
  /** Footnote text; a reference mark is put at the end of the body block `footnoteAt`. */
  footnote?: Seg[];
  footnoteAt?: number;
  /** A floating text box before the body. */
  textbox?: Seg[];
  /** Document properties / metadata: which field, what text. */
  properties?: { field: 'title' | 'subject' | 'keywords' | 'description'; text: string };
  /** Picture / shape description. */
  alt?: string;
  /** An HTML attribute on a container element. */
  attr?: { name: string; text: string };
  htmlComment?: string;
  css?: string;
  /** Hidden text before the body (display:none in HTML, w:vanish in Word). */
  hidden?: Seg[];
  /** Text written one character per line before the body. */
  vertical?: string;
}

/** Plain text of segments; a run boundary is nothing, a line break is `br`. */
function plain(segs: Seg[], br = '\n'): string {
  return segs.map((s) => (typeof s === 'string' ? s : 'br' in s ? br : '')).join('');
}

// ---------------------------------------------------------------------------------------------
// Text

function renderTxt(d: Doc): string {
  const L: string[] = [];
  if (d.vertical) L.push(...[...d.vertical].filter((c) => c.trim()));
  const block = (b: Block, fn: boolean) => {
    if (b.kind === 'p') L.push(plain(b.segs) + (fn ? '①' : ''));
    else for (const row of b.rows) L.push(`| ${row.map((c) => plain(c, ' ')).join(' | ')} |`);
  };
  for (const b of d.pre ?? []) block(b, false);
  L.push(d.title, '');
  d.body.forEach((b, i) => block(b, !!d.footnote && d.footnoteAt === i));
  if (d.footnote) L.push('', '——————', `① ${plain(d.footnote)}`);
  if (d.footer) L.push('', plain(d.footer));
  return L.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// HTML

const escHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function htmlSegs(segs: Seg[]): string {
  const runs = segs.some((s) => typeof s !== 'string' && 'run' in s);
  let out = '';
  for (const s of segs) {
    if (typeof s === 'string') out += runs ? `<span>${escHtml(s)}</span>` : escHtml(s);
    else if ('br' in s) out += '<br>';
  }
  return out;
}

function renderHtml(d: Doc): string {
  const head: string[] = ['<meta charset="utf-8">'];
  const title = d.properties?.field === 'title' ? d.properties.text : d.title;
  head.push(`<title>${escHtml(title)}</title>`);
  if (d.properties && d.properties.field !== 'title') head.push(`<meta name="${d.properties.field}" content="${escHtml(d.properties.text)}">`);
  if (d.css) head.push(`<style>\n.doc-mark::before { content: "${d.css.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"; font-weight: bold; }\n</style>`);
  const body: string[] = [];
  if (d.htmlComment) body.push(`<!-- ${d.htmlComment.replace(/--/g, '- -')} -->`);
  if (d.css) body.push('<div class="doc-mark"></div>');
  if (d.hidden) body.push(`<div style="display:none">${htmlSegs(d.hidden)}</div>`);
  if (d.header) body.push(`<header><p>${htmlSegs(d.header)}</p></header>`);
  if (d.vertical) body.push(`<div style="writing-mode:vertical-rl">${[...d.vertical].filter((c) => c.trim()).map(escHtml).join('<br>')}</div>`);
  if (d.textbox) body.push(`<div style="position:absolute;top:20px;right:20px;border:1px solid #000;padding:4px">${htmlSegs(d.textbox)}</div>`);
  if (d.alt) body.push(`<p><img src="images/figure1.png" alt="${escHtml(d.alt)}" width="320" height="200"></p>`);
  const open = d.attr ? `<main ${d.attr.name}="${escHtml(d.attr.text)}">` : '<main>';
  const block = (b: Block, fn: boolean) => {
    if (b.kind === 'p') {
      const style = b.align && b.align !== 'left' ? ` style="text-align:${b.align}"` : '';
      body.push(`<p${style}>${htmlSegs(b.segs)}${fn ? '<sup><a href="#fn1">1</a></sup>' : ''}</p>`);
    } else {
      body.push('<table border="1">', ...b.rows.map((r) => `<tr>${r.map((c) => `<td>${htmlSegs(c)}</td>`).join('')}</tr>`), '</table>');
    }
  };
  body.push(open);
  for (const b of d.pre ?? []) block(b, false);
  body.push(`<h1>${escHtml(d.title)}</h1>`);
  d.body.forEach((b, i) => block(b, !!d.footnote && d.footnoteAt === i));
  body.push('</main>');
  if (d.footnote) body.push(`<aside class="footnotes"><p id="fn1"><sup>1</sup> ${htmlSegs(d.footnote)}</p></aside>`);
  if (d.footer) body.push(`<footer><p>${htmlSegs(d.footer)}</p></footer>`);
  return `<!DOCTYPE html>\n<html lang="${d.lang === 'zh' ? 'zh-CN' : 'en'}">\n<head>\n${head.join('\n')}\n</head>\n<body>\n${body.join('\n')}\n</body>\n</html>\n`;
}

// ---------------------------------------------------------------------------------------------
// DOCX

const escXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ' +
  'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"';

function wRun(text: string, rPr = ''): string {
  return `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:t xml:space="preserve">${escXml(text)}</w:t></w:r>`;
}

/** Runs for segments: a run boundary starts a new run (with a differing language tag, as Word does). */
function wRuns(segs: Seg[], rPr = ''): string {
  let out = '';
  let n = 0;
  for (const s of segs) {
    if (typeof s === 'string') {
      if (s) out += wRun(s, rPr + (n++ % 2 ? '<w:lang w:eastAsia="zh-CN"/>' : ''));
    } else if ('br' in s) out += `<w:r>${rPr ? `<w:rPr>${rPr}</w:rPr>` : ''}<w:br/></w:r>`;
    else out += '<w:proofErr w:type="spellStart"/>';
  }
  return out;
}

function wP(inner: string, jc?: string): string {
  return `<w:p>${jc ? `<w:pPr><w:jc w:val="${jc}"/></w:pPr>` : ''}${inner}</w:p>`;
}

function wTable(rows: Seg[][][]): string {
  const cols = Math.max(...rows.map((r) => r.length));
  const w = Math.floor(8800 / cols);
  const border = ['top', 'left', 'bottom', 'right', 'insideH', 'insideV'].map((b) => `<w:${b} w:val="single" w:sz="4" w:space="0" w:color="000000"/>`).join('');
  return (
    `<w:tbl><w:tblPr><w:tblW w:w="${w * cols}" w:type="dxa"/><w:tblBorders>${border}</w:tblBorders></w:tblPr><w:tblGrid>${`<w:gridCol w:w="${w}"/>`.repeat(cols)}</w:tblGrid>` +
    rows.map((r) => `<w:tr>${r.map((c) => `<w:tc><w:tcPr><w:tcW w:w="${w}" w:type="dxa"/></w:tcPr>${wP(wRuns(c))}</w:tc>`).join('')}</w:tr>`).join('') +
    '</w:tbl>'
  );
}

function wTextbox(inner: string): string {
  const anchor = (content: string) =>
    `<wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:posOffset>4000000</wp:posOffset></wp:positionH><wp:positionV relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="1440000" cy="400000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/><wp:docPr id="10" name="文本框 10"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1440000" cy="400000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>${content}<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>`;
  const box = `<w:txbxContent>${wP(inner)}</w:txbxContent>`;
  return wP(
    `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>${anchor(`<wps:txbx>${box}</wps:txbx>`)}</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="文本框 10" o:spid="_x0000_s1026" type="#_x0000_t202" style="position:absolute;width:113.4pt;height:31.5pt"><v:textbox>${box}</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>`,
  );
}

/** A drawn rectangle (no picture, no text) whose description carries the text: alt text without an image to OCR. */
function wShapeWithAlt(descr: string): string {
  return wP(
    `<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="2880000" cy="1440000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:docPr id="20" name="图形 20" descr="${escXml(descr)}"/><wp:cNvGraphicFramePr/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2880000" cy="1440000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`,
  );
}

const FIXED = new Date('2024-05-08T01:30:00Z');

function renderDocx(d: Doc): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const over: string[] = ['<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>', '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'];
  const rels: string[] = [];
  const sect: string[] = [];
  const hdrFtr = (tag: 'hdr' | 'ftr', segs: Seg[]) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:${tag} ${NS}>${wP(wRuns(segs), 'center')}</w:${tag}>`;
  if (d.header) {
    files['word/header1.xml'] = strToU8(hdrFtr('hdr', d.header));
    over.push('<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>');
    rels.push('<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>');
    sect.push('<w:headerReference w:type="default" r:id="rIdH"/>');
  }
  if (d.footer) {
    files['word/footer1.xml'] = strToU8(hdrFtr('ftr', d.footer));
    over.push('<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>');
    rels.push('<Relationship Id="rIdF" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>');
    sect.push('<w:footerReference w:type="default" r:id="rIdF"/>');
  }
  if (d.comment) {
    files['word/comments.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:comments ${NS}><w:comment w:id="0" w:author="${d.lang === 'zh' ? '王秘书' : 'A. Reviewer'}" w:date="2024-05-08T09:30:00Z" w:initials="WM">${wP(wRuns(d.comment))}</w:comment></w:comments>`,
    );
    over.push('<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>');
    rels.push('<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/>');
  }
  if (d.footnote) {
    files['word/footnotes.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes ${NS}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>${wRun(' ')}${wRuns(d.footnote)}</w:p></w:footnote></w:footnotes>`,
    );
    over.push('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>');
    rels.push('<Relationship Id="rIdN" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>');
  }
  const body: string[] = [];
  if (d.hidden) body.push(wP(wRuns(d.hidden, '<w:vanish/>')));
  if (d.vertical) for (const c of [...d.vertical].filter((x) => x.trim())) body.push(wP(wRun(c, '<w:b/><w:sz w:val="44"/>')));
  if (d.textbox) body.push(wTextbox(wRuns(d.textbox)));
  for (const b of d.pre ?? []) body.push(b.kind === 'table' ? wTable(b.rows) + wP('') : wP(wRuns(b.segs)));
  const titleRuns = wRun(d.title, '<w:b/><w:sz w:val="36"/>');
  body.push(wP(d.comment ? `<w:commentRangeStart w:id="0"/>${titleRuns}<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>` : titleRuns, 'center'));
  if (d.alt) body.push(wShapeWithAlt(d.alt));
  d.body.forEach((b, i) => {
    if (b.kind === 'table') body.push(wTable(b.rows), wP(''));
    else body.push(wP(wRuns(b.segs) + (d.footnote && d.footnoteAt === i ? '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>' : ''), b.align === 'right' ? 'right' : b.align === 'center' ? 'center' : undefined));
  });
  files['word/document.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${NS} mc:Ignorable=""><w:body>${body.join('')}<w:sectPr>${sect.join('')}<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`,
  );
  files['word/_rels/document.xml.rels'] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`);
  const prop = (f: string) => (d.properties?.field === f ? escXml(d.properties.text) : f === 'title' ? escXml(d.title) : '');
  files['docProps/core.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${prop('title')}</dc:title><dc:subject>${prop('subject')}</dc:subject><dc:creator>${d.lang === 'zh' ? '办公室' : 'Office'}</dc:creator><cp:keywords>${prop('keywords')}</cp:keywords><dc:description>${prop('description')}</dc:description></cp:coreProperties>`,
  );
  files['_rels/.rels'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>',
  );
  files['[Content_Types].xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${over.join('')}</Types>`,
  );
  // Content types first, as Word writes it; fixed dates keep the bytes reproducible.
  const ordered: Record<string, [Uint8Array, { mtime: Date }]> = {};
  for (const name of ['[Content_Types].xml', '_rels/.rels', ...Object.keys(files).filter((n) => n !== '[Content_Types].xml' && n !== '_rels/.rels')]) ordered[name] = [files[name], { mtime: FIXED }];
  return zipSync(ordered, { level: 6 });
}

// ---------------------------------------------------------------------------------------------
// PDF

const PAGE_W = 595;
const PAGE_H = 842;
const LEFT = 72;
const MAX_W = 450;

type FontKey = 'F1' | 'F2' | 'F3';

/** Which font draws a piece of text: Latin-1 in Helvetica, Hangul in the Korean CID font, the rest in the Chinese one. */
function fontFor(s: string): FontKey {
  if (/[\uac00-\ud7af\u3130-\u318f]/.test(s)) return 'F2';
  if (/^[\x20-\x7e\u00a0-\u00ff]*$/.test(s)) return 'F3';
  return 'F1';
}

function pdfString(s: string, font: FontKey): string {
  if (font === 'F3') return `(${[...s].map((c) => (c === '(' || c === ')' || c === '\\' ? `\\${c}` : c.charCodeAt(0) > 126 ? `\\${c.charCodeAt(0).toString(8).padStart(3, '0')}` : c)).join('')})`;
  let hex = '';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0');
  return `<${hex}>`;
}

/** Splits text into pieces that one font draws. */
function fontPieces(s: string): Array<[FontKey, string]> {
  const out: Array<[FontKey, string]> = [];
  for (const c of s) {
    // Spaces go with whatever font came before, so Latin words stay in one piece.
    const f = c === ' ' && out.length ? out[out.length - 1][0] : fontFor(c);
    if (out.length && out[out.length - 1][0] === f) out[out.length - 1][1] += c;
    else out.push([f, c]);
  }
  return out;
}

const widthOf = (s: string, size: number) => [...s].reduce((w, c) => w + (/[\x20-\x7e]/.test(c) ? 0.55 : 1) * size, 0);

/** One drawn line: pieces drawn one after another (a run boundary is a new Tj in the same line). */
interface PdfLine {
  x: number;
  y: number;
  size: number;
  pieces: string[];
}

function lineOps(l: PdfLine): string {
  let ops = `BT ${l.x} ${l.y} Td `;
  for (const piece of l.pieces) for (const [f, t] of fontPieces(piece)) ops += `/${f} ${l.size} Tf ${pdfString(t, f)} Tj `;
  return ops + 'ET\n';
}

/**
 * Lays a segment list out as lines at most `maxW` wide. Text outside the marking wraps anywhere;
 * `atom` marks segment indices that must stay on one line (the marking itself), so wrapping never
 * adds a line break the variant did not ask for.
 */
function layout(segs: Seg[], size: number, maxW: number): string[][] {
  const lines: string[][] = [[]];
  let w = 0;
  const push = (s: string) => {
    const cur = lines[lines.length - 1];
    if (cur.length) cur[cur.length - 1] += s;
    else cur.push(s);
  };
  for (const s of segs) {
    if (typeof s !== 'string') {
      if ('br' in s) {
        lines.push([]);
        w = 0;
      } else lines[lines.length - 1].push('');
      continue;
    }
    // Short pieces (a marking) never wrap, even if they overflow a narrow cell: a wrapped marking
    // would be a line break the variant did not ask for. Long prose wraps.
    if ([...s].length <= 40) {
      if (w + widthOf(s, size) > maxW && w > 0) {
        lines.push([]);
        w = 0;
      }
      push(s);
      w += widthOf(s, size);
      continue;
    }
    // Latin words wrap whole; CJK wraps at any character.
    for (const c of s.match(/[\x21-\x7e\u00a0-\u024f\u0400-\u04ff]+ ?|[^]/gu) ?? []) {
      const cw = widthOf(c, size);
      if (w + cw > maxW) {
        lines.push([]);
        w = 0;
      }
      push(c);
      w += cw;
    }
  }
  return lines.map((l) => l.filter((p, i) => p !== '' || i > 0));
}

function utf16beHex(s: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < s.length; i++) hex += s.charCodeAt(i).toString(16).padStart(4, '0').toUpperCase();
  return `<${hex}>`;
}

function renderPdf(d: Doc): Uint8Array {
  const pages: Array<{ ops: string[]; annots: string[] }> = [{ ops: [], annots: [] }];
  let y = PAGE_H - 80;
  const page = () => pages[pages.length - 1];
  const emit = (segs: Seg[], size: number, align: 'left' | 'center' | 'right' = 'left', gap = 6) => {
    for (const pieces of layout(segs, size, MAX_W)) {
      if (y < 90) {
        pages.push({ ops: [], annots: [] });
        y = PAGE_H - 80;
      }
      const w = widthOf(pieces.join(''), size);
      const x = align === 'center' ? LEFT + (MAX_W - w) / 2 : align === 'right' ? LEFT + MAX_W - w : LEFT;
      page().ops.push(lineOps({ x: Math.round(x), y, size, pieces }));
      y -= size + gap;
    }
    y -= gap;
  };
  if (d.vertical) {
    for (const c of [...d.vertical].filter((x) => x.trim())) {
      page().ops.push(lineOps({ x: LEFT, y, size: 18, pieces: [c] }));
      y -= 24;
    }
    y -= 12;
  }
  if (d.textbox) {
    const w = Math.min(200, widthOf(plain(d.textbox, ''), 12) + 16);
    const lines = layout(d.textbox, 12, 400);
    const h = lines.length * 16 + 10;
    page().ops.push(`0.5 w ${PAGE_W - 72 - w} ${PAGE_H - 60 - h} ${w} ${h} re S\n`);
    lines.forEach((pieces, i) => page().ops.push(lineOps({ x: PAGE_W - 72 - w + 8, y: PAGE_H - 60 - 14 - i * 16, size: 12, pieces })));
    y = Math.min(y, PAGE_H - 80 - h);
  }
  const block = (b: Block, fn: boolean) => {
    if (b.kind === 'p') {
      emit(fn ? [...b.segs, '①'] : b.segs, 12, b.align ?? 'left');
      return;
    }
    const cols = Math.max(...b.rows.map((r) => r.length));
    const cw = MAX_W / cols;
    for (const row of b.rows) {
      const cells = row.map((c) => layout(c, 11, cw - 10));
      const h = Math.max(...cells.map((l) => l.length)) * 15 + 10;
      if (y - h < 90) {
        pages.push({ ops: [], annots: [] });
        y = PAGE_H - 80;
      }
      row.forEach((_c, j) => {
        page().ops.push(`0.5 w ${Math.round(LEFT + j * cw)} ${y - h + 12} ${Math.round(cw)} ${h} re S\n`);
        cells[j].forEach((pieces, k) => page().ops.push(lineOps({ x: Math.round(LEFT + j * cw + 5), y: y - 3 - k * 15, size: 11, pieces })));
      });
      y -= h;
    }
    y -= 12;
  };
  for (const b of d.pre ?? []) block(b, false);
  emit([d.title], 18, 'center', 10);
  d.body.forEach((b, i) => block(b, !!d.footnote && d.footnoteAt === i));
  if (d.header || d.footer) {
    // Running headers and footers repeat on every page: give the document a second page.
    if (pages.length === 1) {
      pages.push({ ops: [], annots: [] });
      y = PAGE_H - 80;
      emit([d.lang === 'zh' ? '（此页无正文）' : '(This page intentionally left blank.)'], 12, 'center');
    }
    for (const p of pages) {
      for (const [segs, yy] of [
        [d.header, PAGE_H - 45],
        [d.footer, 40],
      ] as Array<[Seg[] | undefined, number]>) {
        if (!segs) continue;
        layout(segs, 10, MAX_W).forEach((pieces, k) => {
          const w = widthOf(pieces.join(''), 10);
          p.ops.push(lineOps({ x: Math.round(LEFT + (MAX_W - w) / 2), y: yy - k * 12, size: 10, pieces }));
        });
      }
    }
  }
  if (d.footnote) {
    const p = pages[0];
    p.ops.push(`0.5 w ${LEFT} 112 m ${LEFT + 150} 112 l S\n`);
    layout(['① ', ...d.footnote], 9, MAX_W).forEach((pieces, k) => p.ops.push(lineOps({ x: LEFT, y: 100 - k * 11, size: 9, pieces })));
  }
  if (d.comment) {
    pages[0].annots.push(`<< /Type /Annot /Subtype /Text /Rect [${PAGE_W - 60} ${PAGE_H - 100} ${PAGE_W - 40} ${PAGE_H - 80}] /Contents ${utf16beHex(plain(d.comment))} /T ${utf16beHex(d.lang === 'zh' ? '王秘书' : 'A. Reviewer')} /Name /Comment /M (D:20240508093000+08'00') >>`);
  }

  // Objects: 1 catalog, 2 pages, 3-5 Chinese font, 6-8 Korean font, 9 Helvetica, 10 info, then per page (page, content, annots...).
  const objs: string[] = [];
  const cid = (base: string, ordering: string, supplement: number, encoding: string, first: number) =>
    [
      `<< /Type /Font /Subtype /Type0 /BaseFont /${base} /Encoding /${encoding} /DescendantFonts [${first + 1} 0 R] >>`,
      `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /${base} /CIDSystemInfo << /Registry (Adobe) /Ordering (${ordering}) /Supplement ${supplement} >> /FontDescriptor ${first + 2} 0 R /DW 1000 /W [1 95 500] >>`,
      `<< /Type /FontDescriptor /FontName /${base} /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>`,
    ];
  objs[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  [objs[3], objs[4], objs[5]] = cid('STSong-Light', 'GB1', 2, 'UniGB-UCS2-H', 3);
  [objs[6], objs[7], objs[8]] = cid('HYSMyeongJo-Medium', 'Korea1', 1, 'UniKS-UCS2-H', 6);
  objs[9] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  const info = [`/Producer (prepub variant generator)`, `/CreationDate (D:20240508093000+08'00')`];
  const propText = d.properties?.text;
  info.push(`/Title ${utf16beHex(d.properties?.field === 'title' && propText ? propText : d.title)}`);
  if (d.properties && d.properties.field !== 'title') info.push(`/${d.properties.field === 'description' ? 'Subject' : d.properties.field[0].toUpperCase() + d.properties.field.slice(1)} ${utf16beHex(d.properties.text)}`);
  objs[10] = `<< ${info.join(' ')} >>`;
  const kids: number[] = [];
  let n = 11;
  for (const p of pages) {
    const pageNo = n++;
    const contentNo = n++;
    const annotNos = p.annots.map(() => n++);
    kids.push(pageNo);
    const content = p.ops.join('');
    objs[pageNo] = `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${PAGE_W} ${PAGE_H}] /Resources << /Font << /F1 3 0 R /F2 6 0 R /F3 9 0 R >> >> /Contents ${contentNo} 0 R${annotNos.length ? ` /Annots [${annotNos.map((a) => `${a} 0 R`).join(' ')}]` : ''} >>`;
    objs[contentNo] = `<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}endstream`;
    p.annots.forEach((a, i) => (objs[annotNos[i]] = a));
  }
  objs[2] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let i = 1; i < objs.length; i++) {
    offsets[i] = Buffer.byteLength(out, 'latin1');
    out += `${i} 0 obj\n${objs[i]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objs.length}\n0000000000 65535 f \n`;
  for (let i = 1; i < objs.length; i++) out += `${String(offsets[i]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objs.length} /Root 1 0 R /Info 10 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/** Renders a document in a format. */
export function render(d: Doc, format: Format): Uint8Array {
  switch (format) {
    case 'txt':
      return strToU8(renderTxt(d));
    case 'html':
      return strToU8(renderHtml(d));
    case 'docx':
      return renderDocx(d);
    case 'pdf':
      return renderPdf(d);
  }
}

/** File extension of a format. */
export const EXT: Record<Format, string> = { txt: 'txt', html: 'html', docx: 'docx', pdf: 'pdf' };
