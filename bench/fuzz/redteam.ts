/**
 * Mutation classes for the kinds of leak the manual red-team rounds found and the fuzzer did not
 * make: each takes a marked seed, finds its marking, and writes the marking again the way a
 * red-team file did — moved, split or wrapped, never removed — so a regression of the fix, or a
 * neighbouring variant of it, turns up as a pass on a file that carries a marking:
 *
 *  - tab-cell-*            the level (机密) or the whole mark in a cell of its own between Chinese
 *                          cells: a TAB-joined text row, an XLSX/ODS row, a DOCX tab-stop line or table row;
 *  - bracket-title-*       `【机密★5年】关于……的通知` opening the title line, or as an e-mail Subject;
 *  - separate-marking      dash, dot and blank characters between the marking's characters
 *                          (U+2212, U+22C5, U+2800, U+301C, U+1680, U+2027, U+00B7, U+3000 and neighbours);
 *  - level-enumeration-*   a line listing 绝密、机密、秘密 (a regulation's title) 1–3 lines under the marking;
 *  - pdf-encrypt-empty-user  the seed's text (or the seed PDF) encrypted, RC4 40/128 or AES-128, empty user password;
 *  - image-appended-file   a PNG after IEND / JPEG after EOI carrying the marked text or a DOCX of it;
 *  - image-metadata-marking  the marking in a picture's XMP, iTXt/tEXt or JPEG COM;
 *  - math-alphanumeric-banner, hangul-nfd-banner  a foreign banner in mathematical letters (𝐓𝐎𝐏 𝐒𝐄𝐂𝐑𝐄𝐓)
 *                          or a Korean banner in decomposed jamo (NFD).
 *
 * Every class rewrites the file around the marking's text instead of keeping its bytes, so its
 * inputs count as marking intact (touched: []) although the byte check of tests/fuzz.test.ts
 * cannot follow them (REWRITING lists them). Deterministic: the Rng decides every choice.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { deflateSync, inflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { xlsx } from '../../packages/ooxml/test/ooxml-writer.ts';
import { Rng, concat, crc32, newEntry, readZip, writeZip, type RawEntry } from './bytes.ts';
import { mail } from './containers.ts';
import { stream, writePdf } from './generate.ts';
import type { Mutated, Mutation } from './mutations.ts';
import { decodeAs, encodeAs, type Seed, type TextEncoding } from './seeds.ts';
import { rc4 as rc4Bytes } from '../../packages/extract-pdf/src/decrypt.ts';

const enc = new TextEncoder();
const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const fromLatin1 = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const UNICODE: ReadonlySet<TextEncoding> = new Set(['utf8', 'utf8bom', 'utf16le', 'utf16be']);
const cp = (s: string) => [...s].map((c) => `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`).join(' ');

// ---------------------------------------------------------------- finding the marking

const LEVEL = '(?:绝密|机密|秘密|絕密|機密|祕密)';
/** A Chinese mark: the level, and its star and period when written. */
const MARK_RE = new RegExp(`${LEVEL}(?:[ \\u3000]*[★☆＊*][ \\u3000]*(?:长期|長期|[0-9０-９]{4}[年.\\-/][0-9０-９]{1,2}[月.\\-/](?:[0-9０-９]{1,2}日?)?|[0-9０-９一二三四五六七八九十]+[ \\u3000]*(?:年|个月|個月|月)))?`);

interface Found {
  text: string;
  /** The marking line's start, end (without its line break) and the mark on it. */
  lineStart: number;
  lineEnd: number;
  at: number;
  mark: string;
  level: string;
  /** True when the line is the mark and little else (a number, a 密级 label, brackets). */
  alone: boolean;
}

/** The first line that holds a Chinese mark, preferring one that is the mark alone. */
function findMark(text: string): Found | undefined {
  let first: Found | undefined;
  let start = 0;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    const m = MARK_RE.exec(line);
    if (m) {
      const rest = line.replace(m[0], '').replace(/[\s\u3000]|密级|密級|[:：()（）【】〔〕]/g, '');
      const f: Found = { text, lineStart: start, lineEnd: start + line.length, at: start + m.index, mark: m[0], level: m[0].slice(0, 2), alone: rest.length <= 8 && line.length <= 40 };
      if (f.alone) return f;
      first ??= f;
    }
    start += raw.length + 1;
  }
  return first;
}

/** The text as written in the seed, or undefined for a seed whose encoding cannot carry `next`. */
function reencode(seed: Seed, next: string): Uint8Array | undefined {
  const e = seed.encoding ?? 'utf8';
  const bytes = encodeAs(next, e);
  return decodeAs(bytes, e) === next ? bytes : undefined;
}

/**
 * The text of a plain-text seed: not a hostile construction that only sniffs as text (a PDF with
 * bytes before its header, a TNEF stream, a flat ODF file), whose marking a rewrite as text would
 * destroy, and decoding cleanly in its encoding.
 */
function seedText(seed: Seed): string | undefined {
  if (seed.kind !== 'text' || seed.id.startsWith('hostile/')) return undefined;
  const text = decodeAs(seed.bytes, seed.encoding ?? 'utf8');
  // Markup (a flat ODF file, XML) holds its marking between tags a rewrite as lines would mangle.
  return text.includes('\ufffd') || /[\x00-\x08\x0e-\x1a]/.test(text) || /^\s*</.test(text) ? undefined : text;
}

/** The seed's text and marking (plain-text seeds). */
function textMark(seed: Seed): Found | undefined {
  const text = seedText(seed);
  return text === undefined ? undefined : findMark(text);
}

/** The text with the marking line removed (the line break after it too). */
function withoutMarkLine(f: Found): string {
  const after = f.text[f.lineEnd] === '\n' ? f.lineEnd + 1 : f.lineEnd;
  return f.text.slice(0, f.lineStart) + f.text.slice(after);
}

/** Lines of the text without empty ones. */
const linesOf = (s: string) => s.split('\n').map((l) => l.replace(/\r$/, '')).filter((l) => l.trim());

/** A title: the first line naming a kind of document, else the first line of several ideographs. */
function titleIndex(lines: string[]): number {
  const t = lines.findIndex((l) => l.length <= 70 && !/[，。；]|^[\s\u3000]*[一二三四五六七八九十\d]+[、.．]/.test(l) && /关于|關於|通知|意见|意見|决定|決定|报告|報告|方案|纪要|紀要|请示|請示|函|办法|辦法|规定|規定|计划|計劃/.test(l) && !MARK_RE.test(l));
  if (t >= 0) return t;
  return lines.findIndex((l) => /[\u4e00-\u9fff]{4}/.test(l) && !MARK_RE.test(l) && !/[。；！？]/.test(l) && l.length <= 70);
}

// ---------------------------------------------------------------- 1. tab-joined cells

const LEFT_CELLS = ['文件名称', '汛期物资调度方案', '序号1 工程总体方案', '江临市人民政府办公室'];
const RIGHT_CELLS = ['2026年', '江临市人民政府办公室', '2026年5月6日', '办公室存档'];

function cells(f: Found, rng: Rng): { left: string; cell: string; right: string; variant: string } {
  const variant = rng.pick(['level', 'mark'] as const);
  return { left: rng.pick(LEFT_CELLS), cell: variant === 'level' ? f.level : f.mark, right: rng.pick(RIGHT_CELLS), variant };
}

const tabCellText: Mutation = {
  name: 'tab-cell-text',
  kinds: ['text'],
  what: 'the marking line replaced by a TAB-joined row with the level (机密) or the whole mark in a cell of its own between Chinese cells (文件名称\\t机密\\t2026年)',
  apply(seed, rng) {
    const f = textMark(seed);
    if (!f?.alone) return undefined;
    const c = cells(f, rng);
    const edge = rng.pick(['', '\t'] as const);
    const row = `${edge}${c.left}\t${c.cell}\t${c.right}${edge}`;
    const bytes = reencode(seed, f.text.slice(0, f.lineStart) + row + f.text.slice(f.lineEnd));
    return bytes && { bytes, params: { row: row.replace(/\t/g, '\\t'), variant: c.variant }, touched: [] };
  },
};

/** Paragraphs of word/document.xml and their text. */
function docxParagraphs(xml: string): Array<{ start: number; end: number; text: string }> {
  const out: Array<{ start: number; end: number; text: string }> = [];
  for (const m of xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)) {
    // A paragraph nested in another (text box) is found inside its parent's match: good enough here.
    const text = [...m[0].matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('');
    out.push({ start: m.index!, end: m.index! + m[0].length, text });
  }
  return out;
}

function docxMain(seed: Seed): { entries: RawEntry[]; main: RawEntry; xml: string } | undefined {
  const entries = readZip(seed.bytes);
  const main = entries?.find((e) => e.name === 'word/document.xml');
  if (!entries || !main) return undefined;
  try {
    return { entries, main, xml: Buffer.from(main.method === 8 ? inflateRawSync(main.data) : main.data).toString('utf8') };
  } catch {
    return undefined;
  }
}

const wp = (t: string) => `<w:p><w:r><w:t xml:space="preserve">${t}</w:t></w:r></w:p>`;

const tabCellDocx: Mutation = {
  name: 'tab-cell-docx',
  kinds: ['docx'],
  what: 'the marked paragraph of a DOCX replaced by a tab-stop line (文件名称<w:tab/>机密<w:tab/>2026年) or a table row with the level or the whole mark in a cell of its own',
  apply(seed, rng) {
    const d = docxMain(seed);
    if (!d) return undefined;
    const p = docxParagraphs(d.xml).find((x) => MARK_RE.test(x.text) && x.text.length <= 40);
    if (!p) return undefined;
    const f = findMark(p.text)!;
    const c = cells(f, rng);
    const layout = rng.pick(['tab-stops', 'table'] as const);
    const r = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
    const repl =
      layout === 'tab-stops'
        ? `<w:p><w:pPr><w:tabs><w:tab w:val="center" w:pos="4153"/><w:tab w:val="right" w:pos="8306"/></w:tabs></w:pPr>${r(c.left)}<w:r><w:tab/></w:r>${r(c.cell)}<w:r><w:tab/></w:r>${r(c.right)}</w:p>`
        : `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="2000"/><w:gridCol w:w="3000"/></w:tblGrid><w:tr>${[c.left, c.cell, c.right].map((t) => `<w:tc><w:tcPr><w:tcW w:w="0" w:type="auto"/></w:tcPr>${wp(t)}</w:tc>`).join('')}</w:tr></w:tbl><w:p/>`;
    const xml = d.xml.slice(0, p.start) + repl + d.xml.slice(p.end);
    return { bytes: writeZip(d.entries.map((e) => (e === d.main ? newEntry(e.name, xml) : e))), params: { layout, cells: [c.left, c.cell, c.right], variant: c.variant }, touched: [] };
  },
};

const xmlEsc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A packaged OpenDocument spreadsheet of one sheet: each row a table row of string cells. */
function ods(rows: string[][]): Uint8Array {
  const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
  const body = rows.map((r) => `<table:table-row>${r.map((c) => `<table:table-cell office:value-type="string"><text:p>${xmlEsc(c)}</text:p></table:table-cell>`).join('')}</table:table-row>`).join('');
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS} office:version="1.3"><office:body><office:spreadsheet><table:table table:name="Sheet1">${body}</table:table></office:spreadsheet></office:body></office:document-content>`;
  const manifest = '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>';
  const mimetype = enc.encode('application/vnd.oasis.opendocument.spreadsheet');
  return writeZip([{ ...newEntry('mimetype', mimetype), method: 0, data: mimetype }, newEntry('content.xml', content), newEntry('META-INF/manifest.xml', manifest)]);
}

const tabCellSheet: Mutation = {
  name: 'tab-cell-sheet',
  kinds: ['text'],
  what: 'the text as an XLSX or ODS sheet, a line a row, the marking line a row of three cells with the level or the whole mark in the middle one (文件名称 | 机密 | 2026年)',
  apply(seed, rng) {
    const f = textMark(seed);
    if (!f?.alone) return undefined;
    const c = cells(f, rng);
    const rows = linesOf(f.text.slice(0, f.lineStart)).map((l) => [l]);
    rows.push([c.left, c.cell, c.right]);
    rows.push(...linesOf(f.text.slice(f.lineEnd)).map((l) => [l]));
    const format = rng.pick(['xlsx', 'ods'] as const);
    const bytes = format === 'xlsx' ? xlsx({ sheets: [{ name: '登记表', rows }] }) : ods(rows);
    return { bytes, params: { format, row: [c.left, c.cell, c.right], variant: c.variant }, touched: [] };
  },
};

// ---------------------------------------------------------------- 2. a bracketed mark opening the title

const BRACKETS: Array<[string, string]> = [['【', '】'], ['[', ']'], ['〔', '〕'], ['［', '］'], ['〖', '〗'], ['（', '）'], ['(', ')']];

function bracketed(f: Found, rng: Rng, levelOnly: boolean): { title: string; rest: string; prefix: string } | undefined {
  const rest = withoutMarkLine(f);
  const lines = rest.split('\n');
  const t = titleIndex(lines.map((l) => l.replace(/\r$/, '')));
  if (t < 0) return undefined;
  const [open, close] = rng.pick(BRACKETS);
  if (!levelOnly && f.mark === f.level) return undefined;
  const prefix = `${open}${levelOnly ? f.level : f.mark}${close}`;
  // After a Markdown heading's #s, as a writer would put it; leading blanks dropped.
  lines[t] = lines[t].replace(/^([\s\u3000]*(?:#+[ \t]*)?)/, (_, head: string) => `${head.trim() ? `${head.trim()} ` : ''}${prefix}`);
  return { title: lines[t].replace(/\r$/, ''), rest: lines.join('\n'), prefix };
}

const bracketTitle = (levelOnly: boolean): Mutation => ({
  name: levelOnly ? 'bracket-level-title-text' : 'bracket-title-text',
  kinds: ['text'],
  what: levelOnly
    ? 'the marking line removed and its level alone put in brackets opening the title line: 〔绝密〕关于……的通知, [秘密], 【机密】'
    : 'the marking line removed and the whole mark put in brackets opening the title line: 【机密★5年】关于……的通知, [秘密★1年]',
  apply(seed, rng) {
    const f = textMark(seed);
    const b = f && bracketed(f, rng, levelOnly);
    const bytes = b && reencode(seed, b.rest);
    return bytes && { bytes, params: { title: b.title }, touched: [] };
  },
});

const bracketSubject = (levelOnly: boolean): Mutation => ({
  name: levelOnly ? 'bracket-level-title-subject' : 'bracket-title-subject',
  kinds: ['text'],
  what: `the text sent as an e-mail whose Subject is the title opened by the ${levelOnly ? 'bracketed level alone (〔绝密〕关于……)' : 'bracketed whole mark (【机密★5年】关于……)'} (B- or Q-encoded UTF-8, GB2312 or raw UTF-8), the body the text without its marking line`,
  apply(seed, rng) {
    const f = textMark(seed);
    const b = f && bracketed(f, rng, levelOnly);
    if (!b) return undefined;
    const body = b.rest.replace(b.prefix, '');
    // A subject has no Markdown heading.
    b.title = b.title.replace(/^#+\s*/, '');
    const how = rng.pick(['b-utf8', 'q-utf8', 'b-gb2312', 'raw-utf8'] as const);
    let s = mail(b.title, [{ type: 'text/plain', charset: 'utf-8', body }]);
    const line = /^Subject: [^\r\n]*/m.exec(s)![0];
    let subject: string;
    if (how === 'q-utf8') subject = `=?UTF-8?Q?${[...Buffer.from(b.title)].map((x) => `=${x.toString(16).toUpperCase().padStart(2, '0')}`).join('')}?=`;
    else if (how === 'b-gb2312') {
      const g = iconv.encode(b.title, 'gb2312');
      if (iconv.decode(g, 'gb2312') !== b.title) return undefined;
      subject = `=?GB2312?B?${g.toString('base64')}?=`;
    } else if (how === 'raw-utf8') subject = latin1(enc.encode(b.title));
    else subject = line.slice('Subject: '.length);
    s = s.replace(line, `Subject: ${subject}`);
    return { bytes: fromLatin1(s), params: { subject: b.title, how }, touched: [] };
  },
});

// ---------------------------------------------------------------- 3. separators between the marking's characters

/** Dash, dot and blank characters the red team drew between a marking's characters. */
export const SEPARATORS = ['\u2212', '\u22c5', '\u2800', '\u301c', '\u1680', '\u2027', '\u00b7', '\u3000'];
/** Their neighbours: other dashes, dots, blanks and fillers a font draws the same way. */
export const NEIGHBOUR_SEPARATORS = ['\u2010', '\u2011', '\u2013', '\u2014', '\u2015', '\u2043', '\u2219', '\u2022', '\u30fb', '\uff65', '\uff0d', '\u2003', '\u2009', '\u202f', '\u205f', '\u00a0', '\u3164', '\uffa0', '\u2e3a', '\u2500', '\u30fc', '\uff5e', '\u02d7', '\u2027\u2027'];

const separateMarking: Mutation = {
  name: 'separate-marking',
  kinds: ['text'],
  what: 'a dash, dot or blank character (U+2212 −, U+22C5 ⋅, U+2800 braille blank, U+301C 〜, U+1680 ogham space, U+2027 ‧, U+00B7 ·, U+3000 and neighbours) between the marking’s characters',
  apply(seed, rng) {
    if (!UNICODE.has(seed.encoding ?? 'utf8')) return undefined;
    const f = textMark(seed);
    if (!f) return undefined;
    const sep = rng.next() < 0.7 ? rng.pick(SEPARATORS) : rng.pick(NEIGHBOUR_SEPARATORS);
    const where = rng.pick(['every', 'level', 'double', 'with-space'] as const);
    const chars = [...f.mark];
    const glue = where === 'double' ? sep + sep : where === 'with-space' ? ` ${sep} ` : sep;
    const written = where === 'level' ? `${chars[0]}${glue}${chars.slice(1).join('')}` : chars.join(glue);
    const next = f.text.slice(0, f.at) + written + f.text.slice(f.at + f.mark.length);
    const bytes = reencode(seed, next);
    return bytes && { bytes, params: { mark: f.mark, written, separator: cp(sep), where }, touched: [] };
  },
};

// ---------------------------------------------------------------- 4. a level enumeration under the marking

const ENUMERATIONS = [
  '绝密、机密、秘密',
  '《绝密、机密、秘密级国家秘密载体管理规定》',
  '关于印发《绝密、机密、秘密级文件管理办法》的通知',
  '国家秘密的密级分为绝密、机密、秘密三级',
  '（密级：绝密、机密、秘密）',
  '绝密 机密 秘密',
  '依据《国家秘密定密管理暂行规定》（绝密、机密、秘密）',
];

const enumerationText: Mutation = {
  name: 'level-enumeration-text',
  kinds: ['text'],
  what: 'a line listing 绝密、机密、秘密 (a regulation’s title, a list of levels) inserted 1–3 lines under the marking line',
  apply(seed, rng) {
    const f = textMark(seed);
    if (!f) return undefined;
    const line = rng.pick(ENUMERATIONS);
    const below = rng.int(1, 4);
    // Lines with their own ends; the new one goes after the `below`-th line under the marking's.
    const lines = f.text.split('\n');
    const markIndex = f.text.slice(0, f.lineStart).split('\n').length - 1;
    const after = Math.min(lines.length - 1, markIndex + below - 1);
    const cr = lines[after].endsWith('\r') ? '\r' : '';
    lines.splice(after + 1, 0, line + cr);
    const bytes = reencode(seed, lines.join('\n'));
    return bytes && { bytes, params: { line, linesBelow: below }, touched: [] };
  },
};

const enumerationDocx: Mutation = {
  name: 'level-enumeration-docx',
  kinds: ['docx'],
  what: 'a paragraph listing 绝密、机密、秘密 inserted 1–3 paragraphs under the marked paragraph of a DOCX',
  apply(seed, rng) {
    const d = docxMain(seed);
    if (!d) return undefined;
    const paras = docxParagraphs(d.xml);
    const i = paras.findIndex((x) => MARK_RE.test(x.text));
    if (i < 0) return undefined;
    const below = rng.int(1, 4);
    const after = paras[Math.min(paras.length - 1, i + below - 1)];
    const line = rng.pick(ENUMERATIONS);
    const xml = d.xml.slice(0, after.end) + wp(line) + d.xml.slice(after.end);
    return { bytes: writeZip(d.entries.map((e) => (e === d.main ? newEntry(e.name, xml) : e))), params: { line, paragraphsBelow: below }, touched: [] };
  },
};

// ---------------------------------------------------------------- 5. encrypted PDF, empty user password

const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
const md5 = (...parts: Uint8Array[]) => createHash('md5').update(Buffer.concat(parts)).digest();

/** RC4 (the product's, which pdf.js's decryption of the files written with it checks). */
const rc4 = (key: Uint8Array, data: Uint8Array): Buffer => Buffer.from(rc4Bytes(key, data));

export type PdfCipher = 'rc4-40' | 'rc4-128' | 'aes-128';

/** The standard security handler for an empty user password and the owner password `owner` (revisions 2, 3, 4). */
function securityHandler(cipher: PdfCipher, id: Buffer, P = -3904): { key: Buffer; dict: string } {
  const p = Buffer.alloc(4);
  p.writeInt32LE(P);
  const ownerPad = Buffer.concat([Buffer.from('owner'), PAD]).subarray(0, 32);
  if (cipher === 'rc4-40') {
    const O = rc4(md5(ownerPad).subarray(0, 5), PAD);
    const key = md5(PAD, O, p, id).subarray(0, 5);
    return { key, dict: `<< /Filter /Standard /V 1 /R 2 /O <${O.toString('hex')}> /U <${rc4(key, PAD).toString('hex')}> /P ${P} >>` };
  }
  const iterate = (k: Buffer, data: Buffer) => {
    let x = rc4(k, data);
    for (let i = 1; i <= 19; i++) x = rc4(Buffer.from(k.map((b) => b ^ i)), x);
    return x;
  };
  let h = md5(ownerPad);
  for (let i = 0; i < 50; i++) h = md5(h.subarray(0, 16));
  const O = iterate(h.subarray(0, 16), PAD);
  let k = md5(PAD, O, p, id);
  for (let i = 0; i < 50; i++) k = md5(k.subarray(0, 16));
  const key = k.subarray(0, 16);
  const U = Buffer.concat([iterate(key, md5(PAD, id)), Buffer.alloc(16)]);
  const common = `/O <${O.toString('hex')}> /U <${U.toString('hex')}> /P ${P}`;
  if (cipher === 'rc4-128') return { key, dict: `<< /Filter /Standard /V 2 /R 3 /Length 128 ${common} >>` };
  return { key, dict: `<< /Filter /Standard /V 4 /R 4 /Length 128 /CF << /StdCF << /AuthEvent /DocOpen /CFM /AESV2 /Length 16 >> >> /StmF /StdCF /StrF /StdCF ${common} >>` };
}

/** PDF literal string body (between the parentheses) to bytes. */
function literalBytes(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\r') {
      out.push(10);
      if (s[i + 1] === '\n') i++;
      continue;
    }
    if (c !== '\\') {
      out.push(c.charCodeAt(0) & 255);
      continue;
    }
    const n = s[++i];
    if (n === undefined) break;
    const esc: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
    if (n in esc) out.push(esc[n]);
    else if (/[0-7]/.test(n)) {
      let oct = n;
      while (oct.length < 3 && /[0-7]/.test(s[i + 1] ?? '')) oct += s[++i];
      out.push(parseInt(oct, 8) & 255);
    } else if (n === '\r') {
      if (s[i + 1] === '\n') i++;
    } else if (n !== '\n') out.push(n.charCodeAt(0) & 255);
  }
  return Buffer.from(out);
}

/** Every string of an object body (outside stream data) passed through `f`, written as hex. */
function mapStrings(body: string, f: (b: Buffer) => Buffer): string {
  let out = '';
  for (let i = 0; i < body.length; ) {
    const c = body[i];
    if (c === '%') {
      const e = body.slice(i).search(/[\r\n]/);
      const end = e < 0 ? body.length : i + e;
      out += body.slice(i, end);
      i = end;
    } else if (c === '(') {
      let depth = 1;
      let j = i + 1;
      for (; j < body.length && depth; j++) {
        if (body[j] === '\\') j++;
        else if (body[j] === '(') depth++;
        else if (body[j] === ')') depth--;
      }
      out += `<${f(literalBytes(body.slice(i + 1, j - 1))).toString('hex')}>`;
      i = j;
    } else if (c === '<' && body[i + 1] !== '<') {
      const j = body.indexOf('>', i);
      if (j < 0) return out + body.slice(i);
      let hex = body.slice(i + 1, j).replace(/\s/g, '');
      if (hex.length % 2) hex += '0';
      out += `<${f(Buffer.from(hex, 'hex')).toString('hex')}>`;
      i = j + 1;
    } else if (c === '<') {
      out += '<<';
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * A classic PDF (one xref table per revision, no object or xref streams, not encrypted) rewritten
 * encrypted: every string and stream of the last definition of each object, a fresh xref table.
 */
export function encryptPdf(bytes: Uint8Array, cipher: PdfCipher, rng: Rng): Uint8Array | undefined {
  const s = latin1(bytes);
  if (/\/Encrypt\b|\/ObjStm\b|\/Type\s*\/XRef\b/.test(s)) return undefined;
  const objects = new Map<number, { gen: number; body: string; data?: Buffer }>();
  const re = /(?:^|[\r\n\s])(\d+)\s+(\d+)\s+obj\b/g;
  const defined: number[] = [];
  const spans: Array<[number, number]> = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const from = re.lastIndex;
    defined.push(Number(m[1]));
    const endobj = s.indexOf('endobj', from);
    if (endobj < 0) return undefined;
    const sm = /\bstream\r?\n/.exec(s.slice(from, endobj));
    if (!sm) {
      objects.set(Number(m[1]), { gen: Number(m[2]), body: s.slice(from, endobj).trim() });
      spans.push([m.index, endobj + 6]);
      re.lastIndex = endobj;
      continue;
    }
    const dict = s.slice(from, from + sm.index);
    const dataStart = from + sm.index + sm[0].length;
    const lenDirect = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    const lenRef = /\/Length\s+(\d+)\s+(\d+)\s+R/.exec(dict);
    let len: number | undefined = lenDirect ? Number(lenDirect[1]) : undefined;
    if (lenRef) {
      const v = new RegExp(`(?:^|[\\r\\n\\s])${lenRef[1]}\\s+${lenRef[2]}\\s+obj\\s*(\\d+)\\s*endobj`).exec(s);
      len = v ? Number(v[1]) : undefined;
    }
    const es = s.indexOf('endstream', dataStart);
    if (es < 0) return undefined;
    if (len === undefined || s.slice(dataStart + len, dataStart + len + 12).trimStart().slice(0, 9) !== 'endstream') len = s.slice(dataStart, es).replace(/\r?\n$/, '').length;
    const end = s.indexOf('endobj', dataStart + len);
    if (end < 0) return undefined;
    objects.set(Number(m[1]), { gen: Number(m[2]), body: dict.trim(), data: Buffer.from(bytes.subarray(dataStart, dataStart + len)) });
    spans.push([m.index, end + 6]);
    re.lastIndex = end;
  }
  // Only a file whose every byte outside its objects is structure: text after %%EOF, before the
  // header or between objects, and earlier revisions of an object, would not survive the rewrite.
  if (defined.some((n, i) => defined.indexOf(n) !== i)) return undefined;
  let outside = '';
  let last = 0;
  for (const [a, b] of spans) (outside += s.slice(last, a)), (last = b);
  outside += s.slice(last);
  outside = outside
    .replace(/^%PDF-\d\.\d[^\r\n]*\r?\n(%[^\r\n]*\r?\n)?/, '')
    .replace(/xref\s+(\d+\s+\d+\s+(\d{10}\s+\d{5}\s+[fn]\s*)*)+/g, '')
    .replace(/trailer\s*<<[\s\S]*?>>\s*startxref\s*\d+\s*%%EOF/g, '')
    .replace(/startxref\s*\d+\s*%%EOF/g, '');
  if (outside.trim()) return undefined;
  const trailer = [...s.matchAll(/trailer\s*<<([\s\S]*?)>>\s*startxref/g)].pop()?.[1];
  const root = trailer && /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1];
  if (!root || !objects.size) return undefined;
  const info = /\/Info\s+(\d+\s+\d+\s+R)/.exec(trailer)?.[1];
  const id = Buffer.from(rng.bytes(16));
  const { key, dict } = securityHandler(cipher, id);
  const objectKey = (num: number, gen: number) =>
    md5(key, Buffer.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, gen & 255, (gen >> 8) & 255]), cipher === 'aes-128' ? Buffer.from('sAlT') : Buffer.alloc(0)).subarray(0, Math.min(16, key.length + 5));
  const crypt = (num: number, gen: number) => (b: Buffer): Buffer => {
    const k = objectKey(num, gen);
    if (cipher !== 'aes-128') return rc4(k, b);
    const iv = Buffer.from(rng.bytes(16));
    const c = createCipheriv('aes-128-cbc', k, iv);
    return Buffer.concat([iv, c.update(b), c.final()]);
  };
  const max = Math.max(...objects.keys());
  const encNum = max + 1;
  const written: Array<[number, string | Uint8Array]> = [];
  for (const [num, o] of [...objects].sort((a, b) => a[0] - b[0])) {
    const f = crypt(num, o.gen);
    const body = mapStrings(o.body, f);
    if (!o.data) written.push([num, `${num} ${o.gen} obj\n${body}\nendobj\n`]);
    else {
      const data = f(o.data);
      const d = body.replace(/\/Length\s+\d+(?:\s+\d+\s+R)?/, `/Length ${data.length}`);
      written.push([num, concat(enc.encode(`${num} ${o.gen} obj\n${d}\nstream\n`), data, enc.encode('\nendstream\nendobj\n'))]);
    }
  }
  written.push([encNum, `${encNum} 0 obj\n${dict}\nendobj\n`]);
  const chunks: Uint8Array[] = [fromLatin1('%PDF-1.6\n%\xe2\xe3\xcf\xd3\n')];
  let offset = chunks[0].length;
  const offsets = new Map<number, number>();
  for (const [num, w] of written) {
    const b = typeof w === 'string' ? fromLatin1(w) : w;
    offsets.set(num, offset);
    chunks.push(b);
    offset += b.length;
  }
  let xref = `xref\n0 ${encNum + 1}\n0000000000 65535 f \n`;
  for (let n = 1; n <= encNum; n++) xref += offsets.has(n) ? `${String(offsets.get(n)).padStart(10, '0')} 00000 n \n` : '0000000000 65535 f \n';
  chunks.push(fromLatin1(`${xref}trailer\n<< /Size ${encNum + 1} /Root ${root} ${info ? `/Info ${info} ` : ''}/Encrypt ${encNum} 0 R /ID [<${id.toString('hex')}> <${id.toString('hex')}>] >>\nstartxref\n${offset}\n%%EOF\n`));
  return concat(...chunks);
}

const ucs2 = (s: string): string => [...s].filter((c) => c.codePointAt(0)! <= 0xffff).map((c) => c.charCodeAt(0).toString(16).padStart(4, '0')).join('');

/** The lines as a PDF (STSong-Light, UniGB-UCS2-H), 36 lines a page. */
export function textPdf(lines: string[]): Uint8Array {
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += 36) pages.push(lines.slice(i, i + 36));
  const n = pages.length;
  const font = 3 + 2 * n;
  const objects: Array<string | Uint8Array> = ['<< /Type /Catalog /Pages 2 0 R >>', `<< /Type /Pages /Kids [${pages.map((_, i) => `${3 + 2 * i} 0 R`).join(' ')}] /Count ${n} >>`];
  pages.forEach((p, i) => {
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${4 + 2 * i} 0 R >>`);
    objects.push(stream('', enc.encode(p.map((l, k) => `BT /F1 12 Tf 56 ${800 - k * 21} Td <${ucs2(l)}> Tj ET`).join('\n'))));
  });
  objects.push('<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> /DW 1000 >>] >>');
  return writePdf(objects, '').bytes;
}

const encryptedPdf = (from: 'text' | 'pdf'): Mutation => ({
  name: from === 'text' ? 'pdf-encrypt-empty-user' : 'pdf-encrypt-seed-pdf',
  kinds: [from],
  what:
    from === 'text'
      ? 'a PDF of the text seed’s lines encrypted with an empty user password (RC4 40-bit, RC4 128-bit or AES-128): every reader opens it without asking'
      : 'a PDF seed rewritten encrypted with an empty user password (RC4 40/128, AES-128), its every string and stream; names, XMP packets and field names stay where they were',
  apply(seed, rng) {
    const cipher = rng.pick(['rc4-40', 'rc4-128', 'aes-128'] as const);
    if (seed.kind === 'pdf') {
      const bytes = encryptPdf(seed.bytes, cipher, rng);
      return bytes && { bytes, params: { cipher, from: 'seed PDF' }, touched: [] };
    }
    const text = seedText(seed);
    if (text === undefined || (!findMark(text) && !/SECRET|CONFIDENTIAL|RESTRICTED|NOFORN/.test(text))) return undefined;
    const bytes = encryptPdf(textPdf(linesOf(text)), cipher, rng);
    return bytes && { bytes, params: { cipher, from: 'text lines' }, touched: [] };
  },
});

// ---------------------------------------------------------------- 6. pictures carrying a file or the marking

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(concat(new Uint8Array(head.subarray(4)), data)) >>> 0, 0);
  return concat(new Uint8Array(head), data, new Uint8Array(crc));
}

/** A 16×16 white grey-scale PNG with `chunks` before its image data. */
function whitePng(chunks: Array<[string, Uint8Array]> = []): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(16, 0);
  ihdr.writeUInt32BE(16, 4);
  ihdr.set([8, 0, 0, 0, 0], 8);
  const raw = new Uint8Array(17 * 16).fill(255);
  for (let y = 0; y < 16; y++) raw[y * 17] = 0;
  return concat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk('IHDR', new Uint8Array(ihdr)), ...chunks.map(([t, d]) => pngChunk(t, d)), pngChunk('IDAT', new Uint8Array(deflateSync(raw))), pngChunk('IEND', new Uint8Array(0)));
}

/** A 16×16 white baseline JPEG (no APP segment), as libjpeg writes it. */
const WHITE_JPEG = Buffer.from(
  '/9j/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAAQABADASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAf/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAAAP/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AKAAD//Z',
  'base64',
);

/** The white JPEG with segments (marker, payload) after SOI. */
function whiteJpeg(segments: Array<[number, Uint8Array]> = []): Uint8Array {
  const seg = ([marker, data]: [number, Uint8Array]) => {
    const h = Buffer.alloc(4);
    h[0] = 0xff;
    h[1] = marker;
    h.writeUInt16BE(data.length + 2, 2);
    return concat(new Uint8Array(h), data);
  };
  return concat(new Uint8Array(WHITE_JPEG.subarray(0, 2)), ...segments.map(seg), new Uint8Array(WHITE_JPEG.subarray(2)));
}

/** A minimal DOCX of the lines. */
export function linesDocx(lines: string[]): Uint8Array {
  const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
  return writeZip([
    newEntry('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    newEntry('_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
    newEntry('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${lines.map((l) => wp(xmlEsc(l))).join('')}<w:sectPr/></w:body></w:document>`),
  ]);
}

const imageAppended: Mutation = {
  name: 'image-appended-file',
  kinds: ['text', 'docx'],
  what: 'a small white picture with a marked file appended after its end (PNG after IEND, JPEG after EOI): the text seed’s bytes, a DOCX of its lines, or the DOCX seed',
  apply(seed, rng) {
    let payload: Uint8Array;
    let what: string;
    if (seed.kind === 'docx') {
      if (!readZip(seed.bytes)?.some((e) => e.name === 'word/document.xml')) return undefined;
      payload = seed.bytes;
      what = 'the DOCX seed';
    } else {
      const text = seedText(seed);
      if (text === undefined || !findMark(text)) return undefined;
      const asDocx = rng.next() < 0.5;
      payload = asDocx ? linesDocx(linesOf(text)) : seed.bytes;
      what = asDocx ? 'a DOCX of the text' : 'the text seed’s bytes';
    }
    const picture = rng.pick(['png', 'jpeg'] as const);
    const gap = rng.pick([0, 1, 4]);
    return { bytes: concat(picture === 'png' ? whitePng() : whiteJpeg(), rng.bytes(gap).fill(0), payload), params: { picture, appended: what, gap }, touched: [] };
  },
};

const xmp = (title: string, description: string) =>
  `<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${xmlEsc(title)}</rdf:li></rdf:Alt></dc:title><dc:description><rdf:Alt><rdf:li xml:lang="x-default">${xmlEsc(description)}</rdf:li></rdf:Alt></dc:description></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

const imageMetadata: Mutation = {
  name: 'image-metadata-marking',
  kinds: ['text'],
  what: 'a white picture whose metadata carries the marking (and the title): PNG XMP or iTXt or tEXt (UTF-8 bytes), JPEG XMP (APP1) or COM (UTF-8 or GBK)',
  apply(seed, rng) {
    const f = textMark(seed);
    if (!f) return undefined;
    const lines = linesOf(withoutMarkLine(f));
    const title = lines[Math.max(0, titleIndex(lines))] ?? '通知';
    const value = rng.next() < 0.5 ? f.mark : `${f.mark} ${title}`;
    const where = rng.pick(['png-xmp', 'png-itxt', 'png-text-utf8', 'jpeg-xmp', 'jpeg-com-utf8', 'jpeg-com-gbk'] as const);
    const u = (s: string) => enc.encode(s);
    let bytes: Uint8Array;
    if (where === 'png-xmp') bytes = whitePng([['iTXt', concat(u('XML:com.adobe.xmp\0\0\0\0\0'), u(xmp(value, title)))]]);
    else if (where === 'png-itxt') bytes = whitePng([['iTXt', concat(u(`${rng.pick(['Title', 'Description', 'Comment'])}\0\0\0zh-CN\0\0`), u(value))]]);
    else if (where === 'png-text-utf8') bytes = whitePng([['tEXt', concat(u('Comment\0'), u(value))]]);
    else if (where === 'jpeg-xmp') bytes = whiteJpeg([[0xe1, concat(u('http://ns.adobe.com/xap/1.0/\0'), u(xmp(value, title)))]]);
    else if (where === 'jpeg-com-utf8') bytes = whiteJpeg([[0xfe, u(value)]]);
    else bytes = whiteJpeg([[0xfe, new Uint8Array(iconv.encode(value, 'gbk'))]]);
    return { bytes, params: { where, value }, touched: [] };
  },
};

// ---------------------------------------------------------------- 7. foreign banners in other letters

const BANNER_WORDS = /TOP SECRET|SECRET|CONFIDENTIAL|RESTRICTED|NOFORN|OFFICIAL[- ]SENSITIVE|SENSITIVE|CLASSIFIED|DIFFUSION RESTREINTE|RESTREINT/g;
/** Mathematical alphanumeric capitals: the code point of A, and the letters a block leaves to Letterlike Symbols. */
const MATH_STYLES: Record<string, { A: number; holes?: Record<string, string> }> = {
  bold: { A: 0x1d400 },
  italic: { A: 0x1d434 },
  'bold-italic': { A: 0x1d468 },
  script: { A: 0x1d49c, holes: { B: 'ℬ', E: 'ℰ', F: 'ℱ', H: 'ℋ', I: 'ℐ', L: 'ℒ', M: 'ℳ', R: 'ℛ' } },
  'bold-script': { A: 0x1d4d0 },
  fraktur: { A: 0x1d504, holes: { C: 'ℭ', H: 'ℌ', I: 'ℑ', R: 'ℜ', Z: 'ℨ' } },
  'double-struck': { A: 0x1d538, holes: { C: 'ℂ', H: 'ℍ', N: 'ℕ', P: 'ℙ', Q: 'ℚ', R: 'ℝ', Z: 'ℤ' } },
  'bold-fraktur': { A: 0x1d56c },
  sans: { A: 0x1d5a0 },
  'sans-bold': { A: 0x1d5d4 },
  'sans-italic': { A: 0x1d608 },
  'sans-bold-italic': { A: 0x1d63c },
  monospace: { A: 0x1d670 },
  // Neighbours: letters in circles and squares, and regional indicators.
  circled: { A: 0x24b6 },
  squared: { A: 0x1f130 },
  'negative-squared': { A: 0x1f170 },
  'regional-indicator': { A: 0x1f1e6 },
};

const mathBanner: Mutation = {
  name: 'math-alphanumeric-banner',
  kinds: ['text'],
  what: 'the letters of a foreign banner word (TOP SECRET, NOFORN …) rewritten in mathematical alphanumerics (𝐓𝐎𝐏 𝐒𝐄𝐂𝐑𝐄𝐓, 𝑆𝐸𝐶𝑅𝐸𝑇, 𝔖𝔈ℭℜ𝔈𝔗, 𝚂𝙴𝙲𝚁𝙴𝚃 …) or their neighbours (Ⓢ, 🅂, 🆂, regional indicators)',
  apply(seed, rng) {
    const text = seedText(seed);
    if (text === undefined || !UNICODE.has(seed.encoding ?? 'utf8')) return undefined;
    const words = [...text.matchAll(BANNER_WORDS)];
    if (!words.length) return undefined;
    const style = rng.pick(Object.keys(MATH_STYLES));
    const { A, holes } = MATH_STYLES[style];
    const all = rng.next() < 0.5;
    const rewrite = (w: string) => [...w].map((c) => (/[A-Z]/.test(c) ? (holes?.[c] ?? String.fromCodePoint(A + c.charCodeAt(0) - 65)) : c)).join('');
    let next: string;
    if (all) next = text.replace(BANNER_WORDS, rewrite);
    else {
      const w = rng.pick(words);
      next = text.slice(0, w.index!) + rewrite(w[0]) + text.slice(w.index! + w[0].length);
    }
    return { bytes: encodeAs(next, seed.encoding ?? 'utf8'), params: { style, every: all, words: [...new Set(words.map((w) => w[0]))] }, touched: [] };
  },
};

const hangulNfd: Mutation = {
  name: 'hangul-nfd-banner',
  kinds: ['text'],
  what: 'a Korean banner (비밀, 대외비, Ⅲ급비밀 …) written in decomposed jamo (NFD, as macOS file systems and some editors store it): the banner line, or the whole file, or NFKD',
  apply(seed, rng) {
    const text = seedText(seed);
    if (text === undefined || !UNICODE.has(seed.encoding ?? 'utf8')) return undefined;
    const m = /^.*(?:비밀|대외비|기밀).*$/m.exec(text);
    if (!m) return undefined;
    const how = rng.pick(['line-nfd', 'file-nfd', 'line-nfkd', 'word-nfd'] as const);
    let next: string;
    if (how === 'file-nfd') next = text.normalize('NFD');
    else if (how === 'line-nfd' || how === 'line-nfkd') next = text.slice(0, m.index) + m[0].normalize(how === 'line-nfd' ? 'NFD' : 'NFKD') + text.slice(m.index + m[0].length);
    else next = text.replace(/비밀|대외비|기밀/, (w) => w.normalize('NFD'));
    if (next === text) return undefined;
    return { bytes: encodeAs(next, seed.encoding ?? 'utf8'), params: { how, line: m[0].trim() }, touched: [] };
  },
};

// ---------------------------------------------------------------- registration

/** The red-team classes (pushed onto PRESERVING in mutations.ts). */
export const REDTEAM: Mutation[] = [
  tabCellText,
  tabCellDocx,
  tabCellSheet,
  bracketTitle(false),
  bracketSubject(false),
  bracketTitle(true),
  bracketSubject(true),
  separateMarking,
  enumerationText,
  enumerationDocx,
  encryptedPdf('text'),
  encryptedPdf('pdf'),
  imageAppended,
  imageMetadata,
  mathBanner,
  hangulNfd,
];

/** Every red-team class rewrites the file around the marking's text, so the byte check of the fuzz test cannot follow it. */
export const REDTEAM_REWRITING: ReadonlySet<string> = new Set(REDTEAM.map((m) => m.name));

/**
 * Classes that still find leaks in the product: a CI run leaves them out (tests/fuzz.test.ts) so it
 * stays green meanwhile; `pnpm fuzz` runs them with every other class, and `--only <names>` alone.
 * Take a class off this list when its leak is closed.
 * Closed and back in CI: math-alphanumeric-banner (2355fcd, boxed and regional-indicator letters
 * 7acf302), hangul-nfd-banner (2355fcd), bracket-level-title-text/-subject (28e6f94),
 * pdf-encrypt-seed-pdf (the raw passes read files with an empty user password decrypted, decrypt.ts).
 */
export const REDTEAM_PENDING: readonly string[] = [];

export type { Mutated };
