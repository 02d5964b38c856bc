/**
 * The XLSX reader through the real scanner (pdf.js-free path, nodejieba, detectors): every place a
 * workbook keeps text is read and located, and nothing unread passes.
 */
import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '@prepub/core';
import { createScanner, type Scanner } from '@prepub/scanner';
import { extractXlsx, headerFooterText } from '../src/index.ts';
import { encryptedOffice, oleObject, xlsx, type Cell, type SheetSpec } from '../../ooxml/test/ooxml-writer.ts';

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner?.close());

const ROSTER: Cell[][] = [['序号', '姓名', '单位'], [1, '王建国', '江临市财政局'], [2, '李晓梅', '江临市统计局']];
const BENIGN: SheetSpec = { name: '名单', rows: [['江临市统计业务培训参训人员名单'], ...ROSTER] };
const MARK = '机密★5年';

async function scan(bytes: Uint8Array, filename = 'book.xlsx') {
  return scanner.scan(bytes, { filename });
}

describe('XLSX: cells nobody sees', () => {
  /**
   * A workbook whose first row is 机 | 开 | 密★5年 (A1–C1), the middle cell hidden by `cols` (before
   * sheetData), `row` (attributes of row 1) or its style 1, whose font and number format `font` and
   * `numFmt` give (xl/styles.xml written only then).
   */
  const book = (opts: { cols?: string; row?: string; font?: string; fill?: string; numFmt?: string; cells?: [string, string, string] } = {}): Uint8Array => {
    const files = unzipSync(xlsx({ sheets: [{ name: '表', rows: [opts.cells ?? ['机', '开', '密★5年'], ['江临市汛期物资调度表'], ['物资', '数量'], ['沙袋', 12000]] }] }));
    let sheet = strFromU8(files['xl/worksheets/sheet1.xml']);
    if (opts.cols) sheet = sheet.replace('<sheetData>', `${opts.cols}<sheetData>`);
    if (opts.row) sheet = sheet.replace('<row r="1">', `<row r="1" ${opts.row}>`);
    if (opts.font || opts.numFmt || opts.fill) {
      sheet = sheet.replace(/<c r="B1"/, '<c r="B1" s="1"');
      const fonts = `<fonts count="2"><font><sz val="11"/></font>${opts.font ?? '<font><sz val="11"/></font>'}</fonts>`;
      const fills = `<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>${opts.fill ?? '<fill><patternFill patternType="none"/></fill>'}</fills>`;
      const numFmts = opts.numFmt ? `<numFmts count="1"><numFmt numFmtId="164" formatCode="${opts.numFmt.replace(/"/g, '&quot;')}"/></numFmts>` : '';
      files['xl/styles.xml'] = strToU8(`<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${numFmts}${fonts}${fills}<cellXfs count="2"><xf fontId="0" fillId="0"/><xf numFmtId="${opts.numFmt ? 164 : 0}" fontId="1" fillId="2"/></cellXfs></styleSheet>`);
      const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
      if (!rels.includes('styles.xml')) files['xl/_rels/workbook.xml.rels'] = strToU8(rels.replace('</Relationships>', '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'));
    }
    files['xl/worksheets/sheet1.xml'] = strToU8(sheet);
    return zipSync(files);
  };
  const read = async (bytes: Uint8Array) => {
    const x = await extractXlsx(bytes, { limits: DEFAULT_LIMITS });
    return { row: (x.parts.find((p) => p.id === 'xl/worksheets/sheet1.xml')?.text ?? '').split('\n')[0], beside: x.parts.find((p) => p.id === 'xl/worksheets/sheet1.xml#formulas')?.text ?? '' };
  };

  it('in a hidden, zero-width or hairline column, a hidden or flattened row, a white or 2 pt font, a ;;; format: read beside the row, which reads as it shows and blocks', async () => {
    const ways: Array<[string, Parameters<typeof book>[0]]> = [
      ['hidden column', { cols: '<cols><col min="2" max="2" width="9" hidden="1"/></cols>' }],
      ['zero-width column', { cols: '<cols><col min="2" max="2" width="0" customWidth="1"/></cols>' }],
      ['hairline column', { cols: '<cols><col min="1" max="3" width="0.3" customWidth="1"/></cols>', cells: ['机', '开', '密★5年'] }],
      ['white font', { font: '<font><sz val="11"/><color rgb="FFFFFFFF"/></font>' }],
      ['font in its fill colour', { font: '<font><sz val="11"/><color rgb="FFC00000"/></font>', fill: '<fill><patternFill patternType="solid"><fgColor rgb="FFC00000"/></patternFill></fill>' }],
      ['2 pt font', { font: '<font><sz val="2"/></font>' }],
      [';;; format', { numFmt: ';;;' }],
      [';;;"" format with quotes', { numFmt: '0;-0;"";' }],
    ];
    for (const [how, opts] of ways) {
      const bytes = book(opts);
      const r = await read(bytes);
      if (how === 'hairline column') {
        // Every cell of the row in such columns: nothing of the row shows.
        expect(r.row, how).not.toContain('机');
        continue;
      }
      expect(r.row, how).toBe('机\t密★5年');
      expect(r.beside, how).toContain('开');
      expect((await scan(bytes)).verdict, how).toBe('block');
    }
    // A hidden row: all of it beside the cells.
    const row = await read(book({ row: 'hidden="1"', cells: ['序号', MARK, '名称'] }));
    expect(row.row).not.toContain(MARK);
    expect(row.beside).toContain(MARK);
    expect((await scan(book({ row: 'hidden="1"', cells: ['序号', MARK, '名称'] }))).verdict).toBe('block');
    expect((await read(book({ row: 'customHeight="1" ht="1"' }))).row).not.toContain('开');
  });

  it("a rich string's runs that give no colour or size take the cell style's font: white there, the piece is unseen while the coloured runs show", async () => {
    const files = unzipSync(xlsx({ sheets: [{ name: '表', rows: [['MARKCELL'], ['江临市汛期物资调度表']] }] }));
    const black = '<rPr><color rgb="FF000000"/><sz val="11"/></rPr>';
    const runs = (piece: string) => `<r>${black}<t>机</t></r><r>${piece}<t>开</t></r><r>${black}<t>密★5年</t></r>`;
    const styles = (font: string) =>
      `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/></font>${font}</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><cellXfs count="2"><xf fontId="0" fillId="0"/><xf fontId="1" fillId="0"/></cellXfs></styleSheet>`;
    const book = (piece: string, font: string) => {
      const f = { ...files };
      f['xl/sharedStrings.xml'] = strToU8(strFromU8(files['xl/sharedStrings.xml']).replace(/<t[^>]*>MARKCELL<\/t>/, runs(piece)));
      f['xl/worksheets/sheet1.xml'] = strToU8(strFromU8(files['xl/worksheets/sheet1.xml']).replace(/<c r="A1"/, '<c r="A1" s="1"'));
      f['xl/styles.xml'] = strToU8(styles(font));
      const rels = strFromU8(files['xl/_rels/workbook.xml.rels']);
      f['xl/_rels/workbook.xml.rels'] = strToU8(rels.includes('styles.xml') ? rels : rels.replace('</Relationships>', '<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'));
      return zipSync(f);
    };
    const first = async (bytes: Uint8Array) => ((await extractXlsx(bytes, { limits: DEFAULT_LIMITS })).parts.find((p) => p.id === 'xl/worksheets/sheet1.xml')?.text ?? '').split('\n')[0];
    for (const [piece, font] of [
      ['', '<font><sz val="11"/><color rgb="FFFFFFFF"/></font>'],
      ['<rPr><b/></rPr>', '<font><sz val="11"/><color theme="0"/></font>'],
      ['', '<font><sz val="1"/></font>'],
    ]) {
      const bytes = book(piece, font);
      expect(await first(bytes), font).toBe(MARK);
      expect((await scan(bytes)).verdict, font).toBe('block');
    }
    // The same runs under a black font: every run shows.
    expect(await first(book('', '<font><sz val="11"/><color rgb="FF000000"/></font>'))).toBe('机开密★5年');
  });

  it('an ordinary column, row, font or format shows the cell: the row reads 机 | 开 | 密★5年 and passes', async () => {
    const ways: Array<[string, Parameters<typeof book>[0]]> = [
      ['narrow column', { cols: '<cols><col min="2" max="2" width="2" customWidth="1"/></cols>' }],
      ['low row', { row: 'customHeight="1" ht="9"' }],
      ['white font on a dark fill', { font: '<font><sz val="11"/><color rgb="FFFFFFFF"/></font>', fill: '<fill><patternFill patternType="solid"><fgColor rgb="FF1F3864"/></patternFill></fill>' }],
      ['light grey font', { font: '<font><sz val="11"/><color rgb="FFE0E0E0"/></font>' }],
      ['8 pt font', { font: '<font><sz val="8"/></font>' }],
      ['number format hiding numbers only', { numFmt: ';;;@' }],
      ['text format', { numFmt: '@' }],
    ];
    for (const [how, opts] of ways) {
      const bytes = book(opts);
      expect((await read(bytes)).row, how).toBe('机\t开\t密★5年');
      expect((await scan(bytes)).verdict, how).toBe('pass');
    }
  });
});

describe('XLSX: runs nobody sees', () => {
  /** A workbook whose first cell holds 机 + `rPr`-formatted 开 + 密★5年, as a shared or an inline string; `styles` replaces xl/styles.xml, the cell takes style `s`. */
  const book = (rPr: string, opts: { inline?: boolean; styles?: string; s?: number } = {}): Uint8Array => {
    const files = unzipSync(xlsx({ sheets: [{ name: '表', rows: [['MARKCELL'], ['江临市汛期物资调度表'], ['物资', '数量'], ['沙袋', 12000]] }] }));
    const runs = `<r><t>机</t></r><r>${rPr}<t>开</t></r><r><t>密★5年</t></r>`;
    if (opts.inline) {
      const sheet = strFromU8(files['xl/worksheets/sheet1.xml']).replace(/<c r="A1"[^>]*>.*?<\/c>/, `<c r="A1" t="inlineStr"${opts.s !== undefined ? ` s="${opts.s}"` : ''}><is>${runs}</is></c>`);
      files['xl/worksheets/sheet1.xml'] = strToU8(sheet);
    } else {
      files['xl/sharedStrings.xml'] = strToU8(strFromU8(files['xl/sharedStrings.xml']).replace(/<t[^>]*>MARKCELL<\/t>/, runs));
      if (opts.s !== undefined) files['xl/worksheets/sheet1.xml'] = strToU8(strFromU8(files['xl/worksheets/sheet1.xml']).replace(/<c r="A1"/, `<c r="A1" s="${opts.s}"`));
    }
    if (opts.styles) files['xl/styles.xml'] = strToU8(opts.styles);
    return zipSync(files);
  };
  const DARK_FILL = `<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FF1F3864"/></patternFill></fill></fills><cellXfs count="2"><xf fillId="0"/><xf fillId="2"/></cellXfs></styleSheet>`;
  const cellText = async (bytes: Uint8Array) => (await extractXlsx(bytes, { limits: DEFAULT_LIMITS })).parts.find((p) => p.id === 'xl/worksheets/sheet1.xml')?.text ?? '';

  it('a white, near-white or 2 pt run inside a marking is read beside the cell, and the marking blocks whole', async () => {
    for (const rPr of ['<rPr><color rgb="FFFFFFFF"/></rPr>', '<rPr><color theme="0"/></rPr>', '<rPr><sz val="1"/></rPr>', '<rPr><color rgb="FFF8F8F8"/></rPr>', '<rPr><sz val="2"/></rPr>']) {
      for (const inline of [false, true]) {
        const bytes = book(rPr, { inline });
        expect(await cellText(bytes), `${rPr} inline=${inline}`).toContain(MARK);
        expect((await scan(bytes)).verdict, `${rPr} inline=${inline}`).toBe('block');
      }
    }
  });

  it('white text in a filled cell is seen; a visible run is text', async () => {
    expect(await cellText(book('<rPr><color rgb="FFFFFFFF"/></rPr>', { styles: DARK_FILL, s: 1 }))).toContain('机开密★5年');
    expect(await cellText(book('<rPr><color rgb="FFFFFFFF"/></rPr>', { styles: DARK_FILL, s: 1, inline: true }))).toContain('机开密★5年');
    // 1 pt is unseen on any fill.
    expect(await cellText(book('<rPr><sz val="1"/></rPr>', { styles: DARK_FILL, s: 1 }))).toContain(MARK);
    expect(await cellText(book('<rPr><color rgb="FFFF0000"/></rPr>'))).toContain('机开密★5年');
    // Light grey and 2.5 pt are seen.
    expect(await cellText(book('<rPr><color rgb="FFE0E0E0"/></rPr>'))).toContain('机开密★5年');
    expect(await cellText(book('<rPr><sz val="2.5"/></rPr>'))).toContain('机开密★5年');
    // A near-white fill is a white ground: white text on it is unseen.
    const NEAR_WHITE_FILL = DARK_FILL.replace('FF1F3864', 'FFFAFAFA');
    expect(await cellText(book('<rPr><color rgb="FFFFFFFF"/></rPr>', { styles: NEAR_WHITE_FILL, s: 1 }))).toContain(MARK);
    // Text in the colour of its cell's fill is unseen; in another, or on a patterned fill, it is seen.
    expect(await cellText(book('<rPr><color rgb="FF1F3864"/></rPr>', { styles: DARK_FILL, s: 1 }))).toContain(MARK);
    expect(await cellText(book('<rPr><color rgb="FF1F3864"/></rPr>', { styles: DARK_FILL, s: 1, inline: true }))).toContain(MARK);
    expect(await cellText(book('<rPr><color rgb="FFC00000"/></rPr>', { styles: DARK_FILL, s: 1 }))).toContain('机开密★5年');
    expect(await cellText(book('<rPr><color rgb="FF1F3864"/></rPr>', { styles: DARK_FILL.replace('patternType="solid"', 'patternType="darkGrid"'), s: 1 }))).toContain('机开密★5年');
    expect(await cellText(book('<rPr><color indexed="10"/></rPr>', { styles: DARK_FILL.replace('<fgColor rgb="FF1F3864"/>', '<fgColor rgb="FFFF0000"/>'), s: 1 }))).toContain(MARK);
  });
});

describe('XLSX: every part, located', () => {
  it('a cell link\'s screen tip, shown on hover, is read as alternative text of the sheet', async () => {
    const files = unzipSync(xlsx({ sheets: [BENIGN] }));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']).replace('</worksheet>', `<hyperlinks><hyperlink ref="B2" location="'名单'!A1" tooltip="TOP SECRET//NOFORN" display="王建国"/></hyperlinks></worksheet>`);
    const x = await extractXlsx(zipSync({ ...files, 'xl/worksheets/sheet1.xml': strToU8(sheet) }), { limits: DEFAULT_LIMITS });
    const tips = x.parts.find((p) => p.id.endsWith('#link-tips'));
    expect(tips?.role).toBe('alt-text');
    expect(tips?.text).toBe('TOP SECRET//NOFORN');
  });

  it('a row is a line and each cell a block with its address: 密级 | 机密 in adjacent cells blocks, at B1', async () => {
    const r = await scan(xlsx({ sheets: [{ name: '名册', rows: [['密级', '机密'], ...ROSTER] }] }));
    expect(r.document.format).toBe('xlsx');
    expect(r.verdict).toBe('block');
    const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
    expect(f.location).toMatchObject({ role: 'body', filePart: 'xl/worksheets/sheet1.xml', line: 1, cell: { row: 1, column: 2 }, page: 1 });
    expect(f.location.detail).toContain('名册');
  });

  it('cells keep their sheet row and column, also past gaps', async () => {
    const x = await extractXlsx(xlsx({ sheets: [{ name: 'S', startRow: 7, rows: [[null, '甲', null, '乙']] }] }), { limits: DEFAULT_LIMITS });
    const p = x.parts.find((q) => q.id === 'xl/worksheets/sheet1.xml')!;
    expect(p.text).toBe('甲\t乙');
    expect(p.blocks!.map((b) => [b.row, b.column, p.text.slice(b.start, b.end)])).toEqual([[7, 2, '甲'], [7, 4, '乙']]);
  });

  it('reads shared strings, inline strings, cached formula results (and the formulas), numbers and booleans', async () => {
    const x = await extractXlsx(xlsx({ sheets: [{ name: 'S', rows: [['共享', { inline: '内联' }, { formula: '"结"&"果"', cached: '结果' }, 42]] }] }), { limits: DEFAULT_LIMITS });
    expect(x.parts.find((q) => q.id === 'xl/worksheets/sheet1.xml')!.text).toBe('共享\t内联\t结果\t42');
    expect(x.parts.find((q) => q.id === 'xl/worksheets/sheet1.xml#formulas')!.text).toBe('C1: ="结"&"果"');
  });

  for (const state of ['hidden', 'veryHidden'] as const) {
    it(`a ${state} sheet is read, labelled and its marking blocks`, async () => {
      const r = await scan(xlsx({ sheets: [BENIGN, { name: '底稿', state, rows: [[MARK], ['测算底稿']] }] }));
      expect(r.verdict).toBe('block');
      const f = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret')!;
      expect(f.location.role).toBe('hidden');
      expect(f.location.visible).toBe(false);
      expect(f.location.detail).toContain(state === 'hidden' ? '(hidden sheet)' : '(very hidden sheet)');
      expect(f.location.page).toBe(2);
    });
  }

  const sidePlaces: Array<[string, Partial<SheetSpec> | ((b: SheetSpec) => Parameters<typeof xlsx>[0]), string]> = [
    ['comment', { comments: [{ ref: 'C3', author: '办公室', text: MARK }] }, 'comment'],
    ['threaded comment', { threaded: [{ ref: 'B2', text: MARK }] }, 'comment'],
    ['page header', { header: `&L&"仿宋,Bold"${MARK}&C&P` }, 'header'],
    ['page footer', { footer: `&R${MARK}` }, 'footer'],
    ['text box', { textBox: MARK }, 'text-box'],
    ['data validation prompt', { validation: { sqref: 'D2:D9', prompt: `本表密级：${MARK}` } }, 'form-field'],
    // Excel shows the title over the message: a message that is the marking alone, under 密级.
    ['data validation message under its title', { validation: { sqref: 'A1', promptTitle: '密级', prompt: MARK, list: ['公开', '内部'] } }, 'form-field'],
    ['sheet name', { name: MARK }, 'sheet-name'],
    ['picture description', { picture: { png: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), descr: MARK } }, 'alt-text'],
  ];
  for (const [what, extra, role] of sidePlaces) {
    it(`a marking in a ${what} blocks, role ${role}`, async () => {
      const r = await scan(xlsx({ sheets: [{ ...BENIGN, ...(extra as Partial<SheetSpec>) }] }));
      expect(r.verdict).toBe('block');
      expect(r.findings.some((f) => f.ruleId === 'marking.cn-state-secret' && f.location.role === role)).toBe(true);
    });
  }

  it('defined names and document properties are read', async () => {
    const r = await scan(xlsx({ sheets: [BENIGN], definedNames: [{ name: '密级', value: `"${MARK}"` }], props: { title: `${MARK} 测算` } }));
    expect(r.verdict).toBe('block');
    const roles = r.findings.filter((f) => f.ruleId === 'marking.cn-state-secret').map((f) => f.location.role);
    expect(roles).toContain('metadata');
    expect(roles).toContain('properties');
  });

  it('header and footer codes are not text: sections are lines, fonts, sizes, colours and fields dropped', () => {
    expect(headerFooterText('&L&"Arial,Bold"&14机密&K00FF00★5年&C第&P页&R&&公司')).toEqual(['机密★5年', '第页', '&公司']);
  });

  it('a picture goes to OCR with its sheet; with OCR off it is unread and the verdict is not pass', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]);
    const x = await extractXlsx(xlsx({ sheets: [{ ...BENIGN, picture: { png } }] }), { limits: DEFAULT_LIMITS });
    expect(x.images).toHaveLength(1);
    expect(x.images![0].origin).toMatchObject({ filePart: 'xl/media/image1.png', page: 1 });
    const r = await scan(xlsx({ sheets: [{ ...BENIGN, picture: { png } }] }));
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.some((u) => u.reason === 'ocr-unavailable')).toBe(true);
  });

  it('a benign roster passes with complete coverage', async () => {
    const r = await scan(xlsx({ sheets: [BENIGN] }));
    expect(r.verdict).toBe('pass');
    expect(r.coverage.complete).toBe(true);
  });
});

describe('XLSX: fail closed', () => {
  const good = xlsx({ sheets: [{ ...BENIGN, rows: [...BENIGN.rows, ...ROSTER, ...ROSTER, ...ROSTER] }] });

  it('an embedded object that cannot be read is unread (embedded-object)', async () => {
    const r = await scan(xlsx({ sheets: [{ ...BENIGN, oleObject: oleObject() }] }));
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('embedded-object');
  });

  it('a nested workbook is scanned recursively', async () => {
    const inner = xlsx({ sheets: [{ name: 'S', rows: [[MARK]] }] });
    const r = await scan(xlsx({ sheets: [{ ...BENIGN, embeddedPackage: { name: 'Microsoft_Excel_Worksheet.xlsx', bytes: inner } }] }));
    expect(r.verdict).toBe('block');
    expect(r.findings[0].location.container).toEqual(['Microsoft_Excel_Worksheet.xlsx']);
  });

  it('an encrypted workbook is unread (encrypted)', async () => {
    const r = await scan(encryptedOffice(), 'secret.xlsx');
    expect(r.verdict).toBe('review');
    expect(r.coverage.unread.map((u) => u.reason)).toContain('encrypted');
  });

  it('over the inflate limit: unread (limit), never pass', async () => {
    const s = await createScanner({ ocr: false, isolation: false, limits: { maxInflatedBytes: 600 } });
    try {
      const r = await s.scan(good, { filename: 'book.xlsx' });
      expect(r.verdict).not.toBe('pass');
      expect(r.coverage.unread.map((u) => u.reason)).toContain('limit');
    } finally {
      await s.close();
    }
  });

  it('a formula spelling a marking from character codes, with no stored result, is read or counted as unread, never passes', async () => {
    // 物资调度表 whose title row is computed on open: codes in hex (HEX2DEC), GBK codes (CHAR), or in other cells.
    const marked = (formula: string, codes: Cell[] = []) =>
      rewrite(xlsx({ sheets: [{ name: '调度表', rows: [['TITLE', ...codes], ['江临市汛期物资调度表'], ['物资', '数量'], ['沙袋', 12000]] }] }), 'xl/worksheets/sheet1.xml', (xml) => xml.replace(/<c r="A1"[^>]*>.*?<\/c>/, `<c r="A1" t="str"><f>${formula}</f></c>`));
    const hex = [...MARK].map((c) => (/\d/.test(c) ? `"${c}"` : `UNICHAR(HEX2DEC("${c.codePointAt(0)!.toString(16).toUpperCase()}"))`)).join('&amp;');
    const gbk = 'CHAR(48122)&amp;CHAR(50140)&amp;CHAR(41455)&amp;"5"&amp;CHAR(50410)';
    for (const f of [hex, gbk]) {
      const bytes = marked(f);
      expect(await cellTextOf(bytes), f).toContain(MARK);
      expect((await scan(bytes)).verdict, f).toBe('block');
    }
    // The codes in B1:F1 (numbers, no text): the formula alone does not tell what A1 shows, so it is
    // counted as not read; worked out with the values of the cells it names, it reads 机密★5年.
    const refs = marked(['B', 'C', 'D', 'E', 'F'].map((c) => `UNICHAR(${c}1)`).join('&amp;'), [...MARK].map((c) => c.codePointAt(0)!));
    const x = await extractXlsx(refs, { limits: DEFAULT_LIMITS });
    expect(x.loss).toEqual([expect.objectContaining({ kind: 'unreadable-object', count: 1 })]);
    expect(x.parts.find((p) => p.id === 'xl/worksheets/sheet1.xml#referred')?.text).toBe(MARK);
    expect((await scan(refs)).verdict).toBe('block');
    // A line break by code (CHAR(10)) and a sum stay what they were: read, nothing unread.
    const plain = await extractXlsx(marked('"江临市"&amp;CHAR(10)&amp;"物资调度表"'), { limits: DEFAULT_LIMITS });
    expect(plain.loss ?? []).toEqual([]);
    expect((await scan(marked('SUM(B1:C1)', [1, 2]))).verdict).toBe('pass');
  });

  it('a formula with no stored result that looks its title up in an array constant (VLOOKUP, XLOOKUP, INDEX, CONCAT of an array) blocks; a lookup into the sheet passes', async () => {
    // 物资调度表 whose title row is computed on open from literals kept in an array constant.
    const titled = (formula: string) =>
      rewrite(xlsx({ sheets: [{ name: '调度表', rows: [['TITLE'], ['江临市汛期物资调度表'], ['物资', '数量'], ['沙袋', 12000], ['救生衣', 300]] }] }), 'xl/worksheets/sheet1.xml', (xml) => xml.replace(/<c r="A1"[^>]*>.*?<\/c>/, `<c r="A1" t="str"><f>${formula}</f></c>`));
    for (const f of ['VLOOKUP(1,{1,&quot;机密★5年&quot;},2,FALSE)', '_xlfn.XLOOKUP(2,{1,2},{&quot;公开&quot;,&quot;机密★5年&quot;})', 'INDEX({&quot;公开&quot;,&quot;机密★5年&quot;},2)', '_xlfn.CONCAT({&quot;机密&quot;,&quot;★5年&quot;})']) {
      const bytes = titled(f);
      expect((await scan(bytes)).verdict, f).toBe('block');
    }
    expect((await scan(titled('VLOOKUP(&quot;沙袋&quot;,A4:B5,2,FALSE)'))).verdict).toBe('pass');
  });

  it('a cell showing a defined name (=密级, the name a formula CONCATENATE("机密","★5年")) with no stored result blocks; a name for the unit\'s title passes', async () => {
    const named = (definition: string) =>
      rewrite(
        rewrite(xlsx({ sheets: [{ name: '调度表', rows: [['TITLE'], ['江临市汛期物资调度表'], ['物资', '数量'], ['沙袋', 12000]] }] }), 'xl/worksheets/sheet1.xml', (xml) => xml.replace(/<c r="A1"[^>]*>.*?<\/c>/, '<c r="A1" t="str"><f>密级</f></c>')),
        'xl/workbook.xml',
        (xml) => xml.replace('</sheets>', `</sheets><definedNames><definedName name="密级">${definition}</definedName></definedNames>`),
      );
    const x = await extractXlsx(named('CONCATENATE(&quot;机密&quot;,&quot;★5年&quot;)'), { limits: DEFAULT_LIMITS });
    expect(x.parts.find((p) => p.id === 'xl/worksheets/sheet1.xml')?.text.split('\n')[0]).toBe(MARK);
    expect(x.parts.find((p) => p.id === 'xl/workbook.xml#defined-names')?.text.split('\n')).toEqual(['密级：CONCATENATE("机密","★5年")', MARK]);
    expect((await scan(named('CONCATENATE(&quot;机密&quot;,&quot;★5年&quot;)'))).verdict).toBe('block');
    expect((await scan(named('CONCATENATE(&quot;江临市&quot;,&quot;应急管理局&quot;)'))).verdict).toBe('pass');
  });

  it('a formula with no stored result that gives words to a function not read here (MAP, REGEXREPLACE) is counted as not read; COUNTIF over words is not', async () => {
    const titled = (formula: string) =>
      rewrite(xlsx({ sheets: [{ name: '调度表', rows: [['TITLE'], ['江临市汛期物资调度表'], ['物资', '数量'], ['沙袋', 12000]] }] }), 'xl/worksheets/sheet1.xml', (xml) => xml.replace(/<c r="A1"[^>]*>.*?<\/c>/, `<c r="A1" t="str"><f>${formula}</f></c>`));
    for (const f of ['_xlfn.MAP({&quot;机密★5年&quot;},_xlfn.LAMBDA(_xlpm.x,_xlpm.x))', '_xlfn.REGEXREPLACE(&quot;机X密★5年&quot;,&quot;X&quot;,&quot;&quot;)']) {
      const x = await extractXlsx(titled(f), { limits: DEFAULT_LIMITS });
      expect(x.loss, f).toEqual([expect.objectContaining({ kind: 'unreadable-object', count: 1 })]);
      expect((await scan(titled(f))).verdict, f).not.toBe('pass');
    }
    const counted = titled('COUNTIF(A3:A4,&quot;沙袋&quot;)');
    expect((await extractXlsx(counted, { limits: DEFAULT_LIMITS })).loss ?? []).toEqual([]);
    expect((await scan(counted)).verdict).toBe('pass');
  });

  it('cells are also read as they stand when the file lists them out of order or the sheet runs right to left', async () => {
    const chars = [...MARK];
    const cell = (ref: string, t: string) => `<c r="${ref}" t="inlineStr"><is><t>${t}</t></is></c>`;
    const col = (i: number) => String.fromCharCode(65 + i);
    const sheet = (sheetData: string, views = '') => rewrite(xlsx({ sheets: [BENIGN] }), 'xl/worksheets/sheet1.xml', (xml) => xml.replace(/<sheetData>[\s\S]*<\/sheetData>/, `${views}<sheetData>${sheetData}<row r="9">${cell('A9', '江临市汛期物资调度表')}</row></sheetData>`));
    const ways = {
      // E1 … A1 written last to first; Excel shows them by their references.
      'cells out of order': `<row r="1">${chars.map((c, i) => cell(`${col(i)}1`, c)).reverse().join('')}</row>`,
      // A right-to-left sheet shows column A at the right: 年 5 ★ 密 机 in A1 … E1 reads 机密★5年.
      'right-to-left sheet': `<row r="1">${[...chars].reverse().map((c, i) => cell(`${col(i)}1`, c)).join('')}</row>`,
    };
    for (const [how, data] of Object.entries(ways)) {
      const bytes = sheet(data, how === 'right-to-left sheet' ? '<sheetViews><sheetView rightToLeft="1" workbookViewId="0"/></sheetViews>' : '');
      const x = await extractXlsx(bytes, { limits: DEFAULT_LIMITS });
      expect(x.parts.find((p) => p.id === 'xl/worksheets/sheet1.xml#in-place')?.text.split('\n')[0], how).toBe(chars.join('\t'));
      expect((await scan(bytes)).verdict, how).toBe('block');
    }
    // Cells in order on a left-to-right sheet: nothing is read twice.
    const x = await extractXlsx(sheet(`<row r="1">${chars.map((c, i) => cell(`${col(i)}1`, c)).join('')}</row>`), { limits: DEFAULT_LIMITS });
    expect(x.parts.some((p) => p.id.endsWith('#in-place'))).toBe(false);
  });

  it('a package entry named in words (xl/机密★5年.xml) is read by its name: whoever unpacks the file sees it', async () => {
    const named = (name: string) => {
      const files = unzipSync(xlsx({ sheets: [BENIGN] }));
      files[name] = strToU8('<?xml version="1.0"?><a>统计</a>');
      return zipSync(files);
    };
    const x = await extractXlsx(named(`xl/${MARK}.xml`), { limits: DEFAULT_LIMITS });
    expect(x.parts.find((p) => p.id === 'package#part-names')).toMatchObject({ role: 'metadata', text: `xl/${MARK}.xml` });
    expect((await scan(named(`xl/${MARK}.xml`))).verdict).not.toBe('pass');
    // Office's own ASCII names add nothing; a public name passes.
    expect((await extractXlsx(xlsx({ sheets: [BENIGN] }), { limits: DEFAULT_LIMITS })).parts.some((p) => p.id === 'package#part-names')).toBe(false);
    expect((await scan(named('xl/参训名单说明.xml'))).verdict).toBe('pass');
  });

  it('cells naming shared strings the table does not hold are lost text, never pass', async () => {
    const bytes = xlsx({ sheets: [{ name: 'S', rows: [['甲', '乙']] }] });
    // The writer numbers shared strings from 0: point the second cell past the end of the table.
    const x = await extractXlsx(rewrite(bytes, 'xl/worksheets/sheet1.xml', (xml) => xml.replace('<v>1</v>', '<v>7</v>')), { limits: DEFAULT_LIMITS });
    expect(x.loss).toEqual([expect.objectContaining({ kind: 'unreadable-object', count: 1, reason: 'corrupt' })]);
  });

  it('a workbook without its workbook part is corrupt', async () => {
    const x = await extractXlsx(pptxLikeEmpty(), { limits: DEFAULT_LIMITS });
    expect(x.unread.map((u) => u.reason)).toContain('corrupt');
  });

  it('every proper prefix of a benign workbook is never pass (property)', async () => {
    const s = await createScanner({ ocr: false, isolation: false });
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 1, max: good.length - 1 }), async (n) => {
          const r = await s.scan(good.subarray(0, n), { filename: 'book.xlsx' });
          expect(r.verdict).not.toBe('pass');
        }),
        { numRuns: 60, seed: 14 },
      );
    } finally {
      await s.close();
    }
  });

  it('a flipped byte anywhere in a marked workbook never passes (property)', async () => {
    const marked = xlsx({ sheets: [{ name: '名册', rows: [['密级', '机密'], ...ROSTER] }, { name: 'h', state: 'hidden', rows: [[MARK]] }] });
    const s = await createScanner({ ocr: false, isolation: false });
    try {
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: marked.length - 1 }), fc.integer({ min: 1, max: 255 }), async (at, x) => {
          const bytes = marked.slice();
          bytes[at] ^= x;
          const r = await s.scan(bytes, { filename: 'book.xlsx' });
          expect(r.verdict).not.toBe('pass');
        }),
        { numRuns: 80, seed: 7 },
      );
    } finally {
      await s.close();
    }
  });

  it('a damaged tag in the workbook part (a sheet named 机密★5年 turned into stray text) is unread and its text still read', async () => {
    // `<sheet name=…>` with its tag broken: the parser keeps it as text, and the sheet list passed it over.
    const bytes = rewrite(xlsx({ sheets: [{ name: MARK, rows: [['公开说明']] }] }), 'xl/workbook.xml', (x) => x.replace('<sheet ', '< heet '));
    const r = await scan(bytes);
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread.find((u) => u.where === 'xl/workbook.xml')?.reason).toBe('corrupt');
    const x = await extractXlsx(bytes, { limits: DEFAULT_LIMITS });
    expect(x.parts.find((p) => p.id === 'xl/workbook.xml#damaged')?.text).toContain(MARK);
  });

  it('a value written as a formula of literals, and a second value in one cell, are read beside the value (a renamed <f>)', async () => {
    const row9 = (cell: string) => rewrite(xlsx({ sheets: [BENIGN] }), 'xl/worksheets/sheet1.xml', (x) => x.replace('</sheetData>', `<row r="9"><c r="A9" t="str">${cell}</c></row></sheetData>`));
    const formulas = async (bytes: Uint8Array) => (await extractXlsx(bytes, { limits: DEFAULT_LIMITS })).parts.find((p) => p.id === 'xl/worksheets/sheet1.xml#formulas')?.text ?? '';
    const concat = row9('<v>"机密"&amp;"★"&amp;"5年"</v>');
    expect(await formulas(concat)).toContain(MARK);
    expect((await scan(concat)).verdict).toBe('block');
    const two = row9(`<v>"${MARK}"</v><v>统计</v>`);
    expect(await formulas(two)).toContain(MARK);
    expect((await scan(two)).verdict).toBe('block');
    // One plain value: nothing read beside it.
    expect(await formulas(row9('<v>统计</v>'))).toBe('');
  });

  it('a closing tag that matches no open element, or a tag never closed, makes the part unread', async () => {
    for (const edit of [(x: string) => x.replace('</sheets>', '</shetts>'), (x: string) => x.replace('</workbook>', '<workbook')]) {
      const r = await scan(rewrite(xlsx({ sheets: [BENIGN] }), 'xl/workbook.xml', edit));
      expect(r.verdict).not.toBe('pass');
      expect(r.coverage.unread.some((u) => u.where === 'xl/workbook.xml' && u.reason === 'corrupt')).toBe(true);
    }
  });
});

/** The package with one entry's text changed (re-zipped with fflate). */
async function cellTextOf(bytes: Uint8Array): Promise<string> {
  return (await extractXlsx(bytes, { limits: DEFAULT_LIMITS })).parts.find((p) => p.id === 'xl/worksheets/sheet1.xml')?.text ?? '';
}

function rewrite(bytes: Uint8Array, name: string, edit: (xml: string) => string): Uint8Array {
  const files = unzipSync(bytes);
  files[name] = strToU8(edit(strFromU8(files[name])));
  return zipSync(files);
}

/** A package with only content types and package relationships: no workbook. */
function pptxLikeEmpty(): Uint8Array {
  const full = xlsx({ sheets: [BENIGN] });
  // Cut the workbook's name so the package relationship leads nowhere.
  const out = full.slice();
  const s = Buffer.from(out);
  for (const name of ['xl/workbook.xml']) {
    let at = s.indexOf(name);
    while (at >= 0) {
      out[at + 3] = 0x57; // xl/Workbook.xml → xl/Wxrkbook: rename in every header
      out[at + 4] = 0x78;
      at = s.indexOf(name, at + 1);
    }
  }
  return out;
}

describe('renamed elements', () => {
  it('a sheet, a shared string or a cell renamed to a name the reader does not know: its text and non-ASCII attributes are read as hidden text', async () => {
    // The marking once as the sheet's name, once in a cell: each case renames the element that holds it.
    const named = unzipSync(xlsx({ sheets: [{ name: MARK, rows: [['通知']] }] }));
    const celled = unzipSync(xlsx({ sheets: [{ name: '名册', rows: [['通知'], [MARK]] }] }));
    const cases: Array<[Record<string, Uint8Array>, string, RegExp, string]> = [
      [named, 'xl/workbook.xml', /<sheet /, '<shxet '],
      [celled, 'xl/sharedStrings.xml', /<t( [^>]*)?>(机密[^<]*)<\/t>/, '<q$1>$2</q>'],
    ];
    for (const [base, entry, from, to] of cases) {
      const xml = strFromU8(base[entry]);
      expect(xml, entry).toMatch(from);
      const renamed = xml.replace(from, to);
      const r = await extractXlsx(zipSync({ ...base, [entry]: strToU8(renamed) }), { limits: DEFAULT_LIMITS });
      const all = r.parts.map((p) => p.text).join('\n');
      expect(all, entry).toContain(MARK);
      expect(r.parts.find((p) => p.id === `${entry}#unread-elements`), entry).toMatchObject({ role: 'hidden' });
    }
    // The ordinary workbooks leave nothing unread.
    for (const base of [named, celled]) expect((await extractXlsx(zipSync(base), { limits: DEFAULT_LIMITS })).parts.filter((p) => p.id.includes('#unread-elements'))).toEqual([]);
  });

  it('a formula of joined literals in a renamed cell still reads joined ("机密"&"★"&"5年" blocks)', async () => {
    const files = unzipSync(xlsx({ sheets: [{ name: '名册', rows: [['通知']] }] }));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']).replace('</sheetData>', '<row r="9"><z r="A9" t="str"><f>"机密"&amp;"★"&amp;"5年"</f></z></row></sheetData>');
    const bytes = zipSync({ ...files, 'xl/worksheets/sheet1.xml': strToU8(sheet) });
    const x = await extractXlsx(bytes, { limits: DEFAULT_LIMITS });
    expect(x.parts.find((p) => p.id.endsWith('#unread-elements'))?.text).toContain(MARK);
    expect((await scan(bytes)).verdict).toBe('block');
  });
});

describe('renamed or orphaned, still read', () => {
  it('a renamed link keeps its ASCII banner screen tip as text read (only banner words: ids and references are not text)', async () => {
    const files = unzipSync(xlsx({ sheets: [BENIGN] }));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']).replace('</worksheet>', `<hyperlinqs><hyperlinq ref="B2" location="Sheet9!A1" tooltip="TOP SECRET//NOFORN" display="王建国"/></hyperlinqs></worksheet>`);
    const x = await extractXlsx(zipSync({ ...files, 'xl/worksheets/sheet1.xml': strToU8(sheet) }), { limits: DEFAULT_LIMITS });
    const left = x.parts.find((p) => p.id.endsWith('#unread-elements'))?.text ?? '';
    expect(left).toContain('TOP SECRET//NOFORN');
    expect(left).not.toContain('Sheet9!A1');
  });

  it('an orphaned shared-strings part with a marking cut over two runs is read joined as well', async () => {
    const files = unzipSync(xlsx({ sheets: [BENIGN] }));
    const orphan = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><r><t>机密</t></r><r><t>★5年</t></r></si><si><t>人数</t></si></sst>';
    const bytes = zipSync({ ...files, 'xl/sharedStrings-old.xml': strToU8(orphan) });
    const x = await extractXlsx(bytes, { limits: DEFAULT_LIMITS });
    const lines = x.parts.find((p) => p.origin?.filePart === 'xl/sharedStrings-old.xml')?.text.split('\n');
    expect(lines).toEqual(['机密', '★5年', '机密★5年', '人数']);
    expect((await scan(bytes)).verdict).not.toBe('pass');
  });
});

describe('damage and codes in parts the reader does not parse itself', () => {
  it('a damaged table part (a tag turned into stray text) is unread and its text still read', async () => {
    const files = unzipSync(xlsx({ sheets: [BENIGN] }));
    const table = '<?xml version="1.0" encoding="UTF-8"?><table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="1" name="T1" displayName="T1" ref="A1:B3"><tableColumns count="2">< ableColumn id="1" name="机密★5年"/><tableColumn id="2" name="人数"/></tableColumns></table>';
    const rels = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/table" Target="../tables/table1.xml"/></Relationships>';
    const bytes = zipSync({ ...files, 'xl/tables/table1.xml': strToU8(table), 'xl/worksheets/_rels/sheet1.xml.rels': strToU8(rels) });
    const r = await scan(bytes);
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread).toEqual([expect.objectContaining({ reason: 'corrupt', where: 'xl/tables/table1.xml' })]);
    // Well-formed, the same part is read without a word.
    const whole = await scan(zipSync({ ...files, 'xl/tables/table1.xml': strToU8(table.replace('< ableColumn', '<tableColumn').replace('机密★5年', '区')), 'xl/worksheets/_rels/sheet1.xml.rels': strToU8(rels) }));
    expect(whole.coverage.unread).toEqual([]);
  });

  it('a renamed page header is read as printed: codes (&L, &"font", &14, &K colour) left out', async () => {
    const files = unzipSync(xlsx({ sheets: [BENIGN] }));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']).replace('</worksheet>', '<headerFooter><oddHeaxer>&amp;L&amp;"宋体,加粗"&amp;14机密&amp;KFF0000★5年</oddHeaxer></headerFooter></worksheet>');
    const bytes = zipSync({ ...files, 'xl/worksheets/sheet1.xml': strToU8(sheet) });
    const x = await extractXlsx(bytes, { limits: DEFAULT_LIMITS });
    expect(x.parts.find((p) => p.id.endsWith('#unread-elements'))?.text.split('\n')).toContain(MARK);
    expect((await scan(bytes)).verdict).toBe('block');
  });
});

describe('parts under another name', () => {
  // A number format that writes 机密★ before a cell's text 5年: the marking exists only where the
  // format applies to the cell.
  function formatted(): Record<string, Uint8Array> {
    const files = unzipSync(xlsx({ sheets: [{ name: '名册', rows: [['通知']] }] }));
    const rels = strFromU8(files['xl/_rels/workbook.xml.rels']).replace('</Relationships>', '<Relationship Id="rIdSt" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>');
    const styles = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode=";;;&quot;机密★&quot;@"/></numFmts><cellXfs count="2"><xf/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>';
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']).replace('</sheetData>', '<row r="9"><c r="A9" s="1" t="inlineStr"><is><t>5年</t></is></c></row></sheetData>');
    return { ...files, 'xl/_rels/workbook.xml.rels': strToU8(rels), 'xl/styles.xml': strToU8(styles), 'xl/worksheets/sheet1.xml': strToU8(sheet) };
  }

  it('the styles part renamed: the package names a part it lacks and holds one nothing names → unread, never pass', async () => {
    const files = formatted();
    expect((await scan(zipSync(files))).verdict).toBe('block');
    const { 'xl/styles.xml': styles, ...rest } = files;
    const r = await scan(zipSync({ ...rest, 'unused/styles.xml': styles }));
    expect(r.verdict).not.toBe('pass');
    expect(r.coverage.unread).toEqual([expect.objectContaining({ reason: 'corrupt', detail: expect.stringMatching(/xl\/styles\.xml.*unused\/styles\.xml/) })]);
  });

  it('a missing part with nothing unnamed beside it hides nothing: the workbook still passes', async () => {
    const { 'xl/styles.xml': _gone, ...rest } = formatted();
    const r = await scan(zipSync(rest));
    expect(r.coverage.unread).toEqual([]);
    expect(r.verdict).toBe('pass');
  });
});

describe('XLSX: formulas computed when the workbook opens', () => {
  /** A 读书月 schedule with `cells` (raw `<c>` XML) in row 9; `calc` puts `<calcPr fullCalcOnLoad="1"/>` in the workbook. */
  const book = (cells: string, calc = true) => {
    let bytes = rewrite(xlsx({ sheets: [{ name: '安排', rows: [['江临市2024年读书月活动安排'], ['活动', '时间', '地点'], ['读书分享会', '4月23日', '市图书馆']] }] }), 'xl/worksheets/sheet1.xml', (x) => x.replace('</sheetData>', `<row r="9">${cells}</row></sheetData>`));
    if (calc) bytes = rewrite(bytes, 'xl/workbook.xml', (x) => x.replace('</workbook>', '<calcPr calcId="191029" fullCalcOnLoad="1"/></workbook>'));
    return bytes;
  };
  const parts = async (bytes: Uint8Array) => (await extractXlsx(bytes, { limits: DEFAULT_LIMITS })).parts;
  const cellsOf = async (bytes: Uint8Array) => (await parts(bytes)).find((p) => p.id === 'xl/worksheets/sheet1.xml')?.text ?? '';
  const besideOf = async (bytes: Uint8Array) => (await parts(bytes)).find((p) => p.id === 'xl/worksheets/sheet1.xml#formulas');

  it('a formula spelling a marking through IF, CONCATENATE, & with a number, T or TEXTJOIN shows it in its cell: block, located at the cell', async () => {
    for (const f of ['IF(TRUE,"机密★5年","")', 'CONCATENATE("机密","★5年")', '"机密★"&amp;5&amp;"年"', 'T("机密★5年")', '_xlfn.TEXTJOIN("",TRUE,"机密","★","5年")', 'CHOOSE(2,"公开","机密★5年")', '_xlfn.CONCAT("机","密★",3+2,"年")']) {
      const bytes = book(`<c r="B9" t="str"><f>${f}</f></c>`);
      expect(await cellsOf(bytes), f).toContain(MARK);
      const r = await scan(bytes);
      expect(r.verdict, f).toBe('block');
      const hit = r.findings.find((x) => x.ruleId === 'marking.cn-state-secret');
      expect(hit?.location.cell, f).toEqual({ row: 9, column: 2 });
    }
  });

  it('a stale cached result does not hide what the formula gives when computed again: read beside the cell, at it', async () => {
    const bytes = book('<c r="B9" t="str"><f>IF(TRUE,"机密★5年","")</f><v>读书</v></c>');
    expect(await cellsOf(bytes)).toContain('读书');
    const beside = await besideOf(bytes);
    expect(beside?.text).toContain(MARK);
    expect(beside?.blocks?.some((b) => b.kind === 'table-cell' && b.row === 9 && b.column === 2)).toBe(true);
    expect((await scan(bytes)).verdict).toBe('block');
  });

  it('a shared formula computes the same literals in every cell that names it', async () => {
    const bytes = book('<c r="B9" t="str"><f t="shared" ref="B9:C9" si="0">"机密"&amp;"★5年"&amp;A9</f><v>机密★5年</v></c><c r="C9" t="str"><f t="shared" si="0"/></c>');
    expect(await cellsOf(bytes)).toMatch(/机密★5年\t机密★5年/);
  });

  it('literals a formula only compares against, looks up or counts are not what its cell shows: a secrecy register passes', async () => {
    // A published 保密 register: counts by level, and a column that says whether a row needs 登记.
    const cells = [
      '<c r="A9" t="str"><f>IF(B2="机密","需登记","无需登记")</f><v>无需登记</v></c>',
      '<c r="B9" t="str"><f>COUNTIF(C:C,"机密")&amp;"件"</f><v>0件</v></c>',
      '<c r="C9" t="str"><f>IF(VLOOKUP("绝密",A:B,2,FALSE)&gt;0,"有","无")</f><v>无</v></c>',
      '<c r="D9"><f>SUMIFS(E:E,C:C,"秘密")</f><v>0</v></c>',
    ].join('');
    const bytes = book(cells);
    const text = (await parts(bytes)).map((p) => p.text).join('\n');
    expect((await cellsOf(bytes))).not.toMatch(/机密|绝密|秘密/);
    // The other branch of the IF is what the cell may show when computed again: read beside it.
    expect((await besideOf(bytes))?.text).toContain('需登记');
    expect(text).toContain('A9: =IF(B2="机密","需登记","无需登记")');
    const r = await scan(bytes);
    expect(r.verdict).toBe('pass');
  });

  it('a formula whose result is not known (a condition on a cell) shows each branch beside the cell, not as its value', async () => {
    const bytes = book('<c r="B9" t="str"><f>IF(A9&gt;0,"机密★5年","公开")</f></c>');
    expect(await cellsOf(bytes)).not.toContain(MARK);
    const beside = (await besideOf(bytes))?.text ?? '';
    expect(beside).toContain(MARK);
    expect(beside).toContain('公开');
    expect((await scan(bytes)).verdict).not.toBe('pass');
    // The only text it can show (the other branch is empty) is what the cell shows.
    expect(await cellsOf(book('<c r="B9" t="str"><f>IF(A9&gt;0,"机密★5年","")</f></c>'))).toContain(MARK);
  });
});

describe('XLSX: attribute text of linked parts no reader parses', () => {
  /** The benign roster with `parts` added and linked from the first sheet (`type` → target). */
  const linked = (parts: Record<string, string>, links: Array<[type: string, target: string]>) => {
    const files = unzipSync(xlsx({ sheets: [BENIGN] }));
    const rels = links.map(([type, target], i) => `<Relationship Id="rIdX${i}" Type="${type}" Target="${target}"/>`).join('');
    const relsPath = 'xl/worksheets/_rels/sheet1.xml.rels';
    const old = files[relsPath] ? strFromU8(files[relsPath]) : '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';
    files[relsPath] = strToU8(old.replace('</Relationships>', `${rels}</Relationships>`));
    for (const [k, v] of Object.entries(parts)) files[k] = strToU8(v);
    return zipSync(files);
  };
  const SLICER = (caption: string) => `<?xml version="1.0" encoding="UTF-8"?><slicers xmlns="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><slicer name="单位 1" cache="Slicer_单位" caption="${caption}" rowHeight="241300"/></slicers>`;
  const TABLE = (column: string) => `<?xml version="1.0"?><table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="1" name="表1" displayName="表1" ref="A2:C4" totalsRowShown="0"><autoFilter ref="A2:C4"/><tableColumns count="3"><tableColumn id="1" name="序号"/><tableColumn id="2" name="${column}"/><tableColumn id="3" name="单位"/></tableColumns><tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showRowStripes="1"/></table>`;
  const slicer = (caption: string) => linked({ 'xl/slicers/slicer1.xml': SLICER(caption) }, [['http://schemas.microsoft.com/office/2007/relationships/slicer', '../slicers/slicer1.xml']]);
  const table = (column: string) => linked({ 'xl/tables/table1.xml': TABLE(column) }, [['http://schemas.openxmlformats.org/officeDocument/2006/relationships/table', '../tables/table1.xml']]);

  it('a slicer caption (drawn on the sheet) and a table column name are read: a marking there blocks', async () => {
    for (const [bytes, path] of [[slicer(MARK), 'xl/slicers/slicer1.xml'], [table(MARK), 'xl/tables/table1.xml']] as const) {
      const x = await extractXlsx(bytes, { limits: DEFAULT_LIMITS });
      expect(x.parts.find((p) => p.origin.filePart === path)?.text, path).toContain(MARK);
      expect((await scan(bytes)).verdict, path).toBe('block');
    }
  });

  it('structural attributes (ids, references, numbers, booleans, style names) are not text; benign names pass', async () => {
    const x = await extractXlsx(table('姓名'), { limits: DEFAULT_LIMITS });
    const lines = x.parts.find((p) => p.origin.filePart === 'xl/tables/table1.xml')?.text.split('\n') ?? [];
    expect(lines).toEqual(['表1', '表1', '序号', '姓名', '单位']);
    expect((await scan(table('姓名'))).verdict).toBe('pass');
    expect((await scan(slicer('单位'))).verdict).toBe('pass');
  });
});
