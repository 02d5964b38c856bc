/**
 * gzip streams (RFC 1952), member by member with Node's zlib. A file may hold several members one
 * after another (`cat a.gz b.gz`), and gunzip writes them out as one file: every member is read, its
 * header's original name (FNAME) and comment (FCOMMENT) kept as text, its checksum and length
 * checked. Output is bounded as it is produced: the archive limits (total inflated bytes, ratio)
 * apply as for ZIP entries.
 */
import * as zlib from 'node:zlib';
import type { Loss } from '@prepub/core';
import { crc32, PREFIX_RATIO_SLACK } from '@prepub/extract-docx/zip';

export interface GzipMember {
  /** Offset of the member's header in the file. */
  offset: number;
  /** FNAME bytes (no NUL), when the header carries it. */
  name?: Uint8Array;
  /** FCOMMENT bytes, when the header carries it. */
  comment?: Uint8Array;
  /** Compressed bytes of the member's deflate stream that were consumed. */
  compressed: number;
  /** Bytes the member inflated to (what was kept). */
  inflated: number;
}

export interface GunzipResult {
  /** The members' output, concatenated, as gunzip writes it. */
  data: Uint8Array;
  members: GzipMember[];
  loss: Loss[];
  /** Bytes after the last member that are not another member (and not zero padding). */
  trailing?: { offset: number; bytes: Uint8Array };
}

export interface GunzipLimits {
  maxInflatedBytes: number;
  maxCompressionRatio: number;
  /** Most members inflated (each empty member costs a header and an inflate call); 10,000 when not given. */
  maxArchiveEntries?: number;
}

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;

/** Whether `b` begins a gzip member with the deflate method. */
export function isGzip(b: Uint8Array, at = 0): boolean {
  return b.length >= at + 3 && b[at] === 0x1f && b[at + 1] === 0x8b && b[at + 2] === 0x08;
}

/** Bytes from `at` up to a NUL; `end` is past the NUL, or undefined when there is none. */
function zstring(b: Uint8Array, at: number): { bytes: Uint8Array; end?: number } {
  const z = b.indexOf(0, at);
  return z < 0 ? { bytes: b.subarray(at) } : { bytes: b.subarray(at, z), end: z + 1 };
}

/**
 * Inflates every member of a gzip file. Never throws: damage, a limit and data that is no member
 * become losses; what was inflated before is returned.
 */
export function gunzipAll(bytes: Uint8Array, limits: GunzipLimits, label = 'gzip'): GunzipResult {
  const chunks: Uint8Array[] = [];
  const members: GzipMember[] = [];
  const loss: Loss[] = [];
  let total = 0;
  let trailing: GunzipResult['trailing'];
  const lose = (where: string, kind: Loss['kind'], count: number, detail: string, reason: Loss['reason']) => loss.push({ where, kind, count, detail, reason, origin: { filePart: where } });
  let at = 0;
  while (at < bytes.length) {
    const n = members.length + 1;
    const where = `${label} member ${n}`;
    if (!isGzip(bytes, at)) {
      let z = at;
      while (z < bytes.length && bytes[z] === 0) z++;
      if (z === bytes.length) break; // zero padding (tape blocking) after the last member
      if (bytes[at] === 0x1f && bytes[at + 1] === 0x8b) {
        lose(where, 'failed-stream', bytes.length - at, `Member ${n} of the gzip stream uses compression method ${bytes[at + 2]}, which is not deflate: its ${bytes.length - at} bytes were not read.`, 'unsupported-format');
        break;
      }
      trailing = { offset: at, bytes: bytes.subarray(at) };
      lose(`bytes ${at}-${bytes.length}`, 'other', bytes.length - at, `${bytes.length - at} bytes follow the last gzip member and are not a member; gunzip ignores or rejects them. They were scanned as a file of their own.`, 'corrupt');
      break;
    }
    const maxMembers = limits.maxArchiveEntries ?? 10_000;
    if (members.length >= maxMembers) {
      lose(where, 'other', bytes.length - at, `The gzip stream has more than ${maxMembers} members: the ${bytes.length - at} bytes from member ${n} on were not read.`, 'limit');
      break;
    }
    const flags = bytes[at + 3];
    let p = at + 10;
    const member: GzipMember = { offset: at, compressed: 0, inflated: 0 };
    members.push(member);
    const cutHeader = () => lose(where, 'failed-stream', bytes.length - at, `The gzip stream is cut short inside the header of member ${n}.`, 'corrupt');
    if (p > bytes.length) {
      cutHeader();
      break;
    }
    if (flags & 0xe0) {
      lose(where, 'failed-stream', bytes.length - at, `Member ${n} of the gzip stream has reserved header flags set (0x${flags.toString(16)}); gunzip refuses it, and its data was not read.`, 'corrupt');
      break;
    }
    if (flags & FEXTRA) {
      if (p + 2 > bytes.length) {
        cutHeader();
        break;
      }
      p += 2 + (bytes[p] | (bytes[p + 1] << 8));
    }
    let cut = p > bytes.length;
    if (!cut && flags & FNAME) {
      const s = zstring(bytes, p);
      member.name = s.bytes;
      if (s.end === undefined) cut = true;
      else p = s.end;
    }
    if (!cut && flags & FCOMMENT) {
      const s = zstring(bytes, p);
      member.comment = s.bytes;
      if (s.end === undefined) cut = true;
      else p = s.end;
    }
    if (!cut && flags & FHCRC) p += 2;
    if (cut || p > bytes.length) {
      cutHeader();
      break;
    }
    // Output bound: what the archive budget has left, and the ratio to the compressed bytes left
    // (the member's own length is known only at its end); one byte over the bound is the signal.
    const input = bytes.subarray(p);
    const budgetLeft = limits.maxInflatedBytes - total;
    const ratioBound = limits.maxCompressionRatio * input.length + PREFIX_RATIO_SLACK;
    const bound = Math.max(0, Math.min(budgetLeft, ratioBound));
    let out: Buffer;
    let consumed: number;
    let complete = true;
    try {
      const r = zlib.inflateRawSync(input, { info: true, maxOutputLength: bound + 1 }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      out = r.buffer;
      consumed = r.engine.bytesWritten;
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
        const which = bound === budgetLeft ? `inflating the archive exceeds the limit of ${limits.maxInflatedBytes} bytes` : `it inflates more than ${limits.maxCompressionRatio} times its compressed size (a decompression bomb)`;
        lose(where, 'failed-stream', input.length, `Member ${n} of the gzip stream was not read: ${which}.`, 'limit');
        break;
      }
      // Cut short (or damaged): keep what inflates before the damage.
      try {
        const r = zlib.inflateRawSync(input, { info: true, maxOutputLength: bound + 1, finishFlush: zlib.constants.Z_SYNC_FLUSH }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
        out = r.buffer;
        consumed = r.engine.bytesWritten;
      } catch {
        out = Buffer.alloc(0);
        consumed = input.length;
      }
      complete = false;
      const truncated = e.code === 'Z_BUF_ERROR';
      lose(where, 'failed-stream', input.length, truncated ? `Member ${n} of the gzip stream is cut short: ${out.length} bytes were inflated before it ends; the rest is missing.` : `Member ${n} of the gzip stream is damaged (${e.message}); ${out.length} bytes were inflated before the damage, the rest was not read.`, 'corrupt');
    }
    if (out.length > bound) {
      lose(where, 'failed-stream', input.length, `Member ${n} of the gzip stream was not read past ${bound} bytes: it inflates beyond the archive limits (a decompression bomb or a file over ${limits.maxInflatedBytes} bytes).`, 'limit');
      out = out.subarray(0, bound);
      complete = false;
    }
    member.compressed = consumed;
    member.inflated = out.length;
    total += out.length;
    if (out.length) chunks.push(new Uint8Array(out.buffer, out.byteOffset, out.length));
    if (!complete) break;
    const trailer = p + consumed;
    if (trailer + 8 > bytes.length) {
      lose(where, 'failed-stream', 8 - Math.max(0, bytes.length - trailer), `Member ${n} of the gzip stream ends without its checksum and length: the file was cut short after the compressed data, and anything after it is missing.`, 'corrupt');
      break;
    }
    const crc = (bytes[trailer] | (bytes[trailer + 1] << 8) | (bytes[trailer + 2] << 16) | (bytes[trailer + 3] << 24)) >>> 0;
    const isize = (bytes[trailer + 4] | (bytes[trailer + 5] << 8) | (bytes[trailer + 6] << 16) | (bytes[trailer + 7] << 24)) >>> 0;
    if (crc32(out) >>> 0 !== crc || (out.length >>> 0) !== isize) {
      lose(where, 'failed-stream', out.length, `Member ${n} of the gzip stream does not match its checksum or length: it is damaged or was altered.`, 'corrupt');
    }
    at = trailer + 8;
  }
  let data: Uint8Array;
  if (chunks.length === 1) data = chunks[0];
  else {
    data = new Uint8Array(total);
    let o = 0;
    for (const c of chunks) {
      data.set(c, o);
      o += c.length;
    }
  }
  return { data, members, loss, ...(trailing ? { trailing } : {}) };
}
