/** Telling a Flat OPC document (Word/PowerPoint "XML Document": pkg:package) by its first bytes: light, for the format declaration. */

import { afterProlog, type PrologGrammar } from '@prepub/core';

/** The prolog before the root: white space, processing instructions, comments, after a byte order mark read as Latin-1. */
const XML_PROLOG: PrologGrammar = { open: '<!--', close: '-->', pi: 'any', leads: ['\xef\xbb\xbf'] };

const NS_PACKAGE = 'http://schemas.microsoft.com/office/2006/xmlPackage';

/** Whether the bytes are a Flat OPC document: a `package` root with the Office xmlPackage namespace, in UTF-8 or UTF-16. */
export function isFlatOpc(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192) & ~1;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, n);
  let head: string;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0x3c && bytes[1] === 0)) head = b.toString('utf16le');
  else if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0 && bytes[1] === 0x3c)) head = Buffer.from(b).swap16().toString('utf16le');
  else if (b.indexOf('xmlPackage') < 0) return false;
  else head = b.toString('latin1');
  // The root element, after the XML declaration, processing instructions, comments and white space: a text that quotes such markup further on is no such document.
  // (afterProlog: the pattern /^(?:\ufeff|\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*|<!--[\s\S]*?-->\s*)*<…/ backtracked exponentially on many comments.)
  return afterProlog(head, XML_PROLOG, /<([\w.-]+:)?package[\s>]/y) && head.includes(NS_PACKAGE);
}
