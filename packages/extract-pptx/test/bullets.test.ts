/**
 * Bullets: a paragraph's bullet character is drawn in front of its text. One that is a Chinese
 * character (a:buChar char="机" before 密★5年) was not read, and the slide passed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, PartBuilder } from '@prepub/core';
import { readDrawing } from '@prepub/ooxml';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractPptx } from '../src/index.ts';
import { pptx, rewritePart } from '../../ooxml/test/ooxml-writer.ts';

const shape = (lstStyle: string, paras: string) =>
  `<p:spTree><p:sp><p:nvSpPr><p:cNvPr id="2" name="Content"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:lstStyle>${lstStyle}</a:lstStyle>${paras}</p:txBody></p:sp></p:spTree>`;
const para = (text: string, pPr = '') => `<a:p>${pPr ? `<a:pPr${pPr.startsWith(' ') ? pPr : `>${pPr}</a:pPr`}>` : ''}${text ? `<a:r><a:rPr lang="zh-CN"/><a:t>${text}</a:t></a:r>` : ''}</a:p>`;
const read = (xml: string) => {
  const to = { text: new PartBuilder('s', 'body', {}), hidden: new PartBuilder('s#h', 'hidden', {}), alt: new PartBuilder('s#a', 'alt-text', {}) };
  readDrawing(xml, to);
  return to.text.toPart().text.split('\n');
};

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

describe('bullets', () => {
  it('a Chinese character bullet is written in front of its paragraph, its own or its text body\'s list style\'s by level; symbol bullets, numbers and empty paragraphs are left alone', () => {
    const lst = '<a:lvl1pPr><a:buChar char="•"/></a:lvl1pPr><a:lvl2pPr><a:buChar char="机"/></a:lvl2pPr>';
    const lines = read(
      shape(
        lst,
        para('密★5年', '<a:buFont typeface="宋体"/><a:buChar char="机"/>') +
          para('二级条目', ' lvl="1"/') +
          para('一级条目') +
          para('', '<a:buChar char="秘"/>') +
          para('编号条目', '<a:buAutoNum type="arabicPeriod"/>') +
          para('不加符号', ' lvl="1"><a:buNone/></a:pPr'),
      ),
    );
    expect(lines).toEqual(['机密★5年', '机二级条目', '一级条目', '', '编号条目', '不加符号']);
  });

  it('a slide whose bullet 机 stands before 密★5年 blocks; the same slide with a bullet • does not', async () => {
    const deck = (bullet: string) =>
      rewritePart(pptx({ slides: [{ shapes: [{ text: ['2026年度保密工作培训'] }, { text: ['PLACEHOLDER'] }] }] }), 'ppt/slides/slide1.xml', (xml) =>
        xml.replace('<a:p><a:r><a:rPr lang="zh-CN"/><a:t>PLACEHOLDER</a:t></a:r></a:p>', `<a:p><a:pPr marL="0" indent="0"><a:buFont typeface="宋体"/><a:buChar char="${bullet}"/></a:pPr><a:r><a:rPr lang="zh-CN"/><a:t>密★5年</a:t></a:r></a:p>`),
      );
    expect((await scanner.scan(deck('机'), { filename: 'deck.pptx' })).verdict).toBe('block');
    // 密★5年 after a bullet • is a level that lost a character: a human decides, nothing blocks.
    const dotted = await scanner.scan(deck('•'), { filename: 'deck.pptx' });
    expect(dotted.verdict).toBe('review');
    expect(dotted.findings.filter((f) => f.severity !== 'info').map((f) => f.explanation.pattern)).toEqual(['damaged-level']);
  });

  it('a Chinese character bullet a master defines for the slides that inherit it is reported as not read whole', async () => {
    const deck = (bullet: string) =>
      rewritePart(pptx({ slides: [{ shapes: [{ text: ['2026年度保密工作培训'] }] }] }), 'ppt/slideMasters/slideMaster1.xml', (xml) =>
        xml.replace('<p:sldLayoutIdLst>', `<p:txStyles><p:titleStyle/><p:bodyStyle><a:lvl1pPr><a:buChar char="${bullet}"/></a:lvl1pPr></p:bodyStyle><p:otherStyle/></p:txStyles><p:sldLayoutIdLst>`),
      );
    const x = await extractPptx(deck('机'), { limits: DEFAULT_LIMITS });
    expect(x.loss).toEqual([expect.objectContaining({ where: 'ppt/slideMasters/slideMaster1.xml', kind: 'unreadable-object' })]);
    expect((await scanner.scan(deck('机'), { filename: 'deck.pptx' })).verdict).toBe('review');
    expect((await scanner.scan(deck('•'), { filename: 'deck.pptx' })).verdict).toBe('pass');
  });
});
