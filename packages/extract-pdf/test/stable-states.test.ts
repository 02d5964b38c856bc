/**
 * The pdf.js patch copies a graphics or text state on `q` (and for a form XObject) instead of making
 * the state the prototype of its clone (`stableStates`): the same fields with the same values, but
 * one object shape for every state, so V8 stops deoptimising and recompiling pdf.js's operator loop
 * document after document. The extraction must be the same with the part off and on, and the part
 * must really take effect: no state becomes another's prototype when it is on.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { pdfExtractor } from '../src/index.ts';
import { loadPdfJs } from '../src/pdfjs.ts';
import { buildPdf, extractionJson, onePageCjk, pdfString, stream, ucs2 } from './raw-pdf.ts';
import { nestedSavePdf } from '../../scanner/test/fixtures/pathological.ts';

interface PatchedWorker {
  setNodeSpeedups(on: boolean, part?: string): void;
}
let worker: PatchedWorker;
const SAMPLES = join(import.meta.dirname, '../../../samples/pdf');

beforeAll(async () => {
  const rt = await loadPdfJs();
  expect(rt.patched, 'the installed pdf.js carries patches/pdfjs-dist@5.6.205.patch').toBe(true);
  worker = (globalThis as unknown as { pdfjsWorker: PatchedWorker }).pdfjsWorker;
});
afterEach(() => worker.setNodeSpeedups(true, 'stableStates'));

/**
 * A state of pdf.js's worker: a graphics state (EvalState: `_fillColorSpace`) or a text state
 * (TextState: `textLineMatrix`). The drawing side's canvas states (pdf.mjs, for pictures handed to
 * OCR) are another class, left as published.
 */
const isState = (o: unknown): boolean => typeof o === 'object' && o !== null && (Object.hasOwn(o, '_fillColorSpace') || Object.hasOwn(o, 'textLineMatrix'));

/** The extraction of `bytes` with the part off or on, and how many states became the prototype of a new object meanwhile. */
async function extract(bytes: Uint8Array, on: boolean): Promise<{ json: unknown; statePrototypes: number }> {
  worker.setNodeSpeedups(on, 'stableStates');
  const original = Object.create;
  let statePrototypes = 0;
  // pdf.js looks Object.create up on every call, so counting its calls shows how clones are made.
  Object.create = ((proto: object | null, props?: PropertyDescriptorMap) => {
    if (isState(proto)) statePrototypes++;
    return props === undefined ? original(proto) : original(proto, props);
  }) as typeof Object.create;
  try {
    const r = await pdfExtractor.extract(bytes.slice(), { limits: DEFAULT_LIMITS });
    return { json: extractionJson(r), statePrototypes };
  } finally {
    Object.create = original;
  }
}

describe('graphics and text states copied, not chained by prototype', () => {
  const samples = readdirSync(SAMPLES).filter((f) => f.endsWith('.pdf') && !/encrypted|password|image-only|scan/.test(f));

  it('every sample PDF reads the same off and on, and no state is a prototype when on', async () => {
    let chainedOff = 0;
    for (const name of samples) {
      const bytes = new Uint8Array(readFileSync(join(SAMPLES, name)));
      const off = await extract(bytes, false);
      const on = await extract(bytes, true);
      expect(on.json, name).toEqual(off.json);
      expect(on.statePrototypes, name).toBe(0);
      chainedOff += off.statePrototypes;
    }
    // pdf.js as published chains them (every `q` of every sample).
    expect(chainedOff).toBeGreaterThan(samples.length);
  }, 240_000);

  it('nested saves, restores and form XObjects with every state operator read the same off and on', async () => {
    // Operators that set a field of the graphics or text state, and the text shown under them.
    const op = fc.oneof(
      fc.constantFrom('q', 'Q', 'q', '1 0 0 1 5 -3 cm', '0.5 0 0 0.5 0 0 cm', '3 Tr', '0 Tr', '7 Tr', '1 g', '0 g', '/DeviceRGB cs 1 0 0 sc', '0 0 1 RG', '2 Tc', '0 Tc', '4 Tw', '80 Tz', '16 TL', '3 Ts', 'T*', '/F1 9 Tf', '/F2 11 Tf', '/X1 Do', '0 0 m 10 10 l S', '5 5 20 20 re W n'),
      fc.string({ unit: fc.constantFrom(...'机密★秘ab 12'.split('')), minLength: 1, maxLength: 8 }).map((s) => `(${s.replace(/[^\x20-\x7e]/g, '?')}) Tj ${ucs2(s)} Tj`),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 80 }), async (ops) => {
        // Text operators outside BT…ET are ignored by pdf.js; keep every one inside a text object.
        const content = `BT /F1 12 Tf 72 700 Td 14 TL\n${ops.map((o) => (o === '/X1 Do' || o.endsWith(' S') || o.endsWith(' n') ? `ET ${o} BT /F1 12 Tf 72 600 Td` : o)).join('\n')}\nET`;
        const form = stream('/Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >>', `q 3 Tr BT /F1 10 Tf 72 500 Td ${pdfString('in the form')} Tj ET Q BT /F1 10 Tf 72 480 Td ${pdfString('after')} Tj ET`);
        const bodies = onePageCjk(stream('', content), { more: [form] });
        bodies[2] = String(bodies[2]).replace('>> >> /Contents', '>> /XObject << /X1 7 0 R >> >> /Contents');
        const pdf = buildPdf(bodies);
        const off = await extract(pdf, false);
        const on = await extract(pdf, true);
        expect(on.json).toEqual(off.json);
        expect(on.statePrototypes).toBe(0);
      }),
      { numRuns: 10, seed: 20261201 },
    );
  }, 240_000);

  it('100,000 nested saves read completely (a chain of prototypes that long took pdf.js minutes)', async () => {
    const pdf = nestedSavePdf(100_000);
    worker.setNodeSpeedups(true, 'stableStates');
    const r = await pdfExtractor.extract(pdf, { limits: DEFAULT_LIMITS });
    expect(r.unread).toEqual([]);
    expect(r.parts.find((p) => p.id === 'page-1')?.text).toContain('Quarterly report');
  }, 120_000);
});
