/**
 * A Word document whose embedded font draws other characters than its text holds. The hostile
 * document is built here: a TrueType program written byte by byte (extract-pdf's test/truetype.ts)
 * whose cmap sends 一 and 二 to glyphs named uni673A and uni5BC6 (机, 密), embedded as Word does
 * (word/fonts/font1.odttf, its first 32 bytes XOR-ed with the font key GUID of word/fontTable.xml,
 * ECMA-376 Part 1 §17.8.1); a first line 一二★5年 in it shows 机密★5年: block, found in the body
 * read as drawn (@as-drawn). Its twin (glyphs named 一 and 二) passes with nothing unread, as such
 * a document did before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';
import { trueType } from '../../extract-pdf/test/truetype.ts';
import { deobfuscateFont, fontKeyBytes } from '../src/fonts.ts';
import { docx, para, REL, wml } from './helpers.ts';

const KEY = '{3F2A9C1E-7B4D-4E8A-9C0D-5A6B7C8D9E0F}';

function document(names: string[]): Uint8Array {
  const font = trueType('一二', undefined, { glyphNames: names });
  const odttf = deobfuscateFont(font, fontKeyBytes(KEY)!); // the XOR is its own inverse
  const run = (t: string) => `<w:p><w:r><w:rPr><w:rFonts w:ascii="Song X" w:eastAsia="Song X" w:hAnsi="Song X"/></w:rPr><w:t>${t}</w:t></w:r></w:p>`;
  return docx(run('一二★5年') + para('关于做好汛期物资调度工作的通知') + para('各区县应急管理局：为切实做好今年汛期物资调度工作，现将有关事项通知如下。'), {
    'word/fontTable.xml': wml('fonts', `<w:font w:name="Song X"><w:charset w:val="86"/><w:embedRegular r:id="rId1" w:fontKey="${KEY}"/></w:font>`),
    'word/_rels/fontTable.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/font" Target="fonts/font1.odttf"/></Relationships>`,
    'word/fonts/font1.odttf': odttf,
  }, [`<Relationship Id="rId9" Type="${REL}/fontTable" Target="fontTable.xml"/>`]);
}

describe('DOCX: an embedded font that draws other characters than the document holds', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false, isolation: false });
  });
  afterAll(() => scanner.close());

  it('the font key XOR is ECMA-376 §17.8.1: the GUID read from the end, over the first 32 bytes', () => {
    expect([...fontKeyBytes('{00112233-4455-6677-8899-AABBCCDDEEFF}')!]).toEqual([0xff, 0xee, 0xdd, 0xcc, 0xbb, 0xaa, 0x99, 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11, 0x00]);
    const d = deobfuscateFont(new Uint8Array(40), fontKeyBytes(KEY)!);
    expect(d[16]).toBe(d[0]);
    expect(d.subarray(32).every((b) => b === 0)).toBe(true);
  });

  it('一二★5年 in an embedded font whose glyphs for 一 二 are named uni673A uni5BC6 (机密) is read as drawn: block', async () => {
    const r = await scanner.scan(document(['uni673A', 'uni5BC6']), { filename: '通知.docx' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part.endsWith('@as-drawn'))).toBe(true);
    expect(r.coverage.unread.map((u) => u.detail).join('\n')).toMatch(/glyphs named as other ideographs/);
  });

  it('twin: the same document whose font names its glyphs 一 二 passes with nothing unread', async () => {
    const r = await scanner.scan(document(['uni4E00', 'uni4E8C']), { filename: '通知.docx' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
});
