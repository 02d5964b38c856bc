/**
 * Charts of workbooks and presentations are read by the package's leftover reader: the labels
 * their number formats draw are read as shown (`"机密★5年 "0` on a data label writes the marking
 * on every bar). Before, only the format code was read, quoted, as a mention: review, not block.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { DEFAULT_LIMITS } from '@prepub/core';
import { extractPptx } from '../src/index.ts';
import { addLinkedParts, pptx, xlsx } from '../../ooxml/test/ooxml-writer.ts';

const C = 'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';

/** Training hours by quarter, the series' data labels drawn through `format`. */
function chart(format: string): string {
  const val = [36, 42, 28].map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?><c:chartSpace ${C}><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>各季度培训学时</a:t></a:r></a:p></c:rich></c:tx></c:title><c:plotArea><c:barChart><c:barDir val="col"/>` +
    `<c:ser><c:idx val="0"/><c:order val="0"/><c:dLbls><c:numFmt formatCode="${format}" sourceLinked="0"/><c:showVal val="1"/></c:dLbls>` +
    `<c:val><c:numRef><c:f>Sheet1!$B$2:$B$4</c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="3"/>${val}</c:numCache></c:numRef></c:val></c:ser>` +
    `<c:axId val="1"/><c:axId val="2"/></c:barChart></c:plotArea></c:chart></c:chartSpace>`
  );
}

const deck = (format: string) =>
  addLinkedParts(pptx({ slides: [{ shapes: [{ text: ['2026年度统计业务培训总结'] }, { text: ['一、培训开展情况'] }] }] }), 'ppt/slides/slide1.xml', { 'ppt/charts/chart1.xml': chart(format) }, [['chart', '../charts/chart1.xml']]);

const book = (format: string) =>
  addLinkedParts(
    xlsx({ sheets: [{ name: '培训', rows: [['季度', '学时'], ['一季度', 36], ['二季度', 42], ['三季度', 28]], textBox: '各季度培训学时' }] }),
    'xl/drawings/drawing1.xml',
    { 'xl/charts/chart1.xml': chart(format) },
    [['chart', '../charts/chart1.xml']],
  );

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

describe('chart number formats', () => {
  it('PPTX: a data label format writing 机密★5年 is read as the labels show it and blocks; a unit format passes', async () => {
    const x = await extractPptx(deck('&quot;机密★5年 &quot;0'), { limits: DEFAULT_LIMITS });
    const shown = x.parts.find((p) => p.id === 'ppt/charts/chart1.xml#number-formats');
    expect(shown?.role).toBe('body');
    expect(shown?.text.split('\n')).toContain('机密★5年 36');
    expect((await scanner.scan(deck('&quot;机密★5年 &quot;0'), { filename: 'deck.pptx' })).verdict).toBe('block');
    expect((await scanner.scan(deck('0&quot;学时&quot;'), { filename: 'deck.pptx' })).verdict).toBe('pass');
  });

  it('XLSX: the same chart in a sheet\'s drawing blocks; with a unit format it passes', async () => {
    expect((await scanner.scan(book('&quot;机密★5年&quot;'), { filename: 'book.xlsx' })).verdict).toBe('block');
    expect((await scanner.scan(book('0&quot;学时&quot;'), { filename: 'book.xlsx' })).verdict).toBe('pass');
  });
});
