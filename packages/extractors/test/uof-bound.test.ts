/**
 * The UOF shown reading (5986217) found tags with one pattern that rescanned the rest of the text
 * from every `<` with no `>` after it: an 8 kB .uot of `<a<a<a…` took 20 s (cubic), unclosed
 * comments and CDATA sections quadratic time. Tags are now found by a linear scan.
 */
import { describe, expect, it } from 'vitest';
import { uofReading } from '../src/uof.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const head = '<?xml version="1.0"?><uof:UOF xmlns:uof="http://schemas.uof.org/cn/2003/uof" xmlns:字="http://schemas.uof.org/cn/2003/uof-wordproc"><字:段落><字:句><字:文本串>机密★5年</字:文本串></字:句></字:段落>';
const read = (s: string) => {
  const t = process.cpuUsage();
  const part = uofReading(s, 'body@uof', { filePart: 'content.xml' } as never);
  return { ms: cpuMsSince(t), text: part?.text ?? '' };
};
/** The least CPU time of three readings: a collection in one run does not decide. */
const best = (s: string) => [read(s), read(s), read(s)].reduce((a, b) => (b.ms < a.ms ? b : a));

describe('UOF shown reading in linear time', () => {
  for (const [name, piece] of [['<a with no >', '<a'], ['unclosed comments', '<!--'], ['unclosed CDATA', '<![CDATA[']] as const) {
    it(`${name}: 40,000 in < 1 s and < 8× the time of 10,000; the text before still read`, () => {
      const one = best(head + piece.repeat(10000));
      const four = best(head + piece.repeat(40000));
      expect(four.ms).toBeLessThan(1000);
      expect(four.ms).toBeLessThan(8 * Math.max(one.ms, 20));
      expect(four.text).toContain('机密★5年');
    });
  }

  it('tags, self-closing ones, comments and CDATA read as before', () => {
    const s = head.replace('</字:段落>', '') + '<字:换行符/><!-- x > y --><字:文本串><![CDATA[绝<密>]]>&amp;</字:文本串></字:句></字:段落>';
    expect(read(s).text).toBe('机密★5年\n绝<密>&');
  });
});
