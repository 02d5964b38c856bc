/** The Outlook message (MSG) format declaration: light (no reader code). */
import type { FormatDeclaration } from '@prepub/core';
import { cfbRootEntries } from '@prepub/extract-docx/cfb';

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
  // What a damaged directory still lists counts: the reader then says what is damaged.
  return !!cfbRootEntries(bytes)?.entries.some((e) => e.name === '__properties_version1.0' || e.name.startsWith('__substg1.0_'));
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

/** The first four bytes of every TNEF stream (little-endian 0x223E9F78). */
export const TNEF_SIGNATURE = 0x223e9f78;

/** Whether `bytes` begin with the TNEF signature. */
export function looksLikeTnef(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && (bytes[0] | (bytes[1] << 8) | (bytes[2] << 16) | (bytes[3] << 24)) >>> 0 === TNEF_SIGNATURE;
}

/** TNEF (`winmail.dat`, [MS-OXTNEF]): an Outlook message wrapped for mail programs without MAPI. */
export const tnefFormat: FormatDeclaration = {
  format: 'tnef',
  mediaType: 'application/ms-tnef',
  mediaTypes: ['application/ms-tnef', 'application/vnd.ms-tnef'],
  extensions: ['tnef'],
  roles: ['title', 'metadata', 'body', 'properties', 'attachment-name'],
  sniff: { bytes: (bytes) => looksLikeTnef(bytes) },
  load: async () => (await import('./tnef.ts')).tnefExtractor,
};
