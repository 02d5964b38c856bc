/**
 * Bytes of a string in a legacy double-byte encoding, for tests (TextEncoder writes UTF-8 only):
 * looked up by decoding every double-byte code once per encoding; ASCII as itself, what the
 * encoding lacks as `?`.
 */
const tables = new Map<string, Map<string, number[]>>();

export function legacyBytes(s: string, encoding: 'gbk' | 'big5'): Uint8Array {
  let table = tables.get(encoding);
  if (!table) {
    table = new Map();
    const d = new TextDecoder(encoding);
    for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) if (lo !== 0x7f && !table.has(d.decode(Uint8Array.of(hi, lo)))) table.set(d.decode(Uint8Array.of(hi, lo)), [hi, lo]);
    tables.set(encoding, table);
  }
  const t = table;
  return Uint8Array.from([...s].flatMap((c) => (c.charCodeAt(0) < 0x80 ? [c.charCodeAt(0)] : t.get(c) ?? [0x3f])));
}
