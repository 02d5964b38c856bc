/**
 * pii.* — personal and organisational data that must not go online unreviewed: 居民身份证号 (GB 11643
 * check digit), 统一社会信用代码 (GB 32100 check character), bank card numbers (Luhn), mobile
 * numbers, e-mail addresses. Pattern → checksum → context boost, as in Presidio: invalid checksums
 * are not findings; a nearby label (身份证, 手机, 卡号 …) raises the score.
 *
 * An organisation's published contacts are not personal data: an office's role address
 * (press@…, xinwen@….gov.cn, 12345@…) is no finding, and landlines, service numbers (12345, 12315,
 * 110) and 400/800 numbers are not matched at all. Personal identifiers are counted per part, and
 * a part holding many of one kind (a roster of private persons) weighs more.
 */
import type { Detector, DetectContext, RawFinding, RuleInfo } from './types.ts';
import type { FindingCategory } from '../types.ts';
import { Score } from './cues.ts';
import { isValidCnId, isValidLuhn, isValidUscc } from './checksums.ts';
import { message as msg } from '../i18n/index.ts';

interface PiiRule {
  ruleId: string;
  what: string;
  re: RegExp;
  base: number;
  context: RegExp;
  validate?: (s: string) => boolean;
  checksum?: string;
}

const RULES: PiiRule[] = [
  {
    ruleId: 'pii.cn-id-card',
    what: '居民身份证号',
    re: /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g,
    base: 0.7,
    context: /身份证|证件号|公民身份|身份号码|ID/,
    validate: isValidCnId,
    checksum: 'GB 11643 mod 11-2',
  },
  {
    ruleId: 'pii.uscc',
    what: '统一社会信用代码',
    re: /(?<![0-9A-Za-z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Za-z])/g,
    base: 0.6,
    context: /信用代码|社会信用|税号|纳税人识别/,
    validate: isValidUscc,
    checksum: 'GB 32100 mod 31',
  },
  {
    ruleId: 'pii.bank-card',
    what: 'bank card number',
    re: /(?<![0-9A-Za-z])(?:[3-6]\d{15,18}|[3-6]\d{3}(?: \d{4}){3}(?: \d{1,3})?)(?![0-9A-Za-z])/g,
    base: 0.55,
    context: /卡号|银行卡|账号|帐号|开户|储蓄卡|信用卡/,
    validate: (s) => isValidLuhn(s.replace(/ /g, '')),
    checksum: 'Luhn',
  },
  {
    ruleId: 'pii.mobile',
    what: 'mobile number',
    re: /(?<![0-9A-Za-z])(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2}(?![0-9A-Za-z])/g,
    base: 0.5,
    context: /手机|电话|联系方式|移动电话|Tel|Mobile/i,
  },
  {
    ruleId: 'pii.email',
    what: 'e-mail address',
    re: /(?<![\w.+-])[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}(?![\w-])/g,
    base: 0.5,
    context: /邮箱|电子邮件|E-?mail|邮件/i,
  },
];

/**
 * Local parts of e-mail addresses that name an office or a function, not a person: an
 * organisation's published contact (press office, 信息公开, 办公室, 举报, 投诉, 咨询, 信访, 客服 …).
 * Judged on the first token of the local part (`press.office@`, `xinwen_zx@`).
 */
const ROLE_LOCAL_PART = new RegExp(
  '^(?:' +
    [
      'press', 'media', 'news', 'newsroom', 'info', 'information', 'contact', 'contactus', 'service', 'services', 'support', 'help',
      'helpdesk', 'office', 'admin', 'webmaster', 'postmaster', 'hostmaster', 'enquiries', 'enquiry', 'inquiry', 'inquiries',
      'feedback', 'complaint', 'complaints', 'hotline', 'secretariat', 'hr', 'jobs', 'careers', 'recruit', 'recruitment', 'noreply',
      'no-reply', 'kefu', 'xinwen', 'xwzx', 'xwb', 'xcb', 'xxgk', 'zwgk', 'zfxxgk', 'gkb', 'bgs', 'bangongshi', 'dangban', 'jubao',
      'jb', 'tousu', 'zixun', 'xinfang', 'xfb', 'zhaopin', 'rsc', 'mishu', 'wzbj', 'wzgl',
    ].join('|') +
    ')$|^\\d{3,6}$',
  'i',
);

/** Whether an e-mail address is an organisation's role address rather than a person's. */
export function isRoleAddress(address: string): boolean {
  const local = address.slice(0, address.indexOf('@'));
  return ROLE_LOCAL_PART.test(local.split(/[._+-]/)[0]) || ROLE_LOCAL_PART.test(local);
}

/** This many identifiers of one kind in a part make a list of people (a roster), not a mention. */
const ROSTER_SIZE = 3;

const RULE_DOCS: readonly RuleInfo[] = [
  {
    id: 'pii.cn-id-card',
    title: 'Resident identity card number (居民身份证号)',
    defaultSeverity: 'review',
    finds: '18-character numbers whose last character is the valid GB 11643 mod-11 check digit (0-9 or X); invalid check digits are no finding. A label nearby (身份证, 证件号) raises the score; three or more in a part make a roster.',
    why: 'Publishing identity numbers exposes people to fraud and breaks personal-information law.',
  },
  {
    id: 'pii.uscc',
    title: 'Unified social credit code (统一社会信用代码)',
    defaultSeverity: 'review',
    finds: '18-character codes with a valid GB 32100 check character.',
    why: 'Usually public for companies, but in rosters it can identify individual businesses; a person decides.',
  },
  {
    id: 'pii.bank-card',
    title: 'Bank card number',
    defaultSeverity: 'review',
    finds: 'Card numbers of 16 to 19 digits that pass the Luhn check.',
    why: 'A published card number invites fraud.',
  },
  {
    id: 'pii.mobile',
    title: 'Mobile phone number',
    defaultSeverity: 'review',
    finds: 'Mainland mobile numbers 1[3-9]xxxxxxxxx, with or without +86 and separators. Landlines (0571-87654321), service numbers (12345, 12315, 110) and 400/800 numbers are an organisation\'s published contacts and are not matched.',
    why: 'Personal numbers in rosters and minutes should not be published without consent.',
  },
  {
    id: 'pii.email',
    title: 'E-mail address',
    defaultSeverity: 'review',
    finds: "A person's e-mail address. An office's role address (press@, info@, xinwen@, xxgk@, jubao@, 12345@ …) is an organisation's published contact and no finding.",
    why: 'Personal addresses should not be published without consent.',
  },
];

const isIdChar = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);

/**
 * Where identifiers can be: runs of 11+ digits and capitals, single spaces and hyphens allowed
 * inside, an optional leading `+`. Returns for each run the window the rules look at (4 units before,
 * 1 after, overlapping ones merged) and the rules whose pattern can fit in it (see
 * {@link rulesFitting}). `text` as UTF-16 units. A loop, not a regular expression: a
 * repeated group over a run of megabytes overflows the regex engine's stack.
 */
function candidateWindows(text: Uint16Array): Array<[number, number, number]> {
  const n = text.length;
  const windows: Array<[number, number, number]> = [];
  let i = 0;
  while (i < n) {
    // Units outside '0'..'Z' (Chinese text, lower-case letters, punctuation) in a loop of their
    // own: one unsigned comparison per unit (a third less time than one pass testing every case).
    while (i < n && (text[i] - 0x30) >>> 0 > 0x5a - 0x30) i++;
    if (i >= n) break;
    const u = text[i];
    if (!isIdChar(u)) {
      i++;
      continue;
    }
    const start = i > 0 && text[i - 1] === 0x2b ? i - 1 : i;
    let count = 0;
    let end = i;
    let digits = 0;
    let stretch = 0;
    let longest = 0;
    while (i < n) {
      const c = text[i];
      if (isIdChar(c)) {
        count++;
        if (c <= 0x39) digits++;
        if (++stretch > longest) longest = stretch;
        end = ++i;
      } else if ((c === 0x20 || c === 0x2d) && i + 1 < n && isIdChar(text[i + 1])) {
        count++;
        stretch = 0;
        i++;
      } else break;
    }
    if (count >= 11) addWindow(windows, Math.max(0, start - 4), Math.min(n, end + 1), rulesFitting(digits, longest));
  }
  return windows;
}

/** Adds a window to a list in ascending order, merged with the last one when they overlap; the merged window keeps both rule sets. */
function addWindow(list: Array<[number, number, number]>, a: number, b: number, rules: number): void {
  const last = list[list.length - 1];
  if (last && a <= last[1]) {
    last[1] = Math.max(last[1], b);
    last[2] |= rules;
  } else list.push([a, b, rules]);
}

function unitsOf(text: string): Uint16Array {
  const u = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) u[i] = text.charCodeAt(i);
  return u;
}

/**
 * Bit k set: RULES[k] can match inside a run with this many digits and this longest unbroken
 * stretch of digits and capitals. An ID number or a credit code is 18 characters without a break
 * (the ID's last may be a lower-case x outside the run: 17); a card number has 16–19 digits;
 * a mobile number 11. Most runs in prose are landlines and dates, which only the mobile rule
 * needs to look at: four regular expressions less per run.
 */
function rulesFitting(digits: number, longest: number): number {
  let rules = 0;
  if (longest >= 17) rules |= 1 << 0; // pii.cn-id-card
  if (longest >= 18) rules |= 1 << 1; // pii.uscc
  if (digits >= 16) rules |= 1 << 2; // pii.bank-card
  if (digits >= 11) rules |= 1 << 3; // pii.mobile
  return rules;
}

export const pii: Detector = {
  id: 'pii',
  title: 'Personal data',
  summary: 'Personal data: 身份证号, 统一社会信用代码, bank cards, mobile numbers, e-mail addresses',
  docs: 'pii',
  defaultSeverity: 'review',
  rules: RULE_DOCS,
  detect(ctx: DetectContext): RawFinding[] {
    const text = ctx.norm.text;
    const out: RawFinding[] = [];
    // One pass finds the windows where any identifier can be (runs of digits and capitals, with
    // the spaces and hyphens phone and card numbers carry; e-mail addresses around each @); the
    // rules' own patterns then run only on those windows, never over the whole text.
    // Overlapping windows are merged, so no character is searched twice.
    // Each window carries the rules that can match in it (bit k: RULES[k]); merged windows keep all.
    // The units of the text (the engine's, when they are the text's): no string access per unit.
    const units = ctx.norm.units && ctx.norm.units.length === text.length ? ctx.norm.units : unitsOf(text);
    // The windows are gathered by the scanning loop itself, not through a callback: a new closure
    // per call was a new call target for the loop's optimised code each time, and sent it back.
    const windows = candidateWindows(units);
    const emailWindows: Array<[number, number, number]> = [];
    const EMAIL = 1 << RULES.findIndex((r) => r.ruleId === 'pii.email');
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) addWindow(emailWindows, Math.max(0, at - 65), Math.min(text.length, at + 256), EMAIL);
    // Units already claimed by a finding: an ID number is not also a card number.
    const taken = new Uint8Array(text.length);
    const isTaken = (a: number, b: number): boolean => {
      for (let k = a; k < b; k++) if (taken[k]) return true;
      return false;
    };
    for (const [k, rule] of RULES.entries()) {
      for (const [ws, we, rules] of rule.ruleId === 'pii.email' ? emailWindows : windows) {
        if ((rules & (1 << k)) === 0) continue;
        const slice = text.slice(ws, we);
        rule.re.lastIndex = 0;
        let m: RegExpExecArray | null;
        while ((m = rule.re.exec(slice))) {
          const start = ws + m.index;
          const end = start + m[0].length;
          // The window's edges are not the text's: a match touching a cut edge is checked in place.
          if ((m.index === 0 && ws > 0 && /[0-9A-Za-z]/.test(text[ws - 1])) || (end === we && we < text.length && /[0-9A-Za-z]/.test(text[we]))) continue;
          // A number already claimed by a stricter rule (an ID is not also a card number), or seen in an overlapping window.
          if (isTaken(start, end)) continue;
          const valid = rule.validate ? rule.validate(m[0]) : true;
          if (!valid) continue;
          // An office's published address (press@, xinwen@…gov.cn) is not a person's.
          if (rule.ruleId === 'pii.email' && isRoleAddress(m[0])) continue;
          const score = new Score(rule.base);
          if (rule.checksum) score.add(`${rule.checksum} check passes`, 0.1);
          const around = text.slice(Math.max(0, start - 20), start);
          if (rule.context.test(around)) score.add('labelled nearby', 0.15);
          taken.fill(1, start, end);
          out.push({
            ruleId: rule.ruleId,
            category: 'personal-data' as FindingCategory,
            maxSeverity: 'review',
            score: score.value,
            start,
            end,
            ...msg('finding.pii', { rule: rule.ruleId, what: rule.what }),
            explanation: {
              pattern: rule.what,
              base: rule.base,
              cues: score.cues,
              ...(rule.checksum ? { checksum: { algorithm: rule.checksum, valid } } : {}),
            },
            maskMatch: true,
          });
        }
      }
    }
    // How many of each kind this part holds, in every message; a list of several is a roster.
    const counts = new Map<string, number>();
    for (const f of out) counts.set(f.ruleId, (counts.get(f.ruleId) ?? 0) + 1);
    for (const f of out) {
      const n = counts.get(f.ruleId)!;
      Object.assign(f, msg('finding.pii', { rule: f.ruleId, what: RULES.find((r) => r.ruleId === f.ruleId)?.what ?? f.ruleId, count: n }));
      if (n >= ROSTER_SIZE && f.ruleId !== 'pii.uscc') {
        f.explanation.cues.push({ cue: `one of ${n} in this part: a list of people`, delta: 0.1 });
        f.score = Math.min(1, Math.round((f.score + 0.1) * 100) / 100);
      }
      f.explanation.fields = { ...f.explanation.fields, count: String(n) };
    }
    out.sort((a, b) => a.start - b.start);
    return out;
  },
};
