/** Builds small Word packages from raw XML for tests, and reads the committed samples. */
import { DEFAULT_LIMITS, type ExtractContext, type Extraction, type Limits, type TextPart } from '@prepub/core';
import { zipSync, strToU8 } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SAMPLES = join(import.meta.dirname, '../../../samples/docx');

export function sample(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(SAMPLES, name)));
}

export function ctx(limits: Partial<Limits> = {}, extra: Partial<ExtractContext> = {}): ExtractContext {
  return { limits: { ...DEFAULT_LIMITS, ...limits }, ...extra };
}

const NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"';

export const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A package with `body` as the content of w:body, plus any other files. */
export function docx(body: string, files: Record<string, string | Uint8Array> = {}, rels: string[] = []): Uint8Array {
  const entries: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    '_rels/.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
    ),
    'word/document.xml': strToU8(`<?xml version="1.0" encoding="UTF-8"?><w:document ${NS}><w:body>${body}</w:body></w:document>`),
    'word/_rels/document.xml.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`,
    ),
  };
  for (const [k, v] of Object.entries(files)) entries[k] = typeof v === 'string' ? strToU8(v) : v;
  return zipSync(entries);
}

/** Wraps WordprocessingML in a root element with the usual namespaces (for headers, comments …). */
export function wml(root: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><w:${root} ${NS}>${inner}</w:${root}>`;
}

export const para = (text: string) => `<w:p><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

export function partsBy(x: Extraction, role: TextPart['role']): TextPart[] {
  return x.parts.filter((p) => p.role === role);
}

export function lines(p: TextPart | undefined): string[] {
  return p ? p.text.split('\n') : [];
}
