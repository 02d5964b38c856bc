/**
 * Text bodies without a charset parameter whose bytes are no UTF-8: Word's single-file web page
 * (MHT) names GB2312 only in the page's <meta>, an 8-bit GBK body sent unlabelled. The parser
 * read them as UTF-8 (every Chinese letter a replacement character), and a Subject written in raw
 * 8-bit GBK bytes the same way: review for the marked
 * message and its twin alike, the marking never found. Now their bytes are read as files.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { legacyBytes } from './legacy-bytes.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const gbk = (s: string): Uint8Array => legacyBytes(s, 'gbk');

const BODY = '\r\n关于做好2027年度预算编制工作的通知\r\n各处室：根据财政部统一部署，现将有关事项通知如下。\r\n';

/** A Word single-file web page: one text/html part, quoted-printable GB2312, no charset parameter. */
function mht(top: string): Uint8Array {
  const html = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>${top}</p><p>关于做好2027年度预算编制工作的通知</p></body></html>`;
  // Quoted-printable, soft line breaks between escapes (never inside one), as Word writes it.
  const tokens = [...gbk(html)].map((b) => (b >= 0x21 && b <= 0x7e && b !== 0x3d ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase().padStart(2, '0')}`));
  let qp = '';
  let line = 0;
  for (const t of tokens) {
    if (line + t.length > 72) {
      qp += '=\r\n';
      line = 0;
    }
    qp += t;
    line += t.length;
  }
  return Buffer.from(`MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n------=_NextPart_01\r\nContent-Location: file:///C:/notice.htm\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Type: text/html\r\n\r\n${qp}\r\n------=_NextPart_01--\r\n`, 'latin1');
}

/** An e-mail whose 8-bit body is GBK with no charset declared. */
function unlabelledGbk(top: string): Uint8Array {
  return Buffer.concat([Buffer.from('From: a@office.example\r\nTo: b@office.example\r\nSubject: notice\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: 8bit\r\n\r\n', 'latin1'), gbk(top + BODY)]);
}

/** An e-mail whose Subject is written in raw 8-bit GBK (no encoded words); its body is UTF-8. */
function rawGbkSubject(top: string): Uint8Array {
  return Buffer.concat([Buffer.from('From: a@office.example\r\nTo: b@office.example\r\nSubject: ', 'latin1'), gbk(`${top} 关于预算编制的通知`), Buffer.from(`\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n`, 'latin1'), Buffer.from('关于做好2027年度预算编制工作的通知\r\n各处室：请按时报送。\r\n', 'utf8')]);
}

describe('text bodies without a charset parameter', () => {
  it('a Subject in raw 8-bit Big5 is read as Big5 too (GB18030 takes its bytes as well, as other letters): the marked one blocks', async () => {
    const big5 = new Uint8Array([0xbe, 0xf7, 0xb1, 0x4b, 0xa1, 0xb9, 0x35, 0xa6, 0x7e]); // 機密★5年
    const mail = Buffer.concat([Buffer.from('From: a@office.example\r\nTo: b@office.example\r\nSubject: ', 'latin1'), big5, Buffer.from('\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n', 'latin1'), Buffer.from('各處室：請按時報送。\r\n', 'utf8')]);
    expect(new TextDecoder('big5').decode(big5)).toBe('機密★5年');
    const r = await scanner.scan(new Uint8Array(mail), { filename: 'notice.eml' });
    expect(r.verdict).toBe('block');
    expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.part).toBe('subject@big5');
  });

  it.each([
    ['a Word single-file web page naming GB2312 in its <meta>', mht, 'notice.mht'],
    ['an 8-bit GBK body sent unlabelled', unlabelledGbk, 'notice.eml'],
    ['a Subject in raw 8-bit GBK', rawGbkSubject, 'notice.eml'],
  ] as const)('%s: the marked one blocks, its twin passes with nothing unread', async (_what, make, filename) => {
    const marked = await scanner.scan(make('机密★5年'), { filename });
    expect(marked.verdict).toBe('block');
    const twin = await scanner.scan(make('保密宣传月'), { filename });
    expect(twin.coverage.unread.map((u) => `${u.reason}@${u.where}: ${u.detail}`)).toEqual([]);
    expect(twin.verdict).toBe('pass');
  });
});
