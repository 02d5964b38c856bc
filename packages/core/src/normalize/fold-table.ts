/**
 * One 65,536-entry table that folds a UTF-16 code unit to the unit the detectors see:
 * full-width → half-width (NFKC where it maps one unit to one unit), traditional → simplified
 * (OpenCC's character tables), every star variant → ★, and zero-width / BOM / soft hyphen → 0
 * (dropped). A single table lookup per character is what keeps normalization at memory speed;
 * multi-character rewrites (separators, numerals) are handled by the normalizer around it.
 *
 * How the table is made is in fold-table-source.ts; computing it costs every process (and every
 * reader worker) tens of milliseconds at start-up, so the table is read from its generated copy.
 */
import { ASTRAL_FOLDS, FOLD_DATA } from './fold-data.generated.ts';

/** The unit every star variant folds to. */
export const STAR = 0x2605;
/** Table value meaning "drop this unit". */
export const DROP = 0;

let cached: Uint16Array | undefined;

/**
 * Decodes {@link FOLD_DATA}: entries that differ from the identity, each `<gap><to>` in base 36
 * separated by commas, where `gap` counts units since the previous entry (`from` = previous + 1 + gap).
 */
export function decodeFoldData(data: string): Uint16Array {
  const t = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) t[c] = c;
  let from = -1;
  for (const item of data ? data.split(',') : []) {
    const colon = item.indexOf(':');
    from += 1 + parseInt(item.slice(0, colon), 36);
    t[from] = parseInt(item.slice(colon + 1), 36);
  }
  return t;
}

/** Encodes a fold table as {@link decodeFoldData} reads it. */
export function encodeFoldData(t: Uint16Array): string {
  const items: string[] = [];
  let prev = -1;
  for (let c = 0; c < 65536; c++) {
    if (t[c] === c) continue;
    items.push(`${(c - prev - 1).toString(36)}:${t[c].toString(36)}`);
    prev = c;
  }
  return items.join(',');
}

/** Returns the fold table (decoded once per process). */
export function foldTable(): Uint16Array {
  return (cached ??= decodeFoldData(FOLD_DATA));
}

/**
 * Decodes {@link ASTRAL_FOLDS}: for each high surrogate (index `high - 0xD800`) whose pairs fold,
 * 1,024 entries by low surrogate (`low - 0xDC00`), the unit the pair folds to or 0 (none).
 */
export function decodeAstralFolds(data: string): (Uint16Array | undefined)[] {
  const byHigh: (Uint16Array | undefined)[] = new Array(1024).fill(undefined);
  let cp = 0xffff;
  for (const item of data ? data.split(',') : []) {
    const colon = item.indexOf(':');
    cp += 1 + parseInt(item.slice(0, colon), 36);
    const v = cp - 0x10000;
    const lows = (byHigh[v >> 10] ??= new Uint16Array(1024));
    lows[v & 0x3ff] = parseInt(item.slice(colon + 1), 36);
  }
  return byHigh;
}

let astralCached: (Uint16Array | undefined)[] | undefined;

/** Surrogate pairs that fold to one BMP unit, by high surrogate (see {@link decodeAstralFolds}). */
export function astralFolds(): (Uint16Array | undefined)[] {
  return (astralCached ??= decodeAstralFolds(ASTRAL_FOLDS));
}
