/**
 * Every way a text file ends a line ends it for the detectors too: a marking alone on the first
 * line blocks whatever separates the lines (LF, CR, CRLF, U+2028/2029, NEL, a vertical tab as Word's
 * manual line break leaves it, a form feed as a page break). The same lines around 保密宣传月 pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

const BODY = ['关于做好2027年度预算编制工作的通知', '各处室：', '根据财政部统一部署，现将2027年度部门预算编制有关事项通知如下，请各处室认真做好相关工作。', '办公室'];
const SEPARATORS: Array<[string, string]> = [
  ['LF', '\n'],
  ['CR', '\r'],
  ['CRLF', '\r\n'],
  ['U+2028', '\u2028'],
  ['U+2029', '\u2029'],
  ['vertical tab', '\u000b'],
  ['form feed', '\u000c'],
];

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

describe('line breaks of every kind', () => {
  it.each(SEPARATORS)('lines parted by %s: 机密★5年 alone on the first blocks', async (_what, sep) => {
    const r = await scanner.scan(new TextEncoder().encode(['机密★5年', ...BODY].join(sep)), { filename: 'notice.txt' });
    expect(r.verdict).toBe('block');
  });
  it.each(SEPARATORS)('lines parted by %s: 保密宣传月 on the first passes with nothing unread', async (_what, sep) => {
    const r = await scanner.scan(new TextEncoder().encode(['保密宣传月', ...BODY].join(sep)), { filename: 'notice.txt' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
});
