/**
 * The data that flows through prepub:
 *   bytes → extractor → {@link Extraction} (located {@link TextPart}s, unread content, images, embedded files)
 *   → normalization with an offset map → detectors → {@link Finding}s in original coordinates
 *   → policy → {@link ScanResult} with a {@link Verdict}.
 */
import type { UnreadDetailRef } from './i18n/unread.ts';
import type { UnitMemory } from './unit-arena.ts';

/** The three answers prepub gives. Ordered: pass < review < block. */
export type Verdict = 'pass' | 'review' | 'block';

/** What a finding asks for, before policy thresholds: `info` findings never change a verdict. */
export type Severity = 'block' | 'review' | 'info';

/**
 * Where a piece of text lives in a document and whether a reader sees it.
 * Roles a reader does not see are `deleted`, `hidden`, `comment`, `properties`, `metadata`,
 * `html-comment`, `alt-text` (shown only as tooltips / to screen readers) and friends:
 * see {@link isRoleVisible}.
 */
export type PartRole =
  | 'body'
  | 'title'
  | 'header'
  | 'footer'
  | 'footnote'
  | 'endnote'
  | 'comment'
  | 'deleted'
  | 'inserted'
  /**
   * A paragraph with tracked changes as it read before them (deletions back in, insertions out):
   * what the document showed before the changes, and what a view of the original shows.
   */
  | 'before-changes'
  | 'hidden'
  | 'properties'
  | 'metadata'
  | 'table-cell'
  | 'text-box'
  | 'alt-text'
  | 'annotation'
  | 'form-field'
  | 'bookmark'
  | 'field'
  | 'glossary'
  | 'html-comment'
  | 'attachment-name'
  | 'ocr'
  /** Speaker notes of a slide: in the file, not on the slide. */
  | 'notes'
  /** The name of a worksheet, shown on its tab. */
  | 'sheet-name'
  /** Text of slide layouts and masters, drawn behind every slide that uses them. */
  | 'master';

const INVISIBLE_ROLES: ReadonlySet<PartRole> = new Set<PartRole>([
  'deleted',
  'hidden',
  'comment',
  'properties',
  'metadata',
  'html-comment',
  'alt-text',
  'glossary',
  'attachment-name',
  'notes',
]);

/** Whether an ordinary reader of the published document sees text of this role. */
export function isRoleVisible(role: PartRole): boolean {
  return !INVISIBLE_ROLES.has(role);
}

/** A rectangle on a page or image. `unit` says whether it is in image pixels or PDF points. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  unit: 'px' | 'pt';
}

/**
 * Where a text part came from in the original file. Every field is optional because formats differ;
 * extractors fill what they know.
 */
export interface PartOrigin {
  /** Path of nested containers, outermost first: e.g. `['report.docx', 'word/embeddings/inner.docx']`. Filled by the scanner for nested files. */
  container?: string[];
  /** The file part inside a package: `word/header1.xml`, `docProps/core.xml`, `page 3`, `html`. */
  filePart?: string;
  /** 1-based page number (PDF, TIFF, rendered pages). */
  page?: number;
  /** Free-form detail: header type (`default`/`first`/`even`), comment author, property name, HTML selector. */
  detail?: string;
  /** Box on the page or image the whole part came from. */
  box?: Box;
}

/**
 * A layout unit inside a part's text: a paragraph, a line, a table cell, an OCR line.
 * `start`/`end` are UTF-16 offsets into {@link TextPart.text}. Blocks let detectors see structure
 * (a marking alone on its line, in a table cell, at the top of a page) and let findings name the
 * paragraph, line and box they sit in. Blocks are sorted by `start` and do not overlap.
 */
export interface Block {
  start: number;
  end: number;
  kind: 'paragraph' | 'line' | 'heading' | 'table-cell' | 'list-item' | 'text-box' | 'ocr-line';
  /** 1-based index of the paragraph / line within its part (or page for PDFs). */
  index?: number;
  page?: number;
  box?: Box;
  /** OCR confidence 0..100. */
  confidence?: number;
  /** Fraction of the page height at which the block starts (0 = top). Lets detectors see "near the top". */
  pageTop?: number;
  /** Horizontal alignment where the format tells it. */
  align?: 'left' | 'center' | 'right' | 'justify';
  /** Table cell coordinates (1-based) where applicable. */
  row?: number;
  column?: number;
  /** Word boxes inside an OCR line, offsets relative to the part text. */
  words?: Array<{ start: number; end: number; box: Box; confidence: number }>;
  /**
   * Set by an e-mail reader on a line holding an address field's display names and comments
   * (From, To, Cc … of a message, an Outlook sender's or recipient's name): its items name people
   * and offices, so a whole marking standing as one of them marks what the field names.
   * `file-name` on the file's own name, whose items are joined by `-`, `_` or spaces
   * (`机密★5年-关于……的通知.docx`): a whole marking opening it marks the file.
   */
  field?: 'address' | 'file-name';
}

/** One piece of text read from a document, with its role and origin. */
export interface TextPart {
  /** Unique within one document: `body`, `word/header1.xml`, `page-3`, `html:hidden#2`. */
  id: string;
  role: PartRole;
  text: string;
  /**
   * `text` as UTF-16 code units, when the extractor decoded into them (it must then hold exactly
   * `text`'s units). Optional: the engine reads these instead of the string, which is faster.
   */
  units?: Uint16Array;
  origin: PartOrigin;
  /** Layout units inside `text`; absent for plain text (lines are then the text's own newlines). */
  blocks?: Block[];
  /** Part-level OCR confidence (0..100) for OCR parts. */
  confidence?: number;
  /** True when the part is the first part of the document's main flow (the page where markings stand). */
  leading?: boolean;
  /**
   * Where each UTF-16 unit of `text` stands in the source, for a part whose text is a reading that
   * moves characters away from where the file stores them (a 7-bit encoding decoded, HTML text in
   * the order it is drawn): findings in it then name the source range as well.
   */
  source?: SourceMap;
}

/** Per unit of a part's text: the range `[starts[i], ends[i])` of the source that produced it. */
export interface SourceMap {
  starts: Uint32Array;
  ends: Uint32Array;
  /** What the offsets count: bytes of the file, or UTF-16 units of the decoded page. */
  unit: 'byte' | 'char';
  /** Offsets at which the source's lines start (sorted, the first 0), for line and column. */
  lineStarts?: Uint32Array;
}

/** A range of the source a finding came from: see {@link TextPart.source}. */
export interface SourceRange {
  start: number;
  end: number;
  unit: 'byte' | 'char';
  /** 1-based line and column of `start` in the source, when the part gave its line starts. */
  line?: number;
  column?: number;
}

/** Why a piece of content was not read. Any unread content keeps a verdict from being `pass`. */
export type UnreadReason =
  | 'unsupported-format'
  | 'encrypted'
  | 'corrupt'
  | 'empty'
  | 'limit'
  | 'timeout'
  | 'aborted'
  | 'ocr-unavailable'
  | 'ocr-failed'
  | 'ocr-low-confidence'
  | 'embedded-object'
  | 'text-loss'
  | 'ocr-empty'
  | 'crashed'
  | 'error';

/** A piece of content prepub did not read, and why. */
export interface UnreadItem {
  /** What was not read: `file`, `page 4`, `word/embeddings/oleObject1.bin`, `word/media/image2.png`. */
  where: string;
  reason: UnreadReason;
  /** A sentence a security officer understands (English; kept for machines and compatibility). */
  detail: string;
  /** The detail as a catalogue message, rendered in the report's language (`unreadDetail`). */
  detailRef?: UnreadDetailRef;
  /** `detail` in the language a result was localized to (set by `localizeResult` for languages other than English). */
  detailText?: string;
  origin?: PartOrigin;
}

/**
 * Content an extractor met but could not turn into text: counted, never silent. A reader's silence
 * is not evidence, so the scanner turns every loss into an {@link UnreadItem} (reason `text-loss`
 * unless `reason` says otherwise), keeping the verdict from `pass`.
 */
export interface Loss {
  /** Where in the file: `page 3`, `word/document.xml`, `frame 2`, `bytes 120-121`. */
  where: string;
  /** What kind of loss, a machine word: see {@link LossKind}. */
  kind: LossKind;
  /** How many units were lost (bytes, glyphs, streams, frames, pages, entries). */
  count: number;
  /** Out of how many, where known (lets a report say "3 of 4,000 glyphs"). */
  total?: number;
  /** A sentence a security officer understands. */
  detail: string;
  /** Overrides the unread reason the scanner records (default `text-loss`). */
  reason?: UnreadReason;
  origin?: PartOrigin;
}

export type LossKind =
  | 'undecodable-bytes'
  | 'unmapped-glyphs'
  | 'failed-stream'
  | 'skipped-frames'
  | 'skipped-pages'
  | 'entry-mismatch'
  | 'duplicate-entry'
  | 'unreadable-object'
  | 'low-text-quality'
  | 'other';

/** An image handed to OCR: a picture file, a scanned PDF page rendered to pixels, a picture inside a DOCX. */
export interface ImageRef {
  id: string;
  bytes: Uint8Array;
  /** Sniffed or declared media type: image/png, image/jpeg, image/tiff … */
  mediaType: string;
  origin: PartOrigin;
  /** For rendered PDF pages: multiply OCR pixel boxes by this to get PDF points. */
  pointsPerPixel?: number;
  /** For a crop of a rendered page (a picture on a page with text): add to the boxes, in points, to place them on the page. */
  pointsOffset?: { x: number; y: number };
  /** The unit of boxes scaled by `pointsPerPixel` (default `pt`, a PDF page's; an SVG drawing's own units are `px`). */
  boxUnit?: Box['unit'];
}

/** A file inside a file (a DOCX in a DOCX, a PDF attachment) for the scanner to scan recursively. */
export interface EmbeddedFile {
  name: string;
  bytes: Uint8Array;
  origin: PartOrigin;
}

/** What an extractor returns for one file. */
export interface Extraction {
  /** Detected format: `text`, `markdown`, `html`, `docx`, `pdf`, `image`, … */
  format: string;
  mediaType: string;
  parts: TextPart[];
  unread: UnreadItem[];
  /** Images the scanner should OCR (or report unread when OCR is off). */
  images?: ImageRef[];
  /** Nested files the scanner should scan recursively. */
  embedded?: EmbeddedFile[];
  /** What the extractor met but could not turn into text (the scanner makes each an unread item). */
  loss?: Loss[];
  /** Facts about the file worth reporting: encoding, page count. */
  info?: Record<string, string | number | boolean>;
}

/** Limits every extractor honours. Exceeding one makes content unread, never silently skipped. */
export interface Limits {
  /** Largest input file in bytes. */
  maxFileBytes: number;
  /** Largest total of inflated bytes for archives (DOCX). */
  maxInflatedBytes: number;
  /** Most entries in an archive. */
  maxArchiveEntries: number;
  /** Highest inflated/compressed ratio of one archive entry. */
  maxCompressionRatio: number;
  /** Deepest nesting of embedded files. */
  maxNestingDepth: number;
  /** Most PDF pages read. */
  maxPages: number;
  /** Time budget per page (PDF text or OCR), ms. */
  pageTimeoutMs: number;
  /** Time budget per file, ms. */
  fileTimeoutMs: number;
  /** Most characters of text per file. */
  maxTextChars: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  maxFileBytes: 200 * 1024 * 1024,
  maxInflatedBytes: 500 * 1024 * 1024,
  maxArchiveEntries: 10_000,
  maxCompressionRatio: 200,
  maxNestingDepth: 3,
  maxPages: 2_000,
  pageTimeoutMs: 30_000,
  fileTimeoutMs: 300_000,
  maxTextChars: 100_000_000,
});

/**
 * Where a reader says which step of its read is under way and hands over the text of each step it
 * finished, for a caller that can stop the reading thread from outside (the scanner's reading pool):
 * a reader may spin inside one synchronous call, where no timer of its own thread fires. The PDF
 * reader reports its pages; other readers may ignore it.
 */
export interface ReadProgress {
  /** A step begins: page `id` (1, 2, …), `-1` the annotation appearances read after the pages; `0`: none runs. */
  step(id: number): void;
  /** The parts one step (a page) added, once it has been read. */
  keep(parts: readonly TextPart[]): void;
}

/** Everything an extractor is given besides the bytes. */
export interface ExtractContext {
  filename?: string;
  /** Declared media type; a hint only, bytes decide. */
  mediaType?: string;
  limits: Limits;
  signal?: AbortSignal;
  /** Password for encrypted PDFs. */
  password?: string;
  /**
   * Memory to decode text units into instead of fresh arrays (reused from file to file: no page
   * faults on first touch). Parts may then hold views of it, valid only until its owner reuses
   * it: a caller passes one only when nothing of the extraction outlives its use of the parts.
   * A reader takes from it only synchronously (before its first await), so a reader abandoned at
   * its deadline never writes into memory its caller has handed on.
   */
  unitMemory?: UnitMemory;
  /** Where to report the read's progress (see {@link ReadProgress}); not plain data, never sent to a worker. */
  progress?: ReadProgress;
}

/** An extractor turns bytes of one format into located text parts. It never reads files or the network. */
export interface Extractor {
  /** `text`, `html`, `docx`, `pdf`, `image` … */
  format: string;
  extract(bytes: Uint8Array, ctx: ExtractContext): Promise<Extraction>;
}

/** Where a finding sits in the original document. Offsets are UTF-16 code units of the part's original text. */
export interface FindingLocation extends PartOrigin {
  part: string;
  role: PartRole;
  /** Whether a reader of the published document sees this text. */
  visible: boolean;
  start: number;
  end: number;
  /** 1-based line and column in the part text. */
  line: number;
  column: number;
  /** 1-based paragraph (or OCR line) index from the extractor's blocks. */
  paragraph?: number;
  blockKind?: Block['kind'];
  /** Table cell coordinates (1-based) when the finding sits in a table. */
  cell?: { row: number; column: number };
  /** Where the finding's text stands in the source, when the part's text moved it (see {@link TextPart.source}). */
  source?: SourceRange;
}

/** One contribution to a score: a cue and how much it moved the score. */
export interface ScoreCue {
  cue: string;
  delta: number;
}

/** Why a detector reported what it reported. */
export interface Explanation {
  /** The grammar or pattern that matched, in words. */
  pattern?: string;
  /** The normalized text the detector saw. */
  normalized?: string;
  /** The dictionary entry that matched. */
  dictionary?: { term: string; category: string; source: string; note?: string };
  /** A checksum that was verified. */
  checksum?: { algorithm: string; valid: boolean };
  /** Base score and every cue that moved it. */
  base: number;
  cues: ScoreCue[];
  /** Parsed fields: level, period, … */
  fields?: Record<string, string>;
}

/** Why a finding was suppressed. Suppressed findings are reported, not dropped. */
export interface Suppression {
  by: 'allowlist' | 'waiver';
  reason: string;
  approvedBy?: string;
  expires?: string;
  entry?: string;
}

/** One thing prepub found, located in the original and explained. */
export interface Finding {
  ruleId: string;
  category: FindingCategory;
  severity: Severity;
  /** 0..1: how sure the detector is that this is what the rule looks for. */
  score: number;
  /** What was found, in the report's language (English from the scanner unless its `lang` says otherwise). */
  message: string;
  /**
   * The message as an id of the message catalogue and its parameters, so a report renders it in
   * either language from the same scan result (`localizeResult` in `@prepub/core`).
   */
  messageRef?: { id: string; params: Record<string, unknown> };
  explanation: Explanation;
  location: FindingLocation;
  /** The text around the finding, masked unless the caller asked otherwise. */
  excerpt: string;
  /** Stable across scans of the same content: used by waivers. */
  fingerprint: string;
  suppressed?: Suppression;
}

export type FindingCategory =
  | 'classification-marking'
  | 'lower-marking'
  | 'foreign-marking'
  | 'sensitive-term'
  | 'personal-data'
  | 'unread-content';

/** What OCR returns for one image: located text parts (role `ocr`) or the reason it could not read. */
export interface OcrOutcome {
  parts: TextPart[];
  unread: UnreadItem[];
  /** What OCR met but did not read (frames or pages over a limit); the scanner makes each an unread item. */
  loss?: Loss[];
}

/** An OCR service the scanner can hand images to. Implementations own their workers. */
export interface OcrEngine {
  recognize(image: ImageRef, options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<OcrOutcome>;
  close(): Promise<void>;
}

/** What was read and what was not. `complete` is false whenever anything was not read. */
export interface Coverage {
  complete: boolean;
  parts: Array<{ id: string; role: PartRole; chars: number; origin: PartOrigin }>;
  unread: UnreadItem[];
  images: { total: number; ocred: number };
  embedded: { total: number; scanned: number };
}

/** A problem that happened while scanning (the file is then unread, never passed). */
export interface ScanError {
  code: string;
  message: string;
}

/** The answer for one file. */
export interface ScanResult {
  verdict: Verdict;
  /** One line per reason the verdict is what it is. */
  reasons: string[];
  findings: Finding[];
  suppressed: Finding[];
  coverage: Coverage;
  errors: ScanError[];
  document: {
    filename?: string;
    format: string;
    mediaType: string;
    size: number;
    sha256?: string;
    info?: Record<string, string | number | boolean>;
  };
  policyVersion: string;
  durationMs: number;
}
