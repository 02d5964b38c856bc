import { t, type Finding, type Lang, type ScanResult, type UnreadItem, type Verdict } from '@prepub/core';

/** Which part of a CMS article a finding came from. */
export interface ItemSource {
  /** `field`: another text the request carried (a summary, keywords, an attachment's caption), named by its path in `filename`. */
  kind: 'article' | 'attachment' | 'field';
  /** 0-based index among the attachments. */
  index?: number;
  filename: string;
}

/** One scanned piece of an article. */
export interface ReviewItem {
  source: ItemSource;
  result: ScanResult;
}

/** The combined answer for an article and its attachments (`POST /v1/review`). */
export interface ReviewVerdict {
  verdict: Verdict;
  /** True only when the verdict is `pass`: a CMS publishes only then. */
  publishAllowed: boolean;
  reasons: string[];
  findings: Array<Finding & { source: ItemSource }>;
  unread: Array<UnreadItem & { source: ItemSource }>;
  items: Array<{
    source: ItemSource;
    verdict: Verdict;
    format: string;
    mediaType: string;
    size: number;
    sha256?: string;
    findings: number;
    unread: number;
  }>;
}

const RANK: Record<Verdict, number> = { pass: 0, review: 1, block: 2 };

/** The worse of two verdicts. */
export function worse(a: Verdict, b: Verdict): Verdict {
  return RANK[a] >= RANK[b] ? a : b;
}

/** A reason line about one piece of the article, in `lang`. */
const about = (lang: Lang, s: ItemSource, text: string) =>
  t(lang, 'review.item', { kind: s.kind, ...(s.index !== undefined ? { index: s.index } : {}), filename: s.filename, text });

/**
 * Worst verdict wins; anything unread or any scan error anywhere keeps the article from `pass`;
 * an article with no content at all is `review`, never `pass`.
 */
export function combine(items: ReviewItem[], lang: Lang = 'en'): ReviewVerdict {
  let verdict: Verdict = 'pass';
  const reasons: string[] = [];
  const findings: ReviewVerdict['findings'] = [];
  const unread: ReviewVerdict['unread'] = [];
  for (const { source, result } of items) {
    let v = result.verdict;
    if (v === 'pass' && (result.coverage.unread.length > 0 || !result.coverage.complete || result.errors.length > 0)) {
      v = 'review';
      reasons.push(about(lang, source, t(lang, 'review.not-read')));
    }
    verdict = worse(verdict, v);
    for (const r of result.reasons) reasons.push(about(lang, source, r));
    for (const f of result.findings) findings.push({ ...f, source });
    for (const u of result.coverage.unread) unread.push({ ...u, source });
  }
  if (items.length === 0) {
    verdict = 'review';
    reasons.push(t(lang, 'review.empty'));
  }
  return {
    verdict,
    publishAllowed: verdict === 'pass',
    reasons,
    findings,
    unread,
    items: items.map(({ source, result }) => ({
      source,
      verdict: result.verdict,
      format: result.document.format,
      mediaType: result.document.mediaType,
      size: result.document.size,
      sha256: result.document.sha256,
      findings: result.findings.length,
      unread: result.coverage.unread.length,
    })),
  };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** The article as one HTML document: the title in `<title>` and `<h1>` so it is read with the body. */
export function articleDocument(title: string | undefined, html: string | undefined): string {
  const t = (title ?? '').replace(/[&<>"]/g, (c) => ESCAPES[c]);
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${t}</title></head><body>\n${t ? `<h1>${t}</h1>\n` : ''}${html ?? ''}\n</body></html>\n`;
}
