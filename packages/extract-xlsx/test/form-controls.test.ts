/**
 * Excel form controls (legacy VML check boxes and option buttons) through the real scanner: a
 * 呈批表 whose 密级 is ticked in a check box over its row blocks, the same blank form passes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import { addLinkedParts, rewritePart, xlsx } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

interface Control {
  label: string;
  checked?: boolean;
  kind?: 'Checkbox' | 'Radio' | 'Label';
  /** 0-based row and column of the anchor. */
  row: number;
  col: number;
}

/** A VML drawing as Excel writes one for form controls. */
function vml(controls: Control[]): string {
  const shapes = controls.map((b, i) => `<v:shape id="_x0000_s${1025 + i}" type="#_x0000_t201" style='position:absolute;margin-left:${60 + b.col * 60}pt;margin-top:${b.row * 15}pt;width:54pt;height:15pt;z-index:${i + 1}' filled="f" stroked="f" strokecolor="windowText" o:insetmode="auto"><v:path shadowok="t" strokeok="t" fillok="t"/><o:lock v:ext="edit" rotation="t"/><v:textbox style='mso-direction-alt:auto' o:singleclick="f"><div style='text-align:left'><font face="宋体" size="180" color="auto">${b.label}</font></div></v:textbox><x:ClientData ObjectType="${b.kind ?? 'Checkbox'}"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>${b.col}, 5, ${b.row}, 2, ${b.col + 1}, 5, ${b.row}, 18</x:Anchor><x:AutoFill>False</x:AutoFill><x:AutoLine>False</x:AutoLine><x:TextVAlign>Center</x:TextVAlign>${b.checked ? '<x:Checked>1</x:Checked>' : ''}<x:NoThreeD/></x:ClientData></v:shape>`);
  return `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t201" coordsize="21600,21600" o:spt="201" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path shadowok="f" o:extrusionok="f" strokeok="f" fillok="f" o:connecttype="rect"/><o:lock v:ext="edit" shapetype="t"/></v:shapetype>${shapes.join('')}</xml>`;
}

/** A 呈批表 whose row 2 is 密级： with `controls` drawn over it. */
function form(controls: Control[], vmlText = vml(controls), propsTicked: (c: Control) => boolean = (c) => c.checked ?? false): Uint8Array {
  let pkg = xlsx({ sheets: [{ name: '呈批表', rows: [['江临市应急管理局呈批表'], ['密级：'], ['标题', '关于调整防汛物资储备点的请示'], ['拟办意见', '请审示']] }] });
  const parts: Record<string, string> = { 'xl/drawings/vmlDrawing1.vml': vmlText };
  const links: Array<[string, string]> = [[`${REL}/vmlDrawing`, '../drawings/vmlDrawing1.vml']];
  controls.forEach((b, i) => {
    parts[`xl/ctrlProps/ctrlProp${i + 1}.xml`] = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><formControlPr xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" objectType="${b.kind === 'Radio' ? 'Radio' : 'CheckBox'}"${propsTicked(b) ? ' checked="Checked"' : ''} lockText="1" noThreeD="1"/>`;
    links.push([`${REL}/ctrlProp`, `../ctrlProps/ctrlProp${i + 1}.xml`]);
  });
  pkg = addLinkedParts(pkg, 'xl/worksheets/sheet1.xml', parts, links);
  pkg = rewritePart(pkg, 'xl/worksheets/sheet1.xml', (x) => x.replace('</sheetData>', '</sheetData><legacyDrawing r:id="rIdLinked0"/>'));
  return rewritePart(pkg, '[Content_Types].xml', (x) => x.replace('</Types>', `<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>${controls.map((_, i) => `<Override PartName="/xl/ctrlProps/ctrlProp${i + 1}.xml" ContentType="application/vnd.ms-excel.controlproperties+xml"/>`).join('')}</Types>`));
}

const options = (chosen: string | undefined, kind: Control['kind'] = 'Checkbox', levels = ['绝密', '机密', '秘密']): Control[] => levels.map((label, i) => ({ label, checked: label === chosen, kind, row: 1, col: 1 + i }));
const scan = (bytes: Uint8Array) => scanner.scan(bytes, { filename: '呈批表.xlsx' });

describe('Excel form controls', () => {
  it('a check box ticked on 机密 in the 密级 row blocks, located at the row', async () => {
    const r = await scan(form(options('机密')));
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret' && x.severity === 'block');
    expect(f?.excerpt).toContain('☑机密');
  });

  it('an option button chosen on 秘密 blocks', async () => {
    const r = await scan(form(options('秘密', 'Radio')));
    expect(r.verdict).toBe('block');
  });

  it('the same form with nothing ticked passes, nothing unread', async () => {
    const r = await scan(form(options(undefined)));
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
  });

  it('公开 ticked among the levels passes', async () => {
    const r = await scan(form(options('公开', 'Checkbox', ['绝密', '机密', '秘密', '公开'])));
    expect(r.verdict).toBe('pass');
  });

  it('control properties ticking an option the drawing leaves blank: unread, not passed', async () => {
    const blank = options(undefined);
    const r = await scan(form(blank, vml(blank), (c) => c.label === '机密'));
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.some((u) => /disagree/.test(u.detail))).toBe(true);
  });

  it('a drawing that is not well-formed is read as before (not passed on its captions)', async () => {
    const broken = vml(options('机密')).replace('</font></div>', '</font>');
    const r = await scan(form(options('机密'), broken));
    expect(r.verdict).not.toBe('pass');
  });
});

describe('a 密级 row whose options are cells of their own', () => {
  const sheet = (cells: string[]) => xlsx({ sheets: [{ name: '呈批表', rows: [['江临市应急管理局呈批表'], ['密级', ...cells], ['标题', '关于调整防汛物资储备点的请示']] }] });

  it('nothing ticked (☐ before or □ after each option) passes', async () => {
    for (const cells of [['☐绝密', '☐机密', '☐秘密'], ['绝密□', '机密□', '秘密□'], ['□ 绝密', '□ 机密', '□ 秘密', '□ 非密']]) {
      const r = await scan(sheet(cells));
      expect(r.verdict, cells.join(' ')).toBe('pass');
    }
  });

  it('the ticked option blocks; a starred one is review at least', async () => {
    expect((await scan(sheet(['☐绝密', '☑机密', '☐秘密']))).verdict).toBe('block');
    expect((await scan(sheet(['绝密□', '机密√', '秘密□']))).verdict).toBe('block');
    expect((await scan(sheet(['☐绝密', '★机密', '☐秘密']))).verdict).not.toBe('pass');
  });
});
