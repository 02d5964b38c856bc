/**
 * Format detection from the bytes themselves. The filename and declared media type are hints
 * used only to tell apart formats the bytes cannot (Markdown vs plain text).
 */

import { firstPdfObjectAt, isoImageKind } from '@prepub/core';
import type { SniffDeclaration, ZipView } from './registry.ts';

/** The formats sniffing itself knows; registered formats add their own names. */
export type SniffedFormat =
  | 'text'
  | 'markdown'
  | 'html'
  | 'docx'
  | 'pdf'
  | 'image'
  | 'zip'
  | 'ole'
  | 'rtf'
  | 'gzip'
  | 'tar'
  | '7z'
  | 'rar'
  | 'empty'
  | 'binary'
  | 'truncated'
  | (string & {});

export interface Sniffed {
  format: SniffedFormat;
  mediaType: string;
  /** For `truncated`: which format's signature the bytes begin and where they stop. */
  detail?: string;
}

/**
 * Binary signatures. A file that is a proper prefix of one is the start of a document cut short
 * (an interrupted upload, a broken copy), not text, even when its few bytes are printable. A file
 * with the whole signature goes to that format's reader, which reports what it cannot read.
 */
const SIGNATURES: Array<{ sig: number[]; name: string }> = [
  { sig: [0x25, 0x50, 0x44, 0x46, 0x2d], name: 'PDF' },
  { sig: [0x50, 0x4b, 0x03, 0x04], name: 'ZIP (DOCX, XLSX …)' },
  { sig: [0x50, 0x4b, 0x05, 0x06], name: 'ZIP' },
  { sig: [0x50, 0x4b, 0x07, 0x08], name: 'ZIP' },
  { sig: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], name: 'OLE (DOC, XLS …)' },
  { sig: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], name: 'PNG' },
  { sig: [0xff, 0xd8, 0xff], name: 'JPEG' },
  { sig: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61], name: 'GIF' },
  { sig: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61], name: 'GIF' },
  { sig: [0x49, 0x49, 0x2a, 0x00], name: 'TIFF' },
  { sig: [0x4d, 0x4d, 0x00, 0x2a], name: 'TIFF' },
  { sig: [0x52, 0x49, 0x46, 0x46], name: 'RIFF (WebP)' },
  { sig: [0x7b, 0x5c, 0x72, 0x74, 0x66], name: 'RTF' },
  { sig: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], name: '7z' },
  { sig: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], name: 'RAR' },
  { sig: [0x1f, 0x8b], name: 'gzip' },
  { sig: [0x78, 0x9f, 0x3e, 0x22], name: 'TNEF (winmail.dat)' },
];

/** A file shorter than a signature that it begins: the name of that format. */
function truncatedSignature(bytes: Uint8Array): string | undefined {
  for (const { sig, name } of SIGNATURES) {
    if (bytes.length >= sig.length) continue;
    let i = 0;
    while (i < bytes.length && bytes[i] === sig[i]) i++;
    if (i === bytes.length) return name;
  }
  return undefined;
}

/**
 * A tar archive's first header: its checksum (the header's bytes summed, the checksum field as
 * spaces; old tars summed signed bytes) matches the octal number in the field, or the block carries
 * the `ustar` magic (a damaged header of a tar is still a tar, read to report the damage).
 */
export function isTarHeader(bytes: Uint8Array): boolean {
  if (bytes.length < 512) return false;
  if (startsWith(bytes, [0x75, 0x73, 0x74, 0x61, 0x72], 257) && (bytes[262] === 0 || bytes[262] === 0x20)) return true;
  // The field: optional leading spaces, octal digits, then spaces or NULs only.
  let i = 148;
  while (i < 156 && bytes[i] === 0x20) i++;
  let stored = 0;
  let digits = 0;
  for (; i < 156 && bytes[i] >= 0x30 && bytes[i] <= 0x37; i++, digits++) stored = stored * 8 + bytes[i] - 0x30;
  for (; i < 156; i++) if (bytes[i] !== 0x20 && bytes[i] !== 0) return false;
  if (digits === 0) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < 512; i++) {
    const c = i >= 148 && i < 156 ? 0x20 : bytes[i];
    unsigned += c;
    signed += c > 127 ? c - 256 : c;
  }
  return unsigned !== 256 && (stored === unsigned || stored === signed);
}

/** Below this size a file with control bytes or bytes that are text in no encoding is binary. */
const SHORT = 64;

function startsWith(bytes: Uint8Array, sig: number[], at = 0): boolean {
  if (bytes.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) return false;
  return true;
}

const IMAGE_SIGNATURES: Array<{ sig: number[]; at?: number; mediaType: string }> = [
  { sig: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], mediaType: 'image/png' },
  { sig: [0xff, 0xd8, 0xff], mediaType: 'image/jpeg' },
  { sig: [0x49, 0x49, 0x2a, 0x00], mediaType: 'image/tiff' },
  { sig: [0x4d, 0x4d, 0x00, 0x2a], mediaType: 'image/tiff' },
  { sig: [0x42, 0x4d], mediaType: 'image/bmp' },
  { sig: [0x47, 0x49, 0x46, 0x38], mediaType: 'image/gif' },
];

const NETPBM_TYPES = ['image/x-portable-bitmap', 'image/x-portable-graymap', 'image/x-portable-pixmap'];

/**
 * Pictures whose signature is text (which the text reader would read as lines of numbers or of
 * characters, never as what they show): Netpbm (`P1`…`P6` with their width, height and maximum
 * value, the plain forms' raster of digits; PAM, `P7` to `ENDHDR`), X bitmaps (`#define …_width`
 * and an array of bits) and X pixmaps (`/* XPM *\/`). Their media type, or undefined.
 */
function textImageAt(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0x50 && bytes[1] >= 0x31 && bytes[1] <= 0x37) {
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 4096)).toString('latin1');
    if (bytes[1] === 0x37) return /^P7\s*\n/.test(head) && /\bWIDTH\s+\d+/.test(head) && /\nENDHDR\s*\n/.test(head) ? 'image/x-portable-arbitrarymap' : undefined;
    const kind = bytes[1] - 0x30;
    // Magic, width, height (and the maximum value but for bitmaps), each after white space or comments.
    // One character or one comment an alternative, so that no two ways match the same run (no backtracking blow-up).
    const sep = '(?:\\s|#[^\\n]*\\n)+';
    const m = new RegExp(`^P${kind}${sep}\\d+${sep}\\d+${kind === 1 || kind === 4 ? '' : `${sep}\\d+`}\\s`).exec(head);
    if (!m) return undefined;
    // The plain forms' raster is digits and white space (and comments) only.
    if (kind <= 3 && !/^(?:[\d\s]|#[^\n]*(?:\n|$))*$/.test(head.slice(m[0].length, bytes.length > 4096 ? 4000 : undefined))) return undefined;
    return NETPBM_TYPES[(kind - 1) % 3];
  }
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 1024)).toString('latin1');
  // A comment's body holds no `*/`: each comment matches one way only.
  if (/^\s*(\/\*(?:[^*]|\*+[^*/])*\*+\/\s*)*#define\s+\S*width\s+\d+\s+#define\s+\S*height\s+\d+\s[\s\S]*?\b(char|short)\s+\w*bits\w*\s*\[\s*\]/.test(head)) return 'image/x-xbitmap';
  if (/^\s*\/\*\s*XPM\s*\*\/\s*(\/\*(?:[^*]|\*+[^*/])*\*+\/\s*)*static\s+(const\s+)?char\s*\*/.test(head) || /^! XPM2\s*\n\s*\d+\s+\d+\s+\d+\s+\d+/.test(head)) return 'image/x-xpixmap';
  return undefined;
}

/** Finds an ASCII needle in the first `limit` bytes. */
function includesAscii(bytes: Uint8Array, needle: string, limit: number): boolean {
  const end = Math.min(bytes.length, limit) - needle.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle.charCodeAt(j)) continue outer;
    return true;
  }
  return false;
}

/**
 * Word packages, recognised without a registry so that callers of {@link sniffFormat} that pass
 * none keep telling DOCX from other archives. OOXML word packages name their main part early.
 */
export const WORD_SNIFF: SniffDeclaration = {
  format: 'docx',
  mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  sniff: { zip: (zip, filename) => zip.hasName('word/') || (zip.head('[Content_Types].xml') && /\.docx?$/i.test(filename ?? '')) },
};

/** How far into an archive's start and end entry names are looked for: local headers and the central directory. */
const ZIP_NAME_WINDOW = 64 * 1024;

/** Entries walked in a central directory before sniffing falls back to searching the bytes. */
const ZIP_DIRECTORY_ENTRIES = 100_000;

/**
 * The entry names of the archive's own central directory (the one its end record points to), as
 * latin1 strings; undefined when there is none to walk (cut short, damaged, ZIP64). Names are what
 * tell a presentation from a workbook: the bytes of a package stored inside another (a chart's
 * workbook kept uncompressed in a PPTX, a DOCX stored in a ZIP) hold the inner package's names too.
 */
function centralNames(bytes: Uint8Array): string[] | undefined {
  const u16 = (o: number) => bytes[o] | (bytes[o + 1] << 8);
  const u32 = (o: number) => (u16(o) | (u16(o + 2) << 16)) >>> 0;
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 65_557); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 5 && bytes[i + 3] === 6) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const count = u16(eocd + 10);
  let p = u32(eocd + 16);
  if (count === 0xffff || p === 0xffffffff || count > ZIP_DIRECTORY_ENTRIES) return undefined;
  const names: string[] = [];
  for (let k = 0; k < count; k++) {
    if (p + 46 > bytes.length || u32(p) !== 0x02014b50) return undefined;
    const n = u16(p + 28);
    if (p + 46 + n > bytes.length) return undefined;
    names.push(String.fromCharCode.apply(null, bytes.subarray(p + 46, p + 46 + n) as unknown as number[]));
    p += 46 + n + u16(p + 30) + u16(p + 32);
  }
  return names;
}

/**
 * Entry names of a ZIP without inflating: those of its central directory when it has one to walk;
 * otherwise (a damaged or cut archive) whatever the first local headers and the end hold.
 */
function zipView(bytes: Uint8Array): ZipView {
  let names: string[] | undefined | null = null;
  return {
    hasName: (needle) => {
      if (names === null) names = centralNames(bytes);
      if (names) return names.some((n) => n.includes(needle));
      return includesAscii(bytes, needle, ZIP_NAME_WINDOW) || (bytes.length > ZIP_NAME_WINDOW && includesAscii(bytes.subarray(Math.max(ZIP_NAME_WINDOW, bytes.length - 4 * ZIP_NAME_WINDOW)), needle, 4 * ZIP_NAME_WINDOW));
    },
    head: (needle, limit = 1024) => includesAscii(bytes, needle, limit),
  };
}

/**
 * Detects the format of `bytes`. `formats` are the registered declarations, asked in order: ZIP
 * containers by their entry names, other formats by their bytes after the built-in signatures.
 */
export function sniffFormat(bytes: Uint8Array, filename?: string, formats: readonly SniffDeclaration[] = [WORD_SNIFF]): Sniffed {
  if (bytes.length === 0) return { format: 'empty', mediaType: 'application/octet-stream' };
  const cut = truncatedSignature(bytes);
  if (cut) return { format: 'truncated', mediaType: 'application/octet-stream', detail: `the ${bytes.length} byte${bytes.length > 1 ? 's' : ''} of the file are the start of a ${cut} signature: a file cut short, not text` };
  // Containers first: their first kilobyte may hold a member's bytes (a PDF's %PDF-, a page's tags)
  // or a header field's text, and reading the container as that member would leave the rest unseen.
  if (startsWith(bytes, [0x1f, 0x8b, 0x08])) return { format: 'gzip', mediaType: 'application/gzip' };
  if (isTarHeader(bytes)) return { format: 'tar', mediaType: 'application/x-tar' };
  // 7z and RAR (both read through 7-Zip) store small files uncompressed right after their signature
  // header just as well.
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { format: '7z', mediaType: 'application/x-7z-compressed' };
  if (startsWith(bytes, [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00]) || startsWith(bytes, [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00])) return { format: 'rar', mediaType: 'application/vnd.rar' };
  // Single-file compressors (read through 7-Zip too): xz and Zstandard keep incompressible data
  // stored, so a member's %PDF- may stand in the first kilobyte of them as well.
  const compressed = compressorAt(bytes);
  if (compressed) return compressed;
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    const zip = zipView(bytes);
    for (const f of formats) if (f.sniff?.zip?.(zip, filename)) return { format: f.format, mediaType: f.mediaType };
    return { format: 'zip', mediaType: 'application/zip' };
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    // Compound files: registered formats recognise their own streams (Outlook messages, legacy .doc, .xls, .ppt).
    for (const f of formats) if (f.sniff?.cfb?.(bytes, filename)) return { format: f.format, mediaType: f.mediaType };
    return { format: 'ole', mediaType: 'application/x-ole-storage' };
  }
  // PDF: the header may follow some junk within the first 1024 bytes. Asked after the containers
  // whose signature stands at byte 0 (ZIP, OLE, archives): a ZIP entry or compound-file stream stored
  // first puts a PDF's %PDF- in the first kilobyte, and read as that PDF the rest would go unseen.
  // A clear signature of another format at the start wins over a %PDF- further on: an e-mail with a
  // PDF part sent unencoded, or a page with a PDF in a comment, read as that PDF leaves its own text unread.
  if (includesAscii(bytes, '%PDF-', 1024) && (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d]) || !otherSignatureAtStart(bytes, filename, formats))) return { format: 'pdf', mediaType: 'application/pdf' };
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return { format: 'image', mediaType: 'image/webp' };
  const iso = isoImageKind(bytes);
  if (iso) return { format: 'image', mediaType: iso === 'avif' ? 'image/avif' : 'image/heic' };
  for (const s of IMAGE_SIGNATURES) if (startsWith(bytes, s.sig, s.at)) return { format: 'image', mediaType: s.mediaType };
  const textPicture = textImageAt(bytes);
  if (textPicture) return { format: 'image', mediaType: textPicture };
  if (rtfAtStart(bytes)) return { format: 'rtf', mediaType: 'application/rtf' };
  // A PDF whose header is damaged (`%PDF-` with a byte changed, or cut off) is still a PDF to pdf.js,
  // which reads objects without it: its objects are what tell it. Read as text, its strings and
  // compressed streams would go unseen.
  if (firstPdfObjectAt(bytes) >= 0 && !otherSignatureAtStart(bytes, filename, formats)) return { format: 'pdf', mediaType: 'application/pdf' };
  for (const f of formats) if (f.sniff?.bytes?.(bytes, filename)) return { format: f.format, mediaType: f.mediaType };
  if (looksBinary(bytes)) {
    // Too short for any document format: a fragment, unread as corrupt rather than unsupported.
    if (bytes.length < SHORT) return { format: 'truncated', mediaType: 'application/octet-stream', detail: `${bytes.length} bytes of binary data: too short to be a document, and not text` };
    return { format: 'binary', mediaType: 'application/octet-stream' };
  }
  // React components (JSX) hold elements but are programs: read as text, whose readings join the
  // strings they put in braces (`<p>机{"密"}★5年</p>`) and render their elements; a page reader shows the braces.
  if (/\.(jsx|tsx)$/i.test(filename ?? '')) return { format: 'text', mediaType: 'text/plain' };
  // JSON is data whose strings may hold a page (a CMS export's "<p>…</p>"): read as text, whose JSON
  // reading renders them; read as a page, its quotes, keys and \n escapes would stand in the text.
  // By content: a key or string closed on the line it opens (`{"content": …`, `["…",`), and the file
  // closing a bracket; stray `{"` before a page is no JSON.
  if (/\.(json|jsonl|ndjson|geojson|har|ipynb)$/i.test(filename ?? '') || (/^\s*[[{][\s[{]*"[^"\n]{0,200}"\s*[:,\]}]/.test(sniffHead(bytes).slice(0, 256)) && /[}\]]\s*$/.test(Buffer.from(bytes.subarray(Math.max(0, bytes.length - 64))).toString('latin1').replace(/\0/g, '')))) {
    return { format: 'text', mediaType: 'text/plain' };
  }
  const markdown = /\.(md|markdown)$/i.test(filename ?? '');
  // Markdown opens with HTML as often as not (`<div align="center">` over a README): it is a page
  // only when it is a whole one; its reader drops the tags it embeds.
  if (looksHtml(bytes, !markdown) && (!markdown || looksHtmlDocument(bytes))) return { format: 'html', mediaType: 'text/html' };
  // A fragment (a CMS article body, an iframe's srcdoc): named as a page and holding markup, or
  // opening with an HTML element that it closes again. A text file that mentions a tag stays text;
  // the text reader reads markup in text both ways (as written and as rendered).
  if (!markdown && looksHtmlFragment(bytes, HTML_NAME.test(filename ?? ''))) return { format: 'html', mediaType: 'text/html' };
  if (markdown) return { format: 'markdown', mediaType: 'text/markdown' };
  return { format: 'text', mediaType: 'text/plain' };
}

/**
 * xz, bzip2 (`BZh`, the block size digit, then a block's or the stream end's magic: `BZh9` alone is
 * text), Unix compress (.Z) and Zstandard, by their signatures.
 */
function compressorAt(bytes: Uint8Array): Sniffed | undefined {
  if (startsWith(bytes, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return { format: 'xz', mediaType: 'application/x-xz' };
  if (startsWith(bytes, [0x42, 0x5a, 0x68]) && bytes[3] >= 0x31 && bytes[3] <= 0x39 && (startsWith(bytes, [0x31, 0x41, 0x59, 0x26, 0x53, 0x59], 4) || startsWith(bytes, [0x17, 0x72, 0x45, 0x38, 0x50, 0x90], 4))) return { format: 'bzip2', mediaType: 'application/x-bzip2' };
  if (startsWith(bytes, [0x1f, 0x9d])) return { format: 'compress', mediaType: 'application/x-compress' };
  if (startsWith(bytes, [0x28, 0xb5, 0x2f, 0xfd])) return { format: 'zstd', mediaType: 'application/zstd' };
  return undefined;
}

/** How far blank lines and spaces before `{\\rtf` are skipped. */
const RTF_LEADING_WHITESPACE = 4096;

/**
 * `{\\rtf` in the first 8 bytes (a stray byte or a BOM before it), or after a UTF-8 BOM and any run
 * of whitespace (blank lines a mail client or a CMS put in front): RTF readers skip both.
 */
function rtfAtStart(bytes: Uint8Array): boolean {
  if (includesAscii(bytes, '{\\rtf', 8)) return true;
  let i = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  const end = Math.min(bytes.length, RTF_LEADING_WHITESPACE);
  while (i < end && (bytes[i] === 0x20 || (bytes[i] >= 0x09 && bytes[i] <= 0x0d))) i++;
  return i < end && startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66], i);
}

/** Whether the file opens as RTF, as a registered byte-sniffed format (e-mail, flat OpenDocument) or as a page. */
function otherSignatureAtStart(bytes: Uint8Array, filename: string | undefined, formats: readonly SniffDeclaration[]): boolean {
  if (rtfAtStart(bytes)) return true;
  for (const f of formats) if (f.format !== 'pdf' && f.sniff?.bytes?.(bytes, filename)) return true;
  return looksHtml(bytes, false);
}

/**
 * Text in UTF-8, GBK or UTF-16 has no NUL bytes except UTF-16, whose BOM or alternating zero
 * bytes we recognise. Control bytes other than whitespace in the first 4 KiB mean binary.
 */
function looksBinary(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return false;
  const n = Math.min(bytes.length, 4096);
  let zeros = 0;
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) zeros++;
    else if (b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b)) controls++;
  }
  // A stray NUL or two in longer text (a bad copy, a byte appended) leave it text: the scan reads
  // the rest. Binary data has NULs in number, or control bytes.
  if (zeros > 0 && (n < SHORT || zeros * 100 > n)) {
    // BOM-less UTF-16: zeros at every other position.
    let evenZeros = 0;
    let oddZeros = 0;
    for (let i = 0; i < n; i++) if (bytes[i] === 0) (i % 2 ? oddZeros++ : evenZeros++);
    const half = n / 2;
    const utf16Ascii = (evenZeros > half * 0.3 && oddZeros < half * 0.05) || (oddZeros > half * 0.3 && evenZeros < half * 0.05);
    return !utf16Ascii && !looksLikeUtf16Cjk(bytes.subarray(0, n & ~1));
  }
  // A short file has too few bytes for a share: one control byte in it is enough.
  if (n < SHORT && controls > 0) return !looksLikeUtf16Cjk(bytes.subarray(0, n & ~1));
  return controls > n * 0.02 && !looksLikeUtf16Cjk(bytes.subarray(0, n & ~1));
}

/** BOM-less UTF-16 Chinese has no zero bytes but reads as mostly ideographs in one byte order. */
function looksLikeUtf16Cjk(head: Uint8Array): boolean {
  if (head.length < 8) return false;
  for (const order of ['utf-16le', 'utf-16be'] as const) {
    const bytes = order === 'utf-16le' ? head : head.map((_, i) => head[i ^ 1]);
    const text = new TextDecoder('utf-16le').decode(bytes);
    let cjk = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      // Ideographs (and extension A), CJK punctuation, full-width forms, the punctuation and symbols
      // Chinese text uses (…, ※, ★ of 机密★5年), printable ASCII and line breaks (\r\n as Notepad writes them) and tabs.
      if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x2010 && c <= 0x27bf) || c === 0x0a || c === 0x0d || c === 0x09 || (c >= 0x20 && c < 0x7f)) cjk++;
    }
    if (cjk > text.length * 0.9) return true;
  }
  return false;
}

/** File names of pages. */
const HTML_NAME = /\.(html?|xhtml|xht|shtml|shtm)$/i;

/** Every HTML element (and obsolete ones pages still carry): what makes a tag a tag of a page. */
const HTML_ELEMENT = /^(a|abbr|acronym|address|area|article|aside|audio|b|base|basefont|bdi|bdo|big|blink|blockquote|body|br|button|canvas|caption|center|cite|code|col|colgroup|data|datalist|dd|del|details|dfn|dialog|dir|div|dl|dt|em|embed|fieldset|figcaption|figure|font|footer|form|frame|frameset|h[1-6]|head|header|hgroup|hr|html|i|iframe|img|input|ins|kbd|label|legend|li|link|main|map|mark|marquee|menu|meta|meter|nav|nobr|noframes|noscript|object|ol|optgroup|option|output|p|param|picture|pre|progress|q|rp|rt|ruby|s|samp|script|search|section|select|small|source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|template|textarea|tfoot|th|thead|time|title|tr|track|tt|u|ul|var|video|wbr|xmp)$/;

/**
 * An HTML fragment: with `named` (the file is named as a page), any tag of an HTML element or any
 * character reference in the first 8 KiB; otherwise the text opens (past whitespace) with a tag of
 * an HTML element whose end tag follows.
 */
function looksHtmlFragment(bytes: Uint8Array, named: boolean): boolean {
  const head = sniffHead(bytes);
  if (named) {
    if (/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});/.test(head)) return true;
    for (const m of head.matchAll(/<\/?([a-z][\w-]*)[\s>/]/g)) if (HTML_ELEMENT.test(m[1])) return true;
    return false;
  }
  const m = /^\s*<([a-z][\w-]*)[\s>]/.exec(head);
  return m !== null && HTML_ELEMENT.test(m[1]) && head.includes(`</${m[1]}>`);
}

/** How much of the file's start is looked at for markup. */
const HTML_HEAD_BYTES = 8192;
/** Elements that ordinary pages and HTML fragments are made of. */
const TYPICAL_TAG = /<\/?(html|head|body|meta|title|div|p|span|table|tr|td|img|br|a|ul|ol|li|h[1-6]|section|article|font|center|style|script|link)[\s>/]/g;

/**
 * The first bytes as text for sniffing: a BOM (UTF-8, UTF-16) dropped, UTF-16 folded to its ASCII
 * bytes, lower case.
 */
function sniffHead(bytes: Uint8Array): string {
  let b = bytes.subarray(0, HTML_HEAD_BYTES);
  if (startsWith(b, [0xef, 0xbb, 0xbf])) b = b.subarray(3);
  else if (startsWith(b, [0xff, 0xfe]) || startsWith(b, [0xfe, 0xff])) b = b.subarray(2);
  // One unit per byte, natively. TextDecoder('latin1') is windows-1252, through ICU: ~10 ms/MB on
  // the UTF-8 of Chinese text, for every text file scanned. The two differ only on bytes 0x80–0x9F,
  // which become non-ASCII, non-space units either way: the markup tests below read the same.
  const head = Buffer.from(b.buffer, b.byteOffset, b.length).toString('latin1');
  // UTF-16 (with or without BOM): the ASCII of the markup is every other byte.
  return (head.includes('\0') ? head.replace(/\0/g, '') : head).toLowerCase();
}

/**
 * Whether the bytes are a whole page, not a fragment: a doctype, an `<html>`, `<head>` or `<body>`
 * (or an XHTML or SVG root) in the first 8 KiB.
 */
export function looksHtmlDocument(bytes: Uint8Array): boolean {
  return /<(!doctype\s|([\w-]+:)?html[\s>]|head[\s>]|body[\s>]|([\w-]+:)?svg[\s>])/.test(sniffHead(bytes));
}

/**
 * HTML when the start, past a BOM, whitespace and comments, is a doctype, an XML declaration of a
 * page or a common element, or when typical tags recur anywhere in the first 8 KiB: a page whose
 * doctype was damaged or that begins with stray text is still a page, and read as text its hidden
 * parts (attributes, comments) would be prose inside lines of markup. `tagsAnywhere` false (a file
 * named Markdown) keeps the test to the start.
 */
function looksHtml(bytes: Uint8Array, tagsAnywhere: boolean): boolean {
  const head = sniffHead(bytes);
  // Leading comments and whitespace skipped (linear: each comment is searched for once).
  let at = 0;
  for (;;) {
    while (at < head.length && /\s/.test(head[at])) at++;
    if (!head.startsWith('<!--', at)) break;
    const close = head.indexOf('-->', at + 4);
    if (close < 0) break;
    at = close + 3;
  }
  const text = head.slice(at);
  // A document, or a fragment that opens with a common element (an iframe's srcdoc, a CMS body).
  // SVG is read like a page: its <text> is what it shows. An XML doctype may carry an internal
  // subset in brackets, whose entity declarations hold `>`.
  if (/^(<!doctype (html|svg)|<(html|head|body|meta|p|div|table|section|article|span|h[1-6]|ul|ol|img|a|br|iframe|font|center|svg|style)[\s>/]|<\?xml[^>]*>\s*(<!--[\s\S]*?-->\s*)*(<!doctype (html|svg)[^>[]*(\[[^\]]*\][^>]*)?>\s*)?<([\w-]+:)?(html|svg)[\s>])/.test(text)) return true;
  // Markup anywhere: several typical tags, of at least two kinds (one `<br>` in a note is not a page).
  // Markdown embeds such tags by design and keeps its own reader.
  if (!tagsAnywhere) return false;
  const names = new Set<string>();
  let count = 0;
  for (const m of head.matchAll(TYPICAL_TAG)) {
    names.add(m[1]);
    if (++count >= 4 && names.size >= 2) return true;
  }
  return false;
}
