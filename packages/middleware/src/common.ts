import { formFields, looksJsonText, looksMarkdownText, requestBodyText, requestTexts, tagItems, unwrapJsonString, type FieldEncoding, type ScanResult, type Verdict } from '@prepub/core';
import { entryFromScan, type AuditStore } from '@prepub/audit';
import type { Scanner } from '@prepub/scanner';

/** One uploaded file, held in memory, with its scan result. */
export interface ScannedFile {
  /** The form field the file came in. */
  fieldname: string;
  filename: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
  result: ScanResult;
}

/**
 * What the middleware attaches to the request (`req.prepub` / `request.prepub`). It is set on every
 * request that reaches the handler: a request without a body gets `{ verdict: 'pass', body: 'none' }`.
 */
export interface PrepubUpload {
  /** The worst verdict of all files and of the text fields (`pass` when the request held nothing). */
  verdict: Verdict;
  /** How the body was read. */
  body: BodyKind;
  files: ScannedFile[];
  /** The non-file form fields (multipart, URL-encoded). Repeated fields become arrays. */
  fields: Record<string, string | string[]>;
  /**
   * The scan of the text the body carried besides files: multipart and URL-encoded field values,
   * JSON string values. Absent when there was none.
   */
  text?: ScanResult;
  /** A JSON body, parsed (for `body: 'json'`). */
  json?: unknown;
  /**
   * Texts read as the documents they are besides the joined text (see {@link textDocuments}): a JSON
   * body holding a rich-text editor's document or text as member names, a value that is JSON or
   * Markdown. Absent when there was none.
   */
  documents?: Array<{ name: string; result: ScanResult }>;
  /**
   * `gb18030`: the body's text named no charset and was not UTF-8 but read as GB18030 (an older
   * Chinese CMS posts GBK so): `fields` and `json` are given so decoded, and so was it scanned.
   * Absent when read as UTF-8 or in the charset the request named.
   */
  encoding?: 'gb18030';
}

/** How a request body is read. `none`: no body. */
export type BodyKind = 'none' | 'multipart' | 'raw' | 'json' | 'urlencoded';

/** What {@link MiddlewareOptions.onVerdict} may answer. */
export type VerdictAction = 'stop' | 'continue' | void;

/** Options shared by the Express and Fastify middleware. */
export interface MiddlewareOptions {
  scanner: Scanner;
  /** Verdicts that stop the upload (default `['block', 'review']`). */
  stopOn?: Verdict[];
  /** Status of a stopped upload (default 422). */
  status?: number;
  /**
   * Called after scanning, before the default handling. Return `'stop'` or `'continue'` to decide
   * yourself; return nothing to keep the default (stop on {@link stopOn}).
   */
  onVerdict?: (upload: PrepubUpload) => VerdictAction | Promise<VerdictAction>;
  /** Largest file in bytes (default 50 MiB), most files (default 10), most fields (default 50). */
  limits?: { fileSize?: number; files?: number; fields?: number; fieldSize?: number };
  /** Deadline for scanning one request's files, ms (default 120 000); then the upload is stopped as unread. */
  timeoutMs?: number;
  /**
   * Record every scanned file in this audit trail, as caller `caller` (default `upload-middleware`)
   * and the end user named by the request's `X-Prepub-User` header. If recording fails the upload
   * is refused (503): no decision without a record.
   */
  audit?: { store: AuditStore; caller?: string };
  /**
   * Raw-body uploads (`PUT /upload` with the file as the body): the whole body is one file, named by
   * the `X-Filename` header or the `filename` of `Content-Disposition` (else `upload`). `true`: every
   * media type not read otherwise, and bodies without a `Content-Type`; or a list of media types
   * (`'application/pdf'`, `'image/*'`, `'text/plain'`). Default off: such bodies are refused (415).
   */
  raw?: boolean | string[];
  /**
   * JSON bodies (`application/json`, `*+json`). Strings that are `data:` URLs, that sit in one of
   * `fileFields`, or that are long base64 are decoded and scanned as files (named by a sibling
   * `filename`/`name` key, else their JSON path); short base64 that decodes to text is scanned as text
   * too; every other string value is scanned as text. `true` = `{}`. Default off: refused (415).
   */
  json?: boolean | { fileFields?: string[] };
  /**
   * URL-encoded forms: the field values are scanned as text and handed on in `req.body`. Default
   * off: refused (415).
   */
  urlencoded?: boolean;
}

/** The JSON body of a stopped upload. */
export interface RejectionBody {
  error: 'upload-rejected';
  message: string;
  verdict: Verdict;
  files: Array<{
    filename: string;
    verdict: Verdict;
    findings: Array<{ ruleId: string; severity: string; role: string; page?: number; line: number; paragraph?: number }>;
    unread: Array<{ where: string; reason: string }>;
  }>;
}

/** The JSON body of an upload the middleware could not read. */
export interface UploadErrorBody {
  error: 'upload-too-large' | 'malformed-upload' | 'scan-failed' | 'unsupported-media-type';
  message: string;
}

const RANK: Record<Verdict, number> = { pass: 0, review: 1, block: 2 };

export function worst(results: ScanResult[]): Verdict {
  let v: Verdict = 'pass';
  for (const r of results) {
    // Unread content is never a pass, whatever the scanner said.
    const rv: Verdict = r.verdict === 'pass' && r.coverage.unread.length > 0 ? 'review' : r.verdict;
    if (RANK[rv] > RANK[v]) v = rv;
  }
  return v;
}

/** Name under which the text fields appear in a rejection and in the audit trail. */
export const TEXT_FIELDS_NAME = '(text fields)';

export function rejection(upload: PrepubUpload): RejectionBody {
  const entries = upload.files.map((f) => ({ filename: f.filename, result: f.result }));
  if (upload.text) entries.push({ filename: TEXT_FIELDS_NAME, result: upload.text });
  for (const d of upload.documents ?? []) entries.push({ filename: d.name, result: d.result });
  return {
    error: 'upload-rejected',
    message:
      upload.verdict === 'block'
        ? 'the upload carries a classification marking or other content that must not be published'
        : 'the upload needs a reviewer before it can be accepted',
    verdict: upload.verdict,
    files: entries.map((f) => ({
      filename: f.filename,
      verdict: f.result.verdict,
      findings: f.result.findings.map((x) => {
        const o: RejectionBody['files'][number]['findings'][number] = { ruleId: x.ruleId, severity: x.severity, role: x.location.role, line: x.location.line };
        if (x.location.page !== undefined) o.page = x.location.page;
        if (x.location.paragraph !== undefined) o.paragraph = x.location.paragraph;
        return o;
      }),
      unread: f.result.coverage.unread.map((u) => ({ where: u.where, reason: u.reason })),
    })),
  };
}

/** Whether the upload goes on to the handler. */
export async function decide(upload: PrepubUpload, o: MiddlewareOptions): Promise<boolean> {
  const action = await o.onVerdict?.(upload);
  if (action === 'continue') return true;
  if (action === 'stop') return false;
  return !(o.stopOn ?? ['block', 'review']).includes(upload.verdict);
}

/** What a body held once read: files, form fields, and text to scan. */
export interface ReadBody {
  files: Array<Omit<ScannedFile, 'result'>>;
  fields: PrepubUpload['fields'];
  /** Text values to scan (field values, JSON strings), each its own paragraph. */
  texts: string[];
  json?: unknown;
  /** How the text was decoded when it named no charset (see {@link PrepubUpload.encoding}). */
  encoding?: FieldEncoding;
}

/**
 * Scans the files one after another, then the text values as one document, under one deadline.
 * Every scan is recorded in the audit trail when one is configured.
 */
export async function scanFiles(o: MiddlewareOptions, kind: BodyKind, body: ReadBody, user?: string | null): Promise<PrepubUpload> {
  const signal = AbortSignal.timeout(o.timeoutMs ?? 120_000);
  const record = async (result: ScanResult, filename: string) => {
    if (!o.audit) return;
    await o.audit.store.append(
      entryFromScan(result, { callerToken: o.audit.caller ?? 'upload-middleware', callerUser: user ?? null, filename, dictionaryVersion: o.scanner.info.dictionaryVersion }),
    );
  };
  const scanned: ScannedFile[] = [];
  for (const f of body.files) {
    const result = await o.scanner.scan(new Uint8Array(f.buffer.buffer, f.buffer.byteOffset, f.buffer.byteLength), {
      filename: f.filename,
      mediaType: f.mimetype && f.mimetype !== 'application/octet-stream' ? f.mimetype : undefined,
      signal,
    });
    scanned.push({ ...f, result });
    await record(result, f.filename);
  }
  const upload: PrepubUpload = { verdict: 'pass', body: kind, files: scanned, fields: body.fields };
  const gb = body.encoding === 'gb18030';
  if (gb) upload.encoding = 'gb18030';
  // Text read as GB18030 says so in its results.
  const said = (r: ScanResult): ScanResult => (gb ? { ...r, document: { ...r.document, info: { ...r.document.info, requestEncoding: 'gb18030', requestEncodingBasis: 'no charset named; the bytes are not UTF-8 but read as GB18030' } } } : r);
  const texts = body.texts.filter((t) => t.trim() !== '');
  if (texts.length) {
    // One paragraph per value, so a marking that is a field's whole value stands alone on its line.
    upload.text = said(await o.scanner.scan(new TextEncoder().encode(texts.join('\n\n')), { filename: TEXT_FIELDS_NAME, mediaType: 'text/plain; charset=utf-8', signal }));
    await record(upload.text, TEXT_FIELDS_NAME);
  }
  const docs = textDocuments(texts, body.json);
  for (const d of docs) {
    const result = said(await o.scanner.scan(new TextEncoder().encode(d.text), { filename: d.filename, mediaType: d.mediaType, signal }));
    (upload.documents ??= []).push({ name: d.name, result });
    await record(result, d.name);
  }
  if (body.json !== undefined) upload.json = body.json;
  upload.verdict = worst([...scanned.map((s) => s.result), ...(upload.text ? [upload.text] : []), ...(upload.documents ?? []).map((d) => d.result)]);
  return upload;
}

/** An HTML element's start or end tag (`<p>`, `<iframe srcdoc="…">`, `</div>`): a value holding one is read as HTML too. */
const HTML_TAG = /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/i;

/** Texts read as documents of their own, at most this many per request; more is refused (413). */
export const MAX_TEXT_DOCUMENTS = 64;
/** JSON values looked at by {@link richJson} at most (past it: read as a document anyway). */
const RICH_LOOK = 1_000_000;

/**
 * Whether a parsed JSON value holds a rich-text editor's run (an object with a string `insert`,
 * `text` or `plain_text`, or a `text_run`/`textRun` with a string `content`) or a member name of text outside ASCII (`{"保密": true}`). Iterative, bounded: past
 * {@link RICH_LOOK} values it answers yes (the document is read rather than left).
 */
function richJson(value: unknown): boolean {
  const stack: unknown[] = [value];
  for (let n = 0; stack.length; n++) {
    if (n > RICH_LOOK) return true;
    const v = stack.pop();
    if (Array.isArray(v)) for (const x of v) stack.push(x);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.insert === 'string' || typeof o.text === 'string' || typeof o.plain_text === 'string') return true;
      const run = (o.text_run ?? o.textRun) as Record<string, unknown> | undefined;
      if (run && typeof run === 'object' && typeof run.content === 'string') return true;
      for (const [k, x] of Object.entries(o)) {
        if (/[^\x00-\x7f]/.test(k)) return true;
        if (x && typeof x === 'object') stack.push(x);
      }
    }
  }
  return false;
}

/**
 * The texts of a request read as the documents they are, besides the joined text that reads every
 * value as plain text: a rich-text editor keeps a paragraph as runs (`{"insert":"机"}`,
 * `{"insert":"密★5年"}`) which the joined text puts on paragraphs apart, Markdown splits words with
 * emphasis markers (`**机**密★5年`), and a tag kept as a member name (`{"机密★5年": true}`) is no
 * value at all. So: a JSON body holding runs or such names, as JSON; each value that is JSON (also
 * stringified again) or Markdown, as such. More than {@link MAX_TEXT_DOCUMENTS}: 413.
 */
export function textDocuments(texts: string[], json: unknown): Array<{ name: string; filename: string; mediaType: string; text: string }> {
  const out: Array<{ name: string; filename: string; mediaType: string; text: string }> = [];
  if (json !== undefined && typeof json === 'object' && json !== null && richJson(json)) out.push({ name: '(json body)', filename: 'body.json', mediaType: 'application/json', text: JSON.stringify(json) });
  texts.forEach((raw, i) => {
    const v = unwrapJsonString(raw);
    let parsed: unknown;
    if (looksJsonText(v)) {
      try {
        parsed = JSON.parse(v);
      } catch {
        // Not JSON after all: the joined text reads it.
      }
    }
    // Any object or list read as the JSON it is (its strings each alone, keys beside values), as the
    // review service reads a field: in the joined text `{"summary":"机密★5年"}` stands in quotes.
    if (parsed !== undefined && parsed !== null && typeof parsed === 'object') out.push({ name: `${TEXT_FIELDS_NAME} #${i + 1}`, filename: `field-${i + 1}.json`, mediaType: 'application/json', text: v });
    else if (looksMarkdownText(v)) out.push({ name: `${TEXT_FIELDS_NAME} #${i + 1}`, filename: `field-${i + 1}.md`, mediaType: 'text/markdown; charset=utf-8', text: v });
    // HTML (a CMS's article body) as the page it is, as the review service reads its html: in the
    // joined text an attribute's content (an iframe's srcdoc, an object's data: page) is no page.
    else if (HTML_TAG.test(v)) out.push({ name: `${TEXT_FIELDS_NAME} #${i + 1}`, filename: `field-${i + 1}.html`, mediaType: 'text/html; charset=utf-8', text: v });
  });
  // Tags kept as one string (`机,密,★,5,年`), shown one after another by the CMS: each such value's
  // items joined, a value a paragraph, in one document. (Tags in a list stand a line each in the
  // joined text, where a marking spelt over them is read as vertical text.)
  const tags = texts.map((t) => tagItems(t)?.join('')).filter((t): t is string => !!t);
  if (tags.length) out.push({ name: `${TEXT_FIELDS_NAME} (tags joined)`, filename: 'tags.txt', mediaType: 'text/plain; charset=utf-8', text: tags.join('\n\n') });
  if (out.length > MAX_TEXT_DOCUMENTS) throw new UploadError(413, { error: 'upload-too-large', message: `more than ${MAX_TEXT_DOCUMENTS} texts of the upload are documents of their own (JSON, Markdown): too many to read` });
  return out;
}

/** The upload of a request without a body: nothing to scan, handed on with `pass`. */
export function emptyUpload(): PrepubUpload {
  return { verdict: 'pass', body: 'none', files: [], fields: {} };
}

/** The bare media type of a `Content-Type` header, lower case (`''` when absent). */
export function mediaTypeOf(header: string | string[] | undefined): string {
  const v = Array.isArray(header) ? header[0] : header;
  return (v ?? '').split(';')[0]!.trim().toLowerCase();
}

function matchesType(type: string, patterns: string[]): boolean {
  return patterns.some((p) => {
    const q = p.toLowerCase();
    return q === type || q === '*/*' || (q.endsWith('/*') && type.startsWith(q.slice(0, -1)));
  });
}

/**
 * How a body of media type `type` is read under options `o`, or `undefined` when it is refused
 * (415). Multipart is always read; the others only when turned on.
 */
export function bodyKind(type: string, o: MiddlewareOptions): Exclude<BodyKind, 'none'> | undefined {
  if (type === 'multipart/form-data') return 'multipart';
  if (o.json && (type === 'application/json' || /^application\/[\w.-]+\+json$/.test(type))) return 'json';
  if (o.urlencoded && type === 'application/x-www-form-urlencoded') return 'urlencoded';
  if (o.raw === true) return type.startsWith('multipart/') ? undefined : 'raw';
  if (Array.isArray(o.raw) && type !== '' && matchesType(type, o.raw)) return 'raw';
  return undefined;
}

/** The 415 answer for a body the options do not read. */
export function unsupported(type: string): UploadErrorBody {
  return {
    error: 'unsupported-media-type',
    message: type
      ? `bodies of type ${type} are not accepted: they could not be scanned (allowed: multipart/form-data and the types turned on in the upload scanner's options)`
      : 'a body without Content-Type is not accepted: it could not be scanned',
  };
}

/** Largest JSON or URL-encoded body: base64 files grow by a third. */
export function structuredLimit(o: MiddlewareOptions): number {
  return Math.ceil((o.limits?.fileSize ?? DEFAULT_FILE_SIZE) * 1.4) + 1024 * 1024;
}

/** A request's own name for a raw body: `X-Filename` (percent-decoded) or Content-Disposition's filename. */
export function rawFilename(headers: Record<string, string | string[] | undefined>): string {
  const one = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h);
  const x = one(headers['x-filename']);
  if (x) {
    try {
      return decodeURIComponent(x);
    } catch {
      return x;
    }
  }
  const cd = one(headers['content-disposition']) ?? '';
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(cd);
  if (star) {
    try {
      return decodeURIComponent(star[1]!.trim());
    } catch {
      // fall through to the plain parameter
    }
  }
  const plain = /filename\s*=\s*(?:"([^"]*)"|([^;]+))/.exec(cd);
  return (plain?.[1] ?? plain?.[2]?.trim()) || 'upload';
}

/** A problem with a request body, answered with `status` and `body`. */
export class UploadError extends Error {
  constructor(
    readonly status: number,
    readonly body: UploadErrorBody,
  ) {
    super(body.message);
  }
}

const STRICT_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATA_URL = /^data:([^;,]*)((?:;[^;,]*)*);base64,/i;

/** Whether decoded bytes read as text a person wrote (valid UTF-8, no control characters). */
function readsAsText(bytes: Buffer): boolean {
  try {
    const t = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return !/[\u0000-\u0008\u000e-\u001f\u007f]/.test(t) && /\p{L}/u.test(t);
  } catch {
    return false;
  }
}

/**
 * Reads a parsed JSON body: base64 files out, text values out. Long base64 (64+ characters, not
 * just hex digits, which is how digests look) is taken for a file even outside `fileFields`: a
 * document must not pass as an opaque string.
 */
export function readJson(value: unknown, o: MiddlewareOptions): ReadBody {
  const fileFields = new Set(typeof o.json === 'object' ? (o.json.fileFields ?? []) : []);
  const fileSize = o.limits?.fileSize ?? DEFAULT_FILE_SIZE;
  const out: ReadBody = { files: [], fields: {}, texts: [], json: value };
  const addFile = (bytes: Buffer, name: string, mimetype: string, field: string) => {
    if (bytes.length > fileSize) throw new UploadError(413, { error: 'upload-too-large', message: `${name} is larger than ${fileSize} bytes` });
    if (out.files.length >= (o.limits?.files ?? 10)) throw new UploadError(413, { error: 'upload-too-large', message: 'too many files in one upload' });
    out.files.push({ fieldname: field, filename: name, mimetype, size: bytes.length, buffer: bytes });
  };
  const walk = (v: unknown, path: string, key: string, parent: Record<string, unknown> | undefined): void => {
    if (typeof v === 'string') {
      const sibling = parent && ['filename', 'fileName', 'name'].map((k) => parent[k]).find((x) => typeof x === 'string' && x !== v);
      const name = (sibling as string | undefined) ?? path;
      const data = DATA_URL.exec(v);
      if (data) return addFile(Buffer.from(v.slice(data[0].length), 'base64'), name, data[1] || 'application/octet-stream', key);
      const compact = v.replace(/\s+/g, '');
      const isB64 = compact.length >= 8 && STRICT_BASE64.test(compact);
      if (fileFields.has(key) || (isB64 && compact.length >= 64 && !/^[0-9a-f]+$/i.test(compact))) {
        if (!isB64) throw new UploadError(400, { error: 'malformed-upload', message: `${path} is not base64` });
        return addFile(Buffer.from(compact, 'base64'), name, 'application/octet-stream', key);
      }
      out.texts.push(v);
      // A short base64 word that decodes to words is read as what it says as well.
      if (isB64) {
        const bytes = Buffer.from(compact, 'base64');
        if (readsAsText(bytes)) out.texts.push(bytes.toString('utf8'));
      }
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, `${path}[${i}]`, key, undefined));
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`, k, v as Record<string, unknown>);
    }
  };
  walk(value, '$', '', undefined);
  return out;
}

/**
 * Parses a JSON body into a {@link ReadBody}; a syntax error is a 400. Its bytes in the charset the
 * Content-Type names, else UTF-8, or GB18030 when they are not UTF-8 but read as such (see
 * requestBodyText in @prepub/core).
 */
export function readJsonBytes(bytes: Uint8Array, contentType: string | string[] | undefined, o: MiddlewareOptions): ReadBody {
  const { text, encoding } = requestBodyText(bytes, Array.isArray(contentType) ? contentType[0] : contentType);
  const body = readJsonText(text, o);
  if (encoding === 'gb18030') body.encoding = encoding;
  return body;
}

/** Parses JSON text into a {@link ReadBody}; a syntax error is a 400. */
export function readJsonText(text: string, o: MiddlewareOptions): ReadBody {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new UploadError(400, { error: 'malformed-upload', message: `the JSON body could not be read: ${(e as Error).message}` });
  }
  return readJson(value, o);
}

/**
 * Reads a URL-encoded form body: the fields, and their values as text to scan. Its percent escapes
 * are bytes, decoded together as UTF-8, or GB18030 when they are not UTF-8 but read as such (a form
 * an older CMS posts in GBK).
 */
export function readUrlencoded(bytes: Uint8Array): ReadBody {
  const out: ReadBody = { files: [], fields: {}, texts: [] };
  const { fields, encoding } = formFields(bytes);
  for (const [k, v] of fields) {
    addField(out.fields, k, v);
    out.texts.push(v);
  }
  if (encoding === 'gb18030') out.encoding = encoding;
  return out;
}

/**
 * The text fields of a multipart body, decoded together: a field that named no charset arrives as
 * its bytes in latin1 characters (busboy's `defCharset: 'latin1'`), read as UTF-8, or GB18030 when
 * the request's such fields are not UTF-8 but read as such; a value with characters past U+00FF was
 * decoded by the charset its part named and is kept. A field parsed as JSON is its JSON text.
 */
export function multipartTexts(values: unknown[]): { texts: string[]; encoding: FieldEncoding } {
  const strings = values.map((v) => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v)));
  const raw = strings.map((v, i) => ({ v, i })).filter(({ v }) => !/[^\x00-\xff]/.test(v));
  const { texts, encoding } = requestTexts(raw.map(({ v }) => Buffer.from(v, 'latin1')));
  raw.forEach(({ i }, k) => (strings[i] = texts[k]!));
  return { texts: strings, encoding };
}

/** A raw body as one file. */
export function readRaw(bytes: Buffer, type: string, headers: Record<string, string | string[] | undefined>): ReadBody {
  if (bytes.length === 0) return { files: [], fields: {}, texts: [] };
  return { files: [{ fieldname: '', filename: rawFilename(headers), mimetype: type || 'application/octet-stream', size: bytes.length, buffer: bytes }], fields: {}, texts: [] };
}

export function addField(fields: PrepubUpload['fields'], name: string, value: string): void {
  const prev = fields[name];
  if (prev === undefined) fields[name] = value;
  else if (Array.isArray(prev)) prev.push(value);
  else fields[name] = [prev, value];
}

export const DEFAULT_FILE_SIZE = 50 * 1024 * 1024;

/** The end user a request names (`X-Prepub-User`, percent-decoded), for the audit trail. */
export function requestUser(headers: Record<string, string | string[] | undefined>): string | null {
  const raw = headers['x-prepub-user'];
  let v = Array.isArray(raw) ? raw[0] : raw;
  if (!v) return null;
  try {
    v = decodeURIComponent(v);
  } catch {
    // Not percent-encoded: keep as given.
  }
  return v.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200) || null;
}
