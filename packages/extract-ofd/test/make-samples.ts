/**
 * Writes the OFD sample corpus to samples/ofd/ with its labels (run `pnpm tsx samples/scripts/make-ofd-samples.ts`).
 * Packages are written from code by ofd-writer.ts; authorities, people and numbers are invented.
 * The law excerpt and the news item are the corpus's own samples/real-negatives texts; the picture
 * is samples/images/notice-marked-300dpi.png, the attached Word document samples/docx/notice-gbt9704-secret.docx.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8 } from 'fflate';
import { ofd, paragraphLines, type DocSpec, type PageSpec, type TextSpec } from './ofd-writer.ts';

const ROOT = join(import.meta.dirname, '../../../samples');
type Label = { verdict: 'block' | 'review' | 'pass'; accept?: string[]; findings?: Array<Record<string, string | number>>; note: string };

export interface Corpus {
  files: Map<string, Uint8Array>;
  labels: Record<string, Label>;
}

export function labelsJson(c: Corpus): string {
  return JSON.stringify({ version: 1, files: c.labels }, null, 2) + '\n';
}

const BODY = [
  '各区县交通运输局，市局各处室、直属各单位：',
  '为做好港区航道疏浚工程实施期间的运输保障工作，经市局研究，现将有关事项通知如下。',
  '一、各单位要按照工程进度安排，提前制定船舶调度和车辆通行方案，确保施工期间航道和道路运行平稳有序。',
  '二、各单位要加强值班值守，遇有重大情况及时报告市局运输保障办公室。',
  '三、本通知自印发之日起执行。',
].join('\n');

/** The head of a 红头文件: 份号, the marking, 紧急程度, issuer, number, title, then the body from y = 100. */
function noticeHead(marking: string | undefined): TextSpec[] {
  const head: TextSpec[] = [{ x: 27, y: 22, text: '000012', size: 4.2 }];
  if (marking) head.push({ x: 27, y: 29, text: marking, size: 4.2 });
  head.push({ x: 27, y: 36, text: '特急', size: 4.2 });
  head.push({ x: 45, y: 50, text: '江临市交通运输局文件', size: 11, color: '230 0 0' });
  head.push({ x: 80, y: 70, text: '临交〔2024〕12号', size: 4.2 });
  head.push({ x: 40, y: 84, text: '关于做好港区航道疏浚工程运输保障工作的通知', size: 5.6 });
  return head;
}

function noticePage(marking?: string, extra: TextSpec[] = []): PageSpec {
  return {
    texts: [
      ...noticeHead(marking),
      ...paragraphLines(BODY, { top: 100, indent: true }),
      { x: 120, y: 230, text: '江临市交通运输局', size: 4.2 },
      { x: 122, y: 238, text: '2024年5月8日', size: 4.2 },
      ...extra,
    ],
  };
}

/** A page of a public notice: no 份号, no marking, published openly. */
function publicPage(): PageSpec {
  return {
    texts: [
      { x: 45, y: 30, text: '江临市交通运输局', size: 9, color: '230 0 0' },
      { x: 40, y: 50, text: '关于港区航道疏浚工程期间船舶通行安排的公告', size: 5.6 },
      ...paragraphLines(BODY.replace('各区县交通运输局，市局各处室、直属各单位：', '广大船舶经营人、船员：'), { top: 66, indent: true }),
      { x: 120, y: 200, text: '江临市交通运输局', size: 4.2 },
      { x: 122, y: 208, text: '2024年5月8日', size: 4.2 },
      { x: 27, y: 225, text: '（此件公开发布）', size: 4.2 },
    ],
  };
}

/** Text laid out in pages of `perPage` lines. */
function pagesOf(lines: TextSpec[], perPage: number, top: number, leading = 7.5): PageSpec[] {
  const pages: PageSpec[] = [];
  for (let i = 0; i < lines.length; i += perPage) {
    pages.push({ texts: lines.slice(i, i + perPage).map((t, k) => ({ ...t, y: top + k * leading })) });
  }
  return pages;
}

const doc = (d: Partial<DocSpec> & { pages: PageSpec[] }): DocSpec => ({ title: '关于做好港区航道疏浚工程运输保障工作的通知', author: '江临市交通运输局办公室', ...d });

export function ofdSamples(): Corpus {
  const c: Corpus = { files: new Map(), labels: {} };
  const save = (name: string, bytes: Uint8Array, label: Label) => {
    c.files.set(name, bytes);
    c.labels[name] = label;
    return bytes;
  };

  const notice = save('notice-redhead-jimi.ofd', ofd({ docs: [doc({ pages: [noticePage('机密★5年')] })] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', page: 1, line: 2 }],
    note: 'A 红头文件 in OFD: 份号 000012, 机密★5年 and 特急 each in their own text object at the top left of page 1, then the red issuer line, 发文字号 and body.',
  });
  save('template-marking.ofd', ofd({ docs: [doc({ templates: [{ id: 2, texts: [{ x: 27, y: 12, text: '秘密★3年', size: 4.2 }] }], pages: [{ ...noticePage(), template: 2 }, { texts: paragraphLines(BODY, { top: 30, indent: true }), template: 2 }] })] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'master', page: 1 }],
    note: 'The pages carry no marking; 秘密★3年 is drawn by the template page behind both pages, top left.',
  });
  save('stamp-annotation-marking.ofd', ofd({ docs: [doc({ pages: [noticePage()], annotations: [{ page: 1, type: 'Stamp', boundary: [25, 12, 40, 9], texts: [{ x: 2, y: 1, text: '机密★10年', size: 5, color: '230 0 0' }], remark: '审核意见：按机密件管理' }] })] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'annotation', page: 1 }],
    note: 'A clean notice; a stamp annotation drawn at the top left of page 1 says 机密★10年.',
  });
  save(
    'attachment-marking.ofd',
    ofd({
      docs: [
        doc({
          pages: [publicPage()],
          attachments: [{ name: '港区规划调整测算说明', format: 'txt', file: 'cesuan-shuoming.txt', bytes: strToU8('000015\n机密★5年\n\n港区规划调整测算说明\n\n一、测算范围包括港区东片和北片两个作业区。\n二、测算结果报市局领导审定后执行。\n') }],
        }),
      ],
    }),
    {
      verdict: 'block',
      findings: [{ ruleId: 'marking.cn-state-secret', line: 2 }],
      note: 'A public announcement whose attached text file (an OFD attachment) is marked 机密★5年 under its 份号.',
    },
  );
  save(
    'attachment-docx-marking.ofd',
    ofd({ docs: [doc({ pages: [publicPage()], attachments: [{ name: '工作方案', format: 'docx', file: 'fangan.docx', bytes: new Uint8Array(readFileSync(join(ROOT, 'docx/notice-gbt9704-secret.docx'))) }] })] }),
    {
      verdict: 'block',
      findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', paragraph: 2 }],
      note: 'A public announcement with a Word document attached (the corpus\'s own samples/docx/notice-gbt9704-secret.docx): 机密★5年 under 份号 in the attachment.',
    },
  );
  save('per-glyph-marking.ofd', ofd({ docs: [doc({ pages: [{ texts: noticePage().texts.map((t) => ({ ...t, perGlyph: true })).concat([{ x: 27, y: 29, text: '绝密★长期', perGlyph: true }]) }] })] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', page: 1 }],
    note: 'Every glyph is its own TextCode with its own X (as some converters write); 绝密★长期 stands at the top left, written last in the layer.',
  });
  save(
    'multi-document-marking.ofd',
    ofd({ docs: [doc({ pages: [publicPage()] }), doc({ title: '港区规划调整测算说明', pages: [{ texts: [{ x: 27, y: 22, text: '000015' }, { x: 27, y: 29, text: '秘密★6个月' }, { x: 45, y: 45, text: '港区规划调整测算说明', size: 6 }, ...paragraphLines('一、测算范围包括港区东片和北片两个作业区。\n二、测算结果报市局领导审定后执行。', { top: 60, indent: true })] }] })] }),
    {
      verdict: 'block',
      findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', page: 1 }],
      note: 'One package, two documents (two DocBody entries): the first a public announcement, the second marked 秘密★6个月; readers often show only the first.',
    },
  );
  save('custom-data-marking.ofd', ofd({ docs: [doc({ custom: { 密级: '机密', 保密期限: '5年', 文号: '临交〔2024〕12号' }, pages: [noticePage()] })] }), {
    verdict: 'block',
    accept: ['review'],
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'properties' }],
    note: 'No marking on the page; the document metadata (CustomData) says 密级：机密 and 保密期限：5年.',
  });
  const picture = new Uint8Array(readFileSync(join(ROOT, 'images/notice-marked-300dpi.png')));
  save('scanned-page.ofd', ofd({ docs: [doc({ media: [{ id: 90, file: 'scan_1.png', format: 'PNG', bytes: picture }], pages: [{ texts: [], images: [{ x: 0, y: 0, w: 210, h: 297, resource: 90 }] }] })] }), {
    verdict: 'block',
    accept: ['review'],
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'ocr' }],
    note: 'A page that is one scanned picture (an ImageObject) of a marked notice: only OCR reads it; without OCR the picture is unread and the verdict review.',
  });

  const law = readFileSync(join(ROOT, 'real-negatives/law-baomifa-2024.txt'), 'utf8').split('\n').slice(0, 100).join('\n');
  save('benign-baomifa-excerpt.ofd', ofd({ docs: [{ title: '中华人民共和国保守国家秘密法', author: '全国人民代表大会常务委员会', pages: pagesOf(paragraphLines(law, { top: 25, indent: false, width: 30 }), 32, 25) }] }), {
    verdict: 'pass',
    note: 'The published Law on Guarding State Secrets (2024 revision), chapters one to three: full of 绝密/机密/秘密 in running text, public and meant to be published.',
  });
  const news = readFileSync(join(ROOT, 'real-negatives/news-baomi-xuanchuanyue.txt'), 'utf8');
  save('benign-news-baomi-month.ofd', ofd({ docs: [{ title: '市保密局启动2024年全国保密宣传教育月活动', pages: pagesOf(paragraphLines(news, { top: 25, indent: true }), 32, 25) }] }), {
    verdict: 'pass',
    note: 'A news item on 保密宣传教育月 that explains the three levels in prose; nothing is marked.',
  });
  const publicNotice = save('benign-public-notice.ofd', ofd({ docs: [doc({ title: '关于港区航道疏浚工程期间船舶通行安排的公告', pages: [publicPage()], annotations: [{ page: 1, type: 'Stamp', boundary: [115, 190, 40, 40], texts: [{ x: 6, y: 16, text: '江临市交通运输局', size: 3.5, color: '230 0 0' }] }] })] }), {
    verdict: 'pass',
    note: 'A public announcement with 发文机关 and （此件公开发布）, stamped with the issuing office\'s seal as an annotation.',
  });

  save('truncated.ofd', publicNotice.subarray(0, Math.floor(publicNotice.length * 0.6)), {
    verdict: 'review',
    note: 'The benign public announcement cut at 60%: the package is damaged and must not pass.',
  });
  save('truncated-marked.ofd', notice.subarray(0, Math.floor(notice.length * 0.6)), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', page: 1, line: 2 }],
    note: 'The marked notice cut at 60%: the entries before the cut are recovered, the page with 机密★5年 among them; the damage is reported too.',
  });
  save('damaged-page-xml.ofd', ofd({ docs: [doc({ pages: [publicPage()] })], override: { 'Doc_0/Pages/Page_0/Content.xml': '<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="2"><ofd:TextObject ID="3" Boundary="27 30 100 6" Font="3" Size="4.2"><ofd:TextCode X="0" Y="4">关于港区航道疏浚工程' } }), {
    verdict: 'review',
    note: 'The page content XML stops in the middle of a text object: damaged, unread, never pass.',
  });
  save('missing-page.ofd', ofd({ docs: [doc({ pages: [publicPage(), publicPage()] })], override: { 'Doc_0/Pages/Page_1/Content.xml': undefined } }), {
    verdict: 'review',
    note: 'Document.xml lists two pages; the content of the second is not in the package.',
  });
  save('encrypted.ofd', ofd({ docs: [doc({ pages: [publicPage()] })], encrypted: true }), {
    verdict: 'review',
    note: 'The package carries Encryptions.xml (GM/T 0099): parts are ciphertext; unread, encrypted.',
  });
  save('unmapped-glyphs.ofd', ofd({ docs: [doc({ pages: [{ texts: [{ x: 27, y: 29, text: '机密★5年', glyphsOnly: true }, ...publicPage().texts] }] })] }), {
    verdict: 'review',
    note: 'A text object at the top left drawn from glyph ids only (CGTransform) with an empty TextCode: what it shows is unknown, text-loss.',
  });
  return c;
}

export function writeSamples(): void {
  const c = ofdSamples();
  const out = join(ROOT, 'ofd');
  mkdirSync(out, { recursive: true });
  for (const [name, bytes] of c.files) writeFileSync(join(out, name), bytes);
  writeFileSync(join(out, 'labels.json'), labelsJson(c));
}
