/**
 * Objects nothing reaches from the trailer travel with the file although no viewer shows them: an
 * information dictionary whose /Info key was damaged, a page's content left after the page was
 * taken out of the page tree. Their strings are read (hidden), content streams are read as far as
 * their codes can be, and what cannot be read is a loss. A file whose every object is reached
 * reports none of this.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner } from '@prepub/scanner';
import { createPdfExtractor } from '../src/index.ts';
import { buildPdf, flateStream, linesContent, onePage, pdfString, pdfUtf16, stream, ucs2 } from './raw-pdf.ts';
// @ts-expect-error a script without types
import { pdfjsNamesSource } from '../../../scripts/pdfjs-names.mjs';
import { readFileSync } from 'node:fs';

const extractor = createPdfExtractor({ renderPages: false });
const extract = (bytes: Uint8Array) => extractor.extract(bytes, { limits: DEFAULT_LIMITS, filename: 'x.pdf' });
const body = linesContent(['Quarterly supply report', 'All figures are final.']);
const gbkHex = (s: string) => `<${gbk(s)}>`;
/** GBK bytes of the few characters these tests need (Node has no GBK encoder). */
function gbk(s: string): string {
  const table: Record<string, string> = { 机: 'bbfa', 密: 'c3dc', '★': 'a1ef', '5': '35', 年: 'c4ea' };
  return [...s].map((c) => table[c]).join('');
}

describe('objects no reference from the trailer reaches', () => {
  it('reads an information dictionary the trailer no longer names (its GBK title blocks)', async () => {
    const pdf = buildPdf([...onePage(stream('', body)), `<< /Title ${gbkHex('机密★5年')} /Producer (WPS) >>`], '/Inf` 6 0 R');
    const r = await extract(pdf);
    const part = r.parts.find((p) => p.id.startsWith('unreferenced:'));
    expect(part?.text).toContain('机密★5年');
    expect(part?.role).toBe('hidden');
    const scanner = await createScanner({ ocr: false, isolation: false });
    try {
      expect((await scanner.scan(pdf, { filename: 'x.pdf' })).verdict).toBe('block');
    } finally {
      await scanner.close();
    }
  });

  it('reads a string object nobody names, and reads nothing extra when every object is reached', async () => {
    const reached = buildPdf(onePage(stream('', body), { more: [`<< /Title ${pdfString('Supply report')} >>`] }), '/Info 6 0 R');
    const r1 = await extract(reached);
    expect(r1.parts.filter((p) => p.id.startsWith('unreferenced'))).toEqual([]);
    expect((r1.loss ?? []).filter((l) => l.where === 'unreferenced objects')).toEqual([]);
    // A form the page draws by a name of its choosing (/Xq7) is reached, its two-byte codes no loss.
    const drawn = buildPdf(
      onePage(stream('', `${body}\n/Xq7 Do`), {
        page: '',
        more: [stream('/Type /XObject /Subtype /Form /BBox [0 0 200 40] /Resources << /Font << /C0 << /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H >> >> >>', 'BT /C0 12 Tf 2 12 Td <00250050> Tj ET')],
      }).map((b, i) => (i === 2 && typeof b === 'string' ? b.replace('>> >> /Contents', '>> /XObject << /Xq7 6 0 R >> >> /Contents') : b)),
    );
    const r3 = await extract(drawn);
    expect((r3.loss ?? []).filter((l) => l.where === 'unreferenced objects')).toEqual([]);
    const orphan = buildPdf([...onePage(stream('', body)), pdfString('TOP SECRET//NOFORN')]);
    const r2 = await extract(orphan);
    expect(r2.parts.find((p) => p.id === 'unreferenced')?.text).toBe('TOP SECRET//NOFORN');
  });

  it("reads a removed page's content shown in printable ASCII; codes of unknown fonts are a loss", async () => {
    const ascii = buildPdf([...onePage(stream('', body)), flateStream('', 'BT /F1 12 Tf 72 700 Td (TOP SECRET) Tj ET')]);
    const r1 = await extract(ascii);
    expect(r1.parts.find((p) => p.id === 'unreferenced-content')?.text).toBe('TOP SECRET');
    expect((r1.loss ?? []).filter((l) => l.where === 'unreferenced objects')).toEqual([]);
    // Two-byte glyph numbers (a subset font written Identity-H): only the font knows what they draw.
    const glyphs = buildPdf([...onePage(stream('', body)), flateStream('', 'BT /C0 12 Tf 72 700 Td <0025005000440056> Tj ET')]);
    const r2 = await extract(glyphs);
    expect((r2.loss ?? []).find((l) => l.where === 'unreferenced objects')?.detail).toContain('codes of fonts not known here');
  });

  it('reads codes of a simple font the stream names as its characters, and a composite font as a loss', async () => {
    const form = (fonts: string, shown: string) =>
      buildPdf([...onePage(stream('', body)), stream(`/Type /XObject /Subtype /Form /BBox [0 0 200 40] /Resources << /Font << ${fonts} >> >>`, `BT /F1 12 Tf 2 12 Td ${shown} Tj ET`)]);
    const simple = await extract(form('/F1 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>', '(Caf\\351 menu)'));
    expect(simple.parts.find((p) => p.id === 'unreferenced-content')?.text).toBe('Café menu');
    expect((simple.loss ?? []).filter((l) => l.where === 'unreferenced objects')).toEqual([]);
    const composite = await extract(form('/F1 << /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H >>', ucs2('机密★5年')));
    expect((composite.loss ?? []).find((l) => l.where === 'unreferenced objects')).toBeDefined();
    // Its codes are still read in the code pages a legacy CMap may use: UTF-16 here.
    expect(composite.parts.some((p) => p.id.startsWith('unreferenced-content:1') && p.text.includes('机密★5年'))).toBe(true);
  });

  it('leaves binary streams alone (a hint table lexes as a few operators among unknown tokens)', async () => {
    const noise = Uint8Array.from({ length: 400 }, (_, i) => (i * 131 + 7) % 251);
    const withTj = Uint8Array.from([...noise, ...Buffer.from(' <00250050> Tj ', 'latin1'), ...noise]);
    const r = await extract(buildPdf([...onePage(stream('', body)), stream('/S 36 /I 80', withTj)]));
    expect((r.loss ?? []).filter((l) => l.where === 'unreferenced objects')).toEqual([]);
  });

  it('a key renamed in place cuts what it linked off: a page, its content, an annotation are read as unreached', async () => {
    const banner = linesContent(['TOP SECRET//NOFORN', 'Quarterly supply report']);
    const renamed = (from: string, to: string, extra: Parameters<typeof onePage>[1] = {}) => buildPdf(onePage(stream('', banner), extra).map((b) => (typeof b === 'string' ? b.replace(from, to) : b)));
    const kids = await extract(renamed('/Kids', '/Kidq'));
    expect(kids.parts.find((p) => p.id === 'unreferenced-content')?.text).toContain('TOP SECRET//NOFORN');
    const contents = await extract(renamed('/Contents 5 0 R', '/Contentq 5 0 R'));
    expect(contents.parts.find((p) => p.id === 'unreferenced-content')?.text).toContain('TOP SECRET//NOFORN');
    const note = { page: '/Annots [6 0 R]', more: [`<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contents ${pdfString('TOP SECRET//NOFORN')} >>`] };
    const annots = await extract(buildPdf(onePage(stream('', body), note).map((b) => (typeof b === 'string' ? b.replace('/Annots', '/Annotq') : b))));
    expect(annots.parts.find((p) => p.id === 'unreferenced')?.text).toBe('TOP SECRET//NOFORN');
    // Unrenamed, the same file reads the annotation as an annotation, and nothing as unreached.
    const plain = await extract(buildPdf(onePage(stream('', body), note)));
    expect(plain.parts.filter((p) => p.id.startsWith('unreferenced'))).toEqual([]);
  });

  it('a page cut from the tree that paints paths or pictures and no text is a loss; leftovers no page names are not', async () => {
    // Glyph outlines as rectangles (the strokes of a marking), and the /Pages node left without
    // /Kids under a scrambled name: pdf.js then takes the /Pages node itself for the one page.
    const outlines = '0 g\n60 780 50 10 re\n60 740 10 50 re\n130 700 10 90 re\nf';
    const cut = buildPdf(onePage(stream('', outlines)).map((b) => (typeof b === 'string' ? b.replace('/Kids', '/ufxh') : b)));
    const lost = (await extract(cut)).loss?.find((l) => l.where === 'unreferenced objects');
    expect(lost?.detail).toContain('paint paths or pictures and show no text (object 5 0)');
    const scanner = await createScanner({ ocr: false, isolation: false });
    try {
      expect((await scanner.scan(cut, { filename: 'x.pdf' })).verdict).toBe('review');
    } finally {
      await scanner.close();
    }
    // The same page in the tree: rendered for OCR as any page without text, nothing unreached.
    const reached = await extract(buildPdf(onePage(stream('', outlines))));
    expect((reached.loss ?? []).filter((l) => l.where === 'unreferenced objects')).toEqual([]);
    // Painting operators alone count: a stream that only sets state and builds a path paints nothing.
    const unpainted = await extract(buildPdf([...onePage(stream('', body)), stream('', '0 g\n60 780 50 10 re\nn')]));
    expect((unpainted.loss ?? []).filter((l) => l.where === 'unreferenced objects')).toEqual([]);
    const picture = stream('/Type /XObject /Subtype /Image /Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8', '\x00');
    // A scanned page deleted by an incremental save: the page object and its picture stay.
    const deletedScan = buildPdf([
      ...onePage(stream('', body)),
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /XObject << /Scan 7 0 R >> >> /Contents 8 0 R >>',
      picture,
      stream('', 'q 612 0 0 792 0 0 cm /Scan Do Q'),
    ]);
    const scan = (await extract(deletedScan)).loss?.find((l) => l.where === 'unreferenced objects');
    expect(scan?.detail).toContain('1 content stream(s) that paint paths or pictures and show no text (object 8 0) and 1 picture(s) (object 7 0)');
    // An edited stamp's old appearance and picture, named by nothing: no page would draw them.
    const leftovers = [stream('/Type /XObject /Subtype /Form /BBox [0 0 10 10] /Resources << /XObject << /Im 7 0 R >> >>', 'q 10 0 0 10 0 0 cm /Im Do Q'), picture];
    const edited = await extract(buildPdf([...onePage(stream('', body)), ...leftovers]));
    expect((edited.loss ?? []).filter((l) => l.where === 'unreferenced objects')).toEqual([]);
  });

  it('a picture a reached object names under a key no reader follows (a scrambled /Thumb) is a loss, whatever its shape says', async () => {
    // A thumbnail needs no /Subtype /Image: a size and a pixel format make it a picture.
    const thumb = stream('/Width 1 /Height 1 /ColorSpace /DeviceGray /BitsPerComponent 8', '\x00');
    const r = await extract(buildPdf(onePage(stream('', body), { page: '/Lplpa 6 0 R', more: [thumb] })));
    expect(r.loss?.find((l) => l.where === 'unreferenced objects')?.detail).toContain('1 picture(s) (object 6 0)');
  });

  it("an encrypted file's page content named under a scrambled /Contents is a loss, as in a plain file (its streams are decrypted here)", async () => {
    const sample = readFileSync(new URL('../../../samples/pdf/owner-password.pdf', import.meta.url));
    const scrambled = new Uint8Array(Buffer.from(sample.toString('latin1').replace('/Contents', '/Jzzbwvsu'), 'latin1'));
    const detail = (x: Awaited<ReturnType<typeof extract>>) => x.loss?.find((l) => l.where === 'unreferenced objects')?.detail;
    expect(detail(await extract(scrambled))).toMatch(/^Objects no reference from the trailer reaches hold 1 content stream\(s\) that show codes of fonts not known here \(object \d+ 0\)/);
    expect(detail(await extract(new Uint8Array(sample)))).toBeUndefined();
  });

  it('a key damaged into a word pdf.js spells elsewhere (/AP into /on) reaches nothing: what it named is read as unreached', async () => {
    const appearance = stream('/Type /XObject /Subtype /Form /BBox [0 0 200 40] /Resources << /Font << /F1 4 0 R >> >>', 'BT /F1 12 Tf 2 12 Td (TOP SECRET//NOFORN) Tj ET');
    const annot = (key: string) => buildPdf(onePage(stream('', body), { page: '/Annots [6 0 R]', more: [`<< /Type /Annot /Subtype /Square /Rect [72 700 272 740] /${key} << /N 7 0 R >> >>`, appearance] }));
    expect((await extract(annot('on'))).parts.find((p) => p.id === 'unreferenced-content')?.text).toBe('TOP SECRET//NOFORN');
    expect((await extract(annot('AP'))).parts.filter((p) => p.id.startsWith('unreferenced'))).toEqual([]);
  });

  it('the list of names readers follow is what scripts/pdfjs-names.mjs makes from the installed pdf.js', () => {
    expect(readFileSync(new URL('../src/pdfjs-names.generated.ts', import.meta.url), 'utf8')).toBe(pdfjsNamesSource());
  });

  it('a page outside the page tree (reached only through a structure element) is read as unreached content', async () => {
    const bodies = onePage(stream('', body), { catalog: '/StructTreeRoot 6 0 R', more: ['<< /Type /StructTreeRoot /K << /S /P /Pg 7 0 R >> >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 8 0 R >>', stream('', 'BT /F1 12 Tf 72 700 Td (TOP SECRET//NOFORN) Tj ET')] });
    const r = await extract(buildPdf(bodies));
    expect(r.parts.find((p) => p.id === 'unreferenced-content')?.text).toBe('TOP SECRET//NOFORN');
  });

  it('an unreached XML stream in GBK is read as the XMP packet is', async () => {
    const gbkXml = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="GBK"?><x:xmpmeta><dc:title>', 'latin1'), Buffer.from(gbk('机密★5年'), 'hex'), Buffer.from('</dc:title></x:xmpmeta>', 'latin1')]);
    const r = await extract(buildPdf([...onePage(stream('', body)), stream('/Type /Metadata /Subtype /XML', new Uint8Array(gbkXml))]));
    expect(r.parts.some((p) => p.id.startsWith('unreferenced-xml:1') && p.text.includes('机密★5年'))).toBe(true);
  });
});

describe('text strings no reader handed over', () => {
  it('reads a string under a renamed key, once; strings readers handed over are not read again', async () => {
    const note = (key: string) => ({ page: '/Annots [6 0 R]', more: [`<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /${key} ${pdfString('TOP SECRET//NOFORN')} /NM (a-1) /M (D:20240101) >>`] });
    const renamed = await extract(buildPdf(onePage(stream('', body), note('Contentz'))));
    expect(renamed.parts.find((p) => p.id === 'leftover-strings')?.text).toBe('TOP SECRET//NOFORN');
    const plain = await extract(buildPdf(onePage(stream('', body), note('Contents'))));
    expect(plain.parts.find((p) => p.id === 'leftover-strings')).toBeUndefined();
  });

  it('reads a string too long to look for, and names the object that holds it', async () => {
    const long = `${'江临市统计局关于开展统计业务培训的通知。'.repeat(250)}TOP SECRET//NOFORN`;
    const r = await extract(buildPdf(onePage(stream('', body), { page: '/Annots [6 0 R]', more: [`<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contentz ${pdfUtf16(long)} >>`] })));
    const part = r.parts.find((p) => p.id === 'leftover-strings');
    expect(part?.text).toContain('TOP SECRET//NOFORN');
    expect(part?.origin.detail).toContain('object 6 0');
  });

  it('reads a script under a renamed /JS as a script: its character codes become text', async () => {
    const js = 'app.alert(String.fromCharCode(26426, 23494, 9733, 53, 24180));';
    const r = await extract(buildPdf(onePage(stream('', body), { catalog: `/OpenAction << /S /JavaScript /JZ ${pdfString(js)} >>` })));
    expect(r.parts.find((p) => p.id === 'leftover-strings:literals')?.text).toContain('机密★5年');
  });

  it('reads a GBK string no reader handed over in GBK', async () => {
    const r = await extract(buildPdf(onePage(stream('', body), { catalog: `/Outlinez << /Title <${gbk('机密★5年')}> >>` })));
    expect(r.parts.some((p) => p.id.startsWith('leftover-strings:') && p.text.includes('机密★5年'))).toBe(true);
  });

  it('reads a string holding ESC bytes with them left out, as viewers show it', async () => {
    const esc = Buffer.concat([Buffer.from('TOP ', 'latin1'), Buffer.from([0x1b]), Buffer.from('SECRET', 'latin1')]).toString('hex');
    const r = await extract(buildPdf(onePage(stream('', body), { page: '/Annots [6 0 R]', more: [`<< /Type /Annot /Subtype /Text /Rect [0 0 10 10] /Contentz <${esc}> >>`] })));
    expect(r.parts.find((p) => p.id === 'leftover-strings:escaped')?.text).toBe('TOP SECRET');
  });
});

describe('XObjects a page asks for and no reader paints', () => {
  const FORM = (subtype: string) => stream(`/Type /XObject /Subtype /${subtype} /BBox [0 0 200 40] /Resources << /Font << /F1 4 0 R >> >>`, 'BT /F1 12 Tf 2 12 Td (TOP SECRET) Tj ET');
  const page = (name: string, subtype: string) =>
    buildPdf(onePage(stream('', `${body}\n/${name} Do`), { more: [FORM(subtype)] }).map((b, i) => (i === 2 && typeof b === 'string' ? b.replace('>> >> /Contents', '>> /XObject << /Xq7 6 0 R >> >> /Contents') : b)));
  const lossOf = async (bytes: Uint8Array) => ((await extract(bytes)).loss ?? []).filter((l) => l.where === 'page 1').map((l) => l.detail).join(' ');
  it('a Do naming a resource the page does not hold, or an XObject of an unknown kind, is a loss of the page', async () => {
    expect(await lossOf(page('Xq8', 'Form'))).toContain('paints /Xq8, which its resources do not hold');
    expect(await lossOf(page('Xq7', 'Forq'))).toContain('the unknown kind /Forq');
    expect(await lossOf(page('Xq7', 'Form'))).toBe('');
  });
  it('a Tf naming a font the resources do not hold is a loss of the page, in the page or in a form', async () => {
    expect(await lossOf(buildPdf(onePage(stream('', `${body}\nBT /F9 12 Tf 72 700 Td (TOP SECRET) Tj ET`))))).toContain('the page sets the font /F9, which its resources do not hold');
    // #xx escapes in the name are the name's own letters.
    expect(await lossOf(buildPdf(onePage(stream('', `${body}\nBT /F#31 12 Tf 72 700 Td (x) Tj ET`))))).toBe('');
    const form = stream('/Type /XObject /Subtype /Form /BBox [0 0 200 40] /Resources << /Font << /F1 4 0 R >> >>', 'BT /F2 12 Tf 2 12 Td (TOP SECRET) Tj ET');
    const withForm = buildPdf(onePage(stream('', `${body}\n/Xq7 Do`), { more: [form] }).map((b, i) => (i === 2 && typeof b === 'string' ? b.replace('>> >> /Contents', '>> /XObject << /Xq7 6 0 R >> >> /Contents') : b)));
    expect(await lossOf(withForm)).toContain('form object 6 0 sets the font /F2, which its resources do not hold');
  });
  it('an unreached XML stream (an XFA packet whose /XFA key was renamed) is read', async () => {
    const xfa = stream('', '<?xml version="1.0" encoding="UTF-8"?><xdp:xdp><template><draw><value><text>TOP SECRET//NOFORN</text></value></draw></template></xdp:xdp>');
    const r = await extract(buildPdf(onePage(stream('', body), { catalog: '/AcroForm << /Fields [] /XFQ 6 0 R >>', more: [xfa] })));
    expect(r.parts.some((p) => p.id.startsWith('unreferenced-xml:') && p.text.includes('TOP SECRET//NOFORN'))).toBe(true);
  });
});
