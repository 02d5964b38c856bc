/** What a spreadsheet number format draws (ECMA-376 Part 1, 18.8.31; OpenDocument number styles read the same way). */
import { PartBuilder, type PartRole, type TextPart } from '@prepub/core';
import { localName, parseXml } from './xml.ts';

/** The sections of a number format (`pos;neg;zero;text`), split at semicolons outside quotes and escapes. */
export function formatSections(code: string): string[] {
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
    else if (ch === ';') (out.push(cur), (cur = ''));
    else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * What a cell shows under a number format with literal text: the section for the value's sign (or
 * the text section), quoted and escaped literals as written, `@` and the first run of digit
 * placeholders replaced by the stored value. Undefined when the section writes no literal — unless
 * `bareLiterals`: TEXT()'s format in a formula, where LibreOffice and Excel draw unquoted
 * characters (`TEXT(5;"机密★0年")` shows 机密★5年) as they stand.
 */
export function formatValue(code: string, value: string, isText: boolean, bareLiterals = false): string | undefined {
  const sections = formatSections(code);
  const n = Number(value);
  // Text takes the fourth section; a format of fewer sections draws text through the first section
  // that places it (`"机"@` over 密★5年 shows 机密★5年, as Excel and LibreOffice draw it).
  const section = isText ? (sections.length >= 4 ? sections[3] : sections.find(placesText)) : !Number.isFinite(n) ? undefined : n < 0 && sections.length > 1 ? sections[1] : n === 0 && sections.length > 2 ? sections[2] : sections[0];
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

/** A section that places a text value: an `@` outside quotes and escapes. */
function placesText(section: string): boolean {
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      if (end < 0) return false;
      i = end;
    } else if (ch === '\\') i++;
    else if (ch === '@') return true;
  }
  return false;
}

/** Distinct numbers a chart's shown labels are drawn from, at most; and lines a part's formats may write. */
const MAX_CHART_VALUES = 32;
const MAX_FORMAT_LINES = 2000;
const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * What the number formats of a chart (DrawingML `c:chartSpace`, `cx:chartSpace`) show: a data
 * label's or an axis's `numFmt formatCode`, a value cache's `formatCode`, a chartex dimension's
 * `formatCode`. A format with literal text (`"机密★5年 "0`) writes it on every label it draws,
 * so each such format is drawn, as {@link formatValue} does for a cell, over the numbers the
 * part holds (its cached values) and a zero, a positive and a negative value (an axis draws
 * numbers the cache does not hold, and each sign has a section of its own). One line per label;
 * an empty list when no format writes literal text. The format code alone, as written, quotes its
 * literal and would read as a mention of a marking, not as the label a reader sees.
 */
export function chartFormatLines(xml: string): string[] {
  if (!/formatCode/.test(xml)) return [];
  const codes = new Set<string>();
  const values = new Set<string>();
  let inCode = false;
  let code = '';
  let text = '';
  parseXml(xml, {
    open(name, a) {
      for (const k in a) if (localName(k) === 'formatCode' && a[k].trim()) codes.add(a[k]);
      if (name === 'formatCode') (inCode = true), (code = '');
      text = '';
    },
    close(name) {
      if (name === 'formatCode' && inCode) {
        if (code.trim()) codes.add(code);
        inCode = false;
      }
      const t = text.trim();
      if (t && NUMBER.test(t) && values.size < MAX_CHART_VALUES) values.add(String(Number(t)));
      text = '';
    },
    text(t) {
      if (inCode) code += t;
      text += t;
    },
  });
  const lines = new Set<string>();
  for (const c of codes) {
    for (const v of [...values, '1', '0', '-1']) {
      if (lines.size >= MAX_FORMAT_LINES) break;
      const shown = formatValue(c, v, false);
      if (shown !== undefined && shown.trim()) lines.add(shown.trim());
    }
  }
  return [...lines];
}

/** {@link chartFormatLines} as a part of its own beside the chart's (same role), or undefined when no format writes text. */
export function chartFormatsPart(xml: string, id: string, role: PartRole, detail: string, filePart: string): TextPart | undefined {
  const lines = chartFormatLines(xml);
  if (!lines.length) return undefined;
  const b = new PartBuilder(`${id}#number-formats`, role, { filePart, detail: `${detail}: labels its number formats draw` });
  for (const line of lines) b.append(line), b.endParagraph({ kind: 'paragraph' });
  return b.toPart();
}
