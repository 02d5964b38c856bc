/**
 * What a format declares to be read: how its bytes are recognised, its media types and file
 * extensions, the part roles its reader produces, and how the reader is loaded. The scanner keeps
 * one list of declarations (packages/scanner/src/formats.ts) and wraps every reader the same way:
 * size limit, deadline, worker isolation, text limit, loss accounting. The report schema's role
 * list is the union of the declared roles.
 */
import type { Extractor, PartRole } from './types.ts';

/** What a container sniffer may ask of a ZIP archive without inflating it. */
export interface ZipView {
  /** Whether an entry name containing `needle` is written in the archive's local headers or directory. */
  hasName(needle: string): boolean;
  /** Whether `needle` occurs among the first `limit` bytes (default 1 KiB): names of the first entries. */
  head(needle: string, limit?: number): boolean;
}

/** How a format's bytes are recognised. Every sniffer is linear and reads a bounded prefix/suffix. */
export interface FormatSniffer {
  /** A ZIP archive whose entries make it this format (OOXML, OpenDocument, OFD): by entry names. */
  zip?: (zip: ZipView, filename?: string) => boolean;
  /** Any other bytes, after the built-in binary signatures and before text is considered. */
  bytes?: (bytes: Uint8Array, filename?: string) => boolean;
  /** An OLE compound file (CFB) whose streams make it this format (Outlook MSG): asked before it is taken for a legacy Office file. */
  cfb?: (bytes: Uint8Array, filename?: string) => boolean;
}

/** How the scanner wants a reader set up. Readers that draw nothing ignore it. */
export interface ReaderLoadOptions {
  /**
   * Whether pages and pictures that need OCR are drawn (default true). A scanner without OCR passes
   * false: the reader reports such content unread itself instead of drawing an image nobody reads.
   */
  render?: boolean;
}

/** One readable format. Adding a format is a package exporting one of these plus one line in the registry. */
export interface FormatDeclaration {
  /** The format's name in reports (`xlsx`). */
  format: string;
  /** The media type reported for it. */
  mediaType: string;
  /** Every media type a caller may declare for it (hints only: the bytes decide). */
  mediaTypes: readonly string[];
  /** File extensions, lower case without the dot. */
  extensions: readonly string[];
  /** Every role the reader gives its parts. */
  roles: readonly PartRole[];
  sniff?: FormatSniffer;
  /** Loads the reader (lazily: once per thread and option set, on first need). */
  load: (options?: ReaderLoadOptions) => Promise<Extractor>;
}

/** The sniffing side of a declaration: all {@link sniffFormat} needs. */
export type SniffDeclaration = Pick<FormatDeclaration, 'format' | 'mediaType' | 'sniff'>;

/** The union of the roles `formats` declare, plus `extra`, in a stable order. */
export function declaredRoles(formats: readonly Pick<FormatDeclaration, 'roles'>[], extra: readonly PartRole[] = []): PartRole[] {
  const set = new Set<PartRole>();
  for (const f of formats) for (const r of f.roles) set.add(r);
  for (const r of extra) set.add(r);
  return [...set].sort();
}

/** Where PDF objects are looked for when the `%PDF-` header is missing: the first 64 KiB. */
const PDF_BODY_WINDOW = 65536;

/**
 * Offset of the first PDF indirect object opened at the start of a line (`12 0 obj`) in the first
 * 64 KiB of `bytes`, when `endobj` stands there too; else -1. A file whose header was damaged or
 * cut off is still a PDF to pdf.js, and its objects are what tell it. Text that writes about PDF
 * syntax rarely does both at a line start; if it does, read as a PDF it is unread, never a pass.
 */
export function firstPdfObjectAt(bytes: Uint8Array): number {
  const window = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, PDF_BODY_WINDOW));
  // Most files hold no `endobj`: one byte search, no string made.
  if (window.indexOf('endobj', 0, 'latin1') < 0) return -1;
  const m = /(?:^|[\r\n])[ \t\f]*\d{1,10}\s+\d{1,5}\s+obj\b/.exec(window.toString('latin1'));
  return m ? m.index + m[0].length - m[0].replace(/^[\r\n]?[ \t\f]*/, '').length : -1;
}
