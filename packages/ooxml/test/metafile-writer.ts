/** Small EMF and WMF pictures drawing text, for tests: each string a text record at its point. */

/** An EMF of one EMR_EXTTEXTOUTW per item (`ansi`: EMR_EXTTEXTOUTA in GBK), in the order given. */
export function emf(items: Array<{ x: number; y: number; text: string; advance?: number }>, opts: { glyphIndex?: boolean; ansi?: boolean } = {}): Uint8Array {
  const records: Uint8Array[] = [];
  for (const it of items) {
    const str = opts.ansi ? gbkBytes(it.text) : Buffer.from(it.text, 'utf16le');
    const chars = opts.ansi ? str.length : str.length / 2;
    const strSize = Math.ceil(str.length / 4) * 4;
    // Each character's advance (offDx), when given.
    const size = 76 + strSize + (it.advance ? chars * 4 : 0);
    const r = new DataView(new ArrayBuffer(size));
    r.setUint32(0, opts.ansi ? 83 : 84, true);
    r.setUint32(4, size, true);
    r.setUint32(24, 1, true); // GM_COMPATIBLE
    r.setInt32(36, it.x, true);
    r.setInt32(40, it.y, true);
    r.setUint32(44, opts.ansi ? str.length : str.length / 2, true);
    r.setUint32(48, 76, true);
    r.setUint32(52, opts.glyphIndex ? 0x10 : 0, true);
    if (it.advance) {
      r.setUint32(72, 76 + strSize, true);
      for (let i = 0; i < chars; i++) r.setInt32(76 + strSize + i * 4, it.advance, true);
    }
    const bytes = new Uint8Array(r.buffer);
    bytes.set(str, 76);
    records.push(bytes);
  }
  const eof = new DataView(new ArrayBuffer(20));
  eof.setUint32(0, 14, true);
  eof.setUint32(4, 20, true);
  eof.setUint32(16, 20, true);
  records.push(new Uint8Array(eof.buffer));
  const header = new DataView(new ArrayBuffer(88));
  const total = 88 + records.reduce((n, r) => n + r.length, 0);
  header.setUint32(0, 1, true);
  header.setUint32(4, 88, true);
  header.setInt32(24, 2000, true); // frame (0.01 mm)
  header.setInt32(28, 1000, true);
  header.setUint32(40, 0x464d4520, true); // " EMF"
  header.setUint32(44, 0x10000, true);
  header.setUint32(48, total, true);
  header.setUint32(52, records.length + 1, true);
  header.setUint16(56, 1, true);
  header.setInt32(72, 1920, true);
  header.setInt32(76, 1080, true);
  header.setInt32(80, 508, true);
  header.setInt32(84, 286, true);
  const out = new Uint8Array(total);
  out.set(new Uint8Array(header.buffer), 0);
  let at = 88;
  for (const r of records) out.set(r, at), (at += r.length);
  return out;
}

/** GBK bytes of `s`, by decoding every double-byte code once (no encoder for GBK in the platform). */
function gbkBytes(s: string): Uint8Array {
  const table = new Map<string, number[]>();
  const dec = new TextDecoder('gbk');
  for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) if (lo !== 0x7f) table.set(dec.decode(Uint8Array.of(hi, lo)), [hi, lo]);
  return Uint8Array.from([...s].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : (table.get(c) ?? [0x3f]))));
}

/** A WMF (placeable header) of one META_EXTTEXTOUT per item, strings in GBK. */
export function wmf(items: Array<{ x: number; y: number; text: string }>): Uint8Array {
  const records: number[] = [];
  const word = (n: number) => records.push(n & 0xff, (n >> 8) & 0xff);
  for (const it of items) {
    const str = [...gbkBytes(it.text)];
    if (str.length & 1) str.push(0);
    const words = 3 + 4 + str.length / 2;
    word(words & 0xffff), word(words >> 16), word(0x0a32);
    word(it.y), word(it.x), word(gbkBytes(it.text).length), word(0);
    records.push(...str);
  }
  word(3), word(0), word(0); // META_EOF
  const head = [0xd7, 0xcd, 0xc6, 0x9a, 0, 0, 0, 0, 0, 0, 0x10, 0x27, 0x10, 0x27, 0xe8, 0x03, 0, 0, 0, 0, 0, 0];
  const meta = [1, 0, 9, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
  return Uint8Array.from([...head, ...meta, ...records]);
}
