/**
 * marking.cn-state-secret — 国家秘密标志 (绝密/机密/秘密 ★ period).
 *
 * Grammar (markings.md): level, ★, then a period (`5年`, `6个月`, `长期`), a declassification date
 * (`2025年12月31日`), a condition (`会议开始前`) or nothing. OCR never reads ★: 女/文/妇/又 or nothing
 * in the star's place are accepted when a period follows. The grammar alone does not decide: the
 * same words appear in regulations and FAQs. Layout does — a marking stands alone on its line or
 * cell, near the top, in a header, with a 份号 above or 紧急程度 below; prose around it, quotes and
 * "写法如" lead-ins push the score down.
 */
import { matchesAtTriggers, type Detector, type DetectContext, type RawFinding } from './types.ts';
import { Score, isIntroducedAsExample, isQuoted, isRunningText } from './cues.ts';
import { blockAt, cellAround, isDecoration, isMarkingRole } from './layout.ts';

const NUM = '[一二三四五六七八九十两〇零]';
const PERIOD = `长期|\\d{4}年\\d{1,2}月(?:\\d{1,2}日)?|\\d{1,3}个?月|\\d{1,3}年|${NUM}{1,4}(?:个月|年)`;
const MARK_RE = new RegExp(`(绝密|机密|秘密)(?:(★)|([^\\s\\d★]))?(${PERIOD})?`, 'y');
const LEVELS = ['绝密', '机密', '秘密'];
/** Look-alikes of 1 and 0 directly before 年 / 个月 (possibly with real digits between). */
const OCR_DIGIT_LOOKALIKES = /[\]|lI!Oo](?=\d*(?:年|个月))/g;
/** What OCR has been seen to read in the star's place; in OCR text any one character may stand there. */
const OCR_STARS = new Set([...'女文妇又如广大太去']);
const URGENCY = /^(特急|加急|特提|平急|急件)$/;
const COPY_NO = /^(份号)?[:：]?\d{6}$/;
/** Labels that may stand beside a marking in forms and routing slips. */
const LABEL_WORDS = ['密级和保密期限', '保密期限', '密级', '份号', '定密依据', '秘密等级'];
const LABELS = new RegExp(LABEL_WORDS.map((w) => (w === '份号' ? '份号[:：]?\\d*' : w)).join('|'), 'g');
/** Ideographs a label can end with just before a level word, or start with just after one. */
const LABEL_LAST = new Set(LABEL_WORDS.map((w) => w[w.length - 1]));
const LABEL_FIRST = new Set(LABEL_WORDS.map((w) => w[0]));

function isIdeograph(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 〇: 0, 零: 0 };

/** `十` → 10, `二十` → 20, `十五` → 15, `三` → 3. */
export function chineseNumeral(s: string): number {
  if (!s.includes('十')) return Number([...s].map((c) => CN_DIGIT[c] ?? 0).join(''));
  const [tens, ones] = s.split('十');
  return (tens ? CN_DIGIT[tens] ?? 1 : 1) * 10 + (ones ? CN_DIGIT[ones] ?? 0 : 0);
}

function periodInArabic(p: string): string {
  return p.replace(new RegExp(`${NUM}+`, 'g'), (m) => String(chineseNumeral(m)));
}

export const cnStateSecret: Detector = {
  id: 'marking.cn-state-secret',
  summary: 'Chinese state-secret marking (绝密/机密/秘密★period) standing as a marking',
  docs: 'marking-cn-state-secret',
  triggers: LEVELS,
  detect(ctx: DetectContext): RawFinding[] {
    const { norm, lines, part, blocks } = ctx;
    // OCR misreads digits of the period as look-alikes (1 → ] | l I, 0 → O o): read them as digits
    // there. Same-length replacements, so every offset stays valid.
    const text = part.role === 'ocr' ? norm.text.replace(OCR_DIGIT_LOOKALIKES, (c) => (/[Oo]/.test(c) ? '0' : '1')) : norm.text;
    const out: RawFinding[] = [];
    // Every marking starts with a level word, and the engine found them all: the grammar runs only there.
    for (const m of matchesAtTriggers(ctx, LEVELS, MARK_RE, text)) {
      const level = m[1];
      const star = m[2] !== undefined;
      let period: string | undefined = m[4];
      const start = m.index;
      let end = start + m[0].length;
      // 国家秘密 / 工作秘密 / 商业秘密 are not levels.
      if (level === '秘密' && /[家作业]$/.test(text.slice(Math.max(0, start - 1), start))) continue;
      let ocrStar: string | undefined = m[3];
      if (ocrStar && (!period || (!OCR_STARS.has(ocrStar) && part.role !== 'ocr'))) {
        // Not a star's place after all (机密性, 秘密文件): judge the level word alone.
        ocrStar = undefined;
        period = undefined;
        end = start + level.length;
      }
      // A bare level word with an ideograph against it (数据的机密性, 一项绝密任务) stands in a
      // sentence, not alone on a line or in a cell: leave before building any strings. An
      // ideograph that may end or start a label (密级机密, 机密密级) leaves it to the full check.
      if (!star && !ocrStar && !period && ((isIdeograph(text.charCodeAt(start - 1)) && !LABEL_LAST.has(text[start - 1])) || (isIdeograph(text.charCodeAt(end)) && !LABEL_FIRST.has(text[end])))) continue;
      const unusualStar = ocrStar !== undefined && !OCR_STARS.has(ocrStar);
      const line = lines.lineOf(start);
      const { start: ls, end: le } = lines.window(line, start, end);
      const lineText = text.slice(ls, le);
      let condition: string | undefined;
      if (star && !period) {
        // A declassification condition runs to the end of the line: `机密★会议开始前`.
        const tail = text.slice(end, le).trim();
        if (tail && tail.length <= 24 && /(前|后|止|时|为止)$/.test(tail) && !/[，。；,;]/.test(tail)) {
          condition = tail;
          end = le - (text.slice(end, le).length - text.slice(end, le).trimEnd().length);
        }
      }
      let base: number;
      let form: string;
      if (star && (period || condition)) [base, form] = [0.55, condition ? 'level★condition' : 'level★period'];
      else if (star) [base, form] = [0.5, 'level★ (legal maximum period)'];
      else if (ocrStar && period) [base, form] = [0.45, `level + "${ocrStar}" in the star's place (OCR) + period`];
      else if (period) [base, form] = [0.4, 'level + period, star missing'];
      else [base, form] = [0.25, 'level alone'];
      const score = new Score(base);
      const rest = (lineText.slice(0, start - ls) + ' ' + lineText.slice(end - ls)).replace(LABELS, '');
      const labelled = LABELS.test(lineText);
      LABELS.lastIndex = 0;
      // A bare level word inside prose (数据的机密性) is the common case: leave before the table look-up.
      if (!star && !ocrStar && !period && !isDecoration(rest) && !/[|│｜\t]| {3}|\u3000\u3000/.test(lineText)) continue;
      const cell = cellAround(lineText, start - ls, end - ls);
      const blk = blocks.length ? blockAt(blocks, norm.map[start]) : undefined;
      const alone = isDecoration(rest);
      const aloneInCell = !alone && cell.inTable && isDecoration(cell.cell.replace(text.slice(start, end), '').replace(LABELS, ''));
      // A bare level word in prose (机密性, 机密级) is no candidate: stop before the costlier cues.
      if (!star && !ocrStar && !period && !(alone || aloneInCell)) continue;
      // GB/T 9704 order flattened onto one line (alt text, <meta>, pasted text): 份号 → 密级 → 紧急程度.
      const before = text.slice(ls, start);
      const after = text.slice(end, le);
      const headerSequence = /(^|\s)(份号[:：]?)?\d{6}\s*$/.test(before) || /^\s*(特急|加急|特提|平急)(\s|$)/.test(after);
      if (alone) score.add('stands alone on its line', 0.3);
      else if (aloneInCell) score.add('stands alone in a table cell', 0.25);
      else if (headerSequence) score.add('in the GB/T 9704 sequence 份号 → 密级 → 紧急程度 on one line', 0.3);
      else if (isRunningText(rest)) score.add('inside running text', -0.3);
      if (labelled || (cell.inTable && cell.cells.some((c) => /^(密级|密级和保密期限|保密期限)[:：]?$/.test(c)))) score.add('labelled 密级', 0.1);
      const inMarkingPlace = isMarkingRole(part.role) || blk?.kind === 'table-cell' || blk?.kind === 'text-box';
      if (inMarkingPlace && (alone || aloneInCell || rest.trim().length <= 10)) score.add(`in a ${blk?.kind === 'table-cell' || blk?.kind === 'text-box' ? blk.kind : part.role}`, 0.15);
      const top = blk?.pageTop !== undefined ? blk.pageTop <= 0.2 : part.leading !== false && lines.contentLineNumber(line) <= 4;
      if (top && (alone || aloneInCell)) score.add('near the top of the page', 0.1);
      const above = lines.neighbour(line, -1);
      if (above && COPY_NO.test(above.replace(/\s/g, ''))) score.add('份号 (copy number) on the line above', 0.15);
      const below = lines.neighbour(line, 1);
      if ((below && URGENCY.test(below.replace(/\s/g, ''))) || (!headerSequence && /特急|加急/.test(rest))) score.add('紧急程度 beside it', 0.1);
      // "…通报定为机密★10年": a sentence stating that some material IS classified.
      if ((star || ocrStar) && (period || condition) && /(定为|定密为|确定为|标定为|列为|属于)$/.test(text.slice(Math.max(0, start - 3), start))) {
        score.add('a sentence states that material is classified at this level', 0.2);
      }
      if (isQuoted(text, start, end)) score.add('quoted', -0.4);
      if (isIntroducedAsExample(text, start)) score.add('introduced as an example', -0.4);
      if (!star && !ocrStar && !period && !(alone || aloneInCell)) continue;
      // In OCR text any character may stand in the star's place, but then only a marking's layout counts.
      if (unusualStar && !(alone || aloneInCell || headerSequence)) continue;
      const value = score.value;
      if (value < 0.2) continue;
      const fields: Record<string, string> = { level, form };
      if (period) fields.period = periodInArabic(period);
      if (condition) fields.condition = condition;
      out.push({
        ruleId: this.id,
        category: 'classification-marking',
        maxSeverity: 'block',
        score: value,
        start,
        end,
        message: `State-secret marking ${text.slice(start, end)} (${level}${period ? `, ${fields.period}` : condition ? `, until ${condition}` : ''})`,
        explanation: { pattern: form, normalized: text.slice(start, end), base, cues: score.cues, fields },
      });
    }
    return out;
  },
};
