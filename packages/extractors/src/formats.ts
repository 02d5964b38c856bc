/**
 * Declarations of the formats this package reads (light: the readers load on first use, so a
 * worker that reads a text file never loads the HTML parser). Text, Markdown and HTML are told
 * apart by the built-in sniffing.
 */
import type { FormatDeclaration } from '@prepub/core';

export const textFormat: FormatDeclaration = {
  format: 'text',
  mediaType: 'text/plain',
  mediaTypes: ['text/plain', 'text/csv'],
  extensions: ['txt', 'csv', 'log'],
  // title: an iCalendar event's SUMMARY.
  roles: ['body', 'title'],
  load: async () => (await import('./text.ts')).textExtractor,
};

export const markdownFormat: FormatDeclaration = {
  format: 'markdown',
  mediaType: 'text/markdown',
  mediaTypes: ['text/markdown', 'text/x-markdown'],
  extensions: ['md', 'markdown'],
  roles: ['body'],
  load: async () => (await import('./text.ts')).markdownExtractor,
};

export const htmlFormat: FormatDeclaration = {
  format: 'html',
  mediaType: 'text/html',
  mediaTypes: ['text/html', 'application/xhtml+xml', 'image/svg+xml'],
  extensions: ['html', 'htm', 'xhtml', 'svg'],
  roles: ['body', 'title', 'header', 'footer', 'hidden', 'html-comment', 'alt-text', 'metadata', 'form-field'],
  load: async () => (await import('./html.ts')).htmlExtractor,
};
