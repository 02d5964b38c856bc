/**
 * An OpenDocument link (<text:a xlink:href>) written percent-encoded is read as it is shown
 * (…/%E6%9C%BA%E5%AF%86%E2%98%855%E5%B9%B4/… is …/机密★5年/…) as well as written: read only as
 * written, it held nothing to find and the document passed.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractOdf } from '../src/index.ts';

const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:xlink="http://www.w3.org/1999/xlink"';

/** A text document of two paragraphs and a link to `href`. */
function odt(href: string): Uint8Array {
  const z: Zippable = { mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }] };
  z['META-INF/manifest.xml'] = strToU8(
    '<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>',
  );
  z['content.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:text>` +
      '<text:p>江临市防汛抗旱指挥部办公室</text:p><text:p>关于做好汛期物资调度工作的通知</text:p>' +
      `<text:p>调度方案见<text:a xlink:type="simple" xlink:href="${href}">附件</text:a>。</text:p></office:text></office:body></office:document-content>`,
  );
  return zipSync(z);
}

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const ENCODED = `http://oa.jianglin.gov.cn/files/${encodeURIComponent('机密★5年')}/${encodeURIComponent('汛期物资调度方案')}.odt`;

describe('percent-encoded links in OpenDocument', () => {
  it('the link is read decoded and the document is not passed', async () => {
    const x = await extractOdf(odt(ENCODED), { limits: DEFAULT_LIMITS });
    expect(x.parts.map((p) => p.text).join('\n')).toContain('http://oa.jianglin.gov.cn/files/机密★5年/汛期物资调度方案.odt');
    expect((await scanner.scan(odt(ENCODED), { filename: '通知.odt' })).verdict).not.toBe('pass');
  });
  it('an ASCII link passes', async () => {
    expect((await scanner.scan(odt('http://oa.jianglin.gov.cn/files/wz-2024.odt'), { filename: '通知.odt' })).verdict).toBe('pass');
  });
});
