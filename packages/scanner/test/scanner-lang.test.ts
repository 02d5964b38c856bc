/** `createScanner({ lang })`: the result's messages and reasons in that language, machine fields alike. */
import { describe, expect, it } from 'vitest';
import { localizeResult } from '@prepub/core';
import { createScanner } from '../src/index.ts';

const NOTICE = new TextEncoder().encode('000012\n机密★5年\n特急\n\n关于做好重点项目调度工作的通知\n联系人手机 13812345678\n');

describe('scanner lang option', () => {
  it('writes messages and reasons in Chinese with lang zh, in English by default', async () => {
    const zh = await createScanner({ ocr: false, isolation: false, lang: 'zh' });
    const en = await createScanner({ ocr: false, isolation: false });
    try {
      const z = await zh.scan(NOTICE, { filename: 'notice.txt' });
      const e = await en.scan(NOTICE, { filename: 'notice.txt' });
      expect(z.verdict).toBe('block');
      expect(z.findings.map((f) => [f.ruleId, f.fingerprint, f.score])).toEqual(e.findings.map((f) => [f.ruleId, f.fingerprint, f.score]));
      expect(z.findings.find((f) => f.ruleId === 'marking.cn-state-secret')!.message).toBe('国家秘密标志 机密★5年（密级：机密，保密期限：5年）');
      expect(z.findings.find((f) => f.ruleId === 'pii.mobile')!.message).toBe('手机号码——个人信息须在发布前审查（本部分共 1 处）');
      expect(e.findings.find((f) => f.ruleId === 'pii.mobile')!.message).toBe('mobile number — personal data must be reviewed before publication (1 in this part)');
      expect(z.reasons).toEqual(['1 处命中应禁止发布：marking.cn-state-secret', '1 处命中需人工审查：pii.mobile']);
      // The same result rendered later in the other language is what the other scanner wrote.
      expect(localizeResult(z, 'en').findings.map((f) => f.message)).toEqual(e.findings.map((f) => f.message));
      expect(localizeResult(z, 'en').reasons).toEqual(e.reasons);
    } finally {
      await zh.close();
      await en.close();
    }
  });
});
