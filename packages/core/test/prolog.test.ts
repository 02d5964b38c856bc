/**
 * afterProlog (the root after white space, processing instructions and comments) says what the
 * sniffers' patterns it replaced said, in one pass: those backtracked exponentially on heads of
 * many comments, each `<!--` able to close at any later `-->`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterProlog, type PrologGrammar } from '../src/prolog.ts';
import { perCall } from '../../../tests/cpu-time.ts';

const XML_ANY: PrologGrammar = { open: '<!--', close: '-->', pi: 'any', leads: ['\xef\xbb\xbf'] };
const XML_FIRST: PrologGrammar = { open: '<!--', close: '-->', pi: 'xml-first' };
const C_COMMENTS: PrologGrammar = { open: '/*', close: '*/', pi: 'none' };

/** The patterns as they were (safe on the short strings drawn here), each with its grammar and root. */
/** The patterns as they were (safe on the short strings drawn here), each with its grammar, root and the pieces its heads are drawn from. */
const CASES: Array<[string, RegExp, PrologGrammar, RegExp, string[]]> = [
  ['wordml', /^(?:\ufeff|\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*|<!--[\s\S]*?-->\s*)*<([\w.-]+:)?wordDocument[\s>]/, XML_ANY, /<([\w.-]+:)?wordDocument[\s>]/y, ['<!--', '-->', '<?', '?>', '?', '>', '-', '<', 'x', ' ', '\n', '\ufeff', '\xef\xbb\xbf', '<wordDocument>', 'w:', 'wordDocument ']],
  ['flat OPC', /^(?:\ufeff|\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*|<!--[\s\S]*?-->\s*)*<([\w.-]+:)?package[\s>]/, XML_ANY, /<([\w.-]+:)?package[\s>]/y, ['<!--', '-->', '<?', '?>', '?', '>', '-', '<', 'x', ' ', '\t', '\u3000', '\xef\xbb\xbf', '<pkg:package ', 'package>', '<package']],
  ['Android resources', /^\uFEFF?\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<resources[\s>]/, XML_FIRST, /<resources[\s>]/y, ['<!--', '-->', '<?xml', '<?', '?>', '>', '-', '<', 'x', ' ', '\n', '\ufeff', '<resources>', 'resources ']],
  ['X bitmap', /^\s*(\/\*[\s\S]*?\*\/\s*)*#define\s+\S*width\s+\d+/, C_COMMENTS, /#define\s+\S*width\s+\d+/y, ['/*', '*/', '*', '/', 'x', ' ', '\n', '#define', ' a_width 8', 'width', ' 1', '#define x_width 16']],
];

describe('afterProlog', () => {
  for (const [name, pattern, grammar, root, pieces] of CASES) {
    it(`agrees with the ${name} pattern it replaced`, () => {
      const piece = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...pieces) }, { weight: 1, arbitrary: fc.string({ maxLength: 3 }) });
      fc.assert(
        fc.property(fc.array(piece, { maxLength: 10 }).map((a) => a.join('')), (s) => {
          expect(afterProlog(s, grammar, root), JSON.stringify(s)).toBe(pattern.test(s));
        }),
        { numRuns: 20000, seed: 20261208 },
      );
    });
  }

  it('reads the prologs it is for', () => {
    expect(afterProlog('\ufeff<?xml version="1.0"?>\n<?mso-application progid="Word.Document"?>\n<!-- a -- b -->\n<w:wordDocument xmlns:w="…">', XML_ANY, CASES[0]![3])).toBe(true);
    expect(afterProlog('<!-- <w:wordDocument> --> <p>', XML_ANY, CASES[0]![3])).toBe(false);
    // A comment may close at a later close marker, as the pattern let it.
    expect(afterProlog('<!-- a -->x--><w:wordDocument>', XML_ANY, CASES[0]![3])).toBe(true);
    expect(afterProlog('/* XBM */\n#define a_width 8\n', C_COMMENTS, CASES[3]![3])).toBe(true);
  });

  it('stays linear on a head of many comments', () => {
    const head = (k: number) => `<!---->${'<!--?><wordDocument>-->'.repeat(k)}\t?><wordDocument\t`;
    const small = head(50);
    const large = head(400);
    const ratio = perCall(() => afterProlog(large, XML_ANY, CASES[0]![3])) / perCall(() => afterProlog(small, XML_ANY, CASES[0]![3]));
    expect(ratio).toBeLessThan(20);
  });
});
