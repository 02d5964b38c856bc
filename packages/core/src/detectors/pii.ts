/**
 * pii.* — personal and organisational data that must not go online unreviewed: 居民身份证号 (GB 11643
 * check digit), 统一社会信用代码 (GB 32100 check character), bank card numbers (Luhn), mobile
 * numbers, e-mail addresses. Pattern → checksum → context boost, as in Presidio: invalid checksums
 * are not findings; a nearby label (身份证, 手机, 卡号 …) raises the score.
 */
import type { Detector, DetectContext, RawFinding } from './types.ts';
import type { FindingCategory } from '../types.ts';
import { Score } from './cues.ts';
import { isValidCnId, isValidLuhn, isValidUscc } from './checksums.ts';

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

const isIdChar = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a);

/**
 * Where identifiers can be: runs of 11+ digits and capitals, single spaces and hyphens allowed
 * inside, an optional leading `+`. Calls `found(start, end)` for each run. A loop, not a regular
 * expression: a repeated group over a run of megabytes overflows the regex engine's stack.
 */
function eachCandidate(text: string, found: (start: number, end: number) => void): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isIdChar(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i > 0 && text.charCodeAt(i - 1) === 0x2b ? i - 1 : i;
    let count = 0;
    let end = i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isIdChar(c)) {
        count++;
        end = ++i;
      } else if ((c === 0x20 || c === 0x2d) && i + 1 < n && isIdChar(text.charCodeAt(i + 1))) {
        count++;
        i++;
      } else break;
    }
    if (count >= 11) found(start, end);
  }
}

export const pii: Detector = {
  id: 'pii',
  summary: 'Personal data: 身份证号, 统一社会信用代码, bank cards, mobile numbers, e-mail addresses',
  docs: 'pii',
  detect(ctx: DetectContext): RawFinding[] {
    const text = ctx.norm.text;
    const out: RawFinding[] = [];
    // One pass finds the windows where any identifier can be (runs of digits and capitals, with
    // the spaces and hyphens phone and card numbers carry; e-mail addresses around each @); the
    // rules' own patterns then run only on those windows, never over the whole text.
    // Overlapping windows are merged, so no character is searched twice.
    const addWindow = (list: Array<[number, number]>, a: number, b: number): void => {
      const last = list[list.length - 1];
      if (last && a <= last[1]) last[1] = Math.max(last[1], b);
      else list.push([a, b]);
    };
    const windows: Array<[number, number]> = [];
    eachCandidate(text, (a, b) => addWindow(windows, Math.max(0, a - 4), Math.min(text.length, b + 1)));
    const emailWindows: Array<[number, number]> = [];
    for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) addWindow(emailWindows, Math.max(0, at - 65), Math.min(text.length, at + 256));
    // Units already claimed by a finding: an ID number is not also a card number.
    const taken = new Uint8Array(text.length);
    const isTaken = (a: number, b: number): boolean => {
      for (let k = a; k < b; k++) if (taken[k]) return true;
      return false;
    };
    for (const rule of RULES) {
      for (const [ws, we] of rule.ruleId === 'pii.email' ? emailWindows : windows) {
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
            message: `${rule.what} — personal data must be reviewed before publication`,
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
    out.sort((a, b) => a.start - b.start);
    return out;
  },
};
