/**
 * Generated text corpora for the throughput benchmarks, seeded and deterministic:
 *  - `ordinary`: mixed Chinese prose and random dictionary-like words, ~10 dictionary hits per MB;
 *  - `dense`: the same with ~440 dictionary hits per MB (per-hit work dominates);
 *  - `realistic`: regulation and news text that talks about secrecy (绝密/机密/秘密 in prose, which
 *    must pass), e-mail headers, phone numbers, ID numbers, and a real marking in ~1% of the files;
 *  - `findings`: `realistic` text with about `findingsPerMB` personal-data findings per MB, for
 *    showing that no step is superlinear in the number of findings.
 */
import { cnIdCheckChar } from '@prepub/core';

/** A seeded generator (Park–Miller), so every run builds the same bytes. */
export function rng(seed: number): { next: () => number; pick: <T>(a: readonly T[]) => T; int: (lo: number, hi: number) => number } {
  let s = seed;
  const next = (): number => (s = (s * 16807) % 2147483647) / 2147483647;
  return { next, pick: (a) => a[Math.floor(next() * a.length)], int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) };
}

const COMMON = [...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研'];
const SENTENCES = [
  '为深入贯彻落实保密工作责任制，各单位要切实加强涉密载体管理。',
  '会议强调，要坚持上网不涉密、涉密不上网的原则，严格信息发布审查。',
  '数据的机密性、完整性和可用性是信息安全的基本属性。',
  '本市开展第十个保密宣传月活动，市民积极参与保密知识竞赛。',
  'The committee reviewed the annual report and approved the budget.',
  '联系电话：010-12345678，地址：江临市人民路100号。',
];

/** The bench dictionary: `n` random words of 3–5 common characters. */
export function benchTerms(n = 10_000, seed = 20241126): string[] {
  const r = rng(seed);
  const out = new Set<string>();
  while (out.size < n) {
    let w = '';
    const l = 3 + Math.floor(r.next() * 3);
    for (let i = 0; i < l; i++) w += r.pick(COMMON);
    out.add(w);
  }
  return [...out];
}

export function benchDictionary(terms: readonly string[]): string {
  return '@category bench\n@severity review\n@boundary word\n' + terms.join('\n') + '\n';
}

/**
 * Mixed prose with dictionary terms inserted at `hitRate` per character: 0.00003 gives about ten
 * dictionary hits per MB (ordinary documents), 0.002 about 440 (a dense worst case).
 */
export function mixedDocument(targetBytes: number, terms: readonly string[], hitRate: number, r = rng(7)): string {
  const parts: string[] = ['江临市保密局文件\n关于做好年度工作的通知\n\n'];
  let bytes = 0;
  while (bytes < targetBytes) {
    let para = '';
    for (let s = 0; s < 6; s++) {
      if (r.next() < 0.5) para += r.pick(SENTENCES);
      else {
        let t = '';
        for (let i = 0; i < 40; i++) t += r.next() < hitRate ? r.pick(terms) : r.pick(COMMON);
        para += t + '。';
      }
    }
    para += '\n';
    parts.push(para);
    bytes += Buffer.byteLength(para);
  }
  return parts.join('');
}

// Regulation and news prose that names classification levels without being classified.
const LAW = [
  '第九条　下列涉及国家安全和利益的事项，泄露后可能损害国家在政治、经济、国防、外交等领域的安全和利益的，应当确定为国家秘密。',
  '第十三条　国家秘密的密级分为绝密、机密、秘密三级。绝密级国家秘密是最重要的国家秘密，泄露会使国家安全和利益遭受特别严重的损害。',
  '机密级国家秘密是重要的国家秘密，泄露会使国家安全和利益遭受严重的损害；秘密级国家秘密是一般的国家秘密。',
  '第十五条　国家秘密的保密期限，除另有规定外，绝密级不超过三十年，机密级不超过二十年，秘密级不超过十年。',
  '第二十条　机关、单位应当在国家秘密产生的同时，由承办人依据有关保密事项范围拟定密级、保密期限和知悉范围。',
  '第二十八条　涉密人员应当具有良好的政治素质和品行，经过保密教育培训，具备胜任涉密岗位的工作能力和保密知识技能。',
  '网络运营者应当对其收集的用户信息严格保密，并建立健全用户信息保护制度。',
  '任何组织和个人不得窃取或者以其他非法方式获取个人信息，不得非法出售或者非法向他人提供个人信息。',
];
const NEWS = [
  '记者从市保密局获悉，今年保密宣传月期间，全市共举办各类宣传活动三百余场，发放宣传材料五万余份。',
  '专家指出，企业应当重视商业秘密保护，建立覆盖研发、生产、销售全流程的保密管理制度。',
  '小说《秘密花园》再版发行，书中讲述了一个关于成长与友谊的故事，受到青少年读者喜爱。',
  '在信息安全领域，数据的机密性是指信息不被泄露给非授权的用户、实体或过程。',
  '会议要求，各级领导干部要带头学习保密法律法规，切实增强保密意识，筑牢保密防线。',
  '据悉，该市今年新建五G基站一千二百个，实现城区和重点乡镇全覆盖。',
  '市政府新闻办公室今天举行新闻发布会，介绍今年一季度全市经济运行情况。',
  '本次培训邀请省保密局专家授课，围绕新修订的保守国家秘密法进行了深入解读。',
];
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂'];
const DOMAINS = ['example.gov.cn', 'mail.jianglin.cn', 'qq.com', '163.com', 'corp.example.com'];

function cnId(r: ReturnType<typeof rng>): string {
  const region = String(r.int(110000, 659000));
  const birth = `${r.int(1950, 2005)}${String(r.int(1, 12)).padStart(2, '0')}${String(r.int(1, 28)).padStart(2, '0')}`;
  const first = region + birth + String(r.int(0, 999)).padStart(3, '0');
  return first + cnIdCheckChar(first);
}
const mobile = (r: ReturnType<typeof rng>): string => `1${r.pick(['3', '5', '7', '8', '9'])}${r.int(0, 9)}${String(r.int(0, 99_999_999)).padStart(8, '0')}`;
const person = (r: ReturnType<typeof rng>): string => r.pick(SURNAMES) + r.pick(GIVEN) + (r.next() < 0.5 ? r.pick(GIVEN) : '');
const pinyin = (r: ReturnType<typeof rng>): string => r.pick(['zhang', 'wang', 'li', 'liu', 'chen', 'yang']) + r.pick(['wei', 'fang', 'min', 'jing', 'lei', 'jun']) + r.int(1, 99);

function emailHeader(r: ReturnType<typeof rng>): string {
  return [
    `From: ${person(r)} <${pinyin(r)}@${r.pick(DOMAINS)}>`,
    `To: ${person(r)} <${pinyin(r)}@${r.pick(DOMAINS)}>`,
    `Date: Mon, ${r.int(1, 28)} Oct 2024 ${r.int(8, 18)}:${String(r.int(0, 59)).padStart(2, '0')}:00 +0800`,
    `Subject: 关于${r.pick(['年度工作总结', '培训安排', '会议纪要', '材料报送'])}的通知`,
    '',
  ].join('\n');
}

/** Personal data in a sentence: a mobile number, an ID number or an e-mail address, with a label. */
function personalLine(r: ReturnType<typeof rng>): string {
  const k = r.next();
  if (k < 0.4) return `联系人：${person(r)}，手机：${mobile(r)}，办公电话：0${r.int(10, 99)}-${r.int(60_000_000, 89_999_999)}。`;
  if (k < 0.7) return `申请人${person(r)}，身份证号码${cnId(r)}，现居江临市人民路${r.int(1, 300)}号。`;
  return `如有疑问，请发送邮件至${pinyin(r)}@${r.pick(DOMAINS)}，或致电${mobile(r)}。`;
}

/**
 * One realistic file of about `targetBytes`: law or news prose (level words in prose), now and then
 * an e-mail header or a line with personal data (`findingsPerMB` of them per MB), and dictionary
 * terms at the ordinary rate. With `marked`, the file starts like a classified document.
 */
export function realisticDocument(targetBytes: number, terms: readonly string[], r: ReturnType<typeof rng>, opts: { marked?: boolean; findingsPerMB?: number } = {}): string {
  const perByte = (opts.findingsPerMB ?? 60) / 1e6;
  const parts: string[] = [];
  if (opts.marked) parts.push(`000123\n机密★5年\n江临市国家安全工作领导小组办公室\n关于${r.pick(['专项工作', '重点目标'])}的报告\n\n`);
  else parts.push(r.next() < 0.5 ? '中华人民共和国保守国家秘密法（节选）\n\n' : '江临日报　要闻\n\n');
  let bytes = 0;
  let debt = 0;
  while (bytes < targetBytes) {
    let para = '';
    if (r.next() < 0.02) para += emailHeader(r);
    const source = r.next() < 0.5 ? LAW : NEWS;
    for (let s = 0; s < 5; s++) {
      para += r.pick(source);
      if (r.next() < 0.00003 * 60) para += r.pick(terms) + '。';
    }
    debt += Buffer.byteLength(para) * perByte;
    while (debt >= 1) {
      para += personalLine(r);
      debt -= 1;
    }
    para += '\n';
    parts.push(para);
    bytes += Buffer.byteLength(para);
  }
  return parts.join('');
}

export type CorpusKind = 'ordinary' | 'dense' | 'realistic';

/**
 * `files` documents of about `fileBytes` each, UTF-8, with the bench dictionary. For `realistic`,
 * file 37 of every 100 carries a marking (1%).
 */
export function makeCorpus(kind: CorpusKind, files: number, fileBytes = 1_050_000): { docs: Uint8Array[]; terms: string[]; dictText: string } {
  const terms = benchTerms();
  const r = rng(kind === 'ordinary' ? 11 : kind === 'dense' ? 13 : 17);
  const enc = new TextEncoder();
  const docs = Array.from({ length: files }, (_, i) =>
    enc.encode(kind === 'realistic' ? realisticDocument(fileBytes, terms, r, { marked: i % 100 === 37 }) : mixedDocument(fileBytes, terms, kind === 'ordinary' ? 0.00003 : 0.002, r)),
  );
  return { docs, terms, dictText: benchDictionary(terms) };
}
