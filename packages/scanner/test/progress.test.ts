import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TextPart } from '@prepub/core';
import { newJournal, readJournal, resetJournal, writeJournal } from '../src/progress.ts';

/** A page part as the PDF reader hands it over, with or without its units. */
const pagePart = fc
  .record({
    page: fc.integer({ min: 1, max: 2000 }),
    // Any UTF-16 units: a leading U+FEFF, lone surrogates, NULs — what a page's ToUnicode may give.
    text: fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), fc.constantFrom('\uFEFF机密★5年', '\uD800机密', '\uFEFF\uFEFF')),
    withUnits: fc.boolean(),
    leading: fc.boolean(),
  })
  .map(({ page, text, withUnits, leading }): TextPart => {
    const part: TextPart = { id: `page-${page}`, role: 'body', origin: { page, filePart: `page ${page}` }, text, ...(leading ? { leading: true } : {}) };
    if (withUnits) {
      // Unit by unit (iterating the string would go by code points).
      const units = new Uint16Array(text.length);
      for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);
      part.units = units;
    }
    return part;
  });

/** What a finding's location depends on: id, role, origin and the text, unit for unit. */
const comparable = (p: TextPart) => ({ id: p.id, role: p.role, origin: p.origin, text: p.text, leading: p.leading ?? false });

describe('page journal (the text of pages a stopped worker had read)', () => {
  it('gives back every part kept, unit for unit, so offsets of findings are the reader\'s (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.array(pagePart, { maxLength: 3 }), { maxLength: 8 }), (pages) => {
        const journal = newJournal(64 * 1024);
        resetJournal(journal);
        for (const parts of pages) writeJournal(journal, parts);
        const back = readJournal(journal);
        expect(back.overflowPage).toBeUndefined();
        expect(back.parts.map(comparable)).toEqual(pages.flat().map(comparable));
      }),
    );
  });

  it('keeps a leading byte order mark (U+FEFF) of a page', () => {
    const journal = newJournal(4096);
    writeJournal(journal, [{ id: 'page-1', role: 'body', origin: { page: 1 }, text: '\uFEFF机密★5年' }]);
    expect(readJournal(journal).parts[0].text).toBe('\uFEFF机密★5年');
  });

  it('names the first page that did not fit, and keeps none after it', () => {
    const journal = newJournal(8 + 2 * 200);
    const page = (n: number): TextPart => ({ id: `page-${n}`, role: 'body', origin: { page: n }, text: '各区县应急管理局'.repeat(4) });
    writeJournal(journal, [page(1)]);
    writeJournal(journal, [page(2)]);
    writeJournal(journal, [page(3)]);
    writeJournal(journal, [page(4)]);
    const back = readJournal(journal);
    expect(back.parts.map((p) => p.origin?.page)).toEqual([1, 2]);
    expect(back.overflowPage).toBe(3);
  });

  it('an entry cut off mid-write (its count not yet moved past it) is not read; those before are', () => {
    const journal = newJournal(4096);
    writeJournal(journal, [{ id: 'page-1', role: 'body', origin: { page: 1 }, text: '机密★5年' }]);
    const committed = new Int32Array(journal, 0, 1)[0];
    // A second entry written, then the count set back as if the worker stopped before committing it.
    writeJournal(journal, [{ id: 'page-2', role: 'body', origin: { page: 2 }, text: '第二页' }]);
    Atomics.store(new Int32Array(journal, 0, 1), 0, committed);
    expect(readJournal(journal).parts.map((p) => p.id)).toEqual(['page-1']);
  });

  it('is empty again after a reset', () => {
    const journal = newJournal(4096);
    writeJournal(journal, [{ id: 'page-1', role: 'body', origin: { page: 1 }, text: '机密' }]);
    resetJournal(journal);
    expect(readJournal(journal)).toEqual({ parts: [] });
  });
});
