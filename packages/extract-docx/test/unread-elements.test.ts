/**
 * An element renamed to a well-formed name the reader does not know (`<w:t>` → `<w:x>`) leaves
 * its text in the part: the text is read where it stands (a run's child) or, whatever else, as
 * hidden text of the part. What the reading holds is compared with every piece of character data
 * and every attribute value people write, so nothing in a part the reader parsed is passed over.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { DEFAULT_LIMITS, type Extraction, type TextPart } from '@prepub/core';
import { docxExtractor } from '../src/index.ts';
import { ReadText, ReadTexts, unreadElementsPart, unreadPieces } from '../src/xml.ts';

const sample = (name: string) => new Uint8Array(readFileSync(fileURLToPath(new URL(`../../../samples/docx/${name}`, import.meta.url))));
const flat = (x: Extraction) => x.parts.map((p) => p.text.replace(/\s+/g, '')).join('\u0001');

describe('what the reading holds of a part', () => {
  it('covers text split or joined differently, and nothing it does not hold', () => {
    const read = new ReadText();
    read.add('关于开展 夏季\n消防安全检查的通知');
    expect(read.covers('夏季消防')).toBe(true);
    expect(read.covers('关')).toBe(true);
    expect(read.covers('机密')).toBe(false);
    expect(read.covers('检查通知')).toBe(false);
  });

  it('holds a piece only as written: a marking whose trigrams stand apart in prose is not held', () => {
    const read = new ReadText();
    read.add('密级标注示例：机密★10年；秘密★5年。');
    expect(read.covers('秘密★5年')).toBe(true);
    expect(read.covers('机密★5年')).toBe(false);
    expect(unreadPieces('<r><t>密级标注示例：机密★10年；秘密★5年。</t><x>机密★5年</x></r>', read)).toEqual(['机密★5年']);
  });

  it('lists unread text with a letter and non-ASCII attribute values, once each; fonts, timestamps, numbers and ASCII identifiers are not text', () => {
    const read = new ReadText();
    read.add('正文');
    const xml = '<r><t>正文</t><x>机密★5年</x><x>机密★5年</x><n>12</n><d>2026-11-27T00:03:20Z</d><f a:eastAsia="仿宋_GB2312" id="rId7"/><s name="密级表"/><b v="●"/></r>';
    // Two unread elements side by side are also one line, as a viewer showing them inline shows them;
    // a short run is also read with the short read text beside it (正文, then the first piece).
    expect(unreadPieces(xml, read)).toEqual(['机密★5年', '正文机密★5年', '机密★5年机密★5年', '密级表']);
  });

  it('reads text and attribute values written as character references', () => {
    const read = new ReadText();
    read.add('正文');
    const xml = '<r><t>正文</t><x>&#26426;&#23494;&#9733;5&#24180;</x><s v="&#x79D8;&#x5BC6;&#x2605;3&#x5E74;"/></r>';
    expect(unreadPieces(xml, read)).toEqual(['机密★5年', '正文机密★5年', '秘密★3年']);
  });
});

describe('what the reading holds of the same part', () => {
  const part = (filePart: string, text: string): TextPart => ({ id: filePart, role: 'body', text, origin: { filePart } });

  it('a header is compared with what was read of the header: the body quoting the marking does not hold it', () => {
    const read = new ReadTexts([part('word/document.xml', '密级标志的写法如「机密★5年」，本文件不得标注。'), part('word/header1.xml', '江临市统计局')]);
    const header = '<w:hdr><w:p><w:r><w:t>江临市统计局</w:t></w:r></w:p><w:p><x:mark>机密★5年</x:mark></w:p></w:hdr>';
    expect(unreadPieces(header, read.of('word/header1.xml'))).toEqual(['机密★5年']);
    // The body's own quotation is read where it stands.
    expect(unreadPieces('<w:p><w:r><w:t>密级标志的写法如「机密★5年」，本文件不得标注。</w:t></w:r></w:p>', read.of('word/document.xml'))).toEqual([]);
    // A file part nothing was read of holds nothing.
    expect(unreadPieces('<x>机密★5年</x>', read.of('word/footer1.xml'))).toEqual(['机密★5年']);
  });

  it('each character read answers for one piece: a part quoting the marking once does not hold a second, hidden copy', () => {
    const quote = '密级标志的写法如「机密★5年」，本文件不得标注。';
    const body = () => {
      const read = new ReadText();
      read.add(quote);
      return read;
    };
    // The quotation and the copy ask for the same place: one of them was passed over, and both are reported.
    expect(unreadPieces(`<w:p><w:r><w:t>${quote}</w:t></w:r></w:p><w:p><x:m>机密★5年</x:m></w:p>`, body())).toEqual([quote, '机密★5年']);
    expect(unreadPieces(`<w:p><w:r><w:t>${quote}</w:t></w:r></w:p><w:p>${[...'机密★5年'].map((c) => `<x:c>${c}</x:c>`).join('')}</w:p>`, body())).toEqual([quote, '机密★5年']);
    // The copy written first, the quotation after: the copy is reported all the same.
    expect(unreadPieces(`<w:p><x:m>机密★5年</x:m></w:p><w:p><w:r><w:t>${quote}</w:t></w:r></w:p>`, body())).toContain('机密★5年');
    // Quoted more often than trigram places are kept: still each quotation answers for one piece only.
    const many = new ReadText();
    many.add(Array(40).fill(quote).join('\n'));
    const quoted = Array(40).fill(`<w:p><w:r><w:t>${quote}</w:t></w:r></w:p>`).join('');
    expect(unreadPieces(`${quoted}<w:p><x:m>机密★5年</x:m></w:p>`, many)).toContain('机密★5年');
    // Read twice, written twice: both held.
    const twice = new ReadText();
    twice.add(`${quote}\n${quote}`);
    expect(unreadPieces(`<w:p><w:r><w:t>${quote}</w:t></w:r></w:p><w:p><w:r><w:t>${quote}</w:t></w:r></w:p>`, twice)).toEqual([]);
    // A Fallback repeats its Choice, which readers show once.
    expect(unreadPieces(`<mc:AlternateContent><mc:Choice><w:t>${quote}</w:t></mc:Choice><mc:Fallback><w:t>${quote}</w:t></mc:Fallback></mc:AlternateContent>`, body())).toEqual([]);
  });

  it('a marking one character an unknown element is one piece, though each character stands in the reading', () => {
    const read = new ReadText();
    read.add('机关保密工作会议纪要 2024年5月');
    const xml = '<p><t>机关保密工作会议纪要 2024年5月</t></p><p><a>机</a><b>密</b><c>★</c><d>5</d><e>年</e></p>';
    expect(unreadPieces(xml, read)).toEqual(['机密★5年']);
    // Two characters an element, with what has no letter between them: the same.
    const again = new ReadText();
    again.add('机关保密工作会议纪要 2024年5月');
    again.add('机密');
    expect(unreadPieces('<t>机关保密工作会议纪要 2024年5月</t><a>机密</a><b>★5</b><c>年</c>', again)).toEqual(['机密★5年']);
  });

  it('an unread piece is also read with the read text beside it on its line, and elements of a foreign namespace break no line', () => {
    const X = 'xmlns:x="urn:example:extension"';
    // `x:a` renamed `x:t`: taken for text by a reader matching local names, its piece is read, the other not.
    const read = new ReadText();
    read.add('江临市统计局办公室');
    read.add('文件机密');
    expect(unreadPieces(`<w:p><w:r><w:t>江临市统计局办公室</w:t></w:r></w:p><w:p ${X}><x:t>文件机密</x:t><x:b>★5年</x:b></w:p>`, read)).toContain('文件机密★5年');
    // `x:b` renamed `x:c` (a spreadsheet's cell element): in urn:example it breaks no line, so the pieces still join.
    const none = new ReadText();
    expect(unreadPieces(`<w:p ${X}><x:a>文件机密</x:a><x:c>★5年</x:c></w:p>`, none)).toContain('文件机密★5年');
    // A cell element where the namespace defines none (`w:c` in WordprocessingML) breaks no line either.
    const W0 = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
    expect(unreadPieces(`<w:body ${W0} ${X}><w:p><x:a>文件机密</x:a><w:c>★5年</w:c></w:p></w:body>`, new ReadText())).toContain('文件机密★5年');
    // A spreadsheet's `c` is a cell in a worksheet only: in the shared strings it breaks nothing.
    const S = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    expect(unreadPieces(`<sst ${S}><si><c><x:a ${X}>文件机密</x:a></c><r><x:b ${X}>★5年</x:b></r></si></sst>`, new ReadText())).toContain('文件机密★5年');
    expect(unreadPieces(`<worksheet ${S}><sheetData><row><c><x:a ${X}>文件机密</x:a></c><c><x:b ${X}>★5年的说明</x:b></c></row></sheetData></worksheet>`, new ReadText())).not.toContain('文件机密★5年的说明');
    // A paragraph of the format's own namespace does break the line: two paragraphs stay apart.
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
    expect(unreadPieces(`<w:body ${W}><w:p><x:a>文件机密</x:a></w:p><w:p><x:b>★5年的说明</x:b></w:p></w:body>`, new ReadText())).not.toContain('文件机密★5年的说明');
  });

  it('a marking cut into pieces of three characters or more, each shown verbatim elsewhere in the part, is read whole', () => {
    const reading = (...lines: string[]) => {
      const read = new ReadText();
      for (const l of lines) read.add(l);
      return read;
    };
    const hidden = '<w:p><x:a>密级：机</x:a><x:b>密★5年</x:b></w:p>';
    const quote = '<w:p><w:r><w:t>密级标志的写法如「密级：机密★5年」</w:t></w:r></w:p>';
    // The hidden pieces written before the quotation, and after it.
    expect(unreadPieces(`${hidden}${quote}`, reading('密级标志的写法如「密级：机密★5年」'))).toContain('密级：机密★5年');
    expect(unreadPieces(`${quote}${hidden}`, reading('密级标志的写法如「密级：机密★5年」'))).toContain('密级：机密★5年');
    // Each piece in a sentence of its own.
    const apart = '<w:p><w:r><w:t>本表密级：机关填写</w:t></w:r></w:p><w:p><w:r><w:t>保密★5年以上</w:t></w:r></w:p>';
    expect(unreadPieces(`${hidden}${apart}`, reading('本表密级：机关填写', '保密★5年以上'))).toContain('密级：机密★5年');
    expect(unreadPieces(`${apart}${hidden}`, reading('本表密级：机关填写', '保密★5年以上'))).toContain('密级：机密★5年');
    // Pieces in two paragraphs, or cells, are two lines, not one.
    expect(unreadPieces('<w:p><x:a>密级：机</x:a></w:p><w:p><x:b>密★5年</x:b></w:p>', reading('正文'))).toEqual(['密级：机', '密★5年']);
    expect(unreadPieces('<row><c><x>密级：机</x></c><c><x>密★5年</x></c></row>', reading('正文'))).toEqual(['密级：机', '密★5年']);
  });

  it('an attribute value takes its place in the reading as character data does: a quotation answers for one of them only', () => {
    const quote = '密级标志的写法如「机密★5年」，本文件不得标注。';
    const read = () => {
      const r = new ReadText();
      r.add(quote);
      return r;
    };
    const label = '<text:drop-down><text:label text:value="机密★5年" text:current-selected="true"/></text:drop-down>';
    expect(unreadPieces(`<text:p>${label}</text:p><text:p>${quote}</text:p>`, read())).toContain('机密★5年');
    expect(unreadPieces(`<text:p>${quote}</text:p><text:p>${label}</text:p>`, read())).toContain('机密★5年');
    // A value the reader read where nothing else in the part asks for it is held.
    const alt = new ReadText();
    alt.add('正文');
    alt.add('机构图');
    expect(unreadPieces('<w:p><w:r><w:t>正文</w:t></w:r><wp:docPr descr="机构图"/></w:p>', alt)).toEqual([]);
  });

  it('text read in pieces one or two characters a run is held where the pieces are read side by side (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 12 }), (cuts) => {
        const line = '关于开展二〇二四年度统计业务培训工作的通知';
        const runs: string[] = [];
        let at = 0;
        for (const c of cuts) if (at < line.length) runs.push(line.slice(at, (at += c)));
        if (at < line.length) runs.push(line.slice(at));
        const read = new ReadText();
        read.add(line);
        expect(unreadPieces(`<w:p>${runs.map((r) => `<w:r><w:t>${r}</w:t></w:r>`).join('')}</w:p>`, read)).toEqual([]);
      }),
      { numRuns: 100, seed: 7 },
    );
  });
});

describe('renamed elements in a DOCX part', () => {
  it('a renamed w:t of a marking split over runs is read where it stands: the marking stays whole', async () => {
    const files = unzipSync(sample('notice-gbt9704-secret.docx'));
    const doc = strFromU8(files['word/document.xml']);
    // The run holding 密 alone (the sample writes the marking over several runs).
    const renamed = doc.replace(/<w:t([^>]*)>密<\/w:t>/, '<w:x$1>密</w:x>');
    expect(renamed).not.toBe(doc);
    files['word/document.xml'] = strToU8(renamed);
    const x = await docxExtractor.extract(zipSync(files), { limits: DEFAULT_LIMITS });
    expect(x.parts.find((p) => p.role === 'body')?.text).toContain('机密');
  });

  it('any element holding or around the marking renamed: the marking is still read (property)', async () => {
    const files = unzipSync(sample('comment-marking.docx'));
    const xml = strFromU8(files['word/comments.xml']);
    const marking = /机密[^<]*/.exec(xml)![0];
    const opens = [...xml.matchAll(/<([a-zA-Z]+:[a-zA-Z]+)[\s/>]/g)].filter((m) => !m[1].startsWith('xmlns'));
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: opens.length - 1 }), fc.constantFrom('x', 'q'), async (k, letter) => {
        const name = opens[k][1];
        const to = `${name.slice(0, -1)}${name.endsWith(letter) ? 'z' : letter}`;
        // Every element of that name renamed, open and close tags alike: well-formed still.
        const renamed = xml.replace(new RegExp(`<(/?)${name}(?=[\\s/>])`, 'g'), `<$1${to}`);
        const x = await docxExtractor.extract(zipSync({ ...files, 'word/comments.xml': strToU8(renamed) }), { limits: DEFAULT_LIMITS });
        expect(flat(x), `${name} → ${to}`).toContain(marking.replace(/\s+/g, ''));
      }),
      { numRuns: 40, seed: 5 },
    );
  });

  it('an unreferenced story part is checked too: a copy split over unknown elements beside a quotation is read whole', async () => {
    const files = unzipSync(sample('benign-regulation.docx'));
    const original = strFromU8(files['word/document.xml']);
    const quote = '<w:p><w:r><w:t>密级标志的写法如「机密★5年」，本文件不得标注。</w:t></w:r></w:p>';
    const split = `<w:p xmlns:x="urn:example:extension">${[...'机密★5年'].map((c, i) => `<x:s${i}>${c}</x:s${i}>`).join('')}</w:p>`;
    const marked = original.replace('<w:body>', `<w:body>${quote}${split}`);
    // The relationships lead to a blanked copy; the marked original stays in the package unreferenced.
    const rels = strFromU8(files['_rels/.rels']).replace('word/document.xml', 'word/document-public.xml');
    const types = strFromU8(files['[Content_Types].xml']).replace('/word/document.xml"', '/word/document-public.xml"');
    const x = await docxExtractor.extract(
      zipSync({ ...files, '_rels/.rels': strToU8(rels), '[Content_Types].xml': strToU8(types), 'word/document.xml': strToU8(marked), 'word/document-public.xml': strToU8(original) }),
      { limits: DEFAULT_LIMITS },
    );
    const unread = x.parts.filter((p) => p.id.includes('#unread-elements') && p.origin.filePart === 'word/document.xml');
    expect(unread.flatMap((p) => p.text.split('\n').map((l) => l.replace(/\s+/g, '')))).toContain('机密★5年');
  });

  it('ordinary samples leave nothing but names people wrote (authors, shape names) unread', async () => {
    for (const name of ['notice-gbt9704-secret.docx', 'hidden-text.docx', 'benign-regulation.docx', 'header-marking.docx']) {
      const x = await docxExtractor.extract(sample(name), { limits: DEFAULT_LIMITS });
      expect(x.parts.filter((p) => p.id.includes('#unread-elements')).map((p) => p.text), name).toEqual([]);
    }
  });
});

describe('quoted literals in attributes of unknown elements', () => {
  it('a renamed field keeps its QUOTE literal as a piece of its own', () => {
    const pieces = unreadPieces('<w:p><w:fldSimpleX w:instr=" QUOTE &quot;机密★5年&quot; "/></w:p>', new ReadText());
    expect(pieces).toEqual([' QUOTE "机密★5年" '.trim(), '机密★5年']);
  });

  it('a format code in an unknown element is also read as it shows: escaped and quoted literals bare', () => {
    const xml = '<styleSheet><numFmts><numFxt numFmtId="164" formatCode="\\机\\密\\★0\\年"/><numFxt numFmtId="165" formatCode="[Red]&quot;秘密★&quot;0"/></numFmts></styleSheet>';
    const part = unreadElementsPart('xl/styles.xml#unread-elements', 'xl/styles.xml', xml, new ReadText());
    expect(part?.text.split('\n')).toEqual(['\\机\\密\\★0\\年', '机密★0年', '[Red]"秘密★"0', '[Red]秘密★0', '秘密★']);
  });
});

describe('XML comments and processing instructions', () => {
  const notice = ['关于开展冬季消防安全检查的通知', '各科室：', '请于12月20日前完成自查。'].map((t) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`).join('');
  const pkg = (body: string, extra: Record<string, string> = {}) =>
    zipSync({
      '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
      '_rels/.rels': strToU8('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
      'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`),
      ...Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, strToU8(v)])),
    });
  const read = (bytes: Uint8Array) => docxExtractor.extract(bytes, { limits: DEFAULT_LIMITS });

  it('a comment or processing instruction holding words is read as hidden text of its part, in a part the reader asks for and in one nothing names; ASCII ones and the declaration are not', async () => {
    const x = await read(pkg(`<!-- 机密★5年 -->${notice}<?note 第二稿?><!-- Generated by a converter -->`, { 'word/draft.xml': '<?xml version="1.0"?><draft><!--[if mso]><p>机密★5年</p><![endif]--></draft>' }));
    expect(x.parts.find((p) => p.id === 'word/document.xml#xml-comments')).toMatchObject({ role: 'hidden', text: '机密★5年\nnote 第二稿' });
    expect(x.parts.find((p) => p.id === 'word/draft.xml#xml-comments')?.text).toBe('[if mso]><p>机密★5年</p><![endif]');
    expect((await read(pkg(`<!-- Generated by a converter -->${notice}`))).parts.map((p) => p.id)).toEqual(['body']);
  });

  it('an unclosed comment is read to the end of the part, in time linear in its length', async () => {
    const x = await read(pkg(`${notice}${Array.from({ length: 20_000 }, (_, i) => `<!-- 未闭合${i * 7919}`).join(' ')}`));
    expect(x.parts.find((p) => p.id === 'word/document.xml#xml-comments')?.text.length).toBeGreaterThan(100_000);
  });
});
