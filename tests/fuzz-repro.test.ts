/**
 * One input per leak the fuzz harness found (bench/fuzz/repro/, made by bench/fuzz/make-repro.ts).
 * Each keeps its marking's bytes intact, so none may pass. The committed files must be what their
 * recipes rebuild, so a change to a seed or a mutation shows here instead of silently changing them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { REPROS, REPRO_DIR, buildRepro } from '../bench/fuzz/make-repro.ts';
import { loadSeeds } from '../bench/fuzz/seeds.ts';

describe('fuzz reproductions', () => {
  let plain: Scanner;
  let withOcr: Scanner;
  beforeAll(async () => {
    plain = await createScanner({ ocr: false });
    withOcr = await createScanner({ ocr: true });
  });
  afterAll(async () => {
    await plain.close();
    await withOcr.close();
  });

  it('are what their recipes rebuild', () => {
    const seeds = loadSeeds({ ocr: true });
    for (const r of REPROS) {
      expect(Buffer.from(buildRepro(r, seeds)).equals(readFileSync(join(REPRO_DIR, r.file))), `${r.file} is stale: pnpm tsx bench/fuzz/make-repro.ts`).toBe(true);
    }
  });

  for (const r of REPROS) {
    it(`${r.file} does not pass (${r.what})`, { timeout: 180_000 }, async () => {
      const res = await (r.ocr ? withOcr : plain).scan(readFileSync(join(REPRO_DIR, r.file)), { filename: r.file });
      expect(res.verdict, `${r.file}: ${res.verdict}, format ${res.document.format}, unread ${JSON.stringify(res.coverage.unread.map((u) => u.reason))}`).not.toBe('pass');
    });
  }
});
