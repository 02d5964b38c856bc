/**
 * HTML: the visible text as the body, and — each in its own labelled part — what a browser does
 * not show: elements hidden by `display:none` / `visibility:hidden` / `hidden` / `aria-hidden`,
 * comments, `alt` and `title` attributes, `<meta>` content, the `<title>`, form values, scripts.
 * `data:` images are handed to OCR. Parsing is htmlparser2's forgiving SAX parser.
 */
import { Parser } from 'htmlparser2';
import type { Block, EmbeddedFile, Extraction, Extractor, ExtractContext, ImageRef, PartRole, TextPart } from '@prepub/core';
import { decodeText } from './decode.ts';

const BLOCK_TAGS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article',
  'header', 'footer', 'nav', 'aside', 'main', 'blockquote', 'pre', 'hr', 'dt', 'dd', 'dl', 'figure', 'figcaption',
  'caption', 'thead', 'tbody', 'tfoot', 'address', 'form', 'fieldset', 'legend', 'body', 'html', 'title',
]);
const CELL_TAGS = new Set(['td', 'th']);
const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const SKIP_TAGS = new Set(['style']);

/** Builds one part's text with blocks, offsets known as the text grows. */
class PartBuilder {
  text = '';
  blocks: Block[] = [];
  private blockStart = 0;
  private index = 0;
  constructor(readonly id: string, readonly role: PartRole, readonly detail?: string) {}
  append(s: string, kind: Block['kind'] = 'paragraph', extra: Partial<Block> = {}): void {
    if (!s) return;
    if (this.text.length === this.blockStart) this.pendingKind = kind;
    this.text += s;
    this.pendingExtra = { ...this.pendingExtra, ...extra };
  }
  private pendingKind: Block['kind'] = 'paragraph';
  private pendingExtra: Partial<Block> = {};
  /** Ends the current line/paragraph. */
  breakLine(): void {
    const trimmedEnd = this.text.length;
    if (trimmedEnd > this.blockStart && this.text.slice(this.blockStart).trim() !== '') {
      this.blocks.push({ start: this.blockStart, end: trimmedEnd, kind: this.pendingKind, index: ++this.index, ...this.pendingExtra });
    }
    if (this.text.length > 0 && !this.text.endsWith('\n')) this.text += '\n';
    this.blockStart = this.text.length;
    this.pendingKind = 'paragraph';
    this.pendingExtra = {};
  }
  /** Separates table cells on one line with a tab, which layout cues read as a cell boundary. */
  cellBreak(): void {
    if (this.text.length > this.blockStart && !this.text.endsWith('\t')) this.text += '\t';
  }
  toPart(leading = false): TextPart | undefined {
    this.breakLine();
    const text = this.text.replace(/\n$/, '');
    if (text.trim() === '') return undefined;
    return { id: this.id, role: this.role, text, origin: { filePart: 'html', ...(this.detail ? { detail: this.detail } : {}) }, blocks: this.blocks, leading };
  }
}

function isHiddenElement(name: string, attrs: Record<string, string>): string | undefined {
  const style = (attrs.style ?? '').toLowerCase().replace(/\s+/g, '');
  if (/display:none/.test(style)) return 'display:none';
  if (/visibility:hidden|visibility:collapse/.test(style)) return 'visibility:hidden';
  if (/opacity:0(\.0+)?(;|$)/.test(style)) return 'opacity:0';
  if (/font-size:0(px|pt|em|rem)?(;|$)/.test(style)) return 'font-size:0';
  if ('hidden' in attrs) return 'hidden attribute';
  if ((attrs['aria-hidden'] ?? '').toLowerCase() === 'true') return 'aria-hidden';
  if (name === 'template') return 'template';
  if (name === 'input' && (attrs.type ?? '').toLowerCase() === 'hidden') return 'hidden input';
  return undefined;
}

function decodeDataUri(uri: string): { bytes: Uint8Array; mediaType: string } | undefined {
  const m = /^data:([\w/+.-]+)?(;charset=[^;,]+)?(;base64)?,(.*)$/is.exec(uri.trim());
  if (!m) return undefined;
  const bytes = m[3] ? Buffer.from(m[4], 'base64') : Buffer.from(decodeURIComponent(m[4]), 'utf8');
  return { bytes: new Uint8Array(bytes), mediaType: m[1] ?? 'application/octet-stream' };
}

function extensionFor(mediaType: string): string {
  const known: Record<string, string> = { 'text/html': '.html', 'text/plain': '.txt', 'application/pdf': '.pdf', 'image/svg+xml': '.svg' };
  return known[mediaType] ?? (mediaType.startsWith('image/') ? '.' + mediaType.slice(6) : '');
}

export function extractHtml(bytes: Uint8Array, ctx: ExtractContext): Extraction {
  const decoded = decodeText(bytes);
  const body = new PartBuilder('body', 'body');
  const title = new PartBuilder('html:title', 'title', '<title>');
  const hidden = new PartBuilder('html:hidden', 'hidden');
  const comments = new PartBuilder('html:comments', 'html-comment', '<!-- -->');
  const alts = new PartBuilder('html:attributes', 'alt-text', 'alt/title attributes');
  const meta = new PartBuilder('html:meta', 'metadata', '<meta>');
  const forms = new PartBuilder('html:forms', 'form-field', 'form values');
  const scripts = new PartBuilder('html:scripts', 'hidden', '<script>/<noscript>');
  const images: ImageRef[] = [];
  const embedded: EmbeddedFile[] = [];
  const unread: Extraction['unread'] = [];
  // Stack of open elements: whether each hides its content, and why.
  const stack: Array<{ name: string; hiddenBy?: string; skip: boolean; script: boolean }> = [];
  let hiddenDepth = 0;
  let skipDepth = 0;
  let scriptDepth = 0;
  let inTitle = false;
  const target = (): PartBuilder => (scriptDepth > 0 ? scripts : hiddenDepth > 0 ? hidden : inTitle ? title : body);
  let hiddenReason = '';
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const hiddenBy = isHiddenElement(name, attrs);
        const skip = SKIP_TAGS.has(name);
        const script = name === 'script' || name === 'noscript';
        if (!VOID_TAGS.has(name)) {
          stack.push({ name, hiddenBy, skip, script });
          if (hiddenBy) {
            if (hiddenDepth === 0) hiddenReason = hiddenBy;
            hiddenDepth++;
          }
          if (skip) skipDepth++;
          if (script) scriptDepth++;
        }
        if (name === 'title') inTitle = true;
        const t = target();
        if (BLOCK_TAGS.has(name)) t.breakLine();
        if (CELL_TAGS.has(name)) t.cellBreak();
        for (const a of ['alt', 'title', 'aria-label', 'placeholder']) {
          const v = attrs[a]?.trim();
          if (v) {
            alts.append(v);
            alts.breakLine();
          }
        }
        if (name === 'meta' && attrs.content?.trim()) {
          meta.append(attrs.content.trim());
          meta.breakLine();
        }
        if (name === 'input' && attrs.value?.trim()) {
          (hiddenBy ? hidden : forms).append(attrs.value.trim());
          (hiddenBy ? hidden : forms).breakLine();
        }
        // Content carried inside the page itself: an iframe's srcdoc, data: URIs on objects, embeds,
        // links and SVG images. They are files of their own; the scanner reads them recursively.
        if (attrs.srcdoc?.trim()) {
          embedded.push({ name: `iframe-srcdoc-${embedded.length + 1}.html`, bytes: new TextEncoder().encode(attrs.srcdoc), origin: { filePart: 'html', detail: `<${name} srcdoc>` } });
        }
        for (const attr of ['data', 'href', 'xlink:href', 'src']) {
          const v = attrs[attr];
          if (!v?.trimStart().startsWith('data:') || (name === 'img' && attr === 'src')) continue;
          const d = decodeDataUri(v);
          if (d) embedded.push({ name: `${name}-${attr}-${embedded.length + 1}${extensionFor(d.mediaType)}`, bytes: d.bytes, origin: { filePart: 'html', detail: `<${name} ${attr}="data:${d.mediaType}…">` } });
          else unread.push({ where: `<${name} ${attr}> data: URI`, reason: 'corrupt', detail: 'an inline data: URI could not be decoded' });
        }
        if (name === 'img' && attrs.src?.startsWith('data:')) {
          const d = decodeDataUri(attrs.src);
          if (d && d.mediaType.startsWith('image/')) images.push({ id: `html:img${images.length + 1}`, bytes: d.bytes, mediaType: d.mediaType, origin: { filePart: 'html', detail: `<img> data: URI #${images.length + 1}` } });
          else unread.push({ where: `<img> data: URI #${images.length + 1}`, reason: 'corrupt', detail: 'an inline image could not be decoded' });
        }
      },
      ontext(data) {
        if (skipDepth > 0) return;
        const t = target();
        // Collapse HTML whitespace runs; keep the text otherwise exactly as decoded.
        const s = data.replace(/[ \t\r\n\f]+/g, ' ');
        if (s === ' ' && (t.text.endsWith('\n') || t.text.endsWith('\t') || t.text === '')) return;
        t.append(s, inTitle ? 'heading' : 'paragraph');
      },
      onclosetag(name) {
        const t = target();
        if (BLOCK_TAGS.has(name) || CELL_TAGS.has(name)) (CELL_TAGS.has(name) ? t.cellBreak() : t.breakLine());
        if (name === 'title') inTitle = false;
        if (VOID_TAGS.has(name)) return;
        // Pop to the matching element (forgiving of unclosed tags).
        for (let i = stack.length - 1; i >= 0; i--) {
          if (stack[i].name !== name) continue;
          for (const el of stack.splice(i)) {
            if (el.hiddenBy) hiddenDepth--;
            if (el.skip) skipDepth--;
            if (el.script) scriptDepth--;
          }
          break;
        }
        if (hiddenDepth === 0 && hidden.text && !hidden.text.endsWith('\n')) hidden.breakLine();
      },
      oncomment(data) {
        const s = data.trim();
        if (s) {
          comments.append(s);
          comments.breakLine();
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(decoded.text);
  parser.end();
  const parts: TextPart[] = [];
  const push = (p: TextPart | undefined, detail?: string): void => {
    if (!p) return;
    if (detail) p.origin.detail = detail;
    parts.push(p);
  };
  push(title.toPart());
  push(body.toPart(true));
  push(hidden.toPart(), `hidden by ${hiddenReason || 'CSS/attributes'}`);
  push(comments.toPart());
  push(alts.toPart());
  push(meta.toPart());
  push(forms.toPart());
  push(scripts.toPart());
  const total = parts.reduce((n, p) => n + p.text.length, 0);
  if (total > ctx.limits.maxTextChars) {
    unread.push({ where: 'file', reason: 'limit', detail: `the page has ${total} characters of text, over the limit of ${ctx.limits.maxTextChars}` });
  }
  return { format: 'html', mediaType: 'text/html', parts, unread, images, embedded, info: { encoding: decoded.encoding } };
}

export const htmlExtractor: Extractor = {
  format: 'html',
  extract: async (bytes, ctx) => extractHtml(bytes, ctx),
};
