/**
 * ZIP archives: every entry is handed to the scanner as an embedded file and scanned recursively
 * (an archive in an archive up to the nesting limit), and the entry names are a part of their own
 * (`attachment-name`: 机密★5年-港区规划.docx is a marking too). The archive is read by the DOCX
 * reader's inflater, so the same zip-bomb limits hold: total inflated bytes, ratio per entry,
 * entry count. Encrypted entries, unknown compression methods, damage, and disagreements between
 * the central directory and the local headers are unread with their reason.
 */
import { PartBuilder, type EmbeddedFile, type ExtractContext, type Extraction, type Extractor, type UnreadItem } from '@prepub/core';
import { crc32, EntryError, InflateBudget, inflateEntry, readDirectory } from '@prepub/extract-docx/zip';
import { nameParagraphs, undeclaredReadings } from './archives.ts';
import { appleDoubleTexts, isAppleDouble } from './appledouble.ts';
import { booksDrawnAs, deobfuscate, epubContainer, type EpubContainer } from './epub.ts';

export { gzipFormat, tarFormat, zipFormat } from './format.ts';
export { extractGzip, extractTar, gzipExtractor, tarExtractor, decodeUndeclared } from './archives.ts';
export { gunzipAll, isGzip, type GunzipResult, type GzipMember } from './gzip.ts';
export { looksLikeTar, readTar, type TarResult, type TarText } from './tar.ts';

/**
 * Another reading of bytes whose encoding is not declared (a name without the UTF-8 flag, a
 * comment): UTF-8 when they are valid UTF-8, else GB18030, as Chinese Windows tools write them.
 * Undefined when the bytes are ASCII, whose reading does not depend on the code page.
 */
export function undeclaredText(b: Uint8Array): string | undefined {
  if (!b.some((x) => x >= 0x80)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return new TextDecoder('gb18030').decode(b);
  }
}
const ascii = new TextDecoder('latin1');

/**
 * Finder's view settings by name: skipped only when the bytes are one (a name says nothing about
 * the data: a text file called .DS_Store is read).
 */
const DS_STORE_NAME = /(^|\/)\.DS_Store$/;
/** A .DS_Store file: a 4-byte alignment header 00 00 00 01, then the buddy allocator's magic `Bud1`. */
const isDsStore = (b: Uint8Array) => b.length >= 8 && b[0] === 0 && b[1] === 0 && b[2] === 0 && b[3] === 1 && b[4] === 0x42 && b[5] === 0x75 && b[6] === 0x64 && b[7] === 0x31;

export async function extractZip(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const unread: UnreadItem[] = [];
  const embedded: EmbeddedFile[] = [];
  const result: Extraction = { format: 'zip', mediaType: 'application/zip', parts: [], unread, embedded, info: {} };
  let dir;
  try {
    dir = readDirectory(bytes, ctx.limits.maxArchiveEntries);
  } catch (err) {
    const e = err instanceof EntryError ? err : new EntryError('corrupt', String((err as Error)?.message ?? err));
    unread.push({ where: 'file', reason: e.reason, detail: `The archive could not be read: ${e.message}.` });
    return result;
  }
  for (const m of dir.mismatches) {
    if (m.outside) {
      // As gzip and tar do with data after their end: the bytes are scanned as a file below.
      (result.loss ??= []).push({ where: m.where, kind: 'other', count: m.count, detail: `${m.detail.charAt(0).toUpperCase()}${m.detail.slice(1)}. They were scanned as a file of their own`, reason: 'corrupt', origin: { filePart: m.where } });
      continue;
    }
    (result.loss ??= []).push({ where: m.where, kind: 'entry-mismatch', count: m.count, ...(m.total !== undefined ? { total: m.total } : {}), detail: `The archive's directory does not agree with its contents: ${m.detail}; an unzip tool may show content this scan reads separately or not at all`, reason: 'corrupt', origin: { filePart: m.where } });
  }
  if (dir.recovered) unread.push({ where: 'file', reason: 'corrupt', detail: `The archive is damaged: ${dir.recovered}. ${dir.entries.length} entries were recovered from what remains; the rest could not be read.` });
  // A document format built on ZIP that no registered reader claimed (an Office package without its
  // usual part names, OpenDocument, OFD, EPUB): its entries are scanned as files, but text split
  // across markup is not reassembled, so the document is not read as its application shows it.
  const has = (n: string) => dir.entries.some((e) => e.name === n);
  const budget = new InflateBudget(ctx.limits);
  // An EPUB book is read completely by reading its entries (epub.ts); other mimetype packages are not.
  const epub = has('mimetype') && !has('[Content_Types].xml') ? epubOf(bytes, dir, budget) : undefined;
  if (epub) {
    unread.push(...epub.unread);
    result.info = { ...result.info, epub: true };
  }
  const container = has('[Content_Types].xml') ? 'an Office Open XML package of a kind prepub does not read as a document' : has('mimetype') && !epub ? 'a document package with a mimetype entry (OpenDocument, EPUB or similar), which prepub does not read as a document' : has('OFD.xml') ? 'an OFD document, which prepub does not read as a document' : undefined;
  if (container) unread.push({ where: 'file', reason: 'unsupported-format', detail: `The file is ${container}; its entries were scanned one by one as files, but text the application assembles from its markup may not have been seen.` });
  const names = new PartBuilder('zip#names', 'attachment-name', { filePart: 'central directory', detail: 'names of the files in the archive' });
  const macText = new PartBuilder('zip#mac-metadata', 'metadata', { filePart: '__MACOSX', detail: 'text in macOS metadata (AppleDouble): Finder comments, extended attributes, resource forks' });
  const seen = new Map<string, number>();
  let exhausted = false;
  let lastYield = performance.now();
  // Comments an archive tool shows beside the entries; their encoding is not declared.
  const comments = new PartBuilder('zip#comments', 'comment', { filePart: 'central directory', detail: 'archive and entry comments' });
  const comment = (b: Uint8Array | undefined): void => {
    if (!b || b.length === 0) return;
    comments.append(undeclaredText(b) ?? ascii.decode(b));
    comments.endParagraph({ kind: 'paragraph' });
  };
  comment(dir.comment);
  for (const e of dir.entries) {
    // A name without the UTF-8 flag is in the writer's code page, which the archive does not say:
    // its other reading is a name an unzip tool may show, and so is a Unicode path field.
    const other = e.rawName ? undeclaredText(e.rawName) : undefined;
    for (const alt of new Set([e.name, other, e.unicodePath])) {
      if (alt === undefined) continue;
      for (const p of nameParagraphs(alt)) {
        names.append(p);
        names.endParagraph({ kind: 'paragraph' });
      }
    }
    comment(e.comment);
    if (e.unicodeComment) comment(new TextEncoder().encode(e.unicodeComment));
    // A folder entry has no data; one that carries some is read like a file (unzip tools make a folder and show nothing).
    const folder = e.name.endsWith('/');
    if (folder && e.compressedSize === 0 && !e.truncated) continue;
    const k = (seen.get(e.name) ?? 0) + 1;
    seen.set(e.name, k);
    const which = k > 1 ? `${e.name} (copy ${k})` : e.name;
    const detail = e.source === 'local' ? 'not listed in the central directory' : e.localReading ? 'as its local header gives it, which disagrees with the central directory' : folder ? 'data of a folder entry, which unzip tools do not show' : undefined;
    const origin = { filePart: e.name, ...(detail ? { detail } : {}) };
    if (exhausted) {
      unread.push({ where: which, reason: 'limit', detail: `Not read: the archive had already inflated past the limit of ${ctx.limits.maxInflatedBytes} bytes.`, origin });
      continue;
    }
    try {
      const data = inflateEntry(bytes, e, budget, dir.recovered !== undefined);
      if (e.truncated && !dir.recovered) unread.push({ where: which, reason: 'corrupt', detail: `${which} is cut short; only its beginning was read.`, origin });
      else if (!e.truncated && e.crc !== undefined && crc32(data) !== e.crc) unread.push({ where: which, reason: 'corrupt', detail: `${which} does not match its checksum: it is damaged or was altered.`, origin });
      // An empty file holds nothing to read; Finder's settings are not content. AppleDouble metadata
      // is not the file's content either, but the text the Mac keeps in it is read: the Finder
      // comment typed into Get Info, other extended attributes, the resource fork's strings.
      if (/(^|\/)__MACOSX\//.test(e.name) && isAppleDouble(data)) {
        const mac = appleDoubleTexts(data);
        for (const t of mac.texts) {
          for (const reading of undeclaredReadings(t.bytes).filter((r, i) => i === 0 || !/[\ue000-\uf8ff\ufffd]/.test(r))) {
            for (const line of reading.split(/\r\n|\r|\n/)) {
              macText.append(line);
              macText.endParagraph({ kind: 'paragraph' });
            }
          }
        }
        for (const p of mac.problems) (result.loss ??= []).push({ where: which, kind: 'failed-stream', count: 1, reason: 'corrupt', detail: `The macOS metadata (AppleDouble) ${which} is damaged: ${p}; what it holds there was not read.`, origin });
        continue;
      }
      if (data.length === 0 || (DS_STORE_NAME.test(e.name) && isDsStore(data))) continue;
      if (epub?.encrypted.has(e.name)) {
        unread.push({ where: which, reason: 'encrypted', detail: `${which} is encrypted by the book (listed in META-INF/encryption.xml with an algorithm other than font obfuscation); its content was not read.`, origin });
        continue;
      }
      const obfuscation = epub?.obfuscated.get(e.name);
      embedded.push({ name: k > 1 ? `${e.name}#copy${k}` : e.name, bytes: obfuscation ? deobfuscate(data, obfuscation) : data, origin: obfuscation ? { ...origin, detail: 'a font the book obfuscates (META-INF/encryption.xml), read with the obfuscation taken off' } : origin });
    } catch (err) {
      const ee = err instanceof EntryError ? err : new EntryError('corrupt', `${which} could not be inflated`);
      if (ee.reason === 'limit' && budget.inflated > ctx.limits.maxInflatedBytes) exhausted = true;
      unread.push({ where: which, reason: ee.reason, detail: `${ee.message.charAt(0).toUpperCase()}${ee.message.slice(1)}.`, origin });
    }
    if (performance.now() - lastYield > 25) {
      await new Promise((r) => setImmediate(r));
      lastYield = performance.now();
    }
    if (ctx.signal?.aborted) {
      unread.push({ where: 'file', reason: 'aborted', detail: 'The scan was cancelled while the archive was being read.' });
      break;
    }
  }
  // Bytes outside the archive's structure (a page after it, text between entries) are what another
  // program shows of the file: each run is scanned as a file of its own.
  for (const r of dir.outside ?? []) {
    const where = `bytes ${r.start}-${r.end}`;
    embedded.push({ name: r.after ? '(data after the archive)' : `(data outside the archive's entries, ${where})`, bytes: bytes.subarray(r.start, r.end), origin: { filePart: where, detail: r.after ? 'after the end of the archive' : 'outside every entry of the archive' } });
  }
  // A book's fonts that draw other characters than its chapters hold: the chapters read as drawn too (epub.ts).
  if (epub) {
    const drawn = booksDrawnAs(embedded);
    embedded.push(...drawn.copies);
    if (drawn.loss.length) (result.loss ??= []).push(...drawn.loss);
  }
  if (!names.blank) result.parts.push(names.toPart());
  if (!comments.blank) result.parts.push(comments.toPart());
  if (!macText.blank) result.parts.push(macText.toPart());
  result.info = { ...result.info, entries: dir.entries.length, inflatedBytes: budget.inflated };
  return result;
}

/** The ZIP {@link Extractor}: an archive in, its entries out as embedded files for the scanner. */
export const zipExtractor: Extractor = {
  format: 'zip',
  extract: (bytes, ctx) => extractZip(bytes, ctx),
};

/**
 * The EPUB container of the archive (epub.ts), or undefined when it is not one or its container
 * documents cannot be read (it is then a document package prepub does not read: unsupported-format).
 */
function epubOf(bytes: Uint8Array, dir: ReturnType<typeof readDirectory>, budget: InflateBudget): EpubContainer | undefined {
  const byName = new Map<string, (typeof dir.entries)[number]>();
  for (const e of dir.entries) if (!byName.has(e.name)) byName.set(e.name, e);
  try {
    return epubContainer((name) => {
      const e = byName.get(name);
      if (!e) return undefined;
      try {
        return inflateEntry(bytes, e, budget, dir.recovered !== undefined);
      } catch (err) {
        return { why: String((err as Error)?.message ?? err) };
      }
    });
  } catch {
    return undefined;
  }
}
