/** Package paths: relationship targets (OPC) and OFD locations resolve through one function. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dirOf, resolvePath } from '../src/package.ts';

describe('package paths', () => {
  it('resolves against the naming part’s folder; a leading / is the root; .. stops at the root', () => {
    expect(resolvePath('word', 'media/image1.png')).toBe('word/media/image1.png');
    expect(resolvePath('word', '../customXml/item1.xml')).toBe('customXml/item1.xml');
    expect(resolvePath('word/glossary', '/word/./styles.xml')).toBe('word/styles.xml');
    expect(resolvePath('', '../../x.xml')).toBe('x.xml');
    expect(dirOf('word/document.xml')).toBe('word');
    expect(dirOf('document.xml')).toBe('');
  });

  it('takes OPC targets as written, and OFD locations trimmed with Windows separators', () => {
    expect(resolvePath('word', ' media\\a.png')).toBe('word/ media\\a.png');
    expect(resolvePath('Doc_0', ' Pages\\Page_0\\Content.xml ', true)).toBe('Doc_0/Pages/Page_0/Content.xml');
    expect(resolvePath('Doc_0', '\\Doc_0\\Res\\a.png', true)).toBe('Doc_0/Res/a.png');
  });

  it('never yields an empty, . or .. segment, and a loose path is the strict one of its normal form (property)', () => {
    const seg = fc.constantFrom('a', 'b', '.', '..', '', ' c ', 'd.xml');
    const path = fc.array(seg, { maxLength: 8 }).chain((s) => fc.constantFrom('/', '\\').map((sep) => s.join(sep)));
    fc.assert(
      fc.property(fc.array(fc.constantFrom('x', 'y'), { maxLength: 3 }).map((s) => s.join('/')), path, fc.boolean(), (dir, target, loose) => {
        const r = resolvePath(dir, target, loose);
        if (r) expect(r.split('/').every((s) => s !== '' && s !== '.' && s !== '..')).toBe(true);
        expect(resolvePath(dir, target, true)).toBe(resolvePath(dir, target.trim().replace(/\\/g, '/')));
      }),
      { numRuns: 300, seed: 3 },
    );
  });
});
