/**
 * Red team with other people's documents: takes every DOCX, XLSX, PPTX, ODF, PDF, RTF, HTML and OFD file
 * of a peer mirror (bench/peers/mirror.sh; nothing of it is committed), inserts a Chinese marking
 * into each place its format has (header, footer, text box, comment, footnote, tracked deletion,
 * hidden text, properties, field results, alt text, chart title, embedded object, annotation, form
 * field, XMP, attachment, …), keeping the rest of the file as it was, and scans each mutated file
 * with the real scanner in child processes (the fuzz harness's lanes).
 *
 *   pnpm bench redteam <mirror-dir> [--jobs 1] [--max-per-format 60] [--twins] [--all-marks]
 *                      [--only docx,xlsx,…] [--site header,…] [--file name,…] [--out report.json] [--keep dir]
 *
 * A mutated file whose verdict is `pass` is a leak: a marking is intact in it. `review` without any
 * finding on the marking is counted apart (the marking went unseen, something else held the file).
 * With --twins each site is also filled with a benign text about secrecy (a 保密宣传月 notice), which
 * must not make the verdict worse than the untouched file's. --keep writes every leaking file there (and, prefixed unseen_, every file held for review without a finding on its marking).
 * Not part of CI: it needs a mirror folder and takes minutes.
 */
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { Lane } from './fuzz/harness.ts';
import { newEntry, readZip, writeZip, type RawEntry } from './fuzz/bytes.ts';
import { REPO } from './fuzz/seeds.ts';
import type { ScanReply } from './fuzz/worker.ts';
import { inflateRawSync } from 'node:zlib';
import { filesUnder } from './cli-args.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    jobs: { type: 'string', default: '1' },
    'max-per-format': { type: 'string', default: '60' },
    twins: { type: 'boolean', default: false },
    'all-marks': { type: 'boolean', default: false },
    only: { type: 'string' },
    site: { type: 'string' },
    file: { type: 'string' },
    out: { type: 'string' },
    keep: { type: 'string' },
    'file-timeout': { type: 'string', default: '30000' },
  },
});
const dir = positionals[0];
if (!dir) {
  console.error('usage: pnpm bench redteam <mirror-dir> [--jobs N] [--max-per-format N] [--twins] [--all-marks] [--only fmt,…] [--site s,…] [--file name,…] [--out f] [--keep dir]');
  process.exit(3);
}

/** The markings inserted, one per site in rotation (every one with --all-marks). */
export const MARKS = ['机密★5年', '绝密★长期', '秘密★10年', '机密★５年', '机 密 ★ 3 年', '機密★5年'];
/** The benign twin: text about secrecy, public by nature. */
const BENIGN = '我市开展保密宣传月活动，提高数据的机密性意识';

// ------------------------------------------------------------------ helpers

const enc = new TextEncoder();
const dec = new TextDecoder();
const escXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A ZIP package opened for editing: untouched entries keep their compressed bytes. */
class Pkg {
  private entries: RawEntry[];
  private changed = new Map<string, string | Uint8Array>();
  constructor(entries: RawEntry[]) {
    this.entries = entries;
  }
  static open(bytes: Uint8Array): Pkg | undefined {
    const e = readZip(bytes);
    return e ? new Pkg(e) : undefined;
  }
  has(name: string): boolean {
    return this.changed.has(name) || this.entries.some((e) => e.name === name);
  }
  names(): string[] {
    return [...new Set([...this.entries.map((e) => e.name), ...this.changed.keys()])];
  }
  text(name: string): string | undefined {
    const c = this.changed.get(name);
    if (c !== undefined) return typeof c === 'string' ? c : dec.decode(c);
    const e = this.entries.find((x) => x.name === name);
    if (!e) return undefined;
    if (e.method === 0) return dec.decode(e.data);
    if (e.method !== 8) return undefined;
    try {
      return dec.decode(inflateRawSync(e.data));
    } catch {
      return undefined;
    }
  }
  set(name: string, content: string | Uint8Array): void {
    this.changed.set(name, content);
  }
  bytes(): Uint8Array {
    const out: RawEntry[] = [];
    for (const e of this.entries) out.push(this.changed.has(e.name) ? newEntry(e.name, this.changed.get(e.name)!) : e);
    for (const [n, c] of this.changed) if (!this.entries.some((e) => e.name === n)) out.push(newEntry(n, c));
    return writeZip(out);
  }
  /** Edits a part's XML; false when the part is absent or `f` declines (returns undefined). */
  edit(name: string, f: (xml: string) => string | undefined): boolean {
    const t = this.text(name);
    if (t === undefined) return false;
    const n = f(t);
    if (n === undefined || n === t) return false;
    this.set(name, n);
    return true;
  }
  /** Adds a part, its content type and a relationship from `owner`; returns the relationship id. */
  addPart(owner: string, name: string, contentType: string, relType: string, content: string | Uint8Array, ext = false): string {
    this.set(name, content);
    this.edit('[Content_Types].xml', (x) =>
      ext
        ? x.includes(`Extension="${name.split('.').pop()}"`)
          ? x
          : x.replace('</Types>', `<Default Extension="${name.split('.').pop()}" ContentType="${contentType}"/></Types>`)
        : x.replace('</Types>', `<Override PartName="/${name}" ContentType="${contentType}"/></Types>`),
    );
    const slash = owner.lastIndexOf('/');
    const relsName = owner === '' ? '_rels/.rels' : `${owner.slice(0, slash + 1)}_rels/${owner.slice(slash + 1)}.rels`;
    const target = owner === '' ? name : relTarget(owner, name);
    const id = `rIdRt${Math.floor(Math.random() * 1e6)}`;
    const rel = `<Relationship Id="${id}" Type="${relType}" Target="${target}"/>`;
    if (!this.edit(relsName, (x) => x.replace('</Relationships>', `${rel}</Relationships>`)))
      this.set(relsName, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel}</Relationships>`);
    return id;
  }
  /** Targets of `owner`'s relationships of a type ending in `typeTail`, as part names. */
  rels(owner: string, typeTail: string): Array<{ id: string; part: string }> {
    const slash = owner.lastIndexOf('/');
    const relsName = owner === '' ? '_rels/.rels' : `${owner.slice(0, slash + 1)}_rels/${owner.slice(slash + 1)}.rels`;
    const x = this.text(relsName) ?? '';
    const out: Array<{ id: string; part: string }> = [];
    for (const m of x.matchAll(/<Relationship\b[^>]*>/g)) {
      const t = /Type="([^"]*)"/.exec(m[0])?.[1] ?? '';
      const target = /Target="([^"]*)"/.exec(m[0])?.[1] ?? '';
      const id = /Id="([^"]*)"/.exec(m[0])?.[1] ?? '';
      if (!t.endsWith(typeTail) || /TargetMode="External"/.test(m[0])) continue;
      out.push({ id, part: resolve(owner.slice(0, slash + 1), target) });
    }
    return out;
  }
}

function resolve(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = (base + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.') out.push(p);
  }
  return out.join('/');
}
function relTarget(owner: string, name: string): string {
  const from = owner.split('/').slice(0, -1);
  const to = name.split('/');
  let k = 0;
  while (k < from.length && k < to.length - 1 && from[k] === to[k]) k++;
  return [...from.slice(k).map(() => '..'), ...to.slice(k)].join('/');
}

/** Inserts `add` right after the first opening tag matching `re`, or undefined. */
function afterOpen(xml: string, re: RegExp, add: string): string | undefined {
  const m = re.exec(xml);
  if (!m) return undefined;
  const end = xml.indexOf('>', m.index) + 1;
  if (xml[end - 2] === '/') return undefined; // empty element: nothing to put inside without rewriting it
  return xml.slice(0, end) + add + xml.slice(end);
}
function beforeClose(xml: string, tag: string, add: string): string | undefined {
  const i = xml.lastIndexOf(`</${tag}>`);
  return i < 0 ? undefined : xml.slice(0, i) + add + xml.slice(i);
}

// ------------------------------------------------------------------ sites

type Site = { name: string; apply: (bytes: Uint8Array, text: string) => Uint8Array | undefined };

const W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const R_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';
const CT = 'application/vnd.openxmlformats-officedocument.';
const wr = (t: string, rpr = '') => `<w:r>${rpr ? `<w:rPr>${rpr}</w:rPr>` : ''}<w:t xml:space="preserve">${escXml(t)}</w:t></w:r>`;
const wp = (inner: string) => `<w:p>${inner}</w:p>`;

function docxMain(p: Pkg): string | undefined {
  const m = p.rels('', '/officeDocument')[0]?.part;
  return m && p.text(m)?.includes('<w:body') ? m : undefined;
}
/** A DOCX site: `f` edits the package given its main part. */
function docx(name: string, f: (p: Pkg, main: string, text: string) => boolean): Site {
  return {
    name,
    apply(bytes, text) {
      const p = Pkg.open(bytes);
      const main = p && docxMain(p);
      if (!p || !main) return undefined;
      return f(p, main, text) ? p.bytes() : undefined;
    },
  };
}
const bodyStart = (p: Pkg, main: string, xml: string) => p.edit(main, (x) => afterOpen(x, /<w:body\b/, xml));

function docxHeaderFooter(kind: 'header' | 'footer', content: (text: string) => string = (t) => wp(wr(t))) {
  return (p: Pkg, main: string, text: string) => {
    const existing = p.rels(main, `/${kind}`).filter((r) => p.has(r.part));
    const para = content(text);
    if (existing.length) {
      let ok = false;
      for (const r of existing) ok = p.edit(r.part, (x) => afterOpen(x, kind === 'header' ? /<w:hdr\b/ : /<w:ftr\b/, para)) || ok;
      return ok;
    }
    const part = `word/${kind}901.xml`;
    const tag = kind === 'header' ? 'hdr' : 'ftr';
    const id = p.addPart(main, part, `${CT}wordprocessingml.${kind}+xml`, REL + kind, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:${tag} ${W_NS} ${R_NS}>${para}</w:${tag}>`);
    const ref = `<w:${kind}Reference w:type="default" r:id="${id}"/>`;
    return p.edit(main, (x) => {
      const xx = x.includes('xmlns:r=') ? x : x.replace(/<w:document\b/, `<w:document ${R_NS}`);
      const i = xx.lastIndexOf('<w:sectPr');
      if (i >= 0 && xx[xx.indexOf('>', i) - 1] !== '/') {
        const e = xx.indexOf('>', i) + 1;
        return xx.slice(0, e) + ref + xx.slice(e);
      }
      if (i >= 0) {
        const e = xx.indexOf('>', i) + 1;
        return xx.slice(0, e - 2) + '>' + ref + '</w:sectPr>' + xx.slice(e);
      }
      return beforeClose(xx, 'w:body', `<w:sectPr>${ref}</w:sectPr>`);
    });
  };
}

function docxNotes(kind: 'footnote' | 'endnote') {
  return (p: Pkg, main: string, text: string) => {
    const note = `<w:${kind} w:id="901">${wp(`<w:r><w:${kind}Ref/></w:r>` + wr(text))}</w:${kind}>`;
    const ex = p.rels(main, `/${kind}s`)[0];
    if (ex && p.has(ex.part)) {
      if (!p.edit(ex.part, (x) => beforeClose(x, `w:${kind}s`, note))) return false;
    } else {
      p.addPart(main, `word/${kind}s.xml`, `${CT}wordprocessingml.${kind}s+xml`, REL + `${kind}s`, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:${kind}s ${W_NS}>${note}</w:${kind}s>`);
    }
    return bodyStart(p, main, wp(wr('根据有关材料整理') + `<w:r><w:${kind}Reference w:id="901"/></w:r>`));
  };
}

const DML_TEXTBOX = (inner: string) =>
  `<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="2000000" cy="400000"/><wp:docPr id="901" name="文本框 901"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx><w:txbxContent>${inner}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`;
const VML_WATERMARK = (text: string) =>
  `<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="PowerPlusWaterMarkObject901" type="#_x0000_t136" style="position:absolute;margin-left:0;margin-top:0;width:415pt;height:138pt;rotation:315;z-index:-251657216" fillcolor="silver" stroked="f"><v:fill opacity=".5"/><v:textpath style="font-family:&quot;宋体&quot;;font-size:1pt" string="${escXml(text)}"/></v:shape></w:pict></w:r>`;

const VML_TEXTBOX = (inner: string) =>
  `<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml" id="tb901" style="width:160pt;height:30pt"><v:textbox><w:txbxContent>${inner}</w:txbxContent></v:textbox></v:shape></w:pict></w:r>`;

function minimalDocx(text: string): Uint8Array {
  return writeZip([
    newEntry('[Content_Types].xml', `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="${CT}wordprocessingml.document.main+xml"/></Types>`),
    newEntry('_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}officeDocument" Target="word/document.xml"/></Relationships>`),
    newEntry('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document ${W_NS}><w:body>${wp(wr(text))}${wp(wr('关于做好年度工作的通知'))}</w:body></w:document>`),
  ]);
}

const CHART_XML = (text: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><c:chart><c:title><c:tx><c:rich><a:bodyPr/><a:p><a:r><a:t>${escXml(text)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/><c:ser><c:idx val="0"/><c:order val="0"/><c:val><c:numRef><c:f>Sheet1!$B$2</c:f><c:numCache><c:ptCount val="1"/><c:pt idx="0"><c:v>12</c:v></c:pt></c:numCache></c:numRef></c:val></c:ser><c:axId val="1"/><c:axId val="2"/></c:barChart></c:plotArea></c:chart></c:chartSpace>`;

function coreProps(p: Pkg, text: string): boolean {
  const core = p.rels('', '/core-properties')[0]?.part ?? (p.has('docProps/core.xml') ? 'docProps/core.xml' : undefined);
  if (core && p.has(core)) {
    return p.edit(core, (x) => {
      if (/<dc:title\b[^>]*\/>/.test(x)) return x.replace(/<dc:title\b[^>]*\/>/, `<dc:title>${escXml(text)}</dc:title>`);
      if (/<dc:title\b[^>]*>[^]*?<\/dc:title>/.test(x)) return x.replace(/<dc:title\b[^>]*>[^]*?<\/dc:title>/, `<dc:title>${escXml(text)}</dc:title>`);
      const ns = x.includes('xmlns:dc=') ? '' : ' xmlns:dc="http://purl.org/dc/elements/1.1/"';
      return x.replace(/<cp:coreProperties\b([^>]*)>/, `<cp:coreProperties$1${ns}><dc:title>${escXml(text)}</dc:title>`);
    });
  }
  p.addPart('', 'docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${escXml(text)}</dc:title></cp:coreProperties>`);
  return true;
}
function customProps(p: Pkg, text: string): boolean {
  const prop = `<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="901" name="密级"><vt:lpwstr>${escXml(text)}</vt:lpwstr></property>`;
  if (p.has('docProps/custom.xml')) return p.edit('docProps/custom.xml', (x) => beforeClose(x, 'Properties', prop));
  p.addPart('', 'docProps/custom.xml', `${CT}custom-properties+xml`, `${REL}custom-properties`,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">${prop.replace('pid="901"', 'pid="2"')}</Properties>`);
  return true;
}
const anyOoxml = (name: string, f: (p: Pkg, text: string) => boolean): Site => ({
  name,
  apply(bytes, text) {
    const p = Pkg.open(bytes);
    if (!p || !p.has('[Content_Types].xml')) return undefined;
    return f(p, text) ? p.bytes() : undefined;
  },
});

/** ★ as Word's Insert Symbol writes it: Wingdings 0xAB in a w:sym element. */
function symStar(text: string): string | undefined {
  const i = text.indexOf('★');
  if (i < 0) return undefined;
  return wp(wr(text.slice(0, i)) + '<w:r><w:sym w:font="Wingdings" w:char="F0AB"/></w:r>' + wr(text.slice(i + 1)));
}

export const DOCX_SITES: Site[] = [
  docx('docx:body', (p, m, t) => bodyStart(p, m, wp(wr(t)))),
  docx('docx:split-runs', (p, m, t) => bodyStart(p, m, wp([...t].map((c, k) => wr(c, k % 2 ? '<w:b/>' : '<w:rFonts w:hint="eastAsia"/>') + (k === 1 ? '<w:proofErr w:type="spellStart"/>' : '')).join('')))),
  docx('docx:table-cell', (p, m, t) => bodyStart(p, m, `<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc>${wp(wr('密级'))}</w:tc><w:tc>${wp(wr(t))}</w:tc></w:tr></w:tbl>`)),
  docx('docx:header', docxHeaderFooter('header')),
  docx('docx:footer', docxHeaderFooter('footer')),
  // Word's text watermark: WordArt (a VML textpath) in the header.
  docx('docx:watermark', docxHeaderFooter('header', (t) => wp(VML_WATERMARK(t)))),
  docx('docx:textbox-dml', (p, m, t) => bodyStart(p, m, wp(DML_TEXTBOX(wp(wr(t)))))),
  docx('docx:textbox-vml', (p, m, t) => bodyStart(p, m, wp(VML_TEXTBOX(wp(wr(t)))))),
  docx('docx:textbox-mc', (p, m, t) =>
    bodyStart(p, m, wp(`<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:Choice Requires="wps">${DML_TEXTBOX(wp(wr(t)))}</mc:Choice><mc:Fallback>${VML_TEXTBOX(wp(wr(t)))}</mc:Fallback></mc:AlternateContent>`)),
  ),
  docx('docx:comment', (p, m, t) => {
    const c = `<w:comment w:id="901" w:author="张三" w:initials="ZS">${wp(wr(t))}</w:comment>`;
    const ex = p.rels(m, '/comments')[0];
    if (ex && p.has(ex.part)) {
      if (!p.edit(ex.part, (x) => beforeClose(x, 'w:comments', c))) return false;
    } else p.addPart(m, 'word/comments.xml', `${CT}wordprocessingml.comments+xml`, `${REL}comments`, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments ${W_NS}>${c}</w:comments>`);
    return bodyStart(p, m, wp(`<w:commentRangeStart w:id="901"/>${wr('请审阅')}<w:commentRangeEnd w:id="901"/><w:r><w:commentReference w:id="901"/></w:r>`));
  }),
  docx('docx:footnote', docxNotes('footnote')),
  docx('docx:endnote', docxNotes('endnote')),
  docx('docx:tracked-deletion', (p, m, t) => bodyStart(p, m, wp(`<w:del w:id="901" w:author="张三" w:date="2024-05-08T10:00:00Z"><w:r><w:delText xml:space="preserve">${escXml(t)}</w:delText></w:r></w:del>`))),
  docx('docx:move-from', (p, m, t) => bodyStart(p, m, wp(`<w:moveFrom w:id="902" w:author="张三" w:date="2024-05-08T10:00:00Z">${wr(t)}</w:moveFrom>`))),
  docx('docx:hidden', (p, m, t) => bodyStart(p, m, wp(wr(t, '<w:vanish/>')))),
  docx('docx:field-simple', (p, m, t) => bodyStart(p, m, wp(`<w:fldSimple w:instr=" DOCPROPERTY 密级 \\* MERGEFORMAT ">${wr(t)}</w:fldSimple>`))),
  docx('docx:field-complex', (p, m, t) =>
    bodyStart(p, m, wp(`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> DOCPROPERTY 密级 </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${wr(t)}<w:r><w:fldChar w:fldCharType="end"/></w:r>`)),
  ),
  docx('docx:sdt', (p, m, t) => bodyStart(p, m, `<w:sdt><w:sdtPr><w:alias w:val="密级"/><w:tag w:val="secret"/></w:sdtPr><w:sdtContent>${wp(wr(t))}</w:sdtContent></w:sdt>`)),
  docx('docx:custom-xml', (p, m, t) => bodyStart(p, m, wp(`<w:customXml w:element="mj">${wr(t)}</w:customXml><w:smartTag w:element="x">${wr('')}</w:smartTag>`))),
  // A form's 密级 chosen in a legacy drop-down (Word draws the entry from w:ffData; LibreOffice and
  // template tools store it as the result too) or ticked in legacy check boxes: the level alone.
  docx('docx:form-dropdown', (p, m, t) => {
    const level = t.split('★')[0].trim();
    const ff = `<w:ffData><w:name w:val="Level"/><w:enabled/><w:ddList><w:result w:val="1"/><w:listEntry w:val="公开"/><w:listEntry w:val="${escXml(level)}"/></w:ddList></w:ffData>`;
    return bodyStart(p, m, wp(`${wr('密级：')}<w:r><w:fldChar w:fldCharType="begin">${ff}</w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMDROPDOWN </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>${wr(level)}<w:r><w:fldChar w:fldCharType="end"/></w:r>`));
  }),
  docx('docx:form-checkbox', (p, m, t) => {
    const level = t.split('★')[0].trim();
    const box = (on: boolean) => `<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Check"/><w:enabled/><w:checkBox><w:sizeAuto/><w:default w:val="0"/>${on ? '<w:checked/>' : ''}</w:checkBox></w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>`;
    return bodyStart(p, m, wp(`${wr('密级：')}${box(false)}${wr('公开 ')}${box(true)}${wr(level)}`));
  }),
  docx('docx:sym-star', (p, m, t) => {
    const x = symStar(t);
    return !!x && bodyStart(p, m, x);
  }),
  docx('docx:ruby', (p, m, t) => {
    const i = t.indexOf('★');
    if (i < 0) return false;
    return bodyStart(p, m, wp(`<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="center"/></w:rubyPr><w:rt>${wr('jī mì')}</w:rt><w:rubyBase>${wr(t.slice(0, i))}</w:rubyBase></w:ruby></w:r>${wr(t.slice(i))}`));
  }),
  docx('docx:alt-text', (p, m, t) =>
    bodyStart(p, m, wp(`<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="2000000" cy="400000"/><wp:docPr id="902" name="图片 902" descr="${escXml(t)}" title="${escXml(t)}"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:cNvSpPr/><wps:spPr/><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`)),
  ),
  docx('docx:chart-title', (p, m, t) => {
    const id = p.addPart(m, 'word/charts/chart901.xml', `${CT}drawingml.chart+xml`, `${REL}chart`, CHART_XML(t));
    const x = p.text(m)!;
    if (!x.includes('xmlns:r=')) p.set(m, x.replace(/<w:document\b/, `<w:document ${R_NS}`));
    return bodyStart(p, m, wp(`<w:r><w:drawing><wp:inline xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"><wp:extent cx="4000000" cy="3000000"/><wp:docPr id="903" name="图表 903"/><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="${id}"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`));
  }),
  docx('docx:altchunk', (p, m, t) => {
    const id = p.addPart(m, 'word/afchunk901.htm', 'text/html', `${REL}aFChunk`, `<html><head><meta charset="utf-8"></head><body><p>${escXml(t)}</p><p>关于做好年度工作的通知</p></body></html>`);
    const x = p.text(m)!;
    if (!x.includes('xmlns:r=')) p.set(m, x.replace(/<w:document\b/, `<w:document ${R_NS}`));
    return bodyStart(p, m, `<w:altChunk r:id="${id}"/>`);
  }),
  docx('docx:embedded-docx', (p, m, t) => {
    const id = p.addPart(m, 'word/embeddings/Microsoft_Word_Document901.docx', `${CT}wordprocessingml.document`, `${REL}package`, minimalDocx(t), true);
    const x = p.text(m)!;
    if (!x.includes('xmlns:r=')) p.set(m, x.replace(/<w:document\b/, `<w:document ${R_NS}`));
    return bodyStart(p, m, wp(`<w:r><w:object><o:OLEObject xmlns:o="urn:schemas-microsoft-com:office:office" Type="Embed" ProgID="Word.Document.12" ShapeID="_x0000_i1025" DrawAspect="Icon" ObjectID="_1700000901" r:id="${id}"/></w:object></w:r>`));
  }),
  docx('docx:docvar', (p, m, t) => {
    const s = p.rels(m, '/settings')[0]?.part;
    if (!s || !p.has(s)) return false;
    return p.edit(s, (x) => (x.includes('<w:docVars>') ? x.replace('<w:docVars>', `<w:docVars><w:docVar w:name="密级" w:val="${escXml(t)}"/>`) : beforeClose(x, 'w:settings', `<w:docVars><w:docVar w:name="密级" w:val="${escXml(t)}"/></w:docVars>`)));
  }),
  anyOoxml('docx:core-title', coreProps),
  anyOoxml('docx:custom-prop', customProps),
];

// ------------------------------------------------------------------ XLSX

function xlsxBook(p: Pkg): string | undefined {
  const m = p.rels('', '/officeDocument')[0]?.part;
  return m && p.text(m)?.includes('<sheets') ? m : undefined;
}
function xlsxFirstSheet(p: Pkg, book: string): string | undefined {
  const x = p.text(book)!;
  const firstId = /<sheet\b[^>]*\br:id="([^"]+)"/.exec(x)?.[1] ?? /<sheet\b[^>]*\b\w+:id="([^"]+)"/.exec(x)?.[1];
  const s = p.rels(book, '/worksheet').find((r) => r.id === firstId)?.part;
  return s && p.text(s)?.includes('<sheetData') ? s : undefined;
}
function xlsx(name: string, f: (p: Pkg, book: string, sheet: string, text: string) => boolean): Site {
  return {
    name,
    apply(bytes, text) {
      const p = Pkg.open(bytes);
      const book = p && xlsxBook(p);
      const sheet = book && xlsxFirstSheet(p!, book);
      if (!p || !book || !sheet) return undefined;
      return f(p, book, sheet, text) ? p.bytes() : undefined;
    },
  };
}
/** Appends a row after the last one with the given cells (XML of `<c>` without the r attribute's row). */
function appendRow(p: Pkg, sheet: string, cells: (row: number) => string): boolean {
  return p.edit(sheet, (x) => {
    let max = 0;
    for (const m of x.matchAll(/<row\b[^>]*\br="(\d+)"/g)) max = Math.max(max, Number(m[1]));
    const r = max + 2;
    const row = `<row r="${r}">${cells(r)}</row>`;
    if (/<sheetData\s*\/>/.test(x)) return x.replace(/<sheetData\s*\/>/, `<sheetData>${row}</sheetData>`);
    return beforeClose(x, 'sheetData', row);
  });
}
function addShared(p: Pkg, book: string, si: string): number | undefined {
  let sst = p.rels(book, '/sharedStrings')[0]?.part;
  if (!sst || !p.has(sst)) {
    sst = 'xl/sharedStrings.xml';
    p.addPart(book, sst, `${CT}spreadsheetml.sharedStrings+xml`, `${REL}sharedStrings`, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>`);
  }
  let idx: number | undefined;
  p.edit(sst, (x) => {
    idx = (x.match(/<si[\s>]/g) ?? []).length;
    const y = x.replace(/uniqueCount="\d+"/, `uniqueCount="${idx + 1}"`).replace(/\bcount="(\d+)"/, (_, n) => `count="${Number(n) + 1}"`);
    if (/<sst\b[^>]*\/>/.test(y)) return y.replace(/<sst\b([^>]*)\/>/, `<sst$1>${si}</sst>`);
    return beforeClose(y, 'sst', si);
  });
  return idx;
}
const WS_AFTER = ['hyperlinks', 'printOptions', 'pageMargins', 'pageSetup', 'headerFooter', 'rowBreaks', 'colBreaks', 'customProperties', 'cellWatches', 'ignoredErrors', 'smartTags', 'drawing', 'legacyDrawing', 'legacyDrawingHF', 'picture', 'oleObjects', 'controls', 'webPublishItems', 'tableParts', 'extLst'];
/** Inserts a worksheet child element before the first element that must follow it. */
function wsInsert(x: string, add: string, after: string[]): string | undefined {
  let at = -1;
  for (const t of after) {
    const i = x.search(new RegExp(`<${t}[\\s>/]`));
    if (i >= 0 && (at < 0 || i < at)) at = i;
  }
  if (at < 0) at = x.lastIndexOf('</worksheet>');
  return at < 0 ? undefined : x.slice(0, at) + add + x.slice(at);
}
const SHEET = (rows: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>`;
const XDR_SP = (text: string, descr = '') =>
  `<xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>5</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>3</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="901" name="文本框 901"${descr ? ` descr="${escXml(descr)}"` : ''}/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr><xdr:spPr/>${text ? `<xdr:txBody><a:bodyPr/><a:p><a:r><a:t>${escXml(text)}</a:t></a:r></a:p></xdr:txBody>` : ''}</xdr:sp><xdr:clientData/></xdr:twoCellAnchor>`;
function xlsxDrawing(p: Pkg, sheet: string, anchor: string): boolean {
  const ex = p.rels(sheet, '/drawing')[0];
  if (ex && p.has(ex.part)) return p.edit(ex.part, (x) => beforeClose(x, 'xdr:wsDr', anchor));
  const id = p.addPart(sheet, 'xl/drawings/drawing901.xml', `${CT}drawing+xml`, `${REL}drawing`,
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">${anchor}</xdr:wsDr>`);
  return p.edit(sheet, (x) => wsInsert(x.includes('xmlns:r=') ? x : x.replace(/<worksheet\b/, `<worksheet ${R_NS}`), `<drawing r:id="${id}"/>`, WS_AFTER.slice(WS_AFTER.indexOf('drawing') + 1)));
}

export const XLSX_SITES: Site[] = [
  xlsx('xlsx:inline-cell', (p, b, s, t) => appendRow(p, s, (r) => `<c r="A${r}" t="inlineStr"><is><t>${escXml(t)}</t></is></c>`)),
  xlsx('xlsx:shared-cell', (p, b, s, t) => {
    const i = addShared(p, b, `<si><t>${escXml(t)}</t></si>`);
    return i !== undefined && appendRow(p, s, (r) => `<c r="A${r}" t="s"><v>${i}</v></c>`);
  }),
  xlsx('xlsx:label-value', (p, b, s, t) => appendRow(p, s, (r) => `<c r="A${r}" t="inlineStr"><is><t>密级</t></is></c><c r="B${r}" t="inlineStr"><is><t>${escXml(t)}</t></is></c>`)),
  xlsx('xlsx:rich-text', (p, b, s, t) => {
    const i = addShared(p, b, `<si><r><t>${escXml(t.slice(0, 1))}</t></r><r><rPr><b/><sz val="11"/></rPr><t>${escXml(t.slice(1))}</t></r></si>`);
    return i !== undefined && appendRow(p, s, (r) => `<c r="A${r}" t="s"><v>${i}</v></c>`);
  }),
  xlsx('xlsx:formula-cached', (p, b, s, t) => appendRow(p, s, (r) => `<c r="A${r}" t="str"><f>"${escXml(t.slice(0, 2))}"&amp;"${escXml(t.slice(2))}"</f><v>${escXml(t)}</v></c>`)),
  xlsx('xlsx:header', (p, b, s, t) =>
    p.edit(s, (x) => (/<headerFooter\b[^>]*\/>/.test(x) ? x.replace(/<headerFooter\b([^>]*)\/>/, `<headerFooter$1><oddHeader>&amp;L${escXml(t)}</oddHeader></headerFooter>`) : /<headerFooter\b/.test(x) ? afterOpen(x, /<headerFooter\b/, `<oddHeader>&amp;L${escXml(t)}</oddHeader>`) : wsInsert(x, `<headerFooter><oddHeader>&amp;L${escXml(t)}</oddHeader></headerFooter>`, WS_AFTER.slice(5)))),
  ),
  xlsx('xlsx:footer', (p, b, s, t) =>
    p.edit(s, (x) => (/<headerFooter\b[^>]*\/>/.test(x) ? x.replace(/<headerFooter\b([^>]*)\/>/, `<headerFooter$1><oddFooter>&amp;C${escXml(t)}</oddFooter></headerFooter>`) : /<headerFooter\b/.test(x) ? beforeClose(x, 'headerFooter', `<evenFooter>&amp;C${escXml(t)}</evenFooter>`) : wsInsert(x, `<headerFooter differentOddEven="1"><evenFooter>&amp;C${escXml(t)}</evenFooter></headerFooter>`, WS_AFTER.slice(5)))),
  ),
  xlsx('xlsx:comment', (p, b, s, t) => {
    const c = `<comment ref="A1" authorId="0"><text><r><t>${escXml(t)}</t></r></text></comment>`;
    const ex = p.rels(s, '/comments')[0];
    if (ex && p.has(ex.part)) return p.edit(ex.part, (x) => beforeClose(x, 'commentList', c));
    p.addPart(s, 'xl/comments901.xml', `${CT}spreadsheetml.comments+xml`, `${REL}comments`, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>张三</author></authors><commentList>${c}</commentList></comments>`);
    return true;
  }),
  xlsx('xlsx:sheet-name', (p, b, s, t) => p.edit(b, (x) => x.replace(/(<sheet\b[^>]*\bname=")[^"]*"/, `$1${escXml(t.slice(0, 31))}"`))),
  xlsx('xlsx:hidden-sheet', (p, b, s, t) => {
    const id = p.addPart(b, 'xl/worksheets/sheet901.xml', `${CT}spreadsheetml.worksheet+xml`, `${REL}worksheet`, SHEET(`<row r="1"><c r="A1" t="inlineStr"><is><t>${escXml(t)}</t></is></c></row>`));
    return p.edit(b, (x) => beforeClose(x.includes('xmlns:r=') ? x : x.replace(/<workbook\b/, `<workbook ${R_NS}`), 'sheets', `<sheet name="Sheet901" sheetId="901" state="veryHidden" r:id="${id}"/>`));
  }),
  xlsx('xlsx:defined-name', (p, b, s, t) =>
    p.edit(b, (x) => (x.includes('<definedNames>') ? x.replace('<definedNames>', `<definedNames><definedName name="密级">"${escXml(t)}"</definedName>`) : x.replace(/(<\/sheets>)/, `$1<definedNames><definedName name="密级">"${escXml(t)}"</definedName></definedNames>`))),
  ),
  xlsx('xlsx:number-format', (p, b, s, t) => {
    const st = p.rels(b, '/styles')[0]?.part;
    if (!st || !p.has(st)) return false;
    let xf = -1;
    const ok = p.edit(st, (x) => {
      const fmt = `<numFmt numFmtId="190" formatCode="&quot;${escXml(t)}&quot;"/>`;
      let y = /<numFmts\b[^>]*>/.test(x) && !/<numFmts\b[^>]*\/>/.test(x) ? x.replace(/<numFmts\b[^>]*>/, (m) => m + fmt) : x.replace(/(<styleSheet\b[^>]*>)/, `$1<numFmts count="1">${fmt}</numFmts>`);
      const cx = /<cellXfs\b[^>]*>([^]*?)<\/cellXfs>/.exec(y);
      if (!cx) return undefined;
      xf = (cx[1].match(/<xf\b/g) ?? []).length;
      y = y.replace(/<\/cellXfs>/, `<xf numFmtId="190" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/></cellXfs>`);
      return y;
    });
    return ok && xf >= 0 && appendRow(p, s, (r) => `<c r="A${r}" s="${xf}"><v>1</v></c>`);
  }),
  xlsx('xlsx:data-validation', (p, b, s, t) => p.edit(s, (x) => wsInsert(x, `<dataValidations count="1"><dataValidation type="list" allowBlank="1" showInputMessage="1" promptTitle="密级" prompt="${escXml(t)}" sqref="A1"><formula1>"公开,内部"</formula1></dataValidation></dataValidations>`, ['hyperlinks', ...WS_AFTER]))),
  xlsx('xlsx:textbox', (p, b, s, t) => xlsxDrawing(p, s, XDR_SP(t))),
  xlsx('xlsx:alt-text', (p, b, s, t) => xlsxDrawing(p, s, XDR_SP('', t))),
  xlsx('xlsx:chart-title', (p, b, s, t) => {
    const ex = p.rels(s, '/drawing')[0];
    const drawing = ex && p.has(ex.part) ? ex.part : 'xl/drawings/drawing901.xml';
    if (!(ex && p.has(ex.part))) xlsxDrawing(p, s, '');
    const id = p.addPart(drawing, 'xl/charts/chart901.xml', `${CT}drawingml.chart+xml`, `${REL}chart`, CHART_XML(t));
    return p.edit(drawing, (x) =>
      beforeClose(x, 'xdr:wsDr', `<xdr:twoCellAnchor><xdr:from><xdr:col>1</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>1</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from><xdr:to><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>15</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to><xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="902" name="图表 902"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/><a:ext cx="0" cy="0" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/></xdr:xfrm><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="${id}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`),
    );
  }),
  anyOoxml('xlsx:core-title', coreProps),
  anyOoxml('xlsx:custom-prop', customProps),
];

// ------------------------------------------------------------------ PPTX

const P_NS = 'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';
const PSP = (text: string, descr = '') =>
  `<p:sp><p:nvSpPr><p:cNvPr id="901" name="文本框 901"${descr ? ` descr="${escXml(descr)}"` : ''}/><p:cNvSpPr txBox="1"/><p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="100000" y="100000"/><a:ext cx="3000000" cy="400000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p>${text ? `<a:r><a:rPr lang="zh-CN"/><a:t>${escXml(text)}</a:t></a:r>` : ''}</a:p></p:txBody></p:sp>`;
function pptxSlides(p: Pkg): { pres: string; slides: string[] } | undefined {
  const pres = p.rels('', '/officeDocument')[0]?.part;
  if (!pres || !p.text(pres)?.includes('<p:presentation')) return undefined;
  const x = p.text(pres)!;
  const rels = p.rels(pres, '/slide');
  const order = [...x.matchAll(/<p:sldId\b[^>]*\br:id="([^"]+)"/g)].map((m) => rels.find((r) => r.id === m[1])?.part).filter((s): s is string => !!s && p.has(s));
  return { pres, slides: order };
}
function pptx(name: string, f: (p: Pkg, pres: string, slide: string, text: string) => boolean): Site {
  return {
    name,
    apply(bytes, text) {
      const p = Pkg.open(bytes);
      const s = p && pptxSlides(p);
      if (!p || !s || !s.slides.length) return undefined;
      return f(p, s.pres, s.slides[0], text) ? p.bytes() : undefined;
    },
  };
}
const spTreeAdd = (p: Pkg, part: string, sp: string) => p.edit(part, (x) => beforeClose(x, 'p:spTree', sp));

export const PPTX_SITES: Site[] = [
  pptx('pptx:slide-text', (p, pr, s, t) => spTreeAdd(p, s, PSP(t))),
  pptx('pptx:group', (p, pr, s, t) => spTreeAdd(p, s, `<p:grpSp><p:nvGrpSpPr><p:cNvPr id="905" name="组合 905"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${PSP(t)}</p:grpSp>`)),
  pptx('pptx:table-cell', (p, pr, s, t) =>
    spTreeAdd(p, s, `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="906" name="表格 906"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/><a:ext cx="3000000" cy="400000"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/table"><a:tbl><a:tblGrid><a:gridCol w="1500000"/><a:gridCol w="1500000"/></a:tblGrid><a:tr h="400000"><a:tc><a:txBody><a:bodyPr/><a:p><a:r><a:t>密级</a:t></a:r></a:p></a:txBody></a:tc><a:tc><a:txBody><a:bodyPr/><a:p><a:r><a:t>${escXml(t)}</a:t></a:r></a:p></a:txBody></a:tc></a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>`),
  ),
  pptx('pptx:alt-text', (p, pr, s, t) => spTreeAdd(p, s, PSP('', t))),
  pptx('pptx:hidden-slide', (p, pr, s, t) => spTreeAdd(p, s, PSP(t)) && p.edit(s, (x) => x.replace(/<p:sld\b(?![^>]*\bshow=)/, '<p:sld show="0"'))),
  pptx('pptx:notes', (p, pr, s, t) => {
    const ex = p.rels(s, '/notesSlide')[0];
    const para = `<a:p><a:r><a:t>${escXml(t)}</a:t></a:r></a:p>`;
    if (ex && p.has(ex.part)) return p.edit(ex.part, (x) => (x.includes('</p:txBody>') ? x.replace('</p:txBody>', `${para}</p:txBody>`) : beforeClose(x, 'p:spTree', PSP(t))));
    p.addPart(s, 'ppt/notesSlides/notesSlide901.xml', `${CT}presentationml.notesSlide+xml`, `${REL}notesSlide`, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:notes ${P_NS}><p:cSld><p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>${PSP(t)}</p:spTree></p:cSld></p:notes>`);
    return true;
  }),
  pptx('pptx:master', (p, pr, s, t) => {
    const m = p.rels(pr, '/slideMaster')[0]?.part;
    return !!m && p.has(m) && spTreeAdd(p, m, PSP(t));
  }),
  pptx('pptx:layout', (p, pr, s, t) => {
    const l = p.rels(s, '/slideLayout')[0]?.part;
    return !!l && p.has(l) && spTreeAdd(p, l, PSP(t));
  }),
  pptx('pptx:comment', (p, pr, s, t) => {
    const c = `<p:cm authorId="0" dt="2024-05-08T10:00:00.000" idx="1"><p:pos x="10" y="10"/><p:text>${escXml(t)}</p:text></p:cm>`;
    const ex = p.rels(s, '/comments')[0];
    if (ex && p.has(ex.part)) return p.edit(ex.part, (x) => beforeClose(x, 'p:cmLst', c));
    p.addPart(s, 'ppt/comments/comment901.xml', `${CT}presentationml.comments+xml`, `${REL}comments`, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><p:cmLst ${P_NS}>${c}</p:cmLst>`);
    return true;
  }),
  pptx('pptx:chart-title', (p, pr, s, t) => {
    const id = p.addPart(s, 'ppt/charts/chart901.xml', `${CT}drawingml.chart+xml`, `${REL}chart`, CHART_XML(t));
    return spTreeAdd(p, s, `<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="907" name="图表 907"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/><a:ext cx="3000000" cy="3000000"/></p:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="${id}"/></a:graphicData></a:graphic></p:graphicFrame>`);
  }),
  anyOoxml('pptx:core-title', coreProps),
  anyOoxml('pptx:custom-prop', customProps),
];

// ------------------------------------------------------------------ ODF

function odf(name: string, f: (p: Pkg, text: string) => boolean): Site {
  return {
    name,
    apply(bytes, text) {
      const p = Pkg.open(bytes);
      if (!p || !p.text('content.xml')?.includes('<office:body')) return undefined;
      return f(p, text) ? p.bytes() : undefined;
    },
  };
}
/** First paragraph position in the body of any ODF kind (text, spreadsheet cell, drawing page). */
function odfBodyAdd(p: Pkg, xml: string): boolean {
  return p.edit('content.xml', (x) => afterOpen(x, /<office:text\b/, xml) ?? (x.includes('<draw:page') ? afterOpen(x, /<draw:page\b/, `<draw:frame svg:width="5cm" svg:height="1cm" svg:x="1cm" svg:y="1cm"><draw:text-box>${xml}</draw:text-box></draw:frame>`) : undefined));
}
const tp = (t: string) => `<text:p>${escXml(t)}</text:p>`;
export const ODF_SITES: Site[] = [
  odf('odf:body', (p, t) => odfBodyAdd(p, tp(t))),
  odf('odf:span', (p, t) => odfBodyAdd(p, `<text:p><text:span>${escXml(t.slice(0, 1))}</text:span><text:s/><text:span>${escXml(t.slice(1))}</text:span></text:p>`.replace('<text:s/>', ''))),
  odf('odf:header', (p, t) =>
    p.edit('styles.xml', (x) => (/<style:header\b[^/>]*>/.test(x) ? afterOpen(x, /<style:header\b/, tp(t)) : afterOpen(x, /<style:master-page\b/, `<style:header>${tp(t)}</style:header>`))),
  ),
  odf('odf:footer', (p, t) =>
    p.edit('styles.xml', (x) => (/<style:footer\b[^/>]*>/.test(x) ? afterOpen(x, /<style:footer\b/, tp(t)) : (() => {
      const i = x.indexOf('</style:master-page>');
      return i < 0 ? undefined : x.slice(0, i) + `<style:footer>${tp(t)}</style:footer>` + x.slice(i);
    })())),
  ),
  odf('odf:annotation', (p, t) => odfBodyAdd(p, `<text:p><office:annotation><dc:creator>张三</dc:creator><dc:date>2024-05-08T10:00:00</dc:date>${tp(t)}</office:annotation>请审阅</text:p>`)),
  odf('odf:footnote', (p, t) => odfBodyAdd(p, `<text:p>根据有关材料整理<text:note text:id="ftn901" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body>${tp(t)}</text:note-body></text:note></text:p>`)),
  odf('odf:tracked-deletion', (p, t) =>
    p.edit('content.xml', (x) => afterOpen(x, /<office:text\b/, `<text:tracked-changes><text:changed-region text:id="ct901"><text:deletion><office:change-info><dc:creator>张三</dc:creator><dc:date>2024-05-08T10:00:00</dc:date></office:change-info>${tp(t)}</text:deletion></text:changed-region></text:tracked-changes><text:p><text:change text:change-id="ct901"/>正文</text:p>`)),
  ),
  odf('odf:hidden-text', (p, t) => odfBodyAdd(p, `<text:p><text:hidden-text text:condition="ooow:1==1" text:string-value="${escXml(t)}" text:is-hidden="true">${escXml(t)}</text:hidden-text></text:p>`)),
  odf('odf:hidden-section', (p, t) => odfBodyAdd(p, `<text:section text:name="s901" text:display="none">${tp(t)}</text:section>`)),
  odf('odf:textbox', (p, t) => odfBodyAdd(p, `<text:p><draw:frame draw:name="f901" text:anchor-type="paragraph" svg:width="5cm" svg:height="1cm"><draw:text-box>${tp(t)}</draw:text-box></draw:frame></text:p>`)),
  odf('odf:alt-text', (p, t) => odfBodyAdd(p, `<text:p><draw:frame draw:name="f902" text:anchor-type="paragraph" svg:width="5cm" svg:height="1cm"><draw:image xlink:href="Pictures/none.png"/><svg:title>${escXml(t)}</svg:title><svg:desc>${escXml(t)}</svg:desc></draw:frame></text:p>`)),
  odf('odf:meta-title', (p, t) =>
    p.edit('meta.xml', (x) => (x.includes('<dc:title>') ? x.replace(/<dc:title>[^]*?<\/dc:title>/, `<dc:title>${escXml(t)}</dc:title>`) : afterOpen(x, /<office:meta\b/, `<dc:title>${escXml(t)}</dc:title>`))),
  ),
  odf('odf:user-field', (p, t) => odfBodyAdd(p, `<text:p><text:user-defined text:name="密级" office:value-type="string" office:string-value="${escXml(t)}">${escXml(t)}</text:user-defined></text:p>`)),
];

// ------------------------------------------------------------------ PDF (pdf-lib rewrites the file; its pages stay as they were)

const requirePdf = createRequire(join(REPO, 'packages/extract-pdf/package.json'));
// pdf-lib is a dependency of extract-pdf only; its types are taken from there.
type PdfLib = typeof import('../packages/extract-pdf/node_modules/pdf-lib/cjs/index.js');
type PDFDocument = import('../packages/extract-pdf/node_modules/pdf-lib/cjs/index.js').PDFDocument;
const PDFLib = requirePdf('pdf-lib') as PdfLib;

function pdf(name: string, f: (doc: PDFDocument, text: string) => void | boolean): Site {
  return {
    name,
    apply() {
      throw new Error('async');
    },
    async applyAsync(bytes: Uint8Array, text: string) {
      let doc: PDFDocument;
      try {
        doc = await PDFLib.PDFDocument.load(bytes, { updateMetadata: false, throwOnInvalidObject: false });
      } catch {
        return undefined;
      }
      if (doc.isEncrypted || doc.getPageCount() === 0) return undefined;
      if (f(doc, text) === false) return undefined;
      return doc.save({ useObjectStreams: false, updateFieldAppearances: false });
    },
  } as Site & { applyAsync: (b: Uint8Array, t: string) => Promise<Uint8Array | undefined> };
}
const hex = (t: string) => PDFLib.PDFHexString.fromText(t);
function addAnnot(doc: PDFDocument, dict: Record<string, unknown>) {
  const page = doc.getPage(0);
  const ref = doc.context.register(doc.context.obj({ Type: 'Annot', Rect: [72, 720, 300, 760], P: page.ref, ...dict } as never));
  const annots = page.node.Annots();
  if (annots) annots.push(ref);
  else page.node.set(PDFLib.PDFName.of('Annots'), doc.context.obj([ref]));
  return ref;
}
const XMP = (t: string) =>
  `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">${escXml(t)}</rdf:li></rdf:Alt></dc:title></rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>`;

/** Text as a hex string in UCS-2 big-endian, for the STSong-Light font the page-content sites add. */
const ucs2Hex = (t: string) => `<${Buffer.from(t, 'utf16le').swap16().toString('hex')}>`;
/**
 * Draws on page 1 after its own content (which is wrapped in q … Q first, so a graphics state it
 * leaves behind changes nothing): `build` gets the name of an added CJK font (STSong-Light, not
 * embedded, UniGB-UCS2-H) and the page's left and top edges, and returns content-stream operators.
 */
function pdfDraw(doc: PDFDocument, build: (font: string, left: number, top: number) => string): boolean {
  const page = doc.getPage(0);
  const box = page.getCropBox();
  const ctx = doc.context;
  const S = (v: string) => PDFLib.PDFString.of(v);
  const descriptor = ctx.obj({ Type: 'FontDescriptor', FontName: 'STSong-Light', Flags: 6, FontBBox: [-25, -254, 1000, 880], ItalicAngle: 0, Ascent: 880, Descent: -120, CapHeight: 880, StemV: 93 });
  const cid = ctx.obj({ Type: 'Font', Subtype: 'CIDFontType0', BaseFont: 'STSong-Light', CIDSystemInfo: ctx.obj({ Registry: S('Adobe'), Ordering: S('GB1'), Supplement: 2 }), FontDescriptor: descriptor, DW: 1000 });
  const font = ctx.register(ctx.obj({ Type: 'Font', Subtype: 'Type0', BaseFont: 'STSong-Light', Encoding: 'UniGB-UCS2-H', DescendantFonts: [cid] }));
  page.node.normalize();
  page.node.setFontDictionary(PDFLib.PDFName.of('FRt'), font);
  page.node.wrapContentStreams(ctx.register(ctx.stream('q')), ctx.register(ctx.stream('Q')));
  page.node.addContentStream(ctx.register(ctx.stream(build('FRt', box.x, box.y + box.height))));
  return true;
}
/** The marking drawn at the page's top left, in the top margin (30 pt down, where a page's own text seldom stands): its first character, a piece 开 drawn with `piece` (operators before it, `after` undoing them), the rest. */
const pdfPiece = (mark: string, piece: string, after: string, under = '') => (doc: PDFDocument) => {
  // Letter spacing of the mark would put a space over or beside the piece: the piece goes between its characters.
  const t = mark.replace(/\s+/g, '');
  return pdfDraw(doc, (f, l, top) => `${under.replace(/\{X\}/g, String(l + 56)).replace(/\{Y\}/g, String(top - 36))} BT /${f} 16 Tf ${l + 40} ${top - 30} Td ${ucs2Hex([...t][0])} Tj ${piece} ${ucs2Hex('开')} Tj ${after} ${ucs2Hex([...t].slice(1).join(''))} Tj ET`);
};
const PDF_PAGE_SITES: Site[] = [
  pdf('pdf:page-text', (d, t) => pdfDraw(d, (f, l, top) => `BT /${f} 16 Tf ${l + 40} ${top - 30} Td ${ucs2Hex(t)} Tj ET`)),
  pdf('pdf:per-glyph-reversed', (d, t) =>
    pdfDraw(d, (f, l, top) => {
      let x = l + 40;
      const glyphs = [...t].map((c) => {
        const op = `BT /${f} 16 Tf ${x} ${top - 30} Td ${ucs2Hex(c)} Tj ET`;
        x += (c.codePointAt(0) ?? 0) >= 0x2e80 ? 16 : 8;
        return op;
      });
      return glyphs.reverse().join(' ');
    }),
  ),
  pdf('pdf:watermark-45', (d, t) =>
    pdfDraw(d, (f, l, top) => `BT 0.85 g /${f} 48 Tf 0.7071 0.7071 -0.7071 0.7071 ${l + 120} ${top - 300} Tm ${ucs2Hex('内部资料注意保管')} Tj ET BT 0 g /${f} 16 Tf ${l + 40} ${top - 30} Td ${ucs2Hex(t)} Tj ET`),
  ),
  pdf('pdf:piece-white', (d, t) => pdfPiece(t, '1 1 1 rg', '0 g')(d)),
  pdf('pdf:piece-squeezed', (d, t) => pdfPiece(t, '5 Tz', '100 Tz')(d)),
  pdf('pdf:piece-tiny', (d, t) => pdfPiece(t, `/FRt 1.5 Tf`, `/FRt 16 Tf`)(d)),
  pdf('pdf:piece-overdraw', (d, t) => pdfPiece(t, '', '[1000] TJ')(d)),
  pdf('pdf:piece-invisible', (d, t) => pdfPiece(t, '3 Tr', '0 Tr')(d)),
  pdf('pdf:piece-ground', (d, t) => pdfPiece(t, '0.75 0 0 rg', '0 g', '0.75 0 0 rg {X} {Y} 16 22 re f 0 g')(d)),
  // Covered by a white square annotation painted over it (annotations are drawn after the page).
  pdf('pdf:piece-annot', (d, t) => {
    if (!pdfPiece(t, '', '')(d)) return false;
    const page = d.getPage(0);
    const box = page.getCropBox();
    const ctx = d.context;
    const [x, y] = [box.x + 56, box.y + box.height - 36];
    const ap = ctx.register(ctx.stream('1 g 0 0 16 22 re f', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 16, 22] }));
    const annot = ctx.register(ctx.obj({ Type: 'Annot', Subtype: 'Square', Rect: [x, y, x + 16, y + 22], F: 4, IC: [1, 1, 1], C: [1, 1, 1], AP: ctx.obj({ N: ap }) }));
    const annots = page.node.Annots();
    if (annots) annots.push(annot);
    else page.node.set(PDFLib.PDFName.of('Annots'), ctx.obj([annot]));
    return true;
  }),
  // Filled with a tiling pattern whose cell paints nothing.
  pdf('pdf:piece-pattern', (d, t) => {
    const page = d.getPage(0);
    page.node.normalize();
    const ctx = d.context;
    const cell = ctx.register(ctx.stream('', { PatternType: 1, PaintType: 1, TilingType: 1, BBox: [0, 0, 10, 10], XStep: 10, YStep: 10, Resources: ctx.obj({}) }));
    const resources = page.node.Resources()!;
    const patterns = resources.lookupMaybe(PDFLib.PDFName.of('Pattern'), PDFLib.PDFDict) ?? ctx.obj({});
    patterns.set(PDFLib.PDFName.of('PRt'), cell);
    resources.set(PDFLib.PDFName.of('Pattern'), patterns);
    return pdfPiece(t, '/Pattern cs /PRt scn', '0 g')(d);
  }),
  pdf('pdf:piece-picture', (d, t) =>
    pdfDraw(d, (f, l, top) => `BT /${f} 16 Tf ${l + 40} ${top - 30} Td ${ucs2Hex([...t][0])} Tj ${ucs2Hex('开')} Tj ${ucs2Hex([...t].slice(1).join(''))} Tj ET q 17 0 0 22 ${l + 55.5} ${top - 36} cm BI /W 1 /H 1 /CS /RGB /BPC 8 /F /AHx ID ffffff> EI Q`),
  ),
];

export const PDF_SITES: Site[] = [
  pdf('pdf:info-title', (d, t) => d.setTitle(t)),
  pdf('pdf:info-keywords', (d, t) => d.setKeywords([t])),
  pdf('pdf:xmp', (d, t) => {
    const s = d.context.stream(enc.encode(XMP(t)), { Type: 'Metadata', Subtype: 'XML', Length: enc.encode(XMP(t)).length });
    d.catalog.set(PDFLib.PDFName.of('Metadata'), d.context.register(s));
  }),
  pdf('pdf:annot-text', (d, t) => void addAnnot(d, { Subtype: 'Text', Contents: hex(t), T: hex('张三'), Open: true })),
  pdf('pdf:annot-freetext', (d, t) => void addAnnot(d, { Subtype: 'FreeText', Contents: hex(t), DA: PDFLib.PDFString.of('/Helv 12 Tf 0 g') })),
  pdf('pdf:form-field', (d, t) => {
    const w = addAnnot(d, { Subtype: 'Widget', FT: 'Tx', T: PDFLib.PDFString.of('classification'), V: hex(t), DA: PDFLib.PDFString.of('/Helv 12 Tf 0 g'), F: 4 });
    const af = d.catalog.lookup(PDFLib.PDFName.of('AcroForm'));
    if (af instanceof PDFLib.PDFDict) {
      const fields = af.lookup(PDFLib.PDFName.of('Fields'));
      if (fields instanceof PDFLib.PDFArray) fields.push(w);
      else af.set(PDFLib.PDFName.of('Fields'), d.context.obj([w]));
      af.set(PDFLib.PDFName.of('NeedAppearances'), PDFLib.PDFBool.True);
    } else d.catalog.set(PDFLib.PDFName.of('AcroForm'), d.context.obj({ Fields: [w], NeedAppearances: true }));
  }),
  pdf('pdf:attachment', (d, t) => {
    void d.attach(enc.encode(`${t}\n关于做好年度工作的通知\n`), '附件.txt', { mimeType: 'text/plain', description: '附件' });
  }),
  pdf('pdf:outline', (d, t) => {
    if (d.catalog.get(PDFLib.PDFName.of('Outlines'))) return false;
    const outlinesRef = d.context.nextRef();
    const item = d.context.register(d.context.obj({ Title: hex(t), Parent: outlinesRef, Dest: [d.getPage(0).ref, PDFLib.PDFName.of('Fit')] } as never));
    d.context.assign(outlinesRef, d.context.obj({ Type: 'Outlines', First: item, Last: item, Count: 1 }));
    d.catalog.set(PDFLib.PDFName.of('Outlines'), outlinesRef);
  }),
  ...PDF_PAGE_SITES,
];

// ------------------------------------------------------------------ RTF and HTML (text formats)

// In a group of its own with \uc1: the document may have set another fallback count (\uc2 in
// Japanese RTF), which would swallow the next \u of the marking.
const rtfEsc = (t: string) => `{\\uc1 ${[...t].map((c) => (c.charCodeAt(0) < 128 ? c : `\\u${c.charCodeAt(0) > 32767 ? c.charCodeAt(0) - 65536 : c.charCodeAt(0)}?`)).join('')}}`;
function textSite(name: string, ok: (s: string) => boolean, f: (s: string, t: string) => string | undefined): Site {
  return {
    name,
    apply(bytes, t) {
      const s = Buffer.from(bytes).toString('latin1');
      if (!ok(s)) return undefined;
      const r = f(s, t);
      return r === undefined ? undefined : new Uint8Array(Buffer.from(r, 'latin1'));
    },
  };
}
const isRtf = (s: string) => s.startsWith('{\\rtf');
const rtfEnd = (s: string, add: string) => {
  const i = s.lastIndexOf('}');
  return i < 0 ? undefined : s.slice(0, i) + add + s.slice(i);
};
/** After the header tables (font, colour, stylesheet, info…): before the first \pard, or at the end. */
const rtfBody = (s: string, add: string) => {
  // The first \pard of the document's own group (depth 1): one inside a destination such as
  // {\*\ftnsep …} or {\*\pgdsctbl …} is not body text.
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') {
      if (depth === 1 && s.startsWith('\\pard', i) && !/[a-z]/.test(s[i + 5] ?? '')) return s.slice(0, i) + add + s.slice(i);
      i++;
    } else if (c === '{') depth++;
    else if (c === '}') depth--;
  }
  return rtfEnd(s, add);
};
export const RTF_SITES: Site[] = [
  textSite('rtf:body', isRtf, (s, t) => rtfBody(s, `\\pard ${rtfEsc(t)}\\par `)),
  textSite('rtf:header', isRtf, (s, t) => rtfBody(s, `{\\header \\pard ${rtfEsc(t)}\\par}`)),
  textSite('rtf:footer', isRtf, (s, t) => rtfBody(s, `{\\footer \\pard ${rtfEsc(t)}\\par}`)),
  textSite('rtf:hidden', isRtf, (s, t) => rtfBody(s, `\\pard {\\v ${rtfEsc(t)}}\\par `)),
  textSite('rtf:annotation', isRtf, (s, t) => rtfBody(s, `\\pard {\\*\\atnid ZS}{\\*\\atnauthor ${rtfEsc('张三')}}\\chatn {\\*\\annotation \\pard ${rtfEsc(t)}}\\par `)),
  textSite('rtf:footnote', isRtf, (s, t) => rtfBody(s, `\\pard ${rtfEsc('整理')}{\\super \\chftn}{\\footnote \\pard {\\super \\chftn} ${rtfEsc(t)}}\\par `)),
  textSite('rtf:info-title', isRtf, (s, t) => (s.includes('{\\info') ? s.replace('{\\info', `{\\info{\\title ${rtfEsc(t)}}`) : rtfBody(s, `{\\info{\\title ${rtfEsc(t)}}}`))),
  textSite('rtf:field-result', isRtf, (s, t) => rtfBody(s, `\\pard {\\field{\\*\\fldinst DOCPROPERTY mj}{\\fldrslt ${rtfEsc(t)}}}\\par `)),
  // As Word writes Chinese for a GBK font: the font table gets \fcharset134, the text \'xx pairs.
  textSite('rtf:hex-gbk', (s) => isRtf(s) && s.includes('{\\fonttbl'), (s, t) =>
    rtfBody(s.replace('{\\fonttbl', '{\\fonttbl{\\f901\\fnil\\fcharset134 SimSun;}'), `\\pard {\\f901 ${[...Buffer.from(gbk(t))].map((b) => (b < 128 ? String.fromCharCode(b) : `\\'${b.toString(16)}`)).join('')}}\\par `),
  ),
];
const iconv = createRequire(join(REPO, 'bench/package.json'))('iconv-lite') as { encode(s: string, e: string): Buffer };
const gbk = (t: string) => iconv.encode(t, 'gbk');

const isHtml = (s: string) => /<html\b|<body\b|<!doctype html/i.test(s.slice(0, 4000));
const htmlUtf8 = (s: string, t: string) => Buffer.from(enc.encode(t)).toString('latin1'); // bytes spliced into a latin1 view
const htmlBody = (s: string, add: string) => {
  const m = /<body\b[^>]*>/i.exec(s);
  return m ? s.slice(0, m.index + m[0].length) + add + s.slice(m.index + m[0].length) : undefined;
};
/** Only HTML the scanner decodes as UTF-8 (declared, or ASCII): a marking spliced in as UTF-8 must stay readable. */
const utf8Html = (s: string) => isHtml(s) && (/charset=["']?utf-8/i.test(s.slice(0, 4000)) || !/[\x80-\xff]/.test(s));
export const HTML_SITES: Site[] = [
  textSite('html:body', utf8Html, (s, t) => htmlBody(s, `<p>${htmlUtf8(s, t)}</p>`)),
  textSite('html:title', utf8Html, (s, t) => (/<title\b[^>]*>/i.test(s) ? s.replace(/<title\b[^>]*>/i, (m) => m + htmlUtf8(s, t)) : /<head\b[^>]*>/i.test(s) ? s.replace(/<head\b[^>]*>/i, (m) => `${m}<title>${htmlUtf8(s, t)}</title>`) : undefined)),
  textSite('html:hidden-div', utf8Html, (s, t) => htmlBody(s, `<div style="display:none">${htmlUtf8(s, t)}</div>`)),
  textSite('html:comment', utf8Html, (s, t) => htmlBody(s, `<!-- ${htmlUtf8(s, t)} -->`)),
  textSite('html:alt', utf8Html, (s, t) => htmlBody(s, `<img src="x.png" alt="${htmlUtf8(s, t)}">`)),
  textSite('html:meta', utf8Html, (s, t) => (/<head\b[^>]*>/i.test(s) ? s.replace(/<head\b[^>]*>/i, (m) => `${m}<meta name="keywords" content="${htmlUtf8(s, t)}">`) : undefined)),
  textSite('html:entities', utf8Html, (s, t) => htmlBody(s, `<p>${[...t].map((c) => `&#${c.codePointAt(0)};`).join('')}</p>`)),
];

// ------------------------------------------------------------------ OFD (GB/T 33190)

/** Where an OFD package's first document and its first page are, and the element prefix its files use. */
interface OfdDoc {
  doc: string;
  page: string;
  ns: string;
}
/** A ST_Loc resolved against the folder of the file that names it (a leading / is the package root). */
const ofdLoc = (base: string, loc: string) => (loc.startsWith('/') ? loc.slice(1) : resolve(base.slice(0, base.lastIndexOf('/') + 1), loc));
function ofdFirst(p: Pkg): OfdDoc | undefined {
  const root = p.text('OFD.xml');
  const docLoc = root && /<(?:\w+:)?DocRoot>([^<]+)</.exec(root)?.[1]?.trim();
  if (!docLoc) return undefined;
  const doc = ofdLoc('OFD.xml', docLoc);
  const docXml = p.text(doc);
  const pageLoc = docXml && /<(?:\w+:)?Page\b[^>]*BaseLoc="([^"]+)"/.exec(docXml)?.[1];
  if (!pageLoc) return undefined;
  const page = ofdLoc(doc, pageLoc);
  const pageXml = p.text(page);
  if (!pageXml) return undefined;
  const ns = /<(\w+:)?Page\b/.exec(pageXml)?.[1] ?? '';
  return { doc, page, ns };
}
/** Advance (mm) of a character at 4.2 mm: CJK square, others half. */
const ofdAdv = (c: string) => ((c.codePointAt(0) ?? 0) >= 0x2e80 ? 4.2 : 2.1);
let ofdId = 99000;
/** A text object at (x, y) mm writing `text`; `attrs` and `inner` (colour, clips) shape how it is drawn. */
function ofdText(ns: string, x: number, y: number, text: string, attrs = '', inner = `<${ns}FillColor Value="0 0 0"/>`): string {
  const chars = [...text];
  const deltas = chars.slice(0, -1).map(ofdAdv).join(' ');
  const width = chars.reduce((a, c) => a + ofdAdv(c), 0);
  return `<${ns}TextObject ID="${++ofdId}" Boundary="${x} ${y} ${(width + 1).toFixed(2)} 6" Font="${ofdFont}" Size="4.2"${attrs ? ` ${attrs}` : ''}>${inner}<${ns}TextCode X="0" Y="4.5"${deltas ? ` DeltaX="${deltas}"` : ''}>${escXml(text)}</${ns}TextCode></${ns}TextObject>`;
}
let ofdFont = '1';
/** Puts objects first in the first layer of page 1 (a layer of its own when the page has none). */
function ofdPageAdd(p: Pkg, d: OfdDoc, objects: string, atEnd = false): boolean {
  const ns = d.ns;
  return p.edit(d.page, (x) => {
    const layer = new RegExp(`<${ns}Layer\\b`);
    if (layer.test(x) && !new RegExp(`<${ns}Layer\\b[^>]*/>`).test(x)) return atEnd ? beforeClose(x, `${ns}Layer`, objects) : afterOpen(x, layer, objects);
    const content = `<${ns}Content><${ns}Layer ID="${++ofdId}">${objects}</${ns}Layer></${ns}Content>`;
    return new RegExp(`<${ns}Content\\b[^>]*/>`).test(x) ? x.replace(new RegExp(`<${ns}Content\\b[^>]*/>`), content) : afterOpen(x, new RegExp(`<${ns}Content\\b`), `<${ns}Layer ID="${++ofdId}">${objects}</${ns}Layer>`) ?? beforeClose(x, `${ns}Page`, content);
  });
}
function ofd(name: string, f: (p: Pkg, d: OfdDoc, text: string) => boolean): Site {
  return {
    name,
    apply(bytes, text) {
      const p = Pkg.open(bytes);
      const d = p && ofdFirst(p);
      if (!p || !d) return undefined;
      const res = p.names().find((n) => /PublicRes\.xml$/i.test(n));
      ofdFont = (res && /<(?:\w+:)?Font\b[^>]*\bID="([^"]+)"/.exec(p.text(res) ?? '')?.[1]) ?? '1';
      return f(p, d, text) ? p.bytes() : undefined;
    },
  };
}
/** The marking's first character, a piece `开` drawn by `piece` (attributes, inner elements, objects before and after it), the rest. */
function ofdPiece(p: Pkg, d: OfdDoc, t: string, piece: { attrs?: string; inner?: string; before?: string; after?: string; overdraw?: boolean }): boolean {
  const chars = [...t];
  const x1 = 10 + ofdAdv(chars[0]);
  const obj = [
    ofdText(d.ns, 10, 5, chars[0]),
    piece.before ?? '',
    ofdText(d.ns, x1, 5, '开', piece.attrs ?? '', piece.inner ?? `<${d.ns}FillColor Value="0 0 0"/>`),
    piece.after ?? '',
    ofdText(d.ns, piece.overdraw ? x1 : x1 + 4.2, 5, chars.slice(1).join('')),
  ].join('');
  return ofdPageAdd(p, d, obj);
}
const ofdBoxAt = (ns: string, rgb: string) => `<${ns}PathObject ID="${++ofdId}" Boundary="13.9 4.5 4.6 6.5" Fill="true" Stroke="false"><${ns}FillColor Value="${rgb}"/><${ns}AbbreviatedData>M 0 0 L 4.6 0 L 4.6 6.5 L 0 6.5 C</${ns}AbbreviatedData></${ns}PathObject>`;
export const OFD_SITES: Site[] = [
  ofd('ofd:page-text', (p, d, t) => ofdPageAdd(p, d, ofdText(d.ns, 10, 5, t))),
  ofd('ofd:per-glyph-reversed', (p, d, t) => {
    let x = 10;
    const objs = [...t].map((c) => {
      const o = ofdText(d.ns, x, 5, c);
      x += ofdAdv(c);
      return o;
    });
    return ofdPageAdd(p, d, objs.reverse().join(''));
  }),
  ofd('ofd:split-order', (p, d, t) => ofdPageAdd(p, d, ofdText(d.ns, 10 + ofdAdv([...t][0]), 5, [...t].slice(1).join(''))) && ofdPageAdd(p, d, ofdText(d.ns, 10, 5, [...t][0]), true)),
  ofd('ofd:piece-alpha', (p, d, t) => ofdPiece(p, d, t, { attrs: 'Alpha="10"' })),
  ofd('ofd:piece-white', (p, d, t) => ofdPiece(p, d, t, { inner: `<${d.ns}FillColor Value="250 250 250"/>` })),
  ofd('ofd:piece-tiny', (p, d, t) => ofdPiece(p, d, t, { attrs: 'HScale="0.05"' })),
  ofd('ofd:piece-clip', (p, d, t) => ofdPiece(p, d, t, { inner: `<${d.ns}Clips><${d.ns}Clip><${d.ns}Area><${d.ns}Path Boundary="0 0 1 1"><${d.ns}AbbreviatedData>M 0 0 L 0.1 0 L 0.1 0.1 C</${d.ns}AbbreviatedData></${d.ns}Path></${d.ns}Area></${d.ns}Clip></${d.ns}Clips>` })),
  ofd('ofd:piece-covered', (p, d, t) => ofdPiece(p, d, t, { after: ofdBoxAt(d.ns, '255 255 255') })),
  ofd('ofd:piece-ground', (p, d, t) => ofdPiece(p, d, t, { before: ofdBoxAt(d.ns, '200 0 0'), inner: `<${d.ns}FillColor Value="200 0 0"/>` })),
  ofd('ofd:piece-overdraw', (p, d, t) => ofdPiece(p, d, t, { overdraw: true })),
  ofd('ofd:hidden-layer', (p, d, t) => p.edit(d.page, (x) => afterOpen(x, new RegExp(`<${d.ns}Content\\b`), `<${d.ns}Layer ID="${++ofdId}" Visible="false">${ofdText(d.ns, 10, 5, t)}</${d.ns}Layer>`))),
  ofd('ofd:title', (p, _d, t) => p.edit('OFD.xml', (x) => (/<(\w+:)?Title>/.test(x) ? x.replace(/<((?:\w+:)?)Title>[^<]*<\/(?:\w+:)?Title>/, `<$1Title>${escXml(t)}</$1Title>`) : afterOpen(x, /<(?:\w+:)?DocInfo\b/, `<ofd:Title xmlns:ofd="http://www.ofdspec.org/2016">${escXml(t)}</ofd:Title>`)))),
  ofd('ofd:custom-data', (p, _d, t) => p.edit('OFD.xml', (x) => afterOpen(x, /<(?:\w+:)?DocInfo\b/, `<ofd:CustomDatas xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CustomData Name="密级">${escXml(t)}</ofd:CustomData></ofd:CustomDatas>`))),
  ofd('ofd:annotation', (p, d, t) => {
    const ns = d.ns;
    const docXml = p.text(d.doc)!;
    const pageId = new RegExp(`<${ns}Page\\b[^>]*\\bID="([^"]+)"`).exec(docXml)?.[1];
    if (!pageId) return false;
    const annot = `<?xml version="1.0" encoding="UTF-8"?><ofd:PageAnnot xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Annot ID="${++ofdId}" Type="Stamp" Creator="王审核" LastModDate="2024-05-08"><ofd:Appearance Boundary="10 5 60 8">${ofdText('ofd:', 0, 0, t)}</ofd:Appearance></ofd:Annot></ofd:PageAnnot>`;
    const dir = d.doc.slice(0, d.doc.lastIndexOf('/') + 1);
    const listLoc = new RegExp(`<${ns}Annotations>([^<]+)</${ns}Annotations>`).exec(docXml)?.[1]?.trim();
    if (listLoc) {
      const list = ofdLoc(d.doc, listLoc);
      const entry = `<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016" PageID="${pageId}"><ofd:FileLoc>RtAnnot.xml</ofd:FileLoc></ofd:Page>`;
      if (!p.edit(list, (x) => afterOpen(x, /<(?:\w+:)?Annotations\b/, entry))) return false;
      p.set(ofdLoc(list, 'RtAnnot.xml'), annot);
      return true;
    }
    p.set(`${dir}RtAnnots/Annotations.xml`, `<?xml version="1.0" encoding="UTF-8"?><ofd:Annotations xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Page PageID="${pageId}"><ofd:FileLoc>RtAnnot.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>`);
    p.set(`${dir}RtAnnots/RtAnnot.xml`, annot);
    return p.edit(d.doc, (x) => beforeClose(x, `${ns}Document`, `<${ns}Annotations>RtAnnots/Annotations.xml</${ns}Annotations>`));
  }),
];

const ALL: Record<string, Site[]> = { docx: DOCX_SITES, xlsx: XLSX_SITES, pptx: PPTX_SITES, odf: ODF_SITES, pdf: PDF_SITES, rtf: RTF_SITES, html: HTML_SITES, ofd: OFD_SITES };
const FORMAT_OF: Record<string, string> = { '.docx': 'docx', '.docm': 'docx', '.dotx': 'docx', '.xlsx': 'xlsx', '.xlsm': 'xlsx', '.pptx': 'pptx', '.pptm': 'pptx', '.odt': 'odf', '.ods': 'odf', '.odp': 'odf', '.pdf': 'pdf', '.rtf': 'rtf', '.html': 'html', '.htm': 'html', '.xhtml': 'html', '.ofd': 'ofd' };

// ------------------------------------------------------------------ run

const only = values.only?.split(',');
const siteFilter = values.site?.split(',');
const fileFilter = values.file?.split(',');
const maxPer = Number(values['max-per-format']);
const byFormat = new Map<string, string[]>();
for (const f of filesUnder(dir).sort()) {
  const fmt = FORMAT_OF[extname(f).toLowerCase()];
  if (!fmt || (only && !only.includes(fmt)) || (fileFilter && !fileFilter.includes(basename(f)))) continue;
  if (f.includes('/src/test/java/')) continue;
  (byFormat.get(fmt) ?? byFormat.set(fmt, []).get(fmt)!).push(f);
}
// An even spread over each format's files when there are more than --max-per-format.
for (const [fmt, fs] of byFormat) if (fs.length > maxPer) byFormat.set(fmt, Array.from({ length: maxPer }, (_, k) => fs[Math.floor((k * fs.length) / maxPer)]));

interface Job {
  file: string;
  fmt: string;
  site: string;
  mark: string;
  benign: boolean;
  bytes?: Uint8Array;
  name: string;
}
const jobs: Job[] = [];
const originals: Job[] = [];
let notApplicable = 0;
let k = 0;
for (const [fmt, fs] of byFormat) {
  for (const file of fs) {
    const bytes = new Uint8Array(readFileSync(file));
    originals.push({ file, fmt, site: 'original', mark: '', benign: true, bytes, name: basename(file) });
    const sites = [...ALL[fmt], { name: `${fmt}:filename`, apply: (b: Uint8Array) => b }].filter((s) => !siteFilter || siteFilter.some((x) => s.name === x || s.name.endsWith(`:${x}`)));
    for (const site of sites) {
      const marks = values['all-marks'] ? MARKS : [MARKS[k++ % MARKS.length]];
      for (const mark of marks) {
        const variants: Array<[string, boolean]> = [[mark, false], ...(values.twins ? ([[BENIGN, true]] as Array<[string, boolean]>) : [])];
        for (const [text, benign] of variants) {
          const s = site as Site & { applyAsync?: (b: Uint8Array, t: string) => Promise<Uint8Array | undefined> };
          let out: Uint8Array | undefined;
          try {
            out = s.applyAsync ? await s.applyAsync(bytes, text) : s.apply(bytes, text);
          } catch {
            out = undefined;
          }
          if (!out) {
            if (!benign) notApplicable++;
            continue;
          }
          const isName = site.name.endsWith(':filename');
          jobs.push({ file, fmt, site: site.name, mark: text, benign, bytes: out, name: isName ? `${text}-${basename(file)}` : basename(file) });
        }
      }
    }
  }
}

const env = { ...process.env, PREPUB_FUZZ_OCR: '0', PREPUB_FUZZ_FILE_TIMEOUT_MS: values['file-timeout'] };
const lanes = Array.from({ length: Math.max(1, Number(values.jobs)) }, () => new Lane(env));
const all = [...originals, ...jobs];
const results: Array<{ job: Job; reply?: ScanReply; died?: string }> = new Array(all.length);
let next = 0;
const t0 = performance.now();
try {
  await Promise.all(
    lanes.map(async (lane) => {
      while (next < all.length) {
        const i = next++;
        const j = all[i];
        const r = await lane.scan({ index: i, filename: j.name, bytes: j.bytes! }, Number(values['file-timeout']) * 2 + 5_000);
        results[i] = { job: j, reply: r.reply, died: r.died ?? (r.hung ? 'hung' : undefined) };
        j.bytes = values.keep ? j.bytes : undefined;
        if (i % 100 === 0) process.stderr.write(`  ${i}/${all.length} ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
      }
    }),
  );
} finally {
  for (const l of lanes) l.close();
}

const origVerdict = new Map(results.slice(0, originals.length).map((r) => [r.job.file, r.reply?.verdict ?? 'error']));
const rank: Record<string, number> = { pass: 0, review: 1, block: 2, error: 3 };
/** A finding on the marking: its text holds the level (any script) or the finding is a marking rule. */
const onMarking = (r?: ScanReply) => !!r?.findings?.some((f) => /[机機绝絕秘]/.test(f.text ?? '') || /marking|classif|secret/i.test(f.ruleId));
const table = new Map<string, { files: number; pass: number; masked: number; block: number; review: number; error: number; twins: number; twinWorse: number }>();
const leaks: string[] = [];
const masked: string[] = [];
const twinWorse: string[] = [];
for (const r of results.slice(originals.length)) {
  const j = r.job;
  const row = table.get(j.site) ?? table.set(j.site, { files: 0, pass: 0, masked: 0, block: 0, review: 0, error: 0, twins: 0, twinWorse: 0 }).get(j.site)!;
  const v = r.reply?.verdict ?? 'error';
  const rel = relative(dir, j.file);
  if (j.benign) {
    row.twins++;
    if (rank[v] > rank[origVerdict.get(j.file) ?? 'error']) {
      row.twinWorse++;
      twinWorse.push(`${j.site}\t${rel}\t${origVerdict.get(j.file)} → ${v}\t${r.reply?.findings?.map((f) => `${f.ruleId}:${f.text ?? ''}`).join(' | ') ?? ''}`);
    }
    continue;
  }
  row.files++;
  row[v as 'pass' | 'review' | 'block' | 'error']++;
  if (v === 'pass') {
    leaks.push(`${j.site}\t${j.mark}\t${rel}`);
    if (values.keep) {
      mkdirSync(values.keep, { recursive: true });
      writeFileSync(join(values.keep, `${j.site.replace(':', '_')}__${basename(j.file)}`), j.bytes!);
    }
  } else if (v !== 'error' && !onMarking(r.reply)) {
    if (values.keep) {
      mkdirSync(values.keep, { recursive: true });
      writeFileSync(join(values.keep, `unseen_${j.site.replace(':', '_')}__${basename(j.file)}`), j.bytes!);
    }
    row.masked++;
    masked.push(`${j.site}\t${j.mark}\t${rel}\t${v}\t${[...new Set(r.reply?.unread?.map((u) => u.reason) ?? [])].join(',')}`);
  }
}

console.log(`\nred team: ${originals.length} peer files, ${jobs.filter((j) => !j.benign).length} mutated files (${notApplicable} site×file pairs not applicable), ${((performance.now() - t0) / 1000).toFixed(0)} s`);
const ov = new Map<string, number>();
for (const v of origVerdict.values()) ov.set(v, (ov.get(v) ?? 0) + 1);
console.log(`untouched files: ${[...ov].map(([v, n]) => `${v} ${n}`).join(', ')}`);
console.log('\n| site | mutated | pass (leak) | review, marking unseen | review | block | error | twins | twins worse |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
let totPass = 0;
let totFiles = 0;
for (const [site, r] of [...table].sort()) {
  totPass += r.pass;
  totFiles += r.files;
  console.log(`| ${site} | ${r.files} | ${r.pass} | ${r.masked} | ${r.review} | ${r.block} | ${r.error} | ${r.twins} | ${r.twinWorse} |`);
}
console.log(`\ntotal: ${totFiles} mutated, ${totPass} pass`);
if (leaks.length) console.log(`\nleaks (a marking intact, verdict pass):\n${leaks.map((l) => `  ${l}`).join('\n')}`);
if (masked.length) console.log(`\nreview without a finding on the marking:\n${masked.slice(0, 200).map((l) => `  ${l}`).join('\n')}`);
if (twinWorse.length) console.log(`\nbenign twins worse than the untouched file:\n${twinWorse.map((l) => `  ${l}`).join('\n')}`);
if (values.out) writeFileSync(values.out, JSON.stringify({ table: Object.fromEntries(table), leaks, masked, twinWorse }, null, 1));
process.exit(0);
