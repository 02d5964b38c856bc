/**
 * A Word package whose main part does not stand under word/ (the relationships name it anywhere:
 * content/doc.xml) is still a Word package when named as one. Only .doc and .docx names counted:
 * named .docm, .dotx, .dotm or .wps (WPS Office saves OOXML under that name) it was read as a
 * plain ZIP, entries as files, reported unread: an unmarked document was review. Packages naming
 * another kind's main part (a deck or workbook named .doc) go to their own reader.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { createScanner, type Scanner } from '@prepub/scanner';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const run = (t: string) => `<w:r><w:rPr><w:rFonts w:ascii="黑体" w:eastAsia="黑体"/><w:sz w:val="32"/></w:rPr><w:t>${t}</w:t></w:r>`;

function wordAt(first: string, main = 'content/doc.xml'): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/${main}" ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>`),
    '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="${main}"/></Relationships>`),
    [main]: strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body><w:p>${run(first.slice(0, 1))}${run(first.slice(1, 3))}${run(first.slice(3))}</w:p><w:p>${run('关于召开年度工作会议的通知')}</w:p></w:body></w:document>`),
  });
}

function deck(first: string): Uint8Array {
  const P = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"';
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/ppt/presentation.xml" ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/></Types>'),
    '_rels/.rels': strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="ppt/presentation.xml"/></Relationships>'),
    'ppt/presentation.xml': strToU8(`<p:presentation ${P}><p:sldIdLst><p:sldId id="256" r:id="rId2"/></p:sldIdLst></p:presentation>`),
    'ppt/_rels/presentation.xml.rels': strToU8('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/slide" Target="slides/slide1.xml"/></Relationships>'),
    'ppt/slides/slide1.xml': strToU8(`<p:sld ${P}><p:cSld><p:spTree><p:sp><p:txBody><a:bodyPr/><a:p><a:r><a:t>${first}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>`),
  });
}

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

describe('Office packages told by their names', () => {
  for (const ext of ['docm', 'dotx', 'dotm', 'wps']) {
    it(`a Word package whose main part is content/doc.xml, named .${ext}: 机密★5年 blocks, 保密宣传月 passes with nothing unread`, async () => {
      const marked = await scanner.scan(wordAt('机密★5年'), { filename: `notice.${ext}` });
      expect(marked.document.format).toBe('docx');
      expect(marked.verdict).toBe('block');
      const twin = await scanner.scan(wordAt('保密宣传月'), { filename: `notice.${ext}` });
      expect(twin.verdict).toBe('pass');
      expect(twin.coverage.unread).toEqual([]);
    });
  }

  it('a presentation named .wps or .doc is read as a presentation', async () => {
    for (const name of ['slides.wps', 'slides.doc']) {
      const r = await scanner.scan(deck('机密★5年'), { filename: name });
      expect(r.document.format, name).toBe('pptx');
      expect(r.verdict, name).toBe('block');
    }
  });
});
