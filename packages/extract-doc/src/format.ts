/**
 * Legacy Office format declarations (light: no reader code). Word 97-2003 (.doc, .dot), WPS Office
 * writer files (.wps, .wpt: Kingsoft saves them in the Word binary format), Excel 97-2003 (.xls,
 * WPS .et) workbooks, and — named as not read — PowerPoint 97-2003 (.ppt, WPS .dps) decks.
 * All are OLE compound files (CFB); which one is told by the streams at the root of the file.
 */
import type { FormatDeclaration } from '@prepub/core';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;
/** Most directory or DIFAT sectors followed while sniffing (a directory of 4,096 sectors holds 16,384 entries). */
const MAX_CHAIN = 4096;

/** One entry of a compound file's directory. */
export interface CfbEntry {
  name: string;
  /** 1 storage, 2 stream, 5 root. */
  type: number;
  size: number;
}

export function isCfb(bytes: Uint8Array): boolean {
  if (bytes.length < 512) return false;
  for (let i = 0; i < 8; i++) if (bytes[i] !== CFB_MAGIC[i]) return false;
  return true;
}

/**
 * The entries directly under the root storage of a compound file, read from its header, FAT and
 * directory chain without reading any stream; undefined when that structure is broken. Bounded: at
 * most {@link MAX_CHAIN} directory and DIFAT sectors, each visited once.
 */
export function cfbRootEntries(bytes: Uint8Array): CfbEntry[] | undefined {
  if (!isCfb(bytes)) return undefined;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shift = v.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return undefined;
  const size = 1 << shift;
  const at = (sector: number): number => (sector + 1) * size;
  // The FAT's own sectors: 109 in the header, the rest along the DIFAT chain.
  const fatSectors: number[] = [];
  const nFat = v.getUint32(0x2c, true);
  for (let i = 0; i < 109 && fatSectors.length < nFat; i++) fatSectors.push(v.getUint32(0x4c + i * 4, true));
  let difat = v.getUint32(0x44, true);
  const seenDifat = new Set<number>();
  while (fatSectors.length < nFat && difat < END_OF_CHAIN - 4 && !seenDifat.has(difat) && seenDifat.size < MAX_CHAIN) {
    seenDifat.add(difat);
    const base = at(difat);
    if (base + size > bytes.length) return undefined;
    for (let i = 0; i < size / 4 - 1 && fatSectors.length < nFat; i++) fatSectors.push(v.getUint32(base + i * 4, true));
    difat = v.getUint32(base + size - 4, true);
  }
  const next = (sector: number): number | undefined => {
    const perSector = size / 4;
    const fs = fatSectors[Math.floor(sector / perSector)];
    if (fs === undefined) return undefined;
    const pos = at(fs) + (sector % perSector) * 4;
    return pos + 4 <= bytes.length ? v.getUint32(pos, true) : undefined;
  };
  const entries: Array<CfbEntry & { left: number; right: number; child: number }> = [];
  const seen = new Set<number>();
  for (let s = v.getUint32(0x30, true); s !== END_OF_CHAIN; ) {
    if (seen.has(s) || seen.size >= MAX_CHAIN) return undefined;
    seen.add(s);
    const base = at(s);
    if (base + size > bytes.length) return undefined;
    for (let e = base; e < base + size; e += 128) {
      const nameBytes = Math.min(v.getUint16(e + 0x40, true), 64);
      let name = '';
      for (let i = 0; i + 2 < nameBytes; i += 2) name += String.fromCharCode(v.getUint16(e + i, true));
      entries.push({ name, type: bytes[e + 0x42], size: v.getUint32(e + 0x78, true), left: v.getUint32(e + 0x44, true), right: v.getUint32(e + 0x48, true), child: v.getUint32(e + 0x4c, true) });
    }
    const n = next(s);
    if (n === undefined) return undefined;
    s = n;
  }
  if (entries[0]?.type !== 5) return undefined;
  // The root's children form a tree through their left and right siblings.
  const out: CfbEntry[] = [];
  const stack = [entries[0].child];
  const visited = new Set<number>();
  while (stack.length) {
    const i = stack.pop()!;
    if (i >= entries.length || visited.has(i)) continue;
    visited.add(i);
    const e = entries[i];
    if (e.type === 1 || e.type === 2) out.push({ name: e.name, type: e.type, size: e.size });
    stack.push(e.left, e.right);
  }
  return out;
}

/** Whether `needle` occurs in `bytes` as UTF-16LE (a directory entry's name). Linear. */
export function includesUtf16(bytes: Uint8Array, needle: string): boolean {
  const first = needle.charCodeAt(0);
  const end = bytes.length - needle.length * 2;
  outer: for (let i = 0; i <= end; i++) {
    if (bytes[i] !== first || bytes[i + 1] !== 0) continue;
    for (let j = 1; j < needle.length; j++) if (bytes[i + 2 * j] !== needle.charCodeAt(j) || bytes[i + 2 * j + 1] !== 0) continue outer;
    return true;
  }
  return false;
}

export type LegacyKind = 'doc' | 'xls' | 'ppt';

const STREAMS: Record<LegacyKind, RegExp> = {
  doc: /^WordDocument$/i,
  xls: /^(Workbook|Book)$/i,
  ppt: /^PowerPoint Document$/i,
};
const EXTENSIONS: Record<LegacyKind, RegExp> = {
  doc: /\.(doc|dot|wps|wpt)$/i,
  xls: /\.(xls|xlt|et|ett)$/i,
  ppt: /\.(ppt|pps|pot|dps|dpt)$/i,
};

/**
 * Which legacy Office file a compound file is: by the streams at its root (an embedded workbook
 * inside a document sits deeper and does not count); when the directory cannot be walked (a file
 * cut short or damaged), by the file name, then by a stream name written anywhere in the file, so a
 * broken document still reaches its reader, which says what it could not read. An encrypted OOXML
 * package (`EncryptedPackage`) is none of these.
 */
export function legacyKind(bytes: Uint8Array, filename?: string): LegacyKind | undefined {
  if (!isCfb(bytes)) return undefined;
  const root = cfbRootEntries(bytes);
  if (root) {
    if (root.some((e) => /^EncryptedPackage$/i.test(e.name))) return undefined;
    for (const kind of ['doc', 'xls', 'ppt'] as const) if (root.some((e) => e.type === 2 && STREAMS[kind].test(e.name))) return kind;
    // A compound file of another kind (Works, Outlook, Visio …) named like one of ours: its reader names what it holds.
    for (const kind of ['doc', 'xls', 'ppt'] as const) if (filename && EXTENSIONS[kind].test(filename)) return kind;
    return undefined;
  }
  for (const kind of ['doc', 'xls', 'ppt'] as const) if (filename && EXTENSIONS[kind].test(filename)) return kind;
  if (includesUtf16(bytes, 'EncryptedPackage')) return undefined;
  if (includesUtf16(bytes, 'WordDocument')) return 'doc';
  if (includesUtf16(bytes, 'Workbook')) return 'xls';
  if (includesUtf16(bytes, 'PowerPoint Document')) return 'ppt';
  return undefined;
}

export const docFormat: FormatDeclaration = {
  format: 'doc',
  mediaType: 'application/msword',
  mediaTypes: ['application/msword', 'application/vnd.ms-word', 'application/vnd.ms-works', 'application/wps-office.wps', 'application/kswps'],
  extensions: ['doc', 'dot', 'wps', 'wpt'],
  roles: ['body', 'header', 'footer', 'footnote', 'endnote', 'comment', 'text-box', 'deleted', 'hidden', 'bookmark', 'properties', 'metadata', 'form-field', 'glossary'],
  sniff: { cfb: (bytes, filename) => legacyKind(bytes, filename) === 'doc' },
  load: async () => (await import('./index.ts')).docExtractor,
};

export const xlsFormat: FormatDeclaration = {
  format: 'xls',
  mediaType: 'application/vnd.ms-excel',
  mediaTypes: ['application/vnd.ms-excel', 'application/wps-office.et', 'application/kset'],
  extensions: ['xls', 'xlt', 'et', 'ett'],
  roles: ['body', 'hidden', 'sheet-name', 'comment', 'header', 'footer', 'metadata', 'properties'],
  sniff: { cfb: (bytes, filename) => legacyKind(bytes, filename) === 'xls' },
  load: async () => (await import('./index.ts')).xlsExtractor,
};

export const pptFormat: FormatDeclaration = {
  format: 'ppt',
  mediaType: 'application/vnd.ms-powerpoint',
  mediaTypes: ['application/vnd.ms-powerpoint', 'application/wps-office.dps', 'application/ksdps'],
  extensions: ['ppt', 'pps', 'pot', 'dps', 'dpt'],
  roles: ['properties'],
  sniff: { cfb: (bytes, filename) => legacyKind(bytes, filename) === 'ppt' },
  load: async () => (await import('./index.ts')).pptExtractor,
};
