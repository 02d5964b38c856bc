/**
 * gzip files (.gz, .svgz) and tar archives (.tar, .tgz, .tar.gz), opened like ZIP archives: every
 * member is handed to the scanner as an embedded file (scanned by its own reader, recursively, within
 * the nesting limit), names and comments are text parts, and what could not be read is a loss with
 * its reason. A gzip whose content is a tar is read as that tar in the same pass, so a member of
 * `bundle.tar.gz` is located as `bundle.tar.gz → docs/notice.txt`.
 */
import { PartBuilder, type EmbeddedFile, type ExtractContext, type Extraction, type Extractor, type Loss, type TextPart } from '@prepub/core';
import { gunzipAll } from './gzip.ts';
import { looksLikeTar, readTar, type TarText } from './tar.ts';

const latin1 = new TextDecoder('latin1');
const utf8Fatal = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030');
const big5Fatal = new TextDecoder('big5', { fatal: true });

/**
 * Name and comment bytes, whose encoding no header declares (gzip says Latin-1, tar says nothing;
 * tools write the locale's bytes): UTF-8 when valid, else GB18030 as Chinese systems write them,
 * else Latin-1, which reads every byte.
 */
export function decodeUndeclared(b: Uint8Array): string {
  return undeclaredReadings(b)[0];
}

/**
 * Every plausible reading of undeclared bytes, the likeliest first: bytes that are not UTF-8 may be
 * GB18030, Big5 (written on Traditional Chinese systems; most Big5 names are valid GB18030 bytes too,
 * read as other characters) or Latin-1 (`crème` in Latin-1 is also valid GB18030), and a tool may show any.
 */
export function undeclaredReadings(b: Uint8Array): string[] {
  if (!b.some((x) => x >= 0x80)) return [latin1.decode(b)];
  try {
    return [utf8Fatal.decode(b)];
  } catch {
    const readings: string[] = [];
    const g = gb18030.decode(b);
    let b5: string | undefined;
    try {
      b5 = big5Fatal.decode(b);
    } catch {
      b5 = undefined;
    }
    // Big5 bytes read as GB18030 often land in its user-defined area (private-use characters, no
    // meaning): that reading is dropped when Big5 reads the bytes.
    if (!g.includes('\ufffd') && !(b5 !== undefined && /[\ue000-\uf8ff]/.test(g))) readings.push(g);
    if (b5 !== undefined && b5 !== g) readings.push(b5);
    // Latin-1 text has no bytes 0x80–0x9F (C1 controls there): GB18030 text that has them is not Latin-1.
    if (g.includes('\ufffd') || !b.some((x) => x >= 0x80 && x <= 0x9f)) readings.push(latin1.decode(b));
    return readings;
  }
}

/**
 * The paragraphs a member's name is written as: the whole path, then, for a path with folders, each
 * folder and the file's own name, as an archive tool's tree shows them (a marking that begins the
 * file's name stands at the start of a line, as it does on screen).
 */
export function nameParagraphs(name: string): string[] {
  const parts = name.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  return parts.length > 1 ? [name, ...parts] : [name];
}

/** Text parts of an archive's headers: names, comments, other text records. */
export class HeaderText {
  private readonly names: PartBuilder;
  private readonly comments: PartBuilder;
  private readonly records: PartBuilder;
  constructor(prefix: string, where: string) {
    this.names = new PartBuilder(`${prefix}#names`, 'attachment-name', { filePart: where, detail: 'names of the files in the archive' });
    this.comments = new PartBuilder(`${prefix}#comments`, 'comment', { filePart: where, detail: 'comments in the archive headers' });
    this.records = new PartBuilder(`${prefix}#records`, 'metadata', { filePart: where, detail: 'other text records of the archive headers (pax records, owner names)' });
  }

  add(kind: TarText['kind'], text: string, key?: string): void {
    if (!text) return;
    const b = kind === 'name' ? this.names : kind === 'comment' ? this.comments : this.records;
    // A record's key is not shown before its value: a value is read as the text it is.
    void key;
    for (const p of kind === 'name' ? nameParagraphs(text) : [text]) {
      b.append(p);
      b.endParagraph({ kind: 'paragraph' });
    }
  }

  parts(): TextPart[] {
    return [this.names, this.comments, this.records].filter((b) => !b.blank).map((b) => b.toPart());
  }
}

/** Reads the tar in `bytes` into `result`: members embedded, header text added, losses recorded. */
export function tarInto(bytes: Uint8Array, ctx: ExtractContext, text: HeaderText, result: Extraction): void {
  const tar = readTar(bytes, { maxEntries: ctx.limits.maxArchiveEntries, decodeName: decodeUndeclared });
  // A member's name may stand in several fields with the same text (ustar name and pax path).
  const seen = new Set<string>();
  for (const t of tar.texts) {
    for (const s of undeclaredReadings(t.bytes)) {
      const key = `${t.kind}\0${t.member}\0${s}`;
      if (seen.has(key)) continue;
      seen.add(key);
      text.add(t.kind, s, t.key);
    }
  }
  (result.embedded ??= []).push(...tar.embedded);
  if (tar.loss.length) (result.loss ??= []).push(...tar.loss);
  result.info = { ...result.info, tarHeaders: tar.headers, tarMembers: tar.members };
}

/** A name for the content of a gzip file without a stored name: the file's own name less `.gz`. */
export function contentName(filename: string | undefined): string {
  const base = (filename ?? '').split(/[\\/]/).pop() ?? '';
  if (/\.tgz$/i.test(base)) return base.replace(/\.tgz$/i, '.tar');
  if (/\.svgz$/i.test(base)) return base.replace(/\.svgz$/i, '.svg');
  if (/\.(gz|gzip|z)$/i.test(base)) return base.replace(/\.(gz|gzip|z)$/i, '');
  return base ? `${base} (content)` : '(content)';
}

export async function extractGzip(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const embedded: EmbeddedFile[] = [];
  const loss: Loss[] = [];
  const result: Extraction = { format: 'gzip', mediaType: 'application/gzip', parts: [], unread: [], embedded, loss, info: {} };
  const gz = gunzipAll(bytes, ctx.limits);
  loss.push(...gz.loss);
  const text = new HeaderText('gzip', 'gzip header');
  for (const m of gz.members) {
    for (const s of m.name ? undeclaredReadings(m.name) : []) text.add('name', s);
    for (const s of m.comment ? undeclaredReadings(m.comment) : []) text.add('comment', s);
  }
  result.info = { members: gz.members.length, inflatedBytes: gz.data.length };
  if (gz.data.length) {
    if (looksLikeTar(gz.data)) {
      result.info.content = 'tar';
      tarInto(gz.data, ctx, text, result);
    } else {
      const stored = gz.members.find((m) => m.name?.length)?.name;
      const name = stored ? decodeUndeclared(stored) : contentName(ctx.filename);
      embedded.push({ name, bytes: gz.data, origin: { filePart: name, detail: gz.members.length > 1 ? `the content of ${gz.members.length} concatenated gzip members` : 'the compressed content' } });
    }
  }
  if (gz.trailing) embedded.push({ name: '(data after the gzip stream)', bytes: gz.trailing.bytes, origin: { filePart: `bytes ${gz.trailing.offset}-${bytes.length}`, detail: 'after the last gzip member' } });
  result.parts.push(...text.parts());
  return result;
}

export async function extractTar(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const result: Extraction = { format: 'tar', mediaType: 'application/x-tar', parts: [], unread: [], embedded: [], loss: [], info: {} };
  const text = new HeaderText('tar', 'tar headers');
  tarInto(bytes, ctx, text, result);
  result.parts.push(...text.parts());
  return result;
}

/** The gzip {@link Extractor}: the content (or, for a compressed tar, every member) out as embedded files. */
export const gzipExtractor: Extractor = { format: 'gzip', extract: (bytes, ctx) => extractGzip(bytes, ctx) };
/** The tar {@link Extractor}: every member out as an embedded file. */
export const tarExtractor: Extractor = { format: 'tar', extract: (bytes, ctx) => extractTar(bytes, ctx) };
