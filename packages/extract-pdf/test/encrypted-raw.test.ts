/**
 * An encrypted file (empty user password, RC4 40-bit, written here) skips the raw passes that read
 * strings and streams with pdf-lib: what they would have read is not read, so the file is never
 * `pass`. One holding only ordinary page content still passes.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, linesContent, stream, type Body } from './raw-pdf.ts';
import { rc4 as rc4Bytes } from '../src/decrypt.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
const ID = Buffer.from('0123456789abcdef0123456789abcdef', 'hex');
const P = -4; // everything allowed but printing/modifying (an owner's restriction)

/** RC4 (the product's, which pdf.js's decryption of the files written with it checks). */
const rc4 = (key: Uint8Array, data: Uint8Array): Buffer => Buffer.from(rc4Bytes(key, data));
const md5 = (...parts: Uint8Array[]) => createHash('md5').update(Buffer.concat(parts)).digest();
const padded = (password: string) => Buffer.concat([Buffer.from(password, 'latin1'), PAD]).subarray(0, 32);
const p = Buffer.alloc(4);
p.writeInt32LE(P);
/** Standard security handler, revision 2: owner password "owner", the user password given (empty: the file opens without asking). */
function handler(user: string) {
  const O = rc4(md5(padded('owner')).subarray(0, 5), padded(user));
  const key = md5(padded(user), O, p, ID).subarray(0, 5);
  const U = rc4(key, PAD);
  const objectKey = (num: number) => md5(key, Buffer.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, 0, 0])).subarray(0, 10);
  return { O, U, objectKey };
}

type Enc = { str: (s: string) => string; data: (s: string) => Uint8Array };
/** An encrypted PDF: each body is built with the encryption of its own object number; the /Encrypt dictionary is added last. */
function encryptedPdf(bodies: Array<(e: Enc) => Body>, trailer = '', user = ''): Uint8Array {
  const { O, U, objectKey } = handler(user);
  const built = bodies.map((b, i) => {
    const key = objectKey(i + 1);
    return b({ str: (s) => `<${rc4(key, Buffer.from(s, 'latin1')).toString('hex')}>`, data: (s) => rc4(key, Buffer.from(s, 'latin1')) });
  });
  const n = built.length + 1;
  built.push(`<< /Filter /Standard /V 1 /R 2 /O <${O.toString('hex')}> /U <${U.toString('hex')}> /P ${P} >>`);
  return buildPdf(built, `/Encrypt ${n} 0 R /ID [<${ID.toString('hex')}> <${ID.toString('hex')}>] ${trailer}`);
}

const MINUTES = linesContent(['The committee met on 4 May to review the supply schedule.']);
function page(extra: { catalog?: string; page?: string; more?: Array<(e: Enc) => Body> } = {}): Array<(e: Enc) => Body> {
  return [
    () => `<< /Type /Catalog /Pages 2 0 R ${extra.catalog ?? ''} >>`,
    () => '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    () => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R ${extra.page ?? ''} >>`,
    () => '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    (e) => stream('', e.data(MINUTES)),
    ...(extra.more ?? []),
  ];
}
const scan = (bytes: Uint8Array, password?: string) => scanner.scan(bytes, { filename: 'x.pdf', ...(password === undefined ? {} : { password }) });
const encryptedUnread = (r: Awaited<ReturnType<typeof scan>>) => r.coverage.unread.filter((u) => u.reason === 'encrypted').map((u) => u.detail);

describe('an encrypted PDF (empty user password)', () => {
  it('with only ordinary page content passes', async () => {
    const r = await scan(encryptedPdf(page({ more: [(e) => `<< /Title ${e.str('Minutes')} /Producer ${e.str('Writer')} >>`] }), '/Info 6 0 R'));
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
  });

  it('whose page content holds a marking blocks (it is decrypted and read)', async () => {
    const r = await scan(encryptedPdf(page({ more: [] }).map((b, i) => (i === 4 ? (e: Enc) => stream('', e.data(linesContent(['TOP SECRET//NOFORN']))) : b))));
    expect(r.verdict).toBe('block');
  });

  const HOLDINGS: Array<[string, Parameters<typeof page>[0], RegExp]> = [
    ['a page label prefix', { catalog: '/PageLabels 6 0 R', more: [(e: Enc) => `<< /Nums [0 << /S /D /P ${e.str('TOP SECRET ')} >>] >>`] }, /page label prefixes/],
    ['a thread title', { catalog: '/Threads [6 0 R]', more: [(e: Enc) => `<< /Type /Thread /I << /Title ${e.str('TOP SECRET')} >> >>`] }, /article thread titles/],
    ['a push button caption', { page: '/Annots [6 0 R]', more: [(e: Enc) => `<< /Type /Annot /Subtype /Widget /FT /Btn /Ff 65536 /T ${e.str('b')} /Rect [72 500 200 520] /MK << /CA ${e.str('TOP SECRET')} >> >>`] }, /button captions/],
    ['a field value written as a stream', { page: '/Annots [6 0 R]', more: [() => '<< /Type /Annot /Subtype /Widget /FT /Tx /T (f) /Rect [72 500 200 520] /V 7 0 R >>', (e: Enc) => stream('', e.data('TOP SECRET'))] }, /field values written as text streams/],
    // The option chosen: an option offered and not chosen is no marking of the file (a 密级 drop-down set to 非密).
    ['a choice field\'s options', { page: '/Annots [6 0 R]', more: [(e: Enc) => `<< /Type /Annot /Subtype /Widget /FT /Ch /T ${e.str('c')} /Rect [72 500 200 520] /Opt [[${e.str('a')} ${e.str('A')}] [${e.str('ts')} ${e.str('TOP SECRET')}]] /V ${e.str('ts')} >>`] }, /options of choice fields/],
    ['a field value no widget shows', { catalog: '/AcroForm << /Fields [6 0 R] >>', more: [(e: Enc) => `<< /FT /Tx /T ${e.str('f')} /V ${e.str('TOP SECRET')} >>`] }, /values of form fields no widget shows/],
    ['a string under a key no reader hands over', { page: '/Zzq 6 0 R', more: [(e: Enc) => `<< /Note ${e.str('TOP SECRET')} >>`] }, /strings under \/Note/],
    ['a named marked-content property list', { page: '/Resources << /Font << /F1 4 0 R >> /Properties << /MC0 6 0 R >> >>', more: [(e: Enc) => `<< /ActualText ${e.str('TOP SECRET')} >>`] }, /marked-content property lists/],
  ];

  it.each(HOLDINGS)('holding %s decrypts it and reads it as in a plain file (a marking blocks)', async (_, extra) => {
    const r = await scan(encryptedPdf(page(extra)));
    expect(encryptedUnread(r)).toEqual([]);
    expect(r.verdict).toBe('block');
  });

  // A file opened with its user password (not empty): pdf.js decrypts it with the password, the
  // raw passes here do not, so what they would have read is recorded as not read.
  it.each(HOLDINGS)('opened with a user password, holding %s is not read (review, never pass)', async (_, extra, detail) => {
    const r = await scan(encryptedPdf(page(extra), '', 'user'), 'user');
    expect(encryptedUnread(r)).toContainEqual(expect.stringMatching(detail));
    expect(encryptedUnread(r)[0]).toMatch(/^encrypted: .* not read/);
    expect(r.verdict).not.toBe('pass');
  });
});
