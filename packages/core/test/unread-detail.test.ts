/**
 * Unread items in Chinese: every sentence the readers write for an unread item gets a catalogue
 * ref whose Chinese rendering explains it, and no Chinese explanation is English only.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fileErrorDetailRef, hasCjk, localizeResult, lossDetailRef, renderMessage, unreadDetail, unreadDetailRef, type LocalizableResult, type UnreadItem, type UnreadReason } from '@prepub/core';

const ROOT = path.join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

/** A template literal's text with each `${…}` filled with a sample value. */
function fill(template: string): string {
  let s = template;
  for (let i = 0; i < 6 && s.includes('${'); i++) s = s.replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '12');
  return s.replace(/\\'/g, "'").replace(/\\\\/g, '\\');
}

/** `reason: 'x', detail: '…'` and `reason: 'x', detail: \`…\`` written anywhere a reader makes an unread item. */
function readerSentences(): Array<{ file: string; reason: UnreadReason; detail: string }> {
  const dirs = readdirSync(path.join(ROOT)).filter((d) => /^(extract-|extractors$|ooxml$|ocr$|scanner$)/.test(d));
  const out: Array<{ file: string; reason: UnreadReason; detail: string }> = [];
  for (const d of dirs) {
    const src = path.join(ROOT, d, 'src');
    try {
      statSync(src);
    } catch {
      continue;
    }
    for (const file of sources(src)) {
      const text = readFileSync(file, 'utf8');
      // `{ reason: 'x', detail: … }`, a reader's `fail(result, 'x', …)` and `unread('x', …)` helpers.
      const re = /(?:reason: '([a-z-]+)',\s*detail:\s*|\bfail\(result, '([a-z-]+)',\s*|\bunread\('([a-z-]+)',\s*)(?:'((?:[^'\\]|\\.)*)'|`((?:[^`\\]|\\.)*)`)/g;
      for (const m of text.matchAll(re)) {
        out.push({ file: path.relative(ROOT, file), reason: (m[1] ?? m[2] ?? m[3]) as UnreadReason, detail: fill(m[4] ?? m[5]) });
      }
    }
  }
  return out;
}

/** Reasons whose sentences have a specific Chinese text (the others may fall back to the reason, with the sentence after it). */
const SPECIFIC: UnreadReason[] = ['encrypted', 'corrupt', 'limit', 'timeout', 'aborted', 'empty', 'ocr-empty', 'ocr-failed', 'ocr-unavailable', 'ocr-low-confidence', 'crashed', 'text-loss'];

describe('unread details in Chinese', () => {
  const found = readerSentences();

  it('finds the readers\' sentences', () => {
    expect(found.length).toBeGreaterThan(140);
    for (const r of ['encrypted', 'corrupt', 'limit', 'timeout', 'aborted'] as const) expect(found.some((f) => f.reason === r), r).toBe(true);
  });

  it.each(SPECIFIC)('every %s sentence a reader writes has a specific Chinese text', (reason) => {
    for (const f of found.filter((x) => x.reason === reason)) {
      const ref = unreadDetailRef(f);
      expect(ref.id, `${f.file}: ${f.detail}`).not.toBe('unread.detail.generic');
      expect(hasCjk(unreadDetail('zh', f)), f.detail).toBe(true);
    }
  });

  it('every sentence a reader writes reads in Chinese, the English at most in parentheses after it', () => {
    for (const f of found) {
      const z = unreadDetail('zh', f);
      expect(hasCjk(z), `${f.file}: ${f.detail}`).toBe(true);
      // The Chinese comes first: the English sentence is never the whole explanation or its start.
      expect(z.startsWith(f.detail)).toBe(false);
      expect(/^[\u3400-\u9fff（]|^[^A-Za-z]*[\u3400-\u9fff]/.test(z) || /^\S+ (读取程序|字节|毫秒)/.test(z), z).toBe(true);
      expect(unreadDetail('en', f)).toBe(f.detail);
    }
  });

  it('reads the common sentences with their numbers', () => {
    const zh = (reason: UnreadReason, detail: string) => unreadDetail('zh', { reason, detail });
    expect(zh('limit', '300 bytes is over the file size limit of 200 bytes')).toBe('文件大小 300 字节，超过 200 字节的限制，未读取');
    expect(zh('timeout', 'reading took longer than 60000 ms')).toBe('读取用时超过 60000 毫秒，已被停止');
    expect(zh('timeout', 'Page 3 took longer than 20000 ms.')).toBe('第3页未能在 20000 毫秒内读完');
    expect(zh('corrupt', 'word/document.xml does not match its checksum: it is damaged or was altered.')).toContain('校验值');
    expect(zh('corrupt', 'word/document.xml is not well-formed XML (unclosed tag): what the damage hides from the reader cannot be told, so the part is not counted as read.')).toContain('XML');
    expect(zh('limit', 'Not read: the archive had already inflated past the limit of 1000 bytes.')).toContain('1000 字节');
    expect(zh('ocr-empty', 'The picture is not blank (ink on 3.20% of it) but OCR read no text from it, tried a, b; if …')).toContain('3.20%');
    expect(zh('crashed', "not read: the reader's worker thread died: exit code 134")).toBe('读取进程在读取时崩溃（exit code 134）');
    expect(zh('encrypted', 'The document is password-protected (an encrypted Office package); its content cannot be read without the password.')).toContain('密码');
  });

  it('reads the scanner\'s loss tail: kind, count and total', () => {
    const item: UnreadItem = { where: 'page 3', reason: 'text-loss', detail: '12 of 4000 glyphs on page 3 are drawn from glyph ids without text (unmapped-glyphs: 12 of 4000)' };
    expect(unreadDetailRef(item)).toEqual(lossDetailRef({ kind: 'unmapped-glyphs', count: 12, total: 4000 }));
    expect(unreadDetail('zh', item)).toBe('4000 个字形中有 12 个没有 Unicode 映射（字体未给出对应文字），这些字的内容未能读取');
  });

  it('falls back to the reason, the sentence after it in parentheses, for any reason and sentence', () => {
    const reasons: UnreadReason[] = ['unsupported-format', 'encrypted', 'corrupt', 'empty', 'limit', 'timeout', 'aborted', 'ocr-unavailable', 'ocr-failed', 'ocr-low-confidence', 'embedded-object', 'text-loss', 'ocr-empty', 'crashed', 'error'];
    fc.assert(
      fc.property(fc.constantFrom(...reasons), fc.string(), (reason, detail) => {
        const z = unreadDetail('zh', { reason, detail });
        const ref = unreadDetailRef({ reason, detail });
        return hasCjk(renderMessage('zh', ref)) && hasCjk(z) && (z === detail ? false : true);
      }),
    );
  });

  it('localizeResult adds the Chinese text and keeps the English detail and the machine fields', () => {
    const u: UnreadItem = { where: 'file', reason: 'encrypted', detail: 'The workbook is password-protected (FILEPASS): its cells cannot be read without the password.' };
    const r: LocalizableResult = { verdict: 'review', reasons: [], findings: [], suppressed: [], coverage: { unread: [u] }, errors: [], policyVersion: 'x' };
    const z = localizeResult(r, 'zh').coverage.unread[0];
    expect(z.detail).toBe(u.detail);
    expect(z.reason).toBe('encrypted');
    expect(z.detailRef).toEqual({ id: 'unread.detail.encrypted', params: {} });
    expect(hasCjk(z.detailText ?? '')).toBe(true);
    const back = localizeResult(localizeResult(r, 'zh'), 'en').coverage.unread[0];
    expect(back.detailText).toBeUndefined();
    expect(back.detail).toBe(u.detail);
  });

  it('files that never reached the scanner: crawl, queue and file errors by their code', () => {
    const zh = (code: string, message: string, reason: UnreadReason = 'error') => renderMessage('zh', fileErrorDetailRef(code, message, reason));
    expect(zh('ROBOTS', 'robots.txt disallows fetching it, so it was not read', 'limit')).toBe('robots.txt 不允许抓取，因此未读取');
    expect(zh('LIMIT', 'not read: the crawl stopped at 20 pages (--max-pages)', 'limit')).toBe('未读取：抓取在达到上限时停止（20 个网页）');
    expect(zh('LIMIT', 'the file is 300 bytes, over the limit of 200 bytes (limits.maxFileBytes)', 'limit')).toBe('文件大小 300 字节，超过 200 字节的限制，未读取');
    expect(zh('DEAD_LETTER', 'every attempt to scan it failed (3 attempts; last: a worker stopped)', 'crashed')).toBe('每次扫描尝试都失败了（共 3 次；最后一次：a worker stopped）');
    expect(zh('ENOENT', 'no such file or folder: a.docx')).toBe('文件或文件夹不存在');
    expect(zh('EIO', 'cannot read a.docx: i/o error')).toBe('文件未读取：cannot read a.docx: i/o error');
    expect(zh('ABORTED', 'the scan was interrupted before this file was read', 'aborted')).toBe('扫描在读取这部分内容之前被取消');
    // The messages as packages/cli/src/files.ts and packages/queue/src/crawl.ts write them.
    expect(zh('EXCLUDED', 'the default excludes (.git, node_modules, .hg, .svn) kept this folder inside the scanned folder out of the scan, not read: uploads/node_modules/, holding 2 files (uploads/node_modules/a.pdf, uploads/node_modules/b.txt). An --include pattern naming the folder (such as \'**/node_modules/**\') reads them; to leave them out on purpose, give --exclude or list them in the working folder\'s .prepubignore')).toBe('未读取：默认排除规则（.git、node_modules、.hg、.svn）将被扫描文件夹中的 uploads/node_modules/ 排除在扫描之外，其中有 2 个文件');
    expect(zh('IGNORED', 'this ignore file, inside the scanned folder, kept 2 entries out of the scan, not read: a.txt, b/. To leave them out on purpose, put the rules in the working folder\'s .prepubignore or give --exclude; --no-ignore-files reads them')).toBe('未读取：被扫描文件夹中的此忽略文件将 2 项排除在扫描之外：a.txt, b/');
    expect(zh('LIMIT', "not fetched: the first of 98,999 list pages (to index_99999.html, 1 list(s)) the page's scripts draw past the 2,000 followed per page and 1,000 per list; none of them was read", 'limit')).toBe('未抓取：页面脚本生成的列表页超出抓取上限，自此页起共 98,999 页（至 index_99999.html）均未读取');
  });
});
