/**
 * One detector failing must not lose the others' findings, and no input size may overflow the
 * stack: a 10 MB line once made the PII candidate regex throw "Maximum call stack size exceeded".
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Allowlist, BUILTIN_DETECTORS, Engine, MAX_HITS_PER_DETECTOR, resolvePolicy, type Detector, type TextPart } from '@prepub/core';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const part = (text: string, id = 'body'): TextPart => ({ id, role: 'body', text, origin: {}, leading: true });
const NOTICE = '000012\n机密★5年\n特急\n\n联系人：张三，手机 13812345678。\n';

function engineWith(extra: Detector[]): Engine {
  return new Engine({ detectors: [...extra, ...BUILTIN_DETECTORS], policy: resolvePolicy(), allowlist: new Allowlist([]) });
}

const throwing: Detector = {
  id: 'test.throws',
  summary: 'throws on every part',
  docs: 'none',
  detect() {
    throw new Error('boom');
  },
};

const overflowing: Detector = {
  id: 'test.overflows',
  summary: 'recurses without end',
  docs: 'none',
  detect() {
    const down = (n: number): number => down(n + 1) + 1;
    return [{ ruleId: 'test.overflows', category: 'sensitive-term', score: down(0), maxSeverity: 'block', start: 0, end: 1, message: '', explanation: { base: 1, cues: [] } }];
  },
};

describe('a detector that fails', () => {
  it.each([
    ['throws', throwing, 'boom'],
    ['overflows the stack', overflowing, 'Maximum call stack size exceeded'],
  ])('%s: every other detector keeps its findings and the failure is reported', (_name, bad, message) => {
    const engine = engineWith([bad]);
    const { findings, failures } = engine.analyzeAll([part(NOTICE), part('内部\n', 'footer')]);
    expect(findings.map((f) => f.ruleId).sort()).toEqual(['marking.cn-lower', 'marking.cn-state-secret', 'pii.mobile']);
    expect(failures).toEqual([
      { detector: bad.id, part: 'body', message },
      { detector: bad.id, part: 'footer', message },
    ]);
    // The old entry point still refuses to hand out a partial answer silently.
    expect(() => engine.analyze([part(NOTICE)])).toThrow(new RegExp(`${bad.id} failed on body`));
  });
});

describe('no input size overflows the stack', () => {
  const engine = engineWith([]);
  it('a 10 MB single line of phone numbers beside a marking: the marking is found, nothing fails', () => {
    const line = '13800138000 '.repeat(Math.ceil(10_000_000 / 12));
    const { findings, failures } = engine.analyzeAll([part(`000012\n机密★5年\n特急\n${line}\n`)]);
    expect(failures).toEqual([]);
    expect(findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.severity === 'block')).toBe(true);
    // Capped per detector and part, the rest counted.
    expect(findings.filter((f) => f.ruleId === 'pii.mobile')).toHaveLength(1000);
  });

  it('long runs of any identifier-like characters never make a detector throw', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('1', '1 ', '1-', 'A', 'AB ', '+1', 'a@b.', 'b.', '@', '(S) ', 'SECRET//', '\n', '机密★', '1\u3000'),
        fc.integer({ min: 100_000, max: 2_000_000 }),
        (unit, size) => {
          const text = '机密★5年\n' + unit.repeat(Math.ceil(size / unit.length));
          // Nothing throws; the only failure allowed is the reported cap on candidates examined.
          const { failures } = engine.analyzeAll([part(text)]);
          expect(failures.filter((f) => !/candidate words in one part/.test(f.message))).toEqual([]);
        },
      ),
      { numRuns: 12 },
    );
  }, 300_000);
});

describe('crafted text dense with trigger words', () => {
  const engine = engineWith([]);
  const dense = (n: number): string => '000012\n机密★5年\n特急\n' + '机密★'.repeat(n) + '\n';
  it('examines at most MAX_HITS_PER_DETECTOR candidates per detector and part, and says so (never pass)', () => {
    const { findings, failures } = engine.analyzeAll([part(dense(MAX_HITS_PER_DETECTOR * 3))]);
    expect(findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.severity === 'block')).toBe(true);
    const capped = failures.filter((f) => /candidate words in one part/.test(f.message));
    expect(capped.length).toBeGreaterThan(0);
    expect(capped.every((f) => f.part === 'body')).toBe(true);
  });
  it('below the cap nothing is reported as not examined', () => {
    const { failures } = engine.analyzeAll([part(dense(1000))]);
    expect(failures).toEqual([]);
  });
  it('time grows no faster than the cap allows: 3x the cap costs about what 1.5x does', () => {
    const time = (n: number): number => {
      const text = dense(n);
      const t0 = process.cpuUsage();
      engine.analyzeAll([part(text)]);
      return cpuMsSince(t0);
    };
    time(MAX_HITS_PER_DETECTOR); // warm up
    const atCap = Math.min(time(MAX_HITS_PER_DETECTOR * 1.5), time(MAX_HITS_PER_DETECTOR * 1.5));
    const far = Math.min(time(MAX_HITS_PER_DETECTOR * 6), time(MAX_HITS_PER_DETECTOR * 6));
    // Without the cap the detectors' work would grow 4x; normalization and matching still grow.
    expect(far / atCap).toBeLessThan(4);
  }, 300_000);
});
