import { describe, expect, it } from 'vitest';
import { createScanner } from '../src/index.ts';
import { JiebaSegmenter } from '../src/segmenter.ts';

// Its own file: the dictionary is read once per process (per test file here), and this test
// must see the moment it is read.
describe('segmentation dictionary', () => {
  it('is not read when a scanner is built, nor for text where no whole-word check is needed, and is read for the first one', async () => {
    const scanner = await createScanner({ ocr: false, isolation: false, dictionaryTexts: [{ name: 'w.txt', text: '@category project\n@severity review\n@boundary word\n天穹计划\n' }] });
    expect(JiebaSegmenter.loaded).toBe(false);
    // No term at all, then a term with no Chinese character touching it: no segmentation needed.
    expect((await scanner.scan(new TextEncoder().encode('关于会议的通知\n请各单位做好准备。'))).verdict).toBe('pass');
    expect((await scanner.scan(new TextEncoder().encode('项目: 天穹计划\n'))).findings.map((f) => f.ruleId)).toContain('term.project');
    expect(JiebaSegmenter.loaded).toBe(false);
    // A term inside Chinese text: the whole-word check reads the dictionary, and decides.
    const r = await scanner.scan(new TextEncoder().encode('本单位承担天穹计划的研制任务。'));
    expect(JiebaSegmenter.loaded).toBe(true);
    expect(r.findings.map((f) => f.ruleId)).toContain('term.project');
    await scanner.close();
  });
});
