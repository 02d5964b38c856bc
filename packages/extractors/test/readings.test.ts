/**
 * Text files whose markup splits a marking: HTML fragments and prefixed XHTML (sniffed as pages),
 * Markdown emphasis and references, JSON strings, XML text, folded calendar lines — each read as
 * its reader shows it, mapped back to the text exactly; and RTF after blank lines.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { readFileSync } from 'node:fs';
import { DEFAULT_LIMITS, type ExtractContext, type TextPart } from '@prepub/core';
import { extractText, sniffFormat } from '@prepub/extractors';
import fc from 'fast-check';
import { csvReading, holdsMojibakeRun, looksXml, mayHoldMarking, textTableReading, yamlReading } from '../src/readings.ts';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const ctx = (filename?: string): ExtractContext => ({ limits: DEFAULT_LIMITS, ...(filename ? { filename } : {}) }) as ExtractContext;

const TITLE = '关于做好2024年春节期间安全生产工作的通知';
const BODY = '各区县人民政府，市政府各部门：\n春节将至，为切实做好节日期间安全生产工作，现将有关事项通知如下。';
const REGULATION = '第十条　国家秘密的密级分为绝密、机密、秘密三级。\n第十一条　机密级国家秘密是重要的国家秘密，泄露会使国家安全和利益遭受严重的损害。';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

const verdict = async (text: string | Uint8Array, filename: string) => {
  const r = await scanner.scan(typeof text === 'string' ? utf8(text) : text, { filename });
  return r;
};

/** Every finding's source range, in a part with a source map, holds `expected` once its markup is read. */
function sourceOf(part: TextPart, start: number, end: number): [number, number] {
  return [part.source!.starts[start], part.source!.ends[end - 1]];
}

describe('HTML fragments and prefixed XHTML', () => {
  it('are sniffed as pages by their name and markup; a text note mentioning a tag stays text', () => {
    expect(sniffFormat(utf8(`<b>机密</b>★<b>5年</b>\n${TITLE}\n`), 'article-body.html').format).toBe('html');
    expect(sniffFormat(utf8(`机密&#9733;5年<br>\n${TITLE}<br>\n`), 'article-body.htm').format).toBe('html');
    expect(sniffFormat(utf8(`<strong>通知</strong>\n${BODY}\n`)).format).toBe('html');
    expect(sniffFormat(utf8(`<?xml version="1.0" encoding="utf-8"?>\n<h:html xmlns:h="http://www.w3.org/1999/xhtml"><h:body><h:p>${TITLE}</h:p></h:body></h:html>`), 'x.xhtml').format).toBe('html');
    // A note that mentions a tag once, named as text: its `<` stays text.
    expect(sniffFormat(utf8(`编辑须知：标题请用 <b> 标签加粗，正文不要加粗。\n${BODY}\n`), 'note.txt').format).toBe('text');
    // A README opening with a centred logo is Markdown, not a page.
    expect(sniffFormat(utf8(`<div align="center"><img src="logo.png"></div>\n\n# ${TITLE}\n\n${BODY}\n`), 'README.md').format).toBe('markdown');
  });

  it('a marking split by tags or written with references in a fragment is blocked', async () => {
    for (const [text, name] of [
      [`<b>机密</b>★<b>5年</b>\n${TITLE}\n`, 'body.html'],
      [`机密&#9733;5年<br>\n${TITLE}<br>\n`, 'body.html'],
      [`<?xml version="1.0" encoding="utf-8"?>\n<h:html xmlns:h="http://www.w3.org/1999/xhtml"><h:body><h:p>机<h:b>密</h:b>★5年</h:p><h:p>${TITLE}</h:p></h:body></h:html>`, 'notice.xhtml'],
      [`<font color="red">机密</font>★5年\n\n# ${TITLE}\n\n${BODY}\n`, 'notice.md'],
    ] as const) {
      expect((await verdict(text, name)).verdict, text).toBe('block');
    }
  });

  it("an <option>'s label is read", async () => {
    const page = `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Notice</title></head><body><select><option label="TOP SECRET//NOFORN" value="1"></option></select><h1>Weekly meeting schedule</h1><p>The meeting is moved to Tuesday.</p></body></html>`;
    expect((await verdict(page, 'notice.html')).verdict).not.toBe('pass');
  });

  it('a fragment that publishes a regulation passes', async () => {
    const text = `<p>${REGULATION.replace('\n', '</p>\n<p>')}</p>\n<p>&nbsp;</p>\n`;
    expect(sniffFormat(utf8(text), 'law.html').format).toBe('html');
    expect((await verdict(text, 'law.html')).verdict).toBe('pass');
  });
});

describe('Markdown', () => {
  it('a page whose YAML front matter gives a mark as its title blocks, located in the front matter', async () => {
    const md = `---\ntitle: 机密★5年\nauthor: 江临市应急管理局\n---\n# ${TITLE}\n\n${BODY}\n`;
    const r = await verdict(md, 'notice.md');
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.location.part === 'body@front-matter')!;
    expect(md.slice(f.location.source!.start, f.location.source!.end)).toBe('机密★5年');
    expect((await verdict(`---\ntitle: 保密宣传月活动回顾\n---\n# 保密宣传月活动回顾\n\n${BODY}\n`, 'news.md')).verdict).toBe('pass');
  });
  it('emphasis markers and character references do not split a marking; offsets map to the file', async () => {
    const md = `**机**密★5年\n\n# ${TITLE}\n\n${BODY}\n`;
    expect((await verdict(md, 'notice.md')).verdict).toBe('block');
    expect((await verdict(`机密&#9733;5年\n\n# ${TITLE}\n\n${BODY}\n`, 'notice.md')).verdict).toBe('block');
    const x = extractText(utf8(md), ctx('notice.md'), 'markdown');
    const r = x.parts.find((p) => p.id === 'body@rendered')!;
    expect(r.text.split('\n')[0]).toBe('机密★5年');
    // 机 at 2, 密 at 5 (after the closing **), 年 at 8.
    expect(sourceOf(r, 0, 5)).toEqual([2, 9]);
    expect(r.source!.starts[1]).toBe(5);
  });

  it("a link's or an image's title and an image's alt text are read, each on a line of its own, mapped to the file", async () => {
    for (const md of [
      `# ${TITLE}\n\n${BODY}[详见附件](http://oa.example.cn/a/1 "机密★5年")\n`,
      `# ${TITLE}\n\n${BODY}[详见附件](<http://oa.example.cn/a/1> '机密★5年')\n`,
      `# ${TITLE}\n\n![机密★5年](scan-001.png)\n\n${BODY}\n`,
      `# ${TITLE}\n\n![首页](scan-001.png (机密★5年))\n\n${BODY}\n`,
      `# ${TITLE}\n\n${BODY}[详见附件][1]\n\n[1]: http://oa.example.cn/a/1 "机密★5年"\n`,
      `# ${TITLE}\n\n<img src="scan-001.png" alt="机密★5年">\n\n${BODY}\n`,
    ]) {
      expect((await verdict(md, 'notice.md')).verdict, md).toBe('block');
    }
    const md = `# ${TITLE}\n\n见[**附件**](http://x/a "机密★5年")。\n`;
    const r = extractText(utf8(md), ctx('notice.md'), 'markdown').parts.find((p) => p.id === 'body@rendered')!;
    const lines = r.text.split('\n');
    expect(lines).toContain('见附件');
    expect(lines).toContain('机密★5年');
    const k = r.text.indexOf('机密★5年');
    expect(sourceOf(r, k, k + 5)).toEqual([md.indexOf('机密★5年'), md.indexOf('机密★5年') + 5]);
  });

  it('links titled with a law, and an image captioned with the word, pass', async () => {
    const md = `# 保密宣传月活动综述\n\n本月学习了[《中华人民共和国保守国家秘密法》](http://www.npc.gov.cn/ "国家秘密的密级分为绝密、机密、秘密三级")。\n\n![机密文件柜的正确使用](cabinet.png "保密室一角")\n\n${REGULATION}\n`;
    expect((await verdict(md, 'news.md')).verdict).toBe('pass');
  });

  it('a marking split by a reference link (full, collapsed, shortcut) is read with the link text in place, mapped to the file', async () => {
    for (const md of [
      `[机][a]密★5年\n\n# ${TITLE}\n\n${BODY}\n\n[a]: http://oa.example.cn/\n`,
      `[机][]密★5年\n\n# ${TITLE}\n\n${BODY}\n\n[机]: http://oa.example.cn/\n`,
      `[机]密★5年\n\n# ${TITLE}\n\n${BODY}\n\n[机]: <http://oa.example.cn/> "首页"\n`,
      // Labels match case-insensitively, inner whitespace collapsed; a definition may come first.
      `[OA]: http://oa.example.cn/\n\n[机][oa]密★5年\n\n# ${TITLE}\n\n${BODY}\n`,
      `[机][Oa  Link]密★5年\n\n# ${TITLE}\n\n${BODY}\n\n[oa link]: http://oa.example.cn/\n`,
    ]) {
      expect((await verdict(md, 'notice.md')).verdict, md).toBe('block');
    }
    const md = `[**机**][a]密★5年\n\n# ${TITLE}\n\n[a]: http://x\n`;
    const r = extractText(utf8(md), ctx('notice.md'), 'markdown').parts.find((p) => p.id === 'body@rendered')!;
    expect(r.text.split('\n')[0]).toBe('机密★5年');
    expect(sourceOf(r, 0, 1)).toEqual([3, 4]);
    expect(sourceOf(r, 1, 5)).toEqual([md.indexOf('密'), md.indexOf('年') + 1]);
    // A label defined nowhere is no link: its brackets are what a reader sees.
    const undef = `[机][b]密★5年\n\n[a]: http://x\n`;
    const u = extractText(utf8(undef), ctx('notice.md'), 'markdown').parts.find((p) => p.id === 'body@rendered')!;
    expect(u.text.split('\n')[0]).toBe('[机][b]密★5年');
  });

  it('a code span (backtick runs of equal length) is read as its content, mapped to the file; fenced code as written', async () => {
    expect((await verdict(`\`机密\`★5年\n\n# ${TITLE}\n\n${BODY}\n`, 'notice.md')).verdict).toBe('block');
    expect((await verdict(`\`\`机\`\`密★5年\n\n# ${TITLE}\n\n${BODY}\n`, 'notice.md')).verdict).toBe('block');
    const md = `\`\` 机密 \`\`★5年 \`不闭合\n\n# ${TITLE}\n`;
    const r = extractText(utf8(md), ctx('notice.md'), 'markdown').parts.find((p) => p.id === 'body@rendered')!;
    // One space stripped from each side (CommonMark); the unclosed backtick is text.
    expect(r.text.split('\n')[0]).toBe('机密★5年 `不闭合');
    expect(sourceOf(r, 0, 2)).toEqual([3, 5]);
    expect(r.source!.starts[2]).toBe(md.indexOf('★'));
    // Inside a run of two, a single backtick is content; emphasis and tags in code are literal.
    const code = extractText(utf8(`说明：\`\`a\`*b*\`\` 与 *强调*\n\n\`\`\`html\n<b>**x**</b>\n\`\`\`\n`), ctx('x.md'), 'markdown').parts.find((p) => p.id === 'body@rendered')!;
    expect(code.text.split('\n')).toEqual(['说明：a`*b* 与 强调', '<b>**x**</b>']);
  });

  it('an inline HTML comment is taken out of its line, its text read on a line of its own, mapped to the file', async () => {
    expect((await verdict(`机<!-- 待定 -->密★5年\n\n# ${TITLE}\n\n${BODY}\n`, 'notice.md')).verdict).toBe('block');
    expect((await verdict(`机<!--\n  校对：王\n-->密★5年\n\n# ${TITLE}\n\n${BODY}\n`, 'notice.md')).verdict).toBe('block');
    const md = `机<!-- 待定 -->密★5年\n${TITLE}\n`;
    const r = extractText(utf8(md), ctx('notice.md'), 'markdown').parts.find((p) => p.id === 'body@rendered')!;
    expect(r.text.split('\n')).toEqual(['机密★5年', ' 待定 ', TITLE]);
    expect(r.source!.starts[1]).toBe(md.indexOf('密'));
    const k = r.text.indexOf('待定');
    expect(sourceOf(r, k, k + 2)).toEqual([md.indexOf('待定'), md.indexOf('待定') + 2]);
  });

  it('a footnote reference between level and star is dropped as the raised number it renders as; the note is read', async () => {
    expect((await verdict(`机密[^1]★5年\n\n# ${TITLE}\n\n${BODY}\n\n[^1]: 定密依据：保密事项范围第三条。\n`, 'notice.md')).verdict).toBe('block');
    const md = `${BODY}[^a]\n\n[^a]: 据市政府办公厅文件整理，**原件**存档。\n`;
    const r = extractText(utf8(md), ctx('notice.md'), 'markdown').parts.find((p) => p.id === 'body@rendered')!;
    expect(r.text.split('\n')).toEqual([...BODY.split('\n'), '据市政府办公厅文件整理，原件存档。']);
  });

  it('a README with reference links, code, comments and footnotes about the levels passes', async () => {
    const md = [
      '# 保密知识库',
      '<!-- 本页由脚本生成，请勿手改 -->',
      '',
      '本库整理了[保密法][law]的学习材料，见[常见问题]与`docs/faq.md`[^1]。',
      '',
      '```text',
      '第十条　国家秘密的密级分为绝密、机密、秘密三级。',
      '```',
      '',
      '密级标志的写法如`机密★5年`，不得用于工作秘密。',
      '',
      REGULATION,
      '',
      '[law]: http://www.npc.gov.cn/ "中华人民共和国保守国家秘密法"',
      '[常见问题]: ./faq.md',
      '[^1]: 文档每季度更新。',
      '',
    ].join('\n');
    expect((await verdict(md, 'README.md')).verdict).toBe('pass');
  });

  it('a Markdown article about the levels passes', async () => {
    expect((await verdict(`# 保密法学习笔记\n\n**国家秘密的密级**：\n\n${REGULATION}\n`, 'notes.md')).verdict).toBe('pass');
  });
});

describe('Percent-encoded text', () => {
  it('a marking percent-encoded in a link or a query is read decoded, each character mapped to its escapes', async () => {
    const enc = (t: string): string => [...new TextEncoder().encode(t)].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join('');
    const gbk = (t: string): string => [...iconv.encode(t, 'gbk')].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join('');
    expect((await verdict(`${enc('机密★5年')}\n${TITLE}\n${BODY}\n`, 'notice.txt')).verdict).toBe('block');
    expect((await verdict(`${gbk('机密★5年')}\n${TITLE}\n${BODY}\n`, 'notice.txt')).verdict).toBe('block');
    expect((await verdict(`下载：http://oa.example.cn/files/${enc('机密★5年')}-notice.docx\n`, 'links.txt')).verdict).not.toBe('pass');
    expect((await verdict(`GET /search?q=%u673A%u5BC6%u26055%u5E74 HTTP/1.1\n`, 'access.log')).verdict).not.toBe('pass');
    const text = `链接：/files/${enc('机密')}\n`;
    const r = extractText(utf8(text), ctx('links.txt')).parts.find((p) => p.id === 'body@percent-decoded')!;
    expect(r.text).toBe('链接：/files/机密');
    const k = r.text.indexOf('密');
    expect(sourceOf(r, k, k + 1)).toEqual([text.indexOf('%E5%AF%86'), text.indexOf('%E5%AF%86') + 9]);
  });

  it("quoted-printable runs within other text (a vCard's NOTE) are read decoded, mapped to their escapes", async () => {
    const qp = (t: string): string => [...new TextEncoder().encode(t)].map((b) => (b < 0x80 ? String.fromCharCode(b) : '=' + b.toString(16).toUpperCase())).join('');
    const card = `BEGIN:VCARD\nVERSION:2.1\nFN:张明\nNOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${qp('机密★5年')}\nEND:VCARD\n`;
    expect((await verdict(card, 'contact.vcf')).verdict).not.toBe('pass');
    expect((await verdict(`${qp('机密★5年')}\n${TITLE}\n${BODY}\n`, 'notice.txt')).verdict).toBe('block');
    const r = extractText(utf8(card), ctx('contact.vcf')).parts.find((p) => p.id === 'body@percent-decoded')!;
    const k = r.text.indexOf('密');
    const at = card.indexOf('=E5=AF=86');
    expect(sourceOf(r, k, k + 1)).toEqual([at, at + 9]);
    // The same card noting a news item passes; an `a=BC` in code is no run.
    expect((await verdict(card.replace(qp('机密★5年'), qp('保密宣传月活动')), 'contact.vcf')).verdict).toBe('pass');
    expect(extractText(utf8('x=AB+1; y = CD\n'), ctx('calc.txt')).parts.some((p) => p.id === 'body@percent-decoded')).toBe(false);
  });

  it('links to news about secrecy pass, and ASCII escapes add no reading', async () => {
    const enc = (t: string): string => encodeURIComponent(t);
    expect((await verdict(`本月新闻：http://www.example.gov.cn/news/${enc('保密宣传月活动启动')}.html\n${REGULATION}\n`, 'links.txt')).verdict).toBe('pass');
    expect(extractText(utf8('GET /a?b=%20c%2F HTTP/1.1\n'), ctx('access.log')).parts.some((p) => p.id === 'body@percent-decoded')).toBe(false);
  });
});

describe('JSON', () => {
  it('string values are read as values, escapes resolved, keys as labels', async () => {
    expect((await verdict(`{\n  "classification": "机密★5年",\n  "title": "${TITLE}"\n}\n`, 'doc.json')).verdict).toBe('block');
    expect((await verdict(`{\n  "密级": "\\u79d8\\u5bc6",\n  "title": "${TITLE}"\n}\n`, 'doc.json')).verdict).toBe('block');
    expect((await verdict(`{\n  "classification": "TOP SECRET//NOFORN",\n  "title": "Weekly meeting schedule"\n}\n`, 'doc.json')).verdict).toBe('block');
  });

  it('an escape maps back to its six characters', () => {
    const json = `{\n  "密级": "\\u79d8\\u5bc6"\n}\n`;
    const x = extractText(utf8(json), ctx('doc.json'));
    const r = x.parts.find((p) => p.id === 'body@json')!;
    expect(r.text).toBe('密级\t秘密');
    const at = json.indexOf('\\u79d8');
    expect(sourceOf(r, 3, 4)).toEqual([at, at + 6]);
    expect(sourceOf(r, 3, 5)).toEqual([at, at + 12]);
    expect(sourceOf(r, 0, 2)).toEqual([json.indexOf('密级'), json.indexOf('密级') + 2]);
  });

  it('a JSON feed of news about secrecy passes', async () => {
    const feed = JSON.stringify({ items: [{ title: '市保密局开展保密宣传月活动', summary: REGULATION }, { title: TITLE, summary: BODY }] }, null, 2);
    expect((await verdict(feed, 'feed.json')).verdict).toBe('pass');
  });
});

describe('CSV', () => {
  it('records are read as rows of cells: a level under its label column is a marking, as in the sheet', async () => {
    // An OA system's export of one document's metadata, comma- or semicolon-separated, UTF-8 or GBK.
    const csv = `文号,密级,保密期限,标题\r\n应急〔2026〕12号,机密,5年,"${TITLE}"\r\n`;
    expect((await verdict(csv, 'export.csv')).verdict).toBe('block');
    expect((await verdict(iconv.encode(csv.replace(/,/g, ';'), 'gbk'), 'export.csv')).verdict).toBe('block');
    expect((await verdict(`sep=;\n文号;密级\n应急〔2026〕12号;秘密\n`, 'export.csv')).verdict).toBe('block');
  });

  it('quotes are dropped, "" is one quote, and each cell maps back to its source', () => {
    const csv = `标题,密级\n"关于""汛期""检查的通知","第一行\n第二行"\n`;
    const r = extractText(utf8(csv), ctx('a.csv')).parts.find((p) => p.id === 'body@csv')!;
    expect(r.text).toBe('标题\t密级\n关于"汛期"检查的通知\t第一行 第二行');
    const at = csv.indexOf('""汛期');
    expect(sourceOf(r, r.text.indexOf('"'), r.text.indexOf('"') + 1)).toEqual([at, at + 2]);
  });

  it('records are read as cells up to the first line break after the limit', () => {
    const csv = 'a,b\nc,d\ne,f\n';
    expect(csvReading(csv, 'x', {}, undefined, 5)?.text).toBe('a\tb\nc\td');
  });

  it('a CSV, a YAML file or a text table with no level or label word in it is not read again (no finding twice)', () => {
    const ids = (text: string, name: string) => extractText(utf8(text), ctx(name)).parts.map((p) => p.id);
    expect(ids('序号,单位,联系电话\n1,市应急管理局办公室,13812345678\n2,市水利局,13987654321\n', 'contacts.csv')).toEqual(['body']);
    expect(ids('name: 王明\nphone: 13812345678\n', 'contact.yaml')).toEqual(['body']);
    expect(ids('组长：李明  联系电话：13812345678\n副组长：王芳  联系电话：13987654321\n', 'roster.txt')).toEqual(['body']);
    // Level words of other languages open the readings too.
    for (const w of ['RESTREINT UE/EU RESTRICTED', 'OFFICIAL-SENSITIVE', 'СЕКРЕТНО', '極秘', '대외비']) expect(mayHoldMarking(`Ref,Level,Date\nA1,${w},2026\n`), w).toBe(true);
  });

  it('a CSV of public data passes', async () => {
    expect((await verdict(`序号,单位,联系电话\n1,市应急管理局办公室,0571-87001234\n2,市水利局,0571-87005678\n`, 'contacts.csv')).verdict).toBe('pass');
  });
});

describe('SQL dumps', () => {
  const dump = (rows: string[]): string =>
    `-- MySQL dump 10.13\n-- Host: localhost    Database: oa\nDROP TABLE IF EXISTS \`gw_doc\`;\nCREATE TABLE \`gw_doc\` (\`id\` int NOT NULL, \`wh\` varchar(64), \`mj\` varchar(16), \`bt\` varchar(255));\n` +
    `LOCK TABLES \`gw_doc\` WRITE;\nINSERT INTO \`gw_doc\` (\`id\`, \`wh\`, \`mj\`, \`bt\`) VALUES ${rows.join(',')};\nUNLOCK TABLES;\n`;

  it("a row's value is read in its own cell under its column: a marking so dumped is one", async () => {
    const marked = dump([`(1,'应急〔2026〕11号','公开','${TITLE}')`, `(2,'应急〔2026〕12号','机密★5年','关于做好汛期物资调度工作的通知')`]);
    expect((await verdict(marked, 'backup.sql')).verdict).toBe('block');
    // Without the .sql name, by its INSERT; escapes resolved, and each value maps to its source.
    const escaped = dump([`(3,'应急〔2026〕13号','机密★5年','It\\'s ''quoted''')`]);
    expect((await verdict(escaped, 'oa-backup-2026.txt')).verdict).toBe('block');
    const r = extractText(utf8(escaped), ctx('oa-backup-2026.txt')).parts.find((p) => p.id === 'body@sql')!;
    expect(r.text.split('\n')).toEqual(['id\twh\tmj\tbt', "3\t应急〔2026〕13号\t机密★5年\tIt's 'quoted'"]);
    const k = r.text.indexOf('机密');
    expect(sourceOf(r, k, k + 5)).toEqual([escaped.indexOf('机密★5年'), escaped.indexOf('机密★5年') + 5]);
  });

  it('a dump of published news and the regulation passes', async () => {
    const news = dump([`(1,'江新〔2026〕3号','公开','市保密局开展保密宣传月活动')`, `(2,'江新〔2026〕4号','公开','${REGULATION.split('\n')[0]}')`]);
    expect((await verdict(news, 'backup.sql')).verdict).toBe('pass');
  });
});

describe('YAML', () => {
  it('a key beside its value, as in JSON: a level written as a value is a marking', async () => {
    const yaml = `docNo: 应急〔2026〕12号\nsecurityLevel: 机密\nsecretPeriod: 5年\ntitle: "${TITLE}"\n`;
    expect((await verdict(yaml, 'doc.yaml')).verdict).toBe('block');
    const r = yamlReading(yaml, 'x', {})!;
    expect(r.text.split('\n')[1]).toBe('securityLevel\t机密');
    expect(r.text.split('\n')[3]).toBe(`title\t${TITLE}`);
    expect(sourceOf(r, r.text.indexOf('机密'), r.text.indexOf('机密') + 2)).toEqual([yaml.indexOf('机密'), yaml.indexOf('机密') + 2]);
  });
  it('a YAML file about secrecy passes', async () => {
    expect((await verdict(`name: 保密宣传月\ndescription: "${REGULATION.split('\n')[0]}"\nurl: https://example.cn/a\n`, 'site.yml')).verdict).toBe('pass');
  });
});

/** What `native2ascii` writes: every character beyond ASCII as \uXXXX. */
const native2ascii = (s: string): string => s.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

describe('base64 blocks within text', () => {
  const b64 = (b: Uint8Array | string): string => Buffer.from(typeof b === 'string' ? utf8(b) : b).toString('base64');
  const wrapped = (s: string): string => s.replace(/.{76}/g, '$&\n');
  const sample = (name: string): Uint8Array => new Uint8Array(readFileSync(new URL(`../../../samples/docx/${name}`, import.meta.url)));

  it('a pasted attachment or a JSON export of a marked file is read as the file it encodes', async () => {
    const pasted = `附件原文如下：\n${wrapped(b64(`机密★5年\n${TITLE}\n${BODY}\n`))}\n以上。\n`;
    const r = await verdict(pasted, 'mail-copy.txt');
    expect(r.verdict).toBe('block');
    expect(r.findings[0].location.filePart ?? r.findings[0].location.part).toContain('@base64-1');
    // A GB2312 body copied out of a message's source: text in the encoding Chinese mail uses.
    const gbBody = `Content-Type: text/plain; charset="gb2312"\nContent-Transfer-Encoding: base64\n\n${wrapped(Buffer.from(iconv.encode(`机密★5年\n${TITLE}\n${BODY}\n`, 'gb2312')).toString('base64'))}\n`;
    expect((await verdict(`转发的邮件原文：\n${gbBody}`, 'mail-copy.txt')).verdict).toBe('block');
    const json = JSON.stringify({ id: 12, title: '年度检查方案', file: { name: 'notice.docx', content: b64(sample('notice-gbt9704-secret.docx')) } });
    expect((await verdict(json, 'export.json')).verdict).toBe('block');
  });

  it('a notice in UTF-16 without a byte order mark, in base64 within a JSON export, a log line or XML, blocks; its public twin passes', async () => {
    // Its bytes read as no text in the decoder's first reading, so the block was dropped as a key's (passed).
    const u16 = (s: string, be: boolean): string => { const b = Buffer.from(s, 'utf16le'); if (be) b.swap16(); return b.toString('base64'); };
    for (const be of [false, true]) {
      const marked = u16(`机密★5年\n${TITLE}\n${BODY}\n`, be);
      const twin = u16(`公开\n关于开展保密宣传月活动的通知\n${BODY}\n`, be);
      expect((await verdict(JSON.stringify({ id: 3, title: 'notice', content: marked }), 'export.json')).verdict).toBe('block');
      expect((await verdict(`2026-12-01 10:00:01 INFO queued payload=${marked} size=300\n`, 'mail.log')).verdict).toBe('block');
      expect((await verdict(`<?xml version="1.0"?>\n<doc><content>${wrapped(marked)}</content></doc>\n`, 'export.xml')).verdict).toBe('block');
      expect((await verdict(JSON.stringify({ id: 3, title: 'notice', content: twin }), 'export.json')).verdict).toBe('pass');
    }
  });

  it('keys, hashes, certificates and a public text in base64 pass, and add no file but the text', async () => {
    const bytes = new Uint8Array(300).map((_, i) => (i * 73 + 41) % 256);
    const key = `ssh-rsa ${b64(bytes)} admin@oa\n`;
    const cert = `-----BEGIN CERTIFICATE-----\n${wrapped(b64(Uint8Array.from([0x30, 0x82, 0x01, 0x0a, ...bytes])))}\n-----END CERTIFICATE-----\n`;
    const hashes = `${'9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'}  notice.docx\n`;
    for (const t of [key, cert, hashes]) {
      expect(extractText(utf8(t), ctx('keys.txt')).embedded ?? [], t.slice(0, 20)).toEqual([]);
      expect((await verdict(t, 'keys.txt')).verdict).toBe('pass');
    }
    const law = `法规原文：\n${wrapped(b64(`${REGULATION}\n`))}\n`;
    expect(extractText(utf8(law), ctx('law.txt')).embedded).toHaveLength(1);
    expect((await verdict(law, 'law.txt')).verdict).toBe('pass');
  });
});

describe('mojibake', () => {
  const asLatin1 = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
  const cp1252 = (b: Uint8Array): string => [...b].map((x) => (x >= 0x80 && x < 0xa0 ? String.fromCharCode([0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f, 0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178][x - 0x80]) : String.fromCharCode(x))).join('');

  it('Chinese shown in the wrong code page and saved so is read back, each character mapped to the letters of its bytes', async () => {
    const notice = `机密★5年\n${TITLE}\n${BODY}\n`;
    const gbkShown = asLatin1(new Uint8Array(iconv.encode(notice, 'gbk')));
    const utf8Shown = cp1252(utf8(notice));
    expect(gbkShown).toContain('»úÃÜ');
    for (const [t, name] of [[gbkShown, 'gbk-as-latin1'], [utf8Shown, 'utf8-as-cp1252'], [asLatin1(utf8(notice)), 'utf8-as-latin1']] as const) {
      expect((await verdict(t, 'old-page.txt')).verdict, name).toBe('block');
    }
    const r = extractText(utf8(gbkShown), ctx('old-page.txt')).parts.find((p) => p.id === 'body@mojibake-reversed')!;
    expect(r.text.split('\n')[0]).toBe('机密★5年');
    // 密 is GBK's C3 DC, shown as the two letters Ã Ü at 2–4.
    expect(sourceOf(r, 1, 2)).toEqual([2, 4]);
    // The strided look finds a run of four such letters exactly where a unit-by-unit look does.
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '5', 'Ã', 'Ü', 'œ', '†', '机', ' ', '\n'), maxLength: 200 }), (t) => {
        expect(holdsMojibakeRun(undefined, t)).toBe(/[ÃÜœ†]{4}/.test(t));
      }),
      { numRuns: 3000 },
    );
  });

  it('the regulation so garbled passes, and Western text reads back as nothing', async () => {
    expect((await verdict(asLatin1(new Uint8Array(iconv.encode(`${REGULATION}\n`, 'gbk'))), 'law.txt')).verdict).toBe('pass');
    const western = 'Réunion du comité: ordre du jour, procès-verbal, Größenänderung der Übersicht, Ñandú, São Paulo — «Café Müller».\n';
    expect(extractText(utf8(western), ctx('notes.txt')).parts.some((p) => p.id === 'body@mojibake-reversed')).toBe(false);
    expect((await verdict(western, 'notes.txt')).verdict).toBe('pass');
  });
});

describe('character escapes', () => {
  it('a properties file in native2ascii form, byte escapes, octal and CSS escapes are read resolved', async () => {
    const props = `# OA export\ndoc.no=${native2ascii('应急〔2026〕12号')}\nsecret.level=${native2ascii('机密★5年')}\ntitle=${native2ascii(TITLE)}\n`;
    expect((await verdict(props, 'notice.properties')).verdict).toBe('block');
    // A value continued on the next line (a properties file's backslash at the end of a line).
    expect((await verdict(`title=${native2ascii(TITLE)}\nsecret.level=${native2ascii('机')}\\\n    ${native2ascii('密★5年')}\n`, 'notice.properties')).verdict).toBe('block');
    const bytes = (s: string, f: (b: number) => string): string => [...Buffer.from(s)].map((b) => (b < 0x80 ? String.fromCharCode(b) : f(b))).join('');
    expect((await verdict(`level: ${bytes('机密★5年', (b) => `\\x${b.toString(16)}`)}\ntitle: ${bytes(TITLE, (b) => `\\x${b.toString(16)}`)}\n`, 'dump.txt')).verdict).toBe('block');
    expect((await verdict(`level: ${bytes('机密★5年', (b) => `\\${b.toString(8)}`)}\n`, 'git-log.txt')).verdict).not.toBe('pass');
    const x = extractText(utf8(props), ctx('notice.properties'));
    const r = x.parts.find((p) => p.id === 'body@unescaped')!;
    expect(r.text).toContain('secret.level\t机密★5年');
    // Each character maps to its own six-character escape.
    const at = props.indexOf('\\u5bc6');
    expect(sourceOf(r, r.text.indexOf('密'), r.text.indexOf('密') + 1)).toEqual([at, at + 6]);
    // A stylesheet's escapes are CSS's (hex digits, a space ending one), not \u.
    const css = extractText(utf8('.stamp::before { content: "\\673a\\5bc6\\2605 5\\5e74"; }\n'), ctx('print.css')).parts.find((p) => p.id === 'body@unescaped')!;
    expect(css.text).toContain('"机密★5年"');
  });

  it("a text escaped whole (Python's unicode_escape, a log's dump) keeps its \\n line breaks: a marking so escaped stays on a line of its own", async () => {
    const escaped = (t: string): string => [...t].map((c) => (c === '\n' ? '\\n' : c.charCodeAt(0) < 0x80 ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)).join('');
    const dump = escaped(`机密★5年\n${TITLE}\n${BODY}\n`);
    expect(dump).not.toContain('\n');
    expect((await verdict(dump, 'dump.txt')).verdict).toBe('block');
    const r = extractText(utf8(dump), ctx('dump.txt')).parts.find((p) => p.id === 'body@unescaped')!;
    expect(r.text.split('\n')[0]).toBe('机密★5年');
    // The regulation escaped the same way passes.
    expect((await verdict(escaped(`${REGULATION}\n`), 'dump.txt')).verdict).toBe('pass');
  });

  it('a properties file of the regulation, and paths with backslashes, pass', async () => {
    expect((await verdict(`law.article10=${native2ascii(REGULATION.split('\n')[0])}\nlaw.article11=${native2ascii(REGULATION.split('\n')[1])}\n`, 'messages_zh.properties')).verdict).toBe('pass');
    const log = 'C:\\Users\\admin\\data\\2026\\report.docx copied\nD:\\backup\\1a2b\\x12.bin\n';
    expect(extractText(utf8(log), ctx('copy.log')).parts.some((p) => p.id === 'body@unescaped')).toBe(false);
  });
});

describe('tables laid out in text', () => {
  it('a fixed-width report, a bar-separated export and a box-drawing table are read as rows of cells', async () => {
    const rows = [['文号', '密级', '保密期限'], ['应急〔2026〕12号', '机密', '5年']];
    const fixed = `文号              密级    保密期限\n应急〔2026〕12号  机密    5年\n\n${BODY}\n`;
    const bars = `${rows.map((r) => r.join('|')).join('\n')}\n\n${BODY}\n`;
    const box = `┌────────┬────┬────┐\n│文号    │密级│期限│\n├────────┼────┼────┤\n│应急12号│机密│5年 │\n└────────┴────┴────┘\n${BODY}\n`;
    // Values exported to a .txt with commas or semicolons (a CSV by another name).
    const commas = `${rows.map((r) => r.join(',')).join('\n')}\n\n${BODY}\n`;
    const semicolons = `${rows.map((r) => r.join(';')).join('\n')}\n\n${BODY}\n`;
    for (const t of [fixed, bars, box, commas, semicolons]) expect((await verdict(t, 'report.txt')).verdict, t.slice(0, 12)).toBe('block');
    const r = textTableReading(fixed, 'x', {})!;
    // The table as cells, the text around it as written.
    expect(r.text.split('\n').slice(0, 2)).toEqual(['文号\t密级\t保密期限', '应急〔2026〕12号\t机密\t5年']);
    expect(r.text).toContain(BODY.split('\n')[0]);
    expect(sourceOf(r, r.text.indexOf('机密'), r.text.indexOf('机密') + 2)).toEqual([fixed.indexOf('机密'), fixed.indexOf('机密') + 2]);
  });

  it('prose, a single line with spaces, and a regulation with indented articles give no table that blocks', async () => {
    expect(textTableReading(`${TITLE}\n${BODY}\n`, 'x', {})).toBeUndefined();
    // Tab-separated rows are cells as the raw text is read: nothing to add.
    expect(textTableReading('文号\t密级\n应急12号\t机密\n', 'x', {})).toBeUndefined();
    expect(textTableReading('联系人：王明  电话：0571-87001234\n', 'x', {})).toBeUndefined();
    // English prose with commas is no row of values.
    expect(textTableReading('The depot completed its annual inventory on 3 May, as planned, and stock levels are fine.\nTwo forklifts were taken out of service, repaired, and returned to the depot in June.\n', 'x', {})).toBeUndefined();
    const regulation = REGULATION.split('\n').map((l) => l.replace('　', '  ')).join('\n');
    expect((await verdict(`${regulation}\n`, 'law.txt')).verdict).toBe('pass');
  });
});

describe('XML', () => {
  it('text content is read: internal entities, CDATA, elements', async () => {
    expect((await verdict(`<?xml version="1.0"?>\n<!DOCTYPE doc [<!ENTITY m "机密★5年">]>\n<doc>\n<mark>&m;</mark>\n<subject>${TITLE}</subject>\n</doc>\n`, 'doc.xml')).verdict).toBe('block');
    expect((await verdict(`<?xml version="1.0"?>\n<doc>\n<mark>机<![CDATA[密]]>★5年</mark>\n<subject>${TITLE}</subject>\n</doc>\n`, 'doc.xml')).verdict).toBe('block');
    expect((await verdict(`<?xml version="1.0" encoding="UTF-8"?>\n<document>\n  <classification>TOP SECRET//NOFORN</classification>\n  <title>Weekly meeting schedule</title>\n</document>\n`, 'doc.xml')).verdict).toBe('block');
  });

  it('an expanded entity maps to its reference', () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE doc [<!ENTITY m "机密★5年">]>\n<doc><mark>&m;</mark></doc>\n`;
    const x = extractText(utf8(xml), ctx('doc.xml'));
    const r = x.parts.find((p) => p.id === 'xml:elements')!;
    const k = r.text.indexOf('机密★5年');
    expect(k).toBeGreaterThanOrEqual(0);
    const at = xml.indexOf('&m;');
    expect(sourceOf(r, k, k + 5)).toEqual([at, at + 3]);
  });

  it('an entity that cannot be expanded leaves the document unread; a billion laughs stops', async () => {
    const undeclared = await verdict(`<?xml version="1.0"?>\n<!DOCTYPE doc SYSTEM "doc.dtd">\n<doc><mark>&m;</mark><p>${TITLE}</p></doc>\n`, 'doc.xml');
    expect(undeclared.verdict).not.toBe('pass');
    expect(undeclared.coverage.unread.some((u) => u.where.includes('&m;'))).toBe(true);
    let dtd = '<!ENTITY a0 "哈哈哈哈哈哈哈哈哈哈">';
    for (let i = 1; i < 10; i++) dtd += `<!ENTITY a${i} "${`&a${i - 1};`.repeat(10)}">`;
    const t0 = process.cpuUsage();
    const bomb = await verdict(`<?xml version="1.0"?>\n<!DOCTYPE doc [${dtd}]>\n<doc>&a9;</doc>\n`, 'bomb.xml');
    expect(cpuMsSince(t0)).toBeLessThan(10_000);
    expect(bomb.verdict).not.toBe('pass');
  });

  it('a part without a declaration whose root declares a namespace is XML (an XPS page): its attribute text on lines of its own', async () => {
    const page = `<FixedPage Width="816" Height="1056" xmlns="http://schemas.microsoft.com/xps/2005/06" xml:lang="zh-CN">\n<Glyphs OriginX="96" OriginY="96" FontRenderingEmSize="16" FontUri="/Resources/f.odttf" UnicodeString="机密★5年" Fill="#ff000000"/>\n<Glyphs OriginX="96" OriginY="130" FontRenderingEmSize="16" FontUri="/Resources/f.odttf" UnicodeString="${TITLE}" Fill="#ff000000"/>\n</FixedPage>\n`;
    expect((await verdict(page, '1.fpage')).verdict).toBe('block');
    expect((await verdict(page, 'page-1.txt')).verdict).toBe('block');
    expect((await verdict(page.replace('机密★5年', '保密宣传月'), '1.fpage')).verdict).toBe('pass');
    // An XHTML page is markup to render, not XML to take apart.
    expect(looksXml('<html xmlns="http://www.w3.org/1999/xhtml"><body><p>通知</p></body></html>')).toBe(false);
  });

  it('a published regulation in XML passes', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<law>\n  <title>中华人民共和国保守国家秘密法</title>\n${REGULATION.split('\n').map((l) => `  <article>${l}</article>`).join('\n')}\n</law>\n`;
    expect((await verdict(xml, 'law.xml')).verdict).toBe('pass');
  });
});

describe('iCalendar', () => {
  it('folded lines are unfolded', async () => {
    const ics = `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:春节安全会议\r\nDESCRIPTION:机\r\n 密★5年\\n${TITLE}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
    expect((await verdict(ics, 'meeting.ics')).verdict).toBe('block');
  });
  it('an event title (SUMMARY) opened by a mark is a title, folded or not: the mark opens it', async () => {
    const event = (summary: string): string => `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:20260610T090000\r\nSUMMARY;LANGUAGE=zh-CN:${summary}\r\nDESCRIPTION:请准时参加。\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
    for (const summary of ['机\r\n 密★5年 江临市应急管理局关于开展汛期安全检查的会商会', '机密★5年 防汛会商会']) {
      const r = await verdict(event(summary), 'invite.ics');
      expect(r.verdict, summary).toBe('block');
      const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret' && x.severity === 'block')!;
      expect(f.location.part).toBe('body@summary-1');
      // Located in the file: the source range covers 机 … 年 across the fold.
      expect(f.location.source?.start).toBe(event(summary).indexOf('机'));
    }
    // A title that only names a mark (a training on it) is no mark of the event: a human decides at most.
    expect((await verdict(event('关于机密★5年文件管理的培训'), 'invite.ics')).verdict).not.toBe('block');
    expect((await verdict(event('保密宣传月启动仪式'), 'invite.ics')).verdict).toBe('pass');
  });
});

describe('vCard 2.1', () => {
  it('a quoted-printable NOTE is decoded, each character located at its escapes: a mark opening it blocks', async () => {
    const qp = (s: string): string => [...Buffer.from(s)].map((b) => `=${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    const card = (note: string): string => `BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${qp('张')};${qp('三')}\r\nNOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:${qp(note)}\r\nEND:VCARD\r\n`;
    const text = card('机密★5年\r\n关于开展汛期安全检查的通知');
    const r = await verdict(text, 'contact.vcf');
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.severity === 'block')!;
    expect(f.location.part).toBe('body@unfolded');
    // 机 starts at its first escape, 年 ends after its last.
    expect(text.slice(f.location.source!.start, f.location.source!.end)).toBe(qp('机密★5年'));
    expect((await verdict(card('本市开展第十个保密宣传月活动'), 'contact.vcf')).verdict).toBe('pass');
  });
});

describe('RTF after blank lines', () => {
  it('is sniffed as RTF and its escapes are read', async () => {
    const hex = (s: string) => [...iconv.encode(s, 'gbk')].map((b) => `\\'${b.toString(16)}`).join('');
    const rtf = `\r\n\r\n\r\n{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\n${hex('机密★5年')}\\par ${hex(TITLE)}\\par}`;
    const bytes = new Uint8Array(Buffer.from(rtf, 'latin1'));
    expect(sniffFormat(bytes, 'notice.rtf').format).toBe('rtf');
    expect(sniffFormat(new Uint8Array([0xef, 0xbb, 0xbf, 0x0a, ...bytes.subarray(6)]), 'notice.rtf').format).toBe('rtf');
    expect((await verdict(bytes, 'notice.rtf')).verdict).toBe('block');
  });
});

