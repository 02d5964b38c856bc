/** The XLSX/XLSM/XLSB format declaration: light (no reader code), so sniffing never loads the reader. */
import type { FormatDeclaration } from '@prepub/core';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const xlsxFormat: FormatDeclaration = {
  format: 'xlsx',
  mediaType: XLSX_MEDIA_TYPE,
  mediaTypes: [XLSX_MEDIA_TYPE, 'application/vnd.ms-excel.sheet.macroEnabled.12', 'application/vnd.openxmlformats-officedocument.spreadsheetml.template', 'application/vnd.ms-excel.sheet.binary.macroEnabled.12'],
  // .xlsb: the same package with BIFF12 binary parts (xl/workbook.bin), read by the same reader.
  extensions: ['xlsx', 'xlsm', 'xltx', 'xltm', 'xlsb'],
  roles: ['body', 'hidden', 'sheet-name', 'header', 'footer', 'comment', 'form-field', 'metadata', 'properties', 'text-box', 'alt-text'],
  // A workbook's main part is xl/workbook.xml (a bare package named .xlsx is one too).
  // WPS names (.et, .ett) and templates (.xltx, .xltm) too.
  sniff: { zip: (zip, filename) => zip.hasName('xl/workbook') || (zip.head('[Content_Types].xml') && /\.(xls[xmtb]|xlt[xm]|ett?)$/i.test(filename ?? '')) },
  load: async () => (await import('./index.ts')).xlsxExtractor,
};
