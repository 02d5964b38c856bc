/**
 * Unread items in the report's language. Readers write `detail` as an English sentence (kept for
 * machines and compatibility); `detailRef` says the same through the catalogue. The scanner sets
 * `detailRef` where it makes an unread item; for items made elsewhere (or stored before refs
 * existed) {@link unreadDetailRef} derives one from the loss kind, the reason and the common
 * sentences, falling back to the reason alone, so a report in Chinese never explains an unread
 * item only in English.
 */
import type { Loss, UnreadItem, UnreadReason } from '../types.ts';
import type { MessageId, MessageParams } from './en.ts';
import { renderMessage, type Lang } from './index.ts';

/** The id of an unread detail message. */
export type UnreadDetailId = Extract<MessageId, `unread.detail.${string}`>;
/** A message ref for an unread item's detail (`UnreadItem.detailRef`). */
export type UnreadDetailRef = { [K in UnreadDetailId]: { id: K; params: MessageParams<K> } }[UnreadDetailId];

/**
 * Refs that say less than the reader's sentence: reports in another language add the sentence in
 * parentheses so nothing the reader said is lost.
 */
const APPROXIMATE = new Set<string>(['unread.detail.generic', 'unread.detail.unsupported-format', 'unread.detail.embedded-object', 'unread.detail.limit']);

const num = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));

/** The ref of a reader's loss: its kind and counts say everything a report needs. */
export function lossDetailRef(loss: Pick<Loss, 'kind' | 'count' | 'total'>): UnreadDetailRef {
  return { id: 'unread.detail.loss', params: { kind: loss.kind, count: loss.count, ...(loss.total !== undefined ? { total: loss.total } : {}) } };
}

/** The text after `marker` in `s`, without a closing full stop. */
function after(s: string, marker: RegExp): string | undefined {
  const m = marker.exec(s);
  if (!m) return undefined;
  const rest = s.slice(m.index + m[0].length).replace(/[.。]\s*$/, '').trim();
  return rest || undefined;
}

const LOSS_TAIL = /\((undecodable-bytes|unmapped-glyphs|failed-stream|skipped-frames|skipped-pages|entry-mismatch|duplicate-entry|unreadable-object|low-text-quality|other): (\d+)(?: of (\d+))?\)$/;

/**
 * A detail ref for `item`: its own `detailRef` if it has one, else one recognised from its reason and
 * sentence (the scanner's loss tail `(kind: count of total)`, limits, time-outs, damage, OCR), else
 * the reason alone (`unread.detail.generic`).
 */
export function unreadDetailRef(item: Pick<UnreadItem, 'reason' | 'detail'> & { detailRef?: UnreadDetailRef }): UnreadDetailRef {
  if (item.detailRef) return item.detailRef;
  const d = item.detail ?? '';
  let m: RegExpExecArray | null;
  if ((m = LOSS_TAIL.exec(d))) return lossDetailRef({ kind: m[1] as Loss['kind'], count: Number(m[2]), total: num(m[3]) });
  switch (item.reason) {
    case 'encrypted':
      return { id: 'unread.detail.encrypted', params: {} };
    case 'aborted':
      return { id: 'unread.detail.aborted', params: {} };
    case 'empty':
      return { id: 'unread.detail.empty', params: {} };
    case 'crashed': {
      const message = after(d, /died: /);
      return { id: 'unread.detail.crashed', params: message ? { message } : {} };
    }
    case 'ocr-empty': {
      m = /ink on ([\d.]+)%/.exec(d);
      return { id: 'unread.detail.ocr-empty', params: m ? { ink: m[1] } : {} };
    }
    case 'ocr-low-confidence': {
      m = /line (\d+)\b.*?only (\d+(?:\.\d+)?)% confidence/.exec(d);
      return { id: 'unread.detail.ocr-low-confidence', params: m ? { line: Number(m[1]), confidence: Number(m[2]) } : {} };
    }
    case 'ocr-unavailable':
      if (/could not start/i.test(d)) return { id: 'unread.detail.ocr-not-started', params: {} };
      return { id: 'unread.detail.ocr-off', params: {} };
    case 'timeout':
      if ((m = /OCR of this picture did not finish within (\d+) ms/.exec(d))) return { id: 'unread.detail.ocr-timeout', params: { ms: Number(m[1]) } };
      if ((m = /Page (\d+) took longer than (\d+) ms/.exec(d))) return { id: 'unread.detail.page-timeout', params: { page: Number(m[1]), ms: Number(m[2]) } };
      if ((m = /Page (\d+) was not finished/.exec(d))) return { id: 'unread.detail.page-timeout', params: { page: Number(m[1]) } };
      if (/before these pages were read/.test(d)) return { id: 'unread.detail.page-timeout', params: {} };
      m = /(\d+) ms/.exec(d);
      return { id: 'unread.detail.timeout', params: m ? { ms: Number(m[1]) } : {} };
    case 'ocr-failed':
      if (/was cancelled/.test(d)) return { id: 'unread.detail.aborted', params: {} };
      return { id: 'unread.detail.ocr-failed', params: {} };
    case 'limit':
      if ((m = /^(\d+) bytes is over the file size limit of (\d+)|^The file (?:has|is) (\d+) bytes, more than the limit of (\d+)/.exec(d))) return { id: 'unread.detail.file-too-large', params: { bytes: Number(m[1] ?? m[3]), limit: Number(m[2] ?? m[4]) } };
      if ((m = /more than (\d+) pages of this file need OCR/.exec(d))) return { id: 'unread.detail.ocr-page-limit', params: { limit: Number(m[1]) } };
      if ((m = /inflat\w* (?:the archive )?(?:past|exceeds) the limit of (\d+)/.exec(d))) return { id: 'unread.detail.inflate-limit', params: { limit: Number(m[1]) } };
      if (/zip bomb|decompress to/.test(d)) return { id: 'unread.detail.inflate-limit', params: {} };
      if ((m = /more than (?:the limit of )?(\d+) entries|(\d+) entries, more than the limit of (\d+)/.exec(d))) return { id: 'unread.detail.entry-limit', params: { limit: Number(m[1] ?? m[3]) } };
      if ((m = /nested deeper than (\d+)/.exec(d))) return { id: 'unread.detail.nesting-limit', params: { depth: Number(m[1]) } };
      if (/nests elements/.test(d)) return { id: 'unread.detail.nesting-limit', params: {} };
      if (/memory/.test(d)) return { id: 'unread.detail.memory-limit', params: {} };
      if ((m = /glyphs .* beyond the limit of (\d+) per page/.exec(d))) return { id: 'unread.detail.glyph-limit', params: { limit: Number(m[1]) } };
      if ((m = /has (\d+) pages; only the first (\d+) were read/.exec(d))) return { id: 'unread.detail.page-limit', params: { pages: Number(m[1]), limit: Number(m[2]) } };
      if ((m = /has (\d+) (frame|page)s; (?:frames|pages) (\d+) to \d+ were not read/.exec(d))) return { id: 'unread.detail.frame-limit', params: { count: Number(m[1]), unit: m[2] as 'frame' | 'page', limit: Number(m[3]) - 1 } };
      if ((m = /(?:limit of|more than|only the first|over the limit of) (\d+)(?: characters| were read)?/.exec(d)) && /character/.test(d)) return { id: 'unread.detail.text-limit', params: { limit: Number(m[1]) } };
      return { id: 'unread.detail.limit', params: {} };
    case 'corrupt':
      if (/does not match its checksum/.test(d)) return { id: 'unread.detail.checksum', params: {} };
      if (/not well-formed XML/.test(d)) return { id: 'unread.detail.not-well-formed', params: {} };
      if (/could not be inflated|is damaged \(/.test(d)) return { id: 'unread.detail.inflate-error', params: {} };
      if (/cut short|truncated/.test(d)) return { id: 'unread.detail.cut-short', params: {} };
      if (/damaged XML/.test(d)) return { id: 'unread.detail.not-well-formed', params: {} };
      if (/byte sequence|byte order mark|encoding|decoded/.test(d)) return { id: 'unread.detail.undecodable', params: {} };
      if (/no %PDF- header|no ZIP signature|does not begin with an RTF header/.test(d)) return { id: 'unread.detail.wrong-format', params: {} };
      if (/page tree yields/.test(d)) return { id: 'unread.detail.pages-missing', params: {} };
      if (/directory|entries were recovered/.test(d) && /damaged|recovered/.test(d)) return { id: 'unread.detail.directory-damaged', params: {} };
      if (/is missing|not in the package|does not contain it|names no|which no resource list defines|which the document does not define|has no (workbook|presentation|content|main document)|could be found|, but its part/.test(d))
        return { id: 'unread.detail.missing-part', params: {} };
      {
        const message = after(d, /(?:could not be (?:opened|parsed|read|listed)(?: from the message)?|is damaged|structure is invalid): /)?.replace(/; its text was not read$/, '');
        return { id: 'unread.detail.corrupt', params: message ? { message } : {} };
      }
    case 'unsupported-format':
      if (/format OCR does not read/.test(d)) return { id: 'unread.detail.picture-format', params: {} };
      return { id: 'unread.detail.unsupported-format', params: {} };
    case 'embedded-object':
      return { id: 'unread.detail.embedded-object', params: {} };
    case 'error': {
      if ((m = /^the (\S+) reader failed: (.*)$/s.exec(d))) return { id: 'unread.detail.reader-failed', params: { format: m[1], message: m[2] } };
      let message: string | undefined;
      if ((message = after(d, /^scanning failed: /))) return { id: 'unread.detail.scan-failed', params: { message } };
      if (/the text was read but not checked/.test(d)) return { id: 'unread.detail.not-checked', params: {} };
      if (/could not be rendered for OCR/.test(d)) return { id: 'unread.detail.render-failed', params: {} };
      if ((message = after(d, /could not be (?:read|opened|parsed)(?: completely)?: /))) return { id: 'unread.detail.read-incomplete', params: { message } };
      return { id: 'unread.detail.generic', params: { reason: item.reason } };
    }
    default:
      return { id: 'unread.detail.generic', params: { reason: item.reason } };
  }
}

/**
 * The detail ref of a file that never reached the scanner (missing, unreadable, over the size
 * limit, refused by robots.txt, outside a crawl's scope, a dead letter of the queue), from the
 * error `code` the CLI, the queue and the crawler give it and their English `message`.
 */
export function fileErrorDetailRef(code: string, message: string, reason: UnreadReason = 'error'): UnreadDetailRef {
  let m: RegExpExecArray | null;
  if (reason === 'aborted' || code === 'ABORTED') return { id: 'unread.detail.aborted', params: {} };
  if (code === 'ROBOTS') return { id: 'unread.detail.robots', params: {} };
  if (code === 'SCOPE') return { id: 'unread.detail.out-of-scope', params: {} };
  if (code === 'LOST') return { id: 'unread.detail.lost', params: {} };
  if (code === 'DEAD_LETTER') {
    m = /\((\d+|\?) attempts; last: (.*)\)$/s.exec(message);
    return { id: 'unread.detail.dead-letter', params: m ? { attempts: m[1], last: m[2] } : {} };
  }
  if (code === 'LIMIT') {
    if ((m = /(\d+) bytes, over the limit of (\d+) bytes/.exec(message))) return { id: 'unread.detail.file-too-large', params: { bytes: Number(m[1]), limit: Number(m[2]) } };
    if ((m = /crawl stopped at (.+?)(?: \(--max-\w+\))?$/.exec(message))) return { id: 'unread.detail.crawl-limit', params: { at: m[1] } };
  }
  if (code === 'LIMIT' && (m = /the first of ([\d,]+) list pages \(to (.+?), \d+ list\(s\)\)/.exec(message))) return { id: 'unread.detail.script-pages', params: { count: m[1], last: m[2] } };
  if (code === 'EXCLUDED' && (m = /kept (?:this folder|\d+ folders) inside the scanned folder out of the scan, not read: (.+?), holding ((?:at least )?\d+) files? \(/.exec(message))) return { id: 'unread.detail.excluded', params: { folders: m[1], count: m[2] } };
  if (code === 'IGNORED' && (m = /kept (\d+) entr(?:y|ies) out of the scan, not read: (.*?)\. To leave them out/s.exec(message))) return { id: 'unread.detail.ignored', params: { count: m[1], listed: m[2] } };
  if (code === 'ENOENT') return { id: 'unread.detail.no-such-file', params: {} };
  if (code === 'EACCES' || code === 'EPERM') return { id: 'unread.detail.no-permission', params: {} };
  if (code === 'SCANNER') return { id: 'unread.detail.scan-failed', params: { message: message.replace(/^the scanner failed on this file: /, '') } };
  const ref = unreadDetailRef({ reason, detail: message });
  return APPROXIMATE.has(ref.id) || ref.id === 'unread.detail.corrupt' ? { id: 'unread.detail.file-not-read', params: { message } } : ref;
}

/** `item` with its {@link unreadDetailRef} set (the scanner and report builders call it where they make items). */
export function withDetailRef<T extends UnreadItem>(item: T): T {
  return item.detailRef ? item : { ...item, detailRef: unreadDetailRef(item) };
}

/**
 * An unread item's explanation in `lang`: the English sentence itself in English; otherwise its
 * ref rendered, followed by the English sentence in parentheses when the ref says less than it.
 */
export function unreadDetail(lang: Lang, item: Pick<UnreadItem, 'reason' | 'detail' | 'detailRef'>): string {
  if (lang === 'en') return item.detail;
  const ref = unreadDetailRef(item);
  const text = renderMessage(lang, ref);
  const approximate = APPROXIMATE.has(ref.id) || (ref.id === 'unread.detail.corrupt' && !ref.params.message);
  return approximate && item.detail ? renderMessage(lang, { id: 'unread.detail.with-original', params: { text, original: item.detail } }) : text;
}
