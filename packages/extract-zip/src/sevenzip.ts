/**
 * 7z and RAR archives, opened with 7-Zip itself (the `7z-wasm` build of 7-Zip 24.09: WebAssembly, shipped
 * in the package, no download and no native code). Each archive gets its own instance with an
 * in-memory file system: the archive is listed first (`l -slt`), and only when the sizes its
 * headers give are within the archive limits is it extracted (7-Zip's decoders stop at those sizes,
 * so the listing bounds the output). Every extracted file is handed to the scanner; every name is
 * text; an encrypted entry or header, an unsupported method, damage, and any entry that did not come
 * out with its listed size are losses with their reason. A password is never asked for (`-p` is
 * always given, so 7-Zip never prompts).
 */
import type { EmbeddedFile, ExtractContext, Extraction, Extractor, Loss } from '@prepub/core';
import { PartBuilder } from '@prepub/core';
import { crc32 } from '@prepub/extract-docx/zip';
import { nameParagraphs, undeclaredReadings } from './archives.ts';
import { rar4Comments } from './rar4.ts';

interface Listed {
  path: string;
  size: number;
  folder: boolean;
  encrypted: boolean;
  method: string;
  /** CRC-32 from the headers, when the archive keeps one for the entry. */
  crc?: number;
  comment?: string;
}

/**
 * The `Key = value` pairs of `lines` from `from` to `to`, each handed to `pair`. A value 7-Zip prints
 * over several lines (a RAR archive's comment: `Comment = ` then `{`, the lines, `}`) is joined with
 * line breaks; read line by line, all of it but the empty first line was lost, and a line in it
 * written like a pair (`Path = …`) was taken for one.
 */
function pairs(lines: string[], from: number, to: number, pair: (key: string, value: string) => void, blank?: () => void): void {
  for (let i = from; i < to; i++) {
    const l = lines[i];
    if (l === '') {
      blank?.();
      continue;
    }
    const m = /^([A-Za-z ]+) = (.*)$/.exec(l);
    if (!m) continue;
    if (m[2] === '' && lines[i + 1] === '{') {
      const close = lines.indexOf('}', i + 2);
      const end = close < 0 || close >= to ? to : close;
      pair(m[1], lines.slice(i + 2, end).join('\n'));
      i = end;
      continue;
    }
    pair(m[1], m[2]);
  }
}

/** The per-entry blocks of `7z l -slt` (after the `----------` line), and the archive's own lines before it. */
function parseListing(lines: string[]): { entries: Listed[]; archive: Record<string, string> } {
  const archive: Record<string, string> = {};
  const entries: Listed[] = [];
  let i = lines.indexOf('----------');
  pairs(lines, 0, i < 0 ? lines.length : i, (k, v) => void (archive[k] = v));
  if (i < 0) return { entries, archive };
  let cur: Record<string, string> = {};
  const flush = () => {
    if (cur.Path !== undefined) {
      entries.push({
        path: cur.Path,
        size: Number(cur.Size || 0),
        folder: cur.Folder === '+' || /D/.test(cur.Attributes?.split(' ')[0] ?? ''),
        encrypted: cur.Encrypted === '+',
        method: cur.Method ?? '',
        ...(/^[0-9A-Fa-f]{8}$/.test(cur.CRC ?? '') ? { crc: parseInt(cur.CRC, 16) >>> 0 } : {}),
        ...(cur.Comment ? { comment: cur.Comment } : {}),
      });
    }
    cur = {};
  };
  pairs(lines, i + 1, lines.length, (k, v) => void (cur[k] = v), flush);
  flush();
  return { entries, archive };
}

export type SevenZipModule = {
  FS: {
    writeFile(path: string, data: Uint8Array): void;
    readFile(path: string): Uint8Array;
    readdir(path: string): string[];
    stat(path: string): { mode: number; size: number };
    isDir(mode: number): boolean;
    isFile(mode: number): boolean;
    mkdir(path: string): void;
    write(stream: { path?: string }, buffer: Uint8Array, offset: number, length: number, position?: number, canOwn?: boolean): number;
    ErrnoError: new (errno: number) => Error;
  };
  callMain(args: string[]): void;
};

/** A fresh 7-Zip instance (its own memory and file system), its output lines collected in `out` and `err`. */
export async function sevenZipInstance(out: string[], err: string[]): Promise<SevenZipModule> {
  const factory = (await import('7z-wasm')).default as unknown as (o: object) => Promise<SevenZipModule>;
  return factory({ print: (s: string) => out.push(s), printErr: (s: string) => err.push(s), quit: () => undefined });
}

/** ENOSPC in the numbering of Emscripten's file system (WASI's). */
const ENOSPC = 51;

/**
 * Bounds what 7-Zip writes under `dir`: once the files written there pass `bound` bytes, the file's
 * time budget is spent, or the scan is cancelled, every further write fails as a full disk would,
 * and 7-Zip stops unpacking. 7-Zip runs synchronously, so this is the only place a decompression
 * bomb (or a header that lies about sizes) can be stopped before the worker's deadline. What was
 * written before stays readable. `stopped()` tells whether and why writes were refused.
 */
export function limitOutput(z: SevenZipModule, dir: string, bound: number, ctx: ExtractContext): { stopped: () => 'size' | 'time' | 'aborted' | undefined } {
  const write = z.FS.write;
  const started = performance.now();
  let written = 0;
  let stopped: 'size' | 'time' | 'aborted' | undefined;
  z.FS.write = (stream, buffer, offset, length, position, canOwn) => {
    if (stream.path?.startsWith(dir)) {
      if (stopped === undefined) {
        if (written + length > bound) stopped = 'size';
        else if (performance.now() - started > ctx.limits.fileTimeoutMs) stopped = 'time';
        else if (ctx.signal?.aborted) stopped = 'aborted';
      }
      if (stopped !== undefined) throw new z.FS.ErrnoError(ENOSPC);
      written += length;
    }
    return write.call(z.FS, stream, buffer, offset, length, position, canOwn);
  };
  return { stopped: () => stopped };
}

const OUT = '/out';

/** Regular files under `dir`, as paths relative to it. */
export function walk(z: SevenZipModule, dir: string, prefix = ''): string[] {
  const files: string[] = [];
  for (const n of z.FS.readdir(dir)) {
    if (n === '.' || n === '..') continue;
    const p = `${dir}/${n}`;
    const st = z.FS.stat(p);
    if (z.FS.isDir(st.mode)) files.push(...walk(z, p, `${prefix}${n}/`));
    else if (z.FS.isFile(st.mode)) files.push(`${prefix}${n}`);
  }
  return files;
}

/** The archive types read through 7-Zip, with the `-t` switch that pins the type (no guessing by name or content). */
const KINDS = {
  '7z': { label: '7z', type: '7z', mediaType: 'application/x-7z-compressed' },
  rar: { label: 'RAR', type: 'rar', mediaType: 'application/vnd.rar' },
} as const;

export async function extract7z(bytes: Uint8Array, ctx: ExtractContext, kind: keyof typeof KINDS = '7z'): Promise<Extraction> {
  const { label, mediaType } = KINDS[kind];
  // 7-Zip's RAR handler opens RAR 1.5–4 only; RAR 5 (signature `Rar!\x1A\x07\x01\x00`) has a handler of its own.
  const rar5 = kind === 'rar' && bytes[6] === 0x01 && bytes[7] === 0x00 && bytes[0] === 0x52 && bytes[5] === 0x07;
  const type = rar5 ? 'rar5' : KINDS[kind].type;
  const embedded: EmbeddedFile[] = [];
  const loss: Loss[] = [];
  const result: Extraction = { format: kind, mediaType, parts: [], unread: [], embedded, loss, info: {} };
  const lose = (where: string, kind: Loss['kind'], count: number, detail: string, reason: Loss['reason']) => loss.push({ where, kind, count, detail, reason, origin: { filePart: where } });
  const out: string[] = [];
  const err: string[] = [];
  const z = await sevenZipInstance(out, err);
  z.FS.writeFile('/a.7z', bytes);
  // Never prompt: a password that is surely wrong makes encrypted content fail instead of asking.
  const noPassword = '-p-prepub-no-password-';
  try {
    z.callMain(['l', '-slt', '-bd', `-t${type}`, noPassword, '/a.7z']);
  } catch (e) {
    err.push(String(e));
  }
  const { entries, archive } = parseListing(out);
  const problems = err.filter((l) => l.trim() !== '');
  const names = new PartBuilder(`${kind}#names`, 'attachment-name', { filePart: `${label} headers`, detail: 'names of the files in the archive' });
  const comments = new PartBuilder(`${kind}#comments`, 'comment', { filePart: `${label} headers`, detail: 'archive comments' });
  for (const e of entries) {
    for (const p of nameParagraphs(e.path)) {
      names.append(p);
      names.endParagraph({ kind: 'paragraph' });
    }
    if (e.comment) {
      for (const line of e.comment.split(/\r\n|\r|\n/)) {
        comments.append(line);
        comments.endParagraph({ kind: 'paragraph' });
      }
    }
  }
  if (archive.Comment) {
    for (const line of archive.Comment.split(/\r\n|\r|\n/)) {
      comments.append(line);
      comments.endParagraph({ kind: 'paragraph' });
    }
  }
  // RAR 3.x/4.x archive comments (a CMT sub-block), which 7-Zip's listing leaves out: each unpacked
  // by 7-Zip from an archive of its own (see rar4.ts) and read in every plausible encoding.
  if (kind === 'rar' && !rar5) {
    const listed = { out: out.splice(0), err: err.splice(0) };
    rar4Comments(bytes).forEach((c, i) => {
      const where = `archive comment (CMT block at byte ${c.at})`;
      if (c.encrypted) return lose(where, 'failed-stream', c.size, `The ${label} archive's comment is encrypted: not read.`, 'encrypted');
      if (c.size > ctx.limits.maxInflatedBytes) return lose(where, 'failed-stream', c.size, `The ${label} archive's comment would unpack to ${c.size} bytes, more than the limit of ${ctx.limits.maxInflatedBytes}: not read.`, 'limit');
      const dir = `/comment-${i}`;
      z.FS.writeFile(`${dir}.rar`, c.archive);
      try {
        z.callMain(['x', '-bd', '-trar', noPassword, `-o${dir}`, `${dir}.rar`]);
      } catch (e) {
        err.push(String(e));
      }
      let text: Uint8Array | undefined;
      try {
        text = z.FS.readFile(`${dir}/CMT`);
      } catch {
        text = undefined;
      }
      if (!text || text.length !== c.size) {
        const why = err.find((l) => /ERROR/.test(l))?.replace(/^ERROR:\s*/, '').trim();
        lose(where, 'failed-stream', c.size, `The ${label} archive's comment could not be unpacked${why ? ` (${why})` : ''}: not read.`, 'corrupt');
      }
      if (text?.length) {
        // The likeliest reading always; the others when they read as text (no private-use signs, no U+FFFD).
        for (const reading of undeclaredReadings(text).filter((r, k) => k === 0 || !/[\ue000-\uf8ff\ufffd]/.test(r))) {
          for (const line of reading.split(/\r\n|\r|\n/)) {
            comments.append(line);
            comments.endParagraph({ kind: 'paragraph' });
          }
        }
      }
      out.length = 0;
      err.length = 0;
    });
    out.push(...listed.out);
    err.push(...listed.err);
  }
  const finish = () => {
    for (const b of [names, comments]) if (!b.blank) result.parts.push(b.toPart());
    return result;
  };
  if (entries.length === 0) {
    const text = problems.join(' ').replace(/\s+/g, ' ').trim();
    if (/encrypted|password/i.test(text)) lose('file', 'failed-stream', bytes.length, `The ${label} archive is encrypted, names included (its headers are encrypted): none of its entries were read.`, 'encrypted');
    else if (problems.length || archive.Type?.toLowerCase() !== type) lose('file', 'failed-stream', bytes.length, `The ${label} archive could not be opened${text ? ` (${text.slice(0, 200)})` : ''}: none of its entries were read.`, 'corrupt');
    return finish();
  }
  // Warnings about the archive as a whole (data after its end, headers errors).
  for (const w of out.filter((l) => /^(WARNING|ERROR|Warnings|Errors|Open WARNING)/i.test(l.trim()) || /There are data after the end of archive|Unexpected end|Headers Error/i.test(l))) {
    lose('file', 'other', 1, `7-Zip reports on the archive: ${w.trim()}; what it points at was not read.`, 'corrupt');
  }
  const files = entries.filter((e) => !e.folder);
  const total = files.reduce((n, e) => n + e.size, 0);
  result.info = { entries: entries.length, declaredBytes: total };
  if (files.length > ctx.limits.maxArchiveEntries) {
    lose('file', 'other', files.length, `The ${label} archive has ${files.length} entries, more than the limit of ${ctx.limits.maxArchiveEntries}: none were read.`, 'limit');
    return finish();
  }
  if (total > ctx.limits.maxInflatedBytes || total > ctx.limits.maxCompressionRatio * bytes.length + 8 * 1024 * 1024) {
    lose('file', 'other', total, `The ${label} archive unpacks to ${total} bytes, beyond the archive limits (${ctx.limits.maxInflatedBytes} bytes, ${ctx.limits.maxCompressionRatio} times its size): none of its entries were read.`, 'limit');
    return finish();
  }
  const readable = files.filter((e) => !e.encrypted);
  for (const e of files.filter((f) => f.encrypted)) lose(e.path, 'failed-stream', e.size, `${e.path} is encrypted (${e.method}): not read.`, 'encrypted');
  if (readable.length === 0) return finish();
  out.length = 0;
  err.length = 0;
  z.FS.mkdir(OUT);
  // The listing bounds the output only as far as the headers tell the truth: the writes are bounded too.
  const limit = limitOutput(z, `${OUT}/`, Math.min(ctx.limits.maxInflatedBytes, total + 1), ctx);
  try {
    // Encrypted entries are named unread above; with the wrong password they only fail to come out.
    // -aou: an entry whose path an earlier entry already took is written under a new name (a_1.txt)
    // instead of replacing it, so every copy of a repeated path comes out and is read.
    z.callMain(['x', '-bd', '-aou', `-t${type}`, noPassword, `-o${OUT}`, '/a.7z']);
  } catch (e) {
    err.push(String(e));
  }
  const stop = limit.stopped();
  if (stop === 'size') lose('file', 'other', total, `7-Zip wrote more than the ${total} bytes the ${label} archive's headers list (or more than the limit of ${ctx.limits.maxInflatedBytes} bytes): unpacking was stopped there, and what had not come out was not read.`, 'limit');
  else if (stop === 'time') lose('file', 'other', total, `Unpacking the ${label} archive took longer than the file's time budget of ${ctx.limits.fileTimeoutMs} ms: it was stopped, and what had not come out was not read.`, 'limit');
  else if (stop === 'aborted') result.unread.push({ where: 'file', reason: 'aborted', detail: `The scan was cancelled while the ${label} archive was being unpacked.` });
  const unclaimed = new Set(walk(z, OUT));
  const errors = err.filter((l) => l.trim() !== '');
  const data = new Map<string, Uint8Array>();
  const read = (p: string) => {
    let d = data.get(p);
    if (!d) data.set(p, (d = z.FS.readFile(`${OUT}/${p}`)));
    return d;
  };
  const fits = (e: Listed, p: string) => {
    const d = read(p);
    return d.length === e.size && (e.crc === undefined || crc32(d) >>> 0 === e.crc);
  };
  // Listing order is extraction order: the first copy of a path keeps it, later copies are renamed.
  // Each entry takes its own path if that file matches its size and CRC, else any unclaimed file that does.
  const repeated = new Set(readable.map((e) => e.path).filter((p, i, all) => all.indexOf(p) !== i));
  for (const e of readable) {
    let file: string | undefined = unclaimed.has(e.path) && (fits(e, e.path) || !repeated.has(e.path)) ? e.path : undefined;
    if (file === undefined && repeated.has(e.path)) for (const p of unclaimed) if (fits(e, p)) { file = p; break; }
    if (file === undefined) {
      const why = errors.find((l) => l.includes(e.path)) ?? errors.find((l) => /ERROR/.test(l)) ?? 'it was not extracted';
      lose(e.path, 'failed-stream', e.size, `${e.path} could not be unpacked (${why.replace(/^ERROR:\s*/, '').trim()}): not read.`, /Unsupported Method/i.test(why) ? 'unsupported-format' : /password|encrypt/i.test(why) ? 'encrypted' : 'corrupt');
      continue;
    }
    unclaimed.delete(file);
    const d = read(file);
    const bad = errors.find((l) => l.includes(e.path));
    if (d.length !== e.size || bad) lose(e.path, 'failed-stream', Math.abs(e.size - d.length) || 1, `${e.path} did not unpack whole (${bad ? bad.replace(/^ERROR:\s*/, '').trim() : `${d.length} of ${e.size} bytes`}).`, /Unsupported Method/i.test(bad ?? '') ? 'unsupported-format' : 'corrupt');
    else if (e.crc !== undefined && crc32(d) >>> 0 !== e.crc) lose(e.path, 'failed-stream', e.size, `${e.path} does not match the CRC its header gives: it is damaged or was altered.`, 'corrupt');
    if (d.length) embedded.push({ name: e.path, bytes: new Uint8Array(d), origin: { filePart: e.path } });
  }
  // A file no listed entry accounts for is still read: nothing that came out of the archive goes unscanned.
  for (const p of unclaimed) {
    const d = read(p);
    if (d.length) embedded.push({ name: p, bytes: new Uint8Array(d), origin: { filePart: p } });
  }
  return finish();
}

/** The 7z {@link Extractor}: every entry out as an embedded file. */
export const sevenZipExtractor: Extractor = { format: '7z', extract: (bytes, ctx) => extract7z(bytes, ctx, '7z') };
/** The RAR {@link Extractor} (RAR 4 and 5, through 7-Zip's unRAR code): every entry out as an embedded file. */
export const rarExtractor: Extractor = { format: 'rar', extract: (bytes, ctx) => extract7z(bytes, ctx, 'rar') };
