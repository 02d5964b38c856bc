/** Types of one-byte-js.mjs (a build script, imported by its test). */
export function escapeWide(text: string): string;
export function oneByteSource(text: string): string;
