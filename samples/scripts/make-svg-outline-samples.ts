/**
 * Makes the SVG samples whose lettering is drawn as outlines (filled glyph paths, no text), what
 * designers' "create outlines", cairo/pdf2svg and font-less converters write:
 *   samples/html/outlined-marking-poster.svg — a notice laid out as a poster: 机密★5年 at the top
 *     left and the title outlined (one path per line, as Skia writes them), the body as <text> (block)
 *   samples/html/outlined-glyph-symbols.svg — a routing slip as cairo writes it: each glyph defined
 *     once in <defs> as a <symbol>, drawn by <use> at its place; 秘密★1年 in the slip's 密级 row (block)
 *   samples/html/outlined-banner-inline.html — a web page whose banner is an inline <svg> (no
 *     namespace, as HTML allows) with 机密★5年 outlined above the page's title (block)
 *   samples/html/benign-outlined-emblem.svg — a publicity-month poster: an emblem drawn as one path,
 *     the lettering 保密宣传月 outlined, the dates as <text> (pass)
 * The outlines come from Noto Sans CJK Regular (a 黑体; Debian fonts-noto-cjk), drawn by
 * @napi-rs/canvas into an SVG canvas that converts text to paths.
 * Needs (only to regenerate, never for tests): fonts-noto-cjk.
 * Run from the repository root: pnpm tsx samples/scripts/make-svg-outline-samples.ts
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const samples = join(dirname(fileURLToPath(import.meta.url)), '..');
// @napi-rs/canvas is a dependency of the PDF extractor package.
const requireFromPdf = createRequire(join(samples, '../packages/extract-pdf/package.json'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a generator script; types live in that package
const { createCanvas, GlobalFonts, SvgExportFlag } = requireFromPdf('@napi-rs/canvas') as Record<string, any>;

GlobalFonts.registerFromPath('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'OutlineHei');

/** The path data Skia writes for `text` set at (x, baseline y) in `size` px: one path per call. */
function outline(text: string, x: number, y: number, size: number): string {
  const c = createCanvas(Math.ceil(x + size * text.length * 1.2 + 10), Math.ceil(y + size), SvgExportFlag.ConvertTextToPaths);
  const g = c.getContext('2d');
  g.font = `${size}px OutlineHei`;
  g.fillText(text, x, y);
  const svg = c.getContent().toString() as string;
  const d = /<path[^>]*\sd="([^"]+)"/.exec(svg)?.[1];
  if (!d) throw new Error(`no outline for ${text}`);
  return d;
}

/** How far `text` advances in `size` px. */
function advance(text: string, size: number): number {
  const g = createCanvas(10, 10).getContext('2d');
  g.font = `${size}px OutlineHei`;
  return g.measureText(text).width as number;
}

const write = (name: string, body: string): void => {
  writeFileSync(join(samples, 'html', name), body);
  console.log('wrote', name);
};

// A notice laid out as a poster: marking and title outlined, body as text.
write(
  'outlined-marking-poster.svg',
  `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="595" height="842" viewBox="0 0 595 842">
  <rect width="595" height="842" fill="#ffffff"/>
  <path fill="#000000" d="${outline('机密★5年', 56, 80, 21)}"/>
  <path fill="#c00000" d="${outline('江临市应急管理局文件', 110, 170, 34)}"/>
  <rect x="56" y="196" width="483" height="2" fill="#c00000"/>
  <path fill="#000000" d="${outline('关于开展冬春火灾防控专项检查的通知', 90, 250, 22)}"/>
  <text x="56" y="300" font-family="SimSun" font-size="16" fill="#000">各区县应急管理局，市直有关单位：</text>
  <text x="88" y="330" font-family="SimSun" font-size="16" fill="#000">为做好冬春季节火灾防控工作，经研究，决定于12月至次年2月开展专项检查。</text>
  <text x="88" y="360" font-family="SimSun" font-size="16" fill="#000">请各单位对照检查清单逐项自查，于12月20日前报送自查报告。</text>
  <text x="380" y="460" font-family="SimSun" font-size="16" fill="#000">江临市应急管理局</text>
  <text x="388" y="490" font-family="SimSun" font-size="16" fill="#000">2026年12月1日</text>
</svg>
`,
);

// A routing slip as cairo writes one: glyphs defined once as symbols, drawn by <use>.
{
  const size = 18;
  const rows: Array<[string, number, number]> = [
    ['文件办理单', 230, 70],
    ['来文单位：江临市发展和改革委员会', 60, 130],
    ['密级：秘密★1年', 60, 170],
    ['事由：关于下达年度重点项目投资计划的函', 60, 210],
  ];
  const ids = new Map<string, string>();
  let defs = '';
  let uses = '';
  for (const [line, x0, y] of rows) {
    let x = x0;
    for (const ch of line) {
      if (ch.trim() && !ids.has(ch)) {
        const id = `glyph-0-${ids.size}`;
        ids.set(ch, id);
        // Each glyph is drawn at the origin of its symbol, as cairo's glyph symbols are.
        defs += `<symbol overflow="visible" id="${id}"><path style="stroke:none;" d="${outline(ch, 0, 0, size)}"/></symbol>\n`;
      }
      if (ch.trim()) uses += `<use xlink:href="#${ids.get(ch)}" x="${x.toFixed(3)}" y="${y}"/>\n`;
      x += advance(ch, size);
    }
  }
  write(
    'outlined-glyph-symbols.svg',
    `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="595pt" height="300pt" viewBox="0 0 595 300" version="1.1">
<defs>
<g>
${defs}</g>
</defs>
<g id="surface1">
<rect x="0" y="0" width="595" height="300" style="fill:rgb(100%,100%,100%);fill-opacity:1;stroke:none;"/>
<g style="fill:rgb(0%,0%,0%);fill-opacity:1;">
${uses}</g>
<path style="fill:none;stroke-width:1;stroke:rgb(0%,0%,0%);" d="M 50 100 L 545 100 M 50 145 L 545 145 M 50 185 L 545 185 M 50 225 L 545 225"/>
</g>
</svg>
`,
  );
}

// A web page with an inline SVG banner (no namespace): 机密★5年 outlined above the title.
write(
  'outlined-banner-inline.html',
  `<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>江临市财政局 - 通知公告</title></head>
<body>
<header>
<svg width="960" height="120" viewBox="0 0 960 120">
  <rect width="960" height="120" fill="#f7f3e8"/>
  <path fill="#b00000" d="${outline('机密★5年', 24, 40, 20)}"/>
  <path fill="#b00000" d="${outline('江临市财政局', 300, 92, 40)}"/>
</svg>
</header>
<main>
<h1>关于做好2027年度部门预算编制工作的通知</h1>
<p>各预算单位：根据市政府工作安排，现就2027年度部门预算编制有关事项通知如下。</p>
<p>一、编制范围。各部门所属行政事业单位全部收支纳入部门预算。</p>
<p>二、时间安排。请于12月25日前将预算草案报送市财政局预算科。</p>
</main>
</body>
</html>
`,
);

// A publicity-month poster: an emblem as one path, the lettering outlined, dates as text.
{
  // A shield with a star cut out: one path of a few contours, an emblem not a word.
  const shield = 'M297 60 L377 90 L377 170 C377 220 340 255 297 275 C254 255 217 220 217 170 L217 90 Z M297 110 L309 146 L347 146 L316 168 L328 204 L297 182 L266 204 L278 168 L247 146 L285 146 Z';
  write(
    'benign-outlined-emblem.svg',
    `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="595" height="600" viewBox="0 0 595 600">
  <rect width="595" height="600" fill="#ffffff"/>
  <path fill="#b00000" fill-rule="evenodd" d="${shield}"/>
  <path fill="#b00000" d="${outline('保密宣传月', 167, 360, 52)}"/>
  <path fill="#333333" d="${outline('增强保密意识 筑牢安全防线', 127, 430, 26)}"/>
  <text x="297" y="500" text-anchor="middle" font-family="SimHei" font-size="18" fill="#333">江临市国家保密局 2026年11月</text>
</svg>
`,
  );
}
