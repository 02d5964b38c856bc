/**
 * OLE property sets ([MS-OLEPS]): the `\x05SummaryInformation` (title, subject, author, keywords,
 * comments …) and `\x05DocumentSummaryInformation` (category, manager, company, titles of parts,
 * and the user-defined properties of its second section, names included) streams every legacy
 * Office file carries. Every string value is returned, known or not; numbers and dates are not text.
*/
import { decodeCp1252 } from './text.ts';

/** One string read from a property set: its name (`title`, `property 0x1005`, a custom name) and value. */
export interface PropertyText {
  name: string;
  value: string;
}

export interface PropertySetResult {
  texts: PropertyText[];
  /** Properties whose value could not be read (a bad offset, a length past the end): never silently. */
  broken: string[];
}

const SUMMARY: Record<number, string> = { 2: 'title', 3: 'subject', 4: 'author', 5: 'keywords', 6: 'comments', 7: 'template', 8: 'last author', 9: 'revision', 18: 'application' };
const DOC_SUMMARY: Record<number, string> = { 2: 'category', 3: 'presentation target', 12: 'heading pairs', 13: 'titles of parts', 14: 'manager', 15: 'company', 26: 'content type', 27: 'content status', 28: 'language', 29: 'document version' };
const FMTID_DOC_SUMMARY = 'd5cdd502-2e9c-101b-9397-08002b2cf9ae';
const FMTID_USER = 'd5cdd505-2e9c-101b-9397-08002b2cf9ae';

type Decoder = { decode(b: Uint8Array): string; encoding: string };

const VT_LPSTR = 30;
const VT_LPWSTR = 31;
const VT_VARIANT = 12;
const VT_VECTOR = 0x1000;

function guid(b: Uint8Array, at: number): string {
  const h = (i: number): string => b[at + i].toString(16).padStart(2, '0');
  return `${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}`;
}

/** A decoder for a property set's code page (property 1); unknown pages read as windows-1252. */
function decoderFor(codepage: number): { decode(b: Uint8Array): string; encoding: string } {
  // Node decodes the label windows-1252 as ISO-8859-1: that page is decoded by hand.
  if (![1200, 65001, 936, 54936, 950, 932, 949].includes(codepage) && !(codepage >= 1250 && codepage <= 1258 && codepage !== 1252)) return { decode: decodeCp1252, encoding: 'windows-1252' };
  const label = codepage === 1200 ? 'utf-16le' : codepage === 65001 ? 'utf-8' : codepage === 936 ? 'gbk' : codepage === 54936 ? 'gb18030' : codepage === 950 ? 'big5' : codepage === 932 ? 'shift_jis' : codepage === 949 ? 'euc-kr' : codepage >= 1250 && codepage <= 1258 ? `windows-${codepage}` : 'windows-1252';
  try {
    return new TextDecoder(label);
  } catch {
    return { decode: decodeCp1252, encoding: 'windows-1252' };
  }
}

class Cursor {
  constructor(
    readonly b: Uint8Array,
    readonly v: DataView,
    public at: number,
    readonly end: number,
  ) {}
  need(n: number): void {
    if (n < 0 || this.at + n > this.end) throw new RangeError('past the end of the property set');
  }
  u16(): number {
    this.need(2);
    const x = this.v.getUint16(this.at, true);
    this.at += 2;
    return x;
  }
  u32(): number {
    this.need(4);
    const x = this.v.getUint32(this.at, true);
    this.at += 4;
    return x;
  }
  bytes(n: number): Uint8Array {
    this.need(n);
    const x = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return x;
  }
  align4(): void {
    this.at = (this.at + 3) & ~3;
  }
}

const clean = (s: string): string => s.replace(/\0+$/, '').replace(/\0/g, '');

/** The strings of one typed value (a vector or variant may hold several); [] for non-text types. */
function values(c: Cursor, type: number, decoder: Decoder, depth = 0, pad = false): string[] {
  if (depth > 2) return [];
  if (type & VT_VECTOR) {
    const base = type & 0xfff;
    if (base !== VT_LPSTR && base !== VT_LPWSTR && base !== VT_VARIANT) return [];
    const n = c.u32();
    if (n > 100_000) throw new RangeError('vector too long');
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      if (base === VT_VARIANT) {
        const t = c.u16();
        c.u16();
        // A variant's value is padded to 4 bytes; the strings of a plain string vector are not.
        out.push(...values(c, t, decoder, depth + 1, true));
      } else out.push(...values(c, base, decoder, depth + 1, false));
    }
    return out;
  }
  switch (type) {
    case VT_LPSTR: {
      const n = c.u32();
      const s = decoder.encoding === 'utf-16le' ? new TextDecoder('utf-16le').decode(c.bytes(n & ~1)) : decoder.decode(c.bytes(n));
      if (decoder.encoding === 'utf-16le' || pad) c.align4();
      return [clean(s)];
    }
    case VT_LPWSTR: {
      const n = c.u32();
      const s = new TextDecoder('utf-16le').decode(c.bytes(n * 2));
      c.align4();
      return [clean(s)];
    }
    case 2: // VT_I2
    case 11: // VT_BOOL
      c.need(2);
      c.at += pad ? 4 : 2;
      return [];
    case 3: // VT_I4
    case 22: // VT_INT
    case 19: // VT_UI4
    case 4: // VT_R4
      c.need(4);
      c.at += 4;
      return [];
    case 64: // VT_FILETIME
    case 5: // VT_R8
    case 7: // VT_DATE
    case 20: // VT_I8
    case 21: // VT_UI8
    case 6: // VT_CY
      c.need(8);
      c.at += 8;
      return [];
    default:
      return []; // blobs (thumbnails), clipboard data: not text
  }
}

/**
 * Reads every string of a property set stream. A stream that is no property set gives one broken
 * entry; a property that cannot be read gives one broken entry and the others are still read.
 */
export function readPropertySet(data: Uint8Array, stream: string): PropertySetResult {
  const out: PropertySetResult = { texts: [], broken: [] };
  const v = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length < 28 || v.getUint16(0, true) !== 0xfffe) {
    out.broken.push(`${stream}: not a property set`);
    return out;
  }
  const sets = v.getUint32(24, true);
  for (let s = 0; s < Math.min(sets, 8); s++) {
    const head = 28 + s * 20;
    if (head + 20 > data.length) {
      out.broken.push(`${stream}: section ${s + 1} lies past the end`);
      break;
    }
    const fmtid = guid(data, head);
    const base = v.getUint32(head + 16, true);
    if (base + 8 > data.length) {
      out.broken.push(`${stream}: section ${s + 1} lies past the end`);
      continue;
    }
    const size = v.getUint32(base, true);
    const end = Math.min(data.length, base + size);
    const count = v.getUint32(base + 4, true);
    const ids: Array<[number, number]> = [];
    for (let i = 0; i < count && base + 8 + i * 8 + 8 <= end; i++) ids.push([v.getUint32(base + 8 + i * 8, true), v.getUint32(base + 12 + i * 8, true)]);
    if (ids.length < count) out.broken.push(`${stream}: section ${s + 1} lists ${count} properties, ${ids.length} fit in it`);
    const cpEntry = ids.find(([id]) => id === 1);
    let codepage = 1252;
    if (cpEntry && base + cpEntry[1] + 6 <= end) codepage = v.getUint16(base + cpEntry[1] + 4, true);
    const decoder = decoderFor(codepage);
    const names = new Map<number, string>();
    const dict = ids.find(([id]) => id === 0);
    if (dict) {
      try {
        const c = new Cursor(data, v, base + dict[1], end);
        const n = c.u32();
        for (let i = 0; i < n && i < 10_000; i++) {
          const id = c.u32();
          const len = c.u32();
          const name = codepage === 1200 ? new TextDecoder('utf-16le').decode(c.bytes(len * 2)) : decoder.decode(c.bytes(len));
          if (codepage === 1200) c.align4();
          names.set(id, clean(name));
        }
      } catch {
        out.broken.push(`${stream}: the names of the custom properties`);
      }
    }
    const known = fmtid === FMTID_DOC_SUMMARY ? DOC_SUMMARY : fmtid === FMTID_USER ? {} : SUMMARY;
    for (const [id, off] of ids) {
      if (id === 0 || id === 1) continue;
      const name = names.get(id) ?? (known as Record<number, string>)[id] ?? `property 0x${id.toString(16)}`;
      try {
        const c = new Cursor(data, v, base + off, end);
        const type = c.u16();
        c.u16();
        for (const value of values(c, type, decoder)) if (value.trim()) out.texts.push({ name, value });
      } catch {
        out.broken.push(`${stream}: ${name}`);
      }
    }
    // A custom property's name is text people write too (`密级`), even when its value is a number.
    for (const [, name] of names) if (name.trim() && !out.texts.some((t) => t.name === name)) out.texts.push({ name: 'custom property name', value: name });
  }
  return out;
}
