/**
 * ZIP archives through the real scanner: entries scanned recursively by their own readers, names
 * read, and everything not read (encrypted, unknown compression, limits, damage) keeps the verdict
 * from pass.
 */
import fc from 'fast-check';
import { zipSync, strToU8 } from 'fflate';
import { crc32 } from '@prepub/extract-docx/zip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractZip } from '../src/index.ts';
import { legacyBytes } from '../../extract-eml/test/legacy-bytes.ts';
import { pptx, xlsx } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const MTIME = new Date('2024-05-08T00:00:00Z');
const NOTICE = '000012\n机密★5年\n特急\n关于做好年度安全检查工作的通知\n各区县：\n现将有关事项通知如下。\n';
const BENIGN = '江临市统计局关于开展2024年统计业务培训的通知\n各区县统计局：\n定于5月开展统计业务培训，请按时参加。\n';

function zip(files: Record<string, Uint8Array | string>, level: 0 | 6 = 6): Uint8Array {
  const z: Record<string, [Uint8Array, { mtime: Date; level: 0 | 6 }]> = {};
  for (const [n, d] of Object.entries(files)) z[n] = [typeof d === 'string' ? strToU8(d) : d, { mtime: MTIME, level }];
  return zipSync(z as never);
}

/** Sets `bits` in the general-purpose flags (local header and central record) of every entry. */
function setFlags(bytes: Uint8Array, bits: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = out[i] | (out[i + 1] << 8) | (out[i + 2] << 16) | (out[i + 3] << 24);
    if (sig === 0x04034b50) out[i + 6] |= bits;
    else if (sig === 0x02014b50) out[i + 8] |= bits;
  }
  return out;
}

/** Rewrites the compression method of every entry. */
function setMethod(bytes: Uint8Array, method: number): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i + 4 <= out.length; i++) {
    const sig = out[i] | (out[i + 1] << 8) | (out[i + 2] << 16) | (out[i + 3] << 24);
    if (sig === 0x04034b50) out[i + 8] = method;
    else if (sig === 0x02014b50) out[i + 10] = method;
  }
  return out;
}

const scan = (bytes: Uint8Array, filename = 'bundle.zip') => scanner.scan(bytes, { filename });

const gbk = (s: string): Uint8Array => legacyBytes(s, 'gbk');

/** A ZIP of `data` whose one entry's name is `name` in GBK bytes under the UTF-8 flag (as some Chinese tools write). */
function gbkNameFlaggedUtf8(name: string, data: string): Uint8Array {
  const raw = gbk(name);
  const placeholder = 'X'.repeat(raw.length);
  const bytes = Buffer.from(setFlags(zip({ [placeholder]: data }), 0));
  for (let i = bytes.indexOf(placeholder, 0, 'latin1'); i >= 0; i = bytes.indexOf(placeholder, i + 1, 'latin1')) bytes.set(raw, i);
  // Bit 11 (0x800) is the high byte's 0x08.
  for (let i = 0; i + 4 <= bytes.length; i++) {
    const sig = bytes.readUInt32LE(i);
    if (sig === 0x04034b50) bytes[i + 7] |= 0x08;
    else if (sig === 0x02014b50) bytes[i + 9] |= 0x08;
  }
  return new Uint8Array(bytes);
}

describe('ZIP archives', () => {
  it('an entry name in GBK bytes under the UTF-8 flag is read by its bytes: a marked name blocks, its twin passes with nothing unread', async () => {
    const marked = await scan(gbkNameFlaggedUtf8('机密★5年-通知.txt', BENIGN));
    expect(marked.verdict).toBe('block');
    const twin = await scan(gbkNameFlaggedUtf8('保密宣传月-通知.txt', BENIGN));
    expect(twin.coverage.unread).toEqual([]);
    expect(twin.verdict).toBe('pass');
  });

  it('a marked notice inside an archive blocks, located in its container', async () => {
    const r = await scan(zip({ 'docs/readme.txt': BENIGN, 'docs/notice.txt': NOTICE }));
    expect(r.document.format).toBe('zip');
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
    expect(f.location.container).toEqual(['docs/notice.txt']);
    expect(f.location.line).toBe(2);
    expect(r.coverage.embedded).toEqual({ total: 2, scanned: 2 });
  });

  it('workbooks, decks and archives inside are read by their own readers, recursively', async () => {
    const book = xlsx({ sheets: [{ name: '名册', rows: [['密级', '机密'], ['姓名', '单位']] }] });
    const deck = pptx({ slides: [{ shapes: [{ text: ['江临市统计工作会议'] }] }] });
    const r = await scan(zip({ 'a/deck.pptx': deck, 'b/inner.zip': zip({ 'c/book.xlsx': book }) }));
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
    expect(f.location.container).toEqual(['b/inner.zip', 'c/book.xlsx']);
    expect(f.location.cell).toEqual({ row: 1, column: 2 });
  });

  it('archives nested deeper than the limit are unread (limit)', async () => {
    let inner = zip({ 'notice.txt': BENIGN });
    for (let i = 0; i < 4; i++) inner = zip({ [`level${i}.zip`]: inner });
    const r = await scan(inner);
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('limit');
  });

  it('a benign archive passes with complete coverage; folder entries and empty files are nothing to read', async () => {
    const r = await scan(zip({ 'docs/': new Uint8Array(0), 'docs/notice.txt': BENIGN, 'docs/empty.txt': '' }));
    expect(r.verdict, r.reasons.join('; ')).toBe('pass');
    expect(r.coverage.complete).toBe(true);
  });

  it('entry names are read', async () => {
    const x = await extractZip(zip({ '机密★5年-港区规划.txt': BENIGN }), { limits: DEFAULT_LIMITS });
    expect(x.parts[0]).toMatchObject({ role: 'attachment-name', text: '机密★5年-港区规划.txt' });
  });

  it("an Info-ZIP Unicode path or comment field (what unzip tools show in place of the stored name or comment) is read", async () => {
    // Version 1, the CRC-32 of the stored value, then the UTF-8 text.
    const unicodeField = (stored: string, shown: string): Uint8Array => {
      const text = strToU8(shown);
      const out = new Uint8Array(5 + text.length);
      out[0] = 1;
      new DataView(out.buffer).setUint32(1, crc32(strToU8(stored)), true);
      out.set(text, 5);
      return out;
    };
    const withExtra = (extra: Record<number, Uint8Array>, comment?: string): Uint8Array =>
      zipSync({ 'notice.txt': [strToU8(BENIGN), { mtime: MTIME, extra, ...(comment ? { comment } : {}) }] } as never);
    const shown = (x: Awaited<ReturnType<typeof extractZip>>) => x.parts.filter((p) => p.role === 'comment' || p.role === 'attachment-name').map((p) => p.text).join('\n');
    const byComment = await extractZip(withExtra({ 0x6375: unicodeField('note', '机密★5年') }, 'note'), { limits: DEFAULT_LIMITS });
    expect(shown(byComment)).toContain('机密★5年');
    expect((await scan(withExtra({ 0x6375: unicodeField('note', '机密★5年') }, 'note'))).verdict).toBe('block');
    const byPath = await extractZip(withExtra({ 0x7075: unicodeField('notice.txt', '机密★5年-港区规划.txt') }), { limits: DEFAULT_LIMITS });
    expect(shown(byPath)).toContain('机密★5年-港区规划.txt');
    expect((await scan(withExtra({ 0x6375: unicodeField('note', '港区规划（征求意见稿）') }, 'note'))).verdict).toBe('pass');
  });

  it('encrypted entries are unread (encrypted)', async () => {
    const r = await scan(setFlags(zip({ 'notice.txt': NOTICE }), 0x1));
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('encrypted');
  });

  it('an unknown compression method is unread (unsupported-format)', async () => {
    const r = await scan(setMethod(zip({ 'notice.txt': NOTICE }), 12));
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('unsupported-format');
  });

  it('a zip bomb stops at the inflate limit (limit), never pass', async () => {
    const bomb = zip({ 'zeros.txt': new Uint8Array(4 * 1024 * 1024) });
    const s = await createScanner({ ocr: false, isolation: false, limits: { maxInflatedBytes: 1024 * 1024 } });
    try {
      const r = await s.scan(bomb, { filename: 'bomb.zip' });
      expect(r.verdict).not.toBe('pass');
      expect(r.coverage.unread.map((u) => u.reason)).toContain('limit');
    } finally {
      await s.close();
    }
  });

  it('a package of a document format nobody reads is scanned entry by entry and still unread as a document', async () => {
    // An e-book (OpenDocument packages have a reader of their own now).
    const r = await scan(zip({ mimetype: 'application/epub+zip', 'OEBPS/chapter1.xhtml': `<html><body><p>${BENIGN}</p></body></html>` }, 0), 'book.epub');
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.reason === 'unsupported-format' && /mimetype/.test(u.detail))).toBe(true);
  });

  it('every proper prefix of a benign archive is never pass (property)', async () => {
    const good = zip({ 'a/notice.txt': BENIGN, 'b/more.txt': BENIGN + BENIGN });
    const s = await createScanner({ ocr: false, isolation: false });
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: good.length - 1 }), async (n) => {
          expect((await s.scan(good.subarray(0, n), { filename: 'bundle.zip' })).verdict).not.toBe('pass');
        }),
        { numRuns: 60, seed: 14 },
      );
    } finally {
      await s.close();
    }
  });
});

describe('macOS metadata (AppleDouble under __MACOSX)', () => {
  /** A binary property list holding one string, UTF-16 big-endian (as macOS keeps a Finder comment). */
  const bplist = (s: string): Buffer => {
    const object = Buffer.concat([Buffer.of(0x60 | s.length), Buffer.from(s, 'utf16le').swap16()]);
    const trailer = Buffer.alloc(32);
    trailer[6] = 1;
    trailer[7] = 1;
    trailer.writeBigUInt64BE(1n, 8);
    trailer.writeBigUInt64BE(BigInt(8 + object.length), 24);
    return Buffer.concat([Buffer.from('bplist00'), object, Buffer.of(8), trailer]);
  };
  /** An AppleDouble file as macOS's Archive Utility writes it: Finder Info, then an ATTR header and the extended attributes. */
  const appleDouble = (attrs: Array<[string, Buffer]>): Uint8Array => {
    const fiAt = 26 + 2 * 12;
    const attrAt = fiAt + 32;
    const entries = attrs.map(([n]) => Buffer.from(`${n}\0`));
    const sizes = entries.map((n) => (11 + n.length + 3) & ~3);
    const dataStart = attrAt + 36 + sizes.reduce((a, b) => a + b, 0);
    let at = dataStart;
    const table = Buffer.concat(
      attrs.map(([, v], i) => {
        const e = Buffer.alloc(sizes[i]);
        e.writeUInt32BE(at, 0);
        e.writeUInt32BE(v.length, 4);
        e[10] = entries[i].length;
        entries[i].copy(e, 11);
        at += v.length;
        return e;
      }),
    );
    const values = Buffer.concat(attrs.map(([, v]) => v));
    const attr = Buffer.alloc(36);
    attr.write('ATTR', 0);
    attr.writeUInt32BE(dataStart + values.length, 8);
    attr.writeUInt32BE(dataStart, 12);
    attr.writeUInt32BE(values.length, 16);
    attr.writeUInt16BE(attrs.length, 34);
    const head = Buffer.alloc(fiAt);
    head.writeUInt32BE(0x00051607, 0);
    head.writeUInt32BE(0x00020000, 4);
    head.write('Mac OS X        ', 8);
    head.writeUInt16BE(2, 24);
    head.writeUInt32BE(9, 26);
    head.writeUInt32BE(fiAt, 30);
    head.writeUInt32BE(dataStart + values.length - fiAt, 34);
    head.writeUInt32BE(2, 38);
    head.writeUInt32BE(dataStart + values.length, 42);
    head.writeUInt32BE(0, 46);
    return new Uint8Array(Buffer.concat([head, Buffer.from('TEXTttxt'), Buffer.alloc(24), attr, table, values]));
  };
  // Passed before: AppleDouble files were skipped whole, the Finder comment with them.
  const build = (comment: string) =>
    zip({
      'notice.txt': BENIGN,
      '__MACOSX/._notice.txt': appleDouble([
        ['com.apple.lastuseddate#PS', Buffer.from('a1b2c3d4000000009a8bfe2d00000000', 'hex')],
        ['com.apple.quarantine', Buffer.from('0081;5f3e1c2a;Safari;')],
        ['com.apple.metadata:kMDItemFinderComment', bplist(comment)],
      ]),
    });
  // Review before (binary of an unknown format): a bare ._name file, as macOS writes on foreign
  // disks and bsdtar stores as a member of its own.
  it('a bare AppleDouble file is read as metadata: 机密★5年 in its Finder comment blocks, 保密宣传月 passes with nothing unread', async () => {
    const bare = (comment: string) => appleDouble([['com.apple.metadata:kMDItemFinderComment', bplist(comment)]]);
    const r = await scanner.scan(bare('机密★5年'), { filename: '._notice.txt' });
    expect(r.document.format).toBe('appledouble');
    expect(r.verdict, r.reasons.join('; ')).toBe('block');
    const benign = await scanner.scan(bare('保密宣传月'), { filename: '._notice.txt' });
    expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
    expect(benign.coverage.unread).toEqual([]);
  });
  it('a Finder comment 机密★5年 blocks; 保密宣传月 passes with nothing unread', async () => {
    const r = await scanner.scan(build('机密★5年'), { filename: 'bundle.zip' });
    expect(r.verdict, r.reasons.join('; ')).toBe('block');
    const benign = await scanner.scan(build('保密宣传月'), { filename: 'bundle.zip' });
    expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
    expect(benign.coverage.unread).toEqual([]);
  });
});
