/** The PDF format declaration: light (no reader code). PDF itself is recognised by the built-in signatures. */
import type { FormatDeclaration } from '@prepub/core';

export const pdfFormat: FormatDeclaration = {
  format: 'pdf',
  mediaType: 'application/pdf',
  mediaTypes: ['application/pdf', 'application/x-pdf'],
  extensions: ['pdf'],
  roles: ['body', 'hidden', 'metadata', 'form-field', 'annotation', 'bookmark', 'attachment-name'],
  load: async (options) => {
    const reader = await import('./index.ts');
    return options?.render === false ? reader.createPdfExtractor({ renderPages: false }) : reader.pdfExtractor;
  },
};
