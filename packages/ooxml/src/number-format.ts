/** What a number format draws: the reader lives with the DOCX package helpers, whose charts use it too. */
import { formatValue as drawFormat } from '@prepub/extract-docx/number-format';

/**
 * `code` with each currency symbol (`[$机密-804]`, `[$€]`) written as the quoted literal it draws:
 * Excel shows the symbol's text where it stands (`[$机密-804]"★5年"` shows 机密★5年).
 */
export function currencyLiterals(code: string): string {
  if (!code.includes('[$')) return code;
  return code.replace(/"[^"]*"?|\\[\s\S]|\[\$([^\]]*)\]/g, (m, symbol: string | undefined) => {
    if (symbol === undefined) return m;
    // The symbol is what stands before the locale (`-804`); a bare locale (`[$-804]`) draws nothing.
    const text = symbol.replace(/-[0-9A-Fa-f]{1,8}$/, '');
    return text ? `"${text.replace(/"/g, '')}"` : '';
  });
}

/** A section's condition (`[>100]`, `[<=0]`), undefined when it has none. */
function condition(section: string): ((n: number) => boolean) | undefined {
  const m = /^(?:"[^"]*"|\\.|\[(?![<>=])[^\]]*\]|[^"\\[])*\[(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?)\]/.exec(section);
  if (!m) return undefined;
  const v = Number(m[2]);
  const op = m[1];
  return (n) => (op === '<' ? n < v : op === '>' ? n > v : op === '<=' ? n <= v : op === '>=' ? n >= v : op === '=' ? n === v : n !== v);
}

/** The sections of a format code, split at semicolons outside quotes and escapes. */
function sections(code: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (ch === '"') {
      const end = code.indexOf('"', i + 1);
      const stop = end < 0 ? code.length : end;
      cur += code.slice(i, stop + 1);
      i = stop;
    } else if (ch === '\\') (cur += code.slice(i, i + 2)), i++;
    else if (ch === ';') out.push(cur), (cur = '');
    else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * What a cell shows under a number format with literal text (see the DOCX helpers' formatValue),
 * with currency symbols drawn as literals and a number drawn by the section whose condition it
 * meets (`[>100]"公开";"机密★5年"` draws 5 as 机密★5年: the first two sections are tested in order,
 * else the first section without a condition takes it).
 */
export function formatValue(code: string, value: string, isText: boolean, bareLiterals = false): string | undefined {
  const written = currencyLiterals(code);
  const n = Number(value);
  if (!isText && value.trim() !== '' && Number.isFinite(n) && /\[(<=|>=|<>|<|>|=)/.test(written)) {
    const all = sections(written);
    const tests = all.map(condition);
    if (tests.some(Boolean)) {
      let chosen: string | undefined;
      for (let i = 0; i < Math.min(2, all.length) && chosen === undefined; i++) if (tests[i]?.(n)) chosen = all[i];
      chosen ??= all.slice(0, 3).find((_, i) => !tests[i]);
      // A number no section takes is drawn as #####: no text of its own.
      if (chosen === undefined) return undefined;
      // The chosen section alone draws the number as it is (its sign is the condition's matter).
      return drawFormat(chosen, String(Math.abs(n)), false, bareLiterals);
    }
  }
  return drawFormat(written, value, isText, bareLiterals);
}
