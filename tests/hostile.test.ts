/**
 * Hostile constructions (bench/fuzz/hostile.ts): a marking left whole where a text reader may not
 * look — a form XObject, an annotation's appearance, an altChunk, a number format, a formula, a
 * script, reversed or ruby-annotated HTML, a field code. None may pass. Their negative twins, the
 * same constructions with a benign word in the level's place, must carry no marking finding: what
 * the readers now read must not invent markings in ordinary documents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { hostileInputs } from '../bench/fuzz/hostile.ts';

describe('hostile constructions', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(async () => {
    await scanner.close();
  });

  const closed = hostileInputs().filter((h) => !h.open);
  it('are built deterministically', () => {
    const again = hostileInputs();
    expect(again.map((h) => h.name)).toEqual(hostileInputs().map((h) => h.name));
    for (const [i, h] of hostileInputs().entries()) expect(Buffer.from(h.bytes).equals(Buffer.from(again[i].bytes)), h.name).toBe(true);
  });

  for (const h of closed) {
    it(`${h.name} does not pass (${h.what})`, { timeout: 60_000 }, async () => {
      const r = await scanner.scan(h.bytes, { filename: h.name });
      expect(r.verdict, `${h.name}: ${r.verdict}, findings ${r.findings.map((f) => f.ruleId)}, unread ${JSON.stringify(r.coverage.unread.map((u) => u.reason))}`).not.toBe('pass');
    });
  }

  it('pictures: a marking in the file\'s text fields (PNG text chunks, TIFF/EXIF tags) is found without OCR', { timeout: 60_000 }, async () => {
    const pictures = closed.filter((h) => h.name.startsWith('image-'));
    expect(pictures.length).toBeGreaterThan(0);
    for (const h of pictures) {
      const r = await scanner.scan(h.bytes, { filename: h.name });
      expect(r.findings.map((f) => f.ruleId), h.name).toContain('marking.cn-state-secret');
    }
  });

  it('their benign twins carry no marking finding', { timeout: 300_000 }, async () => {
    for (const h of hostileInputs('统计', 'MONTHLY REPORT//DRAFT')) {
      const r = await scanner.scan(h.bytes, { filename: h.name });
      expect(r.findings.filter((f) => f.ruleId.startsWith('marking.')).map((f) => f.ruleId), h.name).toEqual([]);
      expect(r.verdict, h.name).not.toBe('block');
    }
  });
});
