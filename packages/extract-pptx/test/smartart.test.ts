/**
 * SmartArt is drawn in its own order: nodes by their place among their siblings, the drawing's
 * shapes where they stand. Five one-character nodes listed last to first (年 5 ★ 密 机) but ordered
 * and placed 机 密 ★ 5 年 show 机密★5年.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { diagramTexts } from '@prepub/ooxml';
import { addLinkedParts, pptx } from '../../ooxml/test/ooxml-writer.ts';
import { DIAGRAM_LINKS, diagramData, diagramDrawing } from '../../ooxml/test/smartart.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const deck = (chars: string[]) =>
  addLinkedParts(pptx({ slides: [{ shapes: [{ text: ['江临市汛期物资调度情况汇报'], at: [0, 1500000, 8000000, 600000] }] }] }), 'ppt/slides/slide1.xml', { 'ppt/diagrams/data1.xml': diagramData(chars), 'ppt/diagrams/drawing1.xml': diagramDrawing(chars) }, DIAGRAM_LINKS('../diagrams'));

describe('SmartArt in its drawn order', () => {
  it('reads a data model\'s nodes by their place, each after its parent', () => {
    expect(diagramTexts(diagramData([...'机密★5年']))).toEqual([...'机密★5年']);
  });

  it('on a slide: block, in the diagram and in its drawing', async () => {
    const r = await scanner.scan(deck([...'机密★5年']), { filename: 'deck.pptx' });
    expect(r.verdict).toBe('block');
    for (const part of ['ppt/diagrams/data1.xml', 'ppt/diagrams/drawing1.xml']) expect(r.findings.some((f) => f.location.part === part && f.severity === 'block'), part).toBe(true);
  });

  it('保 密 宣 传 月 so drawn passes with nothing unread', async () => {
    const r = await scanner.scan(deck([...'保密宣传月']), { filename: 'deck.pptx' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
});
