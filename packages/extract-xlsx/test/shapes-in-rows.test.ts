/**
 * A line spelled across a cell and a text box anchored at the next cell: 机 in D2 and a box of
 * 密★5年 anchored at E2 show 机密★5年 on the sheet, though each alone holds no marking.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { xlsx } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

/** `cell` in D2, a text box of `box` anchored at E2 (the writer's anchor), or at `at` (`col,row` from 0). */
function book(cell: string, box: string, at?: [number, number]): Uint8Array {
  const bytes = xlsx({ sheets: [{ name: '表', rows: [['江临市汛期物资调度表'], [null, null, null, cell], ['物资', '数量'], ['沙袋', 12000]], textBox: box }] });
  if (!at) return bytes;
  const files = unzipSync(bytes);
  const d = strFromU8(files['xl/drawings/drawing1.xml']).replace('<xdr:from><xdr:col>4</xdr:col><xdr:row>1</xdr:row></xdr:from>', `<xdr:from><xdr:col>${at[0]}</xdr:col><xdr:row>${at[1]}</xdr:row></xdr:from>`);
  files['xl/drawings/drawing1.xml'] = strToU8(d);
  return zipSync(files);
}
const scan = (bytes: Uint8Array) => scanner.scan(bytes, { filename: 'book.xlsx' });

describe('XLSX: a cell and a short text box standing in its row', () => {
  it('机 in D2 and a box of 密★5年 anchored at E2: the row reads 机 | 密★5年 with the box, block', async () => {
    const r = await scan(book('机', '密★5年'));
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'xl/worksheets/sheet1.xml#with-shapes')).toBe(true);
  });

  it('保 and 密宣传月 so placed pass with nothing unread; a box anchored in another row adds no reading', async () => {
    const r = await scan(book('保', '密宣传月'));
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
    const apart = await scan(book('机', '密★5年', [4, 8]));
    expect(apart.coverage.parts.map((p) => p.id)).not.toContain('xl/worksheets/sheet1.xml#with-shapes');
  });
});
