/**
 * A ZIP reader that never trusts the sizes written in the archive. Entries are inflated in small
 * input chunks with fflate's streaming inflater and every output byte is counted as it appears, so
 * a zip bomb is stopped after at most one chunk's worth of output beyond a limit.
 */
import * as zlib from 'node:zlib';
import { Inflate, inflateSync } from 'fflate';
import { crc32 as tableCrc32 } from '@prepub/core';

/** Compressed bytes handed to the inflater per step. Deflate expands one input byte to at most 1032
 * output bytes, so one step produces at most {@link MAX_STEP_OUTPUT} bytes. */
export const INFLATE_INPUT_CHUNK = 4096;
/** Upper bound of the output of one inflate step. */
export const MAX_STEP_OUTPUT = INFLATE_INPUT_CHUNK * 1032;
/**
 * A prefix of an entry may inflate to at most `ratio × compressed bytes consumed + this slack`.
 * The entry's final ratio is only known at its end; checking prefixes stops a bomb after a few MB
 * instead of after `ratio × compressed size` bytes, and the slack keeps locally repetitive XML
 * (long runs of identical table rows) from tripping it.
 */
export const PREFIX_RATIO_SLACK = 8 * 1024 * 1024;

export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  /** Offset of the local file header. */
  localOffset: number;
  /** Offset of the compressed data in the archive. */
  dataStart: number;
  /** Compressed length actually available (clamped to the archive). */
  compressedSize: number;
  /** True when the declared compressed size runs past the end of the archive. */
  truncated: boolean;
  /** Uncompressed size as declared in the archive: a hint for buffer sizing only, never trusted. */
  declaredSize?: number;
  /** Where the entry was found: listed in the central directory, or only by its local header. */
  source: 'central' | 'local';
  /** Offset just past the entry's data and its data descriptor, when the local header walk found where it ends. */
  end?: number;
  /**
   * A second reading of a listed entry, as its local header gives it (method, sizes, encryption),
   * because the header disagrees with the central record: unzip tools extract from the local header.
   */
  localReading?: boolean;
  /** CRC-32 of the uncompressed data as written in the archive, when known. */
  crc?: number;
  /** The name's bytes when they are not ASCII and not UTF-8 (unflagged, or flagged over GBK bytes): `name` is their Latin-1 reading, the writer's code page is unknown. */
  rawName?: Uint8Array;
  /** The name an Info-ZIP Unicode path field (0x7075) gives, which unzip tools show in place of `name`. */
  unicodePath?: string;
  /** The comment an Info-ZIP Unicode comment field (0x6375) gives, which unzip tools show in place of `comment`. */
  unicodeComment?: string;
  /** The entry's comment from the central directory, as bytes (no encoding is declared for it). */
  comment?: Uint8Array;
}

export interface ZipLimits {
  maxInflatedBytes: number;
  maxCompressionRatio: number;
}

/** Why an entry could not be read. */
export class EntryError extends Error {
  constructor(
    readonly reason: 'limit' | 'corrupt' | 'encrypted' | 'unsupported-format',
    message: string,
  ) {
    super(message);
  }
}

/** A disagreement between the end record, the central directory and the local headers. */
export interface ZipMismatch {
  /** What it concerns: an entry name or `central directory`. */
  where: string;
  /** Entries concerned. */
  count: number;
  total?: number;
  detail: string;
  /** Set when the mismatch is bytes that belong to no entry, directory or end record (see {@link ZipDirectory.outside}). */
  outside?: true;
}

/** A run of bytes of the file that is no part of the archive's structure. */
export interface OutsideRange {
  start: number;
  end: number;
  /** True for bytes after the end record (and its comment). */
  after: boolean;
}

export interface ZipDirectory {
  /** Every entry, in archive order; a name may occur more than once (duplicate entries). */
  entries: ZipEntry[];
  /** Set when the central directory was missing or damaged and entries were recovered from local headers. */
  recovered?: string;
  /** Where the central directory and the local headers disagree. Entries found only by a local header are in `entries`. */
  mismatches: ZipMismatch[];
  /** The archive comment of the end record, as bytes, when there is one. */
  comment?: Uint8Array;
  /**
   * Bytes no entry, central directory or end record accounts for (not all zero): data appended after
   * the end record (a page after the archive, which a browser shows) or left between entries. Each
   * is also in `mismatches`.
   */
  outside?: OutsideRange[];
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const LOCAL_SIG_BYTES = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');
const utf8Strict = new TextDecoder('utf-8', { fatal: true });

function u16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
}
function u64(b: Uint8Array, o: number): number {
  return u32(b, o) + u32(b, o + 4) * 0x100000000;
}

/** Whether an entry name is written in UTF-8 as its flag says: bit 11 set and the bytes valid UTF-8. */
function utf8Name(b: Uint8Array, flags: number): boolean {
  if (!(flags & 0x800)) return false;
  try {
    utf8Strict.decode(b);
    return true;
  } catch {
    return false;
  }
}

function decodeName(b: Uint8Array, flags: number): string {
  // Bit 11 says UTF-8; old tools wrote CP437, which only matters for non-ASCII names we merely report.
  // Some Chinese tools set the bit over GBK bytes: such a name is read as its bytes (see rawName).
  const name = (utf8Name(b, flags) ? utf8 : latin1).decode(b);
  return name.replace(/\\/g, '/').replace(/^\/+/, '');
}

/**
 * Reads the central directory and checks it against the local file headers. Nothing written in the
 * archive is trusted on its own: the entry count of the end record is compared with the records
 * actually present (records past the declared count are read too), and every local header outside
 * the data of a known entry that no central record points to is an entry as well, read from its
 * local header. Disagreements are returned in `mismatches`. Falls back to walking local headers
 * when the central directory is missing (truncated file).
 */
export function readDirectory(bytes: Uint8Array, maxEntries: number): ZipDirectory {
  const eocd = findEocd(bytes);
  if (eocd < 0) return recoverFromLocalHeaders(bytes, maxEntries, 'the archive has no end-of-central-directory record (truncated or damaged)');
  let count = u16(bytes, eocd + 10);
  let cdOffset = u32(bytes, eocd + 16);
  let cdEnd = eocd;
  if (count === 0xffff || cdOffset === 0xffffffff || u16(bytes, eocd + 8) === 0xffff) {
    const loc = eocd - 20;
    if (loc >= 0 && u32(bytes, loc) === SIG_ZIP64_LOCATOR) {
      const z = u64(bytes, loc + 8);
      if (z + 56 <= bytes.length && u32(bytes, z) === SIG_ZIP64_EOCD) {
        count = u64(bytes, z + 32);
        cdOffset = u64(bytes, z + 48);
        cdEnd = z;
      }
    }
  }
  if (count > maxEntries) throw new EntryError('limit', `the archive declares ${count} entries, more than the limit of ${maxEntries}`);
  const entries: ZipEntry[] = [];
  const mismatches: ZipMismatch[] = [];
  let p = cdOffset;
  /** Central records read (`entries` also holds second readings from local headers). */
  let records = 0;
  // Records are read while they are there, not `count` times: a count one short would drop the last entry.
  while (p + 46 <= cdEnd && u32(bytes, p) === SIG_CENTRAL) {
    if (entries.length >= maxEntries) throw new EntryError('limit', `the archive has more than ${maxEntries} entries`);
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    let compSize = u32(bytes, p + 20);
    let uncompSize = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    let localOffset = u32(bytes, p + 42);
    if (p + 46 + nameLen > bytes.length) break;
    const name = decodeName(bytes.subarray(p + 46, p + 46 + nameLen), flags);
    // ZIP64 extra field: values follow in a fixed order, only for fields saturated in the header.
    const z64 = zip64Extra(bytes, p + 46 + nameLen, extraLen);
    if (z64 !== undefined) {
      let q = z64.start;
      if (uncompSize === 0xffffffff && q + 8 <= z64.end) (uncompSize = u64(bytes, q)), (q += 8);
      if (compSize === 0xffffffff && q + 8 <= z64.end) (compSize = u64(bytes, q)), (q += 8);
      if (localOffset === 0xffffffff && q + 8 <= z64.end) localOffset = u64(bytes, q);
    }
    p += 46 + nameLen + extraLen + commentLen;
    const e = locate(bytes, name, flags, method, compSize, localOffset);
    e.declaredSize = uncompSize;
    const rec = p - (46 + nameLen + extraLen + commentLen);
    e.crc = u32(bytes, rec + 16);
    const nameBytes = bytes.subarray(rec + 46, rec + 46 + nameLen);
    if (!utf8Name(nameBytes, flags) && nameBytes.some((b) => b >= 0x80)) e.rawName = nameBytes;
    const unicodePath = infoZipUnicodeExtra(bytes, rec + 46 + nameLen, extraLen, 0x7075);
    if (unicodePath !== undefined) e.unicodePath = unicodePath;
    const unicodeComment = infoZipUnicodeExtra(bytes, rec + 46 + nameLen, extraLen, 0x6375);
    if (unicodeComment !== undefined) e.unicodeComment = unicodeComment;
    if (commentLen > 0) e.comment = bytes.subarray(rec + 46 + nameLen + extraLen, Math.min(p, bytes.length));
    entries.push(e);
    records++;
    if (e.dataStart >= bytes.length && compSize > 0) {
      mismatches.push({ where: name, count: 1, detail: `the central directory lists ${name} at offset ${localOffset}, where there is no local file header` });
    } else if (e.localName !== undefined && e.localName !== name) {
      mismatches.push({ where: name, count: 1, detail: `the central directory names an entry ${name}, its local header names it ${e.localName}` });
    }
    delete e.localName;
    // The central record alone decides nothing: a local header that gives other sizes, another
    // method or other encryption is what unzip tools extract (an empty central entry over a full
    // local one), so that reading is an entry too.
    const diff = e.dataStart < bytes.length ? headerDisagreement(bytes, localOffset, { flags, method, crc: u32(bytes, rec + 16), compSize, uncompSize }) : undefined;
    if (diff) {
      mismatches.push({ where: name, count: 1, detail: `the central directory and the local header of ${name} disagree (${diff.fields.join(', ')})` });
      const local = diff.otherData ? readLocalEntry(bytes, localOffset) : undefined;
      if (local) {
        if (entries.length >= maxEntries) throw new EntryError('limit', `the archive has more than ${maxEntries} entries`);
        entries.push({ ...local, name, source: 'central', localReading: true });
      }
    }
  }
  if (records === 0 && count > 0) return recoverFromLocalHeaders(bytes, maxEntries, 'the central directory is damaged');
  if (records !== count) {
    mismatches.push({
      where: 'central directory',
      count: Math.abs(records - count),
      total: Math.max(records, count),
      detail: `the end-of-central-directory record declares ${count} entries, the central directory holds ${records}`,
    });
  }
  for (const e of scanLocalHeaders(bytes, entries)) {
    if (entries.length >= maxEntries) throw new EntryError('limit', `the archive has more than ${maxEntries} entries`);
    entries.push(e);
    mismatches.push({ where: e.name, count: 1, detail: `${e.name} (local header at offset ${e.localOffset}) is in the archive but not in its central directory` });
  }
  const commentLen = u16(bytes, eocd + 20);
  const archiveEnd = Math.min(eocd + 22 + commentLen, bytes.length);
  // What the archive's structure accounts for: entries, the records read, the ZIP64 end records, the end record.
  const spans: Array<readonly [number, number]> = [[cdOffset, p], [cdEnd, eocd], [eocd, archiveEnd]];
  for (const e of entries) if (e.dataStart < bytes.length) spans.push([e.localOffset, entryEnd(bytes, e)]);
  const outside = outsideRanges(bytes, spans, archiveEnd);
  if (outside.length) {
    const shown = outside.length > MAX_OUTSIDE_REPORTED ? outside.slice(0, MAX_OUTSIDE_REPORTED - 1) : outside;
    for (const r of shown) {
      const n = r.end - r.start;
      const what = r.after ? 'follow the end of the archive' : r.start === 0 ? 'precede its first entry' : 'lie between its entries and directory';
      mismatches.push({ where: `bytes ${r.start}-${r.end}`, count: n, detail: `${n} bytes at offsets ${r.start}-${r.end} ${what} and belong to no entry: unzip skips them, another program (a browser, a text editor) may show them`, outside: true });
    }
    if (shown.length < outside.length) {
      const rest = outside.slice(shown.length);
      const n = rest.reduce((t, r) => t + r.end - r.start, 0);
      mismatches.push({ where: `bytes ${rest[0].start}-${rest[rest.length - 1].end}`, count: n, detail: `${rest.length} more runs of ${n} bytes in all belong to no entry of the archive`, outside: true });
    }
  }
  const dir: ZipDirectory = { entries, mismatches };
  if (commentLen > 0) dir.comment = bytes.subarray(eocd + 22, archiveEnd);
  if (outside.length) dir.outside = outside;
  return dir;
}

/** Runs of bytes outside the archive reported one by one; more are summed up in one mismatch. */
const MAX_OUTSIDE_REPORTED = 16;

/** Offset just past an entry's data and the data descriptor that follows it, if one does. */
function entryEnd(bytes: Uint8Array, e: ZipEntry): number {
  const end = Math.min(e.dataStart + e.compressedSize, bytes.length);
  return e.end ?? end + descriptorLength(bytes, end, e);
}

/**
 * Length of a data descriptor at `at` that describes `e` (its compressed size and, where known,
 * its CRC and size), 0 when there is none: with or without its signature, 32- or 64-bit sizes.
 * Checked against the entry so that no other bytes pass for one.
 */
function descriptorLength(bytes: Uint8Array, at: number, e: ZipEntry): number {
  for (const [len, signed, wide] of [[24, true, true], [16, true, false], [20, false, true], [12, false, false]] as const) {
    if (at + len > bytes.length || (signed && u32(bytes, at) !== SIG_DESCRIPTOR)) continue;
    const d = signed ? at + 4 : at;
    const comp = wide ? u64(bytes, d + 4) : u32(bytes, d + 4);
    const size = wide ? u64(bytes, d + 12) : u32(bytes, d + 8);
    if (comp !== e.compressedSize || (e.crc !== undefined && u32(bytes, d) !== e.crc) || (e.declaredSize !== undefined && size !== e.declaredSize)) continue;
    return len;
  }
  return 0;
}

/**
 * The runs of `bytes` no span covers, that hold a byte other than zero (zero padding says nothing).
 * Spans are clamped to the file; sorting them keeps this O(n log n) in the number of entries.
 */
function outsideRanges(bytes: Uint8Array, spans: Array<readonly [number, number]>, archiveEnd: number): OutsideRange[] {
  const sorted = spans.map(([a, b]) => [Math.max(0, Math.min(a, bytes.length)), Math.max(0, Math.min(b, bytes.length))] as const).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: OutsideRange[] = [];
  let at = 0;
  const gap = (start: number, end: number) => {
    for (let i = start; i < end; i++) {
      if (bytes[i] !== 0) {
        // Bytes before the end record's end are between parts; after it, appended to the archive.
        if (start < archiveEnd && end > archiveEnd) out.push({ start, end: archiveEnd, after: false }, { start: archiveEnd, end, after: true });
        else out.push({ start, end, after: start >= archiveEnd });
        return;
      }
    }
  };
  for (const [a, b] of sorted) {
    if (a > at) gap(at, a);
    at = Math.max(at, b);
  }
  if (at < bytes.length) gap(at, bytes.length);
  return out;
}

/** The UTF-8 text of an Info-ZIP Unicode extra field (`wanted`: 0x7075 a path, 0x6375 a comment; version 1), if present. */
function infoZipUnicodeExtra(bytes: Uint8Array, from: number, len: number, wanted: number): string | undefined {
  let e = from;
  const eEnd = Math.min(from + len, bytes.length);
  while (e + 4 <= eEnd) {
    const id = u16(bytes, e);
    const size = u16(bytes, e + 2);
    if (id === wanted && size >= 5 && bytes[e + 4] === 1) return utf8.decode(bytes.subarray(e + 9, Math.min(e + 4 + size, eEnd)));
    e += 4 + size;
  }
  return undefined;
}

/** Start and end of the data of a ZIP64 extended information field (id 0x0001), if present. */
function zip64Extra(bytes: Uint8Array, from: number, len: number): { start: number; end: number } | undefined {
  let e = from;
  const eEnd = Math.min(from + len, bytes.length);
  while (e + 4 <= eEnd) {
    const id = u16(bytes, e);
    const size = u16(bytes, e + 2);
    if (id === 0x0001) return { start: e + 4, end: Math.min(e + 4 + size, eEnd) };
    e += 4 + size;
  }
  return undefined;
}

function locate(bytes: Uint8Array, name: string, flags: number, method: number, compSize: number, localOffset: number): ZipEntry & { localName?: string } {
  let dataStart = bytes.length;
  let localName: string | undefined;
  if (localOffset + 30 <= bytes.length && u32(bytes, localOffset) === SIG_LOCAL) {
    const nameLen = u16(bytes, localOffset + 26);
    dataStart = localOffset + 30 + nameLen + u16(bytes, localOffset + 28);
    if (localOffset + 30 + nameLen <= bytes.length) localName = decodeName(bytes.subarray(localOffset + 30, localOffset + 30 + nameLen), u16(bytes, localOffset + 6));
  }
  const available = Math.max(0, bytes.length - dataStart);
  return {
    name,
    flags,
    method,
    localOffset,
    dataStart,
    compressedSize: Math.min(compSize, available),
    truncated: compSize > available || (dataStart >= bytes.length && compSize > 0),
    source: 'central',
    localName,
  };
}

/** What a central record says about an entry, to be checked against its local header. */
interface CentralFields {
  flags: number;
  method: number;
  crc: number;
  compSize: number;
  uncompSize: number;
}

/** Flag bits that change how an entry's data is read: traditional (0) and strong (6) encryption. */
const ENCRYPTION_FLAGS = 0x41;

/**
 * The fields on which the local header at `p` disagrees with its central record, and whether the
 * header points at other data (another length, method or encryption). Sizes and CRC are compared
 * only when the header carries them (flag bit 3 clear); the UTF-8 and compression-option bits are
 * left out, writers set them differently in the two places (ofdrw writes bit 11 locally only).
 */
function headerDisagreement(bytes: Uint8Array, p: number, c: CentralFields): { fields: string[]; otherData: boolean } | undefined {
  if (p + 30 > bytes.length || u32(bytes, p) !== SIG_LOCAL) return undefined;
  const flags = u16(bytes, p + 6);
  const method = u16(bytes, p + 8);
  const fields: string[] = [];
  let otherData = false;
  if (method !== c.method) fields.push(`method ${c.method} in the directory, ${method} in the header`), (otherData = true);
  if ((flags ^ c.flags) & ENCRYPTION_FLAGS) fields.push(`encrypted in ${flags & ENCRYPTION_FLAGS ? 'the header' : 'the directory'} only`), (otherData = true);
  if (!(flags & 0x8)) {
    let compSize = u32(bytes, p + 18);
    let uncompSize = u32(bytes, p + 22);
    const nameLen = u16(bytes, p + 26);
    const z64 = zip64Extra(bytes, p + 30 + nameLen, u16(bytes, p + 28));
    // A local ZIP64 field holds both sizes, uncompressed first; a saturated size without it is unknown.
    if (z64 && z64.start + 16 <= z64.end) {
      if (uncompSize === 0xffffffff) uncompSize = u64(bytes, z64.start);
      if (compSize === 0xffffffff) compSize = u64(bytes, z64.start + 8);
    }
    const crc = u32(bytes, p + 14);
    if (crc !== c.crc) fields.push(`CRC ${hex(c.crc)} in the directory, ${hex(crc)} in the header`);
    if (compSize !== 0xffffffff && compSize !== c.compSize) fields.push(`${c.compSize} compressed bytes in the directory, ${compSize} in the header`), (otherData = true);
    if (uncompSize !== 0xffffffff && uncompSize !== c.uncompSize) fields.push(`${c.uncompSize} bytes in the directory, ${uncompSize} in the header`);
  }
  return fields.length ? { fields, otherData } : undefined;
}

const hex = (v: number) => `0x${v.toString(16).padStart(8, '0')}`;

function findEocd(bytes: Uint8Array): number {
  const min = Math.max(0, bytes.length - 22 - 0xffff);
  for (let i = bytes.length - 22; i >= min; i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06) {
      // The comment length must reach exactly to the end of the file (or be a sane prefix of it).
      if (i + 22 + u16(bytes, i + 20) <= bytes.length) return i;
    }
  }
  return -1;
}

/**
 * Local headers no central record points to, outside the data of the entries already known (a
 * stored entry may itself be a ZIP, whose headers belong to it). One native search over the bytes.
 */
function scanLocalHeaders(bytes: Uint8Array, known: ZipEntry[]): ZipEntry[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const pointedAt = new Set(known.map((e) => e.localOffset));
  const covered = known
    .filter((e) => e.dataStart < bytes.length)
    .map((e) => [e.localOffset, e.dataStart + e.compressedSize] as const)
    .sort((a, b) => a[0] - b[0]);
  const found: ZipEntry[] = [];
  let ci = 0;
  let skipUntil = 0;
  for (let at = buf.indexOf(LOCAL_SIG_BYTES, 0); at >= 0; at = buf.indexOf(LOCAL_SIG_BYTES, at + 1)) {
    if (at < skipUntil || pointedAt.has(at)) continue;
    while (ci < covered.length && covered[ci][1] <= at) ci++;
    // Ranges are sorted by start; any that starts at or before `at` and ends after it covers it.
    let inside = false;
    for (let k = ci; k < covered.length && covered[k][0] <= at; k++) {
      if (covered[k][1] > at) {
        inside = true;
        break;
      }
    }
    if (inside) continue;
    const e = readLocalEntry(bytes, at);
    if (!e) continue;
    found.push(e);
    skipUntil = e.dataStart + e.compressedSize;
  }
  return found;
}

/**
 * The entry whose local header is at `p`, or undefined when the bytes there are not a plausible
 * header. Entries written with a data descriptor carry no sizes: their data is taken to run to the
 * next signature (the inflater stops at the end of the deflate stream anyway), minus the descriptor.
 */
function readLocalEntry(bytes: Uint8Array, p: number): ZipEntry | undefined {
  if (p + 30 > bytes.length) return undefined;
  const flags = u16(bytes, p + 6);
  const method = u16(bytes, p + 8);
  let compSize = u32(bytes, p + 18);
  let declared = u32(bytes, p + 22);
  const nameLen = u16(bytes, p + 26);
  const extraLen = u16(bytes, p + 28);
  const dataStart = p + 30 + nameLen + extraLen;
  if (nameLen === 0 || dataStart > bytes.length) return undefined;
  const name = decodeName(bytes.subarray(p + 30, p + 30 + nameLen), flags);
  const z64 = zip64Extra(bytes, p + 30 + nameLen, extraLen);
  if (z64 && z64.start + 16 <= z64.end) {
    // In a local header the ZIP64 field holds both sizes, uncompressed first.
    if (declared === 0xffffffff) declared = u64(bytes, z64.start);
    if (compSize === 0xffffffff) compSize = u64(bytes, z64.start + 8);
  }
  const sized = !(flags & 0x8) && compSize !== 0xffffffff && (compSize > 0 || method === 0);
  let end: number;
  let truncated = false;
  let crc: number | undefined;
  // Where the data and its descriptor end, for entries without sizes: the next signature.
  let after: number | undefined;
  if (sized) {
    end = dataStart + compSize;
    crc = u32(bytes, p + 14);
    if (end > bytes.length) (end = bytes.length), (truncated = true);
  } else {
    const next = nextSignature(bytes, dataStart);
    if (next < 0) {
      end = bytes.length;
      truncated = true;
    } else {
      ({ end, crc } = trimDescriptor(bytes, dataStart, next));
      after = next;
    }
  }
  return {
    name,
    flags,
    method,
    localOffset: p,
    dataStart,
    compressedSize: end - dataStart,
    truncated,
    declaredSize: sized && declared !== 0xffffffff ? declared : undefined,
    source: 'local',
    crc,
    ...(after !== undefined ? { end: after } : {}),
  };
}

/** First local, central, end or data descriptor signature at or after `from`. */
function nextSignature(bytes: Uint8Array, from: number): number {
  for (let i = from; i + 4 <= bytes.length; i++) {
    if (bytes[i] !== 0x50 || bytes[i + 1] !== 0x4b) continue;
    const s = u32(bytes, i);
    if (s === SIG_LOCAL || s === SIG_CENTRAL || s === SIG_EOCD || s === SIG_ZIP64_EOCD) return i;
    if (s === SIG_DESCRIPTOR && u32(bytes, i + 8) === i - from) return i;
  }
  return -1;
}

/**
 * End of an entry's data before `next`, without a trailing data descriptor whose size field fits,
 * and the CRC that descriptor holds.
 */
function trimDescriptor(bytes: Uint8Array, dataStart: number, next: number): { end: number; crc?: number } {
  if (next + 8 <= bytes.length && u32(bytes, next) === SIG_DESCRIPTOR) return { end: next, crc: u32(bytes, next + 4) };
  // Descriptor without signature: crc, compressed size, uncompressed size (4 or 8 bytes each).
  for (const [len, wide] of [[12, false], [20, true]] as const) {
    const d = next - len;
    if (d < dataStart) continue;
    const size = wide ? u64(bytes, d + 4) : u32(bytes, d + 4);
    if (size === d - dataStart) return { end: d, crc: u32(bytes, d) };
  }
  for (const [len, wide] of [[16, false], [24, true]] as const) {
    const d = next - len;
    if (d < dataStart || u32(bytes, d) !== SIG_DESCRIPTOR) continue;
    const size = wide ? u64(bytes, d + 8) : u32(bytes, d + 8);
    if (size === d - dataStart) return { end: d, crc: u32(bytes, d + 4) };
  }
  return { end: next };
}

/** zlib's native CRC-32, from Node 20.15 and 22.2 on. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** CRC-32 (ZIP's checksum) of `data`: native where Node has it (50 MB in ~0.1 s under load), a table otherwise. */
export function crc32(data: Uint8Array): number {
  return nativeCrc32 ? nativeCrc32(data) >>> 0 : tableCrc32(data);
}

/**
 * Walks local headers from the start when there is no usable central directory. Every entry is
 * read from its local header; see {@link readLocalEntry}.
 */
function recoverFromLocalHeaders(bytes: Uint8Array, maxEntries: number, why: string): ZipDirectory {
  const entries: ZipEntry[] = [];
  let p = 0;
  while (p + 30 <= bytes.length && u32(bytes, p) === SIG_LOCAL) {
    if (entries.length >= maxEntries) throw new EntryError('limit', `the archive has more than ${maxEntries} entries`);
    const e = readLocalEntry(bytes, p);
    if (!e) break;
    entries.push(e);
    if (e.truncated) break;
    // The next header follows the data (and a data descriptor, if any).
    const next = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(LOCAL_SIG_BYTES, e.dataStart + e.compressedSize);
    if (next < 0 || next <= p) break;
    p = next;
  }
  return { entries, recovered: why, mismatches: [] };
}

/** Counts inflated bytes across all entries of one archive against the limits. */
export class InflateBudget {
  /** Total bytes produced so far, including those of an entry stopped at a limit. */
  inflated = 0;
  /** Largest total seen (same as `inflated`; kept for reporting). */
  constructor(readonly limits: ZipLimits) {}
}

/**
 * Inflates one entry. Throws {@link EntryError} on a limit, damage, encryption or an unknown method.
 * With `allowTruncated`, a deflate stream that ends early yields what was inflated.
 */
export function inflateEntry(bytes: Uint8Array, entry: ZipEntry, budget: InflateBudget, allowTruncated = false): Uint8Array {
  if (entry.flags & 0x1) throw new EntryError('encrypted', `entry ${entry.name} is encrypted`);
  const data = bytes.subarray(entry.dataStart, entry.dataStart + entry.compressedSize);
  const { maxInflatedBytes, maxCompressionRatio } = budget.limits;
  if (entry.method === 0) {
    if (entry.truncated && !allowTruncated) throw new EntryError('corrupt', `entry ${entry.name} is cut short`);
    if (budget.inflated + data.length > maxInflatedBytes) {
      budget.inflated += data.length;
      throw new EntryError('limit', `inflating the archive exceeds the limit of ${maxInflatedBytes} bytes`);
    }
    budget.inflated += data.length;
    return data;
  }
  if (entry.method !== 8) throw new EntryError('unsupported-format', `entry ${entry.name} uses compression method ${entry.method}, which is not supported`);
  const fast = inflateSmall(data, entry, budget);
  if (fast) return fast;
  const chunks: Uint8Array[] = [];
  let produced = 0;
  let consumed = 0;
  let stop: EntryError | undefined;
  const inflater = new Inflate((chunk) => {
    if (stop) return;
    produced += chunk.length;
    budget.inflated += chunk.length;
    if (budget.inflated > maxInflatedBytes) {
      stop = new EntryError('limit', `inflating the archive exceeds the limit of ${maxInflatedBytes} bytes (stopped in ${entry.name})`);
    } else if (produced > maxCompressionRatio * Math.max(1, entry.compressedSize) || produced > maxCompressionRatio * consumed + PREFIX_RATIO_SLACK) {
      stop = new EntryError('limit', `entry ${entry.name} inflates more than ${maxCompressionRatio} times its compressed size (a zip bomb)`);
    } else if (chunk.length) {
      chunks.push(chunk);
    }
  });
  try {
    if (data.length === 0) inflater.push(new Uint8Array(0), !allowTruncated);
    for (let off = 0; off < data.length && !stop; off += INFLATE_INPUT_CHUNK) {
      const end = Math.min(off + INFLATE_INPUT_CHUNK, data.length);
      consumed = end;
      const last = end === data.length;
      // A truncated entry is pushed as not final so the inflater keeps its partial output instead of failing.
      inflater.push(data.subarray(off, end), last && !(allowTruncated && entry.truncated));
    }
  } catch (err) {
    if (stop) throw stop;
    if (!allowTruncated || chunks.length === 0) {
      throw new EntryError('corrupt', `entry ${entry.name} is damaged (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  if (stop) throw stop;
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(produced);
  let o = 0;
  for (const c of chunks) out.set(c, o), (o += c.length);
  return out;
}

/** Entries up to this compressed size may take the one-shot path. */
const SMALL_ENTRY = 64 * 1024;

/**
 * One-shot inflate into a buffer one byte larger than the declared size, for small entries whose
 * declared size is within every limit. Streaming costs a buffer per step, which dominates small
 * documents. The declared size is not trusted: fflate stops writing at the end of the buffer, so a
 * full buffer means the entry is larger than declared, and the caller takes the counted path.
 */
function inflateSmall(data: Uint8Array, entry: ZipEntry, budget: InflateBudget): Uint8Array | undefined {
  const declared = entry.declaredSize;
  const { maxInflatedBytes, maxCompressionRatio } = budget.limits;
  if (declared === undefined || entry.truncated || data.length > SMALL_ENTRY || declared > maxCompressionRatio * Math.max(1, data.length)) return undefined;
  if (budget.inflated + declared + 1 > maxInflatedBytes) return undefined;
  let out: Uint8Array;
  try {
    out = inflateSync(data, { out: new Uint8Array(declared + 1) });
  } catch {
    return undefined;
  }
  if (out.length > declared) return undefined;
  budget.inflated += out.length;
  return out;
}
