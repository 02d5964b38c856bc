/**
 * Charts in a Word document: what Word draws of them is read, the labels their number formats
 * draw included (a data label's `numFmt formatCode="&quot;机密★5年 &quot;0"` writes the marking
 * on every bar, and only the quoted format code was read, as a mention: the file passed).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractDocx } from '../src/index.ts';
import { chartFormatLines } from '../src/number-format.ts';
import { ctx, docx, para, REL } from './helpers.ts';

const C = 'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';

/** A bar chart of inspections by quarter; `title` is DrawingML runs, `labels` the series' c:dLbls, `cacheFormat` its value cache's format. */
function chart(title: string, labels = '', cacheFormat = 'General'): string {
  const cat = ['一季度', '二季度', '三季度'].map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join('');
  const val = [12, 15, 9].map((v, i) => `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`).join('');
  return (
    `<?xml version="1.0" encoding="UTF-8"?><c:chartSpace ${C}><c:chart>` +
    `<c:title><c:tx><c:rich><a:bodyPr/><a:p>${title}</a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:plotArea><c:barChart><c:barDir val="col"/>` +
    `<c:ser><c:idx val="0"/><c:order val="0"/><c:tx><c:strRef><c:f>Sheet1!$B$1</c:f><c:strCache><c:ptCount val="1"/><c:pt idx="0"><c:v>检查次数</c:v></c:pt></c:strCache></c:strRef></c:tx>${labels}` +
    `<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$4</c:f><c:strCache><c:ptCount val="3"/>${cat}</c:strCache></c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>Sheet1!$B$2:$B$4</c:f><c:numCache><c:formatCode>${cacheFormat}</c:formatCode><c:ptCount val="3"/>${val}</c:numCache></c:numRef></c:val></c:ser>` +
    `<c:axId val="1"/><c:axId val="2"/></c:barChart><c:catAx><c:axId val="1"/><c:crossAx val="2"/></c:catAx><c:valAx><c:axId val="2"/><c:numFmt formatCode="General" sourceLinked="1"/><c:crossAx val="1"/></c:valAx></c:plotArea></c:chart></c:chartSpace>`
  );
}

const dataLabels = (format: string) => `<c:dLbls><c:numFmt formatCode="${format}" sourceLinked="0"/><c:showLegendKey val="0"/><c:showVal val="1"/></c:dLbls>`;
const run = (t: string) => `<a:r><a:t>${t}</a:t></a:r>`;

/** A short notice with the chart between its paragraphs. */
function notice(chartXml: string): Uint8Array {
  const drawing =
    '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="4000000" cy="2500000"/><wp:docPr id="1" name="图表 1"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">' +
    '<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="rId7"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>';
  const body = ['关于2026年第三季度安全检查情况的通报', '各部门：', '现将第三季度安全检查情况通报如下。'].map(para).join('') + drawing + ['请各部门对照整改。', '办公室', '2026年10月9日'].map(para).join('');
  return docx(body, { 'word/charts/chart1.xml': chartXml }, [`<Relationship Id="rId7" Type="${REL}/chart" Target="charts/chart1.xml"/>`]);
}

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

describe('charts', () => {
  it('a data label number format writing a marking is read as the labels show it: the notice is not passed', async () => {
    const bytes = notice(chart(run('第三季度检查次数'), dataLabels('&quot;机密★5年 &quot;0')));
    const x = await extractDocx(bytes, ctx());
    const shown = x.parts.find((p) => p.id === 'word/charts/chart1.xml#number-formats');
    expect(shown?.role).toBe('body');
    expect(shown?.text.split('\n')).toContain('机密★5年 12');
    const r = await scanner.scan(bytes, { filename: 'chart-labels.docx' });
    expect(r.verdict).toBe('block');
  });

  it('a value cache format with the marking alone (every label shows it) blocks', async () => {
    const r = await scanner.scan(notice(chart(run('第三季度检查次数'), '<c:dLbls><c:showVal val="1"/></c:dLbls>', '"机密★5年"')), { filename: 'chart-cache.docx' });
    expect(r.verdict).toBe('block');
  });

  it('a title written in two runs (机密 + ★5年) is read as one line', async () => {
    const x = await extractDocx(notice(chart(run('机密') + run('★5年'))), ctx());
    expect(x.parts.find((p) => p.id === 'word/charts/chart1.xml')?.text.split('\n')).toContain('机密★5年');
  });

  it('a chart with units in its formats and a title about confidentiality passes', async () => {
    const bytes = notice(chart(run('数据的机密性') + run('保护检查次数'), dataLabels('0&quot;次&quot;'), '#,##0&quot;次&quot;'));
    const r = await scanner.scan(bytes, { filename: 'chart-benign.docx' });
    expect(r.verdict).toBe('pass');
  });

  it('draws each literal format over the cached values and each sign; formats without literals draw nothing', () => {
    expect(chartFormatLines(chart(run('x')))).toEqual([]);
    const lines = chartFormatLines(chart(run('x'), dataLabels('0&quot;次&quot;;&quot;减少&quot;0;&quot;无&quot;')));
    expect(lines).toEqual(['12次', '15次', '9次', '1次', '无', '减少1']);
  });
});
