/**
 * Whether a document's head opens with its root (or first directive) after a prolog of white space,
 * processing instructions and comments: what sniffers asked of patterns such as
 * `/^\s*(?:<\?[^>]*\?>\s*|<!--[\s\S]*?-->\s*)*<svg[\s>]/`, worked out in one pass.
 *
 * Those patterns backtracked exponentially: `<!--[\s\S]*?-->` may end at any later `-->`, so a head
 * of n comments splits into 2^n ways before the root is found missing (a 600-byte `.xml` of
 * `<!--?><wordDocument>-->` pieces took seconds, each piece more doubling it). Here, as there, a
 * comment opened at a reachable place may close at any close marker after its opening marker; every
 * place a close marker (or a processing instruction) ends, past the white space after it, is
 * reachable, and the root is looked for only at reachable places.
 */
export interface PrologGrammar {
  /** The comment's markers (`<!--`, `-->`; `/*`, `*\/`). */
  open: string;
  close: string;
  /** Processing instructions: none, `<?…?>` anywhere in the prolog, or one `<?xml…>` first. */
  pi: 'none' | 'any' | 'xml-first';
  /** Text that may stand first, before the white space (a byte order mark read as Latin-1). */
  leads?: readonly string[];
}

/** JavaScript's `\s`, a unit at a time. */
const isSpace = (c: number): boolean =>
  c === 0x20 || (c >= 0x09 && c <= 0x0d) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;

/**
 * Whether `root` (a sticky pattern) matches at a place the prolog reaches, from the text's start.
 * Linear in the text's length, besides what `root` costs at the places tried.
 */
export function afterProlog(text: string, grammar: PrologGrammar, root: RegExp): boolean {
  const n = text.length;
  const reach = new Uint8Array(n + 1);
  const skip = (p: number): number => {
    while (p < n && isSpace(text.charCodeAt(p))) p++;
    return p;
  };
  const start = skip(0);
  reach[start] = 1;
  for (const lead of grammar.leads ?? []) if (text.startsWith(lead)) reach[skip(lead.length)] = 1;
  // The optional `<?xml…>` first, before any comment: it ends at the first `>`.
  if (grammar.pi === 'xml-first' && text.startsWith('<?xml', start)) {
    const gt = text.indexOf('>', start + 5);
    if (gt >= 0) reach[skip(gt + 1)] = 1;
  }
  const { open, close } = grammar;
  // The earliest place a close marker may begin: past the opening marker of the first comment opened.
  let closeFrom = Infinity;
  for (let i = 0; i <= n; i++) {
    if (i >= closeFrom && text.startsWith(close, i)) reach[skip(i + close.length)] = 1;
    if (!reach[i]) continue;
    root.lastIndex = i;
    if (root.test(text)) return true;
    if (closeFrom === Infinity && text.startsWith(open, i)) closeFrom = i + open.length;
    // `<\?[^>]*\?>`: the first `>` after `<?`, with a `?` before it that is not the opening one.
    if (grammar.pi === 'any' && text.startsWith('<?', i)) {
      const gt = text.indexOf('>', i + 2);
      if (gt >= i + 3 && text.charCodeAt(gt - 1) === 0x3f) reach[skip(gt + 1)] = 1;
    }
  }
  return false;
}
