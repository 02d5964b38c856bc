/**
 * The page the HTML layout tests put their pieces on: the pieces first, then an ordinary notice's
 * title and salutation (so a marking the pieces show stands at the top of a real page), and the
 * scan of it as `page.html`.
 */
import type { ScanResult, Scanner } from '@prepub/scanner';

/** `inner` at the top of a notice's body; `head` in its head (style sheets). */
export const noticePage = (inner: string, head = ''): Uint8Array =>
  new TextEncoder().encode(`<html><head>${head}</head><body>${inner}<p>关于开展2024年度工作的通知</p><p>各单位：现将有关事项通知如下。</p></body></html>`);

/** Scans `bytes` as a page named page.html. */
export const scanPage = (scanner: Scanner, bytes: Uint8Array): Promise<ScanResult> => scanner.scan(bytes, { filename: 'page.html' });
