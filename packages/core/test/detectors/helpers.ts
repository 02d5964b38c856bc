import { Allowlist, BUILTIN_DETECTORS, analyze, resolvePolicy, type Finding, type TextPart } from '@prepub/core';

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
