/**
 * What the raw passes would have read in an encrypted file that was not decrypted here. Those
 * passes (raw-text.ts, leftover-strings.ts, marked-content.ts) read strings and streams with
 * pdf-lib, which does not decrypt. A file that opens without a password is decrypted in place
 * when it is parsed (decrypt.ts) and read like a plain one; any other (opened with a user password
 * given, a damaged encryption dictionary pdf.js reads around) skips them. But the object structure is not encrypted —
 * dictionary keys, names, numbers and references read as they are — so this check finds the places
 * where those passes would have read text (a page label prefix, a button caption, a field value
 * written as a stream, a choice field's options, a field value no widget shows, article thread
 * titles, strings under keys no reader hands over, named marked-content property lists) and
 * records them as not read. An encrypted file holding only ordinary page content and what pdf.js
 * reads (the document information, annotation contents, widget values, outline titles, attachment
 * names) records nothing.
 */
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFRef, PDFStream, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { refLabel, resolve } from './raw.ts';
import { pageLabelDicts } from './raw-text.ts';
import type { DocState } from './state.ts';

/** Keys whose strings are no text (as in leftover-strings.ts), plus destination names: identifiers. */
const NOT_TEXT = new Set([
  'URI', 'ID', 'O', 'U', 'OE', 'UE', 'Perms', 'Cert', 'ByteRange', 'DA', 'DS', 'NM', 'M', 'CreationDate', 'ModDate', 'Lang', 'CheckSum', 'Reference',
  'Registry', 'Ordering', 'FontFamily', 'Panose', 'CharSet', 'D', 'Dest', 'Names',
]);
/** Keys whose strings pdf.js reads and hands over in an encrypted file (it decrypts them). */
const READ_BY_PDFJS = new Set(['Contents', 'T', 'TU', 'Title', 'F', 'UF', 'Desc']);
/** Most objects looked at; past it the rest is a loss of its own. */
const MAX_OBJECTS = 200_000;

const isString = (v: PDFObject | undefined): boolean => v instanceof PDFString || v instanceof PDFHexString;
const name = (v: PDFObject | undefined): string | undefined => (v instanceof PDFName ? v.decodeText() : undefined);

/**
 * Records, for an encrypted file the raw passes skip, each kind of place they would have read
 * text from (see the module comment). Nothing for an unencrypted file.
 */
export function addEncryptedRawLoss(state: DocState): void {
  const raw = state.raw;
  if (!raw.ok || !raw.encrypted) return;
  const doc = raw.doc;
  const found = new Map<string, Set<string>>();
  const note = (what: string, where: string) => {
    let s = found.get(what);
    if (!s) found.set(what, (s = new Set()));
    s.add(where);
  };
  const trailer = doc.context.trailerInfo;
  const skip = new Set<PDFObject | undefined>([resolve(doc, trailer.Info), resolve(doc, trailer.Encrypt)]);

  // The catalog's page labels and article threads.
  const labels = resolve(doc, doc.catalog.get(PDFName.of('PageLabels')));
  if (labels instanceof PDFDict && pageLabelDicts(doc, labels).labels.some((label) => label.get(PDFName.of('P')) !== undefined)) note('page label prefixes (/PageLabels /P)', 'catalog');
  const threads = resolve(doc, doc.catalog.get(PDFName.of('Threads')));
  if (threads instanceof PDFArray) for (const t of threads.asArray()) {
    const thread = resolve(doc, t);
    const info = thread instanceof PDFDict ? resolve(doc, thread.get(PDFName.of('I'))) : undefined;
    if (info instanceof PDFDict && info.entries().some(([, v]) => isString(resolve(doc, v)))) note('article thread titles (/Threads)', 'catalog');
  }

  const visitDict = (dict: PDFDict, holder: string, depth: number): void => {
    if (depth > 32 || skip.has(dict)) return;
    const subtype = name(resolve(doc, dict.get(PDFName.of('Subtype'))));
    const widget = subtype === 'Widget' || dict.get(PDFName.of('Kids')) !== undefined;
    const signed = dict.get(PDFName.of('ByteRange')) !== undefined;
    for (const [key, value] of dict.entries()) {
      const k = key.decodeText();
      // Page labels are looked at above.
      if (k === 'PageLabels') continue;
      const v = resolve(doc, value);
      if (k === 'MK' && v instanceof PDFDict) {
        if (['CA', 'RC', 'AC'].some((c) => isString(resolve(doc, v.get(PDFName.of(c)))))) note('button captions (/MK)', holder);
        continue;
      }
      if ((k === 'V' || k === 'DV') && v instanceof PDFStream) note('field values written as text streams', holder);
      else if ((k === 'V' || k === 'DV') && isString(v) && !widget) note('values of form fields no widget shows', holder);
      else if (k === 'Opt' && v instanceof PDFArray) note('options of choice fields (/Opt)', holder);
      else if (k === 'RC' && (isString(v) || v instanceof PDFStream)) note('rich text (/RC)', holder);
      else if (k === 'OverlayText' && isString(v)) note('redaction overlay text', holder);
      else if (k === 'TM' && isString(v)) note('export names of form fields (/TM)', holder);
      else if (k === 'Properties' && v instanceof PDFDict) {
        // Named marked-content property lists: their strings (ActualText, Alt, others) would be read.
        for (const [, p] of v.entries()) {
          const props = resolve(doc, p);
          if (props instanceof PDFDict && name(props.get(PDFName.of('Type'))) !== 'OCG' && props.entries().some(([, x]) => isString(resolve(doc, x)))) {
            note('marked-content property lists', holder);
          }
        }
      } else if (isString(v) && !(value instanceof PDFRef && skip.has(v)) && !NOT_TEXT.has(k) && !READ_BY_PDFJS.has(k) && !(k === 'V' && widget) && !(signed && k === 'Contents')) {
        note(`strings under /${k}`, holder);
      } else if (value instanceof PDFDict) visitDict(value, holder, depth + 1);
      else if (value instanceof PDFArray && !NOT_TEXT.has(k)) visitArray(value, k, holder, depth + 1);
    }
  };
  const visitArray = (array: PDFArray, key: string, holder: string, depth: number): void => {
    if (depth > 32) return;
    for (const v of array.asArray()) {
      if (isString(v) && !READ_BY_PDFJS.has(key)) note(`strings under /${key}`, holder);
      else if (v instanceof PDFDict) visitDict(v, holder, depth + 1);
      else if (v instanceof PDFArray) visitArray(v, key, holder, depth + 1);
    }
  };

  let n = 0;
  for (const [ref, obj] of doc.context.enumerateIndirectObjects()) {
    if (++n > MAX_OBJECTS) {
      note('objects past the number checked', 'objects');
      break;
    }
    if (obj instanceof PDFDict) visitDict(obj, refLabel(ref), 0);
    else if (obj instanceof PDFStream) visitDict(obj.dict, refLabel(ref), 0);
  }
  pushLosses(state, found);
}

function pushLosses(state: DocState, found: Map<string, Set<string>>): void {
  const why = state.raw.ok && state.raw.notDecrypted ? ` (${state.raw.notDecrypted})` : '';
  for (const [what, holders] of found) {
    const list = [...holders];
    const shown = list.slice(0, 5).join(', ') + (list.length > 5 ? ` and ${list.length - 5} more` : '');
    state.out.loss!.push({
      where: list.length === 1 ? list[0] : 'encrypted objects',
      kind: 'unreadable-object',
      reason: 'encrypted',
      count: list.length,
      detail: `encrypted: ${what} (in ${shown}) not read — the file is encrypted and its strings and streams outside what pdf.js reads could not be decrypted here${why}.`,
    });
  }
}
