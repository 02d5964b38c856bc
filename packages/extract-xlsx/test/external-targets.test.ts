/**
 * External relationship targets of workbooks and presentations (a cell's or a slide's hyperlink)
 * are read as the DOCX reader reads them: as written and percent-decoded. Only the raw .rels XML had
 * been checked, which holds no letter outside ASCII when the address is percent-encoded, so a link
 * to …/%E6%9C%BA%E5%AF%86%E2%98%855%E5%B9%B4/… (机密★5年) passed. An address in a HYPERLINK formula
 * is read decoded as well (the formula had been read only as written).
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { pptx, xlsx } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const rels = (target: string) =>
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  `<Relationship Id="rIdLink1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="${target}" TargetMode="External"/></Relationships>`;

/** A supplies table whose cell B3 links to `target`. */
function book(target: string): Uint8Array {
  const files = unzipSync(xlsx({ sheets: [{ name: '物资', rows: [['江临市汛期物资调度表'], ['物资', '调度方案'], ['沙袋', '见附件']] }] }));
  files['xl/worksheets/sheet1.xml'] = strToU8(
    strFromU8(files['xl/worksheets/sheet1.xml']).replace('</sheetData>', '</sheetData><hyperlinks><hyperlink ref="B3" r:id="rIdLink1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></hyperlinks>'),
  );
  files['xl/worksheets/_rels/sheet1.xml.rels'] = strToU8(rels(target));
  return zipSync(files);
}

/** A one-slide briefing whose slide carries a link relationship to `target`, used by its text. */
function deck(target: string): Uint8Array {
  const files = unzipSync(pptx({ slides: [{ shapes: [{ text: ['汛期物资调度工作情况汇报', '详见调度方案'] }] }] }));
  const slide = 'ppt/slides/slide1.xml';
  files[slide] = strToU8(strFromU8(files[slide]).replace(/<a:rPr([^>]*)\/>|<a:r>/, (m) => (m === '<a:r>' ? '<a:r><a:rPr><a:hlinkClick r:id="rIdLink1"/></a:rPr>' : m)));
  const relsPath = 'ppt/slides/_rels/slide1.xml.rels';
  const existing = files[relsPath] ? strFromU8(files[relsPath]) : rels(target).replace(/<Relationship [^>]*\/>/, '');
  files[relsPath] = strToU8(existing.replace('</Relationships>', `<Relationship Id="rIdLink1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="${target}" TargetMode="External"/></Relationships>`));
  return zipSync(files);
}

const encoded = `http://oa.jianglin.gov.cn/files/${encodeURIComponent('机密★5年')}/${encodeURIComponent('汛期物资调度方案')}.docx`;

describe('external relationship targets of XLSX and PPTX', () => {
  it('a percent-encoded link target spelling a marking is read decoded and the file is not passed', async () => {
    for (const [name, bytes] of [['调度.xlsx', book(encoded)], ['汇报.pptx', deck(encoded)]] as const) {
      const r = await scanner.scan(bytes, { filename: name });
      const ext = r.coverage.parts.find((p) => p.id.endsWith('.rels#external'));
      expect(ext, name).toBeDefined();
      expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret'), name).toBe(true);
      expect(r.verdict, name).not.toBe('pass');
    }
  });

  it('a HYPERLINK formula to a percent-encoded address: the address is read decoded, on a line of its own, and the workbook is not passed', async () => {
    const bytes = zipSync(unzipSync(xlsx({ sheets: [{ name: '物资', rows: [['江临市汛期物资调度表'], ['调度方案', { formula: `HYPERLINK("${encoded}","见附件")`, cached: '见附件' }]] }] })));
    const r = await scanner.scan(bytes, { filename: '调度.xlsx' });
    expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.location.part?.endsWith('#formulas')), JSON.stringify(r.findings.map((f) => f.location.part))).toBe(true);
    expect(r.verdict).not.toBe('pass');
  });

  it('an ASCII link target is read and passes', async () => {
    for (const [name, bytes] of [['调度.xlsx', book('http://oa.jianglin.gov.cn/files/wz-2024.docx')], ['汇报.pptx', deck('http://oa.jianglin.gov.cn/files/wz-2024.docx')]] as const) {
      const r = await scanner.scan(bytes, { filename: name });
      expect(r.verdict, name).toBe('pass');
    }
  });
});
