import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner } from '@prepub/scanner';
import { createPdfExtractor } from '../src/index.ts';
import { buildPdf, onePage as pageOf, onePageCjk as cjkPageOf, pdfString, stream, ucs2 } from './raw-pdf.ts';

/** A one-page PDF's objects drawing `content` (Helvetica /F1), or with the Chinese font /F2 too. */
const onePage = (content: string) => pageOf(stream('', content));
const onePageCjk = (content: string) => cjkPageOf(stream('', content));

const extractor = createPdfExtractor({ renderPages: false });

async function pageText(bytes: Uint8Array): Promise<string> {
  const out = await extractor.extract(bytes, { limits: DEFAULT_LIMITS });
  return out.parts.find((p) => p.id === 'page-1')!.text;
}

/** One text box: lines drawn top to bottom from (x, y), 14 pt apart, with font `font`. */
function box(x: number, y: number, lines: string[], font = '/F1 11 Tf', show = pdfString): string {
  return `BT ${font} 14 TL ${x} ${y} Td\n${lines.map((l) => `${show(l)} Tj T*`).join('\n')}\nET\n`;
}

describe('reading order of real pages (pdf.js)', () => {
  it('reads two text boxes side by side one after the other', async () => {
    const left = ['Left column line 1', 'Left column line 2', 'Left column line 3'];
    const right = ['Right column line 1', 'Right column line 2', 'Right column line 3'];
    const bytes = buildPdf(onePage(box(40, 740, left) + box(300, 740, right)));
    expect(await pageText(bytes)).toBe([...left, ...right].join('\n'));
  });

  it('reads lines across the page when they are drawn across it', async () => {
    let content = '';
    for (let k = 1; k <= 3; k++) content += box(40, 754 - 14 * k, [`Name ${k}`]) + box(300, 754 - 14 * k, [`Value ${k}`]);
    expect(await pageText(buildPdf(onePage(content)))).toBe('Name 1 Value 1\nName 2 Value 2\nName 3 Value 3');
  });

  it('reads a word drawn between spaced brackets where it stands', async () => {
    const content = `BT /F1 12 Tf 72 700 Td ${pdfString(`(${' '.repeat(38)})`)} Tj ET\nBT /F1 12 Tf 120 700 Td (overlap) Tj ET`;
    expect((await pageText(buildPdf(onePage(content)))).replace(/\s+/g, ' ')).toBe('( overlap )');
  });

  it('keeps a marking drawn after two columns alone on the first line, and blocks the file', async () => {
    const col = (n: number) => Array.from({ length: 4 }, (_, k) => `第${n}栏第${k + 1}行的正文内容写在这里`);
    const content = box(40, 700, col(1), '/F2 11 Tf', ucs2) + box(320, 700, col(2), '/F2 11 Tf', ucs2) + box(40, 760, ['机密★5年'], '/F2 16 Tf', ucs2);
    const bytes = buildPdf(onePageCjk(content));
    const text = await pageText(bytes);
    expect(text.split('\n')).toEqual(['机密★5年', ...col(1), ...col(2)]);
    const scanner = await createScanner({ ocr: false });
    try {
      const result = await scanner.scan(bytes, { filename: 'two-columns.pdf' });
      expect(result.verdict).toBe('block');
    } finally {
      await scanner.close?.();
    }
  });

  it('reads glyphs drawn right to left where they stand: backward kerning in TJ, negative Tc, mirrored text matrix', async () => {
    // 机密★5年 drawn from its last character leftwards; the notice's title below is drawn normally.
    const mark = [...'机密★5年'];
    const back = [...mark].reverse();
    const title = 'BT /F2 14 Tf 72 700 Td ' + ucs2('关于做好汛期物资调度工作的通知') + ' Tj ET\n';
    const ways = {
      'TJ kerning': `BT /F2 16 Tf 200 760 Td [${back.map((c, i) => `${ucs2(c)}${i < back.length - 1 ? ' 2000' : ''}`).join(' ')}] TJ ET\n`,
      'negative Tc': `BT /F2 16 Tf -32 Tc 200 760 Td ${ucs2(back.join(''))} Tj 0 Tc ET\n`,
      'mirrored Tm': `BT /F2 16 Tf -1 0 0 1 200 760 Tm ${ucs2(back.join(''))} Tj ET\n`,
    };
    const scanner = await createScanner({ ocr: false });
    try {
      for (const [how, content] of Object.entries(ways)) {
        const bytes = buildPdf(onePageCjk(content + title));
        expect((await pageText(bytes)).split('\n'), how).toEqual(['机密★5年', '关于做好汛期物资调度工作的通知']);
        expect((await scanner.scan(bytes, { filename: 'notice.pdf' })).verdict, how).toBe('block');
      }
      // Kerning that only tightens a line (small backward steps inside a glyph) keeps the run whole.
      const tight = buildPdf(onePageCjk(`BT /F2 16 Tf 72 760 Td [${mark.map((c) => ucs2(c)).join(' 30 ')}] TJ ET\n` + title));
      expect((await pageText(tight)).split('\n')[0]).toBe('机密★5年');
    } finally {
      await scanner.close?.();
    }
  });
});
