/**
 * Makes the PDF samples whose marking is only in a picture on a page that has a text layer:
 *   samples/pdf/text-page-with-marked-scan.pdf  — a news page with a photo of a marked notice pasted in (block)
 *   samples/pdf/text-page-with-photo.pdf        — the same news page with a picture without text (pass)
 *   samples/pdf/stamp-annotation-marked-picture.pdf — the news page with a stamp annotation whose
 *     appearance is that photo: the page's content draws no picture, the stamp does (block)
 *   samples/pdf/text-page-with-small-marked-picture.pdf — the news page with 机密, cut from the
 *     notice's marking line, as a picture of 37 × 21 px (16 px a character) at the top left (block)
 *   samples/pdf/text-page-with-small-icons.pdf — the news page with icon-sized pictures: three
 *     16 × 16 px icons drawn at 24 pt, a bullet of 8 × 8 px and a rule of 400 × 1 px (pass)
 * Sources: samples/pdf/benign-publicity-month-news.pdf and samples/images/notice-marked-300dpi.png.
 * Run from the repository root: pnpm tsx samples/scripts/make-pdf-picture-samples.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const samples = join(dirname(fileURLToPath(import.meta.url)), '..');
// pdf-lib and @napi-rs/canvas are (dev) dependencies of the PDF extractor package.
const requireFromPdf = createRequire(join(samples, '../packages/extract-pdf/package.json'));
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a generator script; types live in that package
const { PDFDocument, pushGraphicsState, popGraphicsState, concatTransformationMatrix, drawObject } = requireFromPdf('pdf-lib') as Record<string, any>;
const { createCanvas, loadImage } = requireFromPdf('@napi-rs/canvas') as { createCanvas: any; loadImage: any };

async function topOfNotice(): Promise<Buffer> {
  // The top third of the marked notice (份号, 机密★5年, 特急, the red header), at ~200 dpi.
  const img = await loadImage(readFileSync(join(samples, 'images/notice-marked-300dpi.png')));
  const sw = img.width;
  const sh = Math.round(img.height * 0.3);
  const scale = 2 / 3;
  const c = createCanvas(Math.round(sw * scale), Math.round(sh * scale));
  const g = c.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, c.width, c.height);
  g.drawImage(img, 0, 0, sw, sh, 0, 0, c.width, c.height);
  return c.encode('png');
}

function gradientPhoto(): Promise<Buffer> {
  // A photo-like picture with no text: sky, ground and a few shapes.
  const c = createCanvas(900, 600);
  const g = c.getContext('2d');
  const sky = g.createLinearGradient(0, 0, 0, 600);
  sky.addColorStop(0, '#8fb8de');
  sky.addColorStop(0.6, '#dfe9f3');
  sky.addColorStop(0.6, '#7a9a5a');
  sky.addColorStop(1, '#4d6b33');
  g.fillStyle = sky;
  g.fillRect(0, 0, 900, 600);
  g.fillStyle = '#c23b22';
  g.fillRect(380, 250, 140, 110);
  g.fillStyle = '#f0e6d2';
  g.beginPath();
  g.arc(150, 120, 50, 0, Math.PI * 2);
  g.fill();
  return c.encode('png');
}

async function smallMarking(): Promise<Buffer> {
  // 机密, the first two characters of the notice's marking line (63 px high at 300 dpi), scaled to
  // 16 px a character: a picture of 37 × 21 px, under the 64-pixel floor pictures once had to reach.
  const img = await loadImage(readFileSync(join(samples, 'images/notice-marked-300dpi.png')));
  const [x0, y0, x1, y1] = [322, 474, 468, 557];
  const scale = 16 / 63;
  const c = createCanvas(Math.round((x1 - x0) * scale), Math.round((y1 - y0) * scale));
  const g = c.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, c.width, c.height);
  g.imageSmoothingQuality = 'high';
  g.drawImage(img, x0, y0, x1 - x0, y1 - y0, 0, 0, c.width, c.height);
  return c.encode('png');
}

/** Icon-sized pictures: 16 × 16 px icons (a phone, a mail envelope, a printer), a bullet, a rule. */
function icons(): Array<{ png: Buffer; w: number; h: number }> {
  const out: Array<{ png: Buffer; w: number; h: number }> = [];
  const draw = (pw: number, ph: number, paint: (g: any) => void, w: number, h: number) => {
    const c = createCanvas(pw, ph);
    const g = c.getContext('2d');
    g.fillStyle = '#ffffff';
    g.fillRect(0, 0, pw, ph);
    g.fillStyle = '#1f4e79';
    g.strokeStyle = '#1f4e79';
    paint(g);
    out.push({ png: c.encodeSync('png'), w, h });
  };
  draw(16, 16, (g) => { g.fillRect(4, 1, 8, 14); g.fillStyle = '#ffffff'; g.fillRect(5, 3, 6, 8); }, 24, 24);
  draw(16, 16, (g) => { g.lineWidth = 1.5; g.strokeRect(1.5, 3.5, 13, 9); g.beginPath(); g.moveTo(2, 4); g.lineTo(8, 9); g.lineTo(14, 4); g.stroke(); }, 24, 24);
  draw(16, 16, (g) => { g.fillRect(4, 1, 8, 4); g.fillRect(1, 6, 14, 6); g.fillStyle = '#ffffff'; g.fillRect(4, 10, 8, 5); g.strokeRect(4.5, 10.5, 7, 4); }, 24, 24);
  draw(8, 8, (g) => { g.beginPath(); g.arc(4, 4, 3, 0, Math.PI * 2); g.fill(); }, 6, 6);
  draw(400, 1, (g) => g.fillRect(0, 0, 400, 1), 300, 2);
  return out;
}

async function withSmallPictures(pictures: Array<{ png: Buffer; w: number; h: number }>, out: string): Promise<void> {
  const doc = await PDFDocument.load(readFileSync(join(samples, 'pdf/benign-publicity-month-news.pdf')));
  const page = doc.getPage(0);
  // Top left, where a marking stands on a GB/T 9704 document, one under another.
  let y = page.getHeight() - 50;
  for (const p of pictures) {
    const image = await doc.embedPng(p.png);
    y -= p.h + 4;
    page.drawImage(image, { x: 72, y, width: p.w, height: p.h });
  }
  writeFileSync(join(samples, 'pdf', out), await doc.save({ useObjectStreams: false }));
}

async function withPicture(png: Buffer, out: string): Promise<void> {
  const doc = await PDFDocument.load(readFileSync(join(samples, 'pdf/benign-publicity-month-news.pdf')));
  const image = await doc.embedPng(png);
  const page = doc.getPage(0);
  const width = 300;
  const height = (image.height / image.width) * width;
  // Lower half of the page, under the article text.
  page.drawImage(image, { x: (page.getWidth() - width) / 2, y: 60, width, height });
  writeFileSync(join(samples, 'pdf', out), await doc.save({ useObjectStreams: false }));
}

async function withStampPicture(png: Buffer, out: string): Promise<void> {
  const doc = await PDFDocument.load(readFileSync(join(samples, 'pdf/benign-publicity-month-news.pdf')));
  const image = await doc.embedPng(png);
  const page = doc.getPage(0);
  const width = 300;
  const height = (image.height / image.width) * width;
  const ctx = doc.context;
  // The appearance: a form XObject that draws the picture over its whole box.
  const appearance = ctx.formXObject([pushGraphicsState(), concatTransformationMatrix(width, 0, 0, height, 0, 0), drawObject('Im0'), popGraphicsState()], {
    BBox: [0, 0, width, height],
    Resources: { XObject: { Im0: image.ref } },
  });
  const x = (page.getWidth() - width) / 2;
  const stamp = ctx.obj({ Type: 'Annot', Subtype: 'Stamp', Rect: [x, 60, x + width, 60 + height], F: 4, Name: 'Approved', AP: { N: ctx.register(appearance) } });
  page.node.addAnnot(ctx.register(stamp));
  writeFileSync(join(samples, 'pdf', out), await doc.save({ useObjectStreams: false }));
}

await withPicture(await topOfNotice(), 'text-page-with-marked-scan.pdf');
await withStampPicture(await topOfNotice(), 'stamp-annotation-marked-picture.pdf');
await withPicture(await gradientPhoto(), 'text-page-with-photo.pdf');
// Placed at 0.75 pt a pixel, as office suites place a 96-dpi picture: 27.75 × 15.75 pt.
await withSmallPictures([{ png: await smallMarking(), w: 27.75, h: 15.75 }], 'text-page-with-small-marked-picture.pdf');
await withSmallPictures(icons(), 'text-page-with-small-icons.pdf');
console.log('wrote samples/pdf/text-page-with-marked-scan.pdf, samples/pdf/text-page-with-photo.pdf, samples/pdf/stamp-annotation-marked-picture.pdf, samples/pdf/text-page-with-small-marked-picture.pdf, samples/pdf/text-page-with-small-icons.pdf');
