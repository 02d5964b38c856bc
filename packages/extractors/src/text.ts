/**
 * Plain text and Markdown: one body part; lines are the text's own lines. When the encoding is not
 * certain, each other plausible reading of the bytes is one more part (`body@big5`), scanned too.
 */
import { defineLazyText, hasLazyText, partLength, type Extraction, type Extractor, type ExtractContext, type TextPart } from '@prepub/core';
import { alternativeSuffix, decodeText, decodingLosses, type DeclaredCharset, type Decoding } from './decode.ts';
import { sevenBitReadings } from './sevenbit.ts';
import { calendarReading, hasHtmlMarkup, jsonReading, lineStartsOf, looksCalendar, looksJson, looksXml, markupReading, xmlReadings } from './readings.ts';

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
  if (primary) {
    const r = structuredReadings(primary, ctx, format);
    parts.push(...r.parts);
    unread.push(...r.unread);
  }
  return {
    format,
    mediaType: format === 'markdown' ? 'text/markdown' : 'text/plain',
    parts,
    unread,
    loss: decodingLosses(decoded),
    info: { encoding: decoded.encoding, ...(decoded.alternatives.length ? { alternativeEncodings: decoded.alternatives.map((a) => a.encoding).join(',') } : {}) },
  };
}

export const textExtractor: Extractor = {
  format: 'text',
  extract: async (bytes, ctx) => extractText(bytes, ctx, 'text'),
};

export const markdownExtractor: Extractor = {
  format: 'markdown',
  extract: async (bytes, ctx) => extractText(bytes, ctx, 'markdown'),
};

const JSON_NAME = /\.(json|jsonl|ndjson|geojson|webmanifest|har)$/i;
const XML_NAME = /\.(xml|rss|atom|kml|gpx|xsl|xslt|xsd|plist|xaml|resx|rdf|opml|fodt|fods|fodp|wsdl|xlf|xliff)$/i;
const CALENDAR_NAME = /\.(ics|ical|ifb|vcs|vcf|vcard)$/i;

/** A code unit that can begin markup of any of the readings (`<`, `&`, `"`, `*`, `_`, `~`, `:`). */
function mayHoldMarkup(p: TextPart, markdown: boolean): boolean {
  const u = p.units;
  if (!u) return /[<&"]/.test(p.text) || (markdown && /[*_~]/.test(p.text)) || /^\uFEFF?\s*BEGIN:/i.test(p.text.slice(0, 64));
  for (let i = 0; i < u.length; i++) {
    const c = u[i];
    if (c === 0x3c || c === 0x26 || c === 0x22 || (markdown && (c === 0x2a || c === 0x5f || c === 0x7e))) return true;
  }
  return u.length > 6 && /^\uFEFF?\s*BEGIN:/i.test(String.fromCharCode(...u.subarray(0, 64)));
}

/**
 * The readings of a text file whose markup splits what a reader of it sees: JSON (by name, media
 * type or content), XML, iCalendar/vCard, and HTML markup or Markdown emphasis in text.
 */
function structuredReadings(primary: TextPart, ctx: ExtractContext, format: 'text' | 'markdown'): { parts: TextPart[]; unread: Extraction['unread'] } {
  const none = { parts: [], unread: [] };
  const markdown = format === 'markdown';
  if (!mayHoldMarkup(primary, markdown)) return none;
  const text = primary.text;
  const name = ctx.filename ?? '';
  const media = (ctx.mediaType ?? '').toLowerCase();
  const origin = (detail: string) => ({ detail });
  let ls: Uint32Array | undefined;
  const lines = (): Uint32Array => (ls ??= lineStartsOf(text));
  if (JSON_NAME.test(name) || /[/+]json\b/.test(media) || looksJson(text)) {
    const p = jsonReading(text, 'body@json', origin('the JSON string values, escapes resolved, each key beside its value'), lines());
    return { parts: p ? [p] : [], unread: [] };
  }
  if (XML_NAME.test(name) || /[/+]xml\b/.test(media) || looksXml(text)) return xmlReadings(text, {}, lines());
  if (CALENDAR_NAME.test(name) || looksCalendar(text)) {
    const p = calendarReading(text, 'body@unfolded', origin('the calendar or contact lines unfolded, escapes resolved'), lines());
    return { parts: p ? [p] : [], unread: [] };
  }
  if (markdown || hasHtmlMarkup(text)) {
    const p = markupReading(text, 'body@rendered', origin(markdown ? 'the Markdown as rendered (emphasis markers and tags dropped, character references resolved)' : 'the text with its HTML tags dropped and character references resolved'), { markdown, lineStarts: lines() });
    return { parts: p ? [p] : [], unread: [] };
  }
  return none;
}
