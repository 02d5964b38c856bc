/** @prepub/extractors — bytes in, located text parts out: sniffing, text decoding, HTML. */
export { sniffFormat, type Sniffed, type SniffedFormat } from './sniff.ts';
export { decodeText, type Decoded } from './decode.ts';
export { extractText, textExtractor, markdownExtractor } from './text.ts';
export { extractHtml, htmlExtractor } from './html.ts';
