/**
 * Character accuracy of OCR output against a known source text: 1 - CER, where CER is the
 * Levenshtein distance over code points divided by the source length. Whitespace is ignored on
 * both sides (tesseract's spacing is not the document's).
 */
export function characterAccuracy(source: string, recognised: string): number {
  const a = Array.from(source.replace(/\s+/g, ''));
  const b = Array.from(recognised.replace(/\s+/g, ''));
  if (a.length === 0) return b.length === 0 ? 1 : 0;
  let prev = new Uint32Array(b.length + 1);
  let cur = new Uint32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      cur[j] = Math.min(sub, prev[j] + 1, cur[j - 1] + 1);
    }
    [prev, cur] = [cur, prev];
  }
  return Math.max(0, 1 - prev[b.length] / a.length);
}
