/** Tuning knobs of {@link createPdfExtractor}. Defaults suit scanned and office-made PDFs. */
export interface PdfExtractorOptions {
  /** Resolution of pages rendered for OCR. Default 300 dpi. */
  renderDpi?: number;
  /** Upper bound of pixels of one rendered page; larger pages are rendered at a lower dpi. Default 16 M. */
  maxRenderPixels?: number;
  /** A page with fewer text characters than this (and something painted) is rendered for OCR. Default 20. */
  minTextChars?: number;
  /** Whether pages are rendered at all. Default true; when false such pages are reported unread. */
  renderPages?: boolean;
  /**
   * Most pages rendered per file (each is a PNG of a few hundred KB held in memory until OCR).
   * Further pages that need OCR are reported unread with reason `limit`. Default 300.
   */
  maxRenderedPages?: number;
  /**
   * Where page text and positions come from: `operators` (default) positions glyphs from the
   * operator list that is parsed anyway for visibility, falling back to pdf.js text content on
   * pages with vertical or Type3 fonts; `text-content` always uses pdf.js text content (a second
   * parse of every page, slower).
   */
  textSource?: 'operators' | 'text-content';
  /** Whether earlier revisions (incremental updates) are read for text they replaced. Default true. */
  revisions?: boolean;
}
