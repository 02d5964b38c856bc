/**
 * PostScript and EPS files: the text is in string operands (literals with octal escapes, hex strings,
 * in the font's encoding). They are decoded into a part of their own, mapped to the escapes that
 * wrote them; what cannot be read (filtered data, glyph-id fonts, pictures) is a loss.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { DEFAULT_LIMITS, type ExtractContext, type TextPart } from '@prepub/core';
import { extractText } from '@prepub/extractors';
import { cmapEncoding, postscriptReading } from '../src/postscript.ts';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';

const latin1 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'latin1'));
const ctx = (filename?: string): ExtractContext => ({ limits: DEFAULT_LIMITS, ...(filename ? { filename } : {}) }) as ExtractContext;
const octal = (b: Uint8Array): string => [...b].map((x) => '\\' + x.toString(8).padStart(3, '0')).join('');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex').toUpperCase();

const MARK = '机密★5年';
const TITLE = '关于年度工作的通知';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

const psPart = (bytes: Uint8Array): TextPart | undefined => extractText(bytes, ctx('x.ps')).parts.find((p) => p.id === 'body@postscript');

describe('PostScript strings', () => {
  const cases: Array<[string, string]> = [
    ['GBK in octal escapes', `%!PS-Adobe-3.0\n/STSong-Light-GBK-EUC-H findfont 24 scalefont setfont\n72 720 moveto (${octal(iconv.encode(MARK, 'gbk'))}) show\n72 690 moveto (${octal(iconv.encode(TITLE, 'gbk'))}) show\nshowpage\n`],
    ['UTF-16BE in a hex string (UCS2 CMap)', `%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 200 100\n/STSong-Light-UniGB-UCS2-H findfont 24 scalefont setfont\n10 50 moveto <${hex(iconv.encode(MARK, 'utf16-be'))}> show\nshowpage\n`],
    ['UTF-8 in a hex string, no font named', `%!PS-Adobe-3.0\n72 720 moveto <${hex(new TextEncoder().encode(MARK)).toLowerCase()}> show\n72 700 moveto <${hex(new TextEncoder().encode(TITLE))}> show\nshowpage\n`],
    ['UTF-16BE with NUL high bytes, no font named', `%!PS-Adobe-3.0\n72 720 moveto <${hex(iconv.encode(MARK, 'utf16-be'))}> show\nshowpage\n`],
    ['split over two shows on one line', `%!PS-Adobe-3.0\n/STSong-Light-GBK-EUC-H findfont 24 scalefont setfont\n72 720 moveto (${octal(iconv.encode('机密', 'gbk'))}) show (${octal(iconv.encode('★5年', 'gbk'))}) show\n72 690 moveto (${octal(iconv.encode(TITLE, 'gbk'))}) show\nshowpage\n`],
  ];
  it.each(cases)('%s: decoded, and the marking blocks, located on the escapes', async (_what, ps) => {
    const bytes = latin1(ps);
    const part = psPart(bytes)!;
    expect(part.text.split('\n')[0]).toBe(MARK);
    const r = await scanner.scan(bytes, { filename: 'notice.ps' });
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
    expect(f.location.part).toBe('body@postscript');
    // The source range covers exactly the string's bytes as written (inside the brackets).
    const src = f.location.source!;
    expect(ps[src.start - 1]).toMatch(/[(<]/);
    expect(ps[src.end]).toMatch(/[)>]/);
    expect(ps.slice(src.start, src.end)).not.toContain('\n');
  });

  it('a banner in an ASCII string blocks; the finding points at the banner as written', async () => {
    const ps = '%!PS-Adobe-3.0\n%%Pages: 1\n/Helvetica findfont 24 scalefont setfont\n72 720 moveto (TOP SECRET//NOFORN) show\n72 680 moveto (Subject: deployment) show\nshowpage\n%%EOF\n';
    const r = await scanner.scan(latin1(ps), { filename: 'memo.ps' });
    expect(r.verdict).toBe('block');
    const src = r.findings[0].location.source!;
    expect(ps.slice(src.start, src.end)).toBe('TOP SECRET//NOFORN');
  });

  it("a banner groff split for kerning and placed by its own procedures is joined on its line", async () => {
    // groff -Tps: `(TO)72 12 S 2.5(PS).18 G(ECRET//NOFORN)-2.5 E` — x y after a string place it; one operand moves along the line.
    const ps = '%!PS-Adobe-3.0\n%%Creator: groff version 1.22.4\n%%Page: 1 1\nBP\n/F0 10/Times-Roman@0 SF -.18(TO)72 12 S 2.5(PS).18 G(ECRET//NOFORN)-2.5\nE(Subject: deplo)72 36 Q(yment of units to the northern sector)-.1 E(.)\n-.55 E 0 Cg EP\n%%EOF\n';
    expect(postscriptReading(ps, {}).parts[0].text).toBe('TOPSECRET//NOFORN\nSubject: deployment of units to the northern sector.');
    expect((await scanner.scan(latin1(ps), { filename: 'memo.ps' })).verdict).toBe('block');
  });

  it('an EPS logo and a program that talks about secrecy pass', async () => {
    const logo = '%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nnewpath 10 10 moveto 90 90 lineto stroke\n/Helvetica findfont 12 scalefont setfont 20 40 moveto (ACME Corp) show\nshowpage\n';
    expect((await scanner.scan(latin1(logo), { filename: 'logo.eps' })).verdict).toBe('pass');
    const prose = `%!PS-Adobe-3.0\n/STSong-Light-GBK-EUC-H findfont 12 scalefont setfont\n72 720 moveto (${octal(iconv.encode('本单位组织学习保密法，强调涉密信息不得上网。', 'gbk'))}) show\nshowpage\n`;
    expect((await scanner.scan(latin1(prose), { filename: 'news.ps' })).verdict).toBe('pass');
  });

  it('what it cannot read is a loss: filtered data, a glyph-id font, a picture', async () => {
    for (const ps of [
      '%!PS-Adobe-3.0\ncurrentfile /ASCII85Decode filter /FlateDecode filter cvx exec\nGhQ^W0fh(&$q~>\nshowpage\n',
      '%!PS-Adobe-3.0\n/SimSun-Identity-H findfont 12 scalefont setfont 72 720 moveto <0A1B0C2D> show\nshowpage\n',
      '%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\n10 10 8 [10 0 0 10 0 0] {<00ff00ff00ff00ff00ff>} image\nshowpage\n',
    ]) {
      const x = extractText(latin1(ps), ctx('x.ps'));
      expect(x.loss?.length ?? 0, ps).toBeGreaterThan(0);
      expect((await scanner.scan(latin1(ps), { filename: 'x.ps' })).verdict, ps).not.toBe('pass');
    }
  });

  it('names the encoding of common CMaps', () => {
    expect(cmapEncoding('STSong-Light-GBK-EUC-H')).toBe('gb18030');
    expect(cmapEncoding('MSung-Light-UniCNS-UCS2-H')).toBe('utf-16be');
    expect(cmapEncoding('HeiseiMin-W3-90ms-RKSJ-H')).toBe('shift_jis');
    expect(cmapEncoding('MSung-Light-ETen-B5-H')).toBe('big5');
    expect(cmapEncoding('SimSun-Identity-H')).toBe('identity');
    expect(cmapEncoding('Helvetica')).toBeUndefined();
  });

  it('maps every decoded unit inside the string that wrote it (property)', () => {
    const word = fc.constantFrom(MARK, TITLE, 'TOP SECRET', '(a)', 'x\\y', '5');
    const form = fc.constantFrom('octal-gbk', 'hex-utf16', 'hex-utf8', 'ascii');
    fc.assert(
      fc.property(fc.array(fc.tuple(word, form), { minLength: 1, maxLength: 6 }), (items) => {
        let ps = '%!PS-Adobe-3.0\n/F findfont 12 scalefont setfont\n';
        const spans: Array<[number, number]> = [];
        items.forEach(([w, how], k) => {
          ps += `72 ${700 - 20 * k} moveto `;
          const lit =
            how === 'octal-gbk' ? `(${octal(iconv.encode(w, 'gb18030'))})` : how === 'hex-utf16' ? `<FEFF${hex(iconv.encode(w, 'utf16-be'))}>` : how === 'hex-utf8' ? `<${hex(new TextEncoder().encode(w))}>` : `(${w.replace(/[\\()]/g, (c) => '\\' + c)})`;
          spans.push([ps.length, ps.length + lit.length]);
          ps += `${lit} show\n`;
        });
        const r = postscriptReading(ps, {});
        const part = r.parts[0];
        expect(part.text.split('\n')).toEqual(items.map(([w]) => w));
        // Each line's units come from inside its own string literal.
        let line = 0;
        for (let u = 0; u < part.text.length; u++) {
          if (part.text[u] === '\n') {
            line++;
            continue;
          }
          const [a, b] = spans[line];
          expect(part.source!.starts[u]).toBeGreaterThan(a);
          expect(part.source!.ends[u]).toBeLessThan(b);
        }
      }),
      { numRuns: 300 },
    );
  });
});
