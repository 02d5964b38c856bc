import { describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { DEFAULT_LIMITS } from '@prepub/core';
import { extractDocx } from '../src/index.ts';

/** A minimal package whose main part is the given XML. */
function docxWith(documentXml: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
    '_rels/.rels': strToU8('<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
    'word/document.xml': strToU8(documentXml),
  });
}

describe('crafted markup', () => {
  it('refuses a part nested 100,000 deep as a limit instead of spending minutes in the parser', async () => {
    const deep = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + '<w:p>'.repeat(100_000) + '</w:x>'.repeat(100_000) + '</w:body></w:document>';
    // A ratio limit would stop this highly compressible part first; lift it to reach the parser.
    const r = await extractDocx(docxWith(deep), { limits: { ...DEFAULT_LIMITS, maxCompressionRatio: 1e9 } });
    expect(r.unread.map((u) => u.reason)).toContain('limit');
    expect(r.unread.some((u) => /nests elements/.test(u.detail))).toBe(true);
  });

  it('reads an ordinary part of the same size', async () => {
    const flat = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' + '<w:p><w:r><w:t>关于开展保密宣传月活动的通知</w:t></w:r></w:p>'.repeat(20_000) + '</w:body></w:document>';
    const r = await extractDocx(docxWith(flat), { limits: { ...DEFAULT_LIMITS, maxCompressionRatio: 1e9 } });
    expect(r.unread.filter((u) => u.reason === 'limit')).toHaveLength(0);
    expect(r.parts.find((p) => p.role === 'body')?.text.split('\n')).toHaveLength(20_000);
  });
});
