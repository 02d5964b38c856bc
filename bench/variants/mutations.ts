/**
 * The "written forms of a marking" mutation campaign: twelve base markings (机密★5年 … 绝密), each
 * mutated in ways that keep what a reader sees it mean — letter spacing with many kinds of blanks,
 * full-width forms, traditional characters, look-alike characters, characters split into their
 * parts, zero-width and combining marks, separators around the star, a symbol or an OCR misreading
 * in the star's place, a doubled star, a period set off in brackets or after a slash, 大写 and
 * Chinese numerals, OCR-like digits, a copy number beside it, pinyin and Bopomofo spellings,
 * brackets and quotes around the whole, a line break inside — singly and in pairs, put on line 1
 * above a realistic notice and written as `.txt`. Every marked file must not pass.
 *
 * Benign twins carry the same mutations on the level words of text that only talks about secrecy
 * (the secrecy law's article on the three levels, 数据的机密性, 保密宣传月 news, 《秘密花园》) or on a
 * marking quoted as an example in a rule: every twin must pass.
 *
 *   pnpm tsx bench/variants/mutations.ts --count 5000 --seed 1 --out /tmp/h1 [--scan]
 *   pnpm prepub bench /tmp/h1 --no-ocr -q          # the same files through the CLI, by labels.json
 *
 * With `--scan` the files are scanned in-process (`createScanner({ ocr: false })`, the CLI's
 * scanner) and what passed is reported grouped by mutation, with examples (`passes.md` and
 * `results.json` in the output folder). Deterministic: the same seed gives the same bytes.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Verdict } from '@prepub/core';
import { rng } from './generate.ts';

type R = () => number;
const pick = <T>(r: R, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

/** The base markings of the campaign. */
export const BASES = [
  '机密★5年',
  '秘密★1年',
  '绝密★启用前',
  '机密★10年',
  '秘密★6个月',
  '绝密★长期',
  '密级：机密',
  '密级：秘密　保密期限：1年',
  '机密★2025年12月31日',
  '机密',
  '秘密★会议结束后',
  '绝密',
] as const;

const LEVEL_RE = /绝密|机密|秘密/;
const LEVEL_G = /绝密|机密|秘密/g;
const PERIOD_RE = /(\d+)(年|个月)$/;

/** Blanks a PDF text layer, a word processor or a typist leaves between letter-spaced characters. */
export const SPACES = [' ', '  ', '\u3000', '\u00a0', '\u2002', '\u2003', '\u2004', '\u2005', '\u2006', '\u2007', '\u2008', '\u2009', '\u200a', '\u202f', '\u205f', '\t', '\u1680'];
/** Characters drawn as nothing. */
const INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad', '\u034f', '\ufe0f', '\u180e', '\u2061', '\u{e0101}'];
/** Combining marks drawn on a character (an accent, a dot, an enclosing circle, a stroke). */
const COMBINING = ['\u0301', '\u0300', '\u0307', '\u0323', '\u0308', '\u20dd', '\u0336', '\u0332', '\u0338', '\u3099'];
const TRADITIONAL: Record<string, string> = { 机: '機', 绝: '絕', 秘: '祕', 级: '級', 个: '個', 长: '長', 会: '會', 议: '議', 结: '結', 后: '後', 启: '啟', 限: '限' };
/** Look-alike characters seen for the level's characters (a typo, an input-method slip, a font's twin). */
const LOOKALIKE: Record<string, string[]> = { 机: ['杌', '肌', '仉'], 密: ['宻', '蜜'], 秘: ['袐', '泌'], 绝: ['絶'] };
/** A character written as its parts side by side (纟色 for 绝). */
const PARTS: Record<string, string> = { 绝: '纟色', 机: '木几', 秘: '禾必' };
const BOPOMOFO: Record<string, string[]> = { 绝密: ['ㄐㄩㄝˊ ㄇㄧˋ', 'ㄐㄩㄝˊㄇㄧˋ'], 机密: ['ㄐㄧ ㄇㄧˋ', 'ㄐㄧㄇㄧˋ'], 秘密: ['ㄇㄧˋ ㄇㄧˋ', 'ㄇㄧˋㄇㄧˋ'] };
const PINYIN: Record<string, string[]> = { 绝密: ['JUEMI', 'juémì', 'Jue Mi'], 机密: ['JIMI', 'jīmì', 'Ji Mi'], 秘密: ['MIMI', 'mìmì', 'Mi Mi'] };
/** Each Latin letter of a pinyin level with its diacritics precomposed, as an input method or a filter dodge writes them. */
const TONED: Record<string, string> = {
  i: 'ìíǐīịḭỉĩîïį', e: 'èéěēẹḛẻẽêëę', u: 'ùúǔūụṵủũûüų', m: 'ḿṁṃ', j: 'ǰĵ',
  I: 'ÌÍǏĪỊḬỈĨÎÏĮ', E: 'ÈÉĚĒẸḚẺẼÊËĘ', U: 'ÙÚǓŪỤṴỦŨÛÜŲ', M: 'ḾṀṂ', J: 'Ĵ',
};
/** Letters of other scripts drawn like a Latin letter of a pinyin level (Cyrillic І, Greek Ι, Armenian Ս…). */
const LOOKALIKE_LETTERS: Record<string, string> = { i: 'іιӏ', I: 'ІΙӀ', j: 'јϳ', J: 'Ј', m: 'м', M: 'МΜ', e: 'еε', E: 'ЕΕ', u: 'սυ', U: 'ՍԱ' };
const DAXIE = '零壹贰叁肆伍陆柒捌玖';
const XIAOXIE = '〇一二三四五六七八九';
/** Symbols typed in the star's place. */
const STAR_SYMBOLS = ['x', 'X', '#', '·', '～', '~', '☆', '＊', '*', '※', '▲', '●', '✱', '⭐', '○'];
/** What OCR reads for ★ (or nothing). */
const OCR_STARS = ['女', '文', '妇', '又', ''];
const SEPARATORS = ['-', '·', ':', '：', '、', '/', ',', '_', '|', '~', '.', '－'];
const BRACKETS: [string, string][] = [['【', '】'], ['[', ']'], ['(', ')'], ['（', '）'], ['〔', '〕'], ['《', '》'], ['「', '」'], ['『', '』'], ['〈', '〉'], ['“', '”'], ['<', '>'], ['〖', '〗']];
const PERIOD_BRACKETS: [string, string][] = [['（', '）'], ['(', ')'], ['【', '】'], ['〔', '〕'], ['/', '']];
const OCR_DIGITS: Record<string, string[]> = { '0': ['O', 'o'], '1': ['l', 'I', '|'] };

/** The stricter verdict a mutation's output deserves; `review` for forms a human should look at. */
export type Expect = 'block' | 'review';

export interface Mutation {
  name: string;
  /** Applied in stage order, so a pair is applied the way it would have been written. */
  stage: number;
  expect: Expect;
  /** The mutated text, or undefined when the mutation does not apply to `s`. */
  apply(s: string, r: R): string | undefined;
  /** Whether the mutation also applies to a level word in running text (a benign twin). */
  word?: boolean;
}

/** Indices between two characters of `s` (by code point) that a blank or mark may go into. */
function gaps(s: string): number[] {
  const cs = [...s];
  const at: number[] = [];
  let i = 0;
  for (let k = 0; k < cs.length - 1; k++) {
    i += cs[k].length;
    at.push(i);
  }
  return at;
}

/** `s` with `fill()` between every two characters (or only those of the first level word, `levelOnly`). */
function between(s: string, fill: () => string, levelOnly: boolean): string {
  const m = LEVEL_RE.exec(s);
  const cs = [...s];
  let out = '';
  let i = 0;
  for (let k = 0; k < cs.length; k++) {
    out += cs[k];
    i += cs[k].length;
    if (k === cs.length - 1) break;
    if (levelOnly && (!m || i <= m.index || i >= m.index + m[0].length)) continue;
    if (/\s/.test(cs[k]) || /\s/.test(cs[k + 1])) continue;
    out += fill();
  }
  return out;
}

function replaceLevels(s: string, f: (level: string) => string | undefined): string | undefined {
  let changed = false;
  const out = s.replace(LEVEL_G, (l) => {
    const v = f(l);
    if (v === undefined) return l;
    changed = true;
    return v;
  });
  return changed ? out : undefined;
}

/** The star and what follows it, when `s` is a level★tail marking. */
function starSplit(s: string): { head: string; tail: string } | undefined {
  const i = s.indexOf('★');
  return i < 0 ? undefined : { head: s.slice(0, i), tail: s.slice(i + 1) };
}

export const MUTATIONS: Mutation[] = [
  // -- the period
  {
    name: 'daxie',
    stage: 0,
    expect: 'block',
    apply: (s) => {
      const m = PERIOD_RE.exec(s);
      if (!m || /月\d+日$/.test(s) || Number(m[1]) > 10) return undefined;
      const n = Number(m[1]);
      const d = n === 10 ? '拾' : DAXIE[n];
      return s.slice(0, m.index) + d + m[2];
    },
  },
  {
    name: 'cn-numeral',
    stage: 0,
    expect: 'block',
    apply: (s) => {
      const m = PERIOD_RE.exec(s);
      if (!m || Number(m[1]) > 10) return undefined;
      const n = Number(m[1]);
      return s.slice(0, m.index) + (n === 10 ? '十' : XIAOXIE[n]) + m[2];
    },
  },
  {
    name: 'fullwidth-digits',
    stage: 0,
    expect: 'block',
    apply: (s) => (/\d/.test(s) ? s.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) : undefined),
  },
  {
    name: 'ocr-digits',
    stage: 0,
    expect: 'review',
    apply: (s, r) => {
      if (!/[01]/.test(s.slice(s.indexOf('★') + 1)) || !s.includes('★')) return undefined;
      const star = s.indexOf('★');
      const tail = s.slice(star + 1).replace(/[01]/g, (d) => (r() < 0.7 ? pick(r, OCR_DIGITS[d]) : d));
      return s.slice(0, star + 1) + tail;
    },
  },
  {
    name: 'period-bracketed',
    stage: 0,
    expect: 'block',
    apply: (s, r) => {
      const m = /^(绝密|机密|秘密)★(\d+(?:年|个月)|长期)$/.exec(s);
      if (!m) return undefined;
      const [o, c] = pick(r, PERIOD_BRACKETS);
      return r() < 0.7 ? `${m[1]}${o}${m[2]}${c}` : `${m[1]}★${o}${m[2]}${c}`;
    },
  },
  // -- the star
  { name: 'star-symbol', stage: 1, expect: 'block', apply: (s, r) => (starSplit(s) && /★./.test(s) ? s.replace('★', pick(r, STAR_SYMBOLS)) : undefined) },
  { name: 'star-ocr', stage: 1, expect: 'block', apply: (s, r) => (/★[\d一二三四五六七八九十壹贰叁肆伍陆柒捌玖拾长]/.test(s) ? s.replace('★', pick(r, OCR_STARS)) : undefined) },
  { name: 'star-doubled', stage: 1, expect: 'block', apply: (s) => (s.includes('★') ? s.replace('★', '★★') : undefined) },
  { name: 'sep-before-star', stage: 1, expect: 'block', apply: (s, r) => (s.includes('★') ? s.replace('★', `${pick(r, SEPARATORS)}★`) : undefined) },
  { name: 'sep-after-star', stage: 1, expect: 'block', apply: (s, r) => (/★./.test(s) ? s.replace('★', `★${pick(r, SEPARATORS)}`) : undefined) },
  // -- the characters
  {
    name: 'traditional',
    stage: 2,
    expect: 'block',
    word: true,
    apply: (s) => {
      const out = [...s].map((c) => TRADITIONAL[c] ?? c).join('');
      return out === s ? undefined : out;
    },
  },
  {
    name: 'fullwidth',
    stage: 2,
    expect: 'block',
    apply: (s) => {
      const out = s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).replace(/★/g, '＊');
      return out === s ? undefined : out;
    },
  },
  {
    name: 'lookalike',
    stage: 2,
    expect: 'review',
    word: true,
    apply: (s, r) =>
      replaceLevels(s, (l) => {
        const cs = [...l].filter((c) => LOOKALIKE[c]);
        const c = pick(r, cs);
        return l.replace(c, pick(r, LOOKALIKE[c]));
      }),
  },
  { name: 'split-parts', stage: 2, expect: 'review', word: true, apply: (s) => replaceLevels(s, (l) => (PARTS[l[0]] ? PARTS[l[0]] + l.slice(1) : undefined)) },
  { name: 'bopomofo', stage: 2, expect: 'review', word: true, apply: (s, r) => replaceLevels(s, (l) => pick(r, BOPOMOFO[l])) },
  { name: 'pinyin', stage: 2, expect: 'review', word: true, apply: (s, r) => (s.includes('★') ? replaceLevels(s, (l) => pick(r, PINYIN[l])) : undefined) },
  // -- blanks and marks between the characters
  {
    name: 'spaces',
    stage: 3,
    expect: 'block',
    word: true,
    apply: (s, r) => {
      const sp = pick(r, SPACES);
      return between(s, () => sp, r() < 0.4);
    },
  },
  { name: 'zero-width', stage: 3, expect: 'block', word: true, apply: (s, r) => between(s, () => pick(r, INVISIBLE), r() < 0.5) },
  {
    name: 'combining',
    stage: 3,
    expect: 'block',
    word: true,
    apply: (s, r) => {
      const g = [...gaps(s), s.length];
      const at = pick(r, g);
      return s.slice(0, at) + pick(r, COMBINING) + s.slice(at);
    },
  },
  {
    // Tone marks and accents precomposed on the letters of a level spelt in Latin letters (after pinyin).
    name: 'tone-marks',
    stage: 3,
    expect: 'block',
    apply: (s, r) => {
      if (!/[ijmueIJMUE]/.test(s)) return undefined;
      const out = s.replace(/[ijmueIJMUE]/g, (c) => (r() < 0.7 ? pick(r, [...TONED[c]]) : c));
      return out === s ? undefined : out;
    },
  },
  {
    // Cyrillic, Greek or Armenian letters drawn like the Latin ones of a level spelt in Latin letters (after pinyin).
    name: 'lookalike-letters',
    stage: 3,
    expect: 'block',
    apply: (s, r) => {
      if (!/[ijmueIJMUE]/.test(s)) return undefined;
      const out = s.replace(/[ijmueIJMUE]/g, (c) => (r() < 0.6 ? pick(r, [...LOOKALIKE_LETTERS[c]]) : c));
      return out === s ? undefined : out;
    },
  },
  {
    name: 'combining-on-spaces',
    stage: 3,
    expect: 'block',
    word: true,
    apply: (s, r) => {
      const sp = pick(r, [' ', '\u3000', '\u00a0']);
      const mark = pick(r, COMBINING);
      return between(s, () => sp + mark, r() < 0.4);
    },
  },
  {
    name: 'linebreak',
    stage: 3,
    expect: 'block',
    apply: (s, r) => {
      const g = gaps(s).filter((i) => !/\s/.test(s[i - 1]) && !/\s/.test(s[i]));
      if (!g.length) return undefined;
      const at = pick(r, g);
      return s.slice(0, at) + pick(r, ['\n', '\r\n']) + s.slice(at);
    },
  },
  // -- around the whole
  {
    name: 'brackets',
    stage: 4,
    expect: 'block',
    word: true,
    apply: (s, r) => {
      const [o, c] = pick(r, BRACKETS);
      return o + s + c;
    },
  },
  {
    name: 'copy-number',
    stage: 5,
    expect: 'block',
    apply: (s, r) => {
      const no = pick(r, ['№000123', 'No.000123', '000123', '№ 000047', '份号：000123']);
      return r() < 0.5 ? `${no}　${s}` : `${s}　${no}`;
    },
  },
];

const BY_NAME = new Map(MUTATIONS.map((m) => [m.name, m]));

// ---------------------------------------------------------------------------------------------
// Realistic notices the marking heads (invented; no secrecy words).

export const NOTICES = [
  '江临市应急管理局文件\n临应急发〔2024〕12号\n关于做好2024年度防汛物资储备工作的通知\n各区县应急管理局，市直有关单位：\n为做好今年主汛期防汛抢险物资保障工作，现就物资储备有关事项通知如下。\n一、各区县要于6月10日前完成编织袋、救生衣、抽水泵等物资的清点和补充。\n二、市级储备库实行二十四小时值班制度。\n江临市应急管理局\n2024年5月8日\n',
  '关于召开全市重点项目推进会的通知\n各有关单位：\n经市政府同意，定于6月18日上午9时在市行政中心三楼会议室召开全市重点项目推进会。\n请各单位主要负责同志参加，并于6月14日前将参会人员名单报市发展改革委。\n江临市发展和改革委员会办公室\n2024年6月3日\n',
  '会议纪要\n时间：2024年4月12日下午\n地点：市政府第二会议室\n主持：副市长王建平\n会议听取了城区道路改造工程进展情况汇报，研究了下一步工作安排。\n一、由市住建局牵头，7月底前完成主干道施工。\n二、由市交通局负责，做好施工期间交通疏导。\n',
  '市财政局关于2024年一季度预算执行情况的报告\n市人民政府：\n现将2024年一季度全市预算执行情况报告如下。\n一季度，全市一般公共预算收入完成全年预算的27.3%，同比增长5.1%。\n附件：一季度预算执行情况表\n',
];

/** Text that only talks about secrecy; `{绝密}` etc. are the level words a mutation changes. */
export const TWIN_TEXTS = [
  '《中华人民共和国保守国家秘密法》第十条　国家秘密的密级分为{绝密}、{机密}、{秘密}三级。\n{绝密}级国家秘密是最重要的国家秘密，泄露会使国家安全和利益遭受特别严重的损害；{机密}级国家秘密是重要的国家秘密，泄露会使国家安全和利益遭受严重的损害；{秘密}级国家秘密是一般的国家秘密，泄露会使国家安全和利益遭受损害。\n',
  '关于加强政务数据安全管理的指导意见\n各部门要建立数据分类分级制度，保障数据的{机密}性、完整性和可用性，防止数据被篡改、破坏和泄露。\n',
  '我市启动2024年保密宣传月活动\n5月8日，市保密局在人民广场举行保密宣传月启动仪式。活动现场通过展板向市民介绍{绝密}、{机密}、{秘密}三个密级的区别和保密常识，发放宣传资料三千余份。\n',
  '市图书馆五月新书推荐\n一、《{秘密}花园》，弗朗西丝·霍奇森·伯内特著，适合小学高年级学生阅读。\n二、《草房子》，曹文轩著。\n',
  '保密知识问答\n问：哪些文件应当编排序列号？\n答：{机密}级以上文件应当编排序列号，标注{绝密}的文件未经批准不得擅自翻印。\n',
  '产品说明\n本公司承诺对客户资料严格保密，客户的商业{机密}不会被用于其他用途。\n',
];

/** Rules quoting a marking as an example; `{M}` is the whole (mutated) marking. */
export const QUOTE_TEXTS = [
  '保密知识问答\n问：国家秘密标志怎样书写？\n答：密级标志的写法如“{M}”，★前标密级，★后标保密期限。\n',
  '公文格式培训讲义\n第三讲　版头\n密级和保密期限一般标注在版心左上角第二行，例如标注为“{M}”的写法，本讲义仅作示例说明。\n',
];

export interface MutatedVariant {
  file: string;
  kind: 'marked' | 'twin';
  base: string;
  mutations: string[];
  /** The mutated marking (marked) or the first mutated level word (twin). */
  text: string;
  content: string;
  verdict: Verdict;
  accept: Verdict[];
}

/** Applies `names` in stage order; undefined when one of them does not apply. */
export function mutate(s: string, names: string[], r: R): string | undefined {
  let out: string | undefined = s;
  for (const m of names.map((n) => BY_NAME.get(n)!).sort((a, b) => a.stage - b.stage)) {
    out = m.apply(out, r);
    if (out === undefined) return undefined;
  }
  return out;
}

/**
 * Whether two mutations make a pair: not two of one stage (two changes of the star, two of the
 * period, two spellings of the level), but two kinds of blank or mark between the characters.
 */
export function compatible(a: string, b: string): boolean {
  const x = BY_NAME.get(a)!;
  const y = BY_NAME.get(b)!;
  return a !== b && (x.stage !== y.stage || (x.stage === 3 && a !== 'linebreak' && b !== 'linebreak'));
}

/** One or two distinct mutations (a pair at most once per stage). */
function drawMutations(r: R): string[] {
  const a = pick(r, MUTATIONS);
  if (r() < 0.35) return [a.name];
  const b = pick(r, MUTATIONS.filter((m) => compatible(a.name, m.name)));
  return [a.name, b.name];
}

const slug = (names: string[]) => names.join('+');

/** `count` marked variants (and their twins where a twin exists), in a stable order. */
export function mutatedVariants(opts: { count: number; seed: number; twins?: boolean }): MutatedVariant[] {
  const r = rng(opts.seed);
  const out: MutatedVariant[] = [];
  let tries = 0;
  let n = 0;
  while (n < opts.count && tries < opts.count * 50) {
    tries++;
    const base = pick(r, BASES);
    const names = drawMutations(r);
    const text = mutate(base, names, r);
    if (text === undefined || text === base) continue;
    n++;
    const id = String(n).padStart(5, '0');
    const expect: Expect = names.some((x) => BY_NAME.get(x)!.expect === 'review') ? 'review' : 'block';
    const notice = pick(r, NOTICES);
    out.push({
      file: `marked/m${id}-${slug(names)}.txt`,
      kind: 'marked',
      base,
      mutations: names,
      text,
      content: `${text}\n${notice}`,
      verdict: expect,
      accept: [expect === 'block' ? 'review' : 'block'],
    });
    if (opts.twins === false) continue;
    const twin = twinFor(base, names, text, r);
    if (twin) out.push({ file: `twin/t${id}-${slug(names)}.txt`, kind: 'twin', base, mutations: names, text: twin.text, content: twin.content, verdict: 'pass', accept: [] });
  }
  return out;
}

/**
 * The benign twin of a mutated marking: level words in prose carrying the same mutations when they
 * all apply to a word, else the mutated marking quoted as an example in a rule.
 */
export function twinFor(base: string, names: string[], marked: string, r: R): { text: string; content: string } | undefined {
  const wordy = names.every((x) => BY_NAME.get(x)!.word);
  if (wordy && r() < 0.75) {
    const t = pick(r, TWIN_TEXTS);
    let first: string | undefined;
    let ok = true;
    const content = t.replace(/\{(绝密|机密|秘密)\}/g, (_, l: string) => {
      const v = mutate(l, names, r);
      if (v === undefined) ok = false;
      first ??= v;
      return v ?? l;
    });
    return ok && first ? { text: first, content } : undefined;
  }
  // A marking quoted in a rule: a line break inside a quotation is no longer one line of prose.
  if (names.includes('linebreak')) return undefined;
  const t = pick(r, QUOTE_TEXTS);
  return { text: marked, content: t.replace('{M}', marked) };
}

/** Writes the files and `labels.json` (the corpus format of samples/README.md, with tags). */
export function writeMutated(opts: { out: string; count: number; seed: number }): MutatedVariant[] {
  const list = mutatedVariants(opts);
  const files: Record<string, unknown> = {};
  for (const v of list) {
    const abs = path.join(opts.out, v.file);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, v.content);
    files[v.file] = {
      verdict: v.verdict,
      ...(v.accept.length ? { accept: v.accept } : {}),
      tags: { kind: v.kind, base: v.base, mutations: slug(v.mutations) },
      note: `${v.kind}: ${v.text}`,
    };
  }
  writeFileSync(path.join(opts.out, 'labels.json'), JSON.stringify({ version: 1, files }, null, 1) + '\n');
  return list;
}

export interface ScanResult {
  file: string;
  verdict: Verdict;
  why: string;
}

/** Scans the variants with the real scanner (OCR off), two at a time. */
export async function scanVariants(dir: string, list: MutatedVariant[]): Promise<Map<string, ScanResult>> {
  const { createScanner } = await import('@prepub/scanner');
  const scanner = await createScanner({ ocr: false });
  const results = new Map<string, ScanResult>();
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const v = list[next++];
      const bytes = new Uint8Array(readFileSync(path.join(dir, v.file)));
      const res = await scanner.scan(bytes, { filename: path.basename(v.file) });
      const f = res.findings[0];
      results.set(v.file, { file: v.file, verdict: res.verdict, why: f ? `${f.ruleId} ${f.severity}` : res.reasons.join('; ') });
    }
  };
  try {
    await Promise.all([worker(), worker()]);
  } finally {
    await scanner.close();
  }
  return results;
}

const show = (s: string) => JSON.stringify(s).slice(1, -1);

/** Markdown: marked variants that passed and twins that did not, grouped by mutation and by pair. */
export function report(list: MutatedVariant[], results: Map<string, ScanResult>, command: string): string {
  const marked = list.filter((v) => v.kind === 'marked');
  const twins = list.filter((v) => v.kind === 'twin');
  const passed = marked.filter((v) => results.get(v.file)?.verdict === 'pass');
  const flagged = twins.filter((v) => results.get(v.file)?.verdict !== 'pass');
  const verdicts = (vs: MutatedVariant[]) => ['block', 'review', 'pass'].map((k) => `${k} ${vs.filter((v) => results.get(v.file)?.verdict === k).length}`).join(', ');
  const L = [
    '# Marking mutation campaign',
    '',
    `\`${command}\``,
    '',
    `- marked: ${marked.length} (${verdicts(marked)}); **${passed.length} passed**`,
    `- twins: ${twins.length} (${verdicts(twins)}); **${flagged.length} not passed**`,
    '',
    '## Marked variants that passed, by mutation',
    '',
    '| mutation | variants | passed |',
    '| --- | ---: | ---: |',
  ];
  for (const m of MUTATIONS) {
    const vs = marked.filter((v) => v.mutations.includes(m.name));
    L.push(`| ${m.name} | ${vs.length} | ${vs.filter((v) => passed.includes(v)).length} |`);
  }
  const groups = new Map<string, MutatedVariant[]>();
  for (const v of passed) {
    const k = `${v.base} · ${slug([...v.mutations].sort())}`;
    groups.set(k, [...(groups.get(k) ?? []), v]);
  }
  L.push('', '## Passed, by base and mutations', '');
  for (const [k, vs] of [...groups].sort((a, b) => b[1].length - a[1].length)) {
    L.push(`- ${k} (${vs.length}): ${vs.slice(0, 3).map((v) => `\`${show(v.text)}\``).join(' ')}`);
  }
  L.push('', '## Twins that did not pass', '');
  for (const v of flagged) L.push(`- \`${v.file}\` «${show(v.text)}» → ${results.get(v.file)?.verdict} (${results.get(v.file)?.why})`);
  return L.join('\n') + '\n';
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = path.resolve(arg('out') ?? mkdtempSync(path.join(os.tmpdir(), 'prepub-mutations-')));
  const count = Number(arg('count') ?? 2000);
  const seed = Number(arg('seed') ?? 1);
  const list = writeMutated({ out, count, seed });
  const marked = list.filter((v) => v.kind === 'marked').length;
  console.log(`${marked} mutated markings + ${list.length - marked} twins in ${out}`);
  if (process.argv.includes('--scan')) {
    const results = await scanVariants(out, list);
    writeFileSync(path.join(out, 'results.json'), JSON.stringify([...results.values()], null, 1) + '\n');
    const md = report(list, results, `pnpm tsx bench/variants/mutations.ts --count ${count} --seed ${seed} --out ${out} --scan`);
    writeFileSync(path.join(out, 'passes.md'), md);
    console.log(md.split('\n## Passed')[0]);
    console.log(`report: ${path.join(out, 'passes.md')}`);
  } else console.log(`next: pnpm prepub bench ${out} --no-ocr -q   (or add --scan)`);
}
