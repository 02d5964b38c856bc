/**
 * Marked inputs the fuzz harness mutates: every sample labelled `block` in samples/*\/labels.json
 * and the documents of generate.ts. Each seed carries `regions`, the bytes that may carry its
 * marking. Regions of corpus samples are over-approximated (a wider region only weakens what the
 * harness may claim; it never makes it claim a marking intact that a mutation destroyed).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { readZip, type Range } from './bytes.ts';
import { generatedSeeds } from './generate.ts';
import { cfbRegions, containerSeeds, emlRegions } from './containers.ts';
import { hostileInputs } from './hostile.ts';

/** `docx` is any ZIP package (DOCX, XLSX, PPTX, plain archives); `cfb` an OLE compound file (Outlook MSG). */
export type SeedKind = 'text' | 'html' | 'docx' | 'pdf' | 'image' | 'eml' | 'cfb';
/** Encodings of text seeds, as named by the sample corpus's file-name suffixes. */
export type TextEncoding = 'utf8' | 'utf8bom' | 'gbk' | 'gb18030' | 'utf16le' | 'utf16be';

export interface Seed {
  /** `samples/text/notice-jimi-5nian.txt` or `gen/gen-notice.pdf`. */
  id: string;
  /** The name handed to the scanner (its extension is a hint only: bytes decide). */
  filename: string;
  kind: SeedKind;
  bytes: Uint8Array;
  regions: Range[];
  encoding?: TextEncoding;
}

export const REPO = join(import.meta.dirname, '..', '..');

/** Characters and words without which no marking of the corpus exists (over-approximation). */
const TRIGGER = /[绝絕机機祕秘密★☆＊]|secret|sensitive|noforn|内部|&#|\(s|\(c\)/i;

function kindOf(bytes: Uint8Array, filename: string): SeedKind {
  const head = Buffer.from(bytes.subarray(0, 8)).toString('latin1');
  if (head.startsWith('%PDF')) return 'pdf';
  if (head.startsWith('PK')) return 'docx';
  if (head === '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1') return 'cfb';
  const ext = extname(filename).toLowerCase();
  if (ext === '.eml') return 'eml';
  if (['.png', '.jpg', '.jpeg', '.gif', '.bmp', '.tif', '.tiff', '.webp'].includes(ext)) return 'image';
  const text = Buffer.from(bytes.subarray(0, 512)).toString('latin1').toLowerCase();
  return /<(!doctype|html|head|body|div|p|table)[\s>]/.test(text) ? 'html' : 'text';
}

function encodingOf(filename: string): TextEncoding {
  const m = /-(gbk|gb18030|utf16le|utf16be|utf8bom)\./.exec(filename);
  return (m?.[1] as TextEncoding) ?? 'utf8';
}

/** `text` written in encoding `e`, its byte order mark included (the inverse of {@link decodeAs}). */
export function encodeAs(text: string, e: TextEncoding): Uint8Array {
  const bom = e === 'utf8bom' ? [0xef, 0xbb, 0xbf] : e === 'utf16le' ? [0xff, 0xfe] : e === 'utf16be' ? [0xfe, 0xff] : [];
  const codec = e === 'utf16le' ? 'utf-16le' : e === 'utf16be' ? 'utf-16be' : e === 'utf8bom' ? 'utf8' : e;
  return new Uint8Array(Buffer.concat([Buffer.from(bom), iconv.encode(text, codec)]));
}

export function decodeAs(bytes: Uint8Array, e: TextEncoding): string {
  const b = Buffer.from(bytes);
  if (e === 'utf8bom') return b.subarray(3).toString('utf8');
  if (e === 'utf16le' || e === 'utf16be') return iconv.decode(b.subarray(2), e === 'utf16le' ? 'utf-16le' : 'utf-16be');
  return iconv.decode(b, e === 'utf8' ? 'utf8' : e);
}

/**
 * Lines of a text file that hold a trigger, as byte ranges (line ends found in the encoding's own
 * units), with the line breaks on either side: a marking alone on its line is part of what it is.
 */
function textRegions(bytes: Uint8Array, e: TextEncoding): Range[] {
  const regions: Range[] = [];
  if (e === 'utf16le' || e === 'utf16be') {
    const s = decodeAs(bytes, e);
    let start = 0;
    for (const line of s.split('\n')) {
      if (TRIGGER.test(line)) regions.push([Math.max(0, start * 2), Math.min(bytes.length, 2 + (start + line.length + 1) * 2)]);
      start += line.length + 1;
    }
    return regions;
  }
  // In UTF-8, GBK and GB18030 the byte 0x0A is only ever a line feed.
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      const line = iconv.decode(Buffer.from(bytes.subarray(start, i)), e === 'utf8bom' ? 'utf8' : e === 'utf8' ? 'utf8' : e);
      if (TRIGGER.test(line)) regions.push([Math.max(0, start - 1), Math.min(bytes.length, i + 1)]);
      start = i + 1;
    }
  }
  return regions;
}

/** Entries whose content may carry a marking: text with a trigger, and anything not XML (pictures, embedded files). */
function docxRegions(bytes: Uint8Array): Range[] | undefined {
  const entries = readZip(bytes);
  if (!entries) return undefined;
  const regions: Range[] = [];
  for (const e of entries) {
    if (!/\.(xml|rels)$/i.test(e.name)) {
      regions.push(e.range);
      continue;
    }
    let content: string;
    try {
      content = Buffer.from(e.method === 8 ? inflateRawSync(e.data) : e.data).toString('utf8');
    } catch {
      regions.push(e.range);
      continue;
    }
    // Attributes count: a sheet's name, a validation prompt or a property may carry the marking.
    if (TRIGGER.test(content)) regions.push(e.range);
  }
  return regions;
}

/** Every object of the file's first revision; header, xref and trailer lie outside. */
function pdfRegions(bytes: Uint8Array): Range[] {
  const s = Buffer.from(bytes).toString('latin1');
  const first = /\d+\s+\d+\s+obj\b/.exec(s);
  const last = s.lastIndexOf('endobj');
  if (!first || last < 0) return [[0, bytes.length]];
  return [[first.index, last + 'endobj'.length]];
}

export function seedOf(id: string, filename: string, bytes: Uint8Array, regions?: Range[]): Seed | undefined {
  const kind = kindOf(bytes, filename);
  if (regions) return { id, filename, kind, bytes, regions, encoding: kind === 'text' || kind === 'html' ? 'utf8' : undefined };
  if (kind === 'text' || kind === 'html') {
    const encoding = encodingOf(filename);
    const r = textRegions(bytes, encoding);
    return { id, filename, kind, bytes, regions: r.length ? r : [[0, bytes.length]], encoding };
  }
  if (kind === 'docx') {
    const r = docxRegions(bytes);
    return r ? { id, filename, kind, bytes, regions: r } : undefined;
  }
  if (kind === 'pdf') return { id, filename, kind, bytes, regions: pdfRegions(bytes) };
  if (kind === 'cfb') return { id, filename, kind, bytes, regions: cfbRegions(bytes) };
  if (kind === 'eml') return { id, filename, kind, bytes, regions: emlRegions(bytes) };
  // A GIF's frames lie between its header (and global colour table) and the trailer byte.
  if (Buffer.from(bytes.subarray(0, 3)).toString('latin1') === 'GIF') {
    const gct = bytes[10] & 0x80 ? 3 * 2 ** ((bytes[10] & 7) + 1) : 0;
    return { id, filename, kind, bytes, regions: [[13 + gct, bytes.lastIndexOf(0x3b)]] };
  }
  return { id, filename, kind, bytes, regions: [[0, bytes.length]] };
}

interface LabelFile {
  files: Record<string, { verdict: string; findings?: Array<{ ruleId: string; role?: string }> }>;
}

/**
 * Corpus samples that carry a marking (labelled block, or review with a marking finding: a handling
 * marking must never pass either), then the generated documents. Pictures only when OCR is on.
 */
export function loadSeeds(options: { ocr: boolean; samples?: string; only?: string[] }): Seed[] {
  const root = options.samples ?? join(REPO, 'samples');
  const seeds: Seed[] = [];
  for (const dir of readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    let labels: LabelFile;
    try {
      labels = JSON.parse(readFileSync(join(root, dir, 'labels.json'), 'utf8')) as LabelFile;
    } catch {
      continue;
    }
    for (const [name, label] of Object.entries(labels.files).sort(([a], [b]) => a.localeCompare(b))) {
      const marked = label.verdict === 'block' || (label.verdict === 'review' && (label.findings ?? []).some((f) => f.ruleId.startsWith('marking.')));
      if (!marked) continue;
      const bytes = new Uint8Array(readFileSync(join(root, dir, name)));
      const seed = seedOf(`samples/${dir}/${name}`, name, bytes);
      if (!seed) continue;
      if (seed.kind === 'image' && !options.ocr) continue;
      // A page or drawing whose marking is drawn (SVG lettering as outlines, found by OCR only) holds no marking
      // bytes for the markup mutations to keep: wrapped in a comment or a template, the drawing is no
      // longer drawn, and its passing breaks no invariant.
      if ((seed.kind === 'html' || seed.kind === 'text') && (label.findings ?? []).length > 0 && label.findings!.every((f) => f.role === 'ocr')) continue;
      // A scan in a PDF wrapper needs OCR just as a picture does.
      if (dir === 'images' && !options.ocr) continue;
      seeds.push(seed);
    }
  }
  for (const g of generatedSeeds()) {
    const seed = seedOf(`gen/${g.name}`, g.name, g.bytes, g.regions);
    if (seed) seeds.push(seed);
  }
  for (const g of containerSeeds()) {
    const seed = seedOf(`gen/${g.name}`, g.name, g.bytes);
    if (seed) seeds.push(seed);
  }
  // Hostile constructions (a marking where a reader may not look) are seeds too, so the byte-level
  // mutations are tried on them, with the regions of their format (ZIP entries holding a level
  // character, a PDF's objects, an e-mail up to its marked part). HTML, RTF and plain text are
  // left out: their markings stand in markup whose meaning (a script, a ruby, a reversing style)
  // a wrap or a re-encoding changes.
  for (const h of hostileInputs()) {
    // E-mails whose marking is encoded where the regions cannot see it (uuencode, UTF-7, HZ: in a
    // body, an attachment, a header word or a file name; a body inside an attached message, which the
    // regions do not descend into) too.
    // SVG is markup like HTML; pictures carry their marking in text fields OCR-off runs read apart
    // from the pixels; archives and compressed files hold it in names, comments or a stream no
    // byte-level class knows the bounds of.
    if (h.open || /\.(rtf|txt|html|svg|svgz|png|tif|gz|tar|7z|rar)$/.test(h.name) || /^(zip|gzip|tar)-/.test(h.name) || /^eml-.*(uuencode|utf7|hz|nested-rfc822)/.test(h.name)) continue;
    const seed = seedOf(`hostile/${h.name}`, h.name, h.bytes);
    if (seed) seeds.push(seed);
  }
  // --seeds: only seeds whose id contains one of the given strings (e.g. `samples/msg,gen/gen-notice.eml`).
  return options.only?.length ? seeds.filter((x) => options.only!.some((o) => x.id.includes(o))) : seeds;
}
