/**
 * Text quality of one part: what an extractor produced that is not really text. A part full of
 * replacement characters, private-use code points or control characters is where a marking may
 * have been lost in decoding or glyph mapping, so it becomes a {@link Loss} and never passes.
 */
import type { Loss, TextPart } from './types.ts';
import { hasLazyText } from './part-text.ts';

export interface TextQuality {
  /** UTF-16 units examined. */
  chars: number;
  /** U+FFFD REPLACEMENT CHARACTER: bytes or glyphs a reader could not decode. */
  replacement: number;
  /** Private-use code points outside U+F000–U+F0FF (where Word keeps symbol-font glyphs such as bullets). */
  privateUse: number;
  /** C0/C1 controls other than tab, line feed, carriage return, form feed and vertical tab. */
  controls: number;
  /** Surrogate halves without their pair. */
  loneSurrogates: number;
  /**
   * Bidirectional overrides (U+202D LRO, U+202E RLO): the characters after one are drawn in forced
   * order, so `\u202E年5★密机` shows 机密★5年 while the text reads otherwise.
   */
  bidiOverrides: number;
}

/**
 * Every unit that may count below (controls, surrogates, private use, U+FFFD). Almost every part
 * holds none: the regular expression engine tells that several times faster than a loop over the
 * string, and the loop runs only for the parts that do.
 */
const SUSPECT = /[\x00-\x08\x0e-\x1f\x7f-\x9f\u202d\u202e\ud800-\udfff\ue000-\uefff\uf100-\uf8ff\ufffd]/;

let suspectUnits: Uint8Array | undefined;
/** {@link SUSPECT} as a table by unit (1: suspect), made once; the normalizer reads it too, to say whether a text holds any. */
export function suspectUnitTable(): Uint8Array {
  if (suspectUnits) return suspectUnits;
  const t = new Uint8Array(65536);
  for (let u = 0; u < 65536; u++) if (SUSPECT.test(String.fromCharCode(u))) t[u] = 1;
  return (suspectUnits = t);
}

/**
 * Whether `text` holds a unit {@link SUSPECT} matches. Given the text's units (an extractor's),
 * a table lookup per unit: a third less time than the regular expression over the string.
 */
function anySuspect(text: string, units?: Uint16Array): boolean {
  if (!units || units.length !== text.length) return SUSPECT.test(text);
  return anySuspectUnit(units);
}

/** Units found to hold no {@link SUSPECT} unit by whoever read them all (see {@link markWithoutSuspectUnits}). */
const WITHOUT_SUSPECT = new WeakSet<Uint16Array>();

/**
 * Records that `units` hold no unit {@link SUSPECT} matches, for a reader of every unit (a decoder
 * writing them, the engine's normalizer): the quality check then does not read them all again.
 * Only for units nobody changes afterwards.
 */
export function markWithoutSuspectUnits(units: Uint16Array): void {
  WITHOUT_SUSPECT.add(units);
}

function anySuspectUnit(units: Uint16Array): boolean {
  if (WITHOUT_SUSPECT.has(units)) return false;
  const t = suspectUnitTable();
  let any = 0;
  for (let i = 0; i < units.length; i++) any |= t[units[i]];
  return any !== 0;
}

/**
 * Counts what is not text in `text`, in one pass.
 *
 * @param units `text` as UTF-16 units, when the caller has them (ignored unless of its length)
 */
export function assessTextQuality(text: string, units?: Uint16Array): TextQuality {
  const q: TextQuality = { chars: text.length, replacement: 0, privateUse: 0, controls: 0, loneSurrogates: 0, bidiOverrides: 0 };
  if (!anySuspect(text, units)) return q;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // Most text is printable BMP outside the ranges below: one comparison pair for the common case.
    if (c >= 0x20 && c < 0x7f) continue;
    if (c >= 0xa0 && c < 0xd800 && c !== 0x202d && c !== 0x202e) continue;
    if (c === 0x202d || c === 0x202e) q.bidiOverrides++;
    else if (c === 0xfffd) q.replacement++;
    else if (c >= 0xe000 && c <= 0xf8ff) {
      if (c < 0xf000 || c > 0xf0ff) q.privateUse++;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        i++;
        // Supplementary private-use planes 15 and 16.
        const cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        if (cp >= 0xf0000) q.privateUse++;
      } else q.loneSurrogates++;
    } else if (c >= 0xdc00 && c <= 0xdfff) q.loneSurrogates++;
    else if (c < 0x20 ? c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c && c !== 0x0b : c >= 0x7f && c < 0xa0) q.controls++;
  }
  return q;
}

/**
 * The loss a part's quality shows, if any. Any replacement character, private-use code point or
 * lone surrogate counts: one of them can stand where a level word was. Controls count above a
 * small share, since legacy text files carry a stray SUB or NUL more often than lost content.
 */
export function textQualityLoss(part: Pick<TextPart, 'id' | 'text' | 'origin'> & { units?: Uint16Array }): Loss | undefined {
  // A text still to be built from its units is not built for this: almost no part holds a suspect unit.
  const q =
    hasLazyText(part) && !anySuspectUnit(part.units)
      ? { chars: part.units.length, replacement: 0, privateUse: 0, controls: 0, loneSurrogates: 0, bidiOverrides: 0 }
      : assessTextQuality(part.text, part.units);
  const controlsLost = q.controls >= 16 || (q.controls > 0 && q.controls * 200 >= q.chars);
  const lost = q.replacement + q.privateUse + q.loneSurrogates + q.bidiOverrides + (controlsLost ? q.controls : 0);
  if (lost === 0) return undefined;
  const what: string[] = [];
  if (q.replacement) what.push(`${q.replacement} replacement character${q.replacement > 1 ? 's' : ''} (U+FFFD)`);
  if (q.privateUse) what.push(`${q.privateUse} private-use character${q.privateUse > 1 ? 's' : ''} (glyphs without a Unicode meaning)`);
  if (q.loneSurrogates) what.push(`${q.loneSurrogates} broken surrogate${q.loneSurrogates > 1 ? 's' : ''}`);
  if (q.bidiOverrides) what.push(`${q.bidiOverrides} bidirectional override${q.bidiOverrides > 1 ? 's' : ''} (U+202D/U+202E: what follows is shown in another order than it reads)`);
  if (controlsLost) what.push(`${q.controls} control character${q.controls > 1 ? 's' : ''}`);
  return {
    where: part.id,
    kind: 'low-text-quality',
    count: lost,
    total: q.chars,
    detail: `the text of ${part.id} holds ${what.join(', ')}: content the reader could not turn into text`,
    origin: part.origin,
  };
}
