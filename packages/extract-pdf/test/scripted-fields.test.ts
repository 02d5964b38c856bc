/**
 * A script that runs when the document opens (document-level, the open action) or a field's format
 * script gives a field the value a viewer with scripting shows: 密级：[  ] on the page, and
 * `this.getField("mj").value = "机密"` shows 密级：机密. The field was read by its stored value (empty)
 * and the script's string 机密 alone (review); the scripted value now stands in the page's line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, pdfUtf16, stream, ucs2 } from './raw-pdf.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

const BODY =
  `BT 0 g /F2 14 Tf 72 660 Td ${ucs2('关于做好汛期物资调度工作的通知')} Tj ET ` +
  `BT /F2 12 Tf 72 630 Td ${ucs2('各区县应急管理局：为切实做好今年汛期物资调度工作，现将有关事项通知如下。')} Tj ET`;

/** 密级： on the page and an empty text field mj right after it; `how` places the script. */
function form(value: string, how: 'document' | 'open-action' | 'format'): Uint8Array {
  const set = how === 'format' ? `event.value = "${value}";` : how === 'open-action' ? `var f = this.getField('mj');\nf.value = '${value}';` : `this.getField("mj").value = "${value}";`;
  const action = `<< /S /JavaScript /JS ${pdfUtf16(set)} >>`;
  return buildPdf(
    onePageCjk(stream('', `BT /F2 14 Tf 72 740 Td ${ucs2('密级：')} Tj ET ${BODY}`), {
      page: '/Annots [7 0 R]',
      catalog:
        `/AcroForm << /Fields [7 0 R] /DA (/F2 14 Tf 0 g) /DR << /Font << /F2 6 0 R >> >> /NeedAppearances true >>` +
        (how === 'document' ? ' /Names << /JavaScript << /Names [(init) 8 0 R] >> >>' : how === 'open-action' ? ' /OpenAction 8 0 R' : ''),
      more: [`<< /Type /Annot /Subtype /Widget /FT /Tx /T (mj) /Rect [114 736 200 756] /F 4 /DA (/F2 14 Tf 0 g) /P 3 0 R ${how === 'format' ? '/AA << /F 8 0 R >>' : ''} >>`, action],
    }),
  );
}

describe('PDF: a field value set by a script', () => {
  it('密级： beside a field a document script, the open action or its format script sets to 机密 blocks', async () => {
    for (const how of ['document', 'open-action', 'format'] as const) {
      const r = await scanner.scan(form('机密', how), { filename: 'notice.pdf' });
      expect(r.verdict, how).toBe('block');
      expect(r.findings.some((f) => f.location.part === 'page-1:as-shown'), how).toBe(true);
    }
  });

  it('the same set to 公开 passes with nothing unread', async () => {
    for (const how of ['document', 'open-action', 'format'] as const) {
      const r = await scanner.scan(form('公开', how), { filename: 'notice.pdf' });
      expect(r.verdict, how).toBe('pass');
      expect(r.coverage.unread, how).toEqual([]);
    }
  });
});
