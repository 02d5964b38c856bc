/**
 * Text strings of the file that no reader handed over. pdf.js reads a string by what the keys and
 * types around it mean: a field's tooltip once the widget's /Subtype is `/Widgeq` is read by
 * nothing, an outline title under `/Titlq` neither, nor an export name under `/TZ`. The bytes of
 * such strings are all in the file. So, once everything else is read, every text string of every
 * object is compared with what the extraction holds (in each reading it has: PDFDocEncoding or
 * UTF-16, and the legacy code pages), and those found nowhere are read as hidden text.
 *
 * Keys whose strings are not text (identifiers, keys, dates, appearance operators, signature
 * values) are left out. One Aho-Corasick pass over the extraction's text finds them all.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFStream, PDFString, type PDFObject } from 'pdf-lib';
import { AhoCorasick } from '@prepub/core';
import { stringLiterals } from './javascript.ts';
import { otherReadings, pdfDocDecode } from './legacy-text.ts';
import { refLabel } from './raw.ts';
import { addPart, linesPart, type DocState } from './state.ts';

/**
 * Keys whose strings are no text a person reads: identifiers, keys, dates, appearance operators,
 * a font's registry and glyph names. A link's /URI is an address (a `mailto:` address read as text
 * would hold every file with a mail link for review).
 */
const NOT_TEXT = new Set([
  'URI', 'ID', 'O', 'U', 'OE', 'UE', 'Perms', 'Cert', 'ByteRange', 'DA', 'DS', 'NM', 'M', 'CreationDate', 'ModDate', 'Lang', 'CheckSum', 'Reference',
  'Registry', 'Ordering', 'FontFamily', 'Panose', 'CharSet',
]);
/** Most strings compared (each up to {@link MAX_CHARS} characters); past it the rest is a loss. */
const MAX_STRINGS = 50_000;
const MAX_CHARS = 4_000;

const compact = (s: string): string => s.replace(/\s+/g, '');
/** Control characters (tab and line ends aside) and U+FFFD: a value that is no text in this reading. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ufffd]/;

/**
 * Every text string of `obj`, nested values included (references are other objects, seen in their
 * turn), keys that hold no text left out. References under those keys go to `notText`: a string
 * written as an object of its own (`/URI 32 0 R`) is left out with them.
 */
export function textStrings(obj: PDFObject, out: Array<PDFString | PDFHexString>, notText?: Set<string>, max = MAX_STRINGS, depth = 0): void {
  if (out.length > max || depth > 32) return;
  if (obj instanceof PDFString || obj instanceof PDFHexString) out.push(obj);
  else if (obj instanceof PDFStream) textStrings(obj.dict, out, notText, max, depth + 1);
  else if (obj instanceof PDFArray) for (const v of obj.asArray()) textStrings(v, out, notText, max, depth + 1);
  else if (obj instanceof PDFDict) {
    // A signature's /Contents is its binary value.
    const signed = obj.get(PDFName.of('ByteRange')) !== undefined;
    for (const [key, v] of obj.entries()) {
      const name = key.decodeText();
      if (NOT_TEXT.has(name) || (signed && name === 'Contents')) {
        if (v instanceof PDFRef) notText?.add(`${v.objectNumber} ${v.generationNumber}`);
        continue;
      }
      textStrings(v, out, notText, max, depth + 1);
    }
  }
}

/**
 * Reads the text strings no reader handed over (see the module comment). `skip` names objects
 * (`num gen`) already read whole by another reader (the unreached ones).
 */
export function addLeftoverStrings(state: DocState, skip: ReadonlySet<string> = new Set()): void {
  const raw = state.raw;
  if (!raw.ok || raw.encrypted) return;
  const strings: Array<{ value: PDFString | PDFHexString; holder: string }> = [];
  const notText = new Set<string>();
  const bare: Array<[PDFRef, PDFString | PDFHexString]> = [];
  for (const [ref, obj] of raw.doc.context.enumerateIndirectObjects()) {
    if (skip.has(`${ref.objectNumber} ${ref.generationNumber}`)) continue;
    // A string that is an object of its own waits until every key naming it is known.
    if (obj instanceof PDFString || obj instanceof PDFHexString) bare.push([ref, obj]);
    else {
      const own: Array<PDFString | PDFHexString> = [];
      textStrings(obj, own, notText, MAX_STRINGS - strings.length);
      for (const value of own) strings.push({ value, holder: refLabel(ref) });
    }
    if (strings.length > MAX_STRINGS) break;
  }
  for (const [ref, value] of bare) if (!notText.has(`${ref.objectNumber} ${ref.generationNumber}`)) strings.push({ value, holder: refLabel(ref) });
  // Each string in every form it may have been read in, whitespace left out.
  const forms: string[] = [];
  const owner: number[] = [];
  const candidates: Array<{ text: string; bytes: Uint8Array; holder: string }> = [];
  const seen = new Set<string>();
  // A string too long to look for is read as it is, found elsewhere or not.
  const long: Array<{ text: string; bytes: Uint8Array; holder: string }> = [];
  for (const { value: s, holder } of strings.slice(0, MAX_STRINGS)) {
    const text = s.decodeText();
    const key = compact(text);
    if (key.length < 2 || seen.has(key)) continue;
    seen.add(key);
    const bytes = s.asBytes();
    if (key.length > MAX_CHARS) {
      long.push({ text, bytes, holder });
      continue;
    }
    const i = candidates.push({ text, bytes, holder }) - 1;
    for (const f of [key, ...(otherReadings(bytes)?.readings ?? []).map((r) => compact(r.text))]) {
      if (f.length < 2) continue;
      forms.push(f);
      owner.push(i);
    }
  }
  if (candidates.length === 0 && long.length === 0) return;
  const haystack = state.out.parts.map((p) => compact(p.text)).join('\n');
  const read = new Uint8Array(candidates.length);
  if (haystack.length > 0 && forms.length > 0) {
    const m = new AhoCorasick(forms, false).search(haystack);
    for (let k = 0; k < m.count; k++) read[owner[m.patterns[k]]] = 1;
  }
  const left = [...candidates.filter((_, i) => read[i] === 0), ...long];
  if (strings.length > MAX_STRINGS) {
    state.out.loss!.push({ where: 'text strings', kind: 'unreadable-object', count: 1, detail: `The file holds more than ${MAX_STRINGS} text strings; those past it were not compared with what was read.` });
  }
  if (left.length === 0) return;
  const holders = [...new Set(left.map((c) => c.holder))];
  const named = holders.slice(0, 5).join(', ') + (holders.length > 5 ? ` and ${holders.length - 5} more` : '');
  const origin = { filePart: 'text strings', detail: `text strings of the file that no reader handed over (${left.length}, in ${named}): under keys or in objects a viewer does not read` };
  // A string whose own reading holds control characters is binary there (a producer's private
  // value): only its legacy readings, if any, are text.
  const part = linesPart('leftover-strings', 'hidden', left.filter((c) => !CONTROL.test(c.text)).map((c) => c.text), origin);
  if (part) addPart(state, part);
  // A script no action names any more (`/JZ` where `/JS` was) is read as a script is: its literals,
  // character codes turned into text.
  const literals = left.filter((c) => /["']|fromCharCode|fromCodePoint/.test(c.text)).flatMap((c) => stringLiterals(c.text));
  const scripts = linesPart('leftover-strings:literals', 'hidden', literals, { ...origin, detail: `string literals of the text strings no reader handed over, read as script` });
  if (scripts) addPart(state, scripts);
  // A string holding ESC bytes is shown by viewers with them left out (raw-text.ts reads the keys it
  // knows that way): so are leftover ones.
  const escaped = left.filter((c) => c.bytes.includes(0x1b)).map((c) => pdfDocDecode(c.bytes.filter((b) => b !== 0x1b)));
  const esc = linesPart('leftover-strings:escaped', 'hidden', escaped, { ...origin, detail: `${origin.detail} — read with their ESC bytes left out` });
  if (esc) addPart(state, esc);
  // Each legacy reading a string has, as a part per code page. A string that decodes in none of
  // them is no loss here: these strings are read beyond what any reader shows, and binary values
  // under keys of a producer's own are common.
  const byEncoding = new Map<string, string[]>();
  for (const c of left) {
    for (const r of otherReadings(c.bytes)?.readings ?? []) byEncoding.set(r.encoding, [...(byEncoding.get(r.encoding) ?? []), r.text]);
  }
  for (const [encoding, lines] of byEncoding) {
    const reading = linesPart(`leftover-strings:${encoding}`, 'hidden', lines, { ...origin, detail: `${origin.detail} — their bytes read as ${encoding}` });
    if (reading) addPart(state, reading);
  }
}
