/**
 * A form's options with all but one struck through (\strike, \striked1: 密级：绝密 机密 秘密 with two
 * struck, as 不适用的划去 asks) name the one left. The row read whole lists the three levels and the
 * slip passed; each paragraph holding struck-through text is also read without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

/** Chinese text as RTF \u escapes. */
const u = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0)}?`).join('');
const slip = (row: string) =>
  new TextEncoder().encode(`{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\\f0 ${u('文件处理单')}\\par ${u('来文单位：江临市发展和改革委员会')}\\par ${row}\\par ${u('事由：关于下达年度投资计划的函')}\\par}`);

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('RTF: options struck through', () => {
  for (const on of ['\\strike', '\\striked1', '\\strike1']) {
    it(`the level left when the others are struck (${on}) blocks`, async () => {
      const r = await scanner.scan(slip(`${u('密级：')}{${on} ${u('绝密')}} ${u('机密')} {${on} ${u('秘密')}}`), { filename: 'slip.rtf' });
      expect(r.verdict).toBe('block');
      expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'body#unstruck')).toBe(true);
    });
  }

  it('nothing struck, the strike switched off (\\strike0), or 公开 left: pass', async () => {
    for (const row of [u('密级：绝密 机密 秘密'), `${u('密级：')}{\\strike0 ${u('绝密')}} ${u('机密')} {\\strike0 ${u('秘密')}}`, `${u('密级：')}{\\strike ${u('绝密 机密 秘密')}} ${u('公开')}`]) {
      const r = await scanner.scan(slip(row), { filename: 'slip.rtf' });
      expect(r.verdict).toBe('pass');
    }
  });
});
