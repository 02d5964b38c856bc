/** What a number format draws: the reader lives with the DOCX package helpers, whose charts use it too. */
import { formatSections as sections, formatValue as drawFormat } from '@prepub/extract-docx/number-format';

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

/**
 * What a cell shows under a number format with literal text (see the DOCX helpers' formatValue),
 * with currency symbols drawn as literals and a number drawn by the section whose condition it
 * meets (`[>100]"公开";"机密★5年"` draws 5 as 机密★5年: the first two sections are tested in order,
 * else the first section without a condition takes it).
 */
export function formatValue(code: string, value: string, isText: boolean, bareLiterals = false): string | undefined {
  const written = currencyLiterals(code);
  const n = Number(value);
  const date = !isText && value.trim() !== '' && Number.isFinite(n) ? dateText(pickSection(written, n), n) : undefined;
  if (date !== undefined) return date;
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

/** The section of `code` that draws the number `n`: by its conditions, else by its sign. */
function pickSection(code: string, n: number): string {
  const all = sections(code);
  const tests = all.map(condition);
  if (tests.some(Boolean)) {
    for (let i = 0; i < Math.min(2, all.length); i++) if (tests[i]?.(n)) return all[i];
    return all.slice(0, 3).find((_, i) => !tests[i]) ?? '';
  }
  return n < 0 && all.length > 1 ? all[1] : n === 0 && all.length > 2 ? all[2] : all[0];
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * What a date or time section with literal text draws of the serial number `n` (1900 date system):
 * `"机密★"yyyy"年"m"月"d"日"` over 46022 draws 机密★2025年12月31日. Undefined when the section
 * draws no date or time, or writes no literal text (the value is then read as stored).
 */
function dateText(section: string, n: number): string | undefined {
  const bare = section.replace(/"[^"]*"?|\\[\s\S]|\[[^\]]*\]/g, '');
  if (!/[yd]|m{1,2}(?![^\s]*s)|[hs]/i.test(bare) || !/[ydhs]/i.test(bare) || n < 0 || n > 2958465) return undefined;
  if (!/"[^"]+"|\\./.test(section) && !/[^\x00-\x7f]/.test(bare)) return undefined;
  // Serials before 61 count from 31 December 1899 (Excel's 29 February 1900 that never was).
  const when = new Date(Date.UTC(1899, 11, n < 61 ? 31 : 30) + Math.round(n * 86400000));
  const pad = (v: number) => String(v).padStart(2, '0');
  let out = '';
  let lastHour = false;
  for (let i = 0; i < section.length; ) {
    const ch = section[i];
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      out += section.slice(i + 1, end < 0 ? section.length : end);
      i = end < 0 ? section.length : end + 1;
      continue;
    }
    if (ch === '\\') {
      out += section[i + 1] ?? '';
      i += 2;
      continue;
    }
    if (ch === '[') {
      i = section.indexOf(']', i) < 0 ? section.length : section.indexOf(']', i) + 1;
      continue;
    }
    const run = /^(y+|m+|d+|h+|s+|AM\/PM|A\/P)/i.exec(section.slice(i))?.[0];
    if (!run) {
      if (ch !== '_' && ch !== '*') out += ch;
      i += ch === '_' || ch === '*' ? 2 : 1;
      continue;
    }
    const k = run[0].toLowerCase();
    const len = run.length;
    if (k === 'y') out += len <= 2 ? pad(when.getUTCFullYear() % 100) : String(when.getUTCFullYear());
    else if (k === 'd') out += len === 1 ? String(when.getUTCDate()) : len === 2 ? pad(when.getUTCDate()) : len === 3 ? DAYS[when.getUTCDay()].slice(0, 3) : DAYS[when.getUTCDay()];
    else if (k === 'h') out += len === 1 ? String(when.getUTCHours()) : pad(when.getUTCHours());
    else if (k === 's') out += len === 1 ? String(when.getUTCSeconds()) : pad(when.getUTCSeconds());
    else if (k === 'm') {
      // Minutes right after hours or right before seconds, else the month.
      const minutes = lastHour || /^[^ydhm"]*s/i.test(section.slice(i + len));
      const v = minutes ? when.getUTCMinutes() : when.getUTCMonth() + 1;
      out += minutes ? (len === 1 ? String(v) : pad(v)) : len === 1 ? String(v) : len === 2 ? pad(v) : len === 3 ? MONTHS[v - 1].slice(0, 3) : MONTHS[v - 1];
    } else out += '';
    lastHour = k === 'h';
    i += len;
  }
  return out;
}
