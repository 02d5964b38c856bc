/**
 * The language of a request's answer: the `lang` query parameter (`zh`, `en`, `zh-CN` …), else
 * the `Accept-Language` header (the preferred of zh and en), else English. It decides the error
 * messages, the HTML and SARIF reports and the findings' messages and reasons in JSON results;
 * machine fields (codes, verdicts, rule ids) never change.
 */
import { langFromAcceptLanguage, localizeResult, parseLang, type Lang, type ScanResult } from '@prepub/core';
import type { FastifyRequest } from 'fastify';

export function requestLang(req: FastifyRequest): Lang {
  const q = (req.query as Record<string, unknown> | undefined)?.lang;
  const fromQuery = typeof q === 'string' ? parseLang(q) : undefined;
  if (fromQuery) return fromQuery;
  const h = req.headers['accept-language'];
  return langFromAcceptLanguage(Array.isArray(h) ? h.join(',') : h) ?? 'en';
}

/** The scanner's result with its findings' messages and reasons in `lang` (English as the scanner wrote it otherwise). */
export function localizedResult(result: ScanResult, lang: Lang): ScanResult {
  return lang === 'en' ? result : localizeResult(result, lang);
}
