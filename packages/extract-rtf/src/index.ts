/**
 * The RTF reader: every destination of an RTF document that carries text, as located parts.
 *
 * The bytes are read by one pass of a hand-written tokenizer and interpreter (control words, control
 * symbols, groups, `\'xx` bytes, `\binN` data) over the raw bytes, so nothing is decoded twice and
 * text bytes are decoded in the code page in force where they stand (`\ansicpg936`, the font's
 * `\fcharset134`, `\cpg`), with `\uN` escapes and their `\ucN` fallbacks skipped as RTF says.
 *
 * Parts: the body (leading), each header and footer, footnote and endnote, annotation (comment, with
 * its author), text box (`\shptxt`, `\dptxbx`), field instructions (`HYPERLINK` targets), form
 * fields, shape texts (WordArt, alt text), document information (`\info`, `\userprops`,
 * `\docvar`). Hidden text (`\v`) and tracked deletions (`\deleted`) go to `hidden` and `deleted`
 * parts beside the story they stand in, paragraph for paragraph. Text of `\*` destinations the
 * reader does not know is read as hidden text (a reader skips it), never dropped. Pictures (PNG,
 * JPEG, device-independent bitmaps) go to OCR; metafiles are reported unread. Embedded objects'
 * data (`\objdata`) is opened as an OLE object and what it wraps (a PDF, an Office package) is
 * handed to the scan; anything else is reported unread. Bytes that do not decode, malformed escapes
 * and a document cut short are reported, never silently dropped.
 */
import { OFF_LINE_POINTS, sameColour, OVERDRAWN_SPACING_POINTS, PartBuilder, UNSEEN_MAX_PERCENT, UNSEEN_MAX_POINTS, type EmbeddedFile, type ExtractContext, type Extraction, type Extractor, type ImageRef, type Loss, type PartOrigin, type PartRole, type TextPart, type UnreadItem } from '@prepub/core';
import { ole10Native, olePayloads } from '@prepub/extract-docx/ole';
import { includesUtf16, sniffBinary, sniffImage } from '@prepub/extract-docx/package';
import { fieldShows } from '@prepub/extract-docx/xml';
import { CircledLine, ENCLOSING, LEVEL_ROW } from '@prepub/extract-docx/choice';
import { formatNumber } from '@prepub/extract-docx/numbering';
import { RTF_MEDIA_TYPE, rtfStart, rtfUtf16 } from './format.ts';

export { rtfFormat, RTF_MEDIA_TYPE, looksLikeRtf } from './format.ts';

/** Windows code page → WHATWG encoding label (what TextDecoder knows). */
const CODE_PAGES: Record<number, string> = {
  437: 'ibm866', // no CP437 decoder: the box-drawing half differs, letters do not occur in practice
  708: 'iso-8859-6',
  850: 'windows-1252',
  866: 'ibm866',
  874: 'windows-874',
  932: 'shift_jis',
  936: 'gbk',
  949: 'euc-kr',
  950: 'big5',
  1250: 'windows-1250',
  1251: 'windows-1251',
  1252: 'windows-1252',
  1253: 'windows-1253',
  1254: 'windows-1254',
  1255: 'windows-1255',
  1256: 'windows-1256',
  1257: 'windows-1257',
  1258: 'windows-1258',
  10000: 'macintosh',
  10001: 'shift_jis',
  10002: 'big5',
  10003: 'euc-kr',
  10008: 'gbk',
  20936: 'gbk',
  54936: 'gb18030',
  65001: 'utf-8',
};

/** `\fcharsetN` → code page (0 and 1 follow the document's `\ansicpg`). */
const CHARSETS: Record<number, number> = {
  77: 10000,
  128: 932,
  129: 949,
  134: 936,
  136: 950,
  161: 1253,
  162: 1254,
  163: 1258,
  177: 1255,
  178: 1256,
  186: 1257,
  204: 1251,
  222: 874,
  238: 1250,
  254: 437,
  255: 850,
};

/** Double-byte code pages: with one of these as `\ansicpg`, a font saying charset 0 still holds its bytes. */
const DBCS = new Set([932, 936, 949, 950, 54936, 20936]);

/** Control words that stand for one character. */
const CHARACTERS: Record<string, string> = {
  tab: '\t',
  emdash: '\u2014',
  endash: '\u2013',
  emspace: '\u2003',
  enspace: '\u2002',
  qmspace: '\u2005',
  bullet: '\u2022',
  lquote: '\u2018',
  rquote: '\u2019',
  ldblquote: '\u201c',
  rdblquote: '\u201d',
  zwj: '\u200d',
  zwnj: '\u200c',
  zwbo: '\u200b',
  zwnbo: '\ufeff',
  ltrmark: '\u200e',
  rtlmark: '\u200f',
};

/** Control words that end a paragraph (a page, section or column break is one too). */
const BREAKS = new Set(['par', 'sect', 'page', 'line', 'column', 'softline', 'softpage', 'softcol', 'lbr']);

/**
 * Destinations that hold formatting, tables of colours/styles/lists, revision ids or binary data,
 * never document text. Only at the head of a group: some of these names are ordinary control words elsewhere.
 */
const SKIPPED = new Set([
  'colortbl', 'stylesheet', 'listoverridetable', 'rsidtbl', 'themedata', 'colorschememapping', 'datastore',
  'latentstyles', 'xmlnstbl', 'pgdsctbl', 'mmathPr', 'defchp', 'defpap', 'wgrffmtfilter', 'panose', 'falt', 'fontemb', 'fontfile',
  'pnseclvl', 'bkmkend', 'atrfstart', 'atrfend', 'atndate', 'atnref', 'atnparent', 'atnicn', 'atntime',
  'blipuid', 'listpicture', 'oldcprops', 'oldpprops', 'oldsprops', 'oldtprops', 'passwordhash', 'protusertbl', 'datafield', 'fldtype',
  'nonesttables', 'generator', 'creatim', 'revtim', 'printim', 'buptim', 'objalias', 'objsect', 'objtime',
  'tcelld', 'chftnsep', 'chftnsepc', 'xmlattrname', 'xmlattrns', 'xmlclose', 'xmlopen', 'xmlname',
  'fchars', 'lchars', 'revtbl', 'filetbl', 'ebcstart', 'ebcend', 'factoidname', 'pgp', 'hlfr', 'hlsrc', 'hlloc', 'linkval',
]);

/** HTML attributes whose value a reader sees (a tooltip, a picture's alternative text, a field's hint). */
const HTML_TEXT_ATTRS = new Set(['title', 'alt', 'placeholder', 'aria-label', 'label', 'summary', 'value', 'abbr']);

/** The character references of HTML text: named ones a mail writer uses, and numeric ones. */
function htmlEntities(s: string): string {
  const named: Record<string, string> = { nbsp: ' ', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", middot: '·', ldquo: '“', rdquo: '”', lsquo: '‘', rsquo: '’', mdash: '—', ndash: '–', hellip: '…', star: '☆', starf: '★', bigstar: '★' };
  return s.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,8}));?/gi, (all, d, h, n) => {
    const cp = d ? Number(d) : h ? parseInt(h, 16) : undefined;
    if (cp !== undefined) return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    return named[n.toLowerCase()] ?? all;
  });
}

/** `\info` fields that hold free text (one properties part each). */
/** Fields that show a document property, and the \info destination that holds it (DOCPROPERTY names them too). */
const PROPERTY_FIELDS: Record<string, string> = { TITLE: 'title', SUBJECT: 'subject', AUTHOR: 'author', KEYWORDS: 'keywords', COMMENTS: 'doccomm', LASTSAVEDBY: 'operator', CATEGORY: 'category', COMPANY: 'company', MANAGER: 'manager' };
const INFO_FIELDS = new Set(['title', 'subject', 'author', 'keywords', 'doccomm', 'operator', 'category', 'company', 'manager', 'comment', 'hlinkbase']);

/** Form-field destinations whose text is a field's name, default, help or list entries. */
const FORM_FIELD = new Set(['ffname', 'ffdeftext', 'ffformat', 'ffhelptext', 'ffstattext', 'ffentrymcr', 'ffexitmcr', 'ffl']);

/** Shape properties (`{\sn …}{\sv …}`) whose value is text someone reads. */
const SHAPE_TEXT: Record<string, PartRole> = {
  gtextunicode: 'text-box',
  gtextfont: 'text-box',
  wzdescription: 'alt-text',
  wzname: 'alt-text',
  wztooltip: 'alt-text',
  wzhyperlink: 'field',
  wzsigsetupsuggsigner: 'form-field',
  wzsigsetupsuggsigner2: 'form-field',
  wzsigsetupsuggsigneremail: 'form-field',
  wzsigsetupsuggsignerinfo: 'form-field',
  wzsigsetupaddlxml: 'form-field',
};

/** A flow of text: the body, a header, a footnote. Hidden and deleted runs go to its sidecars. */
class Story {
  readonly main: PartBuilder;
  private sidecars = new Map<'hidden' | 'deleted', PartBuilder>();
  /** Table position of the paragraph being written (1-based), while in a table. */
  row = 1;
  column = 1;
  inTable = false;

  constructor(
    readonly id: string,
    readonly role: PartRole,
    readonly origin: PartOrigin,
    leading = false,
  ) {
    this.main = new PartBuilder(id, role, origin, leading);
  }

  // A form's options with all but one struck through (\strike, \striked1: 密级：绝密 机密 秘密, two
  // struck, as 不适用的划去 asks) name the one left: such a paragraph is also read without them.
  private unstruck = '';
  private struckAny = false;
  private unstruckPart: PartBuilder | undefined;

  // A form's option boxed or circled (\chbrdr, an enclosed character EQ \o\ac(○,机)) is the one
  // chosen: 密级：绝密 [机密] 秘密 read whole is a blank form, and is also read as 密级：机密. An option
  // highlighted or shaded (\highlight, \chcbpat) marks it too, but only in a row that lists the
  // levels: elsewhere a highlight is emphasis, not a choice.
  private circled = new CircledLine();
  private shaded = new CircledLine();
  private chosenPart: PartBuilder | undefined;
  /** An ellipse shape (\shp with shapeType 3) is anchored in the paragraph being written: drawn over its text, it may circle an option. */
  ringed = false;
  /** Rows listing a form's levels with an ellipse anchored in them (which option it circles is not worked out). */
  readonly ringedRows: string[] = [];

  /** What an enclosing or other drawing field shows in place (EQ \o\ac(○,机) draws 机 circled). */
  drawn(text: string, enclosed: boolean): void {
    this.circled.add(text, enclosed);
    this.shaded.add(text, false);
  }

  builder(hidden: boolean, deleted: boolean): PartBuilder {
    if (!hidden && !deleted) return this.main;
    const role = deleted ? 'deleted' : 'hidden';
    let b = this.sidecars.get(role);
    if (!b) {
      const what = role === 'hidden' ? 'hidden text (\\v)' : 'tracked deletion (\\deleted)';
      b = new PartBuilder(`${this.id}#${role}`, role, { ...this.origin, detail: [this.origin.detail, what].filter(Boolean).join('; ') });
      this.sidecars.set(role, b);
    }
    return b;
  }

  // A marking a tracked change broke up (机 + \revised 要 + 密★5年, 机 + \deleted 密 + ★5年) reads
  // whole in neither the shown text nor the deletions: a revised paragraph is also read as it was.
  private before = '';
  private revised = false;
  /** Shown text outside the changes, or an insertion, beside them: a paragraph only deleted reads whole in the deletions. */
  private mixed = false;
  private beforeChanges: PartBuilder | undefined;

  // A field's stored result is what Word shows until the field is updated (printing, F9): a
  // paragraph is also read with each result replaced by what its field computes (机 + DOCVARIABLE
  // or REF showing 密★5年), and with each IF's other branch (`updatedElse`, once one is met).
  private shown = '';
  private updated = '';
  private updatedElse: string | undefined;
  private replacing = 0;
  private computed = false;
  private asUpdated: PartBuilder | undefined;

  /** Shown text from here on is a field's stored result, replaced in the updated reading. */
  beginReplaced(): void {
    this.replacing++;
  }

  /** Ends a stored result; `value` is what the field computes (an IF's two branches). */
  endReplaced(value: string | [string, string] | undefined): void {
    if (this.replacing > 0) this.replacing--;
    if (value === undefined || this.replacing > 0) return;
    if (typeof value !== 'string' && this.updatedElse === undefined) this.updatedElse = this.updated;
    this.updated += typeof value === 'string' ? value : value[0];
    if (this.updatedElse !== undefined) this.updatedElse += typeof value === 'string' ? value : value[1];
    this.computed = true;
  }

  /** Writes shown, hidden or deleted text (`inserted`: a tracked insertion, `\revised`). */
  write(text: string, hidden: boolean, deleted: boolean, inserted: boolean, struck = false, mark?: 'boxed' | 'shaded'): void {
    this.builder(hidden, deleted).append(text);
    if (!hidden && !deleted) {
      this.shown += text;
      this.circled.add(text, mark === 'boxed');
      this.shaded.add(text, mark === 'shaded');
      if (struck) this.struckAny ||= text.trim() !== '';
      else this.unstruck += text;
      if (!this.replacing) {
        this.updated += text;
        if (this.updatedElse !== undefined) this.updatedElse += text;
      }
    }
    if (deleted) (this.before += text), (this.revised = true);
    else if (hidden) return;
    else if (inserted) this.revised = this.mixed = true;
    else (this.before += text), (this.mixed = true);
  }

  /** Ends the paragraph in every builder: hidden text keeps the paragraph structure it stood in. */
  endParagraph(cell: boolean): void {
    const extra = this.inTable || cell ? { kind: 'table-cell' as const, row: this.row, column: this.column } : { kind: 'paragraph' as const };
    this.main.endParagraph(extra);
    for (const b of this.sidecars.values()) b.endParagraph(extra);
    if (this.revised && this.mixed && this.before.trim()) {
      this.beforeChanges ??= new PartBuilder(`${this.id}#before-changes`, 'before-changes', { ...this.origin, detail: [this.origin.detail, 'paragraphs as they read before their tracked changes'].filter(Boolean).join('; ') });
      this.beforeChanges.append(this.before);
      this.beforeChanges.endParagraph(extra);
    }
    this.before = '';
    this.revised = this.mixed = false;
    if (this.struckAny && this.unstruck.trim()) {
      this.unstruckPart ??= new PartBuilder(`${this.id}#unstruck`, this.role, { ...this.origin, detail: [this.origin.detail, 'paragraphs with struck-through text, read without it'].filter(Boolean).join('; ') });
      this.unstruckPart.append(this.unstruck);
      this.unstruckPart.endParagraph(extra);
    }
    this.unstruck = '';
    this.struckAny = false;
    // Highlighted: only a row that lists the levels, read with its label (密级：机密; not a sentence's 机密).
    const highlighted = LEVEL_ROW.test(this.shaded.text()) ? this.shaded.reading() : undefined;
    for (const read of new Set([this.circled.reading(), highlighted && LABELLED.test(highlighted) ? highlighted : undefined])) {
      if (!read) continue;
      this.chosenPart ??= new PartBuilder(`${this.id}#circled-choice`, this.role, { ...this.origin, detail: [this.origin.detail, 'paragraphs with one boxed, circled or highlighted stretch, read as that stretch chosen'].filter(Boolean).join('; ') });
      this.chosenPart.append(read);
      this.chosenPart.endParagraph(extra);
    }
    if (this.ringed && LEVEL_ROW.test(this.shown) && this.ringedRows.length < 100) this.ringedRows.push(this.shown.trim().slice(0, 60));
    this.ringed = false;
    this.circled.reset();
    this.shaded.reset();
    if (this.computed) {
      for (const u of new Set([this.updated, this.updatedElse])) {
        if (u === undefined || !u.trim() || u === this.shown) continue;
        this.asUpdated ??= new PartBuilder(`${this.id}#as-updated`, 'hidden', { ...this.origin, detail: [this.origin.detail, 'paragraphs as shown once their fields are updated'].filter(Boolean).join('; ') });
        this.asUpdated.append(u);
        this.asUpdated.endParagraph(extra);
      }
    }
    this.shown = this.updated = '';
    this.updatedElse = undefined;
    this.computed = false;
  }

  parts(): TextPart[] {
    this.endParagraph(false);
    return [this.main, ...this.sidecars.values(), ...(this.beforeChanges ? [this.beforeChanges] : []), ...(this.asUpdated ? [this.asUpdated] : []), ...(this.unstruckPart ? [this.unstruckPart] : []), ...(this.chosenPart ? [this.chosenPart] : [])].filter((b) => !b.blank).map((b) => b.toPart());
  }
}

/** A reading of a choice that begins with the 密级 label. */
const LABELLED = /^\s*(密\s*级|秘密等级|保密等级)/;

/** What a group's text is collected for, instead of flowing into a story. */
type Collect =
  | { kind: 'hex'; what: 'pict' | 'objdata'; data: ByteSink; bad: number }
  | { kind: 'text'; what: 'font' | 'fldinst' | 'info' | 'sn' | 'sv' | 'atnid' | 'atnauthor' | 'propname' | 'staticval' | 'docvar' | 'objclass' | 'listtable' | 'leveltext' | 'bkmkstart' | 'htmltag'; text: string; name: string };

interface GroupState {
  story: Story | undefined; // undefined: text dropped
  uc: number;
  hidden: boolean;
  /**
   * Drawn so nobody sees it where it stands (core's drawn-unseen limits): a foreground (\cf) in
   * the colour of its background (\cb, \highlight, \chcbpat) or, without one, white or near white;
   * \fs of 2 pt and less, squeezed to a tenth of its width (\charscalex), drawn over by the next
   * character (\expnd, \expndtw) or two lines off its own (\up, \dn).
   * Here: the foreground (\cf) and background (\cb, \highlight, \chcbpat) colour table indices;
   * 0: automatic, none.
   */
  fg?: number;
  bg?: number;
  tiny?: boolean;
  /** Squeezed to a tenth of its width or less (\charscalex). */
  squeezed?: boolean;
  /** Letter spacing that pulls the next character back over this one (\expnd, \expndtw). */
  overdrawn?: boolean;
  /** Raised or lowered a line or more (\up, \dn). */
  offLine?: boolean;
  /** Letters drawn as capitals (\caps, \scaps). */
  caps?: boolean;
  /** Struck through (\strike, \striked1). */
  struck?: boolean;
  /** In a character border (\chbrdr, not \brdrnone): a form's option boxed. */
  boxed?: boolean;
  deleted: boolean;
  /** A tracked insertion (`\revised`). */
  inserted?: boolean;
  font: number;
  /** Code page of the text (from the font, the `\cpg` or the document). */
  cp: number;
  collect: Collect | undefined;
  /** The group began with `\*`: an unknown control word at its head makes it an unknown destination. */
  star: boolean;
  /** Control words seen since the group opened (a destination word counts only at the head). */
  words: number;
  /** In the font table: the entry being defined. */
  fontDef: number | undefined;
  inFontTable: boolean;
  /**
   * Inside the ANSI copy of a `\upr` group: where its text went before it, restored by its `\ud`
   * (the Unicode copy Word shows). The ANSI copy is read as hidden text meanwhile.
   */
  upr?: { story: Story | undefined; collect: Collect | undefined; hidden: boolean };
  /** Picture kind once known (`\pngblip` …). */
  pict: PictInfo | undefined;
  /** Inside a copy of content read elsewhere (a shape's fallback, an object's rendered result): its pictures are not OCR'd twice. */
  alternate: boolean;
  /** Inside list numbering text (`\listtext`). */
  numbering: boolean;
  /** Inside an old-style numbering level (`\pn`): its `\ls` describes the paragraph's, it starts no item there. */
  pn?: boolean;
  /** Inside a skipped destination that holds text, read as hidden text. */
  readingSkipped?: boolean;
  /** What opened this group's own collector or story (run when the group closes). */
  onClose: (() => void) | undefined;
}

interface PictInfo {
  blip: string;
  width?: number;
  height?: number;
  bpp?: number;
  /** Pictures in a shape's fallback rendering or a `\nonshppict` copy: a duplicate for old readers. */
  alternate: boolean;
}

/** A growing byte buffer. */
class ByteSink {
  private buf = new Uint8Array(256);
  length = 0;
  push(b: number): void {
    if (this.length === this.buf.length) {
      const next = new Uint8Array(this.buf.length * 2);
      next.set(this.buf);
      this.buf = next;
    }
    this.buf[this.length++] = b;
  }
  pushAll(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) this.push(bytes[i]);
  }
  bytes(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/**
 * Windows-1252 as WHATWG defines it. Node's TextDecoder('windows-1252') decodes Latin-1 instead
 * (0x92 becomes the control U+0092, not ’), so 0x80–0x9F are mapped here.
 */
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';
const windows1252 = {
  decode(bytes: Uint8Array): string {
    const latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    return /[\x80-\x9f]/.test(latin1) ? latin1.replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]) : latin1;
  },
} as TextDecoder;

const decoders = new Map<string, TextDecoder>([['windows-1252', windows1252]]);

/** Windows-1252's byte for each character it decodes to (the inverse of {@link windows1252}). */
let cp1252Bytes: Map<string, number> | undefined;
const CP1252_RUN = /[\u00a1-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]{2,}/g;

/**
 * Whether bytes are GB2312 Chinese: every byte beyond ASCII paired, both of a pair A1–FE, and two
 * Chinese characters or more. Latin text has no run of four such bytes in a row but by chance.
 */
function gb2312Text(bytes: Uint8Array): boolean {
  if (gb2312Chinese(bytes) < 2) return false;
  // Two characters in a row (four bytes beyond ASCII): Portuguese ações has pairs, never four in a row.
  let run = 0;
  for (let k = 0; k < bytes.length; k++) if ((run = bytes[k] >= 0xa1 ? run + 1 : 0) >= 4) return true;
  return false;
}

/** The Chinese characters of GB2312 bytes (see {@link gb2312Text}), -1 when they are not GB2312. */
function gb2312Chinese(bytes: Uint8Array): number {
  let cjk = 0;
  for (let k = 0; k < bytes.length; k++) {
    if (bytes[k] < 0x80) continue;
    const a = bytes[k];
    const b = bytes[k + 1] ?? 0;
    if (a < 0xa1 || a > 0xfe || b < 0xa1 || b > 0xfe) return -1;
    if (a >= 0xb0 && a <= 0xf7) cjk++;
    k++;
  }
  return cjk;
}

/** Text read as Windows-1252 with each run of it whose bytes are GB2312 read as GB2312; undefined when none is. */
function westernAsGb2312(text: string): string | undefined {
  if (!cp1252Bytes) {
    cp1252Bytes = new Map();
    for (let b = 0x80; b <= 0xff; b++) cp1252Bytes.set(windows1252.decode(Uint8Array.of(b)), b);
  }
  const map = cp1252Bytes;
  let changed = false;
  // Line by line: a line with a run of two Chinese characters or more has all its GB2312 runs read (机密★ | 5 | 年).
  const out = text.split('\n').map((line) => {
    let whole = false;
    const read = line.replace(CP1252_RUN, (run) => {
      const bytes = Uint8Array.from([...run].map((c) => map.get(c) ?? 0));
      const n = gb2312Chinese(bytes);
      if (n < 0) return run;
      if (gb2312Text(bytes)) whole = true;
      return new TextDecoder('gb18030').decode(bytes);
    });
    if (!whole || read === line) return line;
    changed = true;
    return read;
  });
  return changed ? out.join('\n') : undefined;
}
function decoderFor(cp: number): TextDecoder | undefined {
  const label = CODE_PAGES[cp];
  if (!label) return undefined;
  let d = decoders.get(label);
  if (!d) {
    try {
      d = new TextDecoder(label);
    } catch {
      return undefined;
    }
    decoders.set(label, d);
  }
  return d;
}

/** Value of a hexadecimal digit byte, -1 for any other byte. */
const HEX = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX[0x30 + c] = c;
for (let c = 0; c < 6; c++) HEX[0x61 + c] = HEX[0x41 + c] = 10 + c;
function hexValue(c: number): number {
  return HEX[c];
}

function isLetter(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

/** One level of a list definition (`\listlevel`): its number format, start, text and what follows it. */
interface RtfListLevel {
  nfc: number;
  start: number;
  /** `\leveltext` after its length: characters (bytes beyond ASCII still to decode) and placeholders `\'00`–`\'08`. */
  text: Array<{ ph: number } | { ch: string } | { byte: number }>;
  /** `\levelfollow`: 0 tab, 1 space, 2 nothing. */
  follow: number;
  /** The text decoded once: characters and placeholders as its length counts them. */
  items?: Array<string | number>;
}

/** The end (index after its closing brace) of the group opening at `open`; linear, escapes skipped. */
function groupEnd(src: string, open: number): number {
  let depth = 0;
  for (let k = open; k < src.length; k++) {
    const c = src.charCodeAt(k);
    if (c === 0x5c) k++;
    else if (c === 0x7b) depth++;
    else if (c === 0x7d && --depth === 0) return k + 1;
  }
  return src.length;
}

/** The group holding the first `\word` (its `{`, possibly before `\*`), or undefined. */
function groupOf(src: string, word: string, from: number): string | undefined {
  const re = new RegExp(`\\\\${word}(?![a-z])`, 'g');
  re.lastIndex = from;
  const m = re.exec(src);
  if (!m) return undefined;
  let open = src.lastIndexOf('{', m.index);
  if (open < 0) return undefined;
  return src.slice(open, groupEnd(src, open));
}

/**
 * The list definitions of a `\listtable` group by `\listid`: each `\list`'s levels in order.
 * One pass over the group's text: control words, `\'hh`, `\uN` (its fallback skipped) and letters.
 */
function listDefinitions(src: string): Map<number, RtfListLevel[]> {
  const lists = new Map<number, RtfListLevel[]>();
  let depth = 0;
  let listDepth = -1;
  let levelDepth = -1;
  let textDepth = -1;
  let levels: RtfListLevel[] = [];
  let level: RtfListLevel | undefined;
  let uc = 1;
  let skip = 0;
  const unit = (u: RtfListLevel['text'][number]) => {
    if (skip > 0) skip--;
    else if (level && textDepth > 0 && level.text.length < 1000) level.text.push(u);
  };
  for (let k = 0; k < src.length; k++) {
    const c = src[k];
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === textDepth) textDepth = -1;
      if (depth === levelDepth) (levelDepth = -1), (level = undefined);
      if (depth === listDepth) listDepth = -1;
      depth--;
    } else if (c === '\\') {
      const m = /^([a-z]{1,32})(-?\d{1,10})? ?|^'([0-9a-f]{2})|^[\s\S]/i.exec(src.slice(k + 1, k + 48))!;
      k += m[0].length;
      if (m[3] !== undefined) {
        unit({ byte: parseInt(m[3], 16) });
        continue;
      }
      if (m[1] === undefined) {
        if ('\\{}'.includes(m[0])) unit({ ch: m[0] });
        continue;
      }
      const word = m[1];
      const param = m[2] === undefined ? undefined : Number(m[2]);
      if (word === 'list' && listDepth < 0) (listDepth = depth), (levels = []);
      else if (word === 'listid' && listDepth === depth && param !== undefined && !lists.has(param)) lists.set(param, levels);
      else if (word === 'listlevel' && listDepth > 0 && levels.length < 9) {
        level = { nfc: 0, start: 1, text: [], follow: 0 };
        levels.push(level);
        levelDepth = depth;
      } else if (!level) continue;
      else if (word === 'levelnfc' || word === 'levelnfcn') level.nfc = param ?? 0;
      else if (word === 'levelstartat') level.start = Math.max(0, Math.min(param ?? 1, 1e9));
      else if (word === 'levelfollow') level.follow = param ?? 0;
      else if (word === 'leveltext') (textDepth = depth), (level.text = []), (skip = 0);
      else if (word === 'uc') uc = Math.max(0, Math.min(param ?? 1, 10));
      else if (word === 'u' && param !== undefined) {
        unit({ ch: String.fromCharCode(param < 0 ? param + 65536 : param & 0xffff) });
        skip = uc;
      }
    } else if (c !== '\r' && c !== '\n') unit({ ch: c });
  }
  return lists;
}

/** `\listoverridetable`: the list (`\listid`) each `\ls` number stands for. */
function listOverrides(src: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const piece of src.split(/\\listoverride(?![a-z])/)) {
    const id = /\\listid(-?\d+)/.exec(piece);
    const ls = /\\ls(\d+)/.exec(piece);
    if (id && ls && !out.has(Number(ls[1]))) out.set(Number(ls[1]), Number(id[1]));
  }
  return out;
}

/** Word's `\levelnfc` numbers as the DOCX reader's number formats (formatNumber renders them). */
const NFC: Record<number, string> = { 0: 'decimal', 1: 'upperRoman', 2: 'lowerRoman', 3: 'upperLetter', 4: 'lowerLetter', 5: 'ordinal', 6: 'cardinalText', 7: 'ordinalText', 10: 'chineseCounting', 11: 'chineseCounting', 12: 'chineseCounting', 13: 'chineseCounting', 14: 'decimalFullWidth', 18: 'decimalEnclosedCircle', 19: 'decimalFullWidth2', 22: 'decimalZero', 23: 'bullet', 26: 'decimalEnclosedFullstop', 27: 'decimalEnclosedParen', 28: 'decimalEnclosedCircleChinese', 30: 'ideographTraditional', 31: 'ideographZodiac', 33: 'chineseCounting', 34: 'chineseLegalSimplified', 35: 'chineseCountingThousand', 37: 'chineseCounting', 38: 'chineseLegalSimplified', 39: 'chineseCountingThousand', 255: 'none' };

/** Options of {@link extractRtf} beyond the context. */
export interface RtfOptions {
  /** Whether pictures are handed on for OCR (default true); false reports them unread. */
  render?: boolean;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g');

/** Reads an RTF document completely into located parts. */
export async function extractRtf(bytes: Uint8Array, ctx: ExtractContext, options: RtfOptions = {}): Promise<Extraction> {
  const order = rtfUtf16(bytes);
  const r = new RtfReader(order ? fromUtf16(bytes, order) : bytes, ctx, options.render !== false);
  await r.run();
  const x = r.result();
  if (order) x.info = { ...x.info, encoding: order };
  return x;
}

/**
 * RTF is 7-bit text; a document saved as UTF-16 is read as the bytes it spells, each character
 * beyond ASCII written as the Unicode escape it stands for (`{\uc1\uN?}`).
 */
function fromUtf16(bytes: Uint8Array, order: 'utf-16le' | 'utf-16be'): Uint8Array {
  const text = new TextDecoder(order).decode(bytes).replace(/^\uFEFF/, '');
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out += c < 0x80 ? text[i] : `{\\uc1\\u${c > 0x7fff ? c - 0x10000 : c}?}`;
  }
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

/**
 * The document's \colortbl as hexadecimal colours by index; undefined for an entry without
 * components (the automatic colour, index 0 by custom).
 */
function colourTable(head: string): Array<string | undefined> {
  const m = /\{\\colortbl\s*([^}]*)\}/.exec(head);
  if (!m) return [];
  return m[1].split(';').map((entry) => {
    const c = (name: string): number | undefined => {
      const v = new RegExp(`\\\\${name}(\\d+)`).exec(entry);
      return v ? Math.min(255, Number(v[1])) : undefined;
    };
    const [r, g, b] = [c('red'), c('green'), c('blue')];
    if (r === undefined && g === undefined && b === undefined) return undefined;
    return [r ?? 0, g ?? 0, b ?? 0].map((v) => v.toString(16).padStart(2, '0')).join('').toUpperCase();
  });
}

class RtfReader {
  private readonly unread: UnreadItem[] = [];
  private readonly loss: Loss[] = [];
  private readonly images: ImageRef[] = [];
  private readonly embedded: EmbeddedFile[] = [];
  private readonly stories: Story[] = [];
  private readonly extraParts: PartBuilder[] = [];
  /** The bookmark names (\bkmkstart), once there is one. */
  private bookmarks: PartBuilder | undefined;
  private readonly body: Story;
  private readonly counts = new Map<string, number>();
  private docCp = 1252;
  private defaultFont = -1;
  private readonly fonts = new Map<number, number>();
  /** Pending text bytes and the state they were written in (decoded together: a double-byte character may be split over `\'xx` and a literal). */
  private pending: number[] = [];
  /** Set when text bytes read as Windows-1252 are GB2312 Chinese (see result()). */
  private westernGbk = false;
  private pendingState: GroupState | undefined;
  private pendingAt = 0;
  /** `\uN` fallback characters still to skip. */
  private skip = 0;
  private undecodable = { count: 0, first: -1 };
  private unknownDests = new Map<string, number>();
  private unknownStory: Story | undefined;
  private annotationAuthor: string | undefined;
  private propName: string | undefined;
  private objectClass: string | undefined;
  private alternates = 0;
  private objectScanned = false;
  private footnoteIsEnd = false;
  /** Whether the border words being read (\brdrs, \brdrnone) are a character border's (\chbrdr). */
  private borderOfChars = false;
  /** Indices of \colortbl entries that are white (red, green and blue 255). */
  private colours: Array<string | undefined> = [];

  /** Text in the colour of what lies behind it: its background (\cb, \highlight, \chcbpat), else the white page. */
  private groundColoured(st: GroupState): boolean {
    if (!st.fg) return false;
    return sameColour(this.colours[st.fg], (st.bg && this.colours[st.bg]) || 'FFFFFF');
  }

  /** The bytes as a Buffer, for slicing control words as Latin-1 without copies. */
  private readonly latin1: Buffer & { latin1Slice(start: number, end: number): string };

  constructor(
    private readonly bytes: Uint8Array,
    private readonly ctx: ExtractContext,
    private readonly render: boolean,
  ) {
    this.latin1 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as Buffer & { latin1Slice(start: number, end: number): string };
    this.body = new Story('body', 'body', { filePart: 'body' }, true);
    this.stories.push(this.body);
  }

  private newStory(kind: string, role: PartRole, detail?: string): Story {
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    const s = new Story(`${kind}-${n}`, role, { filePart: kind, ...(detail ? { detail } : {}) });
    this.stories.push(s);
    return s;
  }

  result(): Extraction {
    const parts: TextPart[] = [];
    for (const s of this.stories) parts.push(...s.parts());
    // A \uN escape for half of a surrogate pair with no other half is no character: shown as U+FFFD,
    // as other readers do, one unit for one unit (offsets stay), and counted as loss by the scanner.
    for (const p of parts) {
      if (!LONE_SURROGATE.test(p.text)) continue;
      p.text = p.text.replace(LONE_SURROGATE_ALL, '\ufffd');
      delete p.units;
    }
    for (const b of this.extraParts) if (!b.blank) parts.push(b.toPart());
    for (const s of this.stories) {
      if (!s.ringedRows.length) continue;
      const rows = s.ringedRows.slice(0, 3).map((t) => `“${t}”`).join(', ');
      this.unread.push({ where: s.id, reason: 'unsupported-format', detail: `${s.ringedRows.length} row(s) listing a form's levels have an ellipse drawn over them (${rows}): it circles the option chosen, and which option it covers was not worked out (shapes are not laid out over text).`, origin: s.origin });
    }
    // GB2312 bytes under a Western code page (\ansicpg1252, a font without \fcharset134): Word shows
    // »úÃÜ¡ï5Äê, a reader that takes the system's code page (936) shows 机密★5年, which is what the
    // writer typed. Each part that holds such runs is read again with them as GB2312 (body@gb2312).
    if (this.westernGbk) {
      for (const p of [...parts]) {
        const t = westernAsGb2312(p.text);
        if (t !== undefined) parts.push({ id: `${p.id}@gb2312`, role: p.role, text: t, origin: { ...p.origin, detail: `${p.origin.detail ? `${p.origin.detail}; ` : ''}Windows-1252 text whose bytes are GB2312, read as GB2312` } });
      }
    }
    for (const [cp, count] of this.unknownCp) {
      const what = cp >= 100000 ? `character set ${cp - 100000}` : `code page ${cp}`;
      this.loss.push({ where: what, kind: 'undecodable-bytes', count, detail: `${count} text byte(s) are written in ${what}, which this reader cannot decode; they were read as Windows-1252 and may be wrong` });
    }
    if (this.undecodable.count) {
      this.loss.push({ where: `bytes from ${this.undecodable.first}`, kind: 'undecodable-bytes', count: this.undecodable.count, detail: `${this.undecodable.count} text byte(s) of the document do not decode in their code page; the characters they stand for were not read` });
    }
    const out: Extraction = { format: 'rtf', mediaType: RTF_MEDIA_TYPE, parts, unread: this.unread, images: this.images, embedded: this.embedded, info: { codePage: this.docCp, alternateCopies: this.alternates } };
    if (this.loss.length) out.loss = this.loss;
    return out;
  }

  async run(): Promise<void> {
    const b = this.bytes;
    const n = b.length;
    let i = 0;
    // A BOM, stray bytes or blank lines before the header: RTF readers look for `{\rtf` near the start.
    const head = rtfStart(b);
    if (head < 0) {
      this.unread.push({ where: 'file', reason: 'corrupt', detail: 'The file does not begin with an RTF header ({\\rtf); it could not be read as RTF.' });
      return;
    }
    i = head;
    // The colour table wherever it stands (a large font table may come first): one search, one slice.
    const table = this.latin1.indexOf('{\\colortbl', head, 'latin1');
    if (table >= 0) {
      const end = this.latin1.indexOf('}', table, 'latin1');
      this.colours = colourTable(this.latin1.latin1Slice(table, end < 0 ? n : end + 1));
    }
    const stack: GroupState[] = [];
    let st: GroupState = { story: this.body, uc: 1, hidden: false, deleted: false, font: -1, cp: 1252, collect: undefined, star: false, words: 0, fontDef: undefined, inFontTable: false, pict: undefined, alternate: false, numbering: false, onClose: undefined };
    let extraBraces = 0;
    let steps = 0;
    let lastYield = performance.now();
    while (i < n) {
      if ((++steps & 0x3fff) === 0) {
        if (this.ctx.signal?.aborted) throw new Error('aborted');
        const now = performance.now();
        if (now - lastYield > 25) {
          await new Promise((res) => setImmediate(res));
          lastYield = performance.now();
        }
      }
      const c = b[i];
      if (c === 0x7b) {
        // {
        this.flush();
        this.skip = 0;
        stack.push(st);
        // A sub-group of a picture (its properties, `\*\blipuid`) is not picture data.
        // A document variable's name and value are groups of their own ({\*\docvar {name}{value}}): a line each.
        if (st.collect?.kind === 'text' && st.collect.what === 'docvar' && st.collect.text) st.collect.text += '\n';
        st = { ...st, star: false, words: 0, onClose: undefined, collect: st.collect?.kind === 'hex' ? undefined : st.collect };
        i++;
        continue;
      }
      if (c === 0x7d) {
        // }
        this.flush();
        this.skip = 0;
        st.onClose?.();
        const parent = stack.pop();
        if (!parent) {
          extraBraces++;
          i++;
          continue;
        }
        st = parent;
        if (stack.length === 0) {
          // Content after the document's closing brace: a reader ignores it, the scan reads it as hidden text.
          st = { ...st, story: this.unknown('text after the end of the document'), collect: undefined, hidden: false, deleted: false };
        }
        i++;
        continue;
      }
      if (c === 0x5c) {
        // backslash
        const d = b[i + 1];
        if (d === undefined) {
          i++;
          continue;
        }
        if (d === 0x27) {
          // \'xx
          const h1 = hexValue(b[i + 2] ?? 0);
          const h2 = hexValue(b[i + 3] ?? 0);
          if (h1 < 0 || h2 < 0) {
            this.loss.push({ where: `byte ${i}`, kind: 'undecodable-bytes', count: 1, detail: "A \\' escape is not followed by two hexadecimal digits; the character it stood for was not read" });
            i += 2;
            continue;
          }
          i += 4;
          if (this.skip > 0) {
            this.skip--;
            continue;
          }
          this.byte((h1 << 4) | h2, st, i - 4);
          continue;
        }
        if (!isLetter(d)) {
          i += 2;
          if (this.skip > 0 && d !== 0x0d && d !== 0x0a) {
            this.skip--;
            continue;
          }
          if (d === 0x5c || d === 0x7b || d === 0x7d) this.byte(d, st, i - 2);
          else if (d === 0x7e) this.text('\u00a0', st);
          else if (d === 0x5f) this.text('\u2011', st);
          // \- optional hyphen: kept as a soft hyphen (normalization folds it away), as it is in the text.
          else if (d === 0x2d) this.text('\u00ad', st);
          else if (d === 0x2a) {
            st.star = true;
          } else if (d === 0x0d || d === 0x0a) this.controlWord('par', undefined, st);
          else if (d === 0x7c || d === 0x3a) {
            // \| formula character, \: index subentry: no text of their own.
          }
          continue;
        }
        // Control word: letters, an optional signed number, an optional space delimiter.
        let j = i + 1;
        while (j < n && isLetter(b[j]) && j - i <= 33) j++;
        const name = this.latin1.latin1Slice(i + 1, j);
        let param: number | undefined;
        if (j < n && (b[j] === 0x2d || (b[j] >= 0x30 && b[j] <= 0x39))) {
          const start = j;
          j++;
          // The whole run of digits is the parameter (\u000000026426 is \u26426, \uc000000000001
          // is \uc1): cut short, the rest would be read as text. Clamped to 32 bits; a value out of
          // range for its word (\u) is reported where it is used.
          while (j < n && b[j] >= 0x30 && b[j] <= 0x39) j++;
          const digits = this.latin1.latin1Slice(b[start] === 0x2d ? start + 1 : start, j).replace(/^0+(?=\d)/, '');
          param = digits === '' ? undefined : digits.length > 10 ? 2 ** 31 : Number(digits);
          if (param !== undefined) param = Math.min(param, 2 ** 31 - 1) * (b[start] === 0x2d ? -1 : 1);
        }
        if (b[j] === 0x20) j++;
        if (name === 'bin') {
          this.flush();
          const len = Math.max(0, param ?? 0);
          if (j + len > n) {
            this.unread.push({ where: `byte ${i}`, reason: 'corrupt', detail: `The document is cut short inside ${len} bytes of binary data (\\bin); the rest of it could not be read.` });
          }
          const data = b.subarray(j, Math.min(n, j + len));
          i = j + len;
          // \bin data standing where a \uN fallback is expected is one of the characters skipped
          // (\u26426\bin1 x\u23494? …): it uses up the count, or the next character would be skipped.
          if (this.skip > 0) {
            this.skip--;
            continue;
          }
          if (st.collect?.kind === 'hex') st.collect.data.pushAll(data);
          continue;
        }
        i = j;
        if (this.skip > 0) {
          this.skip--;
          continue;
        }
        if (stack.length === 1 && (name === 'pard' || name === 'par' || name === 'sectd')) this.bodyStarted = true;
        const before = st;
        const next = this.controlWord(name, param, st);
        if (next === 'skip-group') {
          const end = this.skipGroup(i);
          // A table or record in the document's head, one marked ignorable (\*: Word writes its
          // latent styles and theme after the body so), or one that holds no text (colours, hex
          // data): the group's closing brace is consumed by the main loop. One holding text after
          // the body has begun, without \*, is read, as hidden text (see readSkipped).
          if (!this.skippedText || !this.bodyStarted || st.star) {
            i = end;
            continue;
          }
          this.readSkipped(st, name);
        }
        st = before;
        st.words++;
        continue;
      }
      if (c === 0x0d || c === 0x0a) {
        i++;
        continue;
      }
      // Literal text.
      if (this.skip > 0) {
        this.skip--;
        i++;
        continue;
      }
      if (st.collect?.kind === 'hex') {
        // Fast path: picture and object data are long runs of hex digits.
        const col = st.collect;
        let hi = -1;
        while (i < n) {
          const ch = b[i];
          if (ch === 0x7b || ch === 0x7d || ch === 0x5c) break;
          const v = HEX[ch];
          if (v >= 0) {
            if (hi < 0) hi = v;
            else {
              col.data.push((hi << 4) | v);
              hi = -1;
            }
          } else if (ch > 0x20) col.bad++;
          i++;
        }
        continue;
      }
      if (c === 0x09) {
        this.text('\t', st);
        i++;
        continue;
      }
      // A run of plain text bytes up to the next control, group or line break, at once.
      const from = i;
      while (i < n) {
        const ch = b[i];
        if (ch === 0x5c || ch === 0x7b || ch === 0x7d || ch === 0x0d || ch === 0x0a || ch === 0x09) break;
        i++;
      }
      if (i === from) i++;
      this.bytesRun(b, from, i, st);
    }
    this.flush();
    if (extraBraces) {
      this.loss.push({ where: 'file', kind: 'other', count: extraBraces, detail: `The document closes ${extraBraces} more group(s) than it opens (damaged or crafted); what follows was read as hidden text`, reason: 'corrupt' });
    }
    if (stack.length > 0) {
      // The document ended inside groups: what was there is read, and the rest is missing.
      for (let k = stack.length; k > 0; k--) {
        st.onClose?.();
        st = stack.pop()!;
      }
      this.unread.push({ where: 'file', reason: 'corrupt', detail: 'The document is cut short (groups left open at its end); the part of it that is missing could not be read.' });
    }
    if (this.unknownDests.size) {
      const names = [...this.unknownDests.keys()].slice(0, 10).join(', ');
      if (this.unknownStory) this.unknownStory.main.origin.detail = `destinations a reader skips: ${names}`;
    }
  }

  /** The story for text a reader does not show (unknown destinations, text after the end). */
  private unknown(what: string): Story {
    if (!this.unknownStory) {
      this.unknownStory = new Story('unknown-destinations', 'hidden', { filePart: 'body', detail: what });
      this.stories.push(this.unknownStory);
    }
    return this.unknownStory;
  }

  /** Whether the group {@link skipGroup} last passed over holds text (a byte escape, a `\u`, a byte beyond ASCII, a letter that is no hex digit). */
  private skippedText = false;
  /**
   * Set once the body begins (\pard, \par or \sectd at the document's top level, or body text):
   * before it, the formatting tables are where they belong and are skipped; after it, a table or
   * record holding text is out of its place, and readers that meet it there (LibreOffice) show it.
   */
  private bodyStarted = false;
  // List labels (\ls): the list tables, read when the first \ls is met (\ansicpg is known by then),
  // the counters of each list, and the list item the current paragraph is.
  private lists: { defs: Map<number, RtfListLevel[]>; overrides: Map<number, number> } | undefined;
  private readonly listCounts = new Map<number, number[]>();
  private item: { ls: number; ilvl: number; story: Story | undefined; counted: boolean; cached: Story | undefined } = { ls: 0, ilvl: 0, story: undefined, counted: false, cached: undefined };

  /**
   * From just after a destination's control word to its group's closing brace (not consumed),
   * noting whether the group holds text: a colour table or hex data holds none, a style sheet
   * holds style names, and text written into any of them where a reader shows it must be read.
   */
  private skipGroup(i: number): number {
    const b = this.bytes;
    const n = b.length;
    let depth = 0;
    let text = false;
    while (i < n) {
      const c = b[i];
      if (c === 0x5c) {
        const d = b[i + 1];
        if (d === 0x27) {
          text = true;
          i += 4;
          continue;
        }
        if (d === undefined || !isLetter(d)) {
          i += 2;
          continue;
        }
        let j = i + 1;
        while (j < n && isLetter(b[j])) j++;
        const word = j - i - 1;
        const start = j;
        if (b[j] === 0x2d) j++;
        while (j < n && b[j] >= 0x30 && b[j] <= 0x39) j++;
        // \uN is a character.
        if (word === 1 && b[i + 1] === 0x75 && j > start) text = true;
        if (word === 3 && b[i + 1] === 0x62 && b[i + 2] === 0x69 && b[i + 3] === 0x6e && j > start && b[start] !== 0x2d) {
          // \binN inside a skipped group: its bytes may hold braces.
          const len = Number(this.latin1.latin1Slice(start, j));
          if (b[j] === 0x20) j++;
          i = Number.isFinite(len) ? Math.min(n, j + len) : n;
          continue;
        }
        if (b[j] === 0x20) j++;
        i = j;
        continue;
      }
      if (c === 0x7b) depth++;
      else if (c === 0x7d) {
        if (depth === 0) break;
        depth--;
      } else if (!text && (c >= 0x80 || (isLetter(c) && HEX[c] < 0))) text = true;
      i++;
    }
    this.skippedText = text;
    return i;
  }

  /**
   * A destination the reader skips (a style sheet, colour or revision table, a date, a cell's
   * definition) that holds text after the body has begun: a reader that meets it out of its place
   * (LibreOffice) shows that text, Word does not, so it is read as hidden text; groups inside it
   * are read with it rather than scanned again.
   */
  private readSkipped(st: GroupState, name: string): void {
    this.unknownDests.set(name, (this.unknownDests.get(name) ?? 0) + 1);
    const story = this.unknown(`destinations a reader skips: ${name}`);
    this.openStory(st, story);
    st.readingSkipped = true;
    st.onClose = () => story.endParagraph(false);
  }

  private codePageOf(font: number): number {
    const cs = this.fonts.get(font);
    if (cs === undefined || cs === 0 || cs === 1) return this.docCp;
    if (cs === 2) return 1252; // symbol fonts: their bytes are glyph numbers, read as Latin-1
    return cs;
  }

  /** Handles a control word; `skip-group` drops the rest of the group unread (formatting tables, binary data). */
  private controlWord(name: string, param: number | undefined, st: GroupState): 'skip-group' | undefined {
    if (name === 'u') {
      this.flushIfSwitching();
      let v = param ?? 0;
      if (v < 0) v += 65536;
      if (v < 0 || v > 0xffff) {
        this.loss.push({ where: `\\u${param}`, kind: 'undecodable-bytes', count: 1, detail: `A Unicode escape \\u${param} is out of range; the character was not read` });
      } else this.text(this.drawnStars(String.fromCharCode(v), st), st);
      this.skip = st.uc;
      return undefined;
    }
    const ch = CHARACTERS[name];
    if (ch !== undefined) {
      this.text(ch, st);
      return undefined;
    }
    this.flush();
    const head = st.words === 0;
    switch (name) {
      case 'rtf':
      case 'ansi':
        return undefined;
      case 'ansicpg':
        if (param !== undefined) {
          // A code page no decoder knows: text bytes written in it are a loss when they occur.
          this.docCp = decoderFor(param) ? param : -param;
          st.cp = this.codePageOf(st.font);
        }
        return undefined;
      case 'mac':
        this.docCp = 10000;
        st.cp = 10000;
        return undefined;
      case 'pc':
        this.docCp = 437;
        st.cp = 437;
        return undefined;
      case 'pca':
        this.docCp = 850;
        st.cp = 850;
        return undefined;
      case 'deff':
        this.defaultFont = param ?? 0;
        st.font = this.defaultFont;
        return undefined;
      case 'uc':
        st.uc = Math.max(0, param ?? 1);
        return undefined;
      case 'plain':
        st.hidden = false;
        st.deleted = false;
        st.inserted = false;
        st.fg = st.bg = 0;
        st.tiny = st.squeezed = st.overdrawn = st.offLine = st.caps = st.struck = st.boxed = false;
        st.font = this.defaultFont;
        st.cp = this.codePageOf(st.font);
        return undefined;
      case 'v':
        st.hidden = param !== 0;
        return undefined;
      case 'strike':
      case 'striked':
        st.struck = param !== 0;
        return undefined;
      // A border's kind words (\brdrs, \brdrnone) follow the word naming whose border it is.
      case 'chbrdr':
        st.boxed = true;
        this.borderOfChars = true;
        return undefined;
      case 'brdrt':
      case 'brdrb':
      case 'brdrl':
      case 'brdrr':
      case 'box':
      case 'brdrbtw':
      case 'brdrbar':
      case 'clbrdrt':
      case 'clbrdrb':
      case 'clbrdrl':
      case 'clbrdrr':
      case 'trbrdrt':
      case 'trbrdrb':
      case 'trbrdrl':
      case 'trbrdrr':
      case 'trbrdrh':
      case 'trbrdrv':
      case 'pgbrdrt':
      case 'pgbrdrb':
      case 'pgbrdrl':
      case 'pgbrdrr':
        this.borderOfChars = false;
        return undefined;
      case 'brdrnone':
      case 'brdrnil':
        if (this.borderOfChars) st.boxed = false;
        return undefined;
      case 'caps':
      case 'scaps':
        st.caps = param !== 0;
        return undefined;
      case 'cf':
        st.fg = param ?? 0;
        return undefined;
      case 'cb':
      case 'highlight':
      case 'chcbpat':
        st.bg = param ?? 0;
        return undefined;
      case 'fs':
        // Half points: 2 pt and less is a speck, not a character anyone reads.
        st.tiny = param !== undefined && param <= UNSEEN_MAX_POINTS * 2;
        return undefined;
      case 'charscalex':
        st.squeezed = param !== undefined && param <= UNSEEN_MAX_PERCENT;
        return undefined;
      case 'expnd': // quarter points
        st.overdrawn = param !== undefined && param <= OVERDRAWN_SPACING_POINTS * 4;
        return undefined;
      case 'expndtw': // twentieths of a point
        st.overdrawn = param !== undefined && param <= OVERDRAWN_SPACING_POINTS * 20;
        return undefined;
      case 'up': // half points (6 without a value)
      case 'dn':
        st.offLine = (param ?? 6) >= OFF_LINE_POINTS * 2;
        return undefined;
      case 'deleted':
        st.deleted = param !== 0;
        return undefined;
      case 'revised':
        st.inserted = param !== 0;
        return undefined;
      case 'f':
        if (st.inFontTable) {
          st.fontDef = param ?? 0;
          if (!this.fonts.has(st.fontDef)) this.fonts.set(st.fontDef, 0);
        } else {
          st.font = param ?? 0;
          st.cp = this.codePageOf(st.font);
        }
        return undefined;
      case 'fcharset':
        if (st.inFontTable && st.fontDef !== undefined) {
          const p = param ?? 0;
          const cp = p === 0 ? (DBCS.has(this.docCp) ? 0 : 1252) : p === 1 || p === 2 ? p : CHARSETS[p];
          // A charset no decoder knows (Johab …): a loss only if text is written in the font.
          this.fonts.set(st.fontDef, cp === undefined || (cp > 2 && !decoderFor(cp)) ? -(cp ?? 100000 + p) : cp);
        }
        return undefined;
      case 'cpg':
        if (st.inFontTable && st.fontDef !== undefined && param !== undefined) {
          this.fonts.set(st.fontDef, decoderFor(param) ? param : -param);
        } else if (param !== undefined && decoderFor(param)) st.cp = param;
        return undefined;
      case 'fonttbl':
        st.inFontTable = true;
        st.story = undefined;
        st.collect = { kind: 'text', what: 'font', text: '', name: '' };
        return undefined;
      case 'pard':
        if (st.story) st.story.inTable = false;
        this.item.ls = 0;
        this.item.ilvl = 0;
        return undefined;
      case 'fftype':
      case 'ffres':
      case 'ffdefres':
        // A legacy form field's kind (0 text, 1 check box, 2 drop-down), its state or chosen entry, and its default.
        if (this.formField && param !== undefined) this.formField[name === 'fftype' ? 'type' : name === 'ffres' ? 'res' : 'defres'] = param;
        return undefined;
      case 'ls':
        // The paragraph is an item of list override N: Word draws its label before the text.
        if (st.story && !st.collect && !st.pn && param !== undefined && param > 0) (this.item.ls = param), (this.item.story = st.story);
        return undefined;
      case 'ilvl':
        if (st.story && !st.collect && !st.pn) this.item.ilvl = Math.max(0, Math.min(param ?? 0, 8));
        return undefined;
      case 'intbl':
        if (st.story) st.story.inTable = true;
        return undefined;
      case 'cell':
      case 'nestcell':
        if (st.story) {
          st.story.endParagraph(true);
          st.story.column++;
        }
        return undefined;
      case 'row':
      case 'nestrow':
        if (st.story) {
          st.story.row++;
          st.story.column = 1;
        }
        return undefined;
      case 'trowd':
        if (st.story) st.story.column = 1;
        return undefined;
      case 'ftnalt':
        this.footnoteIsEnd = true;
        if (st.story && st.story.main.role === 'footnote' && st.story.main.isEmpty) {
          // The footnote just opened is an endnote: retarget it.
          const s = this.newStory('endnote', 'endnote');
          this.stories.splice(this.stories.indexOf(st.story), 1);
          this.counts.set('footnote', (this.counts.get('footnote') ?? 1) - 1);
          st.story = s;
        }
        return undefined;
    }
    if (BREAKS.has(name)) {
      if (st.collect?.kind === 'text') st.collect.text += '\n';
      else {
        // An empty item is numbered too: the next one's number counts it.
        if (name === 'par' && st.story && st.story === this.item.story) this.listLabel();
        st.story?.endParagraph(false);
        if (name === 'par' && st.story === this.item.story) this.item.counted = false;
        if (name === 'par' && st.story === this.item.cached) this.item.cached = undefined;
      }
      return undefined;
    }
    // Destinations.
    if (name === 'upr') {
      // A destination only at the head of its group ({\upr{ANSI}{\*\ud{Unicode}}}); elsewhere
      // ({\b\upr …}) no reader takes it for one and its text is shown. The ANSI copy is what a
      // reader without Unicode shows: read as hidden text, like \nonshppict, not dropped.
      if (!head || st.upr) return undefined;
      st.upr = { story: st.story, collect: st.collect, hidden: st.hidden };
      st.story = this.unknown('the ANSI copy of text also written in Unicode (\\upr)');
      st.collect = undefined;
      st.hidden = false;
      return undefined;
    }
    if (name === 'ud') {
      if (st.upr) {
        st.story = st.upr.story;
        st.collect = st.upr.collect;
        st.hidden = st.upr.hidden;
        st.upr = undefined;
      }
      return undefined;
    }
    if (head && SKIPPED.has(name)) {
      if (!st.readingSkipped) return 'skip-group';
      this.readSkipped(st, name);
      return undefined;
    }
    if (head && name === 'bkmkstart') {
      // A bookmark's name ({\*\bkmkstart name}; \bkmkend repeats it): shown in Word's Bookmark
      // dialog and the Go To list, read as the .doc reader reads them (one part, a name a line).
      this.collectText(st, 'bkmkstart', 'bookmark name', (t) => {
        const n = t.replace(/\s+/g, ' ').trim();
        if (!n) return;
        if (!this.bookmarks) this.extraParts.push((this.bookmarks = new PartBuilder('bookmarks', 'bookmark', { filePart: 'bkmkstart', detail: 'bookmark names' })));
        this.bookmarks.append(n);
        this.bookmarks.endParagraph({ kind: 'paragraph' });
      });
      return undefined;
    }
    if (head && (name === 'htmltag' || name === 'mhtmltag')) {
      // Outlook's encapsulated HTML ([MS-OXRTFEX], \fromhtml1): the markup kept for the HTML view,
      // which an RTF view skips. What it holds beside tags (a <title>, text only the HTML shows) and
      // the attributes a reader sees (title, alt, …) are read as hidden text; styles are not text.
      this.collectText(st, 'htmltag', 'encapsulated HTML', (t) => this.htmlMarkup(t));
      return undefined;
    }
    if (head && name === 'listtable') {
      // The list table is formatting, except the text each level draws before its number
      // (\leveltext): Word draws it from here, whether or not a paragraph caches it in \listtext.
      this.collectText(st, 'listtable', 'list table', () => {});
      return undefined;
    }
    if (head && name === 'leveltext') {
      this.collectText(st, 'leveltext', 'list level text', (t) => {
        // The first character is the text's length; \'00–\'08 stand for the level numbers.
        const shown = t.slice(1).replace(/[\u0000-\u001f;]/g, ' ').replace(/\s+/g, ' ').trim();
        // One letter is enough: a level drawing 机 before 密★5年 shows 机密★5年.
        if (!/\p{L}/u.test(shown)) return;
        const story = this.extraStory('list-level-text', 'hidden', 'text list levels draw before their numbers (\\leveltext)');
        story.main.append(shown);
        story.endParagraph(false);
      });
      return undefined;
    }
    if (name === 'header' || name === 'headerl' || name === 'headerr' || name === 'headerf' || name === 'footer' || name === 'footerl' || name === 'footerr' || name === 'footerf') {
      const footer = name.startsWith('footer');
      const which = { l: 'left pages', r: 'right pages', f: 'first page' }[name.slice(6)] ?? 'default';
      this.openStory(st, this.newStory(footer ? 'footer' : 'header', footer ? 'footer' : 'header', which));
      return undefined;
    }
    if (name === 'footnote') {
      this.openStory(st, this.newStory('footnote', 'footnote'));
      return undefined;
    }
    if (name === 'ftnsep' || name === 'ftnsepc' || name === 'aftnsep' || name === 'aftnsepc') {
      // The separator above the footnotes (or endnotes) of each page: a line, and whatever text
      // was typed into it, which every such page shows (DOCX's separator footnotes are read too).
      this.openStory(st, this.newStory('note-separator', 'footnote', 'footnote and endnote separators'));
      return undefined;
    }
    if (name === 'annotation') {
      this.openStory(st, this.newStory('annotation', 'comment', this.annotationAuthor ? `comment by ${this.annotationAuthor}` : 'comment'));
      this.annotationAuthor = undefined;
      return undefined;
    }
    if (name === 'atnid' || name === 'atnauthor') {
      this.collectText(st, name, name, (t) => {
        if (name === 'atnauthor' || !this.annotationAuthor) this.annotationAuthor = t.trim() || this.annotationAuthor;
        // Who wrote a comment, and the initials Word shows beside it: people's names, read as
        // metadata as the other readers keep them.
        this.property('metadata', name === 'atnauthor' ? 'comment author' : 'comment initials', 'annotation', t);
      });
      return undefined;
    }
    if (name === 'shptxt' || name === 'dptxbx') {
      this.openStory(st, this.newStory('text-box', 'text-box', name === 'shptxt' ? 'shape text' : 'drawing text box'));
      return undefined;
    }
    if (name === 'shprslt' || name === 'nonshppict') {
      // A copy of the shape or picture for readers that do not know shapes: its text is read as
      // hidden (such readers show it, Word does not); its pictures are the same pictures again.
      this.alternates++;
      st.story = this.unknown('the copy of shapes and pictures written for old readers');
      st.hidden = false;
      st.alternate = true;
      return undefined;
    }
    if (name === 'fldinst' || name === 'fldtitle') {
      const story = st.story;
      this.collectText(st, 'fldinst', 'field instruction', (t) => this.fieldInstruction(t, story));
      return undefined;
    }
    if (name === 'pntext' || name === 'listtext') {
      // Numbering text: bullets are glyph numbers of symbol fonts, whatever charset the font claims.
      st.numbering = true;
      // Word's cache of the paragraph's label (Word and LibreOffice write it before the \pard\ls of
      // its paragraph): what is read; the item is still counted, not drawn again.
      if (st.story) this.item.cached = st.story;
      return undefined;
    }
    if (name === 'field') {
      this.eqShownInPlace = false;
      this.formField = undefined;
      const outer = this.fieldGroup;
      this.fieldGroup = st;
      this.fieldHidden = st.hidden;
      this.fieldDeleted = st.deleted;
      // A property field with no result group at all shows the value where it stands.
      st.onClose = () => {
        this.fieldGroup = outer;
        const pf = this.pendingField;
        if (pf?.field !== st) return;
        this.pendingField = undefined;
        if (pf.inPlace && typeof pf.value === 'string') pf.story.write(pf.value, pf.hidden, pf.deleted, false);
        else if (!pf.hidden && !pf.deleted) (pf.story.beginReplaced(), pf.story.endReplaced(pf.value));
      };
    }
    if (name === 'fldrslt' && this.pendingField) {
      // A property field (TITLE, DOCPROPERTY x, DOCVARIABLE x …): Word shows the value once the
      // field is updated. An empty result shows it in place (机 + TITLE 密★5年 reads 机密★5年); a
      // result is kept, and a value it does not show is read as hidden text.
      const pf = this.pendingField;
      this.pendingField = undefined;
      this.flush();
      const at = pf.story.main.offset;
      pf.story.beginReplaced();
      st.onClose = () => {
        this.flush();
        const result = pf.story.main.text.slice(at);
        const updated = !pf.hidden && !pf.deleted ? pf.value : undefined;
        if (!pf.inPlace || typeof pf.value !== 'string') pf.story.endReplaced(updated);
        else if (!result.trim()) (pf.story.endReplaced(undefined), pf.story.write(pf.value, pf.hidden, pf.deleted, false));
        else {
          pf.story.endReplaced(updated);
          if (result.trim() !== pf.value.trim()) pf.story.write(pf.value, true, pf.deleted, false);
        }
      };
      return undefined;
    }
    if (name === 'fldrslt' && this.eqShownInPlace) {
      // The result stored for a phonetic guide whose base text was read in place (below): kept,
      // as hidden text, so the base is not read twice in the line.
      this.eqShownInPlace = false;
      st.story = this.unknown('the stored result of a phonetic-guide field (EQ \\o), its base text read in place');
      return undefined;
    }
    if (name === 'formfield') this.formField = { type: 0, entries: [] };
    if (name === 'fldrslt' || name === 'field' || name === 'result' || name === 'shp' || name === 'shpinst' || name === 'shpgrp' || name === 'do' || name === 'picprop' || name === 'sp' || name === 'formfield' || name === 'ud' || name === 'mmath' || name === 'moMath' || name === 'moMathPara' || name === 'object') {
      if (name === 'object') {
        this.objectClass = undefined;
        this.objectScanned = false;
      }
      // The rendered result of an object whose data went to the scan shows the same content: its pictures are not OCR'd again.
      if (name === 'result' && this.objectScanned) st.alternate = true;
      return undefined;
    }
    if (name === 'pn' || name === 'pntxtb' || name === 'pntxta') {
      // Text an old-style numbering level (\pn) puts before or after every number it draws; the
      // level's other words are formatting.
      const story = this.extraStory('list-text', 'hidden', 'text numbering puts before and after its numbers (\\pntxtb, \\pntxta)');
      this.openStory(st, story);
      st.pn = true;
      st.onClose = () => story.endParagraph(false);
      return undefined;
    }
    if (FORM_FIELD.has(name)) {
      const story = this.extraStory('form-fields', 'form-field', 'form fields');
      this.openStory(st, story);
      const form = name === 'ffl' ? this.formField : undefined;
      const at = story.main.offset;
      st.onClose = () => {
        if (form) (this.flush(), form.entries.push(story.main.text.slice(at).trim()));
        story.endParagraph(false);
      };
      return undefined;
    }
    if (name === 'sn') {
      this.collectText(st, 'sn', 'shape property', (t) => (this.propName = t.trim().toLowerCase()));
      return undefined;
    }
    if (name === 'sv') {
      const prop = this.propName ?? '';
      if (prop === 'shapetype') {
        // An ellipse (msosptEllipse) drawn over a 密级 row circles the option chosen (see Story.ringed).
        const story = st.story;
        this.collectText(st, 'sv', prop, (t) => void (t.trim() === '3' && story && (story.ringed = true)));
        return undefined;
      }
      const role = SHAPE_TEXT[prop];
      if (!role && !prop.startsWith('wz') && !prop.startsWith('gtext')) {
        // Numbers, colours, pictures (a `\pict` fill inside is still read: it is its own group).
        st.story = undefined;
        st.collect = undefined;
        return undefined;
      }
      this.collectText(st, 'sv', prop, (t) => this.property(role ?? 'alt-text', prop, 'shape', t));
      return undefined;
    }
    if (name === 'info') {
      st.story = undefined;
      st.collect = undefined;
      return undefined;
    }
    if (head && INFO_FIELDS.has(name)) {
      this.collectText(st, 'info', name, (t) => (this.property('properties', name, 'info', t), this.known.set(name, t.trim())));
      return undefined;
    }
    if (name === 'userprops') {
      st.story = undefined;
      return undefined;
    }
    if (name === 'propname') {
      this.collectText(st, 'propname', 'propname', (t) => (this.propName = t.trim()));
      return undefined;
    }
    if (name === 'staticval') {
      const label = this.propName;
      this.collectText(st, 'staticval', 'staticval', (t) => {
        this.property('properties', label ?? 'user property', 'userprops', label ? `${label}：${t}` : t);
        if (label) this.known.set(`prop:${label.toLowerCase()}`, t.trim());
      });
      return undefined;
    }
    if (name === 'docvar') {
      // {\*\docvar {name}{value}}: text macros keep and no reader shows.
      this.collectText(st, 'docvar', 'document variable', (t) => {
        this.property('metadata', 'document variable', 'docvar', t.replace(/\n+/g, '：'));
        const [vname, ...value] = t.split(/\n+/).filter((x) => x.trim());
        if (vname) this.known.set(`var:${vname.trim().toLowerCase()}`, value.join('\n').trim());
      });
      return undefined;
    }
    if (name === 'objclass') {
      this.collectText(st, 'objclass', 'object class', (t) => (this.objectClass = t.trim()));
      return undefined;
    }
    if (name === 'objdata') {
      const col: Collect = { kind: 'hex', what: 'objdata', data: new ByteSink(), bad: 0 };
      st.collect = col;
      st.story = undefined;
      const cls = this.objectClass;
      st.onClose = () => this.object(col.data.bytes(), cls);
      return undefined;
    }
    if (name === 'pict') {
      const info: PictInfo = { blip: 'wmetafile', alternate: st.alternate };
      const col: Collect = { kind: 'hex', what: 'pict', data: new ByteSink(), bad: 0 };
      st.collect = col;
      st.story = undefined;
      st.pict = info;
      st.onClose = () => this.picture(col.data.bytes(), info);
      return undefined;
    }
    if (st.pict && st.collect?.kind === 'hex') {
      if (/^(pngblip|jpegblip|emfblip|wmetafile|macpict|dibitmap|wbitmap|pmmetafile)$/.test(name)) st.pict.blip = name;
      else if (name === 'picw') st.pict.width = param;
      else if (name === 'pich') st.pict.height = param;
      else if (name === 'wbmbitspixel') st.pict.bpp = param;
      return undefined;
    }
    if (name === 'xe' || name === 'tc' || name === 'txe' || name === 'rxe') {
      // Index and table-of-contents entries: field text a reader does not see in place.
      const story = this.extraStory('index-entries', 'field', 'index and contents entries');
      st.story = story;
      st.onClose = () => story.endParagraph(false);
      return undefined;
    }
    if (st.star && head) {
      // An ignorable destination this reader does not know: its text is read as hidden text.
      this.unknownDests.set(name, (this.unknownDests.get(name) ?? 0) + 1);
      st.story = this.unknown(`destinations a reader skips: ${name}`);
      st.collect = undefined;
      const story = st.story;
      st.onClose = () => story.endParagraph(false);
      return undefined;
    }
    return undefined;
  }

  /** Inside a <style> or <script> of the encapsulated HTML (it spans \*\htmltag groups). */
  private htmlIn: 'style' | undefined;

  /** One \*\htmltag group's markup: its text and its shown attributes, to the encapsulated-HTML story. */
  private htmlMarkup(markup: string): void {
    const lines: string[] = [];
    const re = /<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|<!--|-->|[^<]+|</g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(markup))) {
      if (m[2]) {
        const tag = m[2].toLowerCase();
        if (tag === 'style') this.htmlIn = m[1] ? undefined : 'style';
        for (const a of m[3].matchAll(/\s([\w:-]+)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)/g)) {
          if (HTML_TEXT_ATTRS.has(a[1].toLowerCase())) lines.push(htmlEntities(a[2].replace(/^["']|["']$/g, '')));
        }
        continue;
      }
      if (this.htmlIn || m[0] === '<!--' || m[0] === '-->') continue;
      lines.push(htmlEntities(m[0]));
    }
    const text = lines.map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean);
    if (!text.length) return;
    const story = this.extraStory('encapsulated-html', 'hidden', 'HTML kept for the HTML view (\\*\\htmltag), which an RTF view does not show');
    for (const line of text) {
      story.main.append(line);
      story.endParagraph(false);
    }
  }

  private extraStory(kind: string, role: PartRole, detail: string): Story {
    const existing = this.stories.find((s) => s.id === kind);
    if (existing) return existing;
    const s = new Story(kind, role, { filePart: kind, detail });
    this.stories.push(s);
    return s;
  }

  private openStory(st: GroupState, story: Story): void {
    st.story = story;
    st.collect = undefined;
    st.hidden = false;
    st.deleted = false;
    st.inserted = false;
  }

  private collectText(st: GroupState, what: Extract<Collect, { kind: 'text' }>['what'], name: string, done: (text: string) => void): void {
    if (st.upr) {
      // A destination inside a \upr ANSI copy ({\upr{\title ANSI}{\*\ud{\title Unicode}}}): its
      // text is the ANSI copy's, hidden text; the \ud copy is the property.
      const story = st.story ?? this.unknown('the ANSI copy of text also written in Unicode (\\upr)');
      done = (t) => {
        if (!t.trim()) return;
        story.main.append(t.trim());
        story.endParagraph(false);
      };
    }
    const col: Collect = { kind: 'text', what, text: '', name };
    st.collect = col;
    st.onClose = () => done(col.text);
  }

  private property(role: PartRole, name: string, filePart: string, text: string): void {
    const t = text.trim();
    if (!t) return;
    const n = (this.counts.get(`p:${name}`) ?? 0) + 1;
    this.counts.set(`p:${name}`, n);
    const b = new PartBuilder(`${filePart}#${name}${n > 1 ? `-${n}` : ''}`, role, { filePart, detail: name });
    for (const line of t.split('\n')) {
      b.append(line);
      b.endParagraph({ kind: 'paragraph' });
    }
    this.extraParts.push(b);
  }

  /** Document properties (\info), user properties (\userprops) and variables (\docvar) by the name fields give them. */
  private readonly known = new Map<string, string>();
  /** The innermost field group open, and whether its text is hidden or deleted. */
  private fieldGroup: GroupState | undefined;
  private fieldHidden = false;
  private fieldDeleted = false;
  /** A property field whose value is known, waiting for its result group (or the field's end). */
  private pendingField: { value: string | [string, string]; inPlace: boolean; story: Story; hidden: boolean; deleted: boolean; field: GroupState | undefined } | undefined;

  /** The value a property field shows (TITLE, SUBJECT, DOCPROPERTY Title, DOCPROPERTY 密级, DOCVARIABLE x …), if known. */
  private fieldValue(t: string): string | undefined {
    const m = /^([A-Z]+)\b\s*(?:"([^"]*)"|(\S+))?/i.exec(t);
    if (!m) return undefined;
    const kind = m[1].toUpperCase();
    const arg = (m[2] ?? m[3] ?? '').trim();
    if (kind in PROPERTY_FIELDS) return arg && !arg.startsWith('\\') ? undefined : this.known.get(PROPERTY_FIELDS[kind]);
    if (kind === 'DOCPROPERTY' && arg) return this.known.get(`prop:${arg.toLowerCase()}`) ?? this.known.get(PROPERTY_FIELDS[arg.toUpperCase()] ?? '');
    if (kind === 'DOCVARIABLE' && arg) return this.known.get(`var:${arg.toLowerCase()}`);
    return undefined;
  }

  /**
   * What a field computes from its instruction alone, once updated: QUOTE's literal, FILLIN's
   * default, both branches of an IF, and REF (or a bare bookmark name) after a SET or ASK gave the
   * bookmark a value; a SET itself shows nothing.
   */
  private fieldComputes(t: string): string | [string, string] | undefined {
    const m = /^(\w+)\b\s*(.*)$/s.exec(t);
    if (!m) return undefined;
    const kind = m[1].toUpperCase();
    const lit = (x: string) => /^\s*"((?:[^"\\]|\\.)*)"/.exec(x)?.[1]?.replace(/\\(.)/g, '$1') ?? /^\s*([^\s\\"]+)/.exec(x)?.[1];
    if (kind === 'SET' || kind === 'ASK') {
      const name = /^\s*([^\s\\"]+)\s*(.*)$/s.exec(m[2]);
      const v = name ? lit(kind === 'SET' ? name[2] : (/\\d\s*(.*)$/s.exec(name[2])?.[1] ?? '')) : undefined;
      if (name && v !== undefined) this.known.set(`set:${name[1].toLowerCase()}`, v);
      return undefined;
    }
    if (kind === 'QUOTE') return lit(m[2]);
    if (kind === 'FILLIN') return lit(/\\d\s*(.*)$/s.exec(m[2])?.[1] ?? '');
    if (kind === 'IF') {
      const lits = [...m[2].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((q) => q[1].replace(/\\(.)/g, '$1'));
      return lits.length ? [lits[Math.max(0, lits.length - 2)], lits.length > 1 ? lits[lits.length - 1] : ''] : undefined;
    }
    const name = kind === 'REF' ? /^\s*([^\s\\"]+)/.exec(m[2])?.[1] : m[1];
    return name ? this.known.get(`set:${name.toLowerCase()}`) : undefined;
  }

  /** The legacy form field (\formfield) of the field being read: kind, state or chosen entry, default, a drop-down's entries. */
  private formField: { type: number; res?: number; defres?: number; entries: string[] } | undefined;

  /**
   * What a legacy drop-down or check box shows (Word draws it from \formfield, and writes an empty
   * result): the chosen entry (\ffres, 25 for none: the default \ffdefres, else the first), the box
   * ticked or not (☑ ☐). Shown where the field stands, so 密级：{FORMDROPDOWN 机密 chosen} reads 密级：机密
   * and a row of ticked boxes as the DOCX reader reads it.
   */
  private formShows(t: string): string | undefined {
    const form = this.formField;
    const kind = /^FORM(DROPDOWN|CHECKBOX)\b/i.exec(t)?.[1]?.toUpperCase();
    if (!form || !kind) return undefined;
    this.formField = undefined;
    const pick = (v: number | undefined) => (v !== undefined && v !== 25 ? v : undefined);
    const chosen = pick(form.res) ?? pick(form.defres) ?? 0;
    if (kind === 'CHECKBOX') return chosen ? '☑' : '☐';
    return form.entries[chosen] ?? form.entries[0];
  }

  /** Set when an EQ phonetic guide's base text was written in place: its stored result is hidden text. */
  private eqShownInPlace = false;

  private fieldInstruction(text: string, story: Story | undefined): void {
    const t = text.replace(/\s+/g, ' ').trim();
    if (!t) return;
    // A phonetic guide as Word writes it in RTF and .doc (拼音指南): EQ \o\ad(\s\up 9(jī),机). Word
    // draws the base character in the line with the guide above it; the instruction is the only
    // place the base is written, so it is read where the field stands (机密★5年 stays whole).
    const ruby = /^EQ\b.*?\\o(?:\\a[dlrc])?\s*\(\s*\\s\s*\\up\s*-?\d+\s*\(([^()]*)\)\s*,\s*([^()]*)\)/i.exec(t);
    if (ruby && story && ruby[2].trim()) {
      this.flush();
      story.main.append(ruby[2].trim());
      story.drawn(ruby[2].trim(), false);
      this.eqShownInPlace = true;
    } else if (story) {
      // SYMBOL and EQ fields draw characters from codes and arguments (SYMBOL 26426 \u is 机), as
      // Word shows them once updated: written where the field stands, so fields spelling a marking
      // one character each read as the line Word draws; the stored result is hidden text.
      const shows = fieldShows(t);
      // A field in another field's instruction (QUOTE "机{SYMBOL 23494 \u}★5年"): what it draws is part of that instruction.
      const outer = this.fieldGroup?.collect;
      if (shows && outer?.kind === 'text' && outer.what === 'fldinst') outer.text += shows;
      else if (shows) {
        this.flush();
        story.main.append(shows);
        story.drawn(shows, ENCLOSING.test(t.slice(0, 200)));
        this.eqShownInPlace = true;
      } else {
        const value = this.formShows(t) ?? this.fieldValue(t);
        const computed = value ?? this.fieldComputes(t);
        const field = this.fieldGroup;
        if (computed !== undefined && computed !== '') this.pendingField = { value: computed, inPlace: !!value, story, hidden: this.fieldHidden, deleted: this.fieldDeleted, field };
      }
    }
    const s = this.extraStory('fields', 'field', story ? `field instructions (in ${story.id})` : 'field instructions');
    s.main.append(t);
    s.endParagraph(false);
    // Quoted literals (QUOTE "…", IF … "…" "…") are what the field shows once updated, whatever
    // stale result the file stores: each is a line of its own.
    for (const m of t.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
      const lit = m[1].replace(/\\(.)/g, '$1').trim();
      // A link target or file path is an address, already read in the instruction line.
      if (!lit || /^(?:[a-z][\w+.-]*:|www\.|[a-z]:[\\/]|[\\/]{2})/i.test(lit)) continue;
      s.main.append(lit);
      s.endParagraph(false);
    }
  }

  /** Text bytes written in a code page no decoder knows, by code page. */
  private readonly unknownCp = new Map<number, number>();


  /** A text byte (a literal or `\'xx`): held until the run ends so double-byte characters decode whole. */
  private byte(v: number, st: GroupState, at: number): void {
    if (this.pendingState !== st || (this.pending.length && this.pendingState.cp !== st.cp)) this.flush();
    if (!this.pending.length) this.pendingAt = at;
    this.pendingState = st;
    this.pending.push(v);
  }

  /** Literal text bytes `from`..`to` (control bytes other than tab are no text). */
  private bytesRun(b: Uint8Array, from: number, to: number, st: GroupState): void {
    if (this.pendingState !== st || (this.pending.length && this.pendingState.cp !== st.cp)) this.flush();
    if (!this.pending.length) this.pendingAt = from;
    this.pendingState = st;
    for (let k = from; k < to; k++) if (b[k] >= 0x20) this.pending.push(b[k]);
  }

  /** Before a `\u`: bytes written so far are a run of their own. */
  private flushIfSwitching(): void {
    this.flush();
  }

  private flush(): void {
    const st = this.pendingState;
    if (!st || this.pending.length === 0) return;
    const bytes = Uint8Array.from(this.pending);
    this.pending = [];
    this.pendingState = undefined;
    if (st.inFontTable && st.collect?.kind === 'text') {
      // Font names: a symbol font's glyph numbers draw its pictures (Wingdings « is ★).
      if (st.fontDef !== undefined) this.fontNames.set(st.fontDef, (this.fontNames.get(st.fontDef) ?? '') + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'));
      return;
    }
    if (!st.collect && !st.story) return;
    let ascii = true;
    for (let k = 0; k < bytes.length; k++) if (bytes[k] > 0x7f) ascii = false;
    let text: string;
    if (ascii) text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
    else {
      const dec = decoderFor(st.cp);
      if (!dec) {
        // Read as Windows-1252 so the scan still sees something, and reported: the characters may be wrong.
        let high = 0;
        for (let k = 0; k < bytes.length; k++) if (bytes[k] > 0x7f) high++;
        this.unknownCp.set(Math.abs(st.cp), (this.unknownCp.get(Math.abs(st.cp)) ?? 0) + high);
      }
      text = (dec ?? decoderFor(1252)!).decode(bytes);
      if ((dec ?? windows1252) === windows1252 && !this.westernGbk && gb2312Text(bytes)) this.westernGbk = true;
      if (text.includes('\ufffd') && st.numbering) text = decoderFor(1252)!.decode(bytes);
      else if (text.includes('\ufffd')) {
        const bad = text.split('\ufffd').length - 1;
        if (this.undecodable.count === 0) this.undecodable.first = this.pendingAt;
        this.undecodable.count += bad;
        text = text.replace(/\ufffd/g, '');
      }
    }
    this.text(this.drawnStars(text, st), st, true);
  }

  /**
   * The stars a marking uses as a symbol font draws them: typed in Wingdings (« ª draw ★, µ ☆), or
   * as the font's private-use codes (U+F0AB, as \u-3925 in any symbol-font run), as the DOCX reader reads them.
   */
  private drawnStars(text: string, st: GroupState): string {
    const out = text.replace(/[\uf0aa\uf0ab\uf0b5]/g, (c) => (c === '\uf0b5' ? '☆' : '★'));
    return /wingdings/i.test(this.fontNames.get(st.font) ?? '') ? out.replace(/[\u00aa\u00ab\u00b5]/g, (c) => (c === '\u00b5' ? '☆' : '★')) : out;
  }

  /** Font names by number, from the font table. */
  private readonly fontNames = new Map<number, string>();

  /** A level's text decoded (with the document's code page) into characters and placeholders, cut at its length. */
  private levelItems(lvl: RtfListLevel): Array<string | number> {
    // The first unit is the text's length; then characters, placeholders and bytes to decode.
    const [len, ...rest] = lvl.text;
    const n = len === undefined ? 0 : 'byte' in len ? len.byte : 'ch' in len ? len.ch.charCodeAt(0) : len.ph;
    // Characters and placeholders as the length counts them (a double-byte character is one).
    const items: Array<string | number> = [];
    let bytes: number[] = [];
    const flushBytes = () => {
      if (!bytes.length) return;
      const raw = Uint8Array.from(bytes);
      let t = (decoderFor(this.docCp) ?? windows1252).decode(raw);
      if (t.includes('\ufffd')) t = windows1252.decode(raw);
      items.push(...t);
      bytes = [];
    };
    for (const u of rest) {
      if ('byte' in u && u.byte >= 0x20) {
        bytes.push(u.byte);
        continue;
      }
      flushBytes();
      if ('ch' in u) items.push(...u.ch);
      else items.push('byte' in u ? u.byte : u.ph);
    }
    flushBytes();
    // What follows the counted characters (the closing ;) is no text; Word's length is one byte.
    return items.slice(0, Math.min(n, 255));
  }

  /**
   * Counts the current paragraph's list item (once) and gives its label as Word draws it: the
   * level's \leveltext with each placeholder the number of its level in that level's \levelnfc,
   * then a tab or space (\levelfollow); '' for no list, an unknown list or a counted item.
   */
  private listLabel(): string {
    const it = this.item;
    if (!it.ls || it.counted) return '';
    it.counted = true;
    if (!this.lists) {
      const src = this.latin1.latin1Slice(0, this.bytes.length);
      const table = groupOf(src, 'listtable', 0);
      const over = groupOf(src, 'listoverridetable', 0);
      this.lists = { defs: table ? listDefinitions(table) : new Map(), overrides: over ? listOverrides(over) : new Map() };
    }
    const id = this.lists.overrides.get(it.ls);
    const levels = id === undefined ? undefined : this.lists.defs.get(id);
    const lvl = levels?.[it.ilvl];
    if (id === undefined || !levels || !lvl) return '';
    // Counted per list and level; an item restarts the levels below it.
    const counts = this.listCounts.get(id) ?? [];
    this.listCounts.set(id, counts);
    counts[it.ilvl] = counts[it.ilvl] === undefined ? lvl.start : counts[it.ilvl] + 1;
    counts.length = it.ilvl + 1;
    lvl.items ??= this.levelItems(lvl);
    const shown = lvl.items.map((x) => (typeof x === 'string' ? x : x <= 8 ? formatNumber(counts[x] ?? levels[x]?.start ?? 1, NFC[levels[x]?.nfc ?? 0] ?? 'decimal') : ''));
    // A symbol font's private-use bullet () is no letter, and such characters make a part unread.
    const label = shown.join('').replace(/\p{Co}/gu, '');
    if (!label) return '';
    return label + (lvl.follow === 2 ? '' : lvl.follow === 1 ? ' ' : '\t');
  }

  private text(s: string, st: GroupState, flushed = false): void {
    if (!flushed) this.flush();
    if (!s) return;
    if (st.collect) {
      if (st.collect.kind === 'text' && !st.inFontTable) st.collect.text += s;
      return;
    }
    const story = st.story;
    if (!story) return;
    if (story === this.body) this.bodyStarted = true;
    // A list item's label, drawn before its first text where no \listtext cached it.
    if (story === this.item.story && !this.item.counted && !st.numbering) {
      const label = this.listLabel();
      if (label && this.item.cached !== story) story.write(label, st.hidden, st.deleted, !!st.inserted);
    }
    // Text nobody sees (white on white, 1 pt and less) is hidden text: a piece so written inside a
    // marking (机 + white 开 + 密★5年) leaves the marking whole.
    // Letters drawn as capitals (secret//noforn under \caps shows SECRET//NOFORN) read so.
    if (st.caps && /[a-z]/.test(s) && s.toUpperCase().length === s.length) s = s.toUpperCase();
    // A background that shows (a highlight or shading, not white): a form's option marked.
    const shaded = !!st.bg && !!this.colours[st.bg] && !sameColour(this.colours[st.bg], 'FFFFFF');
    story.write(s, st.hidden || !!st.tiny || !!st.squeezed || !!st.overdrawn || !!st.offLine || this.groundColoured(st), st.deleted, !!st.inserted, !!st.struck, st.boxed ? 'boxed' : shaded ? 'shaded' : undefined);
  }

  private picture(data: Uint8Array, info: PictInfo): void {
    const n = (this.counts.get('picture') ?? 0) + 1;
    this.counts.set('picture', n);
    const id = `picture-${n}`;
    const origin: PartOrigin = { filePart: id, detail: `picture ${n} (${info.blip})` };
    if (info.alternate) return; // the copy for old readers of a picture read where it stands
    if (data.length === 0) return;
    let bytes = data;
    let media = sniffImage(bytes);
    if (!media && (info.blip === 'dibitmap' || info.blip === 'wbitmap')) {
      bytes = bmpFromDib(data) ?? data;
      media = sniffImage(bytes);
    }
    if (media) {
      if (!this.render) {
        this.unread.push({ where: id, reason: 'ocr-unavailable', detail: `Picture ${n} was not OCR'd; any text in it was not read.`, origin });
        return;
      }
      this.images.push({ id, bytes, mediaType: media, origin });
      return;
    }
    const kind = sniffBinary(data);
    const what = kind === 'emf' || kind === 'wmf' || /metafile|emf/.test(info.blip) ? `a vector picture (${info.blip})` : `a picture of a format not read (${info.blip})`;
    this.unread.push({ where: id, reason: 'unsupported-format', detail: `Picture ${n} is ${what}; its text and drawing were not read or OCR'd.`, origin });
  }

  private object(data: Uint8Array, cls: string | undefined): void {
    const n = (this.counts.get('object') ?? 0) + 1;
    this.counts.set('object', n);
    const id = `object-${n}`;
    const label = cls ? `embedded object ${n} (${cls})` : `embedded object ${n}`;
    const origin: PartOrigin = { filePart: id, detail: label };
    if (data.length === 0) {
      this.unread.push({ where: id, reason: 'embedded-object', detail: `The ${label} has no data in the document; what it shows was read only from its displayed result.`, origin });
      return;
    }
    // \objdata is an OLE 1.0 object: a header (version, format, class name, topic, item, size) and the native data, usually an OLE compound file.
    const cfbAt = indexOf(data, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    if (cfbAt >= 0) {
      const cfb = data.subarray(cfbAt);
      const doc = COMPOUND_DOCUMENTS.find(([stream]) => includesUtf16(cfb, stream));
      if (doc) {
        // A whole Office document (Word, Excel, PowerPoint, an encrypted package): scanned as a file of its own.
        this.embedded.push({ name: `${id}.${doc[1]}`, bytes: cfb, origin });
        this.objectScanned = true;
        return;
      }
      const ole = olePayloads(cfb);
      if (ole && ole.payloads.length) {
        this.objectScanned = true;
        for (const p of ole.payloads) this.embedded.push({ name: p.name, bytes: p.bytes, origin: { ...origin, detail: `${label}, OLE stream ${p.stream.replace(/[\x00-\x1f]/g, '')}` } });
        if (ole.unread.length) this.unread.push({ where: id, reason: 'embedded-object', detail: `The ${label} is an OLE object; its streams ${ole.unread.slice(0, 5).join(', ')} were not scanned.`, origin });
        return;
      }
    }
    const native = ole1Package(data);
    if (native) {
      this.embedded.push({ name: native.name, bytes: native.bytes, origin: { ...origin, detail: `${label}, packaged file ${native.name}` } });
      this.objectScanned = true;
      return;
    }
    for (const [sig, ext] of [[[0x25, 0x50, 0x44, 0x46, 0x2d], 'pdf'], [[0x50, 0x4b, 0x03, 0x04], 'zip']] as const) {
      const at = indexOf(data, [...sig]);
      if (at >= 0) {
        this.embedded.push({ name: `${id}.${ext}`, bytes: data.subarray(at), origin });
        this.objectScanned = true;
        return;
      }
    }
    this.unread.push({ where: id, reason: 'embedded-object', detail: `The ${label} is an OLE object of a kind not read (an equation, a drawing, an old Office file); its content was not scanned.`, origin });
  }
}

/** Streams that make an OLE compound file a document of its own, and the extension it is scanned under. */
const COMPOUND_DOCUMENTS: Array<[string, string]> = [
  ['EncryptedPackage', 'docx'],
  ['WordDocument', 'doc'],
  ['Workbook', 'xls'],
  ['Book', 'xls'],
  ['PowerPoint Document', 'ppt'],
];

/**
 * The file an OLE 1.0 `Package` object carries: after the OLE 1.0 header (version, format, class,
 * topic and item names, native size) comes the Packager's data: type, label, source path, a
 * reserved word, temporary path, size, bytes.
 */
function ole1Package(b: Uint8Array): { name: string; bytes: Uint8Array } | undefined {
  if (b.length < 12) return undefined;
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let at = 8;
  const lenString = (): string | undefined => {
    if (at + 4 > b.length) return undefined;
    const len = v.getUint32(at, true);
    if (at + 4 + len > b.length) return undefined;
    const s = Buffer.from(b.subarray(at + 4, at + 4 + len)).toString('latin1').replace(/\0+$/, '');
    at += 4 + len;
    return s;
  };
  const cls = lenString();
  if (cls !== 'Package' || lenString() === undefined || lenString() === undefined) return undefined;
  // What follows is a Packager stream's content, from its size on.
  return ole10Native(b.subarray(at));
}

function indexOf(hay: Uint8Array, needle: number[]): number {
  const first = needle[0];
  outer: for (let i = hay.indexOf(first); i >= 0 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

/** A device-independent bitmap (`\dibitmap`) as a BMP file: the 14-byte file header it lacks. */
function bmpFromDib(dib: Uint8Array): Uint8Array | undefined {
  if (dib.length < 40) return undefined;
  const v = new DataView(dib.buffer, dib.byteOffset, dib.byteLength);
  const headerSize = v.getUint32(0, true);
  if (headerSize < 12 || headerSize > dib.length) return undefined;
  const bpp = headerSize === 12 ? v.getUint16(10, true) : v.getUint16(14, true);
  const compression = headerSize >= 40 ? v.getUint32(16, true) : 0;
  const used = headerSize >= 40 ? v.getUint32(32, true) : 0;
  const palette = (used || (bpp <= 8 ? 1 << bpp : 0)) * (headerSize === 12 ? 3 : 4) + (compression === 3 && headerSize === 40 ? 12 : 0);
  const out = new Uint8Array(14 + dib.length);
  const o = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  o.setUint32(2, out.length, true);
  o.setUint32(10, 14 + headerSize + palette, true);
  out.set(dib, 14);
  return out;
}

export const rtfExtractor: Extractor = {
  format: 'rtf',
  extract: (bytes, ctx) => extractRtf(bytes, ctx),
};
