/** `POST /v1/review`: the CMS hook (title, html, attachments). */
import { localizedResult, requestLang } from '../lang.ts';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import multipart from '@fastify/multipart';
import { auditUnread, maskFinding } from '@prepub/audit';
import { formFields, looksJsonText, looksMarkdownText, requestBodyText, tagItems, unwrapJsonString, type FieldEncoding } from '@prepub/core';
import type { FastifyInstance } from 'fastify';
import { API_VERSION, HttpError, cleanFilename, type ServiceContext, type Upload } from '../context.ts';
import { ROUTE_DOCS } from '../openapi.ts';
import { reportFormat, sendReport } from '../report.ts';
import { articleDocument, combine, type ItemSource, type ReviewItem } from '../review.ts';
import { Repeated, parseJsonBody } from '../json-body.ts';

/** A piece's name in a report: attachments are numbered, since two may share a file name. */
function reportName(source: ItemSource): string {
  return source.kind === 'attachment' ? `attachments[${source.index ?? 0}]/${source.filename}` : source.kind === 'field' ? `fields/${source.filename}` : source.filename;
}

/** Other texts of a request, at most this many: each is scanned as a piece of its own. */
const MAX_FIELDS = 100;

/** A member name that is text a CMS may show (a tag kept as a key, a label): any letter outside ASCII. */
const TEXT_KEY = /[^\x00-\x7f]/;

/**
 * The texts of a JSON request besides title, html and the attachments' content: a CMS sends what
 * it publishes (a summary, keywords, an author line, an attachment's caption), and whatever prepub
 * did not read would be published unchecked. Strings, named by their path (`summary`,
 * `meta.keywords[1]`, `attachments[0].caption`), a string stringified again read unwrapped, and
 * member names of text that name no text of their own (`tags: { "保密": true }`), named
 * `<path>#key`.
 */
function otherTexts(body: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const keyOf = (k: string, x: unknown, path: string): void => {
    if (TEXT_KEY.test(k) && !(typeof x === 'string' && x.trim())) out.push([`${path}#key`, k]);
  };
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'string') {
      if (v.trim()) out.push([path, unwrapJsonString(v)]);
    } else if (v instanceof Repeated) v.values.forEach((x) => walk(x, path));
    else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k;
        keyOf(k, x, at);
        walk(x, at);
      }
  };
  for (const [k, v] of Object.entries(body)) {
    if (k === 'title' || k === 'html') continue;
    if (k === 'attachments' && Array.isArray(v)) {
      v.forEach((a, i) => {
        if (a && typeof a === 'object' && !Array.isArray(a))
          for (const [ak, av] of Object.entries(a))
            if (!['content', 'filename', 'mediaType'].includes(ak)) {
              keyOf(ak, av, `attachments[${i}].${ak}`);
              walk(av, `attachments[${i}].${ak}`);
            }
      });
      continue;
    }
    keyOf(k, v, k);
    walk(v, k);
  }
  return out;
}

/**
 * The fields of a JSON request that are objects or lists holding text (a rich-text editor's
 * document: Quill's `ops`, ProseMirror's `content`, Lexical's `root`, Slate's or Portable Text's
 * blocks), each to be read as the JSON document it is besides its strings one by one: the editor
 * shows a paragraph's runs joined (`机` bold, `密★5年`), which no run shows alone. An attachment's
 * other members (`attachments[0].meta`) too.
 */
function structuredFields(body: Record<string, unknown>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const consider = (name: string, v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    // A flat list of strings (tags, keywords) is its strings one by one: no editor joins them.
    const list = Array.isArray(v) ? v : v instanceof Repeated ? v.values : undefined;
    if (list && list.every((x) => typeof x !== 'object' || x === null)) return;
    if (otherTexts({ [name]: v }).length) out.push([name, JSON.stringify(v)]);
  };
  for (const [k, v] of Object.entries(body)) {
    if (k === 'title' || k === 'html') continue;
    if (k === 'attachments') {
      if (Array.isArray(v))
        v.forEach((a, i) => {
          if (a && typeof a === 'object' && !Array.isArray(a)) for (const [ak, av] of Object.entries(a)) if (!['content', 'filename', 'mediaType'].includes(ak)) consider(`attachments[${i}].${ak}`, av);
        });
      continue;
    }
    consider(k, v);
  }
  return out;
}

/** A member of a tag list at most this long (trimmed): a tag, a keyword, a piece of a split word. */
const TAG_MAX = 16;
/** Members of one list joined at most: a longer list is read member by member only. */
const TAG_LIST_MAX = 200;

/**
 * A field's flat list of short strings (tags, keywords: `tags: ["机","密","★","5","年"]`, or a form
 * field named several times, `tags[]=机&tags[]=密…`) as the page shows it: a CMS (WordPress, DedeCMS,
 * 帝国CMS, PbootCMS) prints a post's tags one after another, by nothing, spaces or `、` apart, so the
 * members no member shows alone may spell a marking. The members joined by nothing, the strongest
 * reading; `at` the offset each member starts at in it, to name the members a finding covers. A
 * list of one member, of a long member (prose, a paragraph) or past {@link TAG_LIST_MAX}: none.
 */
export function tagList(values: unknown[]): { text: string; at: number[] } | undefined {
  if (values.length < 2 || values.length > TAG_LIST_MAX) return undefined;
  if (!values.every((v) => typeof v === 'string' && [...v.trim()].length <= TAG_MAX)) return undefined;
  const members = (values as string[]).map((v) => v.trim());
  if (members.filter(Boolean).length < 2) return undefined;
  const at: number[] = [];
  let text = '';
  for (const m of members) {
    at.push(text.length);
    text += m;
  }
  return { text, at };
}

/** Which members of a joined list `[start, end)` covers, in words: `tags[0]…tags[4] joined as shown`. */
function membersCovered(name: string, at: number[], start: number, end: number): string {
  let first = 0;
  while (first + 1 < at.length && at[first + 1]! <= start) first++;
  let last = first;
  while (last + 1 < at.length && at[last + 1]! < end) last++;
  return first === last ? `${name}[${first}]` : `${name}[${first}]…${name}[${last}] joined as shown`;
}

/** The tag lists of a JSON body, each named by its path (`tags`, `meta.keywords`, `attachments[0].tags`). */
function tagLists(body: Record<string, unknown>): Array<[string, unknown[]]> {
  const out: Array<[string, unknown[]]> = [];
  const walk = (v: unknown, path: string, depth: number): void => {
    // Tags kept as one string (`机,密,★,5,年`): its items.
    const items = typeof v === 'string' ? tagItems(v) : undefined;
    if (items && tagList(items)) out.push([path, items]);
    if (depth > 64 || !v || typeof v !== 'object') return;
    const list = Array.isArray(v) ? v : v instanceof Repeated ? v.values : undefined;
    if (list) {
      if (tagList(list)) out.push([path, list]);
      else list.forEach((x, i) => walk(x, Array.isArray(v) ? `${path}[${i}]` : path, depth + 1));
      return;
    }
    for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k, depth + 1);
  };
  for (const [k, v] of Object.entries(body)) {
    if (k === 'title' || k === 'html') continue;
    if (k === 'attachments' && Array.isArray(v)) {
      v.forEach((a, i) => {
        if (a && typeof a === 'object' && !Array.isArray(a)) for (const [ak, av] of Object.entries(a)) if (!['content', 'filename', 'mediaType'].includes(ak)) walk(av, `attachments[${i}].${ak}`, 1);
      });
      continue;
    }
    walk(v, k, 0);
  }
  return out;
}

/** A form's fields named more than once (`tags`, `tags[]`, `tags[0]`, `tags[1]`), as lists under the name without its index. */
function formLists(fields: Array<[string, string]>): Array<[string, unknown[]]> {
  const lists = new Map<string, string[]>();
  for (const [k, v] of fields) {
    const name = k.replace(/\[\d*\]$/, '');
    if (name === 'title' || name === 'html') continue;
    const l = lists.get(name) ?? [];
    l.push(v);
    lists.set(name, l);
  }
  const out: Array<[string, unknown[]]> = [...lists].filter(([, l]) => tagList(l)).map(([k, l]) => [k, l]);
  // A field holding its tags as one string (`tags=机,密,★,5,年`): its items.
  for (const [k, v] of fields) {
    const items = k === 'title' || k === 'html' ? undefined : tagItems(v);
    if (items && tagList(items)) out.push([k, items]);
  }
  return out;
}

/** How each request's body text was decoded, when not as UTF-8 (GB18030): recorded with its results. */
const bodyEncoding = new WeakMap<object, FieldEncoding>();

/** The fields of an `application/x-www-form-urlencoded` body, in order (a name may come twice). */
class FormFields {
  constructor(readonly list: Array<[string, string]>) {}
}

/** Registers reviewRoutes. */
export async function reviewRoutes(app: FastifyInstance, ctx: ServiceContext): Promise<void> {
  const { settings: s, scanner, metrics, guard, underDeadline, scanOne, record, keep, recordStopped, readMultipart, caller, multipartLimits } = ctx;
  // The CMS hook: JSON or multipart (title, html, and files as attachments).
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    await scope.register(multipart, { limits: multipartLimits });
    const jsonLimit = Math.ceil(s.maxBodyBytes * 1.37) + 65536;
    scope.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: jsonLimit }, (req, body, done) => {
      try {
        // A member named twice keeps both values (Repeated): which one the CMS publishes is its own affair.
        const { text, encoding } = requestBodyText(body as Buffer, req.headers['content-type']);
        if (encoding === 'gb18030') bodyEncoding.set(req, encoding);
        done(null, parseJsonBody(text));
      } catch (e) {
        done(e as Error, undefined);
      }
    });

    // A body sent compressed (Content-Encoding: gzip, deflate, br, as HTTP clients of CMSs may send
    // it) is read decompressed; the body limit applies to what it decompresses to (a zip bomb is 413).
    scope.addHook('preParsing', async (req, _reply, payload) => {
      const encoding = String(req.headers['content-encoding'] ?? '').trim().toLowerCase();
      if (!encoding || encoding === 'identity' || req.isMultipart()) return payload;
      const z = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : encoding === 'br' ? createBrotliDecompress() : undefined;
      if (!z) throw new HttpError(415, 'unsupported-media-type', `unsupported Content-Encoding "${encoding}": send the body as it is, or gzip, deflate or br`);
      const out = z as typeof z & { receivedEncodedLength: number };
      out.receivedEncodedLength = 0;
      payload.on('data', (chunk: Buffer) => {
        out.receivedEncodedLength += chunk.length;
      });
      payload.on('error', (e) => z.destroy(e));
      return payload.pipe(z);
    });

    // A form post (a CMS hook posting its article as a web form does): its fields read as multipart's.
    // Its percent escapes are bytes, decoded as requestTexts does (GBK posted without a charset too).
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'buffer', bodyLimit: jsonLimit }, (req, body, done) => {
      const { fields, encoding } = formFields(body as Buffer);
      if (encoding === 'gb18030') bodyEncoding.set(req, encoding);
      done(null, new FormFields(fields));
    });

    scope.post('/v1/review', { onRequest: guard(true), bodyLimit: jsonLimit, schema: ROUTE_DOCS.review }, async (req, reply) => {
      const started = performance.now();
      let title: string | undefined;
      let html: string | undefined;
      let attachments: Upload[] = [];
      let others: Array<[string, string]> = [];
      let documents: Array<[string, string]> = [];
      let lists: Array<[string, unknown[]]> = [];
      const form = req.body instanceof FormFields ? req.body : undefined;
      if (req.isMultipart() || form) {
        const { files, fieldList, encoding } = form ? { files: [], fieldList: form.list, encoding: undefined } : await readMultipart(req);
        if (encoding === 'gb18030') bodyEncoding.set(req, encoding);
        // A name given twice is read twice: which value a CMS keeps is its own affair.
        const all = (name: string) => fieldList.filter(([k]) => k === name).map(([, v]) => v);
        title = all('title').join('\n') || undefined;
        html = all('html').join('\n') || undefined;
        others = fieldList.filter(([k, v]) => k !== 'title' && k !== 'html' && v.trim()).map(([k, v]) => [k, unwrapJsonString(v)]);
        attachments = files;
        lists = formLists(fieldList);
      } else {
        const body = req.body as unknown;
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'invalid-request', 'send a JSON object { title, html, attachments: [ { filename, content } ] }');
        const b = { ...(body as Record<string, unknown>) };
        // Title and html named twice: every value read, as a multipart field sent twice.
        // (A value that is no string leaves the Repeated in place, refused below as no string.)
        for (const k of ['title', 'html']) if (b[k] instanceof Repeated && (b[k] as Repeated).values.every((v) => typeof v === 'string')) b[k] = (b[k] as Repeated).values.join('\n');
        if (b.attachments instanceof Repeated) b.attachments = (b.attachments as Repeated).values.every(Array.isArray) ? (b.attachments as Repeated).values.flat() : null;
        if (b.title !== undefined && typeof b.title !== 'string') throw new HttpError(400, 'invalid-request', 'title must be a string', { field: 'title', expected: 'string' });
        if (b.html !== undefined && typeof b.html !== 'string') throw new HttpError(400, 'invalid-request', 'html must be a string', { field: 'html', expected: 'string' });
        if (b.attachments !== undefined && !Array.isArray(b.attachments)) throw new HttpError(400, 'invalid-request', 'attachments must be an array', { field: 'attachments', expected: 'array' });
        title = b.title as string | undefined;
        html = b.html as string | undefined;
        others = otherTexts(b);
        documents = structuredFields(b);
        lists = tagLists(b);
        const list = (b.attachments as unknown[] | undefined) ?? [];
        if (list.length > s.maxAttachments) throw new HttpError(413, 'too-many-attachments', `at most ${s.maxAttachments} attachments per article`, { max: s.maxAttachments });
        let total = 0;
        attachments = list.map((a, i) => {
          const att = a as Record<string, unknown>;
          const twice = att && typeof att === 'object' ? Object.keys(att).find((k) => att[k] instanceof Repeated && ['content', 'filename', 'mediaType'].includes(k)) : undefined;
          if (twice) throw new HttpError(400, 'invalid-request', `attachments[${i}].${twice} is given more than once`, { field: `attachments[${i}].${twice}`, expected: 'one value' });
          if (!att || typeof att !== 'object' || typeof att.content !== 'string') throw new HttpError(400, 'invalid-request', `attachments[${i}].content must be a base64 string`, { field: `attachments[${i}].content`, expected: 'base64' });
          let content = att.content.replace(/\s+/g, '');
          // A data: URL (what a browser's FileReader.readAsDataURL gives) carries its media type before the base64.
          const dataUrl = /^data:([\w.+-]+\/[\w.+-]+)?((?:;[^;,]*)*);base64,/i.exec(content);
          if (dataUrl) content = content.slice(dataUrl[0].length);
          // base64url (`-` and `_` for `+` and `/`, padding left off), as JWT-minded clients send it.
          if (/[-_]/.test(content) && !/[+/]/.test(content)) content = content.replace(/-/g, '+').replace(/_/g, '/');
          if (!/^[A-Za-z0-9+/]*={0,2}$/.test(content)) throw new HttpError(400, 'invalid-base64', `attachments[${i}].content is not base64`, { field: `attachments[${i}].content` });
          const bytes = Buffer.from(content, 'base64');
          total += bytes.length;
          if (total > s.maxBodyBytes) throw new HttpError(413, 'too-large', `the attachments exceed ${s.maxBodyBytes} bytes`, { limit: s.maxBodyBytes });
          return {
            filename: cleanFilename(typeof att.filename === 'string' ? att.filename : undefined) ?? `attachment-${i + 1}`,
            mediaType: typeof att.mediaType === 'string' ? att.mediaType : dataUrl?.[1] ? dataUrl[1].toLowerCase() + (dataUrl[2] ?? '') : undefined,
            bytes,
          };
        });
      }
      const sources: Array<{ source: ItemSource; upload: Upload }> = [];
      if ((title ?? '').trim() || (html ?? '').trim()) {
        sources.push({ source: { kind: 'article', filename: 'article.html' }, upload: { filename: 'article.html', mediaType: 'text/html', bytes: Buffer.from(articleDocument(title, html), 'utf8') } });
      }
      attachments.forEach((u, index) => sources.push({ source: { kind: 'attachment', index, filename: u.filename }, upload: u }));
      if (others.length > MAX_FIELDS) throw new HttpError(413, 'too-many-fields', `at most ${MAX_FIELDS} texts besides title and html per article`, { max: MAX_FIELDS });
      // Each other text as a document of its own: a summary shown alone keeps its own top of page.
      // An html field holding JSON (an editor's document stored as is) or Markdown (no tag of HTML)
      // is read as that too.
      // An html without any tag (Markdown, BBCode, wikitext, plain text) is read as a text too.
      if (html?.trim() && (looksJsonText(html) || !/<[A-Za-z!]/.test(html))) others.push(['html', html]);
      for (const [name, value] of others) {
        const md = looksMarkdownText(value);
        // MediaWiki's bold and italics against Chinese ('''机'''密★5年): read as wikitext.
        const wiki = !md && /[\u3400-\u9fff]'{2,5}|'{2,5}[\u3400-\u9fff]/.test(value);
        sources.push({ source: { kind: 'field', filename: name }, upload: { filename: `${name}.${md ? 'md' : wiki ? 'wiki' : 'txt'}`, mediaType: `${md ? 'text/markdown' : 'text/plain'}; charset=utf-8`, bytes: Buffer.from(value, 'utf8') } });
      }
      // Each object or list of text as the JSON document it is (its editor's runs joined as shown).
      for (const [name, json] of documents) sources.push({ source: { kind: 'field', filename: name }, upload: { filename: `${name}.json`, mediaType: 'application/json', bytes: Buffer.from(json, 'utf8') } });
      // Each list of tags as the page prints it: its members joined (see tagList).
      const joined = new Map<ItemSource, { name: string; at: number[] }>();
      for (const [name, values] of lists.slice(0, MAX_FIELDS)) {
        const t = tagList(values)!;
        const source: ItemSource = { kind: 'field', filename: `${name} (joined)` };
        joined.set(source, { name, at: t.at });
        sources.push({ source, upload: { filename: `${name}.txt`, mediaType: 'text/plain; charset=utf-8', bytes: Buffer.from(t.text, 'utf8') } });
      }

      const items: ReviewItem[] = await underDeadline(req, reply, async (signal) => {
        const t0 = performance.now();
        const out: ReviewItem[] = [];
        try {
          // One slot per article; its pieces are scanned one after another.
          for (const { source, upload } of sources) out.push({ source, result: await scanOne(upload, signal) });
        } finally {
          metrics.scanDuration.observe({ route: '/v1/review' }, (performance.now() - t0) / 1000);
        }
        return out;
      }).catch((e) => recordStopped(e, req, 'review', sources.map((x) => x.upload), title?.trim() ? title.trim().slice(0, 255) : 'article.html', started));
      // Text read as GB18030 (not UTF-8, no charset named): said with each piece read from it.
      if (bodyEncoding.get(req) === 'gb18030')
        for (const it of items) if (it.source.kind !== 'attachment') it.result.document.info = { ...it.result.document.info, requestEncoding: 'gb18030', requestEncodingBasis: 'no charset named; the bytes are not UTF-8 but read as GB18030' };
      // A finding in a joined tag list names the members it covers (`tags[0]…tags[4]`).
      for (const it of items) {
        const j = joined.get(it.source);
        if (j) for (const f of [...it.result.findings, ...it.result.suppressed]) f.location.detail = membersCovered(j.name, j.at, f.location.source?.start ?? f.location.start, f.location.source?.end ?? f.location.end);
      }
      const combined = combine(items);
      const article = items.find((i) => i.source.kind === 'article');
      const rec = await record({
        kind: 'review',
        requestId: req.id,
        callerToken: caller(req).token.name,
        callerUser: caller(req).user,
        filename: title?.trim() ? title.trim().slice(0, 255) : (article?.source.filename ?? null),
        sha256: article?.result.document.sha256 ?? null,
        size: items.reduce((n, i) => n + i.result.document.size, 0),
        mediaType: 'text/html',
        verdict: combined.verdict,
        findings: items.flatMap((i) => [...i.result.findings, ...i.result.suppressed].map((f) => maskFinding(f, i.source.filename))),
        unread: items.flatMap((i) => auditUnread(i.result.coverage.unread, i.source.filename)),
        policyVersion: items[0]?.result.policyVersion ?? scanner.info.policyVersion,
        dictionaryVersion: scanner.info.dictionaryVersion,
        durationMs: performance.now() - started,
        detail: {
          items: combined.items.map((i) => ({ kind: i.source.kind, filename: i.source.filename, sha256: i.sha256 ?? null, size: i.size, mediaType: i.mediaType, verdict: i.verdict })),
        },
      });
      for (const { source, upload } of sources) {
        const it = items.find((i) => i.source === source);
        if (it) await keep(upload, it.result);
      }
      metrics.verdicts.inc({ route: '/v1/review', verdict: combined.verdict });
      // The answer in the request's language; the audit record above keeps the scanner's English.
      const lang = requestLang(req);
      const format = reportFormat(req);
      // One report entry per piece: the article, then each attachment under its own name.
      if (format) return sendReport(reply, format, items.map((i) => ({ name: reportName(i.source), result: i.result })), combined.verdict, rec?.seq ?? null, lang);
      const shown = lang === 'en' ? items : items.map((i) => ({ ...i, result: localizedResult(i.result, lang) }));
      return { version: API_VERSION, requestId: req.id, auditId: rec?.seq ?? null, ...(lang === 'en' ? combined : combine(shown, lang)), results: shown };
    });
  });

}
