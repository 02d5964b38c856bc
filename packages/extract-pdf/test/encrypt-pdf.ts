/**
 * Writing encrypted PDFs for tests: the standard security handler with an owner password
 * ("owner") and an empty user password, as office tools write a file "protected" against printing
 * or copying that opens without asking. RC4 40-bit (V1 R2), RC4 128-bit (V2 R3), AES-128 (V4 R4,
 * AESV2 crypt filter) and AES-256 (V5 R6, AESV3); optionally with the objects that are not
 * streams in one object stream behind a cross-reference stream, as Acrobat and qpdf write them.
 * Object bodies are built per object number with an {@link Enc} that encrypts their strings and
 * stream data, as {@link ./raw-pdf.ts} builds plain ones.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { hash2B, rc4 } from '../src/decrypt.ts';

export type Cipher = 'rc4-40' | 'rc4-128' | 'aes-128' | 'aes-256';
/** Encrypts for one object: `str` gives a hex string operand, `stream` a whole stream object body. */
export type Enc = { str: (s: string | Uint8Array) => string; stream: (dict: string, data: string | Uint8Array) => Uint8Array };
export type EncBody = (e: Enc) => string | Uint8Array;

const PAD = Buffer.from('28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a', 'hex');
const ID = Buffer.from('5f3c1b9a0e7d42c6a81f2b4d6e9c0a17', 'hex');
const P = -3904; // printing and copying not allowed
const md5 = (...parts: Uint8Array[]) => createHash('md5').update(Buffer.concat(parts)).digest();
const latin1 = (s: string) => Buffer.from(s, 'latin1');
const bytes = (s: string | Uint8Array) => (typeof s === 'string' ? latin1(s) : Buffer.from(s));
const padded = (pw: string) => Buffer.concat([latin1(pw), PAD]).subarray(0, 32);
const aes = (key: Uint8Array, iv: Uint8Array, data: Uint8Array, pad = true) => {
  const c = createCipheriv(key.length === 32 ? 'aes-256-cbc' : 'aes-128-cbc', key, iv);
  c.setAutoPadding(pad);
  return Buffer.concat([c.update(data), c.final()]);
};
const plainEnc: Enc = {
  str: (s) => `<${bytes(s).toString('hex')}>`,
  stream: (dict, data) => Buffer.concat([latin1(`<< ${dict} /Length ${bytes(data).length} >>\nstream\n`), bytes(data), latin1('\nendstream')]),
};
/** A fixed "random" IV per call (tests are reproducible). */
let ivCounter = 0;
const nextIv = () => md5(Buffer.from(`iv ${ivCounter++}`));

/** The encryption dictionary and how to encrypt the data of object `num`. */
function handler(cipher: Cipher): { dict: string; crypt: (num: number, data: Uint8Array) => Buffer } {
  const p = Buffer.alloc(4);
  p.writeInt32LE(P);
  if (cipher === 'aes-256') {
    const key = createHash('sha256').update('file key').digest();
    const [uvs, uks, ovs, oks] = ['uv', 'uk', 'ov', 'ok'].map((s) => createHash('sha256').update(s).digest().subarray(0, 8));
    const none = new Uint8Array(0);
    const U = Buffer.concat([hash2B(none, uvs, none), uvs, uks]);
    const UE = aes(hash2B(none, uks, none), Buffer.alloc(16), key, false);
    const owner = latin1('owner');
    const O = Buffer.concat([hash2B(owner, ovs, U), ovs, oks]);
    const OE = aes(hash2B(owner, oks, U), Buffer.alloc(16), key, false);
    const perms = Buffer.concat([p, Buffer.from([255, 255, 255, 255]), latin1('Tadb'), Buffer.alloc(4)]);
    const ecb = createCipheriv('aes-256-ecb', key, null);
    ecb.setAutoPadding(false);
    const Perms = Buffer.concat([ecb.update(perms), ecb.final()]);
    const hex = (b: Uint8Array) => `<${Buffer.from(b).toString('hex')}>`;
    return {
      dict: `<< /Filter /Standard /V 5 /R 6 /Length 256 /CF << /StdCF << /CFM /AESV3 /AuthEvent /DocOpen /Length 32 >> >> /StmF /StdCF /StrF /StdCF /O ${hex(O)} /U ${hex(U)} /OE ${hex(OE)} /UE ${hex(UE)} /Perms ${hex(Perms)} /P ${P} >>`,
      crypt: (_, data) => {
        const iv = nextIv();
        return Buffer.concat([iv, aes(key, iv, data)]);
      },
    };
  }
  const r = cipher === 'rc4-40' ? 2 : cipher === 'rc4-128' ? 3 : 4;
  const n = cipher === 'rc4-40' ? 5 : 16;
  // Algorithm 3: O from the owner and user passwords.
  let ok = md5(padded('owner'));
  if (r >= 3) for (let i = 0; i < 50; i++) ok = md5(ok);
  ok = ok.subarray(0, n);
  let O = Buffer.from(rc4(ok, padded('')));
  if (r >= 3) for (let i = 1; i <= 19; i++) O = Buffer.from(rc4(ok.map((b) => b ^ i), O));
  // Algorithm 2: the file key from the empty user password; algorithms 4 and 5: U.
  let key = md5(padded(''), O, p, ID);
  if (r >= 3) for (let i = 0; i < 50; i++) key = md5(key.subarray(0, n));
  key = key.subarray(0, n);
  let U: Buffer;
  if (r === 2) U = Buffer.from(rc4(key, PAD));
  else {
    let x = Buffer.from(rc4(key, md5(PAD, ID)));
    for (let i = 1; i <= 19; i++) x = Buffer.from(rc4(key.map((b) => b ^ i), x));
    U = Buffer.concat([x, Buffer.alloc(16)]);
  }
  const head = r === 2 ? '/V 1 /R 2' : r === 3 ? '/V 2 /R 3 /Length 128' : '/V 4 /R 4 /Length 128 /CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF';
  return {
    dict: `<< /Filter /Standard ${head} /O <${O.toString('hex')}> /U <${U.toString('hex')}> /P ${P} >>`,
    crypt: (num, data) => {
      const salt = Buffer.from([num & 255, (num >> 8) & 255, (num >> 16) & 255, 0, 0]);
      const k = md5(key, salt, r === 4 ? latin1('sAlT') : Buffer.alloc(0)).subarray(0, Math.min(16, n + 5));
      if (r < 4) return Buffer.from(rc4(k, data));
      const iv = nextIv();
      return Buffer.concat([iv, aes(k, iv, data)]);
    },
  };
}

/**
 * An encrypted PDF from bodies numbered 1…n (object 1 the catalog). With `objectStream`, the
 * bodies that are not streams travel in one object stream (encrypted as a whole, their strings
 * not encrypted again) and a cross-reference stream replaces the table.
 */
/** The same bodies written without encryption (strings as hex, streams as they are): the plain twin. */
export function plainPdf(bodies: EncBody[], trailer = ''): Uint8Array {
  const objects = bodies.map((b) => b(plainEnc));
  const out: Buffer[] = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  let offset = out[0].length;
  let xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  objects.forEach((body, i) => {
    const b = Buffer.concat([latin1(`${i + 1} 0 obj\n`), bytes(body), latin1('\nendobj\n')]);
    xref += `${String(offset).padStart(10, '0')} 00000 n \n`;
    out.push(b);
    offset += b.length;
  });
  out.push(latin1(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R ${trailer} >>\nstartxref\n${offset}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(out));
}

export function encryptedPdf(bodies: EncBody[], cipher: Cipher, opts: { trailer?: string; objectStream?: boolean } = {}): Uint8Array {
  const h = handler(cipher);
  const encFor = (num: number): Enc => ({
    str: (s) => `<${h.crypt(num, bytes(s)).toString('hex')}>`,
    stream: (dict, data) => plainEnc.stream(dict, h.crypt(num, bytes(data))),
  });
  const n = bodies.length;
  const encNum = n + 1;
  const out: Buffer[] = [latin1('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')];
  let offset = out[0].length;
  const at = new Map<number, number>();
  const write = (num: number, body: string | Uint8Array) => {
    const b = Buffer.concat([latin1(`${num} 0 obj\n`), bytes(body), latin1('\nendobj\n')]);
    at.set(num, offset);
    out.push(b);
    offset += b.length;
  };
  if (!opts.objectStream) {
    bodies.forEach((b, i) => write(i + 1, b(encFor(i + 1))));
    write(encNum, h.dict);
    let xref = `xref\n0 ${encNum + 1}\n0000000000 65535 f \n`;
    for (let k = 1; k <= encNum; k++) xref += `${String(at.get(k)).padStart(10, '0')} 00000 n \n`;
    out.push(latin1(`${xref}trailer\n<< /Size ${encNum + 1} /Root 1 0 R /Encrypt ${encNum} 0 R /ID [<${ID.toString('hex')}> <${ID.toString('hex')}>] ${opts.trailer ?? ''} >>\nstartxref\n${offset}\n%%EOF\n`));
    return new Uint8Array(Buffer.concat(out));
  }
  // Objects that are not streams go in the object stream, their strings left plain.
  const objStmNum = encNum + 1;
  const xrefNum = encNum + 2;
  const inStream = new Map<number, number>();
  let header = '';
  let data = '';
  bodies.forEach((b, i) => {
    const plain = b(plainEnc);
    if (typeof plain === 'string' && !/\bstream\r?\n/.test(plain)) {
      inStream.set(i + 1, inStream.size);
      header += `${i + 1} ${data.length} `;
      data += `${plain}\n`;
    } else write(i + 1, b(encFor(i + 1)));
  });
  write(encNum, h.dict);
  write(objStmNum, encFor(objStmNum).stream(`/Type /ObjStm /N ${inStream.size} /First ${header.length}`, latin1(header + data)));
  const size = xrefNum + 1;
  const rows: Buffer[] = [];
  for (let k = 0; k < size; k++) {
    const row = Buffer.alloc(7);
    if (k === 0) row.writeUInt8(0, 0), row.writeUInt32BE(0, 1), row.writeUInt16BE(65535, 5);
    else if (inStream.has(k)) row.writeUInt8(2, 0), row.writeUInt32BE(objStmNum, 1), row.writeUInt16BE(inStream.get(k)!, 5);
    else row.writeUInt8(1, 0), row.writeUInt32BE(k === xrefNum ? offset : at.get(k)!, 1), row.writeUInt16BE(0, 5);
    rows.push(row);
  }
  const xrefData = Buffer.concat(rows);
  const xrefAt = offset;
  write(xrefNum, Buffer.concat([latin1(`<< /Type /XRef /Size ${size} /W [1 4 2] /Root 1 0 R /Encrypt ${encNum} 0 R /ID [<${ID.toString('hex')}> <${ID.toString('hex')}>] ${opts.trailer ?? ''} /Length ${xrefData.length} >>\nstream\n`), xrefData, latin1('\nendstream')]));
  out.push(latin1(`startxref\n${xrefAt}\n%%EOF\n`));
  return new Uint8Array(Buffer.concat(out));
}
