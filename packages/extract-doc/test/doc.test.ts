/**
 * The legacy Office reader on the committed samples (samples/doc, made by LibreOffice through
 * make-samples.ts) and on files derived from them here: every story keeps its role, offsets are
 * the part text's own, damaged, encrypted, fast-saved and Word 6 files are never passed, and the
 * real scanner blocks a marked document and passes a benign one.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import CFB from 'cfb';
import { DEFAULT_LIMITS, type Extraction, type TextPart } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { sniffFormat } from '@prepub/extractors';
import { FORMATS } from '../../scanner/src/formats.ts';
import { extractDoc, legacyKind, cfbRootEntries, readPropertySet, xlsExtractor, pptExtractor } from '../src/index.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const DIR = resolve(import.meta.dirname, '../../../samples/doc');
const bytesOf = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));
const ctx = { limits: DEFAULT_LIMITS };
const read = (name: string): Promise<Extraction> => extractDoc(bytesOf(name), ctx);
const part = (r: Extraction, role: string): TextPart | undefined => r.parts.find((p) => p.role === role);

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

describe('stories and their roles', () => {
  it.each([
    ['notice-gbt9704-secret.doc', 'body', '机密★5年'],
    ['header-marking.doc', 'header', '秘密★3年'],
    ['footer-marking.doc', 'footer', '绝密★长期'],
    ['footnote-marking.doc', 'footnote', '机密★5年'],
    ['endnote-marking.doc', 'endnote', '秘密★1年'],
    ['comment-marking.doc', 'comment', '机密★5年'],
    ['textbox-marking.doc', 'text-box', '机密★1年'],
    ['textbox-shape-marking.doc', 'text-box', '秘密★6个月'],
    ['tracked-deletion.doc', 'deleted', '机密★5年'],
    ['hidden-text.doc', 'hidden', '绝密★30年'],
    ['properties-marking.doc', 'properties', '密级: 机密★5年'],
  ])('%s: the marking is in a %s part, and only there', async (file, role, marking) => {
    const r = await read(file);
    expect(r.unread).toEqual([]);
    expect(r.loss).toEqual([]);
    const holders = r.parts.filter((p) => p.text.includes(marking.replace(/^密级: /, '')));
    expect(holders.map((p) => p.role)).toEqual([role]);
    expect(holders[0].text).toContain(marking);
  });

  it('revised paragraphs are also read as they were before their tracked changes (sprmCFRMarkDel, sprmCFRMarkIns), and a marking so broken blocks', async () => {
    // Made by LibreOffice from tracked changes (make-fixtures.ts): 机 + deleted 密 + inserted 要 + ★5年, 秘 + inserted 书 + 密★1年.
    const bytes = new Uint8Array(readFileSync(resolve(import.meta.dirname, 'fixtures/tracked-changes-marking.doc')));
    const r = await extractDoc(bytes, ctx);
    expect(part(r, 'body')?.text.split('\n').slice(1, 4)).toEqual(['机要★5年', '关于调整城区公交线路的公告', '秘书密★1年']);
    expect(r.parts.find((p) => p.id === 'deleted')?.text).toBe('密');
    // Only the revised paragraphs, deletions back in and insertions out.
    expect(r.parts.find((p) => p.id === 'before-changes')).toMatchObject({ role: 'before-changes', text: '机密★5年\n秘密★1年' });
    const scanner = await createScanner({ ocr: false, isolation: false });
    try {
      const s = await scanner.scan(bytes, { filename: 'revised.doc' });
      expect(s.verdict).toBe('block');
      expect(s.findings.filter((f) => f.ruleId === 'marking.cn-state-secret' && f.severity === 'block').map((f) => f.location.part)).toEqual(['before-changes', 'before-changes']);
    } finally {
      await scanner.close();
    }
  });

  it('a piece drawn where nobody sees it inside a marking (sprmCHps 2 pt, sprmCCharScale 5%, sprmCDxaSpace −12 pt, sprmCHpsPos −30 pt) is hidden text, and the markings block', async () => {
    // Made by LibreOffice (make-fixtures.ts): 机 + 2 pt 开 + 密★5年, 秘 + 5% 口 + 密★1年, 绝 + 中 under the next character + 密★长期, 机 + X lowered 30 pt + 密★10年; 汛 at half width is seen.
    const bytes = new Uint8Array(readFileSync(resolve(import.meta.dirname, 'fixtures/drawn-unseen-marking.doc')));
    const r = await extractDoc(bytes, ctx);
    expect(part(r, 'body')?.text.split('\n').filter((l) => l.includes('★'))).toEqual(['机密★5年', '秘密★1年', '绝密★长期', '机密★10年']);
    expect(part(r, 'body')?.text.split('\n')[1]).toBe('关于做好汛期物资调度工作的通知');
    expect(part(r, 'hidden')?.text).toBe('开\n口\n中\nX');
    const scanner = await createScanner({ ocr: false, isolation: false });
    try {
      const s = await scanner.scan(bytes, { filename: 'notice.doc' });
      expect(s.verdict).toBe('block');
      const marks = s.findings.filter((f) => f.ruleId === 'marking.cn-state-secret' && f.location.part === 'body');
      expect(marks.map((f) => f.location.paragraph)).toContain(1);
    } finally {
      await scanner.close();
    }
  });

  it('each header and footer story is a part of its own, named by section and kind', async () => {
    const r = await read('header-marking.doc');
    const first = r.parts.find((p) => p.id === 'section-1-first-page-header');
    expect(first?.role).toBe('header');
    expect(first?.origin.detail).toBe('section 1, first-page header');
    expect(first?.text).toBe('秘密★3年');
    expect(r.parts.find((p) => p.id === 'section-1-odd-page-header')?.text).not.toContain('秘密');
    expect(part(r, 'body')?.text).not.toContain('秘密★');
  });

  it('bookmark names are a part of their own', async () => {
    // An STTB of two names appended to the table stream, the FIB pointing at it.
    const names = ['绝密文件', '_GoBack'];
    const sttb = Buffer.concat([Buffer.from([0xff, 0xff, names.length, 0, 0, 0]), ...names.map((n) => Buffer.concat([Buffer.from([n.length, 0]), Buffer.from(n, 'utf16le')]))]);
    let fc = 0;
    const withTable = patchStream(bytesOf('benign-public-notice.doc'), '1Table', (t) => {
      fc = t.length;
      return Buffer.concat([t, sttb]);
    });
    const doc = patchStream(withTable, 'WordDocument', (w) => {
      w.writeUInt32LE(fc, 0x142);
      w.writeUInt32LE(sttb.length, 0x146);
    });
    const r = await extractDoc(doc, ctx);
    expect(r.parts.find((p) => p.role === 'bookmark')).toMatchObject({ id: 'bookmarks', text: '绝密文件\n_GoBack' });
    expect(r.loss).toEqual([]);
  });

  it('table cells are tab-separated on their row’s line', async () => {
    const body = part(await read('routing-slip-table.doc'), 'body')!;
    expect(body.text.split('\n')).toContain('密级\t机密★2025年12月31日\t份数\t1\t');
  });

  it('field instructions are hidden text, not body text', async () => {
    const r = await read('benign-meeting-minutes.doc');
    expect(r.parts.find((p) => p.id === 'field-codes')).toMatchObject({ role: 'hidden', text: ' PAGE ' });
    expect(part(r, 'body')!.text).not.toContain('PAGE');
  });
});

describe('offsets', () => {
  it('every block lies in its part text, in order, disjoint, one paragraph without a line break', async () => {
    for (const file of ['benign-regulation.doc', 'routing-slip-table.doc', 'header-marking.doc', 'tracked-deletion.doc', 'hidden-text.doc', 'properties-marking.doc']) {
      for (const p of (await read(file)).parts) {
        let at = 0;
        for (const b of p.blocks ?? []) {
          expect(b.start, `${file} ${p.id}`).toBeGreaterThanOrEqual(at);
          expect(b.end).toBeLessThanOrEqual(p.text.length);
          expect(p.text.slice(b.start, b.end)).not.toContain('\n');
          at = b.end;
        }
        // Paragraphs are the text: joined by line breaks they give it back exactly.
        expect((p.blocks ?? []).map((b) => p.text.slice(b.start, b.end)).join('\n')).toBe(p.text);
      }
    }
  });

  it('a finding’s offsets select the marking in the part the reader gave', async () => {
    const scanner = await createScanner({ ocr: false, isolation: false });
    try {
      for (const file of ['notice-gbt9704-secret.doc', 'header-marking.doc', 'footnote-marking.doc', 'tracked-deletion.doc']) {
        const bytes = bytesOf(file);
        const [res, ext] = await Promise.all([scanner.scan(bytes, { filename: file }), extractDoc(bytes, ctx)]);
        const f = res.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
        const p = ext.parts.find((x) => x.id === f.location.part)!;
        expect(p.text.slice(f.location.start, f.location.end), file).toMatch(/^(绝密|机密|秘密)★/);
      }
    } finally {
      await scanner.close();
    }
  });
});

describe('fail closed', () => {
  it('a truncated file is unread (corrupt), with no text', async () => {
    const r = await read('truncated.doc');
    expect(r.unread.map((u) => u.reason)).toEqual(['corrupt']);
    expect(r.parts).toEqual([]);
  });

  it('a broken piece table is unread (corrupt)', async () => {
    const r = await read('corrupt.doc');
    expect(r.unread.map((u) => u.reason)).toContain('corrupt');
    expect(r.parts.some((p) => p.role === 'body')).toBe(false);
  });

  it('an encrypted document is unread (encrypted); its text is not guessed at', async () => {
    const r = await read('encrypted.doc');
    expect(r.unread).toMatchObject([{ where: 'file', reason: 'encrypted' }]);
    expect(r.parts.some((p) => p.role === 'body')).toBe(false);
    // XOR obfuscation is named as such.
    const xor = await extractDoc(patchStream(bytesOf('encrypted.doc'), 'WordDocument', (w) => void w.writeUInt16LE(w.readUInt16LE(0x0a) | 0x8000, 0x0a)), ctx);
    expect(xor.unread[0].detail).toContain('XOR');
  });

  it('a fast-saved document is read, and the old text its piece table no longer names is reported unread', async () => {
    const r = await read('fast-saved.doc');
    expect(r.unread).toMatchObject([{ where: 'WordDocument', reason: 'unsupported-format' }]);
    expect(r.unread[0].detail).toMatch(/^\d+ bytes of the document's text area/);
    expect(part(r, 'body')!.text).toContain('会议纪要');
    expect(r.parts.some((p) => p.text.includes('原稿'))).toBe(false);
  });

  it('the fast-save flag alone (as WPS Office sets it) leaves nothing unread when the pieces cover the text', async () => {
    const r = await read('fcomplex-flag-only.wps');
    expect(r.info?.fastSaved).toBe(true);
    expect(r.unread).toEqual([]);
    expect(r.loss).toEqual([]);
  });

  it('a Word 6/95 document is named, not read', async () => {
    const r = await extractDoc(patchStream(bytesOf('benign-public-notice.doc'), 'WordDocument', (w) => void w.writeUInt16LE(0xa5dc, 0)), ctx);
    expect(r.unread).toMatchObject([{ reason: 'unsupported-format' }]);
    expect(r.unread[0].detail).toContain('Word 6.0/95');
  });

  it('a missing table stream or a header that is no Word header is corrupt', async () => {
    const noTable = patchStream(bytesOf('benign-public-notice.doc'), 'WordDocument', (w) => void w.writeUInt16LE(w.readUInt16LE(0x0a) & ~0x0200, 0x0a));
    expect((await extractDoc(noTable, ctx)).unread).toMatchObject([{ reason: 'corrupt' }]);
    const noHeader = patchStream(bytesOf('benign-public-notice.doc'), 'WordDocument', (w) => void w.writeUInt16LE(0x1234, 0));
    expect((await extractDoc(noHeader, ctx)).unread).toMatchObject([{ reason: 'corrupt' }]);
  });

  it('text the piece table names past the end of the stream is a loss', async () => {
    // The WordDocument stream cut after its FIB and FKPs but before the end of its text.
    const src = bytesOf('benign-regulation.doc');
    const w = Buffer.from(CFB.find(CFB.read(Buffer.from(src), { type: 'buffer' }), 'WordDocument')!.content as Uint8Array);
    const fcMin = w.readUInt32LE(0x18);
    const cut = patchStream(src, 'WordDocument', (b) => b.subarray(0, fcMin + 40));
    const r = await extractDoc(cut, ctx);
    expect(r.unread.length + (r.loss?.length ?? 0)).toBeGreaterThan(0);
  });

  it('a file without a WordDocument stream names what it holds', async () => {
    // A workbook given to the document reader (a .wps of Microsoft Works looks like this).
    const r = await extractDoc(bytesOf('benign-roster.xls'), { ...ctx, filename: 'x.wps' });
    expect(r.unread).toMatchObject([{ reason: 'unsupported-format' }]);
    expect(r.unread[0].detail).toContain('Workbook');
  });

  it('a legacy deck: its slides are read (see ppt.test.ts), nothing unread', async () => {
    const ppt = await pptExtractor.extract(bytesOf('slide-marking.ppt'), ctx);
    expect(ppt.unread).toEqual([]);
    expect(ppt.parts.find((p) => p.id === 'slide-1')?.text).toContain('机密★5年');
  });

  it('any cut of a document either loses nothing or says what it lost (property)', async () => {
    const src = bytesOf('header-marking.doc');
    const whole = (await extractDoc(src, ctx)).parts.map((p) => `${p.id}\u0000${p.text}`).join('\u0001');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: src.length - 1 }), async (n) => {
        const r = await extractDoc(src.subarray(0, n), ctx);
        const text = r.parts.map((p) => `${p.id}\u0000${p.text}`).join('\u0001');
        expect(r.unread.length + (r.loss?.length ?? 0) > 0 || text === whole).toBe(true);
      }),
      { numRuns: 60, seed: 7 },
    );
  });

  it('random damage never throws and never hangs (property)', async () => {
    const src = bytesOf('comment-marking.doc');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: src.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 24 }), async (flips) => {
        const b = src.slice();
        for (const [at, v] of flips) b[at] = v;
        const t0 = process.cpuUsage();
        const r = await extractDoc(b, ctx);
        expect(cpuMsSince(t0)).toBeLessThan(5000);
        expect(Array.isArray(r.parts)).toBe(true);
      }),
      { numRuns: 80, seed: 11 },
    );
  });
});

describe('damaged workbooks', () => {
  it('random damage never throws and never hangs (property)', async () => {
    const src = bytesOf('marking-cell-top.xls');
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: src.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 24 }), async (flips) => {
        const b = src.slice();
        for (const [at, v] of flips) b[at] = v;
        const t0 = process.cpuUsage();
        const r = await xlsExtractor.extract(b, ctx);
        expect(cpuMsSince(t0)).toBeLessThan(5000);
        expect(Array.isArray(r.parts)).toBe(true);
      }),
      { numRuns: 80, seed: 13 },
    );
  });

  it('any cut of a workbook either loses nothing or says what it lost (property)', async () => {
    const src = bytesOf('marking-cell-top.xls');
    const whole = (await xlsExtractor.extract(src, ctx)).parts.map((p) => `${p.id}\u0000${p.text}`).join('\u0001');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: src.length - 1 }), async (n) => {
        const r = await xlsExtractor.extract(src.subarray(0, n), ctx);
        const text = r.parts.map((p) => `${p.id}\u0000${p.text}`).join('\u0001');
        expect(r.unread.length + (r.loss?.length ?? 0) > 0 || text === whole).toBe(true);
      }),
      { numRuns: 60, seed: 17 },
    );
  });
});

describe('sniffing', () => {
  it('tells .doc, .wps, .xls and .ppt by their root streams, whatever the name', () => {
    expect(legacyKind(bytesOf('benign-regulation.doc'))).toBe('doc');
    expect(legacyKind(bytesOf('benign-regulation.wps'), 'x.bin')).toBe('doc');
    expect(legacyKind(bytesOf('benign-roster.xls'), 'x.doc')).toBe('xls');
    expect(legacyKind(bytesOf('slide-marking.ppt'))).toBe('ppt');
    expect(sniffFormat(bytesOf('notice-gbt9704-secret.wps'), 'a.wps', FORMATS).format).toBe('doc');
    expect(sniffFormat(bytesOf('marking-cell-top.xls'), 'a.xls', FORMATS).format).toBe('xls');
    const root = cfbRootEntries(bytesOf('benign-regulation.doc'))!;
    expect(root.complete).toBe(true);
    expect(root.entries.find((e) => e.name === 'WordDocument')).toMatchObject({ type: 2, size: expect.any(Number) });
  });

  it('a deck whose root also holds a Word document\'s streams is a deck (its slides unread), not the benign document', () => {
    const deck = CFB.read(Buffer.from(bytesOf('slide-marking.ppt')), { type: 'buffer' });
    const doc = CFB.read(Buffer.from(bytesOf('benign-regulation.wps')), { type: 'buffer' });
    for (const name of ['WordDocument', '1Table']) {
      const e = CFB.find(doc, name);
      if (e) CFB.utils.cfb_add(deck, `/${name}`, e.content as Buffer);
    }
    const both = new Uint8Array(CFB.write(deck, { type: 'buffer' }) as Buffer);
    expect(legacyKind(both, 'slides.ppt')).toBe('ppt');
    expect(legacyKind(both, 'slides.dps')).toBe('ppt');
    expect(legacyKind(both)).toBe('ppt');
    expect(sniffFormat(both, 'slides.ppt', FORMATS).format).toBe('ppt');
  });

  it('an embedded workbook deep inside a document does not make it a workbook', () => {
    // embedded-object.doc holds a Word object in its ObjectPool: still the outer document.
    expect(legacyKind(bytesOf('embedded-object.doc'))).toBe('doc');
  });

  it('a broken compound file still reaches the reader by its name or its stream names', () => {
    expect(legacyKind(bytesOf('truncated.doc'), 'truncated.doc')).toBe('doc');
    expect(sniffFormat(bytesOf('truncated.doc'), 'truncated.doc', FORMATS).format).toBe('doc');
    // Without a name and with its directory cut off it is an unknown compound file: still never read as text.
    expect(sniffFormat(bytesOf('truncated.doc'), undefined, FORMATS).format).toBe('ole');
  });
});

describe('embedded objects and pictures', () => {
  it('an embedded Word object is handed to the scan as a document of its own', async () => {
    const r = await read('embedded-object.doc');
    expect(r.embedded!.map((e) => e.name)).toEqual([expect.stringMatching(/\.doc$/)]);
    expect(legacyKind(r.embedded![0].bytes)).toBe('doc');
  });

  it('a picture is handed to OCR', async () => {
    const r = await read('picture-marking.doc');
    expect(r.images!.map((i) => i.mediaType)).toEqual(['image/png']);
  });
});

describe('properties', () => {
  it('reads title, keywords and custom properties with their names', async () => {
    const p = part(await read('properties-marking.doc'), 'properties')!;
    expect(p.text.split('\n')).toEqual(expect.arrayContaining(['title: 机密★5年', 'keywords: 机密★5年；人事；干部调整', '密级: 机密★5年']));
  });

  it('a stream that is no property set is reported, not ignored', () => {
    expect(readPropertySet(new Uint8Array(64), 'x').broken).toEqual(['x: not a property set']);
  });
});

describe('legacy workbooks', () => {
  it('cells are read row by row, each cell a block with its row and column', async () => {
    const r = await xlsExtractor.extract(bytesOf('marking-cell-top.xls'), ctx);
    expect(r.unread).toEqual([]);
    expect(r.loss).toEqual([]);
    const sheet = r.parts.find((p) => p.id === 'sheet-1')!;
    expect(sheet.role).toBe('body');
    expect(sheet.text.split('\n')[0]).toBe('机密★5年');
    const cell = sheet.blocks!.find((b) => b.row === 3 && b.column === 2)!;
    expect(cell.kind).toBe('table-cell');
    expect(sheet.text.slice(cell.start, cell.end)).toBe('金额（万元）');
    expect(r.parts.find((p) => p.role === 'sheet-name')?.text).toBe('Sheet1');
  });

  it('a long number shown in scientific notation is read with all its digits', async () => {
    const XLSX = await import('@e965/xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['账号', 123456789012345]]), 'S');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);
    const r = await xlsExtractor.extract(bytes, ctx);
    expect(r.parts.find((p) => p.role === 'body')?.text).toBe('账号\t123456789012345');
  });

  it('an encrypted workbook (FILEPASS) is unread, its cells not guessed at', async () => {
    // A FILEPASS record put right after the globals' BOF, as Excel writes it.
    const enc = patchStream(bytesOf('benign-roster.xls'), 'Workbook', (w) => {
      const bofEnd = 4 + w.readUInt16LE(2);
      return Buffer.concat([w.subarray(0, bofEnd), Buffer.from([0x2f, 0x00, 0x02, 0x00, 0x00, 0x00]), w.subarray(bofEnd)]);
    });
    const r = await xlsExtractor.extract(enc, ctx);
    expect(r.unread).toMatchObject([{ where: 'file', reason: 'encrypted' }]);
    expect(r.parts.every((p) => p.role === 'properties')).toBe(true);
  });

  /** Offsets of the Workbook stream's records, as a clean walk meets them. */
  const records = (w: Buffer) => {
    const out: Array<{ at: number; type: number; len: number }> = [];
    for (let at = 0; at + 4 <= w.length; at += 4 + w.readUInt16LE(at + 2)) out.push({ at, type: w.readUInt16LE(at), len: w.readUInt16LE(at + 2) });
    return out;
  };

  it('a record whose length runs past the stream (one flipped bit) is a loss (corrupt), not an empty workbook', async () => {
    // What the fuzz harness found: STYLE's length 4 became 2052; SheetJS returned no sheet, the census no cell.
    const bytes = patchStream(bytesOf('marking-cell-top.xls'), 'Workbook', (w) => {
      const style = records(w).filter((r) => r.type === 0x0293).pop()!;
      w[style.at + 3] ^= 0x08;
    });
    const r = await xlsExtractor.extract(bytes, ctx);
    expect(r.parts.some((p) => p.text.includes('机密★5年'))).toBe(false);
    expect(r.loss).toEqual([expect.objectContaining({ where: 'Workbook', kind: 'failed-stream', reason: 'corrupt' })]);
    expect(r.loss![0].detail).toMatch(/past the end of the stream/);
  });

  it('a sheet whose BOF the walk does not meet where BOUNDSHEET says is a loss; a string no cell shows is read as hidden text', async () => {
    // The record before the sheet's BOF grows by 4 bytes: the walk steps over the BOF.
    const shifted = patchStream(bytesOf('marking-cell-top.xls'), 'Workbook', (w) => {
      const list = records(w);
      const bof = list.filter((r) => r.type === 0x0809)[1];
      const before = list[list.indexOf(bof) - 1];
      w.writeUInt16LE(before.len + 4, before.at + 2);
    });
    const a = await xlsExtractor.extract(shifted, ctx);
    expect(a.loss?.map((l) => l.reason)).toContain('corrupt');
    // The LABELSST of the marking's cell retyped to an unknown record: the cell is gone, its string is not.
    const retyped = patchStream(bytesOf('marking-cell-top.xls'), 'Workbook', (w) => {
      const label = records(w).find((r) => r.type === 0x00fd)!;
      w.writeUInt16LE(0x00fe, label.at);
    });
    const b = await xlsExtractor.extract(retyped, ctx);
    expect(b.parts.find((p) => p.id === 'shared-strings')).toMatchObject({ role: 'hidden', text: '机密★5年' });
  });

  it('one flipped bit anywhere outside the marking in the Workbook stream either leaves the marking read or is reported (property)', async () => {
    const src = bytesOf('marking-cell-top.xls');
    const stream = Buffer.from(CFB.find(CFB.read(Buffer.from(src), { type: 'buffer' }), 'Workbook')!.content as Uint8Array);
    const marking = stream.indexOf(Buffer.from('机密★5年', 'utf16le'));
    expect(marking).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: stream.length - 1 }).filter((at) => at < marking || at >= marking + 10), fc.integer({ min: 0, max: 7 }), async (at, bit) => {
        const r = await xlsExtractor.extract(patchStream(src, 'Workbook', (w) => void (w[at] ^= 1 << bit)), ctx);
        const read = r.parts.some((p) => p.text.includes('机密★5年'));
        expect(read || r.unread.length + (r.loss?.length ?? 0) > 0, `bit ${bit} of byte ${at}`).toBe(true);
      }),
      { numRuns: 300, seed: 23 },
    );
  });

  it('the record census places exactly the cells SheetJS returns (the loss check has something to compare)', async () => {
    const { biffCensus } = await import('../src/xls.ts');
    const w = new Uint8Array(CFB.find(CFB.read(Buffer.from(bytesOf('marking-cell-top.xls')), { type: 'buffer' }), 'Workbook')!.content as Uint8Array);
    const census = biffCensus(w);
    expect(census.encrypted).toBe(false);
    const r = await xlsExtractor.extract(bytesOf('marking-cell-top.xls'), ctx);
    const cells = r.parts.filter((p) => p.role === 'body').flatMap((p) => p.blocks ?? []).filter((b) => b.kind === 'table-cell');
    expect(census.cells.length).toBe(cells.length);
    expect(new Set(census.cells)).toEqual(new Set(cells.map((b) => `0:${b.row! - 1}:${b.column! - 1}`)));
  });
});

describe('through the scanner', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());

  it.each([
    ['notice-gbt9704-secret.doc', 'block'],
    ['notice-gbt9704-secret.wps', 'block'],
    ['footnote-marking.doc', 'block|review'],
    ['benign-regulation.doc', 'pass'],
    ['benign-meeting-minutes.doc', 'pass'],
    ['benign-regulation.wps', 'pass'],
    ['fcomplex-flag-only.wps', 'pass'],
    ['fast-saved.doc', 'review'],
    ['encrypted.doc', 'review'],
    ['truncated.doc', 'review'],
    ['marking-cell-top.xls', 'block'],
    ['benign-roster.xls', 'pass'],
    ['textbox-marking.xls', 'block'],
    ['slide-marking.ppt', 'block'],
  ])('%s → %s', async (file, verdict) => {
    const r = await scanner.scan(bytesOf(file), { filename: file });
    expect(verdict.split('|')).toContain(r.verdict);
    if (r.verdict === 'pass') expect(r.coverage.complete).toBe(true);
    else if (r.verdict === 'review') expect(r.coverage.unread.length + r.findings.length).toBeGreaterThan(0);
  });
  it('a text box on a sheet is read from the CONTINUE records after its TXO; one whose characters run short is unread', async () => {
    const src = bytesOf('textbox-marking.xls');
    const r = await xlsExtractor.extract(src, ctx);
    expect(r.parts.find((p) => p.role === 'text-box')?.text).toBe('机密★5年');
    expect(r.unread).toEqual([]);
    // cchText raised past the characters the CONTINUE records hold: the box is not counted read.
    const short = patchStream(src, 'Workbook', (w) => {
      for (let at = 0; at + 4 <= w.length; at += 4 + w.readUInt16LE(at + 2))
        if (w.readUInt16LE(at) === 0x01b6) w.writeUInt16LE(w.readUInt16LE(at + 14) + 3, at + 14);
    });
    const cut = await xlsExtractor.extract(short, ctx);
    expect(cut.unread.map((u) => u.detail).join(' ')).toMatch(/1 text box .*not read/);
    // What was taken for its characters is still read: the marking in it blocks.
    expect((await scanner.scan(short, { filename: 'roster.xls' })).verdict).toBe('block');
    // Its characters' records stop before the count (the runs' record gone): what was read is kept, the box stays unread.
    const stopped = patchStream(src, 'Workbook', (w) => {
      const out: Buffer[] = [];
      let afterTxo = 0;
      for (let at = 0; at + 4 <= w.length; at += 4 + w.readUInt16LE(at + 2)) {
        const type = w.readUInt16LE(at);
        const rec = Buffer.from(w.subarray(at, at + 4 + w.readUInt16LE(at + 2)));
        if (type === 0x01b6) (rec.writeUInt16LE(rec.readUInt16LE(14) + 3, 14), (afterTxo = 1));
        else if (type === 0x003c && afterTxo) afterTxo++;
        else afterTxo = 0;
        if (afterTxo === 3) continue;
        out.push(rec);
      }
      return Buffer.concat(out);
    });
    const partial = await xlsExtractor.extract(stopped, ctx);
    expect(partial.parts.find((p) => p.role === 'text-box')?.text).toBe('机密★5年');
    expect(partial.unread.map((u) => u.detail).join(' ')).toMatch(/1 text box .*not read/);
  });

  it('the Excel 5.0/95 copy of a dual-format workbook (Book beside Workbook) is read: what only it says is hidden text', async () => {
    const XLSX = await import('@e965/xlsx');
    const write = (rows: string[][], bookType: 'biff5' | 'biff8') => {
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), 'Depot');
      return new Uint8Array(XLSX.write(wb, { type: 'array', bookType }) as ArrayBuffer);
    };
    const INVENTORY = [['Depot inventory'], ['Item', 'Count'], ['Sandbags', '12000']];
    // SheetJS writes a BIFF5 file's workbook as its Book stream.
    const older = (rows: string[][]) => new Uint8Array(CFB.find(CFB.read(Buffer.from(write(rows, 'biff5')), { type: 'buffer' }), 'Book')!.content as Uint8Array);
    const dual = (rows: string[][]) => withStreams(write(INVENTORY, 'biff8'), { Book: older(rows) });
    const marked = dual([['Depot inventory'], ['TOP SECRET//NOFORN'], ['Item', 'Count'], ['Sandbags', '12000']]);
    const r = await xlsExtractor.extract(marked, ctx);
    expect(r.parts.find((p) => p.id === 'book-stream')).toMatchObject({ role: 'hidden', text: 'TOP SECRET//NOFORN' });
    expect((await scanner.scan(marked, { filename: 'depot.xls' })).verdict).not.toBe('pass');
    // A copy that says what the workbook says adds nothing, and the file passes.
    const same = dual(INVENTORY);
    expect((await xlsExtractor.extract(same, ctx)).parts.find((p) => p.id === 'book-stream')).toBeUndefined();
    expect((await scanner.scan(same, { filename: 'depot.xls' })).verdict).toBe('pass');
  });

  it('an Excel 5.0/95 workbook in code page 936 (GBK cells) is read in its code page: 机密★5年 blocks', async () => {
    const XLSX = await import('@e965/xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['XXXXXXXXX'], ['Item', 'Count'], ['Sandbags', 12000]]), 'S');
    const cfb = CFB.read(Buffer.from(XLSX.write(wb, { type: 'array', bookType: 'biff5' }) as ArrayBuffer), { type: 'buffer' });
    const book = CFB.find(cfb, 'Book')!;
    const w = Buffer.from(book.content as Uint8Array);
    // 机密★5年 in GBK, in place of the placeholder; the CODEPAGE record set to 936.
    Buffer.from([0xbb, 0xfa, 0xc3, 0xdc, 0xa1, 0xef, 0x35, 0xc4, 0xea]).copy(w, w.indexOf('XXXXXXXXX'));
    let pages = 0;
    for (let at = 0; at + 4 <= w.length; at += 4 + w.readUInt16LE(at + 2)) if (w.readUInt16LE(at) === 0x0042) (w.writeUInt16LE(936, at + 4), pages++);
    expect(pages).toBe(1);
    book.content = w;
    const bytes = new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
    const r = await xlsExtractor.extract(bytes, ctx);
    expect(r.parts.find((p) => p.role === 'body')?.text.split('\n')[0]).toBe('机密★5年');
    expect((await scanner.scan(bytes, { filename: 'old.xls' })).verdict).toBe('block');
  });

  it('the user who last saved the workbook (WRITEACCESS) is read as metadata: a marking there is not passed', async () => {
    expect((await xlsExtractor.extract(bytesOf('benign-roster.xls'), ctx)).parts.find((p) => p.id === 'saved-by')?.text).toBe('Calc');
    const marked = patchStream(bytesOf('benign-roster.xls'), 'Workbook', (w) => {
      for (let at = 0; at + 4 <= w.length; at += 4 + w.readUInt16LE(at + 2)) {
        if (w.readUInt16LE(at) !== 0x005c) continue;
        const len = w.readUInt16LE(at + 2);
        w.fill(0x20, at + 4, at + 4 + len);
        Buffer.concat([Buffer.from([5, 0, 1]), Buffer.from('机密★5年', 'utf16le')]).copy(w, at + 4);
        return;
      }
      throw new Error('no WRITEACCESS record');
    });
    expect((await xlsExtractor.extract(marked, ctx)).parts.find((p) => p.id === 'saved-by')).toMatchObject({ role: 'metadata', text: '机密★5年' });
    expect((await scanner.scan(marked, { filename: 'roster.xls' })).verdict).not.toBe('pass');
  });

  it('the author of a cell comment (NOTE stAuthor) is read: a marking written there blocks', async () => {
    const XLSX = await import('@e965/xlsx');
    const ws = XLSX.utils.aoa_to_sheet([['姓名', '部门'], ['张三', '办公室']]);
    ws.A1.c = [{ a: 'x', t: 'check' }];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'S');
    const written = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);
    // SheetJS writes the author in one byte a character: its NOTE records get a UTF-16 author here.
    const authored = (author: string) =>
      patchStream(written, 'Workbook', (w) => {
        const out: Buffer[] = [];
        for (let at = 0; at + 4 <= w.length; ) {
          const type = w.readUInt16LE(at);
          const len = w.readUInt16LE(at + 2);
          if (type === 0x001c) {
            const name = Buffer.from(author, 'utf16le');
            const data = Buffer.concat([w.subarray(at + 4, at + 12), Buffer.from([author.length & 0xff, author.length >> 8, 1]), name, Buffer.from([0])]);
            const head = Buffer.alloc(4);
            head.writeUInt16LE(type, 0);
            head.writeUInt16LE(data.length, 2);
            out.push(head, data);
          } else out.push(w.subarray(at, at + 4 + len));
          at += 4 + len;
        }
        return Buffer.concat(out);
      });
    const marked = authored('机密★5年');
    const r = await xlsExtractor.extract(marked, ctx);
    expect(r.parts.find((p) => p.id === 'comment-authors')).toMatchObject({ role: 'metadata', text: '机密★5年' });
    expect((await scanner.scan(marked, { filename: 'roster.xls' })).verdict).toBe('block');
    expect((await scanner.scan(authored('王秘书'), { filename: 'roster.xls' })).verdict).toBe('pass');
  });
});

describe('names Word keeps in string tables', () => {
  let scanner: Scanner;
  beforeAll(async () => {
    scanner = await createScanner({ ocr: false });
  });
  afterAll(() => scanner.close());

  /** benign-regulation.doc with an extended STTB of `names` appended to its table stream and named by FIB pair `index`. */
  function withNames(index: number, names: string[]): Uint8Array {
    const src = bytesOf('benign-regulation.doc');
    const cfb = CFB.read(Buffer.from(src), { type: 'buffer' });
    const word = CFB.find(cfb, 'WordDocument')!;
    const w = Buffer.from(word.content as Uint8Array);
    const tableEntry = CFB.find(cfb, w.readUInt16LE(0x0a) & 0x0200 ? '1Table' : '0Table')!;
    const table = Buffer.from(tableEntry.content as Uint8Array);
    const sttb = Buffer.concat([Buffer.from([0xff, 0xff, names.length & 0xff, names.length >> 8, 0, 0]), ...names.flatMap((n) => [Buffer.from([n.length & 0xff, n.length >> 8]), Buffer.from(n, 'utf16le')])]);
    expect(w.readUInt16LE(0x98)).toBeGreaterThan(index);
    w.writeUInt32LE(table.length, 0x9a + index * 8);
    w.writeUInt32LE(sttb.length, 0x9a + index * 8 + 4);
    word.content = w;
    tableEntry.content = Buffer.concat([table, sttb]);
    tableEntry.size = (tableEntry.content as Buffer).length;
    return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
  }

  it.each([
    [71, 'who saved the document (SttbSavedBy)'],
    [51, 'the authors of tracked changes (SttbfRMark)'],
  ])('FIB pair %i, %s: read as metadata, a marking there is not passed', async (index) => {
    const marked = withNames(index, ['机密★5年', 'C:\\公文\\通知.doc']);
    const r = await read('benign-regulation.doc');
    expect(r.parts.find((p) => p.id === 'name-tables')).toBeUndefined();
    const m = await extractDoc(marked, ctx);
    expect(m.parts.find((p) => p.id === 'name-tables')).toMatchObject({ role: 'metadata', text: '机密★5年\nC:\\公文\\通知.doc' });
    expect((await scanner.scan(marked, { filename: 'regulation.doc' })).verdict).not.toBe('pass');
    expect((await scanner.scan(withNames(index, ['王秘书', 'C:\\公文\\通知.doc']), { filename: 'regulation.doc' })).verdict).toBe('pass');
  });

  it('a string table that runs past its stream is a loss', async () => {
    const bytes = withNames(71, ['王秘书']);
    const cfb = CFB.read(Buffer.from(bytes), { type: 'buffer' });
    const word = CFB.find(cfb, 'WordDocument')!;
    const w = Buffer.from(word.content as Uint8Array);
    w.writeUInt32LE(w.readUInt32LE(0x9a + 71 * 8 + 4) + 40, 0x9a + 71 * 8 + 4);
    word.content = w;
    const r = await extractDoc(new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer), ctx);
    expect(r.loss?.map((l) => l.where).join(' ')).toMatch(/SttbSavedBy/);
  });
});

/** `bytes` with streams added (path → content), written back as a compound file. */
function withStreams(bytes: Uint8Array, add: Record<string, Uint8Array | string>): Uint8Array {
  const cfb = CFB.read(Buffer.from(bytes), { type: 'buffer' });
  for (const [path, content] of Object.entries(add)) CFB.utils.cfb_add(cfb, `/${path}`, typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content));
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

describe('what sits beside the Word streams', () => {
  it('a document protected by IRM (\\tDRMContent beside a placeholder) is unread (encrypted), not passed on its placeholder text', async () => {
    const drm = withStreams(bytesOf('benign-meeting-minutes.doc'), {
      '\tDRMContent': new Uint8Array(4096).fill(0x5a),
      '\x06DataSpaces/DataSpaceInfo/\tDRMDataSpace': new Uint8Array(40),
    });
    const r = await extractDoc(drm, ctx);
    expect(r.unread).toMatchObject([{ where: 'file', reason: 'encrypted' }]);
    expect(r.unread[0].detail).toMatch(/Information Rights Management/);
    // The same document without the DRM streams is read whole.
    expect((await read('benign-meeting-minutes.doc')).unread).toEqual([]);
  });

  it('custom XML data (MsoDataStore items: a cover page abstract) is read as metadata', async () => {
    const item = '<?xml version="1.0" encoding="UTF-8"?><CoverPageProperties xmlns="http://schemas.microsoft.com/office/2006/coverPageProps"><PublishDate>2024-05-06</PublishDate><Abstract>机密★5年 江临市防汛物资调度方案（送审稿）</Abstract></CoverPageProperties>';
    const r = await extractDoc(withStreams(bytesOf('benign-meeting-minutes.doc'), { 'MsoDataStore/ABCDEFGHIJ==/Item': item, 'MsoDataStore/ABCDEFGHIJ==/Properties': '<ds:datastoreItem xmlns:ds="http://schemas.openxmlformats.org/officeDocument/2006/customXml" ds:itemID="{1}"/>' }), ctx);
    const part = r.parts.find((p) => p.id.startsWith('custom-xml'));
    expect(part?.role).toBe('metadata');
    expect(part?.text).toContain('机密★5年 江临市防汛物资调度方案');
  });

  it('a macro project (Macros/VBA) is named as not read', async () => {
    const r = await extractDoc(withStreams(bytesOf('benign-meeting-minutes.doc'), { 'Macros/VBA/dir': new Uint8Array(64).fill(1), 'Macros/PROJECT': 'ID="{00000000}"\r\nDocument=ThisDocument/&H00000000\r\n' }), ctx);
    expect(r.unread).toMatchObject([{ where: 'Macros', reason: 'embedded-object' }]);
  });
});
