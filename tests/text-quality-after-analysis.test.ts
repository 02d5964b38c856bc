/**
 * The text-quality check of a long UTF-8 text: its units are decoded natively (no unit is looked at
 * while decoding), the engine's normalizer says whether a suspect one is among them, and the
 * quality check reads them again only then. A replacement character, a private-use glyph or a
 * bidi override anywhere in such a text still keeps the file from passing, read in the calling
 * thread or in a worker, and its unread item stands where it always did.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { createScanner, type Scanner } from '@prepub/scanner';

// ~60 kB of an ordinary notice: past the size from which UTF-8 is decoded natively (16 kB).
const PARAGRAPH = '为做好今年汛期物资储备工作，市应急管理局会同有关部门对全市十二个储备点进行了检查，各储备点账实相符，台账齐全。\n';
const body = (middle: string): string => PARAGRAPH.repeat(300) + middle + PARAGRAPH.repeat(300);
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

let inProcess: Scanner;
let pooled: Scanner;
beforeAll(async () => {
  inProcess = await createScanner({ ocr: false, isolation: false });
  pooled = await createScanner({ ocr: false, isolation: { workers: 1 } });
});
afterAll(async () => {
  await inProcess.close();
  await pooled.close();
});

describe('text quality of a long UTF-8 text', () => {
  for (const [name, scanner] of [['in the calling thread', () => inProcess], ['in a reading worker', () => pooled]] as const) {
    it(`${name}: a suspect unit anywhere keeps the file from passing; a clean text passes`, async () => {
      const clean = await scanner().scan(utf8(body('本次检查未发现问题。\n')), { filename: 'notice.txt' });
      expect(clean.verdict).toBe('pass');
      for (const odd of ['\ufffd', '\ue123', '\u202e', '\u0007\u0007'.repeat(20)]) {
        const r = await scanner().scan(utf8(body(`储备点编号${odd}已登记。\n`)), { filename: 'notice.txt' });
        expect(r.verdict, JSON.stringify(odd)).not.toBe('pass');
        expect(r.coverage.unread.some((u) => u.detail?.includes('the text of body holds'))).toBe(true);
      }
    });
  }

  it('in a ZIP, each entry’s quality item stands where it was found, among the other entries’ unread items', async () => {
    // b.bin: bytes of no format (unread on their own), between the two texts.
    const noise = Uint8Array.from({ length: 3000 }, (_, i) => (i * 193 + 71) % 256);
    const bytes = zipSync({ 'a.txt': utf8(body('\ufffd')), 'b.bin': noise, 'c.txt': utf8(body('\ue000')), 'd.txt': utf8(body('正常。\n')) });
    for (const scanner of [inProcess, pooled]) {
      const r = await scanner.scan(bytes, { filename: 'bundle.zip' });
      expect(r.verdict).not.toBe('pass');
      expect(r.coverage.unread.map((u) => `${u.where}: ${u.reason}`)).toEqual(['a.txt / body: text-loss', 'b.bin: unsupported-format', 'c.txt / body: text-loss']);
    }
  });
});
