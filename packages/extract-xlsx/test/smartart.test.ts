/**
 * SmartArt on a sheet is drawn in its own order (see the PPTX reader's test): five one-character
 * nodes listed last to first but ordered and placed 机 密 ★ 5 年 show 机密★5年.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { addLinkedParts, xlsx } from '../../ooxml/test/ooxml-writer.ts';
import { DIAGRAM_LINKS, diagramData, diagramDrawing } from '../../ooxml/test/smartart.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const book = (chars: string[]) =>
  addLinkedParts(xlsx({ sheets: [{ name: '表', rows: [['江临市汛期物资调度表'], ['物资', '数量'], ['沙袋', 12000]], textBox: '说明' }] }), 'xl/drawings/drawing1.xml', { 'xl/diagrams/data1.xml': diagramData(chars), 'xl/diagrams/drawing1.xml': diagramDrawing(chars) }, DIAGRAM_LINKS('../diagrams'));

describe('XLSX: SmartArt in its drawn order', () => {
  it('blocks, in the diagram and in its drawing, on the sheet', async () => {
    const r = await scanner.scan(book([...'机密★5年']), { filename: 'book.xlsx' });
    expect(r.verdict).toBe('block');
    for (const part of ['xl/diagrams/data1.xml', 'xl/diagrams/drawing1.xml']) expect(r.findings.some((f) => f.location.part === part && f.severity === 'block' && f.location.page === 1), part).toBe(true);
  });

  it('保 密 宣 传 月 so drawn passes with nothing unread', async () => {
    const r = await scanner.scan(book([...'保密宣传月']), { filename: 'book.xlsx' });
    expect(r.verdict).toBe('pass');
    expect(r.coverage.unread).toEqual([]);
  });
});
