/**
 * What each rule finds, why it matters and how to waive it: used by `prepub explain`, by SARIF
 * rule metadata and by the HTML report. The scanner names its detectors in `scanner.info.detectors`
 * but carries no prose, so the prose lives here; rules the table does not know (for example
 * `term.<category>` from a new dictionary) get a generic entry from {@link ruleDoc}.
 */

/** Documentation of one rule. */
export interface RuleDoc {
  id: string;
  /** One line: what the rule finds. */
  title: string;
  /** Verdict a finding of this rule asks for under the default policy. */
  severity: 'block' | 'review' | 'info';
  /** What it looks for, with examples. */
  finds: string;
  /** Why it matters before publication. */
  why: string;
  /** How to waive a false alarm. */
  waive: string;
}

const WAIVE_GENERIC =
  'If the finding is a false alarm, add a waiver to the policy file\'s "waivers": ' +
  '{ "fingerprint": "<the finding\'s fingerprint from the JSON report>", "reason": "…", "approvedBy": "…", "expires": "YYYY-MM-DD" }. ' +
  'The finding is then reported as suppressed and no longer changes the verdict until the waiver expires. ' +
  'Text that is always harmless (a published regulation\'s title, a public office number) goes into the ' +
  'policy\'s "allowlist" instead: { "text": "…" or "pattern": "…", "ruleId": "<rule or prefix>", "reason": "…" }. ' +
  'Run the scan with --policy <file> or name the file in prepub.config.json.';

const DOCS: RuleDoc[] = [
  {
    id: 'marking.cn-state-secret',
    title: 'Chinese state-secret marking (国家秘密标志)',
    severity: 'block',
    finds:
      'A classification mark of a state secret: level 绝密/机密/秘密, ★, and a period, date or condition ' +
      '(机密★5年, 秘密★6个月, 绝密★长期, 机密★会议开始前, 机密★), also when distorted: ☆ ＊ * for ★, ' +
      'OCR reading ★ as 女/文/又, spaces from PDF text layers (机 密 ★ 3 年), full-width digits, ' +
      'traditional characters (機密), zero-width characters. Stronger when the mark stands alone on its ' +
      'line near the top of the first page, in a header or with a 份号 above it; weaker inside a running ' +
      'sentence (绝密文件严禁翻印 is no mark).',
    why:
      'A document carrying a state-secret mark must never be put on a network connected to the internet ' +
      '(涉密不上网). Even in hidden text, a comment, a tracked deletion or the document properties the mark ' +
      'travels with the file.',
    waive:
      'Do not waive a real mark: have the document declassified (解密) or remove it from publication. For ' +
      'text that only talks about markings (a secrecy regulation, a training text quoting 机密★5年 as an ' +
      'example), add a waiver with the finding\'s fingerprint and the reason. ' + WAIVE_GENERIC,
  },
  {
    id: 'marking.cn-lower',
    title: 'Lower marking: 内部, 工作秘密, 内部资料, 商业秘密',
    severity: 'review',
    finds: '内部, 内部资料 注意保存, 内部参考, 仅供内部使用, 工作秘密, 商业秘密 standing as a marking (alone on a line, in a header, near the top).',
    why: 'These marks have no national format and do not make a state secret, but they say the author did not mean the text for the public: a person must decide.',
    waive: WAIVE_GENERIC,
  },
  {
    id: 'marking.foreign',
    title: 'Foreign classification marking',
    severity: 'block',
    finds:
      'US banner lines and portion marks (TOP SECRET//NOFORN, SECRET//REL TO USA, GBR, (TS//NF), (S)), ' +
      'classification blocks (Classified By: … Declassify On: …), UK markings (OFFICIAL-SENSITIVE, SECRET, ' +
      'TOP SECRET) in capitals at the top or bottom of a page. A lone "confidential" in an e-mail footer is no marking.',
    why: 'Classified material of another state must not be published; its presence also means the source needs checking.',
    waive: WAIVE_GENERIC,
  },
  {
    id: 'pii.cn-id-card',
    title: 'Resident identity card number (居民身份证号)',
    severity: 'review',
    finds: '18-character numbers whose last character is the valid GB 11643 mod-11 check digit (0-9 or X).',
    why: 'Publishing identity numbers exposes people to fraud and breaks personal-information law.',
    waive: WAIVE_GENERIC,
  },
  {
    id: 'pii.uscc',
    title: 'Unified social credit code (统一社会信用代码)',
    severity: 'review',
    finds: '18-character codes with a valid GB 32100 check character.',
    why: 'Usually public for companies, but in rosters it can identify individual businesses; a person decides.',
    waive: WAIVE_GENERIC,
  },
  {
    id: 'pii.bank-card',
    title: 'Bank card number',
    severity: 'review',
    finds: 'Card numbers of 16 to 19 digits that pass the Luhn check.',
    why: 'A published card number invites fraud.',
    waive: WAIVE_GENERIC,
  },
  {
    id: 'pii.mobile',
    title: 'Mobile phone number',
    severity: 'review',
    finds: 'Mainland mobile numbers 1[3-9]xxxxxxxxx.',
    why: 'Personal numbers in rosters and minutes should not be published without consent.',
    waive: WAIVE_GENERIC,
  },
  {
    id: 'pii.email',
    title: 'E-mail address',
    severity: 'review',
    finds: 'E-mail addresses.',
    why: 'Personal addresses should not be published without consent; office addresses are usually fine (allowlist them).',
    waive: WAIVE_GENERIC,
  },
];

/** Rules about content that was not read; used in SARIF and CSV rows for unread items. */
export const UNREAD_RULE: RuleDoc = {
  id: 'unread',
  title: 'Content not read',
  severity: 'review',
  finds: 'Content prepub could not read completely: encrypted or corrupt files, content over a limit, timeouts, pictures OCR could not read, embedded objects not scanned.',
  why: 'prepub fails closed: what was not read cannot be passed, so a person must look at it.',
  waive: 'Make the content readable (remove the password, convert the object, raise the limit in the config) and scan again, or review it by hand.',
};

/** Rule for files prepub could not open at all. */
export const ERROR_RULE: RuleDoc = {
  id: 'error',
  title: 'File could not be scanned',
  severity: 'review',
  finds: 'A file that could not be opened or scanned (missing, no permission, a scanner error).',
  why: 'A file that was not scanned cannot be passed.',
  waive: 'Fix the cause named in the message and scan again.',
};

const BY_ID = new Map(DOCS.map((d) => [d.id, d]));
for (const d of [UNREAD_RULE, ERROR_RULE]) BY_ID.set(d.id, d);

/** Every documented rule. */
export function allRuleDocs(): RuleDoc[] {
  return [...DOCS, UNREAD_RULE, ERROR_RULE];
}

/** Documentation for a rule id; `term.<category>` and unknown ids get a generic entry. Undefined only for ids that look like nothing prepub reports. */
export function ruleDoc(id: string): RuleDoc | undefined {
  const known = BY_ID.get(id);
  if (known) return known;
  if (id.startsWith('term.')) {
    const category = id.slice('term.'.length);
    return {
      id,
      title: `Dictionary term of category "${category}"`,
      severity: 'review',
      finds: `Terms listed in a dictionary under the category "${category}" (see the README section Dictionaries), matched across width, case, traditional/simplified and separator variants.`,
      why: 'The dictionary owner listed these terms because their appearance in published text needs a reviewer\'s eye (project code names, internal unit names, sensitive topics).',
      waive: 'Remove or re-categorise the term in the dictionary if it is wrong everywhere; for one document add a waiver. ' + WAIVE_GENERIC,
    };
  }
  if (id.startsWith('unread')) return { ...UNREAD_RULE, id };
  return undefined;
}

/** The README anchor for a rule: `marking.cn-state-secret` → `rule-marking-cn-state-secret`, `term.x` → `rule-term`. */
export function ruleAnchor(id: string): string {
  // Dictionary categories share one README section; so do the unread reasons.
  if (id.startsWith('term.')) return 'rule-term';
  if (id.startsWith('unread')) return 'rule-unread';
  return 'rule-' + id.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
