/**
 * Excel combo boxes and list boxes (form controls, ObjectType Drop / List in the sheet's VML
 * drawing) show the option chosen (x:Sel, 1-based) of their cells (x:FmlaRange); no cell holds
 * what they show. A 呈批表 whose 密级 is chosen in a combo box over its row passed, the options
 * column (公开 秘密 机密 绝密) read as a list. The chosen option is now placed in the row the
 * control's anchor names (密级： 机密: block); the options' cells are left out of that row's reading.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { addLinkedParts, rewritePart, xlsx } from '../../ooxml/test/ooxml-writer.ts';

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const OPTIONS = ['公开', '秘密', '机密', '绝密'];

/** A 呈批表 with a combo box (`Drop`) or list box (`List`) over B2, its options in H`top`:H`top+3`. */
function form(kind: 'Drop' | 'List', sel: number, top = 1, range = `$H$${top}:$H$${top + 3}`): Uint8Array {
  const shape = `<v:shape id="_x0000_s1025" type="#_x0000_t201" style='position:absolute;margin-left:60pt;margin-top:15pt;width:54pt;height:15pt;z-index:1' stroked="f" strokecolor="windowText" o:insetmode="auto"><o:lock v:ext="edit" rotation="t" text="t"/><x:ClientData ObjectType="${kind}"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>1, 5, 1, 2, 2, 5, 1, 18</x:Anchor><x:PrintObject>False</x:PrintObject><x:AutoFill>False</x:AutoFill><x:FmlaRange>${range}</x:FmlaRange><x:Sel>${sel}</x:Sel>${kind === 'Drop' ? '<x:Val>0</x:Val><x:DropStyle>Combo</x:DropStyle><x:DropLines>8</x:DropLines>' : '<x:SelType>Single</x:SelType>'}</x:ClientData></v:shape>`;
  const vml = `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/><o:lock v:ext="edit" shapetype="t"/></v:shapetype>${shape}</xml>`;
  const form = [['江临市应急管理局呈批表'], ['密级：'], ['标题', '关于调整防汛物资储备点的请示'], ['拟办意见', '请审示']];
  const rows: Array<Array<string | null>> = Array.from({ length: Math.max(4, top + 3) }, (_, r) => {
    const row: Array<string | null> = [...(form[r] ?? [])];
    while (row.length < 7) row.push(null);
    const option = r + 1 >= top && r + 1 < top + 4 ? OPTIONS[r + 1 - top] : null;
    return option ? [...row, option] : row;
  });
  let pkg = xlsx({ sheets: [{ name: '呈批表', rows }] });
  pkg = addLinkedParts(pkg, 'xl/worksheets/sheet1.xml', { 'xl/drawings/vmlDrawing1.vml': vml, 'xl/ctrlProps/ctrlProp1.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="${kind}" dropStyle="combo" dx="16" fmlaRange="${range}" sel="${sel}" val="0"/>` }, [[`${REL}/vmlDrawing`, '../drawings/vmlDrawing1.vml'], [`${REL}/ctrlProp`, '../ctrlProps/ctrlProp1.xml']]);
  pkg = rewritePart(pkg, 'xl/worksheets/sheet1.xml', (x) => x.replace('</sheetData>', '</sheetData><legacyDrawing r:id="rIdLinked0"/>'));
  return rewritePart(pkg, '[Content_Types].xml', (x) => x.replace('</Types>', '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/><Override PartName="/xl/ctrlProps/ctrlProp1.xml" ContentType="application/vnd.ms-excel.controlproperties+xml"/></Types>'));
}

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('Excel combo and list boxes', () => {
  it.each([
    ['a combo box, options beside the form', 'Drop', 1],
    ['a combo box, options below it', 'Drop', 10],
    ['a list box', 'List', 1],
  ] as const)('%s with 机密 chosen blocks', async (_what, kind, top) => {
    const r = await scanner.scan(form(kind, 3, top), { filename: '呈批表.xlsx' });
    expect(r.verdict).toBe('block');
    expect(r.findings.some((f) => f.severity === 'block' && f.excerpt.includes('密级'))).toBe(true);
  });

  it.each([
    ['公开 chosen', 'Drop', 1, 1],
    ['nothing chosen', 'Drop', 0, 1],
    ['公开 chosen, options below', 'Drop', 1, 10],
    ['a list box, 公开 chosen', 'List', 1, 1],
  ] as const)('%s: pass', async (_what, kind, sel, top) => {
    const r = await scanner.scan(form(kind, sel, top), { filename: '呈批表.xlsx' });
    expect(r.verdict).toBe('pass');
  });

  // Options on another sheet (a hidden 选项 sheet) or in a defined name are not resolved: a chosen
  // option there passed as a blank form. What the box shows is now unread (review); nothing chosen passes.
  it.each([
    ['options on another sheet', "'选项'!$A$1:$A$4"],
    ['options in a defined name', '密级选项'],
  ])('%s, an option chosen: unread (review)', async (_what, range) => {
    const r = await scanner.scan(form('Drop', 3, 1, range), { filename: '呈批表.xlsx' });
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => /another sheet or in a defined name/.test(u.detail))).toBe(true);
    expect((await scanner.scan(form('Drop', 0, 1, range), { filename: '呈批表.xlsx' })).verdict).toBe('pass');
  });
});
