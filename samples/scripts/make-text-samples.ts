/**
 * Generates the text, HTML and Markdown samples that cannot be typed as plain UTF-8 files:
 * legacy encodings (GBK, GB18030, UTF-16, UTF-8 with BOM), zero-width characters, and documents
 * carrying identity numbers whose check characters must be computed (GB 11643, GB 32100, Luhn).
 *
 * Deterministic and re-runnable: `pnpm tsx samples/scripts/make-text-samples.ts` rewrites the same
 * bytes every time and merges the labels of the files it owns into each folder's labels.json,
 * leaving the hand-written files' labels alone.
 */
import type { Label as BenchLabel } from '../../packages/cli/src/bench.ts';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..');

// iconv-lite is a dependency of @prepub/extractors; resolving it from there keeps the samples
// folder free of its own package.json.
const requireFromExtractors = createRequire(join(SAMPLES, '..', 'packages', 'extractors', 'package.json'));
const iconv = requireFromExtractors('iconv-lite') as {
  encode(text: string, encoding: string): Buffer;
};

/** The label of one sample file: the bench's label format (samples/README.md), with the note required. */
export type Label = BenchLabel & { note: string };

/** A generated sample: where it goes, its bytes and its label. */
export interface GeneratedSample {
  folder: 'text' | 'html' | 'md';
  name: string;
  bytes: Uint8Array;
  label: Label;
}

// ---------------------------------------------------------------------------------------------
// Check characters. The corpus test re-implements these independently.

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** GB 11643 check character of the first 17 digits of a 居民身份证号. */
export function idCardCheck(body17: string): string {
  if (!/^\d{17}$/.test(body17)) throw new Error(`not 17 digits: ${body17}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(body17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** GB 32100 check character of the first 17 characters of a 统一社会信用代码. */
export function usccCheck(body17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(body17[i]);
    if (v < 0) throw new Error(`not a USCC character: ${body17[i]}`);
    sum += v * USCC_WEIGHTS[i];
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31];
}

const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2];

/** GB 11714 check character of an 8-character organisation code body (digits and capitals). */
export function orgCodeCheck(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += Number.parseInt(body8[i], 36) * ORG_WEIGHTS[i];
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** Luhn check digit for a card number body. */
export function luhnCheck(body: string): string {
  let sum = 0;
  // Walking from the right, the digit next to the check digit is doubled.
  for (let i = body.length - 1, double = true; i >= 0; i--, double = !double) {
    let d = Number(body[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

function luhnValid(number: string): boolean {
  return /^\d+$/.test(number) && luhnCheck(number.slice(0, -1)) === number.slice(-1);
}

/** A valid 居民身份证号: area, birth date, 3-digit sequence (odd = male, even = female). */
export function makeIdCard(area: string, birth: string, seq: string): string {
  const body = area + birth + seq;
  return body + idCardCheck(body);
}

/**
 * An 18-character number that looks like a 居民身份证号 but whose check character is wrong, and
 * which also fails Luhn and GB 32100, so no detector could take it for a card or a company code.
 */
export function makeInvalidIdCard(area: string, birth: string, seq: string): string {
  const body = area + birth + seq;
  const good = idCardCheck(body);
  const uscc = usccCheck(body);
  for (const c of '0123456789X') {
    const candidate = body + c;
    if (c !== good && c !== uscc && !luhnValid(candidate)) return candidate;
  }
  throw new Error(`no invalid check character for ${body}`);
}

/** A valid 统一社会信用代码: registration authority + type, area, organisation code body. */
export function makeUscc(prefix2: string, area6: string, org8: string): string {
  const body = prefix2 + area6 + org8 + orgCodeCheck(org8);
  return body + usccCheck(body);
}

/** A 统一社会信用代码 with a wrong GB 32100 check character. */
export function makeInvalidUscc(prefix2: string, area6: string, org8: string): string {
  const valid = makeUscc(prefix2, area6, org8);
  const good = valid[17];
  const wrong = USCC_CHARS[(USCC_CHARS.indexOf(good) + 7) % 31];
  return valid.slice(0, 17) + wrong;
}

/** A card number with a valid Luhn digit. */
export function makeCard(body: string): string {
  return body + luhnCheck(body);
}

/** A card number whose last digit fails Luhn. */
export function makeInvalidCard(body: string): string {
  return body + String((Number(luhnCheck(body)) + 5) % 10);
}

// ---------------------------------------------------------------------------------------------
// Encodings.

function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

function utf8Bom(text: string): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]));
}

function utf16le(text: string): Uint8Array {
  return new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
}

function utf16be(text: string): Uint8Array {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1];
    be[i + 1] = le[i];
  }
  return new Uint8Array(Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
}

function legacy(text: string, encoding: 'gbk' | 'gb18030'): Uint8Array {
  const bytes = new Uint8Array(iconv.encode(text, encoding));
  // iconv-lite silently writes '?' for characters an encoding lacks; a sample must never lose text.
  if (new TextDecoder('gb18030').decode(bytes) !== text) throw new Error(`text does not survive ${encoding}`);
  return bytes;
}

/** Windows editors save with CRLF; the GBK samples keep that habit. */
function crlf(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

function source(folder: string, name: string): string {
  return readFileSync(join(SAMPLES, folder, name), 'utf8');
}

// ---------------------------------------------------------------------------------------------
// Documents written here because they need computed numbers or invisible characters.

const ZERO_WIDTH_NOTICE = [
  '000058',
  // U+200B ZERO WIDTH SPACE inside the marking: invisible in an editor, breaks a naive match.
  '机\u200b密\u200b★5\u200b年',
  '特急',
  '',
  '江临市科学技术局文件',
  '',
  '江科发〔2024〕13号',
  '',
  '关于做好重大科技专项项目验收工作的通知',
  '',
  '各有关单位：',
  '',
  '　　根据市重大科技专项管理办法，2021年立项的6个重大科技专项项目已到期。现将验收工作有关事项通知如下。',
  '',
  '　　一、项目承担单位应当于9月30日前提交验收申请、技术总结报告和经费决算报告。',
  '',
  '　　二、验收专家组由市科技局从专家库中抽取，专家名单在验收会前不予公开。',
  '',
  '　　三、项目核心技术资料由承担单位按照有关规定妥善保管，验收时只提交摘要。',
  '',
  '江临市科学技术局',
  '2024年8月12日',
  '',
  '江临市科学技术局办公室\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u30002024年8月12日印发',
  '',
].join('\n');

interface Person {
  name: string;
  sex: '男' | '女';
  area: string;
  birth: string;
  seq: string;
  mobile: string;
  email: string;
  post: string;
}

const STAFF: Person[] = [
  { name: '张丽华', sex: '女', area: '330106', birth: '19850314', seq: '032', mobile: '13857120416', email: 'zhanglihua', post: '办公室主任' },
  { name: '王建军', sex: '男', area: '330102', birth: '19790822', seq: '017', mobile: '13905718823', email: 'wangjianjun', post: '副主任' },
  { name: '李晓东', sex: '男', area: '320106', birth: '19920105', seq: '051', mobile: '15068109372', email: 'lixiaodong', post: '文秘' },
  { name: '陈静', sex: '女', area: '330104', birth: '19961127', seq: '024', mobile: '18767103385', email: 'chenjing', post: '档案管理' },
  { name: '刘伟', sex: '男', area: '410105', birth: '19880709', seq: '213', mobile: '13588460297', email: 'liuwei', post: '信息化' },
  { name: '赵敏', sex: '女', area: '330183', birth: '19900430', seq: '068', mobile: '17706512948', email: 'zhaomin', post: '财务' },
  { name: '孙浩然', sex: '男', area: '510107', birth: '19950218', seq: '139', mobile: '19957186034', email: 'sunhaoran', post: '后勤' },
  { name: '周雅琴', sex: '女', area: '330106', birth: '19830916', seq: '002', mobile: '13336170581', email: 'zhouyaqin', post: '人事' },
  { name: '吴志刚', sex: '男', area: '340104', birth: '19761203', seq: '015', mobile: '15158892047', email: 'wuzhigang', post: '驾驶员' },
  { name: '郑思远', sex: '男', area: '330109', birth: '19990601', seq: '097', mobile: '18069875312', email: 'zhengsiyuan', post: '综合文员' },
];

/** Valid identity numbers in the roster, for the corpus test. */
export const ROSTER_IDS = STAFF.map((p) => {
  // GB 11643: the sequence code's last digit is odd for men and even for women.
  if ((Number(p.seq[2]) % 2 === 1) !== (p.sex === '男')) throw new Error(`sequence code does not match sex of ${p.name}`);
  return makeIdCard(p.area, p.birth, p.seq);
});

function roster(): string {
  const rows = STAFF.map((p, i) =>
    [String(i + 1), p.name, p.sex, ROSTER_IDS[i], p.mobile, `${p.email}@jlcdfz.com.cn`, p.post].join('\t'),
  );
  return [
    '江临市城东发展服务中心在编在岗人员花名册',
    '（2024年7月更新）',
    '',
    ['序号', '姓名', '性别', '居民身份证号码', '手机号码', '电子邮箱', '岗位'].join('\t'),
    ...rows,
    '',
    '填报单位：江临市城东发展服务中心办公室',
    '填报人：周雅琴　　审核人：张丽华',
    '说明：本表用于办理工作证和保险登记，请勿转作他用。',
    '',
  ].join('\n');
}

interface Supplier {
  name: string;
  prefix: string;
  area: string;
  org: string;
  bank: string;
  card: string;
  contact: string;
  mobile: string;
  goods: string;
}

const SUPPLIER_DATA: Supplier[] = [
  { name: '江临市恒通办公用品有限公司', prefix: '91', area: '330106', org: 'MA27XK3P', bank: '中国工商银行江临城东支行', card: '622202120301884', contact: '何立新', mobile: '13906810274', goods: '办公用品、耗材' },
  { name: '江临华泰印务有限公司', prefix: '91', area: '330102', org: 'MA2CF81D', bank: '中国建设银行江临分行营业部', card: '621700120009385', contact: '钱佳', mobile: '15857143362', goods: '文件印刷、装订' },
  { name: '江临市清源物业服务有限公司', prefix: '91', area: '330104', org: 'MA28Q0N6', bank: '中国农业银行江临西湖支行', card: '622848039811702', contact: '冯建国', mobile: '13777021859', goods: '保洁、安保服务' },
  { name: '江临瑞达信息技术有限公司', prefix: '91', area: '330108', org: 'MA2H4U9L', bank: '招商银行江临高新支行', card: '621483571006294', contact: '蒋文博', mobile: '18868195530', goods: '计算机设备维护' },
  { name: '江临市绿源餐饮管理有限公司', prefix: '91', area: '330183', org: 'MA2B6TRX', bank: '江临农村商业银行城东支行', card: '623091000428157366', contact: '沈红梅', mobile: '15906523018', goods: '机关食堂托管' },
];

/** Valid 统一社会信用代码 and Luhn-valid card numbers in the supplier list, for the corpus test. */
export const SUPPLIER_USCCS = SUPPLIER_DATA.map((s) => makeUscc(s.prefix, s.area, s.org));
export const SUPPLIER_CARDS = SUPPLIER_DATA.map((s) => makeCard(s.card));

function suppliers(): string {
  const blocks = SUPPLIER_DATA.map((s, i) =>
    [
      `${i + 1}.${s.name}`,
      `　　统一社会信用代码：${SUPPLIER_USCCS[i]}`,
      `　　供应内容：${s.goods}`,
      `　　开户银行：${s.bank}`,
      `　　结算卡号：${SUPPLIER_CARDS[i]}`,
      `　　联系人：${s.contact}　手机：${s.mobile}`,
    ].join('\n'),
  );
  return [
    '江临市城东发展服务中心2024年度定点供应商名录',
    '',
    '　　经2024年2月政府采购程序确定，以下供应商为本中心2024年度定点供应商，服务期限至2024年12月31日。各科室采购时请与供应商联系人直接对接，货款由财务科统一结算。',
    '',
    ...blocks.flatMap((b) => [b, '']),
    '江临市城东发展服务中心财务科',
    '2024年3月1日',
    '',
  ].join('\n');
}

/** Numbers in the anti-fraud article: each fails its check, so the article must pass. */
export const INVALID_IDS = [
  makeInvalidIdCard('330106', '19870512', '031'),
  makeInvalidIdCard('330102', '19930228', '046'),
  makeInvalidIdCard('320583', '19810917', '115'),
];
export const INVALID_USCCS = [
  makeInvalidUscc('91', '330106', 'MA2D7K1W'),
  makeInvalidUscc('91', '330110', 'MA28UJ5C'),
];
export const INVALID_CARDS = [makeInvalidCard('622588130604271'), makeInvalidCard('622700301928846103')];

function antiFraudArticle(): string {
  return [
    '警惕“冒名注册”骗局：这些号码一查就是假的',
    '',
    '　　本报讯（记者 邵一鸣）近日，江临市市场监督管理局在办理企业登记时，接连发现几起冒用他人身份信息注册公司的案件。市市场监管局登记注册处提醒市民，遇到可疑的号码，先核对校验位，可以识破不少骗局。',
    '',
    '　　据介绍，居民身份证号码由18位组成，最后一位是校验码，由前17位按照国家标准规定的公式计算得出。不法分子伪造的号码往往只是随意编造，校验码对不上。例如，在一起案件中，嫌疑人提交的三个身份证号码' +
      `${INVALID_IDS[0]}、${INVALID_IDS[1]}和${INVALID_IDS[2]}，经系统核验，校验码全部错误，系伪造号码。`,
    '',
    '　　统一社会信用代码同样带有校验码。嫌疑人在合同上填写的“合作企业”代码' +
      `${INVALID_USCCS[0]}和${INVALID_USCCS[1]}，最后一位校验码与计算结果不符，在国家企业信用信息公示系统中也查无此企业。`,
    '',
    '　　此外，嫌疑人还向受害人提供了所谓的“公司收款账户”，卡号' +
      `${INVALID_CARDS[0]}和${INVALID_CARDS[1]}，经银行核实，均为无效卡号。`,
    '',
    '　　市市场监管局提醒，市民在签订合同、转账付款前，可通过国家企业信用信息公示系统核实企业信息；发现身份信息被冒用的，应当及时向登记机关申请撤销登记，并向公安机关报案。',
    '',
  ].join('\n');
}

/** A museum news item with a CJK Extension C character (赵孟𫖯): GB18030 encodes it in four bytes, GBK cannot. */
const CALLIGRAPHY_NEWS = [
  '江临市博物馆举办元代书画特展',
  '',
  '　　本报讯（记者 林悦）9月28日，“松雪遗墨——元代书画特展”在江临市博物馆开幕。展览汇集了来自省内外8家博物馆的元代书画作品56件，其中赵孟𫖯的行书《归去来辞》卷、管道昇的墨竹图轴为首次在本市展出。',
  '',
  '　　赵孟𫖯是元代最有影响的书画家之一，号松雪道人，其书法被称为“赵体”，与欧阳询、颜真卿、柳公权并称“楷书四大家”。策展人介绍，本次展览按照“书法”“绘画”“交游”三个单元布展，观众可以通过高清数字屏幕放大观看作品细节。',
  '',
  '　　展览免费向公众开放，持续至12月31日。观众可通过博物馆微信公众号预约参观，每周一闭馆。',
  '',
].join('\n');

// ---------------------------------------------------------------------------------------------

/** Builds every generated sample in memory. Reads the UTF-8 sources the encoded variants copy. */
export function buildSamples(): GeneratedSample[] {
  const hiddenDiv = source('html', 'hidden-div.html').replace('<meta charset="utf-8">', '<meta charset="gbk">');
  const newsPage = source('html', 'news-page.html').replace('<meta charset="utf-8">', '<meta charset="gb2312">');
  const faqHtml = source('html', 'policy-interpretation.html').replace('<meta charset="utf-8">', '<meta charset="utf-16">');

  return [
    {
      folder: 'text',
      name: 'notice-zero-width.txt',
      bytes: utf8(ZERO_WIDTH_NOTICE),
      label: {
        verdict: 'block',
        findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', line: 2 }],
        note: 'GB/T 9704 notice whose 机密★5年 has U+200B zero-width spaces between the characters; invisible to a reader, must not hide the marking.',
      },
    },
    {
      folder: 'text',
      name: 'roster-staff.txt',
      bytes: utf8(roster()),
      label: {
        verdict: 'review',
        findings: [
          { ruleId: 'pii.cn-id-card', role: 'body' },
          { ruleId: 'pii.mobile', role: 'body' },
          { ruleId: 'pii.email', role: 'body' },
        ],
        note: 'Staff roster with ten 居民身份证号 carrying valid GB 11643 check digits, mobile numbers and e-mail addresses: personal data a reviewer must see before publication.',
      },
    },
    {
      folder: 'text',
      name: 'suppliers.txt',
      bytes: utf8(suppliers()),
      label: {
        verdict: 'review',
        findings: [
          { ruleId: 'pii.uscc', role: 'body' },
          { ruleId: 'pii.bank-card', role: 'body' },
          { ruleId: 'pii.mobile', role: 'body' },
        ],
        note: 'Supplier list with 统一社会信用代码 (valid GB 32100 and GB 11714 check characters), Luhn-valid settlement card numbers and contacts\' mobile numbers.',
      },
    },
    {
      folder: 'text',
      name: 'anti-fraud-invalid-ids.txt',
      bytes: utf8(antiFraudArticle()),
      label: {
        verdict: 'pass',
        note: 'Published news item quoting forged identity numbers, company codes and card numbers; every one fails its check (GB 11643, GB 32100, Luhn), so none is personal data.',
      },
    },
    {
      folder: 'text',
      name: 'notice-jimi-5nian-gbk.txt',
      bytes: legacy(crlf(source('text', 'notice-jimi-5nian.txt')), 'gbk'),
      label: {
        verdict: 'block',
        findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', line: 2 }],
        note: 'notice-jimi-5nian.txt saved by a Windows editor: GBK bytes, CRLF line ends. 机密★5年 alone on line 2 under the 份号.',
      },
    },
    {
      folder: 'text',
      name: 'regulation-gbk.txt',
      bytes: legacy(source('text', 'regulation.txt'), 'gbk'),
      label: {
        verdict: 'pass',
        note: 'regulation.txt in GBK: a published regulation that uses 绝密/机密/秘密 only in running sentences.',
      },
    },
    {
      folder: 'text',
      name: 'notice-juemi-changqi-gb18030.txt',
      bytes: legacy(source('text', 'notice-juemi-changqi.txt'), 'gb18030'),
      label: {
        verdict: 'block',
        findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', line: 2 }],
        note: 'notice-juemi-changqi.txt in GB18030: 绝密★长期 alone on line 2.',
      },
    },
    {
      folder: 'text',
      name: 'calligraphy-news-gb18030.txt',
      bytes: legacy(CALLIGRAPHY_NEWS, 'gb18030'),
      label: {
        verdict: 'pass',
        note: 'Museum news in GB18030 with 赵孟𫖯 (a four-byte GB18030 character GBK lacks); nothing secret.',
      },
    },
    {
      folder: 'text',
      name: 'notice-mimi-bare-utf16le.txt',
      bytes: utf16le(source('text', 'notice-mimi-bare.txt')),
      label: {
        verdict: 'block',
        findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', line: 1 }],
        note: 'notice-mimi-bare.txt as UTF-16LE with BOM (Windows Notepad "Unicode"): bare 秘密★ alone on line 1.',
      },
    },
    {
      folder: 'text',
      name: 'faq-marking-utf16le.txt',
      bytes: utf16le(source('text', 'faq-marking.txt')),
      label: {
        verdict: 'pass',
        note: 'faq-marking.txt as UTF-16LE with BOM: markings quoted as examples inside sentences.',
      },
    },
    {
      folder: 'text',
      name: 'minutes-mimi-first-line-utf16be.txt',
      bytes: utf16be(source('text', 'minutes-mimi-first-line.txt')),
      label: {
        verdict: 'block',
        findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', line: 1 }],
        note: 'minutes-mimi-first-line.txt as UTF-16BE with BOM: 秘密★1年 is the whole first line of the minutes.',
      },
    },
    {
      folder: 'text',
      name: 'book-review-utf16be.txt',
      bytes: utf16be(source('text', 'book-review.txt')),
      label: {
        verdict: 'pass',
        note: 'book-review.txt as UTF-16BE with BOM: a review of 《秘密花园》.',
      },
    },
    {
      folder: 'text',
      name: 'notice-white-star-utf8bom.txt',
      bytes: utf8Bom(source('text', 'notice-white-star.txt')),
      label: {
        verdict: 'block',
        findings: [{ ruleId: 'marking.cn-state-secret', role: 'body', line: 1 }],
        note: 'notice-white-star.txt as UTF-8 with BOM: the BOM precedes 秘密☆5年 on line 1 and must not hide it.',
      },
    },
    {
      folder: 'text',
      name: 'public-notice-utf8bom.txt',
      bytes: utf8Bom(source('text', 'public-notice.txt')),
      label: {
        verdict: 'pass',
        note: 'public-notice.txt as UTF-8 with BOM: 发文字号 and （此件公开发布）, no marking.',
      },
    },
    {
      folder: 'html',
      name: 'hidden-div-gbk.html',
      bytes: legacy(crlf(hiddenDiv), 'gbk'),
      label: {
        verdict: 'block',
        findings: [{ ruleId: 'marking.cn-state-secret', role: 'hidden' }],
        note: 'hidden-div.html in GBK declared by <meta charset="gbk">: 机密★5年 in a display:none div.',
      },
    },
    {
      folder: 'html',
      name: 'news-page-gbk.html',
      bytes: legacy(newsPage, 'gbk'),
      label: {
        verdict: 'pass',
        note: 'news-page.html in GBK declared as gb2312 (a common mislabel on old CMSs): news on secrecy training, no marking.',
      },
    },
    {
      folder: 'html',
      name: 'policy-interpretation-utf16le.html',
      bytes: utf16le(faqHtml),
      label: {
        verdict: 'pass',
        note: 'policy-interpretation.html as UTF-16LE with BOM: markings only quoted inside sentences of a published explanation.',
      },
    },
  ];
}

type LabelsFile = { version: 1; files: Record<string, Label> };

function sortedLabels(labels: LabelsFile): LabelsFile {
  const files: Record<string, Label> = {};
  for (const name of Object.keys(labels.files).sort()) files[name] = labels.files[name];
  return { version: 1, files };
}

/** Writes every generated sample and merges its label into the folder's labels.json. */
export function writeSamples(): void {
  const samples = buildSamples();
  for (const folder of ['text', 'html', 'md'] as const) {
    const labelsPath = join(SAMPLES, folder, 'labels.json');
    const labels: LabelsFile = existsSync(labelsPath)
      ? (JSON.parse(readFileSync(labelsPath, 'utf8')) as LabelsFile)
      : { version: 1, files: {} };
    for (const s of samples.filter((x) => x.folder === folder)) {
      writeFileSync(join(SAMPLES, folder, s.name), s.bytes);
      labels.files[s.name] = s.label;
    }
    writeFileSync(labelsPath, JSON.stringify(sortedLabels(labels), null, 2) + '\n');
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeSamples();
  console.log(`wrote ${buildSamples().length} generated samples`);
}
