/**
 * Property: a marking with a piece put inside it and drawn so nobody sees it where it stands — white
 * or near white, in the colour of its own shading or highlight, 2 pt, squeezed to a tenth, drawn over by the next character, two lines off its
 * own, transparent, cut away by its clip, covered by a box painted over it, filled with a white shading or a pattern that draws nothing — is never `pass`, in any
 * format that can draw a piece so (HTML, DOCX, XLSX, PPTX, ODT, RTF, OFD). The page shows the marking whole; a reader that took the piece for text saw 机开密★5年.
 * And the same piece, drawn the same way, inside the title of a notice that holds no marking keeps
 * it `pass`. Real scanner, OCR off; a fixed seed, so a failure replays (SEED and RUNS explore further).
 */
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { docx } from '../packages/extract-docx/test/helpers.ts';
import { pptx, xlsx } from '../packages/ooxml/test/ooxml-writer.ts';
import { ofd } from '../packages/extract-ofd/test/ofd-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const SEED = Number(process.env.SEED ?? 20261205);
const RUNS = Number(process.env.RUNS ?? 60);

const MARKINGS = ['机密★5年', '秘密★1年', '绝密★长期', '机密★', '秘密'];
const BODY = ['江临市人民政府办公室', '关于做好2025年汛期物资调度工作的通知', '各区县人民政府：', '现将有关事项通知如下，请认真贯彻执行。'];
const PIECES = ['开', '口', 'x', '·', '中'];

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
const rtfU = (s: string): string => [...s].map((c) => (c.charCodeAt(0) < 0x80 ? c : `\\u${c.charCodeAt(0) > 0x7fff ? c.charCodeAt(0) - 0x10000 : c.charCodeAt(0)}?`)).join('');

interface Format {
  name: string;
  filename: string;
  /** The ways this format draws a run unseen. */
  unseen: string[];
  /** A document whose first line is `before` + `piece` (drawn with `how`) + `after`, then the notice's body. */
  write(before: string, piece: string, after: string, how: string): Uint8Array;
}

const NS_ODF =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0"';

/** Advance of a character as ofd-writer.ts places it (mm, at its default size of 4.2): CJK square, others half. */
const ofdAdvance = (s: string): number => [...s].reduce((a, c) => a + ((c.codePointAt(0) ?? 0) >= 0x2e80 ? 4.2 : 2.1), 0);

/** Resources of the OFD page: a CMYK colour space (9) and drawing parameters that fill white (8). */
const OFD_PAGE_RES =
  '<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="http://www.ofdspec.org/2016" BaseLoc="Res"><ofd:ColorSpaces><ofd:ColorSpace ID="9" Type="CMYK" BitsPerComponent="8"/></ofd:ColorSpaces><ofd:DrawParams><ofd:DrawParam ID="8"><ofd:FillColor Value="255 255 255"/></ofd:DrawParam></ofd:DrawParams></ofd:Res>';

/** A filled box at the piece ({X}: its left edge less 0.3 mm, {W}: its width and 0.6 mm) in `rgb`. */
const ofdBox = (rgb: string): string => `<ofd:PathObject ID="990" Boundary="{X} 28 {W} 6" Fill="true" Stroke="false"><ofd:FillColor Value="${rgb}"/><ofd:AbbreviatedData>M 0 0 L {W} 0 L {W} 6 L 0 6 C</ofd:AbbreviatedData></ofd:PathObject>`;

/**
 * OFD: the first line is three text objects (`before`, the piece, `after`) set one after another.
 * `how` is `attributes|colour elements|drawn before the piece|drawn after it` for the piece's text object.
 */
function ofdNotice(before: string, piece: string, after: string, how: string): Uint8Array {
  const x1 = 27 + ofdAdvance(before);
  const x2 = x1 + ofdAdvance(piece);
  const bytes = ofd({ docs: [{ title: '通知', pages: [{ texts: [{ x: 27, y: 29, text: before }, { x: x1, y: 29, text: piece, color: '1 2 3' }, { x: x2, y: 29, text: after }, ...BODY.map((l, k) => ({ x: 27, y: 45 + 8 * k, text: l }))] }] }] });
  const [attrs, colours = '', under = '', over = ''] = how.split('|');
  const at = (s: string) => s.replace(/\{X\}/g, (x1 - 0.3).toFixed(2)).replace(/\{W\}/g, (ofdAdvance(piece) + 0.6).toFixed(2));
  // The piece's own attributes that `how` sets again are left out, so each is written once.
  const merge = (own: string) => `${own.replace(/\s(\w+)="[^"]*"/g, (a, name: string) => (new RegExp(`\\b${name}=`).test(attrs) ? '' : a))} ${attrs}`.trim();
  const files = unzipSync(bytes);
  const page = 'Doc_0/Pages/Page_0/Content.xml';
  const xml = strFromU8(files[page]);
  const edited = xml
    .replace(/<ofd:Page xmlns:ofd="([^"]*)">/, '<ofd:Page xmlns:ofd="$1"><ofd:PageRes>Res.xml</ofd:PageRes>')
    .replace(/<ofd:TextObject ([^>]*)><ofd:FillColor Value="1 2 3"\/>(.*?<\/ofd:TextObject>)/, (_m, own: string, rest: string) => `${at(under)}<ofd:TextObject ${merge(own)}>${colours}${rest}${at(over)}`);
  if (edited === xml || edited.includes('1 2 3')) throw new Error('the piece was not found');
  files[page] = strToU8(edited);
  files['Doc_0/Pages/Page_0/Res.xml'] = strToU8(OFD_PAGE_RES);
  return zipSync(files);
}

const FORMATS: Format[] = [
  {
    name: 'HTML',
    filename: 'notice.html',
    unseen: ['color:#fff', 'color:#f8f8f8', 'color:#c00000;background:#c00000', 'color:rgb(192,0,0);background-color:#c00000', 'font-size:2pt', 'font-size:5%', 'opacity:0.05', 'display:inline-block;transform:scaleX(0.05)', 'letter-spacing:-1em', 'letter-spacing:-12px', 'position:relative;top:-60px', 'display:inline-block;width:0;overflow:hidden', 'color:hsl(0,0%,100%)', 'color:rgba(0,0,0,0.05)', '-webkit-text-fill-color:transparent', 'filter:opacity(0)', 'display:inline-block;width:1px;height:1px;overflow:hidden', 'display:inline-block;transform:translateY(-60px)'],
    write: (before, piece, after, how) =>
      strToU8(`<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>通知</title></head><body><p>${esc(before)}<span style="${how}">${esc(piece)}</span>${esc(after)}</p>${BODY.map((l) => `<p>${esc(l)}</p>`).join('')}</body></html>`),
  },
  {
    name: 'DOCX',
    filename: 'notice.docx',
    unseen: ['<w:color w:val="FFFFFF"/>', '<w:color w:val="F8F8F8"/>', '<w:sz w:val="4"/>', '<w:w w:val="5"/>', '<w:spacing w:val="-240"/>', '<w:position w:val="-60"/>', '<w:vanish/>', '<w:color w:val="C00000"/><w:shd w:val="clear" w:color="auto" w:fill="C00000"/>', '<w:color w:val="FFFF00"/><w:highlight w:val="yellow"/>', '<w14:textFill xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w14:noFill/></w14:textFill>', '<w14:textFill xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w14:solidFill><w14:srgbClr w14:val="000000"><w14:alpha w14:val="100000"/></w14:srgbClr></w14:solidFill></w14:textFill>'],
    write: (before, piece, after, how) => {
      const r = (t: string, rpr = '') => `<w:r>${rpr ? `<w:rPr>${rpr}</w:rPr>` : ''}<w:t xml:space="preserve">${esc(t)}</w:t></w:r>`;
      return docx(`<w:p>${r(before)}${r(piece, how)}${r(after)}</w:p>${BODY.map((l) => `<w:p>${r(l)}</w:p>`).join('')}`);
    },
  },
  {
    name: 'RTF',
    filename: 'notice.rtf',
    unseen: ['\\cf2', '\\cf3', '\\fs4', '\\charscalex5', '\\expndtw-200', '\\expnd-40', '\\up60', '\\v', '\\cf4\\cb4', '\\cf1\\highlight1'],
    write: (before, piece, after, how) =>
      strToU8(
        `{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}{\\colortbl;\\red0\\green0\\blue0;\\red255\\green255\\blue255;\\red250\\green250\\blue250;\\red192\\green0\\blue0;}` +
          `\\pard ${rtfU(before)}{${how} ${rtfU(piece)}}${rtfU(after)}\\par ${BODY.map((l) => `\\pard ${rtfU(l)}\\par `).join('')}}`,
      ),
  },
  {
    name: 'ODT',
    filename: 'notice.odt',
    unseen: ['fo:color="#ffffff"', 'fo:color="#f8f8f8"', 'fo:font-size="1.5pt"', 'style:text-scale="5%"', 'fo:letter-spacing="-0.5cm"', 'style:text-position="-250% 100%"', 'loext:opacity="0%"', 'text:display="none"', 'fo:color="#c00000" fo:background-color="#c00000"'],
    write: (before, piece, after, how) => {
      const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS_ODF}><office:automatic-styles><style:style style:name="U" style:family="text"><style:text-properties ${how}/></style:style></office:automatic-styles><office:body><office:text><text:p>${esc(before)}<text:span text:style-name="U">${esc(piece)}</text:span>${esc(after)}</text:p>${BODY.map((l) => `<text:p>${esc(l)}</text:p>`).join('')}</office:text></office:body></office:document-content>`;
      const z: Zippable = { mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }] };
      z['META-INF/manifest.xml'] = strToU8(
        '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
      );
      z['content.xml'] = strToU8(content);
      return zipSync(z);
    },
  },
  {
    name: 'PPTX',
    filename: 'deck.pptx',
    unseen: ['<a:rPr lang="zh-CN"><a:noFill/></a:rPr>', '<a:rPr lang="zh-CN" sz="200"/>', '<a:rPr lang="zh-CN" spc="-1200"/>', '<a:rPr lang="zh-CN" baseline="-250000"/>', '<a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="000000"><a:alpha val="5000"/></a:srgbClr></a:solidFill></a:rPr>', '<a:rPr lang="zh-CN"><a:solidFill><a:srgbClr val="FFFF00"/></a:solidFill><a:highlight><a:srgbClr val="FFFF00"/></a:highlight></a:rPr>', '<a:rPr lang="zh-CN"><a:gradFill><a:gsLst><a:gs pos="0"><a:srgbClr val="000000"><a:alpha val="0"/></a:srgbClr></a:gs><a:gs pos="100000"><a:schemeClr val="tx1"><a:alpha val="5000"/></a:schemeClr></a:gs></a:gsLst><a:lin ang="0"/></a:gradFill></a:rPr>', '<a:rPr lang="zh-CN"><a:pattFill prst="pct5"><a:fgClr><a:srgbClr val="000000"><a:alpha val="0"/></a:srgbClr></a:fgClr><a:bgClr><a:srgbClr val="FFFFFF"><a:alpha val="0"/></a:srgbClr></a:bgClr></a:pattFill></a:rPr>'],
    write: (before, piece, after, how) => {
      const bytes = pptx({ slides: [{ shapes: [{ text: ['FIRSTLINE'] }, { text: BODY }] }] });
      return replaceInZip(bytes, /^ppt\/slides\/slide1\.xml$/, (xml) =>
        xml.replace(/<a:r>(?:(?!<a:r>).)*?FIRSTLINE<\/a:t><\/a:r>/, `<a:r><a:t>${esc(before)}</a:t></a:r><a:r>${how}<a:t>${esc(piece)}</a:t></a:r><a:r><a:t>${esc(after)}</a:t></a:r>`),
      );
    },
  },
  {
    name: 'XLSX',
    filename: 'book.xlsx',
    unseen: ['<rPr><color rgb="FFFFFFFF"/></rPr>', '<rPr><color rgb="FFF8F8F8"/></rPr>', '<rPr><color theme="0"/></rPr>', '<rPr><sz val="2"/></rPr>'],
    write: (before, piece, after, how) => {
      const bytes = xlsx({ sheets: [{ name: '调度表', rows: [['FIRSTCELL'], ...BODY.map((l) => [l])] }] });
      return replaceInZip(bytes, /^xl\/sharedStrings\.xml$/, (xml) => xml.replace(/<t[^>]*>FIRSTCELL<\/t>/, `<r><t>${esc(before)}</t></r><r>${how}<t>${esc(piece)}</t></r><r><t>${esc(after)}</t></r>`));
    },
  },
  {
    name: 'OFD',
    filename: 'notice.ofd',
    unseen: [
      'Visible="false"',
      'Alpha="0"',
      'Alpha="20"',
      '|<ofd:FillColor Value="0 0 0" Alpha="20"/>',
      'HScale="0.05"',
      'Size="0.6"',
      '|<ofd:FillColor Value="255 255 255"/>',
      '|<ofd:FillColor Value="245 245 245"/>',
      '|<ofd:FillColor Value="255"/>',
      '|<ofd:FillColor ColorSpace="9" Value="0 0 0 0"/>',
      'DrawParam="8"',
      'Fill="false"',
      'Fill="false" Stroke="true"|<ofd:StrokeColor Value="255 255 255"/>',
      '|<ofd:Clips><ofd:Clip><ofd:Area><ofd:Path Boundary="0 0 1 1"><ofd:AbbreviatedData>M 0 0 L 0.1 0 L 0.1 0.1 C</ofd:AbbreviatedData></ofd:Path></ofd:Area></ofd:Clip></ofd:Clips>',
      `|<ofd:FillColor Value="192 0 0"/>|${ofdBox('192 0 0')}`,
      `|||${ofdBox('255 255 255')}`,
      `|||${ofdBox('0 0 0')}`,
      '|<ofd:FillColor><ofd:AxialShd StartPoint="0 0" EndPoint="5 0"><ofd:Segment Position="0"><ofd:Color Value="255 255 255"/></ofd:Segment><ofd:Segment Position="1"><ofd:Color Value="248 248 248"/></ofd:Segment></ofd:AxialShd></ofd:FillColor>',
      '|<ofd:FillColor><ofd:Pattern Width="2" Height="2"><ofd:CellContent></ofd:CellContent></ofd:Pattern></ofd:FillColor>',
    ],
    write: ofdNotice,
  },
];

/** The package with the entries whose names match `name` rewritten (the edit must change them). */
function replaceInZip(bytes: Uint8Array, name: RegExp, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(bytes);
  let changed = false;
  for (const k of Object.keys(files)) {
    if (!name.test(k)) continue;
    const before = strFromU8(files[k]);
    const after = edit(before);
    changed ||= after !== before;
    files[k] = strToU8(after);
  }
  if (!changed) throw new Error(`the edit changed no entry matching ${name}`);
  return zipSync(files);
}

describe('a piece drawn unseen inside a marking', () => {
  for (const format of FORMATS) {
    it(`${format.name}: the marking is never pass; the same piece in a benign title keeps it pass`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(...MARKINGS),
          fc.nat(),
          fc.constantFrom(...PIECES),
          fc.constantFrom(...format.unseen),
          async (marking, at, piece, how) => {
            const chars = [...marking];
            const cut = 1 + (at % (chars.length - 1));
            const marked = await scanner.scan(format.write(chars.slice(0, cut).join(''), piece, chars.slice(cut).join(''), how), { filename: format.filename });
            expect(marked.verdict, `${format.name} ${marking} split at ${cut} by ${piece} drawn ${how}`).not.toBe('pass');
            const title = [...'汛期物资调度工作'];
            const tcut = 1 + (at % (title.length - 1));
            const benign = await scanner.scan(format.write(title.slice(0, tcut).join(''), piece, title.slice(tcut).join(''), how), { filename: format.filename });
            expect(benign.verdict, `${format.name} benign title split at ${tcut} by ${piece} drawn ${how}: ${benign.findings.map((f) => f.ruleId).join(', ')} ${benign.coverage.unread.map((u) => u.reason).join(', ')}`).toBe('pass');
          },
        ),
        { seed: SEED, numRuns: RUNS },
      );
    }, 120_000);
  }
});
