/**
 * A turned frame is placed by its `draw:transform` alone (LibreOffice writes no svg:x and svg:y for
 * it): five one-character frames turned a degree, listed last to first and placed 机 密 ★ 5 年 left
 * to right, show 机密★5年.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { transformedPlace } from '../src/placement.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false, isolation: false });
});
afterAll(() => scanner?.close());

const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"';

/** A presentation whose first slide holds `chars` in one-character frames turned by `turn` radians, listed last to first. */
function deck(chars: string[], turn = 0.0175): Uint8Array {
  const frames = chars.map((_, k) => chars.length - 1 - k).map((i) => `<draw:frame draw:name="框${i}" svg:width="1cm" svg:height="1cm" draw:transform="rotate (${turn}) translate (${2 + i}cm 2cm)"><draw:text-box><text:p>${chars[i]}</text:p></draw:text-box></draw:frame>`).join('');
  const title = '<draw:frame svg:x="2cm" svg:y="8cm" svg:width="20cm" svg:height="2cm"><draw:text-box><text:p>关于做好汛期物资调度工作的通知</text:p></draw:text-box></draw:frame>';
  const content = `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:body><office:presentation><draw:page draw:name="封面">${frames}${title}</draw:page></office:presentation></office:body></office:document-content>`;
  const z: Zippable = { mimetype: [strToU8('application/vnd.oasis.opendocument.presentation'), { level: 0 }] };
  z['META-INF/manifest.xml'] = strToU8('<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.presentation"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>');
  z['content.xml'] = strToU8(content);
  return zipSync(z);
}

describe('ODF: frames placed by their transform', () => {
  it('moves the frame by each operation in the order written', () => {
    const cm = (v: string) => Number(v.replace('cm', '')) * 360000;
    expect(transformedPlace('translate (3cm 2cm)', 360000, 360000, cm)).toEqual({ x: 1080000, y: 720000, w: 360000, h: 360000 });
    const half = transformedPlace('rotate (3.141592653589793) translate (3cm 2cm)', 360000, 360000, cm)!;
    expect([half.x, half.y, half.w, half.h].map(Math.round)).toEqual([720000, 360000, 360000, 360000]);
    expect(transformedPlace('matrix (1 0 0 1 0 0)', 1, 1, cm)).toBeUndefined();
  });

  it('机 密 ★ 5 年 in frames turned a degree, listed last to first: block', async () => {
    const r = await scanner.scan(deck([...'机密★5年']), { filename: 'briefing.odp' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.location.part.startsWith('text-boxes-in-place') && f.severity === 'block')).toBe(true);
  });

  it('保 密 宣 传 月 so placed passes with nothing unread', async () => {
    const r = await scanner.scan(deck([...'保密宣传月']), { filename: 'briefing.odp' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
});
