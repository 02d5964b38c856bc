/**
 * The English message catalogue: one function per message id, its parameter types the contract
 * every language must keep (`zh.ts` is checked against {@link Messages}, so a message missing there
 * does not compile). Machine words (rule ids, verdicts, reasons, cue ids, JSON keys) are never
 * translated; only what a person reads goes through here.
 */
import type { FindingLocation, LossKind, PartRole, Severity, UnreadReason, Verdict } from '../types.ts';

const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

/** `12,40 180×24 px` */
function box(b: NonNullable<FindingLocation['box']>): string {
  const r = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return `${r(b.x)},${r(b.y)} ${r(b.width)}×${r(b.height)} ${b.unit}`;
}

const catalogue = {
  // ---- words ------------------------------------------------------------------------------
  'verdict': (p: { verdict: Verdict }) => p.verdict,
  'severity': (p: { severity: Severity }) => p.severity,
  'role': (p: { role: PartRole | string }) => p.role,
  'unread.reason': (p: { reason: UnreadReason | string }) => p.reason,
  /** Where an unread item sits (`page 3`, `file`, a part name): machine words stay, known shapes read in the language. */
  'unread.where': (p: { where: string }) => p.where,
  'category': (p: { category: string }) =>
    ({
      'classification-marking': 'state-secret markings',
      'lower-marking': 'lower markings',
      'foreign-marking': 'foreign markings',
      'sensitive-term': 'sensitive terms',
      'personal-data': 'personal data',
      'unread-content': 'not read',
    })[p.category] ?? p.category,
  'location': (p: { location: FindingLocation }) => {
    const l = p.location;
    const bits: string[] = [];
    bits.push(l.role === l.part ? l.part : `${l.role} ${l.part}`);
    if (!l.visible) bits.push('(not visible)');
    if (l.container?.length) bits.push(`in ${l.container.join(' › ')}`);
    if (l.page !== undefined) bits.push(`page ${l.page}`);
    bits.push(`line ${l.line}:${l.column}`);
    if (l.paragraph !== undefined) bits.push(`${l.blockKind === 'ocr-line' ? 'ocr line' : 'paragraph'} ${l.paragraph}`);
    if (l.cell) bits.push(`cell r${l.cell.row}c${l.cell.column}`);
    bits.push(`chars ${l.start}-${l.end}`);
    if (l.box) bits.push(`box ${box(l.box)}`);
    return bits.join(', ');
  },

  // ---- finding messages (carried on findings as `messageRef`, rendered in the report's language) --
  'finding.cn-state-secret': (p: { marking: string; level: string; period?: string; until?: string }) =>
    `State-secret marking ${p.marking} (${p.level}${p.period ? `, ${p.period}` : p.until ? `, until ${p.until}` : ''})`,
  /** A marking form of the Chinese taxonomy; `title` is the form's own English title. */
  'finding.cn-form': (p: { form: string; title: string; matched: string }) => `${p.title}: ${p.matched}`,
  'finding.cn-lower': (p: { marking: string }) => `Lower marking ${p.marking}: not a state secret, but it says the document is not for publication`,
  'finding.cn-lower-form': (p: { form: string; title: string; matched: string }) => `${p.title}: ${p.matched} — the document says it is not for publication`,
  /** A foreign marking form; `label` is the form's own English label. */
  'finding.foreign': (p: { form: string; label: string; shown: string }) => `${p.label}: ${p.shown}`,
  'finding.foreign-block': (p: { form: 'us-authority-block' | 'us-cui-block' }) =>
    p.form === 'us-authority-block' ? 'US classification authority block (Classified By / Declassify On)' : 'US CUI designation indicator (Controlled By / CUI Category)',
  /** `count`: how many of this kind the part holds. */
  'finding.pii': (p: { rule: string; what: string; count?: number }) => `${p.what} — personal data must be reviewed before publication${p.count !== undefined ? ` (${p.count} in this part)` : ''}`,
  'finding.term': (p: { term: string; category: string; note?: string }) => `Dictionary term "${p.term}" (${p.category})${p.note ? `: ${p.note}` : ''}`,
  /** Appended to the message of a finding in content a reader does not see. */
  'finding.hidden': (p: { message: string; role: string }) => `${p.message} — in ${p.role} content a reader does not see`,
  /** A score cue (`explanation.cues[].cue`, a machine id in English) in words. */
  'cue': (p: { cue: string }) => p.cue,

  // ---- unread details (carried on unread items as `detailRef`, rendered in the report's language) --
  // `detail` keeps the reader's English sentence for machines; these say the same in the report's language.
  /** A loss the reader counted (`Loss.kind`, a machine word), e.g. glyphs without Unicode, undecodable bytes. */
  'unread.detail.loss': (p: { kind: LossKind | string; count: number; total?: number }) => {
    const of = p.total !== undefined ? ` of ${p.total}` : '';
    switch (p.kind) {
      case 'undecodable-bytes': return `${plural(p.count, 'byte')}${of} did not decode as text; what they say may be wrong or missing`;
      case 'unmapped-glyphs': return `${p.count}${of} glyphs have no Unicode mapping (the font gives no text for them); what they say was not read`;
      case 'failed-stream': return `${plural(p.count, 'stream')}${of} could not be read`;
      case 'skipped-frames': return `${plural(p.count, 'frame')}${of} of a picture were not read`;
      case 'skipped-pages': return `${plural(p.count, 'page')}${of} were not read`;
      case 'entry-mismatch': return `the package's directory and its entries disagree (${p.count}${of}); a reader may show content other than what was read`;
      case 'duplicate-entry': return `the package holds ${p.count}${of} entries of the same name; a reader may show any of them`;
      case 'unreadable-object': return `${plural(p.count, 'object')}${of} could not be read`;
      case 'low-text-quality': return `the text holds ${p.count}${of} characters that are not text (replacement, private-use, broken or control characters): content was lost`;
      default: return `${p.count}${of} pieces of content could not be turned into text`;
    }
  },
  'unread.detail.encrypted': (_p: Record<string, never>) => 'encrypted or password-protected: the content cannot be read without the password or key',
  'unread.detail.corrupt': (p: { message?: string }) => `the file or part is damaged and could not be read${p.message ? `: ${p.message}` : ''}`,
  'unread.detail.cut-short': (_p: Record<string, never>) => 'cut short: the rest of it is missing and could not be read',
  'unread.detail.undecodable': (_p: Record<string, never>) => 'bytes that do not decode in the text\'s encoding: that text may be wrong or missing',
  'unread.detail.wrong-format': (_p: Record<string, never>) => 'the file does not begin as its format requires; it could not be read as that format',
  'unread.detail.pages-missing': (_p: Record<string, never>) => 'the page tree does not reach every page the file holds: damaged or removed pages were not read',
  'unread.detail.ocr-page-limit': (p: { limit: number }) => `not rendered for OCR: more than ${p.limit} pages of this file need OCR`,
  'unread.detail.checksum': (_p: Record<string, never>) => 'does not match its checksum: it is damaged or was altered, and a reader may show something else than what was read',
  'unread.detail.inflate-error': (_p: Record<string, never>) => 'its compressed data could not be inflated (damaged)',
  'unread.detail.not-well-formed': (_p: Record<string, never>) => 'not well-formed XML: what the damage hides cannot be told, so the part is not counted as read',
  'unread.detail.missing-part': (_p: Record<string, never>) => 'the document names a part the file does not contain; what it shows could not be read',
  'unread.detail.directory-damaged': (_p: Record<string, never>) => "the package's directory is damaged; only the entries recovered from what remains were read",
  'unread.detail.file-too-large': (p: { bytes: number; limit: number }) => `${p.bytes} bytes is over the file size limit of ${p.limit} bytes`,
  'unread.detail.inflate-limit': (p: { limit?: number }) => `unpacking went past the limit${p.limit !== undefined ? ` of ${p.limit} bytes` : ''} (or a zip bomb ratio); the rest was not read`,
  'unread.detail.entry-limit': (p: { limit?: number }) => `the archive has more entries than the limit${p.limit !== undefined ? ` of ${p.limit}` : ''}`,
  'unread.detail.nesting-limit': (p: { depth?: number }) => `nested deeper than the limit${p.depth !== undefined ? ` of ${p.depth} levels` : ''}; it was not read`,
  'unread.detail.text-limit': (p: { limit?: number }) => `the text limit${p.limit !== undefined ? ` of ${p.limit} characters` : ''} was reached; text beyond it was not read`,
  'unread.detail.page-limit': (p: { pages?: number; limit?: number }) =>
    `${p.pages !== undefined ? `${p.pages} pages; ` : ''}only the first ${p.limit ?? 'pages'} were read (page limit)`,
  'unread.detail.frame-limit': (p: { count: number; limit: number; unit: 'frame' | 'page' }) =>
    `the picture has ${p.count} ${p.unit}s; those after the first ${p.limit} were not read`,
  'unread.detail.glyph-limit': (p: { limit: number }) => `glyphs beyond the limit of ${p.limit} per page were not read`,
  'unread.detail.memory-limit': (_p: Record<string, never>) => 'reading it used more memory than allowed and was stopped',
  'unread.detail.limit': (_p: Record<string, never>) => 'over a limit; the rest was not read',
  'unread.detail.timeout': (p: { ms?: number }) => `reading took longer than ${p.ms !== undefined ? `${p.ms} ms` : 'the time limit'} and was stopped`,
  'unread.detail.page-timeout': (p: { page?: number; ms?: number }) =>
    `${p.page !== undefined ? `page ${p.page}` : 'these pages'} not finished ${p.ms !== undefined ? `within ${p.ms} ms` : 'before the file time limit ran out'}`,
  'unread.detail.crashed': (p: { message?: string }) => `the reader's worker died while reading it${p.message ? ` (${p.message})` : ''}`,
  'unread.detail.aborted': (_p: Record<string, never>) => 'the scan was cancelled before this was read',
  'unread.detail.empty': (_p: Record<string, never>) => 'the file is empty: there is nothing to review, and an empty upload is not a document',
  'unread.detail.ocr-off': (_p: Record<string, never>) => 'a picture was not read: OCR is turned off',
  'unread.detail.ocr-not-started': (p: { message?: string }) => `a picture was not read: OCR could not start${p.message ? ` (${p.message})` : ''}`,
  'unread.detail.ocr-failed': (p: { message?: string }) => `OCR could not read this picture${p.message ? `: ${p.message}` : ''}`,
  'unread.detail.ocr-timeout': (p: { ms?: number }) => `OCR of this picture did not finish${p.ms !== undefined ? ` within ${p.ms} ms` : ''}`,
  'unread.detail.ocr-empty': (p: { ink?: string }) =>
    `OCR found no text on a picture with ink${p.ink ? ` (${p.ink}% of it)` : ''}; handwriting or distorted text there was missed`,
  'unread.detail.ocr-low-confidence': (p: { line?: number; confidence?: number }) =>
    `OCR read ${p.line !== undefined ? `line ${p.line}` : 'a line'} near the top of the page with only ${p.confidence ?? '?'}% confidence; a marking there may be misread`,
  'unread.detail.picture-format': (_p: Record<string, never>) => 'a picture in a format OCR does not read; what it shows was not read',
  'unread.detail.unsupported-format': (_p: Record<string, never>) => 'a format or object prepub does not read; its content was not scanned',
  'unread.detail.embedded-object': (_p: Record<string, never>) => 'an embedded object whose content was not scanned',
  'unread.detail.reader-failed': (p: { format: string; message?: string }) => `the ${p.format} reader failed${p.message ? `: ${p.message}` : ''}`,
  'unread.detail.read-incomplete': (p: { message?: string }) => `could not be read completely${p.message ? `: ${p.message}` : ''}`,
  'unread.detail.render-failed': (p: { message?: string }) => `pictures could not be rendered for OCR${p.message ? `: ${p.message}` : ''}`,
  'unread.detail.not-checked': (p: { message?: string }) => `the text was read but not checked${p.message ? `: ${p.message}` : ''}`,
  'unread.detail.scan-failed': (p: { message?: string }) => `scanning failed${p.message ? `: ${p.message}` : ''}`,
  'unread.detail.file-not-read': (p: { message?: string }) => `the file was not read${p.message ? `: ${p.message}` : ''}`,
  'unread.detail.robots': (_p: Record<string, never>) => 'robots.txt disallows fetching it, so it was not read',
  'unread.detail.out-of-scope': (_p: Record<string, never>) => 'redirected outside the crawl\'s scope; not read',
  'unread.detail.crawl-limit': (p: { at: string }) => `not read: the crawl stopped at ${p.at}`,
  'unread.detail.script-pages': (p: { count: string; last: string }) => `not fetched: the first of ${p.count} list pages (to ${p.last}) the page's scripts draw past the pages a crawl follows; none of them was read`,
  'unread.detail.excluded': (p: { folders: string; count: string }) => `not read: the default excludes (.git, node_modules, .hg, .svn) kept ${p.folders} inside the scanned folder out of the scan, holding ${p.count} file(s)`,
  'unread.detail.ignored': (p: { count: string; listed: string }) => `not read: this ignore file, inside the scanned folder, kept ${p.count} entries out of the scan: ${p.listed}`,
  'unread.detail.dead-letter': (p: { attempts?: string; last?: string }) =>
    `every attempt to scan it failed${p.attempts ? ` (${p.attempts} attempts${p.last ? `; last: ${p.last}` : ''})` : ''}`,
  'unread.detail.no-such-file': (_p: Record<string, never>) => 'no such file or folder',
  'unread.detail.no-permission': (_p: Record<string, never>) => 'no permission to read it',
  'unread.detail.lost': (_p: Record<string, never>) => 'neither a result nor a job was found for it (the queue lost it): submit it again',
  /** Fallback from the reason when a reader's sentence is too specific to translate; reports add the sentence itself. */
  'unread.detail.generic': (p: { reason: UnreadReason | string }) => `not read completely (${p.reason})`,
  /** A translated detail followed by the reader's own sentence, where the translation says less. */
  'unread.detail.with-original': (p: { text: string; original: string }) => `${p.text} (${p.original})`,

  // ---- verdict reasons ----------------------------------------------------------------------
  'reason.block': (p: { count: number; rules: string[] }) => `${p.count} finding(s) at block severity: ${p.rules.join(', ')}`,
  'reason.review': (p: { count: number; rules: string[] }) => `${p.count} finding(s) need review: ${p.rules.join(', ')}`,
  'reason.unread': (p: { items: Array<{ where: string; reason: string }>; more: number }) =>
    `not completely read: ${p.items.map((u) => `${u.where} (${u.reason})`).join('; ')}${p.more > 0 ? ` and ${p.more} more` : ''}`,
  'reason.errors': (p: { codes: string[] }) => `errors while scanning: ${p.codes.join(', ')}`,
  'reason.pass': (_p: Record<string, never>) => 'read completely; no finding at review or block severity',
  'reason.file-not-read': (p: { message: string }) => `The file was not read: ${p.message}`,

  // ---- the pretty report ----------------------------------------------------------------------
  'pretty.findings': (p: { count: number }) => `${plural(p.count, 'finding')}:`,
  'pretty.suppressed': (p: { count: number }) => `${p.count} suppressed:`,
  'pretty.suppressed-tag': (_p: Record<string, never>) => '[suppressed]',
  'pretty.score': (p: { score: string }) => `score ${p.score}`,
  'pretty.at': (p: { location: string }) => `at ${p.location}`,
  'pretty.suppressed-by': (p: { by: string; reason: string; approvedBy?: string; expires?: string }) =>
    `suppressed by ${p.by}: ${p.reason}${p.approvedBy ? `, approved by ${p.approvedBy}` : ''}${p.expires ? `, until ${p.expires}` : ''}`,
  'pretty.not-read': (_p: Record<string, never>) => 'not read',
  'pretty.unread-item': (p: { where: string; reason: string; detail: string }) => `${p.where}: ${p.reason} — ${p.detail}`,
  'pretty.error': (_p: Record<string, never>) => 'error',
  /** A scan error in a report: its code (a machine word) and the English message with its details. */
  'error.line': (p: { code: string; message: string }) => `${p.code}: ${p.message}`,
  'pretty.head': (p: { version: string; files: number; duration: string }) => `prepub ${p.version} — ${plural(p.files, 'file')} in ${p.duration}`,
  'pretty.table-head': (_p: Record<string, never>) => 'verdict  files',
  'pretty.counts': (p: { findings: number; suppressed: number; unread: number; errors: number }) =>
    `findings ${p.findings}, suppressed ${p.suppressed}, unread items ${p.unread}, errors ${p.errors}`,
  'pretty.passing-hidden': (p: { count: number }) => `${plural(p.count, 'passing file')} not listed (--verbose lists them)`,
  'pretty.interrupted': (p: { count: number }) => `interrupted: ${plural(p.count, 'file')} not finished (aborted, reported review)`,
  'duration': (p: { ms: number }) =>
    p.ms < 1000 ? `${Math.round(p.ms)} ms` : p.ms < 60_000 ? `${(p.ms / 1000).toFixed(1)} s` : `${Math.floor(Math.round(p.ms / 1000) / 60)} min ${Math.round(p.ms / 1000) % 60} s`,

  // ---- the HTML report ------------------------------------------------------------------------
  'html.title': (p: { block: number; review: number; pass: number }) => `prepub report — ${p.block} block, ${p.review} review, ${p.pass} pass`,
  'html.heading': (_p: Record<string, never>) => 'prepub pre-publication review',
  'html.summary': (p: { files: number; duration: string; findings: number; suppressed: number; unread: number; errors: number }) =>
    `${p.files} files scanned in ${p.duration} · ${p.findings} findings · ${p.suppressed} suppressed · ${p.unread} unread items · ${p.errors} errors`,
  'html.legend-verdict': (_p: Record<string, never>) => 'verdict',
  'html.legend-category': (_p: Record<string, never>) => 'category',
  'html.columns': (_p: Record<string, never>) => 'rule|severity|location|excerpt|message|box',
  'html.not-read': (_p: Record<string, never>) => 'Not read',
  'html.suppressed': (_p: Record<string, never>) => 'suppressed',
  'html.score': (p: { score: string }) => `score ${p.score}`,
  /** Shown by the page's filter script; `{shown}` and `{total}` are filled in the browser. */
  'html.showing': (_p: Record<string, never>) => 'showing {shown} of {total} files',

  // ---- explain ---------------------------------------------------------------------------------
  'explain.list': (_p: Record<string, never>) => 'Rules (prepub explain <rule-id> for details):',
  'explain.term-line': (_p: Record<string, never>) => 'Dictionary terms, one rule per dictionary category',
  'explain.default-severity': (p: { severity: string }) => `Default severity: ${p.severity}`,
  'explain.detector': (p: { summary: string }) => `Detector: ${p.summary}`,
  'explain.finds': (_p: Record<string, never>) => 'What it finds:',
  'explain.why': (_p: Record<string, never>) => 'Why it matters:',
  'explain.waive': (_p: Record<string, never>) => 'How to waive it:',
  'explain.more': (p: { anchor: string }) => `More: packages/cli/README.md#${p.anchor}`,
  'explain.unknown': (p: { id: string }) => `unknown rule "${p.id}". Run prepub explain to list the rules.`,
  /** A rule's prose; `text` is the English the detector documents itself with. */
  'rule.title': (p: { id: string; text: string }) => p.text,
  'rule.finds': (p: { id: string; text: string }) => p.text,
  'rule.why': (p: { id: string; text: string }) => p.text,
  'rule.waive': (p: { id: string; text: string }) => p.text,
  'rule.waive-generic': (_p: Record<string, never>) =>
    'If the finding is a false alarm, add a waiver to the policy file\'s "waivers": ' +
    '{ "fingerprint": "<the finding\'s fingerprint from the JSON report>", "reason": "…", "approvedBy": "…", "expires": "YYYY-MM-DD" }. ' +
    'The finding is then reported as suppressed and no longer changes the verdict until the waiver expires. ' +
    'Text that is always harmless (a published regulation\'s title, a public office number) goes into the ' +
    'policy\'s "allowlist" instead: { "text": "…" or "pattern": "…", "ruleId": "<rule or prefix>", "reason": "…" }. ' +
    'Run the scan with --policy <file> or name the file in prepub.config.json.',
  'rule.term-title': (p: { category: string }) => `Dictionary term of category "${p.category}"`,
  'rule.term-finds': (p: { category: string }) =>
    `Terms listed in a dictionary under the category "${p.category}" (see the README section Dictionaries), matched across width, case, traditional/simplified and separator variants.`,
  'rule.term-why': (_p: Record<string, never>) =>
    'The dictionary owner listed these terms because their appearance in published text needs a reviewer\'s eye (project code names, internal unit names, sensitive topics).',
  'rule.term-waive': (_p: Record<string, never>) => 'Remove or re-categorise the term in the dictionary if it is wrong everywhere; for one document add a waiver.',

  // ---- the command line ------------------------------------------------------------------------
  'cli.description': (_p: Record<string, never>) =>
    'Pre-publication secrecy review: finds classification markings and sensitive content in documents before they go online.',
  'cli.help-after-error': (_p: Record<string, never>) => '(add --help for usage)',
  'cli.exit-codes-all': (_p: Record<string, never>) =>
    `\nExit codes (the same meaning in every command; prepub <command> --help lists the ones it uses):\n` +
    `  0 pass / done   1 review   2 block   3 usage or config error   4 internal error\n` +
    `  5 operation failed (service could not start, audit trail or queue unreachable)   6 batch not finished   130 interrupted`,
  'cli.exit-codes': (_p: Record<string, never>) => 'Exit codes:',
  'cli.lang-option': (_p: Record<string, never>) => 'language of messages and reports: zh or en (default: the config\'s "lang", else the locale LC_ALL/LC_MESSAGES/LANG)',
  'cli.bad-lang': (p: { value: string }) => `--lang must be zh or en, got "${p.value}"`,
  'cli.internal-error': (p: { detail: string }) => `internal error: ${p.detail}`,
  'cli.interrupted': (_p: Record<string, never>) => 'interrupted, stopping…',
  'cli.no-files': (_p: Record<string, never>) => 'no files to scan (the folders are empty or everything was excluded)',
  'cli.excluded-folders': (p: { count: number; folders: string }) => `${p.count} folder${p.count > 1 ? 's were' : ' was'} not walked (default excludes: .git, node_modules, .hg, .svn): ${p.folders}; nothing in ${p.count > 1 ? 'them' : 'it'} was read (an --include pattern naming the folder, such as '**/.git/**', or the folder named on the command line reads it)`,
  'cli.stdin-once': (_p: Record<string, never>) => 'standard input (-) can be named only once',
  'cli.scanner-not-loaded': (p: { detail: string }) => `the scanner could not be loaded: ${p.detail}`,
  'cli.scanner-not-started': (p: { detail: string }) => `could not start the scanner: ${p.detail}`,
  'cli.scanning': (p: { path: string }) => `scanning ${p.path}`,
  'cli.written': (p: { files: number; block: number; review: number; pass: number; aborted?: number; format: string; output: string }) =>
    `${p.files} files: ${p.block} block, ${p.review} review, ${p.pass} pass${p.aborted !== undefined ? `, ${p.aborted} aborted` : ''}; ${p.format} report written to ${p.output}`,
  'cli.int-min': (p: { flag: string; min: number; value: string }) => `${p.flag} must be an integer of at least ${p.min}, got "${p.value}"`,
  'cli.int-range': (p: { flag: string; min: number; max: number; value: string }) => `${p.flag} must be an integer from ${p.min} to ${p.max}, got "${p.value}"`,
  /** A `--help` text of the command line (command, argument or option description), looked up by its place. */
  'cli.help': (p: { key: string; text: string }) => p.text,

  // ---- run-time messages of the service and queue commands ---------------------------------------
  'serve.listening': (p: { url: string }) => `prepub review service listening on ${p.url}`,
  'serve.stopping': (_p: Record<string, never>) => 'prepub review service stopping: finishing the requests in flight',
  'serve.stopped': (_p: Record<string, never>) => 'prepub review service stopped',
  'serve.could-not-start': (p: { message: string }) => `the service could not start: ${p.message}`,
  /** A setting of `prepub serve` the user got wrong; `message` is the service's English sentence. */
  'serve.bad-setting': (p: { message: string }) => `serve: ${p.message}`,
  'serve.token-format': (p: { shown: string }) => `PREPUB_TOKENS entry must be name:secret, got "${p.shown}…"`,
  'serve.no-tokens': (_p: Record<string, never>) => 'no API tokens configured: set PREPUB_TOKENS=name:secret (the service does not run open)',
  'serve.token-name': (p: { name: string }) => `token name "${p.name}" must be 1-64 letters, digits, . _ @ -`,
  'serve.token-twice': (p: { name: string }) => `token name "${p.name}" is used twice`,
  'serve.token-short': (p: { name: string }) => `the secret of token "${p.name}" is shorter than 16 characters`,
  'serve.quarantine-verdicts': (p: { value: string }) => `--quarantine-verdicts takes block, review, pass; got "${p.value}"`,
  'audit.verified': (p: { records: number; head: string }) => `audit trail verified: ${p.records} records, head ${p.head}`,
  /** `reason`: the audit store's English sentence (`record content does not match its hash (altered)`). */
  'audit.broken': (p: { seq: number | string; reason: string }) => `audit trail BROKEN at record ${p.seq}: ${p.reason}`,
  'audit.no-record': (p: { id: number | string }) => `no audit record ${p.id}`,
  'worker.taking': (p: { url: string; grace: number }) => `taking jobs from ${p.url}; SIGTERM or Ctrl-C stops after the jobs in flight (grace ${p.grace} ms)`,
  'worker.stopping': (_p: Record<string, never>) => 'stopping: no new jobs; waiting for the jobs in flight',
  'worker.stopped': (p: { completed: number; failed: number; returned: number }) => `stopped: ${p.completed} scanned, ${p.failed} failed attempts, ${p.returned} handed back`,
  'worker.could-not-start': (p: { message: string }) => `the worker could not start: ${p.message}`,
  'submit.stdin': (_p: Record<string, never>) => 'submit reads files, folders and URLs, not standard input',
  'submit.bad-batch': (p: { value: string }) => `--batch must be 1–128 letters, digits or . _ - @ +, got "${p.value}"`,
  'submit.nothing': (_p: Record<string, never>) => 'nothing to submit (the folders are empty or everything was excluded)',
  'submit.summary': (p: { batch: string; items: number; enqueued: number; cached: number; queued: number; revived: number; unreadable: number; profile: string }) =>
    `batch ${p.batch}: ${p.items} items; ${p.enqueued} queued now, ${p.cached} already scanned, ${p.queued} already in the queue, ${p.revived} dead letters retried, ${p.unreadable} unreadable (profile ${p.profile})`,
  'submit.follow': (p: { url: string; batch: string }) => `follow it with: prepub status --queue ${p.url} ${p.batch} --wait`,
  'status.progress': (p: { batch: string; done: number; active: number; waiting: number; retrying: number; dead: number; unreadable: number; total: number }) =>
    `batch ${p.batch}: ${p.done} scanned, ${p.active} scanning, ${p.waiting} waiting, ${p.retrying} retrying, ${p.dead} dead letters, ${p.unreadable} unreadable, of ${p.total}`,
  'status.no-batch': (p: { batch: string; url: string }) => `no batch named ${p.batch} in ${p.url}`,
  'queue.written': (p: { files: number; block: number; review: number; pass: number; format: string; output: string }) =>
    `${p.files} items: ${p.block} block, ${p.review} review, ${p.pass} pass; ${p.format} report written to ${p.output}`,
  /** `message`: the queue's English sentence (`cannot reach Redis at …: ECONNREFUSED`). */
  'queue.unreachable': (p: { message: string }) => p.message,
  'init.exists': (p: { file: string }) => `${p.file} already exists; use --force to overwrite it`,
  'init.wrote': (p: { file: string }) => `wrote ${p.file}`,
  'queue.required': (_p: Record<string, never>) => '--queue redis://HOST:PORT is required (or set PREPUB_QUEUE_URL)',
  'queue.bad-url': (p: { value: string }) => `--queue must be a redis:// URL, got "${p.value}"`,
  'cli.whole-number': (p: { flag: string; min: number; max: number; value: string }) => `${p.flag} must be a whole number from ${p.min} to ${p.max}, got "${p.value}"`,
  'crawl.bad-start': (p: { value: string }) => `the start page must be an http(s) URL, got "${p.value}"`,
  /** One resource of a crawl: `state` is a verdict, `queued` or `unread` (machine words). */
  'crawl.progress': (p: { state: string; url: string }) => `${p.state} ${p.url}`,
  'crawl.submitted': (p: { pages: number; files: number; batch: string }) => `${p.pages} pages and ${p.files} files submitted as batch ${p.batch}`,
  'crawl.summary': (p: { pages: number; files: number; outOfScope: number; scope: string; robots: string }) =>
    `Crawl: ${p.pages} pages, ${p.files} files, ${p.outOfScope} links outside ${p.scope} not followed; robots.txt ${p.robots}.`,
  'crawl.linked-from': (_p: Record<string, never>) => 'Linked from:',
  'crawl.off-site': (p: { count: number }) => `${p.count} files that pages in scope show or link to lie on another site and were not read (the crawl stays on the start page's origin); scan them on their own site:`,
  'bench.head': (p: { corpus: string; files: number; correct: number; accuracy: string }) => `prepub bench ${p.corpus}: ${p.files} files, ${p.correct} right (${p.accuracy})`,
  'bench.misses': (p: { count: number }) => `misses (${p.count}): verdict less severe than labelled`,
  'bench.false-alarms': (p: { count: number }) => `false alarms (${p.count}): verdict more severe than labelled`,
  'bench.wrong-file': (p: { path: string; expected: string; actual: string; note?: string }) => `${p.path}: expected ${p.expected}, got ${p.actual}${p.note ? ` — label: ${p.note}` : ''}`,
  'bench.reason': (p: { reason: string }) => `reason: ${p.reason}`,
  'bench.not-read': (p: { count: number }) => `files not read completely (${p.count})`,
  'bench.throughput': (p: { filesPerSec: string; mbPerSec: string; pagesPerSec?: string; ocrPagesPerSec?: string; wall: string; p50: number; p95: number }) =>
    `throughput: ${p.filesPerSec} files/s, ${p.mbPerSec} MB/s` +
    (p.pagesPerSec !== undefined ? `, ${p.pagesPerSec} pages/s` : '') +
    (p.ocrPagesPerSec !== undefined ? `, ${p.ocrPagesPerSec} OCR pages/s` : '') +
    ` (${p.wall} s wall, p50 ${p.p50} ms, p95 ${p.p95} ms per file)`,

  // ---- config and policy validation (file:line:column first; keys, values and rule ids as written) --
  /** A key no schema knows; `inside` names the object it sits in, `hint` the closest known key. */
  'config.unknown-key': (p: { at: string; key: string; inside?: string; hint?: string; known?: string[] }) =>
    `${p.at}: unknown key "${p.key}"${p.inside ? ` in ${p.inside}` : ''}${p.hint ? ` (did you mean "${p.hint}"?)` : p.known?.length ? ` (known: ${p.known.join(', ')})` : ''}`,
  /** `allowed`: the allowed values, written as JSON. */
  'config.enum': (p: { at: string; name: string; allowed: string[] }) => `${p.at}: ${p.name} must be one of ${p.allowed.join(', ')}`,
  'config.required': (p: { at: string; name: string; missing: string }) => `${p.at}: ${p.name} needs "${p.missing}"`,
  'config.text-or-pattern': (p: { at: string; name: string }) => `${p.at}: ${p.name} needs "text" or "pattern"`,
  /** Any other schema error: `keyword` and `params` are the JSON Schema validator's; `message` its English words. */
  'config.invalid': (p: { at: string; name: string; keyword: string; params: Record<string, unknown>; message?: string }) => `${p.at}: ${p.name} ${p.message ?? 'is not valid'}`,
  'config.not-valid-policy': (p: { at: string }) => `${p.at}: not a valid policy`,
  'config.schema-mismatch': (p: { file: string; schema: string }) => `${p.file}: does not match ${p.schema}`,
  'config.unknown-rule': (p: { at: string; id: string; hint?: string; explain?: boolean }) =>
    `${p.at}: unknown rule id "${p.id}"${p.hint ? ` (did you mean "${p.hint}"?)` : ''}${p.explain ? '; prepub explain lists the rules' : ''}`,
  /** `code`: the JSON parser's error code (`PropertyNameExpected`); none for an empty file. */
  'config.invalid-json': (p: { at: string; code?: string }) => `${p.at}: not valid JSON: ${p.code ?? 'empty file'}`,
  'config.policy-not-found': (p: { file: string; message?: string }) => `policy file not found: ${p.file}${p.message ? ` (${p.message})` : ''}`,
  'config.policy-unreadable': (p: { file: string; message: string }) => `cannot read policy file ${p.file}: ${p.message}`,
  'config.cannot-read': (p: { file: string; message?: string }) => `cannot read config ${p.file}: ${p.message ?? 'no such file'}`,
  'config.no-prepub-key': (p: { file: string }) => `${p.file}: has no "prepub" key`,
  'config.dictionary-not-found': (p: { file: string }) => `dictionary not found: ${p.file}`,
  'policy.thresholds': (_p: Record<string, never>) => 'thresholds: need 0 < review ≤ block ≤ 1',
  'policy.unread': (_p: Record<string, never>) => 'unread: must be "review" or "block" (unread content never passes)',
  'policy.allow-needs-text': (p: { index: number }) => `allowlist[${p.index}]: needs "text" or "pattern"`,
  'policy.allow-needs-reason': (p: { index: number }) => `allowlist[${p.index}]: needs a "reason"`,
  'policy.bad-pattern': (p: { index: number; message: string }) => `allowlist[${p.index}]: bad pattern: ${p.message}`,
  'policy.waiver-fields': (p: { index: number }) => `waivers[${p.index}]: needs fingerprint, reason, approvedBy and expires (YYYY-MM-DD)`,

  // ---- the review service ----------------------------------------------------------------------
  /** A reason line of `POST /v1/review`, naming the piece of the article it is about. */
  'review.item': (p: { kind: 'article' | 'attachment' | 'field'; index?: number; filename?: string; text: string }) =>
    `${p.kind === 'article' ? 'article' : p.kind === 'field' ? `field ${p.filename ?? ''}` : `attachment ${(p.index ?? 0) + 1} (${p.filename ?? ''})`}: ${p.text}`,
  'review.not-read': (_p: Record<string, never>) => 'not read completely',
  'review.empty': (_p: Record<string, never>) => 'nothing to review: the request held no article text and no attachment',
  /**
   * An error answer of the service; `message` is the service's English sentence with its details,
   * `params` the details other languages need (`retryAfter`, `limit`, `max`, `ms`, `what`, `field`).
   */
  'server.error': (p: { code: string; message: string; params?: Record<string, string | number> }) => p.message,
};

/** The shape every catalogue has: the English one's ids and parameter types, each returning text. */
export type Messages = { [K in keyof typeof catalogue]: (p: Parameters<(typeof catalogue)[K]>[0]) => string };

/** The English catalogue. */
export const en: Messages = catalogue;
/** A message id. */
export type MessageId = keyof Messages;
/** The parameters of message `K`. */
export type MessageParams<K extends MessageId> = Parameters<Messages[K]>[0];
