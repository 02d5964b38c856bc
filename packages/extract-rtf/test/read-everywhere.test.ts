/**
 * Text the RTF reader had passed over: tables and records written out of their place, `\upr`
 * copies, `\uN` fallbacks holding `\bin` data, numbers longer than the tokenizer read. Each is
 * read now (in place, or as hidden text); a benign twin keeps passing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, type Extraction, type TextPart } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractRtf } from '../src/index.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const ctx = { limits: DEFAULT_LIMITS };
const rtf = (s: string) => new Uint8Array(Buffer.from(s, 'latin1'));
const read = (s: string) => extractRtf(rtf(s), ctx);
const part = (x: Extraction, id: string): TextPart => {
  const p = x.parts.find((q) => q.id === id);
  if (!p) throw new Error(`no part ${id} in ${x.parts.map((q) => q.id).join(', ')}`);
  return p;
};
/** `\uN?` escapes of `s`. */
const u = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0) > 0x7fff ? c.charCodeAt(0) - 0x10000 : c.charCodeAt(0)}?`).join('');
/** GBK bytes of `s` as `\'xx` escapes. */
const gbk = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 0x80 ? c : GBK[c])).join('');
// GBK codes of the characters the tests write (from the GBK table).
const GBK: Record<string, string> = { 机: "\\'bb\\'fa", 密: "\\'c3\\'dc", '★': "\\'a1\\'ef", 年: "\\'c4\\'ea", 公: "\\'b9\\'ab", 开: "\\'bf\\'aa", 通: "\\'cd\\'a8", 知: "\\'d6\\'aa" };
const HEAD = `{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}{\\f1\\fswiss\\fcharset0 Arial;}}{\\colortbl;\\red0\\green0\\blue0;}{\\stylesheet{\\s0 Normal;}{\\s1 heading 1;}}`;
const TITLE = `\\pard ${u('江临市交通运输局关于做好春运工作的通知')}\\par `;
const BODY = `\\pard ${u('各县区交通运输局：现将有关事项通知如下。')}\\par `;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());
const verdict = async (doc: string) => (await scanner.scan(rtf(doc), { filename: 'doc.rtf' })).verdict;

describe('RTF tables and records out of their place', () => {
  it.each(['stylesheet', 'colortbl', 'revtbl', 'listoverridetable', 'creatim', 'pgdsctbl', 'tcelld', 'xmlattrns', 'chftnsep'])('{\\%s 机密★5年} in the body is read as hidden text and blocks', async (dest) => {
    const doc = `${HEAD}${TITLE}\\pard hello {\\${dest} ${u('机密★5年')}}\\par ${BODY}}`;
    const x = await read(doc);
    expect(part(x, 'unknown-destinations')).toMatchObject({ role: 'hidden', text: '机密★5年' });
    expect(part(x, 'body').text).not.toContain('机密');
    expect(await verdict(doc)).toBe('block');
  });

  it('the tables of the head, the ignorable ones Word writes after the body and tables without text stay skipped: a Word-like notice passes', async () => {
    const tail = `{\\*\\latentstyles\\lsdstimax267{\\lsdlockedexcept Normal;heading 1;Table Grid;}}{\\*\\themedata 504b0304}{\\colortbl;\\red255\\green0\\blue0;}`;
    const doc = `${HEAD}{\\*\\revtbl {Unknown;}{${u('李明')};}}{\\info{\\creatim\\yr2024\\mo5\\dy8}}${TITLE}${BODY}${tail}}`;
    const x = await read(doc);
    expect(x.parts.map((p) => p.id)).toEqual(['body']);
    expect(await verdict(doc)).toBe('pass');
  });

  it('a table holding text nested 50,000 deep in the body is read once, in linear time', async () => {
    const deep = `${HEAD}\\pard x ${'{\\stylesheet '.repeat(50_000)}${u('机密★5年')}${'}'.repeat(50_000)}\\par}`;
    const t = process.cpuUsage();
    const x = await read(deep);
    expect(part(x, 'unknown-destinations').text).toBe('机密★5年');
    expect(cpuMsSince(t)).toBeLessThan(5000);
  });
});

describe('RTF \\upr', () => {
  it('a \\upr with no \\ud copy, or not at the head of its group, is not dropped: hidden text, or text in place, and it blocks', async () => {
    const noUd = `${HEAD}${TITLE}\\pard {\\upr ${gbk('机密★5年')}}\\par ${BODY}}`;
    expect(part(await read(noUd), 'unknown-destinations')).toMatchObject({ role: 'hidden', text: '机密★5年' });
    expect(await verdict(noUd)).toBe('block');
    // {\b\upr …}: no destination there; the text is shown, in bold.
    const midGroup = `${HEAD}\\pard {\\b\\upr ${gbk('机密★5年')}}\\par ${TITLE}${BODY}}`;
    expect(part(await read(midGroup), 'body').text.split('\n')[0]).toBe('机密★5年');
    expect(await verdict(midGroup)).toBe('block');
  });

  it('{\\upr{ANSI}{\\*\\ud{Unicode}}}: the Unicode copy is the text, the ANSI copy hidden text; in \\info the property is the Unicode copy', async () => {
    const x = await read(`${HEAD}{\\info{\\upr{\\title ${gbk('机密★5年')}}{\\*\\ud{\\title ${u('春运工作通知')}}}}}${TITLE}\\pard {\\upr{${gbk('机密★5年')}}{\\*\\ud{${u('公开')}}}}\\par}`);
    expect(part(x, 'info#title').text).toBe('春运工作通知');
    expect(part(x, 'body').text.split('\n')[1]).toBe('公开');
    expect(part(x, 'unknown-destinations').text).toBe('机密★5年\n机密★5年');
    // A notice whose title Word wrote with \upr, both copies alike, passes.
    const benign = `${HEAD}{\\info{\\upr{\\title ${gbk('公开通知')}}{\\*\\ud{\\title ${u('公开通知')}}}}}${TITLE}\\pard {\\upr{${gbk('通知')}}{\\*\\ud{${u('通知')}}}}\\par ${BODY}}`;
    expect(await verdict(benign)).toBe('pass');
  });
});

describe('RTF tokens read whole', () => {
  it('\\bin data standing as a \\uN fallback uses up the skip count: \\u26426\\bin1 x\\u23494? reads 机密', async () => {
    const doc = `${HEAD}${TITLE}\\pard \\uc1\\u26426\\bin1 x\\u23494?\\u9733?5\\u24180?\\par ${BODY}}`;
    expect(part(await read(doc), 'body').text.split('\n')[1]).toBe('机密★5年');
    expect(await verdict(doc)).toBe('block');
    // \uc2 with one \bin and one byte: both fallbacks used up.
    expect(part(await read(`${HEAD}\\pard \\uc2\\u26426\\bin1 xy\\u23494??\\par}`), 'body').text).toBe('机密');
  });

  it('a parameter of any length is read whole: \\u000000026426? is 机, \\uc000000000001 is \\uc1, an absurd one is clamped and a loss', async () => {
    for (const doc of [`\\pard \\u000000026426?\\u000000023494?\\u9733?5\\u24180?\\par`, `\\pard \\uc000000000001 \\u26426?\\u23494?\\u9733?\\u53?\\u24180?\\par`]) {
      expect(part(await read(`${HEAD}${doc}}`), 'body').text).toBe('机密★5年');
      expect(await verdict(`${HEAD}${TITLE}${doc}${BODY}}`)).toBe('block');
    }
    const x = await read(`${HEAD}\\pard a\\u${'9'.repeat(100_000)}?b\\fs${'0'.repeat(50)}24 c\\par}`);
    expect(part(x, 'body').text).toBe('abc');
    expect(x.loss).toEqual([expect.objectContaining({ kind: 'undecodable-bytes', count: 1 })]);
  });
});

describe('RTF property fields show their values where they stand', () => {
  const info = (inner: string) => `{\\info${inner}}`;
  const line = (field: string, result = '') => `\\pard ${u('机')}{\\field{\\*\\fldinst ${field}}{\\fldrslt ${result}}}\\par `;
  it.each([
    ['TITLE', info(`{\\title ${u('密★5年')}}`)],
    ['SUBJECT \\\\* MERGEFORMAT', info(`{\\subject ${u('密★5年')}}`)],
    ['KEYWORDS', info(`{\\keywords ${u('密★5年')}}`)],
    ['AUTHOR', info(`{\\author ${u('密★5年')}}`)],
    ['COMMENTS', info(`{\\doccomm ${u('密★5年')}}`)],
    ['DOCPROPERTY Title', info(`{\\title ${u('密★5年')}}`)],
    [`DOCPROPERTY ${u('密级')}`, `{\\*\\userprops {\\propname ${u('密级')}}\\proptype30{\\staticval ${u('密★5年')}}}`],
    ['DOCVARIABLE level', `{\\*\\docvar {level}{${u('密★5年')}}}`],
  ])('机 + %s with an empty result reads 机密★5年 in the body and blocks', async (field, head) => {
    const doc = `${HEAD}${head}${line(field)}${TITLE}}`;
    expect(part(await read(doc), 'body').text.split('\n')[0]).toBe('机密★5年');
    expect(await verdict(doc)).toBe('block');
  });

  it('a result is kept and a value it does not show is hidden text; a field without a result group shows the value; an ordinary title field passes', async () => {
    const head = info(`{\\title ${u('密★5年')}}`);
    const kept = await read(`${HEAD}${head}${line('TITLE', u('通知'))}}`);
    expect(part(kept, 'body').text).toBe('机通知');
    expect(part(kept, 'body#hidden').text).toBe('密★5年');
    expect(part(await read(`${HEAD}${head}\\pard ${u('机')}{\\field{\\*\\fldinst TITLE}}\\par }`), 'body').text).toBe('机密★5年');

    const benign = `${HEAD}${info(`{\\title ${u('春运工作方案')}}{\\*\\company ${u('江临市交通运输局')}}`)}\\pard ${u('文件名称：')}{\\field{\\*\\fldinst TITLE}{\\fldrslt }}\\par ${BODY}}`;
    expect(part(await read(benign), 'body').text.split('\n')[0]).toBe('文件名称：春运工作方案');
    expect(await verdict(benign)).toBe('pass');
  });
});

describe('RTF list labels are drawn from the list table where no \\listtext caches them', () => {
  const level = (nfc: number, text: string, extra = '') => `{\\listlevel\\levelnfc${nfc}\\levelstartat1${extra}{\\leveltext${text};}{\\levelnumbers;}\\fi-420\\li420}`;
  const lists = (levels: string, id = 7, ls = 1) => `{\\*\\listtable{\\list\\listtemplateid1${levels}\\listid${id}}}{\\*\\listoverridetable{\\listoverride\\listid${id}\\listoverridecount0\\ls${ls}}}`;

  it('a one-letter bullet 机 before an item 密★5年 reads 机密★5年 and blocks (Word and LibreOffice draw it)', async () => {
    const doc = `${HEAD}${lists(level(23, `\\'01${u('机')}`, '\\levelfollow2'))}\\pard\\ls1 ${u('密★5年')}\\par ${TITLE}}`;
    const x = await read(doc);
    expect(part(x, 'body').text.split('\n')[0]).toBe('机密★5年');
    expect(await verdict(doc)).toBe('block');
  });

  it('a numbered label: 机密★ + the number (start 5) + 年 before the text, in GBK bytes too', async () => {
    const doc = `${HEAD}${lists(`{\\listlevel\\levelnfc0\\levelstartat5\\levelfollow1{\\leveltext\\'05${gbk('机密★')}\\'00${gbk('年')};}{\\levelnumbers\\'04;}}`, 3, 2)}\\pard\\ls2 ${u('（正文）')}\\par ${TITLE}}`;
    expect(part(await read(doc), 'body').text.split('\n')[0]).toBe('机密★5年 （正文）');
    expect(await verdict(doc)).toBe('block');
  });

  it('benign: 第一条… counted per level (a higher item restarts the lower), a \\listtext cache (before or after the \\pard) read as it is, not doubled, and it passes', async () => {
    const levels = level(37, `\\'03${u('第')}\\'00${u('条')}`) + level(0, "\\'02\\'01.");
    const doc = `${HEAD}${lists(levels)}${TITLE}` +
      // Word writes the cache before the paragraph's \\pard\\ls, LibreOffice between them.
      `{\\listtext\\pard\\plain ${u('第一条')}\\tab}\\pard\\ls1 ${u('为做好春运工作，制定本方案。')}\\par ` +
      `\\pard\\ls1 ${u('各单位应当加强值班值守。')}\\par ` +
      `\\pard\\ls1\\ilvl1 ${u('客运站点')}\\par \\pard\\ls1\\ilvl1 ${u('高速服务区')}\\par ` +
      `\\pard{\\listtext\\pard\\plain ${u('第三条')}\\tab}\\ilvl0\\ls1 ${u('本方案自印发之日起施行。')}\\par \\pard\\ls1\\ilvl1 ${u('附件')}\\par ${BODY}}`;
    expect(part(await read(doc), 'body').text).toBe(
      ['江临市交通运输局关于做好春运工作的通知', '第一条\t为做好春运工作，制定本方案。', '第二条\t各单位应当加强值班值守。', '1.\t客运站点', '2.\t高速服务区', '第三条\t本方案自印发之日起施行。', '1.\t附件', '各县区交通运输局：现将有关事项通知如下。'].join('\n'),
    );
    expect(await verdict(doc)).toBe('pass');
  });

  it('hostile: 100,000 items and a level text of 100,000 characters read in linear time', async () => {
    const items = `\\pard\\ls1 ${u('项')}\\par `.repeat(100000);
    const t = process.cpuUsage();
    const x = await read(`${HEAD}${lists(level(0, `\\'02\\'00.${'x'.repeat(100000)}`))}${items}}`);
    expect(part(x, 'body').text.split('\n')[99999]).toBe('100000.\t项');
    expect(cpuMsSince(t)).toBeLessThan(8000);
  });
});
