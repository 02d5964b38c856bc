/**
 * Lettering drawn as outlines in SVG (see src/svg-outlines.ts): which drawings are handed on as
 * pictures for OCR, where each line is cut out, and the path-data reading it rests on. The OCR
 * side (verdicts, boxes) is in tests/svg-outlines.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { DEFAULT_LIMITS, type ExtractContext, type ImageRef } from '@prepub/core';
import { extractHtml } from '../src/html.ts';
import { MAX_SVG_SHAPES, pathShape, polygonShape } from '../src/svg-outlines.ts';

const ctx = (mediaType = 'image/svg+xml'): ExtractContext => ({ limits: DEFAULT_LIMITS, mediaType }) as ExtractContext;
const pictures = (src: string | Uint8Array, mediaType?: string): ImageRef[] =>
  (extractHtml(typeof src === 'string' ? new TextEncoder().encode(src) : src, ctx(mediaType)).images ?? []).filter((i) => i.id.includes('svg-drawing'));
const sample = (f: string) => new Uint8Array(readFileSync(new URL(`../../../samples/html/${f}`, import.meta.url)));

/** A glyph-like closed contour of 12 segments filling an `s`-unit box at (x, y). */
const glyph = (x: number, y: number, s: number): string => {
  let d = '';
  for (let k = 0; k < 12; k++) {
    const a = (k / 12) * 2 * Math.PI;
    const r = k % 2 ? s * 0.3 : s * 0.5;
    d += `${k ? 'L' : 'M'}${(x + s / 2 + r * Math.cos(a)).toFixed(2)} ${(y + s / 2 + r * Math.sin(a)).toFixed(2)}`;
  }
  return `${d}Z`;
};
/** `n` glyphs side by side, one path each. */
const line = (n: number, x: number, y: number, s: number, attrs = ''): string => Array.from({ length: n }, (_, k) => `<path${attrs} d="${glyph(x + k * s * 1.05, y, s)}"/>`).join('');
const svg = (inner: string, size = 'width="600" height="400"'): string => `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" ${size}>${inner}</svg>`;

describe('pathShape', () => {
  it('reads relative commands as their absolute twins: same box, segments and subpaths (property)', () => {
    const pt = fc.tuple(fc.integer({ min: -500, max: 500 }), fc.integer({ min: -500, max: 500 }));
    fc.assert(
      fc.property(fc.array(fc.array(pt, { minLength: 2, maxLength: 12 }), { minLength: 1, maxLength: 5 }), (subpaths) => {
        let abs = '';
        let rel = '';
        let cx = 0;
        let cy = 0;
        for (const sp of subpaths) {
          abs += `M${sp[0][0]} ${sp[0][1]}`;
          rel += `m${sp[0][0] - cx} ${sp[0][1] - cy}`;
          let px = sp[0][0];
          let py = sp[0][1];
          for (const [x, y] of sp.slice(1)) {
            abs += `L${x},${y}`;
            // Compact where SVG allows it: a minus sign separates two numbers.
            rel += `l${x - px}${y - py < 0 ? '' : ' '}${y - py}`;
            px = x;
            py = y;
          }
          abs += 'Z';
          rel += 'z';
          // After z the current point is the subpath's start.
          cx = sp[0][0];
          cy = sp[0][1];
        }
        const a = pathShape(abs)!;
        const r = pathShape(rel)!;
        expect(r).toEqual(a);
        expect(a.subpaths).toBe(subpaths.length);
        expect(a.segments).toBe(subpaths.reduce((n, sp) => n + sp.length, 0));
      }),
      { numRuns: 300 },
    );
  });

  it('follows compact numbers, H/V, implicit lines after a move, curves and arcs with packed flags', () => {
    // 1.5.5 is 1.5 then .5; -1-2 is -1 then -2; after M further pairs are lines.
    expect(pathShape('M1.5.5 10 .5l-1-2z')).toMatchObject({ x0: 1.5, y0: -1.5, x1: 10, y1: 0.5, segments: 3, subpaths: 1 });
    expect(pathShape('M0 0H10V5h-10z')).toMatchObject({ x0: 0, y0: 0, x1: 10, y1: 5, segments: 4 });
    expect(pathShape('M0 0C0 -10 10 -10 10 0S20 10 20 0Q25 -5 30 0T40 0')).toMatchObject({ x0: 0, x1: 40, y0: -10, y1: 10, segments: 4 });
    // An arc's flags may be written without separators (a1 1 0 01 2 2 is large-arc 0, sweep 1).
    expect(pathShape('M0 0a5 5 0 01 10 0z')).toMatchObject({ x1: 10, segments: 2 });
    expect(pathShape('M0 0a5 5 0 01 10 0z')!.y0).toBeLessThanOrEqual(-5);
    expect(pathShape('')).toBeUndefined();
    expect(pathShape('L10 10')).toBeUndefined();
  });

  it('reads a polygon as a closed path', () => {
    expect(polygonShape('0,0 10,0 10,10 0,10')).toMatchObject({ x0: 0, y0: 0, x1: 10, y1: 10, segments: 4, subpaths: 1 });
  });
});

describe('SVG drawings handed on for OCR', () => {
  it('a line of glyph-shaped paths is cut out as a picture, sized for OCR, in the drawing\'s units', () => {
    const imgs = pictures(svg(line(5, 100, 50, 20)));
    expect(imgs).toHaveLength(1);
    const im = imgs[0];
    expect(im.mediaType).toBe('image/svg+xml');
    expect(im.boxUnit).toBe('px');
    const box = im.origin.box!;
    expect(box.unit).toBe('px');
    // The line spans x 100-204, y 50-70: the crop holds it with a margin.
    expect(box.x).toBeLessThan(100);
    expect(box.x + box.width).toBeGreaterThan(204);
    expect(box.y).toBeLessThan(50);
    expect(box.y + box.height).toBeGreaterThan(70);
    expect(im.pointsOffset).toEqual({ x: box.x, y: box.y });
    const src = new TextDecoder().decode(im.bytes);
    expect(src).toContain(`viewBox="${box.x} ${box.y} ${box.width} ${box.height}" preserveAspectRatio="none"`);
    // Glyphs come out 26 px high.
    const g = pathShape(glyph(100, 50, 20))!;
    expect((g.y1 - g.y0) / im.pointsPerPixel!).toBeCloseTo(26, 0);
  });

  it('glyphs defined once and drawn by <use> (cairo, pdf2svg) are placed where each <use> draws them', () => {
    const defs = `<defs><g><symbol id="g0" overflow="visible"><path d="${glyph(0, -20, 20)}"/></symbol></g></defs>`;
    const uses = [0, 1, 2, 3].map((k) => `<use xlink:href="#g0" x="${300 + k * 21}" y="200"/>`).join('');
    const imgs = pictures(svg(defs + uses));
    expect(imgs).toHaveLength(1);
    const box = imgs[0].origin.box!;
    expect(box.x).toBeGreaterThan(270);
    expect(box.x).toBeLessThan(300);
    expect(box.y).toBeGreaterThan(160);
    expect(box.y).toBeLessThan(180);
    // Defined but never drawn: nothing.
    expect(pictures(svg(defs))).toEqual([]);
  });

  it('a transform on the group moves the line', () => {
    const box = pictures(svg(`<g transform="translate(0 250) scale(2)">${line(4, 10, 10, 12)}</g>`))[0].origin.box!;
    expect(box.y).toBeGreaterThan(250);
    expect(box.height).toBeGreaterThan(24);
  });

  it('leaves out what does not draw a line of lettering', () => {
    // One glyph-like shape (an icon, an emblem), simple shapes (a ruled table), a hidden line.
    expect(pictures(svg(`<path d="${glyph(100, 100, 120)}"/>`))).toEqual([]);
    expect(pictures(svg(Array.from({ length: 8 }, (_, k) => `<rect x="${20 + k * 60}" y="40" width="58" height="20"/><path d="M${20 + k * 60} 40h58v20h-58z"/>`).join('')))).toEqual([]);
    expect(pictures(svg(`<g display="none">${line(5, 100, 50, 20)}</g>`))).toEqual([]);
    expect(pictures(svg(`<g style="display:none">${line(5, 100, 50, 20)}</g>`))).toEqual([]);
    // An icon drawn 16 × 16 px in a page: too small to carry two legible characters.
    expect(pictures(`<html><body><p>通知</p><svg width="16" height="16" viewBox="0 0 100 100">${line(3, 5, 40, 25)}</svg></body></html>`, 'text/html')).toEqual([]);
  });

  it('a drawing inside a page is handed on with the SVG namespaces HTML leaves out', () => {
    const imgs = pictures(sample('outlined-banner-inline.html'), 'text/html');
    expect(imgs.length).toBeGreaterThan(0);
    const src = new TextDecoder().decode(imgs[0].bytes);
    expect(src).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(src).not.toContain('<main>');
    expect(src.trimEnd()).toMatch(/<\/svg>$/);
  });

  it('a standalone SVG keeps its prolog, its declared encoding now UTF-8', () => {
    const gbk = `<?xml version="1.0" encoding="GBK"?>\n<!DOCTYPE svg [<!ENTITY ns "http://www.w3.org/2000/svg">]>\n<svg xmlns="&ns;" width="600" height="400">${line(5, 100, 50, 20)}</svg>`;
    const imgs = pictures(gbk);
    expect(imgs).toHaveLength(1);
    const src = new TextDecoder().decode(imgs[0].bytes);
    expect(src).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<!DOCTYPE svg \[<!ENTITY ns/);
    expect(src).toContain('xmlns="&ns;"');
  });

  it('shapes past the cap are a loss, not silently unmeasured: the drawing is never passed whole', () => {
    const many = svg(Array.from({ length: MAX_SVG_SHAPES + 5 }, () => '<path d="M0 0h1v1z"/>').join(''));
    const x = extractHtml(new TextEncoder().encode(many), ctx());
    const loss = (x.loss ?? []).find((l) => l.where === 'html (SVG drawing)');
    expect(loss).toMatchObject({ kind: 'unreadable-object', count: 5 });
    expect((extractHtml(new TextEncoder().encode(svg(line(5, 100, 50, 20))), ctx()).loss ?? []).some((l) => l.where === 'html (SVG drawing)')).toBe(false);
  });

  it('the samples: every outlined line of the poster and of the glyph-symbol slip is cut out', () => {
    expect(pictures(sample('outlined-marking-poster.svg'))).toHaveLength(3);
    expect(pictures(sample('outlined-glyph-symbols.svg')).length).toBeGreaterThanOrEqual(1);
    // The emblem is one shape; its two outlined lines are the pictures.
    expect(pictures(sample('benign-outlined-emblem.svg'))).toHaveLength(2);
  });
});

describe('lettering stroked, not filled', () => {
  /** A single-stroke glyph as a CAD font draws it: four open strokes, seven segments, in an `s` box. */
  const strokeGlyph = (x: number, y: number, s: number): string =>
    `M${x} ${y + 0.3 * s}L${x + 0.45 * s} ${y + 0.3 * s}M${x + 0.25 * s} ${y}L${x + 0.25 * s} ${y + s}M${x + 0.6 * s} ${y + 0.1 * s}L${x + 0.6 * s} ${y + 0.6 * s}L${x + 0.5 * s} ${y + s}M${x + 0.6 * s} ${y + 0.1 * s}L${x + 0.85 * s} ${y + 0.1 * s}L${x + 0.85 * s} ${y + 0.9 * s}L${x + s} ${y + s}`;
  const strokes = (n: number, style: string): string => `<g style="${style}">${Array.from({ length: n }, (_, k) => `<path d="${strokeGlyph(100 + k * 22, 300, 20)}"/>`).join('')}</g>`;

  it('a line of single-stroke glyphs (fill none, a stroke) is cut out for OCR', () => {
    expect(pictures(svg(strokes(4, 'fill:none;stroke:#000;stroke-width:1')))).toHaveLength(1);
    // As presentation attributes on the group, inherited.
    expect(pictures(svg(`<g fill="none" stroke="black">${strokes(4, '')}</g>`))).toHaveLength(1);
  });

  it('the same strokes filled (open strokes fill nothing) or drawn by no stroke are no lettering', () => {
    expect(pictures(svg(strokes(4, 'fill:#000')))).toEqual([]);
    expect(pictures(svg(strokes(4, 'fill:none;stroke:none')))).toEqual([]);
  });
});
