/**
 * LaTeX source read as typeset (`body@typeset`): a marking the page shows alone on its line, set
 * apart by commands, split by a comment or colour groups, or written once in a macro and used at
 * the top, blocks; the same constructions around 保密宣传月, and a document about the levels, pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DEFAULT_LIMITS, type ExtractContext } from '@prepub/core';
import { extractText } from '@prepub/extractors';
import { texReading } from '../src/tex.ts';
import { lineStartsOf } from '../src/readings.ts';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const BODY = '\\section{关于做好2027年度预算编制工作的通知}\n各处室：\n\n根据财政部统一部署，现将2027年度部门预算编制有关事项通知如下。请各处室于12月20日前报送。\n\n\\begin{flushright}办公室\\\\2026年12月1日\\end{flushright}\n';
const doc = (preamble: string, top: string): string => `\\documentclass{ctexart}\n${preamble}\\begin{document}\n${top}\n${BODY}\\end{document}\n`;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

describe('LaTeX source as typeset', () => {
  // [what, preamble, top of the document, the source the finding points at]
  const marked: Array<[string, string, string, string]> = [
    ['set right in an environment on one source line', '', '\\begin{flushright}机密★5年\\end{flushright}', '机密★5年'],
    ['after \\hfill, in bold, ended by \\\\', '', '\\hfill\\textbf{机密★5年}\\\\', '机密★5年'],
    ['split by a comment that eats the line break', '', '机%\n  密★5年\n', '机%\n  密★5年'],
    ['written once in a macro, used at the top', '\\newcommand{\\mj}{机密★5年}\n', '\\noindent\\mj\n', '机密★5年'],
    ['two \\def macros side by side', '\\def\\lv{机密}\\def\\pd{★5年}\n', '\\hfill\\lv\\pd\n', ''],
    ['each piece in a colour group', '', '{\\color{red}机}{\\color{red}密}\\textcolor{red}{★5年}\n', ''],
    ['centred, the star in bold after a size command', '', '\\begin{center}\\zihao{3}\\heiti 机密\\textbf{★}5年\\end{center}', ''],
    ['绝密 with the star in math', '', '\\begin{flushright}\\Large 绝密$\\bigstar$启用前\\end{flushright}', ''],
  ];
  it.each(marked)('%s: block, located in the source', async (_what, preamble, top, located) => {
    const tex = doc(preamble, top);
    const r = await scanner.scan(utf8(tex), { filename: 'notice.tex' });
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.location.part === 'body@typeset')!;
    expect(f).toBeDefined();
    if (located) {
      const src = f.location.source!;
      expect(tex.slice(src.start, src.end)).toBe(located);
    }
  });

  it('a table of 份号 and 密级 typeset as cells: block', async () => {
    const tex = doc('', '\\begin{tabular}{|c|c|}\\hline 份号 & 000123 \\\\ 密级 & 机密 \\\\ \\hline\\end{tabular}\n');
    const r = await scanner.scan(utf8(tex), { filename: 'notice.tex' });
    expect(r.verdict).toBe('block');
    const part = extractText(utf8(tex), { limits: DEFAULT_LIMITS, filename: 'notice.tex' } as ExtractContext).parts.find((p) => p.id === 'body@typeset')!;
    expect(part.text.split('\n')).toContain('密级\t机密');
  });

  const twins: Array<[string, string, string]> = [
    ['保密宣传月 set right', '', '\\begin{flushright}保密宣传月\\end{flushright}'],
    ['保密宣传月 in a macro', '\\newcommand{\\mj}{保密宣传月}\n', '\\noindent\\mj\n'],
    ['a section on the levels', '', '\\section{保密知识}\n国家秘密的密级分为绝密、机密、秘密三级。标注格式如“机密★5年”，应标注在首页左上角。\n'],
    ['a book title', '', '《秘密花园》读后感\n'],
  ];
  it.each(twins)('%s: pass with nothing unread', async (_what, preamble, top) => {
    const r = await scanner.scan(utf8(doc(preamble, top)), { filename: 'notice.tex' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });

  it('a file that only looks like LaTeX by its head is read so too; a .tex without a level word gets no second reading', () => {
    const tex = doc('', '\\begin{flushright}机密★5年\\end{flushright}');
    const parts = extractText(utf8(tex), { limits: DEFAULT_LIMITS, filename: 'upload.txt' } as ExtractContext).parts;
    expect(parts.find((p) => p.id === 'body@typeset')?.text.split('\n')[0]).toBe('机密★5年');
    const plain = extractText(utf8(doc('', '办公室')), { limits: DEFAULT_LIMITS, filename: 'a.tex' } as ExtractContext).parts;
    expect(plain.map((p) => p.id)).toEqual(['body']);
  });

  it('every unit of the reading maps to the source it came from (property)', () => {
    const tokens = ['机', '密', '★', '5', '年', 'a', ' ', '\n', '\n\n', '%', '\\\\', '{', '}', '\\textbf', '\\begin{center}', '\\end{center}', '&', '~', '$', '\\%', '\\newcommand{\\m}{密}', '\\m', '\\verb|x|', '\\section', '[', ']', '\\def\\n{机', '\\item', '\\begin{verbatim}', '\\end{verbatim}', '\\color{red}'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...tokens), { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        const part = texReading(text, 'body@typeset', {}, lineStartsOf(text));
        if (!part) return;
        const { starts, ends } = part.source!;
        expect(starts.length).toBe(part.text.length);
        for (let k = 0; k < part.text.length; k++) {
          const ch = part.text[k];
          expect(starts[k]).toBeLessThan(ends[k]);
          expect(ends[k]).toBeLessThanOrEqual(text.length);
          // A letter of the reading is that letter of the source, or a control symbol (\%) that typesets it.
          if (!/\s/.test(ch)) expect(text.slice(starts[k], ends[k]) === ch || text[starts[k]] === '\\').toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('characters TeX writes by their codes', () => {
  // A generated source (a converter that writes non-ASCII as ^^ bytes) or a font-oriented one (\char, \symbol).
  const marked: Array<[string, string]> = [
    ['^^ bytes (UTF-8)', '^^e6^^9c^^ba^^e5^^af^^86★5年'],
    ['^^^^ code points (XeTeX, LuaTeX)', '^^^^673a^^^^5bc6^^^^2605 5年'],
    ['\\char with hexadecimal codes', '\\char"673A\\char"5BC6★5年'],
    ['\\symbol with decimal codes', '\\symbol{26426}\\symbol{23494}★5年'],
  ];
  it.each(marked)('%s: block, located in the source', async (_what, top) => {
    const tex = doc('', `\\begin{flushright}${top}\\end{flushright}`);
    const r = await scanner.scan(utf8(tex), { filename: 'notice.tex' });
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.location.part === 'body@typeset')!;
    expect(tex.slice(f.location.source!.start, f.location.source!.end)).toBe(top);
  });

  it('the same codes for other words pass, as does a note on the ^^ notation', async () => {
    for (const [, top] of marked) {
      const twin = top.replace('^^e6^^9c^^ba^^e5^^af^^86', '^^e5^^85^^ac^^e5^^bc^^80').replace('^^^^673a^^^^5bc6', '^^^^516c^^^^5f00').replace('"673A\\char"5BC6', '"516C\\char"5F00').replace('{26426}\\symbol{23494}', '{20844}\\symbol{24320}');
      const r = await scanner.scan(utf8(doc('', `\\begin{flushright}${twin}\\end{flushright}`)), { filename: 'notice.tex' });
      expect(r.verdict, twin).toBe('pass');
    }
    const note = doc('', '用 \\verb|^^e6| 可写出字节，\\char"41 是字母A。');
    expect((await scanner.scan(utf8(note), { filename: 'notes.tex' })).verdict).toBe('pass');
  });
});
