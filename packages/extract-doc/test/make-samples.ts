/**
 * Writes samples/doc: Word 97-2003 (.doc) and WPS writer (.wps) documents, legacy workbooks (.xls)
 * and decks (.ppt).
 *
 * The documents are made by LibreOffice (`soffice --headless --convert-to doc`) from the DOCX
 * samples (samples/docx, the marking in the body, a header, a footer, a comment, a text box, a
 * tracked deletion, hidden text, the properties, a picture, an embedded document; benign notices,
 * minutes and a secrecy regulation) and from OpenDocument text written here (markings in a footnote
 * and an endnote). Damaged ones are derived from them byte by byte: cut short, a broken piece
 * table, the FIB's fEncrypted flag set (LibreOffice writes no password-protected .doc from the
 * command line), the fComplex (fast-saved) flag set. Run: `pnpm tsx samples/scripts/make-legacy-samples.ts`
 * (it calls {@link writeSamples} here, next to the reader whose package carries `cfb`)
 * (needs LibreOffice; the files it writes are committed, so tests do not need it). LibreOffice's
 * output is not byte-for-byte stable across runs, so tests check the labels, not the bytes.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import CFB from 'cfb';

const ROOT = resolve(import.meta.dirname, '../../../samples');
const OUT = join(ROOT, 'doc');

interface Label {
  verdict: 'block' | 'review' | 'pass';
  accept?: string[];
  findings?: Array<Record<string, unknown>>;
  note: string;
}
const labels: Record<string, Label> = {};
const marking = (role: string, extra: Record<string, unknown> = {}): Array<Record<string, unknown>> => [{ ruleId: 'marking.cn-state-secret', role, ...extra }];

/** DOCX samples converted as they are: their labels carry over, with the role the .doc reader gives. */
const FROM_DOCX: Array<[string, string, Label]> = [
  ['notice-gbt9704-secret', 'notice-gbt9704-secret.doc', { verdict: 'block', findings: marking('body', { paragraph: 2 }), note: 'GB/T 9704 notice: 份号, 机密★5年, 特急 at the top of the body (LibreOffice conversion of the DOCX sample).' }],
  ['header-marking', 'header-marking.doc', { verdict: 'block', findings: marking('header', { part: 'section-1-first-page-header' }), note: '秘密★3年 only in the first-page header story of section 1.' }],
  ['footer-marking', 'footer-marking.doc', { verdict: 'block', findings: marking('footer'), note: '绝密★长期 alone in the footer story.' }],
  ['comment-marking', 'comment-marking.doc', { verdict: 'block', accept: ['review'], findings: marking('comment'), note: 'A reviewer wrote the marking in a comment (annotation story).' }],
  ['textbox-drawingml', 'textbox-marking.doc', { verdict: 'block', findings: marking('text-box'), note: '机密★1年 in a text box (text-box story); the body is free of it.' }],
  ['textbox-vml', 'textbox-shape-marking.doc', { verdict: 'block', findings: marking('text-box'), note: '秘密★6个月 in a text box anchored through a SHAPE field.' }],
  ['tracked-deletion', 'tracked-deletion.doc', { verdict: 'block', accept: ['review'], findings: marking('deleted'), note: 'The marking survives only as a tracked deletion (sprmCFRMarkDel run): invisible, still in the file.' }],
  ['hidden-text', 'hidden-text.doc', { verdict: 'block', accept: ['review'], findings: marking('hidden'), note: 'The marking is a hidden run (sprmCFVanish): not shown, but in the file.' }],
  ['properties-marking', 'properties-marking.doc', { verdict: 'block', accept: ['review'], findings: marking('properties'), note: 'The marking is in the title, keywords and a custom property 密级 (SummaryInformation, DocumentSummaryInformation).' }],
  ['routing-slip-table', 'routing-slip-table.doc', { verdict: 'block', findings: marking('body'), note: 'The marking is in a cell of a 文件传阅单 table (cells read as tab-separated row lines).' }],
  ['nested-docx', 'embedded-object.doc', { verdict: 'block', accept: ['review'], findings: marking('body'), note: 'The outer document is harmless; the embedded notice (ObjectPool, a Word 97 object) carries 机密★5年.' }],
  ['picture-marking', 'picture-marking.doc', { verdict: 'review', accept: ['block'], note: 'The only marking is in a picture (a PNG BLIP in the Data stream): with OCR it should block; without OCR the picture is unread, so review.' }],
  ['benign-regulation', 'benign-regulation.doc', { verdict: 'pass', note: 'A secrecy regulation: 绝密/机密/秘密 only inside running sentences; footnote, header and footer harmless.' }],
  ['benign-meeting-minutes', 'benign-meeting-minutes.doc', { verdict: 'pass', note: 'Minutes (会议纪要) of a secrecy-work meeting: 绝密/机密 in sentences.' }],
  ['benign-public-notice', 'benign-public-notice.doc', { verdict: 'pass', note: 'A public notice (通知) with a 发文字号 and （此件公开发布）.' }],
];

const NS = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/"';
function fodt(title: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>${title}</dc:title><meta:initial-creator>综合处</meta:initial-creator></office:meta>
<office:body><office:text>${body}</office:text></office:body></office:document>
`;
}
const note = (cls: 'footnote' | 'endnote', n: number, text: string): string =>
  `<text:note text:id="${cls}${n}" text:note-class="${cls}"><text:note-citation>${n}</text:note-citation><text:note-body><text:p>${text}</text:p></text:note-body></text:note>`;

/** OpenDocument texts converted to .doc: markings where only a note keeps them. */
const FROM_FODT: Array<[string, string, Label]> = [
  [
    'footnote-marking.doc',
    fodt(
      '2024年第三次项目推进会会议纪要',
      `<text:p>2024年第三次项目推进会会议纪要</text:p>
<text:p>时间：2024年7月12日下午3:00</text:p>
<text:p>地点：指挥部二楼会议室</text:p>
<text:p>会议听取了各标段施工进度汇报，研究了下一阶段工作安排${note('footnote', 1, '本纪要所附进度表密级为机密★5年，另行传阅。')}。</text:p>
<text:p>会议要求各标段于8月底前完成主体结构施工。</text:p>`,
    ),
    { verdict: 'block', accept: ['review'], findings: marking('footnote'), note: 'Minutes whose footnote gives the attachment’s level 机密★5年; the body is harmless.' },
  ],
  [
    'endnote-marking.doc',
    fodt(
      '关于做好2024年度统计报表报送工作的通知',
      `<text:p>关于做好2024年度统计报表报送工作的通知</text:p>
<text:p>各科室：</text:p>
<text:p>请于12月20日前将年度统计报表报送办公室${note('endnote', 1, '秘密★1年')}。</text:p>`,
    ),
    { verdict: 'block', accept: ['review'], findings: marking('endnote'), note: '秘密★1年 alone in an endnote; the body is harmless.' },
  ],
];

/** Legacy workbooks and decks converted from the OOXML samples. */
const LEGACY: Array<[string, string, string, Label]> = [
  ['xlsx/marking-cell-top.xlsx', 'xls:MS Excel 97', 'marking-cell-top.xls', { verdict: 'block', findings: marking('body', { line: 1 }), note: 'A legacy workbook (BIFF8) with 机密★5年 alone in A1 above a funding table.' }],
  ['xlsx/textbox-marking.xlsx', 'xls:MS Excel 97', 'textbox-marking.xls', { verdict: 'block', findings: marking('text-box'), note: 'A legacy workbook with 机密★5年 only in a text box drawn over the roster (an OBJ of OfficeArt type, its text in the CONTINUE records after its TXO).' }],
  ['xlsx/benign-roster.xlsx', 'xls:MS Excel 97', 'benign-roster.xls', { verdict: 'pass', note: 'A harmless training roster as a legacy .xls: every cell read, nothing unread.' }],
  ['pptx/slide-marking.pptx', 'ppt:MS PowerPoint 97', 'slide-marking.ppt', { verdict: 'block', findings: marking('body', { page: 1, line: 1 }), note: 'A PowerPoint 97-2003 deck (LibreOffice conversion of the PPTX sample): 机密★5年 alone above the title of slide 1.' }],
];

function soffice(filter: string, input: string, outdir: string): void {
  execFileSync('soffice', ['--headless', '--convert-to', filter, '--outdir', outdir, input], { stdio: 'pipe', timeout: 120_000 });
}

/** A compound file with one stream's bytes changed, written back as a valid compound file. */
function patchStream(bytes: Buffer, stream: string, patch: (b: Buffer, word: Buffer) => void, word?: string): Buffer {
  const cfb = CFB.read(bytes, { type: 'buffer' });
  const entry = CFB.find(cfb, stream)!;
  const wordEntry = word ? CFB.find(cfb, word)! : entry;
  const content = Buffer.from(entry.content as Uint8Array);
  patch(content, Buffer.from(wordEntry.content as Uint8Array));
  entry.content = content;
  entry.size = content.length;
  return CFB.write(cfb, { type: 'buffer' }) as Buffer;
}

/** The damaged and flagged documents, derived byte by byte from the converted ones in samples/doc. */
export function deriveSamples(): void {
  const notice = readFileSync(join(OUT, 'benign-public-notice.doc'));
  writeFileSync(join(OUT, 'truncated.doc'), notice.subarray(0, Math.floor(notice.length * 0.55)));
  labels['truncated.doc'] = { verdict: 'review', note: 'A harmless notice cut at 55% of its bytes: the compound file cannot be opened, so it is unread (corrupt).' };
  // The piece table (Clx at fcClx in the table stream) overwritten: no text can be placed.
  writeFileSync(
    join(OUT, 'corrupt.doc'),
    patchStream(notice, '1Table', (t, w) => {
      const fcClx = w.readUInt32LE(0x1a2);
      t.fill(0xff, fcClx, Math.min(t.length, fcClx + 64));
    }, 'WordDocument'),
  );
  labels['corrupt.doc'] = { verdict: 'review', note: 'A harmless notice whose piece table was overwritten: its text cannot be placed, so it is unread (corrupt).' };
  const setFlag = (file: Buffer, mask: number): Buffer => patchStream(file, 'WordDocument', (w) => w.writeUInt16LE(w.readUInt16LE(0x0a) | mask, 0x0a));
  writeFileSync(join(OUT, 'encrypted.doc'), setFlag(notice, 0x0100));
  labels['encrypted.doc'] = { verdict: 'review', note: 'fEncrypted set in the FIB (how Word marks an RC4/CryptoAPI-protected .doc): unread, encrypted, even though the bytes here are plain.' };
  // A fast save leaves old text behind the piece table's back: fComplex set, and text the pieces
  // no longer name written after the current text, inside the text area (fcMac moved past it).
  const minutes = readFileSync(join(OUT, 'benign-meeting-minutes.doc'));
  writeFileSync(
    join(OUT, 'fast-saved.doc'),
    patchStream(minutes, 'WordDocument', (w) => {
      const fcMac = w.readUInt32LE(0x1c);
      const old = Buffer.from('机密★5年（原稿，已删除）', 'utf16le');
      old.copy(w, fcMac);
      w.writeUInt32LE(fcMac + old.length, 0x1c);
      w.writeUInt16LE(w.readUInt16LE(0x0a) | 0x0004, 0x0a);
    }),
  );
  labels['fast-saved.doc'] = { verdict: 'review', note: 'Harmless minutes, fast-saved (fComplex) with old text left in the text area that no piece names: those bytes are unread, so review, never pass.' };
  // WPS Office sets fComplex on ordinary saves: with every byte of the text area in a piece, nothing is left unread.
  writeFileSync(join(OUT, 'fcomplex-flag-only.wps'), setFlag(readFileSync(join(OUT, 'benign-regulation.doc')), 0x0004));
  labels['fcomplex-flag-only.wps'] = { verdict: 'pass', note: 'The secrecy regulation with fComplex set as WPS Office sets it on ordinary saves, its piece table naming every byte of the text area: read completely, passes.' };
}

/**
 * Converts one legacy workbook or deck of the list again (`name` as in samples/doc) and updates its
 * label, leaving the other samples as they are (LibreOffice's output differs from run to run).
 */
export function writeLegacySample(name: string): void {
  const entry = LEGACY.find(([, , n]) => n === name);
  if (!entry) throw new Error(`${name} is not a legacy workbook or deck of the list`);
  const [src, filter, , label] = entry;
  const tmp = mkdtempSync(join(tmpdir(), 'legacy-'));
  try {
    soffice(filter, join(ROOT, src), tmp);
    copyFileSync(join(tmp, src.split('/').pop()!.replace(/\.\w+$/, `.${name.split('.').pop()}`)), join(OUT, name));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const file = join(OUT, 'labels.json');
  const have = JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, Label> };
  const merged = { ...have.files, [name]: label };
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, JSON.stringify({ version: 1, files: sorted }, null, 2) + '\n');
}

/** Re-derives only the damaged and flagged documents and updates their labels (no LibreOffice needed). */
export function updateDerived(): void {
  const file = join(OUT, 'labels.json');
  const have = JSON.parse(readFileSync(file, 'utf8')) as { files: Record<string, Label> };
  deriveSamples();
  const merged = { ...have.files, ...labels };
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(file, JSON.stringify({ version: 1, files: sorted }, null, 2) + '\n');
}

/** Writes every sample of samples/doc and its labels.json (needs LibreOffice's `soffice`). */
export function writeSamples(): void {
  const tmp = mkdtempSync(join(tmpdir(), 'legacy-'));
  try {
    for (const [src, name, label] of FROM_DOCX) {
      soffice('doc:MS Word 97', join(ROOT, 'docx', `${src}.docx`), tmp);
      copyFileSync(join(tmp, `${src}.doc`), join(OUT, name));
      labels[name] = label;
    }
    for (const [name, text, label] of FROM_FODT) {
      const input = join(tmp, name.replace(/\.doc$/, '.fodt'));
      writeFileSync(input, text);
      soffice('doc:MS Word 97', input, tmp);
      copyFileSync(join(tmp, name), join(OUT, name));
      labels[name] = label;
    }
    // WPS Office saves its writer files (.wps) in the Word 97 binary format: the same bytes, the WPS name.
    copyFileSync(join(OUT, 'notice-gbt9704-secret.doc'), join(OUT, 'notice-gbt9704-secret.wps'));
    labels['notice-gbt9704-secret.wps'] = { verdict: 'block', findings: marking('body', { paragraph: 2 }), note: 'The GB/T 9704 notice under a WPS writer name (.wps): WPS Office saves .wps in the Word 97 binary format, read as such.' };
    copyFileSync(join(OUT, 'benign-regulation.doc'), join(OUT, 'benign-regulation.wps'));
    labels['benign-regulation.wps'] = { verdict: 'pass', note: 'The secrecy regulation under a WPS writer name: passes as the .doc does.' };

    deriveSamples();

    for (const [src, filter, name, label] of LEGACY) {
      soffice(filter, join(ROOT, src), tmp);
      copyFileSync(join(tmp, src.split('/').pop()!.replace(/\.\w+$/, `.${name.split('.').pop()}`)), join(OUT, name));
      labels[name] = label;
    }
    const sorted = Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)));
    writeFileSync(join(OUT, 'labels.json'), JSON.stringify({ version: 1, files: sorted }, null, 2) + '\n');
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

