/**
 * Enclosed characters (b968965) were looked for by testing every open field's instruction against
 * the EQ pattern for every run of text: a 31 kB DOCX of 10,000 unterminated EQ fields, each with a
 * run in its result, took 36 s (1.4 s before). The open fields' enclosing is now kept as they open,
 * separate and close.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { docx } from './helpers.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const run = (t: string) => `<w:r><w:t xml:space="preserve">${t}</w:t></w:r>`;
const nested = (n: number) =>
  docx(`<w:p>${(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> EQ ${'\\\\x'.repeat(60)} \\\\o</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` + run('机')).repeat(n)}</w:p>`);

describe('DOCX: enclosed characters looked for in linear time', () => {
  it('8,000 open EQ fields with a run each: < 4 s and < 8× the time of 2,000', async () => {
    await scanner.scan(await nested(200), { filename: 'warm.docx' });
    let t = process.cpuUsage();
    await scanner.scan(await nested(2000), { filename: 'a.docx' });
    const one = cpuMsSince(t);
    t = process.cpuUsage();
    const r = await scanner.scan(await nested(8000), { filename: 'a.docx' });
    const four = cpuMsSince(t);
    expect(four).toBeLessThan(4000);
    expect(four).toBeLessThan(8 * Math.max(one, 150));
    expect(r.verdict).toBeDefined();
  });
});
