/**
 * `pnpm build` writes every character above U+00FF of the built JavaScript as a `\u` escape
 * (scripts/one-byte-js.mjs), so V8 keeps each module's source one byte per character. The escaped
 * text must be the same program: the same strings, templates and regular expressions, whatever
 * backslashes stand before a character.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeWide, oneByteSource } from '../scripts/one-byte-js.mjs';

/** Pieces of a literal's source: plain, escaped backslash, identity escape of a wide character, wide characters, a surrogate pair. */
const piece = fc.constantFrom('a', 'Z', '0', ' ', '\\\\', '\\机', '\\★', '机', '密', '★', 'é', 'Я', '🌟', '\\n', '-');
const literalSource = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));

describe('escapeWide', () => {
  it('leaves no character above U+00FF', () => {
    fc.assert(
      fc.property(literalSource, (s) => {
        expect(/[^\u0000-\u00ff]/.test(escapeWide(s))).toBe(false);
      }),
    );
  });

  it('keeps every string and template literal the same value (property)', () => {
    fc.assert(
      fc.property(literalSource, (s) => {
        expect(eval(`'${escapeWide(s)}'`)).toBe(eval(`'${s}'`));
        expect(eval(`\`${escapeWide(s)}\``)).toBe(eval(`\`${s}\``));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps every regular expression matching the same (property)', () => {
    const probes = ['机', '密', '★', 'é', 'Я', '🌟', '\\', 'a', 'u673a'];
    fc.assert(
      fc.property(literalSource, fc.boolean(), (s, unicode) => {
        // Characters of the piece as a class, so every wide character is tested on its own.
        const src = `[${s.replace(/\\n|-/g, '')}]`;
        let before: RegExp;
        try {
          before = new RegExp(src, unicode ? 'u' : '');
        } catch {
          return; // Not a valid class for this flag (a lone identity escape under 'u'): nothing to compare.
        }
        const after = new RegExp(escapeWide(src), unicode ? 'u' : '');
        for (const p of probes) expect(after.test(p)).toBe(before.test(p));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('oneByteSource', () => {
  it('escapes a file with few wide characters and leaves one made mostly of them', () => {
    const code = `// 机密 marking\nexport const level = '机密';\n${'export const x = 1;\n'.repeat(20)}`;
    expect(oneByteSource(code)).toBe(escapeWide(code));
    const catalogue = `export default { a: '${'机密文件'.repeat(50)}' };`;
    expect(oneByteSource(catalogue)).toBe(catalogue);
    expect(oneByteSource('plain ascii')).toBe('plain ascii');
  });
});
