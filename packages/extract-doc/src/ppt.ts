/**
 * PowerPoint 97-2003 decks ([MS-PPT]): the records of the `PowerPoint Document` stream, read whole.
 *
 * The stream is a run of top-level records (the document container, one container a slide, notes
 * page and master, embedded object storages, the persist directory and the user edit atoms). Every
 * record is walked, containers (recVer 0xF) into their children, and every record that holds text
 * gives it to the part of the object it belongs to:
 *
 * - text atoms (TextCharsAtom 0x0FA0, UTF-16; TextBytesAtom 0x0FA8, the low bytes of UTF-16 units)
 *   in a slide's drawing and in the document's SlideListWithText (placeholder text, attributed to
 *   the slide of the SlidePersistAtom before it): `body` (a hidden slide, `hidden`), page = the
 *   slide's number in the slide list; in notes pages: `notes`; in masters: `master`;
 * - headers and footers (HeadersFootersContainer: user date and footer → `footer`, header →
 *   `header`), comments (Comment10Container: one `comment` part each, author in the detail),
 *   WordArt text of shapes (geotext, drawn on the slide: with the slide's text), shape names and
 *   descriptions (`alt-text`), any other string (CString: hyperlinks, named shows, tags → `metadata`);
 * - records of a kind this reader does not know: the words they hold (runs with Chinese) as `hidden`.
 *
 * The current edit (Current User → UserEditAtom chain → persist directory) says which records are
 * the deck as saved; records no current persist entry names (earlier versions left by incremental
 * saves) are read as `hidden`. Embedded OLE objects (ExOleObjStg, zlib-compressed when recInstance
 * is 1) are opened and handed to the scan like a Word document's ObjectPool. Encrypted decks
 * (encrypted Current User token, an encryption session in the user edit, a CryptSession10Container,
 * an EncryptedSummary stream) are not read. A record whose length runs past its container, and the
 * bytes after it, are a loss.
 */
import { constants, inflateSync } from 'node:zlib';
import { PartBuilder, type ImageRef, type Loss, type PartOrigin, type PartRole, type TextPart } from '@prepub/core';
import CFB from 'cfb';
import { sniffImage, streamStrings, xmlTextAndAttributes } from '@prepub/extract-docx/package';
import { decodeXml } from '@prepub/extract-docx/xml';
import { printable, readStreams, type CfbStream } from './ole.ts';
import { foptStrings, type ArtRecord } from './officeart.ts';

const utf16 = new TextDecoder('utf-16le');
const latin1 = new TextDecoder('latin1');

/** Record types ([MS-PPT] 2.13.24 RecordType) this reader looks at. */
const RT = {
  Document: 0x03e8,
  DocumentAtom: 0x03e9,
  Slide: 0x03ee,
  SlideAtom: 0x03ef,
  Notes: 0x03f0,
  NotesAtom: 0x03f1,
  SlidePersistAtom: 0x03f3,
  MainMaster: 0x03f8,
  SSSlideInfoAtom: 0x03f9,
  ExObjList: 0x0409,
  Handout: 0x0fc9,
  TextCharsAtom: 0x0fa0,
  TextBytesAtom: 0x0fa8,
  CString: 0x0fba,
  HeadersFooters: 0x0fd9,
  SlideListWithText: 0x0ff0,
  UserEditAtom: 0x0ff5,
  CurrentUserAtom: 0x0ff6,
  ExOleObjStg: 0x1011,
  ProgBinaryTag: 0x138a,
  BinaryTagDataBlob: 0x138b,
  PersistDirectoryAtom: 0x1772,
  Comment10: 0x2ee0,
  CryptSession10: 0x2f14,
  ExHyperlink: 0x0fd7,
  FOPT: 0xf00b,
  SecondaryFOPT: 0xf121,
  TertiaryFOPT: 0xf122,
} as const;

/**
 * Atoms known to hold no text (layout, styles, rulers, references, bitmaps, sounds, fonts' data,
 * OfficeArt geometry): skipped. Any atom type outside this list and the text atoms is searched for
 * words. From [MS-PPT] 2.13.24 and [MS-ODRAW] 2.1.
 */
const STRUCTURAL = new Set<number>([
  0x03e9, 0x03ea, 0x03ef, 0x03f1, 0x03f3, 0x03f7, 0x03f9, 0x03fa, 0x03fb, 0x03fc, 0x03fd, 0x03fe, 0x0400, 0x0401, 0x040a, 0x040b,
  0x0411, 0x0412, 0x0414, 0x0415, 0x041c, 0x041d, 0x041e, 0x041f, 0x0420, 0x0421, 0x0f9e, 0x0f9f, 0x0fa1, 0x0fa2, 0x0fa3, 0x0fa4,
  0x0fa5, 0x0fa6, 0x0fa7, 0x0fa9, 0x0faa, 0x0fab, 0x0fac, 0x0fae, 0x0faf, 0x0fb0, 0x0fb1, 0x0fb2, 0x0fb3, 0x0fb4, 0x0fb5, 0x0fb6,
  0x0fb7, 0x0fb8, 0x0fb9, 0x0fbb, 0x0fbc, 0x0fbd, 0x0fbe, 0x0fc1, 0x0fc3, 0x0fc4, 0x0fc5, 0x0fc6, 0x0fc7, 0x0fca, 0x0fcb, 0x0fcd, 0x0fd0,
  0x0fd1, 0x0fd2, 0x0fd3, 0x0fd8, 0x0fda, 0x0fdb, 0x0fdc, 0x0fdd, 0x0fdf, 0x0fe2, 0x0fe3, 0x0fe7, 0x0fe8, 0x0fe9, 0x0fee, 0x0ff3,
  0x0ff5, 0x0ff7, 0x0ff8, 0x0ffa, 0x0ffb, 0x0ffd, 0x0ffe, 0x1004, 0x1007, 0x1008, 0x1009, 0x100a, 0x100b, 0x100c, 0x100d, 0x100e,
  0x100f, 0x1010, 0x1012, 0x1013, 0x1014, 0x1015, 0x1772, 0x1773, 0x1774, 0x1388, 0x1389, 0x138c, 0x2711, 0x2712, 0x2713, 0x2ee1,
  0x2ee5, 0x2eeb, 0x2eec, 0x2eed, 0x2eee, 0x2ef1, 0x2f15, 0x2f16, 0x0417, 0x0418, 0x07d5, 0x07d7, 0x07d9, 0x07e0, 0x07e1, 0x07e3,
  0x07e4, 0x07f0, 0x07f1, 0x07f2, 0x07f3, 0x07f4, 0x07f5, 0x07f6, 0x07f7, 0x07f8, 0x07f9, 0x07fa, 0x07fb, 0x07fc, 0x0bc1, 0x0bd3,
  0x07e7, 0x0bd5, 0x0bdb, 0x0bdd, 0x0bde, 0x0be0, 0x0be4, 0x0bfe, 0x0bf8, 0x0bf6, 0x0bf7, 0x0bfc, 0x0bfd, 0x0be9, 0x0bea, 0x0beb, 0x0bec,
]);
/** OfficeArt records ([MS-ODRAW]): geometry, anchors, pictures; the property tables (FOPT) are read for strings. */
const isOfficeArt = (t: number): boolean => t >= 0xf000 && t <= 0xf1ff;
/** PowerPoint 2002+ animation and timing records ([MS-PPT] 2.8: TimeNode, TimeCondition …, 0xF125–0xF145): no text but their own. */
const isTiming = (t: number): boolean => t >= 0xf125 && t <= 0xf145;
/** PowerPoint 2007's round-trip atoms (0x040E–0x0428): ZIPs of OOXML parts (handed on as files), color maps, ids, flags. */
const isRoundTrip = (t: number): boolean => t >= 0x040e && t <= 0x0428;

/** An OfficeArt-style record header (PowerPoint's records share it, [MS-PPT] 2.3.1). */
type Rec = ArtRecord;

/** The records in [from, to) of `b`; `bad` is where the first record that does not fit begins (-1: all fit). */
function records(b: Buffer, from: number, to: number): { recs: Rec[]; bad: number } {
  const recs: Rec[] = [];
  let at = from;
  while (at < to) {
    if (at + 8 > to) return { recs, bad: at };
    const vi = b.readUInt16LE(at);
    const len = b.readUInt32LE(at + 4);
    const end = at + 8 + len;
    if (end > to) return { recs, bad: at };
    recs.push({ at, ver: vi & 0x0f, inst: vi >> 4, type: b.readUInt16LE(at + 2), len, body: at + 8, end });
    at = end;
  }
  return { recs, bad: -1 };
}

/** Text of an atom: paragraphs end at CR, lines at VT (both paragraph ends here); NULs dropped. */
function splitText(s: string): string[] {
  return s.replace(/\0/g, '').split(/[\r\n\v]/);
}

/** What reading the deck gave. */
export interface PptResult {
  parts: TextPart[];
  unread: Array<{ where: string; reason: 'corrupt' | 'encrypted' | 'unsupported-format' | 'embedded-object' | 'limit'; detail: string; origin?: PartOrigin }>;
  loss: Loss[];
  /** Embedded objects' streams, under a storage name each (`ExOleObjStg@byte1234/…`), for the embedded-object path. */
  objectStreams: Map<string, CfbStream>;
  /** Pictures kept in records (round-trip OOXML parts), for OCR. */
  images: ImageRef[];
  info: Record<string, string | number | boolean>;
  /** Set when the deck is encrypted: nothing else was read. */
  encrypted?: string;
}

interface Scope {
  key: string;
  role: PartRole;
  label: string;
  page?: number;
}

const STREAM = 'PowerPoint Document';

/** Reads the `PowerPoint Document` stream (and `Current User`) of a deck. Never throws for anything in the file. */
export function readPresentation(streams: Map<string, CfbStream>, maxInflated: number): PptResult {
  const out: PptResult = { parts: [], unread: [], loss: [], objectStreams: new Map(), images: [], info: {} };
  const main = streams.get('powerpoint document');
  if (!main) {
    out.unread.push({ where: 'file', reason: 'corrupt', detail: 'The deck has no PowerPoint Document stream; its slides were not read.' });
    return out;
  }
  if (streams.has('encryptedsummary')) {
    out.encrypted = 'The deck is password-protected (its properties are kept in an EncryptedSummary stream); its slides cannot be read without the password.';
    return out;
  }
  const b = Buffer.from(main.bytes.buffer, main.bytes.byteOffset, main.bytes.byteLength);
  const reader = new DeckReader(b, out, maxInflated);
  reader.currentUser(streams.get('current user')?.bytes);
  if (out.encrypted) return out;
  reader.persist();
  if (out.encrypted) return out;
  reader.read();
  return out;
}

class DeckReader {
  private currentEdit = -1;
  /** persistId → offset of its record, newest edit first. */
  private readonly persistOffsets = new Map<number, number>();
  /** offset → persistId of the current persist objects. */
  private readonly persistAt = new Map<number, number>();
  private docPersist = -1;
  /** Offsets of the user edit atoms and persist directories of the chain. */
  private readonly editOffsets: number[] = [];
  /** Slides in slide-list order: persistId → slide number; slideId → slide number. */
  private readonly slideByPersist = new Map<number, number>();
  private readonly slideById = new Map<number, number>();
  /** Masters (slide list 1: main and title masters): persistId → master number. */
  private readonly masterByPersist = new Map<number, number>();
  /** Notes pages (slide list 2): persistId of the notes → its place in the notes list. */
  private readonly notesByPersist = new Map<number, number>();
  private notesMaster = -1;
  private handoutMaster = -1;
  private readonly builders = new Map<string, { b: PartBuilder; page?: number; order: number }>();
  private readonly hiddenSlides = new Set<number>();
  private comments = 0;
  private unknownTypes = new Set<number>();
  private objects = 0;

  constructor(
    private readonly b: Buffer,
    private readonly out: PptResult,
    private readonly maxInflated: number,
  ) {}

  private where(at: number): string {
    return `${STREAM} byte ${at}`;
  }

  /** Current User ([MS-PPT] 2.3.2): the offset of the current edit, the encryption token, the user's name. */
  currentUser(cu: Uint8Array | undefined): void {
    if (!cu || cu.length < 8 + 20) {
      this.out.info.currentUser = 'missing';
      return;
    }
    const c = Buffer.from(cu.buffer, cu.byteOffset, cu.byteLength);
    if (c.readUInt16LE(2) !== RT.CurrentUserAtom) {
      this.out.info.currentUser = 'unreadable';
      return;
    }
    const token = c.readUInt32LE(12);
    if (token === 0xf3d1c4df) {
      this.out.encrypted = 'The deck is password-protected (RC4 CryptoAPI encryption, marked in its Current User stream); its slides cannot be read without the password.';
      return;
    }
    this.currentEdit = c.readUInt32LE(16);
    const lenUserName = c.readUInt16LE(20);
    const names: string[] = [];
    if (28 + lenUserName <= c.length) names.push(latin1.decode(c.subarray(28, 28 + lenUserName)).replace(/\0.*$/s, ''));
    const uni = 28 + lenUserName + 4;
    if (uni + lenUserName * 2 <= c.length) names.push(utf16.decode(c.subarray(uni, uni + lenUserName * 2)).replace(/\0.*$/s, ''));
    const name = [...new Set(names.filter((n) => n.trim()))];
    if (name.length) {
      const p = new PartBuilder('current-user', 'metadata', { filePart: 'Current User', detail: 'the name of the user who last saved the deck' });
      for (const n of name) p.append(n), p.endParagraph({ kind: 'paragraph' });
      this.out.parts.push(p.toPart());
    }
  }

  /** The user edit chain and the persist directory it builds ([MS-PPT] 2.3.3, 2.3.4): newest entries win. */
  persist(): void {
    const b = this.b;
    let at = this.currentEdit;
    const seen = new Set<number>();
    let edits = 0;
    while (at > 0 || (at === 0 && edits === 0 && this.currentEdit === 0)) {
      if (seen.has(at) || at + 8 + 28 > b.length || b.readUInt16LE(at + 2) !== RT.UserEditAtom) {
        if (edits === 0) this.out.info.currentEdit = `no UserEditAtom at byte ${at}`;
        else this.out.loss.push({ where: this.where(at), kind: 'failed-stream', count: 1, detail: `The chain of saved edits breaks at byte ${at} of the PowerPoint Document stream: which records older edits replaced is not known; all records are read, those no edit names as hidden text.`, reason: 'corrupt' });
        break;
      }
      seen.add(at);
      this.editOffsets.push(at);
      const len = b.readUInt32LE(at + 4);
      const body = at + 8;
      if (edits === 0) {
        this.docPersist = b.readUInt32LE(body + 16);
        // An encryption session named by the current edit: the persist objects are encrypted.
        if (len >= 0x20 && body + 32 <= b.length && b.readUInt32LE(body + 28) !== 0) {
          this.out.encrypted = 'The deck is password-protected (its current edit names an encryption session); its slides cannot be read without the password.';
          return;
        }
      }
      edits++;
      const dir = b.readUInt32LE(body + 12);
      this.editOffsets.push(dir);
      if (dir + 8 <= b.length && b.readUInt16LE(dir + 2) === RT.PersistDirectoryAtom) {
        const dlen = b.readUInt32LE(dir + 4);
        const end = Math.min(b.length, dir + 8 + dlen);
        let p = dir + 8;
        while (p + 4 <= end) {
          const e = b.readUInt32LE(p);
          const id = e & 0xfffff;
          const n = e >>> 20;
          p += 4;
          for (let k = 0; k < n && p + 4 <= end; k++, p += 4) if (!this.persistOffsets.has(id + k)) this.persistOffsets.set(id + k, b.readUInt32LE(p));
        }
      } else this.out.loss.push({ where: this.where(dir), kind: 'failed-stream', count: 1, detail: `An edit's persist directory (byte ${dir}) could not be read: which records it names is not known; all records are read, those no edit names as hidden text.`, reason: 'corrupt' });
      at = b.readUInt32LE(body + 8);
      if (at === 0) break;
    }
    for (const [id, off] of this.persistOffsets) this.persistAt.set(off, id);
    this.out.info.edits = edits;
  }

  private builder(key: string, role: PartRole, origin: PartOrigin, page?: number): PartBuilder {
    let e = this.builders.get(key);
    if (!e) this.builders.set(key, (e = { b: new PartBuilder(key, role, origin), page, order: this.builders.size }));
    return e.b;
  }

  private text(scope: Scope, s: string, suffix = '', role?: PartRole, what?: string): void {
    const b = this.builder(`${scope.key}${suffix}`, role ?? scope.role, { filePart: STREAM, ...(scope.page ? { page: scope.page } : {}), detail: what ? `${what} of ${scope.label}` : scope.label }, scope.page);
    for (const line of splitText(s)) {
      b.append(line);
      b.endParagraph({ kind: 'paragraph' });
    }
  }

  /** Walks every top-level record. */
  read(): void {
    const b = this.b;
    const { recs, bad } = this.topLevel();
    const known = this.persistAt.size > 0;
    // The document container of the current edit (or, with no edit chain, the last one) gives the slide lists.
    const doc = (known && this.persistOffsets.has(this.docPersist) ? recs.find((r) => r.at === this.persistOffsets.get(this.docPersist)) : undefined) ?? [...recs].reverse().find((r) => r.type === RT.Document);
    if (doc) this.slideLists(doc);
    this.out.info.slides = this.slideByPersist.size;
    for (const r of recs) {
      if (r.type === RT.CryptSession10) {
        this.out.encrypted = 'The deck is password-protected (it holds a CryptSession10Container); its slides cannot be read without the password.';
        return;
      }
    }
    for (const r of recs) this.top(r, known, doc);
    if (bad >= 0) this.out.loss.push({ where: this.where(bad), kind: 'failed-stream', count: b.length - bad, total: b.length, detail: `The PowerPoint Document stream breaks off at byte ${bad}: a record there runs past the end of the stream, so its last ${b.length - bad} bytes were not read.`, reason: 'corrupt' });
    this.finish();
  }

  /**
   * The top-level records. Writers leave zero padding between some (a record that would straddle a
   * 4 KB boundary is moved past it): a run of zeros up to the next record the persist directory or
   * the edit chain names, or up to the next non-zero byte, is skipped. Anything else that does not
   * parse ends the walk (`bad`).
   */
  private topLevel(): { recs: Rec[]; bad: number } {
    const b = this.b;
    const anchors = [...new Set([...this.persistOffsets.values(), ...this.editOffsets])].filter((o) => o < b.length).sort((x, y) => x - y);
    const recs: Rec[] = [];
    let at = 0;
    for (;;) {
      const r = records(b, at, b.length);
      recs.push(...r.recs);
      if (r.bad < 0) return { recs, bad: -1 };
      let next = r.bad;
      while (next < b.length && b[next] === 0) next++;
      const anchor = anchors.find((o) => o > r.bad);
      if (anchor !== undefined && anchor <= next) next = anchor;
      else if (next - r.bad < 1 || next >= b.length) return next >= b.length ? { recs, bad: -1 } : { recs, bad: r.bad };
      // Resume only on a record header that fits.
      if (next + 8 > b.length || next + 8 + b.readUInt32LE(next + 4) > b.length) return { recs, bad: r.bad };
      at = next;
    }
  }

  private slideLists(doc: Rec): void {
    const b = this.b;
    const kids = records(b, doc.body, doc.end).recs;
    const atom = kids.find((k) => k.type === RT.DocumentAtom);
    if (atom && atom.len >= 32) {
      this.notesMaster = b.readUInt32LE(atom.body + 24);
      this.handoutMaster = b.readUInt32LE(atom.body + 28);
    }
    for (const k of kids) {
      if (k.type !== RT.SlideListWithText) continue;
      for (const s of records(b, k.body, k.end).recs) {
        if (s.type !== RT.SlidePersistAtom || s.len < 16) continue;
        const persistId = b.readUInt32LE(s.body);
        if (k.inst === 0) {
          const n = this.slideByPersist.size + 1;
          this.slideByPersist.set(persistId, n);
          this.slideById.set(b.readUInt32LE(s.body + 12), n);
        } else if (k.inst === 1) this.masterByPersist.set(persistId, this.masterByPersist.size + 1);
        else if (k.inst === 2) this.notesByPersist.set(persistId, this.notesByPersist.size + 1);
      }
    }
  }

  /** The scope of a top-level record: which slide, notes page or master it is, or an earlier version. */
  private scopeOf(r: Rec, known: boolean): Scope {
    const id = this.persistAt.get(r.at);
    const stale = known && id === undefined && (r.type === RT.Slide || r.type === RT.Notes || r.type === RT.MainMaster || r.type === RT.Document || r.type === RT.Handout);
    if (stale) return { key: `earlier-record-${r.at}`, role: 'hidden', label: `a record no current edit names (an earlier version kept by an incremental save, at byte ${r.at}): not shown` };
    if (r.type === RT.Slide) {
      const master = id !== undefined ? this.masterByPersist.get(id) : undefined;
      if (master) return { key: `master-${master}`, role: 'master', label: `master ${master} (title master)` };
      const n = id !== undefined ? this.slideByPersist.get(id) : undefined;
      if (n) return { key: `slide-${n}`, role: 'body', label: `slide ${n}`, page: n };
      return { key: `slide-record-${r.at}`, role: 'hidden', label: `a slide not in the slide list (record at byte ${r.at}): not shown` };
    }
    if (r.type === RT.Notes) {
      if (id !== undefined && id === this.notesMaster) return { key: 'notes-master', role: 'master', label: 'notes master' };
      const na = records(this.b, r.body, r.end).recs.find((k) => k.type === RT.NotesAtom);
      const n = na && na.len >= 4 ? this.slideById.get(this.b.readUInt32LE(na.body)) : undefined;
      if (n) return { key: `slide-${n}-notes`, role: 'notes', label: `speaker notes of slide ${n}`, page: n };
      return { key: `notes-record-${r.at}`, role: 'notes', label: `a notes page of no listed slide (record at byte ${r.at})` };
    }
    if (r.type === RT.MainMaster) {
      const m = id !== undefined ? this.masterByPersist.get(id) : undefined;
      return { key: `master-${m ?? `record-${r.at}`}`, role: 'master', label: m ? `master ${m}` : `a master (record at byte ${r.at})` };
    }
    if (r.type === RT.Handout) return { key: 'handout-master', role: 'master', label: 'handout master' };
    if (r.type === RT.Document) return { key: 'document', role: 'hidden', label: 'the document record (text kept outside any slide)' };
    return { key: `record-${r.at}`, role: 'hidden', label: `a record of type 0x${r.type.toString(16)} at byte ${r.at}` };
  }

  private top(r: Rec, known: boolean, doc: Rec | undefined): void {
    const scope = this.scopeOf(r, known);
    if (r.type === RT.ExOleObjStg) return this.oleObject(r);
    if (r.type === RT.UserEditAtom || r.type === RT.PersistDirectoryAtom) return;
    if (r.type === RT.Slide && scope.page) {
      const info = records(this.b, r.body, r.end).recs.find((k) => k.type === RT.SSSlideInfoAtom);
      if (info && info.len >= 12 && this.b.readUInt16LE(info.body + 10) & 0x0004) this.hiddenSlides.add(scope.page);
    }
    if (r === doc) return this.document(r);
    this.visit(r, scope, 0, undefined);
  }

  /** The current document container: slide-list text goes to the slide its SlidePersistAtom names. */
  private document(doc: Rec): void {
    const base: Scope = { key: 'document', role: 'hidden', label: 'the document record (text kept outside any slide)' };
    const { recs, bad } = records(this.b, doc.body, doc.end);
    for (const k of recs) {
      if (k.type !== RT.SlideListWithText) {
        if (k.type === RT.HeadersFooters) this.visit(k, { key: k.inst === 4 ? 'notes-pages' : 'slides', role: 'footer', label: k.inst === 4 ? 'notes and handout pages' : 'slides' }, 1, undefined);
        else if (k.type === RT.ExObjList) this.visit(k, { key: 'external-objects', role: 'metadata', label: 'hyperlinks and external objects' }, 1, undefined);
        else this.visit(k, base, 1, undefined);
        continue;
      }
      let scope: Scope = k.inst === 0 ? { key: 'slide-list', role: 'hidden', label: 'slide list text before any slide' } : k.inst === 1 ? { key: 'master-list', role: 'master', label: 'master list text' } : { key: 'notes-list', role: 'notes', label: 'notes list text' };
      const list = records(this.b, k.body, k.end);
      for (const s of list.recs) {
        if (s.type === RT.SlidePersistAtom && s.len >= 4) {
          const id = this.b.readUInt32LE(s.body);
          if (k.inst === 0) {
            const n = this.slideByPersist.get(id)!;
            scope = { key: `slide-${n}`, role: 'body', label: `slide ${n}`, page: n };
          } else if (k.inst === 1) {
            const m = this.masterByPersist.get(id)!;
            scope = { key: `master-${m}`, role: 'master', label: `master ${m}` };
          } else {
            const off = this.persistOffsets.get(id);
            const rec = off !== undefined && off + 8 <= this.b.length && this.b.readUInt16LE(off + 2) === RT.Notes ? { at: off, ver: 0xf, inst: 0, type: RT.Notes, len: this.b.readUInt32LE(off + 4), body: off + 8, end: Math.min(this.b.length, off + 8 + this.b.readUInt32LE(off + 4)) } : undefined;
            scope = rec ? this.scopeOf(rec, true) : { key: `notes-list-${this.notesByPersist.get(id)}`, role: 'notes', label: `notes page ${this.notesByPersist.get(id)}` };
          }
          continue;
        }
        this.visit(s, scope, 2, undefined);
      }
      if (list.bad >= 0) this.broken(list.bad, k.end, 'a slide list');
    }
    if (bad >= 0) this.broken(bad, doc.end, 'the document record');
  }

  private broken(at: number, end: number, what: string): void {
    this.out.loss.push({ where: this.where(at), kind: 'failed-stream', count: end - at, detail: `A record inside ${what} runs past its container at byte ${at} of the PowerPoint Document stream: ${end - at} bytes there were not read.`, reason: 'corrupt' });
  }

  /** One record and, for a container, its children. `parent` is the type of the enclosing container. */
  private visit(r: Rec, scope: Scope, depth: number, parent: Rec | undefined): void {
    const b = this.b;
    if (depth > 64) {
      this.out.loss.push({ where: this.where(r.at), kind: 'failed-stream', count: r.len, detail: `Records nested more than 64 deep at byte ${r.at}: not read.`, reason: 'corrupt' });
      return;
    }
    switch (r.type) {
      case RT.TextCharsAtom:
        return this.text(scope, utf16.decode(b.subarray(r.body, r.body + (r.len & ~1))));
      case RT.TextBytesAtom:
        return this.text(scope, latin1.decode(b.subarray(r.body, r.end)));
      case RT.CString:
        return this.cstring(r, scope, parent);
      case RT.Comment10:
        return this.comment(r, scope);
      case RT.ExOleObjStg:
        return this.oleObject(r);
      case RT.FOPT:
      case RT.SecondaryFOPT:
      case RT.TertiaryFOPT:
        return this.fopt(r, scope);
      case RT.CryptSession10:
        this.out.encrypted = 'The deck is password-protected (it holds a CryptSession10Container); its slides cannot be read without the password.';
        return;
    }
    // PowerPoint 2007's round-trip records (themes, layouts, table styles) hold a ZIP of OOXML parts; some are flagged as containers.
    if (r.len >= 4 && b.readUInt32LE(r.body) === 0x04034b50) return this.zipped(r, scope);
    // A binary tag's data (PowerPoint 2000+ extensions: comments, animations) is itself a run of records.
    if (r.ver === 0xf || r.type === RT.BinaryTagDataBlob) {
      const { recs, bad } = records(b, r.body, r.end);
      if (bad >= 0 && r.ver !== 0xf) return this.unknown(r, scope);
      const hf = r.type === RT.HeadersFooters ? r : parent?.type === RT.HeadersFooters ? parent : undefined;
      for (const k of recs) this.visit(k, scope, depth + 1, hf ?? r);
      if (bad >= 0) this.broken(bad, r.end, `a container (type 0x${r.type.toString(16)})`);
      return;
    }
    if (STRUCTURAL.has(r.type) || isOfficeArt(r.type) || isTiming(r.type) || isRoundTrip(r.type)) return;
    this.unknown(r, scope);
  }

  /**
   * A ZIP of OOXML parts in a record (PowerPoint 2007+ round-trip data: theme, layouts, table
   * styles, diagrams): the text and text attributes of its XML parts read as `master` text of the
   * record's object, pictures handed to OCR; a ZIP that does not open, or an entry of another kind,
   * is named as not read.
   */
  private zipped(r: Rec, scope: Scope): void {
    const where = `${STREAM} record 0x${r.type.toString(16)} at byte ${r.at}`;
    let zip: CFB.CFB$Container;
    try {
      zip = CFB.read(this.b.subarray(r.body, r.end), { type: 'buffer' });
    } catch (e) {
      return void this.out.unread.push({ where, reason: 'corrupt', detail: `OOXML parts kept in a round-trip record (${where}) could not be unpacked (${(e as Error)?.message ?? e}); they were not read.`, origin: { filePart: STREAM, detail: scope.label } });
    }
    zip.FileIndex.forEach((e, i) => {
      if (e.type !== 2) return;
      const name = zip.FullPaths[i].replace(/^[^/]*\//, '');
      const bytes = e.content ? new Uint8Array(e.content as Uint8Array) : new Uint8Array(0);
      // cfb names a marker entry of its own (\x01Sh33tJ5) in every container it reads.
      if (!bytes.length || /Sh33tJ5$/.test(name)) return;
      const image = sniffImage(bytes);
      if (image) return void this.out.images.push({ id: `roundtrip-${r.at}-${i}`, bytes, mediaType: image, origin: { filePart: `${where}: ${name}`, ...(scope.page ? { page: scope.page } : {}), detail: `picture kept for round trip, ${scope.label}` } });
      if (!/\.(xml|rels|vml)$/i.test(name)) return void this.out.unread.push({ where: `${where}: ${name}`, reason: 'unsupported-format', detail: `An entry (${name}) of the OOXML parts kept in a round-trip record (${where}) is in no format this reader reads; it was not read.`, origin: { filePart: STREAM, detail: scope.label } });
      if (/\.rels$|\[Content_Types\]\.xml$/i.test(name)) return;
      let xml: string;
      try {
        xml = decodeXml(bytes);
      } catch {
        return void this.out.unread.push({ where: `${where}: ${name}`, reason: 'corrupt', detail: `An XML part (${name}) kept in a round-trip record (${where}) could not be decoded; it was not read.`, origin: { filePart: STREAM, detail: scope.label } });
      }
      const part = xmlTextAndAttributes(xml, `${scope.key}-roundtrip-${r.at}-${i}`, 'master', `OOXML part ${name} kept for round trip (record 0x${r.type.toString(16)} at byte ${r.at}) of ${scope.label}`, STREAM, 'text');
      if (!part.blank) this.out.parts.push(part.toPart());
    });
  }

  /** An atom of a kind this reader does not know: the words it holds, as hidden text of its object. */
  private unknown(r: Rec, scope: Scope): void {
    const bytes = this.b.subarray(r.body, r.end);
    // Mostly ASCII (XML, names): read as UTF-8, where pairs of ASCII letters would pass for Chinese as UTF-16.
    let ascii = 0;
    for (let i = 0; i < bytes.length; i++) if ((bytes[i] >= 0x20 && bytes[i] < 0x7f) || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d) ascii++;
    const words = ascii >= bytes.length * 0.9 ? (new TextDecoder().decode(bytes).match(/[^\x00-\x1f<>]*[\u3400-\u9fff][^\x00-\x1f<>]*/g) ?? []) : streamStrings(bytes);
    if (!words.length) return;
    this.unknownTypes.add(r.type);
    this.text(scope, words.join('\r'), '-other-records', 'hidden', `words in records this reader does not know (type 0x${r.type.toString(16)} at byte ${r.at})`);
  }

  private cstring(r: Rec, scope: Scope, parent: Rec | undefined): void {
    const s = utf16.decode(this.b.subarray(r.body, r.body + (r.len & ~1)));
    if (parent?.type === RT.HeadersFooters) {
      // [MS-PPT] 2.4.15.1: instance 0 user date, 1 header, 2 footer.
      const what = r.inst === 1 ? 'header' : r.inst === 2 ? 'footer' : 'date text';
      return this.text(scope, s, `-${r.inst === 1 ? 'header' : 'footer'}`, r.inst === 1 ? 'header' : 'footer', what);
    }
    // The names of PowerPoint's own binary tags carry no text.
    if (parent?.type === RT.ProgBinaryTag && /^___PPT\d+$/.test(s)) return;
    if (parent?.type === RT.ExHyperlink) return this.text(scope, s, '-hyperlinks', 'metadata', 'hyperlinks');
    this.text(scope, s, '-strings', 'metadata', 'strings (names, tags)');
  }

  /** Comment10Container ([MS-PPT] 2.8.6): author (CString 0), text (1), initials (2); a part each. */
  private comment(r: Rec, scope: Scope): void {
    const b = this.b;
    const { recs, bad } = records(b, r.body, r.end);
    const strings: Record<number, string> = {};
    for (const k of recs) if (k.type === RT.CString) strings[k.inst] = utf16.decode(b.subarray(k.body, k.body + (k.len & ~1)));
    const n = ++this.comments;
    const by = strings[0] ? ` by ${strings[0]}${strings[2] ? ` (${strings[2]})` : ''}` : '';
    const p = this.builder(`${scope.key}-comment-${n}`, 'comment', { filePart: STREAM, ...(scope.page ? { page: scope.page } : {}), detail: `comment ${n} on ${scope.label}${by}` }, scope.page);
    for (const line of splitText(strings[1] ?? '')) p.append(line), p.endParagraph({ kind: 'paragraph' });
    // The author's name and initials are people's names: metadata, as the other readers keep them.
    if (strings[0] || strings[2]) this.text({ key: 'comment-authors', role: 'metadata', label: 'comment authors' }, [strings[0], strings[2]].filter(Boolean).join('\r'));
    if (bad >= 0) this.broken(bad, r.end, 'a comment');
  }

  /** OfficeArt property table ([MS-ODRAW] 2.2.9): string properties (WordArt text, shape name and description). */
  private fopt(r: Rec, scope: Scope): void {
    const strings = foptStrings(this.b, r.body, r.end, r.inst);
    if (typeof strings === 'string') {
      const what = strings === 'is cut short' ? 'is cut short' : 'names more data than it holds';
      return void this.out.loss.push({ where: this.where(r.at), kind: 'failed-stream', count: 1, detail: `A shape's property table at byte ${r.at} ${what}: its names and WordArt text were not read.`, reason: 'corrupt' });
    }
    for (const { kind, text } of strings) {
      if (kind === 'wordart') this.text(scope, text);
      else this.text(scope, text, '-alt', 'alt-text', 'shape names and descriptions');
    }
  }

  /** ExOleObjStg ([MS-PPT] 2.10.34): a compound file, zlib-compressed when recInstance is 1. */
  private oleObject(r: Rec): void {
    const b = this.b;
    const storage = `ExOleObjStg@byte${r.at}`;
    this.objects++;
    let bytes: Uint8Array = b.subarray(r.body, r.end);
    if (r.inst === 1) {
      if (r.len < 4) return void this.out.unread.push({ where: storage, reason: 'corrupt', detail: `An embedded object (${this.where(r.at)}) is cut short; it was not scanned.`, origin: { filePart: STREAM, detail: storage } });
      const size = b.readUInt32LE(r.body);
      if (size > this.maxInflated) return void this.out.unread.push({ where: storage, reason: 'limit', detail: `An embedded object (${this.where(r.at)}) inflates to ${size} bytes, more than the limit of ${this.maxInflated}; it was not scanned.`, origin: { filePart: STREAM, detail: storage } });
      try {
        bytes = inflateSync(b.subarray(r.body + 4, r.end), { maxOutputLength: Math.max(1, Math.min(this.maxInflated, size + 1024)), finishFlush: constants.Z_SYNC_FLUSH });
        // A stream without its end (PowerPoint writes some so) is fine when all the bytes it declares came out.
        if (bytes.length < size) throw new Error(`${bytes.length} of ${size} bytes`);
      } catch (e) {
        return void this.out.unread.push({ where: storage, reason: 'corrupt', detail: `An embedded object (${this.where(r.at)}) could not be decompressed (${(e as Error)?.message ?? e}); it was not scanned.`, origin: { filePart: STREAM, detail: storage } });
      }
    }
    let inner: Map<string, CfbStream>;
    try {
      inner = readStreams(bytes);
    } catch (e) {
      return void this.out.unread.push({ where: storage, reason: 'corrupt', detail: `An embedded object (${this.where(r.at)}) is no readable compound file (${(e as Error)?.message ?? e}); it was not scanned.`, origin: { filePart: STREAM, detail: storage } });
    }
    for (const s of inner.values()) this.out.objectStreams.set(`${storage}/${s.path}`.toLowerCase(), { ...s, path: `${storage}/${s.path}` });
    if (!inner.size) this.out.objectStreams.set(`${storage}/(empty)`.toLowerCase(), { path: `${storage}/(empty)`, size: 0, bytes: new Uint8Array(0) });
  }

  /** The parts in order: slides, their notes and comments by slide number, then the rest as met. */
  private finish(): void {
    const rank = (b: PartBuilder): number => (/^slide-\d+$/.test(b.id) ? 0 : 1);
    const entries = [...this.builders.values()].sort((x, y) => (x.page ?? Infinity) - (y.page ?? Infinity) || rank(x.b) - rank(y.b) || x.order - y.order);
    let leading = false;
    for (const { b, page } of entries) {
      if (b.blank) continue;
      const part = b.toPart();
      if (page && part.role === 'body' && this.hiddenSlides.has(page)) {
        part.role = 'hidden';
        part.origin = { ...part.origin, detail: `${part.origin.detail} (hidden slide)` };
      }
      if (!leading && part.role === 'body' && /^slide-\d+$/.test(part.id)) {
        part.leading = true;
        leading = true;
      }
      this.out.parts.push(part);
    }
    this.out.info.comments = this.comments;
    this.out.info.objects = this.objects;
    if (this.unknownTypes.size) this.out.info.unknownRecords = [...this.unknownTypes].map((t) => `0x${t.toString(16)}`).join(', ');
  }
}

export { printable };
