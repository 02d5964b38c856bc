import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { createScanner, type Scanner } from '@prepub/scanner';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

const enc = (s: string) => new TextEncoder().encode(s);
const NOTICE = '000012\n机密★5年\n特急\n\n江临市保密局文件\n江保发〔2024〕12号\n\n关于做好年度保密检查工作的通知\n';

describe('createScanner / scan', () => {
  it('blocks a marked notice and locates the marking', async () => {
    const r = await scanner.scan(enc(NOTICE), { filename: 'notice.txt' });
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
    expect(f.location).toMatchObject({ part: 'body', line: 2, column: 1, start: 7, end: 12 });
    expect(r.coverage.complete).toBe(true);
    expect(r.document.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each([
    ['gbk', iconv.encode(NOTICE, 'gbk')],
    ['gb18030', iconv.encode(NOTICE, 'gb18030')],
    ['utf-16le with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(NOTICE, 'utf16le')])],
    ['utf-16le without BOM', iconv.encode(NOTICE, 'utf16le')],
    ['utf-16be', iconv.encode(NOTICE, 'utf16-be')],
    ['utf-8 with BOM', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NOTICE)])],
  ])('detects %s and blocks', async (_name, bytes) => {
    const r = await scanner.scan(new Uint8Array(bytes), { filename: 'notice.txt' });
    expect(r.verdict).toBe('block');
  });

  it('reads BOM-less UTF-16 Chinese (no zero bytes at all) as text', async () => {
    const pure = '机密★5年\n关于加强涉密载体管理工作的通知\n各区县保密局：为进一步做好涉密载体管理工作，现将有关事项通知如下。\n';
    for (const e of ['utf16le', 'utf16-be']) {
      const r = await scanner.scan(new Uint8Array(iconv.encode(pure, e)), { filename: 'notice.txt' });
      expect(r.document.format).toBe('text');
      expect(r.verdict).toBe('block');
    }
  });

  it('never passes text or a page with bytes its encoding cannot decode, however few', async () => {
    // 2,000 characters of benign news, one byte in the middle that is no UTF-8 (or GB18030):
    // whatever stood there was not read.
    const news = '本市开展第十个保密宣传月活动，市民积极参与保密知识竞赛。'.repeat(70);
    const broken = (prefix: string, suffix: string): Uint8Array => {
      const a = enc(prefix + news.slice(0, 1000));
      const b = enc(news.slice(1000) + suffix);
      return Uint8Array.from([...a, 0xff, ...b]);
    };
    for (const [name, bytes] of [
      ['news.txt', broken('', '\n')],
      ['news.html', broken('<!doctype html><html><body><p>', '</p></body></html>')],
    ] as const) {
      const clean = await scanner.scan(enc(new TextDecoder().decode(bytes).replace('\uFFFD', '')), { filename: name });
      expect(clean.verdict, name).toBe('pass');
      const r = await scanner.scan(bytes, { filename: name });
      expect(r.verdict, name).toBe('review');
      expect(r.coverage.unread.map((u) => u.reason), name).toContain('corrupt');
    }
    // UTF-8 with a stray byte stays UTF-8 (read as GB18030 its marking would turn into mojibake).
    const notice = Uint8Array.from([...enc(NOTICE), 0xff, ...enc(news)]);
    const r = await scanner.scan(notice, { filename: 'notice.txt' });
    expect(r.document.info?.encoding).toBe('utf-8');
    expect(r.verdict).toBe('block');
    expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location).toMatchObject({ line: 2, start: 7, end: 12 });
  });

  it('reads hidden HTML separately and labels it', async () => {
    const html = '<!doctype html><html><head><title>新闻</title><meta name="description" content="普通新闻"></head><body><p>本市开展保密宣传月活动。</p><div style="display: none">机密★5年</div><!-- 秘密★ --><img alt="内部资料" src="x.png"></body></html>';
    const r = await scanner.scan(enc(html), { filename: 'page.txt' });
    expect(r.document.format).toBe('html');
    expect(r.verdict).toBe('block');
    const roles = r.findings.map((f) => f.location.role);
    expect(roles).toContain('hidden');
    expect(roles).toContain('html-comment');
    expect(r.findings.every((f) => !f.location.visible)).toBe(true);
  });

  it('scans content carried inside a page: iframe srcdoc and data: URIs on objects and links', async () => {
    const inner = Buffer.from('<p>000012</p><p>机密★5年</p><p>关于……的通知</p>').toString('base64');
    const pages = [
      `<html><body><p>新闻</p><iframe srcdoc="<p>秘密★</p><p>会议纪要</p>"></iframe></body></html>`,
      `<html><body><p>新闻</p><object data="data:text/html;base64,${inner}"></object></body></html>`,
      `<html><body><a href="data:text/plain;base64,${Buffer.from('绝密★长期\n作战计划').toString('base64')}">附件</a></body></html>`,
    ];
    for (const html of pages) {
      const r = await scanner.scan(enc(html), { filename: 'page.html' });
      expect(r.verdict, html).toBe('block');
      const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
      expect(f.location.container?.length).toBe(1);
      expect(r.coverage.embedded.scanned).toBe(1);
    }
  });

  it('a page nested too deep to parse safely is read as plain words and reported as not fully read', async () => {
    const html = '<html><body>' + '<div>'.repeat(5000) + '<p>秘密★</p>' + '</span>'.repeat(5000) + '<p>正文</p>';
    const r = await scanner.scan(enc(html), { filename: 'deep.html' });
    expect(r.coverage.unread.map((u) => u.reason)).toContain('limit');
    expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret')).toBe(true);
    const benign = await scanner.scan(enc('<html><body>' + '<div>'.repeat(5000) + '<p>新闻</p>'), { filename: 'deep.html' });
    expect(benign.verdict).toBe('review');
  });

  it('passes texts that only talk about secrecy', async () => {
    const text = '保密宣传月活动启动。机密级以上文件应当编排序列号，绝密文件严禁翻印。密级标志的写法如「机密★5年」。数据的机密性很重要。《秘密花园》畅销。\n';
    const r = await scanner.scan(enc(text));
    expect(r.verdict).toBe('pass');
    expect(r.reasons[0]).toMatch(/read completely/);
  });

  it('reports formats it cannot read as unread, never pass', async () => {
    const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, ...new Array(40).fill(0)]);
    const ole = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(40).fill(1)]);
    for (const bytes of [zip, ole, new Uint8Array(0), new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7, 0xff, 0xfe, 0, 0, 0, 0, 0, 1])]) {
      const r = await scanner.scan(bytes, { filename: 'x.bin' });
      expect(r.verdict).not.toBe('pass');
      expect(r.coverage.complete).toBe(false);
      expect(r.coverage.unread.length).toBeGreaterThan(0);
      expect(r.coverage.unread[0].detail.length).toBeGreaterThan(10);
    }
  });

  it('a picture is unread when OCR is off', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const r = await scanner.scan(png, { filename: 'scan.png' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread[0].reason).toBe('ocr-unavailable');
  });

  it('enforces the file size limit as unread', async () => {
    const small = await createScanner({ ocr: false, limits: { maxFileBytes: 10 }, dictionaries: [] });
    const r = await small.scan(enc(NOTICE));
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread[0].reason).toBe('limit');
  });

  it('property: whatever the bytes, a result with unread content is never pass, and scan never throws', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('a.txt', 'a.pdf', 'a.docx', 'a.html', undefined), async (bytes, filename) => {
        const r = await scanner.scan(bytes, { filename });
        if (r.coverage.unread.length > 0 || r.errors.length > 0) expect(r.verdict).not.toBe('pass');
        if (r.verdict === 'pass') expect(r.coverage.complete).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('dictionaries, allowlist and waivers', () => {
  it('user dictionaries add terms; allowlisted and waived findings are suppressed, not dropped', async () => {
    const s = await createScanner({
      ocr: false,
      dictionaries: [],
      dictionaryTexts: [
        { name: 'user.txt', text: '@category project\n@severity review\n@boundary none\n天穹计划\n' },
        { name: 'user.allow.txt', text: '天穹计划（已公开）\tpublished in 2023\n' },
      ],
    });
    const hit = await s.scan(enc('关于天穹计划的进展汇报\n'));
    expect(hit.verdict).toBe('review');
    const f = hit.findings[0];
    expect(f.ruleId).toBe('term.project');
    expect(f.explanation.dictionary).toMatchObject({ term: '天穹计划', source: 'user.txt:4' });
    const allowed = await s.scan(enc('天穹计划（已公开）介绍\n'));
    expect(allowed.verdict).toBe('pass');
    expect(allowed.suppressed[0].suppressed).toMatchObject({ by: 'allowlist', reason: 'published in 2023' });
    const waived = await createScanner({
      ocr: false,
      dictionaries: [],
      dictionaryTexts: [{ name: 'user.txt', text: '@category project\n@boundary none\n天穹计划\n' }],
      policy: { waivers: [{ fingerprint: f.fingerprint, reason: 'approved for release', approvedBy: '王审查', expires: '2999-12-31' }] },
    });
    const w = await waived.scan(enc('关于天穹计划的进展汇报\n'));
    expect(w.verdict).toBe('pass');
    expect(w.suppressed[0].suppressed).toMatchObject({ by: 'waiver', approvedBy: '王审查' });
  });

  it('rejects a malformed dictionary with the file and line', async () => {
    await expect(createScanner({ ocr: false, dictionaries: [], dictionaryTexts: [{ name: 'bad.txt', text: '@severity maybe\n' }] })).rejects.toThrow(/bad.txt:1/);
  });
});
