/**
 * IPTC-IIM records (the captions, headlines and keywords news and photo tools write into JPEG APP13
 * and TIFF tag 33723) and the descriptions of an ICC colour profile. Both take hostile bytes: every
 * length is bounded by the data, every loop advances.
 */
import { textScore } from './decode.ts';

/** Names of the IPTC application record (2) datasets that are text a person reads. */
const IPTC_NAMES = new Map<number, string>([
  [5, 'ObjectName'],
  [7, 'EditStatus'],
  [12, 'SubjectReference'],
  [15, 'Category'],
  [20, 'SupplementalCategories'],
  [22, 'FixtureIdentifier'],
  [25, 'Keywords'],
  [26, 'ContentLocationCode'],
  [27, 'ContentLocationName'],
  [40, 'SpecialInstructions'],
  [80, 'By-line'],
  [85, 'By-lineTitle'],
  [90, 'City'],
  [92, 'Sub-location'],
  [95, 'Province-State'],
  [101, 'Country-PrimaryLocationName'],
  [103, 'OriginalTransmissionReference'],
  [105, 'Headline'],
  [110, 'Credit'],
  [115, 'Source'],
  [116, 'CopyrightNotice'],
  [118, 'Contact'],
  [120, 'Caption-Abstract'],
  [122, 'Writer-Editor'],
]);
/** Names of the envelope record (1) datasets that are text. */
const IPTC_ENVELOPE_NAMES = new Map<number, string>([
  [5, 'Destination'],
  [30, 'ServiceIdentifier'],
  [40, 'EnvelopeNumber'],
  [50, 'ProductID'],
  [60, 'EnvelopePriority'],
  [100, 'UniqueObjectName'],
]);
/** Application-record datasets that are binary: the record version and the object preview. */
const IPTC_BINARY = new Set([0, 200, 201, 202]);
/** Envelope-record datasets that are binary: the record version, file format and version, character set, ARM identifier and version. */
const IPTC_ENVELOPE_BINARY = new Set([0, 20, 22, 90, 120, 122]);
/** Most datasets read from one IIM block. */
const MAX_DATASETS = 10_000;

/**
 * Bytes of undeclared encoding, as Chinese tools write them into pictures: UTF-16 after a byte
 * order mark, UTF-8 when valid, else
 * GB18030, or Big5 (Taiwan's and Hong Kong's tools: 機密 read as GB18030 is 诀盞) when Big5 decodes
 * them cleanly and reads clearly more like text.
 */
export function undeclared(b: Uint8Array): string {
  // A byte order mark says UTF-16 (a Windows tool's comment).
  if (b.length >= 4 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return new TextDecoder(b[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(b.subarray(2));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    const gb = new TextDecoder('gb18030').decode(b);
    let big5: string;
    try {
      big5 = new TextDecoder('big5', { fatal: true }).decode(b);
    } catch {
      return gb;
    }
    return textScore(big5).score > textScore(gb).score + 0.03 ? big5 : gb;
  }
}

/**
 * The text datasets of an IPTC-IIM block (the application record's, and any other record's that
 * are text: an envelope's Destination is shown as well), each `[IPTC name, text]`. The character set is UTF-8
 * when dataset 1:90 says `ESC % G`, else each value is read as UTF-8 when valid, GB18030 otherwise.
 * Bytes between datasets that do not start one are skipped to the next tag marker (0x1C).
 * `onLimit` is called when there are more datasets than are read.
 */
export function iptcText(b: Uint8Array, onLimit?: () => void): Array<[string, string]> {
  const sets: Array<[number, number, Uint8Array]> = [];
  let p = 0;
  while (p + 5 <= b.length && sets.length < MAX_DATASETS) {
    if (b[p] !== 0x1c) {
      const next = b.indexOf(0x1c, p + 1);
      if (next < 0) break;
      p = next;
      continue;
    }
    const rec = b[p + 1];
    const ds = b[p + 2];
    let len = (b[p + 3] << 8) | b[p + 4];
    let at = p + 5;
    if (len & 0x8000) {
      // Extended dataset: the low bits count the length's own bytes.
      const n = len & 0x7fff;
      if (n > 4 || at + n > b.length) {
        p++;
        continue;
      }
      len = 0;
      for (let k = 0; k < n; k++) len = len * 256 + b[at + k];
      at += n;
    }
    const end = Math.min(at + len, b.length);
    sets.push([rec, ds, b.subarray(at, end)]);
    p = end;
  }
  // Datasets past the bound are not read: the caller counts them as a loss.
  if (sets.length >= MAX_DATASETS && p + 5 <= b.length && b.indexOf(0x1c, p) >= 0) onLimit?.();
  const utf8 = sets.some(([r, d, v]) => r === 1 && d === 90 && v[0] === 0x1b && v[1] === 0x25 && v[2] === 0x47);
  const out: Array<[string, string]> = [];
  for (const [rec, ds, v] of sets) {
    if (v.length === 0 || (rec === 2 && IPTC_BINARY.has(ds)) || (rec === 1 && IPTC_ENVELOPE_BINARY.has(ds))) continue;
    const text = (utf8 ? new TextDecoder().decode(v) : undeclared(v)).replace(/\0+$/, '');
    // The application record is text; datasets of the other records (the envelope, the
    // newsphoto and object records) are read when they are text, not numbers or object data.
    if (rec !== 2 && !(IPTC_ENVELOPE_NAMES.has(ds) && rec === 1) && /[\0-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]/.test(text)) continue;
    const name = rec === 2 ? (IPTC_NAMES.get(ds) ?? `2:${ds}`) : rec === 1 ? (IPTC_ENVELOPE_NAMES.get(ds) ?? `1:${ds}`) : `${rec}:${ds}`;
    if (text.trim()) out.push([`IPTC ${name}`, text]);
  }
  return out;
}

/** ICC tags whose value is text a profile viewer shows. */
const ICC_TEXT_TAGS = new Map<string, string>([
  ['desc', 'ICC description'],
  ['cprt', 'ICC copyright'],
  ['dmnd', 'ICC device manufacturer'],
  ['dmdd', 'ICC device model'],
  ['vued', 'ICC viewing conditions'],
]);

/** The text of an ICC profile: every tag of type `desc`, `mluc` or `text` (`desc`, `cprt`, `targ` …), each `[name, text]`. */
export function iccText(b: Uint8Array): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (b.length < 132) return out;
  const u32 = (o: number): number => (o + 4 <= b.length ? b[o] * 0x1000000 + ((b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) : 0);
  const tag4 = (o: number): string => String.fromCharCode(b[o], b[o + 1], b[o + 2], b[o + 3]);
  const count = Math.min(u32(128), Math.floor((b.length - 132) / 12));
  const seen = new Set<string>();
  const push = (name: string, text: string): void => {
    text = text.replace(/\0+$/, '');
    if (text.trim() && !seen.has(`${name}\n${text}`)) {
      seen.add(`${name}\n${text}`);
      out.push([name, text]);
    }
  };
  for (let i = 0; i < count; i++) {
    const e = 132 + i * 12;
    const off = u32(e + 4);
    const end = Math.min(off + u32(e + 8), b.length);
    if (off + 12 > end) continue;
    const type = tag4(off);
    // Any tag whose value is of a text type is shown by a profile viewer (targ, a private tag …).
    const name = ICC_TEXT_TAGS.get(tag4(e)) ?? (type === 'desc' || type === 'mluc' || type === 'text' ? `ICC tag ${tag4(e).replace(/[^\x20-\x7e]/g, '?')}` : undefined);
    if (!name) continue;
    if (type === 'desc') {
      const n = u32(off + 8);
      const ascii = b.subarray(off + 12, Math.min(off + 12 + n, end));
      push(name, undeclared(ascii));
      const u = off + 12 + n;
      const chars = u32(u + 4);
      if (u + 8 < end && chars > 0) push(name, new TextDecoder('utf-16be').decode(b.subarray(u + 8, Math.min(u + 8 + chars * 2, end))));
    } else if (type === 'mluc') {
      const records = Math.min(u32(off + 8), 1000);
      const size = u32(off + 12);
      if (size < 12) continue;
      for (let r = 0; r < records; r++) {
        const rec = off + 16 + r * size;
        if (rec + 12 > end) break;
        const len = u32(rec + 4);
        const at = off + u32(rec + 8);
        if (at >= b.length) continue;
        push(name, new TextDecoder('utf-16be').decode(b.subarray(at, Math.min(at + len, b.length))));
      }
    } else if (type === 'text') push(name, undeclared(b.subarray(off + 8, end)));
  }
  return out;
}
