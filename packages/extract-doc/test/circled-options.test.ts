/**
 * A Word 97 form's option boxed or circled (密级：绝密 机密 秘密 with the chosen level in a character
 * border, sprmCBrc80/sprmCBrc, or Word's enclosed character EQ \o\ac(○,机)): the row read whole lists
 * the three levels — a blank form — and passed. A paragraph with one boxed or circled stretch is now
 * also read with the options before it left out (body#circled-choice: 密级：机密); so is a row listing
 * the levels with one option highlighted or shaded (sprmCHighlight, sprmCShd), read with its label
 * only (a highlighted level in a rule's sentence is emphasis). An ellipse shape
 * anchored in such a row passed too; it is now unread (review), as is a box, a free-form ring or a line. Fixtures by make-circled-fixtures.ts
 * (LibreOffice).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

const bytesOf = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', name)));

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('DOC: an option boxed or circled', () => {
  it.each([
    ['a character border around 机密', 'circled-border-marking.doc'],
    ['an enclosed 机 (EQ \\o\\ac(○,机)) before 密', 'circled-eq-marking.doc'],
    ['机密 highlighted in the row listing the levels', 'circled-highlight-marking.doc'],
  ])('%s blocks, found in the reading of the choice', async (_, name) => {
    const r = await scanner.scan(bytesOf(name), { filename: name });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'body#circled-choice')).toBe(true);
  });

  // A Word oval (OfficeArt msosptEllipse) anchored in the row: which option it covers is not worked out.
  it('an ellipse anchored in a 密级 row is unread (review); anchored in a row of 公开 it passes', async () => {
    const r = await scanner.scan(bytesOf('circled-ellipse-marking.doc'), { filename: 'slip.doc' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.where === 'WordDocument' && /ellipse/.test(u.detail))).toBe(true);
    expect((await scanner.scan(bytesOf('circled-ellipse-benign.doc'), { filename: 'slip.doc' })).verdict).toBe('pass');
  });

  // A box, a free-form ring (msosptNotPrimitive) or a line anchored in the row passed as a blank form.
  it.each([
    ['a box', 'circled-box-marking.doc'],
    ['a free-form ring', 'circled-freeform-marking.doc'],
    ['a line', 'circled-line-marking.doc'],
  ])('%s anchored in a 密级 row is unread (review)', async (_, name) => {
    const r = await scanner.scan(bytesOf(name), { filename: 'slip.doc' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.where === 'WordDocument' && /a box, a line/.test(u.detail))).toBe(true);
  });

  it('a box anchored in a row of 公开 passes', async () => {
    expect((await scanner.scan(bytesOf('circled-box-benign.doc'), { filename: 'slip.doc' })).verdict).toBe('pass');
  });

  it('the blank row, 公开 boxed or highlighted, every option boxed, a boxed paragraph of prose, a boxed word or a highlighted level in a sentence, ① in text: pass', async () => {
    const r = await scanner.scan(bytesOf('circled-benign.doc'), { filename: 'circled-benign.doc' });
    expect(r.verdict).toBe('pass');
  });
});
