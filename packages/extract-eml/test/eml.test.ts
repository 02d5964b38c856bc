/**
 * E-mail through the real scanner: headers, plain and HTML bodies, attachments and attached
 * messages are all read, located by their container; a note that merely starts with Subject: stays text.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sniffFormat } from '@prepub/extractors';
import { createScanner, type Scanner } from '@prepub/scanner';
import { looksLikeMessage } from '../src/index.ts';
import { xlsx } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64').replace(/.{76}/g, '$&\r\n');

/** A MIME message: a text body, optionally an HTML body, attachments and attached messages. */
export function message(o: { subject: string; text: string; html?: string; attachments?: Array<{ name: string; type: string; data: Uint8Array | string }>; attached?: string[]; extra?: string; tag?: string }): string {
  const B = `prepub-mixed-${o.tag ?? 'outer'}`;
  const A = `prepub-alternative-${o.tag ?? 'outer'}`;
  const head = `From: =?UTF-8?B?${b64('江临市统计局')}?= <office@tj.jianglin.example>\r\nTo: staff@tj.jianglin.example\r\nDate: Wed, 08 May 2024 09:00:00 +0800\r\nMessage-ID: <1@tj.jianglin.example>\r\nSubject: =?UTF-8?B?${b64(o.subject)}?=\r\nMIME-Version: 1.0\r\n${o.extra ?? ''}Content-Type: multipart/mixed; boundary="${B}"\r\n\r\n`;
  let body = `--${B}\r\nContent-Type: multipart/alternative; boundary="${A}"\r\n\r\n--${A}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(o.text)}\r\n`;
  if (o.html) body += `--${A}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(o.html)}\r\n`;
  body += `--${A}--\r\n`;
  for (const a of o.attachments ?? []) body += `--${B}\r\nContent-Type: ${a.type}; name="=?UTF-8?B?${b64(a.name)}?="\r\nContent-Disposition: attachment; filename="=?UTF-8?B?${b64(a.name)}?="\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(a.data)}\r\n`;
  for (const m of o.attached ?? []) body += `--${B}\r\nContent-Type: message/rfc822\r\n\r\n${m}\r\n`;
  return head + body + `--${B}--\r\n`;
}

const BENIGN = '各位同事：\n定于5月开展统计业务培训，请按时参加。\n江临市统计局办公室\n';
const MARKED = '000012\n机密★5年\n特急\n关于做好港区规划调整保密工作的通知\n各有关单位：\n现将有关事项通知如下。\n';
const enc = (s: string) => new TextEncoder().encode(s);
const scan = (s: string, filename = 'mail.eml') => scanner.scan(enc(s), { filename });

describe('EML', () => {
  it('is told from text by its header block; a note that starts with Subject: stays text', () => {
    expect(looksLikeMessage(enc(message({ subject: '通知', text: BENIGN })))).toBe(true);
    const note = new Uint8Array(readFileSync(new URL('../../../samples/text/email-disclaimer.txt', import.meta.url)));
    expect(looksLikeMessage(note)).toBe(false);
    expect(sniffFormat(note, 'email-disclaimer.txt').format).toBe('text');
  });

  it.each<[string, string]>([
    ['only a Subject, as an encoded word', `Subject: =?UTF-8?B?${b64('机密★5年')}?=\r\n\r\nTEST\r\n`],
    ['a Subject in GB2312 quoted-printable and a Date', 'Subject: =?GB2312?Q?=BB=FA=C3=DC=A1=EF5=C4=EA?=\r\nDate: Wed, 08 May 2024 09:00:00 +0800\r\n\r\nTEST\r\n'],
    ['a Bcc, a Date and a Subject (a draft)', 'Bcc: =?UTF-8?B?5py65a+G4piFNeW5tA==?= <x@example.org>\r\nDate: Wed, 08 May 2024 09:00:00 +0800\r\nSubject: draft\r\n\r\nTEST\r\n'],
    ['a base64 body under Subject and Content-Transfer-Encoding', `Subject: note\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64('机密★5年\n')}\r\n`],
    ["Outlook's line above saved headers", `Microsoft Mail Internet Headers Version 2.0\r\n${message({ subject: '机密★5年', text: BENIGN })}`],
  ])('a message with few headers is still a message: %s', async (_what, text) => {
    expect(looksLikeMessage(enc(text))).toBe(true);
    const r = await scan(text);
    expect(r.document.format).toBe('eml');
    expect(r.verdict).toBe('block');
  });

  it.each([
    ['front matter of a note', 'title: 培训通知\ndate: 2024-05-08\n\n各位同事：请按时参加。\n'],
    ['a note under Subject and Date', 'Subject: 培训安排\nDate: 2024-05-08\n\n各位同事：请按时参加。\n'],
  ])('%s stays text', (_what, text) => {
    expect(looksLikeMessage(enc(text))).toBe(false);
  });

  it('a marking in the plain-text body blocks, at its line', async () => {
    const r = await scan(message({ subject: '关于港区规划调整的通知', text: MARKED }));
    expect(r.document.format).toBe('eml');
    expect(r.verdict).toBe('block');
    expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')!.location).toMatchObject({ role: 'body', line: 2 });
  });

  it('a marking hidden in the HTML body is read by the HTML reader', async () => {
    const r = await scan(message({ subject: '培训通知', text: BENIGN, html: `<html><body><p>${BENIGN}</p><div style="display:none">机密★5年</div></body></html>` }));
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
    expect(f.location.container).toEqual(['body.html']);
    expect(f.location.role).toBe('hidden');
  });

  it('attachments are scanned by their readers, recursively', async () => {
    const book = xlsx({ sheets: [{ name: '名册', rows: [['密级', '机密'], ['姓名', '单位']] }] });
    const r = await scan(message({ subject: '名册', text: BENIGN, attachments: [{ name: '名册.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', data: book }] }));
    expect(r.verdict).toBe('block');
    expect(r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!.location).toMatchObject({ container: ['名册.xlsx'], cell: { row: 1, column: 2 } });
  });

  it('an attached message is read as a message (message/rfc822 nesting)', async () => {
    const inner = message({ subject: '转发：港区规划', text: MARKED, tag: 'inner' });
    const r = await scan(message({ subject: '转发', text: BENIGN, attached: [inner] }));
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
    expect(f.location.container?.[0]).toMatch(/\.eml$/);
    expect(f.location.role).toBe('body');
  });

  it('a marking in the subject is found', async () => {
    const r = await scan(message({ subject: '机密★5年 港区规划调整', text: BENIGN }));
    expect(r.verdict).not.toBe('pass');
    expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.location.role === 'title')).toBe(true);
  });

  it('a header whose value is written in encoded words (RFC 2047) is read decoded', async () => {
    // postal-mime decodes the subject and addresses only: Keywords and X- headers came through as base64.
    const r = await scan(message({ subject: '港区规划', text: BENIGN, extra: `Keywords: =?UTF-8?B?${b64('机密★5年')}?=\r\nX-Classification: =?GB2312?B?${Buffer.from([0xbb, 0xfa, 0xc3, 0xdc]).toString('base64')}?=\r\n` }));
    expect(r.verdict).not.toBe('pass');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret');
    expect(f?.location.role).toBe('metadata');
  });

  it('a declared boundary that no line opens (the parts cannot be told apart) is a loss, never a pass', async () => {
    const m = message({ subject: '通知', text: BENIGN, attachments: [{ name: '通知.txt', type: 'text/plain', data: MARKED }] });
    const broken = m.replace('boundary="prepub-mixed-outer"', 'boundary="prepub-mixed-outerX"');
    expect(broken).not.toBe(m);
    const r = await scan(broken);
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.reason === 'corrupt' && /boundary/.test(u.detail))).toBe(true);
  });

  it('a message cut short inside its multipart body (no closing boundary line) is a loss, never a pass', async () => {
    const m = message({ subject: '通知', text: BENIGN, attachments: [{ name: '通知.txt', type: 'text/plain', data: MARKED }] });
    // Cut in the attachment's part: what the benign body says is all that is left.
    const cut = m.slice(0, m.lastIndexOf('--prepub-mixed-outer\r\n') + 60);
    const r = await scan(cut);
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread).toEqual([expect.objectContaining({ reason: 'corrupt', detail: expect.stringMatching(/prepub-mixed-outer.*cut short/) })]);
    // Closed, the same message is complete.
    const whole = await scan(m.replace(/--prepub-mixed-outer\r\nContent-Type: text\/plain;[\s\S]*(?=--prepub-mixed-outer--)/, ''));
    expect(whole.coverage.unread).toEqual([]);
  });

  it('a benign message passes with complete coverage', async () => {
    const r = await scan(message({ subject: '统计业务培训通知', text: BENIGN, html: `<p>${BENIGN}</p>` }));
    expect(r.verdict, r.reasons.join('; ')).toBe('pass');
    expect(r.coverage.complete).toBe(true);
  });

  it('an attachment prepub cannot read, and an encrypted (S/MIME) body, are unread', async () => {
    const r = await scan(message({ subject: '加密', text: BENIGN, attachments: [{ name: 'smime.p7m', type: 'application/pkcs7-mime', data: new Uint8Array(Array.from({ length: 300 }, (_, i) => (i * 7919) % 251)) }] }));
    expect(r.verdict).toBe('review');
    expect(r.coverage.complete).toBe(false);
  });
});

describe('EML address headers', () => {
  const mail = (headers: string, subject = '培训通知') => `${headers}\r\nSubject: =?UTF-8?B?${b64(subject)}?=\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${BENIGN}`;
  const M = '机密★5年';

  it('a marking standing alone in a comment or opening a display name blocks, located in the headers', async () => {
    for (const h of [
      `From: 办公室 (${M}) <office@example.cn>\r\nTo: b@example.org`,
      `From: =?UTF-8?B?${b64('办公室')}?= (=?UTF-8?B?${b64(M)}?=) <office@example.cn>\r\nTo: b@example.org`,
      `From: "${M} 办公室" <a@b.cn>\r\nTo: b@example.org`,
      `From: =?UTF-8?B?${b64(`${M} 办公室`)}?= <a@b.cn>\r\nTo: b@example.org`,
      `From: a@example.org\r\nTo: 各区统计局 <b@example.org> (${M})`,
      `From: a@example.org\r\nTo: b@example.org\r\nReply-To: r@example.org (${M})`,
      `From: "${M}@办公室" <office@example.cn>\r\nTo: b@example.org`,
      `From: ${M}@办公室 <office@example.cn>\r\nTo: b@example.org`,
    ]) {
      const r = await scan(mail(h));
      expect(r.verdict, h).toBe('block');
      expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.part, h).toBe('headers');
    }
  });

  it('a subject opening with the marking blocks; headers that talk about secrecy pass', async () => {
    expect((await scan(mail('From: a@example.org\r\nTo: b@example.org', `${M} 关于港区规划调整的通知`))).verdict).toBe('block');
    // A mark inside a subject's words is a human's to judge, not a block.
    expect((await scan(mail('From: a@example.org\r\nTo: b@example.org', `关于${M}文件清退工作的通知`))).verdict).toBe('review');
    for (const [h, s] of [
      ['From: a@example.org\r\nTo: b@example.org', '关于开展保密宣传月活动的通知'],
      [`From: =?UTF-8?B?${b64('保密办（负责机密文件管理）')}?= <a@b.cn>\r\nTo: b@example.org`, '培训通知'],
      ['From: a@example.org (保密宣传月活动组)\r\nTo: b@example.org', '培训通知'],
    ]) {
      const r = await scan(mail(h, s));
      expect(r.findings.filter((f) => f.ruleId.startsWith('marking.')).map((f) => f.ruleId), `${h} / ${s}`).toEqual([]);
      expect(r.verdict, `${h} / ${s}`).toBe('pass');
    }
    // Outside the address headers a whole mark in a list is weighed as in any metadata: not blocked.
    for (const h of [`From: a@example.org\r\nKeywords: 保密宣传月; 定密培训; 秘密★10年`, `From: a@example.org\r\nX-Note: 示例（${M}）`]) {
      const r = await scan(mail(h));
      expect(r.verdict, h).not.toBe('block');
    }
    expect((await scan(mail(`From: a@example.org\r\nX-Note: 示例（${M}）`))).verdict).toBe('pass');
  });
});
