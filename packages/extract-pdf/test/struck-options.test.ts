/**
 * A PDF routing slip whose 密级 options are struck out but one (不适用的划去): as a word processor
 * exports strikethrough (a thin bar across the middle of the run) or as a reviewer strikes text in
 * a viewer (a StrikeOut annotation). The page's text lists the three levels and passed; the page
 * is also read without its struck runs. An underline or a row rule under the options strikes
 * nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, stream, ucs2 } from './raw-pdf.ts';

/** Each option at 12 pt on the 密级 row (baseline 670), with its x. */
const OPTIONS: Array<[string, number]> = [['绝密', 108], ['机密', 138], ['秘密', 168]];
const text = (s: string, x: number, y: number, size = 12) => `BT /F2 ${size} Tf ${x} ${y} Td ${ucs2(s)} Tj ET`;

/** The slip; `lines`: extra content drawn over the text (bars), `annots`: annotation dictionaries, `under`: content drawn before the text. */
function slip(lines = '', annots: string[] = [], left = OPTIONS, under = ''): Uint8Array {
  const content = [under, text('文件处理单', 72, 740, 14), text('来文单位：江临市发展和改革委员会', 72, 700), text('密级：', 72, 670), ...left.map(([s, x]) => text(s, x, 670)), text('事由：关于下达年度投资计划的函', 72, 640), lines].join('\n');
  const objects = onePageCjk(stream('', content), { page: annots.length ? `/Annots [${annots.map((_, i) => `${7 + i} 0 R`).join(' ')}]` : '', more: annots });
  return buildPdf(objects);
}
/** A bar `h` pt thick at height `y` over the option at `x` (24 pt wide). */
const bar = (x: number, y: number, h = 0.6) => `0 0 0 rg ${x} ${y} 24 ${h} re f`;
const strikeOut = (x: number) => `<< /Type /Annot /Subtype /StrikeOut /Rect [${x} 666 ${x + 24} 682] /QuadPoints [${x} 682 ${x + 24} 682 ${x} 667 ${x + 24} 667] /C [1 0 0] /F 4 >>`;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('PDF: options struck through', () => {
  it('bars across the middle of 绝密 and 秘密 (exported strikethrough): the one left blocks', async () => {
    const r = await scanner.scan(slip(`${bar(108, 674)}\n${bar(168, 674)}`), { filename: 'slip.pdf' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'page-1:unstruck')).toBe(true);
  });

  it('StrikeOut annotations over 绝密 and 秘密: the one left blocks', async () => {
    const r = await scanner.scan(slip('', [strikeOut(108), strikeOut(168)]), { filename: 'slip.pdf' });
    expect(r.verdict).toBe('block');
  });

  it('bars under the options (underlines, a row rule) strike nothing: pass', async () => {
    for (const lines of [`${bar(108, 667)}\n${bar(168, 667)}`, `0 0 0 rg 60 664 480 0.5 re f`]) {
      const r = await scanner.scan(slip(lines), { filename: 'slip.pdf' });
      expect(r.verdict, lines).toBe('pass');
    }
  });

  it('a highlight behind 绝密 and 秘密 (a band as high as the text) strikes nothing: pass', async () => {
    const r = await scanner.scan(slip('', [], OPTIONS, `1 1 0 rg 108 668 24 12 re f 168 668 24 12 re f 0 0 0 rg`), { filename: 'slip.pdf' });
    expect(r.verdict).toBe('pass');
    // A bar a little thicker than a strike, in the middle, behind the text: still no strike.
    const thick = await scanner.scan(slip('', [], OPTIONS, `0.8 0.8 0.8 rg 108 672 24 4 re f 168 672 24 4 re f 0 0 0 rg`), { filename: 'slip.pdf' });
    expect(thick.verdict).toBe('pass');
  });

  it('the levels struck and 公开 left: pass', async () => {
    const r = await scanner.scan(slip(`${bar(108, 674)}\n${bar(138, 674)}\n${bar(168, 674)}`, [], [...OPTIONS, ['公开', 198]]), { filename: 'slip.pdf' });
    expect(r.verdict).toBe('pass');
  });
});
