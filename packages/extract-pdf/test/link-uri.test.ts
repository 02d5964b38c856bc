/**
 * A link annotation's address is shown, decoded, when the pointer rests on it. A URI is ASCII, so a
 * path spelling 机密★5年 is always percent-encoded (/URI (…/%E6%9C%BA%E5%AF%86%E2%98%855%E5%B9%B4/…)):
 * no raw pass finds it, and the link had not been read at all, so the file passed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, linesContent, onePage, stream } from './raw-pdf.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

/** A one-page notice in Helvetica whose second line is a link to `uri` (object 6). */
function linked(uri: string): Uint8Array {
  const content = linesContent(['Jianglin Flood Control Office', 'Flood season supplies: see the dispatch plan']);
  return buildPdf(onePage(stream('', content), { page: '/Annots [6 0 R]', more: [`<< /Type /Annot /Subtype /Link /Rect [72 690 400 712] /Border [0 0 0] /A << /S /URI /URI (${uri}) >> >>`] }));
}

const pct = (s: string) => encodeURIComponent(s);

describe('PDF link addresses', () => {
  it('a percent-encoded address spelling a marking is read decoded, at the link: not pass', async () => {
    const r = await scanner.scan(linked(`http://oa.jianglin.gov.cn/files/${pct('机密★5年')}/${pct('汛期物资调度方案')}.pdf`), { filename: 'notice.pdf' });
    expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.location.part?.startsWith('page-1:annot:'))).toBe(true);
    expect(r.verdict).not.toBe('pass');
  });
  it('an ASCII address adds nothing: the notice passes', async () => {
    const r = await scanner.scan(linked('http://oa.jianglin.gov.cn/files/plan-2024.pdf'), { filename: 'notice.pdf' });
    expect(r.verdict).toBe('pass');
  });
});
