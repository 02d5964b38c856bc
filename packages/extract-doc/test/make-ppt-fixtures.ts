/**
 * Writes test/fixtures/*.ppt: PowerPoint 97-2003 decks made by LibreOffice Impress
 * (`soffice --headless --convert-to ppt`) from flat OpenDocument presentations written here: the
 * marking 机密★5年 on slide 1, in the speaker notes of slide 2, in the footer of every slide
 * (the master's footer declaration), in a comment on slide 2; and a benign
 * deck (a news deck about 保密宣传月, secrecy words only in sentences). The truncated and
 * corrupted decks the tests need are derived from these in the tests themselves.
 * Run: `pnpm tsx packages/extract-doc/test/make-ppt-fixtures.ts` (needs LibreOffice; the files it
 * writes are committed, so the tests do not need it). LibreOffice's output is not byte-for-byte
 * stable across runs, so tests check text and roles, not bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import CFB from 'cfb';

const OUT = resolve(import.meta.dirname, 'fixtures');

const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
  'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:officeooo="http://openoffice.org/2009/office"',
].join(' ');

interface Slide {
  lines: string[];
  notes?: string;
  comment?: [author: string, text: string];
}
interface Deck {
  title: string;
  slides: Slide[];
  footer?: string;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function fodp(deck: Deck): string {
  const slides = deck.slides
    .map((s, i) => {
      const box = (text: string, y: number): string =>
        `<draw:frame svg:x="2cm" svg:y="${y}cm" svg:width="24cm" svg:height="2cm"><draw:text-box><text:p>${esc(text)}</text:p></draw:text-box></draw:frame>`;
      const notes = s.notes ? `<presentation:notes><draw:frame presentation:class="notes" svg:x="2cm" svg:y="14cm" svg:width="17cm" svg:height="10cm"><draw:text-box><text:p>${esc(s.notes)}</text:p></draw:text-box></draw:frame></presentation:notes>` : '';
      const comment = s.comment ? `<officeooo:annotation svg:x="1cm" svg:y="1cm"><dc:creator>${esc(s.comment[0])}</dc:creator><dc:date>2024-09-02T10:00:00</dc:date><text:p>${esc(s.comment[1])}</text:p></officeooo:annotation>` : '';
      return `<draw:page draw:name="page${i + 1}" draw:master-page-name="Default"${deck.footer ? ' presentation:use-footer-name="ftr1"' : ''}>${s.lines.map((l, k) => box(l, 2 + k * 3)).join('')}${comment}${notes}</draw:page>`;
    })
    .join('\n');
  const footer = deck.footer ? `<presentation:footer-decl presentation:name="ftr1">${esc(deck.footer)}</presentation:footer-decl>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.presentation">
<office:meta><dc:title>${esc(deck.title)}</dc:title><meta:initial-creator>宣传处</meta:initial-creator></office:meta>
<office:styles><style:style style:name="standard" style:family="graphic"/></office:styles>
<office:automatic-styles><style:page-layout style:name="PM1"><style:page-layout-properties fo:page-width="28cm" fo:page-height="21cm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Default" style:page-layout-name="PM1"><draw:frame presentation:class="footer" svg:x="10cm" svg:y="19cm" svg:width="8cm" svg:height="1.4cm"><draw:text-box><text:p><presentation:footer/></text:p></draw:text-box></draw:frame></style:master-page></office:master-styles>
<office:body><office:presentation>${footer}
${slides}
</office:presentation></office:body></office:document>
`;
}

const NEWS: Slide[] = [
  { lines: ['我局开展2024年保密宣传月活动', '宣传处 2024年9月'] },
  { lines: ['活动内容：保密知识竞赛、警示教育片展映、保密法宣讲进机关', '《保守国家秘密法》规定，国家秘密的密级分为绝密、机密、秘密三级。'] },
  { lines: ['下一步工作：持续加强全员保密教育，提高干部职工保密意识。'] },
];

const DECKS: Record<string, Deck> = {
  'ppt-slide-marking': { title: '江临港区规划调整方案汇报', slides: [{ lines: ['机密★5年', '江临港区规划调整方案汇报'] }, { lines: ['一、调整背景', '二、主要内容'] }] },
  'ppt-notes-marking': { title: '年度工作汇报', slides: [{ lines: ['年度工作汇报', '综合处'] }, { lines: ['重点项目进展'], notes: '讲解提示：本页数据密级为机密★5年，汇报时不得投屏。' }] },
  'ppt-footer-marking': { title: '项目评审会材料', footer: '机密★5年', slides: [{ lines: ['项目评审会材料'] }, { lines: ['评审意见汇总'] }] },
  'ppt-comment-marking': { title: '专项工作汇报', slides: [{ lines: ['专项工作汇报'] }, { lines: ['工作进展'], comment: ['王秘书', '机密★5年'] }] },
  'ppt-benign-news': { title: '保密宣传月活动简报', slides: NEWS.map((s, i) => (i === 1 ? { ...s, notes: '讲解时介绍保密宣传月的由来。' } : s)) },
};

const tmp = mkdtempSync(join(tmpdir(), 'prepub-ppt-fixtures-'));
try {
  for (const [file, deck] of Object.entries(DECKS)) {
    writeFileSync(join(tmp, `${file}.fodp`), fodp(deck));
    execFileSync('soffice', ['--headless', '--convert-to', 'ppt', '--outdir', tmp, join(tmp, `${file}.fodp`)], { stdio: 'ignore', timeout: 120_000 });
    // LibreOffice stores a 600 KB thumbnail in SummaryInformation: that stream is dropped to keep
    // the fixtures small (the properties are tested on the .doc samples).
    const cfb = CFB.read(readFileSync(join(tmp, `${file}.ppt`)), { type: 'buffer' });
    CFB.utils.cfb_del(cfb, '/\x05SummaryInformation');
    CFB.utils.cfb_gc(cfb);
    writeFileSync(join(OUT, `${file}.ppt`), CFB.write(cfb, { type: 'buffer' }) as Buffer);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
