import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FACT_CYRILLIC, FACT_GREEK_CYRILLIC, FACT_SUSPECT, NormalizeArena, foldTable, mayHold, normalize, originalIndex, originalWidth, toOriginalSpan, type NormalizedText } from '@prepub/core';

const fold = foldTable();
// Units the normalizer may drop: zero-width (fold → 0), separators between CJK/digits, \r before \n.
const SEPARATORS = new Set([0x20, 0x09, 0x2d, 0x5f, 0xb7, 0x2e, 0x2022, 0x2027, 0x30fb, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0xff0d, 0x0b, 0x0c, 0x3000, 0xa0]);

/** Text made of the characters that matter: markings, separators, zero-width, widths, traditional. */
const markingish = fc
  .array(
    fc.constantFrom('机', '密', '絕', '機', '祕', '★', '☆', '＊', '*', ' ', '-', '·', '\u200b', '\ufeff', '5', '１', '年', '月', 'A', 'b', '\r', '\n', '\t', '國', '。', '𠀀', '\u3000', '\u034f', '\ufe0f', '\u{e0100}', '\u{e0021}', '\u0301', '\u20dd', '\udb40',
      // Composed while folding: mathematical letters and digits, enclosed letters, conjoining jamo
      // (L V T, an LV syllable + T), a compatibility jamo (not composed), an emoji, lone halves.
      '𝐓', '𝖲', '𝟓', '🄰', '🅰', '🇸', '丽', '\u1107', '\u1175', '\u11af', '미', 'ㅂ', '😀', '\ud835', '\udc00'),
    { maxLength: 60 },
  )
  .map((a) => a.join(''));
/**
 * What normalized unit `i` must be, from Node's own NFKC (the oracle) over the original units it
 * stands for: the fold of the unit, or of the one BMP character a composed pair or jamo run makes.
 */
function expectedUnit(s: string, n: NormalizedText, i: number): number {
  const at = originalIndex(n, i);
  const w = originalWidth(n, i);
  if (w === 1) return s.charCodeAt(at) === 0x0d ? 0x0a : fold[s.charCodeAt(at)];
  const pair = s.slice(at, at + w);
  const cp = pair.codePointAt(0)!;
  // Boxed capitals NFKC leaves alone (🅰, 🅐, regional indicators) read as their letter.
  const boxed = [0x1f150, 0x1f170, 0x1f1e6].find((first) => cp >= first && cp < first + 26);
  const composed = boxed !== undefined ? String.fromCharCode(0x41 + cp - boxed) : pair.normalize('NFKC');
  expect(composed.length, JSON.stringify(s.slice(at, at + w))).toBe(1);
  return fold[composed.charCodeAt(0)];
}

const anyText = fc.oneof(markingish, fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: 'grapheme', maxLength: 40 }));

describe('normalize: the offset map', () => {
  it('is strictly increasing, in bounds, and ends at the original length', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const n = normalize(s);
        expect(n.map.length).toBe(n.text.length + 1);
        expect(n.map[n.text.length]).toBe(s.length);
        for (let i = 0; i < n.text.length; i++) {
          expect(n.map[i]).toBeGreaterThanOrEqual(0);
          expect(n.map[i]).toBeLessThan(s.length);
          if (i > 0) expect(n.map[i]).toBeGreaterThan(n.map[i - 1]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('answers from its runs what the per-unit map says, with runs that start at 0 and ascend', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const n = normalize(s);
        const runs = n.runs!;
        expect(runs.count).toBeGreaterThan(0);
        expect(runs.starts[0]).toBe(0);
        for (let k = 1; k < runs.count; k++) expect(runs.starts[k]).toBeGreaterThan(runs.starts[k - 1]);
        expect(runs.starts[runs.count - 1]).toBeLessThanOrEqual(n.text.length);
        // Read before the map is built, then compared with it.
        const fromRuns = Array.from({ length: n.text.length + 1 }, (_, i) => originalIndex(n, i));
        expect(fromRuns).toEqual(Array.from(n.map));
        // A text given with a map of its own (no runs) is read from that map.
        expect(originalIndex({ text: n.text, map: n.map, original: s, units: n.units }, n.text.length)).toBe(s.length);
      }),
      { numRuns: 500 },
    );
  });

  it('maps every normalized unit to the original unit it folds from', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const n = normalize(s);
        for (let i = 0; i < n.text.length; i++) {
          expect(n.text.charCodeAt(i)).toBe(expectedUnit(s, n, i));
          // A composed unit's sources end before the next unit's start.
          expect(n.map[i] + originalWidth(n, i)).toBeLessThanOrEqual(n.map[i + 1]);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('maps each unit to its source where separator runs hold zero-width units and line breaks', () => {
    // A small alphabet, so separator runs kept between Latin letters or beside CJK with units
    // dropped inside them (机 \u200b a) come up often.
    const dense = fc.array(fc.constantFrom('机', 'a', '5', ' ', '-', '\u200b', '\r', '\n'), { maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(dense, (s) => {
        const n = normalize(s);
        for (let i = 0; i < n.text.length; i++) {
          const orig = s.charCodeAt(originalIndex(n, i));
          const got = n.text.charCodeAt(i);
          if (orig === 0x0d) expect(got).toBe(0x0a);
          else expect(got).toBe(fold[orig]);
        }
        expect(originalIndex(n, n.text.length)).toBe(s.length);
      }),
      { numRuns: 1000 },
    );
    expect(Array.from(normalize('机 \u200b a').map)).toEqual([0, 1, 3, 4, 5]);
    // A blank taken back under a mark after a dropped unit (found by the property above): runs stay ascending.
    const popped = normalize(' \udb40\u20dd ');
    expect(popped.text).toBe('');
    expect(Array.from(popped.runs!.starts.subarray(0, popped.runs!.count))).toEqual([0]);
    expect(originalIndex(popped, 0)).toBe(4);
  });

  it('drops only ignorable units, separators, \\r and marks on ideographs — the covered characters are the same', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const n = normalize(s);
        const kept = new Set<number>();
        for (let i = 0; i < n.text.length; i++) for (let w = 0; w < originalWidth(n, i); w++) kept.add(n.map[i] + w);
        for (let j = 0; j < s.length; j++) {
          if (kept.has(j)) continue;
          const u = s.charCodeAt(j);
          // The low half of a default-ignorable character beyond the BMP (U+E0000–E0FFF) goes with its high half.
          const ignorableLow = (u & 0xfc00) === 0xdc00 && j > 0 && (s.charCodeAt(j - 1) & 0xfffc) === 0xdb40;
          const mark = /^\p{M}$/u.test(s[j]);
          expect(fold[u] === 0 || ignorableLow || mark || SEPARATORS.has(u) || SEPARATORS.has(fold[u]) || u === 0x0d, `U+${u.toString(16)} at ${j} of ${JSON.stringify(s)}`).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('maps every span back so the original span folds to the normalized span: marks on a middle dot or a no-break space', () => {
    // Found by the property below: a mark drawn on · after 机 went with the separator run, while
    // the same · opening a slice kept its mark (· was no punctuation to the mark rule).
    for (const s of ['机·\u0301\na', '机·\u20dd ', '·\u0301\n机', '机\u00a0\u0301a', '机・\u0301\n机']) {
      const n = normalize(s);
      for (let start = 0; start < n.text.length; start++) {
        for (let end = start + 1; end <= n.text.length; end++) {
          const span = toOriginalSpan(n, start, end);
          expect(normalize(s.slice(span.start, span.end)).text.replace(/[\s\-_·.・]/g, ''), `${JSON.stringify(s)} [${start}, ${end})`).toBe(n.text.slice(start, end).replace(/[\s\-_·.・]/g, ''));
        }
      }
    }
  });

  it('maps spans back so the original span folds to the normalized span', () => {
    fc.assert(
      fc.property(anyText, fc.nat(), fc.nat(), (s, a, b) => {
        const n = normalize(s);
        if (n.text.length === 0) return;
        const start = a % n.text.length;
        const end = start + 1 + (b % (n.text.length - start));
        const span = toOriginalSpan(n, start, end);
        expect(span.start).toBeLessThan(span.end);
        expect(normalize(s.slice(span.start, span.end)).text.replace(/[\s\-_·.]/g, '')).toBe(n.text.slice(start, end).replace(/[\s\-_·.]/g, ''));
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalize: what detectors see', () => {
  const cases: Array<[string, string]> = [
    ['机 密 ★ 3 年', '机密★3年'],
    ['国-家-机-密', '国家机密'],
    ['机密★5 年', '机密★5年'],
    ['機\u200b密☆１０年', '机密★10年'],
    ['祕密＊', '秘密★'],
    ['絕密★長期', '绝密★长期'],
    ['TOP SECRET//NOFORN', 'TOP SECRET//NOFORN'],
    ['010-12345678', '010-12345678'],
    ['2024 年 5 月 8 日', '2024年5月8日'],
    ['行一\r\n行二\r行三', '行一\n行二\n行三'],
    ['\ufeff内部', '内部'],
    // Default-ignorable characters (drawn as nothing) and marks drawn on an ideograph.
    ['机\u034f密★5年', '机密★5年'],
    ['机\ufe0f密★5年', '机密★5年'],
    ['机\u{e0100}密★5年', '机密★5年'],
    ['机\u{e0100} 密 ★ 5 年', '机密★5年'],
    ['\u3164机密', '机密'],
    ['秘\u0301密★1年', '秘密★1年'],
    ['秘密\u20dd★', '秘密★'],
    ['cafe\u0301', 'cafe'],
    ['A\u0301 机', 'A 机'],
    // A mark drawn on a blank between the characters goes with the blank; one on a digit goes too.
    ['机 \u0301密★5年', '机密★5年'],
    ['秘\u3000\u20dd密\u3000\u20dd★\u3000\u20dd1\u3000\u20dd0\u3000\u20dd年', '秘密★1 0年'],
    ['机密又10\u0301年', '机密又10年'],
    // Between Latin letters the blank stays; a mark drawn on it is drawn on nothing, one on a letter is an accent.
    ['J \u0338u \u0338e', 'J u e'],
    ['机密/\u03365年', '机密/5年'],
    ['cafe\u0301 noir', 'cafe noir'],
    // A mark typed as a letter of its own in a letter-spaced line: the blank under it and the spacing after it are its cell.
    // A Latin letter with its diacritics precomposed is the letter; a decomposed one keeps its marks (above).
    ['jīmì juémị', 'jimi juemi'],
    ['TÓP SÉCRÈT', 'TOP SECRET'],
    // Small capitals read as the capitals they draw; the dotless ı as i.
    ['ᴛᴏᴘ ꜱᴇᴄʀᴇᴛ', 'TOP SECRET'],
    ['mımı', 'mimi'],
    ['SE\u0301CRE\u0300\u0323T', 'SECRET'],
    // Other scripts keep their letters and marks: й, and и with a combining breve.
    ['й и\u0306', 'й и\u0306'],
    ['2  \u0300  5', '2 5'],
    ['1 \u0300 0', '10'],
    ['M  \u0300  I', 'M I'],
    ['M\t\u0300\tI', 'MI'],
    ['2 \u0323 \u0301 0', '20'],
    // Geometric symbols for ★ run with the words as ★ does.
    ['秘 密 ○ 6 个 月', '秘密○6个月'],
    ['绝　密　※　启　用　前', '绝密※启用前'],
    // Bopomofo and its tone marks run together as ideographs do: a level spelt in 注音, letter-spaced.
    ['ㄐ ㄧ ㄇ ㄧ ˋ ★ 5 年', 'ㄐㄧㄇㄧˋ★5年'],
    ['机\u2028密\u2029★\u00855年', '机\n密\n★\n5年'],
    // A vertical tab (Word's manual line break) and a form feed (a page break) end a line too.
    ['机密★5年\u000b关于\u000c通知', '机密★5年\n关于\n通知'],
    // Surrogate pairs drawn as a BMP character, and decomposed Hangul, are the character.
    ['𝐓𝐎𝐏 𝐒𝐄𝐂𝐑𝐄𝐓//𝐍𝐎𝐅𝐎𝐑𝐍', 'TOP SECRET//NOFORN'],
    ['𝖳𝖮𝖯 𝖲𝖤𝖢𝖱𝖤𝖳', 'TOP SECRET'],
    // Boxed letters NFKC leaves alone: negative squared, negative circled, regional indicators.
    ['🆃🅾🅿 🆂🅴🅲🆁🅴🆃', 'TOP SECRET'],
    ['🅝🅞🅕🅞🅡🅝', 'NOFORN'],
    ['🇸🇪🇨🇷🇪🇹', 'SECRET'],
    ['机密★ 𝟓 年', '机密★5年'],
    ['\u1107\u1175\u1106\u1175\u11af', '비밀'],
    ['3\u1100\u1173\u11b8\u1107\u1175\u1106\u1175\u11af', '3급비밀'],
    ['미\u11af', '밀'],
    // Compatibility jamo are drawn apart (ㅂㅣ), an emoji is itself, a lone high surrogate stays.
    ['ㅂㅣ', '\u1107\u1175'],
    ['😀\ud835', '😀\ud835'],
  ];
  it.each(cases)('%j → %j', (input, expected) => {
    expect(normalize(input).text).toBe(expected);
  });

  it('keeps the offsets of a letter-spaced marking exact', () => {
    const s = '标题\n机 密 ★ 3 年\n正文';
    const n = normalize(s);
    const at = n.text.indexOf('机密★3年');
    const span = toOriginalSpan(n, at, at + 5);
    expect(s.slice(span.start, span.end)).toBe('机 密 ★ 3 年');
  });
});

describe('NormalizeArena', () => {
  it('gives the same results as fresh arrays, and earlier results survive later ones and growth', () => {
    const piece = fc.constantFrom('机', '密', ' ', '-', '★', '＊', '５', '年', '\r', '\n', 'A', '\u200b', '機', '𠀀', '。');
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 3000 }).map((a) => a.join('')), { minLength: 1, maxLength: 6 }), (texts) => {
        const arena = new NormalizeArena(1 << 20);
        for (let round = 0; round < 2; round++) {
          arena.reset();
          const got = texts.map((t) => normalize(t, undefined, arena));
          texts.forEach((t, i) => {
            const fresh = normalize(t);
            expect(got[i].text).toBe(fresh.text);
            expect(Array.from(got[i].map)).toEqual(Array.from(fresh.map));
            expect(Array.from(got[i].units)).toEqual(Array.from(fresh.units));
          });
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('normalize: composed units keep offsets exact', () => {
  const math = (w: string): string => [...w].map((c) => (c >= 'A' && c <= 'Z' ? String.fromCodePoint(0x1d400 + c.charCodeAt(0) - 65) : c >= '0' && c <= '9' ? String.fromCodePoint(0x1d7ce + c.charCodeAt(0) - 48) : c)).join('');
  const sans = (w: string): string => [...w].map((c) => (c >= 'A' && c <= 'Z' ? String.fromCodePoint(0x1d5a0 + c.charCodeAt(0) - 65) : c)).join('');
  const words = ['TOP SECRET', 'NOFORN', '비밀', '3급비밀', '대외비', '机密★5年', 'text', ' ', '\n', '//'];
  const render = fc.tuple(fc.constantFrom(...words), fc.constantFrom('plain', 'math', 'sans', 'nfd', 'mixed'));
  it('maps every word written in mathematical letters or decomposed jamo back to exactly its characters', () => {
    fc.assert(
      fc.property(fc.array(render, { minLength: 1, maxLength: 12 }), (pieces) => {
        let plain = '';
        let written = '';
        const at: Array<[number, number, string]> = [];
        for (const [w, how] of pieces) {
          const r = how === 'math' ? math(w) : how === 'sans' ? sans(w) : how === 'nfd' ? w.normalize('NFD') : how === 'mixed' ? math(w).normalize('NFD') : w;
          at.push([written.length, written.length + r.length, w]);
          plain += w;
          written += r;
        }
        const n = normalize(written);
        expect(n.text).toBe(normalize(plain).text);
        // Each word that survives as itself in the normalized text maps back to its written form.
        for (const [from, to, w] of at) {
          if (!/^[A-Z]{2}|[가-힣]/.test(w)) continue;
          const start = n.map.findIndex((m) => m === from);
          if (start < 0) continue;
          const end = start + normalize(w).text.length;
          if (n.text.slice(start, end) !== normalize(w).text) continue;
          expect(toOriginalSpan(n, start, end)).toEqual({ start: from, end: to });
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('normalize: the facts it states while reading every unit', () => {
  // What the quality check counts (quality.ts), as that check's own regular expression.
  const SUSPECT = /[\x00-\x08\x0e-\x1f\x7f-\x9f\u202d\u202e\ud800-\udfff\ue000-\uefff\uf100-\uf8ff\ufffd]/;
  const interesting = [0x09, 0x0a, 0x0d, 0x20, 0x2d, 0xb7, 0x00, 0x07, 0x1b, 0x7f, 0x85, 0x9f, 0xa0, 0x301, 0x370, 0x391, 0x3b1, 0x400, 0x410, 0x483, 0x4ff, 0x52f, 0x530, 0x1100, 0x1161, 0x11a8, 0x200b, 0x202d, 0x202e, 0x2605, 0x4e00, 0x673a, 0x5bc6, 0xac00, 0xd800, 0xd835, 0xdb40, 0xdc00, 0xdfff, 0xe000, 0xefff, 0xf0ff, 0xf100, 0xf8ff, 0xff21, 0xfffd, 0xfeff, 0x41, 0x35];
  const units = fc.array(fc.oneof(fc.constantFrom(...interesting), fc.integer({ min: 0, max: 0xffff })), { maxLength: 40 });

  it('says a text holds a suspect unit exactly when it does, and never misses a Greek or Cyrillic letter it writes', () => {
    fc.assert(
      fc.property(units, (us) => {
        const s = String.fromCharCode(...us);
        const n = normalize(s, Uint16Array.from(us));
        expect(n.facts).toBeDefined();
        expect(mayHold(n, FACT_SUSPECT)).toBe(SUSPECT.test(s));
        if (/[\u0370-\u052f]/.test(n.text)) expect(mayHold(n, FACT_GREEK_CYRILLIC)).toBe(true);
        if (/[\u0400-\u04ff]/.test(n.text)) expect(mayHold(n, FACT_CYRILLIC)).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    // A suspect unit the normalizer drops or skips as it goes is seen all the same.
    for (const s of ['机\u202e密', '机 \u0301 \u202d 密', '5 \u0301 \u0085 年', '\udb40\udc21机密', 'A\ufffdB']) expect(mayHold(normalize(s), FACT_SUSPECT)).toBe(true);
    // Skipped with the blanks after a mark drawn on a blank (A ́ ‮B reads AB).
    expect(mayHold(normalize('A \u0301 \u202eB'), FACT_SUSPECT)).toBe(true);
    // A mathematical capital epsilon folds to Greek Ε: a look-alike of E (S𝚬CRET).
    expect(mayHold(normalize('S\u{1D6AC}CRET'), FACT_GREEK_CYRILLIC)).toBe(true);
    expect(mayHold(normalize('机密★5年 SECRET'), FACT_SUSPECT | FACT_GREEK_CYRILLIC)).toBe(false);
  });

  it('leaves a text made otherwise unknown: every fact may hold', () => {
    expect(mayHold({ facts: undefined }, FACT_SUSPECT)).toBe(true);
  });
});
