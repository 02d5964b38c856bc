/**
 * Writes test/fixtures/lists.doc: a Word 97-2003 document whose list labels (decimal `1.` with a
 * nested `a)` level, `第一条` and `（一）` in Chinese counting, a bullet list) exist only in its
 * list tables, made by LibreOffice (`soffice --headless --convert-to doc`) from a DOCX written
 * here. One nested item holds a marking right after its label; two headings are numbered `第一章`
 * by their paragraph style.
 * Run: `pnpm tsx packages/extract-doc/test/make-list-fixtures.ts` (needs LibreOffice; the file it
 * writes is committed, so the tests do not need it).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import CFB from 'cfb';

const OUT = resolve(import.meta.dirname, 'fixtures');
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const CT = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;
const DOC_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

const lvl = (ilvl: number, fmt: string, text: string): string => `<w:lvl w:ilvl="${ilvl}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/><w:ind w:left="${720 * (ilvl + 1)}" w:hanging="360"/></w:lvl>`;
const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ${W}>
<w:abstractNum w:abstractNumId="0">${lvl(0, 'decimal', '%1.')}${lvl(1, 'lowerLetter', '%2)')}</w:abstractNum>
<w:abstractNum w:abstractNumId="1">${lvl(0, 'chineseCounting', '第%1条')}</w:abstractNum>
<w:abstractNum w:abstractNumId="2">${lvl(0, 'chineseCounting', '（%1）')}</w:abstractNum>
<w:abstractNum w:abstractNumId="3">${lvl(0, 'bullet', '•')}</w:abstractNum>
<w:abstractNum w:abstractNumId="4">${lvl(0, 'chineseCounting', '第%1章')}</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num><w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num><w:num w:numId="5"><w:abstractNumId w:val="4"/></w:num>
</w:numbering>`;

/** Paragraphs: text, and the list (numId, ilvl) it belongs to, if any. */
const PARAGRAPHS: Array<[string, number?, number?]> = [
  ['保密管理办法'],
  ['为了加强保密管理，制定本办法。', 2, 0],
  ['本办法适用于全体工作人员。', 2, 0],
  ['总则', 1, 0],
  ['机密★5年', 1, 1],
  ['细则', 1, 1],
  ['附则', 1, 0],
  ['第一项内容', 3, 0],
  ['第二项内容', 3, 0],
  ['要点', 4, 0],
  ['结束语'],
];
/** Paragraphs numbered by their style (Heading1) only. */
const HEADINGS = ['总体要求', '工作措施'];

/** styles.xml: a heading style that carries list 5 (`第%1章`), so its paragraphs are numbered by their style alone. */
const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ${W}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr></w:pPr></w:style></w:styles>`;

const body = PARAGRAPHS.map(([t, num, ilvl]) => `<w:p>${num ? `<w:pPr><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${num}"/></w:numPr></w:pPr>` : ''}<w:r><w:t>${t}</w:t></w:r></w:p>`).join('') + HEADINGS.map((t) => `<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>${t}</w:t></w:r></w:p>`).join('');
const zip = CFB.utils.cfb_new();
CFB.utils.cfb_add(zip, '[Content_Types].xml', Buffer.from(CT));
CFB.utils.cfb_add(zip, '_rels/.rels', Buffer.from(RELS));
CFB.utils.cfb_add(zip, 'word/_rels/document.xml.rels', Buffer.from(DOC_RELS));
CFB.utils.cfb_add(zip, 'word/numbering.xml', Buffer.from(NUMBERING));
CFB.utils.cfb_add(zip, 'word/styles.xml', Buffer.from(STYLES));
CFB.utils.cfb_add(zip, 'word/document.xml', Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}<w:sectPr/></w:body></w:document>`));

const tmp = mkdtempSync(join(tmpdir(), 'prepub-doc-lists-'));
try {
  writeFileSync(join(tmp, 'lists.docx'), CFB.write(zip, { fileType: 'zip', type: 'buffer' }) as Buffer);
  execFileSync('soffice', ['--headless', '--convert-to', 'doc', '--outdir', tmp, join(tmp, 'lists.docx')], { stdio: 'ignore', timeout: 120_000 });
  copyFileSync(join(tmp, 'lists.doc'), join(OUT, 'lists.doc'));
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
