/** The Outlook message (MSG) format declaration: light (no reader code). */
import type { FormatDeclaration } from '@prepub/core';

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const END_OF_CHAIN = 0xfffffffe;
/** Bounds on what the sniffer walks, so a crafted file cannot make it loop or read much. */
const MAX_DIRECTORY_SECTORS = 4096;
const MAX_DIFAT_SECTORS = 4096;
const MAX_ROOT_CHILDREN = 100_000;

/**
 * The names of the streams and storages directly under the root of an OLE compound file
 * ([MS-CFB]), read from its directory through the allocation table, without reading any stream.
 * Undefined when the bytes are no compound file or its directory cannot be followed.
 */
export function cfbRootNames(bytes: Uint8Array): string[] | undefined {
  if (bytes.length < 512) return undefined;
  for (let i = 0; i < CFB_MAGIC.length; i++) if (bytes[i] !== CFB_MAGIC[i]) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shift = view.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return undefined;
  const size = 1 << shift;
  const sectorAt = (s: number) => (s + 1) * size;
  const perSector = size / 4;
  // The DIFAT: 109 entries in the header, then a chain of DIFAT sectors.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(view.getUint32(0x4c + 4 * i, true));
  let difat = view.getUint32(0x44, true);
  for (let n = 0; difat < END_OF_CHAIN - 4 && n < MAX_DIFAT_SECTORS; n++) {
    const at = sectorAt(difat);
    if (at + size > bytes.length) break;
    for (let i = 0; i < perSector - 1; i++) fatSectors.push(view.getUint32(at + 4 * i, true));
    difat = view.getUint32(at + size - 4, true);
  }
  const next = (s: number): number | undefined => {
    const fat = fatSectors[Math.floor(s / perSector)];
    if (fat === undefined || fat >= END_OF_CHAIN - 4) return undefined;
    const at = sectorAt(fat) + 4 * (s % perSector);
    return at + 4 <= bytes.length ? view.getUint32(at, true) : undefined;
  };
  // The directory's sectors, in chain order.
  const directory: number[] = [];
  const seen = new Set<number>();
  for (let s: number | undefined = view.getUint32(0x30, true); s !== undefined && s < END_OF_CHAIN - 4 && !seen.has(s) && directory.length < MAX_DIRECTORY_SECTORS; s = next(s)) {
    if (sectorAt(s) + size > bytes.length) break;
    seen.add(s);
    directory.push(s);
  }
  const perDirSector = size / 128;
  const entry = (id: number) => {
    const sector = directory[Math.floor(id / perDirSector)];
    if (sector === undefined) return undefined;
    const at = sectorAt(sector) + 128 * (id % perDirSector);
    const nameBytes = Math.min(view.getUint16(at + 0x40, true), 64);
    let name = '';
    for (let i = 0; i + 1 < nameBytes; i += 2) {
      const c = view.getUint16(at + i, true);
      if (c === 0) break;
      name += String.fromCharCode(c);
    }
    return { name, type: bytes[at + 0x42], left: view.getUint32(at + 0x44, true), right: view.getUint32(at + 0x48, true), child: view.getUint32(at + 0x4c, true) };
  };
  const root = entry(0);
  if (!root || root.type !== 5) return undefined;
  // The root's children are a binary tree through left/right siblings.
  const names: string[] = [];
  const visited = new Set<number>();
  const stack = [root.child];
  while (stack.length && visited.size < MAX_ROOT_CHILDREN) {
    const id = stack.pop()!;
    if (id >= 0xfffffffa || visited.has(id)) continue;
    visited.add(id);
    const e = entry(id);
    if (!e) continue;
    if (e.type === 1 || e.type === 2) names.push(e.name);
    stack.push(e.left, e.right);
  }
  return names;
}

/**
 * What is damaged in a compound file's structure, or undefined: an allocation chain (of the
 * directory, the mini stream, the mini allocation table or any stream) that loops, runs outside
 * the file or is shorter than its stream, or a directory tree that loops. msgreader follows chains
 * and the tree without such checks: on a loop it never returns and grows without bound, so a
 * message is checked here first. Linear: every chain step and tree node is visited at most a
 * bounded number of times, since no two chains of a sound file share a sector.
 */
export function cfbDamage(bytes: Uint8Array): string | undefined {
  if (bytes.length < 512) return 'the file is shorter than a compound file header';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shift = view.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return `the sector size 2^${shift} is not one a compound file has`;
  if (view.getUint16(0x20, true) !== 6) return 'the mini sector size is not 64 bytes';
  const size = 1 << shift;
  const per = size / 4;
  const sectors = Math.ceil((bytes.length - size) / size);
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(view.getUint32(0x4c + 4 * i, true));
  const difatSeen = new Set<number>();
  for (let d = view.getUint32(0x44, true); d < 0xfffffffa; d = view.getUint32((d + 1) * size + size - 4, true)) {
    if (d >= sectors || difatSeen.has(d) || (d + 2) * size > bytes.length) return 'the DIFAT chain loops or runs outside the file';
    difatSeen.add(d);
    for (let i = 0; i < per - 1; i++) fatSectors.push(view.getUint32((d + 1) * size + 4 * i, true));
  }
  const fat = fatSectors.filter((s) => s < 0xfffffffa);
  if (fat.some((s) => s >= sectors || (s + 2) * size > bytes.length)) return 'a FAT sector lies outside the file';
  const fatAt = (s: number): number | undefined => {
    const f = fat[Math.floor(s / per)];
    return f === undefined ? undefined : view.getUint32((f + 1) * size + 4 * (s % per), true);
  };
  let budget = 4 * (sectors + 16);
  /** The sectors of a chain, or a sentence saying why it cannot be followed. */
  const chain = (start: number, next: (s: number) => number | undefined, count: number, what: string): number[] | string => {
    const out: number[] = [];
    const seen = new Set<number>();
    for (let s = start; s !== 0xfffffffe; ) {
      if (s >= count || seen.has(s) || --budget < 0) return `the chain of ${what} ${seen.has(s) ? 'loops' : 'runs outside the file'}`;
      seen.add(s);
      out.push(s);
      const n = next(s);
      if (n === undefined) return `the chain of ${what} runs outside the allocation table`;
      s = n;
    }
    return out;
  };
  const dir = chain(view.getUint32(0x30, true), fatAt, sectors, 'the directory');
  if (typeof dir === 'string') return dir;
  const entries = dir.length * (size / 128);
  const entryAt = (id: number) => (dir[Math.floor(id / (size / 128))] + 1) * size + 128 * (id % (size / 128));
  if (entries === 0 || bytes[entryAt(0) + 0x42] !== 5) return 'the directory has no root entry';
  const cutoff = view.getUint32(0x38, true);
  const root = entryAt(0);
  const miniStream = chain(view.getUint32(root + 0x74, true), fatAt, sectors, 'the mini stream');
  if (typeof miniStream === 'string') return miniStream;
  const miniFat = chain(view.getUint32(0x3c, true), fatAt, sectors, 'the mini allocation table');
  if (typeof miniFat === 'string') return miniFat;
  const miniAt = (s: number): number | undefined => {
    const f = miniFat[Math.floor(s / per)];
    return f === undefined ? undefined : view.getUint32((f + 1) * size + 4 * (s % per), true);
  };
  const miniSectors = miniStream.length * (size / 64);
  budget += 4 * (miniSectors + 16);
  // The tree from the root, each entry reached once; every stream's chain long enough for its size.
  const reached = new Set<number>();
  const stack = [view.getUint32(root + 0x4c, true)];
  while (stack.length) {
    const id = stack.pop()!;
    if (id >= 0xfffffffa) continue;
    if (id >= entries || reached.has(id) || id === 0) return 'the directory tree loops or names an entry outside the directory';
    reached.add(id);
    const at = entryAt(id);
    const type = bytes[at + 0x42];
    stack.push(view.getUint32(at + 0x44, true), view.getUint32(at + 0x48, true));
    if (type === 1) stack.push(view.getUint32(at + 0x4c, true));
    else if (type === 2) {
      const length = view.getUint32(at + 0x78, true);
      if (length === 0) continue;
      const small = length < cutoff;
      const c = small ? chain(view.getUint32(at + 0x74, true), miniAt, miniSectors, `stream ${id}`) : chain(view.getUint32(at + 0x74, true), fatAt, sectors, `stream ${id}`);
      if (typeof c === 'string') return c;
      if (c.length * (small ? 64 : size) < length) return `stream ${id} is longer than its chain`;
    } else if (type !== 0) return `directory entry ${id} has an unknown type`;
  }
  return undefined;
}

/**
 * An Outlook item: a compound file whose root holds the property stream of [MS-OXMSG]
 * (`__properties_version1.0`) or property streams (`__substg1.0_…`). Other compound files (Word,
 * Excel, PowerPoint, WPS, an encrypted OOXML) are not claimed, and neither is a document that merely
 * embeds a message (its streams sit in a storage below the root).
 */
export function looksLikeMsg(bytes: Uint8Array): boolean {
  const names = cfbRootNames(bytes);
  return !!names?.some((n) => n === '__properties_version1.0' || n.startsWith('__substg1.0_'));
}

export const msgFormat: FormatDeclaration = {
  format: 'msg',
  mediaType: 'application/vnd.ms-outlook',
  mediaTypes: ['application/vnd.ms-outlook', 'application/x-msg'],
  extensions: ['msg'],
  roles: ['title', 'metadata', 'body', 'properties', 'attachment-name'],
  sniff: { cfb: (bytes) => looksLikeMsg(bytes) },
  load: async () => (await import('./index.ts')).msgExtractor,
};
