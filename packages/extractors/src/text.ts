/**
 * Plain text and Markdown: one body part; lines are the text's own lines. When the encoding is not
 * certain, each other plausible reading of the bytes is one more part (`body@big5`), scanned too.
 */
import { armoredCiphertext, defineLazyText, unitIndexOf, hasLazyText, partLength, type EmbeddedFile, type Extraction, type Extractor, type ExtractContext, type TextPart } from '@prepub/core';
import { alternativeSuffix, decodeText, decodingLosses, type DeclaredCharset, type Decoding } from './decode.ts';
import { sevenBitReadings } from './sevenbit.ts';
import { base64Blocks, holdsBase64Run, transferDecoded } from './transfer.ts';
import { sniffFormat } from './sniff.ts';
import { looksPostScript, postscriptReading } from './postscript.ts';
import { looksTex, TEX_NAME, texReading } from './tex.ts';
import { subtitleKind, subtitleReading } from './subtitles.ts';
import { difReading, looksDif, looksSylk, sylkReading } from './interchange.ts';
import { looksUof, uofReading } from './uof.ts';
import { DOC_MARKUP_NAME, docMarkupReading } from './doc-markup.ts';
import { jsonFlowReading, mayBeRichJson } from './json-flow.ts';
import { dataUriEmbedded, holdsDataUri, mentionsData } from './data-uris.ts';
import { bbcodeReading, holdsBbcode } from './bbcode.ts';
import { csvFormulasReading, gettextReading, holdsMessageMarkup, joinedLiteralsReading, looksGettext, sourceSyntax, tagsDroppedReading, throughReading } from './literals.ts';
import { calendarReading, calendarTitles, csvReading, hasHtmlMarkup, mayHoldMarking, textTableReading, yamlReading, jsonReading, escapesReading, percentReading, holdsMojibakeRun, looksSqlDump, sqlReading, mojibakeReading, lineStartsOf, looksCalendar, looksJson, looksXml, markupReading, xmlReadings } from './readings.ts';

/** The charset parameter of a declared media type (`text/plain; charset=big5`). */
export function mediaTypeCharset(mediaType: string | undefined): DeclaredCharset | undefined {
  const m = /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(mediaType ?? '');
  return m ? { label: m[1], source: 'Content-Type' } : undefined;
}

export function extractText(bytes: Uint8Array, ctx: ExtractContext, format: 'text' | 'markdown' = 'text'): Extraction {
  const decoded = decodeText(bytes, mediaTypeCharset(ctx.mediaType), ctx.unitMemory);
  const unread: Extraction['unread'] = [];
  const parts: TextPart[] = [];
  const add = (d: Decoding, id: string, detail?: string): void => {
    const length = partLength(d);
    if (length > ctx.limits.maxTextChars) {
      unread.push({ where: `${id}: characters after ${ctx.limits.maxTextChars}`, reason: 'limit', detail: `the text has ${length} characters; only the first ${ctx.limits.maxTextChars} were read` });
    }
    const n = Math.min(length, ctx.limits.maxTextChars);
    if (hasLazyText(d)) {
      // The string is built only if something reads it whole (see core's part-text.ts).
      const units = n < length ? d.units.subarray(0, n) : d.units;
      // `text` stands in the literal to keep its place among the keys; defining it keeps that place.
      parts.push(defineLazyText<TextPart & { units: Uint16Array }>({ id, role: 'body', text: '', units, origin: detail ? { detail } : {}, leading: true }));
      return;
    }
    const text = n < length ? d.text.slice(0, n) : d.text;
    const units = n < length ? d.units?.subarray(0, n) : d.units;
    parts.push({ id, role: 'body', text, ...(units ? { units } : {}), origin: detail ? { detail } : {}, leading: true });
  };
  add(decoded, 'body', decoded.alternatives.length ? `read as ${decoded.encoding} (${decoded.basis})` : undefined);
  for (const alt of decoded.alternatives) add(alt, 'body' + alternativeSuffix(alt), `alternative reading of the same bytes as ${alt.encoding}`);
  // 7-bit bytes may be HZ or UTF-7, which read as ASCII gibberish: read them so too, mapped to the bytes.
  {
    for (const r of sevenBitReadings(bytes)) {
      const id = `body@${r.encoding}`;
      if (r.text.length > ctx.limits.maxTextChars) {
        unread.push({ where: `${id}: characters after ${ctx.limits.maxTextChars}`, reason: 'limit', detail: `the text has ${r.text.length} characters; only the first ${ctx.limits.maxTextChars} were read` });
      }
      const n = Math.min(r.text.length, ctx.limits.maxTextChars);
      parts.push({ id, role: 'body', text: r.text.slice(0, n), source: { ...r.source, starts: r.source.starts.subarray(0, n), ends: r.source.ends.subarray(0, n) }, origin: { detail: `the same bytes read as ${r.encoding}` }, leading: true });
    }
  }
  // Markup of the file's own (an HTML fragment, Markdown emphasis, JSON strings, XML, folded
  // calendar lines) read as its reader shows it: each reading one more part, mapped to the text.
  const primary = parts[0];
  const loss = decodingLosses(decoded);
  if (primary) {
    const r = structuredReadings(primary, ctx, format);
    parts.push(...r.parts);
    unread.push(...r.unread);
    // Tables laid out in text (fixed-width columns, bars, box drawing, separated values) read as rows of cells.
    if (format === 'text' && !r.parts.some((p) => p.id === 'body@csv' || p.id === 'body@json')) {
      const head = mayBeTextTable(primary, TABLE_HEAD) ? unitsText(primary, 0, TABLE_HEAD) : '';
      if (head && mayHoldMarking(head)) {
        const t = textTableReading(head, 'body@table', { detail: 'tables laid out in the text (columns of spaces, bars, box drawing) read as rows of cells' });
        if (t) parts.push(t);
      }
    }
    // Source code's string literals joined where the program joins them (`"机" + "密★5年"`); only
    // where a level word or an escape may be in them, as the other readings that repeat the text.
    const syntax = format === 'text' ? sourceSyntax(ctx.filename ?? '') : undefined;
    if (syntax && (mayHoldMarking(primary.text) || holdsEscapeCandidate(primary))) {
      const j = joinedLiteralsReading(primary.text, 'body@joined', { detail: 'the string literals the program joins (adjacent, concatenated, continued over lines, template substitutions) read as one literal' }, syntax);
      if (j) parts.push(j);
      // JSX's elements around joined text are rendered too (`<p>机{"密"}★5年</p>` is a paragraph of its own).
      const m = j && hasHtmlMarkup(j.text) ? markupReading(j.text, 'body@joined-rendered', { detail: 'the joined literals with their HTML tags dropped (JSX as rendered)' }) : undefined;
      if (j && m) parts.push(throughReading(j, m));
    }
    // Character escapes (a properties file's \u673a, a script's \xe6\x9c\xba, a stylesheet's \673a)
    // resolved; JSON's own reading resolves its escapes already.
    if (!r.parts.some((p) => p.id === 'body@json') && holdsEscapeCandidate(primary)) {
      const css = CSS_NAME.test(ctx.filename ?? '') || /^text\/css\b/.test((ctx.mediaType ?? '').toLowerCase());
      const e = escapesReading(primary.text, 'body@unescaped', { detail: 'the text with its character escapes resolved (\\uXXXX, \\xHH byte runs, octal, CSS)' }, { css });
      if (e) parts.push(e);
    }
    // BBCode (a forum's or a forum-based CMS's post: `[color=#fff]机[/color]密★5年`) as the forum shows it.
    // (A closing tag needs `[/`: looked for in the units first, so prose builds no string for it.)
    if (format === 'text' && anyFollowedBy(primary, 0x5b, (c) => c === 0x2f) && mayHoldMarking(primary.text) && holdsBbcode(primary.text)) {
      const bb = bbcodeReading(primary.text, 'body@bbcode', { detail: 'the BBCode as the forum shows it (tags dropped, block tags ending the line)' });
      if (bb) parts.push(bb);
    }
    // Percent-encoded characters (a link's path, a form's query string) decoded, line by line.
    if (holdsPercentRun(primary)) {
      const pr = percentReading(primary.text, 'body@percent-decoded', { detail: 'the lines holding percent-encoded or quoted-printable characters, decoded (%E6%9C%BA, %u673A, =E6=9C=BA)' });
      if (pr) parts.push(pr);
    }
    // Chinese shown in the wrong code page and saved so (`»úÃÜ¡ï5Äê`): read back to its characters.
    // In UTF-8 each such letter of Latin-1's upper half has the lead byte C2 or C3, which Chinese
    // never has: a byte search (memchr) passes over every other file before any unit is looked at.
    if (decoded.encoding.startsWith('utf-8') && holdsLatin1Lead(bytes) && holdsMojibakeRun(primary.units, primary.units ? '' : primary.text)) {
      const mr = mojibakeReading(primary.text, 'body@mojibake-reversed', { detail: 'lines of letters windows-1252 or Latin-1 shows for bytes, read back as UTF-8 or GB18030 (mojibake reversed)' });
      if (mr) parts.push(mr);
    }
    // A PostScript program's text is in its string operands (escaped, hex, in the font's encoding).
    if (looksPostScript(unitsText(primary, 0, 16))) {
      const ps = postscriptReading(primary.text, {});
      parts.push(...ps.parts);
      loss.push(...ps.loss);
    }
  }
  // Ciphertext in armor (a PGP message saved as .asc or .txt) reads as letters: it is sealed, not read.
  const sealed = armoredCiphertext(bytes);
  if (sealed) unread.push({ where: 'file', reason: 'encrypted', detail: `the text holds ${sealed.kind} in ASCII armor (${sealed.count} block${sealed.count > 1 ? 's' : ''}): its content is encrypted and cannot be read without the key` });
  // A file that is base64 or quoted-printable of other bytes: what it encodes is a file of its own.
  const embedded: EmbeddedFile[] = [];
  const transfer = transferDecoded(bytes, ctx.limits.maxFileBytes);
  if (transfer) embedded.push({ name: `${ctx.filename ?? 'file'}@${transfer.encoding}`, bytes: transfer.bytes, origin: { detail: `the file's text decoded as ${transfer.encoding}` } });
  // Base64 blocks within the text (an attachment pasted from a message's source, a JSON export's
  // file content): each one that decodes to a document, a picture or text is a file of its own.
  if (!transfer && primary && holdsBase64Run(primary.units, primary.units ? '' : primary.text)) embedded.push(...base64Embedded(primary.text, ctx, unread));
  // Percent-encoded data: URIs (a field holding `data:text/html,%3Cp%3E…`): the page each shows is a file of its own.
  if (primary && mentionsData(primary.units, () => primary.text) && holdsDataUri(primary.text)) embedded.push(...dataUriEmbedded(primary.text, ctx.filename ?? 'file', unread));
  if (transfer?.damaged) {
    loss.push({ where: 'file', kind: 'undecodable-bytes', count: transfer.damaged, detail: `${transfer.damaged} character${transfer.damaged > 1 ? 's' : ''} of the file's base64 ${transfer.damaged > 1 ? 'are' : 'is'} outside its alphabet (damaged): the bytes decoded around ${transfer.damaged > 1 ? 'them' : 'it'} may not be what was written` });
  }
  return {
    format,
    mediaType: format === 'markdown' ? 'text/markdown' : 'text/plain',
    parts,
    unread,
    loss,
    ...(embedded.length ? { embedded } : {}),
    info: { encoding: decoded.encoding, ...(decoded.alternatives.length ? { alternativeEncodings: decoded.alternatives.map((a) => a.encoding).join(',') } : {}) },
  };
}

/** At most this many base64 blocks of one text are read as files; more is a limit, said so. */
const MAX_BASE64_BLOCKS = 32;

/**
 * The base64 blocks of a text that decode to a file worth reading: a format prepub reads (a
 * document, an archive, a picture, a page) or text the text reader's decoder reads as such. Bytes that are neither (a key, a
 * signature, a certificate's DER) hold no words and are left, as the letters were.
 */
function base64Embedded(text: string, ctx: ExtractContext, unread: Extraction['unread']): EmbeddedFile[] {
  const out: EmbeddedFile[] = [];
  let blocks = 0;
  for (const b of base64Blocks(text)) {
    const format = sniffFormat(b.bytes).format;
    if (format === 'binary' || format === 'empty' || format === 'truncated') continue;
    // Text in any encoding the text reader knows (a GB2312 mail body too), judged by that reader's
    // own decoder: bytes no encoding reads as text (a key, a signature) hold no words.
    // UTF-16 without a byte order mark (a JSON export of a Windows program's text) is no reading the
    // decoder takes first, only an alternative: a block read as such is text too.
    let bytes = b.bytes;
    if (format === 'text') {
      const d = decodeText(b.bytes);
      const u16 = utf16Alternative(d);
      if (d.implausible && !u16) continue;
      // Handed on with its byte order mark, so that it is read as the text it is, not as a guess.
      if (d.implausible && u16) bytes = Uint8Array.from([...(u16 === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff]), ...b.bytes]);
    }
    if (++blocks > MAX_BASE64_BLOCKS) {
      unread.push({ where: `base64 blocks after the ${MAX_BASE64_BLOCKS}th`, reason: 'limit', detail: `the text holds more than ${MAX_BASE64_BLOCKS} base64 blocks that decode to files; only the first ${MAX_BASE64_BLOCKS} were read` });
      break;
    }
    out.push({ name: `${ctx.filename ?? 'file'}@base64-${blocks}`, bytes, origin: { detail: `base64 block at characters ${b.start}–${b.end} of the text, decoded` } });
  }
  return out;
}

/** The byte order of a clean BOM-less UTF-16 alternative that reads better than the primary reading, if any. */
function utf16Alternative(d: ReturnType<typeof decodeText>): 'utf-16le' | 'utf-16be' | undefined {
  const a = d.alternatives.find((x) => (x.encoding === 'utf-16le' || x.encoding === 'utf-16be') && x.invalid === 0 && x.confidence > d.confidence);
  return a?.encoding as 'utf-16le' | 'utf-16be' | undefined;
}

export const textExtractor: Extractor = {
  format: 'text',
  extract: async (bytes, ctx) => extractText(bytes, ctx, 'text'),
};

export const markdownExtractor: Extractor = {
  format: 'markdown',
  extract: async (bytes, ctx) => extractText(bytes, ctx, 'markdown'),
};

const JSON_NAME = /\.(json|jsonl|ndjson|geojson|webmanifest|har|ipynb)$/i;
const XML_NAME = /\.(xml|rss|atom|kml|gpx|xsl|xslt|xsd|plist|xaml|resx|rdf|opml|fodt|fods|fodp|wsdl|xlf|xliff|fpage|fdoc|fdseq|struct|frag)$/i;
const CALENDAR_NAME = /\.(ics|ical|ifb|vcs|vcf|vcard)$/i;
const CSV_NAME = /\.(csv|tsv|tab)$/i;
const YAML_NAME = /\.ya?ml$/i;
const SQL_NAME = /\.sql$/i;
const GETTEXT_NAME = /\.pot?$/i;
/** Markdown emphasis against Chinese text (`**机**密`, `_机_密`, `~~机~~`): a string that may be Markdown. */
const MARKDOWN_EMPHASIS = /[\u3400-\u9fff](?:\*{1,3}|_{1,3}|~~|==|\+\+)|(?:\*{1,3}|_{1,3}|~~|==|\+\+)[\u3400-\u9fff]/;
/** YAML front matter opening a Markdown page: `---` lines around it. */
const FRONT_MATTER = /^---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;
/** Characters at the head of a text file looked at for tables laid out in it (a form's, a routing slip's or a report's header is at the top). */
const TABLE_HEAD = 1 << 14;

/** Units of the part from `from` to `to` as a string, without building the whole text. */
function unitsText(p: TextPart, from: number, to: number): string {
  const u = p.units;
  if (!u) return p.text.slice(from, to);
  const end = Math.min(to, u.length);
  let s = '';
  // apply takes the typed array as it is; a spread would walk it through its iterator (slow).
  for (let i = from; i < end; i += 4096) s += String.fromCharCode.apply(null, u.subarray(i, Math.min(end, i + 4096)) as unknown as number[]);
  return s;
}

/**
 * Whether the first `limit` units of a part may hold a table laid out in text: a bar (`|`, `│`,
 * `┃`, `║`), a run of two or more spaces between non-blanks, or two commas or two semicolons on
 * one line — what {@link textTableReading} splits cells by. One pass over the units, and no string
 * for a head without any (most prose): the regex over the head's string cost ~0.6 ms/MB.
 */
export function mayBeTextTable(p: TextPart, limit: number): boolean {
  const u = p.units;
  const n = Math.min(limit, u ? u.length : p.text.length);
  const t = u ? undefined : p.text;
  let commas = 0;
  let semicolons = 0;
  let blanks = 0;
  let ink = false;
  for (let i = 0; i < n; i++) {
    const c = u ? u[i] : t!.charCodeAt(i);
    if (c === 0x20 || c === 0x3000) {
      blanks++;
      continue;
    }
    if (c === 0x0a) {
      commas = semicolons = blanks = 0;
      ink = false;
      continue;
    }
    if (c === 0x7c || c === 0x2502 || c === 0x2503 || c === 0x2551) return true;
    // \S as the regex knew it: any unit but whitespace (tabs and other blanks end a run of spaces).
    if (c === 0x09 || c === 0x0b || c === 0x0c || c === 0x0d || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f) {
      blanks = 0;
      ink = false;
      continue;
    }
    if (blanks >= 2 && ink) return true;
    blanks = 0;
    ink = true;
    if (c === 0x2c && ++commas === 2) return true;
    if (c === 0x3b && ++semicolons === 2) return true;
  }
  return false;
}

const CSS_NAME = /\.(css|scss|less)$/i;

/** Whether UTF-8 bytes hold C2 or C3, the lead bytes of Latin-1's upper half (Buffer's search: memchr, not a unit-by-unit walk). */
function holdsLatin1Lead(bytes: Uint8Array): boolean {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return b.indexOf(0xc3) >= 0 || b.indexOf(0xc2) >= 0;
}

/**
 * Whether `unit` stands somewhere in a part's text followed by a unit `next` accepts: found with the
 * typed array's own indexOf, so a text without `unit` is never turned into a string for it.
 */
function anyFollowedBy(p: TextPart, unit: number, next: (c: number) => boolean): boolean {
  const u = p.units;
  const n = u ? u.length : p.text.length;
  const ch = String.fromCharCode(unit);
  const find = (from: number): number => (u ? unitIndexOf(u, unit, from) : p.text.indexOf(ch, from));
  for (let i = find(0); i >= 0; i = find(i + 1)) if (next(i + 1 < n ? (u ? u[i + 1] : p.text.charCodeAt(i + 1)) : -1)) return true;
  return false;
}

/** Whether a `%` stands before a byte beyond ASCII (`%E6`) or a `%u` escape, or a `=` before one (`=E6`, quoted-printable's). */
const holdsPercentRun = (p: TextPart): boolean =>
  anyFollowedBy(p, 0x25, (c) => {
    const k = c | 0x20;
    return k === 0x75 || k === 0x38 || k === 0x39 || (k >= 0x61 && k <= 0x66);
  }) || anyFollowedBy(p, 0x3d, (c) => c === 0x38 || c === 0x39 || (c >= 0x41 && c <= 0x46));

/** Whether a backslash is followed by what may start a character escape (`\u`, `\U`, `\x`, an octal or hex digit) or a line break (a line continued). */
const holdsEscapeCandidate = (p: TextPart): boolean =>
  anyFollowedBy(p, 0x5c, (c) => c === 0x75 || c === 0x55 || c === 0x78 || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46) || c === 0x0a || c === 0x0d);

/** Units read around each `<` or `&` to tell markup from text (an element name or a reference fits). */
const MARKUP_PEEK = 48;

/**
 * Whether the text holds HTML markup (a tag of an HTML element, a character reference), looked for
 * at each `<` and `&` only (found by the typed array's own indexOf): plain text in the pipeline is
 * never turned into a string for this, and an e-mail address in angle brackets is passed over
 * without a regex.
 */
function holdsHtmlMarkup(p: TextPart): boolean {
  const u = p.units;
  const n = u ? u.length : p.text.length;
  const at = (i: number): number => (i < n ? (u ? u[i] : p.text.charCodeAt(i)) : -1);
  const find = (c: number, from: number): number => (u ? unitIndexOf(u, c, from) : p.text.indexOf(String.fromCharCode(c), from));
  for (const open of [0x3c, 0x26]) {
    for (let i = find(open, 0); i >= 0; i = find(open, i + 1)) {
      let j = i + 1;
      if (open === 0x3c) {
        // <name followed by a space, / or > (not <addr@host>).
        if (at(j) === 0x2f) j++;
        if (!isAsciiLetter(at(j))) continue;
        while (isNameUnit(at(j))) j++;
        const c = at(j);
        if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x2f && c !== 0x3e) continue;
      } else {
        // &#…; or &name; within a reference's length.
        const c = at(j);
        if (c !== 0x23 && !isAsciiLetter(c)) continue;
        while (j < i + 34 && at(j) !== 0x3b && at(j) > 0x20) j++;
        if (at(j) !== 0x3b) continue;
      }
      if (hasHtmlMarkup(unitsText(p, i, i + MARKUP_PEEK))) return true;
    }
  }
  return false;
}

function isAsciiLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

/** A unit of an element name (letters, digits, _ . - and a prefix's colon). */
function isNameUnit(c: number): boolean {
  return isAsciiLetter(c) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === 0x2d || c === 0x3a;
}

/**
 * A reading of data (cells, values) rendered as the HTML its values hold, mapped through to the
 * text; none when they hold no HTML.
 */
function rendered(p: TextPart, id: string, detail: string): TextPart[] {
  const r = hasHtmlMarkup(p.text) ? markupReading(p.text, id, { detail }) : undefined;
  return r ? [throughReading(p, r)] : [];
}

/**
 * The readings of a text file whose markup splits what a reader of it sees: JSON (by name, media
 * type or content), XML, iCalendar/vCard, and HTML markup or Markdown emphasis in text.
 */
function structuredReadings(primary: TextPart, ctx: ExtractContext, format: 'text' | 'markdown'): { parts: TextPart[]; unread: Extraction['unread'] } {
  const none = { parts: [], unread: [] };
  const markdown = format === 'markdown';
  const name = ctx.filename ?? '';
  const media = (ctx.mediaType ?? '').toLowerCase();
  // What the reading is decided from the name, the media type and the file's head; HTML markup by a
  // look at each < and &. Only a file that has one is turned into a string here.
  const head = unitsText(primary, 0, 1024);
  const json = JSON_NAME.test(name) || /[/+]json\b/.test(media) || looksJson(head);
  const xml = !json && (XML_NAME.test(name) || /[/+]xml\b/.test(media) || looksXml(head));
  const calendar = !json && !xml && (CALENDAR_NAME.test(name) || looksCalendar(head));
  // CSV and YAML are read as cells only when they may hold a marking (see mayHoldMarking).
  const cells = (): boolean => mayHoldMarking(unitsText(primary, 0, 1 << 20));
  // Escapes and character references may hide a level word from that look (`\u5bc6`, `&#x5BC6;`).
  const escaped = (): boolean => holdsEscapeCandidate(primary) || holdsHtmlMarkup(primary);
  // SYLK and DIF (Excel's and Calc's interchange text) are read as the grid they open as, like a CSV.
  const sheet = !json && !xml && !calendar ? (looksSylk(head) ? 'sylk' : looksDif(head) ? 'dif' : undefined) : undefined;
  const interchange = sheet && cells() ? sheet : undefined;
  const csv = !json && !xml && !calendar && !sheet && (CSV_NAME.test(name) || /^text\/(?:csv|tab-separated-values)\b/.test(media)) && cells();
  // A YAML value's escapes (`"\u673A\u5BC6"`) may hide its words, so they open it too.
  const yaml = !json && !xml && !calendar && !csv && (YAML_NAME.test(name) || /[/+]yaml\b/.test(media)) && (cells() || escaped());
  // A database dump is read as rows of cells like a CSV (only when it may hold a marking, as a CSV).
  const sql = !json && !xml && !calendar && !csv && !yaml && (SQL_NAME.test(name) || /\bsql\b/.test(media) || looksSqlDump(head)) && cells();
  // LaTeX source is read as typeset only when it may hold a marking (see mayHoldMarking): elsewhere
  // the reading would find nothing the source does not, and report each address in it twice.
  // Characters TeX writes by their codes (^^e6^^9c^^ba, \char"673A, \symbol{26426}) may hide its words, so they open it too.
  const tex = !json && !xml && !calendar && !csv && !yaml && !sql && !markdown && (TEX_NAME.test(name) || /x-(?:la)?tex\b/.test(media) || looksTex(head)) && (cells() || /\^\^[0-9a-f]{2}|\\(?:char|symbol)\b/.test(unitsText(primary, 0, 1 << 20)));
  // A gettext catalogue's strings joined as gettext joins them (a message's quoted pieces split a
  // marking: `msgstr ""` `"机密"` `"★5年"`); byte escapes may hide its words, so they open it too.
  const po = !json && !xml && !calendar && !csv && !yaml && !sql && !tex && !markdown && (GETTEXT_NAME.test(name) || /x-gettext\b/.test(media) || looksGettext(unitsText(primary, 0, 4096))) && (cells() || escaped());
  // Subtitles as a player shows their cues: tags and override blocks (`<c.yellow>`, `{\an8}`) dropped.
  const subs = !json && !xml && !calendar && !csv && !yaml && !sql && !tex && !po && !markdown ? subtitleKind(head, name) : undefined;
  // A character reference in a cue (`&#x5BC6;`) may hide its words, so it opens the reading too.
  const cues = subs && (cells() || escaped()) ? subs : undefined;
  // reStructuredText, AsciiDoc, Org, MediaWiki, Textile: rendered (inline markers against Chinese dropped, substitutions expanded).
  const docMarkup = !json && !xml && !calendar && !csv && !yaml && !sql && !tex && !po && !cues && !markdown && DOC_MARKUP_NAME.test(name) && (cells() || escaped());
  if (!json && !xml && !calendar && !interchange && !csv && !yaml && !sql && !tex && !po && !cues && !docMarkup && !markdown && !holdsHtmlMarkup(primary)) return none;
  const text = primary.text;
  const origin = (detail: string) => ({ detail });
  let ls: Uint32Array | undefined;
  const lines = (): Uint32Array => (ls ??= lineStartsOf(text));
  // The rows of a dump or a CSV are read as cells up to a limit (see csvReading): past it, HTML in the
  // text is still read rendered, as in any text file (a dump's article 2 MB in).
  const renderedBeyond = (): TextPart[] => {
    if (text.length <= 1 << 20 || !holdsHtmlMarkup(primary)) return [];
    const m = markupReading(text, 'body@rendered', origin('the text with its HTML tags dropped and character references resolved'), { lineStarts: lines() });
    return m ? [m] : [];
  };
  if (json) {
    const p = jsonReading(text, 'body@json', origin('the JSON string values, escapes resolved, each key beside its value'), lines());
    // A Jupyter notebook's Markdown cells are shown rendered (`**机**密★5年`): its strings read as Markdown too.
    const notebook = p && (/\.ipynb$/i.test(name) || /"nbformat"\s*:/.test(unitsText(primary, 0, 1 << 16))) ? markupReading(p.text, 'body@notebook', origin('the notebook\'s strings read as Markdown rendered (emphasis markers and tags dropped)'), { markdown: true }) : undefined;
    // A CMS's export or API answer carries its articles as HTML or Markdown in strings
    // (`"rendered": "<p><strong>机</strong>密★5年</p>"`): what the page shows is that rendered.
    const rendered = p && !notebook && (hasHtmlMarkup(p.text) || MARKDOWN_EMPHASIS.test(p.text)) ? markupReading(p.text, 'body@json-rendered', origin('the JSON strings rendered as the HTML or Markdown they hold (tags and emphasis markers dropped)'), { markdown: true }) : undefined;
    const shown = notebook ?? rendered;
    // A rich-text editor's JSON (Quill, ProseMirror, Lexical, Slate, Portable Text, Editor.js) keeps a
    // paragraph as runs, one per change of formatting: read joined as the editor shows them.
    const flow = p && mayBeRichJson(text) && mayHoldMarking(p.text) ? jsonFlowReading(text, 'body@json-flow', origin('the rich-text editor JSON as shown: the text runs of a paragraph joined, a paragraph a line'), lines()) : undefined;
    const flowShown = flow?.part && hasHtmlMarkup(flow.part.text) ? markupReading(flow.part.text, 'body@json-flow-rendered', origin('the rich-text runs rendered as the HTML they hold (tags dropped)')) : undefined;
    const more = flow?.part ? [flow.part, ...(flowShown ? [throughReading(flow.part, flowShown)] : [])] : [];
    return { parts: p ? [p, ...(shown ? [throughReading(p, shown)] : []), ...more] : [], unread: flow?.unread ?? [] };
  }
  if (xml) {
    // A feed's entries (RSS, Atom) carry their HTML escaped (&lt;p&gt;…) or in CDATA: once the XML is
    // read, that HTML is what a feed reader renders.
    const x = xmlReadings(text, {}, lines());
    const elements = x.parts.find((p) => p.id === 'xml:elements');
    const r = elements && hasHtmlMarkup(elements.text) ? markupReading(elements.text, 'xml:rendered', origin('each XML element\'s text rendered as the HTML it holds (an RSS or Atom entry\'s description or content)')) : undefined;
    // A UOF document (GB/T 20916: .uot, .uos, .uop) as it shows: its text strings, a paragraph or row a line.
    const uof = looksUof(head) ? uofReading(text, 'uof:shown', origin('the UOF document\'s text strings as shown: a paragraph or row a line, cells apart, run properties left out'), lines()) : undefined;
    const more = [...(r && elements ? [throughReading(elements, r)] : []), ...(uof ? [uof] : [])];
    return more.length ? { parts: [...x.parts, ...more], unread: x.unread } : x;
  }
  if (calendar) {
    const p = calendarReading(text, 'body@unfolded', origin('the calendar or contact lines unfolded, escapes resolved'), lines());
    const titles = calendarTitles(text, 'body@summary-', origin('an event\'s title (SUMMARY), unfolded'), lines());
    // Outlook writes an invitation's description as HTML too (X-ALT-DESC;FMTTYPE=text/html): rendered.
    return { parts: [...(p ? [p, ...rendered(p, 'body@unfolded-rendered', 'the calendar or contact values rendered as the HTML they hold (X-ALT-DESC)')] : []), ...titles], unread: [] };
  }
  if (yaml) {
    const p = yamlReading(text, 'body@yaml', origin('the YAML key: value lines, each key beside its value'), lines());
    // A site's data or content file whose values are HTML (`content: "<p><strong>机</strong>密★5年</p>"`): rendered too.
    return { parts: p ? [p, ...rendered(p, 'body@yaml-rendered', 'the YAML values rendered as the HTML they hold')] : [], unread: [] };
  }
  if (sql) {
    const p = sqlReading(text, 'body@sql', origin('the INSERT statements as rows of cells (column names as the header, string values unquoted, escapes resolved)'), lines());
    return { parts: [...(p ? [p, ...rendered(p, 'body@sql-rendered', 'the rows\' values rendered as the HTML they hold (a CMS database dump\'s articles)')] : []), ...renderedBeyond()], unread: [] };
  }
  if (interchange) {
    const p =
      interchange === 'sylk'
        ? sylkReading(text, 'body@sylk', origin('the SYLK cell records as the grid they open as (each value at its row and column, quotes dropped)'), lines())
        : difReading(text, 'body@dif', origin('the DIF tuples as the grid they open as (a row a tuple, quotes dropped), the table\'s title first'), lines());
    return { parts: p ? [p] : [], unread: [] };
  }
  if (csv) {
    // Fields that are formulas of text (`="000012"`, `="机"&"密★5年"`) are shown as their values by
    // the spreadsheet the file is opened in: read so first, then as cells.
    const f = csvFormulasReading(text, 'body@csv', origin('the CSV with its text formulas shown as their values'));
    const fc = f ? csvReading(f.text, 'body@csv', origin('the CSV records as rows of cells (separators as cell breaks, quotes dropped, text formulas such as ="…"&"…" shown as their values)')) : undefined;
    const p = f && fc ? throughReading(f, fc) : csvReading(text, 'body@csv', origin('the CSV records as rows of cells (separators as cell breaks, quotes dropped)'), lines());
    return { parts: [...(p ? [p, ...rendered(p, 'body@csv-rendered', 'the cells rendered as the HTML they hold (a CMS export\'s articles)')] : []), ...renderedBeyond()], unread: [] };
  }
  if (tex) {
    const p = texReading(text, 'body@typeset', origin('the LaTeX source as typeset (commands, braces and comments dropped, the lines of a paragraph joined, macros without parameters expanded)'), lines());
    return { parts: p ? [p] : [], unread: [] };
  }
  if (cues) {
    const p = subtitleReading(text, 'body@cues', origin('the subtitles\' cues as shown: numbers, timings, tags and override blocks dropped'), cues, lines());
    if (p) return { parts: [p], unread: [] };
  }
  if (docMarkup) {
    const p = docMarkupReading(text, 'body@rendered-markup', origin('the document as its markup renders it: inline markers against Chinese text dropped, text substitutions expanded'), lines());
    const m = holdsHtmlMarkup(primary) ? markupReading(text, 'body@rendered', origin('the text with its HTML tags dropped and character references resolved'), { lineStarts: lines() }) : undefined;
    return { parts: [...(p ? [p] : []), ...(m ? [m] : [])], unread: [] };
  }
  if (po) {
    const p = gettextReading(text, 'body@messages', origin('the gettext messages, each string\'s quoted pieces joined and escapes resolved, one message a line'), lines());
    // Markup in the messages is still read as rendered, as in any text file.
    const m = holdsHtmlMarkup(primary) ? markupReading(text, 'body@rendered', origin('the text with its HTML tags dropped and character references resolved'), { lineStarts: lines() }) : undefined;
    // And the messages themselves without their tags, of any name (po4a's DocBook or XML sources):
    // a tag may stand in one piece and the text it splits in another.
    const t = p && holdsMessageMarkup(p.text) ? tagsDroppedReading(p.text, 'body@messages-untagged', origin('the gettext messages, joined, without the tags of the document they were taken from')) : undefined;
    return { parts: [...(p ? [p] : []), ...(m ? [m] : []), ...(p && t ? [throughReading(p, t)] : [])], unread: [] };
  }
  if (markdown || holdsHtmlMarkup(primary)) {
    const p = markupReading(text, 'body@rendered', origin(markdown ? 'the Markdown as rendered (emphasis markers and tags dropped, character references resolved)' : 'the text with its HTML tags dropped and character references resolved'), { markdown, lineStarts: lines() });
    // A page's YAML front matter (title, description a site generator shows) read as the YAML file it is: each key beside its value.
    const front = markdown ? FRONT_MATTER.exec(text) : null;
    const fm = front ? yamlReading(text.slice(0, front[0].length), 'body@front-matter', origin('the YAML front matter, each key beside its value'), lines()) : undefined;
    return { parts: [...(p ? [p] : []), ...(fm ? [fm] : [])], unread: [] };
  }
  return none;
}
