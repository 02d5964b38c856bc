/**
 * The OpenDocument format declarations (text, spreadsheet, presentation, and the rest of the
 * family: drawings, charts, formulas, templates), in packages and as flat XML: light (no reader code).
 */
import type { FormatDeclaration, PartRole, ZipView } from '@prepub/core';

/** Media type prefix every OpenDocument type shares. */
export const ODF_PREFIX = 'application/vnd.oasis.opendocument.';

const ROLES: PartRole[] = ['body', 'title', 'header', 'footer', 'footnote', 'endnote', 'comment', 'deleted', 'before-changes', 'hidden', 'properties', 'metadata', 'text-box', 'alt-text', 'field', 'form-field', 'notes', 'sheet-name', 'master'];

/**
 * An OpenDocument package names its type in its first entry, `mimetype`, stored uncompressed, so the
 * first bytes read `mimetypeapplication/vnd.oasis.opendocument.text`. A package whose `mimetype`
 * is not first is still one when it has the manifest and a content part.
 */
function packageOf(zip: ZipView): boolean {
  return zip.head(`mimetype${ODF_PREFIX}`, 256) || (zip.hasName('META-INF/manifest.xml') && zip.hasName('content.xml') && !zip.hasName('[Content_Types].xml'));
}

/** Which of the family a package is, from its `mimetype`: `text`, `spreadsheet`, `presentation` or other. */
function kindOf(zip: ZipView): string | undefined {
  for (const k of ['text', 'spreadsheet', 'presentation']) if (zip.head(`mimetype${ODF_PREFIX}${k}`, 256)) return k;
  return undefined;
}

/** A flat OpenDocument file (`.fodt`): XML whose root is `office:document` with its `office:mimetype`. */
export function flatKind(bytes: Uint8Array): string | undefined {
  // UTF-16 (by BOM, or ASCII markup with zero bytes) or UTF-8.
  const le = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0x3c && bytes[1] === 0);
  const be = (bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0 && bytes[1] === 0x3c);
  // UTF-8 keeps ASCII bytes as they are (an invalid sequence never swallows one): without the
  // root's name among the bytes there is nothing to decode. Every text file is sniffed here, once
  // per OpenDocument format.
  if (!le && !be && Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 8192)).indexOf('<office:document') < 0) return undefined;
  const head = new TextDecoder(le ? 'utf-16le' : be ? 'utf-16be' : 'utf-8').decode(bytes.subarray(0, 8192));
  if (!/<office:document[\s>]/.test(head)) return undefined;
  const m = /office:mimetype="application\/vnd\.oasis\.opendocument\.([a-z-]+)"/.exec(head);
  return m ? m[1] : 'unknown';
}

function declaration(format: 'odt' | 'ods' | 'odp' | 'odf', kind: string, extensions: string[], fallback: boolean): FormatDeclaration {
  const mediaType = `${ODF_PREFIX}${kind}`;
  return {
    format,
    mediaType,
    mediaTypes: [mediaType, `${mediaType}-template`, `${mediaType}-flat-xml`],
    extensions,
    roles: ROLES,
    sniff: {
      zip: (zip) => packageOf(zip) && (fallback ? !['text', 'spreadsheet', 'presentation'].includes(kindOf(zip) ?? '') : kindOf(zip) === kind),
      bytes: (bytes) => {
        const k = flatKind(bytes);
        if (k === undefined) return false;
        const base = k.replace(/-template$/, '');
        return fallback ? !['text', 'spreadsheet', 'presentation'].includes(base) : base === kind;
      },
    },
    load: async () => (await import('./index.ts')).odfExtractors[format],
  };
}

export const odtFormat = declaration('odt', 'text', ['odt', 'ott', 'fodt', 'odm'], false);
export const odsFormat = declaration('ods', 'spreadsheet', ['ods', 'ots', 'fods'], false);
export const odpFormat = declaration('odp', 'presentation', ['odp', 'otp', 'fodp'], false);
/** Drawings, charts, formulas and any other OpenDocument type. */
export const odfFormat = declaration('odf', 'graphics', ['odg', 'otg', 'fodg', 'odc', 'odf', 'odi'], true);

/** Every OpenDocument declaration, in the order the registry asks them. */
export const ODF_FORMATS: readonly FormatDeclaration[] = [odtFormat, odsFormat, odpFormat, odfFormat];
