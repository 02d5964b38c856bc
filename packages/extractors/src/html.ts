/**
 * HTML: the visible text as the body, and — each in its own labelled part — what a browser does
 * not show: elements hidden by `display:none` / `visibility:hidden` / `hidden` / `aria-hidden`,
 * comments, `alt` and `title` attributes, `<meta>` content, the `<title>`, form values, scripts.
 * `data:` images are handed to OCR. Parsing is htmlparser2's forgiving SAX parser.
 */
import { Parser } from 'htmlparser2';
import type { Block, EmbeddedFile, Extraction, Extractor, ExtractContext, ImageRef, PartRole, TextPart } from '@prepub/core';
import { decodeText, undecodedBytes } from './decode.ts';

const BLOCK_TAGS = new Set([
  'p', 'div', 'br', 'li', 'ul', 'ol', 'tr', 'table', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'section', 'article',
  'header', 'footer', 'nav', 'aside', 'main', 'blockquote', 'pre', 'hr', 'dt', 'dd', 'dl', 'figure', 'figcaption',
  'caption', 'thead', 'tbody', 'tfoot', 'address', 'form', 'fieldset', 'legend', 'body', 'html', 'title',
]);
const CELL_TAGS = new Set(['td', 'th']);
const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const SKIP_TAGS = new Set(['style']);

/**
 * Builds one part's text with blocks, offsets known as the text grows. Text is kept as chunks and
 * the builder remembers its length and last character, so nothing re-reads the text built so far
 * (a page of 100,000 comments or hidden elements stays linear).
 */
class PartBuilder {
  private chunks: string[] = [];
  private length = 0;
  private last = '';
  /** Text of the current block (since its start). */
  private current = '';
  blocks: Block[] = [];
  private blockStart = 0;
  private index = 0;
  private pendingKind: Block['kind'] = 'paragraph';
  constructor(readonly id: string, readonly role: PartRole, readonly detail?: string) {}
  get isEmpty(): boolean {
    return this.length === 0;
  }
  get lastChar(): string {
    return this.last;
  }
  private push(s: string): void {
    this.chunks.push(s);
    this.length += s.length;
    this.current += s;
    this.last = s[s.length - 1];
  }
  append(s: string, kind: Block['kind'] = 'paragraph'): void {
    if (!s) return;
    if (this.length === this.blockStart) this.pendingKind = kind;
    this.push(s);
  }
  /** Ends the current line/paragraph. */
  breakLine(): void {
    if (this.length > this.blockStart && this.current.trim() !== '') {
      this.blocks.push({ start: this.blockStart, end: this.length, kind: this.pendingKind, index: ++this.index });
    }
    if (this.length > 0 && this.last !== '\n') this.push('\n');
    this.blockStart = this.length;
    this.current = '';
    this.pendingKind = 'paragraph';
  }
  /** Separates table cells on one line with a tab, which layout cues read as a cell boundary. */
  cellBreak(): void {
    if (this.length > this.blockStart && this.last !== '\t') this.push('\t');
  }
  toPart(leading = false): TextPart | undefined {
    this.breakLine();
    const text = this.chunks.join('').replace(/\n$/, '');
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

/** Element nesting beyond which the parser's stack handling turns quadratic (measured: 100,000 unclosed <div> then stray </p> take htmlparser2 35 s). */
const MAX_NESTING = 3000;

/** One linear pass over the tags: how deep elements nest and how many close tags match nothing. */
function tagShape(html: string): { maxDepth: number; stray: number } {
  const open = new Map<string, number>();
  let depth = 0;
  let maxDepth = 0;
  let stray = 0;
  const re = /<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    const name = m[2].toLowerCase();
    if (VOID_TAGS.has(name) || m[3]) continue;
    if (m[1]) {
      const n = open.get(name) ?? 0;
      if (n > 0) {
        open.set(name, n - 1);
        depth--;
      } else stray++;
    } else {
      open.set(name, (open.get(name) ?? 0) + 1);
      if (++depth > maxDepth) maxDepth = depth;
    }
  }
  return { maxDepth, stray };
}

/** Text of a page whose structure is too deep to parse safely: tags dropped, common entities decoded. */
function flatText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, (c) => ` ${c.slice(4, -3)} `)
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Math.min(Number(d), 0x10ffff)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(Math.min(parseInt(h, 16), 0x10ffff)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&nbsp;/g, ' ').replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ');
}

export function extractHtml(bytes: Uint8Array, ctx: ExtractContext): Extraction {
  const decoded = decodeText(bytes);
  const undecoded = undecodedBytes(decoded);
  const shape = tagShape(decoded.text);
  if (shape.maxDepth > MAX_NESTING || shape.stray > MAX_NESTING) {
    // Fail closed without hanging: read the words, say the structure was not.
    return {
      format: 'html',
      mediaType: 'text/html',
      parts: [{ id: 'body', role: 'body', text: flatText(decoded.text), origin: { filePart: 'html', detail: 'text without structure' }, leading: true }],
      unread: [...(undecoded ? [undecoded] : []), {
        where: 'file',
        reason: 'limit',
        detail: `The page nests elements ${shape.maxDepth} deep with ${shape.stray} unmatched closing tags, beyond what prepub parses safely (${MAX_NESTING}): its words were read without structure, so hidden parts, comments and attributes could not be told apart from visible text.`,
      }],
      info: { encoding: decoded.encoding },
    };
  }
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
  const unread: Extraction['unread'] = undecoded ? [undecoded] : [];
  // Stack of open elements: whether each hides its content, and why.
  const stack: Array<{ name: string; hiddenBy?: string; skip: boolean; script: boolean }> = [];
  const openByName = new Map<string, number>();
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
          openByName.set(name, (openByName.get(name) ?? 0) + 1);
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
        if (s === ' ' && (t.lastChar === '\n' || t.lastChar === '\t' || t.isEmpty)) return;
        t.append(s, inTitle ? 'heading' : 'paragraph');
      },
      onclosetag(name) {
        const t = target();
        if (BLOCK_TAGS.has(name) || CELL_TAGS.has(name)) (CELL_TAGS.has(name) ? t.cellBreak() : t.breakLine());
        if (name === 'title') inTitle = false;
        if (VOID_TAGS.has(name)) return;
        // Pop to the matching element (forgiving of unclosed tags); a close tag with no open
        // element of its name is ignored without walking the stack.
        if (!openByName.get(name)) return;
        for (let i = stack.length - 1; i >= 0; i--) {
          if (stack[i].name !== name) continue;
          for (const el of stack.splice(i)) {
            openByName.set(el.name, (openByName.get(el.name) ?? 1) - 1);
            if (el.hiddenBy) hiddenDepth--;
            if (el.skip) skipDepth--;
            if (el.script) scriptDepth--;
          }
          break;
        }
        if (hiddenDepth === 0 && !hidden.isEmpty && hidden.lastChar !== '\n') hidden.breakLine();
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
