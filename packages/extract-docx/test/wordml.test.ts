/**
 * Word 2003 XML documents (WordprocessingML 2003: one flat XML file whose root is w:wordDocument,
 * Word's "XML Document", which office systems also export as .doc). They used to be read as text,
 * each XML element's text on a line of its own: a marking Word wrote over several runs (as it does
 * whenever the font or size changes within a line) read as 机 and 密★5年 on separate lines, and
 * passed. Now the file is rewritten into a Word package and read by the DOCX reader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { isWordml, wordmlPackage } from '../src/wordml.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const HEAD =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n' +
  '<w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:aml="http://schemas.microsoft.com/aml/2001/core" xmlns:wx="http://schemas.microsoft.com/office/word/2003/auxHint" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:dt="uuid:C2F41010-65B3-11d1-A29F-00AA00C14882" w:macrosPresent="no" w:embeddedObjPresent="no" w:ocxPresent="no" xml:space="preserve">' +
  '<o:DocumentProperties><o:Author>办公室</o:Author></o:DocumentProperties><w:fonts><w:font w:name="宋体"><w:altName w:val="SimSun"/></w:font></w:fonts>' +
  '<w:styles><w:style w:type="paragraph" w:default="on" w:styleId="a"><w:name w:val="Normal"/><wx:uiName wx:val="正文"/></w:style></w:styles><w:docPr><w:view w:val="print"/></w:docPr><w:body><wx:sect>';
const RPR = '<w:rPr><w:rFonts w:ascii="黑体" w:fareast="黑体" w:h-ansi="黑体" w:hint="fareast"/><wx:font wx:val="黑体"/><w:sz w:val="32"/></w:rPr>';
const run = (t: string) => `<w:r>${RPR}<w:t>${t}</w:t></w:r>`;
const p = (runs: string) => `<w:p>${runs}</w:p>`;
const notice =
  p(`<w:r><w:t>关于召开年度工作会议的通知</w:t></w:r>`) + p(`<w:r><w:t>各处室：定于下周三上午九时在三楼会议室召开年度工作会议，请准时参加。</w:t></w:r>`);
const doc = (first: string, sect = '') => `${HEAD}${first}${notice}<w:sectPr>${sect}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></wx:sect></w:body></w:wordDocument>`;

/** A line written as Word writes it: each piece a run of its own (here 机 | 密★ | 5年). */
const split = (s: string) => run(s.slice(0, 1)) + run(s.slice(1, 3)) + run(s.slice(3));
const WAYS: Record<string, (s: string) => string> = {
  'runs': (s) => doc(p(split(s))),
  'runs around a bookmark and a proofing mark': (s) =>
    doc(p(run(s.slice(0, 1)) + '<aml:annotation aml:id="0" w:type="Word.Bookmark.Start" w:name="_GoBack"/><w:proofErr w:type="spellStart"/>' + run(s.slice(1)) + '<aml:annotation aml:id="0" w:type="Word.Bookmark.End"/>')),
  'a header in the section': (s) => doc('', `<w:hdr w:type="odd"><w:p><w:pPr><w:jc w:val="right"/></w:pPr>${split(s)}</w:p></w:hdr>`),
  'a tracked insertion inside': (s) =>
    doc(p(run(s.slice(0, 1)) + `<aml:annotation aml:id="1" w:type="Word.Insertion" aml:author="a" aml:createdate="2024-01-01T00:00:00Z"><aml:content>${run('要')}</aml:content></aml:annotation>` + run(s.slice(1)))),
  'a hidden run inside': (s) => doc(p(run(s.slice(0, 1)) + '<w:r><w:rPr><w:vanish/></w:rPr><w:t>开</w:t></w:r>' + run(s.slice(1)))),
  'a comment': (s) =>
    doc(p(run('通知') + `<w:r><aml:annotation aml:id="0" aml:author="张三" aml:createdate="2024-01-01T00:00:00Z" w:type="Word.Comment"><aml:content>${p(split(s))}</aml:content></aml:annotation></w:r>`)),
  'a footnote': (s) => doc(p(run('通知') + `<w:r><w:footnote>${p(split(s))}</w:footnote></w:r>`)),
};

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

describe('Word 2003 XML (w:wordDocument)', () => {
  it('is told by its root and namespace, in UTF-8 and UTF-16, and nothing else is', () => {
    const x = doc(p(run('通知')));
    expect(isWordml(Buffer.from(x))).toBe(true);
    expect(isWordml(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(x.replace('UTF-8', 'UTF-16'), 'utf16le')]))).toBe(true);
    expect(isWordml(Buffer.from('<?xml version="1.0"?><wordDocument>机密★5年</wordDocument>'))).toBe(false);
    expect(isWordml(Buffer.from('机密★5年\n关于召开会议的通知'))).toBe(false);
    // A note that quotes the markup further on is a text, not such a document.
    expect(isWordml(Buffer.from(`关于WordML的笔记\n例子：\n${x}`))).toBe(false);
  });

  for (const [how, make] of Object.entries(WAYS)) {
    it(`机密★5年 over ${how} blocks; 保密宣传月 so written passes with nothing unread`, async () => {
      for (const name of ['notice.xml', 'notice.doc']) {
        const marked = await scanner.scan(Buffer.from(make('机密★5年')), { filename: name });
        expect(marked.verdict, `${how} ${name}`).toBe('block');
        expect(marked.findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.severity === 'block' && f.excerpt.includes('机密★5年'))).toBe(true);
        const twin = await scanner.scan(Buffer.from(make('保密宣传月')), { filename: name });
        expect(twin.verdict, `${how} ${name}`).toBe('pass');
        expect(twin.coverage.unread).toEqual([]);
      }
    });
  }

  it('a file saved in UTF-16 is read the same', async () => {
    const utf16 = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(doc(p(split(s))).replace('UTF-8', 'UTF-16'), 'utf16le')]);
    expect((await scanner.scan(utf16('机密★5年'), { filename: 'notice.xml' })).verdict).toBe('block');
    expect((await scanner.scan(utf16('保密宣传月'), { filename: 'notice.xml' })).verdict).toBe('pass');
  });

  it('a file cut short is unread, never a pass', async () => {
    const cut = doc(p(split('保密宣传月'))).split('<w:sectPr>')[0];
    const r = await scanner.scan(Buffer.from(cut), { filename: 'notice.xml' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.reason === 'corrupt')).toBe(true);
  });

  it('a picture in w:binData is handed to OCR (unread with OCR off), and the text around it is read', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000' + '1f15c489' + '0000000d49444154789c63f8ffff3f0005fe02fea7d6a9e30000000049454e44ae426082', 'hex');
    const pict = `<w:p><w:r><w:pict><w:binData w:name="wordml://01000001.png">${png.toString('base64')}</w:binData><v:shape style="width:1pt;height:1pt"><v:imagedata src="wordml://01000001.png"/></v:shape></w:pict></w:r></w:p>`;
    const r = await scanner.scan(Buffer.from(doc(p(split('机密★5年')) + pict)), { filename: 'notice.xml' });
    expect(r.verdict).toBe('block');
    expect(r.coverage.images.total).toBe(1);
    const twin = await scanner.scan(Buffer.from(doc(p(split('保密宣传月')) + pict)), { filename: 'notice.xml' });
    expect(twin.verdict).toBe('review');
    expect(twin.coverage.unread.map((u) => u.reason)).toEqual(['ocr-unavailable']);
  });

  it('rewrites in time linear in the file: start tags never closed (w:hdr, w:footnote, w:binData, aml:annotation) and annotations nested deep', () => {
    const head = `<?xml version="1.0"?><w:wordDocument xmlns:w="http://schemas.microsoft.com/office/word/2003/wordml" xmlns:aml="http://schemas.microsoft.com/aml/2001/core"><w:body>`;
    for (const piece of ['<w:hdr w:type="odd">', '<w:footnote>', '<w:binData w:name="a">', '<aml:annotation w:type="Word.Insertion">']) {
      const xml = head + piece.repeat(100_000) + '</w:body></w:wordDocument>';
      const t = process.cpuUsage();
      wordmlPackage(xml);
      // Quadratic before: 8,000 unclosed w:hdr took 170 ms, so 100,000 took half a minute.
      expect(cpuMsSince(t), piece).toBeLessThan(3000);
    }
    const nested = head + '<aml:annotation w:type="Word.Insertion"><aml:content>'.repeat(50_000) + '<w:p><w:r><w:t>通知</w:t></w:r></w:p>' + '</aml:content></aml:annotation>'.repeat(50_000) + '</w:body></w:wordDocument>';
    const t = process.cpuUsage();
    const doc = new TextDecoder().decode(wordmlPackage(nested).files['word/document.xml']);
    expect(cpuMsSince(t)).toBeLessThan(3000);
    expect(doc.split('<w:ins ').length - 1).toBe(50_000);
  });
});
