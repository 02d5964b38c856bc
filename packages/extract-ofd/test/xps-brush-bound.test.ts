/**
 * Keyed visual brushes drawn where they are used (7a29529) had no bound on what they draw: brushes
 * that each fill two paths with the next one double with every step, so a 2 kB page of 17 such
 * brushes drew 2^17 copies (60 s; 20 would take hours). What brushes draw where they are used is now
 * bounded per page (100,000 elements); past it the page reports unread (limit), never passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { createScanner, type Scanner } from '@prepub/scanner';
import { cpuMsSince } from '../../../tests/cpu-time.ts';

const NS = 'http://schemas.microsoft.com/xps/2005/06';
const glyphs = (x: number, y: number, s: string) => {
  const indices = [...s].map((c) => `${(c.codePointAt(0)! % 500) + 3},${/[\x20-\x7e]/.test(c) ? 50 : 100}`).join(';');
  return `<Glyphs Fill="#ff000000" FontUri="/Resources/1.odttf" FontRenderingEmSize="16" StyleSimulations="None" OriginX="${x}" OriginY="${y}" Indices="${indices}" UnicodeString="${s}"/>`;
};
function xps(page: string, resources: string, extra: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="fdseq" ContentType="application/vnd.ms-package.xps-fixeddocumentsequence+xml"/><Default Extension="fdoc" ContentType="application/vnd.ms-package.xps-fixeddocument+xml"/><Default Extension="fpage" ContentType="application/vnd.ms-package.xps-fixedpage+xml"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="odttf" ContentType="application/vnd.ms-package.obfuscated-opentype"/><Default Extension="dict" ContentType="application/vnd.ms-package.xps-resourcedictionary+xml"/></Types>'),
    '_rels/.rels': strToU8('<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Type="http://schemas.microsoft.com/xps/2005/06/fixedrepresentation" Target="/FixedDocumentSequence.fdseq" Id="R0"/></Relationships>'),
    'FixedDocumentSequence.fdseq': strToU8(`<FixedDocumentSequence xmlns="${NS}"><DocumentReference Source="/Documents/1/FixedDocument.fdoc"/></FixedDocumentSequence>`),
    'Documents/1/FixedDocument.fdoc': strToU8(`<FixedDocument xmlns="${NS}"><PageContent Source="Pages/1.fpage"/></FixedDocument>`),
    'Documents/1/Pages/1.fpage': strToU8(`<FixedPage xmlns="${NS}" xmlns:x="http://schemas.microsoft.com/winfx/2006/xaml" Width="816" Height="1056" xml:lang="zh-CN"><FixedPage.Resources>${resources}</FixedPage.Resources>${page}</FixedPage>`),
    'Resources/1.odttf': new Uint8Array(256).fill(7),
    ...extra,
  });
}
const BODY = glyphs(96, 160, '关于召开年度工作会议的通知') + glyphs(96, 200, '各处室：定于下周三上午九时在三楼会议室召开年度工作会议，请准时参加。');
/** A visual brush keyed `key` drawing `s` into the 16-unit box right of x = 96 on the line at y = 84…104. */
const brush = (key: string, s: string) =>
  `<VisualBrush x:Key="${key}" Viewbox="0,0,16,20" ViewboxUnits="Absolute" Viewport="112,84,16,20" ViewportUnits="Absolute" TileMode="None"><VisualBrush.Visual><Canvas>${glyphs(0, 16, s)}</Canvas></VisualBrush.Visual></VisualBrush>`;
const use = (key: string) => `<Path Data="M 112,84 L 128,84 L 128,104 L 112,104 Z" Fill="{StaticResource ${key}}"/>`;
const bx = (key: string, inner: string) => `<VisualBrush x:Key="${key}" Viewbox="0,0,16,20" ViewboxUnits="Absolute" Viewport="112,84,16,20" ViewportUnits="Absolute" TileMode="None"><VisualBrush.Visual><Canvas>${inner}</Canvas></VisualBrush.Visual></VisualBrush>`;
const usep = (key: string) => `<Path Data="M 0,0 L 16,0 L 16,20 L 0,20 Z" Fill="{StaticResource ${key}}"/>`;
/** Brushes v0 … vn, each drawing the next one twice, the last 公开 (benign: only the limit can make it review). */
function fan(n: number): Uint8Array {
  let res = bx(`v${n}`, glyphs(0, 16, '公开'));
  for (let i = n - 1; i >= 0; i--) res += bx(`v${i}`, usep(`v${i + 1}`) + usep(`v${i + 1}`));
  return xps(usep('v0') + BODY, `<ResourceDictionary>${res}</ResourceDictionary>`);
}

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
  await scanner.scan(fan(4), { filename: 'warm.xps' });
});
afterAll(async () => {
  await scanner.close();
});

describe('XPS: keyed visual brushes drawn where used, within a bound', () => {
  it('brushes doubling 20 times: < 3 s, review with a limit on the page (not pass)', async () => {
    const t = process.cpuUsage();
    const r = await scanner.scan(fan(20), { filename: 'fan.xps' });
    expect(cpuMsSince(t)).toBeLessThan(3000);
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => u.reason === 'limit' && /visual brushes/.test(u.detail))).toBe(true);
  });

  it('a few nested brushes are still drawn in full, no limit', async () => {
    const r = await scanner.scan(fan(3), { filename: 'fan.xps' });
    expect(r.coverage.unread.some((u) => /visual brushes/.test(u.detail))).toBe(false);
  });
});
