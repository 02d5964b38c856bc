/**
 * Writes the DOCX sample corpus to samples/docx/ (run `pnpm tsx samples/scripts/make-docx-samples.ts`).
 * Documents are built with the `docx` package; what it cannot express (DrawingML text boxes,
 * alternate chunks, a zip bomb, an encrypted container, truncation) is written as raw XML or bytes.
 * The generated files are committed; tests read only the committed files.
 */
import { createCanvas } from '@napi-rs/canvas';
import CFB from 'cfb';
import {
  AlignmentType,
  CommentRangeEnd,
  CommentRangeStart,
  CommentReference,
  DeletedTextRun,
  Document,
  Footer,
  FootnoteReferenceRun,
  Header,
  HeadingLevel,
  ImageRun,
  InsertedTextRun,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  Textbox,
  TextRun,
  WidthType,
} from 'docx';
import { EmbeddedFileRun } from 'docx/embedded-files';
import JSZip from 'jszip';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, crc32, createDeflateRaw } from 'node:zlib';

const OUT = join(import.meta.dirname, '../../../samples/docx');
const DATE = new Date('2024-05-08T09:00:00Z');
const FONT = '仿宋_GB2312';

type Label = { verdict: 'block' | 'review' | 'pass'; accept?: string[]; findings?: Array<Record<string, string | number>>; note: string };
const labels: Record<string, Label> = {};

function p(text: string, opts: { center?: boolean; bold?: boolean; heading?: boolean } = {}): Paragraph {
  return new Paragraph({
    alignment: opts.center ? AlignmentType.CENTER : undefined,
    heading: opts.heading ? HeadingLevel.HEADING_1 : undefined,
    children: [new TextRun({ text, bold: opts.bold, font: FONT, size: 32 })],
  });
}

const paras = (lines: string[]) => lines.map((l) => p(l));

async function save(name: string, doc: Document | Uint8Array, label: Label): Promise<Uint8Array> {
  const bytes = doc instanceof Uint8Array ? doc : new Uint8Array(await Packer.toBuffer(doc));
  writeFileSync(join(OUT, name), bytes);
  labels[name] = label;
  return bytes;
}

async function edit(bytes: Uint8Array, fn: (zip: JSZip) => Promise<void>): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(bytes);
  await fn(zip);
  return zip.generateAsync({ type: 'uint8array', compression: 'DEFLATE' });
}

async function replaceIn(zip: JSZip, path: string, from: string | RegExp, to: string): Promise<void> {
  const xml = await zip.file(path)!.async('string');
  const next = xml.replace(from, to);
  if (next === xml) throw new Error(`placeholder ${String(from)} not found in ${path}`);
  zip.file(path, next);
}

/** A paragraph whose only run holds `marker`, to be swapped for raw XML. */
const marker = (m: string) => new Paragraph({ children: [new TextRun(m)] });
const markerXml = (m: string) => new RegExp(`<w:p>(?:(?!<w:p>).)*?${m}.*?</w:p>`, 's');

function png(width: number, height: number, draw: (ctx: any) => void): Uint8Array {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#000000';
  draw(ctx);
  return new Uint8Array(canvas.toBuffer('image/png'));
}

const NOTICE_BODY = [
  '各区应急管理局，市防汛抗旱指挥部各成员单位：',
  '为切实做好今年主汛期防汛物资调拨工作，确保关键时刻调得出、运得到、用得上，现将有关事项通知如下。',
  '一、各单位要在5月20日前完成防汛物资清点，建立物资台账，做到账物相符。',
  '二、物资调拨实行统一指挥、分级负责，调拨指令由市防汛抗旱指挥部办公室统一下达。',
  '三、各单位要落实24小时值班制度，值班电话保持畅通，遇有紧急情况及时报告。',
  '特此通知。',
];

function noticeChildren(): Paragraph[] {
  return [
    p('000012'),
    // The marking in several runs, as Word writes it after formatting changes.
    new Paragraph({
      children: [
        new TextRun({ text: '机', font: '黑体', size: 32 }),
        new TextRun({ text: '密', font: '黑体', size: 32, bold: true }),
        new TextRun({ text: '★', font: '黑体', size: 32 }),
        new TextRun({ text: '5', font: 'Times New Roman', size: 32 }),
        new TextRun({ text: '年', font: '黑体', size: 32 }),
      ],
    }),
    p('特急'),
    p('某市应急管理局文件', { center: true, bold: true }),
    p('某应急发〔2024〕18号', { center: true }),
    p('关于做好主汛期防汛物资调拨工作的通知', { center: true, bold: true }),
    ...paras(NOTICE_BODY),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: '某市应急管理局', font: FONT, size: 32 })] }),
    new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun({ text: '2024年5月8日', font: FONT, size: 32 })] }),
    p('某市应急管理局办公室　　2024年5月8日印发'),
  ];
}

const pageFooter = () =>
  new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'] })] })] });

async function main(): Promise<void> {
  mkdirSync(OUT, { recursive: true });

  // 1. GB/T 9704 notice: 份号, 密级, 紧急程度 at the top of the body.
  const notice = await save(
    'notice-gbt9704-secret.docx',
    new Document({ creator: '市应急管理局办公室', title: '关于做好主汛期防汛物资调拨工作的通知', sections: [{ footers: { default: pageFooter() }, children: noticeChildren() }] }),
    {
      verdict: 'block',
      findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', paragraph: 2 }],
      note: 'GB/T 9704 layout: 份号 000012, then 机密★5年 split over five runs, then 特急, at the top of the body.',
    },
  );

  // 2. Marking only in the first-page header.
  await save(
    'header-marking.docx',
    new Document({
      creator: '综合处',
      sections: [
        {
          properties: { titlePage: true },
          headers: {
            first: new Header({ children: [p('秘密★3年')] }),
            default: new Header({ children: [p('2024年第二季度安全生产检查情况通报', { center: true })] }),
          },
          footers: { default: pageFooter() },
          children: [
            p('2024年第二季度安全生产检查情况通报', { center: true, bold: true }),
            ...paras([
              '根据年度安全生产工作安排，4月至6月，局安全生产检查组对辖区内32家重点企业开展了现场检查。',
              '检查共发现一般隐患57项，已整改51项，其余6项正在整改中，整改率89.5%。',
              '下一步，各单位要对照问题清单，逐项落实整改责任，确保7月底前全部整改到位。',
            ]),
          ],
        },
      ],
    }),
    { verdict: 'block', findings: [{ ruleId: 'marking.cn-state-secret', role: 'header' }], note: 'The marking stands only in the first-page header (word/header*.xml, type first).' },
  );

  // 3. Marking only in the footer.
  await save(
    'footer-marking.docx',
    new Document({
      sections: [
        {
          footers: { default: new Footer({ children: [p('绝密★长期')] }) },
          children: [
            p('关于边境地区通信保障演练的情况汇报', { center: true, bold: true }),
            ...paras(['5月下旬，我部会同通信管理部门在边境地区组织了一次通信保障演练。', '演练检验了应急通信车快速部署和卫星链路切换能力，达到了预期目的。']),
          ],
        },
      ],
    }),
    { verdict: 'block', findings: [{ ruleId: 'marking.cn-state-secret', role: 'footer' }], note: '绝密★长期 stands alone in the default footer.' },
  );

  // 4. Routing slip: the marking in a table cell.
  const cell = (text: string, span = 1) => new TableCell({ columnSpan: span, width: { size: 2000, type: WidthType.DXA }, children: [p(text)] });
  await save(
    'routing-slip-table.docx',
    new Document({
      sections: [
        {
          children: [
            p('文件传阅单', { center: true, bold: true }),
            new Table({
              rows: [
                new TableRow({ children: [cell('来文单位'), cell('省发展改革委'), cell('收文日期'), cell('2024年6月3日')] }),
                new TableRow({ children: [cell('文件标题'), cell('关于重大项目储备库调整的意见', 3)] }),
                new TableRow({ children: [cell('密级'), cell('机密★2025年12月31日'), cell('份数'), cell('1')] }),
                new TableRow({ children: [cell('传阅领导'), cell('王局长、李副局长、张副局长', 3)] }),
                new TableRow({ children: [cell('批示意见'), cell('', 3)] }),
              ],
            }),
            p('注：请于两日内阅毕退回办公室机要室。'),
          ],
        },
      ],
    }),
    { verdict: 'block', findings: [{ ruleId: 'marking.cn-state-secret', role: 'body' }], note: 'The marking is in row 3, column 2 of a 文件传阅单 table.' },
  );

  // 5a. DrawingML text box with its VML fallback (as Word writes it).
  const textBoxXml = (text: string) => `<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor distT="0" distB="0" distL="114300" distR="114300" simplePos="0" relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionH><wp:positionV relativeFrom="margin"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="1440000" cy="400000"/><wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/><wp:docPr id="10" name="文本框 10"/><wp:cNvGraphicFramePr/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="1440000" cy="400000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr><wps:txbx><w:txbxContent><w:p><w:r><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr><w:t>${text}</w:t></w:r></w:p></w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="文本框 10" o:spid="_x0000_s1026" type="#_x0000_t202" style="position:absolute;width:113.4pt;height:31.5pt"><v:textbox><w:txbxContent><w:p><w:r><w:rPr><w:rFonts w:eastAsia="黑体"/></w:rPr><w:t>${text}</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`;
  const tbDoc = await Packer.toBuffer(
    new Document({
      sections: [
        {
          children: [
            marker('TEXTBOX_PLACEHOLDER'),
            p('关于2024年度征兵体检工作安排的通知', { center: true, bold: true }),
            ...paras(['各乡镇人民政府、街道办事处：', '现将2024年度征兵体检工作安排通知如下，请认真组织实施。', '体检时间为8月5日至8月9日，地点为县人民医院体检中心。']),
          ],
        },
      ],
    }),
  );
  await save(
    'textbox-drawingml.docx',
    await edit(new Uint8Array(tbDoc), (z) => replaceIn(z, 'word/document.xml', markerXml('TEXTBOX_PLACEHOLDER'), textBoxXml('机密★1年'))),
    {
      verdict: 'block',
      findings: [{ ruleId: 'marking.cn-state-secret', role: 'text-box' }],
      note: 'The marking is in a DrawingML text box (wps:txbx) with a VML fallback repeating it; the body line stays free of it.',
    },
  );

  // 5b. VML text box as the docx package writes it.
  await save(
    'textbox-vml.docx',
    new Document({
      sections: [
        {
          children: [
            new Paragraph({ children: [new Textbox({ style: { width: '2in', height: '0.5in' }, children: [p('秘密★6个月')] })] }),
            p('市教育局关于2024年中考考务工作的通知', { center: true, bold: true }),
            ...paras(['各区教育局、各考点学校：', '2024年中考定于6月20日至22日举行，现就考务工作有关事项通知如下。']),
          ],
        },
      ],
    }),
    { verdict: 'block', findings: [{ ruleId: 'marking.cn-state-secret', role: 'text-box' }], note: '秘密★6个月 in a VML text box anchored in the first paragraph.' },
  );

  // 6. Tracked deletion.
  await save(
    'tracked-deletion.docx',
    new Document({
      features: { trackRevisions: true },
      sections: [
        {
          children: [
            new Paragraph({ children: [new DeletedTextRun({ id: 1, author: '刘明', date: '2024-05-06T10:00:00Z', text: '机密★5年' })] }),
            new Paragraph({ children: [new InsertedTextRun({ id: 2, author: '刘明', date: '2024-05-06T10:01:00Z', text: '关于调整城区公交线路的公告' })] }),
            ...paras(['为方便市民出行，经研究决定，自2024年6月1日起对城区部分公交线路进行调整。', '具体调整方案见附件。']),
          ],
        },
      ],
    }),
    {
      verdict: 'block',
      accept: ['review'],
      findings: [{ ruleId: 'marking.cn-state-secret', role: 'deleted' }],
      note: 'The marking survives only as a tracked deletion (w:delText): invisible in the final view but still in the file.',
    },
  );

  // 7. Comment.
  await save(
    'comment-marking.docx',
    new Document({
      comments: { children: [{ id: 0, author: '王秘书', initials: 'WM', date: DATE, children: [p("机密★5年"), p("请按此密级重新排版后再送签。")] }],
      },
      sections: [
        {
          children: [
            new Paragraph({ children: [new CommentRangeStart(0), new TextRun({ text: '关于重点项目用地预审情况的报告', bold: true }), new CommentRangeEnd(0), new TextRun({ children: [new CommentReference(0)] })] }),
            ...paras(['市政府：', '今年以来，我局共受理重点项目用地预审申请41件，已办结38件。', '现将有关情况报告如下。']),
          ],
        },
      ],
    }),
    { verdict: 'block', accept: ['review'], findings: [{ ruleId: 'marking.cn-state-secret', role: 'comment' }], note: 'A reviewer wrote the marking in a comment on the title.' },
  );

  // 8. Hidden text.
  await save(
    'hidden-text.docx',
    new Document({
      sections: [
        {
          children: [
            new Paragraph({ children: [new TextRun({ text: '绝密★30年', vanish: true })] }),
            new Paragraph({
              children: [new TextRun({ text: '关于' }), new TextRun({ text: '（草稿）', vanish: true }), new TextRun({ text: '开展夏季消防安全检查的通知' })],
            }),
            ...paras(['各有关单位：', '为预防和减少夏季火灾事故，决定于6月开展消防安全检查。']),
          ],
        },
      ],
    }),
    {
      verdict: 'block',
      accept: ['review'],
      findings: [{ ruleId: 'marking.cn-state-secret', role: 'hidden' }],
      note: 'The marking is a run formatted hidden (w:vanish): not shown, but in the file.',
    },
  );

  // 9. Properties.
  await save(
    'properties-marking.docx',
    new Document({
      title: '机密★5年',
      subject: '干部调整方案',
      keywords: '机密★5年；人事；干部调整',
      creator: '组织部干部一科',
      lastModifiedBy: '组织部干部一科',
      description: '内部讨论稿',
      customProperties: [
        { name: '密级', value: '机密★5年' },
        { name: '承办单位', value: '干部一科' },
      ],
      sections: [{ children: [p('2024年度干部教育培训计划', { center: true, bold: true }), ...paras(['为加强干部队伍建设，制定本年度培训计划。', '全年计划举办培训班12期，培训干部800人次。'])] }],
    }),
    {
      verdict: 'block',
      accept: ['review'],
      findings: [{ ruleId: 'marking.cn-state-secret', role: 'properties' }],
      note: 'The body is harmless; the marking is in the title, keywords and a custom property 密级.',
    },
  );

  // 10. Picture description.
  const chart = png(480, 300, (ctx) => {
    ctx.fillStyle = '#3366aa';
    [120, 200, 160, 240, 90].forEach((h, i) => ctx.fillRect(40 + i * 85, 280 - h, 50, h));
  });
  await save(
    'alt-text-marking.docx',
    new Document({
      sections: [
        {
          children: [
            p('某型装备试验数据汇总', { center: true, bold: true }),
            new Paragraph({
              children: [new ImageRun({ type: 'png', data: chart, transformation: { width: 480, height: 300 }, altText: { name: '图1', title: '试验数据', description: '机密★10年 某型装备试验数据柱状图' } })],
            }),
            p('图1 各批次试验数据对比'),
          ],
        },
      ],
    }),
    {
      verdict: 'block',
      accept: ['review'],
      findings: [{ ruleId: 'marking.cn-state-secret', role: 'alt-text' }],
      note: 'The marking is in the picture description (wp:docPr descr); the picture itself is a chart without text.',
    },
  );

  // 11. A DOCX inside a DOCX.
  const icon = png(64, 64, (ctx) => {
    ctx.fillStyle = '#2b579a';
    ctx.fillRect(8, 4, 48, 56);
  });
  await save(
    'nested-docx.docx',
    new Document({
      sections: [
        {
          children: [
            p('转发《关于做好主汛期防汛物资调拨工作的通知》的通知', { center: true, bold: true }),
            ...paras(['各科室：', '现将市应急管理局通知转发给你们，请认真贯彻落实。', '附件：']),
            new Paragraph({ children: [new EmbeddedFileRun({ fileName: '防汛物资调拨通知.docx', data: notice, preview: { type: 'png', data: icon }, transformation: { width: 64, height: 64 }, displayAsIcon: true })] }),
          ],
        },
      ],
    }),
    { verdict: 'block', accept: ['review'], findings: [{ ruleId: 'marking.cn-state-secret', role: 'body' }], note: 'The outer document is harmless; the embedded notice (word/embeddings/*.docx) carries 机密★5年.' },
  );

  // 12. A picture of a marked page: needs OCR.
  const scan = png(1240, 900, (ctx) => {
    ctx.font = '40px "Noto Serif CJK SC"';
    ctx.fillText('000012', 100, 110);
    ctx.fillText('机密★5年', 100, 170);
    ctx.fillText('特急', 100, 230);
    ctx.font = 'bold 56px "Noto Serif CJK SC"';
    ctx.fillStyle = '#cc0000';
    ctx.fillText('某市应急管理局文件', 360, 340);
    ctx.fillStyle = '#000000';
    ctx.font = '40px "Noto Serif CJK SC"';
    ctx.fillText('关于做好主汛期防汛物资调拨工作的通知', 240, 480);
    ctx.fillText('各区应急管理局：', 100, 580);
    ctx.fillText('为切实做好今年主汛期防汛物资调拨工作，现将有关事项通知如下。', 100, 650);
  });
  await save(
    'picture-marking.docx',
    new Document({
      sections: [
        {
          children: [
            p('扫描件', { center: true }),
            new Paragraph({ children: [new ImageRun({ type: 'png', data: scan, transformation: { width: 620, height: 450 } })] }),
          ],
        },
      ],
    }),
    {
      verdict: 'review',
      accept: ['block'],
      note: 'The only text is in a scanned picture (word/media/*.png) showing 机密★5年. With OCR it should block; without OCR the picture is unread, so review.',
    },
  );

  // 13. An alternate chunk of HTML carrying the marking.
  const acBase = await Packer.toBuffer(new Document({ sections: [{ children: [p('会议材料汇编'), marker('ALTCHUNK_PLACEHOLDER'), p('（以上材料由办公室汇编）')] }] }));
  await save(
    'altchunk-html.docx',
    await edit(new Uint8Array(acBase), async (z) => {
      z.file(
        'word/afchunk1.htm',
        '<html><head><meta charset="utf-8"><title>材料一</title><style>p{font-size:16pt}</style></head><body><p>机密★3年</p><p>关于全市重点目标防护工作的汇报</p><p>今年重点目标防护工作总体平稳。</p></body></html>',
      );
      await replaceIn(z, 'word/document.xml', markerXml('ALTCHUNK_PLACEHOLDER'), '<w:altChunk r:id="rIdAltChunk1"/>');
      await replaceIn(z, 'word/_rels/document.xml.rels', '</Relationships>', '<Relationship Id="rIdAltChunk1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="afchunk1.htm"/></Relationships>');
      await replaceIn(z, '[Content_Types].xml', '</Types>', '<Default Extension="htm" ContentType="application/xhtml+xml"/></Types>');
    }),
    { verdict: 'block', findings: [{ ruleId: 'marking.cn-state-secret', role: 'body' }], note: 'An HTML alternate chunk (w:altChunk → word/afchunk1.htm) merged into the body carries the marking.' },
  );

  // Benign documents about secrecy: they must pass.
  const benign: Array<[string, string, string[], string]> = [
    [
      'benign-regulation.docx',
      '某市国家秘密载体管理规定',
      [
        '第一条　为加强国家秘密载体管理，根据《中华人民共和国保守国家秘密法》，制定本规定。',
        '第二条　国家秘密载体按照绝密、机密、秘密三个密级进行标识和管理。',
        '第三条　绝密级国家秘密载体应当在符合国家保密标准的设施、设备中保存，并指定专人管理。',
        '第四条　机密级以上文件应当编排序列号，复制机密级以上文件须经发文机关批准。',
        '第五条　销毁国家秘密载体应当履行清点、登记、审批手续，送交指定的销毁机构。',
        '第六条　本规定自发布之日起施行。',
      ],
      'A published regulation: 绝密/机密/秘密 only inside running sentences.',
    ],
    [
      'benign-news-publicity-month.docx',
      '我市启动2024年保密宣传月活动',
      [
        '5月6日，我市2024年保密宣传月活动在市民广场启动。',
        '活动以“保守国家秘密，维护国家安全”为主题，通过展板、答题和情景剧等形式普及保密知识。',
        '市保密局负责同志介绍，今年将重点开展涉密人员培训和保密技术检查，提高全社会保密意识。',
        '现场还展示了失泄密典型案例，提醒市民不在微信群中传播机密文件。',
      ],
      'News about a publicity month: mentions 机密 in a sentence.',
    ],
    [
      'benign-it-confidentiality.docx',
      '信息安全的三要素：机密性、完整性与可用性',
      [
        '信息安全通常用机密性、完整性和可用性三个属性来衡量。',
        '数据的机密性是指信息不被未授权的个人或进程获取，常用加密和访问控制来保障。',
        '完整性保证数据在存储和传输过程中不被篡改，可用性保证授权用户能及时访问信息。',
        '企业还应制定商业机密保护制度，防止客户资料和源代码外泄。',
      ],
      'A technical article on 机密性 and 商业机密.',
    ],
    [
      'benign-public-notice.docx',
      '某市人民政府办公室关于印发城市更新行动实施方案的通知',
      [
        '某政办发〔2024〕12号',
        '各区人民政府，市政府各部门：',
        '《某市城市更新行动实施方案》已经市政府同意，现印发给你们，请认真贯彻执行。',
        '某市人民政府办公室',
        '2024年4月26日',
        '（此件公开发布）',
      ],
      'A public notice: a 发文字号 and （此件公开发布）, no marking.',
    ],
    [
      'benign-meeting-minutes.docx',
      '2024年第一次保密工作会议纪要',
      [
        '时间：2024年3月15日上午9:00',
        '地点：机关三楼会议室',
        '主持：办公室主任',
        '会议传达了上级关于加强保密工作的要求，强调绝密文件严禁翻印，机密级文件传阅须登记。',
        '会议要求各科室清查存档文件，确认密级标注是否规范，并于月底前完成涉密计算机检查。',
        '会议还安排了下半年保密教育培训。',
      ],
      'Minutes of a secrecy-work meeting: 绝密/机密 in sentences.',
    ],
    [
      'benign-annual-summary.docx',
      '2024年上半年工会工作总结',
      [
        '上半年，机关工会围绕中心工作，组织开展了读书月、健步走和职工运动会等活动。',
        '读书月共推荐图书30种，其中《秘密花园》等绘本受到青年职工子女的欢迎。',
        '工会还邀请律师为职工讲解劳动合同中商业秘密条款的注意事项。',
        '下半年将继续做好困难职工帮扶和职工疗休养工作。',
      ],
      'An annual summary mentioning 《秘密花园》 and 商业秘密.',
    ],
  ];
  for (const [name, title, lines, note] of benign) {
    await save(
      name,
      new Document({
        creator: '办公室',
        title,
        footnotes: { 1: { children: [p('本文根据会议记录和公开资料整理。')] } },
        sections: [
          {
            headers: { default: new Header({ children: [p(title, { center: true })] }) },
            footers: { default: pageFooter() },
            children: [
              new Paragraph({ alignment: AlignmentType.CENTER, heading: HeadingLevel.HEADING_1, children: [new TextRun({ text: title, bold: true }), new FootnoteReferenceRun(1)] }),
              ...paras(lines),
            ],
          },
        ],
      }),
      { verdict: 'pass', note },
    );
  }

  // Unreadable files: they must not pass.
  const benignBytes = new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: paras(NOTICE_BODY.concat(NOTICE_BODY, NOTICE_BODY)) }] })));
  await save('truncated.docx', benignBytes.subarray(0, Math.floor(benignBytes.length * 0.55)), {
    verdict: 'review',
    note: 'A harmless notice cut at 55% of its bytes: no central directory, so most of the package is unread.',
  });
  await save('zip-bomb.docx', await zipBomb(), {
    verdict: 'review',
    note: 'About 1 MB that inflates to 1.1 GB of zeros in word/document.xml: stopped at a limit, unread.',
  });
  await save('encrypted.docx', encryptedContainer(), {
    verdict: 'review',
    note: 'A password-protected Office file (OLE container with EncryptionInfo and EncryptedPackage): unread, encrypted.',
  });

  writeFileSync(join(OUT, 'labels.json'), JSON.stringify({ version: 1, files: labels }, null, 2) + '\n');
  console.log(`wrote ${Object.keys(labels).length} samples to ${OUT}`);
}

/** A minimal package whose main document is 1.1 GB of zeros, deflated at the highest ratio. */
async function zipBomb(): Promise<Uint8Array> {
  const total = 1100 * 1024 * 1024;
  const chunk = new Uint8Array(1024 * 1024);
  const deflater = createDeflateRaw({ level: constants.Z_BEST_COMPRESSION, memLevel: 9 });
  const out: Buffer[] = [];
  deflater.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((r) => deflater.on('end', r));
  let crc = 0;
  for (let n = 0; n < total; n += chunk.length) {
    crc = crc32(chunk, crc);
    if (!deflater.write(chunk)) await new Promise((r) => deflater.once('drain', r));
  }
  deflater.end();
  await done;
  const bomb = Buffer.concat(out);
  const types = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  const entries = [
    { name: '[Content_Types].xml', data: types, method: 0, crc: crc32(types), size: types.length },
    { name: 'word/document.xml', data: bomb, method: 8, crc, size: total },
  ];
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0), h.writeUInt16LE(20, 4), h.writeUInt16LE(e.method, 8);
    h.writeUInt32LE(e.crc >>> 0, 14), h.writeUInt32LE(e.data.length, 18), h.writeUInt32LE(e.size, 22), h.writeUInt16LE(name.length, 26);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0), c.writeUInt16LE(20, 4), c.writeUInt16LE(20, 6), c.writeUInt16LE(e.method, 10);
    c.writeUInt32LE(e.crc >>> 0, 16), c.writeUInt32LE(e.data.length, 20), c.writeUInt32LE(e.size, 24), c.writeUInt16LE(name.length, 28), c.writeUInt32LE(offset, 42);
    locals.push(h, name, e.data);
    centrals.push(c, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0), end.writeUInt16LE(entries.length, 8), end.writeUInt16LE(entries.length, 10), end.writeUInt32LE(cd.length, 12), end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, cd, end]));
}

/** An agile-encrypted Office container: the header is real in form, the payload deterministic noise. */
function encryptedContainer(): Uint8Array {
  const cfb = CFB.utils.cfb_new();
  const xml =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption" xmlns:p="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="c2FsdHNhbHRzYWx0c2FsdA=="/><keyEncryptors><keyEncryptor uri="http://schemas.microsoft.com/office/2006/keyEncryptor/password"><p:encryptedKey spinCount="100000" saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="c2FsdHNhbHRzYWx0c2FsdA=="/></keyEncryptor></keyEncryptors></encryption>';
  const info = Buffer.concat([Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), Buffer.from(xml)]);
  let seed = 20240508;
  const payload = Buffer.alloc(8 + 12288);
  payload.writeUInt32LE(12000, 0);
  for (let i = 8; i < payload.length; i++) payload[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  CFB.utils.cfb_add(cfb, '/EncryptionInfo', info);
  CFB.utils.cfb_add(cfb, '/EncryptedPackage', payload);
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

await main();
