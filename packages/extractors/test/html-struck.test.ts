/**
 * A web form's options with all but one struck through (<s>, <strike>, <del>, text-decoration:
 * line-through) name the one left: the row read whole lists the three levels and passed; its line
 * is also read without the struck text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';

const page = (row: string): Uint8Array =>
  new TextEncoder().encode(`<html><body><h3>文件处理单</h3><p>来文单位：江临市发展和改革委员会</p><p>密级：${row}</p><p>事由：关于下达2027年度重点项目投资计划的函</p></body></html>`);

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

const STRUCK: Array<[string, (t: string) => string]> = [
  ['<s>', (t) => `<s>${t}</s>`],
  ['<strike>', (t) => `<strike>${t}</strike>`],
  ['<del>', (t) => `<del>${t}</del>`],
  ['text-decoration: line-through', (t) => `<span style="text-decoration: line-through">${t}</span>`],
  ['text-decoration-line: line-through', (t) => `<span style="color:#333;text-decoration-line:line-through">${t}</span>`],
];

describe('HTML: options struck through', () => {
  it.each(STRUCK)('%s around the other levels: the one left blocks', async (_, s) => {
    const r = await scanner.scan(page(`${s('绝密')} 机密 ${s('秘密')}`), { filename: 'slip.html' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'html:shown-order')).toBe(true);
  });

  it.each(STRUCK)('%s around the levels, 公开 left: pass', async (_, s) => {
    const r = await scanner.scan(page(`${s('绝密')} ${s('机密')} ${s('秘密')} 公开`), { filename: 'slip.html' });
    expect(r.verdict).toBe('pass');
  });

  it('the row with nothing struck lists the options: pass', async () => {
    const r = await scanner.scan(page('绝密 机密 秘密'), { filename: 'slip.html' });
    expect(r.verdict).toBe('pass');
  });
});
