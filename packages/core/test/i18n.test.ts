/**
 * The message catalogues: every message id renders in both languages, Chinese is Chinese, English
 * has no Chinese of its own (only the document text it quotes), and every cue, form, rule and
 * finding the detectors produce has a Chinese text.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUILTIN_DETECTORS,
  CN_GRAMMAR_CUES,
  CN_MARKING_CUES,
  CN_MARKING_FORMS,
  CN_FORM_ZH,
  CUE_ZH,
  FOREIGN_FORMS,
  FOREIGN_FORM_ZH,
  PII_ZH,
  RULE_ZH,
  en,
  findingMessage,
  hasCjk,
  langFromAcceptLanguage,
  langFromEnv,
  localizeResult,
  parseLang,
  renderMessage,
  rulesOf,
  t,
  zh,
  type Finding,
  type LocalizableResult,
  type Verdict,
  type FindingLocation,
  type MessageId,
  type MessageParams,
} from '@prepub/core';
import { findingsOf } from './detectors/helpers.ts';

const LOC: FindingLocation = { part: 'word/header1.xml', role: 'header', visible: false, start: 3, end: 8, line: 2, column: 4, page: 3, paragraph: 5, cell: { row: 1, column: 2 }, box: { x: 10, y: 20, width: 30.5, height: 12, unit: 'pt' }, container: ['附件1.docx'] };

/** Sample parameters for every message id: a missing entry here is a compile error (the record is complete). */
const SAMPLES: { [K in MessageId]: MessageParams<K> } = {
  verdict: { verdict: 'block' },
  severity: { severity: 'review' },
  role: { role: 'footnote' },
  'unread.reason': { reason: 'encrypted' },
  'unread.where': { where: 'page 3' },
  category: { category: 'classification-marking' },
  location: { location: LOC },
  'finding.cn-state-secret': { marking: '机密★5年', level: '机密', period: '5年' },
  'finding.cn-form': { form: 'label-value', title: 'Label and level value', matched: '密级：秘密' },
  'finding.cn-lower': { marking: '内部资料' },
  'finding.cn-lower-form': { form: 'handling-instruction', title: 'Handling instruction standing as a marking', matched: '不得外传' },
  'finding.foreign': { form: 'us-banner', label: 'US classification banner', shown: 'TOP SECRET//NOFORN' },
  'finding.foreign-block': { form: 'us-authority-block' },
  'finding.pii': { rule: 'pii.mobile', what: 'mobile number', count: 3 },
  'finding.term': { term: '天穹计划', category: 'project', note: '项目代号' },
  'finding.hidden': { message: 'State-secret marking 机密★5年 (机密, 5年)', role: 'comment' },
  cue: { cue: 'stands alone on its line' },
  'unread.detail.loss': { kind: 'unmapped-glyphs', count: 12, total: 4000 },
  'unread.detail.encrypted': {},
  'unread.detail.corrupt': { message: 'Invalid PDF structure' },
  'unread.detail.cut-short': {},
  'unread.detail.checksum': {},
  'unread.detail.undecodable': {},
  'unread.detail.wrong-format': {},
  'unread.detail.pages-missing': {},
  'unread.detail.ocr-page-limit': { limit: 40 },
  'unread.detail.inflate-error': {},
  'unread.detail.not-well-formed': {},
  'unread.detail.missing-part': {},
  'unread.detail.directory-damaged': {},
  'unread.detail.file-too-large': { bytes: 300, limit: 200 },
  'unread.detail.inflate-limit': { limit: 1000 },
  'unread.detail.entry-limit': { limit: 50 },
  'unread.detail.nesting-limit': { depth: 3 },
  'unread.detail.text-limit': { limit: 1000 },
  'unread.detail.page-limit': { pages: 900, limit: 500 },
  'unread.detail.frame-limit': { count: 40, limit: 20, unit: 'frame' },
  'unread.detail.glyph-limit': { limit: 200000 },
  'unread.detail.memory-limit': {},
  'unread.detail.limit': {},
  'unread.detail.timeout': { ms: 60000 },
  'unread.detail.page-timeout': { page: 3, ms: 20000 },
  'unread.detail.crashed': { message: 'exit 134' },
  'unread.detail.aborted': {},
  'unread.detail.empty': {},
  'unread.detail.ocr-off': {},
  'unread.detail.ocr-not-started': { message: 'no traineddata' },
  'unread.detail.ocr-failed': { message: 'bad PNG' },
  'unread.detail.ocr-timeout': { ms: 20000 },
  'unread.detail.ocr-empty': { ink: '3.20' },
  'unread.detail.ocr-low-confidence': { line: 2, confidence: 41 },
  'unread.detail.picture-format': {},
  'unread.detail.unsupported-format': {},
  'unread.detail.embedded-object': {},
  'unread.detail.reader-failed': { format: 'pdf', message: 'boom' },
  'unread.detail.read-incomplete': { message: 'boom' },
  'unread.detail.render-failed': { message: 'boom' },
  'unread.detail.not-checked': { message: 'boom' },
  'unread.detail.scan-failed': { message: 'boom' },
  'unread.detail.file-not-read': { message: 'ENOENT' },
  'unread.detail.robots': {},
  'unread.detail.out-of-scope': {},
  'unread.detail.crawl-limit': { at: '20 pages and 50 files' },
  'unread.detail.script-pages': { count: '98,999', last: 'index_99999.html' },
  'unread.detail.excluded': { folders: 'node_modules/', count: 'at least 3' },
  'unread.detail.ignored': { count: '2', listed: 'a.txt, b/' },
  'unread.detail.dead-letter': { attempts: '3', last: 'a worker stopped' },
  'unread.detail.no-such-file': {},
  'unread.detail.no-permission': {},
  'unread.detail.lost': {},
  'unread.detail.generic': { reason: 'embedded-object' },
  'unread.detail.with-original': { text: '嵌入对象的内容未扫描', original: 'The OLE object was not read.' },
  'reason.block': { count: 2, rules: ['marking.cn-state-secret'] },
  'reason.review': { count: 1, rules: ['pii.mobile', 'marking.cn-lower'] },
  'reason.unread': { items: [{ where: 'page 3', reason: 'ocr-failed' }, { where: 'file', reason: 'encrypted' }], more: 2 },
  'reason.errors': { codes: ['scan-failed'] },
  'reason.pass': {},
  'reason.file-not-read': { message: 'ENOENT' },
  'pretty.findings': { count: 3 },
  'pretty.suppressed': { count: 1 },
  'pretty.suppressed-tag': {},
  'pretty.score': { score: '0.95' },
  'pretty.at': { location: 'body, line 1:1' },
  'pretty.suppressed-by': { by: 'waiver', reason: 'training text', approvedBy: 'Li', expires: '2030-01-01' },
  'pretty.not-read': {},
  'pretty.unread-item': { where: 'page 2', reason: 'ocr-empty', detail: 'the picture has ink but no text was read' },
  'pretty.error': {},
  'error.line': { code: 'worker-crashed', message: "file: the reader's worker thread died" },
  'pretty.head': { version: '0.1.0', files: 4, duration: '1.2 s' },
  'pretty.table-head': {},
  'pretty.counts': { findings: 3, suppressed: 1, unread: 2, errors: 0 },
  'pretty.passing-hidden': { count: 2 },
  'pretty.interrupted': { count: 1 },
  duration: { ms: 65_000 },
  'html.title': { block: 1, review: 2, pass: 3 },
  'html.heading': {},
  'html.summary': { files: 3, duration: '2 s', findings: 4, suppressed: 0, unread: 1, errors: 0 },
  'html.legend-verdict': {},
  'html.legend-category': {},
  'html.columns': {},
  'html.not-read': {},
  'html.suppressed': {},
  'html.score': { score: '0.50' },
  'html.showing': {},
  'explain.list': {},
  'explain.term-line': {},
  'explain.default-severity': { severity: 'block' },
  'explain.detector': { summary: 'Chinese state-secret markings' },
  'explain.finds': {},
  'explain.why': {},
  'explain.waive': {},
  'explain.more': { anchor: 'rule-marking-cn-lower' },
  'explain.unknown': { id: 'nope' },
  'rule.title': { id: 'pii.email', text: 'E-mail address' },
  'rule.finds': { id: 'pii.email', text: "A person's e-mail address." },
  'rule.why': { id: 'unread', text: 'prepub fails closed.' },
  'rule.waive': { id: 'error', text: 'Fix the cause.' },
  'rule.waive-generic': {},
  'rule.term-title': { category: 'project' },
  'rule.term-finds': { category: 'project' },
  'rule.term-why': {},
  'rule.term-waive': {},
  'cli.description': {},
  'cli.help-after-error': {},
  'cli.exit-codes-all': {},
  'cli.exit-codes': {},
  'cli.lang-option': {},
  'cli.bad-lang': { value: 'fr' },
  'cli.internal-error': { detail: 'boom' },
  'cli.interrupted': {},
  'cli.no-files': {},
  'cli.excluded-folders': { count: 2, folders: 'site/.git, site/node_modules' },
  'cli.stdin-once': {},
  'cli.scanner-not-loaded': { detail: 'module not found' },
  'cli.scanner-not-started': { detail: 'bad dictionary' },
  'cli.scanning': { path: 'a.docx' },
  'cli.written': { files: 3, block: 1, review: 1, pass: 1, format: 'json', output: 'out.json' },
  'cli.int-min': { flag: '--port', min: 1, value: 'x' },
  'cli.int-range': { flag: '--concurrency', min: 1, max: 64, value: '0' },
  'cli.help': { key: 'x', text: 'policy file: thresholds, allowlist, waivers' },
  'serve.listening': { url: 'http://127.0.0.1:8731' },
  'serve.stopping': {},
  'serve.stopped': {},
  'serve.could-not-start': { message: 'EADDRINUSE' },
  'serve.bad-setting': { message: 'PREPUB_TOKENS is not set' },
  'serve.token-format': { shown: 'ops' },
  'serve.no-tokens': {},
  'serve.token-name': { name: 'a b' },
  'serve.token-twice': { name: 'ops' },
  'serve.token-short': { name: 'ops' },
  'serve.quarantine-verdicts': { value: 'maybe' },
  'audit.verified': { records: 12, head: 'ab12' },
  'audit.broken': { seq: 2, reason: 'record content does not match its hash (altered)' },
  'audit.no-record': { id: 7 },
  'worker.taking': { url: 'redis://127.0.0.1:6379', grace: 30000 },
  'worker.stopping': {},
  'worker.stopped': { completed: 3, failed: 1, returned: 0 },
  'worker.could-not-start': { message: 'ECONNREFUSED' },
  'submit.stdin': {},
  'submit.bad-batch': { value: 'a b' },
  'submit.nothing': {},
  'submit.summary': { batch: 'b1', items: 5, enqueued: 3, cached: 1, queued: 1, revived: 0, unreadable: 0, profile: 'p1' },
  'submit.follow': { url: 'redis://q', batch: 'b1' },
  'status.progress': { batch: 'b1', done: 2, active: 1, waiting: 2, retrying: 0, dead: 0, unreadable: 0, total: 5 },
  'status.no-batch': { batch: 'b1', url: 'redis://q' },
  'queue.written': { files: 3, block: 1, review: 1, pass: 1, format: 'json', output: 'out.json' },
  'queue.unreachable': { message: 'cannot reach Redis at redis://127.0.0.1:6390: connect ECONNREFUSED' },
  'init.exists': { file: 'prepub.config.json' },
  'init.wrote': { file: '/work/prepub.config.json' },
  'queue.required': {},
  'queue.bad-url': { value: 'http://x' },
  'cli.whole-number': { flag: '--max-pages', min: 1, max: 100, value: '0' },
  'crawl.bad-start': { value: 'ftp://x' },
  'crawl.progress': { state: 'queued', url: 'https://example.gov.cn/a.html' },
  'crawl.submitted': { pages: 3, files: 2, batch: 'crawl-1' },
  'crawl.summary': { pages: 3, files: 2, outOfScope: 4, scope: 'https://example.gov.cn/', robots: 'applied' },
  'crawl.linked-from': {},
  'crawl.off-site': { count: 2 },
  'bench.head': { corpus: 'samples', files: 10, correct: 9, accuracy: '90.0%' },
  'bench.misses': { count: 1 },
  'bench.false-alarms': { count: 2 },
  'bench.wrong-file': { path: 'a.docx', expected: 'block', actual: 'pass', note: 'marking in header' },
  'bench.reason': { reason: 'read completely' },
  'bench.not-read': { count: 1 },
  'bench.throughput': { filesPerSec: '2.00', mbPerSec: '1.50', pagesPerSec: '5.00', wall: '4.0', p50: 300, p95: 900 },
  'config.unknown-key': { at: 'prepub.config.json:3:5', key: 'limts', hint: 'limits' },
  'config.enum': { at: 'prepub.config.json:2:11', name: 'failOn', allowed: ['"review"', '"block"'] },
  'config.required': { at: 'policy.json:4:7', name: 'waivers[0]', missing: 'reason' },
  'config.text-or-pattern': { at: 'policy.json:4:7', name: 'allowlist[0]' },
  'config.invalid': { at: 'prepub.config.json:2:18', name: 'concurrency', keyword: 'type', params: { type: 'integer' }, message: 'must be integer' },
  'config.not-valid-policy': { at: 'policy' },
  'config.schema-mismatch': { file: 'prepub.config.json', schema: 'config.schema.json' },
  'config.unknown-rule': { at: 'policy.json:3:5', id: 'pii.emial', hint: 'pii.email', explain: true },
  'config.invalid-json': { at: 'prepub.config.json:1:3', code: 'PropertyNameExpected' },
  'config.policy-not-found': { file: 'policy.json' },
  'config.policy-unreadable': { file: 'policy.json', message: 'EACCES' },
  'config.cannot-read': { file: 'x.json' },
  'config.no-prepub-key': { file: 'package.json' },
  'config.dictionary-not-found': { file: 'terms.txt' },
  'policy.thresholds': {},
  'policy.unread': {},
  'policy.allow-needs-text': { index: 0 },
  'policy.allow-needs-reason': { index: 0 },
  'policy.bad-pattern': { index: 1, message: 'Unterminated group' },
  'policy.waiver-fields': { index: 2 },
  'review.item': { kind: 'attachment', index: 0, filename: 'a.docx', text: 'not read completely' },
  'review.not-read': {},
  'review.empty': {},
  'server.error': { code: 'busy', message: 'all scan slots are taken; retry after 2 s', params: { retryAfter: 2 } },
};

/** Every string inside `v` (parameter values), to take out of a text before looking for CJK. */
function strings(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(strings);
  if (v && typeof v === 'object') return Object.values(v).flatMap(strings);
  return [];
}

function withoutParams(text: string, params: unknown): string {
  let out = text;
  for (const s of strings(params).sort((a, b) => b.length - a.length)) if (s) out = out.split(s).join('');
  return out;
}

describe('message catalogues', () => {
  it('have the same ids in both languages', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(SAMPLES).sort()).toEqual(Object.keys(en).sort());
  });

  it.each(Object.keys(en) as MessageId[])('%s: Chinese text in zh, no Chinese of its own in en', (id) => {
    const params = SAMPLES[id];
    const z = renderMessage('zh', { id, params });
    const e = renderMessage('en', { id, params });
    expect(z.trim()).not.toBe('');
    expect(e.trim()).not.toBe('');
    expect(hasCjk(z), `zh ${id}: ${z}`).toBe(true);
    expect(z).not.toBe(e);
    // English may quote the document (parameters) and the Chinese terms of the trade it names
    // inside its own prose (a detector's English title), but never says anything in Chinese itself.
    expect(hasCjk(withoutParams(e, params)), `en ${id}: ${e}`).toBe(false);
  });

  it('translates every cue the detectors can record', () => {
    // Cue ids are written in the detectors' sources as literals and in the form tables.
    const dir = path.join(import.meta.dirname, '..', 'src', 'detectors');
    const literal = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.ts'))) {
      const src = readFileSync(path.join(dir, f), 'utf8');
      for (const m of src.matchAll(/\.add\('((?:[^'\\]|\\.)+)'/g)) literal.add(m[1].replace(/\\'/g, "'"));
      for (const m of src.matchAll(/\? '([^']+)' : '([^']+)', alone \?/g)) (literal.add(m[1]), literal.add(m[2]));
      for (const m of src.matchAll(/placed(?:: | = )'([^']+)'/g)) literal.add(m[1]);
      // Placements chosen by a condition: `placed = cond ? 'a' : 'b'`, or passed to a helper.
      for (const m of src.matchAll(/(?:letterSpaced\([^)]*\)|placed = [^;\n]{0,60}?) \? '([^']+)' : '([^']+)'/g)) (literal.add(m[1]), literal.add(m[2]));
      for (const m of src.matchAll(/\b(?:standing|joined|broken)\w*\([^;\n]*?, '([^']{6,})'\)/g)) literal.add(m[1]);
      for (const m of src.matchAll(/(?:forms, (?:false|true), |letterSpaced\(c\.s\) \? )'([^']+)'(?: : '([^']+)')?/g)) (literal.add(m[1]), m[2] && literal.add(m[2]));
      for (const m of src.matchAll(/, \d\.\d+, '([^']+)', '(?:block|review)'\)/g)) literal.add(m[1]);
    }
    const cues = [
      ...literal,
      ...Object.values(CN_MARKING_CUES).map((c) => c.label),
      ...Object.values(CN_GRAMMAR_CUES),
      // Cues with a value in them.
      ...['alone-line', 'alone-cell', 'field', 'line-start', 'short-line', 'sentence'].map((p) => `placement: ${p}`),
      'in a header', 'in a table-cell', 'in the page footer', 'hidden from readers (comment): at least review',
      '12 more marking.foreign findings in this part are not listed', '"(A)" is a label in a lettered list', 'Luhn check passes', 'one of 4 in this part: a list of people',
      'written with Cyrillic or Greek letters that look Latin (SЕCRЕT): read as Latin',
      'written with Latin letters that look Cyrillic (CEKPETHO): read as Cyrillic',
    ];
    expect(literal.size).toBeGreaterThan(25);
    for (const cue of cues) {
      const z = t('zh', 'cue', { cue });
      expect(hasCjk(z) && z !== cue, `cue without Chinese: "${cue}"`).toBe(true);
    }
    // Every entry of the table is a cue something records (none left over from removed cues).
    for (const key of Object.keys(CUE_ZH)) expect(cues, key).toContain(key);
  });

  it('names every marking form, foreign form and personal-data rule in Chinese', () => {
    for (const f of CN_MARKING_FORMS) expect(CN_FORM_ZH, f.id).toHaveProperty([f.id]);
    for (const f of FOREIGN_FORMS) expect(FOREIGN_FORM_ZH, f.id).toHaveProperty([f.id]);
    const pii = BUILTIN_DETECTORS.find((d) => d.id === 'pii')!;
    for (const r of rulesOf(pii)) expect(PII_ZH, r.id).toHaveProperty([r.id]);
  });

  it('documents every built-in rule in Chinese', () => {
    const ids = [...BUILTIN_DETECTORS.flatMap((d) => rulesOf(d).map((r) => r.id)), 'unread', 'error'];
    expect(Object.keys(RULE_ZH).sort()).toEqual([...ids].sort());
    for (const [id, doc] of Object.entries(RULE_ZH)) {
      for (const text of [doc.title, doc.finds, doc.why]) expect(hasCjk(text), `${id}: ${text}`).toBe(true);
    }
  });
});

/** Documents that make every detector speak (the forms' own examples among them). */
const TEXTS = [
  '000012\n机密★5年\n特急\n\n关于做好重点项目调度工作的通知\n',
  '内部资料 注意保存\n\n2024年度工作要点\n',
  'TOP SECRET//NOFORN\n\nSubject: exercise plan\n\nTOP SECRET//NOFORN\n',
  'Classified By: J. Smith\nDerived From: SCG 12\nDeclassify On: 20401231\n',
  '联系人：张三，手机 13812345678，身份证 11010519491231002X，邮箱 zhangsan@example.com\n',
  ...CN_MARKING_FORMS.flatMap((f) => f.examples.filter((e) => e.expect !== 'none').map((e) => e.text)),
  ...FOREIGN_FORMS.flatMap((f) => f.examples),
];

describe('findings speak both languages', () => {
  const findings: Finding[] = TEXTS.flatMap((text) => findingsOf(text));

  it('every finding of every detector carries a message id that renders in Chinese', () => {
    const rules = new Set(findings.map((f) => f.ruleId));
    for (const r of ['marking.cn-state-secret', 'marking.cn-lower', 'marking.foreign', 'pii.mobile', 'pii.cn-id-card', 'pii.email']) expect(rules).toContain(r);
    for (const f of findings) {
      expect(f.messageRef, f.message).toBeDefined();
      // The English rendering is exactly what the scanner wrote.
      expect(findingMessage('en', f)).toBe(f.message);
      const z = findingMessage('zh', f);
      expect(hasCjk(withoutParams(z, f.messageRef!.params)), z).toBe(true);
      for (const c of f.explanation.cues) expect(hasCjk(t('zh', 'cue', { cue: c.cue })), c.cue).toBe(true);
    }
  });

  it('a finding in content readers do not see says so in both languages', () => {
    const [f] = findingsOf([{ id: 'comments', role: 'comment', text: '机密★5年\n', origin: {}, leading: false }], 'marking.cn-state-secret');
    expect(f.message).toBe('State-secret marking 机密★5年 (机密, 5年) — in comment content a reader does not see');
    expect(findingMessage('en', f)).toBe(f.message);
    expect(findingMessage('zh', f)).toBe('国家秘密标志 机密★5年（密级：机密，保密期限：5年）——位于读者看不到的批注中');
  });

  it('a result localized to Chinese and back to English is the original', () => {
    for (const text of TEXTS.slice(0, 5)) {
      const fs = findingsOf(text);
      const verdict: Verdict = fs.some((f) => f.severity === 'block') ? 'block' : fs.length ? 'review' : 'pass';
      const result: LocalizableResult = { verdict, reasons: [], findings: fs, suppressed: [], coverage: { unread: [] }, errors: [], policyVersion: 'x' };
      const zhResult = localizeResult(result, 'zh');
      expect(zhResult.reasons.every(hasCjk)).toBe(true);
      expect(zhResult.findings.map((f) => f.ruleId)).toEqual(fs.map((f) => f.ruleId));
      const back = localizeResult(zhResult, 'en');
      expect(back.findings.map((f) => f.message)).toEqual(fs.map((f) => f.message));
    }
  });
});

describe('choosing the language', () => {
  it('reads the locale in POSIX order', () => {
    expect(langFromEnv({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(langFromEnv({ LC_MESSAGES: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' })).toBe('zh');
    expect(langFromEnv({ LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(langFromEnv({ LC_ALL: 'zh_CN.GB18030' })).toBe('zh');
    expect(langFromEnv({ LANG: 'C.UTF-8' })).toBe('en');
    expect(langFromEnv({ LC_ALL: '', LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(langFromEnv({})).toBe('en');
  });

  it('reads Accept-Language by preference', () => {
    expect(langFromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(langFromAcceptLanguage('en-US,en;q=0.9,zh-CN;q=0.5')).toBe('en');
    expect(langFromAcceptLanguage('fr-FR, zh;q=0.3')).toBe('zh');
    expect(langFromAcceptLanguage('fr-FR')).toBeUndefined();
    expect(langFromAcceptLanguage('zh;q=0, en')).toBe('en');
    expect(langFromAcceptLanguage(undefined)).toBeUndefined();
  });

  it('never throws on any header or value', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const a = langFromAcceptLanguage(s);
        const p = parseLang(s);
        return (a === undefined || a === 'zh' || a === 'en') && (p === undefined || p === 'zh' || p === 'en');
      }),
    );
  });
});
