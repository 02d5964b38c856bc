/** `prepub` in Chinese or English: --lang, the config's lang, the locale; help, errors, reports, explain. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCjk } from '@prepub/core';
import { helpTextsIn, runCli, spawnCli, tempTree, validateReport } from '../packages/cli/test/support.ts';
import { main } from '../packages/cli/src/main.ts';
import type { CliIo } from '../packages/cli/src/io.ts';
import { SECRET_NOTICE, NEWS } from './cli-fixtures.ts';

/** The summary block the pretty report ends with (after the last blank line). */
const summary = (out: string) => out.trimEnd().split('\n\n').pop()!;

describe('prepub scan in Chinese and in English', () => {
  const dir = tempTree({ 'notice.txt': SECRET_NOTICE, 'news.txt': NEWS });

  it('--lang zh gives Chinese summary lines, --lang en English ones, with the same verdicts and exit code', async () => {
    const zh = await runCli(['scan', '--lang', 'zh', '--no-ocr', '-f', 'pretty', 'notice.txt', 'news.txt'], { cwd: dir });
    const en = await runCli(['scan', '--lang=en', '--no-ocr', '-f', 'pretty', 'notice.txt', 'news.txt'], { cwd: dir });
    expect(zh.code).toBe(2);
    expect(en.code).toBe(2);
    expect(zh.stdout).toContain('禁止发布（block） notice.txt');
    expect(zh.stdout).toContain('1 处命中应禁止发布：marking.cn-state-secret');
    expect(zh.stdout).toContain('国家秘密标志 机密★5年（密级：机密，保密期限：5年）');
    expect(zh.stdout).toMatch(/位置：正文，第2行第1列/);
    const s = summary(zh.stdout).split('\n');
    expect(s[0]).toMatch(/^prepub \S+——共 2 个文件，用时 /);
    expect(s).toContain('  命中 1 处，已豁免 0 处，未读取内容 0 项，错误 0 个');
    expect(s).toContain('  1 个可以发布的文件未列出（--verbose 可列出）');
    expect(s.some((l) => /^ {2}禁止发布 +1$/.test(l))).toBe(true);
    for (const line of s) expect(hasCjk(line), line).toBe(true);

    expect(en.stdout).toContain('BLOCK  notice.txt');
    expect(en.stdout).toContain('State-secret marking 机密★5年 (机密, 5年)');
    const e = summary(en.stdout).split('\n');
    expect(e).toContain('  findings 1, suppressed 0, unread items 0, errors 0');
    for (const line of e) expect(hasCjk(line), line).toBe(false);
  });

  it('LANG=zh_CN.UTF-8 gives Chinese; LC_ALL and LC_MESSAGES come first; --lang wins over the locale', async () => {
    const run = (env: Record<string, string>, extra: string[] = []) => runCli(['scan', ...extra, '--no-ocr', '-f', 'pretty', 'notice.txt'], { cwd: dir, env });
    expect((await run({ LANG: 'zh_CN.UTF-8' })).stdout).toContain('命中 1 处：');
    expect((await run({ LANG: 'zh_CN.UTF-8', LC_ALL: 'C' })).stdout).toContain('1 finding:');
    expect((await run({ LANG: 'en_US.UTF-8', LC_MESSAGES: 'zh_CN.UTF-8' })).stdout).toContain('命中 1 处：');
    expect((await run({ LANG: 'zh_CN.UTF-8' }, ['--lang', 'en'])).stdout).toContain('1 finding:');
    expect((await run({})).stdout).toContain('1 finding:');
  });

  it('the config file\'s lang is used, between --lang and the locale', async () => {
    const cfgDir = tempTree({ 'notice.txt': SECRET_NOTICE, 'prepub.config.json': '{ "lang": "zh" }' });
    expect((await runCli(['scan', '--no-ocr', '-f', 'pretty', 'notice.txt'], { cwd: cfgDir, env: { LANG: 'en_US.UTF-8' } })).stdout).toContain('命中 1 处：');
    expect((await runCli(['scan', '--lang', 'en', '--no-ocr', '-f', 'pretty', 'notice.txt'], { cwd: cfgDir })).stdout).toContain('1 finding:');
    const bad = tempTree({ 'notice.txt': SECRET_NOTICE, 'prepub.config.json': '{ "lang": "fr" }' });
    expect((await runCli(['scan', '--no-ocr', 'notice.txt'], { cwd: bad })).code).toBe(3);
  });

  it('the JSON report carries the chosen language in message and reasons; machine fields do not change', async () => {
    const zh = await runCli(['scan', '--lang', 'zh', '--no-ocr', '-f', 'json', 'notice.txt'], { cwd: dir });
    const en = await runCli(['scan', '--lang', 'en', '--no-ocr', '-f', 'json', 'notice.txt'], { cwd: dir });
    const [z, e] = [JSON.parse(zh.stdout), JSON.parse(en.stdout)];
    expect(validateReport(z)).toBe('');
    const fz = z.results[0].findings[0];
    const fe = e.results[0].findings[0];
    expect(fz.message).toBe('国家秘密标志 机密★5年（密级：机密，保密期限：5年）');
    expect(fe.message).toBe('State-secret marking 机密★5年 (机密, 5年)');
    expect(fz.messageRef).toEqual(fe.messageRef);
    expect(fz.messageRef.id).toBe('finding.cn-state-secret');
    for (const k of ['ruleId', 'severity', 'score', 'fingerprint', 'location', 'explanation', 'category']) expect(fz[k]).toEqual(fe[k]);
    expect(z.results[0].reasons).toEqual(['1 处命中应禁止发布：marking.cn-state-secret']);
    expect(e.results[0].reasons).toEqual(['1 finding(s) at block severity: marking.cn-state-secret']);
  });

  it('the HTML report is Chinese with --lang zh', async () => {
    const zh = await runCli(['scan', '--lang', 'zh', '--no-ocr', '-f', 'html', 'notice.txt'], { cwd: dir });
    expect(zh.stdout).toContain('<html lang="zh-CN">');
    expect(zh.stdout).toContain('<h1>prepub 上网信息保密审查</h1>');
    expect(zh.stdout).toContain('<th>位置</th>');
  });
});

describe('unread content explained in Chinese', () => {
  const sample = (rel: string) => readFileSync(path.join(import.meta.dirname, '..', 'samples', rel));
  const dir = tempTree({
    'encrypted.docx': sample('docx/encrypted.docx'),
    'password.pdf': sample('pdf/user-password.pdf'),
    'truncated.docx': sample('docx/truncated.docx'),
    'glyphs.ofd': sample('ofd/unmapped-glyphs.ofd'),
    // Private-use characters: glyphs a font drew without a Unicode meaning (text loss).
    'pua.txt': '关于年度工作的通知\n\ue000\ue001\ue002 本单位各部门\n',
  });
  const files = ['encrypted.docx', 'password.pdf', 'truncated.docx', 'glyphs.ofd', 'pua.txt'];

  /** The lines under each file's "not read" heading of a pretty report. */
  const unreadLines = (out: string, heading: string) => {
    const lines: string[] = [];
    let inside = false;
    for (const line of out.split('\n')) {
      if (line.trim().startsWith(heading)) inside = true;
      else if (!line.startsWith('    ')) inside = false;
      else if (inside) lines.push(line.trim());
    }
    return lines;
  };

  it('a Chinese pretty report explains every unread item in Chinese: the English sentence never stands alone', async () => {
    const zh = await runCli(['scan', '--lang', 'zh', '--no-ocr', '-f', 'pretty', '--verbose', ...files], { cwd: dir });
    expect(zh.code).toBe(1);
    for (const reason of ['已加密', '文件损坏', '文字丢失']) expect(zh.stdout).toContain(reason);
    expect(zh.stdout).toContain('没有密码无法读取');
    expect(zh.stdout).toMatch(/个字形中有 \d+ 个没有 Unicode 映射/);
    expect(zh.stdout).toMatch(/个无效字符/);
    const lines = unreadLines(zh.stdout, '未读取内容');
    expect(lines.length).toBeGreaterThanOrEqual(files.length);
    for (const line of lines) {
      // `where：reason——explanation`: the explanation itself starts in Chinese; English may follow in parentheses.
      const explanation = line.split('——').slice(1).join('——');
      expect(explanation, line).toMatch(/[\u4e00-\u9fff]/);
      const beforeOriginal = explanation.split('（原文：')[0];
      expect(beforeOriginal, line).toMatch(/[\u4e00-\u9fff]/);
      expect(/^[A-Za-z]/.test(beforeOriginal.trim()), line).toBe(false);
    }
    const en = await runCli(['scan', '--lang', 'en', '--no-ocr', '-f', 'pretty', '--verbose', ...files], { cwd: dir });
    for (const line of unreadLines(en.stdout, 'not read')) expect(hasCjk(line), line).toBe(false);
  });

  it('a file that could not be opened: its unread item and its error line explained in Chinese', async () => {
    const zh = await runCli(['scan', '--lang', 'zh', '--no-ocr', '-f', 'pretty', 'missing.docx'], { cwd: dir });
    expect(zh.code).toBe(1);
    const lines = zh.stdout.split('\n').map((l) => l.trim());
    expect(lines).toContain('整个文件：出错——文件或文件夹不存在');
    expect(lines).toContain('文件未读取：文件或文件夹不存在');
    const error = lines.find((l) => l.startsWith('错误 '));
    expect(error).toMatch(/^错误 文件不存在（ENOENT）：/);
  });

  it('JSON keeps the English detail and adds the ref and the Chinese text; HTML, SARIF and CSV show the Chinese text', async () => {
    const [zj, ej] = await Promise.all(['zh', 'en'].map((lang) => runCli(['scan', '--lang', lang, '--no-ocr', '-f', 'json', 'encrypted.docx'], { cwd: dir })));
    const [z, e] = [JSON.parse(zj.stdout), JSON.parse(ej.stdout)];
    expect(validateReport(z)).toBe('');
    expect(validateReport(e)).toBe('');
    const [uz, ue] = [z.results[0].coverage.unread[0], e.results[0].coverage.unread[0]];
    expect(uz.detail).toBe(ue.detail);
    expect(uz.reason).toBe('encrypted');
    expect(uz.detailRef).toEqual({ id: 'unread.detail.encrypted', params: {} });
    expect(ue.detailRef).toEqual(uz.detailRef);
    expect(hasCjk(uz.detailText)).toBe(true);
    expect(ue.detailText).toBeUndefined();
    const text = uz.detailText as string;
    for (const format of ['html', 'sarif', 'csv']) {
      const out = await runCli(['scan', '--lang', 'zh', '--no-ocr', '-f', format, 'encrypted.docx'], { cwd: dir });
      expect(out.stdout, format).toContain(text);
    }
  });
});

describe('run-time messages in Chinese', () => {
  /** Runs `prepub serve` in-process until it has said where it listens, then stops it like SIGTERM. */
  async function serveOnce(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const stop = new AbortController();
    const io: CliIo = {
      stdout: { write: (s: string) => ((stdout += s), /(listening on|正在监听) /.test(stdout) && stop.abort(), true), isTTY: false, columns: 100 },
      stderr: { write: (s: string) => ((stderr += s), true), isTTY: false, columns: 100 },
      readStdin: async () => new Uint8Array(),
      env: { PREPUB_TOKENS: 'ops:0123456789abcdef0123', ...env },
      cwd: tempTree({}),
      signal: stop.signal,
    };
    const code = await main(['serve', '--port', '0', '--no-audit', '--no-ocr', ...args], io);
    return { code, stdout, stderr };
  }

  it('serve says where it listens and that it stopped, in Chinese under a Chinese locale or --lang zh', async () => {
    const zh = await serveOnce([], { LANG: 'zh_CN.UTF-8' });
    expect(zh.code).toBe(0);
    const lines = zh.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^prepub 审查服务正在监听 http:\/\/127\.0\.0\.1:\d+$/);
    expect(lines).toContain('prepub 审查服务已停止');
    for (const line of lines) expect(line).toMatch(/[\u4e00-\u9fff]/);
    const en = await serveOnce(['--lang', 'en'], { LANG: 'zh_CN.UTF-8' });
    expect(en.stdout.trim().split('\n')[0]).toMatch(/^prepub review service listening on http:\/\/127\.0\.0\.1:\d+$/);
    expect(hasCjk(en.stdout)).toBe(false);
  });

  it('queue commands\' usage errors in Chinese', async () => {
    const cwd = tempTree({ 'a.txt': NEWS });
    const env = { LANG: 'zh_CN.UTF-8' };
    const noQueue = await runCli(['submit', 'a.txt'], { cwd, env });
    expect(noQueue.code).toBe(3);
    expect(noQueue.stderr).toContain('需要 --queue redis://HOST:PORT');
    const badUrl = await runCli(['worker', '--queue', 'http://x'], { cwd, env });
    expect(badUrl.stderr).toContain('--queue 必须是 redis:// 地址，收到“http://x”');
    const noTokens = await runCli(['serve', '--no-audit'], { cwd, env });
    expect(noTokens.code).toBe(3);
    expect(noTokens.stderr.trim()).toBe('prepub: 未配置 API 令牌：请设置 PREPUB_TOKENS=名称:密钥（服务不会在无令牌的情况下开放运行）');
    const weak = await runCli(['serve', '--no-audit'], { cwd, env: { ...env, PREPUB_TOKENS: 'ops:short' } });
    expect(weak.stderr).toContain('令牌“ops”的密钥少于 16 个字符');
    const badStart = await runCli(['crawl', 'ftp://example.org/'], { cwd, env });
    expect(badStart.code).toBe(3);
    expect(badStart.stderr).toContain('起始网页必须是 http(s) 网址');
  });
});

describe('help, errors and explain', () => {
  it('every command, argument, option and exit code has a Chinese help text', async () => {
    const { texts, exitMeanings } = await helpTextsIn('zh');
    expect(texts.length).toBeGreaterThan(150);
    for (const text of [...texts, ...exitMeanings]) expect(hasCjk(text), `help text without Chinese: "${text}"`).toBe(true);
    const en = await helpTextsIn('en');
    for (const text of [...en.texts, ...en.exitMeanings]) expect(hasCjk(text), `English help text with Chinese: "${text}"`).toBe(false);
  });

  it('scan --help in Chinese under a Chinese locale, English otherwise', async () => {
    const zh = await runCli(['scan', '--help'], { cwd: '.', env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/^用法： prepub scan/m);
    expect(zh.stdout).toContain('选项：');
    expect(zh.stdout).toContain('退出码：');
    expect(zh.stdout).toContain('--lang <lang>');
    expect(zh.stdout).toContain('要扫描的文件或文件夹');
    const en = await runCli(['scan', '--help'], { cwd: '.', env: {} });
    expect(en.stdout).toMatch(/^Usage: prepub scan/m);
    expect(hasCjk(en.stdout)).toBe(false);
  });

  it('usage errors in the chosen language, a bad --lang is a usage error', async () => {
    const unknown = await runCli(['scan', '--bogus', 'x'], { cwd: '.', env: { LANG: 'zh_CN.UTF-8' } });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('错误：未知选项“--bogus”');
    const range = await runCli(['scan', '--lang', 'zh', '-j', '0', 'x'], { cwd: '.' });
    expect(range.code).toBe(3);
    expect(range.stderr).toContain('-j 必须是 1 到 64 之间的整数'.replace('-j', '--concurrency'));
    const bad = await runCli(['scan', '--lang', 'fr', 'x'], { cwd: '.' });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toContain('--lang must be zh or en, got "fr"');
  });

  it('config and policy errors in Chinese name file:line:column and the key, with the closest known one', async () => {
    const fail = async (files: Record<string, string>, args: string[], env: Record<string, string> = { LANG: 'zh_CN.UTF-8' }) => {
      const dir = tempTree({ 'x.txt': NEWS, ...files });
      const run = await runCli(args, { cwd: dir, env });
      expect(run.code).toBe(3);
      return run.stderr.trim();
    };
    const policy = (text: string) => fail({ 'policy.json': text }, ['scan', '--policy', 'policy.json', 'x.txt']);
    expect(await policy('{\n  "thresholds": { "blok": 0.8 }\n}')).toBe('prepub: policy.json:2:19：未知的键“blok”（位于 thresholds 中）（是否应为“block”？）');
    expect(await policy('{\n  "rules": {\n    "pii.emial": { "enabled": false }\n  }\n}')).toBe('prepub: policy.json:3:5：未知的规则 id“pii.emial”（是否应为“pii.email”？）；prepub explain 可列出全部规则');
    expect(await policy('{ "thresholds": { "block": 2 } }')).toBe('prepub: policy.json:1:28：thresholds.block 应 <= 1');
    expect(await policy('{\n  "thresholds": { "block": 0.8 \n}')).toMatch(/^prepub: policy\.json:3:2：不是有效的 JSON（/);
    expect(await policy('{ "allowlist": [ { "reason": "r" } ] }')).toMatch(/^prepub: policy\.json:1:18：allowlist\[0\] 需要 "text" 或 "pattern"$/);
    const config = (text: string, env?: Record<string, string>) => fail({ 'prepub.config.json': text }, ['scan', 'x.txt'], env);
    expect(await config('{\n  "limts": {}\n}')).toBe('prepub: prepub.config.json:2:3：未知的键“limts”（是否应为“limits”？）');
    expect(await config('{\n  "concurrency": "4"\n}')).toBe('prepub: prepub.config.json:2:18：concurrency 的类型应为整数');
    expect(await config('{ "failOn": "never" }')).toBe('prepub: prepub.config.json:1:13：failOn 只能是 "review"、"block" 之一');
    expect(await fail({}, ['scan', '--policy', 'missing.json', 'x.txt'])).toBe('prepub: 找不到策略文件：missing.json');
    // --lang wins over the locale; a config's own lang does not speak for its errors (it was not read).
    expect(await fail({}, ['scan', '--lang', 'en', '--policy', 'missing.json', 'x.txt'])).toBe('prepub: policy file not found: missing.json');
    expect(await config('{ "lang": "zh", "limts": {} }', { LANG: 'C.UTF-8' })).toBe('prepub: prepub.config.json:1:17: unknown key "limts" (did you mean "limits"?)');
  });

  it('explain in Chinese, from a real process under LANG=zh_CN.UTF-8', async () => {
    const run = await spawnCli(['explain', 'marking.cn-state-secret'], { cwd: '.', env: { LANG: 'zh_CN.UTF-8' } });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('marking.cn-state-secret — 国家秘密标志（密级标志）');
    expect(run.stdout).toContain('查找内容：');
    expect(run.stdout).toContain('如何豁免：');
    const list = await runCli(['explain', '--lang', 'zh'], { cwd: '.' });
    expect(list.stdout).toContain('居民身份证号');
    const unknown = await runCli(['explain', 'nope', '--lang', 'zh'], { cwd: '.' });
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('未知规则“nope”');
  });
});
