/**
 * Flat OPC documents (pkg:package: Word 2007+'s "Word XML Document", PowerPoint's "XML
 * Presentation"; what office systems fill from templates and hand out as .doc). They used to be
 * read as text, each XML element's text a line: 机 | 密★ | 5年 in three runs of one paragraph
 * passed. Now the parts are put back into a package and scanned as that package.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { isFlatOpc } from '../src/flatopc.ts';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const RPR = '<w:rPr><w:rFonts w:ascii="黑体" w:eastAsia="黑体" w:hAnsi="黑体" w:hint="eastAsia"/><w:sz w:val="32"/></w:rPr>';
const run = (t: string) => `<w:r>${RPR}<w:t>${t}</w:t></w:r>`;
const split = (s: string) => run(s.slice(0, 1)) + run(s.slice(1, 3)) + run(s.slice(3));
const NOTICE = `<w:p>${run('关于召开年度工作会议的通知')}</w:p><w:p>${run('各处室：定于下周三上午九时在三楼会议室召开年度工作会议，请准时参加。')}</w:p>`;

const part = (name: string, type: string, xml: string) => `<pkg:part pkg:name="${name}" pkg:contentType="${type}"><pkg:xmlData>${xml}</pkg:xmlData></pkg:part>`;
const rels = (...r: Array<[string, string, string]>) =>
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${r.map(([id, type, target]) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`).join('')}</Relationships>`;
const RELS_TYPE = 'application/vnd.openxmlformats-package.relationships+xml';
const pkg = (parts: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<?mso-application progid="Word.Document"?>\n<pkg:package xmlns:pkg="http://schemas.microsoft.com/office/2006/xmlPackage">${parts}</pkg:package>`;

/** A Word document: `first` split over runs at the top of the body, or in the header. */
function word(first: string, where: 'body' | 'header'): string {
  const body = (where === 'body' ? `<w:p>${split(first)}</w:p>` : '') + NOTICE + `<w:sectPr>${where === 'header' ? '<w:headerReference w:type="default" r:id="rId8"/>' : ''}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>`;
  return pkg(
    part('/_rels/.rels', RELS_TYPE, rels(['rId1', `${REL}/officeDocument`, 'word/document.xml'])) +
      part('/word/document.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml', `<w:document ${W}><w:body>${body}</w:body></w:document>`) +
      part('/word/_rels/document.xml.rels', RELS_TYPE, rels(['rId8', `${REL}/header`, 'header1.xml'])) +
      part('/word/header1.xml', 'application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml', `<w:hdr ${W}>${where === 'header' ? `<w:p>${split(first)}</w:p>` : '<w:p/>'}</w:hdr>`),
  );
}

/** A PowerPoint presentation whose one slide opens with `first` over two runs. */
function deck(first: string): string {
  const P = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
  const slide = `<p:sld ${P}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="2" name="标题"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="zh-CN"/><a:t>${first.slice(0, 1)}</a:t></a:r><a:r><a:rPr lang="zh-CN" b="1"/><a:t>${first.slice(1)}</a:t></a:r></a:p><a:p><a:r><a:t>关于召开年度工作会议的通知</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`;
  return pkg(
    part('/_rels/.rels', RELS_TYPE, rels(['rId1', `${REL}/officeDocument`, 'ppt/presentation.xml'])) +
      part('/ppt/presentation.xml', 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml', `<p:presentation ${P}><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst><p:sldSz cx="9144000" cy="6858000"/></p:presentation>`) +
      part('/ppt/_rels/presentation.xml.rels', RELS_TYPE, rels(['rId2', `${REL}/slide`, 'slides/slide1.xml'])) +
      part('/ppt/slides/slide1.xml', 'application/vnd.openxmlformats-officedocument.presentationml.slide+xml', slide),
  ).replace('Word.Document', 'PowerPoint.Show');
}

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

describe('Flat OPC (pkg:package)', () => {
  it('is told by its root and namespace, and nothing else is', () => {
    expect(isFlatOpc(Buffer.from(word('通知', 'body')))).toBe(true);
    expect(isFlatOpc(Buffer.from('<?xml version="1.0"?><package><part>机密★5年</part></package>'))).toBe(false);
    expect(isFlatOpc(Buffer.from(`关于Flat OPC的笔记\n例子：\n${word('通知', 'body')}`))).toBe(false);
  });

  const WAYS: Record<string, [(s: string) => string, string]> = {
    'a Word body, over three runs': [(s) => word(s, 'body'), 'notice.xml'],
    'a Word body named .doc': [(s) => word(s, 'body'), 'notice.doc'],
    'a Word header': [(s) => word(s, 'header'), 'notice.xml'],
    'a PowerPoint slide, over two runs': [(s) => deck(s), 'slides.xml'],
  };
  for (const [how, [make, name]] of Object.entries(WAYS)) {
    it(`机密★5年 in ${how} blocks; 保密宣传月 so written passes with nothing unread`, async () => {
      const marked = await scanner.scan(Buffer.from(make('机密★5年')), { filename: name });
      expect(marked.verdict, how).toBe('block');
      const twin = await scanner.scan(Buffer.from(make('保密宣传月')), { filename: name });
      expect(twin.verdict, how).toBe('pass');
      expect(twin.coverage.unread).toEqual([]);
    });
  }

  it('text standing between the parts (which Office ignores) is read as hidden text: a marking there blocks', async () => {
    const between = (s: string) => word('通知', 'body').replace('<pkg:part pkg:name="/word/document.xml"', `<note>${s}</note>\n<pkg:part pkg:name="/word/document.xml"`);
    const marked = await scanner.scan(Buffer.from(between('机密★5年')), { filename: 'notice.xml' });
    expect(marked.verdict).toBe('block');
    expect(marked.findings.some((f) => f.location.part === 'pkg:package#outside-parts')).toBe(true);
    expect((await scanner.scan(Buffer.from(between('保密宣传月')), { filename: 'notice.xml' })).verdict).toBe('pass');
  });

  it('a file cut short is unread, never a pass', async () => {
    const full = word('保密宣传月', 'body');
    const r = await scanner.scan(Buffer.from(full.slice(0, full.indexOf('<w:sectPr>'))), { filename: 'notice.xml' });
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.some((u) => u.reason === 'corrupt')).toBe(true);
  });
});
