/**
 * Byte-built TrueType programs and ToUnicode maps for PDF tests: glyphs 1…n named by a Unicode
 * cmap, each a filled square (ink) unless told otherwise, so a test controls what a glyph draws
 * apart from what its map claims.
 */

const be = (bits: 16 | 32, ...v: number[]) => {
  const b = Buffer.alloc((bits / 8) * v.length);
  v.forEach((x, i) => (bits === 16 ? b.writeUInt16BE(x & 0xffff, 2 * i) : b.writeUInt32BE(x >>> 0, 4 * i)));
  return b;
};

/** A TrueType program of glyphs 1…n, glyph i + 1 named `chars[i]` by its cmap; a glyph is an empty outline where `inked[i]` is false, else a square (all squares by default). */
export function trueType(chars: string, inked: readonly boolean[] = [...chars].map(() => true)): Uint8Array {
  const list = [...chars];
  const n = list.length + 1;
  // One contour of four on-curve points, coordinates as int16 deltas; padded to four bytes.
  const square = Buffer.concat([be(16, 1, 100, 0, 900, 800, 3, 0), Buffer.from([1, 1, 1, 1]), be(16, 100, 800, 0, -800), be(16, 0, 0, 800, 0)]);
  const glyph = Buffer.concat([square, Buffer.alloc(square.length % 4 ? 4 - (square.length % 4) : 0)]);
  const offsets = [0, 0];
  for (let i = 0; i < list.length; i++) offsets.push(offsets[offsets.length - 1] + (inked[i] ? glyph.length : 0));
  const glyf = Buffer.concat(list.map((_, i) => (inked[i] ? glyph : Buffer.alloc(0))));
  const loca = be(32, ...offsets);
  const head = Buffer.concat([be(32, 0x10000, 0x10000, 0, 0x5f0f3cf5), be(16, 0, 1000), Buffer.alloc(16), be(16, 0, 0xff38, 1000, 900, 0, 8, 2, 1, 0)]);
  const hhea = Buffer.concat([be(32, 0x10000), be(16, 900, 0xff38, 0, 1000, 0, 0, 1000, 1, 0, 0), Buffer.alloc(10), be(16, 0, n)]);
  const maxp = Buffer.concat([be(32, 0x10000), be(16, n, 4, 1, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0)]);
  const hmtx = be(16, ...Array.from({ length: n }, () => [1000, 0]).flat());
  const cps = list.map((c, i) => [c.codePointAt(0)!, i + 1]).sort((a, b) => a[0] - b[0]);
  const seg = cps.length + 1;
  const f4 = Buffer.concat([
    be(16, 4, 16 + 8 * seg, 0, 2 * seg, 0, 0, 0),
    be(16, ...cps.map((c) => c[0]), 0xffff),
    be(16, 0),
    be(16, ...cps.map((c) => c[0]), 0xffff),
    be(16, ...cps.map((c) => c[1] - c[0]), 1),
    be(16, ...Array(seg).fill(0)),
  ]);
  const cmap = Buffer.concat([be(16, 0, 1, 3, 1), be(32, 12), f4]);
  const post = Buffer.concat([be(32, 0x30000), Buffer.alloc(28)]);
  const tables: Array<[string, Buffer]> = [['cmap', cmap], ['glyf', glyf], ['head', head], ['hhea', hhea], ['hmtx', hmtx], ['loca', loca], ['maxp', maxp], ['post', post]];
  let offset = 12 + 16 * tables.length;
  const dir = [be(32, 0x10000), be(16, tables.length, 128, 3, 0)];
  const data: Buffer[] = [];
  for (const [tag, t] of tables) {
    const padded = Buffer.concat([t, Buffer.alloc(t.length % 4 ? 4 - (t.length % 4) : 0)]);
    dir.push(Buffer.from(tag, 'latin1'), be(32, 0, offset, t.length));
    data.push(padded);
    offset += padded.length;
  }
  return Uint8Array.from(Buffer.concat([...dir, ...data]));
}

/** A ToUnicode CMap giving two-byte codes 1…n the characters of `claimed`. */
export function toUnicode(claimed: string): string {
  const list = [...claimed];
  const pairs = list.map((c, i) => `<${(i + 1).toString(16).padStart(4, '0')}> <${Buffer.from(c, 'utf16le').swap16().toString('hex')}>`).join('\n');
  return `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n1 begincodespacerange <0000> <FFFF> endcodespacerange\n${list.length} beginbfchar\n${pairs}\nendbfchar\nendcmap CMapName currentdict /CMap defineresource pop end end`;
}
