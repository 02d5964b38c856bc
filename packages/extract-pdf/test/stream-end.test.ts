import fc from 'fast-check';
import { PDFContext, PDFObjectParser, PDFRawStream } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { findEndOfStream, loadRaw, pdfLibFindEndOfStream } from '../src/raw.ts';

type Scan = (this: unknown, startPos: unknown) => number;

/** Runs one search from `start` with the given line/column, as pdf-lib's parser would. */
function run(scan: Scan, bytes: Uint8Array, start: number, line: number, column: number) {
  const parser = PDFObjectParser.forBytes(bytes, PDFContext.create()) as unknown as { bytes: { idx: number; line: number; column: number } };
  parser.bytes.idx = start;
  parser.bytes.line = line;
  parser.bytes.column = column;
  let result: number | string;
  try {
    result = scan.call(parser, { line: 1, column: 2, offset: 3 });
  } catch (err) {
    result = `throws ${(err as Error).message}`;
  }
  const { idx, line: l, column: c } = parser.bytes;
  return { result, idx, line: l, column: c };
}

const latin1 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));

describe('the end of a stream whose /Length is not a number', () => {
  it('is found where pdf-lib finds it, with the same position, line and column bookkeeping', () => {
    const piece = fc.oneof(
      fc.constantFrom('stream', 'endstream', '\r\nendstream', '\rendstream', '\nendstream', '\r\n', '\r', '\n', 'e', 's', 'end', 'strea', 'endstrea', '\r\nend', 'x', ' '),
      fc.string({ maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.nat(), fc.nat(50), fc.nat(50), (pieces, at, line, column) => {
        const bytes = latin1(pieces.join(''));
        const start = bytes.length === 0 ? 0 : at % (bytes.length + 1);
        expect(run(findEndOfStream as Scan, bytes, start, line, column)).toEqual(run(pdfLibFindEndOfStream, bytes, start, line, column));
      }),
      { numRuns: 3000 },
    );
  });

  it('is in place when a file is parsed, and a stream with an indirect /Length reads whole', async () => {
    const body = 'BT /F1 12 Tf (endstrea) Tj ET';
    const pdf =
      '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n' +
      '3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>\nendobj\n' +
      `4 0 obj\n<< /Length 5 0 R >>\nstream\n${body}\nendstream\nendobj\n5 0 obj\n${body.length}\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n`;
    const raw = await loadRaw(latin1(pdf));
    expect((PDFObjectParser.prototype as unknown as { findEndOfStreamFallback: unknown }).findEndOfStreamFallback).toBe(findEndOfStream);
    expect(raw.ok).toBe(true);
    if (!raw.ok) return;
    const contents = raw.doc.getPages()[0].node.Contents();
    expect(contents).toBeInstanceOf(PDFRawStream);
    expect(Buffer.from((contents as PDFRawStream).contents).toString('latin1')).toBe(body);
  });
});
