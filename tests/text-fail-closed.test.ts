/**
 * Text and HTML fail closed: each class of input that once passed with its marking unread, made
 * here byte by byte and scanned through the real scanner (OCR off). A marking a person can read
 * must block; whatever could not be read must keep the file from passing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { createScanner, type Scanner } from '@prepub/scanner';
import { DEFAULT_LIMITS, type ExtractContext, type ScanResult } from '@prepub/core';
import { extractHtml, extractText } from '@prepub/extractors';
import { cpuMsSince } from './cpu-time.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

const ctx = (mediaType?: string): ExtractContext => ({ limits: DEFAULT_LIMITS, mediaType }) as ExtractContext;
const cat = (...xs: Array<ArrayLike<number>>): Uint8Array => Uint8Array.from(xs.flatMap((x) => Array.from(x)));
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const scan = (bytes: Uint8Array, filename = 'notice.txt', mediaType?: string): Promise<ScanResult> => scanner.scan(bytes, { filename, mediaType });
const reasons = (r: ScanResult): string[] => r.coverage.unread.map((u) => u.reason);
const marking = (r: ScanResult) => r.findings.find((f) => f.ruleId === 'marking.cn-state-secret' || f.ruleId === 'marking.foreign');

const NOTICE = '000012\n机密★5年\n特急\n江临市保密局文件\n关于做好年度工作的通知\n各单位：为深入贯彻落实保密工作责任制，现将有关事项通知如下。\n';
const NOTICE_TW = '000012\n機密★5年\n特急\n江臨市保密局文件\n關於做好年度工作的通知\n各單位：為深入貫徹落實保密工作責任制，現將有關事項通知如下。\n';
const ENGLISH = 'TOP SECRET//NOFORN\nMinutes of the annual budget meeting\nThe committee reviewed the report and approved the budget.\n';

/** Pads with ASCII so that the final length (with `extra` more bytes) is even: the case UTF-16 guessing took. */
function even(bytes: Uint8Array, extra: number): Uint8Array {
  return (bytes.length + extra) % 2 === 0 ? bytes : cat(bytes, [0x0a]);
}

describe('1. one stray byte or a few appended bytes never turn text into UTF-16', () => {
  const strays: Array<[string, number]> = [['é', 0xe9], ['’', 0x92], ['©', 0xa9]];
  it.each(strays)('mostly-ASCII UTF-8 with a Chinese marking and a stray cp1252 %s: block, bytes reported', async (_c, byte) => {
    const head = utf8('Report of the inspection team\nPrepared for the annual review\n');
    const bytes = cat(even(head, 1 + utf8(NOTICE).length), [byte], utf8(NOTICE));
    expect(bytes.length % 2).toBe(0);
    const r = await scan(bytes);
    expect(String(r.document.info?.encoding)).not.toMatch(/utf-16/);
    expect(r.verdict).toBe('block');
    expect(marking(r)?.location.part).toBe('body');
    const loss = r.coverage.unread.find((u) => u.detail.includes('undecodable-bytes'));
    expect(loss?.where).toContain(`bytes ${bytes.indexOf(byte)}`);
  });

  it.each(strays)('a cp1252 English file with %s: read as windows-1252, its marking blocks', async (c, byte) => {
    const bytes = even(cat(utf8(ENGLISH.replace('budget meeting', 'budget meeting at the caf')), [byte], utf8(' etc\n')), 0);
    const r = await scan(bytes);
    expect(r.document.info?.encoding).toBe('windows-1252');
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.excerpt.includes(c) || f.ruleId === 'marking.foreign')).toBe(true);
  });

  it.each([1, 2, 3])('%i bytes appended to a marked UTF-8 file: never pass, the marking still blocks', async (k) => {
    for (const tail of [[0xe9, 0x92, 0xa9], [0xff, 0xfe, 0x00], [0x81, 0x9a, 0xfe], [0xe6, 0x9c, 0xba]]) {
      const bytes = cat(utf8(NOTICE), tail.slice(0, k));
      const r = await scan(bytes);
      expect(r.verdict, `${tail.slice(0, k)}`).toBe('block');
      expect(String(r.document.info?.encoding)).not.toMatch(/utf-16/);
    }
    const english = await scan(cat(even(utf8(ENGLISH), k), [0xe9, 0x81, 0xfe].slice(0, k)));
    expect(english.verdict).toBe('block');
  });
});

describe('2. declared charsets are honoured; Big5 is not read as GB18030', () => {
  it('BOM-less Big5 text blocks, read as Big5', async () => {
    const r = await scan(new Uint8Array(iconv.encode(NOTICE_TW, 'big5')));
    expect(r.document.info?.encoding).toBe('big5');
    expect(r.verdict).toBe('block');
    expect(marking(r)?.location).toMatchObject({ part: 'body', line: 2 });
  });

  const page = (decl: string) => `${decl}<html><head>${decl.startsWith('<?xml') ? '' : decl}<title>會議紀要</title></head><body><p>000012</p><p>機密★5年</p><p>江臨市保密局文件</p><p>各單位：現將有關事項通知如下。</p></body></html>`;
  it.each([
    ['<meta charset>', '<meta charset="big5">'],
    ['http-equiv Content-Type', '<meta http-equiv="Content-Type" content="text/html; charset=big5">'],
    ['XML declaration', '<?xml version="1.0" encoding="big5"?>'],
  ])('HTML declaring big5 in %s blocks, read as Big5', async (_where, decl) => {
    const html = decl.startsWith('<?xml') ? page(decl) : page('').replace('<head>', `<head>${decl}`);
    const r = await scan(new Uint8Array(iconv.encode(html, 'big5')), 'page.html');
    expect(r.document.format).toBe('html');
    expect(r.document.info?.encoding).toBe('big5');
    expect(r.verdict).toBe('block');
  });

  it('a charset in the transport Content-Type is honoured for text', () => {
    const bytes = new Uint8Array(iconv.encode('機密★5年', 'big5'));
    expect(extractText(bytes, ctx('text/plain; charset=big5')).parts[0].text).toBe('機密★5年');
    expect(extractText(bytes, ctx('text/plain; charset=big5')).info?.encoding).toBe('big5');
  });
});

describe('3. UTF-8 behind the bytes FF FE', () => {
  it('is read as UTF-8 (its marking blocks), the two bytes reported as undecodable', async () => {
    const r = await scan(cat([0xff, 0xfe], utf8(NOTICE)));
    expect(r.document.info?.encoding).toBe('utf-8');
    expect(r.verdict).toBe('block');
    expect(r.coverage.unread.some((u) => u.where.includes('bytes 0-1') && u.reason === 'corrupt')).toBe(true);
    expect(marking(r)?.location).toMatchObject({ part: 'body', line: 2, start: 7, end: 12 });
  });
  it('real UTF-16LE with a BOM stays UTF-16 and certain', async () => {
    const r = await scan(cat([0xff, 0xfe], iconv.encode(NOTICE, 'utf16le')));
    expect(r.document.info).toMatchObject({ encoding: 'utf-16le' });
    expect(r.document.info?.alternativeEncodings).toBeUndefined();
    expect(r.verdict).toBe('block');
  });
});

describe('4. short and truncated prefixes of binary formats are unread, never text', () => {
  /** The first bytes of each format, and how long its signature is. */
  const signature: Record<string, number> = { docx: 4, zip: 4, pdf: 5, png: 8, jpg: 3, gif: 6, doc: 8 };
  const heads: Record<string, number[]> = {
    docx: [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00],
    zip: [0x50, 0x4b, 0x05, 0x06, 0x00, 0x00, 0x00, 0x00],
    pdf: [...utf8('%PDF-1.7\n%'), 0xe2, 0xe3, 0xcf, 0xd3],
    png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d],
    jpg: [0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46],
    gif: [...utf8('GIF89a'), 0x01, 0x00, 0x01, 0x00],
    doc: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00],
  };
  it.each(Object.entries(heads))('%s: a partial signature is corrupt, any short prefix is never text and never passes', async (name, head) => {
    for (let n = 1; n <= head.length; n++) {
      const r = await scan(Uint8Array.from(head.slice(0, n)), `file.${name}`);
      expect(r.verdict, `${name} ${n} bytes`).not.toBe('pass');
      if (n < signature[name]) expect(reasons(r), `${name} ${n} bytes`).toEqual(['corrupt']);
      expect(r.document.format, `${name} ${n} bytes`).not.toMatch(/^(text|markdown|html)$/);
    }
  });
  it('a short file of control bytes or bytes that are text in no encoding is unread', async () => {
    for (const bytes of [[0x01, 0x02, 0x03], [0x12, 0x83, 0xf3, 0x9a, 0x01, 0xcc], [0x00, 0x81, 0xff], [0xff, 0xfe, 0x00]]) {
      const r = await scan(Uint8Array.from(bytes));
      expect(r.verdict, `${bytes}`).not.toBe('pass');
      expect(reasons(r), `${bytes}`).toContain('corrupt');
    }
  });
});

describe('5. every plausible reading is scanned, losses are located', () => {
  it('BOM-less UTF-16 Chinese whose line breaks and digits leave NUL bytes is read as UTF-16, with exact offsets', async () => {
    const text = '机密★5年\n关于加强涉密载体管理工作的通知\n各区县保密局：为进一步做好涉密载体管理工作，现将有关事项通知如下。\n';
    const bytes = new Uint8Array(iconv.encode(text, 'utf16le'));
    const ex = extractText(bytes, ctx());
    expect(ex.info?.encoding).toBe('utf-16le');
    expect(ex.parts[0].text).toBe(text);
    const r = await scan(bytes);
    expect(r.verdict).toBe('block');
    const f = marking(r)!;
    expect(ex.parts.find((p) => p.id === f.location.part)!.text.slice(f.location.start, f.location.end)).toBe('机密★5年');
  });

  it('BOM-less UTF-16 Chinese without any NUL byte: never the primary reading, but scanned as an alternative with exact offsets', async () => {
    const pure = '机密★五年，关于加强涉密载体管理工作的通知，各区县保密局：为切实做好涉密载体管理工作，现将有关事项通知如下。';
    const bytes = new Uint8Array(iconv.encode(pure, 'utf16le'));
    expect(bytes.includes(0)).toBe(false);
    const ex = extractText(bytes, ctx());
    expect(ex.info?.encoding).not.toBe('utf-16le');
    const alt = ex.parts.find((p) => p.id === 'body@utf-16le');
    expect(alt?.text).toBe(pure);
    expect(alt?.origin.detail).toMatch(/alternative reading.*utf-16le/);
    const r = await scan(bytes);
    expect(r.verdict).not.toBe('pass');
    const f = r.findings.find((x) => x.location.part === 'body@utf-16le' && x.ruleId === 'marking.cn-state-secret');
    expect(f && alt!.text.slice(f.location.start, f.location.end)).toBe('机密★五年');
  });

  it('a short text that reads as GBK and as Big5 is scanned in both readings', async () => {
    const bytes = new Uint8Array(iconv.encode('機密★5年', 'big5'));
    const ex = extractText(bytes, ctx());
    expect(ex.parts.map((p) => p.id)).toEqual(['body', 'body@gb18030']);
    expect(ex.parts[0].text).toBe('機密★5年');
    expect((await scan(bytes)).verdict).toBe('block');
  });

  it('undecodable bytes are losses with their byte offsets, never silently replaced', () => {
    const gbk = new Uint8Array(iconv.encode(NOTICE, 'gbk'));
    const at = new Uint8Array(iconv.encode(NOTICE.slice(0, 20), 'gbk')).length;
    const bytes = cat(gbk.subarray(0, at), [0xff], gbk.subarray(at));
    const ex = extractText(bytes, ctx());
    expect(ex.info?.encoding).toBe('gb18030');
    expect(ex.loss?.[0]).toMatchObject({ kind: 'undecodable-bytes', count: 1, where: `file bytes ${at}` });
    const cut = utf8(NOTICE.slice(0, 12)).length;
    const utf = cat(utf8(NOTICE).subarray(0, cut), [0xc3], utf8(NOTICE).subarray(cut), [0xe6, 0x9c]);
    const lu = extractText(utf, ctx());
    expect(lu.loss?.[0]).toMatchObject({ kind: 'undecodable-bytes', count: 2, where: `file bytes ${cut}, ${utf.length - 2}-${utf.length - 1}` });
    expect(lu.parts[0].text.split('\uFFFD')).toHaveLength(3);
  });

  it('a reading that is no text in any encoding is a loss of its own', () => {
    const junk = Uint8Array.from({ length: 400 }, (_, i) => [0x12, 0x83, 0xf3, 0x9a, 0xcc, 0x05, 0xb1][i % 7]);
    const ex = extractText(junk, ctx());
    expect(ex.loss?.some((l) => l.kind === 'low-text-quality' && l.reason === 'corrupt')).toBe(true);
  });
});

describe('6. HTML: CSS generated text, data-* attributes, SVG text', () => {
  it('content: of ::before in <style> is read (escapes resolved) and blocks', async () => {
    const html = '<!doctype html><html><head><style>.n::before { content: "\\673A\\5BC6\\2605 5\\5E74"; }</style></head><body><p class="n"></p><p>各单位：现将有关事项通知如下。</p></body></html>';
    const r = await scan(utf8(html), 'page.html');
    expect(r.verdict).toBe('block');
    // Found where the rule is written, and where it is drawn (the shown-order reading puts it before the empty <p>).
    const where = r.findings.filter((f) => f.ruleId === 'marking.cn-state-secret').map((f) => f.location);
    expect(where).toContainEqual(expect.objectContaining({ part: 'html:css-content', start: 0, end: 5 }));
    expect(where.map((l) => l.part)).toContain('html:shown-order');
  });
  it('content: in a style attribute is read as hidden text: not pass', async () => {
    const r = await scan(utf8('<!doctype html><html><body><p style="content: \'机密★5年\'">各单位：现将有关事项通知如下。</p></body></html>'), 'page.html');
    expect(r.verdict).not.toBe('pass');
    expect(marking(r)?.location.part).toBe('html:css-inline');
  });
  it('data-* attributes are read, one part per attribute name', async () => {
    const html = '<!doctype html><html><body><article data-security-level="机密★5年" data-id="42"><p>区政府召开春季植树活动动员会。</p></article></body></html>';
    const ex = extractHtml(utf8(html), ctx());
    const part = ex.parts.find((p) => p.id === 'html:data-security-level');
    expect(part).toMatchObject({ role: 'metadata', text: '机密★5年', origin: { detail: 'data-security-level attribute' } });
    const r = await scan(utf8(html), 'page.html');
    expect(r.verdict).not.toBe('pass');
    expect(marking(r)?.location.part).toBe('html:data-security-level');
  });
  it('SVG <text>/<tspan> keep their lines, and an SVG file is read like a page', async () => {
    const svg = '<?xml version="1.0" encoding="UTF-8"?><svg xmlns="http://www.w3.org/2000/svg"><text x="10" y="20">000012</text><text x="10" y="40">机密★5年</text><text x="10" y="60"><tspan x="10" dy="0">江临市保密局</tspan><tspan x="10" dy="20">会议纪要</tspan></text></svg>';
    const ex = extractHtml(utf8(svg), ctx());
    expect(ex.parts[0].text.split('\n')).toEqual(['000012', '机密★5年', '江临市保密局', '会议纪要']);
    const r = await scan(utf8(svg), 'chart.svg');
    expect(r.document.format).toBe('html');
    expect(r.verdict).toBe('block');
    expect(marking(r)?.location.line).toBe(2);
  });

  it('an SVG picture inline as a data: URI is read, not sent to OCR', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="20">机密★5年</text></svg>';
    const html = `<!doctype html><html><body><p>区政府召开春季植树活动动员会。</p><img src="data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}"></body></html>`;
    const r = await scan(utf8(html), 'page.html');
    expect(r.verdict).toBe('block');
    expect(marking(r)?.location.container).toEqual(['img-1.svg']);
  });
});

describe('7. HTML on crafted input', () => {
  it('`<a ` repeated without `>` is linear: time within a generous ratio of an ordinary page of the same size', () => {
    const n = 100_000;
    const crafted = utf8('<html><body><p>x</p>' + '<a '.repeat(n));
    const ordinary = utf8('<html><body>' + '<p>ab</p>'.repeat(Math.ceil((3 * n) / 9)) + '</body></html>');
    const time = (b: Uint8Array): number => {
      const ts: number[] = [];
      for (let i = 0; i < 3; i++) {
        const t = process.cpuUsage();
        extractHtml(b, ctx());
        ts.push(cpuMsSince(t));
      }
      return ts.sort((a, b) => a - b)[1];
    };
    time(ordinary);
    const base = time(ordinary);
    const t = time(crafted);
    // Quadratic took 43.6 s at 200,000 (about 11 s here); linear is of the order of the baseline.
    expect(t / base).toBeLessThan(8);
  });

  it('a 10 MB attribute gives sane parts and nothing breaks', async () => {
    const big = 'x'.repeat(10_000_000);
    for (const html of [`<html><body><p title="${big}">正文</p></body></html>`, `<html><body><p style="content:'${big}'">正文</p></body></html>`]) {
      const ex = extractHtml(utf8(html), ctx());
      expect(ex.parts.find((p) => p.id === 'body')?.text).toBe('正文');
      const long = ex.parts.find((p) => p.text.length === 10_000_000);
      expect(long?.blocks).toEqual([{ start: 0, end: 10_000_000, kind: 'paragraph', index: 1 }]);
      const r = await scan(utf8(html), 'page.html');
      expect(r.errors).toEqual([]);
    }
  });
});

describe('precision: ordinary text in every encoding still passes', () => {
  const LAW = '中华人民共和国保守国家秘密法\n第十三条 国家秘密的密级分为绝密、机密、秘密三级。\n本市开展第十个保密宣传月活动，市民积极参与保密知识竞赛。数据的机密性、完整性和可用性是信息安全的基本属性。\n';
  const NEWS_TW = '本市開展第十個保密宣傳月活動，市民積極參與保密知識競賽。資料的機密性、完整性和可用性是資訊安全的基本屬性。\n';
  it.each([
    ['GBK', () => new Uint8Array(iconv.encode(LAW, 'gbk')), 'law.txt'],
    ['Big5', () => new Uint8Array(iconv.encode(NEWS_TW, 'big5')), 'news.txt'],
    ['UTF-16LE with BOM', () => cat([0xff, 0xfe], iconv.encode(LAW, 'utf16le')), 'law.txt'],
    ['short GBK', () => new Uint8Array(iconv.encode('会议通知', 'gbk')), 'note.txt'],
    ['GBK page declaring gb2312', () => new Uint8Array(iconv.encode(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>新闻</title></head><body><p>${LAW}</p></body></html>`, 'gbk')), 'news.html'],
  ])('%s', async (_name, make, filename) => {
    const r = await scan(make(), filename);
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
  });
});
