/**
 * A piece drawn inside a marking where nobody sees it on the page: in the colour of the shape right
 * under it, squeezed by Tz, drawn over by the next glyph (a negative Tc), or 2 pt and smaller. Each
 * is hidden text, so the line reads as the page shows it; ordinary shapes of the same kind are seen.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createPdfExtractor } from '../src/index.ts';
import { buildPdf, onePageCjk, stream, ucs2 } from './raw-pdf.ts';

const extractor = createPdfExtractor({ renderPages: false });
const read = (bytes: Uint8Array) => extractor.extract(bytes, { limits: DEFAULT_LIMITS, filename: 'x.pdf' });

/** A page whose first line is 机 + 开 (drawn with `piece`: operators before it, `after` to undo them) + 密★5年, under `under` (content painted first). */
const page = (piece: string, after: string, under = '') =>
  buildPdf(
    onePageCjk(
      stream(
        '',
        `${under}\nBT /F2 16 Tf 72 700 Td ${ucs2('机')} Tj ${piece} ${ucs2('开')} Tj ${after} ${ucs2('密★5年')} Tj ET\n` +
          `BT 0 g /F2 14 Tf 72 660 Td ${ucs2('关于做好汛期物资调度工作的通知')} Tj ET`,
      ),
    ),
  );
const lines = async (bytes: Uint8Array) => {
  const x = await read(bytes);
  return { body: x.parts.find((p) => p.id === 'page-1')?.text.split('\n')[0], hidden: x.parts.filter((p) => p.role === 'hidden').map((p) => `${p.id}=${p.text}`) };
};

describe('PDF: a piece nobody sees inside a marking', () => {
  it('in the colour of the shape right under it, squeezed to a sliver, drawn over by the next glyph, or 2 pt: hidden, the line reads whole', async () => {
    const cases: Array<[string, string, string, string]> = [
      ['0.75 0 0 rg', '0 g', '0.75 0 0 rg 86 694 20 24 re f 0 g', 'ground-colour'],
      ['1 1 0 rg', '0 g', '1 1 0 rg 86 694 20 24 re f 0 g', 'ground-colour'],
      ['5 Tz', '100 Tz', '', 'squeezed'],
      ['-16 Tc', '0 Tc', '', 'squeezed'],
      ['/F2 1.5 Tf', '/F2 16 Tf', '', 'tiny'],
    ];
    for (const [piece, after, under, tag] of cases) {
      const { body, hidden } = await lines(page(piece, after, under));
      // The gap the piece leaves may read as a blank: 机 密★5年, which the detectors read as one mark.
      expect(body?.replace(/\s/g, ''), piece).toBe('机密★5年');
      expect(hidden, piece).toEqual([`page-1:${tag}=开`]);
    }
  });

  it('another colour on a shape, a shape painted before elsewhere, half width, slight condensing and 8 pt are seen', async () => {
    const cases: Array<[string, string, string]> = [
      ['0.75 0 0 rg', '0 g', '0 0 0.6 rg 86 694 20 24 re f 0 g'],
      ['0.75 0 0 rg', '0 g', '0.75 0 0 rg 300 694 20 24 re f 0 g'],
      // Red text on a red box with a white box painted over the red one, under the text: seen.
      ['0.75 0 0 rg', '0 g', '0.75 0 0 rg 86 694 20 24 re f 1 g 86 694 20 24 re f 0 g'],
      ['50 Tz', '100 Tz', ''],
      ['-2 Tc', '0 Tc', ''],
      ['/F2 8 Tf', '/F2 16 Tf', ''],
    ];
    for (const [piece, after, under] of cases) {
      const { body, hidden } = await lines(page(piece, after, under));
      expect(body?.replace(/\s/g, ''), `${piece} ${under}`).toBe('机开密★5年');
      expect(hidden, `${piece} ${under}`).toEqual([]);
    }
  });
});
