/** List labels: numbering.xml level texts rendered into paragraphs, and read as a part of their own. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScanner, type Scanner } from '@prepub/scanner';
import fc from 'fast-check';
import { AlignmentType, Document, LevelFormat, Packer, Paragraph } from 'docx';
import { extractDocx } from '../src/index.ts';
import { ctx, docx, REL, wml } from './helpers.ts';

const numbered = (text: string, numId = 1, ilvl = 0) =>
  `<w:p><w:pPr><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>${text ? `<w:r><w:t>${text}</w:t></w:r>` : ''}</w:p>`;

function withNumbering(body: string, numberingInner: string): Uint8Array {
  return docx(body, { 'word/numbering.xml': wml('numbering', numberingInner) }, [`<Relationship Id="rId9" Type="${REL}/numbering" Target="numbering.xml"/>`]);
}

const lvl = (ilvl: number, text: string, fmt = 'decimal', extra = '') =>
  `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/>${extra}</w:lvl>`;

let scanner: Scanner;
beforeAll(async () => {
  scanner = await createScanner({ ocr: false });
});
afterAll(() => scanner.close());

describe('list labels', () => {
  it('a marking drawn as a list label is found where Word draws it, visible in the body', async () => {
    const lines = ['000001', '', '特急', '关于开展专项检查的通知', '各有关单位：'];
    const body = lines.map((l) => (l ? `<w:p><w:r><w:t>${l}</w:t></w:r></w:p>` : numbered(''))).join('');
    const bytes = withNumbering(body, `<w:abstractNum w:abstractNumId="0">${lvl(0, '机密★5年', 'none')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`);
    const r = await scanner.scan(bytes, { filename: 'label.docx' });
    expect(r.verdict).not.toBe('pass');
    const f = r.findings.find((f) => f.location.part === 'body');
    expect(f?.location).toMatchObject({ visible: true, paragraph: 2, start: '000001\n'.length });
  });

  it('writes a literal level text where an empty list item stands, located inside the paragraph', async () => {
    const bytes = withNumbering(`<w:p><w:r><w:t>000001</w:t></w:r></w:p>${numbered('')}<w:p><w:r><w:t>关于印发通知</w:t></w:r></w:p>`, `<w:abstractNum w:abstractNumId="0">${lvl(0, '机密★5年', 'none')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`);
    const r = await extractDocx(bytes, ctx());
    const body = r.parts.find((p) => p.role === 'body')!;
    const block = body.blocks![1];
    expect(body.text.slice(block.start, block.end)).toBe('机密★5年\t');
    expect(block.kind).toBe('list-item');
    const defs = r.parts.find((p) => p.origin.filePart === 'word/numbering.xml')!;
    expect(defs.text).toBe('机密★5年');
    expect(defs.origin.detail).toBe('list label definitions');
  });

  it('counts items per level, resets deeper levels and fills %1..%9 in decimal', async () => {
    const body = [numbered('甲'), numbered('乙', 1, 1), numbered('丙', 1, 1), numbered('丁'), numbered('戊', 1, 1)].join('');
    const defs = `<w:abstractNum w:abstractNumId="7">${lvl(0, '第%1章')}${lvl(1, '%1.%2', 'decimal', '<w:suff w:val="space"/>')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>`;
    const r = await extractDocx(withNumbering(body, defs), ctx());
    expect(r.parts.find((p) => p.role === 'body')!.text.split('\n')).toEqual(['第1章\t甲', '1.1 乙', '1.2 丙', '第2章\t丁', '2.1 戊']);
  });

  it('honours a start override and ignores numId 0 and unknown lists', async () => {
    const body = [numbered('a', 2), numbered('b', 0), numbered('c', 5)].join('');
    const defs = `<w:abstractNum w:abstractNumId="0">${lvl(0, '%1)')}</w:abstractNum><w:num w:numId="2"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="4"/></w:lvlOverride></w:num>`;
    const r = await extractDocx(withNumbering(body, defs), ctx());
    expect(r.parts.find((p) => p.role === 'body')!.text.split('\n')).toEqual(['4)\ta', 'b', 'c']);
  });

  it('reads level texts of definitions no paragraph uses', async () => {
    const defs = `<w:abstractNum w:abstractNumId="0">${lvl(0, '%1.')}${lvl(1, 'SECRET//NOFORN %2')}</w:abstractNum>`;
    const r = await extractDocx(withNumbering('<w:p><w:r><w:t>公开</w:t></w:r></w:p>', defs), ctx());
    const part = r.parts.find((p) => p.origin.filePart === 'word/numbering.xml')!;
    // Counters alone ("%1.") say nothing and are left out.
    expect(part.text).toBe('SECRET//NOFORN %2');
    expect(part.role).toBe('hidden');
  });

  it('numbers a list written by the docx library as Word shows it', async () => {
    const doc = new Document({
      numbering: { config: [{ reference: 'steps', levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.START }] }] },
      sections: [{ children: ['准备', '审查', '发布'].map((t) => new Paragraph({ text: t, numbering: { reference: 'steps', level: 0 } })) }],
    });
    const r = await extractDocx(new Uint8Array(await Packer.toBuffer(doc)), ctx());
    expect(r.parts.find((p) => p.role === 'body')!.text.split('\n')).toEqual(['1.\t准备', '2.\t审查', '3.\t发布']);
  });

  it('property: n items of one list are labelled 1..n in order, every label inside its own paragraph', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.stringMatching(/^[a-z一-龥]{1,6}$/), { minLength: 1, maxLength: 12 }), async (items) => {
        const r = await extractDocx(withNumbering(items.map((t) => numbered(t)).join(''), `<w:abstractNum w:abstractNumId="0">${lvl(0, '(%1)')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`), ctx());
        const body = r.parts.find((p) => p.role === 'body')!;
        body.blocks!.forEach((b, i) => expect(body.text.slice(b.start, b.end)).toBe(`(${i + 1})\t${items[i]}`));
      }),
      { numRuns: 30 },
    );
  });
});

describe('list label number formats and counting', () => {
  const bodyOf = async (body: string, inner: string): Promise<string[]> => {
    const r = await extractDocx(withNumbering(body, inner), ctx());
    return r.parts.find((p) => p.role === 'body')!.text.split('\n');
  };

  it('shows each counter in its level format (letters, roman, ordinal, Chinese, circled)', async () => {
    const cases: Array<[string, string[]]> = [
      ['lowerLetter', ['a)', 'b)', 'c)']],
      ['upperRoman', ['I)', 'II)', 'III)']],
      ['ordinal', ['1st)', '2nd)', '3rd)']],
      ['chineseCounting', ['一)', '二)', '三)']],
      ['decimalEnclosedCircle', ['①)', '②)', '③)']],
      ['decimalZero', ['01)', '02)', '03)']],
    ];
    for (const [fmt, want] of cases) {
      const lines = await bodyOf(['甲', '乙', '丙'].map((t) => numbered(t)).join(''), `<w:abstractNum w:abstractNumId="0">${lvl(0, '%1)', fmt)}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`);
      expect(lines.map((l) => l.split('\t')[0]), fmt).toEqual(want);
    }
  });

  it('starts a level without w:start at 0, honours lvlRestart and counts a skipped level once', async () => {
    const noStart = `<w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>`;
    const keepOn = lvl(1, '%1.%2', 'decimal', '<w:lvlRestart w:val="0"/>');
    const lines = await bodyOf(
      [numbered('a', 1, 0), numbered('b', 1, 1), numbered('c', 1, 0), numbered('d', 1, 1), numbered('e', 1, 2), numbered('f', 1, 1)].join(''),
      `<w:abstractNum w:abstractNumId="0">${noStart}${keepOn}${lvl(2, '%1.%2.%3')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`,
    );
    expect(lines.map((l) => l.split('\t')[0])).toEqual(['0.', '0.1', '1.', '1.2', '1.2.1', '1.3']);
    const skipped = await bodyOf([numbered('A', 1, 0), numbered('deep', 1, 2), numbered('mid', 1, 1)].join(''), `<w:abstractNum w:abstractNumId="0">${lvl(0, '%1.')}${lvl(1, '%2.', 'lowerLetter')}${lvl(2, '%3.', 'lowerRoman')}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`);
    expect(skipped.map((l) => l.split('\t')[0])).toEqual(['1.', 'i.', 'b.']);
  });
});

describe('lists a paragraph style numbers', () => {
  /** numbering.xml plus a styles.xml, both related to the document. */
  const withStyles = (body: string, numberingInner: string, stylesInner: string) =>
    docx(body, { 'word/numbering.xml': wml('numbering', numberingInner), 'word/styles.xml': wml('styles', stylesInner) }, [
      `<Relationship Id="rId9" Type="${REL}/numbering" Target="numbering.xml"/>`,
      `<Relationship Id="rId8" Type="${REL}/styles" Target="styles.xml"/>`,
    ]);
  const styled = (style: string, text: string, pPr = '') => `<w:p><w:pPr><w:pStyle w:val="${style}"/>${pPr}</w:pPr>${text ? `<w:r><w:t>${text}</w:t></w:r>` : ''}</w:p>`;
  const style = (id: string, pPr: string, basedOn = '') => `<w:style w:type="paragraph" w:styleId="${id}"><w:name w:val="${id}"/>${basedOn ? `<w:basedOn w:val="${basedOn}"/>` : ''}<w:pPr>${pPr}</w:pPr></w:style>`;
  const list = (levels: string) => `<w:abstractNum w:abstractNumId="0">${levels}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>`;
  const notice = ['关于开展年度保密自查工作的通知', '各部门：', '请于12月15日前完成自查。'];

  it('a marking written as the label of a list the paragraph style numbers is drawn first in the body and blocks', async () => {
    const body = styled('Mark', '') + notice.map((t) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`).join('');
    const bytes = withStyles(body, list(`<w:lvl w:ilvl="0"><w:start w:val="5"/><w:numFmt w:val="decimal"/><w:lvlText w:val="机密★%1年"/><w:suff w:val="nothing"/></w:lvl>`), style('Mark', '<w:numPr><w:numId w:val="1"/></w:numPr>'));
    const x = await extractDocx(bytes, ctx());
    expect(x.parts.find((p) => p.role === 'body')!.text.split('\n')).toEqual(['机密★5年', ...notice]);
    const r = await scanner.scan(bytes, { filename: 'style-label.docx' });
    expect(r.verdict).toBe('block');
    expect(r.findings.find((f) => f.location.part === 'body')?.location).toMatchObject({ visible: true, paragraph: 1, start: 0 });
  });

  it('numbers headings through a style chain (basedOn), a level linked to its style, and the paragraph\'s own numPr over the style\'s', async () => {
    const styles =
      style('ChapterBase', '<w:numPr><w:numId w:val="1"/></w:numPr>') + style('Chapter', '', 'ChapterBase') + style('Section', '<w:numPr><w:numId w:val="1"/></w:numPr>');
    const levels = lvl(0, '第%1章', 'chineseCounting') + lvl(1, '第%2节', 'chineseCounting', '<w:pStyle w:val="Section"/>');
    const body = [styled('Chapter', '总则'), styled('Section', '适用范围'), styled('Section', '术语'), styled('Chapter', '附则'), styled('Chapter', '不编号', '<w:numPr><w:numId w:val="0"/></w:numPr>'), styled('Section', '第三级', '<w:numPr><w:ilvl w:val="0"/></w:numPr>')].join('');
    const x = await extractDocx(withStyles(body, list(levels), styles), ctx());
    expect(x.parts.find((p) => p.role === 'body')!.text.split('\n')).toEqual(['第一章\t总则', '第一节\t适用范围', '第二节\t术语', '第二章\t附则', '不编号', '第三章\t第三级']);
  });

  it('a list whose definition links to a numbering style (w:numStyleLink) draws the levels of the definition behind that style', async () => {
    const linked = (styleLink: boolean) =>
      `<w:abstractNum w:abstractNumId="0">${styleLink ? '<w:styleLink w:val="MarkList"/>' : ''}<w:lvl w:ilvl="0"><w:start w:val="5"/><w:numFmt w:val="decimal"/><w:lvlText w:val="机密★%1年"/><w:suff w:val="nothing"/></w:lvl></w:abstractNum>` +
      '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="MarkList"/></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>';
    const listStyle = '<w:style w:type="numbering" w:styleId="MarkList"><w:name w:val="MarkList"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>';
    const body = numbered('', 2) + notice.map((t) => `<w:p><w:r><w:t>${t}</w:t></w:r></w:p>`).join('');
    // Found through the definition's w:styleLink, or through the numbering style's own list.
    for (const styleLink of [true, false]) {
      const bytes = withStyles(body, linked(styleLink), listStyle);
      const x = await extractDocx(bytes, ctx());
      expect(x.parts.find((p) => p.role === 'body')!.text.split('\n')[0], String(styleLink)).toBe('机密★5年');
      expect((await scanner.scan(bytes, { filename: 'linked-list.docx' })).verdict).toBe('block');
    }
  });

  it('a rules document whose chapters are numbered through their style passes', async () => {
    const styles = style('Chapter', '<w:numPr><w:numId w:val="1"/></w:numPr>');
    const body = [styled('Chapter', '总则'), '<w:p><w:r><w:t>第一条 为加强数据的机密性保护，制定本办法。</w:t></w:r></w:p>', styled('Chapter', '附则'), '<w:p><w:r><w:t>第二条 本办法自印发之日起施行。</w:t></w:r></w:p>'].join('');
    const r = await scanner.scan(withStyles(body, list(lvl(0, '第%1章', 'chineseCounting')), styles), { filename: 'rules.docx' });
    expect(r.verdict).toBe('pass');
  });
});
