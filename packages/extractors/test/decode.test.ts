import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { DEFAULT_LIMITS, type ExtractContext } from '@prepub/core';
import { declaredCharset, decodeText, decodingLosses, extractHtml, extractText, sniffFormat, textScore } from '@prepub/extractors';
import { decodeUtf8Lenient, unitsToString } from '../src/utf8.ts';

const ctx = (mediaType?: string): ExtractContext => ({ limits: DEFAULT_LIMITS, mediaType }) as ExtractContext;
const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0x80, max: 0xff }), fc.constantFrom(0x30, 0x39, 0x40, 0x7e, 0x80, 0x81, 0xa1, 0xfe, 0xff, 0x0a));

describe('decodeUtf8Lenient', () => {
  it('gives exactly TextDecoder’s text, and one located error per U+FFFD', () => {
    const lenient = new TextDecoder('utf-8', { ignoreBOM: true });
    const utf8Byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xa0, 0x9f, 0x90, 0x8f));
    fc.assert(
      fc.property(fc.array(utf8Byte, { maxLength: 40 }), (arr) => {
        const bytes = Uint8Array.from(arr);
        const r = decodeUtf8Lenient(bytes);
        const text = unitsToString(r.units);
        expect(text).toBe(lenient.decode(bytes));
        expect(r.invalid).toBe(text.split('\uFFFD').length - 1);
        expect(r.errors).toHaveLength(r.invalid);
        // Each error range alone is invalid UTF-8, and the ranges are in order without overlap.
        let last = 0;
        for (const [s, e] of r.errors) {
          expect(s).toBeGreaterThanOrEqual(last);
          expect(lenient.decode(bytes.subarray(s, e))).toContain('\uFFFD');
          last = e;
        }
      }),
      { seed: 7, numRuns: 1000 },
    );
  });
});

describe('located errors of GB18030 and Big5 readings', () => {
  it.each(['gb18030', 'big5'])('%s: invalid sequences are located (as many as U+FFFD for GB18030), each invalid alone', (enc) => {
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 30 }), (arr) => {
        const bytes = Uint8Array.from(arr);
        const d = decodeText(bytes, { label: enc, source: 'test' });
        // A declared charset is always the primary reading.
        expect(d.encoding).toBe(enc);
        const reading = d;
        // GB18030 exactly; Node's Big5 decoder (ICU) is not WHATWG's (a lead byte with a bad trail
        // can give U+FFFD and a private-use character), so for Big5 errors are found iff there are any.
        if (enc === 'gb18030') expect(reading.errors).toHaveLength(Math.min(reading.invalid, 20));
        else expect(reading.errors.length > 0).toBe(reading.invalid > 0);
        // Each range alone is invalid (Node's Big5 decoder drops a lone 0x80/0xFF instead of U+FFFD).
        for (const [s, e] of reading.errors) {
          const alone = bytes.subarray(s, e);
          expect(new TextDecoder(enc).decode(alone).includes('\uFFFD') || (enc === 'big5' && e - s === 1 && (alone[0] === 0x80 || alone[0] === 0xff))).toBe(true);
        }
      }),
      { seed: 11, numRuns: 1000 },
    );
  });
});

describe('decodeText', () => {
  it('valid UTF-8 is certain and has no alternatives', () => {
    const d = decodeText(new TextEncoder().encode('机密★5年 and ASCII'));
    expect(d).toMatchObject({ encoding: 'utf-8', confidence: 1, alternatives: [], invalid: 0 });
  });

  it('ordinary GBK, Big5 and windows-1252 texts are read in their encoding, clean and without losses', () => {
    const cases: Array<[string, string, string]> = [
      ['gbk', 'gb18030', '本市开展第十个保密宣传月活动，市民积极参与保密知识竞赛。数据的机密性、完整性和可用性是信息安全的基本属性。\n'],
      ['big5', 'big5', '本市開展第十個保密宣傳月活動，市民積極參與保密知識競賽。資料的機密性、完整性和可用性是資訊安全的基本屬性。\n'],
    ];
    for (const [iconvName, enc, text] of cases) {
      const d = decodeText(new Uint8Array(iconv.encode(text, iconvName)));
      expect(d.encoding, enc).toBe(enc);
      expect(d.text).toBe(text);
      expect(d.alternatives, enc).toEqual([]);
      expect(decodingLosses(d), enc).toEqual([]);
    }
  });

  it('windows-1252 is read as such, but without a declaration its high bytes are a guess and reported', () => {
    const text = 'Le comité a approuvé le budget — “réunion” à Genève, coût 5 € ©.\n';
    const bytes = new Uint8Array(iconv.encode(text, 'windows-1252'));
    const guessed = decodeText(bytes);
    expect(guessed).toMatchObject({ encoding: 'windows-1252', text });
    const loss = decodingLosses(guessed);
    expect(loss).toHaveLength(1);
    expect(loss[0]).toMatchObject({ kind: 'undecodable-bytes', count: 11, reason: 'corrupt', where: `file bytes ${bytes.indexOf(0xe9)}, ${bytes.indexOf(0xe9, 9)}, ${bytes.indexOf(0x97)}, ${bytes.indexOf(0x93)}, ${bytes.indexOf(0xe9, 32)}, ${bytes.indexOf(0x94)}, ${bytes.indexOf(0xe0)}, ${bytes.indexOf(0xe8)}, ${bytes.indexOf(0xfb)}, ${bytes.indexOf(0x80)}, ${bytes.indexOf(0xa9)}` });
    const declared = decodeText(bytes, { label: 'iso-8859-1', source: '<meta charset>' });
    expect(declared).toMatchObject({ encoding: 'windows-1252', text });
    expect(decodingLosses(declared)).toEqual([]);
  });

  it('a declared charset is the primary reading; a wrong one keeps the plausible reading as an alternative', () => {
    const gbk = new Uint8Array(iconv.encode('机密★5年\n本市开展第十个保密宣传月活动，市民积极参与保密知识竞赛。\n', 'gbk'));
    const d = decodeText(gbk, { label: 'big5', source: '<meta charset>' });
    expect(d.encoding).toBe('big5');
    expect(d.alternatives.map((a) => a.encoding)).toContain('gb18030');
    expect(d.alternatives.find((a) => a.encoding === 'gb18030')?.text.startsWith('机密★5年')).toBe(true);
  });

  it('scores text against the common characters, not against the decoder', () => {
    expect(textScore('本市开展第十个保密宣传月活动。').score).toBe(1);
    expect(textScore('Le comité a approuvé').score).toBe(1);
    // GB2312 bytes read as Big5, and Big5 read as windows-1252: mojibake.
    expect(textScore(new TextDecoder('big5').decode(iconv.encode('本市开展第十个保密宣传月活动，市民积极参与保密知识竞赛。', 'gbk'))).score).toBeLessThan(0.6);
    expect(textScore('¾÷±K¡¹10¦~ÃÜ').score).toBeLessThan(0.3);
  });
});

describe('sniffFormat', () => {
  it('a proper prefix of a binary signature is truncated, never text', () => {
    for (const sig of [[0x25, 0x50, 0x44, 0x46, 0x2d], [0x50, 0x4b, 0x03, 0x04], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0xff, 0xd8, 0xff], [0x47, 0x49, 0x46, 0x38, 0x39, 0x61]]) {
      for (let n = 1; n < sig.length; n++) expect(sniffFormat(Uint8Array.from(sig.slice(0, n))).format, `${sig.slice(0, n)}`).toBe('truncated');
    }
    expect(sniffFormat(new TextEncoder().encode('Plain words')).format).toBe('text');
  });
  it('PDF objects without their %PDF- header (a byte changed, or the header cut off) are a PDF, not text', () => {
    const enc = new TextEncoder();
    const body = '1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n';
    expect(sniffFormat(enc.encode(`%PDF-1.7\n${body}`)).format).toBe('pdf');
    expect(sniffFormat(enc.encode(`\u0005PDF-1.7\n${body}`)).format).toBe('pdf');
    expect(sniffFormat(enc.encode(body)).format).toBe('pdf');
    // Prose about PDF syntax, and a page quoting objects, stay what they are.
    expect(sniffFormat(enc.encode('A PDF object starts with "1 0 obj" and ends with endobj.\n')).format).toBe('text');
    expect(sniffFormat(enc.encode(`<html><body><pre>\n${body}</pre></body></html>`)).format).toBe('html');
  });
  it('an SVG file is read like a page', () => {
    expect(sniffFormat(new TextEncoder().encode('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"></svg>')).format).toBe('html');
  });
});

describe('HTML charset declarations and parts', () => {
  it('finds <meta charset>, http-equiv and the XML declaration in the first bytes', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(declaredCharset(enc('<html><head><meta charset="big5">'))).toEqual({ label: 'big5', source: '<meta charset>' });
    expect(declaredCharset(enc('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'))).toEqual({ label: 'gb2312', source: '<meta http-equiv="Content-Type">' });
    expect(declaredCharset(enc("<?xml version='1.0' encoding='Big5'?><html>"))).toEqual({ label: 'Big5', source: 'XML declaration' });
    expect(declaredCharset(enc('<html><body>no declaration</body></html>'))).toBeUndefined();
  });

  it('each alternative reading of a page yields its own parts, named after the encoding', () => {
    // Declared big5, written in GBK: the declaration is honoured, the GBK reading is scanned too.
    const html = '<html><head><meta charset="big5"><title>通知</title></head><body><p>机密★5年</p><p>本市开展第十个保密宣传月活动，市民积极参与保密知识竞赛。</p></body></html>';
    const ex = extractHtml(new Uint8Array(iconv.encode(html, 'gbk')), ctx());
    expect(ex.info).toMatchObject({ encoding: 'big5', declaredCharset: 'big5' });
    const alt = ex.parts.find((p) => p.id === 'body@gb18030');
    expect(alt?.text.split('\n')[0]).toBe('机密★5年');
    expect(alt?.origin.detail).toBe('alternative reading as gb18030');
    expect(ex.parts.find((p) => p.id === 'html:title@gb18030')?.text).toBe('通知');
  });

  it('CSS content strings: concatenation, escapes, attr() ignored, comments skipped', () => {
    const html = '<html><head><style>/* content: "x" */ h1::after { content: "\\673A\\5BC6" "★" attr(data-x) "5年"; } p::before{content:none}</style></head><body><h1>标题</h1></body></html>';
    const part = extractHtml(new TextEncoder().encode(html), ctx()).parts.find((p) => p.id === 'html:css-content');
    expect(part?.text).toBe('机密★5年');
    expect(part?.blocks).toEqual([{ start: 0, end: 5, kind: 'paragraph', index: 1 }]);
  });

  it('text extraction marks the primary part when alternatives exist', () => {
    const ex = extractText(new Uint8Array(iconv.encode('機密★5年', 'big5')), ctx());
    expect(ex.parts[0].origin.detail).toMatch(/^read as big5/);
    expect(ex.info?.alternativeEncodings).toBe('gb18030');
  });
});

describe('Cyrillic in a double-byte encoding', () => {
  // GBK and Big5 both carry Russian letters; a Russian order in GBK once read as Big5 ideographs.
  const order = 'СЕКРЕТНО\nЭкз. № 2\n\nПРИКАЗ\nо мерах по обеспечению сохранности документации\n';
  it.each(['gbk', 'gb18030'])('a Russian text in %s is read as Russian', (enc) => {
    const bytes = new Uint8Array(iconv.encode(order, enc));
    const d = decodeText(bytes);
    const readings = [d.text, ...d.alternatives.map((a) => a.text)];
    expect(readings).toContain(order);
  });
});
