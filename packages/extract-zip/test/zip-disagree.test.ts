/**
 * ZIP archives that say one thing in one place and another elsewhere: a central record against
 * its local header. An unzip tool extracts what the local header gives, so that is read too, and
 * the disagreement is unread (`entry-mismatch`): such an archive never passes. Archives are written
 * byte by byte with the DOCX tests' writer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8 } from 'fflate';
import { crc32 } from '@prepub/extract-docx/zip';
import type { ScanResult } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { writeZip, type RawEntry } from '../../extract-docx/test/zip-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const FIRST = '江临港区工程建设情况简报\n';
const NOTICE = '机密★5年\n关于港区规划调整的通知\n各单位：\n现将有关事项通知如下，请认真贯彻执行。\n';
const BENIGN = '江临市统计局关于开展2024年统计业务培训的通知\n各区县统计局：\n定于5月开展统计业务培训，请按时参加。\n';

const scan = (bytes: Uint8Array, filename = 'bundle.zip') => scanner.scan(bytes, { filename });
const marked = (r: ScanResult) => r.findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.severity === 'block');
const mismatch = (r: ScanResult) => r.coverage.unread.find((u) => u.detail.includes('entry-mismatch'));

describe('a central record that disagrees with its local header', () => {
  for (const method of [0, 8] as const) {
    it(`an entry the directory lists as empty is read as its local header gives it (${method ? 'deflated' : 'stored'})`, async () => {
      const r = await scan(writeZip([{ name: '简报.txt', data: NOTICE, method, central: { compressedSize: 0, size: 0, crc: 0 } }]));
      expect(r.verdict).toBe('block');
      expect(marked(r)).toBe(true);
      expect(mismatch(r)?.detail).toMatch(/local header of 简报\.txt disagree/);
      const part = r.coverage.parts.find((p) => p.origin.container?.[0]?.startsWith('简报.txt'));
      expect(part?.origin.container?.[0]).toBe('简报.txt#copy2');
    });
  }

  it('an entry the directory lists as a harmless start of a longer one is read whole', async () => {
    const data = FIRST + NOTICE;
    const short = strToU8(FIRST);
    const r = await scan(writeZip([{ name: '简报.txt', data, method: 0, central: { compressedSize: short.length, size: short.length, crc: crc32(short) } }]));
    expect(r.verdict).toBe('block');
    expect(marked(r)).toBe(true);
    expect(mismatch(r)?.detail).toMatch(/compressed bytes in the directory/);
  });

  it('an entry the directory lists with another method is read as the header says too', async () => {
    // Read as stored (the directory's word) it is deflate bytes; unzip inflates it.
    const r = await scan(writeZip([{ name: '简报.txt', data: NOTICE, method: 8, central: { method: 0 } }]));
    expect(r.verdict).toBe('block');
    expect(mismatch(r)?.detail).toMatch(/method 0 in the directory, 8 in the header/);
  });

  it('an unmarked archive whose directory disagrees is not pass, and a clean one still is', async () => {
    const bad = await scan(writeZip([{ name: '简报.txt', data: BENIGN, central: { compressedSize: 0, size: 0, crc: 0 } }]));
    expect(bad.verdict).toBe('review');
    expect(mismatch(bad)).toBeDefined();
    const crcOnly = await scan(writeZip([{ name: '简报.txt', data: BENIGN, central: { crc: 0x12345678 } }]));
    expect(crcOnly.verdict).toBe('review');
    expect(mismatch(crcOnly)?.detail).toMatch(/CRC 0x12345678 in the directory/);
    const good = await scan(writeZip([{ name: '简报.txt', data: BENIGN }, { name: 'b.txt', data: BENIGN, descriptor: true }]));
    expect(good.verdict, good.reasons.join('; ')).toBe('pass');
  });

  it('only the UTF-8 flag differing (as some writers do) is no disagreement', async () => {
    const entries: RawEntry[] = [{ name: 'notice.txt', data: BENIGN, central: { flags: 0 } }];
    const r = await scan(writeZip(entries));
    expect(r.verdict, r.reasons.join('; ')).toBe('pass');
  });

  it('a ZIP64 archive whose headers agree has no mismatch', async () => {
    const r = await scan(writeZip([{ name: 'a.txt', data: BENIGN }, { name: 'b.txt', data: BENIGN, method: 0 }], { zip64: true }));
    expect(r.verdict, r.reasons.join('; ')).toBe('pass');
  });
});

describe('bytes outside the archive', () => {
  const PAGE = '<html><head><meta charset="utf-8"></head><body><p>机密★5年</p><p>关于港区规划调整的通知</p><p>各单位：现将有关事项通知如下。</p></body></html>';
  const after = (r: ScanResult) => r.coverage.unread.find((u) => /follow the end of the archive/.test(u.detail));

  it('a page after the end record (a browser shows it) is scanned as a file of its own', async () => {
    const r = await scan(writeZip([{ name: 'readme.txt', data: BENIGN }], { trailing: strToU8(PAGE) }), 'page.html');
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
    expect(f.location.container).toEqual(['(data after the archive)']);
    expect(after(r)?.reason).toBe('corrupt');
  });

  it('an empty end record first and marked text after it', async () => {
    const bytes = new Uint8Array([...[0x50, 0x4b, 0x05, 0x06], ...new Array(18).fill(0), ...strToU8(NOTICE)]);
    const r = await scan(bytes, 'notice.txt');
    expect(r.verdict).toBe('block');
    expect(after(r)).toBeDefined();
  });

  it('text between the last entry and the central directory is scanned too', async () => {
    const r = await scan(writeZip([{ name: 'readme.txt', data: BENIGN }, { name: 'b.txt', data: BENIGN, method: 0 }], { beforeCentral: strToU8(NOTICE) }));
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
    expect(f.location.container?.[0]).toMatch(/^\(data outside the archive's entries, bytes \d+-\d+\)$/);
    expect(r.coverage.unread.some((u) => /lie between its entries and directory/.test(u.detail))).toBe(true);
  });

  it('unmarked data after the archive is not pass; zero padding, an archive comment and data descriptors are nothing outside', async () => {
    expect((await scan(writeZip([{ name: 'readme.txt', data: BENIGN }], { trailing: strToU8(BENIGN) }))).verdict).toBe('review');
    const padded = await scan(writeZip([{ name: 'readme.txt', data: BENIGN }], { trailing: new Uint8Array(512) }));
    expect(padded.verdict, padded.reasons.join('; ')).toBe('pass');
    const commented = await scan(writeZip([{ name: 'readme.txt', data: BENIGN }], { comment: strToU8('港区规划资料汇编') }));
    expect(commented.verdict, commented.reasons.join('; ')).toBe('pass');
    for (const zip64 of [false, true]) {
      const entries: RawEntry[] = [
        { name: 'a.txt', data: BENIGN, descriptor: true },
        { name: 'b.txt', data: BENIGN, descriptor: true, descriptorWithoutSignature: true },
        { name: 'c.txt', data: BENIGN, method: 0, descriptor: true },
        { name: 'd.txt', data: BENIGN, method: 0, descriptor: true, descriptorWithoutSignature: true },
        { name: 'e.txt', data: '' , descriptor: true },
      ];
      const r = await scan(writeZip(entries, { zip64 }));
      expect(r.verdict, `zip64 ${zip64}: ${r.reasons.join('; ')}`).toBe('pass');
    }
  });
});

describe('entries skipped by what they are, not by their name', () => {
  /** The start of a real .DS_Store: alignment header 00 00 00 01, `Bud1`, the root block's offsets. */
  const dsStore = () => {
    const b = new Uint8Array(4096);
    b.set([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31, 0, 0, 0x10, 0, 0, 0, 0x08, 0, 0, 0, 0x10, 0]);
    b.set(strToU8('\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0'), 32);
    return b;
  };

  it('a text file named .DS_Store is read', async () => {
    for (const name of ['.DS_Store', 'docs/.DS_Store']) {
      const r = await scan(writeZip([{ name: 'docs/readme.txt', data: BENIGN }, { name, data: NOTICE, method: 0 }]));
      expect(r.verdict, name).toBe('block');
      expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.container).toEqual([name]);
    }
  });

  it('a real .DS_Store is still nothing to read', async () => {
    const r = await scan(writeZip([{ name: 'docs/readme.txt', data: BENIGN }, { name: 'docs/.DS_Store', data: dsStore() }, { name: '.DS_Store', data: dsStore(), method: 0 }]));
    expect(r.verdict, r.reasons.join('; ')).toBe('pass');
  });

  it('a folder entry that carries data is read; an empty one is nothing', async () => {
    const r = await scan(writeZip([{ name: 'docs/', data: NOTICE }, { name: 'docs/readme.txt', data: BENIGN }]));
    expect(r.verdict).toBe('block');
    expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.container).toEqual(['docs/']);
    const empty = await scan(writeZip([{ name: 'docs/', data: '', method: 0 }, { name: 'docs/readme.txt', data: BENIGN }]));
    expect(empty.verdict, empty.reasons.join('; ')).toBe('pass');
  });
});
