/**
 * The pdf.js patch hands operator-list chunks of a document read for text from pdf.js's worker
 * (on the main thread) to the main thread's side without a structured clone (`loopbackChunks`).
 * The extraction must be the same with the part off and on, and the part must really take effect
 * for the reading opening only: the opening that draws pictures for OCR keeps cloning.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { pdfExtractor } from '../src/index.ts';
import { loadPdfJs } from '../src/pdfjs.ts';
import { buildPdf, extractionJson, linesContent, onePage, onePageCjk, stream, ucs2 } from './raw-pdf.ts';

interface PatchedWorker {
  setNodeSpeedups(on: boolean, part?: string): void;
}
let worker: PatchedWorker;
const SAMPLES = join(import.meta.dirname, '../../../samples/pdf');
/** pdf.js's StreamKind.ENQUEUE: a chunk of a streamed answer (operator lists are streamed). */
const ENQUEUE = 4;

beforeAll(async () => {
  const rt = await loadPdfJs();
  expect(rt.patched, 'the installed pdf.js carries patches/pdfjs-dist@5.6.205.patch').toBe(true);
  worker = (globalThis as unknown as { pdfjsWorker: PatchedWorker }).pdfjsWorker;
});
afterEach(() => worker.setNodeSpeedups(true, 'loopbackChunks'));

/** The extraction of `bytes` with the part off or on, and how many operator-list chunks were structured-cloned meanwhile. */
async function extract(bytes: Uint8Array, on: boolean): Promise<{ json: unknown; clonedChunks: number }> {
  worker.setNodeSpeedups(on, 'loopbackChunks');
  const original = globalThis.structuredClone;
  let clonedChunks = 0;
  globalThis.structuredClone = ((value: unknown, options?: StructuredSerializeOptions) => {
    const m = value as { stream?: number; chunk?: { fnArray?: unknown } } | null;
    if (m?.stream === ENQUEUE && Array.isArray(m.chunk?.fnArray)) clonedChunks++;
    return original(value, options);
  }) as typeof structuredClone;
  try {
    const r = await pdfExtractor.extract(bytes.slice(), { limits: DEFAULT_LIMITS });
    return { json: extractionJson(r), clonedChunks };
  } finally {
    globalThis.structuredClone = original;
  }
}

describe('operator lists handed over without a structured clone', () => {
  it.each(['benign-compilation.pdf', 'hidden-layer.pdf', 'form-field.pdf', 'cjk-nonembedded-font.pdf', 'annotation-sticky-note.pdf'])('%s reads the same off and on, and no chunk is cloned when on', async (name) => {
    const bytes = new Uint8Array(readFileSync(join(SAMPLES, name)));
    const off = await extract(bytes, false);
    const on = await extract(bytes, true);
    expect(on.json).toEqual(off.json);
    expect(off.clonedChunks).toBeGreaterThan(0);
    expect(on.clonedChunks).toBe(0);
  });

  it('the opening that draws a picture for OCR still clones its chunks, and the pictures are the same', async () => {
    const bytes = new Uint8Array(readFileSync(join(SAMPLES, 'text-page-with-photo.pdf')));
    const off = await extract(bytes, false);
    const on = await extract(bytes, true);
    expect((on.json as { images: unknown[] }).images.length).toBe(1);
    expect(on.json).toEqual(off.json);
    // One chunk at least comes from the drawing opening, which is never marked.
    expect(on.clonedChunks).toBeGreaterThan(0);
    expect(on.clonedChunks).toBeLessThan(off.clonedChunks);
  });

  it('pages of many operators (several chunks, text in two fonts, form XObjects drawn twice) read the same off and on', async () => {
    const line = fc.string({ unit: fc.constantFrom(...'ab c机密★秘12'.split('')), minLength: 1, maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 60 }), async (lines, repeat) => {
        // Each line in Helvetica (Latin part) and in the CJK font, `repeat` times: up to ~5,000
        // operators, past pdf.js's chunk size, so a page arrives in several chunks.
        let content = '';
        for (let r = 0; r < repeat; r++) {
          content += linesContent(lines.map((l) => l.replace(/[^\x20-\x7e]/g, '?')));
          content += `\nBT /F2 10 Tf 72 ${700 - r} Td ${lines.map((l) => `${ucs2(l)} Tj`).join(' ')} ET\nq /X1 Do Q\n`;
        }
        const form = stream('/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >>', linesContent(['inside the form', ...lines.slice(0, 3).map((l) => l.replace(/[^\x20-\x7e]/g, '?'))]));
        // Objects 1-6 as onePageCjk lays them out, the form is 7; the page's resources name it /X1.
        const bodies = onePageCjk(stream('', content), { more: [form] });
        bodies[2] = String(bodies[2]).replace('>> >> /Contents', '>> /XObject << /X1 7 0 R >> >> /Contents');
        const pdf = buildPdf(bodies);
        const off = await extract(pdf, false);
        const on = await extract(pdf, true);
        expect(on.json).toEqual(off.json);
        expect(on.clonedChunks).toBe(0);
        // Long pages do arrive in several chunks (pdf.js flushes every ~1,000 operators).
        if (repeat * lines.length >= 600) expect(off.clonedChunks).toBeGreaterThan(1);
      }),
      { numRuns: 12, seed: 20261201 },
    );
  });

  it('a page whose content fails to parse midway reads the same off and on', async () => {
    const pdf = buildPdf(onePage(stream('', `${linesContent(['before the damage'])}\nBT /F1 12 Tf (unterminated ET ] >> ${'x'.repeat(50)}`)));
    expect((await extract(pdf, true)).json).toEqual((await extract(pdf, false)).json);
  });
});
