/**
 * The spreadsheet interchange formats Excel and LibreOffice Calc write as text: SYLK (`.slk`, Symbolic
 * Link: `ID;P…` then one `C;X2;Y1;K"机密"` record a cell) and DIF (`.dif`, Data Interchange Format:
 * a header of `TABLE`/`VECTORS`/`TUPLES`/`DATA` items, then each row as `-1,0` `BOT` and each cell as
 * a `type,number` line and a value line). Opened, they show a grid: `密级` in one cell and `机密` in
 * the next stand side by side as a label and its value. Read as plain text, each cell stood on a line
 * of its own among record syntax (`C;X2;Y1;K"机密"`), so such a label and value never met and the
 * file passed. Each is read here as the grid it shows: rows of cells (cell breaks between columns,
 * one for each column skipped), mapped back to the records.
 */
import type { PartOrigin, TextPart } from '@prepub/core';
import { MappedBuilder, lineStartsOf } from './readings.ts';

/** Whether a text file's head is a SYLK file: its first record is `ID;P…`. */
export function looksSylk(head: string): boolean {
  return /^\uFEFF?ID;P/.test(head);
}

/** Whether a text file's head is a DIF file: it opens with the TABLE header item (`TABLE`, `0,1`, a string). */
export function looksDif(head: string): boolean {
  return /^\uFEFF?TABLE\r?\n\s*0\s*,\s*\d+\r?\n"/.test(head);
}

/** Empty columns written as cell breaks between two cells of a row, at most. */
const MAX_SKIP = 64;

/** One piece of a cell's value: `[text, from, to]`, `to < 0` when it stands at `from` unit for unit. */
type Piece = [string, number, number];
interface Cell {
  row: number;
  col: number;
  pieces: Piece[];
  /** Where the cell's record starts. */
  at: number;
  /** Its order among the records (a later record of the same cell replaces it). */
  seq: number;
}

/** The lines of `text` with the offset each starts at (CR LF, LF or CR end a line). */
function linesOf(text: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) continue;
    out.push([text.slice(from, i), from]);
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
    from = i + 1;
  }
  if (from < text.length) out.push([text.slice(from), from]);
  return out;
}

/** Writes the cells as rows (by row, then column), a cell break for each column step, a line break between rows. */
function grid(cells: Cell[], id: string, origin: PartOrigin, lineStarts: Uint32Array): TextPart | undefined {
  if (cells.length === 0) return undefined;
  // The last record of a cell is the one shown.
  const last = new Map<string, Cell>();
  for (const c of cells) last.set(`${c.row},${c.col}`, c);
  const shown = [...last.values()].sort((a, b) => a.row - b.row || a.col - b.col || a.seq - b.seq);
  let minCol = Infinity;
  for (const c of shown) minCol = Math.min(minCol, c.col);
  const out = new MappedBuilder(id, origin);
  let row: number | undefined;
  let col = minCol;
  let any = false;
  for (const c of shown) {
    if (c.row !== row) {
      if (row !== undefined) out.breakLine(c.at, c.at + 1);
      row = c.row;
      col = minCol;
    }
    for (let k = 0; k < Math.min(c.col - col, MAX_SKIP); k++) out.cellBreak(c.at, c.at + 1);
    col = c.col;
    for (const [s, from, to] of c.pieces) {
      if (!s) continue;
      any = true;
      if (to < 0) out.copy(s, from);
      else out.put(s, from, to);
    }
  }
  return any ? out.part(lineStarts) : undefined;
}

/** A quoted value `"…"` at `at` of `s` (`""` is a quote; SYLK writes `;;` for a semicolon in it): its pieces and where it ends. */
function quoted(s: string, base: number, at: number, sylk: boolean): { pieces: Piece[]; end: number } {
  const pieces: Piece[] = [];
  let run = at + 1;
  let i = at + 1;
  for (; i < s.length; i++) {
    const c = s[i];
    if (c === '"' && s[i + 1] === '"') {
      if (i > run) pieces.push([s.slice(run, i), base + run, -1]);
      pieces.push(['"', base + i, base + i + 2]);
      run = ++i + 1;
    } else if (c === '"') break;
    else if (sylk && c === ';' && s[i + 1] === ';') {
      if (i > run) pieces.push([s.slice(run, i), base + run, -1]);
      pieces.push([';', base + i, base + i + 2]);
      run = ++i + 1;
    } else if (sylk && c === ';') break;
  }
  if (i > run) pieces.push([s.slice(run, i), base + run, -1]);
  return { pieces, end: s[i] === '"' ? i + 1 : i };
}

/** The SYLK file as the grid it shows: each `C` record's value (`K`) at its row and column (`Y`, `X`, else the last given). */
export function sylkReading(text: string, id: string, origin: PartOrigin, lineStarts?: Uint32Array): TextPart | undefined {
  const cells: Cell[] = [];
  let x = 1;
  let y = 1;
  for (const [line, base] of linesOf(text)) {
    const type = /^(C|F);/.exec(line);
    if (!type) continue;
    let value: Piece[] | undefined;
    // Fields after the record type, split at single semicolons (`;;` belongs to a value).
    let i = type[0].length;
    while (i < line.length) {
      const f = line[i];
      if (f === 'K' && type[1] === 'C') {
        if (line[i + 1] === '"') {
          const q = quoted(line, base, i + 1, true);
          value = q.pieces;
          i = q.end;
        } else {
          const end = line.indexOf(';', i + 1);
          const v = line.slice(i + 1, end < 0 ? line.length : end);
          value = v ? [[v, base + i + 1, -1]] : [];
          i = end < 0 ? line.length : end;
        }
      } else {
        let end = i + 1;
        while (end < line.length && !(line[end] === ';' && line[end + 1] !== ';')) end += line[end] === ';' ? 2 : 1;
        const n = /^\d+$/.test(line.slice(i + 1, end)) ? Number(line.slice(i + 1, end)) : NaN;
        if (f === 'X' && n > 0) x = n;
        else if (f === 'Y' && n > 0) y = n;
        i = end;
      }
      if (line[i] === ';') i++;
    }
    if (value && value.length) cells.push({ row: y, col: x, pieces: value, at: base, seq: cells.length });
  }
  return grid(cells, id, origin, lineStarts ?? lineStartsOf(text));
}

/**
 * The DIF file as the grid it shows: its header's strings (the table's title) each on a line first,
 * then each tuple (`BOT`) a row of its cells, strings unquoted and numbers as written.
 */
export function difReading(text: string, id: string, origin: PartOrigin, lineStarts?: Uint32Array): TextPart | undefined {
  const lines = linesOf(text);
  const cells: Cell[] = [];
  let k = 0;
  let row = 0;
  // Header items: a name, a `number,number` line, a string; up to DATA.
  for (; k + 2 < lines.length; k += 3) {
    const name = lines[k][0].trim();
    const [s, base] = lines[k + 2];
    if (name === 'DATA') {
      k += 3;
      break;
    }
    if (s.startsWith('"') && s.length > 2) cells.push({ row: row++, col: 1, pieces: quoted(s, base, 0, false).pieces, at: base, seq: cells.length });
  }
  let col = 0;
  for (; k + 1 < lines.length; k += 2) {
    const head = /^\s*(-?\d+)\s*,\s*(\S*)\s*$/.exec(lines[k][0]);
    if (!head) break;
    const [v, base] = lines[k + 1];
    const kind = Number(head[1]);
    if (kind === -1) {
      if (v.trim() === 'EOD') break;
      if (v.trim() === 'BOT') {
        row++;
        col = 0;
      }
      continue;
    }
    col++;
    if (kind === 1) {
      const t = v.trimStart();
      const at = v.length - t.length;
      const pieces = t.startsWith('"') ? quoted(v, base, at, false).pieces : t ? ([[t, base + at, -1]] as Piece[]) : [];
      if (pieces.length) cells.push({ row, col, pieces, at: lines[k][1], seq: cells.length });
    } else if (kind === 0 && v.trim() === 'V' && head[2]) {
      const start = lines[k][0].indexOf(head[2], lines[k][0].indexOf(','));
      cells.push({ row, col, pieces: [[head[2], lines[k][1] + start, -1]], at: lines[k][1], seq: cells.length });
    }
  }
  return grid(cells, id, origin, lineStarts ?? lineStartsOf(text));
}
