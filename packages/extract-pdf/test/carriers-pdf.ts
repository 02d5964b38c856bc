/**
 * PDFs that carry text where no viewer draws it, each as a marked file and a benign twin of the same
 * structure: an XObject a page lists but never paints, XMP and /PieceInfo on pages and pictures,
 * comments inside content streams, and scripts that build their text at run time. Used by
 * carriers.test.ts; `pnpm tsx packages/extract-pdf/test/carriers-pdf.ts DIR` writes them all to DIR
 * for a look with `pnpm prepub scan`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildPdf, flateStream, onePageCjk, pdfString, pdfUtf16, stream, ucs2, type Body } from './raw-pdf.ts';

const utf8 = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf8'));

/** A notice's visible first page: title and two lines of body, in the Chinese font /F2. */
export function noticeContent(lines: string[] = ['关于做好2024年度安全生产检查工作的通知', '各科室：', '请于五月底前完成自查并报送办公室。']): string {
  let s = 'BT /F2 14 Tf 18 TL 72 740 Td\n';
  for (const l of lines) s += `${ucs2(l)} Tj T*\n`;
  return `${s}ET`;
}

/** An XMP packet whose title and description are the given text (UTF-8). */
export function xmpPacket(title: string, description = '办公室'): string {
  return (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n' +
    '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">' +
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">' +
    `<dc:title><rdf:Alt><rdf:li xml:lang="x-default">${title}</rdf:li></rdf:Alt></dc:title>` +
    `<dc:description><rdf:Alt><rdf:li xml:lang="x-default">${description}</rdf:li></rdf:Alt></dc:description>` +
    '<xmp:CreatorTool>WPS 文字</xmp:CreatorTool><xmp:CreateDate>2024-05-08T09:30:00+08:00</xmp:CreateDate>' +
    '</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end="w"?>'
  );
}

/** Page resources for {@link onePageCjk} with an /XObject entry added. */
function withXObjects(bodies: Body[], xobjects: string): Body[] {
  return bodies.map((b, i) => (i === 2 && typeof b === 'string' ? b.replace('>> >> /Contents', `>> /XObject << ${xobjects} >> >> /Contents`) : b));
}

/** A 64×16 grey picture (raw 8-bit samples). */
function picture(extra = '', width = 64, height = 16): Uint8Array {
  return flateStream(`/Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray /BitsPerComponent 8 ${extra}`, new Uint8Array(width * height).fill(200));
}

/** Case 1: a form XObject (object 7) the page lists as /Fm1; `drawn` paints it, else only the notice is drawn. */
export function undrawnForm(formLines: string[], drawn = false): Uint8Array {
  const form = stream('/Type /XObject /Subtype /Form /BBox [0 0 300 40] /Resources << /Font << /F2 6 0 R >> >>', `BT /F2 12 Tf 2 20 Td ${formLines.map((l) => `${ucs2(l)} Tj`).join(' 0 -14 Td ')} ET`);
  const content = `${noticeContent()}\n${drawn ? 'q 1 0 0 1 72 640 cm /Fm1 Do Q' : ''}`;
  return buildPdf(withXObjects(onePageCjk(stream('', content), { more: [form] }), '/Fm1 7 0 R'));
}

/** Case 1, a picture: an image XObject (object 7) the page lists as /Im1, painted or not. */
export function undrawnImage(drawn = false, size: [number, number] = [64, 16]): Uint8Array {
  const content = `${noticeContent()}\n${drawn ? 'q 128 0 0 32 72 600 cm /Im1 Do Q' : ''}`;
  return buildPdf(withXObjects(onePageCjk(stream('', content), { more: [picture('', size[0], size[1])] }), '/Im1 7 0 R'));
}

/** Case 1, resources shared by two pages: page 2 paints the form that page 1 lists and does not. */
export function sharedResources(formLines: string[]): Uint8Array {
  const form = stream('/Type /XObject /Subtype /Form /BBox [0 0 300 40] /Resources << /Font << /F2 6 0 R >> >>', `BT /F2 12 Tf 2 20 Td ${formLines.map((l) => ucs2(l)).join(' Tj ')} Tj ET`);
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R 8 0 R] /Count 2 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources 4 0 R /Contents 5 0 R >>',
    '<< /Font << /F2 6 0 R >> /XObject << /Fm1 7 0 R >> >>',
    stream('', noticeContent()),
    '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >> /DW 1000 >>] >>',
    form,
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources 4 0 R /Contents 9 0 R >>',
    stream('', `${noticeContent(['二、检查安排', '各科室按附表分工开展检查。'])}\nq 1 0 0 1 72 600 cm /Fm1 Do Q`),
  ]);
}

/** Case 2: XMP (object 7) under the page's /Metadata. */
export function pageXmp(title: string): Uint8Array {
  return buildPdf(onePageCjk(stream('', noticeContent()), { page: '/Metadata 7 0 R', more: [stream('/Type /Metadata /Subtype /XML', utf8(xmpPacket(title)))] }));
}

/** Case 2: XMP (object 8) under the /Metadata of a picture (object 7) the page paints. */
export function imageXmp(title: string): Uint8Array {
  const content = `${noticeContent()}\nq 128 0 0 32 72 600 cm /Im1 Do Q`;
  return buildPdf(withXObjects(onePageCjk(stream('', content), { more: [picture('/Metadata 8 0 R'), stream('/Type /Metadata /Subtype /XML', utf8(xmpPacket(title)))] }), '/Im1 7 0 R'));
}

/**
 * Case 2: /PieceInfo on the page, as Word and WPS write it (an application's /LastModified and
 * /Private), with the private data a stream (object 7) holding `privateText` as UTF-8.
 */
export function pieceInfo(privateText: string): Uint8Array {
  const piece = `/PieceInfo << /WPS << /LastModified (D:20240508093000+08'00') /Private 7 0 R >> >> /LastModified (D:20240508093000+08'00')`;
  return buildPdf(onePageCjk(stream('', noticeContent()), { page: piece, more: [stream('', utf8(privateText))] }));
}

/**
 * Case 2, benign: what office suites write — XMP on the page with an ordinary title, and /PieceInfo
 * whose private data is the application's binary state (object 8, compressed).
 */
export function officeLike(): Uint8Array {
  const state = new Uint8Array(600);
  for (let i = 0; i < state.length; i++) state[i] = (i * 73 + 17) % 256;
  const piece = `/PieceInfo << /WPS << /LastModified (D:20240508093000+08'00') /Private << /State 8 0 R /Version (12.1) >> >> >> /Metadata 7 0 R`;
  return buildPdf(onePageCjk(stream('', noticeContent()), { page: piece, more: [stream('/Type /Metadata /Subtype /XML', utf8(xmpPacket('关于做好2024年度安全生产检查工作的通知'))), flateStream('', state)] }));
}

/** Case 2: /PieceInfo whose /Private is a dictionary of strings (a string as UTF-16). */
export function pieceInfoStrings(value: string): Uint8Array {
  const hex = `<FEFF${Buffer.from(value, 'utf16le').swap16().toString('hex')}>`;
  const piece = `/PieceInfo << /Illustrator << /LastModified (D:20240508093000+08'00') /Private << /Note ${hex} /Version (24.0) >> >> >>`;
  return buildPdf(onePageCjk(stream('', noticeContent()), { page: piece }));
}

/** Case 3: the page's content stream with `comment` (bytes as given) as a comment line after the text. */
export function contentComment(comment: string | Uint8Array): Uint8Array {
  const bytes = Buffer.concat([Buffer.from(`${noticeContent()}\n`, 'latin1'), Buffer.from(typeof comment === 'string' ? comment : comment), Buffer.from('\nq Q\n', 'latin1')]);
  return buildPdf(onePageCjk(flateStream('', Uint8Array.from(bytes))));
}

/** Case 4: a document-level script (object 7) with the given source, named by the catalog. */
export function documentScript(source: string): Uint8Array {
  return buildPdf(
    onePageCjk(stream('', noticeContent()), {
      catalog: '/Names << /JavaScript << /Names [(init) 7 0 R] >> >>',
      // Non-ASCII source as UTF-16 with its mark, as Acrobat writes it.
      more: [`<< /S /JavaScript /JS ${/^[\x00-\x7f]*$/.test(source) ? pdfString(source) : pdfUtf16(source)} >>`],
    }),
  );
}

/** The `%uXXXX` form `escape()` gives for `s`, as `unescape()` takes it. */
export function percentU(s: string): string {
  return [...s].map((c) => (c.charCodeAt(0) < 0x80 ? `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}` : `%u${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('');
}

/** Every file the tests use, marked and benign, by name. */
export function allCarriers(): Record<string, Uint8Array> {
  const MARK = '机密★5年';
  const b64 = Buffer.from(MARK, 'utf8').toString('base64');
  return {
    'undrawn-form.pdf': undrawnForm([MARK, '会议纪要（第3次）']),
    'undrawn-form-benign.pdf': undrawnForm(['会议纪要（第3次）', '办公室 2024年5月8日']),
    'undrawn-form-drawn.pdf': undrawnForm([MARK, '会议纪要（第3次）'], true),
    'undrawn-image.pdf': undrawnImage(),
    'undrawn-image-drawn.pdf': undrawnImage(true),
    'shared-resources.pdf': sharedResources(['附表：检查分工', '办公室']),
    'page-xmp.pdf': pageXmp(`${MARK} 关于调整值班安排的通知`),
    'page-xmp-benign.pdf': pageXmp('关于调整值班安排的通知'),
    'image-xmp.pdf': imageXmp(`${MARK} 现场照片`),
    'image-xmp-benign.pdf': imageXmp('现场照片'),
    'pieceinfo-xml.pdf': pieceInfo(`<revision author="张伟">密级：${MARK}</revision>`),
    'pieceinfo-stream.pdf': pieceInfo(`修订记录\n第二稿 张伟 2024-05-08\n密级：${MARK}\n`),
    'pieceinfo-stream-benign.pdf': pieceInfo('修订记录\n第二稿 张伟 2024-05-08\n修改标题\n'),
    'office-like-benign.pdf': officeLike(),
    'pieceinfo-strings.pdf': pieceInfoStrings(`${MARK} 会议纪要`),
    'pieceinfo-strings-benign.pdf': pieceInfoStrings('会议纪要 第二稿'),
    'comment-utf8.pdf': contentComment(`% ${MARK}`),
    'comment-hex.pdf': contentComment(`% <FEFF${Buffer.from(MARK, 'utf16le').swap16().toString('hex').toUpperCase()}>`),
    'comment-escaped.pdf': contentComment(`% (${[...Buffer.from(MARK, 'utf8')].map((b) => `\\${b.toString(8)}`).join('')})`),
    'comment-benign.pdf': contentComment('% page 1'),
    'js-unescape.pdf': documentScript(`var t = unescape('${percentU(MARK)}'); this.info.Title = t;`),
    'js-atob.pdf': documentScript(`var t = decodeURIComponent(escape(atob('${b64}'))); app.alert(t);`),
    'js-fromcharcode.pdf': documentScript(`var c = [${[...MARK].map((c) => c.charCodeAt(0)).join(', ')}]; var t = ''; for (var i = 0; i < c.length; i++) t += String.fromCharCode(c[i]); app.alert(t);`),
    'js-arithmetic.pdf': documentScript(`var c = [${[...MARK].map((c) => c.charCodeAt(0) + 7).join(', ')}]; var t = ''; for (var i = 0; i < c.length; i++) t += String.fromCharCode(c[i] - 7); app.alert(t);`),
    'js-reversed.pdf': documentScript(`var s = '${[...percentU(MARK)].reverse().join('')}'; app.alert(unescape(s.split('').reverse().join('')));`),
    'js-concat.pdf': documentScript(`app.alert('机' + '密' + '★5' + '年');`),
    'js-benign.pdf': documentScript("app.alert('提交成功');"),
    'js-benign-codes.pdf': documentScript("var nl = String.fromCharCode(13); app.alert('已保存' + nl + unescape('%u8868%u5355'));"),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]).endsWith('carriers-pdf.ts') && process.argv[2]) {
  const dir = process.argv[2];
  mkdirSync(dir, { recursive: true });
  for (const [name, bytes] of Object.entries(allCarriers())) writeFileSync(path.join(dir, name), bytes);
}
