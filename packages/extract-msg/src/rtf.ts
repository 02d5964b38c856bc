/**
 * The text of an RTF body, for one purpose only: telling whether it says anything the message's
 * plain-text body does not. It is no RTF reader (no locations, no roles): text that differs is
 * handed to the scanner as an RTF file. Hidden text (`\v`) is kept, so a body that hides words
 * the plain body lacks differs.
 */
import { crc32Register } from '@prepub/core';

/** Destinations whose content is not text of the message (tables, pictures, bookkeeping). */
const SKIP = new Set(['fonttbl', 'colortbl', 'stylesheet', 'listtable', 'listoverridetable', 'rsidtbl', 'generator', 'pict', 'themedata', 'colorschememapping', 'latentstyles', 'datastore', 'xmlnstbl', 'mmathPr', 'object', 'objdata', 'fldinst', 'private', 'wgrffmtfilter', 'pgdsctbl', 'filetbl', 'revtbl', 'bkmkstart', 'bkmkend']);

/** Windows code page number → TextDecoder label, for `\ansicpgN` and `\'hh` bytes; undefined for one no decoder here knows. */
function knownLabel(cp: number): string | undefined {
  if (cp === 936 || cp === 20936 || cp === 51936 || cp === 54936) return 'gb18030';
  if (cp === 950) return 'big5';
  if (cp === 932) return 'shift_jis';
  if (cp === 949) return 'euc-kr';
  if (cp === 65001) return 'utf-8';
  if (cp === 874) return 'windows-874';
  if (cp === 866) return 'ibm866';
  if (cp === 20866) return 'koi8-r';
  if (cp >= 28591 && cp <= 28605 && cp !== 28600 && cp !== 28602) return `iso-8859-${cp - 28590}`;
  if (cp >= 1250 && cp <= 1258) return `windows-${cp}`;
  return undefined;
}

function label(cp: number): string {
  return knownLabel(cp) ?? 'windows-1252';
}

/**
 * The `\ansicpgN` of an RTF document when no decoder here knows N and the document holds 8-bit
 * text bytes (`\'hh` at 0x80 or above, or raw): those bytes were read as windows-1252, so what
 * they say was not read.
 */
export function unknownCodePage(rtf: Uint8Array): { codePage: number; bytes: number } | undefined {
  const s = new TextDecoder('latin1').decode(rtf);
  const cp = /\\ansicpg(\d{1,10})/.exec(s);
  if (!cp || knownLabel(Number(cp[1])) !== undefined) return undefined;
  const bytes = (s.match(/\\'[89a-fA-F][0-9a-fA-F]|[\x80-\xff]/g) ?? []).length;
  return bytes ? { codePage: Number(cp[1]), bytes } : undefined;
}

/** Whether an RTF body was made by Outlook from HTML (`\fromhtml1`, [MS-OXRTFEX]). */
export function isEncapsulatedHtml(rtf: Uint8Array): boolean {
  if (new TextDecoder('latin1').decode(rtf.subarray(0, 1024)).includes('\\fromhtml1')) return true;
  // \*\htmltag groups without the flag (a damaged \fromhtml1, a writer that left it out) hold the
  // HTML's text all the same, which reading the RTF as RTF skips with the destinations.
  return Buffer.from(rtf.buffer, rtf.byteOffset, rtf.byteLength).indexOf('{\\*\\htmltag') >= 0;
}

/**
 * The characters of an RTF document, destinations that hold no text left out. Linear in its length.
 * With `html`, an HTML body encapsulated by Outlook is taken back out instead ([MS-OXRTFEX]): the
 * markup kept in `\*\htmltag` groups goes in, and what `\htmlrtf` marks as RTF-only stays out.
 */
export function rtfText(rtf: Uint8Array, options: { html?: boolean } = {}): string {
  const html = options.html === true;
  const s = new TextDecoder('latin1').decode(rtf);
  let decoder = new TextDecoder('windows-1252');
  const out: string[] = [];
  let pendingBytes: number[] = [];
  const flush = () => {
    if (pendingBytes.length) out.push(decoder.decode(Uint8Array.from(pendingBytes)));
    pendingBytes = [];
  };
  // Per group: skipped or not, and how many characters follow a \u (\ucN).
  const stack: Array<{ skip: boolean; uc: number; suppress: boolean }> = [];
  let skip = false;
  let suppress = false;
  let uc = 1;
  let toSkip = 0;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '{') {
      flush();
      stack.push({ skip, uc, suppress });
      i++;
      if (html && s.startsWith('\\*\\htmltag', i)) {
        // Encapsulated markup: read, whatever \htmlrtf says outside it.
        const m = /^\\\*\\htmltag\d* ?/.exec(s.slice(i, i + 24));
        i += m ? m[0].length : 2;
        suppress = false;
        continue;
      }
      // `{\*\dest …}`: an optional destination, never text of the body.
      if (s.startsWith('\\*', i)) skip = true;
      continue;
    }
    if (c === '}') {
      flush();
      const top = stack.pop();
      if (top) ({ skip, uc, suppress } = top);
      i++;
      continue;
    }
    if (c === '\\') {
      const next = s[i + 1];
      if (next === "'") {
        const byte = parseInt(s.slice(i + 2, i + 4), 16);
        i += 4;
        if (toSkip > 0) {
          toSkip--;
          continue;
        }
        if (!skip && !suppress && !Number.isNaN(byte)) pendingBytes.push(byte);
        continue;
      }
      const m = /^\\([a-zA-Z]{1,32})(-?\d{1,10})? ?/.exec(s.slice(i, i + 48));
      if (!m) {
        // A control symbol: \\ \{ \} are characters, \~ a space, the rest formatting.
        flush();
        if (!skip && !suppress && (next === '\\' || next === '{' || next === '}')) out.push(next);
        else if (!skip && !suppress && next === '~') out.push(' ');
        i += 2;
        continue;
      }
      i += m[0].length;
      const word = m[1];
      const arg = m[2] === undefined ? undefined : Number(m[2]);
      if (word === 'ansicpg' && arg !== undefined) {
        flush();
        decoder = new TextDecoder(label(arg));
        continue;
      }
      if (html && word === 'htmlrtf') {
        flush();
        suppress = arg !== 0;
        continue;
      }
      if (word === 'uc' && arg !== undefined) {
        uc = arg;
        continue;
      }
      if (word === 'u' && arg !== undefined) {
        flush();
        if (!skip && !suppress) out.push(String.fromCharCode(arg < 0 ? arg + 65536 : arg));
        toSkip = uc;
        continue;
      }
      if (SKIP.has(word)) {
        skip = true;
        continue;
      }
      if (!skip && !suppress && (word === 'par' || word === 'line' || word === 'sect' || word === 'row' || word === 'cell' || word === 'tab')) {
        flush();
        out.push(word === 'tab' || word === 'cell' ? '\t' : '\n');
      }
      continue;
    }
    if (c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (toSkip > 0) {
      toSkip--;
      i++;
      continue;
    }
    if (!skip && !suppress) {
      flush();
      out.push(c);
    }
    i++;
  }
  flush();
  return out.join('');
}

const LZFU = 0x75465a4c;

/**
 * What is wrong with a compressed RTF body ([MS-OXRTFCP]) that decompressed to `out`, if anything:
 * its data cut short, a CRC that does not match the compressed bytes, or a size other than its
 * header's. The decompressor follows whatever the bytes say: a damaged byte early in the stream
 * changes every back-reference after it, and the text comes out wrong without an error (a marking
 * turned into other letters passed).
 */
export function compressedRtfDamage(raw: Uint8Array, out: Uint8Array): string | undefined {
  if (raw.length < 16) return 'its header is cut short';
  const dv = new DataView(raw.buffer, raw.byteOffset, 16);
  const compressedSize = dv.getUint32(0, true);
  const rawSize = dv.getUint32(4, true);
  if (dv.getUint32(8, true) === LZFU) {
    const end = 4 + compressedSize;
    if (end > raw.length) return `its data is cut short (${raw.length} of ${end} bytes)`;
    // [MS-OXRTFCP] 2.1.3.2: the register starts at 0 and is not inverted.
    if (crc32Register(raw.subarray(16, end), 0) !== dv.getUint32(12, true)) return 'its checksum does not match its data (the bytes are damaged)';
  }
  if (out.length !== rawSize) return `it decompressed to ${out.length} bytes where its header says ${rawSize}`;
  return undefined;
}
