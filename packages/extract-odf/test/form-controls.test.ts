/**
 * Forms in OpenDocument text: controls of office:forms drawn in a paragraph by draw:control (a
 * check box, option buttons, a list box, a combo box, a text field), and Word's legacy form fields
 * as LibreOffice keeps them (field:fieldmark of type …FORMCHECKBOX / …FORMDROPDOWN with field:param
 * state and entries: what LibreOffice writes for a Word 呈批件 saved as ODT). Their labels and values
 * were read as form-field lines, their state not at all: 密级 with 机密 ticked or chosen read as a
 * blank form and passed. They are now drawn where they stand, as they show.
 */
import { strToU8, zipSync, type Zippable } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';

const NS = ['office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"', 'text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"', 'form="urn:oasis:names:tc:opendocument:xmlns:form:1.0"', 'draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"', 'svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"', 'field="urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0"'].map((n) => `xmlns:${n}`).join(' ');
function odt(row: string, forms = ''): Uint8Array {
  const z: Zippable = { mimetype: [strToU8('application/vnd.oasis.opendocument.text'), { level: 0 }] };
  z['META-INF/manifest.xml'] = strToU8('<?xml version="1.0"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>');
  const office = forms ? `<office:forms form:automatic-focus="false" form:apply-design-mode="false"><form:form form:name="Form">${forms}</form:form></office:forms>` : '';
  z['content.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS} office:version="1.3"><office:body><office:text>${office}<text:p>江临市应急管理局呈批件</text:p><text:p>${row}</text:p><text:p>事由：关于下达年度投资计划的函</text:p></office:text></office:body></office:document-content>`);
  return zipSync(z);
}
const LEVELS = ['绝密', '机密', '秘密'];
const control = (id: string) => `<draw:control text:anchor-type="as-char" svg:width="2cm" svg:height="0.5cm" draw:control="${id}"/>`;
const row = (ids: string[]) => `密级：${ids.map(control).join(' ')}`;
const boxes = (ticked: number) => odt(row(LEVELS.map((_, i) => `k${i}`)), LEVELS.map((l, i) => `<form:checkbox form:name="k${i}" xml:id="k${i}" form:id="k${i}" form:label="${l}"${i === ticked ? ' form:current-state="checked"' : ''}/>`).join(''));
const radios = (chosen: number) => odt(row(LEVELS.map((_, i) => `r${i}`)), LEVELS.map((l, i) => `<form:radio form:name="lv" xml:id="r${i}" form:id="r${i}" form:label="${l}"${i === chosen ? ' form:current-selected="true"' : ''}/>`).join(''));
const listBox = (chosen: string) => odt(row(['l1']), `<form:listbox form:name="mj" xml:id="l1" form:id="l1" form:dropdown="true" form:size="1">${['公开', ...LEVELS].map((o) => `<form:option form:label="${o}"${o === chosen ? ' form:current-selected="true"' : ''}/>`).join('')}</form:listbox>`);
const comboBox = (value: string) => odt(row(['b1']), `<form:combobox form:name="mj" xml:id="b1" form:id="b1" form:dropdown="true" form:current-value="${value}">${['公开', ...LEVELS].map((o) => `<form:item form:label="${o}"/>`).join('')}</form:combobox>`);
const fieldBoxes = (ticked: number) =>
  odt(`密级：${LEVELS.map((l, i) => `<field:fieldmark text:name="__Fieldmark__${i}" field:type="vnd.oasis.opendocument.field.FORMCHECKBOX">${i === ticked ? '<field:param field:name="Checkbox_Checked" field:value="true"/>' : ''}</field:fieldmark>${l} `).join('')}`);
const fieldList = (chosen: number) =>
  odt(`密级：<field:fieldmark text:name="__Fieldmark__4" field:type="vnd.oasis.opendocument.field.FORMDROPDOWN">${['公开', ...LEVELS].map((o) => `<field:param field:name="Dropdown_ListEntry" field:value="${o}"/>`).join('')}<field:param field:name="Dropdown_Selected" field:value="${chosen}"/></field:fieldmark>`);

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

describe('ODT: form controls and Word form fields drawn where they stand', () => {
  it.each([
    ['check boxes, 机密 ticked', () => boxes(1)],
    ['option buttons, 机密 chosen', () => radios(1)],
    ['a list box, 机密 chosen', () => listBox('机密')],
    ['a combo box showing 机密', () => comboBox('机密')],
    ['Word check boxes kept as fieldmarks, 机密 ticked', () => fieldBoxes(1)],
    ['a Word drop-down kept as a fieldmark, 机密 chosen', () => fieldList(2)],
  ])('%s: block', async (_what, make) => {
    const r = await scanner.scan(make(), { filename: '呈批件.odt' });
    expect(r.verdict).toBe('block');
  });

  it.each([
    ['check boxes, none ticked', () => boxes(-1)],
    ['option buttons, none chosen', () => radios(-1)],
    ['a list box, 公开 chosen', () => listBox('公开')],
    ['a combo box showing 公开', () => comboBox('公开')],
    ['Word check boxes kept as fieldmarks, none ticked', () => fieldBoxes(-1)],
    ['a Word drop-down kept as a fieldmark, 公开 chosen', () => fieldList(0)],
  ])('%s: pass', async (_what, make) => {
    const r = await scanner.scan(make(), { filename: '呈批件.odt' });
    expect(r.verdict).toBe('pass');
  });
});
