/**
 * Marked-peer variants: copies other projects' documents (bench/peers/mirror.sh) with the marking
 * 机密★5年 added in a way that keeps each document's own structure, into a folder outside the
 * repository, to be scanned with `pnpm bench peers <out-dir>`: every variant must be not pass (and
 * should block). Nothing written here is committed.
 *
 *   pnpm tsx bench/peers/mark.ts <out-dir> <file>…        (run from the repository root)
 *
 * Variants are named `<how>-<file name>`:
 * - PDF: `page-`, an incremental update that gives the first page two more content streams (q before
 *   the page's own, then Q and the marking in STSong-Light, black, in the top margin; MARK_AT=inside
 *   puts it 50 pt down, beside the page's own text) with the font added to the page's resources;
 *   `annot-`, an incremental update adding a FreeText annotation whose /Contents is the marking.
 *   Encrypted files are skipped.
 * - DOCX: `body-`, a paragraph first in <w:body>; `cell-`, `header-`, `txbx-`, one first in the first
 *   table cell, header, text box; MARK_PARTS=1 adds `part_<part>-`, one before the first paragraph of
 *   every other part of word/ (footnotes, endnotes, comments, footers, glossary).
 * - MARK_TEXT=1, any ZIP of XML (DOCX, XLSX, PPTX, ODF): `t_<part>-`, the first text element's content
 *   of each XML part replaced by the marking.
 * - MARK_CTX=1, any ZIP of XML: `c<n>_<context>-`, for each distinct context of a text element (its
 *   last four ancestors, paragraphs and runs left out) the first such element's text replaced, and
 *   text-like attributes (v:textpath string, docPr descr/title, sdt alias/tag) likewise. A run
 *   replaced inside a sentence makes a marking in running text, which the detectors weigh as a
 *   mention (info): such a pass is a placement, not a reading loss.
 * - .html/.htm/.xhtml: `h_<place>-`, the marking as numeric character references in the body, a
 *   title attribute, an alt text, the <title>, a table cell, a span, a comment.
 * - .eml: `e_subject-`, the subject as an encoded word; `e_part<k>-`, a first line in each UTF-8 or
 *   ASCII text part, encoded as the part is (base64, quoted-printable, 8bit; HTML parts as NCRs).
 * - MARK_STRUCT=1, DOCX/XLSX/PPTX/ODF/RTF: `s_<structure>-`, the marking as a structure of the format
 *   added (bench/peers/structures.ts: document variables, custom XML, list labels, tooltips, prompts, …).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, resolve } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { structureVariants } from './structures.ts';

const require = createRequire(resolve('packages/extract-pdf/package.json'));
// pdf-lib is extract-pdf's dependency, not the bench's: loaded from there, untyped.
const PL: any = require('pdf-lib');

const MARK = '机密★5年';
const [out, ...inputs] = process.argv.slice(2);
mkdirSync(out, { recursive: true });

function docxVariants(bytes: Uint8Array): Array<[string, Uint8Array]> {
  const files = unzipSync(bytes);
  const rels = files['_rels/.rels'] ? strFromU8(files['_rels/.rels']) : '';
  const main = (/Target="\/?([^"]*)"[^>]*Type="[^"]*officeDocument"|Type="[^"]*officeDocument"[^>]*Target="\/?([^"]*)"/.exec(rels) ?? []).slice(1).find(Boolean) ?? 'word/document.xml';
  const out: Array<[string, Uint8Array]> = [];
  const para = (p: string) => `<${p}p><${p}r><${p}t>${MARK}</${p}t></${p}r></${p}p>`;
  const edit = (name: string, f: (xml: string) => string | undefined, tag: string) => {
    if (!files[name]) return;
    const xml = strFromU8(files[name]);
    const next = f(xml);
    if (!next || next === xml) return;
    out.push([tag, zipSync({ ...files, [name]: strToU8(next) })]);
  };
  edit(main, (xml) => {
    const m = /<(\w+:)?body\b[^>]*?>/.exec(xml);
    return m ? xml.slice(0, m.index + m[0].length) + para(m[1] ?? '') + xml.slice(m.index + m[0].length) : undefined;
  }, 'body');
  edit(main, (xml) => {
    const m = /<(\w+:)?tc\b[^>]*?>(?:\s*<\w+:tcPr\b[\s\S]*?<\/\w+:tcPr>)?/.exec(xml);
    return m ? xml.slice(0, m.index + m[0].length) + para(m[1] ?? '') + xml.slice(m.index + m[0].length) : undefined;
  }, 'cell');
  edit(main, (xml) => {
    const m = /<(\w+:)?txbxContent\b[^>]*?>/.exec(xml);
    return m ? xml.slice(0, m.index + m[0].length) + para(m[1] ?? '') + xml.slice(m.index + m[0].length) : undefined;
  }, 'txbx');
  const header = Object.keys(files).find((n) => /^word\/header\d*\.xml$/.test(n));
  if (header)
    edit(header, (xml) => {
      const m = /<(\w+:)?hdr\b[^>]*?>/.exec(xml);
      return m ? xml.slice(0, m.index + m[0].length) + para(m[1] ?? '') + xml.slice(m.index + m[0].length) : undefined;
    }, 'header');
  // Before the first paragraph of every other part that has paragraphs (footnotes, endnotes, comments,
  // footers, the glossary, …): the first paragraph of footnotes.xml is the separator's.
  if (process.env.MARK_PARTS)
    for (const name of Object.keys(files).filter((n) => /^word\/.*\.xml$/.test(n) && n !== main && n !== header)) {
      edit(name, (xml) => {
        const m = /<(\w+:)?p[\s>]/.exec(xml);
        return m ? xml.slice(0, m.index) + para(m[1] ?? '') + xml.slice(m.index) : undefined;
      }, `part_${name.slice(5).replace(/[\/.]/g, '_')}`);
    }
  return out;
}

const CJK_FONT =
  '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light ' +
  '/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 ' +
  '/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> /DW 1000 >>] >>';
const ucs2 = (s: string) => `<${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;

function appendUpdate(bytes: Uint8Array, objects: Array<[number, string]>, size: number, trailerExtra: string, prev: number): Uint8Array {
  let s = '\n';
  const offsets: Array<[number, number]> = [];
  for (const [num, body] of objects) {
    offsets.push([num, bytes.length + Buffer.byteLength(s, 'latin1')]);
    s += `${num} 0 obj\n${body}\nendobj\n`;
  }
  const xrefAt = bytes.length + Buffer.byteLength(s, 'latin1');
  s += 'xref\n0 1\n0000000000 65535 f \n';
  for (const [num, off] of offsets) s += `${num} 1\n${String(off).padStart(10, '0')} 00000 n \n`;
  s += `trailer\n<< /Size ${size} ${trailerExtra} /Prev ${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  return Buffer.concat([bytes, Buffer.from(s, 'latin1')]);
}

async function pdfVariants(bytes: Uint8Array): Promise<Array<[string, Uint8Array]>> {
  const s = Buffer.from(bytes).toString('latin1');
  const sx = [...s.matchAll(/startxref\s+(\d+)/g)].pop();
  if (!sx) return [];
  const doc = await PL.PDFDocument.load(bytes, { ignoreEncryption: true, updateMetadata: false, throwOnInvalidObject: false });
  if (doc.isEncrypted) return [];
  const page = doc.getPages()[0];
  if (!page) return [];
  const ref = page.ref;
  const trailer = doc.context.trailerInfo;
  const extra = `/Root ${trailer.Root} ${trailer.Info ? `/Info ${trailer.Info}` : ''}`;
  const base = doc.context.largestObjectNumber + 1;
  const box = page.getCropBox();
  const x = box.x + Math.min(36, box.width / 10);
  const size = Math.max(6, Math.min(14, box.width / 20));
  // In the top margin (MARK_AT=margin, a line of its own) or 50 pt down (MARK_AT=inside, maybe beside the page's own text).
  const y = process.env.MARK_AT === 'inside' ? box.y + box.height - Math.min(50, box.height / 5) : box.y + box.height - size - 2;
  const out: Array<[string, Uint8Array]> = [];

  // Page content: q … own content … Q, then the marking in black.
  {
    const node = page.node.clone();
    const res = (page.node.Resources()?.clone() ?? doc.context.obj({}));
    const fonts = (res.lookupMaybe(PL.PDFName.of('Font'), PL.PDFDict)?.clone() ?? doc.context.obj({}));
    fonts.set(PL.PDFName.of('PPMark'), PL.PDFRef.of(base + 2));
    res.set(PL.PDFName.of('Font'), fonts);
    node.set(PL.PDFName.of('Resources'), res);
    const old = page.node.get(PL.PDFName.of('Contents'));
    const oldList = old instanceof PL.PDFArray ? old.asArray() : old ? [old] : [];
    const arr = doc.context.obj([PL.PDFRef.of(base), ...oldList, PL.PDFRef.of(base + 1)]);
    node.set(PL.PDFName.of('Contents'), arr);
    const a = 'q\n';
    const b = `\nQ\nBT 0 g 0 Tr /PPMark ${size.toFixed(1)} Tf 1 0 0 1 ${x.toFixed(1)} ${y.toFixed(1)} Tm ${ucs2(MARK)} Tj ET\n`;
    out.push([
      'page',
      appendUpdate(
        bytes,
        [
          [base, `<< /Length ${a.length} >>\nstream\n${a}\nendstream`],
          [base + 1, `<< /Length ${Buffer.byteLength(b, 'latin1')} >>\nstream\n${b}\nendstream`],
          [base + 2, CJK_FONT],
          [ref.objectNumber, node.toString()],
        ],
        base + 3,
        extra,
        Number(sx[1]),
      ),
    ]);
  }
  // A FreeText annotation.
  {
    const node = page.node.clone();
    const annots = page.node.Annots();
    const list = annots ? annots.asArray() : [];
    node.set(PL.PDFName.of('Annots'), doc.context.obj([...list, PL.PDFRef.of(base)]));
    const rect = `[${x.toFixed(1)} ${(y - 20).toFixed(1)} ${(x + 200).toFixed(1)} ${y.toFixed(1)}]`;
    out.push([
      'annot',
      appendUpdate(
        bytes,
        [
          [base, `<< /Type /Annot /Subtype /FreeText /Rect ${rect} /Contents <FEFF${Buffer.from(MARK, 'utf16le').swap16().toString('hex').toUpperCase()}> /DA (/Helv 12 Tf 0 g) /F 4 >>`],
          [ref.objectNumber, node.toString()],
        ],
        base + 1,
        extra,
        Number(sx[1]),
      ),
    ]);
  }
  return out;
}

/**
 * MARK_TEXT=1, any ZIP of XML (DOCX, XLSX, PPTX, ODF): one variant per XML part, with the first text
 * element's content (`<w:t>`, `<a:t>`, `<t>`, `<text:p>`, `<text:h>`, `<text:span>`) replaced by the marking.
 */
function textVariants(bytes: Uint8Array): Array<[string, Uint8Array]> {
  const files = unzipSync(bytes);
  const out: Array<[string, Uint8Array]> = [];
  for (const name of Object.keys(files)) {
    if (!/\.xml$/i.test(name) || /\[Content_Types\]|\.rels$/.test(name)) continue;
    const xml = strFromU8(files[name]);
    const m = /<((?:\w+:)?t|text:p|text:h|text:span)(\s[^>]*)?>([^<]*)<\/\1>/.exec(xml) ?? /<(text:p|text:h)(\s[^>]*)?>([\s\S]*?)<\/\1>/.exec(xml);
    if (!m) continue;
    const next = xml.slice(0, m.index) + `<${m[1]}${m[2] ?? ''}>${MARK}</${m[1]}>` + xml.slice(m.index + m[0].length);
    out.push([`t_${name.replace(/[\/.]/g, '_')}`, zipSync({ ...files, [name]: strToU8(next) })]);
  }
  return out;
}

/** 机密★5年 as HTML numeric character references: right in any declared charset. */
const NCR = [...MARK].map((c) => `&#${c.codePointAt(0)};`).join('');

/** HTML: the marking in places a page keeps text (NCRs, so the page's charset does not matter). */
function htmlVariants(bytes: Uint8Array): Array<[string, Uint8Array]> {
  const s = Buffer.from(bytes).toString('latin1');
  const out: Array<[string, Uint8Array]> = [];
  const at = (re: RegExp, insert: string, tag: string) => {
    const m = re.exec(s);
    if (!m) return;
    const i = m.index + m[0].length;
    out.push([tag, Buffer.from(s.slice(0, i) + insert + s.slice(i), 'latin1')]);
  };
  at(/<body\b[^>]*>/i, `<p>${NCR}</p>`, 'h_body');
  at(/<body\b[^>]*>/i, `<div title="${NCR}">&nbsp;</div>`, 'h_title');
  at(/<body\b[^>]*>/i, `<img src="x.png" alt="${NCR}">`, 'h_alt');
  at(/<head\b[^>]*>/i, `<title>${NCR}</title>`, 'h_headtitle');
  at(/<body\b[^>]*>/i, `<table><tr><td>${NCR}</td></tr></table>`, 'h_cell');
  at(/<\/p>/i, `<span>${NCR}</span>`, 'h_span');
  at(/<html\b[^>]*>/i, `<!-- ${NCR} -->`, 'h_comment');
  if (!out.length) out.push(['h_prefix', Buffer.concat([Buffer.from(`<p>${NCR}</p>\n`, 'latin1'), bytes])]);
  return out;
}

/** E-mail: the subject as an encoded word, and a line at the top of each UTF-8 or ASCII text part (re-encoded as the part is). */
function emlVariants(bytes: Uint8Array): Array<[string, Uint8Array]> {
  const s = Buffer.from(bytes).toString('latin1');
  const out: Array<[string, Uint8Array]> = [];
  const word = `=?UTF-8?B?${Buffer.from(MARK).toString('base64')}?=`;
  const subj = /^Subject:[ \t]*/im.exec(s);
  if (subj) out.push(['e_subject', Buffer.from(s.slice(0, subj.index + subj[0].length) + word + ' ' + s.slice(subj.index + subj[0].length), 'latin1')]);
  else {
    const end = s.search(/\r?\n\r?\n/);
    if (end > 0) out.push(['e_subject', Buffer.from(s.slice(0, end) + `\r\nSubject: ${word}` + s.slice(end), 'latin1')]);
  }
  // The first body line of text parts: find "Content-Type: text/plain|html" headers, then the blank line.
  const re = /Content-Type:[ \t]*text\/(plain|html)([^]*?)(\r?\n\r?\n)/gi;
  let m: RegExpExecArray | null;
  let k = 0;
  while ((m = re.exec(s)) && k < 3) {
    const headers = m[0];
    const cs = /charset\s*=\s*"?([\w-]+)/i.exec(headers)?.[1]?.toLowerCase() ?? 'us-ascii';
    const cte = /Content-Transfer-Encoding:[ \t]*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase() ?? '7bit';
    const html = m[1].toLowerCase() === 'html';
    const i = m.index + m[0].length;
    let insert: string;
    const line = html ? `<p>${NCR}</p>` : MARK;
    if (cte === 'base64') {
      const end = s.slice(i).search(/\r?\n(?:\r?\n|--)/);
      const b64 = s.slice(i, end < 0 ? s.length : i + end);
      if (!['utf-8', 'us-ascii', 'utf8'].includes(cs) && !html) continue;
      const body = Buffer.concat([Buffer.from(line + '\r\n', 'utf8'), Buffer.from(b64.replace(/\s+/g, ''), 'base64')]).toString('base64').replace(/.{76}/g, '$&\r\n');
      out.push([`e_part${k++}`, Buffer.from(s.slice(0, i) + body + s.slice(i + b64.length), 'latin1')]);
      continue;
    }
    if (html) insert = line + '\r\n';
    else if (!['utf-8', 'utf8'].includes(cs)) continue;
    else insert = cte === 'quoted-printable' ? [...Buffer.from(MARK)].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('') + '\r\n' : Buffer.from(MARK + '\r\n').toString('latin1');
    out.push([`e_part${k++}`, Buffer.from(s.slice(0, i) + insert + s.slice(i), 'latin1')]);
  }
  return out;
}

/**
 * MARK_CTX=1, any ZIP of XML: for each distinct context of a text element (its ancestors' names,
 * paragraphs and runs left out) in every XML part, one variant with that element's text replaced by
 * the marking; and each text-like attribute likewise. MARK_CTX=all widens both: every leaf element
 * holding a letter (a chart's cached c:v, an equation's m:t, a custom XML item, docProps/custom.xml's
 * vt:lpwstr, …) and every attribute of TEXT_ATTRS (tooltips, data-validation prompts, pivot cache
 * items, defined-name comments, content-control placeholders, ODF string values, …), docProps/ too.
 * MARK_DEDUPE=1 keeps one variant per context across all inputs (a corpus-wide structure survey).
 */
const TEXT_ATTRS = new Set([
  'tooltip', 'w:tooltip', 'prompt', 'promptTitle', 'error', 'errorTitle', 'comment', 'descr', 'title', 'string', 'caption',
  'w:helpText', 'w:statusText', 'w:displayText', 'w:default', 'w:author', 'w:initials', 'alt', 'o:title', 'o:alt', 'o:href',
  'office:string-value', 'text:string-value', 'office:target-frame-name', 'xlink:title', 'text:description', 'draw:name',
  'table:name', 'name', 'displayName', 'uniqueName', 'fullName', 'v', 'n', 'c', 'u', 'userName', 'text', 'label', 'help',
  'w:val', 'val', 'dataField', 'formula', 'ref', 'xlink:href', 'svg:title', 'presentation:class', 'text:name',
]);
const ctxAll = process.env.MARK_CTX === 'all';
const ctxSeen = new Set<string>();

function contextVariants(bytes: Uint8Array): Array<[string, Uint8Array]> {
  const files = unzipSync(bytes);
  const out: Array<[string, Uint8Array]> = [];
  const seen = process.env.MARK_DEDUPE ? ctxSeen : new Set<string>();
  // w:val is a style or a number nearly everywhere: only the places where it is text.
  const wValText = /^(w:alias|w:tag|w:listEntry|w:default|w:result|w:helpText|w:statusText|w:docPartGallery|w:docPart|w:placeholder|w:name|w:format|w:lang)$/;
  for (const name of Object.keys(files)) {
    if (!/\.(xml|vml|rels)$/i.test(name) || /\[Content_Types\]/.test(name)) continue;
    if (!ctxAll && (/\.rels$/.test(name) || /^docProps\//.test(name))) continue;
    if (/\.rels$/.test(name) && !/TargetMode="External"/.test(strFromU8(files[name]))) continue;
    const xml = strFromU8(files[name]);
    const stack: string[] = [];
    const re = /<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[[\s\S]*?\]\]>/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(xml))) {
      if (!m[2]) continue;
      const [, close, tag, attrs, selfClose] = m;
      if (close) {
        const k = stack.lastIndexOf(tag);
        if (k >= 0) stack.length = k;
        continue;
      }
      const ctx = stack.filter((t) => !/^(w:p|w:r|w:body|w:document|w:hdr|w:ftr|w:footnotes|w:endnotes|w:comments)$/.test(t)).slice(-4).join('>');
      const named = tag === 'w:t' || tag === 'w:delText' || tag === 'w:instrText' || tag === 'a:t' || tag === 't' || tag === 'text:p' || tag === 'text:h' || tag === 'text:span';
      if (!selfClose && (named || ctxAll)) {
        const end = xml.indexOf('<', re.lastIndex);
        const content = end > 0 ? xml.slice(re.lastIndex, end) : '';
        // A leaf: the next tag closes this one. Other elements only when named, with text.
        const leaf = end > 0 && xml.startsWith(`</${tag}>`, end);
        const ok = named ? !tag.startsWith('text:') || content.trim() : leaf && /\p{L}/u.test(content);
        const key = `${name.replace(/\d+/g, '')}|${ctx}|${tag}`;
        if (ok && !seen.has(key)) {
          seen.add(key);
          const next = xml.slice(0, re.lastIndex) + (tag === 'w:instrText' ? ` HYPERLINK "#" \\o "${MARK}" ` : MARK) + xml.slice(end);
          out.push([`c${out.length}_${(ctx + '>' + tag).replace(/[^\w>]+/g, '_').replace(/>/g, '.').slice(-90)}`, zipSync({ ...files, [name]: strToU8(next) })]);
        }
      }
      for (const am of attrs.matchAll(/\s([\w:.-]+)\s*=\s*("[^"]*"|'[^']*')/g)) {
        const an = am[1];
        if (an.startsWith('xmlns')) continue;
        const local = an.replace(/^\w+:/, '');
        const textual = ctxAll
          ? (TEXT_ATTRS.has(an) || TEXT_ATTRS.has(local)) && (an !== 'w:val' || wValText.test(tag)) && !(local === 'val' && !/\p{L}/u.test(am[2])) &&
            !(['name', 'ref', 'n', 'c', 'u', 'v', 'formula', 'dataField', 'presentation:class', 'href', 'xlink:href'].includes(an) && !/\p{L}{2}/u.test(am[2]))
          : (tag === 'v:textpath' && an === 'string') || (/docPr$/.test(tag) && (an === 'descr' || an === 'title')) || ((tag === 'w:alias' || tag === 'w:tag') && an === 'w:val');
        if (!textual) continue;
        const key = `${name.replace(/\d+/g, '')}|${tag}@${an}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const at = m.index + m[0].indexOf(am[0]);
        const val = /href|Target/i.test(an) ? `#${encodeURIComponent(MARK)}` : MARK;
        const next = xml.slice(0, at) + ` ${an}="${val}"` + xml.slice(at + am[0].length);
        out.push([`c${out.length}_${(name.replace(/\d+/g, '') + '.' + tag + '@' + an).replace(/[^\w@]+/g, '_').slice(-90)}`, zipSync({ ...files, [name]: strToU8(next) })]);
      }
      if (!selfClose) stack.push(tag);
    }
  }
  return out;
}

for (const f of inputs) {
  const bytes = new Uint8Array(readFileSync(f));
  const name = basename(f);
  try {
    const isPdf = Buffer.from(bytes.subarray(0, 1024)).toString('latin1').includes('%PDF');
    const vs = process.env.MARK_STRUCT ? structureVariants(bytes, name) : isPdf ? await pdfVariants(bytes) : /\.eml$/i.test(f) ? emlVariants(bytes) : /\.x?html?$/i.test(f) ? htmlVariants(bytes) : process.env.MARK_CTX ? contextVariants(bytes) : process.env.MARK_TEXT ? textVariants(bytes) : docxVariants(bytes);
    if (!vs.length) console.error(`no variant: ${f}`);
    for (const [tag, b] of vs) writeFileSync(join(out, `${tag}-${name}`), b);
  } catch (e) {
    console.error(`failed: ${f}: ${(e as Error).message.split('\n')[0]}`);
  }
}
