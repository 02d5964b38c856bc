import type { Detector, RuleInfo } from './types.ts';
import { cnStateSecret } from './cn-state-secret.ts';
import { cnLower } from './cn-lower.ts';
import { foreign } from './foreign.ts';
import { pii } from './pii.ts';

/**
 * Documentation of built-in detectors whose modules do not carry their own (a module's own
 * `title`, `defaultSeverity` and `rules` win): the one place their prose lives, read by
 * `prepub explain`, SARIF rules, the HTML report and the README's detector list.
 */
const REGISTRY_DOCS: Record<string, { title: string; defaultSeverity: 'block' | 'review'; rules: readonly RuleInfo[] }> = {
  'marking.cn-state-secret': {
    title: 'Chinese state-secret marking (国家秘密标志)',
    defaultSeverity: 'block',
    rules: [
      {
        id: 'marking.cn-state-secret',
        title: 'Chinese state-secret marking (国家秘密标志)',
        defaultSeverity: 'block',
        finds:
          'A classification mark of a state secret: level 绝密/机密/秘密, ★, and a period, date or condition ' +
          '(机密★5年, 秘密★6个月, 绝密★长期, 机密★会议开始前, 机密★), also when distorted: ☆ ＊ * for ★, OCR reading ★ as ' +
          '女/文/妇/又 or nothing when a period follows, spaces from PDF text layers (机 密 ★ 3 年), full-width digits, Chinese ' +
          'numerals, traditional characters (機密), zero-width characters. Layout decides: alone on its line (+0.3) or in a ' +
          'table cell (+0.25), in a header/footer/text box/cell (+0.15), near the top (+0.1), 份号 above (+0.15), 紧急程度 ' +
          'below (+0.1), the GB/T 9704 sequence on one line (+0.3), a sentence stating material is classified (定为机密★10年, ' +
          '+0.2); running prose (−0.3), quotes (−0.4) and example lead-ins such as 写法如 (−0.4) push it down. 国家秘密, ' +
          '工作秘密, 商业秘密 are not levels. Block at ≥ 0.7, review at ≥ 0.45. Hidden parts (deleted, hidden, comments, ' +
          'properties) reach at least review. Beyond level★period it reads the forms of the taxonomy in ' +
          'docs/markings-taxonomy.md (data in detectors/cn-forms.ts): label and value (密级：秘密, in adjacent cells or lines, ' +
          '密级和保密期限：机密★5年), the level alone where a marking stands (cover top, table cell, header, beside 密级, opening a ' +
          'metadata field), statements that this document is classified (本通知定为秘密级 blocks; 请按机密件管理, 附件涉密 review), ' +
          'citations of classified sources, look-alike, split, Latin and Bopomofo spellings (机蜜, 纟色密, JIMI★5年, ㄐㄧ ㄇㄧˋ★5年; review), ' +
          'a mark in quotation or title marks alone on the first line above a notice (「机密」, 《绝密》), and text broken over lines or one ' +
          'character per line. Example boxes, tables listing every level, general rules and talk about wordings pass.',
        why:
          'A document carrying a state-secret mark must never be put on a network connected to the internet (涉密不上网). ' +
          'Even in hidden text, a comment, a tracked deletion or the document properties the mark travels with the file.',
        waive:
          'Do not waive a real mark: have the document declassified (解密) or remove it from publication. For text that ' +
          'only talks about markings (a secrecy regulation, a training text quoting 机密★5年 as an example), add a waiver ' +
          "with the finding's fingerprint and the reason.",
      },
    ],
  },
  'marking.cn-lower': {
    title: 'Lower marking: 内部, 工作秘密, 内部资料, 商业秘密',
    defaultSeverity: 'review',
    rules: [
      {
        id: 'marking.cn-lower',
        title: 'Lower marking: 内部, 工作秘密, 内部资料, 商业秘密',
        defaultSeverity: 'review',
        finds:
          '内部, 内部资料 注意保存, 内部参考, 仅供内部使用, 工作秘密, 商业秘密 standing as a marking (alone on a line or cell, in a header, ' +
          'near the top), handling instructions (不得外传, 阅后收回, 仅供内部参考) and publication restrictions (（此件不予公开）, ' +
          '仅限××以上干部阅知, 请勿扩散) where a marking or a note about this document stands. Never more than review: a human must look.',
        why: 'These marks have no national format and do not make a state secret, but they say the author did not mean the text for the public: a person must decide.',
      },
    ],
  },
};

function documented(d: Detector): Detector {
  const docs = REGISTRY_DOCS[d.id];
  if (!docs) return d;
  const own = Object.fromEntries(Object.entries(d).filter(([, v]) => v !== undefined)) as Partial<Detector>;
  return { ...docs, ...own } as Detector;
}

/** The built-in detectors that need no data. The term detector is built from dictionaries. */
export const BUILTIN_DETECTORS: readonly Detector[] = [cnStateSecret, cnLower, foreign, pii].map(documented);

/**
 * The rules a detector reports, documented: its own `rules`, or one rule named by its id, title,
 * summary and default severity.
 */
export function rulesOf(d: Detector): readonly RuleInfo[] {
  return d.rules ?? [{ id: d.id, title: d.title ?? d.summary, defaultSeverity: d.defaultSeverity ?? 'review', finds: d.summary, why: '' }];
}

export { cnStateSecret, cnLower, foreign, pii };
export { FOREIGN_FORMS, type ForeignForm, type Family, type Placement as ForeignPlacement } from './foreign.ts';
export { createTermDetector, onWordBoundaries, wordBoundaryVerdicts } from './terms.ts';
export { parseDictionary, CompiledDictionary, DictionaryError, type DictionaryEntry, type DictionarySource } from './dictionary.ts';
export { isValidCnId, isValidUscc, isValidLuhn, cnIdCheckChar, usccCheckChar } from './checksums.ts';
export { chineseNumeral } from './cn-state-secret.ts';
export type { Detector, DetectContext, RawFinding, Segmenter, DocumentHints, TriggerHits, FactsPart, RuleInfo } from './types.ts';
export { LineIndex } from './layout.ts';
export { FORMS as CN_MARKING_FORMS, CUES as CN_MARKING_CUES, GRAMMAR_CUES as CN_GRAMMAR_CUES, type MarkingForm, type FormExample, type Placement as CnPlacement, type CueId } from './cn-forms.ts';
export { createCnStateSecret } from './cn-state-secret.ts';
export { createCnLower } from './cn-lower.ts';
