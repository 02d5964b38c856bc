/**
 * The compound file around a legacy document: its streams (read with `cfb`, SheetJS's reader),
 * the objects embedded in it (`ObjectPool` of a Word document, `MBD…` storages of a workbook) and
 * the pictures its drawing layer keeps (OfficeArt BLIP records), each handed to the scan or named
 * as not read.
 */
import CFB from 'cfb';
import { ole10Native } from '@prepub/extract-docx/ole';

/** A stream of the compound file: its path below the root (`ObjectPool/_1234/\x01Ole10Native`) and bytes. */
export interface CfbStream {
  path: string;
  /** The size the directory declares. */
  size: number;
  bytes: Uint8Array;
}

/** Every stream of a compound file by its path below the root in lower case; throws when the file is no readable compound file. */
export function readStreams(bytes: Uint8Array): Map<string, CfbStream> {
  const cfb = CFB.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { type: 'buffer' });
  const out = new Map<string, CfbStream>();
  cfb.FileIndex.forEach((entry, i) => {
    if (entry.type !== 2) return;
    const full = cfb.FullPaths[i];
    const path = full.slice(full.indexOf('/') + 1);
    const content = entry.content ? (entry.content as Uint8Array) : new Uint8Array(0);
    // Stream names compare case-insensitively in a compound file (some writers use `worddocument`).
    out.set(path.toLowerCase(), { path, size: entry.size, bytes: content instanceof Uint8Array ? content : Uint8Array.from(content as ArrayLike<number>) });
  });
  return out;
}

/** A stream name as people can read it: control characters (`\x01Ole`, `\x05SummaryInformation`) shown as `\x01`. */
export function printable(path: string): string {
  return path.replace(/[\x00-\x1f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Streams that describe an embedded object (class, presentation cache, properties), not its content. */
const DESCRIPTIVE = /^(\x01Ole|\x01CompObj|\x03ObjInfo|\x03EPRINT|\x01Ole10ItemName|\x05SummaryInformation|\x05DocumentSummaryInformation|OlePres\d+|\x02OlePres\d+|\x03AccessObjSiteData|\x03LinkInfo|\x03OCXNAME|\x01Sh33tJ5)$/i;

/** What one embedded object gave: files for the scan, or the streams that were not read. */
export interface EmbeddedObject {
  /** The object's storage: `ObjectPool/_1234`. */
  storage: string;
  files: Array<{ name: string; bytes: Uint8Array; stream: string }>;
  unread: string[];
}

const LEGACY_MAIN: Array<[RegExp, string]> = [
  [/^WordDocument$/i, 'doc'],
  [/^(Workbook|Book)$/i, 'xls'],
  [/^PowerPoint Document$/i, 'ppt'],
];

/**
 * The objects embedded under `prefix` (`ObjectPool/` in a document, `MBD` storages in a workbook):
 * a Packager file, an Acrobat PDF (`CONTENTS`), an Office package (`Package`) or any stream that is
 * a PDF or a ZIP is handed over as is; an embedded legacy document, workbook or deck is handed over
 * as a compound file of its own (rebuilt from its streams); any other stream is named as not read.
 */
export function embeddedObjects(streams: Map<string, CfbStream>, prefix: RegExp): EmbeddedObject[] {
  const groups = new Map<string, CfbStream[]>();
  for (const s of streams.values()) {
    const m = prefix.exec(s.path);
    if (!m) continue;
    const storage = m[0].replace(/\/$/, '');
    let list = groups.get(storage);
    if (!list) groups.set(storage, (list = []));
    list.push(s);
  }
  const out: EmbeddedObject[] = [];
  for (const [storage, list] of groups) {
    const obj: EmbeddedObject = { storage, files: [], unread: [] };
    const rel = (s: CfbStream): string => s.path.slice(storage.length + 1);
    const top = list.filter((s) => !rel(s).includes('/'));
    const legacy = LEGACY_MAIN.find(([re]) => top.some((s) => re.test(rel(s))));
    if (legacy) {
      // An Office 97-2003 file embedded whole: rebuilt as a compound file of its own, read by its reader.
      const sub = CFB.utils.cfb_new();
      for (const s of list) CFB.utils.cfb_add(sub, rel(s), Buffer.from(s.bytes));
      const built = CFB.write(sub, { type: 'buffer' }) as Buffer;
      obj.files.push({ name: `${storage.split('/').pop()}.${legacy[1]}`, bytes: new Uint8Array(built.buffer, built.byteOffset, built.byteLength), stream: storage });
      out.push(obj);
      continue;
    }
    for (const s of list) {
      const name = rel(s);
      const leaf = name.split('/').pop()!;
      if (DESCRIPTIVE.test(leaf) || s.bytes.length === 0) continue;
      if (leaf.toLowerCase() === '\x01ole10native') {
        const p = ole10Native(s.bytes);
        if (p) obj.files.push({ ...p, stream: s.path });
        else obj.unread.push(printable(s.path));
        continue;
      }
      const head = Buffer.from(s.bytes.subarray(0, 5)).toString('latin1');
      if (leaf === 'CONTENTS' || leaf === 'Package' || head === '%PDF-' || head.startsWith('PK\x03\x04')) {
        obj.files.push({ name: head === '%PDF-' ? `${leaf}.pdf` : head.startsWith('PK') ? `${leaf}.zip` : leaf, bytes: s.bytes, stream: s.path });
        continue;
      }
      obj.unread.push(printable(s.path));
    }
    out.push(obj);
  }
  return out;
}

/** A picture kept by the drawing layer. */
export interface Blip {
  mediaType: string;
  bytes: Uint8Array;
  /** Where: stream and byte offset of the record. */
  where: string;
}

/** BLIP record types ([MS-ODRAW] 2.2.23–2.2.31): the instances each is written with, and whether OCR reads it. */
const BLIP_TYPES: Record<number, { kind: string; instances: number[]; bitmap: boolean }> = {
  0xf01a: { kind: 'EMF', instances: [0x3d4, 0x3d5], bitmap: false },
  0xf01b: { kind: 'WMF', instances: [0x216, 0x217], bitmap: false },
  0xf01c: { kind: 'PICT', instances: [0x542, 0x543], bitmap: false },
  0xf01d: { kind: 'JPEG', instances: [0x46a, 0x46b, 0x6e2, 0x6e3], bitmap: true },
  0xf01e: { kind: 'PNG', instances: [0x6e0, 0x6e1], bitmap: true },
  0xf01f: { kind: 'DIB', instances: [0x7a8, 0x7a9], bitmap: false },
  0xf029: { kind: 'TIFF', instances: [0x6e4, 0x6e5], bitmap: true },
};

/**
 * Pictures in a stream, found by their BLIP records: a record header whose type and instance are a
 * BLIP's and whose length fits; a bitmap's payload must also begin with its own signature. Bitmaps
 * (PNG, JPEG, TIFF) come back for OCR; metafiles and DIBs are counted in `others` by kind. Each
 * picture once (by its MD4 id). Linear in the stream.
 */
export function findBlips(stream: string, b: Uint8Array, seen: Set<string>): { blips: Blip[]; others: Map<string, number> } {
  const blips: Blip[] = [];
  const others = new Map<string, number>();
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i + 8 <= b.length; i++) {
    if (b[i + 3] !== 0xf0) continue;
    const type = BLIP_TYPES[v.getUint16(i + 2, true)];
    if (!type) continue;
    const inst = v.getUint16(i, true) >> 4;
    if ((b[i] & 0x0f) !== 0 || !type.instances.includes(inst)) continue;
    const len = v.getUint32(i + 4, true);
    const uids = inst & 1 ? 2 : 1;
    const at = i + 8 + 16 * uids + (type.bitmap ? 1 : 34);
    if (len < 17 || i + 8 + len > b.length || at >= i + 8 + len) continue;
    const data = b.subarray(at, i + 8 + len);
    let mediaType: string | undefined;
    if (type.kind === 'PNG') mediaType = data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47 ? 'image/png' : undefined;
    else if (type.kind === 'JPEG') mediaType = data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff ? 'image/jpeg' : undefined;
    else if (type.kind === 'TIFF') mediaType = (data[0] === 0x49 && data[1] === 0x49) || (data[0] === 0x4d && data[1] === 0x4d) ? 'image/tiff' : undefined;
    else mediaType = 'other';
    if (!mediaType) continue;
    const uid = Buffer.from(b.subarray(i + 8, i + 24)).toString('hex');
    if (!seen.has(uid)) {
      seen.add(uid);
      if (mediaType !== 'other') blips.push({ mediaType, bytes: data, where: `${printable(stream)} byte ${i}` });
      else others.set(type.kind, (others.get(type.kind) ?? 0) + 1);
    }
    i += 7 + len;
  }
  return { blips, others };
}
