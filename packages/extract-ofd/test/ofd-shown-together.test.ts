/**
 * A line a page shows from more than one source: 机 drawn by the template page under (or over) it
 * and 密★5年 by the page itself, or 密★5年 in a stamp annotation set beside the page's 机. Each source
 * alone holds no marking; the page shows 机密★5年, and is read so (`#as-shown`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { ofd, paragraphLines, type DocSpec, type TextSpec } from './ofd-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const BODY = '为做好港区航道疏浚工程实施期间的运输保障工作，经市局研究，现将有关事项通知如下。各单位要按照工程进度安排，提前制定船舶调度和车辆通行方案。';
const text: TextSpec[] = [{ x: 40, y: 50, text: '关于做好港区航道疏浚工程运输保障工作的通知', size: 5.6 }, ...paragraphLines(BODY, { top: 70, indent: true })];
const scan = (spec: DocSpec) => scanner.scan(ofd({ docs: [spec] }), { filename: 'notice.ofd' });

/** `first` at (27, 22) on the template page (or in `where`), `rest` right after it (4.2 mm on). */
function split(first: string, rest: string, where: 'template' | 'template-over' | 'annotation'): DocSpec {
  const head: TextSpec = { x: 27, y: 22, text: first };
  const tail: TextSpec = { x: 31.2, y: 22, text: rest };
  if (where === 'annotation') return { pages: [{ texts: [head, ...text] }], annotations: [{ page: 1, type: 'Stamp', boundary: [31.2, 22, 40, 6], texts: [{ x: 0, y: 0, text: rest }] }] };
  // The template draws the first piece, or (over) the rest.
  return where === 'template' ? { templates: [{ id: 1, texts: [head] }], pages: [{ texts: [tail, ...text], template: 1 }] } : { templates: [{ id: 1, texts: [tail] }], pages: [{ texts: [head, ...text], template: 1 }] };
}

describe('OFD: a line drawn partly by a template page or an annotation', () => {
  it('机 from the template and 密★5年 from the page (either way round), or 密★5年 in a stamp beside 机: block', async () => {
    for (const where of ['template', 'template-over', 'annotation'] as const) {
      const r = await scan(split('机', '密★5年', where));
      expect(r.verdict, where).toBe('block');
      expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.location.part === 'Doc_0/Pages/Page_0/Content.xml#as-shown'), where).toBe(true);
    }
  });

  it('保 and 密宣传月 so drawn read 保密宣传月: pass with nothing unread; a template far from the page text adds no reading', async () => {
    for (const where of ['template', 'template-over', 'annotation'] as const) {
      const r = await scan(split('保', '密宣传月', where));
      expect(r.verdict, where).toBe('pass');
      expect(r.coverage.unread, where).toEqual([]);
    }
    const apart = await scan({ templates: [{ id: 1, texts: [{ x: 150, y: 280, text: '江临市交通运输局' }] }], pages: [{ texts: text, template: 1 }] });
    expect(apart.verdict).toBe('pass');
    expect(apart.coverage.parts.map((p) => p.id)).not.toContain('Doc_0/Pages/Page_0/Content.xml#as-shown');
  });
});
