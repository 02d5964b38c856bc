/**
 * The text a Windows metafile picture draws (EMF, with its EMF+ records, and WMF): the strings of
 * its text records, joined into lines by where they are drawn (records written a character at a
 * time, or out of order, read as they stand). Its other drawing is not read: a reader keeps the
 * picture unread, and this text only lets what it writes be found.
 */

/** Lines of text a metafile draws, top to bottom, and how many text records draw glyph indices (no characters to read). */
export interface MetafileText {
  lines: string[];
  glyphIndexed: number;
}

const MAX_RECORDS = 200_000;
const MAX_CHARS = 1_000_000;

/** One string drawn at a point. */
interface Drawn {
  x: number;
  y: number;
  text: string;
  /** Where its last character ends, when its advances are written (EMR_EXTTEXTOUT's dx). */
  end?: number;
}

const utf16 = new TextDecoder('utf-16le');
const gbk = new TextDecoder('gb18030');
const latin1 = new TextDecoder('latin1');

/** 8-bit text of a metafile: ASCII, else the Chinese code page (a picture written on a Chinese system). */
function ansi(bytes: Uint8Array): string {
  return bytes.some((b) => b >= 0x80) ? gbk.decode(bytes) : latin1.decode(bytes);
}

/** The strings an EMF draws (EMR_EXTTEXTOUTW/A, EMR_SMALLTEXTOUT, EMF+ DrawString and DrawDriverString). */
function emfDrawn(b: Uint8Array): { drawn: Drawn[]; glyphIndexed: number } {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const drawn: Drawn[] = [];
  let glyphIndexed = 0;
  let chars = 0;
  const add = (x: number, y: number, text: string, end?: number) => {
    const t = text.replace(/\u0000+$/, '');
    if (!t.trim() || chars > MAX_CHARS) return;
    chars += t.length;
    drawn.push({ x, y, text: t, ...(end !== undefined ? { end } : {}) });
  };
  for (let at = 0, n = 0; at + 8 <= b.length && n < MAX_RECORDS; n++) {
    const type = v.getUint32(at, true);
    const size = v.getUint32(at + 8 - 4, true);
    if (size < 8 || at + size > b.length) break;
    if ((type === 84 || type === 83) && size >= 76) {
      // EMR_EXTTEXTOUTW / A: EMRTEXT at 36 (reference point, chars, string offset, options).
      const x = v.getInt32(at + 36, true);
      const y = v.getInt32(at + 40, true);
      const count = v.getUint32(at + 44, true);
      const off = v.getUint32(at + 48, true);
      const options = v.getUint32(at + 52, true);
      const bytes = type === 84 ? count * 2 : count;
      // The advances of its characters (offDx, one per character), when written: where it ends.
      const offDx = v.getUint32(at + 72, true);
      let end: number | undefined;
      if (offDx && count > 0 && offDx + count * 4 <= size) {
        end = x;
        for (let i = 0; i < count; i++) end += v.getInt32(at + offDx + i * 4, true);
      }
      if (options & 0x10) glyphIndexed++;
      else if (off + bytes <= size) add(x, y, type === 84 ? utf16.decode(b.subarray(at + off, at + off + bytes)) : ansi(b.subarray(at + off, at + off + bytes)), end);
    } else if (type === 108 && size >= 36) {
      // EMR_SMALLTEXTOUT: x, y, chars, options; a bounds rectangle unless ETO_NO_RECT; 8-bit text under ETO_SMALL_CHARS.
      const x = v.getInt32(at + 8, true);
      const y = v.getInt32(at + 12, true);
      const count = v.getUint32(at + 16, true);
      const options = v.getUint32(at + 20, true);
      const start = at + 36 + (options & 0x100 ? 0 : 16);
      const bytes = options & 0x200 ? count : count * 2;
      if (options & 0x10) glyphIndexed++;
      else if (start + bytes <= at + size) add(x, y, options & 0x200 ? ansi(b.subarray(start, start + bytes)) : utf16.decode(b.subarray(start, start + bytes)));
    } else if (type === 70 && size >= 16 && v.getUint32(at + 12, true) === 0x2b464d45) {
      // EMR_COMMENT holding EMF+ records ("EMF+"), which GDI+ draws instead of the EMF ones.
      const end = at + 12 + v.getUint32(at + 8, true);
      for (let p = at + 16; p + 12 <= Math.min(end, at + size); ) {
        const ptype = v.getUint16(p, true);
        const psize = v.getUint32(p + 4, true);
        if (psize < 12 || p + psize > at + size) break;
        if (ptype === 0x401c && psize >= 40) {
          // DrawString: brush, format, length, layout rectangle (four floats), then UTF-16 text.
          const len = v.getUint32(p + 20, true);
          if (p + 40 + len * 2 <= p + psize) add(v.getFloat32(p + 24, true), v.getFloat32(p + 28, true), utf16.decode(b.subarray(p + 40, p + 40 + len * 2)));
        } else if (ptype === 0x4036 && psize >= 28) {
          // DrawDriverString: glyphs are characters only under DriverStringOptionsCmapLookup.
          const flags = v.getUint32(p + 16, true);
          const count = v.getUint32(p + 24, true);
          if (!(flags & 1)) glyphIndexed++;
          else if (p + 28 + count * 2 + 8 <= p + psize) add(v.getFloat32(p + 28 + count * 2, true), v.getFloat32(p + 32 + count * 2, true), utf16.decode(b.subarray(p + 28, p + 28 + count * 2)));
        }
        p += psize;
      }
    } else if (type === 14) break;
    at += size;
  }
  return { drawn, glyphIndexed };
}

/** The strings a WMF draws (META_TEXTOUT, META_EXTTEXTOUT), after its placeable header. */
function wmfDrawn(b: Uint8Array): { drawn: Drawn[]; glyphIndexed: number } {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const drawn: Drawn[] = [];
  let glyphIndexed = 0;
  let at = v.getUint32(0, true) === 0x9ac6cdd7 ? 22 : 0;
  if (at + 18 > b.length) return { drawn, glyphIndexed };
  at += v.getUint16(at + 2, true) * 2;
  for (let n = 0; at + 6 <= b.length && n < MAX_RECORDS; n++) {
    const words = v.getUint32(at, true);
    const fn = v.getUint16(at + 4, true);
    const size = words * 2;
    if (size < 6 || at + size > b.length || fn === 0) break;
    const p = at + 6;
    if (fn === 0x0521 && size >= 12) {
      // META_TEXTOUT: count, string (padded to a word), y, x.
      const count = v.getInt16(p, true);
      const pad = count + (count & 1);
      if (count > 0 && p + 2 + pad + 4 <= at + size) drawn.push({ y: v.getInt16(p + 2 + pad, true), x: v.getInt16(p + 4 + pad, true), text: ansi(b.subarray(p + 2, p + 2 + count)) });
    } else if (fn === 0x0a32 && size >= 14) {
      // META_EXTTEXTOUT: y, x, count, options, a rectangle under ETO_OPAQUE or ETO_CLIPPED, string.
      const y = v.getInt16(p, true);
      const x = v.getInt16(p + 2, true);
      const count = v.getInt16(p + 4, true);
      const options = v.getUint16(p + 6, true);
      const start = p + 8 + (options & 0x6 ? 8 : 0);
      if (options & 0x10) glyphIndexed++;
      else if (count > 0 && start + count <= at + size) drawn.push({ x, y, text: ansi(b.subarray(start, start + count)) });
    }
    at += size;
  }
  return { drawn: drawn.filter((d) => d.text.trim()), glyphIndexed };
}

/**
 * What an EMF or WMF picture writes, a line per baseline (strings drawn at the same height joined
 * left to right), top to bottom. Never throws on a damaged picture.
 */
export function metafileText(data: Uint8Array, kind: 'emf' | 'wmf'): MetafileText {
  let found: { drawn: Drawn[]; glyphIndexed: number };
  try {
    found = kind === 'emf' ? emfDrawn(data) : wmfDrawn(data);
  } catch {
    return { lines: [], glyphIndexed: 0 };
  }
  const rows = new Map<number, Drawn[]>();
  for (const d of found.drawn) {
    const row = rows.get(d.y);
    if (row) row.push(d);
    else rows.set(d.y, [d]);
  }
  const lines = [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, row]) =>
      row
        .sort((a, b) => a.x - b.x)
        .map((d, i, all) => {
          // Strings set apart by more than two of the previous one's characters stand apart (cells of a table), a tab between.
          const prev = all[i - 1];
          const gap = prev?.end !== undefined ? d.x - prev.end : undefined;
          const apart = gap !== undefined && gap > (2 * (prev!.end! - prev!.x)) / Math.max(1, [...prev!.text].length);
          return (apart ? '\t' : '') + d.text;
        })
        .join(''),
    )
    .filter((l) => l.trim());
  return { lines, glyphIndexed: found.glyphIndexed };
}
