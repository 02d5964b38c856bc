/**
 * Structures found by the peer red team (bench/peers/structures.ts: the marking added to other
 * projects' documents as a structure of their format) that passed although they held the marking.
 * Each fixture is written here, a notice of our own; each has a benign twin that must still pass.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { docx, para, REL } from '../packages/extract-docx/test/helpers.ts';
import { addLinkedParts, pptx, xlsx } from '../packages/ooxml/test/ooxml-writer.ts';
import { msg } from '../packages/extract-msg/test/msg-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

const scan = (bytes: Uint8Array, filename: string) => scanner.scan(bytes, { filename });
/** RTF \uN? escapes of a string. */
const u = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 0x80 ? c : `\\u${c.charCodeAt(0) > 0x7fff ? c.charCodeAt(0) - 0x10000 : c.charCodeAt(0)}?`)).join('');

describe('RTF: Outlook encapsulated HTML (\\fromhtml1)', () => {
  // An HTML mail saved as RTF: the markup sits in \*\htmltag groups for the HTML view, the text
  // between them is the RTF view's; \htmlrtf marks what only the RTF view shows.
  const mail = (title: string, htmlOnly: string) =>
    new Uint8Array(
      Buffer.from(
        `{\\rtf1\\ansi\\ansicpg936\\fromhtml1 \\deff0{\\fonttbl{\\f0\\fswiss\\fcharset134 SimSun;}}` +
          `{\\*\\htmltag19 <html>}{\\*\\htmltag34 <head>}{\\*\\htmltag1 <meta http-equiv="Content-Type" content="text/html; charset=gb2312">}` +
          `{\\*\\htmltag241 <style>}{\\*\\htmltag241 p.MsoNormal \\{margin:0cm;font-family:"${u('宋体')}";\\}}{\\*\\htmltag249 </style>}{\\*\\htmltag41 </head>}` +
          `{\\*\\htmltag2 \\par }{\\*\\htmltag50 <body lang=ZH-CN>}` +
          `{\\*\\htmltag64 <p class=MsoNormal title="${u(title)}">}\\htmlrtf {\\htmlrtf0 ${u('关于召开二〇二四年度工作总结会议的通知')}` +
          `{\\*\\htmltag244 <o:p>}{\\*\\htmltag84 ${u(htmlOnly)}}{\\*\\htmltag252 </o:p>}\\htmlrtf\\par}\\htmlrtf0 ` +
          `{\\*\\htmltag72 </p>}{\\*\\htmltag64 <p class=MsoNormal>}\\htmlrtf {\\htmlrtf0 ${u('各处室：请于三月八日上午九时到三楼会议室参加会议。')}\\htmlrtf\\par}\\htmlrtf0 {\\*\\htmltag72 </p>}` +
          `{\\*\\htmltag58 </body>}{\\*\\htmltag27 </html>}}`,
        'latin1',
      ),
    );

  it('a marking kept only in the HTML markup (a title attribute, text between tags) is read: block; the same mail without it passes', async () => {
    const inTitle = await scan(mail('机密★5年', ''), 'notice.rtf');
    expect(inTitle.verdict).toBe('block');
    expect(inTitle.findings.map((f) => f.ruleId)).toContain('marking.cn-state-secret');
    const between = await scan(mail('会议通知', '机密★5年'), 'notice.rtf');
    expect(between.verdict).toBe('block');
    const benign = await scan(mail('会议通知', '请准时参加'), 'notice.rtf');
    expect(benign.verdict).toBe('pass');
    expect(benign.coverage.parts.map((p) => p.id)).toContain('encapsulated-html');
  });
});

describe('E-mail: text outside the MIME parts', () => {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const mail = (preamble: string, epilogue: string) =>
    new Uint8Array(
      Buffer.from(
        [
          'From: =?UTF-8?B?' + b64('办公室') + '?= <office@example.cn>',
          'To: staff@example.cn',
          'Subject: =?UTF-8?B?' + b64('关于报送年度工作总结的通知') + '?=',
          'Date: Fri, 01 Mar 2024 09:00:00 +0800',
          'MIME-Version: 1.0',
          'Content-Type: multipart/mixed; boundary="==PP_01"',
          '',
          preamble,
          '--==PP_01',
          'Content-Type: text/plain; charset=utf-8',
          'Content-Transfer-Encoding: base64',
          '',
          b64('各处室：\n请于三月八日前将年度工作总结报送办公室。\n办公室'),
          '--==PP_01--',
          epilogue,
          '',
        ].join('\r\n'),
        'utf8',
      ),
    );

  it('a marking in the preamble or the epilogue of a multipart body is read: block; the usual preamble passes', async () => {
    const pre = await scan(mail('机密★5年', ''), 'notice.eml');
    expect(pre.verdict).toBe('block');
    const post = await scan(mail('This is a multi-part message in MIME format.', '机密★5年'), 'notice.eml');
    expect(post.verdict).toBe('block');
    const benign = await scan(mail('This is a multi-part message in MIME format.', ''), 'notice.eml');
    expect(benign.verdict).toBe('pass');
    expect(benign.coverage.parts.map((p) => p.id)).toContain('mime-margins');
  });

  it('lines of a closed boundary do not end its epilogue: a second close, or a "part" opened after the close, is still read', async () => {
    // A parser reads everything after the close delimiter as epilogue, whatever lines follow.
    const secondClose = await scan(mail('', '--==PP_01--\r\n机密★5年\r\n关于港区规划调整的补充说明'), 'notice.eml');
    expect(secondClose.verdict).toBe('block');
    expect(secondClose.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.part).toBe('mime-margins');
    const partAfterClose = await scan(mail('', '--==PP_01\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n机密★5年\r\n关于港区规划调整的补充说明'), 'notice.eml');
    expect(partAfterClose.verdict).toBe('block');
  });
});

describe('E-mail: more than one Subject header', () => {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
  const mail = (subjects: string[]) =>
    new Uint8Array(
      Buffer.from(
        ['From: office@example.cn', 'To: staff@example.cn', ...subjects.map((s) => `Subject: =?UTF-8?B?${b64(s)}?=`), 'Date: Fri, 01 Mar 2024 09:00:00 +0800', 'MIME-Version: 1.0', 'Content-Type: text/plain; charset=utf-8', '', '各处室：', '请于三月八日前将年度工作总结报送办公室。', ''].join('\r\n'),
        'utf8',
      ),
    );

  it('every Subject is a title of its own (the parser keeps the first; mail programs differ on which they show)', async () => {
    const second = await scan(mail(['会议通知', '机密★5年 港区规划']), 'notice.eml');
    expect(second.verdict).toBe('block');
    expect(second.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.part).toBe('subject-2');
    const first = await scan(mail(['机密★5年 港区规划', '会议通知']), 'notice.eml');
    expect(first.verdict).toBe('block');
    // The same subject twice is one title; a benign pair passes.
    const twice = await scan(mail(['关于报送年度工作总结的通知', '关于报送年度工作总结的通知']), 'notice.eml');
    expect(twice.verdict).toBe('pass');
    expect(twice.coverage.parts.filter((p) => p.role === 'title').map((p) => p.id)).toEqual(['subject']);
  });
});

describe('Handwriting (InkML ink parts)', () => {
  // Pen strokes drawn over a notice (a stamp or a note written by hand): what they say is in the
  // drawing. A trace is a list of points; twelve strokes of twenty points each.
  const ink = (strokes: number) =>
    `<?xml version="1.0" encoding="UTF-8"?><inkml:ink xmlns:inkml="http://www.w3.org/2003/InkML"><inkml:definitions><inkml:brush xml:id="br0"><inkml:brushProperty name="width" value="0.05" units="cm"/></inkml:brush></inkml:definitions>` +
    Array.from({ length: strokes }, (_, k) => `<inkml:trace brushRef="#br0">${Array.from({ length: 20 }, (_, j) => `${13800000000 + k * 40 + j * 2} ${62000000 + ((j * 7 + k * 3) % 30)}`).join(', ')}</inkml:trace>`).join('') +
    `</inkml:ink>`;
  const contentPart = `<w:p><w:r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="w14" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w14:contentPart xmlns:r="${REL}" r:id="rIdInk"><w14:xfrm><a:off x="0" y="0"/><a:ext cx="1800000" cy="600000"/></w14:xfrm></w14:contentPart></mc:Choice></mc:AlternateContent></w:r></w:p>`;
  const notice = para('关于开展二〇二四年度安全生产检查的通知') + para('各科室：请于四月十日前完成自查并报送结果。');
  const inkRel = `<Relationship Id="rIdInk" Type="${REL}/customXml" Target="ink/ink1.xml"/>`;

  it('DOCX: ink strokes are a drawing not read (review), their coordinates are not read as numbers; without them the notice passes', async () => {
    const withInk = await scan(docx(notice + contentPart, { 'word/ink/ink1.xml': ink(12) }, [inkRel]), 'notice.docx');
    expect(withInk.verdict).toBe('review');
    expect(withInk.coverage.unread.map((u) => `${u.where} ${u.reason}`)).toContain('word/ink/ink1.xml unsupported-format');
    // Eleven-digit coordinates read as text would be mobile numbers.
    expect(withInk.findings.map((f) => f.ruleId)).not.toContain('pii.mobile');
    const plain = await scan(docx(notice), 'notice.docx');
    expect(plain.verdict).toBe('pass');
    // An ink part with no stroke draws nothing.
    const empty = await scan(docx(notice + contentPart, { 'word/ink/ink1.xml': ink(0) }, [inkRel]), 'notice.docx');
    expect(empty.verdict).toBe('pass');
  });

  it('PPTX: ink strokes on a slide are a drawing not read (review); the slide without them passes', async () => {
    const deck = pptx({ slides: [{ shapes: [{ text: ['二〇二四年度工作总结', '一、主要工作完成情况'] }] }] });
    const plain = await scan(deck, 'report.pptx');
    expect(plain.verdict).toBe('pass');
    const inked = addLinkedParts(deck, 'ppt/slides/slide1.xml', { 'ppt/ink/ink1.xml': ink(12) }, [['customXml', '../ink/ink1.xml']]);
    const r = await scan(inked, 'report.pptx');
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => `${u.where} ${u.reason}`)).toContain('ppt/ink/ink1.xml unsupported-format');
  });
});

describe('Word and Excel 97-2003: streams the reader does not know', () => {
  const require = createRequire(import.meta.url);
  const CFB = require(require.resolve('cfb', { paths: [resolve(import.meta.dirname, '../packages/extract-docx')] }));
  const sampleOf = (name: string) => readFileSync(resolve(import.meta.dirname, '../samples/doc', name));
  /** The sample with streams added (path → bytes). */
  const withStreams = (name: string, add: Record<string, Uint8Array>) => {
    const c = CFB.read(sampleOf(name), { type: 'buffer' });
    for (const [path, bytes] of Object.entries(add)) CFB.utils.cfb_add(c, path, Buffer.from(bytes));
    return new Uint8Array(CFB.write(c, { type: 'buffer' }) as Buffer);
  };
  const u16 = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));

  it('the words of an unknown stream are read (a marking there is found; a note there passes)', async () => {
    for (const name of ['benign-meeting-minutes.doc', 'benign-roster.xls']) {
      expect((await scan(new Uint8Array(sampleOf(name)), name)).verdict, name).toBe('pass');
      const marked = await scan(withStreams(name, { '/KSONotes': u16('\u0000\u0003机密★5年\u0000\u0000') }), name);
      expect(marked.verdict, name).not.toBe('pass');
      expect(marked.findings.map((f) => f.ruleId), name).toContain('marking.cn-state-secret');
      const note = await scan(withStreams(name, { '/KSONotes': u16('\u0000\u0003会议室已预订\u0000\u0000') }), name);
      expect(note.verdict, name).toBe('pass');
    }
  });

  it('custom XML in a workbook (MsoDataStore) is read, a package kept in a stream is scanned, a compressed unknown stream is unread', async () => {
    const xml = new Uint8Array(Buffer.from('<?xml version="1.0" encoding="UTF-8"?><公文><密级>机密★5年</密级></公文>'));
    expect((await scan(withStreams('benign-roster.xls', { '/MsoDataStore/PP01/Item': xml }), 'roster.xls')).verdict).toBe('block');
    const inner = docx(para('机密★5年') + para('关于调整值班安排的通知'));
    expect((await scan(withStreams('benign-meeting-minutes.doc', { '/PPAttachment': inner }), 'minutes.doc')).verdict).toBe('block');
    const noise = new Uint8Array(4096);
    let x = 20240308;
    for (let i = 0; i < noise.length; i++) noise[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    const r = await scan(withStreams('benign-meeting-minutes.doc', { '/PPPacked': noise }), 'minutes.doc');
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.where)).toContain('PPPacked');
  });
});

describe('Outlook messages: named properties kept as bytes', () => {
  const u16 = (s: string) => new Uint8Array(Buffer.from(s, 'utf16le'));
  const notice = (extra: Array<[number, { binary: Uint8Array }]>) =>
    msg({ subject: '关于报送年度工作总结的通知', body: '各处室：\r\n请于三月八日前将年度工作总结报送办公室。\r\n办公室', senderName: '办公室', recipients: [{ name: '各处室', address: 'staff@example.cn' }], extra });

  it('the words of a binary named property are read (an add-in label 机密★5年 is found); a label 公开 passes', async () => {
    const label = (text: string) => new Uint8Array([0x02, 0x01, ...u16(text), 0, 0, 0x11, 0x07]);
    expect((await scan(notice([[0x8005, { binary: label('公开发布') }]]), 'notice.msg')).verdict).toBe('pass');
    const r = await scan(notice([[0x8005, { binary: label('机密★5年') }]]), 'notice.msg');
    expect(r.verdict).toBe('block');
  });
});

describe('XLSX: the people of threaded comments (xl/persons)', () => {
  // Excel shows each threaded comment with its author's display name, kept in the persons part.
  const book = (names: string[]) =>
    addLinkedParts(
      xlsx({ sheets: [{ name: '参训名单', rows: [['序号', '姓名', '单位'], [1, '王建国', '江临市统计局']], threaded: [{ ref: 'C2', text: '单位名称请核对' }] }] }),
      'xl/workbook.xml',
      {
        'xl/persons/person.xml':
          '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">' +
          names.map((n, i) => `<person displayName="${n}" id="{00000000-0000-0000-0000-00000000000${i + 1}}" userId="${n}" providerId="None"/>`).join('') +
          '</personList>',
      },
      [['http://schemas.microsoft.com/office/2017/10/relationships/person', 'persons/person.xml']],
    );

  it('a display name is read (机密★5年 as one blocks); names of people pass', async () => {
    expect((await scan(book(['王建国', '李晓梅']), 'roster.xlsx')).verdict).toBe('pass');
    const r = await scan(book(['机密★5年']), 'roster.xlsx');
    expect(r.verdict).toBe('block');
    expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.filePart).toBe('xl/persons/person.xml');
  });
});

describe('RTF: EQ fields Chinese offices use (带圈字符, 合并字符)', () => {
  const doc = (field: string, after: string) =>
    new Uint8Array(
      Buffer.from(
        `{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0 SimSun;}}\\f0 {\\field{\\*\\fldinst ${u(field)}}{\\fldrslt }}${u(after)}\\par ` +
          `${u('关于召开二〇二四年度工作总结会议的通知')}\\par ${u('各处室：请于三月八日上午九时到三楼会议室参加会议。')}\\par}`,
        'latin1',
      ),
    );
  // The circle of an enclosed character and the number of \up 5 were read into the line (○机密★5年, 5机2密★5年).
  it.each([
    ['an enclosed first character', (a: string) => `eq \\\\o\\\\ac(○,${a})`],
    ['combined characters with one half empty', (a: string) => `EQ \\\\o (\\\\s\\\\up 5(${a}), \\\\s\\\\do 2())`],
  ])('%s: the marking blocks, the benign twin passes', async (_, field) => {
    expect((await scan(doc(field('机'), '密★5年'), 'notice.rtf')).verdict).toBe('block');
    const twin = await scan(doc(field('保'), '密宣传月'), 'notice.rtf');
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
  });
});

describe('RTF: fields shown once updated, and stars typed in Wingdings', () => {
  const fld = (instr: string, result = '') => `{\\field{\\*\\fldinst ${u(instr)}}{\\fldrslt ${u(result)}}}`;
  const doc = (before: string, body: string) =>
    new Uint8Array(
      Buffer.from(
        `{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0 SimSun;}{\\f1\\fcharset2 Wingdings;}}${before}\\f0 ${body}\\par ` +
          `${u('关于召开二〇二四年度工作总结会议的通知')}\\par ${u('各处室：请于三月八日上午九时到三楼会议室参加会议。')}\\par}`,
        'latin1',
      ),
    );
  // Each passed: 机 + a field whose stored result is stale and whose value is the rest of the marking.
  const cases: Record<string, (a: string, b: string) => Uint8Array> = {
    'a DOCVARIABLE field': (a, b) => doc(`{\\*\\docvar {mj}{${u(b)}}}`, u(a) + fld('DOCVARIABLE mj', '…')),
    'a TITLE field': (a, b) => doc(`{\\info{\\title ${u(b)}}}`, u(a) + fld('TITLE', '…')),
    'a REF field after SET': (a, b) => doc('', `${fld(`SET mj "${b}"`)}\\par ${u(a)}${fld('REF mj', '…')}`),
    'an IF field': (a, b) => doc('', u(a) + fld(`IF 1 = 1 "${b}" "…"`, '…')),
    'a QUOTE field spelled with a nested SYMBOL field': (a, b) => doc('', `{\\field{\\*\\fldinst QUOTE "${u(a)}{\\field{\\*\\fldinst SYMBOL ${b.codePointAt(0)} \\\\u}{\\fldrslt }}${u(b.slice(1))}"}{\\fldrslt ${u('公开')}}}`),
    // Wingdings « draws ★.
    'a star typed in Wingdings': (a, b) => doc('', `${u(a + b[0])}{\\f1 ${b[1] === '★' ? "\\'ab" : 'l'}}\\f0 ${u(b.slice(b[1] === '★' ? 2 : 1))}`),
  };
  it.each(Object.keys(cases))('%s: the marking blocks, the benign twin passes', async (how) => {
    expect((await scan(cases[how]('机', '密★5年'), 'notice.rtf')).verdict).toBe('block');
    const twin = await scan(cases[how]('保', '密宣传月'), 'notice.rtf');
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
  });
});

describe('RTF: letters drawn as capitals (\\caps, \\scaps)', () => {
  const doc = (banner: string) =>
    new Uint8Array(
      Buffer.from(
        `{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\f0 \\qc ${banner}\\par \\ql Quarterly logistics review\\par This memo summarises the supply schedule for the second quarter and the changes agreed at the March meeting.\\par}`,
        'latin1',
      ),
    );
  // secret//noforn typed in lower case shows SECRET//NOFORN, and passed.
  it('a banner typed in lower case and drawn in capitals blocks; a title so drawn passes', async () => {
    expect((await scan(doc('{\\caps secret//noforn}'), 'memo.rtf')).verdict).toBe('block');
    expect((await scan(doc('{\\scaps secret//noforn}'), 'memo.rtf')).verdict).toBe('block');
    const twin = await scan(doc('{\\caps the secret garden}'), 'memo.rtf');
    expect(twin.verdict).toBe('pass');
    expect(twin.coverage.unread).toEqual([]);
    expect((await scan(doc('{\\caps\\plain secret//noforn}'), 'memo.rtf')).verdict).toBe('pass');
  });
});
