/**
 * Writes test/fixtures for a form's 密级 row whose chosen option is boxed or circled
 * (circled-options.test.ts), each made by LibreOffice (`soffice --headless --convert-to doc`) from a
 * flat OpenDocument text written here: a character border on 机密 (LibreOffice writes sprmCBrc80 and
 * sprmCBrc), and Word's enclosed character EQ \o\ac(○,机) — LibreOffice writes no such field, so it
 * writes a ruby on 机 (EQ \o\al(\s\up n(guide),base)) whose instruction is then rewritten in place,
 * padded to the same length so the piece table still holds. An ellipse (draw:ellipse, which
 * LibreOffice writes as a Word oval, msosptEllipse) anchored in the 密级 row, and in a row of 公开; a box,
 * a free-form ring and a line anchored there too, and the box in a row of 公开. The benign file holds the twins: the
 * blank row, 公开 boxed, every option boxed, a boxed paragraph of prose, a boxed word in a sentence,
 * 公开 highlighted, a highlighted level in a rule's sentence. 机密 highlighted: circled-highlight-marking.
 * Run: `pnpm tsx packages/extract-doc/test/make-circled-fixtures.ts` (needs LibreOffice; the files
 * it writes are committed, so the tests do not need it).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import CFB from 'cfb';

const OUT = resolve(import.meta.dirname, 'fixtures');
const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
].join(' ');
const text = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">` +
  '<office:automatic-styles><style:style style:name="B" style:family="text"><style:text-properties fo:border="0.5pt solid #000000" fo:padding="0cm"/></style:style>' +
  '<style:style style:name="H" style:family="text"><style:text-properties fo:background-color="#ffff00"/></style:style></office:automatic-styles>' +
  `<office:body><office:text>${body}</office:text></office:body></office:document>`;
const p = (s: string) => `<text:p>${s}</text:p>`;
const boxed = (s: string) => `<text:span text:style-name="B">${s}</text:span>`;
const marked = (s: string) => `<text:span text:style-name="H">${s}</text:span>`;
const ruby = (base: string, guide: string) => `<text:ruby><text:ruby-base>${base}</text:ruby-base><text:ruby-text>${guide}</text:ruby-text></text:ruby>`;
/** A routing slip (文件处理单) with `row` as its 密级 row. */
const slip = (row: string) => text(p('文件处理单') + p('来文单位：江临市发展和改革委员会') + p(row) + p('事由：关于下达2027年度重点项目投资计划的函') + p('拟办意见：请分管领导阅示。'));

/** A red ellipse anchored in the paragraph, drawn over its second and third words. */
const ELLIPSE = '<draw:ellipse text:anchor-type="paragraph" draw:z-index="0" svg:width="1.4cm" svg:height="0.7cm" svg:x="2.4cm" svg:y="-0.1cm"/>';

/** Other shapes drawn over the option: a box, a free-form ring (LibreOffice writes a path as msosptNotPrimitive), a line. */
const BOX = '<draw:rect text:anchor-type="paragraph" draw:z-index="0" svg:width="1.4cm" svg:height="0.7cm" svg:x="2.4cm" svg:y="-0.1cm"/>';
const FREEFORM = '<draw:custom-shape text:anchor-type="paragraph" draw:z-index="0" svg:width="1.4cm" svg:height="0.7cm" svg:x="2.4cm" svg:y="-0.1cm"><draw:enhanced-geometry svg:viewBox="0 0 100 100" draw:enhanced-path="M 0 50 C 0 0 100 0 100 50 C 100 100 0 100 0 50 Z N"/></draw:custom-shape>';
const LINE = '<draw:line text:anchor-type="paragraph" draw:z-index="0" svg:x1="2.4cm" svg:y1="0.5cm" svg:x2="3.8cm" svg:y2="0.5cm"/>';
const DOCS: Record<string, string> = {
  'circled-ellipse-marking': slip(`密级：绝密 机密 秘密${ELLIPSE}`),
  'circled-ellipse-benign': slip(`密级：公开${ELLIPSE}`),
  'circled-box-marking': slip(`密级：绝密 机密 秘密${BOX}`),
  'circled-freeform-marking': slip(`密级：绝密 机密 秘密${FREEFORM}`),
  'circled-line-marking': slip(`密级：绝密 机密 秘密${LINE}`),
  'circled-box-benign': slip(`密级：公开${BOX}`),
  'circled-border-marking': slip(`密级：绝密 ${boxed('机密')} 秘密`),
  'circled-highlight-marking': slip(`密级：绝密 ${marked('机密')} 秘密`),
  'circled-eq-marking': slip(`密级：绝密 ${ruby('机', 'jiyy')}密 秘密`),
  'circled-benign': text(
    p('文件处理单') +
      p('密级：绝密 机密 秘密') +
      p(`密级：绝密 机密 秘密 ${boxed('公开')}`) +
      p(`密级：${boxed('绝密')} ${boxed('机密')} ${boxed('秘密')}`) +
      p(boxed('各单位收到的机密、秘密文件，应当由专人管理，按规定登记、传阅和清退。')) +
      p(`各单位：凡标注为${boxed('机密')}的文件，一律按规定办理。`) +
      p('办理要求：①当日登记；②按时清退。') +
      p(`密级：绝密 机密 秘密 ${marked('公开')}`) +
      p(`第二条 国家秘密的密级分为绝密、${marked('机密')}、秘密三级。`),
  ),
};

/** Rewrites `from` to `to` (padded with spaces to the same length) in the WordDocument stream's UTF-16 text. */
function rewrite(file: string, from: string, to: string): void {
  const cfb = CFB.read(readFileSync(file), { type: 'buffer' });
  const entry = CFB.find(cfb, 'WordDocument')!;
  const b = Buffer.from(entry.content as Uint8Array);
  const at = b.indexOf(Buffer.from(from, 'utf16le'));
  if (at < 0 || to.length > from.length) throw new Error(`${from} not found in ${file}`);
  Buffer.from(to.padEnd(from.length, ' '), 'utf16le').copy(b, at);
  entry.content = b;
  writeFileSync(file, CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

const tmp = mkdtempSync(join(tmpdir(), 'prepub-doc-circled-'));
try {
  for (const [name, xml] of Object.entries(DOCS)) {
    writeFileSync(join(tmp, `${name}.fodt`), xml);
    execFileSync('soffice', ['--headless', '--convert-to', 'doc', '--outdir', tmp, join(tmp, `${name}.fodt`)], { stdio: 'ignore', timeout: 120_000 });
    copyFileSync(join(tmp, `${name}.doc`), join(OUT, `${name}.doc`));
  }
  // The ruby's instruction becomes Word's enclosed character: 机 in a circle.
  const file = join(OUT, 'circled-eq-marking.doc');
  const w = CFB.find(CFB.read(readFileSync(file), { type: 'buffer' }), 'WordDocument')!.content as Uint8Array;
  const m = /\\o\\al\(\\s\\up \d+\(jiyy\),机\)/.exec(Buffer.from(w).toString('utf16le'));
  if (!m) throw new Error('LibreOffice wrote no EQ field for the ruby');
  rewrite(file, m[0], '\\o\\ac(○,机)');
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
