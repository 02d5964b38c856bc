/**
 * An EMF picture on a slide writes 机 密 ★ 5 年, a character per text record, the records written
 * last to first: the picture stays unread, but what it writes is read as it stands and blocks.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { emf } from '../../ooxml/test/metafile-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"';

/** A presentation whose slide shows a title and Pictures/1.emf writing `chars`. */
function deck(chars: string[]): Uint8Array {
  const picture = emf([...chars.map((text, i) => ({ x: 100 + 100 * i, y: 100, text })).reverse(), { x: 100, y: 400, text: '江临市汛期物资调度示意图' }]);
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:presentation><draw:page draw:name="封面"><draw:frame svg:x="2cm" svg:y="2cm" svg:width="20cm" svg:height="2cm"><draw:text-box><text:p>江临市汛期物资调度情况汇报</text:p></draw:text-box></draw:frame><draw:frame svg:x="2cm" svg:y="5cm" svg:width="10cm" svg:height="6cm"><draw:image xlink:href="Pictures/1.emf"/></draw:frame></draw:page></office:presentation></office:body></office:document-content>`;
  const z: Zippable = { mimetype: [strToU8('application/vnd.oasis.opendocument.presentation'), { level: 0 }] };
  z['META-INF/manifest.xml'] = strToU8('<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.presentation"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="Pictures/1.emf" manifest:media-type="image/x-emf"/></manifest:manifest>');
  z['content.xml'] = strToU8(content);
  z['Pictures/1.emf'] = picture;
  return zipSync(z);
}

describe('ODF: the text an EMF picture writes', () => {
  it('机密★5年 written a character per record blocks, located in the picture, which stays unread', async () => {
    const r = await scanner.scan(deck([...'机密★5年']), { filename: 'briefing.odp' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part === 'Pictures/1.emf' && f.explanation.normalized === '机密★5年')).toBe(true);
    expect(r.coverage.unread.some((u) => /vector picture \(EMF\)/.test(u.detail))).toBe(true);
  });

  it('保密宣传月 so written is reviewed for the unread drawing only, with no finding', async () => {
    const r = await scanner.scan(deck([...'保密宣传月']), { filename: 'briefing.odp' });
    expect(r.verdict).toBe('review');
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
