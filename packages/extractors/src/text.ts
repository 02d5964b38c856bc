/** Plain text and Markdown: one body part; lines are the text's own lines. */
import type { Extraction, Extractor, ExtractContext } from '@prepub/core';
import { decodeText, undecodedBytes } from './decode.ts';

export function extractText(bytes: Uint8Array, ctx: ExtractContext, format: 'text' | 'markdown' = 'text'): Extraction {
  const decoded = decodeText(bytes);
  const unread: Extraction['unread'] = [];
  let text = decoded.text;
  let units = decoded.units;
  if (text.length > ctx.limits.maxTextChars) {
    unread.push({ where: `characters after ${ctx.limits.maxTextChars}`, reason: 'limit', detail: `the text has ${text.length} characters; only the first ${ctx.limits.maxTextChars} were read` });
    text = text.slice(0, ctx.limits.maxTextChars);
    units = units?.subarray(0, ctx.limits.maxTextChars);
  }
  const undecoded = undecodedBytes(decoded);
  if (undecoded) unread.push(undecoded);
  return {
    format,
    mediaType: format === 'markdown' ? 'text/markdown' : 'text/plain',
    parts: [{ id: 'body', role: 'body', text, ...(units ? { units } : {}), origin: {}, leading: true }],
    unread,
    info: { encoding: decoded.encoding },
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
