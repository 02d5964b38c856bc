/**
 * A piece drawn inside a marking where nobody sees it on the page: in the colour of the shape right
 * under it, squeezed by Tz, drawn over by the next glyph (a negative Tc), or 2 pt and smaller. Each
 * is hidden text, so the line reads as the page shows it; ordinary shapes of the same kind are seen.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createPdfExtractor } from '../src/index.ts';
import { buildPdf, CJK_FONT, onePageCjk, stream, ucs2 } from './raw-pdf.ts';

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

/** A page whose first line is drawn by `ops` (inside BT, 16 pt, from 72 700), over a body line. */
const drawn = (ops: string) =>
  buildPdf(onePageCjk(stream('', `BT /F2 16 Tf 72 700 Td ${ops} ET\nBT 0 g /F2 14 Tf 72 660 Td ${ucs2('关于做好汛期物资调度工作的通知')} Tj ET`)));
const overdraws = async (bytes: Uint8Array) => {
  const x = await read(bytes);
  return { ...(await lines(bytes)), losses: (x.loss ?? []).filter((l) => /painted over/.test(l.detail)).map((l) => l.count) };
};

describe('PDF: a glyph painted over another', () => {
  it('by a TJ jump back onto it, past it, or a Td back onto the line: the glyph underneath is hidden, and the pair is a loss', async () => {
    const cases = [
      `[${ucs2('机开')} 1000 ${ucs2('密★5年')}] TJ`,
      `[${ucs2('机开')} 1100 ${ucs2('密★5年')}] TJ`,
      `${ucs2('机开')} Tj 16 0 Td ${ucs2('密★5年')} Tj`,
    ];
    for (const ops of cases) {
      const { body, hidden, losses } = await overdraws(drawn(ops));
      expect(body, ops).toBe('机密★5年');
      expect(hidden, ops).toEqual(['page-1:squeezed=开']);
      expect(losses, ops).toEqual([1]);
    }
  });

  it('the other character painted last reads the line the other way: the loss keeps it from passing', async () => {
    const { body, hidden, losses } = await overdraws(drawn(`[${ucs2('机密')} 1000 ${ucs2('开★5年')}] TJ`));
    expect(body).toBe('机开★5年');
    expect(hidden).toEqual(['page-1:squeezed=密']);
    expect(losses).toEqual([1]);
  });

  it('the same line drawn twice a hair apart (bold), glyphs half over each other, and another line are no overdraw', async () => {
    const cases = [
      `${ucs2('机密★5年')} Tj 0.3 0 Td ${ucs2('机密★5年')} Tj`,
      `[${ucs2('机开')} 500 ${ucs2('密★5年')}] TJ`,
      `${ucs2('机开')} Tj 16 -8 Td ${ucs2('密★5年')} Tj`,
    ];
    for (const ops of cases) {
      const { hidden, losses } = await overdraws(drawn(ops));
      expect(hidden, ops).toEqual([]);
      expect(losses, ops).toEqual([]);
    }
  });

  it('the same character drawn again over itself reads once: a line drawn twice (bold), or each glyph twice 0.4 pt apart', async () => {
    expect((await lines(drawn(`${ucs2('机密★5年')} Tj 0.3 0 Td ${ucs2('机密★5年')} Tj`))).body).toBe('机密★5年');
    // One glyph at a time, each drawn twice: read in place, 机机密密★★55年年 hid the marking.
    const xs = [0, 16, 32, 40, 48];
    const twice = [...'机密★5年'].map((c, i) => `ET BT /F2 16 Tf ${72 + xs[i]} 700 Td ${ucs2(c)} Tj ET BT /F2 16 Tf ${72.4 + xs[i]} 700 Td ${ucs2(c)} Tj`).join(' ');
    const { body, hidden, losses } = await overdraws(drawn(`${ucs2('')} Tj ${twice}`));
    expect(body).toBe('机密★5年');
    expect(hidden).toEqual([]);
    expect(losses).toEqual([]);
  });
});

/**
 * A page drawing 机, then 开 under `clip` (operators run inside q … Q before the glyph: a clipping
 * path, or a form XObject 7 0 R whose /BBox is given by `form`), then 密★5年.
 */
const clipped = (clip: string, form?: string) => {
  const body = `BT /F2 16 Tf 72 700 Td ${ucs2('机')} Tj ET\n`;
  const rest = `BT /F2 16 Tf 104 700 Td ${ucs2('密★5年')} Tj ET\nBT 0 g /F2 14 Tf 72 660 Td ${ucs2('关于做好汛期物资调度工作的通知')} Tj ET`;
  const piece = `BT /F2 16 Tf 88 700 Td ${ucs2('开')} Tj ET`;
  const content = form === undefined ? `${body}q ${clip} ${piece} Q\n${rest}` : `${body}q /X1 Do Q\n${rest}`;
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F2 4 0 R >> ${form === undefined ? '' : '/XObject << /X1 6 0 R >>'} >> /Contents 5 0 R >>`,
    CJK_FONT,
    stream('', content),
    ...(form === undefined ? [] : [stream(`/Type /XObject /Subtype /Form ${form} /Resources << /Font << /F2 4 0 R >> >>`, piece)]),
  ]);
};

describe('PDF: a glyph outside the clipping path', () => {
  it('cut away by a clip elsewhere, an empty clip, or its form\'s /BBox (with or without a transparency group): hidden, the line reads whole', async () => {
    const cases: Array<[string, string | undefined]> = [
      ['300 300 10 10 re W n', undefined],
      ['0 0 0 0 re W n', undefined],
      ['72 690 16 30 re 104 690 200 30 re W* n', undefined],
      ['2 0 0 2 0 0 cm 150 150 5 5 re W n 0.5 0 0 0.5 0 0 cm', undefined],
      ['', '/BBox [0 0 50 50]'],
      ['', '/BBox [0 0 50 50] /Group << /S /Transparency >>'],
    ];
    for (const [clip, form] of cases) {
      const { body, hidden } = await lines(clipped(clip, form));
      expect(body?.replace(/\s/g, ''), clip || form).toBe('机密★5年');
      expect(hidden, clip || form).toEqual(['page-1:clipped=开']);
    }
  });

  it('inside its clip, half inside a cell\'s clip, under a clip that ends with Q, or in a form whose /BBox holds it: seen', async () => {
    const cases: Array<[string, string | undefined]> = [
      ['0 0 612 792 re W n', undefined],
      ['86 690 20 30 re W n', undefined],
      ['96 690 40 30 re W n', undefined],
      ['', '/BBox [0 0 612 792]'],
      ['', '/BBox [80 690 120 730] /Group << /S /Transparency >>'],
    ];
    for (const [clip, form] of cases) {
      const { body, hidden } = await lines(clipped(clip, form));
      expect(body?.replace(/\s/g, ''), clip || form).toBe('机开密★5年');
      expect(hidden, clip || form).toEqual([]);
    }
    // The clip ends with its Q: what follows is drawn whole.
    const after = buildPdf(onePageCjk(stream('', `q 300 300 10 10 re W n Q BT /F2 16 Tf 72 700 Td ${ucs2('机开密★5年')} Tj ET`)));
    expect((await lines(after)).hidden).toEqual([]);
    // A `W` with no path before its Q clips nothing, and the next path painted is no clip.
    const dangling = buildPdf(onePageCjk(stream('', `q W Q 1 0 0 rg 300 300 10 10 re f 0 g BT /F2 16 Tf 72 700 Td ${ucs2('机开密★5年')} Tj ET`)));
    expect((await lines(dangling)).hidden).toEqual([]);
  });
});

/** 机, then 开 drawn under the graphics state /GS1 (`gs`, with `more` objects from 7 on), then 密★5年; `fill` colours 开. */
const blended = (gs: string, more: Array<string | Uint8Array> = [], fill = '0 g') =>
  buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F2 4 0 R >> /ExtGState << /GS1 6 0 R >> >> /Contents 5 0 R >>',
    CJK_FONT,
    stream(
      '',
      `BT /F2 16 Tf 72 700 Td ${ucs2('机')} Tj ET q /GS1 gs ${fill} BT /F2 16 Tf 88 700 Td ${ucs2('开')} Tj ET Q BT /F2 16 Tf 104 700 Td ${ucs2('密★5年')} Tj ET\n` +
        `BT 0 g /F2 14 Tf 72 660 Td ${ucs2('关于做好汛期物资调度工作的通知')} Tj ET`,
    ),
    gs,
    ...more,
  ]);

describe('PDF: blend modes and soft masks', () => {
  it('black under a blend mode that keeps a white page white (Screen, Lighten, Color Dodge, Soft Light, Hue), or white under Difference inverted: judged as it shows', async () => {
    for (const bm of ['Screen', 'Lighten', 'ColorDodge', 'SoftLight', 'Hue']) {
      const { body, hidden } = await lines(blended(`<< /Type /ExtGState /BM /${bm} >>`));
      expect(body?.replace(/\s/g, ''), bm).toBe('机密★5年');
      expect(hidden, bm).toEqual(['page-1:white=开']);
    }
    for (const bm of ['Normal', 'Multiply', 'Darken']) {
      const { body, hidden } = await lines(blended(`<< /Type /ExtGState /BM /${bm} >>`));
      expect(body?.replace(/\s/g, ''), bm).toBe('机开密★5年');
      expect(hidden, bm).toEqual([]);
    }
    // White inverted by Difference on a white page is black: seen.
    const diff = await lines(blended('<< /Type /ExtGState /BM /Difference >>', [], '1 g'));
    expect(diff.body?.replace(/\s/g, '')).toBe('机开密★5年');
    expect(diff.hidden).toEqual([]);
  });

  it('glyphs drawn through a soft mask are a loss: whether they show depends on the mask', async () => {
    const mask = blended('<< /Type /ExtGState /SMask << /Type /Mask /S /Luminosity /G 7 0 R >> >>', [
      stream('/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Group << /S /Transparency /CS /DeviceGray >>', '0 g 0 0 612 792 re f'),
    ]);
    const x = await read(mask);
    expect((x.loss ?? []).filter((l) => /soft mask/.test(l.detail)).map((l) => l.count)).toEqual([1]);
    const plain = await read(blended('<< /Type /ExtGState /SMask /None >>'));
    expect((plain.loss ?? []).filter((l) => /soft mask/.test(l.detail))).toEqual([]);
  });
});

describe('PDF: a picture painted over text', () => {
  /** 机开密★5年 at 16 pt, with a 1×1 white picture stretched over 开 drawn before (`under`) or after the text. */
  const page = (after: boolean, box = '18 0 0 22 87 696') => {
    const picture = `q ${box} cm BI /W 1 /H 1 /CS /RGB /BPC 8 ID \xff\xff\xff EI Q`;
    const text = `BT /F2 16 Tf 72 700 Td ${ucs2('机开密★5年')} Tj ET`;
    return buildPdf(onePageCjk(stream('', `${after ? '' : picture} ${text} ${after ? picture : ''}\nBT 0 g /F2 14 Tf 72 660 Td ${ucs2('关于做好汛期物资调度工作的通知')} Tj ET`)));
  };
  const unreadOf = async (bytes: Uint8Array) => (await read(bytes)).unread.map((u) => u.detail);

  it('over a character of the line: the page is read as it shows, by OCR (here rendering is off: unread)', async () => {
    expect(await unreadOf(page(true))).toEqual([expect.stringMatching(/^Page 1 has 1 character of its text under a picture painted after it and page rendering is off/)]);
  });

  it('benign twins: the same picture under the text (a background), or painted after it beside the line, or as thin as a rule', async () => {
    expect(await unreadOf(page(false))).toEqual([]);
    expect(await unreadOf(page(true, '18 0 0 22 300 500'))).toEqual([]);
    expect(await unreadOf(page(true, '18 0 0 2 87 700'))).toEqual([]);
  });
});

describe('PDF: a watermark at 45° across the page', () => {
  const lines = [`BT /F2 16 Tf 72 740 Td ${ucs2('机密★5年')} Tj ET`, `BT 0 g /F2 22 Tf 120 690 Td ${ucs2('关于做好汛期物资调度工作的通知')} Tj ET`, `BT /F2 14 Tf 72 650 Td ${ucs2('各区县人民政府：现将有关事项通知如下。')} Tj ET`];
  const whole = `BT 0.8 g /F2 40 Tf 0.7071 0.7071 -0.7071 0.7071 150 560 Tm ${ucs2('内部资料注意保管')} Tj ET`;
  const glyphByGlyph = [...'内部资料'].map((c, i) => `BT 0.8 g /F2 40 Tf 0.7071 0.7071 -0.7071 0.7071 ${150 + 28.3 * i} ${560 + 28.3 * i} Tm ${ucs2(c)} Tj ET`).reverse().join(' ');
  const body = async (content: string) => (await read(buildPdf(onePageCjk(stream('', content))))).parts.find((p) => p.id === 'page-1')!.text.split('\n');

  it('drawn first or last, whole or glyph by glyph: the lines read as they stand and the marking keeps its own line', async () => {
    expect(await body(`${whole} ${lines.join(' ')}`)).toEqual(['机密★5年', '关于做好汛期物资调度工作的通知', '各区县人民政府：现将有关事项通知如下。', '内部资料注意保管']);
    expect(await body(`${lines.join(' ')} ${whole}`)).toEqual(['机密★5年', '关于做好汛期物资调度工作的通知', '各区县人民政府：现将有关事项通知如下。', '内部资料注意保管']);
    expect(await body(`${glyphByGlyph} ${lines.join(' ')}`)).toEqual(['机密★5年', '关于做好汛期物资调度工作的通知', '各区县人民政府：现将有关事项通知如下。', '内部资料']);
  });
});

/** The page of {@link page} with `/P1` (object 7, `pattern`) among its resources, the piece filled by `fill`. */
const patternPage = (fill: string, pattern: string | Uint8Array) =>
  buildPdf(
    onePageCjk(
      stream('', `BT /F2 16 Tf 72 700 Td ${ucs2('机')} Tj ${fill} ${ucs2('开')} Tj 0 g ${ucs2('密★5年')} Tj ET\nBT 0 g /F2 14 Tf 72 660 Td ${ucs2('关于做好汛期物资调度工作的通知')} Tj ET`),
      { page: '', more: [pattern] },
    ).map((b, i) => (i === 2 && typeof b === 'string' ? b.replace('/Resources <<', '/Resources << /Pattern << /P1 7 0 R >>') : b)),
  );
const tiling = (paintType: number, cell: string) => stream(`/PatternType 1 /PaintType ${paintType} /TilingType 1 /BBox [0 0 10 10] /XStep 10 /YStep 10 /Resources << >>`, cell);
const axial = (c0: string, c1: string, extend = '') => `<< /PatternType 2 /Shading << /ShadingType 2 /ColorSpace /DeviceRGB /Coords [0 0 600 0] ${extend} /Function << /FunctionType 2 /Domain [0 1] /C0 [${c0}] /C1 [${c1}] /N 1 >> >> >>`;

describe('PDF: a piece filled with a pattern', () => {
  it('whose cell paints nothing, or only white, or a white shading: hidden like a piece in white, the line reads whole', async () => {
    const cases: Array<[string, string | Uint8Array, string]> = [
      ['/Pattern cs /P1 scn', tiling(1, ''), 'invisible'],
      ['/Pattern cs /P1 scn', tiling(1, '1 g 0 0 10 10 re f 0.97 g 0 0 4 4 re f'), 'white'],
      ['/Pattern cs /P1 scn', tiling(1, 'q 0 g 0 0 10 10 re n Q'), 'invisible'],
      ['[/Pattern /DeviceRGB] cs 1 1 1 /P1 scn', tiling(2, '0 0 10 10 re f'), 'white'],
      ['[/Pattern /DeviceRGB] cs 0 0 0 /P1 scn', tiling(2, ''), 'invisible'],
      ['/Pattern cs /P1 scn', axial('1 1 1', '0.97 0.97 0.97'), 'white'],
      ['/Pattern cs /P1 scn', axial('1 1 1', '1 1 1', '/Extend [true true]'), 'white'],
    ];
    for (const [fill, pattern, tag] of cases) {
      const { body, hidden } = await lines(patternPage(fill, pattern));
      expect(body?.replace(/\s/g, ''), `${fill} ${tag}`).toBe('机密★5年');
      expect(hidden, `${fill} ${tag}`).toEqual([`page-1:${tag}=开`]);
    }
  });

  it('whose cell paints in a colour, whose colour is dark, a picture or a shading with dark stops: seen', async () => {
    const cases: Array<[string, string | Uint8Array]> = [
      ['/Pattern cs /P1 scn', tiling(1, '0 g 0 0 10 10 re f')],
      ['/Pattern cs /P1 scn', tiling(1, '1 g 0 0 10 10 re f 0.8 0 0 rg 0 0 5 5 re f')],
      ['/Pattern cs /P1 scn', tiling(1, 'BT /F1 8 Tf 0 0 Td (x) Tj ET')],
      ['[/Pattern /DeviceRGB] cs 0.2 0.2 0.6 /P1 scn', tiling(2, '0 0 10 10 re f')],
      ['/Pattern cs /P1 scn', axial('1 1 1', '0 0 0')],
    ];
    for (const [fill, pattern] of cases) {
      const { body, hidden } = await lines(patternPage(fill, pattern));
      expect(body?.replace(/\s/g, ''), fill).toBe('机开密★5年');
      expect(hidden, fill).toEqual([]);
    }
  });
});

describe('PDF: a piece under an annotation', () => {
  /** The 机开密★5年 line with annotation object 7 (`annot`, its appearance object 8 painting `ap` in an 18 × 22 box) over 开. */
  const annotated = (annot: string, ap: string) =>
    buildPdf(
      onePageCjk(stream('', `BT /F2 16 Tf 72 700 Td ${ucs2('机开密★5年')} Tj ET\nBT 0 g /F2 14 Tf 72 660 Td ${ucs2('关于做好汛期物资调度工作的通知')} Tj ET`), {
        page: '/Annots [7 0 R]',
        more: [annot, stream('/Type /XObject /Subtype /Form /BBox [0 0 18 22] /Resources << /ExtGState << /G << /BM /Multiply >> >> >>', ap)],
      }),
    );
  it('whose appearance paints an opaque box over it (a white square, a free-text box, a stamp): hidden, the line reads whole', async () => {
    for (const sub of ['/Square /IC [1 1 1] /C [1 1 1]', "/FreeText /DA (/Helv 1 Tf 0 g) /Contents ()", '/Stamp']) {
      const { body, hidden } = await lines(annotated(`<< /Type /Annot /Subtype ${sub} /Rect [87 696 105 718] /F 4 /AP << /N 8 0 R >> >>`, '1 g 0 0 18 22 re f'));
      expect(body?.replace(/\s/g, ''), sub).toBe('机密★5年');
      expect(hidden.join('|'), sub).toContain('开');
    }
  });

  it('a highlight (its box multiplied over the text), a box beside the line, a hidden annotation: seen', async () => {
    for (const [annot, ap] of [
      ['<< /Type /Annot /Subtype /Highlight /Rect [87 696 105 718] /F 4 /AP << /N 8 0 R >> >>', '/G gs 1 1 0 rg 0 0 18 22 re f'],
      ['<< /Type /Annot /Subtype /Square /Rect [300 696 318 718] /F 4 /AP << /N 8 0 R >> >>', '1 g 0 0 18 22 re f'],
      ['<< /Type /Annot /Subtype /Square /Rect [87 696 105 718] /F 6 /AP << /N 8 0 R >> >>', '1 g 0 0 18 22 re f'],
    ]) {
      const { body, hidden } = await lines(annotated(annot, ap));
      expect(body?.replace(/\s/g, ''), annot).toBe('机开密★5年');
      expect(hidden.join('|'), annot).not.toContain('开');
    }
  });
});

describe('PDF: paint a tenth opaque or less', () => {
  it('开 filled at 2% or 10% opacity (ca) inside 机密★5年 is invisible: the line reads whole; 30% is seen', async () => {
    for (const ca of ['0.02', '0.1']) {
      const { body, hidden } = await lines(blended(`<< /Type /ExtGState /ca ${ca} /CA ${ca} >>`));
      expect(body?.replace(/\s/g, ''), ca).toBe('机密★5年');
      expect(hidden, ca).toEqual(['page-1:invisible=开']);
    }
    const { body, hidden } = await lines(blended('<< /Type /ExtGState /ca 0.3 /CA 0.3 >>'));
    expect(body).toBe('机开密★5年');
    expect(hidden).toEqual([]);
  });
});

describe('PDF: a piece inside a column of vertical text (a vertical CJK font)', () => {
  /** `under` painted first, then 机, 开 (with `piece` before it), `after`, and 密★5年 down a column at the top right in UniGB-UCS2-V. */
  const column = (piece: string, after: string, under = '') =>
    buildPdf(
      onePageCjk(
        stream(
          '',
          `${under} BT /F4 16 Tf 560 770 Td ${ucs2('机')} Tj ET BT ${piece} /F4 16 Tf 560 754 Td ${ucs2('开')} Tj ET ${after} ` +
            `BT 0 g /F4 16 Tf 560 738 Td ${ucs2('密★5年')} Tj ET\nBT 0 g /F2 14 Tf 72 660 Td ${ucs2('关于做好汛期物资调度工作的通知')} Tj ET`,
        ),
        { fonts: '/F4 7 0 R', more: [CJK_FONT.replace('/UniGB-UCS2-H', '/UniGB-UCS2-V')] },
      ),
    );
  it('covered by a box painted after it, or red on a red box: hidden, the column reads 机密★5年', async () => {
    const cases: Array<[string, string, string, string]> = [
      ['', '1 g 550 737 25 16 re f 0 g', '', 'covered'],
      ['0.75 0 0 rg', '', '0.75 0 0 rg 550 737 25 16 re f 0 g', 'ground-colour'],
    ];
    for (const [piece, after, under, tag] of cases) {
      const { body, hidden } = await lines(column(piece, after, under));
      expect(body?.replace(/\s/g, ''), tag).toBe('机密★5年');
      expect(hidden, tag).toEqual([`page-1:${tag}=开`]);
    }
  });

  it('a box painted before it, or after it elsewhere, or red on a blue box: seen', async () => {
    for (const [piece, after, under] of [['', '', '1 g 550 737 25 16 re f 0 g'], ['', '1 g 300 300 25 16 re f 0 g', ''], ['0.75 0 0 rg', '', '0 0 0.6 rg 550 737 25 16 re f 0 g']]) {
      const { body, hidden } = await lines(column(piece, after, under));
      expect(body?.replace(/\s/g, ''), after + under).toBe('机开密★5年');
      expect(hidden, after + under).toEqual([]);
    }
  });
});
