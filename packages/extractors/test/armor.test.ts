/**
 * Ciphertext in ASCII armor (a PGP message saved as .asc or .txt, shown in an HTML <pre>) is text
 * to a reader of letters: it must be reported as not read (encrypted), never pass as read text.
 */
import { describe, expect, it } from 'vitest';
import { armoredCiphertext, DEFAULT_LIMITS } from '@prepub/core';
import { extractText } from '../src/text.ts';
import { extractHtml } from '../src/html.ts';

const enc = new TextEncoder();
// What `gpg -a -e` writes: a header line, a blank line, base64 lines, a checksum, the footer.
const PGP = ['-----BEGIN PGP MESSAGE-----', '', 'hQEMA7Jx2fKq9Zk3AQf/Ue1pO0wJ3b4vQ8mFf2nGq7lW0yX5cR1tH6sD9eA2bC4d', 'IvT2rW8pK1mN0oL5jH3gF6dS9aQ7zX2cV4bN8mM1kJ0hG5fD3sA6qW9eR2tY7uI', '=Xk3Q', '-----END PGP MESSAGE-----', ''].join('\n');

describe('armored ciphertext', () => {
  it('a text file holding a PGP message is unread (encrypted)', () => {
    for (const doc of [PGP, `王主任：\n  报告已加密，请用密钥解开。\n\n${PGP}`]) {
      const x = extractText(enc.encode(doc), { limits: DEFAULT_LIMITS, filename: 'report.asc' });
      expect(x.unread.map((u) => u.reason)).toEqual(['encrypted']);
    }
  });
  it('a page with a PGP message in <pre> is unread (encrypted)', () => {
    const x = extractHtml(enc.encode(`<html><body><pre>${PGP}</pre></body></html>`), { limits: DEFAULT_LIMITS, filename: 'body.html' });
    expect(x.unread.map((u) => u.reason)).toContain('encrypted');
  });
  it('a clear-signed message and text about PGP are read as text', () => {
    const signed = '-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n会议通知：周五下午三点开会。\n-----BEGIN PGP SIGNATURE-----\n\niQEzBAEBCAAdFiEE\n=abcd\n-----END PGP SIGNATURE-----\n';
    expect(armoredCiphertext(signed)).toBeUndefined();
    expect(extractText(enc.encode(signed), { limits: DEFAULT_LIMITS, filename: 'n.txt' }).unread).toEqual([]);
    expect(armoredCiphertext('加密邮件以 BEGIN PGP MESSAGE 开头。')).toBeUndefined();
  });
  it('an age file in armor counts too, found in bytes and in text alike', () => {
    const age = '-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOQ==\n-----END AGE ENCRYPTED FILE-----\n';
    expect(armoredCiphertext(enc.encode(age))).toEqual({ kind: 'an age-encrypted file', count: 1 });
    expect(armoredCiphertext(PGP + PGP)).toEqual({ kind: 'an OpenPGP message', count: 2 });
  });
});
