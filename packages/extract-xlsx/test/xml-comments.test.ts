/**
 * Comments and processing instructions in the XML parts of presentations and workbooks (the shared
 * package reader): no application draws them, but they are in the file, read as hidden text.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractXlsx } from '../src/index.ts';
import { extractPptx } from '../../extract-pptx/src/index.ts';
import { pptx, xlsx } from '../../ooxml/test/ooxml-writer.ts';

/** `pkg` with `edit` applied to the part `name`. */
function rewrite(pkg: Uint8Array, name: string, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(pkg);
  files[name] = strToU8(edit(strFromU8(files[name])));
  return zipSync(files);
}

const deck = () => pptx({ slides: [{ shapes: [{ text: ['2026年度消防安全培训'] }, { text: ['一、培训安排', '二、考核要求'] }] }] });
const book = () => xlsx({ sheets: [{ name: '名单', rows: [['序号', '姓名', '单位'], [1, '王建国', '江临市消防救援支队']] }] });

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

describe('XML comments in presentations and workbooks', () => {
  it('a slide\'s comment holding a marking is read as hidden text and the deck is not passed; without it the deck passes', async () => {
    const marked = rewrite(deck(), 'ppt/slides/slide1.xml', (xml) => xml.replace('<p:cSld>', '<!-- 机密★5年 --><p:cSld>'));
    const x = await extractPptx(marked, { limits: DEFAULT_LIMITS });
    expect(x.parts.find((p) => p.id === 'ppt/slides/slide1.xml#xml-comments')).toMatchObject({ role: 'hidden', text: '机密★5年' });
    expect((await scanner.scan(marked, { filename: 'deck.pptx' })).verdict).not.toBe('pass');
    expect((await scanner.scan(rewrite(deck(), 'ppt/slides/slide1.xml', (xml) => xml.replace('<p:cSld>', '<!-- exported by a converter --><p:cSld>')), { filename: 'deck.pptx' })).verdict).toBe('pass');
  });

  it('a processing instruction in a sheet, and a comment in a part no reader asks for, are read', async () => {
    const marked = rewrite(book(), 'xl/worksheets/sheet1.xml', (xml) => xml.replace('<sheetData>', '<?note 机密★5年?><sheetData>'));
    const x = await extractXlsx(marked, { limits: DEFAULT_LIMITS });
    expect(x.parts.find((p) => p.id === 'xl/worksheets/sheet1.xml#xml-comments')?.text).toBe('note 机密★5年');
    const files = unzipSync(book());
    files['xl/draft.xml'] = strToU8('<?xml version="1.0"?><draft><!-- 机密★5年 --></draft>');
    const y = await extractXlsx(zipSync(files), { limits: DEFAULT_LIMITS });
    expect(y.parts.find((p) => p.id.startsWith('xl/draft.xml') && p.id.endsWith('#xml-comments'))?.text).toBe('机密★5年');
    expect((await scanner.scan(marked, { filename: 'book.xlsx' })).verdict).not.toBe('pass');
  });
});
