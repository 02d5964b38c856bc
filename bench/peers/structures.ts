/**
 * MARK_STRUCT=1 for bench/peers/mark.ts: the marking 机密★5年 added to a peer document as a structure
 * of its format that holds text away from the body (a document variable, a custom XML item, a list
 * label, a tooltip, a data-validation prompt, a pivot cache item, a tag, a handout master, an RTF
 * destination, …), one variant per structure, named `s_<structure>-<file>`; for compound files
 * (.doc, .xls, .msg) streams and properties added with cfb (`s_cfb_…`), for e-mail a multipart body
 * of our own with parts and headers of each kind (`s_eml_…`). Each variant should
 * block; a pass is content prepub did not read (or a place it weighs as a mention). Nothing written
 * here is committed.
 */
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync, type Unzipped } from 'fflate';

// cfb is extract-docx's dependency, not the bench's: loaded from there, untyped.
const CFB: any = createRequire(resolve('packages/extract-docx/package.json'))('cfb');

export const MARK = '机密★5年';

type Files = Unzipped;
type Edit = (f: Files) => boolean;

const xml = (f: Files, n: string) => (f[n] ? strFromU8(f[n]) : undefined);
const put = (f: Files, n: string, s: string) => void (f[n] = strToU8(s));

/** Inserts `what` after the first match of `re` in part `n` (or before it with `before`). */
function insert(f: Files, n: string, re: RegExp, what: string | ((m: RegExpExecArray) => string), before = false): boolean {
  const s = xml(f, n);
  if (s === undefined) return false;
  const m = re.exec(s);
  if (!m) return false;
  const w = typeof what === 'string' ? what : what(m);
  const at = before ? m.index : m.index + m[0].length;
  put(f, n, s.slice(0, at) + w + s.slice(at));
  return true;
}

/** Adds a part with its relationship from `owner` (a part name, or '' for the package) and its content type. */
function addPart(f: Files, owner: string, target: string, type: string, contentType: string, body: string, id = 'rIdPP1'): void {
  put(f, target, body);
  const dir = owner.includes('/') ? owner.slice(0, owner.lastIndexOf('/') + 1) : '';
  const relsName = owner ? `${dir}_rels/${owner.slice(dir.length)}.rels` : '_rels/.rels';
  const rels = xml(f, relsName) ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
  const rel = `/${target}`;
  put(f, relsName, rels.replace('</Relationships>', `<Relationship Id="${id}" Type="${type}" Target="${rel}"/></Relationships>`));
  const ct = xml(f, '[Content_Types].xml');
  if (ct) put(f, '[Content_Types].xml', ct.replace('</Types>', `<Override PartName="/${target}" ContentType="${contentType}"/></Types>`));
}

const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const customProps = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="密级"><vt:lpwstr>${MARK}</vt:lpwstr></property></Properties>`;
const addCustomProps: Edit = (f) => {
  if (f['docProps/custom.xml']) return false;
  addPart(f, '', 'docProps/custom.xml', `${R}/custom-properties`, 'application/vnd.openxmlformats-officedocument.custom-properties+xml', customProps);
  return true;
};
const addCustomXml = (owner: string): Edit => (f) => {
  if (!f[owner]) return false;
  put(f, 'customXml/itemPP1.xml', `<?xml version="1.0" encoding="UTF-8" standalone="no"?><公文 xmlns="urn:example:gongwen"><标题>关于年度工作安排的通知</标题><密级>${MARK}</密级></公文>`);
  addPart(f, owner, 'customXml/itemPP1.xml', `${R}/customXml`, 'application/xml', xml(f, 'customXml/itemPP1.xml')!);
  return true;
};

function mainPart(f: Files): string {
  const rels = xml(f, '_rels/.rels') ?? '';
  const m = /Target="\/?([^"]*)"[^>]*Type="[^"]*officeDocument"|Type="[^"]*officeDocument"[^>]*Target="\/?([^"]*)"/.exec(rels);
  return (m?.[1] ?? m?.[2] ?? 'word/document.xml').replace(/^\//, '');
}

const body = (f: Files, p: (w: string) => string): boolean => {
  const main = mainPart(f);
  return insert(f, main, /<(\w+:)?body\b[^>]*?>/, (m) => p(m[1] ?? ''));
};
const hdrOrBody = (f: Files, p: (w: string) => string): boolean => {
  const h = Object.keys(f).find((n) => /^word\/header\d*\.xml$/.test(n));
  return h ? insert(f, h, /<(\w+:)?hdr\b[^>]*?>/, (m) => p(m[1] ?? '')) : body(f, p);
};

/** Handwriting: strokes only (what they say is in the picture they draw). */
const INK = `<?xml version="1.0" encoding="UTF-8"?><inkml:ink xmlns:inkml="http://www.w3.org/2003/InkML"><inkml:definitions><inkml:context xml:id="ctx0"><inkml:inkSource xml:id="inkSrc0"><inkml:traceFormat><inkml:channel name="X" type="integer"/><inkml:channel name="Y" type="integer"/></inkml:traceFormat></inkml:inkSource></inkml:context><inkml:brush xml:id="br0"><inkml:brushProperty name="width" value="0.05" units="cm"/></inkml:brush></inkml:definitions>${Array.from({ length: 12 }, (_, k) => `<inkml:trace contextRef="#ctx0" brushRef="#br0">${Array.from({ length: 20 }, (_, j) => `${100 + k * 40 + j * 2} ${200 + ((j * 7 + k * 3) % 30)}`).join(', ')}</inkml:trace>`).join('')}</inkml:ink>`;

const docx: Record<string, Edit> = {
  docvar: (f) => {
    const s = 'word/settings.xml';
    if (!f[s]) return false;
    return insert(f, s, /<(\w+:)?settings\b[^>]*?>/, (m) => `<${m[1] ?? ''}docVars><${m[1] ?? ''}docVar ${m[1] ?? ''}name="密级" ${m[1] ?? ''}val="${MARK}"/></${m[1] ?? ''}docVars>`);
  },
  custom: addCustomProps,
  customxml: (f) => addCustomXml(mainPart(f))(f),
  tooltip: (f) => body(f, (w) => `<${w}p><${w}hyperlink ${w}anchor="_top" ${w}tooltip="${MARK}"><${w}r><${w}t>返回目录</${w}t></${w}r></${w}hyperlink></${w}p>`),
  math: (f) =>
    body(f, (w) => `<${w}p><m:oMathPara xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"><m:oMath><m:r><m:t>${MARK}</m:t></m:r></m:oMath></m:oMathPara></${w}p>`),
  watermark: (f) =>
    hdrOrBody(f, (w) => `<${w}p><${w}r><${w}pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="PowerPlusWaterMarkObject1" type="#_x0000_t136" style="position:absolute;margin-left:0;margin-top:0;width:415pt;height:138pt;rotation:315;z-index:-251657216" fillcolor="silver" stroked="f"><v:textpath style="font-family:&quot;宋体&quot;;font-size:1pt" string="${MARK}"/></v:shape></${w}pict></${w}r></${w}p>`),
  placeholder: (f) =>
    body(f, (w) => `<${w}sdt><${w}sdtPr><${w}alias ${w}val="文件密级"/><${w}showingPlcHdr/></${w}sdtPr><${w}sdtContent><${w}p><${w}r><${w}rPr><${w}rStyle ${w}val="PlaceholderText"/></${w}rPr><${w}t>${MARK}</${w}t></${w}r></${w}p></${w}sdtContent></${w}sdt>`),
  ffhelp: (f) =>
    body(f, (w) => `<${w}p><${w}r><${w}t>填表说明</${w}t></${w}r><${w}r><${w}fldChar ${w}fldCharType="begin"><${w}ffData><${w}name ${w}val="Text1"/><${w}enabled/><${w}helpText ${w}type="text" ${w}val="${MARK}"/><${w}statusText ${w}type="text" ${w}val="${MARK}"/><${w}textInput/></${w}ffData></${w}fldChar></${w}r><${w}r><${w}instrText> FORMTEXT </${w}instrText></${w}r><${w}r><${w}fldChar ${w}fldCharType="separate"/></${w}r><${w}r><${w}t>     </${w}t></${w}r><${w}r><${w}fldChar ${w}fldCharType="end"/></${w}r></${w}p>`),
  quotefield: (f) => body(f, (w) => `<${w}p><${w}fldSimple ${w}instr=" QUOTE &quot;${MARK}&quot; "/></${w}p>`),
  deleted: (f) => body(f, (w) => `<${w}p><${w}del ${w}id="9901" ${w}author="张伟" ${w}date="2024-03-01T09:00:00Z"><${w}r><${w}delText>${MARK}</${w}delText></${w}r></${w}del></${w}p>`),
  hidden: (f) => body(f, (w) => `<${w}p><${w}r><${w}rPr><${w}vanish/></${w}rPr><${w}t>${MARK}</${w}t></${w}r></${w}p>`),
  smarttag: (f) =>
    body(f, (w) => `<${w}p><${w}smartTag ${w}uri="urn:schemas-microsoft-com:office:smarttags" ${w}element="place"><${w}smartTagPr><${w}attr ${w}name="密级" ${w}val="${MARK}"/></${w}smartTagPr><${w}r><${w}t>北京</${w}t></${w}r></${w}smartTag></${w}p>`),
  numbering: (f) => {
    const main = mainPart(f);
    const dir = main.slice(0, main.lastIndexOf('/') + 1);
    const num = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="77"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="${MARK}"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum><w:num w:numId="77"><w:abstractNumId w:val="77"/></w:num></w:numbering>`;
    if (f[`${dir}numbering.xml`]) {
      const s = xml(f, `${dir}numbering.xml`)!;
      const i = s.search(/<(\w+:)?abstractNum\b/);
      const j = s.search(/<(\w+:)?num\b[^>]*numId/);
      if (i < 0 || j < 0) return false;
      const p = /<(\w+:)?numbering\b/.exec(s)?.[1] ?? '';
      const abs = `<${p}abstractNum ${p}abstractNumId="77"><${p}lvl ${p}ilvl="0"><${p}start ${p}val="1"/><${p}numFmt ${p}val="bullet"/><${p}lvlText ${p}val="${MARK}"/><${p}lvlJc ${p}val="left"/></${p}lvl></${p}abstractNum>`;
      const n = `<${p}num ${p}numId="77"><${p}abstractNumId ${p}val="77"/></${p}num>`;
      put(f, `${dir}numbering.xml`, s.slice(0, i) + abs + s.slice(i, j) + n + s.slice(j));
    } else addPart(f, main, `${dir}numbering.xml`, `${R}/numbering`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml', num);
    return body(f, (w) => `<${w}p><${w}pPr><${w}numPr><${w}ilvl ${w}val="0"/><${w}numId ${w}val="77"/></${w}numPr></${w}pPr><${w}r><${w}t>本通知自印发之日起施行。</${w}t></${w}r></${w}p>`);
  },
  glossary: (f) => {
    const main = mainPart(f);
    if (Object.keys(f).some((n) => /glossary\//.test(n))) return false;
    addPart(f, main, 'word/glossary/document.xml', `${R}/glossaryDocument`, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document.glossary+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:glossaryDocument xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docParts><w:docPart><w:docPartPr><w:name w:val="密级标志"/><w:category><w:name w:val="常规"/><w:gallery w:val="autoTxt"/></w:category></w:docPartPr><w:docPartBody><w:p><w:r><w:t>${MARK}</w:t></w:r></w:p></w:docPartBody></w:docPart></w:docParts></w:glossaryDocument>`);
    return true;
  },
  people: (f) => {
    const main = mainPart(f);
    if (f['word/people.xml']) return false;
    addPart(f, main, 'word/people.xml', 'http://schemas.microsoft.com/office/2011/relationships/people', 'application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="${MARK}"><w15:presenceInfo w15:providerId="None" w15:userId="${MARK}"/></w15:person></w15:people>`);
    return true;
  },
  framepr: (f) => body(f, (w) => `<${w}p><${w}pPr><${w}framePr ${w}w="2000" ${w}h="400" ${w}hRule="exact" ${w}hSpace="180" ${w}wrap="around" ${w}vAnchor="page" ${w}hAnchor="page" ${w}x="8000" ${w}y="600"/></${w}pPr><${w}r><${w}t>${MARK}</${w}t></${w}r></${w}p>`),
  altdescr: (f) =>
    body(f, (w) => `<${w}p><${w}r><${w}drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="100" cy="100"/><wp:docPr id="990" name="图片 990" descr="${MARK}"/></wp:inline></${w}drawing></${w}r></${w}p>`),
  vmltitle: (f) =>
    body(f, (w) => `<${w}p><${w}r><${w}pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" id="_x0000_i1099" type="#_x0000_t75" style="width:20pt;height:20pt" alt="${MARK}"><v:imagedata o:title="${MARK}"/></v:shape></${w}pict></${w}r></${w}p>`),
  ddlist: (f) =>
    body(f, (w) => `<${w}p><${w}r><${w}t>密级：</${w}t></${w}r><${w}r><${w}fldChar ${w}fldCharType="begin"><${w}ffData><${w}name ${w}val="Dropdown1"/><${w}enabled/><${w}ddList><${w}result ${w}val="1"/><${w}listEntry ${w}val="公开"/><${w}listEntry ${w}val="${MARK}"/></${w}ddList></${w}ffData></${w}fldChar></${w}r><${w}r><${w}instrText> FORMDROPDOWN </${w}instrText></${w}r><${w}r><${w}fldChar ${w}fldCharType="end"/></${w}r></${w}p>`),
  drawtooltip: (f) =>
    body(f, (w) => `<${w}p><${w}r><${w}drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="${A}"><wp:extent cx="100" cy="100"/><wp:docPr id="991" name="图片 991"><a:hlinkClick xmlns:r="${R}" r:id="" tooltip="${MARK}"/></wp:docPr></wp:inline></${w}drawing></${w}r></${w}p>`),
  chartex: (f) => {
    const main = mainPart(f);
    addPart(f, main, 'word/charts/chartExPP.xml', 'http://schemas.microsoft.com/office/2014/relationships/chartEx', 'application/vnd.ms-office.chartex+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cx:chartSpace xmlns:a="${A}" xmlns:r="${R}" xmlns:cx="http://schemas.microsoft.com/office/drawing/2014/chartex"><cx:chartData><cx:data id="0"><cx:strDim type="cat"><cx:f>Sheet1!$A$2:$A$3</cx:f><cx:lvl ptCount="2"><cx:pt idx="0">一季度</cx:pt><cx:pt idx="1">二季度</cx:pt></cx:lvl></cx:strDim></cx:data></cx:chartData><cx:chart><cx:title pos="t" align="ctr" overlay="0"><cx:tx><cx:txData><cx:v>${MARK}</cx:v></cx:txData></cx:tx></cx:title><cx:plotArea><cx:plotAreaRegion><cx:series layoutId="treemap"><cx:dataId val="0"/></cx:series></cx:plotAreaRegion></cx:plotArea></cx:chart></cx:chartSpace>`, 'rIdPPcx');
    return body(f, (w) => `<${w}p><${w}r><${w}drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:a="${A}"><wp:extent cx="5000000" cy="3000000"/><wp:docPr id="992" name="图表 992"/><a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/drawing/2014/chartex"><cx:chart xmlns:cx="http://schemas.microsoft.com/office/drawing/2014/chartex" xmlns:r="${R}" r:id="rIdPPcx"/></a:graphicData></a:graphic></wp:inline></${w}drawing></${w}r></${w}p>`);
  },
  mcfallback: (f) =>
    body(f, (w) => `<${w}p><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="w14"><${w}r><${w}t>会议通知</${w}t></${w}r></mc:Choice><mc:Fallback><${w}r><${w}t>${MARK}</${w}t></${w}r></mc:Fallback></mc:AlternateContent></${w}p>`),
  customxmlinline: (f) => body(f, (w) => `<${w}p><${w}customXml ${w}uri="urn:example:gongwen" ${w}element="密级"><${w}r><${w}t>${MARK}</${w}t></${w}r></${w}customXml></${w}p>`),
  formdefault: (f) =>
    body(f, (w) => `<${w}p><${w}r><${w}fldChar ${w}fldCharType="begin"><${w}ffData><${w}name ${w}val="Text2"/><${w}enabled/><${w}textInput><${w}default ${w}val="${MARK}"/></${w}textInput></${w}ffData></${w}fldChar></${w}r><${w}r><${w}instrText> FORMTEXT </${w}instrText></${w}r><${w}r><${w}fldChar ${w}fldCharType="separate"/></${w}r><${w}r><${w}t>     </${w}t></${w}r><${w}r><${w}fldChar ${w}fldCharType="end"/></${w}r></${w}p>`),
  movefrom: (f) => body(f, (w) => `<${w}p><${w}moveFrom ${w}id="9902" ${w}author="张伟" ${w}date="2024-03-01T09:00:00Z"><${w}r><${w}t>${MARK}</${w}t></${w}r></${w}moveFrom></${w}p>`),
  ink: (f) => {
    const main = mainPart(f);
    addPart(f, main, 'word/ink/inkPP.xml', 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml', 'application/inkml+xml', INK, 'rIdPPink');
    return body(f, (w) => `<${w}p><${w}r><mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="w14" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"><w14:contentPart xmlns:r="${R}" r:id="rIdPPink"><w14:xfrm><a:off xmlns:a="${A}" x="0" y="0"/><a:ext xmlns:a="${A}" cx="1000000" cy="300000"/></w14:xfrm></w14:contentPart></mc:Choice></mc:AlternateContent></${w}r></${w}p>`);
  },
  altchunkmht: (f) => {
    const main = mainPart(f);
    addPart(f, main, 'word/afchunkPP.mht', `${R}/aFChunk`, 'message/rfc822', `MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b1"\r\n\r\n--b1\r\nContent-Type: text/html; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(`<html><body><p>${MARK}</p></body></html>`).toString('base64')}\r\n--b1--\r\n`, 'rIdPPaf');
    return body(f, (w) => `<${w}altChunk xmlns:r="${R}" r:id="rIdPPaf"/>`);
  },
  altchunkrtf: (f) => {
    const main = mainPart(f);
    addPart(f, main, 'word/afchunkPP.rtf', `${R}/aFChunk`, 'application/rtf', `{\\rtf1\\ansi\\ansicpg936{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\\pard ${[...MARK].map((c) => (c.charCodeAt(0) < 128 ? c : `\\u${c.charCodeAt(0) > 32767 ? c.charCodeAt(0) - 65536 : c.charCodeAt(0)}?`)).join('')}\\par}`, 'rIdPPaf');
    return body(f, (w) => `<${w}altChunk xmlns:r="${R}" r:id="rIdPPaf"/>`);
  },
  mailmerge: (f) => insert(f, 'word/settings.xml', /<(\w+:)?settings\b[^>]*?>/, (m) => `<${m[1] ?? ''}mailMerge><${m[1] ?? ''}mainDocumentType ${m[1] ?? ''}val="formLetters"/><${m[1] ?? ''}query ${m[1] ?? ''}val="SELECT * FROM \`${MARK}$\`"/></${m[1] ?? ''}mailMerge>`),
};

function firstSheet(f: Files): string | undefined {
  return Object.keys(f).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n)).sort()[0];
}
const wb = 'xl/workbook.xml';
const afterSheetData = (f: Files, what: string) => {
  const s = firstSheet(f);
  if (!s) return false;
  return insert(f, s, /<\/(\w+:)?sheetData>|<(\w+:)?sheetData\s*\/>/, what);
};
const xlsx: Record<string, Edit> = {
  dvprompt: (f) => afterSheetData(f, `<dataValidations count="1"><dataValidation type="textLength" operator="lessThan" allowBlank="1" showInputMessage="1" showErrorMessage="1" promptTitle="填写说明" prompt="${MARK}" sqref="Z1"><formula1>100</formula1></dataValidation></dataValidations>`),
  dverror: (f) => afterSheetData(f, `<dataValidations count="1"><dataValidation type="textLength" operator="lessThan" allowBlank="1" showErrorMessage="1" errorTitle="提示" error="${MARK}" sqref="Z1"><formula1>100</formula1></dataValidation></dataValidations>`),
  x14dv: (f) => {
    const s = firstSheet(f);
    if (!s) return false;
    const ext = `<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1" showInputMessage="1" promptTitle="密级" prompt="${MARK}"><x14:formula1><xm:f>Sheet2!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>Z1</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>`;
    const str = xml(f, s)!;
    if (/<extLst>/.test(str)) return false;
    put(f, s, str.replace(/<\/(\w+:)?worksheet>\s*$/, (m) => ext + m));
    return true;
  },
  namecomment: (f) => {
    const s = xml(f, wb);
    if (!s) return false;
    if (/<definedNames>/.test(s)) return insert(f, wb, /<definedNames>/, `<definedName name="打印区域说明" comment="${MARK}">Sheet1!$A$1</definedName>`);
    return insert(f, wb, /<\/sheets>/, `<definedNames><definedName name="打印区域说明" comment="${MARK}">Sheet1!$A$1</definedName></definedNames>`);
  },
  custom: addCustomProps,
  customxml: addCustomXml(wb),
  pivotcache: (f) => {
    if (!f[wb] || /<pivotCaches>/.test(xml(f, wb)!)) return false;
    addPart(f, wb, 'xl/pivotCache/pivotCacheDefinitionPP.xml', `${R}/pivotCacheDefinition`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.pivotCacheDefinition+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><pivotCacheDefinition xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${R}" refreshOnLoad="1" recordCount="2"><cacheSource type="worksheet"><worksheetSource ref="A1:B3" sheet="原始数据"/></cacheSource><cacheFields count="2"><cacheField name="项目" numFmtId="0"><sharedItems count="2"><s v="年度预算"/><s v="${MARK}"/></sharedItems></cacheField><cacheField name="金额" numFmtId="0"><sharedItems containsNumber="1" minValue="10" maxValue="20"/></cacheField></cacheFields></pivotCacheDefinition>`, 'rIdPPc');
    const w = xml(f, wb)!;
    const cache = '<pivotCaches><pivotCache cacheId="9" r:id="rIdPPc"/></pivotCaches>';
    const calc = /<calcPr\b[^>]*\/>|<calcPr\b[\s\S]*?<\/calcPr>/.exec(w);
    const next = calc ? w.slice(0, calc.index + calc[0].length) + cache + w.slice(calc.index + calc[0].length) : w.replace(/<\/workbook>\s*$/, cache + '</workbook>');
    put(f, wb, next.replace(/<workbook\b(?![^>]*xmlns:r=)/, `<workbook xmlns:r="${R}"`));
    return true;
  },
  extlink: (f) => {
    if (!f[wb] || /<externalReferences>/.test(xml(f, wb)!)) return false;
    addPart(f, wb, 'xl/externalLinks/externalLinkPP.xml', `${R}/externalLink`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${R}"><externalBook r:id="rId1"><sheetNames><sheetName val="汇总"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1" t="str"><v>${MARK}</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>`, 'rIdPPx');
    put(f, wb, xml(f, wb)!.replace(/<\/sheets>/, '</sheets><externalReferences><externalReference r:id="rIdPPx"/></externalReferences>').replace(/<workbook\b(?![^>]*xmlns:r=)/, `<workbook xmlns:r="${R}"`));
    return true;
  },
  macrosheet: (f) => {
    if (!f[wb]) return false;
    addPart(f, wb, 'xl/macrosheets/sheetPP.xml', 'http://schemas.microsoft.com/office/2006/relationships/xlMacrosheet', 'application/vnd.ms-excel.macrosheet+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xm:macrosheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${MARK}</t></is></c></row></sheetData></xm:macrosheet>`, 'rIdPPm');
    put(f, wb, xml(f, wb)!.replace(/<\/sheets>/, '<sheet name="宏1" sheetId="99" r:id="rIdPPm"/></sheets>').replace(/<workbook\b(?![^>]*xmlns:r=)/, `<workbook xmlns:r="${R}"`));
    return true;
  },
  scenario: (f) => afterSheetData(f, `<scenarios current="0" show="0"><scenario name="预算方案" locked="1" count="1" user="张伟" comment="${MARK}"><inputCells r="Z1" val="1"/></scenario></scenarios>`),
  cfformula: (f) => afterSheetData(f, `<conditionalFormatting sqref="Z1"><cfRule type="expression" dxfId="0" priority="1"><formula>Z1="${MARK}"</formula></cfRule></conditionalFormatting>`),
  vmlbutton: (f) => {
    const sh = firstSheet(f);
    if (!sh || /legacyDrawing/.test(xml(f, sh)!)) return false;
    addPart(f, sh, 'xl/drawings/vmlDrawingPP.vml', `${R}/vmlDrawing`, 'application/vnd.openxmlformats-officedocument.vmlDrawing',
      `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shape id="_x0000_s1025" type="#_x0000_t201" style="position:absolute;width:96pt;height:24pt"><v:textbox><div style="text-align:center"><font face="宋体" size="220" color="#000000">${MARK}</font></div></v:textbox><x:ClientData ObjectType="Button"><x:Anchor>1, 0, 1, 0, 3, 0, 3, 0</x:Anchor><x:TextHAlign>Center</x:TextHAlign></x:ClientData></v:shape></xml>`, 'rIdPPv');
    const x = xml(f, sh)!;
    put(f, sh, x.replace(/<\/(\w+:)?worksheet>\s*$/, (m) => `<legacyDrawing r:id="rIdPPv"/>${m}`).replace(/<worksheet\b(?![^>]*xmlns:r=)/, `<worksheet xmlns:r="${R}"`));
    return true;
  },
  slicer: (f) => {
    const sh = firstSheet(f);
    if (!sh) return false;
    addPart(f, sh, 'xl/slicers/slicerPP.xml', 'http://schemas.microsoft.com/office/2007/relationships/slicer', 'application/vnd.ms-excel.slicer+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><slicers xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><slicer name="部门" cache="Slicer_部门" caption="${MARK}" rowHeight="241300"/></slicers>`, 'rIdPPs');
    return true;
  },
  connection: (f) => {
    if (!f[wb] || f['xl/connections.xml']) return false;
    addPart(f, wb, 'xl/connections.xml', `${R}/connections`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.connections+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><connections xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><connection id="1" name="人员名单" description="${MARK}" type="5" refreshedVersion="6"><dbPr connection="Provider=Microsoft.ACE.OLEDB.12.0" command="SELECT * FROM 名单" commandType="3"/></connection></connections>`, 'rIdPPcn');
    return true;
  },
  phonetic: (f) => {
    const ss = 'xl/sharedStrings.xml';
    return insert(f, ss, /<\/(\w+:)?t>/, `</t><rPh sb="0" eb="1"><t>${MARK}</t></rPh><phoneticPr fontId="1"/><t xml:space="preserve">`, true) || false;
  },
  orphansst: (f) => {
    const ss = 'xl/sharedStrings.xml';
    const x = xml(f, ss);
    if (!x) return false;
    put(f, ss, x.replace(/<\/(\w+:)?sst>\s*$/, (m) => `<si><t>${MARK}</t></si>${m}`).replace(/uniqueCount="(\d+)"/, (_, n) => `uniqueCount="${Number(n) + 1}"`));
    return true;
  },
  revisions: (f) => {
    if (!f[wb]) return false;
    addPart(f, wb, 'xl/revisions/revisionHeaders.xml', `${R}/revisionHeaders`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.revisionHeaders+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><headers xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${R}" guid="{00000000-0000-0000-0000-000000000001}" lastGuid="{00000000-0000-0000-0000-000000000002}" shared="1" diskRevisions="1" revisionId="1" version="2"><header guid="{00000000-0000-0000-0000-000000000002}" dateTime="2024-03-01T09:00:00" maxSheetId="2" userName="张伟" r:id="rId1"><sheetIdMap count="1"><sheetId val="1"/></sheetIdMap></header></headers>`, 'rIdPPrh');
    put(f, 'xl/revisions/revisionLog1.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><revisions xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><rcc rId="1" sId="1"><oc r="Z1" t="inlineStr"><is><t>${MARK}</t></is></oc><nc r="Z1" t="inlineStr"><is><t>公开</t></is></nc></rcc></revisions>`);
    put(f, 'xl/revisions/_rels/revisionHeaders.xml.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/revisionLog" Target="revisionLog1.xml"/></Relationships>`);
    return true;
  },
  customprop: (f) => {
    const sh = firstSheet(f);
    if (!sh) return false;
    const bin = Buffer.from(MARK, 'utf16le');
    f['xl/customProperty1.bin'] = new Uint8Array(bin);
    const dir = 'xl/worksheets/';
    const relsName = `${dir}_rels/${sh.slice(dir.length)}.rels`;
    const rels = xml(f, relsName) ?? '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
    put(f, relsName, rels.replace('</Relationships>', `<Relationship Id="rIdPPcp" Type="${R}/customProperty" Target="../customProperty1.bin"/></Relationships>`));
    const ct = xml(f, '[Content_Types].xml');
    if (ct) put(f, '[Content_Types].xml', ct.replace('</Types>', '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.customProperty"/></Types>'));
    const x = xml(f, sh)!;
    put(f, sh, x.replace(/<\/(\w+:)?sheetData>|<(\w+:)?sheetData\s*\/>/, (m) => `${m}<customProperties><customPr name="密级" r:id="rIdPPcp"/></customProperties>`).replace(/<worksheet\b(?![^>]*xmlns:r=)/, `<worksheet xmlns:r="${R}"`));
    return true;
  },
  ctrllist: (f) => {
    const sh = firstSheet(f);
    if (!sh) return false;
    addPart(f, sh, 'xl/ctrlProps/ctrlPropPP.xml', `${R}/ctrlProp`, 'application/vnd.ms-excel.controlproperties+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="Drop" dropStyle="combo" dx="16" sel="2"><itemLst><item val="公开"/><item val="${MARK}"/></itemLst></formControlPr>`, 'rIdPPctl');
    return true;
  },
  tablelabel: (f) => {
    const sh = firstSheet(f);
    if (!sh) return false;
    addPart(f, sh, 'xl/tables/tablePP.xml', `${R}/table`, 'application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="99" name="表1" displayName="表1" ref="Y1:Z3" totalsRowCount="1"><autoFilter ref="Y1:Z2"/><tableColumns count="2"><tableColumn id="1" name="项目" totalsRowLabel="${MARK}"/><tableColumn id="2" name="金额" totalsRowFunction="sum"/></tableColumns><tableStyleInfo name="TableStyleMedium2" showRowStripes="1"/></table>`, 'rIdPPtb');
    return true;
  },
  hlinktooltip: (f) => {
    const s = firstSheet(f);
    if (!s || /<hyperlinks>/.test(xml(f, s)!)) return false;
    return afterSheetData(f, `<hyperlinks><hyperlink ref="Z1" location="Sheet1!A1" tooltip="${MARK}" display="返回首页"/></hyperlinks>`);
  },
};

function presentation(f: Files): string | undefined {
  return f['ppt/presentation.xml'] ? 'ppt/presentation.xml' : undefined;
}
const firstSlide = (f: Files) => Object.keys(f).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n)).sort()[0];
const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
const spTree = (txt: string) =>
  `<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/><p:sp><p:nvSpPr><p:cNvPr id="2" name="页眉 1"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>${txt}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld>`;
const pptx: Record<string, Edit> = {
  tags: (f) => {
    const s = firstSlide(f);
    if (!s) return false;
    addPart(f, s, 'ppt/tags/tagPP.xml', `${R}/tags`, 'application/vnd.openxmlformats-officedocument.presentationml.tags+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:tagLst xmlns:p="${P}"><p:tag name="密级" val="${MARK}"/></p:tagLst>`, 'rIdPPt');
    return insert(f, s, /<\/p:cSld>/, '<p:custDataLst><p:tags r:id="rIdPPt"/></p:custDataLst>', false);
  },
  handout: (f) => {
    const p = presentation(f);
    if (!p || Object.keys(f).some((n) => /handoutMaster/.test(n))) return false;
    addPart(f, p, 'ppt/handoutMasters/handoutMasterPP.xml', `${R}/handoutMaster`, 'application/vnd.openxmlformats-officedocument.presentationml.handoutMaster+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:handoutMaster xmlns:a="${A}" xmlns:r="${R}" xmlns:p="${P}">${spTree(MARK)}<p:clrMap bg1="lt1" tx1="dk1" bg2="lt2" tx2="dk2" accent1="accent1" accent2="accent2" accent3="accent3" accent4="accent4" accent5="accent5" accent6="accent6" hlink="hlink" folHlink="folHlink"/></p:handoutMaster>`, 'rIdPPh');
    return insert(f, p, /<\/p:sldIdLst>|<\/p:notesMasterIdLst>|<\/p:sldMasterIdLst>/, '<p:handoutMasterIdLst><p:handoutMasterId r:id="rIdPPh"/></p:handoutMasterIdLst>');
  },
  notesmaster: (f) => {
    const n = Object.keys(f).find((k) => /^ppt\/notesMasters\/notesMaster\d+\.xml$/.test(k));
    if (!n) return false;
    return insert(f, n, /<\/p:spTree>/, `<p:sp><p:nvSpPr><p:cNvPr id="990" name="文本 990"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>${MARK}</a:t></a:r></a:p></p:txBody></p:sp>`, true);
  },
  comment: (f) => {
    const s = firstSlide(f);
    if (!s || Object.keys(f).some((n) => /comment/i.test(n))) return false;
    addPart(f, s, 'ppt/comments/commentPP.xml', `${R}/comments`, 'application/vnd.openxmlformats-officedocument.presentationml.comments+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:cmLst xmlns:a="${A}" xmlns:r="${R}" xmlns:p="${P}"><p:cm authorId="0" dt="2024-03-01T09:00:00.000" idx="1"><p:pos x="10" y="10"/><p:text>${MARK}</p:text></p:cm></p:cmLst>`, 'rIdPPcm');
    return true;
  },
  modernComment: (f) => {
    const s = firstSlide(f);
    if (!s || Object.keys(f).some((n) => /comment/i.test(n))) return false;
    addPart(f, s, 'ppt/comments/modernComment_PP.xml', 'http://schemas.microsoft.com/office/2018/10/relationships/comments', 'application/vnd.ms-powerpoint.comments+xml',
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p188:cmLst xmlns:a="${A}" xmlns:r="${R}" xmlns:p188="http://schemas.microsoft.com/office/powerpoint/2018/8/main"><p188:cm id="{6A0B3C6E-1D2B-4F61-9E0C-000000000001}" authorId="{6A0B3C6E-1D2B-4F61-9E0C-000000000002}" created="2024-03-01T09:00:00.000"><p188:txBody><a:bodyPr/><a:p><a:r><a:t>${MARK}</a:t></a:r></a:p></p188:txBody></p188:cm></p188:cmLst>`, 'rIdPPmc');
    return true;
  },
  section: (f) => {
    const p = presentation(f);
    if (!p) return false;
    const s = xml(f, p)!;
    if (/sectionLst/.test(s) || /<p:extLst>/.test(s)) return false;
    const ids = [...s.matchAll(/<p:sldId [^>]*id="(\d+)"/g)].map((m) => m[1]);
    put(f, p, s.replace(/<\/p:presentation>\s*$/, `<p:extLst><p:ext uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}"><p14:sectionLst xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main"><p14:section name="${MARK}" id="{6A0B3C6E-1D2B-4F61-9E0C-000000000003}"><p14:sldIdLst>${ids.map((i) => `<p14:sldId id="${i}"/>`).join('')}</p14:sldIdLst></p14:section></p14:sectionLst></p:ext></p:extLst></p:presentation>`));
    return true;
  },
  custshow: (f) => {
    const p = presentation(f);
    if (!p || /custShowLst/.test(xml(f, p)!)) return false;
    return insert(f, p, /<\/p:notesSz>|<p:notesSz\b[^>]*\/>/, `<p:custShowLst><p:custShow name="${MARK}" id="0"><p:sldLst/></p:custShow></p:custShowLst>`);
  },
  tooltip: (f) => {
    const s = firstSlide(f);
    if (!s) return false;
    const x = xml(f, s)!;
    const next = x.replace(/<a:r>(\s*)<a:rPr\b([^>]*?)\/>/, `<a:r>$1<a:rPr$2><a:hlinkClick r:id="" action="ppaction://noaction" tooltip="${MARK}"/></a:rPr>`);
    if (next === x) return false;
    put(f, s, next);
    return true;
  },
  ink: (f) => {
    const s = firstSlide(f);
    if (!s) return false;
    addPart(f, s, 'ppt/ink/inkPP.xml', `${R}/customXml`, 'application/inkml+xml', INK, 'rIdPPink');
    return insert(f, s, /<\/p:spTree>/, `<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="p14" xmlns:p14="http://schemas.microsoft.com/office/powerpoint/2010/main"><p14:contentPart r:id="rIdPPink" bwMode="auto"><p14:nvContentPartPr><p14:cNvPr id="99" name="墨迹 99"/><p14:cNvContentPartPr/><p14:nvPr/></p14:nvContentPartPr><p14:xfrm><a:off x="100000" y="100000"/><a:ext cx="1000000" cy="300000"/></p14:xfrm></p14:contentPart></mc:Choice></mc:AlternateContent>`, true);
  },
  authors: (f) => {
    const p = presentation(f);
    if (!p || f['ppt/commentAuthors.xml']) return false;
    addPart(f, p, 'ppt/commentAuthors.xml', `${R}/commentAuthors`, 'application/vnd.openxmlformats-officedocument.presentationml.commentAuthors+xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:cmAuthorLst xmlns:p="${P}"><p:cmAuthor id="0" name="${MARK}" initials="JM" lastIdx="1" clrIdx="0"/></p:cmAuthorLst>`, 'rIdPPca');
    return true;
  },
  custom: addCustomProps,
  customxml: (f) => (presentation(f) ? addCustomXml('ppt/presentation.xml')(f) : false),
};

const odf: Record<string, Edit> = {
  usermeta: (f) => insert(f, 'meta.xml', /<office:meta>|<office:meta\s[^>]*>/, `<meta:user-defined meta:name="密级">${MARK}</meta:user-defined>`),
  hiddentext: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>/, `<text:p><text:hidden-text text:condition="ooow:1==1" text:string-value="${MARK}"/>附件</text:p>`),
  condtext: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>/, `<text:p><text:conditional-text text:condition="ooow:1==1" text:string-value-if-true="${MARK}" text:string-value-if-false="公开">公开</text:conditional-text></text:p>`),
  userfield: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>/, `<text:user-field-decls><text:user-field-decl office:value-type="string" office:string-value="${MARK}" text:name="密级"/></text:user-field-decls>`),
  deletion: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>/, `<text:tracked-changes><text:changed-region xml:id="ct99" text:id="ct99"><text:deletion><office:change-info><dc:creator>张伟</dc:creator><dc:date>2024-03-01T09:00:00</dc:date></office:change-info><text:p>${MARK}</text:p></text:deletion></text:changed-region></text:tracked-changes>`),
  svgtitle: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>|<office:presentation\b[^>]*>\s*<draw:page\b[^>]*>/, `<text:p><draw:frame draw:name="图片1" text:anchor-type="as-char" svg:width="1cm" svg:height="1cm" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"><svg:title>${MARK}</svg:title><svg:desc>${MARK}</svg:desc></draw:frame></text:p>`),
  validation: (f) => insert(f, 'content.xml', /<office:spreadsheet\b[^>]*>/, `<table:content-validations><table:content-validation table:name="val1" table:allow-empty-cell="true" table:condition="of:cell-content-text-length()&lt;100"><table:help-message table:title="填写说明" table:display="true"><text:p>${MARK}</text:p></table:help-message></table:content-validation></table:content-validations>`),
  formlabel: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>/, `<office:forms><form:form form:name="表单" xmlns:form="urn:oasis:names:tc:opendocument:xmlns:form:1.0"><form:button form:name="按钮1" form:id="ctl1" form:label="${MARK}"/></form:form></office:forms>`),
  basic: (f) => {
    put(f, 'Basic/Standard/Module1.xml', `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd"><script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">Sub Main\n  MsgBox &quot;${MARK}&quot;\nEnd Sub</script:module>`);
    put(f, 'Basic/Standard/script-lb.xml', `<?xml version="1.0" encoding="UTF-8"?><library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" library:readonly="false" library:passwordprotected="false"><library:element library:name="Module1"/></library:library>`);
    const m = xml(f, 'META-INF/manifest.xml');
    if (m) put(f, 'META-INF/manifest.xml', m.replace('</manifest:manifest>', '<manifest:file-entry manifest:full-path="Basic/Standard/Module1.xml" manifest:media-type="text/xml"/></manifest:manifest>'));
    return true;
  },
  stringvalue: (f) => insert(f, 'content.xml', /<table:table-row\b[^>]*>/, `<table:table-cell office:value-type="string" office:string-value="${MARK}" calcext:value-type="string" xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0"/>`),
  notelabel: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>/, `<text:p>正文<text:note text:id="ftn99" text:note-class="footnote"><text:note-citation text:label="${MARK}">${MARK}</text:note-citation><text:note-body><text:p>注释</text:p></text:note-body></text:note></text:p>`),
  masterheader: (f) => insert(f, 'styles.xml', /<style:master-page\b[^>]*>/, `<style:header><text:p>${MARK}</text:p></style:header>`),
  indexmark: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>/, `<text:p>年度总结<text:alphabetical-index-mark text:string-value="${MARK}"/></text:p>`),
  tocmark: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>/, `<text:p>年度总结<text:toc-mark text:string-value="${MARK}" text:outline-level="1"/></text:p>`),
  biblio: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>/, `<text:p>见<text:bibliography-mark text:identifier="Z1" text:bibliography-type="book" text:title="${MARK}" text:author="张伟">[Z1]</text:bibliography-mark></text:p>`),
  dropdown: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>/, `<text:p>密级：<text:drop-down text:name="密级"><text:label text:value="公开"/><text:label text:value="${MARK}"/>公开</text:drop-down></text:p>`),
  script: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>/, `<text:p><text:script script:language="JavaScript" xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0">// ${MARK}</text:script></text:p>`),
  footerdecl: (f) => insert(f, 'content.xml', /<office:presentation\b[^>]*>/, `<presentation:footer-decl presentation:name="ftr1" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0">${MARK}</presentation:footer-decl>`),
  masterframe: (f) => insert(f, 'styles.xml', /<style:master-page\b[^>]*>/, `<draw:frame draw:layer="backgroundobjects" svg:width="10cm" svg:height="2cm" svg:x="1cm" svg:y="1cm" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"><draw:text-box><text:p>${MARK}</text:p></draw:text-box></draw:frame>`),
  printheader: (f) => insert(f, 'styles.xml', /<style:master-page\b[^>]*>/, `<style:header><style:region-left><text:p>${MARK}</text:p></style:region-left></style:header>`),
  hiddensection: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>/, `<text:section text:name="附录" text:display="none"><text:p>${MARK}</text:p></text:section>`),
  metafield: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>/, `<text:p><text:meta xml:id="pp1" xhtml:about="" xhtml:property="dc:subject" xhtml:content="${MARK}" xmlns:xhtml="http://www.w3.org/1999/xhtml">公开</text:meta></text:p>`),
  namedexpr: (f) => insert(f, 'content.xml', /<\/office:spreadsheet>/, `<table:named-expressions><table:named-expression table:name="密级" table:expression="of:=&quot;${MARK}&quot;"/></table:named-expressions>`, true),
  annotation: (f) => insert(f, 'content.xml', /<text:p\b[^>]*>/, `<office:annotation><dc:creator>张伟</dc:creator><text:p>${MARK}</text:p></office:annotation>`),
  tooltip: (f) => insert(f, 'content.xml', /<office:text\b[^>]*>/, `<text:p><text:a xlink:type="simple" xlink:href="#top" office:title="${MARK}">返回目录</text:a></text:p>`),
};

/** RTF: \uN? escapes of the marking. */
const rtfU = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 128 ? c : `\\u${c.charCodeAt(0) > 32767 ? c.charCodeAt(0) - 65536 : c.charCodeAt(0)}?`)).join('');
const RM = rtfU(MARK);
const rtf: Record<string, (s: string) => string | undefined> = {
  info: (s) => s.replace(/\{\\info\b/, `{\\info{\\title ${RM}}`).replace(/^(\{\\rtf1[^{]*)/, (m) => (/\{\\info\b/.test(s) ? m : `${m}{\\info{\\title ${RM}}}`)),
  doccomm: (s) => s.replace(/^(\{\\rtf1[^{]*)/, `$1{\\info{\\doccomm ${RM}}{\\keywords ${RM}}}`),
  userprops: (s) => s.replace(/^(\{\\rtf1[^{]*)/, `$1{\\*\\userprops {\\propname \\u23494?\\u32423?}\\proptype30{\\staticval ${RM}}}`),
  docvar: (s) => s.replace(/^(\{\\rtf1[^{]*)/, `$1{\\*\\docvar {PPLevel}{${RM}}}`),
  annotation: (s) => bodyRtf(s, `{\\*\\atnid ZW}{\\*\\atnauthor \\u24352?\\u20255?}\\chatn {\\*\\annotation \\pard\\plain ${RM}}`),
  tooltip: (s) => bodyRtf(s, `{\\field{\\*\\fldinst HYPERLINK \\\\l "top" \\\\o "${RM}"}{\\fldrslt \\u36820?\\u22238?}}\\par `),
  wordart: (s) => bodyRtf(s, `{\\shp{\\*\\shpinst\\shpleft0\\shptop0\\shpright4000\\shpbottom1000\\shpz0{\\sp{\\sn shapeType}{\\sv 136}}{\\sp{\\sn gtextUNICODE}{\\sv ${RM}}}{\\sp{\\sn fGtext}{\\sv 1}}}}\\par `),
  shpdescr: (s) => bodyRtf(s, `{\\shp{\\*\\shpinst\\shpleft0\\shptop0\\shpright400\\shpbottom400\\shpz0{\\sp{\\sn shapeType}{\\sv 75}}{\\sp{\\sn wzDescription}{\\sv ${RM}}}}}\\par `),
  ffhelp: (s) => bodyRtf(s, `{\\field{\\*\\fldinst {FORMTEXT {\\*\\formfield{\\fftype0\\ffownhelp\\ffownstat{\\*\\ffname Text1}{\\*\\ffhelptext ${RM}}{\\*\\ffstattext ${RM}}}}}}{\\fldrslt      }}\\par `),
  deleted: (s) => bodyRtf(s, `{\\deleted\\revauthdel1 ${RM}}\\par `),
  hidden: (s) => bodyRtf(s, `{\\v ${RM}}\\par `),
  pntext: (s) => bodyRtf(s, `{\\pntext ${RM}\\tab}{\\*\\pn \\pnlvlblt{\\pntxtb ${RM}}}\\u26412?\\u36890?\\u30693?\\par `),
  listtext: (s) => bodyRtf(s, `{\\listtext ${RM}\\tab}\\u26412?\\u36890?\\u30693?\\par `),
  quotefield: (s) => bodyRtf(s, `{\\field{\\*\\fldinst QUOTE "${RM}"}{\\fldrslt }}\\par `),
  header: (s) => bodyRtf(s, `{\\header \\pard\\plain ${RM}\\par}`),
  gbkfont: (s) => s.replace(/\{\\fonttbl/, `{\\fonttbl{\\f99\\fnil\\fcharset134 \\'cb\\'ce\\'cc\\'e5;}`).replace(/\\pard\b/, `\\pard {\\f99 \\'bb\\'fa\\'c3\\'dc\\'a1\\'ef5\\'c4\\'ea}\\par \\pard`),
  upr: (s) => bodyRtf(s, `{\\upr{\\'3f\\'3f\\'3f5\\'3f}{\\*\\ud{${RM}}}}\\par `),
  htmltag: (s) => bodyRtf(s, `{\\*\\htmltag64 <p title="${RM}">}\\htmlrtf {\\htmlrtf0 \\u36820?\\u22238?}{\\*\\htmltag72 </p>}\\par `),
  uc0: (s) => bodyRtf(s, `{\\uc0 \\u26426\\u23494\\u9733 5\\u24180 }\\par `),
};
function bodyRtf(s: string, what: string): string | undefined {
  // Before the first \pard (the body's first paragraph), else before the closing brace.
  const i = s.search(/\\pard\b/);
  if (i >= 0) return s.slice(0, i) + '\\pard ' + what + s.slice(i);
  const j = s.lastIndexOf('}');
  return j > 0 ? s.slice(0, j) + what + s.slice(j) : undefined;
}

const u16 = (t: string) => Buffer.concat([Buffer.from(t, 'utf16le'), Buffer.alloc(2)]);
/** Compound files (.doc, .xls, .msg): streams added beside the document's own. */
const cfbEdits: Record<string, (c: any, ext: string) => boolean> = {
  stream_u16: (c) => (CFB.utils.cfb_add(c, '/PPNotes', u16(`备注：${MARK}`)), true),
  stream_utf8: (c) => (CFB.utils.cfb_add(c, '/PPNotes', Buffer.from(`备注：${MARK}`)), true),
  datastore: (c, ext) => ext !== 'msg' && (CFB.utils.cfb_add(c, '/MsoDataStore/PP1/Item', Buffer.from(`<?xml version="1.0"?><公文><密级>${MARK}</密级></公文>`)), true),
  objstorage: (c, ext) => ext !== 'msg' && (CFB.utils.cfb_add(c, '/PPStorage/\x01CompObj', Buffer.from([1, 0, 0xfe, 0xff])), CFB.utils.cfb_add(c, '/PPStorage/Text', u16(MARK)), true),
  msg_named: (c, ext) => ext === 'msg' && (CFB.utils.cfb_add(c, '/__substg1.0_8001001F', u16(MARK)), true),
  msg_topic: (c, ext) => ext === 'msg' && (CFB.utils.cfb_add(c, '/__substg1.0_0070001F', u16(MARK)), true),
  msg_binary: (c, ext) => ext === 'msg' && (CFB.utils.cfb_add(c, '/__substg1.0_80030102', u16(MARK)), true),
  msg_keywords: (c, ext) => ext === 'msg' && (CFB.utils.cfb_add(c, '/__substg1.0_8002101F-00000000', u16(MARK)), true),
};

/** E-mail: parts and headers of kinds a reader may skip, around the message's own text. */
const b64 = (t: string) => Buffer.from(t).toString('base64');
const emlParts: Record<string, string[]> = {
  ics: [`Content-Type: text/calendar; charset=utf-8; method=REQUEST\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(`BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:${MARK}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`)}`],
  vcard: [`Content-Type: text/x-vcard; charset=utf-8; name="card.vcf"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(`BEGIN:VCARD\r\nVERSION:3.0\r\nFN:张伟\r\nNOTE:${MARK}\r\nEND:VCARD\r\n`)}`],
  rfc2231: [`Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*=UTF-8''${encodeURIComponent(`${MARK}.bin`)}\r\nContent-Transfer-Encoding: base64\r\n\r\nAAEC`],
  description: [`Content-Type: text/plain; charset=utf-8\r\nContent-Description: =?UTF-8?B?${b64(MARK)}?=\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64('附件说明')}`],
  htmlattr: [`Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(`<html><body><p title="${MARK}">附件</p></body></html>`)}`],
  nested: [`Content-Type: message/rfc822\r\n\r\nFrom: a@example.cn\r\nSubject: =?UTF-8?B?${b64(MARK)}?=\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello`],
  enriched: [`Content-Type: text/enriched; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(`<bold>${MARK}</bold>`)}`],
  octet: [`Content-Type: application/octet-stream; name="note.dat"\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64(`${MARK}\r\n会议纪要`)}`],
  utf16: [`Content-Type: text/plain; charset=utf-16\r\nContent-Transfer-Encoding: base64\r\n\r\n${Buffer.from(`\ufeff${MARK}`, 'utf16le').toString('base64')}`],
  preamble: [],
  epilogue: [],
  keywords: [],
  xheader: [],
};
function emlStructures(bytes: Uint8Array): Array<[string, Uint8Array]> {
  const s = Buffer.from(bytes).toString('latin1');
  const end = s.search(/\r?\n\r?\n/);
  if (end < 0) return [];
  // The message's own headers (less its MIME ones), then a multipart body of our own.
  const own = s.slice(0, end).split(/\r?\n(?![ \t])/).filter((h) => !/^(content-|mime-version)/i.test(h)).join('\r\n');
  const out: Array<[string, Uint8Array]> = [];
  for (const [k, parts] of Object.entries(emlParts)) {
    const B = '----=_PPboundary_01';
    const extra = k === 'keywords' ? `Keywords: =?UTF-8?B?${b64(MARK)}?=\r\n` : k === 'xheader' ? `X-Classification: =?UTF-8?B?${b64(MARK)}?=\r\n` : '';
    let m = `${own}\r\nMIME-Version: 1.0\r\n${extra}Content-Type: multipart/mixed; boundary="${B}"\r\n\r\n${k === 'preamble' ? MARK : 'This is a multi-part message in MIME format.'}\r\n`;
    m += `--${B}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n${b64('各位同事：\n请于周五前提交年度工作总结。\n办公室')}\r\n`;
    for (const p of parts) m += `--${B}\r\n${p}\r\n`;
    m += `--${B}--\r\n${k === 'epilogue' ? `${MARK}\r\n` : ''}`;
    out.push([`s_eml_${k}`, new Uint8Array(Buffer.from(m, 'utf8'))]);
  }
  return out;
}

export function structureVariants(bytes: Uint8Array, fileName: string): Array<[string, Uint8Array]> {
  const out: Array<[string, Uint8Array]> = [];
  if (/\.eml$/i.test(fileName)) return emlStructures(bytes);
  if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
    const ext = /\.msg$/i.test(fileName) ? 'msg' : 'office';
    for (const [k, e] of Object.entries(cfbEdits)) {
      try {
        const c = CFB.read(Buffer.from(bytes), { type: 'buffer' });
        if (!e(c, ext)) continue;
        out.push([`s_cfb_${k}`, new Uint8Array(CFB.write(c, { type: 'buffer' }))]);
      } catch {
        // A compound file cfb cannot read or write: no variant.
      }
    }
    return out;
  }
  if (/\.rtf$/i.test(fileName)) {
    const s = Buffer.from(bytes).toString('latin1');
    for (const [k, e] of Object.entries(rtf)) {
      const next = e(s);
      if (next && next !== s) out.push([`s_rtf_${k}`, Buffer.from(next, 'latin1')]);
    }
    return out;
  }
  let files: Files;
  try {
    files = unzipSync(bytes);
  } catch {
    return out;
  }
  const set = files['content.xml'] && files['mimetype'] ? odf : files['ppt/presentation.xml'] ? pptx : files['xl/workbook.xml'] ? xlsx : /word\//.test(Object.keys(files).join(' ')) ? docx : undefined;
  if (!set) return out;
  for (const [k, e] of Object.entries(set)) {
    const copy: Files = { ...files };
    try {
      if (!e(copy)) continue;
    } catch {
      continue;
    }
    // ODF keeps mimetype first and stored.
    const zipped = copy['mimetype'] ? zipSync({ mimetype: [copy['mimetype'], { level: 0 }], ...Object.fromEntries(Object.entries(copy).filter(([n]) => n !== 'mimetype')) }) : zipSync(copy);
    out.push([`s_${k}`, zipped]);
  }
  return out;
}
