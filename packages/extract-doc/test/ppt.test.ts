/**
 * PowerPoint 97-2003 decks (test/fixtures/ppt-*.ppt, made by LibreOffice Impress through
 * make-ppt-fixtures.ts, and decks derived from them here): the marking on a slide, in the speaker
 * notes, in the footer and in a comment is read in a part of that role, on its slide; a benign deck
 * about 保密宣传月 passes; records no edit names, records of unknown kinds and embedded objects are
 * read; cut-short, damaged and encrypted decks are never passed.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import CFB from 'cfb';
import { DEFAULT_LIMITS, type Extraction } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { pptExtractor } from '../src/index.ts';

const FIXTURES = resolve(import.meta.dirname, 'fixtures');
const SAMPLES = resolve(import.meta.dirname, '../../../samples/doc');
const deck = (name: string): Uint8Array => new Uint8Array(readFileSync(join(FIXTURES, name)));
const ctx = { limits: DEFAULT_LIMITS };
const read = (bytes: Uint8Array): Promise<Extraction> => pptExtractor.extract(bytes, ctx);
const MARKING = '机密★5年';

/** A copy of `bytes` with one stream changed (or added), written back as a valid compound file. */
function patchStream(bytes: Uint8Array, stream: string, patch: (b: Buffer) => Buffer | void): Uint8Array {
  const cfb = CFB.read(Buffer.from(bytes), { type: 'buffer' });
  const entry = CFB.find(cfb, stream);
  if (!entry) {
    CFB.utils.cfb_add(cfb, `/${stream}`, patch(Buffer.alloc(0)) ?? Buffer.alloc(0));
    return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
  }
  const original = Buffer.from(entry.content as Uint8Array);
  const content: Buffer = patch(original) ?? original;
  entry.content = content;
  entry.size = content.length;
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

/** A record: header (recVer/recInstance, recType, recLen) and body. */
function record(ver: number, inst: number, type: number, body: Buffer): Buffer {
  const h = Buffer.alloc(8);
  h.writeUInt16LE((inst << 4) | ver, 0);
  h.writeUInt16LE(type, 2);
  h.writeUInt32LE(body.length, 4);
  return Buffer.concat([h, body]);
}
const textChars = (s: string): Buffer => record(0, 0, 0x0fa0, Buffer.from(s, 'utf16le'));

/** Byte offsets of the TextCharsAtoms holding `text` in the PowerPoint Document stream. */
function atomOf(stream: Buffer, text: string): number {
  const at = stream.indexOf(Buffer.from(text, 'utf16le'));
  expect(at).toBeGreaterThan(8);
  expect(stream.readUInt16LE(at - 6)).toBe(0x0fa0);
  return at - 8;
}

describe('where the text of a deck is', () => {
  it.each([
    ['ppt-slide-marking.ppt', 'body', 'slide-1', 1],
    ['ppt-notes-marking.ppt', 'notes', 'slide-2-notes', 2],
    ['ppt-footer-marking.ppt', 'footer', 'slide-1-footer', 1],
    ['ppt-comment-marking.ppt', 'comment', 'slide-2-comment-1', 2],
  ])('%s: the marking is in a %s part (%s) on slide %i, and nothing is unread', async (file, role, id, page) => {
    const r = await read(deck(file));
    expect(r.unread).toEqual([]);
    expect(r.loss).toEqual([]);
    const holders = r.parts.filter((p) => p.text.includes(MARKING));
    expect(holders.length).toBeGreaterThan(0);
    expect(new Set(holders.map((p) => p.role))).toEqual(new Set([role]));
    const part = r.parts.find((p) => p.id === id)!;
    expect(part.role).toBe(role);
    expect(part.origin.page).toBe(page);
    // The block of the marking's paragraph names its offsets in the part's own text.
    const at = part.text.indexOf(MARKING);
    expect(part.blocks!.some((b) => b.start <= at && b.end >= at + MARKING.length)).toBe(true);
  });

  it('slides come in slide-list order, each its own part; the first is the leading one', async () => {
    const r = await read(deck('ppt-benign-news.ppt'));
    const slides = r.parts.filter((p) => /^slide-\d+$/.test(p.id));
    expect(slides.map((p) => p.origin.page)).toEqual([1, 2, 3]);
    expect(slides[0].text).toBe('我局开展2024年保密宣传月活动\n宣传处 2024年9月');
    expect(slides[0].leading).toBe(true);
    expect(slides[1].leading).toBeFalsy();
    expect(r.parts.find((p) => p.id === 'slide-2-notes')?.text).toBe('讲解时介绍保密宣传月的由来。');
    expect(r.parts.some((p) => p.role === 'master' && p.text.includes('Click to edit the title text format'))).toBe(true);
  });

  it("a comment's author is in its detail and among the comment authors", async () => {
    const r = await read(deck('ppt-comment-marking.ppt'));
    expect(r.parts.find((p) => p.role === 'comment')?.origin.detail).toMatch(/comment 1 on slide 2 by 王秘书/);
    expect(r.parts.find((p) => p.id === 'comment-authors')?.text).toContain('王秘书');
  });

  it('the sample deck of samples/doc (LibreOffice from the PPTX sample) reads its marking on slide 1', async () => {
    const r = await read(new Uint8Array(readFileSync(join(SAMPLES, 'slide-marking.ppt'))));
    expect(r.parts.find((p) => p.id === 'slide-1')?.text.split('\n')[0]).toBe(MARKING);
  });
});

describe('records beyond the slides', () => {
  it('a slide record no edit names (left by an incremental save) is read as hidden text', async () => {
    const stale = record(0xf, 0, 0x03ee, textChars(MARKING));
    const r = await read(patchStream(deck('ppt-benign-news.ppt'), 'PowerPoint Document', (b) => Buffer.concat([b, stale])));
    const part = r.parts.find((p) => p.text.includes(MARKING))!;
    expect(part.role).toBe('hidden');
    expect(part.origin.detail).toMatch(/no current edit names/);
  });

  it('an atom of a kind the reader does not know: its Chinese words are read as hidden text', async () => {
    const odd = record(0, 0, 0x7777, Buffer.concat([Buffer.from([1, 2, 3, 4]), Buffer.from(`密级：${MARKING}`, 'utf16le'), Buffer.from([0, 0, 9])]));
    const r = await read(patchStream(deck('ppt-benign-news.ppt'), 'PowerPoint Document', (b) => Buffer.concat([b, odd])));
    const part = r.parts.find((p) => p.text.includes(MARKING))!;
    expect(part.role).toBe('hidden');
    expect(part.origin.detail).toMatch(/type 0x7777/);
  });

  it('an embedded object (ExOleObjStg, zlib-compressed) is handed to the scan as the document it holds', async () => {
    const inner = readFileSync(join(SAMPLES, 'notice-gbt9704-secret.doc'));
    const size = Buffer.alloc(4);
    size.writeUInt32LE(inner.length);
    const stg = record(0, 1, 0x1011, Buffer.concat([size, deflateSync(inner)]));
    const r = await read(patchStream(deck('ppt-benign-news.ppt'), 'PowerPoint Document', (b) => Buffer.concat([b, stg])));
    expect(r.unread).toEqual([]);
    expect(r.embedded).toHaveLength(1);
    expect(r.embedded![0].name).toMatch(/^ExOleObjStg@byte\d+\.doc$/);
    expect(r.embedded![0].bytes.length).toBeGreaterThan(1000);
  });
});

describe('decks that cannot be read whole are never passed', () => {
  it('an atom whose length runs past its container is a loss', async () => {
    const src = deck('ppt-slide-marking.ppt');
    const bytes = patchStream(src, 'PowerPoint Document', (b) => {
      const at = atomOf(b, '江临港区规划调整方案汇报');
      b.writeUInt32LE(0x7fff0000, at + 4);
    });
    const r = await read(bytes);
    expect(r.loss!.some((l) => l.reason === 'corrupt' && /runs past/.test(l.detail))).toBe(true);
  });

  it('a presentation stream cut short is a loss', async () => {
    const r = await read(patchStream(deck('ppt-benign-news.ppt'), 'PowerPoint Document', (b) => b.subarray(0, Math.floor(b.length * 0.6))));
    expect(r.loss!.length + r.unread.length).toBeGreaterThan(0);
  });

  it('a password-protected deck (encrypted Current User token, EncryptedSummary) is unread as encrypted', async () => {
    const token = patchStream(deck('ppt-benign-news.ppt'), 'Current User', (b) => void b.writeUInt32LE(0xf3d1c4df, 12));
    expect((await read(token)).unread).toMatchObject([{ where: 'file', reason: 'encrypted' }]);
    const summary = patchStream(deck('ppt-benign-news.ppt'), 'EncryptedSummary', () => Buffer.alloc(64, 7));
    const r = await read(summary);
    expect(r.unread).toMatchObject([{ where: 'file', reason: 'encrypted' }]);
    expect(r.parts.filter((p) => /^slide-/.test(p.id))).toEqual([]);
  });

  it('a deck without its presentation stream is unread', async () => {
    const cfb = CFB.read(Buffer.from(deck('ppt-benign-news.ppt')), { type: 'buffer' });
    CFB.utils.cfb_del(cfb, '/PowerPoint Document');
    CFB.utils.cfb_gc(cfb);
    const r = await pptExtractor.extract(new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer), { ...ctx, filename: 'x.ppt' });
    expect(r.unread.some((u) => u.reason === 'corrupt')).toBe(true);
  });
});

describe('verdicts from the real scanner', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());

  it.each([
    ['ppt-slide-marking.ppt', 'body', 1, 'block'],
    // In the notes the marking stands inside a sentence: a finding, which the policy may leave to review.
    ['ppt-notes-marking.ppt', 'notes', 2, 'block|review'],
    ['ppt-footer-marking.ppt', 'footer', 1, 'block'],
    ['ppt-comment-marking.ppt', 'comment', 2, 'block'],
  ])('%s: the finding is in a %s part on slide %i (%s)', async (file, role, page, verdicts) => {
    const r = await scanner.scan(deck(file), { filename: file });
    expect(verdicts.split('|')).toContain(r.verdict);
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
    expect(f.location.role).toBe(role);
    expect(f.location.page).toBe(page);
  });

  it('a benign deck about 保密宣传月 passes, read completely', async () => {
    const r = await scanner.scan(deck('ppt-benign-news.ppt'), { filename: 'ppt-benign-news.ppt' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.complete).toBe(true);
  });

  it('a deck cut short reviews', async () => {
    const src = deck('ppt-benign-news.ppt');
    const r = await scanner.scan(src.subarray(0, Math.floor(src.length * 0.6)), { filename: 'cut.ppt' });
    expect(r.verdict).toBe('review');
  });

  it('a marking written over the start of any text atom of any deck here never passes (every atom, every fixture)', async () => {
    // Each TextCharsAtom or TextBytesAtom, at any depth, in turn begins with the marking on a line of
    // its own (a TextBytesAtom becomes a TextCharsAtom of the same length): slide, notes, master,
    // footer, comment or slide list, wherever the atom sits, the deck is not passed.
    const line = `${MARKING}\r`;
    let atoms = 0;
    for (const file of ['ppt-benign-news.ppt', 'ppt-notes-marking.ppt', 'ppt-footer-marking.ppt', 'ppt-comment-marking.ppt']) {
      const source = deck(file);
      const stream = Buffer.from(CFB.find(CFB.read(Buffer.from(source), { type: 'buffer' }), 'PowerPoint Document')!.content as Uint8Array);
      const found: Array<{ at: number; type: number; len: number }> = [];
      const walk = (from: number, to: number): void => {
        for (let at = from; at + 8 <= to; ) {
          const ver = stream.readUInt16LE(at) & 0xf;
          const type = stream.readUInt16LE(at + 2);
          const len = stream.readUInt32LE(at + 4);
          if (at + 8 + len > to) return;
          if (ver === 0xf) walk(at + 8, at + 8 + len);
          else if ((type === 0x0fa0 || type === 0x0fa8) && len >= 2 * line.length && len % 2 === 0) found.push({ at, type, len });
          at += 8 + len;
        }
      };
      walk(0, stream.length);
      expect(found.length).toBeGreaterThan(2);
      for (const a of found) {
        const bytes = patchStream(source, 'PowerPoint Document', (b) => {
          const copy = Buffer.from(b);
          const old = a.type === 0x0fa0 ? copy.toString('utf16le', a.at + 8, a.at + 8 + a.len) : copy.toString('latin1', a.at + 8, a.at + 8 + a.len);
          copy.writeUInt16LE(0x0fa0, a.at + 2);
          Buffer.from((line + old).slice(0, a.len / 2), 'utf16le').copy(copy, a.at + 8);
          return copy;
        });
        const r = await scanner.scan(bytes, { filename: `atom-${a.at}-${file}` });
        expect(r.verdict, `${file}: atom at byte ${a.at}`).not.toBe('pass');
        atoms++;
      }
    }
    expect(atoms).toBeGreaterThanOrEqual(16);
  }, 120_000);

  it('a marked document embedded in a benign deck blocks', async () => {
    const inner = readFileSync(join(SAMPLES, 'notice-gbt9704-secret.doc'));
    const size = Buffer.alloc(4);
    size.writeUInt32LE(inner.length);
    const stg = record(0, 1, 0x1011, Buffer.concat([size, deflateSync(inner)]));
    const bytes = patchStream(deck('ppt-benign-news.ppt'), 'PowerPoint Document', (b) => Buffer.concat([b, stg]));
    expect((await scanner.scan(bytes, { filename: 'with-object.ppt' })).verdict).toBe('block');
  });
});
