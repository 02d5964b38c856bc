import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractDocx, MAX_STEP_OUTPUT } from '../src/index.ts';
import { ctx, docx, para, sample, wml } from './helpers.ts';

describe('zip bomb', () => {
  it('stops at the compression-ratio limit after a few MB (default limits)', async () => {
    const bytes = sample('zip-bomb.docx');
    expect(bytes.length).toBeLessThan(2 * 1024 * 1024);
    const x = await extractDocx(bytes, ctx());
    expect(x.unread).toEqual([expect.objectContaining({ where: 'word/document.xml', reason: 'limit' })]);
    // Prefix check: ratio × consumed input + 8 MiB slack, overshooting by at most one inflate step.
    expect(Number(x.info?.inflatedBytes)).toBeLessThanOrEqual(8 * 1024 * 1024 + 2 * MAX_STEP_OUTPUT);
  });

  it('with no ratio limit, stops at maxInflatedBytes plus at most one inflate step', async () => {
    const limit = 32 * 1024 * 1024;
    const before = process.memoryUsage().rss;
    const x = await extractDocx(sample('zip-bomb.docx'), ctx({ maxCompressionRatio: 1e9, maxInflatedBytes: limit }));
    expect(x.unread).toEqual([expect.objectContaining({ where: 'word/document.xml', reason: 'limit' })]);
    const counted = Number(x.info?.inflatedBytes);
    expect(counted).toBeGreaterThan(limit);
    expect(counted).toBeLessThanOrEqual(limit + MAX_STEP_OUTPUT);
    // The 1.1 GB the entry claims were never held: memory grew by far less than that.
    expect(process.memoryUsage().rss - before).toBeLessThan(400 * 1024 * 1024);
  });

  it('entries after the total limit are reported unread, not skipped', async () => {
    const big = para('安'.repeat(20000));
    const x = await extractDocx(docx(big, { 'word/header1.xml': wml('hdr', big), 'word/footer1.xml': wml('ftr', big) }), ctx({ maxInflatedBytes: 70_000 }));
    expect(x.unread.length).toBeGreaterThan(0);
    expect(x.unread.every((u) => u.reason === 'limit')).toBe(true);
  });
});

describe('robustness', () => {
  const valid = sample('notice-gbt9704-secret.docx');

  it('truncations and byte mutations never throw; each result has parts or unread items', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: valid.length }),
        fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), { maxLength: 20 }),
        async (cut, mutations) => {
          const bytes = valid.slice(0, Math.max(cut, 0));
          for (const [at, v] of mutations) if (at < bytes.length) bytes[at] = v;
          const x = await extractDocx(bytes, ctx());
          expect(x.format).toBe('docx');
          expect(x.parts.length + x.unread.length).toBeGreaterThan(0);
          for (const p of x.parts) {
            let last = -1;
            for (const b of p.blocks ?? []) {
              // Blocks stay inside the text, sorted and disjoint, whatever the damage.
              expect(b.start).toBeGreaterThan(last);
              expect(b.end).toBeLessThanOrEqual(p.text.length);
              last = b.end;
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a notice cut before its central directory still shows its marking, and says it is damaged', async () => {
    // The central directory starts at the last 'PK\x01\x02' record's first occurrence.
    let cd = valid.length;
    for (let i = 0; i < valid.length - 4; i++) if (valid[i] === 0x50 && valid[i + 1] === 0x4b && valid[i + 2] === 1 && valid[i + 3] === 2) (cd = i), (i = valid.length);
    const x = await extractDocx(valid.slice(0, cd), ctx());
    expect(x.parts[0].text.split('\n')[1]).toBe('机密★5年');
    expect(x.unread).toEqual([expect.objectContaining({ where: 'file', reason: 'corrupt' })]);
  });
});
