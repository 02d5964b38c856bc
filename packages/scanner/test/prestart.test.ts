/**
 * Workers started before the scanner (`@prepub/scanner/prestart`, what `prepub scan` does first
 * thing) are taken over by the first scanner with the same isolation settings, which then reads
 * with them like with its own; workers started with other settings are stopped, never used.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createScanner } from '@prepub/scanner';
import { discardPrestartedWorkers, hasPrestartedWorkers, prestartExtractionWorkers } from '@prepub/scanner/prestart';
import { ExtractionPool } from '../src/pool.ts';

const NOTICE = new TextEncoder().encode('000012\n机密★5年\n特急\n\n江临市保密局文件\n关于做好年度保密检查工作的通知\n');

afterEach(async () => {
  await discardPrestartedWorkers();
});

describe('prestarted reader workers', () => {
  it('a scanner with the same settings takes them over and reads with them', async () => {
    prestartExtractionWorkers({ workers: 1, preload: [] });
    expect(hasPrestartedWorkers()).toBe(true);
    const scanner = await createScanner({ ocr: false, isolation: { workers: 1, preload: [], eager: true } });
    try {
      expect(hasPrestartedWorkers()).toBe(false);
      const r = await scanner.scan(NOTICE, { filename: 'notice.txt' });
      expect(r.verdict).toBe('block');
      expect(r.coverage.unread).toEqual([]);
    } finally {
      await scanner.close();
    }
  });

  it('a pool that wants readers they were started without takes them over and loads those on them', async () => {
    // What \`prepub scan <folder>\` does: its workers start before the folder is walked, so without
    // knowing that the files are PDFs or DOCX; stopping them and starting others cost ~130 ms.
    prestartExtractionWorkers({ workers: 1, preload: [] });
    const pool = new ExtractionPool({ workers: 1, preload: ['docx'] });
    try {
      pool.warm();
      expect(pool.tookPrestarted).toBe(true);
      expect(hasPrestartedWorkers()).toBe(false);
      // The taken worker ran a warm-up for the reader (its first: it reports what starting cost it).
      const results = await pool.preloading;
      expect(results).toHaveLength(1);
      expect(results![0]).not.toBeNull();
      expect('threadCpuMs' in results![0]!).toBe(true);
    } finally {
      await pool.close();
    }
  });

  it('a pool with the readers they were started with loads nothing more', async () => {
    prestartExtractionWorkers({ workers: 1, preload: ['docx'] });
    const pool = new ExtractionPool({ workers: 1, preload: ['docx'] });
    try {
      pool.warm();
      expect(pool.tookPrestarted).toBe(true);
      expect(pool.preloading).toBeUndefined();
    } finally {
      await pool.close();
    }
  });

  it('a scanner with other settings stops them and starts its own', async () => {
    prestartExtractionWorkers({ workers: 1, preload: [] });
    const scanner = await createScanner({ ocr: false, isolation: { workers: 2, preload: [], eager: true } });
    try {
      expect(hasPrestartedWorkers()).toBe(false);
      const results = await Promise.all([scanner.scan(NOTICE, { filename: 'a.txt' }), scanner.scan(NOTICE, { filename: 'b.txt' })]);
      expect(results.map((r) => r.verdict)).toEqual(['block', 'block']);
    } finally {
      await scanner.close();
    }
  });

  it('workers nobody takes are stopped by discardPrestartedWorkers', async () => {
    prestartExtractionWorkers({ workers: 1 });
    expect(hasPrestartedWorkers()).toBe(true);
    await discardPrestartedWorkers();
    expect(hasPrestartedWorkers()).toBe(false);
  });
});
