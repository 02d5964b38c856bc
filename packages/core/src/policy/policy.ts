/**
 * Policy: how scores become severities and severities become a verdict; what is allowed; what is
 * waived. Defaults are documented in the README ("Policy").
 */
import type { Finding, Severity, UnreadItem, Verdict, ScanError } from '../types.ts';
import { normalizeTerm } from '../normalize/normalize.ts';
import { renderMessage, verdictReasons, type MessageRef } from '../i18n/index.ts';

/** An allowlist entry: exact text (normalized like the document) or a regular expression. */
export interface AllowEntry {
  text?: string;
  pattern?: string;
  /** Restrict to one rule id or prefix (`term.`, `pii.email`). */
  ruleId?: string;
  reason: string;
}

/** A waiver: one finding (by fingerprint) accepted by a named person until a date. */
export interface Waiver {
  fingerprint: string;
  reason: string;
  approvedBy: string;
  /** ISO date (YYYY-MM-DD); the waiver stops applying after this day. */
  expires: string;
}

/** Policy as written in a policy file; every field optional. */
export interface PolicyInput {
  version?: string;
  thresholds?: { block?: number; review?: number };
  allowlist?: AllowEntry[];
  waivers?: Waiver[];
  /** Verdict for content that was not read: review (default) or block. Never pass. */
  unread?: 'review' | 'block';
  /** Per rule (id or prefix): disable it or cap its severity. */
  rules?: Record<string, { enabled?: boolean; maxSeverity?: Severity }>;
}

export interface Policy {
  version: string;
  thresholds: { block: number; review: number };
  allowlist: AllowEntry[];
  waivers: Waiver[];
  unread: 'review' | 'block';
  rules: Record<string, { enabled?: boolean; maxSeverity?: Severity }>;
}

export const DEFAULT_POLICY: Readonly<Policy> = Object.freeze({
  version: 'default-1',
  thresholds: { block: 0.7, review: 0.45 },
  allowlist: [],
  waivers: [],
  unread: 'review',
  rules: {},
});

/**
 * A mistake in a policy. `message` is English; `ref`, when set, is the same message as a catalogue
 * id with its parameters, for callers that show it in another language (`renderMessage`).
 */
export class PolicyError extends Error {
  readonly ref?: MessageRef;
  constructor(message: string | MessageRef) {
    super(typeof message === 'string' ? message : renderMessage('en', message));
    if (typeof message !== 'string') this.ref = message;
  }
}

/** Validates and completes a policy. Throws {@link PolicyError} with the field at fault. */
export function resolvePolicy(input: PolicyInput = {}): Policy {
  const t = { ...DEFAULT_POLICY.thresholds, ...input.thresholds };
  if (!(t.review > 0 && t.review <= t.block && t.block <= 1)) throw new PolicyError({ id: 'policy.thresholds', params: {} });
  if (input.unread && input.unread !== 'review' && input.unread !== 'block') throw new PolicyError({ id: 'policy.unread', params: {} });
  for (const [i, a] of (input.allowlist ?? []).entries()) {
    if (!a.text && !a.pattern) throw new PolicyError({ id: 'policy.allow-needs-text', params: { index: i } });
    if (!a.reason) throw new PolicyError({ id: 'policy.allow-needs-reason', params: { index: i } });
    if (a.pattern) {
      try {
        new RegExp(a.pattern, 'u');
      } catch (e) {
        throw new PolicyError({ id: 'policy.bad-pattern', params: { index: i, message: (e as Error).message } });
      }
    }
  }
  for (const [i, w] of (input.waivers ?? []).entries()) {
    if (!w.fingerprint || !w.reason || !w.approvedBy || !/^\d{4}-\d{2}-\d{2}$/.test(w.expires ?? '')) {
      throw new PolicyError({ id: 'policy.waiver-fields', params: { index: i } });
    }
  }
  return {
    version: input.version ?? DEFAULT_POLICY.version,
    thresholds: t,
    allowlist: input.allowlist ?? [],
    waivers: input.waivers ?? [],
    unread: input.unread ?? 'review',
    rules: input.rules ?? {},
  };
}

const ORDER: Record<Severity, number> = { info: 0, review: 1, block: 2 };

/** Severity of a scored finding under the policy. */
export function severityFor(policy: Policy, ruleId: string, score: number, maxSeverity: Severity): Severity {
  let cap = maxSeverity;
  for (const [prefix, r] of Object.entries(policy.rules)) {
    if ((ruleId === prefix || ruleId.startsWith(prefix + '.') || (prefix.endsWith('.') && ruleId.startsWith(prefix))) && r.maxSeverity && ORDER[r.maxSeverity] < ORDER[cap]) cap = r.maxSeverity;
  }
  const s: Severity = score >= policy.thresholds.block ? 'block' : score >= policy.thresholds.review ? 'review' : 'info';
  return ORDER[s] <= ORDER[cap] ? s : cap;
}

export function isRuleEnabled(policy: Policy, ruleId: string): boolean {
  for (const [prefix, r] of Object.entries(policy.rules)) {
    if ((ruleId === prefix || ruleId.startsWith(prefix.endsWith('.') ? prefix : prefix + '.')) && r.enabled === false) return false;
  }
  return true;
}

/** Compiled allowlist: exact entries normalized once, patterns compiled once. */
export class Allowlist {
  private readonly entries: Array<{ entry: AllowEntry; text?: string; re?: RegExp }>;
  constructor(entries: AllowEntry[]) {
    this.entries = entries.map((entry) => ({
      entry,
      text: entry.text ? normalizeTerm(entry.text) : undefined,
      re: entry.pattern ? new RegExp(entry.pattern, 'u') : undefined,
    }));
  }
  get size(): number {
    return this.entries.length;
  }
  /**
   * The entry that allows a finding: an exact entry whose occurrence in the normalized text covers
   * the finding's span, or a pattern matching the finding's text or its line. Only the positions
   * where a covering occurrence could start are compared, so the cost per finding does not grow
   * with the text. `line` may be given lazily; for many findings of one text use {@link forText}.
   */
  match(ruleId: string, text: string, start: number, end: number, line: string | (() => string)): AllowEntry | undefined {
    for (let i = 0; i < this.entries.length; i++) {
      const { entry, text: t, re } = this.entries[i];
      if (entry.ruleId && !(ruleId === entry.ruleId || ruleId.startsWith(entry.ruleId))) continue;
      if (t && coveredBy(text, t, start, end)) return entry;
      if (re && (re.test(text.slice(start, end)) || re.test(typeof line === 'string' ? line : (line = line())))) return entry;
    }
    return undefined;
  }

  /**
   * A matcher for the findings of one text: each pattern entry is tried on each line at most once,
   * so a document with many findings on long lines costs time linear in its size.
   */
  forText(text: string, lines: { lineOf(pos: number): number; lineText(line: number): string }): (ruleId: string, start: number, end: number) => AllowEntry | undefined {
    const lineResults = this.entries.map(() => new Map<number, boolean>());
    return (ruleId, start, end) => {
      let lineNo = -1;
      for (let i = 0; i < this.entries.length; i++) {
        const { entry, text: t, re } = this.entries[i];
        if (entry.ruleId && !(ruleId === entry.ruleId || ruleId.startsWith(entry.ruleId))) continue;
        if (t && coveredBy(text, t, start, end)) return entry;
        if (!re) continue;
        if (re.test(text.slice(start, end))) return entry;
        if (lineNo < 0) lineNo = lines.lineOf(start);
        let onLine = lineResults[i].get(lineNo);
        if (onLine === undefined) lineResults[i].set(lineNo, (onLine = re.test(lines.lineText(lineNo))));
        if (onLine) return entry;
      }
      return undefined;
    };
  }
}

/** Whether an occurrence of `t` in `text` covers [start, end): only starts in [end - |t|, start] can. */
function coveredBy(text: string, t: string, start: number, end: number): boolean {
  if (end - start > t.length) return false;
  for (let at = Math.max(0, end - t.length); at <= start; at++) if (text.startsWith(t, at)) return true;
  return false;
}

/** Applies waivers: a waived finding is kept, marked suppressed, with who approved it and why. */
export function findWaiver(policy: Policy, fingerprint: string, today: string): Waiver | undefined {
  return policy.waivers.find((w) => w.fingerprint === fingerprint && w.expires >= today);
}

/** The verdict for a document and one reason line per cause. Unread content never passes. */
export function decideVerdict(
  policy: Policy,
  findings: readonly Finding[],
  unread: readonly UnreadItem[],
  errors: readonly ScanError[],
): { verdict: Verdict; reasons: string[] } {
  let verdict: Verdict = 'pass';
  const raise = (v: Verdict): void => {
    if (v === 'block' || (v === 'review' && verdict === 'pass')) verdict = v;
  };
  if (findings.some((f) => !f.suppressed && f.severity === 'block')) raise('block');
  if (findings.some((f) => !f.suppressed && f.severity === 'review')) raise('review');
  if (unread.length) raise(policy.unread);
  if (errors.length) raise('review');
  // The reason lines come from the message catalogue (English here; reports re-render them).
  const reasons = verdictReasons('en', verdict, findings, unread, errors);
  return { verdict, reasons };
}
