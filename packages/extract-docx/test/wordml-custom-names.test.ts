/**
 * Word 2003 XML keeps each custom document property as an element named after it
 * (`<o:密级 dt:dt="string">机密</o:密级>`); a Chinese name was not matched (the name pattern ended
 * at an ASCII word boundary) and the property, value and all, was dropped with its block.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

const doc = (props: string) =>
  new TextEncoder().encode(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><?mso-application progid="Word.Document"?>' +
      '<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:dt="uuid:C2F41010-65B3-11d1-A29F-00AA00C14882">' +
      `<o:CustomDocumentProperties>${props}</o:CustomDocumentProperties>` +
      '<w:body><w:p><w:r><w:t>关于召开年度工作会议的通知</w:t></w:r></w:p><w:p><w:r><w:t>各处室：定于下周三上午九时召开年度工作会议。</w:t></w:r></w:p></w:body></w:wordDocument>',
  );

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('Word 2003 XML custom properties with Chinese names', () => {
  it('密级 = 机密 is read as the property 密级 and blocks', async () => {
    const r = await scanner.scan(doc('<o:密级 dt:dt="string">机密</o:密级><o:文号 dt:dt="string">江应急〔2026〕5号</o:文号>'), { filename: 'notice.xml' });
    expect(r.verdict).toBe('block');
    expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.filePart).toBe('docProps/custom.xml');
  });

  it('a property naming the secrecy month passes with nothing unread', async () => {
    const r = await scanner.scan(doc('<o:专题 dt:dt="string">保密宣传月</o:专题>'), { filename: 'news.xml' });
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
    expect(r.coverage.parts.some((p) => p.id === 'docProps/custom.xml#专题')).toBe(true);
  });
});
