/** Declarations of the formats this package reads. Text, Markdown and HTML are told apart by the built-in sniffing. */
import type { FormatDeclaration } from '@prepub/core';
import { htmlExtractor } from './html.ts';
import { markdownExtractor, textExtractor } from './text.ts';

export const textFormat: FormatDeclaration = {
  format: 'text',
  mediaType: 'text/plain',
  mediaTypes: ['text/plain', 'text/csv'],
  extensions: ['txt', 'csv', 'log'],
  roles: ['body'],
  load: async () => textExtractor,
};

export const markdownFormat: FormatDeclaration = {
  format: 'markdown',
  mediaType: 'text/markdown',
  mediaTypes: ['text/markdown', 'text/x-markdown'],
  extensions: ['md', 'markdown'],
  roles: ['body'],
  load: async () => markdownExtractor,
};

export const htmlFormat: FormatDeclaration = {
  format: 'html',
  mediaType: 'text/html',
  mediaTypes: ['text/html', 'application/xhtml+xml', 'image/svg+xml'],
  extensions: ['html', 'htm', 'xhtml', 'svg'],
  roles: ['body', 'title', 'header', 'footer', 'hidden', 'html-comment', 'alt-text', 'metadata', 'form-field'],
  load: async () => htmlExtractor,
};
