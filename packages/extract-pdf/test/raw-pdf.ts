/**
 * Writing small PDFs byte by byte, for tests that need what PDF libraries will not write: damaged
 * streams, fonts without Unicode, incremental updates, scripts, embedded files under every key.
 * Objects are given as their body (`<< … >>` or `<< … >> stream … endstream`); the writer numbers
 * them from 1, builds the cross-reference table and the trailer, and can append incremental updates
 * that keep the earlier bytes in place.
 */
import zlib from 'node:zlib';

/** One object body, or raw bytes when a stream must hold exact binary data. */
export type Body = string | Uint8Array;

const latin1 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));

function concat(parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(Buffer.concat(parts));
}

/** A stream object body holding `data` (string data is taken as latin1). */
export function stream(dict: string, data: string | Uint8Array): Uint8Array {
  const bytes = typeof data === 'string' ? latin1(data) : data;
  return concat([latin1(`<< ${dict} /Length ${bytes.length} >>\nstream\n`), bytes, latin1('\nendstream')]);
}

/** A Flate-compressed stream object body. */
export function flateStream(dict: string, data: string | Uint8Array): Uint8Array {
  const bytes = typeof data === 'string' ? latin1(data) : data;
  return stream(`${dict} /Filter /FlateDecode`, new Uint8Array(zlib.deflateSync(bytes)));
}

/** A PDF text string literal (escapes backslash and parentheses). */
export function pdfString(s: string): string {
  return `(${s.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A PDF text string as UTF-16BE hex with BOM (for non-Latin text). */
export function pdfUtf16(s: string): string {
  const b = Buffer.from(s, 'utf16le').swap16();
  return `<FEFF${b.toString('hex').toUpperCase()}>`;
}

interface Section {
  objects: Array<[number, Body]>;
  trailer: string;
}

function writeSection(prefix: Uint8Array, section: Section, prevXref?: number): Uint8Array {
  const parts: Uint8Array[] = [prefix];
  let offset = prefix.length;
  const offsets = new Map<number, number>();
  for (const [num, body] of section.objects) {
    offsets.set(num, offset);
    const b = concat([latin1(`${num} 0 obj\n`), typeof body === 'string' ? latin1(body) : body, latin1('\nendobj\n')]);
    parts.push(b);
    offset += b.length;
  }
  const xrefAt = offset;
  const nums = [...offsets.keys()].sort((a, b) => a - b);
  let xref = 'xref\n';
  if (prevXref === undefined) {
    xref += `0 ${nums[nums.length - 1] + 1}\n0000000000 65535 f \n`;
    for (let k = 1; k <= nums[nums.length - 1]; k++) {
      const o = offsets.get(k);
      xref += o === undefined ? '0000000000 65535 f \n' : `${String(o).padStart(10, '0')} 00000 n \n`;
    }
  } else {
    for (const k of nums) xref += `${k} 1\n${String(offsets.get(k)).padStart(10, '0')} 00000 n \n`;
  }
  const prev = prevXref === undefined ? '' : ` /Prev ${prevXref}`;
  xref += `trailer\n<< ${section.trailer}${prev} >>\nstartxref\n${xrefAt}\n%%EOF\n`;
  parts.push(latin1(xref));
  return concat(parts);
}

/** A complete PDF from object bodies numbered 1…n; object 1 must be the catalog. */
export function buildPdf(bodies: Body[], trailerExtra = ''): Uint8Array {
  const objects = bodies.map((b, i) => [i + 1, b] as [number, Body]);
  return writeSection(latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), { objects, trailer: `/Size ${bodies.length + 1} /Root 1 0 R ${trailerExtra}` });
}

/**
 * Appends an incremental update: the given objects (new numbers or replacements) with their own
 * cross-reference section pointing back to the previous one. The earlier bytes stay as they are.
 */
export function appendUpdate(base: Uint8Array, objects: Array<[number, Body]>, size: number): Uint8Array {
  const text = Buffer.from(base).toString('latin1');
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(text);
  if (!m) throw new Error('base has no startxref');
  return writeSection(base, { objects, trailer: `/Size ${size} /Root 1 0 R` }, Number(m[1]));
}

/** Catalog, page tree and one page drawing `content` with Helvetica as /F1 (objects 1-4, content is 5). */
export function onePage(content: Body, extra: { catalog?: string; page?: string; fonts?: string; more?: Body[] } = {}): Body[] {
  return [
    `<< /Type /Catalog /Pages 2 0 R ${extra.catalog ?? ''} >>`,
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R ${extra.fonts ?? ''} >> >> /Contents 5 0 R ${extra.page ?? ''} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    content,
    ...(extra.more ?? []),
  ];
}

/** Content drawing each line at 12 pt from the top, one `Tj` per line. */
export function linesContent(lines: string[]): string {
  let s = 'BT /F1 12 Tf 14 TL 72 740 Td\n';
  for (const l of lines) s += `${pdfString(l)} Tj T*\n`;
  return `${s}ET`;
}

/** A non-embedded Chinese font (STSong-Light, UCS-2 encoded): pdf.js reads it through its packed cMaps. */
export const CJK_FONT =
  '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light ' +
  '/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 ' +
  '/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> /DW 1000 >>] >>';

/** Text as a hex string for {@link CJK_FONT} (UCS-2 big-endian). */
export function ucs2(s: string): string {
  return `<${Buffer.from(s, 'utf16le').swap16().toString('hex').toUpperCase()}>`;
}

/** Catalog, page tree and one page with Helvetica as /F1 and {@link CJK_FONT} as /F2 (objects 1-4 and 6; content is 5). */
export function onePageCjk(content: Body, extra: { catalog?: string; page?: string; fonts?: string; more?: Body[] } = {}): Body[] {
  return onePage(content, { ...extra, fonts: `/F2 6 0 R ${extra.fonts ?? ''}`, more: [CJK_FONT, ...(extra.more ?? [])] });
}

/**
 * An extraction through JSON, as a caller stores it: timings left out, images as base64, so two
 * readings of one file (a pdf.js patch part off and on) compare byte for byte.
 */
export function extractionJson(r: unknown): unknown {
  return JSON.parse(JSON.stringify(r, (k, v) => (/^(durationMs|ms)$/.test(k) ? undefined : v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v)));
}
