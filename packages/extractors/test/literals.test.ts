/**
 * Text written by programmers and translators: a string the program or the translated document
 * shows, written in the file as several quoted pieces (gettext continuation lines, adjacent
 * literals) — read as shown, mapped back to the pieces; the same file without a marking, or with
 * the level words in prose, still passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { TextPart } from '@prepub/core';
import { createScanner, type Scanner } from '../../scanner/src/index.ts';
import { csvFormulasReading, gettextReading, joinedLiteralsReading, sourceSyntax, tagsDroppedReading, throughReading } from '../src/literals.ts';
import { subtitleReading } from '../src/subtitles.ts';
import { docMarkupReading } from '../src/doc-markup.ts';
import { lineStartsOf } from '../src/readings.ts';

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
}, 60_000);
afterAll(async () => {
  await scanner?.close();
});

const scan = (text: string, filename: string) => scanner.scan(utf8(text), { filename });

const PO_HEADER = 'msgid ""\nmsgstr ""\n"Project-Id-Version: notice 1.0\\n"\n"Language: zh_CN\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n';

describe('gettext catalogues (.po, .pot)', () => {
  // A document translated with po4a: the cover's first line is one message.
  const po = (cover: string): string =>
    PO_HEADER +
    `#. type: Plain text\n#: notice.txt:1\nmsgid "Confidential, 5 years"\nmsgstr ""\n${cover}\n\n` +
    '#: notice.txt:3\nmsgid "Notice on the 2026 flood-season duty roster"\nmsgstr "关于做好2026年汛期值班工作的通知"\n\n' +
    '#: notice.txt:5\nmsgid "All district offices:"\nmsgstr "各区防汛办公室："\n';

  it('a message whose quoted pieces split the mark blocks (continuation lines, adjacent pieces on one line)', async () => {
    for (const cover of ['"机密"\n"★5年"', '"机密" "★5年"', '"机"\n"密★"\n"5年"']) {
      for (const name of ['zh_CN.po', 'notice.pot']) {
        const text = po(cover);
        const r = await scan(text, name);
        expect(r.verdict, `${name}: ${cover}`).toBe('block');
        const f = r.findings.find((x) => x.location.part === 'body@messages')!;
        // Located on the quoted pieces of the source.
        expect(text.slice(f.location.source!.start, f.location.source!.end)).toMatch(/^"?机[\s\S]*年$/);
      }
    }
  });

  it('a message whose level is written as character references (po4a from HTML) blocks', async () => {
    expect((await scan(po('"<b>&#x673A;</b>"\n"&#x5BC6;★5年"'), 'page.zh_CN.po')).verdict).toBe('block');
    expect((await scan(po('"<b>&#x516C;</b>"\n"&#x5F00;★5年"'), 'page.zh_CN.po')).verdict).toBe('pass');
  });

  it('tags of the translated document (po4a from DocBook or HTML), even across pieces, do not split the mark', async () => {
    for (const cover of ['"<emphasis role=\\"strong\\">机"\n"</emphasis>密★5年"', '"<b>机</b>"\n"密&#9733;5年"']) {
      const text = po(cover);
      const r = await scan(text, 'guide.zh_CN.po');
      expect(r.verdict, cover).toBe('block');
      const f = r.findings.find((x) => x.location.part === 'body@messages-untagged')!;
      expect(text.slice(f.location.source!.start, f.location.source!.end)).toMatch(/^机[\s\S]*年$/);
    }
    expect((await scan(po('"<emphasis>内部</emphasis>"\n"通知"'), 'guide.zh_CN.po')).verdict).toBe('pass');
    const prose = PO_HEADER + 'msgid "Levels"\nmsgstr ""\n"国家秘密的密级分为<emphasis>绝密</emphasis>、<emphasis>机密</emphasis>"\n"、<emphasis>秘密</emphasis>三级。"\n';
    expect((await scan(prose, 'guide.zh_CN.po')).verdict).toBe('pass');
  });

  it('byte escapes in a message are resolved (\\346\\234\\272 …)', async () => {
    const r = await scan(po('"\\346\\234\\272\\345\\257\\206" "★5年"'), 'zh_CN.po');
    expect(r.verdict).toBe('block');
  });

  it('twins pass: the same catalogue without the mark, a regulation quoting the levels, a list of level names', async () => {
    expect((await scan(po('"内部通知"'), 'zh_CN.po')).verdict).toBe('pass');
    const regulation =
      PO_HEADER +
      'msgid "Article 10"\nmsgstr ""\n"第十条　国家秘密的密级分为绝密、机密、秘密三级。"\n"机密级国家秘密是重要的国家秘密，泄露会使国家安全和利益遭受严重的损害。"\n\n' +
      'msgid "How a mark is written"\nmsgstr "密级标志的写法如\\"机密★5年\\"，标注在封面左上角。"\n';
    expect((await scan(regulation, 'regulation.po')).verdict).toBe('pass');
    const levels = 'msgid "Top secret"\nmsgstr "绝密"\n\nmsgid "Confidential"\nmsgstr "机密"\n\nmsgid "Secret"\nmsgstr "秘密"\n';
    expect((await scan(PO_HEADER + levels, 'records.po')).verdict).toBe('pass');
  });
});

describe('YAML anchors, aliases and tags', () => {
  // A publishing pipeline's metadata: the level given once with an anchor, reused by an alias.
  const meta = (level: string): string =>
    `defaults:\n  securityLevel: &level ${level}\n  secretPeriod: !!str 5年\n` +
    `document:\n  docNo: 应急〔2026〕12号\n  title: 关于做好2026年汛期值班工作的通知\n  securityLevel: *level\n`;

  it('a level written after an anchor or a tag, or reached through an alias, blocks', async () => {
    for (const level of ['机密', '"机密"', "!!str '机密'"]) {
      const text = meta(level);
      const r = await scan(text, 'meta.yaml');
      expect(r.verdict, level).toBe('block');
      const f = r.findings.find((x) => x.location.part === 'body@yaml')!;
      expect(text.slice(f.location.source!.start, f.location.source!.end)).toBe('机密');
    }
  });

  it('twins pass: the same metadata with 公开, and a regulation in YAML', async () => {
    expect((await scan(meta('公开'), 'meta.yaml')).verdict).toBe('pass');
    const reg = 'chapter: &c 第二章\narticle10: 国家秘密的密级分为绝密、机密、秘密三级。\nsee: *c\n';
    expect((await scan(reg, 'law.yaml')).verdict).toBe('pass');
  });
});

describe('string literals joined in source code', () => {
  // What the program shows is the joined string: read as if the literal were written whole (a whole
  // mark as a literal in code is at least review), on the line of code it stands in.
  const SPLIT: Array<[string, string]> = [
    ['cover.js', 'const TITLE = "关于做好2026年汛期值班工作的通知";\nconst COVER = "机" + "密★5年";\n'],
    ['cover.ts', 'export const cover = `机${""}密★5年`;\n'],
    ['cover.ts', "export const cover = '机密' // 密级\n  + '★5年';\n"],
    ['cover.py', 'COVER = ("机密"\n         "★5年")\nTITLE = "关于做好2026年汛期值班工作的通知"\n'],
    ['cover.py', "COVER = f\"机{'密'}★5年\"\n"],
    ['Cover.java', 'String cover = "机密" +\n    "★5年";\n'],
    ['cover.c', 'static const char *cover = "\\346\\234\\272\\345\\257\\206"\n    "★5年";\n'],
    ['cover.c', 'static const char *cover = "机密\\\n★5年";\n'],
    ['cover.php', "<?php\n$cover = '机' . '密★5年';\n"],
    ['cover.lua', 'local cover = "机密" .. "★5年"\n'],
    ['stamp.sh', 'MARK="机""密★5年"\n'],
    ['Cover.m', 'NSString *const kCoverMark = @"机"\n                              @"密★5年";\n'],
    ['cover.cpp', 'const wchar_t *kCover = L"机" L"密★5年";\n'],
    ['notice.rc', 'STRINGTABLE\nBEGIN\n    IDS_COVER "机密" "★5年"\n    IDS_TITLE "关于做好2026年汛期值班工作的通知"\nEND\n'],
    ['cover.rs', 'pub const COVER: &str = concat!("机", "密★5年");\n'],
    ['Cover.bas', "' 封面\nSub Cover()\n    MsgBox \"机\" & _\n        \"密★5年\"\nEnd Sub\n"],
    ['stamp.ps1', '# 封面\n$cover = "机" + "密★5年"\n'],
  ];

  it('a mark split over literals the program joins does not pass', async () => {
    for (const [name, code] of SPLIT) {
      const r = await scan(code, name);
      expect(r.verdict, `${name}: ${code}`).not.toBe('pass');
      const f = r.findings.find((x) => x.location.part === 'body@joined')!;
      expect(f, `${name}: ${code}`).toBeDefined();
      // Located from the first piece's 机 to the last's 年.
      expect(code.slice(f.location.source!.start, f.location.source!.end)).toMatch(/^(?:机|\\346)[\s\S]*年$/);
    }
  });

  it('twins pass: the same code without the mark, a regulation built from literals, a list of the levels', async () => {
    for (const [name, code] of SPLIT) {
      const twin = code.replace(/机/g, '公').replace(/\\346\\234\\272\\345\\257\\206/g, '公开').replace(/密/g, '开');
      expect((await scan(twin, name)).verdict, `${name}: ${twin}`).toBe('pass');
    }
    const regulation =
      "const ARTICLE_10 = '第十条　国家秘密的密级分为绝密、' +\n  '机密、秘密三级。' +\n  '密级标志的写法如“机密★5年”，标注在封面左上角。';\n" +
      "const LEVELS = ['绝密', '机密', '秘密'];\n";
    expect((await scan(regulation, 'law.js')).verdict).toBe('pass');
    expect((await scan('LEVELS = ("绝密"\n          "机密"\n          "秘密")\n', 'levels.py')).verdict).toBe('pass');
  });
});

describe('values continued over lines with a backslash (properties, INI, TOML)', () => {
  const FILES: Array<[string, string]> = [
    ['cover.properties', '# 封面\ncover.mark=机密\\\n    ★5年\ncover.title=关于做好2026年汛期值班工作的通知\n'],
    ['notice.ini', '[cover]\nmark = 机密\\\n★5年\ntitle = 关于做好2026年汛期值班工作的通知\n'],
    ['notice.toml', '[cover]\nmark = """\n机密\\\n    ★5年"""\ntitle = "关于做好2026年汛期值班工作的通知"\n'],
  ];

  it('a mark split by a continued line does not pass', async () => {
    for (const [name, text] of FILES) {
      const r = await scan(text, name);
      expect(r.verdict, name).not.toBe('pass');
      const f = r.findings.find((x) => x.location.part === 'body@unescaped')!;
      expect(text.slice(f.location.source!.start, f.location.source!.end)).toMatch(/^机密\\\n\s*★5年$/);
    }
  });

  it('twins pass: the same files without the mark, a regulation continued over lines', async () => {
    for (const [name, text] of FILES) expect((await scan(text.replace('机密', '公开'), name)).verdict, name).toBe('pass');
    const reg = 'article10=第十条　国家秘密的密级分为绝密、机密、\\\n    秘密三级。\\\n    密级标志的写法如“机密★5年”。\n';
    expect((await scan(reg, 'law.properties')).verdict).toBe('pass');
  });
});

describe('subtitles (.srt, .vtt, .ass)', () => {
  // A briefing's recording with its subtitles: the first cue shows the mark at the top of the picture.
  const files = (mark: (a: string, b: string) => string): Array<[string, string]> => [
    ['briefing.vtt', `WEBVTT\n\n1\n00:00:01.000 --> 00:00:04.000 line:0 align:start\n${mark('<c.yellow>', '</c>')}\n\n2\n00:00:04.500 --> 00:00:08.000\n<v 主持人>各位同志，现在召开汛期值班工作部署会。\n`],
    ['briefing.vtt', `WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n${mark('<00:00:01.500>', '')}\n`],
    ['briefing.srt', `1\n00:00:01,000 --> 00:00:04,000\n{\\an8}${mark('<font color="#ffff00">', '</font>')}\n\n2\n00:00:04,500 --> 00:00:08,000\n各位同志，现在召开汛期值班工作部署会。\n`],
    ['briefing.ass', `[Script Info]\nTitle: 汛期值班工作部署会\nScriptType: v4.00+\n\n[Events]\nFormat: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text\nDialogue: 0,0:00:01.00,0:00:04.00,Top,,0,0,0,,{\\an8}${mark('{\\b1}', '{\\b0}')}\nDialogue: 0,0:00:04.50,0:00:08.00,Default,,0,0,0,,各位同志，现在召开汛期值班工作部署会。\n`],
  ];

  it('a cue whose tags or override blocks split the mark blocks', async () => {
    for (const [name, text] of files((a, b) => `${a}机${b}密★5年`)) {
      const r = await scan(text, name);
      expect(r.verdict, name).toBe('block');
      const f = r.findings.find((x) => x.location.part === 'body@cues')!;
      expect(text.slice(f.location.source!.start, f.location.source!.end)).toMatch(/^机[\s\S]*密★5年$/);
    }
  });

  it('MicroDVD frames and style codes and a lyric\'s time tags do not split the mark', async () => {
    const files = (a: string, b: string): Array<[string, string]> => [
      ['briefing.sub', `{1}{100}{y:b}${a}{y:i}${b}★5年\n{110}{250}各位同志，现在召开汛期值班工作部署会。\n`],
      ['briefing.sub', `{1}{100}${a}|${b}★5年\n`],
      ['song.lrc', `[ti:汛期值班之歌]\n[ar:市防汛办]\n[00:01.00]${a}[00:01.50]${b}★5年\n[00:04.00]各位同志，现在召开汛期值班工作部署会。\n`],
      ['song.lrc', `[00:01.00]<00:01.00>${a}<00:01.30>${b}<00:01.60>★5年\n`],
    ];
    for (const [name, text] of files('机', '密')) {
      const r = await scan(text, name);
      expect(r.verdict, `${name}: ${text}`).toBe('block');
      expect(r.findings.some((x) => x.location.part === 'body@cues')).toBe(true);
    }
    for (const [name, text] of files('公', '开')) expect((await scan(text, name)).verdict, `${name}: ${text}`).toBe('pass');
  });

  it('a cue whose level is a character reference inside the tags blocks', async () => {
    const vtt = (ref: string) => `WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<c.yellow>${ref}</c>&#x5BC6;★5年\n`;
    expect((await scan(vtt('机'), 'briefing.vtt')).verdict).toBe('block');
    expect((await scan(vtt('&#x673A;'), 'briefing.vtt')).verdict).toBe('block');
    expect((await scan(vtt('公').replace('&#x5BC6;', '&#x5F00;'), 'briefing.vtt')).verdict).toBe('pass');
  });

  it('a ruby annotation (the reading shown above the characters) does not split the mark', async () => {
    const vtt = (a: string, b: string) => `WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<ruby>${a}<rt>${a === '机' ? 'jī' : 'gōng'}</rt></ruby><ruby>${b}<rt>${b === '密' ? 'mì' : 'kāi'}</rt></ruby>★5年\n`;
    expect((await scan(vtt('机', '密'), 'lesson.vtt')).verdict).toBe('block');
    expect((await scan(vtt('公', '开'), 'lesson.vtt')).verdict).toBe('pass');
  });

  it('twins pass: the same subtitles without the mark, a lecture on the secrecy law', async () => {
    for (const [name, text] of files((a, b) => `${a}汛${b}期值班`)) expect((await scan(text, name)).verdict, name).toBe('pass');
    const lecture =
      '1\n00:00:01,000 --> 00:00:05,000\n{\\an8}<i>保密法</i>讲座\n\n2\n00:00:05,500 --> 00:00:09,000\n国家秘密的密级分为<b>绝密</b>、<b>机密</b>、<b>秘密</b>三级。\n\n' +
      '3\n00:00:09,500 --> 00:00:13,000\n密级标志的写法如“机密★5年”，标注在封面左上角。\n';
    expect((await scan(lecture, 'lecture.srt')).verdict).toBe('pass');
  });
});

describe('Android string resources (strings.xml)', () => {
  const res = (cover: string): string =>
    '<?xml version="1.0" encoding="utf-8"?>\n<resources>\n    <string name="app_name">公文阅读</string>\n' +
    `    <string name="cover_mark">${cover}</string>\n    <string name="cover_title">关于做好2026年汛期值班工作的通知</string>\n</resources>\n`;

  it('a mark written with the resource escapes or quotes blocks', async () => {
    for (const cover of ['\\u673a\\u5bc6★5年', '机\\u5bc6\\u26055年', '"机密"\\n"★5年"']) {
      const r = await scan(res(cover), 'strings.xml');
      expect(r.verdict, cover).toBe('block');
    }
  });

  it('twins pass: the same resources without the mark, a help text quoting a mark', async () => {
    expect((await scan(res('\\u516c\\u5f00'), 'strings.xml')).verdict).toBe('pass');
    expect((await scan(res('"公开"\\n"通知"'), 'strings.xml')).verdict).toBe('pass');
    const help = res('密级标志的写法如\\"机密★5年\\"，标注在封面左上角，阅读器不显示涉密文件。');
    expect((await scan(help, 'strings.xml')).verdict).toBe('pass');
  });
});

describe('Jupyter notebooks (.ipynb)', () => {
  const nb = (first: string): string =>
    JSON.stringify(
      {
        cells: [
          { cell_type: 'markdown', metadata: {}, source: [`${first}\n`, '\n', '# 2026年汛期雨情分析\n', '\n', '数据来源：市水文站。'] },
          { cell_type: 'code', execution_count: 1, metadata: {}, outputs: [], source: ['import pandas as pd\n', "df = pd.read_csv('rain.csv')"] },
        ],
        metadata: { kernelspec: { display_name: 'Python 3', language: 'python', name: 'python3' } },
        nbformat: 4,
        nbformat_minor: 5,
      },
      null,
      1,
    );

  it('a Markdown cell whose emphasis or tags split the mark blocks', async () => {
    for (const first of ['**机**密★5年', '<span style="color:red">机</span>密★5年', '机*密*★5年']) {
      const text = nb(first);
      const r = await scan(text, 'rain.ipynb');
      expect(r.verdict, first).toBe('block');
      const f = r.findings.find((x) => x.location.part === 'body@notebook')!;
      expect(text.slice(f.location.source!.start, f.location.source!.end)).toMatch(/^机[\s\S]*年$/);
    }
  });

  it('twins pass: the same notebook without the mark, a notebook teaching the levels', async () => {
    expect((await scan(nb('**内部**学习材料'), 'rain.ipynb')).verdict).toBe('pass');
    expect((await scan(nb('国家秘密的密级分为**绝密**、**机密**、**秘密**三级，标志写作“机密★5年”。'), 'law.ipynb')).verdict).toBe('pass');
  });
});

describe('Apple .strings files', () => {
  const strings = (cover: string): string => `/* 封面标志 */\n"cover.mark" = "${cover}";\n\n/* 标题 */\n"cover.title" = "关于做好2026年汛期值班工作的通知";\n`;

  it('a mark written with \\U and four hex digits (as Xcode exports it) does not pass', async () => {
    const text = strings('\\U673A\\U5BC6\\U26055\\U5E74');
    const r = await scan(text, 'Localizable.strings');
    expect(r.verdict).not.toBe('pass');
    const f = r.findings.find((x) => x.location.part === 'body@unescaped')!;
    expect(text.slice(f.location.source!.start, f.location.source!.end)).toBe('\\U673A\\U5BC6\\U26055\\U5E74');
  });

  it('twins pass: the same file without the mark; eight-digit \\U escapes still read as before', async () => {
    expect((await scan(strings('\\U516C\\U5F00'), 'Localizable.strings')).verdict).toBe('pass');
    expect((await scan('print("\\U0000673a\\U00005bc6★5年")\n', 'cover.py')).verdict).not.toBe('pass');
  });
});

describe('CSV fields that are text formulas', () => {
  // A register exported for Excel: ="…" keeps the copy number's zeros; a formula joins the mark.
  const CSV: Array<[string, string]> = [
    ['unquoted, joined with &', '份号,密级,标题\n="000012",="机" & "密★5年",关于做好2026年汛期值班工作的通知\n'],
    ['quoted, CONCATENATE', '份号,密级,标题\n="000012","=CONCATENATE(""机"",""密★5年"")",关于做好2026年汛期值班工作的通知\n'],
    ['semicolons, CONCAT', '份号;密级;标题\n="000012";=CONCAT("机";"密★5年");关于做好2026年汛期值班工作的通知\n'],
  ];

  it('a mark a formula joins blocks, located on the formula\'s pieces', async () => {
    for (const [what, text] of CSV) {
      const r = await scan(text, 'register.csv');
      expect(r.verdict, what).toBe('block');
      const f = r.findings.find((x) => x.location.part === 'body@csv')!;
      expect(text.slice(f.location.source!.start, f.location.source!.end)).toMatch(/^机[\s\S]*密★5年$/);
    }
  });

  it('twins pass: the same registers with 公开, a list of levels written as formulas (="机密" read as 机密, not =机密, which blocked)', async () => {
    for (const [what, text] of CSV) expect((await scan(text.replace('机', '公').replace('密★5年', '开'), 'register.csv')).verdict, what).toBe('pass');
    expect((await scan('密级,保密期限,说明\n="绝密",不超过30年,最重要的国家秘密\n="机密",不超过20年,重要的国家秘密\n="秘密",不超过10年,一般的国家秘密\n', 'levels.csv')).verdict).toBe('pass');
  });
});

describe('reStructuredText, AsciiDoc, Org, MediaWiki as rendered', () => {
  const TITLE_LINE = '关于做好2026年汛期值班工作的通知';
  const DOCS: Array<[string, string]> = [
    ['notice.rst', `**机**\\ 密★5年\n\n${TITLE_LINE}\n${'='.repeat(40)}\n\n各区防汛办公室：\n`],
    ['notice.rst', `.. |lv| replace:: 机密\n\n|lv|★5年\n\n${TITLE_LINE}\n${'='.repeat(40)}\n`],
    ['notice.adoc', `*机*密★5年\n\n= ${TITLE_LINE}\n\n各区防汛办公室：\n`],
    ['notice.adoc', `= ${TITLE_LINE}\n:lv: 机密\n:pd: 5年\n\n[red]#{lv}#★{pd}\n\n各区防汛办公室：\n`],
    ['notice.org', `=机=密★5年\n\n* ${TITLE_LINE}\n各区防汛办公室：\n`],
    ['notice.wiki', `'''机'''密★5年\n\n== ${TITLE_LINE} ==\n各区防汛办公室：\n`],
  ];

  it('a mark split by inline markup, or made of substitutions, blocks', async () => {
    for (const [name, text] of DOCS) {
      const r = await scan(text, name);
      expect(r.verdict, `${name}: ${text}`).toBe('block');
      expect(r.findings.some((x) => x.location.part === 'body@rendered-markup'), name).toBe(true);
    }
  });

  it('character references in the markup are read as their characters', async () => {
    expect((await scan('*机*&#x5BC6;★5年\n\n= 关于做好2026年汛期值班工作的通知\n', 'notice.adoc')).verdict).toBe('block');
    expect((await scan('**&#26426;**\\ &#23494;★5年\n\n关于做好2026年汛期值班工作的通知\n', 'notice.rst')).verdict).toBe('block');
    expect((await scan('*公*&#x5F00;★5年\n\n= 关于做好2026年汛期值班工作的通知\n', 'notice.adoc')).verdict).toBe('pass');
  });

  it('twins pass: the same documents with 公开, a regulation with the levels in bold', async () => {
    for (const [name, text] of DOCS) expect((await scan(text.replace(/机/g, '公').replace(/密/g, '开'), name)).verdict, `${name}: ${text}`).toBe('pass');
    const rst = '保密法\n======\n\n第十条　国家秘密的密级分为\\ **绝密**\\ 、\\ **机密**\\ 、\\ **秘密**\\ 三级。\n\n密级标志的写法如“\\ *机密★5年*\\ ”。\n';
    expect((await scan(rst, 'law.rst')).verdict).toBe('pass');
    const adoc = '= 保密法\n:lv: 机密\n\n第十条　国家秘密的密级分为*绝密*、*{lv}*、*秘密*三级。\n';
    expect((await scan(adoc, 'law.adoc')).verdict).toBe('pass');
  });
});

describe('SQL values joined in the statement', () => {
  const SQL: Array<[string, string]> = [
    ['|| (PostgreSQL, SQLite, Oracle)', "INSERT INTO documents (doc_no, cover_mark, title) VALUES ('应急〔2026〕12号', '机' || '密★5年', '关于做好2026年汛期值班工作的通知');\n"],
    ['CONCAT (MySQL)', "INSERT INTO `documents` (`doc_no`, `cover_mark`, `title`) VALUES ('应急〔2026〕12号', CONCAT('机', '密★5年'), '关于做好2026年汛期值班工作的通知');\n"],
  ];

  it('a mark joined from two strings blocks', async () => {
    for (const [what, sql] of SQL) {
      const r = await scan(sql, 'seed.sql');
      expect(r.verdict, what).toBe('block');
      const f = r.findings.find((x) => x.location.part === 'body@sql')!;
      expect(sql.slice(f.location.source!.start, f.location.source!.end)).toMatch(/^机[\s\S]*密★5年$/);
    }
  });

  it('twins pass: the same statements with 公开, a regulation joined from strings', async () => {
    for (const [what, sql] of SQL) expect((await scan(sql.replace('机', '公').replace('密★5年', '开'), 'seed.sql')).verdict, what).toBe('pass');
    const law = "INSERT INTO articles (no, body) VALUES (10, '国家秘密的密级分为' || '绝密、机密、秘密三级。'), (11, CONCAT('密级标志的写法如', '“机密★5年”。'));\n";
    expect((await scan(law, 'law.sql')).verdict).toBe('pass');
  });
});

describe('strings in braces within text (JSX, Fluent)', () => {
  const JSX: Array<[string, string]> = [
    ['Cover.jsx', 'export default function Cover() {\n  return (\n    <header>\n      <p className="mark">机{""}密★5年</p>\n      <h1>关于做好2026年汛期值班工作的通知</h1>\n    </header>\n  );\n}\n'],
    ['Cover.tsx', 'export const Cover = (): JSX.Element => (\n  <header>\n    <p>{"机"}{"密"}★{5}年</p>\n  </header>\n);\n'],
  ];

  it('a JSX paragraph whose mark is split by string expressions blocks', async () => {
    for (const [name, code] of JSX) {
      const r = await scan(code, name);
      expect(r.verdict, name).toBe('block');
      const f = r.findings.find((x) => x.location.part === 'body@joined-rendered')!;
      expect(code.slice(f.location.source!.start, f.location.source!.end)).toMatch(/^\{?"?机[\s\S]*年$/);
    }
  });

  it('a Fluent message with a string placeable inside the mark does not pass', async () => {
    const ftl = '# 封面\ncover-mark = 机{ "" }密★5年\ncover-title = 关于做好2026年汛期值班工作的通知\n';
    expect((await scan(ftl, 'zh-CN/cover.ftl')).verdict).not.toBe('pass');
  });

  it('twins pass: the same components and message with 公开, a component listing the levels', async () => {
    for (const [name, code] of JSX) expect((await scan(code.replace('"机"', '"公"').replace('"密"', '"开"').replace('机{""}密', '公{""}开'), name)).verdict, name).toBe('pass');
    expect((await scan('cover-mark = 公{ "" }开★5年\n', 'zh-CN/cover.ftl')).verdict).toBe('pass');
    const levels = 'export const Levels = () => (\n  <ul>\n    {["绝密", "机密", "秘密"].map((l) => <li key={l}>{l}</li>)}\n  </ul>\n);\nexport const Note = () => <p>密级分为{"绝密"}、{"机密"}、{"秘密"}三级。</p>;\n';
    expect((await scan(levels, 'Levels.tsx')).verdict).toBe('pass');
  });
});

describe('translation memories and XLIFF: inline elements and native codes', () => {
  const FILES = (a: string, b: string): Array<[string, string]> => [
    ['cover.xlf', `<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="zh-CN">\n <file id="f1">\n  <unit id="cover"><segment><source>Confidential, 5 years</source><target>${a}<pc id="1" dataRefStart="d1">${b}</pc>★5年</target></segment></unit>\n  <unit id="title"><segment><source>Notice</source><target>关于做好2026年汛期值班工作的通知</target></segment></unit>\n </file>\n</xliff>\n`],
    ['cover.xliff', `<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"><file source-language="en" target-language="zh-CN" datatype="html" original="cover.html"><body>\n<trans-unit id="1"><source>Confidential</source><target>${a}<ph id="1">&lt;/b&gt;</ph>${b}★5年</target></trans-unit>\n</body></file></xliff>\n`],
    ['memory.tmx', `<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" datatype="html" segtype="sentence" adminlang="en" creationtool="cat" creationtoolversion="1" o-tmf="cat"/><body>\n<tu><tuv xml:lang="en"><seg>Confidential</seg></tuv><tuv xml:lang="zh-CN"><seg><bpt i="1">&lt;b&gt;</bpt>${a}<ept i="1">&lt;/b&gt;</ept>${b}★5年</seg></tuv></tu>\n</body></tmx>\n`],
  ];

  it('a target whose mark an inline element or a native code splits blocks', async () => {
    for (const [name, text] of FILES('机', '密')) {
      const r = await scan(text, name);
      expect(r.verdict, name).toBe('block');
      const f = r.findings.find((x) => x.location.part === 'xml:elements')!;
      expect(text.slice(f.location.source!.start, f.location.source!.end)).toMatch(/^机[\s\S]*★5年$/);
    }
  });

  it('twins pass: the same files with 公开, a memory of a regulation with inline codes around the levels', async () => {
    for (const [name, text] of FILES('公', '开')) expect((await scan(text, name)).verdict, name).toBe('pass');
    const reg = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" datatype="html" segtype="sentence" adminlang="en" creationtool="cat" creationtoolversion="1" o-tmf="cat"/><body>\n<tu><tuv xml:lang="zh-CN"><seg>国家秘密的密级分为<bpt i="1">&lt;b&gt;</bpt>绝密<ept i="1">&lt;/b&gt;</ept>、<bpt i="2">&lt;b&gt;</bpt>机密<ept i="2">&lt;/b&gt;</ept>、秘密三级。</seg></tuv></tu>\n</body></tmx>\n';
    expect((await scan(reg, 'law.tmx')).verdict).toBe('pass');
  });
});

describe('YAML block scalars and double-quoted escapes', () => {
  const meta = (cover: string): string => `docNo: 应急〔2026〕12号\ncover: ${cover}\ntitle: 关于做好2026年汛期值班工作的通知\n`;
  const COVERS: Array<[string, string]> = [
    ['folded', '>-\n  机\n  密★5年'],
    ['literal', '|\n  机\n  密★5年'],
    ['\\u escapes', '"\\u673A\\u5BC6★5年"'],
    ['\\x escapes', '"\\xE6\\x9C\\xBA\\xE5\\xAF\\x86★5年"'],
  ];

  it('a mark folded or escaped in the value blocks, located in the value', async () => {
    for (const [what, cover] of COVERS) {
      const text = meta(cover);
      const r = await scan(text, 'meta.yaml');
      expect(r.verdict, what).toBe('block');
      const f = r.findings.find((x) => x.location.part === 'body@yaml')!;
      expect(text.slice(f.location.source!.start, f.location.source!.end), what).toMatch(/^(?:机|\\u673A|\\xE6)[\s\S]*年$/);
    }
  });

  it('twins pass: the same values for 公开, a regulation in a folded block', async () => {
    for (const [what, cover] of COVERS) {
      const twin = cover.replace('机', '公').replace('密★5年', '开').replace('\\u673A\\u5BC6★5年', '\\u516C\\u5F00').replace('\\xE6\\x9C\\xBA\\xE5\\xAF\\x86★5年', '\\xE5\\x85\\xAC\\xE5\\xBC\\x80');
      expect((await scan(meta(twin), 'meta.yaml')).verdict, what).toBe('pass');
    }
    const law = 'article10: >\n  第十条　国家秘密的密级分为绝密、\n  机密、秘密三级。\nexample: "\\u5BC6\\u7EA7\\u6807\\u5FD7\\u7684\\u5199\\u6CD5\\u5982\\u201C\\u673A\\u5BC6\\u2605\\u0035\\u5E74\\u201D"\n';
    expect((await scan(law, 'law.yaml')).verdict).toBe('pass');
  });
});

describe('tab-separated values (.tsv)', () => {
  const TSV: Array<[string, string]> = [
    ['a text formula', '份号\t密级\t标题\n="000012"\t="机" & "密★5年"\t关于做好2026年汛期值班工作的通知\n'],
    ['a quoted cell over two lines', '份号\t密级\t标题\n000012\t"机\n密★5年"\t关于做好2026年汛期值班工作的通知\n'],
  ];
  it('read as cells, as a CSV is: a mark in a cell blocks', async () => {
    for (const [what, text] of TSV) {
      const r = await scan(text, 'register.tsv');
      expect(r.verdict, what).toBe('block');
      expect(r.findings.some((x) => x.location.part === 'body@csv'), what).toBe(true);
    }
  });
  it('twins pass: the same registers with 公开, the table of the levels', async () => {
    for (const [what, text] of TSV) expect((await scan(text.replace('机', '公').replace('密★5年', '开'), 'register.tsv')).verdict, what).toBe('pass');
    expect((await scan('密级\t保密期限\t说明\n绝密\t不超过30年\t最重要的国家秘密\n机密\t不超过20年\t重要的国家秘密\n秘密\t不超过10年\t一般的国家秘密\n', 'levels.tsv')).verdict).toBe('pass');
  });
});

describe('JSON carrying HTML or Markdown (a CMS export, an API answer)', () => {
  const ARTICLES = (a: string, b: string): Array<[string, string]> => [
    ['posts.json', JSON.stringify([{ id: 12, title: { rendered: '关于做好2026年汛期值班工作的通知' }, content: { rendered: `<p><strong>${a}</strong>${b}★5年</p>\n<p>各区防汛办公室：</p>` } }])],
    ['post.json', `{"content": "\\u003cp\\u003e\\u003cb\\u003e${a}\\u003c/b\\u003e${b}★5年\\u003c/p\\u003e"}`],
    ['entry.json', JSON.stringify({ fields: { body: `**${a}**${b}★5年\n\n# 关于做好2026年汛期值班工作的通知` } })],
  ];

  it('an article whose tags or emphasis split the mark blocks', async () => {
    for (const [name, text] of ARTICLES('机', '密')) {
      const r = await scan(text, name);
      expect(r.verdict, name).toBe('block');
      const f = r.findings.find((x) => x.location.part === 'body@json-rendered')!;
      expect(text.slice(f.location.source!.start, f.location.source!.end), name).toMatch(/^机[\s\S]*年$/);
    }
  });

  it('twins pass: the same articles with 公开, an article on the secrecy law with the levels in bold', async () => {
    for (const [name, text] of ARTICLES('公', '开')) expect((await scan(text, name)).verdict, name).toBe('pass');
    const law = JSON.stringify({ content: { rendered: '<p>国家秘密的密级分为<strong>绝密</strong>、<strong>机密</strong>、<strong>秘密</strong>三级。</p><p>密级标志的写法如“机密★5年”。</p>' } });
    expect((await scan(law, 'law.json')).verdict).toBe('pass');
  });
});

describe('JSON holding markup is read as JSON, not as a page', () => {
  it('a .json (or a file that opens as JSON) whose strings hold HTML blocks through its rendered strings', async () => {
    const text = (a: string, b: string) => `{"content": "<p><span style=\\"color:red\\">${a}</span>${b}★5年</p><p>各区防汛办公室：</p><p>请做好汛期值班。</p>", "title": "关于做好2026年汛期值班工作的通知"}\n`;
    for (const name of ['article.json', 'article.dat']) {
      const r = await scan(text('机', '密'), name);
      expect(r.document.format, name).toBe('text');
      expect(r.verdict, name).toBe('block');
      expect((await scan(text('公', '开'), name)).verdict, name).toBe('pass');
    }
  });
});

describe('feeds and data files whose values are HTML', () => {
  const FILES = (a: string, b: string): Array<[string, string]> => [
    ['feed.rss', `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>市防汛办</title><item><title>关于做好2026年汛期值班工作的通知</title>\n<description>&lt;p&gt;&lt;strong&gt;${a}&lt;/strong&gt;${b}★5年&lt;/p&gt;&lt;p&gt;各区防汛办公室：&lt;/p&gt;</description></item></channel></rss>\n`],
    ['feed.atom', `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>市防汛办</title><entry><title>关于做好2026年汛期值班工作的通知</title><content type="html">&lt;p&gt;&lt;em&gt;${a}&lt;/em&gt;${b}★5年&lt;/p&gt;</content></entry></feed>\n`],
    ['notice.yaml', `title: 关于做好2026年汛期值班工作的通知\ncontent: "<p><strong>${a}</strong>${b}★5年</p><p>各区防汛办公室：</p>"\n`],
  ];

  it('an entry or a value whose tags split the mark blocks', async () => {
    for (const [name, text] of FILES('机', '密')) {
      const r = await scan(text, name);
      expect(r.verdict, name).toBe('block');
      const f = r.findings.find((x) => x.location.part === 'xml:rendered' || x.location.part === 'body@yaml-rendered')!;
      expect(text.slice(f.location.source!.start, f.location.source!.end), name).toMatch(/^机[\s\S]*年$/);
    }
  });

  it('twins pass: the same files with 公开, a feed item on the secrecy law with the levels in bold', async () => {
    for (const [name, text] of FILES('公', '开')) expect((await scan(text, name)).verdict, name).toBe('pass');
    const law = '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>普法</title><item><title>保密法解读</title><description>&lt;p&gt;国家秘密的密级分为&lt;strong&gt;绝密&lt;/strong&gt;、&lt;strong&gt;机密&lt;/strong&gt;、&lt;strong&gt;秘密&lt;/strong&gt;三级。&lt;/p&gt;</description></item></channel></rss>\n';
    expect((await scan(law, 'law.rss')).verdict).toBe('pass');
  });
});

describe('a CMS database dump or CSV export whose articles are HTML', () => {
  const FILES = (a: string, b: string): Array<[string, string]> => [
    ['wordpress.sql', `INSERT INTO \`wp_posts\` (\`ID\`, \`post_title\`, \`post_content\`, \`post_status\`) VALUES (12,'关于做好2026年汛期值班工作的通知','<p><strong>${a}</strong>${b}★5年</p>\\n<p>各区防汛办公室：</p>','draft');\n`],
    ['posts.csv', `ID,post_title,post_content,post_status\n12,关于做好2026年汛期值班工作的通知,"<p><strong>${a}</strong>${b}★5年</p><p>各区防汛办公室：</p>",draft\n`],
  ];

  it('an article whose tags split the mark blocks', async () => {
    for (const [name, text] of FILES('机', '密')) {
      const r = await scan(text, name);
      expect(r.verdict, name).toBe('block');
      const f = r.findings.find((x) => x.location.part.endsWith('-rendered'))!;
      expect(text.slice(f.location.source!.start, f.location.source!.end), name).toMatch(/^机[\s\S]*年$/);
    }
  });

  it('twins pass: the same dumps with 公开, an article on the secrecy law with the levels in bold', async () => {
    for (const [name, text] of FILES('公', '开')) expect((await scan(text, name)).verdict, name).toBe('pass');
    const law = "INSERT INTO `wp_posts` (`ID`, `post_title`, `post_content`) VALUES (13,'保密法解读','<p>国家秘密的密级分为<strong>绝密</strong>、<strong>机密</strong>、<strong>秘密</strong>三级。</p>');\n";
    expect((await scan(law, 'wordpress.sql')).verdict).toBe('pass');
  });
});

describe('a dump or an export past the length read as cells', () => {
  // The first rows hold 秘 (秘书处), so the text is read as cells, up to the first 1M characters.
  const big = (kind: 'sql' | 'csv', a: string, b: string): string => {
    const brief = (i: number) => `<p>市政府秘书处编印的第${i}期简报介绍了各区防汛物资储备、值班安排和应急演练情况，请各单位认真学习。</p>`;
    const rows: string[] = kind === 'csv' ? ['ID,post_title,post_content'] : [];
    const row = (i: number, title: string, html: string) => (kind === 'csv' ? `${i},${title},"${html}"` : `INSERT INTO \`wp_posts\` (\`ID\`, \`post_title\`, \`post_content\`) VALUES (${i},'${title}','${html}');`);
    for (let i = 0; i < 15_000; i++) rows.push(row(i, `第${i}期工作简报`, brief(i)));
    rows.push(row(99_999, '关于做好2026年汛期值班工作的通知', `<p><strong>${a}</strong>${b}★5年</p><p>各区防汛办公室：</p>`));
    return rows.join('\n') + '\n';
  };

  it('an article past it whose tags split the mark blocks; the same for 公开 passes', async () => {
    for (const kind of ['sql', 'csv'] as const) {
      const text = big(kind, '机', '密');
      expect(text.length, kind).toBeGreaterThan(1 << 20);
      expect((await scan(text, `wordpress.${kind}`)).verdict, kind).toBe('block');
      expect((await scan(big(kind, '公', '开'), `wordpress.${kind}`)).verdict, kind).toBe('pass');
    }
  }, 60_000);
});

describe('a calendar invitation whose description is HTML (X-ALT-DESC)', () => {
  const ics = (a: string, b: string) =>
    `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\r\nBEGIN:VEVENT\r\nSUMMARY:汛期值班工作部署会\r\nDTSTART:20260601T090000\r\nDESCRIPTION:请准时参加。\r\nX-ALT-DESC;FMTTYPE=text/html:<b>${a}</b>${b}★5年<br>请准时参加。\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;
  it('blocks when its tags split the mark; the same for 公开 passes', async () => {
    const text = ics('机', '密');
    const r = await scan(text, 'invite.ics');
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.location.part === 'body@unfolded-rendered')!;
    expect(text.slice(f.location.source!.start, f.location.source!.end)).toMatch(/^机[\s\S]*年$/);
    expect((await scan(ics('公', '开'), 'invite.ics')).verdict).toBe('pass');
  });
});

describe('the readings\' source maps', () => {
  const TOKENS = ['机', '密', '★', '5', '年', 'a', ' ', '\n', '\r\n', '"', "'", '`', '\\', '\\n', '\\u5bc6', '\\346\\234\\272', '+', '.', '&', '{', '}', '${', '""', '=', ',', ';', '(', ')', '<b>', '</b>', '&#x5BC6;', '**', '_', '|', '#', '//', '/*', '*/', 'msgid ', 'msgstr ', '\n"', '{1}{2}', '[00:01.00]', '00:00:01,000 --> 00:00:02,000\n', ':lv: ', '{lv}', '.. |lv| replace:: ', 'concat!(', '@', 'L', '=CONCATENATE(', '#~ '];
  const check = (text: string, part: TextPart | undefined): void => {
    if (!part) return;
    const { starts, ends } = part.source!;
    expect(starts.length).toBe(part.text.length);
    for (let k = 0; k < part.text.length; k++) {
      expect(starts[k]).toBeLessThanOrEqual(ends[k]);
      expect(ends[k]).toBeLessThanOrEqual(text.length);
    }
  };
  it('every unit of every reading maps inside the text, on any input', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...TOKENS), { maxLength: 80 }), (pieces) => {
        const text = pieces.join('');
        const ls = lineStartsOf(text);
        const po = gettextReading(text, 'm', {}, ls);
        check(text, po);
        if (po) check(text, (() => { const t = tagsDroppedReading(po.text, 'u', {}); return t ? throughReading(po, t) : undefined; })());
        for (const name of ['a.js', 'a.py', 'a.c', 'a.rs', 'a.bas', 'a.ftl', 'a.go']) check(text, joinedLiteralsReading(text, 'j', {}, sourceSyntax(name)!, ls));
        for (const kind of ['cues', 'ass', 'microdvd', 'lrc'] as const) check(text, subtitleReading(text, 'c', {}, kind, ls));
        check(text, docMarkupReading(text, 'd', {}, ls));
        check(text, csvFormulasReading(text, 'f', {}));
      }),
      { numRuns: 400 },
    );
  });
});

describe('text past the first million characters', () => {
  // The check whether joined literals may hold a level word looked at the first 1M units only: a
  // bundle whose split banner came after them passed; the same banner in a short file is review.
  it('a split literal 1.1M characters into a script is read as joined', async () => {
    const filler = 'export const rows = [1, 2, 3].map((x) => x * 2); // 计算行数据\n'.repeat(20000);
    const banner = 'const banner = "机" + "密★5年";\ndocument.title = banner;\n';
    const r = await scan(filler + banner, 'app.js');
    expect(filler.length).toBeGreaterThan(1 << 20);
    expect(r.verdict).not.toBe('pass');
    expect(r.findings.some((f) => f.location.part === 'body@joined' && f.ruleId === 'marking.cn-state-secret')).toBe(true);
    expect((await scan(filler + banner.replace('机" + "密★5年', '公开'), 'app.js')).verdict).toBe('pass');
  }, 60_000);
});
