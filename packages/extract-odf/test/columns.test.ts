/**
 * One-character cells down a column beside a sheet's other columns (机 密 ★ 5 年 in A1–A5) show a
 * vertical line: read a row at a time, each was a character among other cells, and it passed.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"';
const RIGHT = ['江临市汛期物资调度表', '物资', '沙袋', '编织袋', '铁锹'];

/** A spreadsheet whose column A holds `chars`, one per row, beside RIGHT in column B. */
function book(chars: string[]): Uint8Array {
  const cell = (t: string) => `<table:table-cell office:value-type="string"><text:p>${t}</text:p></table:table-cell>`;
  const rows = chars.map((c, i) => `<table:table-row>${cell(c)}${cell(RIGHT[i])}</table:table-row>`).join('');
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:spreadsheet><table:table table:name="表">${rows}</table:table></office:spreadsheet></office:body></office:document-content>`;
  const z: Zippable = { mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }] };
  z['META-INF/manifest.xml'] = strToU8('<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>');
  z['content.xml'] = strToU8(content);
  return zipSync(z);
}

describe('ODS: one-character cells read down their column', () => {
  it('机 密 ★ 5 年 down column A beside a table blocks, located at the column\'s cells', async () => {
    const r = await scanner.scan(book([...'机密★5年']), { filename: 'book.ods' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.explanation.normalized === '机密★5年' && f.severity === 'block' && f.location.cell?.column === 1)).toBe(true);
  });

  it('保 密 宣 传 月 so written, and a column of 男/女, pass with nothing unread', async () => {
    for (const chars of [[...'保密宣传月'], ['男', '女', '男', '男', '女']]) {
      const r = await scanner.scan(book(chars), { filename: 'book.ods' });
      expect(r.verdict, chars.join('')).toBe('pass');
      expect(r.coverage.unread).toEqual([]);
    }
  });
});
