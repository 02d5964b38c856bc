/**
 * Text Word draws without a story of its own: WordArt (and Word's text watermark, a WordArt in the
 * header's drawing) is the shape property gtextUNICODE in the table stream's drawings; an EQ field
 * is drawn from its instruction and stores no result. Fixtures by make-drawing-fixtures.ts
 * (LibreOffice; committed). Each such marking had scanned `pass`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import CFB from 'cfb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Extraction } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { eqShown, extractDoc } from '../src/index.ts';
import { drawingStrings } from '../src/officeart.ts';

const ctx = { limits: DEFAULT_LIMITS };
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(resolve(import.meta.dirname, 'fixtures', name)));
const read = (name: string): Promise<Extraction> => extractDoc(fixture(name), ctx);

describe('.doc WordArt and text watermarks (OfficeArt gtextUNICODE at fcDggInfo)', () => {
  it('reads WordArt of the main document as a text box part of its own', async () => {
    const r = await read('wordart-marking.doc');
    const art = r.parts.filter((p) => p.id.startsWith('wordart-'));
    expect(art.map((p) => [p.id, p.role, p.text])).toEqual([['wordart-1', 'text-box', '机密★5年']]);
    expect(art[0].origin.detail).toBe('WordArt 1 in the main document');
    expect(r.parts.find((p) => p.id === 'shape-names')?.text).toBe('艺术字 1');
    expect(r.loss).toEqual([]);
  });

  it("reads Word's text watermark (WordArt PowerPlusWaterMarkObject1 in the header's drawing) and says it is one", async () => {
    const r = await read('watermark-marking.doc');
    const art = r.parts.find((p) => p.id === 'wordart-1')!;
    expect([art.role, art.text, art.origin.detail]).toEqual(['text-box', '机密', 'WordArt 1 (a watermark) in the headers and footers']);
  });

  it('a drawing whose records break off is a loss, never a crash', async () => {
    const bytes = fixture('wordart-marking.doc');
    const cfb = CFB.read(Buffer.from(bytes), { type: 'buffer' });
    const w = Buffer.from(CFB.find(cfb, 'WordDocument')!.content as Uint8Array);
    const tableName = w.readUInt16LE(0x0a) & 0x0200 ? '1Table' : '0Table';
    const entry = CFB.find(cfb, tableName)!;
    const table = Buffer.from(entry.content as Uint8Array);
    const fc = w.readUInt32LE(0x22a);
    const lcb = w.readUInt32LE(0x22e);
    // Every shape container claims far more bytes than its drawing holds.
    for (let at = fc; at + 8 <= fc + lcb; at++) if (table.readUInt16LE(at + 2) === 0xf004 && (table[at] & 0x0f) === 0x0f) table.writeUInt32LE(0x7fffff00, at + 4);
    entry.content = table;
    const r = await extractDoc(new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer), ctx);
    expect(r.parts.find((p) => p.role === 'body')?.text).toContain('植树');
    expect(r.loss?.some((l) => l.where === `${tableName} (drawings)` && l.kind === 'failed-stream')).toBe(true);
    // Random bytes as a drawing: problems named, nothing thrown.
    const noise = Uint8Array.from({ length: 300 }, (_, i) => (i * 151 + 7) & 0xff);
    noise[2] = 0x04;
    noise[3] = 0xf0;
    expect(() => drawingStrings(noise, 0, noise.length)).not.toThrow();
    expect(drawingStrings(noise, 0, noise.length).problems.length).toBeGreaterThan(0);
  });
});

describe('.doc EQ fields: what Word draws from the instruction is text of the story', () => {
  it('eqShown: the arguments, switches and separators left out', () => {
    expect(eqShown(' EQ \\o(机密★5年) ')).toBe('机密★5年');
    // A phonetic guide stands above the line: the line holds the base.
    expect(eqShown('EQ \\* jc2 \\* "Font:MS Mincho" \\* hps11 \\o\\ad(\\s\\up 10(とうきょう),東京)')).toBe('東京');
    // An enclosed character (带圈字符) is the character; combined characters (合并字符) read in order.
    expect(eqShown('eq \\o\\ac(○,机)')).toBe('机');
    expect(eqShown('EQ \\o\\ac(□,密)')).toBe('密');
    expect(eqShown('eq \\o(\\s\\up 9(机密),\\s\\do 3(★5年))')).toBe('机密★5年');
    expect(eqShown('EQ \\a \\co5 \\hs2(秘,密,★,1,年)')).toBe('秘密★1年');
    expect(eqShown('EQ \\b \\bc\\[ (绝密★长期)')).toBe('绝密★长期');
    expect(eqShown('EQ \\f(1,2)')).toBe('12');
    expect(eqShown('EQ \\o(a\\,b)')).toBe('a,b');
    expect(eqShown(' HYPERLINK "https://www.gov.cn/" ')).toBeUndefined();
    expect(eqShown('EQUATION')).toBeUndefined();
  });

  it.each([
    ['ruby-marking.doc', '植树活动安排', 'EQ \\* jc3'],
    ['eq-overlay-marking.doc', '机密★5年活动安排', '\\o(机密★5年)'],
    ['ruby-benign.doc', '植树活动安排', 'zhí shù'],
  ])('%s: the drawn characters stand in the body where the field is; the instruction stays in field-codes', async (file, line, instr) => {
    const r = await read(file);
    const body = r.parts.find((p) => p.id === 'body')!;
    expect(body.text.split('\n')[0]).toBe(line);
    // The block of the first paragraph covers exactly its text (offsets made while building).
    expect(body.text.slice(body.blocks![0].start, body.blocks![0].end)).toBe(line);
    expect(r.parts.find((p) => p.id === 'field-codes')?.text).toContain(instr);
  });
});

/** ruby-marking.doc with its EQ instruction rewritten (padded with spaces to the same length). */
function withInstruction(to: string): Uint8Array {
  const from = '\\o\\al(\\s\\up 10(机密★5年),植树)';
  const cfb = CFB.read(Buffer.from(fixture('ruby-marking.doc')), { type: 'buffer' });
  const entry = CFB.find(cfb, 'WordDocument')!;
  const b = Buffer.from(entry.content as Uint8Array);
  const at = b.indexOf(Buffer.from(from, 'utf16le'));
  if (at < 0 || to.length > from.length) throw new Error('instruction not found');
  Buffer.from(to.padEnd(from.length, ' '), 'utf16le').copy(b, at);
  entry.content = b;
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

describe('.doc EQ fields Chinese offices use: 带圈字符 and 拼音指南 on the characters of a line', () => {
  // Word's enclosed characters (EQ \o\ac(○,机)) and a phonetic guide over one character read
  // ○机 and jī机 in line, and the marking they stand in passed.
  it.each([
    ['enclosed characters', '\\o\\ac(○,机)\\o\\ac(○,密)(★5年)', '机密★5年活动安排'],
    ['a phonetic guide over the first character', '\\o(\\s\\up(jī),机)(密★5年)', '机密★5年活动安排'],
  ])('%s: the line holds the characters, and the marking blocks', async (_, instr, line) => {
    const bytes = withInstruction(instr);
    const r = await extractDoc(bytes, ctx);
    expect(r.parts.find((p) => p.id === 'body')!.text.split('\n')[0]).toBe(line);
    const scanner = await createScanner({ ocr: false, isolation: false });
    try {
      expect((await scanner.scan(bytes, { filename: 'notice.doc' })).verdict).toBe('block');
      const twin = await scanner.scan(withInstruction('\\o\\ac(○,保)\\o\\ac(○,密)(宣传月)'), { filename: 'notice.doc' });
      expect(twin.verdict).toBe('pass');
      expect(twin.coverage.unread).toEqual([]);
    } finally {
      await scanner.close();
    }
  });
});

describe('the scanner on drawn text', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false, isolation: false });
  });
  afterAll(() => scanner.close());

  it.each([
    ['wordart-marking.doc', 'block'],
    ['watermark-marking.doc', 'block'],
    ['ruby-marking.doc', 'block'],
    ['eq-overlay-marking.doc', 'block'],
    ['wordart-benign.doc', 'pass'],
    ['ruby-benign.doc', 'pass'],
    // « in a Wingdings run draws ★ (sprmCRgFtc names the font in SttbfFfn): 机密«5年 had passed.
    ['wingdings-star-marking.doc', 'block'],
    ['wingdings-star-benign.doc', 'pass'],
    // secret//noforn in a run drawn in capitals (sprmCFCaps) shows SECRET//NOFORN: it had passed.
    ['caps-banner-marking.doc', 'block'],
    ['caps-title-benign.doc', 'pass'],
    // The same from a paragraph style's or a character style's capitals (the style sheet): they had passed.
    ['style-caps-marking.doc', 'block'],
    ['char-style-caps-marking.doc', 'block'],
    ['style-caps-benign.doc', 'pass'],
    // « drawn in Wingdings by a character or paragraph style (not the run): it had passed.
    ['style-wingdings-star-marking.doc', 'block'],
    ['para-style-wingdings-star-marking.doc', 'block'],
    ['style-wingdings-star-benign.doc', 'pass'],
    // 机 + QUOTE "密★5年" with a stale result 要 shows 机密★5年 once updated (as-updated): it had passed.
    ['quote-stale-marking.doc', 'block'],
    ['quote-stale-benign.doc', 'pass'],
    // 机密★5年 + a sentence hidden by a character style (sprmCFVanish in the style sheet): read as shown, the marking ran into it.
    ['style-hidden-tail-marking.doc', 'block'],
    ['style-hidden-tail-benign.doc', 'pass'],
    // White runs (sprmCCv) were read as seen: the page is also read without them (on-white).
    ['white-tail-marking.doc', 'block'],
    ['white-split-marking.doc', 'block'],
    ['white-benign.doc', 'pass'],
  ])('%s → %s', async (file, verdict) => {
    const r = await scanner.scan(fixture(file), { filename: file });
    expect(r.verdict).toBe(verdict);
  });
});
