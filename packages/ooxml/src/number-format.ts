/** What a spreadsheet number format draws (ECMA-376 Part 1, 18.8.31; OpenDocument number styles read the same way). */

/**
 * What a cell shows under a number format with literal text: the section for the value's sign (or
 * the text section), quoted and escaped literals as written, `@` and the first run of digit
 * placeholders replaced by the stored value. Undefined when the section writes no literal — unless
 * `bareLiterals`: TEXT()'s format in a formula, where LibreOffice and Excel draw unquoted
 * characters (`TEXT(5;"机密★0年")` shows 机密★5年) as they stand.
 */
export function formatValue(code: string, value: string, isText: boolean, bareLiterals = false): string | undefined {
  const sections: string[] = [];
  let cur = '';
  for (let i = 0; i < code.length; i++) {
    const ch = code[i];
    if (ch === '"') {
      const end = code.indexOf('"', i + 1);
      const stop = end < 0 ? code.length : end;
      cur += code.slice(i, stop + 1);
      i = stop;
    } else if (ch === '\\') (cur += code.slice(i, i + 2)), i++;
    else if (ch === ';') (sections.push(cur), (cur = ''));
    else cur += ch;
  }
  sections.push(cur);
  const n = Number(value);
  const section = isText ? (sections.length >= 4 ? sections[3] : undefined) : !Number.isFinite(n) ? undefined : n < 0 && sections.length > 1 ? sections[1] : n === 0 && sections.length > 2 ? sections[2] : sections[0];
  if (section === undefined || (!bareLiterals && !/"[^"]+"|\\./.test(section))) return undefined;
  let out = '';
  let placed = false;
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      const stop = end < 0 ? section.length : end;
      out += section.slice(i + 1, stop);
      i = stop;
    } else if (ch === '\\') (out += section[i + 1] ?? ''), i++;
    else if (ch === '[') i = Math.max(i, section.indexOf(']', i));
    else if (ch === '_' || ch === '*') i++;
    else if (ch === '@' || /[0#?]/.test(ch)) {
      if (!placed) out += isText ? value : String(Math.abs(n));
      placed = true;
      while (i + 1 < section.length && /[0#?,.%]/.test(section[i + 1])) i++;
    } else out += ch;
  }
  return out;
}
