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
import { findTriggers, hitStarts, type Detector, type DetectContext, type RawFinding, type TriggerHits } from './types.ts';
import { Score, isBracketed, isInsideQuotation, isIntroducedAsExample, isQuoted, isRunningText, isStatedAsMarked } from './cues.ts';
import { LineIndex, blockAt, cellAround, firstDroppedBlank, isDecoration, isMarkingRole, levelColumnOf, gapDroppedAt, originalHasGap, withDroppedTabs } from './layout.ts';
import { CUES, GRAMMAR_CUES, continuesSentence, detectWithJoinedLines, evaluateForms, exampleContextOf, formTriggers, splitTriggers, strongestOfOverlapping, type Candidate, type FormOptions, type MarkingForm } from './cn-forms.ts';
import { NOTICE_LINE, CONDITION_OPENING, DIGIT_GAP, LATIN_LEVEL, LEVEL_GRAMMAR_FORMS, LEVEL_LOOKALIKES, OCR_STAR_CHARS, wrappedAtTop } from './cn-forms.ts';
import type { PartRole } from '../types.ts';
import { message as msg } from '../i18n/index.ts';
import { originalIndex, originalSlice, SEPARATOR_MARKS } from '../normalize/normalize.ts';

// 大写数字 (伍, 拾, 壹拾) and 廿 are written for a period too (机密★伍年, 绝密★廿年), as in amounts on forms.
const NUM = '[一二三四五六七八九十两〇零壹贰叁肆伍陆柒捌玖拾廿]';
// Letter-spaced digits keep their spaces through normalization (`★ 1 0 年` → `★1 0年`).
// Two blanks between digits too: a letter-spaced line with wide spacing (★  2  0  2  5  年), or tabs (DIGIT_GAP).
// Blanks after 年 and 月 too, where a look-alike digit after them kept one (年 I 2月: see periodLookalikes).
const PERIOD = `长期|\\d(?:${DIGIT_GAP}\\d){3}年${DIGIT_GAP}\\d(?:${DIGIT_GAP}\\d)?月(?:${DIGIT_GAP}\\d(?:${DIGIT_GAP}\\d)?日)?|\\d(?:${DIGIT_GAP}\\d){0,2}个?月|\\d(?:${DIGIT_GAP}\\d){0,2}年|${NUM}{1,4}(?:个月|年)`;
const PERIOD_AT = new RegExp(`(?:${PERIOD})`, 'y');
// The star's place holds one character: a surrogate pair is one (机密🌟5年).
// A stray separator typed before the star (机密&★5年, 机密:★5年, 机密/★5年, 机密、★5年: a header's escaped &&, a form's colon) is no star's place;
// nor a dash or a dot (the normalizer drops them between ideographs, but not across a line break joined later: 机密-⏎★10年).
// A space the normalizer keeps beside such a separator (机密： ★10年, 秘密 、★1年) goes with it.
// A star typed twice (机密★★5年) is one star. The same separator before a symbol or OCR star (秘密&○1年,
// 机密、※10年) only when a period follows it.
// In a letter-spaced line a symbol that is no ideograph keeps its blanks (秘 密 X 6 个 月 → 秘密 X 6个月,
// 绝 密 x 启 用 前, 秘  密  x  1  年): the blanks on each side of it (one or two, or a tab), before a
// period or a condition, are the spacing's (those after it only after those before it).
// A line spaced with two blanks keeps both around such a separator (绝  密  :  ★  启  用  前).
// Every separator the normalizer drops between characters counts (秘密·⏎★1年 joined keeps its ·).
const SEPARATORS = SEPARATOR_MARKS.map((u) => `\\u${u.toString(16).padStart(4, '0')}`).join('');
const MARK_RE = new RegExp(`(绝密|机密|秘密)(?:(?: {0,2}[&:;,#@_~^|/、.\\-${SEPARATORS}] {0,2})?(★)★?|(?:[&:;,_~^|/、.\\-${SEPARATORS}](?=[^\\s\\d★](?:${PERIOD}))|[ \\t]{1,2}(?=[^\\s\\d★\\u4e00-\\u9fff][ \\t]{1,2}(?:${PERIOD}|[\\u4e00-\\u9fff])))?([\\ud800-\\udbff][\\udc00-\\udfff]|[^\\s\\d★]))?(?:(?<=[ \\t][^\\s\\d★])[ \\t]{1,2}(?=${PERIOD}|[\\u4e00-\\u9fff]))?(${PERIOD})?`, 'y');
const LEVELS = ['绝密', '机密', '秘密'];
/** Whether a level word (绝密, 机密, 秘密) starts at `at`: where {@link MARK_RE} can match. */
function levelAt(text: string, at: number): boolean {
  if (text.charCodeAt(at + 1) !== 0x5bc6) return false;
  const c = text.charCodeAt(at);
  return c === 0x7edd || c === 0x673a || c === 0x79d8;
}
/** 国家秘密 / 工作秘密 / 商业秘密: 家, 作, 业 before 秘密 make it no level. */
const NOT_LEVEL_AFTER = new Set([0x5bb6, 0x4f5c, 0x4e1a]);
/** Look-alikes of 1 and 0 directly before 年 / 个月 (possibly with real digits between). */
const OCR_DIGIT_LOOKALIKES = /[\]|lI!Oo](?=\d*(?:年|个月))/g;
/** A period with one stray stroke OCR read in a letter-spaced gap before its unit (5人年, 10八个月). */
const OCR_NOISY_PERIOD = /(\d{1,2})[人入八乂丿](年|个月)/y;
/** Units that are a digit or OCR's look-alike of 1 or 0 (l I | ] ! O o). */
const DIGITISH = new Set([...'0123456789lI|]!Oo'].map((c) => c.charCodeAt(0)));
/** A period or date whose digits may be look-alikes (lO年, 2O25年l2月3l日, l2个月), from where it starts. */
// Letter-spaced too (2 o 2 5年 I 2月3 I日: the normalizer keeps the blanks beside a letter).
const PERIOD_LOOKALIKE_RUN = /(?:[ \t]{0,2}[\dlI|\]!Oo](?:[ \t]{0,2}[\dlI|\]!Oo]){0,3}[ \t]{0,2}(?:年|个月|月|日)){1,3}/y;
/**
 * `text` with look-alikes of 1 and 0 read as digits in a period or date right after a level word
 * and its star's place (机密★2O25年l2月3l日, 秘密●I年, 机密★（lO年）): OCR's misreads, pasted into a
 * typed file or typed to slip past a filter. Same-length replacements; only the few units after
 * each level word are looked at, and the text is copied only where one is rewritten.
 */
function periodLookalikes(ctx: DetectContext, text: string): string {
  let out: string | undefined;
  const hits = ctx.hits ?? findTriggers(ctx.norm.text, TRIGGERS);
  for (let k = 0; k < hits.count; k++) {
    const t = TRIGGERS[hits.triggers[k]];
    if (!PERIOD_OWNERS.has(t)) continue;
    // Where the period starts: within the star's place, a separator and a bracket after the level.
    let p = hits.starts[k] + t.length;
    const stop = Math.min(text.length, p + 4);
    while (p < stop && !DIGITISH.has(text.charCodeAt(p))) p++;
    if (p >= stop) continue;
    PERIOD_LOOKALIKE_RUN.lastIndex = p;
    const m = PERIOD_LOOKALIKE_RUN.exec(text);
    if (!m || /^[\d年个月日 \t]*$/.test(m[0])) continue;
    const fixed = m[0].replace(/[lI|\]!Oo]/g, (c) => (c === 'O' || c === 'o' ? '0' : '1'));
    out = (out ?? text).slice(0, p) + fixed + (out ?? text).slice(p + fixed.length);
  }
  return out ?? text;
}
/** The units of an asterisk (ASCII, full-width) in the original: the fold table reads both as ★. */
const ASTERISK_UNITS = new Set([0x2a, 0xff0a]);
/** Whether normalized unit `i` is a ★ that was typed as an asterisk. */
function asteriskAt(norm: DetectContext['norm'], text: string, i: number): boolean {
  if (text.charCodeAt(i) !== STAR) return false;
  const o = originalIndex(norm, i);
  return ASTERISK_UNITS.has(originalSlice(norm, o, o + 1).charCodeAt(0));
}
/**
 * `text` with Markdown emphasis around a level word blanked (same length): `**绝密**`, `*秘密*：`
 * — the same run of asterisks right before the level and right after it, nothing a mark goes on
 * with (a period, a condition, another star) after the closing run. The fold table reads `*` as ★,
 * so `| **绝密** |` read as 绝密★★, a whole mark, in a table defining the levels. The level is then
 * judged bare, as in the rendered text. `机密*5年` (no run before) and `**机密★5年**` (a real ★
 * after the level) keep their star.
 */
function markdownEmphasis(ctx: DetectContext, text: string): string {
  let out: string | undefined;
  const { norm } = ctx;
  const hits = ctx.hits ?? findTriggers(norm.text, TRIGGERS);
  for (let k = 0; k < hits.count; k++) {
    const at = hits.starts[k];
    if (!levelAt(text, at) || text.charCodeAt(at - 1) !== STAR) continue;
    const end = at + 2;
    let s = at;
    while (s > 0 && at - s < 4 && asteriskAt(norm, text, s - 1)) s--;
    let e = end;
    while (e < text.length && e - end < 4 && asteriskAt(norm, text, e)) e++;
    if (s === at || e - end !== at - s || text.charCodeAt(s - 1) === STAR || text.charCodeAt(e) === STAR) continue;
    if (e < text.length && /[\p{L}\p{N}]/u.test(text[e])) continue;
    const blanks = ' '.repeat(e - end);
    out = (out ?? text).slice(0, s) + blanks + (out ?? text).slice(at, end) + blanks + (out ?? text).slice(e);
  }
  return out ?? text;
}
/** The star's place after a level: ★ (doubled), a symbol or letter typed for it, what OCR reads there. */
const STAR_PLACE = `(?:★★?|[^\\s\\d\\u4e00-\\u9fff]|[${OCR_STAR_CHARS}])`;
/** A level's line, after the level, ending inside a period: the star's place, a bracket, digits (机密又5⏎年, 机密●2025年12⏎月31日, 秘密x6个⏎月). */
const BROKEN_PERIOD_HEAD = new RegExp(`^${STAR_PLACE}?\\s*[(\\[【〔〖/]?\\s*(?:\\d{1,4}(?:年(?:\\d{1,2}(?:月\\d{0,2})?)?|个)?|长)$`);
/** …and the next line going on with it: the rest of the digits and their unit, the month after a year, 月 after 个, 期 after 长 (not 2024年度… under 机密★5年). */
function continuesPeriod(head: string, next: string): boolean {
  if (!BROKEN_PERIOD_HEAD.test(head)) return false;
  const last = head.charCodeAt(head.length - 1);
  if (last === 0x5e74) return /^\d{1,2}月/.test(next); // 年
  if (last === 0x4e2a) return next.charCodeAt(0) === 0x6708; // 个 → 月
  if (last === 0x957f) return next.charCodeAt(0) === 0x671f; // 长 → 期
  if (last === 0x6708) return /^\d{1,2}日/.test(next); // 月 → the day
  return /^\d{0,3}(?:年|个月|月|日)/.test(next);
}
/** A level's line ending with the star's place alone (★, a symbol or letter for it, what OCR reads there): 秘密X⏎1年. */
const STAR_PLACE_HEAD = new RegExp(`^${STAR_PLACE}$`);
/** …and the next line a whole period, alone or before a blank or a bracket (not 2024年度… under 机密★). */
const PERIOD_LINE = new RegExp(`^[(\\[【〔〖/]?\\s*(?:${PERIOD})[)\\]】〕〗]?(?:\\s|$)`);
/** A level's line, after the level, ending inside a condition (秘密●会议结束⏎后, 纟色密★启用⏎前). */
// Without a star's place (the normalizer dropped a · there: 绝密·启用⏎前) only a condition's usual opening words.
const BROKEN_CONDITION_HEAD = new RegExp(`^(?:(?:★★?|[^\\s\\d\\u4e00-\\u9fff])\\s*[\\u4e00-\\u9fff]{1,8}|[女文妇又][\\u4e00-\\u9fff]{2,8}|${CONDITION_OPENING}[\\u4e00-\\u9fff]{0,6})$`);
const BROKEN_CONDITION_REST = /^[\u4e00-\u9fff]{0,6}[前后时止][)\]】〕〗>〉」』”》]?$/;
/** The same without a star's place, broken inside its opening word (绝密·启⏎用前): the two lines joined. */
const BROKEN_OPENING = new RegExp(`^${CONDITION_OPENING}[\\u4e00-\\u9fff]{0,6}[前后时止][)\\]】〕〗>〉」』”》]?$`);
/** Bopomofo tone marks (ˊ ˋ ˇ ˙). */
const TONE_MARKS = new Set([0x02ca, 0x02cb, 0x02c7, 0x02d9]);
/** A level's line ending with the level or a separator, the star opening the next (机密、⏎★10年). */
const BROKEN_STAR_HEAD = /^[^\s\d\u4e00-\u9fff★]?$/;

/**
 * Line breaks inside a mark after its level (a level or a look-alike): offsets of the `\n`, for
 * {@link detectWithJoinedLines} to join the two lines when both are short, as it joins a level
 * broken in two. Only a break within a mark's reach of the level counts, and only when the two
 * sides are the pieces of a period, a condition or a star and what follows it.
 */
function brokenMarks(ctx: DetectContext, hits: TriggerHits): number[] {
  const text = ctx.norm.text;
  const out: number[] = [];
  for (let k = 0; k < hits.count; k++) {
    const t = TRIGGERS[hits.triggers[k]];
    if (!PERIOD_OWNERS.has(t)) continue;
    let from = hits.starts[k] + t.length;
    // A toneless Bopomofo trigger (ㄐㄧㄇㄧ) inside a toned spelling: the tone mark is the level's.
    while (from < text.length && TONE_MARKS.has(text.charCodeAt(from))) from++;
    const stop = Math.min(text.length, from + 12);
    let nl = from;
    while (nl < stop && text.charCodeAt(nl) !== 0x0a) nl++;
    if (nl >= stop) continue;
    const head = text.slice(from, nl).trim();
    let e = nl + 1;
    while (e < text.length && e < nl + 16 && text.charCodeAt(e) !== 0x0a) e++;
    const next = text.slice(nl + 1, e).trim();
    if (next === '') continue;
    if (
      continuesPeriod(head, next) ||
      (BROKEN_CONDITION_HEAD.test(head) && BROKEN_CONDITION_REST.test(next)) ||
      (BROKEN_STAR_HEAD.test(head) && next.charCodeAt(0) === STAR) ||
      (STAR_PLACE_HEAD.test(head) && PERIOD_LINE.test(next)) ||
      (head.length === 1 && BROKEN_OPENING.test(head + next))
    )
      out.push(nl);
  }
  brokenLatinMarks(ctx, out);
  return out;
}

/** A level spelt in Latin letters ending right before ★ (a separator typed between or not): the whole of what is tested. */
const LATIN_BEFORE_STAR = new RegExp(`(?<![a-z])(?:${LATIN_LEVEL})\\s*(?:[&:;,#@_~^|/、.\\-·]\\s*)?★$`, 'i');
/**
 * Line ends inside a level spelt in Latin letters whose ★ opens or closes the next line's first
 * units (jīm⏎ì★5年, Jue M⏎i★长期, MIMI⏎★会议结束后): no trigger holds the whole spelling, so each ★
 * near a line's start is looked at with the short line above joined to it.
 */
function brokenLatinMarks(ctx: DetectContext, out: number[]): void {
  const text = ctx.norm.text;
  const lines = ctx.lines;
  for (let p = text.indexOf('★'); p >= 0; p = text.indexOf('★', p + 1)) {
    const l = lines.lineOf(p);
    if (l === 0) continue;
    const start = lines.lineStart(l);
    if (p - start > 12) continue;
    const nl = lines.lineEnd(l - 1);
    const above = text.slice(lines.lineStart(l - 1), nl).trim();
    if (above.length === 0 || above.length > 12) continue;
    const joined = above + text.slice(start, p + 1).trimStart();
    const m = LATIN_BEFORE_STAR.exec(joined);
    // Only a spelling that begins on the line above is broken by its end.
    if (m && m.index < above.length) out.push(nl);
  }
}
/** What OCR has been seen to read in the star's place; in OCR text any one character may stand there. */
const OCR_STARS = new Set([...OCR_STAR_CHARS]);
const OCR_STAR_UNITS = new Set([...OCR_STARS].map((c) => c.charCodeAt(0)));
/** `OCR_STARS.has(s)` by code unit: `s` is a character just cut from the text, a new string to hash each time. */
function isOcrStar(s: string): boolean {
  return s.length === 1 && OCR_STAR_UNITS.has(s.charCodeAt(0));
}
/**
 * A symbol typed in the star's place (机密▲5年, 机密●5年, 机密※5年): a stand-in for ★, not a letter of
 * prose — no ideograph, letter or digit, no clause punctuation, quote or bracket. Judged like an OCR
 * star (only a marking's layout makes it one).
 */
const SYMBOL_STAR = /^[\p{S}\p{Po}]$/u;
/** A line defining the level word above it: 是……国家秘密, 指……的损害 (是否…, a question, is not). */
// 指/即 begin names too (指挥部, 即墨区): not a definition there.
const DEFINITION_START = /^\s*[:：]?\s*(?:(是(?!否)|指(?![挥导南示定令标出])|即(?![墨将日时使便刻])|系指)[^\n]{0,30}(国家秘密|损害)|(?:绝密|机密|秘密)级?(?:的)?国家秘密\s*(?:是|指|即|系指)|(?:最重要|重要|一般)的国家秘密)/;
/** A line of a document's head near a level alone: what makes the level that document's marking (see {@link corroborated}). */
// A title however worded (…设计方案, …会议纪要, …的通知), an issuer, a document number, the addressees, a request to the reader.
const DOC_TITLE_LINE = /^[^。，；,;！？!?：:]{2,40}(?:方案|报告|规划|计划|纪要|通知|意见|请示|汇报|清单|汇编|说明|总结|办法|规定|细则|材料|要点|文件|决定|批复|通报|简报|函|台账|名册|预案|(?:统计|登记|明细|一览|汇总|情况|审批|申请)表)[)）]?$/;
const ISSUER_LINE = /^[\u4e00-\u9fff（）()]{2,30}(?:局|厅|委员会|办公室|办公厅|人民政府|政府|研究院|设计院|研究所|中心|公司|集团|委)$/;
const REQUEST_LINE = /(?:^|[，,。])请[^。]{0,24}(?:答复|报送|回复|反馈|执行|办理|审阅|批示|阅示|核示|研究|贯彻|落实)/;
const DOC_NUMBER_IN_LINE = /〔(?:19|20)\d{2}〕\d+号/;
/** A numbered list item (1. 2、 (3)) — the normalizer drops the dot before an ideograph: `1绝密`. */
const LIST_NUMBER_BEFORE = /^\s*(?:\d{1,3}[.、)]?|[(]\d{1,3}[)])\s*$/;
const LIST_ITEM_LINE = /^\s*(?:\d{1,3}[.、)]?|[(]\d{1,3}[)])\s*(?!\d)\S/;
const NOT_SYMBOL_STAR = new Set([...',.;:!?、。，；：！？…‥\'"＂＇·/\\%#&@'].map((c) => c.charCodeAt(0)));
/**
 * An x typed for ★ (or for ×), or a # (the keyboard's nearest to a star), before a period (机密x5年,
 * 机密#5年): judged as a symbol there, never alone (机密x, #机密# stay words and tags).
 */
function isLetterCross(s: string): boolean {
  // A middle dot too, where the normalizer kept it (机密·l0年: a look-alike digit after it is no digit yet).
  return s === 'x' || s === 'X' || s === '#' || s === '·';
}
/**
 * A letter of a script other than Han or Latin (ж, Ψ, ア, ㄨ, ⵣ): typed in the star's place between a
 * level and its period (机密ж5年) it passes for a star at a glance, as no letter of prose stands there.
 * Judged like a symbol for ★, but a human decides (review): the star is not there.
 */
const FOREIGN_LETTER = /^(?![\p{Script=Han}A-Za-z])\p{L}$/u;
function isForeignLetterStar(s: string): boolean {
  return FOREIGN_LETTER.test(s);
}
function isSymbolStar(s: string): boolean {
  return (s.length === 1 || (s.length === 2 && s.codePointAt(0)! > 0xffff)) && !NOT_SYMBOL_STAR.has(s.charCodeAt(0)) && SYMBOL_STAR.test(s);
}
const URGENCY = /^(特急|加急|特提|平急|急件)$/;
/** 紧急程度 written right after the level (a flattened header row `机密 特急` → `机密特急`). */
const URGENCY_AFTER = /^(特急|加急|特提|平急)(?![\u4e00-\u9fff])/;
const COPY_NO = /^(份号)?[:：]?\d{6}$/;
/** Labels that may stand beside a marking in forms and routing slips. */
const LABEL_WORDS = ['密级和保密期限', '保密期限', '密级', '份号', '定密依据', '秘密等级'];
/** A line saying in which cases a mark is used (适用于……的情形, 用于……的情况): an explanation of the form above it. */
const EXPLAINED_BELOW = /^\s*[:：]?\s*(?:适用于|用于|表示|是指|指的是|意为|意思是)[^\n]{0,40}(?:情形|情况|场合|时候)[。.；;]?\s*$/;
/**
 * The line above ends with a 密级 label (<密级>, 份号：000123　密级：) — not a heading or a title whose
 * noun phrase ends so (# 国家秘密的密级, 定密工作中的密级), not a level with its 级 (## 绝密级).
 */
const LABEL_LINE_ABOVE = /^(?!\s*#)(?=.*(?<![绝机秘的之])(?:密级|秘密等级)\s*[>】\])]?\s*[:：]?$|.*(?:密级|秘密等级)\s*[>】\])]?\s*[:：]$)/;
// 密级 inside a level with its 级 (绝密级, 机密级, 秘密级) is no label.
const LABELS = new RegExp(LABEL_WORDS.map((w) => (w === '份号' ? '份号[:：]?\\d*' : w.startsWith('密级') ? `(?<![绝机秘])${w}` : w)).join('|'), 'g');
/**
 * A copy number (份号: six digits, unlabelled or after № / No.) beside a mark on its line
 * (机密★5年　000123, №000123 秘密★1年): part of the marking block, no prose around it.
 */
const COPY_NUMBER_BESIDE = /(?<![\p{L}\p{N}])(?:№|No\.?)?\s?\d{6}(?!\p{N})/giu;
/** The same copy number, or a 紧急程度 word, right after a mark closing its line (…办公室 机密★5年 №000123). */
const TRAILER = /^\s*(?:(?:份号\s*[:：]?\s*|№\s?|No\.?\s?)?\d{6}(?!\p{N})|(?:特急|加急|特提|平急)(?![\u4e00-\u9fff]))/iu;
/** The rest of a line asking about the mark that opens it: a question mark, or 怎么/如何/什么/吗/含义/是指/意思. */
const QUESTION_AFTER = /[?？]|怎么|怎样|怎幺|如何|什么|吗|含义|是指|意思/;
/** A line of prose ending in a verb that leads to what the next line holds (…在首页左上角标注了, 封面印有). */
const LEAD_VERB_END = /(?:标注了|标注着|印有|印着|写有|标有|注明了|写着)\s*$/;
/** A 密级 label right before a mark (密级：, 【密级】, 密级(保密期限):, 密级/保密期限：), in normalized text. */
const LABEL_BEFORE_MARK = /[【\[(]?(?:密级|秘密等级)(?:\s*(?:[/和及与]|[(（])\s*保密期限\s*[)）]?)?\s*[】\])]?\s*[:：]?\s*$/;
/** An issuer's name (…办公室, …委员会文件, …有限公司) that a mark may close, written against it. */
const ISSUER_END = /(?:办公室|办公厅|政府|委员会|文件|公司|集团|局|厅|委|部|院|中心)\s*$/;
/** Ideographs a label can end with just before a level word, or start with just after one. */
const LABEL_LAST = new Set(LABEL_WORDS.map((w) => w[w.length - 1]));
const LABEL_FIRST = new Set(LABEL_WORDS.map((w) => w[0]));
const LABEL_LAST_UNITS = new Set([...LABEL_LAST].map((c) => c.charCodeAt(0)));
const LABEL_FIRST_UNITS = new Set([...LABEL_FIRST].map((c) => c.charCodeAt(0)));
/** First units of the 紧急程度 words {@link URGENCY_AFTER} looks for. */
const URGENCY_FIRST = new Set([...'特加平'].map((c) => c.charCodeAt(0)));
/** Units a period ({@link PERIOD}) can start with: 长, a digit, a Chinese numeral. */
/** What may stand between the level and a period in brackets: a blank, or a separator the normalizer keeps before a bracket (· - _ . ・ •). */
const BEFORE_BRACKETED_PERIOD = new Set([...' ·-_.・•'].map((c) => c.charCodeAt(0)));
/** Where a period set off in brackets or by a slash may open right after the level (see {@link BRACKETED_PERIOD}). */
const PERIOD_OPENERS = new Set([...'([【〔〖/'].map((c) => c.charCodeAt(0)));
/** A period in brackets, or after a slash, right after the level: 机密(5年), 机密【5年】, 机密/5年, 机密(保密期限:5年). */
// `end`: what may not follow a period after a slash or separator (a digit or 年/月: part of a longer
// number); empty for the blank-ended variant of periodSetOff.
const bracketedPeriod = (end: string): RegExp => new RegExp(`(?:[(\\[【〔〖]\\s*(?:保密期限\\s*:?\\s*)?(${PERIOD})\\s*[)\\]】〕〗]|/\\s*(${PERIOD})${end})`, 'y');
const NOT_A_LONGER_NUMBER = '(?![\\d年月])';
const BRACKETED_PERIOD = bracketedPeriod(NOT_A_LONGER_NUMBER);
/** {@link BRACKETED_PERIOD} without its no-digit-after check (see {@link periodSetOff}). */
const BRACKETED_PERIOD_BLANK_END = bracketedPeriod('');
/**
 * A period set off after the star: in brackets (机密★（5年）, 机密★【5年】, 机密★〈5年〉) or after one
 * separator (机密★/5年, 机密★：5年, 机密★,5年), as one set off after the level is. Not in 《》 (a title)
 * or in quotation marks.
 */
// In a letter-spaced line a blank is kept before the separator too (机 密 ★ 、 2 0 2 5 年: ★ 、 2 0 2 5年).
const periodAfterStar = (end: string): RegExp => new RegExp(`(?:[(\\[【〔〖<〈]\\s*(${PERIOD})\\s*[)\\]】〕〗>〉]| {0,2}[&:;,_~^|/、.\\-]\\s*(${PERIOD})${end})`, 'y');
const PERIOD_AFTER_STAR = periodAfterStar(NOT_A_LONGER_NUMBER);
/** The same without the check that no digit follows, for a period whose end the original set off with a blank the normalizer dropped (★、2025年12月31日　000123: a copy number after it). */
const PERIOD_AFTER_STAR_BLANK_END = periodAfterStar('');

/**
 * A period set off from the level or its star (`re`, sticky) at `at`. A digit right after such a
 * period makes it part of a longer number (机密★、2025年…), unless the original set the two apart by a
 * blank the normalizer dropped (机密★、2025年12月31日　000123, 秘密/1年　000123: a copy number after it):
 * then `blankEnd`, the same pattern without that check, is taken.
 */
function periodSetOff(re: RegExp, blankEnd: RegExp, text: string, at: number, norm: DetectContext['norm']): RegExpExecArray | null {
  re.lastIndex = at;
  const p = re.exec(text);
  if (p) return p;
  blankEnd.lastIndex = at;
  const q = blankEnd.exec(text);
  const after = q ? at + q[0].length : -1;
  return q && firstDroppedBlank(norm, after - 1, after + 1) === after ? q : null;
}
/** Units {@link PERIOD_AFTER_STAR} can start with: only there is it tried after an OCR or symbol star. */
const AFTER_STAR_OPENERS = new Set([...'([【〔〖<〈&:;,_~^|/、.-'].map((c) => c.charCodeAt(0)));
/** One separator opening the tail after a star (★|启用前). */
const SEPARATOR_LEAD = /^\s*[&:;,_~^|/、.\-]\s*/;
/** Brackets around a declassification condition (绝密★（启用前）), or closing the bracket a mark opened ((绝密★启用前)). */
const CONDITION_IN_BRACKETS = /^\s*[(\[【〔〖<〈]\s*([^)\]】〕〗>〉]*?)\s*[)\]】〕〗>〉]\s*$/;
// Corner quotes too: 「绝密★启用前」 is weighed as quoted, but its condition is one.
// Quotation and title marks too: “绝密★启用前” and 《绝密★启用前》 alone on a line (see wrappedAtTop).
const CLOSING_BRACKET_END = /\s*[)\]】〕〗>〉」』”’》]\s*$/;
const OPENING_BRACKETS = new Set([...'([【〔〖<〈「『“‘《'].map((c) => c.charCodeAt(0)));
/** A copy number after a condition (绝密★启用前 №000123): not part of it. */
const COPY_NUMBER_END = /\s*(?:份号\s*[:：]?\s*|№\s?|No\.?\s?)?\d{6}\s*$/i;
/** One symbol (no letter, digit or space): what the normalizer may drop in the star's place. */
const DROPPED_STAR = /^[^\p{L}\p{N}\s]$/u;
const PERIOD_START = new Set([...'长0123456789一二三四五六七八九十两〇零壹贰叁肆伍陆柒捌玖拾廿'].map((c) => c.charCodeAt(0)));
const STAR = 0x2605;
const LEVEL_BY_FIRST = new Map(LEVELS.map((l) => [l.charCodeAt(0), l] as const));
/** Whitespace as `\s` knows it (ECMAScript WhiteSpace and LineTerminator). */
function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** A line that may be a table row: a level word alone in one of its cells is no prose. */
const TABLE_HINT = /[|│｜\t]| {3}|\u3000\u3000/;
/** Ideographs that the labels, 紧急程度 words and footnote marks removed around a level are made of. */
const REMOVABLE_AROUND = new Set([...LABEL_WORDS.join(''), ...'特急加急特提平急注'].map((c) => c.charCodeAt(0)));

/**
 * Whether [ls, le) holds, outside the hit [start, end), an ideograph that is part of no label,
 * 紧急程度 word or footnote mark: then the line's rest is not decoration (see `rest` below).
 * Looks outward from the hit, so prose answers after a unit or two.
 */
function proseBeside(text: string, ls: number, le: number, start: number, end: number): boolean {
  for (let i = end; i < le; i++) {
    const c = text.charCodeAt(i);
    if (isIdeograph(c) && !REMOVABLE_AROUND.has(c)) return true;
  }
  for (let i = start - 1; i >= ls; i--) {
    const c = text.charCodeAt(i);
    if (isIdeograph(c) && !REMOVABLE_AROUND.has(c)) return true;
  }
  return false;
}

/** English glosses printed beside a level (机密 CONFIDENTIAL), letter-spaced or not: not prose around it. */
const GLOSS_WORDS = ['TOP SECRET', 'SECRET', 'CONFIDENTIAL', 'CLASSIFIED', 'RESTRICTED', 'INTERNAL USE ONLY', 'INTERNAL'];
const spaced = (w: string): string => w.split(' ').map((x) => [...x].join(' ?')).join('\\s+');
const GLOSS = new RegExp(`\\b(?:${GLOSS_WORDS.map(spaced).join('|')})(?:\\s+for\\s+\\d+\\s+years?)?\\b|(?:^|\\s)(?:${[...new Set(GLOSS_WORDS.flatMap((w) => [...w.replace(/ /g, '')].map((_, i) => w.replace(/ /g, '').slice(0, i + 1))))].join('|')})\\s*$`, 'gi');
/** Roles holding a metadata field's value: a level opening it or listed in it is a marking. */
const FIELD_ROLES: ReadonlySet<PartRole> = new Set<PartRole>(['properties', 'metadata', 'title', 'attachment-name', 'form-field', 'alt-text']);
const grammarForm = (id: string): MarkingForm => LEVEL_GRAMMAR_FORMS.find((f) => f.id === id)!;
const ENUMERATION = CUES['level-enumeration'];
const EXAMPLE_HEADING_CUE = CUES['example-heading'];
const RULE_TEXT = CUES['rule-text'];
const DISCUSSED = CUES.discussed;

/**
 * Where the table cell holding `from` ends: the first `|│｜` or tab, or run of three spaces, at or
 * after `from` on its line (else `lineEnd`). Looks no further than `limit`: -1 when the cell runs past it.
 */
function cellCut(text: string, from: number, lineEnd: number, limit = lineEnd): number {
  const stop = Math.min(lineEnd, limit);
  for (let i = from; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x7c || c === 0x2502 || c === 0xff5c || c === 0x09) return i;
    if (c === 0x20 && i + 2 < lineEnd && text.charCodeAt(i + 1) === 0x20 && text.charCodeAt(i + 2) === 0x20) return i;
  }
  return stop === lineEnd ? lineEnd : -1;
}

/** The rest of a line after `from`, up to the end of its table cell. */
function cellTail(text: string, from: number, lineEnd: number): string {
  return text.slice(from, cellCut(text, from, lineEnd));
}

/**
 * How far the tail of a hit's cell is read before deciding: a condition is at most 24 units, so a
 * prose line thousands of units long is not read (and searched) to its end for every level word in it.
 */
const TAIL_PEEK = 32;

/**
 * The cell tail after `from` when it ends within {@link TAIL_PEEK} units; else its first TAIL_PEEK
 * units, and `long`.
 */
function peekCellTail(text: string, from: number, lineEnd: number): { t: string; long: boolean } {
  const cut = cellCut(text, from, lineEnd, from + TAIL_PEEK);
  return cut >= 0 ? { t: text.slice(from, cut), long: false } : { t: text.slice(from, from + TAIL_PEEK), long: true };
}

/** Sentence punctuation no declassification condition holds ({@link isCondition}). */
function isSentencePunctuation(c: number): boolean {
  return c === 0xff0c || c === 0x3002 || c === 0xff1b || c === 0x2c || c === 0x3b;
}

/**
 * Whether sentence punctuation stands in the cell from `from` before its end (a cell separator or
 * the line's end, as {@link cellCut} sees them): then the cell's tail is no condition, whatever
 * its length. Level words in prose (机密级国家秘密是…，) answer here within a few units, without
 * the tail being cut out, trimmed and tested.
 */
function punctuatedCell(text: string, from: number): boolean {
  const stop = Math.min(text.length, from + TAIL_PEEK);
  for (let i = from; i < stop; i++) {
    const c = text.charCodeAt(i);
    if (isSentencePunctuation(c)) return true;
    if (c === 0x0a || c === 0x7c || c === 0x2502 || c === 0xff5c || c === 0x09 || c === 0x20) return false;
  }
  return false;
}

/** An ideograph other than 注 (which a footnote mark may take away): decoration never holds one. */
const NOT_DECORATION = /[\u3400-\u4dbf\u4e00-\u6ce7\u6ce9-\u9fff]/;

/**
 * Whether a cell tail longer than {@link TAIL_PEEK} units, of which `head` is the beginning, may
 * still be decoration or trim to a condition (≤ 24 units): the full tail must then be read. Once
 * trimmed, `head` spanning more than 24 units makes the tail longer; an ideograph in it (注 aside)
 * makes it no decoration.
 */
function longTailMayMatter(head: string): boolean {
  return !(head.trim().length > 24 && NOT_DECORATION.test(head));
}

/** Whether a cell tail longer than {@link TAIL_PEEK} units may trim to a condition (≤ 24 units). */
function longTailMayBeCondition(head: string): boolean {
  return head.trim().length <= 24;
}

/**
 * A declassification condition opening the text from `from` and ending where the original has a
 * separator the normalizer dropped between ideographs (alt text `机密妇会议开始前 物资分布示意图`).
 * `t` is the cell tail from `from`, or its first {@link TAIL_PEEK} units (only the first 25 are read).
 */
function conditionOpening(t: string, norm: DetectContext['norm'], from: number): string | undefined {
  for (let i = 2; i < Math.min(t.length - 1, 24); i++) {
    if (!/[前后止时]/.test(t[i])) continue;
    const cand = t.slice(0, i + 1);
    const at = from + i + 1;
    if (isCondition(cand) && /[\s\-_—–·|/,，;；:：]/.test(originalSlice(norm, originalIndex(norm, at - 1) + 1, originalIndex(norm, at)))) return cand;
  }
  return undefined;
}

/** An instruction to fill in the level, ending in its label and colon (请注明密级：, 填写密级和保密期限：). */
const FILLED_LABEL = /(注明|标明|填写|填明)\s*(密级和保密期限|密级及保密期限|密级|保密期限)\s*[:：]\s*$/;

/**
 * A register row of declassified items: a cell of the row says the level was lifted (解除, 已解密), or
 * a header line above names the column the former level (原密级, 解密前密级). The level is an
 * item's former one, published with the notice that lifts it, not this document's marking.
 */
function declassifiedRow(ctx: DetectContext, text: string, line: number, ls: number, le: number): boolean {
  const row = withDroppedTabs(ctx.norm, text, ls, le).text;
  if (row.split(/\t|[|│｜]/).some((cell) => /^\s*(?:已?解除(?:密级)?|已?解密|降密|降为[^\s]{0,4})\s*$/.test(cell))) return true;
  for (let l = line - 1; l >= Math.max(0, line - 8); l--) {
    if (/原密级|解密前(?:的)?密级|原定密级/.test(ctx.lines.lineText(l))) return true;
  }
  return false;
}

/** Whether the original has a dash or underscore right after normalized unit `end - 1` (the normalizer may drop it between ideographs). */
function originalHasDash(norm: DetectContext['norm'], end: number): boolean {
  const from = originalIndex(norm, end - 1) + 1;
  return /^\s*[-—－_]/.test(originalSlice(norm, from, from + 4));
}

/** What a title before a closing bracketed level looks like: 4–40 units, ideographs, no sentence punctuation or quotation. */
const TITLE_BEFORE_BRACKET = /^(?=[^。，；,;:：!?！？“”"《》]{4,40}[(（【〔\[]\s*$)\s*[\u4e00-\u9fff0-9a-zA-Z第]/;

/** A declassification condition: short, ends in 前/后/止/时, no sentence punctuation (会议开始前). */
function isCondition(tail: string): boolean {
  return tail.length > 0 && tail.length <= 24 && /(前|后|止|时|为止)$/.test(tail) && !/[，。；,;]/.test(tail);
}

/**
 * The cells of the line [ls, le) with the tabs the normalizer dropped between ideographs put back
 * (读书协会秘密 → 读书协会\t秘密), and the one holding [start, end): see {@link cellAround}.
 */
function cellAcrossDroppedTabs(norm: DetectContext['norm'], text: string, ls: number, le: number, start: number, end: number): ReturnType<typeof cellAround> {
  const row = withDroppedTabs(norm, text, ls, le, true);
  return cellAround(row.text, row.at(start), row.at(end - 1) + 1);
}

function isIdeograph(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}

const CN_DIGIT: Record<string, number> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 〇: 0, 零: 0, 壹: 1, 贰: 2, 叁: 3, 肆: 4, 伍: 5, 陆: 6, 柒: 7, 捌: 8, 玖: 9 };

/** `十` → 10, `二十` → 20, `十五` → 15, `三` → 3; 大写 `壹拾` → 10, `廿` → 20. */
export function chineseNumeral(numeral: string): number {
  const s = numeral.replace(/拾/g, '十').replace(/廿/g, '二十');
  if (!s.includes('十')) return Number([...s].map((c) => CN_DIGIT[c] ?? 0).join(''));
  const [tens, ones] = s.split('十');
  return (tens ? CN_DIGIT[tens] ?? 1 : 1) * 10 + (ones ? CN_DIGIT[ones] ?? 0 : 0);
}

function periodInArabic(p: string): string {
  return p.replace(/(\d) {1,2}(?=\d)/g, '$1').replace(new RegExp(`${NUM}+`, 'g'), (m) => String(chineseNumeral(m)));
}

const FORM_TRIGGERS = formTriggers('state-secret').filter((t) => !LEVELS.includes(t));
const BASE_TRIGGERS = [...LEVELS, ...FORM_TRIGGERS];
/** A level or label split by a line break (vertical text, a broken line): the trigger of the line join. */
// A look-alike written in characters or Bopomofo broken over two short lines (纟色\n密, ㄐㄧ\nㄇㄧˋ★5年) too.
// A level in Latin letters whose ★ went to the next line (MIMI⏎★会议结束后, jm⏎★3年): its last letter and the star.
const TRIGGERS = [...BASE_TRIGGERS, ...splitTriggers([...LEVELS, '密级', '保密期限', ...LEVEL_LOOKALIKES.filter((w) => !/[a-z★]/.test(w))]), 'i\n★', 'm\n★'];
/** Triggers a period may follow (a level, a look-alike level): {@link periodLookalikes} looks after them. */
const PERIOD_OWNERS = new Set([...LEVELS, ...LEVEL_LOOKALIKES]);

/** Cyrillic, Greek and Armenian letters drawn like a letter of a Latin level's spelling (j, i, m, u, e), and that letter. */
const LEVEL_LETTER_LOOKALIKES: ReadonlyMap<string, string> = new Map(
  'ЈJ јj ϳj ІI іi ӀI ӏi ΙI ιi ΊI ίi ЇI їi МM мm ΜM ЕE еe ЁE ёe ΕE εe ΈE ԱU ՍU սu υu'.split(' ').map((pair) => [pair[0], pair[1]]),
);
const LOOKALIKE_LETTER = new RegExp(`[${[...LEVEL_LETTER_LOOKALIKES.keys()].join('')}]`);
/** A run of Latin letters and look-alikes (blanks and tabs between), ending before a star: where a Latin level would stand. */
const LOOKALIKE_LEVEL_RUN = new RegExp(`[A-Za-z${[...LEVEL_LETTER_LOOKALIKES.keys()].join('')}](?:[ \\t]{0,2}[A-Za-z${[...LEVEL_LETTER_LOOKALIKES.keys()].join('')}]){1,5}(?=[ \\t]{0,2}[&:;,#@_~^|/、.\\-·]?[ \\t]{0,2}★)`, 'g');

/**
 * The text with the look-alike letters of every letter run standing before a ★ read as Latin
 * (МІМІ★1年 → MIMI★1年, jімі★ → jimi★); undefined when there is none. A letter with no Latin
 * twin (И) is no part of such a run. One letter for one; the Latin level's own pattern decides.
 */
export function latinLevelSkeleton(text: string): string | undefined {
  if (!text.includes('★') || !LOOKALIKE_LETTER.test(text)) return undefined;
  let out: string | undefined;
  LOOKALIKE_LEVEL_RUN.lastIndex = 0;
  for (let m = LOOKALIKE_LEVEL_RUN.exec(text); m; m = LOOKALIKE_LEVEL_RUN.exec(text)) {
    if (!LOOKALIKE_LETTER.test(m[0])) continue;
    const latin = m[0].replace(new RegExp(LOOKALIKE_LETTER.source, 'g'), (c) => LEVEL_LETTER_LOOKALIKES.get(c) ?? c);
    out = (out ?? text).slice(0, m.index) + latin + (out ?? text).slice(m.index + latin.length);
  }
  return out;
}

/**
 * The state-secret detector. `options.without` switches cues off by id (of {@link CUES} and
 * {@link GRAMMAR_CUES}): the fixtures prove that each cue changes some outcome.
 */
export function createCnStateSecret(options: FormOptions = {}): Detector {
  const off = (id: string): boolean => options.without?.has(id) ?? false;
  const detector: Detector = {
    id: 'marking.cn-state-secret',
    summary: 'Chinese state-secret marking (绝密/机密/秘密★period, 密级：秘密, statements, citations) standing as a marking',
    docs: 'marking-cn-state-secret',
    triggers: TRIGGERS,
    detect(ctx: DetectContext): RawFinding[] {
      const run = (c: DetectContext): RawFinding[] => detectWithJoinedLines(c, TRIGGERS, BASE_TRIGGERS.length, options, (j) => detectAll(j, options, detector.id), brokenMarks);
      const out = run(ctx);
      const skeleton = off('lookalike-letters') ? undefined : latinLevelSkeleton(ctx.norm.text);
      if (skeleton === undefined) return out;
      // One letter for one: offsets, the map and the lines stay the outer text's.
      const units = new Uint16Array(skeleton.length);
      for (let i = 0; i < skeleton.length; i++) units[i] = skeleton.charCodeAt(i);
      // Not the outer text's facts: the skeleton holds letters the outer text does not.
      const norm = Object.create(ctx.norm, { text: { value: skeleton }, units: { value: units }, facts: { value: undefined } }) as DetectContext['norm'];
      for (const f of run({ ...ctx, norm, hits: findTriggers(skeleton, TRIGGERS) })) {
        if (out.some((o) => o.start < f.end && f.start < o.end)) continue;
        out.push({ ...f, explanation: { ...f.explanation, cues: [...f.explanation.cues, { cue: GRAMMAR_CUES['lookalike-letters'], delta: 0 }] } });
      }
      return out.sort((a, b) => a.start - b.start);
    },
    // A level spelt only in look-alike letters (МІМІ★1年) has no trigger of its own.
    mayMatchWithoutTriggers: (text) => text.includes('★') && LOOKALIKE_LETTER.test(text),
  };
  return detector;
}

export const cnStateSecret: Detector = createCnStateSecret();

function detectAll(ctx: DetectContext, options: FormOptions, ruleId: string): RawFinding[] {
  const { norm, part } = ctx;
  // OCR misreads digits of the period as look-alikes (1 → ] | l I, 0 → O o): read them as digits
  // there. Same-length replacements, so every offset stays valid.
  const read = periodLookalikes(ctx, part.role === 'ocr' ? norm.text.replace(OCR_DIGIT_LOOKALIKES, (c) => (/[Oo]/.test(c) ? '0' : '1')) : norm.text);
  const text = options.without?.has('markdown-emphasis') || !read.includes('★') ? read : markdownEmphasis(ctx, read);
  const out = levelGrammar(ctx, text, options, ruleId);
  for (const f of evaluateForms(ctx, text, 'state-secret', TRIGGERS, options)) {
    const fields: Record<string, string> = { form: f.form.id };
    if (f.groups.level) fields.level = f.groups.level;
    if (f.groups.period) fields.period = periodInArabic(f.groups.period);
    if (f.groups.label) fields.label = f.groups.label;
    out.push({
      ruleId,
      category: 'classification-marking',
      maxSeverity: f.form.maxSeverity,
      score: f.score,
      start: f.start,
      end: f.end,
      ...msg('finding.cn-form', { form: f.form.id, title: f.form.title.split(' (')[0], matched: f.matched }),
      explanation: { pattern: f.form.id, normalized: f.matched, base: f.base, cues: f.cues, fields },
    });
  }
  return out.length > 1 ? strongestOfOverlapping(out) : out;
}

/**
 * The unit at `i` of `text`, NaN outside it (as `charCodeAt` answers), for the grammar's look-around
 * near a level word. Bounds tested here: V8 compiles a bare `charCodeAt` for an index in range and
 * throws the compiled loop away the first time a level word stands at the very start or end of a
 * part, then compiles the whole loop again (~50 ms of compiler time each, in every worker).
 */
function unitAt(text: string, i: number): number {
  return i >= 0 && i < text.length ? text.charCodeAt(i) : NaN;
}

/** The level★period grammar: 国家秘密标志 and the level word alone, weighed by layout. */
function levelGrammar(ctx: DetectContext, text: string, options: FormOptions, ruleId: string): RawFinding[] {
  const off = (id: string): boolean => options.without?.has(id) ?? false;
  const { norm, lines, part, blocks } = ctx;
  const field = FIELD_ROLES.has(part.role);
  const out: RawFinding[] = [];
  // Whether a tab the normalizer dropped can stand beside any level word: looked up once per part,
  // not for each of the thousands of level words in a regulation's prose.
  // A run of two or more blanks between ideographs (a tab stop typed with spaces: 江临市应急管理局　　　　秘密
  // in a header) is such a boundary as well.
  let tabs: boolean | undefined;
  const tabBetween = (k: number): boolean => (tabs ??= originalHasGap(norm)) && gapDroppedAt(norm, k);
  // Every marking starts with a level word, and the engine found them all: the grammar runs only there.
  // What matchesAtTriggers does, with the grammar tried only where a level word starts (the other
  // triggers — 密级, 涉密, 保密期限 … — are the forms'): a regex call less for each of those.
  let consumed = 0;
  for (const at of hitStarts(ctx, TRIGGERS)) {
    if (at < consumed || !levelAt(text, at)) continue;
    let level: string;
    let star: boolean;
    let period: string | undefined;
    let ocrStar: string | undefined;
    let length: number;
    // The common case without the regex: the level followed by one unit that is no ★, space or
    // digit (机密级, 秘密的, 绝密、) and by no unit a period can start with — what MARK_RE matches
    // there is the level and that unit in the star's place, nothing more.
    const next = unitAt(text, at + 2);
    if (next === next && next !== STAR && !(next >= 0x30 && next <= 0x39) && !isSpace(next) && !(next >= 0xd800 && next <= 0xdbff) && !PERIOD_START.has(unitAt(text, at + 3)) && unitAt(text, at + 3) !== STAR && unitAt(text, at + 4) !== STAR && !(NOT_SYMBOL_STAR.has(next) && PERIOD_START.has(unitAt(text, at + 4)))) {
      level = LEVEL_BY_FIRST.get(unitAt(text, at))!;
      star = false;
      period = undefined;
      ocrStar = text[at + 2];
      length = 3;
    } else {
      MARK_RE.lastIndex = at;
      const m = MARK_RE.exec(text);
      if (!m) continue;
      level = m[1];
      star = m[2] !== undefined;
      period = m[4];
      ocrStar = m[3];
      length = m[0].length;
    }
    // A period across a tab the normalizer dropped (秘密\t2026年5月6日: a date in the next cell of a
    // register row) is the next cell's, not this mark's: the level is judged in its own cell. Unless
    // a tab splits the level word itself: then the tabs space its letters (机⇥密⇥5⇥年), no cells.
    if (period && !star && ocrStar === undefined && tabBetween(at + level.length) && !tabBetween(at + 1)) {
      period = undefined;
      length = level.length;
    }
    consumed = at + length;
    let start = at;
    let end = start + length;
    // 国家秘密 / 工作秘密 / 商业秘密 are not levels.
    if (level === '秘密' && start > 0 && NOT_LEVEL_AFTER.has(unitAt(text, start - 1))) continue;
    // An OCR star with nothing after it on the line (绝密妇) or a declassification condition
    // (机密又公开发布前) is a star lost by OCR, like one before a period.
    let ocrTail: string | undefined;
    // The star lost altogether before a declassification condition (机密会议开始前): the character
    // taken for a star is the condition's first.
    let lostStar = false;
    let leadCondition: string | undefined;
    if (ocrStar && !period && (isOcrStar(ocrStar) || isSymbolStar(ocrStar) || isLetterCross(ocrStar)) && AFTER_STAR_OPENERS.has(unitAt(text, end))) {
      // A period set off after a symbol or OCR star (机密※（1年）, 机密▲.5年), as after ★.
      const p = periodSetOff(PERIOD_AFTER_STAR, PERIOD_AFTER_STAR_BLANK_END, text, end, norm);
      if (p) {
        period = p[1] ?? p[2];
        end += p[0].length;
        consumed = end;
      }
    }
    if (ocrStar && !period && part.role === 'ocr' && (isOcrStar(ocrStar) || isSymbolStar(ocrStar))) {
      // OCR reads the wide gap of a letter-spaced mark as a stray stroke (机  密  ★  5  年 read
      // 机密女5人年): in OCR text, one such character between the period's digits and its unit.
      OCR_NOISY_PERIOD.lastIndex = end;
      const p = OCR_NOISY_PERIOD.exec(text);
      if (p) {
        period = p[1] + p[2];
        end += p[0].length;
        consumed = end;
      }
    }
    if (ocrStar && !period && (isOcrStar(ocrStar) || isSymbolStar(ocrStar))) {
      const lineEnd = lines.lineEnd(lines.lineOf(start));
      const peek = peekCellTail(text, end, lineEnd);
      // A long tail of prose is neither decoration nor a condition: only its head is needed.
      const decided = peek.long && !longTailMayMatter(peek.t);
      const t = peek.long && !decided ? cellTail(text, end, lineEnd) : peek.t;
      // (A mark in brackets closes them after its condition: 【绝密●启用前】; a condition may stand in
      // brackets of its own: 绝密◇〖启用前〗.)
      if (
        !decided &&
        (isDecoration(t) ||
          isCondition(t.trim()) ||
          // A copy number after the condition is not part of it (秘密▲会议结束后　No.000123).
          isCondition(t.replace(COPY_NUMBER_END, '').trim()) ||
          (OPENING_BRACKETS.has(unitAt(text, start - 1)) && isCondition(t.replace(CLOSING_BRACKET_END, '').trim())) ||
          (OPENING_BRACKETS.has(t.charCodeAt(0)) && isCondition(CONDITION_IN_BRACKETS.exec(t)?.[1] ?? '')))
      )
        ocrTail = t.trim();
      else if ((leadCondition = conditionOpening(t, norm, end))) ocrTail = leadCondition;
    } else if (ocrStar && !period && !off('lost-star') && !punctuatedCell(text, end - ocrStar.length) && !tabBetween(end - ocrStar.length)) {
      // (Not across a tab the normalizer dropped: 秘密\t保密期限\t竞赛结束后 are three cells, no condition.)
      const from = end - ocrStar.length;
      const lineEnd = lines.lineEnd(lines.lineOf(start));
      const peek = peekCellTail(text, from, lineEnd);
      let t = (peek.long ? (longTailMayBeCondition(peek.t) ? cellTail(text, from, lineEnd) : '') : peek.t).trim();
      // In brackets the mark opened (〈绝密·启用前〉, the · dropped between ideographs), the condition ends before they close.
      if (OPENING_BRACKETS.has(unitAt(text, start - 1))) t = t.replace(CLOSING_BRACKET_END, '');
      // A copy number after the condition is not part of it (秘密～会议结束后　No.000123, the ～ dropped).
      t = t.replace(COPY_NUMBER_END, '').trim();
      if (isCondition(t) && t.length >= 3) {
        ocrTail = t;
        lostStar = true;
        end = from;
      }
    }
    if (lostStar) ocrStar = '';
    else if (ocrStar && ocrTail === undefined && (!period || (!isOcrStar(ocrStar) && !isSymbolStar(ocrStar) && !isLetterCross(ocrStar) && part.role !== 'ocr' && (off('letter-star') || !isForeignLetterStar(ocrStar))))) {
      // Not a star's place after all (机密性, 秘密文件): judge the level word alone — or the level
      // and a period with the star lost altogether (绝密长期, 机密10年).
      ocrStar = undefined;
      // A period starts with 长, a digit or a Chinese numeral: elsewhere the regex is not called.
      PERIOD_AT.lastIndex = start + level.length;
      const p = PERIOD_START.has(unitAt(text, start + level.length)) ? PERIOD_AT.exec(text) : null;
      period = p ? p[0] : undefined;
      end = start + level.length + (p ? p[0].length : 0);
      // The period set off in brackets or by a slash instead of the star (机密（5年）, 秘密【1年】,
      // 机密/5年, 机密（保密期限：5年）): a typist's form of the same mark.
      if (!p && PERIOD_OPENERS.has(unitAt(text, start + level.length))) {
        const b = periodSetOff(BRACKETED_PERIOD, BRACKETED_PERIOD_BLANK_END, text, start + level.length, norm);
        if (b) {
          period = b[1] ?? b[2];
          end = start + level.length + b[0].length;
        }
      }
    }
    // The same after a blank kept before the bracket (机 密 （ 5 年 ）: a letter-spaced line whose bracket is no
    // ideograph), or after a separator typed in the star's place (秘密·（1年）, 秘密-（1年）, 秘密・【1年】).
    if (!star && ocrStar === undefined && !period && BEFORE_BRACKETED_PERIOD.has(unitAt(text, start + level.length))) {
      const at = start + level.length + (unitAt(text, start + level.length + 1) === 0x20 ? 2 : 1);
      if (PERIOD_OPENERS.has(unitAt(text, at))) {
        const b = periodSetOff(BRACKETED_PERIOD, BRACKETED_PERIOD_BLANK_END, text, at, norm);
        if (b) {
          period = b[1] ?? b[2];
          end = at + b[0].length;
        }
      }
    }
    const bare = !star && ocrStar === undefined && !period;
    // 机密级 closing its line or cell (a cover, a register's cell): the level with 级 written after it;
    // 机密件 so (a stamp on a cover or an envelope).
    if (bare && (unitAt(text, end) === 0x7ea7 || unitAt(text, end) === 0x4ef6) && (tabBetween(end + 1) || /^[\s)）】\]]*$/.test(text.slice(end + 1, lines.lineEnd(lines.lineOf(start)))))) end += 1;
    // A level opening a metadata field (秘密-项目清单: the original has a separator the normalizer
    // dropped) or listed in one (预算;机密;2024) is a marking whatever stands after it.
    const fieldValue = field && bare && !off('field-value') && isFieldValue(text, norm, start, end, lines);
    // A bare level word with an ideograph against it (数据的机密性, 一项绝密任务) stands in a
    // sentence, not alone on a line or in a cell: leave before building any strings. An
    // ideograph that may end or start a label (密级机密, 机密密级) leaves it to the full check.
    // A tab the normalizer dropped between two ideographs was a cell or tab-stop boundary in the
    // original (a spreadsheet row 读书协会\t秘密, a header 秘密\t第1页): the level stands apart there.
    let cellByTabs = false;
    // 国家机密 / 国家绝密 (also letter-spaced 国-家-机-密): no standard form, but one a stamp or a
    // typist uses. Judged with 国家 as part of the mark; a human decides (review).
    const statePrefix = bare && unitAt(text, start - 1) === 0x5bb6 && unitAt(text, start - 2) === 0x56fd && !fieldValue && level !== '秘密' && !off('state-prefix');
    if (bare && !fieldValue) {
      const proseBefore = isIdeograph(unitAt(text, start - 1)) && !LABEL_LAST_UNITS.has(unitAt(text, start - 1)) && !statePrefix;
      const proseAfter = isIdeograph(unitAt(text, end)) && !LABEL_FIRST_UNITS.has(unitAt(text, end)) && !(URGENCY_FIRST.has(unitAt(text, end)) && URGENCY_AFTER.test(text.slice(end, end + 3)));
      if (proseBefore || proseAfter) {
        if ((proseBefore && !tabBetween(start)) || (proseAfter && !tabBetween(end))) continue;
        cellByTabs = true;
      } else if (tabBetween(start) || tabBetween(end)) {
        // A label's first character after a dropped tab (密级\t机密\t份数\t20): still a cell of its own.
        cellByTabs = true;
      }
    } else if (!fieldValue && (tabBetween(start) || tabBetween(end))) {
      // A whole mark in its own tab-joined cell beside a cell of prose (机密★10年\t填表说明：……): its cell
      // is read, not the row.
      cellByTabs = true;
    }
    if (statePrefix) start -= 2;
    const unusualStar = ocrStar !== undefined && !isOcrStar(ocrStar);
    const line = lines.lineOf(start);
    const { start: ls, end: le } = lines.window(line, start, end);
    const lineText = text.slice(ls, le);
    // The same exit as below, before any string is built: an ideograph on the line that no label,
    // 紧急程度 or footnote mark takes away stays in `rest`, so the level does not stand alone there.
    // A level in brackets closing a short line that is a title (第三次联席会议材料（秘密）): how a typist
    // marks a title without the standard form, no sentence around it.
    // Or opening it ((绝密)关于印发……的通知, 〔机密〕会议纪要): the same, before the title.
    const titleSuffix =
      bare && !fieldValue && !off('title-suffix') && isBracketed(text, start, end) &&
      ((/^\s*[】〕〗\])]\s*$/.test(text.slice(end, le)) && TITLE_BEFORE_BRACKET.test(text.slice(ls, start))) ||
        (TITLE_PREFIX_BEFORE.test(text.slice(ls, start)) && TITLE_AFTER_BRACKET.test(text.slice(end, le)))) ||
      // …or joined to the title it opens by a dash (秘密-2024年主汛期防汛物资储备点清单), as in a file name.
      (bare && !fieldValue && !off('title-suffix') && /^\s*$/.test(text.slice(ls, start)) && /^\s*[-—－_]?\s*[\u4e00-\u9fff《0-9]/.test(text.slice(end, le)) && originalHasDash(norm, end));
    if (bare && !fieldValue && !cellByTabs && !titleSuffix && proseBeside(text, ls, le, start, end) && !TABLE_HINT.test(lineText)) continue;
    const f = scoreLevelMark(ctx, text, options, ruleId, { start, end, level, star, period, ocrStar, ocrTail, lostStar, leadCondition, bare, fieldValue, unusualStar, line, ls, le, lineText, cellByTabs, statePrefix, titleSuffix });
    if (f) out.push(f);
  }
  return out;
}

/** Empty check boxes as forms draw them: ☐ □ ○ ◯ ▢ ◻. */
const EMPTY_BOX_UNITS = new Set([0x2610, 0x25a1, 0x25cb, 0x25ef, 0x25a2, 0x25fb]);
/** An option a 密级 row may list. */
const ROW_OPTION = /绝密|机密|秘密|非密|公开|内部|普通|一般/g;
/** An option of a 密级 row with an empty box before or after it. */
const BOXED_OPTION = /[☐□○◯▢◻][ \t]?(?:绝密|机密|秘密|非密|公开|内部|普通|一般)|(?:绝密|机密|秘密|非密|公开|内部|普通|一般)级?[ \t]?[☐□○◯▢◻]/g;
/** An option of a 密级 row with a tick forms use before or after it (ticked-level's ticks). */
const TICKED_OPTION = /(?:[☑☒✓✔√■●◉▣⊠]|\[\s*[xX√✓✔]\s*\]|\(\s*[xX√✓✔]\s*\))[ \t]?(?:绝密|机密|秘密|非密|公开|内部|普通|一般)|(?:绝密|机密|秘密|非密|公开|内部|普通|一般)级?[ \t]?[☑☒✓✔√■●◉▣⊠]/g;

function countIn(re: RegExp, s: string): number {
  let n = 0;
  re.lastIndex = 0;
  while (re.exec(s)) n++;
  return n;
}

/**
 * Whether the level at [start, end) is an option of a row of check boxes whose box is empty: a box
 * against it (a blank between at most), at least one other option of its row boxed, and every
 * option of the row boxed or ticked. The row is the line, or, in a table a reader gives a cell a
 * line (DOCX, ODT), the cells of the table row the level's cell is in. A row where an option
 * carries a sign no form uses for a box (★机密 among ☐绝密 ☐秘密) may mark the choice so: left to
 * the grammar, as is one box alone (□机密).
 */
function untickedOption(ctx: DetectContext, text: string, start: number, end: number): boolean {
  const blank = (c: number) => c === 0x20 || c === 0x09;
  const b = blank(unitAt(text, start - 1)) ? start - 2 : start - 1;
  const a = blank(unitAt(text, end)) ? end + 1 : end;
  if (!EMPTY_BOX_UNITS.has(unitAt(text, b)) && !EMPTY_BOX_UNITS.has(unitAt(text, a))) return false;
  const row = optionRow(ctx, text, start);
  if (row.length > 400) return false;
  const boxed = countIn(BOXED_OPTION, row);
  return boxed >= 2 && boxed + countIn(TICKED_OPTION, row) >= countIn(ROW_OPTION, row);
}

/**
 * Whether the level at [start, end) is the one option of a row of check boxes marked by a sign other
 * than the row's empty box (a tick, a block, a star, a letter; a blank between at most), every other
 * option of its row boxed empty.
 */
function markedOption(ctx: DetectContext, text: string, start: number, end: number, star: boolean): boolean {
  const blank = (c: number) => c === 0x20 || c === 0x09 || c === 0x3000;
  // A star after the level with no period may be the next option's sign, the options read as one
  // line (☐ 绝密 | ✪ 机密 | ☐ 秘密, the cells joined, ✪ folded to ★: 绝密★机密): the row tells.
  if (star) {
    const row = optionRow(ctx, text, start);
    return row.length <= 400 && /[★☆✩✪✫✬✭✮✯✰⭐*＊]/.test(row) && countIn(BOXED_OPTION, row) + 1 === countIn(ROW_OPTION, row);
  }
  const before = unitAt(text, blank(unitAt(text, start - 1)) ? start - 2 : start - 1);
  const after = unitAt(text, blank(unitAt(text, end)) ? end + 1 : end);
  if (EMPTY_BOX_UNITS.has(before) || EMPTY_BOX_UNITS.has(after)) return false;
  const sign = (c: number) => c === c && c > 0x20 && !blank(c) && c !== 0x0a && !isIdeograph(c) && !NOT_A_SIGN.has(c);
  if (!sign(before) && !sign(after)) return false;
  const row = optionRow(ctx, text, start);
  if (row.length > 400) return false;
  const boxed = countIn(BOXED_OPTION, row);
  return boxed >= 1 && boxed + 1 === countIn(ROW_OPTION, row);
}

/** Units beside a level that mark no option: a label's colon, a cell's bar, list and sentence punctuation. */
const NOT_A_SIGN = new Set([...'：:|│｜、，,。.；;（）()【】[]「」『』“”"\'《》'].map((c) => c.charCodeAt(0)));

/** Cells of one table row looked at, at most (a form's 密级 row has a handful). */
const MAX_ROW_CELLS = 32;

/** The line of `start`, or the cells of its table row joined by tabs when the reader gave the cell a line of its own. */
function optionRow(ctx: DetectContext, text: string, start: number): string {
  const { lines, blocks, norm } = ctx;
  const line = lines.lineOf(start);
  const lineText = text.slice(lines.lineStart(line), lines.lineEnd(line));
  if (!blocks.length) return lineText;
  const cell = blockAt(blocks, originalIndex(norm, start));
  if (!cell || cell.kind !== 'table-cell' || cell.row === undefined) return lineText;
  // The cell's index: the first block starting where it does (blocks are sorted), then on to it.
  let i = 0;
  for (let lo2 = 0, hi2 = blocks.length; lo2 < hi2; ) {
    const mid = (lo2 + hi2) >> 1;
    if (blocks[mid].start < cell.start) lo2 = i = mid + 1;
    else hi2 = mid;
  }
  while (i < blocks.length && blocks[i] !== cell) i++;
  if (i >= blocks.length) return lineText;
  let lo = i;
  let hi = i;
  const sameRow = (k: number) => blocks[k].kind === 'table-cell' && blocks[k].row === cell.row;
  while (lo > 0 && hi - lo < MAX_ROW_CELLS && sameRow(lo - 1)) lo--;
  while (hi + 1 < blocks.length && hi - lo < MAX_ROW_CELLS && sameRow(hi + 1)) hi++;
  return blocks.slice(lo, hi + 1).map((c) => originalSlice(norm, c.start, c.end)).join('\t');
}

/** A level word that passed the cheap exits of {@link levelGrammar}, with what the grammar read there. */
interface LevelMark {
  start: number;
  end: number;
  level: string;
  star: boolean;
  period: string | undefined;
  ocrStar: string | undefined;
  ocrTail: string | undefined;
  lostStar: boolean;
  leadCondition: string | undefined;
  bare: boolean;
  fieldValue: boolean;
  unusualStar: boolean;
  line: number;
  ls: number;
  le: number;
  lineText: string;
  /** An ideograph beside the level is across a tab the normalizer dropped (a cell boundary). */
  cellByTabs: boolean;
  /** The mark is 国家 + the level (国家机密): [start, end) holds both. */
  statePrefix: boolean;
  /** A level in brackets closing a short title line (第三次联席会议材料（秘密）). */
  titleSuffix: boolean;
}

/**
 * The layout cues and the finding of a level word that may be a marking. Apart from the hot loop of
 * {@link levelGrammar}: few hits get here, and their rarer paths would otherwise send the whole loop
 * back to the interpreter and through the optimising compiler again each time one is first taken.
 */
function scoreLevelMark(ctx: DetectContext, text: string, options: FormOptions, ruleId: string, m: LevelMark): RawFinding | undefined {
  // An option of a form's check boxes with its box empty, each option in a cell of its own
  // (密级\t☐绝密\t☐机密\t☐秘密: a blank form; the ticked one, if any, is ticked-level's). An empty box
  // after the level, taken for a lost star at the end of its cell, is the same option (密级\t绝密□\t机密□\t秘密□).
  // Here, not in levelGrammar's loop: few level words get this far.
  const boxAsStar = !m.star && !m.period && m.ocrStar !== undefined && m.ocrStar.length === 1 && EMPTY_BOX_UNITS.has(m.ocrStar.charCodeAt(0));
  if ((m.bare || boxAsStar) && !options.without?.has('unticked-option') && untickedOption(ctx, text, m.start, m.start + m.level.length)) return undefined;
  const off = (id: string): boolean => options.without?.has(id) ?? false;
  const { norm, lines, part, blocks } = ctx;
  const { start, level, star, ocrTail, lostStar, leadCondition, bare, fieldValue, line, ls, le, lineText, cellByTabs, statePrefix, titleSuffix } = m;
  let { end, period, ocrStar, unusualStar } = m;
  // A symbol typed in the star's place that the normalizer dropped as a separator between the level
  // and the period (机密·5年, 秘密～6个月 read 机密5年): judged as a symbol for ★, not as a star missing.
  if (!star && ocrStar === undefined && period && !lostStar) {
    const dropped = originalSlice(norm, originalIndex(norm, start + level.length - 1) + 1, originalIndex(norm, start + level.length)).trim();
    if (DROPPED_STAR.test(dropped)) {
      ocrStar = dropped;
      unusualStar = true;
    }
  }
  if (star && !period && end < le) {
    const p = periodSetOff(PERIOD_AFTER_STAR, PERIOD_AFTER_STAR_BLANK_END, text, end, norm);
    if (p) {
      period = p[1] ?? p[2];
      end += p[0].length;
    }
  }
  let condition: string | undefined;
  // A line an e-mail reader marked as an address field's names and comments (Block.field): only
  // there is a whole mark one item of the value. Keywords, titles and descriptions are written by
  // people who talk about secrecy in lists too (保密宣传月; 定密培训; 秘密★10年).
  const fieldOfBlock = blocks.length > 0 ? blockAt(blocks, originalIndex(norm, start))?.field : undefined;
  const address = fieldOfBlock === 'address';
  // A file's own name is a list of items joined by - _ or spaces, never a sentence about secrecy.
  const named = fieldOfBlock === 'file-name';
  if ((star || ocrTail !== undefined) && !period) {
    // A declassification condition runs to the end of the line or cell: `机密★会议开始前`.
    // A flattened header row puts 紧急程度 right after it: 机密★会议开始前 特急.
    // A copy number after it is not part of it either (绝密★启用前 №000123).
    let raw = cellTail(text, end, le).replace(/(特急|加急|特提|平急)\s*$/, '').replace(COPY_NUMBER_END, '');
    // In an address field the condition ends with its item: `办公室 (秘密★会议结束后); 各区统计局`.
    if (address) raw = raw.replace(/[)）\]】;；,，|][\s\S]*$/, '');
    // In brackets of its own (绝密★（启用前）), or before the bracket the mark opened ((绝密★启用前)).
    const inBrackets = CONDITION_IN_BRACKETS.exec(raw);
    if (inBrackets && isCondition(inBrackets[1])) raw = raw.trimEnd();
    else if (OPENING_BRACKETS.has(text.charCodeAt(start - 1)) && CLOSING_BRACKET_END.test(raw)) raw = raw.replace(CLOSING_BRACKET_END, '');
    // After a separator typed after the star (绝密★|启用前, 秘密★，会议结束后), as a period may be.
    const sep = star ? SEPARATOR_LEAD.exec(raw) : null;
    const tail = inBrackets && isCondition(inBrackets[1]) ? inBrackets[1] : sep && isCondition(raw.slice(sep[0].length).trim()) ? raw.slice(sep[0].length).trim() : raw.trim();
    // A blank the normalizer dropped ends the condition where the form's next field follows
    // (绝密★启用前　　姓名：____ reads 启用前姓名:____).
    const blank = isCondition(tail) ? -1 : firstDroppedBlank(norm, end, le);
    if (isCondition(tail)) {
      condition = tail;
      end = end + raw.trimEnd().length;
    } else if (blank > end && isCondition(text.slice(end, blank).trim())) {
      condition = text.slice(end, blank).trim();
      end = blank;
    } else if (leadCondition) {
      // A condition ending where the original has a separator (alt text: 机密妇会议开始前 物资分布示意图).
      condition = leadCondition;
      end = end + raw.indexOf(leadCondition) + leadCondition.length;
    }
  }
  // A letter of another script in the star's place (机密ж5年): see isForeignLetterStar.
  const letterStar = ocrStar !== undefined && period !== undefined && part.role !== 'ocr' && !isOcrStar(ocrStar) && !isSymbolStar(ocrStar) && !isLetterCross(ocrStar) && !DROPPED_STAR.test(ocrStar) && isForeignLetterStar(ocrStar);
  let formId: string;
  let form: string;
  if (star && (period || condition)) [formId, form] = ['level-star-period', condition ? 'level★condition' : 'level★period'];
  else if (star) [formId, form] = ['level-star-period', 'level★ (legal maximum period)'];
  else if (lostStar && condition) [formId, form] = ['level-ocr-star', 'level + condition, star lost'];
  else if (ocrStar && (period || condition)) [formId, form] = ['level-ocr-star', `level + "${ocrStar}" in the star's place (${isSymbolStar(ocrStar) || isLetterCross(ocrStar) || DROPPED_STAR.test(ocrStar) ? 'a symbol for ★' : letterStar ? 'a letter for ★' : 'OCR'}) + ${period ? 'period' : 'condition'}`];
  else if (ocrStar) [formId, form] = ['level-ocr-star', `level + "${ocrStar}" in the star's place (OCR), alone`];
  else if (period) [formId, form] = ['level-ocr-star', 'level + period, star missing'];
  else [formId, form] = ['level-alone', 'level alone'];
  // Nothing in the star's place is the weakest sign: a human decides (review) unless the layout adds up.
  const base = lostStar ? 0.3 : star && (period || condition) ? 0.55 : star ? 0.5 : ocrStar && (period || condition) ? 0.45 : ocrStar || period ? 0.4 : off('level-standing') ? 0.25 : 0.35;
  const score = new Score(base);
  let restRaw = (lineText.slice(0, start - ls) + ' ' + lineText.slice(end - ls)).replace(LABELS, '').replace(COPY_NUMBER_BESIDE, ' ');
  // 机密 CONFIDENTIAL: the English gloss is part of the marking, not prose around it.
  if (!off('english-gloss')) restRaw = restRaw.replace(GLOSS, ' ').replace(/\s\/\s/g, ' ');
  const rest = restRaw.replace(/(特急|加急|特提|平急)(?![\u4e00-\u9fff])/g, ' ');
  const labelled = LABELS.test(lineText);
  LABELS.lastIndex = 0;
  // The option a form's row of check boxes marks (☑ 绝密, V 绝密 among ☐ 机密 ☐ 秘密, a cell each): its
  // sign is no prose beside it, and the other options are what the form offers, not levels listed with it.
  const marked = !period && !condition && (bare || star || ocrStar !== undefined) && !off('marked-option') && markedOption(ctx, text, start, start + level.length, star);
  // A bare level word inside prose (数据的机密性) is the common case: leave before the table look-up.
  if (bare && !fieldValue && !cellByTabs && !titleSuffix && !marked && !isDecoration(rest) && !TABLE_HINT.test(lineText)) return undefined;
  const cell = cellByTabs ? cellAcrossDroppedTabs(norm, text, ls, le, start, end) : cellAround(lineText, start - ls, end - ls);
  const blk = blocks.length ? blockAt(blocks, originalIndex(norm, start)) : undefined;
  const alone = isDecoration(rest);
  let cellRest = cell.cell.replace(text.slice(start, end), '').replace(LABELS, '').replace(COPY_NUMBER_BESIDE, ' ');
  if (!off('english-gloss')) cellRest = cellRest.replace(GLOSS, ' ');
  const aloneInCell = !alone && cell.inTable && isDecoration(cellRest);
  // A bare level word in prose (机密性, 机密级) is no candidate: stop before the costlier cues.
  // A level closing a title line in brackets: a human decides (review).
  if (bare && !fieldValue && !(alone || aloneInCell) && !titleSuffix && !marked) return undefined;
  // GB/T 9704 order flattened onto one line (alt text, <meta>, pasted text): 份号 → 密级 → 紧急程度.
  const before = text.slice(ls, start);
  const after = text.slice(end, le);
  // The copy number opens the line or follows a space; not the digits of a № set in a quotation (例如“№ 000047　机密★5年”).
  const headerSequence = /(?:^|\s)(?:(?:份号[:：]?|№|No\.?)\s?\d{6}|(?<!(?:№|No\.?)\s)\d{6})\s*$/i.test(before) || /^\s*(特急|加急|特提|平急)(\s|$)/.test(after);
  // A whole mark (level★period, level★condition) that is one item of an address field's value — the
  // value after the field's name (`From: 机密★5年`), a comment or bracket of its own (an e-mail
  // address's `办公室 (机密★5年)`), the opening or closing words of a display name or list item
  // (`机密★5年 办公室`) — marks what the field names. In a sentence it runs into words (机密★5年文件).
  const item = !bare && !fieldValue && (address || named) && !off('field-value') ? fieldItem(text, norm, start, end, ls, le) : undefined;
  // A whole mark in brackets opening its line, or the value after a field's name, before the title
  // or subject it marks (【机密★5年】关于……的通知, Subject: 【绝密★长期】…): a label set off, not a quotation.
  // A predicate after the bracket makes it the subject of a sentence about the mark ((机密★5年)是标注示例).
  const titlePrefix =
    !alone && !aloneInCell && (star || ocrStar) && (period || condition) && !off('title-prefix') && isBracketed(text, start, end) &&
    TITLE_PREFIX_BEFORE.test(text.slice(ls, start)) && !TITLE_PREFIX_PREDICATE.test(text.slice(end, Math.min(le, end + 8)));
  // A symbol typed for ★ (机密●5年) is set apart like ★ itself: closing an issuer's line, it is that line's mark.
  const starLike = star || (ocrStar !== undefined && (isSymbolStar(ocrStar) || isLetterCross(ocrStar) || DROPPED_STAR.test(ocrStar)));
  let apart: boolean | undefined;
  const setApart = (): boolean =>
    setApartFromTitle(starLike, period, condition, before, after, rest, start > ls && /\s/.test(originalSlice(norm, originalIndex(norm, start - 1) + 1, originalIndex(norm, start))), end < le && /\s/.test(originalSlice(norm, originalIndex(norm, end - 1) + 1, originalIndex(norm, end))));
  // A whole mark that is a string literal of code (MsgBox "机密★5年", WHERE 密级='机密★5年'): data a macro or
  // a query carries and shows, not a mark quoted as an example in prose, nor words of a sentence.
  const codeLiteral = !alone && !aloneInCell && star && Boolean(period || condition) && !off('code-literal') && isCodeLiteral(text, start, end, ls, le);
  if (alone) score.add('stands alone on its line', 0.3);
  else if (aloneInCell) score.add('stands alone in a table cell', 0.25);
  else if (titlePrefix) score.add(GRAMMAR_CUES['title-prefix'], 0.3);
  else if (titleSuffix) score.add(GRAMMAR_CUES['title-suffix'], 0.15);
  else if (headerSequence) score.add('in the GB/T 9704 sequence 份号 → 密级 → 紧急程度 on one line', 0.3);
  else if (fieldValue || item) score.add(GRAMMAR_CUES['field-value'], 0.2);
  // 附件已标注机密★5年，请按规定管理…: a cover note saying what it sends is so marked, however long the sentence.
  else if ((star || ocrStar) && (period || condition) && !off('stated-marked') && isStatedAsMarked(text, start)) score.add(GRAMMAR_CUES['stated-marked'], 0);
  // A wrapped line (PDF text) carries the sentence on: 把标有机密★…\n的旧文件 is prose about other documents.
  else if (!codeLiteral && !(apart ??= setApart()) && (isRunningText(rest) || (continuesSentence(ctx, line + 1) && isRunningText(rest + lines.lineText(line + 1))))) score.add('inside running text', -0.3);
  // A heading asking about the mark (# 秘密★1年 怎么标？, 机密★5年？一文读懂…): talk about it, not its place.
  else if ((star || ocrStar) && !off('asked-about') && isDecoration(before) && QUESTION_AFTER.test(after)) score.add(GRAMMAR_CUES['asked-about'], -0.45);
  else if ((star || ocrStar) && (period || condition) && !off('opens-line') && isDecoration(before) && lines.contentLineNumber(line) === 0 && part.leading !== false) {
    // Layout lost (SVG text, a flattened page): the mark opens the document's first line.
    score.add('opens the first line of the document', 0.15);
  }
  const labelledHere = labelled || (cell.inTable && cell.cells.some((c) => /^(密级|密级和保密期限|保密期限)[:：]?$/.test(c)));
  if (labelledHere) score.add('labelled 密级', 0.1);
  const inMarkingPlace = isMarkingRole(part.role) || blk?.kind === 'table-cell' || blk?.kind === 'text-box';
  if (!off('marking-role') && inMarkingPlace && (alone || aloneInCell || rest.trim().length <= 10)) score.add(`in a ${blk?.kind === 'table-cell' || blk?.kind === 'text-box' ? blk.kind : part.role}`, 0.15);
  const top = blk?.pageTop !== undefined ? blk.pageTop <= 0.2 : part.leading !== false && lines.contentLineNumber(line) <= 4;
  if (!off('top') && top && (alone || aloneInCell)) score.add('near the top of the page', 0.1);
  else if (!off('top') && (alone || aloneInCell) && (blk?.pageTop !== undefined ? blk.pageTop >= 0.85 : lines.neighbour(line, 1) === undefined)) score.add('at the foot of the page', 0.1);
  const above = lines.neighbour(line, -1);
  if (above && COPY_NO.test(above.replace(/\s/g, ''))) score.add('份号 (copy number) on the line above', 0.15);
  const below = lines.neighbour(line, 1);
  // A level word alone whose next line says what it is (是重要的国家秘密…, 指…): a glossary entry or a
  // heading of a definition, not a mark on this document.
  if (bare && !off('defined-below') && below !== undefined && DEFINITION_START.test(below)) score.add('the next line defines it (是……国家秘密): a glossary entry', -0.4);
  // A whole mark alone whose next line says when it applies (绝密★启用前 / 适用于考试试题等……的情形): a slide or
  // a handout explaining the forms, not a mark on this document.
  if (alone && (star || ocrStar) && (period || condition) && !off('explained-below') && below !== undefined && EXPLAINED_BELOW.test(below)) score.add(GRAMMAR_CUES['explained-below'], -0.6);
  if ((below && URGENCY.test(below.replace(/\s/g, ''))) || (!headerSequence && /特急|加急/.test(rest))) score.add('紧急程度 beside it', 0.1);
  // "…通报定为机密★10年": a sentence stating that some material IS classified.
  if ((star || ocrStar) && (period || condition) && /(定为|定密为|确定为|标定为|列为|属于)$/.test(text.slice(Math.max(0, start - 3), start))) {
    score.add('a sentence states that material is classified at this level', 0.2);
  }
  // A bracket of its own in an address field is a comment there, not a quotation. Nor is a mark in
  // brackets that is all its line or cell holds (【机密】, （秘密★1年）): a label set off, as in a title.
  const bracketedAlone = (alone || aloneInCell) && !off('bracketed-alone') && isBracketed(text, start, end);
  // Quotation or title marks around all the line holds, on the document's first lines above its text
  // (「机密」, 《绝密》 over a notice): set off, where a mark stands; a whole mark with its ★ still blocks.
  const wrappedTop = alone && !bracketedAlone && !off('wrapped-at-top') && wrappedAtTop(ctx, text, start, end, ls, le, line);
  if (bracketedAlone) score.add(GRAMMAR_CUES['bracketed-alone'], 0);
  else if (wrappedTop) score.add(GRAMMAR_CUES['wrapped-at-top'], 0);
  else if (codeLiteral && !bracketedAlone && !wrappedTop) score.add(GRAMMAR_CUES['code-literal'], 0);
  // Nor brackets around a mark closing an issuer's line (…办公室（机密★5年）): set apart, not quoted.
  else if (!off('quoted') && item?.kind !== 'bracket' && !titlePrefix && !titleSuffix && !(!alone && !aloneInCell && starLike && (apart ??= setApart())) && (isQuoted(text, start, end) || (!alone && !aloneInCell && isInsideQuotation(text, start, end)))) score.add('quoted', -0.4);
  // A form's instruction with its blank filled in (如涉密请注明密级：机密★5年, the mark closing the line) is
  // an answer, not an example of how to write one.
  const filledIn = !off('filled-in') && (star || ocrStar) && (period || condition) && FILLED_LABEL.test(text.slice(Math.max(ls, start - 12), start)) && isDecoration(after);
  if (!off('example-lead') && !filledIn && (isIntroducedAsExample(text, start) || (item?.kind === 'bracket' && isIntroducedAsExample(text, item.from - 1)))) score.add('introduced as an example', -0.4);
  // Alone on a line a sentence of prose wraps onto after its verb (…在首页左上角标注了⏎机密★5年⏎经审查，…):
  // what the sentence says was written, not this document's mark. A copy number or a heading above is no prose.
  if (alone && !off('wrapped-lead') && line > 0) {
    const prose = lines.lineText(line - 1);
    if (LEAD_VERB_END.test(prose) && isRunningText(prose)) score.add(GRAMMAR_CUES['wrapped-lead'], -0.45);
  }
  // Taxonomy cues: an example box, a table or list of every level, a general rule.
  const cand: Candidate = { ctx, text, form: grammarForm(formId), start, end, line, ls, le, placement: alone ? 'alone-line' : aloneInCell ? 'alone-cell' : 'sentence', groups: { level } };
  const example = off('example-heading') ? undefined : exampleContextOf(cand);
  // Under a title describing teaching material only, a whole mark alone at the top may be the paper's own.
  if (example === 'context' && top && alone && (star || ocrStar) && (period || condition) && !off('example-title')) score.add(GRAMMAR_CUES['example-title'], -0.45);
  else if (example) score.add(EXAMPLE_HEADING_CUE.label, EXAMPLE_HEADING_CUE.delta);
  // An option of a multiple-choice question (A．机密★5年　B．秘密★10年 under 下列写法正确的是（　）): a quiz about markings.
  if (!off('quiz-option') && isQuizOption(ctx, text, ls, start, line)) score.add(GRAMMAR_CUES['quiz-option'], -1);
  // A level in the 密级 column of a register of documents (收文登记簿: 文号, 标题, 密级): it lists classified
  // documents by title, not for publication, but it is no marking of this document: review.
  // In a table read from blocks (a cell per line), a column holding other levels is a list of levels too.
  // A whole mark in a table cell is weighed by its column too: all three levels down it (绝密★30年,
  // 机密★20年, 秘密★10年 under 标志示例) make it a list of marks, not a routing slip's one. (Two marks
  // of two levels may be a sheet's own mark and an item's: they still block.)
  const whole = (star || ocrStar !== undefined) && !!(period || condition);
  const column = (bare || (whole && blk?.kind === 'table-cell')) && (alone || aloneInCell) && !(aloneInCell && declassifiedRow(ctx, text, line, ls, le)) ? levelColumnOf(part, norm, text, lines, blocks, start, bare ? 2 : 3) : undefined;
  const registerRow = column === 'register' && !off('register-row');
  // A whole mark alone on its line counts as listed only among other whole-mark lines; with nothing
  // saying they are examples, such a stack may as well hide this document's own marking: review.
  const listed = !registerRow && !marked && !off('level-enumeration') && (column === 'levels' || ENUMERATION.test(cand));
  const stacked = listed && (column !== 'levels' || !bare) && (alone || aloneInCell) && whole && !example && !off('stacked-marks');
  if (registerRow) score.add(GRAMMAR_CUES['register-row'], 0);
  else if (stacked) score.add(GRAMMAR_CUES['stacked-marks'], 0);
  else if (listed) score.add(ENUMERATION.label, ENUMERATION.delta);
  else if (marked) score.add(GRAMMAR_CUES['marked-option'], 0);
  else if (bare && aloneInCell && !off('declassified-row') && declassifiedRow(ctx, text, line, ls, le)) score.add(GRAMMAR_CUES['declassified-row'], -1);
  // Under a column header naming titles (节目名称, 书名): a song or a book called 秘密, unless a 密级 label stands beside it.
  else if (column === 'title' && !labelledHere && !off('title-column')) score.add(GRAMMAR_CUES['title-column'], -0.45);
  if (!off('rule-text') && !(alone || aloneInCell) && RULE_TEXT.test(cand)) score.add(RULE_TEXT.label, RULE_TEXT.delta);
  if (!off('discussed') && !(alone || aloneInCell) && DISCUSSED.test(cand)) score.add(DISCUSSED.label, DISCUSSED.delta);
  // In OCR text any character may stand in the star's place, but then only a marking's layout counts.
  if (unusualStar && !(alone || aloneInCell || headerSequence || (apart ??= setApart()))) return undefined;
  if (statePrefix) score.add(GRAMMAR_CUES['state-prefix'], 0);
  if (letterStar) score.add(GRAMMAR_CUES['letter-star'], 0);
  // A level word alone on a line of its own is a cover's mark over a document — or the title of an
  // essay, a song, a heading (## 机密), an item of a list. Only something of a marking's around it
  // lets it block; else a human decides.
  const uncorroborated =
    bare && alone && !fieldValue && !statePrefix && !titleSuffix && !headerSequence && !off('uncorroborated-level') &&
    !(labelled || LABEL_LINE_ABOVE.test(above ?? '') || (above !== undefined && COPY_NO.test(above.replace(/\s/g, ''))) || (below !== undefined && URGENCY.test(below.replace(/\s/g, ''))) || /特急|加急/.test(rest)) &&
    !(inMarkingPlace || (!off('english-gloss') && lineText.search(GLOSS) >= 0)) &&
    // A picture that shows nothing but the level (a stamp pasted on a page) is the mark itself.
    !(part.role === 'ocr' && text.trim() === lineText.trim()) &&
    !docHeadNear(lines, line);
  if (uncorroborated) score.add(GRAMMAR_CUES['uncorroborated-level'], 0);
  // 1. 绝密 among 2. 风筝, 3. 潜伏: a title in a list of titles.
  if (bare && alone && !off('list-item') && LIST_NUMBER_BEFORE.test(text.slice(ls, start)) && [above, below].some((t) => t !== undefined && LIST_ITEM_LINE.test(t) && !/绝密|机密|秘密/.test(t))) score.add(GRAMMAR_CUES['list-item'], -0.4);
  if (bare && start > 0 && text.charCodeAt(start - 1) === 0x20 && norm.text.charCodeAt(start - 1) === STAR) score.add(GRAMMAR_CUES['markdown-emphasis'], 0);
  const value = score.value;
  if (value < 0.2) return undefined;
  const fields: Record<string, string> = { level, form };
  if (period) fields.period = periodInArabic(period);
  if (condition) fields.condition = condition;
  return {
    ruleId,
    category: 'classification-marking',
    maxSeverity: uncorroborated || lostStar || letterStar || statePrefix || titleSuffix || registerRow || stacked || (bare && fieldValue && !(alone || aloneInCell)) || (wrappedTop && !(star && (period || condition))) ? 'review' : 'block',
    score: value,
    start,
    end,
    ...msg('finding.cn-state-secret', { marking: text.slice(start, end), level, ...(period ? { period: fields.period } : condition ? { until: condition } : {}) }),
    explanation: { pattern: form, normalized: text.slice(start, end), base, cues: score.cues, fields },
  };
}

/**
 * Whether a line of a document's head stands within three lines below `line` or two above: a title
 * ({@link DOC_TITLE_LINE}, 关于……的通知, ……纪要), an issuer, a document number, the addressees, a
 * request to the reader. A level alone over such a head is that document's marking.
 */
function docHeadNear(lines: LineIndex, line: number): boolean {
  for (const [dir, n] of [[1, 3], [-1, 2]] as const) {
    for (let k = 0; k < n; k++) {
      const t = lines.neighbour(line, dir, k);
      if (t === undefined) break;
      if (NOTICE_LINE.test(t) || DOC_TITLE_LINE.test(t) || ISSUER_LINE.test(t) || DOC_NUMBER_IN_LINE.test(t) || REQUEST_LINE.test(t) || /关于[^。；;]{2,60}的/.test(t)) return true;
    }
  }
  return false;
}

/**
 * A whole mark at one end of its line, set apart from the rest — by a space (an issuer's name, a
 * header: 中华人民共和国国家发展和改革委员会 机密★5年) or by a title it opens (机密★5年关于……的意见) —
 * with no sentence punctuation on the line: the rest is a name or a title, however long, not prose
 * the mark runs into (检查发现机密★5年文件与普通资料混放 is).
 */
function setApartFromTitle(star: boolean, period: string | undefined, condition: string | undefined, before: string, after: string, rest: string, spaceBefore: boolean, spaceAfter: boolean): boolean {
  if (!star || !(period || condition) || /[。，；、,;！？!?]/.test(rest)) return false;
  // `spaceBefore` / `spaceAfter`: the original has a space the normalizer dropped between the mark
  // and the name or title beside it (機密★5年 江臨市人民政府辦公室關於……的通知).
  if (isDecoration(before) && (spaceAfter || /^\s/.test(after) || /^关于/.test(after))) return true;
  // Closing the line, the mark may stand in brackets (…办公室 （机密★5年）) and a copy number or 紧急程度
  // after it belongs to it (…办公室 机密★5年 №000123).
  const bracketed = /[(（【〔〖[<〈]\s*$/.test(before) && /^\s*[)）】〕〗\]>〉]/.test(after);
  // A 密级 label between the name and the mark (…办公室 密级/保密期限：秘密★1年, …办公室【密级】秘密★1年) sets it apart too.
  const b = (bracketed ? before.replace(/[(（【〔〖[<〈]\s*$/, '') : before).replace(LABEL_BEFORE_MARK, ' ');
  const a = (bracketed ? after.replace(/^\s*[)）】〕〗\]>〉]/, '') : after).replace(TRAILER, '');
  // Against an issuer's name without a space (…办公室机密★5年, a header typed in one run): a name, not a sentence.
  return isDecoration(a) && ((spaceBefore && !bracketed) || /\s$/.test(b) || ISSUER_END.test(b));
}

/** An option label right before the mark: A. B、 C) (D) — normalized, full-width folded (A．, （A）). */
const OPTION_LABEL_BEFORE = /(?:^|[\s.。,;:?!)])(?:[A-Ha-h]\s*[.、:)]|\(\s*[A-Ha-h]\s*\))\s*$/;
/** A line of options (A.…, (B)…). */
const OPTION_LINE = /^\s*(?:[A-Ha-h]\s*[.、:)]|\(\s*[A-Ha-h]\s*\))/;
/** A question: it ends with a question mark, or holds the blank its answer goes in (（　）). */
const QUESTION = /\?\s*$|\(\s*\)/;

/**
 * Whether the mark at `start` is an option of a multiple-choice question: an option label (A．, （B）)
 * right before it, under a question — on its line before the options, or on the lines above, past
 * other lines of options — that ends with ？ or holds a （　） blank. A quiz about how markings are
 * written lists them as answers; a paper's own marking stands alone at its top, with no label.
 */
function isQuizOption(ctx: DetectContext, text: string, ls: number, start: number, line: number): boolean {
  const before = text.slice(ls, start);
  const label = OPTION_LABEL_BEFORE.exec(before);
  if (!label) return false;
  // The question on the options' line (下列写法正确的是（　）A．机密★5年 B．…), before the first label.
  const first = before.search(/(?:^|\s)(?:[A-Ha-h]\s*[.、:)]|\(\s*[A-Ha-h]\s*\))/);
  if (first > 0 && QUESTION.test(before.slice(0, first).trimEnd())) return true;
  const { lines } = ctx;
  for (let l = line - 1, seen = 0; l >= 0 && seen < 6; l--) {
    const t = lines.lineText(l);
    if (t.trim() === '') continue;
    seen++;
    if (OPTION_LINE.test(t)) continue;
    return QUESTION.test(t.trimEnd());
  }
  return false;
}

/**
 * What stands before a string literal in code: an operator (with brackets opened after it: a
 * parenthesised or listed value, `COVER = ("机密★5年")`, `= ["…"]`), or a word of code (MsgBox,
 * FROM, print) with a bracket or comma, or a literal before a comma or colon; Objective-C's and
 * C#'s `@` may stand right before the quote (`@"机密★5年"`).
 */
const CODE_BEFORE_LITERAL = /(?:[=+&]\s*[(\[{]*|[A-Za-z_$][\w.$]*\s*[(\[,:]?|["'`\])]\s*[,:])\s*@?$/;

/**
 * Whether a whole mark at [start, end) is a string literal of code: straight quotes or backticks
 * right around it (a few symbols may stand before the closing one: `机密★5年$`, a worksheet in a
 * mail-merge query), an operator or a word of code before the opening one, and no Chinese
 * sentence on the line (。 or Chinese quotation marks). A macro's MsgBox, a query's WHERE clause or
 * a table name carry the mark as data; a sentence quoting it (写法为"机密★5年") has words before the quote.
 */
function isCodeLiteral(text: string, start: number, end: number, ls: number, le: number): boolean {
  if (start <= ls) return false;
  const q = text[start - 1];
  if (q !== '"' && q !== "'" && q !== '`') return false;
  const after = text.slice(end, Math.min(le, end + 6));
  const k = after.indexOf(q);
  if (k < 0 || !/^[$#%@!.\-_\]]*$/.test(after.slice(0, k))) return false;
  if (!CODE_BEFORE_LITERAL.test(text.slice(ls, start - 1))) return false;
  return !/[。“”「」『』]/.test(text.slice(ls, le));
}

/** After a bracketed mark: a predicate, so the mark is talked about (（机密★5年）是……示例), not set before a title. */
/**
 * Before a bracketed mark that opens a title: the line's start, after a field's name (Subject:) or a
 * Markdown heading or list marker (# 【机密★2年】…).
 */
const TITLE_PREFIX_BEFORE = /^\s*(?:#{1,6}\s*|[-*+>]\s+)?(?:[^:：\n]{0,16}[:：]\s*)?[【〔〖[(]\s*$/;
/** After a bare level in brackets opening a line: the closing bracket, then a title or a paragraph it marks (no predicate). */
const TITLE_AFTER_BRACKET = /^\s*[】〕〗\])]\s*(?!是|为|指|即|系|的|等|这|级|属于|表示|意味|应当|应|须|不得|可|也|和|与|或)[\u4e00-\u9fff《0-9]/;

const TITLE_PREFIX_PREDICATE = /^\s*[】〕〗\])]\s*(是|为|指|即|系|的|等|这|属于|表示|意味|应当|应|须|不得|可|也|和|与|或|、|，|,|。)/;

const OPEN_BRACKETS = '(（[【';
const CLOSE_BRACKETS = ')）]】';
/** Separators between the items of a field value (address lists, keywords). */
const ITEM_SEPARATORS = new Set([...';；,，、|'].map((c) => c.charCodeAt(0)));

/**
 * Where a whole mark [start, end) stands in a metadata field's line [ls, le), and where its item
 * begins (after the opening bracket and spaces): `bracket` when a bracket pair holds nothing else
 * (`办公室 (机密★5年)`); `item` when it opens or closes the value
 * (after the field's name `From: `) or one of its items (between `;`, `,`, `、`, `|`) with a
 * separator — in the original, the normalizer may have dropped it — between it and the item's
 * other words. Undefined when words run into it (机密★5年文件管理).
 */
function fieldItem(text: string, norm: DetectContext['norm'], start: number, end: number, ls: number, le: number): { kind: 'bracket' | 'item'; from: number } | undefined {
  let i = start;
  while (i > ls && isSpace(text.charCodeAt(i - 1))) i--;
  let j = end;
  while (j < le && isSpace(text.charCodeAt(j))) j++;
  const o = i > ls ? OPEN_BRACKETS.indexOf(text[i - 1]) : -1;
  if (o >= 0 && j < le && text[j] === CLOSE_BRACKETS[o]) return { kind: 'bracket', from: i };
  // A separator the normalizer dropped between ideographs shows in the original between two units.
  const gapAt = (k: number): boolean => k > 0 && k < text.length && /[\s\-_—–·.\/]/.test(originalSlice(norm, originalIndex(norm, k - 1) + 1, originalIndex(norm, k)));
  const itemStart = i === ls || ITEM_SEPARATORS.has(text.charCodeAt(i - 1)) || OPEN_BRACKETS.includes(text[i - 1]) || (start - ls <= 24 && /^\s*[^:：\n]{0,16}[:：]\s*$/.test(text.slice(ls, start)));
  const itemEnd = j === le || ITEM_SEPARATORS.has(text.charCodeAt(j)) || CLOSE_BRACKETS.includes(text[j]);
  const apartAfter = j > end || !isIdeograph(text.charCodeAt(end)) || gapAt(end);
  const apartBefore = i < start || !isIdeograph(text.charCodeAt(start - 1)) || gapAt(start);
  if ((itemStart && (itemEnd || apartAfter)) || (itemEnd && apartBefore && i > ls && !/[:：]/.test(text[i - 1]))) return { kind: 'item', from: i };
  return undefined;
}

/**
 * Whether a bare level in a metadata field opens the field's value (after an optional `name：`)
 * with a separator after it in the original (秘密-清单, 秘密_清单, 机密 预算), or is one item of a
 * delimited list (预算;机密;2024).
 */
function isFieldValue(text: string, norm: DetectContext['norm'], start: number, end: number, lines: LineIndex): boolean {
  const ls = lines.lineStart(lines.lineOf(start));
  const before = text.slice(Math.max(ls, start - 24), start);
  const next = text.charCodeAt(end);
  const origAfter = end < text.length ? originalSlice(norm, originalIndex(norm, end - 1) + 1, originalIndex(norm, end)) : '';
  const endsHere = end >= text.length || !isIdeograph(next) || /[\s\-_—–·.]/.test(origAfter);
  if (/^\s*([^:：\n]{0,16}[:：])?\s*$/.test(before) && (start === ls || /[:：\s]$/.test(before) || before.trim() === '')) return endsHere;
  if (/[;；,，、|/]\s*$/.test(before)) return endsHere && (end >= text.length || /^\s*([;；,，、|/]|$)/.test(text.slice(end, end + 2)));
  return false;
}
