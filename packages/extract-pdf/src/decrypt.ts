/**
 * The standard security handler (ISO 32000-1 §7.6.3, ISO 32000-2 §7.6.4) for a file that opens
 * without a password: an empty user password, which is what an "owner password only" file has
 * (no printing, no copying). pdf.js decrypts such a file for the page text; the raw passes read
 * the objects through pdf-lib, which does not, so without this they would see ciphertext. This
 * derives the file key from the empty password (algorithm 2 for revisions 2-4, RC4 40-128 and
 * AES-128; algorithm 2.A/2.B for revisions 5 and 6, AES-256) and decrypts every string and
 * stream of the parsed document in place, so that the raw passes read an encrypted file exactly
 * as they read a plain one.
 *
 * A file it cannot decrypt (another handler such as public-key security, an unknown crypt filter
 * method, a user password that is not empty, a damaged encryption dictionary) is left as it is
 * and said why: the raw passes then stay off and encrypted-raw.ts records what they miss.
 */
import { createDecipheriv, createHash, createCipheriv } from 'node:crypto';
import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFRef,
  PDFString,
  PDFBool,
  type PDFDocument,
  type PDFObject,
} from 'pdf-lib';

const PAD = Uint8Array.from([
  0x28, 0xbf, 0x4e, 0x5e, 0x4e, 0x75, 0x8a, 0x41, 0x64, 0x00, 0x4e, 0x56, 0xff, 0xfa, 0x01, 0x08,
  0x2e, 0x2e, 0x00, 0xb6, 0xd0, 0x68, 0x3e, 0x80, 0x2f, 0x0c, 0xa9, 0xfe, 0x64, 0x53, 0x69, 0x7a,
]);

type Method = 'none' | 'rc4' | 'aes128' | 'aes256';

/** Decrypts strings and streams of one file: the file key and the crypt filters its dictionary names. */
export interface Decryptor {
  /** The bytes of a string of object `num gen`, decrypted. */
  string(bytes: Uint8Array, num: number, gen: number): Uint8Array;
  /** The bytes of a stream of object `num gen` with dictionary `dict`, decrypted (undefined: not encrypted). */
  stream(bytes: Uint8Array, num: number, gen: number, dict: PDFDict): Uint8Array | undefined;
  /** What the handler is, for the report ("RC4 128-bit", "AES-256"). */
  describe: string;
}

/** RC4 (ARC4): OpenSSL 3 has it only in its legacy provider, so here it is. */
export function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i++) s[i] = i;
  for (let i = 0, j = 0; i < 256; i++) {
    j = (j + s[i] + key[i % key.length]) & 255;
    const t = s[i];
    s[i] = s[j];
    s[j] = t;
  }
  const out = new Uint8Array(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k++) {
    i = (i + 1) & 255;
    j = (j + s[i]) & 255;
    const t = s[i];
    s[i] = s[j];
    s[j] = t;
    out[k] = data[k] ^ s[(s[i] + s[j]) & 255];
  }
  return out;
}

const md5 = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('md5');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const sha = (alg: 'sha256' | 'sha384' | 'sha512', ...parts: Uint8Array[]): Uint8Array => {
  const h = createHash(alg);
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

/** AES-CBC decryption of `iv || ciphertext` (tolerant: a short tail is dropped, padding removed when it is padding). */
function aesDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length < 32) return new Uint8Array(0);
  const iv = data.subarray(0, 16);
  const body = data.subarray(16, 16 + Math.floor((data.length - 16) / 16) * 16);
  const d = createDecipheriv(key.length === 32 ? 'aes-256-cbc' : 'aes-128-cbc', key, iv);
  d.setAutoPadding(false);
  const out = new Uint8Array(Buffer.concat([d.update(body), d.final()]));
  const pad = out[out.length - 1];
  if (pad >= 1 && pad <= 16 && pad <= out.length && out.subarray(out.length - pad).every((b) => b === pad)) return out.subarray(0, out.length - pad);
  return out;
}

const bytesOf = (v: PDFObject | undefined): Uint8Array | undefined => (v instanceof PDFString || v instanceof PDFHexString ? v.asBytes() : undefined);
const numberOf = (v: PDFObject | undefined): number | undefined => (v instanceof PDFNumber ? v.asNumber() : undefined);
const nameOf = (v: PDFObject | undefined): string | undefined => (v instanceof PDFName ? v.decodeText() : undefined);
const equal = (a: Uint8Array, b: Uint8Array, n: number): boolean => {
  if (a.length < n || b.length < n) return false;
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** Algorithm 2.B (ISO 32000-2): the revision 6 hash of a password with a salt (and, for the owner, the U string). */
export function hash2B(password: Uint8Array, salt: Uint8Array, udata: Uint8Array): Uint8Array {
  let k = sha('sha256', password, salt, udata);
  for (let i = 0; ; i++) {
    const one = new Uint8Array(password.length + k.length + udata.length);
    one.set(password, 0);
    one.set(k, password.length);
    one.set(udata, password.length + k.length);
    const k1 = new Uint8Array(one.length * 64);
    for (let r = 0; r < 64; r++) k1.set(one, r * one.length);
    const c = createCipheriv('aes-128-cbc', k.subarray(0, 16), k.subarray(16, 32));
    c.setAutoPadding(false);
    const e = new Uint8Array(Buffer.concat([c.update(k1), c.final()]));
    let mod = 0;
    for (let b = 0; b < 16; b++) mod += e[b];
    mod %= 3;
    k = sha(mod === 0 ? 'sha256' : mod === 1 ? 'sha384' : 'sha512', e);
    if (i >= 63 && e[e.length - 1] <= i + 1 - 32) break;
  }
  return k.subarray(0, 32);
}

/** Why a file's encryption is not undone here (see {@link standardDecryptor}). */
export type NoDecryptor = { reason: string };

/**
 * The decryptor for a file encrypted with the standard security handler and an empty user
 * password (or the given one), from its encryption dictionary and first file identifier; else why not.
 */
export function standardDecryptor(doc: PDFDocument, password = ''): Decryptor | NoDecryptor {
  const ctx = doc.context;
  const enc = ctx.lookup(ctx.trailerInfo.Encrypt);
  if (!(enc instanceof PDFDict)) return { reason: 'the encryption dictionary is missing or damaged' };
  const get = (k: string) => {
    const v = enc.get(PDFName.of(k));
    return v instanceof PDFRef ? ctx.lookup(v) : v;
  };
  const filter = nameOf(get('Filter'));
  if (filter !== 'Standard') return { reason: `the security handler is /${filter ?? '?'}, not the standard one` };
  const v = numberOf(get('V')) ?? 0;
  const r = numberOf(get('R'));
  const o = bytesOf(get('O'));
  const u = bytesOf(get('U'));
  const p = numberOf(get('P'));
  if (r === undefined || !o || !u || p === undefined) return { reason: 'the encryption dictionary lacks /R, /O, /U or /P' };
  const encryptMetadata = !(get('EncryptMetadata') instanceof PDFBool && get('EncryptMetadata')!.toString() === 'false');
  const pw = new TextEncoder().encode(password).subarray(0, 127);

  // The crypt filters (V4, V5): their methods by name; V1/V2 one RC4 method for all.
  let key: Uint8Array;
  const methods = new Map<string, Method>([['Identity', 'none']]);
  let stmF = 'StdCF';
  let strF = 'StdCF';
  let effF: string | undefined;
  if (v === 4 || v === 5) {
    const cf = get('CF');
    if (cf instanceof PDFDict) for (const [n, d] of cf.entries()) {
      const dict = d instanceof PDFRef ? ctx.lookup(d) : d;
      const cfm = dict instanceof PDFDict ? nameOf(dict.get(PDFName.of('CFM'))) ?? 'None' : 'None';
      const m: Method | undefined = cfm === 'None' ? 'none' : cfm === 'V2' ? 'rc4' : cfm === 'AESV2' ? 'aes128' : cfm === 'AESV3' ? 'aes256' : undefined;
      if (!m) return { reason: `the crypt filter /${n.decodeText()} uses the method /${cfm}` };
      if (n.decodeText() !== 'Identity') methods.set(n.decodeText(), m);
    }
    // Both default to Identity, but a file that encrypts anything names them: one missing is a
    // damaged dictionary (a scrambled /StmF), whose streams pdf.js then takes for plain ones.
    const stm = nameOf(get('StmF'));
    const str = nameOf(get('StrF'));
    if (stm === undefined || str === undefined) return { reason: `the encryption dictionary names no crypt filter for ${stm === undefined ? 'streams (/StmF)' : 'strings (/StrF)'}` };
    stmF = stm;
    strF = str;
    effF = nameOf(get('EFF'));
    for (const f of [stmF, strF, effF]) if (f !== undefined && !methods.has(f)) return { reason: `the crypt filter /${f} is not defined` };
  } else if (v === 1 || v === 2) {
    methods.set('StdCF', 'rc4');
  } else return { reason: `the encryption algorithm /V ${v} is not known` };

  if (r >= 5) {
    // Algorithm 2.A: the user password is checked against U's validation salt, the key is UE decrypted.
    const ue = bytesOf(get('UE'));
    if (u.length < 48 || !ue || ue.length < 32) return { reason: 'the encryption dictionary lacks a valid /U or /UE' };
    const h = (salt: Uint8Array) => (r === 5 ? sha('sha256', pw, salt) : hash2B(pw, salt, new Uint8Array(0)));
    if (!equal(h(u.subarray(32, 40)), u, 32)) return { reason: 'its user password is not empty: only a file that opens without one is decrypted here' };
    const d = createDecipheriv('aes-256-cbc', h(u.subarray(40, 48)), new Uint8Array(16));
    d.setAutoPadding(false);
    key = new Uint8Array(Buffer.concat([d.update(ue.subarray(0, 32)), d.final()]));
  } else {
    // Algorithm 2: MD5 of the padded password, O, P, the first file identifier.
    const padded = new Uint8Array(32);
    padded.set(pw.subarray(0, 32));
    padded.set(PAD.subarray(0, 32 - Math.min(32, pw.length)), Math.min(32, pw.length));
    const ids = ctx.trailerInfo.ID;
    const idArray = ids instanceof PDFRef ? ctx.lookup(ids) : ids;
    const id0 = idArray instanceof PDFArray ? bytesOf(idArray.get(0) instanceof PDFRef ? ctx.lookup(idArray.get(0) as PDFRef) : idArray.get(0)) ?? new Uint8Array(0) : new Uint8Array(0);
    let length = numberOf(get('Length')) ?? (v === 4 ? 128 : 40);
    if (r === 2) length = 40;
    const n = Math.max(5, Math.min(16, Math.floor(length / 8)));
    const pb = new Uint8Array(4);
    new DataView(pb.buffer).setInt32(0, p | 0, true);
    let h = md5(padded, o.subarray(0, 32), pb, id0, r >= 4 && !encryptMetadata ? Uint8Array.of(255, 255, 255, 255) : new Uint8Array(0));
    if (r >= 3) for (let i = 0; i < 50; i++) h = md5(h.subarray(0, n));
    key = h.subarray(0, n);
    // Algorithm 4/5: the key must encrypt the padding (R2) or the hash of it and the identifier (R3+) to U.
    let ok: boolean;
    if (r === 2) ok = equal(rc4(key, PAD), u, 32);
    else {
      let x = rc4(key, md5(PAD, id0));
      for (let i = 1; i <= 19; i++) x = rc4(key.map((b) => b ^ i), x);
      ok = equal(x, u, 16);
    }
    if (!ok) return { reason: 'its user password is not empty: only a file that opens without one is decrypted here' };
  }

  const objectKey = (num: number, gen: number, aes: boolean): Uint8Array => {
    const salt = Uint8Array.of(num & 255, (num >> 8) & 255, (num >> 16) & 255, gen & 255, (gen >> 8) & 255);
    return md5(key, salt, aes ? Uint8Array.of(0x73, 0x41, 0x6c, 0x54) : new Uint8Array(0)).subarray(0, Math.min(16, key.length + 5));
  };
  const run = (method: Method, bytes: Uint8Array, num: number, gen: number): Uint8Array => {
    if (method === 'none') return bytes;
    if (method === 'aes256') return aesDecrypt(key, bytes);
    if (method === 'aes128') return aesDecrypt(objectKey(num, gen, true), bytes);
    return rc4(objectKey(num, gen, false), bytes);
  };
  const strMethod = methods.get(strF)!;
  const stmMethod = methods.get(stmF)!;
  const effMethod = effF !== undefined ? methods.get(effF)! : stmMethod;
  const describe = [...new Set([strMethod, stmMethod])].filter((m) => m !== 'none').map((m) => (m === 'rc4' ? `RC4 ${key.length * 8}-bit` : m === 'aes128' ? 'AES-128' : 'AES-256')).join(', ') || 'identity';
  return {
    describe,
    string: (bytes, num, gen) => run(strMethod, bytes, num, gen),
    stream(bytes, num, gen, dict) {
      const type = nameOf(dict.get(PDFName.of('Type')));
      if (type === 'XRef') return undefined;
      if (type === 'Metadata' && !encryptMetadata) return undefined;
      // A /Crypt filter first in the list names the stream's own crypt filter (Identity unless named).
      const filters = dict.get(PDFName.of('Filter'));
      const first = filters instanceof PDFArray ? filters.get(0) : filters;
      if (nameOf(first) === 'Crypt') {
        const parms = dict.get(PDFName.of('DecodeParms'));
        const p0 = parms instanceof PDFArray ? parms.get(0) : parms;
        const named = p0 instanceof PDFDict ? nameOf(p0.get(PDFName.of('Name'))) ?? 'Identity' : 'Identity';
        const m = methods.get(named);
        if (!m) throw new Error(`the crypt filter /${named} is not defined`);
        return run(m, bytes, num, gen);
      }
      return run(type === 'EmbeddedFile' ? effMethod : stmMethod, bytes, num, gen);
    },
  };
}

/** A decrypted string value as a literal string of the same bytes (octal escapes where needed). */
function literal(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b >= 0x20 && b < 0x7f && b !== 0x5c && b !== 0x28 && b !== 0x29 ? String.fromCharCode(b) : '\\' + b.toString(8).padStart(3, '0');
  return s;
}
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

/** Removes a leading /Crypt filter (its work is done) from a decrypted stream's dictionary. */
function dropCryptFilter(dict: PDFDict): void {
  const f = dict.get(PDFName.of('Filter'));
  const parms = dict.get(PDFName.of('DecodeParms'));
  if (nameOf(f) === 'Crypt') {
    dict.delete(PDFName.of('Filter'));
    dict.delete(PDFName.of('DecodeParms'));
  } else if (f instanceof PDFArray && nameOf(f.get(0)) === 'Crypt') {
    f.remove(0);
    if (parms instanceof PDFArray && parms.size() > 0) parms.remove(0);
  }
}

/**
 * Decrypts, in place, every string and stream of the document's objects but the encryption
 * dictionary, the signature values and the objects in `plain` (those read from object streams,
 * which were decrypted as a whole). Returns the number of objects a decryption failed in.
 */
export function decryptDocument(doc: PDFDocument, d: Decryptor, plain: ReadonlySet<PDFObject>): number {
  const ctx = doc.context;
  const encRef = ctx.trailerInfo.Encrypt;
  const skip = new Set<PDFObject | undefined>([encRef instanceof PDFRef ? ctx.lookup(encRef) : encRef]);
  let failed = 0;
  const str = (v: PDFObject, num: number, gen: number): PDFObject => {
    if (v instanceof PDFHexString) return PDFHexString.of(hex(d.string(v.asBytes(), num, gen)));
    if (v instanceof PDFString) return PDFString.of(literal(d.string(v.asBytes(), num, gen)));
    return v;
  };
  const walk = (v: PDFObject, num: number, gen: number, depth: number): void => {
    if (depth > 64 || skip.has(v)) return;
    if (v instanceof PDFDict) {
      const signature = v.get(PDFName.of('ByteRange')) !== undefined;
      for (const [k, x] of v.entries()) {
        if (x instanceof PDFString || x instanceof PDFHexString) {
          if (!(signature && k.decodeText() === 'Contents')) v.set(k, str(x, num, gen));
        } else if (x instanceof PDFDict || x instanceof PDFArray) walk(x, num, gen, depth + 1);
      }
    } else if (v instanceof PDFArray) {
      for (let i = 0; i < v.size(); i++) {
        const x = v.get(i);
        if (x instanceof PDFString || x instanceof PDFHexString) v.set(i, str(x, num, gen));
        else if (x instanceof PDFDict || x instanceof PDFArray) walk(x, num, gen, depth + 1);
      }
    }
  };
  for (const [ref, obj] of ctx.enumerateIndirectObjects()) {
    if (plain.has(obj) || skip.has(obj)) continue;
    const num = ref.objectNumber;
    const gen = ref.generationNumber;
    try {
      if (obj instanceof PDFRawStream) {
        walk(obj.dict, num, gen, 0);
        const out = d.stream(obj.contents, num, gen, obj.dict);
        if (out) {
          (obj as unknown as { contents: Uint8Array }).contents = out;
          dropCryptFilter(obj.dict);
        }
      } else if (obj instanceof PDFString || obj instanceof PDFHexString) ctx.assign(ref, str(obj, num, gen));
      else walk(obj, num, gen, 0);
    } catch {
      failed++;
    }
  }
  return failed;
}
