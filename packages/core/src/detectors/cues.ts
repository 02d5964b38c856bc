/** Small helpers to build explained scores: every cue that moves a score is recorded. */
import type { ScoreCue } from '../types.ts';

export class Score {
  readonly cues: ScoreCue[] = [];
  constructor(readonly base: number) {}
  add(cue: string, delta: number): this {
    this.cues.push({ cue, delta });
    return this;
  }
  get value(): number {
    const v = this.cues.reduce((s, c) => s + c.delta, this.base);
    return Math.max(0, Math.min(1, Math.round(v * 100) / 100));
  }
}

/** Whether the hit is wrapped in quotes or book-title marks: quoted as an example, not applied. */
export function isQuoted(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 2), start);
  const after = text.slice(end, end + 2);
  if (/[「『“"‘'《〈（(【\[]\s*$/.test(before) && /^\s*[」』”"’'》〉）)】\]]/.test(after)) return true;
  return inCodeSpan(text, start, end);
}

/**
 * Set in brackets (【】〔〕〖〗[]() — the full-width ［］（） fold to the last two), not in quotation
 * marks: 【机密】 is a label set off, 「机密」 a word quoted.
 */
export function isBracketed(text: string, start: number, end: number): boolean {
  return /[【〔〖[(]\s*$/.test(text.slice(Math.max(0, start - 2), start)) && /^\s*[】〕〗\])]/.test(text.slice(end, end + 2));
}

/** Inside a Markdown code span on its line: an odd number of backticks before, one after. */
function inCodeSpan(text: string, start: number, end: number): boolean {
  // Bounded look-around: code spans are short, and long lines must not cost quadratic time.
  // The closing backtick first: almost no text has one, and then the ticks before are not counted.
  let after = text.slice(end, end + 200);
  const nl = after.indexOf('\n');
  if (nl >= 0) after = after.slice(0, nl);
  if (!after.includes('`')) return false;
  let before = text.slice(Math.max(0, start - 200), start);
  before = before.slice(before.lastIndexOf('\n') + 1);
  const ticksBefore = before.split('`').length - 1;
  return ticksBefore % 2 === 1;
}

/** Words that introduce an example or a rule about markings rather than a marking (a label may stand between: 例如密级：). */
const EXAMPLE_LEAD = /((?:标注|写法|写作|示例|格式)?如下|如|例如|比如|诸如|写法|写作|写为|写成|(?:就|应|应当|要|则|可)写|标注为|标注|标为|标明|标识为|格式为|示例|形如|即|字样|注明|是指|称为)\s*[:：]?\s*[「『“"‘《]?\s*(密级和保密期限|密级|保密期限)?\s*[:：]?\s*$/;

/** The document itself has been marked (此件已标明, 本材料已注明, 附件已标注): a statement about it, not an example. */
const MARKED_ALREADY = /(此|本|该|这)(件|份|文件|材料|通知|报告|附件|稿)?(已经|已)(被)?(标明|标注|注明|标为|定为|标识为)\s*[:：]?\s*$|附件(已经|已)(标明|标注|注明)\s*[:：]?\s*$/;

/** Whether the words before `start` say that this document or its attachment has been marked (此件已标明, 附件已标注). */
export function isStatedAsMarked(text: string, start: number): boolean {
  return MARKED_ALREADY.test(text.slice(Math.max(0, start - 16), start));
}

/** A label opening a line or cell (密级⇥, 密级：): a field, whose value nothing on the line above introduces. */
const LABEL_OPENS_LINE = /^\s*(?:密级和保密期限|密级及保密期限|密级|保密期限|秘密等级|保密等级)\s*[:：\t|│｜]?\s*$/;

export function isIntroducedAsExample(text: string, start: number): boolean {
  let before = text.slice(Math.max(0, start - 16), start);
  // …填报示例\n密级⇥机密: the lead word ends the line above (a form's row), the value is its own field's.
  const nl = before.lastIndexOf('\n');
  if (nl >= 0 && LABEL_OPENS_LINE.test(before.slice(nl + 1))) before = before.slice(nl + 1);
  return EXAMPLE_LEAD.test(before) && !MARKED_ALREADY.test(before);
}

/**
 * Running Chinese prose around the hit on its line: long, with sentence punctuation, and Chinese.
 * A Chinese marking amid Latin prose (a peer's English PDF with 机密★5年 drawn over its text, an
 * English e-mail) is no sentence about markings: it stands apart from the words around it.
 */
export function isRunningText(rest: string): boolean {
  return rest.replace(/\s/g, '').length > 16 && /[。，；、,;]|[的了是在和与对]/.test(rest) && countIdeographs(rest, 4) >= 4;
}

/** Ideographs in `s`, counted up to `enough`. */
function countIdeographs(s: string, enough: number): number {
  let n = 0;
  for (let i = 0; i < s.length && n < enough; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) n++;
  }
  return n;
}

const OPEN_QUOTES = '“「『';
const CLOSE_QUOTES = '”」』';

/**
 * Whether [start, end) lies inside a quotation on its line (an opening mark before it not yet
 * closed, its closing mark after it): `例如“本文件属机密级国家秘密，请按机密件管理。”` quotes a whole
 * sentence, not just the words next to the hit. Looks at most `reach` units either way.
 */
export function isInsideQuotation(text: string, start: number, end: number, reach = 60): boolean {
  // Quotations run over wrapped lines (PDF text): line breaks do not end them, the reach does.
  let depth = 0;
  for (let i = start - 1; i >= Math.max(0, start - reach); i--) {
    const c = text[i];
    const o = OPEN_QUOTES.indexOf(c);
    const k = CLOSE_QUOTES.indexOf(c);
    if (k >= 0) depth--;
    else if (o >= 0) {
      if (depth === 0) {
        const close = CLOSE_QUOTES[o];
        for (let j = end; j < Math.min(text.length, end + reach); j++) {
          if (text[j] === close) return true;
          if (OPEN_QUOTES.includes(text[j])) return false;
        }
        return false;
      }
      depth++;
    }
  }
  return false;
}
