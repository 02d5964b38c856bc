import { Allowlist, BUILTIN_DETECTORS, analyze, resolvePolicy, type Block, type Finding, type TextPart } from '@prepub/core';

/** Runs the built-in detectors over one body part (or the given parts) with the default policy. */
export function findingsOf(text: string | TextPart[], ruleId?: string): Finding[] {
  const parts: TextPart[] = typeof text === 'string' ? [{ id: 'body', role: 'body', text, origin: {}, leading: true }] : text;
  const all = analyze(parts, { detectors: [...BUILTIN_DETECTORS], policy: resolvePolicy(), allowlist: new Allowlist([]) });
  return ruleId ? all.filter((f) => f.ruleId.startsWith(ruleId)) : all;
}

/** The worst severity among findings, or 'none'. */
export function worst(fs: Finding[]): string {
  if (fs.some((f) => f.severity === 'block')) return 'block';
  if (fs.some((f) => f.severity === 'review')) return 'review';
  return 'none';
}

/**
 * A body part as a word processor's reader gives a table: a title paragraph, then one cell a line,
 * each a `table-cell` block with its row and column.
 */
export function tablePart(title: string, rows: string[][]): TextPart {
  let text = `${title}\n`;
  const blocks: Block[] = [{ start: 0, end: title.length, kind: 'paragraph', index: 1 }];
  rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      blocks.push({ start: text.length, end: text.length + cell.length, kind: 'table-cell', row: r + 1, column: c + 1, index: blocks.length + 1 });
      text += `${cell}\n`;
    }),
  );
  return { id: 'body', role: 'body', text, origin: {}, leading: true, blocks };
}
