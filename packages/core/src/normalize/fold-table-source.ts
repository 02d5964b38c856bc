/**
 * One 65,536-entry table that folds a UTF-16 code unit to the unit the detectors see:
 * full-width → half-width (NFKC where it maps one unit to one unit), traditional → simplified
 * (OpenCC's character tables), every star variant → ★, and zero-width / BOM / soft hyphen → 0
 * (dropped). A single table lookup per character is what keeps normalization at memory speed;
 * multi-character rewrites (separators, numerals) are handled by the normalizer around it.
 *
 * This module computes the table; the engine reads the generated copy (see fold-table.ts).
 */
import * as OpenCC from 'opencc-js/t2cn';
import { DROP, STAR } from './fold-table.ts';

const STAR_VARIANTS = [
  0x2606, // ☆
  0xff0a, // ＊
  0x002a, // *
  0x2729, 0x272a, 0x272b, 0x272c, 0x272d, 0x272e, 0x272f, 0x2730, // ✩✪✫✬✭✮✯✰
  0x2731, 0x2732, 0x2733, 0x2734, 0x2735, 0x2736, 0x2737, 0x2738, 0x2739, 0x273a, 0x273b, 0x273c, 0x273d, 0x273e, 0x273f,
  0x2b50, // ⭐
  0x2b51, 0x2b52, // small stars
  0x066d, // ٭
  0x22c6, // ⋆
  0x2217, // ∗
  0x204e, // ⁎
  0xfe61, // ﹡
];

/** Latin small capitals (U+1D00 block, IPA extensions, Latin Extended-D) and the capital each draws. */
const SMALL_CAPITALS: ReadonlyArray<readonly [number, string]> = [
  [0x1d00, 'A'], [0x0299, 'B'], [0x1d04, 'C'], [0x1d05, 'D'], [0x1d07, 'E'], [0xa730, 'F'], [0x0262, 'G'], [0x029c, 'H'],
  [0x026a, 'I'], [0x1d0a, 'J'], [0x1d0b, 'K'], [0x029f, 'L'], [0x1d0d, 'M'], [0x0274, 'N'], [0x1d0f, 'O'], [0x1d18, 'P'],
  [0xa7af, 'Q'], [0x0280, 'R'], [0xa731, 'S'], [0x1d1b, 'T'], [0x1d1c, 'U'], [0x1d20, 'V'], [0x1d21, 'W'], [0x028f, 'Y'], [0x1d22, 'Z'],
];

/**
 * Every code unit Unicode calls default-ignorable, drawn as nothing: zero-width spaces and joiners,
 * the BOM, the soft hyphen, direction marks and embeddings, invisible operators, U+034F combining
 * grapheme joiner, variation selectors U+FE00–FE0F, Mongolian ones, Hangul fillers.
 * `机\uFE0F密★5年` shows as 机密★5年 and must read so.
 */
const DEFAULT_IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;

/**
 * High surrogates of U+E0000–U+E0FFF (tags, the variation selectors of ideographic variation
 * sequences: 机 U+E0100 is 机 drawn in a registered glyph variant), all default-ignorable: the
 * normalizer drops each with the low surrogate after it.
 */
export const IGNORABLE_HIGH_SURROGATES = [0xdb40, 0xdb41, 0xdb42, 0xdb43];

/** Parses OpenCC dictionary strings (`from to|from to|…`) keeping single-unit → single-unit pairs. */
function addOpenccPairs(table: Uint16Array, dicts: unknown): void {
  const visit = (d: unknown): void => {
    if (typeof d === 'string') {
      for (const entry of d.split('|')) {
        const space = entry.indexOf(' ');
        if (space !== 1) continue; // source must be one unit
        const to = entry.slice(space + 1).split(' ')[0];
        if (to.length !== 1) continue;
        const from = entry.charCodeAt(0);
        // Only set if not already mapped: earlier dictionaries in the chain take precedence.
        if (table[from] === from) table[from] = to.charCodeAt(0);
      }
    } else if (Array.isArray(d)) d.forEach(visit);
  };
  visit(dicts);
}

/**
 * Computes the fold table from its sources (the running Node's NFKC, OpenCC's tables, the lists
 * above). Takes ~50 ms of CPU, so a scanner does not run it: `fold-data.generated.ts` holds its
 * result, written by packages/core/scripts/fold-data.ts, and a test checks the two agree.
 */
export function computeFoldTable(): Uint16Array {
  const t = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) t[c] = c;
  // NFKC where one unit maps to one unit (full-width forms, Kangxi radicals, compatibility ideographs).
  for (let c = 0x80; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdfff) continue;
    const s = String.fromCharCode(c);
    const n = s.normalize('NFKC');
    if (n.length === 1 && n !== s) t[c] = n.charCodeAt(0);
  }
  // A Latin letter with diacritics precomposed is the letter (ì í ǐ ī ị ḭ Ì → i): tone marks of pinyin
  // (jīmì, juémị̀) and accents typed to slip past a filter (SÉCRET) carry nothing a detector reads,
  // and a decomposed letter is already the letter and its marks. One unit to one; ASCII bases only.
  for (let c = 0xc0; c < 0x2000; c++) {
    if (t[c] !== c) continue;
    const d = String.fromCharCode(c).normalize('NFD');
    if (d.length > 1 && /^[A-Za-z]\p{M}+$/u.test(d)) t[c] = d.charCodeAt(0);
  }
  // Latin letters drawn as other Latin letters that NFKC leaves alone: small capitals (ᴍɪᴍɪ★, ᴛᴏᴘ ꜱᴇᴄʀᴇᴛ,
  // what "small caps" text generators write) read as the capital they draw, the dotless ı as i.
  for (const [from, to] of SMALL_CAPITALS) t[from] = to.charCodeAt(0);
  t[0x0131] = 0x69;
  t[0x3000] = 0x20; // ideographic space
  t[0x00a0] = 0x20;
  // Blanks NFKC leaves alone: Ogham's space mark (Zs) and the Braille blank draw as a space, and a
  // kept one must read as one (秘<U+1680>密<U+1680>(<U+1680>1<U+1680>年<U+1680>): the period's
  // brackets and digits are matched with ASCII blanks between them).
  t[0x1680] = 0x20;
  t[0x2800] = 0x20;
  // Traditional → simplified: region variants (tw/hk) to OpenCC traditional first, then to simplified.
  const loc = OpenCC.Locale as unknown as { from: Record<string, unknown>; to: Record<string, unknown> };
  const toCn = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) toCn[c] = c;
  addOpenccPairs(toCn, loc.to.cn);
  const fromRegion = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) fromRegion[c] = c;
  addOpenccPairs(fromRegion, loc.from.tw);
  addOpenccPairs(fromRegion, loc.from.hk);
  for (let c = 0x2e80; c < 0xfb00; c++) {
    const folded = t[c];
    const simplified = toCn[fromRegion[folded]];
    if (simplified !== fromRegion[folded] || fromRegion[folded] !== folded) t[c] = simplified;
  }
  // 祕 is the traditional form of 秘 used in 祕密; OpenCC keeps it in some variants.
  t[0x7955] = 0x79d8;
  // Variant forms (异体字) with no other reading, which OpenCC leaves alone: 宻 is 密 (宻级：秘密★1年),
  // 袐 is 秘 written with 衣 for 示 (袐密★1年).
  t[0x5bbb] = 0x5bc6;
  t[0x8890] = 0x79d8;
  for (const s of STAR_VARIANTS) t[s] = STAR;
  // Unicode's other line terminators (line and paragraph separator, NEL) end a line as \n does:
  // 机<U+2028>密★5年 is drawn on two lines, and a mark broken over two lines is read joined. So do
  // a vertical tab (Word's manual line break, as it leaves text copied out) and a form feed (a page
  // break in printouts): 机密★5年<FF>关于……的通知 is a mark alone at the top of its page.
  for (const nl of [0x2028, 0x2029, 0x0085, 0x0b, 0x0c]) t[nl] = 0x0a;
  for (let c = 0; c < 65536; c++) if ((c < 0xd800 || c > 0xdfff) && DEFAULT_IGNORABLE.test(String.fromCharCode(c))) t[c] = DROP;
  for (const h of IGNORABLE_HIGH_SURROGATES) t[h] = DROP;
  // NUL is not text; drop it so UTF-16 misreads cannot hide words between NULs.
  t[0] = DROP;
  return t;
}

/**
 * Capital letters drawn in a box or circle that NFKC leaves alone (no compatibility mapping): the
 * negative circled (🅐 U+1F150–1F169) and negative squared (🅰 U+1F170–1F189) letters and the
 * regional indicators (🇦 U+1F1E6–1F1FF), each read as its letter: 🆃🅾🅿 🆂🅴🅲🆁🅴🆃 is TOP SECRET.
 */
const LETTER_LOOKALIKES: ReadonlyMap<number, string> = new Map(
  [0x1f150, 0x1f170, 0x1f1e6].flatMap((first) => Array.from({ length: 26 }, (_, k): [number, string] => [first + k, String.fromCharCode(0x41 + k)])),
);

/**
 * Characters beyond the BMP drawn as a BMP character, from NFKC where one code point maps to one BMP
 * unit: the mathematical alphanumerics (U+1D400–1D7FF: 𝐓𝐎𝐏 𝐒𝐄𝐂𝐑𝐄𝐓, 𝖳𝖮𝖯, 𝟓), enclosed and squared
 * letters (🄰, 🅃), CJK compatibility ideographs supplement (U+2F800–2FA1F), Arabic mathematical
 * letters, modifier letters; and the boxed letters of {@link LETTER_LOOKALIKES}. The target is
 * folded further through `table` (the BMP fold); a target the BMP fold drops is left out. Encoded as `<gap>:<to>` in base 36, `gap` counting code points
 * from U+10000 (see decodeAstralFolds): the normalizer folds such a surrogate pair to one unit.
 */
export function computeAstralFolds(table: Uint16Array): string {
  const items: string[] = [];
  let prev = 0xffff;
  for (let cp = 0x10000; cp < 0x110000; cp++) {
    const s = String.fromCodePoint(cp);
    const n = LETTER_LOOKALIKES.get(cp) ?? s.normalize('NFKC');
    if (n.length !== 1 || n === s) continue;
    const to = table[n.charCodeAt(0)];
    if (to === DROP) continue;
    items.push(`${(cp - prev - 1).toString(36)}:${to.toString(36)}`);
    prev = cp;
  }
  return items.join(',');
}

/**
 * The BMP's combining marks (`\p{M}`) as ranges, `first-last` in hex, comma-separated: the
 * normalizer drops a mark drawn on an ideograph or ★ (see normalize.ts). Generated with the fold
 * table, so no process tests 65,536 units against the property at start-up (~8 ms).
 */
export function computeMarkRanges(): string {
  const mark = /^\p{M}$/u;
  const ranges: string[] = [];
  let from = -1;
  for (let c = 0; c <= 65536; c++) {
    const is = c < 65536 && (c < 0xd800 || c > 0xdfff) && mark.test(String.fromCharCode(c));
    if (is && from < 0) from = c;
    if (!is && from >= 0) {
      ranges.push(`${from.toString(16)}-${(c - 1).toString(16)}`);
      from = -1;
    }
  }
  return ranges.join(',');
}
