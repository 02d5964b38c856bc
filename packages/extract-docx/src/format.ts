/** The DOCX format declaration: light (no reader code), so sniffing never loads the reader. */
import type { FormatDeclaration } from '@prepub/core';
import { isWordml } from './wordml-sniff.ts';
import { isFlatOpc } from './flatopc-sniff.ts';

export const docxFormat: FormatDeclaration = {
  format: 'docx',
  mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  mediaTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.ms-word.document.macroEnabled.12'],
  extensions: ['docx', 'docm', 'dotx', 'dotm'],
  roles: ['body', 'header', 'footer', 'footnote', 'endnote', 'comment', 'deleted', 'before-changes', 'hidden', 'properties', 'metadata', 'text-box', 'alt-text', 'glossary', 'title', 'table-cell'],
  // Word packages name their main part early; a bare package named as a Word file is one too (its
  // main part may stand elsewhere than word/: the relationships name it), macro-enabled, template
  // and WPS names (.docm, .dotx, .dotm, .wps, .wpt) included, unless it holds a presentation's or a
  // workbook's main part (a deck named .wps is read as a deck).
  sniff: { zip: (zip, filename) => zip.hasName('word/') || (zip.head('[Content_Types].xml') && /\.(docx?|docm|dot[xm]?|wp[st])$/i.test(filename ?? '') && !zip.hasName('ppt/presentation') && !zip.hasName('xl/workbook')) },
  load: async () => (await import('./index.ts')).docxExtractor,
};

/**
 * Word 2003 XML documents (WordprocessingML 2003: one XML file whose root is `w:wordDocument`),
 * read through the DOCX reader (see wordml.ts). Told by its root and namespace, whatever its name
 * (`.xml`, or `.doc` as office systems export it).
 */
export const wordmlFormat: FormatDeclaration = {
  format: 'wordml',
  mediaType: 'application/vnd.ms-word.wordml+xml',
  mediaTypes: ['application/vnd.ms-word.wordml+xml', 'application/msword+xml'],
  // Word names them .xml; office systems export them as .doc too (the bytes decide, not the name).
  extensions: ['xml'],
  roles: docxFormat.roles,
  sniff: { bytes: (bytes) => isWordml(bytes) },
  load: async () => (await import('./wordml.ts')).wordmlExtractor,
};

/**
 * Flat OPC documents (Word 2007+ "Word XML Document", PowerPoint "XML Presentation": one XML file
 * holding every part of a package, `pkg:package`), put back into a package and scanned as one (see
 * flatopc.ts). Told by their root and namespace, whatever the name (`.xml`, `.doc`).
 */
export const flatOpcFormat: FormatDeclaration = {
  format: 'flatopc',
  mediaType: 'application/vnd.ms-office.flat-opc+xml',
  mediaTypes: ['application/vnd.ms-office.flat-opc+xml'],
  extensions: ['xml'],
  roles: ['body', 'hidden'],
  sniff: { bytes: (bytes) => isFlatOpc(bytes) },
  load: async () => (await import('./flatopc.ts')).flatOpcExtractor,
};
