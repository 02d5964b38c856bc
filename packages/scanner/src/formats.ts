/**
 * The format registry: every format the scanner reads, one line each. Order matters for sniffing:
 * ZIP containers are asked in this order (a Word package before a spreadsheet that merely embeds
 * one). Sniffing, lazy loading, limits, deadlines, worker isolation and loss accounting come from
 * the scanner around every reader alike (see extract.ts).
 */
import { declaredRoles, type FormatDeclaration, type PartRole } from '@prepub/core';
import { htmlFormat, markdownFormat, textFormat } from '@prepub/extractors/formats';
import { docxFormat, flatOpcFormat, wordmlFormat } from '@prepub/extract-docx/format';
import { pdfFormat } from '@prepub/extract-pdf/format';
import { xlsxFormat } from '@prepub/extract-xlsx/format';
import { pptxFormat } from '@prepub/extract-pptx/format';
import { appleDoubleFormat, binhexFormat, bzip2Format, compressFormat, gzipFormat, rarFormat, sevenZipFormat, tarFormat, uuencodeFormat, xzFormat, zipFormat, zstdFormat } from '@prepub/extract-zip/format';
import { cmsFormat, emlFormat } from '@prepub/extract-eml/format';
import { ofdFormat, xpsFormat } from '@prepub/extract-ofd/format';
import { msgFormat, tnefFormat } from '@prepub/extract-msg/format';
import { docFormat, pptFormat, xlsFormat } from '@prepub/extract-doc/format';
import { ODF_FORMATS } from '@prepub/extract-odf/format';
import { rtfFormat } from '@prepub/extract-rtf/format';

export const FORMATS: readonly FormatDeclaration[] = [
  // OpenDocument names its type in its first entry, so it is told apart before any other ZIP.
  ...ODF_FORMATS,
  docxFormat,
  xlsxFormat,
  pptxFormat,
  ofdFormat,
  // XPS / OpenXPS prints: told by their fixed pages.
  xpsFormat,
  // Any other ZIP: after every container format that recognises its own entries.
  zipFormat,
  // gzip and tar are told by their headers before anything looks inside them (see sniff.ts).
  gzipFormat,
  tarFormat,
  sevenZipFormat,
  rarFormat,
  xzFormat,
  bzip2Format,
  compressFormat,
  zstdFormat,
  pdfFormat,
  // An OLE compound file with Outlook property streams at its root (other compound files are not claimed).
  msgFormat,
  // TNEF (winmail.dat): told by its signature.
  tnefFormat,
  // AppleDouble (`._name`, macOS metadata): told by its magic.
  appleDoubleFormat,
  // CMS / PKCS #7 (S/MIME signatures, signed and encrypted messages): told by its ContentInfo.
  cmsFormat,
  // OLE compound files told apart by their root streams (WordDocument, Workbook, PowerPoint Document).
  docFormat, xlsFormat, pptFormat,
  // Told from text by its header block, so asked before text is considered.
  emlFormat,
  // Files written as text for mail and news (uuencode, BinHex 4.0): after e-mail, before text.
  uuencodeFormat,
  binhexFormat,
  rtfFormat,
  // Word 2003 XML (a flat w:wordDocument), told by its root and namespace before text is considered.
  wordmlFormat,
  // Flat OPC (a pkg:package: Word/PowerPoint "XML Document"): its parts scanned as the package they make.
  flatOpcFormat,
  textFormat,
  markdownFormat,
  htmlFormat,
];

/** Roles the scanner itself gives parts (OCR of pictures), besides those the readers declare. */
export const SCANNER_ROLES: readonly PartRole[] = ['ocr'];

/** Every role a report may carry: the report schema's role list is this. */
export function reportRoles(): PartRole[] {
  return declaredRoles(FORMATS, SCANNER_ROLES);
}

/** The declaration of `format`, if registered. */
export function formatByName(format: string): FormatDeclaration | undefined {
  return FORMATS.find((f) => f.format === format);
}
