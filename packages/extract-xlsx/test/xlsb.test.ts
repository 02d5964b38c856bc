/**
 * Excel binary workbooks (.xlsb) through the real scanner: the BIFF12 parts are read as an XLSX's
 * XML parts are (cells located, hidden sheets, comments, headers, shared rich strings, formulas'
 * stored strings), and what the reader does not know — a record type, a record cut short — is
 * unread, never passed. Fixtures are written by SheetJS and then edited record by record.
 */
import * as XLSX from '@e965/xlsx';
import { unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractXlsx } from '../src/index.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const MARK = '机密★5年';
const ROSTER = [
  ['江临市防汛物资储备清单', '', ''],
  ['物资', '数量', '存放地点'],
  ['编织袋', 12000, '城东仓库'],
  ['救生衣', 800, '城西仓库'],
  ['冲锋舟', 6, '江堤管理站'],
];

interface SheetSpec {
  name: string;
  rows: unknown[][];
  hidden?: 1 | 2;
  comment?: { ref: string; text: string };
}

/** An XLSB written by SheetJS (shared strings on, as Excel writes them). */
function xlsb(sheets: SheetSpec[]): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(s.rows);
    if (s.comment) ws[s.comment.ref].c = [{ a: '王建国', t: s.comment.text }];
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  wb.Workbook = { Sheets: sheets.map((s) => (s.hidden ? { Hidden: s.hidden } : {})) };
  return new Uint8Array(XLSX.write(wb, { bookType: 'xlsb', type: 'buffer', bookSST: true }));
}

// ---- BIFF12 records by hand

function varint(n: number, max: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0 && out.length < max);
  return out;
}
function rec(type: number, payload: number[] = []): number[] {
  return [...varint(type, 2), ...varint(payload.length, 4), ...payload];
}
const u16 = (n: number) => [n & 0xff, (n >> 8) & 0xff];
const u32 = (n: number) => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const chars = (s: string) => [...s].flatMap((c) => u16(c.charCodeAt(0)));
const wide = (s: string) => [...u32(s.length), ...chars(s)];
/** BrtRowHdr for row `r` (0-based). */
const rowHdr = (r: number) => rec(0x00, [...u32(r), ...u32(0), ...u16(300), 0, 0, 0, ...u32(0)]);
/** A PtgStr token. */
const ptgStr = (s: string) => [0x17, ...u16(s.length), ...chars(s)];

/** The records of a part: [type, start, end] of each. */
function records(b: Uint8Array): Array<[number, number, number]> {
  const out: Array<[number, number, number]> = [];
  let p = 0;
  while (p < b.length) {
    const start = p;
    let type = b[p++];
    if (type & 0x80) type = (type & 0x7f) | (b[p++] << 7);
    let size = 0;
    for (let shift = 0; ; shift += 7) {
      const c = b[p++];
      size += (c & 0x7f) << shift;
      if (!(c & 0x80)) break;
    }
    p += size;
    out.push([type, start, p]);
  }
  return out;
}

/** `book` with the part at `path` replaced by what `edit` makes of it. */
function editPart(book: Uint8Array, path: string, edit: (part: Uint8Array) => Uint8Array): Uint8Array {
  const files = unzipSync(book);
  expect(files[path], path).toBeDefined();
  files[path] = new Uint8Array(edit(files[path]));
  return zipSync(files);
}

/** Inserts `added` before the first record of type `before`. */
function insertBefore(part: Uint8Array, before: number, added: number[]): Uint8Array {
  const at = records(part).find(([t]) => t === before)![1];
  return new Uint8Array([...part.subarray(0, at), ...added, ...part.subarray(at)]);
}

async function scan(bytes: Uint8Array, filename = 'book.xlsb') {
  return scanner.scan(bytes, { filename });
}

const marking = (r: Awaited<ReturnType<typeof scan>>) => r.findings.filter((f) => f.ruleId === 'marking.cn-state-secret');

describe('XLSB: read as an XLSX is', () => {
  it('机密★5年 alone in A1 above a table blocks, the finding located at 清单!A1 of sheet1.bin', async () => {
    const r = await scan(xlsb([{ name: '清单', rows: [[MARK, '', ''], ...ROSTER] }]));
    expect(r.verdict).toBe('block');
    const f = marking(r)[0];
    expect(f.location).toMatchObject({ role: 'body', filePart: 'xl/worksheets/sheet1.bin', line: 1, cell: { row: 1, column: 1 }, page: 1 });
    expect(f.location.detail).toContain('清单');
  });

  it('a clean 防汛物资 roster passes with nothing unread', async () => {
    const r = await scan(xlsb([{ name: '物资', rows: ROSTER }]));
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
    expect(r.coverage.complete).toBe(true);
    expect(r.coverage.parts.some((p) => p.id === 'xl/worksheets/sheet1.bin' && p.role === 'body')).toBe(true);
  });

  it('密级 | 机密 in adjacent cells (A1, B1) is read as a label and its value', async () => {
    const r = await scan(xlsb([{ name: '名册', rows: [['密级', '机密', ''], ...ROSTER] }]));
    expect(r.verdict).toBe('block');
    expect(marking(r).some((f) => f.location.cell?.row === 1 && f.location.filePart === 'xl/worksheets/sheet1.bin')).toBe(true);
  });

  for (const [hidden, label] of [[1, '(hidden sheet)'], [2, '(very hidden sheet)']] as const) {
    it(`a marking on a ${label.slice(1, -1)} blocks, located on that sheet as hidden text`, async () => {
      const r = await scan(xlsb([{ name: '物资', rows: ROSTER }, { name: '备注', rows: [['绝密★长期']], hidden }]));
      expect(r.verdict).toBe('block');
      const f = marking(r).find((x) => x.location.filePart === 'xl/worksheets/sheet2.bin')!;
      expect(f.location).toMatchObject({ role: 'hidden', page: 2, cell: { row: 1, column: 1 } });
      expect(f.location.detail).toContain(label);
    });
  }

  it('a marking in a comment (comments1.bin) blocks, read as the comment on 物资!C3', async () => {
    const r = await scan(xlsb([{ name: '物资', rows: ROSTER, comment: { ref: 'C3', text: MARK } }]));
    expect(r.verdict).toBe('block');
    const f = marking(r).find((x) => x.location.role === 'comment')!;
    expect(f.location.filePart).toBe('xl/comments1.bin');
    expect(f.location.detail).toContain('物资!C3');
    expect(r.coverage.unread).toEqual([]);
  });

  it('a marking in the page header (BrtBeginHeaderFooter) blocks as the header', async () => {
    const book = editPart(xlsb([{ name: '物资', rows: ROSTER }]), 'xl/worksheets/sheet1.bin', (part) =>
      insertBefore(part, 0x82 /* BrtEndSheet */, [...rec(0x1df, [0, 0, ...wide(`&C${MARK}`), ...u32(0xffffffff), ...u32(0xffffffff), ...u32(0xffffffff), ...u32(0xffffffff), ...u32(0xffffffff)]), ...rec(0x1e0)]),
    );
    const r = await scan(book);
    expect(r.verdict).toBe('block');
    expect(marking(r).some((f) => f.location.role === 'header' && f.location.filePart === 'xl/worksheets/sheet1.bin')).toBe(true);
    expect(r.coverage.unread).toEqual([]);
  });

  it('a shared string written as rich text (runs 机密 | ★5年) blocks at its cell', async () => {
    const book = editPart(xlsb([{ name: '清单', rows: [[MARK, '', ''], ...ROSTER] }]), 'xl/sharedStrings.bin', (part) => {
      const item = records(part).find(([t]) => t === 0x13)!;
      // fRichStr, the text, two runs (at 0 and 2, font 0).
      const rich = rec(0x13, [0x01, ...wide(MARK), ...u32(2), ...u16(0), ...u16(0), ...u16(2), ...u16(0)]);
      return new Uint8Array([...part.subarray(0, item[1]), ...rich, ...part.subarray(item[2])]);
    });
    const r = await scan(book);
    expect(r.verdict).toBe('block');
    expect(marking(r)[0].location).toMatchObject({ role: 'body', cell: { row: 1, column: 1 } });
    expect(r.coverage.unread).toEqual([]);
  });

  it('a cell in a white font (styles.bin: BrtFont, BrtXF) between 机 and 密★5年 is read beside the row, which then blocks', async () => {
    let book = xlsb([{ name: '物资', rows: [['机', '开', '密★5年'], ...ROSTER] }]);
    let fontIndex = 0;
    let xfIndex = 0;
    book = editPart(book, 'xl/styles.bin', (part) => {
      const recs = records(part);
      fontIndex = recs.filter(([t]) => t === 0x2b).length;
      const cellXfs = recs.findIndex(([t]) => t === 0x269);
      xfIndex = recs.slice(cellXfs).filter(([t]) => t === 0x2f).length;
      const white = [0x05, 0, 0, 0, 255, 255, 255, 255];
      const font = rec(0x2b, [...u16(220), ...u16(0), ...u16(400), ...u16(0), 0, 2, 0, 0, ...white, 0, ...wide('宋体')]);
      const xf = rec(0x2f, [...u16(0), ...u16(0), ...u16(fontIndex), ...u16(0), ...u16(0), 0, 0, ...u16(0), 0, 0]);
      return insertBefore(insertBefore(part, 0x264 /* BrtEndFonts */, font), 0x26a /* BrtEndCellXFs */, xf);
    });
    book = editPart(book, 'xl/worksheets/sheet1.bin', (part) => {
      // B1: the second cell record after the first row header (SheetJS writes it short: BrtShortIsst,
      // no column); its style is the payload's first three bytes after the column, if any.
      const recs = records(part);
      const row = recs.findIndex(([t]) => t === 0x00);
      const [type, start] = recs.slice(row + 1).filter(([t]) => t >= 0x01 && t <= 0x12)[1];
      const out = part.slice();
      const at = start + 2 + (type >= 0x0c ? 0 : 4); // one byte of type, one of size
      out[at] = xfIndex & 0xff;
      out[at + 1] = (xfIndex >> 8) & 0xff;
      return out;
    });
    const r = await scan(book);
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('block');
    expect(marking(r).some((f) => f.location.filePart === 'xl/worksheets/sheet1.bin' && f.location.role === 'body' && f.location.line === 1)).toBe(true);
  });

  it('a data validation prompt and list (BrtDVal) are read as form fields', async () => {
    const formula = ptgStr('已报到\0未报到');
    const dval = rec(0x40, [
      ...u32(0x03), ...u32(1), ...u32(2), ...u32(6), ...u32(5), ...u32(5),
      ...u32(0xffffffff), ...u32(0xffffffff), ...wide('密级'), ...wide(MARK),
      ...u32(formula.length), ...formula, ...u32(0), ...u32(0), ...u32(0),
    ]);
    const book = editPart(xlsb([{ name: '物资', rows: ROSTER }]), 'xl/worksheets/sheet1.bin', (part) => insertBefore(part, 0x82, [...rec(0x23d, u32(1)), ...dval, ...rec(0x23e)]));
    const r = await scan(book);
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('block');
    expect(marking(r).some((f) => f.location.role === 'form-field' && f.location.filePart === 'xl/worksheets/sheet1.bin')).toBe(true);
    const x = await extractXlsx(book, { limits: DEFAULT_LIMITS, filename: 'book.xlsb' });
    expect(x.parts.find((p) => p.id === 'xl/worksheets/sheet1.bin#data-validation')?.text).toBe(`物资!F3:F7:\n密级\n${MARK}\n已报到, 未报到`);
  });

  it("a shared string's phonetic reading is read (hidden), not dropped", async () => {
    const book = editPart(xlsb([{ name: '物资', rows: ROSTER }]), 'xl/sharedStrings.bin', (part) => {
      const item = records(part).find(([t]) => t === 0x13)!;
      const ext = rec(0x13, [0x02, ...wide('江临市防汛物资储备清单'), ...wide(MARK), ...u32(0)]);
      return new Uint8Array([...part.subarray(0, item[1]), ...ext, ...part.subarray(item[2])]);
    });
    const r = await scan(book);
    expect(r.verdict).not.toBe('pass');
    expect(marking(r).some((f) => f.location.role === 'hidden' && f.location.filePart === 'xl/sharedStrings.bin')).toBe(true);
  });

  it("a formula's stored string (BrtFmlaString of \"机密\"&\"★5年\") blocks at its cell, the formula read beside it", async () => {
    const formula = [...ptgStr('机密'), ...ptgStr('★5年'), 0x08 /* PtgConcat */];
    const cell = rec(0x08, [...u32(0), 0, 0, 0, 0, ...wide(MARK), 0, 0, ...u32(formula.length), ...formula, ...u32(0)]);
    const book = editPart(xlsb([{ name: '物资', rows: ROSTER }]), 'xl/worksheets/sheet1.bin', (part) => insertBefore(part, 0x92 /* BrtEndSheetData */, [...rowHdr(9), ...cell]));
    const r = await scan(book);
    expect(r.verdict).toBe('block');
    expect(marking(r).some((f) => f.location.role === 'body' && f.location.cell?.row === 10 && f.location.cell?.column === 1)).toBe(true);
    expect(r.coverage.parts.some((p) => p.id === 'xl/worksheets/sheet1.bin#formulas')).toBe(true);
    expect(r.coverage.unread).toEqual([]);
  });

  it("a formula's string literal that its stored result does not show is still read, placed at its cell", async () => {
    // =IF(FALSE,"机密★5年","") stored as "": the literal stands beside the cell.
    const formula = [0x1d, 0x00 /* PtgBool FALSE */, ...ptgStr(MARK), ...ptgStr(''), 0x42, 3, ...u16(1) /* PtgFuncVar IF, 3 args */];
    const cell = rec(0x08, [...u32(1), 0, 0, 0, 0, ...wide(''), 0, 0, ...u32(formula.length), ...formula, ...u32(0)]);
    const book = editPart(xlsb([{ name: '物资', rows: ROSTER }]), 'xl/worksheets/sheet1.bin', (part) => insertBefore(part, 0x92, [...rowHdr(9), ...cell]));
    const r = await scan(book);
    expect(r.verdict).not.toBe('pass');
    expect(marking(r).some((f) => f.location.cell?.row === 10 && f.location.cell?.column === 2)).toBe(true);
  });
});

describe('XLSB: what is not read is unread, never passed', () => {
  it('a record of a type the reader does not know, holding text, is a loss: review, the rest of the sheet read', async () => {
    const book = editPart(xlsb([{ name: '物资', rows: ROSTER }]), 'xl/worksheets/sheet1.bin', (part) => insertBefore(part, 0x82, rec(0x3ff, wide(MARK))));
    const r = await scan(book);
    expect(r.verdict).toBe('review');
    const u = r.coverage.unread.find((x) => x.where.startsWith('xl/worksheets/sheet1.bin'))!;
    expect(u.detail).toContain('0x03ff');
    expect(r.coverage.parts.some((p) => p.id === 'xl/worksheets/sheet1.bin' && p.role === 'body')).toBe(true);
  });

  it('an empty record of an unknown type holds nothing: still pass', async () => {
    const book = editPart(xlsb([{ name: '物资', rows: ROSTER }]), 'xl/worksheets/sheet1.bin', (part) => insertBefore(part, 0x82, rec(0x3ff)));
    const r = await scan(book);
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
  });

  it('a sheet.bin cut short is unread (corrupt), review, with what came before it read', async () => {
    const book = editPart(xlsb([{ name: '物资', rows: ROSTER }]), 'xl/worksheets/sheet1.bin', (part) => {
      const last = records(part).filter(([t]) => t === 0x07 /* BrtCellIsst */).at(-1)!;
      return part.subarray(0, last[2] - 2);
    });
    const r = await scan(book);
    expect(r.verdict).toBe('review');
    const u = r.coverage.unread.find((x) => x.where === 'xl/worksheets/sheet1.bin')!;
    expect(u.reason).toBe('corrupt');
    expect(u.detail).toMatch(/past the part's end/);
    expect(r.coverage.parts.some((p) => p.id === 'xl/worksheets/sheet1.bin' && p.role === 'body')).toBe(true);
  });

  it('a record whose type or size varint runs on is unread (corrupt)', async () => {
    for (const bad of [[0x80, 0x80, 0x01, 0x00], [0x07, 0x80, 0x80, 0x80, 0x80, 0x01]]) {
      const book = editPart(xlsb([{ name: '物资', rows: ROSTER }]), 'xl/worksheets/sheet1.bin', (part) => insertBefore(part, 0x82, bad));
      const r = await scan(book);
      expect(r.verdict).toBe('review');
      expect(r.coverage.unread.find((x) => x.where === 'xl/worksheets/sheet1.bin')?.detail).toMatch(/longer than (two|four) bytes/);
    }
  });

  it('a cell record whose string runs past the record is a loss, not a silent skip', async () => {
    // BrtCellSt claiming 50 characters with 2 written.
    const cell = rec(0x06, [...u32(1), 0, 0, 0, 0, ...u32(50), ...chars('机密')]);
    const book = editPart(xlsb([{ name: '物资', rows: ROSTER }]), 'xl/worksheets/sheet1.bin', (part) => insertBefore(part, 0x92, [...rowHdr(9), ...cell]));
    const r = await scan(book);
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((x) => x.where.startsWith('xl/worksheets/sheet1.bin') && /longer than the record/.test(x.detail))).toBe(true);
  });

  it('a part of a million records is walked in linear time, within the part limits', async () => {
    // BrtSel records (no text) with a byte of noise each, so the part is no zip bomb.
    const n = 1_000_000;
    const filler = new Uint8Array(4 * n);
    let seed = 7;
    for (let i = 0; i < filler.length; i += 4) filler.set([0x98, 0x01, 0x01, (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24], i);
    const book = editPart(xlsb([{ name: '物资', rows: ROSTER }]), 'xl/worksheets/sheet1.bin', (part) => {
      const at = records(part).find(([t]) => t === 0x82)![1];
      const out = new Uint8Array(part.length + filler.length);
      out.set(part.subarray(0, at));
      out.set(filler, at);
      out.set(part.subarray(at), at + filler.length);
      return out;
    });
    const t0 = process.cpuUsage();
    const r = await extractXlsx(book, { limits: DEFAULT_LIMITS, filename: 'book.xlsb' });
    expect(cpuMsSince(t0)).toBeLessThan(3000);
    expect(r.unread).toEqual([]);
    expect(r.loss ?? []).toEqual([]);
    expect(r.parts.find((p) => p.id === 'xl/worksheets/sheet1.bin')?.text).toContain('冲锋舟');
  });
});
