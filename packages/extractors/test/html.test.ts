import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { DEFAULT_LIMITS, type ExtractContext, type TextPart } from '@prepub/core';
import { extractHtml, sniffFormat } from '@prepub/extractors';
import { scriptStrings } from '../src/html.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const ctx = (): ExtractContext => ({ limits: DEFAULT_LIMITS }) as ExtractContext;
const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
const MARK = '机密★5年';

/** A small page whose paragraphs are `lines`; `head` goes before <html>. */
const page = (lines: string[], head = '<!DOCTYPE html>\n'): string =>
  `${head}<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n<title>通知</title>\n</head>\n<body>\n${lines.map((l) => `<p>${l}</p>`).join('\n')}\n</body>\n</html>\n`;

const cjkLine = fc.array(fc.constantFrom('各', '单', '位', '通', '知', '如', '下', '。', '现', '将', '有', '关', '事', '项', '，'), { minLength: 1, maxLength: 30 }).map((a) => a.join(''));
const lines = fc.array(cjkLine, { minLength: 1, maxLength: 8 });

function partWith(parts: TextPart[], needle: string): TextPart | undefined {
  return parts.find((p) => p.text.replace(/[\u200b\s]/g, '').includes(needle));
}

describe('sniffing HTML', () => {
  it('looks past a BOM (UTF-8, UTF-16 LE/BE), leading whitespace and comments', () => {
    fc.assert(
      fc.property(
        lines,
        fc.constantFrom('utf8-bom', 'utf16le-bom', 'utf16be-bom', 'utf16le'),
        fc.array(fc.constantFrom(' ', '\n', '\r\n', '\t', '<!-- 生成于 2024 -->', '<!---->'), { maxLength: 4 }),
        (ls, enc, lead) => {
          const html = lead.join('') + page(ls);
          const bytes =
            enc === 'utf8-bom' ? new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(html)])
            : enc === 'utf16le-bom' ? new Uint8Array(iconv.encode(html, 'utf-16le', { addBOM: true }))
            : enc === 'utf16be-bom' ? new Uint8Array(iconv.encode(html, 'utf-16be', { addBOM: true }))
            : new Uint8Array(iconv.encode(html, 'utf-16le'));
          expect(sniffFormat(bytes, 'x').format).toBe('html');
        },
      ),
    );
  });

  it('recognises a page whose doctype is damaged or missing by the tags in it', () => {
    fc.assert(
      fc.property(
        lines,
        fc.integer({ min: 0, max: 14 }),
        fc.integer({ min: 0x21, max: 0x7e }),
        fc.string({ maxLength: 40 }).filter((s) => !s.includes('<')),
        (ls, at, byte, junk) => {
          const doctype = '<!DOCTYPE html>';
          const damaged = doctype.slice(0, at) + String.fromCharCode(byte) + doctype.slice(at + 1);
          expect(sniffFormat(utf8(page(ls, `${damaged}\n`)), 'x').format).toBe('html');
          // Stray text before the markup, no doctype at all.
          expect(sniffFormat(utf8(page(ls, `${junk}\n`)), 'x').format).toBe('html');
        },
      ),
    );
  });

  it('stray `{"` before a page is no JSON (found by the property above); a JSON document holding a page is', () => {
    expect(sniffFormat(utf8(page(['各'], '{"\n')), 'x').format).toBe('html');
    expect(sniffFormat(utf8(`{"content": "${page(['各']).replace(/"/g, '\\"').replace(/\n/g, '\\n')}"}`), 'x').format).toBe('text');
  });

  it('leaves prose with a stray tag or two, and Markdown with embedded tags, as they are', () => {
    const prose = `各单位：\n现将有关事项通知如下。<br>\n如 a <b 且 b> c，则……\n${'　　为进一步规范审查工作，特此通知。\n'.repeat(20)}`;
    expect(sniffFormat(utf8(prose), 'note.txt').format).toBe('text');
    const md = `# 通知\n\n<p align="center"><img src="logo.png"></p>\n\n<div>说明</div>\n\n${'正文。\n'.repeat(10)}`;
    expect(sniffFormat(utf8(md), 'README.md').format).toBe('markdown');
    expect(sniffFormat(utf8(md), 'notes').format).toBe('html');
  });
});

describe('HTML text outside elements', () => {
  it('reads a value swallowed by a lost quote as a hidden part, tags dropped', () => {
    fc.assert(
      fc.property(lines, lines, fc.constantFrom('charset', 'class', 'lang', 'id', 'align', 'href'), fc.constantFrom('"', "'"), (before, after, attr, q) => {
        // The opening quote of `attr` never closes until the stray quote after the marking.
        const html = `<!DOCTYPE html>\n<html>\n<head>\n<meta ${attr}=${q}utf-8 >\n<title>通知</title>\n</head>\n<body>\n${before.map((l) => `<p>${l}</p>`).join('\n')}\n<p>${MARK}</p>\n${after.map((l) => `<p>${l}</p>`).join('\n')}\n<p align=${q}right>江临市</p>\n</body>\n</html>\n`;
        const r = extractHtml(utf8(html), ctx());
        const p = partWith(r.parts, MARK);
        expect(p?.id).toBe('html:attribute-text');
        expect(p?.role).toBe('hidden');
        // The line stands on its own, not inside a line of markup.
        expect(p!.text.split('\n')).toContain(MARK);
      }),
    );
  });

  it('reads non-ASCII, multi-line and overlong values of other attributes, and leaves ordinary ones alone', () => {
    const r = extractHtml(utf8(`<html><body><p class="a b" id="x1" href="/news/2024/05.html" style="color:red">正文</p><div class="${MARK}" data-x="1">正文</div><span title="t" lang="zh">x</span></body></html>`), ctx());
    expect(r.parts.find((p) => p.id === 'html:attribute-text')?.text).toBe(MARK);
    const ordinary = extractHtml(utf8('<html><body><p class="a b" id="x1"><a href="https://example.org/a?b=c&amp;d=e">链接</a></p></body></html>'), ctx());
    expect(ordinary.parts.map((p) => p.id)).not.toContain('html:attribute-text');
    const long = 'x'.repeat(600);
    expect(extractHtml(utf8(`<html><body><p class="${long}">正文</p></body></html>`), ctx()).parts.find((p) => p.id === 'html:attribute-text')?.text).toBe(long);
  });

  it('reads a non-ASCII attribute name left by a broken tag', () => {
    const r = extractHtml(utf8(`<html><body><p ${MARK}>正文</p></body></html>`), ctx());
    expect(r.parts.find((p) => p.id === 'html:attribute-text')?.text).toBe(MARK.toLowerCase());
  });
  it('reads text in declarations a damaged doctype or comment leaves, not an ordinary doctype', () => {
    for (const decl of [`<!DOCTYPE html ${MARK}>`, `<!- ${MARK} ->`, `<!${MARK}>`]) {
      const r = extractHtml(utf8(`${decl}<html><body><p>正文</p></body></html>`), ctx());
      expect(partWith(r.parts, MARK)?.id, decl).toBe('html:comments');
    }
    const xhtml = '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><html><body>正文</body></html>';
    expect(extractHtml(utf8(xhtml), ctx()).parts.map((p) => p.id)).toEqual(['body']);
  });
});

describe('HTML character references in raw text', () => {
  it('resolves them in comments and style sheets, so a zero-width split marking is whole', () => {
    fc.assert(
      fc.property(fc.constantFrom('&#8203;', '&#x200B;', '&#x200b;'), fc.constantFrom('comment', 'style'), (ref, where) => {
        const split = [...MARK].join(ref);
        const html = where === 'comment' ? `<html><body><!-- <p>${split}</p> --><p>正文</p></body></html>` : `<html><head><style>/* ${split} */</style></head><body><p>正文</p></body></html>`;
        const p = partWith(extractHtml(utf8(html), ctx()).parts, MARK);
        expect(p?.id).toBe(where === 'comment' ? 'html:comments' : 'html:style');
      }),
    );
  });
});

describe('HTML markup held as text', () => {
  const attrs = (m: string): string[] => [`<meta name="description" content="${m}">`, `<img src="/a.png" alt="${m}">`, `<span data-level="${m}"></span>`, `<p title='${m}'>x</p>`];
  it('keeps the attribute values of tags inside a style sheet comment', () => {
    fc.assert(
      fc.property(lines, fc.integer({ min: 0, max: 3 }), (ls, k) => {
        const html = page(ls).replace('<title>', `<style>/*\n${attrs(MARK)[k]}\n*/</style><title>`);
        const p = partWith(extractHtml(utf8(html), ctx()).parts, MARK);
        expect(p?.id).toBe('html:style');
        expect(p!.text.split('\n')).toContain(MARK);
      }),
    );
  });

  it('reads raw-text elements (xmp, script, iframe, noembed, noframes, plaintext) as markup with references resolved', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('xmp', 'script', 'iframe', 'noembed', 'noframes', 'plaintext'),
        fc.constantFrom('&#8203;', '&#x200B;', '&ZeroWidthSpace;', '&#8203'),
        fc.boolean(),
        (tag, ref, inAttr) => {
          // A reference without `;` before a digit would take the digit in (`&#82035`), in a browser too.
          const split = [...MARK].map((c, i, all) => (i < all.length - 1 && !/\d/.test(all[i + 1]) ? c + ref : c)).join('');
          const inner = inAttr ? `<img alt="${split}">` : `<p>${split}</p>`;
          const close = tag === 'plaintext' ? '' : `</${tag}>`;
          const html = `<html><body><p>正文</p><${tag} hidden>\n${inner}\n${close}</body></html>`;
          const r = extractHtml(utf8(html), ctx());
          const p = r.parts.find((q) => q.text.split('\n').some((l) => l.replace(/\u200b/g, '') === MARK));
          expect(p?.id, `${tag} ${ref} ${inAttr}`).toBe('html:raw-markup');
          expect(p?.role).toBe('hidden');
        },
      ),
    );
  });

  it('reads the rest of the page a damaged </title> or </textarea> swallowed', () => {
    for (const tag of ['title', 'textarea']) {
      const html = `<html><head><${tag}>通知</${tag}g></head><body><p><img src="a.png" alt="000052 ${MARK} 特急"></p></body></html>`;
      const p = extractHtml(utf8(html), ctx()).parts.find((q) => q.id === 'html:raw-markup');
      expect(p?.text.split('\n'), tag).toContain(`000052 ${MARK} 特急`);
    }
    const plain = extractHtml(utf8('<html><head><title>A &amp; B 通知</title></head><body><p>正文</p></body></html>'), ctx());
    expect(plain.parts.map((p) => p.id)).not.toContain('html:raw-markup');
  });

  it('keeps a block element of raw markup on a line of its own (a marking is not joined to the text after it)', () => {
    for (const tag of ['plaintext', 'xmp', 'noembed']) {
      const close = tag === 'plaintext' ? '' : `</${tag}>`;
      const html = `<html><body><${tag}>${MARK}<p>关于做好年度安全生产检查工作的通知</p><div>各区县应急管理局：</div>${close}</body></html>`;
      const p = extractHtml(utf8(html), ctx()).parts.find((q) => q.id === 'html:raw-markup');
      expect(p?.text.split('\n'), tag).toContain(MARK);
    }
    // An inline element still only separates words on one line.
    const inline = extractHtml(utf8(`<html><body><xmp>${MARK}<b>关于</b>通知</xmp></body></html>`), ctx()).parts.find((q) => q.id === 'html:raw-markup');
    expect(inline?.text.split('\n')).toContain(`${MARK} 关于 通知`);
  });

  it('reads a CDATA section in HTML (a comment to the parser) without its wrapper', () => {
    const r = extractHtml(utf8(`<html><body><p><![CDATA[${MARK}]]></p><p>正文</p></body></html>`), ctx());
    const p = r.parts.find((q) => q.id === 'html:comments');
    expect(p?.text.split('\n')).toContain(MARK);
    // A comment that merely looks alike keeps its text.
    const other = extractHtml(utf8('<html><body><!--[CDATA[ 备注 ]]--><p>正文</p></body></html>'), ctx()).parts.find((q) => q.id === 'html:comments');
    expect(other?.text).toContain('备注');
  });

  it('adds no part for raw text that holds neither tags nor references', () => {
    const r = extractHtml(utf8('<html><body><p>正文</p><script>var a = 1; if (a) a = 2;</script></body></html>'), ctx());
    expect(r.parts.map((p) => p.id)).not.toContain('html:raw-markup');
  });
});

describe('HTML style sheets', () => {
  it('reads comments, string literals and non-ASCII lines of <style> as a hidden part', () => {
    fc.assert(
      fc.property(
        lines,
        fc.constantFrom(
          (m: string) => `/*\n  <tr><td class="mj">${m}</td></tr>\n*/`,
          (m: string) => `/* ${m} */ p { color: red }`,
          (m: string) => `p { font-family: "${m}", serif }`,
          (m: string) => `p { font-family: '${m}' }`,
          (m: string) => `${m}\np { color: red }`,
        ),
        (ls, wrap) => {
          const html = page(ls).replace('</head>', `<style>\nbody { margin: 0 }\n${wrap(MARK)}\n</style>\n</head>`);
          const r = extractHtml(utf8(html), ctx());
          const p = partWith(r.parts, MARK);
          expect(p?.id).toBe('html:style');
          expect(p?.role).toBe('hidden');
          expect(p!.text.split('\n').map((l) => l.trim())).toContain(MARK);
        },
      ),
    );
  });

  it('reads a content: string once, as generated text, and nothing from ordinary rules', () => {
    const r = extractHtml(utf8(`<html><head><style>p::before { content: "${MARK}"; } a { color: #333; margin: 0 }</style></head><body><p>正文</p></body></html>`), ctx());
    expect(r.parts.find((p) => p.id === 'html:css-content')?.text).toBe(MARK);
    expect(r.parts.map((p) => p.id)).not.toContain('html:style');
  });

  it('reads a string list marker (list-style-type / list-style) as generated text, in <style> and in a style attribute', () => {
    for (const [head, list] of [
      ['', `<ul style="list-style-type: '${MARK}'"><li>正文</li></ul>`],
      ['', `<ul style="list-style: &quot;${MARK}&quot; inside"><li>正文</li></ul>`],
      [`<style>ol.m { list-style-type: "${MARK}" }</style>`, '<ol class="m"><li>正文</li></ol>'],
    ]) {
      const r = extractHtml(utf8(`<html><head>${head}</head><body>${list}</body></html>`), ctx());
      expect(r.parts.find((p) => p.id === 'html:css-content')?.text.trim(), list).toBe(MARK);
    }
    // Keywords and other styles give nothing.
    const r = extractHtml(utf8('<html><body><ul style="list-style-type: cjk-ideographic; list-style-position: inside"><li>正文</li></ul></body></html>'), ctx());
    expect(r.parts.map((p) => p.id)).not.toContain('html:css-content');
  });

  it('reads a conditional comment as markup: WordArt a Word web page keeps in VML', () => {
    const vml = '<!--[if gte vml 1]><v:shape id="_x0000_s1026" type="#_x0000_t136" style="width:200pt;height:40pt" fillcolor="red"><v:textpath style="font-family:&quot;宋体&quot;" trim="t" string="' + MARK + '"/></v:shape><![endif]--><![if !vml]><img width=267 height=53 src="notice.files/image001.gif" v:shapes="_x0000_s1026"><![endif]>';
    const r = extractHtml(utf8(`<html><body><p>${vml}</p><p>关于做好汛期安全检查工作的通知</p></body></html>`), ctx());
    expect(r.parts.find((p) => p.id === 'html:comments')?.text.split('\n')).toContain(MARK);
    // An ordinary comment stays as written.
    const c = extractHtml(utf8('<html><body><!-- 修改记录：2026年5月 --><p>正文</p></body></html>'), ctx());
    expect(c.parts.find((p) => p.id === 'html:comments')?.text).toBe('修改记录：2026年5月');
  });

  it('stays linear on a big ordinary page', () => {
    const row = '<tr><td class="c1" style="width:10%">条目</td><td><a href="/a/b/c.html" title="说明">链接</a></td></tr>\n';
    const css = '<style>/* 表格 */ td { padding: 2px; font-family: "SimSun", serif }</style>\n';
    const small = utf8(`<html><head>${css}</head><body><table>${row.repeat(2_000)}</table></body></html>`);
    const big = utf8(`<html><head>${css.repeat(50)}</head><body><table>${row.repeat(40_000)}</table></body></html>`);
    const time = (b: Uint8Array): number => {
      const t = process.cpuUsage();
      extractHtml(b, ctx());
      return cpuMsSince(t);
    };
    time(small);
    // CPU time, the least of three runs each: a collection in one run does not decide.
    const ts = Math.min(time(small), time(small), time(small));
    const tb = Math.min(time(big), time(big), time(big));
    // 20 times the bytes: well under 100 times the time (a quadratic scan would be ~400 times).
    expect(tb).toBeLessThan(Math.max(ts, 5) * 100);
  });
});

describe('HTML: inline data: URIs', () => {
  it('a percent-encoded payload is read byte by byte, and a stray % does not stop the reading', () => {
    const inner = '<p>机密★5年</p><p>100% 完成</p>';
    const encoded = Buffer.from(inner, 'utf8').toString('latin1').replace(/[^\x20-\x7e]|[%"]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    const page = `<html><body><p>正文</p><iframe src="data:text/html,${encoded.replace('100%25', '100%')}"></iframe></body></html>`;
    const r = extractHtml(utf8(page), ctx());
    expect(r.unread ?? []).toEqual([]);
    expect(r.embedded).toHaveLength(1);
    expect(Buffer.from(r.embedded![0]!.bytes).toString('utf8')).toBe(inner);
  });
});

describe('HTML: data: URIs in any attribute, strings in style attributes', () => {
  const b64 = (x: string): string => Buffer.from(x).toString('base64');
  it("an image's longdesc, a video's poster and a refresh's target given as data: URIs are read as files", () => {
    const doc = `<p>${MARK}</p>`;
    for (const tag of [`<img src="x.png" longdesc="data:text/html;base64,${b64(doc)}">`, `<video poster="data:image/svg+xml;base64,${b64(`<svg xmlns="http://www.w3.org/2000/svg"><text x="0" y="20">${MARK}</text></svg>`)}"></video>`, `<meta http-equiv="refresh" content="0;url=data:text/html;base64,${b64(doc)}">`]) {
      const r = extractHtml(utf8(`<html><head><title>通知</title>${tag.startsWith('<meta') ? tag : ''}</head><body>${tag.startsWith('<meta') ? '' : tag}<p>正文</p></body></html>`), ctx());
      expect(r.embedded?.map((e) => Buffer.from(e.bytes).toString('utf8')).join('|'), tag).toContain(MARK);
    }
    // A refresh to an address is no file.
    expect(extractHtml(utf8('<html><head><meta http-equiv="refresh" content="5;url=https://example.cn/"></head><body><p>正文</p></body></html>'), ctx()).embedded ?? []).toEqual([]);
  });
  it('an SVG inlined the way CSS and pages write it, `data:image/svg+xml;utf8,<svg…>`, is read as a file, not left corrupt', () => {
    const svg = `<svg xmlns='http://www.w3.org/2000/svg' width='300' height='50'><text x='10' y='40' font-size='30'>${MARK}</text></svg>`;
    for (const tag of [
      `<img src="data:image/svg+xml;utf8,${svg.replace(/</g, '&lt;').replace(/>/g, '&gt;')}">`,
      `<div style="height:50px;background-image:url(&quot;data:image/svg+xml;utf8,${encodeURIComponent(svg)}&quot;)"></div>`,
      `<img src="data:Image/SVG+XML; charset=utf-8 ;base64,${b64(svg)}">`,
    ]) {
      const r = extractHtml(utf8(`<html><body>${tag}<p>正文</p></body></html>`), ctx());
      expect(r.unread, tag).toEqual([]);
      expect(r.embedded?.map((e) => [e.name.endsWith('.svg'), Buffer.from(e.bytes).toString('utf8').includes(MARK)]), tag).toEqual([[true, true]]);
    }
  });
  it("a style attribute's strings and comments are read as its content: is (a custom property's value)", () => {
    const r = extractHtml(utf8(`<html><body><div style="--m:'${MARK}'; color: red /* 备注 */"></div><p style="font-family: Arial">正文</p></body></html>`), ctx());
    expect(r.parts.find((p) => p.id === 'html:css-inline')?.text.split('\n')).toEqual([MARK, '备注']);
  });
});

describe('script string literals', () => {
  it('keeps literals written with escapes whatever they resolve to, and leaves plain identifiers out', () => {
    expect(scriptStrings('document.write("\\x53ECRET"); el.className = "banner"; t = "\\u673a\\u5bc6";')).toEqual(['SECRET', '机密']);
  });

  it.each([
    ['fromCharCode with hex codes', 'el.textContent = String.fromCharCode(0x673A,0x5BC6,0x2605,0x35,0x5E74);'],
    ['fromCharCode with decimal codes and spaces', 'x = String . fromCharCode( 26426, 23494, 9733, 53, 24180 );'],
    ['fromCharCode.apply over an array, joined to literals by +', "m.innerText = String.fromCharCode.apply(null, [26426, 23494]) + '\\u2605' + \"5年\";"],
    ['a spread array', 'y = String.fromCharCode(...[0x673a, 0x5bc6, 0x2605]) + "5" + `年`;'],
    ['fromCodePoint', 'z = String.fromCodePoint(0x673A, 0x5BC6, 0x2605, 0x35, 0x5E74);'],
    ['unescape of %u escapes', "document.write(unescape('%u673A%u5BC6%u2605%35%u5E74'));"],
    ['decodeURIComponent of UTF-8 escapes', `document.write(decodeURIComponent('${encodeURIComponent('机密★5年')}'));`],
    ['atob of UTF-8 through escape/decodeURIComponent', `document.write(decodeURIComponent(escape(atob('${Buffer.from('机密★5年').toString('base64')}'))));`],
    ['atob into a TextDecoder', `el.textContent = new TextDecoder().decode(Uint8Array.from(atob("${Buffer.from('机密★5年').toString('base64')}"), (c) => c.charCodeAt(0)));`],
  ])('reads text a script builds statically: %s', (_what, js) => {
    expect(scriptStrings(js)).toContain('机密★5年');
  });

  it('reads no text from codes that are not all numeric literals, and leaves ordinary code alone', () => {
    expect(scriptStrings('s = String.fromCharCode(c + 7); t = String.fromCharCode(k[i]);')).toEqual([]);
    expect(scriptStrings('var s = String.fromCharCode(72, 105); console.log(s);')).toEqual(['Hi']);
    // atob of what is no base64, or of ASCII, gives what atob gives.
    expect(scriptStrings("a = atob('not base64!'); b = atob('SGk=');")).toEqual(['not base64!', 'Hi']);
    // Bounded: more codes than the limit in one call are not read.
    expect(scriptStrings(`x = String.fromCharCode(${Array(5000).fill('65').join(',')});`)).toEqual([]);
  });

  it('blocks a page whose marking a script builds from character codes', () => {
    const page = '<html><body><div id="x"></div><script>document.getElementById("x").textContent=String.fromCharCode(0x673A,0x5BC6,0x2605,0x35,0x5E74);</script><h1>关于年度工作的通知</h1></body></html>';
    const part = extractHtml(utf8(page), ctx()).parts.find((p) => p.id === 'html:script-strings');
    expect(part?.text.split('\n')).toContain('机密★5年');
  });
});

describe('text nobody sees', () => {
  const body = (html: string): { body: string; hidden: string; detail: string } => {
    const x = extractHtml(utf8(html), ctx());
    const hidden = x.parts.find((p) => p.role === 'hidden' && p.id.startsWith('html:hidden'));
    return { body: x.parts.filter((p) => p.role === 'body').map((p) => p.text).join('\n'), hidden: hidden?.text ?? '', detail: hidden?.origin.detail ?? '' };
  };
  it.each([
    ['white text on the page', '<span style="color:#fff">开</span>', 'white text'],
    ['white font colour', '<font color="white">开</font>', 'white text'],
    ['a transparent colour', '<span style="color: rgba(0, 0, 0, 0)">开</span>', 'transparent'],
    ['a 1px font', '<span style="font-size:1px">开</span>', 'font-size'],
    ['placed off the screen', '<span style="position:absolute;left:-9999px">开</span>', 'off the screen'],
    ['clipped to nothing (visually hidden)', '<span style="position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)">开</span>', 'clipped'],
    ['indented off the screen', '<span style="display:inline-block;text-indent:-9999px">开</span>', 'off the screen'],
    ['scaled to nothing', '<span style="transform: scale(0)">开</span>', 'scaled'],
    ['near white', '<span style="color:#f8f8f8">开</span>', 'white text'],
    ['white in hsl()', '<span style="color:hsl(0, 0%, 100%)">开</span>', 'white text'],
    ['in its own background colour', '<span style="color:#c00000;background:#c00000">开</span>', 'colour of its background'],
    ['in its parent\'s background colour, named', '<span style="background:navy"><b style="color:rgb(0 0 128)">开</b></span>', 'colour of its background'],
    ['a 2pt font', '<span style="font-size:2pt">开</span>', 'font-size'],
    ['a font 5% of its parent', '<span style="font-size:5%">开</span>', 'font-size'],
    ['a tenth opaque', '<span style="opacity:.05">开</span>', 'opacity'],
    ['squeezed to a twentieth', '<span style="display:inline-block;transform:scaleX(0.05)">开</span>', 'scaled'],
    ['drawn over by the next character', '<span style="letter-spacing:-1em">开</span>', 'letter-spacing'],
    ['moved two lines up', '<span style="position:relative;top:-3em">开</span>', 'two lines'],
    ['boxed to no width', '<span style="display:inline-block;width:0;overflow:hidden">开</span>', 'boxed'],
    ['boxed to a pixel (visually hidden, without clip)', '<span style="display:inline-block;width:1px;height:1px;overflow:hidden">开</span>', 'boxed'],
    ['in a colour a twentieth opaque', '<span style="color:rgba(0,0,0,0.05)">开</span>', 'transparent'],
    ['in a colour 5% opaque (CSS Color 4)', '<span style="color: rgb(0 0 0 / 5%)">开</span>', 'transparent'],
    ['in hsla() 3% opaque', '<span style="color:hsla(0,0%,0%,0.03)">开</span>', 'transparent'],
    ['in #rrggbbaa 4% opaque', '<span style="color:#0000000a">开</span>', 'transparent'],
    ['filled transparent (-webkit-text-fill-color)', '<span style="color:#000;-webkit-text-fill-color:transparent">开</span>', 'transparent'],
    ['filled white over a black colour', '<span style="color:#000;-webkit-text-fill-color:#fff">开</span>', 'white text'],
    ['filtered to no opacity', '<span style="filter:opacity(0)">开</span>', 'opacity'],
    ['in the system colour of the page (Canvas)', '<span style="color:Canvas">开</span>', 'colour of its background'],
    ['translated two lines up', '<span style="display:inline-block;transform:translateY(-500px)">开</span>', 'two lines'],
    ['translated off the screen', '<span style="display:inline-block;transform:translate(-9999px, 0)">开</span>', 'off the screen'],
    ['aligned two lines up', '<span style="vertical-align:500px">开</span>', 'two lines'],
  ])('a piece %s inside a marking is read apart, and the marking whole', (_what, piece, reason) => {
    const r = body(page([`机${piece}密★5年`]));
    expect(r.body).toContain(MARK);
    expect(r.hidden).toContain('开');
    expect(r.detail).toContain(reason);
  });
  it('ordinary shapes are seen: light grey, 3pt, half opacity, a superscript\'s raise, slight letter spacing, a colour on another, a half-transparent colour on its own, a small shift, a narrow box', () => {
    for (const piece of ['<span style="color:#e0e0e0">开</span>', '<span style="font-size:3pt">开</span>', '<span style="opacity:.5">开</span>', '<span style="position:relative;top:-0.4em">开</span>', '<span style="letter-spacing:-1px">开</span>', '<span style="color:red;background:yellow">开</span>', '<span style="color:rgba(192,0,0,.5);background:#c00000">开</span>', '<span style="color:#c00000;background:url(x.png)">开</span>', '<span style="position:absolute;top:120px">开</span>', '<span style="color:rgba(0,0,0,.5)">开</span>', '<span style="color:#fff;-webkit-text-fill-color:#000">开</span>', '<span style="filter:opacity(.6)">开</span>', '<span style="display:inline-block;transform:translateY(-2px)">开</span>', '<span style="vertical-align:super">开</span>', '<span style="vertical-align:3px">开</span>', '<span style="display:inline-block;width:40px;overflow:hidden">开</span>', '<span style="display:inline-block;transform:translateX(-10px)">开</span>']) {
      const r = body(page([`机${piece}密★5年`]));
      expect(r.body, piece).toContain('机开密★5年');
      expect(r.hidden, piece).toBe('');
    }
  });
  it('white text on a background of its own or above is seen', () => {
    for (const html of [page(['<span style="color:#fff;background:#c00">机密★5年</span>']), page(['<span style="background-color:navy"><b style="color:white">机密★5年</b></span>']), page(['<table bgcolor="#003366"><tr><td><font color="#ffffff">机密★5年</font></td></tr></table>'])]) {
      const r = body(html);
      expect(r.body, html).toContain(MARK);
      expect(r.hidden, html).not.toContain('机密');
    }
  });
});

describe("HTML: a piece the page's style sheet hides", () => {
  const withSheet = (css: string, lines: string[]) => page(lines).replace('</head>', `<style>${css}</style>\n</head>`);
  const read = (html: string) => {
    const x = extractHtml(utf8(html), ctx());
    return { body: x.parts.find((p) => p.id === 'body')?.text ?? '', shown: x.parts.find((p) => p.id === 'html:shown-order')?.text ?? '', detail: x.parts.find((p) => p.id === 'html:shown-order')?.origin.detail ?? '' };
  };
  it.each([
    ['display:none by class', '.h{display:none}', '<span class="h">开</span>'],
    ['white by class', '.w { color: #FFF }', '<span class="w">开</span>'],
    ['1px by a descendant selector', 'p span.t{font-size:1px}', '<span class="t">开</span>'],
    ['hidden by id', '#x{visibility:hidden}', '<b id="x">开</b>'],
    ['transparent by tag', 'font{opacity:0}', '<font>开</font>'],
    ['in its ground\'s colour, both by class', '.w{color:#c00000} .bg{background:#c00000}', '<span class="w">开</span>'],
    ['!important over the style attribute', '.w{color:#fff !important}', '<span class="w" style="color:#000">开</span>'],
    ['the first of its siblings', 'p span:first-child{display:none}', '<span>开</span>'],
  ])('%s: the line is also read without it, and the marking whole', (_what, css, piece) => {
    const html = withSheet(css.replace('.bg', 'p.bg'), [`机${piece}密★5年`, '关于做好汛期物资调度工作的通知']).replace('<p>机', css.includes('.bg') ? '<p class="bg">机' : '<p>机');
    const r = read(html);
    // The page's reading keeps the piece (sheet rules are matched broadly, and scripts undo many).
    expect(r.body).toContain('机开密★5年');
    expect(r.shown.split('\n')).toContain(MARK);
    expect(r.detail).toContain('without what its style sheet hides');
  });
  it('a rule the style attribute overrides, another colour, a container hidden by the sheet: no such reading', () => {
    for (const [css, piece] of [
      ['.w{color:#fff}', '<span class="w" style="color:#000">开</span>'],
      ['.w{color:#c00000}', '<span class="w">开</span>'],
      ['.h{display:block}', '<span class="h">开</span>'],
    ]) {
      const r = read(withSheet(css, [`机${piece}密★5年`]));
      expect(r.body, css).toContain('机开密★5年');
      expect(r.shown, css).not.toContain(MARK);
    }
    // A paragraph the sheet hides stays read as it stands (body{opacity:0} until a script shows it).
    const r = read(withSheet('p.x{display:none}', ['<span>机密★5年</span>']).replace('<p>', '<p class="x">'));
    expect(r.body).toContain(MARK);
  });
});

describe('HTML form controls', () => {
  it('a check box or radio button shows whether it is ticked, where it stands', async () => {
    const html = '<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><table><tr><td>密级</td><td><input type="checkbox">绝密 <input type="checkbox" checked>机密 <input type="radio" name="l">秘密</td></tr></table><p>关于调整部分岗位的通知</p></body></html>';
    const x = await extractHtml(utf8(html), ctx());
    const body = x.parts.find((p) => p.id === 'body')!;
    expect(body.text.split('\n')[0]).toBe('密级\t☐绝密 ☑机密 ☐秘密\t');
    // A hidden input shows nothing; a text field's value is read as before (the form part).
    const y = await extractHtml(utf8('<!DOCTYPE html><html><body><p>密级：<input type="hidden" value="1"><input type="text" value="普通"></p></body></html>'), ctx());
    expect(y.parts.find((p) => p.id === 'body')!.text).toBe('密级：');
  });
});
