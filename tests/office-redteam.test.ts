/**
 * Structures found by the peer red team (bench/peers/structures.ts: the marking added to other
 * projects' documents as a structure of their format) that passed although they held the marking.
 * Each fixture is written here, a notice of our own; each has a benign twin that must still pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

const scan = (bytes: Uint8Array, filename: string) => scanner.scan(bytes, { filename });
/** RTF \uN? escapes of a string. */
const u = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 0x80 ? c : `\\u${c.charCodeAt(0) > 0x7fff ? c.charCodeAt(0) - 0x10000 : c.charCodeAt(0)}?`)).join('');

describe('RTF: Outlook encapsulated HTML (\\fromhtml1)', () => {
  // An HTML mail saved as RTF: the markup sits in \*\htmltag groups for the HTML view, the text
  // between them is the RTF view's; \htmlrtf marks what only the RTF view shows.
  const mail = (title: string, htmlOnly: string) =>
    new Uint8Array(
      Buffer.from(
        `{\\rtf1\\ansi\\ansicpg936\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss\\fcharset134 SimSun;}}` +
          `{\\*\\htmltag19 <html>}{\\*\\htmltag34 <head>}{\\*\\htmltag1 <meta http-equiv="Content-Type" content="text/html; charset=gb2312">}` +
          `{\\*\\htmltag241 <style>}{\\*\\htmltag241 p.MsoNormal \\{margin:0cm;font-family:"${u('宋体')}";\\}}{\\*\\htmltag249 </style>}{\\*\\htmltag41 </head>}` +
          `{\\*\\htmltag2 \\par }{\\*\\htmltag50 <body lang=ZH-CN>}` +
          `{\\*\\htmltag64 <p class=MsoNormal title="${u(title)}">}\\htmlrtf {\\htmlrtf0 ${u('关于召开二〇二四年度工作总结会议的通知')}` +
          `{\\*\\htmltag244 <o:p>}{\\*\\htmltag84 ${u(htmlOnly)}}{\\*\\htmltag252 </o:p>}\\htmlrtf\\par}\\htmlrtf0 ` +
          `{\\*\\htmltag72 </p>}{\\*\\htmltag64 <p class=MsoNormal>}\\htmlrtf {\\htmlrtf0 ${u('各处室：请于三月八日上午九时到三楼会议室参加会议。')}\\htmlrtf\\par}\\htmlrtf0 {\\*\\htmltag72 </p>}` +
          `{\\*\\htmltag58 </body>}{\\*\\htmltag27 </html>}}`,
        'latin1',
      ),
    );

  it('a marking kept only in the HTML markup (a title attribute, text between tags) is read: block; the same mail without it passes', async () => {
    const inTitle = await scan(mail('机密★5年', ''), 'notice.rtf');
    expect(inTitle.verdict).toBe('block');
    expect(inTitle.findings.map((f) => f.ruleId)).toContain('marking.cn-state-secret');
    const between = await scan(mail('会议通知', '机密★5年'), 'notice.rtf');
    expect(between.verdict).toBe('block');
    const benign = await scan(mail('会议通知', '请准时参加'), 'notice.rtf');
    expect(benign.verdict).toBe('pass');
    expect(benign.coverage.parts.map((p) => p.id)).toContain('encapsulated-html');
  });
});

describe('E-mail: text outside the MIME parts', () => {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const mail = (preamble: string, epilogue: string) =>
    new Uint8Array(
      Buffer.from(
        [
          'From: =?UTF-8?B?' + b64('办公室') + '?= <office@example.cn>',
          'To: staff@example.cn',
          'Subject: =?UTF-8?B?' + b64('关于报送年度工作总结的通知') + '?=',
          'Date: Fri, 01 Mar 2024 09:00:00 +0800',
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="==PP_01"',
          '',
          preamble,
          '--==PP_01',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: base64',
          '',
          b64('各处室：\n请于三月八日前将年度工作总结报送办公室。\n办公室'),
          '--==PP_01--',
          epilogue,
          '',
        ].join('\r\n'),
        'utf8',
      ),
    );

  it('a marking in the preamble or the epilogue of a multipart body is read: block; the usual preamble passes', async () => {
    const pre = await scan(mail('机密★5年', ''), 'notice.eml');
    expect(pre.verdict).toBe('block');
    const post = await scan(mail('This is a multi-part message in MIME format.', '机密★5年'), 'notice.eml');
    expect(post.verdict).toBe('block');
    const benign = await scan(mail('This is a multi-part message in MIME format.', ''), 'notice.eml');
    expect(benign.verdict).toBe('pass');
    expect(benign.coverage.parts.map((p) => p.id)).toContain('mime-margins');
  });
});
