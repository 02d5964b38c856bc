/**
 * Makes the PDF samples in samples/pdf/ and their labels.
 *
 * Sources are flat ODT documents written by this script into samples/pdf/src/ (committed), turned
 * into PDF by LibreOffice; pdf-lib then adds what office suites do not write (sticky notes, form
 * field values, attachments, invisible and layered text, a non-embedded CJK font); qpdf encrypts.
 *
 * Needs (only to regenerate, never for tests): `apt-get install libreoffice-writer-nogui
 * fonts-noto-cjk qpdf poppler-utils`. Run: `bash samples/scripts/make-pdf-samples.sh`.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const here = path.dirname(fileURLToPath(import.meta.url));
// pdf-lib is a devDependency of the PDF extractor package: load it from there.
const fromPdfPackage = createRequire(path.resolve(here, '../../packages/extract-pdf/package.json'));
const { PDFDocument, PDFHexString, PDFName, PDFString } = fromPdfPackage('pdf-lib');
// The script runs outside the package, where pdf-lib's types do not resolve.
type PDFDocument = any;
type PDFPage = any;
type PDFRef = any;
type PDFHexString = any;
const outDir = path.resolve(here, '../pdf');
const srcDir = path.join(outDir, 'src');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-samples-'));
fs.mkdirSync(srcDir, { recursive: true });

// Fixed dates keep regenerated files close to the committed ones.
const FIXED_DATE = new Date('2024-05-08T09:30:00+08:00');

// ---------------------------------------------------------------------------------------------
// Flat ODT sources

type Style = 'p' | 'left' | 'center' | 'right' | 'title' | 'tbreak' | 'red' | 'white' | 'spaced' | 'break' | 'h1' | 'small';
type Para = [Style, string];

interface Doc {
  title?: string;
  subject?: string;
  keywords?: string;
  header?: { text: string; style?: Style };
  pageNumbers?: boolean;
  body: Para[];
}

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const FONT = 'Noto Sans CJK SC';

function textProps(extra = ''): string {
  return `<style:text-properties style:font-name="${FONT}" style:font-name-asian="${FONT}" ${extra}/>`;
}

function size(pt: number): string {
  return `fo:font-size="${pt}pt" style:font-size-asian="${pt}pt"`;
}

function fodt(doc: Doc): string {
  const para = ([style, text]: Para): string =>
    style === 'h1'
      ? `<text:h text:style-name="H1" text:outline-level="1">${esc(text)}</text:h>`
      : `<text:p text:style-name="${style.toUpperCase()}">${esc(text)}</text:p>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
  xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
  xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
  xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
  xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:meta>${doc.title ? `<dc:title>${esc(doc.title)}</dc:title>` : ''}${doc.subject ? `<dc:subject>${esc(doc.subject)}</dc:subject>` : ''}${doc.keywords ? `<meta:keyword>${esc(doc.keywords)}</meta:keyword>` : ''}</office:meta>
 <office:font-face-decls><style:font-face style:name="${FONT}" svg:font-family="'${FONT}'"/></office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.18cm" fo:line-height="140%"/>${textProps(size(12))}</style:default-style>
  <style:style style:name="H1" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.3cm"/>${textProps(`${size(16)} fo:font-weight="bold" style:font-weight-asian="bold"`)}</style:style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="P" style:family="paragraph"><style:paragraph-properties fo:text-align="justify" fo:text-indent="0.85cm"/></style:style>
  <style:style style:name="LEFT" style:family="paragraph"><style:paragraph-properties fo:text-align="start"/></style:style>
  <style:style style:name="CENTER" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/></style:style>
  <style:style style:name="RIGHT" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/></style:style>
  <style:style style:name="SMALL" style:family="paragraph">${textProps(size(10))}</style:style>
  <style:style style:name="TITLE" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-top="0.5cm" fo:margin-bottom="0.5cm"/>${textProps(`${size(20)} fo:font-weight="bold" style:font-weight-asian="bold"`)}</style:style>
  <style:style style:name="TBREAK" style:family="paragraph"><style:paragraph-properties fo:break-before="page" fo:text-align="center" fo:margin-bottom="0.5cm"/>${textProps(`${size(20)} fo:font-weight="bold" style:font-weight-asian="bold"`)}</style:style>
  <style:style style:name="RED" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-top="0.4cm" fo:margin-bottom="0.4cm"/>${textProps(`${size(26)} fo:color="#cc0000" fo:font-weight="bold" style:font-weight-asian="bold"`)}</style:style>
  <style:style style:name="WHITE" style:family="paragraph">${textProps('fo:color="#ffffff"')}</style:style>
  <style:style style:name="SPACED" style:family="paragraph"><style:paragraph-properties fo:text-align="start"/>${textProps(`${size(12)} fo:letter-spacing="0.3cm" fo:font-weight="bold" style:font-weight-asian="bold"`)}</style:style>
  <style:style style:name="BREAK" style:family="paragraph"><style:paragraph-properties fo:break-before="page" fo:text-align="justify" fo:text-indent="0.85cm"/></style:style>
  <style:page-layout style:name="PM"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm" fo:margin-bottom="1.5cm" fo:margin-left="2.8cm" fo:margin-right="2.6cm"/>
   <style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.5cm"/></style:header-style>
   <style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.5cm"/></style:footer-style></style:page-layout>
 </office:automatic-styles>
 <office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PM">${
   doc.header ? `<style:header><text:p text:style-name="${(doc.header.style ?? 'p').toUpperCase()}">${esc(doc.header.text)}</text:p></style:header>` : ''
 }${doc.pageNumbers ? '<style:footer><text:p text:style-name="CENTER">— <text:page-number text:select-page="current">1</text:page-number> —</text:p></style:footer>' : ''}</style:master-page></office:master-styles>
 <office:body><office:text>
${doc.body.map(para).join('\n')}
 </office:text></office:body>
</office:document>
`;
}

/** Writes the source, converts it with LibreOffice, returns the PDF path in the temp folder. */
function office(name: string, doc: Doc): string {
  const src = path.join(srcDir, `${name}.fodt`);
  fs.writeFileSync(src, fodt(doc));
  execFileSync('soffice', ['--headless', `-env:UserInstallation=file://${tmp}/lo`, '--convert-to', 'pdf', '--outdir', tmp, src], { stdio: 'ignore' });
  return path.join(tmp, `${name}.pdf`);
}

// ---------------------------------------------------------------------------------------------
// Document texts (all invented: a fictional city 江州市 and its offices)

const NOTICE_BODY: Para[] = [
  ['p', '各区县数据资源管理局，市直各有关单位：'],
  ['p', '为做好全市政务数据共享平台二期建设期间的安全保障工作，防止建设过程中产生的系统拓扑、接口清单和账号口令等敏感信息外泄，经局党组研究，现就有关事项通知如下。'],
  ['p', '一、各单位要明确一名分管负责同志牵头负责本单位接入工作，于5月20日前将联系人名单报市局网络安全处。'],
  ['p', '二、接入过程中形成的网络拓扑图、服务器地址分配表等材料，一律按涉密载体管理，不得通过互联网邮箱、即时通讯工具传递，不得在非涉密计算机上存储和处理。'],
  ['p', '三、市局将会同市保密局于6月中旬对接入单位开展专项检查，检查结果纳入年度网络安全考核。'],
  ['p', '请各单位高度重视，认真抓好落实。'],
  ['right', '江州市数据资源管理局'],
  ['right', '2024年5月8日'],
  ['small', '江州市数据资源管理局办公室　　　　　　　　　2024年5月8日印发'],
];

const REGULATION: Para[] = [
  ['title', '江州市国家秘密载体管理办法（摘录）'],
  ['center', '（2023年3月1日市政府第12次常务会议通过，自2023年5月1日起施行）'],
  ['p', '第一条　为加强本市国家秘密载体管理，保障国家秘密安全，根据《中华人民共和国保守国家秘密法》及其实施条例，结合本市实际，制定本办法。'],
  ['p', '第二条　本办法所称国家秘密载体，是指以文字、数据、符号、图形、图像、声音等方式记载国家秘密信息的纸介质、磁介质、光盘等各类物品。'],
  ['p', '第三条　国家秘密的密级分为绝密、机密、秘密三级。制作国家秘密载体，应当依照有关规定标明密级和保密期限，注明发放范围及制作数量。'],
  ['p', '第四条　绝密级、机密级国家秘密载体应当编排顺序号。绝密级国家秘密载体不得复制、摘抄；确因工作需要复制的，应当经原定密机关、单位批准。'],
  ['p', '第五条　传递国家秘密载体，应当通过机要交通、机要通信或者指派专人进行，不得通过普通邮政、快递等无保密措施的渠道传递。'],
  ['p', '第六条　销毁国家秘密载体，应当送交保密行政管理部门设立的销毁工作机构或者指定的单位销毁，不得擅自处理。'],
  ['p', '第七条　违反本办法规定的，由保密行政管理部门责令改正；情节严重的，依法给予处分。'],
  ['p', '第八条　本办法由江州市国家保密局负责解释。'],
];

const PUBLICITY_NEWS: Para[] = [
  ['title', '我市启动第十个保密宣传月活动'],
  ['center', '江州日报记者　李敏　通讯员　周涛'],
  ['p', '5月6日上午，江州市第十个保密宣传月活动在市民中心广场启动。市委常委、秘书长王建国出席启动仪式并讲话，市直机关各部门、各区县保密工作负责人约三百人参加。'],
  ['p', '启动仪式上，市保密局发布了《新时代保密工作公众读本》，并向社区代表赠送了保密知识挂图。现场还设置了窃密泄密案例展板、手机信息安全体验区和保密知识有奖问答，吸引了不少市民驻足。'],
  ['p', '“很多人以为保密只是机关的事，其实手机里的一张照片、朋友圈里的一条定位都可能涉及国家安全。”参加问答活动的退休教师陈女士说，展板上的案例让她很受触动。'],
  ['p', '据介绍，宣传月期间，全市将开展保密法律法规进机关、进企业、进校园、进社区活动，组织保密知识网络竞赛，并对重点涉密单位开展专项检查。'],
];

const DATA_CONFIDENTIALITY: Para[] = [
  ['title', '浅谈信息系统中数据的机密性、完整性与可用性'],
  ['center', '江州职业技术学院信息工程系　赵晓峰'],
  ['h1', '一、三个基本属性'],
  ['p', '信息安全领域常用机密性、完整性、可用性三个属性描述数据的安全状态。机密性是指数据不被未授权的个人、实体或过程获取和利用；完整性是指数据在存储和传输过程中不被非法篡改；可用性是指授权用户在需要时能够及时访问数据。'],
  ['h1', '二、保障机密性的常用手段'],
  ['p', '保障数据的机密性，主要依靠访问控制和加密两类手段。访问控制解决“谁能看”的问题，加密则保证数据即使被截获也无法被读懂。企业在保护客户信息和商业机密时，还应当建立数据分级分类制度，对不同级别的数据采取不同强度的保护措施。'],
  ['h1', '三、教学中的体会'],
  ['p', '在课堂教学中，笔者常用《秘密花园》等学生熟悉的作品引入话题，再结合真实的数据泄露事件讲解风险，学生的参与度明显提高。'],
];

const PUBLIC_NOTICE: Para[] = [
  ['red', '江州市人民政府办公室文件'],
  ['center', '江政办发〔2024〕15号'],
  ['title', '江州市人民政府办公室关于印发江州市政务公开工作要点的通知'],
  ['p', '各区县人民政府，市政府各部门，各直属机构：'],
  ['p', '《江州市2024年政务公开工作要点》已经市政府同意，现印发给你们，请结合实际认真贯彻落实。'],
  ['p', '各地各部门要坚持以公开为常态、不公开为例外，依法依规做好信息公开前的保密审查，确保公开信息不涉及国家秘密、工作秘密和个人隐私。'],
  ['right', '江州市人民政府办公室'],
  ['right', '2024年4月2日'],
  ['center', '（此件公开发布）'],
];

const MINUTES: Para[] = [
  ['title', '江州市教育局2024年第一季度保密工作会议纪要'],
  ['p', '时间：2024年3月28日下午'],
  ['p', '地点：市教育局三楼会议室'],
  ['p', '参加人员：局机关各处室负责人、各直属学校分管负责同志'],
  ['p', '会议通报了2023年度保密自查自评情况。去年全局未发生失泄密事件，但在检查中发现个别学校存在将考试安排表发布到班级群、计算机未按规定设置口令等问题，已督促整改到位。'],
  ['p', '会议要求，今年中考、高考命题和试卷保管期间，各相关学校要严格落实保密责任制，严禁无关人员进入命题场所；加强对新入职教职工的保密教育，组织全体工作人员学习《保密法》。'],
  ['p', '会议还安排了保密宣传月期间的主题活动，由局办公室牵头组织保密知识竞赛。'],
];

const TRAINING: Para[] = [
  ['title', '关于举办全市机关保密干部业务培训班的通知'],
  ['p', '市直各单位：'],
  ['p', '为提高机关保密干部业务水平，市国家保密局定于2024年6月12日至14日在市委党校举办保密干部业务培训班。培训内容包括保密法律法规解读、定密工作实务、网络保密管理和泄密案例分析。'],
  ['p', '请各单位选派一名专兼职保密干部参加，于6月5日前通过政务内网报送参训人员信息。培训期间食宿由党校统一安排，费用回单位报销。'],
  ['right', '江州市国家保密局'],
  ['right', '2024年5月20日'],
];

const HOWTO: Para[] = [
  ['title', '保密知识问答：如何正确标注密级'],
  ['p', '问：国家秘密的密级和保密期限应当怎样标注？'],
  ['p', '答：根据有关规定，国家秘密标志由密级和保密期限组成，中间用★隔开，密级标志的写法如「机密★5年」，一般标注在文件首页左上角。保密期限不满一年的以月计。'],
  ['p', '问：工作秘密能不能用★标注？'],
  ['p', '答：不能。★只用于国家秘密标志，工作秘密、商业秘密都不得使用。'],
];

const REPORT_PAGES: Para[] = [
  ['title', '江州市重点行业网络安全风险评估报告'],
  ['h1', '一、评估范围'],
  ['p', '本次评估覆盖全市能源、交通、水务、金融四个重点行业的二十六家关键信息基础设施运营单位，重点检查边界防护、账号管理、日志审计和应急处置能力。'],
  ['p', '评估采用资料审查、现场核查和远程检测相结合的方式，共发现各类安全问题一百一十七项，其中高风险问题十九项。'],
  ['h1', '二、主要问题'],
  ['break', '部分单位生产控制网与办公网之间仍存在未经审批的直连通道，个别运维人员使用个人笔记本电脑接入生产网络，存在较大安全隐患。'],
  ['p', '有六家单位的重要业务系统仍在使用默认口令或弱口令，三家单位的日志保存时间不足六个月。'],
  ['h1', '三、整改建议'],
  ['break', '建议行业主管部门督促相关单位在三个月内完成高风险问题整改，对生产控制网实行物理隔离，建立运维人员准入和审计制度。'],
  ['p', '建议将本次评估发现的问题纳入年度网络安全考核，并于年底组织复查。'],
];

// ---------------------------------------------------------------------------------------------
// pdf-lib helpers

async function load(file: string): Promise<PDFDocument> {
  return PDFDocument.load(fs.readFileSync(file), { updateMetadata: false });
}

async function save(doc: PDFDocument, name: string): Promise<void> {
  fs.writeFileSync(path.join(outDir, name), await doc.save({ useObjectStreams: false }));
}

function hex(s: string): PDFHexString {
  return PDFHexString.fromText(s);
}

/** A non-embedded Adobe-GB1 CJK font (STSong-Light, UniGB-UCS2-H): readers supply the glyphs, pdf.js needs its cMaps. */
function cjkFont(doc: PDFDocument): PDFRef {
  const ctx = doc.context;
  const descriptor = ctx.register(
    ctx.obj({ Type: 'FontDescriptor', FontName: 'STSong-Light', Flags: 6, FontBBox: [-25, -254, 1000, 880], ItalicAngle: 0, Ascent: 880, Descent: -120, CapHeight: 880, StemV: 93 }),
  );
  const cid = ctx.register(
    ctx.obj({
      Type: 'Font',
      Subtype: 'CIDFontType0',
      BaseFont: 'STSong-Light',
      CIDSystemInfo: { Registry: PDFString.of('Adobe'), Ordering: PDFString.of('GB1'), Supplement: 4 },
      FontDescriptor: descriptor,
      DW: 1000,
    }),
  );
  return ctx.register(ctx.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'STSong-Light-UniGB-UCS2-H', Encoding: 'UniGB-UCS2-H', DescendantFonts: [cid] }));
}

/** UCS-2 big-endian hex of a BMP string, for Tj with UniGB-UCS2-H. */
function ucs2(s: string): string {
  let out = '';
  for (const ch of s) out += ch.codePointAt(0)!.toString(16).padStart(4, '0');
  return `<${out}>`;
}

/** Appends a content stream to a page and registers the CJK font under /FCJK. */
function appendContent(doc: PDFDocument, page: PDFPage, ops: string, font: PDFRef): void {
  page.node.setFontDictionary(PDFName.of('FCJK'), font);
  const stream = doc.context.stream(ops);
  page.node.addContentStream(doc.context.register(stream));
}

// ---------------------------------------------------------------------------------------------

interface Label {
  verdict: 'block' | 'review' | 'pass';
  accept?: string[];
  findings?: Array<Record<string, string | number>>;
  note: string;
}
const labels: Record<string, Label> = {};
const SECRET = 'marking.cn-state-secret';

async function main(): Promise<void> {
  // 1. GB/T 9704 notice with 份号, 机密★5年, 特急 at the top.
  const notice = office('notice-gbt9704-secret', {
    title: '关于做好政务数据共享平台二期接入安全保障工作的通知',
    body: [
      ['left', '000012'],
      ['left', '机密★5年'],
      ['left', '特急'],
      ['red', '江州市数据资源管理局文件'],
      ['center', '江数资发〔2024〕12号'],
      ['title', '关于做好政务数据共享平台二期接入安全保障工作的通知'],
      ...NOTICE_BODY,
    ],
  });
  fs.copyFileSync(notice, path.join(outDir, 'notice-gbt9704-secret.pdf'));
  labels['notice-gbt9704-secret.pdf'] = {
    verdict: 'block',
    findings: [{ ruleId: SECRET, role: 'body', page: 1, line: 2 }],
    note: 'GB/T 9704 layout: 份号 000012, 机密★5年 and 特急 flush left at the top of page 1 (LibreOffice writes 机密★5 年).',
  };

  // 2. Letter-spaced marking in the page header.
  const spaced = office('header-letterspaced', {
    header: { text: '机密★3年', style: 'spaced' },
    body: [
      ['title', '江州市水务集团2024年第二次安全生产例会纪要'],
      ['p', '时间：2024年4月16日上午'],
      ['p', '地点：集团调度中心二楼会议室'],
      ['p', '会议听取了北区水厂取水泵房改造进展情况汇报。改造后泵房自控系统将接入集团调度平台，系统配置参数和远程控制口令由信息中心统一管理，施工单位不得留存。'],
      ['p', '会议要求，汛期前完成全部管网监测点的巡检，对城区三处重要加压站增设视频监控，并于5月底前组织一次供水突发事件应急演练。'],
    ],
  });
  fs.copyFileSync(spaced, path.join(outDir, 'header-letterspaced.pdf'));
  labels['header-letterspaced.pdf'] = {
    verdict: 'block',
    findings: [{ ruleId: SECRET, page: 1 }],
    note: 'Page header 机密★3年 with 0.3 cm letter spacing: the text layer reads 机 密 ★ 3 年.',
  };

  // 3. Three-page report with the marking in the header of every page.
  const report = office('report-3pages-header', { header: { text: '机密★5年' }, pageNumbers: true, title: '江州市重点行业网络安全风险评估报告', body: REPORT_PAGES });
  fs.copyFileSync(report, path.join(outDir, 'report-3pages-header.pdf'));
  labels['report-3pages-header.pdf'] = {
    verdict: 'block',
    findings: [
      { ruleId: SECRET, page: 1 },
      { ruleId: SECRET, page: 2 },
      { ruleId: SECRET, page: 3 },
    ],
    note: 'Risk assessment report; every page header carries 机密★5年; headings become bookmarks.',
  };

  // 4. White text on white.
  const white = office('white-text', {
    body: [['title', '江州市第十个保密宣传月活动综述'], ['white', '机密★10年'], ...PUBLICITY_NEWS.slice(1)],
  });
  fs.copyFileSync(white, path.join(outDir, 'white-text.pdf'));
  labels['white-text.pdf'] = {
    verdict: 'block',
    accept: ['review'],
    findings: [{ ruleId: SECRET, role: 'hidden', page: 1 }],
    note: 'News article with 机密★10年 painted white on white under the title: invisible to a reader, labelled hidden.',
  };

  // 5. Render mode 3 (invisible) text over a benign page, in a non-embedded CJK font.
  {
    const doc = await load(office('invisible-text-base', { body: TRAINING }));
    const page = doc.getPage(0);
    const { height } = page.getSize();
    appendContent(doc, page, `q BT 3 Tr /FCJK 12 Tf 80 ${height - 60} Td ${ucs2('绝密★长期')} Tj ET Q`, cjkFont(doc));
    await save(doc, 'invisible-text.pdf');
    labels['invisible-text.pdf'] = {
      verdict: 'block',
      accept: ['review'],
      findings: [{ ruleId: SECRET, role: 'hidden', page: 1 }],
      note: 'Training notice with 绝密★长期 drawn in text render mode 3 (invisible) at the top of the page.',
    };
  }

  // 6. A page written only in a non-embedded CJK font: text reads only with pdf.js cMaps.
  {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const page = doc.addPage([595.28, 841.89]);
    const font = cjkFont(doc);
    const lines: Array<[number, number, number, string]> = [
      [16, 80, 780, '秘密★1年'],
      [22, 150, 720, '江州市财政局关于下达预算指标的通知'],
      [14, 80, 670, '各区县财政局：'],
      [14, 108, 645, '根据市人大批准的预算，现将有关专项资金预算指标下达给你们，'],
      [14, 80, 620, '请按规定用途及时拨付，不得截留挪用。'],
      [14, 400, 560, '江州市财政局'],
      [14, 392, 535, '2024年3月15日'],
    ];
    const ops = lines.map(([size, x, y, s]) => `BT /FCJK ${size} Tf ${x} ${y} Td ${ucs2(s)} Tj ET`).join('\n');
    appendContent(doc, page, ops, font);
    doc.setTitle('江州市财政局关于下达预算指标的通知');
    doc.setCreationDate(FIXED_DATE);
    doc.setModificationDate(FIXED_DATE);
    await save(doc, 'cjk-nonembedded-font.pdf');
    labels['cjk-nonembedded-font.pdf'] = {
      verdict: 'block',
      findings: [{ ruleId: SECRET, role: 'body', page: 1, line: 1 }],
      note: 'Hand-written PDF using STSong-Light with UniGB-UCS2-H, not embedded: 秘密★1年 reads only when pdf.js has its cMaps.',
    };
  }

  // 7. Sticky note with a marking.
  {
    const doc = await load(office('annotation-note-base', { body: PUBLICITY_NEWS }));
    const page = doc.getPage(0);
    const { height } = page.getSize();
    const ctx = doc.context;
    const note = ctx.register(
      ctx.obj({
        Type: 'Annot',
        Subtype: 'Text',
        Rect: [500, height - 120, 520, height - 100],
        Contents: hex('此稿引用的检查通报定为机密★10年，发布前请删去第三段。'),
        T: hex('周涛'),
        Name: 'Comment',
        F: 4,
        M: PDFString.of('D:20240508093000+08\'00\''),
      }),
    );
    page.node.addAnnot(note);
    // A stamp whose only text is drawn by its appearance stream (no /Contents).
    const font = cjkFont(doc);
    const appearance = ctx.register(
      ctx.stream(`q 0.8 0 0 RG 2 w 1 1 98 28 re S BT /FCJK 14 Tf 0.8 0 0 rg 8 9 Td ${ucs2('内部资料')} Tj ET Q`, {
        Type: 'XObject',
        Subtype: 'Form',
        BBox: [0, 0, 100, 30],
        Resources: { Font: { FCJK: font } },
      }),
    );
    const stamp = ctx.register(
      ctx.obj({ Type: 'Annot', Subtype: 'Stamp', Rect: [420, height - 80, 520, height - 50], Name: 'Draft', F: 4, T: hex('宣传处'), AP: { N: appearance } }),
    );
    page.node.addAnnot(stamp);
    await save(doc, 'annotation-sticky-note.pdf');
    labels['annotation-sticky-note.pdf'] = {
      verdict: 'block',
      accept: ['review'],
      findings: [{ ruleId: SECRET, role: 'annotation', page: 1 }],
      note: 'Publicity-month news with a reviewer sticky note (Text annotation) that says 机密★10年, and a stamp whose appearance draws 内部资料.',
    };
  }

  // 8. Form field value.
  {
    const doc = await load(
      office('form-field-base', {
        body: [
          ['title', '江州市政府信息公开保密审查登记表'],
          ['p', '文件名称：关于江州港区二期航道疏浚工程的情况报告'],
          ['p', '承办处室：港航管理处'],
          ['p', '密级：'],
          ['p', '审查意见：'],
        ],
      }),
    );
    const page = doc.getPage(0);
    const { height } = page.getSize();
    const ctx = doc.context;
    const fields: PDFRef[] = [];
    const addField = (name: string, value: string, rect: number[]): void => {
      const ref = ctx.register(
        ctx.obj({ Type: 'Annot', Subtype: 'Widget', FT: 'Tx', T: hex(name), V: hex(value), Rect: rect, F: 4, P: page.ref, DA: PDFString.of('/Helv 11 Tf 0 g') }),
      );
      page.node.addAnnot(ref);
      fields.push(ref);
    };
    addField('密级', '机密★5年', [130, height - 240, 330, height - 222]);
    addField('审查意见', '涉及未公开的工程投资数据，不予公开。', [150, height - 268, 500, height - 250]);
    doc.catalog.set(PDFName.of('AcroForm'), ctx.obj({ Fields: fields, NeedAppearances: true, DA: PDFString.of('/Helv 0 Tf 0 g') }));
    await save(doc, 'form-field.pdf');
    labels['form-field.pdf'] = {
      verdict: 'block',
      accept: ['review'],
      findings: [{ ruleId: SECRET, role: 'form-field', page: 1 }],
      note: 'Review registration form whose 密级 text field holds the value 机密★5年 (AcroForm /V, no appearance stream).',
    };
  }

  // 9. Attachment with a marked text file.
  {
    const doc = await load(
      office('attachment-base', {
        body: [
          ['title', '关于报送2024年度保密自查情况的函'],
          ['p', '市国家保密局：'],
          ['p', '按照《关于开展2024年度保密自查自评工作的通知》要求，我局已完成自查，现将自查情况报告作为附件报送，请审阅。'],
          ['right', '江州市交通运输局'],
          ['right', '2024年4月30日'],
        ],
      }),
    );
    const attached = [
      '机密★5年',
      '',
      '江州市交通运输局2024年度保密自查情况报告',
      '',
      '一、自查发现，港航管理处有两台涉密计算机曾连接过普通U盘，已收回并进行技术检查。',
      '二、重点工程项目的地质勘察资料已全部登记入册，统一存放于保密室。',
      '',
    ].join('\n');
    await doc.attach(new TextEncoder().encode(attached), '自查情况报告.txt', {
      mimeType: 'text/plain',
      description: '附件：自查情况报告',
      creationDate: FIXED_DATE,
      modificationDate: FIXED_DATE,
    });
    // A second file behind a paper-clip (FileAttachment) annotation on the page.
    {
      const page = doc.getPage(0);
      const { height } = page.getSize();
      const ctx = doc.context;
      const roster = new TextEncoder().encode('内部资料 注意保存\n\n自查工作联络员名单\n办公室 王丽\n港航管理处 陈刚\n');
      const stream = ctx.register(ctx.flateStream(roster, { Type: 'EmbeddedFile', Subtype: 'text/plain', Params: { Size: roster.length } }));
      const spec = ctx.register(ctx.obj({ Type: 'Filespec', F: PDFString.of('liaison.txt'), UF: hex('联络员名单.txt'), EF: { F: stream }, Desc: hex('联络员名单') }));
      const clip = ctx.register(
        ctx.obj({ Type: 'Annot', Subtype: 'FileAttachment', Rect: [480, height - 200, 494, height - 180], FS: spec, Contents: hex('附件2：联络员名单'), Name: 'Paperclip', F: 4 }),
      );
      page.node.addAnnot(clip);
    }
    await save(doc, 'attachment-marked-text.pdf');
    labels['attachment-marked-text.pdf'] = {
      verdict: 'block',
      accept: ['review'],
      findings: [{ ruleId: SECRET }],
      note: 'A benign cover letter carrying an attached UTF-8 text file whose first line is 机密★5年 (EmbeddedFiles), and a paper-clip FileAttachment annotation with a 内部资料 roster; attachments are scanned recursively.',
    };
  }

  // 10. Optional-content layer that is off by default.
  {
    const doc = await load(office('hidden-layer-base', { body: MINUTES }));
    const page = doc.getPage(0);
    const { height } = page.getSize();
    const ctx = doc.context;
    const ocg = ctx.register(ctx.obj({ Type: 'OCG', Name: hex('审校批注') }));
    doc.catalog.set(PDFName.of('OCProperties'), ctx.obj({ OCGs: [ocg], D: { Order: [ocg], ON: [], OFF: [ocg], BaseState: 'ON' } }));
    const resources = page.node.normalizedEntries().Resources;
    resources.set(PDFName.of('Properties'), ctx.obj({ OC1: ocg }));
    appendContent(doc, page, `/OC /OC1 BDC q BT /FCJK 12 Tf 80 ${height - 50} Td ${ucs2('秘密★2年')} Tj ET Q EMC`, cjkFont(doc));
    await save(doc, 'hidden-layer.pdf');
    labels['hidden-layer.pdf'] = {
      verdict: 'block',
      accept: ['review'],
      findings: [{ ruleId: SECRET, role: 'hidden', page: 1 }],
      note: 'Meeting minutes with 秘密★2年 in an optional-content layer (审校批注) that is off by default.',
    };
  }

  // 11. Marking in the document title only.
  const titled = office('metadata-title-marking', {
    title: '机密★5年 江州港区二期工程投资测算',
    subject: '工程投资测算',
    keywords: '港区；投资测算',
    body: DATA_CONFIDENTIALITY,
  });
  {
    // An XMP packet whose description says more than the information dictionary does.
    const doc = await load(titled);
    const xmp = `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">机密★5年 江州港区二期工程投资测算</rdf:li></rdf:Alt></dc:title>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">港区二期工程投资测算底稿，仅限项目组内部使用</rdf:li></rdf:Alt></dc:description>
<pdf:Keywords>港区；投资测算；底稿</pdf:Keywords>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>`;
    const stream = doc.context.stream(new TextEncoder().encode(xmp), { Type: 'Metadata', Subtype: 'XML' });
    doc.catalog.set(PDFName.of('Metadata'), doc.context.register(stream));
    await save(doc, 'metadata-title-marking.pdf');
  }
  labels['metadata-title-marking.pdf'] = {
    verdict: 'block',
    accept: ['review'],
    findings: [{ ruleId: SECRET, role: 'metadata' }],
    note: 'Benign article whose document title property (Info /Title and XMP dc:title) starts with 机密★5年; the XMP description adds a 仅限项目组内部使用 note.',
  };

  // 11b. A black box drawn over the marking: the text is still in the file.
  {
    const doc = await load(notice);
    const page = doc.getPage(0);
    const { height } = page.getSize();
    appendContent(doc, page, `q 0 0 0 rg 74 ${height - 92} 72 20 re f Q`, cjkFont(doc));
    await save(doc, 'redaction-black-box.pdf');
    labels['redaction-black-box.pdf'] = {
      verdict: 'block',
      accept: ['review'],
      findings: [{ ruleId: SECRET, role: 'hidden', page: 1 }],
      note: 'The GB/T 9704 notice "redacted" for publication by painting a black box over 机密★5年: the marking is still in the text layer, under the box.',
    };
  }

  // 11c. White text on a dark banner is ordinary visible text.
  {
    const doc = await load(office('benign-banner-base', { body: PUBLICITY_NEWS }));
    const page = doc.getPage(0);
    const { width, height } = page.getSize();
    appendContent(
      doc,
      page,
      `q 0.65 0.1 0.1 rg 80 ${height - 40} ${width - 160} 30 re f BT 1 1 1 rg /FCJK 16 Tf 96 ${height - 31} Td ${ucs2('江州日报·保密宣传月特刊')} Tj ET Q`,
      cjkFont(doc),
    );
    await save(doc, 'benign-banner-white-on-red.pdf');
    labels['benign-banner-white-on-red.pdf'] = {
      verdict: 'pass',
      note: 'Publicity-month news under a dark red banner with white lettering: white text on a dark shape is visible text, not hidden.',
    };
  }

  // 12. Encryption: owner password only (opens and reads), user password (cannot be read).
  const ownerSrc = office('owner-password-base', {
    body: [['left', '秘密★1年'], ['title', '江州市国土空间规划编制工作方案'], ...REGULATION.slice(2, 5)],
  });
  execFileSync('qpdf', ['--encrypt', '', 'owner-2024', '256', '--print=none', '--modify=none', '--', ownerSrc, path.join(outDir, 'owner-password.pdf')]);
  labels['owner-password.pdf'] = {
    verdict: 'block',
    findings: [{ ruleId: SECRET, role: 'body', page: 1 }],
    note: 'AES-256 encrypted with an owner password only (printing and changes forbidden): it opens without a password and 秘密★1年 is read.',
  };
  execFileSync('qpdf', ['--encrypt', 'user-2024', 'owner-2024', '256', '--', notice, path.join(outDir, 'user-password.pdf')]);
  labels['user-password.pdf'] = {
    verdict: 'review',
    note: 'The GB/T 9704 notice encrypted with user password user-2024: nothing can be read without it, so a human must look.',
  };

  // 13. Truncated file.
  const publicNotice = office('benign-public-notice', { title: '江州市人民政府办公室关于印发江州市政务公开工作要点的通知', body: PUBLIC_NOTICE });
  const whole = fs.readFileSync(publicNotice);
  fs.writeFileSync(path.join(outDir, 'truncated.pdf'), whole.subarray(0, Math.floor(whole.length * 0.6)));
  labels['truncated.pdf'] = {
    verdict: 'review',
    note: 'The public notice cut off after 60% of its bytes: incomplete, so it cannot pass.',
  };

  // 14. A ".pdf" that is really HTML.
  fs.writeFileSync(
    path.join(outDir, 'really-html.pdf'),
    '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>工作简报</title></head>\n<body>\n<p>秘密★6个月</p>\n<h1>江州市应急管理局工作简报（第7期）</h1>\n<p>4月以来，全市共组织防汛应急演练十二场，排查整治隐患点三十处。</p>\n</body></html>\n',
  );
  labels['really-html.pdf'] = {
    verdict: 'block',
    accept: ['review'],
    findings: [{ ruleId: SECRET }],
    note: 'An HTML page saved with a .pdf name; sniffing reads it as HTML and finds 秘密★6个月.',
  };

  // 15. Two-page image-only PDF (a scan): text exists only as pixels.
  {
    const scanSrc = office('image-only-base', {
      body: [['left', '秘密★1年'], ['title', '江州市防汛抗旱指挥部关于调整成员单位职责的通知'], ...NOTICE_BODY.slice(0, 4), ['break', '四、各成员单位要保持通讯畅通，汛期实行二十四小时值班。'], ...NOTICE_BODY.slice(5)],
    });
    execFileSync('pdftoppm', ['-r', '110', '-png', '-gray', scanSrc, path.join(tmp, 'scan')]);
    const doc = await PDFDocument.create({ updateMetadata: false });
    const pngs = fs.readdirSync(tmp).filter((f) => /^scan-\d+\.png$/.test(f)).sort();
    for (const file of pngs) {
      const img = await doc.embedPng(fs.readFileSync(path.join(tmp, file)));
      const page = doc.addPage([595.28, 841.89]);
      page.drawImage(img, { x: 0, y: 0, width: 595.28, height: 841.89 });
    }
    doc.setCreationDate(FIXED_DATE);
    doc.setModificationDate(FIXED_DATE);
    doc.setProducer('江州市档案馆扫描工作站');
    await save(doc, 'image-only-2pages.pdf');
    labels['image-only-2pages.pdf'] = {
      verdict: 'review',
      accept: ['review', 'block'],
      note: 'Scanned 2-page notice (110 dpi greyscale images, no text layer) with 秘密★1年 on page 1: OCR decides; without OCR the pages are unread.',
    };
  }

  // 16. Benign documents about secrecy that must pass.
  const benign: Array<[string, Doc, string]> = [
    ['benign-regulation', { title: '江州市国家秘密载体管理办法', body: REGULATION }, 'A published secrecy regulation full of 绝密/机密/秘密 in running sentences.'],
    ['benign-publicity-month-news', { title: '我市启动第十个保密宣传月活动', body: PUBLICITY_NEWS }, 'News report on the 保密宣传月 launch.'],
    ['benign-data-confidentiality', { title: '浅谈信息系统中数据的机密性', body: DATA_CONFIDENTIALITY }, 'Teaching article on 数据的机密性, 商业机密 and 《秘密花园》.'],
    ['benign-meeting-minutes', { body: MINUTES }, 'Minutes of a bureau secrecy-work meeting, no markings.'],
    ['benign-training-notice', { body: TRAINING, pageNumbers: true }, 'Public notice of a secrecy training course.'],
  ];
  for (const [name, doc, note] of benign) {
    fs.copyFileSync(office(name, doc), path.join(outDir, `${name}.pdf`));
    labels[`${name}.pdf`] = { verdict: 'pass', note };
  }
  // A multi-page compilation of the public pieces above, each starting on a new page.
  const section = (paras: Para[]): Para[] => paras.map(([st, t], i): Para => [i === 0 ? 'tbreak' : st === 'title' || st === 'red' ? 'center' : st, t]);
  const compilation: Para[] = [
    ['title', '江州市保密宣传教育资料汇编（2024年）'],
    ['center', '江州市国家保密局宣传教育处编'],
    ['p', '本汇编收录我市2023年以来公开发布的保密法规文件、新闻报道和宣传材料，供各单位组织学习使用。'],
    ...section(REGULATION),
    ...section(PUBLICITY_NEWS),
    ...section(DATA_CONFIDENTIALITY),
    ...section(PUBLIC_NOTICE.slice(2)),
    ...section(MINUTES),
    ...section(TRAINING),
    ...section(REGULATION.map(([st, t]): Para => [st, t.replace('江州市国家秘密载体管理办法（摘录）', '附：江州市国家秘密载体管理办法（全文重印）')])),
  ];
  fs.copyFileSync(office('benign-compilation', { title: '江州市保密宣传教育资料汇编（2024年）', pageNumbers: true, body: compilation }), path.join(outDir, 'benign-compilation.pdf'));
  labels['benign-compilation.pdf'] = { verdict: 'pass', note: 'Eight-page compilation of the published pieces above (regulation, news, article, notice, minutes): public material about secrecy.' };
  fs.copyFileSync(publicNotice, path.join(outDir, 'benign-public-notice.pdf'));
  labels['benign-public-notice.pdf'] = { verdict: 'pass', note: 'Public notice with 发文字号 江政办发〔2024〕15号 and （此件公开发布）: a document number is no marking.' };
  fs.copyFileSync(office('benign-marking-howto', { body: HOWTO }), path.join(outDir, 'benign-marking-howto.pdf'));
  labels['benign-marking-howto.pdf'] = {
    verdict: 'pass',
    accept: ['review'],
    note: 'Q&A explaining how to write a marking: 「机密★5年」 quoted inside a running sentence is an example, not a marking.',
  };

  const sorted = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
  fs.writeFileSync(path.join(outDir, 'labels.json'), JSON.stringify({ version: 1, files: sorted }, null, 2) + '\n');
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`wrote ${Object.keys(labels).length} PDF samples to ${outDir}`);
}

await main();
