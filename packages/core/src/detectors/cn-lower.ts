/**
 * marking.cn-lower — markings below state secrets: 内部, 内部资料 注意保存, 内部参考, 仅供内部使用,
 * 工作秘密, 商业秘密. They have no national format, so a human must look (review) when they stand as
 * a marking: alone on a line or cell, in a header, near the top. In sentences they are ordinary words.
 */
import { matchesAtTriggers, type Detector, type DetectContext, type RawFinding } from './types.ts';
import { Score, isIntroducedAsExample, isQuoted, isRunningText } from './cues.ts';
import { blockAt, cellAround, inRegisterLevelColumn, isDecoration, isMarkingRole } from './layout.ts';
import { message as msg } from '../i18n/index.ts';
import { CUES, LEVEL_GRAMMAR_FORMS, detectWithJoinedLines, evaluateForms, formTriggers, splitTriggers, strongestOfOverlapping, type FormOptions } from './cn-forms.ts';
import { originalIndex } from '../normalize/normalize.ts';

const LOWER_WORDS = ['内部资料', '内部参考资料', '内部参考', '内部文件', '内部刊物', '内部发行', '仅供内部使用', '仅限内部使用', '内部使用', '内部', '注意保存', '工作秘密', '商业秘密', '敏感信息', '涉密'];
/** Longer words first at one position, as the alternation is written. */
const LOWER_RE = new RegExp(LOWER_WORDS.join('|'), 'g');
const LOWER_AT = new RegExp(LOWER_WORDS.join('|'), 'y');

/** Handling instructions and publication restrictions of the taxonomy (cn-forms.ts) join the words. */
const BASE_TRIGGERS = [...LOWER_WORDS, ...formTriggers('lower').filter((t) => !LOWER_WORDS.includes(t))];
/** The words split by a line break (vertical text, a broken line): the trigger of the line join. */
const TRIGGERS = [...BASE_TRIGGERS, ...splitTriggers(BASE_TRIGGERS)];

/**
 * A line that defines the term above it: opening (after a definition list's colon) with 是/指/即/系指
 * or 不属于, and naming within a clause what kind of thing it is. 指挥部…, 即墨区…, 是否… open titles.
 */
const DEFINED_BELOW = /^\s*[:：]?\s*(?:是(?!否)|是指|指(?![挥导南示定令标出])|即(?![墨将日时使便刻])|系指|不属于)[^\n。]{0,30}(?:秘密|事项|信息|资料|文件|材料|内容|损害)/;

/** The lower words' entry in the taxonomy, for the shared cues. */
const LEGACY_FORM = LEVEL_GRAMMAR_FORMS.find((f) => f.id === 'lower-word')!;

/** The lower-marking detector; `options.without` switches taxonomy cues off (for fixtures). */
export function createCnLower(options: FormOptions = {}): Detector {
  const detector: Detector = {
  id: 'marking.cn-lower',
  summary: 'Lower marking (内部 / 工作秘密 / 商业秘密 / 内部资料 注意保存), handling instruction (不得外传, 阅后收回) or publication restriction (此件不予公开) standing as a marking',
  docs: 'marking-cn-lower',
  triggers: TRIGGERS,
  detect(ctx: DetectContext): RawFinding[] {
    return detectWithJoinedLines(ctx, TRIGGERS, BASE_TRIGGERS.length, options, (c) => detectParts(c, options, detector.id));
  },
  };
  return detector;
}

function detectParts(ctx: DetectContext, options: FormOptions, ruleId: string): RawFinding[] {
    const { norm, lines, part, blocks } = ctx;
    const text = norm.text;
    const out: RawFinding[] = [];
    // Only where the engine's automaton pass saw one of the words.
    for (const m of matchesAtTriggers(ctx, BASE_TRIGGERS, LOWER_AT, text)) {
      const start = m.index;
      const end = start + m[0].length;
      // 涉密 is mostly a word of prose (涉密载体, 涉密不上网): with an ideograph against it, it does not
      // stand alone; leave before any line is looked at (it is in almost every regulation's sentences).
      if (m[0] === '涉密' && (isIdeograph(text.charCodeAt(start - 1)) || isIdeograph(text.charCodeAt(end)))) continue;
      const line = lines.lineOf(start);
      // Standing alone means standing near the start of a short line (or in a table row's cell):
      // a hit deep inside a long line is prose, decided without building any strings.
      if (start - lines.lineStart(line) > 60 && lines.lineEnd(line) - lines.lineStart(line) > 120 && text.charCodeAt(lines.lineStart(line)) !== 0x7c) continue;
      const { start: ls, end: le } = lines.window(line, start, end);
      const lineText = text.slice(ls, le);
      // The line with every lower marking and label removed: what else stands there?
      const rest = lineText.replace(LOWER_RE, ' ').replace(/密级|资料|[:：]|(特急|加急|特提|平急)(?![\u4e00-\u9fff])/g, '');
      const cell = cellAround(lineText, start - ls, end - ls);
      const alone = isDecoration(rest);
      const aloneInCell = !alone && cell.inTable && isDecoration(cell.cell.replace(LOWER_RE, '').replace(/密级|[:：]/g, ''));
      if (!alone && !aloneInCell) continue;
      const score = new Score(0.35);
      score.add(alone ? 'stands alone on its line' : 'stands alone in a table cell', alone ? 0.3 : 0.25);
      const blk = blocks.length ? blockAt(blocks, originalIndex(norm, start)) : undefined;
      if (isMarkingRole(part.role) || blk?.kind === 'table-cell' || blk?.kind === 'text-box') score.add(`in a ${part.role}`, 0.1);
      const top = blk?.pageTop !== undefined ? blk.pageTop <= 0.2 : lines.contentLineNumber(line) <= 4;
      if (top) score.add('near the top', 0.1);
      if (isQuoted(text, start, end)) score.add('quoted', -0.4);
      if (isIntroducedAsExample(text, start)) score.add('introduced as an example', -0.4);
      if (isRunningText(rest)) score.add('inside running text', -0.3);
      // A term whose next line says what it is (**工作秘密** / : 不属于国家秘密，但……的内部事项): a glossary entry.
      if (alone && !options.without?.has('defined-below') && DEFINED_BELOW.test(lines.neighbour(line, 1) ?? '')) score.add('the next line defines it (是指……, 不属于国家秘密……): a glossary entry', -0.4);
      const cand = { ctx, text, form: LEGACY_FORM, start, end, line, ls, le, placement: alone ? ('alone-line' as const) : ('alone-cell' as const), groups: {} };
      if (!options.without?.has('example-heading') && CUES['example-heading'].test(cand)) score.add(CUES['example-heading'].label, CUES['example-heading'].delta);
      // 内部 on a line among lines of other levels (绝密⏎机密⏎秘密⏎内部⏎公开: a system's options, a handout's list) is one of a list.
      else if (!options.without?.has('level-enumeration') && CUES['level-enumeration'].test(cand)) score.add(CUES['level-enumeration'].label, CUES['level-enumeration'].delta);
      // 内部 in the 密级 column of a register of documents (收文登记簿: 文号, 标题, 密级) says how an entry is handled, not this document.
      if (!options.without?.has('register-row') && inRegisterLevelColumn(part, norm, text, lines, blocks, start)) score.add('in the 密级 column of a register of documents (收文登记簿): an entry\'s handling, not this document\'s marking', -1);
      const value = score.value;
      if (value < 0.2) continue;
      out.push({
        ruleId,
        category: 'lower-marking',
        maxSeverity: 'review',
        score: value,
        start,
        end,
        ...msg('finding.cn-lower', { marking: m[0] }),
        explanation: { pattern: 'lower marking standing alone', normalized: m[0], base: 0.35, cues: score.cues, fields: { marking: m[0] } },
      });
    }
    for (const f of evaluateForms(ctx, text, 'lower', BASE_TRIGGERS, options)) {
      out.push({
        ruleId,
        category: 'lower-marking',
        maxSeverity: f.form.maxSeverity,
        score: f.score,
        start: f.start,
        end: f.end,
        ...msg('finding.cn-lower-form', { form: f.form.id, title: f.form.title.split(' (')[0], matched: f.matched }),
        explanation: { pattern: f.form.id, normalized: f.matched, base: f.base, cues: f.cues, fields: { form: f.form.id, marking: f.groups.marking ?? f.matched } },
      });
    }
    return out.length > 1 ? strongestOfOverlapping(out) : out;
}

export const cnLower: Detector = createCnLower();

function isIdeograph(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf);
}
