/** XFA forms: the template's text and the filled-in data are read from the form's XML packets. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createPdfExtractor } from '../src/index.ts';
import { xmlTextLines } from '../src/xfa.ts';
import { encodeLegacy } from './legacy-encode.ts';
import { buildPdf, flateStream, linesContent, onePage, stream } from './raw-pdf.ts';

const extractor = createPdfExtractor({ renderPages: false });
const TEMPLATE = '<template xmlns="http://www.xfa.org/schema/xfa-template/2.8/"><subform><draw><value><text>机密&#x2605;5年</text></value></draw><field name="Room"><caption><value><text>Room</text></value></caption></field></subform></template>';
const DATA = '<xfa:datasets xmlns:xfa="http://www.xfa.org/schema/xfa-data/1.0/"><xfa:data><form><Room>Harbour &amp; Dock 3</Room></form></xfa:data></xfa:datasets>';

describe('XFA forms', () => {
  it('reads the text of every packet (template and datasets), compressed or not, and reports nothing unread', async () => {
    const bytes = buildPdf(onePage(stream('', linesContent(['Please use the form.'])), { catalog: '/AcroForm << /Fields [] /XFA [(template) 6 0 R (datasets) 7 0 R] >>', more: [flateStream('', new TextEncoder().encode(TEMPLATE)), stream('', DATA)] }));
    const r = await extractor.extract(bytes, { limits: DEFAULT_LIMITS });
    const xfa = r.parts.find((p) => p.id === 'xfa');
    expect(xfa?.role).toBe('form-field');
    expect(xfa?.text.split('\n')).toEqual(['机密★5年', 'Room', 'Harbour & Dock 3']);
    expect(r.unread.map((u) => u.where)).not.toContain('XFA form');
  });

  it('reads a packet in Big5 without a declaration in every code page it decodes in', async () => {
    const big5 = encodeLegacy('<template><subform><draw><value><text>極機密 國防部</text></value></draw></subform></template>', 'big5');
    const bytes = buildPdf(onePage(stream('', linesContent(['Please use the form.'])), { catalog: '/AcroForm << /Fields [] /XFA [(template) 6 0 R (datasets) 7 0 R] >>', more: [stream('', big5), stream('', DATA)] }));
    const r = await extractor.extract(bytes, { limits: DEFAULT_LIMITS });
    // The first reading (GB18030 nonsense) stays in the form's part; the Big5 one is a part of its own.
    expect(r.parts.find((p) => p.id === 'xfa')?.text).not.toContain('機密');
    expect(r.parts.find((p) => p.id === 'xfa:big5')).toMatchObject({ role: 'form-field', text: '極機密 國防部', origin: { filePart: 'XFA form', detail: expect.stringContaining('template') } });
  });

  it('reports the form unread when a packet does not decode', async () => {
    const broken = stream('/Filter /FlateDecode', 'not deflate data at all');
    const bytes = buildPdf(onePage(stream('', linesContent(['Please use the form.'])), { catalog: '/AcroForm << /Fields [] /XFA [(template) 6 0 R] >>', more: [broken] }));
    const r = await extractor.extract(bytes, { limits: DEFAULT_LIMITS });
    expect(r.unread.map((u) => u.where)).toContain('XFA form');
  });

  it('takes text nodes and CDATA, drops tags and comments', () => {
    expect(xmlTextLines('<a>x &lt; y</a><!-- 机密 --><b><![CDATA[ 1 < 2 ]]></b>\n<c attr="v"/>')).toEqual(['x < y', '1 < 2']);
  });
});
