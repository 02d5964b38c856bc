/**
 * gzip and tar through the real scanner and the readers themselves: fixtures written by GNU tar
 * and gzip (test/fixtures/make-archives.sh), and damaged, bombed or odd archives built here. Every
 * member is scanned and located, names and comments are text, and whatever is not read keeps the
 * verdict from pass.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { sniffFormat } from '../../extractors/src/sniff.ts';
import { createScanner, type Scanner } from '@prepub/scanner';
import { FORMATS } from '../../scanner/src/formats.ts';
import { decodeUndeclared, extractGzip, extractTar, nameParagraphs, undeclaredReadings } from '../src/archives.ts';
import { gunzipAll } from '../src/gzip.ts';
import { readTar, tarNumber } from '../src/tar.ts';
import { hostileInputs } from '../../../bench/fuzz/hostile.ts';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', name)));
const enc = new TextEncoder();
const NOTICE = '000012\n机密★5年\n特急\n关于做好年度安全检查工作的通知\n';
const BENIGN = '江临市统计局关于开展2024年统计业务培训的通知\n各区县统计局：\n定于5月开展统计业务培训，请按时参加。\n';
const ctx = { limits: DEFAULT_LIMITS };
/** 机密★5年.txt in GBK, as Chinese Windows tools write names. */
const GBK_NAME = new Uint8Array(Buffer.from('bbfac3dca1ef35c4ea2e747874', 'hex'));

/** A ustar member: header block and data padded to whole blocks. */
function member(name: string, data: Uint8Array | string, type = '0'): Buffer {
  const d = typeof data === 'string' ? enc.encode(data) : data;
  const h = Buffer.alloc(512);
  h.write(name, 0, 'utf8');
  h.write('0000644\0', 100);
  h.write('0000000\0', 108);
  h.write('0000000\0', 116);
  h.write(`${d.length.toString(8).padStart(11, '0')}\0`, 124);
  h.write('14616540200\0', 136);
  h.write('        ', 148);
  h.write(type, 156);
  h.write('ustar\0', 257);
  h.write('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return Buffer.concat([h, d, Buffer.alloc((512 - (d.length % 512)) % 512)]);
}
const tar = (...members: Buffer[]) => new Uint8Array(Buffer.concat([...members, Buffer.alloc(1024)]));

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());
const scan = (bytes: Uint8Array, filename: string) => scanner.scan(bytes, { filename });

describe('tar and gzip written by GNU tar and gzip', () => {
  it('a marked member of a .tar.gz blocks, located as archive → member; the benign member is read too', async () => {
    const r = await scan(fixture('bundle.tar.gz'), 'bundle.tar.gz');
    expect(r.document.format).toBe('gzip');
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
    expect(f.location.container).toEqual(['docs/notice.txt']);
    expect(f.location.line).toBe(2);
    expect(r.coverage.embedded).toEqual({ total: 2, scanned: 2 });
    expect(r.coverage.complete).toBe(true);
  });

  it('benign archives pass with complete coverage (.tar.gz, and a ustar .tar padded to its record size)', async () => {
    for (const [name, bytes] of [['benign.tar.gz', fixture('benign.tar.gz')], ['benign.tar', fixture('benign.tar')]] as const) {
      const r = await scan(bytes, name);
      expect(r.verdict, `${name}: ${JSON.stringify(r.coverage.unread)}`).toBe('pass');
      expect(r.coverage.complete).toBe(true);
      expect(r.coverage.embedded).toEqual({ total: 1, scanned: 1 });
    }
  });

  it('a GNU long name and a ustar prefix give the whole path, and the file name on its own line', async () => {
    for (const name of ['gnu-longname.tar', 'ustar-prefix.tar']) {
      const x = await extractTar(fixture(name), ctx);
      const names = x.parts.find((p) => p.role === 'attachment-name')!.text.split('\n');
      expect(names, name).toContain('附件/第一部分/第二部分/第三部分/第四部分/第五部分/第六部分/机密★5年-港区规划说明.txt');
      expect(names, name).toContain('机密★5年-港区规划说明.txt');
      expect(x.embedded!.map((e) => e.name), name).toEqual(['附件/第一部分/第二部分/第三部分/第四部分/第五部分/第六部分/机密★5年-港区规划说明.txt']);
      expect(x.loss, name).toEqual([]);
      expect((await scan(fixture(name), name)).verdict, name).not.toBe('pass');
    }
  });

  it('a pax comment record (a global header, as GNU tar writes --pax-option comment=) is read as a comment', async () => {
    const x = await extractTar(fixture('pax-comment.tar'), ctx);
    expect(x.parts.find((p) => p.role === 'comment')?.text).toBe('密级：机密★5年');
    const r = await scan(fixture('pax-comment.tar'), 'pax-comment.tar');
    expect(r.verdict).toBe('block');
    expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.role).toBe('comment');
  });

  it('the name gzip stored (FNAME) is read; concatenated members are all inflated, as gunzip writes them', async () => {
    const named = await extractGzip(fixture('named.txt.gz'), ctx);
    expect(named.parts.find((p) => p.role === 'attachment-name')?.text).toBe('机密★5年-通知.txt');
    expect(named.embedded![0].name).toBe('机密★5年-通知.txt');
    const two = await extractGzip(fixture('two-members.txt.gz'), { ...ctx, filename: 'two-members.txt.gz' });
    expect(two.info).toMatchObject({ members: 2 });
    expect(new TextDecoder().decode(two.embedded![0].bytes)).toBe(`${BENIGN}${NOTICE}各区县：\n现将有关事项通知如下。\n`);
    expect(two.embedded![0].name).toBe('two-members.txt');
    expect(two.loss).toEqual([]);
    expect((await scan(fixture('two-members.txt.gz'), 'two-members.txt.gz')).verdict).toBe('block');
  });
});

describe('gzip', () => {
  it('header comment (FCOMMENT) and name (FNAME) in UTF-8, GBK or Latin-1 are read', async () => {
    const withFields = (name: Uint8Array, comment: Uint8Array) => {
      const g = Buffer.from(gzipSync(enc.encode(BENIGN)));
      const head = Buffer.from(g.subarray(0, 10));
      head[3] |= 0x18;
      return new Uint8Array(Buffer.concat([head, name, Buffer.from([0]), comment, Buffer.from([0]), g.subarray(10)]));
    };
    const x = await extractGzip(withFields(GBK_NAME, enc.encode('密级：机密')), ctx);
    expect(x.parts.map((p) => [p.role, p.text])).toEqual([['attachment-name', '机密★5年.txt\n儂躇∴5爛.txt\n»úÃÜ¡ï5Äê.txt'], ['comment', '密级：机密']]);
    const y = await extractGzip(withFields(new Uint8Array(Buffer.from('café.txt', 'latin1')), new Uint8Array(Buffer.from('crème', 'latin1'))), ctx);
    // Latin-1 bytes that are also GB18030 and Big5 (crème, cr鑝e, cr鋗e): every reading, as any tool may show one.
    expect(y.parts.map((p) => p.text)).toEqual(['café.txt', 'cr鑝e\ncr鋗e\ncrème']);
    const r = await scan(withFields(enc.encode('notice.txt'), enc.encode('机密★5年')), 'notice.txt.gz');
    expect(r.verdict).toBe('block');
  });

  it('a bomb stops at the limits (limit), never pass', async () => {
    const bomb = new Uint8Array(gzipSync(new Uint8Array(64 * 1024 * 1024)));
    const g = gunzipAll(bomb, { maxInflatedBytes: DEFAULT_LIMITS.maxInflatedBytes, maxCompressionRatio: 200 });
    expect(g.loss.map((l) => l.reason)).toEqual(['limit']);
    expect(g.data.length).toBe(0);
    const small = gunzipAll(new Uint8Array(gzipSync(new Uint8Array(4 * 1024 * 1024))), { maxInflatedBytes: 1024 * 1024, maxCompressionRatio: 200 });
    expect(small.loss.map((l) => l.reason)).toEqual(['limit']);
    const r = await scan(bomb, 'zeros.gz');
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('limit');
  });

  it('members past the entry limit are not inflated (limit)', () => {
    const one = Buffer.from(gzipSync(enc.encode('a')));
    const g = gunzipAll(new Uint8Array(Buffer.concat(Array(8).fill(one))), { ...DEFAULT_LIMITS, maxArchiveEntries: 5 });
    expect(g.members.length).toBe(5);
    expect(new TextDecoder().decode(g.data)).toBe('aaaaa');
    expect(g.loss.map((l) => [l.where, l.reason, l.count])).toEqual([['gzip member 6', 'limit', 3 * one.length]]);
  });

  it('a stream cut short keeps what inflated before the cut and is unread (corrupt)', async () => {
    const g = new Uint8Array(gzipSync(enc.encode(NOTICE + BENIGN.repeat(40))));
    const cut = gunzipAll(g.subarray(0, g.length - 20), DEFAULT_LIMITS);
    expect(cut.loss.map((l) => l.reason)).toEqual(['corrupt']);
    expect(new TextDecoder().decode(cut.data).startsWith(NOTICE)).toBe(true);
    const r = await scan(g.subarray(0, g.length - 20), 'notice.txt.gz');
    expect(r.verdict).toBe('block');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('corrupt');
  });

  it('a wrong checksum, and data after the last member, are losses; the data after it is scanned', async () => {
    const g = Buffer.from(gzipSync(enc.encode(BENIGN)));
    g[g.length - 8] ^= 0xff;
    expect(gunzipAll(g, DEFAULT_LIMITS).loss.map((l) => l.reason)).toEqual(['corrupt']);
    const trailing = new Uint8Array(Buffer.concat([Buffer.from(gzipSync(enc.encode(BENIGN))), Buffer.from(NOTICE)]));
    const r = await scan(trailing, 'notice.txt.gz');
    expect(r.verdict).toBe('block');
    expect(r.coverage.unread.some((u) => u.reason === 'corrupt' && /follow the last gzip member/.test(u.detail))).toBe(true);
    // Zero padding after the last member (tape blocking) is not data.
    expect(gunzipAll(new Uint8Array(Buffer.concat([Buffer.from(gzipSync(enc.encode(BENIGN))), Buffer.alloc(300)])), DEFAULT_LIMITS).loss).toEqual([]);
  });

  it('every proper prefix of a benign .tar.gz is never pass (property)', async () => {
    const good = fixture('benign.tar.gz');
    const s = await createScanner({ ocr: false, isolation: false });
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: good.length - 1 }), async (n) => {
          expect((await s.scan(good.subarray(0, n), { filename: 'benign.tar.gz' })).verdict).not.toBe('pass');
        }),
        { numRuns: 40, seed: 21 },
      );
    } finally {
      await s.close();
    }
  });
});

describe('tar', () => {
  it('numbers: octal with space or NUL padding, GNU base-256; anything else is no number', () => {
    const f = (s: string | number[]) => tarNumber(typeof s === 'string' ? enc.encode(s) : Uint8Array.from(s), 0, 12);
    expect(f('00000000217\0')).toBe(0o217);
    expect(f('     217 \0\0\0')).toBe(0o217);
    expect(f([0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01, 0x00])).toBe(256);
    expect(f('0000x000217\0')).toBeUndefined();
    expect(f('217 1\0\0\0\0\0\0\0')).toBeUndefined();
  });

  it('a header with a wrong checksum is a loss; reading goes on at the next good header', async () => {
    const a = member('a.txt', BENIGN);
    a[0] ^= 0x01; // the name changed, the checksum not
    const bytes = tar(a, member('notice.txt', NOTICE));
    const t = readTar(bytes, { maxEntries: 100, decodeName: decodeUndeclared });
    expect(t.loss.map((l) => [l.reason, l.count])).toEqual([['corrupt', 1024]]);
    expect(t.embedded.map((e) => e.name)).toEqual(['notice.txt']);
    const r = await scan(bytes, 'bundle.tar');
    expect(r.verdict).toBe('block');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('corrupt');
  });

  it('a member cut short, a missing end marker, an unknown typeflag with data: each a loss with its reason', () => {
    const whole = tar(member('a.txt', BENIGN.repeat(10)));
    const cut = readTar(whole.subarray(0, 700), { maxEntries: 100, decodeName: decodeUndeclared });
    expect(cut.loss.map((l) => l.reason)).toEqual(['corrupt']);
    expect(cut.embedded[0].bytes.length).toBe(188);
    const noEnd = readTar(new Uint8Array(member('a.txt', BENIGN)), { maxEntries: 100, decodeName: decodeUndeclared });
    expect(noEnd.loss.map((l) => l.where)).toEqual(['end of archive']);
    const odd = readTar(tar(member('a.bin', NOTICE, 'Q')), { maxEntries: 100, decodeName: decodeUndeclared });
    expect(odd.loss.map((l) => l.reason)).toEqual(['unsupported-format']);
    expect(odd.embedded.map((e) => e.name)).toEqual(['a.bin']);
  });

  it('members past the entry limit are a loss (limit)', () => {
    const t = readTar(tar(member('a.txt', 'a'), member('b.txt', 'b'), member('c.txt', 'c')), { maxEntries: 2, decodeName: decodeUndeclared });
    expect(t.embedded.length).toBe(2);
    expect(t.loss.map((l) => [l.where, l.reason])).toEqual([['c.txt', 'limit']]);
  });

  it('a folder entry (type 5) that carries data is scanned and a loss, not skipped', async () => {
    const bytes = tar(member('docs/', NOTICE, '5'));
    const t = readTar(bytes, { maxEntries: 100, decodeName: decodeUndeclared });
    expect(t.loss.map((l) => [l.where, l.reason])).toEqual([['docs/', 'unsupported-format']]);
    expect(t.embedded.map((e) => e.name)).toEqual(['docs/']);
    expect((await scan(bytes, 'bundle.tar')).verdict).toBe('block');
  });

  it('pax records: a later global record replaces an earlier one, a member\'s own record wins over both', () => {
    const pax = (recs: string[]) => recs.map((r) => `${String(r.length + 4).padStart(2, '0')} ${r}\n`).join('');
    const t = readTar(tar(member('g1', pax(['path=one.txt']), 'g'), member('g2', pax(['path=two.txt']), 'g'), member('a.txt', 'a'), member('x', pax(['path=own.txt']), 'x'), member('b.txt', 'b'), member('c.txt', 'c')), { maxEntries: 100, decodeName: decodeUndeclared });
    expect(t.embedded.map((e) => e.name)).toEqual(['two.txt', 'own.txt', 'two.txt#copy2']);
  });

  it('thousands of pax global headers are read in linear time; their records and text are capped (limit)', () => {
    let recs = '';
    for (let i = 0; recs.length + 6 <= 512; i++) recs += '6 a=b\n';
    const g = member('g', recs, 'g');
    const bytes = tar(...Array.from({ length: 4000 }, () => g), member('a.txt', BENIGN));
    const t0 = process.cpuUsage();
    const t = readTar(bytes, { maxEntries: 100, decodeName: decodeUndeclared });
    const cpu = process.cpuUsage(t0);
    // Quadratic copying took over 30 s of CPU here; linear reading takes well under one.
    expect((cpu.user + cpu.system) / 1000).toBeLessThan(8000);
    expect(t.embedded.map((e) => e.name)).toEqual(['a.txt']);
    expect(t.texts.length).toBeLessThanOrEqual(4 * 100 + 1000 + 1);
    expect(t.loss.map((l) => [l.where, l.reason])).toEqual([
      ['pax headers', 'limit'],
      ['extended headers', 'limit'],
    ]);
  });

  it('a name in Big5 is read as Big5 too (極機密.txt; 機密★5年.txt blocks)', async () => {
    expect(undeclaredReadings(new Uint8Array(Buffer.from('b7a5bef7b14b2e747874', 'hex')))).toContain('極機密.txt');
    const named = (hex: string) => {
      const h = member('x', BENIGN);
      h.fill(0, 0, 100);
      h.set(Buffer.from(hex, 'hex'), 0);
      h.write('        ', 148);
      let sum = 0;
      for (let i = 0; i < 512; i++) sum += h[i];
      h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
      return tar(h);
    };
    const x = await extractTar(named('b7a5bef7b14b2e747874'), ctx);
    expect(x.parts.map((p) => p.text).join('\n')).toContain('極機密.txt');
    // Big5 bytes of 機密★5年.txt read as GB18030 are other characters and a private-use one: only the Big5 reading shows the marking.
    const marked = named('bef7b14ba1b935a67e2e747874');
    expect(new TextDecoder('gb18030').decode(marked.subarray(0, 13))).not.toContain('機密');
    expect((await scan(marked, 'bundle.tar')).verdict).toBe('block');
    const gz = await scanner.scan(new Uint8Array(Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 8, 0, 0, 0, 0, 0, 3]), Buffer.from('bef7b14ba1b935a67e2e74787400', 'hex'), Buffer.from(gzipSync(enc.encode(BENIGN))).subarray(10)])), { filename: 'a.gz' });
    expect(gz.verdict).toBe('block');
  });

  it('every single-byte change to a benign tar is never a silent pass of changed content (property)', async () => {
    const good = tar(member('docs/readme.txt', BENIGN));
    const s = await createScanner({ ocr: false, isolation: false });
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: 511 }), fc.integer({ min: 1, max: 255 }), async (at, x) => {
          const bad = good.slice();
          bad[at] ^= x;
          const r = await s.scan(bad, { filename: 'bundle.tar' });
          // A header byte changed: the checksum no longer holds, so the member is lost (never pass) —
          // unless the change is where tools ignore it and the reading is the same.
          if (r.verdict === 'pass') expect(r.findings).toEqual([]);
          if (r.verdict === 'pass') expect(new TextDecoder().decode(bad.subarray(512, 512 + enc.encode(BENIGN).length))).toBe(BENIGN);
        }),
        { numRuns: 30, seed: 7 },
      );
    } finally {
      await s.close();
    }
  });
});

describe('sniffing', () => {
  it('a page or an e-mail that opens with its own signature is not taken for the PDF in its first kilobyte; a PDF after junk still is', async () => {
    const pdf = '%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
    const page = enc.encode(`<!DOCTYPE html>\n<html><body><!-- ${pdf} --><p>${NOTICE}</p></body></html>`);
    expect(sniffFormat(page, 'a.html', FORMATS).format).toBe('html');
    const mail = enc.encode(`From: a@example.org\r\nTo: b@example.org\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: application/pdf\r\nContent-Transfer-Encoding: 8bit\r\n\r\n${pdf}\r\n--b--\r\n`);
    expect(sniffFormat(mail, 'a.eml', FORMATS).format).toBe('eml');
    expect(sniffFormat(enc.encode(`HTTP/1.1 200 OK\r\n\r\n${pdf}`), 'a.pdf', FORMATS).format).toBe('pdf');
    expect(sniffFormat(enc.encode(pdf), 'a.pdf', FORMATS).format).toBe('pdf');
    const h = hostileInputs().find((x) => x.name === 'html-pdf-in-comment.html')!;
    expect((await scan(h.bytes, h.name)).verdict).toBe('block');
  });

  it('a tar whose first member is a PDF, and a gzip whose header holds %PDF-, are archives, not PDFs', () => {
    const pdfFirst = tar(member('report.pdf', '%PDF-1.7\n%%EOF\n'), member('notice.txt', NOTICE));
    expect(sniffFormat(pdfFirst, 'x.tar', FORMATS).format).toBe('tar');
    const g = Buffer.from(gzipSync(enc.encode(BENIGN)));
    const head = Buffer.from(g.subarray(0, 10));
    head[3] |= 0x10;
    expect(sniffFormat(new Uint8Array(Buffer.concat([head, Buffer.from('%PDF-1.7\0'), g.subarray(10)])), 'x.gz', FORMATS).format).toBe('gzip');
  });

  it('text that has "ustar" where a tar has its magic is still text', () => {
    const t = enc.encode(`${'x'.repeat(256)}Mustard and ${'y'.repeat(400)}\n`);
    expect(sniffFormat(t, 'x.txt', FORMATS).format).toBe('text');
  });

  it('names with folders are also written as their folders and file name', () => {
    expect(nameParagraphs('docs/机密★5年.txt')).toEqual(['docs/机密★5年.txt', 'docs', '机密★5年.txt']);
    expect(nameParagraphs('notice.txt')).toEqual(['notice.txt']);
    expect(nameParagraphs('./a\\b.txt')).toEqual(['./a\\b.txt', 'a', 'b.txt']);
  });
});

describe('tar: extended attributes as libarchive writes them', () => {
  /** One pax record: its length counts itself, in bytes. */
  const record = (key: string, value: string): string => {
    const body = ` ${key}=${value}\n`;
    let n = Buffer.byteLength(body) + 1;
    while (String(n).length + Buffer.byteLength(body) !== n) n++;
    return `${n}${body}`;
  };
  /** A binary property list holding one string (as macOS keeps a Finder comment): UTF-16 big-endian, as non-ASCII strings are. */
  const bplist = (s: string): Buffer => {
    const units = Buffer.from(s, 'utf16le').swap16();
    const object = Buffer.concat([Buffer.of(0x60 | s.length), units]);
    const tableAt = 8 + object.length;
    const trailer = Buffer.alloc(32);
    trailer[6] = 1;
    trailer[7] = 1;
    trailer.writeBigUInt64BE(1n, 8);
    trailer.writeBigUInt64BE(BigInt(tableAt), 24);
    return Buffer.concat([Buffer.from('bplist00'), object, Buffer.of(8), trailer]);
  };
  const withXattrs = (records: string): Uint8Array => tar(member('PaxHeaders/readme.txt', records, 'x'), member('readme.txt', 'hello\n'));
  // Passed before: LIBARCHIVE.xattr values are base64, read as their letters.
  const cases: Array<[string, (first: string) => Uint8Array]> = [
    ['user.xdg.comment in base64 (bsdtar)', (first) => withXattrs(record('LIBARCHIVE.xattr.user.xdg.comment', Buffer.from(`${first}\n关于港区规划的通知`).toString('base64').replace(/=+$/, '')))],
    ['a Finder comment (a binary property list in base64), beside FinderInfo and quarantine attributes', (first) =>
      withXattrs(
        record('LIBARCHIVE.xattr.com.apple.FinderInfo', Buffer.concat([Buffer.from('TEXTttxt'), Buffer.alloc(24)]).toString('base64')) +
          record('LIBARCHIVE.xattr.com.apple.quarantine', Buffer.from('0081;5f3e1c2a;Safari;').toString('base64')) +
          record('LIBARCHIVE.xattr.com.apple.metadata:kMDItemFinderComment', bplist(first).toString('base64')),
      )],
  ];
  for (const [what, build] of cases) {
    it(`${what}: 机密★5年 blocks, 保密宣传月 passes with nothing unread`, async () => {
      const r = await scan(build('机密★5年'), 'bundle.tar');
      expect(r.verdict, r.reasons.join('; ')).toBe('block');
      const benign = await scan(build('保密宣传月'), 'bundle.tar');
      expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
      expect(benign.coverage.unread).toEqual([]);
    });
  }
});
