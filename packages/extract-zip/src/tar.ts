/**
 * Tar archives (v7, ustar, GNU, pax), read from bytes already in memory. Every member with data is
 * handed to the scanner as an embedded file; every name a tar tool may show (the header's name and
 * ustar prefix, GNU long names, pax paths and link targets, link names, the pax header's own name)
 * is text, and so are pax comment and other text records. Anything the reader meets but cannot
 * turn into members — a header whose checksum is wrong, a member cut short, data after the end of
 * the archive, a member of an unknown type — is a loss with its reason, never silence.
 *
 * Why not `tar-stream`: it is a push stream built for files on disk, stops at the first bad header
 * (everything after it is gone), decodes names as UTF-8 only (a GBK name becomes U+FFFD), trusts the
 * pax size record, and hides where each header stood. The archive is already one Uint8Array here,
 * the format is fixed 512-byte blocks, and members are subarrays of it: no copy, no stream.
 */
import type { EmbeddedFile, Loss } from '@prepub/core';
import { xattrValueTexts } from './xattr.ts';

export const BLOCK = 512;

/** Parses a numeric header field: octal digits (space or NUL padded), or GNU base-256 when the high bit is set. */
export function tarNumber(b: Uint8Array, at: number, len: number): number | undefined {
  if (b[at] & 0x80) {
    // Base-256, big-endian, the first byte's high bit a flag (0xff: negative, never a size).
    if (b[at] === 0xff) return undefined;
    let n = b[at] & 0x7f;
    for (let i = 1; i < len; i++) n = n * 256 + b[at + i];
    return Number.isSafeInteger(n) ? n : undefined;
  }
  let i = at;
  const end = at + len;
  while (i < end && (b[i] === 0x20 || b[i] === 0)) i++;
  if (i === end) return 0;
  let n = 0;
  let digits = 0;
  for (; i < end; i++) {
    const c = b[i];
    if (c >= 0x30 && c <= 0x37) {
      n = n * 8 + (c - 0x30);
      digits++;
    } else if (c === 0x20 || c === 0) break;
    else return undefined;
  }
  // Only padding may follow the digits.
  for (; i < end; i++) if (b[i] !== 0x20 && b[i] !== 0) return undefined;
  return digits ? n : undefined;
}

/** Whether the 512 bytes at `at` are all zero (an end-of-archive block). */
function zeroBlock(b: Uint8Array, at: number): boolean {
  const end = Math.min(at + BLOCK, b.length);
  for (let i = at; i < end; i++) if (b[i] !== 0) return false;
  return true;
}

/** Whether the block at `at` is a tar header whose checksum (unsigned, or signed as old tars wrote it) is right. */
export function tarChecksumOk(b: Uint8Array, at = 0): boolean {
  if (b.length < at + BLOCK) return false;
  const stored = tarNumber(b, at + 148, 8);
  if (stored === undefined) return false;
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i++) {
    const c = i >= 148 && i < 156 ? 0x20 : b[at + i];
    unsigned += c;
    signed += c > 127 ? c - 256 : c;
  }
  // An all-zero block sums to 256 (the checksum field as spaces): that is an end marker, not a header.
  return unsigned !== 256 && (stored === unsigned || stored === signed);
}

/** Whether the block at `at` says it is a POSIX or GNU tar header (`ustar` magic). */
export function hasUstarMagic(b: Uint8Array, at = 0): boolean {
  return b.length >= at + 263 && b[at + 257] === 0x75 && b[at + 258] === 0x73 && b[at + 259] === 0x74 && b[at + 260] === 0x61 && b[at + 261] === 0x72 && (b[at + 262] === 0 || b[at + 262] === 0x20);
}

/** A tar archive by its first block: a header with a right checksum, or the ustar magic (a damaged header is still a tar). */
export function looksLikeTar(b: Uint8Array): boolean {
  return tarChecksumOk(b, 0) || (hasUstarMagic(b, 0) && b.length >= BLOCK);
}

/** Bytes up to the first NUL. */
function cstr(b: Uint8Array, at: number, len: number): Uint8Array {
  const s = b.subarray(at, Math.min(at + len, b.length));
  const z = s.indexOf(0);
  return z < 0 ? s : s.subarray(0, z);
}

/** Typeflags whose data is a regular file's content. */
const FILE_TYPES = new Set(['0', '\0', '7']);
/** Typeflags without data of their own (links, devices, folders, FIFOs). */
const NO_DATA_TYPES = new Set(['1', '2', '3', '4', '5', '6']);
/** Pax records that hold numbers or flags, not text a person reads. */
const PAX_NUMERIC = /^(size|mtime|atime|ctime|uid|gid|hdrcharset|charset|GNU\.sparse\.(major|minor|size|numblocks|offset|numbytes|realsize|map|name)|SCHILY\.(dev|ino|nlink|devmajor|devminor|filetype|realsize|offset))$/;

/** Text the tar reader found: the caller decides how to decode and where to put it. */
export interface TarText {
  /** `name`: a name a tool shows for a member; `comment`: pax comment records; `record`: other pax text records, user and group names. */
  kind: 'name' | 'comment' | 'record';
  bytes: Uint8Array;
  /** The member it belongs to (its final name), or the header it stood in. */
  member: string;
  /** For pax records: their key. */
  key?: string;
}

export interface TarResult {
  embedded: EmbeddedFile[];
  texts: TarText[];
  loss: Loss[];
  /** Headers read (members, long names, pax headers). */
  headers: number;
  members: number;
}

export interface TarOptions {
  /** Most members handed on; the rest are a loss (limit). */
  maxEntries: number;
  /** Decodes name bytes (no encoding is declared for them) for member names and messages. */
  decodeName: (b: Uint8Array) => string;
  /** Prefix of `where` in losses and of origins (`bundle.tar.gz: `), empty for a bare tar. */
  label?: string;
}

const utf8 = new TextDecoder();

/** One pax record set: `len key=value\n` lines. Values are bytes (UTF-8 by the standard, but hdrcharset=BINARY exists). */
function parsePax(data: Uint8Array): { records: Array<[string, Uint8Array]>; bad: number } {
  const records: Array<[string, Uint8Array]> = [];
  let at = 0;
  let bad = 0;
  while (at < data.length) {
    if (data[at] === 0) break;
    const sp = data.indexOf(0x20, at);
    const len = sp > at ? Number(utf8.decode(data.subarray(at, sp))) : NaN;
    if (!Number.isInteger(len) || len <= sp - at || at + len > data.length || data[at + len - 1] !== 0x0a) {
      bad = data.length - at;
      break;
    }
    const rec = data.subarray(sp + 1, at + len - 1);
    const eq = rec.indexOf(0x3d);
    if (eq < 0) bad += len;
    else records.push([utf8.decode(rec.subarray(0, eq)), rec.subarray(eq + 1)]);
    at += len;
  }
  return { records, bad };
}

/**
 * Reads a tar archive. Never throws: damage becomes losses, and what could be read is returned.
 * Members are subarrays of `bytes` (no copy).
 */
export function readTar(bytes: Uint8Array, opts: TarOptions): TarResult {
  const res: TarResult = { embedded: [], texts: [], loss: [], headers: 0, members: 0 };
  const label = opts.label ?? '';
  const lose = (where: string, kind: Loss['kind'], count: number, detail: string, reason: Loss['reason'], member?: string) =>
    res.loss.push({ where: `${label}${where}`, kind, count, detail, reason, ...(member !== undefined ? { origin: { filePart: member } } : {}) });
  const seen = new Map<string, number>();
  // Extended data that applies to the next header (GNU L/K, pax x) or to all that follow (pax g).
  let longName: Uint8Array | undefined;
  let longLink: Uint8Array | undefined;
  // Keyed records: a later record replaces an earlier one of the same key, a member's own (x) over the global (g).
  let pax = new Map<string, Uint8Array>();
  const global = new Map<string, Uint8Array>();
  const paxValue = (key: string) => pax.get(key) ?? global.get(key);
  // Extended headers are cheap to write in bulk (512-byte pax g headers): the records applied and the
  // text taken from them are capped per archive, and what lies beyond the caps is a loss (limit).
  const maxRecords = 16 * opts.maxEntries + 1000;
  const maxExtTexts = 4 * opts.maxEntries + 1000;
  let records = 0;
  let extTexts = 0;
  let recordsOver = 0;
  let textsOver = 0;
  let pending: TarText[] = [];
  const pend = (t: TarText) => {
    if (extTexts >= maxExtTexts) textsOver++;
    else {
      extTexts++;
      pending.push(t);
    }
  };
  let at = 0;
  let ended = false;
  let cutShort = false;
  while (at + BLOCK <= bytes.length) {
    if (zeroBlock(bytes, at)) {
      // Two zero blocks end the archive; one is tolerated as the end too (tar does, with a warning).
      ended = true;
      at += BLOCK;
      if (at + BLOCK <= bytes.length && zeroBlock(bytes, at)) at += BLOCK;
      break;
    }
    if (!tarChecksumOk(bytes, at)) {
      // The size cannot be trusted: look for the next block that is a right header, as tar does
      // ("skipping to next header"), and count what lay between as lost.
      let next = at + BLOCK;
      while (next + BLOCK <= bytes.length && !tarChecksumOk(bytes, next) && !zeroBlock(bytes, next)) next += BLOCK;
      if (next + BLOCK > bytes.length) next = bytes.length;
      lose(`bytes ${at}-${next}`, 'failed-stream', next - at, `A tar header at byte ${at} has a wrong checksum: its member could not be located, and the ${next - at} bytes up to the next good header were not read.`, 'corrupt');
      at = next;
      continue;
    }
    res.headers++;
    const h = at;
    const type = String.fromCharCode(bytes[h + 156]);
    const ustarPosix = hasUstarMagic(bytes, h) && bytes[h + 262] === 0;
    const rawName = cstr(bytes, h, 100);
    const prefix = ustarPosix ? cstr(bytes, h + 345, 155) : new Uint8Array(0);
    const headerName = prefix.length ? Buffer.concat([prefix, Uint8Array.of(0x2f), rawName]) : rawName;
    const linkName = cstr(bytes, h + 157, 100);
    let size = tarNumber(bytes, h + 124, 12);
    const paxSize = paxValue('size');
    if (paxSize !== undefined && /^\d+$/.test(utf8.decode(paxSize)) && type !== 'x' && type !== 'g') size = Number(utf8.decode(paxSize));
    const dataStart = h + BLOCK;
    if (size === undefined) {
      lose(`bytes ${h}-${bytes.length}`, 'failed-stream', bytes.length - h, `A tar header at byte ${h} has a size field that is not a number: the rest of the archive (${bytes.length - h} bytes) could not be read.`, 'corrupt');
      at = bytes.length;
      break;
    }
    const available = Math.max(0, Math.min(size, bytes.length - dataStart));
    const data = bytes.subarray(dataStart, dataStart + available);
    const cut = available < size;
    at = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    const shownName = (b: Uint8Array) => opts.decodeName(b);

    if (type === 'L' || type === 'K' || type === 'x' || type === 'g') {
      // The extended header's own name is shown by tools that do not know the extension.
      if (rawName.length) pend({ kind: 'name', bytes: headerName, member: `header at byte ${h}` });
      if (cut) lose(`bytes ${h}-${bytes.length}`, 'failed-stream', size - available, `The archive is cut short inside an extended tar header at byte ${h}.`, 'corrupt');
      if (type === 'L') longName = cstr(data, 0, data.length);
      else if (type === 'K') longLink = cstr(data, 0, data.length);
      else if (records >= maxRecords) {
        // Past the cap the header is not even parsed: its bytes are counted as not read.
        if (type === 'x') pax = new Map();
        recordsOver += data.length;
      } else {
        const parsed = parsePax(data);
        if (parsed.bad) lose(`pax header at byte ${h}`, 'failed-stream', parsed.bad, `${parsed.bad} bytes of a pax extended header at byte ${h} are not well-formed records and were not read.`, 'corrupt');
        if (type === 'x') pax = new Map();
        const target = type === 'x' ? pax : global;
        for (const [k, v] of parsed.records) {
          if (records >= maxRecords) {
            recordsOver += k.length + v.length + 3;
            continue;
          }
          records++;
          target.set(k, v);
          if (k === 'path' || k === 'linkpath' || PAX_NUMERIC.test(k) || !v.length) continue;
          // Extended attributes as libarchive (bsdtar, macOS tar) writes them: the value in base64.
          // A Finder comment or `user.xdg.comment` is text a file manager shows; a binary property
          // list (macOS keeps Finder comments so) is read for its strings.
          const xattr = k.startsWith('LIBARCHIVE.xattr.') ? new Uint8Array(Buffer.from(utf8.decode(v), 'base64')) : k.startsWith('SCHILY.xattr.') ? v : undefined;
          if (xattr) {
            for (const t of xattrValueTexts(xattr)) if (t.length) pend({ kind: 'record', bytes: t, key: k, member: `pax header at byte ${h}` });
            continue;
          }
          pend({ kind: k === 'comment' ? 'comment' : 'record', bytes: v, key: k, member: `pax header at byte ${h}` });
        }
      }
      continue;
    }

    // A regular header: the extended data before it applies to it.
    const namesShown: Uint8Array[] = [headerName];
    if (prefix.length) namesShown.push(rawName);
    if (longName) namesShown.push(longName);
    const paxPath = paxValue('path');
    if (paxPath) namesShown.push(paxPath);
    const finalNameBytes = paxPath ?? longName ?? headerName;
    const name = shownName(finalNameBytes) || `(member at byte ${h})`;
    const links: Uint8Array[] = [];
    if (linkName.length) links.push(linkName);
    if (longLink) links.push(longLink);
    const paxLink = paxValue('linkpath');
    if (paxLink) links.push(paxLink);
    for (const b of namesShown) res.texts.push({ kind: 'name', bytes: b, member: name });
    for (const b of links) res.texts.push({ kind: 'name', bytes: b, member: name });
    for (const t of pending) res.texts.push({ ...t, member: name });
    // User and group names are shown by `tar -tv`.
    for (const [off, len] of [[265, 32], [297, 32]] as const) {
      const u = ustarPosix || hasUstarMagic(bytes, h) ? cstr(bytes, h + off, len) : new Uint8Array(0);
      if (u.length && u.some((c) => c >= 0x80 || !/[\w.-]/.test(String.fromCharCode(c)))) res.texts.push({ kind: 'record', bytes: u, member: name, key: off === 265 ? 'uname' : 'gname' });
    }
    pending = [];
    longName = undefined;
    longLink = undefined;
    pax = new Map();

    const k = (seen.get(name) ?? 0) + 1;
    seen.set(name, k);
    const which = k > 1 ? `${name} (copy ${k})` : name;
    if (cut) cutShort = true;
    if (cut) lose(which, 'failed-stream', size - available, `${which} is cut short: ${available} of its ${size} bytes are in the archive; only its beginning was read.`, 'corrupt', name);
    const sparse = type === 'S' || paxValue('GNU.sparse.major') !== undefined || paxValue('GNU.sparse.map') !== undefined || paxValue('GNU.sparse.size') !== undefined;
    if (NO_DATA_TYPES.has(type) && size === 0) continue;
    if (!FILE_TYPES.has(type) || sparse) {
      // Data that tar would not restore as a file's content (or not as it lies: sparse maps,
      // multi-volume pieces): scanned as it stands, and named unread because its meaning is unknown.
      if (data.length) {
        const what = sparse ? 'a sparse file, whose holes were not put back' : NO_DATA_TYPES.has(type) ? `a member of type ${JSON.stringify(type)} that should have no data but carries ${size} bytes` : `a member of type ${JSON.stringify(type)}, which prepub does not know`;
        lose(which, 'other', data.length, `${which} is ${what}; its bytes were scanned as they stand, but an archive tool may show them otherwise or not at all.`, 'unsupported-format', name);
      }
    }
    if (data.length === 0) continue;
    if (res.members >= opts.maxEntries) {
      lose(which, 'other', 1, `${which} was not read: the archive has more than ${opts.maxEntries} members.`, 'limit', name);
      continue;
    }
    res.members++;
    res.embedded.push({ name: k > 1 ? `${name}#copy${k}` : name, bytes: data, origin: { filePart: name } });
  }
  // Extended headers with nothing after them.
  for (const t of pending) res.texts.push(t);
  if (recordsOver) lose('pax headers', 'other', recordsOver, `The archive holds more pax records than the limit of ${maxRecords}: about ${recordsOver} bytes of records past it were neither applied nor read.`, 'limit');
  if (textsOver) lose('extended headers', 'other', textsOver, `The extended headers hold more names and text records than the limit of ${maxExtTexts}: ${textsOver} were not read.`, 'limit');
  if (!ended) {
    if (at < bytes.length) lose(`bytes ${at}-${bytes.length}`, 'failed-stream', bytes.length - at, `The archive ends inside a header block (${bytes.length - at} bytes at its end were not read).`, 'corrupt');
    else if (res.headers > 0 && !cutShort) lose('end of archive', 'failed-stream', 0, 'The archive has no end-of-archive blocks: it may be cut short, and members after the last one read may be missing.', 'corrupt');
  } else {
    // After the end marker: zero padding to the record size is normal; anything else no tar tool shows.
    let tail = at;
    while (tail < bytes.length && bytes[tail] === 0) tail++;
    if (tail < bytes.length) {
      lose(`bytes ${tail}-${bytes.length}`, 'other', bytes.length - tail, `${bytes.length - tail} bytes follow the end of the archive; tar tools ignore them. They were scanned as a file of their own.`, 'corrupt');
      res.embedded.push({ name: '(data after the end of the archive)', bytes: bytes.subarray(tail), origin: { filePart: `bytes ${tail}-${bytes.length}`, detail: 'after the end of the archive' } });
    }
  }
  return res;
}
