/**
 * How a text field of a request (a CMS's review hook, an upload form) is read besides as plain
 * text: a rich-text document sent as a JSON string, possibly stringified again on its way, or
 * Markdown a CMS renders. Shared by the review service and the upload middleware.
 */

/** JSON string literals unwrapped at most this many times (a document stringified twice or more). */
const MAX_UNWRAP = 4;

/**
 * A field's text with the JSON string literals it is unwrapped: a rich-text document stored as a
 * string and stringified again on its way (`"\"{\\\"ops\\\":…}\""`) is that document to whoever
 * parses it once more.
 */
export function unwrapJsonString(s: string): string {
  for (let k = 0; k < MAX_UNWRAP; k++) {
    const t = s.trim();
    if (t.length < 2 || t[0] !== '"' || t[t.length - 1] !== '"') break;
    try {
      const v: unknown = JSON.parse(t);
      if (typeof v !== 'string') break;
      s = v;
    } catch {
      break;
    }
  }
  return s;
}

/** Emphasis, highlight and insert markers against Chinese (`**机**密★5年`, `==机==`), or YAML front matter. */
const MARKDOWN = /[\u3400-\u9fff](?:\*{1,3}|_{1,3}|~~|==|\+\+)|(?:\*{1,3}|_{1,3}|~~|==|\+\+)[\u3400-\u9fff]|^---[ \t]*\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/;

/** Whether a field's text is Markdown a CMS renders: such a field is read as Markdown too. */
export function looksMarkdownText(s: string): boolean {
  return MARKDOWN.test(s);
}

/** Whether a field's text is JSON (a rich-text editor's document sent as a string). */
export function looksJsonText(s: string): boolean {
  return /^\s*(?:\{\s*"|\[\s*[[{"])/.test(s.slice(0, 256));
}

/** How a request's text was decoded: UTF-8, or GB18030 for bytes that are not UTF-8 (see {@link requestTexts}). */
export type FieldEncoding = 'utf-8' | 'gb18030';

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const UTF8_LENIENT = new TextDecoder('utf-8');

function isUtf8(bytes: Uint8Array): boolean {
  try {
    UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether bytes read as Chinese text in GB18030 (GBK, GB2312), as an older Chinese CMS posts its
 * forms and JSON without naming a charset: valid GB18030, no control characters but tab and line
 * breaks, and its double-byte characters in GB2312's rows (lead and trail bytes 0xA1–0xFE, lead
 * below 0xF8) but for one in twenty at most (none in a text of fewer than twenty). Big5 text (a trail
 * byte 0x40–0x7E in most of its words: 密 is B1 4B) and UTF-8 with damaged bytes (trail bytes
 * 0x80–0xBF) are not taken for it.
 */
export function looksGb18030(bytes: Uint8Array): boolean {
  let pairs = 0;
  let outside = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) {
      if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
      continue;
    }
    const t = bytes[i + 1];
    if (t === undefined || b === 0x80 || b === 0xff) return false;
    // A four-byte GB18030 sequence (digits second and fourth): rare in a CMS's text, counted outside.
    if (t >= 0x30 && t <= 0x39) {
      const u = bytes[i + 2];
      const v = bytes[i + 3];
      if (u === undefined || v === undefined || u < 0x81 || u > 0xfe || v < 0x30 || v > 0x39) return false;
      pairs++;
      outside++;
      i += 3;
      continue;
    }
    if (t < 0x40 || t === 0x7f || t === 0xff) return false;
    pairs++;
    if (!(b >= 0xa1 && b <= 0xf7 && t >= 0xa1)) outside++;
    i++;
  }
  return pairs > 0 && outside <= Math.floor(pairs / 20);
}

/**
 * A request's text values from their bytes, as sent without a charset (a multipart field without
 * Content-Type, a JSON or form body whose Content-Type names none): UTF-8 when every value is valid
 * UTF-8; else, when every value that is not ASCII reads as GB18030 ({@link looksGb18030}), each read
 * as GB18030 (encoding `gb18030`, to be recorded with the result); else UTF-8 with U+FFFD where it
 * cannot be decoded, which the scan reports as lost text (never pass).
 */
export function requestTexts(values: Uint8Array[]): { texts: string[]; encoding: FieldEncoding } {
  if (values.every(isUtf8)) return { texts: values.map((v) => UTF8_LENIENT.decode(v)), encoding: 'utf-8' };
  const ascii = (v: Uint8Array): boolean => v.every((b) => b < 0x80);
  if (values.every((v) => ascii(v) || looksGb18030(v))) {
    const gb = new TextDecoder('gb18030');
    return { texts: values.map((v) => gb.decode(v)), encoding: 'gb18030' };
  }
  return { texts: values.map((v) => UTF8_LENIENT.decode(v)), encoding: 'utf-8' };
}

/**
 * A URL-encoded form body's fields (`a=1&b=%BB%FA%C3%DC`), its percent escapes taken as bytes and
 * the values decoded together by {@link requestTexts}: a form an older CMS posts in GBK is read as
 * such, where `URLSearchParams` would make U+FFFD of every escape.
 */
export function formFields(body: Uint8Array): { fields: Array<[string, string]>; encoding: FieldEncoding } {
  const s = Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('latin1');
  const bytes = (x: string): Uint8Array => Buffer.from(x.replace(/\+/g, ' ').replace(/%([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
  const pairs = s
    .split('&')
    .filter((p) => p !== '')
    .map((p) => {
      const eq = p.indexOf('=');
      return eq < 0 ? [bytes(p), new Uint8Array()] : [bytes(p.slice(0, eq)), bytes(p.slice(eq + 1))];
    });
  const { texts, encoding } = requestTexts(pairs.flat());
  const fields: Array<[string, string]> = [];
  for (let i = 0; i < texts.length; i += 2) fields.push([texts[i]!, texts[i + 1]!]);
  return { fields, encoding };
}

/**
 * A JSON (or other text) body's text: in the charset its Content-Type names (`application/json;
 * charset=gbk`), UTF-16 when a byte order mark says so, else as {@link requestTexts} reads it (UTF-8,
 * or GB18030 when the bytes are not UTF-8 but read as GB18030). An unknown charset is read as UTF-8
 * (what cannot be decoded is then lost text, never pass).
 */
export function requestBodyText(bytes: Uint8Array, contentType: string | undefined): { text: string; encoding?: FieldEncoding } {
  let label = /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '')?.[1];
  if (bytes[0] === 0xff && bytes[1] === 0xfe) label = 'utf-16le';
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) label = 'utf-16be';
  if (!label) {
    const { texts, encoding } = requestTexts([bytes]);
    return { text: texts[0]!, encoding };
  }
  try {
    return { text: new TextDecoder(label).decode(bytes) };
  } catch {
    return { text: UTF8_LENIENT.decode(bytes) };
  }
}

/** What separates the tags of a tag field kept as one string (`机,密,★,5,年`, `保密、普法`). */
const TAG_SEPARATOR = /[,，、;；|]/;

/**
 * The tags of a field kept as one string, as CMSs store them (DedeCMS's and 帝国CMS's keywords,
 * PbootCMS's tags, WordPress's tags_input: `机,密,★,5,年`) and show them, each a chip or a link one
 * after another: two or more items between `,` `，` `、` `;` `；` `|`, each of 8 characters at most,
 * one of them beyond ASCII, on one line of 400 characters at most. Undefined for anything else
 * (a sentence, a list of numbers, a paragraph).
 */
export function tagItems(value: string): string[] | undefined {
  if (value.length > 400 || /[\r\n]/.test(value) || !TAG_SEPARATOR.test(value) || !/[^\x00-\x7f]/.test(value)) return undefined;
  const items = value
    .split(TAG_SEPARATOR)
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length >= 2 && items.every((s) => [...s].length <= 8) ? items : undefined;
}
