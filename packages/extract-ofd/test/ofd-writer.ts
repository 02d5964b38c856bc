/**
 * Writes OFD packages from a description, for tests and the sample corpus: OFD.xml, Document.xml,
 * resources, pages, template pages, annotations, attachments, signatures with a seal picture,
 * custom data. Deterministic (fixed timestamps), zipped with fflate. Coordinates in millimetres.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';

export interface TextSpec {
  x: number;
  y: number;
  text: string;
  /** Font size (mm); default 4.2 (about 三号 in a 公文). */
  size?: number;
  /** Every glyph its own TextCode (how some producers write). */
  perGlyph?: boolean;
  /** Glyph ids with no text (a font without a Unicode mapping): the TextCode is left empty. */
  glyphsOnly?: boolean;
  ctm?: string;
  visible?: boolean;
  color?: string;
}

export interface ImageSpec {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Resource ID of a media file declared in `media`. */
  resource: number;
}

export interface PageSpec {
  texts: TextSpec[];
  images?: ImageSpec[];
  /** ID of the template page drawn behind this page. */
  template?: number;
}

export interface AnnotSpec {
  page: number;
  type: 'Stamp' | 'Highlight' | 'Watermark' | 'Link' | 'Path';
  boundary: [number, number, number, number];
  texts: TextSpec[];
  remark?: string;
}

export interface DocSpec {
  title?: string;
  author?: string;
  subject?: string;
  abstract?: string;
  keywords?: string[];
  custom?: Record<string, string>;
  pages: PageSpec[];
  templates?: Array<{ id: number; texts: TextSpec[] }>;
  annotations?: AnnotSpec[];
  attachments?: Array<{ name: string; format: string; file: string; bytes: Uint8Array }>;
  media?: Array<{ id: number; file: string; format: string; bytes: Uint8Array }>;
  /** Electronic stamps: a seal picture in the signed value, drawn on `page`. */
  stamps?: Array<{ page: number; boundary: [number, number, number, number]; picture: Uint8Array; pictureType: string }>;
}

export interface OfdSpec {
  docs: DocSpec[];
  /** Writes Encryptions.xml (GM/T 0099) at the root. */
  encrypted?: boolean;
  /** Entries replaced after writing (damage) or left out (undefined). */
  override?: Record<string, string | Uint8Array | undefined>;
}

const NS = 'http://www.ofdspec.org/2016';
const MTIME = new Date('2024-05-08T08:00:00Z');

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;

/** A TextObject per spec: one TextCode with DeltaX, or one TextCode per glyph. */
function textObject(t: TextSpec, id: number): string {
  const size = t.size ?? 4.2;
  const chars = [...t.text];
  const adv = (c: string) => ((c.codePointAt(0) ?? 0) >= 0x2e80 ? size : size * 0.5);
  const width = chars.reduce((a, c) => a + adv(c), 0);
  const attrs = `ID="${id}" Boundary="${t.x} ${t.y} ${(width + 1).toFixed(2)} ${(size * 1.2).toFixed(2)}" Font="3" Size="${size}"${t.ctm ? ` CTM="${t.ctm}"` : ''}${t.visible === false ? ' Visible="false"' : ''}`;
  const fill = `<ofd:FillColor Value="${t.color ?? '0 0 0'}"/>`;
  const baseline = (size * 0.9).toFixed(2);
  if (t.glyphsOnly) {
    const glyphs = chars.map((_, i) => 100 + i).join(' ');
    return `<ofd:TextObject ${attrs}>${fill}<ofd:CGTransform CodePosition="0" CodeCount="${chars.length}" GlyphCount="${chars.length}"><ofd:Glyphs>${glyphs}</ofd:Glyphs></ofd:CGTransform><ofd:TextCode X="0" Y="${baseline}"></ofd:TextCode></ofd:TextObject>`;
  }
  if (t.perGlyph) {
    let x = 0;
    const codes = chars.map((c) => {
      const code = `<ofd:TextCode X="${x.toFixed(2)}" Y="${baseline}">${esc(c)}</ofd:TextCode>`;
      x += adv(c);
      return code;
    });
    return `<ofd:TextObject ${attrs}>${fill}${codes.join('')}</ofd:TextObject>`;
  }
  const deltas = chars.slice(0, -1).map((c) => +adv(c).toFixed(3));
  const deltaX = deltas.length ? ` DeltaX="${compress(deltas)}"` : '';
  return `<ofd:TextObject ${attrs}>${fill}<ofd:TextCode X="0" Y="${baseline}"${deltaX}>${esc(t.text)}</ofd:TextCode></ofd:TextObject>`;
}

/** Runs of equal advances written as `g N v`, as producers do. */
function compress(values: number[]): string {
  const out: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j < values.length && values[j] === values[i]) j++;
    out.push(j - i > 1 ? `g ${j - i} ${values[i]}` : String(values[i]));
    i = j;
  }
  return out.join(' ');
}

function contentXml(texts: TextSpec[], images: ImageSpec[], next: () => number, extra = ''): string {
  const objs = [...texts.map((t) => textObject(t, next())), ...images.map((im) => `<ofd:ImageObject ID="${next()}" Boundary="${im.x} ${im.y} ${im.w} ${im.h}" CTM="${im.w} 0 0 ${im.h} 0 0" ResourceID="${im.resource}"/>`)];
  return xml(`<ofd:Page xmlns:ofd="${NS}">${extra}<ofd:Content><ofd:Layer ID="${next()}" Type="Body">${objs.join('')}</ofd:Layer></ofd:Content></ofd:Page>`);
}

/** A seal in the shape of GM/T 0031 (simplified): a SEQUENCE holding the picture type and an OCTET STRING with the picture. */
export function sealDer(picture: Uint8Array, type: string): Uint8Array {
  const tlv = (tag: number, body: Uint8Array): Uint8Array => {
    const len = body.length;
    const head = len < 0x80 ? [tag, len] : len < 0x100 ? [tag, 0x81, len] : len < 0x10000 ? [tag, 0x82, len >> 8, len & 0xff] : [tag, 0x83, len >> 16, (len >> 8) & 0xff, len & 0xff];
    const out = new Uint8Array(head.length + len);
    out.set(head, 0);
    out.set(body, head.length);
    return out;
  };
  const cat = (...parts: Uint8Array[]) => {
    const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) out.set(p, o), (o += p.length);
    return out;
  };
  const picInfo = tlv(0x30, cat(tlv(0x16, strToU8(type)), tlv(0x04, picture), tlv(0x02, new Uint8Array([40])), tlv(0x02, new Uint8Array([40]))));
  const esealInfo = tlv(0x30, cat(tlv(0x16, strToU8('ES')), tlv(0x0c, strToU8('江临市交通运输局电子印章')), picInfo));
  return tlv(0x30, cat(esealInfo, tlv(0x03, new Uint8Array([0, 1, 2, 3]))));
}

export function ofd(spec: OfdSpec): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const put = (name: string, content: string | Uint8Array) => (files[name] = typeof content === 'string' ? strToU8(content) : content);
  const bodies: string[] = [];
  spec.docs.forEach((doc, n) => {
    const dir = `Doc_${n}`;
    let id = 10;
    const next = () => ++id;
    const info: string[] = [`<ofd:DocID>${(n + 1).toString(16).padStart(32, '0')}</ofd:DocID>`];
    if (doc.title) info.push(`<ofd:Title>${esc(doc.title)}</ofd:Title>`);
    if (doc.author) info.push(`<ofd:Author>${esc(doc.author)}</ofd:Author>`);
    if (doc.subject) info.push(`<ofd:Subject>${esc(doc.subject)}</ofd:Subject>`);
    if (doc.abstract) info.push(`<ofd:Abstract>${esc(doc.abstract)}</ofd:Abstract>`);
    info.push('<ofd:CreationDate>2024-05-08</ofd:CreationDate>');
    if (doc.keywords?.length) info.push(`<ofd:Keywords>${doc.keywords.map((k) => `<ofd:Keyword>${esc(k)}</ofd:Keyword>`).join('')}</ofd:Keywords>`);
    info.push('<ofd:Creator>prepub samples</ofd:Creator>');
    if (doc.custom) info.push(`<ofd:CustomDatas>${Object.entries(doc.custom).map(([k, v]) => `<ofd:CustomData Name="${esc(k)}">${esc(v)}</ofd:CustomData>`).join('')}</ofd:CustomDatas>`);
    const sig = doc.stamps?.length ? `<ofd:Signatures>${dir}/Signs/Signatures.xml</ofd:Signatures>` : '';
    bodies.push(`<ofd:DocBody><ofd:DocInfo>${info.join('')}</ofd:DocInfo><ofd:DocRoot>${dir}/Document.xml</ofd:DocRoot>${sig}</ofd:DocBody>`);

    put(`${dir}/PublicRes.xml`, xml(`<ofd:Res xmlns:ofd="${NS}" BaseLoc="Res"><ofd:Fonts><ofd:Font ID="3" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>`));
    const docRes = doc.media?.length
      ? `<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>`
      : '';
    if (doc.media?.length) {
      put(`${dir}/DocumentRes.xml`, xml(`<ofd:Res xmlns:ofd="${NS}" BaseLoc="Res"><ofd:MultiMedias>${doc.media.map((m) => `<ofd:MultiMedia ID="${m.id}" Type="Image" Format="${m.format}"><ofd:MediaFile>${m.file}</ofd:MediaFile></ofd:MultiMedia>`).join('')}</ofd:MultiMedias></ofd:Res>`));
      for (const m of doc.media) put(`${dir}/Res/${m.file}`, m.bytes);
    }
    const tpls = (doc.templates ?? []).map((t, k) => {
      put(`${dir}/Tpls/Tpl_${k}/Content.xml`, contentXml(t.texts, [], next));
      return `<ofd:TemplatePage ID="${t.id}" BaseLoc="Tpls/Tpl_${k}/Content.xml"/>`;
    });
    const pageIds: number[] = [];
    const pages = doc.pages.map((p, k) => {
      const pid = next();
      pageIds.push(pid);
      const tpl = p.template !== undefined ? `<ofd:Template TemplateID="${p.template}" ZOrder="Background"/>` : '';
      put(`${dir}/Pages/Page_${k}/Content.xml`, contentXml(p.texts, p.images ?? [], next, tpl));
      return `<ofd:Page ID="${pid}" BaseLoc="Pages/Page_${k}/Content.xml"/>`;
    });
    let annots = '';
    if (doc.annotations?.length) {
      const byPage = new Map<number, AnnotSpec[]>();
      for (const a of doc.annotations) byPage.set(a.page, [...(byPage.get(a.page) ?? []), a]);
      const list = [...byPage].map(([page, as]) => {
        const body = as
          .map((a) => `<ofd:Annot ID="${next()}" Type="${a.type}" Creator="王审核" LastModDate="2024-05-08">${a.remark ? `<ofd:Remark>${esc(a.remark)}</ofd:Remark>` : ''}<ofd:Appearance Boundary="${a.boundary.join(' ')}">${a.texts.map((t) => textObject(t, next())).join('')}</ofd:Appearance></ofd:Annot>`)
          .join('');
        put(`${dir}/Annots/Page_${page - 1}/Annotation.xml`, xml(`<ofd:PageAnnot xmlns:ofd="${NS}">${body}</ofd:PageAnnot>`));
        return `<ofd:Page PageID="${pageIds[page - 1]}"><ofd:FileLoc>Page_${page - 1}/Annotation.xml</ofd:FileLoc></ofd:Page>`;
      });
      put(`${dir}/Annots/Annotations.xml`, xml(`<ofd:Annotations xmlns:ofd="${NS}">${list.join('')}</ofd:Annotations>`));
      annots = '<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>';
    }
    let atts = '';
    if (doc.attachments?.length) {
      const list = doc.attachments.map((a) => {
        put(`${dir}/Attachs/${a.file}`, a.bytes);
        return `<ofd:Attachment ID="${next()}" Name="${esc(a.name)}" Format="${a.format}" CreationDate="2024-05-08" Size="${(a.bytes.length / 1024).toFixed(2)}"><ofd:FileLoc>${a.file}</ofd:FileLoc></ofd:Attachment>`;
      });
      put(`${dir}/Attachs/Attachments.xml`, xml(`<ofd:Attachments xmlns:ofd="${NS}">${list.join('')}</ofd:Attachments>`));
      atts = '<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>';
    }
    if (doc.stamps?.length) {
      const list = doc.stamps.map((s, k) => {
        put(`${dir}/Signs/Sign_${k}/SignedValue.dat`, sealDer(s.picture, s.pictureType));
        put(
          `${dir}/Signs/Sign_${k}/Signature.xml`,
          xml(`<ofd:Signature xmlns:ofd="${NS}"><ofd:SignedInfo><ofd:Provider ProviderName="prepub samples" Company="江临市数据局"/><ofd:SignatureMethod>1.2.156.10197.1.501</ofd:SignatureMethod><ofd:SignatureDateTime>20240508080000Z</ofd:SignatureDateTime><ofd:References CheckMethod="1.2.156.10197.1.401"><ofd:Reference FileRef="/${dir}/Document.xml"><ofd:CheckValue>AAAA</ofd:CheckValue></ofd:Reference></ofd:References><ofd:StampAnnot ID="${next()}" PageRef="${pageIds[s.page - 1]}" Boundary="${s.boundary.join(' ')}"/></ofd:SignedInfo><ofd:SignedValue>/${dir}/Signs/Sign_${k}/SignedValue.dat</ofd:SignedValue></ofd:Signature>`),
        );
        return `<ofd:Signature ID="${k + 1}" Type="Seal" BaseLoc="Sign_${k}/Signature.xml"/>`;
      });
      put(`${dir}/Signs/Signatures.xml`, xml(`<ofd:Signatures xmlns:ofd="${NS}"><ofd:MaxSignId>${list.length}</ofd:MaxSignId>${list.join('')}</ofd:Signatures>`));
    }
    put(
      `${dir}/Document.xml`,
      xml(`<ofd:Document xmlns:ofd="${NS}"><ofd:CommonData><ofd:MaxUnitID>${id + 1}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes>${docRes}${tpls.join('')}</ofd:CommonData><ofd:Pages>${pages.join('')}</ofd:Pages>${annots}${atts}</ofd:Document>`),
    );
  });
  put('OFD.xml', xml(`<ofd:OFD xmlns:ofd="${NS}" Version="1.0" DocType="OFD">${bodies.join('')}</ofd:OFD>`));
  if (spec.encrypted) put('Encryptions.xml', xml(`<ofd:Encryptions xmlns:ofd="${NS}"><ofd:EncryptInfo ID="1" Type="SM4"><ofd:EntriesMapLoc>/EncryptEntries.xml</ofd:EntriesMapLoc></ofd:EncryptInfo></ofd:Encryptions>`));
  for (const [name, v] of Object.entries(spec.override ?? {})) {
    if (v === undefined) delete files[name];
    else put(name, v);
  }
  // OFD.xml first, as producers write it; the rest in a stable order.
  const zippable: Zippable = {};
  for (const name of ['OFD.xml', ...Object.keys(files).filter((n) => n !== 'OFD.xml').sort()]) if (files[name]) zippable[name] = [files[name], { mtime: MTIME }];
  return zipSync(zippable, { level: 6 });
}

/** Lines of `text` broken every `width` characters, placed down the page from `top` with `leading` mm between baselines. */
export function paragraphLines(text: string, opts: { x?: number; top: number; width?: number; leading?: number; size?: number; indent?: boolean }): TextSpec[] {
  const out: TextSpec[] = [];
  const width = opts.width ?? 28;
  let y = opts.top;
  for (const para of text.split('\n')) {
    const chars = [...(opts.indent ? `　　${para.trim()}` : para.trim())];
    if (chars.length === 0) continue;
    for (let i = 0; i < chars.length; i += width) {
      out.push({ x: opts.x ?? 27, y, text: chars.slice(i, i + width).join(''), ...(opts.size ? { size: opts.size } : {}) });
      y += opts.leading ?? 7.5;
    }
  }
  return out;
}
