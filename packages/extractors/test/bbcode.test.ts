/**
 * BBCode, the markup of forum software (Discuz!, phpBB) and of portals built on it: a post stored as
 * `[color=#ffffff]机[/color]密★5年` is shown as a first line 机密★5年. It passed as text (a field, an
 * export, a .txt upload), the tags standing between the characters. Text holding BBCode is now also
 * read as the forum shows it (`body@bbcode`); the 公开 twin and a forum post about 保密宣传月 pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';
import { bbcodeReading } from '../src/bbcode.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const BODY = ['江临市人民政府办公室文件', '临政办发〔2026〕17号', '关于做好2027年元旦春节期间安全保卫工作的通知', '各区县人民政府，市政府各部门：'];
const post = (first: string) => `[align=left][color=#ffffff]${first.slice(0, 1)}[/color][size=1]${first.slice(1, 2)}[/size]${first.slice(2)}[/align]\n[img]https://bbs.example.gov.cn/data/attachment/forum/a.png[/img]\n${BODY.join('\n')}\n`;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

describe('BBCode read as the forum shows it', () => {
  it('a post whose first line is a marking split by tags blocks; 公开 and a news post pass', async () => {
    const r = await scanner.scan(utf8(post('机密★5年')), { filename: 'thread.txt' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'body@bbcode')).toBe(true);
    expect((await scanner.scan(utf8(post('公开')), { filename: 'thread.txt' })).verdict).toBe('pass');
    const news = utf8('[b]本市启动第十个保密宣传月活动[/b]\n[quote]市保密局在市民广场举办启动仪式，现场发放《保守国家秘密法》宣传册。[/quote]\n');
    expect((await scanner.scan(news, { filename: 'thread.txt' })).verdict).toBe('pass');
  });

  it('drops tags, ends lines at block tags, makes cells of [td], drops a picture’s address', () => {
    const text = '[p]机[b]密[/b]★5年[/p][table][tr][td]密级[/td][td]机密[/td][/tr][/table][img]http://x/a.png[/img]完';
    const p = bbcodeReading(text, 'body@bbcode', {})!;
    expect(p.text.split('\n').map((l) => l.trim()).filter(Boolean)).toEqual(['机密★5年', '密级\t机密', '完']);
  });

  it('a post past the first million characters is read too', async () => {
    // The BBCode check looked at the first 1M units only: a thread export whose hidden post came later passed.
    const filler = '本市各区县按照年度计划推进老旧小区改造工作，群众满意度持续提升。\n'.repeat(36000);
    const late = (first: string) => `[quote]楼主原帖[/quote]\n[align=center][color=#ffffff]${first.slice(0, 1)}[/color][size=1]${first.slice(1, 2)}[/size]${first.slice(2)}[/align]\n关于做好安全保卫工作的通知\n`;
    expect(filler.length).toBeGreaterThan(1 << 20);
    const r = await scanner.scan(utf8(filler + late('机密★5年')), { filename: 'thread.txt' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'body@bbcode')).toBe(true);
    expect((await scanner.scan(utf8(filler + late('公开')), { filename: 'thread.txt' })).verdict).toBe('pass');
  }, 60_000);
});
