/**
 * Writes test/fixtures/cms-*: S/MIME structures made by OpenSSL (`openssl cms`), with a throw-away
 * self-signed certificate of an invented office. Run: `pnpm tsx packages/extract-eml/test/make-cms-fixtures.ts`
 * (needs the openssl command; the files it writes are committed, so the tests do not need it).
 *
 * - cms-detached.p7s: a detached signature
 * - cms-signed-marked.p7m / cms-signed-marked-ber.p7m: opaque signing of a MIME entity headed 机密★5年 (DER; BER
 *   with indefinite lengths and the content in chunks, as streamed)
 * - cms-signed-benign.p7m: the same of a meeting notice
 * - cms-enveloped.p7m: the marked entity encrypted to the certificate
 * - cms-signed-mail.eml: a multipart/signed mail (a meeting notice and its detached signature)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const OUT = resolve(import.meta.dirname, 'fixtures');
const work = mkdtempSync(join(tmpdir(), 'cms-'));
const at = (f: string) => join(work, f);
const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });

try {
  ssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '36500', '-utf8', '-subj', '/CN=江临市统计局办公室/O=江临市统计局/C=CN');
  const entity = (text: string) => `Content-Type: text/plain; charset=utf-8\r\n\r\n${text.replace(/\n/g, '\r\n')}`;
  writeFileSync(at('marked.txt'), entity('机密★5年\n关于统计数据报送口径调整的通知\n各区统计局：\n现将报送口径调整事项通知如下，请遵照执行。\n江临市统计局\n'));
  writeFileSync(at('benign.txt'), entity('各区统计局：\n定于6月12日上午9时在市局三楼会议室召开统计业务培训会，请各局派一名业务骨干参加。\n江临市统计局办公室\n'));
  const sign = (input: string, out: string, ...more: string[]) => ssl('cms', '-sign', '-in', input, '-signer', 'cert.pem', '-inkey', 'key.pem', '-outform', 'DER', '-out', out, ...more);
  sign('benign.txt', 'cms-detached.p7s');
  sign('marked.txt', 'cms-signed-marked.p7m', '-nodetach');
  sign('marked.txt', 'cms-signed-marked-ber.p7m', '-nodetach', '-stream');
  sign('benign.txt', 'cms-signed-benign.p7m', '-nodetach');
  ssl('cms', '-encrypt', '-in', 'marked.txt', '-outform', 'DER', '-out', 'cms-enveloped.p7m', 'cert.pem');
  // A clear-signed mail as mail programs send it: headers, then OpenSSL's multipart/signed body.
  ssl('cms', '-sign', '-in', 'benign.txt', '-signer', 'cert.pem', '-inkey', 'key.pem', '-out', 'signed.eml');
  const head = 'From: office@tjj.jianglin.example\r\nTo: districts@tjj.jianglin.example\r\nSubject: =?UTF-8?B?' + Buffer.from('统计业务培训会通知').toString('base64') + '?=\r\nDate: Mon, 03 Jun 2024 09:00:00 +0800\r\n';
  writeFileSync(at('cms-signed-mail.eml'), Buffer.concat([Buffer.from(head), readFileSync(at('signed.eml'))]));
  for (const f of ['cms-detached.p7s', 'cms-signed-marked.p7m', 'cms-signed-marked-ber.p7m', 'cms-signed-benign.p7m', 'cms-enveloped.p7m', 'cms-signed-mail.eml']) {
    writeFileSync(join(OUT, f), readFileSync(at(f)));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
