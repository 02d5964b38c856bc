/**
 * The OfficeArt drawing layer ([MS-ODRAW]) the three legacy readers share: its records and the
 * strings its shape property tables (FOPT) hold. WordArt draws its text from a property
 * (gtextUNICODE, 0x00C0), not from a text box: a Word document keeps it in the table stream
 * (fcDggInfo), a workbook in its MSODRAWING records, a deck in its slides' drawings.
 */

const utf16 = new TextDecoder('utf-16le');

/** An OfficeArt record header and where its body lies. */
export interface ArtRecord {
  at: number;
  ver: number;
  inst: number;
  type: number;
  len: number;
  body: number;
  end: number;
}

/** FOPT, SecondaryFOPT, TertiaryFOPT: shape property tables. */
export const FOPT_TYPES: ReadonlySet<number> = new Set([0xf00b, 0xf121, 0xf122]);
/** OfficeArtSpContainer: one shape, its properties among its children. */
export const SP_CONTAINER = 0xf004;

/** OfficeArt properties that are strings people write: WordArt text, shape name, description, tooltip, script. */
export const FOPT_STRINGS: Readonly<Record<number, 'wordart' | 'name' | 'alt'>> = { 0x00c0: 'wordart', 0x0380: 'name', 0x0381: 'alt', 0x038d: 'alt', 0x038e: 'alt', 0x0397: 'alt' };

/** One string property of a shape. */
export interface FoptString {
  pid: number;
  kind: 'wordart' | 'name' | 'alt';
  text: string;
}

/**
 * The string properties of one property table ([MS-ODRAW] 2.2.9): `inst` properties of 6 bytes
 * (opid, op), then the complex data of those with fComplex, in order. A string when the table
 * fits its record; else why it does not (the caller counts it as a loss).
 */
export function foptStrings(b: Uint8Array, body: number, end: number, inst: number): FoptString[] | string {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let complex = body + inst * 6;
  if (complex > end || end > b.length) return 'is cut short';
  const out: FoptString[] = [];
  for (let i = 0; i < inst; i++) {
    const at = body + i * 6;
    const opid = v.getUint16(at, true);
    const op = v.getUint32(at + 2, true);
    if (!(opid & 0x8000)) continue;
    const from = complex;
    const kind = FOPT_STRINGS[opid & 0x3fff];
    complex += kind ? op : complexSize(v, from, end, op);
    if (complex > end) return 'names more data than it holds';
    if (!kind) continue;
    const text = utf16.decode(b.subarray(from, from + (op & ~1))).replace(/\0+$/, '');
    if (text.trim()) out.push({ pid: opid & 0x3fff, kind, text });
  }
  return out;
}

/**
 * The bytes an array property's complex data takes (IMsoArray: nElems, nElemsAlloc, cbElem, then
 * the elements). Writers disagree whether op counts the 6-byte header (Word does, LibreOffice
 * does not): when the header says the elements fill exactly op bytes, the header comes on top.
 */
function complexSize(v: DataView, from: number, end: number, op: number): number {
  if (from + 6 > end) return op;
  const n = v.getUint16(from, true);
  const cb = v.getUint16(from + 4, true);
  const size = n * (cb === 0xfff0 ? 4 : cb);
  return size > 0 && size === op && from + 6 + op <= end ? op + 6 : op;
}

/** What a drawing gave: each shape's strings, and records that did not fit where they stand. */
export interface ShapeStrings {
  shapes: Array<{ at: number; strings: FoptString[] }>;
  /** Why parts of the drawing could not be read (a record past its container, a property table cut short). */
  problems: string[];
}

/**
 * Walks the OfficeArt records in [from, to) of `b`, containers into their children (64 deep at
 * most), and gathers the string properties of each shape (every FOPT inside one
 * OfficeArtSpContainer counts for that shape; one outside any, as a shape of its own). Never
 * throws: what does not fit is named in `problems`.
 */
export function drawingStrings(b: Uint8Array, from: number, to: number): ShapeStrings {
  const result: ShapeStrings = { shapes: [], problems: [] };
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  to = Math.min(to, b.length);
  const walk = (start: number, stop: number, depth: number, shape: { at: number; strings: FoptString[] } | undefined): void => {
    if (depth > 64) return void result.problems.push(`records nested more than 64 deep at byte ${start}`);
    for (let at = start; at < stop; ) {
      if (at + 8 > stop) return void result.problems.push(`a record header at byte ${at} is cut short`);
      const vi = v.getUint16(at, true);
      const type = v.getUint16(at + 2, true);
      const len = v.getUint32(at + 4, true);
      const body = at + 8;
      if (type < 0xf000 || type > 0xf1ff) return void result.problems.push(`byte ${at} holds no OfficeArt record (type 0x${type.toString(16)})`);
      if (body + len > stop) return void result.problems.push(`a record (type 0x${type.toString(16)}) at byte ${at} runs past its container`);
      if ((vi & 0x0f) === 0x0f) {
        const own = type === SP_CONTAINER ? { at, strings: [] } : shape;
        walk(body, body + len, depth + 1, own);
        if (type === SP_CONTAINER && own!.strings.length) result.shapes.push(own!);
      } else if (FOPT_TYPES.has(type)) {
        const s = foptStrings(b, body, body + len, vi >> 4);
        if (typeof s === 'string') result.problems.push(`a shape's property table at byte ${at} ${s}`);
        else if (shape) shape.strings.push(...s);
        else if (s.length) result.shapes.push({ at, strings: s });
      }
      at = body + len;
    }
  };
  walk(from, to, 0, undefined);
  return result;
}

/** Word's text watermark (Design → Watermark) is WordArt named so. */
export const isWatermarkName = (name: string | undefined): boolean => /^PowerPlusWaterMarkObject/i.test(name ?? '');

/** OfficeArtFSP ([MS-ODRAW] 2.2.40): a shape's type (its record instance) and id. */
const FSP = 0xf00a;
/**
 * Shape types (msospt) that draw nothing over the text around them: a picture frame and a text box
 * (their content is read as pictures and text). Any other shape anchored in a form's row (an
 * ellipse, a box, a diamond, a line, a free-form path: msosptNotPrimitive, or msosptNil as
 * LibreOffice writes one read from a DOCX) may circle, box, underline or strike out an option.
 */
const NOT_DRAWN_OVER = new Set([75, 202]);

/** The ids (spid) of the shapes drawn over text (see NOT_DRAWN_OVER) among the OfficeArt records in [from, to) of `b` (64 deep at most, as drawingStrings walks). */
export function drawnShapeIds(b: Uint8Array, from: number, to: number): Set<number> {
  const ids = new Set<number>();
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  to = Math.min(to, b.length);
  const walk = (start: number, stop: number, depth: number): void => {
    if (depth > 64) return;
    for (let at = start; at + 8 <= stop; ) {
      const vi = v.getUint16(at, true);
      const type = v.getUint16(at + 2, true);
      const len = v.getUint32(at + 4, true);
      const body = at + 8;
      if (type < 0xf000 || type > 0xf1ff || body + len > stop) return;
      if ((vi & 0x0f) === 0x0f) walk(body, body + len, depth + 1);
      else if (type === FSP && !NOT_DRAWN_OVER.has(vi >> 4) && len >= 4) ids.add(v.getUint32(body, true));
      at = body + len;
    }
  };
  walk(from, to, 0);
  return ids;
}

