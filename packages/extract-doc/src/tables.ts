/**
 * Text a Word 97-2003 document keeps outside its stories, in tables the FIB points at ([MS-DOC]
 * 2.5.6 FibRgFcLcb97): document variables (StwUser), comment authors (GrpXstAtnOwners), AutoText
 * entry names (SttbfGlsy), the names in the other string tables (who saved it, change authors …), and the default, help and status texts of legacy form fields (FFData in
 * the Data stream). None of it is on the page; a macro or a template can still carry a marking
 * there, so it is read (or, where it cannot be, reported as a loss).
 */
import { PartBuilder, type Loss, type TextPart } from '@prepub/core';
import { decodeCp1252 } from './text.ts';

/** Offsets in the WordDocument stream of FibRgFcLcb97 pairs (fc then lcb, 4 bytes each); the blob begins at 0x9A. */
const FC = (index: number): number => 0x9a + index * 8;
const FC_STTBF_GLSY = FC(9);
const FC_PLCF_GLSY = FC(10);
const FC_GRP_XST_ATN_OWNERS = FC(36);
const FC_STW_USER = FC(60);

/** An fc/lcb pair of the FIB, when the FIB is long enough to hold it (cbRgFcLcb counts the pairs). */
function fcLcb(w: Buffer, at: number): { fc: number; lcb: number } | undefined {
  if (w.length < 0x9a || at + 8 > w.length) return undefined;
  const pairs = w.readUInt16LE(0x98);
  if ((at - 0x9a) / 8 >= pairs) return undefined;
  return { fc: w.readUInt32LE(at), lcb: w.readUInt32LE(at + 4) };
}

/** A string table ([MS-DOC] 2.2.4 STTB): its strings, where it ends, and how many it declared. */
interface Sttb {
  strings: string[];
  declared: number;
  end: number;
}

/**
 * Reads an STTB at `at` (no further than `limit`): extended (fExtend 0xFFFF, UTF-16 strings with a
 * 2-byte count) or not (8-bit strings with a 1-byte count). Stops at the first string that does not
 * fit; the caller compares `strings.length` with `declared`.
 */
export function readSttb(b: Buffer, at: number, limit: number): Sttb | undefined {
  if (at + 4 > limit) return undefined;
  const extended = b.readUInt16LE(at) === 0xffff;
  let p = extended ? at + 2 : at;
  if (p + 4 > limit) return undefined;
  const declared = b.readUInt16LE(p);
  const extra = b.readUInt16LE(p + 2);
  p += 4;
  const strings: string[] = [];
  for (let i = 0; i < declared; i++) {
    if (p + (extended ? 2 : 1) > limit) break;
    const cch = extended ? b.readUInt16LE(p) : b[p];
    const from = p + (extended ? 2 : 1);
    const to = from + cch * (extended ? 2 : 1);
    if (to + extra > limit) break;
    strings.push(extended ? b.subarray(from, to).toString('utf16le') : decodeCp1252(b.subarray(from, to)));
    p = to + extra;
  }
  return { strings, declared, end: p };
}

/** An Xst ([MS-DOC] 2.9.354): a 2-byte count and UTF-16 characters; undefined when it does not fit. */
function readXst(b: Buffer, at: number, limit: number): [string, number] | undefined {
  if (at + 2 > limit) return undefined;
  const to = at + 2 + b.readUInt16LE(at) * 2;
  if (to > limit) return undefined;
  return [b.subarray(at + 2, to).toString('utf16le'), to];
}

/** What the tables outside the stories gave: parts, and losses for what could not be read. */
export interface TablesResult {
  parts: TextPart[];
  loss: Loss[];
}

/**
 * Document variables (StwUser, [MS-DOC] 2.9.298): an extended STTB of names followed by one Xst
 * value per name. Macros and document-automation tools keep text there that no view shows.
 */
export function documentVariables(w: Buffer, table: Buffer, out: TablesResult): void {
  const at = fcLcb(w, FC_STW_USER);
  if (!at || at.lcb === 0) return;
  const end = at.fc + at.lcb;
  const bad = (detail: string, count = 1, total?: number): void => void out.loss.push({ where: 'document variables', kind: 'failed-stream', count, total, detail });
  if (end > table.length) return bad(`The document variables (${at.lcb} bytes) lie outside the table stream and were not read.`);
  const names = readSttb(table, at.fc, end);
  if (!names) return bad('The document variables could not be read (their name table is cut short).');
  const b = new PartBuilder('docvars', 'metadata', { filePart: 'WordDocument', detail: 'document variables' });
  let p = names.end;
  let read = 0;
  for (const name of names.strings) {
    const v = readXst(table, p, end);
    if (!v) break;
    p = v[1];
    b.append(`${name}：${v[0]}`);
    b.endParagraph({ kind: 'paragraph' });
    read++;
  }
  if (read < names.declared) bad(`${names.declared - read} of ${names.declared} document variables could not be read.`, names.declared - read, names.declared);
  if (!b.blank) out.parts.push(b.toPart());
}

/**
 * Comment authors (GrpXstAtnOwners, [MS-DOC] 2.9.111): an array of Xst filling its lcb. The names
 * people wrote comments under; read as metadata.
 */
export function commentAuthors(w: Buffer, table: Buffer, out?: TablesResult): string[] {
  const names: string[] = [];
  const at = fcLcb(w, FC_GRP_XST_ATN_OWNERS);
  if (!at || at.lcb === 0) return names;
  const end = at.fc + at.lcb;
  if (end > table.length) {
    out?.loss.push({ where: 'comment authors', kind: 'failed-stream', count: 1, detail: `The names of the comment authors (${at.lcb} bytes) lie outside the table stream and were not read.` });
    return names;
  }
  const b = new PartBuilder('comment-authors', 'metadata', { filePart: 'WordDocument', detail: 'comment authors' });
  let p = at.fc;
  while (p < end) {
    const x = readXst(table, p, end);
    if (!x) {
      out?.loss.push({ where: 'comment authors', kind: 'failed-stream', count: end - p, total: at.lcb, detail: `The last ${end - p} bytes of the comment authors' names could not be read.` });
      break;
    }
    p = x[1];
    names.push(x[0]);
    b.append(x[0]);
    b.endParagraph({ kind: 'paragraph' });
  }
  if (out && !b.blank) out.parts.push(b.toPart());
  return names;
}

/** String tables of names Word keeps about the document, by FIB index ([MS-DOC] 2.5.6). */
const NAME_TABLES: Array<[index: number, what: string]> = [
  [32, 'associated strings (SttbfAssoc: template, title, subject, author …)'],
  [51, 'authors of tracked changes (SttbfRMark)'],
  [52, 'caption labels (SttbCaption)'],
  [53, 'automatic caption labels (SttbAutoCaption)'],
  [71, 'who saved the document, and where (SttbSavedBy)'],
  [72, 'file names of subdocuments and linked files (SttbFnm)'],
];

/**
 * The names Word keeps about a document in string tables (who saved it and where, the authors of
 * tracked changes, associated strings, caption labels, linked file names): nobody sees them on a
 * page, but they are words in the file, read as metadata, one line each. A table that does not
 * fit its stream, or whose strings run short, is a loss.
 */
export function nameTables(w: Buffer, table: Buffer, out: TablesResult): void {
  const b = new PartBuilder('name-tables', 'metadata', { filePart: 'WordDocument', detail: 'names Word keeps about the document (string tables)' });
  const seen = new Set<string>();
  for (const [index, what] of NAME_TABLES) {
    const at = fcLcb(w, FC(index));
    if (!at || at.lcb === 0) continue;
    const end = at.fc + at.lcb;
    const sttb = end <= table.length ? readSttb(table, at.fc, end) : undefined;
    if (!sttb || sttb.strings.length < sttb.declared) {
      out.loss.push({ where: what, kind: 'failed-stream', count: sttb ? sttb.declared - sttb.strings.length : 1, detail: `The ${what} (${at.lcb} bytes) could not be read whole.` });
    }
    for (const s of sttb?.strings ?? []) {
      const t = s.replace(/[\u0000-\u001f]+/g, ' ').trim();
      if (!t || seen.has(t)) continue;
      seen.add(t);
      b.append(t);
      b.endParagraph({ kind: 'paragraph' });
    }
  }
  if (!b.blank) out.parts.push(b.toPart());
}

const FC_PLCF_AND_REF = FC(4);
const FC_PLCF_AND_TXT = FC(5);
/** ATRDPre10 ([MS-DOC] 2.9.12): xstUsrInitl (a count and 9 characters), ibst (the author's index), and 10 bytes more. */
const ATRD_SIZE = 30;

/** One comment: its range in the comment story (from its start) and who wrote it. */
export interface CommentRange {
  start: number;
  end: number;
  author?: string;
  initials?: string;
}

/**
 * Each comment's range in the comment story (PlcfandTxt) and its author (PlcfandRef: ATRDPre10.ibst
 * into the author names, and the initials). Undefined when the tables are missing or do not agree,
 * so the comments stay one part.
 */
export function commentRanges(w: Buffer, table: Buffer, ccpAtn: number): CommentRange[] | undefined {
  const txt = fcLcb(w, FC_PLCF_AND_TXT);
  const ref = fcLcb(w, FC_PLCF_AND_REF);
  if (!txt || !ref || txt.lcb < 8 || txt.lcb % 4 || txt.fc + txt.lcb > table.length || ref.fc + ref.lcb > table.length) return undefined;
  const n = txt.lcb / 4 - 1;
  // PlcfandTxt holds n+1 CPs (one more than the comments, some writers add one more still).
  const refs = (ref.lcb - 4) / (4 + ATRD_SIZE);
  if (!Number.isInteger(refs) || refs < 1 || refs > n) return undefined;
  const authors = commentAuthors(w, table);
  const out: CommentRange[] = [];
  for (let i = 0; i < refs; i++) {
    const start = Math.min(table.readUInt32LE(txt.fc + i * 4), ccpAtn);
    const end = i === refs - 1 ? ccpAtn : Math.min(table.readUInt32LE(txt.fc + (i + 1) * 4), ccpAtn);
    if (end < start) return undefined;
    const atrd = ref.fc + (refs + 1) * 4 + i * ATRD_SIZE;
    const cch = Math.min(table.readUInt16LE(atrd), 9);
    const initials = table.subarray(atrd + 2, atrd + 2 + cch * 2).toString('utf16le');
    const author = authors[table.readUInt16LE(atrd + 20)];
    out.push({ start, end, author, initials: initials || undefined });
  }
  return out[0]?.start === 0 ? out : undefined;
}

/**
 * AutoText entries of a template (the glossary document, [MS-DOC] 2.9.285 SttbfGlsy and PlcfGlsy).
 * Their names are read; their text lies in the glossary's own stories, which this reader does not
 * split out, so a document that has entries is reported as not completely read.
 */
export function autoText(w: Buffer, table: Buffer, out: TablesResult): void {
  const at = fcLcb(w, FC_STTBF_GLSY);
  if (!at || at.lcb === 0) return;
  const plc = fcLcb(w, FC_PLCF_GLSY);
  const end = at.fc + at.lcb;
  const names = end <= table.length ? readSttb(table, at.fc, end) : undefined;
  const count = names?.declared ?? 1;
  if (names?.strings.length) {
    const b = new PartBuilder('autotext-names', 'glossary', { filePart: 'WordDocument', detail: 'AutoText entry names' });
    for (const s of names.strings) {
      b.append(s);
      b.endParagraph({ kind: 'paragraph' });
    }
    if (!b.blank) out.parts.push(b.toPart());
  }
  out.loss.push({
    where: 'AutoText',
    kind: 'failed-stream',
    count,
    detail: `The document is a template with ${count} AutoText entr${count === 1 ? 'y' : 'ies'}${names?.strings.length ? ` (${names.strings.slice(0, 5).join(', ')}${names.strings.length > 5 ? ' …' : ''})` : ''}; the text of the entries${plc?.lcb ? '' : ' (no entry table found)'} was not read.`,
  });
}

/** sprmCFData and sprmCPicLocation ([MS-DOC] 2.6.1): a run whose data (FFData of a form field) is at an offset of the Data stream. */
export const SPRM_CFDATA = 0x0806;
export const SPRM_CPICLOCATION = 0x6a03;

/** The kinds of a legacy form field (FFDataBits.iType). */
const FF_TYPES = ['text field', 'check box', 'drop-down list'] as const;

/** One legacy form field's texts ([MS-DOC] 2.9.78 FFData), read from the Data stream. */
export interface FormField {
  type: (typeof FF_TYPES)[number];
  name: string;
  texts: Array<[label: string, text: string]>;
  /**
   * What the field shows where it stands, which no character of the story holds (Word draws it):
   * a drop-down's chosen entry, a check box as ☑ or ☐ (iRes, 25 for none: wDef). Not for text fields.
   */
  shows?: string;
}

/**
 * What {@link readFFData} returns for data that is not a form field's (another field's, such as a
 * hyperlink's, or none): the FORM… field codes counted in the stories decide whether any was missed.
 */
export const NOT_FFDATA = 'not form field data';

/** Reads an Xstz (an Xst followed by a 2-byte terminator). */
function readXstz(b: Buffer, at: number, limit: number): [string, number] | undefined {
  const x = readXst(b, at, limit);
  if (!x || x[1] + 2 > limit) return undefined;
  return [x[0], x[1] + 2];
}

/**
 * The FFData a form field's run points at: a NilPICFAndBinData header (lcb, cbHeader 0x44, 62
 * ignored bytes) then FFData: version 0xFFFFFFFF, FFDataBits, cch, hps, xstzName, xstzTextDef (text
 * fields) or wDef (others), xstzTextFormat, xstzHelpText, xstzStatText, xstzEntryMcr, xstzExitMcr,
 * and for a drop-down list its entries (an extended STTB).
 */
export function readFFData(data: Buffer, at: number): FormField | string {
  if (at + 6 > data.length) return NOT_FFDATA;
  const lcb = data.readUInt32LE(at);
  const cbHeader = data.readUInt16LE(at + 4);
  const limit = at + lcb;
  if (cbHeader !== 0x44 || at + 0x44 + 10 > data.length || data.readUInt32LE(at + 0x44) !== 0xffffffff) return NOT_FFDATA;
  if (lcb < 0x44 + 10 || limit > data.length) return `the form field data at byte ${at} runs past the end of the Data stream`;
  let p = at + 0x44;
  const bits = data.readUInt16LE(p + 4);
  const iType = bits & 3;
  if (iType > 2) return `the form field data at byte ${at} has an unknown type`;
  p += 10;
  const texts: Array<[string, string]> = [];
  const next = (label: string): boolean => {
    const x = readXstz(data, p, limit);
    if (!x) return false;
    p = x[1];
    if (x[0]) texts.push([label, x[0]]);
    return true;
  };
  const name = readXstz(data, p, limit);
  if (!name) return `the name of the form field at byte ${at} is cut short`;
  p = name[1];
  let wDef = 0;
  if (iType === 0) {
    if (!next('default text')) return `the form field ${name[0]} is cut short`;
  } else {
    if (p + 2 <= limit) wDef = data.readUInt16LE(p);
    p += 2;
  }
  const iRes = (bits >> 2) & 0x1f;
  const chosen = iRes === 25 ? wDef : iRes;
  for (const label of ['format', 'help text', 'status text', 'entry macro', 'exit macro']) if (!next(label)) return `the form field ${name[0]} is cut short`;
  let shows: string | undefined;
  if (iType === 1) shows = chosen ? '☑' : '☐';
  if (iType === 2) {
    const list = readSttb(data, p, limit);
    if (!list || list.strings.length < list.declared) return `the entries of the drop-down list ${name[0]} are cut short`;
    for (const s of list.strings) texts.push(['entry', s]);
    shows = list.strings[chosen] ?? list.strings[0];
  }
  return { type: FF_TYPES[iType], name: name[0], texts, ...(shows !== undefined ? { shows } : {}) };
}
