/**
 * A workbook form's options with all but one struck through (rich text in a cell: 绝密 机密 秘密
 * with two runs <strike/>, as 不适用的划去 asks) name the one left. The cell read whole lists the
 * three levels and the routing slip passed; the cell is also read without its struck runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { createScanner, type Scanner } from '@prepub/scanner';
import { rewritePart, xlsx } from '../../ooxml/test/ooxml-writer.ts';

/** A routing slip whose 密级 cell (B3) holds `runs` as rich text: [text, struck][]. */
function slip(runs: Array<[string, boolean]>): Uint8Array {
  const book = xlsx({ sheets: [{ name: '文件处理单', rows: [['文件处理单'], ['来文单位', '江临市发展和改革委员会'], ['密级', { inline: 'RICH' }], ['事由', '关于下达2027年度重点项目投资计划的函']] }] });
  const files = unzipSync(book);
  const name = Object.keys(files).find((f) => /worksheets\/sheet1\.xml$/.test(f))!;
  const rich = runs.map(([t, struck]) => `<r>${struck ? '<rPr><strike/></rPr>' : ''}<t xml:space="preserve">${t}</t></r>`).join('');
  files[name] = strToU8(strFromU8(files[name]).replace('<is><t>RICH</t></is>', `<is>${rich}</is>`));
  return zipSync(files);
}

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('XLSX: options struck through in a cell', () => {
  it('the level left when the others are struck blocks', async () => {
    const r = await scanner.scan(slip([['绝密', true], [' 机密 ', false], ['秘密', true]]), { filename: 'slip.xlsx' });
    expect(r.verdict).toBe('block');
  });

  it('nothing struck, or 公开 left: pass', async () => {
    for (const runs of [[['绝密 机密 秘密', false]], [['绝密 机密 秘密', true], [' 公开', false]]] as Array<Array<[string, boolean]>>) {
      const r = await scanner.scan(slip(runs), { filename: 'slip.xlsx' });
      expect(r.verdict).toBe('pass');
    }
  });

  // A text box on the sheet (DrawingML: a:rPr strike) was read whole only, and passed.
  it('in a text box on the sheet: the level left when the others are struck (a:rPr strike) blocks; 公开 left passes', async () => {
    const box = (left: string) =>
      rewritePart(xlsx({ sheets: [{ name: '文件处理单', rows: [['文件处理单'], ['事由', '关于下达2027年度重点项目投资计划的函']], textBox: 'BOX' }] }), 'xl/drawings/drawing1.xml', (x) =>
        x.replace(
          '<a:r><a:t>BOX</a:t></a:r>',
          ['密级：', '绝密', ' ', '机密', ' ', '秘密', ' ', '公开'].map((t) => `<a:r><a:rPr${['绝密', '机密', '秘密', '公开'].includes(t) && t !== left ? ' strike="sngStrike"' : ''}/><a:t xml:space="preserve">${t}</a:t></a:r>`).join(''),
        ),
      );
    const r = await scanner.scan(box('机密'), { filename: 'slip.xlsx' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'xl/drawings/drawing1.xml#unstruck')).toBe(true);
    expect((await scanner.scan(box('公开'), { filename: 'slip.xlsx' })).verdict).toBe('pass');
  });
});
