/** Telling a Word 2003 XML document (WordprocessingML 2003) by its first bytes: light, for the format declaration. */

import { afterProlog, type PrologGrammar } from '@prepub/core';

/** The prolog before the root: white space, processing instructions, comments, after a byte order mark read as Latin-1. */
const XML_PROLOG: PrologGrammar = { open: '<!--', close: '-->', pi: 'any', leads: ['\xef\xbb\xbf'] };

const NS_2003 = 'http://schemas.microsoft.com/office/word/2003/wordml';

/** Whether the bytes are a Word 2003 XML document: a `w:wordDocument` root (or Word's processing instruction) with the 2003 namespace. */
export function isWordml(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 8192) & ~1;
  let head: string;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, n);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0x3c && bytes[1] === 0)) head = b.toString('utf16le');
  else if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0 && bytes[1] === 0x3c)) head = Buffer.from(b).swap16().toString('utf16le');
  else if (b.indexOf('wordDocument') < 0) return false;
  else head = b.toString('latin1');
  // The root element, after the XML declaration, processing instructions, comments and white space: a text that quotes such markup further on is no such document.
  // (afterProlog: the pattern /^(?:\ufeff|\xef\xbb\xbf)?\s*(?:<\?[^>]*\?>\s*|<!--[\s\S]*?-->\s*)*<…/ backtracked exponentially on many comments.)
  return afterProlog(head, XML_PROLOG, /<([\w.-]+:)?wordDocument[\s>]/y) && head.includes(NS_2003);
}
