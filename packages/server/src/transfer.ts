/**
 * Multipart parts sent with a Content-Transfer-Encoding (base64 or quoted-printable: RFC 2388's
 * habit, kept by mail-derived HTTP clients). busboy hands over such a part's bytes as sent; a CMS
 * whose framework decodes them publishes the decoded text, so that is what is read.
 */

/** The base64 alphabet, padding at the end. */
const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The bytes a part carries under its transfer encoding, or undefined when it has none (7bit, 8bit,
 * binary) or the bytes are not of that encoding (base64 outside its alphabet): read as sent then.
 */
export function transferDecode(encoding: string | undefined, bytes: Buffer): Buffer | undefined {
  const e = (encoding ?? '').trim().toLowerCase();
  if (e === 'base64') {
    const t = bytes.toString('latin1').replace(/[\t\n\r ]+/g, '');
    if (!t || t.length % 4 === 1 || !B64.test(t)) return undefined;
    return Buffer.from(t, 'base64');
  }
  if (e === 'quoted-printable') {
    const out = Buffer.allocUnsafe(bytes.length);
    let n = 0;
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i];
      if (c === 0x3d) {
        // A soft line break (`=` at the end of a line), or `=XX`.
        if (bytes[i + 1] === 0x0d && bytes[i + 2] === 0x0a) {
          i += 2;
          continue;
        }
        if (bytes[i + 1] === 0x0a) {
          i += 1;
          continue;
        }
        const hex = bytes.toString('latin1', i + 1, i + 3);
        if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
          out[n++] = parseInt(hex, 16);
          i += 2;
          continue;
        }
      }
      out[n++] = c;
    }
    return out.subarray(0, n);
  }
  return undefined;
}
