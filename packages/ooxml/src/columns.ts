/** Characters written down a column of a table, a cell each. */

/** A cell of a table: where it stands and what it shows. */
export interface ShownCell {
  row: number;
  column: number;
  value: string;
}

/**
 * Runs of one-character cells down a column, in consecutive rows (机 密 ★ 5 年 in A1–A5 beside a
 * table's other columns): read a row at a time, each is a character on a line of its own among
 * other cells, but the column shows them as one vertical line. Only runs of two and more where some
 * row holds another cell (a column standing alone already reads a character per line).
 */
export function columnRuns(cells: readonly ShownCell[]): ShownCell[][] {
  const byColumn = new Map<number, ShownCell[]>();
  const perRow = new Map<number, number>();
  for (const c of cells) {
    if (!c.value.trim()) continue;
    perRow.set(c.row, (perRow.get(c.row) ?? 0) + 1);
    if ([...c.value.trim()].length !== 1) continue;
    const list = byColumn.get(c.column);
    if (list) list.push(c);
    else byColumn.set(c.column, [c]);
  }
  const out: ShownCell[][] = [];
  for (const list of byColumn.values()) {
    list.sort((a, b) => a.row - b.row);
    let run: ShownCell[] = [];
    const flush = () => {
      if (run.length >= 2 && run.some((c) => (perRow.get(c.row) ?? 0) > 1)) out.push(run);
      run = [];
    };
    for (const c of list) {
      const prev = run[run.length - 1];
      if (prev && c.row !== prev.row + 1) flush();
      if (!prev || c.row !== prev.row) run.push(c);
    }
    flush();
  }
  return out;
}
