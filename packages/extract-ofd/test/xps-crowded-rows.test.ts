/**
 * Lines too crowded for their rows to be worked out in the page layout's work bound (runs drawn
 * across one another by the thousand, a staircase a third of a line apart) read as drawn; the XPS
 * and OFD readers now report them as unread (limit) as the PDF reader does, never a silent pass.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strToU8, zipSync } from 'fflate';
import { createScanner, type Scanner } from '@prepub/scanner';

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

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

describe('XPS: a crowded line is unread', () => {
  it('1,500 runs stacked 5 units apart at one place: review with a limit', async () => {
    const stair = Array.from({ length: 1500 }, (_, i) => glyphs(96, 100 + i * 5, '公开')).join('');
    const r = await scanner.scan(xps(stair + BODY, ''), { filename: 'stair.xps' });
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.some((u) => u.reason === 'limit' && /too many times for the rows/.test(u.detail))).toBe(true);
  });

  it('an ordinary page has no such limit', async () => {
    const r = await scanner.scan(xps(BODY, ''), { filename: 'plain.xps' });
    expect(r.coverage.unread.some((u) => /too many times for the rows/.test(u.detail))).toBe(false);
  });
});
