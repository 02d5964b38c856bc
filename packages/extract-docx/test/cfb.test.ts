/** The compound-file root listing the legacy Office and Outlook sniffers share, checked against SheetJS's cfb reader. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import CFB from 'cfb';
import { cfbRootEntries, includesUtf16, isCfb } from '../src/cfb.ts';

function compound(streams: Record<string, Uint8Array>): Uint8Array {
  const c = CFB.utils.cfb_new();
  for (const [name, bytes] of Object.entries(streams)) CFB.utils.cfb_add(c, name, Buffer.from(bytes));
  return new Uint8Array(CFB.write(c, { type: 'buffer' }) as Buffer);
}

/** The root's children as cfb reads them: `name type size`, sorted. */
function reference(bytes: Uint8Array): string[] {
  const c = CFB.read(Buffer.from(bytes), { type: 'buffer' });
  const out: string[] = [];
  c.FileIndex.forEach((e, i) => {
    const rest = c.FullPaths[i].split('/').slice(1);
    // `Root Entry/name` for a stream, `Root Entry/name/` for a storage.
    if ((e.type === 2 && rest.length === 1) || (e.type === 1 && rest.length === 2 && rest[1] === '')) out.push(`${e.name} ${e.type} ${e.type === 2 ? e.size : 0}`);
  });
  return out.sort();
}

const listed = (bytes: Uint8Array) =>
  cfbRootEntries(bytes)!
    .entries.map((e) => `${e.name} ${e.type} ${e.type === 2 ? e.size : 0}`)
    .sort();

const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9_ .]{0,20}$/);
const tree = fc.uniqueArray(fc.tuple(name, fc.option(name, { nil: undefined }), fc.nat(5000)), { minLength: 1, maxLength: 60, selector: ([a, b]) => `${a}/${b ?? ''}`.toLowerCase() });

function build(entries: Array<[string, string | undefined, number]>): Uint8Array {
  const streams: Record<string, Uint8Array> = {};
  // A name used both as a stream and as a storage cannot be written: storages get a suffix.
  for (const [a, b, n] of entries) streams[b === undefined ? a : `${a}_dir/${b}`] = new Uint8Array(n).fill(0x41);
  return compound(streams);
}

describe('compound file root listing', () => {
  it('lists what cfb lists at the root: streams with their sizes and storages, not what lies deeper (property)', () => {
    fc.assert(
      fc.property(tree, (entries) => {
        const bytes = build(entries);
        expect(isCfb(bytes)).toBe(true);
        expect(cfbRootEntries(bytes)!.complete).toBe(true);
        expect(listed(bytes)).toEqual(reference(bytes));
      }),
      { numRuns: 60, seed: 20261130 },
    );
  });

  it('a file cut short or altered never throws, and a listing that says it is complete is the whole one (property)', () => {
    fc.assert(
      fc.property(tree, fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), (entries, cutAt, flips) => {
        const whole = build(entries);
        const full = listed(whole);
        const b = whole.slice(0, 512 + (cutAt % (whole.length - 511)));
        const r = cfbRootEntries(b);
        if (r?.complete) expect(listed(b)).toEqual(full);
        // Flipped bytes may make any listing; it is bounded and never throws.
        const m = whole.slice();
        for (const [at, v] of flips) m[at % m.length] = v;
        const s = cfbRootEntries(m);
        expect(s === undefined || s.entries.length <= 100_000).toBe(true);
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it('a directory chain that loops ends, and the listing says it is not complete', () => {
    const bytes = build(Array.from({ length: 40 }, (_, i) => [`Stream${i}`, undefined, 10] as [string, undefined, number]));
    const v = new DataView(bytes.buffer);
    const size = 1 << v.getUint16(0x1e, true);
    const dir = v.getUint32(0x30, true);
    // The FAT entry of the directory's first sector points back at itself.
    const fat = v.getUint32(0x4c, true);
    v.setUint32((fat + 1) * size + 4 * dir, dir, true);
    const r = cfbRootEntries(bytes)!;
    expect(r.complete).toBe(false);
    expect(r.entries.length).toBeLessThan(40);
  });

  it('is no compound file without the magic or a header', () => {
    expect(cfbRootEntries(new Uint8Array(512))).toBeUndefined();
    expect(cfbRootEntries(compound({ A: new Uint8Array(1) }).subarray(0, 511))).toBeUndefined();
  });

  it('finds a stream name written in UTF-16LE anywhere, and only so written', () => {
    const bytes = compound({ WordDocument: new Uint8Array(8) });
    expect(includesUtf16(bytes, 'WordDocument')).toBe(true);
    expect(includesUtf16(bytes, 'Workbook')).toBe(false);
    expect(includesUtf16(new TextEncoder().encode('WordDocument'), 'WordDocument')).toBe(false);
  });
});
