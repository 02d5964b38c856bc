/**
 * Writes small, valid XLSX and PPTX packages from a description, for tests and the committed
 * samples: SpreadsheetML / PresentationML written as XML strings and zipped with fflate. Output is
 * deterministic (fixed timestamps), so regenerated samples are byte-identical.
 */
import CFB from 'cfb';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const S = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const A = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const P = 'http://schemas.openxmlformats.org/presentationml/2006/main';
const XDR = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MTIME = new Date('2024-05-08T00:00:00Z');

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

type Files = Record<string, string | Uint8Array>;

function zip(files: Files): Uint8Array {
  const z: Record<string, [Uint8Array, { mtime: Date; level: 6 | 0 }]> = {};
  for (const [name, data] of Object.entries(files)) z[name] = [typeof data === 'string' ? strToU8(data) : data, { mtime: MTIME, level: 6 }];
  return zipSync(z as never);
}

function rels(list: Array<{ id: string; type: string; target: string; external?: boolean }>): string {
  return `${DECL}<Relationships xmlns="${PKG_REL}">${list.map((r) => `<Relationship Id="${r.id}" Type="${REL}/${r.type}" Target="${esc(r.target)}"${r.external ? ' TargetMode="External"' : ''}/>`).join('')}</Relationships>`;
}

function contentTypes(overrides: Record<string, string>, defaults: Record<string, string> = {}): string {
  const d = { rels: 'application/vnd.openxmlformats-package.relationships+xml', xml: 'application/xml', png: 'image/png', bin: 'application/vnd.openxmlformats-officedocument.oleObject', ...defaults };
  return `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">${Object.entries(d).map(([e, t]) => `<Default Extension="${e}" ContentType="${t}"/>`).join('')}${Object.entries(overrides).map(([p, t]) => `<Override PartName="/${p}" ContentType="${t}"/>`).join('')}</Types>`;
}

function coreProps(p: { title?: string; subject?: string; creator?: string; keywords?: string } = {}): string {
  const f = (k: string, v?: string) => (v ? `<${k}>${esc(v)}</${k}>` : '');
  return `${DECL}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">${f('dc:title', p.title)}${f('dc:subject', p.subject)}${f('dc:creator', p.creator ?? '江临市办公室')}${f('cp:keywords', p.keywords)}</cp:coreProperties>`;
}

/** A cell: a string (shared by default), a number, or a formula with its cached result. */
export type Cell = string | number | null | { inline: string } | { formula: string; cached: string | number };

export interface SheetSpec {
  name: string;
  state?: 'hidden' | 'veryHidden';
  rows: Cell[][];
  /** First row number (default 1). */
  startRow?: number;
  comments?: Array<{ ref: string; author: string; text: string }>;
  threaded?: Array<{ ref: string; text: string }>;
  header?: string;
  footer?: string;
  validation?: { sqref: string; list?: string[]; prompt?: string; promptTitle?: string };
  textBox?: string;
  picture?: { png: Uint8Array; descr?: string };
  oleObject?: Uint8Array;
  embeddedPackage?: { name: string; bytes: Uint8Array };
}

export interface WorkbookSpec {
  sheets: SheetSpec[];
  definedNames?: Array<{ name: string; value: string }>;
  props?: { title?: string; subject?: string; keywords?: string };
}

const colName = (n: number): string => {
  let s = '';
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
};

/** An XLSX workbook. */
export function xlsx(spec: WorkbookSpec): Uint8Array {
  const files: Files = {};
  const sst: string[] = [];
  const sstIndex = new Map<string, number>();
  const shared = (s: string) => {
    let i = sstIndex.get(s);
    if (i === undefined) sstIndex.set(s, (i = sst.length)), sst.push(s);
    return i;
  };
  const overrides: Record<string, string> = {
    'xl/workbook.xml': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml',
    'xl/sharedStrings.xml': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml',
    'docProps/core.xml': 'application/vnd.openxmlformats-package.core-properties+xml',
  };
  const wbRels: Array<{ id: string; type: string; target: string }> = [];
  spec.sheets.forEach((sh, i) => {
    const n = i + 1;
    const path = `xl/worksheets/sheet${n}.xml`;
    overrides[path] = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
    wbRels.push({ id: `rId${n}`, type: 'worksheet', target: `worksheets/sheet${n}.xml` });
    const start = sh.startRow ?? 1;
    const rows = sh.rows
      .map((row, r) => {
        const rn = start + r;
        const cells = row
          .map((c, ci) => {
            if (c === null) return '';
            const ref = `${colName(ci + 1)}${rn}`;
            if (typeof c === 'number') return `<c r="${ref}"><v>${c}</v></c>`;
            if (typeof c === 'string') return `<c r="${ref}" t="s"><v>${shared(c)}</v></c>`;
            if ('inline' in c) return `<c r="${ref}" t="inlineStr"><is><t>${esc(c.inline)}</t></is></c>`;
            return `<c r="${ref}"${typeof c.cached === 'string' ? ' t="str"' : ''}><f>${esc(c.formula)}</f><v>${esc(String(c.cached))}</v></c>`;
          })
          .join('');
        return `<row r="${rn}">${cells}</row>`;
      })
      .join('');
    const sheetRels: Array<{ id: string; type: string; target: string }> = [];
    let tail = '';
    if (sh.validation) {
      const v = sh.validation;
      tail += `<dataValidations count="1"><dataValidation type="list" allowBlank="1" showInputMessage="1" sqref="${v.sqref}"${v.prompt ? ` promptTitle="${esc(v.promptTitle ?? '说明')}" prompt="${esc(v.prompt)}"` : ''}>${v.list ? `<formula1>"${esc(v.list.join(','))}"</formula1>` : ''}</dataValidation></dataValidations>`;
    }
    if (sh.header || sh.footer) tail += `<headerFooter>${sh.header ? `<oddHeader>${esc(sh.header)}</oddHeader>` : ''}${sh.footer ? `<oddFooter>${esc(sh.footer)}</oddFooter>` : ''}</headerFooter>`;
    if (sh.textBox || sh.picture) {
      const d = `xl/drawings/drawing${n}.xml`;
      overrides[d] = 'application/vnd.openxmlformats-officedocument.drawing+xml';
      sheetRels.push({ id: 'rIdD', type: 'drawing', target: `../drawings/drawing${n}.xml` });
      tail += '<drawing r:id="rIdD"/>';
      const anchors: string[] = [];
      const drels: Array<{ id: string; type: string; target: string }> = [];
      if (sh.textBox) anchors.push(`<xdr:twoCellAnchor><xdr:from><xdr:col>4</xdr:col><xdr:row>1</xdr:row></xdr:from><xdr:to><xdr:col>8</xdr:col><xdr:row>4</xdr:row></xdr:to><xdr:sp><xdr:nvSpPr><xdr:cNvPr id="2" name="TextBox 1"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr/><xdr:txBody><a:bodyPr/><a:p><a:r><a:t>${esc(sh.textBox)}</a:t></a:r></a:p></xdr:txBody></xdr:sp><xdr:clientData/></xdr:twoCellAnchor>`);
      if (sh.picture) {
        files[`xl/media/image${n}.png`] = sh.picture.png;
        drels.push({ id: 'rIdI', type: 'image', target: `../media/image${n}.png` });
        anchors.push(`<xdr:oneCellAnchor><xdr:from><xdr:col>0</xdr:col><xdr:row>6</xdr:row></xdr:from><xdr:ext cx="5000000" cy="3000000"/><xdr:pic><xdr:nvPicPr><xdr:cNvPr id="3" name="Picture 2"${sh.picture.descr ? ` descr="${esc(sh.picture.descr)}"` : ''}/><xdr:cNvPicPr/></xdr:nvPicPr><xdr:blipFill><a:blip r:embed="rIdI"/></xdr:blipFill><xdr:spPr/></xdr:pic><xdr:clientData/></xdr:oneCellAnchor>`);
      }
      files[d] = `${DECL}<xdr:wsDr xmlns:xdr="${XDR}" xmlns:a="${A}" xmlns:r="${REL}">${anchors.join('')}</xdr:wsDr>`;
      if (drels.length) files[`xl/drawings/_rels/drawing${n}.xml.rels`] = rels(drels);
    }
    if (sh.comments?.length) {
      const c = `xl/comments${n}.xml`;
      overrides[c] = 'application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml';
      sheetRels.push({ id: 'rIdC', type: 'comments', target: `../comments${n}.xml` });
      const authors = [...new Set(sh.comments.map((x) => x.author))];
      files[c] = `${DECL}<comments xmlns="${S}"><authors>${authors.map((a) => `<author>${esc(a)}</author>`).join('')}</authors><commentList>${sh.comments.map((x) => `<comment ref="${x.ref}" authorId="${authors.indexOf(x.author)}"><text><r><t>${esc(x.text)}</t></r></text></comment>`).join('')}</commentList></comments>`;
    }
    if (sh.threaded?.length) {
      const t = `xl/threadedComments/threadedComment${n}.xml`;
      overrides[t] = 'application/vnd.ms-excel.threadedcomments+xml';
      sheetRels.push({ id: 'rIdT', type: 'threadedComment', target: `../threadedComments/threadedComment${n}.xml` });
      files[t] = `${DECL}<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments">${sh.threaded.map((x, k) => `<threadedComment ref="${x.ref}" dT="2024-05-08T09:00:00.00" personId="{00000000-0000-0000-0000-000000000001}" id="{00000000-0000-0000-0000-00000000000${k + 1}}"><text>${esc(x.text)}</text></threadedComment>`).join('')}</ThreadedComments>`;
    }
    if (sh.oleObject) {
      files[`xl/embeddings/oleObject${n}.bin`] = sh.oleObject;
      sheetRels.push({ id: 'rIdO', type: 'oleObject', target: `../embeddings/oleObject${n}.bin` });
      tail += '<oleObjects><oleObject progId="Package" shapeId="1025" r:id="rIdO"/></oleObjects>';
    }
    if (sh.embeddedPackage) {
      files[`xl/embeddings/${sh.embeddedPackage.name}`] = sh.embeddedPackage.bytes;
      sheetRels.push({ id: 'rIdP', type: 'package', target: `../embeddings/${sh.embeddedPackage.name}` });
      tail += '<oleObjects><oleObject progId="Word.Document.12" shapeId="1026" r:id="rIdP"/></oleObjects>';
    }
    files[path] = `${DECL}<worksheet xmlns="${S}" xmlns:r="${REL}"><sheetData>${rows}</sheetData>${tail}</worksheet>`;
    if (sheetRels.length) files[`xl/worksheets/_rels/sheet${n}.xml.rels`] = rels(sheetRels);
  });
  wbRels.push({ id: 'rIdS', type: 'sharedStrings', target: 'sharedStrings.xml' });
  const sheets = spec.sheets.map((sh, i) => `<sheet name="${esc(sh.name)}" sheetId="${i + 1}"${sh.state ? ` state="${sh.state}"` : ''} r:id="rId${i + 1}"/>`).join('');
  const names = spec.definedNames?.length ? `<definedNames>${spec.definedNames.map((d) => `<definedName name="${esc(d.name)}">${esc(d.value)}</definedName>`).join('')}</definedNames>` : '';
  files['xl/workbook.xml'] = `${DECL}<workbook xmlns="${S}" xmlns:r="${REL}"><sheets>${sheets}</sheets>${names}</workbook>`;
  files['xl/_rels/workbook.xml.rels'] = rels(wbRels);
  files['xl/sharedStrings.xml'] = `${DECL}<sst xmlns="${S}" count="${sst.length}" uniqueCount="${sst.length}">${sst.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`;
  files['docProps/core.xml'] = coreProps(spec.props);
  files['_rels/.rels'] = rels([
    { id: 'rId1', type: 'officeDocument', target: 'xl/workbook.xml' },
    { id: 'rId2', type: 'metadata/core-properties', target: 'docProps/core.xml' },
  ]).replace(`${REL}/metadata/core-properties`, 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties');
  files['[Content_Types].xml'] = contentTypes(overrides);
  // [Content_Types].xml first, as Office writes it.
  const ordered: Files = { '[Content_Types].xml': files['[Content_Types].xml'] };
  for (const k of Object.keys(files)) if (!(k in ordered)) ordered[k] = files[k];
  return zip(ordered);
}

/** A shape: a text box (paragraphs), a table, a group of shapes, a picture. */
export type Shape =
  | { text: string[]; hidden?: boolean; name?: string; /** Position and size in EMU: x, y, width, height. */ at?: [number, number, number, number] }
  | { table: string[][] }
  | { group: Shape[] }
  | { picture: Uint8Array; descr?: string };

export interface SlideSpec {
  shapes: Shape[];
  hidden?: boolean;
  notes?: string;
  comments?: string[];
  oleObject?: Uint8Array;
  /** Left out of the presentation's slide list (the part and its relationship stay). */
  unlisted?: boolean;
}

export interface PresentationSpec {
  slides: SlideSpec[];
  /** Text drawn by the slide master (a footer on every slide). */
  masterText?: string;
  props?: { title?: string; subject?: string; keywords?: string };
}

/** A PPTX presentation. */
export function pptx(spec: PresentationSpec): Uint8Array {
  const files: Files = {};
  const overrides: Record<string, string> = {
    'ppt/presentation.xml': 'application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml',
    'ppt/slideMasters/slideMaster1.xml': 'application/vnd.openxmlformats-officedocument.presentationml.slideMaster+xml',
    'ppt/slideLayouts/slideLayout1.xml': 'application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml',
    'docProps/core.xml': 'application/vnd.openxmlformats-package.core-properties+xml',
  };
  let nextId = 2;
  const shapeXml = (s: Shape, slideRels: Array<{ id: string; type: string; target: string }>, n: number): string => {
    const id = nextId++;
    if ('text' in s) {
      return `<p:sp><p:nvSpPr><p:cNvPr id="${id}" name="${esc(s.name ?? `TextBox ${id}`)}"${s.hidden ? ' hidden="1"' : ''}/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr>${s.at ? `<p:spPr><a:xfrm><a:off x="${s.at[0]}" y="${s.at[1]}"/><a:ext cx="${s.at[2]}" cy="${s.at[3]}"/></a:xfrm></p:spPr>` : '<p:spPr/>'}<p:txBody><a:bodyPr/>${s.text.map((t) => `<a:p><a:r><a:rPr lang="zh-CN"/><a:t>${esc(t)}</a:t></a:r></a:p>`).join('')}</p:txBody></p:sp>`;
    }
    if ('table' in s) {
      const rows = s.table.map((r) => `<a:tr h="370840">${r.map((c) => `<a:tc><a:txBody><a:bodyPr/><a:p><a:r><a:t>${esc(c)}</a:t></a:r></a:p></a:txBody></a:tc>`).join('')}</a:tr>`).join('');
      return `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="${id}" name="Table ${id}"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblGrid>${s.table[0].map(() => '<a:gridCol w="2000000"/>').join('')}</a:tblGrid>${rows}</a:tbl></a:graphicData></a:graphic></p:graphicFrame>`;
    }
    if ('group' in s) return `<p:grpSp><p:nvGrpSpPr><p:cNvPr id="${id}" name="Group ${id}"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${s.group.map((g) => shapeXml(g, slideRels, n)).join('')}</p:grpSp>`;
    const rid = `rIdImg${id}`;
    files[`ppt/media/image${n}-${id}.png`] = s.picture;
    slideRels.push({ id: rid, type: 'image', target: `../media/image${n}-${id}.png` });
    return `<p:pic><p:nvPicPr><p:cNvPr id="${id}" name="Picture ${id}"${s.descr ? ` descr="${esc(s.descr)}"` : ''}/><p:cNvPicPr/><p:nvPr/></p:nvPicPr><p:blipFill><a:blip r:embed="${rid}"/></p:blipFill><p:spPr/></p:pic>`;
  };
  const tree = (inner: string) => `<p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${inner}</p:spTree></p:cSld>`;
  const presRels: Array<{ id: string; type: string; target: string }> = [{ id: 'rIdM', type: 'slideMaster', target: 'slideMasters/slideMaster1.xml' }];
  spec.slides.forEach((sl, i) => {
    const n = i + 1;
    nextId = 2;
    const path = `ppt/slides/slide${n}.xml`;
    overrides[path] = 'application/vnd.openxmlformats-officedocument.presentationml.slide+xml';
    presRels.push({ id: `rId${n}`, type: 'slide', target: `slides/slide${n}.xml` });
    const slideRels: Array<{ id: string; type: string; target: string }> = [{ id: 'rIdL', type: 'slideLayout', target: '../slideLayouts/slideLayout1.xml' }];
    let inner = sl.shapes.map((s) => shapeXml(s, slideRels, n)).join('');
    if (sl.oleObject) {
      files[`ppt/embeddings/oleObject${n}.bin`] = sl.oleObject;
      slideRels.push({ id: 'rIdO', type: 'oleObject', target: `../embeddings/oleObject${n}.bin` });
      inner += `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="90" name="Object 1"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole"><p:oleObj progId="Package" r:id="rIdO"/></a:graphicData></a:graphic></p:graphicFrame>`;
    }
    files[path] = `${DECL}<p:sld xmlns:a="${A}" xmlns:r="${REL}" xmlns:p="${P}"${sl.hidden ? ' show="0"' : ''}>${tree(inner)}</p:sld>`;
    if (sl.notes) {
      const np = `ppt/notesSlides/notesSlide${n}.xml`;
      overrides[np] = 'application/vnd.openxmlformats-officedocument.presentationml.notesSlide+xml';
      slideRels.push({ id: 'rIdN', type: 'notesSlide', target: `../notesSlides/notesSlide${n}.xml` });
      files[np] = `${DECL}<p:notes xmlns:a="${A}" xmlns:r="${REL}" xmlns:p="${P}">${tree(`<p:sp><p:nvSpPr><p:cNvPr id="3" name="Notes Placeholder 2"/><p:cNvSpPr/><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>${esc(sl.notes)}</a:t></a:r></a:p></p:txBody></p:sp>`)}</p:notes>`;
      files[`ppt/notesSlides/_rels/notesSlide${n}.xml.rels`] = rels([{ id: 'rId1', type: 'slide', target: `../slides/slide${n}.xml` }]);
    }
    if (sl.comments?.length) {
      const cp = `ppt/comments/comment${n}.xml`;
      overrides[cp] = 'application/vnd.openxmlformats-officedocument.presentationml.comments+xml';
      slideRels.push({ id: 'rIdC', type: 'comments', target: `../comments/comment${n}.xml` });
      files[cp] = `${DECL}<p:cmLst xmlns:p="${P}">${sl.comments.map((c, k) => `<p:cm authorId="0" dt="2024-05-08T09:00:00" idx="${k + 1}"><p:pos x="10" y="10"/><p:text>${esc(c)}</p:text></p:cm>`).join('')}</p:cmLst>`;
    }
    files[`ppt/slides/_rels/slide${n}.xml.rels`] = rels(slideRels);
  });
  const masterInner = spec.masterText
    ? `<p:sp><p:nvSpPr><p:cNvPr id="5" name="Footer Placeholder 4"/><p:cNvSpPr/><p:nvPr><p:ph type="ftr" idx="11"/></p:nvPr></p:nvSpPr><p:spPr/><p:txBody><a:bodyPr/><a:p><a:r><a:t>${esc(spec.masterText)}</a:t></a:r></a:p></p:txBody></p:sp>`
    : '';
  files['ppt/slideMasters/slideMaster1.xml'] = `${DECL}<p:sldMaster xmlns:a="${A}" xmlns:r="${REL}" xmlns:p="${P}">${tree(masterInner)}<p:sldLayoutIdLst><p:sldLayoutId id="2147483649" r:id="rId1"/></p:sldLayoutIdLst></p:sldMaster>`;
  files['ppt/slideMasters/_rels/slideMaster1.xml.rels'] = rels([{ id: 'rId1', type: 'slideLayout', target: '../slideLayouts/slideLayout1.xml' }]);
  files['ppt/slideLayouts/slideLayout1.xml'] = `${DECL}<p:sldLayout xmlns:a="${A}" xmlns:r="${REL}" xmlns:p="${P}" type="blank">${tree('')}</p:sldLayout>`;
  files['ppt/slideLayouts/_rels/slideLayout1.xml.rels'] = rels([{ id: 'rId1', type: 'slideMaster', target: '../slideMasters/slideMaster1.xml' }]);
  files['ppt/presentation.xml'] = `${DECL}<p:presentation xmlns:a="${A}" xmlns:r="${REL}" xmlns:p="${P}"><p:sldMasterIdLst><p:sldMasterId id="2147483648" r:id="rIdM"/></p:sldMasterIdLst><p:sldIdLst>${spec.slides.map((sl, i) => (sl.unlisted ? '' : `<p:sldId id="${256 + i}" r:id="rId${i + 1}"/>`)).join('')}</p:sldIdLst><p:sldSz cx="12192000" cy="6858000"/></p:presentation>`;
  files['ppt/_rels/presentation.xml.rels'] = rels(presRels);
  files['docProps/core.xml'] = coreProps(spec.props);
  files['_rels/.rels'] = rels([
    { id: 'rId1', type: 'officeDocument', target: 'ppt/presentation.xml' },
    { id: 'rId2', type: 'metadata/core-properties', target: 'docProps/core.xml' },
  ]).replace(`${REL}/metadata/core-properties`, 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties');
  files['[Content_Types].xml'] = contentTypes(overrides);
  const ordered: Files = { '[Content_Types].xml': files['[Content_Types].xml'] };
  for (const k of Object.keys(files)) if (!(k in ordered)) ordered[k] = files[k];
  return zip(ordered);
}

/** A password-protected Office container (OLE with EncryptionInfo and EncryptedPackage), payload deterministic noise. */
export function encryptedOffice(seed = 20240508): Uint8Array {
  const cfb = CFB.utils.cfb_new();
  const xml = `${DECL}<encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"><keyData saltSize="16" blockSize="16" keyBits="256" hashSize="64" cipherAlgorithm="AES" cipherChaining="ChainingModeCBC" hashAlgorithm="SHA512" saltValue="c2FsdHNhbHRzYWx0c2FsdA=="/></encryption>`;
  const info = Buffer.concat([Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]), Buffer.from(xml)]);
  const payload = Buffer.alloc(8 + 8192);
  payload.writeUInt32LE(8000, 0);
  for (let i = 8; i < payload.length; i++) payload[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  CFB.utils.cfb_add(cfb, '/EncryptionInfo', info);
  CFB.utils.cfb_add(cfb, '/EncryptedPackage', payload);
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

/** A minimal OLE object (an embedded package of an old Office file), content not readable by prepub. */
export function oleObject(): Uint8Array {
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, '/\u0001Ole10Native', Buffer.from('prepub test object'));
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

/**
 * `pkg` with `parts` added and linked from the part `from` (relationships of `type`, a full URI or
 * a name under the officeDocument relationships, to `target` relative to `from`).
 */
export function addLinkedParts(pkg: Uint8Array, from: string, parts: Record<string, string>, links: Array<[type: string, target: string]>): Uint8Array {
  const files = unzipSync(pkg);
  const relsPath = from.replace(/([^/]+)$/, '_rels/$1.rels');
  const old = files[relsPath] ? strFromU8(files[relsPath]) : `${DECL}<Relationships xmlns="${PKG_REL}"></Relationships>`;
  const added = links.map(([type, target], i) => `<Relationship Id="rIdLinked${i}" Type="${type.includes('/') ? type : `${REL}/${type}`}" Target="${esc(target)}"/>`).join('');
  files[relsPath] = strToU8(old.replace('</Relationships>', `${added}</Relationships>`));
  for (const [k, v] of Object.entries(parts)) files[k] = strToU8(v);
  return zipSync(files);
}

/** `pkg` with the part `name` rewritten by `edit` (a test's own markup in a written package). */
export function rewritePart(pkg: Uint8Array, name: string, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(pkg);
  files[name] = strToU8(edit(strFromU8(files[name])));
  return zipSync(files);
}

/** An OLE object (compound file) wrapping `bytes` in a `Package` stream, as Office embeds a package of another application. */
export function olePackage(bytes: Uint8Array): Uint8Array {
  const cfb = CFB.utils.cfb_new();
  CFB.utils.cfb_add(cfb, '/\u0001CompObj', Buffer.from('compobj'));
  CFB.utils.cfb_add(cfb, '/Package', Buffer.from(bytes));
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
}
