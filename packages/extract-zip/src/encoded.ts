/**
 * Files written as text for mail and news: uuencode (`begin 644 name` … `end`, and `uuencode -m`'s
 * `begin-base64 644 name` … `====`) and BinHex 4.0 (`(This file must be converted with BinHex 4.0)`,
 * then `:` … `:`, the Macintosh's attachment encoding, `.hqx`). Read as text, they are letters, and
 * the file they carry — a notice with 机密★5年 on its first line — went unread; the e-mail reader
 * decodes uuencode only inside a message.
 *
 * Each encoded file is decoded and handed to the scanner under the name it carries (names are read
 * as text too); the text around the blocks is handed on as a text file of its own. A block cut
 * short, a line that does not decode, a BinHex checksum that does not match, a fork larger than the
 * limits — each is a loss, and what decoded is still read. A BinHex file's resource fork is handed
 * on as a file of its own (`name.rsrc`).
 */
import { PartBuilder, type EmbeddedFile, type ExtractContext, type Extraction, type Extractor, type Loss } from '@prepub/core';
import { nameParagraphs, undeclaredReadings } from './archives.ts';

import { BINHEX_LINE, latin1, UU_BEGIN, uuLine } from './encoded-sniff.ts';

/** The decoded bytes of traditional uuencoded lines; `bad` counts lines that do not decode. */
function uudecode(lines: string[]): { bytes: Uint8Array; bad: number } {
  const out: number[] = [];
  let bad = 0;
  for (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    const n = (line.charCodeAt(0) - 32) & 63;
    if (n === 0) continue;
    if (!uuLine(line)) bad++;
    const v = (i: number) => ((line.charCodeAt(i) || 32) - 32) & 63;
    const row: number[] = [];
    for (let i = 1; row.length < n && i < line.length; i += 4) {
      const [a, b, c, d] = [v(i), v(i + 1), v(i + 2), v(i + 3)];
      row.push((a << 2) | (b >> 4), ((b & 15) << 4) | (c >> 2), ((c & 3) << 6) | d);
    }
    for (const x of row.slice(0, n)) out.push(x & 0xff);
  }
  return { bytes: Uint8Array.from(out), bad };
}

const BINHEX_ALPHABET = '!"#$%&\'()*+,-012345689@ABCDEFGHIJKLMNPQRSTUVXYZ[`abcdefhijklmpqr';
const BINHEX_VALUE = new Map([...BINHEX_ALPHABET].map((c, i) => [c, i]));

/** CRC-16/XMODEM, as BinHex computes it (the specification's two appended zero bytes are what this direct form already accounts for). */
function crc16(b: Uint8Array): number {
  let c = 0;
  const step = (x: number) => {
    c ^= x << 8;
    for (let k = 0; k < 8; k++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
  };
  for (const x of b) step(x);
  return c;
}

export interface BinHexFile {
  name: Uint8Array;
  data: Uint8Array;
  rsrc: Uint8Array;
  /** What went wrong, in words (a checksum, a cut, a character outside the alphabet, a limit). */
  problems: string[];
}

/** Decodes the BinHex 4.0 data between its colons (whitespace ignored). Output bounded by `max` bytes. */
export function decodeBinHex(encoded: string, max: number): BinHexFile {
  const problems: string[] = [];
  // 6-bit characters to bytes.
  const packed: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const ch of encoded) {
    if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') continue;
    const v = BINHEX_VALUE.get(ch);
    if (v === undefined) {
      problems.push(`a character outside BinHex's alphabet (${JSON.stringify(ch)}) stops the data`);
      break;
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      packed.push((acc >> bits) & 0xff);
      acc &= (1 << bits) - 1;
    }
  }
  // Run-length decoding: 0x90 n repeats the byte before n − 1 more times; 0x90 0x00 is 0x90 itself.
  const raw: number[] = [];
  for (let i = 0; i < packed.length; i++) {
    const x = packed[i];
    if (x !== 0x90) {
      raw.push(x);
    } else {
      const n = packed[++i];
      if (n === undefined) break;
      if (n === 0) raw.push(0x90);
      else {
        const prev = raw[raw.length - 1] ?? 0;
        for (let k = 1; k < n; k++) raw.push(prev);
      }
    }
    if (raw.length > max + 4096) {
      problems.push(`the data runs past the limit of ${max} bytes`);
      break;
    }
  }
  const b = Uint8Array.from(raw);
  const empty = new Uint8Array(0);
  if (b.length < 1) return { name: empty, data: empty, rsrc: empty, problems: [...problems, 'the data is empty'] };
  const nameLen = b[0];
  const h = 1 + nameLen + 1 + 4 + 4 + 2 + 4 + 4;
  if (b.length < h + 2) return { name: b.subarray(1, 1 + nameLen), data: empty, rsrc: empty, problems: [...problems, 'the header is cut short'] };
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const name = b.subarray(1, 1 + nameLen);
  const dataLen = dv.getUint32(h - 8);
  const rsrcLen = dv.getUint32(h - 4);
  if (crc16(b.subarray(0, h)) !== dv.getUint16(h)) problems.push('the header does not match its checksum');
  const fork = (at: number, len: number, what: string): Uint8Array => {
    if (len > max) {
      problems.push(`the ${what} fork claims ${len} bytes, more than the limit of ${max}`);
      return b.subarray(Math.min(at, b.length), Math.min(b.length, at + max));
    }
    const f = b.subarray(Math.min(at, b.length), Math.min(b.length, at + len));
    if (f.length < len || at + len + 2 > b.length) problems.push(`the ${what} fork is cut short (${f.length} of ${len} bytes)`);
    else if (crc16(f) !== dv.getUint16(at + len)) problems.push(`the ${what} fork does not match its checksum`);
    return f;
  };
  const dataAt = h + 2;
  const data = fork(dataAt, dataLen, 'data');
  const rsrc = dataLen <= max ? fork(dataAt + dataLen + 2, rsrcLen, 'resource') : empty;
  return { name, data, rsrc, problems };
}

function readEncoded(bytes: Uint8Array, ctx: ExtractContext, kind: 'uuencode' | 'binhex'): Extraction {
  const embedded: EmbeddedFile[] = [];
  const loss: Loss[] = [];
  const result: Extraction = { format: kind, mediaType: kind === 'binhex' ? 'application/mac-binhex40' : 'text/x-uuencode', parts: [], unread: [], embedded, loss, info: {} };
  const names = new PartBuilder(`${kind}#names`, 'attachment-name', { filePart: 'file', detail: 'names of the encoded files' });
  const addName = (raw: Uint8Array): string => {
    const readings = undeclaredReadings(raw).filter((r, k) => k === 0 || !/[\ue000-\uf8ff\ufffd]/.test(r));
    for (const r of readings)
      for (const p of nameParagraphs(r)) {
        names.append(p);
        names.endParagraph({ kind: 'paragraph', field: 'file-name' });
      }
    return readings[0] ?? '';
  };
  const raw = latin1(bytes);
  let outside = '';
  let from = 0;
  let files = 0;
  const lose = (where: string, detail: string, reason: Loss['reason'] = 'corrupt') => loss.push({ where, kind: 'failed-stream', count: 1, detail, reason, origin: { filePart: where } });
  if (kind === 'uuencode') {
    UU_BEGIN.lastIndex = 0;
    for (let m = UU_BEGIN.exec(raw); m; m = UU_BEGIN.exec(raw)) {
      if (m.index < from || (m.index > 0 && raw[m.index - 1] !== '\n')) continue;
      if (files >= ctx.limits.maxArchiveEntries) {
        lose(`byte ${m.index}`, `More than ${ctx.limits.maxArchiveEntries} encoded files (the entry limit): the rest of the file was read as text only.`, 'limit');
        break;
      }
      outside += raw.slice(from, m.index);
      const b64 = !!m[1];
      const bodyAt = m.index + m[0].length + (raw[m.index + m[0].length] === '\n' ? 1 : 0);
      const endRe = b64 ? /^====[ \t]*\r?$/m : /^end[ \t]*\r?$/m;
      const rest = raw.slice(bodyAt);
      const e = endRe.exec(rest);
      const body = e ? rest.slice(0, e.index) : rest;
      const name = Uint8Array.from(Buffer.from(m[3], 'latin1'));
      const shown = addName(name) || `file-${files + 1}`;
      const where = `${shown} (begin line at byte ${m.index})`;
      if (!e) lose(where, `The encoded file ${shown} has no ${b64 ? '====' : 'end'} line: it is cut short, and what followed is not in the file.`);
      let data: Uint8Array;
      if (b64) {
        const compact = body.replace(/\s+/g, '');
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) lose(where, `The base64 of ${shown} holds characters outside base64's alphabet: what they stand for was not read.`);
        data = Uint8Array.from(Buffer.from(compact, 'base64'));
      } else {
        const d = uudecode(body.split('\n'));
        if (d.bad) lose(where, `${d.bad} line${d.bad > 1 ? 's' : ''} of ${shown} do${d.bad > 1 ? '' : 'es'} not decode as uuencode (the length character disagrees with the line): what they hold may be misread.`);
        data = d.bytes;
      }
      files++;
      if (data.length) embedded.push({ name: shown, bytes: data, origin: { filePart: shown, detail: `${b64 ? 'base64 (uuencode -m)' : 'uuencoded'} file, begin line at byte ${m.index}` } });
      from = e ? bodyAt + e.index + e[0].length : raw.length;
      UU_BEGIN.lastIndex = Math.max(from, m.index + 1);
    }
  } else {
    const announce = BINHEX_LINE.exec(raw);
    const start = announce ? raw.indexOf(':', announce.index + announce[0].length) : -1;
    const end = start >= 0 ? raw.indexOf(':', start + 1) : -1;
    if (!announce || start < 0) {
      result.unread.push({ where: 'file', reason: 'corrupt', detail: 'The BinHex announcement line is not followed by data opening with ":": nothing was decoded.' });
      return result;
    }
    outside = raw.slice(0, announce.index);
    const hq = decodeBinHex(raw.slice(start + 1, end < 0 ? raw.length : end), ctx.limits.maxInflatedBytes);
    const shown = addName(hq.name) || 'binhex-file';
    if (end < 0) hq.problems.push('no ":" closes the data');
    for (const p of hq.problems) lose(shown, `The BinHex file ${shown}: ${p}; what could be decoded was read.`, /limit/.test(p) ? 'limit' : 'corrupt');
    if (hq.data.length) embedded.push({ name: shown, bytes: hq.data, origin: { filePart: shown, detail: 'data fork of the BinHex file' } });
    if (hq.rsrc.length) embedded.push({ name: `${shown}.rsrc`, bytes: hq.rsrc, origin: { filePart: `${shown}.rsrc`, detail: 'resource fork of the BinHex file' } });
    files = 1;
    from = end < 0 ? raw.length : end + 1;
  }
  outside += raw.slice(from);
  if (outside.trim()) embedded.push({ name: 'text outside the encoded files.txt', bytes: Uint8Array.from(Buffer.from(outside, 'latin1')), origin: { filePart: 'file', detail: 'text before, between and after the encoded files' } });
  if (!names.blank) result.parts.push(names.toPart());
  if (!loss.length) delete result.loss;
  result.info = { files };
  return result;
}

export const uuencodeExtractor: Extractor = { format: 'uuencode', extract: async (bytes, ctx) => readEncoded(bytes, ctx, 'uuencode') };
export const binhexExtractor: Extractor = { format: 'binhex', extract: async (bytes, ctx) => readEncoded(bytes, ctx, 'binhex') };
