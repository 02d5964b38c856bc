/**
 * XPS / OpenXPS prints. They used to be read as a ZIP: each page's XML as text, a Glyphs string a
 * line, and the package reported unread (review). A line printed as several Glyphs runs (as the
 * XPS Document Writer prints a line whose font changes: 机 | 密★5年, or 机密★ | 5 | 年) read as
 * separate lines and no marking was found; an unmarked print was review whatever it said. Now
 * pages are laid out by where their glyphs stand (the OFD page layout).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { createScanner, type Scanner } from '@prepub/scanner';

const NS = { xps: 'http://schemas.microsoft.com/xps/2005/06', oxps: 'http://schemas.openxps.org/oxps/v1.0' };

/** A run of glyphs at (x, y), 16 units to the em; `advances` written into Indices as Word's printer does (hundredths of an em). */
const glyphs = (x: number, y: number, s: string, opts: { indicesOnly?: boolean } = {}) => {
  const indices = [...s].map((c) => `${(c.codePointAt(0)! % 500) + 3},${/[\x20-\x7e]/.test(c) ? 50 : 100}`).join(';');
  const text = opts.indicesOnly ? '' : ` UnicodeString="${s}"`;
  return `<Glyphs Fill="#ff000000" FontUri="/Resources/1.odttf" FontRenderingEmSize="16" StyleSimulations="None" OriginX="${x}" OriginY="${y}" Indices="${indices}"${text}/>`;
};

function xps(page: string, kind: 'xps' | 'oxps' = 'xps', extra: Record<string, Uint8Array> = {}): Uint8Array {
  const ns = NS[kind];
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="fdseq" ContentType="application/vnd.ms-package.xps-fixeddocumentsequence+xml"/><Default Extension="fdoc" ContentType="application/vnd.ms-package.xps-fixeddocument+xml"/><Default Extension="fpage" ContentType="application/vnd.ms-package.xps-fixedpage+xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="odttf" ContentType="application/vnd.ms-package.obfuscated-opentype"/><Default Extension="png" ContentType="image/png"/></Types>'),
    '_rels/.rels': strToU8('<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="http://schemas.microsoft.com/xps/2005/06/fixedrepresentation" Target="/FixedDocumentSequence.fdseq" Id="R0"/></Relationships>'),
    'FixedDocumentSequence.fdseq': strToU8(`<FixedDocumentSequence xmlns="${ns}"><DocumentReference Source="/Documents/1/FixedDocument.fdoc"/></FixedDocumentSequence>`),
    'Documents/1/FixedDocument.fdoc': strToU8(`<FixedDocument xmlns="${ns}"><PageContent Source="Pages/1.fpage"/></FixedDocument>`),
    'Documents/1/Pages/1.fpage': strToU8(`<FixedPage xmlns="${ns}" Width="816" Height="1056" xml:lang="zh-CN">${page}</FixedPage>`),
    // An obfuscated font: glyph outlines, no text.
    'Resources/1.odttf': new Uint8Array(256).fill(7),
    ...extra,
  });
}

const BODY = glyphs(96, 160, '关于召开年度工作会议的通知') + glyphs(96, 200, '各处室：定于下周三上午九时在三楼会议室召开年度工作会议，请准时参加。');

/** The first line printed as Word's XPS printer splits it at font changes, in several ways. */
const WAYS: Record<string, (s: string) => string> = {
  'one run': (s) => glyphs(96, 100, s) + BODY,
  'two runs': (s) => glyphs(96, 100, s.slice(0, 1)) + glyphs(112, 100, s.slice(1)) + BODY,
  'three runs, the digit in a font of its own': (s) => glyphs(96, 100, s.slice(0, 3)) + glyphs(144, 100, s.slice(3, 4)) + glyphs(152, 100, s.slice(4)) + BODY,
  'runs written last to first, in canvases moved into place': (s) =>
    BODY + `<Canvas RenderTransform="1,0,0,1,100,0">${glyphs(12, 100, s.slice(1))}</Canvas><Canvas><Canvas.RenderTransform><MatrixTransform Matrix="1,0,0,1,50,0"/></Canvas.RenderTransform>${glyphs(46, 100, s.slice(0, 1))}</Canvas>`,
};

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

describe('XPS and OpenXPS', () => {
  for (const [how, page] of Object.entries(WAYS)) {
    it(`机密★5年 printed as ${how} blocks; 保密宣传月 so printed passes with nothing unread`, async () => {
      for (const kind of ['xps', 'oxps'] as const) {
        const marked = await scanner.scan(xps(page('机密★5年'), kind), { filename: `notice.${kind}` });
        expect(marked.verdict, `${how} ${kind}`).toBe('block');
        expect(marked.document.format).toBe('xps');
        const twin = await scanner.scan(xps(page('保密宣传月'), kind), { filename: `notice.${kind}` });
        expect(twin.verdict, `${how} ${kind}`).toBe('pass');
        expect(twin.coverage.unread).toEqual([]);
      }
    });
  }

  it('a wrong name does not matter: an XPS print named .zip or with no extension is read as one', async () => {
    for (const name of ['notice.zip', 'notice']) expect((await scanner.scan(xps(WAYS['two runs']('机密★5年')), { filename: name })).verdict).toBe('block');
  });

  it('a page written in interleaved pieces ([0].piece … [n].last.piece, as a streamed print job) is read whole; a piece missing is unread', async () => {
    const pieced = (bytes: Uint8Array, keep: (i: number) => boolean) => {
      const entries = unzipSync(bytes);
      const page = entries['Documents/1/Pages/1.fpage'];
      delete entries['Documents/1/Pages/1.fpage'];
      const k = Math.ceil(page.length / 3);
      for (let i = 0; i < 3; i++) if (keep(i)) entries[`Documents/1/Pages/1.fpage/[${i}]${i === 2 ? '.last' : ''}.piece`] = page.subarray(i * k, (i + 1) * k);
      return zipSync(entries);
    };
    const marked = await scanner.scan(pieced(xps(WAYS['two runs']('机密★5年')), () => true), { filename: 'notice.xps' });
    expect(marked.verdict).toBe('block');
    const twin = await scanner.scan(pieced(xps(WAYS['two runs']('保密宣传月')), () => true), { filename: 'notice.xps' });
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
    const cut = await scanner.scan(pieced(xps(WAYS['two runs']('保密宣传月')), (i) => i !== 2), { filename: 'notice.xps' });
    expect(cut.verdict).toBe('review');
    expect(cut.coverage.unread.some((u) => u.reason === 'corrupt' && /pieces/.test(u.detail))).toBe(true);
  });

  it('text turned into paths (the XPS writer does so where a font may not be embedded) is unread: a line of glyph-shaped fills, or a page of paths with next to no text', async () => {
    // A glyph-like fill of two contours and 11 segments, 16 units high.
    const glyph = (x: number, y: number) =>
      `M ${x},${y} C ${x + 2},${y - 8} ${x + 6},${y - 16} ${x + 10},${y - 16} C ${x + 14},${y - 16} ${x + 16},${y - 8} ${x + 15},${y} L ${x + 12},${y} C ${x + 12},${y - 6} ${x + 10},${y - 12} ${x + 8},${y - 12} C ${x + 5},${y - 12} ${x + 4},${y - 6} ${x + 3},${y} Z` +
      ` M ${x + 5},${y - 4} L ${x + 10},${y - 4} C ${x + 11},${y - 5} ${x + 11},${y - 6} ${x + 10},${y - 7} L ${x + 5},${y - 7} C ${x + 4},${y - 6} ${x + 4},${y - 5} ${x + 5},${y - 4} Z`;
    const outlined = [0, 1, 2, 3, 4].map((i) => `<Path Fill="#ff000000" Data="${glyph(96 + i * 17, 100)}"/>`).join('');
    const line = await scanner.scan(xps(outlined + BODY), { filename: 'notice.xps' });
    expect(line.verdict).toBe('review');
    expect(line.coverage.unread.some((u) => u.reason === 'unsupported-format' && /outlines/.test(u.detail))).toBe(true);
    const page = await scanner.scan(xps(outlined), { filename: 'notice.xps' });
    expect(page.verdict).toBe('review');
    expect(page.coverage.unread.some((u) => /shows no text/.test(u.detail))).toBe(true);
    // Table rules and a box around the text are no outlines: the notice passes.
    const rules = '<Path Stroke="#ff000000" StrokeThickness="1" Data="M 90,80 L 720,80 L 720,220 L 90,220 Z"/><Path Fill="#ff000000" Data="M 90,120 L 720,120 L 720,121 L 90,121 Z"/>';
    const twin = await scanner.scan(xps(rules + WAYS['two runs']('保密宣传月')), { filename: 'notice.xps' });
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
  });

  it('glyphs nested deep in canvases (300 levels) are read', async () => {
    const deep = (s: string) => '<Canvas>'.repeat(300) + glyphs(96, 100, s.slice(0, 1)) + glyphs(112, 100, s.slice(1)) + '</Canvas>'.repeat(300) + BODY;
    expect((await scanner.scan(xps(deep('机密★5年')), { filename: 'notice.xps' })).verdict).toBe('block');
    expect((await scanner.scan(xps(deep('保密宣传月')), { filename: 'notice.xps' })).verdict).toBe('pass');
  });

  it('names in the document structure (a link target in the FixedDocument) are read', async () => {
    const named = (s: string) => {
      const entries = unzipSync(xps(WAYS['one run']('通知')));
      entries['Documents/1/FixedDocument.fdoc'] = strToU8(`<FixedDocument xmlns="${NS.xps}"><PageContent Source="Pages/1.fpage"><PageContent.LinkTargets><LinkTarget Name="${s}"/></PageContent.LinkTargets></PageContent></FixedDocument>`);
      return zipSync(entries);
    };
    expect((await scanner.scan(named('机密★5年'), { filename: 'notice.xps' })).verdict).toBe('block');
    expect((await scanner.scan(named('保密宣传月'), { filename: 'notice.xps' })).verdict).toBe('pass');
  });

  it('glyphs drawn by index only (no UnicodeString) are unread, never a pass', async () => {
    const r = await scanner.scan(xps(glyphs(96, 100, '保密宣传月', { indicesOnly: true }) + BODY), { filename: 'notice.xps' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('text-loss');
  });

  it('a picture on the page goes to OCR (unread with OCR off)', async () => {
    const png = Uint8Array.from(Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63f8ffff3f0005fe02fea7d6a9e30000000049454e44ae426082', 'hex'));
    const page = `<Path Data="M 96,300 L 196,300 196,400 96,400 Z"><Path.Fill><ImageBrush ImageSource="/Resources/seal.png" Viewbox="0,0,1,1" ViewboxUnits="Absolute" Viewport="96,300,100,100" ViewportUnits="Absolute"/></Path.Fill></Path>${BODY}`;
    const r = await scanner.scan(xps(page, 'xps', { 'Resources/seal.png': png }), { filename: 'notice.xps' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.images.total).toBe(1);
    expect(r.coverage.unread.map((u) => u.reason)).toEqual(['ocr-unavailable']);
  });
  it('a run set right to left (odd BidiLevel: each glyph left of the one before) reads as it shows; Hebrew so set keeps its order', async () => {
    // UnicodeString 年5★密机 from OriginX 176 leftwards shows 机密★5年 from 96.
    const rtl = (s: string) => glyphs(96 + 16 * [...s].length, 100, [...s].reverse().join('')).replace('<Glyphs ', '<Glyphs BidiLevel="1" ') + BODY;
    expect((await scanner.scan(xps(rtl('机密★5年')), { filename: 'notice.xps' })).verdict).toBe('block');
    const twin = await scanner.scan(xps(rtl('保密宣传月')), { filename: 'notice.xps' });
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
    const hebrew = await scanner.scan(xps(glyphs(300, 100, 'שלום עולם').replace('<Glyphs ', '<Glyphs BidiLevel="1" ') + BODY), { filename: 'notice.xps' });
    expect(hebrew.coverage.parts.length).toBeGreaterThan(0);
    expect(hebrew.verdict).toBe('pass');
  });

  it('a piece drawn unseen inside 机密★5年 (transparent, Opacity 0, white on the page, 1 unit high, squeezed, clipped away, off the page, under a box, painted over) is hidden text: the line reads whole and blocks', async () => {
    const piece: Record<string, (g: string) => string> = {
      'transparent fill': (g) => g.replace('#ff000000', '#00000000'),
      'Opacity 0': (g) => g.replace('<Glyphs ', '<Glyphs Opacity="0.05" '),
      'a canvas of opacity 0': (g) => `<Canvas Opacity="0">${g}</Canvas>`,
      'a solid opacity mask of alpha 0': (g) => `<Canvas><Canvas.OpacityMask><SolidColorBrush Color="#00FFFFFF"/></Canvas.OpacityMask>${g}</Canvas>`,
      'white on the page (scRGB)': (g) => g.replace('#ff000000', 'sc#1,1,1,1'),
      'a brush resource of the page colour': (g) => `<Canvas><Canvas.Resources><ResourceDictionary><SolidColorBrush x:Key="b0" Color="#FFFEFEFE"/></ResourceDictionary></Canvas.Resources>${g.replace('"#ff000000"', '"{StaticResource b0}"')}</Canvas>`,
      '1 unit high': (g) => g.replace('FontRenderingEmSize="16"', 'FontRenderingEmSize="1"'),
      'squeezed to a twentieth by its transform': (g) => `<Canvas RenderTransform="0.05,0,0,1,106.4,0">${g}</Canvas>`,
      'clipped away': (g) => `<Canvas Clip="M 600,600 L 610,600 L 610,610 Z">${g}</Canvas>`,
      'red on a red band': (g) => `<Path Fill="#ffc00000" Data="M 110,82 L 130,82 L 130,104 L 110,104 Z"/>${g.replace('#ff000000', '#ffc00000')}`,
      'under a white box painted after it': (g) => `${g}<Path Fill="#ffffffff" Data="M 111,84 L 128,84 L 128,104 L 111,104 Z"/>`,
    };
    // 机 at 96, the piece at 112, 密★5年 from 112 (next glyph's place) so the line shows 机密★5年.
    const line = (s: string, how: (g: string) => string) => glyphs(96, 100, s.slice(0, 1)) + how(glyphs(112, 100, '开')) + glyphs(112, 100, s.slice(1)) + BODY;
    for (const [name, how] of Object.entries(piece)) {
      const marked = await scanner.scan(xps(line('机密★5年', how)), { filename: 'notice.xps' });
      expect(marked.verdict, name).toBe('block');
      expect(marked.coverage.parts.some((p) => p.id.endsWith('#hidden')), name).toBe(true);
      const twin = await scanner.scan(xps(line('保密宣传月', how)), { filename: 'notice.xps' });
      expect(twin.verdict, name).toBe('pass');
      expect(twin.coverage.unread, name).toEqual([]);
    }
    // Off the page on the marking's line (left of the page's edge): not seen, so not in the line.
    const off = await scanner.scan(xps(glyphs(-300, 100, '开') + glyphs(96, 100, '机密★5年') + BODY), { filename: 'notice.xps' });
    expect(off.verdict).toBe('block');
    expect(off.coverage.parts.some((p) => p.id.endsWith('#hidden'))).toBe(true);
    // Painted right over by the next glyph: 开 hidden, and a loss (the line reads either way).
    const over = await scanner.scan(xps(glyphs(96, 100, '机开') + glyphs(112, 100, '密★5年') + BODY), { filename: 'notice.xps' });
    expect(over.verdict).toBe('block');
  });

  it('text that shows stays in its line: white on a dark band, a translucent canvas (0.3), a gradient fill', async () => {
    const shows: Record<string, string> = {
      'white on a dark band': `<Path Fill="#ff1f3864" Data="M 90,80 L 720,80 L 720,106 L 90,106 Z"/>${glyphs(96, 100, '机密★5年').replace('#ff000000', '#ffffffff')}`,
      'a translucent canvas': `<Canvas Opacity="0.3">${glyphs(96, 100, '机密★5年')}</Canvas>`,
      'a gradient fill': glyphs(96, 100, '机密★5年').replace(' Fill="#ff000000"', '').replace('/>', '><Glyphs.Fill><LinearGradientBrush MappingMode="Absolute" StartPoint="0,0" EndPoint="100,0"><LinearGradientBrush.GradientStops><GradientStop Color="#FFC00000" Offset="0"/><GradientStop Color="#FF000000" Offset="1"/></LinearGradientBrush.GradientStops></LinearGradientBrush></Glyphs.Fill></Glyphs>'),
    };
    for (const [name, page] of Object.entries(shows)) {
      const r = await scanner.scan(xps(page + BODY), { filename: 'notice.xps' });
      expect(r.verdict, name).toBe('block');
      expect(r.coverage.parts.some((p) => p.id.endsWith('#hidden')), name).toBe(false);
    }
  });
  it('glyphs moved by their Indices offsets, and text a visual brush paints into a box, stand where they show', async () => {
    // 密★5年机 with 机 moved 4.5 ems back (uOffset) shows 机密★5年.
    const offset = (s: string) => glyphs(112, 100, s.slice(1) + s.slice(0, 1)).replace(/Indices="[^"]*"/, `Indices="1,100;2,100;3,${/\d/.test(s) ? 50 : 100};4,100;5,100,-450"`) + BODY;
    // The visual's text stands at y 200 (the body's second line) in its own coordinates; the brush draws it at the top.
    const brush = (s: string) =>
      `<Path Data="M 96,84 L 200,84 L 200,104 L 96,104 Z"><Path.Fill><VisualBrush Viewbox="96,184,104,20" ViewboxUnits="Absolute" Viewport="96,84,104,20" ViewportUnits="Absolute" TileMode="None"><VisualBrush.Visual><Canvas>${glyphs(96, 200, s)}</Canvas></VisualBrush.Visual></VisualBrush></Path.Fill></Path>` + BODY;
    for (const [name, page] of Object.entries({ offset, brush })) {
      const marked = await scanner.scan(xps(page('机密★5年')), { filename: 'notice.xps' });
      expect(marked.verdict, name).toBe('block');
      expect(marked.coverage.unread, name).toEqual([]);
      const twin = await scanner.scan(xps(page('保密宣传月')), { filename: 'notice.xps' });
      expect(twin.verdict, name).toBe('pass');
      expect(twin.coverage.unread, name).toEqual([]);
    }
  });
});
