import type { TextPart } from '@prepub/core';

/**
 * The file's own name as a part: a level is often written into it (`秘密-……清单.xlsx`,
 * `机密★5年-关于….docx`), and an archive entry's or attachment's name is all the container says of
 * it. Only names with a character beyond ASCII are read: every marking this product knows outside
 * English has one, and a plain `report-2024.pdf` stays without a part of its own (its coverage list
 * unchanged). The directory is left out: it is the uploader's, not the document's.
 */
export function fileNamePart(filename: string | undefined): TextPart | undefined {
  if (!filename) return undefined;
  const name = filename.slice(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
  if (!/[^\x00-\x7f]/.test(name)) return undefined;
  return { id: 'file-name', role: 'metadata', text: name, origin: { filePart: 'file name', detail: 'the name of the file' }, blocks: [{ start: 0, end: name.length, kind: 'line', index: 1, field: 'file-name' }] };
}
