/**
 * An encrypted PDF that opens without a password (owner password only, empty user password: the
 * usual "no printing" office file) is decrypted for the raw passes too, so what they read in a
 * plain file — the XMP packet, form field names, stamp names, strings with ESC bytes — is read
 * in the encrypted one: each cipher, with and without object streams, answers as the plain twin.
 * The same file holding an ordinary notice still passes, with nothing reported unread.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { encryptedPdf, plainPdf, type Cipher, type EncBody } from './encrypt-pdf.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

const ucs2 = (s: string) => Buffer.from(s, 'utf16le').swap16();
const utf16 = (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), ucs2(s)]);
const NOTICE = ['关于做好2026年春节期间安全生产工作的通知', '各区县应急管理局：', '请于1月20日前报送隐患排查情况。', '联系人：王敏，电话：0571-87001234'];
const content = NOTICE.map((l, k) => `BT /F1 12 Tf 56 ${780 - k * 22} Td <${ucs2(l).toString('hex')}> Tj ET`).join('\n');
const xmp = (title: string) =>
  `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${title}</rdf:li></rdf:Alt></dc:title><dc:creator><rdf:Seq><rdf:li>市应急管理局办公室</rdf:li></rdf:Seq></dc:creator></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

type Doc = { xmp?: Uint8Array; field?: string; note?: Uint8Array; stamp?: string };
const BENIGN: Required<Doc> = {
  xmp: Buffer.from(xmp(NOTICE[0])),
  field: '联系电话',
  note: utf16('请各单位按时报送'),
  stamp: 'Approved',
};
/** The notice: a page of text, an XMP packet, a text field, a note and a stamp. */
function bodies(doc: Doc): EncBody[] {
  const d = { ...BENIGN, ...doc };
  return [
    () => '<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R /AcroForm << /Fields [7 0 R] >> >>',
    () => '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    () => '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R /Annots [7 0 R 8 0 R 9 0 R] >>',
    (e) => `<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry ${e.str('Adobe')} /Ordering ${e.str('GB1')} /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> /DW 1000 >>] >>`,
    (e) => e.stream('', content),
    (e) => e.stream('/Type /Metadata /Subtype /XML', d.xmp),
    (e) => `<< /Type /Annot /Subtype /Widget /FT /Tx /T ${e.str(utf16(d.field))} /V ${e.str(utf16('0571-87001234'))} /Rect [56 600 300 620] /F 4 /P 3 0 R >>`,
    (e) => `<< /Type /Annot /Subtype /Text /Rect [56 640 76 660] /Contents ${e.str(d.note)} /T ${e.str(utf16('王敏'))} >>`,
    () => `<< /Type /Annot /Subtype /Stamp /Rect [400 760 540 820] /F 4 /Name /${d.stamp} >>`,
    (e) => `<< /Title ${e.str(utf16(NOTICE[0]))} /Author ${e.str(utf16('王敏'))} /Producer ${e.str('WPS Office')} >>`,
  ];
}
const INFO = '/Info 10 0 R';
const esc = (s: string) => Buffer.concat([Buffer.from([0x1b]), Buffer.from(s), Buffer.from([0x1b])]);
// The packet in Big5 without an encoding declaration; the title 國防部 機密★ is B0EA A8BE B3A1 20 BEF7 B14B A1B9.
const [before, after] = xmp('\u0000').replace('\uFEFF', '').split('\u0000');
const big5Xmp = Buffer.concat([Buffer.from(before), Buffer.from('b0eaa8beb3a120bef7b14ba1b9', 'hex'), Buffer.from(after)]);
const MARKED: Array<[string, Doc]> = [
  ['the XMP dc:title', { xmp: Buffer.from(xmp('机密★5年')) }],
  ['an XMP packet in Big5 bytes', { xmp: big5Xmp }],
  ["a form field's name (/T)", { field: '机密★5年' }],
  ['a stamp\'s standard name (/Name /TopSecret)', { stamp: 'TopSecret' }],
  ['a note whose /Contents is the banner between ESC bytes', { note: esc('TOP SECRET//NOFORN') }],
];
const CIPHERS: Cipher[] = ['rc4-40', 'rc4-128', 'aes-128', 'aes-256'];
const CASES = CIPHERS.flatMap((c) => [false, true].map((objectStream) => [c, objectStream] as const));

const scan = (bytes: Uint8Array) => scanner.scan(bytes, { filename: 'notice.pdf' });
const plainVerdict = new Map<string, string>();

describe.each(CASES)('a PDF encrypted with %s, empty user password (object stream: %s)', (cipher, objectStream) => {
  it('holding an ordinary notice passes, nothing unread, its page text read', async () => {
    const r = await scan(encryptedPdf(bodies({}), cipher, { trailer: INFO, objectStream }));
    expect(r.coverage.unread.map((u) => u.detail)).toEqual([]);
    expect(r.verdict).toBe('pass');
    expect(r.coverage.parts.length).toBeGreaterThan(1);
  });

  it.each(MARKED)('with the marking in %s answers as the plain file (never pass)', async (what, doc) => {
    if (!plainVerdict.has(what)) plainVerdict.set(what, (await scan(plainPdf(bodies(doc), INFO))).verdict);
    const r = await scan(encryptedPdf(bodies(doc), cipher, { trailer: INFO, objectStream }));
    expect(r.coverage.unread.filter((u) => u.reason === 'encrypted')).toEqual([]);
    expect(r.verdict).not.toBe('pass');
    expect(r.verdict).toBe(plainVerdict.get(what));
  });
});
