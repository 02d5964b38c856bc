/**
 * XPS brushes kept as resources and named by key (Fill="{StaticResource v1}"), in the page's
 * ResourceDictionary or in a remote one (a `.dict` part the page names by Source). A VisualBrush
 * draws its visual's text where the element that names it stands. A remote dictionary's brushes
 * were read only as a loose file, apart from the page, and a brush in the page's resources where
 * the dictionary stood, not where a moved canvas used it: 机 and ★5年 on the page with 密 drawn
 * between them by a brush read 机 ★5年 (review, a damaged level). Now a brush named by key is drawn
 * where it is used; a picture in an ImageBrush goes to OCR with the package's pictures.
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
const dict = (inner: string) => strToU8(`<ResourceDictionary xmlns="${NS}" xmlns:x="http://schemas.microsoft.com/winfx/2006/xaml">${inner}</ResourceDictionary>`);
/** 机 | brush | ★5年 on one line, the brush in a remote dictionary. */
const remote = (a: string, mid: string, b: string) => xps(glyphs(96, 100, a) + use('v1') + glyphs(128, 100, b) + BODY, '<ResourceDictionary Source="/Resources/r.dict"/>', { 'Resources/r.dict': dict(brush('v1', mid)) });
/** The same with the brush in the page's resources, used in a canvas moved 200 units down (the line at y = 300). */
const moved = (a: string, mid: string, b: string) => xps(glyphs(96, 300, a) + `<Canvas RenderTransform="1,0,0,1,0,200">${use('v1')}</Canvas>` + glyphs(128, 300, b) + BODY, `<ResourceDictionary>${brush('v1', mid)}</ResourceDictionary>`);

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

describe('XPS: brushes named by key', () => {
  it('a visual brush of a remote dictionary draws 密 between 机 and ★5年 on the page: blocks; 公 开 告 so drawn passes', async () => {
    const r = await scanner.scan(remote('机', '密', '★5年'), { filename: 'notice.xps' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.location.part === 'Documents/1/Pages/1.fpage')).toBe(true);
    expect((await scanner.scan(remote('公', '开', '告'), { filename: 'notice.xps' })).verdict).toBe('pass');
  });

  it('a brush of the page\'s resources used in a moved canvas stands where it is used: blocks; a benign one passes', async () => {
    expect((await scanner.scan(moved('机', '密', '★5年'), { filename: 'notice.xps' })).verdict).toBe('block');
    expect((await scanner.scan(moved('公', '开', '告'), { filename: 'notice.xps' })).verdict).toBe('pass');
  });

  it('a visual brush whose visual is a keyed canvas (Visual="{StaticResource c1}") draws it where the brush is used: blocks', async () => {
    const page = (mid: string) =>
      xps(glyphs(96, 100, '机') + use('v1') + glyphs(128, 100, '★5年') + BODY, `<ResourceDictionary><Canvas x:Key="c1">${glyphs(0, 16, mid)}</Canvas><VisualBrush x:Key="v1" Visual="{StaticResource c1}" Viewbox="0,0,16,20" ViewboxUnits="Absolute" Viewport="112,84,16,20" ViewportUnits="Absolute"/></ResourceDictionary>`);
    expect((await scanner.scan(page('密'), { filename: 'notice.xps' })).verdict).toBe('block');
    expect((await scanner.scan(page('开'), { filename: 'notice.xps' })).verdict).not.toBe('block');
  });

  it('a brush of the page\'s resources no element uses is still read; a brush that names itself is drawn once', async () => {
    const unused = xps(BODY, `<ResourceDictionary><VisualBrush x:Key="u"><VisualBrush.Visual><Canvas>${glyphs(96, 100, '机密★5年')}</Canvas></VisualBrush.Visual></VisualBrush></ResourceDictionary>`);
    expect((await scanner.scan(unused, { filename: 'notice.xps' })).verdict).toBe('block');
    const keyedGlyphs = xps(BODY, `<ResourceDictionary>${glyphs(96, 100, '机密★5年').replace('<Glyphs ', '<Glyphs x:Key="g1" ')}</ResourceDictionary>`);
    expect((await scanner.scan(keyedGlyphs, { filename: 'notice.xps' })).verdict).toBe('block');
    const loop = xps(glyphs(96, 100, '机') + use('v1') + glyphs(128, 100, '★5年') + BODY, `<ResourceDictionary><VisualBrush x:Key="v1" Viewbox="0,0,16,20" ViewboxUnits="Absolute" Viewport="112,84,16,20" ViewportUnits="Absolute"><VisualBrush.Visual><Path Data="M 0,0 L 16,0 16,20 0,20 Z" Fill="{StaticResource v1}"/></VisualBrush.Visual></VisualBrush></ResourceDictionary>`);
    const r = await scanner.scan(loop, { filename: 'notice.xps' });
    expect(r.errors ?? []).toEqual([]);
  });
});
