/**
 * The taxonomy of Chinese markings: every form a marking takes in real documents, as data.
 *
 * A form is a grammar entry — the words that trigger it, a pattern over the line(s) around the
 * trigger, the placements where it counts (and how much each weighs), the contextual cues that
 * apply to it, the highest severity it may reach — with examples and look-alike counterexamples.
 * The detectors evaluate these entries (no per-form code), and a test turns every example and
 * counterexample into a fixture. docs/markings-taxonomy.md describes the same entries for people.
 *
 * The level★period grammar (机密★5年 with its OCR and layout variants) is scored by the state-secret
 * detector's own grammar code; its entries here ({@link LEVEL_GRAMMAR_FORMS}) carry the examples and
 * the documentation, so the fixtures cover every form the same way.
 *
 * Rule of decision: a leak is far worse than a human look. A form the standards define as a
 * marking, standing where a marking stands, blocks; every other level word in a marking's place
 * reaches review; prose about secrecy, quoted examples and general rules pass.
 */
import type { PartRole, Severity } from '../types.ts';
import { findTriggers, type DetectContext, type RawFinding, type TriggerHits } from './types.ts';
import { isInsideQuotation, isIntroducedAsExample, isQuoted, isRunningText } from './cues.ts';
import { LineIndex, blockAt, cellAround, isDecoration, isMarkingRole, joinShortLineRuns, originalHasTab, withDroppedBlanks, withDroppedTabs } from './layout.ts';
import { originalIndex } from '../normalize/normalize.ts';

/** Which detector reports a form: state-secret markings may block, lower markings ask for review. */
export type FormFamily = 'state-secret' | 'lower';
/** What a fixture expects: the worst severity among the findings of the form's rule. */
export type Outcome = 'block' | 'review' | 'none';

/**
 * Where a match stands, decided from layout. Exactly one applies, checked in this order:
 * - `field`: the value of a metadata field (document properties, PDF info, `<meta>`): at its start
 *   or as one item of a list;
 * - `alone-line`: nothing else on its line but decoration and other marking labels;
 * - `alone-cell`: alone in a table cell;
 * - `line-start`: opens a short line (≤ 40 units);
 * - `short-line`: inside a short line (≤ 40 units): a chat message, a comment, a footer;
 * - `sentence`: inside running text.
 */
export type Placement = 'field' | 'alone-line' | 'alone-cell' | 'line-start' | 'short-line' | 'sentence';

/** One example of a form (or of a look-alike that is not one) and what it must yield. */
export interface FormExample {
  text: string;
  /** The part's role (default `body`). */
  role?: PartRole;
  /** False for a part that is not the start of the document's main flow (a footer, page 5). */
  leading?: boolean;
  /** Every line is an address field's names and comments, as the e-mail readers mark them (`Block.field`). */
  field?: 'address';
  /** The lines after the first are the cells of one table row, a cell a line, as a word processor's reader gives a table (`table-cell` blocks). */
  cells?: true;
  expect: Outcome;
}

/** A form of marking as data: how to find it and how its place and context weigh. */
export interface MarkingForm {
  id: string;
  family: FormFamily;
  title: string;
  /** Where the form comes from: a standard, or practice seen in documents. */
  source: string;
  /**
   * Words (normalized) the pattern cannot match without; they join the detector's triggers in the
   * engine's one automaton pass. Empty for the level grammar forms (the level words trigger them).
   */
  triggers: readonly string[];
  /**
   * Global regex over the text window around a trigger (the trigger's line; with `multiline`,
   * the lines before and after too). Named groups: `level`, `period`, `label`.
   */
  pattern?: RegExp;
  /**
   * A cheap precondition on the 24 units before the trigger (the pattern is not run where it fails):
   * keeps common triggers such as the level words from costing a regex search each in prose.
   */
  near?: RegExp;
  /**
   * A regex (flag `g` only, no anchors), a match of which every match of `pattern` holds, starting
   * at least `requiresAfter` units into it. Written to start at its rarest units, with what goes
   * before them as a lookbehind (`[绝机秘]密(?<=[为是]..)`, not `[为是][绝机秘]密`): a search opening
   * with a class of common ideographs tries most positions of Chinese text. One forward scan of the part for it replaces
   * the pattern's search in the windows where none starts.
   */
  requires?: RegExp;
  requiresAfter?: number;
  /** The part roles the form is weighed in (all when absent): what only a reading of pixels can miss. */
  roles?: readonly PartRole[];
  /** The pattern may span a line break (label on one line or cell, value on the next). */
  multiline?: boolean;
  /**
   * Its value ends at a blank, which the normalizer drops between ideographs (密级：秘密 会议材料 reads
   * 秘密会议材料): where the window yields no match, it is searched again with those blanks put back.
   */
  blankEnds?: boolean;
  /** For forms scored by a detector's own grammar code: which, and what it reads (no `pattern`). */
  grammar?: string;
  /** Score before placement and cues. */
  base: number;
  /** The highest severity the form may reach, before policy. */
  maxSeverity: Severity;
  /** Placements where the form counts, with the weight each adds; absent placements report nothing. */
  placements: Partial<Record<Placement, number>>;
  /** The contextual cues (ids of {@link CUES}) that apply to this form. */
  cues: readonly CueId[];
  examples: readonly FormExample[];
  counterexamples: readonly FormExample[];
}

// ---------------------------------------------------------------------------------------------
// Grammar pieces (over normalized text: full-width folded, traditional → simplified, spaces
// between CJK characters dropped, ：→ :, （ → (, ， → ,).

export const LEVEL = '(?:绝密|机密|秘密)';
// 大写数字 and 廿 too (机密★伍年): see cn-state-secret.ts.
const NUM = '[一二三四五六七八九十两〇零壹贰叁肆伍陆柒捌玖拾廿]';
/**
 * The blanks letter-spaced text keeps between digits (`2 0 3 0年`: they survive normalization): one
 * or two spaces, or tabs (a line spaced with tabs, 2⇥0⇥2⇥5⇥年, as the detector of levels reads it).
 */
export const DIGIT_GAP = '[ \\t]{0,2}';
const D2 = `\\d(?:${DIGIT_GAP}\\d)?`;
const D3 = `\\d(?:${DIGIT_GAP}\\d){0,2}`;
const D4 = `\\d(?:${DIGIT_GAP}\\d){3}`;
export const PERIOD = `(?:长期|${D4}年${D2}月(?:${D2}日)?|${D3}个?月|${D3}年|${NUM}{1,4}(?:个月|年))`;
const PERIOD_AFTER_STAR = `(?:${PERIOD}|[^\\s,，。;；]{1,12}(?:前|后|止|为止))`;
/** A level value, optionally with ★ and its period. */
// 秘密级 as a value: the level with 级 written after it (密级：秘密级).
const LEVEL_VALUE = `(?<level>${LEVEL})级?(?:★(?<period>${PERIOD_AFTER_STAR})?)?`;
/** What may follow a level value that ends it (not 机密的文件, 秘密级以上, 秘密、机密). */
// The next field of a form written on the same line (密级：秘密　　缓急：特急　　份数：30: the normalizer
// drops the spaces between ideographs) ends the value too.
// A level with an empty check box after it is one of a form's options left unticked (密级：绝密 □ 机密 □), no value.
const VALUE_END = `(?![ \\t]?[☐□○◯▢◻])(?=$|[\\s|│｜\\t:;,.。，；/)）\\]】」』”"'’★]|保密期限|份号|份数|编号|定密|紧急|缓急|特急|加急|页数|印数|签发|日期|主送|抄送|附件|${LEVEL})`;
/** Labels of the level in forms, covers and routing slips. */
// 涉密等级, 保密级别, 涉密级别, 密级程度: the same label as some units' registers and forms word it.
const LEVEL_LABEL = '(?:密级和保密期限|密级及保密期限|密级与保密期限|秘密等级|保密等级|涉密等级|保密级别|涉密级别|密级程度|密级)';
/** 发文字号: 机关代字〔year〕number号. */
const DOC_NUMBER = '[〔\\[(（【]\\d(?: ?\\d){3}[〕\\])）】]\\d(?: ?\\d){0,3}号';
/** Nouns a document uses for itself. */
const DOC_NUMBER_RE = new RegExp(DOC_NUMBER);
const DOC_NUMBER_BEFORE = new RegExp(`${DOC_NUMBER}\\s*[(（]?\\s*$`);
const DOC_NOUN = '(?:通知|文件|材料|报告|请示|批复|纪要|方案|意见|决定|通报|简报|资料|附件|清单|汇编|文档|文稿|稿件|文本|文书|课件|讲话稿|邮件|附表|图表|表格|部分|章节|函|稿|件|文|页|内容|信息|数据|图纸|表)';
const DEICTIC = '(?:本|此|该|这|上述)(?:份|个|篇|件|页|批|套|次)?';

/**
 * What OCR reads in place of ★ (measured on scans of markings: 机密女5年, 秘密广6个月; a hollow ☆,
 * drawn as stroked outlines, read as 六: 机蜜六5年).
 */
export const OCR_STAR_CHARS = '女文妇又如广大太去六';
/** Homophones and look-alikes (形近字/同音字) written for a level to slip past a filter, and OCR misreads. */
// 肌/饥 for 机 and 宓 for 密 (绝宓) are the same mangles; 秘★ is ㊙ (秘 in a circle, folded to 秘) before ★: ㊙★1年.
// 仉 for 机 (亻 for 木); a level's first character written as its parts side by side (纟色 for 绝, 禾必 for 秘, 木几 for 机);
// the level in Bopomofo (注音), with or without tone marks (ㄐㄧ ㄇㄧˋ: the normalizer drops the blank between them).
export const LEVEL_LOOKALIKES = ['杌密', '肌密', '饥密', '仉密', '绝宓', '秘★', '机蜜', '鸡密', '鸡蜜', '几密', '击密', '机宓', '机觅', '机mi', '鸡mi', '秘蜜', '秘宓', '泌密', '秘mi', '绝蜜', '决密', '诀密', '觉密', '绝mi', '决mi', '机窗', '秘窗', '绝窗', '机冤', '秘冤', '绝冤', '机谧', '秘谧', '绝谧', '纟色密', '禾必密', '木几密', 'ㄐㄩㄝˊㄇㄧˋ', 'ㄐㄩㄝㄇㄧ', 'ㄐㄧㄇㄧˋ', 'ㄐㄧㄇㄧ', 'ㄇㄧˋㄇㄧˋ', 'ㄇㄧㄇㄧ'];
/** The look-alikes as pattern alternatives: ㊙ (秘★) leaves its ★ to the star's place, so a condition may follow (㊙★会议结束后). */
const LOOKALIKE_ALTERNATIVES = LEVEL_LOOKALIKES.map((w) => (w === '秘★' ? '秘(?=★)' : w)).join('|');
/** A declassification condition closing the line after a look-alike level and its star's place (绝蜜#启用前, 禾必密★,会议结束后). */
const LOOKALIKE_CONDITION = '(?<cond>[\\u4e00-\\u9fff]{1,12}[前后])(?=\\s*[)\\]】〕〗>〉」』”》]?\\s*(?:\\n|$))';
/** With nothing in the star's place (a · or ~ the normalizer dropped) only a condition's usual opening words: 禾必密~会议结束后, not 机蜜酒要在饭前. */
export const CONDITION_OPENING = '(?:启用|会议|考试|公开|公布|发布|正式|印发|宣布|竞赛|评审|开标|招标|谈判)';
/** 密级 with 密 read or written as a look-alike (蜜级：机密). */
const LOOKALIKE_LABELS = ['蜜级', '宓级', '窗级', '冤级'];
/** Levels spelt in Latin letters (pinyin, initials), written before ★. */
const LATIN_LEVELS = ['jimi', 'mimi', 'juemi', 'jm', 'mm', 'jum', 'jmi'];
/** The same in pinyin as written, a space (or two) between syllables or letters (jī mì★5年, Ji Mi★5年, M I M I ★, J  i M  i  ★). */
// Tone marks and accents, precomposed (jīmì, juémị̀, MIMÌ) or combining (a decomposed mì, or a mark
// drawn to slip past a filter: M̈IMI, MIMI⃝★), are gone: the normalizer reads a Latin letter with
// diacritics as the letter.
export const LATIN_LEVEL = `(?:j\\s{0,2}i|m\\s{0,2}i|j\\s{0,2}u\\s{0,2}e)\\s{0,2}m\\s{0,2}i|${LATIN_LEVELS.filter((w) => !w.endsWith('mi')).join('|')}`;
/** Separators typed between a level and its ★ (JIMI|★10年, jīmì、★5年), as after a level in characters. */
// A middle dot too: after a letter the normalizer keeps it (mìmì·★6个月).
const LATIN_STAR_SEPARATORS = ['', ...'&:;,#@_~^|/、.-·'];
/**
 * What every Latin level ends with before ★: the triggers (for the spellings ending in mi their
 * last letter; a space before ★ when letter-spaced), a separator typed between or not.
 */
// Two blanks, or a tab, when the letters are spaced wider (J  i M  i  ★, J⇥I⇥M⇥I⇥★).
const LATIN_TRIGGERS = LATIN_STAR_SEPARATORS.flatMap((sep) => [
  ...LATIN_LEVELS.filter((w) => !w.endsWith('mi')).map((w) => `${w}${sep}★`),
  ...['', ' ', '  ', '\t'].map((blank) => `i${blank}${sep}★`),
]);

/** Handling instructions: the document must not leave its readers. */
const HANDLING = ['不得外传', '严禁外传', '请勿外传', '禁止外传', '不准外传', '不要外传', '别外传', '注意保管', '妥善保管', '仅供内部参考', '内部参阅', '阅后收回', '阅后退回', '用后收回', '用后退回', '会后收回', '会后退回', '仅供领导参阅', '仅供领导参考', '仅供参阅', '阅后即焚', '不得翻印', '不得复制', '不得转载'];
/** Said of ordinary things too (注意保存好发票): a handling instruction only after 内部资料 and its kin. */
const HANDLING_AFTER_LOWER = ['注意保存', '注意保密'];

/** Publication restrictions: the document must not be published or spread. */
const RESTRICTION = ['此件不公开', '本件不公开', '不予公开', '不宜公开', '不得公开', '不得上网', '严禁上网', '禁止上网', '不得在互联网', '请勿扩散', '不得扩散', '严禁扩散', '请勿转发', '不得转发', '请勿外发', '阅知', '此件发至'];

// ---------------------------------------------------------------------------------------------
// Cues: each a named test with a weight. A form lists the cues that apply to it.

/** What a cue sees about one match. */
export interface Candidate {
  ctx: DetectContext;
  /** The text the detector reads (normalized, possibly rewritten with the same length). */
  text: string;
  form: MarkingForm;
  start: number;
  end: number;
  line: number;
  /** The hit's line window in `text`. */
  ls: number;
  le: number;
  placement: Placement;
  groups: Record<string, string | undefined>;
}

export interface CueDef {
  label: string;
  delta: number;
  test(c: Candidate): boolean;
}

const FIELD_ROLES: ReadonlySet<PartRole> = new Set<PartRole>(['properties', 'metadata', 'title', 'attachment-name', 'form-field', 'alt-text']);

function lineOf(c: Candidate, l: number): string {
  return l >= 0 && l < c.ctx.lines.count ? c.ctx.lines.lineText(l) : '';
}

/** The clause holding the match: from the last sentence break before it to the next one after it. */
/**
 * An issuer's name opening the line before a label (如皋市国土资源局 密级：, 若羌县人民政府 密级：):
 * 如/若/凡 begin place names there, no condition.
 */
const ORG_NAME_BEFORE_LABEL = /^\s*(?:如|若|凡)[\u4e00-\u9fff]{1,16}(?:局|厅|委|办|院|部|所|处|中心|公司|集团|政府|委员会|办公室|学校|大学|医院|市|县|区|镇|乡|村)\s*(?:密级|保密等级)?\s*[:：]?\s*$/;

function clause(c: Candidate): { before: string; after: string; prev: string } {
  // A line wrapped inside a sentence (PDF text) continues the clause of the line before.
  const from = continuesSentence(c.ctx, c.line) ? Math.max(0, c.start - 40) : Math.max(c.ls, c.start - 40);
  const b = c.text.slice(from, c.start).replace(/\n/g, '');
  // …and the next line continues this one when this one is long and ends mid-sentence.
  const a = (continuesSentence(c.ctx, c.line + 1) ? c.text.slice(c.end, c.end + 40) : c.text.slice(c.end, Math.min(c.le, c.end + 40))).replace(/\n/g, '');
  const cut = Math.max(b.lastIndexOf('。'), b.lastIndexOf(';'), b.lastIndexOf('!'), b.lastIndexOf('?'), b.lastIndexOf('\n'));
  const stop = a.search(/[。;!?\n]/);
  // The unit just before a window the 40 units cut mid-sentence: a word cut in two there (根|据) is read whole.
  const prev = cut < 0 && from > 0 ? c.text[from - 1] : '';
  return { before: b.slice(cut + 1), after: stop >= 0 ? a.slice(0, stop) : a, prev };
}

/**
 * Whether `line` continues a sentence wrapped from the line above (PDF text lines, hard-wrapped
 * text): the line above is long and does not end a sentence or a heading.
 */
export function continuesSentence(ctx: DetectContext, line: number): boolean {
  if (line === 0 || line >= ctx.lines.count) return false;
  const above = ctx.lines.lineText(line - 1).trim();
  if (/[。!?:;)\]】」』”"'.！？：；）]$/.test(above)) return false;
  // A form's row of fields above (来文单位：江临市发展和改革委员会⇥文号：江发改〔2026〕31号): no prose
  // broken off mid-sentence, however long.
  if (isFieldRow(above)) return false;
  // A line opening with a particle no sentence starts with (的旧文件…) carries on the line above, however short.
  return above.length >= 20 || (above.length >= 6 && /^[的地得之]/.test(ctx.lines.lineText(line).trimStart()));
}

/**
 * Two or more label：value fields on a line and no sentence punctuation: a form's row. What
 * `^(?:[^，。,;；:：\s]{1,10}[:：][^，。,;；:：]{0,40}?\s*){2,}$` says, worked out in one pass: that
 * pattern tried every split of each value from the next label, exponential in the fields (a 2 kB
 * line of colons: a minute).
 */
export function isFieldRow(line: string): boolean {
  if (/[，。,;；]/.test(line)) return false;
  const segments = line.split(/[:：]/);
  if (segments.length < 3) return false;
  // The first label: 1–10 units, no blank.
  if (!/^\S{1,10}$/.test(segments[0])) return false;
  // Between two colons: a value (≤ 40 units), blanks, the next label (1–10 units, no blank, the end of the segment).
  for (let i = 1; i < segments.length - 1; i++) {
    const seg = segments[i];
    const run = /\S+$/.exec(seg)?.[0].length ?? 0;
    if (run === 0) return false;
    const label = Math.min(10, run);
    // With the whole run as the label, the blanks before it may be the value's trailing blanks.
    const blanks = run <= 10 ? (/\s*$/.exec(seg.slice(0, seg.length - run))?.[0].length ?? 0) : 0;
    if (seg.length - label - blanks > 40) return false;
  }
  // The last value: ≤ 40 units before its trailing blanks.
  return segments[segments.length - 1].replace(/\s+$/, '').length <= 40;
}

/** A level word standing as a value on a line: alone, in a cell, or after a label. */
const LEVEL_AS_VALUE = new RegExp(`(?:^|[\\s|│｜:,、/])(${LEVEL})(?:★\\S*)?(?=$|[\\s|│｜,、/]|\\d|或|和|及)`, 'g');

/**
 * A level word standing as a value of its own: at the start of a line or cell, after a space, a
 * pipe or a colon, and followed by the end, a space, a pipe, a digit or ★ — a list or table of
 * levels. Not an item of a list in running text (开展绝密、机密、秘密载体清查).
 */
const LEVEL_STANDING_ALONE = new RegExp(`(?:^|[\\s|│｜:：])(${LEVEL})(?=$|[\\s|│｜]|\\d|★)`, 'g');

function levelsStandingAlone(s: string): Set<string> {
  const out = new Set<string>();
  for (const m of s.matchAll(LEVEL_STANDING_ALONE)) out.add(m[1]);
  return out;
}

/**
 * A list item's marker opening a line before a level: a bullet (- * + • · ・; * is read as ★), a
 * number (1. 1) 1、, read as 1 once the normalizer drops the stop and blank) or a bracketed number (（1）).
 */
const LIST_MARKER = new RegExp(`^\\s*(?:[-+•·・★*]|\\d{1,3}[.．)）、]?|[(（]\\d{1,3}[)）])\\s*(?=${LEVEL})`);
/**
 * A heading's or a list item's opening before a level with its 级 or alone (## 绝密级, - 机密, （二）机密,
 * 三、秘密): the shape siblings of a handout share, numbers read as one.
 */
const SIBLING_OPENING = new RegExp(`^\\s*(#{1,6}|[-+•·・★*]|\\d{1,3}[.．)）、]?|[(（][\\d一二三四五六七八九十]{1,3}[)）]|[一二三四五六七八九十]{1,3}[、.．])\\s*(${LEVEL})级?\\s*$`);
function siblingShape(opening: string): string {
  return opening.replace(/\s+/g, '').replace(/[\d一二三四五六七八九十]+/g, 'N');
}
/**
 * Whether the level alone on line `c.line`, opened as a heading or a list item, has a sibling within
 * 12 lines opened the same way with another level (## 绝密级 …notes… ## 机密级): a handout's section
 * per level, however much stands between them.
 */
function siblingLevels(c: Candidate): boolean {
  const own = SIBLING_OPENING.exec(lineOf(c, c.line));
  if (!own) return false;
  const shape = siblingShape(own[1]);
  for (let l = Math.max(0, c.line - 12); l <= Math.min(c.ctx.lines.count - 1, c.line + 12); l++) {
    if (l === c.line) continue;
    const m = SIBLING_OPENING.exec(lineOf(c, l));
    if (m && m[2] !== own[2] && siblingShape(m[1]) === shape) return true;
  }
  return false;
}

/** A line holding nothing but level marks (机密★10年, 绝密), with list numbers, brackets and separators. */
function isLineOfMarks(line: string): boolean {
  return line.replace(new RegExp(`(${LEVEL})(★[^\\s|│｜]*)?`, 'g'), '').replace(/[\s|│｜、,，;；:：.．()（）【】\[\]\d一二三四五六七八九十]/g, '') === '';
}

function levelsStandingIn(s: string): Set<string> {
  const out = new Set<string>();
  for (const m of s.matchAll(LEVEL_AS_VALUE)) out.add(m[1]);
  return out;
}

/**
 * Lines that introduce a table or list of examples, or a table header cell naming them. Teaching
 * material (a training table, a quiz, a table comparing ways of writing a mark) is the same class:
 * its caption says what the rows are for (判断下列写法, 写法对照, 供学习参考, 知识竞赛).
 * A tab after a separator and blanks starts no try of its own: the first separator's try covers it.
 * (As `[|│｜\t]\s*`, every tab of a run began a try that read the rest of the run: a line above a
 * level word of 密级 and 80,000 tabs took 23 s.)
 */
export const EXAMPLE_CONTEXT = /(?:^|[|│｜]\s*|(?<![|│｜\t]\s*?)\t\s*)(示例|样例|范例|例子|举例|示例标志|标志示例|错误示例|正确示例|写法|标志写法|常见写法|例句|示意|示意图|样张)\s*(?:[|│｜\t]|$)|^\s*[图表]\s*[\d一二三四五六七八九十]+[^。]{0,20}(示意图?|图例|样张)\s*$|(判断|辨析|识别|识读|指出|说明)下列|下列[^。]{0,4}(写法|标志|标注|表述)|(写法|标志|标注)(对照|辨析|识读)|供(学习|培训|教学)参考|样表|填写示例|填报示例|示例表|知识(竞赛|测试|问答|考试)|(培训|练习|习题|考题|试题|教学)[^。]{0,12}(标志|写法|标注|表述)|(下表|下列|以下|如下|本表)[^。]{0,8}(示例|例子|样例|范例)|示例[^。]{0,6}(虚构|仅供|参考)|不是本文件的(标志|标注|密级)/;
// The blanks around the number and the brackets after the word are read one way only (\s*(?:N+\s*)?
// rather than \s*N*\s*): a line of 示例 and 80,000 tabs split them every way, 27 s.
export const EXAMPLE_HEADING = /^\s*[^\s,，。]{0,6}(示例|范例|样例|样式|写法)\s*(?:[\d一二三四五六七八九十]+\s*)?[:：]|^[\s#*【\[(（「]*(示例|范例|样例|样式|例|例如|举例|写法|标注方法|标注示例|标注格式|书写格式|格式示例|参考格式|正确写法|错误写法|如下)\s*(?:(?:[\d一二三四五六七八九十]+[】\])）」]*[:：]?|[】\])）」]+[:：]?|[:：])\s*)?$|(示例|样式|写法|格式|标注|写作)如下[:：]?\s*$|(例如|比如|举例如下|(?:^|[。；;，,\s])如)[:：]\s*$|^[\s【\[(（]*(示例|例)\s*[\d一二三四五六七八九十]*[】\])）:：]/;
/**
 * A line above that heads examples, tested only on lines above the candidate (on its own line, the
 * words before a mark in a header, 需求示例 秘密★5年, may be a title): a short heading line ending in
 * 示例 without a colon (## 标志格式示例, a slide's or a Word heading), or a clause closing its line
 * with 示例： after other words (答：标注具体的解密日期，格式示例：). Context, not a heading: at the top
 * of a page, a whole mark under such a line may still be the page's own (see example-title).
 */
const EXAMPLE_HEADING_LINE = /^[\s#*]*[^\s,，。；;：:|│｜]{0,6}(示例|范例|样例|样式)\s*[\d一二三四五六七八九十]*\s*$|[，,。；;：:]\s*[^\s,，。；;：:]{0,4}(示例|范例|样例)\s*[:：]\s*$/;

/**
 * What puts the candidate among examples: a heading that introduces them (示例：, 写法如下) on its line
 * or a line above, or only a line describing teaching material (知识考试试题（标志写法部分）) — up a
 * table to its header row and the line that introduces it, or up to 4 lines of text.
 */
/** A document's title (关于……的请示/通知/报告…) or a form row naming it (事由, 标题, 材料名称 ⇥ value). */
const OWN_TITLE = /关于[^。；;]{2,60}的(?:请示|通知|报告|函|意见|方案|决定|通报|纪要|批复|汇报|说明)|^\s*(?:事由|标题|文件标题|题目|材料名称|文件名称|名称)(?:\s*[\t|│｜:：]|(?=[\u4e00-\u9fff]))/;

/** Box-drawing characters and rules (a box drawn around an example: ┌──── 示例 ────┐); │ and ┃ stay, as table pipes. */
const BOX_RULE = /[\u2500\u2501\u2504-\u257f\u2580-\u259f]+|[-=_~*+]{3,}/g;
/** A line with its box-drawing and rules taken out (and the + or | corners they leave), for the heading tests. */
function unboxed(t: string): string {
  if (!BOX_RULE.test(t)) return t;
  BOX_RULE.lastIndex = 0;
  return t.replace(BOX_RULE, ' ').replace(/^\s*[+|]\s|\s[+|]\s*$/g, ' ');
}

/**
 * A quiz's header cell (题号 | 题干 | 答案, 选项): the rows below are questions and their answers. 题目
 * alone is no such cell (a register's or a routing slip's title column): only beside 答案 or 选项.
 */
const QUIZ_HEADER_CELL = /(?:^|[|│｜\t]\s*)(题干|答案|参考答案|正确答案|标准答案|选项)\s*(?=[|│｜\t]|$)/;
/** Whether line `l` is a quiz's header row, read with the tabs the normalizer drops between ideographs. */
function isQuizHeader(c: Candidate, l: number, t: string): boolean {
  if (!/题干|答案|选项/.test(t)) return false;
  return QUIZ_HEADER_CELL.test(withDroppedTabs(c.ctx.norm, c.text, c.ctx.lines.lineStart(l), c.ctx.lines.lineEnd(l)).text);
}

export function exampleContextOf(c: Candidate): 'heading' | 'context' | undefined {
  const own = unboxed(c.text.slice(c.ls, c.start));
  if (EXAMPLE_HEADING.test(own)) return 'heading';
  let found: 'context' | undefined = EXAMPLE_CONTEXT.test(own) && !OWN_TITLE.test(own) ? 'context' : undefined;
  let budget = 4;
  for (let l = c.line - 1; l >= Math.max(0, c.line - 12) && budget > 0; l--) {
    const t = unboxed(lineOf(c, l));
    if (EXAMPLE_HEADING.test(t)) return 'heading';
    // A document's own title naming its subject (事由⇥关于举办全市机关保密知识竞赛的请示) says what the
    // document is about, not that what follows are examples.
    if ((EXAMPLE_CONTEXT.test(t) || EXAMPLE_HEADING_LINE.test(t) || isQuizHeader(c, l, t)) && !OWN_TITLE.test(t)) found = 'context';
    if (!/^\s*[|│｜]|\t/.test(t)) budget--;
  }
  return found;
}

/** Words saying a text was drawn from a source (据…整理, 摘自, 改写自). */
const DERIVED = /(?<![数证占])据|摘自|摘编|引自|取自|来源|出自|转自|节选|改写|改编|整理自|综合自|源自/g;
/**
 * What follows 根据/依据 when it gives a ground, not a source: a degree, a rule, a need or a law in
 * general (涉密程度, 有关规定, 工作需要, 保密法, 《保守国家秘密法》 with no marking after it) — not a
 * document of its own (根据江委办发〔2022〕8号（机密★5年）, 根据《……的通知》（机密★5年）).
 */
const GENERAL_GROUND = /^\s*(?:《[^》]{0,30}(?:法|条例|规定|办法|细则|标准|规范)》(?!\s*[(（])|[^，,。;；“”"《》(（]{0,6}?(?:程度|规定|需要|要求|保密法|法律|法规|条例|办法|精神|情况|原则|职责|权限|范围|实际|标准|制度|程序|性质|等级|需求))/;

export const CUES = {
  top: {
    label: 'near the top of the first page',
    delta: 0.1,
    test: (c) => {
      const blk = c.ctx.blocks.length ? blockAt(c.ctx.blocks, originalIndex(c.ctx.norm, c.start)) : undefined;
      return blk?.pageTop !== undefined ? blk.pageTop <= 0.2 : c.ctx.part.leading !== false && c.ctx.lines.contentLineNumber(c.line) <= 3;
    },
  },
  'marking-role': {
    label: 'in a header, footer, text box or table cell',
    delta: 0.15,
    test: (c) => {
      const blk = c.ctx.blocks.length ? blockAt(c.ctx.blocks, originalIndex(c.ctx.norm, c.start)) : undefined;
      return isMarkingRole(c.ctx.part.role) || blk?.kind === 'table-cell' || blk?.kind === 'text-box';
    },
  },
  quoted: {
    label: 'quoted',
    delta: -0.45,
    // Brackets around a line of their own are how 附注 are written (（此件不予公开）), not a quote.
    // Nor are quotation or title marks around all a line of the document's first lines holds, above
    // a notice (「密级：机密」 over its title): the mark set off, where a mark stands (see wrappedAtTop).
    test: (c) =>
      (isQuoted(c.text, c.start, c.end) && c.placement === 'alone-line' && wrappedAtTop(c.ctx, c.text, c.start, c.end, c.ls, c.le, c.line) ? false :
      (isQuoted(c.text, c.start, c.end) && !(c.placement !== 'sentence' && c.placement !== 'short-line' && /[(（【\[]\s*$/.test(c.text.slice(Math.max(c.ls, c.start - 2), c.start)))) ||
      (c.placement !== 'alone-line' && c.placement !== 'alone-cell' && isInsideQuotation(c.text, c.start, c.end))),
  },
  'example-lead': { label: 'introduced as an example (写法如, 例如, 标注为…)', delta: -0.45, test: (c) => isIntroducedAsExample(c.text, c.start) },
  'example-heading': {
    label: 'under an example heading or in a table of examples (示例, 样式, 写法如下, 下表示例)',
    delta: -1,
    test: (c) => exampleContextOf(c) !== undefined,
  },
  discussed: {
    label: 'talked about as a kind of wording (讨论, 列举, 这类表述)',
    delta: -0.45,
    test: (c) => {
      const { before, after } = clause(c);
      const next = c.text.slice(c.end, Math.min(c.text.length, c.end + 24));
      // 学习/分析/判断/格式 also end a document's own title (态势分析, 交换格式): only with what introduces
      // the wording discussed (分析了, 格式为, 判断：).
      return /(讨论了?|列举了?|辨析|提到了?|表述为|写成|称为|评析|识读|表述方式|表述|写法|(?:学习|分析|判断|格式)(?:了|如|为|是|[:：]))(如|为|是)?[^。]{0,24}$/.test(before) || /(这类|此类|一类|这样的|该类|类似|这种|之类)的?(表述|标志|标注|写法|说法|字样|提法|标识|用语)/.test(after + next);
    },
  },
  'rule-text': {
    label: 'a general rule about markings (应当标明, 一律, 凡…)',
    delta: -0.45,
    test: (c) => {
      const { before, after } = clause(c);
      // 应当标明密级：秘密 / 密级应标注为… / 第十条 秘密文件不得外传 / 涉密文件不得外传
      return (
        // 应/需 begin nouns too (应急管理部, 需求说明书): not a rule there.
        /(应当|应该|应(?![急用届聘收付对试变])|须|必须|需要|需(?![求知])|一律|均应|可以|不得|禁止|严禁)(标明|标注|标识|注明|写明|标|注|确定|定为|按照|按)?[^,，]{0,6}$/.test(before) ||
        /^\s*级?(以上|以下|及以上)|^\s*级?的?(文件|资料|载体|事项|国家秘密)(应当|应|须|必须|一律|不得|严禁)/.test(after) ||
        // A handling instruction right after a whole mark (机密★5年 严禁复制) belongs to the marking.
        (c.form.id !== 'level-star-period' && /^\s*(应当|应|须|必须|一律|不得|严禁)/.test(after)) ||
        /^\s*第[一二三四五六七八九十百\d]+条/.test(lineOf(c, c.line)) ||
        (continuesSentence(c.ctx, c.line) && /^\s*第[一二三四五六七八九十百\d]+条/.test(lineOf(c, c.line - 1))) ||
        // 涉密文件一律…; before a whole mark only with what makes it a rule (内部资料 秘密★1年 is two markings).
        (c.form.id === 'level-star-period'
          ? /(涉密|秘密|机密|绝密|国家秘密|内部|敏感)(级)?(的)?(文件|资料|载体|信息|材料|事项|公文|档案|数据|内容)(一律|均|都|应当|应|严格)$/
          : /(涉密|秘密|机密|绝密|国家秘密|内部|敏感)(级)?(的)?(文件|资料|载体|信息|材料|事项|公文|档案|数据|内容)(一律|均|都|应当|应|严格)?$/
        ).test(before) ||
        // legal drafting: “…的，不得上网发布” (whatever is so marked must not …)
        (/的\s*[,，]\s*$/.test(before) && /^(不得|不予|严禁|禁止|应当|应|须)/.test(c.text.slice(c.start, c.end)))
      );
    },
  },
  conditional: {
    label: 'a condition or definition, not a statement about this document (如果, 凡, 是指)',
    delta: -0.4,
    // 如/若/凡/对 also sit inside names (如皋市, 红蓝对抗): as words only where a clause or phrase starts.
    // 如/若/凡 also sit inside names (如皋市), 对 and 说明 begin or end titles (对台工作要点, 情况说明): as
    // words only where a clause starts, 说明 only introducing something (说明如下, 说明：).
    test: (c) => {
      const { before } = clause(c);
      return /(如果|(?:^|[\s,，;；:：(（])(?:如|若|凡)|假如|凡是|对于|一旦|所称|是指|指的是|包括|表示|意味着|意思是|说明(?:如|为|[:：]))[^,，。]{0,16}$/.test(before) && !/^(本|此|该|这)/.test(before.trim()) && !ORG_NAME_BEFORE_LABEL.test(before);
    },
  },
  'level-enumeration': {
    label: 'several levels listed together (a table or list of levels, not one marking)',
    delta: -1,
    test: (c) => {
      const own = c.groups.level;
      // The options a form prints after its label (密级（绝密/机密/秘密）：机密) are what it offers, not
      // levels listed beside this one.
      const options = c.groups.options;
      const blank = (s: string): string => (options ? s.replace(options, ' '.repeat(options.length)) : s);
      // Rows of tab-joined cells are read with their tabs (the normalizer drops them between ideographs).
      const row = blank(withDroppedTabs(c.ctx.norm, c.text, c.ls, c.le).text);
      // Two whole marks side by side and nothing else of the kind on the line: a changed mark written
      // beside the old one (机密★10年 秘密★5年), not a list.
      const period = '★[0-9一二三四五六七八九十百个月年日长期]{1,8}';
      const changed = (row.match(/绝密|机密|秘密/g) ?? []).length === 2 && new RegExp(`(绝密|机密|秘密)${period}\\s*(绝密|机密|秘密)${period}`).test(row.replace(/\s+/g, ' '));
      const here = changed ? new Set<string>() : levelsStandingAlone(row.replace(c.text.slice(c.start, c.end), ' '));
      if ([...here].some((l) => l !== own)) return true;
      // Levels joined to this one (绝密、机密、秘密; 机密或秘密): an enumeration only when this level is one of
      // its items — a title listing levels after the marking that opens it (【秘密★1年】关于开展绝密、机密、
      // 秘密载体清查的通知) is not. Two whole marks side by side are a changed mark written beside the old one.
      const near = blank(c.text.slice(Math.max(c.ls, c.start - 3), Math.min(c.le, c.end + 3)));
      // A slash joins levels only after a level (秘密/机密, 公开/内部/秘密): after anything else it is a
      // path's or a link's separator (http://oa…/机密★5年/…, D:/公文/机密★5年).
      // (A 、 before ★ or another symbol is a stray separator in the mark, 机密、★5年, 机密、※10年: no level follows it.)
      // A comma or semicolon joins levels only between two of them (绝密,机密,秘密 in a keywords field): 保密,秘密 is two keywords.
      if (/(、|或|和|及)\s*(绝密|机密|秘密)|(绝密|机密|秘密|非密|公开|内部)\s*\/\s*(绝密|机密|秘密)|(绝密|机密|秘密)\s*(、(?![^\u4e00-\u9fff])|或|和|及)|(绝密|机密|秘密)\s*[,，;；]\s*(绝密|机密|秘密)/.test(near)) return true;
      if (!changed && /(绝密|机密|秘密)(★[0-9一二三四五六七八九十百个月年日长期]{0,8})?\s*(绝密|机密|秘密)/.test(blank(c.text.slice(c.ls, c.le)))) return true;
      // Section headings or list items of a handout, a level each (## 绝密级 … ## 机密级 …), notes between them.
      if (c.placement === 'alone-line' && siblingLevels(c)) return true;
      // A whole mark (level ★ period) that is all its line or cell holds is weighed only against lines
      // that are marks too: a register row (1 XX工程总体方案 绝密 长期 张三), a count (绝密 3件 机密 41件)
      // or an instruction below it lists things of each level, not ways of writing a mark. One other
      // mark line is a changed mark written under the old one; two or more, a list of marks.
      const wholeAlone = (c.placement === 'alone-line' || c.placement === 'alone-cell') && c.text.slice(c.start, c.end).includes('★');
      let markLines = 0;
      for (const d of [-2, -1, 1, 2]) {
        const l = c.line + d;
        if (l < 0 || l >= c.ctx.lines.count) continue;
        const row = withDroppedTabs(c.ctx.norm, c.text, c.ctx.lines.lineStart(l), c.ctx.lines.lineEnd(l)).text;
        // Around a whole mark alone, a list item's marker (- 秘密★6个月, 2. 绝密★启用前) is no part of the line.
        const line = wholeAlone ? row.replace(LIST_MARKER, '') : row;
        if (![...levelsStandingAlone(line)].some((l) => l !== own)) continue;
        if (!wholeAlone) return true;
        if (isLineOfMarks(line)) markLines++;
      }
      return markLines >= 2;
    },
  },
  'derived-from': {
    label: 'the text says it was drawn from this source (据, 根据, 改写, 摘自, 整理自)',
    delta: 0.3,
    test: (c) => {
      const { before, after, prev } = clause(c);
      const s = before + after;
      DERIVED.lastIndex = 0;
      for (let m = DERIVED.exec(s); m; m = DERIVED.exec(s)) {
        // 根据/依据 a general rule or reason (根据涉密程度, 依据有关规定, 根据工作需要, 根据保密法) says why, not where from.
        const lead = m.index > 0 ? s[m.index - 1] : prev;
        if (m[0] === '据' && m.index === 0 && '数证占'.includes(prev)) continue;
        if (m[0] === '据' && (lead === '根' || lead === '依') && GENERAL_GROUND.test(s.slice(m.index + 1, m.index + 40))) continue;
        return true;
      }
      return false;
    },
  },
  'doc-number': {
    label: 'beside a document number (发文字号): a specific document',
    delta: 0.15,
    test: (c) => DOC_NUMBER_RE.test(c.text.slice(c.start, c.end)) || DOC_NUMBER_BEFORE.test(c.text.slice(Math.max(c.ls, c.start - 24), c.start)),
  },
  'maximum-period': {
    label: 'a longest or legal period (最长保密期限：30年): what the rules allow, not this document\'s period',
    delta: -0.45,
    test: (c) => /(?:最长|最高|法定|不超过)\s*$/.test(c.text.slice(Math.max(c.ls, c.start - 4), c.start)),
  },
  appraised: {
    label: 'an authority\'s finding about an item of a case (经…鉴定，该文件属于机密级国家秘密): a judgment\'s or a warning case\'s report, not this document',
    delta: -0.3,
    // Only in the finding's own words (经…鉴定，该…属于机密级国家秘密), about 该/上述 (the item the text has
    // named), not 本/此/这 (this document itself): a cover note's 经审核认定，该材料是机密级的 is no report.
    test: (c) =>
      /经[^。；;，,]{0,24}(?:鉴定|认定)\s*[，,：:]\s*$/.test(clause(c).before) && /^(?:该|上述)/.test(c.text.slice(c.start, c.end)) && /^(?:级)?的?国家秘密/.test(c.text.slice(c.end, c.end + 8)),
  },
  'deictic-subject': {
    label: 'about this document (本, 此, 该, 这份)',
    delta: 0.15,
    test: (c) => new RegExp(`(^|[\\s,，:])${DEICTIC}[^,，。]{0,8}$`).test(clause(c).before) || new RegExp(`^${DEICTIC}`).test(c.text.slice(c.start, c.end)),
  },
  'whole-mark': {
    label: 'a whole mark: a period or condition after the level, or a label before it',
    delta: 0.1,
    // On a short line (an issuer's name before it: 江临市人民政府办公室 杌密★5年) only a whole mark counts.
    // …or a look-alike 密级 label with its value (江临市人民政府办公室 冤级：机密).
    // (or the real label: 中共江临市委办公室 密级：杌密).
    test: (c) => c.groups.period !== undefined || c.groups.period2 !== undefined || c.groups.period3 !== undefined || c.groups.cond !== undefined || c.groups.cond2 !== undefined || c.groups.cond3 !== undefined || c.groups.label !== undefined || /密级\s*:?\s*$/.test(c.text.slice(Math.max(c.ls, c.start - 6), c.start)),
  },
  'period-stated': {
    label: 'a secrecy period stated beside it (保密期限)',
    delta: 0.1,
    test: (c) => new RegExp(`保密期限|期限为?${PERIOD}|${LEVEL}★`).test(c.text.slice(c.ls, c.le).replace(c.text.slice(c.start, c.end), ' ')),
  },
  'secrecy-stated': {
    label: 'says the content involves secrets (内容涉密)',
    delta: 0.15,
    test: (c) => /涉密/.test(clause(c).before + c.text.slice(c.start, c.end)),
  },
} satisfies Record<string, CueDef>;

export type CueId = keyof typeof CUES;

/**
 * Cues of the state-secret detector's level grammar that are not in {@link CUES} (they weigh the
 * grammar's own matches), named so that they too can be switched off to prove a fixture rests on them.
 */
/** Quotation and title marks, opening → closing (＜＞ and ＂ fold to < > and "). */
/** A line of a notice's head: 紧急程度, an issuer's header (…文件), a document number, a title (关于……的通知), 会议纪要, the addressees (各区县：). */
export const NOTICE_LINE = /^(?:特急|加急|特提|平急)$|文件$|^[\u4e00-\u9fff]{1,12}〔(?:19|20)\d{2}〕\d+号$|关于[^。；;]{2,60}的(?:请示|通知|报告|函|意见|方案|决定|通报|纪要|批复|汇报|说明|安排|规定|办法)$|纪要$|^各[^。；;]{1,40}[:：]$/;
const COPY_NUMBER_SIDE = /(?:份号\s*[:：]?\s*|№\s?|No\.?\s?)?(?<!\d)\d{6}(?!\d)/gi;
const WRAPS: Readonly<Record<string, string>> = { '「': '」', '『': '』', '“': '”', '‘': '’', '"': '"', "'": "'", '《': '》', '〈': '〉', '<': '>' };

/**
 * Whether [start, end) is all its line [ls, le) holds but one quotation or title mark on each side
 * (「机密」, 《绝密》, “绝密★启用前”), on the document's first content line (the second under a copy
 * number; on a page, its top fifth), with a notice's head ({@link NOTICE_LINE}) within the three
 * lines below: a mark set off where marks stand, over the notice it marks. A sentence quoting a
 * mark has words around the quote; a book's title over its blurb (《秘密》\n一部关于成长的小说) has no
 * notice below it.
 */
export function wrappedAtTop(ctx: DetectContext, text: string, start: number, end: number, ls: number, le: number, line: number): boolean {
  // A copy number beside it is part of the marking block (「机密」　№000123).
  const before = text.slice(ls, start).replace(COPY_NUMBER_SIDE, '').trim();
  const after = text.slice(end, le).replace(COPY_NUMBER_SIDE, '').trim();
  if (before.length !== 1 || WRAPS[before] === undefined || after !== WRAPS[before]) return false;
  const blk = ctx.blocks.length ? blockAt(ctx.blocks, originalIndex(ctx.norm, start)) : undefined;
  if (blk?.pageTop !== undefined) {
    if (blk.pageTop > 0.2) return false;
  } else {
    if (ctx.part.leading === false) return false;
    const n = ctx.lines.contentLineNumber(line);
    if (n > 1 || (n === 1 && !/^(?:份号[:：]?)?(?:№|No\.?)?\d{6}$/i.test((ctx.lines.neighbour(line, -1) ?? '').replace(/\s/g, '')))) return false;
  }
  for (let k = 0; k < 3; k++) {
    const below = ctx.lines.neighbour(line, 1, k);
    if (below === undefined) return false;
    if (NOTICE_LINE.test(below)) return true;
  }
  return false;
}

export const GRAMMAR_CUES = {
  'opens-line': 'a level★period mark opening the first line of the document (layout lost: SVG text, flattened pages)',
  'english-gloss': 'an English gloss beside the level (机密 CONFIDENTIAL) does not make it prose',
  'vertical-text': 'written one character per line or broken over two short lines (vertical text, SVG, lost layout): read as one line',
  'field-value': 'the level opens a metadata field or is one item of it (title 秘密-…, keywords)',
  'level-standing': 'a level word standing where a marking stands (top of the first page, table cell, header)',
  'lost-star': 'a level and a declassification condition alone on a line with nothing in the star\'s place (机密会议开始前): the star lost (OCR, retyping)',
  'unticked-option': 'an option of a row of check boxes whose box is empty, the options in cells of their own (密级 | ☐绝密 | ☐机密 | ☐秘密: a blank form), is no marking',
  'marked-option': 'the one option of a row of check boxes marked otherwise than by its empty box (密级 | ☑ 绝密 | ☐ 机密 | ☐ 秘密): the choice, not a list of levels',
  'bracketed-alone': 'in brackets of its own, all its line or cell holds (【机密】, （秘密★1年）): a label set off, not a quotation',
  'wrapped-at-top': 'in quotation or title marks that are all the first line holds, above a notice (「机密」, 《绝密》, “绝密★启用前” over 关于……的通知): set off where a mark stands, not quoted; a level alone or an uncertain mark so set off: a human decides',
  'state-prefix': '国家 written before the level (国家机密, 国-家-机-密) where the level alone would stand: no standard form, a human decides',
  'title-prefix': 'a whole mark in brackets opening a line or a field\'s value, before the title or subject it marks (【机密★5年】关于……的通知)',
  'stated-marked': 'a sentence says this document or its attachment has been marked so (附件已标注机密★5年，请按规定管理): a cover note about classified material, not running text however long',
  'filled-in': 'the blank of a form\'s instruction filled in (如涉密请注明密级：机密★5年, the mark closing the line): an answer, not an example',
  'example-title': 'a whole mark alone at the top under a title that describes teaching material (知识考试试题（标志写法部分）), no example heading: the paper\'s own marking may be meant; a human decides',
  'declassified-row': 'in a register row of declassified items (a cell says 解除 or 已解密, or the column is 原密级): an item\'s former level, not this document\'s marking',
  'title-suffix': 'a level in brackets closing or opening a short title line (第三次联席会议材料（秘密）, （绝密）关于印发……的通知): a typist\'s marking, not the standard form; a human decides',
  'quiz-option': 'an option of a multiple-choice question (A．机密★5年　B．秘密★10年 under a question ending with ？ or holding a （　） blank): talk about markings, not a marking',
  'code-literal': 'a whole mark as a string literal in code (MsgBox "机密★5年", WHERE 密级=\'机密★5年\', a mail-merge query): data the code carries, not a quotation; at least review',
  'lookalike-letters': 'a level spelt in Latin with Cyrillic or Greek letters that look Latin (МІМІ★1年, jімі★6个月): read as Latin',
  'register-row': 'in the 密级 column of a register of documents (收文登记簿: 文号 or 标题 columns beside 密级, two rows or more): it lists classified documents by title; a human decides, not this document\'s own marking',
  'uncorroborated-level': 'a level word alone on its line with nothing of a marking around it (no 密级 label, 份号, 紧急程度, gloss, header or cover role; no document title, issuer, number or request within a few lines): an essay\'s or a heading\'s title as well as a cover\'s mark; a human decides',
  'list-item': 'an item of a numbered list whose other items are no levels (1. 绝密 / 2. 风筝): a title in a list, not a marking',
  'explained-below': 'a whole mark alone over a line saying when it applies (绝密★启用前 / 适用于考试试题等……的情形): a slide or a handout explaining the forms',
  'title-column': 'alone in a table cell under a header naming titles (节目名称, 书名, 曲目, 篇名): a song\'s, a book\'s or a programme\'s title, not a marking',
  'asked-about': 'the rest of its line asks about the mark opening it (# 秘密★1年 怎么标？, 绝密★启用前是什么意思？): a heading or a question about markings',
  'wrapped-lead': 'alone on a line that a sentence of prose wraps onto, the line above ending in a verb that leads to it (…在首页左上角标注了 / 机密★5年 / 经审查，…): the object of that sentence, not a marking\'s place',
  'markdown-emphasis': 'Markdown emphasis around the level (**绝密**, *秘密*): its asterisks are no ★, the level is judged bare',
  'letter-star': 'a letter of another script typed in the star\'s place before the period (机密ж5年, 秘密ⵣ1年), alone where a mark stands: no letter of prose stands there; a human decides',
  'stacked-marks': 'a whole mark alone on its line among other whole marks on the lines around it, with nothing saying they are examples: a list of marks or a marking hidden among others; a human decides',
} as const;
export type GrammarCueId = keyof typeof GRAMMAR_CUES;

// ---------------------------------------------------------------------------------------------
// The forms.

const S = 'state-secret' as const;
const L = 'lower' as const;

/** Forms scored by the detectors' own grammar code (their entries carry documentation and fixtures). */
export const LEVEL_GRAMMAR_FORMS: readonly MarkingForm[] = [
  {
    id: 'level-star-period',
    family: S,
    title: 'Level ★ period / date / condition (国家秘密标志)',
    source: 'GB/T 9704-2012 §7.2.3; 国家秘密标志 rules',
    triggers: [],
    grammar: 'cn-state-secret.ts level grammar at the level words 绝密/机密/秘密',
    base: 0.55,
    maxSeverity: 'block',
    placements: { 'alone-line': 0.3, 'alone-cell': 0.25, 'line-start': 0, 'short-line': 0, sentence: -0.3 },
    cues: ['quoted', 'example-lead', 'example-heading', 'level-enumeration', 'top', 'marking-role'],
    examples: [
      { text: '000012\n机密★5年\n特急\n', expect: 'block' },
      // Whole marks stacked with nothing saying they are examples: a list, or a file's own marking hidden among others.
      { text: '机密★5年\n秘密★1年\n绝密★长期\n关于做好汛期物资调度工作的通知\n', expect: 'review' },
      { text: '绝密★30年\n机密★20年\n秘密★10年\n', expect: 'review' },
      // Alone on a line a sentence wraps onto, after its verb (…标注了⏎机密★5年⏎经审查，…): a human decides.
      { text: '案例三：标注错误导致定密不当\n\n某单位工作人员起草一份会议通知，在首页左上角标注了\n机密★5年\n经审查，该通知内容不涉及国家秘密，属于不当定密，已予以纠正。\n', expect: 'review' },
      // Under a figure's caption calling it a sketch (图1 标注位置示意), near the top: an example, a human decides.
      { text: '国家秘密标志由密级和保密期限组成，标注在文件首页左上角。\n图1 标注位置示意\n| 机密★5年 |\n| XX市人民政府关于XX工作的报告 |\n', expect: 'review' },
      // …also as the items of a list (- 机密★5年, 2. 秘密★6个月): the list marker is no part of the line.
      { text: '- 机密★5年\n- 秘密★6个月\n- 绝密★启用前\n', expect: 'review' },
      { text: '1. 机密★5年\n2. 秘密★6个月\n3. 绝密★启用前\n', expect: 'review' },
      { text: '機密★十年\n关于……的通知\n', expect: 'block' },
      { text: '秘密★会议结束后\n', expect: 'block' },
      // In quotation or title marks that are all the first line holds, above a notice: its mark (a whole one blocks).
      { text: '“绝密★启用前”\n关于印发2026年全市统一考试方案的通知\n', expect: 'block' },
      { text: '《机密★5年》\n江临市发展和改革委员会文件\n', expect: 'block' },
      // A form's next field after blanks the normalizer drops: the condition ends at them.
      { text: '绝密★启用前　　姓名：______　　准考证号：______\n2024年江临市普通高中学业水平合格性考试\n', expect: 'block' },
      { text: '秘密★\n', expect: 'block' },
      { text: '机密★5年关于防汛工作的通知\n正文\n', expect: 'block' },
      // A stray symbol beside the mark is no word around it.
      { text: '}机密★5年\n关于防汛工作的通知\n', expect: 'block' },
      // A separator typed before the star: a sheet header's && printed as &, a form's colon.
      { text: '机密&★5年\n关于防汛工作的通知\n', expect: 'block' },
      { text: '机密：★5年\n关于防汛工作的通知\n', expect: 'block' },
      { text: '机密/★5年\n关于防汛工作的通知\n', expect: 'block' },
      { text: '秘密、★1年\n关于防汛工作的通知\n', expect: 'block' },
      // …and before a symbol or OCR star, when a period follows.
      { text: '秘密：■6个月\n关于防汛工作的通知\n', expect: 'block' },
      { text: '机密、※10年\n关于防汛工作的通知\n', expect: 'block' },
      // …with a space the normalizer keeps beside the separator (a no-break space after a form's colon).
      { text: '机密：\u00a0★10年\n关于防汛工作的通知\n', expect: 'block' },
      // The period in 大写数字 (伍, 壹拾) or with 廿.
      { text: '机密★伍年\n关于防汛工作的通知\n', expect: 'block' },
      { text: '绝密★廿年\n关于防汛工作的通知\n', expect: 'block' },
      // 袐 (秘 with 衣 for 示) is a variant of 秘.
      { text: '袐密★1年\n关于防汛工作的通知\n', expect: 'block' },
      // The period or condition set off after the star, in brackets or by a separator.
      { text: '机密★（5年）\n关于防汛工作的通知\n', expect: 'block' },
      { text: '秘密★：1年\n关于防汛工作的通知\n', expect: 'block' },
      { text: '绝密★（启用前）\n2026年全市统一考试试题\n', expect: 'block' },
      { text: '秘密★，会议结束后\n会议议程\n', expect: 'block' },
      // A star typed twice.
      { text: '机密★★5年\n关于防汛工作的通知\n', expect: 'block' },
      // A condition inside the brackets the mark stands in, a copy number after it.
      { text: '（绝密★启用前）\n2026年全市统一考试试题\n', expect: 'block' },
      { text: '（秘密★会议结束后） 份号：000123\n会议议程\n', expect: 'block' },
      // In corner quotes alone on its line: quoted, but its condition is read (a human decides).
      { text: '「绝密★启用前」\n2026年全市统一考试试题\n', expect: 'review' },
      // A copy number beside the mark is part of the marking block.
      { text: '000123 【机密★5年】\n关于防汛工作的通知\n', expect: 'block' },
      { text: '秘密★1年 $\n关于防汛工作的通知\n', expect: 'block' },
      { text: '# 【机密★2年】江临市重大项目推进会会议纪要\n', expect: 'block' },
      { text: '机－密★公开发布前 特急\n承办单位 办公室\n', expect: 'block' },
      { text: '此稿引用的检查通报定为机密★10年，发布前请删去第三段。', expect: 'review' },
      { text: '王处：\n附件已标注机密★5年，请按规定管理，阅后退回。\n', expect: 'review' },
      { text: '如涉密请注明密级：机密★5年\n', expect: 'review' },
      // An exam on marking-writing carries its own mark under its title: a human decides.
      { text: '2024年保密知识考试试题（标志写法部分）\n秘密★考试结束前\n一、单项选择题\n', expect: 'review' },
      // Levels on the lines below that are counts or register rows, not marks: no list of marks.
      { text: '机密★5年\n2024年度定密工作检查情况通报\n绝密 3件　机密 41件　秘密 212件\n各单位：\n', expect: 'block' },
      { text: '机密★10年\n序号\t载体名称\t密级\t保密期限\t责任人\n1\tXX工程总体方案\t绝密\t长期\t张三\n', expect: 'block' },
      // Amid Latin prose (a marking drawn over an English page): no Chinese sentence about markings.
      { text: 'The group Knockout 机密★5年 (I=false, K=true) draws the shapes, as the test shows.\n', expect: 'review' },
      // Set apart from the issuer's title after it by a space (the original's; the normalizer drops it).
      { text: '機密★5年 江臨市人民政府辦公室關於做好汛期物資調度工作的通知\n', expect: 'block' },
      // A changed mark written under the old one.
      { text: '秘密★5年\n机密★10年\n关于XX工程项目的报告\n', expect: 'block' },
      // In its own tab-joined cell beside a cell of prose (a spreadsheet's first row).
      { text: '机密★10年\t\t\t填表说明：密级栏填写绝密、机密或秘密\n2024年度涉密计算机台账\n', expect: 'block' },
      { text: 'From: 办公室 (机密★5年)\nTo: 各区统计局\n', role: 'metadata', field: 'address', expect: 'block' },
      { text: 'From: 机密★5年 办公室\n', role: 'metadata', field: 'address', expect: 'block' },
      { text: 'To: 各区统计局; 市局办公室 (秘密★会议结束后)\n', role: 'metadata', field: 'address', expect: 'block' },
      // Outside an address field a whole mark in a list or a bracket is weighed as before: review.
      { text: 'keywords: 保密, 机密★, 定密\n', role: 'metadata', expect: 'review' },
      { text: 'description: 专题：秘密★会议开始前\n', role: 'metadata', expect: 'review' },
      { text: '问答 | 机密★20年\n', role: 'title', expect: 'review' },
      // Set off in brackets before the title it marks (article titles, e-mail subjects).
      { text: '【机密★5年】关于做好春季防火工作的通知\n各单位：\n', expect: 'block' },
      { text: 'Subject: 【绝密★长期】春季防火工作安排\n', role: 'metadata', expect: 'block' },
      // A marking above or before a title that lists the levels, or written beside the mark it changes.
      { text: '000012\n秘密★1年\n特急\n关于开展绝密、机密、秘密载体专项清查工作的通知\n', expect: 'block' },
      { text: '【秘密★1年】关于开展绝密、机密、秘密载体专项清查工作的通知\n', expect: 'block' },
      { text: '机密★10年 秘密★5年\n关于调整保密期限的通知\n', expect: 'block' },
      // Titles and names in a page header beside the mark: not a rule or a discussion (应急, 需求, 分析).
      { text: '应急管理部 机密★5年', role: 'header', expect: 'block' },
      { text: '需求规格说明书 秘密★5年', role: 'header', expect: 'block' },
      { text: '海上方向态势分析 机密★10年', role: 'header', expect: 'block' },
      { text: '内部资料 秘密★1年', role: 'header', expect: 'block' },
      { text: '机密★5年 严禁复制\n关于开展汛期检查的通知\n', expect: 'block' },
      { text: '王处：\n此件已标明秘密★1年，请勿外传。\n', expect: 'review' },
      // A long name or title beside the mark, set apart from it, is no sentence the mark runs into.
      { text: '中华人民共和国国家发展和改革委员会 机密★5年\n关于XX的通知\n', expect: 'review' },
      // …in brackets, with a copy number after it, or against the issuer's name without a space.
      { text: '江临市人民政府办公室 （机密★5年）\n关于做好汛期物资调度工作的通知\n', expect: 'review' },
      { text: '江临市人民政府办公室 机密★10年 №000123\n关于做好汛期物资调度工作的通知\n', expect: 'review' },
      { text: '江临市人民政府办公室 密级/保密期限：秘密★1年\n关于做好汛期物资调度工作的通知\n', expect: 'review' },
      // Two blanks or more (a tab stop typed with the space bar) set it in a cell of its own, as a tab does.
      { text: '江临市发展和改革委员会文件  机密★〔5年〕\n关于做好汛期物资调度工作的通知\n', expect: 'block' },
      { text: '江临市发展和改革委员会文件 机密★〔5年〕\n关于做好汛期物资调度工作的通知\n', expect: 'review' },
      { text: '江临市人民政府办公室机密★2030年12月31日\n关于做好汛期物资调度工作的通知\n各区县人民政府，市政府各部门：\n', expect: 'review' },
      { text: '机密★5年关于进一步加强和改进新时代边境管控工作的意见\n', expect: 'block' },
      // A title under the mark that starts like an explanation (用于…) is still a title: only …的情形/情况 explains a form.
      { text: '机密★5年\n用于全市防汛调度的物资储备清单\n', expect: 'block' },
      // A paper's own marking at its top still blocks when the paper holds a quiz on markings below.
      { text: '机密★5年\n2026年度保密工作培训测验\n一、单项选择题\n1．国家秘密标志由密级、★和保密期限组成，例如（　　）。\nA．机密★5年　B．秘密★10年　C．绝密★长期　D．秘密★6个月\n', expect: 'block' },
      // A string literal of code: a macro's message box, a query's condition or its worksheet name.
      { text: 'Sub Main\n  MsgBox "机密★5年"\nEnd Sub\n', role: 'hidden', expect: 'review' },
      { text: "SELECT 文号, 标题 FROM 收文登记 WHERE 密级='机密★5年'\n", role: 'hidden', expect: 'review' },
      { text: 'SELECT * FROM `机密★5年$`\n', role: 'hidden', expect: 'review' },
    ],
    counterexamples: [
      { text: '答：密级标志的写法如「机密★5年」，标注在首页左上角。\n', expect: 'none' },
      { text: '答：考卷的写法如「绝密★启用前」，标在左上角。\n', expect: 'none' },
      { text: '标注示例：\n机密★5年\n', expect: 'none' },
      { text: '文件首页左上角标注密级，如机密★5年。\n', expect: 'none' },
      { text: '检查中发现，有的单位把标有机 密 ★ 3 个 月\n的旧文件与普通资料混放，现已整改。\n', expect: 'none' },
      { text: '【示例】\n秘密★3年\n江临市文件\n', expect: 'none' },
      // A stack of whole marks introduced as examples (例如：, 示例：) is a list of ways to write one.
      { text: '国家秘密标志的形式为“密级★保密期限”，例如：\n绝密★30年\n机密★20年\n秘密★10年\n', expect: 'none' },
      // 如： closing a sentence introduces the next line as 例如： does, a labelled level too.
      { text: '公文格式规范解读\n\n密级标注应当位于版心左上角第二行，顶格标注。如：\n密级：机密\n保密期限应当与密级一并标注。\n', expect: 'none' },
      { text: '公文格式规范解读\n\n密级标注应当位于版心左上角第二行，顶格标注。如：\n机密★5年\n保密期限应当与密级一并标注。\n', expect: 'none' },
      { text: '标志示例：\n机密★5年\n秘密★1年\n绝密★长期\n关于做好汛期物资调度工作的通知\n', expect: 'none' },
      // A slide explaining a form: the line under the mark says when it applies.
      { text: '绝密★启用前\n适用于考试试题等以解密条件确定保密期限的情形\n', expect: 'none' },
      // A heading ending in 示例 with no colon (a Markdown or Word heading, a slide title) over a list of marks.
      { text: '一、密级一览\n国家秘密分为三级。\n## 标志格式示例\n\n- 绝密★长期\n- 机密★10年\n- 秘密★6个月\n', expect: 'none' },
      // An answer whose clause ends with 格式示例： introduces the mark on the next line.
      { text: '三、以解密时间作为保密期限的，如何标注？\n答：标注具体的解密日期，格式示例：\n机密★2028年12月31日\n', expect: 'none' },
      { text: '| 密级 | 最长保密期限 |\n| 绝密 | 30年 |\n| 机密 | 20年 |\n| 秘密 | 10年 |\n', expect: 'none' },
      { text: 'Subject: 关于机密★5年文件清退工作的通知\n', role: 'metadata', expect: 'none' },
      { text: 'Description: 密级标志的写法（机密★5年）\n', role: 'metadata', expect: 'none' },
      { text: 'description: 示例（机密★5年）\n', role: 'metadata', expect: 'none' },
      { text: 'keywords: 保密宣传月; 定密培训; 秘密★10年\n', role: 'metadata', expect: 'none' },
      { text: '示例（机密★5年）\n', role: 'alt-text', expect: 'none' },
      { text: '（机密★5年）是标注示例，正文如下。\n', expect: 'none' },
      { text: '检查发现机密★5年文件与普通资料混放的问题已经整改\n', expect: 'none' },
      { text: '会议要求，机密★（5年）以上的文件由专人保管。\n', expect: 'none' },
      { text: '文件首页标注机密★，并注明期限，会议结束后收回。\n', expect: 'none' },
      { text: '本单位绝密、机密5年以上的档案由专人保管。\n', expect: 'none' },
      { text: '我们讨论了密级标志的写法和标注位置 机密★5年\n', expect: 'none' },
      // An issuer's name closing a clause (…市统计局将标有) is no name the mark closes.
      { text: '本周检查中发现市统计局将标有机密★2030年12月31日\n的纸质文件与普通资料混放，已责令整改。\n', expect: 'none' },
      // The options of a multiple-choice question on how a mark is written: a quiz, not a marking.
      { text: '2026年度保密工作培训测验\n一、单项选择题\n1．国家秘密标志由密级、★和保密期限组成，例如（　　）。\nA．机密★5年　B．秘密★10年　C．绝密★长期　D．秘密★6个月\n', expect: 'none' },
      { text: '5．国家秘密标志的规范写法是哪一项？\n（A）机密★5年\n（B）机密5年整\n（C）机密（五年）\n', expect: 'none' },
      // The answer column of a quiz (题号 ⇥ 题干 ⇥ 答案): an answer, not a marking.
      { text: '题号\t题干\t答案\n1\t文件首页左上角应标注的国家秘密标志，保密期限为五年的机密级文件应写作\t机密★5年\n', expect: 'none' },
      // Under a heading naming the format (# 标注格式, 书写格式): examples.
      { text: '# 标注格式\n\n- 机密★5年\n- 秘密★6个月\n- 绝密★启用前\n', expect: 'none' },
      { text: '书写格式\n\n机密★5年\n', expect: 'none' },
      // A heading asking about the mark, a box drawn around an example, an answer's 标注如下：.
      { text: '# 秘密★1年 怎么标？\n\n- 标注位置：首页左上角\n', expect: 'none' },
      { text: '保密基础知识培训讲义\n\n┌────────── 示例 ──────────┐\n│ 机密★5年                 │\n│ 关于××工作的报告          │\n└───────────────────────────┘\n', expect: 'none' },
      { text: '定密常见问题解答\n\n问：高考试卷封面怎么标？\n答：标注如下：\n绝密★启用前\n启用后即自行解密。\n', expect: 'none' },
      // Straight quotes in a sentence, not in code.
      { text: '答：密级标志的写法如"机密★5年"，标注在首页左上角。\n', expect: 'none' },
    ],
  },
  {
    id: 'level-ocr-star',
    family: S,
    title: 'Level, an OCR misreading of ★ (女/文/妇/又 …) or the star missing, period (also set off in brackets: 机密（5年）)',
    source: 'OCR of printed markings (★ is never read as ★)',
    triggers: [],
    grammar: 'cn-state-secret.ts level grammar at the level words 绝密/机密/秘密',
    base: 0.45,
    maxSeverity: 'block',
    placements: { 'alone-line': 0.3, 'alone-cell': 0.25 },
    cues: ['quoted', 'example-lead', 'top'],
    examples: [
      { text: '机密女5年\n关于召开会议的通知\n', expect: 'block' },
      // Hollow letters (outlines stroked) read by OCR: ☆ as 六.
      { text: '000012\n机密六5年\n关于开展年度检查工作的通知\n', role: 'ocr', expect: 'block' },
      // A letter-spaced mark whose gap OCR read as a stroke (机  密  ★  5  年).
      { text: '机密女5人年\n各单位：为进一步规范项目管理，现将有关事项通知如下。\n', role: 'ocr', expect: 'block' },
      { text: '绝密长期\n关于召开会议的通知\n', expect: 'block' },
      { text: '绝密妇\n关于召开会议的通知\n', expect: 'block' },
      { text: '机密又公开发布前\n会议议程\n', expect: 'block' },
      // A symbol typed for ★ is judged the same way: only a marking's layout makes it one.
      { text: '机密▲5年\n关于召开会议的通知\n', expect: 'block' },
      { text: '秘密※会议结束后\n会议议程\n', expect: 'block' },
      { text: '机密🌟5年\n关于召开会议的通知\n', expect: 'block' },
      { text: '机密x5年\n关于召开会议的通知\n', expect: 'block' },
      { text: '机密#5年\n关于召开会议的通知\n', expect: 'block' },
      // A letter of another script in the star's place: a human decides.
      { text: '机密ж5年\n关于召开会议的通知\n', expect: 'review' },
      { text: '秘密ⵣ1年\n关于召开会议的通知\n', expect: 'review' },
      { text: '秘密●1年　000123\n关于召开会议的通知\n', expect: 'block' },
      { text: '【绝密●启用前】\n2026年全市统一考试试题\n', expect: 'block' },
      // The period or condition set off after the symbol, as after ★.
      { text: '秘密※（1年）\n关于召开会议的通知\n', expect: 'block' },
      { text: '机密▲.5年\n关于召开会议的通知\n', expect: 'block' },
      { text: '绝密◇〖启用前〗\n2026年全市统一考试试题\n', expect: 'block' },
      // Closing an issuer's line, as ★ would.
      { text: '江临市人民政府办公室 秘密●1年\n关于召开会议的通知\n', expect: 'review' },
      // A symbol the normalizer drops between ideographs (· ～) in the star's place: the same.
      { text: '江临市人民政府办公室 机密·5年\n关于召开会议的通知\n', expect: 'review' },
      { text: '机密妇会议开始前 物资分布示意图', role: 'alt-text', expect: 'review' },
      { text: '一、原定计划不变。\n秘密考试结束前\n二、其他事项照常。\n', expect: 'review' },
      { text: '机密公开发布前', role: 'hidden', expect: 'review' },
      // The period set off in brackets or by a slash instead of the star: a typist's form.
      { text: '机密（5年）\n关于召开会议的通知\n', expect: 'block' },
      { text: '秘密【1年】\n关于调整值班安排的通知\n', expect: 'block' },
      { text: '绝密/长期\n关于召开会议的通知\n', expect: 'block' },
      { text: '机密（保密期限：10年）\n关于召开会议的通知\n', expect: 'block' },
    ],
    counterexamples: [
      { text: '俄语字母表：а б в г д е ё ж з，“机密ж”中的ж不是星号。\n', expect: 'none' },
      // Typed text: no stroke read into a gap, 5人 is five people.
      { text: '机密女5人年度考核小组名单\n', expect: 'none' },
      { text: '会议认为机密文件管理要加强。\n', expect: 'none' },
      { text: '第八条　属于国家秘密的文件、资料，应当依照本法规定标明密级和保密\n期限，例如密级和保密期限：秘密妇6个月；不属于国家秘密的，不得标注。\n', expect: 'none' },
      { text: '会议要求，机密文件在会议开始前分发，会后收回。\n', expect: 'none' },
      { text: '本单位机密▲5年以上的档案由专人保管。\n', expect: 'none' },
      { text: '本单位机密·5年以上的档案由专人保管。\n', expect: 'none' },
      { text: '本单位机密▲（5年）以上的档案由专人保管。\n', expect: 'none' },
      { text: '机密x\n关于召开会议的通知\n', expect: 'none' },
      { text: '#机密#话题下，大家讨论了数据的机密性。\n', expect: 'none' },
      { text: '文件首页应标注密级和保密期限，如机密（5年）。\n', expect: 'none' },
      { text: '会议要求，机密（5年）以上的文件由专人保管。\n', expect: 'none' },
      { text: '涉密载体台账（样表）\n序号\t载体名称\t密级（期限）\n1\t重点目标防护方案\t机密（5年）\n2\t成员通讯录\t秘密（1年）\n', expect: 'none' },
    ],
  },
  {
    id: 'level-alone',
    family: S,
    title: 'A level word alone where a marking stands (cover, table cell, header, beside 密级)',
    source: 'practice: covers, routing slips, page headers',
    triggers: [],
    grammar: 'cn-state-secret.ts level grammar at the level words 绝密/机密/秘密',
    base: 0.35,
    maxSeverity: 'block',
    placements: { 'alone-line': 0.3, 'alone-cell': 0.25 },
    cues: ['top', 'marking-role', 'level-enumeration', 'example-heading'],
    examples: [
      { text: '机密\n\n关于2024年度预算调整的报告\n', expect: 'block' },
      { text: '机密\n是否造成损害，请于本周内评估后答复。\n', expect: 'block' },
      // A cover: the level alone over the document's title, however it is worded.
      { text: '机密\n\nXX工程总体设计方案\n\nXX设计研究院\n', expect: 'block' },
      // Nothing of a marking's around a level alone at the top (an essay's title): a human decides.
      { text: '秘密\n\n小时候，我在外婆家后院的槐树下埋过一个铁皮盒子，里面装着几颗玻璃弹珠。那是只属于我一个人的秘密。\n', expect: 'review' },
      { text: '秘密', role: 'header', expect: 'block' },
      { text: '秘密', role: 'footer', leading: false, expect: 'block' },
      { text: '秘密\n江临市规划局\n', role: 'text-box', leading: false, expect: 'block' },
      { text: '封面\t\n项目名称\t江临港区规划\n密级\t秘密\n', expect: 'block' },
      // A date in the next cell is no period of the level's.
      { text: '\t汛期物资调度方案\t秘密\t2026年5月6日\t\n关于汛期物资调度的通知\n', expect: 'block' },
      { text: '<密级>\n绝密\n', expect: 'block' },
      { text: '机密 CONFIDENTIAL\n年度报告\n', expect: 'block' },
      { text: '绝 密   T O P   S E C R E T\n年度报告\n', expect: 'block' },
      { text: '机密 特急\n承办单位 办公室\n关于开展检查的通知\n', expect: 'block' },
      { text: '秘密 SECRET 物资分布示意图', role: 'alt-text', expect: 'review' },
      { text: '机\n密\n★\n5\n年\n关于防汛工作的通知\n', expect: 'block' },
      // The level's head alone on its line, the rest of the mark with a date and a copy number on the next.
      { text: '机\n密★2025年12月31日　No.000123\n关于防汛工作的通知\n', expect: 'block' },
      { text: '第一章 总则\n一、工作目标\n二、工作任务\n三、保障措施\n四、进度安排\n五、其他\n\n秘密\n\n附件材料\n', expect: 'review' },
      // A heading 绝密级 under a title ending in 的密级: neither is a 密级 label (绝密级 holds 密级, 国家秘密的密级 names a topic).
      { text: '# 国家秘密的密级\n\n## 绝密级\n\n- 适用范围：最重要的国家秘密\n', expect: 'review' },
      { text: '秘密-2024年重点项目清单', role: 'properties', expect: 'review' },
      { text: '预算;机密;2024', role: 'properties', expect: 'review' },
      // One level among other keywords, a comma before it: no list of levels.
      { text: 'keywords: 保密,机密,预算\n', role: 'metadata', expect: 'review' },
      // In brackets of its own, alone on its line: a label set off, not a quotation.
      { text: '【机密】\n关于2024年度预算调整的报告\n', expect: 'block' },
      { text: '（秘密）\n关于调整值班安排的通知\n', expect: 'block' },
      { text: '机密级\n关于2024年度预算调整的报告\n', expect: 'block' },
      // In quotation or title marks that are all the first line holds, above a notice: set off, a human decides.
      { text: '《绝密》\n关于召开座谈会的通知\n', expect: 'review' },
      { text: '000123\n「机密」\n江临市应急管理局文件\n临应急发〔2024〕12号\n', expect: 'review' },
      // Closing a title line: review (not the standard form).
      { text: '第三次联席会议材料（秘密）\n一、议题\n', expect: 'review' },
      { text: '（绝密）关于印发《江临市重要基础设施应急保障方案》的通知\n各区：\n', expect: 'review' },
      { text: '江临市市场监督管理局\n〖秘密〗2024年食品安全专项抽检工作方案\n', expect: 'review' },
      // Opening a paragraph it marks, or joined to a title by a dash as in a file name.
      { text: '一、总体情况\n（机密）二、外资合作方案。经与港务集团磋商，拟分两期实施。\n', expect: 'review' },
      { text: '秘密-2024年主汛期防汛物资储备点清单\n序号\t储备点\n', expect: 'review' },
      // A row of tab-joined cells (a spreadsheet, a header's tab stops): the level fills its own cell.
      { text: '读书月活动安排表\t\t秘密\n日期\t活动\n', expect: 'block' },
      { text: '秘密\t第1页', role: 'header', expect: 'block' },
      // 国家 before the level, alone on the line: no standard form, a human looks.
      { text: '国家机密\n关于召开座谈会的通知\n', expect: 'review' },
      { text: '国-家-绝-密\n关于召开座谈会的通知\n', expect: 'review' },
      // The next line is a title, not a definition (即墨区…, 指挥部…).
      { text: '秘密\n即墨区人民政府关于台风灾害损害情况的报告\n', expect: 'block' },
      { text: '秘密\n指挥部关于国家秘密载体保护工作的通知\n', expect: 'block' },
      { text: '密级\t机密\t份数\t20\n', expect: 'block' },
      // A register of documents (收文登记簿: 文号, 标题, 密级) lists classified documents by title: a human decides.
      { text: '收文登记簿\n序号\t文号\t标题\t密级\t收文日期\n1\t江委办发〔2024〕12号\t关于加强防汛工作的通知\t机密\t2024年5月8日\n2\t江政办〔2024〕33号\t关于调整市级预算的报告\t秘密\t2024年5月9日\n3\t江政发〔2024〕5号\t关于印发农业发展规划的通知\t公开\t2024年5月10日\n', expect: 'review' },
      { text: '2024年5月文件登记表\n| 文号 | 文件标题 | 密级 | 份数 |\n| --- | --- | --- | --- |\n| 江委办发〔2024〕12号 | 关于加强防汛工作的通知 | 机密 | 2 |\n| 江政办〔2024〕33号 | 关于调整市级预算的报告 | 秘密 | 1 |\n', expect: 'review' },
      // One row under such a header is this document's routing slip, laid out across: its own level.
      { text: '文件处理单\n文号\t标题\t密级\t份数\n江委办发〔2024〕12号\t关于加强防汛工作的通知\t机密\t3\n', expect: 'block' },
    ],
    counterexamples: [
      // The head of a word alone on its line before prose that goes on with the level's second character.
      { text: '手\n机\n密码忘记了怎么办？请携带身份证到营业厅办理，工作人员将协助重置。\n', expect: 'none' },
      { text: '关于解除部分国家秘密事项的通知（公开部分）\n下列事项解除密级：\n序号\t事项名称\t原密级\t处理结果\n1\t2019年度预算草案\t秘密\t解除\n', expect: 'none' },
      { text: '涉密载体管理台账（样表，填写示例）\n序号\t载体名称\t密级\t保密期限\n1\t重点目标防护方案\t秘密\t5年\n2\t成员通讯录\t秘密\t1年\n', expect: 'none' },
      { text: '《秘密花园》是一本畅销的涂色书。\n', expect: 'none' },
      { text: '《秘密》\n一部关于成长的小说。\n', expect: 'none' },
      { text: '图书馆五月新书推荐\n《秘密花园》\n关于本书的读书报告\n', expect: 'none' },
      { text: '保密宣传月活动\n「机密」\n关于召开座谈会的通知\n', expect: 'none' },
      // A published table of secret matters lists every level in its 密级 column, tab-joined or not.
      { text: 'XX局国家秘密事项范围（公开发布）\n序号\t事项\t密级\n一\t全局年度预算草案\t秘密\n二\t重大案件侦查方案\t机密\n三\t核心技术参数\t绝密\n', expect: 'none' },
      { text: '泄露国家机密的，依法追究责任。\n', expect: 'none' },
      // A glossary entry: the level word alone, its definition on the next line.
      { text: '名词解释\n■ 机密\n是重要的国家秘密，泄露会使国家安全和利益遭受严重的损害。\n', expect: 'none' },
      { text: '• 秘密\n指一般的国家秘密，泄露会使国家安全和利益遭受损害。\n', expect: 'none' },
      { text: '会议指出，“机密”不等于“秘密”（机密）的说法有误。\n', expect: 'none' },
      { text: '国家秘密\n', expect: 'none' },
      { text: '数据的机密性、完整性和可用性是信息安全的三要素。\n', expect: 'none' },
      { text: '秘密花园读书笔记', role: 'properties', expect: 'none' },
      { text: '密级\n绝密\n机密\n秘密\n', expect: 'none' },
      // A page's keywords listing every level, joined by commas: a list of levels.
      { text: 'keywords: 保密,定密,密级,绝密,机密,秘密,保密期限\n', role: 'metadata', expect: 'none' },
      // A heading or a list item whose next line defines the level: a glossary, not a marking.
      { text: '## 机密\n\n机密级国家秘密是重要的国家秘密，泄露会使国家安全和利益遭受严重的损害。\n', expect: 'none' },
      { text: '**绝密**\n: 最重要的国家秘密\n', expect: 'none' },
      // A title in a numbered list of other titles.
      { text: '# 2023年度十大谍战剧盘点\n\n1. 绝密\n2. 风筝\n3. 潜伏\n', expect: 'none' },
      // A handout's sections, a level each as a heading, their notes between them.
      { text: '# 国家秘密的密级\n\n## 绝密级\n\n- 适用范围：最重要的国家秘密\n- 知悉范围：严格限定到具体人员\n\n## 机密级\n\n- 适用范围：重要的国家秘密\n- 知悉范围：限定\n\n## 秘密级\n\n- 适用范围：一般的国家秘密\n', expect: 'none' },
      // A title in a column of titles: a song called 秘密 on a programme.
      { text: '2025年江临市民音乐节节目单\n序号\t节目名称\t表演者\n1\t不能说的秘密\t江临市青年合唱团\n2\t秘密\t林小雨\n3\t夜空中最亮的星\t城市乐队\n', expect: 'none' },
      // Markdown emphasis around the levels of a table or a definition list: no ★.
      { text: '# 国家秘密密级释义\n\n| 密级 | 含义 |\n|---|---|\n| **绝密** | 最重要的国家秘密 |\n| **机密** | 重要的国家秘密 |\n| **秘密** | 一般的国家秘密 |\n', expect: 'none' },
      // A register whose 密级 column holds no state-secret level, and a regulation's table of the levels.
      { text: '收文登记簿\n序号\t文号\t标题\t密级\n1\t江政发〔2024〕5号\t关于印发农业发展规划的通知\t公开\n2\t江政办〔2024〕41号\t关于做好春季植树工作的通知\t非密\n', expect: 'none' },
      { text: '附表　国家秘密的密级和保密期限\n| 密级 | 保密期限 | 说明 |\n| 绝密 | 不超过30年 | 最重要的国家秘密 |\n| 机密 | 不超过20年 | 重要的国家秘密 |\n| 秘密 | 不超过10年 | 一般的国家秘密 |\n', expect: 'none' },
    ],
  },
  {
    id: 'lower-word',
    family: L,
    title: 'Lower marking word standing alone (内部, 内部资料 注意保存, 内部参考, 仅供内部使用, 工作秘密, 商业秘密, 涉密)',
    source: 'practice: covers, headers, internal publications',
    triggers: [],
    grammar: 'cn-lower.ts at its words 内部, 内部资料, 内部参考, 工作秘密, 商业秘密, 注意保存, 涉密 …',
    base: 0.35,
    maxSeverity: 'review',
    placements: { 'alone-line': 0.3, 'alone-cell': 0.25 },
    cues: ['quoted', 'example-lead', 'example-heading', 'level-enumeration'],
    examples: [
      { text: '内部资料 注意保存\n\n2024年度工作要点\n', expect: 'review' },
      { text: '工作秘密\n关于调整值班安排的通知\n', expect: 'review' },
      { text: '涉密\n关于江临港区三期工程选址的情况汇报\n', expect: 'review' },
      { text: '正文\n2024年6月3日\n① 内部资料 注意保存', expect: 'review' },
    ],
    counterexamples: [
      { text: '加强内部控制，完善内部管理制度。\n', expect: 'none' },
      // A glossary entry: the term, its definition on the next line.
      { text: '# 保密常用术语\n\n**工作秘密**\n: 不属于国家秘密，但泄露后会对工作造成不利影响的内部事项。\n', expect: 'none' },
      // One of a list of levels, one a line: a system's options, not a marking.
      { text: '3.4　密级标识功能\n系统应支持对公文设置密级标识，密级选项包括：\n绝密\n机密\n秘密\n内部\n公开\n设置为“秘密”及以上密级的公文，系统应禁止在互联网区流转。\n', expect: 'none' },
      { text: '下表示例均为虚构，不是本文件的标志。\n| 示例 | 说明 |\n| 内部资料　注意保存 | 属于何种标志 |\n', expect: 'none' },
    ],
  },
];

/**
 * A level right after a label's last unit (级, 限, 别, 度) or after the options a form prints in
 * brackets behind it (密级（绝密/机密/秘密）：机密), blanks, a colon, a cell's bar or a box between:
 * the pre-check of label-value and untold-option, one regex for both (it runs at every level word,
 * so it is one character class looked back over, nothing that backtracks).
 */
const LEVEL_AFTER_LABEL = /[绝机秘]密(?<=[级限别度)）][\s:：|│｜□☐○◯()（）[\]]*..)/g;

/** A ticked box or mark, as forms draw them: ☑ ☒ ✓ ✔ √ ■ ● ◉ ▣ ⊠, [x], (√). */
const TICKED = '(?:[☑☒✓✔√■●◉▣⊠]|\\[\\s*[xX√✓✔]\\s*\\]|\\(\\s*[xX√✓✔]\\s*\\))';

/** Any box of a form's check boxes, ticked or not. */
const BOX = `(?:${TICKED}|[☐□○◯▢◻]|\\[\\s*\\]|\\(\\s*\\))`;

/** A form's empty box in Unicode (the sign the other options may share with a chosen one drawn otherwise). */
const EMPTY_BOX = '[☐□○◯▢◻]';

/**
 * A sign before or after a form's option that is neither text, punctuation nor a box in Unicode:
 * what a symbol font draws when the reader gets its code and not its picture (Wingdings þ ☑ and ¨ ☐,
 * Wingdings 2 R ☑ and £ ☐, ZapfDingbats 4 ✔ and o ❏, private use U+F0A8 and U+F0FE).
 */
const ODD_MARK = '[^\\s\\u3000-\\u303f\\u3400-\\u9fff\\uf900-\\ufaff、，,；;：:。.！!？?（）()【】\\[\\]「」『』“”‘’"\'《》〈〉<>|│｜/\\\\\\-—–_·…~★☑☒✓✔√■●◉▣⊠☐□○◯▢◻]';

/** An option of a form's 密级 row. */
const OPTION = '(?:绝密|机密|秘密|非密|公开|内部|普通|一般)级?';

/** An option of a form's row with a star against it (starred-option). */
const STARRED = `(?:[★☆] ?${OPTION}|${OPTION} ?[★☆])`;

/** Forms evaluated from their pattern, placements and cues. */
export const PATTERN_FORMS: readonly MarkingForm[] = [
  {
    id: 'ticked-level',
    family: S,
    title: 'A level ticked among a form’s check boxes (密级：☐绝密 ☑机密 ☐秘密)',
    source: 'practice: 发文稿纸, 审批表 and 呈批件 templates with check boxes',
    triggers: ['密级', '秘密等级', '保密等级'],
    // A tick: what the pattern cannot match without (a 密级 in prose costs no window search).
    requires: /[☑☒✓✔√■●◉▣⊠]|[[(]\s*[xX]/g,
    // The label, then on its line the options; the one ticked (box before or after it) is the value.
    // Which side of its option a box stands on is the row's own: the first option after the label tells.
    pattern: new RegExp(`(?<label>${LEVEL_LABEL})\\s*[:：]?\\s*(?:(?=${BOX})[^\\n]{0,40}?${TICKED}\\s*(?<level>${LEVEL})|(?=${LEVEL}|非密|公开|内部)[^\\n]{0,40}?(?<level2>${LEVEL})\\s*${TICKED})`, 'g'),
    base: 0.75,
    maxSeverity: 'block',
    placements: { field: 0, 'alone-line': 0.05, 'alone-cell': 0.05, 'line-start': 0, 'short-line': 0, sentence: -0.25 },
    cues: ['quoted', 'example-lead', 'example-heading', 'rule-text', 'discussed'],
    examples: [
      { text: '发文稿纸\n密级：☐绝密 ☑机密 ☐秘密　　保密期限：5年\n标题：关于调整部分岗位的通知\n', expect: 'block' },
      { text: '密级\t□绝密 ■机密 □秘密\n', expect: 'block' },
      { text: '密级：绝密□ 机密√ 秘密□\n', expect: 'block' },
      { text: '密级：[ ]绝密 [x]机密 [ ]秘密\n', expect: 'block' },
      { text: '呈批表\n密级\t☐绝密\t☑机密\t☐秘密\n', expect: 'block' },
      // A Word table, a cell a line: the ticked option among the boxed ones is no list of levels.
      { text: '呈批件\n密级\n☑ 绝密\n☐ 机密\n☐ 秘密\n', cells: true, expect: 'block' },
      { text: '呈批件\n密级\nV 机密\n☐ 绝密\n☐ 秘密\n', cells: true, expect: 'review' },
      { text: '密级：○绝密 ○机密 ●秘密 ○非密\n', expect: 'block' },
      // A routing slip whose row above is fields, not prose broken off mid-sentence.
      { text: '文件处理单\n来文单位：江临市发展和改革委员会\t文号：江发改〔2026〕31号\n密级：□绝密 ■机密 □秘密\n事由：关于下达年度投资计划的函\n', expect: 'block' },
    ],
    counterexamples: [
      { text: '发文稿纸\n密级：☐绝密 ☐机密 ☐秘密 ☐非密\n', expect: 'none' },
      { text: '密级：☐绝密 ☐机密 ☐秘密 ☑非密\n', expect: 'none' },
      { text: '填写示例：\n密级：☐绝密 ☑机密 ☐秘密\n', expect: 'none' },
      { text: '密级：绝密□ 机密□ 秘密□ 非密√\n', expect: 'none' },
      // Each option in a cell of its own (a spreadsheet or a table row), none ticked: a blank form.
      { text: '呈批表\n密级\t☐绝密\t☐机密\t☐秘密\n标题\t关于调整部分岗位的通知\n', expect: 'none' },
      { text: '呈批表\n密级\t绝密□\t机密□\t秘密□\n', expect: 'none' },
      { text: '密级\t☐绝密\t☐机密\t☐秘密\t☑非密\n', expect: 'none' },
      { text: '呈批件\n密级\n☐ 绝密\n☐ 机密\n☐ 秘密\n', cells: true, expect: 'none' },
    ],
  },
  {
    id: 'untold-option',
    family: S,
    title: 'A scanned form’s 密级 row listing the levels with none marked in the text OCR read (密级：绝密 机密 秘密): a hand’s circle or tick is not text',
    source: 'practice: 文件处理单, 发文稿纸 and 审批表 printed with the options, one circled, ticked or the others struck out by pen, then scanned',
    triggers: ['密级', '秘密等级', '保密等级'],
    roles: ['ocr'],
    requires: LEVEL_AFTER_LABEL,
    // The label, then two or more of the options on its line, separated by blanks, slashes or boxes
    // OCR read as nothing, and no tick (a ticked box is ticked-level's).
    pattern: new RegExp(`(?<label>${LEVEL_LABEL})\\s*[:：]?\\s*(?:[□☐○◯()（）\\[\\]]\\s*)?(?<level>${LEVEL})(?:\\s*[□☐○◯()（）\\[\\]/|、]?\\s*(?:${LEVEL}|非密|公开|内部))+(?![^\\n]{0,40}${TICKED})`, 'g'),
    base: 0.6,
    maxSeverity: 'review',
    placements: { field: 0, 'alone-line': 0.05, 'alone-cell': 0.05, 'line-start': 0, 'short-line': 0, sentence: -0.25 },
    cues: ['quoted', 'example-lead', 'example-heading', 'rule-text', 'discussed'],
    examples: [
      { text: '文件处理单\n来文单位\t江临市发展和改革委员会\n密级\t绝密 机密 秘密\n事由\t关于下达年度投资计划的函\n', role: 'ocr', expect: 'review' },
      { text: '发文稿纸\n密级：绝密/机密/秘密\n标题：关于调整部分岗位的通知\n', role: 'ocr', expect: 'review' },
    ],
    counterexamples: [
      // Typed, the row says what it shows: nothing chosen (a blank form).
      { text: '发文稿纸\n密级：绝密 机密 秘密\n标题：关于调整部分岗位的通知\n', expect: 'none' },
      // A scanned regulation naming the levels in a sentence.
      { text: '第十条 国家秘密的密级分为绝密、机密、秘密三级。\n', role: 'ocr', expect: 'none' },
    ],
  },
  {
    id: 'odd-mark-level',
    family: S,
    title: 'A level marked among a form’s options by a sign unlike the others’, in a symbol font the reader could not name (密级：¨绝密 þ机密 ¨秘密)',
    source: 'practice: 发文稿纸 and 审批表 with Wingdings or ZapfDingbats check boxes, exported to PDF or HTML without a Unicode mapping',
    triggers: ['密级', '秘密等级', '保密等级'],
    // A level with a sign beside it: what the pattern cannot match without (opening at the level's
    // units, so text in Latin letters costs no search at every letter).
    requires: new RegExp(`[绝机秘]密(?:(?<=${ODD_MARK} ?..)|(?= ?${ODD_MARK}))`, 'g'),
    // Which side of its option a sign stands on is the row's own: what follows the label tells. The
    // signs of two options agree (`same`: an empty box); one level has a sign of its own: the value.
    pattern: new RegExp(
      `(?<label>${LEVEL_LABEL})[\\s:：|│｜]*(?:(?=${ODD_MARK}|${EMPTY_BOX})(?=[^\\n]{0,60}?(?<same>${ODD_MARK}|${EMPTY_BOX}) ?${OPTION}[^\\n]{0,24}?\\k<same> ?${OPTION})[^\\n]{0,60}?(?!\\k<same>)${ODD_MARK} ?(?<level>${LEVEL})` +
        `|(?=${OPTION})(?=[^\\n]{0,60}?${OPTION} ?(?<same2>${ODD_MARK}|${EMPTY_BOX})[^\\n]{0,24}?${OPTION} ?\\k<same2>)[^\\n]{0,60}?(?<level2>${LEVEL}) ?(?!\\k<same2>)${ODD_MARK})`,
      'g',
    ),
    base: 0.6,
    maxSeverity: 'review',
    placements: { field: 0, 'alone-line': 0.05, 'alone-cell': 0.05, 'line-start': 0, 'short-line': 0, sentence: -0.25 },
    cues: ['quoted', 'example-lead', 'example-heading', 'rule-text', 'discussed'],
    examples: [
      // Wingdings without a Unicode mapping: þ draws ☑, ¨ draws ☐ (Word's check boxes in a PDF or "save as web page").
      { text: '发文稿纸\n密级：¨绝密 þ机密 ¨秘密　　保密期限：5年\n标题：关于调整部分岗位的通知\n', expect: 'review' },
      // Private use: Wingdings ☐ U+F0A8, ☑ U+F0FE as a PDF's ToUnicode maps them.
      { text: '密级：\uf0a8绝密 \uf0fe机密 \uf0a8秘密\n', expect: 'review' },
      // ZapfDingbats: o draws ❏, 4 draws ✔; Wingdings 2: £ ☐, R ☑; the sign after the option.
      { text: '密级：o绝密 o机密 4秘密 o非密\n', expect: 'review' },
      { text: '密级：绝密£ 机密R 秘密£\n', expect: 'review' },
      { text: '密级：□绝密 \uf0fe机密 □秘密\n', expect: 'review' },
      // A box filled in as a block (▇, █): a sign unlike the others'. Not taken for a tick: each sign
      // added to the ticks' class slows the pre-check every level word runs (measured 49 → 81 ms a
      // pass over the realistic bench corpus with ◼ ◾).
      { text: '密级：绝密□ 机密▇ 秘密□\n', expect: 'review' },
    ],
    counterexamples: [
      { text: '密级：¨绝密 ¨机密 ¨秘密 ¨非密\n', expect: 'none' },
      { text: '密级：¨绝密 ¨机密 ¨秘密 þ非密\n', expect: 'none' },
      { text: '密级：A绝密 B机密 C秘密 D非密\n', expect: 'none' },
      { text: '密级：1.绝密 2.机密 3.秘密\n', expect: 'none' },
      { text: '填写示例：\n密级：¨绝密 þ机密 ¨秘密\n', expect: 'none' },
      { text: '密级分为“绝密”“机密”“秘密”三级。\n', expect: 'none' },
    ],
  },
  {
    id: 'starred-option',
    family: S,
    title: 'A level marked among a form’s listed options by a star beside it (密级：绝密 ★机密 秘密)',
    source: 'practice: 审批表 and 登记表 whose chosen option is starred rather than ticked, options in one line or in cells of their own',
    triggers: ['密级', '秘密等级', '保密等级'],
    // A star against a level: what the pattern cannot match without (every real mark 机密★ also has one: few a document).
    requires: /[绝机秘]密(?:(?<=[★☆] ?..)|(?= ?[★☆]))/g,
    // The label, two or more options on its line, and a star before or after one level with no
    // period after it (机密★5年 after the label is label-value's).
    // One option of the line starred, the others not, and by one star: Markdown's bold (**机密**, the
    // asterisks folded to stars) is emphasis, and **绝密**、**机密**、**秘密** emphasises all three.
    pattern: new RegExp(`(?<label>${LEVEL_LABEL})[\\s:：|│｜]*(?=[^\\n]{0,60}?${OPTION}[^\\n]{0,30}?${OPTION})(?=(?:(?!${STARRED})[^\\n])*${STARRED}(?:(?!${STARRED})[^\\n])*(?:\\n|$))[^\\n]{0,60}?(?:(?<![★☆])[★☆] ?(?<level>${LEVEL})|(?<level2>${LEVEL}) ?[★☆](?![★☆]| ?[\\d０-９一二三四五六七八九十两长]))`, 'g'),
    base: 0.6,
    maxSeverity: 'review',
    placements: { field: 0, 'alone-line': 0.05, 'alone-cell': 0.05, 'line-start': 0, 'short-line': 0, sentence: -0.25 },
    cues: ['quoted', 'example-lead', 'example-heading', 'rule-text', 'discussed'],
    examples: [
      { text: '呈批表\n密级：绝密 ★机密 秘密\n标题：关于调整部分岗位的通知\n', expect: 'review' },
      { text: '呈批表\n密级\t☐绝密\t★机密\t☐秘密\n标题\t关于调整部分岗位的通知\n', expect: 'review' },
      { text: '呈批表\n密级\t绝密\t机密☆\t秘密\n', expect: 'review' },
    ],
    counterexamples: [
      { text: '呈批表\n密级：绝密 机密 秘密\n标题：关于调整部分岗位的通知\n', expect: 'none' },
      { text: '填写示例：\n密级：绝密 ★机密 秘密\n', expect: 'none' },
      { text: '★ 密级分为绝密、机密、秘密三级。\n', expect: 'none' },
      // Markdown's bold on every level of a sentence (the asterisks fold to stars).
      { text: '## 一、国家秘密的密级\n\n国家秘密的密级分为**绝密**、**机密**、**秘密**三级：\n', expect: 'none' },
    ],
  },
  {
    id: 'label-value',
    family: S,
    title: 'Label and level value (密级：秘密, 密级和保密期限：机密★5年), on one line, in adjacent cells or on consecutive lines',
    source: 'practice: covers, 发文稿纸, 呈批件, 收文处理单, spreadsheets, 版记',
    triggers: ['密级', '秘密等级', '保密等级', '涉密等级', '保密级别', '涉密级别'],
    // A label's last unit (级, 限, 别, 度), gaps, a level word: what the pattern cannot match without.
    requires: LEVEL_AFTER_LABEL,
    requiresAfter: 1,
    pattern: new RegExp(`(?<label>${LEVEL_LABEL})(?:\\s*[(（](?<options>[^()（）\\n]{1,24})[)）](?=\\s*[:：]))?(?:\\s*[:：]\\s*|[ \\t]*\\n?[ \\t|│｜]*)${LEVEL_VALUE}${VALUE_END}`, 'g'),
    blankEnds: true,
    multiline: true,
    base: 0.75,
    maxSeverity: 'block',
    placements: { field: 0, 'alone-line': 0.05, 'alone-cell': 0.05, 'line-start': 0, 'short-line': 0, sentence: -0.25 },
    cues: ['quoted', 'example-lead', 'example-heading', 'rule-text', 'level-enumeration', 'conditional', 'discussed'],
    examples: [
      // The label as some registers and forms word it.
      { text: '涉密等级：秘密\n关于开展汛期安全检查的通知\n', expect: 'block' },
      // The options printed in brackets after the label, the value after the colon.
      { text: '呈批件\n密级（绝密/机密/秘密）：机密\n标题：关于调整部分岗位的通知\n', expect: 'block' },
      { text: '设备名称\t涉密便携式计算机\n保密级别\t机密\n', expect: 'block' },
      { text: '密级程度：机密\n关于开展汛期安全检查的通知\n', expect: 'block' },
      { text: '密级：秘密　　保密期限：3年\n关于做好防汛工作的通知\n', expect: 'block' },
      { text: '密　级：机密\n', expect: 'block' },
      // 宻 is a variant of 密.
      { text: '宻级：机密\n关于做好防汛工作的通知\n', expect: 'block' },
      { text: '正文第一段。\n密级：机密　保密期限：10年\n', expect: 'block' },
      { text: '密级\n秘密\n保密期限\n3年\n', expect: 'block' },
      { text: '<div>密级：绝密 份号：000003</div>', expect: 'block' },
      { text: '| 密级 | 机密 |\n| 保密期限 | 5年 |\n', expect: 'block' },
      { text: '江临市交通运输局办公室 2024年5月8日印发 密级 秘密 保密期限 3年', expect: 'block' },
      { text: '密级和保密期限：机密★5年\n', expect: 'block' },
      { text: '密级：秘密', role: 'properties', expect: 'block' },
      { text: '会议纪要摘要。密级：秘密，保密期限：一年。', role: 'properties', expect: 'block' },
      // A title before the label, another field after the value (words that also start conditions or
      // rules, 对/说明; a form's next field 缓急/份数 written on the same line).
      { text: '对台工作要点 密级：机密\n一、总体要求\n', expect: 'block' },
      { text: '情况说明 密级：秘密\n关于XX事件的情况说明\n', expect: 'block' },
      { text: '密级：秘密　　缓急：特急　　份数：30\n关于开展检查的通知\n', expect: 'block' },
      // 如/若 opening an issuer's name, not a condition; what follows the value after a blank, a title.
      { text: '如皋市国土资源局 密级：秘密\n关于XX地块的请示\n', expect: 'block' },
      { text: '编号：FX-2024-03 密级：秘密 会议材料\n', expect: 'block' },
      // A form's subject row naming a contest or a model form is the document's title, no example context.
      { text: '呈报单位\t宣传教育科\n事由\t关于举办全市机关保密知识竞赛的请示\n密级\t秘密\t保密期限\t竞赛结束后\n', expect: 'block' },
      { text: '材料名称\t国防动员潜力统计调查表式样及填报示例\n密级\t机密\t份数\t40\n', expect: 'block' },
      { text: '密级：秘密级\n关于调整值班安排的通知\n', expect: 'block' },
    ],
    counterexamples: [
      // A form's instructions: the options in brackets, then how to fill it in.
      { text: '填表说明：\n密级（绝密/机密/秘密）：按文件实际密级填写\n', expect: 'none' },
      { text: '信息系统按涉密等级分为绝密级、机密级、秘密级，保密级别越高，防护要求越严。\n', expect: 'none' },
      { text: '属于国家秘密的文件、资料，应当标明密级：绝密、机密、秘密。\n', expect: 'none' },
      { text: '文件的密级分为绝密、机密、秘密三级。\n', expect: 'none' },
      { text: '标注示例：密级：秘密\n', expect: 'none' },
      { text: '确定密级：机密级以上的事项须报批准。\n', expect: 'none' },
      { text: '秘密级以上文件应当编排序列号，标注密级和保密期限：机密☆5年\n的文件不得擅自翻印。\n', expect: 'none' },
      { text: '密级分为绝密、机密、秘密三级。\n', expect: 'none' },
    ],
  },
  {
    id: 'label-period',
    family: S,
    title: 'Secrecy period or basis as a label–value (保密期限：3年, 定密依据：…) without a level',
    source: 'practice: covers, routing slips',
    triggers: ['保密期限', '定密依据'],
    requires: /保密期限[\s:：|│｜]*[长\d一二三四五六七八九十两〇零壹贰叁肆伍陆柒捌玖拾廿]|定密依据/g,
    pattern: new RegExp(`(?:(?<label>保密期限)(?:\\s*[:：]\\s*|[ \\t|│｜]*\\n?[ \\t|│｜]*)(?<period>${PERIOD})(?!的)|(?<label2>定密依据)(?:\\s*[:：]\\s*|[ \\t]*\\n[ \\t]*)(?<basis>[^\\s,，。;；]{2,30}))`, 'g'),
    multiline: true,
    base: 0.5,
    maxSeverity: 'review',
    placements: { field: 0, 'alone-line': 0, 'alone-cell': 0, 'line-start': 0, 'short-line': 0 },
    cues: ['quoted', 'example-lead', 'example-heading', 'rule-text', 'conditional', 'maximum-period'],
    examples: [
      { text: '保密期限：3年 / Classified for 3 years\n', expect: 'review' },
      { text: '定密依据：《某某事项保密范围》第三条\n', expect: 'review' },
      { text: '| 保密期限 | 长期 |\n', expect: 'review' },
    ],
    counterexamples: [
      { text: '保密期限在一年及以上的，以年计；不满一年的，以月计。\n', expect: 'none' },
      { text: '写法示例：保密期限：3年\n', expect: 'none' },
      // A handout's note under a level: the longest period the rules allow.
      { text: '国家秘密的密级\n- 最长保密期限：30年\n- 知悉范围：严格限定到具体人员\n', expect: 'none' },
    ],
  },
  {
    id: 'self-statement',
    family: S,
    title: 'The document states its own level (本通知定为秘密级, 本文件属机密级国家秘密)',
    source: 'practice: first lines of notices, cover letters',
    triggers: ['绝密', '机密', '秘密'],
    near: /本/,
    // The verb's last unit right before the level word.
    requires: /[绝机秘]密(?<=[为于属是系按]..)/g,
    pattern: new RegExp(`(?<subject>本(?:次|份|件|篇)?${DOC_NOUN}(?:(?:以下|以上|下列|下述|所附)的?${DOC_NOUN})?)(?:的?密级)?(?:已|被|经)?(?:定为|定密为|确定为|核定为|列为|属于|属|为|是|系|按)(?<level>${LEVEL})(?:级|件)?`, 'g'),
    base: 0.6,
    maxSeverity: 'block',
    placements: { 'alone-line': 0.05, 'line-start': 0.05, 'short-line': 0, sentence: 0, field: 0, 'alone-cell': 0.05 },
    cues: ['quoted', 'example-lead', 'rule-text', 'conditional', 'period-stated', 'top', 'discussed', 'example-heading'],
    examples: [
      { text: '本文档已定为机密级，仅限内部传阅。\n各区应急管理局：\n', expect: 'block' },
      { text: '注意：本页以下内容属机密。\n一、防汛物资储备点\n', expect: 'block' },
      { text: '本通知定为秘密级，保密期限五年。\n各区县：\n', expect: 'block' },
      { text: '关于开展专项检查的通知\n本文件属机密级国家秘密，请妥善保管。\n', expect: 'block' },
      { text: '本材料密级为机密', role: 'comment', expect: 'block' },
      { text: '江临市统计局\n2024年6月\n\n一、总体情况\n今年以来，全市各单位认真落实各项部署，完成了年度目标任务，取得了明显成效，群众满意度进一步提升。\n本报告定为机密级，保密期限十年，请各单位严格按照规定管理。\n', expect: 'block' },
      { text: '江临市统计局\n2024年6月\n\n一、总体情况\n今年以来，全市各单位认真落实各项部署，完成了年度目标任务，取得了明显成效，群众满意度进一步提升。\n本报告定为机密级，请各单位严格按照规定管理，不得复制。\n', expect: 'review' },
    ],
    counterexamples: [
      { text: '如果本文件属于秘密级，应当在首页标明。\n', expect: 'none' },
      { text: '“本文件定为机密级”这类表述应写在首页。\n', expect: 'none' },
      { text: '学员讨论了本文件属机密级国家秘密这类表述应由谁作出的问题。\n', expect: 'none' },
    ],
  },
  {
    id: 'informal-statement',
    family: S,
    title: 'Someone says this material is classified (这份材料是机密级的, 请按机密件管理)',
    source: 'practice: comments, e-mails, chat exports, cover letters',
    triggers: ['绝密', '机密', '秘密'],
    near: /[本这此该按作]|上述/,
    requires: /[绝机秘]密(?<=[是于属算为系按照]..)/g,
    // Not a question between levels (这份材料是机密级的还是秘密级的); 按…管理 only as an instruction
    // (请/须…, or opening a clause, after 附件/此件): 存在将工作秘密按秘密级管理的情况 reports a practice.
    pattern: new RegExp(`(?:(?<subject>${DEICTIC}${DOC_NOUN})(?:的?密级)?(?:也|都|还|已经|已)?(?:是|属于|属|算|为|定为|定的是|系|按)(?<level>${LEVEL})(?!(?:级|件|文件)?的?(?:还是|或))(?:级|件|文件)?|${DEICTIC}(?:也|都|还|已经|已)?(?:是|属于|属|算|为|定为|系)(?<level3>${LEVEL})(?!(?:级|件)的?(?:还是|或))(?:级|件)|(?:请|须|需|要|应|均|一律|(?<=(?:^|[\\s,，:：;；])(?:附件|此件|本件|该件|全文|材料|文件)?))(?:按|按照|作为)(?<level2>${LEVEL})(?:级|件|文件|载体)?(?:管理|处理|保管|对待|报送|传递|归档))`, 'g'),
    base: 0.55,
    maxSeverity: 'review',
    placements: { 'alone-line': 0, 'line-start': 0, 'short-line': 0, 'alone-cell': 0, field: 0, sentence: -0.05 },
    cues: ['quoted', 'example-lead', 'conditional', 'rule-text', 'discussed', 'example-heading', 'appraised'],
    examples: [
      { text: '提示：该文档密级为机密，请按规定使用。\n关于开展汛期安全检查的通知\n', expect: 'review' },
      { text: '这份材料是机密级的，别外传', role: 'comment', expect: 'review' },
      // An appraisal's words in a cover note, not a case's report.
      { text: '经处里审核认定，该材料是机密级的，别外传。\n', expect: 'review' },
      { text: '请按机密件管理', expect: 'review' },
      { text: '王处：附件按秘密件处理，阅后交回。', expect: 'review' },
    ],
    counterexamples: [
      { text: '对于绝密级文件，应当按绝密件管理的规定执行，不得擅自复制。\n', expect: 'none' },
      { text: '这部电影讲述的是一个秘密组织的故事。\n', expect: 'none' },
      { text: '个别处室存在将工作秘密按秘密级管理的情况。\n', expect: 'none' },
      { text: '有关负责人表示，这份材料是机密级的还是秘密级的，要看定密依据。\n', expect: 'none' },
      { text: '他看了一眼，说：“这份材料是机密级的。”然后把它放回了抽屉，继续喝茶。\n', expect: 'none' },
      // A judgment or a published warning case reports an authority's finding about the item it named.
      { text: '被告人将一份文件拍照发送给境外人员。经国家保密行政管理部门鉴定，该文件属于机密级国家秘密。\n', expect: 'none' },
    ],
  },
  {
    id: 'involves-secrets',
    family: S,
    title: 'This material involves state secrets (本材料涉密, 附件涉密, 内容涉密)',
    source: 'practice: cover letters, comments, e-mails, chat exports',
    // Or says so in full of itself (本材料内容涉及国家秘密（机密级）): a deictic subject, and not one kind
    // of secret in a rule's list (申请查阅的内容涉及国家秘密、商业秘密的).
    triggers: ['涉密', '涉及国家秘密', '含有国家秘密', '包含国家秘密'],
    near: /(件|料|容|文|稿|档|本|此|该|这)[一二三四五六七八九十\d]{0,2}(均|也|都|已|属于?)?$/,
    pattern: new RegExp(`(?<subject>${DEICTIC}${DOC_NOUN}?|附件|内容|全文|正文|材料|文件|此件|此稿)(?:[一二三四五六七八九十\\d]{0,2})(?:均|也|都|已|属于?)?涉密(?=$|[\\s,，。;；!！、(（]|请|不得|勿|注意|严禁)|(?<subject2>${DEICTIC}${DOC_NOUN}(?:内容)?)(?:均|也|都|已)?(?:涉及|含有|包含)国家秘密(?=$|[\\s,，。;；!！(（]|请|不得|勿|注意|严禁)`, 'g'),
    base: 0.55,
    maxSeverity: 'review',
    placements: { 'alone-line': 0, 'alone-cell': 0, 'line-start': 0, 'short-line': 0, field: 0, sentence: -0.1 },
    cues: ['quoted', 'example-lead', 'conditional', 'rule-text', 'deictic-subject', 'discussed', 'example-heading'],
    examples: [
      { text: '本材料内容涉及国家秘密（机密级），阅后收回。\n关于开展汛期安全检查的通知\n', expect: 'review' },
      { text: '附件涉密，注意保管', expect: 'review' },
      { text: '本材料涉密，不得外传', expect: 'review' },
      { text: '各位：内容涉密，请勿扩散。', expect: 'review' },
    ],
    counterexamples: [
      { text: '（五）申请查阅的内容涉及国家秘密、商业秘密、个人隐私的，不予提供。\n', expect: 'none' },
      { text: '被告人最后陈述的内容涉及国家秘密的，审判长应当制止。\n', expect: 'none' },
      { text: '如果本材料内容涉及国家秘密，应当按照规定标注密级。\n', expect: 'none' },
      { text: '机关、单位对所产生的文件内容涉及国家秘密的，应当及时确定密级。\n', expect: 'none' },
      { text: '如果文件涉密，应当通过机要渠道传递，不得通过互联网传输。\n', expect: 'none' },
      { text: '涉密人员应当遵守保密纪律，涉密载体应当妥善保管。\n', expect: 'none' },
    ],
  },
  {
    id: 'document-marking-cited',
    family: S,
    title: 'A named document\'s whole marking in brackets after its title or kind (《关于……的通知》（机密★5年）, 附件是……调度方案（秘密★1年）)',
    source: 'practice: registers of received documents, cover e-mails, editor\'s notes',
    triggers: ['绝密', '机密', '秘密'],
    near: /[(（]\s*$/,
    // From the bracket on: a class of common characters (件, 要, 报) first would make the level
    // words' one scan of the text try a match at most positions (+3 ms/MB on ordinary text).
    requires: /[绝机秘]密(?<=[(（]\s*..)/g,
    pattern: new RegExp(`(?:》|文件|方案|通知|报告|纪要|材料|意见|请示|通报|决定|附件)\\s*[(（]\\s*(?<level>${LEVEL})★(?<period>${PERIOD_AFTER_STAR})?\\s*[)）]`, 'g'),
    base: 0.45,
    maxSeverity: 'review',
    placements: { 'alone-line': 0.05, 'alone-cell': 0.05, 'line-start': 0, 'short-line': 0, sentence: 0, field: 0 },
    cues: ['example-lead', 'example-heading', 'rule-text', 'conditional', 'discussed'],
    examples: [
      { text: '王科：附件是市防汛办的主汛期物资调度方案（秘密★1年），请您核对储备点数量。\n', expect: 'review' },
      { text: '873\t省自然资源厅\t《关于下达2024年度第二批新增建设用地计划指标的通知》（机密★5年）\t2\n', expect: 'review' },
      { text: '（本文据江发改〔2024〕112号文件（机密★5年）整理，仅供参阅）\n', expect: 'review' },
    ],
    counterexamples: [
      { text: '培训教材列举了常见的定密表述，例如“本节数据引自该方案（机密★10年）。”，供学员辨析。\n', expect: 'none' },
      { text: '标注示例：关于……的通知（机密★5年）\n', expect: 'none' },
      { text: '涉密文件（机密★5年）应当按规定存放于保密柜。\n', expect: 'none' },
    ],
  },
  {
    id: 'classified-citation',
    family: S,
    title: 'A classified source cited (据某发〔2022〕8号（秘密★5年）整理; 改写自一份标为“机密★3年”的文件)',
    source: 'practice: footnotes, editor’s notes, source lines',
    triggers: ['绝密', '机密', '秘密'],
    near: /[〔\[(（【]|标|定为|密级为|注明/,
    // (Blanks read one way only: as `[为注有着明]\s*["“「『]?\s*` a run of blanks before a level
    // word was split every way, read backwards, before failing: 80,000 spaces 11 s.)
    requires: /[绝机秘]密(?<=(?:号\s*(?:文件\s*)?[(（]\s*|[为注有着明]\s*(?:["“「『]\s*)?)..)/g,
    // The document number, or its kind after it (江委办发〔2022〕8号文件（机密）), before the bracket.
    pattern: new RegExp(`(?:${DOC_NUMBER}\\s*(?:文件\\s*)?[(（]\\s*(?<level>${LEVEL})(?:(?:★|[女文妇又如])?(?<period>${PERIOD_AFTER_STAR})|★)?\\s*[)）]|(?:标为|标注为|标注|标有|标着|定为|密级为|注明)\\s*["“「『]?\\s*(?<level2>${LEVEL})(?:★(?<period2>${PERIOD_AFTER_STAR})?)?(?:级)?\\s*["”」』]?)`, 'g'),
    base: 0.35,
    maxSeverity: 'review',
    placements: { 'alone-line': 0.05, 'alone-cell': 0.05, 'line-start': 0, 'short-line': 0, sentence: 0, field: 0 },
    cues: ['quoted', 'example-lead', 'derived-from', 'doc-number', 'rule-text', 'conditional', 'example-heading', 'discussed'],
    examples: [
      { text: '[1] 数据来源：江临市委办公室《关于…的通报》（江委办发〔2022〕8号（秘密★5年）），第3页。', role: 'footnote', expect: 'review' },
      { text: '编者按：本文根据市委办公室一份标为“机密★3年”的文件改写，发表时删去了部分数字。', expect: 'review' },
      { text: '[2] 江委办发〔2022〕8号（秘密★5年）。', role: 'footnote', expect: 'review' },
      { text: '参 见 某 电〔2 0 2 4〕1 2 号（机 密 ★ 6 个 月）第 三 部 分。', expect: 'review' },
      // 根据 a document (not a rule or a need): the text is drawn from it.
      { text: '本节根据市委办公室一份标为“机密”的材料编写。\n', expect: 'review' },
      { text: '本节根据江委办发〔2022〕8号文件（机密）改写，发表时删去了部分数字。\n', expect: 'review' },
    ],
    counterexamples: [
      { text: '按规定应标注为机密★10年，并注明知悉范围。\n', expect: 'none' },
      { text: '标注示例：首页左上角标为“秘密★5年”。\n', expect: 'none' },
      { text: '培训教材列举了常见的定密表述，例如“本节数据引自市办发〔2023〕5号（机密★10年）。”，供学员辨析。\n', expect: 'none' },
      { text: '培训教材列举了常见的定密表述，例如“\n本节数据引自市办发〔2023〕5号（机密★10年）。”，供学员辨析。\n', expect: 'none' },
      // 根据 a degree, a rule, a need or a law: a ground, not a source.
      { text: '应当根据涉密程度分别标注“绝密”“机密”“秘密”，并注明保密期限。\n', expect: 'none' },
      { text: '根据工作需要，此类材料可标为“秘密”。\n', expect: 'none' },
      { text: '依据《中华人民共和国保守国家秘密法》，上述文件标注为“机密”。\n', expect: 'none' },
      // The same ground, and 数据 no source, when the 40 units looked at before the level begin between 根|数 and 据.
      { text: '本报告使用的统计数据经过脱敏处理后均为公开统计年鉴中的数字其中第三章表格中的部分指标在一九八五年时标为“秘密”，现已依法解密。\n', expect: 'none' },
      { text: '根据《中华人民共和国档案法》和国家有关保密规定，经江临市档案馆会同有关单位审核，原定为秘密级的《江临市1985年城市总体规划说明》等12件档案，保密期限已满，已依法解密。\n', expect: 'none' },
    ],
  },
  {
    id: 'lookalike-level',
    family: S,
    title: 'A level written with look-alike or homophone characters (机蜜, 鸡密, 机mi, 秘蜜, 杌密) in a marking’s place, with a period or condition',
    source: 'evasion of keyword filters; OCR misreads',
    triggers: [...LEVEL_LOOKALIKES, ...LOOKALIKE_LABELS],
    // OCR misreads the level and the star together (机蜜妇5年): a character OCR puts in the star's place counts before a period.
    // After ★ a declassification condition stands in the period's place (绝蜜★启用前).
    // A separator typed before or after the star (肌密：★：5年) and brackets around the period (杌密★<5年>) as after a level.
    // A look-alike 密级 label before a level (蜜级：机密, 冤级：秘密★1年): the same mangle on the label.
    // A symbol typed for ★ before a period (肌密▲10年), a period in brackets or after a slash with no star (杌密【5年】),
    // a condition closing the line after a symbol, a separator or nothing in the star's place (绝蜜#启用前, 禾必密★,会议结束后).
    pattern: new RegExp(
      `(?<label>${LOOKALIKE_LABELS.join('|')})\\s*:?\\s*(?<value>${LEVEL}|${LEVEL_LOOKALIKES.join('|')})(?:★(?<period3>${PERIOD_AFTER_STAR})?|(?![\\u4e00-\\u9fff])|(?=特急|加急|特提|平急|份号))|` +
        `(?<level>${LOOKALIKE_ALTERNATIVES})(?:\\s*[&:;,#@_~^|/、]?\\s*(?:★★?|[${OCR_STAR_CHARS}▲●※○◆■#xX~～](?=\\s*${PERIOD}))\\s*(?:[&:;,_~^|/、.\\-]\\s*(?=${PERIOD}))?(?:[(\\[【〔〖<〈]\\s*(?=${PERIOD}\\s*[)\\]】〕〗>〉]))?(?<period>${PERIOD_AFTER_STAR})?[)\\]】〕〗>〉]?(?:\\s*[&:;,_~^|/、.\\-]?\\s*${LOOKALIKE_CONDITION.replace('<cond>', '<cond2>')})?|\\s*(?:[(\\[【〔〖<〈/]\\s*)?(?<period2>${PERIOD})[)\\]】〕〗>〉]?|\\s*[▲●※○◆■#xX~～]\\s*${LOOKALIKE_CONDITION}|${LOOKALIKE_CONDITION.replace('(?<cond>[\\u4e00-\\u9fff]{1,12}', `(?<cond3>${CONDITION_OPENING}[\\u4e00-\\u9fff]{0,10}`)})?`,
      'gi',
    ),
    base: 0.3,
    maxSeverity: 'review',
    // On a short line only a whole mark (whole-mark) reaches review: 江临市人民政府办公室 杌密★5年.
    placements: { 'alone-line': 0.2, 'alone-cell': 0.2, field: 0.15, 'line-start': 0, 'short-line': 0 },
    cues: ['quoted', 'example-lead', 'top', 'marking-role', 'period-stated', 'whole-mark'],
    examples: [
      { text: '机蜜★5年\n关于……的通知\n', expect: 'review' },
      // A declassification condition after the star, as after a level (绝密★启用前).
      { text: '绝蜜★启用前\n2026年全市统一考试试题\n', expect: 'review' },
      // 机 read as 杌 by OCR (the same 木 and a near right half).
      { text: '杌密★5年\n关于……的通知\n', role: 'ocr', expect: 'review' },
      { text: '肌密★5年\n关于……的通知\n', expect: 'review' },
      // A copy number beside it is part of the marking block.
      { text: '机蜜★5年　000123\n关于……的通知\n', expect: 'review' },
      // A separator beside the star, the period in brackets, a look-alike 密级 label before a level.
      { text: '肌密：★：5年\n关于……的通知\n', expect: 'review' },
      { text: '杌密★<5年>\n关于……的通知\n', role: 'ocr', expect: 'review' },
      { text: '蜜级：机密\n关于……的通知\n', expect: 'review' },
      // Closing an issuer's line.
      { text: '江临市人民政府办公室 杌密★5年\n关于……的通知\n', role: 'ocr', expect: 'review' },
      { text: '绝宓★启用前\n2026年全市统一考试试题\n', expect: 'review' },
      // ㊙ (秘 in a circle) before ★.
      // 仉 for 机; the first character written as its parts (纟色 for 绝, 禾必 for 秘); the level in Bopomofo, letter-spaced.
      { text: '仉密★10年\n关于……的通知\n', expect: 'review' },
      { text: '纟色密★启用前\n2026年全市统一考试试题\n', expect: 'review' },
      { text: '禾必密【6个月】\n关于……的通知\n', expect: 'review' },
      { text: 'ㄐㄧ ㄇㄧˋ★5年\n关于……的通知\n', expect: 'review' },
      { text: 'ㄐ ㄩ ㄝ ˊ ㄇ ㄧ ˋ ★ 长 期\n关于……的通知\n', expect: 'review' },
      // A symbol typed for ★ before a period.
      { text: '肌密▲10年\n关于……的通知\n', expect: 'review' },
      // A condition after a symbol, a separator or a dropped · in the star's place.
      { text: '绝蜜#启用前\n关于……的通知\n', expect: 'review' },
      { text: '禾必密★,会议结束后\n关于……的通知\n', expect: 'review' },
      { text: 'ㄐㄩㄝˊㄇㄧˋ·启用前\n关于……的通知\n', expect: 'review' },
      { text: '㊙★1年\n关于……的通知\n', expect: 'review' },
      { text: '㊙★会议结束后\n会议议程\n', expect: 'review' },
      { text: '密级：㊙★★1年\n关于……的通知\n', expect: 'review' },
      { text: '江临市人民政府办公室 冤级：机密\n关于……的通知\n', expect: 'review' },
      { text: '宓级：机密　特急\n关于……的通知\n', expect: 'review' },
      { text: '中共江临市委办公室 密级：杌密\n关于……的通知\n', role: 'ocr', expect: 'review' },
      { text: '鸡密★3年\n', expect: 'review' },
      { text: '秘蜜\n内部通报\n', expect: 'review' },
      { text: '机mi 5年\n', expect: 'review' },
      { text: '000012\n机蜜妇5年\n关于开展年度检查工作的通知\n', role: 'ocr', expect: 'review' },
      // Hollow letters (outlines stroked) read by OCR: 密 as 蜜, ☆ as 六.
      { text: '000012\n机蜜六5年\n关于开展年度检查工作的通知\n', role: 'ocr', expect: 'review' },
      // 密 in a bold sans rendered from outlines at 300 dpi, read as 冤.
      { text: '机冤女5年\n关于做好冬季安全生产检查工作的通知\n', role: 'ocr', expect: 'review' },
      // OCR of a scan turned 8° and levelled: 密 read as 窗 (its 穴 top), the star as 文.
      { text: '机窗文5年\n关于做好冬季安全生产检查工作的通知\n', role: 'ocr', expect: 'review' },
      // A routing slip's 密级 row read by OCR, its cells told apart by tabs.
      { text: '文件处理单\n来文单位\t江临市发展改革委\t文号\t江发改〔2026〕31号\n密级\t机窗\t份数\t3\n', role: 'ocr', expect: 'review' },
    ],
    counterexamples: [
      { text: '机秘书处负责会务安排，请于周五前报名。\n', expect: 'none' },
      { text: '蜂蜜、机蜜的区别是什么？养蜂人说了算。\n', expect: 'none' },
      { text: '值机时可选择飞机窗口座位，请提前到达机场。\n', expect: 'none' },
      { text: '他为司机冤案奔走多年，终于等来了再审。\n', expect: 'none' },
      { text: '肌密度检测报告\n', expect: 'none' },
      { text: '冤级：机密文件的保管，见第三章。\n', expect: 'none' },
      { text: '秘蜜花园今日开业\n欢迎光临\n', expect: 'none' },
      { text: '㊙★ 店长推荐：本周新品限时特惠\n', expect: 'none' },
      { text: '注音练习：“机密”读作ㄐㄧ ㄇㄧˋ，“秘密”读作ㄇㄧˋ ㄇㄧˋ，注意声调。\n', expect: 'none' },
      { text: '拆字谜语：纟色密，打一个词，谜底是公文里常见的密级。\n', expect: 'none' },
      { text: '仉姓是少见的姓氏，仉密先生今年六十岁。\n', expect: 'none' },
      { text: '他说鸡蜜饼要在饭前\n', expect: 'none' },
    ],
  },
  {
    id: 'damaged-level',
    family: S,
    title: 'A mark whose level lost a character (密★5年, 朾密★5年, 机★5年) or had it written as any other, alone on its line or in its cell',
    source: 'a cropped scan or a broken text layer; a level character replaced to slip past a filter',
    // ★ after 密, or after 绝/机 standing alone, is written nowhere but in a marking: with a period or a
    // condition after it and nothing else on the line or in the cell (a 密级 label aside), the rest of
    // the mark is intact (秘★ is ㊙★, a look-alike above).
    // (A level whose second character is replaced, 机谧★5年, has its homophones in LEVEL_LOOKALIKES: a
    // one-unit ★ trigger made the automaton's start filter merge a second list, ~2 ms/MB on every text.)
    triggers: ['密★', '绝★', '机★'],
    requires: /[绝机密]★/g,
    pattern: new RegExp(
      `(?:(?:(?<![\\u4e00-\\u9fff])|(?<=密级))(?<head>(?![绝机秘])[\\u4e00-\\u9fff])?密|(?:(?<![\\u4e00-\\u9fff])|(?<=密级))(?<head2>[绝机]))★★?\\s*(?:[(\\[【〔〖<〈]\\s*)?(?:(?<period>${PERIOD})[)\\]】〕〗>〉]?|${LOOKALIKE_CONDITION})`,
      'g',
    ),
    base: 0.3,
    maxSeverity: 'review',
    placements: { 'alone-line': 0.2, 'alone-cell': 0.2, field: 0.15 },
    cues: ['quoted', 'example-lead', 'top', 'marking-role'],
    examples: [
      { text: '密★5年\n江临市应急管理局\n关于开展汛期安全检查的通知\n', expect: 'review' },
      { text: '朾密★5年\n关于开展汛期安全检查的通知\n', expect: 'review' },
      { text: '札密★启用前\n2026年全市统一考试试题\n', expect: 'review' },
      { text: '机★5年\n关于开展汛期安全检查的通知\n', expect: 'review' },
      { text: '绝★长期\n关于开展汛期安全检查的通知\n', expect: 'review' },
      { text: '文件处理单\n密级\t必密★（1年）\t份数\t3\n', expect: 'review' },
    ],
    counterexamples: [
      { text: '课件第三页讲到，标志写成“机密★5年”，其中“密★”两字不可分开排版。\n', expect: 'none' },
      { text: '保密★工作★要点\n', expect: 'none' },
      { text: '秘书★5年以上工作经验者优先\n', expect: 'none' },
      { text: '星级评定：服务★★★，环境★★，价格★★★★。\n', expect: 'none' },
      { text: '示例：密★5年这种写法缺少密级，是错误的标注。\n', expect: 'none' },
    ],
  },
  {
    id: 'latin-level',
    family: S,
    title: 'A level spelt in Latin letters before ★ (JIMI★5年, jm★3年, MIMI★)',
    source: 'evasion of keyword filters',
    triggers: LATIN_TRIGGERS,
    // A condition closing the line in the period's place (MIMI★会议结束后).
    pattern: new RegExp(`(?<![a-z])(?<level>${LATIN_LEVEL})\\s*(?:[&:;,#@_~^|/、.\\-·]\\s*)?★\\s*(?:(?<period>${PERIOD})|[&:;,_~^|/、.\\-]?\\s*${LOOKALIKE_CONDITION})?`, 'gi'),
    base: 0.45,
    maxSeverity: 'review',
    placements: { 'alone-line': 0.15, 'alone-cell': 0.15, field: 0.15, 'line-start': 0.1, 'short-line': 0.05, sentence: 0 },
    cues: ['quoted', 'example-lead'],
    examples: [
      { text: 'JIMI★5年\n关于……的通知\n', expect: 'review' },
      { text: 'jm★3年', expect: 'review' },
      { text: 'MIMI★\n', expect: 'review' },
      // Pinyin as written, with tone marks and a space.
      { text: 'jī mì★5年\n关于……的通知\n', expect: 'review' },
      { text: 'Ji Mi★10年\n关于……的通知\n', expect: 'review' },
      // Letter-spaced, or a separator typed before the star.
      { text: 'M I M I ★ 6 个 月\n关于……的通知\n', expect: 'review' },
      { text: 'J\tI\tM\tI\t★\t2\t0\t2\t5\t年\n关于……的通知\n', expect: 'review' },
      { text: 'JIMI|★10年\n关于……的通知\n', expect: 'review' },
      { text: 'jīmì、★5年\n关于……的通知\n', expect: 'review' },
      { text: '「MIMI★会议结束后」\n关于……的通知\n', expect: 'review' },
      // A combining mark drawn on a letter or on the blanks between them.
      { text: 'J\u0332IMI★5年\n关于……的通知\n', expect: 'review' },
      { text: 'jīmì\u0307★10年\n关于……的通知\n', expect: 'review' },
      { text: 'MIMÌ★1年\n关于……的通知\n', expect: 'review' },
      { text: 'J \u0338u \u0338e M \u0338i \u0338★ \u0338长 \u0338期\n关于……的通知\n', expect: 'review' },
      // Cyrillic or Greek letters that look Latin, wholly or in part.
      { text: 'МІМІ★1年\n关于……的通知\n', expect: 'review' },
      { text: 'jімі★6个月\n关于……的通知\n', expect: 'review' },
      { text: 'Ј Ս Е М Ι ★ 长期\n关于……的通知\n', expect: 'review' },
    ],
    counterexamples: [
      { text: '形如“JIMI★5年”的拼音写法也要识别。\n', expect: 'none' },
      { text: '形如“jī mì★5年”的拼音写法也要识别。\n', expect: 'none' },
      { text: '形如“JIMI|★5年”“M I M I ★”的拼音写法也要识别。\n', expect: 'none' },
      // Russian beside a star is no pinyin level: ИМИ is not read as Latin.
      { text: 'ИМИ★5\n关于……的通知\n', expect: 'none' },
    ],
  },
  {
    id: 'handling-instruction',
    family: L,
    title: 'Handling instruction standing as a marking (内部材料 不得外传, 注意保管, 仅供内部参考, 阅后收回)',
    source: 'practice: headers, covers, footers, e-mails',
    triggers: [...HANDLING, ...HANDLING_AFTER_LOWER],
    // A lower marking before it (内部文件, 商业秘密, 工作秘密) belongs to the same marking line.
    // So does a level with the word for the document (机密文件 严禁外传: a stamp's or a watermark's words).
    pattern: new RegExp(`(?:(?:内部(?:资料|材料|文件|刊物|参考|通报|简报)?|商业秘密|工作秘密|敏感信息|(?:绝密|机密|秘密)(?:文件|资料|材料|件))\\s*[,，、]?\\s*)?(?<marking>${HANDLING.join('|')})(?![的地得])|(?:内部(?:资料|材料|文件|刊物|参考)|商业秘密|工作秘密)\\s*[,，、]?\\s*(?<lowerMarking>${HANDLING_AFTER_LOWER.join('|')})(?![的地得])`, 'g'),
    base: 0.45,
    maxSeverity: 'review',
    placements: { 'alone-line': 0.15, 'alone-cell': 0.15, field: 0.1, 'line-start': 0.1, 'short-line': -0.05, sentence: -0.2 },
    cues: ['quoted', 'example-lead', 'rule-text', 'conditional', 'marking-role', 'deictic-subject', 'secrecy-stated', 'discussed', 'example-heading'],
    examples: [
      { text: '内部材料　不得外传\n2024年第3期\n', expect: 'review' },
      { text: '内部参阅\n', expect: 'review' },
      { text: '商业秘密　严禁外传\n江临港务集团2025年投资计划\n', expect: 'review' },
      { text: '机密文件　严禁外传\n关于调整部分岗位的说明\n', expect: 'review' },
      { text: '机密文件严禁外传', role: 'ocr', expect: 'review' },
      { text: '内部文件　注意保密\n关于调整部分岗位的说明\n', expect: 'review' },
      { text: '仅供领导参阅\n2024年第三季度经济运行分析\n', expect: 'review' },
      { text: '会后收回\n全市防汛工作会议材料之三\n', expect: 'review' },
      { text: '阅后收回', role: 'footer', expect: 'review' },
      { text: '仅供内部参考，请勿转载\n', expect: 'review' },
      { text: '这份通报不要外传', role: 'comment', expect: 'review' },
      { text: '內部資料　注意保存 物资分布示意图', role: 'alt-text', expect: 'review' },
      { text: '正文\n2024年6月3日\n① 仅供内部参考　阅后收回', expect: 'review' },
      { text: '仅供内部参 特急\n考 阅后收回\n承办单位 办公室\n关于做好防汛工作的通知\n', expect: 'review' },
    ],
    counterexamples: [
      { text: '会后收回的材料已经全部销毁。\n', expect: 'none' },
      { text: '第十二条 涉密文件不得外传，不得擅自复制。\n', expect: 'none' },
      { text: '第十三条 机密文件不得外传，阅后及时退回。\n', expect: 'none' },
      { text: '对于涉密载体，各单位应当建立台账，妥善保管，定期清查，确保不发生丢失、被盗等情况。\n', expect: 'none' },
      { text: '请注意保存好发票和收据，以便报销。\n', expect: 'none' },
      { text: '关于冬季档案注意保存的通知', role: 'properties', expect: 'none' },
    ],
  },
  {
    id: 'publication-restriction',
    family: L,
    title: 'Publication restriction ((此件不予公开), 不得上网发布, 仅限××以上干部阅知, 请勿扩散)',
    source: 'GB/T 9704 附注 practice; letters, footers, chat exports',
    triggers: RESTRICTION,
    pattern: new RegExp(`(?:(?<subject>此件|本件|本文|该件|本材料|内容涉密)\\s*[,，]?\\s*)?(?<marking>不公开|不予公开|不宜公开|不得公开|不得上网(?:发布|公开)?|严禁上网|禁止上网|不得在互联网(?:上)?(?:发布|公开|传播)|请勿扩散|不得扩散|严禁扩散|请勿转发|不得转发|请勿外发|(?:仅限|只限|限)[^\\s,，。;；]{1,14}阅知|此件发至[^\\s,，。;；)）]{1,12}(?:级|以上|干部|领导)(?=\\s*[)）]?\\s*$))`, 'g'),
    base: 0.45,
    maxSeverity: 'review',
    placements: { 'alone-line': 0.15, 'alone-cell': 0.15, field: 0.1, 'line-start': 0.1, 'short-line': -0.05, sentence: -0.2 },
    cues: ['quoted', 'example-lead', 'rule-text', 'conditional', 'marking-role', 'deictic-subject', 'secrecy-stated', 'discussed', 'example-heading'],
    examples: [
      { text: '（此件不予公开）\n', expect: 'review' },
      { text: '（此件不公开） 物资分布示意图', role: 'alt-text', expect: 'review' },
      { text: '此\n件\n不\n予\n公\n开\n关于调整维修计划的通知\n', expect: 'review' },
      { text: '正文\n此件不\n予公开\n', expect: 'review' },
      { text: '不得上网发布', role: 'footer', expect: 'review' },
      { text: '仅限县处级以上干部阅知\n', expect: 'review' },
      { text: '正文\n（此件发至县处级）\n', expect: 'review' },
      { text: '张科长：\n  附上会议纪要，内容涉密，请勿扩散。\n', expect: 'review' },
      { text: '[10:32] 李明：这个不得转发啊', expect: 'review' },
      { text: '正文\n2024年6月3日\n①（此件不公开）\n', expect: 'review' },
    ],
    counterexamples: [
      { text: '（此件公开发布）\n', expect: 'none' },
      { text: '此件发至各区县人民政府，请认真贯彻执行。\n', expect: 'none' },
      { text: '根据《政府信息公开条例》第十四条的规定，经审查，您申请的信息属于不予公开的范围，现答复如下。\n', expect: 'none' },
      { text: '涉密信息不得上网发布，上网信息不得涉密。\n', expect: 'none' },
    ],
  },
];

export const FORMS: readonly MarkingForm[] = [...LEVEL_GRAMMAR_FORMS, ...PATTERN_FORMS];

// ---------------------------------------------------------------------------------------------
// Evaluation.

export interface FormMatch {
  form: MarkingForm;
  start: number;
  end: number;
  score: number;
  base: number;
  placement: Placement;
  cues: Array<{ cue: string; delta: number }>;
  groups: Record<string, string | undefined>;
  matched: string;
}

/** Options of the evaluation; `without` switches cues off (tests prove each cue matters). */
export interface FormOptions {
  without?: ReadonlySet<string>;
}

const COMPANIONS = new RegExp(`(?:内部(?:资料|材料|文件|刊物|参考|通报|简报)\\s*[,，、]?\\s*)?(?:${[...HANDLING, ...HANDLING_AFTER_LOWER].join('|')})|(?<![\\u4e00-\\u9fff])(?:特急|加急|特提|平急)(?![\\u4e00-\\u9fff])|(?<![A-Za-z0-9\\u4e00-\\u9fff])(?:№|[Nn][Oo]\\.?)?\\s?\\d{6}(?!\\d)`, 'g');
const LABEL_CHAIN = new RegExp(`(${LEVEL_LABEL}|保密期限|份号|编号|定密依据|定密责任人|知悉范围|紧急程度)\\s*[:：]?\\s*(${LEVEL}(★\\S*)?|${PERIOD}|\\d{3,8})?`, 'g');

/** Decides where a match in [start, end) stands. */
export function placementOf(ctx: DetectContext, text: string, start: number, end: number, ls: number, le: number): Placement {
  // A footnote number opening the line (① folds to 1) is no text before the match.
  if (ls === ctx.lines.lineStart(ctx.lines.lineOf(start))) {
    const lead = /^\s*(?:\d{1,2}|\[\d{1,3}\])(?=\D)/.exec(text.slice(ls, start));
    if (lead) ls += lead[0].length;
  }
  const lineText = text.slice(ls, le);
  // Other handling instructions, a 紧急程度 and a copy number (份号: six digits) on the line are the
  // marking's companions, not prose (仅供内部参考　阅后收回, 内部资料　注意保存, 机密 特急, 机蜜★5年 000123).
  const rest = (text.slice(ls, start) + ' ' + text.slice(end, le)).replace(LABEL_CHAIN, ' ').replace(COMPANIONS, ' ');
  if (FIELD_ROLES.has(ctx.part.role)) {
    const before = text.slice(ls, start);
    if (isDecoration(rest) || /^[^:：\n]{0,16}[:：]?\s*$/.test(before) || /[;；,，、|/]\s*$/.test(before)) return 'field';
  }
  if (isDecoration(rest)) return 'alone-line';
  // One ideograph left beside it on a short line: a word's tail broken off the line above when a
  // table's cells were flattened (仅供内部参 特急 / 考 阅后收回), or a polite 请 — not a sentence.
  if (/^[\u4e00-\u9fff]$/.test(rest.replace(/\s/g, '')) && lineText.trim().length <= 16) return 'alone-line';
  // Cells as the original has them: tabs the normalizer dropped between ideographs put back
  // (密级⇥机窗⇥份数 of an OCR'd routing slip, a spreadsheet row).
  const row = partHasTab(ctx.norm) ? withDroppedTabs(ctx.norm, text, ls, le) : undefined;
  const cell = row ? cellAround(row.text, row.at(start), row.at(end - 1) + 1) : cellAround(lineText, start - ls, end - ls);
  if (cell.inTable && isDecoration(cell.cell.replace(text.slice(start, end), '').replace(LABEL_CHAIN, ' '))) return 'alone-cell';
  const trimmed = lineText.trim().length;
  const line = ctx.lines.lineOf(start);
  if (ls === ctx.lines.lineStart(line) && continuesSentence(ctx, line)) return 'sentence';
  if (trimmed <= 40 && isDecoration(text.slice(ls, start).replace(/^.{0,8}[:：]/, ''))) return 'line-start';
  if (trimmed <= 40) return 'short-line';
  return 'sentence';
}

const HAS_TAB = new WeakMap<DetectContext['norm'], boolean>();

/** Whether a part's original holds a tab, looked at once a part (most hold none: no cell to put back). */
function partHasTab(norm: DetectContext['norm']): boolean {
  let v = HAS_TAB.get(norm);
  if (v === undefined) HAS_TAB.set(norm, (v = originalHasTab(norm)));
  return v;
}

/** Runs one form's cues over a candidate; returns the explained score. */
export function scoreCandidate(c: Candidate, without?: ReadonlySet<string>): { score: number; cues: Array<{ cue: string; delta: number }> } {
  const cues: Array<{ cue: string; delta: number }> = [];
  const pd = c.form.placements[c.placement] ?? 0;
  cues.push({ cue: `placement: ${c.placement}`, delta: pd });
  for (const id of c.form.cues) {
    if (without?.has(id)) continue;
    const def: CueDef = CUES[id];
    if (def.test(c)) cues.push({ cue: def.label, delta: def.delta });
  }
  const v = cues.reduce((s, x) => s + x.delta, c.form.base);
  return { score: Math.max(0, Math.min(1, Math.round(v * 100) / 100)), cues };
}

/**
 * Evaluates the pattern forms of `family` at the trigger hits of `ctx` (hit indices from `offset`
 * into the detector's triggers belong to the forms, see {@link formTriggers}).
 */
export function evaluateForms(ctx: DetectContext, text: string, family: FormFamily, triggers: readonly string[], options: FormOptions = {}): FormMatch[] {
  const byTrigger = formsByTrigger(family);
  const hits = ctx.hits;
  const out: FormMatch[] = [];
  const seen = new Set<string>();
  const count = hits ? hits.count : 0;
  // Per form, the end of the text already searched: overlapping windows of nearby hits are not searched twice.
  const searchedTo = new Map<MarkingForm, number>();
  // Forward scans of this text for the forms' `requires`.
  const scans = new Map<RegExp, LeftmostMatch>();
  const scan = (re: RegExp): LeftmostMatch => {
    let s = scans.get(re);
    if (!s) scans.set(re, (s = new LeftmostMatch(re, text)));
    return s;
  };
  const visit = (at: number, fs: MarkingForm[] | undefined): void => {
    if (!fs) return;
    let line = -1;
    let before: string | undefined;
    for (const form of fs) {
      if (form.roles && !form.roles.includes(ctx.part.role)) continue;
      // A cheap look at the units before the trigger first: most level words in prose stop here.
      if (form.near && !form.near.test((before ??= text.slice(Math.max(0, at - NEAR), at)))) continue;
      if (line < 0) line = ctx.lines.lineOf(at);
      const from = form.multiline ? Math.max(0, line - 1) : line;
      const to = form.multiline ? Math.min(ctx.lines.count - 1, line + 1) : line;
      // Every match holds its trigger, and no form is longer than this on either side of it.
      const ws = Math.max(ctx.lines.lineStart(from), at - WINDOW);
      const we = Math.min(ctx.lines.lineEnd(to), at + WINDOW);
      if (we <= (searchedTo.get(form) ?? -1)) continue;
      searchedTo.set(form, we);
      // No match of what the pattern requires starts in the window: nothing to search.
      if (form.requires && scan(form.requires).startFrom(ws + (form.requiresAfter ?? 0)) >= we) continue;
      const re = form.pattern!;
      let w = text.slice(ws, we);
      // Where a match of the window lies in the text: the window's own offsets, or those of the
      // window with dropped blanks put back.
      let back = (j: number): number => ws + j;
      if (form.blankEnds) {
        re.lastIndex = 0;
        const blanks = re.test(w) ? undefined : withDroppedBlanks(ctx.norm, text, ws, we);
        if (blanks) [w, back] = [blanks.text, blanks.back];
      }
      re.lastIndex = 0;
      let m: RegExpExecArray | null;
      while ((m = re.exec(w))) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        const start = back(m.index);
        const end = back(m.index + m[0].trimEnd().length - 1) + 1;
        const sk = `${form.id}:${start}`;
        if (seen.has(sk)) continue;
        seen.add(sk);
        const g = m.groups ?? {};
        const groups: Record<string, string | undefined> = { ...g, level: g.level ?? g.level2 ?? g.level3, period: g.period ?? g.period2 };
        // 国家秘密 / 工作秘密 / 商业秘密 are no levels.
        if (groups.level === '秘密' && /[家作业]$/.test(text.slice(Math.max(0, start - 1), start)) && !groups.label) continue;
        // Where the value stands decides the placement (label and value may be on two lines).
        const lv = ctx.lines.lineOf(end - 1);
        const vs = Math.max(start, ctx.lines.lineStart(lv));
        const ls = Math.max(ctx.lines.lineStart(lv), vs - 80);
        const le = Math.min(ctx.lines.lineEnd(lv), end + 80);
        const placement = placementOf(ctx, text, vs, end, ls, le);
        if (form.placements[placement] === undefined) continue;
        const cand: Candidate = { ctx, text, form, start: vs, end, line: lv, ls, le, placement, groups };
        const { score, cues } = scoreCandidate(cand, options.without);
        if (score < 0.2) continue;
        out.push({ form, start, end, score, base: form.base, placement, cues, groups, matched: text.slice(start, end) });
      }
    }
  };
  if (hits) {
    // The forms of each trigger, looked up once per trigger list rather than once per hit
    // (a lower-cased string and a map lookup per hit were a tenth of the time on regulation text).
    const formsOf = formsOfTriggers(byTrigger, triggers);
    const nearsOf = nearsOfTriggers(formsOf);
    const required = requiredOfTriggers(formsOf, hits);
    for (let k = 0; k < count; k++) {
      const at = hits.starts[k];
      const fs = formsOf[hits.triggers[k]];
      // None of the trigger's forms can match within reach of it: no `near` test, no window.
      const req = required[hits.triggers[k]];
      if (req && scan(req).startFrom(Math.max(0, at - WINDOW)) >= at + WINDOW) continue;
      // All of the trigger's forms look before it: one test of their `near`s together first
      // (a level word in prose, the common case, then costs one regex call, not three).
      const near = nearsOf[hits.triggers[k]];
      if (near && !near.test(text.slice(Math.max(0, at - NEAR), at))) continue;
      visit(at, fs);
    }
  } else {
    const lower = text.toLowerCase();
    for (const [t, fs] of byTrigger) for (let i = lower.indexOf(t); i >= 0; i = lower.indexOf(t, i + 1)) visit(i, fs);
  }
  return out;
}

const FORMS_OF = new WeakMap<Map<string, MarkingForm[]>, WeakMap<readonly string[], Array<MarkingForm[] | undefined>>>();

/** For each trigger of a detector's list (by index), the forms it triggers. */
function formsOfTriggers(byTrigger: Map<string, MarkingForm[]>, triggers: readonly string[]): Array<MarkingForm[] | undefined> {
  let perList = FORMS_OF.get(byTrigger);
  if (!perList) FORMS_OF.set(byTrigger, (perList = new WeakMap()));
  let out = perList.get(triggers);
  if (!out) perList.set(triggers, (out = triggers.map((t) => byTrigger.get(t.toLowerCase()))));
  return out;
}

/**
 * The leftmost match of a global regex starting at or after a position of one text. Queries whose
 * position moves forward (the hits of a part, in order) reuse the last answer while it lies ahead,
 * so a part costs about one scan whatever the number of hits.
 */
class LeftmostMatch {
  private from = -1;
  private at = -1;
  constructor(
    private readonly re: RegExp,
    private readonly text: string,
  ) {}
  /** Start of the leftmost match at or after `from`; Infinity if there is none. */
  startFrom(from: number): number {
    if (from >= this.from && from <= this.at) {
      this.from = from;
      return this.at;
    }
    this.re.lastIndex = from;
    const m = this.re.exec(this.text);
    this.from = from;
    this.at = m ? m.index : Infinity;
    return this.at;
  }
}

/** How far a form's window reaches on either side of its trigger. */
const WINDOW = 60;

/** Index of each pattern form, for per-form flags in typed arrays. */
const FORM_INDEX = new Map<MarkingForm, number>();
const REQUIRED_OF = new WeakMap<Array<MarkingForm[] | undefined>, { union: Array<RegExp | null>; forms: number[][] }>();

/**
 * For each trigger (by index), one regex matching where any of its forms' `requires` matches,
 * when every form has one; null where a hit of it may not be skipped. Skipping a hit whose
 * ±{@link WINDOW} reach holds no start of such a match leaves the outcome as it was, provided
 * each form's hits come in ascending order: the windows of later hits the skipped one would have
 * marked searched lie inside its reach, where nothing matches. So a form whose hits do not come
 * in order (the line-joined text's hits are listed trigger by trigger) lets no hit be skipped.
 */
function requiredOfTriggers(formsOf: Array<MarkingForm[] | undefined>, hits: TriggerHits): Array<RegExp | null> {
  let per = REQUIRED_OF.get(formsOf);
  if (!per) {
    // One regex per distinct union (the three level words share theirs): one scan of the text each.
    const bySource = new Map<string, RegExp>();
    const union = formsOf.map((fs) => {
      if (!fs || !fs.every((f) => f.requires)) return null;
      const src = [...new Set(fs.map((f) => `(?:${f.requires!.source})`))].join('|');
      let re = bySource.get(src);
      if (!re) bySource.set(src, (re = new RegExp(src, 'g')));
      return re;
    });
    const forms = formsOf.map((fs) => (fs ?? []).map((f) => {
      let i = FORM_INDEX.get(f);
      if (i === undefined) FORM_INDEX.set(f, (i = FORM_INDEX.size));
      return i;
    }));
    REQUIRED_OF.set(formsOf, (per = { union, forms }));
  }
  // All hits in ascending order (the engine's, nearly always): every form's are.
  let ordered = true;
  for (let k = 1; k < hits.count && ordered; k++) ordered = hits.starts[k - 1] <= hits.starts[k];
  if (ordered) return per.union;
  const last = new Float64Array(FORM_INDEX.size).fill(-1);
  const disordered = new Uint8Array(FORM_INDEX.size);
  let any = false;
  for (let k = 0; k < hits.count; k++) {
    const at = hits.starts[k];
    // Hits of the split triggers (past the list given) have no forms.
    for (const fi of per.forms[hits.triggers[k]] ?? []) {
      if (at < last[fi]) disordered[fi] = 1;
      last[fi] = at;
    }
  }
  for (let fi = 0; fi < disordered.length; fi++) any ||= disordered[fi] === 1;
  if (!any) return per.union;
  return per.union.map((u, t) => (u && per.forms[t].every((fi) => !disordered[fi]) ? u : null));
}

const NEARS_OF = new WeakMap<Array<MarkingForm[] | undefined>, Array<RegExp | null>>();

/** For each trigger (by index), {@link nearOfAll} of its forms: looked up once per list, not once per hit. */
function nearsOfTriggers(formsOf: Array<MarkingForm[] | undefined>): Array<RegExp | null> {
  let out = NEARS_OF.get(formsOf);
  if (!out) NEARS_OF.set(formsOf, (out = formsOf.map((fs) => (fs ? nearOfAll(fs) : null))));
  return out;
}

const NEAR_OF_ALL = new WeakMap<MarkingForm[], RegExp | null>();

/**
 * One regex matching where any of the forms' `near` tests matches, when every form has one (else
 * null): the alternation of their sources. Each alternative keeps its own anchors over the same
 * string; sources with backreferences or named groups, or differing flags, are not joined.
 */
function nearOfAll(fs: MarkingForm[]): RegExp | null {
  let re = NEAR_OF_ALL.get(fs);
  if (re !== undefined) return re;
  const nears = fs.map((f) => f.near);
  const joinable = nears.length > 1 && nears.every((n) => n && !n.global && !n.sticky && n.flags === nears[0]!.flags && !/\\[1-9k]|\(\?</.test(n.source.replace(/\(\?<[=!]/g, '')));
  re = joinable ? new RegExp(nears.map((n) => `(?:${n!.source})`).join('|'), nears[0]!.flags) : null;
  NEAR_OF_ALL.set(fs, re);
  return re;
}

/** How many units before a trigger a form's `near` test sees. */
const NEAR = 24;

const BY_TRIGGER = new Map<FormFamily, Map<string, MarkingForm[]>>();

/** The pattern forms of a family by (lower-cased) trigger word, built once. */
function formsByTrigger(family: FormFamily): Map<string, MarkingForm[]> {
  let m = BY_TRIGGER.get(family);
  if (m) return m;
  m = new Map();
  for (const f of PATTERN_FORMS) if (f.family === family) for (const t of f.triggers) m.set(t.toLowerCase(), [...(m.get(t.toLowerCase()) ?? []), f]);
  BY_TRIGGER.set(family, m);
  return m;
}

/** Every trigger word of the pattern forms of a family. */
export function formTriggers(family: FormFamily): string[] {
  const set = new Set<string>();
  for (const f of PATTERN_FORMS) if (f.family === family) for (const t of f.triggers) set.add(t);
  return [...set];
}

/**
 * Keeps, of overlapping findings of one rule, the strongest (a label–value match and the level
 * grammar may both see `密级：机密★5年`).
 */
export function strongestOfOverlapping<T extends { start: number; end: number; score: number }>(xs: T[]): T[] {
  const sorted = [...xs].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: T[] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last && x.start < last.end) {
      if (x.score > last.score) out[out.length - 1] = x;
      continue;
    }
    out.push(x);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Lost layout: markings one character per line, or broken over two short lines.

/** `a\nb` for every two adjacent characters of the words: a marking word split by a line break. */
export function splitTriggers(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const w of words) for (let i = 0; i + 1 < w.length; i++) out.add(`${w[i]}\n${w[i + 1]}`);
  return [...out];
}

/**
 * Runs `run` over the part, or — when a marking word is split by a line break (hits of triggers
 * from index `firstSplit` on) — over the part with its one-character lines and the broken lines
 * around those hits joined, mapping the findings back to the part's normalized offsets. Switched
 * off by the cue id `vertical-text`.
 */
export function detectWithJoinedLines(ctx: DetectContext, triggers: readonly string[], firstSplit: number, options: FormOptions, run: (c: DetectContext) => RawFinding[], moreBreaks?: (ctx: DetectContext, hits: TriggerHits) => number[]): RawFinding[] {
  if (options.without?.has('vertical-text')) return run(ctx);
  const hits = ctx.hits ?? findTriggers(ctx.norm.text, triggers);
  const breaks: number[] = moreBreaks ? moreBreaks(ctx, hits) : [];
  for (let k = 0; k < hits.count; k++) if (hits.triggers[k] >= firstSplit) breaks.push(hits.starts[k] + 1);
  if (breaks.length === 0) return run(ctx);
  // A broken line may hold a whole mark with its date (密★2025年12月31日: 15 units).
  const joined = joinShortLineRuns(ctx.norm.text, ctx.lines, breaks, 2, 2, 16);
  if (!joined) return run(ctx);
  const { text, index } = joined;
  const map = new Int32Array(text.length + 1);
  for (let i = 0; i <= text.length; i++) map[i] = ctx.norm.map[index[i]];
  const units = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
  // The original is read through the outer text's (built only if a detector reads it whole).
  const outer = ctx.norm;
  const norm = {
    text,
    map,
    get original(): string {
      return outer.original;
    },
    originalUnits: outer.originalUnits,
    units,
  };
  const inner: DetectContext = { ...ctx, norm, lines: new LineIndex(text), hits: findTriggers(text, triggers.slice(0, firstSplit)) };
  return run(inner).map((f) => {
    const start = index[f.start];
    const end = index[f.end - 1] + 1;
    if (end - start === f.end - f.start) return { ...f, start, end };
    const cues = [...f.explanation.cues, { cue: GRAMMAR_CUES['vertical-text'], delta: 0 }];
    return { ...f, start, end, explanation: { ...f.explanation, cues } };
  });
}
