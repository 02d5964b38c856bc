/**
 * Text a Word document keeps outside its stories: document variables, comment authors, AutoText
 * entries, legacy form fields' default, help and status texts and list entries. A marking placed
 * only there is found (block) or, where the reader cannot read it, the document is never passed;
 * a benign document still passes. Documents are the committed samples patched here (an STTB
 * written into the table stream, the FIB pointing at it) and LibreOffice's form-field fixtures
 * (test/fixtures, made by make-fixtures.ts).
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import CFB from 'cfb';
import { DEFAULT_LIMITS, type Extraction } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractDoc } from '../src/index.ts';
import { NOT_FFDATA, readFFData, readSttb } from '../src/tables.ts';

const SAMPLES = resolve(import.meta.dirname, '../../../samples/doc');
const FIXTURES = resolve(import.meta.dirname, 'fixtures');
const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(join(SAMPLES, name)));
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));
const ctx = { limits: DEFAULT_LIMITS };

/** A copy of `bytes` with one stream changed, written back as a valid compound file. */
function patchStream(bytes: Uint8Array, stream: string, patch: (b: Buffer) => Buffer | void): Uint8Array {
  const cfb = CFB.read(Buffer.from(bytes), { type: 'buffer' });
  const entry = CFB.find(cfb, stream)!;
  const original = Buffer.from(entry.content as Uint8Array);
  const content: Buffer = patch(original) ?? original;
  entry.content = content;
  entry.size = content.length;
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

/** An extended STTB ([MS-DOC] 2.2.4) of `strings`, each followed by `extra` zero bytes. */
function sttb(strings: string[], extra = 0): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xff, strings.length & 0xff, strings.length >> 8, extra, 0]), ...strings.map((s) => Buffer.concat([Buffer.from([s.length & 0xff, s.length >> 8]), Buffer.from(s, 'utf16le'), Buffer.alloc(extra)]))]);
}
const xst = (s: string): Buffer => Buffer.concat([Buffer.from([s.length & 0xff, s.length >> 8]), Buffer.from(s, 'utf16le')]);

/** StwUser: the names (cbExtra 4) then one Xst value per name. */
const stwUser = (vars: Array<[string, string]>): Buffer => Buffer.concat([sttb(vars.map((v) => v[0]), 4), ...vars.map((v) => xst(v[1]))]);

/** The benign notice with `blob` appended to its table stream and the FIB pair at `fibAt` pointing at it (`lcb` overrides its length). */
function withTable(blob: Buffer, fibAt: number, lcb = blob.length): Uint8Array {
  let fc = 0;
  const t = patchStream(sample('benign-public-notice.doc'), '1Table', (table) => {
    fc = table.length;
    return Buffer.concat([table, blob]);
  });
  return patchStream(t, 'WordDocument', (w) => {
    w.writeUInt32LE(fc, fibAt);
    w.writeUInt32LE(lcb, fibAt + 4);
  });
}
const FC_STW_USER = 0x27a;
const FC_STTBF_GLSY = 0xe2;
const FC_GRP_XST_ATN_OWNERS = 0x1ba;

const partText = (r: Extraction, id: string): string | undefined => r.parts.find((p) => p.id === id)?.text;

describe('document variables', () => {
  it('are read as metadata, each as name and value', async () => {
    const r = await extractDoc(withTable(stwUser([['密级', '机密★5年'], ['_Ref', '']]), FC_STW_USER), ctx);
    const p = r.parts.find((x) => x.id === 'docvars');
    expect(p?.role).toBe('metadata');
    expect(p?.text).toBe('密级：机密★5年\n_Ref：');
    expect(r.loss).toEqual([]);
  });

  it('a table past the end of the table stream, or cut short, is a loss', async () => {
    const blob = stwUser([['a', 'b'], ['c', 'd']]);
    const past = await extractDoc(withTable(blob, FC_STW_USER, blob.length + 4096), ctx);
    expect(past.loss?.some((l) => l.where === 'document variables')).toBe(true);
    // The second value cut off: one of two variables not read.
    const cut = await extractDoc(withTable(blob.subarray(0, blob.length - 2), FC_STW_USER), ctx);
    expect(cut.loss?.find((l) => l.where === 'document variables')).toMatchObject({ count: 1, total: 2 });
    expect(partText(cut, 'docvars')).toBe('a：b');
  });
});

describe('comment authors', () => {
  it('are read as metadata (a comment written by LibreOffice keeps its author)', async () => {
    const r = await extractDoc(sample('comment-marking.doc'), ctx);
    const p = r.parts.find((x) => x.id === 'comment-authors');
    expect(p?.role).toBe('metadata');
    expect(p?.text).toBe('王秘书');
  });

  it('each comment is a part of its own, its author and initials in its detail', async () => {
    const r = await extractDoc(fixture('two-comments.doc'), ctx);
    expect(r.loss).toEqual([]);
    const comments = r.parts.filter((p) => p.role === 'comment');
    expect(comments.map((p) => [p.id, p.origin.detail, p.text])).toEqual([
      ['comment-1', 'comment 1 by 李编辑 (LB)', '请核对日期'],
      ['comment-2', 'comment 2 by 王秘书 (WM)', '机密★5年'],
    ]);
    expect(partText(r, 'comment-authors')).toBe('李编辑\n王秘书');
  });

  it('an author list that is cut short is a loss', async () => {
    const blob = Buffer.concat([xst('甲'), xst('乙')]);
    const r = await extractDoc(withTable(blob.subarray(0, blob.length - 1), FC_GRP_XST_ATN_OWNERS), ctx);
    expect(partText(r, 'comment-authors')).toBe('甲');
    expect(r.loss?.some((l) => l.where === 'comment authors')).toBe(true);
  });
});

describe('AutoText entries', () => {
  it('their names are read, and their text, not read, is a loss', async () => {
    const r = await extractDoc(withTable(sttb(['机密★5年', '落款']), FC_STTBF_GLSY), ctx);
    expect(r.parts.find((p) => p.id === 'autotext-names')).toMatchObject({ role: 'glossary', text: '机密★5年\n落款' });
    expect(r.loss?.find((l) => l.where === 'AutoText')).toMatchObject({ count: 2 });
  });
});

describe('legacy form fields', () => {
  it('the default, help and status texts and list entries are a form-field part; the shown value stays in the body', async () => {
    const r = await extractDoc(fixture('form-benign.doc'), ctx);
    expect(r.loss).toEqual([]);
    expect(r.unread).toEqual([]);
    // One part per field, each text alone on its line; the detail says which text each line is.
    const fields = r.parts.filter((x) => x.role === 'form-field');
    expect(fields.map((p) => p.text)).toEqual(['请输入\n请填写申请人姓名\n申请人姓名', '勾选表示同意\n同意', '选择部门\n部门\n办公室\n财务处']);
    expect(fields.map((p) => p.origin.detail)).toEqual([
      'legacy text field, by line: default text, help text, status text',
      'legacy check box, by line: help text, status text',
      'legacy drop-down list, by line: help text, status text, entry, entry',
    ]);
    expect(r.parts.find((x) => x.role === 'body')?.text).toContain('申请人：张三');
    expect(r.info?.formFields).toBe(3);
  });

  it('a drop-down shows its chosen entry and a check box its state where the field stands (FFData iRes; no character holds them)', async () => {
    const body = async (f: string) => (await extractDoc(fixture(f), ctx)).parts.find((x) => x.role === 'body')?.text;
    expect(await body('form-dropdown-chosen.doc')).toContain('密级：机密\n');
    expect(await body('form-dropdown-public.doc')).toContain('密级：公开\n');
    expect(await body('form-checkbox-ticked.doc')).toContain('密级：☐绝密 ☑机密 ☐秘密');
    expect(await body('form-checkbox-blank.doc')).toContain('密级：☐绝密 ☐机密 ☐秘密');
  });

  it.each([
    ['form-default-marking.doc', '机密★5年'],
    ['form-dropdown-marking.doc', '秘密★3年'],
  ])('%s: the marking is read in the form-field part only', async (file, line) => {
    const r = await extractDoc(fixture(file), ctx);
    const holders = r.parts.filter((p) => /[机秘]密★/.test(p.text));
    expect(holders.map((p) => p.role)).toEqual(['form-field']);
    expect(holders[0].text.split('\n')).toContain(line);
  });

  it('form fields whose data cannot be read are a loss that names them', async () => {
    const r = await extractDoc(patchStream(fixture('form-default-marking.doc'), 'Data', (d) => Buffer.alloc(d.length)), ctx);
    expect(r.parts.some((p) => p.text.includes('机密★5年'))).toBe(false);
    expect(r.loss?.find((l) => l.where === 'form fields')).toMatchObject({ count: 1, total: 1 });
    expect(r.loss?.find((l) => l.where === 'form fields')?.detail).toContain('FORMTEXT');
  });

  it('data another field points at (a hyperlink’s) is told apart from a form field’s, so it is no loss', () => {
    const hyperlinkLike = Buffer.alloc(0x60);
    hyperlinkLike.writeUInt32LE(0x60, 0);
    hyperlinkLike.writeUInt16LE(0x44, 4);
    hyperlinkLike.writeUInt32LE(0x01d0c9ea, 0x44); // a hyperlink object's CLSID, not FFData's version
    expect(readFFData(hyperlinkLike, 0)).toBe(NOT_FFDATA);
    expect(readFFData(Buffer.alloc(4), 0)).toBe(NOT_FFDATA);
    // FFData's version with its record cut short is a form field that could not be read.
    hyperlinkLike.writeUInt32LE(0xffffffff, 0x44);
    hyperlinkLike.writeUInt32LE(0x1000, 0);
    expect(readFFData(hyperlinkLike, 0)).toMatch(/runs past the end/);
  });

  it('FFData parsing never throws and never reads past its record (property)', () => {
    const good = Buffer.from(CFB.find(CFB.read(Buffer.from(fixture('form-benign.doc')), { type: 'buffer' }), 'Data')!.content as Uint8Array);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: good.length }), fc.integer({ min: 0, max: good.length - 1 }), fc.integer({ min: 0, max: 255 }), (cut, at, byte) => {
        const b = Buffer.from(good.subarray(0, cut));
        if (at < b.length) b[at] = byte;
        for (let off = 0; off < Math.min(b.length, 64); off += 4) {
          const f = readFFData(b, off);
          expect(typeof f === 'string' || Array.isArray(f.texts)).toBe(true);
        }
        const s = readSttb(b, 0, b.length);
        if (s) expect(s.end).toBeLessThanOrEqual(b.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('through the scanner', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());

  const cases: Array<[string, 'block' | 'review' | 'pass', () => Uint8Array]> = [
    ['a marking only in a document variable', 'block', () => withTable(stwUser([['密级', '机密★5年']]), FC_STW_USER)],
    ['benign document variables', 'pass', () => withTable(stwUser([['TemplateVersion', '2.1'], ['部门', '办公室']]), FC_STW_USER)],
    ['document variables that cannot be read', 'review', () => withTable(stwUser([['密级', '机密★5年']]), FC_STW_USER, 1 << 20)],
    ['a marking only in a form field’s default text', 'block', () => fixture('form-default-marking.doc')],
    ['a marking only among a drop-down list’s entries', 'block', () => fixture('form-dropdown-marking.doc')],
    ['a benign form', 'pass', () => fixture('form-benign.doc')],
    ['a 密级 drop-down with 机密 chosen (read 密级： before)', 'block', () => fixture('form-dropdown-chosen.doc')],
    ['a 密级 drop-down with 公开 chosen', 'pass', () => fixture('form-dropdown-public.doc')],
    ['a 密级 row of check boxes with 机密 ticked (read as a blank form before)', 'block', () => fixture('form-checkbox-ticked.doc')],
    ['a 密级 row of check boxes with none ticked', 'pass', () => fixture('form-checkbox-blank.doc')],
    ['a marking in a form field whose data is unreadable', 'review', () => patchStream(fixture('form-default-marking.doc'), 'Data', (d) => Buffer.alloc(d.length))],
    ['AutoText entries (their text not read)', 'review', () => withTable(sttb(['落款']), FC_STTBF_GLSY)],
    ['a marking only in the second of two comments', 'block', () => fixture('two-comments.doc')],
    ['a marking only in a comment author’s name', 'block', () => withTable(Buffer.concat([xst('机密★5年')]), FC_GRP_XST_ATN_OWNERS)],
  ];
  it.each(cases)('%s → %s', async (_what, verdict, make) => {
    const r = await scanner.scan(make(), { filename: 'patched.doc' });
    expect(r.verdict).toBe(verdict);
    if (verdict === 'pass') expect(r.coverage.complete).toBe(true);
  });
});
