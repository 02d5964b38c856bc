/**
 * Writes test/fixtures/xls-*.xls that need no LibreOffice: workbooks written by SheetJS
 * (`bookType: 'biff8'`) and, where SheetJS writes no such record, a record added to the sheet's
 * substream here (HEADERFOOTER, 0x089C: first-page and even-page headers of Excel 2007+).
 * - number formats that hide a cell's value (`;;;`) or hold the marking as literal text
 *   (`机密★0年` on 5 shows 机密★5年; `"秘密★"G/通用格式"年"`, the General of a Chinese Excel);
 * - a first-page header holding the marking, only in HEADERFOOTER;
 * - a benign workbook with Chinese date, currency and `G/通用格式` formats and a first-page header.
 * Run: `pnpm tsx packages/extract-doc/test/make-xls-fixtures.ts`; the files are committed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import CFB from 'cfb';
import * as XLSX from '@e965/xlsx';

const OUT = resolve(import.meta.dirname, 'fixtures');

type Cells = Record<string, XLSX.CellObject>;
function book(sheet: string, cells: Cells, ref: string): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, { '!ref': ref, ...cells }, sheet);
  return XLSX.write(wb, { bookType: 'biff8', type: 'buffer' }) as Buffer;
}

/** A HEADERFOOTER record: FRT header, GUID, flags (different first page / odd-even), four counts, the strings. */
function headerFooterRecord(texts: { evenHeader?: string; evenFooter?: string; firstHeader?: string; firstFooter?: string }): Buffer {
  const order = [texts.evenHeader, texts.evenFooter, texts.firstHeader, texts.firstFooter].map((t) => t ?? '');
  const flags = (texts.evenHeader || texts.evenFooter ? 0x01 : 0) | (texts.firstHeader || texts.firstFooter ? 0x02 : 0) | 0x0c;
  const head = Buffer.alloc(12 + 16 + 2 + 8);
  head.writeUInt16LE(0x089c, 0);
  head.writeUInt16LE(flags, 28);
  order.forEach((t, i) => head.writeUInt16LE(t.length, 30 + i * 2));
  const body = Buffer.concat([head, ...order.filter((t) => t).map((t) => Buffer.concat([Buffer.from([1]), Buffer.from(t, 'utf16le')]))]);
  const rec = Buffer.alloc(4);
  rec.writeUInt16LE(0x089c, 0);
  rec.writeUInt16LE(body.length, 2);
  return Buffer.concat([rec, body]);
}

/** The workbook with `record` added just before the last substream's EOF (the only sheet's: no BOUNDSHEET moves). */
function withRecord(xls: Buffer, record: Buffer): Buffer {
  const cfb = CFB.read(xls, { type: 'buffer' });
  const entry = CFB.find(cfb, 'Workbook')!;
  const w = Buffer.from(entry.content as Uint8Array);
  let lastEof = -1;
  for (let at = 0; at + 4 <= w.length; at += 4 + w.readUInt16LE(at + 2)) if (w.readUInt16LE(at) === 0x000a) lastEof = at;
  if (lastEof < 0) throw new Error('no EOF record');
  entry.content = Buffer.concat([w.subarray(0, lastEof), record, w.subarray(lastEof)]);
  entry.size = (entry.content as Buffer).length;
  return CFB.write(cfb, { type: 'buffer' }) as Buffer;
}

const s = (v: string, z?: string): XLSX.CellObject => ({ t: 's', v, ...(z ? { z } : {}) });
const n = (v: number, z?: string): XLSX.CellObject => ({ t: 'n', v, ...(z ? { z } : {}) });

const FILES: Record<string, Buffer> = {
  // The marking is the value of A1, under a format that shows nothing of it.
  'xls-format-hidden-marking': book('会议安排', { A1: s('机密★5年', ';;;'), B1: s('第三次主任办公会议'), A2: s('时间'), B2: s('三月十日上午九时'), A3: s('地点'), B3: s('二楼会议室') }, 'A1:B3'),
  // The marking is the format's literal text: 5 under 机密★0年 shows 机密★5年; 1 under "秘密★"G/通用格式"年" shows 秘密★1年.
  'xls-format-literal-marking': book('物资清单', { A1: n(5, '机密★0年'), B1: s('防汛物资储备清单'), A2: n(1, '"秘密★"G/通用格式"年"'), B2: s('编袋 二千条') }, 'A1:B2'),
  // The marking only in the first-page header (HEADERFOOTER); the odd-page header SheetJS writes none of.
  'xls-first-header-marking': withRecord(book('值班表', { A1: s('日期'), B1: s('值班人员'), A2: s('五月一日'), B2: s('王磊') }, 'A1:B2'), headerFooterRecord({ firstHeader: '&C机密★5年', evenFooter: '&C第&P页' })),
  // Ordinary formats of a Chinese office: dates, money, a period number, hidden zeros; a first-page header.
  'xls-formats-benign': withRecord(
    book('经费', { A1: s('项目'), B1: s('金额'), C1: s('日期'), A2: s('办公用品'), B2: n(1280.5, '#,##0.00"元"'), C2: n(45383, 'yyyy"年"m"月"d"日"'), A3: s('期数'), B3: n(3, '"第"G/通用格式"期"'), C3: n(0, '0;-0;;@') }, 'A1:C3'),
    headerFooterRecord({ firstHeader: '&C二〇二四年经费明细', evenFooter: '&C第&P页' }),
  ),
};

for (const [name, bytes] of Object.entries(FILES)) writeFileSync(resolve(OUT, `${name}.xls`), bytes);
// The files read back as workbooks.
for (const name of Object.keys(FILES)) XLSX.read(readFileSync(resolve(OUT, `${name}.xls`)), { type: 'buffer' });
