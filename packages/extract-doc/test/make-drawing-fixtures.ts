/**
 * Writes test/fixtures for what Word draws without a text story: WordArt (the shape property
 * gtextUNICODE in the table stream's drawings), Word's text watermark (WordArt named
 * PowerPlusWaterMarkObject1 in the header's drawing), and EQ fields (a phonetic guide, and an
 * overlay `EQ \o(…)`), each made by LibreOffice (`soffice --headless --convert-to doc`) from a flat
 * OpenDocument text written here. LibreOffice writes a ruby as `EQ … \o\al(\s\up n(guide),base)`;
 * the overlay fixture is that file with its instruction rewritten in place (same length, so the
 * piece table still holds). Also the workbooks: WordArt on a sheet and a data-validation prompt by
 * LibreOffice Calc from flat OpenDocument spreadsheets; the rest by make-xls-fixtures.ts.
 * Run: `pnpm tsx packages/extract-doc/test/make-drawing-fixtures.ts` (needs LibreOffice; the files
 * it writes are committed, so the tests do not need it).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import CFB from 'cfb';

const OUT = resolve(import.meta.dirname, 'fixtures');
const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
].join(' ');

/** A fontwork (WordArt) shape drawing `text`, named `name`. */
const wordArt = (name: string, text: string, anchored = ' text:anchor-type="paragraph"') =>
  `<draw:custom-shape${anchored} draw:z-index="0" svg:width="12cm" svg:height="3cm" svg:x="2cm" svg:y="1cm" draw:name="${name}"><text:p>${text}</text:p>` +
  '<draw:enhanced-geometry svg:viewBox="0 0 21600 21600" draw:type="fontwork-plain-text" draw:text-path="true" draw:text-path-mode="shape" draw:text-path-scale="path" draw:text-path-same-letter-heights="false" draw:enhanced-path="M 0 0 L 21600 0 M 0 21600 L 21600 21600 N"/></draw:custom-shape>';

const text = (body: string, header = '') =>
  `<?xml version="1.0" encoding="UTF-8"?><office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">` +
  (header ? `<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1"><style:header>${header}</style:header></style:master-page></office:master-styles>` : '') +
  `<office:body><office:text>${body}</office:text></office:body></office:document>`;
const p = (s: string) => `<text:p>${s}</text:p>`;
/** A text whose span style W sets the Wingdings font, and C draws capitals. */
const wingdings = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">` +
  '<office:font-face-decls><style:font-face style:name="Wingdings" svg:font-family="Wingdings" style:font-pitch="variable" style:font-charset="x-symbol"/></office:font-face-decls>' +
  '<office:automatic-styles><style:style style:name="W" style:family="text"><style:text-properties style:font-name="Wingdings"/></style:style>' +
  '<style:style style:name="C" style:family="text"><style:text-properties fo:text-transform="uppercase"/></style:style></office:automatic-styles>' +
  `<office:body><office:text>${body}</office:text></office:body></office:document>`;
/** A text whose named styles draw capitals: paragraph style Banner (text-transform), character style Caps (small capitals). */
const capsStyles = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">` +
  '<office:styles><style:style style:name="Standard" style:family="paragraph" style:class="text"/>' +
  '<style:style style:name="Banner" style:display-name="Banner" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:text-transform="uppercase"/></style:style>' +
  '<style:style style:name="Caps" style:display-name="Caps" style:family="text"><style:text-properties fo:font-variant="small-caps"/></style:style></office:styles>' +
  `<office:body><office:text>${body}</office:text></office:body></office:document>`;
/** A text whose named styles draw in Wingdings: character style Sym, paragraph style SymP (Chinese in SimSun). */
const wingdingsStyles = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">` +
  '<office:font-face-decls><style:font-face style:name="Wingdings" svg:font-family="Wingdings" style:font-pitch="variable" style:font-charset="x-symbol"/><style:font-face style:name="SimSun" svg:font-family="SimSun"/></office:font-face-decls>' +
  '<office:styles><style:style style:name="Standard" style:family="paragraph" style:class="text"/>' +
  '<style:style style:name="Sym" style:display-name="Sym" style:family="text"><style:text-properties style:font-name="Wingdings"/></style:style>' +
  '<style:style style:name="SymP" style:display-name="SymP" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties style:font-name="Wingdings" style:font-name-asian="SimSun"/></style:style></office:styles>' +
  `<office:body><office:text>${body}</office:text></office:body></office:document>`;
/** A text whose character style Hid hides its text (text:display none: sprmCFVanish in the style sheet). */
const hiddenStyle = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">` +
  '<office:styles><style:style style:name="Standard" style:family="paragraph" style:class="text"/>' +
  '<style:style style:name="Hid" style:display-name="Hid" style:family="text"><style:text-properties text:display="none"/></style:style></office:styles>' +
  `<office:body><office:text>${body}</office:text></office:body></office:document>`;
/** A text whose span style White draws white (sprmCCv on the run). */
const whiteRuns = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">` +
  '<office:automatic-styles><style:style style:name="White" style:family="text"><style:text-properties fo:color="#ffffff"/></style:style></office:automatic-styles>' +
  `<office:body><office:text>${body}</office:text></office:body></office:document>`;
const ruby = (base: string, guide: string) => `<text:ruby><text:ruby-base>${base}</text:ruby-base><text:ruby-text>${guide}</text:ruby-text></text:ruby>`;

const NOTICE = p('关于组织开展春季义务植树活动的通知') + p('各科室：为改善机关院内环境，定于四月十二日上午组织义务植树，请各科室于四月八日前报送参加人数。') + p('联系人：综合科 周敏');
const MEMO = p('Quarterly logistics review') + p('This memo summarises the supply schedule for the second quarter and the changes agreed at the March meeting.');
const MINUTES = p('第三次主任办公会议纪要') + p('会议听取了城东片区绿化改造进展情况汇报，议定由建设科牵头落实后续工程。');

const DOCS: Record<string, string> = {
  // WordArt in the body saying the marking; the text itself is ordinary.
  'wordart-marking': text(p(`关于组织开展春季义务植树活动的通知${wordArt('艺术字 1', '机密★5年')}`) + NOTICE),
  // Word's text watermark: WordArt PowerPlusWaterMarkObject1 in the header, 机密 across every page.
  'watermark-marking': text(MINUTES, p(wordArt('PowerPlusWaterMarkObject1', '机密'))),
  // An ordinary WordArt title and an ordinary watermark (样稿, draft).
  'wordart-benign': text(p(`植树节宣传${wordArt('艺术字 1', '绿化家园 人人有责')}`) + NOTICE, p(wordArt('PowerPlusWaterMarkObject2', '样稿'))),
  // A phonetic guide (ruby) whose guide is the marking: only the EQ field's instruction holds it.
  'ruby-marking': text(p(`${ruby('植树', '机密★5年')}活动安排`) + MINUTES),
  // Pinyin over a word, as a school notice has it.
  'ruby-benign': text(p(`${ruby('植树', 'zhí shù')}活动安排`) + NOTICE),
  // The star typed in a Wingdings run (« is ★ in Wingdings), and a bullet (l is ●) beside 保密宣传月.
  'wingdings-star-marking': wingdings(p(`机密<text:span text:style-name="W">«</text:span>5年`) + MINUTES),
  'wingdings-star-benign': wingdings(p(`保密<text:span text:style-name="W">l</text:span>宣传月`) + NOTICE),
  // A banner typed in lower case in a span drawn in capitals (Word's caps), and a title so drawn.
  'caps-banner-marking': wingdings(p('<text:span text:style-name="C">secret//noforn</text:span>') + MEMO),
  'caps-title-benign': wingdings(p('<text:span text:style-name="C">the secret garden</text:span>') + MEMO),
  // The same capitals from named styles (the STSH), not the run: a paragraph style, a character style.
  'style-caps-marking': capsStyles('<text:p text:style-name="Banner">secret//noforn</text:p>' + MEMO),
  'char-style-caps-marking': capsStyles(p('<text:span text:style-name="Caps">top secret</text:span>') + MEMO),
  // The star typed in a run whose Wingdings comes from a character style, or from its paragraph's style.
  'style-wingdings-star-marking': wingdingsStyles(p('机密<text:span text:style-name="Sym">«</text:span>5年') + MINUTES),
  'para-style-wingdings-star-marking': wingdingsStyles('<text:p text:style-name="SymP">机密«5年</text:p>' + MINUTES),
  'style-wingdings-star-benign': wingdingsStyles(p('保密<text:span text:style-name="Sym">l</text:span>宣传月') + '<text:p text:style-name="SymP">l</text:p>' + NOTICE),
  // The marking alone on its line as Word shows it, a sentence after it in the line hidden by a character style.
  'style-hidden-tail-marking': hiddenStyle(p('机密★5年<text:span text:style-name="Hid">根据工作需要，现将本年度植树活动有关安排印发给你们，请结合实际认真贯彻执行</text:span>') + NOTICE),
  'style-hidden-tail-benign': hiddenStyle(p('关于开展保密宣传月活动的通知<text:span text:style-name="Hid">（第二稿，供内部讨论）</text:span>') + NOTICE),
  // White text on the white page: a sentence after the marking in its line, a character inside it.
  'white-tail-marking': whiteRuns(p('机密★5年<text:span text:style-name="White">根据工作需要，现将本年度植树活动有关安排印发给你们，请结合实际认真贯彻执行</text:span>') + NOTICE),
  'white-split-marking': whiteRuns(p('机<text:span text:style-name="White">开</text:span>密★5年') + NOTICE),
  'white-benign': whiteRuns(p('关于开展保密宣传月活动的通知<text:span text:style-name="White">（第二稿，供内部讨论）</text:span>') + NOTICE),
  'style-caps-benign': capsStyles('<text:p text:style-name="Banner">the secret garden</text:p>' + p('<text:span text:style-name="Caps">confidentiality of data</text:span> in the quarterly review') + MEMO),
};

/** Rewrites `from` to `to` (padded with spaces to the same length) in the WordDocument stream's UTF-16 text. */
function rewrite(file: string, from: string, to: string, out: string): void {
  const cfb = CFB.read(readFileSync(file), { type: 'buffer' });
  const entry = CFB.find(cfb, 'WordDocument')!;
  const b = Buffer.from(entry.content as Uint8Array);
  const at = b.indexOf(Buffer.from(from, 'utf16le'));
  if (at < 0 || to.length > from.length) throw new Error(`${from} not found in ${file}`);
  Buffer.from(to.padEnd(from.length, ' '), 'utf16le').copy(b, at);
  entry.content = b;
  writeFileSync(out, CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

/** `\uN?` escapes of `s` (RTF). */
const u = (t: string) => [...t].map((c) => (c.charCodeAt(0) < 0x80 ? c : `\\u${c.charCodeAt(0) > 0x7fff ? c.charCodeAt(0) - 0x10000 : c.charCodeAt(0)}?`)).join('');
/** An RTF text whose first line is `before` + a QUOTE field of `quoted` whose stored result is `stale`. */
const quoted = (before: string, text: string, stale: string, lines: string[]) =>
  `{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 SimSun;}}\\pard ${u(before)}{\\field{\\*\\fldinst QUOTE "${u(text)}"}{\\fldrslt ${u(stale)}}}\\par ${lines.map((l) => `${u(l)}\\par `).join('')}}`;
/** Word documents LibreOffice writes from RTF (it keeps a QUOTE field's stored result as it is). */
const RTFS: Record<string, string> = {
  // 机 + QUOTE "密★5年" whose stored result is 要: Word shows 机密★5年 once the field is updated.
  'quote-stale-marking': quoted('机', '密★5年', '要', ['关于做好汛期物资调度工作的通知', '各区县应急管理局：']),
  'quote-stale-benign': quoted('保', '密宣传月活动方案', '密知识竞赛方案', ['五月以来，各单位组织观看警示教育片，开展保密知识竞赛。']),
};

const SHEETS: Record<string, string> = {
  // WordArt on a sheet: the marking is only the shape's gtextUNICODE property (no TXO).
  'xls-wordart-marking':
    `<table:table table:name="植树安排"><table:shapes>${wordArt('艺术字 1', '机密★5年', '')}</table:shapes><table:table-row><table:table-cell office:value-type="string"><text:p>春季植树活动安排表</text:p></table:table-cell></table:table-row></table:table>`,
  // A data-validation input message and error message: title and text 机密★5年 only there.
  'xls-validation-marking':
    '<table:content-validations><table:content-validation table:name="v1" table:condition="of:cell-content-text-length()&lt;100" table:allow-empty-cell="true"><table:help-message table:title="密级" table:display="true"><text:p>机密★5年</text:p></table:help-message><table:error-message table:title="填写有误" table:display="true" table:message-type="stop"><text:p>请填写不超过一百字的说明</text:p></table:error-message></table:content-validation></table:content-validations>' +
    '<table:table table:name="报名表"><table:table-row><table:table-cell office:value-type="string"><text:p>科室</text:p></table:table-cell><table:table-cell table:content-validation-name="v1" office:value-type="string"><text:p>综合科</text:p></table:table-cell></table:table-row></table:table>',
};
const sheet = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body><office:spreadsheet>${body}</office:spreadsheet></office:body></office:document>`;

const tmp = mkdtempSync(join(tmpdir(), 'prepub-doc-drawings-'));
try {
  const convert = (name: string, xml: string, ext: 'fodt' | 'fods' | 'rtf', to: 'doc' | 'xls') => {
    writeFileSync(join(tmp, `${name}.${ext}`), xml);
    execFileSync('soffice', ['--headless', '--convert-to', to, '--outdir', tmp, join(tmp, `${name}.${ext}`)], { stdio: 'ignore', timeout: 120_000 });
    copyFileSync(join(tmp, `${name}.${to}`), join(OUT, `${name}.${to}`));
  };
  // Names given on the command line: only those files are written.
  const only = process.argv.slice(2);
  for (const [name, xml] of Object.entries(DOCS)) if (!only.length || only.includes(name)) convert(name, xml, 'fodt', 'doc');
  for (const [name, body] of Object.entries(SHEETS)) if (!only.length || only.includes(name)) convert(name, sheet(body), 'fods', 'xls');
  for (const [name, rtf] of Object.entries(RTFS)) if (!only.length || only.includes(name)) convert(name, rtf, 'rtf', 'doc');
  // The overlay: EQ \o(机密★5年), Word's way to draw characters over one another, with no result.
  if (!only.length || only.includes('eq-overlay-marking')) {
    const instr = readFileSync(join(OUT, 'ruby-marking.doc')).includes(Buffer.from('\\o\\al(', 'utf16le'));
    if (!instr) throw new Error('LibreOffice wrote no EQ field for the ruby');
    rewrite(join(OUT, 'ruby-marking.doc'), '\\o\\al(\\s\\up 10(机密★5年),植树)', '\\o(机密★5年)', join(OUT, 'eq-overlay-marking.doc'));
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
