/**
 * The look at a part's tags before it is parsed must take time linear in the part's length. Crafted
 * markup (`<a ` repeated with no `>` anywhere after it) made the earlier regular expression rescan
 * the rest of the part at every `<`. Times are compared between two sizes in the same run, so the
 * test says "linear", not "fast on this machine".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { assertShallow } from '../src/xml.ts';
import { para, REL, wml } from './helpers.ts';
import { writeZip } from './zip-writer.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const MARKED = para('000012') + para('机密★5年') + para('特急') + para('关于做好年度安全检查工作的通知');

function crafted(junk: string, n: number): Uint8Array {
  const xml = wml('document', `<w:body>${MARKED}</w:body>`) + junk.repeat(n);
  return writeZip([
    { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
    },
    // Stored: the compression-ratio limit would otherwise stop this very repetitive part first.
    { name: 'word/document.xml', data: xml, method: 0 },
  ]);
}

/** Fastest of a few runs: the least disturbed by other work on the machine. */
async function fastest(run: () => Promise<unknown> | unknown, times = 3): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < times; i++) {
    const t = process.cpuUsage();
    await run();
    best = Math.min(best, cpuMsSince(t));
  }
  return best;
}

describe('tag pre-check on crafted markup', () => {
  for (const junk of ['<a ', '<a b="', '<w:p <w:r ']) {
    it(`scans ${JSON.stringify(junk)} × n in time linear in n, and still blocks the marking`, async () => {
      const small = crafted(junk, 50_000);
      const large = crafted(junk, 200_000);
      const first = await scanner.scan(large, { filename: 'crafted.docx' });
      expect(first.verdict).toBe('block');
      // Fastest of five runs each, interleaved, so a burst of other work on the machine hits both sizes.
      let ts = Infinity;
      let tl = Infinity;
      for (let i = 0; i < 5; i++) {
        ts = Math.min(ts, await fastest(() => scanner.scan(small, { filename: 'crafted.docx' }), 1));
        tl = Math.min(tl, await fastest(() => scanner.scan(large, { filename: 'crafted.docx' }), 1));
      }
      // 4× the input: linear work takes ~4× (less with fixed costs; 2–4.5 measured), quadratic work 16×.
      expect(tl / ts).toBeLessThan(10);
    });
  }

  it('the pre-check alone is linear too', async () => {
    const s = (n: number) => '<w:body></w:body>' + '<a '.repeat(n);
    const a = s(250_000);
    const b = s(1_000_000);
    const ta = await fastest(() => assertShallow(a, 'x'), 5);
    const tb = await fastest(() => assertShallow(b, 'x'), 5);
    expect(tb / Math.max(ta, 0.05)).toBeLessThan(8);
  });

  it('still refuses deep nesting and counts HTML void elements as closed', () => {
    expect(() => assertShallow('<p>'.repeat(1001), 'x')).toThrow(/nests elements/);
    expect(() => assertShallow('<p/>'.repeat(5000), 'x')).not.toThrow();
    expect(() => assertShallow('<br>'.repeat(5000), 'x', new Set(['br']))).not.toThrow();
    expect(() => assertShallow('<BR >'.repeat(5000), 'x', new Set(['br']))).not.toThrow();
    expect(() => assertShallow('</q>'.repeat(1001), 'x')).toThrow(/never opened/);
  });
});
