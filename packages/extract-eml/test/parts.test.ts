/**
 * What a mail program decodes part by part and header by header: attachments in UTF-7 or HZ,
 * encoded words (RFC 2047) in any charset a mail program knows, uuencoded files in attachments of
 * any size. What cannot be decoded is a loss that names the part or header it stands in.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Extraction } from '@prepub/core';
import { addressWords, extractEml, headerFields } from '../src/index.ts';
import { createScanner } from '@prepub/scanner';

const MARK = '机密★5年';
const ctx = { limits: DEFAULT_LIMITS, filename: 'm.eml' };
const head = 'From: a@example.org\r\nTo: b@example.org\r\nMIME-Version: 1.0\r\n';
// The marking in UTF-7 (RFC 2152), in HZ (RFC 1843) and in GB2312: 机 BBFA, 密 C3DC, ★ A1EF, 5, 年 C4EA.
const UTF7 = '+ZzpbxiYF-5+XnQ-';
const HZ = '~{;zC\\!o~}5~{Dj~}';
const GB2312 = Uint8Array.from([0xbb, 0xfa, 0xc3, 0xdc, 0xa1, 0xef, 0x35, 0xc4, 0xea]);
const b64 = (s: string | Uint8Array): string => Buffer.from(s).toString('base64');

/** Every text the extraction yields: its parts, and its embedded files read as UTF-8. */
function texts(x: Extraction): string[] {
  return [...x.parts.map((p) => p.text), ...(x.embedded ?? []).map((e) => Buffer.from(e.bytes).toString('utf8'))];
}
const has = (x: Extraction, s: string): boolean => texts(x).some((t) => t.includes(s));

function mixed(attachment: string): Uint8Array {
  return new TextEncoder().encode(`${head}Subject: x\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n--b\r\n${attachment}\r\n--b--\r\n`);
}

describe('attachments in charsets the parser does not know', () => {
  for (const [cs, enc] of [['utf-7', UTF7], ['hz-gb-2312', HZ]] as const) {
    it(`a text/plain attachment in ${cs} is read in ${cs}`, async () => {
      const x = await extractEml(mixed(`Content-Type: text/plain; charset=${cs}; name="n.txt"\r\nContent-Disposition: attachment; filename="n.txt"\r\n\r\n${enc}\r\n`), ctx);
      expect(has(x, MARK)).toBe(true);
    });
    it(`a text/html attachment in ${cs} (base64) is read in ${cs}`, async () => {
      const x = await extractEml(mixed(`Content-Type: text/html; charset="${cs}"\r\nContent-Disposition: attachment; filename="n.html"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(`<p>${enc}</p>`)}\r\n`), ctx);
      expect(x.embedded!.some((e) => e.name.endsWith('.html') && Buffer.from(e.bytes).toString('utf8').includes(MARK))).toBe(true);
    });
  }
  it('an attachment in a charset nothing decodes is a loss that names the attachment', async () => {
    const x = await extractEml(mixed('Content-Type: text/plain; charset=x-no-such; name="report.txt"\r\nContent-Disposition: attachment; filename="report.txt"\r\n\r\nabc\r\n'), ctx);
    expect(x.loss?.length).toBe(1);
    expect(x.loss![0].where).toContain('report.txt');
    expect(x.loss![0].where).not.toBe('message');
  });
  it('a body part in a charset nothing decodes is a loss that names the part', async () => {
    const x = await extractEml(new TextEncoder().encode(`${head}Subject: x\r\nContent-Type: multipart/alternative; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n--b\r\nContent-Type: text/html; charset=x-no-such\r\n\r\n<p>abc</p>\r\n--b--\r\n`), ctx);
    expect(x.loss?.map((l) => l.where)).toEqual([expect.stringMatching(/part 2.*text\/html/)]);
  });
});

describe('encoded words', () => {
  const subject = async (value: string): Promise<Extraction> => extractEml(new TextEncoder().encode(`${head}Subject: ${value}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n`), ctx);
  it('a subject in UTF-7, B or Q, whole or split across words, is read in UTF-7', async () => {
    const u = UTF7;
    for (const v of [`=?utf-7?B?${b64(u)}?=`, `=?UTF-7?Q?${u.replace(/[=?_]/g, (c) => `=${c.charCodeAt(0).toString(16).toUpperCase()}`)}?=`, `=?utf-7?B?${b64(u.slice(0, 5))}?=\r\n =?utf-7?B?${b64(u.slice(5))}?=`]) {
      const x = await subject(v);
      expect(x.parts.filter((p) => p.role === 'title').map((p) => p.text).join('\n'), v).toContain(MARK);
    }
  });
  it('a subject in HZ and in GB2312 is read', async () => {
    expect((await subject(`=?hz-gb-2312?B?${b64(HZ)}?=`)).parts.filter((p) => p.role === 'title').map((p) => p.text).join('\n')).toContain(MARK);
    expect((await subject(`=?gb2312?B?${b64(GB2312)}?=`)).parts.filter((p) => p.role === 'title').map((p) => p.text).join('\n')).toContain(MARK);
  });
  it('a display name in UTF-7 or HZ is read', async () => {
    for (const name of [`=?utf-7?B?${b64(UTF7)}?=`, `=?hz-gb-2312?B?${b64(HZ)}?=`]) {
      const x = await extractEml(new TextEncoder().encode(`From: ${name} <a@example.org>\r\nTo: b@example.org\r\nSubject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n`), ctx);
      expect(has(x, MARK), name).toBe(true);
    }
  });
  it('an attachment file name in UTF-7 is read', async () => {
    const x = await extractEml(mixed(`Content-Type: application/octet-stream; name="=?utf-7?B?${b64(UTF7)}?=.bin"\r\nContent-Disposition: attachment; filename="=?utf-7?B?${b64(UTF7)}?=.bin"\r\n\r\nxyz\r\n`), ctx);
    expect(x.parts.filter((p) => p.role === 'attachment-name').map((p) => p.text).join('\n')).toContain(MARK);
  });
  it('an encoded word in a charset or encoding nothing decodes is a loss naming the header', async () => {
    for (const v of [`=?x-no-such?B?${b64('abc')}?=`, '=?utf-8?X?abc?=']) {
      const x = await subject(v);
      expect(x.loss?.map((l) => l.where), v).toEqual([expect.stringContaining('Subject')]);
    }
  });
  it('ordinary encoded words record no loss', async () => {
    const x = await subject(`=?utf-8?B?${b64('培训通知')}?= =?gbk?Q?=C5=E0?=`);
    expect(x.loss ?? []).toEqual([]);
  });
});

describe('uuencoded files', () => {
  it('an attachment of 64 MiB or more is still searched for uuencode blocks', { timeout: 120_000 }, async () => {
    const line = 'x'.repeat(1023) + '\n';
    const filler = line.repeat((64 << 10) + 1);
    const uu = 'begin 644 n.txt\n' + '.YIRZY:^&XIB%->6YM`H`\n`\nend\n';
    const x = await extractEml(new TextEncoder().encode(`${head}Subject: x\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n--b\r\nContent-Type: text/plain; name="big.txt"\r\nContent-Disposition: attachment; filename="big.txt"\r\n\r\n${filler}${uu}\r\n--b--\r\n`), ctx);
    const found = (x.embedded ?? []).some((e) => e.name === 'n.txt');
    expect(found || (x.loss ?? []).some((l) => l.where.includes('big.txt'))).toBe(true);
  });
});

describe('transfer encodings and names the parser leaves raw', () => {
  it('a misspelt transfer encoding is a loss at its part, and the part is read as what it looks like', async () => {
    for (const [cte, body] of [['base-64', b64(`${MARK}\n`)], ['quoted-printible', [...Buffer.from(MARK)].map((b) => `=${b.toString(16).toUpperCase()}`).join('')]]) {
      const x = await extractEml(new TextEncoder().encode(`${head}Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n${body}\r\n`), ctx);
      expect(has(x, MARK), cte).toBe(true);
      expect(x.loss?.map((l) => l.where), cte).toEqual(['part 1 (body, text/plain)']);
    }
  });
  it('identity encodings, misspelt or not, and base64 under another name are no loss', async () => {
    for (const cte of ['7-bit', '8bit', 'binary', 'x-base64']) {
      const x = await extractEml(new TextEncoder().encode(`${head}Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: ${cte}\r\n\r\n${cte === 'x-base64' ? b64('hello world') : 'hello world'}\r\n`), ctx);
      expect(x.loss ?? [], cte).toEqual([]);
      expect(has(x, 'hello world'), cte).toBe(true);
    }
  });
  it('a part declared as not encoded whose lines are all base64 is read as what they encode too (a renamed or lost header)', async () => {
    const attachment = b64(`附件：江临市统计局 ${MARK} 2024年统计业务培训名单，共计二十人。`).replace(/.{1,76}/g, '$&\r\n');
    for (const header of ['Content-Transfer-Encodinq: base64\r\n', '', 'Content-Transfer-Encoding: 7bit\r\n']) {
      const x = await extractEml(mixed(`Content-Type: text/plain; charset=utf-8; name="a.txt"\r\nContent-Disposition: attachment; filename="a.txt"\r\n${header}\r\n${attachment}`), ctx);
      expect(has(x, MARK), header).toBe(true);
    }
    // Prose, and a short token, are no base64 body.
    const prose = await extractEml(mixed('Content-Type: text/plain; charset=utf-8\r\n\r\nSeeYouTomorrow\r\nThe meeting moved to Room 301 on Friday afternoon\r\n'), ctx);
    expect((prose.embedded ?? []).filter((e) => e.name.includes('@base64'))).toEqual([]);
  });
  it('an RFC 2231 file name in UTF-7 and a description in a UTF-7 encoded word are read', async () => {
    const x = await extractEml(mixed(`Content-Type: application/octet-stream\r\nContent-Description: =?utf-7?B?${b64(UTF7)}?=\r\nContent-Disposition: attachment; filename*=utf-7''${encodeURIComponent(UTF7)}.bin\r\n\r\nxyz\r\n`), ctx);
    const names = x.parts.filter((p) => p.role === 'attachment-name').map((p) => p.text).join('\n');
    expect(names).toBe(`${MARK}.bin\n${MARK}`);
  });
});

describe('address headers as a mail program shows them', () => {
  it('keeps display names and comments, leaves addresses out', () => {
    expect(addressWords(`办公室 (${MARK}) <office@example.cn>`)).toEqual([`办公室 (${MARK})`]);
    expect(addressWords(`"${MARK} 办公室" <a@b.cn>, c@d.cn (各区 (统计) 局)`)).toEqual([`${MARK} 办公室`, '(各区 (统计) 局)']);
    expect(addressWords(`=?utf-8?B?${b64('办公室')}?= (=?utf-8?B?${b64(MARK)}?=) <o@x.cn>; b@x.cn`)).toEqual([`办公室 (${MARK})`]);
    expect(addressWords(`<c@x.cn (${MARK})>`)).toEqual([`(${MARK})`]);
    expect(addressWords('"a \\"quoted\\" name" <a@b.cn>')).toEqual(['a "quoted" name']);
    expect(addressWords(`${MARK}: a@b.cn, c@d.cn;`)).toEqual([MARK]);
    expect(addressWords('a@b.cn, <c@d.cn>')).toEqual([]);
  });
  it('a display name holding an @ is kept, quoted or not; only the addr-spec itself is routing', () => {
    expect(addressWords(`"${MARK}@办公室" <office@example.cn>`)).toEqual([`${MARK}@办公室`]);
    expect(addressWords(`${MARK}@办公室 <office@example.cn>`)).toEqual([`${MARK}@办公室`]);
    expect(addressWords(`"a@b.cn" <a@b.cn>, ${MARK}@办公室`)).toEqual(['a@b.cn', `${MARK}@办公室`]);
    expect(addressWords('a@b.cn, c@d.cn (x)')).toEqual(['(x)']);
  });
  it('a display name the parser found is kept when the raw reading shows it not', async () => {
    const x = await extractEml(new TextEncoder().encode(`From: "${MARK}@办公室" <office@example.cn>\r\nSubject: x\r\n\r\nhello\r\n`), ctx);
    expect(x.parts.find((p) => p.id === 'headers')?.text).toBe(`From: ${MARK}@办公室`);
    // The parser's reading of a malformed value is added when it holds words the raw one lacks.
    expect(headerFields({ headers: [{ key: 'from', value: 'a@b.cn' }], from: { name: '办公室', address: 'a@b.cn' } })).toEqual([{ line: 'From: 办公室', address: true }]);
    expect(headerFields({ headers: [{ key: 'from', value: '办公室 <a@b.cn>' }, { key: 'x-keywords', value: '保密' }], from: { name: '办公室', address: 'a@b.cn' } })).toEqual([
      { line: 'From: 办公室', address: true },
      { line: 'x-keywords: 保密', address: false, key: 'x-keywords', value: '保密' },
    ]);
  });
  it('a decoded word opens no comment or address of its own', () => {
    // `<` and `(` inside an encoded word are text: the words stay in the name.
    expect(addressWords(`=?utf-8?B?${b64(`<${MARK}>`)}?= <o@x.cn>`)).toEqual([`<${MARK}>`]);
  });
  it('unterminated quotes and comments run to the end of the value, nothing is lost', () => {
    expect(addressWords(`办公室 (${MARK} <o@x.cn>`)).toEqual([`办公室 (${MARK} <o@x.cn>)`]);
    expect(addressWords(`"${MARK} <o@x.cn>`)).toEqual([`${MARK} <o@x.cn>`]);
  });
  it('an unknown encoded word in a comment is reported', () => {
    const undecoded: string[] = [];
    addressWords(`a@b.cn (=?x-no-such?B?${b64('abc')}?=)`, undecoded);
    expect(undecoded).toHaveLength(1);
  });
  it('the comments of From, To and Cc reach the headers part (the parser drops them)', async () => {
    const x = await extractEml(new TextEncoder().encode(`From: 办公室 (${MARK}) <o@example.cn>\r\nTo: b@example.org (收件人)\r\nCc: <c@example.org (抄送)>\r\nSubject: x\r\n\r\nhello\r\n`), ctx);
    expect(x.parts.find((p) => p.id === 'headers')?.text).toBe(`From: 办公室 (${MARK})\nTo: (收件人)\nCc: (抄送)`);
    // Those lines, and only those, are address fields to the detectors.
    const y = await extractEml(new TextEncoder().encode(`From: 办公室 <o@example.cn>\r\nX-Keywords: 保密\r\nSubject: x\r\n\r\nhello\r\n`), ctx);
    expect(y.parts.find((p) => p.id === 'headers')?.blocks?.map((b) => b.field)).toEqual(['address', undefined, undefined]);
  });
  it('the comments of routing headers (Received, Message-ID, Content-Type) are read, their addresses left out; Content-Description whole', { timeout: 60_000 }, async () => {
    const raw = [
      `Received: from mail.jl.example.org (=?utf-8?B?${b64(MARK)}?=) by mx.jl.example.org (Postfix) with ESMTP id 4Fz1 (envelope-from <a@jl.example.org>);\r\n Tue, 1 Dec 2026 09:00:01 +0800`,
      'Received: from [10.1.2.3] (unknown [10.1.2.3]) by smtp.jl.example.org (Coremail) with SMTP id AQAAf; Tue, 1 Dec 2026 09:00:00 +0800',
      'Message-ID: <1@jl.example.org> (authenticated sender: b@jl.example.org)',
      'Subject: x',
      'Content-Type: text/plain (纯文本); charset=utf-8',
      'Content-Description: 培训通知正文',
    ].join('\r\n');
    const x = await extractEml(new TextEncoder().encode(`${raw}\r\n\r\nhello\r\n`), ctx);
    const headers = x.parts.find((p) => p.id === 'headers');
    expect(headers?.text).toBe(`received: (${MARK}) (Postfix) (envelope-from )\nreceived: (unknown [10.1.2.3]) (Coremail)\nmessage-id: (authenticated sender: )\ncontent-type: (纯文本)\ncontent-description:\n培训通知正文`);
    // Each comment is an item of its own, as in an address field: a whole mark in one marks the message.
    expect(headers?.blocks?.map((b) => b.field)).toEqual(['address', 'address', 'address', 'address', undefined, undefined]);
    const scanner = await createScanner({ ocr: false });
    const r = await scanner.scan(new TextEncoder().encode(`${raw}\r\n\r\nhello\r\n`), { filename: 'x.eml' });
    expect(r.verdict).toBe('block');
    const benign = await scanner.scan(new TextEncoder().encode(`${raw.replace(/=\?utf-8\?B\?[^?]+\?=/, 'mail.jl.example.org')}\r\n\r\n${'各位同事：定于5月开展统计业务培训，请按时参加。'}\r\n`), { filename: 'x.eml' });
    expect(benign.verdict).toBe('pass');
    await scanner.close();
  });
});
