/**
 * Writes a labelled corpus of classification-marking variants for `prepub bench`: every written
 * form (forms.ts) × distortion × placement × format that makes sense, sampled deterministically
 * from a seed, each marked variant paired with a negative twin that carries the same words in
 * prose, a quoted example, a general rule or a training table and must pass.
 *
 *   pnpm tsx bench/variants/generate.ts [--out DIR] [--count N] [--seed S]
 *   pnpm prepub bench DIR --no-ocr --by form,placement
 *
 * The default output folder is a fresh temporary folder (the corpus is not committed: it is
 * regenerated from this script). Labels carry `tags` (kind, form, placement, format, distortion,
 * twin) for the bench's `--by` breakdown.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Verdict } from '@prepub/core';
import {
  DISTORTIONS,
  FORMS,
  PLACEMENTS,
  distort,
  distortionApplies,
  expectation,
  formFits,
  levelOf,
  segText,
  type Distortion,
  type Form,
  type Format,
  type Placement,
  type Seg,
} from './forms.ts';
import { EXT, render, type Block, type Doc } from './render.ts';

/** A seeded generator (mulberry32): the same seed gives the same corpus on every machine. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---------------------------------------------------------------------------------------------
// Neutral document text (invented; no secrecy words, no personal data), so the marking or the
// twin's sentence is the only thing a detector can react to.

const ZH_DOCS = [
  {
    title: '关于做好2024年度防汛物资储备工作的通知',
    paras: [
      '各区县应急管理局，市直有关单位：',
      '为做好今年主汛期防汛抢险物资保障工作，根据全市防汛工作会议部署，现就物资储备有关事项通知如下。',
      '一、各区县要于6月10日前完成编织袋、救生衣、抽水泵等物资的清点和补充，建立物资台账，明确存放地点和管理人员。',
      '二、市级储备库实行二十四小时值班制度，接到调拨指令后两小时内完成装车。',
      '三、各单位要加强物资日常维护，对过期和损坏物资及时报废更新。',
    ],
    sign: ['江临市应急管理局', '2024年5月8日'],
  },
  {
    title: '关于开展城区道路设施安全检查的通知',
    paras: [
      '各区住房和城乡建设局，市政设施管理处：',
      '为消除城区道路设施安全隐患，保障市民出行安全，市住建局决定于6月开展城区道路设施安全检查。',
      '一、检查范围包括主次干道的路面、人行道、井盖、护栏和照明设施。',
      '二、各区要对照检查清单逐项核查，发现问题当场登记，限期整改。',
      '三、检查结果于6月30日前报市住建局城建处，市局将适时组织抽查。',
    ],
    sign: ['江临市住房和城乡建设局', '2024年5月20日'],
  },
  {
    title: '关于调整市级机关办公用房维修计划的通知',
    paras: [
      '市直各单位：',
      '根据年度预算执行情况，经研究，对市级机关办公用房维修计划作如下调整。',
      '一、原定于第三季度实施的东区办公楼外墙维修提前至7月开工，工期六十天。',
      '二、西区会议中心空调改造项目推迟至明年实施，所需资金列入下年度预算。',
      '三、施工期间请相关单位配合做好人员和物品的临时搬迁。',
    ],
    sign: ['江临市机关事务管理局', '2024年6月3日'],
  },
];

const EN_DOCS = [
  {
    title: 'MEMORANDUM FOR THE RECORD',
    paras: [
      'SUBJECT: Quarterly logistics review, Northern District depot',
      '1. The depot completed its annual inventory on 3 May. Stock levels of fuel, rations and spare parts are within the planned range.',
      '2. Two forklifts were taken out of service for repair. Replacement units arrive in June.',
      '3. The next review is scheduled for the first week of September.',
    ],
    sign: ['J. Harlow, Director of Logistics', '8 May 2024'],
  },
  {
    title: 'TRIP REPORT',
    paras: [
      'SUBJECT: Visit to the regional training centre, 14-16 April',
      '1. The team inspected the new simulator hall and the renovated dormitories.',
      '2. Instructors asked for additional projectors and a second maintenance technician.',
      '3. A follow-up visit is proposed for the autumn term.',
    ],
    sign: ['M. Okafor, Training Branch', '22 April 2024'],
  },
];

// ---------------------------------------------------------------------------------------------
// Negative twins: the same words in prose, a quoted example, a general rule, a training table.

export type TwinKind = 'prose' | 'quote' | 'rule' | 'table';
const TWIN_KINDS: TwinKind[] = ['prose', 'quote', 'rule', 'table'];

/**
 * The twin's sentence. Each kind has several phrasings (`v` picks one) so that a detector cannot
 * learn one template's wording instead of the difference between talking about a marking and
 * carrying one.
 */
function twinSentence(kind: Exclude<TwinKind, 'table'>, form: Form, m: Seg[], v: number): Seg[] {
  const level = levelOf(form.texts[0]) ?? levelOf(segText(m));
  const one = <T>(xs: T[]): T => xs[v % xs.length];
  if (form.lang === 'en') {
    if (kind === 'quote')
      return one([
        ['Style guide: a marking such as “', ...m, '” appears at the top and bottom of each page of a document that carries it.'],
        ['The handbook gives “', ...m, '” as an example of how the banner line is written.'],
        ['Example only: “', ...m, '”. Do not copy this line into unclassified drafts.'],
      ]);
    if (kind === 'prose')
      return one([
        ['Trainees learned that markings like ', ...m, ' are applied only by an authorised official, never by the drafter alone.'],
        ['The auditors asked how documents marked ', ...m, ' had been stored in the old registry.'],
        ['Several readers wrote in to ask what ', ...m, ' means on the declassified papers shown at the exhibition.'],
      ]);
    return one([
      ['Section 1.6 of the order requires each classified document to show its overall marking, for example ', ...m, ', at the top and bottom of every page.'],
      ['Under the rule, a document bearing ', ...m, ' may be handled only by cleared staff and must be stored in an approved container.'],
      ['Rule 4: markings such as ', ...m, ' are removed only when the originator decides to declassify.'],
    ]);
  }
  if (form.shape === 'sentence') {
    if (kind === 'quote')
      return one([
        ['培训教材列举了常见的定密表述，例如“', ...m, '”，供学员辨析。'],
        ['有读者来信询问，公文中出现“', ...m, '”这样的句子是什么意思。'],
        ['示例句：“', ...m, '”该句仅用于说明写法。'],
      ]);
    // A statement or a citation speaks of "this document": unquoted in prose it would be one.
    if (kind === 'prose')
      return one([
        ['学员讨论了“', ...m, '”这类表述应当由谁作出、写在何处的问题。'],
        ['课上老师把“', ...m, '”写在黑板上，请大家指出其中的要素。'],
        ['检查组发现，个别单位把“', ...m, '”之类的话写进了公开材料的草稿，已督促删除。'],
      ]);
    return one([
      ['第九条　机关、单位对所产生的国家秘密事项，应当按照规定作出书面记录，表述方式如', ...m, '等，由定密责任人签批。'],
      ['第十四条　引用或者说明定密情况时，可以采用“', ...m, '”等表述，并报保密工作机构备案。'],
    ]);
  }
  if (kind === 'quote')
    return one([
      ['第十二条　标志的写法如“', ...m, '”，一般标注在首页左上角。'],
      ['问：“', ...m, '”这样的标志应当标注在哪里？答：一般标注在首页左上角。'],
      ['图例说明：“', ...m, '”为标志写法示例，本图不涉及具体文件。'],
    ]);
  // Level★period forms stand unquoted in running prose (标注机密★5年的文件…); label, handling and
  // publication forms are quoted there, since unquoted they say something about this document.
  const inline = /^(cn-star|cn-level|cn-bilingual|tw|jp|kr)/.test(form.id);
  const q = (xs: Seg[]): Seg[] => (inline ? xs : ['“', ...xs, '”']);
  if (kind === 'prose')
    return one([
      level ? [`${level}级以上文件应当编排序列号，标注`, ...q(m), '的文件不得擅自翻印。'] : ['按照规定，', ...q(m), '一类的标志由文件制发单位确定，不得擅自改动。'],
      ['检查中发现，有的单位把标有', ...q(m), '的旧文件与普通资料混放，现已整改。'],
      ['展览展出了一批早已解密的历史档案，封面上还能看到', ...q(m), '的字样。'],
    ]);
  return one([
    ['第八条　属于国家秘密的文件、资料，应当依照本法规定标明密级和保密期限，例如', ...m, '；不属于国家秘密的，不得标注。'],
    ['第二十条　标有', ...q(m), '等标志的载体，应当存放在符合保密要求的设备中。'],
    ['第六条　变更密级或者保密期限的，应当在原标志', ...q(m), '旁作出新的标志。'],
  ]);
}

function twinTable(form: Form, m: Seg[], v: number, label?: Seg[]): Block[] {
  const cell = label ? [...label, '：', ...m] : m;
  if (form.lang === 'en') {
    return v % 2
      ? [
          { kind: 'p', segs: ['Annex B. Glossary of markings seen on foreign documents (reference only).'] },
          { kind: 'table', rows: [[['Marking'], ['Explanation']], [cell, ['a level used abroad']], [['UNCLASSIFIED'], ['no protection required']]] },
        ]
      : [
          { kind: 'p', segs: ['Training exercise: reading markings. The examples below are invented and do not apply to this document.'] },
          { kind: 'table', rows: [[['Example'], ['What the trainee should say']], [cell, ['an example of a marking']], [['(none)'], ['no marking required']]] },
        ];
  }
  return [
    [
      { kind: 'p', segs: ['保密知识培训：标志识读练习。下表示例均为虚构，不是本文件的标志。'] } as Block,
      { kind: 'table', rows: [[['示例'], ['学员应当说明的内容']], [cell, ['该示例属于何种标志']], [['（无）'], ['公开文件不作标注']]] } as Block,
    ],
    [
      { kind: 'p', segs: ['附表：常见标志写法对照（供学习参考）'] } as Block,
      { kind: 'table', rows: [[['写法'], ['说明']], [cell, ['正确写法示例']], [['（此件公开发布）'], ['公开文件的写法']]] } as Block,
    ],
    [
      { kind: 'p', segs: ['保密知识竞赛第三题：判断下列写法是否规范。'] } as Block,
      { kind: 'table', rows: [[['题目'], ['答案']], [cell, ['规范']], [['（此件公开发布）'], ['规范']]] } as Block,
    ],
  ][v % 3];
}

// ---------------------------------------------------------------------------------------------
// Building a variant

/** One generated file and its label. */
export interface Variant {
  file: string;
  kind: 'marked' | 'twin';
  form: string;
  placement: Placement;
  format: Format;
  distortion: Distortion;
  twin?: TwinKind;
  /** The marking as inserted, line breaks as `\n`, zero-width characters visible as `⟨ZW⟩`. */
  text: string;
  verdict: Verdict;
  accept?: Verdict[];
  doc: Doc;
}

const PROPERTY_FIELDS: Array<'title' | 'subject' | 'keywords' | 'description'> = ['title', 'subject', 'keywords', 'description'];
const ATTRS = ['title', 'data-classification', 'data-note', 'aria-label'];

function baseDoc(form: Form, r: () => number): { doc: Doc; sign: string[] } {
  const src = form.lang === 'zh' ? ZH_DOCS[Math.floor(r() * ZH_DOCS.length)] : EN_DOCS[Math.floor(r() * EN_DOCS.length)];
  return { doc: { lang: form.lang, title: src.title, body: src.paras.map((p) => ({ kind: 'p', segs: [p] })) }, sign: src.sign };
}

function finish(doc: Doc, sign: string[]): Doc {
  doc.body.push(...sign.map((s): Block => ({ kind: 'p', segs: [s], align: 'right' })));
  return doc;
}

/** Puts marking segments (or a twin's sentence) in a placement of the document. */
function place(doc: Doc, placement: Placement, segs: Seg[], form: Form, r: () => number, cells?: { label: Seg[]; value: Seg[] }, twin = false): void {
  const flat = segText(segs).replace(/\n/g, '');
  switch (placement) {
    case 'top':
      // A marking goes above the title; a twin's sentence opens the body.
      if (twin) doc.body.unshift({ kind: 'p', segs });
      else doc.pre = [{ kind: 'p', segs }];
      return;
    case 'middle':
      doc.body.splice(3, 0, { kind: 'p', segs });
      return;
    case 'header':
      doc.header = segs;
      return;
    case 'footer':
      doc.footer = segs;
      return;
    case 'table': {
      // A cover table (routing slip): the marking in a cell, or label and value in adjacent cells.
      const zh = form.lang === 'zh';
      const rows: Seg[][][] = cells
        ? [[zh ? ['份号'] : ['Copy'], ['000012']], [cells.label, cells.value], [zh ? ['紧急程度'] : ['Precedence'], zh ? ['特急'] : ['PRIORITY']]]
        : [[segs, zh ? ['特急'] : ['PRIORITY']], [zh ? ['承办单位'] : ['Office'], zh ? ['办公室'] : ['Logistics Branch']]];
      doc.pre = [{ kind: 'table', rows }];
      return;
    }
    case 'textbox':
      doc.textbox = segs;
      return;
    case 'comment':
      doc.comment = segs;
      return;
    case 'footnote':
      doc.footnote = segs;
      doc.footnoteAt = 2;
      return;
    case 'properties':
    case 'metadata':
      doc.properties = { field: PROPERTY_FIELDS[Math.floor(r() * PROPERTY_FIELDS.length)], text: flat };
      return;
    case 'alt':
      doc.alt = form.lang === 'zh' ? `${flat} 物资分布示意图` : `${flat} depot layout diagram`;
      return;
    case 'vertical':
      doc.vertical = flat;
      return;
    case 'attr':
      doc.attr = { name: ATTRS[Math.floor(r() * ATTRS.length)], text: flat };
      return;
    case 'html-comment':
      doc.htmlComment = flat;
      return;
    case 'css':
      doc.css = flat;
      return;
    case 'hidden':
      doc.hidden = segs;
      return;
  }
}

/** Where a twin goes: its own placement where a sentence or a training table can sit there, else the middle of the body. */
function twinPlacement(p: Placement, kind: TwinKind): Placement {
  if (kind === 'table') return 'table';
  return p === 'top' || p === 'middle' || p === 'footnote' ? p : 'middle';
}

const showText = (segs: Seg[]) => segText(segs).replace(/[\u200b\u200c\u200d\u2060\ufeff]/g, '⟨ZW⟩');

interface Combo {
  form: Form;
  placement: Placement;
  format: Format;
  distortion: Distortion;
  text: string;
}

/** Every sensible combination, grouped by form × placement × format (the strata sampling draws from). */
function allCombos(): Map<string, Combo[]> {
  const strata = new Map<string, Combo[]>();
  for (const form of FORMS) {
    for (const placement of Object.keys(PLACEMENTS) as Placement[]) {
      if (!formFits(form, placement)) continue;
      for (const format of PLACEMENTS[placement]) {
        const key = `${form.id}|${placement}|${format}`;
        const list: Combo[] = [];
        for (const text of form.texts) {
          for (const distortion of DISTORTIONS) {
            if (!distortionApplies(distortion, text, format, placement, form)) continue;
            list.push({ form, placement, format, distortion, text });
          }
        }
        if (list.length) strata.set(key, list);
      }
    }
  }
  return strata;
}

/**
 * Draws `count` marked combinations: round-robin over the form × placement × format strata (so
 * every stratum is covered before any repeats), each draw a seeded pick inside its stratum that
 * prefers distortions the stratum has not had yet.
 */
function sample(count: number, r: () => number): Combo[] {
  const strata = [...allCombos().entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  // Shuffle the strata order so a small sample covers forms and placements evenly.
  for (let i = strata.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [strata[i], strata[j]] = [strata[j], strata[i]];
  }
  const used = new Map<string, Set<string>>();
  const out: Combo[] = [];
  const seen = new Set<string>();
  let round = 0;
  while (out.length < count && round < 200) {
    let added = 0;
    for (const [key, list] of strata) {
      if (out.length >= count) break;
      const u = used.get(key) ?? new Set();
      used.set(key, u);
      const fresh = list.filter((c) => !u.has(c.distortion) && !seen.has(`${key}|${c.text}|${c.distortion}`));
      const pool = fresh.length ? fresh : list.filter((c) => !seen.has(`${key}|${c.text}|${c.distortion}`));
      if (!pool.length) continue;
      const c = pool[Math.floor(r() * pool.length)];
      u.add(c.distortion);
      seen.add(`${key}|${c.text}|${c.distortion}`);
      out.push(c);
      added++;
    }
    if (!added) break;
    round++;
  }
  return out;
}

/** Builds the marked variant and its twin for one combination. */
function build(c: Combo, index: number, r: () => number): [Variant, Variant] {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  const id = String(index).padStart(4, '0');
  const stem = `${c.form.id}-${c.placement}-${c.distortion}`;
  let segs: Seg[];
  let cells: { label: Seg[]; value: Seg[] } | undefined;
  if (c.form.shape === 'cellpair') {
    const [label, value] = c.text.split('\t');
    cells = { label: [label], value: distort(c.distortion, value, pick) };
    segs = [...cells.label, '\t', ...cells.value];
  } else segs = distort(c.distortion, c.text, pick);

  const { doc, sign } = baseDoc(c.form, r);
  place(doc, c.placement, segs, c.form, r, cells);
  const exp = expectation(c.form, c.placement, c.distortion);
  const marked: Variant = {
    file: `${c.format}/v${id}-${stem}.${EXT[c.format]}`,
    kind: 'marked',
    form: c.form.id,
    placement: c.placement,
    format: c.format,
    distortion: c.distortion,
    text: showText(segs).replace('\t', ' | '),
    ...exp,
    doc: finish(doc, sign),
  };

  const twinKind = pick(TWIN_KINDS);
  const tp = twinPlacement(c.placement, twinKind);
  const t = baseDoc(c.form, r);
  // A twin keeps the words and their distortion but not a line break inside them: a broken line
  // in prose would leave a fragment standing alone on its line, which is a different test.
  const unbreak = (xs: Seg[]): Seg[] => xs.map((x) => (typeof x === 'string' || !('br' in x) ? x : { run: true as const }));
  const words = unbreak(cells ? cells.value : segs);
  const phrasing = Math.floor(r() * 6);
  if (twinKind === 'table') t.doc.body.unshift(...twinTable(c.form, words, phrasing, cells?.label));
  else {
    const sentence = twinSentence(twinKind, c.form, cells ? [...cells.label, '：', ...words] : words, phrasing);
    place(t.doc, tp, sentence, c.form, r, undefined, true);
  }
  const twinText = twinKind === 'table' ? showText(cells ? [...cells.label, '：', ...words] : words) : showText(twinSentence(twinKind, c.form, cells ? [...cells.label, '：', ...words] : words, phrasing));
  const twin: Variant = {
    file: `${c.format}/t${id}-${stem}-${twinKind}.${EXT[c.format]}`,
    kind: 'twin',
    form: c.form.id,
    placement: tp,
    format: c.format,
    distortion: c.distortion,
    twin: twinKind,
    text: twinText,
    verdict: 'pass',
    doc: finish(t.doc, t.sign),
  };
  return [marked, twin];
}

/** The corpus for a seed: `count` marked variants and as many twins, in a stable order. */
export function variants(opts: { count: number; seed: number }): Variant[] {
  const r = rng(opts.seed);
  return sample(opts.count, r).flatMap((c, i) => build(c, i + 1, r));
}

/** Options of {@link writeCorpus}. */
export interface CorpusOptions {
  /** Folder to write into (created). */
  out: string;
  /** Marked variants (each with a twin). */
  count: number;
  seed: number;
}

/** Writes the files and `labels.json` (with `tags` for the bench's breakdown); returns the variants. */
export function writeCorpus(opts: CorpusOptions): Variant[] {
  const list = variants(opts);
  const files: Record<string, unknown> = {};
  for (const v of list) {
    const abs = path.join(opts.out, v.file);
    mkdirSync(path.dirname(abs), { recursive: true });
    writeFileSync(abs, render(v.doc, v.format));
    files[v.file] = {
      verdict: v.verdict,
      ...(v.accept ? { accept: v.accept } : {}),
      tags: { kind: v.kind, form: v.form, placement: v.placement, format: v.format, distortion: v.distortion, ...(v.twin ? { twin: v.twin } : {}) },
      note: `${v.kind === 'twin' ? `twin (${v.twin})` : 'marked'}: ${v.text}`,
    };
  }
  writeFileSync(path.join(opts.out, 'labels.json'), JSON.stringify({ version: 1, files }, null, 1) + '\n');
  return list;
}

/** Default size and seed of the full corpus. */
export const FULL = { count: 2200, seed: 20240508 };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = path.resolve(arg('out') ?? mkdtempSync(path.join(os.tmpdir(), 'prepub-variants-')));
  const count = Number(arg('count') ?? FULL.count);
  const seed = Number(arg('seed') ?? FULL.seed);
  const list = writeCorpus({ out, count, seed });
  const marked = list.filter((v) => v.kind === 'marked');
  const strata = new Set(marked.map((v) => `${v.form}|${v.placement}|${v.format}`));
  console.log(`${marked.length} marked variants + ${list.length - marked.length} twins (${strata.size} form × placement × format strata) in ${out}`);
  console.log(`next: pnpm prepub bench ${out} --no-ocr --by form,placement`);
}
