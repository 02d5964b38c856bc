import type { Extraction } from './types.ts';
import { partLength } from './part-text.ts';

/**
 * Keeps an extraction's text within `max` characters, the same way for every reader: text past
 * the limit is cut (with its unit map and blocks) and each part cut or dropped is unread (`limit`).
 * An extraction already within the limit is untouched.
 */
export function enforceTextLimit(result: Extraction, max: number): void {
  let total = 0;
  for (let i = 0; i < result.parts.length; i++) {
    const p = result.parts[i];
    const length = partLength(p);
    if (total + length <= max) {
      total += length;
      continue;
    }
    const keep = Math.max(0, max - total);
    result.unread.push({ where: p.id, reason: 'limit', detail: `The document has more than ${max} characters of text; text from here on was not read.`, origin: p.origin });
    p.text = p.text.slice(0, keep);
    if (p.units) p.units = p.units.slice(0, keep);
    if (p.blocks) p.blocks = p.blocks.filter((b) => b.start < keep).map((b) => ({ ...b, end: Math.min(b.end, keep) }));
    for (const q of result.parts.slice(i + 1)) result.unread.push({ where: q.id, reason: 'limit', detail: `Not read: the text limit of ${max} characters was reached.`, origin: q.origin });
    result.parts.length = i + 1;
    return;
  }
}
