/**
 * Text saved as UTF-16 without a byte order mark (Notepad's "Unicode" by tools that leave the BOM
 * out, exports of older OA systems). Chinese text has few NUL bytes in UTF-16 (only line breaks,
 * digits and spaces, and the low byte of an ideograph such as 开 U+5F00), too few for the NUL
 * pattern: the file was read as windows-1252 with the UTF-16 reading beside it, so an unmarked
 * notice was review (bytes valid in no encoding, control characters), and a short file such as
 * 保密宣传月\r\n or 机密★5年 alone was taken for a fragment of binary data (review, truncated).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner } from '../../scanner/src/index.ts';
import { decodeText, sniffFormat } from '@prepub/extractors';

type Scanner = Awaited<ReturnType<typeof createScanner>>;
let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

const NOTICE = '\r\n关于召开年度工作会议的通知\r\n各处室：定于下周三上午九时在三楼会议室召开年度工作会议，请准时参加。\r\n';
const le = (s: string) => Buffer.from(s, 'utf16le');
const be = (s: string) => Buffer.from(s, 'utf16le').swap16();

describe('UTF-16 without a BOM', () => {
  it('a notice: UTF-16 is the reading when the NUL bytes stand on its high-byte side', () => {
    for (const [enc, bytes] of [['utf-16le', le(`保密宣传月${NOTICE}`)], ['utf-16be', be(`保密宣传月${NOTICE}`)]] as const) {
      const d = decodeText(bytes);
      expect(d.encoding).toBe(enc);
      expect(d.text).toContain('年度工作会议');
    }
  });

  for (const [name, encode] of [['little-endian', le], ['big-endian', be]] as const) {
    it(`${name}: 机密★5年 heading a notice blocks; 保密宣传月 passes with nothing unread`, async () => {
      const marked = await scanner.scan(encode(`机密★5年${NOTICE}`), { filename: 'notice.txt' });
      expect(marked.verdict).toBe('block');
      const twin = await scanner.scan(encode(`保密宣传月${NOTICE}`), { filename: 'notice.txt' });
      expect(twin.verdict).toBe('pass');
      expect(twin.coverage.unread).toEqual([]);
    });
  }

  it('a short file is text, not a fragment of binary data: 机密★5年 alone blocks, 保密宣传月\\r\\n passes', async () => {
    expect(sniffFormat(le('机密★5年')).format).toBe('text');
    expect(sniffFormat(le('保密宣传月\r\n')).format).toBe('text');
    expect((await scanner.scan(le('机密★5年'), { filename: 'notice.txt' })).verdict).toBe('block');
    const twin = await scanner.scan(le('保密宣传月\r\n'), { filename: 'notice.txt' });
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
  });
});
