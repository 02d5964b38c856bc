/**
 * A message is recognised, and read whole, whatever stands before its headers (a BOM, blank
 * lines, an mbox `From ` line, a first header folded over many kilobytes); every message of an
 * mbox is read; every name a MIME part carries is read, and header values stand on lines of their
 * own. Text that merely holds a `From:` line stays text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { sniffFormat } from '@prepub/extractors';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractEml, looksLikeMessage, mboxMessages } from '../src/index.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const b64 = (s: string): string => Buffer.from(s).toString('base64').replace(/.{76}/g, '$&\r\n');
const word = (s: string): string => `=?UTF-8?B?${Buffer.from(s).toString('base64')}?=`;
const ctx = { limits: DEFAULT_LIMITS, filename: 'm.eml' };

/** A notice of a county water bureau, the marking on its second line (as GB/T 9704 places it). */
const MARKED = '000031\n机密★5年\n关于汛期水库调度方案的通知\n各乡镇水利站：\n现将今年汛期水库调度方案印发给你们，请认真执行。\n临河县水利局\n';
const BENIGN = '各乡镇水利站：\n定于6月10日召开防汛工作会议，请各站站长准时参加。\n临河县水利局办公室\n';

/** A one-part message, its text body in base64 (so a reader that takes it for plain text never sees the words). */
function mail(body: string, o: { subject?: string; extra?: string; eol?: string } = {}): string {
  const eol = o.eol ?? '\r\n';
  const head = [
    `From: ${word('临河县水利局办公室')} <office@slj.linhe.example>`,
    `To: ${word('各乡镇水利站')} <stations@slj.linhe.example>`,
    `Subject: ${word(o.subject ?? '汛期工作通知')}`,
    'Date: Tue, 04 Jun 2024 08:30:00 +0800',
    `Message-ID: <${(o.subject ?? 'x').length}.20240604@slj.linhe.example>`,
    'MIME-Version: 1.0',
    ...(o.extra ? [o.extra] : []),
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
  ].join(eol);
  return `${head}${eol}${eol}${b64(body).replace(/\r\n/g, eol)}${eol}`;
}

describe('what stands before the headers', () => {
  const framings: Array<[string, (m: string) => string]> = [
    ['a UTF-8 BOM', (m) => `\ufeff${m}`],
    ['a blank line', (m) => `\r\n${m}`],
    ['blank lines, one of spaces', (m) => `\n  \t\n\n${m}`],
    ['a BOM and a blank line', (m) => `\ufeff\r\n${m}`],
    ['an mbox From line', (m) => `From office@slj.linhe.example Tue Jun  4 08:30:00 2024\n${m.replace(/\r\n/g, '\n')}`],
    ["Thunderbird's mbox From line", (m) => `From - Tue Jun 04 08:30:00 2024\r\n${m}`],
    ['a first header folded over 16 KiB', (m) => `Received: from relay.linhe.example by mx.linhe.example;\r\n${Array.from({ length: 900 }, (_, i) => `\tvia hop${i}.linhe.example;\r\n`).join('')}${m}`],
  ];
  for (const [what, frame] of framings) {
    it(`a message after ${what} is an e-mail, and its base64 body is read`, async () => {
      const bytes = enc(frame(mail(MARKED)));
      expect(looksLikeMessage(bytes)).toBe(true);
      const r = await scanner.scan(bytes, { filename: 'notice.eml' });
      expect(r.document.format).toBe('eml');
      expect(r.verdict).toBe('block');
      expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.role).toBe('body');
      // The headers are read as headers (not taken for a body): the subject is the title.
      const x = await extractEml(bytes, ctx);
      expect(x.parts.find((p) => p.role === 'title')?.text).toBe('汛期工作通知');
      const benign = await scanner.scan(enc(frame(mail(BENIGN))), { filename: 'notice.eml' });
      expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
    });
  }

  it('text holding a From: line, or opening with prose that starts with "From", stays text', () => {
    const texts = [
      // A notice quoting a message in the middle.
      `关于转发防汛会议通知的说明\n\n各站：\n以下邮件请查阅。\nFrom: 市水务局 <office@sw.example>\nTo: 临河县水利局\nSubject: 防汛会议\n\n请参会。\n`,
      // Prose opening with "From", then lines that are no headers.
      'From the county water bureau, 4 June 2024\nAll stations are asked to check their pumps.\nFrom: the duty office\n',
      // An mbox-like first line, but text after it.
      'From office 2024 report on reservoir levels\n今年汛期各水库水位总体平稳。\n',
      // Blank lines and a BOM, then a note that only starts with Subject: (no header only messages carry).
      '\ufeff\n\nSubject: 防汛会议安排\n\n定于6月10日召开防汛工作会议。\n',
      // `Key: value` lines to the end of the file and no header block's end: a list, not a message.
      'From: 县水利局\nTo: 各乡镇水利站',
      // A long list of `key: value` lines with prose after it.
      `${Array.from({ length: 400 }, (_, i) => `item${i}: 水位 ${i} 米`).join('\n')}\n说明：以上为各站水位。\n`,
    ];
    for (const t of texts) {
      expect(looksLikeMessage(enc(t)), t.slice(0, 40)).toBe(false);
      expect(sniffFormat(enc(t), 'note.txt').format, t.slice(0, 40)).not.toBe('eml');
    }
  });
});

describe('an mbox of several messages', () => {
  const mbox = (bodies: string[]): string =>
    bodies.map((body, i) => `From office@slj.linhe.example Tue Jun  ${i + 1} 08:30:00 2024\n${mail(body, { subject: `通知${i + 1}`, eol: '\n' })}\n`).join('');
  // A body line starting with "From " (unquoted, as mboxo writers leave some) is not a separator.
  const prose = `${BENIGN}\nFrom now on reports are due on Fridays.\n`;

  it('every message is read, each as a message of its own', async () => {
    const bytes = enc(mbox([BENIGN, `${BENIGN}\n\nFrom office@x.example Tue Jun  4 08:30:00 2024\nnot a header line\n`, MARKED]));
    expect(looksLikeMessage(bytes)).toBe(true);
    expect(mboxMessages(bytes)).toHaveLength(3);
    const r = await scanner.scan(bytes, { filename: 'inbox.mbox' });
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret');
    expect(f?.location.container).toEqual(['message-3.eml']);
    expect(f?.location.role).toBe('body');
    expect(r.coverage.embedded).toEqual({ total: 3, scanned: 3 });
  });

  it('a From line inside a body does not split its message; a benign mailbox passes whole', async () => {
    const bytes = enc(mbox([BENIGN, prose, BENIGN]));
    const x = await extractEml(bytes, ctx);
    expect(x.embedded?.map((e) => e.name)).toEqual(['message-1.eml', 'message-2.eml', 'message-3.eml']);
    const r = await scanner.scan(bytes, { filename: 'inbox.mbox' });
    expect(r.verdict, r.reasons.join('; ')).toBe('pass');
    expect(r.coverage.complete).toBe(true);
  });

  it('messages past the entry limit are unread, never passed', async () => {
    const x = await extractEml(enc(mbox([BENIGN, BENIGN, MARKED])), { ...ctx, limits: { ...DEFAULT_LIMITS, maxArchiveEntries: 2 } });
    expect(x.embedded).toHaveLength(2);
    expect(x.unread).toEqual([expect.objectContaining({ reason: 'limit' })]);
  });
});

describe('names of parts that are no attachments to the parser', () => {
  const NAME = '机密★5年-防汛物资清单.txt';
  const multipart = (part: string): string =>
    `From: office@slj.linhe.example\r\nTo: stations@slj.linhe.example\r\nSubject: ${word('物资清单')}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="slj"\r\n\r\n--slj\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n请查收附件。\r\n--slj\r\n${part}\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64('序号,物资,数量\n1,编织袋,2000\n')}\r\n--slj--\r\n`;

  for (const [what, headers] of [
    ['named only by Content-Type (RFC 2047)', `Content-Type: text/plain; charset=utf-8; name="${word(NAME)}"`],
    ['shown inline, its filename in RFC 2047', `Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: inline; filename="${word(NAME)}"`],
    ['shown inline, its filename in RFC 2231', `Content-Type: text/plain; charset=utf-8\r\nContent-Disposition: inline; filename*=UTF-8''${encodeURIComponent(NAME)}`],
    ['an attachment whose Content-Type name differs from its filename', `Content-Type: application/octet-stream; name*0*=UTF-8''${encodeURIComponent(NAME.slice(0, 6))}; name*1*=${encodeURIComponent(NAME.slice(6))}\r\nContent-Disposition: attachment; filename="list.txt"`],
  ] as const) {
    it(`a part ${what}: its name is read`, async () => {
      const bytes = enc(multipart(headers));
      const x = await extractEml(bytes, ctx);
      expect(x.parts.find((p) => p.role === 'attachment-name')?.text.split('\n')).toContain(NAME);
      const r = await scanner.scan(bytes, { filename: 'list.eml' });
      expect(r.verdict).toBe('block');
      expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.part).toBe('attachment-names');
    });
  }

  it('the name of a message of one part, and the description of a body part, are read', async () => {
    const single = mail(BENIGN, { extra: `Content-Disposition: inline; filename="${word(NAME)}"` });
    expect((await extractEml(enc(single), ctx)).parts.find((p) => p.role === 'attachment-name')?.text).toBe(NAME);
    expect((await scanner.scan(enc(single), { filename: 'x.eml' })).verdict).toBe('block');
    const described = multipart(`Content-Type: text/plain; charset=utf-8\r\nContent-Description: ${word('防汛物资清单（机密★5年）')}`);
    expect((await extractEml(enc(described), ctx)).parts.find((p) => p.role === 'attachment-name')?.text).toBe('防汛物资清单（机密★5年）');
  });

  it('a benign name passes', async () => {
    const r = await scanner.scan(enc(multipart(`Content-Type: text/plain; charset=utf-8; name="${word('防汛物资清单.txt')}"`)), { filename: 'list.eml' });
    expect(r.verdict, r.reasons.join('; ')).toBe('pass');
  });
});

describe('header values stand on lines of their own', () => {
  const labels = (name: string): string =>
    `msip_labels: MSIP_Label_3c1f7a52-9d4e-4b8a-a1f0-5e2d6c7b8a90_Enabled=True;\r\n MSIP_Label_3c1f7a52-9d4e-4b8a-a1f0-5e2d6c7b8a90_SiteId=0b6c2a1e-4f3d-4e8a-9c7b-1a2b3c4d5e6f;\r\n MSIP_Label_3c1f7a52-9d4e-4b8a-a1f0-5e2d6c7b8a90_SetDate=2024-06-04T00:30:00Z;\r\n MSIP_Label_3c1f7a52-9d4e-4b8a-a1f0-5e2d6c7b8a90_Name=${word(name)};\r\n MSIP_Label_3c1f7a52-9d4e-4b8a-a1f0-5e2d6c7b8a90_Method=Standard`;

  for (const [what, extra, verdict] of [
    ['a foreign banner in an X- header', 'X-Security-Classification: TOP SECRET//NOFORN', 'block'],
    ['a Chinese marking in an X- header', `X-Classification: ${word('机密★5年')}`, 'block'],
    ["a marking in a mail vendor's header", `X-MS-Exchange-Organization-Classification: ${word('秘密★10年')}`, 'block'],
    // A level alone (no ★, no period) is a human's to judge, as anywhere else in metadata.
    ['a sensitivity label named 机密 in msip_labels', labels('机密'), 'review'],
  ] as const) {
    it(`${what}: ${verdict}, located in the headers`, async () => {
      const r = await scanner.scan(enc(mail(BENIGN, { extra })), { filename: 'x.eml' });
      expect(r.verdict).toBe(verdict);
      expect(r.findings.find((f) => f.ruleId.startsWith('marking.'))?.location.part).toBe('headers');
    });
  }

  it('a marking in the headers of a MIME part blocks', async () => {
    const m = `From: office@slj.linhe.example\r\nTo: stations@slj.linhe.example\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="slj"\r\n\r\n--slj\r\nContent-Type: text/plain; charset=utf-8\r\nX-Classification: ${word('机密★5年')}\r\n\r\n${BENIGN}\r\n--slj--\r\n`;
    const r = await scanner.scan(enc(m), { filename: 'x.eml' });
    expect(r.verdict).toBe('block');
    expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.part).toBe('headers:1');
  });

  it('ordinary Outlook headers and a public label pass (addresses in vendor headers are routing)', async () => {
    const extra = [
      labels('公开'),
      'X-MS-Has-Attach: ',
      'X-MS-TNEF-Correlator: ',
      'x-ms-exchange-parent-message-id: <HK0PR01MB1234.apcprd01.prod.exchangelabs.com@slj.linhe.example>',
      'x-ms-exchange-messagesentrepresentingtype: 1',
      'X-MS-Exchange-CrossTenant-originalarrivaltime: 04 Jun 2024 00:30:00.0000 (UTC)',
      'X-MS-Exchange-CrossTenant-id: 0b6c2a1e-4f3d-4e8a-9c7b-1a2b3c4d5e6f',
      'Thread-Topic: =?utf-8?B?5rGb5pyf5bel5L2c6YCa55+l?=',
      'Sensitivity: Company-Confidential',
    ].join('\r\n');
    const r = await scanner.scan(enc(mail(BENIGN, { extra })), { filename: 'x.eml' });
    expect(r.findings.map((f) => f.ruleId)).toEqual([]);
    expect(r.verdict).toBe('pass');
    const x = await extractEml(enc(mail(BENIGN, { extra })), ctx);
    const headers = x.parts.find((p) => p.id === 'headers')!.text;
    expect(headers).toContain('x-ms-exchange-crosstenant-id:\n0b6c2a1e');
    expect(headers).not.toContain('@slj.linhe.example>');
    expect(headers).toContain('MSIP_Label_3c1f7a52-9d4e-4b8a-a1f0-5e2d6c7b8a90_Name:\n公开');
  });
});
