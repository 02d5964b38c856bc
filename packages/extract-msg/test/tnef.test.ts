/**
 * TNEF (winmail.dat): every attribute and MAPI property that holds words is read, attachments and
 * embedded messages are handed to the scan, and whatever cannot be read — a checksum that does
 * not match, an attribute cut short, an unknown attribute or property type, 8-bit text without a
 * code page — is a loss, never a crash.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffFormat } from '@prepub/extractors';
import { createScanner, type Scanner } from '@prepub/scanner';
import { DEFAULT_LIMITS, type Extraction } from '@prepub/core';
import { FORMATS } from '../../scanner/src/formats.ts';
import { extractTnef, looksLikeTnef, readProps } from '../src/index.ts';
import { attribute, IID_IMESSAGE, propList, tnef } from './tnef-writer.ts';
import { msg, uncompressedRtf } from './msg-writer.ts';
import { uuencode } from '../../extract-zip/test/text-encoders.ts';

const MARK = '机密★5年';
const BENIGN = '各区统计局：定于5月开展统计业务培训，请按时参加。';
/** 机密★5年 in GB2312: 机 BBFA, 密 C3DC, ★ A1EF, 5, 年 C4EA. */
const GB_MARK = Uint8Array.from([0xbb, 0xfa, 0xc3, 0xdc, 0xa1, 0xef, 0x35, 0xc4, 0xea]);
const ctx = { limits: DEFAULT_LIMITS, filename: 'winmail.dat' };
const enc = new TextEncoder();
const part = (x: Extraction, id: string) => x.parts.find((p) => p.id === id)?.text;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('TNEF sniffing', () => {
  it('is told by its signature, whatever the name; a stream cut inside the signature is truncated', () => {
    const t = tnef({ subject: '通知', body: BENIGN });
    expect(looksLikeTnef(t)).toBe(true);
    expect(sniffFormat(t, 'winmail.dat', FORMATS).format).toBe('tnef');
    expect(sniffFormat(t, 'x.txt', FORMATS).format).toBe('tnef');
    expect(sniffFormat(t.subarray(0, 3), 'winmail.dat', FORMATS).format).toBe('truncated');
    expect(looksLikeTnef(enc.encode('hello world'))).toBe(false);
  });
});

describe('TNEF reading', () => {
  it('reads subject, sender, recipients, bodies, named properties and attachment names', async () => {
    const t = tnef({
      subject: '培训通知',
      body: `正文第一行\r\n${BENIGN}`,
      from: '江临市统计局',
      props: [[0x1000, { unicode: `统一正文 ${BENIGN}` }], [0x8001, { named: { name: 'Keywords', value: { unicode: '培训；统计' } } }]],
      recipients: [[[0x3001, { unicode: '各区统计局' }], [0x0c15, { int: 1 }], [0x3003, { unicode: 'a@example.cn' }]], [[0x3001, { unicode: '市局办公室' }], [0x0c15, { int: 2 }]]],
      attachments: [{ title: 'A.TXT', data: enc.encode('附件'), props: [[0x3707, { unicode: '培训安排.txt' }]] }],
    });
    const x = await extractTnef(t, ctx);
    expect(x.loss).toBeUndefined();
    expect(part(x, 'subject')).toBe('培训通知');
    expect(part(x, 'headers')).toBe('From: 江临市统计局\nTo: 各区统计局\nCc: 市局办公室');
    expect(part(x, 'body')).toBe(`正文第一行\n${BENIGN}\n统一正文 ${BENIGN}`);
    expect(part(x, 'attachment-names')).toBe('培训安排.txt\nA.TXT');
    expect(part(x, 'properties')).toBe('培训；统计');
    expect(x.embedded?.map((e) => [e.name, Buffer.from(e.bytes).toString()])).toEqual([['培训安排.txt', '附件']]);
  });

  it('8-bit text is read in the stream\'s code page; without one, non-ASCII text is a loss', async () => {
    const x = await extractTnef(tnef({ codepage: 936, body: GB_MARK }), ctx);
    expect(part(x, 'body')).toBe(MARK);
    const y = await extractTnef(tnef({ codepage: null, body: GB_MARK }), ctx);
    expect(part(y, 'body')).toBeUndefined();
    expect(y.loss?.map((l) => l.kind)).toEqual(['undecodable-bytes']);
    // attOemCodepage is the stream's code page, whatever code page the body was sent in (PR_INTERNET_CPID).
    const z = await extractTnef(tnef({ codepage: 936, props: [[0x3fde, { int: 65001 }], [0x0037, { string8: GB_MARK }]] }), ctx);
    expect(part(z, 'subject')).toBe(MARK);
    // Without it, the message's code page.
    const w = await extractTnef(tnef({ codepage: null, props: [[0x3ffd, { int: 936 }], [0x0037, { string8: GB_MARK }]] }), ctx);
    expect(part(w, 'subject')).toBe(MARK);
  });

  it('hands on the RTF body, the HTML body, attachments by PR_ATTACH_DATA_BIN and embedded messages', async () => {
    const inner = tnef({ subject: '转发', body: MARK });
    const x = await extractTnef(tnef({
      body: BENIGN,
      props: [[0x1009, { binary: uncompressedRtf(`{\\rtf1\\ansi ${MARK}}`) }], [0x1013, { binary: enc.encode(`<p>${BENIGN}</p>`) }]],
      attachments: [{ props: [[0x3707, { unicode: 'b.bin' }], [0x3701, { binary: Uint8Array.of(1, 2, 3) }]] }, { props: [[0x3001, { unicode: '转发' }], [0x3701, { object: { iid: IID_IMESSAGE, data: inner } }]] }],
    }), ctx);
    expect(x.embedded?.map((e) => e.name)).toEqual(['body.html', 'body.rtf', 'b.bin', '转发.tnef']);
    expect(x.embedded?.[3].bytes).toEqual(inner);
    expect(x.info).toMatchObject({ rtf: 'handed on', html: true, attachments: 2 });
  });

  it('a checksum that does not match is a loss naming the attribute; its text is still read', async () => {
    const x = await extractTnef(tnef({ extra: [{ level: 1, tag: 0x0002800c, data: enc.encode(MARK), checksum: 7 }] }), ctx);
    expect(part(x, 'body')).toBe(MARK);
    expect(x.loss).toEqual([expect.objectContaining({ kind: 'failed-stream', reason: 'corrupt', where: expect.stringContaining('0x0002800C') })]);
  });

  it('an attribute or a property type no reader knows is a loss', async () => {
    const x = await extractTnef(tnef({ body: BENIGN, extra: [{ level: 1, tag: 0x00068123, data: enc.encode(MARK) }, { level: 3, tag: 0x0002800c, data: enc.encode(MARK) }] }), ctx);
    expect(x.loss?.map((l) => l.detail)).toEqual([expect.stringContaining('no reader knows'), expect.stringContaining('level 3')]);
    // A property of type 0x0099 (none): the list stops there, the loss counts what was left.
    const props = Uint8Array.from([1, 0, 0, 0, 0x99, 0x00, 0x37, 0x00, 1, 0, 0, 0]);
    const y = await extractTnef(tnef({ extra: [{ level: 1, tag: 0x00069003, data: props }] }), ctx);
    expect(y.loss?.[0].detail).toMatch(/1 of 1 MAPI properties.*0x0099/);
  });

  it('bytes after a property list, and recipients a table names but lacks, are losses; a display name is kept whole', async () => {
    const list = Uint8Array.from([0, 0, 0, 0, 1, 2, 3, 4]);
    const x = await extractTnef(tnef({ extra: [{ level: 1, tag: 0x00069003, data: list }] }), ctx);
    expect(x.loss?.[0].detail).toMatch(/4 bytes follow the last property/);
    const rows = Uint8Array.from([3, 0, 0, 0, 0, 0, 0, 0]);
    const y = await extractTnef(tnef({ extra: [{ level: 1, tag: 0x00069004, data: rows }] }), ctx);
    expect(y.loss?.[0].detail).toMatch(/names 3 recipients but holds 1/);
    const z = await extractTnef(tnef({ recipients: [[[0x3001, { unicode: `${MARK} a@example.cn` }]]] }), ctx);
    expect(part(z, 'headers')).toBe(`To: ${MARK} a@example.cn`);
  });

  it('a stream cut inside an attribute is a loss; what came before is read', async () => {
    const whole = tnef({ subject: '培训通知', body: `${BENIGN}${BENIGN}` });
    const x = await extractTnef(whole.subarray(0, whole.length - 10), ctx);
    expect(part(x, 'subject')).toBe('培训通知');
    expect(part(x, 'body')).toContain('各区统计局');
    expect(x.loss?.[0].detail).toMatch(/stream ends after/);
  });

  it('no cut or damaged byte makes it throw, and a cut inside an attribute is never silent', async () => {
    const whole = tnef({ subject: '培训通知', body: BENIGN, from: '办公室', props: [[0x1000, { unicode: BENIGN }]], recipients: [[[0x3001, { unicode: '各区统计局' }]]], attachments: [{ title: 'a.txt', data: enc.encode(BENIGN), props: [[0x3707, { unicode: 'a.txt' }]] }] });
    // Where each attribute ends: a cut there leaves a whole (shorter) stream.
    const ends = new Set<number>([6]);
    for (let at = 6; at < whole.length; ) {
      at += 9 + new DataView(whole.buffer, whole.byteOffset).getUint32(at + 5, true) + 2;
      ends.add(at);
    }
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 6, max: whole.length - 1 }), fc.integer({ min: 6, max: whole.length - 1 }), fc.integer({ min: 0, max: 255 }), async (cut, at, value) => {
        const x = await extractTnef(whole.subarray(0, cut), ctx);
        if (!ends.has(cut)) expect(x.loss?.length, `cut at ${cut}`).toBeGreaterThan(0);
        const damaged = whole.slice();
        damaged[at] = value;
        const y = await extractTnef(damaged, ctx);
        expect(y.format).toBe('tnef');
      }),
      { numRuns: 300, seed: 20261201 },
    );
  });

  it('attachments past the entry limit are a loss (limit), those before it are read', async () => {
    const t = tnef({ attachments: [1, 2, 3].map((n) => ({ title: `${n}.txt`, data: enc.encode(`附件${n}`) })) });
    const x = await extractTnef(t, { ...ctx, limits: { ...DEFAULT_LIMITS, maxArchiveEntries: 2 } });
    expect(x.embedded?.map((e) => e.name)).toEqual(['1.txt', '2.txt']);
    expect(x.loss).toEqual([expect.objectContaining({ reason: 'limit' })]);
  });

  /** A stream whose one attachment's PR_ATTACH_DATA_OBJ is multi-valued binary (PT_MV_BINARY) with these values. */
  const multiValued = (values: Uint8Array[]): Uint8Array => {
    const list = Buffer.alloc(12 + values.reduce((n, v) => n + 4 + Math.ceil(v.length / 4) * 4, 0));
    list.writeUInt32LE(1, 0);
    list.writeUInt32LE(((0x3701 << 16) | 0x1102) >>> 0, 4);
    list.writeUInt32LE(values.length, 8);
    let at = 12;
    for (const v of values) {
      list.writeUInt32LE(v.length, at);
      list.set(v, at + 4);
      at += 4 + Math.ceil(v.length / 4) * 4;
    }
    return Buffer.concat([tnef({ subject: '通知', attachments: [{ title: 'a.txt' }] }), attribute(2, 0x00069005, list)]);
  };

  it('the values of a multi-valued attachment data property are handed on once each, up to the entry limit (then a limit loss)', async () => {
    const value = (n: number) => Uint8Array.from(Buffer.from(`附件${n}`));
    const x = await extractTnef(multiValued([value(1), value(2), value(1), value(3), value(2), value(4), value(5)]), { ...ctx, limits: { ...DEFAULT_LIMITS, maxArchiveEntries: 3 } });
    expect(x.embedded?.map((e) => Buffer.from(e.bytes).toString())).toEqual(['附件1', '附件2', '附件3']);
    expect(x.loss).toEqual([expect.objectContaining({ where: 'attachments', reason: 'limit', count: 2, total: 5 })]);
    const y = await extractTnef(multiValued([value(1), value(2), value(1)]), ctx);
    expect(y.embedded?.map((e) => Buffer.from(e.bytes).toString())).toEqual(['附件1', '附件2']);
    expect(y.loss).toBeUndefined();
  });

  it('20,000 distinct values of one attachment property cost little CPU (they were compared pairwise: minutes)', async () => {
    const values = Array.from({ length: 20_000 }, (_, k) => Uint8Array.from([k & 0xff, (k >> 8) & 0xff, k >> 16, 7]));
    const t0 = process.cpuUsage();
    const x = await extractTnef(multiValued(values), ctx);
    const used = process.cpuUsage(t0);
    expect(x.embedded?.length).toBe(DEFAULT_LIMITS.maxArchiveEntries);
    expect(x.loss).toEqual([expect.objectContaining({ reason: 'limit', count: 20_000 - DEFAULT_LIMITS.maxArchiveEntries })]);
    // CPU time, not wall time: the machine may be busy. The pairwise comparison took over 19 s of it at 10,000.
    expect((used.user + used.system) / 1e6).toBeLessThan(4);
  }, 120_000);

  it('a property list holding more than 100,000 values in all is a limit loss, not memory', () => {
    // One PT_MV_LONG property (0x1003) with 100,001 values.
    const n = 100_001;
    const list = Buffer.alloc(12 + n * 4);
    list.writeUInt32LE(1, 0);
    list.writeUInt32LE(((0x8001 << 16) | 0x1003) >>> 0, 4);
    const losses: import('@prepub/core').Loss[] = [];
    // A numbered named property: GUID, kind 0, number; then the count and the values.
    const named = Buffer.alloc(24);
    const whole = Buffer.concat([list.subarray(0, 8), named, Buffer.from(Uint32Array.of(n).buffer), Buffer.alloc(n * 4)]);
    const r = readProps(whole, 4, 1, 'test list', losses);
    expect(r.ok).toBe(false);
    expect(r.props).toEqual([]);
    expect(losses).toEqual([expect.objectContaining({ reason: 'limit', where: 'test list' })]);
    const fewer = Buffer.concat([list.subarray(0, 8), named, Buffer.from(Uint32Array.of(n - 1).buffer), Buffer.alloc((n - 1) * 4)]);
    const ok = readProps(fewer, 4, 1, 'test list', []);
    expect(ok.ok).toBe(true);
    expect(ok.props[0].values.length).toBe(n - 1);
  });

  it('an RTF body that would decompress past the limit is unread', async () => {
    const rtf = uncompressedRtf(`{\\rtf1 ${BENIGN}}`);
    new DataView(rtf.buffer).setUint32(4, 0x7fffffff, true);
    const x = await extractTnef(tnef({ props: [[0x1009, { binary: rtf }]] }), ctx);
    expect(x.unread).toEqual([expect.objectContaining({ reason: 'limit', where: 'RTF body' })]);
  });

  it('a file without the signature is unread', async () => {
    expect((await extractTnef(enc.encode('not a tnef stream'), ctx)).unread[0].reason).toBe('corrupt');
    expect(attribute(1, 0x8004, Uint8Array.of(1, 2)).length).toBe(13);
  });
});

describe('TNEF through the scanner', () => {
  const mail = (t: Uint8Array) => enc.encode(`From: a@example.org\r\nTo: b@example.org\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${BENIGN}\r\n--b\r\nContent-Type: application/ms-tnef; name="winmail.dat"\r\nContent-Disposition: attachment; filename="winmail.dat"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(t).toString('base64')}\r\n--b--\r\n`);

  it('a marking in a winmail.dat attached to an e-mail blocks, located in the TNEF body', async () => {
    const r = await scanner.scan(mail(tnef({ subject: '培训通知', body: `${MARK}\r\n${BENIGN}` })), { filename: 'm.eml' });
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret');
    expect(f?.location.role).toBe('body');
    expect(JSON.stringify(f?.location)).toContain('winmail.dat');
  });

  it('a marking in a file inside a winmail.dat attached to an Outlook message blocks; its benign twin passes', async () => {
    const of = (level: string) => msg({ subject: '培训通知', body: BENIGN, attachments: [{ name: 'winmail.dat', mime: 'application/ms-tnef', data: tnef({ body: BENIGN, attachments: [{ title: 'n.txt', data: enc.encode(`${level}★5年\r\n${BENIGN}`) }] }) }] });
    expect((await scanner.scan(of('机密'), { filename: 'm.msg' })).verdict).toBe('block');
    expect((await scanner.scan(of('统计'), { filename: 'm.msg' })).verdict).toBe('pass');
  });

  it('a damaged winmail.dat is never a pass', async () => {
    const t = tnef({ body: BENIGN, extra: [{ level: 1, tag: 0x0002800c, data: enc.encode(BENIGN), checksum: 1 }] });
    expect((await scanner.scan(mail(t), { filename: 'm.eml' })).verdict).not.toBe('pass');
  });
});

describe('TNEF: data the first reading left out', () => {
  const le32 = (n: number): Uint8Array => Uint8Array.from([n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24]);
  const cat = (...p: Uint8Array[]): Uint8Array => Uint8Array.from(p.flatMap((x) => [...x]));
  const pad = (b: Uint8Array): Uint8Array => cat(b, new Uint8Array((4 - (b.length % 4)) % 4));
  const utf16 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf16le'));
  /** attMsgProps holding one named property (PS_PUBLIC_STRINGS, by name) of type PT_BINARY: a classification add-in's label kept as bytes. */
  const namedBinary = (label: string): Uint8Array => {
    const guid = Uint8Array.from([0x29, 0x03, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x46]);
    const name = utf16('ClassificationLabel\0');
    const data = cat(Uint8Array.of(1, 0, 0, 0), utf16(label), Uint8Array.of(0, 0, 0, 0));
    return cat(le32(1), le32((0x8001 << 16) | 0x0102), guid, le32(1), le32(name.length), pad(name), le32(1), le32(data.length), pad(data));
  };
  /** One attachment whose properties come in two attAttachment attributes, the file's data in the second. */
  const twoPropLists = (text: string): Uint8Array =>
    cat(
      tnef({ subject: '通知', body: '见附件' }),
      attribute(2, 0x00069002, Uint8Array.from([1, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0])),
      attribute(2, 0x00069005, cat(le32(2), le32((0x3707 << 16) | 0x001f), le32(1), le32(12), pad(utf16('a.txt\0')), le32((0x3701 << 16) | 0x0102), le32(1), le32(6), pad(enc.encode('hello\n')))),
      attribute(2, 0x00069005, cat(le32(1), le32((0x3701 << 16) | 0x0102), le32(1), le32(enc.encode(text).length), pad(enc.encode(text)))),
    );
  // Both passed before: named binary properties were skipped (the Outlook message reader reads
  // them), and only the first PR_ATTACH_DATA_BIN of an attachment was handed on.
  const cases: Array<[string, (first: string) => Uint8Array]> = [
    ['a named binary property (a classification label kept as bytes)', (first) => tnef({ subject: '通知', extra: [{ level: 1, tag: 0x00069003, data: namedBinary(first) }] })],
    ['an attachment whose data stands in its second attAttachment attribute', (first) => twoPropLists(`${first}\r\n关于港区规划的通知\r\n`)],
    // Passed before too: of two attMsgProps lists each with a PR_BODY_HTML (or PR_RTF_COMPRESSED), only the first body was handed on.
    ['a second HTML body in a second attMsgProps attribute', (first) => tnef({ subject: '通知', extra: [{ level: 1, tag: 0x00069003, data: propList([[0x1013, { binary: enc.encode('<html><body><p>见附件</p></body></html>') }]]) }], props: [[0x1013, { binary: enc.encode(`<html><head><meta charset="utf-8"></head><body><p>${first}</p><p>关于港区规划的通知</p></body></html>`) }]] })],
    ['a second RTF body in a second attMsgProps attribute', (first) => tnef({ subject: '通知', extra: [{ level: 1, tag: 0x00069003, data: propList([[0x1009, { binary: uncompressedRtf('{\\rtf1\\ansi hello\\par}') }]]) }], props: [[0x1009, { binary: uncompressedRtf(`{\\rtf1\\ansi ${[...first].map((c) => `\\u${c.charCodeAt(0)}?`).join('')}\\par}`) }]] })],
    ['a second copy of the transport headers in a second attMsgProps attribute', (first) => tnef({ subject: '通知', body: '见附件', extra: [{ level: 1, tag: 0x00069003, data: propList([[0x007d, { unicode: 'Received: from a by b\r\nX-Mailer: Outlook\r\n' }]]) }], props: [[0x007d, { unicode: `Received: from a by b\r\nX-Classification: ${first}\r\n` }]] })],
  ];
  for (const [what, build] of cases) {
    it(`${what}: ${MARK} blocks, 保密宣传月 passes with nothing unread`, async () => {
      const r = await scanner.scan(build(MARK), { filename: 'winmail.dat' });
      expect(r.verdict, r.reasons.join('; ')).toBe('block');
      const benign = await scanner.scan(build('保密宣传月'), { filename: 'winmail.dat' });
      expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
      expect(benign.coverage.unread).toEqual([]);
    });
  }
});

describe('a uuencoded file written into the body', () => {
  const uu = (name: string, data: Uint8Array): string => uuencode(name, data, '\r\n');
  const body = (first: string) => `见附件\r\n\r\n${uu('notice.txt', enc.encode(`${first}\r\n关于港区规划的通知\r\n`))}`;
  // Passed before: the plain body was read as text, the uuencoded letters.
  const cases: Array<[string, string, (first: string) => Uint8Array]> = [
    ['a winmail.dat', 'winmail.dat', (first) => tnef({ subject: '通知', body: body(first) })],
    ['an Outlook message', 'notice.msg', (first) => msg({ subject: '通知', body: body(first) })],
  ];
  for (const [what, filename, build] of cases) {
    it(`${what}: 机密★5年 blocks, 保密宣传月 passes with nothing unread`, async () => {
      const r = await scanner.scan(build(MARK), { filename });
      expect(r.verdict, r.reasons.join('; ')).toBe('block');
      const benign = await scanner.scan(build('保密宣传月'), { filename });
      expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
      expect(benign.coverage.unread).toEqual([]);
    });
  }
});
