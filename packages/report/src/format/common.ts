/** Small helpers shared by the output formats. */
import { t, type Box, type Finding, type FindingLocation, type Lang } from '@prepub/core';

/** `12,40 180×24 px` */
export function boxText(b: Box): string {
  const r = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));
  return `${r(b.x)},${r(b.y)} ${r(b.width)}×${r(b.height)} ${b.unit}`;
}

/** Location of a finding in words: part/role, page, line:column, paragraph, cell, box, container. */
export function locationText(l: FindingLocation, lang: Lang = 'en'): string {
  return t(lang, 'location', { location: l });
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

/** Formats milliseconds for people: 830 ms, 4.2 s, 3 min 5 s (830 毫秒, 4.2 秒, 3 分 5 秒). */
export function durationText(ms: number, lang: Lang = 'en'): string {
  return t(lang, 'duration', { ms });
}

/** Formats a byte count: 812 B, 14.2 KB, 3.1 MB. */
export function bytesText(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
