/**
 * LibreOffice's hybrid PDF ("Embed OpenDocument file", `IsAddStream`) carries the whole document it
 * was exported from as a stream the trailer names (`/AdditionalStreams [/application#2Fvnd…text 4 0 R]`);
 * LibreOffice opens that document in place of the pages. pdf-lib keeps no such trailer key, so the
 * document was never read nor reported: a notice whose hidden paragraph says 机密★5年 blocks as
 * .odt/.docx but passed as a hybrid PDF, its pages showing only the notice. The trailer's streams
 * are now read as embedded files; the same notice whose hidden paragraph is benign passes.
 */
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, stream, ucs2 } from './raw-pdf.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (b: Buffer): number => {
  let c = 0xffffffff;
  for (const x of b) c = CRC[(c ^ x) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

/** A ZIP of stored (mimetype) and deflated entries, as ODF packages are written. */
function zip(entries: Array<[string, string]>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const raw = Buffer.from(text, 'utf8');
    const stored = name === 'mimetype';
    const data = stored ? raw : zlib.deflateRawSync(raw);
    const n = Buffer.from(name, 'utf8');
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6);
    head.writeUInt16LE(stored ? 0 : 8, 8);
    head.writeUInt32LE(crc32(raw), 14);
    head.writeUInt32LE(data.length, 18);
    head.writeUInt32LE(raw.length, 22);
    head.writeUInt16LE(n.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    head.copy(dir, 8, 6, 30);
    dir.writeUInt32LE(offset, 42);
    locals.push(head, n, data);
    central.push(dir, n);
    offset += head.length + n.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const TITLE = '江临市财政局关于做好预算执行情况检查的通知';
const BODY = '各区县财政局：为加强预算执行管理，市财政局决定开展预算执行情况检查，请于7月15日前完成自查。';

/** The ODT the pages were exported from: the notice, its first paragraph hidden and saying `hidden`. */
const odt = (hidden: string): Buffer =>
  zip([
    ['mimetype', 'application/vnd.oasis.opendocument.text'],
    [
      'META-INF/manifest.xml',
      '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
    ],
    [
      'content.xml',
      '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3">' +
        '<office:automatic-styles><style:style style:name="P1" style:family="paragraph"><style:text-properties text:display="none"/></style:style></office:automatic-styles>' +
        `<office:body><office:text><text:p text:style-name="P1">${hidden}</text:p><text:p>${TITLE}</text:p><text:p>${BODY}</text:p></office:text></office:body></office:document-content>`,
    ],
  ]);

/** The hybrid PDF: the page shows the notice; object 7 (the trailer's /AdditionalStreams) is the ODT. */
const hybrid = (hidden: string): Uint8Array =>
  buildPdf(
    [...onePageCjk(stream('', `BT /F2 16 Tf 72 700 Td ${ucs2(TITLE)} Tj ET BT /F2 12 Tf 72 670 Td ${ucs2(BODY)} Tj ET`)), stream('', new Uint8Array(odt(hidden)))],
    '/AdditionalStreams [/application#2Fvnd#2Eoasis#2Eopendocument#2Etext 7 0 R]',
  );

describe('PDF: the document a hybrid PDF carries (trailer /AdditionalStreams)', () => {
  it('is read: the hidden 机密★5年 of the ODT blocks', async () => {
    const r = await scanner.scan(hybrid('机密★5年'), { filename: 'notice.pdf' });
    expect(r.coverage.embedded.scanned).toBe(1);
    expect(r.verdict).toBe('block');
  });

  it('a list padded past the window it is read in is unread, not dropped', async () => {
    const padded = buildPdf(
      [...onePageCjk(stream('', `BT /F2 16 Tf 72 700 Td ${ucs2(TITLE)} Tj ET`)), stream('', new Uint8Array(odt('机密★5年')))],
      `/AdditionalStreams [${' '.repeat(5000)}/application#2Fvnd#2Eoasis#2Eopendocument#2Etext 7 0 R]`,
    );
    const r = await scanner.scan(padded, { filename: 'notice.pdf' });
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.map((u) => u.detail).join('\n')).toMatch(/additional stream/);
  });

  it('the same hybrid PDF whose hidden paragraph is benign passes', async () => {
    const r = await scanner.scan(hybrid('本段依据的测算底稿另行报送。'), { filename: 'notice.pdf' });
    expect(r.coverage.embedded.scanned).toBe(1);
    expect(r.verdict).toBe('pass');
  });
});
