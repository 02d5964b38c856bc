import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner } from '@prepub/scanner';
import { extractDocx } from '../src/index.ts';
import { ctx, docx, para, REL } from './helpers.ts';

const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`;

/** Word merges a plain-text or preformatted alternate chunk a paragraph per line; read as one HTML line, its first line ran into the rest. */
const NOTICE = ['关于做好汛期物资调度工作的通知', '各区县应急管理局：', '为做好今年汛期防汛物资调度工作，现将有关事项通知如下。'];
const NEWS = ['关于开展2026年保密宣传月活动的通知', '各处室、直属单位：', '为增强干部职工保密意识，决定于五月开展保密宣传月活动。'];
const types = (ext: string, type: string) =>
  `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="${ext}" ContentType="${type}"/></Types>`;
const chunked = (name: string, bytes: string | Uint8Array, extra: Record<string, string> = {}) =>
  docx(`<w:altChunk r:id="rA"/>${para('市应急管理局')}`, { [`word/${name}`]: bytes, ...extra }, [rel('rA', 'aFChunk', name)]);
const ways = (lines: string[]) => ({
  'a .txt chunk': chunked('afchunk.txt', lines.join('\r\n')),
  'a chunk whose content type is text/plain': chunked('chunk1.dat', lines.join('\n'), { '[Content_Types].xml': types('dat', 'text/plain') }),
  'an HTML chunk with <pre>': chunked('afchunk.htm', `<html><body><pre>${lines.join('\n')}</pre></body></html>`),
  'a GB18030 .txt chunk': chunked('afchunk.txt', Uint8Array.from(gbk(lines.join('\r\n')))),
});

/** GB18030 bytes of a string (TextDecoder cannot encode: built from decoding every two-byte code once). */
function gbk(s: string): number[] {
  const dec = new TextDecoder('gb18030');
  const table = new Map<string, number[]>();
  for (let hi = 0x81; hi <= 0xfe; hi++) for (let lo = 0x40; lo <= 0xfe; lo++) if (lo !== 0x7f) table.set(dec.decode(Uint8Array.of(hi, lo)), [hi, lo]);
  return [...s].flatMap((ch) => (ch.charCodeAt(0) < 0x80 ? [ch.charCodeAt(0)] : table.get(ch) ?? [0x3f]));
}

let scanner: Awaited<ReturnType<typeof createScanner>>;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

describe('plain-text and preformatted alternate chunks', () => {
  it('are read a paragraph per line, so a marking on the first line stands alone and blocks', async () => {
    for (const [how, bytes] of Object.entries(ways(['机密★5年', ...NOTICE]))) {
      const x = await extractDocx(bytes, ctx());
      const chunk = x.parts.find((p) => p.origin.filePart?.startsWith('word/') && p.origin.detail?.includes('altChunk'));
      expect(chunk?.text.split('\n').filter(Boolean).slice(0, 2), how).toEqual(['机密★5年', NOTICE[0]]);
      const r = await scanner.scan(bytes, { filename: 'notice.docx' });
      expect(r.verdict, how).toBe('block');
      expect(r.findings.find((f) => f.ruleId === 'marking.cn-state-secret')?.location.filePart, how).toMatch(/^word\/(afchunk\.(txt|htm)|chunk1\.dat)$/);
    }
  });

  it('news on the secrecy month so merged passes with nothing unread', async () => {
    for (const [how, bytes] of Object.entries(ways(NEWS))) {
      const r = await scanner.scan(bytes, { filename: 'news.docx' });
      expect(r.coverage.unread, how).toEqual([]);
      expect(r.verdict, how).toBe('pass');
    }
  });
});
