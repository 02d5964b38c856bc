/**
 * A PDF routing slip whose chosen 密级 option is circled or boxed: a ring around 机密 (an ellipse
 * exported as curves), a box (re, four stroked rules as LibreOffice exports a character border,
 * four thin filled rectangles), or a Circle or Square annotation a reviewer drew in a viewer. The
 * page's text lists the three levels — a blank form — and passed. A row listing the levels with one
 * option enclosed alone is now read as that choice (page-1:circled-choice: 密级：机密, block); a ring
 * that encloses part of one option and part of another is unread (review).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, stream, ucs2 } from './raw-pdf.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

/** Each option at 12 pt on the 密级 row (baseline 670), with its x. */
const OPTIONS: Array<[string, number]> = [['绝密', 108], ['机密', 138], ['秘密', 168]];
const text = (s: string, x: number, y: number, size = 12) => `BT /F2 ${size} Tf ${x} ${y} Td ${ucs2(s)} Tj ET`;

/** The slip; `marks`: content drawn after the text, `annots`: annotation dictionaries. */
function slip(marks = '', annots: string[] = [], options = OPTIONS, extra = ''): Uint8Array {
  const content = [extra, text('文件处理单', 72, 740, 14), text('来文单位：江临市发展和改革委员会', 72, 700), text('密级：', 72, 670), ...options.map(([s, x]) => text(s, x, 670)), text('事由：关于下达年度投资计划的函', 72, 640), text('办理要求：①当日登记；②按时清退。', 72, 610), marks].join('\n');
  const objects = onePageCjk(stream('', content), { page: annots.length ? `/Annots [${annots.map((_, i) => `${7 + i} 0 R`).join(' ')}]` : '', more: annots });
  return buildPdf(objects);
}
const K = 0.5523;
/** An ellipse stroked around (cx, cy), as curves. */
const ring = (cx: number, cy: number, rx: number, ry: number) =>
  `1 0 0 RG 1 w ${cx + rx} ${cy} m ${cx + rx} ${cy + K * ry} ${cx + K * rx} ${cy + ry} ${cx} ${cy + ry} c ${cx - K * rx} ${cy + ry} ${cx - rx} ${cy + K * ry} ${cx - rx} ${cy} c ` +
  `${cx - rx} ${cy - K * ry} ${cx - K * rx} ${cy - ry} ${cx} ${cy - ry} c ${cx + K * rx} ${cy - ry} ${cx + rx} ${cy - K * ry} ${cx + rx} ${cy} c h S`;
/** A box around the option at `x` (24 pt wide), its four sides stroked apart (LibreOffice's character border). */
const rules = (x: number) => `0 0 0 RG 0.5 w ${x - 1} 683 m ${x + 25} 683 l S ${x + 25} 683 m ${x + 25} 667 l S ${x + 25} 667 m ${x - 1} 667 l S ${x - 1} 667 m ${x - 1} 683 l S`;
const bars = (x: number) => `0 0 0 rg ${x - 1} 682.5 26 0.5 re f ${x + 24.5} 667 0.5 16 re f ${x - 1} 667 26 0.5 re f ${x - 1} 667 0.5 16 re f`;
const annot = (subtype: string, x: number) => `<< /Type /Annot /Subtype /${subtype} /Rect [${x - 4} 664 ${x + 28} 686] /C [1 0 0] /Border [0 0 1] /F 4 >>`;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('PDF: an option circled or boxed', () => {
  it.each([
    ['a ring (curves) around 机密', ring(150, 674, 16, 10), []],
    ['a rectangle stroked around 机密', '0 0 0 RG 0.5 w 137 667 26 16 re S', []],
    ['four stroked rules around 机密 (a character border)', rules(138), []],
    ['four thin filled rectangles around 机密', bars(138), []],
    ['a Circle annotation around 机密', '', [annot('Circle', 138)]],
    ['a Square annotation around 机密', '', [annot('Square', 138)]],
    ['a Highlight annotation over 机密', '', [`<< /Type /Annot /Subtype /Highlight /Rect [138 666 162 682] /QuadPoints [138 682 162 682 138 666 162 666] /C [1 1 0] /F 4 >>`]],
  ] as Array<[string, string, string[]]>)('%s blocks, found in the reading of the choice', async (_, marks, annots) => {
    const r = await scanner.scan(slip(marks, annots), { filename: 'slip.pdf' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'page-1:circled-choice')).toBe(true);
  });

  it('a ring across half of 机密 and half of 秘密 is unread (review)', async () => {
    const r = await scanner.scan(slip(ring(165, 674, 14, 10)), { filename: 'slip.pdf' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.where === 'page 1' && /encloses no option cleanly/.test(u.detail))).toBe(true);
  });

  it.each([
    ['nothing marked', ''],
    ['公开 circled', ring(210, 674, 16, 10), [...OPTIONS, ['公开', 198]] as Array<[string, number]>],
    ['every option boxed', `${rules(108)} ${rules(138)} ${rules(168)}`],
    ['a box around the whole row (a table cell)', '0 0 0 RG 0.5 w 66 664 132 22 re S'],
    ['cells of a ruled table: the label, and the options together', '0 0 0 RG 0.5 w 66 664 40 22 re S 106 664 92 22 re S'],
    ['a box around a line of prose', '0 0 0 RG 0.5 w 70 636 190 16 re S'],
    ['a ring around ① in the text', ring(138, 614, 8, 8)],
  ] as Array<[string, string, Array<[string, number]>?]>)('%s: pass', async (_, marks, options) => {
    const r = await scanner.scan(slip(marks, [], options ?? OPTIONS), { filename: 'slip.pdf' });
    expect(r.verdict).toBe('pass');
  });

  // A highlight or shading exported behind the text (a band painted before it, as high as the line).
  it('a band behind 机密 alone (a highlight, shading) blocks; behind the label cell, the options cell, the whole row or 公开: pass', async () => {
    const band = (x: number, w: number) => `1 1 0 rg ${x} 667 ${w} 15 re f 0 0 0 rg`;
    const r = await scanner.scan(slip('', [], OPTIONS, band(137, 26)), { filename: 'slip.pdf' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'page-1:circled-choice')).toBe(true);
    for (const [name, under, options] of [
      ['the label cell shaded', `0.85 0.85 0.85 rg 66 664 40 22 re f 0 0 0 rg`, OPTIONS],
      ['the options cell shaded', `0.85 0.85 0.85 rg 106 664 92 22 re f 0 0 0 rg`, OPTIONS],
      ['the whole row shaded', `0.85 0.85 0.85 rg 66 664 132 22 re f 0 0 0 rg`, OPTIONS],
      ['公开 highlighted', band(197, 26), [...OPTIONS, ['公开', 198]]],
    ] as Array<[string, string, Array<[string, number]>]>) {
      expect((await scanner.scan(slip('', [], options, under), { filename: 'slip.pdf' })).verdict, name).toBe('pass');
    }
  });
});

describe('PDF: circled options looked for within bounds', () => {
  it('a slip under 6,000 stroked rules and boxes stays quick, its choice still read or the page reported', async () => {
    const grid: string[] = ['0 0 0 RG 0.5 w'];
    for (let i = 0; i < 1500; i++) grid.push(`60 ${100 + (i % 300)} m 560 ${100 + (i % 300)} l S 300 100 m 300 ${110 + (i % 50)} l S 137 667 26 16 re S 60 ${100 + (i % 200)} 40 20 re S`);
    const t = process.cpuUsage();
    const r = await scanner.scan(slip(`${ring(150, 674, 16, 10)}\n${grid.join('\n')}`), { filename: 'slip.pdf' });
    // About 0.4 s of CPU measured (the bound was 30 s of wall time, for a loaded machine).
    expect(cpuMsSince(t)).toBeLessThan(5000);
    expect(r.verdict).not.toBe('pass');
  });
});
