/**
 * Property: a marked text, in any of the encodings offices use, damaged the ways files get damaged
 * (stray bytes, bytes appended, a byte order mark added, swapped or dropped, the end cut off after
 * the marking), is never `pass`. Through the real scanner with OCR off; fixed seed, so a failure
 * replays.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { createScanner, type Scanner } from '@prepub/scanner';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

const TEXTS = [
  { text: '000012\n机密★5年\n特急\n江临市保密局文件\n关于做好年度工作的通知\n各单位：现将有关事项通知如下。\n', marking: '机密★5年' },
  { text: '秘密★6个月\n关于召开专题会议的通知\n请各单位按时参加。\n', marking: '秘密★6个月' },
  { text: '000007\n機密★10年\n會議紀要\n各單位：請勿外傳。\n', marking: '機密★10年' },
  { text: '绝密★长期\nReport of the inspection team on the annual review.\n', marking: '绝密★长期' },
];
const ENCODINGS = ['utf-8', 'gbk', 'big5', 'utf-16le', 'utf-16be', 'utf-8-bom', 'utf-16le-bom'] as const;

function encode(text: string, enc: (typeof ENCODINGS)[number]): Uint8Array {
  if (enc === 'utf-8-bom') return Uint8Array.from([0xef, 0xbb, 0xbf, ...Buffer.from(text)]);
  if (enc === 'utf-16le-bom') return Uint8Array.from([0xff, 0xfe, ...iconv.encode(text, 'utf16le')]);
  if (enc === 'big5') return new Uint8Array(iconv.encode(text, 'big5'));
  return new Uint8Array(iconv.encode(text, enc === 'utf-16be' ? 'utf16-be' : enc));
}

const BOMS = [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]];
const strayByte = fc.oneof(fc.integer({ min: 0x80, max: 0xff }), fc.constantFrom(0xe9, 0x92, 0xa9, 0xff, 0xfe, 0x81, 0x00, 0x0a));

type Mutation =
  | { kind: 'stray'; at: number; byte: number }
  | { kind: 'append'; bytes: number[] }
  | { kind: 'bom'; bom: number }
  | { kind: 'truncate'; keep: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('stray' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), byte: strayByte }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.array(strayByte, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('bom' as const), bom: fc.integer({ min: 0, max: BOMS.length }) }),
  fc.record({ kind: fc.constant('truncate' as const), keep: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

/** Applies `m`; truncation never cuts before `protectEnd`, the end of the marking's bytes. */
function apply(bytes: Uint8Array, m: Mutation, protectEnd: number): Uint8Array {
  const a = Array.from(bytes);
  switch (m.kind) {
    case 'stray': {
      // Anywhere, inside the marking too: what no reading can make out must still not pass.
      const at = Math.floor(m.at * (a.length + 1));
      a.splice(at, 0, m.byte);
      return Uint8Array.from(a);
    }
    case 'append':
      return Uint8Array.from([...a, ...m.bytes]);
    case 'bom': {
      const had = BOMS.find((b) => b.every((x, i) => a[i] === x));
      const rest = had ? a.slice(had.length) : a;
      return Uint8Array.from([...(m.bom < BOMS.length ? BOMS[m.bom] : []), ...rest]);
    }
    case 'truncate':
      return Uint8Array.from(a.slice(0, protectEnd + Math.floor(m.keep * (a.length - protectEnd))));
  }
}

describe('damaged marked text is never pass', () => {
  it('stray bytes, appended bytes, BOM swaps and truncation after the marking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: TEXTS.length - 1 }),
        fc.constantFrom(...ENCODINGS),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (t, enc, mutations) => {
          const { text, marking } = TEXTS[t];
          if (enc === 'big5' && /[机关会议请们绝长个专题召开江临]/.test(text)) return; // simplified text has no Big5 form
          let bytes = encode(text, enc);
          const markEnd = text.indexOf(marking) + marking.length;
          // Byte length of the text up to the marking's end, in this encoding (BOM included).
          let protectEnd = encode(text.slice(0, markEnd), enc).length;
          for (const m of mutations) {
            const before = bytes.length;
            bytes = apply(bytes, m, protectEnd);
            // A stray byte inside the marking or a BOM change moves its end.
            if (m.kind === 'stray' && Math.floor(m.at * (before + 1)) < protectEnd) protectEnd++;
            if (m.kind === 'bom') protectEnd += bytes.length - before;
          }
          const r = await scanner.scan(bytes, { filename: 'notice.txt' });
          expect(r.verdict, `${enc} ${JSON.stringify(mutations)} → ${Buffer.from(bytes).toString('hex')}`).not.toBe('pass');
        },
      ),
      // SEED and RUNS explore further by hand (9,000 runs over six seeds passed); CI runs the fixed seed.
      { seed: Number(process.env.SEED ?? 20261130), numRuns: Number(process.env.RUNS ?? 300) },
    );
  });
});
