/**
 * A routing slip's 密级 row whose check boxes come from a symbol font the reader could not name:
 * Word's Wingdings boxes in a page saved as HTML (`<span style="font-family:Wingdings">þ</span>`,
 * þ draws ☑ and ¨ ☐), the same as private-use code points (U+F0FE, U+F0A8) where a PDF's ToUnicode
 * maps them so, or ZapfDingbats' `4` (✔) and `o` (❏) in a PDF. The row read `密级：¨绝密 þ机密 ¨秘密`
 * and passed: no box the ticked-level form knows. The odd-mark-level form takes the one sign
 * unlike the others' for the value chosen, and asks for review; rows whose signs all agree pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, stream, ucs2 } from '../packages/extract-pdf/test/raw-pdf.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
}, 120_000);
afterAll(async () => {
  await scanner?.close();
});

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const SUBJECT = '标题：关于开展年度安全生产检查的通知\n拟稿单位：办公室　　核稿：刘明\n';

/** A 发文稿纸 page whose 密级 row draws its boxes in ZapfDingbats (/F3): `signs` before 绝密, 机密, 秘密, 非密. */
function zapfSlip(signs: string[]): Uint8Array {
  let content = `BT /F2 16 Tf 250 740 Td ${ucs2('发文稿纸')} Tj ET\n`;
  content += `BT 72 700 Td /F2 12 Tf ${ucs2('密级：')} Tj `;
  ['绝密 ', '机密 ', '秘密 ', '非密'].forEach((level, i) => (content += `/F3 12 Tf (${signs[i]}) Tj /F2 12 Tf ${ucs2(level)} Tj `));
  content += 'ET\n';
  content += `BT /F2 12 Tf 72 670 Td ${ucs2('标题：关于开展年度安全生产检查的通知')} Tj ET\n`;
  return buildPdf(onePageCjk(stream('', content), { fonts: '/F3 7 0 R', more: ['<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>'] }));
}

describe('check boxes from a symbol font the reader could not name', () => {
  it('Wingdings boxes of a page saved as HTML: the odd one is reviewed', async () => {
    const box = (c: string) => `<span style="font-family:Wingdings">${c}</span>`;
    const html = (signs: string[]) =>
      `<html><body><p>发文稿纸</p><p>密级：${box(signs[0])}绝密 ${box(signs[1])}机密 ${box(signs[2])}秘密 ${box(signs[3])}非密</p><p>${SUBJECT}</p></body></html>`;
    const ticked = await scanner.scan(utf8(html(['¨', 'þ', '¨', '¨'])), { filename: 'slip.html' });
    expect(ticked.verdict).toBe('review');
    const finding = ticked.findings.find((f) => f.explanation.fields?.form === 'odd-mark-level');
    expect(finding, JSON.stringify(ticked.findings)).toBeDefined();
    expect(ticked.coverage.unread).toEqual([]);
    const blank = await scanner.scan(utf8(html(['¨', '¨', '¨', '¨'])), { filename: 'slip.html' });
    expect(blank.verdict).toBe('pass');
    const public_ = await scanner.scan(utf8(html(['¨', '¨', '¨', 'þ'])), { filename: 'slip.html' });
    expect(public_.verdict).toBe('pass');
  });

  it('private-use boxes as a ToUnicode map writes them (U+F0A8 ☐, U+F0FE ☑), in text', async () => {
    const ticked = await scanner.scan(utf8(`发文稿纸\n密级：\uf0a8绝密 \uf0fe机密 \uf0a8秘密 \uf0a8非密\n${SUBJECT}`), { filename: 'slip.txt' });
    expect(ticked.verdict).toBe('review');
    // The finding is located in the original text: the row from its label to the level chosen.
    const f = ticked.findings[0];
    expect(f.location.start).toBe('发文稿纸\n'.length);
    expect(`发文稿纸\n密级：\uf0a8绝密 \uf0fe机密`.slice(f.location.start, f.location.end)).toBe('密级：\uf0a8绝密 \uf0fe机密');
    const blank = await scanner.scan(utf8(`发文稿纸\n密级：\uf0a8绝密 \uf0a8机密 \uf0a8秘密 \uf0a8非密\n${SUBJECT}`), { filename: 'slip.txt' });
    expect(blank.verdict).toBe('pass');
  });

  it('ZapfDingbats boxes in a PDF: ✔ as 4 among ❏ as o is reviewed, all o passes', async () => {
    const ticked = await scanner.scan(zapfSlip(['o', '4', 'o', 'o']), { filename: 'slip.pdf' });
    expect(ticked.verdict).toBe('review');
    expect(ticked.findings.map((f) => f.location.page), JSON.stringify(ticked)).toContain(1);
    const blank = await scanner.scan(zapfSlip(['o', 'o', 'o', 'o']), { filename: 'slip.pdf' });
    expect(blank.verdict).toBe('pass');
  });

  it('talk about the options passes: numbered, lettered, quoted', async () => {
    for (const row of ['密级：A绝密 B机密 C秘密 D非密', '密级：1.绝密 2.机密 3.秘密', '文件密级分为“绝密”“机密”“秘密”三级。']) {
      const r = await scanner.scan(utf8(`保密知识问答\n${row}\n`), { filename: 'quiz.txt' });
      expect(r.verdict, row).toBe('pass');
    }
  });
});
