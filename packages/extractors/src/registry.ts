/** The format registry's types live in core, so a reader package declares its format without depending on this one. */
export { declaredRoles, type FormatDeclaration, type FormatSniffer, type SniffDeclaration, type ZipView } from '@prepub/core';
