/**
 * Builds the OpenDocument and RTF samples (samples/odf/, samples/rtf/) with their labels.
 *
 * The documents are written as flat OpenDocument XML here and converted by LibreOffice
 * (`soffice --headless --convert-to odt|ods|odp|rtf`), so the packages and RTF are what a real
 * office suite writes. The RTF samples in GBK `\'xx` escapes and in `\uN` escapes are written by
 * hand (an office suite picks its own escapes). Damaged samples are made from the converted ones:
 * a package cut short, a package whose content entry was altered, and a package whose manifest
 * declares its parts encrypted (what LibreOffice writes for a password-protected document).
 *
 * Needs LibreOffice; the generated files are committed, so tests never do.
 * Run: pnpm tsx samples/scripts/make-odf-rtf-samples.ts
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

interface Label {
  verdict: 'block' | 'review' | 'pass';
  accept?: string[];
  findings?: Array<{ ruleId: string; role?: string }>;
  note: string;
}

const NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"',
  'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"',
  'xmlns:xlink="http://www.w3.org/1999/xlink"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
  'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"',
  'xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0"',
  'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"',
].join(' ');

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const p = (s: string, style?: string) => `<text:p${style ? ` text:style-name="${style}"` : ''}>${s}</text:p>`;

function doc(kind: 'text' | 'spreadsheet' | 'presentation', parts: { meta?: string; styles?: string; auto?: string; master?: string; body: string }): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document ${NS} office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.${kind}">
<office:meta>${parts.meta ?? '<dc:title>江临市工作文件</dc:title>'}</office:meta>
<office:styles>${parts.styles ?? ''}</office:styles>
<office:automatic-styles>${parts.auto ?? ''}</office:automatic-styles>
<office:master-styles>${parts.master ?? ''}</office:master-styles>
<office:body><office:${kind}>${parts.body}</office:${kind}></office:body>
</office:document>
`;
}

const TEXT_STYLES = '<style:style style:name="Hidden" style:family="text"><style:text-properties text:display="none"/></style:style><style:style style:name="HiddenPara" style:family="paragraph"><style:text-properties text:display="none"/></style:style>';
const MASTER = (header?: string, footer?: string) =>
  `<style:master-page style:name="Standard" style:page-layout-name="pm1">${header ? `<style:header>${p(esc(header))}</style:header>` : ''}${footer ? `<style:footer>${p(esc(footer))}</style:footer>` : ''}</style:master-page>`;

const NOTICE_BODY = [
  '江临市财政局关于做好2026年度预算执行情况检查的通知',
  '各区县财政局，市直各部门：',
  '为进一步加强预算执行管理，提高财政资金使用效益，根据年度工作安排，市财政局决定开展2026年度预算执行情况检查。现将有关事项通知如下：',
  '一、检查范围。市直各部门及所属单位2026年1月至6月预算执行情况，重点是项目支出进度和结转结余资金。',
  '二、时间安排。各单位于7月15日前完成自查，市财政局于7月下旬组织抽查。',
  '三、工作要求。各单位要高度重视，如实报送材料，不得漏报、瞒报。',
  '江临市财政局',
  '2026年6月20日',
];

const MINUTES_BODY = [
  '江临市数据资源局第十二次局务会议纪要',
  '时间：2026年5月8日上午9:00',
  '地点：局三楼会议室',
  '主持：局长',
  '会议听取了政务数据共享平台二期建设进展情况汇报，研究了下一阶段工作安排。',
  '一、平台二期工程于6月底前完成联调测试，由信息中心牵头。',
  '二、各处室于5月20日前报送数据目录更新清单。',
  '三、会议要求严格落实数据安全管理责任。',
];

const RULES_BODY = [
  '关于开展2026年保密宣传月活动的通知',
  '各科室：',
  '为深入学习贯彻《中华人民共和国保守国家秘密法》，增强干部职工保密意识，局机关定于5月开展保密宣传月活动。',
  '一、学习内容。国家秘密的密级分为绝密、机密、秘密三级；机关、单位应当依法确定密级、保密期限和知悉范围。',
  '二、工作要求。坚持“上网不涉密，涉密不上网”，严禁在互联网计算机上存储、处理涉密信息；对外发布信息前应当进行保密审查。',
  '三、活动安排。组织观看警示教育片，开展保密知识测试，测试题目涉及绝密级、机密级和秘密级事项的保密期限等内容。',
  '局办公室',
  '2026年4月25日',
];

/** A text document: the notice, with the marking placed where `place` says. */
function notice(place: 'body' | 'header' | 'footnote' | 'comment' | 'hidden' | 'deleted' | 'none', lines = NOTICE_BODY): string {
  const marking = '机密★5年';
  const body: string[] = [];
  let tracked = '';
  if (place === 'body') body.push(p('份号：000012'), p(marking));
  if (place === 'hidden') body.push(p(marking, 'HiddenPara'));
  if (place === 'deleted') {
    tracked = `<text:tracked-changes><text:changed-region text:id="ct1"><text:deletion><office:change-info><dc:creator>李晓梅</dc:creator><dc:date>2026-06-19T10:00:00</dc:date></office:change-info>${p(marking)}</text:deletion></text:changed-region></text:tracked-changes>`;
    body.push(`<text:p><text:change text:change-id="ct1"/></text:p>`);
  }
  lines.forEach((l, i) => {
    if (i === 2 && place === 'footnote') body.push(`<text:p>${esc(l)}<text:note text:id="ftn1" text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body>${p(marking)}</text:note-body></text:note></text:p>`);
    else if (i === 3 && place === 'comment') body.push(`<text:p><office:annotation><dc:creator>王建国</dc:creator><dc:date>2026-06-19T09:30:00</dc:date>${p(marking)}${p('发布前请脱密处理')}</office:annotation>${esc(l)}</text:p>`);
    else if (i === 4 && place === 'hidden') body.push(`<text:p>${esc(l)}<text:span text:style-name="Hidden">本段依据的测算底稿另行报送。</text:span></text:p>`);
    else body.push(p(esc(l)));
  });
  return doc('text', { auto: TEXT_STYLES, master: MASTER(place === 'header' ? marking : '江临市财政局', '第 1 页'), body: tracked + body.join('') });
}

function minutes(header: string): string {
  return doc('text', { master: MASTER(header, '江临市数据资源局办公室印发'), body: MINUTES_BODY.map((l) => p(esc(l))).join('') });
}

function rules(): string {
  return doc('text', { meta: '<dc:title>保密宣传月活动通知</dc:title><meta:keyword>保密宣传</meta:keyword>', master: MASTER('局机关文件', '第 1 页'), body: RULES_BODY.map((l) => p(esc(l))).join('') });
}

const ROSTER = [
  ['序号', '姓名', '单位', '职务'],
  ['1', '王建国', '江临市财政局', '科长'],
  ['2', '李晓梅', '江临市统计局', '副科长'],
  ['3', '赵文华', '江临市数据资源局', '主任科员'],
  ['4', '陈立新', '江临市审计局', '科员'],
];

function sheet(name: string, rows: string[][], style?: string): string {
  return `<table:table table:name="${esc(name)}"${style ? ` table:style-name="${style}"` : ''}><table:table-column table:number-columns-repeated="${Math.max(...rows.map((r) => r.length))}"/>${rows
    .map((r) => `<table:table-row>${r.map((c) => (c ? `<table:table-cell office:value-type="string">${p(esc(c))}</table:table-cell>` : '<table:table-cell/>')).join('')}</table:table-row>`)
    .join('')}</table:table>`;
}

const SHEET_STYLES = '<style:style style:name="taVisible" style:family="table"><style:table-properties table:display="true"/></style:style><style:style style:name="taHidden" style:family="table"><style:table-properties table:display="false"/></style:style>';

function roster(kind: 'hidden-sheet' | 'label-value' | 'none'): string {
  const title = [['江临市统计业务培训参训人员名册']];
  const sheets = [sheet('名册', kind === 'label-value' ? [['密级', '机密'], ...title, ...ROSTER] : [...title, ...ROSTER], 'taVisible')];
  if (kind === 'hidden-sheet') sheets.push(sheet('底稿', [['绝密★长期'], ['培训经费测算底稿'], ['项目', '金额（万元）'], ['场地', '12.5']], 'taHidden'));
  return doc('spreadsheet', { auto: SHEET_STYLES, body: sheets.join('') });
}

const SLIDES = [
  ['2026年上半年政务数据共享工作情况汇报', '江临市数据资源局'],
  ['一、总体进展', '共享平台接入部门42个', '累计提供数据接口调用1.2亿次'],
  ['二、存在问题', '部分部门数据更新不及时', '数据质量核查机制有待完善'],
  ['三、下一步工作', '完成平台二期建设', '开展数据质量专项治理'],
];

function frame(lines: string[], y: number): string {
  return `<draw:frame draw:style-name="gr1" svg:width="24cm" svg:height="3cm" svg:x="2cm" svg:y="${y}cm"><draw:text-box>${lines.map((l) => p(esc(l))).join('')}</draw:text-box></draw:frame>`;
}

function slide(n: number, lines: string[], opts: { hidden?: boolean; notes?: string } = {}): string {
  const notes = opts.notes ? `<presentation:notes><draw:frame presentation:class="notes" svg:width="16cm" svg:height="12cm" svg:x="2cm" svg:y="14cm"><draw:text-box>${opts.notes.split('\n').map((l) => p(esc(l))).join('')}</draw:text-box></draw:frame></presentation:notes>` : '';
  return `<draw:page draw:name="page${n}" draw:style-name="${opts.hidden ? 'dpHidden' : 'dp1'}" draw:master-page-name="Default">${frame([lines[0]], 1)}${frame(lines.slice(1), 5)}${notes}</draw:page>`;
}

function briefing(kind: 'hidden-slide' | 'notes' | 'none'): string {
  const pages = SLIDES.map((s, i) => slide(i + 1, s, kind === 'notes' && i === 1 ? { notes: '秘密★1年\n本页数据未经核准，不得对外引用。' } : { notes: '讲解要点：简要说明。' }));
  if (kind === 'hidden-slide') pages.splice(3, 0, slide(9, ['机密★3年', '附：重点部门数据泄露风险排查清单', '排查对象12家'], { hidden: true }));
  const auto = '<style:style style:name="dp1" style:family="drawing-page"><style:drawing-page-properties presentation:visibility="visible"/></style:style><style:style style:name="dpHidden" style:family="drawing-page"><style:drawing-page-properties presentation:visibility="hidden"/></style:style><style:style style:name="gr1" style:family="graphic"/>';
  return doc('presentation', { auto, master: '<style:master-page style:name="Default" style:page-layout-name="PM1"/>', body: pages.join('') });
}

/** GBK bytes of `s` as `\'xx` escapes (ASCII kept). */
function gbkEscapes(s: string): string {
  let out = '';
  for (const ch of s) {
    if (ch.charCodeAt(0) < 0x80) out += ch === '\\' || ch === '{' || ch === '}' ? `\\${ch}` : ch;
    else for (const b of gbk(ch)) out += `\\'${b.toString(16).padStart(2, '0')}`;
  }
  return out;
}

/** GBK encoding of one character (through the GBK decoder's table: every two-byte code is tried once). */
let GBK: Map<string, number[]> | undefined;
function gbk(ch: string): number[] {
  if (!GBK) {
    GBK = new Map();
    const dec = new TextDecoder('gbk');
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const c = dec.decode(new Uint8Array([a, b]));
        if (c.length === 1 && c !== '\ufffd' && !GBK.has(c)) GBK.set(c, [a, b]);
      }
    }
  }
  const code = GBK.get(ch);
  if (!code) throw new Error(`no GBK code for ${ch}`);
  return code;
}

/** `\uN?` escapes with a `?` fallback (`\uc1`), as many writers do for text outside the code page. */
function unicodeEscapes(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += c < 0x80 ? ch : `\\u${c > 0x7fff ? c - 0x10000 : c}?`;
  }
  return out;
}

function handRtf(lines: string[], encode: (s: string) => string, info?: string): string {
  return `{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil\\fcharset134 ${gbkEscapes('宋体')};}}${info ? `{\\info{\\title ${encode(info)}}}` : ''}\\uc1\\pard\\f0\\fs24 ${lines.map((l) => `${encode(l)}\\par\n`).join('')}}\n`;
}

export function makeSamples(): void {
  const tmp = mkdtempSync(join(tmpdir(), 'odf-samples-'));
  const odf = join(ROOT, 'samples/odf');
  const rtf = join(ROOT, 'samples/rtf');
  mkdirSync(odf, { recursive: true });
  mkdirSync(rtf, { recursive: true });
  const odfLabels: Record<string, Label> = {};
  const rtfLabels: Record<string, Label> = {};
  const profile = `file://${join(tmp, 'profile')}`;
  const convert = (src: string, to: string): string => {
    execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', to, '--outdir', tmp, join(tmp, src)], { stdio: 'ignore', timeout: 180_000 });
    return join(tmp, src.replace(/\.[^.]+$/, `.${to.split(':')[0]}`));
  };
  const block = (role: string, note: string): Label => ({ verdict: 'block', findings: [{ ruleId: 'marking.cn-state-secret', role }], note });
  const pass = (note: string): Label => ({ verdict: 'pass', note });
  const review = (note: string): Label => ({ verdict: 'review', note });

  const texts: Array<[string, string, Label, boolean]> = [
    ['notice-marking', notice('body'), block('body', '通知: 份号 then 机密★5年 alone at the top of the body.'), true],
    ['minutes-header-marking', minutes('秘密★1年'), block('header', '会议纪要 whose page header carries 秘密★1年; the body is benign.'), true],
    ['footnote-marking', notice('footnote'), block('footnote', 'A benign 通知 whose only footnote is 机密★5年.'), true],
    ['comment-marking', notice('comment'), block('comment', 'A benign 通知 with a comment holding 机密★5年 and a request to declassify.'), true],
    ['hidden-text-marking', notice('hidden'), block('hidden', 'A benign 通知 whose first paragraph, 机密★5年, is formatted hidden.'), true],
    ['deletion-marking', notice('deleted'), block('deleted', 'A benign 通知 whose tracked deletion removed 机密★5年 (still in the file).'), true],
    ['benign-secrecy-rules', rules(), pass('保密宣传月 notice that names the levels 绝密/机密/秘密 in sentences: talk about secrecy passes.'), true],
    ['benign-notice', notice('none'), pass('The 通知 without any marking.'), false],
  ];
  for (const [name, xml, label, alsoRtf] of texts) {
    writeFileSync(join(tmp, `${name}.fodt`), xml);
    copyFileSync(convert(`${name}.fodt`, 'odt'), join(odf, `${name}.odt`));
    odfLabels[`${name}.odt`] = label;
    if (alsoRtf) {
      copyFileSync(convert(`${name}.fodt`, 'rtf'), join(rtf, `${name}.rtf`));
      rtfLabels[`${name}.rtf`] = { ...label, note: `${label.note} Written as RTF by LibreOffice.` };
    }
  }
  // The flat XML form of the notice, read as it is.
  writeFileSync(join(odf, 'notice-marking.fodt'), notice('body'));
  odfLabels['notice-marking.fodt'] = block('body', 'The marked 通知 as a flat OpenDocument file (.fodt).');

  const sheets: Array<[string, string, Label]> = [
    ['roster-hidden-sheet', roster('hidden-sheet'), block('hidden', '人员名册: a benign visible roster; a hidden second sheet 底稿 carries 绝密★长期.')],
    ['roster-label-value', roster('label-value'), block('body', '人员名册 whose first row is 密级 | 机密 in adjacent cells A1, B1.')],
    ['benign-roster', roster('none'), pass('人员名册 of a training course: names and units only.')],
  ];
  for (const [name, xml, label] of sheets) {
    writeFileSync(join(tmp, `${name}.fods`), xml);
    copyFileSync(convert(`${name}.fods`, 'ods'), join(odf, `${name}.ods`));
    odfLabels[`${name}.ods`] = label;
  }
  const decks: Array<[string, string, Label]> = [
    ['briefing-hidden-slide', briefing('hidden-slide'), block('hidden', 'A benign briefing with a hidden fourth slide headed 机密★3年.')],
    ['briefing-notes-marking', briefing('notes'), block('notes', 'A benign briefing whose second slide has speaker notes beginning 秘密★1年.')],
    ['benign-briefing', briefing('none'), pass('A briefing on data sharing work with ordinary speaker notes.')],
  ];
  for (const [name, xml, label] of decks) {
    writeFileSync(join(tmp, `${name}.fodp`), xml);
    copyFileSync(convert(`${name}.fodp`, 'odp'), join(odf, `${name}.odp`));
    odfLabels[`${name}.odp`] = label;
  }

  // Damaged and protected packages.
  const marked = readFileSync(join(odf, 'notice-marking.odt'));
  writeFileSync(join(odf, 'truncated.odt'), marked.subarray(0, Math.floor(marked.length * 0.6)));
  odfLabels['truncated.odt'] = review('The marked 通知 cut at 60%: the package directory is gone and entries are missing.');
  const entries = unzipSync(new Uint8Array(readFileSync(join(odf, 'benign-roster.ods'))));
  const rezip = (files: Record<string, Uint8Array>): Uint8Array => {
    const z: Zippable = {};
    // mimetype first and stored, as the format requires.
    z.mimetype = [files.mimetype, { level: 0 }];
    for (const [k, v] of Object.entries(files)) if (k !== 'mimetype') z[k] = [v, { level: 6, mtime: new Date('2026-01-01T00:00:00Z') }];
    return zipSync(z, { mtime: new Date('2026-01-01T00:00:00Z') });
  };
  const zipped = rezip(entries);
  // Flip bytes inside content.xml's compressed data: the entry fails to inflate or its checksum.
  const at = Buffer.from(zipped).indexOf('content.xml') + 'content.xml'.length + 40;
  const corrupt = new Uint8Array(zipped);
  for (let i = 0; i < 16; i++) corrupt[at + i] ^= 0x5a;
  writeFileSync(join(odf, 'corrupt-content.ods'), corrupt);
  odfLabels['corrupt-content.ods'] = review('The benign roster with bytes of its content.xml altered: the sheet cannot be read, so it cannot pass.');
  const enc = unzipSync(new Uint8Array(marked));
  const manifest = strFromU8(enc['META-INF/manifest.xml']).replace(/<manifest:file-entry manifest:full-path="(content\.xml|styles\.xml|meta\.xml)" manifest:media-type="text\/xml"\/>/g, (_m, path: string) =>
    `<manifest:file-entry manifest:full-path="${path}" manifest:media-type="text/xml" manifest:size="${enc[path].length}"><manifest:encryption-data manifest:checksum-type="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0#sha256-1k" manifest:checksum="AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="><manifest:algorithm manifest:algorithm-name="http://www.w3.org/2001/04/xmlenc#aes256-cbc" manifest:initialisation-vector="AAAAAAAAAAAAAAAAAAAAAA=="/><manifest:start-key-generation manifest:start-key-generation-name="http://www.w3.org/2000/09/xmldsig#sha256" manifest:key-size="32"/><manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:key-size="32" manifest:iteration-count="100000" manifest:salt="AAAAAAAAAAAAAAAAAAAAAA=="/></manifest:encryption-data></manifest:file-entry>`,
  );
  // Encrypted parts are noise to anyone without the key: a deterministic stand-in.
  let seed = 7;
  const noise = (n: number) => Uint8Array.from({ length: n }, () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
  writeFileSync(join(odf, 'encrypted.odt'), rezip({ ...enc, 'META-INF/manifest.xml': strToU8(manifest), 'content.xml': noise(enc['content.xml'].length), 'styles.xml': noise(enc['styles.xml'].length), 'meta.xml': noise(enc['meta.xml'].length) }));
  odfLabels['encrypted.odt'] = review('A password-protected text document (manifest encryption-data on its parts): its content cannot be read.');

  // Hand-written RTF: GBK escapes and Unicode escapes, as other writers produce them.
  const noticeLines = ['份号：000012', '机密★5年', ...NOTICE_BODY];
  writeFileSync(join(rtf, 'notice-gbk-escapes.rtf'), handRtf(noticeLines, gbkEscapes));
  rtfLabels['notice-gbk-escapes.rtf'] = block('body', "The marked 通知 written in \\ansicpg936 with every Chinese character a pair of GBK \\'xx escapes.");
  writeFileSync(join(rtf, 'notice-unicode-escapes.rtf'), handRtf(noticeLines, unicodeEscapes));
  rtfLabels['notice-unicode-escapes.rtf'] = block('body', 'The marked 通知 with every Chinese character a \\uN escape (negative above U+7FFF) and a ? fallback.');
  writeFileSync(join(rtf, 'benign-gbk-escapes.rtf'), handRtf(RULES_BODY, gbkEscapes));
  rtfLabels['benign-gbk-escapes.rtf'] = pass('The 保密宣传月 notice in GBK escapes: text about secrecy levels passes.');
  writeFileSync(join(rtf, 'title-marking.rtf'), handRtf(NOTICE_BODY, gbkEscapes, '机密★5年'));
  rtfLabels['title-marking.rtf'] = block('properties', 'A benign 通知 whose document information title (\\info \\title) is 机密★5年.');
  const full = readFileSync(join(rtf, 'notice-marking.rtf'));
  writeFileSync(join(rtf, 'truncated.rtf'), full.subarray(0, Math.floor(full.length * 0.5)));
  rtfLabels['truncated.rtf'] = block('body', 'The marked 通知 as RTF cut in half: the marking at its top is still read (and the missing rest reported).');
  writeFileSync(join(rtf, 'undecodable-gbk.rtf'), handRtf(RULES_BODY, gbkEscapes).replace('\\par', "\\'81\\par"));
  rtfLabels['undecodable-gbk.rtf'] = review("The benign notice with a lone GBK lead byte \\'81 ending a paragraph: a byte that did not decode cannot pass.");

  const write = (dir: string, labels: Record<string, Label>) => writeFileSync(join(dir, 'labels.json'), `${JSON.stringify({ version: 1, files: Object.fromEntries(Object.entries(labels).sort(([a], [b]) => a.localeCompare(b))) }, null, 2)}\n`);
  write(odf, odfLabels);
  write(rtf, rtfLabels);
  rmSync(tmp, { recursive: true, force: true });
}
