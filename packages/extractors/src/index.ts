/** @prepub/extractors — bytes in, located text parts out: sniffing, text decoding, HTML. */
export { sniffFormat, type Sniffed, type SniffedFormat } from './sniff.ts';
export { decodeText, decodingLosses, textScore, type Decoded, type Decoding, type DeclaredCharset } from './decode.ts';
export { extractText, mediaTypeCharset, textExtractor, markdownExtractor } from './text.ts';
export { declaredCharset, extractHtml, htmlExtractor } from './html.ts';
