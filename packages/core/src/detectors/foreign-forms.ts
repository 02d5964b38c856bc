/**
 * The foreign classification markings marking.foreign knows, as data: one entry a form, with its
 * pattern, where it must stand to be a marking, the severity it asks for, and examples and
 * counterexamples that a test runs through the real engine.
 *
 * Patterns run on normalized text: width folded (`ＳＥＣＲＥＴ` → `SECRET`), traditional characters
 * folded to simplified (`極機密` → `极机密`, `解密條件` → `解密条件`, `極秘` → `极秘`); case is kept, and
 * banners are matched in capitals only (a film called "Top Secret!" is no banner). Taiwan's `機密`
 * alone folds to `机密` and is the Chinese marking detector's; only `極機密`, `絕對機密` and the
 * `密等及解密條件` field are here.
 */
import type { Severity } from '../types.ts';

/** Where a form must stand to count as a marking. */
export type Placement =
  /** Alone on its line (decoration such as `*`, `-`, brackets allowed), as a banner or a stamp. */
  | 'alone'
  /** At the start of a paragraph, followed by its text: a portion mark. */
  | 'paragraph-start'
  /** A label–value field on its own line (`密等及解密條件：機密`). */
  | 'field'
  /** Alone on its line, or beside a Chinese marking on the same line (`机密★3年 Classified for 3 years`). */
  | 'alone-or-beside-cn';

export type Family = 'US' | 'UK' | 'US/UK' | 'NATO' | 'EU' | 'TW' | 'JP' | 'RU' | 'KR' | 'CN-EN';

/** One written form of a foreign marking. */
export interface ForeignForm {
  /** Stable id, reported in the finding's `fields.form`. */
  id: string;
  family: Family;
  /** What it is, for messages. */
  label: string;
  /**
   * Words (normalized) one of which every occurrence contains: the engine's automaton finds them
   * (ASCII case-insensitively), and this form is tried only on lines holding one.
   */
  triggers: readonly string[];
  /**
   * The marking itself. For `alone`/`alone-or-beside-cn`/`field` it must match the whole line
   * without its decoration; for `paragraph-start` it is matched at the start of the line. Group
   * `level` names the level when there is one.
   */
  pattern: RegExp;
  placement: Placement;
  /** The highest verdict a finding of this form may ask for. */
  severity: Exclude<Severity, 'info'>;
  /** Score before layout cues; standing where the placement says adds 0.3 (0.3 + 0.4 = block at 0.7). */
  base: number;
  /** Texts holding the form where it stands as a marking: each must give a finding of this form at `severity`. */
  examples: readonly string[];
  /** Texts that use the same words without being a marking: none may give a finding of this form. */
  counterexamples: readonly string[];
}

/**
 * What may stand on a marking's line beside it without making the line prose: a precedence or
 * urgency mark, a copy number. A cover table's first row (`NATO SECRET | PRIORITY`, `極機密 | 特急`)
 * reaches the detector as one line when its cells lose their separator (a PDF text layer joins
 * them with a space or nothing; normalizing closes a tab between CJK characters), so the marking
 * is tried with such a neighbour taken off either end; the rest must still be the marking alone.
 */
export const BESIDE_MARKING = {
  after: /(?:\s*(?:PRIORITY|IMMEDIATE|ROUTINE|FLASH|URGENT|(?:COPY|Copy)\s*(?:No\.?|NO\.?|#)\s*\d{1,6}|Экз\.?\s*№\s*\d+)|\s*(?:特急|加急|特提|平急|特别急件|最速件|速件|至急|紧急|緊急|긴급|份号\s*[:：]?\s*\d{1,6}))$/,
  before: /^(?:(?:PRIORITY|IMMEDIATE|ROUTINE|FLASH|URGENT|(?:COPY|Copy)\s*(?:No\.?|NO\.?|#)\s*\d{1,6}|\d{6})\s+|(?:特急|加急|特提|平急|份号\s*[:：]?\s*\d{1,6})\s*)/,
} as const;

/** Precedence and urgency marks that share a cover table's first row with the marking. */
export const PRECEDENCE_WORDS: readonly string[] = ['PRIORITY', 'IMMEDIATE', 'FLASH', '特急', '加急', '特提'];

const US_CONTROLS = String.raw`(?:\s*//\s*[A-Z0-9][A-Z0-9 ,/\-]*)`;

/**
 * Most specific first: on a line, the first form whose pattern matches in its placement wins
 * (`UNCLASSIFIED//FOR OFFICIAL USE ONLY` is FOUO, not a US banner).
 */
export const FOREIGN_FORMS: readonly ForeignForm[] = [
  // ── United States ────────────────────────────────────────────────────────────────────────
  {
    id: 'us-unclassified-fouo',
    family: 'US',
    label: 'US UNCLASSIFIED//FOR OFFICIAL USE ONLY banner',
    triggers: ['UNCLASSIFIED'],
    pattern: /^(?<level>UNCLASSIFIED)\s*\/\/\s*(?:FOR OFFICIAL USE ONLY|FOUO|LAW ENFORCEMENT SENSITIVE|LES|SENSITIVE BUT UNCLASSIFIED|SBU)(?:\s*\/\/\s*[A-Z0-9 ,/\-]+)?$/,
    placement: 'alone',
    severity: 'review',
    base: 0.3,
    examples: ['UNCLASSIFIED//FOR OFFICIAL USE ONLY\nSubject: staffing plan\n', 'UNCLASSIFIED//LAW ENFORCEMENT SENSITIVE\n'],
    counterexamples: ['The report was released as unclassified//for official use only material in 2009.\n', 'UNCLASSIFIED\nPublic release approved.\n'],
  },
  {
    id: 'us-banner',
    family: 'US',
    label: 'US classification banner',
    triggers: ['SECRET', 'CONFIDENTIAL'],
    pattern: new RegExp(`^(?<level>TOP SECRET|SECRET|CONFIDENTIAL)${US_CONTROLS}$`),
    placement: 'alone',
    severity: 'block',
    base: 0.45,
    examples: ['| TOP SECRE T//NOFORN | PRIORITY |\n| Office | Logistics Branch |\n', 'TOP SECRE\nT//NOFORN\nBody text.\n', 'SECRET//NOFORN PRIORITY\nOffice Logistics Branch\n', 
      'TOP SECRET//NOFORN\nSubject: deployment\n',
      // "sample" above as a word of the text, not a caption of examples (soil samples, a sample analysis).
      'Forwarding the sample analysis below, as requested.\n\nSECRET//NOFORN\nSUBJECT: Site 14 soil sampling results\n',
      // A sentence sending the reader to examples in an annex: the banner after it is the document's.
      'Examples of banner lines are given in the annex below.\nSECRET//NOFORN\n(S//NF) The sensor range of the HARBOR array is 40 km.\nSECRET//NOFORN\n',
      '^TOP SECRET//NOFORN\nSubject: deployment\n',
      'SECRET//REL TO USA, GBR\nMemo body.\n',
      'TOP SECRET//SI//NOFORN\nBody text.\n',
      'CONFIDENTIAL//NOFORN\nBody text.\n',
      'S E C R E T / / N O F O R N\nBody text.\n',
      '| TOP SECRET//NOFORN | PRIORITY |\n| Office | Logistics |\nBody text.\n',
      'Body text.\n——————\n① SECRET//NOFORN\n',
      'S\nE\nC\nR\nE\nT\n/\n/\nN\nO\nF\nO\nR\nN\nBody text.\n',
    ],
    counterexamples: ['SECRET PRIORITY list for the holiday party\n', 
      'Top Secret//NoForn is how the film spells its fake banner.\n',
      'The SECRET//NOFORN banner is explained in chapter 2 of the style guide, with examples.\n',
      'Annex B. Glossary of markings seen on foreign documents.\n| Marking | Explanation |\n| TOP SECRET//NOFORN | a level used abroad |\n',
      'Examples used in the training course:\nMarking\nMeaning\nSECRET//NOFORN\nnot releasable to foreigners\n',
    ],
  },
  {
    id: 'us-uk-level',
    family: 'US/UK',
    label: 'classification level banner (US or UK)',
    triggers: ['SECRET'],
    pattern: /^(?:(?:UK|US)\s+)?(?<level>TOP SECRET|SECRET)(?:\s*[-–:]\s*(?:UK EYES ONLY|UK EYES [A-Z]+|[A-Z]+ EYES ONLY))?$/,
    placement: 'alone',
    severity: 'block',
    base: 0.4,
    // A banner glossed by the Chinese level (one other level around it) is still a banner.
    examples: ['UK S PRIORITY\nECRET\nOffice Logistics Branch\n', 'UK S\nECRET\nNote\n', 'TOP SECRET\nMinutes of the meeting\n', 'SECRET\n\nBriefing\n', 'SECRET - UK EYES ONLY\nNote\n', 'UK TOP SECRET\n', 'SECRET\n秘密\nBriefing\n'],
    // One value of an enum's table of levels: a list of levels, not a banner.
    counterexamples: ['Set the PRIORITY\nof each task.\n', 'Top Secret!\nA review of the 1984 comedy.\n', 'top secret recipe\n', 'SECRET SERVICE\nAgents guard the president.\n', "VICTORIA'S SECRET\nSpring collection\n", 'The Secret Garden\n', '## 枚举：SecurityLevel\n\n| 值 | 含义 |\n| --- | --- |\n| PUBLIC | 公开 |\n| INTERNAL | 内部 |\n| SECRET | 秘密 |\n| CONFIDENTIAL | 机密 |\n'],
  },
  {
    id: 'us-uk-lower',
    family: 'US/UK',
    label: 'CONFIDENTIAL or RESTRICTED banner',
    triggers: ['CONFIDENTIAL', 'RESTRICTED'],
    pattern: /^(?:UK\s+)?(?<level>CONFIDENTIAL|RESTRICTED)$/,
    placement: 'alone',
    severity: 'review',
    base: 0.3,
    examples: ['CONFIDENTIAL\nReport on the visit\n', 'RESTRICTED\n\nOperational note\n'],
    counterexamples: [
      'This e-mail is confidential and intended only for the addressee.\n',
      'Confidential\n',
      'Access to the area is restricted.\n',
      'CONFIDENTIALITY NOTICE\nthis message and any attachments are confidential. if you are not the intended recipient, delete it.\n',
    ],
  },
  {
    id: 'us-cui',
    family: 'US',
    label: 'US Controlled Unclassified Information banner',
    triggers: ['CUI', 'CONTROLLED'],
    pattern: /^(?<level>CUI|CONTROLLED UNCLASSIFIED INFORMATION|CONTROLLED)(?:\s*\/\/\s*[A-Z0-9][A-Z0-9 ,/\-]*)?$/,
    placement: 'alone',
    severity: 'review',
    base: 0.3,
    examples: ['C\nUI\nRoster\n', 'Roster\nC O N T R O L L E D   U N C L A S S I F I E D   I N F O R M A T I O\nN\nNames follow.\n', 'CUI\nProgram review\n', 'CONTROLLED\nContract data\n', 'CUI//SP-PRVCY\nRoster\n', 'CONTROLLED UNCLASSIFIED INFORMATION\nRoster\n', 'C U I   / / S P - P R V C Y\nRoster\n'],
    counterexamples: ['The CUI program replaced older markings in 2010.\n', 'Controlled\n', 'A controlled burn is planned.\n'],
  },
  {
    id: 'us-fouo',
    family: 'US',
    label: 'FOR OFFICIAL USE ONLY / LAW ENFORCEMENT SENSITIVE caveat',
    // `USE ONLY` also finds the caveat broken over two lines (`FOR OFFICI` / `AL USE ONLY`).
    triggers: ['FOR OFFICIAL USE ONLY', 'FOUO', 'LAW ENFORCEMENT SENSITIVE', 'USE ONLY'],
    pattern: /^(?<level>FOR OFFICIAL USE ONLY|FOUO|U\/\/FOUO|LAW ENFORCEMENT SENSITIVE)$/,
    placement: 'alone',
    severity: 'review',
    base: 0.3,
    examples: ['F O R   O F F I C I A L   U S E PRIORITY\nO N L Y\nOffice Logistics Branch\n', 'Duty roster\n——————\n① (U//FOUO)\n', 'LAW ENFORCEM\nENT SENSITIVE\nCase summary\n', 'FOROFFICIALUSEONLY\nDuty roster\n', 'FOR OFFICIAL USE ONLY\nDuty roster\n', 'LAW ENFORCEMENT SENSITIVE\nCase summary\n', 'FOUO\n', '(U//FOUO)\nDuty roster\n', 'Duty roster\nF O R   O F F I C I A L   U S E   O N L Y\n', 'FOR OFFICI\nAL USE ONLY\nDuty roster\n'],
    counterexamples: ['The handbook is for official use only by staff, the clerk said.\n', 'Official use only\n'],
  },
  {
    id: 'us-portion-controlled',
    family: 'US',
    label: 'US portion mark of controlled unclassified information',
    triggers: ['(U//', '(CUI'],
    pattern: /^\s*\((?<level>U\/\/(?:FOUO|LES|SBU)|CUI(?:\/\/[A-Z0-9 \-]+)?)\)\s/,
    placement: 'paragraph-start',
    severity: 'review',
    base: 0.3,
    examples: ['(U//FOUO) The team met on Monday.\n', '(CUI) Names of the participants follow.\n'],
    counterexamples: ['(U) Background of the project.\n', 'The mark (U//FOUO) is no longer used, the guide says.\n'],
  },
  {
    id: 'us-portion',
    family: 'US',
    label: 'US portion mark',
    triggers: ['(TS', '(S)', '(S/', '(C)', '(C/'],
    pattern: /^\s*\((?<level>TS|S|C)(?<controls>\/\/[A-Z0-9 ,/\-]+)?\)\s/,
    placement: 'paragraph-start',
    severity: 'block',
    base: 0.4,
    examples: ['Memo\n(S//NF) The plan moves forward.\n', '(TS//SI) Collection continues.\n', '| (TS//SI) Collection continues. | PRIORITY |\n', 'Memo\n——————\n① (TS//SI) Collection continues.\n'],
    counterexamples: [
      '(U) Background of the project.\n',
      'Options: (a) wait, (b) buy, (c) sell.\n',
      'See clause (S) of the contract.\n',
      '(B) The buyer pays the deposit.\n(C) The seller delivers the goods.\n(D) Either party may cancel.\n',
      '(R) Rent is due monthly.\n(S) Services are billed separately.\n',
      'Annual report\n(C) 2024 Acme Corporation. All rights reserved.\n',
      '(C) Acme Corporation\n',
      '(C) All rights reserved.\n',
    ],
  },
  // ── United Kingdom ───────────────────────────────────────────────────────────────────────
  {
    id: 'uk-official-sensitive',
    family: 'UK',
    label: 'UK OFFICIAL-SENSITIVE marking',
    triggers: ['OFFICIAL'],
    pattern: /^(?<level>OFFICIAL[-‑ ]SENSITIVE)(?:\s*[-:]\s*[A-Z]+|\s+(?:COMMERCIAL|PERSONAL|LOCSEN)|\s*\[[A-Z ]+\])?$/,
    placement: 'alone',
    severity: 'review',
    base: 0.3,
    examples: ['OFFICIAL-\nSENSITIVE\nBriefing note\n', 'OFFICIAL-SENSITIVE\nBriefing note\n', 'OFFICIAL-SENSITIVE: COMMERCIAL\n', 'OFFICIAL-SENSITIVE COMMERCIAL\nBriefing note\n'],
    counterexamples: ['The official said the figures were sensitive.\n', 'Official-Sensitive\n', 'OFFICIAL\nPublished guidance\n'],
  },
  // ── NATO ─────────────────────────────────────────────────────────────────────────────────
  {
    id: 'nato',
    family: 'NATO',
    label: 'NATO classification',
    // NATO and COSMIC alone also find the marking broken over two lines or letter-spaced.
    triggers: ['NATO SECRET', 'NATO CONFIDENTIAL', 'NATO RESTRICTED', 'COSMIC TOP SECRET', 'NATO', 'COSMIC'],
    pattern: /^(?<level>COSMIC TOP SECRET(?:\s+ATOMAL)?|NATO SECRET|NATO CONFIDENTIAL|NATO RESTRICTED)$/,
    placement: 'alone',
    severity: 'block',
    base: 0.4,
    examples: ['NATO SECRET PRIORITY\nOffice Logistics Branch\n', 'NATOSECRET\nTrip report\n', 'NATO CON\nFIDENTIAL\nMinutes\n', 'NATO SECRET\nExercise plan\n', 'COSMIC TOP SECRET\n', 'NATO RESTRICTED\nMinutes\n', 'NATO CONFIDENTIAL\n', 'N A T O   S E C R E T\nExercise plan\n', 'Exercise plan\nN\nA\nT\nO\nS\nE\nC\nR\nE\nT\n', 'NATO SEC\nRET\nExercise plan\n'],
    counterexamples: ['NATO UNCLASSIFIED\nPress release\n', 'NATO secret talks were reported by the press.\n', 'Cosmic Top Secret is a fan-made game.\n'],
  },
  // ── European Union ───────────────────────────────────────────────────────────────────────
  {
    id: 'eu',
    family: 'EU',
    label: 'EU classified information marking',
    triggers: ['SECRET UE', 'CONFIDENTIEL UE', 'RESTREINT UE', 'EU TOP SECRET', 'EU SECRET', 'EU CONFIDENTIAL', 'EU RESTRICTED'],
    pattern: /^(?<level>TRES SECRET UE|SECRET UE|CONFIDENTIEL UE|RESTREINT UE|EU TOP SECRET|EU SECRET|EU CONFIDENTIAL|EU RESTRICTED)(?:\s*\/\s*(?:EU TOP SECRET|EU SECRET|EU CONFIDENTIAL|EU RESTRICTED|TR[ÈE]S SECRET UE|SECRET UE|CONFIDENTIEL UE|RESTREINT UE))?$/,
    placement: 'alone',
    severity: 'block',
    base: 0.4,
    examples: ['SECRETUE/EUSECRET\nCouncil note\n', 
      'RESTREINT UE/EU RESTRICTED\nCouncil note\n',
      'CONFIDENTIEL UE/EU CONFIDENTIAL\n',
      'SECRET UE/EU SECRET\n',
      'TRÈS SECRET UE/EU TOP SECRET\n',
      'T RÈS   S E C R E T   U E/E U   T O P   S E C R E T\nCouncil note\n',
      'Council note\n[1] SECRET UE/EU SECRET\n',
    ],
    counterexamples: [
      'Documents marked RESTREINT UE/EU RESTRICTED must be handled as the Council decided in 2013.\n',
      'EU secret ballot rules\n',
      'The auditors asked how documents marked\nTRÈS SECRET UE/EU TOP SECRET\nhad been stored in the old registry.\n',
    ],
  },
  // ── Taiwan ───────────────────────────────────────────────────────────────────────────────
  {
    id: 'tw-level',
    family: 'TW',
    label: 'Taiwan national-secret level 極機密 / 絕對機密',
    triggers: ['极机密', '绝对机密'],
    pattern: /^(?<level>绝对机密|极机密)(?:[（(]?解密条件[:：][^）)]{1,30}[）)]?)?(?:\s*限阅)?$/,
    placement: 'alone',
    severity: 'block',
    base: 0.4,
    examples: ['極機密\n國防部令\n', '國防部令\n——————\n① 極機密\n', '絕對機密\n', '極機密（解密條件：本案公布後解密）\n', '極機密　限閱\n國防部令\n', '極\n機\n密\n國防部令\n'],
    counterexamples: ['這是一份極機密的文件，電影裡的主角說。\n', '绝对机密的事情不要说出去。\n'],
  },
  {
    id: 'tw-condition',
    family: 'TW',
    label: 'Taiwan 機密 with its 解密條件 (declassification condition)',
    triggers: ['解密条件'],
    // 機密 alone is the Chinese detector's; with Taiwan's declassification condition beside it, it is this form.
    pattern: /^(?<level>机密|密)\s*[（(]\s*解密条件\s*[:：][^）)]{1,30}[）)]?$/,
    placement: 'alone',
    severity: 'block',
    base: 0.4,
    examples: ['機密（解密條件：本案公布後解密） 特急\n承辦單位 辦公室\n', '機密（解密條件：本案公布後解密）\n國防部令\n', '機　密（解密條件：本案公布後解密）\n'],
    counterexamples: ['本部公文標示機密（解密條件：本案公布後解密）者，依規定辦理。\n'],
  },
  {
    id: 'tw-field',
    family: 'TW',
    label: 'Taiwan 密等及解密條件 field with a level',
    triggers: ['密等'],
    pattern: /^密等(?:及解密条件(?:或保密期限)?)?\s*[:：]\s*(?<level>绝对机密|极机密|机密|密)(?:[\s（(，,]|$)/,
    placement: 'field',
    severity: 'block',
    base: 0.4,
    examples: ['密等及解密條件或保密期限：機密（本案公布後解密）\n', '密等：極機密\n', '<密等及解密條件或保密期限：機密（本案公布後解密）\n'],
    counterexamples: ['密等及解密條件或保密期限：普通\n', '密等及解密條件或保密期限：\n'],
  },
  // ── Japan ────────────────────────────────────────────────────────────────────────────────
  {
    id: 'jp-gokuhi',
    family: 'JP',
    label: 'Japanese 極秘 stamp',
    triggers: ['极秘'],
    pattern: /^(?<level>极秘)(?:\s*(?:取扱注意|限定|部外秘))?$/,
    placement: 'alone',
    severity: 'block',
    base: 0.4,
    examples: ['極祕\t特急\n承办单位\t办公室\n', '極秘\n防衛計画\n', '【極秘】\n', '極秘　取扱注意\n防衛計画\n', '極 秘　取 扱 注 意\n防衛計画\n', '防衛計画\n極\n秘\n'],
    counterexamples: ['極秘の計画が映画で描かれた。\n', '附表：常见标志写法对照（供学习参考）\n| 写法 | 说明 |\n| 極秘 | 正确写法示例 |\n'],
  },
  {
    id: 'jp-hi',
    family: 'JP',
    // ㊙ folds to 秘 in normalization, so the circled stamp is found here too.
    label: 'Japanese 秘 / 取扱注意 / 部外秘 stamp',
    triggers: ['秘', '取扱注意'],
    pattern: /^(?<level>秘|取扱注意|部外秘|関係者外秘)(?:\s*取扱注意)?$/,
    placement: 'alone',
    severity: 'review',
    base: 0.3,
    examples: ['秘 取 特急\n扱注意\n承办单位 办公室\n', '秘\n会議資料\n', '㊙\n', '取扱注意\n', '部外秘\n', '秘　取扱注意\n会議資料\n', '祕　取扱注意\n会議資料\n', '秘　取\n扱注意\n会議資料\n'],
    counterexamples: ['この話は秘密にしておいてください、と彼は言った。\n', '秘書課の会議は午後三時に始まる。\n', '取扱注意のラベルが付いた荷物が届いた。\n'],
  },
  // ── Russia ───────────────────────────────────────────────────────────────────────────────
  {
    id: 'ru-secret',
    family: 'RU',
    label: 'Russian гриф секретности',
    // Cyrillic is matched case-sensitively: `секретно` finds `Совершенн о секретно` (a word broken by a space).
    triggers: ['СЕКРЕТНО', 'Секретно', 'секретно', 'Совершенно секретно', 'ОСОБОЙ ВАЖНОСТИ', 'Особой важности'],
    pattern: /^(?<level>СОВЕРШЕННО СЕКРЕТНО|Совершенно секретно|СЕКРЕТНО|Секретно|ОСОБОЙ ВАЖНОСТИ|Особой важности)(?:\s+Экз\.?\s*№\s*\d+)?$/,
    placement: 'alone',
    severity: 'block',
    base: 0.4,
    examples: ['| Совершенн о секретно | PRIORITY |\n| Office | Logistics Branch |\n', 'СЕКР\nЕТНО\nПриказ\n', 'Совершенн\nо секретно\nПриказ\n', 'ОСОБОЙ \nВАЖНОСТИ\nПриказ\n', 'ОСОБОЙВАЖНОСТИ\nПриказ\n', 'СЕКРЕТНО\nЭкз. № 2\n', '^СЕКРЕТНО\nЭкз. № 2\n', '{СЕКРЕТНО}\nПриказ\n', 'СОВЕРШЕННО СЕКРЕТНО\n', 'ОСОБОЙ ВАЖНОСТИ\n', 'Секретно\n', 'С Е К Р Е Т Н О\nЭкз. № 2\n', 'Приказ\nС\nЕ\nК\nР\nЕ\nТ\nН\nО\n'],
    counterexamples: ['Агентство сообщает, что документ секрет но не важен.\n', 'Документ был помечен как секретно, сообщает агентство.\n', 'Совершенно секретно — так назывался журнал.\n'],
  },
  {
    id: 'ru-dsp',
    family: 'RU',
    label: 'Russian ДСП (для служебного пользования)',
    triggers: ['ДСП', 'Для служебного пользования', 'ДЛЯ СЛУЖЕБНОГО ПОЛЬЗОВАНИЯ'],
    pattern: /^(?<level>ДСП|Для служебного пользования|ДЛЯ СЛУЖЕБНОГО ПОЛЬЗОВАНИЯ)(?:\s+Экз\.?\s*№\s*\d+)?$/,
    placement: 'alone',
    severity: 'review',
    base: 0.3,
    examples: ['Д PRIORITY\nСП\nOffice Logistics Branch\n', 'Д\nСП\tPRIORITY\t\nOffice\tLogistics Branch\t\n', 'Для служебного пользованияPRIORITY\nOffice Logistics Branch\n', 'Д\nСП\nПриказ № 12\n', 'Для служебног\nо пользования\nПриказ № 12\n', 'ДСП\nПриказ № 12\n', 'Для служебного пользования\n', '| ДСП | PRIORITY |\nПриказ № 12\n', 'Д\nС\nП\nПриказ № 12\n'],
    counterexamples: ['Материалы с пометкой ДСП хранятся в архиве.\n'],
  },
  // ── Korea ────────────────────────────────────────────────────────────────────────────────
  {
    id: 'kr-grade',
    family: 'KR',
    label: 'Korean Ⅰ/Ⅱ/Ⅲ급비밀',
    triggers: ['급비밀', '급 비밀'],
    pattern: /^(?<level>(?:Ⅰ|Ⅱ|Ⅲ|III|II|I|[123])\s*급\s*비밀)$/,
    placement: 'alone',
    severity: 'block',
    base: 0.4,
    examples: ['Ⅲ급비밀\n작전 계획\n', 'II급 비밀\n', '二、各区要对照检查清单逐项核查。\n江临市住房和城乡建设局\n2024年5月20日\n\nⅢ급비밀\n'],
    counterexamples: ['이 문서는 Ⅲ급비밀로 분류되었다가 해제되었다고 밝혔다.\n'],
  },
  {
    id: 'kr-lower',
    family: 'KR',
    label: 'Korean 대외비 / 비밀 stamp',
    triggers: ['대외비', '비밀'],
    pattern: /^(?<level>대외비|비밀)$/,
    placement: 'alone',
    severity: 'review',
    base: 0.3,
    examples: ['| 대 외비 | 特急 |\n| 承办单位 | 办公室 |\n', '대\n외비\n회의 자료\n', '비밀 特急\n承办单位 办公室\n', '대외비\n회의 자료\n', '비밀\n', '대 외 비\n회의 자료\n', '회의 자료\n대\n외\n비\n'],
    counterexamples: ['비\n밀번호를 입력하세요\n', '그 비밀은 영화의 마지막에 밝혀진다.\n', '대외비 문서를 공개한 기자가 상을 받았다.\n'],
  },
  // ── English beside a Chinese marking ──────────────────────────────────────────────────────
  {
    id: 'cn-en',
    family: 'CN-EN',
    label: 'English rendering of a classification period',
    triggers: ['CLASSIFIED', 'SECRET', 'CONFIDENTIAL'],
    pattern: /^(?<level>TOP SECRET|Top Secret|SECRET|Secret|CONFIDENTIAL|Confidential|CLASSIFIED|Classified)\s*(?:★\s*|for\s+|FOR\s+)\d{1,2}\s*(?:years?|YEARS?|months?|MONTHS?)$/,
    placement: 'alone-or-beside-cn',
    severity: 'block',
    base: 0.4,
    examples: ['机密★3年 Classified for 3 years\n关于项目的报告\n', 'Classified for 10 years\n', 'SECRET ★ 5 years\n'],
    counterexamples: ['Records classified for 30 years are reviewed by the archive before release.\n'],
  },
];
