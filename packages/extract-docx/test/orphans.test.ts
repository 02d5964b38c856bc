/**
 * Entries the relationships do not lead to: read as hidden text, sent to OCR or the scan, or
 * reported. And every entry of a package accounted for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { Document, Packer, Paragraph } from 'docx';
import type { Extraction } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { entryFates, extractDocx } from '../src/index.ts';
import { ctx, docx, para, REL, sample, SAMPLES, wml } from './helpers.ts';
import { writeZip } from './zip-writer.ts';

const ORPHAN = 'not referenced by the document';
const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`;

async function markedNotice(): Promise<Uint8Array> {
  const doc = new Document({ sections: [{ children: ['000123', '机密★5年', '特急', '关于开展专项检查的通知'].map((t) => new Paragraph({ text: t })) }] });
  return new Uint8Array(await Packer.toBuffer(doc));
}

/**
 * The marked original left under its name; the package and document relationships point at a
 * copy with every text node blanked (the way the leak was found).
 */
function orphanMain(bytes: Uint8Array): Uint8Array {
  const files = unzipSync(bytes);
  const original = strFromU8(files['word/document.xml']);
  const blank = original.replace(/(<w:t(?:\s[^>]*)?>)[^<]*(<\/w:t>)/g, '$1公开$2');
  const out = Object.entries(files).map(([name, data]) => {
    if (name === '_rels/.rels') return { name, data: strFromU8(data).replace('word/document.xml', 'word/document-public.xml') };
    if (name === 'word/_rels/document.xml.rels') return { name: 'word/_rels/document-public.xml.rels', data };
    return { name, data };
  });
  out.push({ name: 'word/document-public.xml', data: strToU8(blank) });
  return writeZip(out);
}

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

describe('entries no relationship leads to', () => {
  it('reads a marked main part left beside the blanked one the relationships name, as hidden text', async () => {
    const bytes = orphanMain(await markedNotice());
    const x = await extractDocx(bytes, ctx());
    const body = x.parts.find((p) => p.role === 'body')!;
    expect(body.origin.filePart).toBe('word/document-public.xml');
    expect(body.text).not.toContain('机密');
    const orphan = x.parts.find((p) => p.origin.filePart === 'word/document.xml')!;
    expect(orphan).toMatchObject({ role: 'hidden', origin: { detail: ORPHAN } });
    // Read by the story reader: paragraphs, not one line per element.
    expect(orphan.text.split('\n')).toContain('机密★5年');
    const r = await scanner.scan(bytes, { filename: 'orphan.docx' });
    expect(r.verdict).not.toBe('pass');
    const f = r.findings.find((f) => f.location.filePart === 'word/document.xml');
    expect(f?.location).toMatchObject({ role: 'hidden', visible: false, detail: ORPHAN });
    expect(orphan.text.slice(f!.location.start, f!.location.end)).toContain('机密');
  });

  it('reads a document stored under a structure-part name (a theme) that nothing references', async () => {
    const x = await extractDocx(docx(para('公开'), { 'word/theme/theme9.xml': wml('document', `<w:body>${para('绝密★长期')}</w:body>`) }), ctx());
    expect(x.parts.find((p) => p.origin.filePart === 'word/theme/theme9.xml')).toMatchObject({ role: 'hidden', text: '绝密★长期', origin: { detail: ORPHAN } });
  });

  it('reads of a theme the relationships lead to only the names people write, not its structure', async () => {
    const theme = (name: string) => `<?xml version="1.0"?><a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="${name}"><a:themeElements><a:clrScheme name="Office"><a:dk1><a:srgbClr val="000000"/></a:dk1></a:clrScheme><a:fontScheme name="Office"><a:majorFont><a:latin typeface="等线 Light"/><a:ea typeface="等线"/><a:font script="Hans" typeface="方正小标宋简体"/></a:majorFont></a:fontScheme></a:themeElements></a:theme>`;
    const x = await extractDocx(docx(para('公开'), { 'word/theme/theme1.xml': theme('Office Theme') }, [rel('rT', 'theme', 'theme/theme1.xml')]), ctx());
    expect(x.parts.some((p) => p.origin.filePart === 'word/theme/theme1.xml')).toBe(false);
    expect(entryFates(x)?.get('word/theme/theme1.xml')).toMatch(/^structure/);
    const named = await extractDocx(docx(para('公开'), { 'word/theme/theme1.xml': theme('机密★5年') }, [rel('rT', 'theme', 'theme/theme1.xml')]), ctx());
    expect(named.parts.find((p) => p.origin.filePart === 'word/theme/theme1.xml')).toMatchObject({ role: 'metadata', text: '机密★5年' });
  });

  it('reads the names people write in the people, web settings and font table parts: an author, a frame, a font', async () => {
    const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"';
    const cases: Array<[string, string, (v: string) => string]> = [
      ['people.xml', 'people', (v) => `<w15:people ${W}><w15:person w15:author="${v}"><w15:presenceInfo w15:providerId="None" w15:userId="${v}"/></w15:person></w15:people>`],
      ['webSettings.xml', 'webSettings', (v) => `<w:webSettings ${W}><w:frameset><w:frame><w:name w:val="${v}"/><w:sz w:val="100"/></w:frame></w:frameset><w:optimizeForBrowser/></w:webSettings>`],
      ['fontTable.xml', 'fontTable', (v) => `<w:fonts ${W}><w:font w:name="${v}"><w:altName w:val="宋体"/><w:charset w:val="86"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>`],
    ];
    for (const [file, type, xml] of cases) {
      const read = async (v: string) => extractDocx(docx(para('公开'), { [`word/${file}`]: `<?xml version="1.0"?>${xml(v)}` }, [rel('rP', type, file)]), ctx());
      expect((await read('机密★5年')).parts.find((p) => p.origin.filePart === `word/${file}`), file).toMatchObject({ role: 'metadata' });
      expect((await read('机密★5年')).parts.find((p) => p.origin.filePart === `word/${file}`)?.text, file).toContain('机密★5年');
      // Ids, numbers and enumerations are structure: a package part with only those is no text.
      const plain = await read('Kai');
      expect(plain.parts.some((p) => p.origin.filePart === `word/${file}`), file).toBe(false);
      expect(entryFates(plain)?.get(`word/${file}`), file).toMatch(/^structure/);
    }
  });

  it('reads text nodes and attribute values of other XML, and plain text, as hidden', async () => {
    const x = await extractDocx(
      docx(para('公开'), {
        'word/extra.xml': '<?xml version="1.0"?><x:data xmlns:x="urn:x"><x:item label="秘密★1年"/><x:note>内部</x:note></x:data>',
        'docProps/notes.txt': '第一行\r\nCONFIDENTIAL\n',
      }),
      ctx(),
    );
    const xml = x.parts.find((p) => p.origin.filePart === 'word/extra.xml')!;
    expect(xml).toMatchObject({ role: 'hidden', origin: { detail: ORPHAN } });
    expect(xml.text.split('\n')).toEqual(['秘密★1年', '内部']);
    expect(x.parts.find((p) => p.origin.filePart === 'docProps/notes.txt')?.text.split('\n')).toContain('CONFIDENTIAL');
  });

  it('unreached binaries: pictures to OCR, unknown data unread by name, fonts and a WMF thumbnail said harmless', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const x = await extractDocx(
      docx(para('公开'), {
        'word/media/stray.png': png,
        'word/blob.dat': new Uint8Array([0, 1, 2, 3, 0xff, 0xfe, 0, 0x80]),
        'word/fonts/font1.odttf': new Uint8Array([0, 1, 0, 0, 9, 9]),
        'docProps/thumbnail.wmf': new Uint8Array([0xd7, 0xcd, 0xc6, 0x9a, 0, 0]),
      }),
      ctx(),
    );
    expect(x.images?.find((i) => i.id === 'word/media/stray.png')?.origin.detail).toBe(ORPHAN);
    expect(x.unread.find((u) => u.where === 'word/blob.dat')).toMatchObject({ reason: 'embedded-object', origin: { filePart: 'word/blob.dat', detail: ORPHAN } });
    expect(x.unread.find((u) => u.where === 'word/blob.dat')?.detail).toContain('word/blob.dat');
    expect(entryFates(x)?.get('word/fonts/font1.odttf')).toMatch(/^harmless: embedded font/);
    expect(entryFates(x)?.get('docProps/thumbnail.wmf')).toMatch(/^harmless: thumbnail/);
  });

  it('a header, its picture and custom XML properties reached through nested relationships are not orphans', async () => {
    const x = await extractDocx(
      docx(`${para('正文')}<w:sectPr><w:headerReference w:type="default" r:id="rH"/></w:sectPr>`, {
        'word/header1.xml': wml('hdr', para('页眉')),
        'word/_rels/header1.xml.rels': `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rI', 'image', 'media/h.png')}</Relationships>`,
        'word/media/h.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      }, [rel('rH', 'header', 'header1.xml')]),
      ctx(),
    );
    expect(x.images?.find((i) => i.id === 'word/media/h.png')?.origin.detail).toBeUndefined();
    expect(x.parts.filter((p) => p.origin.detail?.includes(ORPHAN))).toEqual([]);
  });
});

/** The evidence an extraction gives that one entry was read, queued or reported. */
function accounted(x: Extraction, name: string): string | undefined {
  if (x.parts.some((p) => p.origin.filePart === name)) return 'text';
  if (x.images?.some((i) => i.origin.filePart === name)) return 'ocr';
  if (x.embedded?.some((e) => e.origin.filePart === name)) return 'embedded';
  if (x.unread.some((u) => u.where === name || u.origin?.filePart === name)) return 'unread';
  if (x.loss?.some((l) => l.where === name || l.origin?.filePart === name)) return 'loss';
  const fate = entryFates(x)?.get(name);
  if (fate?.startsWith('structure') || fate?.startsWith('harmless')) return fate;
  return fate;
}

describe('nothing in a package is passed over silently', () => {
  const files = readdirSync(SAMPLES).filter((f) => f.endsWith('.docx') && !/^(encrypted|truncated|zip-bomb)\.docx$/.test(f));

  it.each(files)('%s: every entry read, queued or reported', async (file) => {
    const bytes = sample(file);
    const x = await extractDocx(bytes, ctx());
    const names = Object.keys(unzipSync(bytes));
    expect(names.length).toBeGreaterThan(2);
    expect(names.filter((n) => accounted(x, n) === undefined)).toEqual([]);
    // Entries parsed without text of their own are structure or empty stories, never content parts.
    const silent = names.filter((n) => accounted(x, n)?.startsWith('read'));
    expect(silent.filter((n) => !/(\.rels|\[Content_Types\]\.xml|^word\/(styles|settings|numbering|footnotes|endnotes|comments)\.xml|^docProps\/(app|core|custom)\.xml)$/i.test(n))).toEqual([]);
  });

  it('a package written by the docx library, and its orphaned variant', async () => {
    for (const bytes of [await markedNotice(), orphanMain(await markedNotice())]) {
      const x = await extractDocx(bytes, ctx());
      const names = Object.keys(unzipSync(bytes));
      expect(names.filter((n) => accounted(x, n) === undefined)).toEqual([]);
    }
  });

  it('a package with unreferenced text, XML, pictures and binaries', async () => {
    const bytes = docx(para('公开'), {
      'word/extra.xml': '<?xml version="1.0"?><d a="b"/>',
      'customXml/item9.xml': '<?xml version="1.0"?><r><v>值</v></r>',
      'word/notes.txt': 'x',
      'word/blob.dat': new Uint8Array([0, 1, 2]),
      'word/media/i.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      'word/fonts/f.odttf': new Uint8Array([0, 1]),
    });
    const x = await extractDocx(bytes, ctx());
    const names = Object.keys(unzipSync(bytes));
    expect(names).toHaveLength(10);
    expect(names.filter((n) => accounted(x, n) === undefined)).toEqual([]);
  });
});
