/**
 * Bounded HTTP reads: a size cap enforced while the body streams in (a server that lies about or
 * omits Content-Length cannot make us hold more), a deadline, and the final URL after redirects.
 */

/** The outcome of {@link fetchBounded}. */
export type Fetched =
  | { ok: true; url: string; status: number; contentType: string; bytes: Uint8Array }
  | { ok: false; url: string; status?: number; code: 'http' | 'limit' | 'network' | 'timeout'; message: string };

/** Options for {@link fetchBounded}. */
export interface FetchLimits {
  maxBytes: number;
  timeoutMs: number;
  userAgent?: string;
  signal?: AbortSignal;
}

/** GETs a URL within the limits; never throws. */
export async function fetchBounded(url: string, limits: FetchLimits): Promise<Fetched> {
  const timeout = AbortSignal.timeout(limits.timeoutMs);
  const signal = limits.signal ? AbortSignal.any([limits.signal, timeout]) : timeout;
  try {
    const res = await fetch(url, { signal, redirect: 'follow', headers: { 'user-agent': limits.userAgent ?? 'prepub' } });
    const finalUrl = res.url || url;
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      return { ok: false, url: finalUrl, status: res.status, code: 'http', message: `HTTP ${res.status} ${res.statusText}`.trim() };
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > limits.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      return { ok: false, url: finalUrl, status: res.status, code: 'limit', message: `${declared} bytes, over the limit of ${limits.maxBytes}` };
    }
    const chunks: Uint8Array[] = [];
    let total = 0;
    if (res.body) {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        total += chunk.length;
        if (total > limits.maxBytes) {
          await res.body.cancel().catch(() => undefined);
          return { ok: false, url: finalUrl, status: res.status, code: 'limit', message: `more than ${limits.maxBytes} bytes` };
        }
        chunks.push(chunk);
      }
    }
    const bytes = new Uint8Array(total);
    let off = 0;
    for (const c of chunks) {
      bytes.set(c, off);
      off += c.length;
    }
    return { ok: true, url: finalUrl, status: res.status, contentType: res.headers.get('content-type') ?? '', bytes };
  } catch (e) {
    if (timeout.aborted) return { ok: false, url, code: 'timeout', message: `no complete answer within ${limits.timeoutMs} ms` };
    return { ok: false, url, code: 'network', message: (e as Error).message };
  }
}
