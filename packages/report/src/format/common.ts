/** Small helpers shared by the output formats. */
import type { Box, Finding, FindingLocation } from '@prepub/core';

/** `12,40 180×24 px` */
export function boxText(b: Box): string {
  const r = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return `${r(b.x)},${r(b.y)} ${r(b.width)}×${r(b.height)} ${b.unit}`;
}

/** Location of a finding in words: part/role, page, line:column, paragraph, cell, box, container. */
export function locationText(l: FindingLocation): string {
  const bits: string[] = [];
  bits.push(l.role === l.part ? l.part : `${l.role} ${l.part}`);
  if (!l.visible) bits.push('(not visible)');
  if (l.container?.length) bits.push(`in ${l.container.join(' › ')}`);
  if (l.page !== undefined) bits.push(`page ${l.page}`);
  bits.push(`line ${l.line}:${l.column}`);
  if (l.paragraph !== undefined) bits.push(`${l.blockKind === 'ocr-line' ? 'ocr line' : 'paragraph'} ${l.paragraph}`);
  if (l.cell) bits.push(`cell r${l.cell.row}c${l.cell.column}`);
  bits.push(`chars ${l.start}-${l.end}`);
  if (l.box) bits.push(`box ${boxText(l.box)}`);
  return bits.join(', ');
}

/** Category of a rule id for grouping in bench and HTML filters: the part before the first dot. */
export function ruleFamily(ruleId: string): string {
  const dot = ruleId.indexOf('.');
  return dot < 0 ? ruleId : ruleId.slice(0, dot);
}

/** Findings sorted for display: most severe first, then by score. */
export function sortFindings(fs: Finding[]): Finding[] {
  const rank = { block: 0, review: 1, info: 2 } as const;
  return [...fs].sort((a, b) => rank[a.severity] - rank[b.severity] || b.score - a.score);
}

/** Formats milliseconds for people: 830 ms, 4.2 s, 3 min 5 s. */
export function durationText(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)} min ${s % 60} s`;
}

/** Formats a byte count: 812 B, 14.2 KB, 3.1 MB. */
export function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
