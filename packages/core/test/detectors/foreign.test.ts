import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FOREIGN_FORMS, foreign, type TextPart } from '@prepub/core';
import { findingsOf, worst } from './helpers.ts';
import { cyrillicSkeleton, latinSkeleton } from '../../src/detectors/foreign.ts';

const RULE = 'marking.foreign';

describe('foreign forms as data', () => {
  it('every form has examples and counterexamples, and ids are unique', () => {
    expect(new Set(FOREIGN_FORMS.map((f) => f.id)).size).toBe(FOREIGN_FORMS.length);
    for (const f of FOREIGN_FORMS) {
      expect(f.examples.length, f.id).toBeGreaterThan(0);
      expect(f.counterexamples.length, f.id).toBeGreaterThan(0);
      expect(f.triggers.every((t) => foreign.triggers!.includes(t)), f.id).toBe(true);
    }
  });
  const examples = FOREIGN_FORMS.flatMap((f) => f.examples.map((e) => [f.id, e, f.severity] as const));
  it.each(examples)('%s finds %j at %s', (id, text, severity) => {
    const fs = findingsOf(text, RULE).filter((x) => x.explanation.fields?.form === id);
    expect(fs.length, JSON.stringify(findingsOf(text, RULE).map((x) => [x.explanation.fields, x.score]))).toBeGreaterThan(0);
    expect(worst(fs)).toBe(severity);
  });
  const counter = FOREIGN_FORMS.flatMap((f) => f.counterexamples.map((e) => [f.id, e] as const));
  it.each(counter)('%s: %j is no marking', (_id, text) => {
    expect(worst(findingsOf(text, RULE))).toBe('none');
  });
});

/** Texts that use the words of markings without being one (the product's precision contract). */
const NEGATIVES: Array<[string, string]> = [
  ['top secret recipe', 'My top secret recipe for dumplings uses ginger.\n'],
  ['film review of "Top Secret!"', 'Top Secret!\n\nThe 1984 spoof by Zucker, Abrahams and Zucker sends a rock star behind the Iron Curtain. Top Secret! is sillier than Airplane!, and funnier for it.\n'],
  ['film review heading in capitals with its exclamation mark', 'TOP SECRET!\nA review\n'],
  ['lowercase disclaimer footer', 'Regards,\nAnna\n\n--\nthis e-mail and any attachments are confidential and may be privileged. if you are not the intended recipient, please delete it.\n'],
  ['Secret Service', 'The Secret Service closed the street before the motorcade.\n'],
  ['SECRET SERVICE heading', 'SECRET SERVICE\n'],
  ["Victoria's Secret", "Victoria's Secret opened a store in the mall.\n"],
  ['秘 in Japanese prose', '彼は秘密を守ると約束したが、秘書には話してしまった。\n'],
  ['official in prose', 'An official said the sensitive talks would resume. OFFICIAL figures follow.\n'],
  ['Russian news sentence', 'Как сообщает агентство, документ был помечен грифом «секретно» и хранился в архиве министерства.\n'],
  ['(U) portion mark', '(U) Background of the project.\n'],
  ['The Secret Garden', 'The Secret Garden is a novel.\n'],
  ['Korean prose', '그는 비밀을 지키겠다고 약속했다.\n'],
  ['Taiwan 密等 ordinary', '密等及解密條件或保密期限：普通\n'],
];

describe(`${RULE} negatives`, () => {
  it.each(NEGATIVES)('%s', (_l, text) => {
    expect(worst(findingsOf(text, RULE))).toBe('none');
  });
});

describe(RULE, () => {
  it('a US memo: banner blocks at the top, the authority block and (S//NF) are found', () => {
    const fs = findingsOf('SECRET//NOFORN\n\nSubject: deployment\n(S//NF) The plan moves forward.\nClassified By: J. Smith\nDerived From: Guide 12\nDeclassify On: 20350101\n\nSECRET//NOFORN\n', RULE);
    const forms = fs.map((f) => f.explanation.fields?.form);
    expect(forms).toEqual(expect.arrayContaining(['us-banner', 'us-portion', 'us-authority-block']));
    expect(worst(fs)).toBe('block');
    expect(fs[0].location.line).toBe(1);
  });
  it('portion marks gain weight when the document carries a banner, even in another part', () => {
    // An excerpt may carry portion marks without its banners: a bare (S) opening a paragraph is looked at.
    const without = findingsOf('(S) A paragraph.\n', RULE)[0];
    expect(without.severity).toBe('review');
    const parts: TextPart[] = [
      { id: 'header', role: 'header', text: 'SECRET', origin: {} },
      { id: 'body', role: 'body', text: 'Memo\n(S) A paragraph.\n', origin: {}, leading: true },
    ];
    const withBanner = findingsOf(parts, RULE).find((f) => f.explanation.fields?.form === 'us-portion')!;
    expect(withBanner.score).toBeGreaterThan(without.score);
    expect(withBanner.severity).toBe('block');
    expect(withBanner.explanation.cues.map((c) => c.cue)).toContain('the document carries a classification banner');
  });
  it.each(['Memo\n(S) Two further sites were surveyed.\n', '(C) The delegation will arrive on 12 May.\n', 'Memo\n——————\n① (S) Two further sites were surveyed.\n'])(
    'a bare portion mark opening a paragraph without a banner asks for review: %j',
    (text) => {
      expect(worst(findingsOf(text, RULE))).toBe('review');
    },
  );
  it('UK OFFICIAL-SENSITIVE asks for review, never block', () => {
    expect(worst(findingsOf('OFFICIAL-SENSITIVE\nBriefing\n\nOFFICIAL-SENSITIVE\n', RULE))).toBe('review');
  });
  it('a banner in a page header gets the furniture cue', () => {
    const fs = findingsOf([{ id: 'h', role: 'header', text: 'NATO SECRET', origin: {} }], RULE);
    expect(fs[0].explanation.cues.map((c) => c.cue)).toContain('in the page header');
  });
  it('where blocks tell the page position, top and bottom are the page\'s', () => {
    const text = 'Para one.\nNATO SECRET\nPara three.\nNATO SECRET\n';
    const blocks = [
      { start: 0, end: 9, kind: 'line' as const, page: 1, pageTop: 0.1 },
      { start: 10, end: 21, kind: 'line' as const, page: 1, pageTop: 0.5 },
      { start: 22, end: 33, kind: 'line' as const, page: 1, pageTop: 0.6 },
      { start: 34, end: 45, kind: 'line' as const, page: 1, pageTop: 0.95 },
    ];
    const fs = findingsOf([{ id: 'p1', role: 'body', text, origin: {}, blocks, leading: true }], RULE);
    const edge = (f: (typeof fs)[number]): boolean => f.explanation.cues.some((c) => c.cue === 'at the top or bottom of the page');
    expect(fs.map((f) => [f.location.line, edge(f)])).toEqual([[2, false], [4, true]]);
  });
  it('findings are located at the marking itself, decoration excluded', () => {
    const text = 'Intro\n\n  *** TOP SECRET//NOFORN ***\n';
    const [f] = findingsOf(text, RULE);
    expect(text.slice(f.location.start, f.location.end)).toBe('TOP SECRET//NOFORN');
  });
  it('property: a banner word inside a sentence of lowercase words is never a marking', () => {
    const words = fc.constantFrom('the', 'report', 'said', 'was', 'kept', 'in', 'a', 'drawer', 'for', 'years');
    const mark = fc.constantFrom('TOP SECRET', 'SECRET//NOFORN', 'NATO SECRET', 'СЕКРЕТНО', '極機密', '대외비', 'FOUO', 'CUI', 'RESTREINT UE/EU RESTRICTED');
    fc.assert(
      fc.property(fc.array(words, { minLength: 2, maxLength: 8 }), mark, fc.array(words, { minLength: 2, maxLength: 8 }), (before, m, after) => {
        const text = `${before.join(' ')} ${m} ${after.join(' ')}.\n`;
        return worst(findingsOf(text, RULE)) === 'none';
      }),
      { numRuns: 200 },
    );
  });
});

describe(`${RULE} in hidden text`, () => {
  const alt = (text: string): TextPart[] => [
    { id: 'body', role: 'body', text: 'Depot report\nThe depot is ready.\n', origin: {}, leading: true },
    { id: 'alt-1', role: 'alt-text', text, origin: {} },
  ];
  it.each([
    ['RESTREINT UE/EU RESTRICTED depot layout diagram', 'eu'],
    ['絕對機密 物资分布示意图', 'tw-level'],
    ['NATO SECRET, site plan', 'nato'],
    ['TOP SECRET//NOFORN depot layout diagram', 'us-banner'],
    ['CUI//SP-PRVCY depot layout diagram', 'us-cui'],
    ['N A T O   C O N F I D E N T I A L depot layout diagram', 'nato'],
    ['T O P   S E C R E T//N O F O R N depot layout diagram', 'us-banner'],
    // Two ideographs, then a space the normalizer closes: the original says where the mark ends.
    ['極秘 物资分布示意图', 'jp-gokuhi'],
    ['極\u200b秘 物资分布示意图', 'jp-gokuhi'],
    ['(U//F O U O) depot layout diagram', 'us-fouo'],
  ])('a marking opening alt text (%j) asks for review', (text, form) => {
    const fs = findingsOf(alt(text), RULE);
    expect(fs.map((f) => f.explanation.fields?.form)).toContain(form);
    expect(worst(fs)).toBe('review');
  });
  it.each(['秘書課の写真', '極秘任務の写真', 'Secret garden in spring', 'A NATO SECRET meeting room, photographed in 1990'])('%j in alt text is no marking', (text) => {
    expect(worst(findingsOf(alt(text), RULE))).toBe('none');
  });
});

describe(`${RULE} where text is laid out in rows and fields`, () => {
  const row = (cells: string[]): string => cells.join('\t');
  const header = row(['Part no', 'Code', 'Classification', 'Rev', 'Owner', 'Location', 'Notes on the assembly drawings for the gearbox housing used in line 4']);
  it('a banner alone in a cell of a long spreadsheet row (the row read as one line) blocks', () => {
    const text = `${header}\n${row(['AKG', '8505.000.0000', 'SECRET//NOFORN', 'A', 'J. Miller', 'Building 7', 'Drawings for the gearbox housing, revised after the March review of tolerances and fits by the quality office in Stuttgart'])}\n`;
    expect(text.split('\n')[1].length).toBeGreaterThan(160);
    const fs = findingsOf(text, RULE);
    expect(worst(fs)).toBe('block');
    expect(text.slice(fs[0].location.start, fs[0].location.end)).toBe('SECRET//NOFORN');
    expect(fs[0].explanation.cues.map((c) => c.cue)).toContain('stands alone in a table cell');
  });
  it('a banner word inside a long cell of prose in such a row is none', () => {
    const text = `${header}\n${row(['AKG', '8505.000.0000', 'Internal', 'A', 'J. Miller', 'Building 7', 'The old SECRET stamp on the drawings was struck through after the March review of tolerances'])}\n`;
    expect(worst(findingsOf(text, RULE))).toBe('none');
  });
  it('a controlled banner with a stray full stop after it still stands alone; a bare level so is prose', () => {
    expect(worst(findingsOf('TOP SECRET//NOFORN            .\n', RULE))).toBe('block');
    expect(worst(findingsOf('It was\nSECRET.\n', RULE))).toBe('none');
  });
  it('a controlled banner alone on its line between two halves of a wrapped sentence asks for review; a bare level there is a word of the sentence', () => {
    const fs = findingsOf('The drawings were checked and\nTOP SECRET//NOFORN\nthe copies were filed.\n', RULE);
    expect(worst(fs)).toBe('review');
    expect(fs[0].explanation.cues.map((c) => c.cue)).toContain('between two lines of one wrapped sentence: at most review');
    expect(worst(findingsOf('The auditors asked how documents marked\nSECRET UE\nhad been stored in the old registry.\n', RULE))).toBe('none');
  });
  it.each<[string, string]>([
    ['properties', 'title: Depot report\nauthor: TOP SECRET//NOFORN\ncompany: Acme'],
    ['metadata', 'From: J. Miller\nX-Classification: NATO SECRET'],
    // Under properties that name examples (a title, a part), a padded fixed-width value.
    ['properties', 'subject: This is a sample document\ntitles of parts: MSDN Example 1\nkeywords: SECRET//NOFORN'],
    ['properties', `Business Objects Context Information: TOP SECRET//NOFORN${' '.repeat(200)}\nauthor: Crystal`],
  ])('a banner as the whole value of a %s line asks for review', (role, text) => {
    const parts: TextPart[] = [
      { id: 'body', role: 'body', text: 'Depot report\nThe depot is ready.\n', origin: {}, leading: true },
      { id: 'p', role: role as TextPart['role'], text, origin: {} },
    ];
    const fs = findingsOf(parts, RULE);
    expect(worst(fs)).toBe('review');
    expect(fs[0].explanation.cues.map((c) => c.cue)).toContain('the whole value of a property');
  });
  it('a property value that only mentions a banner word is none', () => {
    const parts: TextPart[] = [
      { id: 'body', role: 'body', text: 'Depot report\nThe depot is ready.\n', origin: {}, leading: true },
      { id: 'p', role: 'properties', text: 'title: Handling TOP SECRET material in depots\nsubject: Secret garden tour', origin: {} },
    ];
    expect(worst(findingsOf(parts, RULE))).toBe('none');
  });
});

describe('banners typed with look-alike letters', () => {
  const MEMO = '\n\nMEMORANDUM FOR THE RECORD\nSUBJECT: Logistics schedule\n';
  it.each([
    ['Cyrillic Е in SECRET', 'TOP S\u0415CR\u0415T//NOFORN'],
    ['every letter that can be Cyrillic', '\u0422\u041e\u0420 S\u0415\u0421R\u0415\u0422//N\u041eF\u041eRN'],
    ['Greek Ε', 'S\u0395CR\u0395T'],
  ])('%s blocks, explained', (_what, banner) => {
    const fs = findingsOf(banner + MEMO, RULE);
    expect(worst(fs)).toBe('block');
    expect(fs[0].explanation.cues.map((c) => c.cue).join('|')).toMatch(/look Latin/);
    // Located on the banner as written.
    expect(fs[0].location.start).toBe(0);
  });
  it.each([
    ['accents on the letters', 'TÓP SÉCRÈT//NÕFORN'],
    ['accents precomposed and combined', 'SE\u0301CRE\u0300T'],
    ['a dot below every letter', 'ṬỌP ṢẸCṚẸṬ'],
    ['small capitals', 'ᴛᴏᴘ ꜱᴇᴄʀᴇᴛ//ɴᴏꜰᴏʀɴ'],
  ])('%s: the letters as drawn block, located as written', (_what, banner) => {
    const fs = findingsOf(banner + MEMO, RULE);
    expect(worst(fs)).toBe('block');
    expect(fs[0].location.start).toBe(0);
    expect(fs[0].location.end).toBeGreaterThanOrEqual(banner.indexOf('T', 4) + 1);
  });
  it('leaves Russian alone: a line in one script, and a mixed line that is no banner', () => {
    expect(worst(findingsOf('Компания «Рога и копыта»: SECRET SAUCE, рецепт\nТОР-10 товаров\n', RULE))).toBe('none');
    expect(worst(findingsOf('СЕКРЕТНО\nЭкз. № 2\n', RULE))).toBe('block');
  });
});

describe('latinSkeleton', () => {
  /** The reading line by line, written the plain way: every line with Latin and Greek/Cyrillic letters, look-alikes as Latin. */
  function lineByLine(text: string): string | undefined {
    const table = new Map('АA ВB ЕE КK МM НH ОO РP СC ТT ХX УY аa еe оo рp сc уy хx іi ІI јj ЈJ ѕs ЅS ԁd ԛq ԜW ԝw ҮY ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX οo νv ιi'.split(' ').map((p) => [p[0], p[1]]));
    const lines = text.split('\n').map((line) => (/[A-Za-z]/.test(line) && /[\u0370-\u03ff\u0400-\u052f]/.test(line) ? [...line].map((c) => table.get(c) ?? c).join('') : line));
    const out = lines.join('\n');
    return out === text ? undefined : out;
  }
  it('reads only the lines that mix Latin with Greek or Cyrillic, one letter for one (property)', () => {
    const piece = fc.constantFrom('S', 'E', 'c', 'x', ' ', '\n', '\n', '机', '密', '★', 'Е', 'С', 'Т', 'Д', 'ж', 'Ε', 'ο', 'λ', '/', '1');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (chars) => {
        const text = chars.join('');
        const got = latinSkeleton(text);
        expect(got).toBe(lineByLine(text));
        if (got !== undefined) expect(got.length).toBe(text.length);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('Russian markings typed with Latin letters that look Cyrillic', () => {
  it.each([
    ['every letter Latin', 'CEKPETHO\nПриказ № 12 о проведении учений\n', 'CEKPETHO'],
    ['one Latin K among Cyrillic', 'СЕKРЕТНО\nПриказ № 12\n', 'СЕKРЕТНО'],
    ['two words, Latin and Cyrillic mixed', 'COBEPШЕННО CEKPETHO\nПриказ № 12\n', 'COBEPШЕННО CEKPETHO'],
    ['a Latin C in ДСП', 'ДCП\nПриказ № 12\n', 'ДCП'],
    ['in a Latin document', 'CEKPETHO\nOrder no. 12 on the exercise\n', 'CEKPETHO'],
  ])('%s is read as Cyrillic, located as written', (_what, text, written) => {
    const fs = findingsOf(text, RULE);
    expect(fs.length).toBeGreaterThan(0);
    expect(fs[0].explanation.cues.map((c) => c.cue).join('|')).toMatch(/look Cyrillic/);
    expect(text.slice(fs[0].location.start, fs[0].location.end)).toBe(written);
  });
  it.each([
    'BOOK\nHOPE\nTOP\nCOMET\nMEET THE TEAM\n',
    'TOP\nThe BOOK club meets on the TOP floor.\n',
    'Компания CEKPETHO сообщает о продажах\n',
    'XOPOШO\nПриказ № 12\n',
    'CEKPETHOE\n',
    'cekpetho\n',
  ])('%j is no marking', (text) => {
    expect(worst(findingsOf(text, RULE))).toBe('none');
  });
  it('changes only whole words that read as a Russian marking word, one letter for one (property)', () => {
    const english = ['BOOK', 'HOPE', 'TOP', 'COMET', 'TAXES', 'MOTHER', 'ECHO', 'Cape', 'ACME', 'CEKPET'];
    const marks: Array<[string, string]> = [['CEKPETHO', 'СЕКРЕТНО'], ['СЕKРЕТНО', 'СЕКРЕТНО'], ['COBEPШЕННО', 'СОВЕРШЕННО'], ['OCOБOЙ', 'ОСОБОЙ'], ['ДCП', 'ДСП']];
    const piece = fc.oneof(fc.constantFrom(...english).map((w) => [w, w] as [string, string]), fc.constantFrom(...marks), fc.constantFrom(' ', '\n', '机密', 'Приказ', ', ').map((w) => [w, w] as [string, string]));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        // Words joined by a separator each, so each stands whole.
        const text = pieces.map(([w]) => w).join(' ');
        const want = pieces.map(([, r]) => r).join(' ');
        const got = cyrillicSkeleton(text);
        expect(got ?? text).toBe(want);
      }),
      { numRuns: 2000 },
    );
  });
});

