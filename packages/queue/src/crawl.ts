/**
 * Site self-inspection (网站保密自查): starting from one page, fetches the pages and the files they
 * link to, within a scope the user names — same origin, under a URL prefix — honouring robots.txt,
 * a rate limit and size limits. Each fetched resource is handed to the caller (to scan locally or
 * submit to the queue) with the page that linked it. The crawler only fetches what the user points
 * it to; the scanner itself stays offline.
 */
import { Parser } from 'htmlparser2';
import { createRequire } from 'node:module';
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
  /** Whether robots.txt was found and applied. */
  robots: 'applied' | 'absent';
}

const DEFAULT_UA = 'prepub-crawl';

interface Robots {
  isAllowed(url: string, ua?: string): boolean | undefined;
  getCrawlDelay(ua?: string): number | undefined;
}
// robots-parser is CommonJS exporting one function; its typings do not describe that to NodeNext.
const robotsParser = createRequire(import.meta.url)('robots-parser') as (url: string, text: string) => Robots;

/** Where a tag carries a link to follow or a file to read. */
const LINK_ATTRS: Record<string, string[]> = {
  a: ['href'],
  area: ['href'],
  iframe: ['src'],
  frame: ['src'],
  embed: ['src'],
  object: ['data'],
  img: ['src'],
  source: ['src'],
  link: ['href'],
};

/** Links of an HTML page, resolved against its URL (and `<base href>`), fragments dropped, in document order. */
export function extractLinks(html: string, pageUrl: string): string[] {
  let base = pageUrl;
  const raw: string[] = [];
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
        // Stylesheets and icons are not documents; <link rel=alternate> (a PDF version) is.
        if (name === 'link' && !/\balternate\b/i.test(attrs.rel ?? '')) return;
        for (const a of LINK_ATTRS[name] ?? []) if (attrs[a]) raw.push(attrs[a]);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const out: string[] = [];
  for (const r of raw) {
    try {
      const u = new URL(r.trim(), base);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') continue;
      u.hash = '';
      out.push(u.href);
    } catch {
      /* not a URL */
    }
  }
  return out;
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

  const summary: CrawlSummary = { start: start.href, scope, pages: 0, attachments: 0, outOfScope: 0, robots: robots ? 'applied' : 'absent' };
  const seen = new Set<string>([start.href]);
  const frontier: Array<{ url: string; linkedFrom?: string }> = [{ url: start.href }];
  let fetchedPages = 0;
  let fetchedFiles = 0;

  const emit = async (r: CrawledResource) => {
    if (r.kind === 'page') summary.pages++;
    else summary.attachments++;
    await cfg.onResource(r);
  };

  while (frontier.length && !cfg.signal?.aborted) {
    const { url, linkedFrom } = frontier.shift()!;
    const link = linkedFrom ? { linkedFrom } : {};
    if (robots && robots.isAllowed(url, ua) === false) {
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
    if (got.url !== url && (!got.url.startsWith(scope) || new URL(got.url).origin !== start.origin)) {
      await emit({ url, ...link, kind: 'attachment', error: { code: 'SCOPE', message: `redirected outside the scope to ${got.url}; not read`, reason: 'limit' } });
      continue;
    }
    if (isHtml(got.contentType)) {
      if (fetchedPages >= maxPages) {
        await emit({ url, ...link, kind: 'page', error: { code: 'LIMIT', message: `not read: the crawl stopped at ${maxPages} pages (--max-pages)`, reason: 'limit' } });
        continue;
      }
      fetchedPages++;
      for (const next of extractLinks(decodeHtml(got.bytes, got.contentType), got.url)) {
        if (seen.has(next)) continue;
        seen.add(next);
        if (new URL(next).origin !== start.origin || !next.startsWith(scope)) {
          summary.outOfScope++;
          continue;
        }
        frontier.push({ url: next, linkedFrom: url });
      }
      await emit({ url, ...link, kind: 'page', bytes: got.bytes, contentType: got.contentType });
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
