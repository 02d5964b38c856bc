/**
 * List labels of Word 97-2003 documents: Word draws `1.`, `第一条`, `（一）`, `a)` and bullets from
 * the list tables, so the reader writes them in front of their paragraphs. Fixture: lists.doc,
 * made by LibreOffice through make-list-fixtures.ts.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import CFB from 'cfb';
import { DEFAULT_LIMITS, type Extraction } from '@prepub/core';
import { createScanner } from '@prepub/scanner';
import { extractDoc } from '../src/index.ts';

const FILE = resolve(import.meta.dirname, 'fixtures', 'lists.doc');
const bytes = new Uint8Array(readFileSync(FILE));
const ctx = { limits: DEFAULT_LIMITS };
const body = (r: Extraction): string => r.parts.find((p) => p.role === 'body')!.text;

/** The document's own paragraphs, as make-list-fixtures.ts wrote them. */
const OWN = ['保密管理办法', '为了加强保密管理，制定本办法。', '本办法适用于全体工作人员。', '总则', '机密★5年', '细则', '附则', '第一项内容', '第二项内容', '要点', '结束语', '总体要求', '工作措施'];

/** A copy of the file with one stream changed. */
function patchStream(stream: string, patch: (b: Buffer) => void): Uint8Array {
  const cfb = CFB.read(Buffer.from(bytes), { type: 'buffer' });
  const entry = CFB.find(cfb, stream)!;
  const content = Buffer.from(entry.content as Uint8Array);
  patch(content);
  entry.content = content;
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

/** fcPlfLst / lcbPlfLst in the FIB (FibRgFcLcb97 pair 73). */
const FC_PLF_LST = 0x9a + 73 * 8;
const word = Buffer.from(CFB.find(CFB.read(Buffer.from(bytes), { type: 'buffer' }), 'WordDocument')!.content as Uint8Array);
const tableName = word.readUInt16LE(0x0a) & 0x0200 ? '1Table' : '0Table';
const plfLst = word.readUInt32LE(FC_PLF_LST);

describe('list labels', () => {
  it('each list item begins with its label, counted and formatted as Word draws it', async () => {
    const r = await extractDoc(bytes, ctx);
    expect(r.unread).toEqual([]);
    expect(r.loss).toEqual([]);
    const lines = body(r).split('\n');
    expect(lines.slice(0, 9)).toEqual(['保密管理办法', '第一条\t为了加强保密管理，制定本办法。', '第二条\t本办法适用于全体工作人员。', '1.\t总则', 'a)\t机密★5年', 'b)\t细则', '2.\t附则', '（一）\t第一项内容', '（二）\t第二项内容']);
    // The bullet is the character the list defines (LibreOffice writes a Symbol-font bullet).
    expect(lines[9]).toMatch(/^[^\t]+\t要点$/);
    expect(lines.slice(10)).toEqual(['结束语', '第一章\t总体要求', '第二章\t工作措施']);
  });

  it('a paragraph numbered by its style alone (a heading style carrying a list) is labelled too', async () => {
    // LibreOffice writes the heading style's list (LFO 5) on each heading paragraph as well: those
    // paragraph sprms (sprmPIlfo 0x460B, operand 5) become sprmPDxaLeft (0x840F, an indent), so
    // only the style carries the list.
    let changed = 0;
    const styled = patchStream('WordDocument', (w) => {
      for (let i = 0; i + 4 <= w.length; i++) {
        if (w.readUInt16LE(i) === 0x460b && w.readUInt16LE(i + 2) === 5) {
          w.writeUInt16LE(0x840f, i);
          changed++;
        }
      }
    });
    expect(changed).toBe(2);
    const lines = body(await extractDoc(styled, ctx)).split('\n');
    expect(lines.slice(-2)).toEqual(['第一章\t总体要求', '第二章\t工作措施']);
  });

  it('without the list tables there are no labels, and the document’s own text is the same', async () => {
    const bare = patchStream('WordDocument', (w) => w.writeUInt32LE(0, FC_PLF_LST + 4));
    const plain = body(await extractDoc(bare, ctx));
    expect(plain).toBe(OWN.join('\n'));
    // With labels, each paragraph is its label followed by exactly its own text.
    const labelled = body(await extractDoc(bytes, ctx)).split('\n');
    labelled.forEach((line, i) => expect(line.endsWith(OWN[i]), line).toBe(true));
  });

  it('a marking in a numbered paragraph is found, its offsets selecting it after the label', async () => {
    const scanner = await createScanner({ ocr: false, isolation: false });
    try {
      const [res, ext] = await Promise.all([scanner.scan(bytes, { filename: 'lists.doc' }), extractDoc(bytes, ctx)]);
      expect(res.verdict).toBe('block');
      const f = res.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
      const text = ext.parts.find((x) => x.id === f.location.part)!.text;
      expect(text.slice(f.location.start, f.location.end)).toMatch(/^机密★5年/);
      expect(text.slice(f.location.start - 3, f.location.start)).toBe('a)\t');
    } finally {
      await scanner.close();
    }
  });

  it('level texts that say more than counters and punctuation are read as a hidden part of their own', async () => {
    const r = await extractDoc(bytes, ctx);
    const texts = r.parts.find((p) => p.id === 'list-level-texts')!;
    expect(texts.role).toBe('hidden');
    expect(texts.text.split('\n')).toEqual(['第%1条', '第%1章']);
  });

  it('damaged list tables and style sheets never stop the text from being read', async () => {
    await fc.assert(
      // Bytes of the style sheet (at the start of the table stream here) and of the list tables.
      fc.asyncProperty(fc.array(fc.tuple(fc.nat(plfLst + 400), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }), async (edits) => {
        const damaged = patchStream(tableName, (t) => {
          for (const [at, v] of edits) if (at < t.length) t[at] = v;
        });
        const text = body(await extractDoc(damaged, ctx));
        // Every paragraph of the document is still there, in order, whatever the labels became.
        let from = 0;
        for (const own of OWN) {
          const at = text.indexOf(own, from);
          expect(at, own).toBeGreaterThanOrEqual(0);
          from = at + own.length;
        }
      }),
      { numRuns: 60 },
    );
  });
});
