/**
 * Three patterns that backtracked without bound on a page's or a file's text, replaced:
 * - a script's `String.fromCharCode(` call: the blanks after it were split among five quantifiers
 *   (n^5 ways): 100 blanks and no closing bracket held an HTML page's scan for 53 s, and it passed;
 * - the Android string resources test of an XML text: a head of n comments split 2^n ways
 *   (14 pieces of `---><!----><!-` in a 220-byte `.xml` took 6 s);
 * - a YAML line's `key: value`: a line with no such pair was failed only after every split of its
 *   blanks (n^4: `-` and 400 tabs, 90 ms; lines are read up to 4,096 units).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCRIPT_PIECE, scriptStrings } from '../src/html.ts';
import { xmlReadings, yamlPair, yamlReading } from '../src/readings.ts';
import { perCall } from '../../../tests/cpu-time.ts';

/** The pattern as it was (safe on the short strings drawn here). */
const OLD = /(["'`])((?:[^\\\r\n]|\\[\s\S])*?)\1|String\s*\.\s*from(?:CharCode|CodePoint)\s*(?:\.\s*(?:apply|call)\s*\(\s*(?:null|undefined|this|String)\s*,\s*|\(\s*(?:\.\.\.)?\s*)\[?\s*([^()\]]*?)\s*\]?\s*\)|\b(unescape|decodeURIComponent|decodeURI|atob)\s*\(\s*(["'`])((?:[^\\\r\n]|\\[\s\S])*?)\5\s*\)/g;

describe('SCRIPT_PIECE', () => {
  it('finds what the pattern it replaced found, with the same parts', () => {
    const now = (s: string) => [...s.matchAll(SCRIPT_PIECE)].map((m) => [m.index, m[0], m.groups!.q, m.groups!.str, m.groups!.codes, m.groups!.fn, m.groups!.q2, m.groups!.str2]);
    const old = (s: string) => [...s.matchAll(OLD)].map((m) => [m.index, m[0], m[1], m[2], m[3], m[4], m[5], m[6]]);
    const piece = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom('String.fromCharCode', 'String.fromCodePoint', 'String . fromCharCode', '.apply', '.call', '(', ')', '[', ']', ' ', '\t', '\n', '\u3000', ',', '...', 'null', 'this', '0x5bc6', '26426', '1', 'a', '"', "'", '`', '\\', 'atob', 'unescape', '+') },
      { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 14 }).map((a) => a.join('')), (s) => {
        expect(now(s), JSON.stringify(s)).toEqual(old(s));
      }),
      { numRuns: 30000, seed: 20261208 },
    );
  });

  it('reads the calls it is for', () => {
    expect(scriptStrings('document.write(String.fromCharCode( 26426, 0x5bc6 ) + "\\u2605")')).toEqual(['机密★']);
    expect(scriptStrings('x = String.fromCharCode.apply(null, [ 26426 , 23494 ]);')).toEqual(['机密']);
  });

  it('blanks after String.fromCharCode( with no closing bracket: 8 times the blanks, not 20 times the time', () => {
    const script = (n: number) => `var a = String.fromCharCode(${' '.repeat(n)}(;`;
    const one = script(8);
    const eight = script(64);
    expect(perCall(() => scriptStrings(eight)) / perCall(() => scriptStrings(one))).toBeLessThan(20);
  });
});

describe('the Android resources test of an XML text', () => {
  it('a head of many comments: 9 times the length, not 20 times the time', () => {
    // (11 pieces, not more: the old pattern took 0.2 s there and minutes at 16.)
    const xml = (k: number) => `<!-${'---><!----><!-'.repeat(k)}`;
    const one = xml(1);
    const eight = xml(11);
    const origin = { path: 'a.xml' } as never;
    expect(perCall(() => xmlReadings(eight, origin)) / perCall(() => xmlReadings(one, origin))).toBeLessThan(20);
  });
});

describe('yamlPair', () => {
  /** The pattern as it was (safe on the short lines drawn here). */
  const PAIR = /^[ \t]*(?:-[ \t]+)?([^:#\r\n][^:#\r\n]*?)[ \t]*:[ \t]+((?:[&!][^\s]*[ \t]+)*)(["']?)(.*?)\3[ \t]*(?:#.*)?\r?$/;

  it('gives what the pattern gave', () => {
    const piece = fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(' ', '\t', '-', ':', ': ', '#', '\r', '\n', '\u2028', '\u2029', '"', "'", '&a', '!!str', '*a', '|', 'k', '密级', '机密') },
      { weight: 1, arbitrary: fc.string({ maxLength: 3 }) },
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }).map((a) => a.join('')), (s) => {
        expect(yamlPair(s), JSON.stringify(s)).toEqual(PAIR.exec(s));
      }),
      { numRuns: 30000, seed: 20261208 },
    );
  });

  it('a line of a dash and tabs: 8 times the tabs, not 20 times the time', () => {
    const yaml = (n: number) => `-${'\t'.repeat(n)}\n`;
    const one = yaml(50);
    const eight = yaml(400);
    expect(yamlReading(eight, 'yaml', {})).toBeUndefined();
    expect(perCall(() => yamlReading(eight, 'yaml', {})) / perCall(() => yamlReading(one, 'yaml', {}))).toBeLessThan(20);
  });
});
