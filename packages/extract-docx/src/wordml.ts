/**
 * Word 2003 XML documents (WordprocessingML 2003, a flat `.xml` whose root is `w:wordDocument`,
 * the "XML Document" Word 2003–2019 still save and many office systems export as `.doc`/`.xml`).
 *
 * Its stories are the same elements a Word package holds (`w:p`, `w:r`, `w:t`, `w:rPr` …) in one
 * file, with a few differences: headers and footers stand inside each section's `w:sectPr`, notes
 * inside the runs that cite them, tracked changes, comments and bookmarks are `aml:annotation`s,
 * pictures are base64 in `w:binData`, properties are `o:DocumentProperties`. So the file is
 * rewritten into a package of the parts a DOCX has and read by the DOCX reader: split runs,
 * hidden and unseen runs, tracked changes, text boxes, fields and pictures are read as they are in
 * a DOCX. What the rewrite does not place (fonts, list definitions, document settings …) goes into
 * an entry no relationship names, which the DOCX reader reads as hidden text: nothing is left out.
 */
import { zipSync } from 'fflate';
export { isWordml } from './wordml-sniff.ts';
import { enforceTextLimit, type ExtractContext, type Extraction, type Extractor } from '@prepub/core';

/** Media type reported for a Word 2003 XML document. */
export const WORDML_MEDIA_TYPE = 'application/vnd.ms-word.wordml+xml';

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The file's text: by its BOM, else UTF-16 by zero bytes around `<`, else the declared encoding (UTF-8 when none). */
function decode(bytes: Uint8Array): { text: string; bad: boolean } {
  let enc = 'utf-8';
  let at = 0;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) at = 3;
  else if (bytes[0] === 0xff && bytes[1] === 0xfe) (enc = 'utf-16le'), (at = 2);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) (enc = 'utf-16be'), (at = 2);
  else if (bytes[0] === 0x3c && bytes[1] === 0) enc = 'utf-16le';
  else if (bytes[0] === 0 && bytes[1] === 0x3c) enc = 'utf-16be';
  else {
    const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 200)).toString('latin1');
    const m = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head);
    if (m && !/^utf-?8$/i.test(m[1])) enc = /^(gb2312|gbk|gb18030|x-gbk|cp936|windows-936)$/i.test(m[1]) ? 'gb18030' : m[1].toLowerCase();
  }
  const body = bytes.subarray(at);
  try {
    return { text: new TextDecoder(enc, { fatal: true }).decode(body), bad: false };
  } catch {
    let text: string;
    try {
      text = new TextDecoder(enc).decode(body);
    } catch {
      text = new TextDecoder('utf-8').decode(body);
    }
    return { text, bad: true };
  }
}

/** One attribute's value from an attribute string (any prefix). */
function attrOf(attrs: string, local: string): string | undefined {
  const m = new RegExp(`(?:^|\\s)(?:[\\w.-]+:)?${local}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(attrs);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * Replaces each element whose local name matches `local` (an alternation, any prefix; not nested in
 * itself) with what `fn` returns (`inner` undefined for an empty-element tag). An element whose end
 * tag never comes is left as written (the DOCX reader reports the damage). Linear in the text: an
 * end tag found missing from some point on is not looked for again past it.
 */
function replaceElements(xml: string, local: string, fn: (name: string, attrs: string, inner: string | undefined) => string): string {
  const open = new RegExp(`<([\\w.-]+:)?(${local})\\b([^>]*?)(\\/?)>`, 'g');
  const missingFrom = new Map<string, number>();
  let out = '';
  let last = 0;
  for (let m = open.exec(xml); m; m = open.exec(xml)) {
    const [, prefix = '', name, attrs, empty] = m;
    if (empty) {
      out += xml.slice(last, m.index) + fn(name, attrs, undefined);
      last = open.lastIndex;
      continue;
    }
    const closeTag = `</${prefix}${name}>`;
    const missing = missingFrom.get(closeTag);
    const close = missing !== undefined && missing <= open.lastIndex ? -1 : xml.indexOf(closeTag, open.lastIndex);
    if (close < 0) {
      missingFrom.set(closeTag, Math.min(missing ?? Infinity, open.lastIndex));
      continue;
    }
    out += xml.slice(last, m.index) + fn(name, attrs, xml.slice(open.lastIndex, close));
    last = close + closeTag.length;
    open.lastIndex = last;
  }
  return out + xml.slice(last);
}

type Rope = Array<string | Rope>;

/** A rope's text, without recursion (annotations may nest deeply). */
function flatten(rope: Rope): string {
  const parts: string[] = [];
  const stack: Array<{ r: Rope; i: number }> = [{ r: rope, i: 0 }];
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.i >= top.r.length) {
      stack.pop();
      continue;
    }
    const x = top.r[top.i++];
    if (typeof x === 'string') parts.push(x);
    else stack.push({ r: x, i: 0 });
  }
  return parts.join('');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

interface Built {
  files: Record<string, Uint8Array>;
  binCount: number;
}

/** Rewrites the document as the entries of a Word package. */
export function wordmlPackage(xml: string): Built {
  const enc = new TextEncoder();
  const files: Record<string, Uint8Array> = {};
  const put = (name: string, text: string) => (files[name] = enc.encode(text));
  // The 2003 namespace's prefix may be any: the DOCX reader goes by local names.
  // A body cut short (no end tag) is read up to where the file stops.
  const bodyMatch = /<([\w.-]+:)?body\b[^>]*>([\s\S]*)<\/\1?body>/.exec(xml) ?? /<([\w.-]+:)?body\b[^>]*>([\s\S]*)$()/.exec(xml);
  let body = bodyMatch ? bodyMatch[2] : '';
  let rest = bodyMatch ? xml.slice(0, bodyMatch.index) + xml.slice(bodyMatch.index + bodyMatch[0].length) : xml;

  const docRels: string[] = [];
  let nextRel = 1;
  const rel = (type: string, target: string) => {
    const id = `rIdWml${nextRel++}`;
    docRels.push(`<Relationship Id="${id}" Type="${type}" Target="${esc(target)}"/>`);
    return id;
  };

  // Pictures and other binary data: each base64 block an entry of its own; pictures a VML
  // `imagedata` names are tied to it through a relationship of the story that shows them.
  let binCount = 0;
  const binNames = new Map<string, string>();
  const takeBin = (story: string): string =>
    replaceElements(story, 'binData', (_name, attrs, data) => {
      if (data === undefined) return '';
      const name = attrOf(attrs, 'name') ?? `bin${binCount + 1}`;
      const ext = /\.([A-Za-z0-9]{1,5})$/.exec(name)?.[1]?.toLowerCase() ?? 'bin';
      const entry = `word/media/wordml${++binCount}.${ext}`;
      files[entry] = Buffer.from(data.replace(/\s+/g, ''), 'base64');
      binNames.set(name, entry);
      return '';
    });
  const linkBins = (story: string, addRel: (target: string) => string): string =>
    story.replace(/(<([\w.-]+:)?imagedata\b[^>]*?)\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)')/g, (all, before: string, _p, a?: string, b?: string) => {
      const entry = binNames.get((a ?? b) as string);
      if (!entry) return all;
      return `${before}r:id="${addRel(entry.slice('word/'.length))}"`;
    });

  // Tracked changes, comments and bookmarks, in one pass with a stack (they nest: a comment inside an insertion).
  const comments: string[] = [];
  let nextId = 1;
  const annotations = (story: string): string => {
    const re = /<aml:annotation\b([^>]*?)(\/?)>|<\/aml:annotation>/g;
    const stack: Array<{ attrs: string; parent: Rope }> = [];
    let out: Rope = [];
    const root = out;
    let last = 0;
    for (let m = re.exec(story); m; m = re.exec(story)) {
      out.push(story.slice(last, m.index));
      last = re.lastIndex;
      const attrs = m[1] ?? '';
      const type = attrOf(attrs, 'type') ?? '';
      if (m[0].startsWith('</')) {
        const top = stack.pop();
        if (!top) {
          out.push(m[0]);
          continue;
        }
        const inner = out;
        out = top.parent;
        const a = top.attrs;
        const t = attrOf(a, 'type') ?? '';
        const id = esc(attrOf(a, 'id') ?? String(nextId++));
        const author = esc(attrOf(a, 'author') ?? '');
        const date = esc(attrOf(a, 'createdate') ?? '');
        if (t === 'Word.Comment') {
          comments.push(`<w:comment w:id="${id}" w:author="${author}" w:date="${date}" w:initials="${esc(attrOf(a, 'initials') ?? '')}">${flatten(inner).replace(/<\/?aml:content\b[^>]*>/g, '')}</w:comment>`);
          out.push(`<w:commentReference w:id="${id}"/>`);
        } else if (t === 'Word.Insertion') out.push(`<w:ins w:id="${id}" w:author="${author}" w:date="${date}">`, inner, '</w:ins>');
        else if (t === 'Word.Deletion') out.push(`<w:del w:id="${id}" w:author="${author}" w:date="${date}">`, inner, '</w:del>');
        // Any other kind (a formatting change's earlier properties, a kind Word may add): its content stays where it stood.
        else out.push(inner);
        continue;
      }
      if (m[2]) {
        // Empty annotations: bookmark and comment range ends and starts; formatting changes (no text) dropped.
        const id = esc(attrOf(attrs, 'id') ?? String(nextId++));
        if (type === 'Word.Bookmark.Start') out.push(`<w:bookmarkStart w:id="${id}" w:name="${esc(attrOf(attrs, 'name') ?? '')}"/>`);
        else if (type === 'Word.Bookmark.End') out.push(`<w:bookmarkEnd w:id="${id}"/>`);
        else if (type === 'Word.Comment.Start') out.push(`<w:commentRangeStart w:id="${id}"/>`);
        else if (type === 'Word.Comment.End') out.push(`<w:commentRangeEnd w:id="${id}"/>`);
        continue;
      }
      stack.push({ attrs, parent: out });
      out = [];
    }
    out.push(story.slice(last));
    // Annotations never closed (a file cut short): their content stays, under the open tag as written.
    while (stack.length) {
      const top = stack.pop()!;
      const inner = out;
      out = top.parent;
      out.push(`<aml:annotation${top.attrs}>`, inner);
    }
    return flatten(root).replace(/<\/?aml:content\b[^>]*>/g, '');
  };

  // Notes stand inside the run that cites them: each becomes a note of its part and a reference.
  const notes: Record<'footnote' | 'endnote', string[]> = { footnote: [], endnote: [] };
  const takeNotes = (story: string): string =>
    replaceElements(story, 'footnote|endnote', (name, _attrs, inner) => {
      const kind = name as 'footnote' | 'endnote';
      const id = notes[kind].length + 1;
      notes[kind].push(`<w:${kind} w:id="${id}">${inner ?? ''}</w:${kind}>`);
      return `<w:${kind}Reference w:id="${id}"/>`;
    });

  // Headers and footers: out of each section's properties into parts of their own.
  let hfCount = 0;
  body = replaceElements(body, 'hdr|ftr', (kind, attrs, inner = '') => {
    const name = kind === 'hdr' ? 'header' : 'footer';
    const type = attrOf(attrs, 'type') === 'first' ? 'first' : attrOf(attrs, 'type') === 'even' ? 'even' : 'default';
    const path = `word/${name}${++hfCount}.xml`;
    const hRels: string[] = [];
    let story = linkBins(takeBin(inner), (target) => {
      const id = `rIdWmlH${hRels.length + 1}`;
      hRels.push(`<Relationship Id="${id}" Type="${REL}/image" Target="${esc(target)}"/>`);
      return id;
    });
    story = takeNotes(annotations(story));
    put(path, `<?xml version="1.0" encoding="UTF-8"?><w:${kind} ${W}>${story}</w:${kind}>`);
    if (hRels.length) put(`word/_rels/${name}${hfCount}.xml.rels`, `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${hRels.join('')}</Relationships>`);
    const id = rel(`${REL}/${name}`, `${name}${hfCount}.xml`);
    return `<w:${name}Reference w:type="${type}" r:id="${id}"/>`;
  });
  body = takeNotes(annotations(linkBins(takeBin(body), (target) => rel(`${REL}/image`, target))));
  put('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document ${W} xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><w:body>${body}</w:body></w:document>`);

  // Styles (they decide hidden and unseen runs) and settings (document variables).
  const styles = /<([\w.-]+:)?styles\b[^>]*>[\s\S]*?<\/\1?styles>/.exec(rest);
  if (styles) {
    put('word/styles.xml', `<?xml version="1.0" encoding="UTF-8"?><w:styles ${W}>${styles[0].replace(/^<[^>]*>/, '').replace(/<\/[^>]*>$/, '')}</w:styles>`);
    rel(`${REL}/styles`, 'styles.xml');
    rest = rest.replace(styles[0], '');
  }
  const docPr = /<([\w.-]+:)?docPr\b[^>]*>[\s\S]*?<\/\1?docPr>/.exec(rest);
  if (docPr) {
    put('word/settings.xml', `<?xml version="1.0" encoding="UTF-8"?><w:settings ${W}>${docPr[0].replace(/^<[^>]*>/, '').replace(/<\/[^>]*>$/, '')}</w:settings>`);
    rel(`${REL}/settings`, 'settings.xml');
  }
  for (const kind of ['footnote', 'endnote'] as const) {
    if (!notes[kind].length) continue;
    put(`word/${kind}s.xml`, `<?xml version="1.0" encoding="UTF-8"?><w:${kind}s ${W}>${notes[kind].join('')}</w:${kind}s>`);
    rel(`${REL}/${kind}s`, `${kind}s.xml`);
  }
  if (comments.length) {
    put('word/comments.xml', `<?xml version="1.0" encoding="UTF-8"?><w:comments ${W}>${comments.join('')}</w:comments>`);
    rel(`${REL}/comments`, 'comments.xml');
  }

  // Properties: the built-in ones that hold words, and every custom one with its name.
  const rootRels = [`<Relationship Id="rIdWmlDoc" Type="${REL}/officeDocument" Target="word/document.xml"/>`];
  const props = /<o:DocumentProperties\b[^>]*>([\s\S]*?)<\/o:DocumentProperties>/.exec(rest);
  if (props) {
    const core: string[] = [];
    const app: string[] = [];
    const CORE: Record<string, string> = { Title: 'dc:title', Subject: 'dc:subject', Author: 'dc:creator', Keywords: 'cp:keywords', Description: 'dc:description', LastAuthor: 'cp:lastModifiedBy', Category: 'cp:category' };
    const APP = new Set(['Company', 'Manager', 'HyperlinkBase', 'Template']);
    for (const m of props[1].matchAll(/<o:(\w+)\b[^>]*>([^<]*)<\/o:\1>/g)) {
      if (CORE[m[1]]) core.push(`<${CORE[m[1]]}>${m[2]}</${CORE[m[1]]}>`);
      else if (APP.has(m[1])) app.push(`<${m[1]}>${m[2]}</${m[1]}>`);
    }
    put('docProps/core.xml', `<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">${core.join('')}</cp:coreProperties>`);
    put('docProps/app.xml', `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">${app.join('')}</Properties>`);
    rootRels.push(`<Relationship Id="rIdWmlCore" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>`);
    rootRels.push(`<Relationship Id="rIdWmlApp" Type="${REL}/extended-properties" Target="docProps/app.xml"/>`);
    rest = rest.replace(props[0], '');
  }
  const custom = /<o:CustomDocumentProperties\b[^>]*>([\s\S]*?)<\/o:CustomDocumentProperties>/.exec(rest);
  if (custom) {
    const items: string[] = [];
    let pid = 2;
    // A name is any XML name, Chinese ones (<o:密级>) too: \b, which knows only ASCII words, lost them and their values.
    for (const m of custom[1].matchAll(/<o:([^\s>/]+)(?=[\s>/])[^>]*>([^<]*)<\/o:\1>/g)) {
      const name = m[1].replace(/_x([0-9A-Fa-f]{4})_/g, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
      items.push(`<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="${pid++}" name="${esc(name)}"><vt:lpwstr>${m[2]}</vt:lpwstr></property>`);
    }
    put('docProps/custom.xml', `<?xml version="1.0" encoding="UTF-8"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${items.join('')}</Properties>`);
    rootRels.push(`<Relationship Id="rIdWmlCustom" Type="${REL}/custom-properties" Target="docProps/custom.xml"/>`);
    rest = rest.replace(custom[0], '');
  }
  // Whatever else the file holds outside the body (list definitions, fonts, settings, a page
  // background, binary data): an entry no relationship names, read as hidden text.
  rest = takeBin(rest);
  put('wordml/outside-body.xml', rest.replace(/^\s*<\?xml[^>]*\?>/, ''));

  put('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  put('_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rootRels.join('')}</Relationships>`);
  put('word/_rels/document.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${docRels.join('')}</Relationships>`);
  return { files, binCount };
}

/** Reads a Word 2003 XML document through the DOCX reader. */
export async function extractWordml(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction> {
  const empty = (): Extraction => ({ format: 'wordml', mediaType: WORDML_MEDIA_TYPE, parts: [], unread: [], images: [], embedded: [], info: {} });
  if (bytes.length > ctx.limits.maxFileBytes) {
    const r = empty();
    r.unread.push({ where: 'file', reason: 'limit', detail: `The file is ${bytes.length} bytes, more than the limit of ${ctx.limits.maxFileBytes} bytes; it was not read.` });
    return r;
  }
  const { text, bad } = decode(bytes);
  const { files } = wordmlPackage(text);
  // Stored, not compressed: the rewrite is no larger than the file (pictures decoded from base64 are smaller).
  const zipped = zipSync(files, { level: 0 });
  const { extractDocx } = await import('./index.ts');
  const result = await extractDocx(zipped, ctx);
  result.format = 'wordml';
  result.mediaType = WORDML_MEDIA_TYPE;
  // The root must close where the file ends: a file cut short (an interrupted upload or export) has lost what came after.
  if (!/<\/([\w.-]+:)?wordDocument>\s*$/.test(text)) result.unread.push({ where: 'file', reason: 'corrupt', detail: 'The document ends before its root element (w:wordDocument) closes: the file was cut short, and what followed is lost.' });
  if (bad) result.unread.push({ where: 'file', reason: 'corrupt', detail: 'Some bytes of the document are not valid in its encoding; they were read as replacement characters.' });
  enforceTextLimit(result, ctx.limits.maxTextChars);
  return result;
}

export const wordmlExtractor: Extractor = { format: 'wordml', extract: (bytes, ctx) => extractWordml(bytes, ctx) };
