/**
 * Hostile but realistic packages: a marking where the reader once read it in pieces or not at all.
 * Each case is built from a clean 红头文件 written by ofd-writer.ts and edited as a producer or a
 * careless editor would leave it.
 */
import { describe, expect, it } from 'vitest';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { DEFAULT_LIMITS, type Extraction } from '@prepub/core';
import { extractOfd } from '../src/index.ts';
import { ofd, paragraphLines, type DocSpec, type TextSpec } from './ofd-writer.ts';

const NS = 'http://www.ofdspec.org/2016';
const P0 = 'Doc_0/Pages/Page_0/Content.xml';
const BODY = '为做好港区航道疏浚工程实施期间的运输保障工作，经市局研究，现将有关事项通知如下。各单位要按照工程进度安排，提前制定船舶调度和车辆通行方案。';
const head = (marking?: string): TextSpec[] => [
  { x: 27, y: 22, text: '000012' },
  ...(marking ? [{ x: 27, y: 29, text: marking }] : []),
  { x: 27, y: 36, text: '特急' },
  { x: 45, y: 50, text: '江临市交通运输局文件', size: 11, color: '230 0 0' },
  { x: 80, y: 70, text: '临交〔2024〕12号' },
  { x: 40, y: 84, text: '关于做好港区航道疏浚工程运输保障工作的通知', size: 5.6 },
];
const body = () => paragraphLines(BODY, { top: 100, indent: true });
const notice = (d: Partial<DocSpec> = {}): DocSpec => ({ title: '关于做好港区航道疏浚工程运输保障工作的通知', pages: [{ texts: [...head(), ...body()] }], ...d });
/** The same notice with 机密★5年 written one glyph per TextCode, as some producers write. */
const markedPerGlyph = () => notice({ pages: [{ texts: [...head(), { x: 27, y: 29, text: '机密★5年', perGlyph: true }, ...body()] }] });
const edit = (bytes: Uint8Array, f: (files: Record<string, Uint8Array>) => void) => {
  const files = unzipSync(bytes);
  f(files);
  return zipSync(files);
};
const sub = (files: Record<string, Uint8Array>, name: string, a: string | RegExp, b: string) => {
  const s = strFromU8(files[name]);
  const t = s.replace(a, b);
  expect(t, `${name}: ${a}`).not.toBe(s);
  files[name] = strToU8(t);
};
const read = (bytes: Uint8Array) => extractOfd(bytes, { limits: DEFAULT_LIMITS });
const allLines = (r: Extraction) => r.parts.flatMap((p) => p.text.split('\n'));

describe('text objects outside the pages are laid out, not read element by element', () => {
  it('a page of an earlier version (Versions → DocVersion → FileList) with the marking one glyph per TextCode', async () => {
    const old = unzipSync(ofd({ docs: [markedPerGlyph()] }))[P0];
    const bytes = edit(ofd({ docs: [notice()] }), (f) => {
      f['Doc_0/Versions/Version_0/Page_0/Content.xml'] = old;
      f['Doc_0/Versions/Version_0/DocVersion.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><ofd:DocVersion xmlns:ofd="${NS}" ID="1" Version="1" Name="初稿" CreationDate="2024-05-01"><ofd:FileList><ofd:File ID="1">Page_0/Content.xml</ofd:File></ofd:FileList><ofd:DocRoot>../../Document.xml</ofd:DocRoot></ofd:DocVersion>`);
      sub(f, 'OFD.xml', '</ofd:DocRoot>', '</ofd:DocRoot><ofd:Versions><ofd:Version ID="1" Index="1" Current="false" BaseLoc="Doc_0/Versions/Version_0/DocVersion.xml"/></ofd:Versions>');
    });
    const r = await read(bytes);
    const part = r.parts.find((p) => p.origin.filePart === 'Doc_0/Versions/Version_0/Page_0/Content.xml' && p.text.includes('机密★5年'));
    expect(part?.role, allLines(r).join('|')).toBe('hidden');
    expect(part!.origin.detail).toMatch(/version 1/);
  });

  it('a second document OFD.xml no longer names, and an annotation file the list does not name', async () => {
    const two = ofd({ docs: [notice(), markedPerGlyph()] });
    const orphanDoc = edit(two, (f) => sub(f, 'OFD.xml', /<ofd:DocBody>(?:(?!<ofd:DocBody>).)*Doc_1\/Document.xml<\/ofd:DocRoot><\/ofd:DocBody>/, ''));
    expect(allLines(await read(orphanDoc))).toContain('机密★5年');
    const stamp = ofd({ docs: [notice({ annotations: [{ page: 1, type: 'Stamp', boundary: [25, 12, 40, 9], texts: [{ x: 2, y: 1, text: '机密★10年', perGlyph: true }] }] })] });
    const unlisted = edit(stamp, (f) => sub(f, 'Doc_0/Document.xml', /<ofd:Annotations>[^<]*<\/ofd:Annotations>/, ''));
    const r = await read(unlisted);
    expect(r.parts.find((p) => p.text.split('\n').includes('机密★10年'))?.role).toBe('hidden');
  });

  it('benign: a clean version page reads as its text, no marking appears from positions', async () => {
    const clean = unzipSync(ofd({ docs: [notice()] }))[P0];
    const r = await read(edit(ofd({ docs: [notice()] }), (f) => (f['Doc_0/Pages/Page_9/Content.xml'] = clean)));
    const orphan = r.parts.find((p) => p.origin.filePart === 'Doc_0/Pages/Page_9/Content.xml' && p.id.endsWith('#text-objects'));
    expect(orphan!.text.split('\n')).toContain('江临市交通运输局文件');
    expect(r.unread).toEqual([]);
  });
});

describe('the glyphs of a line are read in the order the page shows them', () => {
  const bodyOf = (r: Extraction) => r.parts.find((p) => p.role === 'body' && p.origin.page === 1)!.text.split('\n');
  /** 机密★5年 at (27, 29), one text object per glyph, as a converter writes it. */
  const glyphs = (): TextSpec[] => {
    const adv = [4.2, 4.2, 2.1, 2.1, 4.2];
    let x = 27;
    return [...'机密★5年'].map((text, i) => {
      const o = { x, y: 29, text };
      x += adv[i];
      return o;
    });
  };

  it('one text object per glyph, written last glyph first', async () => {
    const r = await read(ofd({ docs: [notice({ pages: [{ texts: [...head(), ...glyphs().reverse(), ...body()] }] })] }));
    expect(bodyOf(r)).toContain('机密★5年');
  });

  it('condensed type (advances of 0.7 of the font size), written last glyph first', async () => {
    const condensed = glyphs().map((g) => ({ ...g, x: 27 + (g.x - 27) * 0.7 }));
    const r = await read(ofd({ docs: [notice({ pages: [{ texts: [...head(), ...condensed.reverse(), ...body()] }] })] }));
    expect(bodyOf(r)).toContain('机密★5年');
  });

  it('runs batched by font: 机密 and 5年 in 宋体 first, the ★ of a symbol font last', async () => {
    const g = glyphs();
    const texts: TextSpec[] = [{ x: 27, y: 29, text: '机密' }, { x: g[3].x, y: 29, text: '5年' }, { x: g[2].x, y: 29, text: '★' }];
    const r = await read(ofd({ docs: [notice({ pages: [{ texts: [...head(), ...texts, ...body()] }] })] }));
    expect(bodyOf(r)).toContain('机密★5年');
  });

  it('text drawn twice a little apart (an imitation of bold, a shadow) reads once, as a whole line or glyph by glyph', async () => {
    const title = '关于做好港区航道疏浚工程运输保障工作的通知';
    const r = await read(ofd({ docs: [notice({ pages: [{ texts: [{ x: 40, y: 84, text: title, size: 5.6 }, { x: 40.15, y: 84, text: title, size: 5.6 }, ...body()] }] })] }));
    expect(bodyOf(r)[0]).toBe(title);
    // Each glyph of the marking drawn twice, 0.15 mm apart, as its own text object: 机机密密… read in place would hide it.
    const twice = glyphs().flatMap((g) => [g, { ...g, x: g.x + 0.15 }]);
    const marked = await read(ofd({ docs: [notice({ pages: [{ texts: [...head(), ...twice, ...body()] }] })] }));
    expect(bodyOf(marked)).toContain('机密★5年');
    expect(marked.loss ?? []).toEqual([]);
    const plain = await read(ofd({ docs: [notice()] }));
    expect(bodyOf(plain)).toContain('江临市交通运输局文件');
  });
});

describe('words drawn as outlines (paths) are unread, never passed', () => {
  /** 机密★5年 converted to outlines: one filled path per glyph, glyph-sized, on a row at the top left. */
  const outlinedMarking = [27, 31.2, 35.4, 37.5, 39.6]
    .map((x, i) => `<ofd:PathObject ID="${900 + i}" Boundary="${x} 26 4 4.2" Fill="true"><ofd:FillColor Value="0 0 0"/><ofd:AbbreviatedData>M 0.5 0.5 L 3.5 0.5 L 3.5 3.8 L 0.5 3.8 C</ofd:AbbreviatedData></ofd:PathObject>`)
    .join('');
  /** The red rule under the issuer of a 红头文件. */
  const redRule = '<ofd:PathObject ID="950" Boundary="27 76 156 1" LineWidth="0.5"><ofd:StrokeColor Value="230 0 0"/><ofd:AbbreviatedData>M 0 0.5 L 156 0.5</ofd:AbbreviatedData></ofd:PathObject>';

  it('a page drawn with paths and no text (a page printed to OFD with its text as outlines)', async () => {
    const bytes = edit(ofd({ docs: [notice({ pages: [{ texts: [...head(), ...body()] }, { texts: [] }] })] }), (f) =>
      sub(f, 'Doc_0/Pages/Page_1/Content.xml', /<ofd:Layer ID="(\d+)" Type="Body"><\/ofd:Layer>/, `<ofd:Layer ID="$1" Type="Body">${outlinedMarking}</ofd:Layer>`),
    );
    const r = await read(bytes);
    expect(r.unread).toEqual([expect.objectContaining({ where: 'page 2', reason: 'unsupported-format', origin: expect.objectContaining({ page: 2 }) })]);
  });

  it('a stamp annotation whose appearance is paths only (a seal drawn as curves)', async () => {
    const stamp = ofd({ docs: [notice({ annotations: [{ page: 1, type: 'Stamp', boundary: [25, 12, 40, 9], texts: [] }] })] });
    const r = await read(edit(stamp, (f) => sub(f, 'Doc_0/Annots/Page_0/Annotation.xml', /<ofd:Appearance Boundary="([^"]*)"><\/ofd:Appearance>/, `<ofd:Appearance Boundary="$1">${outlinedMarking.replace(/Boundary="[\d.]+ 26/g, 'Boundary="2 1')}</ofd:Appearance>`)));
    expect(r.unread).toEqual([expect.objectContaining({ reason: 'unsupported-format', where: expect.stringMatching(/stamp annotation/) })]);
  });

  it('benign twins: a 红头文件 with its red rule, a highlight drawn as a path', async () => {
    const hl = ofd({ docs: [notice({ annotations: [{ page: 1, type: 'Highlight', boundary: [27, 100, 150, 6], texts: [] }] })] });
    const bytes = edit(hl, (f) => {
      sub(f, P0, '<ofd:Layer ID', `<ofd:Layer ID="949">${redRule}</ofd:Layer><ofd:Layer ID`);
      sub(f, 'Doc_0/Annots/Page_0/Annotation.xml', /<ofd:Appearance Boundary="([^"]*)"><\/ofd:Appearance>/, `<ofd:Appearance Boundary="$1"><ofd:PathObject ID="960" Boundary="0 0 150 6" Fill="true"><ofd:FillColor Value="255 255 0" Alpha="96"/><ofd:AbbreviatedData>M 0 0 L 150 0 L 150 6 L 0 6 C</ofd:AbbreviatedData></ofd:PathObject></ofd:Appearance>`);
    });
    const r = await read(bytes);
    expect(r.unread).toEqual([]);
    expect(r.parts.find((p) => p.role === 'body')!.text.split('\n')).toContain('江临市交通运输局文件');
  });
});

describe('names people write on parts of the package are read', () => {
  it('custom data written as a name without a value (密级：机密)', async () => {
    const r = await read(edit(ofd({ docs: [notice()] }), (f) => sub(f, 'OFD.xml', '<ofd:Creator>', '<ofd:CustomDatas><ofd:CustomData Name="密级：机密"/></ofd:CustomDatas><ofd:Creator>')));
    expect(r.parts.find((p) => p.role === 'properties' && p.text === '密级：机密')).toBeDefined();
  });

  it('a template page named 机密★5年, an annotation subtype, a version name', async () => {
    const tpl = ofd({ docs: [notice({ templates: [{ id: 2, texts: [{ x: 100, y: 285, text: '第1页' }] }], pages: [{ texts: [...head(), ...body()], template: 2 }], annotations: [{ page: 1, type: 'Stamp', boundary: [150, 200, 40, 9], texts: [{ x: 2, y: 1, text: '已审核' }] }] })] });
    const bytes = edit(tpl, (f) => {
      sub(f, 'Doc_0/Document.xml', '<ofd:TemplatePage ID="2"', '<ofd:TemplatePage ID="2" Name="机密★5年"');
      sub(f, 'Doc_0/Annots/Page_0/Annotation.xml', 'Type="Stamp"', 'Type="Stamp" Subtype="密级标志：秘密★3年"');
      f['Doc_0/Versions/Version_0/DocVersion.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><ofd:DocVersion xmlns:ofd="${NS}" ID="1" Version="1" Name="绝密★长期 送审稿" CreationDate="2024-05-01"><ofd:FileList/><ofd:DocRoot>../../Document.xml</ofd:DocRoot></ofd:DocVersion>`);
      sub(f, 'OFD.xml', '</ofd:DocRoot>', '</ofd:DocRoot><ofd:Versions><ofd:Version ID="1" Index="1" Current="false" BaseLoc="Doc_0/Versions/Version_0/DocVersion.xml"/></ofd:Versions>');
    });
    const lines = allLines(await read(bytes));
    expect(lines).toEqual(expect.arrayContaining(['机密★5年', '密级标志：秘密★3年', '绝密★长期 送审稿']));
  });
});

describe('a file named as a font is passed over only when it is a font program', () => {
  const notice2 = strToU8('关于做好港区航道疏浚工程运输保障工作的通知\n机密★5年\n各区县交通运输局：现将有关事项通知如下。');
  const withFontFile = (bytes: Uint8Array, name = 'font_3.ttf') =>
    edit(ofd({ docs: [notice()] }), (f) => {
      f[`Doc_0/Res/${name}`] = bytes;
      sub(f, 'Doc_0/PublicRes.xml', 'FamilyName="宋体"/>', `FamilyName="宋体"><ofd:FontFile>${name}</ofd:FontFile></ofd:Font>`);
    });

  it('a FontFile that holds text, or a page, is read', async () => {
    const r = await read(withFontFile(notice2));
    const p = r.parts.find((x) => x.origin.filePart === 'Doc_0/Res/font_3.ttf');
    expect(p?.text.split('\n')).toContain('机密★5年');
    expect(p!.origin.detail).toMatch(/font file of font 3 \(宋体\), but not a font program/);
    const page = unzipSync(ofd({ docs: [markedPerGlyph()] }))[P0];
    expect(allLines(await read(withFontFile(page)))).toContain('机密★5年');
  });

  it('an unreferenced .ttf entry that holds text is read', async () => {
    const r = await read(edit(ofd({ docs: [notice()] }), (f) => (f['Doc_0/Res/font_7.ttf'] = notice2)));
    expect(r.parts.find((x) => x.origin.filePart === 'Doc_0/Res/font_7.ttf')?.text).toContain('机密★5年');
  });

  it('benign twins: TrueType, OpenType, Type 1 and EOT programs are passed over, referenced or not', async () => {
    const pad = (head: number[], n = 64) => Uint8Array.from({ length: n }, (_, i) => head[i] ?? 0);
    const eot = pad([]);
    eot[34] = 0x4c;
    eot[35] = 0x50;
    for (const [bytes, name] of [[pad([0, 1, 0, 0]), 'font_3.ttf'], [strToU8('OTTO\0\0\0\0'), 'font_3.otf'], [pad([0x80, 0x01]), 'font_3.pfb'], [strToU8('%!PS-AdobeFont-1.0: FZSong'), 'font_3.pfa'], [eot, 'font_3.eot']] as const) {
      const r = await read(withFontFile(bytes, name));
      expect(r.unread, name).toEqual([]);
      expect(r.parts.filter((p) => p.origin.filePart?.startsWith('Doc_0/Res/')), name).toEqual([]);
    }
    const r = await read(edit(ofd({ docs: [notice()] }), (f) => (f['Doc_0/Res/font_9.ttf'] = pad([0, 1, 0, 0]))));
    expect(r.unread).toEqual([]);
  });
});

describe('a signature file that is no seal structure is read for what it is', () => {
  const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0, 0x3a, 0x7e, 0x9b, 0x55]);
  const stamped = () => ofd({ docs: [notice({ stamps: [{ page: 1, boundary: [120, 180, 40, 40], picture: PNG, pictureType: 'png' }] })] });
  const noStamp = (f: Record<string, Uint8Array>) => sub(f, 'Doc_0/Signs/Sign_0/Signature.xml', /<ofd:StampAnnot [^>]*\/>/, '');

  it('a signed value that is a bare picture goes to OCR, with or without a stamp', async () => {
    for (const strip of [false, true]) {
      const r = await read(edit(stamped(), (f) => ((f['Doc_0/Signs/Sign_0/SignedValue.dat'] = PNG), strip && noStamp(f))));
      expect((r.images ?? []).map((i) => i.id), `stamp removed: ${strip}`).toContain('Doc_0/Signs/Sign_0/SignedValue.dat');
      expect(r.unread).toEqual([]);
    }
  });

  it('a signed value that is text (a signature without a stamp) is read', async () => {
    const r = await read(edit(stamped(), (f) => ((f['Doc_0/Signs/Sign_0/SignedValue.dat'] = strToU8('签章信息\n密级：机密\n保密期限：5年')), noStamp(f))));
    expect(allLines(r)).toContain('密级：机密');
  });

  it('benign twin: a seal in DER holds its picture, read once, nothing else', async () => {
    const r = await read(stamped());
    expect((r.images ?? []).map((i) => i.id)).toEqual(['Doc_0/Signs/Sign_0/SignedValue.dat#picture-1']);
    expect(r.unread).toEqual([]);
  });
});

describe('glyph mappings that draw more glyphs than their characters', () => {
  /** The notice with its line at (27, 29) written as `code`, drawn through `cg` (a CGTransform). */
  const withMapping = (code: string, cg: string) =>
    edit(ofd({ docs: [notice({ pages: [{ texts: [...head(code), ...body()] }] })] }), (f) =>
      sub(f, P0, new RegExp(`(<ofd:TextObject [^>]*>)(<ofd:FillColor[^>]*>)(<ofd:TextCode X="0" Y="[\\d.]+"(?: DeltaX="[^"]*")?>${code})`), `$1$2${cg}$3`),
    );

  it('one character drawn as five glyphs (the marking in glyph ids, a full stop in the text) is a loss', async () => {
    const r = await read(withMapping('。', '<ofd:CGTransform CodePosition="0" CodeCount="1" GlyphCount="5"><ofd:Glyphs>812 913 40 21 1022</ofd:Glyphs></ofd:CGTransform>'));
    expect(r.loss).toEqual([expect.objectContaining({ kind: 'unmapped-glyphs', count: 4, where: 'page 1' })]);
  });

  it('benign twins: a glyph per character, and two characters drawn as one glyph (a ligature), are no loss', async () => {
    expect((await read(withMapping('密级', '<ofd:CGTransform CodePosition="0" CodeCount="2" GlyphCount="2"><ofd:Glyphs>913 1022</ofd:Glyphs></ofd:CGTransform>'))).loss).toBeUndefined();
    expect((await read(withMapping('ffi', '<ofd:CGTransform CodePosition="0" CodeCount="3" GlyphCount="1"><ofd:Glyphs>1201</ofd:Glyphs></ofd:CGTransform>'))).loss).toBeUndefined();
  });
});

describe('named values in XML read apart keep their names', () => {
  it('an extension property 密级 = 机密 reads 密级：机密', async () => {
    const bytes = edit(ofd({ docs: [notice()] }), (f) => {
      f['Doc_0/Extensions.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><ofd:Extensions xmlns:ofd="${NS}"><ofd:Extension AppName="公文交换系统" Company="江临市数据局" AppVersion="3.2" RefId="11"><ofd:Property Name="密级" Type="string">机密</ofd:Property><ofd:Property Name="保密期限">5年</ofd:Property></ofd:Extension></ofd:Extensions>`);
      sub(f, 'Doc_0/Document.xml', '</ofd:Document>', '<ofd:Extensions>Extensions.xml</ofd:Extensions></ofd:Document>');
    });
    const p = (await read(bytes)).parts.find((x) => x.origin.filePart === 'Doc_0/Extensions.xml')!;
    expect(p.text.split('\n')).toEqual(['公文交换系统', '江临市数据局', '3.2', '11', 'string', '密级：机密', '保密期限：5年']);
  });
});

describe('the star of a marking drawn from a symbol font', () => {
  it('机密 + Wingdings ★ (U+F0AB) + 5年 reads 机密★5年; a Wingdings bullet elsewhere stays as written', async () => {
    const r = await read(ofd({ docs: [notice({ pages: [{ texts: [...head('机密\uF0AB5年'), { x: 27, y: 180, text: '\uF0A7 各单位要加强值班值守。' }, ...body()] }] })] }));
    const lines = r.parts.find((p) => p.role === 'body')!.text.split('\n');
    expect(lines).toContain('机密★5年');
    expect(lines).toContain('\uF0A7 各单位要加强值班值守。');
  });
});

describe('a template drawn with paths behind a page with next to no text', () => {
  const outlined = [27, 31.2, 35.4, 37.5, 39.6].map((x, i) => `<ofd:PathObject ID="${900 + i}" Boundary="${x} 26 4 4.2" Fill="true"><ofd:FillColor Value="0 0 0"/><ofd:AbbreviatedData>M 0.5 0.5 L 3.5 0.5 L 3.5 3.8 L 0.5 3.8 C</ofd:AbbreviatedData></ofd:PathObject>`).join('');
  const withTemplate = (pageTexts: TextSpec[]) =>
    edit(ofd({ docs: [notice({ templates: [{ id: 2, texts: [] }], pages: [{ texts: pageTexts, template: 2 }] })] }), (f) =>
      sub(f, 'Doc_0/Tpls/Tpl_0/Content.xml', /<ofd:Layer ID="(\d+)" Type="Body"><\/ofd:Layer>/, `<ofd:Layer ID="$1" Type="Body">${outlined}</ofd:Layer>`),
    );

  it('the marking as outlines in the template, the page showing （此页无正文）: unread', async () => {
    const r = await read(withTemplate([{ x: 27, y: 100, text: '（此页无正文）' }]));
    expect(r.unread).toEqual([expect.objectContaining({ reason: 'unsupported-format', where: expect.stringMatching(/^template page ID 2 \(behind page 1\)/) })]);
  });

  it('benign twin: the same template behind a page of text is read as before', async () => {
    const r = await read(withTemplate([...head(), ...body()]));
    expect(r.unread).toEqual([]);
  });
});

describe('actions', () => {
  it('an action\'s address (a javascript: URI run when the document opens) is read, and a marking in it is found', async () => {
    const withAction = (uri: string) => edit(ofd({ docs: [notice()] }), (f) => sub(f, 'Doc_0/Document.xml', '</ofd:Pages>', `</ofd:Pages><ofd:Actions><ofd:Action Event="DO"><ofd:URI URI="${uri}"/></ofd:Action></ofd:Actions>`));
    expect(allLines(await read(withAction("javascript:app.alert('机密★5年')")))).toContain("javascript:app.alert('机密★5年')");
    expect(allLines(await read(withAction('https://www.jianglin.gov.cn/')))).toContain('https://www.jianglin.gov.cn/');
  });
});

describe('lines are laid out by where glyphs stand, not the order they were written', () => {
  const bodyOf = (r: Extraction) => r.parts.find((p) => p.role === 'body' && p.origin.page === 1)!.text.split('\n');
  const page = (texts: TextSpec[]) => ofd({ docs: [notice({ pages: [{ texts: [...head(), ...texts, ...body()] }] })] });

  it('a marking written 机, then a glyph on another line, then 密★5年 reads whole; so does 密★5年 written first and 机 after the body', async () => {
    const interleaved = await read(page([{ x: 27, y: 29, text: '机' }, { x: 100, y: 200, text: '开' }, { x: 31.2, y: 29, text: '密★5年' }]));
    expect(bodyOf(interleaved)).toContain('机密★5年');
    expect(bodyOf(interleaved)).toContain('开');
    const late = ofd({ docs: [notice({ pages: [{ texts: [{ x: 31.2, y: 29, text: '密★5年' }, ...head(), ...body(), { x: 27, y: 29, text: '机' }] }] })] });
    expect(bodyOf(await read(late))).toContain('机密★5年');
  });

  it('the lines come top to bottom, each left to right, with their boxes; the notice reads as before', async () => {
    const lines = bodyOf(await read(ofd({ docs: [notice()] })));
    expect(lines.slice(0, 5)).toEqual(['000012', '特急', '江临市交通运输局文件', '临交〔2024〕12号', '关于做好港区航道疏浚工程运输保障工作的通知']);
    const r = await read(page([{ x: 27, y: 29, text: '机密★5年' }]));
    const part = r.parts.find((p) => p.role === 'body')!;
    const block = part.blocks!.find((b) => part.text.slice(b.start, b.end) === '机密★5年')!;
    expect(block).toMatchObject({ kind: 'line', page: 1 });
    // 27 mm from the left, baseline 29 + 3.78 mm: the box in points from the page's top left.
    expect(block.box!.x).toBeCloseTo((27 * 72) / 25.4, 0);
    expect(block.pageTop).toBeGreaterThan(0.09);
    expect(block.pageTop).toBeLessThan(0.11);
  });
});

describe('a piece drawn where nobody sees it', () => {
  const P0X = 'Doc_0/Pages/Page_0/Content.xml';
  const firstLines = (r: Extraction) => ({ body: r.parts.find((p) => p.role === 'body')!.text.split('\n'), hidden: r.parts.filter((p) => p.role === 'hidden').map((p) => p.text).join('|') });
  /** 机 + 开 (marked by the colour 1 2 3 to find it) + 密★5年, or 密 drawn right over 开 when `over`. */
  const marked = (over = false) => ofd({ docs: [notice({ pages: [{ texts: [{ x: 27, y: 29, text: '机' }, { x: 31.2, y: 29, text: '开', color: '1 2 3' }, { x: over ? 31.2 : 35.4, y: 29, text: '密★5年' }, ...head(), ...body()] }] })] });
  const piece = /<ofd:TextObject ([^>]*)><ofd:FillColor Value="1 2 3"\/>(.*?<\/ofd:TextObject>)/;
  const box = (rgb: string, alpha = '') => `<ofd:PathObject ID="990" Boundary="30.9 28 4.8 6" Fill="true"><ofd:FillColor Value="${rgb}"${alpha}/><ofd:AbbreviatedData>M 0 0 L 4.8 0 L 4.8 6 L 0 6 C</ofd:AbbreviatedData></ofd:PathObject>`;

  it('painted over by a glyph of another character: hidden, and a loss, since the line reads either way', async () => {
    const r = await read(marked(true));
    expect(firstLines(r).body).toContain('机密★5年');
    expect(firstLines(r).hidden).toContain('开');
    expect(r.loss).toEqual([expect.objectContaining({ kind: 'other', count: 1, detail: expect.stringMatching(/开 under 密/) })]);
  });

  it('under an opaque box painted after it: hidden; under a translucent highlight, or a box painted before it, it is seen', async () => {
    const after = await read(edit(marked(), (f) => sub(f, P0X, piece, `<ofd:TextObject $1><ofd:FillColor Value="0 0 0"/>$2${box('255 255 255')}`)));
    expect(firstLines(after).body).toContain('机 密★5年');
    expect(firstLines(after).hidden).toContain('开');
    const highlight = await read(edit(marked(), (f) => sub(f, P0X, piece, `<ofd:TextObject $1><ofd:FillColor Value="0 0 0"/>$2${box('255 255 0', ' Alpha="96"')}`)));
    expect(firstLines(highlight).body).toContain('机开密★5年');
    const ground = await read(edit(marked(), (f) => sub(f, P0X, piece, `${box('255 255 0')}<ofd:TextObject $1><ofd:FillColor Value="0 0 0"/>$2`)));
    expect(firstLines(ground).body).toContain('机开密★5年');
  });

  it('under a picture painted after it: a loss (pages are not rendered); a picture painted before it is ground', async () => {
    const picture = `<ofd:ImageObject ID="994" Boundary="30.9 28 4.8 6" CTM="4.8 0 0 6 0 0" ResourceID="55"/>`;
    const lossOf = async (before: boolean) =>
      ((await read(edit(marked(), (f) => sub(f, P0X, piece, before ? `${picture}<ofd:TextObject $1><ofd:FillColor Value="0 0 0"/>$2` : `<ofd:TextObject $1><ofd:FillColor Value="0 0 0"/>$2${picture}`)))).loss ?? []).map((l) => l.detail);
    expect(await lossOf(false)).toEqual([expect.stringMatching(/1 character lies under a picture painted after it/)]);
    expect(await lossOf(true)).toEqual([]);
  });

  it('in the colour of the box right under it: hidden; on a ring of that colour (a seal drawn as a path), seen', async () => {
    const onBox = await read(edit(marked(), (f) => sub(f, P0X, piece, `${box('192 0 0')}<ofd:TextObject $1><ofd:FillColor Value="192 0 0"/>$2`)));
    expect(firstLines(onBox).hidden).toContain('开');
    const ring = `<ofd:PathObject ID="991" Boundary="30.9 28 4.8 6" Fill="true"><ofd:FillColor Value="192 0 0"/><ofd:AbbreviatedData>M 0 0 L 4.8 0 L 4.8 6 L 0 6 C M 0.5 0.5 L 4.3 0.5 L 4.3 5.5 L 0.5 5.5 C</ofd:AbbreviatedData></ofd:PathObject>`;
    const onRing = await read(edit(marked(), (f) => sub(f, P0X, piece, `${ring}<ofd:TextObject $1><ofd:FillColor Value="192 0 0"/>$2`)));
    expect(firstLines(onRing).body).toContain('机开密★5年');
  });

  it('filled with a shading of white only, or a pattern whose cell draws nothing: hidden; a shading with a dark colour, or a pattern that draws: seen', async () => {
    const filled = (fill: string) => edit(marked(), (f) => sub(f, P0X, piece, `<ofd:TextObject $1><ofd:FillColor>${fill}</ofd:FillColor>$2`));
    const axial = (a: string, b: string) =>
      `<ofd:AxialShd StartPoint="0 0" EndPoint="5 0"><ofd:Segment Position="0"><ofd:Color Value="${a}"/></ofd:Segment><ofd:Segment Position="1"><ofd:Color Value="${b}"/></ofd:Segment></ofd:AxialShd>`;
    const radial = (a: string) => `<ofd:RadialShd StartPoint="2 2" EndPoint="2 2" EndRadius="3"><ofd:Segment Position="0"><ofd:Color Value="${a}"/></ofd:Segment></ofd:RadialShd>`;
    const pattern = (cell: string) => `<ofd:Pattern Width="2" Height="2"><ofd:CellContent>${cell}</ofd:CellContent></ofd:Pattern>`;
    const drawnCell = '<ofd:PathObject ID="995" Boundary="0 0 2 2" Fill="true"><ofd:FillColor Value="0 0 0"/><ofd:AbbreviatedData>M 0 0 L 2 0 L 2 2 L 0 2 C</ofd:AbbreviatedData></ofd:PathObject>';
    for (const fill of [axial('255 255 255', '250 250 250'), radial('255 255 255'), pattern('')]) {
      const r = firstLines(await read(filled(fill)));
      expect(r.body, fill).toContain('机 密★5年');
      expect(r.hidden, fill).toContain('开');
    }
    for (const fill of [axial('255 255 255', '0 0 0'), radial('128 0 0'), pattern(drawnCell)]) {
      const r = firstLines(await read(filled(fill)));
      expect(r.body, fill).toContain('机开密★5年');
      expect(r.hidden, fill).not.toContain('开');
    }
  });

  it('in a translucent composite object, or clipped inside one: hidden; a clip whose area is text: a loss', async () => {
    const unit = (attrs: string, inner: string) =>
      edit(marked(), (f) => {
        sub(f, P0X, piece, `<ofd:CompositeObject ID="992" ResourceID="77" Boundary="31.2 29 5 6" ${attrs}>${inner}</ofd:CompositeObject>`);
        sub(f, 'Doc_0/PublicRes.xml', '</ofd:Fonts>', '</ofd:Fonts><ofd:CompositeGraphicUnits><ofd:CompositeGraphicUnit ID="77" Width="5" Height="6"><ofd:Content><ofd:TextObject ID="993" Boundary="0 0 5 6" Font="3" Size="4.2"><ofd:TextCode X="0" Y="3.78">开</ofd:TextCode></ofd:TextObject></ofd:Content></ofd:CompositeGraphicUnit></ofd:CompositeGraphicUnits>');
      });
    expect(firstLines(await read(unit('', ''))).body).toContain('机开密★5年');
    expect(firstLines(await read(unit('Alpha="10"', ''))).hidden).toContain('开');
    const clip = '<ofd:Clips><ofd:Clip><ofd:Area><ofd:Path Boundary="0 0 1 1"><ofd:AbbreviatedData>M 40 0 L 41 0 L 41 1 C</ofd:AbbreviatedData></ofd:Path></ofd:Area></ofd:Clip></ofd:Clips>';
    expect(firstLines(await read(unit('', clip))).hidden).toContain('开');
    const textClip = await read(unit('', '<ofd:Clips><ofd:Clip><ofd:Area><ofd:Text Boundary="0 0 5 6"/></ofd:Area></ofd:Clip></ofd:Clips>'));
    expect(textClip.loss).toEqual([expect.objectContaining({ kind: 'other', detail: expect.stringMatching(/clip whose area is not a path/) })]);
  });
});

describe('a piece squeezed or flattened by its CTM is not seen', () => {
  /** 机 + 开 drawn through `ctm` + 密★5年 (from where 开 starts) at the top of the notice. */
  const squeezed = (lead: string, rest: string, ctm: string, restX = 31.2) =>
    notice({ pages: [{ texts: [...head(), { x: 27, y: 29, text: lead }, { x: 31.2, y: 29, text: '开', ctm }, { x: restX, y: 29, text: rest }, ...body()] }] });
  it('to a twentieth of its width (0.05 0 0 1) or of its height (1 0 0 0.05): hidden, the line reads 机密★5年', async () => {
    for (const ctm of ['0.05 0 0 1 0 0', '1 0 0 0.05 0 0']) {
      const r = await read(ofd({ docs: [squeezed('机', '密★5年', ctm)] }));
      expect(r.parts.find((p) => p.role === 'body' && p.origin.page === 1)!.text.split('\n'), ctm).toContain('机密★5年');
      expect(r.parts.find((p) => p.id.endsWith('#hidden'))?.text, ctm).toBe('开');
      const twin = await read(ofd({ docs: [squeezed('保', '密宣传月', ctm)] }));
      expect(twin.unread, ctm).toEqual([]);
    }
  });
  it('half its width (0.5 0 0 1) is seen', async () => {
    const r = await read(ofd({ docs: [squeezed('机', '密★5年', '0.5 0 0 1 0 0', 33.3)] }));
    expect(r.parts.some((p) => p.id.endsWith('#hidden'))).toBe(false);
  });
});
