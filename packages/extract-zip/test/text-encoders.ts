/**
 * Files written as text, for tests: uuencode and BinHex 4.0 as their tools write them.
 */
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const cat = (...p: Uint8Array[]): Uint8Array => Uint8Array.from(p.flatMap((x) => [...x]));

/** Traditional uuencode: 45 bytes a line, `` ` `` for zero. */
export function uuencode(name: string, data: Uint8Array, eol = '\n'): string {
  const ch = (v: number) => (v === 0 ? '`' : String.fromCharCode(v + 32));
  let out = `begin 644 ${name}${eol}`;
  for (let i = 0; i < data.length; i += 45) {
    const row = data.subarray(i, i + 45);
    let line = ch(row.length);
    for (let k = 0; k < row.length; k += 3) {
      const [a, b, c] = [row[k], row[k + 1] ?? 0, row[k + 2] ?? 0];
      line += ch(a >> 2) + ch(((a & 3) << 4) | (b >> 4)) + ch(((b & 15) << 2) | (c >> 6)) + ch(c & 63);
    }
    out += `${line}${eol}`;
  }
  return `${out}\`${eol}end${eol}`;
}

const ALPHABET = '!"#$%&\'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr';
/** CRC-16/XMODEM (BinHex's). */
function crc16(b: Uint8Array): number {
  let c = 0;
  for (const x of b) {
    c ^= x << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
  }
  return c;
}
const be = (n: number, bytes: number): Uint8Array => Uint8Array.from({ length: bytes }, (_, i) => (n >>> (8 * (bytes - 1 - i))) & 0xff);
/** BinHex 4.0 of one file (data fork only; no run-length compression but 0x90 escaped). */
export function binhex(name: string, data: Uint8Array, breakDataCrc = false): string {
  const n = enc(name);
  const header = cat(Uint8Array.of(n.length), n, Uint8Array.of(0), enc('TEXTttxt'), Uint8Array.of(0, 0), be(data.length, 4), be(0, 4));
  const fork = (b: Uint8Array, broken = false) => cat(b, be(crc16(b) ^ (broken ? 1 : 0), 2));
  const raw = cat(fork(header), fork(data, breakDataCrc), fork(new Uint8Array(0)));
  const rle = Uint8Array.from([...raw].flatMap((x) => (x === 0x90 ? [0x90, 0] : [x])));
  let bits = '';
  for (const x of rle) bits += x.toString(2).padStart(8, '0');
  bits += '0'.repeat((6 - (bits.length % 6)) % 6);
  let text = ':';
  for (let i = 0; i < bits.length; i += 6) text += ALPHABET[parseInt(bits.slice(i, i + 6), 2)];
  text += ':';
  return `(This file must be converted with BinHex 4.0)\r\n\r\n${text.replace(/.{64}/g, '$&\r\n')}\r\n`;
}

