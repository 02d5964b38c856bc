/** The ZIP archive format declaration: any ZIP no registered container format claimed. Register it after them. */
import type { FormatDeclaration } from '@prepub/core';

export const zipFormat: FormatDeclaration = {
  format: 'zip',
  mediaType: 'application/zip',
  mediaTypes: ['application/zip', 'application/x-zip-compressed'],
  extensions: ['zip'],
  roles: ['attachment-name'],
  sniff: { zip: () => true },
  load: async () => (await import('./index.ts')).zipExtractor,
};
