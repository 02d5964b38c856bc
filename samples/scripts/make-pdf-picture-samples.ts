/**
 * Makes the PDF samples whose marking is only in a picture on a page that has a text layer:
 *   samples/pdf/text-page-with-marked-scan.pdf  — a news page with a photo of a marked notice pasted in (block)
 *   samples/pdf/text-page-with-photo.pdf        — the same news page with a picture without text (pass)
 *   samples/pdf/stamp-annotation-marked-picture.pdf — the news page with a stamp annotation whose
 *     appearance is that photo: the page's content draws no picture, the stamp does (block)
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
console.log('wrote samples/pdf/text-page-with-marked-scan.pdf, samples/pdf/text-page-with-photo.pdf, samples/pdf/stamp-annotation-marked-picture.pdf');
