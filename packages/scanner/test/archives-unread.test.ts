/**
 * Archives read through 7-Zip (7z, RAR 4 and RAR 5) are named by their signature; one that 7-Zip
 * cannot open is unread (`corrupt`, the container named), so it is reviewed, never passed as binary
 * noise.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffFormat } from '@prepub/extractors';
import { createScanner, type Scanner } from '../src/index.ts';
import { FORMATS } from '../src/formats.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

/** A signature followed by bytes that look like compressed data (no text anywhere). */
function archive(signature: number[], length = 600): Uint8Array {
  const b = new Uint8Array(length);
  b.set(signature);
  for (let i = signature.length; i < length; i++) b[i] = (i * 7919 + 17) % 251;
  return b;
}

const CASES: Array<[string, number[], string, RegExp]> = [
  ['7z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04], '7z', /7z archive/],
  ['RAR 4', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00], 'rar', /RAR archive could not be opened/],
  ['RAR 5', [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00], 'rar', /RAR archive could not be opened/],
];

describe('archives 7-Zip cannot open', () => {
  it.each(CASES)('%s is sniffed by its signature', (_, sig, format) => {
    expect(sniffFormat(archive(sig), 'x.bin', FORMATS).format).toBe(format);
  });

  it.each(CASES)('%s that 7-Zip cannot open is unread (corrupt, the container named) and reviewed', async (_, sig, __, detail) => {
    const r = await scanner.scan(archive(sig), { filename: 'bundle.bin' });
    expect(r.verdict).toBe('review');
    const u = r.coverage.unread.find((x) => x.where === 'file');
    expect(u?.reason).toBe('corrupt');
    expect(u?.detail).toMatch(detail);
  });

  it('a RAR signature cut before its version byte is a truncated file, not a RAR', () => {
    expect(sniffFormat(Uint8Array.from([0x52, 0x61, 0x72, 0x21, 0x1a, 0x07]), 'x.rar', FORMATS).format).toBe('truncated');
    // Text that merely begins with "Rar!" is not an archive.
    expect(sniffFormat(new TextEncoder().encode('Rar! is what the parrot said.\n'), 'x.txt', FORMATS).format).toBe('text');
  });
});
