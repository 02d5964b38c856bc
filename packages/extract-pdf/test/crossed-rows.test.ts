/**
 * A text box set half a line over a heading (LibreOffice's PDF of a Word 97 notice whose
 * `秘密★6个月` stands in a floating text box at the top-left corner, over the start of the title)
 * shares the heading's band: its runs overlap the title's by more than half their height (through
 * the taller digits), so the layout read both as one line, `秘密★6个月市教育局关于…`, the marking
 * stood inside running text (info) and the page passed though the marking shows at its top. Runs
 * of one band drawn across one another's width at heights a quarter line apart are now two rows,
 * top row first; runs that only jitter on one baseline stay one line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutLines, type TextRun } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, stream, ucs2 } from './raw-pdf.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

const BODY =
  `BT /F2 12 Tf 72 640 Td ${ucs2('各区教育局、各考点学校：')} Tj ET ` +
  `BT /F2 12 Tf 72 620 Td ${ucs2('2024年中考定于6月20日至22日举行，现就考务工作有关事项通知如下。')} Tj ET`;

/** The heading at 16 pt from x 144 on baseline 680; `box` in a text box at 16 pt from x 76, 7 pt higher (so 56% of a line overlaps). */
const notice = (box: string) =>
  buildPdf(
    onePageCjk(
      stream('', `BT /F2 16 Tf 144 680 Td ${ucs2('市教育局关于2024年中考考务工作的通知')} Tj ET BT /F2 16 Tf 76 687 Td ${ucs2(box)} Tj ET ${BODY}`),
    ),
  );

describe('PDF: a text box drawn half a line over a heading', () => {
  it('is a row of its own: 秘密★6个月 over the title blocks', async () => {
    const r = await scanner.scan(notice('秘密★6个月'), { filename: 'notice.pdf' });
    expect(r.verdict).toBe('block');
    const page = r.coverage.parts.find((p) => p.id === 'page-1');
    expect(page).toBeDefined();
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret');
    expect(f?.severity).toBe('block');
  });

  it('the same box with 公开 passes', async () => {
    const r = await scanner.scan(notice('公开'), { filename: 'notice.pdf' });
    expect(r.verdict).toBe('pass');
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('layoutLines: runs crossing at different heights', () => {
  const page = { page: 1, width: 595, height: 842 };
  const run = (text: string, x0: number, y0: number, width: number, size = 16): TextRun => ({ text, x0, y0, x1: x0 + width, y1: y0 + size, size });

  it('splits them into rows, top first, even when taller digits chain the bands', () => {
    const out = layoutLines(
      [
        run('市教育局关于', 144.3, 96.4, 96),
        { ...run('2024', 243.5, 94.3, 44.5), y1: 113 },
        run('年中考考务工作的通知', 291.3, 96.4, 160),
        run('秘密★', 76.4, 87.8, 48),
        { ...run('6', 124.4, 85.7, 10.2), y1: 104.4 },
        run('个月', 137.8, 87.8, 32),
        run('各区教育局、各考点学校：', 72.1, 119.6, 192),
      ],
      page,
    );
    expect(out.text.split('\n')).toEqual(['秘密★6个月', '市教育局关于2024年中考考务工作的通知', '各区教育局、各考点学校：']);
  });

  it('keeps one line when runs only jitter on a baseline or are drawn over themselves', () => {
    const out = layoutLines([run('机密', 72, 100, 32), run('★', 104, 101.5, 16), run('5年', 120, 99, 32), run('5年', 120.5, 99.5, 32)], page);
    expect(out.text.split('\n')).toHaveLength(1);
  });
});
