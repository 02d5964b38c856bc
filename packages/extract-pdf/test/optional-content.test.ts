/**
 * Optional content shown only in print or export (red-team check, already read): an OCG whose view
 * state is OFF and print or export state ON (/Usage, /D /OFF with /AS for printing), an /OCMD
 * visibility policy or expression, on marked content, a form XObject (/OC in its dictionary) or an
 * annotation. Its text is read whatever the layer's state (page-N:layer-off when not shown), so
 * 机密★5年 printed only blocks; benign text so hidden passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { buildPdf, onePageCjk, stream, ucs2 } from './raw-pdf.ts';

const BODY = `BT /F2 14 Tf 72 700 Td ${ucs2('关于做好年度工作的通知')} Tj ET`;
const PRINT_ONLY = '<< /Type /OCG /Name (Print only) /Usage << /Print << /PrintState /ON >> /View << /ViewState /OFF >> >> >>';
const AS_PRINT = '/AS [<< /Event /Print /OCGs [7 0 R] /Category [/Print] >> << /Event /View /OCGs [7 0 R] /Category [/View] >>]';
/** Objects: 1 catalog, 2 pages, 3 page, 4 F1, 5 content, 6 CJK font, 7 OCG, 8… `more`. */
function layered(mark: string, how: 'marked-content' | 'ocmd-allon' | 'ocmd-not' | 'export' | 'form' | 'annotation'): Uint8Array {
  const catalog = how === 'ocmd-not' ? '/OCProperties << /OCGs [7 0 R] /D << /ON [7 0 R] >> >>' : `/OCProperties << /OCGs [7 0 R] /D << /OFF [7 0 R] ${AS_PRINT} >> >>`;
  const ocg = how === 'export' ? '<< /Type /OCG /Name (Export) /Usage << /Export << /ExportState /ON >> >> >>' : how === 'ocmd-not' ? '<< /Type /OCG /Name (L) >>' : PRINT_ONLY;
  const shown = `BT /F2 14 Tf 72 740 Td ${ucs2(mark)} Tj ET`;
  let content = BODY;
  let resources = '';
  let page = '';
  const more: Array<string | Uint8Array> = [ocg];
  if (how === 'form') {
    more.push(stream('/Type /XObject /Subtype /Form /BBox [0 0 612 792] /OC 7 0 R /Resources << /Font << /F2 6 0 R >> >>', shown));
    resources = '/XObject << /X1 8 0 R >>';
    content += ' /X1 Do';
  } else if (how === 'annotation') {
    more.push('<< /Type /Annot /Subtype /Stamp /Rect [72 720 272 760] /F 4 /OC 7 0 R /AP << /N 9 0 R >> >>');
    more.push(stream('/Type /XObject /Subtype /Form /BBox [0 0 200 40] /Resources << /Font << /F2 6 0 R >> >>', `BT /F2 14 Tf 10 10 Td ${ucs2(mark)} Tj ET`));
    page = '/Annots [8 0 R]';
  } else {
    if (how === 'ocmd-allon') more.push('<< /Type /OCMD /OCGs [7 0 R] /P /AllOn >>');
    if (how === 'ocmd-not') more.push('<< /Type /OCMD /VE [/Not 7 0 R] >>');
    resources = `/Properties << /L1 ${how.startsWith('ocmd') ? 8 : 7} 0 R >>`;
    content += `\n/OC /L1 BDC ${shown} EMC`;
  }
  const b = onePageCjk(stream('', content), { catalog, page, more });
  b[2] = (b[2] as string).replace('/Resources <<', `/Resources << ${resources}`);
  return buildPdf(b);
}

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(async () => {
  await scanner.close();
});

describe('PDF optional content shown only in print or export', () => {
  it.each(['marked-content', 'ocmd-allon', 'ocmd-not', 'export', 'form', 'annotation'] as const)('%s: 机密★5年 in it blocks; 保密宣传月 passes', async (how) => {
    expect((await scanner.scan(layered('机密★5年', how), { filename: 'notice.pdf' })).verdict).toBe('block');
    expect((await scanner.scan(layered('保密宣传月', how), { filename: 'notice.pdf' })).verdict).toBe('pass');
  });
});
