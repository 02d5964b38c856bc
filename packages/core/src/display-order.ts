/**
 * A part's text in the order it is drawn, where a bidirectional override reorders it.
 *
 * Why: a right-to-left override (U+202E RLO) draws what follows last character first, so the
 * stored text `\u202E年5★密机` is shown as 机密★5年 — a marking no reader of the stored order
 * finds. Embeddings, isolates and right-to-left letters never reverse a run of ideographs and digits
 * (they stay left-to-right inside any embedding); only the overrides (RLO, and LRO inside one) do.
 * The reading is made with the Unicode Bidirectional Algorithm (bidi-js), line by line, brackets
 * mirrored as drawn, and keeps the stored part's length, lines and blocks: every unit of it maps to
 * the unit of the stored part it shows (`source`), so a finding there is located in the original.
 */
import bidiModule, { type Bidi } from 'bidi-js';
import { partLength } from './part-text.ts';
import type { SourceMap, TextPart } from './types.ts';

/** Units that reorder a run of ideographs: the overrides. */
const OVERRIDE_UNITS = new Set([0x202d, 0x202e]);

/** Explicit formatting characters, drawn as nothing: written as U+200B in the reading (same length, no second quality loss). */
const FORMATTING = /[\u202a-\u202e\u2066-\u2069]/g;

// A CommonJS package whose module.exports is the factory; its types call it a default export.
const bidiFactory = ((bidiModule as unknown as { default?: () => Bidi }).default ?? bidiModule) as unknown as () => Bidi;
let bidi: Bidi | undefined;

/** Whether `part` holds a bidirectional override (reads the units when it has them, not building a lazy text). */
export function holdsBidiOverride(part: Pick<TextPart, 'text' | 'units'>): boolean {
  const units = part.units;
  if (units && units.length === partLength(part)) {
    for (let i = 0; i < units.length; i++) if (units[i] === 0x202d || units[i] === 0x202e) return true;
    return false;
  }
  return part.text.includes('\u202e') || part.text.includes('\u202d');
}

/** The suffix of a reading's part id: `body@display`. */
export const DISPLAY_SUFFIX = '@display';

/**
 * `part` read in the order its lines are drawn, when a bidirectional override reorders one of
 * them; undefined otherwise. Lines without an override keep their stored order.
 */
export function displayOrderReading(part: TextPart): TextPart | undefined {
  if (!holdsBidiOverride(part)) return undefined;
  const text = part.text;
  bidi ??= bidiFactory();
  const embedding = bidi.getEmbeddingLevels(text);
  const order = new Uint32Array(text.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const out = text.split('');
  let changed = false;
  for (let ls = 0; ls < text.length; ) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    let overridden = false;
    for (let i = ls; i < le && !overridden; i++) overridden = OVERRIDE_UNITS.has(text.charCodeAt(i));
    if (overridden && le > ls) {
      const lineOrder = Array.from(order.subarray(ls, le));
      for (const [a, b] of bidi.getReorderSegments(text, embedding, ls, le - 1)) {
        const seg = lineOrder.slice(a - ls, b - ls + 1).reverse();
        lineOrder.splice(a - ls, seg.length, ...seg);
      }
      // A pair of surrogates reversed with its run is one character drawn: keep its halves in order.
      for (let k = 0; k + 1 < lineOrder.length; k++) {
        const hi = text.charCodeAt(lineOrder[k + 1]);
        const lo = text.charCodeAt(lineOrder[k]);
        if (hi >= 0xd800 && hi <= 0xdbff && lo >= 0xdc00 && lo <= 0xdfff && lineOrder[k + 1] + 1 === lineOrder[k]) {
          [lineOrder[k], lineOrder[k + 1]] = [lineOrder[k + 1], lineOrder[k]];
          k++;
        }
      }
      const mirrored = bidi.getMirroredCharactersMap(text, embedding.levels, ls, le - 1);
      for (let k = 0; k < lineOrder.length; k++) {
        const from = lineOrder[k];
        order[ls + k] = from;
        out[ls + k] = mirrored.get(from) ?? text[from];
        if (from !== ls + k) changed = true;
      }
    }
    ls = le + 1;
  }
  if (!changed) return undefined;
  const shown = out.join('').replace(FORMATTING, '\u200b');
  const source: SourceMap = part.source
    ? {
        starts: Uint32Array.from(order, (i) => part.source!.starts[i]),
        ends: Uint32Array.from(order, (i) => part.source!.ends[i]),
        unit: part.source.unit,
        ...(part.source.lineStarts ? { lineStarts: part.source.lineStarts } : {}),
      }
    : { starts: order, ends: Uint32Array.from(order, (i) => i + 1), unit: 'char', lineStarts: lineStartsOf(text) };
  return {
    id: part.id + DISPLAY_SUFFIX,
    role: part.role,
    text: shown,
    origin: { ...part.origin, detail: `${part.origin.detail ? part.origin.detail + ', ' : ''}in the order it is drawn (bidirectional overrides applied; source offsets are into ${part.id})` },
    ...(part.blocks ? { blocks: part.blocks } : {}),
    ...(part.confidence !== undefined ? { confidence: part.confidence } : {}),
    ...(part.leading !== undefined ? { leading: part.leading } : {}),
    source,
  };
}

function lineStartsOf(text: string): Uint32Array {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return Uint32Array.from(starts);
}
