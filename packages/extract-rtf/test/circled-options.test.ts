/**
 * A form's option boxed, circled or highlighted (密级：绝密 机密 秘密 with the chosen level marked), as
 * Word writes it in RTF: a character border (\chbrdr\brdrs), an enclosed character (带圈字符:
 * {\field{\*\fldinst EQ \\o\\ac(○,机)}}, with or without its stored result), a highlight or shading
 * (\highlight, \chcbpat), or an ellipse shape (\shp, shapeType 3) drawn over the row. Read whole the
 * row lists the three levels — a blank form — and passed. A paragraph with one boxed or circled
 * stretch, or in a row listing the levels one highlighted option, is now also read as that stretch
 * chosen (body#circled-choice: 密级：机密); a row with an ellipse over it is unread (review).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

/** Chinese text as RTF \u escapes. */
const u = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 0x80 ? c : `\\u${c.charCodeAt(0)}?`)).join('');
const COLOURS = '{\\colortbl;\\red0\\green0\\blue0;\\red255\\green255\\blue0;\\red217\\green217\\blue217;\\red255\\green255\\blue255;}';
const slip = (row: string, more = '') =>
  new TextEncoder().encode(
    `{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}${COLOURS}\\f0 ${u('文件处理单')}\\par ${u('来文单位：江临市发展和改革委员会')}\\par ${row}\\par ${more}${u('事由：关于下达年度投资计划的函')}\\par}`,
  );
const boxed = (s: string, border = '\\chbrdr\\brdrs\\brdrw10\\brsp20') => `{${border} ${u(s)}}`;
/** Word's enclosed character: EQ \o\ac(○,ch), with or without its stored result. */
const enclosed = (ch: string, result: boolean) => `{\\field{\\*\\fldinst {EQ \\\\o\\\\ac(${u('○')},${u(ch)})}}${result ? `{\\fldrslt {${u(ch)}}}` : ''}}`;
const ELLIPSE = '{\\shp{\\*\\shpinst\\shpleft1420\\shptop-40\\shpright2260\\shpbottom300\\shpfhdr0\\shpbxcolumn\\shpbypara\\shpwr3\\shpz0{\\sp{\\sn shapeType}{\\sv 3}}{\\sp{\\sn fFilled}{\\sv 0}}{\\sp{\\sn lineColor}{\\sv 255}}}}';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('RTF: an option boxed, circled or highlighted', () => {
  it.each([
    ['a character border around 机密 (\\chbrdr)', `${u('密级：绝密 ')}${boxed('机密')}${u(' 秘密')}`],
    ['an enclosed 机 (EQ \\o\\ac, no stored result)', `${u('密级：绝密 ')}${enclosed('机', false)}${u('密 秘密')}`],
    ['an enclosed 机 with its stored result', `${u('密级：绝密 ')}${enclosed('机', true)}${u('密 秘密')}`],
    ['机密 highlighted (\\highlight)', `${u('密级：绝密 ')}{\\highlight2 ${u('机密')}}${u(' 秘密')}`],
    ['机密 shaded (\\chcbpat)', `${u('密级：绝密 ')}{\\chcbpat3 ${u('机密')}}${u(' 秘密')}`],
  ])('%s blocks, found in the reading of the choice', async (_, row) => {
    const r = await scanner.scan(slip(row), { filename: 'slip.rtf' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'body#circled-choice')).toBe(true);
  });

  it('an ellipse shape anchored in a 密级 row is unread (review); in a row of 公开 it passes', async () => {
    const r = await scanner.scan(slip(`${u('密级：绝密 机密 秘密')}${ELLIPSE}`), { filename: 'slip.rtf' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((x) => /ellipse/.test(x.detail))).toBe(true);
    expect((await scanner.scan(slip(`${u('密级：公开')}${ELLIPSE}`), { filename: 'slip.rtf' })).verdict).toBe('pass');
  });

  it.each([
    ['nothing marked', u('密级：绝密 机密 秘密')],
    ['公开 boxed', `${u('密级：绝密 机密 秘密 ')}${boxed('公开')}`],
    ['公开 circled', `${u('密级：绝密 机密 秘密 ')}${enclosed('公', false)}${u('开')}`],
    ['公开 highlighted', `${u('密级：绝密 机密 秘密 ')}{\\highlight2 ${u('公开')}}`],
    ['every option boxed', `${u('密级：')}${boxed('绝密')} ${boxed('机密')} ${boxed('秘密')}`],
    ['the border switched off (\\brdrnone)', `${u('密级：绝密 ')}${boxed('机密', '\\chbrdr\\brdrnone')}${u(' 秘密')}`],
    ['a white highlight', `${u('密级：绝密 ')}{\\highlight4 ${u('机密')}}${u(' 秘密')}`],
    ['a boxed paragraph of prose', boxed('各单位收到的机密、秘密文件，应当由专人管理，按规定登记、传阅和清退。')],
    ['a boxed word in a sentence', `${u('各单位：凡标注为')}${boxed('机密')}${u('的文件，一律按规定办理。')}`],
    ['a boxed level opening a list in a sentence', `${u('各单位要严格执行')}${boxed('绝密')}${u('、机密、秘密文件的登记制度。')}`],
    ['a highlighted level in a rule that names the levels', `${u('第二条 国家秘密的密级分为绝密、')}{\\highlight2 ${u('机密')}}${u('、秘密三级。')}`],
    ['a circled number in text', u('办理要求：①当日登记；②按时清退。')],
  ])('%s: pass', async (_, row) => {
    const r = await scanner.scan(slip(row), { filename: 'slip.rtf' });
    expect(r.verdict).toBe('pass');
  });
});

describe('RTF: boxed runs stay linear', () => {
  it('100,000 boxed runs in one paragraph, and 100,000 paragraphs with one each, read in seconds', async () => {
    const { extractRtf } = await import('../src/index.ts');
    const { DEFAULT_LIMITS } = await import('@prepub/core');
    const one = `{\\rtf1\\ansi\\ansicpg936 ${`{\\chbrdr\\brdrs ${u('机')}}${u('密')} `.repeat(100_000)}\\par}`;
    const many = `{\\rtf1\\ansi\\ansicpg936 ${`${u('密级：绝密 ')}{\\chbrdr\\brdrs ${u('机密')}}\\par `.repeat(100_000)}}`;
    for (const doc of [one, many]) {
      const t0 = process.cpuUsage();
      const r = await extractRtf(new TextEncoder().encode(doc), { limits: DEFAULT_LIMITS });
      expect(r.parts.length).toBeGreaterThan(0);
      // About 2.5 s of CPU each: the bound is loose, a quadratic pass takes hours.
      expect(cpuMsSince(t0)).toBeLessThan(10_000);
    }
  }, 120_000);
});
