/**
 * What sniffers need of an OLE compound file ([MS-CFB]) without reading any stream: its magic, the
 * entries directly under its root storage, and a stream name written anywhere in its bytes. Light
 * (no reader code): format declarations load it at start-up.
 */

const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** Sector numbers from here on are markers (end of chain, free, FAT, DIFAT), not sectors. */
const MAX_SECTOR = 0xfffffffa;
const END_OF_CHAIN = 0xfffffffe;
/** Most directory or DIFAT sectors followed (a directory of 4,096 sectors holds 16,384 entries or more). */
const MAX_CHAIN = 4096;
/** Most entries of the root's sibling tree visited. */
const MAX_ROOT_CHILDREN = 100_000;

/** One entry directly under the root storage of a compound file. */
export interface CfbEntry {
  name: string;
  /** 1 storage, 2 stream. */
  type: 1 | 2;
  /** The size the directory declares (its low 32 bits). */
  size: number;
}

/** The root storage's entries, as far as the directory could be followed. */
export interface CfbRoot {
  entries: CfbEntry[];
  /**
   * False when the directory chain broke off (it loops, runs outside the file or past the bound, or
   * the allocation table does not reach it): `entries` are those of the directory sectors read.
   */
  complete: boolean;
}

/** Whether the bytes begin like a compound file (magic and at least a header's length). */
export function isCfb(bytes: Uint8Array): boolean {
  if (bytes.length < 512) return false;
  for (let i = 0; i < CFB_MAGIC.length; i++) if (bytes[i] !== CFB_MAGIC[i]) return false;
  return true;
}

/**
 * The entries directly under the root storage of a compound file, read from its header, FAT and
 * directory chain without reading any stream; undefined when the bytes are no compound file or its
 * first directory entry is no root. Never throws, and bounded: at most {@link MAX_CHAIN} directory
 * and DIFAT sectors, each visited once, and {@link MAX_ROOT_CHILDREN} tree nodes.
 */
export function cfbRootEntries(bytes: Uint8Array): CfbRoot | undefined {
  if (!isCfb(bytes)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shift = view.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return undefined;
  const size = 1 << shift;
  const sectorAt = (s: number) => (s + 1) * size;
  const perSector = size / 4;
  // The FAT's own sectors: 109 in the header, the rest along the DIFAT chain. Where that chain
  // breaks off, the FAT sectors it would have named are missing: a directory sector they map is
  // then not reached, and the listing says so.
  const fatSectors: number[] = [];
  for (let i = 0; i < 109; i++) fatSectors.push(view.getUint32(0x4c + 4 * i, true));
  const seenDifat = new Set<number>();
  for (let d = view.getUint32(0x44, true); d < MAX_SECTOR; d = view.getUint32(sectorAt(d) + size - 4, true)) {
    if (seenDifat.has(d) || seenDifat.size >= MAX_CHAIN || sectorAt(d) + size > bytes.length) break;
    seenDifat.add(d);
    for (let i = 0; i < perSector - 1; i++) fatSectors.push(view.getUint32(sectorAt(d) + 4 * i, true));
  }
  const next = (s: number): number | undefined => {
    const fat = fatSectors[Math.floor(s / perSector)];
    if (fat === undefined || fat >= MAX_SECTOR) return undefined;
    const at = sectorAt(fat) + 4 * (s % perSector);
    return at + 4 <= bytes.length ? view.getUint32(at, true) : undefined;
  };
  // The directory's sectors, in chain order, as far as the chain can be followed.
  const directory: number[] = [];
  const seen = new Set<number>();
  let complete = true;
  for (let s: number | undefined = view.getUint32(0x30, true); s !== END_OF_CHAIN; s = next(s)) {
    if (s === undefined || s >= MAX_SECTOR || seen.has(s) || directory.length >= MAX_CHAIN || sectorAt(s) + size > bytes.length) {
      complete = false;
      break;
    }
    seen.add(s);
    directory.push(s);
  }
  const perDirSector = size / 128;
  const entry = (id: number) => {
    const sector = directory[Math.floor(id / perDirSector)];
    if (sector === undefined) return undefined;
    const at = sectorAt(sector) + 128 * (id % perDirSector);
    // The name's length counts its terminating NUL; a name without one is read to its length.
    const nameBytes = Math.min(view.getUint16(at + 0x40, true), 64);
    let name = '';
    for (let i = 0; i + 1 < nameBytes; i += 2) {
      const c = view.getUint16(at + i, true);
      if (c === 0) break;
      name += String.fromCharCode(c);
    }
    return { name, type: bytes[at + 0x42], size: view.getUint32(at + 0x78, true), left: view.getUint32(at + 0x44, true), right: view.getUint32(at + 0x48, true), child: view.getUint32(at + 0x4c, true) };
  };
  const root = entry(0);
  if (!root || root.type !== 5) return undefined;
  // The root's children form a binary tree through their left and right siblings.
  const entries: CfbEntry[] = [];
  const visited = new Set<number>();
  const stack = [root.child];
  while (stack.length && visited.size < MAX_ROOT_CHILDREN) {
    const id = stack.pop()!;
    if (id >= MAX_SECTOR || visited.has(id)) continue;
    visited.add(id);
    const e = entry(id);
    if (!e) continue;
    if (e.type === 1 || e.type === 2) entries.push({ name: e.name, type: e.type, size: e.size });
    stack.push(e.left, e.right);
  }
  return { entries, complete };
}

/** Whether `needle` (ASCII) occurs in `bytes` as UTF-16LE, as directory entries name their streams. */
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
