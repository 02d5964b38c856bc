/**
 * Bytes outside a PDF's objects: before the header, after the last %%EOF, comments between
 * objects. They are published with the file, so they are read (located by byte) or, when they are
 * not text, reported as a loss; ordinary PDFs (the samples) get neither.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { DEFAULT_LIMITS } from '@prepub/core';
import { describe, expect, it } from 'vitest';
import { createPdfExtractor } from '../src/index.ts';
import { addOutsideBytes, decodeRegion, findComments } from '../src/outside.ts';
import { appendUpdate, buildPdf, linesContent, onePage, stream } from './raw-pdf.ts';

const MARK = '机密★5年';
/** GB18030 bytes of the characters the tests use (no encoder ships with Node). */
const GB: Record<string, string> = { 机: 'bbfa', 密: 'c3dc', '★': 'a1ef', 年: 'c4ea', 统: 'cdb3', 计: 'bcc6', '。': 'a1a3', '𠀀': '95328236' };
const gbEncode = (s: string): Buffer => Buffer.concat([...s].map((c) => (GB[c] ? Buffer.from(GB[c], 'hex') : Buffer.from(c, 'latin1'))));
const gbDecode = (b: Uint8Array): string => new TextDecoder('gb18030').decode(b);
const cat = (...parts: Array<Uint8Array | string>): Uint8Array => new Uint8Array(Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))));
const base = (): Uint8Array => buildPdf(onePage(stream('', linesContent(['Quarterly report']))));
const SAMPLES = join(import.meta.dirname, '../../../samples/pdf');

/** What addOutsideBytes alone finds in `bytes`. */
function outside(bytes: Uint8Array) {
  const header = Buffer.from(bytes).subarray(0, 1024).indexOf('%PDF-');
  const out = { format: 'pdf', parts: [], unread: [], images: [], embedded: [], info: {}, loss: [] } as any;
  addOutsideBytes(out, bytes, header);
  return out as { parts: Array<{ id: string; text: string; role: string; source: { starts: Uint32Array; ends: Uint32Array; unit: string } }>; loss: Array<{ where: string; kind: string; count: number }> };
}

/** The bytes a part's units came from, for the units of `needle`. */
function sourceOf(bytes: Uint8Array, part: { text: string; source: { starts: Uint32Array; ends: Uint32Array } }, needle: string): Buffer {
  const at = part.text.indexOf(needle);
  expect(at).toBeGreaterThanOrEqual(0);
  return Buffer.from(bytes.subarray(part.source.starts[at], part.source.ends[at + needle.length - 1]));
}

describe('bytes outside the PDF objects', () => {
  it('reads text after the last %%EOF, in UTF-8 or GB18030, each unit at its bytes', () => {
    for (const [enc, tail] of [['utf8', Buffer.from(MARK)], ['gb18030', gbEncode(MARK)]] as const) {
      const bytes = cat(base(), '\n', tail, '\n\0\0');
      const r = outside(bytes);
      expect(r.loss, enc).toEqual([]);
      const part = r.parts.find((p) => p.id === 'outside:after-eof')!;
      expect(part.text, enc).toBe(MARK);
      expect(part.role).toBe('hidden');
      expect(sourceOf(bytes, part, MARK).equals(Buffer.from(tail)), enc).toBe(true);
    }
  });

  it('reads text before the header and in comments between objects; strings, streams, the binary marker and %%EOF are no comments', () => {
    const pdf = Buffer.from(base()).toString('latin1');
    const at = pdf.indexOf('2 0 obj');
    const withComment = cat(MARK, '\r\n', Buffer.from(pdf.slice(0, at), 'latin1'), `% ${MARK}\n`, Buffer.from(pdf.slice(at), 'latin1'));
    const r = outside(withComment);
    expect(r.loss).toEqual([]);
    expect(r.parts.find((p) => p.id === 'outside:before-header')!.text).toBe(MARK);
    expect(r.parts.find((p) => p.id === 'outside:comments')!.text).toBe(` ${MARK}`.trim());
    const c = findComments(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<</A (50% off) /B <41%42> /C<</D 1>>>>\nstream\n%not a comment\nendstream\nendobj\n% note\n%%EOF\n', 'latin1'), 0, 200);
    expect(c.comments.length).toBe(1);
    expect(c.marker).toBeDefined();
  });

  it('text in a code page is read in Big5 as well, each unit at its bytes (GB18030 turns Big5 into unrelated characters)', () => {
    const big5 = Buffer.from('bef7b14ba1b935a67e', 'hex'); // 機密★5年
    const bytes = cat(big5, '\r\n', base());
    const r = outside(bytes);
    expect(r.parts.find((p) => p.id === 'outside:before-header')!.text).not.toContain('機密');
    const part = r.parts.find((p) => p.id === 'outside:before-header:big5')!;
    expect(part.text).toBe('機密★5年');
    expect(sourceOf(bytes, part, '機密★5年').equals(big5)).toBe(true);
    // UTF-8 and ASCII text get no second reading.
    expect(outside(cat(MARK, '\r\n', base())).parts.map((p) => p.id)).toEqual(['outside:before-header']);
  });

  it('a UTF-8 line after a line of stray bytes is read as UTF-8, at its bytes', () => {
    const bytes = cat(base(), '\n', Buffer.from('2dd7f3ab', 'hex'), '\n', MARK, '\n');
    const r = outside(bytes);
    expect(r.parts.find((p) => p.id === 'outside:after-eof')!.text).not.toContain(MARK);
    const part = r.parts.find((p) => p.id === 'outside:after-eof:utf-8')!;
    expect(part.text.split('\n')).toContain(MARK);
    expect(sourceOf(bytes, part, MARK).toString()).toBe(MARK);
  });

  it('reads bare text between objects, and no syntax of a well-formed file (xref table, trailer, names, numbers) as such', () => {
    const src = Buffer.from('%PDF-1.7\n1 0 obj\n<</A /B>>\nendobj\nTOP SECRET here\n2 0 obj\n(x) endobj\nxref\n0 3\n0000000000 65535 f \n0000000009 00000 n \ntrailer\n<</Size 3 /Root 1 0 R /Flag true>>\nstartxref\n99\n%%EOF\n', 'latin1');
    const c = findComments(src, 0, src.length);
    expect(c.stray.map((r) => src.subarray(r.start, r.end).toString())).toEqual(['TOP SECRET here']);
    const pdf = Buffer.from(base()).toString('latin1');
    const at = pdf.indexOf('2 0 obj');
    const bytes = cat(Buffer.from(pdf.slice(0, at), 'latin1'), `${MARK}\n`, Buffer.from(pdf.slice(at), 'latin1'));
    const part = outside(bytes).parts.find((p) => p.id === 'outside:between-objects')!;
    expect(part.text).toBe(MARK);
    expect(sourceOf(bytes, part, MARK).toString()).toBe(MARK);
  });

  it('reports binary bytes outside the objects as a loss, and tolerates a few stray ones', () => {
    const junk = Buffer.from(Array.from({ length: 40 }, (_, i) => (i * 7) % 31 + 1));
    expect(outside(cat(base(), junk)).loss.map((l) => [l.where, l.kind])).toEqual([['outside:after-eof', 'undecodable-bytes']]);
    expect(outside(cat(junk, base())).loss.map((l) => l.where)).toEqual(['outside:before-header']);
    expect(outside(cat(base(), Buffer.from([1, 2, 3]))).loss).toEqual([]);
    // U+FFFD written out is a writer's failed decoding, not text.
    expect(outside(cat(base(), '\uFFFD'.repeat(3))).loss.map((l) => l.where)).toEqual(['outside:after-eof']);
  });

  it('counts only what follows the last %%EOF: an incremental update is no trailing text', () => {
    const updated = appendUpdate(base(), [[4, stream('', linesContent(['Quarterly report, revised']))]], 6);
    const r = outside(updated);
    expect(r.parts).toEqual([]);
    expect(r.loss).toEqual([]);
  });

  it('decodes any UTF-8 or GB18030 text back to itself, every unit mapped to the bytes of its character', () => {
    const text = fc.array(fc.constantFrom('机', '密', '★', '年', '5', 'a', ' ', '统', '计', '𠀀', '。'), { minLength: 1, maxLength: 40 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, fc.boolean(), (t, useGb) => {
        // A few GB18030 pairs are also UTF-8 (统 is CD B3, U+0373 in UTF-8): a GB18030 text is told
        // apart by a byte UTF-8 does not allow, which 机 (BB FA) has.
        const s = useGb ? `机${t}` : t;
        const bytes = new Uint8Array(useGb ? gbEncode(s) : Buffer.from(s));
        const d = decodeRegion(bytes, 0, bytes.length);
        expect(d.text).toBe(s);
        expect(d.junk).toBe(0);
        for (let i = 0; i < s.length; ) {
          const ch = String.fromCodePoint(s.codePointAt(i)!);
          const got = Buffer.from(bytes.subarray(d.starts[i], d.ends[i]));
          expect(useGb ? gbDecode(got) : got.toString('utf8')).toBe(ch);
          i += ch.length;
        }
      }),
    );
  });

  it('finds nothing outside the objects of the sample PDFs', () => {
    // really-html.pdf is a page under a PDF name: it is read as HTML.
    const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.pdf') && readFileSync(join(SAMPLES, f)).subarray(0, 5).toString() === '%PDF-');
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const r = outside(new Uint8Array(readFileSync(join(SAMPLES, f))));
      expect([r.parts.map((p) => p.id), r.loss.map((l) => l.where)], f).toEqual([[], []]);
    }
  });

  it('the extractor hands the text after %%EOF over as a part and reads the pages as before', async () => {
    const bytes = cat(base(), `\n${MARK}\n`);
    const r = await createPdfExtractor().extract(bytes, { limits: DEFAULT_LIMITS });
    expect(r.parts.find((p) => p.id === 'outside:after-eof')?.text).toBe(MARK);
    expect(r.parts.find((p) => p.id === 'page-1')?.text).toContain('Quarterly report');
  });
});
