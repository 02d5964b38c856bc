import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cpSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BUNDLED_DICTIONARIES } from '@prepub/scanner';
import { jobKey, scanProfile } from '../src/index.ts';

describe('scan profile', () => {
  it('does not depend on where the dictionaries are mounted', () => {
    const copy = path.join(mkdtempSync(path.join(os.tmpdir(), 'prepub-dicts-')), 'elsewhere');
    cpSync(BUNDLED_DICTIONARIES, copy, { recursive: true });
    expect(scanProfile({ dictionaries: [copy] })).toBe(scanProfile({}));
  });

  it('changes with a term, the policy, masking and OCR, and names the policy version', () => {
    const base = scanProfile({});
    expect(base).toMatch(/^default_1\.[0-9a-f]{12}$/);
    const others = [
      scanProfile({ dictionaryTexts: [{ name: 'u.txt', text: '天穹计划\n' }] }),
      scanProfile({ policy: { version: 'default-1', thresholds: { block: 0.8, review: 0.45 } } }),
      scanProfile({ mask: false }),
      scanProfile({ ocr: false }),
      scanProfile({ dictionaryTexts: [{ name: 'allowlist/u.txt', text: '天穹计划\n' }] }),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
    expect(scanProfile({ policy: { version: 'strict 2/α' } })).toMatch(/^strict_2__\.[0-9a-f]{12}$/);
  });

  it('does not depend on the order or the names of the term lists (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 5 }), fc.integer(), (terms, seed) => {
        const texts = terms.map((t, i) => ({ name: `list-${i}.txt`, text: `${t}\n` }));
        const shuffled = [...texts].sort(() => ((seed = (seed * 1103515245 + 12345) | 0) & 1 ? 1 : -1)).map((t, i) => ({ name: `renamed-${i}.txt`, text: t.text }));
        expect(scanProfile({ dictionaryTexts: shuffled })).toBe(scanProfile({ dictionaryTexts: texts }));
      }),
      { numRuns: 30 },
    );
  });

  it('job keys are valid BullMQ custom ids (no colon)', () => {
    expect(jobKey(scanProfile({}), 'ab'.repeat(32))).not.toContain(':');
  });
});
