/** The PPTX format declaration: light (no reader code), so sniffing never loads the reader. */
import type { FormatDeclaration } from '@prepub/core';

export const PPTX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.presentationml.presentation';

export const pptxFormat: FormatDeclaration = {
  format: 'pptx',
  mediaType: PPTX_MEDIA_TYPE,
  mediaTypes: [PPTX_MEDIA_TYPE, 'application/vnd.ms-powerpoint.presentation.macroEnabled.12', 'application/vnd.openxmlformats-officedocument.presentationml.slideshow'],
  extensions: ['pptx', 'pptm', 'ppsx', 'potx'],
  roles: ['body', 'hidden', 'notes', 'comment', 'master', 'alt-text', 'metadata', 'properties'],
  // A presentation's main part is ppt/presentation.xml (a bare package named .pptx is one too).
  // WPS names (.dps, .dpt) and templates (.potx, .potm) too.
  sniff: { zip: (zip, filename) => zip.hasName('ppt/presentation') || (zip.head('[Content_Types].xml') && /\.(pp[st][xm]|pot[xm]|dpt?|dps)$/i.test(filename ?? '')) },
  load: async () => (await import('./index.ts')).pptxExtractor,
};
