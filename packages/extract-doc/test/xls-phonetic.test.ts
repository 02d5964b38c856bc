/**
 * Phonetic guides of a legacy .xls workbook's shared strings (the ExtRst of an SST string: furigana,
 * or any text typed as a string's guide, shown above the cell when phonetic guides are on) are read
 * as a part of their own. SheetJS returns none of them: Tika's testEXCEL_phonetic.xls passed with
 * its guides (ニホン …) unread, and a marking typed as a guide passed.
 */
import CFB from 'cfb';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { sstPhonetics } from '../src/xls.ts';
import { xlsExtractor } from '../src/index.ts';

const ctx = { limits: DEFAULT_LIMITS };
const u16 = (n: number) => [n & 0xff, n >> 8];
const utf16 = (s: string) => [...Buffer.from(s, 'utf16le')];

/** An XLUnicodeRichExtendedString in UTF-16 with a phonetic guide (one phonetic run over the whole text). */
function withGuide(text: string, guide: string): number[] {
  // ExtRst: reserved, cb, Phs (ifnt, info), rphssub (crun, cch, st = cch + characters), rgphruns (one PhRuns).
  const rphssub = [...u16(1), ...u16(guide.length), ...u16(guide.length), ...utf16(guide)];
  const body = [...u16(0), ...u16(0x0030), ...rphssub, ...u16(0), ...u16(text.length), ...u16(guide.length)];
  const ext = [...u16(1), ...u16(body.length + 2), ...body];
  return [...u16(text.length), 0x05, ...u16(ext.length), ...u16(0), ...utf16(text), ...ext];
}
const plain = (text: string) => [...u16(text.length), 0x01, ...utf16(text)];

describe('phonetic guides of .xls shared strings', () => {
  it('reads each guide, also when a CONTINUE record cuts a string and its guide', () => {
    const strings = [...plain('物资'), ...withGuide('江临', '机密★5年'), ...withGuide('沙袋', 'さたい')];
    const sst = Uint8Array.from([...u16(3), 0, 0, ...u16(3), 0, 0, ...strings]);
    expect(sstPhonetics([sst])).toEqual(['机密★5年', 'さたい']);
    // Cut inside the second string's characters (a flags byte starts the CONTINUE) and inside its ExtRst.
    const cut = 8 + plain('物资').length + 7 + 2; // after 江, before 临
    const a = sst.subarray(0, cut);
    const b = Uint8Array.from([0x01, ...sst.subarray(cut, cut + 8)]); // 临 and 6 bytes of the ExtRst
    const c = sst.subarray(cut + 8);
    expect(sstPhonetics([a, b, c])).toEqual(['机密★5年', 'さたい']);
  });

  it('a workbook whose cell carries a marking as its phonetic guide: the guide is read', async () => {
    const XLSX = await import('@e965/xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['江临市汛期物资调度表'], ['物资', '数量'], ['沙袋', 12000]]), '物资');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8', bookSST: true }) as ArrayBuffer);
    const cfb = CFB.read(Buffer.from(bytes), { type: 'buffer' });
    const entry = CFB.find(cfb, 'Workbook')!;
    const w = Buffer.from(entry.content as Uint8Array);
    // Rebuild the SST with a guide on the string 沙袋 and move the sheets' BOUNDSHEET offsets after it.
    const out: Buffer[] = [];
    const bounds: number[] = [];
    let delta = 0;
    for (let at = 0; at + 4 <= w.length; ) {
      const type = w.readUInt16LE(at);
      const len = w.readUInt16LE(at + 2);
      let rec = w.subarray(at, at + 4 + len);
      if (type === 0x0085) bounds.push(out.reduce((n, b) => n + b.length, 0) + 4);
      if (type === 0x00fc) {
        const data = w.subarray(at + 4, at + 4 + len);
        const count = data.readUInt32LE(4);
        const strings: number[] = [];
        let p = 8;
        for (let i = 0; i < count; i++) {
          const cch = data.readUInt16LE(p);
          const high = data[p + 2] & 1;
          const text = high ? data.subarray(p + 3, p + 3 + cch * 2).toString('utf16le') : data.subarray(p + 3, p + 3 + cch).toString('latin1');
          p += 3 + cch * (high ? 2 : 1);
          strings.push(...(text === '沙袋' ? withGuide(text, '机密★5年') : plain(text)));
        }
        const body = Buffer.from([...data.subarray(0, 8), ...strings]);
        rec = Buffer.concat([Buffer.from([...u16(0x00fc), ...u16(body.length)]), body]);
        delta = rec.length - (4 + len);
      }
      out.push(rec);
      at += 4 + len;
    }
    const patched = Buffer.concat(out);
    for (const b of bounds) patched.writeUInt32LE(patched.readUInt32LE(b) + delta, b);
    entry.content = patched;
    entry.size = patched.length;
    const file = new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
    const r = await xlsExtractor.extract(file, ctx);
    expect(r.parts.find((p) => p.role === 'body')?.text).toContain('沙袋');
    expect(r.parts.find((p) => p.id === 'phonetic')?.text).toBe('机密★5年');
    expect(r.unread).toEqual([]);
  });
});
