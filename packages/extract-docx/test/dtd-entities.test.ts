/**
 * A DOCTYPE declaring entities: internal ones are expanded where the part refers to them (within
 * bounds), as a validating consumer shows them; what cannot be expanded (an external, parameter or
 * recursive entity, a billion laughs, a reference to an entity never declared) leaves the part
 * unread, never silently dropped.
 */
import { strToU8, zipSync, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { docxExtractor } from '../src/index.ts';
import { decodeXml, expandInternalEntities, xmlDamage } from '../src/xml.ts';
import { ctx, docx, para } from './helpers.ts';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const BODY = para('&m;') + para('关于开展2024年度读书月活动的通知') + para('各部门：为丰富职工文化生活，现将读书月活动有关事项通知如下。');

/** The document part given a DOCTYPE with `subset` as its internal subset. */
function withDoctype(subset: string, body = BODY): Uint8Array {
  const files = unzipSync(docx(body));
  const xml = new TextDecoder().decode(files['word/document.xml']).replace('?>', `?><!DOCTYPE w:document [${subset}]>`);
  files['word/document.xml'] = strToU8(xml);
  return zipSync(files);
}

const text = (x: { parts: Array<{ text: string }> }) => x.parts.map((p) => p.text).join('\n');

describe('DTD entities in an XML part', () => {
  it('an internal entity spelling a marking is expanded where the body refers to it, nested ones too', async () => {
    for (const subset of ['<!ENTITY m "机密★5年">', '<!ENTITY a "机密"><!ENTITY b "★5年"><!ENTITY m "&a;&b;">', "<!-- 定义 --><!ENTITY m '机密&#9733;5年'>"]) {
      const x = await docxExtractor.extract(withDoctype(subset), ctx());
      expect(x.parts.find((p) => p.role === 'body')?.text, subset).toContain('机密★5年');
      expect(x.unread, subset).toEqual([]);
    }
  });

  it('an entity that cannot be expanded makes the part unread (corrupt) with its reason; its other text is still read', async () => {
    const laughs = '<!ENTITY l0 "机密">' + Array.from({ length: 12 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('') + '<!ENTITY m "&l12;">';
    for (const subset of ['<!ENTITY m SYSTEM "file:///etc/secret.txt">', '<!ENTITY % p "机密"><!ENTITY m "x">', '<!ENTITY m "&n;"><!ENTITY n "&m;">', laughs]) {
      const x = await docxExtractor.extract(withDoctype(subset), ctx());
      const u = x.unread.find((v) => v.where === 'word/document.xml');
      expect(u?.reason, subset.slice(0, 40)).toBe('corrupt');
      expect(u?.detail, subset.slice(0, 40)).toMatch(/DOCTYPE declares entities/);
      expect(text(x)).toContain('读书月活动');
    }
    // A reference to an entity nothing declares.
    const x = await docxExtractor.extract(docx(BODY), ctx());
    expect(x.unread.find((v) => v.where === 'word/document.xml')?.detail).toMatch(/&m; .*does not declare/);
  });

  it('expansion is bounded in time and size, and leaves parts without a DOCTYPE as they are', () => {
    const laughs = '<!DOCTYPE r [<!ENTITY l0 "ha">' + Array.from({ length: 30 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join('') + ']><r>&l30;</r>';
    const t0 = process.cpuUsage();
    expect(expandInternalEntities(laughs)).toBe(laughs);
    expect(cpuMsSince(t0)).toBeLessThan(500);
    expect(xmlDamage(laughs)).toMatch(/DOCTYPE declares entities/);
    const plain = '<?xml version="1.0"?><r a="&amp;">机密&lt;&#26426;</r>';
    expect(decodeXml(strToU8(plain))).toBe(plain);
    expect(xmlDamage(plain)).toBeUndefined();
    // A reference in a comment or a CDATA section is no reference.
    expect(xmlDamage('<r><!-- &m; --><![CDATA[&n;]]></r>')).toBeUndefined();
  });
});
