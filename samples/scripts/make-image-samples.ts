/**
 * Makes the OCR samples in samples/images/ from Chinese documents written here:
 * renders each document with ImageMagick and the Noto CJK fonts (Debian `imagemagick`,
 * `fonts-noto-cjk`, `img2pdf`), then degrades copies the way scanners and phones do.
 * Also writes samples/images/truth.json: the source text of every page, used to measure
 * character accuracy. Run: `pnpm tsx samples/scripts/make-image-samples.ts` (needs /usr/bin/convert).
 * Tests use only the committed output, never this script.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync, statSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';

const here = dirname(fileURLToPath(import.meta.url));
const OUT = join(here, '..', 'images');
const TMP = join(tmpdir(), 'prepub-image-samples');
const CONVERT = '/usr/bin/convert';

type Font = 'serif' | 'serif-bold' | 'sans' | 'sans-bold';
const FONTS: Record<Font, string> = {
  serif: 'Noto-Serif-CJK-SC',
  'serif-bold': 'Noto-Serif-CJK-SC-Bold',
  sans: 'Noto-Sans-CJK-SC',
  'sans-bold': 'Noto-Sans-CJK-SC-Bold',
};

/** One line of a document as it is laid out on the page. */
interface Line {
  text: string;
  pt: number;
  font?: Font;
  align?: 'left' | 'center' | 'right';
  fill?: string;
  /** Extra space before the line, in line heights. */
  before?: number;
  /** Left indent in characters of this size. */
  indent?: number;
  /** Draws a red rule under the line instead of text when text is empty. */
  rule?: string;
}

interface Page {
  /** Width and height in inches-based pixels at `dpi`. */
  dpi: number;
  widthIn: number;
  heightIn: number;
  marginLeftIn: number;
  marginTopIn: number;
  background?: string;
  lines: Line[];
}

const para = (text: string, perLine: number, pt = 16, font: Font = 'serif'): Line[] => {
  // Body paragraphs: first line indented two characters, wrapped at a fixed count (CJK is monospaced).
  const out: Line[] = [];
  let rest = text;
  let first = true;
  while (rest.length > 0) {
    const n = first ? perLine - 2 : perLine;
    out.push({ text: rest.slice(0, n), pt, font, indent: first ? 2 : 0 });
    rest = rest.slice(n);
    first = false;
  }
  return out;
};

/** Renders a page with ImageMagick; returns the page text (lines joined by \n) for truth.json. */
function render(page: Page, file: string): string {
  const w = Math.round(page.widthIn * page.dpi);
  const h = Math.round(page.heightIn * page.dpi);
  const args = ['-size', `${w}x${h}`, `xc:${page.background ?? 'white'}`, '-density', String(page.dpi), '-units', 'PixelsPerInch'];
  let y = Math.round(page.marginTopIn * page.dpi);
  const left = Math.round(page.marginLeftIn * page.dpi);
  const texts: string[] = [];
  for (const line of page.lines) {
    const px = (line.pt / 72) * page.dpi;
    const lineHeight = Math.round(px * 1.55);
    y += Math.round((line.before ?? 0) * lineHeight);
    if (line.rule) {
      args.push('-stroke', line.rule, '-strokewidth', String(Math.max(2, Math.round(page.dpi / 100))), '-draw', `line ${left},${y + lineHeight / 2} ${w - left},${y + lineHeight / 2}`, '+stroke');
      y += lineHeight;
      continue;
    }
    const gravity = line.align === 'center' ? 'North' : line.align === 'right' ? 'NorthEast' : 'NorthWest';
    const x = line.align === 'center' ? 0 : left + Math.round((line.indent ?? 0) * px);
    args.push('-gravity', gravity, '-font', FONTS[line.font ?? 'serif'], '-pointsize', String(line.pt), '-fill', line.fill ?? 'black');
    args.push('-annotate', `+${x}+${y}`, line.text);
    texts.push(line.text);
    y += lineHeight;
  }
  args.push('-colorspace', 'Gray', '-depth', '8', file);
  execFileSync(CONVERT, args);
  return texts.join('\n');
}

function convert(...args: string[]): void {
  execFileSync(CONVERT, args);
}

const A4 = { widthIn: 8.27, heightIn: 11.69, marginLeftIn: 1.1, marginTopIn: 1.2 };

// ---------------------------------------------------------------- documents

/** A red-header notice marked 机密★5年, the layout of GB/T 9704 (份号, 密级, 紧急程度 top left). */
const markedNotice: Line[] = [
  { text: '000126', pt: 16 },
  { text: '机密★5年', pt: 16, font: 'sans' },
  { text: '特急', pt: 16, font: 'sans' },
  { text: '江川市发展和改革委员会文件', pt: 30, font: 'serif-bold', align: 'center', fill: '#c00000', before: 0.6 },
  { text: '江发改〔2024〕37号', pt: 16, align: 'center', before: 0.4 },
  { text: '', pt: 16, rule: '#c00000' },
  { text: '关于做好重点项目储备库调整工作的通知', pt: 20, font: 'sans-bold', align: 'center', before: 0.3 },
  { text: '各区县发展改革局，委机关各处室：', pt: 16, before: 0.5 },
  ...para('根据省发展改革委工作部署，现将重点项目储备库调整有关事项通知如下。各单位要严格按照时间节点报送材料，不得擅自扩大知悉范围。', 28),
  ...para('一、调整范围为纳入二〇二四年度储备库的全部项目，涉及用地指标和资金安排的内容由规划处统一汇总。', 28),
  ...para('二、请于5月20日前将调整意见报委办公室，联系人王志刚，电话0871-65123456。', 28),
  { text: '江川市发展和改革委员会', pt: 16, align: 'right', before: 1.5 },
  { text: '2024年5月8日', pt: 16, align: 'right' },
];

/** Meeting minutes marked 秘密★1年 for the 1-bit office scan. */
const minutes: Line[] = [
  { text: '秘密★1年', pt: 16, font: 'sans' },
  { text: '江川市国有资产监督管理委员会', pt: 22, font: 'serif-bold', align: 'center', before: 0.8 },
  { text: '党委会议纪要', pt: 22, font: 'serif-bold', align: 'center' },
  { text: '第12期', pt: 16, align: 'center', before: 0.3 },
  ...para('2024年6月3日，市国资委党委书记陈建国主持召开党委会议，研究市属企业重组方案和年度考核事项。', 28),
  ...para('会议原则同意交通投资集团与城建集团重组的总体方案，由改革处会同有关企业细化资产划转清单，按程序报市政府审定。', 28),
  ...para('会议要求，重组方案在正式公布前严格控制知悉范围，参会人员不得对外透露讨论情况。', 28),
  { text: '出席：陈建国、李红梅、周立新、赵海涛', pt: 16, before: 0.5 },
  { text: '记录：孙晓燕', pt: 16 },
];

/** Page 1 of the 2-page TIFF: an ordinary covering report, no marking. */
const reportPage1: Line[] = [
  { text: '关于报送第二季度安全生产检查情况的报告', pt: 20, font: 'sans-bold', align: 'center' },
  { text: '市应急管理局：', pt: 16, before: 0.6 },
  ...para('按照你局统一部署，我局于4月至6月组织开展了第二季度安全生产检查，共检查企业46家，发现隐患113处，已整改108处，其余5处正在整改。', 28),
  ...para('现将检查情况汇总表报上，附件所列企业名单及整改方案请按规定管理。', 28),
  { text: '附件：重点企业整改方案', pt: 16, before: 0.5 },
  { text: '江川市工业和信息化局', pt: 16, align: 'right', before: 1.5 },
  { text: '2024年7月2日', pt: 16, align: 'right' },
];

/** Page 2 of the 2-page TIFF: the attachment, marked 机密★10年 at its top. */
const reportPage2: Line[] = [
  { text: '机密★10年', pt: 16, font: 'sans' },
  { text: '附件', pt: 16, font: 'sans', before: 0.3 },
  { text: '重点企业整改方案', pt: 20, font: 'sans-bold', align: 'center', before: 0.3 },
  ...para('一、江川化工有限公司储罐区防雷设施不符合要求，限8月底前完成改造，改造期间停用三号储罐。', 28),
  ...para('二、北岸能源公司输气管线穿越段存在占压，由属地街道协调拆除，9月15日前完成。', 28),
];

/** Short memo marked 秘密★6个月 (BMP sample). */
const memo: Line[] = [
  { text: '秘密★6个月', pt: 16, font: 'sans' },
  { text: '会议通知', pt: 22, font: 'serif-bold', align: 'center', before: 0.5 },
  ...para('定于6月18日上午9时在市政府三楼第二会议室召开城市更新项目专题会议，请各成员单位主要负责同志参加，会议材料会后收回。', 28),
  { text: '市城市更新工作领导小组办公室', pt: 16, align: 'right', before: 1 },
];

/** An internal newsletter page (WebP sample): 内部资料, a review matter. */
const newsletter: Line[] = [
  { text: '内部资料 注意保存', pt: 16, font: 'sans' },
  { text: '机关工作动态', pt: 26, font: 'serif-bold', align: 'center', fill: '#c00000', before: 0.6 },
  { text: '第8期  江川市人民政府办公室编  2024年4月30日', pt: 14, align: 'center', before: 0.2 },
  { text: '', pt: 16, rule: '#c00000' },
  ...para('市政府办公室召开政务信息工作推进会，通报一季度信息报送情况，部署下一阶段重点任务。', 28),
  ...para('会议指出，各部门要提高信息质量，重要情况及时报告，防止迟报漏报。', 28),
];

/** Notice marked 秘密★3年 (GIF sample). */
const gifNotice: Line[] = [
  { text: '秘密★3年', pt: 16, font: 'sans' },
  { text: '关于调整部分干部职务的通知', pt: 20, font: 'sans-bold', align: 'center', before: 0.8 },
  { text: '各处室、直属单位：', pt: 16, before: 0.5 },
  ...para('经局党组研究决定，拟对部分处级干部职务进行调整，名单附后。任前公示前请注意保密。', 28),
  { text: '中共江川市交通运输局党组', pt: 16, align: 'right', before: 1 },
];

/** A small screenshot of a message window quoting a marked document (needs upscaling). */
const screenshot: Line[] = [
  { text: '转发：关于防汛物资储备的通知', pt: 12, font: 'sans-bold' },
  { text: '机密★2年', pt: 12, font: 'sans', before: 0.3 },
  { text: '各乡镇人民政府：', pt: 12 },
  { text: '请于7月10日前完成防汛物资储备点核查，', pt: 12 },
  { text: '储备点位置和数量不得在互联网上发布。', pt: 12 },
  { text: '江川县防汛抗旱指挥部办公室', pt: 12 },
];

/** Benign: a published secrecy regulation page, full of 绝密/机密/秘密 in running text. */
const regulation: Line[] = [
  { text: '江川市机关保密工作管理办法', pt: 20, font: 'sans-bold', align: 'center' },
  { text: '（2023年12月修订）', pt: 16, align: 'center', before: 0.2 },
  { text: '第十二条', pt: 16, font: 'sans', before: 0.5 },
  ...para('国家秘密的密级分为绝密、机密、秘密三级。机关在制作涉密文件时，应当标明密级和保密期限。', 28),
  { text: '第十三条', pt: 16, font: 'sans' },
  ...para('绝密级文件严禁复制和摘抄；机密级以上文件应当编排序列号，确需复制的须经本机关负责人批准。', 28),
  { text: '第十四条', pt: 16, font: 'sans' },
  ...para('涉密计算机不得连接互联网，非涉密计算机不得存储和处理涉密信息。', 28),
];

/** Benign: a 保密宣传月 poster with slogans on a tinted background. */
const poster: Line[] = [
  { text: '保密宣传月', pt: 54, font: 'sans-bold', align: 'center', fill: '#b00000' },
  { text: '保守国家秘密  维护国家安全', pt: 26, font: 'sans-bold', align: 'center', before: 0.6 },
  { text: '涉密不上网  上网不涉密', pt: 26, font: 'sans', align: 'center', before: 0.4 },
  { text: '增强保密意识  筑牢安全防线', pt: 26, font: 'sans', align: 'center', before: 0.4 },
  { text: '江川市国家保密局  宣', pt: 18, font: 'sans', align: 'center', before: 1.5 },
];

/** Benign: a news article about a secrecy training course. */
const news: Line[] = [
  { text: '市档案馆开展保密知识培训', pt: 20, font: 'sans-bold', align: 'center' },
  { text: '本报讯（记者 刘思远）', pt: 14, before: 0.5 },
  ...para('5月16日，市档案馆举办保密知识专题培训，邀请市保密局同志结合典型案例，讲解涉密载体管理和网络保密要求。', 28),
  ...para('培训强调，干部职工要牢固树立保密意识，做到涉密不上网、上网不涉密。全馆六十余名干部职工参加培训。', 28),
];

/** Benign: a public notice with a 发文字号 and （此件公开发布）. */
const publicNotice: Line[] = [
  { text: '江川市人民政府办公室', pt: 26, font: 'serif-bold', align: 'center', fill: '#c00000' },
  { text: '江政办发〔2024〕15号', pt: 16, align: 'center', before: 0.3 },
  { text: '', pt: 16, rule: '#c00000' },
  { text: '关于开展2024年保密宣传教育月活动的通知', pt: 20, font: 'sans-bold', align: 'center' },
  { text: '各区县人民政府，市政府各部门：', pt: 16, before: 0.5 },
  ...para('为深入学习宣传新修订的保守国家秘密法，市政府决定在5月份开展保密宣传教育月活动，请各单位结合实际组织学习和知识竞赛。', 28),
  { text: '（此件公开发布）', pt: 16, before: 0.5 },
];

// ---------------------------------------------------------------- rendering

function main(): void {
  rmSync(TMP, { recursive: true, force: true });
  mkdirSync(TMP, { recursive: true });
  mkdirSync(OUT, { recursive: true });
  for (const f of readdirSync(OUT)) if (!/^(labels|truth)\.json$/.test(f)) rmSync(join(OUT, f));
  const truth: Record<string, string[]> = {};
  const o = (f: string) => join(OUT, f);
  const t = (f: string) => join(TMP, f);

  // The marked notice at 300 dpi and its degraded copies.
  const notice = render({ dpi: 300, ...A4, lines: markedNotice }, t('notice.png'));
  convert(t('notice.png'), '-colors', '16', o('notice-marked-300dpi.png'));
  truth['notice-marked-300dpi.png'] = [notice];
  convert(t('notice.png'), '-resize', '70%', '-quality', '22', o('notice-marked-artefacts.jpg'));
  truth['notice-marked-artefacts.jpg'] = [notice];
  convert(t('notice.png'), '-background', 'white', '-rotate', '3', '-colors', '16', o('notice-marked-skew3.png'));
  truth['notice-marked-skew3.png'] = [notice];
  convert(t('notice.png'), '-rotate', '90', '-colors', '16', o('notice-marked-rot90.png'));
  truth['notice-marked-rot90.png'] = [notice];
  convert(t('notice.png'), '-rotate', '180', '-colors', '16', o('notice-marked-rot180.png'));
  truth['notice-marked-rot180.png'] = [notice];
  convert(t('notice.png'), '-resize', '60%', '-blur', '0x1.2', '-seed', '11', '-attenuate', '0.6', '+noise', 'Gaussian', '-colorspace', 'Gray', '-quality', '80', o('notice-marked-noisy-blur.jpg'));
  truth['notice-marked-noisy-blur.jpg'] = [notice];
  // Phone photo: page on a dark desk, seen at an angle, warm light falling off to one side.
  convert(
    t('notice.png'), '-resize', '50%', '-bordercolor', '#3a3026', '-border', '160',
    '-virtual-pixel', 'background', '-background', '#3a3026',
    '-distort', 'Perspective', '160,160 230,210  1400,160 1330,150  160,1914 120,1880  1400,1914 1430,1950',
    '(', '-size', '1560x2074', 'gradient:#fff7e8-#9a9080', ')', '-compose', 'Multiply', '-composite',
    '-quality', '78', o('notice-marked-phone.jpg'),
  );
  truth['notice-marked-phone.jpg'] = [notice];

  // A 1-bit 200 dpi office scan (Group 4 TIFF).
  const min = render({ dpi: 200, ...A4, lines: minutes }, t('minutes.png'));
  convert(t('minutes.png'), '-threshold', '55%', '-monochrome', '-compress', 'Group4', o('minutes-scan-1bit-200dpi.tif'));
  truth['minutes-scan-1bit-200dpi.tif'] = [min];

  // A 2-page TIFF: the marking is on page 2.
  const r1 = render({ dpi: 200, ...A4, lines: reportPage1 }, t('report-p1.png'));
  const r2 = render({ dpi: 200, ...A4, lines: reportPage2 }, t('report-p2.png'));
  convert(t('report-p1.png'), t('report-p2.png'), '-threshold', '55%', '-monochrome', '-compress', 'Group4', o('report-2pages.tif'));
  truth['report-2pages.tif'] = [r1, r2];

  // BMP (4-bit palette), WebP, GIF.
  const m = render({ dpi: 200, widthIn: 8.27, heightIn: 4.6, marginLeftIn: 1.1, marginTopIn: 0.6, lines: memo }, t('memo.png'));
  convert(t('memo.png'), '-colors', '16', 'BMP3:' + o('memo-marked.bmp'));
  truth['memo-marked.bmp'] = [m];
  const nl = render({ dpi: 200, widthIn: 8.27, heightIn: 6, marginLeftIn: 1.1, marginTopIn: 0.6, lines: newsletter }, t('newsletter.png'));
  convert(t('newsletter.png'), '-quality', '70', o('newsletter-internal.webp'));
  truth['newsletter-internal.webp'] = [nl];
  const gn = render({ dpi: 200, widthIn: 8.27, heightIn: 5, marginLeftIn: 1.1, marginTopIn: 0.6, lines: gifNotice }, t('gif.png'));
  convert(t('gif.png'), '-colors', '16', o('notice-marked.gif'));
  truth['notice-marked.gif'] = [gn];

  // A small screenshot at screen resolution (96 dpi, 16 px text).
  const ss = render({ dpi: 96, widthIn: 5.4, heightIn: 2.4, marginLeftIn: 0.25, marginTopIn: 0.2, background: '#f3f3f3', lines: screenshot }, t('screenshot.png'));
  convert(t('screenshot.png'), o('screenshot-small.png'));
  truth['screenshot-small.png'] = [ss];

  // No text: a blank scanned page (a few specks) and a photo-like picture.
  convert('-size', '1654x2339', 'xc:#fbfbf8', '-seed', '3', '-attenuate', '0.08', '+noise', 'Uniform', '-colorspace', 'Gray', '-quality', '85', o('blank-page.jpg'));
  truth['blank-page.jpg'] = [''];
  convert('-size', '1200x800', '-seed', '7', 'plasma:#6b8fb8-#d9c7a0', '-blur', '0x3', '-quality', '80', o('photo-no-text.jpg'));
  truth['photo-no-text.jpg'] = [''];

  // Benign pages about secrecy: must pass.
  const reg = render({ dpi: 300, ...A4, lines: regulation }, t('regulation.png'));
  convert(t('regulation.png'), '-colors', '16', o('benign-regulation.png'));
  truth['benign-regulation.png'] = [reg];
  const pos = render({ dpi: 150, widthIn: 8.27, heightIn: 11.69, marginLeftIn: 0.8, marginTopIn: 2.2, background: '#fdf3dc', lines: poster }, t('poster.png'));
  convert(t('poster.png'), '-quality', '82', o('benign-poster-baomi-month.jpg'));
  truth['benign-poster-baomi-month.jpg'] = [pos];
  const nw = render({ dpi: 200, widthIn: 8.27, heightIn: 5.5, marginLeftIn: 1.1, marginTopIn: 0.6, lines: news }, t('news.png'));
  convert(t('news.png'), '-quality', '80', o('benign-news-training.jpg'));
  truth['benign-news-training.jpg'] = [nw];
  const pn = render({ dpi: 300, ...A4, lines: publicNotice }, t('public.png'));
  convert(t('public.png'), '-colors', '16', o('benign-public-notice.png'));
  truth['benign-public-notice.png'] = [pn];

  // Formats phones and web pages use: the marked notice as a phone's HEIC photo (60%), the public
  // notice as AVIF. Made from the samples above (needs ImageMagick with libheif).
  convert(o('notice-marked-300dpi.png'), '-resize', '60%', '-quality', '60', o('notice-marked-photo.heic'));
  truth['notice-marked-photo.heic'] = [notice];
  convert(o('benign-public-notice.png'), '-quality', '60', o('benign-public-notice.avif'));
  truth['benign-public-notice.avif'] = [pn];

  // An image-only 2-page PDF made from two of the scans (report page 1 benign, minutes marked).
  convert(t('report-p1.png'), '-quality', '75', t('scan-p1.jpg'));
  convert(t('minutes.png'), '-quality', '75', t('scan-p2.jpg'));
  execFileSync('img2pdf', ['--pagesize', 'A4', '-o', o('scan-2pages.pdf'), t('scan-p1.jpg'), t('scan-p2.jpg')]);
  truth['scan-2pages.pdf'] = [r1, min];

  writeFileSync(join(OUT, 'truth.json'), JSON.stringify({ version: 1, note: 'Source text of each page, lines joined by \\n.', files: truth }, null, 2) + '\n');
  let total = 0;
  for (const f of readdirSync(OUT)) {
    const size = statSync(join(OUT, f)).size;
    total += size;
    console.log(`${f}\t${(size / 1024).toFixed(0)} KB`);
  }
  console.log(`total ${(total / 1024 / 1024).toFixed(2)} MB`);
}

main();
