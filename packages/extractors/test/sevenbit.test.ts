/**
 * HZ and UTF-7 plain text: read in addition to the ASCII reading, by strict signatures only, each
 * character mapped back to the bytes it came from.
 */
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { Allowlist, BUILTIN_DETECTORS, DEFAULT_LIMITS, Engine, resolvePolicy } from '@prepub/core';
import { extractText } from '../src/text.ts';
import { readHz, readUtf7 } from '../src/sevenbit.ts';

const MARK = '机密★5年';
const enc = new TextEncoder();
const hz = (s: string): string => s.replace(/[^\x00-\x7f]+/g, (run) => `~{${[...iconv.encode(run, 'gb2312')].map((b) => String.fromCharCode(b & 0x7f)).join('')}~}`);
const utf7 = (s: string): string => Buffer.from(iconv.encode(s, 'utf7')).toString('latin1');
const ctx = { limits: DEFAULT_LIMITS, filename: 'n.txt' };

describe('7-bit Chinese text', () => {
  it('an HZ file and a UTF-7 file are read as such, besides the ASCII reading', () => {
    for (const [doc, id] of [[hz(`${MARK}\n各区统计局：请按时参加。\n`), 'body@hz-gb-2312'], [utf7(`${MARK}\n各区统计局：请按时参加。\n`), 'body@utf-7']]) {
      const x = extractText(enc.encode(doc), ctx);
      expect(x.parts.map((p) => p.id)).toEqual(['body', id]);
      expect(x.parts[1].text).toBe(`${MARK}\n各区统计局：请按时参加。\n`);
    }
  });
  it('each character maps to the bytes that encode it', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('机', '密', '统', '计', '★', '5', '年', 'a', ' ', '\n', '：'), { minLength: 1, maxLength: 30 }), (chars) => {
      const s = chars.join('');
      for (const [bytes, read, encode] of [[hz(s), readHz, (t: string) => hz(t)], [utf7(s), readUtf7, (t: string) => utf7(t)]] as const) {
        const r = read(enc.encode(bytes));
        if (!/[机密统计年]/.test(s)) continue;
        expect(r?.text).toBe(s);
        for (let k = 0; k < s.length; k++) {
          const slice = bytes.slice(r!.source.starts[k], r!.source.ends[k]);
          // The bytes of a character re-encode it (alone, or inside the run it shares bits with).
          if (read === readHz) expect(encode(s[k]).replace(/~[{}]/g, '')).toBe(slice);
          else expect(slice.length).toBeGreaterThan(0);
        }
      }
    }));
  });
  it('a finding in the decoded reading names its line and bytes in the file', () => {
    const doc = `notice\n${hz(MARK)}\n`;
    const x = extractText(enc.encode(doc), ctx);
    const r = new Engine({ detectors: [...BUILTIN_DETECTORS], policy: resolvePolicy(), allowlist: new Allowlist([]) }).analyze([x.parts.find((p) => p.id === 'body@hz-gb-2312')!]);
    const f = r.find((f) => f.ruleId.startsWith('marking.'));
    // 机 is bytes 9-10 (after `~{` at 7), 年 bytes 20-21 (before the last `~}`).
    expect(f?.location.source).toEqual({ start: 9, end: 22, unit: 'byte', line: 2, column: 3 });
  });
  it('ASCII that only looks like the escapes is not read as HZ or UTF-7', () => {
    for (const s of ['a ~{ b ~} c', 'C++ and a+b-c, 1+1=2', 'x ~{~} y', 'path ~/home ~~ end', '+Hello- +AGEA-', 'ok ~{;z', 'mail+filter@example.org']) {
      expect(extractText(enc.encode(s), ctx).parts.map((p) => p.id), s).toEqual(['body']);
    }
  });
});
