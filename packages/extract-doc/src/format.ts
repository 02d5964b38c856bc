/**
 * Legacy Office format declarations (light: no reader code). Word 97-2003 (.doc, .dot), WPS Office
 * writer files (.wps, .wpt: Kingsoft saves them in the Word binary format), Excel 97-2003 (.xls,
 * WPS .et) workbooks and PowerPoint 97-2003 (.ppt, WPS .dps) decks.
 * All are OLE compound files (CFB); which one is told by the streams at the root of the file.
 */
import type { FormatDeclaration } from '@prepub/core';
import { cfbRootEntries, includesUtf16, isCfb } from '@prepub/extract-docx/cfb';

export type LegacyKind = 'doc' | 'xls' | 'ppt';

const STREAMS: Record<LegacyKind, RegExp> = {
  doc: /^WordDocument$/i,
  xls: /^(Workbook|Book)$/i,
  ppt: /^PowerPoint Document$/i,
};
const EXTENSIONS: Record<LegacyKind, RegExp> = {
  doc: /\.(doc|dot|wps|wpt)$/i,
  xls: /\.(xls|xlt|et|ett)$/i,
  ppt: /\.(ppt|pps|pot|dps|dpt)$/i,
};

/**
 * Which legacy Office file a compound file is: by the streams at its root (an embedded workbook
 * inside a document sits deeper and does not count); when the directory cannot be walked (a file
 * cut short or damaged), by the file name, then by a stream name written anywhere in the file, so a
 * broken document still reaches its reader, which says what it could not read. An encrypted OOXML
 * package (`EncryptedPackage`) is none of these.
 */
export function legacyKind(bytes: Uint8Array, filename?: string): LegacyKind | undefined {
  if (!isCfb(bytes)) return undefined;
  // A directory that breaks off may have lost the main stream: the fallbacks below decide then.
  const listing = cfbRootEntries(bytes);
  const root = listing?.complete ? listing.entries : undefined;
  if (root) {
    if (root.some((e) => /^EncryptedPackage$/i.test(e.name))) return undefined;
    const kinds = (['doc', 'xls', 'ppt'] as const).filter((kind) => root.some((e) => e.type === 2 && STREAMS[kind].test(e.name)));
    // The main streams of several kinds at the root (a deck with a Word document's streams copied in):
    // the one whose content prepub does not read decides, so it is reported unread, not ignored
    // behind a readable benign document; otherwise the kind the file's name gives, if it is one of them.
    if (kinds.length > 1) return kinds.includes('ppt') ? 'ppt' : kinds.find((kind) => filename && EXTENSIONS[kind].test(filename)) ?? kinds[0];
    if (kinds.length === 1) return kinds[0];
    // A compound file of another kind (Works, Outlook, Visio …) named like one of ours: its reader names what it holds.
    for (const kind of ['doc', 'xls', 'ppt'] as const) if (filename && EXTENSIONS[kind].test(filename)) return kind;
    return undefined;
  }
  for (const kind of ['doc', 'xls', 'ppt'] as const) if (filename && EXTENSIONS[kind].test(filename)) return kind;
  if (includesUtf16(bytes, 'EncryptedPackage')) return undefined;
  if (includesUtf16(bytes, 'WordDocument')) return 'doc';
  if (includesUtf16(bytes, 'Workbook')) return 'xls';
  if (includesUtf16(bytes, 'PowerPoint Document')) return 'ppt';
  return undefined;
}

export const docFormat: FormatDeclaration = {
  format: 'doc',
  mediaType: 'application/msword',
  mediaTypes: ['application/msword', 'application/vnd.ms-word', 'application/vnd.ms-works', 'application/wps-office.wps', 'application/kswps'],
  extensions: ['doc', 'dot', 'wps', 'wpt'],
  roles: ['body', 'header', 'footer', 'footnote', 'endnote', 'comment', 'text-box', 'deleted', 'before-changes', 'hidden', 'bookmark', 'properties', 'metadata', 'form-field', 'glossary', 'alt-text'],
  sniff: { cfb: (bytes, filename) => legacyKind(bytes, filename) === 'doc' },
  load: async () => (await import('./index.ts')).docExtractor,
};

export const xlsFormat: FormatDeclaration = {
  format: 'xls',
  mediaType: 'application/vnd.ms-excel',
  mediaTypes: ['application/vnd.ms-excel', 'application/wps-office.et', 'application/kset'],
  extensions: ['xls', 'xlt', 'et', 'ett'],
  roles: ['body', 'hidden', 'sheet-name', 'comment', 'text-box', 'header', 'footer', 'metadata', 'properties', 'alt-text', 'form-field'],
  sniff: { cfb: (bytes, filename) => legacyKind(bytes, filename) === 'xls' },
  load: async () => (await import('./index.ts')).xlsExtractor,
};

export const pptFormat: FormatDeclaration = {
  format: 'ppt',
  mediaType: 'application/vnd.ms-powerpoint',
  mediaTypes: ['application/vnd.ms-powerpoint', 'application/wps-office.dps', 'application/ksdps'],
  extensions: ['ppt', 'pps', 'pot', 'dps', 'dpt'],
  roles: ['body', 'hidden', 'notes', 'master', 'header', 'footer', 'comment', 'alt-text', 'metadata', 'properties'],
  sniff: { cfb: (bytes, filename) => legacyKind(bytes, filename) === 'ppt' },
  load: async () => (await import('./index.ts')).pptExtractor,
};
