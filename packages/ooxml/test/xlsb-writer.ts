/**
 * Writes small Excel binary workbooks (.xlsb) from a description, for the committed samples: the
 * BIFF12 records of workbook.bin, sharedStrings.bin and each sheet*.bin written byte by byte
 * ([MS-XLSB]: a record is its type and size as 7-bit varints, then its payload), zipped with fflate
 * at a fixed timestamp so regenerated samples are byte-identical.
 */
import { strToU8, zipSync } from 'fflate';

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MTIME = new Date('2024-05-08T00:00:00Z');

export interface XlsbSheet {
  name: string;
  rows: Array<Array<string | number | null>>;
  state?: 'hidden' | 'veryHidden';
}

function varint(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return out;
}
/** One record: its type, its size, its payload. */
export function record(type: number, payload: number[] = []): number[] {
  return [...varint(type), ...varint(payload.length), ...payload];
}
const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
/** XLWideString: a 4-byte count of UTF-16 units, then the units. */
const wide = (s: string) => [...u32(s.length), ...[...s].flatMap((c) => u16(c.charCodeAt(0)))];
const f64 = (v: number) => [...new Uint8Array(new Float64Array([v]).buffer)];

/** An XLSB package: strings in the shared string table, numbers as BrtCellReal. */
export function xlsb(spec: { sheets: XlsbSheet[] }): Uint8Array {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const sst = (s: string) => {
    if (!index.has(s)) index.set(s, strings.push(s) - 1);
    return index.get(s)!;
  };
  const files: Record<string, Uint8Array> = {};
  spec.sheets.forEach((sheet, i) => {
    const recs: number[] = [];
    const width = sheet.rows.reduce((w, r) => Math.max(w, r.length), 1);
    recs.push(...record(0x81)); // BrtBeginSheet
    recs.push(...record(0x94, [...u32(0), ...u32(Math.max(0, sheet.rows.length - 1)), ...u32(0), ...u32(width - 1)])); // BrtWsDim
    recs.push(...record(0x91)); // BrtBeginSheetData
    sheet.rows.forEach((row, r) => {
      recs.push(...record(0x00, [...u32(r), ...u32(0), ...u16(300), 0, 0, 0, ...u32(0)])); // BrtRowHdr
      row.forEach((v, c) => {
        const cell = [...u32(c), 0, 0, 0, 0];
        if (typeof v === 'number') recs.push(...record(0x05, [...cell, ...f64(v)])); // BrtCellReal
        else if (typeof v === 'string' && v !== '') recs.push(...record(0x07, [...cell, ...u32(sst(v))])); // BrtCellIsst
      });
    });
    recs.push(...record(0x92), ...record(0x82)); // BrtEndSheetData, BrtEndSheet
    files[`xl/worksheets/sheet${i + 1}.bin`] = new Uint8Array(recs);
  });
  const book = [
    ...record(0x83), // BrtBeginBook
    ...record(0x8f), // BrtBeginBundleShs
    ...spec.sheets.flatMap((s, i) => record(0x9c, [...u32(s.state === 'hidden' ? 1 : s.state === 'veryHidden' ? 2 : 0), ...u32(i + 1), ...wide(`rId${i + 1}`), ...wide(s.name)])),
    ...record(0x90), // BrtEndBundleShs
    ...record(0x84), // BrtEndBook
  ];
  files['xl/workbook.bin'] = new Uint8Array(book);
  files['xl/sharedStrings.bin'] = new Uint8Array([
    ...record(0x9f, [...u32(strings.length), ...u32(strings.length)]), // BrtBeginSst
    ...strings.flatMap((s) => record(0x13, [0, ...wide(s)])), // BrtSSTItem
    ...record(0xa0), // BrtEndSst
  ]);
  const n = spec.sheets.length;
  files['[Content_Types].xml'] = strToU8(
    `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="bin" ContentType="application/vnd.ms-excel.sheet.binary.macroEnabled.main"/>` +
      spec.sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.bin" ContentType="application/vnd.ms-excel.worksheet"/>`).join('') +
      `<Override PartName="/xl/sharedStrings.bin" ContentType="application/vnd.ms-excel.sharedStrings"/></Types>`,
  );
  files['_rels/.rels'] = strToU8(`${DECL}<Relationships xmlns="${PKG_REL}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.bin"/></Relationships>`);
  files['xl/_rels/workbook.bin.rels'] = strToU8(
    `${DECL}<Relationships xmlns="${PKG_REL}">` +
      spec.sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.bin"/>`).join('') +
      `<Relationship Id="rId${n + 1}" Type="${REL}/sharedStrings" Target="sharedStrings.bin"/></Relationships>`,
  );
  const z: Record<string, [Uint8Array, { mtime: Date; level: 6 }]> = {};
  for (const name of ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.bin', 'xl/_rels/workbook.bin.rels', 'xl/sharedStrings.bin', ...spec.sheets.map((_, i) => `xl/worksheets/sheet${i + 1}.bin`)]) z[name] = [files[name], { mtime: MTIME, level: 6 }];
  return zipSync(z as never);
}
