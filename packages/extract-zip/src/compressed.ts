/**
 * Single-file compressors: xz (.xz, .txz, .tar.xz), bzip2 (.bz2, .tbz2, .tar.bz2), Unix compress
 * (.Z, .taz, .tar.Z) and Zstandard (.zst, .tzst, .tar.zst), opened like gzip: the content is handed
 * to the scanner as an embedded file, or, when it is a tar, every member of that tar is (located as
 * `bundle.tar.xz → docs/notice.txt`). The decoders are 7-Zip's (the `7z-wasm` build the 7z and RAR
 * readers use). None of these formats stores its content's size where a listing can be trusted
 * (bzip2 and compress store none at all), and 7-Zip runs synchronously: the output is bounded as it
 * is written ({@link limitOutput}), so a decompression bomb stops at the archive limits (total
 * inflated bytes, ratio to the compressed size) or the file's time budget, and never only at the
 * worker's deadline. What came out before a limit or damage is still read; the rest is a loss.
 */
import { type EmbeddedFile, type ExtractContext, type Extraction, type Extractor, type Loss } from '@prepub/core';
import { PREFIX_RATIO_SLACK } from '@prepub/extract-docx/zip';
import { contentName, tarInto, HeaderText } from './archives.ts';
import { limitOutput, sevenZipInstance, walk } from './sevenzip.ts';
import { looksLikeTar } from './tar.ts';
import { COMPRESSORS, type Compressor } from './compressed-kinds.ts';

export { COMPRESSORS, compressorOf, type Compressor } from './compressed-kinds.ts';

/** The content's name: the file's own name less the compressor's extension (`.txz` becomes `.tar`). */
function nameOfContent(filename: string | undefined, kind: Compressor): string {
  const base = (filename ?? '').split(/[\\/]/).pop() ?? '';
  const { tar, plain } = COMPRESSORS[kind];
  const ext = /\.([^.]+)$/.exec(base)?.[1]?.toLowerCase();
  if (ext && (tar as readonly string[]).includes(ext)) return base.slice(0, -ext.length) + 'tar';
  if (ext && (plain as readonly string[]).includes(ext)) return base.slice(0, -ext.length - 1);
  return contentName(filename);
}

export async function extractCompressed(bytes: Uint8Array, ctx: ExtractContext, kind: Compressor): Promise<Extraction> {
  const { type, label, mediaType } = COMPRESSORS[kind];
  const embedded: EmbeddedFile[] = [];
  const loss: Loss[] = [];
  const result: Extraction = { format: kind, mediaType, parts: [], unread: [], embedded, loss, info: {} };
  const lose = (kind: Loss['kind'], count: number, detail: string, reason: Loss['reason']) => loss.push({ where: 'file', kind, count, detail, reason, origin: { filePart: `${label} stream` } });
  const out: string[] = [];
  const err: string[] = [];
  const z = await sevenZipInstance(out, err);
  z.FS.writeFile('/in', bytes);
  z.FS.mkdir('/out');
  const bound = Math.max(0, Math.min(ctx.limits.maxInflatedBytes, ctx.limits.maxCompressionRatio * bytes.length + PREFIX_RATIO_SLACK));
  const limit = limitOutput(z, '/out/', bound, ctx);
  try {
    z.callMain(['x', '-bd', `-t${type}`, '-o/out', '/in']);
  } catch (e) {
    err.push(String(e));
  }
  const files = walk(z, '/out');
  const data = files.length > 0 ? new Uint8Array(z.FS.readFile(`/out/${files[0]}`)) : new Uint8Array(0);
  const stop = limit.stopped();
  if (stop === 'size') lose('failed-stream', bytes.length, `The ${label} stream was not read past ${data.length} bytes: it unpacks beyond the archive limits (${ctx.limits.maxInflatedBytes} bytes, ${ctx.limits.maxCompressionRatio} times its size: a decompression bomb or a file too large).`, 'limit');
  else if (stop === 'time') lose('failed-stream', bytes.length, `The ${label} stream was not read past ${data.length} bytes: unpacking it took longer than the file's time budget of ${ctx.limits.fileTimeoutMs} ms.`, 'limit');
  else if (stop === 'aborted') result.unread.push({ where: 'file', reason: 'aborted', detail: `The scan was cancelled while the ${label} stream was being unpacked.` });
  else {
    const problems = [...err, ...out.filter((l) => /^(ERROR|WARNING)|Data Error|Unexpected end|CRC Failed|There are data after the end|Headers Error|Can not open/i.test(l.trim()))].map((l) => l.trim()).filter(Boolean);
    if (problems.length > 0) {
      const text = problems.join(' ').replace(/\s+/g, ' ').slice(0, 200);
      lose('failed-stream', bytes.length, files.length === 0 ? `The ${label} stream could not be unpacked (${text}): nothing of it was read.` : `The ${label} stream is damaged or cut short (${text}); the ${data.length} bytes unpacked before the damage were read, the rest was not.`, 'corrupt');
    }
  }
  result.info = { inflatedBytes: data.length };
  if (data.length > 0) {
    if (looksLikeTar(data)) {
      result.info.content = 'tar';
      const text = new HeaderText(kind, 'tar headers');
      tarInto(data, ctx, text, result);
      result.parts.push(...text.parts());
    } else {
      const name = nameOfContent(ctx.filename, kind);
      embedded.push({ name, bytes: data, origin: { filePart: name, detail: `the ${label}-compressed content` } });
    }
  }
  return result;
}

/** {@link Extractor}s of the four compressors: the content (or a compressed tar's members) out as embedded files. */
export const compressedExtractors: Record<Compressor, Extractor> = {
  xz: { format: 'xz', extract: (bytes, ctx) => extractCompressed(bytes, ctx, 'xz') },
  bzip2: { format: 'bzip2', extract: (bytes, ctx) => extractCompressed(bytes, ctx, 'bzip2') },
  compress: { format: 'compress', extract: (bytes, ctx) => extractCompressed(bytes, ctx, 'compress') },
  zstd: { format: 'zstd', extract: (bytes, ctx) => extractCompressed(bytes, ctx, 'zstd') },
};
