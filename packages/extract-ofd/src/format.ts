/** The OFD (GB/T 33190-2016) format declaration: light (no reader code), so sniffing never loads the reader. */
import type { FormatDeclaration } from '@prepub/core';

export const OFD_MEDIA_TYPE = 'application/ofd';

export const ofdFormat: FormatDeclaration = {
  format: 'ofd',
  mediaType: OFD_MEDIA_TYPE,
  mediaTypes: [OFD_MEDIA_TYPE, 'application/x-ofd'],
  extensions: ['ofd'],
  // Templates are drawn behind (or over) every page that uses them: `master`, as slide masters are.
  roles: ['body', 'master', 'annotation', 'hidden', 'properties', 'metadata', 'bookmark', 'attachment-name'],
  // The package's entry point is OFD.xml at its root. An archive that merely holds an OFD.xml in a
  // folder is recognised here too; the reader checks the real directory and reads it as a ZIP then.
  // A package whose OFD.xml was lost still has its document roots and pages (Doc_0/Document.xml,
  // Pages/Page_0/Content.xml): recognised by those, so the reader recovers its documents.
  sniff: { zip: (zip) => zip.hasName('OFD.xml') || (zip.hasName('Document.xml') && zip.hasName('Content.xml') && zip.hasName('Pages/')) },
  load: async () => (await import('./index.ts')).ofdExtractor,
};

/**
 * XPS and OpenXPS (Windows' XPS Document Writer prints): fixed pages like OFD's, read with the same
 * page layout (xps.ts). Told by their FixedPage or FixedDocumentSequence parts, whatever the name.
 */
export const xpsFormat: FormatDeclaration = {
  format: 'xps',
  mediaType: 'application/vnd.ms-xpsdocument',
  mediaTypes: ['application/vnd.ms-xpsdocument', 'application/oxps'],
  extensions: ['xps', 'oxps'],
  roles: ofdFormat.roles,
  sniff: { zip: (zip) => zip.hasName('.fpage') || zip.hasName('.fdseq') },
  load: async () => (await import('./xps.ts')).xpsExtractor,
};
