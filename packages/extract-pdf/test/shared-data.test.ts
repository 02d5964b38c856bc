/**
 * The repository's pdf.js patch shares what is the same for every document (parsed built-in CMaps,
 * the Unicode maps built from Adobe-*-UCS2, standard font bytes) across documents and hashes PDF
 * 2.0 passwords with node:crypto. Sharing must not carry anything from one document into another:
 * reading A, then B, then A gives what fresh reads (sharing off) give, and the native hash gives
 * the bytes pdf.js's own hash gives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Extraction } from '@prepub/core';
import { pdfExtractor } from '../src/index.ts';
import { loadPdfJs } from '../src/pdfjs.ts';

const SAMPLES = join(import.meta.dirname, '../../../samples/pdf');
interface PatchedWorker {
  setNodeSpeedups(on: boolean): void;
  PDF20Hash: new () => { _hash(password: Uint8Array, input: Uint8Array, userBytes: Uint8Array): Uint8Array };
}
let worker: PatchedWorker;

beforeAll(async () => {
  const rt = await loadPdfJs();
  expect(rt.patched, 'the installed pdf.js carries patches/pdfjs-dist@5.6.205.patch').toBe(true);
  worker = (globalThis as unknown as { pdfjsWorker: PatchedWorker }).pdfjsWorker;
});
afterEach(() => worker.setNodeSpeedups(true));

/** What a reading yields, without the parts that are allowed to differ (none are, today). */
function digest(x: Extraction): unknown {
  return { parts: x.parts, unread: x.unread, loss: x.loss, info: x.info, images: x.images?.map((i) => [i.id, i.bytes.length]) };
}

async function read(file: string): Promise<unknown> {
  return digest(await pdfExtractor.extract(new Uint8Array(readFileSync(join(SAMPLES, file))), { limits: DEFAULT_LIMITS }));
}

describe('built-in data shared across documents', () => {
  // Non-embedded CJK fonts (UniGB-UCS2-H over Adobe-GB1), standard 14 fonts, an AES-256 file.
  const files = ['cjk-nonembedded-font.pdf', 'annotation-sticky-note.pdf', 'benign-regulation.pdf', 'owner-password.pdf', 'form-field.pdf'];

  it('reading A, B, A with sharing gives what fresh reads give', async () => {
    worker.setNodeSpeedups(false);
    const fresh = new Map<string, unknown>();
    for (const f of files) fresh.set(f, await read(f));
    worker.setNodeSpeedups(true);
    for (const order of [files, [...files].reverse(), [files[0], files[1], files[0], files[1]]]) {
      for (const f of order) expect(await read(f), f).toEqual(fresh.get(f));
    }
  });

  it('the CJK sample really goes through a built-in CMap and reads its text', async () => {
    const x = (await read('cjk-nonembedded-font.pdf')) as { parts: Array<{ text: string }> };
    expect(x.parts.map((p) => p.text).join('')).toMatch(/[\u4e00-\u9fff]{4}/);
  });
});

describe('PDF 2.0 password hash with node:crypto', () => {
  it('gives the bytes of pdf.js own hash', () => {
    const bytes = (max: number) => fc.uint8Array({ minLength: 0, maxLength: max });
    fc.assert(
      fc.property(bytes(127), fc.uint8Array({ minLength: 8, maxLength: 8 }), fc.oneof(fc.constant(new Uint8Array(0)), fc.uint8Array({ minLength: 48, maxLength: 48 })), (password, salt, userBytes) => {
        const input = new Uint8Array([...password, ...salt, ...userBytes]);
        worker.setNodeSpeedups(false);
        const own = new worker.PDF20Hash()._hash(password, input, userBytes);
        worker.setNodeSpeedups(true);
        const native = new worker.PDF20Hash()._hash(password, input, userBytes);
        expect(Array.from(native)).toEqual(Array.from(own));
      }),
      { numRuns: 25 },
    );
  });
});
