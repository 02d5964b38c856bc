/**
 * Site self-inspection (网站保密自查): starting from one page, fetches the pages and the files they
 * link to, within a scope the user names — same origin, under a URL prefix — honouring robots.txt,
 * a rate limit and size limits. Each fetched resource is handed to the caller (to scan locally or
 * submit to the queue) with the page that linked it. The crawler only fetches what the user points
 * it to; the scanner itself stays offline.
 */
import { Parser } from 'htmlparser2';
import { createRequire } from 'node:module';
import { gunzipSync } from 'node:zlib';
import { fetchBounded, type Fetched } from './fetch.ts';

/** One fetched (or unfetchable) resource. */
export interface CrawledResource {
  url: string;
  /** The page whose link led here; absent for the start page. */
  linkedFrom?: string;
  /** HTML pages are followed; everything else is an attachment. */
  kind: 'page' | 'attachment';
  bytes?: Uint8Array;
  contentType?: string;
  /** Why it could not be read: such a resource is reported unread, never passed. */
  error?: { code: string; message: string; reason: 'error' | 'limit' };
}

/** Settings of {@link crawl}. */
export interface CrawlConfig {
  start: string;
  /** Only URLs starting with this prefix (and on the start page's origin) are fetched. Default: the start URL's folder. */
  scope?: string;
  /** HTML pages fetched at most (default 100). Pages past it are reported unread (`limit`). */
  maxPages?: number;
  /** Attachments fetched at most (default 1000). */
  maxFiles?: number;
  /** Largest resource read (default 50 MB); a larger one is reported unread (`limit`). */
  maxBytes?: number;
  /** Least time between two requests to the site, in ms (default 500: two a second). robots.txt `Crawl-delay` raises it. */
  delayMs?: number;
  timeoutMs?: number;
  userAgent?: string;
  signal?: AbortSignal;
  /**
   * Read the site's sitemaps (those robots.txt names, else `/sitemap.xml`) for pages and files in
   * scope that no page links to (default true): a self-inspection covers what is published, not
   * only what navigation reaches.
   */
  sitemaps?: boolean;
  /**
   * Other origins whose files pages in scope show or link to are fetched too (a site's file server,
   * `https://file.example.gov.cn`): only those files, each under that origin's own robots.txt; no
   * page there is followed.
   */
  fileOrigins?: string[];
  /** Receives each resource in crawl order; awaited, so scanning paces the crawl. */
  onResource(resource: CrawledResource): Promise<void> | void;
}

/** What the crawl saw besides the resources. */
export interface CrawlSummary {
  start: string;
  scope: string;
  pages: number;
  attachments: number;
  /** Links not followed because they lie outside the scope (not unread: the user chose the scope). */
  outOfScope: number;
  /**
   * Files that pages in scope show or link to on another site (a picture from a file server, an
   * attachment on another host), not fetched because the crawl stays on the start page's origin:
   * published with those pages and not inspected, so named here (at most 500).
   */
  offSiteFiles: Array<{ url: string; linkedFrom: string }>;
  /** Sitemap documents read, and the URLs in scope they added (not linked from any page fetched before them). */
  sitemaps: { read: number; added: number };
  /** Whether robots.txt was found and applied. */
  robots: 'applied' | 'absent';
}

const DEFAULT_UA = 'prepub-crawl';

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
  getSitemaps(): string[];
}
// robots-parser is CommonJS exporting one function; its typings do not describe that to NodeNext.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, text: string) => Robots;

/** Where a tag carries a link to follow or a file to read, and whether the page shows what it names (embeds it) or only links to it. */
const LINK_ATTRS: Record<string, Array<{ attr: string; embedded: boolean }>> = {
  a: [{ attr: 'href', embedded: false }],
  area: [{ attr: 'href', embedded: false }],
  iframe: [{ attr: 'src', embedded: true }],
  frame: [{ attr: 'src', embedded: true }],
  embed: [{ attr: 'src', embedded: true }],
  object: [{ attr: 'data', embedded: true }],
  img: [{ attr: 'src', embedded: true }],
  source: [{ attr: 'src', embedded: true }],
  video: [{ attr: 'src', embedded: true }, { attr: 'poster', embedded: true }],
  audio: [{ attr: 'src', embedded: true }],
  track: [{ attr: 'src', embedded: true }],
  input: [{ attr: 'src', embedded: true }],
  link: [{ attr: 'href', embedded: false }],
};

/**
 * Attributes where pages keep the real address of a picture or frame that a script swaps in after
 * loading (lazy loading: `<img src="loading.gif" data-original="scan.jpg">`, UEditor's `_src`),
 * on any element: a crawler that reads only `src` fetches the placeholder and never the scan.
 */
const DEFERRED_ATTR = /^(?:data-(?:lazy-?)?(?:src|srcset|original|actualsrc|echo|bg|background|background-image|img|image|href|file|url)|data-lazy|lazy-?src|original|_src|_href)$/;

/** Attributes holding a list of picture candidates (`a.jpg 1x, b.jpg 2x`). */
const SRCSET_ATTR = /^(?:srcset|imagesrcset|data-(?:lazy-?)?srcset)$/;

/** Query parameters through which a viewer page is told which file to show (pdf.js `viewer.html?file=`, online previewers' `?url=`). */
const VIEWER_PARAM = /^(?:file|url|src|path|fileurl|filepath|docurl|pdf|pdfurl)$/i;
/** Of those, the ones that also take a bare name relative to the viewer (pdf.js `?file=a.pdf`). */
const VIEWER_NAME_PARAM = /^(?:file|src|pdf)$/i;

/** Path endings of files a site publishes (documents, pictures, archives): linked from outside the prefix they are still read. */
const FILE_PATH = /\.(?:pdf|ofd|docx?|docm|dotx?|wps|wpt|xlsx?|xlsm|xlsb|et|csv|pptx?|ppsx?|dps|rtf|odt|ods|odp|txt|xml|eml|msg|zip|rar|7z|tar|gz|tgz|bz2|xz|jpe?g|png|gif|bmp|tiff?|webp|heic|heif|avif|svg)$/i;

/** Quoted paths in script code (`window.open('/files/a.pdf')`, `location.href='…'`) that name a file. */
const SCRIPT_PATH_EXT = /\.(?:pdf|ofd|docx?|wps|xlsx?|et|pptx?|dps|rtf|odt|ods|odp|txt|zip|rar|7z|jpe?g|png|gif|bmp|tiff?|html?|shtml)$/i;
/**
 * A quoted string with no space, its closing quote left for the next (linear: the file path within
 * is found by {@link scriptPath}, not by one pattern, which was quadratic on `'a.pdf#a.pdf#…`).
 */
const SCRIPT_STRING = /["'`]([^"'`\s]+)(?=["'`])/g;
/** The file a quoted script string names: its shortest start ending in a file extension and followed by nothing, `?` or `#`; no `<>(){}` in it. */
function scriptPath(s: string): string | undefined {
  const bad = s.search(/[<>(){}]/);
  const end = bad < 0 ? s.length : bad;
  for (let j = 1; j <= s.length; j++) {
    if (j < s.length && s[j] !== '?' && s[j] !== '#') continue;
    if (j > end) return undefined;
    const tail = s.slice(Math.max(0, j - 6), j);
    const ext = SCRIPT_PATH_EXT.exec(tail);
    if (ext && j - tail.length + ext.index > 0) return s.slice(0, j);
  }
  return undefined;
}

/** `url(…)` in CSS (inline styles and style elements: background pictures). */
const CSS_URL = /url\(\s*(?:"([^"]*)"|'([^']*)'|([^"'()\s]+))\s*\)/gi;

/** A link found on a page: `embedded` when the page shows what it names (a picture, a frame), not only links to it. */
export interface PageLink {
  url: string;
  embedded: boolean;
  /** Not to be fetched, only reported unread with this reason (list pages past the caps of {@link scriptPageLinks}). */
  notFetched?: string;
}

/**
 * The URLs a sitemap (or sitemap index) lists, entities resolved. Not `<loc>\s*([^<]+?)\s*<\/loc>`:
 * that pattern tried every split of a long run of spaces (an 80 kB sitemap: 4 s, quadratic).
 */
export function sitemapLocs(xml: string): string[] {
  const out: string[] = [];
  for (const m of xml.matchAll(/<loc>([^<]*)<\/loc>/gi)) {
    const loc = m[1].trim();
    if (loc) out.push(loc.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"));
  }
  return out;
}

/** Most later list pages one page's scripts name (see {@link scriptPages}). */
const MAX_SCRIPT_PAGES = 2000;
/** Most later pages of one list followed. */
const MAX_LIST_PAGES = 1000;

/** Later list pages a page's scripts draw that are not followed (past the caps): reported, never dropped silently. */
export interface ScriptPagesSkipped {
  /** The first not followed (`index_1000.html`) and the last (`index_99999998.html`), as written. */
  first: string;
  last: string;
  count: number;
  lists: number;
}

/**
 * The pages a list page's script draws its page numbers for. TRS WCM and the CMSs modelled on it
 * (most government sites) write no links to a list's later pages: `createPageHTML(20, 0, "index",
 * "html")` (or with the page bar's id first) draws index_1.html … index_19.html when the page loads.
 * Without them a crawl reads the first page of every list only.
 */
export function scriptPages(code: string): string[] {
  return scriptPageLinks(code).pages;
}

/** {@link scriptPages}, with what the caps left out. */
export function scriptPageLinks(code: string): { pages: string[]; skipped?: ScriptPagesSkipped } {
  const out: string[] = [];
  let skipped: ScriptPagesSkipped | undefined;
  // The count is often a variable set just before (`var countPage = 20`).
  const numbers = new Map<string, string>();
  for (const v of code.matchAll(/\b([A-Za-z_$][\w$]*)\s*=\s*(\d+)\s*[;\n/]/g)) numbers.set(v[1], v[2]);
  for (const m of code.matchAll(/createPageHTML\s*\(([^()]{0,200})\)/g)) {
    const args = m[1].split(',').map((a) => a.trim()).map((a) => numbers.get(a) ?? a);
    const count = args.findIndex((a) => /^\d+$/.test(a));
    if (count < 0) continue;
    const strings = args.slice(count + 1).filter((a) => /^(["'])[\w.-]*\1$/.test(a)).map((a) => a.slice(1, -1));
    if (strings.length < 2 || !/^\w+$/.test(strings[1])) continue;
    // 1,000 pages a list and 2,000 in all a page: a page of thousands of calls with a count each
    // of 99999999 made millions of links (out of memory). The pages past them are only counted
    // (the loop goes on over the calls, linear in the code), so the crawl can report them unread.
    const n = Number(args[count]);
    const name = (i: number) => `${strings[0]}_${i}.${strings[1]}`;
    let i = 1;
    for (; i < Math.min(n, MAX_LIST_PAGES) && out.length < MAX_SCRIPT_PAGES; i++) out.push(name(i));
    if (i < n) {
      skipped ??= { first: name(i), last: '', count: 0, lists: 0 };
      skipped.last = name(n - 1);
      skipped.count += n - i;
      skipped.lists++;
    }
  }
  return skipped ? { pages: out, skipped } : { pages: out };
}

/** Whether a link names a file: by its path's ending, or a download script's query (`downfile.jsp?filename=a.pdf`). */
function namesFile(u: URL): boolean {
  if (FILE_PATH.test(u.pathname)) return true;
  for (const v of u.searchParams.values()) if (FILE_PATH.test(v.replace(/[?#].*$/, ''))) return true;
  return false;
}

/** The file a viewer URL is told to show (`/pdfjs/web/viewer.html?file=%2Ffiles%2Fa.pdf`), base64 too (`onlinePreview?url=aHR0cDov…`). */
function viewedFiles(u: URL): string[] {
  const out: string[] = [];
  for (const [k, v] of u.searchParams) {
    if (!VIEWER_PARAM.test(k) || !v) continue;
    if (/^(?:https?:\/\/|\/|\.{1,2}\/)/i.test(v) || (VIEWER_NAME_PARAM.test(k) && FILE_PATH.test(v.replace(/[?#].*$/, '')))) out.push(v);
    else if (/^[A-Za-z0-9+/_-]{8,}={0,2}$/.test(v)) {
      const decoded = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
      if (/^https?:\/\/[^\s]+$/i.test(decoded)) out.push(decoded);
    }
  }
  // pdf.js also takes the file after the hash (`viewer.html#file=…`) in some builds.
  const hash = /[#&]file=([^&]+)/.exec(u.hash);
  if (hash) {
    try {
      out.push(decodeURIComponent(hash[1]));
    } catch {
      /* not a file name */
    }
  }
  return out;
}

/**
 * Links of an HTML page, resolved against its URL (and `<base href>`), fragments dropped, in
 * document order: what tags link to or show, pictures a script swaps in (lazy loading), srcset
 * candidates, CSS background pictures, meta refresh targets, files named in `javascript:` links and
 * event handlers, and the file a viewer page is told to show.
 */
export function extractPageLinks(html: string, pageUrl: string): PageLink[] {
  let base = pageUrl;
  const raw: Array<{ ref: string; embedded: boolean; notFetched?: string }> = [];
  const scriptPaths = (code: string, embedded: boolean) => {
    for (const m of code.matchAll(SCRIPT_STRING)) {
      const ref = scriptPath(m[1]);
      if (ref) raw.push({ ref, embedded });
    }
  };
  const cssUrls = (css: string) => {
    for (const m of css.matchAll(CSS_URL)) {
      const ref = m[1] ?? m[2] ?? m[3];
      if (ref && !/^data:/i.test(ref.trim())) raw.push({ ref, embedded: true });
    }
  };
  let inStyle = false;
  let inScript = false;
  let scriptText = '';
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'base' && attrs.href) {
          try {
            base = new URL(attrs.href, pageUrl).href;
          } catch {
            /* an unusable base is ignored, as browsers do */
          }
        }
        if (name === 'style') inStyle = true;
        if (name === 'script') inScript = true;
        // Archive drop-downs (往年信息: <select onchange="location=this.value">) name pages by their options.
        if (name === 'option' && attrs.value && /^(?:https?:\/\/|\/|\.{1,2}\/)/i.test(attrs.value.trim())) raw.push({ ref: attrs.value, embedded: false });
        if (name === 'meta' && /^refresh$/i.test(attrs['http-equiv'] ?? '')) {
          const to = /url\s*=\s*['"]?([^'";]+)/i.exec(attrs.content ?? '')?.[1];
          if (to) raw.push({ ref: to, embedded: false });
        }
        // Stylesheets and icons are not documents; <link rel=alternate> (a PDF version) is.
        const skipHref = name === 'link' && !/\balternate\b/i.test(attrs.rel ?? '');
        for (const { attr, embedded } of LINK_ATTRS[name] ?? []) {
          if (attr === 'href' && skipHref) continue;
          const v = attrs[attr];
          if (!v) continue;
          if (/^\s*javascript:/i.test(v)) scriptPaths(v, false);
          else raw.push({ ref: v, embedded });
        }
        for (const [k, v] of Object.entries(attrs)) {
          if (!v) continue;
          if (SRCSET_ATTR.test(k)) {
            for (const c of v.split(/,(?=\s|[^\s,]+\s+\d)/)) {
              const ref = c.trim().split(/\s+/)[0];
              if (ref) raw.push({ ref, embedded: true });
            }
          } else if (DEFERRED_ATTR.test(k)) raw.push({ ref: v, embedded: !/href$/.test(k) });
          else if (k === 'background') raw.push({ ref: v, embedded: true });
          else if (k === 'style') cssUrls(v);
          else if (k.startsWith('on')) scriptPaths(v, false);
        }
      },
      ontext(text) {
        if (inStyle) cssUrls(text);
        if (inScript) {
          scriptText += text;
        }
      },
      onclosetag(name) {
        if (name === 'style') inStyle = false;
        if (name === 'script') {
          inScript = false;
          const drawn = scriptPageLinks(scriptText);
          for (const ref of drawn.pages) raw.push({ ref, embedded: false });
          const k = drawn.skipped;
          if (k) {
            const notFetched = `not fetched: the first of ${k.count.toLocaleString('en-US')} list pages (to ${k.last}, ${k.lists} list(s)) the page's scripts draw past the ${MAX_SCRIPT_PAGES.toLocaleString('en-US')} followed per page and ${MAX_LIST_PAGES.toLocaleString('en-US')} per list; none of them was read`;
            raw.push({ ref: k.first, embedded: false, notFetched });
          }
          scriptText = '';
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const out: PageLink[] = [];
  const add = (ref: string, against: string, embedded: boolean, depth = 0, notFetched?: string) => {
    let u: URL;
    try {
      u = new URL(ref.trim(), against);
    } catch {
      return; // not a URL
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return;
    // The file a viewer shows is what the page shows (a viewer in a frame) or links to.
    if (depth === 0 && !notFetched) for (const f of viewedFiles(u)) add(f, u.href, embedded, 1);
    u.hash = '';
    out.push(notFetched ? { url: u.href, embedded, notFetched } : { url: u.href, embedded });
  };
  for (const r of raw) add(r.ref, base, r.embedded, 0, r.notFetched);
  return out;
}

/** Links of an HTML page (see {@link extractPageLinks}), as URLs, each once, in document order. */
export function extractLinks(html: string, pageUrl: string): string[] {
  return [...new Set(extractPageLinks(html, pageUrl).filter((l) => !l.notFetched).map((l) => l.url))];
}

/** A sitemap's text (gzip-compressed ones too: `sitemap.xml.gz`). */
function decodeSitemap(bytes: Uint8Array): string {
  const raw = bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes, { maxOutputLength: 64e6 }) : bytes;
  return new TextDecoder().decode(raw);
}

function decodeHtml(bytes: Uint8Array, contentType: string): string {
  const declared = /charset=([\w-]+)/i.exec(contentType)?.[1] ?? /<meta[^>]+charset=["']?([\w-]+)/i.exec(new TextDecoder('latin1').decode(bytes.subarray(0, 2048)))?.[1];
  try {
    return new TextDecoder(declared ?? 'utf-8').decode(bytes);
  } catch {
    return new TextDecoder('utf-8').decode(bytes);
  }
}

const isHtml = (contentType: string) => /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType);

/** Crawls the site; resolves when every in-scope link within the limits has been handed to `onResource`. */
export async function crawl(cfg: CrawlConfig): Promise<CrawlSummary> {
  const start = new URL(cfg.start);
  start.hash = '';
  const scope = cfg.scope ?? new URL('.', start).href;
  const scopeUrl = new URL(scope);
  if (scopeUrl.origin !== start.origin) throw new Error(`the scope ${scope} is not on the start page's origin ${start.origin}`);
  if (!start.href.startsWith(scope)) throw new Error(`the start page ${start.href} lies outside the scope ${scope}`);
  const maxPages = cfg.maxPages ?? 100;
  const maxFiles = cfg.maxFiles ?? 1000;
  const maxBytes = cfg.maxBytes ?? 50e6;
  const timeoutMs = cfg.timeoutMs ?? 30_000;
  const ua = cfg.userAgent ?? DEFAULT_UA;
  let delayMs = cfg.delayMs ?? 500;

  // The delay counts from the end of one answer to the next request, so the site sees at least
  // `delayMs` between any two requests however slow the network.
  let lastDone = 0;
  const get = async (url: string): Promise<Fetched> => {
    const wait = lastDone + delayMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    try {
      return await fetchBounded(url, { maxBytes, timeoutMs, userAgent: ua, signal: cfg.signal });
    } finally {
      lastDone = Date.now();
    }
  };

  const robotsUrl = new URL('/robots.txt', start).href;
  const robotsRes = await get(robotsUrl);
  const robots = robotsRes.ok ? robotsParser(robotsUrl, new TextDecoder().decode(robotsRes.bytes)) : undefined;
  const crawlDelay = robots?.getCrawlDelay(ua);
  if (crawlDelay !== undefined && crawlDelay * 1000 > delayMs) delayMs = crawlDelay * 1000;

  const summary: CrawlSummary = { start: start.href, scope, pages: 0, attachments: 0, outOfScope: 0, offSiteFiles: [], sitemaps: { read: 0, added: 0 }, robots: robots ? 'applied' : 'absent' };
  const seen = new Set<string>([start.href]);
  // The first list page past the caps of scriptPageLinks, for each list reported unread.
  const capped = new Set<string>();
  // Pages outside the prefix already counted as not followed.
  const outside = new Set<string>();
  // `showsOnly`: fetched because a page in scope shows it or links to it as a file, though it lies
  // outside the prefix; such a page's own links are not followed, only what it shows.
  const frontier: Array<{ url: string; linkedFrom?: string; showsOnly?: boolean }> = [{ url: start.href }];
  let fetchedPages = 0;
  let fetchedFiles = 0;

  const emit = async (r: CrawledResource) => {
    if (r.kind === 'page') summary.pages++;
    else summary.attachments++;
    await cfg.onResource(r);
  };

  // Sitemaps: their URLs in scope join the frontier after the start page, named as linked from the
  // sitemap. A sitemap index names further sitemaps (20 read at most); one that cannot be fetched
  // adds nothing and is no unread item (a site need not have one).
  if (cfg.sitemaps !== false) {
    const queue = robots?.getSitemaps().length ? [...robots.getSitemaps()] : [new URL('/sitemap.xml', start).href];
    const read = new Set<string>();
    while (queue.length && read.size < 20 && !cfg.signal?.aborted) {
      const sm = queue.shift()!;
      if (read.has(sm)) continue;
      read.add(sm);
      let u: URL;
      try {
        u = new URL(sm);
      } catch {
        continue;
      }
      if (u.origin !== start.origin || (robots && robots.isAllowed(sm, ua) === false)) continue;
      const got = await get(sm);
      if (!got.ok) continue;
      summary.sitemaps.read++;
      let xml: string;
      try {
        xml = decodeSitemap(got.bytes);
      } catch {
        continue; // a damaged .gz: nothing added
      }
      const isIndex = /<sitemapindex[\s>]/i.test(xml);
      for (const loc of sitemapLocs(xml)) {
        if (isIndex) {
          queue.push(loc);
          continue;
        }
        let next: string;
        try {
          const v = new URL(loc);
          v.hash = '';
          next = v.href;
        } catch {
          continue;
        }
        if (seen.has(next) || new URL(next).origin !== start.origin || !next.startsWith(scope)) continue;
        seen.add(next);
        summary.sitemaps.added++;
        frontier.push({ url: next, linkedFrom: sm });
      }
    }
  }

  // The file origins' own robots.txt, read when the first of their files comes up.
  const fileOrigins = new Set((cfg.fileOrigins ?? []).map((o) => new URL(o).origin));
  const otherRobots = new Map<string, Robots | undefined>();
  const robotsFor = async (url: string): Promise<Robots | undefined> => {
    const origin = new URL(url).origin;
    if (origin === start.origin) return robots;
    if (!otherRobots.has(origin)) {
      const at = new URL('/robots.txt', origin).href;
      const got = await get(at);
      otherRobots.set(origin, got.ok ? robotsParser(at, new TextDecoder().decode(got.bytes)) : undefined);
    }
    return otherRobots.get(origin);
  };

  while (frontier.length && !cfg.signal?.aborted) {
    const { url, linkedFrom, showsOnly } = frontier.shift()!;
    const link = linkedFrom ? { linkedFrom } : {};
    const rules = await robotsFor(url);
    if (rules && rules.isAllowed(url, ua) === false) {
      await emit({ url, ...link, kind: 'attachment', error: { code: 'ROBOTS', message: 'robots.txt disallows fetching it, so it was not read', reason: 'limit' } });
      continue;
    }
    // Until fetched we do not know whether a link is a page or a file: both limits must still allow it.
    if (fetchedPages >= maxPages && fetchedFiles >= maxFiles) {
      await emit({ url, ...link, kind: 'attachment', error: { code: 'LIMIT', message: `not fetched: the crawl stopped at ${maxPages} pages and ${maxFiles} files`, reason: 'limit' } });
      continue;
    }
    const got = await get(url);
    if (!got.ok) {
      await emit({ url, ...link, kind: 'attachment', error: { code: got.code.toUpperCase(), message: `cannot fetch it: ${got.message}`, reason: got.code === 'limit' ? 'limit' : 'error' } });
      continue;
    }
    // A redirect may leave the scope: what it led to is not read, and says so.
    const landed = new URL(got.url).origin;
    if (got.url !== url && ((!showsOnly && !got.url.startsWith(scope)) || (landed !== start.origin && !fileOrigins.has(landed)))) {
      await emit({ url, ...link, kind: 'attachment', error: { code: 'SCOPE', message: `redirected outside the scope to ${got.url}; not read`, reason: 'limit' } });
      continue;
    }
    if (isHtml(got.contentType)) {
      if (fetchedPages >= maxPages) {
        await emit({ url, ...link, kind: 'page', error: { code: 'LIMIT', message: `not read: the crawl stopped at ${maxPages} pages (--max-pages)`, reason: 'limit' } });
        continue;
      }
      fetchedPages++;
      // Links the page names but the crawl does not follow (past a cap): reported unread after the page.
      const notFetched: Array<{ url: string; message: string }> = [];
      for (const { url: next, embedded, notFetched: why } of extractPageLinks(decodeHtml(got.bytes, got.contentType), got.url)) {
        if (showsOnly && !embedded) continue;
        if (why) {
          // Within the scope it is what the crawl would have read: unread, as pages past --max-pages
          // are. Named at the first page not followed; if a link elsewhere reached that one, the
          // report is still made (the pages after it were not), under the same address marked.
          // Every page of a list carries the same page bar: reported once.
          if (capped.has(next)) continue;
          capped.add(next);
          if (new URL(next).origin === start.origin && next.startsWith(scope)) {
            const at = seen.has(next) ? `${next}#not-fetched` : next;
            seen.add(next);
            notFetched.push({ url: at, message: why });
          } else summary.outOfScope++;
          continue;
        }
        if (seen.has(next)) continue;
        // What a page in scope shows, or links to as a file, is published with it: read on the
        // same origin even outside the prefix (pictures under /uploads/, files under /attach/),
        // named in the summary on another origin. Other pages outside the prefix are not followed.
        const published = embedded || namesFile(new URL(next));
        if (new URL(next).origin !== start.origin) {
          seen.add(next);
          if (published && fileOrigins.has(new URL(next).origin)) {
            frontier.push({ url: next, linkedFrom: url, showsOnly: true });
            continue;
          }
          summary.outOfScope++;
          if (published && summary.offSiteFiles.length < 500) summary.offSiteFiles.push({ url: next, linkedFrom: url });
          continue;
        }
        if (!next.startsWith(scope)) {
          if (!published) {
            // Not marked seen: another page may yet show it, which would read it.
            if (!outside.has(next)) summary.outOfScope++;
            outside.add(next);
            continue;
          }
          seen.add(next);
          frontier.push({ url: next, linkedFrom: url, showsOnly: true });
          continue;
        }
        seen.add(next);
        frontier.push({ url: next, linkedFrom: url, ...(showsOnly ? { showsOnly } : {}) });
      }
      await emit({ url, ...link, kind: 'page', bytes: got.bytes, contentType: got.contentType });
      for (const n of notFetched) await emit({ url: n.url, linkedFrom: url, kind: 'page', error: { code: 'LIMIT', message: n.message, reason: 'limit' } });
    } else {
      if (fetchedFiles >= maxFiles) {
        await emit({ url, ...link, kind: 'attachment', error: { code: 'LIMIT', message: `not read: the crawl stopped at ${maxFiles} files (--max-files)`, reason: 'limit' } });
        continue;
      }
      fetchedFiles++;
      await emit({ url, ...link, kind: 'attachment', bytes: got.bytes, contentType: got.contentType });
    }
  }
  return summary;
}
