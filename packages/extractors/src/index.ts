/** @prepub/extractors — bytes in, located text parts out: sniffing, text decoding, HTML. */
export { sniffFormat, WORD_SNIFF, type Sniffed, type SniffedFormat } from './sniff.ts';
export { declaredRoles, type FormatDeclaration, type FormatSniffer, type SniffDeclaration, type ZipView } from './registry.ts';
export { decodeText, decodingLosses, textScore, type Decoded, type Decoding, type DeclaredCharset } from './decode.ts';
export { extractText, mediaTypeCharset, textExtractor, markdownExtractor } from './text.ts';
export { readHz, readUtf7, sevenBitReadings, type SevenBitReading } from './sevenbit.ts';
export { declaredCharset, extractHtml, htmlExtractor } from './html.ts';
export { htmlFormat, markdownFormat, textFormat } from './formats.ts';
