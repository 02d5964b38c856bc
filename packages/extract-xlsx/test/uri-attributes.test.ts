/**
 * A URI in an attribute of a part the reader does not parse (a data connection's web query, a text
 * import's source file) is structure when it is ASCII, but a Chinese IRI spells a name someone
 * wrote — a file on the office network called 机密★5年…, written as is or percent-encoded. Such a
 * URI used to be passed over as structure, so the workbook passed.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { isTextAttribute, uriText } from '../../extract-docx/src/xml.ts';
import { extractXlsx } from '../src/index.ts';
import { esc, xlsx } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

/** A workbook of flood-season supplies whose data connections are a web query and a text import from these URIs. */
function withConnections(webUrl: string, sourceFile: string): Uint8Array {
  const files = unzipSync(
    xlsx({ sheets: [{ name: '物资', rows: [['江临市汛期防汛物资储备表'], ['物资', '数量', '存放地点'], ['沙袋', 12000, '城东仓库'], ['救生衣', 800, '城西仓库']] }] }),
  );
  files['xl/connections.xml'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      `<connection id="1" name="WebQuery1" type="4" refreshedVersion="6"><webPr url="${esc(webUrl)}" htmlTables="1"/></connection>` +
      `<connection id="2" name="TextImport1" type="6"><textPr sourceFile="${esc(sourceFile)}" codePage="936"/></connection></connections>`,
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    strFromU8(files['xl/_rels/workbook.xml.rels']).replace(
      '</Relationships>',
      '<Relationship Id="rIdConn" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/connections" Target="connections.xml"/></Relationships>',
    ),
  );
  files['[Content_Types].xml'] = strToU8(
    strFromU8(files['[Content_Types].xml']).replace('</Types>', '<Override PartName="/xl/connections.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml"/></Types>'),
  );
  return zipSync(files);
}

const connectionText = async (bytes: Uint8Array) => (await extractXlsx(bytes, { limits: DEFAULT_LIMITS })).parts.find((p) => p.origin?.filePart === 'xl/connections.xml')?.text ?? '';
const pct = (s: string) => encodeURIComponent(s);

describe('URIs in attributes of unparsed parts', () => {
  it('a Chinese IRI is text, as written and percent-decoded; an ASCII URI, a namespace and an escape that is not UTF-8 are not', () => {
    expect(isTextAttribute('url', 'http://oa.jianglin.gov.cn/公文/机密★5年/汛期物资.html')).toBe(true);
    expect(isTextAttribute('url', `http://oa.jianglin.gov.cn/files/${pct('机密★5年')}.html`)).toBe(true);
    expect(uriText(`http://oa.jianglin.gov.cn/files/${pct('机密★5年')}.html`)).toBe('http://oa.jianglin.gov.cn/files/机密★5年.html');
    expect(isTextAttribute('url', 'http://example.com/data.html?q=%20x')).toBe(false);
    expect(isTextAttribute('xmlns:x', 'http://schemas.openxmlformats.org/spreadsheetml/2006/main')).toBe(false);
    expect(uriText('http://example.com/%E6%9C')).toBe('http://example.com/%E6%9C');
  });

  it('a web query or text import from a file named with a marking is read, as is or percent-encoded, and the workbook is not passed', async () => {
    for (const [web, source] of [
      ['http://oa.jianglin.gov.cn/公文/机密★5年/汛期物资调度.html', 'http://oa.jianglin.gov.cn/data/物资.csv'],
      [`http://oa.jianglin.gov.cn/files/${pct('机密★5年')}.html`, 'http://oa.jianglin.gov.cn/data/wz.csv'],
      ['http://oa.jianglin.gov.cn/data/wz.html', `file:///D:/${pct('机密★5年')}/${pct('汛期物资调度表')}.csv`],
    ]) {
      const bytes = withConnections(web, source);
      expect(await connectionText(bytes), web + ' ' + source).toContain('机密★5年');
      expect((await scanner.scan(bytes, { filename: '汛期物资.xlsx' })).verdict, web + ' ' + source).not.toBe('pass');
    }
  });

  it('ASCII connection URIs are structure: the workbook passes', async () => {
    const r = await scanner.scan(withConnections('http://oa.jianglin.gov.cn/data/wz.html', 'http://oa.jianglin.gov.cn/data/wz.csv'), { filename: '汛期物资.xlsx' });
    expect(r.verdict).toBe('pass');
  });
});
