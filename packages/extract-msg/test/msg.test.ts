/**
 * Outlook messages through the real scanner: subject, headers, plain, HTML and RTF bodies,
 * attachments and attached messages are all read and located by their container; other compound
 * files are not taken for messages; the committed samples are what their generator writes.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import MsgReaderModule from '@kenjiuno/msgreader';
import { sniffFormat } from '@prepub/extractors';
import { createScanner, type Scanner } from '@prepub/scanner';
import { DEFAULT_LIMITS } from '@prepub/core';
import { FORMATS } from '../../scanner/src/formats.ts';
import { cfbRootEntries, extractMsg, looksLikeMsg, rtfText } from '../src/index.ts';
import { compressedRtfDamage, isEncapsulatedHtml } from '../src/rtf.ts';
import { decompressRTF } from '@kenjiuno/decompressrtf';
import { msg, otherCompoundFile, uncompressedRtf } from './msg-writer.ts';
import { BENIGN, MARKED, labelsJson, msgSamples, rtfOf } from './make-samples.ts';
import { expectLabel, type Label } from '../../../tests/labels.ts';
import { xlsx } from '../../ooxml/test/ooxml-writer.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const SAMPLES = join(import.meta.dirname, '../../../samples/msg');
const MsgReader = ((MsgReaderModule as unknown as { default?: unknown }).default ?? MsgReaderModule) as new (b: ArrayBuffer) => { getFileData(): { subject?: string; body?: string; attachments?: unknown[]; error?: string } };

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const scan = (bytes: Uint8Array, filename = 'mail.msg') => scanner.scan(bytes, { filename });
const marking = (r: Awaited<ReturnType<typeof scan>>) => r.findings.find((f) => f.ruleId === 'marking.cn-state-secret');

describe('MSG sniffing', () => {
  it('a compound file with Outlook property streams at its root is a message; other compound files are not', () => {
    const m = msg({ subject: '通知', body: BENIGN });
    expect(looksLikeMsg(m)).toBe(true);
    expect(sniffFormat(m, 'x.bin', FORMATS).format).toBe('msg');
    const doc = otherCompoundFile();
    expect(cfbRootEntries(doc)!.entries.map((e) => e.name)).toContain('WordDocument');
    expect(looksLikeMsg(doc)).toBe(false);
    expect(sniffFormat(doc, 'x.msg', FORMATS).format).toBe('doc');
  });

  it('damaged or cut compound files are never claimed, and the walk stays bounded (property)', async () => {
    const m = msg({ subject: '通知', body: BENIGN, attachments: [{ name: 'a.txt', data: new TextEncoder().encode('x') }] });
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(m.length - 1), fc.integer({ min: 0, max: 255 })), { maxLength: 40 }), fc.nat(m.length), (flips, cut) => {
        const b = m.slice(0, Math.max(cut, 8));
        for (const [at, v] of flips) if (at < b.length) b[at] = v;
        // Never throws, whatever the bytes; a result is a list of entries or nothing.
        const root = cfbRootEntries(b);
        expect(root === undefined || Array.isArray(root.entries)).toBe(true);
      }),
      { numRuns: 300, seed: 20261130 },
    );
  });
});

describe('MSG reading', () => {
  it('the generated messages read back with msgreader itself', () => {
    for (const [name, bytes] of msgSamples().files) {
      const d = new MsgReader(bytes.slice().buffer).getFileData();
      expect(d.error, name).toBeUndefined();
      expect(d.subject, name).toBeTruthy();
    }
  });

  it('a marking in the plain body blocks, at its line; subject, names and headers are parts of their own', async () => {
    const r = await scan(msg({ subject: '关于港区规划调整的通知', body: MARKED, senderName: '江临市统计局', recipients: [{ name: '王建国', address: 'w@x.example' }] }));
    expect(r.document.format).toBe('msg');
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location).toMatchObject({ role: 'body', line: 2 });
  });

  it('a banner in a transport header stands on its own line, as in an .eml: it blocks', async () => {
    const transportHeaders = 'Received: from mail.tj.jianglin.example\r\nFrom: office@tj.jianglin.example\r\nSubject: notice\r\nX-Security-Classification: TOP SECRET//NOFORN\r\n';
    const r = await scan(msg({ subject: '关于港区规划调整的通知', body: BENIGN, transportHeaders }));
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.ruleId.startsWith('marking.foreign'))).toBe(true);
    const benign = await scan(msg({ subject: '关于港区规划调整的通知', body: BENIGN, transportHeaders: transportHeaders.replace('TOP SECRET//NOFORN', 'PUBLIC') }));
    expect(benign.verdict).toBe('pass');
  });

  it('8-bit text properties are decoded in the message code page (msgreader alone reads them as Latin-1)', async () => {
    // 机密★5年 通知 in GB18030, written as an 8-bit subject of a message in code page 936.
    const subject = Uint8Array.from([0xbb, 0xfa, 0xc3, 0xdc, 0xa1, 0xef, 0x35, 0xc4, 0xea, 0x20, 0xcd, 0xa8, 0xd6, 0xaa]);
    const m = msg({ body: BENIGN, codepage: 936, extra: [[0x0037, { string8: subject }]] });
    const x = await extractMsg(m, { limits: DEFAULT_LIMITS });
    expect(x.parts.find((p) => p.role === 'title')!.text).toBe('机密★5年 通知');
    const r = await scan(m);
    expect(r.verdict).not.toBe('pass');
    expect(marking(r)?.location.role).toBe('title');
  });

  it('8-bit text properties in code page 65000 (UTF-7) or 52936 (HZ) are read so, not as ASCII', async () => {
    for (const [codepage, subject] of [[65000, '+ZzpbxiYF-5+XnQ- +kBp35Q-'], [52936, '~{;zC\\!o~}5~{Dj~} ~{M(V*~}']] as const) {
      const m = msg({ body: BENIGN, codepage, extra: [[0x0037, { string8: new TextEncoder().encode(subject) }]] });
      const x = await extractMsg(m, { limits: DEFAULT_LIMITS });
      expect(x.parts.find((p) => p.role === 'title')!.text, String(codepage)).toBe('机密★5年 通知');
      expect(x.loss ?? [], String(codepage)).toEqual([]);
    }
  });

  it('an 8-bit property in a message that names no code page is a loss, never a silent pass', async () => {
    const m = msg({ subject: '通知', body: BENIGN, codepage: null, extra: [[0x0070, { string8: Uint8Array.from([0xbb, 0xfa, 0xc3, 0xdc]) }]] });
    const x = await extractMsg(m, { limits: DEFAULT_LIMITS });
    expect(x.loss?.map((l) => l.kind)).toEqual(['undecodable-bytes']);
    const r = await scan(m);
    expect(r.verdict).toBe('review');
  });

  it('a stream an Outlook message does not have, or a property of an unknown type, is a loss, never a silent pass', async () => {
    const utf16 = (t: string) => new Uint8Array(Buffer.from(t, 'utf16le'));
    // The body written under a type no reader knows (0x011F), and a stream outside the format.
    for (const stream of [['__substg1.0_1000011F', utf16(MARKED)], ['notes', utf16(MARKED)]] as Array<[string, Uint8Array]>) {
      const m = msg({ subject: '通知', streams: [stream] });
      const x = await extractMsg(m, { limits: DEFAULT_LIMITS });
      expect(x.loss?.[0]).toMatchObject({ where: 'message structure', reason: 'corrupt' });
      expect(x.loss?.[0].detail).toContain(stream[0]);
      expect((await scan(m)).verdict).toBe('review');
    }
  });

  it('a marking hidden in the HTML body is read by the HTML reader', async () => {
    const r = await scan(msg({ subject: '培训通知', body: BENIGN, html: `<html><body><p>${BENIGN}</p><div style="display:none">机密★5年</div></body></html>` }));
    expect(r.verdict).toBe('block');
    const f = marking(r)!;
    expect(f.location.container).toEqual(['body.html']);
    expect(f.location.role).toBe('hidden');
  });

  it('attachments are scanned by their readers, recursively (a workbook inside the message)', async () => {
    const book = xlsx({ sheets: [{ name: '名册', rows: [['密级', '机密'], ['姓名', '单位']] }] });
    const r = await scan(msg({ subject: '名册', body: BENIGN, attachments: [{ name: '名册.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: book }] }));
    expect(r.verdict).toBe('block');
    expect(marking(r)!.location).toMatchObject({ container: ['名册.xlsx'], cell: { row: 1, column: 2 } });
  });

  it('an attached message is burned back into a message and read as one; nesting stops at the limit', async () => {
    const inner = { subject: '港区规划调整', body: MARKED };
    const r = await scan(msg({ subject: '转发', body: BENIGN, attachments: [{ name: '港区规划调整', message: inner }] }));
    expect(r.verdict).toBe('block');
    const f = marking(r)!;
    expect(f.location.container).toEqual(['港区规划调整.msg']);
    expect(f.location.role).toBe('body');
    // Deeper than the nesting limit: unread (limit), never pass.
    let deep: Parameters<typeof msg>[0] = { subject: '最内层', body: BENIGN };
    for (let i = 0; i < 4; i++) deep = { subject: `第${i}层`, body: BENIGN, attachments: [{ name: `第${i}层`, message: deep }] };
    const shallow = await createScanner({ ocr: false, limits: { maxNestingDepth: 2 } });
    try {
      const s = await shallow.scan(msg(deep), { filename: 'deep.msg' });
      expect(s.verdict).not.toBe('pass');
      expect(s.coverage.unread.some((u) => u.reason === 'limit')).toBe(true);
    } finally {
      await shallow.close();
    }
  });

  it('an RTF body saying what the plain body says is read; one hiding more text is handed on to the RTF reader, which finds the hidden marking', async () => {
    const same = await extractMsg(msg({ subject: '通知', body: BENIGN, rtfCompressed: rtfOf(BENIGN) }), { limits: DEFAULT_LIMITS });
    expect(same.info?.rtf).toBe('same as plain body');
    expect(same.embedded).toEqual([]);
    const hiding = await extractMsg(msg({ subject: '通知', body: BENIGN, rtfCompressed: rtfOf(BENIGN, '机密★5年') }), { limits: DEFAULT_LIMITS });
    expect(hiding.embedded?.map((e) => e.name)).toEqual(['body.rtf']);
    const r = await scan(msg({ subject: '通知', body: BENIGN, rtfCompressed: rtfOf(BENIGN, '机密★5年') }));
    expect(r.verdict).toBe('block');
    expect(marking(r)?.location.container).toEqual(['body.rtf']);
  });

  it('an RTF body is the plain body only line for line: a marking alone on its line there, run into a sentence in the plain body, is handed on', async () => {
    // The plain body holds the marking's characters in a sentence (机密，5年): the letters alone agree.
    const plain = `按规定，这份材料已不再列为机密，5年${BENIGN}`;
    const rtf = `机密★5年\n${BENIGN}`;
    const e = await extractMsg(msg({ subject: '通知', body: plain, rtfCompressed: rtfOf(rtf) }), { limits: DEFAULT_LIMITS });
    expect(e.info?.rtf).toBe('handed on');
    const r = await scan(msg({ subject: '通知', body: plain, rtfCompressed: rtfOf(rtf) }));
    expect(r.verdict).toBe('block');
    expect(marking(r)?.location.container).toEqual(['body.rtf']);
    // A plain body that breaks a long RTF paragraph over lines, adds link targets and lines of its
    // own, and lost the RTF's symbol-font bullets (U+FFFD) is still the same text.
    const paragraph = '请各单位于三月八日前将年度工作总结报送办公室，逾期不再受理，特此通知。';
    const wrapped = `附件：<https://www.example.cn/a.docx>\n${paragraph.slice(0, 20)}\n${paragraph.slice(20)}\n办公室\n联系电话：12345`;
    const same = await extractMsg(msg({ subject: '通知', body: wrapped, rtfCompressed: rtfOf(`附件：\n\ufffd${paragraph}\n办公室`) }), { limits: DEFAULT_LIMITS });
    expect(same.info?.rtf).toBe('same as plain body');
  });

  it('a Subject in the transport headers other than the message subject is read as a title', async () => {
    const transportHeaders = 'Received: from mail.tj.jianglin.example\r\nFrom: office@tj.jianglin.example\r\nSubject: =?UTF-8?B?' + Buffer.from('机密★5年 港区规划').toString('base64') + '?=\r\n';
    const r = await scan(msg({ subject: '会议通知', body: BENIGN, transportHeaders }));
    expect(r.verdict).toBe('block');
    expect(marking(r)?.location.part).toBe('subject@headers');
    // The usual case, the same subject in both: read once.
    const same = await extractMsg(msg({ subject: '会议通知', body: BENIGN, transportHeaders: 'Subject: =?UTF-8?B?' + Buffer.from('会议通知').toString('base64') + '?=\r\n' }), { limits: DEFAULT_LIMITS });
    expect(same.parts.map((p) => p.id)).not.toContain('subject@headers');
  });

  it('an HTML body kept only inside the RTF (Outlook encapsulation) is taken out and read as HTML', async () => {
    const rtf = '{\\rtf1\\ansi\\ansicpg936\\fromhtml1 \\deff0{\\fonttbl{\\f0 SimSun;}}\\uc1{\\*\\htmltag19 <html>}{\\*\\htmltag50 <body>}\\htmlrtf {\\htmlrtf0 {\\*\\htmltag64 <p>}\\u22521?\\u35757?\\u36890?\\u30693?{\\*\\htmltag72 </p>}{\\*\\htmltag64 <p title="\\u26426?\\u23494?\\u9733?5\\u24180?">}\\u35831?\\u21442?\\u21152?{\\*\\htmltag72 </p>}\\htmlrtf }\\htmlrtf0 {\\*\\htmltag58 </body>}{\\*\\htmltag27 </html>}}';
    expect(rtfText(new Uint8Array([...rtf].map((c) => c.charCodeAt(0))), { html: true })).toContain('<p title="机密★5年">请参加');
    const r = await scan(msg({ subject: '培训通知', body: '通知', rtfCompressed: uncompressedRtf(rtf) }));
    expect(r.verdict).not.toBe('pass');
    expect(marking(r)?.location.container).toEqual(['body.html']);
  });

  it('an encapsulated HTML body in a code page no decoder knows is a loss, not a reading of its bytes as windows-1252', async () => {
    // GBK bytes of the two lines, written as \\'hh escapes.
    const GBK: Record<string, string> = { '机密★5年': 'bbfac3dca1ef35c4ea', '请参加培训': 'c7ebb2cebcd3c5e0d1b5' };
    const gbk = (t: string) => GBK[t].replace(/../g, (h) => `\\'${h}`);
    const rtf = (cp: number) => `{\\rtf1\\ansi\\ansicpg${cp}\\fromhtml1 \\deff0{\\fonttbl{\\f0 SimSun;}}{\\*\\htmltag19 <html>}{\\*\\htmltag50 <body>}{\\*\\htmltag64 <p>}${gbk('机密★5年')}{\\*\\htmltag72 </p>}{\\*\\htmltag64 <p>}${gbk('请参加培训')}{\\*\\htmltag72 </p>}{\\*\\htmltag58 </body>}{\\*\\htmltag27 </html>}}`;
    const unknown = await extractMsg(msg({ subject: '培训通知', body: '通知', rtfCompressed: uncompressedRtf(rtf(10008)) }), { limits: DEFAULT_LIMITS });
    expect(unknown.loss?.find((l) => l.where === 'RTF body')?.kind).toBe('undecodable-bytes');
    expect((await scan(msg({ subject: '培训通知', body: '通知', rtfCompressed: uncompressedRtf(rtf(10008)) }))).verdict).not.toBe('pass');
    // GB2312 written as its own code page number is read.
    const known = await extractMsg(msg({ subject: '培训通知', body: '通知', rtfCompressed: uncompressedRtf(rtf(20936)) }), { limits: DEFAULT_LIMITS });
    expect(known.loss?.find((l) => l.where === 'RTF body')).toBeUndefined();
    expect((await scan(msg({ subject: '培训通知', body: '通知', rtfCompressed: uncompressedRtf(rtf(20936)) }))).verdict).toBe('block');
  });

  it('an S/MIME encrypted message is unread (encrypted)', async () => {
    const r = await scan(msg({ subject: '加密邮件', messageClass: 'IPM.Note.SMIME', attachments: [{ name: 'smime.p7m', mime: 'application/pkcs7-mime', data: Uint8Array.from({ length: 300 }, (_, i) => (i * 7919) % 251) }] }));
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.find((u) => u.where === 'smime.p7m')?.reason).toBe('encrypted');
  });

  it('an S/MIME opaque-signed message is opened: the signed content in smime.p7m is read (an encrypted one stays unread)', async () => {
    const p7m = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, '../../extract-eml/test/fixtures', name)));
    const signed = (name: string) => msg({ subject: '统计数据报送', messageClass: 'IPM.Note.SMIME', attachments: [{ name: 'smime.p7m', mime: 'application/pkcs7-mime', data: p7m(name) }] });
    const marked = await scan(signed('cms-signed-marked.p7m'));
    expect(marked.verdict).toBe('block');
    expect(marked.coverage.unread).toEqual([]);
    expect((await scan(signed('cms-signed-benign.p7m'))).verdict).toBe('pass');
    const enveloped = await scan(signed('cms-enveloped.p7m'));
    expect(enveloped.verdict).toBe('review');
    expect(enveloped.coverage.unread.find((u) => u.where === 'smime.p7m')?.reason).toBe('encrypted');
  });

  it('a benign message passes with complete coverage', async () => {
    const r = await scan(msg({ subject: '统计业务培训通知', body: BENIGN, html: `<p>${BENIGN}</p>`, rtfCompressed: rtfOf(BENIGN), senderName: '江临市统计局', recipients: [{ name: '王建国', address: 'w@x.example' }] }));
    expect(r.verdict, r.reasons.join('; ')).toBe('pass');
    expect(r.coverage.complete).toBe(true);
  });

  it('a directory tree that loops is unread (corrupt) at once: msgreader alone would loop without end, growing', async () => {
    const m = msg({ subject: '通知', body: MARKED });
    const v = new DataView(m.buffer, m.byteOffset, m.byteLength);
    const root = (v.getUint32(0x30, true) + 1) * 512;
    const rootChild = v.getUint32(root + 0x4c, true);
    const at = Buffer.from(m).indexOf(Buffer.from('__substg1.0_0037001F', 'utf16le'));
    expect(at).toBeGreaterThan(0);
    // The subject's entry names the root's first child as its sibling: the tree now holds a cycle.
    v.setUint32(at + 0x44, rootChild, true);
    v.setUint32(at + 0x48, rootChild, true);
    const t = process.cpuUsage();
    const x = await extractMsg(m, { limits: DEFAULT_LIMITS });
    expect(cpuMsSince(t)).toBeLessThan(2000);
    expect(x.unread[0]).toMatchObject({ where: 'file', reason: 'corrupt' });
    expect(x.unread[0].detail).toMatch(/loops/);
  });

  it('damage anywhere in a message never makes the reader throw or run away (property)', async () => {
    const base = msg({ subject: '通知', body: MARKED, attachments: [{ name: '附件.txt', data: new TextEncoder().encode(MARKED) }, { name: '转发', message: { subject: '内层', body: BENIGN } }] });
    await fc.assert(
      fc.asyncProperty(fc.nat(base.length - 1), fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 0, max: 2 ** 31 }), async (from, len, salt) => {
        const b = base.slice();
        for (let i = from; i < Math.min(b.length, from + len); i++) b[i] = (i * 2654435761 + salt) >>> 24;
        const t = process.cpuUsage();
        const x = await extractMsg(b, { limits: DEFAULT_LIMITS });
        expect(cpuMsSince(t)).toBeLessThan(3000);
        expect(Array.isArray(x.parts)).toBe(true);
      }),
      { numRuns: 200, seed: 20261130 },
    );
  });

  it('a compound file that is cut short is unread, never pass', async () => {
    const m = msg({ subject: '通知', body: MARKED });
    const r = await scan(m.subarray(0, 2048));
    expect(r.verdict).not.toBe('pass');
  });
});

describe('samples/msg', () => {
  const generated = msgSamples();
  const labels = JSON.parse(readFileSync(join(SAMPLES, 'labels.json'), 'utf8')) as { files: Record<string, Label> };

  it('the committed files are what samples/scripts/make-msg-samples.ts writes', () => {
    expect(readFileSync(join(SAMPLES, 'labels.json'), 'utf8')).toBe(labelsJson(generated.labels));
    expect(readdirSync(SAMPLES).filter((f) => f !== 'labels.json').sort()).toEqual([...generated.files.keys()].sort());
    for (const [name, bytes] of generated.files) expect(Buffer.compare(readFileSync(join(SAMPLES, name)), Buffer.from(bytes)), name).toBe(0);
  });

  it.each(Object.entries(labels.files))('%s', async (file, label) => {
    const r = await scan(new Uint8Array(readFileSync(join(SAMPLES, file))), file);
    expectLabel(file, r, label);
    if (label.verdict === 'review') expect(r.coverage.complete).toBe(false);
  });
});

describe('compressed RTF bodies that are damaged', () => {
  // [MS-OXRTFCP] 3.1.1's example: {\rtf1\ansi\ansicpg1252\pard hello world}\r\n, LZFu-compressed.
  const example = Uint8Array.from(Buffer.from('2d0000002b0000004c5a4675f1c5c7a703000a007263706731323542320af32068656c090020627705b06c647d0a800fa0', 'hex'));
  const inflate = (b: Uint8Array) => Uint8Array.from(decompressRTF(Array.from(b)));

  it('a compressed body whose CRC, length or size disagrees with its bytes is damage; the spec example is not', () => {
    expect(Buffer.from(inflate(example)).toString('latin1')).toBe('{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n');
    expect(compressedRtfDamage(example, inflate(example))).toBeUndefined();
    // One bit flipped in the data: the decompressor reads other letters without an error.
    const flipped = Uint8Array.from(example);
    flipped[30] ^= 0x01;
    expect(compressedRtfDamage(flipped, inflate(flipped))).toMatch(/checksum/);
    expect(compressedRtfDamage(example.subarray(0, 40), inflate(example))).toMatch(/cut short/);
    expect(compressedRtfDamage(example, inflate(example).subarray(1))).toMatch(/decompressed to 42 bytes where its header says 43/);
  });

  it('\\*\\htmltag groups are read as HTML even without \\fromhtml1 (a damaged flag)', () => {
    const rtf = (flag: string) => new TextEncoder().encode(`{\\rtf1\\ansi${flag}\\deff0{\\*\\htmltag64 <p>}{\\*\\htmltag84 机密★5年}\\htmlrtf {\\htmlrtf0 {\\*\\htmltag72 </p>}}}`);
    expect(isEncapsulatedHtml(rtf('\\fromhtml1'))).toBe(true);
    expect(isEncapsulatedHtml(rtf('\\bromhtml1'))).toBe(true);
    expect(isEncapsulatedHtml(new TextEncoder().encode('{\\rtf1\\ansi\\deff0 plain {\\*\\generator x;}text}'))).toBe(false);
  });
});
