import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

// Text a bidirectional override draws in another order than it is stored: \u202E年5★密机 shows 机密★5年.
const RLO = '\u202e';
const reversed = (s: string): string => [...s].reverse().join('');
const BODY = '\n江临市应急管理局\n关于开展汛期安全检查的通知\n各区应急管理局：\n根据工作安排，现将有关事项通知如下。\n';
const enc = (s: string) => new TextEncoder().encode(s);

let isolated: Scanner;
let inProcess: Scanner;
beforeAll(async () => {
  isolated = await createScanner({ ocr: false });
  inProcess = await createScanner({ ocr: false, isolation: false });
});
afterAll(async () => {
  await isolated.close();
  await inProcess.close();
});

describe('a marking stored reversed under a right-to-left override', () => {
  const files: Array<[string, Uint8Array, string]> = [
    ['notice.txt', enc(RLO + reversed('机密★5年') + '\u202c' + BODY), 'body@display'],
    ['notice.html', enc(`<html><head><meta charset="utf-8"></head><body><p>&#x202E;${reversed('秘密★1年')}</p><p>${BODY}</p></body></html>`), '@display'],
  ];
  it.each(files)('%s blocks, in a reading covered as drawn (worker and calling thread alike)', async (name, bytes, part) => {
    for (const scanner of [isolated, inProcess]) {
      const r = await scanner.scan(bytes, { filename: name });
      expect(r.verdict).toBe('block');
      const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
      expect(f.location.part.endsWith(part)).toBe(true);
      expect(r.coverage.parts.map((p) => p.id)).toContain(f.location.part);
      // The override itself stays a loss: a human still hears that the file reorders its text.
      expect(r.coverage.unread.some((u) => u.reason === 'text-loss' && /bidirectional override/.test(u.detail))).toBe(true);
    }
  });

  it('harmless text under an override is review for the override, with no marking found', async () => {
    const r = await isolated.scan(enc(RLO + reversed('本市开展第十个保密宣传月活动') + BODY), { filename: 'news.txt' });
    expect(r.verdict).toBe('review');
    expect(r.findings.filter((x) => x.category.endsWith('marking'))).toEqual([]);
  });
});
