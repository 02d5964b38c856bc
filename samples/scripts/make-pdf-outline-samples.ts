/**
 * Makes the PDF samples with text drawn as vector outlines (filled glyph shapes, no text layer),
 * what "text as curves" export options and print drivers write for a font they cannot embed:
 *   samples/pdf/outlined-marking-header.pdf — a GB/T 9704 notice whose 机密★5年 line (黑体, 16 pt)
 *     is outlined, one filled path per glyph, while the rest of the page is a text layer (block)
 *   samples/pdf/benign-ruled-table.pdf — a statistics page with a ruled table (cell borders as thin
 *     filled rectangles and stroked rules, a shaded header row), an emblem drawn as one path, small
 *     legend squares and an underlined signature line: ordinary vector graphics next to text (pass)
 *   samples/pdf/stamp-annotation-outlined-marking.pdf — the publicity-month news page with a Stamp
 *     annotation whose appearance draws 机密★5年 in red as outlines (no text, no picture) (block)
 *   samples/pdf/stroked-marking-drawing.pdf — an engineering drawing as CAD programs export it: the
 *     title block's labels are a text layer (宋体), the 密级 entry 机密★5年 is drawn in single strokes
 *     as an SHX font is (stroked polylines, no fill, no text) (block, or review where OCR cannot read it)
 *   samples/pdf/hollow-marking-notice.pdf — the notice with its 机密★5年 line as hollow letters: the
 *     glyph outlines stroked, not filled (block)
 *   samples/pdf/benign-drawing-geometry.pdf — a drawing's geometry beside a text-layer title block:
 *     dimension lines with arrowheads, a hatched section, bolt circles, centre lines (pass)
 *   packages/extract-ofd/test/fixtures/outlined-marking.json — the same 机密★5年 outlines as OFD
 *     path data (mm, y down, one path per glyph with its Boundary), for the OFD reader's tests
 * The outlines come from Noto Sans CJK Regular (a 黑体; Debian fonts-noto-cjk), drawn by @napi-rs/canvas into
 * an SVG canvas that converts text to paths; the text layer uses a non-embedded STSong-Light.
 * Needs (only to regenerate, never for tests): fonts-noto-cjk.
 * Run from the repository root: pnpm tsx samples/scripts/make-pdf-outline-samples.ts [stroked]
 * (`stroked` makes the stroked samples only).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const samples = join(dirname(fileURLToPath(import.meta.url)), '..');
// pdf-lib and @napi-rs/canvas are (dev) dependencies of the PDF extractor package.
const requireFromPdf = createRequire(join(samples, '../packages/extract-pdf/package.json'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a generator script; types live in that package
const { PDFDocument, PDFName, PDFString } = requireFromPdf('pdf-lib') as Record<string, any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const { createCanvas, GlobalFonts, SvgExportFlag } = requireFromPdf('@napi-rs/canvas') as Record<string, any>;

GlobalFonts.registerFromPath('/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', 'OutlineHei');

const n = (v: number): string => (Math.round(v * 1000) / 1000).toString();

/** SVG path data (absolute M L C Q Z, as Skia writes it) as PDF path operators, y flipped at `baseY`. */
function svgToPdf(d: string, x0: number, baseY: number): string {
  const tokens = d.match(/[MLCQZ]|-?[\d.]+(?:e-?\d+)?/gi) ?? [];
  const out: string[] = [];
  let i = 0;
  let cx = 0;
  let cy = 0;
  const num = (): number => Number(tokens[i++]);
  const px = (x: number): string => n(x0 + x);
  const py = (y: number): string => n(baseY - y);
  while (i < tokens.length) {
    const c = tokens[i++];
    if (c === 'M' || c === 'L') {
      cx = num();
      cy = num();
      out.push(`${px(cx)} ${py(cy)} ${c === 'M' ? 'm' : 'l'}`);
    } else if (c === 'C') {
      const a = [num(), num(), num(), num(), num(), num()];
      out.push(`${px(a[0])} ${py(a[1])} ${px(a[2])} ${py(a[3])} ${px(a[4])} ${py(a[5])} c`);
      cx = a[4];
      cy = a[5];
    } else if (c === 'Q') {
      // PDF has cubic curves only: the same curve with its control points raised.
      const [qx, qy, x, y] = [num(), num(), num(), num()];
      out.push(`${px(cx + (2 / 3) * (qx - cx))} ${py(cy + (2 / 3) * (qy - cy))} ${px(x + (2 / 3) * (qx - x))} ${py(y + (2 / 3) * (qy - y))} ${px(x)} ${py(y)} c`);
      cx = x;
      cy = y;
    } else if (c === 'Z' || c === 'z') out.push('h');
  }
  return out.join('\n');
}

/**
 * Each character of `text` as one filled outline path, `size` pt, baseline at (x, y) in PDF space;
 * `hollow`: the outlines stroked, not filled (hollow letters).
 */
function outlinedLine(text: string, x: number, y: number, size: number, hollow = false): string {
  const ops: string[] = [hollow ? 'q 0 0 0 RG 0.6 w' : 'q 0 0 0 rg'];
  const measure = createCanvas(10, 10).getContext('2d');
  measure.font = `${size}px OutlineHei`;
  let pen = 0;
  for (const ch of text) {
    const c = createCanvas(Math.ceil(size * 2), Math.ceil(size * 2), SvgExportFlag.ConvertTextToPaths);
    const g = c.getContext('2d');
    g.font = `${size}px OutlineHei`;
    g.fillStyle = '#000';
    g.fillText(ch, 0, size * 1.5);
    const svg = c.getContent().toString() as string;
    for (const m of svg.matchAll(/ d="([^"]+)"/g)) ops.push(svgToPdf(m[1], x + pen, y + size * 1.5), hollow ? 'S' : 'f');
    pen += measure.measureText(ch).width;
  }
  ops.push('Q');
  return ops.join('\n');
}

/** A non-embedded Adobe-GB1 CJK font (STSong-Light, UniGB-UCS2-H). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function cjkFont(doc: any): any {
  const ctx = doc.context;
  const descriptor = ctx.register(ctx.obj({ Type: 'FontDescriptor', FontName: 'STSong-Light', Flags: 6, FontBBox: [-25, -254, 1000, 880], ItalicAngle: 0, Ascent: 880, Descent: -120, CapHeight: 880, StemV: 93 }));
  const cid = ctx.register(
    ctx.obj({ Type: 'Font', Subtype: 'CIDFontType0', BaseFont: 'STSong-Light', CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('GB1'), Supplement: 4 }, FontDescriptor: descriptor, DW: 1000 }),
  );
  return ctx.register(ctx.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'STSong-Light-UniGB-UCS2-H', Encoding: 'UniGB-UCS2-H', DescendantFonts: [cid] }));
}

const ucs2 = (s: string): string => `<${[...s].map((ch) => ch.codePointAt(0)!.toString(16).padStart(4, '0')).join('')}>`;
const textLine = (s: string, x: number, y: number, size: number, rgb = '0 0 0'): string => `BT ${rgb} rg /FCJK ${size} Tf ${n(x)} ${n(y)} Td ${ucs2(s)} Tj ET`;

/** Lines of at most `per` characters. */
function wrap(s: string, per: number): string[] {
  const chars = [...s];
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += per) out.push(chars.slice(i, i + per).join(''));
  return out;
}

async function page(ops: string, out: string): Promise<void> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date('2024-05-08T09:30:00+08:00'));
  doc.setModificationDate(new Date('2024-05-08T09:30:00+08:00'));
  const p = doc.addPage([595.28, 841.89]);
  p.node.setFontDictionary(PDFName.of('FCJK'), cjkFont(doc));
  p.node.addContentStream(doc.context.register(doc.context.stream(ops)));
  writeFileSync(join(samples, 'pdf', out), await doc.save({ useObjectStreams: false }));
}

const LEFT = 79;
const NOTICE = [
  '各区县数据资源管理部门，市直有关单位：',
  '为做好政务数据共享平台二期接入期间的安全保障工作，确保平台平稳运行和数据安全，现就有关事项通知如下。',
  '一、各接入单位要在五月二十日前完成接入系统的等级保护测评整改，整改报告报市局备案。',
  '二、接入期间实行值班制度，各单位明确一名联络员，保持通讯畅通，发现异常情况及时报告。',
  '三、严格控制平台账号的发放范围，临时账号在接入工作结束后一律注销。',
];

async function outlinedNotice(hollow = false): Promise<void> {
  const ops: string[] = [];
  let y = 841.89 - 100;
  ops.push(textLine('000012', LEFT, y, 16));
  y -= 26;
  // The marking line, 3号黑体: outlines (filled, or stroked as hollow letters), no text.
  ops.push(outlinedLine('机密★5年', LEFT, y, 16, hollow));
  y -= 26;
  ops.push(textLine('特急', LEFT, y, 16));
  y -= 60;
  ops.push(textLine('江州市数据资源管理局文件', 130, y, 28, '0.8 0 0'));
  y -= 40;
  ops.push(textLine('江数资发〔2024〕12号', 220, y, 16));
  y -= 14;
  ops.push(`q 0.8 0 0 rg ${LEFT} ${n(y)} 437 1.5 re f Q`);
  y -= 40;
  ops.push(textLine('关于做好政务数据共享平台二期接入安全保障工作的通知', 92, y, 18));
  y -= 36;
  for (const para of NOTICE) {
    for (const line of wrap(para, 27)) {
      ops.push(textLine(line, LEFT, y, 16));
      y -= 28;
    }
  }
  ops.push(textLine('江州市数据资源管理局', 340, y - 30, 16));
  ops.push(textLine('2024年5月8日', 356, y - 58, 16));
  await page(ops.join('\n'), hollow ? 'hollow-marking-notice.pdf' : 'outlined-marking-header.pdf');
}

/**
 * Single-stroke glyphs as an SHX font draws them (polylines in a unit box, y down): a plain stroke
 * font for the characters the samples use. Crude next to a real gbcbig.shx, with the same shape:
 * a few open strokes per character, no contour, nothing filled.
 */
const STROKES: Record<string, number[][]> = {
  机: [[0.05, 0.32, 0.45, 0.32], [0.25, 0.05, 0.25, 0.95], [0.25, 0.35, 0.05, 0.72], [0.27, 0.45, 0.42, 0.6], [0.58, 0.12, 0.58, 0.6, 0.5, 0.92], [0.58, 0.12, 0.82, 0.12, 0.82, 0.85, 0.95, 0.92, 0.97, 0.8]],
  密: [[0.5, 0.02, 0.52, 0.1], [0.1, 0.22, 0.1, 0.15, 0.9, 0.15, 0.88, 0.25], [0.25, 0.28, 0.75, 0.52], [0.35, 0.3, 0.35, 0.55, 0.6, 0.58], [0.7, 0.3, 0.6, 0.45], [0.15, 0.4, 0.2, 0.5], [0.5, 0.62, 0.5, 0.95], [0.2, 0.7, 0.2, 0.95, 0.8, 0.95, 0.8, 0.7]],
  '★': [[0.5, 0.02, 0.62, 0.36, 0.98, 0.37, 0.69, 0.58, 0.8, 0.93, 0.5, 0.72, 0.2, 0.93, 0.31, 0.58, 0.02, 0.37, 0.38, 0.36, 0.5, 0.02]],
  '5': [[0.75, 0.1, 0.3, 0.1, 0.25, 0.45, 0.55, 0.42, 0.75, 0.55, 0.75, 0.8, 0.55, 0.93, 0.25, 0.88]],
  年: [[0.3, 0.05, 0.15, 0.35], [0.3, 0.2, 0.85, 0.2], [0.25, 0.4, 0.8, 0.4], [0.3, 0.4, 0.3, 0.62], [0.05, 0.62, 0.95, 0.62], [0.55, 0.2, 0.55, 0.98]],
};

/** `text` in single strokes, each character one stroked path of its strokes, `size` pt, baseline at (x, y). */
function strokedLine(text: string, x: number, y: number, size: number): string {
  const ops: string[] = ['q 0 0 0 RG 0.7 w 1 J 1 j'];
  let pen = x;
  for (const ch of text) {
    const strokes = STROKES[ch];
    if (!strokes) throw new Error(`no strokes for ${ch}`);
    const path: string[] = [];
    for (const st of strokes) for (let k = 0; k < st.length; k += 2) path.push(`${n(pen + st[k] * size * 0.9)} ${n(y + size * 0.85 - st[k + 1] * size)} ${k ? 'l' : 'm'}`);
    ops.push(`${path.join(' ')} S`);
    pen += size;
  }
  ops.push('Q');
  return ops.join('\n');
}

/** A drawing sheet's frame and title block (text-layer labels), with what goes in its entries. */
function drawingSheet(entries: string[]): string {
  const ops: string[] = ['q 0 0 0 RG 1.2 w 20 20 802 555 re S 0.6 w'];
  // Title block at the bottom right: 4 rows of 22 pt, label and entry columns.
  const bx = 542;
  const by = 20;
  for (let r = 0; r <= 4; r++) ops.push(`${bx} ${by + r * 22} m 822 ${by + r * 22} l S`);
  for (const cx of [bx, 602, 822]) ops.push(`${cx} ${by} m ${cx} ${by + 88} l S`);
  ops.push('Q');
  const labels = ['密级', '图号', '图名', '单位'];
  labels.forEach((l, r) => ops.push(textLine(l, bx + 10, by + 88 - (r + 1) * 22 + 7, 10)));
  ops.push(...entries);
  return ops.join('\n');
}

/** The geometry of a part drawing: dimension lines with arrowheads, a hatched section, bolt circles, centre lines. */
function drawingGeometry(): string {
  const ops: string[] = ['q 0 0 0 RG 0.5 w'];
  // The part: a flange outline and its section.
  ops.push('120 200 m 420 200 l 420 420 l 120 420 l h S');
  // Hatching of the section, 45° lines 6 pt apart, each clipped to the section by hand.
  for (let k = 0; k < 36; k++) {
    const x0 = 430 + k * 6;
    ops.push(`${n(Math.min(x0, 640))} ${n(200 + Math.max(0, x0 - 640))} m ${n(Math.max(430, x0 - 220))} ${n(200 + Math.min(220, x0 - 430))} l S`);
  }
  ops.push('430 200 m 640 200 l 640 420 l 430 420 l h S');
  // Bolt circles: four holes of 14 pt on the flange.
  const k = 0.5523;
  for (const [cx, cy] of [[160, 240], [380, 240], [160, 380], [380, 380]]) {
    const r = 7;
    ops.push(`${cx + r} ${cy} m ${n(cx + r)} ${n(cy + k * r)} ${n(cx + k * r)} ${n(cy + r)} ${cx} ${cy + r} c ${n(cx - k * r)} ${n(cy + r)} ${n(cx - r)} ${n(cy + k * r)} ${cx - r} ${cy} c ${n(cx - r)} ${n(cy - k * r)} ${n(cx - k * r)} ${n(cy - r)} ${cx} ${cy - r} c ${n(cx + k * r)} ${n(cy - r)} ${n(cx + r)} ${n(cy - k * r)} ${cx + r} ${cy} c S`);
    // Centre marks.
    ops.push(`${cx - 10} ${cy} m ${cx + 10} ${cy} l ${cx} ${cy - 10} m ${cx} ${cy + 10} l S`);
  }
  // Dimension lines with filled arrowheads and extension lines.
  ops.push('120 180 m 120 170 l 420 180 m 420 170 l 120 174 m 420 174 l S');
  ops.push('0 0 0 rg 120 174 m 128 176.5 l 128 171.5 l h f 420 174 m 412 176.5 l 412 171.5 l h f');
  ops.push('100 200 m 90 200 l 100 420 m 90 420 l 94 200 m 94 420 l S');
  ops.push('94 200 m 96.5 208 l 91.5 208 l h f 94 420 m 96.5 412 l 91.5 412 l h f');
  // Centre lines, dash-dot.
  ops.push('[12 3 2 3] 0 d 270 190 m 270 430 l 110 310 m 430 310 l S [] 0 d');
  ops.push('Q');
  return ops.join('\n');
}

/** A drawing page, A3 landscape-ish (842 × 595). */
async function drawingPage(ops: string, out: string): Promise<void> {
  const doc = await PDFDocument.create();
  doc.setCreationDate(new Date('2024-05-08T09:30:00+08:00'));
  doc.setModificationDate(new Date('2024-05-08T09:30:00+08:00'));
  const p = doc.addPage([842, 595]);
  p.node.setFontDictionary(PDFName.of('FCJK'), cjkFont(doc));
  p.node.addContentStream(doc.context.register(doc.context.stream(ops)));
  writeFileSync(join(samples, 'pdf', out), await doc.save({ useObjectStreams: false }));
}

async function strokedDrawing(): Promise<void> {
  const entries = [textLine('JL-SC-2026-017', 612, 20 + 44 + 7, 10), textLine('二号加压泵站法兰', 612, 20 + 22 + 7, 10), textLine('江临市第二水厂', 612, 20 + 7, 10), strokedLine('机密★5年', 612, 20 + 66 + 5, 12)];
  await drawingPage(`${drawingGeometry()}\n${drawingSheet(entries)}`, 'stroked-marking-drawing.pdf');
  const plain = [textLine('公开', 612, 20 + 66 + 7, 10), textLine('JL-SC-2026-017', 612, 20 + 44 + 7, 10), textLine('二号加压泵站法兰', 612, 20 + 22 + 7, 10), textLine('江临市第二水厂', 612, 20 + 7, 10)];
  await drawingPage(`${drawingGeometry()}\n${drawingSheet(plain)}`, 'benign-drawing-geometry.pdf');
}

async function ruledTable(): Promise<void> {
  const ops: string[] = [];
  // An emblem: one filled path of many curves and lines (a ring with a star cut out), 64 pt.
  const cx = LEFT + 32;
  const cy = 841.89 - 110;
  const ring: string[] = [];
  const k = 0.5523;
  for (const r of [32, 26]) {
    ring.push(`${n(cx + r)} ${n(cy)} m`);
    ring.push(`${n(cx + r)} ${n(cy + k * r)} ${n(cx + k * r)} ${n(cy + r)} ${n(cx)} ${n(cy + r)} c`);
    ring.push(`${n(cx - k * r)} ${n(cy + r)} ${n(cx - r)} ${n(cy + k * r)} ${n(cx - r)} ${n(cy)} c`);
    ring.push(`${n(cx - r)} ${n(cy - k * r)} ${n(cx - k * r)} ${n(cy - r)} ${n(cx)} ${n(cy - r)} c`);
    ring.push(`${n(cx + k * r)} ${n(cy - r)} ${n(cx + r)} ${n(cy - k * r)} ${n(cx + r)} ${n(cy)} c h`);
  }
  for (let i = 0; i < 10; i++) {
    const a = Math.PI / 2 + (i * Math.PI) / 5;
    const r = i % 2 ? 8 : 20;
    ring.push(`${n(cx + r * Math.cos(a))} ${n(cy + r * Math.sin(a))} ${i ? 'l' : 'm'}`);
  }
  ring.push('h');
  ops.push(`q 0.75 0.1 0.1 rg ${ring.join('\n')} f* Q`);
  ops.push(textLine('江州市统计局', LEFT + 80, cy + 8, 22));
  ops.push(textLine('2024年一季度全市规模以上工业主要指标', LEFT + 80, cy - 20, 14));
  let y = cy - 70;
  for (const line of wrap('一季度，全市规模以上工业增加值同比增长百分之六点二，增速比上年同期加快一点一个百分点。分行业看，三十五个行业大类中有二十六个行业增加值保持增长。', 29)) {
    ops.push(textLine(line, LEFT, y, 14));
    y -= 24;
  }
  // The table: header row shaded, borders as 0.5 pt filled rectangles (as word processors export
  // them), the outer frame as 1 pt stroked rules.
  const cols = [LEFT, LEFT + 150, LEFT + 250, LEFT + 350, LEFT + 437];
  const rows = [
    ['指标', '单位', '绝对额', '同比增长'],
    ['工业增加值', '亿元', '512.6', '6.2%'],
    ['营业收入', '亿元', '2318.4', '5.7%'],
    ['利润总额', '亿元', '146.9', '8.3%'],
    ['出口交货值', '亿元', '301.2', '-1.4%'],
    ['用电量', '亿千瓦时', '88.5', '4.9%'],
  ];
  const rowH = 24;
  const top = y - 10;
  ops.push(`q 0.85 0.85 0.85 rg ${LEFT} ${n(top - rowH)} 437 ${rowH} re f Q`);
  ops.push('q 0 0 0 rg');
  for (let r = 0; r <= rows.length; r++) ops.push(`${LEFT} ${n(top - r * rowH - 0.25)} 437 0.5 re f`);
  for (const x of cols) ops.push(`${n(x - 0.25)} ${n(top - rows.length * rowH)} 0.5 ${rows.length * rowH} re f`);
  ops.push('Q');
  ops.push(`q 1 w 0 0 0 RG ${LEFT} ${n(top - rows.length * rowH)} 437 ${rows.length * rowH} re S Q`);
  rows.forEach((row, r) => row.forEach((cell, c) => ops.push(textLine(cell, cols[c] + 6, top - r * rowH - 17, 12))));
  y = top - rows.length * rowH - 30;
  // A legend: small squares and circles before their labels.
  const legend = ['增长', '持平', '下降'];
  legend.forEach((label, i) => {
    const x = LEFT + i * 90;
    ops.push(`q ${['0.2 0.5 0.2', '0.5 0.5 0.5', '0.8 0.2 0.2'][i]} rg ${x} ${n(y)} 8 8 re f Q`);
    ops.push(textLine(label, x + 12, y, 10));
  });
  y -= 40;
  ops.push(textLine('注：本表数据为快报数，最终数据以年报为准。', LEFT, y, 10));
  y -= 50;
  ops.push(textLine('制表人：', LEFT + 200, y, 12));
  // The signature line: an underline (a thin filled rectangle).
  ops.push(`q 0 0 0 rg ${LEFT + 250} ${n(y - 3)} 120 0.6 re f Q`);
  await page(ops.join('\n'), 'benign-ruled-table.pdf');
}

/** `text` at `size` pt as OFD paths: per glyph its Boundary (mm, from x, y) and AbbreviatedData relative to it. */
function ofdGlyphs(text: string, size: number): Array<{ boundary: [number, number, number, number]; data: string }> {
  const MM = 25.4 / 72;
  const measure = createCanvas(10, 10).getContext('2d');
  measure.font = `${size}px OutlineHei`;
  const out: Array<{ boundary: [number, number, number, number]; data: string }> = [];
  let pen = 0;
  for (const ch of text) {
    const c = createCanvas(Math.ceil(size * 2), Math.ceil(size * 2), SvgExportFlag.ConvertTextToPaths);
    const g = c.getContext('2d');
    g.font = `${size}px OutlineHei`;
    g.fillText(ch, 0, size);
    const d = [...(c.getContent().toString() as string).matchAll(/ d="([^"]+)"/g)].map((m) => m[1]).join(' ');
    const nums = (d.match(/-?[\d.]+(?:e-?\d+)?/g) ?? []).map(Number);
    const xs = nums.filter((_, i) => i % 2 === 0);
    const ys = nums.filter((_, i) => i % 2 === 1);
    const x0 = Math.min(...xs);
    const y0 = Math.min(...ys);
    // Commands kept (M L C Q Z → OFD M L B Q C), coordinates relative to the glyph's box, in mm.
    let k = 0;
    const data = d.replace(/[MLCQZ]|-?[\d.]+(?:e-?\d+)?/g, (t) => {
      if (/^[A-Z]$/.test(t)) return t === 'C' ? 'B' : t === 'Z' ? 'C' : t;
      const v = Number(t) - (k++ % 2 === 0 ? x0 : y0);
      return n(v * MM);
    });
    const mm = (v: number): number => Number(n(v * MM));
    out.push({ boundary: [mm(pen + x0), mm(y0), mm(Math.max(...xs) - x0), mm(Math.max(...ys) - y0)], data });
    pen += measure.measureText(ch).width;
  }
  return out;
}

function ofdFixture(): void {
  const dir = join(samples, '../packages/extract-ofd/test/fixtures');
  mkdirSync(dir, { recursive: true });
  const fixture = { note: '机密★5年 in Noto Sans CJK Regular at 16 pt (4.2 mm, 3号黑体) as OFD path data, one path per glyph: boundary [x, y, w, h] in mm from the line start (y from the top of a 16 pt line box), data relative to the boundary. Made by samples/scripts/make-pdf-outline-samples.ts.', glyphs: ofdGlyphs('机密★5年', 16) };
  writeFileSync(join(dir, 'outlined-marking.json'), JSON.stringify(fixture, null, 1) + '\n');
}

/** A vector stamp: an annotation whose appearance is the marking as red outlines, at the top left of a news page. */
async function outlinedStamp(): Promise<void> {
  const doc = await PDFDocument.load(readFileSync(join(samples, 'pdf/benign-publicity-month-news.pdf')));
  const page = doc.getPage(0);
  const ctx = doc.context;
  const w = 104;
  const h = 28;
  const appearance = ctx.stream(outlinedLine('机密★5年', 4, 8, 18).replace('0 0 0 rg', '0.8 0 0 rg'), { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, w, h] });
  const x = 60;
  const y = page.getHeight() - 62;
  const stamp = ctx.obj({ Type: 'Annot', Subtype: 'Stamp', Rect: [x, y, x + w, y + h], F: 4, Name: 'Confidential', AP: { N: ctx.register(appearance) } });
  page.node.addAnnot(ctx.register(stamp));
  writeFileSync(join(samples, 'pdf', 'stamp-annotation-outlined-marking.pdf'), await doc.save({ useObjectStreams: false }));
}

if (process.argv[2] === 'stroked') {
  await outlinedNotice(true);
  await strokedDrawing();
} else {
  await outlinedNotice();
  await outlinedStamp();
  ofdFixture();
  await ruledTable();
  await outlinedNotice(true);
  await strokedDrawing();
}
