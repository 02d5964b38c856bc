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

/** A glyph of `k` contours: `k` squares of four on-curve points side by side (int16 coordinate deltas), padded to four bytes. */
function squares(k: number): Buffer {
  const pts: Array<[number, number]> = [];
  for (let j = 0; j < k; j++) {
    const x = 100 + j * 70;
    pts.push([x, 0], [x, 60], [x + 60, 60], [x + 60, 0]);
  }
  const dx = pts.map((p, i) => p[0] - (i ? pts[i - 1][0] : 0));
  const dy = pts.map((p, i) => p[1] - (i ? pts[i - 1][1] : 0));
  const g = Buffer.concat([be(16, k, 100, 0, 100 + 70 * k, 800), be(16, ...Array.from({ length: k }, (_, j) => 4 * j + 3)), be(16, 0), Buffer.alloc(4 * k, 1), be(16, ...dx), be(16, ...dy)]);
  return Buffer.concat([g, Buffer.alloc(g.length % 4 ? 4 - (g.length % 4) : 0)]);
}

/**
 * A TrueType program of glyphs 1…n, glyph i + 1 named `chars[i]` by its cmap; a glyph is an empty
 * outline where `inked[i]` is false, else a square (all squares by default), or `contours[i]`
 * squares side by side. `names: false` leaves the cmap out: nothing in the program names a glyph;
 * `glyphNames` gives glyphs 1…n these names in a `post` table (format 2), which otherwise names none.
 */
export function trueType(chars: string, inked: readonly boolean[] = [...chars].map(() => true), opts: { contours?: readonly number[]; names?: boolean; glyphNames?: readonly string[] } = {}): Uint8Array {
  const list = [...chars];
  const n = list.length + 1;
  // One contour of four on-curve points, coordinates as int16 deltas; padded to four bytes.
  const square = Buffer.concat([be(16, 1, 100, 0, 900, 800, 3, 0), Buffer.from([1, 1, 1, 1]), be(16, 100, 800, 0, -800), be(16, 0, 0, 800, 0)]);
  const one = Buffer.concat([square, Buffer.alloc(square.length % 4 ? 4 - (square.length % 4) : 0)]);
  const glyphs = list.map((_, i) => (!inked[i] ? Buffer.alloc(0) : opts.contours ? squares(opts.contours[i]) : one));
  const offsets = [0, 0];
  for (let i = 0; i < list.length; i++) offsets.push(offsets[offsets.length - 1] + glyphs[i].length);
  const glyf = Buffer.concat(glyphs);
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
  const post = opts.glyphNames
    ? Buffer.concat([be(32, 0x20000), Buffer.alloc(28), be(16, n, 0, ...opts.glyphNames.map((_, i) => 258 + i)), ...opts.glyphNames.map((g) => Buffer.concat([Buffer.from([g.length]), Buffer.from(g, 'latin1')]))])
    : Buffer.concat([be(32, 0x30000), Buffer.alloc(28)]);
  const tables: Array<[string, Buffer]> = [...(opts.names === false ? [] : [['cmap', cmap] as [string, Buffer]]), ['glyf', glyf], ['head', head], ['hhea', hhea], ['hmtx', hmtx], ['loca', loca], ['maxp', maxp], ['post', post]];
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
