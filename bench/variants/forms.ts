/**
 * What the variant corpus is made of: the written forms of classification markings, the ways they
 * get distorted, the places in a document they can sit, and the rule that gives each combination
 * its expected verdict. Everything is data; `generate.ts` multiplies it out and renders files.
 */
import type { Verdict } from '@prepub/core';

/** A piece of marking text: plain text, or a break between the pieces of one visible marking. */
export type Seg = string | { br: true } | { run: true };

/** File formats the corpus is written in. */
export type Format = 'txt' | 'html' | 'docx' | 'pdf';
export const FORMATS: Format[] = ['txt', 'html', 'docx', 'pdf'];

/**
 * How a form is laid out: a line of its own, a sentence, a label cell and a value cell next to
 * each other, or a portion mark that opens a paragraph.
 */
export type Shape = 'line' | 'sentence' | 'cellpair' | 'portion';

/**
 * What the standards make of a form: `marking` is a form GB/T 9704 (or a foreign standard) defines
 * as a classification marking; `weak` is a marking-like form a human must judge (statements about the
 * document, citations of classified sources, CUI/FOUO and other caveats); `handling` is a handling or
 * publication restriction, which never is a state-secret marking but never passes either.
 */
export type Strength = 'marking' | 'weak' | 'handling';

export interface Form {
  /** Stable id, used in file names and the `form` tag. */
  id: string;
  /** Language of the surrounding document. */
  lang: 'zh' | 'en';
  shape: Shape;
  strength: Strength;
  /** The written variants; for `cellpair` each is `label\tvalue`. */
  texts: string[];
  /** The level word used by the prose twin (`机密级以上文件…`), if the form has one. */
  level?: string;
  /** Placements the form does not occur in. */
  notIn?: Placement[];
  /** Only these placements. */
  onlyIn?: Placement[];
}

const LEVELS = ['绝密', '机密', '秘密'];

function stars(periods: string[]): string[] {
  return LEVELS.flatMap((l) => periods.map((p) => `${l}★${p}`));
}

/** Every form, Chinese first, then foreign. */
export const FORMS: Form[] = [
  { id: 'cn-star-years', lang: 'zh', shape: 'line', strength: 'marking', texts: stars(['5年', '10年', '20年', '3年', '十年']) },
  { id: 'cn-star-months', lang: 'zh', shape: 'line', strength: 'marking', texts: stars(['6个月', '3个月']) },
  { id: 'cn-star-long', lang: 'zh', shape: 'line', strength: 'marking', texts: ['绝密★长期', '机密★长期'] },
  { id: 'cn-star-date', lang: 'zh', shape: 'line', strength: 'marking', texts: ['机密★2025年12月31日', '秘密★2026年6月30日', '绝密★2030年1月1日'] },
  { id: 'cn-star-condition', lang: 'zh', shape: 'line', strength: 'marking', texts: ['机密★会议开始前', '秘密★考试结束前', '机密★公开发布前'] },
  { id: 'cn-star-bare', lang: 'zh', shape: 'line', strength: 'marking', texts: ['机密★', '秘密★', '绝密★'] },
  {
    id: 'cn-label',
    lang: 'zh',
    shape: 'line',
    strength: 'marking',
    texts: ['密级：秘密　保密期限：3年', '密 级：机密　　保密期限：10年', '密级：绝密', '密级：机密', '密级和保密期限：机密★5年', '密级和保密期限：秘密★6个月'],
  },
  { id: 'cn-label-cells', lang: 'zh', shape: 'cellpair', strength: 'marking', texts: ['密级\t绝密', '密级\t机密', '密级和保密期限\t机密★5年', '保密期限\t长期', '密 级\t秘密'], onlyIn: ['table'] },
  {
    id: 'cn-level-alone',
    lang: 'zh',
    shape: 'line',
    strength: 'marking',
    texts: ['机密', '绝密', '秘密'],
    onlyIn: ['top', 'header', 'footer', 'table', 'textbox', 'vertical', 'hidden', 'properties', 'metadata'],
  },
  {
    id: 'cn-statement',
    lang: 'zh',
    shape: 'sentence',
    strength: 'weak',
    texts: ['本通知定为秘密级，保密期限五年。', '本文件属机密级国家秘密，请按机密件管理。', '此件定为机密级，不得翻印。', '本材料属秘密级国家秘密，阅后收回。'],
    notIn: ['vertical', 'css'],
  },
  {
    id: 'cn-citation',
    lang: 'zh',
    shape: 'sentence',
    strength: 'weak',
    texts: ['据某发〔2022〕8号（秘密★5年）整理。', '本节数据引自市办发〔2023〕5号（机密★10年）。', '参见某电〔2024〕12号（机密★6个月）第三部分。'],
    onlyIn: ['footnote', 'middle', 'comment', 'top', 'html-comment'],
  },
  { id: 'cn-handling', lang: 'zh', shape: 'line', strength: 'handling', texts: ['内部资料　注意保存', '内部资料，不得外传', '不得外传', '仅供内部参考　阅后收回', '严禁外传'] },
  { id: 'cn-no-publication', lang: 'zh', shape: 'line', strength: 'handling', texts: ['此件不予公开', '（此件不公开）', '此件不宜公开'] },
  { id: 'cn-bilingual', lang: 'zh', shape: 'line', strength: 'marking', texts: ['机密 CONFIDENTIAL', '绝密 TOP SECRET', '秘密 SECRET'] },
  { id: 'us-banner', lang: 'en', shape: 'line', strength: 'marking', texts: ['TOP SECRET//NOFORN', 'SECRET//REL TO USA, GBR', 'SECRET//NOFORN', 'CONFIDENTIAL//NOFORN', 'TOP SECRET//SI//NOFORN'] },
  {
    id: 'us-portion',
    lang: 'en',
    shape: 'portion',
    strength: 'marking',
    texts: ['(S//NF) The exercise schedule is attached for your review.', '(TS//SI) Collection priorities for the second quarter follow.', '(C) The delegation will arrive on 12 May.', '(S) Two further sites were surveyed.'],
    notIn: ['vertical', 'css', 'properties', 'metadata'],
  },
  { id: 'us-cui', lang: 'en', shape: 'line', strength: 'weak', texts: ['CUI', 'CONTROLLED UNCLASSIFIED INFORMATION', 'CUI//SP-PRVCY'] },
  { id: 'us-fouo', lang: 'en', shape: 'line', strength: 'weak', texts: ['FOR OFFICIAL USE ONLY', '(U//FOUO)', 'LAW ENFORCEMENT SENSITIVE'] },
  { id: 'uk', lang: 'en', shape: 'line', strength: 'marking', texts: ['OFFICIAL-SENSITIVE', 'UK SECRET', 'UK TOP SECRET', 'OFFICIAL-SENSITIVE COMMERCIAL'] },
  { id: 'nato', lang: 'en', shape: 'line', strength: 'marking', texts: ['NATO SECRET', 'COSMIC TOP SECRET', 'NATO CONFIDENTIAL', 'NATO RESTRICTED'] },
  { id: 'eu', lang: 'en', shape: 'line', strength: 'marking', texts: ['SECRET UE/EU SECRET', 'RESTREINT UE/EU RESTRICTED', 'CONFIDENTIEL UE/EU CONFIDENTIAL', 'TRÈS SECRET UE/EU TOP SECRET'] },
  { id: 'tw', lang: 'zh', shape: 'line', strength: 'marking', texts: ['極機密', '絕對機密', '機密（解密條件：本案公布後解密）', '極機密　限閱'] },
  { id: 'jp', lang: 'zh', shape: 'line', strength: 'marking', texts: ['極秘', '極秘　取扱注意', '秘　取扱注意'] },
  { id: 'ru', lang: 'en', shape: 'line', strength: 'marking', texts: ['СЕКРЕТНО', 'СОВЕРШЕННО СЕКРЕТНО', 'ОСОБОЙ ВАЖНОСТИ', 'Совершенно секретно'] },
  { id: 'ru-dsp', lang: 'en', shape: 'line', strength: 'weak', texts: ['ДСП', 'Для служебного пользования'] },
  { id: 'kr', lang: 'zh', shape: 'line', strength: 'weak', texts: ['대외비', 'Ⅲ급비밀', '비밀'] },
];

/** Where a marking sits. Each placement lists the formats that have such a place. */
export type Placement =
  | 'top'
  | 'middle'
  | 'header'
  | 'footer'
  | 'table'
  | 'textbox'
  | 'comment'
  | 'footnote'
  | 'properties'
  | 'metadata'
  | 'alt'
  | 'vertical'
  | 'attr'
  | 'html-comment'
  | 'css'
  | 'hidden';

export const PLACEMENTS: Record<Placement, Format[]> = {
  top: ['txt', 'html', 'docx', 'pdf'],
  middle: ['txt', 'html', 'docx', 'pdf'],
  header: ['html', 'docx', 'pdf'],
  footer: ['txt', 'html', 'docx', 'pdf'],
  table: ['txt', 'html', 'docx', 'pdf'],
  textbox: ['html', 'docx', 'pdf'],
  comment: ['docx', 'pdf'],
  footnote: ['txt', 'html', 'docx', 'pdf'],
  properties: ['html', 'docx'],
  metadata: ['pdf'],
  alt: ['html', 'docx'],
  vertical: ['txt', 'html', 'docx', 'pdf'],
  attr: ['html'],
  'html-comment': ['html'],
  css: ['html'],
  hidden: ['html', 'docx'],
};

/** Placements where a marking is what the standards call a marking's place: the reader sees it as the document's own mark. */
const MARKING_PLACES: ReadonlySet<Placement> = new Set(['top', 'header', 'footer', 'table', 'textbox', 'vertical']);

/** Distortions a marking meets on its way into a file. */
export type Distortion =
  | 'none'
  | 'spaces'
  | 'hyphen'
  | 'ideographic-space'
  | 'fullwidth'
  | 'alt-star'
  | 'traditional'
  | 'zero-width'
  | 'linebreak'
  | 'runsplit'
  | 'ocr-star';

export const DISTORTIONS: Distortion[] = ['none', 'spaces', 'hyphen', 'ideographic-space', 'fullwidth', 'alt-star', 'traditional', 'zero-width', 'linebreak', 'runsplit', 'ocr-star'];

const CJK = /[\u4e00-\u9fff]/;
const TRAD: Record<string, string> = { 机: '機', 秘: '祕', 绝: '絕', 级: '級', 长: '長', 个: '個', 结: '結', 开: '開', 发: '發', 会: '會', 资: '資', 传: '傳', 参: '參', 考: '考', 阅: '閱', 后: '後', 收: '收', 回: '回', 见: '見', 据: '據', 属: '屬', 国: '國', 请: '請', 按: '按', 管: '管', 理: '理', 期: '期', 限: '限', 宜: '宜', 严: '嚴', 禁: '禁', 内: '內', 仅: '僅', 应: '應' };
const ZW = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff'];
const OCR_STAR = ['女', '文', '妇', '又', ''];
const ALT_STAR = ['☆', '＊', '*'];

/** Whether a distortion can apply to this text in this format and placement. */
export function distortionApplies(d: Distortion, text: string, format: Format, placement: Placement, form: Form): boolean {
  const inline = !['properties', 'metadata', 'attr', 'alt', 'css', 'html-comment', 'vertical'].includes(placement);
  switch (d) {
    case 'none':
      return true;
    case 'spaces':
      return placement !== 'vertical' && (CJK.test(text) || /[A-Z]{3}/.test(text));
    case 'hyphen':
      return placement !== 'vertical' && /(绝密|机密|秘密)/.test(text);
    case 'ideographic-space':
      return placement !== 'vertical' && CJK.test(text);
    case 'fullwidth':
      return /[0-9★A-Z]/.test(text);
    case 'alt-star':
      return text.includes('★') && placement !== 'vertical';
    case 'ocr-star':
      // OCR reads the star as 女/文/又 or nothing; a bare 机密★ misread so (机密文) is a word
      // fragment no reader could tell from prose, so only a star with a period after it is lost.
      return /★./.test(text) && placement !== 'vertical';
    case 'traditional':
      return [...text].some((c) => TRAD[c] && TRAD[c] !== c) && form.id !== 'tw';
    case 'zero-width':
      // A PDF's text is drawn glyphs: a zero-width character has no glyph in a CJK font.
      return format !== 'pdf' && placement !== 'vertical';
    case 'linebreak':
      return inline && form.shape !== 'portion' && [...text.replace(/\t/g, '')].length >= 3 && !['footnote', 'comment'].includes(placement);
    case 'runsplit':
      return inline && format !== 'txt' && placement !== 'comment';
  }
}

function between(text: string, sep: (i: number) => string, pred: (a: string, b: string) => boolean): string {
  const cs = [...text];
  let out = cs[0] ?? '';
  for (let i = 1; i < cs.length; i++) out += (pred(cs[i - 1], cs[i]) ? sep(i) : '') + cs[i];
  return out;
}

const isWordChar = (c: string) => CJK.test(c) || /[A-Za-z0-9★\u0400-\u04ff\uac00-\ud7af]/.test(c);

/**
 * Applies a distortion to the marking text; `pick` draws seeded choices. The result is a list of
 * segments: line breaks and run boundaries are rendered by each format in its own way.
 */
export function distort(d: Distortion, text: string, pick: <T>(xs: T[]) => T): Seg[] {
  switch (d) {
    case 'none':
      return [text];
    case 'spaces':
      // Letter-spaced Latin keeps a wider gap between words, as letter-spaced print does.
      return [between(/[A-Z]{3}/.test(text) ? text.replace(/ /g, '   ') : text, () => ' ', (a, b) => isWordChar(a) && isWordChar(b) && !/[a-z]/.test(a + b))];
    case 'hyphen':
      return [text.replace(/(绝|机|秘)密/g, (_m, a: string) => `${a}${pick(['-', '－', '·', '_'])}密`)];
    case 'ideographic-space':
      return [between(text, () => '\u3000', (a, b) => CJK.test(a) || CJK.test(b))];
    case 'fullwidth':
      return [text.replace(/[0-9A-Z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/★/g, () => pick(['★', '＊']))];
    case 'alt-star':
      return [text.replace(/★/g, () => pick(ALT_STAR))];
    case 'traditional':
      return [[...text].map((c) => TRAD[c] ?? c).join('')];
    case 'zero-width':
      return [between(text, () => pick(ZW), (a, b) => isWordChar(a) && isWordChar(b))];
    case 'ocr-star':
      return [text.replace(/★/g, () => pick(OCR_STAR))];
    case 'linebreak':
    case 'runsplit': {
      const cs = [...text];
      // Break inside the marking: after the level word where there is one, else in the middle.
      const star = text.indexOf('★');
      const at = star > 0 ? (d === 'linebreak' ? star + 1 : star) : Math.max(1, Math.floor(cs.length / 2));
      const cut = star > 0 ? [...text.slice(0, at)].length : at;
      const parts = [cs.slice(0, cut).join(''), cs.slice(cut).join('')];
      if (d === 'runsplit' && cs.length > 3) {
        // Word splits one visible line into many runs: split the tail once more.
        const tail = [...parts[1]];
        const m = Math.max(1, Math.floor(tail.length / 2));
        return [parts[0], { run: true }, tail.slice(0, m).join(''), { run: true }, tail.slice(m).join('')];
      }
      return [parts[0], d === 'linebreak' ? { br: true } : { run: true }, parts[1]];
    }
  }
}

/** The plain text a segment list shows, with line breaks as `\n`. */
export function segText(segs: Seg[]): string {
  return segs.map((s) => (typeof s === 'string' ? s : 'br' in s ? '\n' : '')).join('');
}

export interface Expectation {
  verdict: Verdict;
  accept?: Verdict[];
}

/**
 * The expected verdict of a marked variant. A form the standards define as a marking, in a
 * marking's place, blocks. The same form hidden from the reader (comment, properties, metadata,
 * alt text, attributes, CSS, hidden text) or in the middle of the body or a footnote blocks, but a
 * review is accepted: the reviewer sees it either way. Marking-like forms a human must judge
 * (statements, citations, caveats) and heavy distortions are review, block accepted. Handling and
 * publication restrictions are review.
 */
export function expectation(form: Form, placement: Placement, distortion: Distortion): Expectation {
  if (form.strength === 'handling') return { verdict: 'review' };
  if (form.strength === 'weak') return { verdict: 'review', accept: ['block'] };
  if (form.id === 'cn-level-alone' && !MARKING_PLACES.has(placement)) return { verdict: 'review', accept: ['block'] };
  if (MARKING_PLACES.has(placement) && !['ocr-star', 'linebreak', 'zero-width'].includes(distortion)) return { verdict: 'block' };
  return { verdict: 'block', accept: ['review'] };
}

/** Whether a form may sit in a placement. */
export function formFits(form: Form, placement: Placement): boolean {
  if (form.onlyIn && !form.onlyIn.includes(placement)) return false;
  if (form.notIn?.includes(placement)) return false;
  if (form.shape === 'cellpair') return placement === 'table';
  return true;
}

/** The level word a Chinese form carries, for prose twins. */
export function levelOf(text: string): string | undefined {
  return /(绝密|机密|秘密)/.exec(text)?.[1];
}
