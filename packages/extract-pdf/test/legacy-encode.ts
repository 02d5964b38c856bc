/**
 * Encoding text in GBK or Big5 for test files, from the platform's own decoders (no encoder
 * package): every two-byte code is decoded once and the table inverted.
 */
const tables = new Map<string, Map<string, number[]>>();

function table(encoding: 'gbk' | 'big5'): Map<string, number[]> {
  let t = tables.get(encoding);
  if (t) return t;
  t = new Map();
  const decoder = new TextDecoder(encoding, { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      let c: string;
      try {
        c = decoder.decode(new Uint8Array([lead, trail]));
      } catch {
        continue;
      }
      // The first code met is the canonical one (Big5 has a few duplicates).
      if ([...c].length === 1 && !t.has(c)) t.set(c, [lead, trail]);
    }
  }
  tables.set(encoding, t);
  return t;
}

/** The bytes of `s` in GBK or Big5; throws on a character the code page does not have. */
export function encodeLegacy(s: string, encoding: 'gbk' | 'big5'): Uint8Array {
  const t = table(encoding);
  const out: number[] = [];
  for (const c of s) {
    if (c.charCodeAt(0) < 0x80) out.push(c.charCodeAt(0));
    else {
      const b = t.get(c);
      if (!b) throw new Error(`${c} is not in ${encoding}`);
      out.push(...b);
    }
  }
  return Uint8Array.from(out);
}

/** A PDF hex string of `s` in GBK or Big5, no byte order mark. */
export function legacyHex(s: string, encoding: 'gbk' | 'big5' = 'gbk'): string {
  return `<${Buffer.from(encodeLegacy(s, encoding)).toString('hex').toUpperCase()}>`;
}
