/**
 * The RTF reader alone (parts, roles, code pages, pictures, objects, what it could not read) and
 * through the real scanner (verdicts of the labelled samples, offsets of findings).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
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

/** GBK bytes of `s` as `\'xx` escapes. */
function gbk(s: string): string {
  const dec = new TextDecoder('gbk');
  let out = '';
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x80) {
      out += ch;
      continue;
    }
    let found = '';
    for (let a = 0x81; a <= 0xfe && !found; a++) for (let b = 0x40; b <= 0xfe && !found; b++) if (dec.decode(new Uint8Array([a, b])) === ch) found = `\\'${a.toString(16)}\\'${b.toString(16)}`;
    out += found;
  }
  return out;
}
const GBK_CACHE = new Map<string, string>();
const gbkOf = (s: string) => GBK_CACHE.get(s) ?? (GBK_CACHE.set(s, gbk(s)), GBK_CACHE.get(s)!);
const u = (s: string) => [...s].map((c) => `\\u${c.charCodeAt(0) > 0x7fff ? c.charCodeAt(0) - 0x10000 : c.charCodeAt(0)}?`).join('');
const HEAD = `{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}{\\f1\\fswiss\\fcharset0 Arial;}}{\\colortbl;\\red0\\green0\\blue0;}{\\stylesheet{\\s0 Normal;}}`;

describe('RTF: text nobody sees', () => {
  const WHITE_HEAD = HEAD.replace('{\\colortbl;\\red0\\green0\\blue0;}', '{\\colortbl;\\red0\\green0\\blue0;\\red255\\green255\\blue255;\\red31\\green56\\blue100;\\red254\\green254\\blue254;\\red200\\green200\\blue200;}');
  it('white or near white on white, a colour on the same colour, 2 pt and less, squeezed to a tenth, drawn over by the next character, two lines off its own are hidden text: a piece so written inside a marking leaves the marking whole', async () => {
    for (const piece of [`{\\cf2 ${u('开')}}`, `{\\fs2 ${u('开')}}`, `{\\fs1\\cf1 ${u('开')}}`, `{\\cb2\\cf2 ${u('开')}}`, `{\\cf4 ${u('开')}}`, `{\\fs3 ${u('开')}}`, `{\\sub\\fs4 ${u('开')}}`, `{\\charscalex1 ${u('开')}}`, `{\\expndtw-200 ${u('开')}}`, `{\\expndtw-160 ${u('开')}}`, `{\\expnd-40 ${u('开')}}`, `{\\up48 ${u('开')}}`, `{\\dn60 ${u('开')}}`, `{\\cf3\\cb3 ${u('开')}}`, `{\\cf3\\highlight3 ${u('开')}}`, `{\\cf1\\chcbpat1 ${u('开')}}`, `{\\cf2\\cb4 ${u('开')}}`]) {
      const x = await read(`${WHITE_HEAD}\\pard ${u('机')}${piece}${u('密★5年')}\\par}`);
      expect(part(x, 'body').text, piece).toBe('机密★5年');
      expect(part(x, 'body#hidden').text, piece).toBe('开');
    }
  });
  it('finds the colour table wherever it stands (after a font table of 100 kB)', async () => {
    const fonts = Array.from({ length: 3000 }, (_, i) => `{\\f${i + 2}\\fnil Font${i};}`).join('');
    const x = await read(WHITE_HEAD.replace('{\\fonttbl', `{\\fonttbl${fonts}`) + `\\pard ${u('机')}{\\cf2 ${u('开')}}${u('密★5年')}\\par}`);
    expect(part(x, 'body').text).toBe('机密★5年');
  });
  it('white on a background, a colour on another, and \\plain, are seen', async () => {
    for (const piece of [`{\\cf2\\cb3 ${u('开')}}`, `{\\cf2\\highlight3 ${u('开')}}`, `{\\cf2\\chcbpat3 ${u('开')}}`, `{\\cf2\\plain ${u('开')}}`, `{\\fs6 ${u('开')}}`, `{\\cf5 ${u('开')}}`, `{\\charscalex50 ${u('开')}}`, `{\\charscalex1\\plain ${u('开')}}`, `{\\expndtw-150 ${u('开')}}`, `{\\expnd-30 ${u('开')}}`, `{\\expndtw-200\\plain ${u('开')}}`, `{\\up6 ${u('开')}}`, `{\\dn46 ${u('开')}}`, `{\\up ${u('开')}}`, `{\\cf3\\cb1 ${u('开')}}`, `{\\cf3 ${u('开')}}`, `{\\cf3\\cb3\\cb0 ${u('开')}}`]) {
      const x = await read(`${WHITE_HEAD}\\pard ${u('机')}${piece}${u('密★5年')}\\par}`);
      expect(part(x, 'body').text, piece).toBe('机开密★5年');
    }
  });
});

describe('RTF: comment authors and fields that draw characters', () => {
  it('a comment author and initials are read as metadata', async () => {
    const x = await read(`${HEAD}\\pard ${u('正文')}{\\*\\atnid ${u('机密★5年')}}{\\*\\atnauthor ${u('机密★5年')}}\\chatn{\\*\\annotation \\pard ${u('请核对')}\\par}\\par}`);
    const meta = x.parts.filter((p) => p.role === 'metadata').map((p) => p.text);
    expect(meta).toEqual(['机密★5年', '机密★5年']);
  });
  it('SYMBOL fields spell what Word draws where they stand; their stored results are hidden text', async () => {
    const sym = (code: number, result = '') => `{\\field{\\*\\fldinst SYMBOL ${code} \\\\u}{\\fldrslt ${result}}}`;
    const x = await read(`${HEAD}\\pard ${sym(0x673a)}${sym(0x5bc6, 'X')}${sym(0x2605)}5${sym(0x5e74)}\\par}`);
    expect(part(x, 'body').text).toBe('机密★5年');
    expect((await scanner.scan(rtf(`${HEAD}\\pard ${sym(0x673a)}${sym(0x5bc6)}${sym(0x2605)}5${sym(0x5e74)}\\par}`), { filename: 'x.rtf' })).verdict).toBe('block');
  });
});

describe('RTF: every destination, located', () => {
  it('body, headers and footers, footnotes, annotations with their author, hidden and deleted text, fields, text boxes, document information', async () => {
    const x = await read(
      `${HEAD}{\\info{\\title ${u('标题')}}{\\author ${u('王建国')}}{\\keywords ${u('预算')}}{\\doccomm ${u('备注')}}}` +
        `{\\*\\userprops {\\propname ${u('密级')}}\\proptype30{\\staticval ${u('内部')}}}` +
        `{\\header \\pard ${u('页眉')}\\par}{\\footerf \\pard ${u('首页页脚')}\\par}` +
        `\\pard ${u('正文')}{\\v ${u('隐藏')}}${u('继续')}{\\deleted ${u('删除')}}\\par ` +
        `${u('脚注在此')}{\\super\\chftn}{\\footnote \\pard {\\super\\chftn} ${u('脚注内容')}}\\par ` +
        `{\\*\\atnid WJ}{\\*\\atnauthor ${u('王建国')}}\\chatn{\\*\\annotation \\pard ${u('批注内容')}}` +
        `{\\field{\\*\\fldinst HYPERLINK "http://example.cn/a"}{\\fldrslt ${u('链接文字')}}}\\par ` +
        `{\\shp{\\*\\shpinst{\\sp{\\sn wzDescription}{\\sv ${u('替代文字')}}}{\\shptxt \\pard ${u('文本框')}\\par}}}` +
        `{\\*\\bkmkstart ${u('书签')}}{\\*\\unknowndest ${u('未知目标')}}}`,
    );
    expect(part(x, 'body')).toMatchObject({ role: 'body', text: '正文继续\n脚注在此\n链接文字', leading: true });
    expect(part(x, 'body#hidden')).toMatchObject({ role: 'hidden', text: '隐藏' });
    expect(part(x, 'body#deleted')).toMatchObject({ role: 'deleted', text: '删除' });
    expect(part(x, 'header-1')).toMatchObject({ role: 'header', text: '页眉', origin: { detail: 'default' } });
    expect(part(x, 'footer-1')).toMatchObject({ role: 'footer', text: '首页页脚', origin: { detail: 'first page' } });
    expect(part(x, 'footnote-1')).toMatchObject({ role: 'footnote', text: ' 脚注内容' });
    expect(part(x, 'annotation-1')).toMatchObject({ role: 'comment', text: '批注内容', origin: { detail: 'comment by 王建国' } });
    expect(part(x, 'fields').text).toBe('HYPERLINK "http://example.cn/a"');
    expect(part(x, 'text-box-1')).toMatchObject({ role: 'text-box', text: '文本框' });
    expect(part(x, 'shape#wzdescription')).toMatchObject({ role: 'alt-text', text: '替代文字' });
    expect(part(x, 'info#title')).toMatchObject({ role: 'properties', text: '标题' });
    expect(part(x, 'info#author').text).toBe('王建国');
    expect(part(x, 'info#keywords').text).toBe('预算');
    expect(part(x, 'info#doccomm').text).toBe('备注');
    expect(part(x, 'userprops#密级').text).toBe('密级：内部');
    expect(part(x, 'unknown-destinations')).toMatchObject({ role: 'hidden', text: '未知目标' });
    // Font, colour and style tables are no document text; bookmark names are a part of their own (as in .doc).
    expect(x.parts.filter((p) => p.role !== 'bookmark').map((p) => p.text).join('|')).not.toMatch(/书签|SimSun|Arial|Normal/);
    expect(part(x, 'bookmarks')).toMatchObject({ role: 'bookmark', text: '书签' });
    expect(x.unread).toEqual([]);
    expect(x.loss).toBeUndefined();
  });

  it('a \\u escape for half a surrogate pair is U+FFFD (one unit for one), a whole pair is its character', async () => {
    const x = await read('{\\rtf1\\ansi\\uc0 a\\u-10240 b\\u-10240\\u-9216 c\\u-9216 d}');
    const body = x.parts.find((p) => p.role === 'body')!;
    expect(body.text).toBe('a\ufffdb\u{10000}c\ufffdd');
  });

  it('an endnote (\\ftnalt) is an endnote', async () => {
    const x = await read(`${HEAD}\\pard a{\\footnote\\ftnalt \\pard ${u('尾注')}}\\par}`);
    expect(part(x, 'endnote-1')).toMatchObject({ role: 'endnote', text: '尾注' });
    expect(x.parts.some((p) => p.role === 'footnote')).toBe(false);
  });

  it('text typed into the footnote separator is read (every page with footnotes shows it); the bare separator adds nothing', async () => {
    const x = await read(`${HEAD}{\\*\\ftnsep \\pard ${u('机密★5年')}\\chftnsep\\par}\\pard ${u('正文')}{\\footnote \\pard ${u('注')}}\\par}`);
    expect(x.parts.find((p) => p.text.includes('机密★5年'))?.role).toBe('footnote');
    const y = await read(`${HEAD}{\\*\\ftnsep \\pard\\plain {\\chftnsep \\par }}{\\*\\ftnsepc \\pard\\plain {\\chftnsepc \\par }}\\pard ${u('正文')}\\par}`);
    expect(y.parts.map((p) => p.id)).not.toContain(expect.stringMatching(/separator/));
  });

  it('GB2312 bytes under a Western code page (\\ansicpg1252, no \\fcharset134) are read as GB2312 too; French text is not', async () => {
    const x = await read(`{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\\f0 ${gbkOf('机密★5年')}\\par ${gbkOf('关于做好汛期安全检查工作的通知')}\\par 2026\\par}`);
    expect(part(x, 'body').text.split('\n')[0]).toBe('»úÃÜ¡ï5Äê');
    expect(part(x, 'body@gb2312').text).toBe('机密★5年\n关于做好汛期安全检查工作的通知\n2026');
    const fr = await read(`{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\\f0 Caf\\'e9 d\\'e9j\\'e0 \\'e9t\\'e9, na\\'efvet\\'e9 \\'e0 l\\'e2ge m\\'fbr\\par}`);
    expect(fr.parts.map((p) => p.id)).not.toContain('body@gb2312');
    // Portuguese pairs of accented letters are GB2312 byte pairs, never four bytes in a row.
    const pt = await read(`{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\\f0 a\\'e7\\'f5es e informa\\'e7\\'f5es, na\\'e7\\'e3o\\par}`);
    expect(pt.parts.map((p) => p.id)).not.toContain('body@gb2312');
  });

  it('bookmark names are read, once each, as the .doc reader reads them; Word\'s hidden ones are ASCII and stay so', async () => {
    const x = await read(`${HEAD}\\pard {\\*\\bkmkstart ${u('机密★5年')}}{\\*\\bkmkend ${u('机密★5年')}}{\\*\\bkmkstart _Toc123}${u('关于做好汛期安全检查工作的通知')}{\\*\\bkmkend _Toc123}\\par}`);
    const marks = x.parts.find((p) => p.role === 'bookmark')!;
    expect(marks.text).toBe('机密★5年\n_Toc123');
    expect(x.parts.find((p) => p.role === 'body')!.text).toBe('关于做好汛期安全检查工作的通知');
  });

  it('a phonetic guide (EQ \\o\\ad field) shows its base text in the line: a guide over 机 leaves 机密★5年 whole, read once', async () => {
    const eq = (base: string, guide: string, result: string) => `{\\field{\\*\\fldinst EQ \\\\* jc2 \\\\* "Font:${u('宋体')}" \\\\* hps10 \\\\o\\\\ad(\\\\s\\\\up 9(${guide}),${u(base)})}{\\fldrslt ${result}}}`;
    for (const result of ['', u('机')]) {
      const x = await read(`${HEAD}\\pard 000012\\par ${eq('机', 'ji', result)}${u('密★5年')}\\par ${u('关于做好汛期安全检查工作的通知')}\\par}`);
      expect(x.parts.find((p) => p.role === 'body')!.text.split('\n')[1], result || 'no result').toBe('机密★5年');
    }
    // GBK bytes written before the field stay before its base text.
    const y = await read(`{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fcharset134 SimSun;}}\\f0 \\'bb\\'fa${eq('密', 'mi', '')}\\'a1\\'ef5\\'c4\\'ea\\par}`);
    expect(y.parts.find((p) => p.role === 'body')!.text).toBe('机密★5年');
  });

  it('table cells are blocks with their row and column', async () => {
    const x = await read(`${HEAD}\\trowd\\cellx1000\\cellx2000\\pard\\intbl ${u('密级')}\\cell ${u('机密')}\\cell\\row\\trowd\\pard\\intbl a\\cell b\\cell\\row\\pard ${u('正文')}\\par}`);
    const body = part(x, 'body');
    expect(body.text).toBe('密级\n机密\na\nb\n正文');
    expect(body.blocks!.map((b) => [b.kind, b.row, b.column, body.text.slice(b.start, b.end)])).toEqual([
      ['table-cell', 1, 1, '密级'],
      ['table-cell', 1, 2, '机密'],
      ['table-cell', 2, 1, 'a'],
      ['table-cell', 2, 2, 'b'],
      ['paragraph', undefined, undefined, '正文'],
    ]);
  });
});

describe('RTF: code pages and Unicode escapes', () => {
  it("GBK \\'xx escapes under \\ansicpg936, a GBK trail byte written as a literal or an escaped brace", async () => {
    // Trail bytes in the ASCII range: 0x81 0x40 ('@'), and 0x81 0x7B, a '{' that must be escaped.
    const x = await read(`${HEAD}\\pard ${gbk('机密')}\\'81@\\'81\\{\\par}`);
    expect(part(x, 'body').text).toBe(`机密${new TextDecoder('gbk').decode(new Uint8Array([0x81, 0x40, 0x81, 0x7b]))}`);
  });

  it('the font charset decides: \\fcharset134 text in a document whose code page is 1252, Big5 in \\fcharset136', async () => {
    const big5 = "\\'be\\'f7\\'b1\\'4b"; // 機密
    const x = await read(`{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset134 SimSun;}{\\f2\\fcharset136 MingLiU;}}\\pard\\f0 caf\\'e9 {\\f1 ${gbk('机密')}}{\\f2 ${big5}}\\par}`);
    expect(part(x, 'body').text).toBe('café 机密機密');
  });

  it('\\uN skips \\ucN fallback characters (bytes, escapes, control words), negative values wrap, \\uc0 skips nothing', async () => {
    const x = await read(`${HEAD}\\pard\\uc2\\u26426\\'bb\\'fa\\u-29655 ??{\\uc0\\u23494}\\uc1\\u24180\\'3f\\u-32768?\\par}`);
    expect(part(x, 'body').text).toBe('机\u8c29密年\u8000');
  });

  it("Windows-1252 by its table: \\'92 \\'93 \\'94 \\'96 are ’ “ ” –, not C1 controls", async () => {
    const x = await read("{\\rtf1\\ansi\\ansicpg1252\\pard it\\'92s \\'93a\\'94 \\'96 b\\par}");
    expect(part(x, 'body').text).toBe('it’s “a” – b');
    const y = await read(`${HEAD}\\pard opt\\-ional ${u('机')}\\-${u('密★5年')}\\par}`);
    expect(part(y, 'body').text).toBe('opt\u00adional 机\u00ad密★5年');
    const r = await scanner.scan(rtf(`${HEAD}\\pard ${u('机')}\\-${u('密★5年')}\\par}`), { filename: 'h.rtf' });
    expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret')).toBe(true);
  });

  it('a paragraph with tracked changes is also read as it was before them: a marking a change broke up blocks', async () => {
    const title = `\\pard ${u('关于做好汛期安全检查工作的通知')}\\par`;
    // 机 + \deleted 密 + ★5年 shows 机★5年; 机 + \revised 要 + 密★5年 shows 机要密★5年: both read 机密★5年 before.
    for (const p of [`${u('机')}{\\deleted ${u('密')}}${u('★5年')}`, `${u('机')}{\\revised ${u('要')}}${u('密★5年')}`, `${u('机')}{\\deleted ${u('密')}}{\\revised ${u('要')}}{\\v ${u('藏')}}${u('★5年')}`]) {
      const doc = `${HEAD}\\pard ${p}\\par ${title}}`;
      expect(part(await read(doc), 'body#before-changes')).toMatchObject({ role: 'before-changes', text: '机密★5年' });
      const r = await scanner.scan(rtf(doc), { filename: 'revised.rtf' });
      expect(r.verdict).toBe('block');
      expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret' && f.severity === 'block')?.location.part).toBe('body#before-changes');
    }
    // A paragraph only deleted reads whole in the deletions; a \revised0 group and plain text change nothing.
    for (const p of [`{\\deleted ${u('机密★5年')}}`, `{\\revised0 ${u('机')}}${u('密')}`]) {
      expect((await read(`${HEAD}\\pard ${p}\\par ${title}}`)).parts.some((q) => q.id === 'body#before-changes')).toBe(false);
    }
  });

  it('\\upr: the \\ud Unicode copy is read, the ANSI copy as hidden text', async () => {
    const x = await read(`${HEAD}{\\info{\\upr{\\title ${gbk('旧')}}{\\*\\ud{\\title ${u('新标题')}}}}}\\pard x\\par}`);
    expect(part(x, 'info#title').text).toBe('新标题');
    expect(part(x, 'unknown-destinations')).toMatchObject({ role: 'hidden', text: '旧' });
  });

  it('a byte that does not decode is a loss, and the scan of it is not a pass', async () => {
    const bytes = `${HEAD}\\pard ${gbk('普通通知')}\\'81\\par}`;
    const x = await read(bytes);
    expect(part(x, 'body').text).toBe('普通通知');
    expect(x.loss).toEqual([expect.objectContaining({ kind: 'undecodable-bytes', count: 1 })]);
    const r = await scanner.scan(rtf(bytes), { filename: 'a.rtf' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.reason === 'text-loss')).toBe(true);
  });

  it("a malformed \\'xx escape, and text in a code page or charset no decoder knows, are losses; such a font merely listed is none", async () => {
    const x = await read(`{\\rtf1\\ansi\\ansicpg99999 \\pard a\\'zzb \\'e9\\par}`);
    expect(x.loss!.map((l) => [l.kind, l.where])).toEqual([['undecodable-bytes', 'byte 32'], ['undecodable-bytes', 'code page 99999']]);
    const listed = await read(`{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset130 Johab;}}\\pard\\f0 caf\\'e9\\par}`);
    expect(listed.loss).toBeUndefined();
    const used = await read(`{\\rtf1\\ansi\\ansicpg1252{\\fonttbl{\\f0 Arial;}{\\f1\\fcharset130 Johab;}}\\pard\\f1 \\'b0\\'a1\\par}`);
    expect(used.loss).toEqual([expect.objectContaining({ where: 'character set 130', count: 2 })]);
  });
});

describe('RTF: saved as UTF-16', () => {
  it('is sniffed and read in either byte order, with or without a BOM', async () => {
    const doc = `${HEAD}\\pard ${u('机密★5年')}\\par 通知\\par}`;
    for (const [bom, order] of [['\ufeff', 'utf16le'], ['', 'utf16le'], ['\ufeff', 'utf16be']] as const) {
      let bytes = Buffer.from(bom + doc, 'utf16le');
      if (order === 'utf16be') bytes = bytes.swap16();
      const r = await scanner.scan(new Uint8Array(bytes), { filename: 'u.rtf' });
      expect(r.document.format).toBe('rtf');
      expect(r.verdict).toBe('block');
      const x = await extractRtf(new Uint8Array(bytes), ctx);
      expect(part(x, 'body').text).toBe('机密★5年\n通知');
    }
  });
});

describe('RTF: pictures and objects', () => {
  const png = readFileSync(join(import.meta.dirname, '../../../samples/images', readdirSync(join(import.meta.dirname, '../../../samples/images')).find((n) => n.endsWith('.png'))!));
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex').replace(/(.{128})/g, '$1\n');

  it('a PNG picture goes to OCR with its bytes; the same picture in \\nonshppict (a copy for old readers) does not', async () => {
    const x = await read(`${HEAD}\\pard{\\*\\shppict{\\pict\\pngblip\\picw10\\pich10{\\*\\blipuid 0011}${hex(png)}}}{\\nonshppict{\\pict\\wmetafile8 0100090000}}\\par}`);
    expect(x.images).toHaveLength(1);
    expect(x.images![0].mediaType).toBe('image/png');
    expect(Buffer.compare(Buffer.from(x.images![0].bytes), png)).toBe(0);
    expect(x.unread).toEqual([]);
  });

  it('a picture given as \\bin bytes is read; a metafile is unread', async () => {
    const latin = Buffer.from(png).toString('latin1');
    const x = await read(`${HEAD}\\pard{\\pict\\pngblip\\bin${png.length} ${latin}}{\\pict\\emfblip 0100000000}\\par}`);
    expect(x.images).toHaveLength(1);
    expect(x.images![0].bytes.length).toBe(png.length);
    expect(x.unread).toEqual([expect.objectContaining({ reason: 'unsupported-format', where: 'picture-2' })]);
  });

  /** An OLE 1.0 object header: version, format 2 (embedded), class, topic, item, native size. */
  function ole1(cls: string, native: Uint8Array): Uint8Array {
    const str = (s: string) => {
      const b = Buffer.alloc(4 + s.length + 1);
      b.writeUInt32LE(s.length + 1, 0);
      b.write(s, 4, 'latin1');
      return b;
    };
    const size = Buffer.alloc(4);
    size.writeUInt32LE(native.length, 0);
    return Buffer.concat([Buffer.from([1, 5, 0, 0, 2, 0, 0, 0]), str(cls), str(''), str(''), size, native]);
  }

  it('a Packager object hands its file to the scan; a PDF in an object too; an unknown object is unread', async () => {
    const file = Buffer.from('机密★5年\n关于预算调整的说明\n', 'utf8');
    const label = Buffer.from('note.txt\0C:\\note.txt\0', 'latin1');
    const tmp = Buffer.from('C:\\tmp\\note.txt\0', 'latin1');
    const nums = (n: number) => {
      const b = Buffer.alloc(4);
      b.writeUInt32LE(n, 0);
      return b;
    };
    const packager = Buffer.concat([Buffer.from([2, 0]), label, Buffer.from([0, 0, 3, 0]), nums(tmp.length), tmp, nums(file.length), file]);
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const x = await read(
      `${HEAD}\\pard{\\object\\objemb{\\*\\objclass Package}{\\*\\objdata ${hex(ole1('Package', packager))}}{\\result ${u('图标')}}}` +
        `{\\object\\objemb{\\*\\objclass AcroExch.Document}{\\*\\objdata ${hex(ole1('AcroExch.Document', pdf))}}}` +
        `{\\object\\objemb{\\*\\objclass Equation.3}{\\*\\objdata ${hex(ole1('Equation.3', new Uint8Array([1, 2, 3])))}}}\\par}`,
    );
    expect(x.embedded!.map((e) => e.name)).toEqual(['note.txt', 'object-2.pdf']);
    expect(Buffer.from(x.embedded![0].bytes).toString('utf8')).toBe('机密★5年\n关于预算调整的说明\n');
    expect(x.unread).toEqual([expect.objectContaining({ where: 'object-3', reason: 'embedded-object' })]);
    expect(part(x, 'body').text).toBe('图标');
    const r = await scanner.scan(rtf(`${HEAD}\\pard{\\object\\objemb{\\*\\objclass Package}{\\*\\objdata ${hex(ole1('Package', packager))}}}\\par}`), { filename: 'o.rtf' });
    expect(r.verdict).toBe('block');
    expect(r.findings[0].location.container).toEqual(['note.txt']);
  });
});

describe('RTF: fail closed', () => {
  it('a document cut short is read as far as it goes and reported corrupt', async () => {
    const x = await read(`${HEAD}\\pard ${u('机密★5年')}\\par ${u('正文')}{\\b `);
    expect(part(x, 'body').text).toBe('机密★5年\n正文');
    expect(x.unread).toEqual([expect.objectContaining({ where: 'file', reason: 'corrupt' })]);
  });

  it('no RTF header: unread, corrupt', async () => {
    const x = await read('{\\rt hello}');
    expect(x.parts).toEqual([]);
    expect(x.unread[0].reason).toBe('corrupt');
  });

  it('text after the closing brace is read as hidden text and the extra brace reported', async () => {
    const x = await read(`${HEAD}\\pard ${u('正文')}\\par}}${u('机密★5年')}`);
    expect(part(x, 'unknown-destinations')).toMatchObject({ role: 'hidden', text: '机密★5年' });
    expect(x.loss).toEqual([expect.objectContaining({ reason: 'corrupt', count: 1 })]);
  });

  it('a \\bin longer than the file is corrupt, and nesting 100,000 groups deep neither crashes nor hangs', async () => {
    const x = await read(`${HEAD}\\pard{\\pict\\pngblip\\bin999999 abc}`);
    expect(x.unread.some((u) => u.reason === 'corrupt')).toBe(true);
    const deep = `${HEAD}${'{'.repeat(100_000)}${u('机密')}${'}'.repeat(100_000)}}`;
    const t0 = process.cpuUsage();
    const y = await read(deep);
    expect(cpuMsSince(t0)).toBeLessThan(5000);
    expect(part(y, 'body').text).toBe('机密');
  });
});

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

describe('RTF: offsets of findings (property)', () => {
  const MARK = '机密★5年';
  const encodings = ['gbk', 'unicode', 'unicode-uc2', 'groups'] as const;
  const encode = (s: string, how: (typeof encodings)[number]): string => {
    if (how === 'gbk') return [...s].map((c) => (c === '★' ? '\\u9733?' : gbkOf(c))).join('');
    if (how === 'unicode') return u(s);
    if (how === 'unicode-uc2') return `{\\uc2${[...s].map((c) => `\\u${c.charCodeAt(0) > 0x7fff ? c.charCodeAt(0) - 0x10000 : c.charCodeAt(0)}\\'3f\\'3f`).join('')}}`;
    return [...s].map((c) => `{\\b ${u(c)}}{\\*\\bkmkstart x}`).join('');
  };
  const WORDS = ['江临市', '财政局', '通知', '预算', '检查', '各单位', '数据', 'abc', '2026年', '，', '。'];

  it('every marking found points at the marking in the part text, however the text was escaped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 5 }),
        fc.nat(),
        fc.array(fc.constantFrom(...encodings), { minLength: 8, maxLength: 8 }),
        fc.array(fc.constantFrom('', '\\b ', '\\i0 ', '{\\*\\bkmkend y}', '{\\fs24}', '\\plain\\f0 '), { minLength: 8, maxLength: 8 }),
        async (paras, at, how, noise) => {
          const lines = paras.map((p) => p.join(''));
          const where = at % (lines.length + 1);
          lines.splice(where, 0, MARK);
          const body = lines.map((l, i) => `${noise[i % 8]}${encode(l, how[i % 8])}\\par\n`).join('');
          const bytes = rtf(`${HEAD}\\pard\\f0 ${body}}`);
          const x = await extractRtf(bytes, ctx);
          const text = part(x, 'body').text;
          expect(text).toBe(lines.join('\n'));
          const r = await scanner.scan(bytes, { filename: 'p.rtf' });
          const marks = r.findings.filter((f) => f.ruleId === 'marking.cn-state-secret');
          expect(marks.length).toBeGreaterThan(0);
          for (const f of marks) {
            expect(f.location.part).toBe('body');
            expect(text.slice(f.location.start, f.location.end)).toBe(MARK);
            expect(f.location.line).toBe(where + 1);
          }
        },
      ),
      { numRuns: 40, seed: 20260530 },
    );
  });
});

describe('RTF: cut anywhere, never a pass (property)', () => {
  const marked = readFileSync(join(import.meta.dirname, '../../../samples/rtf/notice-marking.rtf'));
  it('a marked notice cut at any byte blocks or is held for review', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: marked.length - 1 }), async (cut) => {
        const r = await scanner.scan(new Uint8Array(marked.subarray(0, cut)), { filename: 'cut.rtf' });
        expect(r.verdict).not.toBe('pass');
      }),
      { numRuns: 30, seed: 7 },
    );
  });
});

describe('RTF: labelled samples through the scanner', () => {
  const dir = join(import.meta.dirname, '../../../samples/rtf');
  const labels = JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')).files as Record<string, { verdict: string; accept?: string[]; findings?: Array<{ ruleId: string; role?: string }> }>;
  for (const [name, label] of Object.entries(labels)) {
    it(`${name}: ${label.verdict}`, async () => {
      const r = await scanner.scan(new Uint8Array(readFileSync(join(dir, name))), { filename: name });
      expect(r.document.format).toBe('rtf');
      expect([label.verdict, ...(label.accept ?? [])]).toContain(r.verdict);
      for (const f of label.findings ?? []) expect(r.findings.some((x) => x.ruleId === f.ruleId && (!f.role || x.location.role === f.role)), `${f.ruleId} in ${f.role}`).toBe(true);
      if (label.verdict === 'pass') expect(r.coverage.complete).toBe(true);
    });
  }
});
