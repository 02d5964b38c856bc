/**
 * Writes test/fixtures: Word 97-2003 documents with legacy form fields, made by LibreOffice
 * (`soffice --headless --convert-to doc`) from DOCX files written here (legacy `w:ffData` fields:
 * a text field, a check box, a drop-down list). LibreOffice keeps each field's default, help and
 * status texts and list entries in the FFData of the Data stream, which is what the tests read;
 * a document with two comments by two reviewers (one part per comment, its author named); and a
 * document whose markings tracked changes broke up (a deletion and an insertion inside them); and
 * one whose markings hold a piece drawn where nobody sees it (size, scale, spacing, position).
 * Run: `pnpm tsx packages/extract-doc/test/make-fixtures.ts` (needs LibreOffice; the files it
 * writes are committed, so the tests do not need it).
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import CFB from 'cfb';

const OUT = resolve(import.meta.dirname, 'fixtures');
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';
const CT = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`;
const RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`;

interface Field {
  kind: 'FORMTEXT' | 'FORMCHECKBOX' | 'FORMDROPDOWN';
  name: string;
  help: string;
  status: string;
  /** Default text of a text field; entries of a drop-down list. */
  defaults: string[];
  result: string;
  /** The entry a drop-down shows (w:result), or whether a check box is ticked (w:checked). */
  chosen?: number;
  checked?: boolean;
}

function field(f: Field): string {
  const own =
    f.kind === 'FORMTEXT'
      ? `<w:textInput><w:default w:val="${f.defaults[0]}"/></w:textInput>`
      : f.kind === 'FORMCHECKBOX'
        ? `<w:checkBox><w:sizeAuto/><w:default w:val="0"/>${f.checked ? '<w:checked/>' : ''}</w:checkBox>`
        : `<w:ddList>${f.chosen ? `<w:result w:val="${f.chosen}"/>` : ''}${f.defaults.map((e) => `<w:listEntry w:val="${e}"/>`).join('')}</w:ddList>`;
  const ffData = `<w:ffData><w:name w:val="${f.name}"/><w:enabled/><w:calcOnExit w:val="0"/><w:helpText w:type="text" w:val="${f.help}"/><w:statusText w:type="text" w:val="${f.status}"/>${own}</w:ffData>`;
  const result = f.kind === 'FORMCHECKBOX' ? '' : `<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>${f.result}</w:t></w:r>`;
  return `<w:r><w:fldChar w:fldCharType="begin">${ffData}</w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> ${f.kind} </w:instrText></w:r>${result}<w:r><w:fldChar w:fldCharType="end"/></w:r>`;
}

function docx(paragraphs: Array<[label: string, field: Field]>): Buffer {
  // A hyperlink field too: its run also points into the Data stream, at data that is no form field's.
  const link = '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://www.gov.cn/" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>中国政府网</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>';
  return pack(paragraphs.map(([label, f]) => `<w:p><w:r><w:t>${label}</w:t></w:r>${field(f)}</w:p>`).join('') + link);
}

/** A package of `body`, with `comments` (author, initials, text) anchored on its first paragraph. */
function pack(body: string, comments: Array<[author: string, initials: string, text: string]> = []): Buffer {
  const zip = CFB.utils.cfb_new();
  const ct = comments.length ? CT.replace('</Types>', '<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>') : CT;
  CFB.utils.cfb_add(zip, '[Content_Types].xml', Buffer.from(ct));
  CFB.utils.cfb_add(zip, '_rels/.rels', Buffer.from(RELS));
  if (comments.length) {
    CFB.utils.cfb_add(zip, 'word/_rels/document.xml.rels', Buffer.from('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>'));
    CFB.utils.cfb_add(zip, 'word/comments.xml', Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments ${W}>${comments.map(([a, i, t], n) => `<w:comment w:id="${n}" w:author="${a}" w:initials="${i}"><w:p><w:r><w:t>${t}</w:t></w:r></w:p></w:comment>`).join('')}</w:comments>`));
    const refs = comments.map((_, n) => `<w:r><w:commentReference w:id="${n}"/></w:r>`).join('');
    body = body.replace('</w:p>', `${refs}</w:p>`);
  }
  CFB.utils.cfb_add(zip, 'word/document.xml', Buffer.from(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body>${body}<w:sectPr/></w:body></w:document>`));
  return CFB.write(zip, { fileType: 'zip', type: 'buffer' }) as Buffer;
}

const name = (field: Field): Field => field;
const FIXTURES: Record<string, Array<[string, Field]>> = {
  // The marking only in a text field's default text (the field shows another value).
  'form-default-marking': [['申请人：', name({ kind: 'FORMTEXT', name: 'Applicant', help: '请填写姓名', status: '姓名', defaults: ['机密★5年'], result: '张三' })]],
  // The marking only among a drop-down list's entries (the field shows the first entry, 公开).
  'form-dropdown-marking': [['密级：', name({ kind: 'FORMDROPDOWN', name: 'Level', help: '选择', status: '选择', defaults: ['公开', '秘密★3年'], result: '公开' })]],
  // Ordinary form: texts about filling the form in.
  'form-benign': [
    ['申请人：', name({ kind: 'FORMTEXT', name: 'Applicant', help: '请填写申请人姓名', status: '申请人姓名', defaults: ['请输入'], result: '张三' })],
    ['已阅读须知：', name({ kind: 'FORMCHECKBOX', name: 'Agree', help: '勾选表示同意', status: '同意', defaults: [], result: '' })],
    ['部门：', name({ kind: 'FORMDROPDOWN', name: 'Dept', help: '选择部门', status: '部门', defaults: ['办公室', '财务处'], result: '办公室' })],
  ],
};

/**
 * A 呈批件's 密级 chosen in a legacy drop-down (公开 秘密 机密 绝密) or ticked in a row of check boxes,
 * which Word draws from the FFData (iRes) and no character holds: chosen 机密 and ticked 机密 must
 * block, 公开 chosen and nothing ticked must pass.
 */
const LEVELS = ['公开', '秘密', '机密', '绝密'];
const slipOf = (row: string) => pack(`<w:p><w:r><w:t>江临市应急管理局呈批件</w:t></w:r></w:p><w:p><w:r><w:t>密级：</w:t></w:r>${row}</w:p><w:p><w:r><w:t>事由：关于下达年度投资计划的函</w:t></w:r></w:p>`);
const levelList = (chosen: number) => field({ kind: 'FORMDROPDOWN', name: 'Level', help: '选择密级', status: '密级', defaults: LEVELS, result: LEVELS[chosen], chosen });
const levelBoxes = (ticked: number) => ['绝密', '机密', '秘密'].map((o, i) => `${field({ kind: 'FORMCHECKBOX', name: `Level${i}`, help: '', status: '', defaults: [], result: '', checked: i === ticked })}<w:r><w:t xml:space="preserve">${o} </w:t></w:r>`).join('');
const FORM_CHOICES: Record<string, Buffer> = {
  'form-dropdown-chosen': slipOf(levelList(2)),
  'form-dropdown-public': slipOf(levelList(0)),
  'form-checkbox-ticked': slipOf(levelBoxes(1)),
  'form-checkbox-blank': slipOf(levelBoxes(-1)),
};

/** Two comments by two reviewers, the marking in the second only: each comment becomes a part of its own. */
const COMMENTS: Record<string, Buffer> = {
  'two-comments': pack('<w:p><w:r><w:t>关于召开年度工作会议的通知</w:t></w:r></w:p>', [
    ['李编辑', 'LB', '请核对日期'],
    ['王秘书', 'WM', '机密★5年'],
  ]),
};

const run = (text: string) => `<w:r><w:t>${text}</w:t></w:r>`;
const change = (kind: 'ins' | 'del', id: number, text: string) =>
  `<w:${kind} w:id="${id}" w:author="李晓梅" w:date="2026-06-19T10:00:00Z"><w:r><w:${kind === 'del' ? 'delText' : 't'}>${text}</w:${kind === 'del' ? 'delText' : 't'}></w:r></w:${kind}>`;
/**
 * Tracked changes inside a marking: 机 + deleted 密 + inserted 要 + ★5年 shows 机要★5年, and 秘 +
 * inserted 书 + 密★1年 shows 秘书密★1年; before the changes the paragraphs read 机密★5年 and 秘密★1年.
 */
const REVISIONS: Record<string, Buffer> = {
  'tracked-changes-marking': pack(
    `<w:p>${run('份号：000012')}</w:p><w:p>${run('机')}${change('del', 1, '密')}${change('ins', 2, '要')}${run('★5年')}</w:p>` +
      `<w:p>${run('关于调整城区公交线路的公告')}</w:p><w:p>${run('秘')}${change('ins', 3, '书')}${run('密★1年')}</w:p><w:p>${run('为方便市民出行，经研究决定对城区部分公交线路进行调整。')}</w:p>`,
  ),
};

const shaped = (text: string, rPr: string) => `<w:r><w:rPr>${rPr}</w:rPr><w:t>${text}</w:t></w:r>`;
/**
 * A piece drawn where nobody sees it inside each marking (2 pt, squeezed to 5%, pulled under the
 * next character by −12 pt of spacing, lowered 30 pt), and a half-width piece that is seen.
 */
const DRAWN_UNSEEN: Record<string, Buffer> = {
  'drawn-unseen-marking': pack(
    `<w:p>${run('机')}${shaped('开', '<w:sz w:val="4"/>')}${run('密★5年')}</w:p><w:p>${run('关于做好')}${shaped('汛', '<w:w w:val="50"/>')}${run('期物资调度工作的通知')}</w:p>` +
      `<w:p>${run('各区县人民政府：现将有关事项通知如下。')}</w:p><w:p>${run('秘')}${shaped('口', '<w:w w:val="5"/>')}${run('密★1年')}</w:p><w:p>${run('附件1：物资清单')}</w:p>` +
      `<w:p>${run('绝')}${shaped('中', '<w:spacing w:val="-240"/>')}${run('密★长期')}</w:p><w:p>${run('附件2：调度安排')}</w:p>` +
      `<w:p>${run('机')}${shaped('X', '<w:position w:val="-60"/>')}${run('密★10年')}</w:p><w:p>${run('附件3：联系人名单')}</w:p>`,
  ),
};

// `pnpm tsx packages/extract-doc/test/make-fixtures.ts tracked-changes-marking` writes that one only.
const only = process.argv.slice(2);
const tmp = mkdtempSync(join(tmpdir(), 'prepub-doc-forms-'));
try {
  const every: Record<string, Buffer> = { ...Object.fromEntries(Object.entries(FIXTURES).map(([f, p]) => [f, docx(p)])), ...COMMENTS, ...REVISIONS, ...DRAWN_UNSEEN, ...FORM_CHOICES };
  const all = only.length ? Object.fromEntries(Object.entries(every).filter(([f]) => only.includes(f))) : every;
  for (const [file, bytes] of Object.entries(all)) {
    writeFileSync(join(tmp, `${file}.docx`), bytes);
    execFileSync('soffice', ['--headless', '--convert-to', 'doc', '--outdir', tmp, join(tmp, `${file}.docx`)], { stdio: 'ignore', timeout: 120_000 });
    copyFileSync(join(tmp, `${file}.doc`), join(OUT, `${file}.doc`));
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
