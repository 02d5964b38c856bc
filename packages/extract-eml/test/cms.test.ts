/**
 * CMS / PKCS #7 (S/MIME): a detached signature holds no content and passes; signed content is read;
 * encrypted content is unread; what does not parse is unread. Fixtures: make-cms-fixtures.ts (OpenSSL).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { sniffFormat } from '@prepub/extractors';
import { createScanner, type Scanner } from '@prepub/scanner';
import { FORMATS } from '../../scanner/src/formats.ts';
import { extractCms } from '../src/cms.ts';
import { cmsContentType } from '../src/format.ts';

const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(import.meta.dirname, 'fixtures', name)));
const ctx = { limits: DEFAULT_LIMITS };

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('CMS / PKCS #7', () => {
  it('is told by its ContentInfo, in DER and in BER with indefinite lengths', () => {
    expect(cmsContentType(fixture('cms-detached.p7s'))).toBe('signed');
    expect(cmsContentType(fixture('cms-signed-marked-ber.p7m'))).toBe('signed');
    expect(cmsContentType(fixture('cms-enveloped.p7m'))).toBe('enveloped');
    expect(sniffFormat(fixture('cms-detached.p7s'), 'smime.p7s', FORMATS).format).toBe('pkcs7');
    // A DER SEQUENCE that is something else (a certificate) is not taken for one.
    expect(cmsContentType(new Uint8Array([0x30, 0x82, 0x01, 0x00, 0x30, 0x81, 0xf0, 0xa0, 0x03, 0x02, 0x01, 0x02, 0x02, 0x01, 0x01, 0x30]))).toBeUndefined();
  });

  it('a detached signature holds no content: its signers are named, nothing is unread, and it passes', async () => {
    const e = await extractCms(fixture('cms-detached.p7s'), ctx);
    expect(e.info?.cms).toBe('detached signature (no content)');
    expect(e.embedded).toEqual([]);
    expect(e.unread).toEqual([]);
    expect(e.parts.find((p) => p.id === 'signers')?.text).toContain('CN=江临市统计局办公室');
    const r = await scanner.scan(fixture('cms-detached.p7s'), { filename: 'smime.p7s' });
    expect(r.verdict).toBe('pass');
  });

  it('a clear-signed mail (multipart/signed) passes: its signature part is no longer binary of an unknown format', async () => {
    const r = await scanner.scan(fixture('cms-signed-mail.eml'), { filename: 'notice.eml' });
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
  });

  for (const name of ['cms-signed-marked.p7m', 'cms-signed-marked-ber.p7m']) {
    it(`signed content is handed on and read (${name}): block`, async () => {
      const e = await extractCms(fixture(name), ctx);
      expect(e.embedded?.map((f) => f.name)).toEqual(['signed content']);
      const r = await scanner.scan(fixture(name), { filename: 'smime.p7m' });
      expect(r.verdict).toBe('block');
      expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.container).toEqual(['signed content']);
    });
  }

  it('the same signing of a meeting notice passes', async () => {
    expect((await scanner.scan(fixture('cms-signed-benign.p7m'), { filename: 'smime.p7m' })).verdict).toBe('pass');
  });

  it('enveloped (encrypted) content is unread: review', async () => {
    const r = await scanner.scan(fixture('cms-enveloped.p7m'), { filename: 'smime.p7m' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.reason)).toEqual(['encrypted']);
  });

  it('a ContentInfo that does not parse is unread (corrupt); bytes after the structure are read as a file of their own', async () => {
    const cut = fixture('cms-detached.p7s').subarray(0, 400);
    const broken = await scanner.scan(cut, { filename: 'smime.p7s' });
    expect(broken.verdict).toBe('review');
    expect(broken.coverage.unread.map((u) => u.reason)).toContain('corrupt');
    const tail = new TextEncoder().encode('\n机密★5年\n关于统计数据报送口径调整的通知\n');
    const trailing = new Uint8Array([...fixture('cms-detached.p7s'), ...tail]);
    const r = await scanner.scan(trailing, { filename: 'smime.p7s' });
    expect(r.verdict).toBe('block');
  });

  /** DER in PEM armor, as `openssl smime -outform PEM` / `openssl cms -outform PEM` write it. */
  const pem = (der: Uint8Array, label: string, before = ''): Uint8Array =>
    new TextEncoder().encode(`${before}-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END ${label}-----\n`);

  // Passed before: read as text, the armor's base64 was letters, so signed content with 机密★5年
  // on its first line passed, and so did encrypted content, with nothing unread.
  for (const [label, before] of [['PKCS7', ''], ['CMS', ''], ['PKCS #7 SIGNED DATA', 'Signed notice of 江临市统计局\n\n']] as const) {
    it(`signed content in PEM armor (BEGIN ${label}${before ? ', explanatory text before it' : ''}) is read: block; the meeting notice passes with nothing unread`, async () => {
      const r = await scanner.scan(pem(fixture('cms-signed-marked.p7m'), label, before), { filename: 'notice.p7m' });
      expect(r.document.format).toBe('pkcs7');
      expect(r.verdict).toBe('block');
      expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret')).toBe(true);
      const benign = await scanner.scan(pem(fixture('cms-signed-benign.p7m'), label, before), { filename: 'notice.p7m' });
      expect(benign.verdict, benign.reasons.join('; ')).toBe('pass');
      expect(benign.coverage.unread).toEqual([]);
    });
  }

  it('enveloped content in PEM armor is unread: review', async () => {
    const r = await scanner.scan(pem(fixture('cms-enveloped.p7m'), 'PKCS7'), { filename: 'smime.p7m' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.reason)).toEqual(['encrypted']);
  });
});
