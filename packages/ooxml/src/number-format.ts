/** What a number format draws: the reader lives with the DOCX package helpers, whose charts use it too. */
export { formatValue } from '@prepub/extract-docx/number-format';
