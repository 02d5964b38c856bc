/**
 * Messages in Simplified Chinese and English from one catalogue per language (`en.ts`, `zh.ts`):
 * typed message ids with typed parameters, the language chosen by the caller (`--lang`, a config's
 * `lang`, the locale, a request's `Accept-Language`). Machine fields (rule ids, verdicts, reasons,
 * cue ids, JSON keys) are never translated.
 */
import { en, type MessageId, type MessageParams, type Messages } from './en.ts';
import { zh } from './zh.ts';
import type { Finding, ScanError, UnreadItem, Verdict } from '../types.ts';
import { unreadDetail, unreadDetailRef, withDetailRef } from './unread.ts';

export { en, zh };
export type { MessageId, MessageParams, Messages };
export { fileErrorDetailRef, lossDetailRef, unreadDetail, unreadDetailRef, withDetailRef, type UnreadDetailId, type UnreadDetailRef } from './unread.ts';
export { CN_FORM_ZH, CUE_ZH, FOREIGN_FORM_ZH, HELP_ZH, PII_ZH, ROLE_ZH, RULE_ZH, SERVER_ERROR_ZH, UNREAD_REASON_ZH } from './zh.ts';

/** The languages prepub speaks. */
export const LANGS = ['zh', 'en'] as const;
export type Lang = (typeof LANGS)[number];

const CATALOGUES: Record<Lang, Messages> = { en, zh };

/** The catalogue of `lang`. */
export function messages(lang: Lang): Messages {
  return CATALOGUES[lang];
}

/** Message `id` with `params` in `lang`. */
export function t<K extends MessageId>(lang: Lang, id: K, ...params: {} extends MessageParams<K> ? [MessageParams<K>?] : [MessageParams<K>]): string {
  const fn = CATALOGUES[lang][id] as (p: unknown) => string;
  return fn(params[0] ?? {});
}

/** A message by id with its parameters, as carried on a finding (`Finding.messageRef`). */
export type MessageRef = { [K in MessageId]: { id: K; params: MessageParams<K> } }[MessageId];

/** Renders a {@link MessageRef} in `lang`. */
export function renderMessage(lang: Lang, ref: { id: string; params?: unknown }): string {
  const fn = (CATALOGUES[lang] as unknown as Record<string, ((p: unknown) => string) | undefined>)[ref.id];
  if (!fn) throw new Error(`unknown message id "${ref.id}"`);
  return fn(ref.params ?? {});
}

/** A message ref together with its English text: what a detector puts on a raw finding. */
export function message<K extends MessageId>(id: K, params: MessageParams<K>): { message: string; messageRef: MessageRef } {
  const messageRef = { id, params } as MessageRef;
  return { message: renderMessage('en', messageRef), messageRef };
}

/** `zh`/`en` from a user's value (`zh`, `zh-CN`, `zh_CN.UTF-8`, `en-US`, `chinese`); undefined when it names neither. */
export function parseLang(value: string | undefined): Lang | undefined {
  if (!value) return undefined;
  const v = value.trim().toLowerCase();
  if (/^(zh|chi|zho|cmn|chinese|中文)([-_.@].*)?$/.test(v)) return 'zh';
  if (/^(en|eng|english)([-_.@].*)?$/.test(v)) return 'en';
  return undefined;
}

/**
 * The language the locale asks for, POSIX order: the first set of `LC_ALL`, `LC_MESSAGES`, `LANG`
 * decides (`zh_CN.UTF-8` → zh); `LANGUAGE` (a GNU list) is looked at when LC_ALL does not pin `C`.
 * Anything else, or nothing, is English.
 */
export function langFromEnv(env: Readonly<Record<string, string | undefined>>): Lang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const v = env[name];
    if (v) return parseLang(v) ?? 'en';
  }
  return 'en';
}

/** The language an HTTP `Accept-Language` header prefers among zh and en (by q-value, then order); undefined when it names neither. */
export function langFromAcceptLanguage(header: string | undefined): Lang | undefined {
  if (!header) return undefined;
  let best: { lang: Lang; q: number } | undefined;
  for (const item of header.split(',')) {
    const [tag, ...rest] = item.trim().split(';');
    const lang = parseLang(tag);
    if (!lang) continue;
    const qp = rest.map((s) => s.trim()).find((s) => s.startsWith('q='));
    const q = qp ? Number(qp.slice(2)) : 1;
    if (!Number.isFinite(q) || q <= 0) continue;
    if (!best || q > best.q) best = { lang, q };
  }
  return best?.lang;
}

/** The verdict's reason lines in `lang`, from what decided it (the policy's `decideVerdict` writes the English ones). */
export function verdictReasons(
  lang: Lang,
  verdict: Verdict,
  findings: readonly Finding[],
  unread: readonly UnreadItem[],
  errors: readonly ScanError[],
): string[] {
  const reasons: string[] = [];
  const blocking = findings.filter((f) => !f.suppressed && f.severity === 'block');
  const reviewing = findings.filter((f) => !f.suppressed && f.severity === 'review');
  const rules = (fs: Finding[]) => [...new Set(fs.map((f) => f.ruleId))];
  if (blocking.length) reasons.push(t(lang, 'reason.block', { count: blocking.length, rules: rules(blocking) }));
  if (reviewing.length) reasons.push(t(lang, 'reason.review', { count: reviewing.length, rules: rules(reviewing) }));
  if (unread.length) reasons.push(t(lang, 'reason.unread', { items: unread.slice(0, 5).map((u) => ({ where: u.where, reason: u.reason })), more: Math.max(0, unread.length - 5) }));
  if (errors.length) reasons.push(t(lang, 'reason.errors', { codes: errors.map((e) => e.code) }));
  if (verdict === 'pass') reasons.push(t(lang, 'reason.pass'));
  return reasons;
}

/** A finding's message in `lang`: its {@link MessageRef} rendered, with the hidden-content note; the stored text when it has no ref. */
export function findingMessage(lang: Lang, f: Finding): string {
  if (!f.messageRef) return f.message;
  const base = renderMessage(lang, f.messageRef);
  return f.location.visible ? base : t(lang, 'finding.hidden', { message: base, role: f.location.role });
}

/** What {@link localizeResult} rewrites: a scan result or a report's file entry. */
export interface LocalizableResult {
  verdict: Verdict;
  reasons: string[];
  findings: Finding[];
  suppressed: Finding[];
  coverage: { unread: UnreadItem[] };
  errors: ScanError[];
  /** Present on results the policy decided; absent on files that could not be handed to the scanner. */
  policyVersion?: string;
}

/**
 * A copy of `r` whose person-readable texts are in `lang`: each finding's `message` (from its
 * `messageRef`), the verdict's `reasons` (recomputed from the findings, unread items and errors
 * when the policy decided the verdict) and each unread item's `detailText` (its `detailRef`
 * rendered). Unread items' `detail` stays the reader's English sentence for machines.
 */
export function localizeResult<T extends LocalizableResult>(r: T, lang: Lang): T {
  const fix = (f: Finding): Finding => (f.messageRef ? { ...f, message: findingMessage(lang, f) } : f);
  const unread = r.coverage.unread.map((u) => {
    const { detailText: _old, ...item } = withDetailRef(u);
    return lang === 'en' ? item : { ...item, detailText: unreadDetail(lang, item) };
  });
  const out: T = { ...r, findings: r.findings.map(fix), suppressed: r.suppressed.map(fix), coverage: { ...r.coverage, unread } };
  if (r.policyVersion !== undefined) out.reasons = verdictReasons(lang, r.verdict, r.findings, r.coverage.unread, r.errors);
  else if (r.reasons.length === 1 && r.errors.length === 1 && r.reasons[0] === t('en', 'reason.file-not-read', { message: r.errors[0].message })) {
    // Why, in the language, from the file's unread item (its ref comes from the error code); the message itself otherwise.
    const u = r.coverage.unread[0];
    const why = lang !== 'en' && u && unreadDetailRef(u).id !== 'unread.detail.file-not-read' ? unreadDetail(lang, u) : r.errors[0].message;
    out.reasons = [t(lang, 'reason.file-not-read', { message: why })];
  }
  return out;
}

/** Whether `s` holds a CJK ideograph (tests use it to check that Chinese texts are Chinese). */
export function hasCjk(s: string): boolean {
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(s);
}
