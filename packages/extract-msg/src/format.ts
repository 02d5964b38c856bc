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
