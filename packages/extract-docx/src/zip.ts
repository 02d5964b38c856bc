/**
 * A ZIP reader that never trusts the sizes written in the archive. Entries are inflated in small
 * input chunks with fflate's streaming inflater and every output byte is counted as it appears, so
 * a zip bomb is stopped after at most one chunk's worth of output beyond a limit.
 */
import { Inflate, inflateSync } from 'fflate';

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
  /** Offset of the compressed data in the archive. */
  dataStart: number;
  /** Compressed length actually available (clamped to the archive). */
  compressedSize: number;
  /** True when the declared compressed size runs past the end of the archive. */
  truncated: boolean;
  /** Uncompressed size as declared in the archive: a hint for buffer sizing only, never trusted. */
  declaredSize?: number;
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

export interface ZipDirectory {
  entries: ZipEntry[];
  /** Set when the central directory was missing or damaged and entries were recovered from local headers. */
  recovered?: string;
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

function u16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16)) + b[o + 3] * 0x1000000;
}
function u64(b: Uint8Array, o: number): number {
  return u32(b, o) + u32(b, o + 4) * 0x100000000;
}

function decodeName(b: Uint8Array, flags: number): string {
  // Bit 11 says UTF-8; old tools wrote CP437, which only matters for non-ASCII names we merely report.
  const name = (flags & 0x800 ? utf8 : latin1).decode(b);
  return name.replace(/\\/g, '/').replace(/^\/+/, '');
}

/** Reads the central directory; falls back to walking local headers when it is missing (truncated file). */
export function readDirectory(bytes: Uint8Array, maxEntries: number): ZipDirectory {
  const eocd = findEocd(bytes);
  if (eocd < 0) return recoverFromLocalHeaders(bytes, maxEntries, 'the archive has no end-of-central-directory record (truncated or damaged)');
  let count = u16(bytes, eocd + 10);
  let cdOffset = u32(bytes, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    const loc = eocd - 20;
    if (loc >= 0 && u32(bytes, loc) === SIG_ZIP64_LOCATOR) {
      const z = u64(bytes, loc + 8);
      if (z + 56 <= bytes.length && u32(bytes, z) === SIG_ZIP64_EOCD) {
        count = u64(bytes, z + 32);
        cdOffset = u64(bytes, z + 48);
      }
    }
  }
  if (count > maxEntries) throw new EntryError('limit', `the archive declares ${count} entries, more than the limit of ${maxEntries}`);
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (p + 46 > bytes.length || u32(bytes, p) !== SIG_CENTRAL) {
      return recoverFromLocalHeaders(bytes, maxEntries, 'the central directory is damaged');
    }
    const flags = u16(bytes, p + 8);
    const method = u16(bytes, p + 10);
    let compSize = u32(bytes, p + 20);
    let uncompSize = u32(bytes, p + 24);
    const nameLen = u16(bytes, p + 28);
    const extraLen = u16(bytes, p + 30);
    const commentLen = u16(bytes, p + 32);
    let localOffset = u32(bytes, p + 42);
    if (p + 46 + nameLen > bytes.length) return recoverFromLocalHeaders(bytes, maxEntries, 'the central directory is damaged');
    const name = decodeName(bytes.subarray(p + 46, p + 46 + nameLen), flags);
    // ZIP64 extra field: values follow in a fixed order, only for fields saturated in the header.
    let e = p + 46 + nameLen;
    const eEnd = Math.min(e + extraLen, bytes.length);
    while (e + 4 <= eEnd) {
      const id = u16(bytes, e);
      const size = u16(bytes, e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompSize === 0xffffffff && q + 8 <= eEnd) (uncompSize = u64(bytes, q)), (q += 8);
        if (compSize === 0xffffffff && q + 8 <= eEnd) (compSize = u64(bytes, q)), (q += 8);
        if (localOffset === 0xffffffff && q + 8 <= eEnd) localOffset = u64(bytes, q);
      }
      e += 4 + size;
    }
    p += 46 + nameLen + extraLen + commentLen;
    entries.push({ ...locate(bytes, name, flags, method, compSize, localOffset), declaredSize: uncompSize });
  }
  return { entries };
}

function locate(bytes: Uint8Array, name: string, flags: number, method: number, compSize: number, localOffset: number): ZipEntry {
  let dataStart = bytes.length;
  if (localOffset + 30 <= bytes.length && u32(bytes, localOffset) === SIG_LOCAL) {
    dataStart = localOffset + 30 + u16(bytes, localOffset + 26) + u16(bytes, localOffset + 28);
  }
  const available = Math.max(0, bytes.length - dataStart);
  return { name, flags, method, dataStart, compressedSize: Math.min(compSize, available), truncated: compSize > available || dataStart >= bytes.length && compSize > 0 };
}

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
 * Walks local file headers from the start. Entries written with a data descriptor carry no size,
 * so each entry's data is taken to run to the next local header signature; the inflater stops at the
 * end of the deflate stream anyway.
 */
function recoverFromLocalHeaders(bytes: Uint8Array, maxEntries: number, why: string): ZipDirectory {
  const entries: ZipEntry[] = [];
  let p = 0;
  while (p + 30 <= bytes.length && u32(bytes, p) === SIG_LOCAL) {
    if (entries.length >= maxEntries) throw new EntryError('limit', `the archive has more than ${maxEntries} entries`);
    const flags = u16(bytes, p + 6);
    const method = u16(bytes, p + 8);
    const declared = u32(bytes, p + 18);
    const nameLen = u16(bytes, p + 26);
    const extraLen = u16(bytes, p + 28);
    const dataStart = p + 30 + nameLen + extraLen;
    if (dataStart > bytes.length) break;
    const name = decodeName(bytes.subarray(p + 30, p + 30 + nameLen), flags);
    let next = -1;
    if (!(flags & 0x8) && declared !== 0xffffffff && dataStart + declared + 4 <= bytes.length && u32(bytes, dataStart + declared) === SIG_LOCAL) {
      next = dataStart + declared;
    } else {
      next = indexOfSig(bytes, SIG_LOCAL, dataStart);
    }
    const end = next < 0 ? bytes.length : next;
    entries.push({ name, flags, method, dataStart, compressedSize: end - dataStart, truncated: next < 0 });
    if (next < 0) break;
    p = next;
  }
  return { entries, recovered: why };
}

function indexOfSig(bytes: Uint8Array, sig: number, from: number): number {
  const b0 = sig & 0xff;
  for (let i = from; i + 4 <= bytes.length; i++) {
    if (bytes[i] === b0 && u32(bytes, i) === sig) return i;
  }
  return -1;
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
