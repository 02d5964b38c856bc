/**
 * EPUB books through the real scanner: a well-formed book is read completely (its chapters, package
 * document, navigation and style sheets are entries the archive reader scans), so a clean book
 * passes and a marked one is found wherever the marking stands; what the book encrypts is unread,
 * and a font it only obfuscates is read with the obfuscation taken off.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { strToU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { C1, C2, CONTAINER, CSS, UID, chapter, epub, opf } from './epub-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const scan = (bytes: Uint8Array) => scanner.scan(bytes, { filename: 'handbook.epub' });

/** The IDPF obfuscation (XOR of the first 1,040 bytes with SHA-1 of the identifier). */
function idpfObfuscate(data: Uint8Array, uid = UID): Uint8Array {
  const key = createHash('sha1').update(uid.replace(/\s/g, ''), 'utf8').digest();
  const out = data.slice();
  for (let i = 0; i < Math.min(1040, out.length); i++) out[i] ^= key[i % key.length];
  return out;
}

function encryptionXml(entries: Array<{ uri: string; algorithm: string }>): string {
  return `<?xml version="1.0"?><encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" xmlns:enc="http://www.w3.org/2001/04/xmlenc#">${entries.map((e) => `<enc:EncryptedData><enc:EncryptionMethod Algorithm="${e.algorithm}"/><enc:CipherData><enc:CipherReference URI="${e.uri}"/></enc:CipherData></enc:EncryptedData>`).join('')}</encryption>`;
}

describe('EPUB books', () => {
  it('a clean book passes with nothing unread', async () => {
    const r = await scan(epub());
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
  });

  it('a marking at the top of a chapter blocks, located in that chapter', async () => {
    const r = await scan(epub({ c2: chapter('第二章　值班制度', C2, '<p>机密★5年</p>') }));
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret');
    expect(f?.location.part).toContain('OEBPS/c2.xhtml');
  });

  it('a marking in the package document (the book title) is found', async () => {
    const r = await scan(epub({ opf: opf('机密★5年　防汛物资储备工作手册') }));
    expect(r.verdict).not.toBe('pass');
    expect(r.findings.some((f) => f.location.part.includes('content.opf'))).toBe(true);
  });

  it('a marking drawn by the style sheet (generated content) does not pass', async () => {
    const r = await scan(epub({ css: `${CSS}\nh1:first-of-type::before { content: "机密★5年"; display: block; }` }));
    expect(r.verdict).not.toBe('pass');
    expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.location.part.includes('book.css'))).toBe(true);
  });

  it('a chapter under DRM (encrypted, not obfuscated) is unread, named', async () => {
    const secret = strToU8(chapter('第三章', ['（加密内容）']));
    const cipher = secret.map((b, i) => b ^ (0x5a + i) % 256);
    const r = await scan(
      epub({
        opf: opf(undefined, '<item id="c3" href="c3.xhtml" media-type="application/xhtml+xml"/>'),
        extra: { 'OEBPS/c3.xhtml': cipher, 'META-INF/encryption.xml': encryptionXml([{ uri: 'OEBPS/c3.xhtml', algorithm: 'http://www.w3.org/2001/04/xmlenc#aes128-cbc' }]) },
      }),
    );
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.reason === 'encrypted' && u.where.includes('OEBPS/c3.xhtml'))).toBe(true);
  });

  it('a resource the book only obfuscates as a font is read with the obfuscation taken off', async () => {
    // Declared a font, but a page of text: read once the XOR is undone.
    // (Shorter than the 1,040 obfuscated bytes: nothing of it is readable as stored.)
    const hidden = strToU8('机密★5年\n关于2024年度防汛物资储备点调整的通知\n各区县应急管理局：\n现将调整方案印发给你们。\n');
    expect(hidden.length).toBeLessThan(1040);
    const r = await scan(
      epub({
        opf: opf(undefined, '<item id="f1" href="fonts/kai.otf" media-type="application/vnd.ms-opentype"/>'),
        extra: { 'OEBPS/fonts/kai.otf': idpfObfuscate(hidden), 'META-INF/encryption.xml': encryptionXml([{ uri: 'OEBPS/fonts/kai.otf', algorithm: 'http://www.idpf.org/2008/embedding' }]) },
      }),
    );
    expect(r.verdict).toBe('block');
  });

  it('Adobe obfuscation without a UUID identifier cannot be undone: unread', async () => {
    const book = epub({
      opf: opf().replace(UID, 'isbn-978-7-000-00000-0'),
      extra: { 'OEBPS/fonts/kai.otf': strToU8('x'.repeat(2000)), 'META-INF/encryption.xml': encryptionXml([{ uri: 'OEBPS/fonts/kai.otf', algorithm: 'http://ns.adobe.com/pdf/enc#RC' }]) },
    });
    const r = await scan(book);
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.some((u) => u.reason === 'encrypted' && u.where.includes('kai.otf'))).toBe(true);
  });

  it('a mimetype package that is no well-formed EPUB stays a package prepub does not read', async () => {
    for (const book of [epub({ container: null }), epub({ mimetype: 'application/x-dtbook+xml' }), epub({ container: CONTAINER.replace('OEBPS/content.opf', 'OEBPS/missing.opf') })]) {
      const r = await scan(book);
      expect(r.verdict).toBe('review');
      expect(r.coverage.unread.some((u) => u.reason === 'unsupported-format')).toBe(true);
    }
  });

  it('a list of encrypted resources too large to read is unread', async () => {
    const big = encryptionXml([{ uri: 'OEBPS/c1.xhtml', algorithm: 'http://www.idpf.org/2008/embedding' }]).replace('<enc:EncryptedData>', `<!--${'x'.repeat(5 << 20)}--><enc:EncryptedData>`);
    const r = await scan(epub({ extra: { 'META-INF/encryption.xml': big } }));
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.some((u) => u.where === 'META-INF/encryption.xml' && /encrypted resources/.test(u.detail))).toBe(true);
  });

  it('property: a marking in any chapter, at any paragraph, never passes', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('c1', 'c2'), fc.integer({ min: 0, max: 2 }), fc.constantFrom('机密★5年', '秘密★1年', '绝密★启用前', '密级：机密'), async (which, at, mark) => {
        const paras = [...(which === 'c1' ? C1 : C2)];
        paras.splice(at, 0, mark);
        const book = which === 'c1' ? epub({ c1: chapter('第一章　储备点管理', paras) }) : epub({ c2: chapter('第二章　值班制度', paras) });
        const r = await scan(book);
        expect(r.verdict).not.toBe('pass');
      }),
      { numRuns: 12 },
    );
  });
});
