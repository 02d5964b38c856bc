/** What Outlook messages and TNEF streams share: code page numbers, property ids that are machinery. */

/** Windows code pages as WHATWG encoding labels (Node's TextDecoder has full ICU). */
export function codepageLabel(cp: number): string | undefined {
  if (cp === 65001) return 'utf-8';
  // 7-bit encodings TextDecoder does not know: read by the e-mail reader's own decoders.
  if (cp === 65000) return 'utf-7';
  if (cp === 52936) return 'hz-gb-2312';
  if (cp === 936 || cp === 54936 || cp === 20936) return 'gb18030';
  if (cp === 950 || cp === 10002) return 'big5';
  if (cp === 20127 || cp === 1252 || cp === 28591) return 'windows-1252';
  if (cp === 932) return 'shift_jis';
  if (cp === 949) return 'euc-kr';
  if (cp === 51932) return 'euc-jp';
  if (cp === 50220 || cp === 50221 || cp === 50222) return 'iso-2022-jp';
  if (cp >= 1250 && cp <= 1258) return `windows-${cp}`;
  if (cp === 874) return 'windows-874';
  if (cp === 866) return 'ibm866';
  if (cp === 20866) return 'koi8-r';
  if (cp >= 28592 && cp <= 28606) return `iso-8859-${cp - 28590}`;
  return undefined;
}


/**
 * Text properties that are routing and bookkeeping, not words anyone wrote: address types and
 * addresses, message and account identifiers, the RTF sync tag (a digest of the body's first words).
 */
export const MACHINERY = new Set([0x001a, 0x0064, 0x0065, 0x0075, 0x0076, 0x0077, 0x0078, 0x0c1e, 0x0c1f, 0x0e28, 0x0e29, 0x1008, 0x1035, 0x1039, 0x1042, 0x3002, 0x3003, 0x39fe, 0x5d01, 0x5d02, 0x5d05, 0x5d07, 0x5d09, 0x5d0a, 0x5d0b, 0x3712, 0x370e, 0x3703]);

/**
 * Whether a plain-text body carries a file written as text: a uuencode `begin` line (followed by
 * an encoded line) or a BinHex 4.0 announcement, at a line start. Such a body is handed to the
 * scanner as a file as well, whose uuencode and BinHex readers decode the file in it.
 */
export function bodyCarriesEncodedFile(text: string): boolean {
  for (const m of text.matchAll(/^begin(-base64)?[ \t]+[0-7]{3,4}[ \t]+[^\r\n]+\r?\n([^\r\n]*)/gm)) {
    const next = m[2];
    if (m[1] ? /^[A-Za-z0-9+/=]{4,}$/.test(next) : next.length > 1 && /^[\x20-\x60]+$/.test(next)) return true;
  }
  return /^\(This file must be converted with BinHex/m.test(text);
}
