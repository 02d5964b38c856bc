/**
 * Plain text and Markdown: one body part; lines are the text's own lines. When the encoding is not
 * certain, each other plausible reading of the bytes is one more part (`body@big5`), scanned too.
 */
import { defineLazyText, hasLazyText, partLength, type Extraction, type Extractor, type ExtractContext, type TextPart } from '@prepub/core';
import { alternativeSuffix, decodeText, decodingLosses, type DeclaredCharset, type Decoding } from './decode.ts';
import { sevenBitReadings } from './sevenbit.ts';

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
