/**
 * A form's options with all but one struck through (密级：~~绝密~~ 机密 ~~秘密~~, as 不适用的划去
 * asks) name the one left. The row read whole lists the three levels, which is no marking, and the
 * routing slip passed; each paragraph holding struck-through text is also read without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { docx, para } from './helpers.ts';

const run = (t: string, rpr = '') => `<w:r>${rpr ? `<w:rPr>${rpr}</w:rPr>` : ''}<w:t xml:space="preserve">${t}</w:t></w:r>`;
const slip = (row: string) =>
  docx(para('文件处理单') + para('来文单位：江临市发展和改革委员会') + `<w:p>${row}</w:p>` + para('事由：关于下达2027年度重点项目投资计划的函') + para('拟办意见：请分管领导阅示。'));

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('DOCX: options struck through', () => {
  for (const strike of ['<w:strike/>', '<w:dstrike/>', '<w:strike w:val="1"/>']) {
    it(`the level left when the others are struck (${strike}) blocks, located in the reading without them`, async () => {
      const r = await scanner.scan(slip(run('密级：') + run('绝密', strike) + run(' 机密 ') + run('秘密', strike)), { filename: 'slip.docx' });
      expect(r.verdict).toBe('block');
      const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret' && x.severity === 'block')!;
      expect(f.location.part).toBe('word/document.xml#unstruck');
      expect(f.explanation.normalized).toContain('机密');
    });
  }

  it('the row with none struck, or with the strike switched off, lists the options: pass', async () => {
    for (const row of [run('密级：绝密 机密 秘密'), run('密级：') + run('绝密', '<w:strike w:val="0"/>') + run(' 机密 ') + run('秘密', '<w:strike w:val="false"/>')]) {
      const r = await scanner.scan(slip(row), { filename: 'slip.docx' });
      expect(r.verdict).toBe('pass');
    }
  });

  it('公开 left with the levels struck passes', async () => {
    const r = await scanner.scan(slip(run('密级：') + run('绝密 机密 秘密', '<w:strike/>') + run(' 公开')), { filename: 'slip.docx' });
    expect(r.verdict).toBe('pass');
  });
});
