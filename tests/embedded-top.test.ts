/**
 * An embedded file is a document of its own: its first lines are the top of its pages, where a
 * marking stands. A notice inside a ZIP, attached to an e-mail, or an e-mail's only (HTML) body is
 * judged as the same notice on its own — it had lost its "top of the page" and a bracketed lone
 * level word there passed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { createScanner, type Scanner } from '@prepub/scanner';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const NOTICE = '关于港区规划调整的通知\n各单位：\n现将港区规划调整的有关事项通知如下，请认真贯彻执行。\n江临市港务局办公室\n2024年5月6日\n';
const TOPS = ['「机密」', '《绝密》'];

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');
function mail(body: { html?: string; attachment?: string }): Uint8Array {
  const head = ['From: office@gwj.jianglin.example', 'To: staff@gwj.jianglin.example', `Subject: =?UTF-8?B?${b64('港区规划调整')}?=`, 'Date: Mon, 06 May 2024 10:00:00 +0800', 'MIME-Version: 1.0'];
  if (body.html !== undefined) return strToU8([...head, 'Content-Type: text/html; charset=utf-8', 'Content-Transfer-Encoding: base64', '', b64(body.html), ''].join('\r\n'));
  return strToU8(
    [
      ...head,
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      '请查收附件。',
      '--b1',
      'Content-Type: text/plain; charset=utf-8; name="notice.txt"',
      'Content-Disposition: attachment; filename="notice.txt"',
      'Content-Transfer-Encoding: base64',
      '',
      b64(body.attachment ?? ''),
      '--b1--',
      '',
    ].join('\r\n'),
  );
}

describe('the top of an embedded document', () => {
  for (const top of TOPS) {
    const text = `${top}\n${NOTICE}`;
    it(`${top} over a notice: the same verdict on its own, in a ZIP, as an attachment, as an HTML-only mail body`, async () => {
      const alone = await scanner.scan(strToU8(text), { filename: 'notice.txt' });
      expect(alone.verdict).not.toBe('pass');
      const zipped = await scanner.scan(zipSync({ 'notice.txt': strToU8(text) }), { filename: 'notices.zip' });
      const attached = await scanner.scan(mail({ attachment: text }), { filename: 'notice.eml' });
      const htmlOnly = await scanner.scan(mail({ html: `<html><body>${text.split('\n').map((l) => `<p>${l}</p>`).join('')}</body></html>` }), { filename: 'notice.eml' });
      for (const r of [zipped, attached, htmlOnly]) {
        expect(r.verdict).toBe(alone.verdict);
        expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.severity).toBe(alone.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.severity);
      }
    });
  }

  it('the level word further down an embedded notice stays what it is in running text: pass', async () => {
    const text = `${NOTICE}本通知不属于机密文件，可在政务网站公开。\n`;
    const zipped = await scanner.scan(zipSync({ 'notice.txt': strToU8(text) }), { filename: 'notices.zip' });
    expect(zipped.verdict).toBe('pass');
  });
});
