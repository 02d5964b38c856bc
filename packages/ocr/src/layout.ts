import type { Block, Box } from '@prepub/core';

/** A recognised word as tesseract reports it, box in prepared-image pixels. */
export interface RawWord {
  text: string;
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

/** A recognised line. */
export interface RawLine {
  words: RawWord[];
  confidence: number;
  bbox: { x0: number; y0: number; x1: number; y1: number };
}

/** A gap between two words of a line wider than this many line heights separates cells (a tab). */
const CELL_GAP = 1.5;

/** Maps a prepared-image box to original-image pixels. */
export type BoxMapper = (x0: number, y0: number, x1: number, y1: number) => { x: number; y: number; width: number; height: number };

/** The text, blocks and confidence of one OCR page. */
export interface BuiltText {
  text: string;
  blocks: Block[];
  /** Mean line confidence, 0..100; undefined when no text was found. */
  confidence?: number;
}

/**
 * Wide characters (CJK ideographs, kana, hangul, CJK and full-width punctuation). Tesseract
 * separates them with spaces that are not in the document: no space goes next to them.
 */
function isWide(code: number): boolean {
  return code >= 0x2e80;
}

/**
 * Joins tesseract's lines and words into part text. Spaces between words are kept only between two
 * narrow (Latin, digit) characters; every word and line block records its offsets as the text grows,
 * so a word block's slice of the text is exactly the word without its spaces.
 */
export function buildText(lines: RawLine[], mapPx: BoxMapper, uprightHeight: number, pointsPerPixel?: number, pointsOffset?: { x: number; y: number }, unit: Box['unit'] = pointsPerPixel ? 'pt' : 'px'): BuiltText {
  // Boxes point at the original image: pixels, or PDF points for a rendered PDF page (shifted by
  // the crop's position when the image is a picture cut out of a page).
  const k = pointsPerPixel ?? 1;
  const ox = pointsPerPixel ? (pointsOffset?.x ?? 0) : 0;
  const oy = pointsPerPixel ? (pointsOffset?.y ?? 0) : 0;
  const toBox = (px: { x: number; y: number; width: number; height: number }): Box =>
    ({ x: round2(px.x * k + ox), y: round2(px.y * k + oy), width: round2(px.width * k), height: round2(px.height * k), unit });
  let text = '';
  const blocks: Block[] = [];
  let confSum = 0;
  for (const line of lines) {
    const words: NonNullable<Block['words']> = [];
    const lineStartLen = text.length;
    let lineStart = -1;
    let prevRight = 0;
    const lineHeight = Math.max(1, line.bbox.y1 - line.bbox.y0);
    for (const w of line.words) {
      const wt = w.text.replace(/\s+/g, '');
      if (wt.length === 0) continue;
      if (lineStart < 0) {
        if (blocks.length > 0) text += '\n';
        lineStart = text.length;
      } else if (w.bbox.x0 - prevRight > CELL_GAP * lineHeight) {
        // A gap wider than a few characters: the next cell of a form's row (密级　　机密　　份数),
        // told apart as a spreadsheet's cells are, not run together into one word (密级机密份数).
        text += '\t';
      } else {
        const prev = text.charCodeAt(text.length - 1);
        if (!isWide(prev) && !isWide(wt.charCodeAt(0))) text += ' ';
      }
      prevRight = w.bbox.x1;
      const start = text.length;
      text += wt;
      words.push({ start, end: text.length, box: toBox(mapPx(w.bbox.x0, w.bbox.y0, w.bbox.x1, w.bbox.y1)), confidence: round1(w.confidence) });
    }
    if (lineStart < 0) {
      text = text.slice(0, lineStartLen);
      continue;
    }
    const px = mapPx(line.bbox.x0, line.bbox.y0, line.bbox.x1, line.bbox.y1);
    blocks.push({
      start: lineStart,
      end: text.length,
      kind: 'ocr-line',
      index: blocks.length + 1,
      box: toBox(px),
      confidence: round1(line.confidence),
      // Measured on the upright (prepared) page: "the top" is where a reader sees it, whatever the scan's rotation.
      pageTop: uprightHeight > 0 ? Math.max(0, Math.min(1, round4(line.bbox.y0 / uprightHeight))) : 0,
      words,
    });
    confSum += line.confidence;
  }
  return { text, blocks, confidence: blocks.length > 0 ? round1(confSum / blocks.length) : undefined };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round2 = (n: number) => Math.round(n * 100) / 100;
const round4 = (n: number) => Math.round(n * 10000) / 10000;

/** Flattens tesseract.js's block → paragraph → line tree into lines in reading order. */
export function linesOf(blocks: Array<{ paragraphs: Array<{ lines: RawLine[] }> }> | null | undefined): RawLine[] {
  const out: RawLine[] = [];
  for (const b of blocks ?? []) for (const p of b.paragraphs) for (const l of p.lines) out.push(l);
  return out;
}

/**
 * The readings of pieces read one after another (a long screenshot's, top to bottom) as one text:
 * each piece's text on the lines after the last, its blocks' and words' offsets moved by where it
 * starts and its lines numbered on. What a line says about the one before it (an example's lead-in
 * ending one piece, the example opening the next) is read across the cut, as on a page.
 */
export function joinBuilt(pieces: readonly BuiltText[]): BuiltText {
  let text = '';
  const blocks: Block[] = [];
  for (const piece of pieces) {
    if (piece.text.length === 0) continue;
    if (text.length > 0) text += '\n';
    const shift = text.length;
    text += piece.text;
    for (const b of piece.blocks) {
      blocks.push({
        ...b,
        start: b.start + shift,
        end: b.end + shift,
        index: blocks.length + 1,
        ...(b.words ? { words: b.words.map((w) => ({ ...w, start: w.start + shift, end: w.end + shift })) } : {}),
      });
    }
  }
  let sum = 0;
  for (const b of blocks) sum += b.confidence ?? 0;
  return { text, blocks, confidence: blocks.length > 0 ? round1(sum / blocks.length) : undefined };
}
