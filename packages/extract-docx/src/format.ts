/** The DOCX format declaration: light (no reader code), so sniffing never loads the reader. */
import type { FormatDeclaration } from '@prepub/core';

export const docxFormat: FormatDeclaration = {
  format: 'docx',
  mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  mediaTypes: ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'application/vnd.ms-word.document.macroEnabled.12'],
  extensions: ['docx', 'docm', 'dotx', 'dotm'],
  roles: ['body', 'header', 'footer', 'footnote', 'endnote', 'comment', 'deleted', 'before-changes', 'hidden', 'properties', 'metadata', 'text-box', 'alt-text', 'glossary', 'title', 'table-cell'],
  // Word packages name their main part early; a bare package named .docx is one too.
  sniff: { zip: (zip, filename) => zip.hasName('word/') || (zip.head('[Content_Types].xml') && /\.docx?$/i.test(filename ?? '')) },
  load: async () => (await import('./index.ts')).docxExtractor,
};
