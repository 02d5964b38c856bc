/**
 * Writes the XLSX, PPTX and ZIP sample corpora to samples/xlsx/, samples/pptx/ and samples/zip/ with their labels
 * (run `pnpm tsx samples/scripts/make-office-samples.ts`). Packages are written from code by
 * ooxml-writer.ts; no office suite is needed. Names, units and numbers are invented. The one
 * picture is the corpus's own samples/images/notice-marked-300dpi.png.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { encryptedOffice, oleObject, pptx, xlsx, type Cell, type SheetSpec } from './ooxml-writer.ts';
import { xlsb } from './xlsb-writer.ts';

const ROOT = join(import.meta.dirname, '../../../samples');
type Label = { verdict: 'block' | 'review' | 'pass'; accept?: string[]; findings?: Array<Record<string, string | number>>; note: string };
const PICTURE = new Uint8Array(readFileSync(join(ROOT, 'images/notice-marked-300dpi.png')));

/** A roster of invented people (no identity numbers: a published list of who attends). */
const ROSTER: Cell[][] = [
  ['序号', '姓名', '单位', '职务', '联系电话'],
  [1, '王建国', '江临市发展和改革委员会', '科长', '0571-8800 1234'],
  [2, '李晓梅', '江临市财政局', '副科长', '0571-8800 2345'],
  [3, '陈志远', '江临市交通运输局', '主任科员', '0571-8800 3456'],
  [4, '赵丽华', '江临市生态环境局', '科员', '0571-8800 4567'],
];
const TITLE: Cell[] = ['江临市2024年度统计业务培训班参训人员名单'];
const BENIGN_SHEET: SheetSpec = { name: '参训名单', rows: [TITLE, [], ...ROSTER] };

/** One generated corpus: file name → bytes, and the labels.json text. */
export interface Corpus {
  files: Map<string, Uint8Array>;
  labels: Record<string, Label>;
}

function corpus(into: Corpus): { save: (name: string, bytes: Uint8Array, label: Label) => Uint8Array } {
  return {
    save(name, bytes, label) {
      into.files.set(name, bytes);
      into.labels[name] = label;
      return bytes;
    },
  };
}

/** labels.json as written. */
export function labelsJson(c: Corpus): string {
  return JSON.stringify({ version: 1, files: c.labels }, null, 2) + '\n';
}

/** A package whose entry `name` has its deflate data damaged (bytes in the middle flipped), CRC left as written. */
function damageEntry(zip: Uint8Array, name: string): Uint8Array {
  const out = zip.slice();
  const needle = Buffer.from(name);
  const at = Buffer.from(out).indexOf(needle);
  if (at < 30) throw new Error(`entry ${name} not found`);
  const header = at - 30;
  const compSize = out[header + 18] | (out[header + 19] << 8) | (out[header + 20] << 16) | (out[header + 21] << 24);
  const nameLen = out[header + 26] | (out[header + 27] << 8);
  const extraLen = out[header + 28] | (out[header + 29] << 8);
  const data = header + 30 + nameLen + extraLen;
  for (let i = data + Math.floor(compSize / 3); i < data + Math.floor((2 * compSize) / 3); i++) out[i] ^= 0x5a;
  return out;
}

export function xlsxSamples(): Corpus {
  const c: Corpus = { files: new Map(), labels: {} };
  const { save } = corpus(c);
  const marked = (extra: Partial<SheetSpec>, sheets: SheetSpec[] = []) => xlsx({ sheets: [{ ...BENIGN_SHEET, ...extra }, ...sheets] });
  save('label-value-cells.xlsx', xlsx({ sheets: [{ name: '名册', rows: [['密级', '机密'], ['保密期限', '5年'], [], ['江临港区规划调整征求意见人员名单'], ...ROSTER] }] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', line: 1 }],
    note: 'A roster whose first row is 密级 | 机密 in two adjacent cells (A1, B1): the row is one line, so the level is seen as the value of its label.',
  });
  save('marking-cell-top.xlsx', xlsx({ sheets: [{ name: 'Sheet1', rows: [['机密★5年'], ['江临市重点项目资金安排表'], ['项目', '金额（万元）'], ['港区航道疏浚', 3200], ['城北污水处理厂', 1850]] }] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', line: 1 }],
    note: '机密★5年 alone in A1 above a funding table.',
  });
  save('hidden-sheet.xlsx', marked({}, [{ name: '原始数据', state: 'hidden', rows: [['绝密★长期'], ['港区规划调整原始测算数据']] }]), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'hidden' }],
    note: 'A benign visible roster; a hidden second sheet carries 绝密★长期.',
  });
  save('very-hidden-sheet.xlsx', marked({}, [{ name: 'cfg', state: 'veryHidden', rows: [['秘密★1年'], ['内部测算口径说明']] }]), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'hidden' }],
    note: 'A very hidden sheet (visible only through the VBA editor) carries 秘密★1年.',
  });
  save('comment-marking.xlsx', marked({ comments: [{ ref: 'C5', author: '办公室', text: '机密★5年' }] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'comment' }],
    note: 'A cell comment (note) holds 机密★5年 alone.',
  });
  save('threaded-comment-marking.xlsx', marked({ threaded: [{ ref: 'B3', text: '秘密★6个月' }] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'comment' }],
    note: 'A threaded comment (modern Excel comment) holds 秘密★6个月.',
  });
  save('header-marking.xlsx', marked({ header: '&L&"仿宋,Bold"机密★10年&C&P' }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'header' }],
    note: 'The page header (printed only) carries 机密★10年 in its left section; the sheet itself is benign.',
  });
  save('footer-marking.xlsx', marked({ footer: '&C秘密★3年' }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'footer' }],
    note: 'The page footer carries 秘密★3年.',
  });
  save('formula-cached-marking.xlsx', xlsx({ sheets: [{ name: 'Sheet1', rows: [[{ formula: '"机密"&"★"&"5年"', cached: '机密★5年' }], ['江临市重点项目资金安排表'], ['项目', '金额（万元）'], ['港区航道疏浚', 3200]] }] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', line: 1 }],
    note: 'A1 is a formula whose cached result is 机密★5年: the shown value is read, not only the formula.',
  });
  save('inline-string-marking.xlsx', xlsx({ sheets: [{ name: 'Sheet1', rows: [[{ inline: '秘密★2年' }], [{ inline: '江临市应急物资储备点位表' }], ['点位', '物资'], ['城东仓库', '帐篷 200 顶']] }] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', line: 1 }],
    note: 'Cells written as inline strings (not shared strings), the first one 秘密★2年.',
  });
  save('sheet-name-marking.xlsx', xlsx({ sheets: [{ name: '机密★5年', rows: [['江临市重点项目资金安排表'], ['项目', '金额（万元）'], ['港区航道疏浚', 3200]] }] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'sheet-name' }],
    note: 'The sheet tab is named 机密★5年.',
  });
  save('defined-name-marking.xlsx', xlsx({ sheets: [BENIGN_SHEET], definedNames: [{ name: '密级', value: '"机密★5年"' }] }), {
    verdict: 'block',
    accept: ['review'],
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'metadata' }],
    note: 'A defined name 密级 whose value is the constant "机密★5年".',
  });
  save('validation-prompt-marking.xlsx', marked({ validation: { sqref: 'F3:F7', prompt: '本表密级：机密★5年', list: ['已报到', '未报到'] } }), {
    verdict: 'block',
    accept: ['review'],
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'form-field' }],
    note: 'The input prompt of a data validation says 本表密级：机密★5年.',
  });
  save('textbox-marking.xlsx', marked({ textBox: '机密★5年' }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'text-box' }],
    note: 'A text box drawn over the sheet holds 机密★5年.',
  });
  save('properties-marking.xlsx', xlsx({ sheets: [BENIGN_SHEET], props: { title: '机密★5年 港区规划调整测算' } }), {
    verdict: 'block',
    accept: ['review'],
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'properties' }],
    note: 'The document title property (docProps/core.xml) begins with 机密★5年.',
  });
  save('picture-marking.xlsx', marked({ picture: { png: PICTURE } }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'ocr' }],
    note: 'A scanned notice marked 机密★5年 pasted as a picture on a benign sheet: read by OCR.',
  });
  save('embedded-object.xlsx', marked({ oleObject: oleObject() }), {
    verdict: 'review',
    note: 'An embedded OLE object prepub cannot read: unread (embedded-object), so never pass.',
  });
  save('benign-roster.xlsx', xlsx({ sheets: [BENIGN_SHEET], props: { title: '参训人员名单' } }), {
    verdict: 'pass',
    note: 'A published list of training participants: names, units, office telephone numbers.',
  });
  save('benign-publicity-plan.xlsx', xlsx({
    sheets: [{
      name: '活动安排',
      rows: [
        ['2024年保密宣传月活动安排表'],
        ['日期', '活动', '说明'],
        ['5月8日', '保密法知识讲座', '讲解绝密、机密、秘密三个密级的划分和保密期限的确定'],
        ['5月15日', '涉密载体管理培训', '涉密文件应当标明密级和保密期限，如“机密★5年”的标注位置'],
        ['5月22日', '保密知识竞赛', '题目涵盖定密、解密和数据的机密性保护'],
      ],
      comments: [{ ref: 'C4', author: '宣传科', text: '示例写法仅供培训参考' }],
    }],
    props: { title: '保密宣传月活动安排' },
  }), {
    verdict: 'pass',
    note: 'A publicity plan that talks about 绝密/机密/秘密 and quotes a marking as an example in prose: not a marked document.',
  });
  const good = xlsx({ sheets: [BENIGN_SHEET] });
  save('truncated.xlsx', good.subarray(0, Math.floor(good.length * 0.6)), { verdict: 'review', note: 'The benign roster cut at 60%: corrupt, unread, never pass.' });
  save('corrupt-sheet.xlsx', damageEntry(xlsx({ sheets: [{ ...BENIGN_SHEET, rows: [...BENIGN_SHEET.rows, ...ROSTER.slice(1), ...ROSTER.slice(1)] }] }), 'xl/worksheets/sheet1.xml'), {
    verdict: 'review',
    note: 'The worksheet entry has damaged deflate data: unread (corrupt), never pass.',
  });
  save('encrypted.xlsx', encryptedOffice(), { verdict: 'review', note: 'A password-protected workbook (OLE container with EncryptionInfo and EncryptedPackage): unread, encrypted.' });
  // Excel binary workbooks (.xlsb): the same sheets as BIFF12 records (xlsb-writer.ts).
  const rows = (sheet: SheetSpec) => sheet.rows.map((r) => r.map((v) => (typeof v === 'string' || typeof v === 'number' ? v : null)));
  save('marking-cell-top.xlsb', xlsb({ sheets: [{ name: '清单', rows: [['机密★5年'], ['江临市防汛物资储备清单'], ['物资', '数量', '存放地点'], ['编织袋', 12000, '城东仓库'], ['冲锋舟', 6, '江堤管理站']] }] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', line: 1 }],
    note: 'An Excel binary workbook (.xlsb) with 机密★5年 alone in A1 above a 防汛物资 table: its BIFF12 records are read as an XLSX\'s cells are.',
  });
  save('benign-roster.xlsb', xlsb({ sheets: [{ name: BENIGN_SHEET.name, rows: rows(BENIGN_SHEET) }] }), {
    verdict: 'pass',
    note: 'The published list of training participants as an Excel binary workbook (.xlsb): every record read, nothing unread.',
  });
  return c;
}

export function pptxSamples(): Corpus {
  const c: Corpus = { files: new Map(), labels: {} };
  const { save } = corpus(c);
  const title = { text: ['江临市2024年统计工作会议'] };
  const agenda = { text: ['一、2023年工作回顾', '二、2024年重点任务', '三、统计执法检查安排'] };
  const benign = [{ shapes: [title, agenda] }, { shapes: [{ text: ['谢谢'] }] }];
  save('slide-marking.pptx', pptx({ slides: [{ shapes: [{ text: ['机密★5年'] }, { text: ['江临港区规划调整方案汇报'] }] }, ...benign] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', page: 1, line: 1 }],
    note: 'The first slide carries 机密★5年 alone above the title.',
  });
  save('hidden-slide.pptx', pptx({ slides: [...benign, { hidden: true, shapes: [{ text: ['绝密★长期'] }, { text: ['港区规划调整原始测算'] }] }] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'hidden', page: 3 }],
    note: 'Slide 3 is hidden (show="0") and carries 绝密★长期.',
  });
  save('notes-marking.pptx', pptx({ slides: [{ shapes: [title, agenda], notes: '秘密★1年' }, benign[1]] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'notes', page: 1 }],
    note: 'The speaker notes of slide 1 hold 秘密★1年.',
  });
  save('comment-marking.pptx', pptx({ slides: [{ shapes: [title, agenda], comments: ['机密★5年'] }, benign[1]] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'comment' }],
    note: 'A review comment on slide 1 holds 机密★5年.',
  });
  save('master-marking.pptx', pptx({ slides: benign, masterText: '机密★5年' }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'master' }],
    note: 'The slide master footer, drawn on every slide, says 机密★5年.',
  });
  save('table-label-value.pptx', pptx({ slides: [{ shapes: [{ table: [['密级', '秘密'], ['项目名称', '港区规划调整'], ['汇报单位', '江临市发展和改革委员会']] }, title] }, benign[1]] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', page: 1 }],
    note: 'A routing table on slide 1 whose first row is 密级 | 秘密.',
  });
  save('group-shape-marking.pptx', pptx({ slides: [{ shapes: [{ group: [{ text: ['江临港区规划调整方案'] }, { group: [{ text: ['机密★5年'] }] }] }, agenda] }, benign[1]] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', page: 1 }],
    note: 'The marking sits in a shape inside a group inside a group.',
  });
  save('hidden-shape-marking.pptx', pptx({ slides: [{ shapes: [title, agenda, { text: ['机密★5年'], hidden: true }] }, benign[1]] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'hidden', page: 1 }],
    note: 'A shape hidden in the selection pane holds 机密★5年.',
  });
  save('alt-text-marking.pptx', pptx({ slides: [{ shapes: [title, { picture: new Uint8Array(readFileSync(join(ROOT, 'images/photo-no-text.jpg'))), descr: '机密★5年 港区规划图' }] }, benign[1]] }), {
    verdict: 'block',
    accept: ['review'],
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'alt-text' }],
    note: 'The description (alt text) of a photo without text begins with 机密★5年.',
  });
  save('picture-marking.pptx', pptx({ slides: [{ shapes: [title, { picture: PICTURE }] }, benign[1]] }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'ocr', page: 1 }],
    note: 'A scanned notice marked 机密★5年 placed on slide 1: read by OCR.',
  });
  save('properties-marking.pptx', pptx({ slides: benign, props: { title: '机密★5年 统计工作会议材料' } }), {
    verdict: 'block',
    accept: ['review'],
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'properties' }],
    note: 'The title property begins with 机密★5年.',
  });
  save('embedded-object.pptx', pptx({ slides: [{ ...benign[0], oleObject: oleObject() }, benign[1]] }), {
    verdict: 'review',
    note: 'An embedded OLE object prepub cannot read: unread (embedded-object), never pass.',
  });
  save('benign-briefing.pptx', pptx({ slides: benign, props: { title: '统计工作会议' } }), { verdict: 'pass', note: 'An ordinary meeting deck.' });
  save('benign-publicity.pptx', pptx({
    slides: [
      { shapes: [{ text: ['保密宣传月专题培训'] }, { text: ['主讲：江临市国家保密局'] }] },
      { shapes: [{ text: ['国家秘密的密级分为绝密、机密、秘密三级'] }, { table: [['密级', '最长保密期限'], ['绝密', '30年'], ['机密', '20年'], ['秘密', '10年']] }], notes: '讲解保密法第十三条，强调数据的机密性' },
    ],
  }), {
    verdict: 'pass',
    note: 'A training deck on the secrecy law with a table of levels and their longest periods: talks about secrecy, is not marked.',
  });
  const good = pptx({ slides: benign });
  save('truncated.pptx', good.subarray(0, Math.floor(good.length * 0.6)), { verdict: 'review', note: 'The benign deck cut at 60%: corrupt, unread, never pass.' });
  save('encrypted.pptx', encryptedOffice(20240509), { verdict: 'review', note: 'A password-protected presentation (OLE container with EncryptionInfo): unread, encrypted.' });
  return c;
}

function archive(files: Record<string, Uint8Array | string>): Uint8Array {
  const z: Record<string, [Uint8Array, { mtime: Date; level: 6 }]> = {};
  for (const [n, d] of Object.entries(files)) z[n] = [typeof d === 'string' ? strToU8(d) : d, { mtime: new Date('2024-05-08T00:00:00Z'), level: 6 }];
  return zipSync(z as never);
}

const NOTICE = '000012\n机密★5年\n特急\n关于做好港区规划调整保密工作的通知\n各有关单位：\n现将港区规划调整有关事项通知如下。\n';
const PUBLIC = '江临市统计局关于开展2024年统计业务培训的通知\n各区县统计局：\n定于5月开展统计业务培训，请按时参加。\n';

export function zipSamples(): Corpus {
  const c: Corpus = { files: new Map(), labels: {} };
  const { save } = corpus(c);
  save('marked-notice-inside.zip', archive({ '材料/培训通知.txt': PUBLIC, '材料/工作通知.txt': NOTICE }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', line: 2 }],
    note: 'An archive of two notices; the second is marked 机密★5年 under its 份号.',
  });
  save('nested-workbook.zip', archive({ '附件/附件.zip': archive({ '名册.xlsx': xlsx({ sheets: [{ name: '名册', rows: [['密级', '机密'], ...ROSTER] }] }) }) }), {
    verdict: 'block',
    findings: [{ ruleId: 'marking.cn-state-secret', role: 'body' }],
    note: 'A workbook with 密级 | 机密 in its first row, inside an archive inside the archive.',
  });
  save('benign-bundle.zip', archive({ '材料/': new Uint8Array(0), '材料/培训通知.txt': PUBLIC, '材料/参训名单.xlsx': xlsx({ sheets: [BENIGN_SHEET] }), '材料/会议.pptx': pptx({ slides: [{ shapes: [{ text: ['江临市2024年统计工作会议'] }] }] }) }), {
    verdict: 'pass',
    note: 'A training notice, a participant list and a meeting deck: all read, nothing marked.',
  });
  const enc = archive({ '工作通知.txt': NOTICE });
  for (let i = 0; i + 4 <= enc.length; i++) {
    const sig = enc[i] | (enc[i + 1] << 8) | (enc[i + 2] << 16) | (enc[i + 3] << 24);
    if (sig === 0x04034b50) enc[i + 6] |= 1;
    else if (sig === 0x02014b50) enc[i + 8] |= 1;
  }
  save('encrypted-entry.zip', enc, { verdict: 'review', note: 'The entry is flagged encrypted (password-protected archive): unread, encrypted, never pass.' });
  const good = archive({ '培训通知.txt': PUBLIC, '参训名单.xlsx': xlsx({ sheets: [BENIGN_SHEET] }) });
  save('truncated.zip', good.subarray(0, Math.floor(good.length * 0.6)), { verdict: 'review', note: 'A benign archive cut at 60%: corrupt, never pass.' });
  return c;
}

/** Writes the corpora under samples/. */
export function writeSamples(): void {
  for (const [dir, c] of [['xlsx', xlsxSamples()], ['pptx', pptxSamples()], ['zip', zipSamples()]] as const) {
    const out = join(ROOT, dir);
    mkdirSync(out, { recursive: true });
    for (const [name, bytes] of c.files) writeFileSync(join(out, name), bytes);
    writeFileSync(join(out, 'labels.json'), labelsJson(c));
  }
}
